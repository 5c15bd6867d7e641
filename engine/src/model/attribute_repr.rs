//! How an [`Attribute`] is read: `kind` beside the kind's own fields, as
//! catalogs write it. Read through one flat record rather than serde's
//! `flatten` and internal tagging, which buffer the whole attribute first
//! (slower, and code the browser would download); unknown and misplaced
//! fields are refused by name.

use super::{AttrOption, Attribute, AttributeKind, Font, Milli, Minor, NumberSpec, Text, TextSpec};
use serde::Deserialize;

/// An attribute as written, every kind's fields optional.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AttributeRepr {
    id: String,
    label: Text,
    #[serde(default)]
    help: Text,
    #[serde(default)]
    group: Option<String>,
    #[serde(default)]
    drawing: Option<String>,
    kind: KindName,
    required: Option<bool>,
    options: Option<Vec<AttrOption>>,
    min: Option<Milli>,
    max: Option<Milli>,
    max_len: Option<u32>,
    allowed: Option<String>,
    fonts: Option<Vec<Font>>,
    price_per_char: Option<Minor>,
    surcharge: Option<Minor>,
    days: Option<u32>,
    unit: Option<String>,
    step: Option<Milli>,
}

#[derive(Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum KindName {
    Choice,
    Multi,
    Text,
    Number,
}

impl KindName {
    fn name(self) -> &'static str {
        match self {
            KindName::Choice => "choice",
            KindName::Multi => "multi",
            KindName::Text => "text",
            KindName::Number => "number",
        }
    }
}

impl TryFrom<AttributeRepr> for Attribute {
    type Error = String;

    fn try_from(repr: AttributeRepr) -> Result<Self, String> {
        let kind = repr.kind;
        let misplaced = |field: &str, present: bool| match present {
            true => Err(format!(
                "field `{field}` does not apply to a {} attribute",
                kind.name()
            )),
            false => Ok(()),
        };
        let missing = |field: &str| format!("missing field `{field}`");
        let text_fields = [
            ("max_len", repr.max_len.is_some()),
            ("allowed", repr.allowed.is_some()),
            ("fonts", repr.fonts.is_some()),
            ("price_per_char", repr.price_per_char.is_some()),
            ("surcharge", repr.surcharge.is_some()),
            ("days", repr.days.is_some()),
        ];
        let number_fields = [("unit", repr.unit.is_some()), ("step", repr.step.is_some())];
        let kind = match kind {
            KindName::Choice | KindName::Multi => {
                for (field, present) in text_fields.into_iter().chain(number_fields) {
                    misplaced(field, present)?;
                }
                let options = repr.options.ok_or_else(|| missing("options"))?;
                if let KindName::Choice = kind {
                    misplaced("min", repr.min.is_some())?;
                    misplaced("max", repr.max.is_some())?;
                    AttributeKind::Choice {
                        required: repr.required.unwrap_or(true),
                        options,
                    }
                } else {
                    misplaced("required", repr.required.is_some())?;
                    AttributeKind::Multi {
                        min: repr.min.map(count("min")).transpose()?.unwrap_or(0),
                        max: repr.max.map(count("max")).transpose()?,
                        options,
                    }
                }
            }
            KindName::Text => {
                for (field, present) in number_fields {
                    misplaced(field, present)?;
                }
                misplaced("options", repr.options.is_some())?;
                misplaced("min", repr.min.is_some())?;
                misplaced("max", repr.max.is_some())?;
                AttributeKind::Text(TextSpec {
                    required: repr.required.unwrap_or(false),
                    max_len: repr.max_len.ok_or_else(|| missing("max_len"))?,
                    allowed: repr.allowed,
                    fonts: repr.fonts.unwrap_or_default(),
                    price_per_char: repr.price_per_char.unwrap_or(0),
                    surcharge: repr.surcharge.unwrap_or(0),
                    days: repr.days.unwrap_or(0),
                })
            }
            KindName::Number => {
                for (field, present) in text_fields {
                    misplaced(field, present)?;
                }
                misplaced("options", repr.options.is_some())?;
                AttributeKind::Number(NumberSpec {
                    required: repr.required.unwrap_or(true),
                    unit: repr.unit.ok_or_else(|| missing("unit"))?,
                    min: repr.min.ok_or_else(|| missing("min"))?,
                    max: repr.max.ok_or_else(|| missing("max"))?,
                    step: repr.step.ok_or_else(|| missing("step"))?,
                })
            }
        };
        Ok(Attribute {
            id: repr.id,
            label: repr.label,
            help: repr.help,
            group: repr.group,
            drawing: repr.drawing,
            kind,
        })
    }
}

