//! What the customer can do with a complete configuration: put it into the
//! cart (or save it back into the cart line it came from), or order it
//! straight away. The cart form posts to `/cart` without JavaScript; with
//! it the same body is sent in place and the header's count follows.
//!
//! Kept small for the configurator's wasm: the form's hidden fields and the
//! answer are markup strings (escaped here) rather than view trees, and
//! what is not possible yet is hidden rather than left out.

use super::Page;
use crate::cart::request::{save_body, ACTION, CONFIG, LINE, PRODUCT, QUANTITY};
use crate::cart::CartAction;
use crate::i18n::{ot, use_lang, OrderText};
use html_escape::{
    encode_double_quoted_attribute_to_string as attr, encode_text_to_string as text,
};
use leptos::prelude::*;

/// The cart form and the direct order link, shown once the configuration
/// is complete.
#[component]
pub fn OrderActions(page: Page) -> impl IntoView {
    let l = use_lang().get_untracked();
    let product = page.data.compiled.product.clone();
    let state = page.state;
    // The line being changed stays the same while the page lives.
    let line = state.with_untracked(|s| s.cart_line.clone());
    // What the last in-place submission answered, as markup.
    let answer = RwSignal::new(String::new());
    let sending = RwSignal::new(false);
    let incomplete = move || state.with(|s| !s.evaluation.complete);
    let fields = {
        let (product, line) = (product.clone(), line.clone());
        move || {
            state.with(|s| {
                let action = match line {
                    Some(_) => CartAction::Replace,
                    None => CartAction::Add,
                };
                let mut pairs = vec![
                    (ACTION, action.name().to_owned()),
                    (PRODUCT, product.id.clone()),
                ];
                pairs.extend(line.iter().map(|l| (LINE, l.clone())));
                pairs.push((
                    CONFIG,
                    engine::query::to_query_string(&product, &s.selection),
                ));
                pairs.push((QUANTITY, s.quantity.to_string()));
                hidden_inputs(&pairs)
            })
        }
    };
    let on_submit = {
        let (product, line) = (product.clone(), line.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if sending.get_untracked() {
                return;
            }
            let body = state.with_untracked(|s| {
                let query = engine::query::to_query_string(&product, &s.selection);
                save_body(&product.id, line.as_deref(), &query, s.quantity)
            });
            let saving_line = line.is_some();
            sending.set(true);
            leptos::task::spawn_local(async move {
                let url = format!("/cart?lang={}", l.code());
                let reply = crate::islands::post_form(&url, &body).await;
                sending.set(false);
                let Some(reply) = reply else {
                    return answer.set(refused(ot(l, OrderText::CartFailed)));
                };
                if let Some(items) = reply.cart_count {
                    crate::islands::show_cart_count(items);
                }
                if !reply.ok {
                    return answer.set(refused(&reply.text));
                }
                if saving_line {
                    let _ = window().location().set_href("/cart");
                }
                let mut markup = String::new();
                text(&reply.text, &mut markup);
                markup.push_str(" <a href=\"/cart\">");
                text(ot(l, OrderText::ViewCart), &mut markup);
                markup.push_str("</a>");
                answer.set(markup);
            });
        }
    };
    let checkout =
        move || state.with(|s| super::state::checkout_link(&product, &s.selection, s.quantity));
    let button = ot(
        l,
        if line.is_some() {
            OrderText::SaveToCart
        } else {
            OrderText::AddToCart
        },
    );
    view! {
        <div class="order-link">
            <form class="add-to-cart" method="post" action="/cart" hidden=incomplete on:submit=on_submit>
                <div inner_html=fields></div>
                <button type="submit" class="button primary" data-testid="add-to-cart" disabled=move || sending.get()>
                    {button}
                </button>
            </form>
            <a class="button" href=checkout hidden=incomplete data-testid="order-link">{ot(l, OrderText::OrderNow)}</a>
            <p class="hint" hidden=move || !incomplete()>{ot(l, OrderText::CompleteFirst)}</p>
            <p class="cart-answer" role="status" inner_html=move || answer.get()></p>
        </div>
    }
}

/// Hidden inputs for `pairs`, escaped.
fn hidden_inputs(pairs: &[(&str, String)]) -> String {
    let mut markup = String::new();
    for (name, value) in pairs {
        markup.push_str("<input type=\"hidden\" name=\"");
        attr(name, &mut markup);
        markup.push_str("\" value=\"");
        attr(value, &mut markup);
        markup.push_str("\">");
    }
    markup
}

/// A refusal as markup.
fn refused(message: &str) -> String {
    let mut markup = String::from("<span class=\"refused\">");
    text(message, &mut markup);
    markup.push_str("</span>");
    markup
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_fields_are_escaped() {
        let markup = hidden_inputs(&[("engraving", "Lina \"&\" <Tom>".into())]);
        assert_eq!(
            markup,
            "<input type=\"hidden\" name=\"engraving\" value=\"Lina &quot;&amp;&quot; &lt;Tom&gt;\">"
        );
        assert_eq!(refused("<b>"), "<span class=\"refused\">&lt;b&gt;</span>");
    }
}
