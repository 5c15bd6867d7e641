//! Health checks, pages, headers, compression and limits.

use crate::helpers::{fresh_database, spawn_app, spawn_on, spawn_with_pool, test_config, Db};
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
        let nonce = crate::helpers::csp_nonce(&headers);
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
    let plain_data = app
        .get_with_header("/catalog/products/ring", "accept-encoding", "identity")
        .await
        .bytes()
        .await
        .unwrap();
    // A page (kept ones are compressed by the page cache) and data (by the
    // compression layers), in each encoding and as browsers ask.
    let asked = [
        ("gzip", "gzip"),
        ("br", "br"),
        ("zstd", "zstd"),
        ("gzip, deflate, br, zstd", "zstd"),
        ("gzip, deflate, br", "br"),
        ("zstd;q=0, br;q=0.5, gzip", "gzip"),
    ];
    for (accept, expected) in asked {
        for path in ["/", "/p/ring?lang=en", "/catalog/products/ring"] {
            let res = app.get_with_header(path, "accept-encoding", accept).await;
            assert_eq!(res.status(), 200, "{path}");
            assert_eq!(
                res.headers()["content-encoding"],
                expected,
                "{path} {accept}"
            );
            let body = decompress(expected, &res.bytes().await.unwrap());
            if path.starts_with("/catalog") {
                assert_eq!(body, plain_data, "{accept}");
            } else {
                let html = String::from_utf8(body).unwrap();
                assert!(html.contains("</html>"), "{path} {accept}");
            }
        }
    }
});

pub(crate) fn decompress(encoding: &str, body: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut plain = Vec::new();
    match encoding {
        "gzip" => flate2::read::GzDecoder::new(body)
            .read_to_end(&mut plain)
            .map(drop),
        "br" => brotli::Decompressor::new(body, 4096)
            .read_to_end(&mut plain)
            .map(drop),
        "zstd" => zstd::stream::read::Decoder::new(body)
            .and_then(|mut d| d.read_to_end(&mut plain))
            .map(drop),
        other => panic!("no decoder for {other}"),
    }
    .unwrap_or_else(|e| panic!("{encoding} body does not decode: {e}"));
    plain
}

on_both_databases!(
    pages_are_sent_whole_with_their_island_data_once,
    |db: Db| async move {
        let Some(app) = spawn_app(db).await else {
            return;
        };
        let res = app
            .client
            .get(format!("{}/p/shirt?lang=en", app.address))
            .header("accept-encoding", "identity")
            .send()
            .await
            .unwrap();
        // One body of known length, not pieces (which compress worse).
        let length: usize = res.headers()["content-length"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        let html = res.text().await.unwrap();
        assert_eq!(length, html.len());
        // The island's data travels once, as JSON; the product in it is
        // sent apart (`product_scripts`), named by its element.
        let element = html
            .find(r#"<script type="application/json" id="configurator-data""#)
            .expect("the island's data");
        let start = element + html[element..].find('>').unwrap() + 1;
        let json = &html[start..start + html[start..].find("</script>").unwrap()];
        let data: serde_json::Value = serde_json::from_str(json).expect("JSON");
        assert_eq!(data["compiled"], "product-data");
        assert_eq!(data["catalog_version"], 1);
        assert!(data["line"].is_object(), "{data}");
        assert!(html.contains(r#"data-props="{&quot;data&quot;:&quot;configurator-data&quot;}""#));
    }
);

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
    // The test is about contention (busy database, pool timeouts), not
    // latency: a debug build rendering 400 pages on a shared 2-core CI
    // machine may take longer than the 15 s production request limit.
    let Some((app, _pool)) = spawn_with_pool(db, &[("ATELIER_REQUEST_TIMEOUT_SECS", "300")]).await
    else {
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

/// A server starting in the same process (as in these tests, each with its
/// own) must not stall the pages another is rendering: listing the app's
/// routes pauses resource loading process-wide, and a home page whose
/// products began loading in that pause hung until the request timed out.
#[tokio::test]
async fn starting_a_server_does_not_stall_pages_another_is_rendering() {
    let Some(url) = fresh_database(Db::Sqlite).await else {
        return;
    };
    let app = std::sync::Arc::new(spawn_on(&url, &[("ATELIER_REQUEST_TIMEOUT_SECS", "30")]).await);
    let starter = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async {
            for _ in 0..40 {
                atelier_server::startup::Application::build(test_config(&url, &[]))
                    .await
                    .expect("a second server builds");
            }
        });
    });
    let mut rendered = 0;
    while !starter.is_finished() || rendered == 0 {
        let pages: Vec<_> = (0..8)
            .map(|_| {
                let app = app.clone();
                tokio::spawn(async move { app.get("/?lang=en").await.status().as_u16() })
            })
            .collect();
        for page in pages {
            assert_eq!(page.await.expect("request task"), 200, "the home page");
            rendered += 1;
        }
    }
    starter.join().expect("the starting thread");
}

/// What every answer must carry, whoever gave it.
fn assert_security_headers(what: &str, headers: &reqwest::header::HeaderMap) {
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "strict-origin-when-cross-origin"),
    ] {
        assert_eq!(
            headers.get(name).and_then(|v| v.to_str().ok()),
            Some(value),
            "{what}: {name}"
        );
    }
    assert!(
        headers.contains_key("content-security-policy"),
        "{what}: CSP"
    );
    assert!(headers.contains_key("permissions-policy"), "{what}");
}

