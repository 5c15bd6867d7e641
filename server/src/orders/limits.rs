//! The shop's limits on placing orders: so many an hour from one client
//! address and for one e-mail address. A scripted flood of orders would
//! otherwise book months of a line's capacity. Counted in the database, so
//! every server process applies the same limit; a retry of a placed order
//! is answered before the limits are asked.

use app::orders::{Field, PlaceOutcome, Problem};
use app::state::ClientAddress;
use sha2::{Digest, Sha256};

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

/// The refusal when a limit is reached, if one is.
pub async fn refusal(
    conn: &mut sqlx::AnyConnection,
    limits: &PlacementLimits,
    client: Option<ClientAddress>,
    email: &str,
) -> anyhow::Result<Option<PlaceOutcome>> {
    let hour_ago = ago(1);
    if let (Some(client), true) = (client, limits.per_client > 0) {
        let (placed,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM placement_log WHERE client = $1 AND placed_at > $2",
        )
        .bind(client_key(client))
        .bind(&hour_ago)
        .fetch_one(&mut *conn)
        .await?;
        if placed >= i64::from(limits.per_client) {
            return Ok(Some(limited(
                "Von diesem Anschluss kamen in der letzten Stunde schon zu viele Bestellungen. Bitte versuchen Sie es in einer Stunde noch einmal oder schreiben Sie uns; bestellt wurde nichts.",
                "Too many orders came from this connection in the last hour. Please try again in an hour or write to us; nothing was ordered.",
            )));
        }
    }
    let email = email.trim();
    if limits.per_email > 0 && !email.is_empty() {
        let (placed,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM orders WHERE email = $1 AND created_at > $2")
                .bind(email)
                .bind(&hour_ago)
                .fetch_one(&mut *conn)
                .await?;
        if placed >= i64::from(limits.per_email) {
            return Ok(Some(limited(
                "Mit dieser E-Mail-Adresse wurden in der letzten Stunde schon zu viele Bestellungen aufgegeben. Bitte versuchen Sie es in einer Stunde noch einmal oder schreiben Sie uns; bestellt wurde nichts.",
                "Too many orders were placed with this e-mail address in the last hour. Please try again in an hour or write to us; nothing was ordered.",
            )));
        }
    }
    Ok(None)
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
