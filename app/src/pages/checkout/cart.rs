//! The cart's checkout `/cart/checkout`: every line with its figures as
//! quoted now, the order's total and delivery promise, and the order form.
//! Rendered on the server only: the form posts to this address (with or
//! without JavaScript) and the server answers with this page again, with
//! the problems or the changed figures, or with the order's status page.

use super::{answers, fields, Answer};
use crate::cart::CartView;
use crate::i18n::{ct, ot, t, use_lang, CartText, Key, Lang, OrderText};
use crate::orders::{Changed, Hidden};
use crate::server_fns::orders::{load_cart_checkout, CartCheckoutData, PlaceOrder};
use engine::delivery::format_window;
use engine::pricing::format_money;
use leptos::prelude::*;
use leptos_meta::Title;

/// The page, rendered on the server.
#[component]
pub fn CartCheckoutPage() -> impl IntoView {
    super::super::private_page();
    let lang = use_lang().get_untracked();
    if let Some(form) = super::unsent_form() {
        return view! { <super::notices::SendAgain form /> }.into_any();
    }
    view! {
        <Title text=format!("{} · Atelier", ct(lang, CartText::CheckoutTitle)) />
        <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            {Suspend::new(async move {
                super::super::loaded(load_cart_checkout().await, ct(lang, CartText::CartLoadError), |data| {
                    if data.cart.lines.is_empty() {
                        view! {
                            <article class="checkout">
                                <h1>{ct(lang, CartText::CheckoutTitle)}</h1>
                                <div class="panel cart-empty">
                                    <p>{ct(lang, CartText::Empty)}</p>
                                    <a class="button primary" href="/">{ct(lang, CartText::ToProducts)}</a>
                                </div>
                            </article>
                        }
                        .into_any()
                    } else {
                        view! { <CartCheckout data /> }.into_any()
                    }
                })
            })}
        </Suspense>
    }
    .into_any()
}

/// The checkout of the cart.
#[component]
fn CartCheckout(data: CartCheckoutData) -> impl IntoView {
    let l = use_lang().get_untracked();
    let answer = answers(ServerAction::<PlaceOrder>::new(), data.submitted.clone());
    let cart = data.cart;
    let changed = match answer.get_untracked() {
        Answer::Changed(c) => Some(c),
        _ => None,
    };
    let hidden = hidden_fields(&cart, changed.as_ref(), &data.key, l);
    let initial = data
        .submitted
        .as_ref()
        .map(|s| s.form.clone())
        .unwrap_or_default();
    view! {
        <article class="checkout" data-testid="cart-checkout">
            <header class="config-head">
                <a class="back" href="/cart">{ct(l, CartText::BackToCart)}</a>
                <h1>{ct(l, CartText::CheckoutTitle)}</h1>
            </header>
            <div class="config-body">
                <div class="config-main">
                    {if cart.orderable {
                        view! { <fields::CartOrderForm hidden initial answer /> }.into_any()
                    } else {
                        view! {
                            <div class="not-orderable" role="alert">
                                <p><strong>{ct(l, CartText::NotYetOrderable)}</strong></p>
                                <a class="button" href="/cart">{ct(l, CartText::BackToCart)}</a>
                            </div>
                        }
                        .into_any()
                    }}
                </div>
                <aside class="config-aside">{summary(&cart, changed.as_ref(), l)}</aside>
            </div>
        </article>
    }
}

/// What the customer confirms: the server's figures after it reported a
/// change, otherwise the cart as quoted for this page.
fn hidden_fields(
    cart: &CartView,
    changed: Option<&Changed>,
    key: &str,
    l: Lang,
) -> Vec<(&'static str, String)> {
    let (version, total, earliest, latest, lines) = match changed {
        Some(c) => (
            c.catalog_version,
            c.total,
            c.earliest,
            c.latest,
            c.figures_seen.clone(),
        ),
        None => {
            let (earliest, latest) = cart
                .promise
                .as_ref()
                .map(|p| (p.earliest, p.latest))
                .unwrap_or_default();
            let lines = cart.figures_seen.clone();
            (cart.catalog_version, cart.total, earliest, latest, lines)
        }
    };
    vec![
        (Hidden::Cart.name(), cart.revision.to_string()),
        (Hidden::Key.name(), key.to_owned()),
        (Hidden::Lang.name(), l.code().to_owned()),
        (Hidden::CatalogVersion.name(), version.to_string()),
        (Hidden::SeenTotal.name(), total.to_string()),
        (Hidden::SeenEarliest.name(), earliest.to_string()),
        (Hidden::SeenLatest.name(), latest.to_string()),
        (Hidden::SeenLines.name(), lines),
    ]
}

/// What is ordered: each line with its quantity and total, the total with
/// VAT, and when everything arrives; after a "changed" answer the new figures.
fn summary(cart: &CartView, changed: Option<&Changed>, l: Lang) -> impl IntoView {
    let money = |a| format_money(a, &cart.currency, l);
    let lines: Vec<(u32, String, String, String)> = match changed {
        Some(c) => c
            .lines
            .iter()
            .map(|line| {
                let window = format_window(line.earliest, line.latest, l);
                (
                    line.quantity,
                    line.name.get(l).to_owned(),
                    money(line.total),
                    window,
                )
            })
            .collect(),
        None => cart
            .lines
            .iter()
            .map(|line| {
                let total = line.price.as_ref().map(|p| money(p.total));
                let window = line
                    .window
                    .as_ref()
                    .map(|w| format_window(w.earliest, w.latest, l));
                let name = line.name.get(l).to_owned();
                (
                    line.quantity,
                    name,
                    total.unwrap_or_default(),
                    window.unwrap_or_default(),
                )
            })
            .collect(),
    };
    let (total, vat) = changed.map_or((cart.total, cart.vat), |c| (c.total, c.vat));
    let promise = changed
        .map(|c| (c.earliest, c.latest))
        .or(cart.promise.as_ref().map(|p| (p.earliest, p.latest)))
        .map(|(earliest, latest)| format_window(earliest, latest, l));
    let vat = format!(
        "{} {} % {}",
        t(l, Key::VatIncluded),
        crate::pages::configurator::summary::vat_percent(cart.vat_rate_bp, l),
        money(vat)
    );
    view! {
        <section class="panel summary-panel" aria-labelledby="cart-summary-heading">
            <h2 id="cart-summary-heading">{ct(l, CartText::OrderSummary)}</h2>
            <ul class="order-totals" data-testid="checkout-lines">
                {lines.into_iter().map(|(quantity, name, total, window)| view! {
                    <li>
                        <span>{format!("{quantity} × {name}")}<br /><small>{window}</small></span>
                        <span>{total}</span>
                    </li>
                }).collect_view()}
            </ul>
            <p class="total"><span>{t(l, Key::Total)}</span> <strong data-testid="total">{money(total)}</strong></p>
            <p class="vat">{vat}</p>
            <p class="window"><span>{ot(l, OrderText::PromisedWindow)}</span> " " <strong data-testid="window">{promise}</strong></p>
        </section>
    }
}
