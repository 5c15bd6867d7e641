//! The catalog editor (marketing and owners): `/admin/catalog/draft/products`
//! lists the draft's products with what the check finds in each, the
//! catalog's settings and a form for a new product;
//! `/admin/catalog/draft/products/{id}` edits one product in one form.
//! Field names come from [`crate::admin::catalog_form`]. Every save names
//! the draft revision it started from; `/admin.js` runs the check on the
//! form while typing, and without JavaScript the page shows it after saving.

mod attributes;
mod rules;

use super::changes::ChangeTable;
use crate::admin::catalog::{Conflict, EditorData, Finding};
use crate::admin::catalog_form::{amount_text, anchor, percent_text};
use crate::admin::Area;
use crate::components::preview::drawn::DRAWINGS;
use crate::i18n::{use_lang, Lang};
use crate::pages::admin::frame::{AdminFrame, Notice};
use crate::pages::admin::{posted, query_pairs, tr};
use engine::{Product, Text};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use std::sync::Arc;

const INDEX: &str = "/admin/catalog/draft/products";

/// What the form fields show: what a refused form posted, else the draft.
#[derive(Clone, Default)]
pub struct Values(Arc<Vec<(String, String)>>);

impl Values {
    /// The posted value of `name` if the page answers a refused form, else `current`.
    pub fn get(&self, name: &str, current: impl Into<String>) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| current.into())
    }
}

/// The values to show: a stale form shows the new revision, not what was posted.
fn values() -> Values {
    let posted = posted();
    if posted.conflict.is_some() {
        Values::default()
    } else {
        Values(Arc::new(posted.form))
    }
}

async fn editor() -> Option<EditorData> {
    #[cfg(feature = "ssr")]
    {
        let store = use_context::<crate::state::SharedCatalogAdmin>()?;
        store
            .editor()
            .await
            .map_err(|e| tracing::error!(error = %e, "reading the catalog draft failed"))
            .ok()
    }
    #[cfg(not(feature = "ssr"))]
    None
}

fn unreadable(l: Lang) -> AnyView {
    view! { <p class="notice refused" role="alert">{tr(l, "Der Entwurf kann gerade nicht gelesen werden.", "The draft cannot be read right now.")}</p> }.into_any()
}

/// The line under the title: where the draft stands.
fn revision_line(l: Lang, revision: i64) -> String {
    match (revision, l) {
        (0, Lang::De) => "Es gibt noch keinen Entwurf: Sie sehen die Live-Version, und das erste Speichern legt den Entwurf an.".into(),
        (0, Lang::En) => "There is no draft yet: you see the live version, and the first save starts the draft.".into(),
        (r, Lang::De) => format!("Entwurf, Stand {r}. Kundinnen und Kunden sehen ihn erst nach dem Veröffentlichen."),
        (r, Lang::En) => format!("Draft revision {r}. Customers see it only once it is published."),
    }
}

fn done(l: Lang) -> Option<AnyView> {
    let done = query_pairs().into_iter().find(|(k, _)| k == "done")?.1;
    let text = match done.as_str() {
        "added" => tr(
            l,
            "Produkt angelegt; es ist im Entwurf, bis er veröffentlicht wird.",
            "Product added; it is in the draft until that is published.",
        ),
        _ => tr(l, "Im Entwurf gespeichert.", "Saved in the draft."),
    };
    Some(view! { <p class="notice applied" role="status">{text}</p> }.into_any())
}

/// The links every editor page has.
fn editor_links(l: Lang, product: Option<&str>) -> impl IntoView {
    let preview = product.map(|id| {
        view! { " · " <a href=format!("/admin/catalog/preview/{id}")>{tr(l, "Vorschau im Konfigurator", "Preview in the configurator")}</a> }
    });
    view! {
        <p class="order-links">
            <a href=Area::Catalog.path()>{tr(l, "← Katalog", "← Catalog")}</a>
            " · " <a href=INDEX>{tr(l, "Alle Produkte", "All products")}</a>
            " · " <a href="/admin/catalog/draft">{tr(l, "Prüfen und veröffentlichen", "Review and publish")}</a>
            {preview}
        </p>
    }
}

