//! The frame of every back-office page: who is signed in, the navigation
//! (only what the role can open), signing out.

use super::signed_in;
use crate::admin::Area;
use crate::i18n::{at, use_lang, AdminText};
use leptos::prelude::*;
use leptos_meta::{Meta, Stylesheet, Title};

/// A back-office page titled `title`, its content inside the frame.
#[component]
pub fn AdminFrame(title: String, children: Children) -> impl IntoView {
    crate::pages::private_page();
    let l = use_lang().get_untracked();
    let person = signed_in();
    let nav = person.as_ref().map(|person| {
        let role = person.role;
        view! {
            <nav class="admin-nav" aria-label=at(l, AdminText::BackOffice)>
                {Area::READY
                    .into_iter()
                    .filter(|a| role.may(*a))
                    .map(|a| view! { <a href=a.path()>{a.label(l)}</a> })
                    .collect_view()}
            </nav>
            <div class="admin-person">
                <span>{at(l, AdminText::SignedInAs)} " " <strong>{person.name.clone()}</strong> " (" {role.label(l)} ")"</span>
                <a href="/admin/password">{at(l, AdminText::ChangePassword)}</a>
                <form method="post" action="/admin/logout">
                    <button type="submit" class="button">{at(l, AdminText::SignOut)}</button>
                </form>
            </div>
        }
    });
    view! {
        <Title text=format!("{title} · {} · Atelier", at(l, AdminText::BackOffice)) />
        <Meta name="robots" content="noindex" />
        <Stylesheet id="admin" href="/admin.css" />
        <div class="admin">
            <header class="admin-head">{nav}</header>
            <h1>{title}</h1>
            {children()}
        </div>
    }
}

/// A message from the last form: what it did or why not.
#[component]
pub fn Notice(posted: super::AdminPosted) -> impl IntoView {
    let l = use_lang().get_untracked();
    posted.message.map(|m| {
        view! { <p class="notice" class:refused=!posted.ok class:applied=posted.ok role="status">{m.get(l).to_owned()}</p> }
    })
}
