//! The header and footer around every page.

use crate::i18n::{ct, t, use_lang, CartText, Key, Lang};
use leptos::prelude::*;

/// The shop's header: name, cart and language switch.
#[component]
pub fn Header() -> impl IntoView {
    let lang = use_lang();
    view! {
        <header class="site-header">
            <a class="brand" href="/">
                "Atelier"
            </a>
            <CartLink />
            <nav class="lang-switch" aria-label=move || t(lang.get(), Key::LanguageSwitch)>
                {Lang::ALL
                    .into_iter()
                    .map(|l| {
                        view! {
                            <a
                                href=format!("?lang={}", l.code())
                                hreflang=l.code()
                                lang=l.code()
                                rel="external"
                                aria-label=l.native_name()
                                aria-current=move || (lang.get() == l).then_some("true")
                            >
                                {l.code().to_uppercase()}
                            </a>
                        }
                    })
                    .collect_view()}
            </nav>
        </header>
    }
}

/// The link to the cart with its piece count (which islands update in
/// place after a change).
#[component]
fn CartLink() -> impl IntoView {
    let l = use_lang().get_untracked();
    let count = move |items: u32| {
        view! {
            <span class="cart-count" id=crate::islands::CART_COUNT_ID data-count=items.to_string()>
                {items}
            </span>
        }
    };
    view! {
        <a class="cart-link" href="/cart">
            {ct(l, CartText::Cart)} " "
            <Suspense fallback=move || count(0)>
                {move || Suspend::new(async move {
                    count(crate::server_fns::cart::cart_count().await.unwrap_or(0))
                })}
            </Suspense>
            <span class="visually-hidden">" " {ct(l, CartText::ItemsInCart)}</span>
        </a>
    }
}

/// The shop's footer.
#[component]
pub fn Footer() -> impl IntoView {
    let lang = use_lang();
    view! {
        <footer class="site-footer">
            <p>{move || t(lang.get(), Key::FooterNote)}</p>
        </footer>
    }
}

/// `/cart.js`, which sends the cart's forms in place (see README, "Cart
/// and ordering"); it carries the page's script nonce like every script.
#[component]
pub fn CartScript() -> impl IntoView {
    view! { <script type="module" src="/cart.js" nonce=leptos::nonce::use_nonce()></script> }
}
