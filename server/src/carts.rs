//! Carts over the database. A cart is stored under the SHA-256 of its
//! cookie's secret (256 random bits), so the database never holds what a
//! browser presents; a change runs in one transaction that locks the cart
//! and applies [`app::cart::apply`] to what it reads.

use crate::db::{now_text, time_text, Backend, Pool};
use app::cart::{self, CartChange, CartLine, StoredCart};
use app::orders::Quantity;
use app::state::{BoxFuture, CartChanged, CartStore};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Carts over the database.
#[derive(Clone)]
pub struct SqlCarts {
    pub pool: Pool,
    pub backend: Backend,
}

/// A cart's id: the SHA-256 of its secret, hex.
pub fn id_of(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// A new cart secret: 256 random bits, hex.
fn new_secret() -> anyhow::Result<String> {
    random_hex::<32>()
}

fn random_hex<const N: usize>() -> anyhow::Result<String> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    Ok(hex::encode(bytes))
}

/// The moment `days` ago, as [`now_text`] writes it.
fn days_ago(days: i64) -> String {
    time_text(jiff::Timestamp::now() - jiff::SignedDuration::from_hours(days * 24))
}

/// How long a cart's last use may be stored unchanged: reading a cart
/// refreshes its time only when it is older than this (fewer writes).
const TOUCH_AFTER_HOURS: i64 = 1;