/// A multi-choice bound: a whole, non-negative number of options.
fn count(field: &'static str) -> impl Fn(Milli) -> Result<u32, String> {
    move |m: Milli| {
        u32::try_from(m.0 / 1000)
            .ok()
            .filter(|_| m.0 % 1000 == 0)
            .ok_or_else(|| format!("`{field}` must be a whole number of options, not {m}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Result<Attribute, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    const LABEL: &str = r#""label": {"de": "A", "en": "A"}"#;

    #[test]
    fn reads_every_kind_with_its_defaults() {
        let choice = read(&format!(
            r#"{{"id": "c", {LABEL}, "kind": "choice", "options": []}}"#
        ))
        .unwrap();
        assert_eq!(
            choice.kind,
            AttributeKind::Choice {
                required: true,
                options: vec![]
            }
        );
        let multi = read(&format!(
            r#"{{"id": "m", {LABEL}, "options": [], "max": 2, "kind": "multi"}}"#
        ))
        .unwrap();
        assert_eq!(
            multi.kind,
            AttributeKind::Multi {
                min: 0,
                max: Some(2),
                options: vec![]
            }
        );
        let text = read(&format!(
            r#"{{"id": "t", {LABEL}, "kind": "text", "max_len": 20, "price_per_char": 150}}"#
        ))
        .unwrap();
        let AttributeKind::Text(spec) = &text.kind else {
            panic!("not a text: {text:?}")
        };
        assert_eq!(
            (spec.required, spec.max_len, spec.price_per_char),
            (false, 20, 150)
        );
        let number = read(&format!(
            r#"{{"id": "n", {LABEL}, "kind": "number", "unit": "cm", "min": 37, "max": "45.5", "step": 0.5}}"#
        ))
        .unwrap();
        assert_eq!(
            number.kind,
            AttributeKind::Number(NumberSpec {
                required: true,
                unit: "cm".into(),
                min: Milli(37_000),
                max: Milli(45_500),
                step: Milli(500),
            })
        );
    }

    #[test]
    fn writes_what_it_reads() {
        let json = format!(
            r#"{{"id": "n", {LABEL}, "group": "fit", "kind": "number", "required": false, "unit": "cm", "min": 37, "max": 45.5, "step": 0.5}}"#
        );
        let attribute = read(&json).unwrap();
        let written = serde_json::to_string(&attribute).unwrap();
        assert_eq!(read(&written).unwrap(), attribute);
    }

    #[test]
    fn refuses_unknown_misplaced_and_missing_fields() {
        let cases = [
            (
                r#""kind": "choice", "optoins": []"#,
                "unknown field `optoins`",
            ),
            (
                r#""kind": "choice", "options": [], "unit": "cm""#,
                "field `unit` does not apply to a choice attribute",
            ),
            (r#""kind": "text""#, "missing field `max_len`"),
            (
                r#""kind": "multi", "options": [], "min": 1.5"#,
                "`min` must be a whole number of options, not 1.5",
            ),
            (r#""kind": "colour""#, "unknown variant `colour`"),
        ];
        for (fields, expected) in cases {
            let err = read(&format!(r#"{{"id": "a", {LABEL}, {fields}}}"#)).unwrap_err();
            assert!(err.contains(expected), "{fields}: {err}");
        }
    }
}