on_both_databases!(
    every_answer_carries_the_security_headers,
    |db: Db| async move {
        let Some((app, _pool)) = spawn_with_pool(
            db,
            &[
                ("ATELIER_REQUEST_TIMEOUT_SECS", "1"),
                ("ATELIER_HTTPS", "true"),
            ],
        )
        .await
        else {
            return;
        };
        for path in [
            "/?lang=en",
            "/healthz",
            "/favicon.svg",
            "/api/v1/no-such-thing",
            "/catalog/products/ring",
        ] {
            let res = app.get(path).await;
            assert_security_headers(path, res.headers());
            assert_eq!(
                res.headers()["strict-transport-security"],
                "max-age=63072000; includeSubDomains",
                "{path}"
            );
        }

        // The 404 page: its own stylesheet is allowed by its policy.
        let res = app.get("/no/such/page?lang=en").await;
        assert_eq!(res.status(), 404);
        assert_security_headers("404", res.headers());
        let csp = res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(csp.contains("style-src 'self'"), "{csp}");
        assert!(res.text().await.unwrap().contains("stylesheet"));

        // 413: a body over the limit.
        let res = app
            .client
            .post(format!("{}/api/products", app.address))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("x".repeat(200 * 1024))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 413);
        assert_security_headers("413", res.headers());

        // 408: a body that stops halfway.
        let answer = stalled_request(&app.address).await;
        let (head, body) = answer.split_once("\r\n\r\n").expect("a whole head");
        assert!(head.starts_with("HTTP/1.1 408"), "{head}");
        assert!(
            body.contains("The answer took too long; please try again."),
            "the 408 says what to do: {body:?}"
        );
        let head = head.to_ascii_lowercase();
        for name in [
            "x-content-type-options: nosniff",
            "x-frame-options: deny",
            "content-security-policy:",
            "strict-transport-security:",
        ] {
            assert!(head.contains(name), "408 lacks {name}: {head}");
        }
    }
);

on_both_databases!(plain_http_sends_no_hsts, |db: Db| async move {
    let Some(app) = spawn_app(db).await else {
        return;
    };
    let res = app.get("/").await;
    assert!(!res.headers().contains_key("strict-transport-security"));
});

/// Sends a POST whose body stops after 10 of 100 bytes and returns what
/// the server answers.
async fn stalled_request(address: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let host = address.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(host).await.unwrap();
    let head = format!(
        "POST /api/products HTTP/1.1\r\nHost: {host}\r\n\
         Connection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\n0123456789"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        stream.read_to_end(&mut answer),
    );
    let _ = read.await;
    String::from_utf8_lossy(&answer).into_owned()
}

