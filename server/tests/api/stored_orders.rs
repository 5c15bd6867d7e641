//! Every order ever stored stays readable and renders on its status page.
//! Fixtures hold orders of each snapshot schema as their release stored
//! them: schema 1 (one configured product, before the cart), as rows and as
//! a whole database of the release of 2026-12-01 (migrated on start), and
//! schema 2 (an order of three lines from a cart).

use crate::helpers::{fresh_database, spawn_on, Db, TestApp};
use crate::on_both_databases;
use app::orders::OrderView;
use serde_json::Value;

const FIXTURE: &str = include_str!("../fixtures/orders-schema-1.json");
const FIXTURE_2: &str = include_str!("../fixtures/orders-schema-2.json");

fn fixture_orders() -> Vec<Value> {
    let fixture: Value = serde_json::from_str(FIXTURE).unwrap();
    fixture["orders"].as_array().unwrap().clone()
}

/// Stores a fixture's rows as they are (orders, their lines when the
/// fixture has them, and status events).
async fn insert_rows(pool: &sqlx::AnyPool, fixture: &Value) {
    for order in fixture["orders"].as_array().unwrap() {
        let text = |k: &str| order[k].as_str().map(str::to_owned);
        let int = |k: &str| order[k].as_i64();
        sqlx::query(
            "INSERT INTO orders (id, token, idempotency_key, request_digest, catalog_version,
                 product_id, quantity, currency, total_minor, production_line, production_start,
                 earliest, latest, email, status, snapshot, created_at, cart_id, cart_revision)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)",
        )
        .bind(text("id"))
        .bind(text("token"))
        .bind(text("idempotency_key"))
        .bind(text("request_digest"))
        .bind(int("catalog_version"))
        .bind(text("product_id"))
        .bind(int("quantity"))
        .bind(text("currency"))
        .bind(int("total_minor"))
        .bind(text("production_line"))
        .bind(text("production_start"))
        .bind(text("earliest"))
        .bind(text("latest"))
        .bind(text("email"))
        .bind(text("status"))
        .bind(order["snapshot"].to_string())
        .bind(text("created_at"))
        .bind(text("cart_id"))
        .bind(int("cart_revision"))
        .execute(pool)
        .await
        .unwrap();
    }
    for line in fixture["order_lines"].as_array().into_iter().flatten() {
        let text = |k: &str| line[k].as_str().unwrap().to_owned();
        let int = |k: &str| line[k].as_i64().unwrap();
        sqlx::query(
            "INSERT INTO order_lines (order_id, line_no, product_id, quantity, total_minor,
                 production_line, production_start, earliest, latest)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(text("order_id"))
        .bind(int("line_no"))
        .bind(text("product_id"))
        .bind(int("quantity"))
        .bind(int("total_minor"))
        .bind(text("production_line"))
        .bind(text("production_start"))
        .bind(text("earliest"))
        .bind(text("latest"))
        .execute(pool)
        .await
        .unwrap();
    }
    for event in fixture["events"].as_array().unwrap() {
        sqlx::query("INSERT INTO order_events (order_id, seq, status, at) VALUES ($1, $2, $3, $4)")
            .bind(event["order_id"].as_str().unwrap())
            .bind(event["seq"].as_i64().unwrap())
            .bind(event["status"].as_str().unwrap())
            .bind(event["at"].as_str().unwrap())
            .execute(pool)
            .await
            .unwrap();
    }
}

/// What each fixture order's status page must show (English).
fn expected_texts(order: &Value) -> Vec<String> {
    let snapshot = &order["snapshot"];
    let mut texts = vec![
        order["id"].as_str().unwrap().to_owned(),
        format!(
            "Your order: {}",
            snapshot["product_name"]["en"].as_str().unwrap()
        ),
        snapshot["customer"]["name"].as_str().unwrap().to_owned(),
    ];
    for row in snapshot["lines"].as_array().unwrap() {
        texts.push(row["label"]["en"].as_str().unwrap().to_owned());
        let value = row["value_label"]["en"].as_str().unwrap();
        texts.push(value.replace('&', "&amp;").replace('<', "&lt;"));
    }
    texts
}

async fn assert_renders(app: &TestApp, order: &Value) {
    let token = order["token"].as_str().unwrap();
    let page = app.get(&format!("/orders/{token}?lang=en")).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    for text in expected_texts(order) {
        assert!(
            html.contains(&text),
            "the status page of {} lacks {text:?}",
            order["id"]
        );
    }
    let response = app
        .client
        .post(format!("{}/api/order", app.address))
        .form(&[("token", token)])
        .send()
        .await
        .unwrap();
    let view: OrderView = response.json().await.unwrap();
    let snapshot = &view.snapshot;
    assert_eq!(snapshot.schema, 1);
    assert_eq!(snapshot.lines.len(), 1);
    let line = &snapshot.lines[0];
    assert_eq!(line.product, order["product_id"].as_str().unwrap());
    assert_eq!(
        line.production_line,
        order["production_line"].as_str().unwrap()
    );
    assert_eq!(snapshot.total, order["total_minor"].as_i64().unwrap());
    assert_eq!(
        snapshot.earliest.to_string(),
        order["earliest"].as_str().unwrap()
    );
    assert_eq!(line.price.total, snapshot.total);
}

