//! Why the delivery window is what it is: data, rendered in words on demand.

use super::format::format_date;
use crate::model::{Lang, Product};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// An option, by id, that consumes a component.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionRef {
    pub attribute: String,
    pub option: String,
}

/// One contribution to the delivery estimate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Reason {
    /// Working days of production of the base product.
    BaseDays { days: u32 },
    /// A chosen option adds working days of production.
    OptionDays {
        attribute: String,
        option: String,
        days: u32,
    },
    /// A set text (engraving) adds working days of production.
    TextDays { attribute: String, days: u32 },
    /// A component is short; production can start once it arrives.
    ComponentShort {
        component: String,
        #[serde(deserialize_with = "super::iso_date::date")]
        arrives: Date,
        /// The chosen options that consume it, in catalog order.
        used_by: Vec<OptionRef>,
    },
    /// The quantity exceeds the line's daily capacity, so production starts
    /// on a day with nothing booked.
    OverCapacity { quantity: u32, capacity: u32 },
    /// The line is fully booked until this day.
    LineBusy {
        #[serde(deserialize_with = "super::iso_date::date")]
        first_free: Date,
    },
    /// A holiday between today and the latest delivery day.
    Holiday {
        #[serde(deserialize_with = "super::iso_date::date")]
        date: Date,
    },
    /// Working days from dispatch to the customer.
    Shipping { days: u32 },
}

fn working_days(days: u32, lang: Lang) -> String {
    match (lang, days) {
        (Lang::De, 1) => "1 Werktag".into(),
        (Lang::De, n) => format!("{n} Werktage"),
        (Lang::En, 1) => "1 working day".into(),
        (Lang::En, n) => format!("{n} working days"),
    }
}

/// `Leder (Interieur)`: an option's label with its attribute's, from the
/// catalog, falling back to the ids.
fn option_label(product: &Product, attribute: &str, option: &str, lang: Lang) -> String {
    let Some(attr) = product.attribute(attribute) else {
        return format!("{option} ({attribute})");
    };
    let option_text = attr
        .kind
        .options()
        .iter()
        .find(|o| o.id == option)
        .map_or(option, |o| o.label.get(lang));
    format!("{option_text} ({})", attr.label.get(lang))
}

fn attribute_label<'a>(product: &'a Product, attribute: &'a str, lang: Lang) -> &'a str {
    product
        .attribute(attribute)
        .map_or(attribute, |a| a.label.get(lang))
}

impl Reason {
    /// The reason in words, using the product's labels:
    /// `Gravur: +2 Werktage` / `Engraving adds 2 working days`.
    pub fn message(&self, product: &Product, lang: Lang) -> String {
        use Reason::*;
        match (self, lang) {
            (BaseDays { days }, Lang::De) => format!("Fertigung: {}", working_days(*days, lang)),
            (BaseDays { days }, Lang::En) => {
                format!("Production takes {}", working_days(*days, lang))
            }
            (
                OptionDays {
                    attribute,
                    option,
                    days,
                },
                Lang::De,
            ) => format!(
                "{}: +{}",
                option_label(product, attribute, option, lang),
                working_days(*days, lang)
            ),
            (
                OptionDays {
                    attribute,
                    option,
                    days,
                },
                Lang::En,
            ) => format!(
                "{} adds {}",
                option_label(product, attribute, option, lang),
                working_days(*days, lang)
            ),
            (TextDays { attribute, days }, Lang::De) => format!(
                "{}: +{}",
                attribute_label(product, attribute, lang),
                working_days(*days, lang)
            ),
            (TextDays { attribute, days }, Lang::En) => format!(
                "{} adds {}",
                attribute_label(product, attribute, lang),
                working_days(*days, lang)
            ),
            (
                ComponentShort {
                    component,
                    arrives,
                    used_by,
                },
                _,
            ) => {
                let what = if used_by.is_empty() {
                    component.clone()
                } else {
                    used_by
                        .iter()
                        .map(|o| option_label(product, &o.attribute, &o.option, lang))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let date = format_date(*arrives, lang);
                match lang {
                    Lang::De => format!("{what}: wieder vorrätig am {date}"),
                    Lang::En => format!("{what}: restocked on {date}"),
                }
            }
            (OverCapacity { quantity, capacity }, Lang::De) => format!(
                "{quantity} Stück übersteigen die Tageskapazität von {capacity}: \
                 Fertigungsbeginn an einem Tag ohne andere Aufträge"
            ),
            (OverCapacity { quantity, capacity }, Lang::En) => format!(
                "{quantity} units exceed the daily capacity of {capacity}: \
                 production starts on a day with no other orders"
            ),
            (LineBusy { first_free }, Lang::De) => format!(
                "Fertigung ausgelastet, nächster freier Tag: {}",
                format_date(*first_free, lang)
            ),
            (LineBusy { first_free }, Lang::En) => format!(
                "Production is fully booked; first free day: {}",
                format_date(*first_free, lang)
            ),
            (Holiday { date }, Lang::De) => format!("Feiertag am {}", format_date(*date, lang)),
            (Holiday { date }, Lang::En) => format!("Holiday on {}", format_date(*date, lang)),
            (Shipping { days }, Lang::De) => format!("Versand: {}", working_days(*days, lang)),
            (Shipping { days }, Lang::En) => {
                format!("Shipping takes {}", working_days(*days, lang))
            }
        }
    }
}
