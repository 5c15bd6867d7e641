//! Failed sign-ins are throttled per account and per client address, in the
//! database so every server process counts the same failures.

use crate::db::Pool;

/// The window failures are counted in, in seconds.
pub const WINDOW_SECS: i64 = 15 * 60;
/// Failures per account within the window before sign-in is refused.
pub const PER_ACCOUNT: i64 = 5;
/// Failures per client address within the window before sign-in is refused.
pub const PER_ADDRESS: i64 = 20;

fn account(email: &str) -> String {
    format!("account:{}", super::users::normalise_email(email))
}

fn address(ip: &str) -> String {
    format!("address:{ip}")
}

/// Whether a sign-in to `email` from `ip` is refused for now (too many
/// failures in the last [`WINDOW_SECS`]).
pub async fn refused(pool: &Pool, email: &str, ip: &str) -> anyhow::Result<bool> {
    let since = jiff::Timestamp::now().as_second() - WINDOW_SECS;
    let failures = |subject: String| async move {
        let (n,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM sign_in_failures WHERE subject = $1 AND at > $2")
                .bind(subject)
                .bind(since)
                .fetch_one(pool)
                .await?;
        anyhow::Ok(n)
    };
    Ok(failures(account(email)).await? >= PER_ACCOUNT
        || failures(address(ip)).await? >= PER_ADDRESS)
}

/// Counts a failed sign-in to `email` from `ip` (and forgets failures that
/// are out of every window).
pub async fn failed(pool: &Pool, email: &str, ip: &str) -> anyhow::Result<()> {
    let now = jiff::Timestamp::now().as_second();
    let mut tx = pool.begin().await?;
    for subject in [account(email), address(ip)] {
        sqlx::query("INSERT INTO sign_in_failures (subject, at) VALUES ($1, $2)")
            .bind(subject)
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("DELETE FROM sign_in_failures WHERE at < $1")
        .bind(now - WINDOW_SECS)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Forgets an account's failures after it signed in.
pub async fn succeeded(pool: &Pool, email: &str) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM sign_in_failures WHERE subject = $1")
        .bind(account(email))
        .execute(pool)
        .await?;
    Ok(())
}
