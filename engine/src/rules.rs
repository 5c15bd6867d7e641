//! The rule language marketing types: parsing into [`ast`] and evaluation.

pub mod ast;
pub mod eval;

pub use eval::{eval_num, holds, referenced_attributes, statement_attributes};
