//! Canonical source text for rule syntax trees. What the parser produces
//! prints back to text that parses to the same tree.
//!
//! Trees the parser never produces print as equivalent text instead:
//! `Cond::True` and an empty `And` print as `0 == 0`, an empty `Or` and an
//! `In` without options as `0 != 0`, a one-element `And`/`Or` as its element.

use super::ast::{CmpOp, Cond, Literal, NumExpr, Statement};
use super::lexer::{is_number_shaped, is_plain_id};
use std::fmt::{self, Display, Formatter, Write};

/// The canonical source text of a condition.
pub fn display_cond(cond: &Cond) -> String {
    cond.to_string()
}

impl Display for Statement {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Statement::Requires(a, b) => write!(f, "{a} requires {b}"),
            Statement::Excludes(a, b) => write!(f, "{a} excludes {b}"),
            Statement::VisibleIf { attribute, cond } => {
                write!(f, "{} visible if {cond}", Id(attribute))
            }
            Statement::Default {
                attribute,
                value,
                cond,
            } => {
                write!(f, "default {} = {value}", Id(attribute))?;
                match cond {
                    Some(cond) => write!(f, " if {cond}"),
                    None => Ok(()),
                }
            }
            Statement::Always(cond) => write!(f, "{cond}"),
        }
    }
}

impl Display for Literal {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Literal::Id(id) => write!(f, "{}", Id(id)),
            Literal::Number(m) => write!(f, "{m}"),
        }
    }
}

impl Display for Cond {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write_cond(f, self, Level::Disjunction)
    }
}

impl Display for NumExpr {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write_num(f, self, 1)
    }
}

/// An attribute id (or an option id where a NUMBER would not be an option),
/// quoted unless it lexes as a plain id.
struct Id<'a>(&'a str);

impl Display for Id<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if is_plain_id(self.0) {
            return f.write_str(self.0);
        }
        f.write_char('"')?;
        for c in self.0.chars() {
            if matches!(c, '"' | '\\') {
                f.write_char('\\')?;
            }
            f.write_char(c)?;
        }
        f.write_char('"')
    }
}

/// An option id in a list or after `has`, where a NUMBER is taken as written.
struct OptionId<'a>(&'a str);

impl Display for OptionId<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if is_number_shaped(self.0) {
            f.write_str(self.0)
        } else {
            write!(f, "{}", Id(self.0))
        }
    }
}

/// How loosely a condition binds, loosest first.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Disjunction,
    Conjunction,
    Unary,
}

/// The level a condition prints at.
fn level(cond: &Cond) -> Level {
    match cond {
        Cond::Or(parts) if parts.len() >= 2 => Level::Disjunction,
        Cond::And(parts) if parts.len() >= 2 => Level::Conjunction,
        Cond::And(parts) | Cond::Or(parts) if parts.len() == 1 => level(&parts[0]),
        _ => Level::Unary,
    }
}

/// Writes `cond` where a condition of at least `context` tightness is
/// expected, adding parentheses when it binds more loosely.
fn write_cond(f: &mut Formatter<'_>, cond: &Cond, context: Level) -> fmt::Result {
    if level(cond) < context {
        f.write_char('(')?;
        write_cond(f, cond, Level::Disjunction)?;
        return f.write_char(')');
    }
    match cond {
        Cond::True => f.write_str("0 == 0"),
        Cond::And(parts) if parts.is_empty() => f.write_str("0 == 0"),
        Cond::Or(parts) if parts.is_empty() => f.write_str("0 != 0"),
        Cond::And(parts) | Cond::Or(parts) if parts.len() == 1 => write_cond(f, &parts[0], context),
        Cond::And(parts) => write_joined(f, parts, " and ", Level::Unary),
        Cond::Or(parts) => write_joined(f, parts, " or ", Level::Conjunction),
        Cond::Not(inner) => write_not(f, inner),
        Cond::In { attribute, options } => write_in(f, attribute, options, false),
        Cond::Has { attribute, option } => {
            write!(f, "{} has {}", Id(attribute), OptionId(option))
        }
        Cond::IsSet { attribute } => write!(f, "{} is set", Id(attribute)),
        Cond::Compare { left, op, right } => write_compare(f, left, *op, right),
    }
}

