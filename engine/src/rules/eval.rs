//! Evaluation of conditions on a (partial) selection, exactly as the engine
//! contract defines it, and the attribute ids a rule mentions.

use super::ast::{Cond, Literal, NumExpr, Statement};
use super::lexer::is_number_shaped;
use crate::model::{AttrOption, Milli, Product};
use crate::selection::{Selection, Value};

/// Whether `cond` holds on `selection`.
///
/// - `In`: the choice attribute has one of the options (unset: false).
/// - `Has`: the multi-choice attribute includes the option (unset: false).
/// - `IsSet`: a choice is chosen, a multi is non-empty, a text is non-empty,
///   a number is given.
/// - `Compare`: both sides evaluated over [`Milli`]; when any attribute on
///   either side has no (numeric) value the comparison holds.
///
/// `product` is accepted so callers need not care whether the kind of an
/// attribute is needed; the selection's values already carry their kind.
pub fn holds(cond: &Cond, _product: &Product, selection: &Selection) -> bool {
    holds_on(cond, selection)
}

/// [`holds`] without the product, which the semantics do not need.
fn holds_on(cond: &Cond, selection: &Selection) -> bool {
    match cond {
        Cond::True => true,
        Cond::And(parts) => parts.iter().all(|c| holds_on(c, selection)),
        Cond::Or(parts) => parts.iter().any(|c| holds_on(c, selection)),
        Cond::Not(inner) => !holds_on(inner, selection),
        Cond::In { attribute, options } => match selection.get(attribute) {
            Some(Value::Choice(chosen)) => options.iter().any(|o| o == chosen),
            _ => false,
        },
        Cond::Has { attribute, option } => match selection.get(attribute) {
            Some(Value::Multi(chosen)) => chosen.contains(option),
            _ => false,
        },
        Cond::IsSet { attribute } => selection.get(attribute).is_some_and(value_is_set),
        Cond::Compare { left, op, right } => {
            match (eval_num(left, selection), eval_num(right, selection)) {
                (Some(l), Some(r)) => op.holds(l, r),
                _ => true,
            }
        }
    }
}

/// Whether a value counts as "set" for `is set`.
fn value_is_set(value: &Value) -> bool {
    match value {
        Value::Choice(_) | Value::Number(_) => true,
        Value::Multi(options) => !options.is_empty(),
        Value::Text { text, .. } => !text.is_empty(),
    }
}

/// The value of a numeric expression, or `None` when an attribute it mentions
/// has no number. Arithmetic saturates; `a * b` is `a * b / 1000` computed in
/// `i128` (truncated toward zero).
pub fn eval_num(expr: &NumExpr, selection: &Selection) -> Option<Milli> {
    match expr {
        NumExpr::Const(m) => Some(*m),
        NumExpr::Attr(id) => match selection.get(id) {
            Some(Value::Number(m)) => Some(*m),
            _ => None,
        },
        NumExpr::Add(a, b) => {
            let (a, b) = both(a, b, selection)?;
            Some(Milli(a.0.saturating_add(b.0)))
        }
        NumExpr::Sub(a, b) => {
            let (a, b) = both(a, b, selection)?;
            Some(Milli(a.0.saturating_sub(b.0)))
        }
        NumExpr::Mul(a, b) => {
            let (a, b) = both(a, b, selection)?;
            let product = i128::from(a.0) * i128::from(b.0) / 1000;
            Some(Milli(saturate(product)))
        }
        NumExpr::Neg(a) => Some(Milli(eval_num(a, selection)?.0.saturating_neg())),
    }
}

/// Evaluates both operands (both, so that a missing attribute on either side
/// yields `None` regardless of order).
fn both(a: &NumExpr, b: &NumExpr, selection: &Selection) -> Option<(Milli, Milli)> {
    let a = eval_num(a, selection);
    let b = eval_num(b, selection);
    Some((a?, b?))
}

fn saturate(value: i128) -> i64 {
    i64::try_from(value).unwrap_or(if value < 0 { i64::MIN } else { i64::MAX })
}

