//! Changing an order's status, over the database: the workflow's rules
//! ([`app::orders::workflow`]) applied in one transaction that also records
//! who and when, writes the outbox event, and does what the status means
//! for production (a cancellation frees the booked capacity and the
//! reserved components; completion uses the components up). Internal notes.

use crate::db::{begin_write, locking, Backend, Pool};
use anyhow::Context;
use app::orders::{Action, OrderSnapshot, Status};
use engine::Text;
use std::collections::{BTreeMap, BTreeSet};

/// Who takes a step: a signed-in person (their user id) or a production
/// system (its API token's id).
#[derive(Clone, Copy, Debug)]
pub enum Actor<'a> {
    Person(&'a str),
    Client(&'a str),
}

/// Applies `action` to order `number`, which the person saw in status
/// `seen`: the new status, or why nothing changed (the order is unknown,
/// changed meanwhile, or the action makes no sense in its status).
pub async fn apply(
    pool: &Pool,
    backend: Backend,
    number: &str,
    seen: Status,
    action: &Action,
    actor: Actor<'_>,
) -> anyhow::Result<Result<Status, Text>> {
    let mut tx = begin_write(pool, backend).await?;
    let lock = locking(
        backend,
        "SELECT status, snapshot, production_line FROM orders WHERE id = $1",
    );
    let row: Option<(String, String, String)> = sqlx::query_as(lock)
        .bind(number)
        .fetch_optional(&mut *tx)
        .await?;
    let Some((current, snapshot, production_line)) = row else {
        return Ok(Err(super::no_such_order(number)));
    };
    let current = Status::parse(&current).with_context(|| format!("status {current:?}"))?;
    if current != seen {
        return Ok(Err(Text {
            de: format!(
                "Die Bestellung {number} wurde inzwischen geändert: sie ist jetzt „{}“. Nichts wurde geändert; bitte noch einmal ansehen.",
                current.label(engine::Lang::De)
            ),
            en: format!(
                "Order {number} was changed meanwhile: it is now “{}”. Nothing was changed; please look again.",
                current.label(engine::Lang::En)
            ),
        }));
    }
    let next = match action.apply(current) {
        Ok(next) => next,
        Err(refusal) => return Ok(Err(refusal.message())),
    };
    let changed = sqlx::query("UPDATE orders SET status = $2 WHERE id = $1 AND status = $3")
        .bind(number)
        .bind(next.as_str())
        .bind(current.as_str())
        .execute(&mut *tx)
        .await?;
    if changed.rows_affected() != 1 {
        anyhow::bail!("order {number} changed under its lock");
    }
    let now = jiff::Timestamp::now().to_string();
    let detail = detail_of(action);
    let (seq,): (i64,) =
        sqlx::query_as("SELECT COALESCE(MAX(seq), 0) + 1 FROM order_events WHERE order_id = $1")
            .bind(number)
            .fetch_one(&mut *tx)
            .await?;
    sqlx::query(
        "INSERT INTO order_events (order_id, seq, status, at, actor, client, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(number)
    .bind(seq)
    .bind(next.as_str())
    .bind(&now)
    .bind(match actor {
        Actor::Person(id) => Some(id),
        Actor::Client(_) => None,
    })
    .bind(match actor {
        Actor::Client(id) => Some(id),
        Actor::Person(_) => None,
    })
    .bind(detail.clone())
    .execute(&mut *tx)
    .await?;
    let snapshot = OrderSnapshot::decode(&snapshot, &production_line)
        .with_context(|| format!("snapshot of order {number}"))?;
    match next {
        Status::Cancelled if current != Status::Completed => {
            free_bookings(&mut tx, backend, number).await?;
            change_components(&mut tx, &snapshot, "reserved").await?;
        }
        Status::Completed => {
            change_components(&mut tx, &snapshot, "reserved").await?;
            change_components(&mut tx, &snapshot, "on_hand").await?;
        }
        _ => {}
    }
    let topic = app::admin::integrations::topic_of(next);
    let payload = serde_json::json!({
        "order": number,
        "status": next.as_str(),
        "previous": current.as_str(),
        "at": now,
        "detail": detail,
        "snapshot": snapshot,
    });
    crate::outbox::record(&mut tx, topic, &payload, &now).await?;
    tx.commit().await?;
    tracing::info!(order = %number, from = current.as_str(), to = next.as_str(), ?actor, "order status changed");
    Ok(Ok(next))
}

/// What the customer is told with a step.
fn detail_of(action: &Action) -> Option<String> {
    match action {
        Action::Reject { reason } | Action::Cancel { reason } => Some(reason.trim().to_owned()),
        Action::Ship { carrier, tracking } => {
            Some(format!("{} {}", carrier.trim(), tracking.trim()))
        }
        _ => None,
    }
}

/// Gives back the capacity every line of `number` booked.
async fn free_bookings(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    backend: Backend,
    number: &str,
) -> anyhow::Result<()> {
    let lines: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT production_line, production_start, quantity FROM order_lines WHERE order_id = $1",
    )
    .bind(number)
    .fetch_all(&mut **tx)
    .await?;
    if backend == Backend::Postgres {
        // The lines before their bookings and components, as a batch of
        // orders takes them, so that the two never wait for each other in
        // a circle.
        let ids: BTreeSet<&str> = lines.iter().map(|(line, _, _)| line.as_str()).collect();
        for id in ids {
            crate::operations::lock_line(tx, id).await?;
        }
    }
    for (line, day, units) in lines {
        sqlx::query(
            "UPDATE line_bookings SET units = CASE WHEN units >= $3 THEN units - $3 ELSE 0 END \
             WHERE line_id = $1 AND day = $2",
        )
        .bind(line)
        .bind(day)
        .bind(units)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Lowers `column` (`reserved` or `on_hand`) of every component the
/// snapshot's lines reserved by what they reserved (never below zero).
async fn change_components(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    snapshot: &OrderSnapshot,
    column: &str,
) -> anyhow::Result<()> {
    let sql = match column {
        "reserved" => {
            "UPDATE components SET reserved = CASE WHEN reserved >= $2 THEN reserved - $2 ELSE 0 END WHERE id = $1"
        }
        "on_hand" => {
            "UPDATE components SET on_hand = CASE WHEN on_hand >= $2 THEN on_hand - $2 ELSE 0 END WHERE id = $1"
        }
        other => anyhow::bail!("no component column {other}"),
    };
    // What the order reserved: its estimate's stock-tracked components,
    // which orders of every schema store; in byte order of the ids, as a
    // batch of orders locks them.
    let mut units: BTreeMap<&str, i64> = BTreeMap::new();
    for line in &snapshot.lines {
        for (component, used) in &line.delivery.components {
            *units.entry(component).or_default() +=
                i64::try_from(used.units).context("component units")?;
        }
    }
    for (component, units) in units {
        sqlx::query(sql)
            .bind(component)
            .bind(units)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Adds an internal note by `author` to order `number`, or says why not.
pub async fn add_note(
    pool: &Pool,
    backend: Backend,
    number: &str,
    body: &str,
    author: &str,
) -> anyhow::Result<Result<(), Text>> {
    let body = body.trim();
    if body.is_empty() {
        return Ok(Err(Text {
            de: "Bitte eine Notiz schreiben.".into(),
            en: "Please write a note.".into(),
        }));
    }
    let max = app::admin::review::MAX_NOTE;
    if body.chars().count() > max {
        return Ok(Err(Text {
            de: format!("Eine Notiz darf höchstens {max} Zeichen haben."),
            en: format!("A note may have at most {max} characters."),
        }));
    }
    let mut tx = begin_write(pool, backend).await?;
    let exists: Option<(String,)> = sqlx::query_as("SELECT id FROM orders WHERE id = $1")
        .bind(number)
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_none() {
        return Ok(Err(super::no_such_order(number)));
    }
    // Concurrent notes on PostgreSQL: the primary key refuses a doubled
    // number, and the note is tried once more.
    for _ in 0..3 {
        let (seq,): (i64,) =
            sqlx::query_as("SELECT COALESCE(MAX(seq), 0) + 1 FROM order_notes WHERE order_id = $1")
                .bind(number)
                .fetch_one(&mut *tx)
                .await?;
        let inserted = sqlx::query(
            "INSERT INTO order_notes (order_id, seq, author, body, at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (order_id, seq) DO NOTHING",
        )
        .bind(number)
        .bind(seq)
        .bind(author)
        .bind(body)
        .bind(jiff::Timestamp::now().to_string())
        .execute(&mut *tx)
        .await?;
        if inserted.rows_affected() == 1 {
            tx.commit().await?;
            return Ok(Ok(()));
        }
    }
    anyhow::bail!("could not number a note of order {number}")
}
