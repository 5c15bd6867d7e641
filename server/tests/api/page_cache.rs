//! Pages kept for a moment: the same link is rendered once and answered
//! as rendered, a page of other content is a new render with a new nonce, a
//! request that may change something drops the kept pages, and a visitor
//! with a cart is never served somebody else's page.

use crate::helpers::{spawn_app, Db, TestApp};
use crate::on_both_databases;

const PAGE: &str = "/p/ring?lang=en&metal=silver";
/// A complete ring, for the cart.
const RING: &str = "metal=yellow-gold&stone=ruby&width=4mm&size=54&finish=polished";

/// The answer's cache mark, its policy's nonce and its page.
async fn fetch(app: &TestApp, path: &str, cookie: Option<&str>) -> (String, String, String) {
    let mut request = app.client.get(format!("{}{path}", app.address));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let res = request.send().await.expect("request");
    assert_eq!(res.status(), 200);
    let mark = res
        .headers()
        .get("x-page-cache")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let nonce = crate::helpers::csp_nonce(res.headers());
    (mark, nonce, res.text().await.unwrap())
}

on_both_databases!(
    a_link_asked_again_is_answered_as_rendered_and_other_content_is_rendered_anew,
    |db: Db| async move {
        let Some(app) = spawn_app(db).await else {
            return;
        };
        let (first, nonce, rendered) = fetch(&app, PAGE, None).await;
        let (second, kept_nonce, kept) = fetch(&app, PAGE, None).await;
        assert_eq!((first.as_str(), second.as_str()), ("miss", "hit"));
        assert_eq!(
            kept_nonce, nonce,
            "the page's policy still fits its scripts"
        );
        assert_eq!(kept, rendered, "a kept page is answered byte for byte");
        // A click from a campaign is the same page.
        let tagged = format!("{PAGE}&utm_source=newsletter&gclid=Cj0KCQ");
        let (mark, _, html) = fetch(&app, &tagged, None).await;
        assert_eq!((mark.as_str(), html == rendered), ("hit", true));
        // A campaign link rendered first carries no notice about its tags.
        let (mark, _, html) =
            fetch(&app, "/p/ring?lang=en&fbclid=IwAR&metal=rose-gold", None).await;
        assert_eq!(mark, "miss");
        assert!(!html.contains(r#"class="notice""#), "{html}");
        // Another link, or the same in another language, is its own page,
        // rendered with a nonce of its own.
        for other in [
            "/p/ring?lang=de&metal=silver",
            "/p/ring?lang=en&metal=platinum",
        ] {
            let (mark, other_nonce, html) = fetch(&app, other, None).await;
            assert_eq!(mark, "miss", "{other}");
            assert_ne!(other_nonce, nonce, "{other}");
            assert!(!html.contains(&nonce), "{other}");
        }
        // A link to nothing is answered 404 each time, never kept.
        for _ in 0..2 {
            let res = app.get("/p/nope?lang=en").await;
            assert_eq!(res.status(), 404);
            assert!(
                res.headers().get("x-page-cache").is_none(),
                "neither kept nor answered from the kept pages"
            );
        }
    }
);

on_both_databases!(
    a_request_that_may_change_something_drops_the_kept_pages,
    |db: Db| async move {
        let Some(app) = spawn_app(db).await else {
            return;
        };
        fetch(&app, PAGE, None).await;
        assert_eq!(fetch(&app, PAGE, None).await.0, "hit");
        let res = add_ring_to_a_new_cart(&app).await;
        assert!(res.status().is_success(), "{}", res.status());
        assert_eq!(fetch(&app, PAGE, None).await.0, "miss");
    }
);

on_both_databases!(
    a_visitor_with_a_cart_gets_a_page_of_their_own,
    |db: Db| async move {
        let Some(app) = spawn_app(db).await else {
            return;
        };
        let res = add_ring_to_a_new_cart(&app).await;
        let cookie = res
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with(&format!("{}=", app::cart::COOKIE)))
            .and_then(|v| v.split(';').next())
            .expect("a cart cookie")
            .to_owned();
        // Kept for visitors without a cart, with an empty cart count.
        fetch(&app, PAGE, None).await;
        let (mark, _, anonymous) = fetch(&app, PAGE, None).await;
        assert_eq!(mark, "hit");
        let (mark, _, own) = fetch(&app, PAGE, Some(&cookie)).await;
        assert_eq!(mark, "", "a page with a cart is never kept nor served kept");
        assert_ne!(
            cart_count(&own),
            cart_count(&anonymous),
            "the cart's page counts its line"
        );
        // The language cookie alone leaves the page the same for everybody.
        let (mark, _, _) = fetch(&app, PAGE, Some("lang=de")).await;
        assert_eq!(mark, "hit");
    }
);

/// Puts a ring into a new cart, as the shop's script does.
async fn add_ring_to_a_new_cart(app: &TestApp) -> reqwest::Response {
    app.client
        .post(format!("{}/cart", app.address))
        .header("x-atelier-fetch", "1")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(app::cart::request::save_body("ring", None, RING, 1))
        .send()
        .await
        .unwrap()
}

/// The header's cart count element.
fn cart_count(html: &str) -> String {
    let at = html
        .find(&format!(r#"id="{}""#, app::islands::CART_COUNT_ID))
        .expect("a cart count");
    html[at..].split('<').next().unwrap().to_owned()
}
