//! The database: one connection pool for SQLite or PostgreSQL, chosen by URL,
//! and the migrations applied at start.

mod immutable_orders;
mod order_counts;
pub mod rows;

pub use immutable_orders::{erased_customer, REFUSAL as IMMUTABLE_ORDER};
use sqlx::any::{install_default_drivers, AnyPoolOptions};
use sqlx::Connection;
use std::{path::Path, time::Duration};

/// The pool type used everywhere: `sqlx::Any` over SQLite or PostgreSQL.
pub type Pool = sqlx::AnyPool;

/// Which database a URL names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The backend of a `DATABASE_URL`.
    pub fn of(url: &str) -> anyhow::Result<Self> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Backend::Postgres)
        } else {
            anyhow::bail!("DATABASE_URL must start with sqlite: or postgres:, got {url:?}")
        }
    }
}

/// How long a PostgreSQL connection may wait in the pool before it is
/// pinged again when taken: a connection broken sooner (the database
/// restarted within this moment) fails one statement, which the customer
/// sees as "send again", and sqlx then closes it: after a restart, at most
/// as many failures as the pool has connections.
const PING_WHEN_IDLE: Duration = Duration::from_secs(1);

/// Connects (creating the SQLite file and its folder when missing) and
/// applies pending migrations.
pub async fn connect_and_migrate(url: &str, max_connections: u32) -> anyhow::Result<Pool> {
    install_default_drivers();
    let backend = Backend::of(url)?;
    if backend == Backend::Sqlite {
        create_sqlite_folder(url)?;
    }
    let pool = AnyPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(10))
        // sqlx pings every connection when it is given back, so one in the
        // pool was alive a moment ago. A SQLite connection lives in this
        // process and stays so; a PostgreSQL one may die with a restart of
        // the database while it waits, so it is pinged again before use,
        // but only after a wait: under load a ping per use was a round
        // trip to PostgreSQL for every statement outside a transaction
        // (15 % of the load process's samples while it placed orders,
        // counting the ping on release).
        .test_before_acquire(false)
        .before_acquire(move |conn, meta| {
            Box::pin(async move {
                if backend == Backend::Postgres && meta.idle_for >= PING_WHEN_IDLE {
                    conn.ping().await?;
                }
                Ok(true)
            })
        })
        .connect(&with_statement_cache(url, backend))
        .await
        .map_err(|e| anyhow::anyhow!("cannot connect to the database at {}: {e}", redact(url)))?;
    if backend == Backend::Sqlite && !url.contains(":memory:") {
        // Readers never block the writer, and the setting stays with the file.
        sqlx::query("PRAGMA journal_mode = WAL")
            .execute(&pool)
            .await
            .map_err(|e| anyhow::anyhow!("cannot switch SQLite to WAL mode: {e}"))?;
    }
    sqlx::migrate!("./migrations")
        .run(&pool)
        .await
        .map_err(|e| anyhow::anyhow!("database migration failed: {e}"))?;
    immutable_orders::install(&pool, backend)
        .await
        .map_err(|e| anyhow::anyhow!("cannot protect the orders table: {e}"))?;
    order_counts::install(&pool, backend)
        .await
        .map_err(|e| anyhow::anyhow!("cannot keep the order counts: {e}"))?;
    if backend == Backend::Postgres {
        crate::back_office::search::install_postgres_index(&pool)
            .await
            .map_err(|e| anyhow::anyhow!("cannot create the search index: {e}"))?;
    }
    Ok(pool)
}

/// Prepared statements each PostgreSQL connection keeps (sqlx keeps 100).
/// A batch of orders writes its rows with one statement per table, whose
/// text changes with the number of rows: ten tables at the batch sizes
/// that come up under load already need hundreds. Each statement not kept
/// is prepared again, one more round trip and parse while the batch holds
/// its locks; each kept one costs the database session some memory.
const STATEMENT_CACHE: usize = 500;

/// `url` with the statement cache above, on PostgreSQL and unless the
/// URL sets its own.
fn with_statement_cache(url: &str, backend: Backend) -> String {
    if backend != Backend::Postgres || url.contains("statement-cache-capacity=") {
        return url.to_owned();
    }
    let join = if url.contains('?') { '&' } else { '?' };
    format!("{url}{join}statement-cache-capacity={STATEMENT_CACHE}")
}

/// Creates triggers (with their functions) in one transaction: on SQLite
/// `sqlite` always runs (its statements create only what is missing); on
/// PostgreSQL `postgres` runs unless every trigger of `names` is there,
/// under advisory lock `lock`, so that servers starting together create
/// them once and a restart takes no lock on the tables.
async fn install_triggers(
    pool: &Pool,
    backend: Backend,
    lock: i64,
    names: &[&str],
    sqlite: fn() -> Vec<String>,
    postgres: fn() -> Vec<String>,
) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    let statements = match backend {
        Backend::Sqlite => sqlite(),
        Backend::Postgres => {
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(lock)
                .execute(&mut *tx)
                .await?;
            let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
            // The names are the callers' constants.
            let (installed,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT COUNT(*) FROM pg_trigger WHERE NOT tgisinternal AND tgname IN ({})",
                quoted.join(", ")
            )))
            .fetch_one(&mut *tx)
            .await?;
            if installed == names.len() as i64 {
                Vec::new()
            } else {
                postgres()
            }
        }
    };
    for statement in statements {
        sqlx::query(sqlx::AssertSqlSafe(statement))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}

/// A transaction that writes: on SQLite it holds the write lock from the
/// start (`BEGIN IMMEDIATE`), so it sees the newest data and never fails
/// to upgrade; on PostgreSQL rows are locked as they are read
/// ([`locking`]).
pub async fn begin_write(
    pool: &Pool,
    backend: Backend,
) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
    match backend {
        Backend::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await,
        Backend::Postgres => pool.begin().await,
    }
}

/// `query` (a constant) with `FOR UPDATE` where the database needs it to
/// lock the rows it reads (SQLite's `BEGIN IMMEDIATE` already holds the
/// write lock).
pub fn locking(backend: Backend, query: &'static str) -> sqlx::AssertSqlSafe<String> {
    sqlx::AssertSqlSafe(match backend {
        Backend::Sqlite => query.to_owned(),
        Backend::Postgres => format!("{query} FOR UPDATE"),
    })
}

/// A moment as the tables store times that are compared as text (carts,
/// deliveries): UTC, to the second, `2026-12-03T14:05:06Z`.
pub fn time_text(at: jiff::Timestamp) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Now, as [`time_text`] writes it.
pub fn now_text() -> String {
    time_text(jiff::Timestamp::now())
}

/// Checks that the database answers.
pub async fn ping(pool: &Pool) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT 1").execute(pool).await.map(|_| ())
}

fn create_sqlite_folder(url: &str) -> anyhow::Result<()> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:")
        .split('?')
        .next()
        .unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    if let Some(parent) = Path::new(path)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent)
            .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", parent.display()))?;
    }
    Ok(())
}

/// The URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{}://{}:***@{}", &url[..scheme_end], user, &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}
