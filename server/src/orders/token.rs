//! The secret of an order's status link (`/orders/{token}`) is never
//! stored: it is derived from the order number with a key (HMAC-SHA-256),
//! and the order keeps only its digest (`sha256:…`). So the server can give
//! the link again (a resent checkout, every mail) while a copy of the
//! orders table opens no status page. The key is `ATELIER_SECRET` when the
//! shop sets it (then a copy of the whole database opens none either), or
//! one made at first start and kept in the database. Orders placed before
//! this scheme keep their link as it was stored.

use crate::db::Pool;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

/// What marks a stored digest (earlier orders hold the link's secret).
const DIGEST_PREFIX: &str = "sha256:";
/// Shortest `ATELIER_SECRET` accepted.
pub const MIN_SECRET_LEN: usize = 32;

/// The key status links are derived with.
#[derive(Clone)]
pub struct TokenKey(Vec<u8>);

impl std::fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenKey(…)")
    }
}

impl TokenKey {
    /// `configured` (`ATELIER_SECRET`), or the database's key, made on
    /// first use.
    pub async fn load(pool: &Pool, configured: Option<&str>) -> anyhow::Result<Self> {
        if let Some(secret) = configured {
            return Ok(TokenKey(secret.as_bytes().to_vec()));
        }
        let mut fresh = [0u8; 32];
        getrandom::fill(&mut fresh).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
        sqlx::query(
            "INSERT INTO server_keys (name, value) VALUES ('order_token', $1) ON CONFLICT (name) DO NOTHING",
        )
        .bind(hex::encode(fresh))
        .execute(pool)
        .await?;
        let (value,): (String,) =
            sqlx::query_as("SELECT value FROM server_keys WHERE name = 'order_token'")
                .fetch_one(pool)
                .await?;
        Ok(TokenKey(hex::decode(value)?))
    }

    /// The secret of order `number`'s status link: 64 hex digits.
    pub fn token_for(&self, number: &str) -> String {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes keys of any length");
        mac.update(b"atelier order status link\0");
        mac.update(number.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// The secret of order `number`'s link, from what the order stores.
    pub fn token_of(&self, number: &str, stored: &str) -> String {
        if stored.starts_with(DIGEST_PREFIX) {
            self.token_for(number)
        } else {
            stored.to_owned()
        }
    }
}

/// What an order stores of its link's secret.
pub fn stored(token: &str) -> String {
    format!(
        "{DIGEST_PREFIX}{}",
        hex::encode(Sha256::digest(token.as_bytes()))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_is_derived_and_only_its_digest_stored() {
        let key = TokenKey(b"a key of the shop, long enough to count".to_vec());
        let token = key.token_for("2026-000001");
        assert_eq!(token.len(), 64);
        assert_ne!(token, key.token_for("2026-000002"));
        assert_ne!(
            token,
            TokenKey(b"another key".to_vec()).token_for("2026-000001")
        );
        let kept = stored(&token);
        assert!(kept.starts_with("sha256:") && !kept.contains(&token));
        assert_eq!(key.token_of("2026-000001", &kept), token);
        // An earlier order keeps the secret it was stored with.
        assert_eq!(key.token_of("2026-000001", "0a1b2c"), "0a1b2c");
    }
}
