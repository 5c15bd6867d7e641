//! Customer text is always escaped: an order whose name, street, city and
//! engraving carry markup and script is shown on every page and in every
//! file that shows it (the customer's status page, the cart, the back
//! office's order page and work order, the CSV export, the order mail) and
//! none of them holds an element the customer wrote.

use crate::admin::{person, PASSWORD};
use crate::erasure::settle_mail;
use crate::helpers::{spawn_with_pool, Db};
use crate::on_both_databases;
use crate::orders::checkout;
use app::admin::Role;

/// What a hostile customer types, each a would-be element or attribute.
const NAME: &str = "<img src=x onerror=alert(1)>";
const STREET: &str = "\"><script>alert(2)</script> 5";
const CITY: &str = "</textarea><svg onload=alert(3)>";
/// The engraving allows `&` and `'`, which must be escaped as well.
const ENGRAVING: &str = "Tom & Ann's";

/// Whether `text` holds any of the customer's markup unescaped.
fn injected(text: &str) -> Option<&'static str> {
    [
        "<img src=x",
        "<script>alert(2)",
        "<svg onload",
        "</textarea><svg",
    ]
    .into_iter()
    .find(|markup| text.contains(markup))
}

on_both_databases!(customer_text_is_escaped_everywhere, |db: Db| async move {
    let mail = crate::helpers::mail_folder();
    let folder = mail.display().to_string();
    let Some((app, pool)) = spawn_with_pool(db, &[("ATELIER_MAIL_DIR", &folder)]).await else {
        return;
    };
    let config = format!(
        "metal=silver&width=4mm&size=54&finish=polished&engraving={}&engraving.font=serif",
        form_urlencoded::byte_serialize(ENGRAVING.as_bytes()).collect::<String>()
    );
    let key = uuid::Uuid::new_v4().to_string();
    let form = app_form(&config, &key);
    let (number, token, _) = app.place_accepting_changes(form).await;
    let owner = app
        .sign_in(&person(&pool, Role::Owner).await, PASSWORD)
        .await;

    // The cart: the engraving on a cart line.
    let cart = app
        .client
        .post(format!("{}/cart", app.address))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(app::cart::request::save_body("ring", None, &config, 1))
        .send()
        .await
        .unwrap();
    let cookie = cart
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("atelier_cart="))
        .map(|v| v.split(';').next().unwrap().to_owned())
        .expect("a cart");

    let pages = [
        (format!("/orders/{token}?lang=en"), None, NAME),
        (
            "/cart?lang=en".to_owned(),
            Some(cookie.as_str()),
            "Tom & Ann",
        ),
        (
            format!("/admin/orders/{number}?lang=en"),
            Some(owner.as_str()),
            NAME,
        ),
        (
            format!("/admin/orders/{number}/work-order?lang=en"),
            Some(owner.as_str()),
            "Tom & Ann",
        ),
        (
            "/admin/orders?lang=en".to_owned(),
            Some(owner.as_str()),
            NAME,
        ),
    ];
    for (path, cookie, shown) in pages {
        let response = app.get_with(&path, cookie).await;
        assert_eq!(response.status(), 200, "{path}");
        let html = response.text().await.unwrap();
        assert_eq!(injected(&html), None, "{path}");
        let escaped = shown
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        assert!(html.contains(&escaped), "{path} shows {shown} escaped");
    }

    // The CSV holds the text as it is (a spreadsheet shows no markup).
    let csv = app
        .get_with("/admin/orders/export.csv", Some(&owner))
        .await
        .text()
        .await
        .unwrap();
    assert!(csv.contains(NAME), "the CSV keeps the name as typed");

    // The order mail: its HTML part escapes, its text part is plain.
    settle_mail(&pool).await;
    let mut found = false;
    for entry in std::fs::read_dir(&mail).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default();
        if !text.contains(&number) {
            continue;
        }
        found = true;
        let message = mail_parser::MessageParser::default()
            .parse(text.as_bytes())
            .expect("a mail");
        assert!(message.html_body_count() > 0, "an HTML part");
        for html in message.html_bodies() {
            let html = html.text_contents().unwrap_or_default();
            assert_eq!(injected(html), None, "mail of {number}: {html}");
        }
    }
    assert!(found, "a mail of order {number}");
});

fn app_form(config: &str, key: &str) -> app::orders::CheckoutForm {
    app::orders::CheckoutForm {
        name: NAME.into(),
        street: STREET.into(),
        city: CITY.into(),
        lang: "en".into(),
        ..checkout("ring", config, key)
    }
}
