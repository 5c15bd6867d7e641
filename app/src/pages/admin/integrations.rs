//! `/admin/integrations` (owners only): the webhook endpoints production
//! systems receive events at, each with its health, the form that adds one,
//! and the mail sent to customers. Each endpoint has its own page
//! ([`endpoint`]); a mail written to the mail folder can be read ([`mail`]).

pub mod endpoint;
pub mod mail;
mod tokens;

use super::frame::{AdminFrame, Notice};
use super::{posted, tr, when, AdminPosted};
use crate::admin::integrations::{
    event_label, EndpointSummary, Integrations, MailRow, EVENT_TYPES,
};
use crate::admin::Area;
use crate::i18n::{use_lang, Lang};
use leptos::prelude::*;

/// The integrations page.
#[component]
pub fn IntegrationsPage() -> impl IntoView {
    let l = use_lang().get_untracked();
    let posted = posted();
    let form = posted.clone();
    let for_tokens = posted.clone();
    view! {
        <AdminFrame title=Area::Integrations.label(l).to_owned()>
            <Notice posted />
            <endpoint::Done />
            <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {Suspend::new(async move {
                    match load().await {
                        Some(all) => view! { <Overview all posted=for_tokens.clone() /> }.into_any(),
                        None => unreadable(l).into_any(),
                    }
                })}
            </Suspense>
            <EndpointFields action="/admin/integrations".to_owned() posted=form stored=None />
        </AdminFrame>
    }
}

async fn load() -> Option<Integrations> {
    #[cfg(feature = "ssr")]
    {
        let store = use_context::<crate::state::SharedIntegrations>()?;
        store
            .integrations()
            .await
            .map_err(|e| tracing::error!(error = %e, "reading the integrations failed"))
            .ok()
    }
    #[cfg(not(feature = "ssr"))]
    None
}

/// The message when the integrations cannot be read.
pub(crate) fn unreadable(l: Lang) -> impl IntoView {
    view! { <p class="notice refused" role="alert">{tr(l, "Die Anbindungen können gerade nicht gelesen werden.", "The integrations cannot be read right now.")}</p> }
}

#[component]
fn Overview(all: Integrations, posted: AdminPosted) -> impl IntoView {
    let l = use_lang().get_untracked();
    let failed: i64 = all.endpoints.iter().map(|e| e.health.failed).sum();
    let warning = (failed > 0).then(|| {
        let text = match l {
            Lang::De => format!("{failed} Zustellung(en) sind endgültig fehlgeschlagen; auf der Seite des Empfängers können sie erneut zugestellt werden."),
            Lang::En => format!("{failed} deliveries failed for good; they can be delivered again from their endpoint's page."),
        };
        view! { <p class="notice refused" role="alert">{text}</p> }
    });
    view! {
        <h2>{tr(l, "Webhooks an die Fertigung", "Webhooks to production")}</h2>
        <p class="hint">{tr(l,
            "Jedes Ereignis wird nach Standard Webhooks signiert (Kopfzeilen webhook-id, webhook-timestamp, webhook-signature) und wiederholt, bis der Empfänger mit 2xx antwortet.",
            "Every event is signed as Standard Webhooks specify (headers webhook-id, webhook-timestamp, webhook-signature) and retried until the receiver answers 2xx.")}</p>
        {warning}
        {if all.endpoints.is_empty() {
            view! { <p>{tr(l, "Noch kein Empfänger eingerichtet.", "No endpoint yet.")}</p> }.into_any()
        } else {
            view! { <EndpointTable endpoints=all.endpoints /> }.into_any()
        }}
        <tokens::Tokens tokens=all.tokens form_key=all.token_form_key posted />
        <h2>{tr(l, "E-Mails an Kundinnen und Kunden", "Mail to customers")}</h2>
        <p class="hint">{match &all.mail_folder {
            Some(folder) => match l {
                Lang::De => format!("Ohne SMTP-Server wird jede E-Mail als Datei in {folder} abgelegt (ATELIER_SMTP_URL richtet den Versand ein)."),
                Lang::En => format!("Without an SMTP server each mail is written as a file to {folder} (ATELIER_SMTP_URL sets up sending)."),
            },
            None => tr(l, "E-Mails gehen über den SMTP-Server hinaus.", "Mail goes out through the SMTP server.").to_owned(),
        }}</p>
        <MailTable mail=all.mail />
    }
}