on_both_databases!(
    a_flood_of_unknown_keys_gets_a_short_answer,
    |db: Db| async move {
        let Some(app) = spawn_app(db).await else {
            return;
        };
        let plain = app.get("/p/car?lang=en").await.text().await.unwrap();
        // Up to the limit: the page, with a few notices and a count.
        let flood: String = (0..700).map(|i| format!("&junk{i}=x")).collect();
        assert!(flood.len() < 8 * 1024);
        let res = app.get(&format!("/p/car?lang=en{flood}")).await;
        assert_eq!(res.status(), 200);
        let page = res.text().await.unwrap();
        assert!(page.contains("more things in the link that did not fit"));
        assert!(
            page.len() < plain.len() + 16 * 1024,
            "{} bytes against {}",
            page.len(),
            plain.len()
        );
        // Over it: refused before anything reads it.
        let flood: String = (0..6000).map(|i| format!("&junk{i}=x")).collect();
        let res = app.get(&format!("/p/car?lang=en{flood}")).await;
        assert_eq!(res.status(), 414);
        assert!(res.headers().contains_key("x-content-type-options"));
        let text = res.text().await.unwrap();
        assert!(text.contains("too long") && text.len() < 300, "{text}");
    }
);

on_both_databases!(
    only_plain_request_ids_are_taken_from_clients,
    |db: Db| async move {
        let Some(app) = spawn_app(db).await else {
            return;
        };
        let id_for = |sent: String| {
            let app = &app;
            async move {
                let res = app.get_with_header("/healthz", "x-request-id", &sent).await;
                res.headers()["x-request-id"].to_str().unwrap().to_owned()
            }
        };
        assert_eq!(id_for("order-check_7.a".into()).await, "order-check_7.a");
        for unfit in [
            "<script>alert(1)</script>".to_owned(),
            "a b".to_owned(),
            "x".repeat(65),
            "\" OR 1=1 --".to_owned(),
        ] {
            let id = id_for(unfit.clone()).await;
            assert_ne!(id, unfit);
            assert_eq!(id.len(), 36, "a fresh UUID for {unfit:?}: {id}");
        }
    }
);

on_both_databases!(
    fifty_orders_and_four_hundred_pages_at_once_get_no_5xx,
    |db: Db| async move {
        // The default pool (10 connections), as a shop runs it.
        let Some((app, pool)) = spawn_with_pool(db, &[("ATELIER_DB_MAX_CONNECTIONS", "10")]).await
        else {
            return;
        };
        let app = std::sync::Arc::new(app);
        let orders: Vec<_> = (0..50)
            .map(|i| {
                let app = app.clone();
                tokio::spawn(async move {
                    let key = uuid::Uuid::new_v4().to_string();
                    let config = "metal=silver&width=4mm&size=54&finish=polished";
                    let form = app::orders::CheckoutForm {
                        email: format!("buyer{i}@example.de"),
                        ..crate::orders::checkout("ring", config, &key)
                    };
                    app.place_accepting_changes(form).await
                })
            })
            .collect();
        let pages = [
            "/p/car?lang=en&paint=blue",
            "/p/ring?metal=yellow-gold&width=4mm&size=54",
            "/cart?lang=en",
            "/",
        ];
        let loads: Vec<_> = (0..400)
            .map(|i| {
                let app = app.clone();
                let page = pages[i % pages.len()];
                tokio::spawn(async move { (page, app.get(page).await.status().as_u16()) })
            })
            .collect();
        for load in loads {
            let (page, status) = load.await.expect("page task");
            assert!(status < 500, "{page}: {status}");
        }
        for order in orders {
            let (number, _, _) = order.await.expect("order task");
            assert!(!number.is_empty());
        }
        let (stored,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM orders")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(stored, 50);
    }
);

on_both_databases!(
    the_language_switch_links_keep_the_configuration,
    |db: Db| async move {
        let Some(app) = spawn_app(db).await else {
            return;
        };
        let html = app
            .get("/p/ring?lang=en&metal=silver&engraving=Anna%20%26%20Ben")
            .await
            .text()
            .await
            .unwrap();
        assert!(
            html.contains(r#"href="?metal=silver&amp;engraving=Anna%20%26%20Ben&amp;lang=de""#),
            "{html}"
        );
        assert!(html.contains(r#"href="?metal=silver&amp;engraving=Anna%20%26%20Ben&amp;lang=en""#));
        let home = app.get("/?lang=de").await.text().await.unwrap();
        assert!(home.contains(r#"href="?lang=en""#), "{home}");
    }
);
