//! `/admin/operations`: production lines and component stock, with what
//! was changed by whom. Each line and component has its own page
//! ([`line`], [`component`]) with its settings form and change log.

pub mod component;
pub mod line;

use super::frame::{AdminFrame, Notice};
use super::{posted, query_pairs, tr, when};
use crate::admin::operations::{Change, ComponentSummary, LineSummary, Overview, WEEKDAYS};
use crate::admin::Area;
use crate::i18n::{use_lang, Lang};
use engine::delivery::format_date;
use engine::query::percent_encode;
use leptos::prelude::*;

/// The overview page.
#[component]
pub fn OperationsPage() -> impl IntoView {
    let l = use_lang().get_untracked();
    let posted = posted();
    view! {
        <AdminFrame title=Area::Operations.label(l).to_owned()>
            <Notice posted />
            <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {Suspend::new(async move {
                    match overview().await {
                        Some(overview) => view! { <OverviewView overview /> }.into_any(),
                        None => unreadable(l).into_any(),
                    }
                })}
            </Suspense>
        </AdminFrame>
    }
}

async fn overview() -> Option<Overview> {
    #[cfg(feature = "ssr")]
    {
        let store = use_context::<crate::state::SharedAdmin>()?;
        match store.operations().await {
            Ok(overview) => Some(overview),
            Err(e) => {
                tracing::error!(error = %e, "reading operations failed");
                None
            }
        }
    }
    #[cfg(not(feature = "ssr"))]
    None
}

/// The message when production data cannot be read.
pub(crate) fn unreadable(l: Lang) -> impl IntoView {
    view! { <p class="notice refused" role="alert">{tr(l, "Die Fertigungsdaten können gerade nicht gelesen werden.", "Production data cannot be read right now.")}</p> }
}

#[component]
fn OverviewView(overview: Overview) -> impl IntoView {
    let l = use_lang().get_untracked();
    let today = overview.today;
    let lines = overview
        .lines
        .into_iter()
        .map(|line| view! { <LineRow line today /> })
        .collect_view();
    let components = overview
        .components
        .into_iter()
        .map(|component| view! { <ComponentRow component /> })
        .collect_view();
    view! {
        <section aria-labelledby="lines-title">
            <h2 id="lines-title">{tr(l, "Fertigungslinien", "Production lines")}</h2>
            <table class="admin-table">
                <thead><tr>
                    <th scope="col">{tr(l, "Linie", "Line")}</th>
                    <th scope="col" class="num">{tr(l, "Stück pro Tag", "Units a day")}</th>
                    <th scope="col">{tr(l, "Arbeitstage", "Working days")}</th>
                    <th scope="col">{tr(l, "Nächster Feiertag", "Next holiday")}</th>
                    <th scope="col">{tr(l, "Auslastung 14 Tage", "Load, 14 days")}</th>
                </tr></thead>
                <tbody>{lines}</tbody>
            </table>
        </section>
        <section aria-labelledby="components-title">
            <h2 id="components-title">{tr(l, "Bauteile", "Components")}</h2>
            <table class="admin-table">
                <thead><tr>
                    <th scope="col">{tr(l, "Bauteil", "Component")}</th>
                    <th scope="col" class="num">{tr(l, "Bestand", "On hand")}</th>
                    <th scope="col" class="num">{tr(l, "Reserviert", "Reserved")}</th>
                    <th scope="col" class="num">{tr(l, "Verfügbar", "Available")}</th>
                    <th scope="col" class="num">{tr(l, "Meldebestand", "Reorder level")}</th>
                    <th scope="col" class="num">{tr(l, "Lieferzeit", "Lead time")}</th>
                    <th scope="col">{tr(l, "Nächste Lieferung", "Next delivery")}</th>
                </tr></thead>
                <tbody>{components}</tbody>
            </table>
        </section>
        <section aria-labelledby="changes-title">
            <h2 id="changes-title">{tr(l, "Letzte Änderungen", "Recent changes")}</h2>
            <ChangeLog changes=overview.recent subjects=true />
        </section>
    }
}

#[component]
fn LineRow(line: LineSummary, today: jiff::civil::Date) -> impl IntoView {
    let l = use_lang().get_untracked();
    let next_holiday = line
        .settings
        .holidays
        .iter()
        .find(|d| **d >= today)
        .map(|d| format_date(*d, l))
        .unwrap_or_else(|| "–".into());
    let load = format!("{} / {}", line.booked, line.capacity);
    view! {
        <tr>
            <th scope="row"><a href=line_href(&line.id)>{line.id.clone()}</a></th>
            <td class="num">{line.settings.daily_capacity}</td>
            <td>{weekdays(&line.settings.working_days, l)}</td>
            <td>{next_holiday}</td>
            <td class="load">
                <meter min="0" max=line.capacity.max(1) high=line.capacity.max(1) value=line.booked>{load.clone()}</meter>
                " " {load}
            </td>
        </tr>
    }
}

#[component]
fn ComponentRow(component: ComponentSummary) -> impl IntoView {
    let l = use_lang().get_untracked();
    let short = component.short();
    let available = component.settings.on_hand - component.reserved;
    let next = component
        .next_delivery
        .map(|(day, units)| format!("{} × {units}", format_date(day, l)))
        .unwrap_or_else(|| "–".into());
    view! {
        <tr class:short=short>
            <th scope="row">
                <a href=component_href(&component.id)>{component.id.clone()}</a>
                {short.then(|| view! { " " <span class="status status-short">{tr(l, "knapp", "running short")}</span> })}
            </th>
            <td class="num">{component.settings.on_hand}</td>
            <td class="num">{component.reserved}</td>
            <td class="num">{available}</td>
            <td class="num">{component.settings.reorder_level}</td>
            <td class="num">{days(component.settings.replenish_days, l)}</td>
            <td>{next}</td>
        </tr>
    }
}

