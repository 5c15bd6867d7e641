//! `/admin/integrations/{id}`: one webhook endpoint: its address and event
//! types (a plain form), its signing secret with rotation, enabling,
//! a test event, and the log of its newest deliveries with every try.

use super::{delivery_state, state_label, types_label, unreadable, EndpointFields};
use crate::admin::integrations::{event_label, DeliveryRow, EndpointFile};
use crate::admin::Area;
use crate::i18n::{use_lang, Lang};
use crate::pages::admin::frame::{AdminFrame, Notice};
use crate::pages::admin::{posted, query_pairs, tr, when, when_exact, AdminPosted};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The endpoint page.
#[component]
pub fn EndpointPage() -> impl IntoView {
    let l = use_lang().get_untracked();
    let id = use_params_map()
        .read_untracked()
        .get("id")
        .unwrap_or_default();
    let posted = posted();
    let form = posted.clone();
    view! {
        <AdminFrame title=tr(l, "Webhook-Empfänger", "Webhook endpoint").to_owned()>
            <p><a href=Area::Integrations.path()>{tr(l, "← Anbindungen", "← Integrations")}</a></p>
            <Notice posted />
            <Done />
            <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {Suspend::new(async move {
                    match load(&id).await {
                        Ok(Some(file)) => view! { <File file posted=form /> }.into_any(),
                        Ok(None) => view! { <p class="notice refused" role="alert">{tr(l, "Diesen Empfänger gibt es nicht.", "There is no such endpoint.")}</p> }.into_any(),
                        Err(()) => unreadable(l).into_any(),
                    }
                })}
            </Suspense>
        </AdminFrame>
    }
}

async fn load(id: &str) -> Result<Option<EndpointFile>, ()> {
    #[cfg(feature = "ssr")]
    {
        let store = use_context::<crate::state::SharedIntegrations>().ok_or(())?;
        store
            .endpoint_file(id)
            .await
            .map_err(|e| tracing::error!(error = %e, endpoint = id, "reading an endpoint failed"))
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = id;
        Err(())
    }
}

/// What the last form did (`?done=…`), after its redirect.
#[component]
pub(super) fn Done() -> impl IntoView {
    let l = use_lang().get_untracked();
    let done = query_pairs()
        .into_iter()
        .find(|(k, _)| k == "done")
        .map(|(_, v)| v);
    done.map(|done| {
        let text = match done.as_str() {
            "added" => tr(
                l,
                "Empfänger hinzugefügt. Hinterlegen Sie das Geheimnis beim Empfänger.",
                "Endpoint added. Give the secret to the receiver.",
            ),
            "saved" => tr(l, "Gespeichert.", "Saved."),
            "rotated" => tr(
                l,
                "Neues Geheimnis erzeugt; 24 Stunden lang wird zusätzlich mit dem alten signiert.",
                "New secret made; for 24 hours the old one signs too.",
            ),
            "enabled" => tr(
                l,
                "Empfänger eingeschaltet; wartende Zustellungen gehen jetzt hinaus.",
                "Endpoint enabled; waiting deliveries go out now.",
            ),
            "disabled" => tr(
                l,
                "Empfänger abgeschaltet; Zustellungen warten.",
                "Endpoint disabled; deliveries wait.",
            ),
            "tested" => tr(
                l,
                "Testereignis verschickt; es erscheint gleich unten.",
                "Test event sent; it appears below in a moment.",
            ),
            "redelivered" => tr(l, "Wird erneut zugestellt.", "Being delivered again."),
            "revoked" => tr(
                l,
                "Token widerrufen; es öffnet die API nicht mehr.",
                "Token revoked; it no longer opens the API.",
            ),
            _ => tr(l, "Erledigt.", "Done."),
        };
        view! { <p class="notice applied" role="status">{text}</p> }
    })
}