#[tokio::test]
async fn a_database_of_the_one_line_release_is_migrated_and_its_orders_render() {
    let dir = std::env::temp_dir().join("atelier-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let copy = dir.join(format!("schema-1-{}.db", std::process::id()));
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/orders-schema-1.db"
        ),
        &copy,
    )
    .unwrap();
    let url = format!("sqlite://{}?mode=rwc", copy.display());
    let app = spawn_on(&url, &[]).await;
    for order in fixture_orders() {
        assert_renders(&app, &order).await;
    }
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    // The migration gave every order its line.
    let lines: Vec<(String, i64, String, i64)> = sqlx::query_as(
        "SELECT order_id, line_no, product_id, quantity FROM order_lines ORDER BY order_id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let expected: Vec<(String, i64, String, i64)> = fixture_orders()
        .iter()
        .map(|o| {
            (
                o["id"].as_str().unwrap().to_owned(),
                1,
                o["product_id"].as_str().unwrap().to_owned(),
                o["quantity"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(lines, expected);
    // The upgraded guard protects old orders and their lines.
    for tamper in [
        "UPDATE orders SET snapshot = '{}'",
        "UPDATE orders SET cart_id = 'x'",
        "UPDATE order_lines SET quantity = 9",
        "DELETE FROM order_lines",
    ] {
        let error = sqlx::query(tamper).execute(&pool).await.unwrap_err();
        assert!(
            error
                .to_string()
                .contains(atelier_server::db::IMMUTABLE_ORDER),
            "{tamper}: {error}"
        );
    }
}

on_both_databases!(
    schema_1_orders_render_on_their_status_page,
    |db: Db| async move {
        let Some(url) = fresh_database(db).await else {
            return;
        };
        let app = spawn_on(&url, &[]).await;
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&url).await.unwrap();
        insert_rows(&pool, &serde_json::from_str(FIXTURE).unwrap()).await;
        for order in fixture_orders() {
            assert_renders(&app, &order).await;
        }
        // Cancelling an old order gives back the components its estimate
        // reserved (2 gold, 2 sapphires).
        sqlx::query("UPDATE components SET reserved = 5 WHERE id IN ('gold-585', 'sapphire')")
            .execute(&pool)
            .await
            .unwrap();
        let owner = crate::admin::person(&pool, app::admin::Role::Owner).await;
        let cookie = app.sign_in(&owner, crate::admin::PASSWORD).await;
        let (status, page) = app
            .step(
                &cookie,
                "2026-000001",
                app::orders::Status::Received,
                &[("action", "cancel"), ("reason", "Asked by the customer")],
            )
            .await;
        assert_eq!(status, 303, "{page}");
        let reserved: Vec<(String, i64)> = sqlx::query_as(
            "SELECT id, reserved FROM components WHERE id IN ('gold-585', 'sapphire') ORDER BY id",
        )
        .fetch_all(&pool)
        .await
        .unwrap();
        assert_eq!(
            reserved,
            vec![("gold-585".to_owned(), 3), ("sapphire".to_owned(), 3)]
        );
    }
);

on_both_databases!(
    schema_2_orders_render_every_line_on_their_status_page,
    |db: Db| async move {
        let Some(url) = fresh_database(db).await else {
            return;
        };
        let app = spawn_on(&url, &[]).await;
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&url).await.unwrap();
        let fixture: Value = serde_json::from_str(FIXTURE_2).unwrap();
        insert_rows(&pool, &fixture).await;
        let order = &fixture["orders"][0];
        let snapshot = &order["snapshot"];
        assert_eq!(snapshot["schema"], 2);
        let token = order["token"].as_str().unwrap();
        let html = app
            .get(&format!("/orders/{token}?lang=en"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            html.contains("Your order: 3 items"),
            "the title counts the lines"
        );
        let lines = snapshot["lines"].as_array().unwrap();
        assert_eq!(lines.len(), 3);
        for line in lines {
            assert!(html.contains(line["product_name"]["en"].as_str().unwrap()));
            for row in line["spec"].as_array().unwrap() {
                let value = row["value_label"]["en"].as_str().unwrap();
                let escaped = value.replace('&', "&amp;").replace('<', "&lt;");
                assert!(html.contains(&escaped), "the status page lacks {value:?}");
            }
            let total = engine::pricing::format_money(
                line["price"]["total"].as_i64().unwrap(),
                "EUR",
                engine::Lang::En,
            );
            assert!(html.contains(&total), "the line's total {total}");
        }
        let total = engine::pricing::format_money(
            snapshot["total"].as_i64().unwrap(),
            "EUR",
            engine::Lang::En,
        );
        assert!(html.contains(&total), "the order's total {total}");
        let response = app
            .client
            .post(format!("{}/api/order", app.address))
            .form(&[("token", token)])
            .send()
            .await
            .unwrap();
        let view: OrderView = response.json().await.unwrap();
        assert_eq!(view.snapshot.lines.len(), 3);
        assert_eq!(
            view.snapshot.lines[2].components.len(),
            lines[2]["components"].as_array().unwrap().len()
        );
    }
);
