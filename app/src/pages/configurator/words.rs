//! Turning the engine's answers into words for the customer.

use crate::i18n::{t, Key, Lang};
use engine::model::AttributeKind;
use engine::solver::{Conflict, Reason, RuleRef};
use engine::{Product, Selection, Value};

/// The label of one option of an attribute, or the id when unknown.
pub fn option_label(product: &Product, attribute: &str, option: &str, lang: Lang) -> String {
    product
        .attribute(attribute)
        .and_then(|a| a.kind.options().iter().find(|o| o.id == option))
        .map(|o| o.label.get(lang).to_owned())
        .unwrap_or_else(|| option.to_owned())
}

/// The label of an attribute.
pub fn attribute_label(product: &Product, attribute: &str, lang: Lang) -> String {
    product
        .attribute(attribute)
        .map(|a| a.label.get(lang).to_owned())
        .unwrap_or_else(|| attribute.to_owned())
}

/// A value in words: option labels, the text, the measurement with its unit.
pub fn value_label(product: &Product, attribute: &str, value: &Value, lang: Lang) -> String {
    match value {
        Value::Choice(option) => option_label(product, attribute, option, lang),
        Value::Multi(options) => options
            .iter()
            .map(|o| option_label(product, attribute, o, lang))
            .collect::<Vec<_>>()
            .join(", "),
        Value::Text { text, .. } => match lang {
            Lang::De => format!("„{text}“"),
            Lang::En => format!("“{text}”"),
        },
        Value::Number(n) => {
            let unit = match product.attribute(attribute).map(|a| &a.kind) {
                Some(AttributeKind::Number(spec)) => spec.unit.as_str(),
                _ => "",
            };
            format!("{} {unit}", engine::input::format_decimal(*n, lang))
        }
    }
}

/// A choice that stands in the way, e.g. "Motor: V6".
pub fn conflict_label(
    product: &Product,
    selection: &Selection,
    conflict: &Conflict,
    lang: Lang,
) -> String {
    let attribute = attribute_label(product, &conflict.attribute, lang);
    let value = match (&conflict.option, selection.get(&conflict.attribute)) {
        (Some(option), _) => option_label(product, &conflict.attribute, option, lang),
        (None, Some(value)) => value_label(product, &conflict.attribute, value, lang),
        (None, None) => return attribute,
    };
    format!("{attribute}: {value}")
}

/// The customer-facing messages of the rules involved, without repeats.
pub fn rule_messages(rules: &[RuleRef], lang: Lang) -> Vec<String> {
    let mut messages: Vec<String> = Vec::new();
    for rule in rules {
        let message = rule.message.get(lang);
        if !message.is_empty() && !messages.iter().any(|m| m == message) {
            messages.push(message.to_owned());
        }
    }
    messages
}

/// Why a value is disabled, in one sentence.
pub fn reason_text(
    product: &Product,
    selection: &Selection,
    reason: &Reason,
    lang: Lang,
) -> String {
    if let Some(message) = reason
        .rule
        .as_ref()
        .map(|r| r.message.get(lang))
        .filter(|m| !m.is_empty())
    {
        return message.to_owned();
    }
    if reason.conflicts.is_empty() {
        return t(lang, Key::NeverPossible).to_owned();
    }
    let with: Vec<String> = reason
        .conflicts
        .iter()
        .map(|c| conflict_label(product, selection, c, lang))
        .collect();
    format!("{} {}", t(lang, Key::NotWith), with.join(", "))
}

/// A price delta next to an option: "+890,00 €", "−200,00 €" or "inklusive".
pub fn price_delta(amount: i64, currency: &str, lang: Lang) -> String {
    match amount {
        0 => t(lang, Key::Included).to_owned(),
        a if a > 0 => format!("+{}", engine::pricing::format_money(a, currency, lang)),
        a => engine::pricing::format_money(a, currency, lang),
    }
}
