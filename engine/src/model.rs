//! The catalog document: what marketing edits and publishes.
//!
//! A [`Catalog`] is one versioned document (JSON, or TOML for hand-written
//! files). Amounts are integer minor units of the catalog's currency and are
//! gross prices (VAT included), as shown to consumers. Measurements are
//! [`Milli`] fixed-point decimals. Decoding never panics; semantic checks live
//! in [`crate::validate`].

use serde::{Deserialize, Serialize};

mod attribute_repr;

/// The document schema this engine reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

/// Money in integer minor units (cents for EUR).
pub type Minor = i64;

/// A whole catalog version: products, the components they consume and the
/// production lines that make them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    /// Schema version of the document, [`SCHEMA_VERSION`].
    pub schema: u32,
    /// ISO 4217 currency code of every amount in the document.
    #[serde(default = "default_currency")]
    pub currency: String,
    /// VAT rate in basis points (1900 = 19 %); prices are VAT-inclusive.
    #[serde(default = "default_vat_rate_bp")]
    pub vat_rate_bp: u32,
    #[serde(default)]
    pub production_lines: Vec<ProductionLine>,
    #[serde(default)]
    pub components: Vec<Component>,
    pub products: Vec<Product>,
}

fn default_currency() -> String {
    "EUR".to_owned()
}

fn default_vat_rate_bp() -> u32 {
    1900
}

fn default_true() -> bool {
    true
}

/// A text in both shop languages. A missing translation is a catalog-check
/// warning, not a decoding error.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    #[serde(default)]
    pub de: String,
    #[serde(default)]
    pub en: String,
}

/// The languages Atelier speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    De,
    En,
}

impl Lang {
    /// Both languages, German first (the shop's default).
    pub const ALL: [Lang; 2] = [Lang::De, Lang::En];

    /// The BCP 47 code: `de` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }

    /// The language's name in itself: `Deutsch`, `English`.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::De => "Deutsch",
            Lang::En => "English",
        }
    }

    /// The language of a code such as `de`, `en-GB` or `DE-at`.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "de" => Some(Lang::De),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The best language for an `Accept-Language` header value, by weight.
    pub fn negotiate(accept_language: &str) -> Option<Lang> {
        accept_language
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.split(';');
                let lang = Lang::from_code(pieces.next()?)?;
                let q = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
                (q > 0.0).then_some((lang, q))
            })
            .fold(None, |best: Option<(Lang, f32)>, (lang, q)| match best {
                Some((_, best_q)) if best_q >= q => best,
                _ => Some((lang, q)),
            })
            .map(|(lang, _)| lang)
    }
}

impl Text {
    /// The text in `lang`, falling back to the other language when missing.
    pub fn get(&self, lang: Lang) -> &str {
        let (first, second) = match lang {
            Lang::De => (&self.de, &self.en),
            Lang::En => (&self.en, &self.de),
        };
        if first.is_empty() {
            second
        } else {
            first
        }
    }

    /// Drops the other language's text where `lang` has its own, so that
    /// [`Text::get`] in `lang` reads the same with less to send.
    pub fn keep_only(&mut self, lang: Lang) {
        let (own, other) = match lang {
            Lang::De => (&self.de, &mut self.en),
            Lang::En => (&self.en, &mut self.de),
        };
        if !own.is_empty() {
            other.clear();
        }
    }
}

/// A production line (workshop) that makes products.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductionLine {
    pub id: String,
    pub name: Text,
}

/// A component (material, part) that options consume.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Component {
    pub id: String,
    pub name: Text,
}

/// A configurable product.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Product {
    /// Stable id, used in URLs (`/p/{id}`).
    pub id: String,
    pub name: Text,
    #[serde(default)]
    pub description: Text,
    /// Path of a product image under `public/`, if any.
    #[serde(default)]
    pub image: Option<String>,
    /// Which drawing the live preview makes of it (`car`, `ring`, `shirt`);
    /// none: the drawing named like the product's id, else a tile of the
    /// chosen swatches. See [`Product::drawing_name`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drawing: Option<String>,
    /// Gross base price in minor units.
    pub base_price: Minor,
    /// Id of the [`ProductionLine`] that makes it.
    pub production_line: String,
    /// Working days of production for the base product.
    pub base_days: u32,
    /// Working days from dispatch to the customer.
    #[serde(default = "default_shipping_days")]
    pub shipping_days: u32,
    /// Attribute groups in display order; attributes name their group.
    #[serde(default)]
    pub groups: Vec<Group>,
    /// Attributes in display order.
    pub attributes: Vec<Attribute>,
    /// Rules in the rule language (see [`crate::rules`]).
    #[serde(default)]
    pub rules: Vec<Rule>,
    /// Tables of allowed combinations.
    #[serde(default)]
    pub tables: Vec<Table>,
    /// Conditional surcharges and discounts.
    #[serde(default)]
    pub price_rules: Vec<PriceRule>,
    /// Per-unit discounts by ordered quantity.
    #[serde(default)]
    pub quantity_tiers: Vec<QuantityTier>,
}

