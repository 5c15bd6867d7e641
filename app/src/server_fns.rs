//! Server functions, grouped by area. Bodies stay thin: they take what they
//! need from context (see [`crate::state`]) and call `engine`.

pub mod cart;
pub mod catalog;
pub mod configurator;
pub mod orders;
