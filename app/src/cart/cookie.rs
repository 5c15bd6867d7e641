//! The cart cookie: an opaque secret of 256 random bits (64 hex digits),
//! `HttpOnly`, `SameSite=Lax`, for 30 days from the last use, `Secure` when
//! the shop is served over HTTPS. It holds nothing but the secret.

use super::{COOKIE, LIFETIME_DAYS};
use cookie::{Cookie, SameSite};
use http::request::Parts;
use http::HeaderValue;

/// The cart secret the request's cookie carries, if it has a well-formed one.
pub fn secret_of(parts: &Parts) -> Option<String> {
    value_of(parts, COOKIE).filter(|v| is_secret(v))
}

/// The value of the request's first cookie called `name`.
pub fn value_of(parts: &Parts, name: &str) -> Option<String> {
    parts
        .headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}

/// The cart secret of the request being served (server context).
pub fn request_secret() -> Option<String> {
    leptos::prelude::use_context::<Parts>().and_then(|parts| secret_of(&parts))
}

/// 64 lower-case hex digits, as the server makes them.
fn is_secret(value: &str) -> bool {
    value.len() == 64
        && value
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Whether the request reached the shop over HTTPS (directly, or through a
/// proxy that says so).
pub fn over_https(parts: &Parts) -> bool {
    parts.uri.scheme_str() == Some("https")
        || parts
            .headers
            .get("x-forwarded-proto")
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"))
}

/// The `Set-Cookie` value that keeps `secret` for another 30 days.
pub fn set_cookie(secret: &str, secure: bool) -> HeaderValue {
    let cookie = Cookie::build((COOKIE, secret.to_owned()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(cookie::time::Duration::days(LIFETIME_DAYS))
        .build();
    // The secret is hex and the attributes are fixed: always a valid header.
    HeaderValue::from_str(&cookie.to_string()).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Puts the cookie for `secret` on the response being rendered (server context).
pub fn keep(secret: &str) {
    set_on_response(|secure| Some(set_cookie(secret, secure)));
}

/// Appends the `Set-Cookie` that `cookie` makes (told whether the request
/// came over HTTPS) to the response being rendered (server context).
pub fn set_on_response(cookie: impl FnOnce(bool) -> Option<HeaderValue>) {
    use leptos::prelude::use_context;
    let secure = use_context::<Parts>().is_some_and(|p| over_https(&p));
    let response = use_context::<leptos_axum::ResponseOptions>();
    if let (Some(response), Some(value)) = (response, cookie(secure)) {
        response.append_header(http::header::SET_COOKIE, value);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A request's head carrying the `Cookie` header `cookie`.
    pub(crate) fn parts(cookie: &str) -> Parts {
        let (parts, ()) = http::Request::builder()
            .header(http::header::COOKIE, cookie)
            .body(())
            .unwrap()
            .into_parts();
        parts
    }

    #[test]
    fn only_a_well_formed_secret_is_read() {
        let secret = "a".repeat(64);
        assert_eq!(
            secret_of(&parts(&format!("lang=de; {COOKIE}={secret}"))),
            Some(secret)
        );
        for bad in [
            "x".repeat(64),
            "A".repeat(64),
            "a".repeat(63),
            "a".repeat(65),
        ] {
            assert_eq!(secret_of(&parts(&format!("{COOKIE}={bad}"))), None, "{bad}");
        }
        assert_eq!(secret_of(&parts("lang=de")), None);
    }

    #[test]
    fn the_cookie_is_http_only_lax_for_thirty_days() {
        let value = set_cookie(&"b".repeat(64), false);
        let text = value.to_str().unwrap();
        assert!(
            text.starts_with(&format!("{COOKIE}={}", "b".repeat(64))),
            "{text}"
        );
        for attribute in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=2592000"] {
            assert!(text.contains(attribute), "{text} lacks {attribute}");
        }
        assert!(!text.contains("Secure"));
        assert!(set_cookie(&"b".repeat(64), true)
            .to_str()
            .unwrap()
            .contains("Secure"));
    }
}
