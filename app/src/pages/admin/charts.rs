//! Charts of the back-office overview, drawn on the server as inline SVG:
//! they need no JavaScript, print, and read in black and white (bars are
//! dark, capacity is an outline, what is over capacity is hatched and
//! labelled). Every chart is a `<figure>` whose SVG is titled for screen
//! readers and followed by a table of its figures, hidden on screen and
//! printed. No `style` attributes (the pages' CSP allows stylesheets only):
//! SVG presentation attributes and classes from `/admin.css`.

mod load;

pub use load::LoadChart;

use super::tr;
use crate::admin::dashboard::DayFigures;
use crate::i18n::Lang;
use engine::delivery::format_date;
use engine::pricing::{currency_decimals, format_money};
use jiff::civil::Date;
use leptos::prelude::*;

/// The drawing's size in viewBox units.
const WIDTH: f64 = 600.0;
const HEIGHT: f64 = 250.0;
/// Room above the plot (legend, unit) and below it (dates), and at the right.
const TOP: f64 = 40.0;
const BOTTOM: f64 = 44.0;
const RIGHT: f64 = 20.0;
/// Bars and text.
const INK: &str = "#000";
const BAR: &str = "#404040";
const GRID: &str = "#9a9a9a";

/// The plot area of a chart whose value labels take `left` units.
#[derive(Clone, Copy)]
struct Plot {
    left: f64,
    /// The value at the top of the axis.
    top: i64,
}

impl Plot {
    fn width(self) -> f64 {
        WIDTH - self.left - RIGHT
    }
    fn base(self) -> f64 {
        HEIGHT - BOTTOM
    }
    /// The height of `value` in the plot.
    fn h(self, value: i64) -> f64 {
        (HEIGHT - TOP - BOTTOM) * value.max(0) as f64 / self.top.max(1) as f64
    }
    fn y(self, value: i64) -> f64 {
        self.base() - self.h(value)
    }
}

/// A coordinate as written into the SVG.
fn n(x: f64) -> String {
    format!("{x:.1}")
}

/// The top of a value axis over `max` and its step: one, two or five times
/// `unit` times a power of ten, so that at most four steps reach `max`
/// (`unit`, one step, when `max` is zero).
pub fn scale(max: i64, unit: i64) -> (i64, i64) {
    let (max, unit) = (max.max(0), unit.max(1));
    let mut base = unit;
    loop {
        for factor in [1, 2, 5] {
            let step = base.saturating_mul(factor);
            if step.saturating_mul(4) >= max || step == i64::MAX {
                let steps = max / step + i64::from(max % step != 0);
                return (step.saturating_mul(steps.max(1)), step);
            }
        }
        base = base.saturating_mul(10);
    }
}

/// A day without its year, as the axes show it: `2. Dez.` / `2 Dec`.
pub fn short_date(day: Date, lang: Lang) -> String {
    let full = format_date(day, lang);
    full.rsplit_once(' ')
        .map_or(full.clone(), |(rest, _)| rest.to_owned())
}

