//! The order form both checkouts share: what the customer saw (hidden),
//! contact, address, terms and the order button, each field with its
//! message from the last answer. What is ordered comes in as hidden fields
//! and extra fields (the quantity of a single product).

use super::notices::AnswerBox;
use super::{read_form, Answer};
use crate::i18n::{ot, use_lang, OrderText};
use crate::orders::countries::COUNTRIES;
use crate::orders::customer::{MAX_CITY, MAX_EMAIL, MAX_NAME, MAX_PHONE, MAX_STREET};
use crate::orders::{CheckoutForm, Field};
use crate::server_fns::orders::PlaceOrder;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;

/// A hidden input: its name and value.
pub type HiddenField = (&'static str, String);

/// The form; posts to `action` without JavaScript, calls `place` with it.
#[component]
pub fn OrderForm(
    /// Where the form posts without JavaScript.
    action: Signal<String>,
    /// What is ordered and what the customer saw.
    hidden: Signal<Vec<HiddenField>>,
    /// The form as last posted without JavaScript (empty otherwise).
    initial: CheckoutForm,
    place: ServerAction<PlaceOrder>,
    answer: Signal<Answer>,
    /// Fields between the address and the terms.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let lang = use_lang();
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
                form.catalog_version = c.catalog_version.to_string();
                form.seen_total = c.total.to_string();
                form.seen_earliest = c.earliest.to_string();
                form.seen_latest = c.latest.to_string();
                form.seen_lines = c.figures_seen.clone();
            }
            place.dispatch(PlaceOrder { form });
        }
    };
    let country = if initial.country.is_empty() {
        "DE".to_owned()
    } else {
        initial.country.clone()
    };
    let pending = place.pending();
    view! {
        <form class="order-form" method="post" action=action novalidate on:submit=on_submit>
            {move || {
                hidden
                    .get()
                    .into_iter()
                    .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
                    .collect_view()
            }}
            <AnswerBox answer=answer />
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
            {children.map(|c| c())}
            <FieldShell field=Field::Terms label=OrderText::Terms answer=answer optional=false checkbox=true>
                <input id="f-terms" type="checkbox" name=Field::Terms.input_name() checked=initial.terms.is_some() />
            </FieldShell>
            <button type="submit" class="button primary place-order" disabled=move || pending.get()>
                {move || ot(lang.get(), if pending.get() { OrderText::Placing } else { OrderText::PlaceOrder })}
            </button>
        </form>
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
pub fn FieldShell(
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
