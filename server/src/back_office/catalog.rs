//! Catalog publishing in the back office: the shared draft (saved from an
//! uploaded document, refused when it started from an older revision), its
//! review (the engine's catalog check and the changes against the live
//! version), publishing it with a change note, rolling back to an older
//! version as a new one, and exporting any version.

use super::{local, zone};
use crate::catalog_store;
use crate::db::{Backend, Pool};
use anyhow::Context;
use app::admin::catalog::{
    CatalogOverview, Comparison, DraftReview, DraftSummary, ScheduleFailure, VersionRow, MAX_NOTE,
};
use app::state::{BoxFuture, CatalogAdminStore, PublishedCatalog};
use engine::{Catalog, Text};

/// The catalog pages' store over the database.
#[derive(Clone)]
pub struct SqlCatalogAdmin {
    pub pool: Pool,
    pub time_zone: String,
    /// What customers are quoted now, for the impact report.
    pub live: app::state::CatalogHandle,
}

impl CatalogAdminStore for SqlCatalogAdmin {
    fn overview(&self) -> BoxFuture<'_, Result<CatalogOverview, String>> {
        Box::pin(async move {
            overview(&self.pool, &self.time_zone, &self.live)
                .await
                .map_err(|e| format!("{e:#}"))
        })
    }

    fn compare(&self, from: i64, to: i64) -> BoxFuture<'_, Result<Option<Comparison>, String>> {
        Box::pin(async move {
            compare(&self.pool, from, to)
                .await
                .map_err(|e| format!("{e:#}"))
        })
    }

    fn draft_review(&self) -> BoxFuture<'_, Result<Option<DraftReview>, String>> {
        Box::pin(async move {
            review(&self.pool, &self.time_zone, &self.live)
                .await
                .map_err(|e| format!("{e:#}"))
        })
    }

    fn preview<'a>(
        &'a self,
        product: &'a str,
    ) -> BoxFuture<'a, Result<Option<app::admin::catalog::Preview>, String>> {
        Box::pin(async move {
            super::catalog_editor::preview(&self.pool, product)
                .await
                .map_err(|e| format!("{e:#}"))
        })
    }

    fn editor(&self) -> BoxFuture<'_, Result<app::admin::catalog::EditorData, String>> {
        Box::pin(async move {
            super::catalog_editor::editor_data(&self.pool)
                .await
                .map_err(|e| format!("{e:#}"))
        })
    }
}

/// A catalog document (JSON, or TOML when it does not start with `{`),
/// or why it is none.
pub fn decode(document: &str) -> Result<Catalog, Text> {
    catalog_store::decode(document).map_err(|e| Text {
        de: format!("Das ist kein lesbares Katalogdokument: {e}"),
        en: format!("This is not a readable catalog document: {e}"),
    })
}

async fn overview(
    pool: &Pool,
    time_zone: &str,
    served: &app::state::CatalogHandle,
) -> anyhow::Result<CatalogOverview> {
    let tz = zone(time_zone)?;
    let rows: Vec<(i64, String, String, String, String, String)> = sqlx::query_as(
        "SELECT version, published_at, published_by, note, override_reason, document \
         FROM catalog_versions ORDER BY version DESC",
    )
    .fetch_all(pool)
    .await?;
    let live = rows.first().map(|r| r.0);
    let versions = rows
        .into_iter()
        .map(|(version, at, by, note, override_reason, document)| {
            Ok(VersionRow {
                version,
                published_at: local(&at, &tz)?,
                published_by: by,
                note,
                override_reason,
                products: Catalog::from_json(&document).map_or(0, |c| c.products.len()),
                live: Some(version) == live,
            })
        })
        .collect::<anyhow::Result<_>>()?;
    let draft = match draft(pool).await? {
        Some(stored) => Some(stored.summary(&tz)?),
        None => None,
    };
    Ok(CatalogOverview {
        versions,
        draft,
        tests: super::catalog_tests::list(pool).await?,
        products: served
            .current()
            .catalog
            .products
            .iter()
            .map(|p| p.id.clone())
            .collect(),
        currency: served.current().catalog.currency.clone(),
    })
}

