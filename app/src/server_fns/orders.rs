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

/// Loads the checkout page of `product` with a new checkout key (or the
/// posted one, when answering a post without JavaScript).
#[server(prefix = "/api", endpoint = "checkout")]
pub async fn load_checkout(product: String) -> Result<CheckoutData, AppError> {
    let submitted = use_context::<Submitted>();
    let configurator = super::configurator::load_configurator(product).await?;
    Ok(CheckoutData {
        configurator,
        key: checkout_key(&submitted),
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
        key: checkout_key(&submitted),
        submitted,
    })
}

/// Places the order of a checkout form (see [`crate::state::OrderService`]).
#[server(prefix = "/api", endpoint = "place_order", input = Json)]
pub async fn place_order(form: CheckoutForm) -> Result<PlaceOutcome, AppError> {
    let orders = use_context::<crate::state::SharedOrders>()
        .ok_or_else(|| AppError::internal("place_order", "no order service in context"))?;
    orders
        .place(form, crate::cart::cookie::request_secret())
        .await
        .map_err(|e| AppError::internal("place_order", e))
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
fn checkout_key(submitted: &Option<Submitted>) -> String {
    let refused = |outcome: &Option<PlaceOutcome>| {
        matches!(outcome, Some(PlaceOutcome::Invalid { problems })
            if problems.iter().any(|p| p.field == crate::orders::Field::Form))
    };
    match submitted {
        Some(s) if !s.form.key.is_empty() && !refused(&s.outcome) => s.form.key.clone(),
        _ => uuid::Uuid::new_v4().to_string(),
    }
}
