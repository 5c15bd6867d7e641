//! Configuration from environment variables, with defaults that run locally.

use std::{net::SocketAddr, path::PathBuf, time::Duration};

/// How logs are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    /// One JSON object a line, for log collectors.
    Json,
    /// Human-readable lines.
    Pretty,
}

/// Everything the server reads from its environment.
#[derive(Clone, Debug)]
pub struct Config {
    /// `ATELIER_ADDR` (else `LEPTOS_SITE_ADDR`, else `127.0.0.1:3000`); port 0 picks a free port.
    pub addr: SocketAddr,
    /// `DATABASE_URL`: `sqlite://...` or `postgres://...`; default a SQLite file under `./data/`.
    pub database_url: String,
    /// `ATELIER_DB_MAX_CONNECTIONS` (default 10).
    pub db_max_connections: u32,
    /// `ATELIER_CATALOG_FILE`: catalog loaded on first start; default the bundled demo catalog.
    pub catalog_file: Option<PathBuf>,
    /// `ATELIER_OPERATIONS_FILE`: production lines and stock seeded on first start; default the demo data.
    pub operations_file: Option<PathBuf>,
    /// `ATELIER_TIME_ZONE`: the shop's IANA time zone (default `Europe/Berlin`).
    pub time_zone: String,
    /// `ATELIER_LOG_FORMAT`: `pretty` (default) or `json`. Levels come from `RUST_LOG`.
    pub log_format: LogFormat,
    /// `ATELIER_MAX_BODY_BYTES`: largest accepted request body (default 64 KiB).
    pub max_body_bytes: usize,
    /// `ATELIER_REQUEST_TIMEOUT_SECS`: per-request time limit (default 15).
    pub request_timeout: Duration,
    /// `ATELIER_PAGE_CACHE_MS`: how long a configurator or home page is
    /// kept for the next visitor asking for the same link, and a production
    /// line's snapshot for the next page showing it (default 1000; 0 keeps
    /// none). See [`crate::http::PageCache`], [`crate::operations::RecentSnapshots`].
    pub page_cache: Duration,
    /// `ATELIER_SHUTDOWN_GRACE_SECS`: time in-flight requests get after SIGTERM (default 20).
    pub shutdown_grace: Duration,
    /// `ATELIER_MAX_CONNECTIONS` (default 10,000, at most three quarters
    /// of the process's file descriptors) and
    /// `ATELIER_HEADER_READ_TIMEOUT_SECS` (default 10): see
    /// [`crate::http::ConnectionLimits`].
    pub connections: crate::http::ConnectionLimits,
    /// `ATELIER_HTTPS`: `true` when the shop is served over HTTPS (behind a
    /// proxy that terminates TLS); the back office's cookie is then `Secure`.
    pub https: bool,
    /// Limits on placing orders: `ATELIER_ORDERS_PER_HOUR_PER_CLIENT`
    /// (default 30) and `ATELIER_ORDERS_PER_HOUR_PER_EMAIL` (default 10);
    /// 0 switches one off. `ATELIER_CLIENT_IP_HEADER` names the header a
    /// trusted proxy in front puts the client's address in (its last entry
    /// counts, e.g. `X-Forwarded-For`); without it the connection's peer.
    pub placement: crate::orders::PlacementLimits,
    /// `ATELIER_SECRET`: the key the orders' status links are derived
    /// with (at least 32 characters); without it, a key kept in the
    /// database.
    pub secret: Option<Secret>,
    /// `ATELIER_METRICS_TOKEN`: the bearer token `/metrics` asks for;
    /// without it there is no `/metrics`.
    pub metrics_token: Option<String>,
    /// How events are delivered: `ATELIER_WEBHOOK_TIMEOUT_SECS` (default
    /// 15), `ATELIER_DELIVERY_SCHEDULE` (seconds before each try, separated
    /// by commas; default the Standard Webhooks schedule), and mail:
    /// `ATELIER_SMTP_URL`, `ATELIER_MAIL_DIR`, `ATELIER_MAIL_FROM`,
    /// `ATELIER_PUBLIC_URL`.
    pub delivery: crate::delivery::Settings,
}

/// A secret setting: never shown by `Debug`.
#[derive(Clone)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// A variable that is set but cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("environment variable {name}={value:?} is invalid: {reason}")]
pub struct ConfigError {
    name: &'static str,
    value: String,
    reason: String,
}

