//! The published catalog as cacheable data: the live product revalidated
//! by an ETag naming its version, each version's product immutable, and a
//! new version changing the live ETag while the old version stays as it was.

use crate::admin::{person, PASSWORD};
use crate::helpers::spawn_with_pool;
use crate::on_both_databases;
use app::admin::Role;
use atelier_server::catalog_store::DEMO_CATALOG;
use engine::Catalog;

on_both_databases!(catalog_data_is_cached_per_version, |db| async move {
    let Some((app, pool)) = spawn_with_pool(db, &[]).await else {
        return;
    };
    let live = app.get("/catalog/products/ring").await;
    assert_eq!(live.status(), 200);
    assert_eq!(live.headers()["cache-control"], "public, no-cache");
    assert_eq!(live.headers()["etag"], "\"catalog-v1-ring\"");
    assert_eq!(
        live.headers()["content-location"],
        "/catalog/versions/1/products/ring"
    );
    let body: serde_json::Value = live.json().await.unwrap();
    assert_eq!(body["version"], 1);
    assert_eq!(body["product"]["base_price"], 7900);

    let again = app
        .client
        .get(format!("{}/catalog/products/ring", app.address))
        .header("if-none-match", "\"catalog-v1-ring\"")
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    let fixed = app.get("/catalog/versions/1/products/ring").await;
    assert_eq!(fixed.status(), 200);
    assert_eq!(
        fixed.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    for missing in [
        "/catalog/products/boat",
        "/catalog/versions/9/products/ring",
        "/catalog/versions/x/products/ring",
    ] {
        assert_eq!(app.get(missing).await.status(), 404, "{missing}");
    }

    // A new version: the live ETag moves on, version 1 stays as it was.
    let marketing = app
        .sign_in(&person(&pool, Role::Marketing).await, PASSWORD)
        .await;
    let mut dearer = Catalog::from_json(DEMO_CATALOG).unwrap();
    dearer
        .products
        .iter_mut()
        .find(|p| p.id == "ring")
        .unwrap()
        .base_price = 8900;
    app.publish_first_draft(&marketing, &dearer, "dearer ring")
        .await;
    assert!(app.served_version(2).await);
    let stale = app
        .client
        .get(format!("{}/catalog/products/ring", app.address))
        .header("if-none-match", "\"catalog-v1-ring\"")
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), 200);
    assert_eq!(stale.headers()["etag"], "\"catalog-v2-ring\"");
    let body: serde_json::Value = stale.json().await.unwrap();
    assert_eq!(body["product"]["base_price"], 8900);
    let old: serde_json::Value = app
        .get("/catalog/versions/1/products/ring")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(old["product"]["base_price"], 7900);
});
