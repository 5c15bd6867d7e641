//! The `allowed` character-set syntax of text attributes.

/// A set of allowed characters, from [`TextSpec::allowed`](crate::model::TextSpec::allowed)
/// or the default set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AllowedChars {
    /// Letters (`char::is_alphabetic`), ASCII digits, space and `.,-&'!?`.
    Default,
    /// Inclusive character ranges; a single character is a range of one.
    Ranges(Vec<(char, char)>),
}

/// Punctuation in the default set besides letters, digits and space.
const DEFAULT_PUNCTUATION: &str = ".,-&'!?";

impl AllowedChars {
    /// Parses the `allowed` syntax: literal characters and ranges such as
    /// `A-Z`; a `-` first or last is literal. The text is NFC-normalised
    /// first, like customer input.
    pub fn parse(spec: &str) -> Result<Self, String> {
        let chars: Vec<char> = super::nfc::nfc(spec).chars().collect();
        if chars.is_empty() {
            return Err("the set of allowed characters is empty".to_owned());
        }
        let last = chars.len() - 1;
        let mut ranges = Vec::new();
        let mut i = 0;
        while i <= last {
            let c = chars[i];
            let is_range = c != '-' && i + 2 <= last && chars[i + 1] == '-';
            if is_range {
                let end = chars[i + 2];
                if end < c {
                    return Err(format!(
                        "the range '{c}-{end}' is backwards; write '{end}-{c}'"
                    ));
                }
                ranges.push((c, end));
                i += 3;
            } else if c == '-' && i != 0 && i != last {
                return Err(format!(
                    "'-' at position {} is neither part of a range like 'a-z' nor first or last (a literal '-' goes first or last)",
                    i + 1
                ));
            } else {
                ranges.push((c, c));
                i += 1;
            }
        }
        Ok(AllowedChars::Ranges(ranges))
    }

    /// The set for an optional `allowed` spec (`None` is the default set).
    pub fn from_spec(spec: Option<&str>) -> Result<Self, String> {
        spec.map_or(Ok(AllowedChars::Default), AllowedChars::parse)
    }

    /// Whether `c` is in the set.
    pub fn contains(&self, c: char) -> bool {
        match self {
            AllowedChars::Default => {
                c.is_alphabetic()
                    || c.is_ascii_digit()
                    || c == ' '
                    || DEFAULT_PUNCTUATION.contains(c)
            }
            AllowedChars::Ranges(ranges) => ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi),
        }
    }
}

/// Parses the `allowed` syntax; see [`AllowedChars::parse`].
pub fn allowed_set_parse(spec: &str) -> Result<AllowedChars, String> {
    AllowedChars::parse(spec)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_and_literal_dashes() {
        let set = AllowedChars::parse("-A-Za-z0-9 .").expect("parses");
        for c in ['-', 'A', 'q', '7', ' ', '.'] {
            assert!(set.contains(c), "{c}");
        }
        assert!(!set.contains('ä') && !set.contains('_'));
        let set = AllowedChars::parse("a-c-").expect("parses");
        assert!(set.contains('-') && set.contains('b') && !set.contains('d'));
        assert!(AllowedChars::parse("-").expect("parses").contains('-'));
    }

    #[test]
    fn bad_sets() {
        assert!(AllowedChars::parse("").is_err());
        assert!(AllowedChars::parse("z-a").is_err());
        assert!(AllowedChars::parse("a-z-0-9").is_err());
    }

    #[test]
    fn default_set() {
        let set = AllowedChars::from_spec(None).expect("default");
        for c in ['a', 'Ä', 'ß', '7', ' ', '&', '\'', '!', '?', '-', ',', '.'] {
            assert!(set.contains(c), "{c}");
        }
        for c in ['😀', '_', '@', '\u{a0}', '\n', '٣'] {
            assert!(!set.contains(c), "{c}");
        }
    }
}