/// The default database: a SQLite file under `./data/`, created when missing.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/atelier.db?mode=rwc";

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads configuration through `lookup` (tests pass a map).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        let addr_var = if get("ATELIER_ADDR").is_some() {
            "ATELIER_ADDR"
        } else {
            "LEPTOS_SITE_ADDR"
        };
        Ok(Config {
            addr: parse(
                addr_var,
                get(addr_var),
                "127.0.0.1:3000".parse().expect("valid address"),
            )?,
            database_url: get("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned()),
            db_max_connections: parse(
                "ATELIER_DB_MAX_CONNECTIONS",
                get("ATELIER_DB_MAX_CONNECTIONS"),
                10,
            )?,
            catalog_file: get("ATELIER_CATALOG_FILE").map(PathBuf::from),
            operations_file: get("ATELIER_OPERATIONS_FILE").map(PathBuf::from),
            time_zone: get("ATELIER_TIME_ZONE").unwrap_or_else(|| "Europe/Berlin".to_owned()),
            log_format: match get("ATELIER_LOG_FORMAT").as_deref() {
                None | Some("pretty") => LogFormat::Pretty,
                Some("json") => LogFormat::Json,
                Some(other) => {
                    return Err(ConfigError {
                        name: "ATELIER_LOG_FORMAT",
                        value: other.to_owned(),
                        reason: "expected `pretty` or `json`".to_owned(),
                    })
                }
            },
            max_body_bytes: parse(
                "ATELIER_MAX_BODY_BYTES",
                get("ATELIER_MAX_BODY_BYTES"),
                64 * 1024,
            )?,
            request_timeout: Duration::from_secs(parse(
                "ATELIER_REQUEST_TIMEOUT_SECS",
                get("ATELIER_REQUEST_TIMEOUT_SECS"),
                15,
            )?),
            page_cache: Duration::from_millis(parse(
                "ATELIER_PAGE_CACHE_MS",
                get("ATELIER_PAGE_CACHE_MS"),
                1000,
            )?),
            shutdown_grace: Duration::from_secs(parse(
                "ATELIER_SHUTDOWN_GRACE_SECS",
                get("ATELIER_SHUTDOWN_GRACE_SECS"),
                20,
            )?),
            connections: crate::http::ConnectionLimits {
                max_connections: parse(
                    "ATELIER_MAX_CONNECTIONS",
                    get("ATELIER_MAX_CONNECTIONS"),
                    10_000,
                )?,
                header_read_timeout: Duration::from_secs(parse(
                    "ATELIER_HEADER_READ_TIMEOUT_SECS",
                    get("ATELIER_HEADER_READ_TIMEOUT_SECS"),
                    10,
                )?),
            },
            https: parse("ATELIER_HTTPS", get("ATELIER_HTTPS"), false)?,
            metrics_token: get("ATELIER_METRICS_TOKEN").filter(|t| !t.trim().is_empty()),
            secret: match get("ATELIER_SECRET").filter(|s| !s.is_empty()) {
                Some(short) if short.chars().count() < crate::orders::token::MIN_SECRET_LEN => {
                    return Err(ConfigError {
                        name: "ATELIER_SECRET",
                        value: "…".to_owned(),
                        reason: format!(
                            "at least {} characters (a random string, e.g. `openssl rand -hex 32`)",
                            crate::orders::token::MIN_SECRET_LEN
                        ),
                    })
                }
                secret => secret.map(Secret),
            },
            placement: crate::orders::PlacementLimits {
                per_client: parse(
                    "ATELIER_ORDERS_PER_HOUR_PER_CLIENT",
                    get("ATELIER_ORDERS_PER_HOUR_PER_CLIENT"),
                    30,
                )?,
                per_email: parse(
                    "ATELIER_ORDERS_PER_HOUR_PER_EMAIL",
                    get("ATELIER_ORDERS_PER_HOUR_PER_EMAIL"),
                    10,
                )?,
                client_ip_header: get("ATELIER_CLIENT_IP_HEADER")
                    .filter(|h| !h.trim().is_empty())
                    .map(|h| h.trim().to_ascii_lowercase()),
            },
            delivery: delivery_settings(&get)?,
        })
    }
}

fn delivery_settings(
    get: &impl Fn(&str) -> Option<String>,
) -> Result<crate::delivery::Settings, ConfigError> {
    use crate::delivery::{mail, schedule, Settings};
    let schedule = match get("ATELIER_DELIVERY_SCHEDULE") {
        None => schedule::standard(),
        Some(text) => schedule::parse(&text).map_err(|reason| ConfigError {
            name: "ATELIER_DELIVERY_SCHEDULE",
            value: text.clone(),
            reason,
        })?,
    };
    Ok(Settings {
        timeout: Duration::from_secs(parse(
            "ATELIER_WEBHOOK_TIMEOUT_SECS",
            get("ATELIER_WEBHOOK_TIMEOUT_SECS"),
            15,
        )?),
        schedule,
        poll: Duration::from_millis(500),
        mail: mail::Settings {
            smtp_url: get("ATELIER_SMTP_URL"),
            folder: get("ATELIER_MAIL_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("data/mail")),
            from: get("ATELIER_MAIL_FROM").unwrap_or_else(|| "Atelier <shop@localhost>".to_owned()),
            public_url: get("ATELIER_PUBLIC_URL"),
            token_key: None,
        },
    })
}

fn parse<T>(name: &'static str, value: Option<String>, default: T) -> Result<T, ConfigError>
where
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    match value {
        None => Ok(default),
        Some(value) => value.trim().parse().map_err(|e: T::Err| ConfigError {
            name,
            reason: e.to_string(),
            value,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|name| map.get(name).cloned())
    }

    #[test]
    fn defaults_run_locally() {
        let c = config(&[]).unwrap();
        assert_eq!(c.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.database_url, DEFAULT_DATABASE_URL);
        assert_eq!(c.time_zone, "Europe/Berlin");
        assert_eq!(c.log_format, LogFormat::Pretty);
    }

    #[test]
    fn atelier_addr_wins_over_leptos_site_addr() {
        let c = config(&[
            ("LEPTOS_SITE_ADDR", "0.0.0.0:8080"),
            ("ATELIER_ADDR", "127.0.0.1:0"),
        ])
        .unwrap();
        assert_eq!(c.addr.port(), 0);
        let c = config(&[("LEPTOS_SITE_ADDR", "0.0.0.0:8080")]).unwrap();
        assert_eq!(c.addr.port(), 8080);
    }

    #[test]
    fn invalid_values_name_the_variable() {
        let err = config(&[("ATELIER_MAX_BODY_BYTES", "lots")]).unwrap_err();
        assert!(err.to_string().contains("ATELIER_MAX_BODY_BYTES"), "{err}");
        let err = config(&[("ATELIER_LOG_FORMAT", "xml")]).unwrap_err();
        assert!(err.to_string().contains("pretty"), "{err}");
    }
}
