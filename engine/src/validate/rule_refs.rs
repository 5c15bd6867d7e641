//! Checks that every id a parsed rule mentions exists and has the right kind.

use super::Problems;
use crate::model::{Attribute, AttributeKind, Milli, Product};
use crate::rules::ast::{Cond, Literal, NumExpr, Statement};
use crate::rules::literal_option;

/// The kind of an attribute in words, with its article.
fn kind_name(kind: &AttributeKind) -> &'static str {
    match kind {
        AttributeKind::Choice { .. } => "a choice attribute",
        AttributeKind::Multi { .. } => "a multi-choice attribute",
        AttributeKind::Text(_) => "a text attribute",
        AttributeKind::Number(_) => "a number attribute",
    }
}

/// The attribute `id`, or a problem saying it does not exist (with the
/// spaces hint for `chest-waist`).
fn lookup<'a>(
    out: &mut Problems,
    product: &'a Product,
    id: &str,
    path: &str,
) -> Option<&'a Attribute> {
    let found = product.attribute(id);
    if found.is_none() {
        out.push(
            path,
            format!(
                "attribute '{id}' does not exist{}",
                subtraction_hint(product, id)
            ),
        );
    }
    found
}

/// ` (to subtract, write 'chest - waist' with spaces)` when `id` is made of
/// existing attribute ids joined by `-`.
fn subtraction_hint(product: &Product, id: &str) -> String {
    let parts: Vec<&str> = id.split('-').collect();
    let all_attributes = parts.len() >= 2
        && parts
            .iter()
            .all(|part| !part.is_empty() && product.attribute(part).is_some());
    if all_attributes {
        format!(" (to subtract, write '{}' with spaces)", parts.join(" - "))
    } else {
        String::new()
    }
}

pub(super) fn check_statement(
    out: &mut Problems,
    product: &Product,
    statement: &Statement,
    path: &str,
) {
    match statement {
        Statement::Requires(a, b) | Statement::Excludes(a, b) => {
            check_cond(out, product, a, path);
            check_cond(out, product, b, path);
        }
        Statement::VisibleIf { attribute, cond } => {
            lookup(out, product, attribute, path);
            check_cond(out, product, cond, path);
        }
        Statement::Default {
            attribute,
            value,
            cond,
        } => {
            if let Some(found) = lookup(out, product, attribute, path) {
                check_default(out, found, value, path);
            }
            if let Some(cond) = cond {
                check_cond(out, product, cond, path);
            }
        }
        Statement::Always(cond) => check_cond(out, product, cond, path),
    }
}

fn check_default(out: &mut Problems, attribute: &Attribute, value: &Literal, path: &str) {
    let id = &attribute.id;
    match (&attribute.kind, value) {
        (AttributeKind::Choice { options, .. }, _) => {
            if literal_option(options, value).is_none() {
                out.push(
                    path,
                    format!("option '{value}' does not exist in attribute '{id}'"),
                );
            }
        }
        (AttributeKind::Number(spec), Literal::Number(m)) => {
            let on_grid = spec.step > Milli(0)
                && (i128::from(m.0) - i128::from(spec.min.0)) % i128::from(spec.step.0) == 0;
            if *m < spec.min || *m > spec.max || !on_grid {
                out.push(
                    path,
                    format!(
                        "the default {m} is not a possible value of '{id}' (from {} to {} in steps of {})",
                        spec.min, spec.max, spec.step
                    ),
                );
            }
        }
        (AttributeKind::Number(_), Literal::Id(option)) => out.push(
            path,
            format!("'{id}' is a number attribute; its default must be a number, not '{option}'"),
        ),
        (kind, _) => out.push(
            path,
            format!(
                "'{id}' is {}; a default can only be given for a choice or a number attribute",
                kind_name(kind)
            ),
        ),
    }
}