fn default_shipping_days() -> u32 {
    2
}

/// A heading that groups attributes in the configurator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub id: String,
    pub label: Text,
}

/// One thing the customer decides.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "attribute_repr::AttributeRepr")]
pub struct Attribute {
    /// Stable id, used as URL key and in rules.
    pub id: String,
    pub label: Text,
    /// Help text shown beside the attribute.
    #[serde(default)]
    pub help: Text,
    /// Id of the [`Group`] this attribute is shown in.
    #[serde(default)]
    pub group: Option<String>,
    /// The part of the product's drawing it decides (`paint`, `collar`);
    /// none: its id. See [`Attribute::drawing_role`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drawing: Option<String>,
    #[serde(flatten)]
    pub kind: AttributeKind,
}

/// What kind of value an attribute takes, written beside the attribute's
/// other fields (`"kind": "choice"`, then the choice's own fields).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AttributeKind {
    /// Exactly one of the options; an optional choice may also stay empty.
    Choice {
        #[serde(default = "default_true")]
        required: bool,
        options: Vec<AttrOption>,
    },
    /// Between `min` and `max` (default: all) of the options.
    Multi {
        #[serde(default)]
        min: u32,
        #[serde(default)]
        max: Option<u32>,
        options: Vec<AttrOption>,
    },
    /// Free text such as an engraving.
    Text(TextSpec),
    /// A measurement.
    Number(NumberSpec),
}

/// One value of a choice or multi-choice attribute.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttrOption {
    /// Stable id, used as URL value and in rules.
    pub id: String,
    pub label: Text,
    #[serde(default)]
    pub description: Text,
    /// Gross price delta in minor units (may be negative).
    #[serde(default)]
    pub price: Minor,
    /// Extra working days of production.
    #[serde(default)]
    pub days: u32,
    /// Swatch colour as `#rrggbb`.
    #[serde(default)]
    pub swatch: Option<String>,
    /// Path of an image under `public/`.
    #[serde(default)]
    pub image: Option<String>,
    /// What the drawing shows for it (`electric`, `sport`, `matte`); none:
    /// its id. See [`AttrOption::drawing_role`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drawing: Option<String>,
    /// Bill of materials: components consumed per unit ordered.
    #[serde(default)]
    pub components: Vec<ComponentUse>,
}

/// A quantity of a component consumed by an option.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComponentUse {
    pub component: String,
    #[serde(default = "default_qty")]
    pub qty: u32,
}

fn default_qty() -> u32 {
    1
}

/// A free-text attribute (engraving, monogram).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextSpec {
    #[serde(default)]
    pub required: bool,
    /// Maximum length in characters (after NFC normalisation).
    pub max_len: u32,
    /// Allowed characters: literal characters and ranges such as `A-Z`; a
    /// `-` first or last is literal. `None` allows letters, digits, spaces
    /// and common punctuation.
    #[serde(default)]
    pub allowed: Option<String>,
    /// Fonts the text can be set in; the first is the default.
    #[serde(default)]
    pub fonts: Vec<Font>,
    /// Gross price per non-space character, minor units.
    #[serde(default)]
    pub price_per_char: Minor,
    /// Gross fixed surcharge when the text is not empty.
    #[serde(default)]
    pub surcharge: Minor,
    /// Extra working days when the text is not empty.
    #[serde(default)]
    pub days: u32,
}

/// A font for a text attribute.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Font {
    pub id: String,
    pub label: Text,
    /// CSS `font-family` used to preview the text.
    pub css: String,
}

/// A measurement attribute.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumberSpec {
    #[serde(default = "default_true")]
    pub required: bool,
    /// Unit shown after the value, such as `cm`.
    pub unit: String,
    pub min: Milli,
    pub max: Milli,
    pub step: Milli,
}

/// A decimal with three places, stored as thousandths (37.5 is `Milli(37_500)`).
/// Written in documents as a JSON number or a string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(into = "MilliRepr")]
pub struct Milli(pub i64);

