//! Published catalog versions in the database, and the demo catalog that
//! seeds an empty database on first start.

use crate::db::Pool;
use anyhow::Context;
use app::state::PublishedCatalog;
use engine::Catalog;
use std::path::Path;

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

/// Decodes a catalog document (JSON, or TOML when it does not start with `{`)
/// and refuses it unless it validates.
pub fn decode_valid(document: &str) -> anyhow::Result<Catalog> {
    let catalog = if document.trim_start().starts_with('{') {
        Catalog::from_json(document)
    } else {
        Catalog::from_toml(document)
    }
    .map_err(anyhow::Error::msg)?;
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
