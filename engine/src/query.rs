//! A configuration is a link: `/p/{product}?{attribute}={option}&...`.
//!
//! A multi-choice attribute repeats its key (`packages=sport&packages=winter`),
//! a text attribute gives its text and optionally its font
//! (`engraving=Anna&engraving.font=script`), a number its value
//! (`chest=102.5`). Keys and values are catalog ids, so links survive
//! catalog versions; what no longer fits is dropped with a [`Notice`].
//! The keys `qty`, `lang` and any key starting with `_` belong to the app,
//! and the tags that ads, newsletters and shopping listings add to a link
//! ([`is_campaign_key`]) to whoever sent the customer: both are ignored here.

mod encode;
mod notice;

pub use encode::{parse_query_string, percent_decode, percent_encode};
pub use notice::{Notice, MAX_NOTICES};

use notice::echo;

use crate::input::{parse_number, parse_text};
use crate::model::{AttributeKind, Product, TextSpec};
use crate::selection::{Selection, Value};
use std::collections::BTreeSet;

/// The suffix of the key that names a text attribute's font.
pub const FONT_SUFFIX: &str = ".font";

/// Whether `key` belongs to the app (`qty`, `lang`, `_...`) or is a
/// campaign tag ([`is_campaign_key`]) rather than part of the configuration.
pub fn is_reserved_key(key: &str) -> bool {
    crate::validate::RESERVED_LINK_KEYS.contains(&key)
        || key.starts_with('_')
        || is_campaign_key(key)
}

/// Click ids that ads and shopping listings add to a link, beside the
/// `utm_` tags of analytics.
const CLICK_IDS: [&str; 13] = [
    "gclid",
    "gbraid",
    "wbraid",
    "dclid",
    "srsltid",
    "fbclid",
    "msclkid",
    "ttclid",
    "twclid",
    "li_fat_id",
    "yclid",
    "mc_cid",
    "mc_eid",
];

/// Whether `key` is a tag that analytics, ads, newsletters or shopping
/// listings add to a link (`utm_source`, `gclid`, `fbclid`, `srsltid`, ...):
/// it says where the customer came from, not what they configured, so the
/// page is the same with it or without it.
pub fn is_campaign_key(key: &str) -> bool {
    key.starts_with("utm_") || CLICK_IDS.contains(&key)
}

/// The default font of a text attribute: its first font, or `""` if it has none.
pub fn default_font(spec: &TextSpec) -> &str {
    spec.fonts.first().map_or("", |f| f.id.as_str())
}

/// Reads a configuration from the key/value pairs of a link, in order.
///
/// Unknown keys and options are dropped with a notice; for a choice, text or
/// number given twice the last value wins (with a notice when the values
/// differ); invalid text and numbers are dropped with a notice carrying the
/// error; an unknown font falls back to the default font with a notice; an
/// empty value leaves the attribute unset without a notice (forms submit
/// empty selects). At most [`MAX_NOTICES`] notices are listed (the rest are
/// counted), and what they repeat of the link is cut to a few words, so the
/// answer stays small whatever the link holds.
pub fn parse(product: &Product, pairs: &[(String, String)]) -> (Selection, Vec<Notice>) {
    let mut selection = Selection::new();
    let mut notices = Vec::new();
    // Font per text attribute id, sorted by id; a later pair wins.
    let mut fonts: Vec<(&str, &str)> = Vec::new();
    for (key, value) in pairs {
        if is_reserved_key(key) {
            continue;
        }
        if let Some(attribute) = product.attribute(key) {
            read_value(
                &attribute.id,
                &attribute.kind,
                value,
                &mut selection,
                &mut notices,
            );
            continue;
        }
        let font_of = key
            .strip_suffix(FONT_SUFFIX)
            .and_then(|base| product.attribute(base))
            .filter(|a| matches!(a.kind, AttributeKind::Text(_)));
        match font_of {
            Some(attribute) => {
                let id = attribute.id.as_str();
                match fonts.binary_search_by(|(a, _)| (*a).cmp(id)) {
                    Ok(at) => fonts[at].1 = value.as_str(),
                    Err(at) => fonts.insert(at, (id, value.as_str())),
                }
            }
            None => notices.push(Notice::UnknownAttribute { key: echo(key) }),
        }
    }
    apply_fonts(product, &fonts, &mut selection, &mut notices);
    notice::cap(&mut notices);
    (selection, notices)
}

