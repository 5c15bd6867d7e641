//! `/admin/catalog/preview/{product}` (marketing and owners): the real
//! configurator running on the catalog draft, with ordering switched off.

use crate::i18n::{use_lang, Lang};
use crate::islands::IslandData;
use crate::pages::admin::frame::AdminFrame;
use crate::pages::admin::tr;
use crate::pages::configurator::Configurator;
use crate::server_fns::configurator::ConfiguratorData;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// What the preview shows instead of the configurator.
#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
enum Missing {
    NoProduct,
    Broken(String),
    Unreadable,
}

/// The preview page.
#[component]
pub fn PreviewPage() -> impl IntoView {
    let l = use_lang().get_untracked();
    let product = use_params_map()
        .read_untracked()
        .get("product")
        .unwrap_or_default();
    let edit = format!("/admin/catalog/draft/products/{product}");
    view! {
        <AdminFrame title=tr(l, "Vorschau des Entwurfs", "Preview of the draft").to_owned()>
            <p class="order-links">
                <a href=edit>{tr(l, "← Produkt bearbeiten", "← Edit the product")}</a>
                " · " <a href="/admin/catalog/draft">{tr(l, "Prüfen und veröffentlichen", "Review and publish")}</a>
            </p>
            <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {Suspend::new(async move {
                    match preview_data(&product).await {
                        Ok((data, unplanned)) => {
                            let data = IslandData(data.in_language(l).product_apart());
                            view! {
                                {unplanned.map(|line| unplanned_view(l, &line))}
                                {data.0.compiled.page_parts()}
                                {data.script()}
                                <Configurator data />
                            }.into_any()
                        }
                        Err(missing) => missing_view(l, missing).into_any(),
                    }
                })}
            </Suspense>
        </AdminFrame>
    }
}

/// The notice for a product whose production line the shop floor does
/// not know yet: its dates are only an assumption.
fn unplanned_view(l: Lang, line: &str) -> impl IntoView {
    let text = match l {
        Lang::De => format!("Die Fertigung kennt die Linie „{line}“ noch nicht: die Liefertermine hier nehmen eine leere Linie an, die montags bis freitags eine Einheit am Tag beginnt. Vor dem Veröffentlichen muss die Linie unter Betrieb angelegt sein."),
        Lang::En => format!("The shop floor does not know the line “{line}” yet: the delivery dates here assume an empty line starting one unit a day, Monday to Friday. The line must be set up under Operations before publishing."),
    };
    view! { <p class="notice" role="status" data-testid="unplanned-line">{text}</p> }
}

fn missing_view(l: Lang, missing: Missing) -> impl IntoView {
    let text = match missing {
        Missing::NoProduct => tr(
            l,
            "Dieses Produkt gibt es im Entwurf nicht.",
            "There is no such product in the draft.",
        )
        .to_owned(),
        Missing::Broken(why) => format!(
            "{} {why}",
            tr(
                l,
                "Das Produkt lässt sich im Entwurf nicht konfigurieren:",
                "The product cannot be configured in the draft:"
            )
        ),
        Missing::Unreadable => tr(
            l,
            "Der Entwurf kann gerade nicht gelesen werden.",
            "The draft cannot be read right now.",
        )
        .to_owned(),
    };
    view! { <p class="notice refused" role="alert">{text}</p> }
}

/// The configurator's data on the draft, and the production line's id when
/// the shop floor does not know it yet.
async fn preview_data(product: &str) -> Result<(ConfiguratorData, Option<String>), Missing> {
    #[cfg(feature = "ssr")]
    {
        use crate::admin::catalog::Preview;
        let store = use_context::<crate::state::SharedCatalogAdmin>().ok_or(Missing::Unreadable)?;
        let operations =
            use_context::<crate::state::SharedOperations>().ok_or(Missing::Unreadable)?;
        let preview = store.preview(product).await.map_err(|e| {
            tracing::error!(error = %e, "previewing the catalog draft failed");
            Missing::Unreadable
        })?;
        let (revision, compiled) = match preview.ok_or(Missing::NoProduct)? {
            Preview::Ready { revision, compiled } => (revision, *compiled),
            Preview::Broken(why) => return Err(Missing::Broken(why)),
        };
        let line_id = compiled.product.production_line.clone();
        let snapshot = operations.snapshot(&line_id).await;
        let known = match &snapshot {
            Ok(_) => true,
            Err(_) => operations
                .capacities()
                .await
                .map_err(Missing::Broken)?
                .contains_key(&line_id),
        };
        let (snapshot, unplanned) = if known {
            (snapshot.map_err(Missing::Broken)?, None)
        } else {
            let plan = operations.plan(&[]).await.map_err(Missing::Broken)?;
            let snapshot = crate::state::OperationsSnapshot {
                line: engine::delivery::LineCalendar {
                    working_days: [true, true, true, true, true, false, false],
                    holidays: Vec::new(),
                    daily_capacity: 1,
                    booked: Default::default(),
                },
                stock: plan.stock,
                today: plan.today,
            };
            (snapshot, Some(line_id))
        };
        let data = ConfiguratorData {
            catalog_version: revision,
            line: snapshot.line,
            stock: snapshot.stock.used_by(&compiled.product),
            compiled: crate::browser_product::BrowserProduct::new(compiled),
            today: snapshot.today,
            preview: true,
        };
        Ok((data, unplanned))
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = product;
        Err(Missing::Unreadable)
    }
}
