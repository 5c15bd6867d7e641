//! First start, restarts and configuration.

use crate::helpers::{fresh_database, spawn_on, Db};
use crate::on_both_databases;

on_both_databases!(the_demo_catalog_is_seeded_once, |db: Db| async move {
    let Some(url) = fresh_database(db).await else {
        return;
    };
    // PostgreSQL: two processes starting at once on an empty database (SQLite
    // serves one process, so there they start one after the other); then a restart.
    let (a, b) = match db {
        Db::Postgres => tokio::join!(spawn_on(&url, &[]), spawn_on(&url, &[])),
        Db::Sqlite => (spawn_on(&url, &[]).await, spawn_on(&url, &[]).await),
    };
    let c = spawn_on(&url, &[]).await;
    for app in [&a, &b, &c] {
        assert_eq!(
            app.get("/readyz").await.text().await.unwrap(),
            "ready: catalog version 1"
        );
    }
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM catalog_versions")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(count, 1);
});

on_both_databases!(
    an_invalid_catalog_file_is_refused_with_its_problems,
    |db: Db| async move {
        let Some(url) = fresh_database(db).await else {
            return;
        };
        let dir = std::env::temp_dir().join("atelier-tests");
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join(format!("bad-catalog-{}.json", std::process::id()));
        std::fs::write(
        &file,
        r#"{"schema": 1, "products": [{"id": "x", "name": {"de": "X", "en": "X"}, "base_price": 100,
            "production_line": "nowhere", "base_days": 1, "attributes": []}]}"#,
    )
    .unwrap();
        let config =
            crate::helpers::test_config(&url, &[("ATELIER_CATALOG_FILE", file.to_str().unwrap())]);
        let err = atelier_server::startup::Application::build(config)
            .await
            .err()
            .expect("refused");
        assert!(err.to_string().contains("nowhere"), "{err}");
    }
);
