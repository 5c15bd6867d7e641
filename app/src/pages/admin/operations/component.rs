//! `/admin/operations/components/{id}`: one component: its stock, lead
//! time and reorder level (a plain form), the deliveries expected from
//! suppliers (received into stock or cancelled here), and every change.

use super::{days, unreadable, ChangeLog, Saved};
use crate::admin::operations::{ComponentFile, Delivery, DeliveryState};
use crate::admin::Area;
use crate::i18n::use_lang;
use crate::pages::admin::frame::{AdminFrame, Notice};
use crate::pages::admin::{posted, tr, AdminPosted};
use engine::delivery::format_date;
use engine::query::percent_encode;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The component page.
#[component]
pub fn ComponentPage() -> impl IntoView {
    let l = use_lang().get_untracked();
    let id = use_params_map()
        .read_untracked()
        .get("id")
        .unwrap_or_default();
    let posted = posted();
    let title = format!("{} {id}", tr(l, "Bauteil", "Component"));
    let form = posted.clone();
    view! {
        <AdminFrame title>
            <p><a href=Area::Operations.path()>{tr(l, "← Fertigung & Lager", "← Production & stock")}</a></p>
            <Notice posted />
            <Saved />
            <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {Suspend::new(async move {
                    match load(&id).await {
                        Ok(Some(file)) => view! { <File file posted=form /> }.into_any(),
                        Ok(None) => view! { <p class="notice refused" role="alert">{tr(l, "Dieses Bauteil gibt es nicht.", "There is no such component.")}</p> }.into_any(),
                        Err(()) => unreadable(l).into_any(),
                    }
                })}
            </Suspense>
        </AdminFrame>
    }
}

async fn load(id: &str) -> Result<Option<ComponentFile>, ()> {
    #[cfg(feature = "ssr")]
    {
        let store = use_context::<crate::state::SharedAdmin>().ok_or(())?;
        store.component_file(id).await.map_err(|e| {
            tracing::error!(error = %e, component = id, "reading a component failed");
        })
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = id;
        Err(())
    }
}