/// How a [`Milli`] is written: a whole number where it is one.
#[derive(Serialize)]
#[serde(untagged)]
enum MilliRepr {
    Int(i64),
    Float(f64),
}

impl From<Milli> for MilliRepr {
    fn from(m: Milli) -> Self {
        if m.0 % 1000 == 0 {
            MilliRepr::Int(m.0 / 1000)
        } else {
            MilliRepr::Float(m.0 as f64 / 1000.0)
        }
    }
}

/// Reads a number or a decimal string. Written by hand: serde's untagged
/// enums buffer the input first, which costs code in the browser.
impl<'de> Deserialize<'de> for Milli {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(MilliVisitor)
    }
}

struct MilliVisitor;

impl serde::de::Visitor<'_> for MilliVisitor {
    type Value = Milli;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a number or a decimal string")
    }

    fn visit_i64<E: serde::de::Error>(self, i: i64) -> Result<Milli, E> {
        i.checked_mul(1000)
            .map(Milli)
            .ok_or_else(|| E::custom(format!("number {i} is too large")))
    }

    fn visit_u64<E: serde::de::Error>(self, u: u64) -> Result<Milli, E> {
        i64::try_from(u)
            .ok()
            .and_then(|i| i.checked_mul(1000))
            .map(Milli)
            .ok_or_else(|| E::custom(format!("number {u} is too large")))
    }

    fn visit_f64<E: serde::de::Error>(self, f: f64) -> Result<Milli, E> {
        if f.is_finite() && f.abs() < 1e12 {
            Ok(Milli((f * 1000.0).round() as i64))
        } else {
            Err(E::custom(format!("number {f} is out of range")))
        }
    }

    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Milli, E> {
        Milli::parse(s).map_err(E::custom)
    }
}

impl Milli {
    /// Parses a plain decimal (`37`, `37.5`, `-2.125`; a comma is accepted as
    /// the decimal separator). At most three decimal places.
    pub fn parse(input: &str) -> Result<Self, String> {
        let s = input.trim().replace(',', ".");
        let (neg, digits) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s.as_str()),
        };
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty() || !all_digits(int) || !all_digits(frac) || frac.len() > 3 {
            return Err(format!("'{input}' is not a number"));
        }
        let int: i64 = int
            .parse()
            .ok()
            .filter(|v: &i64| *v < 1_000_000_000_000)
            .ok_or_else(|| format!("'{input}' is too large"))?;
        let frac: i64 = format!("{frac:0<3}").parse().unwrap_or(0);
        let value = int * 1000 + frac;
        Ok(Milli(if neg { -value } else { value }))
    }
}

impl std::fmt::Display for Milli {
    /// Shortest plain decimal: `37`, `37.5`, `-0.125`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (int, frac) = (abs / 1000, abs % 1000);
        if frac == 0 {
            write!(f, "{sign}{int}")
        } else {
            let frac = format!("{frac:03}");
            write!(f, "{sign}{int}.{}", frac.trim_end_matches('0'))
        }
    }
}

/// A constraint or visibility/default rule written in the rule language,
/// with the message shown when it disables something.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Source text, e.g. `engine = v8 requires wheels in (19in, 20in)`.
    pub rule: String,
    /// Shown to the customer when this rule disables a value.
    #[serde(default)]
    pub message: Text,
}

/// A table of allowed combinations over choice attributes (like an ERP
/// variant table). A configuration satisfies it when its values for
/// `attributes` equal one of the `rows`; `*` in a row matches any value and
/// `-` matches an empty optional choice.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    pub id: String,
    pub attributes: Vec<String>,
    pub rows: Vec<Vec<String>>,
    #[serde(default)]
    pub message: Text,
}

/// A conditional surcharge (positive) or discount (negative).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceRule {
    /// Condition in the rule language, e.g. `packages has sport and engine = v8`.
    pub when: String,
    /// Gross amount per unit in minor units.
    pub amount: Minor,
    /// Line shown in the price breakdown.
    pub label: Text,
}

/// A per-unit discount from a minimum quantity on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuantityTier {
    pub min_quantity: u32,
    /// Discount on the unit price in basis points (500 = 5 %).
    pub discount_bp: u32,
}

impl Catalog {
    /// Decodes a JSON document. Never panics.
    pub fn from_json(input: &str) -> Result<Self, String> {
        serde_json::from_str(input).map_err(|e| format!("invalid catalog JSON: {e}"))
    }

