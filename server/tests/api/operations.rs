//! Production lines and stock: seeded once, read as snapshots, served to the
//! configurator.

use crate::helpers::{fresh_database, spawn_app, spawn_on, test_config, Db};
use crate::on_both_databases;
use app::state::OperationsStore;
use atelier_server::operations::{today_in, SqlOperations};

async fn pool(url: &str) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::AnyPool::connect(url).await.unwrap()
}

on_both_databases!(
    the_demo_operations_are_seeded_once_and_read_back,
    |db: Db| async move {
        let Some(url) = fresh_database(db).await else {
            return;
        };
        let _first = spawn_on(&url, &[]).await;
        let _restart = spawn_on(&url, &[]).await;
        let pool = pool(&url).await;
        let (bookings,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM line_bookings WHERE line_id = 'car-plant'")
                .fetch_one(&pool)
                .await
                .unwrap();
        assert_eq!(
            bookings, 7,
            "the car plant's seven backlog days, seeded once"
        );

        let store = SqlOperations {
            pool,
            time_zone: "Europe/Berlin".to_owned(),
        };
        let snapshot = store.snapshot("car-plant").await.unwrap();
        let today = today_in("Europe/Berlin").unwrap();
        assert_eq!(snapshot.today, today);
        assert_eq!(snapshot.line.daily_capacity, 4);
        assert_eq!(
            snapshot.line.working_days,
            [true, true, true, true, true, false, false]
        );
        assert!(snapshot
            .line
            .holidays
            .contains(&jiff::civil::date(2026, 12, 25)));
        // The first backlog day is the line's next working day after today.
        let first = snapshot.line.working_day_after(today, 1).unwrap();
        assert_eq!(snapshot.line.booked.get(&first), Some(&4));
        assert!(snapshot.line.booked.keys().all(|d| *d > today));
        assert_eq!(snapshot.stock.components["leather-hide"].available, 2);
        assert_eq!(snapshot.stock.components["v6-engine"].available, 0);

        let tailor = store.snapshot("tailor").await.unwrap();
        assert!(tailor.line.working_days[5], "the tailor works on Saturdays");
        let err = store.snapshot("moon-base").await.unwrap_err();
        assert!(err.contains("moon-base"), "{err}");
    }
);

on_both_databases!(an_invalid_operations_file_is_refused, |db: Db| async move {
    let Some(url) = fresh_database(db).await else {
        return;
    };
    let dir = std::env::temp_dir().join("atelier-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!(
        "bad-operations-{}-{:?}.json",
        std::process::id(),
        db
    ));
    std::fs::write(
        &file,
        r#"{"schema": 1, "production_lines": [{"id": "car-plant", "daily_capacity": 4,
            "working_days": ["monday"]}], "components": []}"#,
    )
    .unwrap();
    let config = test_config(&url, &[("ATELIER_OPERATIONS_FILE", file.to_str().unwrap())]);
    let err = atelier_server::startup::Application::build(config)
        .await
        .err()
        .expect("refused");
    let message = format!("{err:#}");
    assert!(
        message.contains("working_days") && message.contains("monday"),
        "{message}"
    );
});

on_both_databases!(
    the_configurator_page_renders_on_the_server,
    |db: Db| async move {
        let Some(app) = spawn_app(db).await else {
            return;
        };
        let res = app.get("/p/car?lang=en&paint=silver&engine=v12").await;
        assert_eq!(res.status(), 200);
        let html = res.text().await.unwrap();
        assert!(html.contains("K3 compact"), "{html}");
        assert!(html.contains(r#"value="silver""#));
        assert!(
            html.contains("“v12”"),
            "the unknown option is named in a notice"
        );
        assert!(html.contains(r#"data-testid="total""#));
        assert!(html.contains(r#"data-testid="window""#));
        let res = app.get("/p/spaceship?lang=en").await;
        assert_eq!(res.status(), 404);
    }
);
