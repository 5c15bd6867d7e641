//! Syntax tree of the rule language.
//!
//! The parser ([`super::parse_rule`], [`super::parse_condition`]) produces
//! these; the solver, pricing and the catalog check consume them. Ids are the
//! catalog's attribute and option ids, unresolved: [`crate::validate`] checks
//! that they exist.

use crate::model::Milli;
use serde::{Deserialize, Serialize};

/// One rule: a constraint, a visibility condition or a computed default.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Statement {
    /// `A requires B`: whenever A holds, B must hold.
    Requires(Cond, Cond),
    /// `A excludes B`: A and B never hold together.
    Excludes(Cond, Cond),
    /// `ATTR visible if C`: the attribute is shown only while C holds; while
    /// hidden it has no value, while shown a required attribute needs one.
    VisibleIf { attribute: String, cond: Cond },
    /// `default ATTR = VALUE [if C]`: the value taken when the customer has not
    /// chosen one (and it is possible). Not a constraint.
    Default {
        attribute: String,
        value: Literal,
        cond: Option<Cond>,
    },
    /// A bare condition that must always hold, e.g. `chest - waist >= 8`.
    Always(Cond),
}

/// A value written in a rule: an option id or a number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Literal {
    Id(String),
    Number(Milli),
}

/// A condition on a (partial) configuration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Cond {
    /// Always true (an empty `and`).
    True,
    And(Vec<Cond>),
    Or(Vec<Cond>),
    Not(Box<Cond>),
    /// `a = x`, `a in (x, y)`: a choice attribute has one of these options.
    /// `a != x` and `a not in (..)` are `Not(In ..)`.
    In {
        attribute: String,
        options: Vec<String>,
    },
    /// `a has x`: a multi-choice attribute includes option x.
    Has {
        attribute: String,
        option: String,
    },
    /// `a is set`: the attribute has a value (a chosen option, a non-empty
    /// text, a given measurement, at least one option of a multi-choice).
    /// `a is empty` is `Not(IsSet ..)`.
    IsSet {
        attribute: String,
    },
    /// `left op right` over measurements and numbers. A comparison that
    /// mentions a measurement without a value holds (the rule does not apply).
    Compare {
        left: NumExpr,
        op: CmpOp,
        right: NumExpr,
    },
}

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CmpOp {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

/// An arithmetic expression over number attributes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum NumExpr {
    Const(Milli),
    Attr(String),
    Add(Box<NumExpr>, Box<NumExpr>),
    Sub(Box<NumExpr>, Box<NumExpr>),
    /// Multiplication; at least one side must be a constant.
    Mul(Box<NumExpr>, Box<NumExpr>),
    Neg(Box<NumExpr>),
}

impl CmpOp {
    /// Applies the operator.
    pub fn holds(self, left: Milli, right: Milli) -> bool {
        match self {
            CmpOp::Lt => left < right,
            CmpOp::Le => left <= right,
            CmpOp::Gt => left > right,
            CmpOp::Ge => left >= right,
            CmpOp::Eq => left == right,
            CmpOp::Ne => left != right,
        }
    }
}
