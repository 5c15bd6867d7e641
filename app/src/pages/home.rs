//! The home page: the products of the published catalog.

use crate::i18n::{t, texts::working_days, use_lang, Key};
use crate::server_fns::catalog::{list_products, ProductCard};
use engine::pricing::format_money;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Lists the products with their "from" price and typical delivery time,
/// in catalog order or, with `?sort=price`, cheapest first.
#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    let products = Resource::new(|| (), |_| list_products());
    let sort_by_price = use_query_map()
        .read_untracked()
        .get("sort")
        .is_some_and(|sort| sort == "price");
    let (toggle_href, toggle_label) = if sort_by_price {
        ("/", Key::SortByCatalog)
    } else {
        ("/?sort=price", Key::SortByPrice)
    };

    view! {
        <section class="hero">
            <h1>{move || t(lang.get(), Key::HomeHeading)}</h1>
            <p class="lead">{move || t(lang.get(), Key::HomeIntro)}</p>
        </section>
        <div class="toolbar">
            <a class="button sort-toggle" class:active=sort_by_price href=toggle_href rel="nofollow">
                {move || t(lang.get(), toggle_label)}
            </a>
        </div>
        <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                match products.await {
                    Ok(mut cards) => {
                        if sort_by_price {
                            cards.sort_by_key(|card| card.from_price);
                        }
                        view! {
                            <ul class="product-grid" aria-label=t(lang.get_untracked(), Key::ProductsLabel)>
                                {cards
                                    .into_iter()
                                    .map(|card| view! { <ProductTile card /> })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }
                    Err(_) => {
                        view! { <p class="error" role="alert">{t(lang.get_untracked(), Key::LoadError)}</p> }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// One product on the home page.
#[component]
fn ProductTile(card: ProductCard) -> impl IntoView {
    let lang = use_lang();
    let href = format!("/p/{}", card.id);
    view! {
        <li class="product-tile" data-product=card.id.clone()>
            <a class="product-link" href=href>
                <div class="product-picture" aria-hidden="true" inner_html=card.preview_svg.clone()></div>
                <h2 class="product-name">{move || card.name.get(lang.get()).to_owned()}</h2>
                <p class="product-description">
                    {move || card.description.get(lang.get()).to_owned()}
                </p>
                <p class="product-facts">
                    <span class="from-price">
                        {move || {
                            let l = lang.get();
                            format!(
                                "{} {}",
                                t(l, Key::FromPrice),
                                format_money(card.from_price, &card.currency, l),
                            )
                        }}
                    </span>
                    <span class="typical-days">
                        {move || {
                            let l = lang.get();
                            format!("{} {}", t(l, Key::TypicalDelivery), working_days(l, card.typical_days))
                        }}
                    </span>
                </p>
                <span class="cta">{move || t(lang.get(), Key::Configure)}</span>
            </a>
        </li>
    }
}
