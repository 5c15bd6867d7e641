//! Published catalog versions in the database: the demo catalog that seeds
//! an empty database on first start, publishing a new version, and every
//! server process following the newest one.

use crate::db::Pool;
use anyhow::Context;
use app::state::{CatalogHandle, PublishedCatalog};
use engine::Catalog;
use std::path::Path;
use std::time::Duration;

/// The demo catalog shipped in `catalog/`, built into the binary.
pub const DEMO_CATALOG: &str = include_str!("../../catalog/catalog.json");

/// Loads the newest published version; on an empty database first publishes
/// the catalog from `file` (or the demo catalog) as version 1.
pub async fn load_or_seed(pool: &Pool, file: Option<&Path>) -> anyhow::Result<PublishedCatalog> {
    if let Some(published) = newest(pool).await? {
        return Ok(published);
    }
    let document = match file {
        Some(path) => std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the catalog file {}", path.display()))?,
        None => DEMO_CATALOG.to_owned(),
    };
    let catalog = decode_valid(&document)?;
    let canonical = serde_json::to_string(&catalog)?;
    // Several processes may start at once: the first insert wins, all read it back.
    sqlx::query(
        "INSERT INTO catalog_versions (version, document, published_at, published_by)
         VALUES (1, $1, $2, 'seed') ON CONFLICT (version) DO NOTHING",
    )
    .bind(canonical)
    .bind(jiff::Timestamp::now().to_string())
    .execute(pool)
    .await?;
    tracing::info!(
        products = catalog.products.len(),
        "seeded catalog version 1"
    );
    newest(pool)
        .await?
        .context("catalog version 1 was not stored")
}

/// The newest published version, if any.
pub async fn newest(pool: &Pool) -> anyhow::Result<Option<PublishedCatalog>> {
    let row: Option<(i64, String)> = sqlx::query_as(
        "SELECT version, document FROM catalog_versions ORDER BY version DESC LIMIT 1",
    )
    .fetch_optional(pool)
    .await?;
    row.map(|(version, document)| {
        let catalog = Catalog::from_json(&document)
            .map_err(|e| anyhow::anyhow!("stored catalog version {version} is unreadable: {e}"))?;
        PublishedCatalog::new(version, catalog)
            .map_err(|e| anyhow::anyhow!("catalog version {version} does not compile: {e}"))
    })
    .transpose()
}

/// Decodes a catalog document: JSON, or TOML when it does not start with `{`.
pub fn decode(document: &str) -> Result<Catalog, String> {
    if document.trim_start().starts_with('{') {
        Catalog::from_json(document)
    } else {
        Catalog::from_toml(document)
    }
}

/// [`decode`]s a catalog document and refuses it unless it validates.
pub fn decode_valid(document: &str) -> anyhow::Result<Catalog> {
    let catalog = decode(document).map_err(anyhow::Error::msg)?;
    let problems = engine::validate::validate(&catalog);
    if !problems.is_empty() {
        let list: Vec<String> = problems.iter().map(|p| format!("  {p}")).collect();
        anyhow::bail!(
            "the catalog has {} problem(s):\n{}",
            problems.len(),
            list.join("\n")
        );
    }
    Ok(catalog)
}

/// Publishes `catalog` as the next version (after checking it validates
/// and every product compiles); the new version's number.
pub async fn publish(pool: &Pool, catalog: &Catalog, by: &str) -> anyhow::Result<i64> {
    publish_noted(pool, catalog, by, "").await
}

/// [`publish`] with a change note.
pub async fn publish_noted(
    pool: &Pool,
    catalog: &Catalog,
    by: &str,
    note: &str,
) -> anyhow::Result<i64> {
    let problems = engine::validate::validate(catalog);
    if let Some(first) = problems.first() {
        anyhow::bail!(
            "the catalog has {} problem(s), first: {first}",
            problems.len()
        );
    }
    let compiled = PublishedCatalog::new(0, catalog.clone()).map_err(anyhow::Error::msg)?;
    Ok(publish_compiled(pool, compiled, by, note).await?.version)
}

/// Publishes a catalog that validated and compiled as the next version,
/// with a change note: the catalog as that version, ready to serve.
pub async fn publish_compiled(
    pool: &Pool,
    mut compiled: PublishedCatalog,
    by: &str,
    note: &str,
) -> anyhow::Result<PublishedCatalog> {
    let catalog = &compiled.catalog;
    let document = serde_json::to_string(catalog)?;
    // Two publishers at once: one wins the number, the other takes the next.
    for _ in 0..3 {
        let mut tx = pool.begin().await?;
        let inserted: Result<(i64,), _> = sqlx::query_as(
            "INSERT INTO catalog_versions (version, document, published_at, published_by, note)
             SELECT COALESCE(MAX(version), 0) + 1, $1, $2, $3, $4 FROM catalog_versions
             RETURNING version",
        )
        .bind(&document)
        .bind(jiff::Timestamp::now().to_string())
        .bind(by)
        .bind(note)
        .fetch_one(&mut *tx)
        .await;
        match inserted {
            Ok((version,)) => {
                let now = jiff::Timestamp::now().to_string();
                let payload = serde_json::json!({
                    "catalog": {
                        "version": version,
                        "published_by": by,
                        "note": note,
                        "products": catalog.products.iter().map(|p| &p.id).collect::<Vec<_>>(),
                    },
                    "at": now,
                });
                crate::outbox::record(&mut tx, CATALOG_PUBLISHED, &payload, &now).await?;
                tx.commit().await?;
                tracing::info!(version, by, "published catalog version");
                compiled.version = version;
                return Ok(compiled);
            }
            Err(e) if is_unique_violation(&e) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    anyhow::bail!("another catalog was published at the same moment three times; try again")
}

/// The event every publication writes to the outbox.
pub const CATALOG_PUBLISHED: &str = "catalog.published";

fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

/// Keeps `handle` on the newest published version: every `every` it
/// [catches up](catch_up). Runs until the process ends.
pub async fn follow(pool: Pool, handle: CatalogHandle, every: Duration) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        catch_up(&pool, &handle).await;
    }
}

/// Asks the database for the newest version number and, when it is newer
/// than the one `handle` serves, loads, compiles and serves it.
pub async fn catch_up(pool: &Pool, handle: &CatalogHandle) {
    let newest_version: Result<(Option<i64>,), _> =
        sqlx::query_as("SELECT MAX(version) FROM catalog_versions")
            .fetch_one(pool)
            .await;
    match newest_version {
        Ok((Some(version),)) if version > handle.current().version => match newest(pool).await {
            Ok(Some(published)) => {
                tracing::info!(version = published.version, "serving catalog");
                handle.replace(published);
            }
            Ok(None) => {}
            Err(e) => {
                tracing::error!(error = %format!("{e:#}"), "cannot serve the newest catalog")
            }
        },
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "cannot look for a newer catalog"),
    }
}
