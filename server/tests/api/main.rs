//! Server integration tests: the real application on a free port, over HTTP,
//! against a fresh SQLite file and (when reachable) a fresh PostgreSQL database.

mod admin;
mod back_office;
mod backup;
mod cart;
mod catalog_data;
mod catalog_editor;
mod catalog_forms;
mod checkout_key;
mod crash_safety;
mod dashboard;
mod database_outage;
mod delivery_processes;
mod erasure;
mod helpers;
mod hostile_input;
mod hostile_rendering;
mod http_stack;
mod integrations_forms;
mod log_privacy;
mod mail_smtp;
mod metrics;
mod openapi_contract;
mod operations;
mod operations_forms;
mod order_counts;
mod order_limits;
mod orders;
mod peers;
mod production_api;
mod shutdown;
mod slow_clients;
mod start_up;
mod status_links;
mod stored_orders;
mod webhooks;
