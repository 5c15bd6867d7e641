//! Customer input, parsed rather than validated: the same code runs in the
//! browser and on the server, so both refuse exactly the same input with the
//! same words.
//!
//! - [`parse_text`] parses engravings and other free text,
//! - [`parse_number`] parses measurements,
//! - [`AllowedChars`] is the `allowed` character-set syntax of text attributes.

mod allowed;
mod nfc;
mod number;
mod text;

pub use allowed::{allowed_set_parse, AllowedChars};
pub use number::{check_bounds, format_decimal, parse_number, NumberError};
pub use text::{is_bidi_control, is_zero_width, parse_text, TextError};

#[cfg(test)]
mod tests;
