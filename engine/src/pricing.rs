//! Pricing: the gross price of an effective configuration, exact to the
//! minor unit, with its breakdown.
//!
//! All catalog amounts are gross (VAT included) per-unit amounts in minor
//! units. The unit price is base price + chosen options + text charges +
//! applicable price rules. A quantity tier then takes a per-unit discount,
//! rounded half away from zero on the unit price; the total is the
//! discounted unit price times the quantity; the VAT contained in the gross
//! total is computed once, on the total, rounded half away from zero.
//!
//! A unit price below zero (discount rules larger than the price) is an
//! error, [`PriceError::NegativeUnitPrice`], never silently clamped: it is a
//! catalog mistake the shop has to fix, and an order must not be taken at a
//! price nobody intended.

mod chosen;
mod money;

pub(crate) use chosen::{chosen, Chosen, Mismatch, MismatchText};
pub use money::{currency_decimals, format_money};

use crate::model::{AttributeKind, Lang, Minor, Product, Text};
use crate::rules::ast::Cond;
use crate::selection::Selection;
use money::div_round_half_away;
use serde::{Deserialize, Serialize};

/// What a line of the price breakdown charges for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PriceLineKind {
    /// The product's base price.
    Base,
    /// A chosen option of a choice or multi-choice attribute.
    Option { attribute: String, option: String },
    /// The per-character charge of a text: `chars` non-whitespace characters.
    TextChars { attribute: String, chars: u32 },
    /// The fixed surcharge of a non-empty text.
    TextSurcharge { attribute: String },
    /// The price rule at this index of `Product::price_rules`.
    PriceRule { index: usize },
}

/// One line of the price breakdown: a gross per-unit amount.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceLine {
    pub kind: PriceLineKind,
    /// What the customer reads, from the catalog's labels.
    pub label: Text,
    /// Gross amount per unit in minor units (negative for a discount).
    pub amount: Minor,
}

/// The full price of a configuration in a quantity. Stored in the order
/// snapshot and compared with what the customer saw.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceBreakdown {
    /// ISO 4217 code of every amount.
    pub currency: String,
    /// Base line first, then options and texts in catalog order, then price
    /// rules. Options, text charges and rules with a zero amount are left out.
    pub lines: Vec<PriceLine>,
    /// Gross unit price: the sum of `lines`.
    pub unit_price: Minor,
    pub quantity: u32,
    /// Quantity-tier discount per unit (0 without a tier).
    pub tier_discount_per_unit: Minor,
    /// Gross total: `(unit_price - tier_discount_per_unit) * quantity`.
    pub total: Minor,
    /// VAT rate in basis points (1900 = 19 %).
    pub vat_rate_bp: u32,
    /// VAT contained in `total`.
    pub vat: Minor,
    /// `total - vat`.
    pub net: Minor,
}

/// Why a configuration has no price.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum PriceError {
    #[error("the quantity must be at least 1")]
    ZeroQuantity,
    #[error("unknown attribute '{attribute}'")]
    UnknownAttribute { attribute: String },
    #[error("attribute '{attribute}' has no option '{option}'")]
    UnknownOption { attribute: String, option: String },
    #[error("attribute '{attribute}' got a value of the wrong kind")]
    WrongValueKind { attribute: String },
    #[error("price rule {index} cannot be read: {message}")]
    InvalidPriceRule { index: usize, message: String },
    #[error("the unit price would be negative ({unit})")]
    NegativeUnitPrice { unit: Minor },
    #[error("quantity tier from {min_quantity} has a discount above 100 % ({discount_bp} bp)")]
    InvalidTierDiscount { min_quantity: u32, discount_bp: u32 },
    #[error("the amount is too large")]
    Overflow,
}

impl PriceError {
    /// The error in words for the customer or the shop.
    pub fn message(&self, lang: Lang) -> String {
        use PriceError::*;
        match (self, lang) {
            (ZeroQuantity, _) => MismatchText::ZeroQuantity.message(lang),
            (UnknownAttribute { attribute }, _) => {
                MismatchText::UnknownAttribute(attribute).message(lang)
            }
            (UnknownOption { attribute, option }, _) => {
                MismatchText::UnknownOption(attribute, option).message(lang)
            }
            (WrongValueKind { attribute }, _) => {
                MismatchText::WrongValueKind(attribute).message(lang)
            }
            (InvalidPriceRule { index, message }, Lang::De) => {
                format!("Preisregel {index} ist fehlerhaft: {message}")
            }
            (InvalidPriceRule { index, message }, Lang::En) => {
                format!("Price rule {index} is invalid: {message}")
            }
            (NegativeUnitPrice { .. }, Lang::De) => {
                "Für diese Konfiguration ergibt sich kein gültiger Preis.".into()
            }
            (NegativeUnitPrice { .. }, Lang::En) => {
                "This configuration does not have a valid price.".into()
            }
            (InvalidTierDiscount { min_quantity, .. }, Lang::De) => {
                format!("Der Mengenrabatt ab {min_quantity} Stück ist über 100 %.")
            }
            (InvalidTierDiscount { min_quantity, .. }, Lang::En) => {
                format!("The quantity discount from {min_quantity} units is above 100 %.")
            }
            (Overflow, Lang::De) => "Der Betrag ist zu groß.".into(),
            (Overflow, Lang::En) => "The amount is too large.".into(),
        }
    }
}

