//! The inbox's search index: the terms an order is found by, lower case,
//! one row each in `order_search`: its number (whole, and its serial with
//! and without leading zeros), the customer's e-mail (whole, its local
//! part, its domain and the words of both) and each word of the name.
//! Written with the order; erasure leaves only the number's terms. A search
//! word finds the orders with a term it begins, through the index on
//! `term`, so a search costs the same over 100 orders and 100,000.

use crate::db::{Backend, Pool};
use sqlx::AnyConnection;
use std::collections::BTreeSet;

/// Longest term stored, in characters (longer ones are cut).
const MAX_TERM: usize = 100;

/// The terms of an order. `email` and `name` empty: the number's only.
pub fn terms(number: &str, email: &str, name: &str) -> BTreeSet<String> {
    let mut terms = BTreeSet::new();
    let mut add = |term: &str| {
        let term: String = term.to_lowercase().chars().take(MAX_TERM).collect();
        if !term.is_empty() {
            terms.insert(term);
        }
    };
    add(number);
    if let Some((_, serial)) = number.split_once('-') {
        add(serial);
        add(serial.trim_start_matches('0'));
    }
    add(email);
    if let Some((local, domain)) = email.split_once('@') {
        add(local);
        add(domain);
    }
    for word in email
        .split(|c: char| !c.is_alphanumeric())
        .chain(name.split(|c: char| !c.is_alphanumeric()))
    {
        add(word);
    }
    terms
}

/// The words of a search, lower case, each with the punctuation before it
/// (and the commas, quotes and brackets after it) left off. Empty when the
/// search has no letter or digit.
pub fn words(search: &str) -> Vec<String> {
    search
        .split_whitespace()
        .map(|word| {
            word.trim_start_matches(|c: char| !c.is_alphanumeric())
                .trim_end_matches([',', ';', ':', '!', '?', '"', '\'', '(', ')'])
                .to_lowercase()
                .chars()
                .take(MAX_TERM)
                .collect::<String>()
        })
        .filter(|word| !word.is_empty())
        .collect()
}

/// The terms that begin with `word` are those from `word` (inclusive) up to
/// this bound (exclusive), compared byte by byte.
pub fn upper_bound(word: &str) -> String {
    format!("{word}{}", char::MAX)
}

/// A term of `s` from `lower` (inclusive) to `upper` (exclusive), the
/// placeholders of a word and its [`upper_bound`], compared byte by byte:
/// on PostgreSQL in the "C" collation, whatever the database's, through the
/// index [`install_postgres_index`] makes.
fn in_range(backend: Backend, lower: &str, upper: &str) -> String {
    match backend {
        Backend::Sqlite => format!("s.term >= {lower} AND s.term < {upper}"),
        Backend::Postgres => {
            format!("s.term COLLATE \"C\" >= {lower} AND s.term COLLATE \"C\" < {upper}")
        }
    }
}

/// The condition that order `o` has a term a word begins (bound to the
/// word and its [`upper_bound`]). The `first` word's terms lead to the
/// orders; each further word is checked on those orders' own terms.
pub fn condition(backend: Backend, first: bool) -> String {
    let range = in_range(backend, "?", "?");
    if first {
        format!("o.id IN (SELECT s.order_id FROM order_search s WHERE {range})")
    } else {
        format!("EXISTS (SELECT 1 FROM order_search s WHERE s.order_id = o.id AND {range})")
    }
}

/// How many terms a word may begin before it counts as unselective.
const SELECTIVE: i64 = 1_000;

/// `words` with the one that begins the fewest terms first (counted up
/// to [`SELECTIVE`]), so that it leads the search; `None` when a word
/// begins no term at all (nothing can be found).
pub async fn narrowest_first(
    pool: &Pool,
    backend: Backend,
    words: Vec<String>,
) -> anyhow::Result<Option<Vec<String>>> {
    let sql = format!(
        "SELECT COUNT(*) FROM (SELECT 1 FROM order_search s WHERE {} LIMIT {SELECTIVE}) t",
        in_range(backend, "$1", "$2")
    );
    let mut counted = Vec::with_capacity(words.len());
    for word in words {
        let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(&word)
            .bind(upper_bound(&word))
            .fetch_one(pool)
            .await?;
        if n == 0 {
            return Ok(None);
        }
        counted.push((n, word));
    }
    counted.sort_by_key(|(n, _)| *n);
    Ok(Some(counted.into_iter().map(|(_, w)| w).collect()))
}