#[component]
fn File(file: ComponentFile, posted: AdminPosted) -> impl IntoView {
    let l = use_lang().get_untracked();
    let available = file.available();
    let short = available <= file.settings.reorder_level;
    let seen = super::seen(&file.settings);
    // Only the settings form's own fields come back from a refused post.
    let own = posted.value("seen").is_some();
    let value = |name: &str, stored: String| {
        posted
            .value(name)
            .filter(|_| own)
            .map(str::to_owned)
            .unwrap_or(stored)
    };
    let on_hand = value("on_hand", file.settings.on_hand.to_string());
    let lead = value("replenish_days", file.settings.replenish_days.to_string());
    let level = value("reorder_level", file.settings.reorder_level.to_string());
    let expected = posted.value("expected_on").unwrap_or_default().to_owned();
    let quantity = posted.value("quantity").unwrap_or_default().to_owned();
    let action = super::component_href(&file.id);
    let deliveries_action = format!("{action}/deliveries");
    let deliveries = file
        .deliveries
        .iter()
        .map(|d| view! { <DeliveryRow delivery=d.clone() component=file.id.clone() /> })
        .collect_view();
    let waiting = (available < 0).then(|| {
        let text = match l {
            crate::i18n::Lang::De => format!("{} Stück fehlen für bestellte Aufträge.", -available),
            crate::i18n::Lang::En => format!("{} units are missing for orders placed.", -available),
        };
        view! { <p class="notice refused">{text}</p> }
    });
    view! {
        <dl class="stock-figures">
            <div><dt>{tr(l, "Bestand", "On hand")}</dt><dd>{file.settings.on_hand}</dd></div>
            <div><dt>{tr(l, "Reserviert für Bestellungen", "Reserved for orders")}</dt><dd>{file.reserved}</dd></div>
            <div class:short=short>
                <dt>{tr(l, "Verfügbar", "Available")}</dt>
                <dd>{available} {short.then(|| view! { " " <span class="status status-short">{tr(l, "knapp", "running short")}</span> })}</dd>
            </div>
            <div><dt>{tr(l, "Lieferzeit", "Lead time")}</dt><dd>{days(file.settings.replenish_days, l)}</dd></div>
        </dl>
        {waiting}
        <div class="ops-file">
            <form method="post" action=action class="admin-form ops-form">
                <h2>{tr(l, "Bestand und Nachschub", "Stock and replenishment")}</h2>
                <input type="hidden" name="seen" value=seen />
                <label for="on_hand">{tr(l, "Bestand (gezählt, mit Reserviertem)", "On hand (counted, reserved included)")}</label>
                <input id="on_hand" name="on_hand" type="number" min="0" step="1" required value=on_hand />
                <label for="replenish_days">{tr(l, "Lieferzeit beim Nachbestellen (Werktage)", "Lead time when reordering (working days)")}</label>
                <input id="replenish_days" name="replenish_days" type="number" min="0" max="365" step="1" required value=lead />
                <label for="reorder_level">{tr(l, "Meldebestand (knapp ab so wenig Verfügbarem)", "Reorder level (running short at this much available)")}</label>
                <input id="reorder_level" name="reorder_level" type="number" min="0" step="1" required value=level />
                <button type="submit" class="primary">{tr(l, "Speichern", "Save")}</button>
            </form>
            <section aria-labelledby="deliveries-title">
                <h2 id="deliveries-title">{tr(l, "Erwartete Lieferungen", "Expected deliveries")}</h2>
                <p class="hint">{tr(l, "Offene Lieferungen zählen für die Lieferzeit-Schätzung ab ihrem Tag.", "Open deliveries count for the delivery estimate from their day on.")}</p>
                <table class="admin-table">
                    <thead><tr>
                        <th scope="col">{tr(l, "Erwartet am", "Expected on")}</th>
                        <th scope="col" class="num">{tr(l, "Menge", "Quantity")}</th>
                        <th scope="col">{tr(l, "Stand", "State")}</th>
                        <th scope="col"><span class="visually-hidden">{tr(l, "Aktionen", "Actions")}</span></th>
                    </tr></thead>
                    <tbody>{deliveries}</tbody>
                </table>
                <form method="post" action=deliveries_action class="step-form">
                    <label>{tr(l, "Erwartet am", "Expected on")}<input type="date" name="expected_on" required value=expected /></label>
                    <label>{tr(l, "Menge", "Quantity")}<input type="number" name="quantity" min="1" step="1" required value=quantity /></label>
                    <button type="submit">{tr(l, "Lieferung eintragen", "Add delivery")}</button>
                </form>
            </section>
        </div>
        <section aria-labelledby="log-title">
            <h2 id="log-title">{tr(l, "Änderungen", "Changes")}</h2>
            <ChangeLog changes=file.changes subjects=false />
        </section>
    }
}

#[component]
fn DeliveryRow(delivery: Delivery, component: String) -> impl IntoView {
    let l = use_lang().get_untracked();
    let state = match delivery.state {
        DeliveryState::Open => tr(l, "offen", "open"),
        DeliveryState::Overdue => tr(l, "überfällig", "overdue"),
        DeliveryState::Received => tr(l, "eingebucht", "received"),
        DeliveryState::Cancelled => tr(l, "storniert", "cancelled"),
    };
    let open = matches!(delivery.state, DeliveryState::Open | DeliveryState::Overdue);
    let action = format!(
        "{}/deliveries/{}",
        super::component_href(&component),
        percent_encode(&delivery.id)
    );
    let settle = open.then(|| {
        view! {
            <form method="post" action=action class="inline-actions">
                <button type="submit" name="action" value="receive">{tr(l, "Eingang buchen", "Receive")}</button>
                <button type="submit" name="action" value="cancel" class="secondary">{tr(l, "Lieferung stornieren", "Cancel delivery")}</button>
            </form>
        }
    });
    view! {
        <tr class:settled=!open class:overdue=delivery.state == DeliveryState::Overdue>
            <td>{format_date(delivery.expected_on, l)}</td>
            <td class="num">{delivery.quantity}</td>
            <td>{state}</td>
            <td>{settle}</td>
        </tr>
    }
}
