//! The order status page `/orders/{token}`: the order number, where the
//! order stands, the promised window and every line's specification as
//! ordered.
//! Everything shown comes from the stored snapshot, escaped by the view.

use crate::i18n::{ot, t, use_lang, Key, Lang, OrderText};
use crate::orders::{countries, OrderLine, OrderView, Status};
use crate::pages::configurator::summary::vat_percent;
use crate::server_fns::orders::load_order;
use engine::delivery::{format_date, format_window};
use engine::pricing::format_money;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

/// Loads the order behind the link; unknown links are a 404.
#[component]
pub fn OrderStatusPage() -> impl IntoView {
    super::private_page();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let order = Resource::new(token, load_order);
    let lang = use_lang();
    view! {
        // The link is a secret: keep it out of search engines and referrers.
        <Meta name="robots" content="noindex" />
        <Meta name="referrer" content="no-referrer" />
        <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                super::loaded(order.await, ot(lang.get_untracked(), OrderText::OrderLoadError), |order| view! { <OrderStatus order /> }.into_any())
            })}
        </Suspense>
    }
}

#[component]
fn OrderStatus(order: OrderView) -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let just_placed = move || query.read().get("placed").is_some();
    let spec = order.snapshot.clone();
    let number = order.number.clone();
    // A plain string (see the configurator's title).
    let title = format!(
        "{} {number} · Atelier",
        ot(lang.get_untracked(), OrderText::OrderTitle)
    );
    let window = move || format_window(spec.earliest, spec.latest, lang.get());
    let spec = order.snapshot.clone();
    view! {
        <Title text=title />
        <article class="order-status">
            <header class="config-head">
                <Show when=just_placed>
                    <p class="thanks" role="status">{move || ot(lang.get(), OrderText::ThankYou)}</p>
                </Show>
                <h1>{move || format!("{}: {}", ot(lang.get(), OrderText::OrderTitle), spec.title(lang.get()))}</h1>
                <p class="order-number">
                    {move || ot(lang.get(), OrderText::OrderNumber)} ": "
                    <strong data-testid="order-number">{number.clone()}</strong>
                </p>
                <p class="lead">{move || ot(lang.get(), OrderText::KeepLink)}</p>
            </header>
            <div class="config-body">
                <div class="config-main">
                    <section class="panel">
                        <h2>{move || ot(lang.get(), OrderText::Status)}</h2>
                        <Timeline order=order.clone() />
                        <p class="window">
                            <span>{move || ot(lang.get(), OrderText::PromisedWindow)}</span> " "
                            <strong data-testid="promised-window">{window}</strong>
                        </p>
                    </section>
                    {order
                        .snapshot
                        .lines
                        .iter()
                        .cloned()
                        .map(|line| {
                            let several = order.snapshot.lines.len() > 1;
                            view! { <Specification line several /> }
                        })
                        .collect_view()}
                </div>
                <aside class="config-aside">
                    <Prices order=order.clone() />
                    <ShipTo order=order />
                </aside>
            </div>
        </article>
    }
}

/// The regular steps of an order, those reached with their time.
#[component]
fn Timeline(order: OrderView) -> impl IntoView {
    let lang = use_lang();
    let steps: Vec<Status> = if order.status.is_called_off() {
        order.timeline.iter().map(|e| e.status).collect()
    } else {
        Status::PATH.to_vec()
    };
    view! {
        <ol class="timeline" data-testid="timeline">
            {steps
                .into_iter()
                .map(|status| {
                    let entry = order.timeline.iter().find(|e| e.status == status).cloned();
                    let current = status == order.status;
                    let reached = entry.is_some();
                    view! {
                        <li class:reached=reached class:current=current aria-current=current.then_some("step")>
                            <span class="step">{move || status.label(lang.get())}</span>
                            {entry.map(|e| view! {
                                <time datetime=e.at.to_string()>{move || date_time(e.at, lang.get())}</time>
                                {e.detail.map(|d| view! { <p class="step-detail" data-testid="step-detail">{d}</p> })}
                            })}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

fn date_time(at: jiff::civil::DateTime, lang: Lang) -> String {
    format!(
        "{}, {:02}:{:02}",
        format_date(at.date(), lang),
        at.hour(),
        at.minute()
    )
}

/// One ordered line: its specification as ordered; with several lines
/// also its own price and window.
#[component]
fn Specification(line: OrderLine, several: bool) -> impl IntoView {
    let lang = use_lang();
    let heading = {
        let name = line.product_name.clone();
        move || match several {
            true => name.get(lang.get()).to_owned(),
            false => ot(lang.get(), OrderText::Specification).to_owned(),
        }
    };
    let figures = several.then(|| {
        let (price, delivery) = (line.price.clone(), line.delivery.clone());
        view! {
            <p class="line-figures">
                <span data-testid="line-total">{move || format_money(price.total, &price.currency, lang.get())}</span>
                " · "
                <span>{move || format_window(delivery.earliest, delivery.latest, lang.get())}</span>
            </p>
        }
    });
    view! {
        <section class="panel summary-panel order-line" data-testid="order-line">
            <h2>{heading}</h2>
            <dl data-testid="specification">
                {line
                    .spec
                    .into_iter()
                    .map(|row| view! {
                        <dt>{move || row.label.get(lang.get()).to_owned()}</dt>
                        <dd>{move || row.value_label.get(lang.get()).to_owned()}</dd>
                    })
                    .collect_view()}
                <dt>{move || t(lang.get(), Key::Quantity)}</dt>
                <dd>{line.quantity}</dd>
            </dl>
            {figures}
        </section>
    }
}

/// The price: one line's breakdown, or every line's total and the sum.
#[component]
fn Prices(order: OrderView) -> impl IntoView {
    let lang = use_lang();
    let snapshot = order.snapshot;
    let body = move || {
        let l = lang.get();
        match snapshot.lines.as_slice() {
            [one] => crate::pages::configurator::summary::price_view(&one.price, l).into_any(),
            lines => {
                let money = |a| format_money(a, &snapshot.currency, l);
                view! {
                    <ul class="order-totals">
                        {lines.iter().map(|line| view! {
                            <li>
                                <span>{format!("{} × {}", line.quantity, line.product_name.get(l))}</span>
                                <span>{money(line.price.total)}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                    <p class="total"><span>{t(l, Key::Total)}</span> <strong data-testid="total">{money(snapshot.total)}</strong></p>
                    <p class="vat">{format!("{} {} % {}", t(l, Key::VatIncluded), vat_percent(snapshot.vat_rate_bp, l), money(snapshot.vat))}</p>
                }
                .into_any()
            }
        }
    };
    view! {
        <section class="panel price-panel">
            <h2>{move || t(lang.get(), Key::YourPrice)}</h2>
            {body}
        </section>
    }
}

#[component]
fn ShipTo(order: OrderView) -> impl IntoView {
    let lang = use_lang();
    let customer = order.snapshot.customer;
    let country = countries::find(&customer.country);
    view! {
        <section class="panel">
            <h2>{move || ot(lang.get(), OrderText::ShipTo)}</h2>
            <address data-testid="ship-to">
                {customer.name}<br />
                {customer.street}<br />
                {customer.postal_code} " " {customer.city}<br />
                {move || country.map(|c| c.name(lang.get())).unwrap_or_default()}
            </address>
            <p class="contact">{customer.email}</p>
        </section>
    }
}
