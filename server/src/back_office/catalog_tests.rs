//! Marketing's test configurations: a configuration link saved with what it
//! gives on the live catalog now (orderable or not, the total, the bill of
//! materials), run on every draft before it is published.

use super::catalog_impact::{quoted, request};
use crate::db::{now_text, Pool};
use app::admin::catalog::{Outcome, TestConfiguration, TestRun, MAX_LABEL};
use app::state::PublishedCatalog;
use engine::Text;

type Row = (
    String,
    String,
    String,
    String,
    i64,
    Option<i64>,
    Option<String>,
    Option<i64>,
);

/// Every test configuration, by product and label.
pub async fn list(pool: &Pool) -> anyhow::Result<Vec<TestConfiguration>> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, product, configuration, label, valid, total, components, days FROM catalog_tests \
         ORDER BY product, label, id",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, product, configuration, label, valid, total, components, days)| {
                TestConfiguration {
                    id,
                    product,
                    configuration,
                    label,
                    expected: match (valid, total) {
                        (1, Some(total)) => Outcome::Orderable {
                            total,
                            components: components.unwrap_or_default(),
                            days: days.and_then(|d| u32::try_from(d).ok()),
                        },
                        _ => Outcome::NotOrderable,
                    },
                }
            },
        )
        .collect())
}

/// What `configuration` of `product` gives on `published`.
pub fn outcome(published: &PublishedCatalog, product: &str, configuration: &str) -> Outcome {
    match quoted(published, request(product, configuration, 1)) {
        Ok(f) => Outcome::Orderable {
            total: f.total,
            components: super::catalog_impact::listed(&f.components),
            days: f.lead_days,
        },
        Err(_) => Outcome::NotOrderable,
    }
}

/// Saves `link` (a configuration link or its query) of `product` as a
/// test expecting what it gives on `live` now; its id, or why not.
pub async fn add(
    pool: &Pool,
    live: &PublishedCatalog,
    product: &str,
    link: &str,
    label: &str,
    user: &str,
) -> anyhow::Result<Result<String, Text>> {
    let (product, configuration) = match parse_link(product, link) {
        Ok(parsed) => parsed,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let Some(compiled) = live.compiled.get(&product) else {
        return Ok(Err(Text {
            de: format!("Ein Produkt {product:?} gibt es im Katalog nicht."),
            en: format!("The catalog has no product {product:?}."),
        }));
    };
    // A test of a link the shop would repair would test something else.
    let pairs = engine::query::parse_query_string(&configuration);
    let (_, notices) = engine::query::parse(&compiled.product, &pairs);
    if !notices.is_empty() {
        let said = |lang| {
            notices
                .iter()
                .map(|n| n.message(lang, &compiled.product))
                .collect::<Vec<_>>()
                .join(" ")
        };
        return Ok(Err(Text {
            de: format!("Der Link passt nicht zum Katalog: {} Bitte den Link aus dem Konfigurator kopieren.", said(engine::Lang::De)),
            en: format!("The link does not fit the catalog: {} Please copy the link from the configurator.", said(engine::Lang::En)),
        }));
    }
    let label = label.trim();
    if label.is_empty() || label.chars().count() > MAX_LABEL {
        return Ok(Err(Text {
            de: format!("Bitte den Test benennen (höchstens {MAX_LABEL} Zeichen)."),
            en: format!("Please name the test (at most {MAX_LABEL} characters)."),
        }));
    }
    let (valid, total, components, days) = match outcome(live, &product, &configuration) {
        Outcome::Orderable {
            total,
            components,
            days,
        } => (1, Some(total), Some(components), days.map(i64::from)),
        Outcome::NotOrderable => (0, None, None, None),
    };
    let id = format!("ct_{}", uuid::Uuid::new_v4().simple());
    sqlx::query(
        "INSERT INTO catalog_tests (id, product, configuration, label, valid, total, components, days, created_at, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&id)
    .bind(&product)
    .bind(&configuration)
    .bind(label)
    .bind(valid)
    .bind(total)
    .bind(components)
    .bind(days)
    .bind(now_text())
    .bind(user)
    .execute(pool)
    .await?;
    Ok(Ok(id))
}

/// Deletes test `id`; false if there is none.
pub async fn delete(pool: &Pool, id: &str) -> anyhow::Result<bool> {
    let done = sqlx::query("DELETE FROM catalog_tests WHERE id = $1")
        .bind(id)
        .execute(pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Every test run on `draft`.
pub async fn run(pool: &Pool, draft: &PublishedCatalog) -> anyhow::Result<Vec<TestRun>> {
    Ok(list(pool)
        .await?
        .into_iter()
        .map(|test| TestRun {
            got: outcome(draft, &test.product, &test.configuration),
            test,
        })
        .collect())
}

/// The product and query of a link such as `/p/ring?metal=gold` (or a
/// whole address, or the query alone for `product`).
fn parse_link(product: &str, link: &str) -> Result<(String, String), Text> {
    let link = link.trim();
    let (path, query) = link.split_once('?').unwrap_or(("", link));
    let from_path = path
        .split("/p/")
        .nth(1)
        .map(|rest| rest.split(['/', '#']).next().unwrap_or_default().to_owned())
        .filter(|p| !p.is_empty());
    let product = from_path.unwrap_or_else(|| product.trim().to_owned());
    let query = query.split('#').next().unwrap_or_default().trim();
    if product.is_empty() || query.is_empty() || query.len() > 4000 {
        return Err(Text {
            de: "Bitte einen Konfigurationslink angeben, z. B. /p/ring?metal=yellow-gold&stone=ruby.".into(),
            en: "Please give a configuration link, e.g. /p/ring?metal=yellow-gold&stone=ruby.".into(),
        });
    }
    Ok((product, query.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::parse_link;

    #[test]
    fn links_give_their_product_and_query() {
        let whole = parse_link("", "https://shop.example/p/ring?metal=gold&size=54#top").unwrap();
        assert_eq!(whole, ("ring".to_owned(), "metal=gold&size=54".to_owned()));
        let query = parse_link("shirt", "collar=kent").unwrap();
        assert_eq!(query, ("shirt".to_owned(), "collar=kent".to_owned()));
        assert!(parse_link("", "metal=gold").is_err());
        assert!(parse_link("ring", "  ").is_err());
    }
}