/// `/admin/catalog/draft/products`.
#[component]
pub fn EditorIndexPage() -> impl IntoView {
    let l = use_lang().get_untracked();
    let posted = posted();
    let values = values();
    view! {
        <AdminFrame title=tr(l, "Katalog bearbeiten", "Edit the catalog").to_owned()>
            {editor_links(l, None)}
            <Notice posted />
            {done(l)}
            <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {Suspend::new(async move {
                    match editor().await {
                        Some(data) => view! { <ConflictNote /> <Index data values=values.clone() /> }.into_any(),
                        None => unreadable(l),
                    }
                })}
            </Suspense>
        </AdminFrame>
    }
}

#[component]
fn Index(data: EditorData, values: Values) -> impl IntoView {
    let l = use_lang().get_untracked();
    let revision = data.revision.to_string();
    let catalog = data.catalog;
    let count = |id: &str, error: bool| {
        let prefix = format!("products[{id}]");
        data.findings
            .iter()
            .filter(|f| f.error == error && f.problem.path.starts_with(&prefix))
            .count()
    };
    let rows = catalog
        .products
        .iter()
        .map(|p| {
            let (errors, warnings) = (count(&p.id, true), count(&p.id, false));
            view! {
                <tr>
                    <td><a href=format!("{INDEX}/{}", p.id)>{p.name.get(l).to_owned()}</a><br /><small>{p.id.clone()}</small></td>
                    <td class="num">{engine::pricing::format_money(p.base_price, &catalog.currency, l)}</td>
                    <td class="num">{p.attributes.len()}</td>
                    <td class:refused={errors > 0}>{match l {
                        Lang::De => format!("{errors} Fehler, {warnings} Hinweise"),
                        Lang::En => format!("{errors} errors, {warnings} warnings"),
                    }}</td>
                </tr>
            }
        })
        .collect_view();
    let lines = catalog
        .production_lines
        .iter()
        .map(|line| view! { <option value=line.id.clone()>{line.name.get(l).to_owned()}</option> })
        .collect_view();
    let vat = values.get("vat", percent_text(catalog.vat_rate_bp));
    view! {
        <p class="hint">{revision_line(l, data.revision)}</p>
        <table class="admin-table" data-testid="editor-products">
            <thead><tr>
                <th>{tr(l, "Produkt", "Product")}</th>
                <th class="num">{tr(l, "Grundpreis", "Base price")}</th>
                <th class="num">{tr(l, "Merkmale", "Attributes")}</th>
                <th>{tr(l, "Katalogprüfung", "Catalog check")}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <form class="admin-form ops-form" method="post" action=INDEX>
            <h2>{tr(l, "Neues Produkt", "New product")}</h2>
            <input type="hidden" name="revision" value=revision.clone() />
            <label for="new_product.id">{tr(l, "ID (steht im Link, z. B. manschettenknoepfe)", "Id (used in the link, e.g. cufflinks)")}</label>
            <input id="new_product.id" name="new_product.id" required maxlength="64" pattern="[a-z0-9-]+" value=values.get("new_product.id", "") />
            <label for="new_product.name">{tr(l, "Name", "Name")}</label>
            <input id="new_product.name" name="new_product.name" maxlength="120" value=values.get("new_product.name", "") />
            <label for="new_product.line">{tr(l, "Fertigungslinie", "Production line")}</label>
            <select id="new_product.line" name="new_product.line">{lines}</select>
            <button type="submit" class="button">{tr(l, "Produkt anlegen", "Add the product")}</button>
        </form>
        <form class="admin-form ops-form" method="post" action="/admin/catalog/draft/settings">
            <h2>{tr(l, "Einstellungen des Katalogs", "Catalog settings")}</h2>
            <input type="hidden" name="revision" value=revision />
            <label for="vat">{tr(l, "Mehrwertsteuer in % (die Preise sind Bruttopreise)", "VAT in % (prices include it)")}</label>
            <input id="vat" name="vat" inputmode="decimal" required value=vat />
            <p class="hint">{match l {
                Lang::De => format!("Währung: {}", catalog.currency),
                Lang::En => format!("Currency: {}", catalog.currency),
            }}</p>
            <button type="submit" class="button">{tr(l, "Speichern", "Save")}</button>
        </form>
    }
}

