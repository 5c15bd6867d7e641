//! Running the order side from the back office over HTTP: the inbox with
//! its filters and keyset pages, the order page, steps with who and when,
//! concurrent steps (one wins), cancellation freeing exactly what was
//! booked, bulk steps, notes and the CSV export.

use crate::admin::{person, PASSWORD};
use crate::helpers::{spawn_with_pool, Db, TestApp};
use crate::on_both_databases;
use crate::orders::{checkout, RUBY_RING};
use app::admin::Role;
use app::orders::Status;

async fn start(db: Db) -> Option<(TestApp, sqlx::AnyPool, String)> {
    let (app, pool) = spawn_with_pool(db, &[("ATELIER_DB_MAX_CONNECTIONS", "8")]).await?;
    let email = person(&pool, Role::Owner).await;
    let cookie = app.sign_in(&email, PASSWORD).await;
    Some((app, pool, cookie))
}

impl TestApp {
    /// Places a ring order under a fresh checkout key; `what` names it in
    /// failures.
    pub(crate) async fn ring_order(&self, what: &str) -> (String, String) {
        let key = uuid::Uuid::new_v4().to_string();
        let (number, token, _) = self
            .place_accepting_changes(checkout("ring", RUBY_RING, &key))
            .await;
        assert!(!number.is_empty(), "{what}");
        (number, token)
    }

    pub(crate) async fn page_text(&self, path: &str, cookie: &str) -> (u16, String) {
        let response = self.get_with(path, Some(cookie)).await;
        let status = response.status().as_u16();
        (status, response.text().await.expect("a body"))
    }

    pub(crate) async fn step(
        &self,
        cookie: &str,
        number: &str,
        seen: Status,
        form: &[(&str, &str)],
    ) -> (u16, String) {
        let mut fields = vec![("seen", seen.as_str())];
        fields.extend_from_slice(form);
        let response = self
            .post_form(
                &format!("/admin/orders/{number}/action?lang=en"),
                Some(cookie),
                &fields,
            )
            .await;
        let status = response.status().as_u16();
        (status, response.text().await.expect("a body"))
    }
}

/// The order numbers an inbox page lists, in order.
fn numbers_on(page: &str) -> Vec<String> {
    page.split("class=\"order-number\">")
        .skip(1)
        .map(|rest| rest.split('<').next().unwrap_or_default().to_owned())
        .collect()
}

/// The address of the page's "older orders" link.
fn next_link(page: &str) -> Option<String> {
    let before = page.split(" rel=\"next\"").next()?;
    if before.len() == page.len() {
        return None;
    }
    let href = before.rsplit("href=\"").next()?;
    Some(href.split('"').next()?.replace("&amp;", "&"))
}

