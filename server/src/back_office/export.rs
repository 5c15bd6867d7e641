//! The CSV export of the inbox: the orders its filters select, one row per
//! line, with a column per specification field, streamed page by page (the
//! inbox's keyset pages), so an export of every order holds one page in
//! memory.

use super::inbox;
use crate::db::{Backend, Pool};
use anyhow::Context;
use app::admin::inbox::InboxQuery;
use app::orders::OrderSnapshot;
use engine::{Catalog, Lang};
use futures_util::stream::{self, Stream};

/// The attribute ids of every product of `catalog`, each once, in catalog
/// order: the export's specification columns.
pub fn attribute_columns(catalog: &Catalog) -> Vec<String> {
    let mut columns: Vec<String> = Vec::new();
    for product in &catalog.products {
        for attribute in &product.attributes {
            if !columns.contains(&attribute.id) {
                columns.push(attribute.id.clone());
            }
        }
    }
    columns
}

const FIXED: [&str; 17] = [
    "order",
    "placed",
    "status",
    "customer",
    "email",
    "country",
    "line",
    "product",
    "product_name",
    "quantity",
    "line_total",
    "currency",
    "production_line",
    "production_start",
    "earliest",
    "latest",
    "components",
];

/// The header row.
fn header(columns: &[String]) -> Vec<String> {
    let mut row: Vec<String> = FIXED.iter().map(|s| s.to_string()).collect();
    row.extend(columns.iter().cloned());
    row.push("other_specification".into());
    row
}

/// An amount in minor units as a decimal (`-12.05`).
fn decimal(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let m = minor.unsigned_abs();
    format!("{sign}{}.{:02}", m / 100, m % 100)
}

/// A free text as a cell no spreadsheet runs as a formula: one starting
/// with `=`, `+`, `-`, `@` or a control character gets a leading `'`.
fn safe(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    }
}

/// The rows of one order.
fn rows_of(
    number: &str,
    placed: &str,
    status: &str,
    snapshot: &OrderSnapshot,
    starts: &[String],
    columns: &[String],
    lang: Lang,
) -> Vec<Vec<String>> {
    snapshot
        .lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let mut row = vec![
                number.to_owned(),
                placed.to_owned(),
                status.to_owned(),
                safe(&snapshot.customer.name),
                safe(&snapshot.customer.email),
                snapshot.customer.country.clone(),
                (i + 1).to_string(),
                line.product.clone(),
                safe(line.product_name.get(lang)),
                line.quantity.to_string(),
                decimal(line.price.total),
                snapshot.currency.clone(),
                line.production_line.clone(),
                starts.get(i).cloned().unwrap_or_default(),
                line.delivery.earliest.to_string(),
                line.delivery.latest.to_string(),
                line.components
                    .iter()
                    .map(|c| format!("{} x{}", c.component, c.units))
                    .collect::<Vec<_>>()
                    .join("; "),
            ];
            for column in columns {
                row.push(
                    line.spec
                        .iter()
                        .find(|s| &s.attribute == column)
                        .map(|s| safe(s.value_label.get(lang)))
                        .unwrap_or_default(),
                );
            }
            let other: Vec<String> = line
                .spec
                .iter()
                .filter(|s| !columns.contains(&s.attribute))
                .map(|s| format!("{}: {}", s.label.get(lang), s.value_label.get(lang)))
                .collect();
            row.push(safe(&other.join("; ")));
            row
        })
        .collect()
}

/// Where the export is.
enum Step {
    Header(InboxQuery),
    Page(InboxQuery),
    Done,
}

/// The CSV of the orders `query` selects, as chunks of bytes.
pub fn stream(
    pool: Pool,
    backend: Backend,
    time_zone: String,
    query: InboxQuery,
    columns: Vec<String>,
    lang: Lang,
) -> impl Stream<Item = Result<Vec<u8>, std::io::Error>> {
    stream::unfold(
        Step::Header(InboxQuery {
            after: None,
            ..query
        }),
        move |step| {
            let (pool, time_zone, columns) = (pool.clone(), time_zone.clone(), columns.clone());
            async move {
                match step {
                    Step::Done => None,
                    Step::Header(query) => Some((write(&[header(&columns)]), Step::Page(query))),
                    Step::Page(query) => {
                        match next_page(&pool, backend, &time_zone, &query, &columns, lang).await {
                            Ok((rows, next)) => {
                                let step = match next {
                                    Some(after) => Step::Page(InboxQuery {
                                        after: Some(after),
                                        ..query
                                    }),
                                    None => Step::Done,
                                };
                                Some((write(&rows), step))
                            }
                            Err(e) => {
                                tracing::error!(error = %format!("{e:#}"), "the CSV export failed");
                                Some((Err(std::io::Error::other("the export failed")), Step::Done))
                            }
                        }
                    }
                }
            }
        },
    )
}

fn write(rows: &[Vec<String>]) -> Result<Vec<u8>, std::io::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer.write_record(row).map_err(std::io::Error::other)?;
    }
    writer
        .into_inner()
        .map_err(|e| std::io::Error::other(e.to_string()))
}

/// The rows of the inbox page `query` names, and where the next starts.
async fn next_page(
    pool: &Pool,
    backend: Backend,
    time_zone: &str,
    query: &InboxQuery,
    columns: &[String],
    lang: Lang,
) -> anyhow::Result<(Vec<Vec<String>>, Option<app::admin::inbox::Cursor>)> {
    let page = inbox::page(pool, backend, time_zone, query).await?;
    let mut rows = Vec::new();
    for order in &page.rows {
        let (snapshot, line): (String, String) =
            sqlx::query_as("SELECT snapshot, production_line FROM orders WHERE id = $1")
                .bind(&order.number)
                .fetch_one(pool)
                .await?;
        let snapshot = OrderSnapshot::decode(&snapshot, &line)
            .with_context(|| format!("snapshot of order {}", order.number))?;
        let starts: Vec<(String,)> = sqlx::query_as(
            "SELECT production_start FROM order_lines WHERE order_id = $1 ORDER BY line_no",
        )
        .bind(&order.number)
        .fetch_all(pool)
        .await?;
        let starts: Vec<String> = starts.into_iter().map(|(s,)| s).collect();
        let placed = order.placed.strftime("%Y-%m-%d %H:%M").to_string();
        rows.extend(rows_of(
            &order.number,
            &placed,
            order.status.as_str(),
            &snapshot,
            &starts,
            columns,
            lang,
        ));
    }
    Ok((rows, page.next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_decimals_and_fields_are_quoted() {
        assert_eq!(decimal(25400), "254.00");
        assert_eq!(decimal(-5), "-0.05");
        let bytes = write(&[vec!["a,b".into(), "say \"hi\"".into(), "=1+1".into()]]).unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "\"a,b\",\"say \"\"hi\"\"\",=1+1\n"
        );
        assert_eq!(safe("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(safe("Anna"), "Anna");
    }
}