/// The stored draft.
struct StoredDraft {
    document: String,
    base_version: i64,
    revision: i64,
    updated_at: String,
    updated_by: String,
    publish_at: Option<String>,
    schedule_failure: Option<String>,
}

/// How a refused scheduled publication is stored on the draft.
#[derive(serde::Serialize, serde::Deserialize)]
pub(super) struct StoredFailure {
    pub revision: i64,
    /// RFC 3339, UTC.
    pub scheduled_for: String,
    pub reason: Text,
}

impl StoredDraft {
    fn summary(&self, tz: &jiff::tz::TimeZone) -> anyhow::Result<DraftSummary> {
        Ok(DraftSummary {
            revision: self.revision,
            base_version: self.base_version,
            updated_at: local(&self.updated_at, tz)?,
            updated_by: self.updated_by.clone(),
            products: Catalog::from_json(&self.document).map_or(0, |c| c.products.len()),
            publish_at: self
                .publish_at
                .as_deref()
                .map(|at| local(at, tz))
                .transpose()?,
            schedule_failure: self.failure(tz)?,
        })
    }

    /// The stored refusal of a schedule, while the draft is at its revision.
    fn failure(&self, tz: &jiff::tz::TimeZone) -> anyhow::Result<Option<ScheduleFailure>> {
        let Some(json) = &self.schedule_failure else {
            return Ok(None);
        };
        let failure: StoredFailure = serde_json::from_str(json)?;
        if failure.revision != self.revision {
            return Ok(None);
        }
        Ok(Some(ScheduleFailure {
            scheduled_for: local(&failure.scheduled_for, tz)?,
            reason: failure.reason,
        }))
    }
}

async fn draft(pool: &Pool) -> anyhow::Result<Option<StoredDraft>> {
    type Row = (
        String,
        i64,
        i64,
        String,
        String,
        Option<String>,
        Option<String>,
    );
    let row: Option<Row> = sqlx::query_as(
        "SELECT d.document, d.base_version, d.revision, d.updated_at, u.name, d.publish_at, \
         d.schedule_failure \
         FROM catalog_drafts d JOIN users u ON u.id = d.updated_by WHERE d.id = 'draft'",
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(
        |(document, base_version, revision, updated_at, updated_by, publish_at, failure)| {
            StoredDraft {
                document,
                base_version,
                revision,
                updated_at,
                updated_by,
                publish_at,
                schedule_failure: failure,
            }
        },
    ))
}

/// Published version `version`, if there is one.
pub(crate) async fn document_of(pool: &Pool, version: i64) -> anyhow::Result<Option<Catalog>> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT document FROM catalog_versions WHERE version = $1")
            .bind(version)
            .fetch_optional(pool)
            .await?;
    row.map(|(document,)| {
        Catalog::from_json(&document)
            .map_err(|e| anyhow::anyhow!("stored catalog version {version} is unreadable: {e}"))
    })
    .transpose()
}

async fn live_version(pool: &Pool) -> anyhow::Result<i64> {
    let (version,): (Option<i64>,) = sqlx::query_as("SELECT MAX(version) FROM catalog_versions")
        .fetch_one(pool)
        .await?;
    version.context("no catalog is published")
}

async fn compare(pool: &Pool, from: i64, to: i64) -> anyhow::Result<Option<Comparison>> {
    let (Some(old), Some(new)) = (document_of(pool, from).await?, document_of(pool, to).await?)
    else {
        return Ok(None);
    };
    Ok(Some(Comparison {
        from,
        to,
        changes: engine::diff::diff(&old, &new),
    }))
}

