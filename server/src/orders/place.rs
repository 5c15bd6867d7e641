//! Placing an order: the cart is checked, the order is checked against the
//! published catalog, and then it waits for its batch ([`super::batch`]),
//! whose transaction answers a retry with its order, applies the shop's
//! limits and quotes it again from what it sees before storing it. A retry
//! is recognised whatever changed since: a cart order's before its cart is
//! read, and one the catalog no longer accepts before it is refused.

use super::batch::Attempt;
use super::token::TokenKey;
use super::SqlOrders;
use crate::carts::id_of;
use anyhow::bail;
use app::orders::check::{check, CheckedOrder};
use app::orders::quote::Quote;
use app::orders::{CheckoutForm, Field, PlaceOutcome, Problem};
use app::state::ClientAddress;
use sha2::{Digest, Sha256};

/// Attempts before giving up when the cart keeps changing.
const MAX_ATTEMPTS: usize = 5;

impl SqlOrders {
    /// Checks and places the order of `form`; see [`app::state::OrderService::place`].
    pub async fn place_order(
        &self,
        form: &CheckoutForm,
        cart_secret: Option<&str>,
        client: Option<ClientAddress>,
    ) -> anyhow::Result<PlaceOutcome> {
        let cart_id = form.orders_cart().then(|| cart_secret.map(id_of)).flatten();
        // What tells a retry (the same request) from a reused key.
        let digest = request_digest(form, cart_id.as_deref());
        let key = form.key.trim();
        for _ in 0..MAX_ATTEMPTS {
            let cart = match (&cart_id, form.cart_revision()) {
                (Some(id), Some(revision)) => {
                    let mut conn = self.pool.acquire().await?;
                    if let Some(outcome) =
                        earlier_order(&self.token_key, &mut conn, key, &digest).await?
                    {
                        return Ok(outcome);
                    }
                    if let Some(outcome) =
                        cart_order(&self.token_key, &mut conn, id, revision).await?
                    {
                        return Ok(outcome);
                    }
                    let loaded = self.carts.load_cart_by_id(&mut conn, id).await?;
                    if loaded.as_ref().is_some_and(|c| c.revision != revision) {
                        // Ordered from another page between the two reads:
                        // that order answers (the cart is empty now).
                        if let Some(outcome) =
                            cart_order(&self.token_key, &mut conn, id, revision).await?
                        {
                            return Ok(outcome);
                        }
                        // Changed in another window: never order lines the
                        // customer did not see on this page.
                        return Ok(cart_changed());
                    }
                    loaded.map(|cart| (id.clone(), cart))
                }
                _ => None,
            };
            let published = self.catalog.current();
            let checked = match check(
                published,
                form,
                cart.as_ref().map(|(id, c)| (id.clone(), c)),
            ) {
                Ok(checked) => checked,
                Err(problems) => {
                    // A retry gets its order even when the catalog changed
                    // since (a checked order's batch looks for it itself);
                    // a request without a key takes no connection.
                    if !key.is_empty() {
                        let mut conn = self.pool.acquire().await?;
                        if let Some(outcome) =
                            earlier_order(&self.token_key, &mut conn, key, &digest).await?
                        {
                            return Ok(outcome);
                        }
                    }
                    return Ok(PlaceOutcome::Invalid { problems });
                }
            };
            // Refused lately: answered without joining a batch, but a
            // retry of a placed order still gets its order.
            if let Some(limit) = self.recently_refused(&checked, client) {
                let mut conn = self.pool.acquire().await?;
                if let Some(outcome) =
                    earlier_order(&self.token_key, &mut conn, key, &digest).await?
                {
                    return Ok(outcome);
                }
                return Ok(limit.refusal());
            }
            let attempt = self.store_batched(checked, digest.clone(), client).await?;
            if let Attempt::Done(outcome) = attempt {
                return Ok(outcome);
            }
        }
        bail!("the cart kept changing while placing the order")
    }
}

