//! Products sent apart from their pages: the configurator and checkout
//! pages name the element their product script fills, the script is
//! answered at a content-hashed address browsers keep for a year, runs
//! before the islands start, and stays answered for a version after a
//! publication; another server process answers a newer version's script
//! at once.

use crate::admin::{person, PASSWORD};
use crate::helpers::{fresh_database, spawn_on, spawn_with_pool, TestApp};
use crate::on_both_databases;
use app::admin::Role;
use atelier_server::catalog_store::DEMO_CATALOG;
use engine::Catalog;

/// The page at `path`, uncompressed.
async fn page(app: &TestApp, path: &str) -> String {
    let res = app
        .get_with_header(path, "accept-encoding", "identity")
        .await;
    assert_eq!(res.status(), 200, "{path}");
    res.text().await.unwrap()
}

/// The address of the product script `html` loads (deferred).
fn script_src(html: &str) -> String {
    let start = html
        .find(r#"src="/data/"#)
        .unwrap_or_else(|| panic!("no product script in {html}"));
    let tag = &html[html[..start].rfind('<').unwrap()..];
    assert!(tag.starts_with(r#"<script defer="""#), "{tag}");
    let src = &html[start + r#"src=""#.len()..];
    src[..src.find('"').unwrap()].to_owned()
}

/// The product JSON a product script puts into the page (a single-quoted
/// JavaScript string, escaped by backslashes).
fn product_of(script: &str) -> serde_json::Value {
    let literal = script
        .strip_prefix(r#"document.getElementById("product-data").textContent='"#)
        .and_then(|rest| rest.strip_suffix("';\n"))
        .unwrap_or_else(|| panic!("not a product script: {script}"));
    let mut json = String::new();
    let mut chars = literal.chars();
    while let Some(c) = chars.next() {
        json.extend(if c == '\\' { chars.next() } else { Some(c) });
    }
    serde_json::from_str(&json).expect("the product's JSON")
}

/// Publishes the demo catalog with the ring at `price`, as version 2.
async fn publish_ring_at(app: &TestApp, pool: &sqlx::AnyPool, price: i64) {
    let marketing = app
        .sign_in(&person(pool, Role::Marketing).await, PASSWORD)
        .await;
    let mut catalog = Catalog::from_json(DEMO_CATALOG).unwrap();
    let ring = catalog
        .products
        .iter_mut()
        .find(|p| p.id == "ring")
        .unwrap();
    ring.base_price = price;
    app.publish_first_draft(&marketing, &catalog, "dearer ring")
        .await;
}

on_both_databases!(pages_send_their_product_apart, |db| async move {
    let Some((app, _pool)) = spawn_with_pool(db, &[]).await else {
        return;
    };
    let html = page(&app, "/p/shirt?lang=en").await;
    // The element the script fills, empty in the page; the island's data
    // names it instead of carrying the shirt's 85 KB.
    let element = html
        .find(r#"<script type="application/json" id="product-data" nonce=""#)
        .expect("the product's element, with the page's nonce");
    assert!(html[element..]
        .split_once('>')
        .unwrap()
        .1
        .starts_with("</script>"));
    assert!(html.contains(r#""compiled":"product-data""#));
    assert!(html.len() < 40_000, "the page is {} bytes", html.len());
    // Deferred and before the islands' module script, so it runs first.
    let src = script_src(&html);
    assert!(src.starts_with("/data/1/") && src.ends_with(".js"), "{src}");
    let islands = html.find(r#"<script type="module""#).expect("islands");
    assert!(
        html.find(&src).unwrap() < islands,
        "the product script comes first"
    );

    let res = app.get(&src).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let plain = res.text().await.unwrap();
    let product = product_of(&plain);
    assert_eq!(product["product"]["name"]["en"], "Made-to-measure shirt");
    // Compressed once, kept, and sent in what the browser accepts.
    for encoding in ["br", "zstd", "gzip"] {
        for _ in 0..2 {
            let res = app.get_with_header(&src, "accept-encoding", encoding).await;
            assert_eq!(res.headers()["content-encoding"], encoding);
            assert_eq!(res.headers()["vary"], "accept-encoding");
            let body = res.bytes().await.unwrap();
            assert!(
                body.len() * 10 < plain.len(),
                "{encoding}: {} bytes",
                body.len()
            );
            assert_eq!(
                crate::http_stack::decompress(encoding, &body),
                plain.as_bytes()
            );
        }
    }
    assert_eq!(
        product["product"]["name"]["de"], "",
        "in the page's language only"
    );

    // Another language, another script; the checkout shares the configurator's.
    let german = script_src(&page(&app, "/p/shirt?lang=de").await);
    assert_ne!(german, src);
    let german_product = product_of(&app.get(&german).await.text().await.unwrap());
    assert_eq!(german_product["product"]["name"]["en"], "");
    let checkout = page(&app, "/p/shirt/checkout?lang=en&fit=standard&size=l").await;
    assert_eq!(script_src(&checkout), src);
    assert!(checkout.contains(r#""compiled":"product-data""#));

    // The server function still answers the product itself.
    let api = app
        .client
        .post(format!("{}/api/configurator", app.address))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("product=shirt&lang=en")
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 200);
    let data: serde_json::Value = api.json().await.unwrap();
    assert_eq!(data["compiled"]["product"]["id"], "shirt");

    for missing in [
        "/data/1/0123456789abcdef0123.js",
        "/data/x/y.js",
        "/data/99/y.js",
    ] {
        let res = app.get(missing).await;
        assert_eq!(res.status(), 404, "{missing}");
        assert_eq!(res.headers()["cache-control"], "no-store", "{missing}");
    }
});

on_both_databases!(
    scripts_outlive_a_publication_and_reach_other_processes,
    |db| async move {
        let Some(url) = fresh_database(db).await else {
            return;
        };
        let app = spawn_on(&url, &[]).await;
        let other = spawn_on(&url, &[]).await;
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&url).await.expect("connect");
        let before = script_src(&page(&app, "/p/ring?lang=en").await);
        assert_eq!(script_src(&page(&other, "/p/ring?lang=en").await), before);

        publish_ring_at(&app, &pool, 8900).await;
        let after = script_src(&page(&app, "/p/ring?lang=en").await);
        assert!(after.starts_with("/data/2/"), "{after}");
        assert_eq!(
            product_of(&app.get(&after).await.text().await.unwrap())["product"]["base_price"],
            8900
        );
        // A page rendered just before still gets its product.
        assert_eq!(app.get(&before).await.status(), 200);
        // The other process answers the new version's script at once, even
        // before its own look for new versions.
        let res = other.get(&after).await;
        assert_eq!(res.status(), 200);
        assert_eq!(
            product_of(&res.text().await.unwrap())["product"]["base_price"],
            8900
        );
    }
);
