//! `/admin/orders/{number}`: one order for review: every line exactly as
//! ordered (from the snapshot), whether its window still holds, the steps
//! it can take next, its history and internal notes.

use super::frame::{AdminFrame, Notice};
use super::{posted, tr};
use crate::admin::review::{OrderFile, WindowCheck};
use crate::admin::Area;
use crate::i18n::use_lang;
use crate::orders::{countries, ActionKind, OrderLine};
use engine::delivery::{format_date, format_window};
use engine::Value;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The order page.
#[component]
pub fn OrderPage() -> impl IntoView {
    let l = use_lang().get_untracked();
    let number = use_params_map()
        .read_untracked()
        .get("number")
        .unwrap_or_default();
    let posted = posted();
    let title = format!("{} {number}", tr(l, "Bestellung", "Order"));
    view! {
        <AdminFrame title>
            <p><a href=Area::Orders.path()>{tr(l, "← Alle Bestellungen", "← All orders")}</a></p>
            <Notice posted />
            <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {Suspend::new(async move {
                    match super::work_order::load(&number).await {
                        Some(file) => view! { <File file /> }.into_any(),
                        None => super::work_order::missing(l).into_any(),
                    }
                })}
            </Suspense>
        </AdminFrame>
    }
}

#[component]
fn File(file: OrderFile) -> impl IntoView {
    let l = use_lang().get_untracked();
    let customer = file.snapshot.customer.clone();
    let country = countries::find(&customer.country)
        .map(|c| c.name(l))
        .unwrap_or_default();
    let lines = file.snapshot.lines.iter().zip(&file.bookings).map(|(line, booking)| {
        let start = format_date(booking.start, l);
        view! { <Line line=line.clone() production=format!("{} · {} {start}", booking.production_line, tr(l, "Start", "start")) /> }
    }).collect_view();
    let money = |a| engine::pricing::format_money(a, &file.snapshot.currency, l);
    view! {
        <div class="order-head">
            <p>
                <span class=format!("status status-{}", file.status.as_str()) data-testid="order-status">{file.status.label(l)}</span>
                " · " {tr(l, "bestellt am", "placed on")} " " {format_date(file.placed.date(), l)} {format!(", {:02}:{:02}", file.placed.hour(), file.placed.minute())}
                " · " <strong>{money(file.snapshot.total)}</strong>
                " · " {tr(l, "Lieferung", "delivery")} " " {format_window(file.snapshot.earliest, file.snapshot.latest, l)}
            </p>
            <p class="order-links">
                <a class="button" href=format!("/admin/orders/{}/work-order", file.number)>{tr(l, "Arbeitsauftrag drucken", "Print work order")}</a>
                <a href=format!("/orders/{}", file.token)>{tr(l, "Statusseite der Kundin / des Kunden", "The customer's status page")}</a>
            </p>
        </div>
        <Window check=file.window.clone() />
        <Actions number=file.number.clone() status=file.status />
        <div class="order-file">
            <div class="order-lines">{lines}</div>
            <aside>
                <section class="panel" id="customer">
                    <h2>{tr(l, "Kunde", "Customer")}</h2>
                    {if file.erased {
                        view! { <p>{tr(l, "Persönliche Daten auf Wunsch gelöscht.", "Personal data erased on request.")}</p> }.into_any()
                    } else {
                        view! {
                            <address data-testid="customer">
                                {customer.name}<br />{customer.street}<br />{customer.postal_code} " " {customer.city}<br />{country}
                            </address>
                            <p><a href=format!("mailto:{}", customer.email)>{customer.email.clone()}</a>{(!customer.phone.is_empty()).then(|| view! { <br />{customer.phone.clone()} })}</p>
                            <Erasure number=file.number.clone() status=file.status />
                        }.into_any()
                    }}
                </section>
                <Steps file=file.clone() />
                <Notes file />
            </aside>
        </div>
    }
}

