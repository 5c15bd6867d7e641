//! Warnings about texts missing in one language, or required texts that
//! are empty in both.

use super::ids::key;
use super::{Problem, Problems};
use crate::model::{AttributeKind, Catalog, Product, Text};

/// Every text with a German or English side missing while the other is
/// present, and every required name or label that is empty in both
/// languages. These are warnings: the shop falls back to the other language.
pub fn missing_translations(catalog: &Catalog) -> Vec<Problem> {
    let mut out = Problems::default();
    let line_ids: Vec<&str> = catalog
        .production_lines
        .iter()
        .map(|l| l.id.as_str())
        .collect();
    for (index, line) in catalog.production_lines.iter().enumerate() {
        let path = format!("production_lines[{}].name", key(&line_ids, index));
        check(&mut out, &line.name, &path, true);
    }
    let component_ids: Vec<&str> = catalog.components.iter().map(|c| c.id.as_str()).collect();
    for (index, component) in catalog.components.iter().enumerate() {
        let path = format!("components[{}].name", key(&component_ids, index));
        check(&mut out, &component.name, &path, true);
    }
    let product_ids: Vec<&str> = catalog.products.iter().map(|p| p.id.as_str()).collect();
    for (index, product) in catalog.products.iter().enumerate() {
        let path = format!("products[{}]", key(&product_ids, index));
        check_product(&mut out, product, &path);
    }
    out.0
}

fn check_product(out: &mut Problems, p: &Product, path: &str) {
    check(out, &p.name, &format!("{path}.name"), true);
    check(out, &p.description, &format!("{path}.description"), false);
    let group_ids: Vec<&str> = p.groups.iter().map(|g| g.id.as_str()).collect();
    for (index, group) in p.groups.iter().enumerate() {
        let group_path = format!("{path}.groups[{}].label", key(&group_ids, index));
        check(out, &group.label, &group_path, true);
    }
    let attribute_ids: Vec<&str> = p.attributes.iter().map(|a| a.id.as_str()).collect();
    for (index, attribute) in p.attributes.iter().enumerate() {
        let attribute_path = format!("{path}.attributes[{}]", key(&attribute_ids, index));
        check(
            out,
            &attribute.label,
            &format!("{attribute_path}.label"),
            true,
        );
        check(
            out,
            &attribute.help,
            &format!("{attribute_path}.help"),
            false,
        );
        for (option_index, option) in attribute.kind.options().iter().enumerate() {
            let option_path = format!("{attribute_path}.options[{option_index}]");
            check(out, &option.label, &format!("{option_path}.label"), true);
            check(
                out,
                &option.description,
                &format!("{option_path}.description"),
                false,
            );
        }
        if let AttributeKind::Text(spec) = &attribute.kind {
            for (font_index, font) in spec.fonts.iter().enumerate() {
                let font_path = format!("{attribute_path}.fonts[{font_index}].label");
                check(out, &font.label, &font_path, true);
            }
        }
    }
    for (index, rule) in p.rules.iter().enumerate() {
        check(
            out,
            &rule.message,
            &format!("{path}.rules[{index}].message"),
            false,
        );
    }
    let table_ids: Vec<&str> = p.tables.iter().map(|t| t.id.as_str()).collect();
    for (index, table) in p.tables.iter().enumerate() {
        let table_path = format!("{path}.tables[{}].message", key(&table_ids, index));
        check(out, &table.message, &table_path, false);
    }
    for (index, price_rule) in p.price_rules.iter().enumerate() {
        check(
            out,
            &price_rule.label,
            &format!("{path}.price_rules[{index}].label"),
            true,
        );
    }
}

/// Warns about one text; `required` texts must not be empty in both languages.
fn check(out: &mut Problems, text: &Text, path: &str, required: bool) {
    let (de, en) = (text.de.trim().is_empty(), text.en.trim().is_empty());
    match (de, en) {
        (true, true) if required => out.push(path, "empty in both German and English"),
        (true, false) => out.push(path, "missing German translation"),
        (false, true) => out.push(path, "missing English translation"),
        _ => {}
    }
}