fn write_joined(f: &mut Formatter<'_>, parts: &[Cond], sep: &str, each: Level) -> fmt::Result {
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            f.write_str(sep)?;
        }
        // A nested conjunction/disjunction keeps its own parentheses so the
        // tree shape survives the round trip.
        let needs_parens = level(part) <= each && level(part) != Level::Unary;
        if needs_parens {
            f.write_char('(')?;
            write_cond(f, part, Level::Disjunction)?;
            f.write_char(')')?;
        } else {
            write_cond(f, part, each)?;
        }
    }
    Ok(())
}

fn write_not(f: &mut Formatter<'_>, inner: &Cond) -> fmt::Result {
    match inner {
        Cond::In { attribute, options } if !options.is_empty() => {
            write_in(f, attribute, options, true)
        }
        Cond::IsSet { attribute } => write!(f, "{} is empty", Id(attribute)),
        _ => {
            f.write_str("not ")?;
            write_cond(f, inner, Level::Unary)
        }
    }
}

fn write_in(
    f: &mut Formatter<'_>,
    attribute: &str,
    options: &[String],
    negated: bool,
) -> fmt::Result {
    match options {
        [] => f.write_str("0 != 0"),
        [single] if !is_number_shaped(single) => {
            let op = if negated { "!=" } else { "=" };
            write!(f, "{} {op} {}", Id(attribute), Id(single))
        }
        _ => {
            let keyword = if negated { "not in" } else { "in" };
            write!(f, "{} {keyword} (", Id(attribute))?;
            for (i, option) in options.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{}", OptionId(option))?;
            }
            f.write_char(')')
        }
    }
}

fn write_compare(f: &mut Formatter<'_>, left: &NumExpr, op: CmpOp, right: &NumExpr) -> fmt::Result {
    let both_attrs = matches!(left, NumExpr::Attr(_)) && matches!(right, NumExpr::Attr(_));
    let op_text = match op {
        CmpOp::Lt => "<",
        CmpOp::Le => "<=",
        CmpOp::Gt => ">",
        CmpOp::Ge => ">=",
        // `a = b` with an id on the right would be an option test.
        CmpOp::Eq if both_attrs => "==",
        CmpOp::Eq => "=",
        CmpOp::Ne => "!=",
    };
    if both_attrs && op == CmpOp::Ne {
        // `a != b` would be an option test; `(a) != b` is a comparison.
        f.write_char('(')?;
        write_num(f, left, 1)?;
        f.write_char(')')?;
    } else {
        write_num(f, left, 1)?;
    }
    write!(f, " {op_text} ")?;
    write_num(f, right, 1)
}

/// Binding strength: 1 for `+`/`-`, 2 for `*`, 3 for the rest.
fn precedence(expr: &NumExpr) -> u8 {
    match expr {
        NumExpr::Add(..) | NumExpr::Sub(..) => 1,
        NumExpr::Mul(..) => 2,
        NumExpr::Const(_) | NumExpr::Attr(_) | NumExpr::Neg(_) => 3,
    }
}

fn write_num(f: &mut Formatter<'_>, expr: &NumExpr, min_precedence: u8) -> fmt::Result {
    if precedence(expr) < min_precedence {
        f.write_char('(')?;
        write_num(f, expr, 1)?;
        return f.write_char(')');
    }
    match expr {
        NumExpr::Const(m) => write!(f, "{m}"),
        NumExpr::Attr(id) => write!(f, "{}", Id(id)),
        NumExpr::Add(a, b) | NumExpr::Sub(a, b) => {
            let op = if matches!(expr, NumExpr::Add(..)) {
                "+"
            } else {
                "-"
            };
            write_num(f, a, 1)?;
            write!(f, " {op} ")?;
            write_num(f, b, 2)
        }
        NumExpr::Mul(a, b) => {
            write_num(f, a, 2)?;
            f.write_str(" * ")?;
            write_num(f, b, 3)
        }
        NumExpr::Neg(inner) => match inner.as_ref() {
            // `-0` reads back as the constant 0 (nothing to negate), and
            // costs no level of nesting where `-(0)` would cost two.
            NumExpr::Const(m) if m.0 == 0 => f.write_str("- -0"),
            // `-5` would read back as the constant -5.
            NumExpr::Const(m) if m.0 > 0 => write!(f, "-({m})"),
            NumExpr::Const(_) | NumExpr::Neg(_) => {
                f.write_str("- ")?;
                write_num(f, inner, 3)
            }
            _ => {
                f.write_char('-')?;
                write_num(f, inner, 3)
            }
        },
    }
}
