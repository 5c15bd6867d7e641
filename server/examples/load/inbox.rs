//! The inbox at scale: fills the database up to `target` orders (copies of
//! the orders the load placed, spread over the past year and every status),
//! signs an owner in, and measures inbox pages: the newest, one deep in the
//! past by its keyset cursor, a status filter, a product filter, searches
//! by e-mail and by name, and the overview.

use super::{run, Phase};
use app::admin::Role;
use app::orders::Status;
use std::time::Duration;

const PASSWORD: &str = "a long enough load password";

/// Copies placed orders until there are `target`.
pub async fn fill(database_url: &str, target: i64) -> anyhow::Result<sqlx::AnyPool> {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(database_url).await?;
    let (have,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM orders")
        .fetch_one(&pool)
        .await?;
    let sources: Vec<(String,)> = sqlx::query_as("SELECT id FROM orders ORDER BY id LIMIT 50")
        .fetch_all(&pool)
        .await?;
    anyhow::ensure!(!sources.is_empty(), "the load placed no orders to copy");
    let now = jiff::Timestamp::now();
    let mut tx = pool.begin().await?;
    for n in have..target {
        let source = &sources[n as usize % sources.len()].0;
        let id = format!("L{n:07}");
        // One order every 5 minutes backwards: a year is about 100,000.
        let at = now
            .checked_sub(jiff::SignedDuration::from_secs(n * 300))?
            .to_string();
        let status = Status::ALL[n as usize % Status::ALL.len()].as_str();
        sqlx::query(
            "INSERT INTO orders (id, token, idempotency_key, request_digest, catalog_version,
                 product_id, quantity, currency, total_minor, production_line, production_start,
                 earliest, latest, email, status, snapshot, created_at, customer_name)
             SELECT $1, $2, $3, request_digest, catalog_version, product_id, quantity, currency,
                 total_minor, production_line, production_start, earliest, latest, $4, $5,
                 snapshot, $6, $7 FROM orders WHERE id = $8",
        )
        .bind(&id)
        .bind(format!("load-token-{n}"))
        .bind(format!("load-key-{n}"))
        .bind(format!("kunde{n}@example.de"))
        .bind(status)
        .bind(&at)
        .bind(format!("Kundin {n}"))
        .bind(source)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO order_lines (order_id, line_no, product_id, quantity, total_minor,
                 production_line, production_start, earliest, latest)
             SELECT $1, line_no, product_id, quantity, total_minor, production_line,
                 production_start, earliest, latest FROM order_lines WHERE order_id = $2",
        )
        .bind(&id)
        .bind(source)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    atelier_server::back_office::search::index_missing(&pool).await?;
    // The planner's statistics, which autovacuum would gather some time
    // after so large a change (SQLite's plans do not need them).
    if database_url.starts_with("postgres") {
        sqlx::query("ANALYZE").execute(&pool).await?;
    }
    Ok(pool)
}

/// Signs a new owner in; the session cookie.
async fn sign_in(
    pool: &sqlx::AnyPool,
    client: &reqwest::Client,
    base: &str,
) -> anyhow::Result<String> {
    let email = "load-owner@example.de";
    atelier_server::auth::users::add(pool, email, "Load Owner", Role::Owner, PASSWORD)
        .await
        .map_err(|e| anyhow::anyhow!("adding the owner: {e:?}"))?;
    let response = client
        .post(format!("{base}/admin/login"))
        .form(&[("email", email), ("password", PASSWORD), ("next", "/admin")])
        .send()
        .await?;
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(atelier_server::auth::SESSION_COOKIE))
        .and_then(|v| v.split(';').next())
        .map(str::to_owned)
        .ok_or_else(|| anyhow::anyhow!("signing in gave no session ({})", response.status()))
}

/// Measures inbox pages over the filled database.
pub async fn measure(
    pool: &sqlx::AnyPool,
    base: &str,
    clients: usize,
    duration: Duration,
) -> anyhow::Result<()> {
    let (orders,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM orders")
        .fetch_one(pool)
        .await?;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(clients)
        .build()?;
    let cookie = sign_in(pool, &client, base).await?;
    // A cursor 90 % of the way into the past.
    let (at, id): (String, String) = sqlx::query_as(
        "SELECT created_at, id FROM orders ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET $1",
    )
    .bind(orders * 9 / 10)
    .fetch_one(pool)
    .await?;
    let deep = format!(
        "/admin/orders?after={}",
        engine::query::percent_encode(&format!("{at}~{id}"))
    );
    let inbox = "data-testid=\"status-counts\"";
    let pages = [
        ("newest page", "/admin/orders".to_owned(), inbox),
        ("a page 90 % into the past", deep, inbox),
        (
            "status filter (shipped)",
            "/admin/orders?status=shipped".to_owned(),
            inbox,
        ),
        (
            "product filter (shirt)",
            "/admin/orders?product=shirt".to_owned(),
            inbox,
        ),
        (
            "search by e-mail (one match)",
            "/admin/orders?q=kunde4242%40".to_owned(),
            inbox,
        ),
        (
            "search by name (one match)",
            "/admin/orders?q=Kundin+4242".to_owned(),
            inbox,
        ),
        (
            "the overview (charts of 30 days and 8 weeks)",
            "/admin".to_owned(),
            "id=\"chart-orders\"",
        ),
    ];
    println!("inbox over {orders} orders:");
    for (what, path, marker) in pages {
        let mut phase: Phase = run(clients, duration, {
            let (client, base, cookie) = (client.clone(), base.to_owned(), cookie.clone());
            move |_| {
                let (client, url, cookie) =
                    (client.clone(), format!("{base}{path}"), cookie.clone());
                async move {
                    let response = client.get(url).header("cookie", cookie).send().await.ok()?;
                    let ok = response.status().is_success();
                    let body = response.text().await.ok()?;
                    (ok && body.contains(marker)).then_some(())
                }
            }
        })
        .await;
        phase.report(&format!("  {what}"));
    }
    Ok(())
}