impl SqlCarts {
    /// The cart stored under `id` as `conn` sees it, unless it expired; its
    /// time of last use stays as it is.
    ///
    /// The lines are read before the revision: every change bumps the
    /// revision in the transaction that changes the lines, so lines read
    /// mid-change come with a newer revision than the checkout page named,
    /// never with the one it named.
    pub async fn load_cart_by_id(
        &self,
        conn: &mut sqlx::AnyConnection,
        id: &str,
    ) -> anyhow::Result<Option<StoredCart>> {
        let lines = read_lines(conn, id).await?;
        let row: Option<(i64, String)> =
            sqlx::query_as("SELECT revision, touched_at FROM carts WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *conn)
                .await?;
        match row {
            Some((revision, touched_at)) if touched_at >= days_ago(cart::LIFETIME_DAYS) => {
                Ok(Some(StoredCart { revision, lines }))
            }
            _ => Ok(None),
        }
    }

    async fn load_cart(&self, secret: &str) -> anyhow::Result<Option<StoredCart>> {
        let id = id_of(secret);
        let mut conn = self.pool.acquire().await?;
        let row: Option<(i64, String)> =
            sqlx::query_as("SELECT revision, touched_at FROM carts WHERE id = $1")
                .bind(&id)
                .fetch_optional(&mut *conn)
                .await?;
        let Some((revision, touched_at)) = row else {
            return Ok(None);
        };
        if touched_at < days_ago(cart::LIFETIME_DAYS) {
            return Ok(None);
        }
        let stale =
            time_text(jiff::Timestamp::now() - jiff::SignedDuration::from_hours(TOUCH_AFTER_HOURS));
        if touched_at < stale {
            sqlx::query("UPDATE carts SET touched_at = $2 WHERE id = $1")
                .bind(&id)
                .bind(now_text())
                .execute(&mut *conn)
                .await?;
        }
        let lines = read_lines(&mut conn, &id).await?;
        Ok(Some(StoredCart { revision, lines }))
    }

    async fn change_cart(
        &self,
        secret: Option<&str>,
        change: CartChange,
        max_quantity: BTreeMap<String, u32>,
    ) -> anyhow::Result<CartChanged> {
        let mut tx = crate::db::begin_write(&self.pool, self.backend).await?;
        let lock = crate::db::locking(
            self.backend,
            "SELECT revision, touched_at FROM carts WHERE id = $1",
        );
        let existing = match secret {
            Some(secret) => {
                let id = id_of(secret);
                let row: Option<(i64, String)> = sqlx::query_as(lock)
                    .bind(&id)
                    .fetch_optional(&mut *tx)
                    .await?;
                row.filter(|(_, touched)| *touched >= days_ago(cart::LIFETIME_DAYS))
                    .map(|(revision, _)| (secret.to_owned(), id, revision))
            }
            None => None,
        };
        let (secret, id, mut stored, is_new) = match existing {
            Some((secret, id, revision)) => {
                let lines = read_lines(&mut tx, &id).await?;
                (secret, id, StoredCart { revision, lines }, false)
            }
            None => {
                let secret = new_secret()?;
                let id = id_of(&secret);
                (secret, id, StoredCart::default(), true)
            }
        };
        let mut new_line = random_hex::<8>()?;
        while stored.lines.iter().any(|l| l.id == new_line) {
            new_line = random_hex::<8>()?;
        }
        let limit = |product: &str| max_quantity.get(product).copied().unwrap_or(0);
        let result = cart::apply(&mut stored, change, limit, || new_line);
        if result.is_err() {
            tx.rollback().await?;
            return Ok(CartChanged {
                secret: (!is_new).then_some(secret),
                result,
                cart: stored,
            });
        }
        let now = now_text();
        if is_new {
            sqlx::query(
                "INSERT INTO carts (id, revision, created_at, touched_at) VALUES ($1, $2, $3, $3)",
            )
            .bind(&id)
            .bind(stored.revision)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
        } else {
            sqlx::query("UPDATE carts SET revision = $2, touched_at = $3 WHERE id = $1")
                .bind(&id)
                .bind(stored.revision)
                .bind(&now)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM cart_lines WHERE cart_id = $1")
                .bind(&id)
                .execute(&mut *tx)
                .await?;
        }
        for (position, line) in stored.lines.iter().enumerate() {
            sqlx::query(
                "INSERT INTO cart_lines (cart_id, id, position, product_id, configuration, quantity)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(&id)
            .bind(&line.id)
            .bind(i64::try_from(position)?)
            .bind(&line.product)
            .bind(&line.configuration)
            .bind(i64::from(line.quantity.get()))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(CartChanged {
            secret: Some(secret),
            result,
            cart: stored,
        })
    }
}

/// The lines of cart `id`, in the order they were added.
async fn read_lines(conn: &mut sqlx::AnyConnection, id: &str) -> anyhow::Result<Vec<CartLine>> {
    let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT id, product_id, configuration, quantity FROM cart_lines
         WHERE cart_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(id, product, configuration, quantity)| {
            let quantity = u32::try_from(quantity)
                .ok()
                .and_then(|q| Quantity::new(q).ok())
                .ok_or_else(|| anyhow::anyhow!("cart line {id} has quantity {quantity}"))?;
            Ok(CartLine {
                id,
                product,
                configuration,
                quantity,
            })
        })
        .collect()
}

/// Deletes carts unused for [`cart::LIFETIME_DAYS`]; the number deleted.
pub async fn delete_expired(pool: &Pool) -> anyhow::Result<u64> {
    let cutoff = days_ago(cart::LIFETIME_DAYS);
    let mut tx = pool.begin().await?;
    sqlx::query(
        "DELETE FROM cart_lines WHERE cart_id IN (SELECT id FROM carts WHERE touched_at < $1)",
    )
    .bind(&cutoff)
    .execute(&mut *tx)
    .await?;
    let deleted = sqlx::query("DELETE FROM carts WHERE touched_at < $1")
        .bind(&cutoff)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    tx.commit().await?;
    Ok(deleted)
}

impl CartStore for SqlCarts {
    fn load<'a>(&'a self, secret: &'a str) -> BoxFuture<'a, Result<Option<StoredCart>, String>> {
        Box::pin(async move { self.load_cart(secret).await.map_err(|e| format!("{e:#}")) })
    }

    fn change<'a>(
        &'a self,
        secret: Option<&'a str>,
        change: CartChange,
        max_quantity: BTreeMap<String, u32>,
    ) -> BoxFuture<'a, Result<CartChanged, String>> {
        Box::pin(async move {
            self.change_cart(secret, change, max_quantity)
                .await
                .map_err(|e| format!("{e:#}"))
        })
    }

    fn id_of(&self, secret: &str) -> String {
        id_of(secret)
    }
}
