//! Reading an order back by the secret of its status link.

use super::SqlOrders;
use anyhow::Context;
use app::orders::{OrderSnapshot, OrderView, Status, TimelineEntry};

impl SqlOrders {
    /// The order whose status link has `token`, with its timeline in the
    /// shop's time zone.
    pub async fn find_order(&self, token: &str) -> anyhow::Result<Option<OrderView>> {
        // A link's secret is 64 hex digits; anything else (a stored digest
        // above all) opens nothing.
        if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(None);
        }
        // Orders keep the digest; those placed before that, the secret.
        let row: Option<(String, String, String, String)> = sqlx::query_as(
            "SELECT id, status, snapshot, production_line FROM orders WHERE token = $1 OR token = $2",
        )
        .bind(super::token::stored(token))
        .bind(token)
        .fetch_optional(&self.pool)
        .await?;
        let Some((number, status, snapshot, production_line)) = row else {
            return Ok(None);
        };
        let events: Vec<(String, String, Option<String>)> = sqlx::query_as(
            "SELECT status, at, detail FROM order_events WHERE order_id = $1 ORDER BY seq",
        )
        .bind(&number)
        .fetch_all(&self.pool)
        .await?;
        let tz = jiff::tz::TimeZone::get(&self.time_zone)
            .with_context(|| format!("unknown time zone {:?}", self.time_zone))?;
        let timeline = events
            .into_iter()
            .map(|(status, at, detail)| {
                let at: jiff::Timestamp = at.parse().context("order event time")?;
                Ok(TimelineEntry {
                    status: parse_status(&status)?,
                    at: tz.to_datetime(at),
                    detail,
                })
            })
            .collect::<anyhow::Result<_>>()?;
        let snapshot = OrderSnapshot::decode(&snapshot, &production_line)
            .with_context(|| format!("snapshot of order {number}"))?;
        Ok(Some(OrderView {
            status: parse_status(&status)?,
            number,
            timeline,
            time_zone: self.time_zone.clone(),
            snapshot,
        }))
    }
}

fn parse_status(name: &str) -> anyhow::Result<Status> {
    Status::parse(name).with_context(|| format!("unknown order status {name:?}"))
}
