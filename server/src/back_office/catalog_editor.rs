//! Editing the draft in place: every save applies one change (a product's
//! form, a new product, the settings, a whole uploaded document) to the
//! revision it started from. A save that started from an older revision is
//! refused with what changed meanwhile and what it would have changed, both
//! in business terms, so the person can redo theirs on the new revision.

use super::{catalog::decode, local, zone};
use crate::db::{begin_write, locking, now_text, Backend, Pool};
use anyhow::Context;
use app::admin::catalog::{Conflict, EditorData, Finding, Preview};
use app::admin::catalog_form::{self, FormError};
use engine::{Catalog, Text};

/// How many past revisions are kept for showing what changed.
const HISTORY: i64 = 20;

/// Why an edit was not saved.
#[derive(Debug)]
pub enum Refusal {
    /// The change itself is wrong (a field that does not read, a taken id).
    Invalid(FormError),
    /// The draft changed since the revision the edit started from.
    Stale { message: Text, conflict: Conflict },
}

/// Applies `change` to the draft at revision `seen` (0: none yet, so the
/// live version is the starting point) and saves the result as the next
/// revision for `user`. `change` runs on a copy; nothing is stored unless it
/// succeeds. The new revision and what `change` returned.
pub async fn edit<T>(
    pool: &Pool,
    backend: Backend,
    time_zone: &str,
    seen: i64,
    user: &str,
    change: impl Fn(&mut Catalog) -> Result<T, FormError>,
) -> anyhow::Result<Result<(i64, T), Refusal>> {
    let mut tx = begin_write(pool, backend).await?;
    let current: Option<(i64, String, String, String)> = sqlx::query_as(locking(
        backend,
        "SELECT d.revision, d.document, d.updated_at, u.name FROM catalog_drafts d \
         JOIN users u ON u.id = d.updated_by WHERE d.id = 'draft'",
    ))
    .fetch_optional(&mut *tx)
    .await?;
    let (live,): (Option<i64>,) = sqlx::query_as("SELECT MAX(version) FROM catalog_versions")
        .fetch_one(&mut *tx)
        .await?;
    let live = live.context("no catalog is published")?;
    let revision = current.as_ref().map_or(0, |c| c.0);
    if revision != seen {
        // What the person started from: that revision, or the live version.
        let started = match history_document(&mut tx, seen).await? {
            Some(doc) if seen > 0 => doc,
            _ => version_document(&mut tx, live).await?,
        };
        drop(tx);
        let tz = zone(time_zone)?;
        let now = match &current {
            Some((_, document, ..)) => Some(stored(document)?),
            None => None,
        };
        let mut changed = started.clone();
        let yours = match change(&mut changed) {
            Ok(_) => engine::diff::diff(&started, &changed),
            Err(_) => Vec::new(),
        };
        let conflict = Conflict {
            meanwhile: now
                .as_ref()
                .map(|now| engine::diff::diff(&started, now))
                .unwrap_or_default(),
            yours,
        };
        let message = match current {
            Some((revision, _, at, by)) => {
                let at = local(&at, &tz)?;
                let (de, en) = (
                    app::pages::admin::when(at, engine::Lang::De),
                    app::pages::admin::when(at, engine::Lang::En),
                );
                Text {
                    de: format!("Der Entwurf wurde inzwischen von {by} geändert (Stand {revision}, {de}). Nichts wurde gespeichert. Unten steht, was sich geändert hat und was Ihre Änderung gewesen wäre; das Formular zeigt den neuen Stand."),
                    en: format!("The draft was changed meanwhile by {by} (revision {revision}, {en}). Nothing was saved. Below is what changed and what your change would have been; the form shows the new revision."),
                }
            }
            None => Text {
                de: "Den Entwurf gibt es inzwischen nicht mehr (veröffentlicht oder verworfen). Nichts wurde gespeichert.".into(),
                en: "The draft is gone meanwhile (published or discarded). Nothing was saved.".into(),
            },
        };
        return Ok(Err(Refusal::Stale { message, conflict }));
    }
    let mut next = match &current {
        Some((_, document, ..)) => stored(document)?,
        None => version_document(&mut tx, live).await?,
    };
    let answer = match change(&mut next) {
        Ok(answer) => answer,
        Err(e) => return Ok(Err(Refusal::Invalid(e))),
    };
    let document = serde_json::to_string(&next)?;
    let new_revision = revision + 1;
    sqlx::query(
        "INSERT INTO catalog_drafts (id, document, base_version, revision, updated_at, updated_by) \
         VALUES ('draft', $1, $2, $3, $4, $5) \
         ON CONFLICT (id) DO UPDATE SET document = excluded.document, \
         base_version = excluded.base_version, revision = excluded.revision, \
         updated_at = excluded.updated_at, updated_by = excluded.updated_by, publish_at = NULL",
    )
    .bind(&document)
    .bind(live)
    .bind(new_revision)
    .bind(now_text())
    .bind(user)
    .execute(&mut *tx)
    .await?;
    if new_revision == 1 {
        sqlx::query("DELETE FROM catalog_draft_history")
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("DELETE FROM catalog_draft_history WHERE revision = $1 OR revision <= $2")
        .bind(new_revision)
        .bind(new_revision - HISTORY)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO catalog_draft_history (revision, document) VALUES ($1, $2)")
        .bind(new_revision)
        .bind(&document)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    tracing::info!(
        revision = new_revision,
        products = next.products.len(),
        "catalog draft saved"
    );
    Ok(Ok((new_revision, answer)))
}

fn stored(document: &str) -> anyhow::Result<Catalog> {
    Catalog::from_json(document).map_err(|e| anyhow::anyhow!("the stored draft is unreadable: {e}"))
}

async fn version_document(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    version: i64,
) -> anyhow::Result<Catalog> {
    let (document,): (String,) =
        sqlx::query_as("SELECT document FROM catalog_versions WHERE version = $1")
            .bind(version)
            .fetch_one(&mut **tx)
            .await?;
    Catalog::from_json(&document)
        .map_err(|e| anyhow::anyhow!("stored catalog version {version} is unreadable: {e}"))
}

async fn history_document(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    revision: i64,
) -> anyhow::Result<Option<Catalog>> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT document FROM catalog_draft_history WHERE revision = $1")
            .bind(revision)
            .fetch_optional(&mut **tx)
            .await?;
    row.map(|(document,)| stored(&document)).transpose()
}

