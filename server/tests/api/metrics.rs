//! `/metrics`: the Prometheus text for a scraper with the token, nothing
//! for anyone else.

use crate::helpers::{spawn_app, spawn_with_pool, Db};
use crate::on_both_databases;
use crate::orders::checkout;

const TOKEN: &str = "scrape-token-for-tests";

on_both_databases!(
    metrics_need_their_token_and_count_what_happens,
    |db: Db| async move {
        let Some((app, _pool)) = spawn_with_pool(db, &[("ATELIER_METRICS_TOKEN", TOKEN)]).await
        else {
            return;
        };
        let scrape = |auth: Option<&'static str>| {
            let app = &app;
            async move {
                let mut request = app.client.get(format!("{}/metrics", app.address));
                if let Some(auth) = auth {
                    request = request.header("authorization", auth);
                }
                request.send().await.unwrap()
            }
        };
        assert_eq!(scrape(None).await.status(), 401);
        assert_eq!(scrape(Some("Bearer wrong")).await.status(), 401);

        assert_eq!(app.get("/p/ring?lang=en").await.status(), 200);
        let key = uuid::Uuid::new_v4().to_string();
        let config = "metal=silver&width=4mm&size=54&finish=polished";
        app.place_accepting_changes(checkout("ring", config, &key))
            .await;

        let answer = scrape(Some("Bearer scrape-token-for-tests")).await;
        assert_eq!(answer.status(), 200);
        assert!(answer.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/openmetrics-text"));
        let text = answer.text().await.unwrap();
        assert!(text.contains("atelier_orders_placed_total 1\n"), "{text}");
        assert!(
            text.contains(r#"atelier_orders_refused_total{reason="changed"} 1"#),
            "{text}"
        );
        assert!(
        text.contains(r#"atelier_http_request_duration_seconds_count{method="GET",route="/p/{product}",status="2xx"} 1"#),
        "{text}"
    );
        // The order's event waits for its mail delivery (or was just made).
        assert!(
            text.contains("atelier_outbox_pending_deliveries "),
            "{text}"
        );
        assert!(
            text.contains("atelier_outbox_failed_deliveries 0"),
            "{text}"
        );
        assert!(text.ends_with("# EOF\n"));
    }
);

on_both_databases!(without_a_token_there_are_no_metrics, |db: Db| async move {
    let Some(app) = spawn_app(db).await else {
        return;
    };
    assert_eq!(app.get("/metrics").await.status(), 404);
});
