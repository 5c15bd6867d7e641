//! The overview at `/admin` over HTTP: today's orders and revenue in the
//! charts' tables (rejected orders left out), every production line's
//! weeks with an overbooked one marked, and the components running short,
//! least available first, with their next open delivery. Marketing users
//! being refused `/admin` is covered with every other route in `admin.rs`.

use crate::admin::{person, PASSWORD};
use crate::helpers::{spawn_with_pool, Db, TestApp};
use crate::on_both_databases;
use crate::orders::{checkout, RUBY_RING};
use app::admin::Role;
use atelier_server::operations::today_in;
use engine::delivery::format_date;
use engine::pricing::format_money;
use engine::Lang;

async fn start(db: Db) -> Option<(TestApp, sqlx::AnyPool)> {
    spawn_with_pool(db, &[("ATELIER_TIME_ZONE", "Europe/Berlin")]).await
}

impl TestApp {
    /// The overview in English as `cookie` sees it.
    async fn overview(&self, cookie: &str) -> String {
        let response = self.get_with("/admin?lang=en", Some(cookie)).await;
        assert_eq!(response.status(), 200);
        response.text().await.expect("a body")
    }
}

/// The `<figure>` with id `id` on `page`.
fn figure<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page
        .find(&format!("<figure id=\"{id}\""))
        .unwrap_or_else(|| panic!("no figure {id}"));
    let rest = &page[start..];
    &rest[..rest.find("</figure>").expect("the figure ends")]
}

/// The table row of `day` with `value` in a day chart.
fn day_row(day: &str, value: &str) -> String {
    format!("<th scope=\"row\">{day}</th><td class=\"num\">{value}</td>")
}

/// Where the link to component `id` is on `page`.
fn short_at(page: &str, id: &str) -> Option<usize> {
    page.find(&format!(
        "<a href=\"/admin/operations/components/{id}\"><code>{id}</code></a>"
    ))
}

on_both_databases!(
    the_overview_shows_orders_backlog_and_short_components,
    |db: Db| async move {
        let Some((app, pool)) = start(db).await else {
            return;
        };
        let owner = app
            .sign_in(&person(&pool, Role::Owner).await, PASSWORD)
            .await;
        let today = today_in("Europe/Berlin").unwrap();
        let day = format_date(today, Lang::En);

        let before = app.overview(&owner).await;
        assert!(before.contains("Welcome"), "the welcome stays");
        let orders = figure(&before, "chart-orders");
        assert!(orders.contains("<svg viewBox=\"0 0 "), "an inline SVG");
        assert!(orders.contains("role=\"img\" aria-labelledby=\"chart-orders-title\""));
        assert!(orders.contains("<title id=\"chart-orders-title\">Orders per day,"));
        assert!(orders.contains(&day_row(&day, "0")), "no orders yet");
        assert_eq!(orders.matches("<th scope=\"row\">").count(), 30);
        assert!(short_at(&before, "v6-engine").is_some(), "none on hand");
        assert!(short_at(&before, "ruby").is_none(), "two rubies on hand");
        assert!(
            !before.contains(" style="),
            "the CSP allows no inline styles"
        );

        // Two rings take both rubies; one order is then rejected.
        let mut numbers = Vec::new();
        for _ in 0..2 {
            let key = uuid::Uuid::new_v4().to_string();
            let form = checkout("ring", RUBY_RING, &key);
            numbers.push(app.place_accepting_changes(form).await.0);
        }
        let (total, currency): (i64, String) =
            sqlx::query_as("SELECT CAST(SUM(total_minor) AS BIGINT), MIN(currency) FROM orders")
                .fetch_one(&pool)
                .await
                .unwrap();
        sqlx::query("UPDATE components SET reorder_level = 5 WHERE id = 'battery-pack'")
            .execute(&pool)
            .await
            .unwrap();
        let on = |days: i64| {
            today
                .checked_add(jiff::Span::new().days(days))
                .unwrap()
                .to_string()
        };
        for (id, expected, cancelled) in [
            ("d-1", on(3), Some("2026-01-01T00:00:00Z")),
            ("d-2", on(10), None),
            ("d-3", on(20), None),
        ] {
            sqlx::query(
                "INSERT INTO component_deliveries (id, component_id, expected_on, quantity, \
                 created_at, cancelled_at) VALUES ($1, 'ruby', $2, $3, '2026-01-01T00:00:00Z', $4)",
            )
            .bind(id)
            .bind(expected)
            .bind(if cancelled.is_some() { 7_i64 } else { 5_i64 })
            .bind(cancelled)
            .execute(&pool)
            .await
            .unwrap();
        }
        sqlx::query(
            "INSERT INTO line_bookings (line_id, day, units) VALUES ('goldsmith', $1, 1000) \
             ON CONFLICT (line_id, day) DO UPDATE SET units = line_bookings.units + excluded.units",
        )
        .bind(on(7))
        .execute(&pool)
        .await
        .unwrap();

        let after = app.overview(&owner).await;
        let orders = figure(&after, "chart-orders");
        assert!(orders.contains(&day_row(&day, "2")), "{orders}");
        assert!(orders.contains(": 2 in total"));
        let revenue = figure(&after, "chart-revenue");
        let money = format_money(total, &currency, Lang::En);
        assert!(
            revenue.contains(&day_row(&day, &money)),
            "{money}: {revenue}"
        );

        let goldsmith = figure(&after, "chart-line-goldsmith");
        assert!(
            goldsmith.contains("1 of 8 weeks over capacity"),
            "{goldsmith}"
        );
        assert_eq!(goldsmith.matches("<tr class=\"over\">").count(), 1);
        assert!(goldsmith.contains("over capacity)</td>"));
        assert!(goldsmith.contains("url(#chart-line-goldsmith-hatch)"));
        for line in ["car-plant", "tailor"] {
            let chart = figure(&after, &format!("chart-line-{line}"));
            assert!(chart.contains("0 of 8 weeks over capacity"), "{line}");
            assert_eq!(chart.matches("<th scope=\"row\">").count(), 8, "{line}");
        }

        let (ruby, v6, battery) = (
            short_at(&after, "ruby").expect("both rubies are reserved"),
            short_at(&after, "v6-engine").unwrap(),
            short_at(&after, "battery-pack").expect("3 available, reorder at 5"),
        );
        assert!(
            ruby < v6 && v6 < battery,
            "least available first, then by id"
        );
        let row = &after[ruby..];
        let row = &row[..row.find("</tr>").unwrap()];
        let next = format!(
            "5 · {}",
            format_date(
                today.checked_add(jiff::Span::new().days(10)).unwrap(),
                Lang::En
            )
        );
        assert!(row.contains(&next), "the earliest open delivery: {row}");
        assert!(row.contains("12 working days"), "{row}");
        assert!(short_at(&after, "gold-585").is_none());

        let rejected = app
            .post_form(
                &format!("/admin/orders/{}/action?lang=en", numbers[0]),
                Some(&owner),
                &[
                    ("seen", "received"),
                    ("action", "reject"),
                    ("reason", "No rubies left"),
                ],
            )
            .await;
        assert_eq!(rejected.status(), 303);
        let staff = app
            .sign_in(&person(&pool, Role::Staff).await, PASSWORD)
            .await;
        let seen_by_staff = app.overview(&staff).await;
        let orders = figure(&seen_by_staff, "chart-orders");
        assert!(
            orders.contains(&day_row(&day, "1")),
            "a rejected order no longer counts"
        );
    }
);
