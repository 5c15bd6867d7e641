//! `/admin/operations/lines/{id}`: one production line: its capacity,
//! working days and holidays (a plain form), its load over the next four
//! weeks, and every change made to it.

use super::{unreadable, weekday_label, ChangeLog, Saved};
use crate::admin::operations::{LineFile, WEEKDAYS};
use crate::admin::Area;
use crate::i18n::use_lang;
use crate::pages::admin::frame::{AdminFrame, Notice};
use crate::pages::admin::{posted, tr, AdminPosted};
use engine::delivery::format_date;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The line page.
#[component]
pub fn LinePage() -> impl IntoView {
    let l = use_lang().get_untracked();
    let id = use_params_map()
        .read_untracked()
        .get("id")
        .unwrap_or_default();
    let posted = posted();
    let title = format!("{} {id}", tr(l, "Fertigungslinie", "Production line"));
    let form = posted.clone();
    view! {
        <AdminFrame title>
            <p><a href=Area::Operations.path()>{tr(l, "← Fertigung & Lager", "← Production & stock")}</a></p>
            <Notice posted />
            <Saved />
            <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {Suspend::new(async move {
                    match load(&id).await {
                        Ok(Some(file)) => view! { <File file posted=form /> }.into_any(),
                        Ok(None) => view! { <p class="notice refused" role="alert">{tr(l, "Diese Fertigungslinie gibt es nicht.", "There is no such production line.")}</p> }.into_any(),
                        Err(()) => unreadable(l).into_any(),
                    }
                })}
            </Suspense>
        </AdminFrame>
    }
}

async fn load(id: &str) -> Result<Option<LineFile>, ()> {
    #[cfg(feature = "ssr")]
    {
        let store = use_context::<crate::state::SharedAdmin>().ok_or(())?;
        store.line_file(id).await.map_err(|e| {
            tracing::error!(error = %e, line = id, "reading a production line failed");
        })
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = id;
        Err(())
    }
}

#[component]
fn File(file: LineFile, posted: AdminPosted) -> impl IntoView {
    let l = use_lang().get_untracked();
    let seen = super::seen(&file.settings);
    let refused = !posted.form.is_empty();
    let capacity = posted
        .value("daily_capacity")
        .map(str::to_owned)
        .unwrap_or_else(|| file.settings.daily_capacity.to_string());
    let holidays = posted
        .value("holidays")
        .map(str::to_owned)
        .unwrap_or_else(|| {
            let all: Vec<String> = file
                .settings
                .holidays
                .iter()
                .map(|d| d.to_string())
                .collect();
            all.join("\n")
        });
    let day_boxes = WEEKDAYS
        .iter()
        .enumerate()
        .map(|(i, day)| {
            let checked = if refused {
                posted.form.iter().any(|(k, v)| k == "day" && v == day)
            } else {
                file.settings.working_days[i]
            };
            view! {
                <label class="check"><input type="checkbox" name="day" value=*day checked=checked />" " {weekday_label(i, l)}</label>
            }
        })
        .collect_view();
    let action = super::line_href(&file.id);
    let loads = file
        .days
        .iter()
        .map(|d| {
            let weekday = weekday_label(d.day.weekday().to_monday_zero_offset() as usize, l);
            let over = d.booked > d.capacity;
            let free = d.capacity.saturating_sub(d.booked);
            view! {
                <tr class:closed=d.capacity == 0 class:over=over>
                    <th scope="row">{weekday} ", " {format_date(d.day, l)}</th>
                    <td class="num">{d.capacity}</td>
                    <td class="num">{d.booked}</td>
                    <td class="num">{free}</td>
                    <td>
                        {(d.capacity > 0).then(|| view! { <meter min="0" max=d.capacity high=d.capacity value=d.booked>{d.booked}</meter> })}
                        {(d.capacity == 0).then(|| tr(l, "kein Arbeitstag", "not worked"))}
                        {over.then(|| view! { " " <strong>{tr(l, "überbucht", "overbooked")}</strong> })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let new = file.new.then(|| view! {
        <p class="notice" role="status" data-testid="new-line">{tr(
            l,
            "Diese Linie hat die Fertigung noch nicht: mit Kapazität und Arbeitstagen gespeichert, wird sie angelegt.",
            "The shop floor does not have this line yet: saving its capacity and working days sets it up.",
        )}</p>
    });
    view! {
        {new}
        <div class="ops-file">
            <form method="post" action=action class="admin-form ops-form">
                <input type="hidden" name="seen" value=seen />
                <label for="daily_capacity">{tr(l, "Stück pro Arbeitstag", "Units per working day")}</label>
                <input id="daily_capacity" name="daily_capacity" type="number" min="0" max="100000" step="1" required value=capacity />
                <fieldset>
                    <legend>{tr(l, "Arbeitstage", "Working days")}</legend>
                    {day_boxes}
                </fieldset>
                <label for="holidays">{tr(l, "Feiertage und Betriebsruhe (JJJJ-MM-TT, einer pro Zeile)", "Holidays and closures (YYYY-MM-DD, one per line)")}</label>
                <textarea id="holidays" name="holidays" rows="8">{holidays}</textarea>
                <p class="hint">{tr(l, "Änderungen gelten sofort für jede neue Lieferzeit-Schätzung; bestehende Buchungen bleiben.", "Changes apply at once to every new delivery estimate; existing bookings stay.")}</p>
                <button type="submit" class="primary">{tr(l, "Speichern", "Save")}</button>
            </form>
            <section aria-labelledby="load-title">
                <h2 id="load-title">{tr(l, "Auslastung der nächsten 4 Wochen", "Load over the next 4 weeks")}</h2>
                <table class="admin-table">
                    <thead><tr>
                        <th scope="col">{tr(l, "Tag", "Day")}</th>
                        <th scope="col" class="num">{tr(l, "Kapazität", "Capacity")}</th>
                        <th scope="col" class="num">{tr(l, "Gebucht", "Booked")}</th>
                        <th scope="col" class="num">{tr(l, "Frei", "Free")}</th>
                        <th scope="col"><span class="visually-hidden">{tr(l, "Auslastung", "Load")}</span></th>
                    </tr></thead>
                    <tbody>{loads}</tbody>
                </table>
            </section>
        </div>
        <section aria-labelledby="log-title">
            <h2 id="log-title">{tr(l, "Änderungen", "Changes")}</h2>
            <ChangeLog changes=file.changes subjects=false />
        </section>
    }
}
