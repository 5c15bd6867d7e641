//! The solver's public answers and errors.

use crate::model::{Lang, Milli, Text};
use crate::selection::{Selection, Value};
use serde::{Deserialize, Serialize};

/// The values an attribute can still take in a valid complete configuration
/// that extends the customer's fixed choices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PossibleValues {
    /// Per option (catalog order), and whether the choice can stay empty.
    Choice { options: Vec<bool>, none: bool },
    /// Per option: can it be included, can it be left out.
    Multi {
        include: Vec<bool>,
        exclude: Vec<bool>,
    },
    /// Can the text be set, can it stay empty.
    Text { set: bool, empty: bool },
    /// Possible grid values as sorted maximal inclusive runs, and whether the
    /// number can stay empty.
    Number {
        ranges: Vec<(Milli, Milli)>,
        none: bool,
    },
}

/// One attribute after a customer choice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeState {
    pub id: String,
    pub possible: PossibleValues,
    /// The only possible value, when there is exactly one and it is a value
    /// (not "empty"); texts are never forced (their content is the customer's).
    pub forced: Option<Value>,
    /// The attribute's visibility conditions hold on the effective selection.
    pub visible: bool,
}

/// The state of a configuration after the customer's choices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    /// The customer's fixed choices extend to a valid configuration.
    pub consistent: bool,
    /// When not consistent: the smallest repair; everything below is then
    /// computed for the repaired selection.
    pub repair: Option<Repair>,
    /// Every attribute, in product order.
    pub attributes: Vec<AttributeState>,
    /// Fixed choices plus forced values, defaults and "no value" picks.
    pub effective: Selection,
    /// `effective` is a valid complete configuration.
    pub complete: bool,
}

/// A fixed choice that stands in the way: an attribute, or one included
/// option of a multi-choice attribute.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Conflict {
    pub attribute: String,
    /// The included option, for a multi-choice attribute.
    pub option: Option<String>,
}

/// Which constraint of the product.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConstraintRef {
    /// `Product::rules[index]` (requires, excludes, always or visible-if).
    Rule { index: usize },
    /// The table with this id.
    Table { id: String },
    /// The min/max option count of a multi-choice attribute.
    Cardinality { attribute: String },
    /// A required attribute needs a value while visible.
    Required { attribute: String },
}

/// A constraint involved in a conflict, with the message for the customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleRef {
    pub constraint: ConstraintRef,
    pub message: Text,
}

/// Why a value is not possible, and the smallest way to get it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    /// The fewest fixed choices to give up.
    pub conflicts: Vec<Conflict>,
    /// The selection with the value set and the conflicts removed
    /// (consistent); `None` when no configuration has the value at all.
    pub proposal: Option<Selection>,
    /// The constraints involved.
    pub rules: Vec<RuleRef>,
}

/// The smallest change that makes an inconsistent selection consistent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Repair {
    /// The fixed choices dropped (fewest possible).
    pub dropped: Vec<Conflict>,
    /// The repaired selection; `None` when the product has no valid
    /// configuration at all.
    pub selection: Option<Selection>,
    /// The constraints involved.
    pub rules: Vec<RuleRef>,
}

/// A value asked about: a concrete value, "no value", or leaving a
/// multi-choice option out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    /// A choice option, included multi options, a non-empty text, a number.
    Value { value: Value },
    /// The attribute stays empty.
    NoValue,
    /// A multi-choice option left out.
    Excluded { option: String },
}

/// A short reason why one value is disabled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    pub attribute: String,
    pub target: Target,
    /// The fewest fixed choices to give up (empty: never possible).
    pub conflicts: Vec<Conflict>,
    /// The first constraint involved.
    pub rule: Option<RuleRef>,
}

/// A selection the solver cannot read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SolveError {
    #[error("unknown attribute '{attribute}'")]
    UnknownAttribute { attribute: String },
    #[error("attribute '{attribute}' has no option '{option}'")]
    UnknownOption { attribute: String, option: String },
    #[error("attribute '{attribute}' takes another kind of value")]
    WrongKind { attribute: String },
    #[error("{value} is not an allowed value of '{attribute}'")]
    OffGrid { attribute: String, value: Milli },
}

