//! Walks an effective configuration in catalog order and resolves its ids.
//!
//! Shared by pricing and the delivery estimate: both need "which options and
//! texts does this configuration contain", in a deterministic order (the
//! product's attribute and option order, never the selection's), and both
//! report an id that does not exist as an error instead of panicking.

use crate::model::{AttrOption, Attribute, AttributeKind, Product, TextSpec};
use crate::selection::{Selection, Value};

/// One priced or timed element of an effective configuration.
pub(crate) enum Chosen<'p> {
    /// An option of a choice or multi-choice attribute.
    Option {
        attribute: &'p Attribute,
        option: &'p AttrOption,
    },
    /// A non-empty text of a text attribute, as given (already NFC).
    Text {
        attribute: &'p Attribute,
        spec: &'p TextSpec,
        text: String,
    },
}

/// Why an effective configuration does not fit the product.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Mismatch {
    UnknownAttribute { attribute: String },
    UnknownOption { attribute: String, option: String },
    WrongValueKind { attribute: String },
}

/// The messages pricing and the delivery estimate share for a quantity of 0
/// and for a configuration that does not fit the product.
pub(crate) enum MismatchText<'a> {
    ZeroQuantity,
    UnknownAttribute(&'a str),
    UnknownOption(&'a str, &'a str),
    WrongValueKind(&'a str),
}

impl MismatchText<'_> {
    pub(crate) fn message(&self, lang: crate::model::Lang) -> String {
        use crate::model::Lang::{De, En};
        match (self, lang) {
            (Self::ZeroQuantity, De) => "Die Menge muss mindestens 1 sein.".into(),
            (Self::ZeroQuantity, En) => "The quantity must be at least 1.".into(),
            (Self::UnknownAttribute(a), De) => format!("Unbekanntes Merkmal „{a}“."),
            (Self::UnknownAttribute(a), En) => format!("Unknown attribute '{a}'."),
            (Self::UnknownOption(a, o), De) => format!("„{o}“ ist keine Auswahl für „{a}“."),
            (Self::UnknownOption(a, o), En) => format!("'{o}' is not an option of '{a}'."),
            (Self::WrongValueKind(a), De) => format!("Ungültiger Wert für „{a}“."),
            (Self::WrongValueKind(a), En) => format!("Invalid value for '{a}'."),
        }
    }
}

/// The chosen options and set texts of `effective`, in catalog order.
/// Number values contribute nothing and are skipped; empty texts are unset.
pub(crate) fn chosen<'p>(
    product: &'p Product,
    effective: &Selection,
) -> Result<Vec<Chosen<'p>>, Mismatch> {
    if let Some(unknown) = effective
        .0
        .keys()
        .find(|id| product.attribute(id).is_none())
    {
        return Err(Mismatch::UnknownAttribute {
            attribute: unknown.clone(),
        });
    }
    let mut out = Vec::new();
    for attribute in &product.attributes {
        let Some(value) = effective.get(&attribute.id) else {
            continue;
        };
        let unknown_option = |option: &str| Mismatch::UnknownOption {
            attribute: attribute.id.clone(),
            option: option.to_owned(),
        };
        match (&attribute.kind, value) {
            (AttributeKind::Choice { options, .. }, Value::Choice(id)) => {
                let option = options
                    .iter()
                    .find(|o| &o.id == id)
                    .ok_or_else(|| unknown_option(id))?;
                out.push(Chosen::Option { attribute, option });
            }
            (AttributeKind::Multi { options, .. }, Value::Multi(ids)) => {
                if let Some(id) = ids.iter().find(|id| !options.iter().any(|o| &o.id == *id)) {
                    return Err(unknown_option(id));
                }
                out.extend(
                    options
                        .iter()
                        .filter(|o| ids.contains(&o.id))
                        .map(|option| Chosen::Option { attribute, option }),
                );
            }
            (AttributeKind::Text(spec), Value::Text { text, .. }) => {
                if !text.is_empty() {
                    out.push(Chosen::Text {
                        attribute,
                        spec,
                        text: text.clone(),
                    });
                }
            }
            (AttributeKind::Number(_), Value::Number(_)) => {}
            _ => {
                return Err(Mismatch::WrongValueKind {
                    attribute: attribute.id.clone(),
                })
            }
        }
    }
    Ok(out)
}
