//! Orders over the database: placing one (checked, then stored with its
//! lines, capacity bookings, stock reservations and outbox event in the
//! transaction of its batch) and reading it back by its status link.

mod batch;
mod find;
mod holds;
mod limits;
mod place;
mod store;
pub mod token;

pub use limits::PlacementLimits;

use crate::carts::SqlCarts;
use crate::db::Pool;
use app::orders::{CheckoutForm, OrderView, PlaceOutcome};
use app::state::{BoxFuture, CatalogHandle, ClientAddress, OrderService};

/// The order service over the database.
#[derive(Clone)]
pub struct SqlOrders {
    pub pool: Pool,
    /// SQLite takes the write lock when the transaction begins.
    pub backend: crate::db::Backend,
    pub catalog: CatalogHandle,
    /// The carts orders are made of.
    pub carts: SqlCarts,
    /// The shop's time zone: "today" for the estimate, and the status page's times.
    pub time_zone: String,
    /// The shop's limits on orders per hour.
    pub limits: PlacementLimits,
    /// Placed and refused orders are counted here.
    pub metrics: crate::metrics::SharedMetrics,
    /// The key status links are derived with.
    pub token_key: token::TokenKey,
    /// Orders waiting to be stored in batches, one batch at a time: on
    /// SQLite a batch is woken the moment the write lock is free, instead
    /// of polling it with SQLite's busy timeout (which sleeps up to 100 ms
    /// between tries and left the lock idle under load).
    pub queue: batch::WriteQueue,
}

impl OrderService for SqlOrders {
    fn place(
        &self,
        form: CheckoutForm,
        cart_secret: Option<String>,
        client: Option<ClientAddress>,
    ) -> BoxFuture<'_, Result<PlaceOutcome, String>> {
        Box::pin(async move {
            let outcome = self
                .place_order(&form, cart_secret.as_deref(), client)
                .await;
            match &outcome {
                Ok(PlaceOutcome::Placed { .. }) => {}
                Ok(PlaceOutcome::Invalid { .. }) => self.metrics.order_refused("invalid"),
                Ok(PlaceOutcome::Changed(_)) => self.metrics.order_refused("changed"),
                Ok(PlaceOutcome::Limited(_)) => self.metrics.order_refused("limited"),
                Err(_) => self.metrics.order_refused("failed"),
            }
            outcome.map_err(|e| format!("{e:#}"))
        })
    }

    fn find<'a>(&'a self, token: &'a str) -> BoxFuture<'a, Result<Option<OrderView>, String>> {
        Box::pin(async move { self.find_order(token).await.map_err(|e| format!("{e:#}")) })
    }
}
