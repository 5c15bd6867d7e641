//! The shop's limits on placing orders: so many an hour from one client
//! address and for one e-mail address. A scripted flood of orders would
//! otherwise book months of a line's capacity. Counted in the database, so
//! every server process applies the same limit, and in the transaction of
//! the batch that stores the orders, so that simultaneous orders count
//! each other (on PostgreSQL, a batch first takes an advisory lock per
//! client and e-mail address it counts, so batches of two processes on
//! different production lines count each other too); a retry of a placed
//! order is answered before the limits are asked. A process remembers
//! whom it refused for a minute ([`RecentRefusals`]) and refuses their
//! next orders before they join a batch.

mod recent;

pub use recent::RecentRefusals;

use crate::db::Backend;
use app::orders::{Field, PlaceOutcome, Problem};
use app::state::ClientAddress;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// Orders per hour; 0 is no limit.
#[derive(Clone, Debug, Default)]
pub struct PlacementLimits {
    pub per_client: u32,
    pub per_email: u32,
    /// Lower-case header name a trusted proxy puts the client address in.
    pub client_ip_header: Option<String>,
}

impl PlacementLimits {
    /// Who places an order, as these limits count it (the client's key is
    /// worked out once, and only when its limit is set).
    pub fn sender<'e>(&self, client: Option<ClientAddress>, email: &'e str) -> Sender<'e> {
        let email = email.trim();
        Sender {
            client: client.filter(|_| self.per_client > 0).map(client_key),
            email: (self.per_email > 0 && !email.is_empty()).then_some(email),
        }
    }
}

/// Who places an order, as far as the limits that are set count it: the
/// client's key and the e-mail address.
pub struct Sender<'e> {
    client: Option<String>,
    email: Option<&'e str>,
}

impl Sender<'_> {
    /// What `limit` counts this sender by (and locks on PostgreSQL), if
    /// it counts it at all.
    pub fn key(&self, limit: Limit) -> Option<String> {
        match limit {
            Limit::Client => self.client.as_ref().map(|c| format!("client {c}")),
            Limit::Email => self.email.map(|email| format!("email {email}")),
        }
    }
}

/// The limit an order is over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// Orders an hour from one client address.
    Client,
    /// Orders an hour for one e-mail address.
    Email,
}

impl Limit {
    /// The customer's answer: nothing was ordered, and why.
    pub fn refusal(self) -> PlaceOutcome {
        match self {
            Limit::Client => limited(
                "Von diesem Anschluss kamen in der letzten Stunde schon zu viele Bestellungen. Bitte versuchen Sie es in einer Stunde noch einmal oder schreiben Sie uns; bestellt wurde nichts.",
                "Too many orders came from this connection in the last hour. Please try again in an hour or write to us; nothing was ordered.",
            ),
            Limit::Email => limited(
                "Mit dieser E-Mail-Adresse wurden in der letzten Stunde schon zu viele Bestellungen aufgegeben. Bitte versuchen Sie es in einer Stunde noch einmal oder schreiben Sie uns; bestellt wurde nichts.",
                "Too many orders were placed with this e-mail address in the last hour. Please try again in an hour or write to us; nothing was ordered.",
            ),
        }
    }
}

/// What the limits log of a client: a SHA-256 of its address, never the
/// address itself.
pub fn client_key(client: ClientAddress) -> String {
    hex::encode(Sha256::digest(client.0.to_string().as_bytes()))
}

/// Orders placed in the last hour by the clients and e-mail addresses of
/// a batch, counted in its transaction and as the batch places more: a
/// flood of simultaneous orders is limited like one order after another.
#[derive(Default)]
pub struct Placed {
    /// The limits (orders an hour; 0: none).
    per_client: u32,
    per_email: u32,
    clients: HashMap<String, i64>,
    emails: HashMap<String, i64>,
}

