//! The checkout key of an order straight from the configurator survives a
//! lost reply: it lives in a session cookie scoped to the product's checkout
//! page (`Path=/p/{product}/checkout`), so that reloading the page or going
//! Back to it after a timeout shows the same key, and sending the same form
//! again returns the order if it was stored. The cookie is cleared when the
//! order is placed (the next checkout orders anew) or the key was refused.
//! The cart's checkout needs none: a cart revision is ordered once.

use crate::cart::cookie::{set_on_response, value_of};
use cookie::{Cookie, SameSite};
use http::request::Parts;
use http::HeaderValue;

/// The cookie's name (one per product: the path tells them apart).
pub const COOKIE: &str = "atelier_checkout";

/// A new random checkout key.
pub fn fresh() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// The key the request's cookie carries, if it is one the server made.
pub fn of_request(parts: &Parts) -> Option<String> {
    value_of(parts, COOKIE).filter(|v| is_key(v))
}

/// A hyphenated UUID, as [`fresh`] makes them.
fn is_key(value: &str) -> bool {
    value.len() == 36 && uuid::Uuid::try_parse(value).is_ok()
}

/// A product id that may appear in a cookie path.
fn is_product_id(product: &str) -> bool {
    !product.is_empty()
        && product.len() <= 64
        && product
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// `Set-Cookie` keeping `key` for the checkout of `product` (a session
/// cookie), or clearing it when `key` is `None`; `None` for an id that
/// cannot be a product's.
pub fn set_cookie(product: &str, key: Option<&str>, secure: bool) -> Option<HeaderValue> {
    if !is_product_id(product) {
        return None;
    }
    let mut cookie = Cookie::build((COOKIE, key.unwrap_or_default().to_owned()))
        .path(format!("/p/{product}/checkout"))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .build();
    if key.is_none() {
        cookie.make_removal();
    }
    HeaderValue::from_str(&cookie.to_string()).ok()
}

/// Puts the cookie for `product`'s checkout key on the response being
/// produced (server context): keeps `key`, or clears it for `None`.
pub fn remember(product: &str, key: Option<&str>) {
    set_on_response(|secure| set_cookie(product, key, secure));
}

/// The key the request being served carries (server context).
pub fn request_key() -> Option<String> {
    leptos::prelude::use_context::<Parts>().and_then(|parts| of_request(&parts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cart::cookie::tests::parts;

    #[test]
    fn only_a_key_the_server_makes_is_read() {
        let key = fresh();
        assert_eq!(
            of_request(&parts(&format!("atelier_cart=x; {COOKIE}={key}"))),
            Some(key)
        );
        for bad in ["", "x", "<script>", &"a".repeat(36), "../../etc/passwd"] {
            assert_eq!(
                of_request(&parts(&format!("{COOKIE}={bad}"))),
                None,
                "{bad}"
            );
        }
    }

    #[test]
    fn the_cookie_belongs_to_the_products_checkout_page() {
        let key = fresh();
        let kept = set_cookie("car", Some(&key), true).unwrap();
        let kept = kept.to_str().unwrap();
        for part in [
            &format!("{COOKIE}={key}")[..],
            "Path=/p/car/checkout",
            "HttpOnly",
            "SameSite=Lax",
            "Secure",
        ] {
            assert!(kept.contains(part), "{kept} lacks {part}");
        }
        assert!(!kept.contains("Max-Age"), "a session cookie: {kept}");
        let cleared = set_cookie("car", None, false).unwrap();
        assert!(
            cleared.to_str().unwrap().contains("Max-Age=0"),
            "{cleared:?}"
        );
        for bad in ["", "a/b", "a;b", "car checkout", &"x".repeat(65)] {
            assert_eq!(set_cookie(bad, Some(&key), false), None, "{bad}");
        }
    }
}