pub(super) fn check_cond(out: &mut Problems, product: &Product, cond: &Cond, path: &str) {
    match cond {
        Cond::True => {}
        Cond::And(parts) | Cond::Or(parts) => {
            parts.iter().for_each(|c| check_cond(out, product, c, path));
        }
        Cond::Not(inner) => check_cond(out, product, inner, path),
        Cond::In { attribute, options } => {
            let Some(found) = lookup(out, product, attribute, path) else {
                return;
            };
            match &found.kind {
                AttributeKind::Choice { options: known, .. } => {
                    for option in options {
                        if !known.iter().any(|o| o.id == *option) {
                            out.push(
                                path,
                                format!("option '{option}' does not exist in attribute '{attribute}'"),
                            );
                        }
                    }
                }
                AttributeKind::Multi { .. } => out.push(
                    path,
                    format!(
                        "'{attribute}' is a multi-choice attribute: write '{attribute} has {}' instead of '=' or 'in'",
                        options.first().map_or("x", String::as_str)
                    ),
                ),
                AttributeKind::Number(_) => {
                    let hint = match options.as_slice() {
                        [other] if product.attribute(other).is_some() => {
                            format!(" (to compare two measurements write '{attribute} == {other}')")
                        }
                        _ => String::new(),
                    };
                    out.push(
                        path,
                        format!("'{attribute}' is a number attribute: compare it with a number, such as '{attribute} >= 40'{hint}"),
                    );
                }
                AttributeKind::Text(_) => out.push(
                    path,
                    format!("'{attribute}' is a text attribute: only 'is set' and 'is empty' apply to it"),
                ),
            }
        }
        Cond::Has { attribute, option } => {
            let Some(found) = lookup(out, product, attribute, path) else {
                return;
            };
            match &found.kind {
                AttributeKind::Multi { options, .. } => {
                    if !options.iter().any(|o| o.id == *option) {
                        out.push(
                            path,
                            format!("option '{option}' does not exist in attribute '{attribute}'"),
                        );
                    }
                }
                AttributeKind::Choice { .. } => out.push(
                    path,
                    format!("'{attribute}' is a choice attribute: write '{attribute} = {option}' instead of 'has'"),
                ),
                kind => out.push(
                    path,
                    format!("'has' needs a multi-choice attribute, but '{attribute}' is {}", kind_name(kind)),
                ),
            }
        }
        Cond::IsSet { attribute } => {
            lookup(out, product, attribute, path);
        }
        Cond::Compare { left, right, .. } => {
            check_num(out, product, left, path);
            check_num(out, product, right, path);
        }
    }
}

fn check_num(out: &mut Problems, product: &Product, expr: &NumExpr, path: &str) {
    match expr {
        NumExpr::Const(_) => {}
        NumExpr::Attr(id) => {
            if let Some(found) = lookup(out, product, id, path) {
                if !matches!(found.kind, AttributeKind::Number(_)) {
                    out.push(
                        path,
                        format!(
                            "'{id}' is {}; only number attributes can be compared or calculated with",
                            kind_name(&found.kind)
                        ),
                    );
                }
            }
        }
        NumExpr::Add(a, b) | NumExpr::Sub(a, b) => {
            check_num(out, product, a, path);
            check_num(out, product, b, path);
        }
        NumExpr::Mul(a, b) => {
            check_num(out, product, a, path);
            check_num(out, product, b, path);
            if mentions_attribute(a) && mentions_attribute(b) {
                out.push(
                    path,
                    format!(
                        "'{expr}' multiplies two measurements; one side of '*' must be a number"
                    ),
                );
            }
        }
        NumExpr::Neg(a) => check_num(out, product, a, path),
    }
}

fn mentions_attribute(expr: &NumExpr) -> bool {
    match expr {
        NumExpr::Const(_) => false,
        NumExpr::Attr(_) => true,
        NumExpr::Add(a, b) | NumExpr::Sub(a, b) | NumExpr::Mul(a, b) => {
            mentions_attribute(a) || mentions_attribute(b)
        }
        NumExpr::Neg(a) => mentions_attribute(a),
    }
}