/// Erasing the customer's personal data on request: for owners only, once
/// the order is settled.
#[component]
fn Erasure(number: String, status: crate::orders::Status) -> impl IntoView {
    let l = use_lang().get_untracked();
    let owner = super::signed_in().is_some_and(|p| p.role.may(Area::Users));
    if !owner {
        return ().into_any();
    }
    if !status.allows_erasure() {
        return view! {
            <p class="hint">{tr(l, "Persönliche Daten lassen sich auf Wunsch löschen, sobald die Bestellung versandt, abgelehnt oder storniert ist.", "Personal data can be erased on request once the order is shipped, rejected or cancelled.")}</p>
        }.into_any();
    }
    let action = format!(
        "/admin/orders/{}/erase?lang={}",
        engine::query::percent_encode(&number),
        l.code()
    );
    view! {
        <details class="erasure">
            <summary>{tr(l, "Persönliche Daten löschen …", "Erase personal data …")}</summary>
            <form method="post" action=action class="step-form danger">
                <p>{tr(l, "Name, E-Mail, Telefon und Anschrift werden endgültig geleert, auch in den Ereignissen für andere Systeme. Die Spezifikation, die Beträge und das Land bleiben.", "Name, e-mail, phone and address are emptied for good, in the events for other systems too. The specification, the amounts and the country stay.")}</p>
                <label class="check"><input type="checkbox" name="confirm" value="yes" required />" " {tr(l, "Ja, endgültig löschen", "Yes, erase for good")}</label>
                <button type="submit" class="button">{tr(l, "Persönliche Daten löschen", "Erase personal data")}</button>
            </form>
        </details>
    }.into_any()
}

/// Whether the promised window holds.
#[component]
fn Window(check: WindowCheck) -> impl IntoView {
    let l = use_lang().get_untracked();
    match check {
        WindowCheck::Holds => view! {
            <p class="notice applied" data-testid="window-check">{tr(l, "Der zugesagte Liefertermin hält mit den heutigen Buchungen und dem Lager.", "The promised delivery window holds with today's bookings and stock.")}</p>
        }.into_any(),
        WindowCheck::AtRisk(risks) => view! {
            <div class="notice refused" role="alert" data-testid="window-check">
                <p>{tr(l, "Der zugesagte Liefertermin ist gefährdet:", "The promised delivery window is at risk:")}</p>
                <ul>{risks.into_iter().map(|r| view! { <li>{r.get(l).to_owned()}</li> }).collect_view()}</ul>
            </div>
        }.into_any(),
        WindowCheck::Settled => ().into_any(),
    }
}

/// A form for each step the order can take now.
#[component]
fn Actions(number: String, status: crate::orders::Status) -> impl IntoView {
    let l = use_lang().get_untracked();
    let action = format!("/admin/orders/{number}/action?lang={}", l.code());
    let forms = status.actions().into_iter().map(|kind| {
        let extra = match kind {
            ActionKind::Reject | ActionKind::Cancel => view! {
                <label>{tr(l, "Begründung (sieht die Kundin / der Kunde)", "Reason (the customer sees it)")}
                    <input type="text" name="reason" maxlength="500" required />
                </label>
            }.into_any(),
            ActionKind::Ship => view! {
                <label>{tr(l, "Versanddienst", "Carrier")} <input type="text" name="carrier" maxlength="500" required /></label>
                <label>{tr(l, "Sendungsnummer", "Tracking reference")} <input type="text" name="tracking" maxlength="500" required /></label>
            }.into_any(),
            _ => ().into_any(),
        };
        let danger = matches!(kind, ActionKind::Reject | ActionKind::Cancel);
        view! {
            <form method="post" action=action.clone() class="step-form" class:danger=danger>
                <input type="hidden" name="seen" value=status.as_str() />
                <input type="hidden" name="action" value=kind.as_str() />
                {extra}
                <button type="submit" class="button" class:primary=!danger>{kind.label(l)}</button>
            </form>
        }
    }).collect_view();
    view! {
        <section class="order-actions" aria-label=tr(l, "Nächste Schritte", "Next steps")>{forms}</section>
    }
}

