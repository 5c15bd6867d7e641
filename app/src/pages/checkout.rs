//! Checkout `/p/{product}/checkout?{configuration}`: the configuration with
//! its price and delivery window, and the order form. With JavaScript the
//! form (an island) calls the `place_order` server function; without, it
//! posts to this same address and the server answers with this page again
//! (or the status page), so both paths show the same messages.

pub mod cart;
mod fields;
mod notices;

use super::configurator::{configure, link, Change, Page};
use crate::i18n::{ot, t, use_lang, Key, OrderText};
use crate::islands::IslandData;
use crate::orders::{status_link, CheckoutForm, Field, PlaceOutcome, Problem, Submitted};
use crate::page_link::PageLink;
use crate::server_fns::orders::{load_checkout, CheckoutData, PlaceOrder};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use std::sync::Arc;

/// The page, rendered on the server: loads the product and a checkout key,
/// then hands them to the [`Checkout`] island.
#[component]
pub fn CheckoutPage() -> impl IntoView {
    super::private_page();
    let product = use_params_map()
        .read_untracked()
        .get("product")
        .unwrap_or_default();
    let lang = use_lang().get_untracked();
    if let Some(form) = unsent_form() {
        return view! { <notices::SendAgain form /> }.into_any();
    }
    view! {
        <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            {Suspend::new(async move {
                super::loaded(load_checkout(product, Some(lang)).await, t(lang, Key::ConfiguratorLoadError), |data| {
                    // A plain string: the language only changes with a new page load.
                    let title = format!(
                        "{} · {} · Atelier",
                        ot(lang, OrderText::CheckoutTitle),
                        data.configurator.compiled.product.name.get(lang)
                    );
                    let data = IslandData(data.product_apart());
                    view! {
                        <Title text=title />
                        {data.0.configurator.compiled.page_parts()}
                        {data.script()}
                        <Checkout data />
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
    .into_any()
}

/// The posted form when its order could not be sent (rendered on the
/// server in answer to the post): the answer is then the form to send
/// again, without the page's data (the database may be what failed).
pub fn unsent_form() -> Option<CheckoutForm> {
    use_context::<Submitted>()
        .filter(|s| s.outcome.is_none())
        .map(|s| s.form)
}

/// What the form shows besides its fields: problems or changed figures.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    None,
    Problems(Vec<Problem>),
    Changed(crate::orders::Changed),
    /// The request failed (network, server error); nothing was stored.
    Failed,
}

/// The interactive checkout: figures that follow the quantity, and the
/// order placed through the `place_order` server function. Lazy: its code
/// is a wasm chunk of its own (`--split`), loaded only on the checkout page,
/// so the configurator page does not download it.
#[island(lazy)]
fn Checkout(data: IslandData<CheckoutData>) -> impl IntoView {
    crate::islands::start();
    let data = Arc::new(data.0);
    let lang = use_lang();
    let address = PageLink::new();
    let query = address.pairs();
    let configurator = Arc::new(data.configurator.clone());
    let state = Memo::new({
        let configurator = configurator.clone();
        move |_| query.with(|pairs| configure(&configurator, pairs))
    });
    let request = Callback::new({
        let product = configurator.compiled.product.clone();
        move |change: Change| {
            if let Change::Quantity(q) = change {
                let current = state.get_untracked();
                address.go(
                    &super::configurator::checkout_link(&product, &current.selection, q),
                    true,
                );
            }
        }
    });
    let page = Page {
        data: configurator.clone(),
        state,
        revision: RwSignal::new(0),
        request,
    };

    let place = ServerAction::<PlaceOrder>::new();
    let answer = answers(place, data.submitted.clone());

    let product = configurator.compiled.product.clone();
    let name = product.name.clone();
    let back = move || state.with(|s| link(&product, &s.selection, s.quantity));
    let orderable =
        move || state.with(|s| s.evaluation.complete && s.notices.is_empty() && s.repair.is_none());
    let fallback_page = page.clone();
    let form_page = page.clone();
    view! {
        <article class="checkout" data-product=configurator.compiled.product.id.clone()>
            <header class="config-head">
                <a class="back" href=back>{move || ot(lang.get(), OrderText::ChangeConfiguration)}</a>
                <h1>{move || format!("{}: {}", ot(lang.get(), OrderText::CheckoutTitle), name.get(lang.get()))}</h1>
            </header>
            <div class="config-body">
                <div class="config-main">
                    <Show
                        when=orderable
                        fallback=move || view! { <notices::NotOrderable page=fallback_page.clone() /> }
                    >
                        <fields::OrderForm page=form_page.clone() data=data.clone() place=place answer=answer />
                    </Show>
                </div>
                <aside class="config-aside">
                    <super::configurator::summary::SummaryPanel page=page.clone() />
                    <super::configurator::summary::PricePanel page=page.clone() />
                    <super::configurator::summary::DeliveryPanel page=page.clone() />
                </aside>
            </div>
        </article>
    }
}

/// What the form shows from the last answer (of `place`, or of the form
/// posted without JavaScript); a placed order goes to its status page.
pub fn answers(place: ServerAction<PlaceOrder>, submitted: Option<Submitted>) -> Signal<Answer> {
    Effect::new(move |_| {
        if let Some(Ok(PlaceOutcome::Placed { token, .. })) = place.value().get() {
            let _ = window()
                .location()
                .set_href(&format!("{}?placed=1", status_link(&token)));
        }
    });
    Signal::derive(move || match place.value().get() {
        Some(Ok(PlaceOutcome::Invalid { problems })) => Answer::Problems(problems),
        Some(Ok(PlaceOutcome::Changed(changed))) => Answer::Changed(changed),
        Some(Ok(PlaceOutcome::Limited(problem))) => Answer::Problems(vec![problem]),
        Some(Ok(PlaceOutcome::Placed { .. })) => Answer::None,
        Some(Err(_)) => Answer::Failed,
        None => match submitted.as_ref().map(|s| &s.outcome) {
            Some(Some(PlaceOutcome::Invalid { problems })) => Answer::Problems(problems.clone()),
            Some(Some(PlaceOutcome::Changed(changed))) => Answer::Changed(changed.clone()),
            Some(Some(PlaceOutcome::Limited(problem))) => Answer::Problems(vec![problem.clone()]),
            Some(None) => Answer::Failed,
            _ => Answer::None,
        },
    })
}

/// The form as the server function takes it, read from the form element.
pub fn read_form(form: &leptos::web_sys::HtmlFormElement) -> CheckoutForm {
    let data = leptos::web_sys::FormData::new_with_form(form).ok();
    let mut read = CheckoutForm::default();
    if let Some(data) = &data {
        for (name, value) in read.text_fields_mut() {
            *value = data.get(name).as_string().unwrap_or_default();
        }
        read.terms = data.has(Field::Terms.input_name()).then(|| "on".to_owned());
    }
    read
}
