//! Production lines, booked capacity and component stock: seeded from
//! `catalog/operations.json` on first start, read as snapshots for the
//! delivery estimate.

mod recent;

pub use recent::RecentSnapshots;

use crate::db::rows::placeholders;
use crate::db::{Backend, Pool};
use anyhow::{bail, Context};
use app::state::{BoxFuture, OperationsSnapshot, OperationsStore, ProductionPlan};
use engine::delivery::{ComponentStock, Incoming, LineCalendar, Stock};
use jiff::civil::Date;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The demo operations data shipped in `catalog/`, built into the binary.
pub const DEMO_OPERATIONS: &str = include_str!("../../catalog/operations.json");

/// How far ahead bookings are read for an estimate: as far as the estimate
/// searches, so a fully booked year is never mistaken for free days.
const BOOKING_DAYS_AHEAD: i32 = engine::delivery::HORIZON_DAYS;

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OperationsFile {
    #[allow(dead_code)]
    schema: u32,
    production_lines: Vec<LineSeed>,
    components: Vec<ComponentSeed>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LineSeed {
    id: String,
    daily_capacity: u32,
    working_days: Vec<String>,
    #[serde(default)]
    holidays: Vec<Date>,
    #[serde(default)]
    backlog: Vec<BacklogSeed>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BacklogSeed {
    in_working_days: u32,
    units: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ComponentSeed {
    id: String,
    on_hand: u32,
    replenish_days: u32,
}

/// Today in the shop's time zone.
pub fn today_in(time_zone: &str) -> anyhow::Result<Date> {
    let tz = jiff::tz::TimeZone::get(time_zone)
        .with_context(|| format!("unknown time zone {time_zone:?} (ATELIER_TIME_ZONE)"))?;
    Ok(tz.to_datetime(jiff::Timestamp::now()).date())
}

/// Seeds lines, backlog and stock from `document` (or the demo data) when the
/// database has no production lines yet. Backlog offsets count working days
/// of each line from today.
pub async fn seed_if_empty(pool: &Pool, document: Option<&str>, today: Date) -> anyhow::Result<()> {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM production_lines")
        .fetch_one(pool)
        .await?;
    if count > 0 {
        return Ok(());
    }
    let file: OperationsFile = serde_json::from_str(document.unwrap_or(DEMO_OPERATIONS))
        .context("the operations file is invalid")?;
    let mut tx = pool.begin().await?;
    for line in &file.production_lines {
        let mask = weekday_mask(&line.working_days)
            .with_context(|| format!("production_lines[{}].working_days", line.id))?;
        let calendar = LineCalendar {
            working_days: mask,
            holidays: line.holidays.clone(),
            daily_capacity: line.daily_capacity,
            booked: BTreeMap::new(),
        };
        sqlx::query(
            "INSERT INTO production_lines (id, daily_capacity, working_days, holidays)
             VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING",
        )
        .bind(&line.id)
        .bind(i64::from(line.daily_capacity))
        .bind(line.working_days.join(","))
        .bind(serde_json::to_string(&line.holidays)?)
        .execute(&mut *tx)
        .await?;
        for (i, booking) in line.backlog.iter().enumerate() {
            let Some(day) = calendar.working_day_after(today, booking.in_working_days) else {
                bail!(
                    "production_lines[{}].backlog[{i}]: no working day in reach",
                    line.id
                );
            };
            sqlx::query(
                "INSERT INTO line_bookings (line_id, day, units) VALUES ($1, $2, $3)
                 ON CONFLICT (line_id, day) DO NOTHING",
            )
            .bind(&line.id)
            .bind(day.to_string())
            .bind(i64::from(booking.units))
            .execute(&mut *tx)
            .await?;
        }
    }
    for component in &file.components {
        sqlx::query(
            "INSERT INTO components (id, on_hand, reserved, replenish_days) VALUES ($1, $2, 0, $3)
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(&component.id)
        .bind(i64::from(component.on_hand))
        .bind(i64::from(component.replenish_days))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    tracing::info!(
        lines = file.production_lines.len(),
        components = file.components.len(),
        "seeded operations"
    );
    Ok(())
}

fn weekday_mask(days: &[String]) -> anyhow::Result<[bool; 7]> {
    let mut mask = [false; 7];
    for day in days {
        let Some(i) = WEEKDAYS.iter().position(|w| w.eq_ignore_ascii_case(day)) else {
            bail!("unknown weekday {day:?}; use mon, tue, wed, thu, fri, sat or sun");
        };
        mask[i] = true;
    }
    Ok(mask)
}

/// Operations data over the database.
#[derive(Clone)]
pub struct SqlOperations {
    pub pool: Pool,
    pub time_zone: String,
}

impl SqlOperations {
    async fn read(&self, line_id: &str) -> anyhow::Result<OperationsSnapshot> {
        let today = today_in(&self.time_zone)?;
        let mut conn = self.pool.acquire().await?;
        read_snapshot(&mut conn, line_id, today).await
    }
}

/// Capacity, bookings and stock for `line_id` as `conn` sees them (inside a
/// transaction: as that transaction sees them).
pub async fn read_snapshot(
    conn: &mut sqlx::AnyConnection,
    line_id: &str,
    today: Date,
) -> anyhow::Result<OperationsSnapshot> {
    let Some(line) = read_line(conn, line_id, today).await? else {
        bail!("unknown production line {line_id:?}");
    };
    Ok(OperationsSnapshot {
        line,
        stock: read_stock(conn, today).await?,
        today,
    })
}

/// The calendars of `line_ids` (unknown ones left out) and all stock, as
/// `conn` sees them.
pub async fn read_plan(
    conn: &mut sqlx::AnyConnection,
    line_ids: &[String],
    today: Date,
) -> anyhow::Result<ProductionPlan> {
    Ok(ProductionPlan {
        lines: read_lines(conn, line_ids, today).await?,
        stock: read_stock(conn, today).await?,
        today,
    })
}

/// What a batch of orders plans with: the calendars of `line_ids` and the
/// stock of `components` (sorted), whose rows it locks first on
/// PostgreSQL, in byte order of their ids: the stock and the deliveries
/// the batch reads are then those it reserves from, also when another
/// process's batch for another line uses the same components.
/// (Cancellations and completions change an order's components in that
/// order, a cancellation after locking the order's lines; receiving or
/// cancelling a delivery locks its component first: none waits for
/// another in a circle.)
pub async fn read_batch_plan(
    conn: &mut sqlx::AnyConnection,
    backend: Backend,
    line_ids: &[String],
    components: &[String],
    today: Date,
) -> anyhow::Result<ProductionPlan> {
    Ok(ProductionPlan {
        lines: read_lines(conn, line_ids, today).await?,
        stock: read_stock_of(conn, backend, components, today).await?,
        today,
    })
}

async fn read_lines(
    conn: &mut sqlx::AnyConnection,
    line_ids: &[String],
    today: Date,
) -> anyhow::Result<BTreeMap<String, LineCalendar>> {
    let mut lines = BTreeMap::new();
    for id in line_ids {
        if let Some(line) = read_line(conn, id, today).await? {
            lines.insert(id.clone(), line);
        }
    }
    Ok(lines)
}

/// Locks production line `id`'s row until the transaction ends (a write
/// that changes nothing); false when there is no such line. Orders of one
/// line are estimated one transaction at a time.
pub async fn lock_line(conn: &mut sqlx::AnyConnection, id: &str) -> anyhow::Result<bool> {
    let locked =
        sqlx::query("UPDATE production_lines SET daily_capacity = daily_capacity WHERE id = $1")
            .bind(id)
            .execute(conn)
            .await?;
    Ok(locked.rows_affected() > 0)
}

/// One production line's calendar with its bookings from today on, in one
/// query (a page reads it on every render; on SQLite each query is a round
/// trip to the connection's thread).
pub async fn read_line(
    conn: &mut sqlx::AnyConnection,
    line_id: &str,
    today: Date,
) -> anyhow::Result<Option<LineCalendar>> {
    let until = today.saturating_add(jiff::Span::new().days(BOOKING_DAYS_AHEAD));
    type Row = (i64, String, String, Option<String>, Option<i64>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT l.daily_capacity, l.working_days, l.holidays, b.day, b.units
         FROM production_lines l
         LEFT JOIN line_bookings b ON b.line_id = l.id AND b.day >= $2 AND b.day <= $3
         WHERE l.id = $1",
    )
    .bind(line_id)
    .bind(today.to_string())
    .bind(until.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let Some((capacity, working_days, holidays, _, _)) = rows.first() else {
        return Ok(None);
    };
    let days: Vec<String> = working_days.split(',').map(str::to_owned).collect();
    let mut calendar = LineCalendar {
        working_days: weekday_mask(&days)?,
        holidays: serde_json::from_str(holidays)?,
        daily_capacity: u32::try_from(*capacity).unwrap_or(0),
        booked: BTreeMap::new(),
    };
    for (_, _, _, day, units) in &rows {
        if let (Some(day), Some(units)) = (day, units) {
            let units = u32::try_from(*units).unwrap_or(u32::MAX);
            calendar.booked.insert(day.parse::<Date>()?, units);
        }
    }
    Ok(Some(calendar))
}

/// Stock of every component, with the deliveries expected after `today`,
/// in one query.
async fn read_stock(conn: &mut sqlx::AnyConnection, today: Date) -> anyhow::Result<Stock> {
    let sql = format!("{STOCK} ORDER BY c.id, d.expected_on");
    let rows = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(today.to_string())
        .fetch_all(&mut *conn)
        .await?;
    stock_of(rows)
}

/// Stock of `ids`, locked first on PostgreSQL; see [`read_batch_plan`].
async fn read_stock_of(
    conn: &mut sqlx::AnyConnection,
    backend: Backend,
    ids: &[String],
    today: Date,
) -> anyhow::Result<Stock> {
    if ids.is_empty() {
        return Ok(Stock::default());
    }
    if backend == Backend::Postgres {
        // A statement of its own: under READ COMMITTED the read below then
        // sees what the transactions it waited for committed (a statement
        // that locks and reads at once keeps the deliveries it joined
        // before it waited). Rows are locked as the sort hands them on;
        // `NO KEY UPDATE`, as only `reserved` changes.
        let lock = format!(
            "SELECT id FROM components WHERE id IN ({}) ORDER BY id COLLATE \"C\" \
             FOR NO KEY UPDATE",
            placeholders(1..ids.len() + 1)
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(lock));
        for id in ids {
            query = query.bind(id);
        }
        query.execute(&mut *conn).await?;
    }
    let only = placeholders(2..ids.len() + 2);
    let sql = format!("{STOCK} WHERE c.id IN ({only}) ORDER BY c.id, d.expected_on");
    let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(today.to_string());
    for id in ids {
        query = query.bind(id);
    }
    stock_of(query.fetch_all(&mut *conn).await?)
}

/// Components with their deliveries expected after `$1`.
const STOCK: &str =
    "SELECT c.id, c.on_hand, c.reserved, c.replenish_days, d.expected_on, d.quantity
     FROM components c
     LEFT JOIN component_deliveries d ON d.component_id = c.id
         AND d.received_at IS NULL AND d.cancelled_at IS NULL AND d.expected_on > $1";

type StockRow = (String, i64, i64, i64, Option<String>, Option<i64>);

/// The stock that `rows` of [`STOCK`] (sorted by component) describe.
fn stock_of(rows: Vec<StockRow>) -> anyhow::Result<Stock> {
    let mut stock = Stock::default();
    for (id, on_hand, reserved, replenish, on, units) in rows {
        let entry = stock
            .components
            .entry(id)
            .or_insert_with(|| ComponentStock {
                available: on_hand - reserved,
                replenish_days: u32::try_from(replenish).unwrap_or(u32::MAX),
                incoming: Vec::new(),
            });
        if let (Some(on), Some(units)) = (on, units) {
            entry.incoming.push(Incoming {
                on: on.parse()?,
                units,
            });
        }
    }
    Ok(stock)
}

impl SqlOperations {
    async fn plan_now(&self, line_ids: &[String]) -> anyhow::Result<ProductionPlan> {
        let today = today_in(&self.time_zone)?;
        let mut conn = self.pool.acquire().await?;
        read_plan(&mut conn, line_ids, today).await
    }

    async fn read_capacities(&self) -> anyhow::Result<BTreeMap<String, u32>> {
        let rows: Vec<(String, i64)> =
            sqlx::query_as("SELECT id, daily_capacity FROM production_lines")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .into_iter()
            .map(|(id, capacity)| (id, u32::try_from(capacity).unwrap_or(0)))
            .collect())
    }
}

impl OperationsStore for SqlOperations {
    fn snapshot<'a>(
        &'a self,
        line_id: &'a str,
    ) -> BoxFuture<'a, Result<OperationsSnapshot, String>> {
        Box::pin(async move { self.read(line_id).await.map_err(|e| format!("{e:#}")) })
    }

    fn plan<'a>(&'a self, line_ids: &'a [String]) -> BoxFuture<'a, Result<ProductionPlan, String>> {
        Box::pin(async move { self.plan_now(line_ids).await.map_err(|e| format!("{e:#}")) })
    }

    fn capacities(&self) -> BoxFuture<'_, Result<BTreeMap<String, u32>, String>> {
        Box::pin(async move { self.read_capacities().await.map_err(|e| format!("{e:#}")) })
    }
}
