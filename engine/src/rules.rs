//! The rule language marketing types: parsing into [`ast`] and evaluation.

pub mod ast;