    /// Decodes a TOML document. Never panics.
    pub fn from_toml(input: &str) -> Result<Self, String> {
        toml::from_str(input).map_err(|e| format!("invalid catalog TOML: {e}"))
    }

    /// The product with this id.
    pub fn product(&self, id: &str) -> Option<&Product> {
        self.products.iter().find(|p| p.id == id)
    }
}

impl Product {
    /// The attribute with this id.
    pub fn attribute(&self, id: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.id == id)
    }

    /// The drawing the preview makes: [`Product::drawing`], else the id.
    pub fn drawing_name(&self) -> &str {
        self.drawing.as_deref().unwrap_or(&self.id)
    }

    /// The components its options may consume, each once, in id order.
    pub fn component_ids(&self) -> std::collections::BTreeSet<&str> {
        self.attributes
            .iter()
            .flat_map(|a| a.kind.options())
            .flat_map(|o| &o.components)
            .map(|c| c.component.as_str())
            .collect()
    }

    /// The attribute that plays `role` in the drawing.
    pub fn attribute_drawn_as(&self, role: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.drawing_role() == role)
    }

    /// Keeps every customer-facing text in `lang` only (see
    /// [`Text::keep_only`]): what a page in one language hands the browser.
    pub fn keep_language(&mut self, lang: Lang) {
        let texts = [&mut self.name, &mut self.description]
            .into_iter()
            .chain(self.groups.iter_mut().map(|g| &mut g.label))
            .chain(self.rules.iter_mut().map(|r| &mut r.message))
            .chain(self.tables.iter_mut().map(|t| &mut t.message))
            .chain(self.price_rules.iter_mut().map(|r| &mut r.label));
        texts.for_each(|text| text.keep_only(lang));
        for attribute in &mut self.attributes {
            attribute.label.keep_only(lang);
            attribute.help.keep_only(lang);
            match &mut attribute.kind {
                AttributeKind::Choice { options, .. } | AttributeKind::Multi { options, .. } => {
                    for option in options {
                        option.label.keep_only(lang);
                        option.description.keep_only(lang);
                    }
                }
                AttributeKind::Text(spec) => {
                    spec.fonts.iter_mut().for_each(|f| f.label.keep_only(lang));
                }
                AttributeKind::Number(_) => {}
            }
        }
    }
}

impl Attribute {
    /// Its part in the drawing: [`Attribute::drawing`], else the id.
    pub fn drawing_role(&self) -> &str {
        self.drawing.as_deref().unwrap_or(&self.id)
    }
}

impl AttrOption {
    /// An option with only an id and a label: no price, days, swatch,
    /// image, drawing role or components.
    pub fn plain(id: String, label: Text) -> Self {
        AttrOption {
            id,
            label,
            description: Text::default(),
            price: 0,
            days: 0,
            swatch: None,
            image: None,
            drawing: None,
            components: Vec::new(),
        }
    }

    /// What the drawing shows for it: [`AttrOption::drawing`], else the id.
    pub fn drawing_role(&self) -> &str {
        self.drawing.as_deref().unwrap_or(&self.id)
    }
}

impl AttributeKind {
    /// The options of a choice or multi-choice attribute; empty otherwise.
    pub fn options(&self) -> &[AttrOption] {
        match self {
            AttributeKind::Choice { options, .. } | AttributeKind::Multi { options, .. } => options,
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn milli_parses_and_prints() {
        assert_eq!(Milli::parse("37.5"), Ok(Milli(37_500)));
        assert_eq!(Milli::parse("37,25"), Ok(Milli(37_250)));
        assert_eq!(Milli::parse("-0.125"), Ok(Milli(-125)));
        assert!(Milli::parse("1.2345").is_err());
        assert!(Milli::parse("abc").is_err());
        assert!(Milli::parse("").is_err());
        assert!(Milli::parse("1e3").is_err());
        assert_eq!(Milli(37_500).to_string(), "37.5");
        assert_eq!(Milli(-125).to_string(), "-0.125");
        assert_eq!(Milli(40_000).to_string(), "40");
    }

    #[test]
    fn negotiates_language() {
        assert_eq!(Lang::negotiate("en-GB,en;q=0.9,de;q=0.8"), Some(Lang::En));
        assert_eq!(
            Lang::negotiate("fr-FR,fr;q=0.9,de;q=0.5,en;q=0.4"),
            Some(Lang::De)
        );
        assert_eq!(Lang::negotiate("fr,it"), None);
        assert_eq!(Lang::negotiate("de;q=0,en"), Some(Lang::En));
        assert_eq!(Lang::negotiate(""), None);
    }
}
