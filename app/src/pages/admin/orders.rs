//! `/admin/orders`: the order inbox. Filters are a plain GET form, pages
//! are links, and the bulk steps a plain POST form around the table.

use super::frame::{AdminFrame, Notice};
#[cfg(feature = "ssr")]
use super::tr;
use super::{posted, query_pairs};
#[cfg(feature = "ssr")]
use crate::admin::inbox::Inbox;
use crate::admin::inbox::InboxQuery;
use crate::admin::Area;
use crate::i18n::{use_lang, Lang};
#[cfg(feature = "ssr")]
use crate::orders::Status;
#[cfg(feature = "ssr")]
use engine::{delivery::format_window, pricing::format_money};
use leptos::prelude::*;

/// The inbox with its filters.
#[component]
pub fn OrdersPage() -> impl IntoView {
    let l = use_lang().get_untracked();
    let (query, problems) = {
        let pairs = query_pairs();
        InboxQuery::parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    };
    let posted = posted();
    view! {
        <AdminFrame title=Area::Orders.label(l).to_owned()>
            <Notice posted />
            {problems.into_iter().map(|p| view! { <p class="notice refused" role="status">{p.get(l).to_owned()}</p> }).collect_view()}
            <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {Suspend::new(async move { inbox(query, l).await })}
            </Suspense>
        </AdminFrame>
    }
}

/// The inbox for `query`, read on the server.
async fn inbox(query: InboxQuery, l: Lang) -> AnyView {
    #[cfg(feature = "ssr")]
    {
        let Some(store) = use_context::<crate::state::SharedAdmin>() else {
            return ().into_any();
        };
        let products: Vec<(String, String)> = use_context::<crate::state::CatalogHandle>()
            .map(|c| {
                c.current()
                    .catalog
                    .products
                    .iter()
                    .map(|p| (p.id.clone(), p.name.get(l).to_owned()))
                    .collect()
            })
            .unwrap_or_default();
        let lines: Vec<String> = match use_context::<crate::state::SharedOperations>() {
            Some(ops) => ops
                .capacities()
                .await
                .map(|c| c.into_keys().collect())
                .unwrap_or_default(),
            None => Vec::new(),
        };
        match store.inbox(&query).await {
            Ok(inbox) => view! {
                <Filters query=query.clone() products=products.clone() lines />
                <Counts query=query.clone() inbox=inbox.clone() />
                <Table query inbox products />
            }
            .into_any(),
            Err(e) => {
                tracing::error!(error = %e, "reading the inbox failed");
                view! { <p class="notice refused" role="alert">{tr(l, "Die Bestellungen können gerade nicht gelesen werden.", "The orders cannot be read right now.")}</p> }.into_any()
            }
        }
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = (query, l);
        ().into_any()
    }
}

/// The filter form.
#[cfg(feature = "ssr")]
#[component]
fn Filters(
    query: InboxQuery,
    products: Vec<(String, String)>,
    lines: Vec<String>,
) -> impl IntoView {
    let l = use_lang().get_untracked();
    let option = |value: String, label: String, selected: bool| view! { <option value=value selected=selected>{label}</option> };
    view! {
        <form class="inbox-filters" method="get" action="/admin/orders" role="search">
            <input type="hidden" name="lang" value=l.code() />
            <label>
                {tr(l, "Suche", "Search")}
                <input type="search" name="q" value=query.search.clone() maxlength="100"
                    placeholder=tr(l, "Nummer, Name oder E-Mail", "Number, name or e-mail") />
            </label>
            <label>
                {tr(l, "Status", "Status")}
                <select name="status">
                    <option value="">{tr(l, "alle", "all")}</option>
                    {Status::ALL.into_iter().map(|s| option(s.as_str().into(), s.label(l).into(), query.status == Some(s))).collect_view()}
                </select>
            </label>
            <label>
                {tr(l, "Produkt", "Product")}
                <select name="product">
                    <option value="">{tr(l, "alle", "all")}</option>
                    {products.into_iter().map(|(id, name)| { let selected = query.product.as_deref() == Some(id.as_str()); option(id, name, selected) }).collect_view()}
                </select>
            </label>
            <label>
                {tr(l, "Fertigungslinie", "Production line")}
                <select name="line">
                    <option value="">{tr(l, "alle", "all")}</option>
                    {lines.into_iter().map(|id| { let selected = query.line.as_deref() == Some(id.as_str()); option(id.clone(), id, selected) }).collect_view()}
                </select>
            </label>
            <label>
                {tr(l, "Bestellt ab", "Ordered from")}
                <input type="date" name="from" value=query.from.map(|d| d.to_string()).unwrap_or_default() />
            </label>
            <label>
                {tr(l, "bis", "to")}
                <input type="date" name="to" value=query.to.map(|d| d.to_string()).unwrap_or_default() />
            </label>
            <button type="submit" class="button primary">{tr(l, "Filtern", "Filter")}</button>
            <a href="/admin/orders">{tr(l, "Zurücksetzen", "Reset")}</a>
        </form>
    }
}

