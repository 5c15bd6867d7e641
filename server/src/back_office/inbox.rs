//! The order inbox over the database: filtered, newest first, in keyset
//! pages (`created_at`, `id` below the last row shown), so a page costs the
//! same at order 100 and at order 100,000.

use super::{local, search, zone};
use crate::db::{Backend, Pool};
use anyhow::Context;
use app::admin::inbox::{Cursor, Inbox, InboxQuery, InboxRow, PAGE_SIZE};
use app::orders::Status;
use jiff::civil::Date;
use std::collections::BTreeMap;

/// Conditions and their values, numbered `$1`, `$2`, … as pushed.
#[derive(Default)]
struct Conditions {
    sql: Vec<String>,
    values: Vec<String>,
}

impl Conditions {
    /// Adds `condition`, in which each `?` stands for the next of `values`.
    fn push(&mut self, condition: &str, values: &[String]) {
        let mut sql = String::new();
        let mut rest = values.iter();
        for (i, part) in condition.split('?').enumerate() {
            if i > 0 {
                if let Some(v) = rest.next() {
                    self.values.push(v.clone());
                    sql.push_str(&format!("${}", self.values.len()));
                }
            }
            sql.push_str(part);
        }
        self.sql.push(sql);
    }

    fn clause(&self) -> String {
        if self.sql.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.sql.join(" AND "))
        }
    }
}

/// A bound on `created_at`: midnight of `day` in the shop's time zone, in
/// the stored format with nine fractional digits, so that it compares as
/// text with every stored time correctly.
fn midnight(day: Date, tz: &jiff::tz::TimeZone) -> anyhow::Result<String> {
    let at = tz
        .to_ambiguous_timestamp(day.to_datetime(jiff::civil::Time::midnight()))
        .compatible()?;
    Ok(at.strftime("%Y-%m-%dT%H:%M:%S.000000000Z").to_string())
}

/// The conditions of the filters, without the status and the page. A
/// search's `words` come narrowest first ([`search::narrowest_first`]).
fn filters(
    query: &InboxQuery,
    words: Option<&[String]>,
    backend: Backend,
    tz: &jiff::tz::TimeZone,
) -> anyhow::Result<Conditions> {
    let mut c = Conditions::default();
    // Checked per order, so that the newest orders come first off the index
    // of the pages without sorting every order of the product or line.
    if let Some(product) = &query.product {
        c.push(
            "EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.product_id = ?)",
            std::slice::from_ref(product),
        );
    }
    if let Some(line) = &query.line {
        c.push(
            "EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.production_line = ?)",
            std::slice::from_ref(line),
        );
    }
    if let Some(from) = query.from {
        c.push("o.created_at >= ?", &[midnight(from, tz)?]);
    }
    if let Some(to) = query.to {
        let next = to.checked_add(jiff::Span::new().days(1))?;
        c.push("o.created_at < ?", &[midnight(next, tz)?]);
    }
    match words {
        // Nothing to look for (only punctuation) or a word found nowhere.
        None => c.push("1 = 0", &[]),
        Some(words) => {
            for (i, word) in words.iter().enumerate() {
                let upper = search::upper_bound(word);
                c.push(&search::condition(backend, i == 0), &[word.clone(), upper]);
            }
        }
    }
    Ok(c)
}

/// An inbox row as selected.
type Row = (
    String,
    String,
    String,
    String,
    String,
    i64,
    String,
    i64,
    String,
    String,
);

/// The scope of the kept counts (`order_counts`) that answers `query`'s
/// counts, when one does: no days, no search, and at most one of product
/// and production line.
fn kept_scope(query: &InboxQuery) -> Option<String> {
    if query.from.is_some() || query.to.is_some() || !query.search.trim().is_empty() {
        return None;
    }
    match (&query.product, &query.line) {
        (None, None) => Some(String::new()),
        (Some(product), None) => Some(format!("product:{product}")),
        (None, Some(line)) => Some(format!("line:{line}")),
        (Some(_), Some(_)) => None,
    }
}

/// The orders per status that `counted` (the filters of `query`) selects:
/// read from the kept counts where they answer, else counted.
async fn count(
    pool: &Pool,
    query: &InboxQuery,
    counted: &Conditions,
) -> anyhow::Result<BTreeMap<String, i64>> {
    let rows: Vec<(String, i64)> = match kept_scope(query) {
        Some(scope) => {
            sqlx::query_as(
                "SELECT status, orders FROM order_counts WHERE scope = $1 AND orders > 0",
            )
            .bind(scope)
            .fetch_all(pool)
            .await?
        }
        None => {
            let sql = format!(
                "SELECT o.status, COUNT(*) FROM orders o {} GROUP BY o.status",
                counted.clause()
            );
            let mut count = sqlx::query_as(sqlx::AssertSqlSafe(sql));
            for v in &counted.values {
                count = count.bind(v.clone());
            }
            count.fetch_all(pool).await?
        }
    };
    Ok(rows.into_iter().collect())
}

