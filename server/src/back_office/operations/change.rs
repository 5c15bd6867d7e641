//! Changes to production lines and components, each in one transaction
//! with its log rows (who, when, before, after). A change applies only to
//! what the person saw: if someone (or an order) changed it meanwhile,
//! nothing is stored and the person is told. The delivery estimate reads
//! these tables on every request, so every server process quotes with a
//! change as soon as it is committed.

use crate::db::{begin_write, locking, Backend, Pool};
use app::admin::operations::{ComponentSettings, LineSettings, NewDelivery};
use engine::Text;
use sqlx::AnyConnection;

/// What a change got: how many fields changed, or why nothing was stored.
pub type Outcome = Result<usize, Text>;

fn unknown(what_de: &str, what_en: &str, id: &str) -> Text {
    Text {
        de: format!("{what_de} „{id}“ gibt es nicht."),
        en: format!("There is no {what_en} “{id}”."),
    }
}

fn changed_meanwhile() -> Text {
    Text {
        de: "Das wurde inzwischen geändert (von jemand anderem oder durch eine Bestellung). Nichts wurde gespeichert; unten steht der aktuelle Stand, Ihre Eingabe ist erhalten.".into(),
        en: "This was changed meanwhile (by someone else or by an order). Nothing was saved; the current values are shown below, your input is kept.".into(),
    }
}

