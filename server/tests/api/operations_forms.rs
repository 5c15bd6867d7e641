//! The back office's production and stock forms over HTTP: a line's new
//! working days move the configurator's delivery window, a change made on
//! a page that is no longer current is refused (409) and changes nothing,
//! unreadable input is refused (422) with the input kept, and a delivery
//! received adds to the stock; every change is logged with who made it.

use crate::admin::{person, PASSWORD};
use crate::helpers::{spawn_with_pool, Db, TestApp};
use crate::on_both_databases;
use crate::orders::RUBY_RING;
use app::admin::Role;
use atelier_server::operations::today_in;

async fn start(db: Db) -> Option<(TestApp, sqlx::AnyPool)> {
    spawn_with_pool(db, &[("ATELIER_TIME_ZONE", "Europe/Berlin")]).await
}

impl TestApp {
    /// The page at `path` in English as `cookie` sees it.
    async fn admin_page(&self, path: &str, cookie: &str) -> String {
        let response = self
            .get_with(&format!("{path}?lang=en"), Some(cookie))
            .await;
        assert_eq!(response.status(), 200, "{path}");
        response.text().await.expect("a body")
    }

    /// The delivery window the ruby ring's configurator shows.
    async fn ring_window(&self) -> String {
        let page = self
            .get(&format!("/p/ring?lang=en&{RUBY_RING}"))
            .await
            .text()
            .await
            .expect("a body");
        let start = page.find(r#"data-testid="window">"#).expect("a window") + 21;
        page[start..start + page[start..].find('<').expect("its end")].to_owned()
    }
}

/// The value of the hidden field `name` on `page`, unescaped.
pub(crate) fn hidden(page: &str, name: &str) -> String {
    let marker = format!(r#"name="{name}" value=""#);
    let start = page.find(&marker).expect("the hidden field") + marker.len();
    let raw = &page[start..start + page[start..].find('"').expect("its end")];
    raw.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The redirect target of a saved change.
fn saved_to(response: &reqwest::Response) -> String {
    assert_eq!(response.status(), 303, "saved");
    response.headers()["location"].to_str().unwrap().to_owned()
}

async fn line_row(pool: &sqlx::AnyPool) -> (i64, String, String) {
    sqlx::query_as(
        "SELECT daily_capacity, working_days, holidays FROM production_lines WHERE id = 'goldsmith'",
    )
    .fetch_one(pool)
    .await
    .expect("the goldsmith line")
}

async fn logged(pool: &sqlx::AnyPool, subject_id: &str) -> Vec<(String, String, String, String)> {
    sqlx::query_as(
        "SELECT users.email, field, before, after FROM operations_log \
         JOIN users ON users.id = operations_log.actor \
         WHERE subject_id = $1 ORDER BY field",
    )
    .bind(subject_id)
    .fetch_all(pool)
    .await
    .expect("the log")
}

on_both_databases!(
    a_line_change_moves_the_window_and_a_stale_one_is_refused,
    |db: Db| async move {
        let Some((app, pool)) = start(db).await else {
            return;
        };
        let email = person(&pool, Role::Owner).await;
        let owner = app.sign_in(&email, PASSWORD).await;
        let path = "/admin/operations/lines/goldsmith";
        let window_before = app.ring_window().await;
        let page = app.admin_page(path, &owner).await;
        let seen = hidden(&page, "seen");
        assert!(seen.contains("\"daily_capacity\":12"), "{seen}");

        // Sundays only, a holiday kept: the ring waits for Sundays.
        let form = [
            ("seen", seen.as_str()),
            ("daily_capacity", "12"),
            ("day", "sun"),
            ("holidays", "2027-01-01"),
        ];
        let saved = app
            .post_form(&format!("{path}?lang=en"), Some(&owner), &form)
            .await;
        assert_eq!(saved_to(&saved), format!("{path}?saved=2"));
        let after = line_row(&pool).await;
        let window_after = app.ring_window().await;
        assert_ne!(window_before, window_after, "the window moved");
        let log = logged(&pool, "goldsmith").await;
        assert_eq!(log.len(), 2, "{log:?}");
        assert!(log.iter().all(|(who, ..)| who == &email));
        assert_eq!(log[1].1, "working_days");
        assert!(log[1].3.contains("sun"), "{log:?}");
        let page = app.admin_page(path, &owner).await;
        assert!(
            page.contains("<td>Owner</td>"),
            "the log names who changed it"
        );

        // The same form again: what it saw is no longer current.
        let stale = app
            .post_form(
                &format!("{path}?lang=en"),
                Some(&owner),
                &[
                    ("seen", seen.as_str()),
                    ("daily_capacity", "3"),
                    ("day", "mon"),
                    ("holidays", ""),
                ],
            )
            .await;
        assert_eq!(stale.status(), 409);
        let body = stale.text().await.unwrap();
        assert!(body.contains("This was changed meanwhile"), "{body}");
        assert!(body.contains(r#"value="3""#), "the input is kept");
        assert_eq!(line_row(&pool).await, after, "nothing changed");
        assert_eq!(logged(&pool, "goldsmith").await.len(), 2);

        // Unreadable input: every problem named, nothing changed.
        let fresh = hidden(&app.admin_page(path, &owner).await, "seen");
        let bad = app
            .post_form(
                &format!("{path}?lang=en"),
                Some(&owner),
                &[
                    ("seen", fresh.as_str()),
                    ("daily_capacity", "twelve"),
                    ("day", "someday"),
                    ("holidays", "31.12.2026"),
                ],
            )
            .await;
        assert_eq!(bad.status(), 422);
        let body = bad.text().await.unwrap();
        for words in ["Daily capacity", "Unknown weekday", "is not a date"] {
            assert!(body.contains(words), "{words}: {body}");
        }
        assert!(body.contains("31.12.2026"), "the input is kept");
        assert_eq!(line_row(&pool).await, after);

        // A form without what it saw is refused too.
        let blind = app
            .post_form(
                &format!("{path}?lang=en"),
                Some(&owner),
                &[("daily_capacity", "1"), ("day", "mon")],
            )
            .await;
        assert_eq!(blind.status(), 422);
        assert_eq!(line_row(&pool).await, after);
    }
);

async fn ruby(pool: &sqlx::AnyPool) -> (i64, i64) {
    sqlx::query_as("SELECT on_hand, reorder_level FROM components WHERE id = 'ruby'")
        .fetch_one(pool)
        .await
        .expect("the ruby")
}

async fn deliveries(pool: &sqlx::AnyPool) -> Vec<(String, i64, Option<String>, Option<String>)> {
    sqlx::query_as(
        "SELECT id, quantity, received_at, cancelled_at FROM component_deliveries \
         WHERE component_id = 'ruby' ORDER BY expected_on",
    )
    .fetch_all(pool)
    .await
    .expect("the deliveries")
}

on_both_databases!(
    a_delivery_brings_the_window_forward_and_adds_to_stock,
    |db: Db| async move {
        let Some((app, pool)) = start(db).await else {
            return;
        };
        let email = person(&pool, Role::Owner).await;
        let owner = app.sign_in(&email, PASSWORD).await;
        let path = "/admin/operations/components/ruby";
        let in_stock = app.ring_window().await;

        // No rubies left: the ring waits for the supplier's lead time.
        let seen = hidden(&app.admin_page(path, &owner).await, "seen");
        let saved = app
            .post_form(
                &format!("{path}?lang=en"),
                Some(&owner),
                &[
                    ("seen", seen.as_str()),
                    ("on_hand", "0"),
                    ("replenish_days", "12"),
                    ("reorder_level", "1"),
                ],
            )
            .await;
        assert_eq!(saved_to(&saved), format!("{path}?saved=2"));
        assert_eq!(ruby(&pool).await, (0, 1));
        let waiting = app.ring_window().await;
        assert_ne!(in_stock, waiting);

        // A delivery in the past is refused; one in two days is taken.
        let today = today_in("Europe/Berlin").unwrap();
        let day = |n: i64| {
            today
                .checked_add(jiff::Span::new().days(n))
                .unwrap()
                .to_string()
        };
        let late = app
            .post_form(
                &format!("{path}/deliveries?lang=en"),
                Some(&owner),
                &[("expected_on", day(-1).as_str()), ("quantity", "5")],
            )
            .await;
        assert_eq!(late.status(), 422);
        assert!(late.text().await.unwrap().contains("that day has passed"));
        assert!(deliveries(&pool).await.is_empty());
        let added = app
            .post_form(
                &format!("{path}/deliveries?lang=en"),
                Some(&owner),
                &[("expected_on", day(2).as_str()), ("quantity", "5")],
            )
            .await;
        assert_eq!(saved_to(&added), format!("{path}?saved=1"));
        let open = deliveries(&pool).await;
        assert_eq!(open.len(), 1);
        assert_eq!((open[0].1, &open[0].2, &open[0].3), (5, &None, &None));
        let expected = app.ring_window().await;
        assert_ne!(expected, waiting, "the delivery brings the ring forward");
        assert_eq!(ruby(&pool).await.0, 0, "not in stock before it arrives");

        // Received: five more on hand, logged; a second receipt is refused.
        let settle = format!("{path}/deliveries/{}?lang=en", open[0].0);
        let received = app
            .post_form(&settle, Some(&owner), &[("action", "receive")])
            .await;
        assert_eq!(saved_to(&received), format!("{path}?saved=2"));
        assert_eq!(ruby(&pool).await.0, 5);
        assert!(deliveries(&pool).await[0].2.is_some(), "marked received");
        let again = app
            .post_form(&settle, Some(&owner), &[("action", "receive")])
            .await;
        assert_eq!(again.status(), 409);
        assert_eq!(ruby(&pool).await.0, 5, "received once");
        let odd = app
            .post_form(&settle, Some(&owner), &[("action", "burn")])
            .await;
        assert_eq!(odd.status(), 422);
        let log = logged(&pool, "ruby").await;
        assert!(log.iter().all(|(who, ..)| who == &email), "{log:?}");
        assert!(
            log.iter()
                .any(|(_, field, before, after)| field == "on_hand"
                    && before == "0"
                    && after == "5"),
            "{log:?}"
        );

        let page = app.admin_page(path, &owner).await;
        assert!(
            page.contains("<td>Owner</td>"),
            "the log names who changed it"
        );
    }
);
