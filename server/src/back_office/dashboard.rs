//! The back office's overview over the database: orders and revenue per
//! local day, backlog against capacity per line and week, components
//! running short.
//!
//! Orders are summed in SQL per UTC hour (`substr(created_at, 1, 13)` of the
//! stored RFC 3339 time, the same on SQLite and PostgreSQL) and the hours put
//! into the shop's local days here, which is exact for every time zone whose
//! offset is whole hours (all of Europe).

use super::zone;
use crate::db::Pool;
use crate::operations::{read_line, today_in};
use anyhow::Context;
use app::admin::dashboard::{
    fill_days, week_outlook, Dashboard, LineOutlook, ShortComponent, DAYS_SHOWN, WEEKS_SHOWN,
};
use app::orders::Status;
use jiff::civil::Date;
use std::collections::BTreeMap;

/// The overview as of now.
#[tracing::instrument(skip(pool))]
pub async fn read(pool: &Pool, time_zone: &str) -> anyhow::Result<Dashboard> {
    let tz = zone(time_zone)?;
    let today = today_in(time_zone)?;
    let mut conn = pool.acquire().await?;
    let currency: Option<(String,)> =
        sqlx::query_as("SELECT currency FROM orders ORDER BY created_at DESC LIMIT 1")
            .fetch_optional(&mut *conn)
            .await?;
    let currency = currency.map_or_else(|| "EUR".to_owned(), |(c,)| c);

    let first = today
        .checked_sub(jiff::Span::new().days(DAYS_SHOWN as i64 - 1))
        .context("the first day shown")?;
    let since = tz
        .to_ambiguous_timestamp(first.to_datetime(jiff::civil::Time::midnight()))
        .compatible()?
        .strftime("%Y-%m-%dT%H")
        .to_string();
    // Orders refused by the shop or called off do not count.
    let hours: Vec<(String, String, i64, i64)> = sqlx::query_as(
        "SELECT substr(created_at, 1, 13), currency, COUNT(*), \
         CAST(COALESCE(SUM(total_minor), 0) AS BIGINT) FROM orders \
         WHERE created_at >= $1 AND status <> $2 AND status <> $3 \
         GROUP BY substr(created_at, 1, 13), currency",
    )
    .bind(&since)
    .bind(Status::Rejected.as_str())
    .bind(Status::Cancelled.as_str())
    .fetch_all(&mut *conn)
    .await?;
    let mut counted: BTreeMap<Date, (u32, i64)> = BTreeMap::new();
    for (hour, in_currency, orders, revenue) in hours {
        let day = local_day(&hour, &tz)?;
        let entry = counted.entry(day).or_default();
        entry.0 = entry
            .0
            .saturating_add(u32::try_from(orders).unwrap_or(u32::MAX));
        if in_currency == currency {
            entry.1 = entry.1.saturating_add(revenue);
        }
    }

    let ids: Vec<(String,)> = sqlx::query_as("SELECT id FROM production_lines ORDER BY id")
        .fetch_all(&mut *conn)
        .await?;
    let mut lines = Vec::with_capacity(ids.len());
    for (id,) in ids {
        if let Some(calendar) = read_line(&mut conn, &id, today).await? {
            let weeks = week_outlook(&calendar, today, WEEKS_SHOWN);
            lines.push(LineOutlook { id, weeks });
        }
    }

    Ok(Dashboard {
        today,
        currency,
        days: fill_days(today, DAYS_SHOWN, &counted),
        lines,
        short: short_components(&mut conn).await?,
    })
}

/// The local day of a UTC hour stored as `YYYY-MM-DDTHH`.
fn local_day(hour: &str, tz: &jiff::tz::TimeZone) -> anyhow::Result<Date> {
    let at: jiff::Timestamp = format!("{hour}:00:00Z")
        .parse()
        .with_context(|| format!("stored hour {hour:?}"))?;
    Ok(tz.to_datetime(at).date())
}

/// Components whose available stock (on hand minus reserved) is at or below
/// their reorder level, least available first, with their next delivery.
async fn short_components(conn: &mut sqlx::AnyConnection) -> anyhow::Result<Vec<ShortComponent>> {
    let rows: Vec<(String, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT id, on_hand, reserved, reorder_level, replenish_days FROM components \
         WHERE on_hand - reserved <= reorder_level ORDER BY on_hand - reserved, id",
    )
    .fetch_all(&mut *conn)
    .await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let open: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT component_id, expected_on, quantity FROM component_deliveries \
         WHERE received_at IS NULL AND cancelled_at IS NULL ORDER BY expected_on, id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut next: BTreeMap<String, (Date, i64)> = BTreeMap::new();
    for (component, on, quantity) in open {
        if let std::collections::btree_map::Entry::Vacant(entry) = next.entry(component) {
            let on: Date = on.parse().with_context(|| format!("expected day {on:?}"))?;
            entry.insert((on, quantity));
        }
    }
    Ok(rows
        .into_iter()
        .map(
            |(id, on_hand, reserved, reorder_level, replenish)| ShortComponent {
                next_delivery: next.get(&id).copied(),
                id,
                on_hand,
                reserved,
                reorder_level,
                replenish_days: u32::try_from(replenish).unwrap_or(u32::MAX),
            },
        )
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn utc_hours_fall_into_berlin_days() {
        let berlin = zone("Europe/Berlin").unwrap();
        assert_eq!(
            local_day("2026-12-01T22", &berlin).unwrap(),
            date(2026, 12, 1)
        );
        assert_eq!(
            local_day("2026-12-01T23", &berlin).unwrap(),
            date(2026, 12, 2)
        );
        // Summer time: two hours ahead.
        assert_eq!(
            local_day("2026-07-01T21", &berlin).unwrap(),
            date(2026, 7, 1)
        );
        assert_eq!(
            local_day("2026-07-01T22", &berlin).unwrap(),
            date(2026, 7, 2)
        );
        assert!(local_day("nonsense", &berlin).is_err());
    }
}
