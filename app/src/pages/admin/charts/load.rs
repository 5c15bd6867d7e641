//! A production line's backlog against its capacity, week by week: the
//! capacity as a dashed outline, the booked units as a dark bar inside it,
//! and what is booked beyond capacity hatched above it, its figures marked
//! with `!`.

use super::{n, scale, short_date, slug, value_axis, Plot, BAR, HEIGHT, INK, RIGHT, TOP, WIDTH};
use crate::admin::dashboard::{LineOutlook, WeekLoad};
use crate::i18n::Lang;
use crate::pages::admin::operations::line_href;
use crate::pages::admin::tr;
use engine::delivery::format_date;
use jiff::civil::Date;
use leptos::prelude::*;

/// The ISO week of `monday` in words: `KW 49` / `Week 49`.
fn week_name(monday: Date, l: Lang) -> String {
    let week = monday.iso_week_date().week();
    match l {
        Lang::De => format!("KW {week}"),
        Lang::En => format!("Week {week}"),
    }
}

/// The legend: the three ways a week is drawn.
fn legend(hatch: &str, l: Lang) -> impl IntoView {
    let y = n(TOP - 32.0);
    let text_y = n(TOP - 23.0);
    let x = |k: f64| WIDTH - RIGHT - 320.0 + 100.0 * k;
    view! {
        <rect x=n(x(0.0)) y=y.clone() width="12" height="10" fill="none" stroke=INK stroke-width="1.5" stroke-dasharray="3 2" />
        <text x=n(x(0.0) + 16.0) y=text_y.clone() font-size="11" fill=INK>{tr(l, "Kapazität", "Capacity")}</text>
        <rect x=n(x(1.0)) y=y.clone() width="12" height="10" fill=BAR />
        <text x=n(x(1.0) + 16.0) y=text_y.clone() font-size="11" fill=INK>{tr(l, "Gebucht", "Booked")}</text>
        <rect x=n(x(2.0)) y=y width="12" height="10" fill=format!("url(#{hatch})") stroke=INK stroke-width="1" />
        <text x=n(x(2.0) + 16.0) y=text_y font-size="11" fill=INK>{tr(l, "! Über Kapazität", "! Over capacity")}</text>
    }
}

/// One week's column in a slot starting at `x0`, `slot` wide.
fn column(plot: Plot, x0: f64, slot: f64, week: WeekLoad, hatch: &str, l: Lang) -> impl IntoView {
    let (booked, capacity) = (i64::from(week.booked), i64::from(week.capacity));
    let within = booked.min(capacity);
    let centre = n(x0 + slot / 2.0);
    let inner_x = n(x0 + slot * 0.32);
    let inner_w = n(slot * 0.36);
    let over = week.over().then(|| {
        view! {
            <rect x=inner_x.clone() y=n(plot.y(booked)) width=inner_w.clone() height=n(plot.h(booked) - plot.h(capacity))
                fill=format!("url(#{hatch})") stroke=INK stroke-width="1" />
        }
    });
    let figures = if week.over() {
        format!("! {booked}/{capacity}")
    } else {
        format!("{booked}/{capacity}")
    };
    view! {
        <rect x=n(x0 + slot * 0.2) y=n(plot.y(capacity)) width=n(slot * 0.6) height=n(plot.h(capacity))
            fill="none" stroke=INK stroke-width="1.5" stroke-dasharray="5 3" />
        <rect x=inner_x y=n(plot.y(within)) width=inner_w height=n(plot.h(within)) fill=BAR />
        {over}
        <text x=centre.clone() y=n(plot.y(booked.max(capacity)) - 5.0) font-size="11" text-anchor="middle"
            font-weight=if week.over() { "bold" } else { "normal" } fill=INK>{figures}</text>
        <text x=centre.clone() y=n(plot.base() + 16.0) font-size="12" text-anchor="middle" fill=INK>{week_name(week.monday, l)}</text>
        <text x=centre y=n(plot.base() + 30.0) font-size="11" text-anchor="middle" fill=INK>{short_date(week.monday, l)}</text>
    }
}

