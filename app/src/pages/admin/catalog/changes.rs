//! What the catalog pages list: changes between two catalogs, and the
//! catalog check's findings.

use crate::i18n::{use_lang, Lang};
use crate::pages::admin::tr;
use engine::diff::{Change, ChangeKind};
use engine::validate::Problem;
use leptos::prelude::*;

fn kind_label(kind: ChangeKind, l: Lang) -> &'static str {
    match kind {
        ChangeKind::Added => tr(l, "neu", "added"),
        ChangeKind::Removed => tr(l, "entfernt", "removed"),
        ChangeKind::Changed => tr(l, "geändert", "changed"),
    }
}

/// The changes, one row each.
#[component]
pub fn ChangeTable(changes: Vec<Change>) -> impl IntoView {
    let l = use_lang().get_untracked();
    if changes.is_empty() {
        return view! { <p data-testid="changes">{tr(l, "Keine Änderungen.", "No changes.")}</p> }
            .into_any();
    }
    view! {
        <table class="admin-table" data-testid="changes">
            <thead><tr>
                <th>{tr(l, "Wo", "Where")}</th>
                <th>{tr(l, "Was", "What")}</th>
                <th>{tr(l, "Vorher", "Before")}</th>
                <th>{tr(l, "Nachher", "After")}</th>
            </tr></thead>
            <tbody>
                {changes.into_iter().map(|c| view! {
                    <tr class=format!("change {}", kind_label(c.kind, Lang::En))>
                        <td><code>{c.path}</code></td>
                        <td>{kind_label(c.kind, l)}</td>
                        <td>{c.before.unwrap_or_default()}</td>
                        <td>{c.after.unwrap_or_default()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// The check's errors (which block publishing) and warnings.
#[component]
pub fn ProblemList(errors: Vec<Problem>, warnings: Vec<Problem>) -> impl IntoView {
    let l = use_lang().get_untracked();
    let list = |problems: Vec<Problem>| {
        problems
            .into_iter()
            .map(|p| view! { <li><code>{p.path}</code> ": " {p.message}</li> })
            .collect_view()
    };
    let errors = (!errors.is_empty()).then(|| view! {
        <div class="notice refused" role="alert" data-testid="check-errors">
            <p>{match l {
                Lang::De => format!("{} Fehler – so kann der Entwurf nicht veröffentlicht werden:", errors.len()),
                Lang::En => format!("{} error(s) – the draft cannot be published like this:", errors.len()),
            }}</p>
            <ul>{list(errors)}</ul>
        </div>
    });
    let none = errors.is_none() && warnings.is_empty();
    let warnings = (!warnings.is_empty()).then(|| {
        view! {
            <div class="notice" data-testid="check-warnings">
                <p>{match l {
                    Lang::De => format!("{} Hinweise:", warnings.len()),
                    Lang::En => format!("{} warning(s):", warnings.len()),
                }}</p>
                <ul>{list(warnings)}</ul>
            </div>
        }
    });
    view! {
        {errors}
        {warnings}
        {none.then(|| view! { <p class="notice applied" data-testid="check-clean">{tr(l, "Die Prüfung hat nichts gefunden.", "The check found nothing.")}</p> })}
    }
}

/// The impact report: the open orders' and recent carts' lines the draft
/// would affect.
#[component]
pub fn ImpactTable(impact: crate::admin::catalog::Impact) -> impl IntoView {
    use crate::admin::catalog::Verdict;
    let l = use_lang().get_untracked();
    let checked = match l {
        Lang::De => format!(
            "Nachgerechnet: offene Bestellungen {}, Warenkorbzeilen der letzten 30 Tage {}.",
            impact.orders_checked, impact.cart_lines_checked
        ),
        Lang::En => format!(
            "Replayed: open orders {}, cart lines of the last 30 days {}.",
            impact.orders_checked, impact.cart_lines_checked
        ),
    };
    let currency = impact.currency.clone();
    let money = |minor: i64| engine::pricing::format_money(minor, &currency, l);
    let rows = impact
        .rows
        .into_iter()
        .map(|row| {
            let (what, detail) = match row.verdict {
                Verdict::Invalid(reasons) => (
                    tr(l, "nicht mehr bestellbar", "no longer valid"),
                    reasons
                        .iter()
                        .map(|r| r.get(l).to_owned())
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
                Verdict::Price { before, after } => (
                    tr(l, "anderer Preis", "price changes"),
                    format!("{} → {}", money(before), money(after)),
                ),
                Verdict::Components { before, after } => (
                    tr(l, "andere Komponenten", "components change"),
                    format!("{before} → {after}"),
                ),
                Verdict::ProductionDays { before, after } => (
                    tr(l, "andere Fertigungszeit", "production time changes"),
                    match l {
                        Lang::De => format!("{before} → {after} Arbeitstage Fertigung"),
                        Lang::En => format!("{before} → {after} working days of production"),
                    },
                ),
            };
            let whose = match &row.order {
                Some(number) => {
                    view! { <a href=format!("/admin/orders/{number}")>{number.clone()}</a> }
                        .into_any()
                }
                None => view! { {tr(l, "Warenkorb", "cart")} }.into_any(),
            };
            view! {
                <tr>
                    <td>{whose}</td>
                    <td>{row.product}<br /><small><code>{row.configuration}</code></small></td>
                    <td>{what}</td>
                    <td>{detail}</td>
                </tr>
            }
        })
        .collect::<Vec<_>>();
    let table = if rows.is_empty() {
        view! { <p>{tr(l, "Nichts davon ändert sich.", "None of them changes.")}</p> }.into_any()
    } else {
        view! {
            <table class="admin-table">
                <thead><tr>
                    <th>{tr(l, "Bestellung", "Order")}</th>
                    <th>{tr(l, "Zeile", "Line")}</th>
                    <th>{tr(l, "Was", "What")}</th>
                    <th>{tr(l, "Einzelheiten", "Details")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <div data-testid="impact">
            <p class="hint">{checked} {tr(l, " Gespeicherte Bestellungen behalten ihre Spezifikation.", " Stored orders keep their specification.")}</p>
            {table}
        </div>
    }
}
