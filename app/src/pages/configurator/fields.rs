//! One input group per attribute kind. Every input belongs to the GET form,
//! so without JavaScript a submit reloads the page with the new link; with
//! JavaScript each change is handed to [`Page::request`].

use super::words::{price_delta, reason_text};
use super::{Change, Page};
use crate::i18n::{t, use_lang, Key};
use engine::model::{AttrOption, Attribute, AttributeKind, NumberSpec, TextSpec};
use engine::solver::{PossibleValues, Reason, Target};
use engine::{Selection, Value};
use leptos::prelude::*;

/// The inputs of one attribute, hidden while its visibility rule does not hold.
#[component]
pub fn AttributeField(page: Page, index: usize) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let attribute = page.data.compiled.product.attributes[index].clone();
    let visible = move || page.state.with(|s| s.evaluation.attributes[index].visible);
    let legend = attribute.label.clone();
    let help = attribute.help.clone();
    let field = match &attribute.kind {
        AttributeKind::Choice { required, options } => {
            choice_field(page.clone(), &attribute, *required, options).into_any()
        }
        AttributeKind::Multi { options, .. } => {
            multi_field(page.clone(), &attribute, options).into_any()
        }
        AttributeKind::Text(spec) => text_field(page.clone(), &attribute, spec).into_any(),
        AttributeKind::Number(spec) => {
            number_field(page.clone(), index, &attribute, spec).into_any()
        }
    };
    view! {
        <fieldset class="attribute" id=format!("attr-{}", attribute.id) hidden=move || !visible()>
            <legend id=format!("legend-{}", attribute.id)>{legend.get(lang).to_owned()}</legend>
            {(!help.get(lang).is_empty()).then(|| view! { <p class="help">{help.get(lang).to_owned()}</p> })}
            {field}
        </fieldset>
    }
}

/// Why `target` is not possible for `attribute` (per the engine), in words.
fn availability(page: &Page, attribute: &str, target: &Target) -> Option<String> {
    let lang = use_lang().get_untracked();
    page.state.with(|s| {
        reason_for(&s.reasons, attribute, target)
            .map(|r| reason_text(&page.data.compiled.product, &s.selection, r, lang))
    })
}

/// Whether `target` is not possible for `attribute` (without the words).
fn blocked(page: &Page, attribute: &str, target: &Target) -> bool {
    page.state
        .with(|s| reason_for(&s.reasons, attribute, target).is_some())
}

/// The engine's reason against `target` for `attribute`, if it has one.
fn reason_for<'a>(reasons: &'a [Reason], attribute: &str, target: &Target) -> Option<&'a Reason> {
    reasons
        .iter()
        .find(|r| r.attribute == attribute && &r.target == target)
}

fn choice_field(
    page: Page,
    attribute: &Attribute,
    required: bool,
    options: &[AttrOption],
) -> impl IntoView {
    let id = attribute.id.clone();
    let rows = options
        .iter()
        .map(|option| {
            let target = Target::Value {
                value: Value::Choice(option.id.clone()),
            };
            let checked = {
                let (page, id, oid) = (page.clone(), id.clone(), option.id.clone());
                move || {
                    page.revision.track();
                    page.state.with(|s| {
                        s.evaluation.effective.get(&id) == Some(&Value::Choice(oid.clone()))
                    })
                }
            };
            let choosing = {
                let target = target.clone();
                move || target.clone()
            };
            let on_change = {
                let (page, id) = (page.clone(), id.clone());
                move |_| {
                    page.request.run(Change::Choose {
                        attribute: id.clone(),
                        target: target.clone(),
                    })
                }
            };
            option_row(&page, &id, "radio", option, checked, choosing, on_change)
        })
        .collect_view();
    let none_row = (!required).then(|| {
        let checked = {
            let (page, id) = (page.clone(), id.clone());
            move || {
                page.revision.track();
                page.state.with(|s| s.evaluation.effective.get(&id).is_none())
            }
        };
        let on_change = {
            let (page, id) = (page.clone(), id.clone());
            move |_| page.request.run(Change::Choose { attribute: id.clone(), target: Target::NoValue })
        };
        let lang = use_lang().get_untracked();
        view! {
            <label class="option">
                <input type="radio" name=id.clone() value="" prop:checked=checked.clone() checked=checked on:change=on_change />
                <span class="option-label">{t(lang, Key::NoneOption)}</span>
            </label>
        }
    });
    view! { <div class="options" role="radiogroup">{rows}{none_row}</div> }
}

