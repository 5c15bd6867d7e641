//! One order for review, over the database: its snapshot, bookings, steps
//! with who took them, notes, and whether its window still holds.

use super::{local, zone};
use crate::db::Pool;
use crate::operations::{read_plan, today_in};
use anyhow::Context;
use app::admin::review::{window_check, Booking, Note, OrderFile, Step};
use app::orders::{OrderSnapshot, Status};

/// The order numbered `number`, if there is one.
pub async fn read(pool: &Pool, time_zone: &str, number: &str) -> anyhow::Result<Option<OrderFile>> {
    let tz = zone(time_zone)?;
    let row: Option<(String, String, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT token, status, snapshot, production_line, created_at, erased_at \
         FROM orders WHERE id = $1",
    )
    .bind(number)
    .fetch_optional(pool)
    .await?;
    let Some((token, status, snapshot, production_line, created_at, erased_at)) = row else {
        return Ok(None);
    };
    let status = Status::parse(&status).with_context(|| format!("status {status:?}"))?;
    let snapshot = OrderSnapshot::decode(&snapshot, &production_line)
        .with_context(|| format!("snapshot of order {number}"))?;
    let bookings: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT production_line, production_start, quantity FROM order_lines \
         WHERE order_id = $1 ORDER BY line_no",
    )
    .bind(number)
    .fetch_all(pool)
    .await?;
    let bookings = bookings
        .into_iter()
        .map(|(line, start, units)| {
            Ok(Booking {
                production_line: line,
                start: start.parse().context("production start")?,
                units: u32::try_from(units).context("units")?,
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let steps: Vec<(String, String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT e.status, e.at, COALESCE(u.name, t.name || ' (API)'), e.detail FROM order_events e \
         LEFT JOIN users u ON u.id = e.actor LEFT JOIN api_tokens t ON t.id = e.client \
         WHERE e.order_id = $1 ORDER BY e.seq",
    )
    .bind(number)
    .fetch_all(pool)
    .await?;
    let steps = steps
        .into_iter()
        .map(|(status, at, by, detail)| {
            Ok(Step {
                status: Status::parse(&status).with_context(|| format!("status {status:?}"))?,
                at: local(&at, &tz)?,
                by,
                detail,
            })
        })
        .collect::<anyhow::Result<_>>()?;
    let notes: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT u.name, n.at, n.body FROM order_notes n JOIN users u ON u.id = n.author \
         WHERE n.order_id = $1 ORDER BY n.seq",
    )
    .bind(number)
    .fetch_all(pool)
    .await?;
    let notes = notes
        .into_iter()
        .map(|(by, at, body)| {
            Ok(Note {
                by,
                at: local(&at, &tz)?,
                body,
            })
        })
        .collect::<anyhow::Result<_>>()?;
    let mut line_ids: Vec<String> = bookings.iter().map(|b| b.production_line.clone()).collect();
    line_ids.sort();
    line_ids.dedup();
    let mut conn = pool.acquire().await?;
    let plan = read_plan(&mut conn, &line_ids, today_in(time_zone)?).await?;
    let window = window_check(status, &snapshot, &bookings, &plan);
    Ok(Some(OrderFile {
        number: number.to_owned(),
        token,
        status,
        placed: local(&created_at, &tz)?,
        snapshot,
        bookings,
        steps,
        notes,
        window,
        erased: erased_at.is_some(),
    }))
}
