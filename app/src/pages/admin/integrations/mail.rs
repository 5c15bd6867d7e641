//! `/admin/integrations/mail/{event}`: a customer's mail as it was written
//! to the mail folder (the embedded default without an SMTP server), so a
//! shop sees what its customers get.

use crate::admin::Area;
use crate::i18n::use_lang;
use crate::pages::admin::frame::AdminFrame;
use crate::pages::admin::tr;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The mail page.
#[component]
pub fn MailPage() -> impl IntoView {
    let l = use_lang().get_untracked();
    let event = use_params_map()
        .read_untracked()
        .get("event")
        .unwrap_or_default();
    view! {
        <AdminFrame title=tr(l, "E-Mail an den Kunden", "Mail to the customer").to_owned()>
            <p><a href=Area::Integrations.path()>{tr(l, "← Anbindungen", "← Integrations")}</a></p>
            <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {Suspend::new(async move {
                    match load(&event).await {
                        Some(text) => view! { <pre class="mail-file" data-testid="mail-file">{text}</pre> }.into_any(),
                        None => view! { <p class="notice refused" role="alert">{tr(l, "Diese E-Mail liegt nicht im Mail-Ordner.", "This mail is not in the mail folder.")}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </AdminFrame>
    }
}

async fn load(event: &str) -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        let store = use_context::<crate::state::SharedIntegrations>()?;
        store.mail_file(event).await.ok().flatten()
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = event;
        None
    }
}
