//! Checks of one attribute and its options, fonts and bounds.

use super::ids::{check_ids, PathKey};
use super::Problems;
use crate::input::AllowedChars;
use crate::model::{AttrOption, Attribute, AttributeKind, Catalog, Milli, Product};

pub(super) fn check_attribute(
    out: &mut Problems,
    catalog: &Catalog,
    product: &Product,
    attribute: &Attribute,
    path: &str,
) {
    check_link_key(out, &attribute.id, path);
    if let Some(group) = &attribute.group {
        if !product.groups.iter().any(|g| g.id == *group) {
            out.push(
                format!("{path}.group"),
                format!("group '{group}' does not exist"),
            );
        }
    }
    match &attribute.kind {
        AttributeKind::Choice { options, .. } => {
            if options.is_empty() {
                out.push(
                    format!("{path}.options"),
                    "a choice attribute needs at least one option",
                );
            }
            check_options(out, catalog, options, path);
        }
        AttributeKind::Multi { min, max, options } => {
            if options.is_empty() {
                out.push(
                    format!("{path}.options"),
                    "a multi-choice attribute needs at least one option",
                );
            }
            check_options(out, catalog, options, path);
            let count = u32::try_from(options.len()).unwrap_or(u32::MAX);
            let max_value = max.unwrap_or(count);
            if *min > max_value {
                out.push(
                    format!("{path}.min"),
                    format!("min {min} is greater than max {max_value}"),
                );
            } else if max_value > count {
                out.push(
                    format!("{path}.max"),
                    format!("max {max_value} is greater than the number of options ({count})"),
                );
            }
        }
        AttributeKind::Text(spec) => {
            if spec.max_len == 0 {
                out.push(format!("{path}.max_len"), "max_len must be at least 1");
            }
            if let Some(allowed) = &spec.allowed {
                if let Err(e) = AllowedChars::parse(allowed) {
                    out.push(format!("{path}.allowed"), e);
                }
            }
            let font_ids: Vec<&str> = spec.fonts.iter().map(|f| f.id.as_str()).collect();
            check_ids(
                out,
                &format!("{path}.fonts"),
                "font",
                &font_ids,
                PathKey::Index,
            );
        }
        AttributeKind::Number(spec) => {
            if spec.step <= Milli(0) {
                out.push(
                    format!("{path}.step"),
                    format!("the step {} must be greater than 0", spec.step),
                );
            }
            if spec.min > spec.max {
                out.push(
                    format!("{path}.min"),
                    format!("min {} is greater than max {}", spec.min, spec.max),
                );
            }
        }
    }
}

/// Attribute ids are link keys: they cannot be keys the app reserves.
fn check_link_key(out: &mut Problems, id: &str, path: &str) {
    if crate::query::is_reserved_key(id) || id.ends_with(".font") {
        out.push(
            format!("{path}.id"),
            format!(
                "the id '{id}' clashes with a link key the shop reserves ('qty', 'lang', campaign tags such as 'utm_source' or 'gclid', ids starting with '_' and ending in '.font'); choose another id"
            ),
        );
    }
}

fn check_options(out: &mut Problems, catalog: &Catalog, options: &[AttrOption], path: &str) {
    let ids: Vec<&str> = options.iter().map(|o| o.id.as_str()).collect();
    let list = format!("{path}.options");
    check_ids(out, &list, "option", &ids, PathKey::Index);
    for (index, option) in options.iter().enumerate() {
        let option_path = format!("{list}[{index}]");
        if let Some(swatch) = &option.swatch {
            let is_hex = swatch.len() == 7
                && swatch.starts_with('#')
                && swatch.bytes().skip(1).all(|b| b.is_ascii_hexdigit());
            if !is_hex {
                out.push(
                    format!("{option_path}.swatch"),
                    format!("'{swatch}' is not a colour of the form #rrggbb"),
                );
            }
        }
        for (use_index, component_use) in option.components.iter().enumerate() {
            let use_path = format!("{option_path}.components[{use_index}]");
            if !catalog
                .components
                .iter()
                .any(|c| c.id == component_use.component)
            {
                out.push(
                    format!("{use_path}.component"),
                    format!("component '{}' does not exist", component_use.component),
                );
            }
            if component_use.qty == 0 {
                out.push(format!("{use_path}.qty"), "qty must be at least 1");
            }
        }
    }
}
