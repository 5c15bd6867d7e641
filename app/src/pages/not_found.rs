//! The page for addresses that match no route; answers with HTTP 404.

use crate::i18n::{t, use_lang, Key};
use leptos::prelude::*;

/// Tells the visitor the page does not exist and sets the status to 404.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let lang = use_lang();
    view! {
        <section class="not-found">
            <h1>{move || t(lang.get(), Key::NotFoundHeading)}</h1>
            <p>{move || t(lang.get(), Key::NotFoundText)}</p>
            <a href="/">{move || t(lang.get(), Key::BackHome)}</a>
        </section>
    }
}
