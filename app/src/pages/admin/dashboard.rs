//! `/admin`: where the back office starts. A welcome, the areas the role
//! can open, and the overview: orders and revenue of the last 30 days,
//! each production line's backlog for the next 8 weeks, and the components
//! running short. The server lets in only roles that may open
//! [`Area::Dashboard`] (owner and staff).

use super::frame::AdminFrame;
use super::signed_in;
#[cfg(feature = "ssr")]
use super::tr;
#[cfg(feature = "ssr")]
use crate::admin::dashboard::{Dashboard, ShortComponent};
use crate::admin::Area;
use crate::i18n::{at, use_lang, AdminText, Lang};
use leptos::prelude::*;

/// The start page: a welcome, the areas the role can open, the overview.
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
            <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {Suspend::new(async move { overview(l).await })}
            </Suspense>
        </AdminFrame>
    }
}

/// The overview, read on the server.
async fn overview(l: Lang) -> AnyView {
    #[cfg(feature = "ssr")]
    {
        let Some(store) = use_context::<crate::state::SharedAdmin>() else {
            return ().into_any();
        };
        match store.dashboard().await {
            Ok(dashboard) => view! { <Overview dashboard /> }.into_any(),
            Err(e) => {
                tracing::error!(error = %e, "reading the overview failed");
                view! { <p class="notice refused" role="alert">{tr(l, "Die Übersicht kann gerade nicht gelesen werden.", "The overview cannot be read right now.")}</p> }.into_any()
            }
        }
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = l;
        ().into_any()
    }
}

/// Orders and revenue, backlog per line, components running short.
#[cfg(feature = "ssr")]
#[component]
fn Overview(dashboard: Dashboard) -> impl IntoView {
    use super::charts::{LoadChart, OrdersChart, RevenueChart};
    let l = use_lang().get_untracked();
    let Dashboard {
        today,
        currency,
        days,
        lines,
        short,
    } = dashboard;
    let lines = if lines.is_empty() {
        view! { <p>{tr(l, "Es gibt keine Fertigungslinie.", "There is no production line.")}</p> }
            .into_any()
    } else {
        lines
            .into_iter()
            .map(|line| view! { <LoadChart line lang=l /> })
            .collect_view()
            .into_any()
    };
    view! {
        <section class="dashboard-section" aria-labelledby="dashboard-orders">
            <h2 id="dashboard-orders">{tr(l, "Bestellungen und Umsatz der letzten 30 Tage", "Orders and revenue, last 30 days")}</h2>
            <p class="hint">{tr(l, "Ohne abgelehnte und stornierte Bestellungen; Tage in der Zeitzone des Shops.", "Rejected and cancelled orders left out; days in the shop's time zone.")}</p>
            <div class="charts">
                <OrdersChart days=days.clone() lang=l />
                <RevenueChart days currency lang=l />
            </div>
        </section>
        <section class="dashboard-section" aria-labelledby="dashboard-lines">
            <h2 id="dashboard-lines">{tr(l, "Auftragsbestand und Kapazität der nächsten 8 Wochen", "Backlog and capacity, next 8 weeks")}</h2>
            <p class="hint">{tr(l, "Einheiten nach Woche des Fertigungsbeginns; in dieser Woche zählen die Tage ab heute.", "Units by the week production starts; this week counts from today.")}</p>
            <div class="charts">{lines}</div>
        </section>
        <section class="dashboard-section" aria-labelledby="dashboard-short">
            <h2 id="dashboard-short">{tr(l, "Knappe Bauteile", "Components running short")}</h2>
            <ShortTable short today />
        </section>
    }
}

/// The components at or below their reorder level, each a link to its page.
#[cfg(feature = "ssr")]
#[component]
fn ShortTable(short: Vec<ShortComponent>, today: jiff::civil::Date) -> impl IntoView {
    use super::operations::{component_href, days};
    use engine::delivery::format_date;
    let l = use_lang().get_untracked();
    if short.is_empty() {
        return view! { <p>{tr(l, "Kein Bauteil ist knapp.", "No component is running short.")}</p> }.into_any();
    }
    let rows = short
        .into_iter()
        .map(|c| {
            let href = component_href(&c.id);
            let delivery = match c.next_delivery {
                Some((on, units)) => {
                    let late =
                        (on < today).then(|| format!(" ({})", tr(l, "überfällig", "overdue")));
                    format!(
                        "{units} · {}{}",
                        format_date(on, l),
                        late.unwrap_or_default()
                    )
                }
                None => tr(l, "keine bestellt", "none ordered").to_owned(),
            };
            let lead = days(c.replenish_days, l);
            view! {
                <tr>
                    <th scope="row"><a href=href><code>{c.id.clone()}</code></a></th>
                    <td class="num">{c.on_hand}</td>
                    <td class="num">{c.reserved}</td>
                    <td class="num"><strong>{c.available()}</strong></td>
                    <td class="num">{c.reorder_level}</td>
                    <td>{delivery}</td>
                    <td class="num">{lead}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="admin-table short-components">
            <thead>
                <tr>
                    <th scope="col">{tr(l, "Bauteil", "Component")}</th>
                    <th scope="col" class="num">{tr(l, "Bestand", "On hand")}</th>
                    <th scope="col" class="num">{tr(l, "Reserviert", "Reserved")}</th>
                    <th scope="col" class="num">{tr(l, "Verfügbar", "Available")}</th>
                    <th scope="col" class="num">{tr(l, "Meldebestand", "Reorder level")}</th>
                    <th scope="col">{tr(l, "Nächste Lieferung", "Next delivery")}</th>
                    <th scope="col" class="num">{tr(l, "Wiederbeschaffung", "Lead time")}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}
