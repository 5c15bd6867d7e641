//! The cart: its page's data, changes made from the cart page's island,
//! and the header's piece count. Cart changes from forms posted without
//! JavaScript (and the configurator's "add to cart") go to `POST /cart`,
//! which the server serves through the same [`crate::cart::service`].

use crate::cart::CartView;
use crate::error::AppError;
use engine::Text;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the cart page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CartPage {
    pub view: CartView,
    /// What the last change did (a form posted without JavaScript).
    pub notice: Option<CartNotice>,
}

/// A message above the cart: what a change did, or why it did not.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CartNotice {
    pub message: Text,
    pub ok: bool,
}

/// The cart page's data for the visitor's cart (empty without one).
#[server(prefix = "/api", endpoint = "cart")]
pub async fn load_cart() -> Result<CartPage, AppError> {
    let context = cart_context()?;
    let secret = crate::cart::cookie::request_secret();
    let view = context
        .view(secret.as_deref())
        .await
        .map_err(|e| AppError::internal("load_cart", e))?;
    if let (Some(secret), false) = (&secret, view.lines.is_empty()) {
        crate::cart::cookie::keep(secret);
    }
    let notice = use_context::<crate::cart::CartPosted>()
        .map(|p| CartNotice {
            message: p.message,
            ok: p.ok,
        })
        .or_else(done_notice);
    Ok(CartPage { view, notice })
}

/// A cart page's change (quantity, remove, repair) as its island sends it:
/// the cart's new data and what the change did.
#[server(prefix = "/api", endpoint = "cart_change")]
pub async fn change_cart(
    action: String,
    line: String,
    quantity: String,
) -> Result<CartPage, AppError> {
    use crate::cart::request::{ACTION, LINE, QUANTITY};
    let context = cart_context()?;
    let secret = crate::cart::cookie::request_secret();
    let pairs = vec![
        (ACTION.to_owned(), action),
        (LINE.to_owned(), line),
        (QUANTITY.to_owned(), quantity),
    ];
    let notice = match crate::cart::CartRequest::from_pairs(pairs) {
        Ok(request) => {
            let answer = context
                .serve(secret.as_deref(), request)
                .await
                .map_err(|e| AppError::internal("change_cart", e))?;
            if let Some(secret) = &answer.secret {
                crate::cart::cookie::keep(secret);
            }
            CartNotice {
                ok: answer.result.is_ok(),
                message: answer.message,
            }
        }
        Err(_) => CartNotice {
            message: crate::cart::unreadable_request(),
            ok: false,
        },
    };
    let view = context
        .view(secret.as_deref())
        .await
        .map_err(|e| AppError::internal("change_cart", e))?;
    Ok(CartPage {
        view,
        notice: Some(notice),
    })
}

/// Pieces in the visitor's cart, for the header.
#[server(prefix = "/api", endpoint = "cart_count")]
pub async fn cart_count() -> Result<u32, AppError> {
    let Some(secret) = crate::cart::cookie::request_secret() else {
        return Ok(0);
    };
    let context = cart_context()?;
    let cart = context
        .cart(Some(&secret))
        .await
        .map_err(|e| AppError::internal("cart_count", e))?;
    Ok(cart.map_or(0, |c| c.items()))
}

#[cfg(feature = "ssr")]
fn cart_context() -> Result<crate::cart::service::CartContext, AppError> {
    crate::cart::service::CartContext::from_context()
        .ok_or_else(|| AppError::internal("cart", "no cart context"))
}

/// The notice for `/cart?done=…`, where a change posted without
/// JavaScript redirects.
#[cfg(feature = "ssr")]
fn done_notice() -> Option<CartNotice> {
    use crate::cart::CartAction;
    let parts = use_context::<http::request::Parts>()?;
    let done = engine::query::parse_query_string(parts.uri.query()?)
        .into_iter()
        .find(|(k, _)| k == "done")?
        .1;
    let action = CartAction::parse(&done)?;
    let message = match action {
        CartAction::Add => Text {
            de: "Der Artikel liegt in Ihrem Warenkorb.".into(),
            en: "The item is in your cart.".into(),
        },
        other => crate::cart::service::done_message(other, &None),
    };
    Some(CartNotice { message, ok: true })
}
