//! Components shared by several pages.

mod hidden_inputs;
pub mod layout;
pub mod preview;
mod settled;

pub use hidden_inputs::hidden_inputs;
pub use settled::Settled;