/// An uploaded document as the change: it replaces the whole draft.
pub fn replace_with(document: &str) -> Result<Catalog, FormError> {
    decode(document).map_err(|message| FormError {
        field: "document".into(),
        message,
    })
}

/// What the editor pages show: the draft (or the live version when there is
/// none yet) and what the catalog check finds in it.
pub async fn editor_data(pool: &Pool) -> anyhow::Result<EditorData> {
    let (revision, catalog) = draft_or_live(pool).await?;
    let findings = findings(&catalog).await?;
    Ok(EditorData {
        revision,
        catalog,
        findings,
    })
}

/// The draft and its revision, or the live version and 0 while there is none.
pub async fn draft_or_live(pool: &Pool) -> anyhow::Result<(i64, Catalog)> {
    let draft: Option<(i64, String)> =
        sqlx::query_as("SELECT revision, document FROM catalog_drafts WHERE id = 'draft'")
            .fetch_optional(pool)
            .await?;
    Ok(match draft {
        Some((revision, document)) => (revision, stored(&document)?),
        None => {
            let (document,): (String,) = sqlx::query_as(
                "SELECT document FROM catalog_versions ORDER BY version DESC LIMIT 1",
            )
            .fetch_one(pool)
            .await?;
            (0, stored(&document)?)
        }
    })
}

/// The catalog check before publishing: the engine's, and what the
/// product drawings would no longer show.
pub fn check(catalog: &Catalog) -> engine::check::CheckReport {
    let mut report = engine::check::check(catalog);
    report
        .warnings
        .extend(app::components::preview::drawn::drawing_warnings(catalog));
    report
}

/// Errors for products made on a production line the shop floor does not
/// know: no delivery date could be promised for them, and no order placed.
pub async fn unknown_lines(
    pool: &crate::db::Pool,
    catalog: &Catalog,
) -> anyhow::Result<Vec<engine::validate::Problem>> {
    let known: Vec<(String,)> = sqlx::query_as("SELECT id FROM production_lines")
        .fetch_all(pool)
        .await?;
    Ok(catalog
        .products
        .iter()
        .filter(|p| !known.iter().any(|(id,)| *id == p.production_line))
        .map(|p| engine::validate::Problem {
            path: format!("products[{}].production_line", p.id),
            message: format!(
                "the shop floor has no production line '{}', so no delivery date can be promised and no order placed: set it up at /admin/operations/lines/{} (capacity and working days), or choose a line it has",
                p.production_line,
                engine::query::percent_encode(&p.production_line)
            ),
        })
        .collect())
}

/// The catalog check's findings, errors first.
pub async fn findings(catalog: &Catalog) -> anyhow::Result<Vec<Finding>> {
    let catalog = catalog.clone();
    let report = tokio::task::spawn_blocking(move || check(&catalog)).await?;
    Ok(report
        .errors
        .into_iter()
        .map(|problem| Finding {
            problem,
            error: true,
        })
        .chain(report.warnings.into_iter().map(|problem| Finding {
            problem,
            error: false,
        }))
        .collect())
}

/// The form of product `product` applied to a copy of `catalog`, for the
/// live check while typing: the findings about that product, or the field
/// that does not read.
pub async fn check_form(
    catalog: &Catalog,
    product: &str,
    form: &[(String, String)],
) -> anyhow::Result<Result<Vec<Finding>, FormError>> {
    let mut copy = catalog.clone();
    let form: Vec<_> = form
        .iter()
        .filter(|(k, _)| k != "action")
        .cloned()
        .collect();
    if let Err(e) = catalog_form::apply(&mut copy, product, &form) {
        return Ok(Err(e));
    }
    let prefix = format!("products[{product}]");
    Ok(Ok(findings(&copy)
        .await?
        .into_iter()
        .filter(|f| f.problem.path == prefix || f.problem.path.starts_with(&format!("{prefix}.")))
        .collect()))
}

/// Product `product` of the draft (or of the live version while there is
/// no draft) compiled for the configurator's preview.
pub async fn preview(pool: &Pool, product: &str) -> anyhow::Result<Option<Preview>> {
    let (revision, catalog) = draft_or_live(pool).await?;
    if !catalog.products.iter().any(|p| p.id == product) {
        return Ok(None);
    }
    let id = product.to_owned();
    let compiled =
        tokio::task::spawn_blocking(move || engine::solver::compile(&catalog, &id)).await?;
    Ok(Some(match compiled {
        Ok(compiled) => Preview::Ready {
            revision,
            compiled: Box::new(compiled.for_browser()),
        },
        Err(e) => Preview::Broken(e.message(engine::Lang::En)),
    }))
}
