//! Delivery across real server processes: two servers on one PostgreSQL
//! database deliver every event, none twice and none at the same time; a
//! server killed with SIGKILL in the middle of a delivery delivers it after
//! the restart (at least once, with the same event id).

use crate::helpers::{fresh_database, mail_folder, Db, TestApp};
use crate::peers::{free_port, verified_ids, Receiver};
use app::admin::integrations::EndpointForm;
use atelier_server::back_office::webhooks;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(60);

/// A server process on `database_url`, ready; with a short time limit for
/// receivers (so its claims run out after 6 s).
pub(crate) async fn server(database_url: &str) -> (Child, TestApp) {
    server_at(database_url, free_port()).await
}

/// The same on `port` (to restart a server where its clients look for it).
pub(crate) async fn server_at(database_url: &str, port: u16) -> (Child, TestApp) {
    let child = Command::new(env!("CARGO_BIN_EXE_atelier-server"))
        .env("ATELIER_ADDR", format!("127.0.0.1:{port}"))
        .env("DATABASE_URL", database_url)
        .env("ATELIER_DB_MAX_CONNECTIONS", "4")
        .env("ATELIER_MAIL_DIR", mail_folder())
        .env("ATELIER_DELIVERY_SCHEDULE", "0,1,1,1,1,1,1,1,1,1")
        .env("ATELIER_WEBHOOK_TIMEOUT_SECS", "3")
        .env("ATELIER_LOG_FORMAT", "json")
        .env("ATELIER_ORDERS_PER_HOUR_PER_CLIENT", "0")
        .env("ATELIER_ORDERS_PER_HOUR_PER_EMAIL", "0")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("server starts");
    let app = TestApp {
        address: format!("http://127.0.0.1:{port}"),
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client"),
    };
    let deadline = Instant::now() + WAIT;
    while !ready(&app).await {
        assert!(Instant::now() < deadline, "server did not become ready");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    (child, app)
}

async fn ready(app: &TestApp) -> bool {
    let answer = app
        .client
        .get(format!("{}/readyz", app.address))
        .send()
        .await;
    answer.is_ok_and(|a| a.status() == 200)
}

pub(crate) async fn pool(url: &str) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::AnyPool::connect(url).await.expect("connect")
}

/// An endpoint for a receiver on `port`; returns its secret.
async fn endpoint(pool: &sqlx::AnyPool, port: u16) -> String {
    let form = EndpointForm {
        url: Receiver::url(port),
        description: String::new(),
        event_types: vec!["order.placed".to_owned()],
    };
    let id = webhooks::add(pool, &form, "test").await.expect("endpoint");
    let (secret,): (String,) = sqlx::query_as("SELECT secret FROM webhook_endpoints WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await
        .expect("secret");
    secret
}

fn kill(mut child: Child) {
    let _ = child.kill(); // SIGKILL
    let _ = child.wait();
}

#[tokio::test]
async fn two_servers_on_one_postgres_deliver_every_event_once_at_a_time() {
    let Some(url) = fresh_database(Db::Postgres).await else {
        return;
    };
    let (first, a) = server(&url).await;
    let pool = pool(&url).await;
    let port = free_port();
    let secret = endpoint(&pool, port).await;
    let receiver = Receiver::start(port, &[&secret]);
    // Each request is held a while, so that a second sender would overlap.
    receiver.answer(204, Duration::from_millis(300)).await;
    let (second, b) = server(&url).await;
    let mut placed = Vec::new();
    for i in 0..12 {
        let through = if i % 2 == 0 { &a } else { &b };
        placed.push(through.ring_order(&format!("order {i}")).await.0);
    }
    let received = receiver
        .wait_for(WAIT, |r| {
            verified_ids(r, "order.placed").len() == placed.len()
        })
        .await;
    assert_eq!(
        verified_ids(&received, "order.placed").len(),
        placed.len(),
        "every event arrived"
    );
    assert_eq!(received.len(), placed.len(), "none twice");
    assert!(
        receiver.overlaps().await.is_empty(),
        "none at the same time"
    );
    let workers: Vec<(String,)> = sqlx::query_as("SELECT DISTINCT worker FROM delivery_attempts")
        .fetch_all(&pool)
        .await
        .unwrap();
    eprintln!("deliveries made by {} worker(s)", workers.len());
    kill(first);
    kill(second);
}

async fn killed_mid_delivery_then_delivered_after_restart(db: Db) {
    let Some(url) = fresh_database(db).await else {
        return;
    };
    let (first, app) = server(&url).await;
    let pool = pool(&url).await;
    let port = free_port();
    let secret = endpoint(&pool, port).await;
    let receiver = Receiver::start(port, &[&secret]);
    receiver.answer(204, Duration::from_secs(2)).await;
    app.ring_order("interrupted").await;
    // Wait until the server holds the delivery, then kill it mid-request.
    let deadline = Instant::now() + WAIT;
    loop {
        let (leased,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM deliveries WHERE channel = 'webhook' AND lease_until IS NOT NULL",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        if leased == 1 {
            break;
        }
        assert!(Instant::now() < deadline, "the delivery was never claimed");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    kill(first);
    let (state,): (String,) =
        sqlx::query_as("SELECT state FROM deliveries WHERE channel = 'webhook'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(state, "pending", "the killed server did not finish it");
    receiver.answer(204, Duration::ZERO).await;
    let (second, _) = server(&url).await;
    let deadline = Instant::now() + WAIT;
    loop {
        let (state,): (String,) =
            sqlx::query_as("SELECT state FROM deliveries WHERE channel = 'webhook'")
                .fetch_one(&pool)
                .await
                .unwrap();
        if state == "delivered" {
            break;
        }
        assert!(Instant::now() < deadline, "not delivered after the restart");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let received = receiver.received().await;
    assert_eq!(
        verified_ids(&received, "order.placed").len(),
        1,
        "one event"
    );
    assert_eq!(
        received.len(),
        2,
        "sent again after the restart, with the same id"
    );
    assert!(receiver.overlaps().await.is_empty());
    kill(second);
}

#[tokio::test]
async fn a_server_killed_mid_delivery_delivers_after_restart_sqlite() {
    killed_mid_delivery_then_delivered_after_restart(Db::Sqlite).await;
}

#[tokio::test]
async fn a_server_killed_mid_delivery_delivers_after_restart_postgres() {
    killed_mid_delivery_then_delivered_after_restart(Db::Postgres).await;
}
