//! The header and footer around every page.

use crate::i18n::{ct, t, use_lang, CartText, Key, Lang};
use leptos::prelude::*;

/// The shop's header: name, cart and language switch.
#[component]
pub fn Header() -> impl IntoView {
    let lang = use_lang();
    let query = current_query();
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
                                href=switched(&query, l)
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

/// The query of the page being rendered (empty in the browser).
fn current_query() -> String {
    #[cfg(feature = "ssr")]
    return use_context::<http::request::Parts>()
        .and_then(|parts| parts.uri.query().map(str::to_owned))
        .unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    String::new()
}

/// The link to this page in `lang`: its query, a configuration for
/// instance, with only the language changed. (`/cart.js` keeps it current
/// while the configurator changes the page's link in place.) A query
/// longer than any configuration's is not copied: a link flooded with keys
/// must not make the page grow twice over.
fn switched(query: &str, lang: Lang) -> String {
    const LONGEST_KEPT: usize = 1024;
    let query = if query.len() > LONGEST_KEPT {
        ""
    } else {
        query
    };
    let kept = query
        .split('&')
        .filter(|pair| !pair.is_empty() && pair.split('=').next() != Some("lang"));
    let mut link = String::from("?");
    for pair in kept {
        link.push_str(pair);
        link.push('&');
    }
    link.push_str("lang=");
    link.push_str(lang.code());
    link
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_switch_keeps_the_rest_of_the_link() {
        assert_eq!(switched("", Lang::De), "?lang=de");
        assert_eq!(switched("lang=en", Lang::De), "?lang=de");
        assert_eq!(
            switched("metal=silver&lang=en&engraving=A%20%26%20B&&", Lang::De),
            "?metal=silver&engraving=A%20%26%20B&lang=de"
        );
        assert_eq!(switched("language=x&lang", Lang::En), "?language=x&lang=en");
        let flood: String = (0..700).map(|i| format!("junk{i}=x&")).collect();
        assert_eq!(switched(&flood, Lang::En), "?lang=en");
    }
}