async fn review(
    pool: &Pool,
    time_zone: &str,
    served: &app::state::CatalogHandle,
) -> anyhow::Result<Option<DraftReview>> {
    let tz = zone(time_zone)?;
    let Some(stored) = draft(pool).await? else {
        return Ok(None);
    };
    let catalog = Catalog::from_json(&stored.document)
        .map_err(|e| anyhow::anyhow!("the stored draft is unreadable: {e}"))?;
    let live_version = live_version(pool).await?;
    let live = document_of(pool, live_version)
        .await?
        .context("the live catalog")?;
    let unknown_lines = super::catalog_editor::unknown_lines(pool, &catalog).await?;
    let (report, compiled) = tokio::task::spawn_blocking({
        let catalog = catalog.clone();
        move || {
            let mut report = super::catalog_editor::check(&catalog);
            report.errors.extend(unknown_lines);
            let compiled = report
                .is_publishable()
                .then(|| PublishedCatalog::new(0, catalog).ok())
                .flatten();
            (report, compiled)
        }
    })
    .await?;
    let (impact, tests) = match compiled {
        Some(draft) => (
            super::catalog_impact::impact(pool, &served.current(), &draft).await?,
            super::catalog_tests::run(pool, &draft).await?,
        ),
        None => Default::default(),
    };
    Ok(Some(DraftReview {
        currency: catalog.currency.clone(),
        impact,
        tests,
        draft: stored.summary(&tz)?,
        live_version,
        errors: report.errors,
        warnings: report.warnings,
        changes: engine::diff::diff(&live, &catalog),
    }))
}

/// Saves `document` as the draft for `user`, who started from draft
/// revision `seen` (0: there was none): the new revision, or why nothing
/// was saved (unreadable, or the draft changed meanwhile).
pub async fn save_draft(
    pool: &Pool,
    backend: Backend,
    time_zone: &str,
    document: &str,
    seen: i64,
    user: &str,
) -> anyhow::Result<Result<i64, super::catalog_editor::Refusal>> {
    let uploaded = match super::catalog_editor::replace_with(document) {
        Ok(uploaded) => uploaded,
        Err(e) => return Ok(Err(super::catalog_editor::Refusal::Invalid(e))),
    };
    let saved = super::catalog_editor::edit(pool, backend, time_zone, seen, user, |draft| {
        draft.clone_from(&uploaded);
        Ok(())
    })
    .await?;
    Ok(saved.map(|(revision, ())| revision))
}

/// The refusal of a save or publish that started from an older draft.
fn stale(current: Option<(i64, String, String)>, tz: &jiff::tz::TimeZone) -> anyhow::Result<Text> {
    Ok(match current {
        Some((revision, at, by)) => {
            let at = local(&at, tz)?;
            let (de, en) = (
                app::pages::admin::when(at, engine::Lang::De),
                app::pages::admin::when(at, engine::Lang::En),
            );
            Text {
                de: format!("Der Entwurf wurde inzwischen von {by} geändert (Stand {revision}, {de}). Nichts wurde veröffentlicht; bitte den neuen Stand prüfen und dann noch einmal."),
                en: format!("The draft was changed meanwhile by {by} (revision {revision}, {en}). Nothing was published; please review the new revision, then try again."),
            }
        }
        None => Text {
            de: "Den Entwurf gibt es inzwischen nicht mehr (veröffentlicht oder verworfen). Nichts wurde veröffentlicht.".into(),
            en: "The draft is gone meanwhile (published or discarded). Nothing was published.".into(),
        },
    })
}

/// What publishing asks for besides the draft.
pub struct PublishForm {
    /// The draft revision the person reviewed.
    pub seen: i64,
    pub note: String,
    /// The person confirmed the check's warnings.
    pub warnings_confirmed: bool,
    /// Why failing test configurations may be published anyway (empty:
    /// they may not).
    pub override_reason: String,
}

/// What publishing the draft does.
pub enum Published {
    /// Published as this version, ready to serve.
    Now(PublishedCatalog),
    /// Scheduled for this time (UTC, as stored).
    Scheduled(String),
}