/// Creates PostgreSQL's index for [`in_range`] when missing, under an
/// advisory lock so that servers starting together create it once.
pub async fn install_postgres_index(pool: &Pool) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT pg_advisory_xact_lock(7320413)")
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "CREATE INDEX IF NOT EXISTS order_search_term_c ON order_search (term COLLATE \"C\", order_id)",
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// Terms written by one statement, well inside both databases' limits on
/// bound values.
const TERMS_PER_STATEMENT: usize = 100;

/// Writes the terms of order `number` (none written before).
pub async fn index(
    conn: &mut AnyConnection,
    number: &str,
    email: &str,
    name: &str,
) -> Result<(), sqlx::Error> {
    let terms: Vec<String> = terms(number, email, name).into_iter().collect();
    // One statement for many terms: each statement is a round trip made
    // while the order's transaction holds its locks.
    for chunk in terms.chunks(TERMS_PER_STATEMENT) {
        let rows: Vec<String> = (0..chunk.len())
            .map(|i| format!("(${}, $1)", i + 2))
            .collect();
        let sql = format!(
            "INSERT INTO order_search (term, order_id) VALUES {}",
            rows.join(", ")
        );
        let mut insert = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(number);
        for term in chunk {
            insert = insert.bind(term);
        }
        insert.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Leaves only the number's terms of order `number` (its personal data
/// erased).
pub async fn forget_customer(conn: &mut AnyConnection, number: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM order_search WHERE order_id = $1")
        .bind(number)
        .execute(&mut *conn)
        .await?;
    index(conn, number, "", "").await
}

/// Indexes the orders that have no terms yet (stored before the index, or
/// copied in by hand). Run at start-up; cheap when done.
pub async fn index_missing(pool: &Pool) -> anyhow::Result<u64> {
    let missing: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT o.id, o.email, o.customer_name FROM orders o \
         WHERE NOT EXISTS (SELECT 1 FROM order_search s WHERE s.order_id = o.id)",
    )
    .fetch_all(pool)
    .await?;
    let mut tx = pool.begin().await?;
    for (number, email, name) in &missing {
        index(&mut tx, number, email, name).await?;
    }
    tx.commit().await?;
    Ok(missing.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_order_is_found_by_its_number_e_mail_and_name() {
        let found = terms(
            "2026-000042",
            "Erika.Muster@Example.DE",
            "Erika Müller-Lüdenscheidt",
        );
        let expected = [
            "2026-000042",
            "000042",
            "42",
            "erika.muster@example.de",
            "erika.muster",
            "example.de",
            "erika",
            "muster",
            "example",
            "de",
            "müller",
            "lüdenscheidt",
        ];
        for term in expected {
            assert!(found.contains(term), "{term}: {found:?}");
        }
        assert_eq!(found.len(), expected.len(), "{found:?}");
        assert_eq!(terms("2026-000042", "", "").len(), 3);
    }

    #[test]
    fn search_words_keep_what_narrows_them() {
        assert_eq!(words("  Erika  MUSTER, "), ["erika", "muster"]);
        assert_eq!(words("kunde4242@"), ["kunde4242@"]);
        assert_eq!(words("@example.de"), ["example.de"]);
        assert_eq!(words("(2026-0000"), ["2026-0000"]);
        assert!(words("% _ --").is_empty());
        let word = "muster";
        let bound = upper_bound(word);
        for term in ["muster", "mustermann", "musterß"] {
            assert!(term >= word && term < bound.as_str(), "{term}");
        }
        for term in ["mustar", "mustes", "must"] {
            assert!(!(term >= word && term < bound.as_str()), "{term}");
        }
    }
}
