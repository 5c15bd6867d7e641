//! The shop's limits on placing orders: so many an hour from one client
//! address and for one e-mail address. A scripted flood of orders would
//! otherwise book months of a line's capacity. Counted in the database, so
//! every server process applies the same limit, and in the transaction of
//! the batch that stores the orders, so that simultaneous orders count
//! each other (on PostgreSQL, batches of two processes count each other
//! when they share a production line, whose row lock orders them); a
//! retry of a placed order is answered before the limits are asked.

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

/// What the limits log of a client: a SHA-256 of its address, never the
/// address itself.
pub fn client_key(client: ClientAddress) -> String {
    hex(&Sha256::digest(client.0.to_string().as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Orders placed in the last hour by the clients and e-mail addresses of
/// a batch, counted in its transaction and as the batch places more: a
/// flood of simultaneous orders is limited like one order after another.
#[derive(Default)]
pub struct Placed {
    clients: HashMap<String, i64>,
    emails: HashMap<String, i64>,
}

impl Placed {
    /// What `conn` sees placed in the last hour by `orders` (client and
    /// e-mail address each), for the limits that are set.
    pub async fn read(
        conn: &mut sqlx::AnyConnection,
        limits: &PlacementLimits,
        orders: &[(Option<ClientAddress>, &str)],
    ) -> anyhow::Result<Self> {
        let hour_ago = ago(1);
        let mut placed = Placed::default();
        let mut clients: Vec<String> = orders
            .iter()
            .filter_map(|(client, _)| client.map(client_key))
            .collect();
        clients.sort_unstable();
        clients.dedup();
        if limits.per_client > 0 && !clients.is_empty() {
            placed.clients = counts(
                conn,
                "SELECT client, COUNT(*) FROM placement_log WHERE placed_at > $1 AND client IN",
                "client",
                &hour_ago,
                &clients,
            )
            .await?;
        }
        let mut emails: Vec<String> = orders
            .iter()
            .map(|(_, email)| email.trim().to_owned())
            .filter(|email| !email.is_empty())
            .collect();
        emails.sort_unstable();
        emails.dedup();
        if limits.per_email > 0 && !emails.is_empty() {
            placed.emails = counts(
                conn,
                "SELECT email, COUNT(*) FROM orders WHERE created_at > $1 AND email IN",
                "email",
                &hour_ago,
                &emails,
            )
            .await?;
        }
        Ok(placed)
    }

    /// The refusal of one more order by `client` for `email`, when a limit
    /// is reached.
    pub fn refusal(
        &self,
        limits: &PlacementLimits,
        client: Option<ClientAddress>,
        email: &str,
    ) -> Option<PlaceOutcome> {
        let client_count = client.map(|c| self.clients.get(&client_key(c)).copied());
        if limits.per_client > 0
            && client_count.is_some_and(|n| n.unwrap_or(0) >= i64::from(limits.per_client))
        {
            return Some(limited(
                "Von diesem Anschluss kamen in der letzten Stunde schon zu viele Bestellungen. Bitte versuchen Sie es in einer Stunde noch einmal oder schreiben Sie uns; bestellt wurde nichts.",
                "Too many orders came from this connection in the last hour. Please try again in an hour or write to us; nothing was ordered.",
            ));
        }
        let email = email.trim();
        let email_count = self.emails.get(email).copied().unwrap_or(0);
        if limits.per_email > 0 && !email.is_empty() && email_count >= i64::from(limits.per_email) {
            return Some(limited(
                "Mit dieser E-Mail-Adresse wurden in der letzten Stunde schon zu viele Bestellungen aufgegeben. Bitte versuchen Sie es in einer Stunde noch einmal oder schreiben Sie uns; bestellt wurde nichts.",
                "Too many orders were placed with this e-mail address in the last hour. Please try again in an hour or write to us; nothing was ordered.",
            ));
        }
        None
    }

    /// Counts one more order placed by `client` for `email`.
    pub fn add(&mut self, client: Option<ClientAddress>, email: &str) {
        if let Some(client) = client {
            *self.clients.entry(client_key(client)).or_default() += 1;
        }
        *self.emails.entry(email.trim().to_owned()).or_default() += 1;
    }
}

/// Counts per value of `column` from `select` (which ends in `IN`), for
/// `values` since `since`.
async fn counts(
    conn: &mut sqlx::AnyConnection,
    select: &'static str,
    column: &'static str,
    since: &str,
    values: &[String],
) -> anyhow::Result<HashMap<String, i64>> {
    let mut counts = HashMap::new();
    for chunk in values.chunks(1_000) {
        let listed: Vec<String> = (2..chunk.len() + 2).map(|i| format!("${i}")).collect();
        let sql = format!("{select} ({}) GROUP BY {column}", listed.join(", "));
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