/// One line as ordered: its specification, components and price.
#[component]
pub fn Line(line: OrderLine, production: String) -> impl IntoView {
    let l = use_lang().get_untracked();
    let spec = line.spec.iter().map(|row| {
        let value = match &row.value {
            Value::Text { text, font } if !text.is_empty() => {
                let (css, font_label) = font_of(&line.product, &row.attribute, font, l);
                view! {
                    <span class="engraving-text">
                        <svg viewBox="0 0 320 40" width="320" height="40" role="img" aria-label=text.clone()>
                            <text x="4" y="28" font-size="24" font-family=css>{text.clone()}</text>
                        </svg>
                        <small>{format!("{} · {} {font_label}", row.value_label.get(l), tr(l, "Schrift", "font"))}</small>
                    </span>
                }.into_any()
            }
            _ => view! { <span>{row.value_label.get(l).to_owned()}</span> }.into_any(),
        };
        view! { <dt>{row.label.get(l).to_owned()}</dt><dd>{value}</dd> }
    }).collect_view();
    let components = (!line.components.is_empty()).then(|| view! {
        <h3>{tr(l, "Stückliste", "Bill of materials")}</h3>
        <table class="admin-table bom">
            <thead><tr><th scope="col">{tr(l, "Bauteil", "Component")}</th><th scope="col">{tr(l, "Kennung", "Id")}</th><th scope="col" class="num">{tr(l, "Menge", "Units")}</th></tr></thead>
            <tbody>{line.components.iter().map(|c| view! { <tr><td>{c.name.get(l).to_owned()}</td><td><code>{c.component.clone()}</code></td><td class="num">{c.units}</td></tr> }).collect_view()}</tbody>
        </table>
    });
    view! {
        <section class="panel order-line" data-testid="order-line">
            <h2>{format!("{} × {}", line.quantity, line.product_name.get(l))}</h2>
            <p class="line-production">{production} " · " {format_window(line.delivery.earliest, line.delivery.latest, l)}</p>
            <dl class="spec" data-testid="specification">{spec}</dl>
            {components}
            {crate::pages::configurator::summary::price_view(&line.price, l)}
        </section>
    }
}

/// A text attribute's font as the catalog names it: its CSS font family
/// and its label (the id and a generic family when the catalog no longer
/// has it).
pub fn font_of(
    product: &str,
    attribute: &str,
    font: &str,
    l: crate::i18n::Lang,
) -> (String, String) {
    #[cfg(feature = "ssr")]
    if let Some(catalog) = use_context::<crate::state::CatalogHandle>() {
        let current = catalog.current();
        let found = current
            .catalog
            .products
            .iter()
            .find(|p| p.id == product)
            .and_then(|p| p.attribute(attribute))
            .and_then(|a| match &a.kind {
                engine::model::AttributeKind::Text(spec) => spec
                    .fonts
                    .iter()
                    .find(|f| f.id == font)
                    .map(|f| (f.css.clone(), f.label.get(l).to_owned())),
                _ => None,
            });
        if let Some(found) = found {
            return found;
        }
    }
    let _ = (product, attribute, l);
    ("serif".to_owned(), font.to_owned())
}

/// Every step with when, who and what the customer was told.
#[component]
fn Steps(file: OrderFile) -> impl IntoView {
    let l = use_lang().get_untracked();
    view! {
        <section class="panel">
            <h2>{tr(l, "Verlauf", "History")}</h2>
            <ol class="steps" data-testid="steps">
                {file.steps.into_iter().map(|s| view! {
                    <li>
                        <strong>{s.status.label(l)}</strong> " · "
                        <time datetime=s.at.to_string()>{super::when(s.at, l)}</time>
                        " · " {s.by.unwrap_or_else(|| tr(l, "Kundin / Kunde", "customer").to_owned())}
                        {s.detail.map(|d| view! { <br /><small>{d}</small> })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}

/// Internal notes and the form for another.
#[component]
fn Notes(file: OrderFile) -> impl IntoView {
    let l = use_lang().get_untracked();
    view! {
        <section class="panel" id="notes">
            <h2>{tr(l, "Interne Notizen", "Internal notes")}</h2>
            <ul class="notes" data-testid="notes">
                {file.notes.into_iter().map(|n| view! {
                    <li><p>{n.body}</p><small>{n.by} " · " {super::when(n.at, l)}</small></li>
                }).collect_view()}
            </ul>
            <form method="post" action=format!("/admin/orders/{}/notes?lang={}", file.number, l.code()) class="admin-form">
                <label for="note">{tr(l, "Neue Notiz (nur intern)", "New note (internal only)")}</label>
                <textarea id="note" name="body" rows="3" maxlength="2000" required></textarea>
                <button type="submit" class="button">{tr(l, "Notiz speichern", "Save note")}</button>
            </form>
        </section>
    }
}
