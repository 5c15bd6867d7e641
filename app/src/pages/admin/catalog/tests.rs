//! Test configurations on the catalog pages: the saved ones with the form
//! that saves one, and their runs on the draft.

use crate::admin::catalog::{Outcome, TestConfiguration, TestRun, MAX_LABEL};
use crate::i18n::{use_lang, Lang};
use crate::pages::admin::tr;
use leptos::prelude::*;

fn outcome_text(outcome: &Outcome, currency: &str, l: Lang) -> String {
    match outcome {
        Outcome::Orderable {
            total,
            components,
            days,
        } => {
            let money = engine::pricing::format_money(*total, currency, l);
            let days = days.map(|d| match l {
                Lang::De => format!("; {d} Arbeitstage"),
                Lang::En => format!("; {d} working days"),
            });
            let days = days.unwrap_or_default();
            match l {
                Lang::De => format!("bestellbar, {money}{days}; {components}"),
                Lang::En => format!("orderable, {money}{days}; {components}"),
            }
        }
        Outcome::NotOrderable => tr(l, "nicht bestellbar", "not orderable").to_owned(),
    }
}

/// The saved tests and the form that saves one.
#[component]
pub fn TestList(
    tests: Vec<TestConfiguration>,
    products: Vec<String>,
    currency: String,
) -> impl IntoView {
    let l = use_lang().get_untracked();
    let table = if tests.is_empty() {
        view! { <p>{tr(l, "Noch keine Testkonfiguration.", "No test configuration yet.")}</p> }
            .into_any()
    } else {
        view! {
            <table class="admin-table" data-testid="tests">
                <thead><tr>
                    <th>{tr(l, "Test", "Test")}</th>
                    <th>{tr(l, "Link", "Link")}</th>
                    <th>{tr(l, "Erwartet", "Expects")}</th>
                    <th></th>
                </tr></thead>
                <tbody>
                    {tests.into_iter().map(|t| {
                        let link = format!("/p/{}?{}", t.product, t.configuration);
                        let delete = format!("/admin/catalog/tests/{}/delete", t.id);
                        view! {
                            <tr>
                                <td>{t.label}</td>
                                <td><a href=link.clone()><code>{link.clone()}</code></a></td>
                                <td>{outcome_text(&t.expected, &currency, l)}</td>
                                <td><form method="post" action=delete><button type="submit" class="button">{tr(l, "Löschen", "Delete")}</button></form></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        }.into_any()
    };
    view! {
        <h2 id="tests">{tr(l, "Testkonfigurationen", "Test configurations")}</h2>
        <p class="hint">{tr(l,
            "Jede Veröffentlichung rechnet sie nach; eine, die nicht mehr ergibt, was sie erwartet, hält die Veröffentlichung auf, außer mit einer Begründung.",
            "Every publish replays them; one that no longer gives what it expects holds publishing up, unless overridden with a reason.")}</p>
        {table}
        <form class="admin-form" method="post" action="/admin/catalog/tests">
            <label for="test_product">{tr(l, "Produkt", "Product")}</label>
            <select id="test_product" name="product">
                {products.into_iter().map(|p| view! { <option value=p.clone()>{p.clone()}</option> }).collect_view()}
            </select>
            <label for="test_link">{tr(l, "Konfigurationslink (aus dem Konfigurator kopiert)", "Configuration link (copied from the configurator)")}</label>
            <input id="test_link" name="link" type="text" required />
            <label for="test_label">{tr(l, "Name des Tests", "Name of the test")}</label>
            <input id="test_label" name="label" type="text" required maxlength=MAX_LABEL.to_string() />
            <button type="submit" class="button">{tr(l, "Mit dem heutigen Ergebnis speichern", "Save with what it gives today")}</button>
        </form>
    }
}

/// The tests run on the draft.
#[component]
pub fn TestRuns(runs: Vec<TestRun>, blocked: bool, currency: String) -> impl IntoView {
    let l = use_lang().get_untracked();
    if blocked {
        return view! { <p>{tr(l, "Laufen, sobald die Prüfung keine Fehler mehr findet.", "They run once the check finds no errors.")}</p> }.into_any();
    }
    if runs.is_empty() {
        return view! { <p>{tr(l, "Keine Testkonfiguration.", "No test configuration.")}</p> }
            .into_any();
    }
    view! {
        <table class="admin-table" data-testid="test-runs">
            <thead><tr>
                <th>{tr(l, "Test", "Test")}</th>
                <th>{tr(l, "Ergebnis", "Result")}</th>
                <th>{tr(l, "Erwartet", "Expected")}</th>
                <th>{tr(l, "Mit dem Entwurf", "On the draft")}</th>
            </tr></thead>
            <tbody>
                {runs.into_iter().map(|run| {
                    let passed = run.passed();
                    view! {
                        <tr class:refused=!passed>
                            <td>{run.test.label.clone()}</td>
                            <td>{if passed { tr(l, "bestanden", "passes") } else { tr(l, "schlägt fehl", "fails") }}</td>
                            <td>{outcome_text(&run.test.expected, &currency, l)}</td>
                            <td>{outcome_text(&run.got, &currency, l)}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
