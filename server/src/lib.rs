#![recursion_limit = "256"]
//! Atelier's server: configuration, database, HTTP stack and start-up.

pub mod api;
pub mod auth;
pub mod back_office;
pub mod carts;
pub mod catalog_store;
pub mod changes;
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

/// The server's allocator, for every binary built on this crate (the
/// server, its examples and tests): a quarter of the load example's render
/// phase went to glibc's malloc and free (README, "Load"), which mimalloc
/// serves from per-thread pages.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
