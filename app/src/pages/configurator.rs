//! The configurator `/p/{product}`: the customer's choices live in the link;
//! the engine (running in the browser after hydration, on the server before)
//! says what is still possible, the price and the delivery window.

mod fields;
mod order_actions;
mod proposal;
mod state;
pub mod summary;
pub mod words;

pub use state::{checkout_link, configure, link, link_for_line, Configured};

use crate::components::preview::ProductPreview;
use crate::i18n::{t, use_lang, Key};
use crate::islands::IslandData;
use crate::page_link::PageLink;
use crate::server_fns::configurator::{load_configurator, ConfiguratorData};
use engine::solver::{Explanation, Target};
use engine::{Selection, Value};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use std::sync::Arc;

/// The page, rendered on the server: loads the product's data, then hands
/// it to the [`Configurator`] island, which configures from the link.
#[component]
pub fn ConfiguratorPage() -> impl IntoView {
    let product = use_params_map()
        .read_untracked()
        .get("product")
        .unwrap_or_default();
    let lang = use_lang().get_untracked();
    view! {
        <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            {Suspend::new(async move {
                super::loaded(load_configurator(product, Some(lang)).await, t(lang, Key::ConfiguratorLoadError), |data| {
                    // A plain string: the language only changes with a new page load.
                    let title = format!("{} · Atelier", data.compiled.product.name.get(lang));
                    let data = IslandData(data.product_apart());
                    view! {
                        <Title text=title />
                        {data.0.compiled.page_parts()}
                        {data.script()}
                        <Configurator data />
                        <crate::components::layout::CartScript />
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}

/// A change the customer asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// Choose a value, leave an attribute empty, or leave a multi option out.
    Choose { attribute: String, target: Target },
    /// Set (or clear, when empty) a text and its font.
    Text {
        attribute: String,
        text: String,
        font: Option<String>,
    },
    /// Order this many.
    Quantity(u32),
}

/// What the parts of the page share.
#[derive(Clone)]
pub struct Page {
    pub data: Arc<ConfiguratorData>,
    /// The configuration the current link describes.
    pub state: Memo<Configured>,
    /// Bumped when a change is not applied, so inputs re-read their state.
    pub revision: RwSignal<u32>,
    /// Applies a change, or asks first when it needs other choices to change.
    pub request: Callback<Change>,
}

/// A change waiting for the customer's consent.
#[derive(Clone, Debug, PartialEq)]
pub struct Pending {
    pub attribute: String,
    pub target: Target,
    pub explanation: Explanation,
}

/// The interactive configurator: the only part of the page that runs in
/// the browser, with the engine, from the data the server sent along.
#[island]
pub fn Configurator(data: IslandData<ConfiguratorData>) -> impl IntoView {
    crate::islands::start();
    let data = Arc::new(data.0);
    let lang = use_lang().get_untracked();
    let address = PageLink::new();
    let query = address.pairs();
    let state = Memo::new({
        let data = data.clone();
        move |_| query.with(|pairs| configure(&data, pairs))
    });
    let revision = RwSignal::new(0u32);
    let pending = RwSignal::new(None::<Pending>);
    let undo = RwSignal::new(None::<String>);
    let go = {
        let data = data.clone();
        move |selection: &Selection, quantity: u32, replace: bool| {
            // Changing a cart line keeps saving into it.
            let line = state.with_untracked(|s| s.cart_line.clone());
            let href = link_for_line(&data.compiled.product, selection, quantity, line.as_deref());
            address.go(&href, replace);
        }
    };
    let request = Callback::new({
        let data = data.clone();
        let go = go.clone();
        move |change: Change| {
            let current = state.get_untracked();
            let compiled = &data.compiled;
            let (attribute, target, replace) = match &change {
                Change::Quantity(q) => return go(&current.selection, *q, false),
                Change::Choose { attribute, target } => (attribute.clone(), target.clone(), false),
                Change::Text {
                    attribute,
                    text,
                    font,
                } if text.is_empty() => {
                    let _ = font;
                    (attribute.clone(), Target::NoValue, true)
                }
                Change::Text {
                    attribute,
                    text,
                    font,
                } => {
                    let font = font
                        .clone()
                        .unwrap_or_else(|| default_font(&data, attribute));
                    (
                        attribute.clone(),
                        Target::Value {
                            value: Value::Text {
                                text: text.clone(),
                                font,
                            },
                        },
                        true,
                    )
                }
            };
            match compiled.explain_target(&current.selection, &attribute, &target) {
                Ok(Some(explanation)) => {
                    revision.update(|r| *r += 1);
                    pending.set(Some(Pending {
                        attribute,
                        target,
                        explanation,
                    }));
                }
                Ok(None) => {
                    undo.set(None);
                    go(
                        &apply(&current.selection, &attribute, &target),
                        current.quantity,
                        replace,
                    );
                }
                Err(_) => revision.update(|r| *r += 1),
            }
        }
    });
    let page = Page {
        data: data.clone(),
        state,
        revision,
        request,
    };
    let compiled = data.compiled.clone();
    let product = &compiled.product;
    let name = product.name.clone();
    let description = product.description.clone();
    // The page's own path: the configurator's, or the draft's preview.
    let action = crate::page_link::current_path();
    let preview = data.preview;
    let groups = attribute_groups(product);
    let effective = Signal::derive(move || state.with(|s| s.evaluation.effective.clone()));
    let on_apply = {
        let go = go.clone();
        move |selection: Selection| {
            let current = state.get_untracked();
            undo.set(Some(link_for_line(
                &data.compiled.product,
                &current.selection,
                current.quantity,
                current.cart_line.as_deref(),
            )));
            pending.set(None);
            go(&selection, current.quantity, false);
        }
    };
    view! {
        <article class="configurator" data-product=product.id.clone()>
            <header class="config-head">
                <a class="back" href="/">{t(lang, Key::BackToProducts)}</a>
                <h1>{name.get(lang).to_owned()}</h1>
                <p class="lead">{description.get(lang).to_owned()}</p>
            </header>
            <summary::Notices page=page.clone() undo=undo address=address />
            <div class="config-body">
                <div class="config-main">
                    <div class="preview-frame">
                        <ProductPreview product=compiled.shared() selection=effective />
                    </div>
                    <form class="config-form" method="get" action=action on:submit=|ev| ev.prevent_default()>
                        {groups
                            .into_iter()
                            .map(|(label, indices)| {
                                let page = page.clone();
                                view! {
                                    <section class="group">
                                        {label.map(|label| view! { <h2>{label.get(lang).to_owned()}</h2> })}
                                        {indices
                                            .into_iter()
                                            .map(|index| view! { <fields::AttributeField page=page.clone() index /> })
                                            .collect_view()}
                                    </section>
                                }
                            })
                            .collect_view()}
                        <summary::QuantityField page=page.clone() />
                        <button type="submit" class="no-js-only">{t(lang, Key::Update)}</button>
                    </form>
                </div>
                <aside class="config-aside">
                    <summary::PricePanel page=page.clone() />
                    {if preview {
                        view! { <p class="notice" role="note" data-testid="preview-notice">{t(lang, Key::PreviewNotice)}</p> }.into_any()
                    } else {
                        view! { <order_actions::OrderActions page=page.clone() /> }.into_any()
                    }}
                    <summary::DeliveryPanel page=page.clone() />
                    <summary::SummaryPanel page=page.clone() />
                </aside>
            </div>
            <proposal::ProposalDialog page=page pending=pending on_apply=on_apply />
        </article>
    }
}

/// The attributes in display order, under their group headings.
fn attribute_groups(product: &engine::Product) -> Vec<(Option<engine::Text>, Vec<usize>)> {
    let mut groups: Vec<(Option<engine::Text>, Vec<usize>)> = product
        .groups
        .iter()
        .map(|g| {
            let members = (0..product.attributes.len())
                .filter(|&i| product.attributes[i].group.as_deref() == Some(g.id.as_str()))
                .collect();
            (Some(g.label.clone()), members)
        })
        .collect();
    let ungrouped: Vec<usize> = (0..product.attributes.len())
        .filter(|&i| {
            let group = product.attributes[i].group.as_deref();
            !product.groups.iter().any(|g| Some(g.id.as_str()) == group)
        })
        .collect();
    if !ungrouped.is_empty() {
        groups.push((None, ungrouped));
    }
    groups.retain(|(_, members)| !members.is_empty());
    groups
}

fn default_font(data: &ConfiguratorData, attribute: &str) -> String {
    match data.compiled.product.attribute(attribute).map(|a| &a.kind) {
        Some(engine::model::AttributeKind::Text(spec)) => {
            engine::query::default_font(spec).to_owned()
        }
        _ => String::new(),
    }
}

/// The selection with one change applied.
fn apply(selection: &Selection, attribute: &str, target: &Target) -> Selection {
    let mut next = selection.clone();
    match target {
        Target::NoValue => next.unset(attribute),
        Target::Value {
            value: Value::Multi(add),
        } => {
            let mut set = match next.get(attribute) {
                Some(Value::Multi(set)) => set.clone(),
                _ => Default::default(),
            };
            set.extend(add.iter().cloned());
            next.set(attribute, Value::Multi(set));
        }
        Target::Value { value } => next.set(attribute, value.clone()),
        Target::Excluded { option } => {
            if let Some(Value::Multi(set)) = next.get(attribute) {
                let mut set = set.clone();
                set.remove(option);
                if set.is_empty() {
                    next.unset(attribute);
                } else {
                    next.set(attribute, Value::Multi(set));
                }
            }
        }
    }
    next
}
