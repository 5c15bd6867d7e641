#![recursion_limit = "256"]
//! Atelier's server: configuration, database, HTTP stack and start-up.

pub mod api;
pub mod auth;
pub mod back_office;
pub mod carts;
pub mod catalog_store;
pub mod cli;
pub mod config;
pub mod db;
pub mod delivery;
pub mod http;
pub mod metrics;
pub mod operations;
pub mod orders;
pub mod outbox;
pub mod startup;
pub mod telemetry;