/// What changed meanwhile, when a save was refused as stale.
#[component]
fn ConflictNote() -> impl IntoView {
    let l = use_lang().get_untracked();
    posted().conflict.map(|Conflict { meanwhile, yours }| {
        view! {
            <section class="ops-form" data-testid="conflict">
                <h2>{tr(l, "Inzwischen geändert", "Changed meanwhile")}</h2>
                <ChangeTable changes=meanwhile />
                <h2>{tr(l, "Ihre Änderung (nicht gespeichert)", "Your change (not saved)")}</h2>
                <ChangeTable changes=yours />
                <p class="hint">{tr(l, "Das Formular unten zeigt den neuen Stand. Tragen Sie Ihre Änderung dort noch einmal ein und speichern Sie.", "The form below shows the new revision. Enter your change there again and save.")}</p>
            </section>
        }
    })
}

/// `/admin/catalog/draft/products/{id}`.
#[component]
pub fn ProductEditorPage() -> impl IntoView {
    let l = use_lang().get_untracked();
    let id = use_params_map()
        .read_untracked()
        .get("id")
        .unwrap_or_default();
    let posted = posted();
    let values = values();
    view! {
        <AdminFrame title=tr(l, "Produkt bearbeiten", "Edit a product").to_owned()>
            {editor_links(l, Some(&id))}
            <Notice posted />
            {done(l)}
            <ConflictNote />
            <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {Suspend::new({
                    let id = id.clone();
                    let values = values.clone();
                    async move {
                        let Some(data) = editor().await else { return unreadable(l) };
                        match data.catalog.products.iter().find(|p| p.id == id).cloned() {
                            Some(product) => view! { <ProductForm data product values /> }.into_any(),
                            None => view! { <p class="notice refused" role="alert">{tr(l, "Dieses Produkt gibt es im Entwurf nicht.", "There is no such product in the draft.")}</p> }.into_any(),
                        }
                    }
                })}
            </Suspense>
            <script type="module" src="/admin.js" nonce=leptos::nonce::use_nonce()></script>
        </AdminFrame>
    }
}

