//! The header and footer around every page.

use crate::i18n::{t, use_lang, Key, Lang};
use leptos::prelude::*;

/// The shop's header: name and language switch.
#[component]
pub fn Header() -> impl IntoView {
    let lang = use_lang();
    view! {
        <header class="site-header">
            <a class="brand" href="/">
                "Atelier"
            </a>
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
