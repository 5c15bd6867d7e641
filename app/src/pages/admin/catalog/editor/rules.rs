//! The product form's rules (in the engine's rule language), tables of
//! allowed combinations (as CSV), price rules and quantity tiers.

use super::{BothLanguages, Field, Values};
use crate::admin::catalog_form::{amount_text, percent_text};
use crate::i18n::use_lang;
use crate::pages::admin::tr;
use engine::Product;
use leptos::prelude::*;
use std::sync::Arc;

fn remove(name: String, label: &'static str) -> impl IntoView {
    view! { <button type="submit" name="action" value=name class="button">{label}</button> }
}

/// The rules, each a text in the rule language and its message.
#[component]
pub fn Rules(product: Arc<Product>, values: Values) -> impl IntoView {
    let l = use_lang().get_untracked();
    let list = product
        .rules
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let name = format!("r{k}.rule");
            view! {
                <fieldset id=format!("r{k}") class="ops-form">
                    <legend>{format!("{} {}", tr(l, "Regel", "Rule"), k + 1)}</legend>
                    <label for=name.clone()>{tr(l, "Regel", "Rule")}</label>
                    <textarea class="code" id=name.clone() name=name.clone() rows="2" maxlength="4000" spellcheck="false">{values.get(&name, r.rule.clone())}</textarea>
                    <div class="editor-grid">
                        <BothLanguages name=format!("r{k}.message") label=tr(l, "Meldung an die Kundschaft", "Message to customers") current=r.message.clone() values=values.clone() />
                    </div>
                    <p class="inline-actions">{remove(format!("delete-rule:{k}"), tr(l, "Regel entfernen", "Remove the rule"))}</p>
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <section id="rules">
            <h2>{tr(l, "Regeln", "Rules")}</h2>
            <p class="hint">{tr(l, "Zum Beispiel: engine = v6 requires wheels in (19in, 20in) · packages has tow-hitch excludes engine = ev204 · size >= 60 requires width != 2mm", "For example: engine = v6 requires wheels in (19in, 20in) · packages has tow-hitch excludes engine = ev204 · size >= 60 requires width != 2mm")}</p>
            {list}
            <fieldset class="ops-form">
                <legend>{tr(l, "Neue Regel", "New rule")}</legend>
                <label for="new_rule.rule">{tr(l, "Regel", "Rule")}</label>
                <textarea class="code" id="new_rule.rule" name="new_rule.rule" rows="2" maxlength="4000" spellcheck="false"></textarea>
                <p class="inline-actions"><button type="submit" name="action" value="add-rule" class="button">{tr(l, "Regel hinzufügen", "Add the rule")}</button></p>
            </fieldset>
        </section>
    }
}

