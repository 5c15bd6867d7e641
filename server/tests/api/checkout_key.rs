//! The checkout key survives a lost reply without JavaScript: reloading the
//! checkout or going Back to it after a timeout shows the same key (a
//! session cookie scoped to the product's checkout page), so sending the
//! same form again returns the stored order instead of placing a second.

use crate::helpers::Db;
use crate::on_both_databases;
use crate::orders::{checkout, count, start, RUBY_RING};
use app::orders::CheckoutForm;

const COOKIE: &str = "atelier_checkout";

/// The `atelier_checkout` cookie a response sets, as `name=value; attrs`.
fn set_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{COOKIE}=")))
        .map(str::to_owned)
}

/// The key a checkout page's form carries.
fn form_key(html: &str) -> String {
    let at = html.find(r#"name="key""#).expect("a key field");
    let value = &html[at..];
    let start = value.find(r#"value=""#).expect("its value") + 7;
    value[start..start + 36].to_owned()
}

on_both_databases!(
    the_checkout_key_survives_a_lost_reply,
    |db: Db| async move {
        let Some((app, pool)) = start(db).await else {
            return;
        };
        let url = format!("{}/p/ring/checkout?{RUBY_RING}", app.address);
        let load = |cookie: Option<String>| {
            let request = app.client.get(&url);
            let request = match cookie {
                Some(key) => request.header("cookie", format!("{COOKIE}={key}")),
                None => request,
            };
            async move { request.send().await.expect("page") }
        };
        let post = |form: CheckoutForm, key: &str| {
            app.client
                .post(&url)
                .header("cookie", format!("{COOKIE}={key}"))
                .form(&form)
                .send()
        };

        // The first visit makes a key and keeps it in a cookie of this page.
        let first = load(None).await;
        assert_eq!(first.status(), 200);
        let kept = set_cookie(&first).expect("the key is kept");
        assert!(kept.contains("Path=/p/ring/checkout"), "{kept}");
        assert!(kept.contains("HttpOnly"), "{kept}");
        let key = form_key(&first.text().await.unwrap());
        assert!(kept.starts_with(&format!("{COOKIE}={key};")), "{kept}");

        // Reloading shows the same key and sets nothing new.
        let reloaded = load(Some(key.clone())).await;
        assert_eq!(set_cookie(&reloaded), None);
        assert_eq!(form_key(&reloaded.text().await.unwrap()), key);

        // The order is placed, but the reply never reaches the customer
        // (a timeout, a dropped connection): the browser still holds the key.
        let form = app.confirmed(checkout("ring", RUBY_RING, &key)).await;
        let placed = post(form.clone(), &key).await.unwrap();
        assert_eq!(placed.status(), 303);
        let location = placed.headers()["location"].to_str().unwrap().to_owned();
        let cleared = set_cookie(&placed).expect("a placed order clears the key");
        assert!(cleared.contains("Max-Age=0"), "{cleared}");

        // Back to the checkout: the same key, and sending the same form again
        // returns the stored order.
        let back = load(Some(key.clone())).await;
        assert_eq!(form_key(&back.text().await.unwrap()), key);
        let again = post(form, &key).await.unwrap();
        assert_eq!(again.status(), 303);
        assert_eq!(again.headers()["location"].to_str().unwrap(), location);
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM orders").await, 1);

        // Once the reply arrived (the cookie is gone), the next checkout of
        // the product is a new one; a cookie the server did not make is
        // ignored.
        let next = load(None).await;
        assert_ne!(form_key(&next.text().await.unwrap()), key);
        let forged = load(Some("<script>alert(1)</script>".into())).await;
        assert!(set_cookie(&forged).is_some(), "replaced by a real key");
        assert_ne!(form_key(&forged.text().await.unwrap()), key);
    }
);
