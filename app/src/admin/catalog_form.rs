//! The product editor's form: the names of its fields, and applying a
//! posted form to a product of the draft. The page renders the fields by
//! these names and the server applies them, so both read one definition.
//!
//! Fields are named by position: `name.de`, `base_price`, `a2.label.en`
//! (the third attribute), `a2.o0.price` (its first option), `r1.rule`,
//! `t0.csv`, `p0.amount`, `q0.min_quantity`. A field the form does not
//! carry leaves its value as it is. The button pressed (`action`) adds,
//! removes or moves one thing after the fields are applied.

use engine::model::{
    AttrOption, Attribute, AttributeKind, ComponentUse, Milli, NumberSpec, PriceRule, Product,
    QuantityTier, Rule, Table, Text, TextSpec,
};
use engine::pricing::currency_decimals;
use engine::{Catalog, Lang, Minor};

/// Why a form was not applied, and the field to fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormError {
    /// The field's name (also its element id on the page).
    pub field: String,
    pub message: Text,
}

fn refuse(field: &str, de: String, en: String) -> FormError {
    FormError {
        field: field.to_owned(),
        message: Text { de, en },
    }
}

/// The posted fields, looked up by name.
pub struct Fields<'a>(pub &'a [(String, String)]);

impl Fields<'_> {
    /// The first value of `name`, if the form carries it.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn text(&self, prefix: &str, into: &mut Text) {
        if let Some(de) = self.get(&format!("{prefix}.de")) {
            into.de = de.trim().to_owned();
        }
        if let Some(en) = self.get(&format!("{prefix}.en")) {
            into.en = en.trim().to_owned();
        }
    }

    fn string(&self, name: &str, into: &mut String) {
        if let Some(v) = self.get(name) {
            *into = v.trim().to_owned();
        }
    }

    fn optional(&self, name: &str, into: &mut Option<String>) {
        if let Some(v) = self.get(name) {
            let v = v.trim();
            *into = (!v.is_empty()).then(|| v.to_owned());
        }
    }

    fn yes_no(&self, name: &str, into: &mut bool) {
        if let Some(v) = self.get(name) {
            *into = v == "yes";
        }
    }

    fn whole(&self, name: &str, into: &mut u32) -> Result<(), FormError> {
        if let Some(v) = self.get(name) {
            *into = parse_whole(v).ok_or_else(|| {
                refuse(
                    name,
                    format!("„{v}“ ist keine ganze Zahl ab 0."),
                    format!("'{v}' is not a whole number of 0 or more."),
                )
            })?;
        }
        Ok(())
    }

    fn amount(&self, name: &str, currency: &str, into: &mut Minor) -> Result<(), FormError> {
        if let Some(v) = self.get(name) {
            *into = parse_amount(v, currency).ok_or_else(|| {
                refuse(
                    name,
                    format!("„{v}“ ist kein Betrag; bitte so schreiben: 1250,50 oder -20."),
                    format!("'{v}' is not an amount; please write it like 1250.50 or -20."),
                )
            })?;
        }
        Ok(())
    }

    fn measure(&self, name: &str, into: &mut Milli) -> Result<(), FormError> {
        if let Some(v) = self.get(name) {
            *into = Milli::parse(v).map_err(|_| {
                refuse(
                    name,
                    format!("„{v}“ ist keine Zahl (höchstens drei Nachkommastellen)."),
                    format!("'{v}' is not a number (three decimal places at most)."),
                )
            })?;
        }
        Ok(())
    }
}

/// A whole number of 0 or more.
pub fn parse_whole(text: &str) -> Option<u32> {
    text.trim().parse().ok()
}

/// An amount typed in major units (`1250,50`, `-20`, `€ 12.5`, with
/// thousands grouped: `1.234,50`, `1,234.50`) as minor units of
/// `currency`; none when it is not one.
pub fn parse_amount(text: &str, currency: &str) -> Option<Minor> {
    let mut cleaned: String = text
        .trim()
        .trim_start_matches('€')
        .trim_end_matches('€')
        .trim()
        .chars()
        .filter(|c| *c != ' ')
        .collect();
    // With both separators, the last one is the decimal one.
    if let (Some(dot), Some(comma)) = (cleaned.rfind('.'), cleaned.rfind(',')) {
        let grouping = if dot < comma { '.' } else { ',' };
        cleaned.retain(|c| c != grouping);
    }
    let milli = Milli::parse(&cleaned).ok()?.0;
    let decimals = currency_decimals(currency);
    let per_milli = 10i64.pow(3 - decimals.min(3));
    (milli % per_milli == 0).then(|| milli / per_milli)
}