#[component]
fn EndpointTable(endpoints: Vec<EndpointSummary>) -> impl IntoView {
    let l = use_lang().get_untracked();
    view! {
        <table class="admin-table" data-testid="endpoints">
            <thead><tr>
                <th>{tr(l, "Empfänger", "Endpoint")}</th>
                <th>{tr(l, "Ereignisse", "Events")}</th>
                <th>{tr(l, "Zustand", "State")}</th>
                <th class="num">{tr(l, "Zugestellt (24 h)", "Delivered (24 h)")}</th>
                <th class="num">{tr(l, "Fehlversuche (24 h)", "Failed tries (24 h)")}</th>
                <th class="num">{tr(l, "Ausstehend", "Pending")}</th>
                <th class="num">{tr(l, "Fehlgeschlagen", "Failed")}</th>
            </tr></thead>
            <tbody>
                {endpoints.into_iter().map(|e| {
                    let href = format!("/admin/integrations/{}", e.id);
                    let types = types_label(&e.event_types, l);
                    view! {
                        <tr>
                            <td><a href=href>{e.url.clone()}</a><br /><small>{e.description.clone()}</small></td>
                            <td>{types}</td>
                            <td>{state_label(&e, l)}</td>
                            <td class="num">{e.health.delivered_today}</td>
                            <td class="num">{e.health.failed_tries_today}</td>
                            <td class="num">{e.health.pending}</td>
                            <td class="num">{e.health.failed}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// The chosen event types in words.
pub(crate) fn types_label(types: &[String], l: Lang) -> String {
    if types.is_empty() {
        return tr(l, "alle", "all").to_owned();
    }
    types.join(", ")
}

/// Enabled, or disabled with the reason.
pub(crate) fn state_label(e: &EndpointSummary, l: Lang) -> String {
    match (&e.enabled, &e.disabled_reason) {
        (true, _) => tr(l, "aktiv", "enabled").to_owned(),
        (false, Some(reason)) => format!("{} ({reason})", tr(l, "abgeschaltet", "disabled")),
        (false, None) => tr(l, "abgeschaltet", "disabled").to_owned(),
    }
}

/// A delivery's state in words.
pub(crate) fn delivery_state(state: &str, l: Lang) -> &'static str {
    match state {
        "delivered" => tr(l, "zugestellt", "delivered"),
        "failed" => tr(l, "fehlgeschlagen", "failed"),
        _ => tr(l, "ausstehend", "pending"),
    }
}

#[component]
fn MailTable(mail: Vec<MailRow>) -> impl IntoView {
    let l = use_lang().get_untracked();
    if mail.is_empty() {
        return view! { <p>{tr(l, "Noch keine E-Mails.", "No mail yet.")}</p> }.into_any();
    }
    view! {
        <table class="admin-table" data-testid="mail">
            <thead><tr>
                <th>{tr(l, "Zeit", "Time")}</th>
                <th>{tr(l, "Bestellung", "Order")}</th>
                <th>{tr(l, "Anlass", "Event")}</th>
                <th>{tr(l, "Zustand", "State")}</th>
                <th>{tr(l, "Fehler", "Error")}</th>
            </tr></thead>
            <tbody>
                {mail.into_iter().map(|m| {
                    let order = m.order.clone().unwrap_or_default();
                    let order_link = format!("/admin/orders/{order}");
                    let read = m.has_file.then(|| {
                        let href = format!("/admin/integrations/mail/{}", m.event_id);
                        view! { " " <a href=href>{tr(l, "lesen", "read")}</a> }
                    });
                    view! {
                        <tr>
                            <td><time datetime=m.created_at.to_string()>{when(m.created_at, l)}</time></td>
                            <td><a href=order_link>{order}</a></td>
                            <td>{event_label(&m.event_type, l).to_owned()}{read}</td>
                            <td>{delivery_state(&m.state, l)}</td>
                            <td>{m.last_error.clone().unwrap_or_default()}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// The fields of an endpoint: a new one (`stored` none) or a change.
#[component]
pub(crate) fn EndpointFields(
    action: String,
    posted: AdminPosted,
    stored: Option<EndpointSummary>,
) -> impl IntoView {
    let l = use_lang().get_untracked();
    // Only a refused endpoint form posts an address (not the page's other forms).
    let refused = posted.value("url").is_some();
    let value = |name: &str, stored: Option<&str>| {
        posted
            .value(name)
            .map(str::to_owned)
            .or_else(|| stored.map(str::to_owned))
            .unwrap_or_default()
    };
    let url = value("url", stored.as_ref().map(|s| s.url.as_str()));
    let description = value(
        "description",
        stored.as_ref().map(|s| s.description.as_str()),
    );
    let chosen: Vec<String> = if refused {
        posted
            .form
            .iter()
            .filter(|(k, _)| k == "event_type")
            .map(|(_, v)| v.clone())
            .collect()
    } else {
        stored
            .as_ref()
            .map(|s| s.event_types.clone())
            .unwrap_or_default()
    };
    let (heading, button) = match stored {
        None => (
            tr(l, "Empfänger hinzufügen", "Add an endpoint"),
            tr(l, "Hinzufügen", "Add"),
        ),
        Some(_) => (
            tr(l, "Empfänger ändern", "Change the endpoint"),
            tr(l, "Speichern", "Save"),
        ),
    };
    view! {
        <form class="admin-form ops-form" method="post" action=action>
            <h2>{heading}</h2>
            <label for="url">{tr(l, "Adresse (https://…)", "Address (https://…)")}</label>
            <input id="url" name="url" type="url" value=url required maxlength="2000" autocomplete="off" />
            <label for="description">{tr(l, "Beschreibung", "Description")}</label>
            <input id="description" name="description" type="text" value=description maxlength="200" />
            <fieldset>
                <legend>{tr(l, "Ereignisse (keines gewählt: alle)", "Events (none chosen: all)")}</legend>
                {EVENT_TYPES.iter().map(|(id, de, en)| {
                    let checked = chosen.iter().any(|c| c == id);
                    let label = format!("{} ({id})", tr(l, de, en));
                    view! {
                        <label class="check"><input type="checkbox" name="event_type" value=*id checked=checked />" "{label}</label>
                    }
                }).collect_view()}
            </fieldset>
            <button type="submit" class="button primary">{button}</button>
        </form>
    }
}
