//! Erasure on request over HTTP and in the database: only an owner, only a
//! settled order, only when confirmed; the customer's name, contact and
//! address leave the snapshot, the searchable copies and the outbox while
//! the specification stays; and the database's order guard lets exactly
//! that change through and nothing else.

use crate::admin::{person, PASSWORD};
use crate::helpers::{spawn_with_pool, Db, TestApp};
use crate::on_both_databases;
use app::admin::Role;
use app::orders::Status;
use atelier_server::db::{erased_customer, Backend, IMMUTABLE_ORDER};
use serde_json::Value;

async fn start(db: Db) -> Option<(TestApp, sqlx::AnyPool)> {
    spawn_with_pool(db, &[]).await
}

/// How many of `order`'s events there are, and of their mail files in `folder`.
async fn mail_files(pool: &sqlx::AnyPool, folder: &std::path::Path, order: &str) -> (usize, usize) {
    let events: Vec<(String,)> = sqlx::query_as("SELECT id FROM outbox WHERE order_id = $1")
        .bind(order)
        .fetch_all(pool)
        .await
        .unwrap();
    let files = events
        .iter()
        .filter(|(id,)| folder.join(format!("{id}.eml")).is_file())
        .count();
    (events.len(), files)
}

/// Waits until no mail is still to be written.
pub(crate) async fn settle_mail(pool: &sqlx::AnyPool) {
    let start = std::time::Instant::now();
    loop {
        let (pending,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM deliveries WHERE channel = 'mail' AND state = 'pending'",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        if pending == 0 {
            return;
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(30),
            "mail was not written"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// What an order holds: email, customer name, erased at, snapshot.
type Row = (String, String, Option<String>, String);

async fn row(pool: &sqlx::AnyPool, number: &str) -> Row {
    sqlx::query_as("SELECT email, customer_name, erased_at, snapshot FROM orders WHERE id = $1")
        .bind(number)
        .fetch_one(pool)
        .await
        .expect("the order")
}

async fn payloads(pool: &sqlx::AnyPool, number: &str) -> Vec<Value> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT payload FROM outbox ORDER BY created_at")
        .fetch_all(pool)
        .await
        .unwrap();
    rows.iter()
        .map(|(p,)| serde_json::from_str::<Value>(p).unwrap())
        .filter(|p| p["order"] == number)
        .collect()
}

/// `snapshot` with its customer taken out.
fn without_customer(snapshot: &str) -> Value {
    let mut value: Value = serde_json::from_str(snapshot).unwrap();
    value.as_object_mut().unwrap().remove("customer");
    value
}

fn erased(customer: &Value) {
    for field in ["name", "email", "phone", "street", "postal_code", "city"] {
        assert_eq!(customer[field], "", "{field} is empty: {customer}");
    }
    assert_eq!(customer["country"], "DE", "the country stays");
}

impl TestApp {
    async fn erase(&self, cookie: &str, number: &str, confirm: bool) -> (u16, String) {
        let form: &[(&str, &str)] = if confirm { &[("confirm", "yes")] } else { &[] };
        let response = self
            .post_form(
                &format!("/admin/orders/{number}/erase?lang=en"),
                Some(cookie),
                form,
            )
            .await;
        let status = response.status().as_u16();
        (status, response.text().await.unwrap())
    }
}

on_both_databases!(
    an_owner_erases_a_settled_orders_personal_data,
    |db: Db| async move {
        let mail = crate::helpers::mail_folder();
        let folder = mail.display().to_string();
        let Some((app, pool)) = spawn_with_pool(db, &[("ATELIER_MAIL_DIR", &folder)]).await else {
            return;
        };
        let owner = app
            .sign_in(&person(&pool, Role::Owner).await, PASSWORD)
            .await;
        let staff = app
            .sign_in(&person(&pool, Role::Staff).await, PASSWORD)
            .await;
        let (number, token) = app.ring_order("erase-1").await;
        let (other, _) = app.ring_order("erase-2").await;
        let placed = row(&pool, &number).await;
        assert_eq!(placed.0, "erika@example.de");

        let (status, page) = app.erase(&owner, &number, true).await;
        assert_eq!(status, 409, "an order still to be made keeps its address");
        assert!(page.contains("its address is still needed"), "{page}");
        let (status, page) = app
            .step(
                &owner,
                &number,
                Status::Received,
                &[("action", "reject"), ("reason", "Out of rubies")],
            )
            .await;
        assert_eq!(status, 303, "{page}");
        let rejected = row(&pool, &number).await;
        assert_eq!(rejected.3, placed.3);

        let (status, _) = app.erase(&staff, &number, true).await;
        assert_eq!(status, 403, "only an owner erases");
        let (status, page) = app.erase(&owner, &number, false).await;
        assert_eq!(status, 422);
        assert!(page.contains("Please confirm"), "{page}");
        assert_eq!(row(&pool, &number).await, rejected, "nothing changed");

        settle_mail(&pool).await;
        assert_eq!(
            mail_files(&pool, &mail, &number).await,
            (2, 2),
            "confirmation and rejection written"
        );
        let (status, _) = app.erase(&owner, &number, true).await;
        assert_eq!(status, 303);
        assert_eq!(
            mail_files(&pool, &mail, &number).await,
            (2, 0),
            "the erased order's mail is gone"
        );
        assert_eq!(
            mail_files(&pool, &mail, &other).await,
            (1, 1),
            "another order's mail stays"
        );
        let (email, name, erased_at, snapshot) = row(&pool, &number).await;
        assert_eq!((email.as_str(), name.as_str()), ("", ""));
        assert!(erased_at.is_some());
        let (by,): (String,) = sqlx::query_as(
            "SELECT users.role FROM orders JOIN users ON users.id = orders.erased_by WHERE orders.id = $1",
        )
        .bind(&number)
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!(by, "owner");
        erased(&serde_json::from_str::<Value>(&snapshot).unwrap()["customer"]);
        assert_eq!(
            without_customer(&snapshot),
            without_customer(&placed.3),
            "the specification stays"
        );
        let events = payloads(&pool, &number).await;
        assert_eq!(events.len(), 2, "placed and rejected");
        for event in &events {
            erased(&event["snapshot"]["customer"]);
        }
        let untouched = payloads(&pool, &other).await;
        assert_eq!(
            untouched[0]["snapshot"]["customer"]["name"],
            "Erika Mustermann"
        );
        assert_eq!(row(&pool, &other).await.1, "Erika Mustermann");

        let (status, page) = app
            .page_text(&format!("/admin/orders/{number}?lang=en"), &owner)
            .await;
        assert_eq!(status, 200);
        assert!(page.contains("Personal data erased on request."));
        assert!(!page.contains("Mustermann") && !page.contains("Hauptstraße"));
        let status_page = app.get(&format!("/orders/{token}?lang=en")).await;
        assert_eq!(status_page.status(), 200);
        let status_page = status_page.text().await.unwrap();
        assert!(status_page.contains(&number) && !status_page.contains("Mustermann"));
        let (status, page) = app.erase(&owner, &number, true).await;
        assert_eq!(status, 409);
        assert!(page.contains("already been erased"));
    }
);

on_both_databases!(
    the_order_guard_allows_erasure_and_nothing_else,
    |db: Db| async move {
        let backend = match db {
            Db::Sqlite => Backend::Sqlite,
            Db::Postgres => Backend::Postgres,
        };
        let Some((app, pool)) = start(db).await else {
            return;
        };
        let owner = person(&pool, Role::Owner).await;
        let (owner_id,): (String,) = sqlx::query_as("SELECT id FROM users WHERE email = $1")
            .bind(&owner)
            .fetch_one(&pool)
            .await
            .unwrap();
        let (number, _) = app.ring_order("guard-1").await;
        let placed = row(&pool, &number).await;
        let erase = erased_customer(backend, "snapshot", &[]);
        let other_total = match backend {
            Backend::Sqlite => format!("json_set({erase}, '$.total', 1)"),
            Backend::Postgres => format!("jsonb_set(({erase})::jsonb, '{{total}}', '1')::text"),
        };
        let set = |snapshot: &str, email: &str, name: &str| {
            format!(
                "UPDATE orders SET snapshot = {snapshot}, email = '{email}', customer_name = '{name}', \
                 erased_at = '2026-12-03T10:00:00Z', erased_by = '{owner_id}' WHERE id = '{number}'"
            )
        };
        for tamper in [
            "UPDATE orders SET email = 'mallory@example.de'".to_owned(),
            "UPDATE orders SET customer_name = 'Mallory'".to_owned(),
            "UPDATE orders SET erased_at = '2026-12-03T10:00:00Z'".to_owned(),
            format!("UPDATE orders SET snapshot = {erase}"),
            set(&other_total, "", ""),
            set(&erase, "erika@example.de", ""),
            set("snapshot", "", ""),
            format!(
                "UPDATE orders SET snapshot = {erase}, email = '', customer_name = '', \
                 erased_at = '2026-12-03T10:00:00Z' WHERE id = '{number}'"
            ),
        ] {
            let error = sqlx::query(sqlx::AssertSqlSafe(tamper.clone()))
                .execute(&pool)
                .await
                .expect_err(&tamper);
            assert!(
                error.to_string().contains(IMMUTABLE_ORDER),
                "{tamper}: {error}"
            );
            assert_eq!(row(&pool, &number).await, placed, "{tamper}");
        }
        // The erasure itself passes (the database does not ask for a
        // settled order: that is the server's rule), and only once (run
        // again as it was, it changes nothing and passes).
        let erasure = set(&erase, "", "");
        sqlx::query(sqlx::AssertSqlSafe(erasure.clone()))
            .execute(&pool)
            .await
            .expect("an erasure is allowed");
        let after = row(&pool, &number).await;
        erased(&serde_json::from_str::<Value>(&after.3).unwrap()["customer"]);
        for again in [
            erasure.replace("2026-12-03T10:00:00Z", "2027-01-01T00:00:00Z"),
            "UPDATE orders SET erased_at = NULL".to_owned(),
            "UPDATE orders SET email = 'erika@example.de'".to_owned(),
        ] {
            let error = sqlx::query(sqlx::AssertSqlSafe(again.clone()))
                .execute(&pool)
                .await
                .expect_err(&again);
            assert!(
                error.to_string().contains(IMMUTABLE_ORDER),
                "{again}: {error}"
            );
        }
        assert_eq!(row(&pool, &number).await, after);
        // The status stays writable.
        sqlx::query("UPDATE orders SET status = 'cancelled' WHERE id = $1")
            .bind(&number)
            .execute(&pool)
            .await
            .expect("status changes pass");
    }
);
