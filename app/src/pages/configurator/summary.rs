//! The side panel: price with its breakdown, the delivery window with its
//! reasons, the configuration in words; and the notices above the form.

use super::words::{attribute_label, conflict_label, rule_messages};
use super::{Change, Page};
use crate::i18n::{t, use_lang, Key};
use crate::page_link::PageLink;
use engine::pricing::format_money;
use leptos::prelude::*;

/// Notices about the link (repaired, unknown ids) and the undo offer.
#[component]
pub fn Notices(page: Page, undo: RwSignal<Option<String>>, address: PageLink) -> impl IntoView {
    let l = use_lang().get_untracked();
    let compiled = page.data.compiled.clone();
    // A memo: the live region (a status, read out whole) changes only when
    // its lines do.
    let notices = Memo::new(move |_| {
        page.state.with(|s| {
            let mut lines: Vec<String> = s
                .notices
                .iter()
                .map(|n| n.message(l, &compiled.product))
                .collect();
            if let Some(repair) = &s.repair {
                let dropped: Vec<String> = repair
                    .dropped
                    .iter()
                    .map(|c| conflict_label(&compiled.product, &s.selection, c, l))
                    .collect();
                let mut line = format!("{} {}", t(l, Key::LinkRepaired), dropped.join(", "));
                for message in rule_messages(&repair.rules, l) {
                    line.push_str(&format!(" ({message})"));
                }
                lines.push(line);
            }
            if s.bad_quantity {
                lines.push(t(l, Key::BadQuantity).to_owned());
            }
            lines
        })
    });
    view! {
        <div class="notices" role="status">
            {move || notices.get().into_iter().map(|line| view! { <p class="notice">{line}</p> }).collect_view()}
            {move || undo.get().map(|href| {
                let back = href.clone();
                let on_undo = move |ev: leptos::ev::MouseEvent| {
                    ev.prevent_default();
                    undo.set(None);
                    address.go(&back, false);
                };
                view! {
                    <p class="notice applied">
                        {t(l, Key::ChangeApplied)} " "
                        <a href=href class="undo" on:click=on_undo>{t(l, Key::Undo)}</a>
                    </p>
                }
            })}
        </div>
    }
}

/// How many to order.
#[component]
pub fn QuantityField(page: Page) -> impl IntoView {
    let l = use_lang().get_untracked();
    let value = page.state.with_untracked(|s| s.quantity);
    let on_change = move |ev: leptos::ev::Event| {
        if let Ok(q) = crate::orders::Quantity::parse(&event_target_value(&ev)) {
            page.request.run(Change::Quantity(q.get()));
        }
    };
    view! {
        <section class="group quantity">
            <label>
                <span>{t(l, Key::Quantity)}</span>
                <input type="number" name="qty" min="1" max=crate::orders::Quantity::MAX value=value on:change=on_change />
            </label>
        </section>
    }
}

/// The price, its breakdown and the VAT it contains.
#[component]
pub fn PricePanel(page: Page) -> impl IntoView {
    let l = use_lang().get_untracked();
    let body = move || {
        page.state.with(|s| match &s.price {
            Ok(price) => price_view(price, l).into_any(),
            Err(e) => {
                view! { <p class="error">{t(l, Key::NoPrice)} " " {e.message(l)}</p> }.into_any()
            }
        })
    };
    view! {
        <section class="panel price-panel" aria-labelledby="price-heading">
            <h2 id="price-heading">{t(l, Key::YourPrice)}</h2>
            {body}
        </section>
    }
}

/// The delivery window and why it is what it is.
#[component]
pub fn DeliveryPanel(page: Page) -> impl IntoView {
    let l = use_lang().get_untracked();
    let compiled = page.data.compiled.clone();
    let body = move || {
        page.state.with(|s| match &s.estimate {
            Ok(estimate) => view! {
                <p class="window"><span>{t(l, Key::DeliveryWindow)}</span> <strong data-testid="window">{estimate.window(l)}</strong></p>
                <ul class="reasons">
                    {estimate.reasons.iter().map(|r| view! { <li>{r.message(&compiled.product, l)}</li> }).collect_view()}
                </ul>
            }
            .into_any(),
            Err(e) => view! { <p class="error">{e.message(l)}</p> }.into_any(),
        })
    };
    view! {
        <section class="panel delivery-panel" aria-labelledby="delivery-heading">
            <h2 id="delivery-heading">{t(l, Key::Delivery)}</h2>
            {body}
        </section>
    }
}

