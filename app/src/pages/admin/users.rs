//! `/admin/users` (owners only): the people who sign in, and adding one.

use super::frame::{AdminFrame, Notice};
use super::posted;
use crate::admin::{Area, Role};
use crate::i18n::{at, use_lang, AdminText};
use leptos::prelude::*;

/// The list of people and the form that adds one.
#[component]
pub fn UsersPage() -> impl IntoView {
    let l = use_lang().get_untracked();
    let posted = posted();
    let email = posted.email.clone();
    view! {
        <AdminFrame title=Area::Users.label(l).to_owned()>
            <Notice posted />
            <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {Suspend::new(async move { people(l).await })}
            </Suspense>
            <h2>{at(l, AdminText::AddPerson)}</h2>
            <form class="admin-form" method="post" action="/admin/users">
                <label for="name">{at(l, AdminText::Name)}</label>
                <input id="name" type="text" name="name" required />
                <label for="email">{at(l, AdminText::Email)}</label>
                <input id="email" type="email" name="email" value=email required />
                <label for="role">{at(l, AdminText::Role)}</label>
                <select id="role" name="role">
                    {Role::ALL.into_iter().map(|r| view! { <option value=r.as_str()>{r.label(l)}</option> }).collect_view()}
                </select>
                <label for="password">{at(l, AdminText::NewPassword)}</label>
                <input id="password" type="password" name="password" autocomplete="new-password" minlength="12" required />
                <button type="submit" class="button primary">{at(l, AdminText::AddPerson)}</button>
            </form>
        </AdminFrame>
    }
}

/// The table of people.
async fn people(l: crate::i18n::Lang) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let people = match use_context::<crate::state::SharedAdmin>() {
        Some(store) => store.people().await.unwrap_or_else(|e| {
            tracing::error!(error = %e, "listing people failed");
            Vec::new()
        }),
        None => Vec::new(),
    };
    #[cfg(not(feature = "ssr"))]
    let people: Vec<crate::admin::SignedIn> = Vec::new();
    view! {
        <table class="admin-table" data-testid="people">
            <thead><tr><th>{at(l, AdminText::Name)}</th><th>{at(l, AdminText::Email)}</th><th>{at(l, AdminText::Role)}</th></tr></thead>
            <tbody>
                {people.into_iter().map(|p| view! {
                    <tr><td>{p.name}</td><td>{p.email}</td><td>{p.role.label(l)}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}
