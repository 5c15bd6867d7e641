//! One module per page.

pub mod checkout;
pub mod configurator;
pub mod home;
pub mod not_found;
pub mod order_status;

/// Marks the page being rendered as personal: browsers and proxies must not
/// store it (checkout keys, addresses, order details).
pub fn private_page() {
    #[cfg(feature = "ssr")]
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(
            http::header::CACHE_CONTROL,
            http::HeaderValue::from_static("no-store, private"),
        );
    }
}