/// The option a `default` literal names among a choice attribute's
/// `options`: an id literal by its id; a number literal by the option whose
/// id is a number with the same value (`default size = 56` names option
/// `56`, since the parser reads `56` as a number).
pub fn literal_option<'a>(options: &'a [AttrOption], value: &Literal) -> Option<&'a AttrOption> {
    match value {
        Literal::Id(id) => options.iter().find(|o| o.id == *id),
        Literal::Number(m) => options
            .iter()
            .find(|o| is_number_shaped(&o.id) && Milli::parse(&o.id) == Ok(*m)),
    }
}

/// The attribute ids a condition mentions, each once, in order of first
/// appearance.
pub fn referenced_attributes(cond: &Cond) -> Vec<&str> {
    let mut out = Vec::new();
    collect_cond(cond, &mut out);
    out
}

/// The attribute ids a statement mentions (including the attribute a
/// `visible if` or `default` statement is about), each once, in order of
/// first appearance.
pub fn statement_attributes(statement: &Statement) -> Vec<&str> {
    let mut out = Vec::new();
    match statement {
        Statement::Requires(a, b) | Statement::Excludes(a, b) => {
            collect_cond(a, &mut out);
            collect_cond(b, &mut out);
        }
        Statement::VisibleIf { attribute, cond } => {
            push_unique(&mut out, attribute);
            collect_cond(cond, &mut out);
        }
        Statement::Default {
            attribute, cond, ..
        } => {
            push_unique(&mut out, attribute);
            if let Some(cond) = cond {
                collect_cond(cond, &mut out);
            }
        }
        Statement::Always(cond) => collect_cond(cond, &mut out),
    }
    out
}

fn push_unique<'a>(out: &mut Vec<&'a str>, id: &'a str) {
    if !out.contains(&id) {
        out.push(id);
    }
}

fn collect_cond<'a>(cond: &'a Cond, out: &mut Vec<&'a str>) {
    match cond {
        Cond::True => {}
        Cond::And(parts) | Cond::Or(parts) => parts.iter().for_each(|c| collect_cond(c, out)),
        Cond::Not(inner) => collect_cond(inner, out),
        Cond::In { attribute, .. } | Cond::Has { attribute, .. } | Cond::IsSet { attribute } => {
            push_unique(out, attribute)
        }
        Cond::Compare { left, right, .. } => {
            collect_num(left, out);
            collect_num(right, out);
        }
    }
}