/// One page of the inbox for `query`.
pub async fn page(
    pool: &Pool,
    backend: Backend,
    time_zone: &str,
    query: &InboxQuery,
) -> anyhow::Result<Inbox> {
    let tz = zone(time_zone)?;
    let words = search::words(&query.search);
    let words = if words.is_empty() && !query.search.trim().is_empty() {
        None
    } else {
        search::narrowest_first(pool, backend, words).await?
    };
    let counted = filters(query, words.as_deref(), backend, &tz)?;
    let by_status = count(pool, query, &counted).await?;
    let counts = Status::ALL
        .into_iter()
        .filter_map(|s| by_status.get(s.as_str()).map(|n| (s, *n)))
        .collect();

    let mut listed = counted;
    if let Some(status) = query.status {
        listed.push("o.status = ?", &[status.as_str().to_owned()]);
    }
    if let Some(after) = &query.after {
        // A row value, which both databases read as one range of the index
        // (PostgreSQL cannot with the same condition spelt out with OR).
        listed.push(
            "(o.created_at, o.id) < (?, ?)",
            &[after.created_at.clone(), after.id.clone()],
        );
    }
    let list_sql = format!(
        "SELECT o.id, o.created_at, o.customer_name, o.email, o.status, o.total_minor, \
         o.currency, o.quantity, o.earliest, o.latest FROM orders o {} \
         ORDER BY o.created_at DESC, o.id DESC LIMIT {}",
        listed.clause(),
        PAGE_SIZE + 1
    );
    let mut list = sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(list_sql));
    for v in &listed.values {
        list = list.bind(v.clone());
    }
    let mut rows: Vec<Row> = list.fetch_all(pool).await?;
    let more = rows.len() > PAGE_SIZE;
    rows.truncate(PAGE_SIZE);
    let next = match (more, rows.last()) {
        (true, Some(last)) => Some(Cursor {
            created_at: last.1.clone(),
            id: last.0.clone(),
        }),
        _ => None,
    };
    let products = products_of(pool, rows.iter().map(|r| r.0.as_str())).await?;
    let rows = rows
        .into_iter()
        .map(|r| {
            Ok(InboxRow {
                products: products.get(&r.0).cloned().unwrap_or_default(),
                placed: local(&r.1, &tz)?,
                status: Status::parse(&r.4).with_context(|| format!("status {:?}", r.4))?,
                number: r.0,
                customer_name: r.2,
                email: r.3,
                total: r.5,
                currency: r.6,
                units: r.7,
                earliest: r.8.parse().context("earliest")?,
                latest: r.9.parse().context("latest")?,
            })
        })
        .collect::<anyhow::Result<_>>()?;
    Ok(Inbox { rows, counts, next })
}

/// The products of each of the orders `numbers`, in line order.
async fn products_of<'a>(
    pool: &Pool,
    numbers: impl Iterator<Item = &'a str>,
) -> anyhow::Result<BTreeMap<String, Vec<String>>> {
    let numbers: Vec<&str> = numbers.collect();
    if numbers.is_empty() {
        return Ok(BTreeMap::new());
    }
    let sql = format!(
        "SELECT order_id, product_id FROM order_lines WHERE order_id IN ({}) \
         ORDER BY order_id, line_no",
        crate::db::rows::placeholders(1..numbers.len() + 1)
    );
    let mut query = sqlx::query_as::<_, (String, String)>(sqlx::AssertSqlSafe(sql));
    for n in numbers {
        query = query.bind(n.to_owned());
    }
    let mut products: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (order, product) in query.fetch_all(pool).await? {
        let list = products.entry(order).or_default();
        if !list.contains(&product) {
            list.push(product);
        }
    }
    Ok(products)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_numbered_in_order_and_never_inlined() {
        let mut c = Conditions::default();
        c.push("a = ?", &["x'; --".into()]);
        c.push(
            "(b < ? OR (b = ? AND c < ?))",
            &["1".into(), "1".into(), "2".into()],
        );
        assert_eq!(
            c.clause(),
            "WHERE a = $1 AND (b < $2 OR (b = $3 AND c < $4))"
        );
        assert_eq!(c.values.len(), 4);
    }

    #[test]
    fn day_bounds_compare_as_text_with_stored_times() {
        let tz = jiff::tz::TimeZone::get("Europe/Berlin").unwrap();
        let bound = midnight("2026-12-02".parse().unwrap(), &tz).unwrap();
        assert_eq!(bound, "2026-12-01T23:00:00.000000000Z");
        for (stored, after) in [
            ("2026-12-01T23:00:00Z", true),
            ("2026-12-01T23:00:00.5Z", true),
            ("2026-12-01T22:59:59.999Z", false),
        ] {
            assert_eq!(stored >= bound.as_str(), after, "{stored}");
        }
    }
}
