//! `/admin/orders/{number}/work-order`: the printable work order (A4, black
//! and white): the order number large, each line's specification and bill
//! of materials as of the catalog version the order was made from, its
//! production line and due dates.

use super::tr;
use crate::admin::review::OrderFile;
use crate::i18n::{use_lang, Lang};
use engine::delivery::format_date;
use engine::Value;
use leptos::prelude::*;
use leptos_meta::{Meta, Stylesheet, Title};
use leptos_router::hooks::use_params_map;

/// The order numbered `number` for the back office (`None`: there is none,
/// and the page answers 404).
pub async fn load(number: &str) -> Option<OrderFile> {
    #[cfg(feature = "ssr")]
    {
        let store = use_context::<crate::state::SharedAdmin>()?;
        let found = store.order_file(number).await.unwrap_or_else(|e| {
            tracing::error!(error = %e, order = number, "reading an order failed");
            None
        });
        if found.is_none() {
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                response.set_status(http::StatusCode::NOT_FOUND);
            }
        }
        found
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = number;
        None
    }
}

/// What a missing order's page says.
pub fn missing(l: Lang) -> impl IntoView {
    view! { <p class="notice refused" role="alert">{tr(l, "Diese Bestellung gibt es nicht.", "There is no such order.")}</p> }
}

/// The work order page: nothing but the work order, for printing.
#[component]
pub fn WorkOrderPage() -> impl IntoView {
    crate::pages::private_page();
    let l = use_lang().get_untracked();
    let number = use_params_map()
        .read_untracked()
        .get("number")
        .unwrap_or_default();
    view! {
        <Title text=format!("{} {number} · Atelier", tr(l, "Arbeitsauftrag", "Work order")) />
        <Meta name="robots" content="noindex" />
        <Stylesheet id="admin" href="/admin.css" />
        <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            {Suspend::new(async move {
                match load(&number).await {
                    Some(file) => view! { <WorkOrder file /> }.into_any(),
                    None => missing(l).into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn WorkOrder(file: OrderFile) -> impl IntoView {
    let l = use_lang().get_untracked();
    let date = move |d| format_date(d, l);
    let lines = file.snapshot.lines.iter().zip(&file.bookings).enumerate().map(|(i, (line, booking))| {
        let spec = line.spec.iter().map(|row| {
            let value = match &row.value {
                Value::Text { text, font } if !text.is_empty() => {
                    let (_, font) = super::order::font_of(&line.product, &row.attribute, font, l);
                    format!("{} · {} {font} · {} {}", row.value_label.get(l), tr(l, "Schrift", "font"), text.chars().count(), tr(l, "Zeichen", "characters"))
                }
                _ => row.value_label.get(l).to_owned(),
            };
            view! { <tr><th scope="row">{row.label.get(l).to_owned()}</th><td>{value}</td></tr> }
        }).collect_view();
        let bom = line.components.iter().map(|c| view! {
            <tr><td class="check" aria-hidden="true">"☐"</td><td>{c.name.get(l).to_owned()}</td><td><code>{c.component.clone()}</code></td><td class="num">{c.units}</td></tr>
        }).collect_view();
        view! {
            <section class="wo-line">
                <h2>{format!("{}. {} × {}", i + 1, line.quantity, line.product_name.get(l))}</h2>
                <p class="wo-due">
                    {tr(l, "Linie", "Line")} " " <strong>{booking.production_line.clone()}</strong>
                    " · " {tr(l, "Start", "Start")} " " <strong>{date(booking.start)}</strong>
                    " · " {tr(l, "Versand", "Ship")} " " <strong>{date(line.delivery.ship)}</strong>
                </p>
                <table class="wo-spec"><tbody>{spec}</tbody></table>
                <h3>{tr(l, "Stückliste", "Bill of materials")}</h3>
                <table class="wo-bom">
                    <thead><tr><th></th><th scope="col">{tr(l, "Bauteil", "Component")}</th><th scope="col">{tr(l, "Kennung", "Id")}</th><th scope="col" class="num">{tr(l, "Menge", "Units")}</th></tr></thead>
                    <tbody>{bom}</tbody>
                </table>
            </section>
        }
    }).collect_view();
    let customer = file.snapshot.customer.clone();
    view! {
        <article class="work-order" data-testid="work-order">
            <header class="wo-head">
                <p class="wo-kind">{tr(l, "Arbeitsauftrag", "Work order")}</p>
                <p class="wo-number" data-testid="work-order-number">{file.number.clone()}</p>
                <p>
                    {tr(l, "Katalogstand", "Catalog version")} " " {file.snapshot.catalog_version}
                    " · " {tr(l, "bestellt am", "placed on")} " " {date(file.placed.date())}
                    " · " {tr(l, "Liefertermin", "Delivery")} " " {engine::delivery::format_window(file.snapshot.earliest, file.snapshot.latest, l)}
                </p>
                <p class="no-print">{tr(l, "Drucken mit Strg+P (⌘P): eine A4-Seite je Auftrag, schwarzweiß lesbar.", "Print with Ctrl+P (⌘P): A4, readable in black and white.")}</p>
            </header>
            {lines}
            <footer class="wo-ship">
                <h2>{tr(l, "Versand an", "Ship to")}</h2>
                {if file.erased { tr(l, "(gelöscht)", "(erased)").into_any() } else { view! {
                    <address>{customer.name}<br />{customer.street}<br />{customer.postal_code} " " {customer.city} " · " {customer.country}</address>
                }.into_any() }}
            </footer>
        </article>
    }
}