fn collect_num<'a>(expr: &'a NumExpr, out: &mut Vec<&'a str>) {
    match expr {
        NumExpr::Const(_) => {}
        NumExpr::Attr(id) => push_unique(out, id),
        NumExpr::Add(a, b) | NumExpr::Sub(a, b) | NumExpr::Mul(a, b) => {
            collect_num(a, out);
            collect_num(b, out);
        }
        NumExpr::Neg(a) => collect_num(a, out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::ast::CmpOp;
    use std::collections::BTreeSet;

    fn product() -> Product {
        serde_json::from_value(serde_json::json!({
            "id": "p", "name": {"de": "P", "en": "P"}, "base_price": 0,
            "production_line": "l", "base_days": 1, "attributes": []
        }))
        .expect("test product decodes")
    }

    fn in_(a: &str, opts: &[&str]) -> Cond {
        Cond::In {
            attribute: a.into(),
            options: opts.iter().map(|o| o.to_string()).collect(),
        }
    }

    fn attr(a: &str) -> Box<NumExpr> {
        Box::new(NumExpr::Attr(a.into()))
    }

    fn selection() -> Selection {
        let mut s = Selection::new();
        s.set("engine", Value::Choice("v8".into()));
        s.set(
            "packages",
            Value::Multi(BTreeSet::from(["sport".to_string()])),
        );
        s.set("empty_multi", Value::Multi(BTreeSet::new()));
        s.set(
            "engraving",
            Value::Text {
                text: String::new(),
                font: "serif".into(),
            },
        );
        s.set("chest", Value::Number(Milli(102_500)));
        s.set("waist", Value::Number(Milli(90_000)));
        s
    }

    #[test]
    fn choice_membership_and_has() {
        let (p, s) = (product(), selection());
        assert!(holds(&in_("engine", &["v6", "v8"]), &p, &s));
        assert!(!holds(&in_("engine", &["v6"]), &p, &s));
        assert!(!holds(&in_("wheels", &["19"]), &p, &s));
        let has = |a: &str, o: &str| Cond::Has {
            attribute: a.into(),
            option: o.into(),
        };
        assert!(holds(&has("packages", "sport"), &p, &s));
        assert!(!holds(&has("packages", "comfort"), &p, &s));
        assert!(!holds(&has("nothing", "sport"), &p, &s));
    }

    #[test]
    fn is_set_by_kind() {
        let (p, s) = (product(), selection());
        let set = |a: &str| Cond::IsSet {
            attribute: a.into(),
        };
        assert!(holds(&set("engine"), &p, &s));
        assert!(holds(&set("packages"), &p, &s));
        assert!(!holds(&set("empty_multi"), &p, &s));
        assert!(!holds(&set("engraving"), &p, &s));
        assert!(holds(&set("chest"), &p, &s));
        assert!(!holds(&set("missing"), &p, &s));
    }

    #[test]
    fn compare_holds_when_unknown() {
        let (p, s) = (product(), selection());
        let diff = NumExpr::Sub(attr("chest"), attr("waist"));
        let ge = |l: NumExpr, r: i64| Cond::Compare {
            left: l,
            op: CmpOp::Ge,
            right: NumExpr::Const(Milli(r)),
        };
        assert!(holds(&ge(diff.clone(), 8_000), &p, &s));
        assert!(!holds(&ge(diff, 20_000), &p, &s));
        let with_missing = NumExpr::Sub(attr("chest"), attr("hips"));
        assert!(holds(&ge(with_missing, 1_000_000), &p, &s));
        // A non-number value counts as no value.
        assert!(holds(&ge(*attr("engine"), 1_000_000), &p, &s));
    }

    #[test]
    fn arithmetic_is_fixed_point_and_saturates() {
        let s = selection();
        let mul = NumExpr::Mul(attr("chest"), Box::new(NumExpr::Const(Milli(1_500))));
        assert_eq!(eval_num(&mul, &s), Some(Milli(153_750)));
        let big = NumExpr::Mul(
            Box::new(NumExpr::Const(Milli(i64::MAX))),
            Box::new(NumExpr::Const(Milli(i64::MAX))),
        );
        assert_eq!(eval_num(&big, &s), Some(Milli(i64::MAX)));
        let neg = NumExpr::Neg(Box::new(NumExpr::Const(Milli(i64::MIN))));
        assert_eq!(eval_num(&neg, &s), Some(Milli(i64::MAX)));
        let add = NumExpr::Add(
            Box::new(NumExpr::Const(Milli(i64::MAX))),
            Box::new(NumExpr::Const(Milli(1))),
        );
        assert_eq!(eval_num(&add, &s), Some(Milli(i64::MAX)));
    }

    #[test]
    fn logic_and_attributes() {
        let (p, s) = (product(), selection());
        let c = Cond::And(vec![
            in_("engine", &["v8"]),
            Cond::Not(Box::new(Cond::Or(vec![
                in_("engine", &["v6"]),
                Cond::Compare {
                    left: NumExpr::Add(attr("chest"), attr("waist")),
                    op: CmpOp::Lt,
                    right: NumExpr::Const(Milli(0)),
                },
            ]))),
        ]);
        assert!(holds(&c, &p, &s));
        assert!(holds(&Cond::True, &p, &s));
        assert!(holds(&Cond::And(vec![]), &p, &s));
        assert!(!holds(&Cond::Or(vec![]), &p, &s));
        assert_eq!(referenced_attributes(&c), vec!["engine", "chest", "waist"]);
        let st = Statement::VisibleIf {
            attribute: "engraving".into(),
            cond: c,
        };
        assert_eq!(
            statement_attributes(&st),
            vec!["engraving", "engine", "chest", "waist"]
        );
    }
}