on_both_databases!(
    an_owner_finds_reviews_accepts_and_releases_an_order,
    |db: Db| async move {
        let Some((app, pool, owner)) = start(db).await else {
            return;
        };
        let (number, token) = app.ring_order("review-1").await;

        let (status, inbox) = app.page_text("/admin/orders?lang=en", &owner).await;
        assert_eq!(status, 200);
        assert_eq!(numbers_on(&inbox), vec![number.clone()]);
        assert!(inbox.contains("Erika Mustermann"));
        for (query, listed) in [
            ("q=erika", true),
            ("q=ERIKA%40example", true),
            (&format!("q={}", &number[..7]) as &str, true),
            ("q=nobody", false),
            ("q=%25", false),
            ("status=received", true),
            ("status=accepted", false),
            ("product=ring", true),
            ("product=car", false),
            ("line=goldsmith", true),
            ("line=tailor", false),
            ("from=2020-01-01&to=2020-12-31", false),
            ("status=nonsense", true),
        ] {
            let (status, page) = app
                .page_text(&format!("/admin/orders?lang=en&{query}"), &owner)
                .await;
            assert_eq!(status, 200, "{query}");
            assert_eq!(numbers_on(&page).contains(&number), listed, "{query}");
        }
        let (_, refused) = app
            .page_text("/admin/orders?lang=en&status=nonsense", &owner)
            .await;
        assert!(refused.contains("There is no status"));

        let (status, file) = app
            .page_text(&format!("/admin/orders/{number}?lang=en"), &owner)
            .await;
        assert_eq!(status, 200);
        assert!(file.contains("Anna &amp; Ben"), "the engraving as ordered");
        assert!(
            file.contains("font-family=\"&#39;Great Vibes&#39;") || file.contains("Great Vibes")
        );
        assert!(file.contains("Bill of materials"));
        assert!(file.contains("The promised delivery window holds"));
        let (missing, _) = app
            .page_text("/admin/orders/2026-999999?lang=en", &owner)
            .await;
        assert_eq!(missing, 404);

        assert_eq!(
            app.step(&owner, &number, Status::Received, &[("action", "accept")])
                .await
                .0,
            303
        );
        let (stale, message) = app
            .step(&owner, &number, Status::Received, &[("action", "accept")])
            .await;
        assert_eq!(stale, 409);
        assert!(message.contains("was changed meanwhile"), "{message}");
        assert_eq!(
            app.step(&owner, &number, Status::Accepted, &[("action", "release")])
                .await
                .0,
            303
        );
        let (senseless, message) = app
            .step(
                &owner,
                &number,
                Status::Released,
                &[("action", "reject"), ("reason", "x")],
            )
            .await;
        assert_eq!(senseless, 409);
        assert!(!message.contains("was changed meanwhile"));
        let (incomplete, _) = app
            .step(&owner, &number, Status::Released, &[("action", "fly")])
            .await;
        assert_eq!(incomplete, 422);

        let seen = app.order_view(&token).await;
        assert_eq!(
            seen.status,
            Status::Released,
            "the customer's page follows at once"
        );
        let actors: Vec<(String, Option<String>)> = sqlx::query_as(
            "SELECT status, actor FROM order_events WHERE order_id = $1 ORDER BY seq",
        )
        .bind(&number)
        .fetch_all(&pool)
        .await
        .unwrap();
        assert_eq!(actors.len(), 3);
        assert!(actors[0].1.is_none() && actors[1].1.is_some() && actors[2].1.is_some());
        let topics: Vec<(String,)> = sqlx::query_as("SELECT topic FROM outbox ORDER BY created_at")
            .fetch_all(&pool)
            .await
            .unwrap();
        let topics: Vec<&str> = topics.iter().map(|(t,)| t.as_str()).collect();
        assert_eq!(topics, ["order.placed", "order.accepted", "order.released"]);

        let noted = app
            .post_form(
                &format!("/admin/orders/{number}/notes?lang=en"),
                Some(&owner),
                &[("body", "Customer asked to call before shipping")],
            )
            .await;
        assert_eq!(noted.status(), 303);
        let empty = app
            .post_form(
                &format!("/admin/orders/{number}/notes?lang=en"),
                Some(&owner),
                &[("body", "  ")],
            )
            .await;
        assert_eq!(empty.status(), 422);
        let (_, file) = app
            .page_text(&format!("/admin/orders/{number}?lang=en"), &owner)
            .await;
        assert!(file.contains("Customer asked to call before shipping"));
        assert!(file.contains("Owner"), "who took the steps");

        let (status, work_order) = app
            .page_text(
                &format!("/admin/orders/{number}/work-order?lang=en"),
                &owner,
            )
            .await;
        assert_eq!(status, 200);
        assert!(
            work_order.contains(&format!("class=\"wo-number\">{number}</p>"))
                && work_order.contains("font Script"),
            "{work_order}"
        );

        let export = app
            .get_with(
                "/admin/orders/export.csv?lang=en&product=ring",
                Some(&owner),
            )
            .await;
        assert_eq!(export.status(), 200);
        assert!(export.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv"));
        let body = export.text().await.unwrap();
        let mut reader = csv::Reader::from_reader(body.as_bytes());
        let header = reader.headers().unwrap().clone();
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), 1, "{body}");
        let column = |name: &str| {
            header
                .iter()
                .position(|h| h == name)
                .unwrap_or_else(|| panic!("{name} in {header:?}"))
        };
        assert_eq!(&rows[0][column("order")], number);
        assert_eq!(&rows[0][column("status")], "released");
        assert!(rows[0][column("engraving")].contains("Anna & Ben"));
        assert!(rows[0][column("metal")].to_lowercase().contains("gold"));
    }
);

