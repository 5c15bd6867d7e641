//! Checkout and order status: a fresh checkout key with the configurator
//! data or the cart, placing the order, and reading it back by its status
//! link.

use super::configurator::ConfiguratorData;
use crate::error::AppError;
use crate::orders::{CheckoutForm, OrderView, PlaceOutcome, Submitted};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// What the checkout page needs: the configurator data (to show and check
/// the configuration) and the key that makes this checkout order once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckoutData {
    pub configurator: ConfiguratorData,
    pub key: String,
    /// The form posted without JavaScript and its outcome, when this page
    /// answers such a post.
    pub submitted: Option<Submitted>,
}

impl CheckoutData {
    /// The data as a page sends it: the product apart, by its script.
    pub fn product_apart(mut self) -> Self {
        self.configurator = self.configurator.product_apart();
        self
    }
}

impl crate::islands::IslandPayload for CheckoutData {
    const ELEMENT_ID: &'static str = "checkout-data";
}

/// Loads the checkout page of `product` with a new checkout key (or the
/// posted one, when answering a post without JavaScript), the product's
/// texts in `lang` only (or in every language).
#[server(prefix = "/api", endpoint = "checkout")]
pub async fn load_checkout(
    product: String,
    lang: Option<engine::Lang>,
) -> Result<CheckoutData, AppError> {
    let submitted = use_context::<Submitted>();
    let configurator = super::configurator::load_configurator(product.clone(), lang).await?;
    Ok(CheckoutData {
        configurator,
        key: product_checkout_key(&product, &submitted),
        submitted,
    })
}

/// What the cart's checkout page needs: the cart as quoted now and the
/// key that makes this checkout order once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CartCheckoutData {
    pub cart: crate::cart::CartView,
    pub key: String,
    /// The form posted without JavaScript and its outcome, when this page
    /// answers such a post.
    pub submitted: Option<Submitted>,
}

/// Loads the cart's checkout page with a new checkout key (or the posted
/// one, when answering a post without JavaScript).
#[server(prefix = "/api", endpoint = "cart_checkout")]
pub async fn load_cart_checkout() -> Result<CartCheckoutData, AppError> {
    let submitted = use_context::<Submitted>();
    let context = crate::cart::service::CartContext::from_context()
        .ok_or_else(|| AppError::internal("load_cart_checkout", "no cart context"))?;
    let secret = crate::cart::cookie::request_secret();
    let cart = context
        .view(secret.as_deref())
        .await
        .map_err(|e| AppError::internal("load_cart_checkout", e))?;
    Ok(CartCheckoutData {
        cart,
        key: posted_or_fresh_key(&submitted),
        submitted,
    })
}

/// Places the order of a checkout form (see [`crate::state::OrderService`]).
#[server(prefix = "/api", endpoint = "place_order", input = Json)]
pub async fn place_order(form: CheckoutForm) -> Result<PlaceOutcome, AppError> {
    let orders = use_context::<crate::state::SharedOrders>()
        .ok_or_else(|| AppError::internal("place_order", "no order service in context"))?;
    let product = form.product.clone();
    let outcome = orders
        .place(
            form,
            crate::cart::cookie::request_secret(),
            crate::state::request_client(),
        )
        .await
        .map_err(|e| AppError::internal("place_order", e))?;
    // The next checkout of this product orders anew.
    if !product.is_empty()
        && (matches!(outcome, PlaceOutcome::Placed { .. }) || outcome.refuses_key())
    {
        crate::orders::checkout_key::remember(&product, None);
    }
    Ok(outcome)
}

/// The order behind a status link; unknown tokens are `NotFound`.
#[server(prefix = "/api", endpoint = "order")]
pub async fn load_order(token: String) -> Result<OrderView, AppError> {
    let orders = use_context::<crate::state::SharedOrders>()
        .ok_or_else(|| AppError::internal("load_order", "no order service in context"))?;
    orders
        .find(&token)
        .await
        .map_err(|e| AppError::internal("load_order", e))?
        .ok_or(AppError::NotFound)
}

/// The checkout key of a page: the posted one when it answers a post
/// (unless the key itself was refused), otherwise a new one.
#[cfg(feature = "ssr")]
fn posted_or_fresh_key(submitted: &Option<Submitted>) -> String {
    match submitted {
        Some(s)
            if !s.form.key.is_empty() && !s.outcome.as_ref().is_some_and(|o| o.refuses_key()) =>
        {
            s.form.key.clone()
        }
        _ => crate::orders::checkout_key::fresh(),
    }
}

/// The checkout key of `product`'s page: as [`posted_or_fresh_key`] when
/// it answers a post, otherwise the one its cookie keeps (the page was
/// reloaded, or the customer came Back after a lost reply) or a new one.
/// The cookie keeps what the page shows.
#[cfg(feature = "ssr")]
fn product_checkout_key(product: &str, submitted: &Option<Submitted>) -> String {
    use crate::orders::checkout_key;
    let kept = checkout_key::request_key();
    let key = match (submitted, &kept) {
        (None, Some(kept)) => kept.clone(),
        _ => posted_or_fresh_key(submitted),
    };
    if kept.as_deref() != Some(key.as_str()) {
        checkout_key::remember(product, Some(&key));
    }
    key
}
