//! The first owner: while no one can sign in, the server makes a one-time
//! set-up link at start and logs it; opening it creates the first owner.

use crate::db::Pool;
use sha2::{Digest, Sha256};

fn hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// When no one can sign in: a new set-up secret (replacing any earlier
/// one), for the link `/admin/setup?token=…`. `None` once someone can.
pub async fn issue(pool: &Pool) -> anyhow::Result<Option<String>> {
    if super::users::count(pool).await? > 0 {
        return Ok(None);
    }
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    let secret = hex::encode(bytes);
    let mut tx = pool.begin().await?;
    sqlx::query("DELETE FROM setup_tokens")
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO setup_tokens (token_hash, created_at) VALUES ($1, $2)")
        .bind(hash(&secret))
        .bind(jiff::Timestamp::now().to_string())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Some(secret))
}

/// Whether `secret` is the set-up link's, and no one can sign in yet.
pub async fn valid(pool: &Pool, secret: &str) -> anyhow::Result<bool> {
    if super::users::count(pool).await? > 0 {
        return Ok(false);
    }
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM setup_tokens WHERE token_hash = $1")
        .bind(hash(secret.trim()))
        .fetch_one(pool)
        .await?;
    Ok(n == 1)
}

/// Uses the link up: it opens nothing any more.
pub async fn spend(pool: &Pool) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM setup_tokens")
        .execute(pool)
        .await?;
    Ok(())
}