/// The change log as a table, newest first; `subjects` adds a column
/// naming what was changed.
#[component]
pub(crate) fn ChangeLog(changes: Vec<Change>, subjects: bool) -> impl IntoView {
    let l = use_lang().get_untracked();
    if changes.is_empty() {
        return view! { <p>{tr(l, "Noch keine Änderungen.", "No changes yet.")}</p> }.into_any();
    }
    let rows = changes
        .into_iter()
        .map(|c| {
            let href = match c.subject.as_str() {
                "line" => line_href(&c.subject_id),
                _ => component_href(&c.subject_id),
            };
            let subject =
                subjects.then(|| view! { <td><a href=href>{c.subject_id.clone()}</a></td> });
            view! {
                <tr>
                    <td><time datetime=c.at.to_string()>{when(c.at, l)}</time></td>
                    <td>{c.actor.clone()}</td>
                    {subject}
                    <td>{field_label(&c.field, l)}</td>
                    <td>{value_label(&c.field, &c.before, l)}</td>
                    <td>{value_label(&c.field, &c.after, l)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="admin-table change-log">
            <thead><tr>
                <th scope="col">{tr(l, "Wann", "When")}</th>
                <th scope="col">{tr(l, "Wer", "Who")}</th>
                {subjects.then(|| view! { <th scope="col">{tr(l, "Was", "What")}</th> })}
                <th scope="col">{tr(l, "Feld", "Field")}</th>
                <th scope="col">{tr(l, "Vorher", "Before")}</th>
                <th scope="col">{tr(l, "Nachher", "After")}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

/// A logged field in words.
fn field_label(field: &str, l: Lang) -> &'static str {
    match field {
        "daily_capacity" => tr(l, "Stück pro Tag", "Units a day"),
        "working_days" => tr(l, "Arbeitstage", "Working days"),
        "holidays" => tr(l, "Feiertage", "Holidays"),
        "on_hand" => tr(l, "Bestand", "On hand"),
        "replenish_days" => tr(l, "Lieferzeit (Werktage)", "Lead time (working days)"),
        "reorder_level" => tr(l, "Meldebestand", "Reorder level"),
        "delivery" => tr(l, "Lieferung", "Delivery"),
        _ => tr(l, "Sonstiges", "Other"),
    }
}

/// A logged value in words: weekdays and a delivery's fate translated.
fn value_label(field: &str, value: &str, l: Lang) -> String {
    match (field, value) {
        (_, "") => "–".into(),
        ("delivery", "received") => tr(l, "eingebucht", "received").into(),
        ("delivery", "cancelled") => tr(l, "storniert", "cancelled").into(),
        ("working_days", days) => {
            let mut mask = [false; 7];
            for day in days.split(',') {
                if let Some(i) = WEEKDAYS.iter().position(|w| *w == day) {
                    mask[i] = true;
                }
            }
            weekdays(&mask, l)
        }
        _ => value.into(),
    }
}

/// A weekday's short name, Monday first.
pub(crate) fn weekday_label(i: usize, l: Lang) -> &'static str {
    const DE: [&str; 7] = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"];
    const EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    tr(l, DE[i % 7], EN[i % 7])
}

fn weekdays(mask: &[bool; 7], l: Lang) -> String {
    let days: Vec<&str> = (0..7)
        .filter(|i| mask[*i])
        .map(|i| weekday_label(i, l))
        .collect();
    if days.is_empty() {
        tr(l, "keine", "none").into()
    } else {
        days.join(", ")
    }
}

/// Working days in words.
pub(crate) fn days(n: u32, l: Lang) -> String {
    match (n, l) {
        (1, Lang::De) => "1 Werktag".into(),
        (n, Lang::De) => format!("{n} Werktage"),
        (1, Lang::En) => "1 working day".into(),
        (n, Lang::En) => format!("{n} working days"),
    }
}

/// What a form shows as its hidden `seen` field: the values as read, which
/// the server compares with the stored ones before it changes anything.
pub(crate) fn seen<T: serde::Serialize>(values: &T) -> String {
    #[cfg(feature = "ssr")]
    return serde_json::to_string(values).unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    {
        let _ = values;
        String::new()
    }
}

/// The address of line `id`'s page.
pub(crate) fn line_href(id: &str) -> String {
    format!("/admin/operations/lines/{}", percent_encode(id))
}

/// The address of component `id`'s page.
pub(crate) fn component_href(id: &str) -> String {
    format!("/admin/operations/components/{}", percent_encode(id))
}

/// The notice after a saved change (`?saved=N`).
#[component]
pub(crate) fn Saved() -> impl IntoView {
    let l = use_lang().get_untracked();
    let saved = query_pairs()
        .into_iter()
        .find(|(k, _)| k == "saved")
        .and_then(|(_, v)| v.parse::<u32>().ok());
    saved.map(|n| {
        let text = match n {
            0 => tr(l, "Nichts geändert.", "Nothing changed.").to_owned(),
            1 => tr(l, "Gespeichert: 1 Änderung.", "Saved: 1 change.").to_owned(),
            n => match l {
                Lang::De => format!("Gespeichert: {n} Änderungen."),
                Lang::En => format!("Saved: {n} changes."),
            },
        };
        view! { <p class="notice applied" role="status">{text}</p> }
    })
}
