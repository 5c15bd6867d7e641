//! One module per page.

pub mod checkout;
pub mod configurator;
pub mod home;
pub mod not_found;
pub mod order_status;