/// Writes one log row per change.
async fn log(
    conn: &mut AnyConnection,
    actor: &str,
    subject: (&str, &str),
    changes: &[(&str, String, String)],
) -> anyhow::Result<()> {
    let now = jiff::Timestamp::now().to_string();
    for (field, before, after) in changes {
        sqlx::query(
            "INSERT INTO operations_log (id, at, actor, subject, subject_id, field, before, after)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(&now)
        .bind(actor)
        .bind(subject.0)
        .bind(subject.1)
        .bind(*field)
        .bind(before)
        .bind(after)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Stores `next` as line `id`'s settings if they are still `seen`.
pub async fn save_line(
    pool: &Pool,
    backend: Backend,
    id: &str,
    seen: &LineSettings,
    next: &LineSettings,
    actor: &str,
) -> anyhow::Result<Outcome> {
    let mut tx = begin_write(pool, backend).await?;
    let query = locking(
        backend,
        "SELECT daily_capacity, working_days, holidays FROM production_lines WHERE id = $1",
    );
    let row: Option<(i64, String, String)> = sqlx::query_as(query)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    let Some((capacity, days, holidays)) = row else {
        if !app::admin::operations::is_line_id(id) {
            return Ok(Err(unknown("Eine Fertigungslinie", "production line", id)));
        }
        if seen != &LineSettings::unset() {
            return Ok(Err(changed_meanwhile()));
        }
        return set_up_line(tx, id, next, actor).await;
    };
    let mut working_days = [false; 7];
    for day in days.split(',') {
        if let Some(i) = app::admin::operations::WEEKDAYS
            .iter()
            .position(|w| *w == day)
        {
            working_days[i] = true;
        }
    }
    let mut holidays: Vec<jiff::civil::Date> = serde_json::from_str(&holidays)?;
    holidays.sort_unstable();
    holidays.dedup();
    let current = LineSettings {
        daily_capacity: u32::try_from(capacity).unwrap_or(0),
        working_days,
        holidays,
    };
    if &current != seen {
        return Ok(Err(changed_meanwhile()));
    }
    let changes = next.changes_from(&current);
    if !changes.is_empty() {
        sqlx::query(
            "UPDATE production_lines SET daily_capacity = $2, working_days = $3, holidays = $4
             WHERE id = $1",
        )
        .bind(id)
        .bind(i64::from(next.daily_capacity))
        .bind(next.working_days_text())
        .bind(serde_json::to_string(&next.holidays)?)
        .execute(&mut *tx)
        .await?;
        log(&mut tx, actor, ("line", id), &changes).await?;
    }
    tx.commit().await?;
    Ok(Ok(changes.len()))
}

/// Sets up line `id` with `next` (a concurrent set-up wins; this one is then
/// refused as changed meanwhile).
async fn set_up_line(
    mut tx: sqlx::Transaction<'static, sqlx::Any>,
    id: &str,
    next: &LineSettings,
    actor: &str,
) -> anyhow::Result<Outcome> {
    let inserted = sqlx::query(
        "INSERT INTO production_lines (id, daily_capacity, working_days, holidays)
         VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING",
    )
    .bind(id)
    .bind(i64::from(next.daily_capacity))
    .bind(next.working_days_text())
    .bind(serde_json::to_string(&next.holidays)?)
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() != 1 {
        return Ok(Err(changed_meanwhile()));
    }
    let changes = next.changes_from(&LineSettings::unset());
    log(&mut tx, actor, ("line", id), &changes).await?;
    tx.commit().await?;
    tracing::info!(line = id, actor, "production line set up");
    Ok(Ok(changes.len().max(1)))
}

/// Stores `next` as component `id`'s settings if they are still `seen`.
pub async fn save_component(
    pool: &Pool,
    backend: Backend,
    id: &str,
    seen: &ComponentSettings,
    next: &ComponentSettings,
    actor: &str,
) -> anyhow::Result<Outcome> {
    let mut tx = begin_write(pool, backend).await?;
    let query = locking(
        backend,
        "SELECT on_hand, replenish_days, reorder_level FROM components WHERE id = $1",
    );
    let row: Option<(i64, i64, i64)> = sqlx::query_as(query)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    let Some((on_hand, lead, level)) = row else {
        return Ok(Err(unknown("Ein Bauteil", "component", id)));
    };
    let current = ComponentSettings {
        on_hand,
        replenish_days: u32::try_from(lead).unwrap_or(u32::MAX),
        reorder_level: level,
    };
    if &current != seen {
        return Ok(Err(changed_meanwhile()));
    }
    let changes = next.changes_from(&current);
    if !changes.is_empty() {
        sqlx::query(
            "UPDATE components SET on_hand = $2, replenish_days = $3, reorder_level = $4
             WHERE id = $1",
        )
        .bind(id)
        .bind(next.on_hand)
        .bind(i64::from(next.replenish_days))
        .bind(next.reorder_level)
        .execute(&mut *tx)
        .await?;
        log(&mut tx, actor, ("component", id), &changes).await?;
    }
    tx.commit().await?;
    Ok(Ok(changes.len()))
}

/// Records a delivery of component `id` expected as `delivery` says.
pub async fn add_delivery(
    pool: &Pool,
    backend: Backend,
    id: &str,
    delivery: &NewDelivery,
    actor: &str,
) -> anyhow::Result<Outcome> {
    let mut tx = begin_write(pool, backend).await?;
    let exists: Option<(String,)> = sqlx::query_as("SELECT id FROM components WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_none() {
        return Ok(Err(unknown("Ein Bauteil", "component", id)));
    }
    sqlx::query(
        "INSERT INTO component_deliveries (id, component_id, expected_on, quantity, created_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(uuid::Uuid::new_v4().simple().to_string())
    .bind(id)
    .bind(delivery.expected_on.to_string())
    .bind(delivery.quantity)
    .bind(jiff::Timestamp::now().to_string())
    .execute(&mut *tx)
    .await?;
    let what = format!("{} × {}", delivery.expected_on, delivery.quantity);
    log(
        &mut tx,
        actor,
        ("component", id),
        &[("delivery", String::new(), what)],
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(1))
}

/// Books open delivery `delivery` of component `id` into stock (`receive`)
/// or cancels it.
pub async fn settle_delivery(
    pool: &Pool,
    backend: Backend,
    id: &str,
    delivery: &str,
    receive: bool,
    actor: &str,
) -> anyhow::Result<Outcome> {
    let mut tx = begin_write(pool, backend).await?;
    // The component's row first, as a batch of orders locks it before it
    // reads the stock and the deliveries expected: a batch never promises
    // from a delivery cancelled meanwhile.
    let before: Option<(i64,)> = sqlx::query_as(locking(
        backend,
        "SELECT on_hand FROM components WHERE id = $1",
    ))
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let query = locking(
        backend,
        "SELECT expected_on, quantity FROM component_deliveries
         WHERE id = $1 AND component_id = $2 AND received_at IS NULL AND cancelled_at IS NULL",
    );
    let row: Option<(String, i64)> = sqlx::query_as(query)
        .bind(delivery)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    let (Some((expected_on, quantity)), Some((before,))) = (row, before) else {
        return Ok(Err(Text {
            de: "Diese Lieferung ist nicht mehr offen (schon eingebucht oder storniert).".into(),
            en: "This delivery is no longer open (already received or cancelled).".into(),
        }));
    };
    let now = jiff::Timestamp::now().to_string();
    let what = format!("{expected_on} × {quantity}");
    let settle = if receive {
        "UPDATE component_deliveries SET received_at = $2 WHERE id = $1"
    } else {
        "UPDATE component_deliveries SET cancelled_at = $2 WHERE id = $1"
    };
    sqlx::query(settle)
        .bind(delivery)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
    let mut changes = vec![(
        "delivery",
        what,
        (if receive { "received" } else { "cancelled" }).to_owned(),
    )];
    if receive {
        sqlx::query("UPDATE components SET on_hand = on_hand + $2 WHERE id = $1")
            .bind(id)
            .bind(quantity)
            .execute(&mut *tx)
            .await?;
        changes.push((
            "on_hand",
            before.to_string(),
            (before + quantity).to_string(),
        ));
    }
    log(&mut tx, actor, ("component", id), &changes).await?;
    tx.commit().await?;
    Ok(Ok(changes.len()))
}
