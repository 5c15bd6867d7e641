//! The integrations pages over HTTP, as an owner uses them without
//! JavaScript: adding an endpoint (a bad address refused with the input
//! kept), its secret, a test event that the real receiver verifies, a
//! rotation, disabling; the customers' mail listed and readable; staff
//! kept out.

use crate::admin::{person, PASSWORD};
use crate::helpers::spawn_with_pool;
use crate::on_both_databases;
use crate::peers::{free_port, Receiver};
use app::admin::Role;
use std::time::Duration;

fn text(html: &str) -> String {
    html.replace("<!>", "")
}

on_both_databases!(
    an_owner_adds_tries_rotates_and_disables_an_endpoint,
    |db| async move {
        let Some((app, pool)) =
            spawn_with_pool(db, &[("ATELIER_DELIVERY_SCHEDULE", "0,1,1")]).await
        else {
            return;
        };
        let owner = app
            .sign_in(&person(&pool, Role::Owner).await, PASSWORD)
            .await;

        let (status, page) = app.page_text("/admin/integrations?lang=en", &owner).await;
        assert_eq!(status, 200);
        assert!(
            page.contains("Add an endpoint") && page.contains("No endpoint yet."),
            "{page}"
        );

        let refused = app
            .post_form(
                "/admin/integrations?lang=en",
                Some(&owner),
                &[("url", "ftp://workshop.example/x"), ("description", "Kiln")],
            )
            .await;
        assert_eq!(refused.status(), 422);
        let page = text(&refused.text().await.unwrap());
        assert!(page.contains("must start with https://"), "{page}");
        assert!(
            page.contains("value=\"ftp://workshop.example/x\""),
            "input kept"
        );
        let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM webhook_endpoints")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(count, 0, "nothing stored");

        let port = free_port();
        let added = app
            .post_form(
                "/admin/integrations?lang=en",
                Some(&owner),
                &[
                    ("url", &Receiver::url(port)),
                    ("description", "Kiln"),
                    ("event_type", "order.released"),
                ],
            )
            .await;
        assert_eq!(added.status(), 303);
        let location = added.headers()["location"].to_str().unwrap().to_owned();
        assert!(location.ends_with("?done=added"), "{location}");
        let path = location.split('?').next().unwrap().to_owned();
        let (id, secret, types): (String, String, String) =
            sqlx::query_as("SELECT id, secret, event_types FROM webhook_endpoints")
                .fetch_one(&pool)
                .await
                .unwrap();
        assert_eq!(path, format!("/admin/integrations/{id}"));
        assert_eq!(types, "order.released");
        let (_, page) = app.page_text(&format!("{path}?lang=en"), &owner).await;
        assert!(
            page.contains(&secret) && page.contains("Rotate the secret"),
            "the owner sees the secret"
        );

        let receiver = Receiver::start(port, &[&secret]);
        let tried = app
            .post_form(&format!("{path}/test"), Some(&owner), &[])
            .await;
        assert_eq!(tried.status(), 303);
        let received = receiver
            .wait_for(Duration::from_secs(30), |r| !r.is_empty())
            .await;
        assert_eq!(received[0]["type"], "webhook.test");
        assert_eq!(received[0]["verified_with"][0], secret.as_str());
        let start = std::time::Instant::now();
        loop {
            let (_, page) = app.page_text(&format!("{path}?lang=en"), &owner).await;
            let page = text(&page);
            if page.contains("delivered</td>") {
                assert!(page.contains("webhook.test"), "the log lists it: {page}");
                assert!(page.contains("204"), "with the receiver's answer: {page}");
                break;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "the log never showed the test delivered: {page}"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }

        let rotated = app
            .post_form(&format!("{path}/rotate"), Some(&owner), &[])
            .await;
        assert_eq!(rotated.status(), 303);
        let (new, previous): (String, Option<String>) =
            sqlx::query_as("SELECT secret, previous_secret FROM webhook_endpoints")
                .fetch_one(&pool)
                .await
                .unwrap();
        assert_ne!(new, secret);
        assert_eq!(previous.as_deref(), Some(secret.as_str()));

        let bad = app
            .post_form(
                &format!("{path}/enable?lang=en"),
                Some(&owner),
                &[("enabled", "maybe")],
            )
            .await;
        assert_eq!(bad.status(), 422);
        let off = app
            .post_form(&format!("{path}/enable"), Some(&owner), &[("enabled", "0")])
            .await;
        assert_eq!(off.status(), 303);
        let (enabled, reason): (i64, Option<String>) =
            sqlx::query_as("SELECT enabled, disabled_reason FROM webhook_endpoints")
                .fetch_one(&pool)
                .await
                .unwrap();
        assert_eq!(enabled, 0);
        assert!(reason.unwrap_or_default().contains("owner@example.de"));

        let missing = app
            .post_form("/admin/integrations/ep_none/rotate", Some(&owner), &[])
            .await;
        assert_eq!(missing.status(), 404);

        let staff = app
            .sign_in(&person(&pool, Role::Staff).await, PASSWORD)
            .await;
        assert_eq!(
            app.get_with("/admin/integrations", Some(&staff))
                .await
                .status(),
            403
        );
        assert_eq!(
            app.post_form(&format!("{path}/rotate"), Some(&staff), &[])
                .await
                .status(),
            403
        );
    }
);

on_both_databases!(the_customers_mail_is_listed_and_readable, |db| async move {
    let Some((app, pool)) = spawn_with_pool(db, &[]).await else {
        return;
    };
    let owner = app
        .sign_in(&person(&pool, Role::Owner).await, PASSWORD)
        .await;
    let (number, token) = app.ring_order("mailed").await;
    let start = std::time::Instant::now();
    let event = loop {
        let done: Option<(String,)> = sqlx::query_as(
            "SELECT event_id FROM deliveries WHERE channel = 'mail' AND state = 'delivered'",
        )
        .fetch_optional(&pool)
        .await
        .unwrap();
        if let Some((event,)) = done {
            break event;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the confirmation was not written"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let (_, page) = app.page_text("/admin/integrations?lang=en", &owner).await;
    assert!(
        page.contains(&number) && page.contains(&format!("/admin/integrations/mail/{event}")),
        "{page}"
    );
    let (status, mail) = app
        .page_text(&format!("/admin/integrations/mail/{event}?lang=en"), &owner)
        .await;
    assert_eq!(status, 200);
    let mail = text(&mail);
    assert!(
        mail.contains(&format!(
            "Subject: Ihre Bestellung {number} ist eingegangen"
        )),
        "{mail}"
    );
    assert!(
        mail.contains("vielen Dank für Ihre Bestellung"),
        "decoded: {mail}"
    );
    assert!(
        mail.contains(&format!("/orders/{token}")),
        "the status link"
    );
    assert!(mail.contains("Summe (inkl. MwSt.)"));
    let (status, page) = app
        .page_text(
            "/admin/integrations/mail/..%2F..%2Fetc%2Fpasswd?lang=en",
            &owner,
        )
        .await;
    assert_eq!(status, 200);
    assert!(
        page.contains("This mail is not in the mail folder.") && !page.contains("root:"),
        "a path is not a mail: {page}"
    );
});

/// The token in a page that shows a new one.
fn shown_token(page: &str) -> Option<String> {
    let start = page.find("<code class=\"secret\">")? + "<code class=\"secret\">".len();
    let end = page[start..].find("</code>")? + start;
    Some(page[start..end].to_owned())
}

on_both_databases!(an_owner_makes_and_revokes_an_api_token, |db| async move {
    let Some((app, pool)) = spawn_with_pool(db, &[]).await else {
        return;
    };
    let owner = app
        .sign_in(&person(&pool, Role::Owner).await, PASSWORD)
        .await;
    let refused = app
        .post_form(
            "/admin/integrations/tokens?lang=en",
            Some(&owner),
            &[("token_name", "   ")],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let page = text(&refused.text().await.unwrap());
    assert!(page.contains("Please name the system"), "{page}");
    assert!(shown_token(&page).is_none());

    let no_key = app
        .post_form(
            "/admin/integrations/tokens?lang=en",
            Some(&owner),
            &[("token_name", "Werkstatt Nord")],
        )
        .await;
    assert_eq!(no_key.status(), 422, "the form carries its key");
    let key = uuid::Uuid::new_v4().to_string();
    let form = [
        ("token_name", "Werkstatt <Nord>"),
        ("form_key", key.as_str()),
    ];
    let made = app
        .post_form("/admin/integrations/tokens?lang=en", Some(&owner), &form)
        .await;
    assert_eq!(made.status(), 200);
    let cache = made.headers().get("cache-control").cloned();
    let page = text(&made.text().await.unwrap());
    assert!(
        cache.is_some_and(|c| c.to_str().unwrap().contains("no-store")),
        "a page with a secret is not stored"
    );
    assert!(page.contains("it is never shown again"), "{page}");
    assert!(page.contains("Werkstatt &lt;Nord&gt;"), "the name escaped");
    let token = shown_token(&page).expect("the new token");
    assert!(token.starts_with("atl_") && token.len() > 40, "{token}");
    let api = |token: &str| {
        app.client
            .get(format!("{}/api/v1/orders", app.address))
            .bearer_auth(token.to_owned())
            .send()
    };
    assert_eq!(api(&token).await.unwrap().status(), 200);
    let again = app
        .post_form("/admin/integrations/tokens?lang=en", Some(&owner), &form)
        .await;
    assert_eq!(again.status(), 409, "a reload sends the form again");
    let page = text(&again.text().await.unwrap());
    assert!(page.contains("This form already made its token"), "{page}");
    assert!(shown_token(&page).is_none());

    let (status, listed) = app.page_text("/admin/integrations?lang=en", &owner).await;
    assert_eq!(status, 200);
    assert!(!listed.contains(&token), "shown once only");
    assert!(listed.contains(&format!("…{}", &token[token.len() - 4..])));
    let stored: Vec<(String,)> = sqlx::query_as("SELECT hash FROM api_tokens")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0].0, token, "stored hashed");

    let staff = app
        .sign_in(&person(&pool, Role::Staff).await, PASSWORD)
        .await;
    let (id,): (String,) = sqlx::query_as("SELECT id FROM api_tokens")
        .fetch_one(&pool)
        .await
        .unwrap();
    let revoke = format!("/admin/integrations/tokens/{id}/revoke");
    for path in ["/admin/integrations/tokens", revoke.as_str()] {
        let response = app
            .post_form(path, Some(&staff), &[("token_name", "x")])
            .await;
        assert_eq!(response.status(), 403, "{path}");
    }
    assert_eq!(api(&token).await.unwrap().status(), 200);

    let revoked = app.post_form(&revoke, Some(&owner), &[]).await;
    assert_eq!(revoked.status(), 303);
    let target = revoked.headers()["location"].to_str().unwrap().to_owned();
    assert!(target.contains("done=revoked"), "{target}");
    let (_, after) = app
        .page_text("/admin/integrations?lang=en&done=revoked", &owner)
        .await;
    assert!(text(&after).contains("Token revoked"), "{after}");
    assert!(text(&after).contains("revoked "));
    assert_eq!(api(&token).await.unwrap().status(), 401);
});