/// An id for the page made of `text`: letters, digits and hyphens.
fn slug(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

/// The value axis: a dashed line and a label per step.
fn value_axis(plot: Plot, step: i64, label: impl Fn(i64) -> String) -> impl IntoView {
    let steps = plot.top / step.max(1);
    (0..=steps)
        .map(|k| {
            let value = k * step;
            let y = n(plot.y(value));
            view! {
                <line x1=n(plot.left) x2=n(WIDTH - RIGHT) y1=y.clone() y2=y.clone() stroke=GRID stroke-width="0.75" stroke-dasharray="3 3" />
                <text x=n(plot.left - 6.0) y=n(plot.y(value) + 4.0) font-size="12" text-anchor="end" fill=INK>{label(value)}</text>
            }
        })
        .collect_view()
}

/// What a bar chart of days shows.
struct DaySeries {
    id: &'static str,
    /// The chart's heading.
    caption: String,
    /// The heading with a summary, for screen readers.
    title: String,
    /// The unit over the value axis and the table's column.
    unit: String,
    /// Each day, its value and the value in words.
    values: Vec<(Date, i64, String)>,
    /// The smallest step of the value axis.
    step_unit: i64,
    /// Room for the value labels.
    left: f64,
    /// Whether each bar carries its value.
    labelled: bool,
}

/// A bar per day, the last one today, a date every seven days back from it.
fn day_chart(series: DaySeries, l: Lang, label: impl Fn(i64) -> String) -> impl IntoView {
    let max = series.values.iter().map(|v| v.1).max().unwrap_or(0);
    let (top, step) = scale(max, series.step_unit);
    let plot = Plot {
        left: series.left,
        top,
    };
    let count = series.values.len().max(1);
    let slot = plot.width() / count as f64;
    let bars = series.values.iter().enumerate().map(|(i, (day, value, words))| {
        let x = plot.left + slot * i as f64;
        let centre = n(x + slot / 2.0);
        let dated = (count - 1 - i).is_multiple_of(7);
        let bar = (*value > 0).then(|| view! {
            <rect x=n(x + slot * 0.15) y=n(plot.y(*value)) width=n(slot * 0.7) height=n(plot.h(*value)) fill=BAR>
                <title>{format!("{}: {words}", short_date(*day, l))}</title>
            </rect>
        });
        let value_label = (series.labelled && *value > 0).then(|| view! {
            <text x=centre.clone() y=n(plot.y(*value) - 3.0) font-size="11" text-anchor="middle" fill=INK>{words.clone()}</text>
        });
        view! {
            {bar}
            {value_label}
            <line x1=centre.clone() x2=centre.clone() y1=n(plot.base()) y2=n(plot.base() + if dated { 6.0 } else { 3.0 }) stroke=INK stroke-width="0.75" />
            {dated.then(|| view! { <text x=centre.clone() y=n(plot.base() + 18.0) font-size="12" text-anchor="middle" fill=INK>{short_date(*day, l)}</text> })}
        }
    }).collect_view();
    let rows = series
        .values
        .iter()
        .map(|(day, _, words)| view! { <tr><th scope="row">{format_date(*day, l)}</th><td class="num">{words.clone()}</td></tr> })
        .collect_view();
    let title_id = format!("{}-title", series.id);
    view! {
        <figure class="chart" id=series.id>
            <figcaption>{series.caption}</figcaption>
            <svg class="chart-svg" viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-labelledby=title_id.clone()>
                <title id=title_id.clone()>{series.title.clone()}</title>
                <text x=n(plot.left) y=n(TOP - 23.0) font-size="12" fill=INK>{series.unit.clone()}</text>
                {value_axis(plot, step, label)}
                {bars}
                <line x1=n(plot.left) x2=n(WIDTH - RIGHT) y1=n(plot.base()) y2=n(plot.base()) stroke=INK stroke-width="1" />
            </svg>
            <table class="admin-table chart-table visually-hidden">
                <caption>{series.title}</caption>
                <thead><tr><th scope="col">{tr(l, "Tag", "Day")}</th><th scope="col" class="num">{series.unit}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </figure>
    }
}

/// The first and last day of `days` in words.
fn period(days: &[DayFigures], l: Lang) -> String {
    match (days.first(), days.last()) {
        (Some(a), Some(b)) => engine::delivery::format_window(a.day, b.day, l),
        _ => String::new(),
    }
}

/// Orders received per day.
#[component]
pub fn OrdersChart(days: Vec<DayFigures>, lang: Lang) -> impl IntoView {
    let l = lang;
    let total: u64 = days.iter().map(|d| u64::from(d.orders)).sum();
    let caption = tr(l, "Bestellungen pro Tag", "Orders per day").to_owned();
    let title = match l {
        Lang::De => format!("{caption}, {}: {total} insgesamt", period(&days, l)),
        Lang::En => format!("{caption}, {}: {total} in total", period(&days, l)),
    };
    let values = days
        .iter()
        .map(|d| (d.day, i64::from(d.orders), d.orders.to_string()))
        .collect();
    let series = DaySeries {
        id: "chart-orders",
        caption,
        title,
        unit: tr(l, "Bestellungen", "Orders").to_owned(),
        values,
        step_unit: 1,
        left: 40.0,
        labelled: true,
    };
    day_chart(series, l, |v| v.to_string())
}

/// Revenue per day: the totals of the orders received that day.
#[component]
pub fn RevenueChart(days: Vec<DayFigures>, currency: String, lang: Lang) -> impl IntoView {
    let l = lang;
    let total: i64 = days.iter().map(|d| d.revenue_minor).sum();
    let caption = tr(l, "Umsatz pro Tag", "Revenue per day").to_owned();
    let title = match l {
        Lang::De => format!(
            "{caption}, {}: {} insgesamt",
            period(&days, l),
            format_money(total, &currency, l)
        ),
        Lang::En => format!(
            "{caption}, {}: {} in total",
            period(&days, l),
            format_money(total, &currency, l)
        ),
    };
    let values = days
        .iter()
        .map(|d| {
            (
                d.day,
                d.revenue_minor,
                format_money(d.revenue_minor, &currency, l),
            )
        })
        .collect();
    let series = DaySeries {
        id: "chart-revenue",
        caption,
        title,
        unit: format!(
            "{} ({})",
            tr(l, "Umsatz", "Revenue"),
            currency.to_ascii_uppercase()
        ),
        values,
        step_unit: 10i64.pow(currency_decimals(&currency)),
        left: 90.0,
        labelled: false,
    };
    day_chart(series, l, move |v| format_money(v, &currency, l))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_end_on_round_steps_above_the_largest_value() {
        assert_eq!(scale(0, 1), (1, 1));
        assert_eq!(scale(3, 1), (3, 1));
        assert_eq!(scale(4, 1), (4, 1));
        assert_eq!(scale(7, 1), (8, 2));
        assert_eq!(scale(17, 1), (20, 5));
        assert_eq!(scale(41, 1), (60, 20));
        assert_eq!(scale(123_456, 100), (150_000, 50_000));
        assert_eq!(scale(-5, 0), (1, 1));
        for max in 0..2_000 {
            let (top, step) = scale(max, 1);
            assert!(top >= max && top % step == 0 && top / step <= 4, "{max}");
        }
        assert!(scale(i64::MAX, 1).0 >= i64::MAX / 2);
    }

    #[test]
    fn axis_dates_leave_out_the_year() {
        let day = jiff::civil::date(2026, 12, 2);
        assert_eq!(short_date(day, Lang::De), "2. Dez.");
        assert_eq!(short_date(day, Lang::En), "2 Dec");
        assert_eq!(slug("gold smith/1"), "gold-smith-1");
    }
}
