//! Health checks, pages, headers, compression and limits.

use crate::helpers::{spawn_app, Db};
use crate::on_both_databases;

on_both_databases!(health_and_readiness, |db: Db| async move {
    let Some(app) = spawn_app(db).await else {
        return;
    };
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), "ok");
    let res = app.get("/readyz").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), "ready: catalog version 1");
});

on_both_databases!(
    home_page_is_server_rendered_with_products,
    |db: Db| async move {
        let Some(app) = spawn_app(db).await else {
            return;
        };
        let res = app.get("/?lang=en").await;
        assert_eq!(res.status(), 200);
        let html = res.text().await.unwrap();
        assert!(html.contains(r#"<html lang="en""#), "{html}");
        for id in ["car", "ring", "shirt"] {
            assert!(
                html.contains(&format!(r#"data-product="{id}""#)),
                "product {id} missing"
            );
        }
        assert!(html.contains("from €"), "no from price in {html}");
    }
);

on_both_databases!(
    pages_carry_a_nonce_csp_and_security_headers,
    |db: Db| async move {
        let Some(app) = spawn_app(db).await else {
            return;
        };
        // The configurator has an island, so its page carries the scripts.
        let res = app.get("/p/ring").await;
        let headers = res.headers().clone();
        let csp = headers["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .expect("page CSP has a nonce")
            .to_owned();
        assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["x-frame-options"], "DENY");
        assert!(headers.contains_key("x-request-id"));
        let html = res.text().await.unwrap();
        assert!(
            html.contains(&format!(r#"nonce="{nonce}""#)),
            "hydration script lacks the nonce"
        );
        // Every inline script carries the nonce.
        let scripts_without_nonce = html
            .match_indices("<script")
            .filter(|(i, _)| {
                !html[*i..]
                    .split('>')
                    .next()
                    .unwrap_or_default()
                    .contains("nonce=")
            })
            .count();
        assert_eq!(
            scripts_without_nonce, 0,
            "inline scripts without the nonce in {html}"
        );
        // Another response gets the strict policy.
        let res = app.get("/healthz").await;
        assert!(res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .starts_with("default-src 'none'"));
    }
);

on_both_databases!(responses_are_compressed, |db: Db| async move {
    let Some(app) = spawn_app(db).await else {
        return;
    };
    for encoding in ["gzip", "br"] {
        let res = app
            .client
            .get(format!("{}/", app.address))
            .header("accept-encoding", encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers()["content-encoding"], encoding);
    }
});

on_both_databases!(unknown_pages_are_404, |db: Db| async move {
    let Some(app) = spawn_app(db).await else {
        return;
    };
    let res = app.get("/no/such/page?lang=en").await;
    assert_eq!(res.status(), 404);
    assert!(res.text().await.unwrap().contains("Page not found"));
});

on_both_databases!(oversized_bodies_are_refused, |db: Db| async move {
    let Some(app) = spawn_app(db).await else {
        return;
    };
    let body = "x".repeat(200 * 1024);
    let res = app
        .client
        .post(format!("{}/api/products", app.address))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
});

on_both_databases!(products_server_function_answers_json, |db: Db| async move {
    let Some(app) = spawn_app(db).await else {
        return;
    };
    let res = app
        .client
        .post(format!("{}/api/products", app.address))
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let cards: serde_json::Value = res.json().await.unwrap();
    let ids: Vec<&str> = cards
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["car", "ring", "shirt"]);
    assert!(cards[0]["from_price"].as_i64().unwrap() > 0);
    // Each card carries its product's preview, drawn for that product.
    for card in cards.as_array().unwrap() {
        let svg = card["preview_svg"].as_str().unwrap();
        let id = card["id"].as_str().unwrap();
        assert!(svg.starts_with("<svg"), "{id}: {svg:.80}");
        assert!(svg.contains(&format!("data-product=\"{id}\"")), "{id}");
    }
});

on_both_databases!(pages_render_under_concurrent_load, |db: Db| async move {
    let Some(app) = spawn_app(db).await else {
        return;
    };
    let app = std::sync::Arc::new(app);
    let pages = [
        "/p/car?lang=en&paint=blue",
        "/p/ring?metal=yellow-gold&width=4mm&size=54",
        "/p/shirt/checkout?lang=en",
        "/",
    ];
    let tasks: Vec<_> = (0..400)
        .map(|i| {
            let app = app.clone();
            let page = pages[i % pages.len()];
            tokio::spawn(async move {
                let response = app.get(page).await;
                (
                    page,
                    response.status().as_u16(),
                    response.text().await.unwrap_or_default(),
                )
            })
        })
        .collect();
    for task in tasks {
        let (page, status, body) = task.await.expect("request task");
        assert_eq!(status, 200, "{page}");
        assert!(body.contains("</html>"), "{page}: a complete page");
    }
});
