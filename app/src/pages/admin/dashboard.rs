//! `/admin`: where the back office starts.

use super::frame::AdminFrame;
use super::signed_in;
use crate::admin::Area;
use crate::i18n::{at, use_lang, AdminText};
use leptos::prelude::*;

/// The start page: a welcome and the areas the role can open.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let l = use_lang().get_untracked();
    let person = signed_in();
    let name = person.as_ref().map(|p| p.name.clone()).unwrap_or_default();
    let areas = person
        .map(|p| {
            Area::READY
                .into_iter()
                .filter(|a| *a != Area::Dashboard && p.role.may(*a))
                .map(|a| view! { <li><a href=a.path()>{a.label(l)}</a></li> })
                .collect_view()
        })
        .unwrap_or_default();
    view! {
        <AdminFrame title=Area::Dashboard.label(l).to_owned()>
            <p class="lead">{at(l, AdminText::Welcome)} ", " {name} "."</p>
            <ul class="admin-areas">{areas}</ul>
        </AdminFrame>
    }
}