fn multi_field(page: Page, attribute: &Attribute, options: &[AttrOption]) -> impl IntoView {
    let id = attribute.id.clone();
    let rows = options
        .iter()
        .map(|option| {
            let oid = option.id.clone();
            let checked = {
                let (page, id, oid) = (page.clone(), id.clone(), oid.clone());
                move || {
                    page.revision.track();
                    page.state.with(|s| match s.evaluation.effective.get(&id) {
                        Some(Value::Multi(set)) => set.contains(&oid),
                        _ => false,
                    })
                }
            };
            // A box is unavailable when its other state is impossible.
            let choosing = {
                let (oid, checked) = (oid.clone(), checked.clone());
                move || {
                    if checked() {
                        Target::Excluded {
                            option: oid.clone(),
                        }
                    } else {
                        Target::Value {
                            value: Value::Multi([oid.clone()].into()),
                        }
                    }
                }
            };
            let on_change = {
                let (page, id, oid) = (page.clone(), id.clone(), oid.clone());
                move |ev: leptos::ev::Event| {
                    let target = if event_target_checked(&ev) {
                        Target::Value {
                            value: Value::Multi([oid.clone()].into()),
                        }
                    } else {
                        Target::Excluded {
                            option: oid.clone(),
                        }
                    };
                    page.request.run(Change::Choose {
                        attribute: id.clone(),
                        target,
                    })
                }
            };
            option_row(&page, &id, "checkbox", option, checked, choosing, on_change)
        })
        .collect_view();
    view! { <div class="options">{rows}</div> }
}

/// One option: input, swatch, label, description, price delta, and the
/// reason when it is not available. `choosing` is the change the input asks
/// for now (a box's depends on whether it is ticked).
fn option_row(
    page: &Page,
    attribute: &str,
    input_type: &'static str,
    option: &AttrOption,
    checked: impl Fn() -> bool + Clone + Send + Sync + 'static,
    choosing: impl Fn() -> Target + Clone + Send + Sync + 'static,
    on_change: impl FnMut(leptos::ev::Event) + 'static,
) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let label = option.label.clone();
    let description = option.description.clone();
    let currency = page.data.compiled.currency.clone();
    let delta = option.price;
    let swatch = option.swatch.clone().map(|colour| {
        view! {
            <svg class="swatch" viewBox="0 0 20 20" aria-hidden="true">
                <circle cx="10" cy="10" r="9" fill=colour stroke="#00000033" />
            </svg>
        }
    });
    let unavailable = {
        let (page, attribute, choosing) = (page.clone(), attribute.to_owned(), choosing.clone());
        move || blocked(&page, &attribute, &choosing())
    };
    let reason = {
        let (page, attribute) = (page.clone(), attribute.to_owned());
        move || availability(&page, &attribute, &choosing())
    };
    let aria_disabled = {
        let unavailable = unavailable.clone();
        move || unavailable().then_some("true")
    };
    view! {
        <label class="option" class:unavailable=unavailable>
            <input
                type=input_type
                name=attribute.to_owned()
                value=option.id.clone()
                checked=checked.clone()
                prop:checked=checked
                aria-disabled=aria_disabled
                on:change=on_change
            />
            {swatch}
            <span class="option-text">
                <span class="option-label">{label.get(lang).to_owned()}</span>
                {(!description.get(lang).is_empty())
                    .then(|| view! { <span class="option-description">{description.get(lang).to_owned()}</span> })}
                {move || reason().map(|text| view! { <span class="reason" role="note">{text}</span> })}
            </span>
            <span class="delta">{price_delta(delta, &currency, lang)}</span>
        </label>
    }
}