impl SolveError {
    /// The error in words.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (SolveError::UnknownAttribute { attribute }, Lang::De) => {
                format!("Unbekanntes Merkmal „{attribute}“.")
            }
            (SolveError::UnknownOption { attribute, option }, Lang::De) => {
                format!("„{option}“ ist keine Option von „{attribute}“.")
            }
            (SolveError::WrongKind { attribute }, Lang::De) => {
                format!("„{attribute}“ erwartet eine andere Art von Wert.")
            }
            (SolveError::OffGrid { attribute, value }, Lang::De) => {
                format!("{value} ist kein zulässiger Wert für „{attribute}“.")
            }
            (e, Lang::En) => format!("{e}."),
        }
    }
}

/// One reason a product cannot be compiled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CompileProblem {
    /// No product with this id.
    UnknownProduct { product: String },
    /// The catalog check found an error (path and message as rendered by the
    /// validator).
    Invalid { path: String, message: String },
    /// A rule does not parse.
    Parse {
        rule: usize,
        line: usize,
        column: usize,
        message: String,
    },
    /// A rule or table names an attribute or option the product lacks, or
    /// uses an attribute of the wrong kind.
    BadReference { path: String, name: String },
    /// A number attribute's grid is empty or too large.
    BadGrid { attribute: String },
    /// A table row has the wrong number of cells or an unknown value.
    BadRow { table: String, row: usize },
    /// A numeric comparison ranges over too many value combinations.
    CompareTooLarge { rule: usize, combinations: u64 },
    /// The decision diagram grew past its node budget.
    TooLarge { nodes: usize },
}

/// The product cannot be compiled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("the product cannot be compiled: {problems:?}")]
pub struct CompileError {
    pub problems: Vec<CompileProblem>,
}

impl CompileError {
    pub(crate) fn one(problem: CompileProblem) -> CompileError {
        CompileError {
            problems: vec![problem],
        }
    }

    /// The problems in words, one a line.
    pub fn message(&self, lang: Lang) -> String {
        self.problems
            .iter()
            .map(|p| p.message(lang))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl CompileProblem {
    /// The problem in words.
    pub fn message(&self, lang: Lang) -> String {
        let de = lang == Lang::De;
        match self {
            CompileProblem::UnknownProduct { product } => {
                if de {
                    format!("Unbekanntes Produkt „{product}“")
                } else {
                    format!("unknown product '{product}'")
                }
            }
            CompileProblem::Invalid { path, message } => format!("{path}: {message}"),
            CompileProblem::Parse {
                rule,
                line,
                column,
                message,
            } => {
                format!("rules[{rule}] {line}:{column}: {message}")
            }
            CompileProblem::BadReference { path, name } => {
                if de {
                    format!("{path}: unbekannt oder falsche Art: „{name}“")
                } else {
                    format!("{path}: unknown or of the wrong kind: '{name}'")
                }
            }
            CompileProblem::BadGrid { attribute } => {
                if de {
                    format!("{attribute}: Wertebereich leer oder zu groß")
                } else {
                    format!("{attribute}: number grid empty or too large")
                }
            }
            CompileProblem::BadRow { table, row } => {
                if de {
                    format!("Tabelle {table}, Zeile {row}: ungültig")
                } else {
                    format!("table {table}, row {row}: invalid")
                }
            }
            CompileProblem::CompareTooLarge { rule, combinations } => {
                if de {
                    format!("rules[{rule}]: Vergleich über zu viele Kombinationen ({combinations})")
                } else {
                    format!("rules[{rule}]: comparison over too many combinations ({combinations})")
                }
            }
            CompileProblem::TooLarge { nodes } => {
                if de {
                    format!("Entscheidungsdiagramm zu groß (mehr als {nodes} Knoten)")
                } else {
                    format!("decision diagram too large (over {nodes} nodes)")
                }
            }
        }
    }
}

/// The fixed choices of a selection as seen by the diagram.
pub(crate) type Fixes = Vec<u32>;

/// Marks a free variable in [`Fixes`].
pub(crate) const FREE: u32 = u32::MAX;

/// The default target of [`crate::solver::CompiledProduct::explain`].
pub(crate) fn value_target(value: &Value) -> Target {
    Target::Value {
        value: value.clone(),
    }
}