impl Placed {
    /// What `conn` sees placed in the last hour by `orders` (client and
    /// e-mail address each), for the limits that are set. On PostgreSQL it
    /// first locks them until the transaction ends.
    pub async fn read(
        conn: &mut sqlx::AnyConnection,
        backend: Backend,
        limits: &PlacementLimits,
        senders: &[Sender<'_>],
    ) -> anyhow::Result<Self> {
        let hour_ago = ago(1);
        let mut placed = Placed {
            per_client: limits.per_client,
            per_email: limits.per_email,
            ..Placed::default()
        };
        let clients = distinct(senders.iter().filter_map(|s| s.client.clone()));
        let emails = distinct(senders.iter().filter_map(|s| s.email.map(str::to_owned)));
        if backend == Backend::Postgres {
            let keys = senders
                .iter()
                .flat_map(|s| [Limit::Client, Limit::Email].map(|limit| s.key(limit)));
            let keys = distinct(keys.flatten());
            lock_keys(conn, &keys).await?;
        }
        placed.clients = counts(conn, CLIENT_COUNTS, "client", &hour_ago, &clients).await?;
        placed.emails = counts(conn, EMAIL_COUNTS, "email", &hour_ago, &emails).await?;
        Ok(placed)
    }

    /// The limit one more order by `sender` would be over, if any.
    pub fn over(&self, sender: &Sender<'_>) -> Option<Limit> {
        let at_client_limit = |client: &String| {
            let count = self.clients.get(client).copied();
            count.unwrap_or(0) >= i64::from(self.per_client)
        };
        if sender.client.as_ref().is_some_and(at_client_limit) {
            return Some(Limit::Client);
        }
        let at_email_limit = |email: &&str| {
            let count = self.emails.get(*email).copied();
            count.unwrap_or(0) >= i64::from(self.per_email)
        };
        sender.email.filter(at_email_limit).map(|_| Limit::Email)
    }

    /// Counts one more order placed by `sender`, for the limits that are
    /// set.
    pub fn add(&mut self, sender: &Sender<'_>) {
        if let Some(client) = &sender.client {
            *self.clients.entry(client.clone()).or_default() += 1;
        }
        if let Some(email) = sender.email {
            *self.emails.entry(email.to_owned()).or_default() += 1;
        }
    }
}

const CLIENT_COUNTS: &str =
    "SELECT client, COUNT(*) FROM placement_log WHERE placed_at > $1 AND client IN";
const EMAIL_COUNTS: &str = "SELECT email, COUNT(*) FROM orders WHERE created_at > $1 AND email IN";

/// `values` without empty and repeated ones.
fn distinct(values: impl Iterator<Item = String>) -> Vec<String> {
    let mut values: Vec<String> = values.filter(|v| !v.is_empty()).collect();
    values.sort_unstable();
    values.dedup();
    values
}

/// The class of the limits' advisory locks ("limi"); the key in the class
/// is the 32-bit `hashtext` of the limited value (two values sharing one
/// only wait for each other).
const LIMITS_LOCK_CLASS: i32 = 0x6c69_6d69;

/// Locks `keys` on PostgreSQL until the transaction ends, in the order of
/// their lock ids, so that two batches never wait for each other in a
/// circle: one statement, as a batch has two keys an order at most.
/// Taken after the production lines and components and before everything
/// else a batch locks.
async fn lock_keys(conn: &mut sqlx::AnyConnection, keys: &[String]) -> anyhow::Result<()> {
    if keys.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "SELECT pg_advisory_xact_lock($1, hashtext(k)) FROM (VALUES {}) AS v(k) \
         ORDER BY hashtext(k)",
        crate::db::rows::value_rows(2, keys.len(), 1)
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(LIMITS_LOCK_CLASS);
    for key in keys {
        query = query.bind(key);
    }
    query.execute(&mut *conn).await?;
    Ok(())
}

/// Counts per value of `column` from `select` (which ends in `IN`), since
/// `since`, for each of `values` that has any.
async fn counts(
    conn: &mut sqlx::AnyConnection,
    select: &'static str,
    column: &'static str,
    since: &str,
    values: &[String],
) -> anyhow::Result<HashMap<String, i64>> {
    let mut counts = HashMap::new();
    for chunk in values.chunks(1_000) {
        let sql = format!(
            "{select} ({}) GROUP BY {column}",
            crate::db::rows::placeholders(2..chunk.len() + 2)
        );
        let mut query = sqlx::query_as::<_, (String, i64)>(sqlx::AssertSqlSafe(sql)).bind(since);
        for value in chunk {
            query = query.bind(value);
        }
        counts.extend(query.fetch_all(&mut *conn).await?);
    }
    Ok(counts)
}

fn limited(de: &'static str, en: &'static str) -> PlaceOutcome {
    PlaceOutcome::Limited(Problem::new(Field::Form, de, en))
}

/// `hours` ago, as times are stored.
fn ago(hours: i64) -> String {
    crate::db::time_text(jiff::Timestamp::now() - jiff::SignedDuration::from_hours(hours))
}

/// Forgets placements older than a day (once per batch of orders).
pub async fn forget_old_placements(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM placement_log WHERE placed_at < $1")
        .bind(ago(24))
        .execute(&mut **tx)
        .await?;
    Ok(())
}
