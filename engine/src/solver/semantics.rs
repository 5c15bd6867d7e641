//! The contract's arithmetic, evaluated on number values while compiling
//! comparisons (conditions on selections use [`crate::rules::holds`]).

use crate::model::Milli;
use crate::rules::ast::{CmpOp, NumExpr};

/// The value of an expression, `None` when an attribute in it has no value.
/// Arithmetic saturates; `a * b` is `a * b / 1000` in i128.
pub(crate) fn num(expr: &NumExpr, get: &dyn Fn(&str) -> Option<Milli>) -> Option<Milli> {
    let sat = |v: i128| Milli(v.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64);
    Some(match expr {
        NumExpr::Const(m) => *m,
        NumExpr::Attr(a) => get(a)?,
        NumExpr::Add(l, r) => sat(i128::from(num(l, get)?.0) + i128::from(num(r, get)?.0)),
        NumExpr::Sub(l, r) => sat(i128::from(num(l, get)?.0) - i128::from(num(r, get)?.0)),
        NumExpr::Mul(l, r) => sat(i128::from(num(l, get)?.0) * i128::from(num(r, get)?.0) / 1000),
        NumExpr::Neg(e) => sat(-i128::from(num(e, get)?.0)),
    })
}

/// A comparison: holds when either side mentions an attribute without value.
pub(crate) fn compare(
    left: &NumExpr,
    op: CmpOp,
    right: &NumExpr,
    get: &dyn Fn(&str) -> Option<Milli>,
) -> bool {
    match (num(left, get), num(right, get)) {
        (Some(l), Some(r)) => op.holds(l, r),
        _ => true,
    }
}

/// Attribute ids mentioned by an expression, in order of appearance.
pub(crate) fn expr_attributes<'a>(expr: &'a NumExpr, out: &mut Vec<&'a str>) {
    match expr {
        NumExpr::Const(_) => {}
        NumExpr::Attr(a) => {
            if !out.contains(&a.as_str()) {
                out.push(a);
            }
        }
        NumExpr::Add(l, r) | NumExpr::Sub(l, r) | NumExpr::Mul(l, r) => {
            expr_attributes(l, out);
            expr_attributes(r, out);
        }
        NumExpr::Neg(e) => expr_attributes(e, out),
    }
}
