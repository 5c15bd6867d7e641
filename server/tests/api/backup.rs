//! `atelier-server backup FILE`: a consistent copy of the SQLite database
//! taken while orders are being placed, which a server then runs on
//! (restoring is starting on the copy).

use crate::delivery_processes::server;
use crate::helpers::{fresh_database, Db};
use crate::orders::checkout;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

const SILVER_RING: &str = "metal=silver&width=4mm&size=54&finish=polished";

fn backup(database_url: &str, file: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_atelier-server"))
        .arg("backup")
        .arg(file)
        .env("DATABASE_URL", database_url)
        .output()
        .expect("the command runs")
}

async fn count(pool: &sqlx::AnyPool, sql: &'static str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(pool).await.expect(sql);
    n
}

#[tokio::test]
async fn a_backup_taken_while_orders_are_placed_is_consistent_and_serves() {
    let url = fresh_database(Db::Sqlite).await.expect("SQLite");
    let (child, app) = server(&url).await;
    let app = Arc::new(app);
    let stop = Arc::new(AtomicBool::new(false));
    let placing = tokio::spawn({
        let (app, stop) = (app.clone(), stop.clone());
        async move {
            let mut placed = 0;
            while !stop.load(Ordering::Relaxed) {
                let key = uuid::Uuid::new_v4().to_string();
                app.place_accepting_changes(checkout("ring", SILVER_RING, &key))
                    .await;
                placed += 1;
            }
            placed
        }
    });
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    let dir = std::env::temp_dir().join("atelier-backups");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{}.db", uuid::Uuid::new_v4()));
    let out = backup(&url, &file);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("backed up to"));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    stop.store(true, Ordering::Relaxed);
    let placed = placing.await.unwrap();
    let mut child = child;
    let _ = child.kill();
    let _ = child.wait();

    // The copy is whole: every order in it with its lines, its first step
    // and its event.
    let copy_url = format!("sqlite://{}", file.display());
    sqlx::any::install_default_drivers();
    let copy = sqlx::AnyPool::connect(&copy_url).await.unwrap();
    let (check,): (String,) = sqlx::query_as("PRAGMA integrity_check")
        .fetch_one(&copy)
        .await
        .unwrap();
    assert_eq!(check, "ok");
    let orders = count(&copy, "SELECT COUNT(*) FROM orders").await;
    assert!(orders >= 1 && orders <= placed, "{orders} of {placed}");
    let lines = "SELECT COUNT(DISTINCT order_id) FROM order_lines";
    assert_eq!(count(&copy, lines).await, orders);
    let steps = "SELECT COUNT(*) FROM order_events WHERE seq = 1";
    assert_eq!(count(&copy, steps).await, orders);
    let events = "SELECT COUNT(*) FROM outbox WHERE topic = 'order.placed'";
    assert_eq!(count(&copy, events).await, orders);
    // The copy holds the key of the status links: a link works after restoring.
    let (number,): (String,) = sqlx::query_as("SELECT id FROM orders LIMIT 1")
        .fetch_one(&copy)
        .await
        .unwrap();
    let token = atelier_server::orders::token::TokenKey::load(&copy, None)
        .await
        .unwrap()
        .token_for(&number);
    copy.close().await;

    // Restoring: a server started on the copy serves its orders.
    let (mut restored, app) = server(&format!("{copy_url}?mode=rw")).await;
    let status = app.get(&format!("/orders/{token}")).await;
    assert_eq!(status.status(), 200);
    let _ = restored.kill();
    let _ = restored.wait();

    // A copy over an existing file is refused, and nothing is written.
    let before = std::fs::metadata(&file).unwrap().len();
    let out = backup(&url, &file);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("exists already"));
    assert_eq!(std::fs::metadata(&file).unwrap().len(), before);
}

#[tokio::test]
async fn a_postgres_backup_points_to_pg_dump() {
    let Some(url) = fresh_database(Db::Postgres).await else {
        return;
    };
    let file = std::env::temp_dir().join(format!("{}.db", uuid::Uuid::new_v4()));
    let out = backup(&url, &file);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("pg_dump"));
    assert!(!file.exists());
}
