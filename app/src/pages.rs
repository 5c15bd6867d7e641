//! One module per page.

pub mod admin;
pub mod cart;
pub mod checkout;
pub mod configurator;
pub mod home;
pub mod not_found;
pub mod order_status;

use crate::components::Settled;

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

/// What a page shows for its loaded data: the page itself, the 404 page for
/// something that does not exist, or `load_error`. Its data is here, so its
/// `<Suspense>` renders it without walking it for resources ([`Settled`]).
pub fn loaded<T>(
    result: Result<T, crate::error::AppError>,
    load_error: &'static str,
    page: impl FnOnce(T) -> leptos::prelude::AnyView,
) -> Settled<leptos::prelude::AnyView> {
    use leptos::prelude::*;
    Settled(match result {
        Ok(data) => page(data),
        Err(crate::error::AppError::NotFound) => view! { <not_found::NotFound /> }.into_any(),
        Err(_) => view! { <p class="error" role="alert">{load_error}</p> }.into_any(),
    })
}