fn text_field(page: Page, attribute: &Attribute, spec: &TextSpec) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let id = attribute.id.clone();
    let current = {
        let (page, id) = (page.clone(), id.clone());
        move || page.state.with_untracked(|s| text_of(&s.selection, &id))
    };
    let (text, font) = current();
    let error = RwSignal::new(None::<engine::input::TextError>);
    let spec_for_input = spec.clone();
    let on_input = {
        let (page, id) = (page.clone(), id.clone());
        move |ev: leptos::ev::Event| {
            let raw = event_target_value(&ev);
            match engine::input::parse_text(&spec_for_input, &raw) {
                Ok(text) => {
                    error.set(None);
                    let font = page.state.with_untracked(|s| text_of(&s.selection, &id).1);
                    page.request.run(Change::Text {
                        attribute: id.clone(),
                        text,
                        font,
                    });
                }
                Err(e) => error.set(Some(e)),
            }
        }
    };
    let on_font = {
        let (page, id) = (page.clone(), id.clone());
        move |ev: leptos::ev::Event| {
            let font = event_target_value(&ev);
            let text = page.state.with_untracked(|s| text_of(&s.selection, &id).0);
            page.request.run(Change::Text {
                attribute: id.clone(),
                text,
                font: Some(font),
            });
        }
    };
    let fonts = spec.fonts.clone();
    let chosen_font = font
        .clone()
        .or_else(|| fonts.first().map(|f| f.id.clone()))
        .unwrap_or_default();
    let font_key = format!("{id}{}", engine::query::FONT_SUFFIX);
    let input_id = format!("input-{id}");
    let error_id = format!("error-{id}");
    let max_len = spec.max_len;
    view! {
        <div class="text-field">
            <input
                id=input_id
                type="text"
                name=id.clone()
                aria-labelledby=format!("legend-{id}")
                value=text
                maxlength=max_len
                autocomplete="off"
                aria-invalid=move || error.with(|e| e.is_some()).then_some("true")
                aria-describedby=error_id.clone()
                on:input=on_input
            />
            {(!fonts.is_empty()).then(|| view! {
                <label class="font-choice">
                    <span>{t(lang, Key::Font)}</span>
                    <select name=font_key on:change=on_font>
                        {fonts.iter().map(|f| {
                            let label = f.label.clone();
                            view! { <option value=f.id.clone() selected=f.id == chosen_font>{label.get(lang).to_owned()}</option> }
                        }).collect_view()}
                    </select>
                </label>
            })}
            <p class="field-error" id=error_id role="alert">
                {Signal::derive(move || error.with(|e| e.as_ref().map(|e| e.message(lang)).unwrap_or_default()))}
            </p>
        </div>
    }
}

fn text_of(selection: &Selection, attribute: &str) -> (String, Option<String>) {
    match selection.get(attribute) {
        Some(Value::Text { text, font }) => (text.clone(), Some(font.clone())),
        _ => (String::new(), None),
    }
}

fn number_field(
    page: Page,
    index: usize,
    attribute: &Attribute,
    spec: &NumberSpec,
) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let id = attribute.id.clone();
    let shown = page.state.with_untracked(|s| match s.selection.get(&id) {
        Some(Value::Number(n)) => engine::input::format_decimal(*n, lang),
        _ => String::new(),
    });
    let error = RwSignal::new(None::<engine::input::NumberError>);
    let spec_for_input = spec.clone();
    let on_change = {
        let (page, id) = (page.clone(), id.clone());
        move |ev: leptos::ev::Event| {
            let raw = event_target_value(&ev);
            if raw.trim().is_empty() {
                error.set(None);
                page.request.run(Change::Choose {
                    attribute: id.clone(),
                    target: Target::NoValue,
                });
                return;
            }
            match engine::input::parse_number(&spec_for_input, &raw) {
                Ok(value) => {
                    error.set(None);
                    page.request.run(Change::Choose {
                        attribute: id.clone(),
                        target: Target::Value {
                            value: Value::Number(value),
                        },
                    });
                }
                Err(e) => error.set(Some(e)),
            }
        }
    };
    let (min, max, step, unit) = (spec.min, spec.max, spec.step, spec.unit.clone());
    let id_for_hint = id.clone();
    let range_hint = Signal::derive(move || {
        let l = lang;
        let f = |m| engine::input::format_decimal(m, l);
        let mut hint = format!(
            "{}–{} {unit}, {} {}",
            f(min),
            f(max),
            t(l, Key::Step),
            f(step)
        );
        let possible = page
            .state
            .with(|s| match &s.evaluation.attributes[index].possible {
                PossibleValues::Number { ranges, .. } => ranges.clone(),
                _ => Vec::new(),
            });
        // While the customer has a value, the possible runs only repeat it.
        let fixed = page.state.with(|s| s.selection.get(&id_for_hint).is_some());
        if !fixed && !possible.is_empty() && possible != [(min, max)] {
            let runs: Vec<String> = possible
                .iter()
                .map(|(a, b)| format!("{}–{}", f(*a), f(*b)))
                .collect();
            hint.push_str(&format!(
                " ({}: {})",
                t(l, Key::PossibleRange),
                runs.join(", ")
            ));
        }
        hint
    });
    let error_id = format!("error-{id}");
    view! {
        <div class="number-field">
            <input
                type="text"
                inputmode="decimal"
                name=id.clone()
                aria-labelledby=format!("legend-{id}")
                value=shown
                autocomplete="off"
                aria-invalid=move || error.with(|e| e.is_some()).then_some("true")
                aria-describedby=error_id.clone()
                on:change=on_change
            />
            <span class="unit">{spec.unit.clone()}</span>
            <p class="hint">{range_hint}</p>
            <p class="field-error" id=error_id role="alert">
                {Signal::derive(move || error.with(|e| e.as_ref().map(|e| e.message(lang)).unwrap_or_default()))}
            </p>
        </div>
    }
}
