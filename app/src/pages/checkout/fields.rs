//! The order forms: what the customer saw (hidden), contact, address,
//! terms and the order button, each field with its message from the last
//! answer. [`OrderForm`] orders one configuration and runs in the checkout
//! island; [`CartOrderForm`] orders the cart and is rendered on the server
//! only. Both show the same [`CustomerFields`] and [`TermsAndSubmit`].

use super::notices::AnswerBox;
use super::{read_form, Answer};
use crate::i18n::{ot, use_lang, OrderText};
use crate::orders::countries::COUNTRIES;
use crate::orders::customer::{MAX_CITY, MAX_EMAIL, MAX_NAME, MAX_PHONE, MAX_STREET};
use crate::orders::{CheckoutForm, Field, Hidden, Quantity};
use crate::pages::configurator::{checkout_link, Change, Page};
use crate::server_fns::orders::{CheckoutData, PlaceOrder};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use std::sync::Arc;

/// The form of one configuration; posts to the page's own address without
/// JavaScript. (Its hidden fields are written out one by one: a reactive
/// list of them costs the configurator's wasm about 2 KB, measured.)
#[component]
pub fn OrderForm(
    page: Page,
    data: Arc<CheckoutData>,
    place: ServerAction<PlaceOrder>,
    answer: Signal<Answer>,
) -> impl IntoView {
    let lang = use_lang();
    let state = page.state;
    let initial = data
        .submitted
        .as_ref()
        .map(|s| s.form.clone())
        .unwrap_or_default();
    let product = page.data.compiled.product.clone();
    let action = {
        let product = product.clone();
        move || state.with(|s| checkout_link(&product, &s.selection, s.quantity))
    };
    let config = {
        let product = product.clone();
        move || state.with(|s| engine::query::to_query_string(&product, &s.selection))
    };
    // What the customer confirms: the server's figures after it reported a
    // change, otherwise what this page computed.
    let seen = Memo::new(move |_| match answer.get() {
        Answer::Changed(c) => (
            c.catalog_version,
            c.total,
            c.earliest.to_string(),
            c.latest.to_string(),
        ),
        _ => state.with(|s| {
            let total = s.price.as_ref().map(|p| p.total).unwrap_or_default();
            let (earliest, latest) = s
                .estimate
                .as_ref()
                .map(|e| (e.earliest.to_string(), e.latest.to_string()))
                .unwrap_or_default();
            (page.data.catalog_version, total, earliest, latest)
        }),
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if place.pending().get_untracked() {
            return;
        }
        if let Some(form) = ev
            .target()
            .and_then(|t| t.dyn_into::<leptos::web_sys::HtmlFormElement>().ok())
        {
            let mut form = read_form(&form);
            // After a "changed" answer the customer confirms the figures it showed.
            if let Answer::Changed(c) = answer.get_untracked() {
                form.confirm_figures(&c);
            }
            place.dispatch(PlaceOrder { form });
        }
    };
    let on_quantity = move |ev: leptos::ev::Event| {
        if let Ok(q) = Quantity::parse(&event_target_value(&ev)) {
            // New figures replace the last answer's.
            place.value().set(None);
            page.request.run(Change::Quantity(q.get()));
        }
    };
    let quantity = if initial.quantity.is_empty() {
        state.with_untracked(|s| s.quantity.to_string())
    } else {
        initial.quantity.clone()
    };
    let pending = place.pending();
    view! {
        <form class="order-form" method="post" action=action novalidate on:submit=on_submit>
            <input type="hidden" name=Hidden::Product.name() value=product.id.clone() />
            <input type="hidden" name=Field::Configuration.input_name() value=config />
            <input type="hidden" name=Hidden::Key.name() value=data.key.clone() />
            <input type="hidden" name=Hidden::Lang.name() value=move || lang.get().code() />
            <input type="hidden" name=Hidden::CatalogVersion.name() value=move || seen.get().0.to_string() />
            <input type="hidden" name=Hidden::SeenTotal.name() value=move || seen.get().1.to_string() />
            <input type="hidden" name=Hidden::SeenEarliest.name() value=move || seen.get().2 />
            <input type="hidden" name=Hidden::SeenLatest.name() value=move || seen.get().3 />
            <AnswerBox answer=answer />
            <CustomerFields initial=initial.clone() answer=answer />
            <FieldShell field=Field::Quantity label=OrderText::Quantity answer=answer optional=false>
                <input id="f-quantity" type="number" name=Field::Quantity.input_name() min="1" max=Quantity::MAX value=quantity inputmode="numeric" on:change=on_quantity />
            </FieldShell>
            <TermsAndSubmit terms=initial.terms.is_some() answer=answer pending=pending.into() />
        </form>
    }
}

/// The form of the cart, rendered on the server: it posts to
/// `/cart/checkout` with or without JavaScript. `hidden` are the cart's
/// revision, the key and the figures the customer confirms.
#[component]
pub fn CartOrderForm(
    hidden: Vec<(&'static str, String)>,
    initial: CheckoutForm,
    answer: Signal<Answer>,
) -> impl IntoView {
    view! {
        <form class="order-form" method="post" action="/cart/checkout" novalidate>
            {hidden.into_iter().map(|(name, value)| view! { <input type="hidden" name=name value=value /> }).collect_view()}
            <AnswerBox answer=answer />
            <CustomerFields initial=initial.clone() answer=answer />
            <TermsAndSubmit terms=initial.terms.is_some() answer=answer pending=Signal::stored(false) />
        </form>
    }
}

/// Contact and shipping address, as last sent.
#[component]
fn CustomerFields(initial: CheckoutForm, answer: Signal<Answer>) -> impl IntoView {
    let lang = use_lang();
    let country = if initial.country.is_empty() {
        "DE".to_owned()
    } else {
        initial.country.clone()
    };
    view! {
        <fieldset>
            <legend>{move || ot(lang.get(), OrderText::Contact)}</legend>
            <TextField field=Field::Name label=OrderText::Name kind="text" autocomplete="name" max=MAX_NAME initial=initial.name.clone() answer=answer />
            <TextField field=Field::Email label=OrderText::Email kind="email" autocomplete="email" max=MAX_EMAIL initial=initial.email.clone() answer=answer />
            <TextField field=Field::Phone label=OrderText::Phone kind="tel" autocomplete="tel" max=MAX_PHONE initial=initial.phone.clone() answer=answer optional=true />
        </fieldset>
        <fieldset>
            <legend>{move || ot(lang.get(), OrderText::ShippingAddress)}</legend>
            <TextField field=Field::Street label=OrderText::Street kind="text" autocomplete="street-address" max=MAX_STREET initial=initial.street.clone() answer=answer />
            <div class="field-row">
                <TextField field=Field::PostalCode label=OrderText::PostalCode kind="text" autocomplete="postal-code" max=12 initial=initial.postal_code.clone() answer=answer />
                <TextField field=Field::City label=OrderText::City kind="text" autocomplete="address-level2" max=MAX_CITY initial=initial.city.clone() answer=answer />
            </div>
            <FieldShell field=Field::Country label=OrderText::Country answer=answer optional=false>
                <select id="f-country" name=Field::Country.input_name() autocomplete="country">
                    {COUNTRIES
                        .iter()
                        .map(|c| {
                            let selected = c.code.eq_ignore_ascii_case(&country);
                            view! { <option value=c.code selected=selected>{move || c.name(lang.get())}</option> }
                        })
                        .collect_view()}
                </select>
            </FieldShell>
        </fieldset>
    }
}

/// The terms and the order button (disabled while the order is sent).
#[component]
fn TermsAndSubmit(terms: bool, answer: Signal<Answer>, pending: Signal<bool>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <FieldShell field=Field::Terms label=OrderText::Terms answer=answer optional=false checkbox=true>
            <input id="f-terms" type="checkbox" name=Field::Terms.input_name() checked=terms />
        </FieldShell>
        <button type="submit" class="button primary place-order" disabled=move || pending.get()>
            {move || ot(lang.get(), if pending.get() { OrderText::Placing } else { OrderText::PlaceOrder })}
        </button>
    }
}

/// The messages of the last answer for one field.
fn messages(answer: Signal<Answer>, field: Field) -> impl Fn() -> String + Copy + Send + Sync {
    move || {
        let lang = use_lang().get();
        match answer.get() {
            Answer::Problems(problems) => problems
                .iter()
                .filter(|p| p.field == field)
                .map(|p| p.message.get(lang).to_owned())
                .collect::<Vec<_>>()
                .join(" "),
            _ => String::new(),
        }
    }
}

/// A text input with its label and message.
#[component]
fn TextField(
    field: Field,
    label: OrderText,
    kind: &'static str,
    autocomplete: &'static str,
    max: usize,
    initial: String,
    answer: Signal<Answer>,
    #[prop(optional)] optional: bool,
) -> impl IntoView {
    let id = format!("f-{}", field.input_name());
    let message = messages(answer, field);
    let input = view! {
        <input
            id=id
            type=kind
            name=field.input_name()
            value=initial
            autocomplete=autocomplete
            maxlength=max
            aria-invalid=move || (!message().is_empty()).to_string()
            aria-describedby=format!("f-{}-error", field.input_name())
        />
    };
    view! { <FieldShell field label answer optional>{input}</FieldShell> }
}

/// A label, the control, and the field's message below it.
#[component]
fn FieldShell(
    field: Field,
    label: OrderText,
    answer: Signal<Answer>,
    optional: bool,
    #[prop(optional)] checkbox: bool,
    children: Children,
) -> impl IntoView {
    let lang = use_lang();
    let message = messages(answer, field);
    let id = format!("f-{}", field.input_name());
    let label_text = move || {
        let l = lang.get();
        if optional {
            format!("{} ({})", ot(l, label), ot(l, OrderText::Optional))
        } else {
            ot(l, label).to_owned()
        }
    };
    view! {
        <div class="field" class:checkbox=checkbox class:invalid=move || !message().is_empty() data-field=field.input_name()>
            {if checkbox {
                view! { <label class="check">{children()} <span>{label_text}</span></label> }.into_any()
            } else {
                view! { <label for=id>{label_text}</label> {children()} }.into_any()
            }}
            <p class="field-error" id=format!("f-{}-error", field.input_name())>{message}</p>
        </div>
    }
}