#[component]
fn File(file: EndpointFile, posted: AdminPosted) -> impl IntoView {
    let l = use_lang().get_untracked();
    let e = file.summary.clone();
    let base = format!("/admin/integrations/{}", e.id);
    let overlap = file.previous_until.map(|until| {
        let until = when(until, l);
        let text = match l {
            Lang::De => format!("Das vorige Geheimnis signiert noch bis {until}."),
            Lang::En => format!("The previous secret still signs until {until}."),
        };
        view! { <p class="hint">{text}</p> }
    });
    let (toggle_label, toggle_value) = if e.enabled {
        (tr(l, "Abschalten", "Disable"), "0")
    } else {
        (tr(l, "Einschalten", "Enable"), "1")
    };
    let failed = e.health.failed;
    let failed_class = if failed > 0 { "short" } else { "" };
    let redeliver_all = (failed > 0).then(|| {
        view! {
            <form method="post" action=format!("{base}/redeliver")>
                <button type="submit" class="button">{tr(l, "Alle fehlgeschlagenen erneut zustellen", "Redeliver all failed")}</button>
            </form>
        }
    });
    view! {
        <h2>{e.url.clone()}</h2>
        <dl class="stock-figures">
            <div><dt>{tr(l, "Zustand", "State")}</dt><dd>{state_label(&e, l)}</dd></div>
            <div><dt>{tr(l, "Ereignisse", "Events")}</dt><dd>{types_label(&e.event_types, l)}</dd></div>
            <div><dt>{tr(l, "Zugestellt (24 h)", "Delivered (24 h)")}</dt><dd>{e.health.delivered_today}</dd></div>
            <div><dt>{tr(l, "Fehlversuche (24 h)", "Failed tries (24 h)")}</dt><dd>{e.health.failed_tries_today}</dd></div>
            <div><dt>{tr(l, "Ausstehend", "Pending")}</dt><dd>{e.health.pending}</dd></div>
            <div class=failed_class><dt>{tr(l, "Fehlgeschlagen", "Failed")}</dt><dd>{failed}</dd></div>
            <div><dt>{tr(l, "Zuletzt zugestellt", "Last delivered")}</dt><dd>{e.health.last_success.map_or_else(|| "–".to_owned(), |at| when(at, l))}</dd></div>
        </dl>
        {e.health.last_error.clone().map(|error| view! { <p class="hint">{format!("{} {error}", tr(l, "Letzter Fehler:", "Last error:"))}</p> })}
        <div class="inline-actions">
            <form method="post" action=format!("{base}/test")><button type="submit" class="button">{tr(l, "Testereignis senden", "Send a test event")}</button></form>
            <form method="post" action=format!("{base}/enable")><input type="hidden" name="enabled" value=toggle_value /><button type="submit" class="button">{toggle_label}</button></form>
            {redeliver_all}
        </div>
        <details class="secret">
            <summary>{tr(l, "Signier-Geheimnis zeigen", "Show the signing secret")}</summary>
            <p><code data-testid="secret">{file.secret.clone()}</code></p>
            {overlap}
            <form method="post" action=format!("{base}/rotate")>
                <button type="submit" class="button">{tr(l, "Neues Geheimnis erzeugen", "Rotate the secret")}</button>
            </form>
        </details>
        <EndpointFields action=base.clone() posted stored=Some(e) />
        <h2>{tr(l, "Zustellungen", "Deliveries")}</h2>
        <Deliveries rows=file.deliveries />
    }
}

#[component]
fn Deliveries(rows: Vec<DeliveryRow>) -> impl IntoView {
    let l = use_lang().get_untracked();
    if rows.is_empty() {
        return view! { <p>{tr(l, "Noch keine Zustellungen.", "No deliveries yet.")}</p> }
            .into_any();
    }
    view! {
        <table class="admin-table" data-testid="deliveries">
            <thead><tr>
                <th>{tr(l, "Ereignis", "Event")}</th>
                <th>{tr(l, "Bestellung", "Order")}</th>
                <th>{tr(l, "Zustand", "State")}</th>
                <th>{tr(l, "Versuche", "Tries")}</th>
                <th></th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|d| {
                    let order = d.order.clone().unwrap_or_default();
                    let next = d.next_try.map(|at| view! { <br /><small>{format!("{} {}", tr(l, "Nächster Versuch:", "Next try:"), when_exact(at, l))}</small> });
                    let action = format!("/admin/integrations/deliveries/{}/redeliver", d.id);
                    view! {
                        <tr class=format!("delivery-{}", d.state)>
                            <td>{event_label(&d.event_type, l).to_owned()}<br /><small><code>{d.event_type.clone()}</code>" · "<code>{d.event_id.clone()}</code>" · "<time datetime=d.created_at.to_string()>{when_exact(d.created_at, l)}</time></small></td>
                            <td><a href=format!("/admin/orders/{order}")>{order.clone()}</a></td>
                            <td>{delivery_state(&d.state, l)}{next}</td>
                            <td><Tries d=d.clone() /></td>
                            <td><form method="post" action=action><button type="submit" class="button">{tr(l, "Erneut zustellen", "Redeliver")}</button></form></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }.into_any()
}

#[component]
fn Tries(d: DeliveryRow) -> impl IntoView {
    let l = use_lang().get_untracked();
    let count = d.tries.len();
    view! {
        <details>
            <summary>{count}</summary>
            <ol>
                {d.tries.into_iter().map(|t| {
                    let answer = t.status_code.map_or_else(|| tr(l, "keine Antwort", "no answer").to_owned(), |s| s.to_string());
                    let error = t.error.map(|e| format!(" – {e}")).unwrap_or_default();
                    view! { <li>{format!("{} · {answer} · {} ms{error}", when_exact(t.at, l), t.latency_ms)}</li> }
                }).collect_view()}
            </ol>
        </details>
    }
}
