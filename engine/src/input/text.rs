//! Engraving and other free text typed by the customer.

use super::allowed::AllowedChars;
use crate::model::{Lang, TextSpec};
use serde::{Deserialize, Serialize};

/// Why a text was refused. Positions are 1-based, in characters of the
/// trimmed, NFC-normalised text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum TextError {
    /// A control character such as a tab or a newline.
    #[error("control character U+{:04X} at position {position}", u32::from(*character))]
    Control { character: char, position: usize },
    /// A bidirectional control (U+202A..U+202E, U+2066..U+2069, U+200E,
    /// U+200F, U+061C), which can make the text read differently.
    #[error("bidirectional control U+{:04X} at position {position}", u32::from(*character))]
    BidiControl { character: char, position: usize },
    /// A zero-width character (U+200B..U+200D, U+2060, U+FEFF).
    #[error("zero-width character U+{:04X} at position {position}", u32::from(*character))]
    ZeroWidth { character: char, position: usize },
    /// A character outside the attribute's allowed set.
    #[error("character {} at position {position} is not allowed", shown(*character, Lang::En))]
    NotAllowed { character: char, position: usize },
    /// More characters than `max_len`.
    #[error("{len} characters, at most {max_len} allowed")]
    TooLong { max_len: u32, len: usize },
    /// The catalog's `allowed` set does not parse (a catalog error that the
    /// validator reports; refused rather than guessed).
    #[error("the allowed characters are misconfigured: {0}")]
    BadAllowedSet(String),
}

/// Whether `c` is a bidirectional control character.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Whether `c` is a zero-width character.
pub fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Whether `c` is invisible or combines with its neighbour, so that it is
/// better shown by its code point than raw.
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || is_bidi_control(c)
        || is_zero_width(c)
        || matches!(c,
            '\u{00AD}' | '\u{034F}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
            | '\u{180B}'..='\u{180F}' | '\u{2061}'..='\u{2064}' | '\u{206A}'..='\u{206F}'
            | '\u{3164}' | '\u{FFA0}' | '\u{FE00}'..='\u{FE0F}' | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0000}'..='\u{E007F}' | '\u{E0100}'..='\u{E01EF}'
            | '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}'
            | '\u{E000}'..='\u{F8FF}')
}

/// A character as shown in messages: quoted (German or English quotation
/// marks) when visible, `U+XXXX` when not.
fn shown(c: char, lang: Lang) -> String {
    match lang {
        _ if is_invisible(c) => format!("U+{:04X}", u32::from(c)),
        Lang::De => format!("„{c}“"),
        Lang::En => format!("“{c}”"),
    }
}

impl TextError {
    /// The error in words for the customer.
    pub fn message(&self, lang: Lang) -> String {
        let code = |c: &char| format!("U+{:04X}", u32::from(*c));
        match (self, lang) {
            (TextError::Control { character, position }, Lang::De) => format!(
                "Das Steuerzeichen {} an Stelle {position} ist in der Gravur nicht erlaubt.",
                code(character)
            ),
            (TextError::Control { character, position }, Lang::En) => format!(
                "The control character {} at position {position} is not allowed in the engraving.",
                code(character)
            ),
            (TextError::BidiControl { character, position }, Lang::De) => format!(
                "Das unsichtbare Richtungszeichen {} an Stelle {position} ist in der Gravur nicht erlaubt.",
                code(character)
            ),
            (TextError::BidiControl { character, position }, Lang::En) => format!(
                "The invisible direction mark {} at position {position} is not allowed in the engraving.",
                code(character)
            ),
            (TextError::ZeroWidth { character, position }, Lang::De) => format!(
                "Das unsichtbare Zeichen {} an Stelle {position} ist in der Gravur nicht erlaubt.",
                code(character)
            ),
            (TextError::ZeroWidth { character, position }, Lang::En) => format!(
                "The invisible character {} at position {position} is not allowed in the engraving.",
                code(character)
            ),
            (TextError::NotAllowed { character, position }, Lang::De) => format!(
                "Das Zeichen {} an Stelle {position} ist für die Gravur nicht erlaubt.",
                shown(*character, lang)
            ),
            (TextError::NotAllowed { character, position }, Lang::En) => format!(
                "The character {} at position {position} is not allowed in the engraving.",
                shown(*character, lang)
            ),
            (TextError::TooLong { max_len, len }, Lang::De) => format!(
                "Die Gravur darf höchstens {max_len} Zeichen lang sein; sie hat {len}."
            ),
            (TextError::TooLong { max_len, len }, Lang::En) => format!(
                "The engraving can be at most {max_len} characters long; it has {len}."
            ),
            (TextError::BadAllowedSet(_), Lang::De) => {
                "Die Gravur kann gerade nicht geprüft werden; bitte wenden Sie sich an uns.".to_owned()
            }
            (TextError::BadAllowedSet(_), Lang::En) => {
                "The engraving cannot be checked right now; please contact us.".to_owned()
            }
        }
    }
}

/// Parses customer text for a text attribute: NFC-normalises, trims
/// surrounding whitespace, then refuses control, bidirectional-control and
/// zero-width characters, characters outside the allowed set, and more than
/// `max_len` characters. Empty input (after trimming) is `Ok("")`: no text.
pub fn parse_text(spec: &TextSpec, raw: &str) -> Result<String, TextError> {
    let normalised = super::nfc::nfc(raw);
    let text = normalised.trim();
    if text.is_empty() {
        return Ok(String::new());
    }
    let allowed =
        AllowedChars::from_spec(spec.allowed.as_deref()).map_err(TextError::BadAllowedSet)?;
    let mut len = 0usize;
    for (index, character) in text.chars().enumerate() {
        let position = index + 1;
        len = position;
        if is_bidi_control(character) {
            return Err(TextError::BidiControl {
                character,
                position,
            });
        }
        if is_zero_width(character) {
            return Err(TextError::ZeroWidth {
                character,
                position,
            });
        }
        if character.is_control() {
            return Err(TextError::Control {
                character,
                position,
            });
        }
        if !allowed.contains(character) {
            return Err(TextError::NotAllowed {
                character,
                position,
            });
        }
    }
    let max_len = spec.max_len;
    if len > usize::try_from(max_len).unwrap_or(usize::MAX) {
        return Err(TextError::TooLong { max_len, len });
    }
    Ok(text.to_owned())
}