on_both_databases!(
    concurrent_steps_of_one_order_one_wins,
    |db: Db| async move {
        let Some((app, pool, owner)) = start(db).await else {
            return;
        };
        let staff_email = person(&pool, Role::Staff).await;
        let staff = app.sign_in(&staff_email, PASSWORD).await;
        let (number, _) = app.ring_order("race-1").await;
        let (a, b) = tokio::join!(
            app.step(&owner, &number, Status::Received, &[("action", "accept")]),
            app.step(
                &staff,
                &number,
                Status::Received,
                &[("action", "reject"), ("reason", "No rubies left")]
            ),
        );
        let mut statuses = [a.0, b.0];
        statuses.sort();
        assert_eq!(statuses, [303, 409], "one wins, the other is told");
        let loser = if a.0 == 409 { a.1 } else { b.1 };
        assert!(loser.contains("was changed meanwhile"), "{loser}");
        let (events,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM order_events WHERE order_id = $1")
                .bind(&number)
                .fetch_one(&pool)
                .await
                .unwrap();
        assert_eq!(events, 2);
    }
);

async fn bookings_and_stock(
    pool: &sqlx::AnyPool,
) -> (Vec<(String, String, i64)>, Vec<(String, i64, i64)>) {
    let bookings = sqlx::query_as(
        "SELECT line_id, day, units FROM line_bookings WHERE units > 0 ORDER BY line_id, day",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let stock = sqlx::query_as("SELECT id, on_hand, reserved FROM components ORDER BY id")
        .fetch_all(pool)
        .await
        .unwrap();
    (bookings, stock)
}

on_both_databases!(
    cancellation_frees_exactly_what_the_order_booked,
    |db: Db| async move {
        let Some((app, pool, owner)) = start(db).await else {
            return;
        };
        let (kept, _) = app.ring_order("kept-1").await;
        let before = bookings_and_stock(&pool).await;
        let (number, token) = app.ring_order("cancel-1").await;
        let booked = bookings_and_stock(&pool).await;
        assert_ne!(
            booked, before,
            "the order booked capacity and reserved a ruby"
        );
        let (refused, _) = app
            .step(
                &owner,
                &number,
                Status::Received,
                &[("action", "cancel"), ("reason", " ")],
            )
            .await;
        assert_eq!(refused, 409, "a cancellation needs a reason");
        assert_eq!(
            bookings_and_stock(&pool).await,
            booked,
            "a refusal changes nothing"
        );
        let (status, _) = app
            .step(
                &owner,
                &number,
                Status::Received,
                &[
                    ("action", "cancel"),
                    ("reason", "Customer changed their mind"),
                ],
            )
            .await;
        assert_eq!(status, 303);
        assert_eq!(
            bookings_and_stock(&pool).await,
            before,
            "exactly what it booked is free again"
        );
        let seen = app.order_view(&token).await;
        assert_eq!(seen.status, Status::Cancelled);
        assert_eq!(
            seen.timeline
                .last()
                .and_then(|e| e.detail.clone())
                .as_deref(),
            Some("Customer changed their mind"),
            "the customer sees the reason"
        );
        let (again, _) = app
            .step(
                &owner,
                &number,
                Status::Cancelled,
                &[("action", "cancel"), ("reason", "twice")],
            )
            .await;
        assert_eq!(again, 409);
        assert_eq!(bookings_and_stock(&pool).await, before);
        let (kept_status,): (String,) = sqlx::query_as("SELECT status FROM orders WHERE id = $1")
            .bind(&kept)
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(kept_status, "received");
    }
);

on_both_databases!(
    the_inbox_pages_through_every_order_once_and_steps_in_bulk,
    |db: Db| async move {
        let Some((app, pool, owner)) = start(db).await else {
            return;
        };
        let (first, _) = app.ring_order("paging-1").await;
        // Sixty more, three to a second, so the keyset's tie-break is used.
        for i in 0..60 {
            let copy = format!("2025-{:06}", i + 1);
            sqlx::query(
                "INSERT INTO orders (id, token, idempotency_key, request_digest, catalog_version,
                     product_id, quantity, currency, total_minor, production_line, production_start,
                     earliest, latest, email, status, snapshot, created_at, customer_name)
                 SELECT $1, $2, $3, request_digest, catalog_version, product_id, quantity, currency,
                     total_minor, production_line, production_start, earliest, latest, email, status,
                     snapshot, $4, customer_name FROM orders WHERE id = $5",
            )
            .bind(&copy)
            .bind(format!("token-{i}"))
            .bind(format!("key-{i}"))
            .bind(format!("2025-06-01T10:00:{:02}Z", i / 3))
            .bind(&first)
            .execute(&pool)
            .await
            .unwrap();
            sqlx::query(
                "INSERT INTO order_lines (order_id, line_no, product_id, quantity, total_minor,
                     production_line, production_start, earliest, latest)
                 SELECT $1, line_no, product_id, quantity, total_minor, production_line,
                     production_start, earliest, latest FROM order_lines WHERE order_id = $2",
            )
            .bind(&copy)
            .bind(&first)
            .execute(&pool)
            .await
            .unwrap();
            sqlx::query("INSERT INTO order_events (order_id, seq, status, at) VALUES ($1, 1, 'received', $2)")
                .bind(&copy)
                .bind(format!("2025-06-01T10:00:{:02}Z", i / 3))
                .execute(&pool)
                .await
                .unwrap();
        }
        let mut seen = Vec::new();
        let mut next = Some("/admin/orders?lang=en".to_owned());
        let mut pages = 0;
        while let Some(path) = next {
            let (status, page) = app.page_text(&path, &owner).await;
            assert_eq!(status, 200, "{path}");
            if pages == 0 {
                assert!(page.contains(">61</span>"), "the count of all orders");
            }
            seen.extend(numbers_on(&page));
            next = next_link(&page);
            pages += 1;
            assert!(pages < 5, "the pages end");
        }
        assert_eq!(pages, 2);
        assert_eq!(seen.len(), 61);
        assert_eq!(seen[0], first, "newest first");
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 61, "every order once");
        assert_eq!(
            seen[1], "2025-000060",
            "the same second ordered by number, downwards"
        );

        let bulk = app
            .post_form(
                "/admin/orders/bulk?lang=en",
                Some(&owner),
                &[
                    ("action", "accept"),
                    ("order", "2025-000001@received"),
                    ("order", "2025-000002@received"),
                    ("order", "2025-000003@accepted"),
                ],
            )
            .await;
        assert_eq!(bulk.status(), 409);
        let text = bulk.text().await.unwrap();
        assert!(text.contains("2 orders accepted."), "{text}");
        assert!(
            text.contains("2025-000003: Order 2025-000003 was changed meanwhile"),
            "{text}"
        );
        let (accepted,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM orders WHERE status = 'accepted'")
                .fetch_one(&pool)
                .await
                .unwrap();
        assert_eq!(accepted, 2);
        let refused = app
            .post_form(
                "/admin/orders/bulk?lang=en",
                Some(&owner),
                &[("action", "cancel"), ("order", "2025-000004@received")],
            )
            .await;
        assert_eq!(refused.status(), 422);
    }
);
