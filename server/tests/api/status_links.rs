//! The secret of a status link is never stored: the order keeps its
//! digest, nothing else holds it, the link opens the order, the digest
//! opens nothing, and sending the checkout again gives the same link.

use crate::helpers::Db;
use crate::on_both_databases;
use crate::orders::{checkout, start, RUBY_RING};

on_both_databases!(status_links_are_stored_as_digests, |db: Db| async move {
    let Some((app, pool)) = start(db).await else {
        return;
    };
    let key = uuid::Uuid::new_v4().to_string();
    let (number, token, form) = app
        .place_accepting_changes(checkout("ring", RUBY_RING, &key))
        .await;
    let (stored,): (String,) = sqlx::query_as("SELECT token FROM orders WHERE id = $1")
        .bind(&number)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(stored, atelier_server::orders::token::stored(&token));
    assert!(!stored.contains(&token));
    let outbox: Vec<(String,)> = sqlx::query_as("SELECT payload FROM outbox")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert!(!outbox.is_empty(), "the order's event");
    assert!(
        outbox.iter().all(|(p,)| !p.contains(&token)),
        "no event holds the link"
    );

    assert_eq!(app.get(&format!("/orders/{token}")).await.status(), 200);
    let digest = stored.trim_start_matches("sha256:");
    for guess in [stored.as_str(), digest] {
        let path = format!(
            "/orders/{}",
            form_urlencoded::byte_serialize(guess.as_bytes()).collect::<String>()
        );
        assert_eq!(app.get(&path).await.status(), 404, "{guess}");
    }
    // The same checkout sent again answers with the same link.
    let (again_number, again_token, _) = app.place_accepting_changes(form).await;
    assert_eq!((again_number, again_token), (number, token));
});
