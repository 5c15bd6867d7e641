//! API tokens for production systems: made by an owner, shown once, kept
//! only as their SHA-256 (a token is 256 random bits, so a slow password
//! hash would add nothing), revoked by an owner. A request presents one as
//! `Authorization: Bearer atl_…`.

use crate::db::{now_text, Pool};
use base64::Engine;
use sha2::{Digest, Sha256};

const PREFIX: &str = "atl_";

/// The longest name a token may have, in characters.
pub const MAX_NAME: usize = 80;

/// A production system, as its token names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Client {
    /// The token's id (`tok_…`).
    pub id: String,
    pub name: String,
}

/// A token as the back office lists it (never the token itself).
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct TokenRow {
    pub id: String,
    pub name: String,
    /// The token's last four characters, to tell tokens apart.
    pub hint: String,
    pub created_at: String,
    pub created_by: String,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Makes a token named `name` for `actor`: its id and the token, which is
/// never readable again.
pub async fn create(pool: &Pool, name: &str, actor: &str) -> anyhow::Result<(String, String)> {
    create_once(pool, name, actor, None)
        .await?
        .ok_or_else(|| anyhow::anyhow!("a token without a form key was refused"))
}

/// Like [`create`] for the form `form_key` names: none when that form
/// already made its token (a reload sends the form again), so that one
/// form makes one token.
pub async fn create_once(
    pool: &Pool,
    name: &str,
    actor: &str,
    form_key: Option<&str>,
) -> anyhow::Result<Option<(String, String)>> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    let token = format!(
        "{PREFIX}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    );
    let id = format!("tok_{}", uuid::Uuid::new_v4().simple());
    let hint: String = token
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let inserted = sqlx::query(
        "INSERT INTO api_tokens (id, name, hash, hint, created_at, created_by, form_key) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(name.trim())
    .bind(hash(&token))
    .bind(hint)
    .bind(now_text())
    .bind(actor)
    .bind(form_key)
    .execute(pool)
    .await;
    match inserted {
        Ok(_) => {
            tracing::info!(token = %id, actor, "API token created");
            Ok(Some((id, token)))
        }
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() && form_key.is_some() => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Revokes token `id`; false if there is no such token in use.
pub async fn revoke(pool: &Pool, id: &str, actor: &str) -> anyhow::Result<bool> {
    let done = sqlx::query(
        "UPDATE api_tokens SET revoked_at = $2, revoked_by = $3 WHERE id = $1 AND revoked_at IS NULL",
    )
    .bind(id)
    .bind(now_text())
    .bind(actor)
    .execute(pool)
    .await?;
    if done.rows_affected() == 1 {
        tracing::info!(token = %id, actor, "API token revoked");
    }
    Ok(done.rows_affected() == 1)
}

/// Every token, newest first.
pub async fn list(pool: &Pool) -> anyhow::Result<Vec<TokenRow>> {
    Ok(sqlx::query_as(
        "SELECT id, name, hint, created_at, created_by, last_used_at, revoked_at \
         FROM api_tokens ORDER BY created_at DESC, id",
    )
    .fetch_all(pool)
    .await?)
}

/// The client `presented` (the bearer token) belongs to, if it is a token
/// in use. Notes when it was used, at most once a minute.
pub async fn authenticate(pool: &Pool, presented: &str) -> anyhow::Result<Option<Client>> {
    if !presented.starts_with(PREFIX) {
        return Ok(None);
    }
    let row: Option<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT id, name, last_used_at FROM api_tokens WHERE hash = $1 AND revoked_at IS NULL",
    )
    .bind(hash(presented))
    .fetch_optional(pool)
    .await?;
    let Some((id, name, last_used_at)) = row else {
        return Ok(None);
    };
    let now = jiff::Timestamp::now();
    let recent = last_used_at
        .and_then(|at| at.parse::<jiff::Timestamp>().ok())
        .is_some_and(|at| now.duration_since(at) < jiff::SignedDuration::from_secs(60));
    if !recent {
        sqlx::query("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1")
            .bind(&id)
            .bind(crate::db::time_text(now))
            .execute(pool)
            .await?;
    }
    Ok(Some(Client { id, name }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_hex_sha256_and_differs_per_token() {
        assert_eq!(hash("atl_a").len(), 64);
        assert_ne!(hash("atl_a"), hash("atl_b"));
    }
}