/// A table row of one week.
fn row(week: WeekLoad, l: Lang) -> impl IntoView {
    let free = if week.over() {
        let by = week.booked - week.capacity;
        format!("−{by} ({})", tr(l, "über Kapazität", "over capacity"))
    } else {
        (week.capacity - week.booked).to_string()
    };
    view! {
        <tr class:over=week.over()>
            <th scope="row">{week_name(week.monday, l)} " · " {format_date(week.monday, l)}</th>
            <td class="num">{week.booked}</td>
            <td class="num">{week.capacity}</td>
            <td class="num">{free}</td>
        </tr>
    }
}

/// The backlog of one production line against its capacity, per week.
#[component]
pub fn LoadChart(line: LineOutlook, lang: Lang) -> impl IntoView {
    let l = lang;
    let id = format!("chart-line-{}", slug(&line.id));
    let title_id = format!("{id}-title");
    let hatch = format!("{id}-hatch");
    let max = line
        .weeks
        .iter()
        .map(|w| w.booked.max(w.capacity))
        .max()
        .unwrap_or(0);
    let (top, step) = scale(i64::from(max), 1);
    let plot = Plot { left: 48.0, top };
    let slot = plot.width() / line.weeks.len().max(1) as f64;
    let over = line.weeks.iter().filter(|w| w.over()).count();
    let caption = format!(
        "{} {}",
        tr(l, "Fertigungslinie", "Production line"),
        line.id
    );
    let (first, last) = (line.weeks.first(), line.weeks.last());
    let span = match (first, last) {
        (Some(a), Some(b)) => format!("{} – {}", week_name(a.monday, l), week_name(b.monday, l)),
        _ => String::new(),
    };
    let title = match l {
        Lang::De => format!("{caption}: gebucht und Kapazität je Woche, {span}; {over} von {} Wochen über Kapazität", line.weeks.len()),
        Lang::En => format!("{caption}: booked and capacity per week, {span}; {over} of {} weeks over capacity", line.weeks.len()),
    };
    let columns = line
        .weeks
        .iter()
        .enumerate()
        .map(|(i, w)| column(plot, plot.left + slot * i as f64, slot, *w, &hatch, l))
        .collect_view();
    let rows = line.weeks.iter().map(|w| row(*w, l)).collect_view();
    view! {
        <figure class="chart" id=id>
            <figcaption><a href=line_href(&line.id)>{caption.clone()}</a></figcaption>
            <svg class="chart-svg" viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-labelledby=title_id.clone()>
                <title id=title_id.clone()>{title.clone()}</title>
                <defs>
                    <pattern id=hatch.clone() width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                        <rect width="6" height="6" fill="#fff" />
                        <line x1="0" y1="0" x2="0" y2="6" stroke=INK stroke-width="3" />
                    </pattern>
                </defs>
                <text x=n(plot.left) y=n(TOP - 23.0) font-size="12" fill=INK>{tr(l, "Einheiten", "Units")}</text>
                {legend(&hatch, l)}
                {value_axis(plot, step, |v| v.to_string())}
                {columns}
                <line x1=n(plot.left) x2=n(WIDTH - RIGHT) y1=n(plot.base()) y2=n(plot.base()) stroke=INK stroke-width="1" />
            </svg>
            <table class="admin-table chart-table visually-hidden">
                <caption>{title}</caption>
                <thead>
                    <tr>
                        <th scope="col">{tr(l, "Woche", "Week")}</th>
                        <th scope="col" class="num">{tr(l, "Gebucht", "Booked")}</th>
                        <th scope="col" class="num">{tr(l, "Kapazität", "Capacity")}</th>
                        <th scope="col" class="num">{tr(l, "Frei", "Free")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </figure>
    }
}