/// Orders per status, each a link to them.
#[cfg(feature = "ssr")]
#[component]
fn Counts(query: InboxQuery, inbox: Inbox) -> impl IntoView {
    let l = use_lang().get_untracked();
    let link = move |status: Option<Status>, label: String, count: i64| {
        let current = query.status == status;
        let href = format!("/admin/orders?{}", query.with_status(status).filters());
        view! {
            <li>
                <a href=href aria-current=current.then_some("page")>{label} " " <span class="count">{count}</span></a>
            </li>
        }
    };
    view! {
        <ul class="status-counts" data-testid="status-counts">
            {link(None, tr(l, "Alle", "All").into(), inbox.total())}
            {inbox.counts.iter().map(|(s, n)| link(Some(*s), s.label(l).into(), *n)).collect_view()}
        </ul>
    }
}

/// The orders of this page, in the bulk form.
#[cfg(feature = "ssr")]
#[component]
fn Table(query: InboxQuery, inbox: Inbox, products: Vec<(String, String)>) -> impl IntoView {
    let l = use_lang().get_untracked();
    let filters = query.filters();
    let export = format!("/admin/orders/export.csv?{filters}&lang={}", l.code());
    let next = inbox.next.as_ref().map(|c| {
        let joiner = if filters.is_empty() { "" } else { "&" };
        let href = format!("/admin/orders?{filters}{joiner}after={}", engine::query::percent_encode(&c.encode()));
        view! { <a class="button" href=href rel="next">{tr(l, "Ältere Bestellungen", "Older orders")}</a> }
    });
    let first = query.after.is_some().then(|| view! { <a class="button" href=format!("/admin/orders?{filters}")>{tr(l, "Zu den neuesten", "Back to the newest")}</a> });
    if inbox.rows.is_empty() {
        return view! {
            <p class="empty" data-testid="no-orders">{tr(l, "Keine Bestellungen passen zu diesen Filtern.", "No orders match these filters.")}</p>
            <nav class="pages">{first}</nav>
        }
        .into_any();
    }
    let name_of = move |id: &str| {
        products
            .iter()
            .find(|(p, _)| p == id)
            .map_or(id.to_owned(), |(_, n)| n.clone())
    };
    let rows = inbox
        .rows
        .into_iter()
        .map(|row| {
            let tick = format!("{}@{}", row.number, row.status.as_str());
            let label = format!("{} {}", tr(l, "Auswählen:", "Select:"), row.number);
            let href = format!("/admin/orders/{}", row.number);
            let items = row.products.iter().map(|p| name_of(p)).collect::<Vec<_>>().join(", ");
            view! {
                <tr data-testid="inbox-row">
                    <td><input type="checkbox" name="order" value=tick aria-label=label /></td>
                    <td><a href=href class="order-number">{row.number.clone()}</a></td>
                    <td><time datetime=row.placed.to_string()>{format!("{:02}.{:02}.{} {:02}:{:02}", row.placed.day(), row.placed.month(), row.placed.year(), row.placed.hour(), row.placed.minute())}</time></td>
                    <td>{if row.customer_name.is_empty() && row.email.is_empty() {
                        view! { <em>{tr(l, "(gelöscht)", "(erased)")}</em> }.into_any()
                    } else {
                        view! { {row.customer_name}<br /><small>{row.email}</small> }.into_any()
                    }}</td>
                    <td>{items} <small>{format!("({} {})", row.units, tr(l, "Stück", "pcs"))}</small></td>
                    <td class="num">{format_money(row.total, &row.currency, l)}</td>
                    <td>{format_window(row.earliest, row.latest, l)}</td>
                    <td><span class=format!("status status-{}", row.status.as_str())>{row.status.label(l)}</span></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <form method="post" action=format!("/admin/orders/bulk?lang={}", l.code()) class="inbox">
            <input type="hidden" name="filters" value=filters />
            <div class="inbox-actions">
                <button type="submit" class="button" name="action" value="accept">{tr(l, "Ausgewählte annehmen", "Accept selected")}</button>
                <button type="submit" class="button" name="action" value="release">{tr(l, "Ausgewählte freigeben", "Release selected")}</button>
                <a class="button" href=export download>{tr(l, "Als CSV exportieren", "Export as CSV")}</a>
            </div>
            <table class="admin-table" data-testid="inbox">
                <thead>
                    <tr>
                        <th scope="col"><span class="visually-hidden">{tr(l, "Auswahl", "Selection")}</span></th>
                        <th scope="col">{tr(l, "Nummer", "Number")}</th>
                        <th scope="col">{tr(l, "Bestellt", "Placed")}</th>
                        <th scope="col">{tr(l, "Kunde", "Customer")}</th>
                        <th scope="col">{tr(l, "Artikel", "Items")}</th>
                        <th scope="col" class="num">{tr(l, "Summe", "Total")}</th>
                        <th scope="col">{tr(l, "Lieferung", "Delivery")}</th>
                        <th scope="col">{tr(l, "Status", "Status")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </form>
        <nav class="pages" aria-label=tr(l, "Seiten", "Pages")>{first}{next}</nav>
    }
    .into_any()
}
