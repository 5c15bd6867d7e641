//! What the checkout says above the form: the server's answer, or why the
//! configuration cannot be ordered yet.

use super::Answer;
use crate::i18n::{ot, t, use_lang, Key, OrderText};
use crate::orders::Field;
use crate::pages::configurator::{link, Page};
use engine::delivery::format_window;
use engine::pricing::format_money;
use leptos::prelude::*;

/// Problems, changed figures or a failed request, announced to screen readers.
#[component]
pub fn AnswerBox(answer: Signal<Answer>) -> impl IntoView {
    let lang = use_lang();
    let body = move || {
        let l = lang.get();
        match answer.get() {
            Answer::None => None,
            Answer::Problems(problems) => Some(
                view! {
                    <div class="form-problems">
                        <p><strong>{ot(l, OrderText::FixProblems)}</strong></p>
                        <ul>
                            {problems
                                .into_iter()
                                .map(|p| {
                                    let target = (p.field != Field::Configuration && p.field != Field::Form)
                                        .then(|| format!("#f-{}", p.field.input_name()));
                                    let text = match field_label(p.field) {
                                        Some(label) => format!("{}: {}", ot(l, label), p.message.get(l)),
                                        None => p.message.get(l).to_owned(),
                                    };
                                    match target {
                                        Some(href) => view! { <li><a href=href>{text}</a></li> }.into_any(),
                                        None => view! { <li>{text}</li> }.into_any(),
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </div>
                }
                .into_any(),
            ),
            Answer::Changed(changed) => Some(
                view! {
                    <div class="changed" data-testid="changed">
                        <p><strong>{ot(l, OrderText::ChangedHeading)}</strong></p>
                        {changed.catalog_changed.then(|| view! { <p>{ot(l, OrderText::CatalogChanged)}</p> })}
                        <dl>
                            <dt>{ot(l, OrderText::NewTotal)}</dt>
                            <dd data-testid="new-total">{format_money(changed.total, &changed.currency, l)}</dd>
                            <dt>{ot(l, OrderText::NewWindow)}</dt>
                            <dd>{format_window(changed.earliest, changed.latest, l)}</dd>
                        </dl>
                        <p>{ot(l, OrderText::ChangedText)}</p>
                    </div>
                }
                .into_any(),
            ),
            Answer::Failed => Some(view! { <p class="error">{ot(l, OrderText::SendFailed)}</p> }.into_any()),
        }
    };
    view! { <div class="answer" role="alert">{body}</div> }
}

/// Why this configuration cannot be ordered, with the way back.
#[component]
pub fn NotOrderable(page: Page) -> impl IntoView {
    let lang = use_lang();
    let compiled = page.data.compiled.clone();
    let back = {
        let compiled = compiled.clone();
        move || {
            page.state
                .with(|s| link(&compiled.product, &s.selection, s.quantity))
        }
    };
    let lines = move || {
        let l = lang.get();
        page.state.with(|s| {
            let mut lines: Vec<String> = s
                .notices
                .iter()
                .map(|n| n.message(l, &compiled.product))
                .collect();
            if s.repair.is_some() {
                lines.push(t(l, Key::LinkRepaired).to_owned());
            }
            if !s.evaluation.complete {
                lines.push(ot(l, OrderText::CompleteFirst).to_owned());
            }
            lines
        })
    };
    view! {
        <div class="not-orderable" role="alert">
            <p><strong>{move || ot(lang.get(), OrderText::NotOrderable)}</strong></p>
            <ul>{move || lines().into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
            <a class="button" href=back>{move || ot(lang.get(), OrderText::ChangeConfiguration)}</a>
        </div>
    }
}

/// The label of a field's input, for naming it in the summary.
fn field_label(field: Field) -> Option<OrderText> {
    Some(match field {
        Field::Quantity => OrderText::Quantity,
        Field::Name => OrderText::Name,
        Field::Email => OrderText::Email,
        Field::Phone => OrderText::Phone,
        Field::Street => OrderText::Street,
        Field::PostalCode => OrderText::PostalCode,
        Field::City => OrderText::City,
        Field::Country => OrderText::Country,
        Field::Configuration | Field::Form | Field::Terms => return None,
    })
}

/// The answer to a posted checkout whose order could not be sent (the
/// database may be away, so the page's data is not loaded): the message,
/// and the same form with every field kept, to send again with its key.
#[component]
pub fn SendAgain(form: crate::orders::CheckoutForm) -> impl IntoView {
    let l = use_lang().get_untracked();
    view! {
        <leptos_meta::Title text=format!("{} · Atelier", ot(l, OrderText::CheckoutTitle)) />
        <article class="checkout">
            <h1>{ot(l, OrderText::CheckoutTitle)}</h1>
            <div class="panel">
                <p class="error" role="alert">{ot(l, OrderText::SendFailed)}</p>
                <form method="post">
                    {form
                        .pairs()
                        .into_iter()
                        .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
                        .collect_view()}
                    <button type="submit" class="button primary">{ot(l, OrderText::SendAgain)}</button>
                </form>
            </div>
        </article>
    }
}