/// The order an earlier submission with `key` created, as `conn` sees it
/// (none without a key).
pub(super) async fn earlier_order(
    token_key: &TokenKey,
    conn: &mut sqlx::AnyConnection,
    key: &str,
    digest: &str,
) -> anyhow::Result<Option<PlaceOutcome>> {
    if key.is_empty() {
        return Ok(None);
    }
    let row: Option<(String, String, String)> =
        sqlx::query_as("SELECT id, token, request_digest FROM orders WHERE idempotency_key = $1")
            .bind(key)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.map(|(number, token, stored)| {
        earlier_outcome(token_key, &number, &token, &stored, digest)
    }))
}

/// The answer to a submission under the key of stored order `number`
/// (with its stored token and request digest): that order when `digest`
/// is the same request, else a refusal.
pub(super) fn earlier_outcome(
    token_key: &TokenKey,
    number: &str,
    stored_token: &str,
    stored_digest: &str,
    digest: &str,
) -> PlaceOutcome {
    if stored_digest == digest {
        PlaceOutcome::Placed {
            number: number.to_owned(),
            token: token_key.token_of(number, stored_token),
        }
    } else {
        key_used_for_another_order()
    }
}

/// The refusal of a checkout key that already placed a different order.
pub(super) fn key_used_for_another_order() -> PlaceOutcome {
    PlaceOutcome::Invalid {
        problems: vec![Problem::new(
            Field::Form,
            "Mit dieser Bestellseite wurde schon eine andere Bestellung aufgegeben; bitte die Seite neu laden.",
            "This checkout page was already used for a different order; please reload the page.",
        )],
    }
}

/// The refusal of a checkout page whose cart changed since it was shown.
fn cart_changed() -> PlaceOutcome {
    PlaceOutcome::Invalid {
        problems: vec![Problem::new(
            Field::Form,
            "Ihr Warenkorb hat sich geändert, seit diese Seite geöffnet wurde; bestellt wurde nichts. Bitte prüfen Sie ihn im Warenkorb und bestellen Sie noch einmal.",
            "Your cart changed since this page was opened; nothing was ordered. Please check it in your cart and order again.",
        )],
    }
}

/// The order made of revision `revision` of cart `cart_id`, if any: that
/// cart was ordered (from another checkout page of the same customer).
pub(super) async fn cart_order(
    token_key: &TokenKey,
    conn: &mut sqlx::AnyConnection,
    cart_id: &str,
    revision: i64,
) -> anyhow::Result<Option<PlaceOutcome>> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT id, token FROM orders WHERE cart_id = $1 AND cart_revision = $2")
            .bind(cart_id)
            .bind(revision)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.map(|(number, token)| PlaceOutcome::Placed {
        token: token_key.token_of(&number, &token),
        number,
    }))
}

/// The answer to an estimated order that cannot be stored as it is: it can
/// no longer be made, or its figures are not the ones its page showed.
pub(super) fn answer_unless_as_seen(
    checked: &CheckedOrder,
    quote: &Quote<'_>,
) -> Option<PlaceOutcome> {
    if !quote.orderable() {
        return Some(PlaceOutcome::Invalid {
            problems: quote.problems(),
        });
    }
    checked.changes(quote).map(PlaceOutcome::Changed)
}

/// What was sent under a checkout key (the order, not the figures seen), so
/// a reused key with other content is told apart from a retry. A cart order
/// is named by its cart.
fn request_digest(form: &CheckoutForm, cart_id: Option<&str>) -> String {
    let country = form.country.trim().to_ascii_uppercase();
    let mut request: Vec<&str> = match cart_id {
        Some(cart) => vec!["cart", cart],
        None => vec![
            form.product.trim(),
            form.config.trim(),
            form.quantity.trim(),
        ],
    };
    request.extend([
        form.name.trim(),
        form.email.trim(),
        form.phone.trim(),
        form.street.trim(),
        form.postal_code.trim(),
        form.city.trim(),
        &country,
    ]);
    let json = serde_json::to_string(&request).unwrap_or_default();
    hex::encode(Sha256::digest(json.as_bytes()))
}
