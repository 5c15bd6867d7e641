//! One line of the cart: drawing, specification, quantity, price and
//! window, and when it no longer fits, why and the way out. Each control is
//! a small form that posts to `/cart`.

use crate::cart::request::{ACTION, LINE, QUANTITY};
use crate::cart::{CartAction, CartLineView};
use crate::i18n::{ct, use_lang, CartText, Lang};
use engine::delivery::format_window;
use engine::pricing::format_money;
use leptos::prelude::*;

/// One cart line.
#[component]
pub fn CartLineItem(line: CartLineView) -> impl IntoView {
    let l = use_lang().get_untracked();
    let quantity_id = format!("qty-{}", line.id);
    let issue = line.issue.clone().map(|issue| {
        let repair = issue.repair.map(|offer| {
            let dropped = offer
                .dropped
                .iter()
                .map(|d| d.get(l).to_owned())
                .collect::<Vec<_>>()
                .join(", ");
            let what = (!dropped.is_empty()).then(|| format!("{} {dropped}", ct(l, CartText::Without)));
            let action = if offer.applies_here {
                view! {
                    <form method="post" action="/cart">
                        <Hidden action=CartAction::Repair line=line.id.clone() />
                        <button type="submit" class="button primary" data-testid="apply-repair">{ct(l, CartText::ApplyRepair)}</button>
                    </form>
                }
                .into_any()
            } else {
                view! { <a class="button primary" href=offer.link>{ct(l, CartText::ChooseAgain)}</a> }.into_any()
            };
            view! {
                <p>{ct(l, CartText::RepairHeading)} " " {what}</p>
                {action}
            }
        });
        view! {
            <div class="line-issue" role="alert" data-testid="line-issue">
                <ul>{issue.reasons.iter().map(|r| view! { <li>{r.get(l).to_owned()}</li> }).collect_view()}</ul>
                {repair}
            </div>
        }
    });
    view! {
        <li class="cart-line panel" class:stale=line.issue.is_some() data-testid="cart-line" data-line=line.id.clone()>
            <div class="cart-preview" aria-hidden="true" inner_html=line.preview_svg.clone()></div>
            <div class="cart-line-body">
                <h2><a href=line.link.clone()>{line.name.get(l).to_owned()}</a></h2>
                <dl class="spec-summary">
                    {line.spec.iter().map(|row| view! {
                        <dt>{row.label.get(l).to_owned()}</dt>
                        <dd>{row.value_label.get(l).to_owned()}</dd>
                    }).collect_view()}
                </dl>
                {issue}
                <div class="line-actions">
                    <form class="line-quantity" method="post" action="/cart" novalidate>
                        <Hidden action=CartAction::Quantity line=line.id.clone() />
                        <label for=quantity_id.clone()>{ct(l, CartText::Pieces)}</label>
                        <input
                            id=quantity_id
                            type="number"
                            name=QUANTITY
                            min="1"
                            max=line.max_quantity.max(1)
                            value=line.quantity
                            inputmode="numeric"
                        />
                        <button type="submit" class="button no-js-only">{ct(l, CartText::Update)}</button>
                    </form>
                    <a class="button" href=line.link.clone()>{ct(l, CartText::Change)}</a>
                    <form method="post" action="/cart">
                        <Hidden action=CartAction::Remove line=line.id.clone() />
                        <button type="submit" class="button">{ct(l, CartText::Remove)}</button>
                    </form>
                </div>
            </div>
            <div class="cart-line-figures">{figures(&line, l)}</div>
        </li>
    }
}

/// The hidden fields naming a form's action and line.
#[component]
fn Hidden(action: CartAction, line: String) -> impl IntoView {
    view! {
        <input type="hidden" name=ACTION value=action.name() />
        <input type="hidden" name=LINE value=line />
    }
}

/// A line's price and window, when it has them.
fn figures(v: &CartLineView, l: Lang) -> impl IntoView {
    let price = v.price.as_ref().map(|p| {
        let each = (p.quantity > 1).then(|| {
            let unit = p.unit_price - p.tier_discount_per_unit;
            format!("{} {}", format_money(unit, &p.currency, l), ct(l, CartText::UnitEach))
        });
        view! {
            <p class="total"><strong data-testid="line-total">{format_money(p.total, &p.currency, l)}</strong></p>
            {each.map(|e| view! { <p class="each">{e}</p> })}
        }
    });
    let window = v.window.as_ref().map(|w| {
        view! {
            <p class="window">
                <span>{ct(l, CartText::LineWindow)}</span> " "
                <strong data-testid="line-window">{format_window(w.earliest, w.latest, l)}</strong>
            </p>
        }
    });
    view! { {price} {window} }
}