/// Publishes the draft the person reviewed as the next version, or
/// schedules it for `at` (UTC); or says why not (stale, errors,
/// unconfirmed warnings, failing tests without a reason, no note).
pub async fn publish_draft(
    pool: &Pool,
    form: &PublishForm,
    by: &str,
    at: Option<jiff::Timestamp>,
    time_zone: &str,
) -> anyhow::Result<Result<Published, Text>> {
    let tz = &zone(time_zone)?;
    let ready = match prepare(pool, form, tz).await? {
        Ok(ready) => ready,
        Err(refusal) => return Ok(Err(refusal)),
    };
    match at {
        Some(at) => {
            let at = at.to_string();
            let scheduled = sqlx::query(
                "UPDATE catalog_drafts SET publish_at = $2, publish_note = $3, publish_by = $4, \
                 publish_override = $5 WHERE id = 'draft' AND revision = $1",
            )
            .bind(ready.revision)
            .bind(&at)
            .bind(form.note.trim())
            .bind(by)
            .bind(form.override_reason.trim())
            .execute(pool)
            .await?;
            if scheduled.rows_affected() != 1 {
                return Ok(Err(stale(None, tz)?));
            }
            tracing::info!(
                revision = ready.revision,
                at,
                "catalog publication scheduled"
            );
            Ok(Ok(Published::Scheduled(at)))
        }
        None => Ok(Ok(Published::Now(
            publish_ready(
                pool,
                ready,
                by,
                form.note.trim(),
                form.override_reason.trim(),
            )
            .await?,
        ))),
    }
}

/// A draft that passed everything publishing asks for.
pub(super) struct Ready {
    compiled: PublishedCatalog,
    revision: i64,
    /// The labels of the failing test configurations (overridden).
    failing: Vec<String>,
}

/// Checks the draft the person reviewed as publishing does.
pub(super) async fn prepare(
    pool: &Pool,
    form: &PublishForm,
    tz: &jiff::tz::TimeZone,
) -> anyhow::Result<Result<Ready, Text>> {
    let note = form.note.trim();
    if let Err(refusal) = check_note(note) {
        return Ok(Err(refusal));
    }
    let Some(stored) = draft(pool).await? else {
        return Ok(Err(stale(None, tz)?));
    };
    if stored.revision != form.seen {
        return Ok(Err(stale(
            Some((stored.revision, stored.updated_at, stored.updated_by)),
            tz,
        )?));
    }
    let catalog = Catalog::from_json(&stored.document)
        .map_err(|e| anyhow::anyhow!("the stored draft is unreadable: {e}"))?;
    let unknown_lines = super::catalog_editor::unknown_lines(pool, &catalog).await?;
    let (report, compiled) = tokio::task::spawn_blocking({
        let catalog = catalog.clone();
        move || {
            let mut report = super::catalog_editor::check(&catalog);
            report.errors.extend(unknown_lines);
            let compiled = report
                .is_publishable()
                .then(|| app::state::PublishedCatalog::new(0, catalog));
            (report, compiled)
        }
    })
    .await?;
    if let Some(first) = report.errors.first() {
        return Ok(Err(Text {
            de: format!("Die Katalogprüfung hat {} Fehler gefunden; so kann nichts veröffentlicht werden. Erster: {first}", report.errors.len()),
            en: format!("The catalog check found {} error(s); nothing can be published like this. First: {first}", report.errors.len()),
        }));
    }
    if !report.warnings.is_empty() && !form.warnings_confirmed {
        return Ok(Err(Text {
            de: format!(
                "Bitte die {} Hinweise der Katalogprüfung lesen und bestätigen.",
                report.warnings.len()
            ),
            en: format!(
                "Please read and confirm the catalog check's {} warning(s).",
                report.warnings.len()
            ),
        }));
    }
    let compiled = compiled
        .context("a checked catalog compiles")?
        .map_err(anyhow::Error::msg)?;
    let failing: Vec<String> = super::catalog_tests::run(pool, &compiled)
        .await?
        .into_iter()
        .filter(|run| !run.passed())
        .map(|run| run.test.label)
        .collect();
    let reason = form.override_reason.trim();
    if !failing.is_empty() && reason.is_empty() {
        return Ok(Err(Text {
            de: format!("{} Testkonfiguration(en) schlagen fehl ({}); veröffentlichen geht nur mit einer Begründung, die die Version behält.", failing.len(), failing.join(", ")),
            en: format!("{} test configuration(s) fail ({}); publishing needs a reason, which the version keeps.", failing.len(), failing.join(", ")),
        }));
    }
    if reason.chars().count() > MAX_NOTE {
        return Ok(Err(Text {
            de: format!("Die Begründung ist zu lang (höchstens {MAX_NOTE} Zeichen)."),
            en: format!("The reason is too long (at most {MAX_NOTE} characters)."),
        }));
    }
    Ok(Ok(Ready {
        compiled,
        revision: stored.revision,
        failing,
    }))
}

