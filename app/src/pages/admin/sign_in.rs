//! Signing in and out, the password, the first owner's set-up, and the page
//! a role that may not open an area gets.

use super::frame::{AdminFrame, Notice};
use super::posted;
use crate::i18n::{at, use_lang, AdminText};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/admin/login`.
#[component]
pub fn SignInPage() -> impl IntoView {
    let l = use_lang().get_untracked();
    let posted = posted();
    let next = use_query_map()
        .read_untracked()
        .get("next")
        .filter(|n| n.starts_with("/admin"))
        .unwrap_or_else(|| "/admin".to_owned());
    let email = posted.email.clone();
    view! {
        <AdminFrame title=at(l, AdminText::SignInTitle).to_owned()>
            <Notice posted />
            <form class="admin-form" method="post" action="/admin/login">
                <input type="hidden" name="next" value=next />
                <label for="email">{at(l, AdminText::Email)}</label>
                <input id="email" type="email" name="email" autocomplete="username" value=email required />
                <label for="password">{at(l, AdminText::Password)}</label>
                <input id="password" type="password" name="password" autocomplete="current-password" required />
                <button type="submit" class="button primary">{at(l, AdminText::SignIn)}</button>
            </form>
        </AdminFrame>
    }
}

/// `/admin/password`: a new password for the person signed in.
#[component]
pub fn PasswordPage() -> impl IntoView {
    let l = use_lang().get_untracked();
    view! {
        <AdminFrame title=at(l, AdminText::ChangePassword).to_owned()>
            <Notice posted=posted() />
            <form class="admin-form" method="post" action="/admin/password">
                <label for="current">{at(l, AdminText::CurrentPassword)}</label>
                <input id="current" type="password" name="current" autocomplete="current-password" required />
                <label for="new">{at(l, AdminText::NewPassword)}</label>
                <input id="new" type="password" name="new" autocomplete="new-password" minlength="12" required />
                <label for="repeat">{at(l, AdminText::RepeatPassword)}</label>
                <input id="repeat" type="password" name="repeat" autocomplete="new-password" minlength="12" required />
                <button type="submit" class="button primary">{at(l, AdminText::Save)}</button>
            </form>
        </AdminFrame>
    }
}

/// `/admin/setup?token=…`: the first owner, while no one can sign in.
#[component]
pub fn SetupPage() -> impl IntoView {
    let l = use_lang().get_untracked();
    let token = use_query_map()
        .read_untracked()
        .get("token")
        .unwrap_or_default();
    let posted = posted();
    let email = posted.email.clone();
    view! {
        <AdminFrame title=at(l, AdminText::SetupTitle).to_owned()>
            <p class="lead">{at(l, AdminText::SetupText)}</p>
            <Notice posted />
            <form class="admin-form" method="post" action="/admin/setup">
                <input type="hidden" name="token" value=token />
                <label for="name">{at(l, AdminText::Name)}</label>
                <input id="name" type="text" name="name" autocomplete="name" required />
                <label for="email">{at(l, AdminText::Email)}</label>
                <input id="email" type="email" name="email" autocomplete="username" value=email required />
                <label for="password">{at(l, AdminText::NewPassword)}</label>
                <input id="password" type="password" name="password" autocomplete="new-password" minlength="12" required />
                <button type="submit" class="button primary">{at(l, AdminText::CreateOwner)}</button>
            </form>
        </AdminFrame>
    }
}

/// `/admin/forbidden`: what a role that may not open an area gets (the
/// server answers with this page and 403).
#[component]
pub fn ForbiddenPage() -> impl IntoView {
    let l = use_lang().get_untracked();
    view! {
        <AdminFrame title=at(l, AdminText::Forbidden).to_owned()>
            <p class="notice refused" role="alert">{at(l, AdminText::ForbiddenText)}</p>
        </AdminFrame>
    }
}
