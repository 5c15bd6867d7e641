//! What the back office reads and changes, over the database: the people,
//! the order inbox, one order's file, its transitions and notes, and the
//! production lines and components.

pub mod catalog;
pub mod catalog_editor;
mod catalog_impact;
pub mod catalog_schedule;
pub mod catalog_tests;
mod dashboard;
pub mod erasure;
pub mod export;
mod inbox;
pub mod operations;
mod order_file;
pub mod search;
pub mod transition;
pub mod webhooks;

use crate::auth::users;
use crate::db::{Backend, Pool};
use app::admin::dashboard::Dashboard;
use app::admin::inbox::{Inbox, InboxQuery};
use app::admin::operations::{ComponentFile, LineFile, Overview};
use app::admin::review::OrderFile;
use app::admin::SignedIn;
use app::state::{AdminStore, BoxFuture};

/// The back office's store over the database.
#[derive(Clone)]
pub struct SqlAdmin {
    pub pool: Pool,
    pub backend: Backend,
    /// The shop's time zone: dates of the filters, times shown.
    pub time_zone: String,
}

impl AdminStore for SqlAdmin {
    fn dashboard(&self) -> BoxFuture<'_, Result<Dashboard, String>> {
        Box::pin(async move {
            dashboard::read(&self.pool, &self.time_zone)
                .await
                .map_err(|e| format!("{e:#}"))
        })
    }

    fn people(&self) -> BoxFuture<'_, Result<Vec<SignedIn>, String>> {
        Box::pin(async move {
            users::all(&self.pool)
                .await
                .map(|all| all.into_iter().map(SignedIn::from).collect())
                .map_err(|e| format!("{e:#}"))
        })
    }

    fn inbox<'a>(&'a self, query: &'a InboxQuery) -> BoxFuture<'a, Result<Inbox, String>> {
        Box::pin(async move {
            inbox::page(&self.pool, self.backend, &self.time_zone, query)
                .await
                .map_err(|e| format!("{e:#}"))
        })
    }

    fn order_file<'a>(
        &'a self,
        number: &'a str,
    ) -> BoxFuture<'a, Result<Option<OrderFile>, String>> {
        Box::pin(async move {
            order_file::read(&self.pool, &self.time_zone, number)
                .await
                .map_err(|e| format!("{e:#}"))
        })
    }

    fn operations(&self) -> BoxFuture<'_, Result<Overview, String>> {
        Box::pin(async move {
            operations::overview(&self.pool, &self.time_zone)
                .await
                .map_err(|e| format!("{e:#}"))
        })
    }

    fn line_file<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<Option<LineFile>, String>> {
        Box::pin(async move {
            operations::line_file(&self.pool, &self.time_zone, id)
                .await
                .map_err(|e| format!("{e:#}"))
        })
    }

    fn component_file<'a>(
        &'a self,
        id: &'a str,
    ) -> BoxFuture<'a, Result<Option<ComponentFile>, String>> {
        Box::pin(async move {
            operations::component_file(&self.pool, &self.time_zone, id)
                .await
                .map_err(|e| format!("{e:#}"))
        })
    }
}

/// The answer for an order number that names no order.
fn no_such_order(number: &str) -> engine::Text {
    engine::Text {
        de: format!("Eine Bestellung {number} gibt es nicht."),
        en: format!("There is no order {number}."),
    }
}

/// The shop's time zone by name.
fn zone(name: &str) -> anyhow::Result<jiff::tz::TimeZone> {
    use anyhow::Context;
    jiff::tz::TimeZone::get(name).with_context(|| format!("unknown time zone {name:?}"))
}

/// A stored time (RFC 3339, UTC) in the shop's time zone.
fn local(at: &str, tz: &jiff::tz::TimeZone) -> anyhow::Result<jiff::civil::DateTime> {
    use anyhow::Context;
    let at: jiff::Timestamp = at.parse().with_context(|| format!("stored time {at:?}"))?;
    Ok(tz.to_datetime(at))
}

/// Fills in the customer's name of orders stored before the inbox searched
/// by it (read from their snapshots). Run at start-up; cheap when done.
pub async fn fill_customer_names(pool: &Pool) -> anyhow::Result<()> {
    let missing: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT id, snapshot, production_line FROM orders WHERE customer_name = '' \
         AND erased_at IS NULL",
    )
    .fetch_all(pool)
    .await?;
    for (id, snapshot, line) in missing {
        match app::orders::OrderSnapshot::decode(&snapshot, &line) {
            Ok(s) => {
                sqlx::query("UPDATE orders SET customer_name = $2 WHERE id = $1")
                    .bind(&id)
                    .bind(&s.customer.name)
                    .execute(pool)
                    .await?;
            }
            Err(e) => tracing::error!(order = %id, error = %e, "an order's snapshot is unreadable"),
        }
    }
    Ok(())
}
