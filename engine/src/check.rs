//! The catalog check run before publishing: the validator's errors, products
//! without any valid configuration, and warnings about options that can
//! never be chosen, attributes with a single possible value, rules that never
//! apply and missing translations. Each finding names the offending field.

use crate::model::{AttributeKind, Catalog, Product};
use crate::rules::ast::Statement;
use crate::solver::{self, CompiledProduct, PossibleValues, RuleFacts};
use crate::validate::{missing_translations, validate, Problem};
use crate::Selection;
use serde::{Deserialize, Serialize};

/// What the check found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckReport {
    /// Publishing is refused while there are errors.
    pub errors: Vec<Problem>,
    /// Worth a look, but the catalog works.
    pub warnings: Vec<Problem>,
}

impl CheckReport {
    /// No errors.
    pub fn is_publishable(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Checks a whole catalog.
pub fn check(catalog: &Catalog) -> CheckReport {
    let mut report = CheckReport {
        errors: validate(catalog),
        warnings: Vec::new(),
    };
    for product in &catalog.products {
        let path = format!("products[{}]", product.id);
        let invalid = report
            .errors
            .iter()
            .any(|p| p.path == path || p.path.starts_with(&format!("{path}.")));
        if !invalid {
            check_product(catalog, product, &path, &mut report);
        }
    }
    report.warnings.extend(missing_translations(catalog));
    report
}

fn problem(path: String, message: String) -> Problem {
    Problem { path, message }
}

fn check_product(catalog: &Catalog, product: &Product, path: &str, report: &mut CheckReport) {
    let (compiled, facts) = match solver::compile_and_analyse(catalog, product) {
        Ok(x) => x,
        Err(e) => {
            for p in &e.problems {
                report
                    .errors
                    .push(problem(path.to_owned(), p.message(crate::Lang::En)));
            }
            return;
        }
    };
    if !compiled.diagram.satisfiable {
        report.errors.push(problem(
            path.to_owned(),
            "no configuration satisfies all rules and tables: customers could never order this product".into(),
        ));
        return;
    }
    attribute_warnings(&compiled, path, &mut report.warnings);
    rule_warnings(&compiled, &facts, path, &mut report.warnings);
}

fn attribute_warnings(compiled: &CompiledProduct, path: &str, out: &mut Vec<Problem>) {
    let Ok(eval) = compiled.evaluate(&Selection::new()) else {
        return;
    };
    for (attr, state) in compiled.product.attributes.iter().zip(&eval.attributes) {
        let apath = format!("{path}.attributes[{}]", attr.id);
        let never = |i: usize, out: &mut Vec<Problem>| {
            let id = &attr.kind.options()[i].id;
            out.push(problem(
                format!("{apath}.options[{i}]"),
                format!("option '{id}' can never be chosen"),
            ));
        };
        let mut values = 0;
        match &state.possible {
            PossibleValues::Choice { options, none } => {
                for (i, ok) in options.iter().enumerate() {
                    if !ok {
                        never(i, out);
                    }
                }
                values = options.iter().filter(|b| **b).count() + usize::from(*none);
            }
            PossibleValues::Multi { include, exclude } => {
                for (i, ok) in include.iter().enumerate() {
                    if !ok {
                        never(i, out);
                    }
                }
                if include.iter().zip(exclude).all(|(i, e)| i != e) {
                    values = 1;
                }
            }
            PossibleValues::Text { set, empty } => values = usize::from(*set) + usize::from(*empty),
            PossibleValues::Number { ranges, none } => {
                values = usize::from(*none)
                    + ranges
                        .iter()
                        .map(|(lo, hi)| usize::from(lo == hi) + 2 * usize::from(lo != hi))
                        .sum::<usize>();
            }
        }
        if values == 1 {
            let what = match (&state.forced, &attr.kind) {
                (Some(v), _) => describe(v),
                (None, AttributeKind::Text(_)) => "a non-empty text".into(),
                (None, _) => "no value".into(),
            };
            out.push(problem(
                apath,
                format!(
                    "attribute '{}' can only take one value ({what}): the customer has no choice",
                    attr.id
                ),
            ));
        }
    }
}

fn describe(value: &crate::Value) -> String {
    match value {
        crate::Value::Choice(o) => format!("'{o}'"),
        crate::Value::Multi(set) => set
            .iter()
            .map(|o| format!("'{o}'"))
            .collect::<Vec<_>>()
            .join(", "),
        crate::Value::Text { text, .. } => format!("'{text}'"),
        crate::Value::Number(m) => m.to_string(),
    }
}

fn rule_warnings(
    compiled: &CompiledProduct,
    facts: &RuleFacts,
    path: &str,
    out: &mut Vec<Problem>,
) {
    for &i in &facts.never_holds {
        let message = match compiled.rules.get(i) {
            Some(Statement::VisibleIf { attribute, .. }) => {
                format!("the condition never holds in a valid configuration: '{attribute}' is always hidden")
            }
            Some(Statement::Default { .. }) => {
                "the condition never holds in a valid configuration: the default never applies"
                    .into()
            }
            _ => {
                "the condition never holds in a valid configuration: the rule never applies".into()
            }
        };
        out.push(problem(format!("{path}.rules[{i}]"), message));
    }
    for &i in &facts.implied {
        out.push(problem(
            format!("{path}.rules[{i}]"),
            "the other rules and tables already imply this rule: it never restricts anything"
                .into(),
        ));
    }
}