/// An amount in minor units as typed in the form: `1250.50`, `-20.00`.
pub fn amount_text(amount: Minor, currency: &str) -> String {
    let decimals = currency_decimals(currency).min(3);
    let scale = 10u64.pow(decimals);
    let sign = if amount < 0 { "-" } else { "" };
    let (major, minor) = (amount.unsigned_abs() / scale, amount.unsigned_abs() % scale);
    match decimals {
        0 => format!("{sign}{major}"),
        d => format!("{sign}{major}.{minor:0width$}", width = d as usize),
    }
}

/// Basis points as a percentage to type: `1900` is `19`.
pub fn percent_text(bp: u32) -> String {
    Milli(i64::from(bp) * 10).to_string()
}

/// A percentage typed (`19`, `7,5`) as basis points, if it is one from 0 to 100.
pub fn parse_percent(text: &str) -> Option<u32> {
    let milli = Milli::parse(text).ok()?.0;
    (0..=100_000)
        .contains(&milli)
        .then_some(milli)
        .filter(|m| m % 10 == 0)
        .map(|m| (m / 10) as u32)
}

/// Components as typed: `leather:2, thread` (a quantity of 1 may be left out).
pub fn components_text(uses: &[ComponentUse]) -> String {
    uses.iter()
        .map(|u| {
            if u.qty == 1 {
                u.component.clone()
            } else {
                format!("{}:{}", u.component, u.qty)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn parse_components(field: &str, text: &str) -> Result<Vec<ComponentUse>, FormError> {
    text.split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (component, qty) = part.split_once(':').unwrap_or((part, "1"));
            let qty = parse_whole(qty).filter(|q| *q > 0).ok_or_else(|| {
                refuse(
                    field,
                    format!("„{part}“: bitte Bauteil und Menge so schreiben: leder:2"),
                    format!("'{part}': please write a component and quantity like leather:2"),
                )
            })?;
            Ok(ComponentUse {
                component: component.trim().to_owned(),
                qty,
            })
        })
        .collect()
}

/// Kinds of attribute the editor can add, with their labels.
pub const KINDS: [(&str, &str, &str); 4] = [
    ("choice", "Auswahl (eine Option)", "Choice (one option)"),
    ("multi", "Mehrfachauswahl", "Multiple choice"),
    (
        "text",
        "Freitext (z. B. Gravur)",
        "Free text (e.g. engraving)",
    ),
    ("number", "Maß (Zahl)", "Measurement (number)"),
];

/// Applies the posted fields, then the pressed button, to product
/// `product_id` of `catalog`.
pub fn apply(
    catalog: &mut Catalog,
    product_id: &str,
    form: &[(String, String)],
) -> Result<(), FormError> {
    let fields = Fields(form);
    let currency = catalog.currency.clone();
    let product = catalog
        .products
        .iter_mut()
        .find(|p| p.id == product_id)
        .ok_or_else(|| {
            refuse(
                "product",
                "Dieses Produkt gibt es im Entwurf nicht mehr.".into(),
                "This product is no longer in the draft.".into(),
            )
        })?;
    apply_fields(product, &fields, &currency)?;
    if let Some(action) = fields.get("action") {
        apply_action(product, &fields, action)?;
    }
    Ok(())
}

fn apply_fields(product: &mut Product, f: &Fields, currency: &str) -> Result<(), FormError> {
    f.text("name", &mut product.name);
    f.text("description", &mut product.description);
    f.amount("base_price", currency, &mut product.base_price)?;
    f.string("production_line", &mut product.production_line);
    f.whole("base_days", &mut product.base_days)?;
    f.whole("shipping_days", &mut product.shipping_days)?;
    f.optional("image", &mut product.image);
    if let Some(v) = f.get("drawing") {
        // Its own id is what a product without a drawing gets anyway.
        let v = v.trim();
        product.drawing = (!v.is_empty() && v != product.id).then(|| v.to_owned());
    }
    for (i, attribute) in product.attributes.iter_mut().enumerate() {
        apply_attribute(attribute, f, &format!("a{i}"), currency)?;
    }
    for (k, rule) in product.rules.iter_mut().enumerate() {
        f.string(&format!("r{k}.rule"), &mut rule.rule);
        f.text(&format!("r{k}.message"), &mut rule.message);
    }
    for (k, table) in product.tables.iter_mut().enumerate() {
        apply_table(table, f, &format!("t{k}"))?;
    }
    for (k, rule) in product.price_rules.iter_mut().enumerate() {
        f.string(&format!("p{k}.when"), &mut rule.when);
        f.amount(&format!("p{k}.amount"), currency, &mut rule.amount)?;
        f.text(&format!("p{k}.label"), &mut rule.label);
    }
    for (k, tier) in product.quantity_tiers.iter_mut().enumerate() {
        f.whole(&format!("q{k}.min_quantity"), &mut tier.min_quantity)?;
        let name = format!("q{k}.discount");
        if let Some(v) = f.get(&name) {
            tier.discount_bp = parse_percent(v).ok_or_else(|| {
                refuse(
                    &name,
                    format!("„{v}“ ist kein Prozentsatz von 0 bis 100."),
                    format!("'{v}' is not a percentage from 0 to 100."),
                )
            })?;
        }
    }
    Ok(())
}

fn apply_attribute(
    a: &mut Attribute,
    f: &Fields,
    p: &str,
    currency: &str,
) -> Result<(), FormError> {
    f.text(&format!("{p}.label"), &mut a.label);
    f.text(&format!("{p}.help"), &mut a.help);
    f.optional(&format!("{p}.group"), &mut a.group);
    f.optional(&format!("{p}.drawing"), &mut a.drawing);
    match &mut a.kind {
        AttributeKind::Choice { required, options } => {
            f.yes_no(&format!("{p}.required"), required);
            apply_options(options, f, p, currency)?;
        }
        AttributeKind::Multi { min, max, options } => {
            f.whole(&format!("{p}.min"), min)?;
            let name = format!("{p}.max");
            if let Some(v) = f.get(&name) {
                *max = match v.trim() {
                    "" => None,
                    v => Some(parse_whole(v).ok_or_else(|| {
                        refuse(
                            &name,
                            format!("„{v}“ ist keine ganze Zahl (leer: alle)."),
                            format!("'{v}' is not a whole number (empty: all)."),
                        )
                    })?),
                };
            }
            apply_options(options, f, p, currency)?;
        }
        AttributeKind::Text(spec) => apply_text(spec, f, p, currency)?,
        AttributeKind::Number(spec) => apply_number(spec, f, p)?,
    }
    Ok(())
}

fn apply_options(
    options: &mut [AttrOption],
    f: &Fields,
    p: &str,
    currency: &str,
) -> Result<(), FormError> {
    for (j, option) in options.iter_mut().enumerate() {
        let o = format!("{p}.o{j}");
        f.text(&format!("{o}.label"), &mut option.label);
        f.amount(&format!("{o}.price"), currency, &mut option.price)?;
        f.whole(&format!("{o}.days"), &mut option.days)?;
        f.optional(&format!("{o}.swatch"), &mut option.swatch);
        f.optional(&format!("{o}.drawing"), &mut option.drawing);
        let name = format!("{o}.components");
        if let Some(v) = f.get(&name) {
            option.components = parse_components(&name, v)?;
        }
    }
    Ok(())
}

fn apply_text(spec: &mut TextSpec, f: &Fields, p: &str, currency: &str) -> Result<(), FormError> {
    f.yes_no(&format!("{p}.required"), &mut spec.required);
    f.whole(&format!("{p}.max_len"), &mut spec.max_len)?;
    f.optional(&format!("{p}.allowed"), &mut spec.allowed);
    f.amount(
        &format!("{p}.price_per_char"),
        currency,
        &mut spec.price_per_char,
    )?;
    f.amount(&format!("{p}.surcharge"), currency, &mut spec.surcharge)?;
    f.whole(&format!("{p}.days"), &mut spec.days)
}

fn apply_number(spec: &mut NumberSpec, f: &Fields, p: &str) -> Result<(), FormError> {
    f.yes_no(&format!("{p}.required"), &mut spec.required);
    f.string(&format!("{p}.unit"), &mut spec.unit);
    f.measure(&format!("{p}.min"), &mut spec.min)?;
    f.measure(&format!("{p}.max"), &mut spec.max)?;
    f.measure(&format!("{p}.step"), &mut spec.step)
}

fn apply_table(table: &mut Table, f: &Fields, p: &str) -> Result<(), FormError> {
    f.text(&format!("{p}.message"), &mut table.message);
    let name = format!("{p}.csv");
    if let Some(csv) = f.get(&name) {
        let read = engine::table_csv::table_from_csv(&table.id, csv, table.message.clone())
            .map_err(|e| refuse(&name, e.message(Lang::De), e.message(Lang::En)))?;
        table.attributes = read.attributes;
        table.rows = read.rows;
    }
    Ok(())
}

/// A new id typed into field `name`: lower-case letters, digits and `-`,
/// not yet taken.
fn new_id(f: &Fields, name: &str, taken: impl Fn(&str) -> bool) -> Result<String, FormError> {
    let id = f.get(name).unwrap_or("").trim().to_owned();
    let well_formed = !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !well_formed {
        return Err(refuse(
            name,
            "Bitte eine ID aus Kleinbuchstaben, Ziffern und „-“ angeben (sie steht in Links und Regeln).".into(),
            "Please give an id of lower-case letters, digits and '-' (links and rules use it).".into(),
        ));
    }
    if taken(&id) {
        return Err(refuse(
            name,
            format!("Die ID „{id}“ gibt es schon."),
            format!("The id '{id}' is taken already."),
        ));
    }
    Ok(id)
}

/// The label typed for a new thing, in both languages until translated.
fn new_label(f: &Fields, name: &str, id: &str) -> Text {
    let typed = f.get(name).unwrap_or("").trim();
    let label = if typed.is_empty() { id } else { typed };
    Text {
        de: label.to_owned(),
        en: label.to_owned(),
    }
}

fn index(part: Option<&str>, len: usize) -> Result<usize, FormError> {
    part.and_then(|i| i.parse().ok())
        .filter(|i| *i < len)
        .ok_or_else(stale_button)
}

fn stale_button() -> FormError {
    refuse(
        "action",
        "Diese Schaltfläche passt nicht mehr zum Entwurf; bitte die Seite neu laden.".into(),
        "This button no longer matches the draft; please reload the page.".into(),
    )
}

fn apply_action(product: &mut Product, f: &Fields, action: &str) -> Result<(), FormError> {
    let mut parts = action.split(':');
    let verb = parts.next().unwrap_or("");
    let (first, second) = (parts.next(), parts.next());
    match verb {
        "save" => {}
        "add-attribute" => {
            let id = new_id(f, "new_attribute.id", |id| {
                product.attributes.iter().any(|a| a.id == id)
            })?;
            let kind = match f.get("new_attribute.kind").unwrap_or("choice") {
                "multi" => AttributeKind::Multi {
                    min: 0,
                    max: None,
                    options: Vec::new(),
                },
                "text" => AttributeKind::Text(TextSpec {
                    required: false,
                    max_len: 20,
                    allowed: None,
                    fonts: Vec::new(),
                    price_per_char: 0,
                    surcharge: 0,
                    days: 0,
                }),
                "number" => AttributeKind::Number(NumberSpec {
                    required: true,
                    unit: "cm".into(),
                    min: Milli(1000),
                    max: Milli(100_000),
                    step: Milli(1000),
                }),
                _ => AttributeKind::Choice {
                    required: true,
                    options: Vec::new(),
                },
            };
            product.attributes.push(Attribute {
                label: new_label(f, "new_attribute.label", &id),
                id,
                help: Text::default(),
                group: None,
                drawing: None,
                kind,
            });
        }
        "delete-attribute" => {
            let i = index(first, product.attributes.len())?;
            product.attributes.remove(i);
        }
        "up-attribute" => {
            let i = index(first, product.attributes.len())?;
            if i > 0 {
                product.attributes.swap(i - 1, i);
            }
        }
        "add-option" | "delete-option" | "up-option" => {
            let i = index(first, product.attributes.len())?;
            let field = format!("a{i}.new_option.id");
            let label = format!("a{i}.new_option.label");
            let options = match &mut product.attributes[i].kind {
                AttributeKind::Choice { options, .. } | AttributeKind::Multi { options, .. } => {
                    options
                }
                _ => return Err(stale_button()),
            };
            match verb {
                "add-option" => {
                    let id = new_id(f, &field, |id| options.iter().any(|o| o.id == id))?;
                    let text = new_label(f, &label, &id);
                    options.push(AttrOption::plain(id, text));
                }
                "delete-option" => {
                    let j = index(second, options.len())?;
                    options.remove(j);
                }
                _ => {
                    let j = index(second, options.len())?;
                    if j > 0 {
                        options.swap(j - 1, j);
                    }
                }
            }
        }
        "add-rule" => product.rules.push(Rule {
            rule: f.get("new_rule.rule").unwrap_or("").trim().to_owned(),
            message: Text::default(),
        }),
        "delete-rule" => {
            let k = index(first, product.rules.len())?;
            product.rules.remove(k);
        }
        "add-table" => {
            let id = new_id(f, "new_table.id", |id| {
                product.tables.iter().any(|t| t.id == id)
            })?;
            product.tables.push(Table {
                id,
                attributes: Vec::new(),
                rows: Vec::new(),
                message: Text::default(),
            });
        }
        "delete-table" => {
            let k = index(first, product.tables.len())?;
            product.tables.remove(k);
        }
        "add-price-rule" => product.price_rules.push(PriceRule {
            when: f.get("new_price_rule.when").unwrap_or("").trim().to_owned(),
            amount: 0,
            label: Text::default(),
        }),
        "delete-price-rule" => {
            let k = index(first, product.price_rules.len())?;
            product.price_rules.remove(k);
        }
        "add-tier" => product.quantity_tiers.push(QuantityTier {
            min_quantity: 2,
            discount_bp: 0,
        }),
        "delete-tier" => {
            let k = index(first, product.quantity_tiers.len())?;
            product.quantity_tiers.remove(k);
        }
        _ => return Err(stale_button()),
    }
    Ok(())
}

/// A new product (`new_product.id`, `new_product.name`, `new_product.line`)
/// added to `catalog`, with one attribute to start from; its id.
pub fn add_product(catalog: &mut Catalog, form: &[(String, String)]) -> Result<String, FormError> {
    let f = Fields(form);
    let id = new_id(&f, "new_product.id", |id| {
        catalog.products.iter().any(|p| p.id == id)
    })?;
    let line = f.get("new_product.line").unwrap_or("").trim().to_owned();
    if !catalog.production_lines.iter().any(|l| l.id == line) {
        return Err(refuse(
            "new_product.line",
            "Bitte eine Fertigungslinie wählen.".into(),
            "Please choose a production line.".into(),
        ));
    }
    catalog.products.push(Product {
        name: new_label(&f, "new_product.name", &id),
        id: id.clone(),
        description: Text::default(),
        image: None,
        drawing: None,
        base_price: 0,
        production_line: line,
        base_days: 5,
        shipping_days: 2,
        groups: Vec::new(),
        attributes: Vec::new(),
        rules: Vec::new(),
        tables: Vec::new(),
        price_rules: Vec::new(),
        quantity_tiers: Vec::new(),
    });
    Ok(id)
}

/// The catalog-wide settings form (`vat`, a percentage).
pub fn apply_settings(catalog: &mut Catalog, form: &[(String, String)]) -> Result<(), FormError> {
    let f = Fields(form);
    if let Some(v) = f.get("vat") {
        catalog.vat_rate_bp = parse_percent(v).ok_or_else(|| {
            refuse(
                "vat",
                format!("„{v}“ ist kein Prozentsatz von 0 bis 100."),
                format!("'{v}' is not a percentage from 0 to 100."),
            )
        })?;
    }
    Ok(())
}

/// The element id on the editor page of the thing a catalog-check path
/// (`products[car].attributes[engine].options[2].swatch`) names within
/// `product`, or none when the path is about another product.
pub fn anchor(product: &Product, path: &str) -> Option<String> {
    let rest = path.strip_prefix(&format!("products[{}]", product.id))?;
    let segment = |name: &str| -> Option<&str> {
        let start = rest.find(&format!(".{name}["))? + name.len() + 2;
        rest[start..].split(']').next()
    };
    fn position<'a>(key: &str, mut ids: impl Iterator<Item = &'a str>) -> Option<usize> {
        ids.position(|id| id == key).or_else(|| key.parse().ok())
    }
    if let Some(key) = segment("tables") {
        let k = position(key, product.tables.iter().map(|t| t.id.as_str()))?;
        return Some(format!("t{k}"));
    }
    if let Some(key) = segment("attributes") {
        let i = position(key, product.attributes.iter().map(|a| a.id.as_str()))?;
        return Some(match segment("options") {
            Some(j) => format!("a{i}.o{j}"),
            None => format!("a{i}"),
        });
    }
    for (name, prefix) in [
        ("rules", "r"),
        ("price_rules", "p"),
        ("quantity_tiers", "q"),
    ] {
        if let Some(k) = segment(name) {
            return Some(format!("{prefix}{k}"));
        }
    }
    Some("basics".to_owned())
}

#[cfg(test)]
mod tests;
