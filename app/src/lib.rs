//! Atelier's user interface: the Leptos app (routes, pages, components) and
//! the server functions it calls. Rendered on the server (`ssr`) and hydrated
//! in the browser (`hydrate`); configuration logic comes from `engine`.

pub mod components;
pub mod error;
pub mod i18n;
pub mod orders;
pub mod pages;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod state;

use i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, Meta, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    ParamSegment, SsrMode, StaticSegment,
};

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = i18n::request_lang();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The root component: shared context, head tags and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    i18n::provide_lang();
    let lang = use_lang();
    // Marks the document once the browser app runs (effects never run on the
    // server); tests and styles use it to tell a hydrated page apart.
    Effect::new(|_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
    view! {
        <Stylesheet id="leptos" href="/pkg/atelier.css" />
        <Title text="Atelier" />
        // Head content is plain text: a reactive value there can be read after
        // its owner is gone while the head is rendered.
        <Meta name="description" content=i18n::t(lang.get_untracked(), i18n::Key::SiteTagline) />
        <Link rel="icon" href="/favicon.svg" type_="image/svg+xml" />
        <Router>
            <components::layout::Header />
            <main id="main">
                <Routes fallback=pages::not_found::NotFound>
                    <Route path=StaticSegment("") view=pages::home::HomePage ssr=SsrMode::Async />
                    <Route
                        path=(StaticSegment("p"), ParamSegment("product"))
                        view=pages::configurator::ConfiguratorPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(StaticSegment("p"), ParamSegment("product"), StaticSegment("checkout"))
                        view=pages::checkout::CheckoutPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(StaticSegment("orders"), ParamSegment("token"))
                        view=pages::order_status::OrderStatusPage
                        ssr=SsrMode::Async
                    />
                </Routes>
            </main>
            <components::layout::Footer />
        </Router>
    }
}
