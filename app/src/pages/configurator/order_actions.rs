//! What the customer can do with a complete configuration: put it into the
//! cart (or save it back into the cart line it came from), or order it
//! straight away. The cart form posts to `/cart`: a page load without
//! JavaScript; with it, `/cart.js` sends it in place, shows the answer below
//! and updates the header's count.
//!
//! Kept small for the configurator's wasm (measured: view trees, reactive
//! attributes and a fetch here cost about 6 KB brotli): the whole block is
//! one markup string, escaped here, set as the inner HTML of one element.

use super::Page;
use crate::cart::request::{ACTION, CONFIG, LINE, PRODUCT, QUANTITY};
use crate::cart::CartAction;
use crate::components::hidden_inputs;
use crate::i18n::{ot, use_lang, OrderText};
use html_escape::{
    encode_double_quoted_attribute_to_string as attr, encode_text_to_string as text,
};
use leptos::prelude::*;

/// The id of the element `/cart.js` writes the cart's answer into.
pub const ANSWER_ID: &str = "cart-answer";

/// The cart form and the direct order link, once the configuration is
/// complete.
#[component]
pub fn OrderActions(page: Page) -> impl IntoView {
    let l = use_lang().get_untracked();
    let compiled = page.data.compiled.clone();
    let state = page.state;
    // The line being changed stays the same while the page lives.
    let line = state.with_untracked(|s| s.cart_line.clone());
    // A `Signal` rather than a closure: it shares the inner-HTML code of
    // the preview's signal instead of adding its own.
    let markup = Signal::derive(move || {
        // Where `/cart.js` writes the answer (gone with the next choice).
        let mut answer = format!(
            "<p class=\"cart-answer\" role=\"status\" id=\"{ANSWER_ID}\" data-view-cart=\""
        );
        attr(ot(l, OrderText::ViewCart), &mut answer);
        answer.push_str("\" data-failed=\"");
        attr(ot(l, OrderText::CartFailed), &mut answer);
        answer.push_str("\"></p>");
        let mut markup = state.with(|s| {
            if !s.evaluation.complete {
                let mut hint = String::from("<p class=\"hint\">");
                text(ot(l, OrderText::CompleteFirst), &mut hint);
                hint.push_str("</p>");
                return hint;
            }
            let action = match line {
                Some(_) => CartAction::Replace,
                None => CartAction::Add,
            };
            let mut fields = vec![
                (ACTION, action.name().to_owned()),
                (PRODUCT, compiled.product.id.clone()),
            ];
            fields.extend(line.iter().map(|l| (LINE, l.clone())));
            fields.push((
                CONFIG,
                engine::query::to_query_string(&compiled.product, &s.selection),
            ));
            fields.push((QUANTITY, s.quantity.to_string()));
            // Saving a changed line goes back to the cart.
            let then = if line.is_some() {
                " data-then=\"/cart\""
            } else {
                ""
            };
            let button = if line.is_some() {
                OrderText::SaveToCart
            } else {
                OrderText::AddToCart
            };
            let mut markup =
                format!("<form class=\"add-to-cart\" method=\"post\" action=\"/cart\"{then}>");
            markup.push_str(&hidden_inputs(&fields));
            markup.push_str(
                "<button type=\"submit\" class=\"button primary\" data-testid=\"add-to-cart\">",
            );
            text(ot(l, button), &mut markup);
            markup
                .push_str("</button></form><a class=\"button\" data-testid=\"order-link\" href=\"");
            attr(
                super::state::checkout_link(&compiled.product, &s.selection, s.quantity).as_str(),
                &mut markup,
            );
            markup.push_str("\">");
            text(ot(l, OrderText::OrderNow), &mut markup);
            markup.push_str("</a>");
            markup
        });
        markup.push_str(&answer);
        markup
    });
    view! { <div class="order-link" inner_html=markup></div> }
}
