//! The rule language marketing types: parsing into [`ast`], canonical
//! printing and evaluation.
//!
//! Grammar and semantics are those of the engine contract; for example
//! `engine = v8 requires wheels in (19in, 20in)`, `chest - waist >= 8`,
//! `engraving visible if metal in (gold, platinum)`,
//! `default size = 56 if region = eu`.

pub mod ast;
pub mod display;
pub mod eval;
pub mod lexer;
pub mod parser;

pub use display::display_cond;
pub use eval::{eval_num, holds, literal_option, referenced_attributes, statement_attributes};
pub use lexer::{is_id_char, is_keyword, is_plain_id, keywords, KEYWORDS};
pub use parser::{parse_condition, parse_rule, MAX_DEPTH};

/// Why rule source text does not parse: where (1-based line and column, in
/// chars, of the offending token) and what was expected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub struct ParseError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

#[cfg(test)]
mod tests;
