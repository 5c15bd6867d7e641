//! One module per page.

pub mod configurator;
pub mod home;
pub mod not_found;
