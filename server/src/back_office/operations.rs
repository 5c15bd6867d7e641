//! Production lines and component stock for the back office, over the
//! database: the overview, one line's or component's file with its change
//! log, and ([`change`]) the changes people make.

pub mod change;

use super::{local, zone};
use crate::db::Pool;
use crate::operations::{read_line, today_in};
use anyhow::Context;
use app::admin::operations::{
    day_loads, Change, ComponentFile, ComponentSettings, ComponentSummary, Delivery, DeliveryState,
    LineFile, LineSettings, LineSummary, Overview, LINE_DAYS_SHOWN,
};
use jiff::civil::Date;

/// Days of load the overview sums per line.
const OVERVIEW_DAYS: u32 = 14;
/// Changes the overview lists.
const RECENT_CHANGES: i64 = 20;
/// Changes a line's or component's page lists.
const SUBJECT_CHANGES: i64 = 100;
/// Received or cancelled deliveries a component's page lists.
const SETTLED_DELIVERIES: i64 = 10;

/// A component row with its next open delivery (day and quantity).
type ComponentRow = (String, i64, i64, i64, i64, Option<String>, Option<i64>);
/// A delivery row: id, day, quantity, received and cancelled times.
type DeliveryRow = (String, String, i64, Option<String>, Option<String>);