/// The configuration in words, what is still missing, and a live announcement
/// of price and date for screen readers.
#[component]
pub fn SummaryPanel(page: Page) -> impl IntoView {
    let l = use_lang().get_untracked();
    let compiled = page.data.compiled.clone();
    let rows = {
        let compiled = compiled.clone();
        move || {
            page.state.with(|s| {
                crate::orders::snapshot::spec_lines(&compiled.product, &s.evaluation)
                    .into_iter()
                    .map(|line| {
                        (
                            line.label.get(l).to_owned(),
                            line.value_label.get(l).to_owned(),
                        )
                    })
                    .collect::<Vec<_>>()
            })
        }
    };
    let missing = {
        let compiled = compiled.clone();
        move || {
            page.state.with(|s| {
                if s.evaluation.complete {
                    return None;
                }
                let names: Vec<String> = compiled
                    .product
                    .attributes
                    .iter()
                    .enumerate()
                    .filter(|(i, a)| {
                        s.evaluation.attributes[*i].visible
                            && s.evaluation.effective.get(&a.id).is_none()
                    })
                    .map(|(_, a)| attribute_label(&compiled.product, &a.id, l))
                    .collect();
                Some(names.join(", "))
            })
        }
    };
    // Texts that follow the configuration are `Signal`s, not closures: they
    // share one copy of the text code in the wasm (see `ProductPreview`).
    let announcement = Signal::derive(move || {
        page.state.with(|s| {
            let price = s
                .price
                .as_ref()
                .map(|p| format_money(p.total, &p.currency, l))
                .unwrap_or_default();
            let window = s.estimate.as_ref().map(|e| e.window(l)).unwrap_or_default();
            format!(
                "{}: {price}. {}: {window}.",
                t(l, Key::Total),
                t(l, Key::DeliveryWindow)
            )
        })
    });
    let completeness = Signal::derive(move || match missing() {
        None => t(l, Key::Complete).to_owned(),
        Some(names) => format!("{} {names}", t(l, Key::StillToChoose)),
    });
    view! {
        <section class="panel summary-panel" aria-labelledby="summary-heading">
            <h2 id="summary-heading">{t(l, Key::Summary)}</h2>
            <dl>
                {move || rows().into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
            </dl>
            <p class="completeness" data-testid="completeness">{completeness}</p>
            <p class="visually-hidden" aria-live="polite">{announcement}</p>
        </section>
    }
}

/// A price: the total, the VAT it contains and the breakdown per item.
pub fn price_view(price: &engine::pricing::PriceBreakdown, l: crate::i18n::Lang) -> impl IntoView {
    let money = |a| format_money(a, &price.currency, l);
    view! {
        <p class="total"><span>{t(l, Key::Total)}</span> <strong data-testid="total">{money(price.total)}</strong></p>
        <p class="vat">{format!("{} {} % {}", t(l, Key::VatIncluded), vat_percent(price.vat_rate_bp, l), money(price.vat))}</p>
        <details class="breakdown">
            <summary>{t(l, Key::UnitPrice)} ": " {money(price.unit_price)}</summary>
            <ul>
                {price.lines.iter().map(|line| view! {
                    <li><span>{line.label.get(l).to_owned()}</span><span>{money(line.amount)}</span></li>
                }).collect_view()}
                {(price.tier_discount_per_unit != 0).then(|| view! {
                    <li><span>{t(l, Key::TierDiscount)}</span><span>{money(-price.tier_discount_per_unit)}</span></li>
                })}
            </ul>
        </details>
    }
}

/// A VAT rate in basis points as a percentage for `lang`: `19`, `7,5`.
pub fn vat_percent(rate_bp: u32, lang: crate::i18n::Lang) -> String {
    engine::input::format_decimal(engine::Milli(i64::from(rate_bp) * 10), lang)
}

#[cfg(test)]
mod tests {
    use super::vat_percent;
    use crate::i18n::Lang;

    #[test]
    fn vat_rates_read_in_the_locale() {
        assert_eq!(vat_percent(1900, Lang::De), "19");
        assert_eq!(vat_percent(750, Lang::De), "7,5");
        assert_eq!(vat_percent(750, Lang::En), "7.5");
    }
}
