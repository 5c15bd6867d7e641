//! The product form's attributes: each with its labels, its kind's
//! settings and its options (labels, price, days, swatch, components), and
//! buttons to add, move and remove them.

use super::{BothLanguages, Field, Values};
use crate::admin::catalog_form::{amount_text, components_text, KINDS};
use crate::i18n::{use_lang, Lang};
use crate::pages::admin::tr;
use engine::model::{AttrOption, Attribute, AttributeKind};
use engine::Product;
use leptos::prelude::*;
use std::sync::Arc;

/// Every attribute of the product, then a form part for a new one.
#[component]
pub fn Attributes(product: Arc<Product>, currency: String, values: Values) -> impl IntoView {
    let l = use_lang().get_untracked();
    let kinds = KINDS
        .iter()
        .map(|(id, de, en)| view! { <option value=*id>{tr(l, de, en)}</option> })
        .collect_view();
    let list = product
        .attributes
        .iter()
        .enumerate()
        .map(|(i, a)| {
            view! { <AttributeFields i a=a.clone() groups=product.groups.iter().map(|g| (g.id.clone(), g.label.get(l).to_owned())).collect() currency=currency.clone() values=values.clone() /> }
        })
        .collect_view();
    view! {
        <section id="attributes">
            <h2>{tr(l, "Merkmale", "Attributes")}</h2>
            {list}
            <fieldset class="ops-form">
                <legend>{tr(l, "Neues Merkmal", "New attribute")}</legend>
                <div class="editor-row">
                    <Field name="new_attribute.id".into() label=tr(l, "ID", "Id").into() value=String::new() />
                    <Field name="new_attribute.label".into() label=tr(l, "Bezeichnung", "Label").into() value=String::new() />
                    <div class="field">
                        <label for="new_attribute.kind">{tr(l, "Art", "Kind")}</label>
                        <select id="new_attribute.kind" name="new_attribute.kind">{kinds}</select>
                    </div>
                    <button type="submit" name="action" value="add-attribute" class="button">{tr(l, "Merkmal hinzufügen", "Add the attribute")}</button>
                </div>
            </fieldset>
        </section>
    }
}

fn kind_label(l: Lang, kind: &AttributeKind) -> &'static str {
    let id = match kind {
        AttributeKind::Choice { .. } => "choice",
        AttributeKind::Multi { .. } => "multi",
        AttributeKind::Text(_) => "text",
        AttributeKind::Number(_) => "number",
    };
    KINDS
        .iter()
        .find(|(k, ..)| *k == id)
        .map_or("", |(_, de, en)| tr(l, de, en))
}

/// A yes/no select (a checkbox would send nothing when cleared).
fn yes_no(
    l: Lang,
    name: String,
    label: &'static str,
    current: bool,
    values: &Values,
) -> impl IntoView {
    let value = values.get(&name, if current { "yes" } else { "no" });
    view! {
        <div class="field">
            <label for=name.clone()>{label}</label>
            <select id=name.clone() name=name>
                <option value="yes" selected=value == "yes">{tr(l, "ja", "yes")}</option>
                <option value="no" selected=value != "yes">{tr(l, "nein", "no")}</option>
            </select>
        </div>
    }
}