/// The tables of allowed combinations, each edited as CSV.
#[component]
pub fn Tables(product: Arc<Product>, values: Values) -> impl IntoView {
    let l = use_lang().get_untracked();
    let list = product
        .tables
        .iter()
        .enumerate()
        .map(|(k, t)| {
            let name = format!("t{k}.csv");
            let download = format!("/admin/catalog/draft/products/{}/tables/{}/csv", product.id, t.id);
            view! {
                <fieldset id=format!("t{k}") class="ops-form">
                    <legend>{format!("{} {} ({} {})", tr(l, "Tabelle", "Table"), t.id, t.rows.len(), tr(l, "Zeilen", "rows"))}</legend>
                    <label for=name.clone()>{tr(l, "Erlaubte Kombinationen als CSV (Kopfzeile: Merkmal-IDs; * jeder Wert, - kein Wert)", "Allowed combinations as CSV (header: attribute ids; * any value, - no value)")}</label>
                    <textarea class="code" id=name.clone() name=name.clone() rows="6" spellcheck="false">{values.get(&name, engine::table_csv::table_to_csv(t))}</textarea>
                    <div class="editor-grid">
                        <BothLanguages name=format!("t{k}.message") label=tr(l, "Meldung an die Kundschaft", "Message to customers") current=t.message.clone() values=values.clone() />
                    </div>
                    <p class="inline-actions">
                        <a href=download download="">{tr(l, "Als CSV herunterladen", "Download as CSV")}</a>
                        {remove(format!("delete-table:{k}"), tr(l, "Tabelle entfernen", "Remove the table"))}
                    </p>
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <section id="tables">
            <h2>{tr(l, "Tabellen erlaubter Kombinationen", "Tables of allowed combinations")}</h2>
            {list}
            <div class="editor-row">
                <Field name="new_table.id".into() label=tr(l, "Neue Tabelle: ID", "New table: id").into() value=String::new() />
                <button type="submit" name="action" value="add-table" class="button">{tr(l, "Tabelle hinzufügen", "Add the table")}</button>
            </div>
        </section>
    }
}

/// Surcharges and discounts under a condition.
#[component]
pub fn PriceRules(product: Arc<Product>, currency: String, values: Values) -> impl IntoView {
    let l = use_lang().get_untracked();
    let list = product
        .price_rules
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let when = format!("p{k}.when");
            let amount = format!("p{k}.amount");
            view! {
                <fieldset id=format!("p{k}") class="ops-form">
                    <legend>{format!("{} {}", tr(l, "Preisregel", "Price rule"), k + 1)}</legend>
                    <label for=when.clone()>{tr(l, "Wenn (Bedingung in der Regelsprache)", "When (a condition in the rule language)")}</label>
                    <textarea class="code" id=when.clone() name=when.clone() rows="1" maxlength="4000" spellcheck="false">{values.get(&when, r.when.clone())}</textarea>
                    <div class="editor-grid">
                        <Field name=amount.clone() numeric=true label=format!("{} ({currency})", tr(l, "Betrag je Stück (negativ: Rabatt)", "Amount per unit (negative: a discount)")) value=values.get(&amount, amount_text(r.amount, &currency)) />
                        <BothLanguages name=format!("p{k}.label") label=tr(l, "Zeile in der Preisaufstellung", "Line in the price breakdown") current=r.label.clone() values=values.clone() />
                    </div>
                    <p class="inline-actions">{remove(format!("delete-price-rule:{k}"), tr(l, "Preisregel entfernen", "Remove the price rule"))}</p>
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <section id="price-rules">
            <h2>{tr(l, "Preisregeln", "Price rules")}</h2>
            {list}
            <div class="editor-row">
                <Field name="new_price_rule.when".into() label=tr(l, "Neue Preisregel: wenn", "New price rule: when").into() value=String::new() />
                <button type="submit" name="action" value="add-price-rule" class="button">{tr(l, "Preisregel hinzufügen", "Add the price rule")}</button>
            </div>
        </section>
    }
}

/// Discounts from a quantity on.
#[component]
pub fn Tiers(product: Arc<Product>, values: Values) -> impl IntoView {
    let l = use_lang().get_untracked();
    let list = product
        .quantity_tiers
        .iter()
        .enumerate()
        .map(|(k, t)| {
            let min = format!("q{k}.min_quantity");
            let discount = format!("q{k}.discount");
            view! {
                <div id=format!("q{k}") class="editor-row">
                    <Field name=min.clone() numeric=true label=tr(l, "Ab Stück", "From quantity").into() value=values.get(&min, t.min_quantity.to_string()) />
                    <Field name=discount.clone() numeric=true label=tr(l, "Rabatt in %", "Discount in %").into() value=values.get(&discount, percent_text(t.discount_bp)) />
                    {remove(format!("delete-tier:{k}"), tr(l, "Staffel entfernen", "Remove the tier"))}
                </div>
            }
        })
        .collect_view();
    view! {
        <section id="tiers" class="ops-form">
            <h2>{tr(l, "Mengenstaffeln", "Quantity tiers")}</h2>
            {list}
            <p class="inline-actions"><button type="submit" name="action" value="add-tier" class="button">{tr(l, "Staffel hinzufügen", "Add a tier")}</button></p>
        </section>
    }
}