/// Publishes a prepared draft: the catalog as its new version.
pub(super) async fn publish_ready(
    pool: &Pool,
    ready: Ready,
    by: &str,
    note: &str,
    reason: &str,
) -> anyhow::Result<PublishedCatalog> {
    let published = catalog_store::publish_compiled(pool, ready.compiled, by, note).await?;
    let version = published.version;
    if !ready.failing.is_empty() {
        sqlx::query("UPDATE catalog_versions SET override_reason = $2 WHERE version = $1")
            .bind(version)
            .bind(format!("{reason} [{}]", ready.failing.join(", ")))
            .execute(pool)
            .await?;
    }
    // The draft is done unless someone saved a newer revision meanwhile.
    sqlx::query("DELETE FROM catalog_drafts WHERE id = 'draft' AND revision = $1")
        .bind(ready.revision)
        .execute(pool)
        .await?;
    Ok(published)
}

/// Publishes version `version` again as the next version: the catalog as
/// that version, or why not.
pub async fn roll_back(
    pool: &Pool,
    version: i64,
    note: &str,
    by: &str,
) -> anyhow::Result<Result<PublishedCatalog, Text>> {
    let note = note.trim();
    if let Err(refusal) = check_note(note) {
        return Ok(Err(refusal));
    }
    let Some(catalog) = document_of(pool, version).await? else {
        return Ok(Err(Text {
            de: format!("Eine Version {version} gibt es nicht."),
            en: format!("There is no version {version}."),
        }));
    };
    let (report, compiled) = tokio::task::spawn_blocking(move || {
        let report = engine::check::check(&catalog);
        let compiled = report
            .is_publishable()
            .then(|| PublishedCatalog::new(0, catalog));
        (report, compiled)
    })
    .await?;
    let refused = |first: String| Text {
        de: format!("Version {version} besteht die heutige Katalogprüfung nicht: {first}"),
        en: format!("Version {version} does not pass today's catalog check: {first}"),
    };
    let compiled = match (report.errors.first(), compiled) {
        (Some(first), _) => return Ok(Err(refused(first.to_string()))),
        (None, Some(Ok(compiled))) => compiled,
        (None, Some(Err(e))) => return Ok(Err(refused(e))),
        (None, None) => anyhow::bail!("a checked catalog did not compile"),
    };
    let noted = format!("↩ {version}: {note}");
    Ok(Ok(catalog_store::publish_compiled(
        pool, compiled, by, &noted,
    )
    .await?))
}

/// Takes the schedule off the draft the person saw; false if it changed
/// meanwhile.
pub async fn unschedule(pool: &Pool, seen: i64) -> anyhow::Result<bool> {
    let done = sqlx::query(
        "UPDATE catalog_drafts SET publish_at = NULL WHERE id = 'draft' AND revision = $1",
    )
    .bind(seen)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Drops the draft the person saw (revision `seen`); false if it changed
/// meanwhile or is gone.
pub async fn discard_draft(pool: &Pool, seen: i64) -> anyhow::Result<bool> {
    let done = sqlx::query("DELETE FROM catalog_drafts WHERE id = 'draft' AND revision = $1")
        .bind(seen)
        .execute(pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Version `version` as one document (the engine's JSON), if it exists.
pub async fn export(pool: &Pool, version: i64) -> anyhow::Result<Option<String>> {
    Ok(match document_of(pool, version).await? {
        Some(catalog) => Some(serde_json::to_string_pretty(&catalog)?),
        None => None,
    })
}

fn check_note(note: &str) -> Result<(), Text> {
    if note.is_empty() || note.chars().count() > MAX_NOTE {
        return Err(Text {
            de: format!("Bitte in einer Notiz sagen, was sich ändert und warum (höchstens {MAX_NOTE} Zeichen)."),
            en: format!("Please say in a note what changes and why (at most {MAX_NOTE} characters)."),
        });
    }
    Ok(())
}
