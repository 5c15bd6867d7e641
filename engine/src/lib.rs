//! Atelier's configuration engine: the catalog model, the rule language, the
//! no-dead-end solver with explanations, pricing and the delivery estimate.
//!
//! Pure: no I/O, no clock, no randomness. It compiles natively for the server
//! and to wasm32 for the browser, and both run the same code.

pub mod check;
pub mod delivery;
pub mod diff;
pub mod input;
pub mod model;
pub mod pricing;
pub mod query;
pub mod renault;
pub mod rules;
pub mod selection;
pub mod solver;
pub mod table_csv;
pub mod validate;
pub mod xcsp;

pub use model::{Catalog, Lang, Milli, Minor, Product, Text};
pub use selection::{Selection, Value};