/// What the catalog check finds in `product`, each linked to its place.
#[component]
fn Findings(product: Arc<Product>, findings: Vec<Finding>) -> impl IntoView {
    let l = use_lang().get_untracked();
    let prefix = format!("products[{}]", product.id);
    let mine: Vec<_> = findings
        .into_iter()
        .filter(|f| f.problem.path == prefix || f.problem.path.starts_with(&format!("{prefix}.")))
        .collect();
    let none = mine.is_empty().then(|| view! { <li class="applied">{tr(l, "Die Prüfung findet nichts.", "The check finds nothing.")}</li> });
    let items = mine
        .into_iter()
        .map(|f| {
            let href = format!("#{}", anchor(&product, &f.problem.path).unwrap_or_default());
            let kind = if f.error { tr(l, "Fehler", "Error") } else { tr(l, "Hinweis", "Warning") };
            view! {
                <li class:refused={f.error}>
                    <strong>{kind}</strong> ": " <a href=href>{f.problem.path.clone()}</a> " — " {f.problem.message.clone()}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="ops-form" aria-labelledby="findings-title">
            <h2 id="findings-title">{tr(l, "Katalogprüfung", "Catalog check")}</h2>
            <p class="hint" data-check-status aria-live="polite">{tr(l, "Stand des letzten Speicherns.", "As last saved.")}</p>
            <ul id="findings" data-testid="findings">{none}{items}</ul>
        </section>
    }
}

/// One text in both languages: two inputs (or text areas).
#[component]
pub fn BothLanguages(
    name: String,
    label: &'static str,
    current: Text,
    values: Values,
    #[prop(optional)] area: bool,
) -> impl IntoView {
    [("de", "Deutsch", current.de.clone()), ("en", "English", current.en.clone())]
        .into_iter()
        .map(|(code, language, text)| {
            let field = format!("{name}.{code}");
            let value = values.get(&field, text);
            let input = if area {
                view! { <textarea id=field.clone() name=field.clone() rows="2" maxlength="2000">{value}</textarea> }.into_any()
            } else {
                view! { <input id=field.clone() name=field.clone() maxlength="200" value=value /> }.into_any()
            };
            view! { <div class="field"><label for=field>{format!("{label} ({language})")}</label> {input}</div> }
        })
        .collect_view()
}

/// A labelled single-line field.
#[component]
pub fn Field(
    name: String,
    label: String,
    value: String,
    #[prop(optional)] numeric: bool,
) -> impl IntoView {
    let mode = if numeric { "decimal" } else { "text" };
    view! {
        <div class="field">
            <label for=name.clone()>{label}</label>
            <input id=name.clone() name=name inputmode=mode value=value />
        </div>
    }
}

/// A drawing's name as the editor shows it.
fn drawing_label(l: Lang, name: &str) -> String {
    match name {
        "car" => tr(l, "Auto", "Car"),
        "ring" => tr(l, "Ring", "Ring"),
        "shirt" => tr(l, "Hemd", "Shirt"),
        _ => tr(l, "Farbfelder der Auswahl", "Swatches of the choices"),
    }
    .to_owned()
}

#[component]
fn ProductForm(data: EditorData, product: Product, values: Values) -> impl IntoView {
    let l = use_lang().get_untracked();
    let currency = data.catalog.currency.clone();
    let product = Arc::new(product);
    let action = format!("{INDEX}/{}", product.id);
    let check = format!("{action}/check");
    let lines = data
        .catalog
        .production_lines
        .iter()
        .map(|line| {
            let selected = values.get("production_line", product.production_line.clone()) == line.id;
            view! { <option value=line.id.clone() selected=selected>{line.name.get(l).to_owned()}</option> }
        })
        .collect_view();
    let drawing = values.get("drawing", product.drawing_name().to_owned());
    let drawings = DRAWINGS
        .iter()
        .map(|(name, _)| {
            let label = drawing_label(l, name);
            view! { <option value=*name selected=drawing == *name>{label}</option> }
        })
        .collect_view();
    let v = values.clone();
    let money = |name: &str, amount| v.get(name, amount_text(amount, &currency));
    view! {
        <h2>{product.name.get(l).to_owned()} " " <small>{format!("({})", product.id)}</small></h2>
        <p class="hint">{revision_line(l, data.revision)}</p>
        <Findings product=product.clone() findings=data.findings.clone() />
        <form class="editor" method="post" action=action data-check=check id="product-form">
            // Enter in a field saves: the form's first button is the default.
            <button type="submit" name="action" value="save" class="visually-hidden" tabindex="-1" aria-hidden="true">{tr(l, "Speichern", "Save")}</button>
            <input type="hidden" name="revision" value=data.revision.to_string() />
            <fieldset id="basics" class="ops-form">
                <legend>{tr(l, "Grunddaten", "Basics")}</legend>
                <div class="editor-grid">
                    <BothLanguages name="name".into() label=tr(l, "Name", "Name") current=product.name.clone() values=values.clone() />
                    <BothLanguages name="description".into() label=tr(l, "Beschreibung", "Description") current=product.description.clone() values=values.clone() area=true />
                    <Field name="base_price".into() numeric=true label=format!("{} ({})", tr(l, "Grundpreis brutto", "Base price incl. VAT"), currency) value=money("base_price", product.base_price) />
                    <div class="field">
                        <label for="production_line">{tr(l, "Fertigungslinie", "Production line")}</label>
                        <select id="production_line" name="production_line">{lines}</select>
                    </div>
                    <Field name="base_days".into() numeric=true label=tr(l, "Fertigung (Arbeitstage)", "Production (working days)").into() value=values.get("base_days", product.base_days.to_string()) />
                    <Field name="shipping_days".into() numeric=true label=tr(l, "Versand (Arbeitstage)", "Shipping (working days)").into() value=values.get("shipping_days", product.shipping_days.to_string()) />
                    <Field name="image".into() label=tr(l, "Bild (Pfad unter public/, optional)", "Image (path under public/, optional)").into() value=values.get("image", product.image.clone().unwrap_or_default()) />
                    <div class="field">
                        <label for="drawing">{tr(l, "Zeichnung in der Vorschau", "Drawing in the preview")}</label>
                        <select id="drawing" name="drawing">{drawings}</select>
                    </div>
                </div>
            </fieldset>
            <attributes::Attributes product=product.clone() currency=currency.clone() values=values.clone() />
            <rules::Rules product=product.clone() values=values.clone() />
            <rules::Tables product=product.clone() values=values.clone() />
            <rules::PriceRules product=product.clone() currency=currency.clone() values=values.clone() />
            <rules::Tiers product=product.clone() values=values.clone() />
            <p class="editor-save">
                <button type="submit" name="action" value="save" class="button primary">{tr(l, "Im Entwurf speichern", "Save in the draft")}</button>
            </p>
        </form>
    }
}
