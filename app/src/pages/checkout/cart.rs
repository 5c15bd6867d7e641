//! The cart's checkout `/cart/checkout`: every line with its figures as
//! quoted now, the order's total and delivery promise, and the order form.
//! Rendered on the server only: the form posts to this address (with or
//! without JavaScript) and the server answers with this page again, with
//! the problems or the changed figures, or with the order's status page.

use super::{answers, fields, Answer};
use crate::cart::CartView;
use crate::i18n::{ct, ot, t, use_lang, CartText, Key, OrderText};
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
}

/// The interactive checkout of the cart.
#[component]
fn CartCheckout(data: CartCheckoutData) -> impl IntoView {
    let l = use_lang().get_untracked();
    let place = ServerAction::<PlaceOrder>::new();
    let answer = answers(place, data.submitted.clone());
    let cart = data.cart.clone();
    let hidden = Signal::derive({
        let cart = cart.clone();
        let key = data.key.clone();
        move || {
            let (version, total, earliest, latest, lines) = match answer.get() {
                Answer::Changed(c) => (
                    c.catalog_version,
                    c.total,
                    c.earliest,
                    c.latest,
                    c.figures_seen,
                ),
                _ => {
                    let (earliest, latest) = cart
                        .promise
                        .as_ref()
                        .map(|p| (p.earliest, p.latest))
                        .unwrap_or_default();
                    (
                        cart.catalog_version,
                        cart.total,
                        earliest,
                        latest,
                        cart.figures_seen.clone(),
                    )
                }
            };
            vec![
                (Hidden::Cart.name(), cart.revision.to_string()),
                (Hidden::Key.name(), key.clone()),
                (Hidden::Lang.name(), l.code().to_owned()),
                (Hidden::CatalogVersion.name(), version.to_string()),
                (Hidden::SeenTotal.name(), total.to_string()),
                (Hidden::SeenEarliest.name(), earliest.to_string()),
                (Hidden::SeenLatest.name(), latest.to_string()),
                (Hidden::SeenLines.name(), lines),
            ]
        }
    });
    let initial = data
        .submitted
        .as_ref()
        .map(|s| s.form.clone())
        .unwrap_or_default();
    let changed = Signal::derive(move || match answer.get() {
        Answer::Changed(c) => Some(c),
        _ => None,
    });
    view! {
        <article class="checkout" data-testid="cart-checkout">
            <header class="config-head">
                <a class="back" href="/cart">{ct(l, CartText::BackToCart)}</a>
                <h1>{ct(l, CartText::CheckoutTitle)}</h1>
            </header>
            <div class="config-body">
                <div class="config-main">
                    {if cart.orderable {
                        view! {
                            <fields::OrderForm action=Signal::stored("/cart/checkout".to_owned()) hidden initial place answer />
                        }
                        .into_any()
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
                <aside class="config-aside">
                    <CartSummary cart changed />
                </aside>
            </div>
        </article>
    }
}

/// What is ordered: each line with its quantity and total, the total with
/// VAT, and when everything arrives; after a "changed" answer the new figures.
#[component]
fn CartSummary(cart: CartView, changed: Signal<Option<Changed>>) -> impl IntoView {
    let l = use_lang().get_untracked();
    let money = {
        let currency = cart.currency.clone();
        move |a| format_money(a, &currency, l)
    };
    let lines = {
        let cart = cart.clone();
        let money = money.clone();
        move || match changed.get() {
            Some(c) => c
                .lines
                .iter()
                .map(|line| {
                    (
                        line.quantity,
                        line.name.get(l).to_owned(),
                        money(line.total),
                        format_window(line.earliest, line.latest, l),
                    )
                })
                .collect::<Vec<_>>(),
            None => cart
                .lines
                .iter()
                .map(|line| {
                    let total = line
                        .price
                        .as_ref()
                        .map(|p| money(p.total))
                        .unwrap_or_default();
                    let window = line
                        .window
                        .as_ref()
                        .map(|w| format_window(w.earliest, w.latest, l))
                        .unwrap_or_default();
                    (line.quantity, line.name.get(l).to_owned(), total, window)
                })
                .collect(),
        }
    };
    let total = {
        let money = money.clone();
        move || money(changed.get().map_or(cart.total, |c| c.total))
    };
    let promise = {
        let fallback = cart.promise.as_ref().map(|p| (p.earliest, p.latest));
        move || {
            changed
                .get()
                .map(|c| (c.earliest, c.latest))
                .or(fallback)
                .map(|(e, la)| format_window(e, la, l))
        }
    };
    view! {
        <section class="panel summary-panel" aria-labelledby="cart-summary-heading">
            <h2 id="cart-summary-heading">{ct(l, CartText::OrderSummary)}</h2>
            <ul class="order-totals" data-testid="checkout-lines">
                {move || lines().into_iter().map(|(quantity, name, total, window)| view! {
                    <li>
                        <span>{format!("{quantity} × {name}")}<br /><small>{window}</small></span>
                        <span>{total}</span>
                    </li>
                }).collect_view()}
            </ul>
            <p class="total"><span>{t(l, Key::Total)}</span> <strong data-testid="total">{total}</strong></p>
            <p class="vat">{move || format!(
                "{} {} % {}",
                t(l, Key::VatIncluded),
                crate::pages::configurator::summary::vat_percent(cart.vat_rate_bp, l),
                money(changed.get().map_or(cart.vat, |c| c.vat))
            )}</p>
            <p class="window"><span>{ot(l, OrderText::PromisedWindow)}</span> " " <strong data-testid="window">{promise}</strong></p>
        </section>
    }
}