#[component]
fn AttributeFields(
    i: usize,
    a: Attribute,
    groups: Vec<(String, String)>,
    currency: String,
    values: Values,
) -> impl IntoView {
    let l = use_lang().get_untracked();
    let p = format!("a{i}");
    let group_name = format!("{p}.group");
    let current_group = values.get(&group_name, a.group.clone().unwrap_or_default());
    let group = (!groups.is_empty()).then(|| {
        view! {
            <div class="field">
                <label for=group_name.clone()>{tr(l, "Gruppe", "Group")}</label>
                <select id=group_name.clone() name=group_name>
                    <option value="">{tr(l, "(keine)", "(none)")}</option>
                    {groups.into_iter().map(|(id, label)| view! { <option value=id.clone() selected=current_group == id>{label}</option> }).collect_view()}
                </select>
            </div>
        }
    });
    let money = |name: String, amount| {
        let value = values.get(&name, amount_text(amount, &currency));
        (name, value)
    };
    let settings = match &a.kind {
        AttributeKind::Choice { required, .. } => {
            yes_no(l, format!("{p}.required"), tr(l, "Muss gewählt werden", "Must be chosen"), *required, &values).into_any()
        }
        AttributeKind::Multi { min, max, .. } => view! {
            <Field name=format!("{p}.min") numeric=true label=tr(l, "Mindestens", "At least").into() value=values.get(&format!("{p}.min"), min.to_string()) />
            <Field name=format!("{p}.max") numeric=true label=tr(l, "Höchstens (leer: alle)", "At most (empty: all)").into() value=values.get(&format!("{p}.max"), max.map(|m| m.to_string()).unwrap_or_default()) />
        }.into_any(),
        AttributeKind::Text(spec) => {
            let (per_char, per_char_value) = money(format!("{p}.price_per_char"), spec.price_per_char);
            let (surcharge, surcharge_value) = money(format!("{p}.surcharge"), spec.surcharge);
            view! {
                {yes_no(l, format!("{p}.required"), tr(l, "Pflichtfeld", "Required"), spec.required, &values)}
                <Field name=format!("{p}.max_len") numeric=true label=tr(l, "Höchstens Zeichen", "At most characters").into() value=values.get(&format!("{p}.max_len"), spec.max_len.to_string()) />
                <Field name=format!("{p}.allowed") label=tr(l, "Erlaubte Zeichen (z. B. A-Z0-9 .; leer: übliche)", "Allowed characters (e.g. A-Z0-9 .; empty: the usual)").into() value=values.get(&format!("{p}.allowed"), spec.allowed.clone().unwrap_or_default()) />
                <Field name=per_char numeric=true label=format!("{} ({currency})", tr(l, "Preis je Zeichen", "Price per character")) value=per_char_value />
                <Field name=surcharge numeric=true label=format!("{} ({currency})", tr(l, "Aufpreis, wenn ausgefüllt", "Surcharge when filled in")) value=surcharge_value />
                <Field name=format!("{p}.days") numeric=true label=tr(l, "Zusätzliche Arbeitstage", "Extra working days").into() value=values.get(&format!("{p}.days"), spec.days.to_string()) />
            }.into_any()
        }
        AttributeKind::Number(spec) => view! {
            {yes_no(l, format!("{p}.required"), tr(l, "Pflichtfeld", "Required"), spec.required, &values)}
            <Field name=format!("{p}.unit") label=tr(l, "Einheit", "Unit").into() value=values.get(&format!("{p}.unit"), spec.unit.clone()) />
            <Field name=format!("{p}.min") numeric=true label=tr(l, "Kleinster Wert", "Smallest value").into() value=values.get(&format!("{p}.min"), spec.min.to_string()) />
            <Field name=format!("{p}.max") numeric=true label=tr(l, "Größter Wert", "Largest value").into() value=values.get(&format!("{p}.max"), spec.max.to_string()) />
            <Field name=format!("{p}.step") numeric=true label=tr(l, "Schritt", "Step").into() value=values.get(&format!("{p}.step"), spec.step.to_string()) />
        }.into_any(),
    };
    let options = match &a.kind {
        AttributeKind::Choice { options, .. } | AttributeKind::Multi { options, .. } => Some(
            view! { <Options i options=options.clone() currency=currency.clone() values=values.clone() /> },
        ),
        _ => None,
    };
    view! {
        <fieldset id=p.clone() class="ops-form">
            <legend>{format!("{} ({}, {})", a.label.get(l), a.id, kind_label(l, &a.kind))}</legend>
            <div class="editor-grid">
                <BothLanguages name=format!("{p}.label") label=tr(l, "Bezeichnung", "Label") current=a.label.clone() values=values.clone() />
                <BothLanguages name=format!("{p}.help") label=tr(l, "Hilfetext", "Help text") current=a.help.clone() values=values.clone() />
                {group}
                <Field name=format!("{p}.drawing") label=tr(l, "Teil der Zeichnung (leer: die ID)", "Part of the drawing (empty: its id)").into() value=values.get(&format!("{p}.drawing"), a.drawing.clone().unwrap_or_default()) />
                {settings}
            </div>
            {options}
            <p class="inline-actions">
                <button type="submit" name="action" value=format!("up-attribute:{i}") class="button" disabled=i == 0>{tr(l, "Nach oben", "Move up")}</button>
                <button type="submit" name="action" value=format!("delete-attribute:{i}") class="button">{tr(l, "Merkmal entfernen", "Remove the attribute")}</button>
            </p>
        </fieldset>
    }
}

