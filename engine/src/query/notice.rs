//! What was repaired when reading a link, for the customer.

use crate::input::{NumberError, TextError};
use crate::model::{AttributeKind, Lang, Product};
use serde::{Deserialize, Serialize};

/// Something in a link that did not fit the product and was dropped or
/// repaired.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Notice {
    /// A key that is no attribute of the product; ignored.
    UnknownAttribute { key: String },
    /// An option the attribute does not have (any more); dropped.
    UnknownOption { attribute: String, option: String },
    /// A choice, text or number given more than once with different values;
    /// the last one applies.
    DuplicateValue { attribute: String },
    /// A text that does not parse; dropped.
    InvalidText { attribute: String, error: TextError },
    /// A number that does not parse or is out of range; dropped.
    InvalidNumber {
        attribute: String,
        error: NumberError,
    },
    /// A font the text attribute does not have; the default font applies.
    UnknownFont { attribute: String, font: String },
    /// More notices than [`MAX_NOTICES`]: this many more were not listed.
    Omitted { count: usize },
}

/// At most this many notices are listed for one link, whatever it holds.
pub const MAX_NOTICES: usize = 20;

/// The longest text of a link a notice repeats, in characters.
pub const MAX_ECHO: usize = 40;

/// `text` as a notice repeats it: at most [`MAX_ECHO`] characters.
pub fn echo(text: &str) -> String {
    match text.char_indices().nth(MAX_ECHO) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// Keeps the first [`MAX_NOTICES`] notices and counts the rest.
pub fn cap(notices: &mut Vec<Notice>) {
    if notices.len() > MAX_NOTICES {
        let count = notices.len() - MAX_NOTICES;
        notices.truncate(MAX_NOTICES);
        notices.push(Notice::Omitted { count });
    }
}

impl Notice {
    /// The attribute the notice is about, if it is one of the product's.
    pub fn attribute(&self) -> Option<&str> {
        match self {
            Notice::UnknownAttribute { .. } | Notice::Omitted { .. } => None,
            Notice::UnknownOption { attribute, .. }
            | Notice::DuplicateValue { attribute }
            | Notice::InvalidText { attribute, .. }
            | Notice::InvalidNumber { attribute, .. }
            | Notice::UnknownFont { attribute, .. } => Some(attribute),
        }
    }

    /// The notice as a sentence for the customer, with the product's labels.
    pub fn message(&self, lang: Lang, product: &Product) -> String {
        let de = lang == Lang::De;
        let label = |id: &str| {
            product
                .attribute(id)
                .map_or_else(|| id.to_owned(), |a| a.label.get(lang).to_owned())
        };
        match self {
            Notice::UnknownAttribute { key } if de => {
                format!("Die Angabe „{key}“ gehört nicht zu diesem Produkt und wurde ignoriert.")
            }
            Notice::UnknownAttribute { key } => {
                format!("“{key}” is not part of this product and was ignored.")
            }
            Notice::UnknownOption { attribute, option } => {
                let multi = matches!(
                    product.attribute(attribute).map(|a| &a.kind),
                    Some(AttributeKind::Multi { .. })
                );
                let label = label(attribute);
                match (de, multi) {
                    (true, false) => format!(
                        "Die Option „{option}“ gibt es nicht mehr; die Auswahl für {label} wurde zurückgesetzt."
                    ),
                    (true, true) => format!(
                        "Die Option „{option}“ gibt es nicht mehr und wurde aus {label} entfernt."
                    ),
                    (false, false) => format!(
                        "The option “{option}” is no longer available; the choice for {label} was reset."
                    ),
                    (false, true) => format!(
                        "The option “{option}” is no longer available and was removed from {label}."
                    ),
                }
            }
            Notice::DuplicateValue { attribute } if de => format!(
                "Für {} waren mehrere Werte angegeben; der letzte gilt.",
                label(attribute)
            ),
            Notice::DuplicateValue { attribute } => format!(
                "Several values were given for {}; the last one applies.",
                label(attribute)
            ),
            Notice::InvalidText { attribute, error } if de => format!(
                "{}: {} Der Text wurde nicht übernommen.",
                label(attribute),
                error.message(lang)
            ),
            Notice::InvalidText { attribute, error } => format!(
                "{}: {} The text was not applied.",
                label(attribute),
                error.message(lang)
            ),
            Notice::InvalidNumber { attribute, error } if de => format!(
                "{}: {} Der Wert wurde nicht übernommen.",
                label(attribute),
                error.message(lang)
            ),
            Notice::InvalidNumber { attribute, error } => format!(
                "{}: {} The value was not applied.",
                label(attribute),
                error.message(lang)
            ),
            Notice::Omitted { count } if de => format!(
                "Dazu {count} weitere Angaben im Link, die nicht passten und ignoriert wurden."
            ),
            Notice::Omitted { count } => {
                format!("And {count} more things in the link that did not fit were ignored.")
            }
            Notice::UnknownFont { attribute, font } => {
                let default = match product.attribute(attribute).map(|a| &a.kind) {
                    Some(AttributeKind::Text(spec)) => spec
                        .fonts
                        .first()
                        .map(|f| f.label.get(lang).to_owned())
                        .unwrap_or_default(),
                    _ => String::new(),
                };
                if de {
                    format!(
                        "Die Schrift „{font}“ gibt es nicht; {} wird in der Schrift {default} gesetzt.",
                        label(attribute)
                    )
                } else {
                    format!(
                        "The font “{font}” does not exist; {} is set in {default}.",
                        label(attribute)
                    )
                }
            }
        }
    }
}
