//! The cart `/cart`: every line with its drawing, its specification, its
//! price and delivery window, evaluated again each time the page is shown;
//! change the quantity, remove, change in the configurator, or take the
//! engine's repair of a line that no longer fits. The page is rendered on
//! the server only, and every action is a form posted to `/cart` (a page
//! load without JavaScript). With JavaScript, `public/cart.js` sends the
//! same forms in place and swaps in the cart as the server renders it
//! again: no cart code or rule reaches the browser, and no island is added
//! to the configurator's wasm.

mod line;

use crate::cart::CartView;
use crate::i18n::{ct, t, use_lang, CartText, Key, Lang};
use crate::server_fns::cart::{load_cart, CartNotice};
use engine::delivery::format_window;
use engine::pricing::format_money;
use leptos::prelude::*;
use leptos_meta::Title;

/// The id of the part of the page that shows the cart's lines and totals.
pub const CART_VIEW_ID: &str = "cart-view";
/// The id of the cart's status line.
pub const CART_STATUS_ID: &str = "cart-status";

/// The page, rendered on the server.
#[component]
pub fn CartPageView() -> impl IntoView {
    super::private_page();
    let l = use_lang().get_untracked();
    view! {
        <Title text=format!("{} · Atelier", ct(l, CartText::Cart)) />
        <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            {Suspend::new(async move {
                super::loaded(load_cart().await, ct(l, CartText::CartLoadError), |page| {
                    view! {
                        <article class="cart" data-testid="cart">
                            <header class="config-head">
                                <a class="back" href="/">{t(l, Key::BackToProducts)}</a>
                                <h1>{ct(l, CartText::CartTitle)}</h1>
                            </header>
                            <Status notice=page.notice />
                            <Cart view=page.view />
                            <crate::components::layout::CartScript />
                        </article>
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}

/// What the last change did, announced to screen readers; the island
/// writes later answers into it.
#[component]
fn Status(notice: Option<CartNotice>) -> impl IntoView {
    let l = use_lang().get_untracked();
    let (text, refused) = notice.map_or((String::new(), false), |n| {
        (n.message.get(l).to_owned(), !n.ok)
    });
    let empty = text.is_empty();
    view! {
        <div class="notices" role="status">
            <p
                class="notice"
                class:refused=refused
                id=CART_STATUS_ID
                tabindex="-1"
                hidden=empty
                data-failed=ct(l, CartText::ChangeFailed)
            >
                {text}
            </p>
        </div>
    }
}

/// The lines and totals, or that the cart is empty.
#[component]
fn Cart(view: CartView) -> impl IntoView {
    let l = use_lang().get_untracked();
    let body = if view.lines.is_empty() {
        view! {
            <div class="panel cart-empty">
                <p>{ct(l, CartText::Empty)}</p>
                <a class="button primary" href="/">{ct(l, CartText::ToProducts)}</a>
            </div>
        }
        .into_any()
    } else {
        view! {
            <div class="config-body">
                <ol class="cart-lines">
                    {view.lines.iter().cloned().map(|line| view! { <line::CartLineItem line /> }).collect_view()}
                </ol>
                <aside class="config-aside">{totals(&view, l)}</aside>
            </div>
        }
        .into_any()
    };
    view! { <div id=CART_VIEW_ID data-items=view.items>{body}</div> }
}

/// The cart's total, the VAT in it, the order's delivery promise and the
/// way to the checkout.
fn totals(v: &CartView, l: Lang) -> impl IntoView {
    let money = |a| format_money(a, &v.currency, l);
    let vat = format!(
        "{} {} % {}",
        t(l, Key::VatIncluded),
        crate::pages::configurator::summary::vat_percent(v.vat_rate_bp, l),
        money(v.vat)
    );
    let promise = v.promise.as_ref().map(|p| {
        view! {
            <p class="promise" data-testid="promise">
                {ct(l, CartText::Together)} ", " {ct(l, CartText::LastMade)} " "
                <strong>{format_window(p.earliest, p.latest, l)}</strong>
                " (" {p.last.get(l).to_owned()} ")"
            </p>
        }
    });
    let checkout = match v.orderable {
        true => view! {
            <a class="button primary" href="/cart/checkout" data-testid="to-checkout">{ct(l, CartText::ToCheckout)}</a>
        }
        .into_any(),
        false => view! { <p class="hint" role="alert">{ct(l, CartText::NotYetOrderable)}</p> }.into_any(),
    };
    // Lines that cannot be ordered as they stand have no figures: the total
    // says so, or is left out when no line has figures.
    let priced = v.lines.iter().any(|line| line.price.is_some());
    let total_label = match v.orderable {
        true => t(l, Key::Total),
        false => ct(l, CartText::TotalWithoutMarked),
    };
    let total = priced.then(|| {
        view! {
            <p class="total"><span>{total_label}</span> <strong data-testid="cart-total">{money(v.total)}</strong></p>
            <p class="vat">{vat}</p>
        }
    });
    view! {
        <section class="panel price-panel" aria-labelledby="cart-total-heading">
            <h2 id="cart-total-heading">{ct(l, CartText::OrderSummary)}</h2>
            {total}
            {promise}
            {checkout}
        </section>
    }
}