/// Every line and component, and the last changes.
pub async fn overview(pool: &Pool, time_zone: &str) -> anyhow::Result<Overview> {
    let today = today_in(time_zone)?;
    let mut conn = pool.acquire().await?;
    let ids: Vec<(String,)> = sqlx::query_as("SELECT id FROM production_lines ORDER BY id")
        .fetch_all(&mut *conn)
        .await?;
    let mut lines = Vec::new();
    for (id,) in ids {
        let Some(calendar) = read_line(&mut conn, &id, today).await? else {
            continue;
        };
        let loads = day_loads(&calendar, today, OVERVIEW_DAYS);
        lines.push(LineSummary {
            id,
            booked: loads.iter().map(|d| d.booked).sum(),
            capacity: loads.iter().map(|d| d.capacity).sum(),
            settings: settings_of(calendar),
        });
    }
    let rows: Vec<ComponentRow> = sqlx::query_as(
        "SELECT c.id, c.on_hand, c.reserved, c.replenish_days, c.reorder_level,
                d.expected_on, d.quantity
         FROM components c
         LEFT JOIN component_deliveries d ON d.id = (
             SELECT n.id FROM component_deliveries n
             WHERE n.component_id = c.id AND n.received_at IS NULL AND n.cancelled_at IS NULL
             ORDER BY n.expected_on, n.id LIMIT 1)
         ORDER BY c.id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let components = rows
        .into_iter()
        .map(|(id, on_hand, reserved, lead, level, day, quantity)| {
            let next_delivery = match (day, quantity) {
                (Some(day), Some(quantity)) => Some((parse_day(&day)?, quantity)),
                _ => None,
            };
            Ok(ComponentSummary {
                id,
                settings: component_settings(on_hand, lead, level),
                reserved,
                next_delivery,
            })
        })
        .collect::<anyhow::Result<_>>()?;
    // Given back first: holding it while waiting for another connection
    // deadlocks a small pool when several people open this page at once.
    drop(conn);
    let recent = changes(pool, time_zone, None, RECENT_CHANGES).await?;
    Ok(Overview {
        today,
        lines,
        components,
        recent,
    })
}

/// Production line `id` with its next days' load and its changes.
pub async fn line_file(pool: &Pool, time_zone: &str, id: &str) -> anyhow::Result<Option<LineFile>> {
    let today = today_in(time_zone)?;
    let mut conn = pool.acquire().await?;
    let Some(calendar) = read_line(&mut conn, id, today).await? else {
        // A line a catalog names before the shop floor has it: its page
        // sets it up.
        return Ok(app::admin::operations::is_line_id(id).then(|| LineFile {
            id: id.to_owned(),
            new: true,
            settings: app::admin::operations::LineSettings::unset(),
            days: Vec::new(),
            changes: Vec::new(),
        }));
    };
    drop(conn);
    Ok(Some(LineFile {
        id: id.to_owned(),
        new: false,
        days: day_loads(&calendar, today, LINE_DAYS_SHOWN),
        settings: settings_of(calendar),
        changes: changes(pool, time_zone, Some(("line", id)), SUBJECT_CHANGES).await?,
    }))
}

/// Component `id` with its deliveries and changes.
pub async fn component_file(
    pool: &Pool,
    time_zone: &str,
    id: &str,
) -> anyhow::Result<Option<ComponentFile>> {
    let today = today_in(time_zone)?;
    let row: Option<(i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT on_hand, reserved, replenish_days, reorder_level FROM components WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let Some((on_hand, reserved, lead, level)) = row else {
        return Ok(None);
    };
    let open: Vec<DeliveryRow> = sqlx::query_as(
        "SELECT id, expected_on, quantity, received_at, cancelled_at FROM component_deliveries
         WHERE component_id = $1 AND received_at IS NULL AND cancelled_at IS NULL
         ORDER BY expected_on, id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let settled: Vec<DeliveryRow> = sqlx::query_as(
        "SELECT id, expected_on, quantity, received_at, cancelled_at FROM component_deliveries
         WHERE component_id = $1 AND (received_at IS NOT NULL OR cancelled_at IS NOT NULL)
         ORDER BY COALESCE(received_at, cancelled_at) DESC, id LIMIT $2",
    )
    .bind(id)
    .bind(SETTLED_DELIVERIES)
    .fetch_all(pool)
    .await?;
    let deliveries = open
        .into_iter()
        .chain(settled)
        .map(|(id, day, quantity, received, cancelled)| {
            let expected_on = parse_day(&day)?;
            let state = match (received, cancelled) {
                (Some(_), _) => DeliveryState::Received,
                (None, Some(_)) => DeliveryState::Cancelled,
                (None, None) if expected_on < today => DeliveryState::Overdue,
                (None, None) => DeliveryState::Open,
            };
            Ok(Delivery {
                id,
                expected_on,
                quantity,
                state,
            })
        })
        .collect::<anyhow::Result<_>>()?;
    Ok(Some(ComponentFile {
        id: id.to_owned(),
        settings: component_settings(on_hand, lead, level),
        reserved,
        deliveries,
        changes: changes(pool, time_zone, Some(("component", id)), SUBJECT_CHANGES).await?,
    }))
}

/// The newest `limit` changes, of one subject (`(kind, id)`) or of all.
async fn changes(
    pool: &Pool,
    time_zone: &str,
    subject: Option<(&str, &str)>,
    limit: i64,
) -> anyhow::Result<Vec<Change>> {
    let tz = zone(time_zone)?;
    let select = "SELECT l.at, u.name, l.subject, l.subject_id, l.field, l.before, l.after
                  FROM operations_log l JOIN users u ON u.id = l.actor";
    let order = "ORDER BY l.at DESC, l.id DESC";
    let rows: Vec<(String, String, String, String, String, String, String)> = match subject {
        Some((kind, id)) => {
            let query =
                format!("{select} WHERE l.subject = $1 AND l.subject_id = $2 {order} LIMIT $3");
            sqlx::query_as(sqlx::AssertSqlSafe(query))
                .bind(kind)
                .bind(id)
                .bind(limit)
                .fetch_all(pool)
                .await?
        }
        None => {
            let query = format!("{select} {order} LIMIT $1");
            sqlx::query_as(sqlx::AssertSqlSafe(query))
                .bind(limit)
                .fetch_all(pool)
                .await?
        }
    };
    rows.into_iter()
        .map(|(at, actor, subject, subject_id, field, before, after)| {
            Ok(Change {
                at: local(&at, &tz)?,
                actor,
                subject,
                subject_id,
                field,
                before,
                after,
            })
        })
        .collect()
}

fn settings_of(calendar: engine::delivery::LineCalendar) -> LineSettings {
    LineSettings {
        daily_capacity: calendar.daily_capacity,
        working_days: calendar.working_days,
        holidays: calendar.sorted_holidays(),
    }
}

fn component_settings(on_hand: i64, replenish_days: i64, reorder_level: i64) -> ComponentSettings {
    ComponentSettings {
        on_hand,
        replenish_days: u32::try_from(replenish_days).unwrap_or(u32::MAX),
        reorder_level,
    }
}

fn parse_day(text: &str) -> anyhow::Result<Date> {
    text.parse().with_context(|| format!("stored day {text:?}"))
}
