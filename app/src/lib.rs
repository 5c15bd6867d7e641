#![recursion_limit = "512"]
//! Atelier's user interface: the Leptos app (routes, pages, components) and
//! the server functions it calls. Pages are rendered on the server (`ssr`);
//! only their interactive parts, the [`islands`], run in the browser
//! (`hydrate`). Configuration logic comes from `engine`.

pub mod admin;
pub mod browser_product;
pub mod cart;
pub mod components;
pub mod error;
pub mod i18n;
pub mod islands;
pub mod orders;
pub mod page_link;
pub mod pages;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod state;

use i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Link, Meta, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    ParamSegment, SsrMode, StaticSegment,
};

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = i18n::request_lang();
    let scripts = if needs_scripts() {
        #[cfg(feature = "ssr")]
        let loader = view! { <islands::IslandScripts options=options.clone() /> };
        #[cfg(not(feature = "ssr"))]
        let loader = view! { <HydrationScripts options=options.clone() islands=true /> };
        Some(loader)
    } else {
        // Nothing on this page hydrates: render it without hydration data.
        if let Some(context) = Owner::current_shared_context() {
            context.set_is_hydrating(false);
        }
        None
    };
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                // `atelier.css`, or its content-hashed name in a release
                // build (cached for a year by browsers).
                <HashedStylesheet options=options.clone() id="leptos" />
                <AutoReload options />
                // Before the islands' script: a page's deferred scripts (its
                // product data) run before the islands start.
                <MetaTags />
                {scripts}
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Whether the page being rendered has islands, so it loads the wasm.
fn needs_scripts() -> bool {
    #[cfg(feature = "ssr")]
    return use_context::<http::request::Parts>()
        .is_some_and(|parts| islands::path_has_islands(parts.uri.path()));
    #[cfg(not(feature = "ssr"))]
    true
}

/// The root component, rendered on the server: shared context, head tags
/// and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    i18n::provide_lang();
    let lang = use_lang();
    view! {
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
                    <Route path=StaticSegment("cart") view=pages::cart::CartPageView ssr=SsrMode::Async />
                    <Route
                        path=(StaticSegment("cart"), StaticSegment("checkout"))
                        view=pages::checkout::cart::CartCheckoutPage
                        ssr=SsrMode::Async
                    />
                    <Route path=StaticSegment("admin") view=pages::admin::dashboard::DashboardPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("admin"), StaticSegment("login")) view=pages::admin::sign_in::SignInPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("admin"), StaticSegment("password")) view=pages::admin::sign_in::PasswordPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("admin"), StaticSegment("setup")) view=pages::admin::sign_in::SetupPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("admin"), StaticSegment("forbidden")) view=pages::admin::sign_in::ForbiddenPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("admin"), StaticSegment("users")) view=pages::admin::users::UsersPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("admin"), StaticSegment("orders")) view=pages::admin::orders::OrdersPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("admin"), StaticSegment("orders"), ParamSegment("number")) view=pages::admin::order::OrderPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("admin"), StaticSegment("operations")) view=pages::admin::operations::OperationsPage ssr=SsrMode::Async />
                    <Route
                        path=(StaticSegment("admin"), StaticSegment("operations"), StaticSegment("lines"), ParamSegment("id"))
                        view=pages::admin::operations::line::LinePage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(StaticSegment("admin"), StaticSegment("operations"), StaticSegment("components"), ParamSegment("id"))
                        view=pages::admin::operations::component::ComponentPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(StaticSegment("admin"), StaticSegment("orders"), ParamSegment("number"), StaticSegment("work-order"))
                        view=pages::admin::work_order::WorkOrderPage
                        ssr=SsrMode::Async
                    />
                    <Route path=(StaticSegment("admin"), StaticSegment("catalog")) view=pages::admin::catalog::CatalogPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("admin"), StaticSegment("catalog"), StaticSegment("draft")) view=pages::admin::catalog::DraftPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("admin"), StaticSegment("catalog"), StaticSegment("compare")) view=pages::admin::catalog::ComparePage ssr=SsrMode::Async />
                    <Route
                        path=(StaticSegment("admin"), StaticSegment("catalog"), StaticSegment("preview"), ParamSegment("product"))
                        view=pages::admin::catalog::preview::PreviewPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(StaticSegment("admin"), StaticSegment("catalog"), StaticSegment("draft"), StaticSegment("products"))
                        view=pages::admin::catalog::editor::EditorIndexPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(StaticSegment("admin"), StaticSegment("catalog"), StaticSegment("draft"), StaticSegment("products"), ParamSegment("id"))
                        view=pages::admin::catalog::editor::ProductEditorPage
                        ssr=SsrMode::Async
                    />
                    <Route path=(StaticSegment("admin"), StaticSegment("integrations")) view=pages::admin::integrations::IntegrationsPage ssr=SsrMode::Async />
                    <Route
                        path=(StaticSegment("admin"), StaticSegment("integrations"), ParamSegment("id"))
                        view=pages::admin::integrations::endpoint::EndpointPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(StaticSegment("admin"), StaticSegment("integrations"), StaticSegment("mail"), ParamSegment("event"))
                        view=pages::admin::integrations::mail::MailPage
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
