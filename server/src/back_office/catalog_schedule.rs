//! Scheduled catalog publications: a draft scheduled for a time is
//! published then by whichever server process claims it first, after the
//! same checks as publishing at once. A draft that no longer passes them
//! stays a draft, unscheduled; the draft pages say why, and production and
//! marketing's systems hear of it as a `catalog.schedule_failed` event.

use super::catalog::{prepare, publish_ready, PublishForm, StoredFailure};
use crate::db::Pool;
use engine::Text;
use std::time::Duration;

/// The event a scheduled publication the checks refused writes.
pub const SCHEDULE_FAILED: &str = "catalog.schedule_failed";

/// Publishes a due scheduled draft every `every`; runs until the process ends.
pub async fn run(pool: Pool, every: Duration) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if let Err(e) = publish_due(&pool).await {
            tracing::warn!(error = %format!("{e:#}"), "cannot publish the scheduled catalog");
        }
    }
}

/// Publishes the scheduled draft if it is due and this process claims it:
/// the new version's number.
pub async fn publish_due(pool: &Pool) -> anyhow::Result<Option<i64>> {
    type Due = (i64, String, Option<String>, Option<String>, Option<String>);
    let due: Option<Due> = sqlx::query_as(
        "SELECT revision, publish_at, publish_note, publish_by, publish_override \
         FROM catalog_drafts WHERE id = 'draft' AND publish_at IS NOT NULL",
    )
    .fetch_optional(pool)
    .await?;
    let Some((revision, at, note, by, reason)) = due else {
        return Ok(None);
    };
    let when: jiff::Timestamp = at.parse()?;
    if when > jiff::Timestamp::now() {
        return Ok(None);
    }
    // One process claims it; the others find it gone.
    let claimed = sqlx::query(
        "UPDATE catalog_drafts SET publish_at = NULL \
         WHERE id = 'draft' AND revision = $1 AND publish_at = $2",
    )
    .bind(revision)
    .bind(&at)
    .execute(pool)
    .await?;
    if claimed.rows_affected() != 1 {
        return Ok(None);
    }
    let form = PublishForm {
        seen: revision,
        note: note.unwrap_or_default(),
        warnings_confirmed: true,
        override_reason: reason.unwrap_or_default(),
    };
    let by = by.unwrap_or_default();
    // The schedule publishes the revision it claimed: never stale, so the
    // refusal's time zone does not matter.
    match prepare(pool, &form, &jiff::tz::TimeZone::UTC).await? {
        Ok(ready) => {
            let version = publish_ready(
                pool,
                ready,
                &by,
                form.note.trim(),
                form.override_reason.trim(),
            )
            .await?
            .version;
            tracing::info!(version, scheduled = at, "scheduled catalog published");
            Ok(Some(version))
        }
        Err(refusal) => {
            tracing::warn!(
                why = refusal.en,
                "the scheduled catalog was not published; it stays a draft"
            );
            record_failure(pool, revision, &at, &by, refusal).await?;
            Ok(None)
        }
    }
}

/// Keeps why the schedule for `at` was refused on the draft (shown while
/// the draft stays at `revision`) and writes the event, in one transaction.
async fn record_failure(
    pool: &Pool,
    revision: i64,
    at: &str,
    by: &str,
    reason: Text,
) -> anyhow::Result<()> {
    let now = crate::db::now_text();
    let payload = serde_json::json!({
        "catalog": {
            "revision": revision,
            "scheduled_for": at,
            "scheduled_by": by,
            "reason": { "de": reason.de, "en": reason.en },
        },
        "at": now,
    });
    let failure = StoredFailure {
        revision,
        scheduled_for: at.to_owned(),
        reason,
    };
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE catalog_drafts SET schedule_failure = $1 WHERE id = 'draft'")
        .bind(serde_json::to_string(&failure)?)
        .execute(&mut *tx)
        .await?;
    crate::outbox::record(&mut tx, SCHEDULE_FAILED, &payload, &now).await?;
    tx.commit().await?;
    Ok(())
}