/// Reads one value of attribute `id` into `selection`.
fn read_value(
    id: &str,
    kind: &AttributeKind,
    raw: &str,
    selection: &mut Selection,
    notices: &mut Vec<Notice>,
) {
    let value = raw.trim();
    let new_value = match kind {
        _ if value.is_empty() && !matches!(kind, AttributeKind::Multi { .. }) => {
            selection.unset(id);
            return;
        }
        AttributeKind::Choice { options, .. } => {
            if !options.iter().any(|o| o.id == value) {
                notices.push(Notice::UnknownOption {
                    attribute: id.to_owned(),
                    option: echo(value),
                });
                return;
            }
            Value::Choice(value.to_owned())
        }
        AttributeKind::Multi { options, .. } => {
            if value.is_empty() {
                return;
            }
            if !options.iter().any(|o| o.id == value) {
                notices.push(Notice::UnknownOption {
                    attribute: id.to_owned(),
                    option: echo(value),
                });
                return;
            }
            match selection.0.get_mut(id) {
                Some(Value::Multi(set)) => {
                    set.insert(value.to_owned());
                }
                _ => selection.set(id, Value::Multi(BTreeSet::from([value.to_owned()]))),
            }
            return;
        }
        AttributeKind::Text(spec) => match parse_text(spec, raw) {
            Ok(text) if text.is_empty() => {
                selection.unset(id);
                return;
            }
            Ok(text) => Value::Text {
                text,
                font: default_font(spec).to_owned(),
            },
            Err(error) => {
                notices.push(Notice::InvalidText {
                    attribute: id.to_owned(),
                    error,
                });
                return;
            }
        },
        AttributeKind::Number(spec) => match parse_number(spec, value) {
            Ok(m) => Value::Number(m),
            Err(error) => {
                notices.push(Notice::InvalidNumber {
                    attribute: id.to_owned(),
                    error,
                });
                return;
            }
        },
    };
    if let Some(previous) = selection.get(id) {
        if *previous != new_value {
            notices.push(Notice::DuplicateValue {
                attribute: id.to_owned(),
            });
        }
    }
    selection.set(id, new_value);
}

/// Sets the fonts given as `{attribute}.font` on texts that are set.
fn apply_fonts(
    product: &Product,
    fonts: &[(&str, &str)],
    selection: &mut Selection,
    notices: &mut Vec<Notice>,
) {
    for (attribute, font) in fonts {
        let Some(AttributeKind::Text(spec)) = product.attribute(attribute).map(|a| &a.kind) else {
            continue;
        };
        let Some(Value::Text { font: chosen, .. }) = selection.0.get_mut(*attribute) else {
            continue;
        };
        let font = font.trim();
        if font.is_empty() {
            continue;
        }
        if spec.fonts.iter().any(|f| f.id == font) {
            *chosen = font.to_owned();
        } else {
            notices.push(Notice::UnknownFont {
                attribute: (*attribute).to_owned(),
                font: echo(font),
            });
        }
    }
}

/// The key/value pairs of a configuration's link: attributes in catalog
/// order, a multi-choice attribute's options in catalog order (options the
/// catalog does not know last), a text's font only when it is not the
/// default. Values for attributes the product does not have are left out.
pub fn to_pairs(product: &Product, selection: &Selection) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for attribute in &product.attributes {
        let id = &attribute.id;
        match selection.get(id) {
            None => {}
            Some(Value::Choice(option)) => pairs.push((id.clone(), option.clone())),
            Some(Value::Multi(chosen)) => {
                let options = attribute.kind.options();
                let known = options
                    .iter()
                    .filter(|o| chosen.contains(&o.id))
                    .map(|o| &o.id);
                let unknown = chosen
                    .iter()
                    .filter(|c| !options.iter().any(|o| o.id == **c));
                for option in known.chain(unknown) {
                    pairs.push((id.clone(), option.clone()));
                }
            }
            Some(Value::Text { text, font }) => {
                if text.is_empty() {
                    continue;
                }
                pairs.push((id.clone(), text.clone()));
                let default = match &attribute.kind {
                    AttributeKind::Text(spec) => default_font(spec),
                    _ => "",
                };
                if font != default {
                    pairs.push((format!("{id}{FONT_SUFFIX}"), font.clone()));
                }
            }
            Some(Value::Number(m)) => pairs.push((id.clone(), m.to_string())),
        }
    }
    pairs
}

/// The query string of a configuration's link (without the leading `?`),
/// percent-encoded: `engine=v8&wheels=19in&engraving=Anna%20%26%20Ben`.
pub fn to_query_string(product: &Product, selection: &Selection) -> String {
    to_pairs(product, selection)
        .iter()
        .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests;
