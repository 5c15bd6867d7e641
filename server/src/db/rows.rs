//! Many rows in one `INSERT`: a statement is a round trip, and a batch of
//! orders inserts dozens of rows into each of its tables.

use sqlx::AnyConnection;

/// One value of a row.
#[derive(Clone, Debug)]
pub enum Cell {
    Text(String),
    Int(i64),
    MaybeText(Option<String>),
    MaybeInt(Option<i64>),
}

impl From<String> for Cell {
    fn from(value: String) -> Self {
        Cell::Text(value)
    }
}

impl From<&str> for Cell {
    fn from(value: &str) -> Self {
        Cell::Text(value.to_owned())
    }
}

impl From<i64> for Cell {
    fn from(value: i64) -> Self {
        Cell::Int(value)
    }
}

impl From<Option<String>> for Cell {
    fn from(value: Option<String>) -> Self {
        Cell::MaybeText(value)
    }
}

impl From<Option<i64>> for Cell {
    fn from(value: Option<i64>) -> Self {
        Cell::MaybeInt(value)
    }
}

/// Bound values per statement, well inside both databases' limits
/// (SQLite 32,766, PostgreSQL 65,535).
const MAX_VALUES: usize = 10_000;

/// Inserts `rows` (each with one cell per column of `columns`) into
/// `table`; `suffix` follows the values (`ON CONFLICT …`, or empty).
/// `table`, `columns` and `suffix` are the caller's constants.
pub async fn insert(
    conn: &mut AnyConnection,
    table: &'static str,
    columns: &'static [&'static str],
    rows: &[Vec<Cell>],
    suffix: &'static str,
) -> Result<(), sqlx::Error> {
    let width = columns.len();
    let per_statement = (MAX_VALUES / width.max(1)).max(1);
    for chunk in rows.chunks(per_statement).filter(|c| !c.is_empty()) {
        let sql = statement(table, columns, chunk.len(), suffix);
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for row in chunk {
            debug_assert_eq!(row.len(), width, "a row of {table} has one cell per column");
            for cell in row {
                query = match cell {
                    Cell::Text(v) => query.bind(v.as_str()),
                    Cell::Int(v) => query.bind(*v),
                    Cell::MaybeText(v) => query.bind(v.as_deref()),
                    Cell::MaybeInt(v) => query.bind(*v),
                };
            }
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// The bound parameters numbered `numbers`, listed: `$3, $4, $5` for
/// `3..6` (for `IN (…)` and `VALUES (…)`).
pub fn placeholders(numbers: std::ops::Range<usize>) -> String {
    let marks: Vec<String> = numbers.map(|n| format!("${n}")).collect();
    marks.join(", ")
}

/// `rows` rows of `width` bound parameters numbered from `first`, for
/// `VALUES`: `($3, $4), ($5, $6)` for 3, 2 rows, width 2.
pub fn value_rows(first: usize, rows: usize, width: usize) -> String {
    let values: Vec<String> = (0..rows)
        .map(|row| {
            let start = first + row * width;
            format!("({})", placeholders(start..start + width))
        })
        .collect();
    values.join(", ")
}

/// `INSERT INTO table (a, b) VALUES ($1, $2), ($3, $4) suffix`.
fn statement(table: &str, columns: &[&str], rows: usize, suffix: &str) -> String {
    format!(
        "INSERT INTO {table} ({}) VALUES {} {suffix}",
        columns.join(", "),
        value_rows(1, rows, columns.len())
    )
    .trim_end()
    .to_owned()
}

#[cfg(test)]
mod tests {
    use super::{placeholders, statement, value_rows};

    #[test]
    fn placeholders_are_numbered_from_the_first() {
        assert_eq!(placeholders(3..6), "$3, $4, $5");
        assert_eq!(placeholders(1..2), "$1");
    }

    #[test]
    fn value_rows_number_on_from_the_first() {
        assert_eq!(value_rows(3, 2, 2), "($3, $4), ($5, $6)");
        assert_eq!(value_rows(2, 3, 1), "($2), ($3), ($4)");
    }

    #[test]
    fn rows_are_numbered_across_the_statement() {
        assert_eq!(
            statement("t", &["a", "b"], 2, ""),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)"
        );
        assert_eq!(
            statement("t", &["a"], 1, "ON CONFLICT (a) DO NOTHING"),
            "INSERT INTO t (a) VALUES ($1) ON CONFLICT (a) DO NOTHING"
        );
    }
}