impl From<Mismatch> for PriceError {
    fn from(mismatch: Mismatch) -> Self {
        match mismatch {
            Mismatch::UnknownAttribute { attribute } => PriceError::UnknownAttribute { attribute },
            Mismatch::UnknownOption { attribute, option } => {
                PriceError::UnknownOption { attribute, option }
            }
            Mismatch::WrongValueKind { attribute } => PriceError::WrongValueKind { attribute },
        }
    }
}

/// Prices the effective configuration (the customer's choices plus implied
/// and default values) in `quantity` units, parsing the price rules first.
/// See the module docs for the arithmetic and rounding.
pub fn price(
    product: &Product,
    vat_rate_bp: u32,
    currency: &str,
    effective: &Selection,
    quantity: u32,
) -> Result<PriceBreakdown, PriceError> {
    let conditions = product
        .price_rules
        .iter()
        .enumerate()
        .map(|(index, rule)| {
            crate::rules::parse_condition(&rule.when).map_err(|e| PriceError::InvalidPriceRule {
                index,
                message: e.to_string(),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    price_parsed(
        product,
        &conditions,
        vat_rate_bp,
        currency,
        effective,
        quantity,
    )
}

/// [`price`] with the price rules' conditions already parsed, index for
/// index with `product.price_rules` (what a compiled product carries, so
/// the browser needs no rule parser).
pub fn price_parsed(
    product: &Product,
    conditions: &[Cond],
    vat_rate_bp: u32,
    currency: &str,
    effective: &Selection,
    quantity: u32,
) -> Result<PriceBreakdown, PriceError> {
    if quantity == 0 {
        return Err(PriceError::ZeroQuantity);
    }
    if conditions.len() != product.price_rules.len() {
        return Err(PriceError::InvalidPriceRule {
            index: conditions.len().min(product.price_rules.len()),
            message: "the parsed conditions do not match the price rules".into(),
        });
    }
    let lines = price_lines(product, conditions, effective)?;
    let unit_price = lines
        .iter()
        .try_fold(0 as Minor, |sum, line| sum.checked_add(line.amount))
        .ok_or(PriceError::Overflow)?;
    if unit_price < 0 {
        return Err(PriceError::NegativeUnitPrice { unit: unit_price });
    }
    let tier_discount_per_unit = tier_discount(product, unit_price, quantity)?;
    let total = (unit_price - tier_discount_per_unit)
        .checked_mul(Minor::from(quantity))
        .ok_or(PriceError::Overflow)?;
    let vat = vat_in_gross(total, vat_rate_bp);
    Ok(PriceBreakdown {
        currency: currency.to_owned(),
        lines,
        unit_price,
        quantity,
        tier_discount_per_unit,
        total,
        vat_rate_bp,
        vat,
        net: total - vat,
    })
}

/// The VAT contained in a gross amount: `gross * rate / (10000 + rate)`,
/// rounded half away from zero.
pub fn vat_in_gross(gross: Minor, vat_rate_bp: u32) -> Minor {
    let rate = i128::from(vat_rate_bp);
    // |result| <= |gross|, so it fits back into Minor.
    div_round_half_away(i128::from(gross) * rate, 10_000 + rate) as Minor
}

/// The per-unit discount of the quantity tier with the largest
/// `min_quantity <= quantity` (the first such tier on ties), rounded half
/// away from zero on the unit price.
fn tier_discount(product: &Product, unit_price: Minor, quantity: u32) -> Result<Minor, PriceError> {
    let mut best: Option<&crate::model::QuantityTier> = None;
    for tier in &product.quantity_tiers {
        if tier.min_quantity <= quantity && best.is_none_or(|b| tier.min_quantity > b.min_quantity)
        {
            best = Some(tier);
        }
    }
    let Some(tier) = best else { return Ok(0) };
    if tier.discount_bp > 10_000 {
        return Err(PriceError::InvalidTierDiscount {
            min_quantity: tier.min_quantity,
            discount_bp: tier.discount_bp,
        });
    }
    let discount = div_round_half_away(
        i128::from(unit_price) * i128::from(tier.discount_bp),
        10_000,
    );
    // 0 <= discount <= unit_price.
    Ok(discount as Minor)
}

/// The breakdown lines of one unit, in catalog order.
fn price_lines(
    product: &Product,
    conditions: &[Cond],
    effective: &Selection,
) -> Result<Vec<PriceLine>, PriceError> {
    let mut lines = vec![PriceLine {
        kind: PriceLineKind::Base,
        label: product.name.clone(),
        amount: product.base_price,
    }];
    for item in chosen(product, effective)? {
        match item {
            Chosen::Option { attribute, option } => lines.push(PriceLine {
                kind: PriceLineKind::Option {
                    attribute: attribute.id.clone(),
                    option: option.id.clone(),
                },
                label: Text {
                    de: format!(
                        "{}: {}",
                        attribute.label.get(Lang::De),
                        option.label.get(Lang::De)
                    ),
                    en: format!(
                        "{}: {}",
                        attribute.label.get(Lang::En),
                        option.label.get(Lang::En)
                    ),
                },
                amount: option.price,
            }),
            Chosen::Text {
                attribute,
                spec,
                text,
            } => {
                lines.push(PriceLine {
                    kind: PriceLineKind::TextSurcharge {
                        attribute: attribute.id.clone(),
                    },
                    label: attribute.label.clone(),
                    amount: spec.surcharge,
                });
                let chars = text.chars().filter(|c| !c.is_whitespace()).count();
                let chars = u32::try_from(chars).map_err(|_| PriceError::Overflow)?;
                let amount = spec
                    .price_per_char
                    .checked_mul(Minor::from(chars))
                    .ok_or(PriceError::Overflow)?;
                lines.push(PriceLine {
                    kind: PriceLineKind::TextChars {
                        attribute: attribute.id.clone(),
                        chars,
                    },
                    label: chars_label(&attribute.label, chars),
                    amount,
                });
            }
        }
    }
    for (index, (rule, cond)) in product.price_rules.iter().zip(conditions).enumerate() {
        if crate::rules::holds(cond, product, effective) {
            lines.push(PriceLine {
                kind: PriceLineKind::PriceRule { index },
                label: rule.label.clone(),
                amount: rule.amount,
            });
        }
    }
    lines.retain(|line| line.kind == PriceLineKind::Base || line.amount != 0);
    Ok(lines)
}

fn chars_label(attribute: &Text, chars: u32) -> Text {
    let (de, en) = if chars == 1 {
        ("Zeichen", "character")
    } else {
        ("Zeichen", "characters")
    };
    Text {
        de: format!("{}: {chars} {de}", attribute.get(Lang::De)),
        en: format!("{}: {chars} {en}", attribute.get(Lang::En)),
    }
}

/// The lowest unit price of the product ignoring all rules (visibility,
/// constraints, tables, price rules) and quantity tiers: base price + the
/// cheapest option of every required choice + the cheapest negative option of
/// every optional choice + the `min` cheapest options of every multi-choice
/// (plus any further negative ones up to `max`) + the surcharge of every
/// required text (a text may consist of spaces only, which are free).
///
/// It is the lower bound shown as the "from" price; it ignores rules, so a
/// rule that hides a required attribute or a discount rule can make the real
/// minimum lower, and constraints usually make it higher (the solver may
/// refine it). Saturates instead of overflowing.
pub fn from_price(product: &Product, _vat_rate_bp: u32) -> Minor {
    let mut total = product.base_price;
    for attribute in &product.attributes {
        let add = match &attribute.kind {
            AttributeKind::Choice { required, options } => {
                let cheapest = options.iter().map(|o| o.price).min().unwrap_or(0);
                if *required {
                    cheapest
                } else {
                    cheapest.min(0)
                }
            }
            AttributeKind::Multi { min, max, options } => {
                let mut prices: Vec<Minor> = options.iter().map(|o| o.price).collect();
                prices.sort_unstable();
                let max = max.map_or(prices.len(), |m| m as usize);
                prices
                    .iter()
                    .enumerate()
                    .take(max)
                    .filter(|(i, price)| *i < *min as usize || **price < 0)
                    .fold(0 as Minor, |sum, (_, price)| sum.saturating_add(*price))
            }
            AttributeKind::Text(spec) if spec.required => spec.surcharge.saturating_add(
                spec.price_per_char
                    .min(0)
                    .saturating_mul(Minor::from(spec.max_len)),
            ),
            AttributeKind::Text(_) | AttributeKind::Number(_) => 0,
        };
        total = total.saturating_add(add);
    }
    total
}
