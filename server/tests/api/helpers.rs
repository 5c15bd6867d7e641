//! Starting the application for a test, on each database.

use atelier_server::{config::Config, startup::Application};
use std::{collections::HashMap, net::TcpStream, time::Duration};

/// A running application and an HTTP client for it.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
}

/// The databases a test runs against.
#[derive(Clone, Copy, Debug)]
pub enum Db {
    Sqlite,
    Postgres,
}

const DEFAULT_POSTGRES: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// The PostgreSQL server to create test databases on, if reachable. Without
/// one the test is skipped with a message; with `CI=true` it fails instead.
pub fn postgres_admin_url() -> Option<String> {
    let url =
        std::env::var("ATELIER_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_POSTGRES.to_owned());
    let host_port = url
        .split('@')
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or("127.0.0.1:5432")
        .to_owned();
    let reachable = host_port
        .parse()
        .ok()
        .and_then(|addr| TcpStream::connect_timeout(&addr, Duration::from_secs(2)).ok())
        .is_some();
    if reachable {
        return Some(url);
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("PostgreSQL is required with CI=true but {host_port} is not reachable (set ATELIER_TEST_POSTGRES_URL)");
    }
    eprintln!("skipped: PostgreSQL not reachable at {host_port} (set ATELIER_TEST_POSTGRES_URL to run these tests)");
    None
}

/// A fresh, empty database URL of the given kind; `None` when skipped.
pub async fn fresh_database(db: Db) -> Option<String> {
    let name = format!("atelier_test_{}", unique_suffix());
    match db {
        Db::Sqlite => {
            let dir = std::env::temp_dir().join("atelier-tests");
            std::fs::create_dir_all(&dir).expect("temp dir");
            Some(format!("sqlite://{}/{name}.db?mode=rwc", dir.display()))
        }
        Db::Postgres => {
            use sqlx::Connection;
            let admin = postgres_admin_url()?;
            let mut conn = sqlx::PgConnection::connect(&admin)
                .await
                .expect("connect to PostgreSQL");
            // The name is generated above from digits and underscores only.
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!(r#"CREATE DATABASE "{name}""#)))
                .execute(&mut conn)
                .await
                .expect("create test database");
            let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
            Some(format!("{base}/{name}"))
        }
    }
}

fn unique_suffix() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!(
        "{}_{}_{}",
        std::process::id(),
        nanos % 1_000_000_000,
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// Configuration for a test app on a free port with `database_url`.
/// A fresh folder for the mail one test's server writes.
pub fn mail_folder() -> std::path::PathBuf {
    std::env::temp_dir()
        .join("atelier-tests")
        .join(format!("mail-{}", unique_suffix()))
}

pub fn test_config(database_url: &str, extra: &[(&str, &str)]) -> Config {
    let mut vars: HashMap<String, String> = HashMap::from([
        ("ATELIER_ADDR".to_owned(), "127.0.0.1:0".to_owned()),
        ("DATABASE_URL".to_owned(), database_url.to_owned()),
        ("ATELIER_DB_MAX_CONNECTIONS".to_owned(), "4".to_owned()),
        // Tests place many orders from one address; the limits' own test
        // sets them.
        (
            "ATELIER_ORDERS_PER_HOUR_PER_CLIENT".to_owned(),
            "0".to_owned(),
        ),
        (
            "ATELIER_ORDERS_PER_HOUR_PER_EMAIL".to_owned(),
            "0".to_owned(),
        ),
        (
            "ATELIER_MAIL_DIR".to_owned(),
            mail_folder().display().to_string(),
        ),
    ]);
    for (k, v) in extra {
        vars.insert((*k).to_owned(), (*v).to_owned());
    }
    Config::from_lookup(|name| vars.get(name).cloned()).expect("valid test config")
}

/// Starts the application on a fresh database; `None` when that database
/// kind is skipped.
pub async fn spawn_app(db: Db) -> Option<TestApp> {
    let database_url = fresh_database(db).await?;
    Some(spawn_on(&database_url, &[]).await)
}

/// Starts the application on a fresh database with settings `extra`, and
/// a pool of its own on that database; `None` when that kind is skipped.
pub async fn spawn_with_pool(db: Db, extra: &[(&str, &str)]) -> Option<(TestApp, sqlx::AnyPool)> {
    let url = fresh_database(db).await?;
    let app = spawn_on(&url, extra).await;
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&url).await.expect("connect");
    Some((app, pool))
}

/// Starts the application on an existing database.
pub async fn spawn_on(database_url: &str, extra: &[(&str, &str)]) -> TestApp {
    atelier_server::telemetry::init(atelier_server::config::LogFormat::Pretty);
    let app = Application::build(test_config(database_url, extra))
        .await
        .expect("application builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    TestApp { address, client }
}

impl TestApp {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("request")
    }

    /// GET `path` with one header set.
    pub async fn get_with_header(
        &self,
        path: &str,
        header: &str,
        value: &str,
    ) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .header(header, value)
            .send()
            .await
            .expect("request")
    }
}

/// The nonce of a page's Content-Security-Policy.
pub fn csp_nonce(headers: &reqwest::header::HeaderMap) -> String {
    let csp = headers["content-security-policy"].to_str().unwrap();
    csp.split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("page CSP has a nonce")
        .to_owned()
}

/// Runs a test body once per database kind.
#[macro_export]
macro_rules! on_both_databases {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;
            #[tokio::test]
            async fn sqlite() {
                ($body)($crate::helpers::Db::Sqlite).await
            }
            #[tokio::test]
            async fn postgres() {
                ($body)($crate::helpers::Db::Postgres).await
            }
        }
    };
}