/// The options of a choice as a table, then a row for a new one.
#[component]
fn Options(i: usize, options: Vec<AttrOption>, currency: String, values: Values) -> impl IntoView {
    let l = use_lang().get_untracked();
    let rows = options
        .into_iter()
        .enumerate()
        .map(|(j, o)| {
            let p = format!("a{i}.o{j}");
            let cell = |field: &str, current: String, label: String, class: &'static str| {
                let name = format!("{p}.{field}");
                let value = values.get(&name, current);
                view! { <td><input class=class name=name.clone() id=name value=value aria-label=label /></td> }
            };
            let name = o.label.get(l).to_owned();
            let swatch = o.swatch.clone().unwrap_or_default();
            view! {
                <tr id=p.clone()>
                    <td><code>{o.id.clone()}</code></td>
                    {cell("label.de", o.label.de.clone(), format!("{name}: {}", tr(l, "Bezeichnung Deutsch", "label German")), "")}
                    {cell("label.en", o.label.en.clone(), format!("{name}: {}", tr(l, "Bezeichnung Englisch", "label English")), "")}
                    {cell("price", amount_text(o.price, &currency), format!("{name}: {} ({currency})", tr(l, "Aufpreis", "price")), "num")}
                    {cell("days", o.days.to_string(), format!("{name}: {}", tr(l, "zusätzliche Tage", "extra days")), "num short")}
                    {cell("swatch", swatch, format!("{name}: {}", tr(l, "Farbe (#rrggbb)", "colour (#rrggbb)")), "short")}
                    {cell("components", components_text(&o.components), format!("{name}: {}", tr(l, "Bauteile", "components")), "")}
                    {cell("drawing", o.drawing.clone().unwrap_or_default(), format!("{name}: {}", tr(l, "in der Zeichnung (leer: die ID)", "in the drawing (empty: its id)")), "short")}
                    <td class="inline-actions">
                        <button type="submit" name="action" value=format!("up-option:{i}:{j}") class="button" disabled=j == 0 aria-label=format!("{name}: {}", tr(l, "nach oben", "move up"))>"↑"</button>
                        <button type="submit" name="action" value=format!("delete-option:{i}:{j}") class="button" aria-label=format!("{name}: {}", tr(l, "entfernen", "remove"))>"✕"</button>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let new_id = format!("a{i}.new_option.id");
    let new_label = format!("a{i}.new_option.label");
    view! {
        <div class="table-scroll">
            <table class="admin-table editor-options">
                <thead><tr>
                    <th>{tr(l, "Option", "Option")}</th>
                    <th>{tr(l, "Deutsch", "German")}</th>
                    <th>{tr(l, "Englisch", "English")}</th>
                    <th class="num">{format!("{} ({currency})", tr(l, "Aufpreis", "Price"))}</th>
                    <th class="num">{tr(l, "+ Tage", "+ days")}</th>
                    <th>{tr(l, "Farbe", "Colour")}</th>
                    <th>{tr(l, "Bauteile (id:Menge, …)", "Components (id:qty, …)")}</th>
                    <th>{tr(l, "Zeichnung", "Drawing")}</th>
                    <th><span class="visually-hidden">{tr(l, "Aktionen", "Actions")}</span></th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <div class="editor-row">
            <Field name=new_id label=tr(l, "Neue Option: ID", "New option: id").into() value=String::new() />
            <Field name=new_label label=tr(l, "Bezeichnung", "Label").into() value=String::new() />
            <button type="submit" name="action" value=format!("add-option:{i}") class="button">{tr(l, "Option hinzufügen", "Add the option")}</button>
        </div>
    }
}
