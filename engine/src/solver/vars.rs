//! The solver's variables: how each attribute of a product becomes one or
//! more finite-domain variables, and how values map to value indices.

use super::types::SolveError;
use crate::model::{AttributeKind, Milli, Product};
use crate::rules::ast::Statement;
use crate::selection::Value;
use serde::{Deserialize, Serialize};

/// Largest number grid the solver accepts (values per number attribute).
pub const MAX_GRID: u64 = 10_000;

/// What one variable stands for. Value indices: a choice option `i` is `i`,
/// "no value" is the option count; a multi-choice option is 0 (excluded) or
/// 1 (included); a text is 0 (empty) or 1 (set); a number is its grid index,
/// "no value" the grid size.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VarKind {
    /// A choice attribute.
    Choice { options: u32, none: bool },
    /// One option of a multi-choice attribute.
    MultiOption { option: u32 },
    /// A text attribute (empty or set).
    Text,
    /// A number attribute on the grid `min + i * step`, `i < count`.
    Number {
        min: Milli,
        step: Milli,
        count: u32,
        none: bool,
    },
}

/// One variable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Var {
    /// Index of the attribute in the product.
    pub attribute: u32,
    pub kind: VarKind,
}

impl Var {
    /// Number of values.
    pub fn domain(&self) -> u32 {
        match self.kind {
            VarKind::Choice { options, none } => options + u32::from(none),
            VarKind::MultiOption { .. } | VarKind::Text => 2,
            VarKind::Number { count, none, .. } => count + u32::from(none),
        }
    }

    /// The "no value" index (choice/number with none, multi excluded, text
    /// empty), if the variable has one.
    pub fn none_value(&self) -> Option<u32> {
        match self.kind {
            VarKind::Choice { options, none } => none.then_some(options),
            VarKind::MultiOption { .. } | VarKind::Text => Some(0),
            VarKind::Number { count, none, .. } => none.then_some(count),
        }
    }

    /// Whether a value index means "has a value".
    pub fn is_set(&self, value: u32) -> bool {
        self.none_value() != Some(value)
    }

    /// The number at a grid index.
    pub fn number(&self, value: u32) -> Option<Milli> {
        match self.kind {
            VarKind::Number {
                min, step, count, ..
            } if value < count => Some(Milli(
                min.0
                    .saturating_add(step.0.saturating_mul(i64::from(value))),
            )),
            _ => None,
        }
    }
}

/// All variables of a product.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VarMap {
    pub vars: Vec<Var>,
    /// For each attribute (product order) its variables (multi: one per option).
    pub by_attribute: Vec<Vec<u32>>,
}

/// Why a product's attributes cannot become variables.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VarError {
    /// A number attribute whose grid is empty, not a whole number of steps
    /// or larger than [`MAX_GRID`].
    BadGrid { attribute: String },
}

impl VarMap {
    /// The variables of a product; `statements` are its parsed rules (an
    /// attribute with a visibility rule can be unset).
    pub fn new(product: &Product, statements: &[Statement]) -> Result<VarMap, VarError> {
        let has_visible_if = |id: &str| {
            statements
                .iter()
                .any(|s| matches!(s, Statement::VisibleIf { attribute, .. } if attribute == id))
        };
        let mut vars = Vec::new();
        let mut by_attribute = Vec::new();
        for (a, attr) in product.attributes.iter().enumerate() {
            let a = a as u32;
            let hidden = has_visible_if(&attr.id);
            let mut mine = Vec::new();
            let mut push = |kind| {
                mine.push(vars.len() as u32);
                vars.push(Var { attribute: a, kind });
            };
            match &attr.kind {
                AttributeKind::Choice { required, options } => push(VarKind::Choice {
                    options: options.len() as u32,
                    none: !*required || hidden || options.is_empty(),
                }),
                AttributeKind::Multi { options, .. } => {
                    for o in 0..options.len() as u32 {
                        push(VarKind::MultiOption { option: o });
                    }
                }
                AttributeKind::Text(_) => push(VarKind::Text),
                AttributeKind::Number(spec) => {
                    let span = spec.max.0.checked_sub(spec.min.0);
                    let count = match span {
                        Some(span) if spec.step.0 > 0 && span >= 0 => {
                            Some(span / spec.step.0 + 1).filter(|c| (*c as u64) <= MAX_GRID)
                        }
                        _ => None,
                    };
                    let Some(count) = count else {
                        return Err(VarError::BadGrid {
                            attribute: attr.id.clone(),
                        });
                    };
                    push(VarKind::Number {
                        min: spec.min,
                        step: spec.step,
                        count: count as u32,
                        none: !spec.required || hidden,
                    });
                }
            }
            by_attribute.push(mine);
        }
        Ok(VarMap { vars, by_attribute })
    }

    /// The attribute index of an id.
    pub fn attribute_index(product: &Product, id: &str) -> Option<usize> {
        product.attributes.iter().position(|a| a.id == id)
    }

    /// The fixed value indices a customer value gives an attribute's
    /// variables, as `(var, value)` pairs.
    pub fn fix(
        &self,
        product: &Product,
        attribute: usize,
        value: &Value,
    ) -> Result<Vec<(u32, u32)>, SolveError> {
        let attr = &product.attributes[attribute];
        let vars = &self.by_attribute[attribute];
        let wrong = || SolveError::WrongKind {
            attribute: attr.id.clone(),
        };
        let unknown = |o: &str| SolveError::UnknownOption {
            attribute: attr.id.clone(),
            option: o.to_owned(),
        };
        match (&attr.kind, value) {
            (AttributeKind::Choice { options, .. }, Value::Choice(o)) => {
                let i = options
                    .iter()
                    .position(|x| &x.id == o)
                    .ok_or_else(|| unknown(o))?;
                Ok(vec![(vars[0], i as u32)])
            }
            (AttributeKind::Multi { options, .. }, Value::Multi(set)) => set
                .iter()
                .map(|o| {
                    let i = options
                        .iter()
                        .position(|x| &x.id == o)
                        .ok_or_else(|| unknown(o))?;
                    Ok((vars[i], 1))
                })
                .collect(),
            (AttributeKind::Text(_), Value::Text { text, .. }) => {
                Ok(vec![(vars[0], u32::from(!text.is_empty()))])
            }
            (AttributeKind::Number(_), Value::Number(m)) => {
                let var = &self.vars[vars[0] as usize];
                let VarKind::Number {
                    min, step, count, ..
                } = var.kind
                else {
                    return Err(wrong());
                };
                let off =
                    m.0.checked_sub(min.0)
                        .filter(|d| *d >= 0 && d % step.0 == 0);
                match off.map(|d| d / step.0) {
                    Some(i) if i < i64::from(count) => Ok(vec![(vars[0], i as u32)]),
                    _ => Err(SolveError::OffGrid {
                        attribute: attr.id.clone(),
                        value: *m,
                    }),
                }
            }
            _ => Err(wrong()),
        }
    }
}
