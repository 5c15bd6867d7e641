//! The API tokens of production systems on the integrations page: each
//! with when it was made and last used, a button that revokes it, and the
//! form that makes one. A new token is shown once, on the page that
//! answers the form.

use super::super::{tr, when, AdminPosted};
use crate::admin::integrations::TokenSummary;
use crate::i18n::use_lang;
use leptos::prelude::*;

/// The tokens section.
#[component]
pub(crate) fn Tokens(
    tokens: Vec<TokenSummary>,
    form_key: String,
    posted: AdminPosted,
) -> impl IntoView {
    let l = use_lang().get_untracked();
    let made = posted
        .ok
        .then(|| posted.value("new_token").map(str::to_owned))
        .flatten();
    let typed = if posted.ok {
        String::new()
    } else {
        posted.value("token_name").unwrap_or_default().to_owned()
    };
    let made = made.map(|token| {
        view! {
            <div class="notice applied" role="status" data-testid="new-token">
                <p>{tr(l,
                    "Das neue Token – jetzt kopieren, es wird nie wieder angezeigt:",
                    "The new token – copy it now, it is never shown again:")}</p>
                <p><code class="secret">{token}</code></p>
            </div>
        }
    });
    view! {
        <h2 id="tokens">{tr(l, "API-Zugänge der Fertigung", "Production API tokens")}</h2>
        <p class="hint">{tr(l,
            "Fertigungssysteme lesen mit einem Token den Ereignis-Feed und die freigegebenen Bestellungen, übernehmen Bestellungen und melden den Fortschritt (Beschreibung: /api/v1/openapi.json).",
            "With a token, production systems read the event feed and the released orders, claim orders and report progress (description: /api/v1/openapi.json).")}</p>
        {made}
        {if tokens.is_empty() {
            view! { <p>{tr(l, "Noch kein Token.", "No token yet.")}</p> }.into_any()
        } else {
            view! {
                <table class="admin-table" data-testid="tokens">
                    <thead><tr>
                        <th>{tr(l, "Name", "Name")}</th>
                        <th>{tr(l, "Endet auf", "Ends in")}</th>
                        <th>{tr(l, "Angelegt", "Made")}</th>
                        <th>{tr(l, "Zuletzt benutzt", "Last used")}</th>
                        <th>{tr(l, "Zustand", "State")}</th>
                    </tr></thead>
                    <tbody>
                        {tokens.into_iter().map(|t| {
                            let action = format!("/admin/integrations/tokens/{}/revoke", t.id);
                            let state = match t.revoked_at {
                                Some(at) => view! { {tr(l, "widerrufen ", "revoked ")}<time datetime=at.to_string()>{when(at, l)}</time> }.into_any(),
                                None => view! {
                                    <form method="post" action=action>
                                        <button type="submit" class="button">{tr(l, "Widerrufen", "Revoke")}</button>
                                    </form>
                                }.into_any(),
                            };
                            let used = t.last_used_at.map_or_else(
                                || tr(l, "nie", "never").to_owned(),
                                |at| when(at, l),
                            );
                            view! {
                                <tr>
                                    <td>{t.name.clone()}</td>
                                    <td><code>{format!("…{}", t.hint)}</code></td>
                                    <td><time datetime=t.created_at.to_string()>{when(t.created_at, l)}</time><br /><small>{t.created_by.clone()}</small></td>
                                    <td>{used}</td>
                                    <td>{state}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        <form class="admin-form ops-form" method="post" action="/admin/integrations/tokens">
            <label for="token_name">{tr(l, "Neues Token für (Name des Systems)", "New token for (the system's name)")}</label>
            <input type="hidden" name="form_key" value=form_key />
            <input id="token_name" name="token_name" type="text" value=typed required maxlength="80" autocomplete="off" />
            <button type="submit" class="button">{tr(l, "Token anlegen", "Make a token")}</button>
        </form>
    }
}
