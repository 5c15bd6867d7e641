//! Measurements typed by the customer.

use crate::model::{Lang, Milli, NumberSpec};
use serde::{Deserialize, Serialize};

/// Why a measurement was refused. Carries the bounds and unit so the message
/// needs nothing else.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum NumberError {
    /// Not a plain decimal number.
    #[error("'{input}' is not a number")]
    NotANumber { input: String },
    /// More than three decimal places.
    #[error("'{input}' has more than three decimal places")]
    TooManyDecimals { input: String },
    #[error("{value} is below the minimum {min} {unit}")]
    BelowMin {
        value: Milli,
        min: Milli,
        unit: String,
    },
    #[error("{value} is above the maximum {max} {unit}")]
    AboveMax {
        value: Milli,
        max: Milli,
        unit: String,
    },
    /// Between the bounds but not on `min + k * step`; `below` and `above`
    /// are the nearest values that are (`above` only if within `max`).
    #[error("{value} {unit} is not a multiple of {step} from {min}")]
    OffStep {
        value: Milli,
        min: Milli,
        step: Milli,
        unit: String,
        below: Milli,
        above: Option<Milli>,
    },
}

/// A decimal in the customer's language: `37,5` in German, `37.5` in English.
pub fn format_decimal(value: Milli, lang: Lang) -> String {
    let text = value.to_string();
    match lang {
        Lang::De => text.replace('.', ","),
        Lang::En => text,
    }
}

/// A value with its unit, `37,5 cm`.
fn with_unit(value: Milli, unit: &str, lang: Lang) -> String {
    let number = format_decimal(value, lang);
    if unit.is_empty() {
        number
    } else {
        format!("{number} {unit}")
    }
}

impl NumberError {
    /// The error in words for the customer.
    pub fn message(&self, lang: Lang) -> String {
        let de = lang == Lang::De;
        match self {
            NumberError::NotANumber { input } if de => {
                format!("„{input}“ ist keine Zahl. Bitte geben Sie eine Zahl wie 37,5 ein.")
            }
            NumberError::NotANumber { input } => {
                format!("“{input}” is not a number. Please enter a number such as 37.5.")
            }
            NumberError::TooManyDecimals { input } if de => {
                format!("„{input}“ hat zu viele Nachkommastellen (höchstens drei).")
            }
            NumberError::TooManyDecimals { input } => {
                format!("“{input}” has too many decimal places (at most three).")
            }
            NumberError::BelowMin { min, unit, .. } if de => {
                format!(
                    "Der Wert muss mindestens {} betragen.",
                    with_unit(*min, unit, lang)
                )
            }
            NumberError::BelowMin { min, unit, .. } => {
                format!(
                    "The value must be at least {}.",
                    with_unit(*min, unit, lang)
                )
            }
            NumberError::AboveMax { max, unit, .. } if de => {
                format!(
                    "Der Wert darf höchstens {} betragen.",
                    with_unit(*max, unit, lang)
                )
            }
            NumberError::AboveMax { max, unit, .. } => {
                format!("The value can be at most {}.", with_unit(*max, unit, lang))
            }
            NumberError::OffStep {
                value,
                min,
                step,
                unit,
                below,
                above,
            } => {
                let u = |m: &Milli| with_unit(*m, unit, lang);
                let nearest = match (above, de) {
                    (Some(above), true) => format!("{} oder {}", u(below), u(above)),
                    (Some(above), false) => format!("{} or {}", u(below), u(above)),
                    (None, _) => u(below),
                };
                if de {
                    format!(
                        "{} ist nicht möglich: erlaubt sind Schritte von {} ab {}, zum Beispiel {nearest}.",
                        u(value),
                        u(step),
                        u(min)
                    )
                } else {
                    format!(
                        "{} is not possible: values go in steps of {} from {}, for example {nearest}.",
                        u(value),
                        u(step),
                        u(min)
                    )
                }
            }
        }
    }
}

/// Most integer digits a value may have (as [`Milli::parse`]).
const MAX_INTEGER_DIGITS: usize = 12;

/// Parses a customer's measurement: `37`, `37.5` or `37,5`, optionally
/// followed by the attribute's unit (`102 cm`), and checks it against the
/// bounds and the grid `min, min + step, ... <= max`.
pub fn parse_number(spec: &NumberSpec, raw: &str) -> Result<Milli, NumberError> {
    let input = raw.trim();
    let not_a_number = || NumberError::NotANumber {
        input: input.to_owned(),
    };
    let without_unit = strip_unit(input, &spec.unit).replace(',', ".");
    let (negative, digits) = match without_unit.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, without_unit.as_str()),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty()
        || !all_digits(int)
        || !all_digits(frac)
        || (digits.contains('.') && frac.is_empty())
    {
        return Err(not_a_number());
    }
    let frac = frac.trim_end_matches('0');
    if frac.len() > 3 {
        return Err(NumberError::TooManyDecimals {
            input: input.to_owned(),
        });
    }
    let int = int.trim_start_matches('0');
    if int.len() > MAX_INTEGER_DIGITS {
        return Err(if negative {
            NumberError::BelowMin {
                value: Milli(i64::MIN),
                min: spec.min,
                unit: spec.unit.clone(),
            }
        } else {
            NumberError::AboveMax {
                value: Milli(i64::MAX),
                max: spec.max,
                unit: spec.unit.clone(),
            }
        });
    }
    let int = if int.is_empty() { "0" } else { int };
    let sign = if negative { "-" } else { "" };
    let value = Milli::parse(&format!("{sign}{int}.{frac}")).map_err(|_| not_a_number())?;
    check_bounds(spec, value)
}

/// Removes a trailing unit (case-insensitive), such as `cm` in `102 cm`.
fn strip_unit<'a>(input: &'a str, unit: &str) -> &'a str {
    if unit.is_empty() || input.len() < unit.len() {
        return input;
    }
    let split = input.len() - unit.len();
    match (input.get(..split), input.get(split..)) {
        (Some(number), Some(tail)) if tail.eq_ignore_ascii_case(unit) => number.trim_end(),
        _ => input,
    }
}

/// Checks a value against the bounds and the step grid of `spec`.
pub fn check_bounds(spec: &NumberSpec, value: Milli) -> Result<Milli, NumberError> {
    if value < spec.min {
        return Err(NumberError::BelowMin {
            value,
            min: spec.min,
            unit: spec.unit.clone(),
        });
    }
    if value > spec.max {
        return Err(NumberError::AboveMax {
            value,
            max: spec.max,
            unit: spec.unit.clone(),
        });
    }
    let step = i128::from(spec.step.0);
    if step <= 0 {
        return Ok(value);
    }
    let offset = i128::from(value.0) - i128::from(spec.min.0);
    let remainder = offset % step;
    if remainder == 0 {
        return Ok(value);
    }
    let to_milli = |v: i128| i64::try_from(v).ok().map(Milli);
    let below = to_milli(i128::from(value.0) - remainder).unwrap_or(spec.min);
    let above = to_milli(i128::from(value.0) - remainder + step).filter(|a| *a <= spec.max);
    Err(NumberError::OffStep {
        value,
        min: spec.min,
        step: spec.step,
        unit: spec.unit.clone(),
        below,
        above,
    })
}
