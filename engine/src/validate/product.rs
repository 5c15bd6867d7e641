//! Checks of one product: references, groups, attributes, rules, tables,
//! price rules and quantity tiers.

use super::ids::{check_ids, key, PathKey};
use super::{attributes, rule_refs, tables, Problems};
use crate::model::{Catalog, Product};
use crate::rules::{parse_condition, parse_rule};

pub(super) fn check_product(out: &mut Problems, catalog: &Catalog, p: &Product, path: &str) {
    if p.base_price < 0 {
        out.push(
            format!("{path}.base_price"),
            format!("the base price {} is negative", p.base_price),
        );
    }
    if !catalog
        .production_lines
        .iter()
        .any(|l| l.id == p.production_line)
    {
        out.push(
            format!("{path}.production_line"),
            format!("production line '{}' does not exist", p.production_line),
        );
    }
    let group_ids: Vec<&str> = p.groups.iter().map(|g| g.id.as_str()).collect();
    check_ids(
        out,
        &format!("{path}.groups"),
        "group",
        &group_ids,
        PathKey::Id,
    );

    let attribute_ids: Vec<&str> = p.attributes.iter().map(|a| a.id.as_str()).collect();
    check_ids(
        out,
        &format!("{path}.attributes"),
        "attribute",
        &attribute_ids,
        PathKey::Id,
    );
    for (index, attribute) in p.attributes.iter().enumerate() {
        let attribute_path = format!("{path}.attributes[{}]", key(&attribute_ids, index));
        attributes::check_attribute(out, catalog, p, attribute, &attribute_path);
    }

    for (index, rule) in p.rules.iter().enumerate() {
        let rule_path = format!("{path}.rules[{index}]");
        match parse_rule(&rule.rule) {
            Ok(statement) => rule_refs::check_statement(out, p, &statement, &rule_path),
            Err(e) => out.push(rule_path, e.to_string()),
        }
    }

    let table_ids: Vec<&str> = p.tables.iter().map(|t| t.id.as_str()).collect();
    check_ids(
        out,
        &format!("{path}.tables"),
        "table",
        &table_ids,
        PathKey::Id,
    );
    for (index, table) in p.tables.iter().enumerate() {
        let table_path = format!("{path}.tables[{}]", key(&table_ids, index));
        tables::check_table(out, p, table, &table_path);
    }

    for (index, price_rule) in p.price_rules.iter().enumerate() {
        let when_path = format!("{path}.price_rules[{index}].when");
        match parse_condition(&price_rule.when) {
            Ok(cond) => rule_refs::check_cond(out, p, &cond, &when_path),
            Err(e) => out.push(when_path, e.to_string()),
        }
    }

    let mut previous: Option<u32> = None;
    for (index, tier) in p.quantity_tiers.iter().enumerate() {
        let tier_path = format!("{path}.quantity_tiers[{index}]");
        if let Some(previous) = previous.filter(|prev| tier.min_quantity <= *prev) {
            out.push(
                format!("{tier_path}.min_quantity"),
                format!(
                    "tiers must be in strictly ascending order of min_quantity, but {} follows {previous}",
                    tier.min_quantity
                ),
            );
        }
        previous = Some(tier.min_quantity);
        if tier.discount_bp > 10_000 {
            out.push(
                format!("{tier_path}.discount_bp"),
                format!(
                    "{} basis points is more than 100 % (10000)",
                    tier.discount_bp
                ),
            );
        }
    }
}
