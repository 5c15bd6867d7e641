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

/// The conditions of the filters, without the status and the page.
fn filters(
    query: &InboxQuery,
    backend: Backend,
    tz: &jiff::tz::TimeZone,
) -> anyhow::Result<Conditions> {
    let mut c = Conditions::default();
    if let Some(product) = &query.product {
        c.push(
            "o.id IN (SELECT l.order_id FROM order_lines l WHERE l.product_id = ?)",
            std::slice::from_ref(product),
        );
    }
    if let Some(line) = &query.line {
        c.push(
            "o.id IN (SELECT l.order_id FROM order_lines l WHERE l.production_line = ?)",
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
    let words = search::words(&query.search);
    if words.is_empty() && !query.search.trim().is_empty() {
        // Nothing to look for (only punctuation): nothing is found.
        c.push("1 = 0", &[]);
    }
    for word in words {
        let upper = search::upper_bound(&word);
        c.push(search::condition(backend), &[word, upper]);
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

/// One page of the inbox for `query`.
pub async fn page(
    pool: &Pool,
    backend: Backend,
    time_zone: &str,
    query: &InboxQuery,
) -> anyhow::Result<Inbox> {
    let tz = zone(time_zone)?;
    let counted = filters(query, backend, &tz)?;
    let count_sql = format!(
        "SELECT o.status, COUNT(*) FROM orders o {} GROUP BY o.status",
        counted.clause()
    );
    let mut count = sqlx::query_as::<_, (String, i64)>(sqlx::AssertSqlSafe(count_sql));
    for v in &counted.values {
        count = count.bind(v.clone());
    }
    let by_status: BTreeMap<String, i64> = count.fetch_all(pool).await?.into_iter().collect();
    let counts = Status::ALL
        .into_iter()
        .filter_map(|s| by_status.get(s.as_str()).map(|n| (s, *n)))
        .collect();

    let mut listed = counted;
    if let Some(status) = query.status {
        listed.push("o.status = ?", &[status.as_str().to_owned()]);
    }
    if let Some(after) = &query.after {
        listed.push(
            "(o.created_at < ? OR (o.created_at = ? AND o.id < ?))",
            &[
                after.created_at.clone(),
                after.created_at.clone(),
                after.id.clone(),
            ],
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
    let marks: Vec<String> = (1..=numbers.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT order_id, product_id FROM order_lines WHERE order_id IN ({}) \
         ORDER BY order_id, line_no",
        marks.join(", ")
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
