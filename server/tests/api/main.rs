//! Server integration tests: the real application on a free port, over HTTP,
//! against a fresh SQLite file and (when reachable) a fresh PostgreSQL database.

mod admin;
mod back_office;
mod cart;
mod catalog_forms;
mod dashboard;
mod delivery_processes;
mod erasure;
mod helpers;
mod http_stack;
mod integrations_forms;
mod mail_smtp;
mod openapi_contract;
mod operations;
mod operations_forms;
mod order_counts;
mod orders;
mod peers;
mod production_api;
mod shutdown;
mod start_up;
mod stored_orders;
mod webhooks;
