//! Components shared by several pages.

mod hidden_inputs;
pub mod layout;
pub mod preview;

pub use hidden_inputs::hidden_inputs;
