//! Placing orders through the server function: stored once with booking,
//! reservation and outbox event; bad input refused without a trace; and 200
//! concurrent customers competing for two rubies.

use crate::helpers::{fresh_database, spawn_on, Db, TestApp};
use crate::on_both_databases;
use app::orders::{CheckoutForm, Field, OrderView, PlaceOutcome};
use serde_json::json;

/// A complete ring with the scarce ruby (two on hand).
pub(crate) const RUBY_RING: &str = "metal=yellow-gold&stone=ruby&width=4mm&size=54&finish=polished&engraving=Anna%20%26%20Ben&engraving.font=script";

pub(crate) fn checkout(product: &str, config: &str, key: &str) -> CheckoutForm {
    CheckoutForm {
        product: product.into(),
        config: config.into(),
        quantity: "1".into(),
        key: key.into(),
        lang: "de".into(),
        name: "Erika Mustermann".into(),
        email: "erika@example.de".into(),
        street: "Hauptstraße 5".into(),
        postal_code: "10115".into(),
        city: "Berlin".into(),
        country: "DE".into(),
        terms: Some("on".into()),
        ..Default::default()
    }
}

impl TestApp {
    pub(crate) async fn place(&self, form: &CheckoutForm) -> PlaceOutcome {
        let response = self
            .client
            .post(format!("{}/api/place_order", self.address))
            .json(&json!({ "form": form }))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 200, "place_order answers 200");
        response.json().await.expect("a PlaceOutcome")
    }

    /// Places like a customer: when the figures changed, accept the new ones
    /// and send again (under heavy contention, as often as it takes).
    pub(crate) async fn place_accepting_changes(
        &self,
        mut form: CheckoutForm,
    ) -> (String, String, CheckoutForm) {
        for _ in 0..250 {
            match self.place(&form).await {
                PlaceOutcome::Placed { number, token } => return (number, token, form),
                PlaceOutcome::Changed(changed) => form = with_figures(form, &changed),
                PlaceOutcome::Invalid { problems } => panic!("refused: {problems:?}"),
                PlaceOutcome::Limited(problem) => panic!("limited: {problem:?}"),
            }
        }
        panic!("the figures kept changing")
    }

    /// The form with the figures the server quotes for it (the server must
    /// answer "changed" first, as nothing was seen yet).
    pub(crate) async fn confirmed(&self, form: CheckoutForm) -> CheckoutForm {
        let PlaceOutcome::Changed(c) = self.place(&form).await else {
            panic!("expected the server's figures first")
        };
        with_figures(form, &c)
    }

    pub(crate) async fn order_view(&self, token: &str) -> OrderView {
        let response = self
            .client
            .post(format!("{}/api/order", self.address))
            .form(&[("token", token)])
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 200);
        response.json().await.expect("an OrderView")
    }
}

/// `form` confirming the figures of `changed`.
pub(crate) fn with_figures(form: CheckoutForm, changed: &app::orders::Changed) -> CheckoutForm {
    CheckoutForm {
        catalog_version: changed.catalog_version.to_string(),
        seen_total: changed.total.to_string(),
        seen_earliest: changed.earliest.to_string(),
        seen_latest: changed.latest.to_string(),
        ..form
    }
}

pub(crate) async fn count(pool: &sqlx::AnyPool, sql: &'static str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(pool).await.expect(sql);
    n
}

pub(crate) async fn start(db: Db) -> Option<(TestApp, sqlx::AnyPool)> {
    let url = fresh_database(db).await?;
    let app = spawn_on(&url, &[("ATELIER_DB_MAX_CONNECTIONS", "8")]).await;
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&url).await.expect("connect");
    Some((app, pool))
}

on_both_databases!(
    an_order_is_stored_once_with_booking_reservation_and_event,
    |db: Db| async move {
        let Some((app, pool)) = start(db).await else {
            return;
        };
        let booked_before = count(&pool, "SELECT CAST(COALESCE(SUM(units), 0) AS BIGINT) FROM line_bookings WHERE line_id = 'goldsmith'").await;
        let form = checkout("ring", RUBY_RING, "0b6c3f1e-2a44-4c61-9d0e-5f1f3c2b7a10");

        // Without the figures the customer saw, the server shows its own first.
        let PlaceOutcome::Changed(changed) = app.place(&form).await else {
            panic!("expected the figures to be confirmed first");
        };
        assert!(changed.price_changed && changed.window_changed && changed.catalog_changed);
        // Base 79, gold 390 + 120 surcharge, ruby 160, width 15, engraving
        // 5 + 8 × 1.50 (spaces are free); VAT included.
        assert_eq!(
            changed.total,
            7_900 + 39_000 + 12_000 + 16_000 + 1_500 + 500 + 8 * 150
        );
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM orders").await, 0);

        let (number, token, form) = app.place_accepting_changes(form).await;
        assert!(number.starts_with("20") && number.len() == 11, "{number}");
        assert_eq!(token.len(), 64);
        // A double click or a retry returns the same order.
        assert_eq!(
            app.place(&form).await,
            PlaceOutcome::Placed {
                number: number.clone(),
                token: token.clone()
            }
        );
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM orders").await, 1);
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM order_events").await, 1);
        assert_eq!(
            count(
                &pool,
                "SELECT COUNT(*) FROM outbox WHERE topic = 'order.placed'"
            )
            .await,
            1
        );
        assert_eq!(
            count(&pool, "SELECT reserved FROM components WHERE id = 'ruby'").await,
            1
        );
        assert_eq!(
            count(
                &pool,
                "SELECT reserved FROM components WHERE id = 'gold-585'"
            )
            .await,
            1
        );
        assert_eq!(
            count(&pool, "SELECT CAST(COALESCE(SUM(units), 0) AS BIGINT) FROM line_bookings WHERE line_id = 'goldsmith'").await,
            booked_before + 1
        );

        let view = app.order_view(&token).await;
        assert_eq!(view.number, number);
        assert_eq!(view.status, app::orders::Status::Received);
        assert_eq!(view.timeline.len(), 1);
        let order = &view.snapshot;
        assert_eq!(order.schema, app::orders::snapshot::SCHEMA_VERSION);
        assert_eq!(order.customer.name, "Erika Mustermann");
        assert_eq!(order.total, changed.total);
        assert_eq!(order.earliest, changed.earliest);
        assert_eq!(order.lines.len(), 1);
        let line = &order.lines[0];
        assert_eq!((line.product.as_str(), line.quantity), ("ring", 1));
        assert_eq!(line.price.total, changed.total);
        assert_eq!(line.production_line, "goldsmith");
        let engraving = line
            .spec
            .iter()
            .find(|l| l.attribute == "engraving")
            .unwrap();
        assert_eq!(engraving.value_label.de, "„Anna & Ben“");
        let stone = line.spec.iter().find(|l| l.attribute == "stone").unwrap();
        assert_eq!(stone.value_label.en, "Ruby, 2.5 mm");
        // The bill of materials names every component, stock-tracked or not.
        let bom: Vec<(&str, u64)> = line
            .components
            .iter()
            .map(|c| (c.component.as_str(), c.units))
            .collect();
        assert!(
            bom.contains(&("ruby", 1)) && bom.contains(&("gold-585", 1)),
            "{bom:?}"
        );

        // The status page renders on the server; an unknown token is a 404.
        let page = app.get(&format!("/orders/{token}")).await;
        assert_eq!(page.status(), 200);
        assert!(page.text().await.unwrap().contains(&number));
        assert_eq!(
            app.get(&format!("/orders/{}", "0".repeat(64)))
                .await
                .status(),
            404
        );

        // The database refuses to change or delete what was ordered; the
        // status stays writable.
        for tamper in [
            "UPDATE orders SET snapshot = '{}'",
            "UPDATE orders SET total_minor = 1",
            "DELETE FROM orders",
        ] {
            let err = sqlx::query(tamper).execute(&pool).await.expect_err(tamper);
            assert!(
                err.to_string()
                    .contains(atelier_server::db::IMMUTABLE_ORDER),
                "{tamper}: {err}"
            );
        }
        sqlx::query("UPDATE orders SET status = status")
            .execute(&pool)
            .await
            .expect("the status can change");
        assert_eq!(app.order_view(&token).await.snapshot, view.snapshot);
    }
);

on_both_databases!(
    bad_input_is_refused_and_nothing_is_stored,
    |db: Db| async move {
        let Some((app, pool)) = start(db).await else {
            return;
        };
        let booked_before = count(
            &pool,
            "SELECT CAST(SUM(units) AS BIGINT) FROM line_bookings",
        )
        .await;
        let key = "6a1e9c2d-0000-4000-8000-000000000001";
        let ring = |config: &str| checkout("ring", config, key);
        let cases: Vec<(&str, CheckoutForm, Field)> = vec![
            (
                "unknown product",
                checkout("yacht", RUBY_RING, key),
                Field::Configuration,
            ),
            (
                "unknown option",
                ring(&RUBY_RING.replace("ruby", "emerald")),
                Field::Configuration,
            ),
            (
                "measurement out of range",
                ring(&RUBY_RING.replace("size=54", "size=99")),
                Field::Configuration,
            ),
            (
                "measurement not a number",
                ring(&RUBY_RING.replace("size=54", "size=large")),
                Field::Configuration,
            ),
            (
                "emoji engraving",
                ring(&RUBY_RING.replace("Anna%20%26%20Ben", "Anna%F0%9F%98%80")),
                Field::Configuration,
            ),
            (
                "bidi engraving",
                ring(&RUBY_RING.replace("Anna%20%26%20Ben", "Anna%E2%80%AEneB")),
                Field::Configuration,
            ),
            (
                "markup engraving",
                ring(&RUBY_RING.replace("Anna%20%26%20Ben", "%3Cb%3EAnna%3C%2Fb%3E")),
                Field::Configuration,
            ),
            (
                "engraving too long",
                ring(&RUBY_RING.replace("Anna%20%26%20Ben", &"A".repeat(21))),
                Field::Configuration,
            ),
            (
                "rule broken",
                ring(&RUBY_RING.replace("yellow-gold", "silver")),
                Field::Configuration,
            ),
            (
                "incomplete",
                ring("metal=silver&width=4mm"),
                Field::Configuration,
            ),
            (
                "quantity zero",
                CheckoutForm {
                    quantity: "0".into(),
                    ..ring(RUBY_RING)
                },
                Field::Quantity,
            ),
            (
                "quantity text",
                CheckoutForm {
                    quantity: "viele".into(),
                    ..ring(RUBY_RING)
                },
                Field::Quantity,
            ),
            (
                "bad email",
                CheckoutForm {
                    email: "erika(at)example".into(),
                    ..ring(RUBY_RING)
                },
                Field::Email,
            ),
            (
                "bad postal code",
                CheckoutForm {
                    postal_code: "1011".into(),
                    ..ring(RUBY_RING)
                },
                Field::PostalCode,
            ),
            (
                "unknown country",
                CheckoutForm {
                    country: "Mordor".into(),
                    ..ring(RUBY_RING)
                },
                Field::Country,
            ),
            (
                "terms not accepted",
                CheckoutForm {
                    terms: None,
                    ..ring(RUBY_RING)
                },
                Field::Terms,
            ),
            (
                "control characters",
                CheckoutForm {
                    name: "Erika\u{0007}".into(),
                    ..ring(RUBY_RING)
                },
                Field::Name,
            ),
            (
                "no checkout key",
                CheckoutForm {
                    key: "".into(),
                    ..ring(RUBY_RING)
                },
                Field::Form,
            ),
        ];
        for (case, form, field) in cases {
            match app.place(&form).await {
                PlaceOutcome::Invalid { problems } => {
                    assert!(
                        problems.iter().any(|p| p.field == field
                            && !p.message.de.is_empty()
                            && !p.message.en.is_empty()),
                        "{case}: expected a message on {field:?}, got {problems:?}"
                    );
                }
                other => panic!("{case}: expected Invalid, got {other:?}"),
            }
        }

        // Tampered or stale figures are never ordered: the real ones come back.
        let good = app.confirmed(ring(RUBY_RING)).await;
        let tampered = CheckoutForm {
            seen_total: "100".into(),
            ..good.clone()
        };
        let PlaceOutcome::Changed(c) = app.place(&tampered).await else {
            panic!("tampered price")
        };
        assert!(c.price_changed && !c.window_changed && !c.catalog_changed);
        let stale = CheckoutForm {
            catalog_version: "0".into(),
            ..good.clone()
        };
        let PlaceOutcome::Changed(c) = app.place(&stale).await else {
            panic!("stale catalog")
        };
        assert!(c.catalog_changed && !c.price_changed);

        // Oversized requests are refused before they reach the order code.
        let huge = CheckoutForm {
            name: "x".repeat(100_000),
            ..good.clone()
        };
        let response = app
            .client
            .post(format!("{}/api/place_order", app.address))
            .json(&json!({ "form": huge }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 413);

        assert_eq!(count(&pool, "SELECT COUNT(*) FROM orders").await, 0);
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM outbox").await, 0);
        assert_eq!(
            count(
                &pool,
                "SELECT CAST(COALESCE(SUM(reserved), 0) AS BIGINT) FROM components"
            )
            .await,
            0
        );
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM order_numbers").await, 0);
        assert_eq!(
            count(
                &pool,
                "SELECT CAST(SUM(units) AS BIGINT) FROM line_bookings"
            )
            .await,
            booked_before,
            "no capacity was booked"
        );

        // The same key with other content is not a retry.
        let PlaceOutcome::Placed { .. } = app.place(&good).await else {
            panic!("good order")
        };
        let other = CheckoutForm {
            city: "Hamburg".into(),
            postal_code: "20095".into(),
            ..good
        };
        let PlaceOutcome::Invalid { problems } = app.place(&other).await else {
            panic!("reused key")
        };
        assert_eq!(problems[0].field, Field::Form);
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM orders").await, 1);
    }
);

on_both_databases!(
    concurrent_orders_never_oversell_scarce_stock,
    |db: Db| async move {
        let Some((app, pool)) = start(db).await else {
            return;
        };
        let app = std::sync::Arc::new(app);
        let booked_before: Vec<(String, i64)> =
            sqlx::query_as("SELECT day, units FROM line_bookings WHERE line_id = 'goldsmith'")
                .fetch_all(&pool)
                .await
                .unwrap();
        let customers = 200;
        let mut tasks = Vec::new();
        for i in 0..customers {
            let app = app.clone();
            tasks.push(tokio::spawn(async move {
                let key = format!("c0ffee00-0000-4000-8000-{i:012}");
                let (number, token, form) = app
                    .place_accepting_changes(checkout("ring", RUBY_RING, &key))
                    .await;
                // Each customer also double-clicks.
                let again = app.place(&form).await;
                assert_eq!(
                    again,
                    PlaceOutcome::Placed {
                        number: number.clone(),
                        token
                    }
                );
                number
            }));
        }
        let mut numbers = Vec::new();
        for task in tasks {
            numbers.push(task.await.expect("customer task"));
        }
        numbers.sort();
        numbers.dedup();
        assert_eq!(
            numbers.len(),
            customers,
            "every customer got an order of their own"
        );
        assert_eq!(
            count(&pool, "SELECT COUNT(*) FROM orders").await,
            customers as i64
        );
        assert_eq!(
            count(&pool, "SELECT COUNT(DISTINCT idempotency_key) FROM orders").await,
            customers as i64
        );
        assert_eq!(
            count(&pool, "SELECT COUNT(*) FROM outbox").await,
            customers as i64
        );

        // Only the two rubies on hand were promised from stock; every other
        // ruby order waits for the restock, and all 200 are reserved.
        let snapshots: Vec<(String,)> = sqlx::query_as("SELECT snapshot FROM orders")
            .fetch_all(&pool)
            .await
            .unwrap();
        let from_stock = snapshots
            .iter()
            .map(|(s,)| serde_json::from_str::<app::orders::OrderSnapshot>(s).unwrap())
            .filter(|s| s.lines[0].delivery.components["ruby"].from_stock)
            .count();
        assert_eq!(from_stock, 2);
        assert_eq!(
            count(&pool, "SELECT reserved FROM components WHERE id = 'ruby'").await,
            200
        );

        // No production day is booked over the goldsmith's capacity of 12,
        // and the bookings add up to the backlog plus the 200 rings.
        let booked: Vec<(String, i64)> =
            sqlx::query_as("SELECT day, units FROM line_bookings WHERE line_id = 'goldsmith'")
                .fetch_all(&pool)
                .await
                .unwrap();
        assert!(booked.iter().all(|(_, units)| *units <= 12), "{booked:?}");
        let sum = |rows: &[(String, i64)]| rows.iter().map(|(_, u)| u).sum::<i64>();
        assert_eq!(sum(&booked), sum(&booked_before) + customers as i64);
        let per_day: Vec<(String, i64)> = sqlx::query_as(
            "SELECT production_start, COUNT(*) FROM orders GROUP BY production_start",
        )
        .fetch_all(&pool)
        .await
        .unwrap();
        for (day, orders) in per_day {
            let before = booked_before
                .iter()
                .find(|(d, _)| *d == day)
                .map_or(0, |(_, u)| *u);
            let after = booked
                .iter()
                .find(|(d, _)| *d == day)
                .map_or(0, |(_, u)| *u);
            assert_eq!(
                after,
                before + orders,
                "bookings on {day} match the orders starting then"
            );
        }
    }
);

on_both_databases!(
    the_checkout_form_works_without_javascript,
    |db: Db| async move {
        let Some((app, pool)) = start(db).await else {
            return;
        };
        let url = format!("{}/p/ring/checkout?{RUBY_RING}", app.address);
        let post = |form: CheckoutForm| {
            let client = app.client.clone();
            let url = url.clone();
            async move {
                let mut fields = vec![
                    ("config", form.config),
                    ("quantity", form.quantity),
                    ("key", form.key),
                    ("lang", form.lang),
                    ("catalog_version", form.catalog_version),
                    ("seen_total", form.seen_total),
                    ("seen_earliest", form.seen_earliest),
                    ("seen_latest", form.seen_latest),
                    ("name", form.name),
                    ("email", form.email),
                    ("phone", form.phone),
                    ("street", form.street),
                    ("postal_code", form.postal_code),
                    ("city", form.city),
                    ("country", form.country),
                ];
                if let Some(terms) = form.terms {
                    fields.push(("terms", terms));
                }
                client.post(&url).form(&fields).send().await.expect("post")
            }
        };
        let key = "7d2f0c4e-1111-4000-8000-000000000002";

        // Markup in a field comes back escaped, with the message next to it.
        let invalid = CheckoutForm {
            name: "<script>alert(1)</script>".into(),
            postal_code: "abc".into(),
            ..checkout("ring", RUBY_RING, key)
        };
        let response = post(invalid).await;
        assert_eq!(response.status(), 422);
        let html = response.text().await.unwrap();
        assert!(
            html.contains("Postleitzahlen in Deutschland haben die Form 00000."),
            "message shown"
        );
        assert!(
            !html.contains("<script>alert(1)</script>"),
            "customer text is escaped"
        );
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "and kept in the field"
        );
        assert!(
            html.contains(r#""name":"\u003cscript>alert(1)\u003c/script>""#),
            "and in the island's data, as JSON that cannot end its script element"
        );

        // Unconfirmed figures: the page comes back with the server's figures.
        let response = post(checkout("ring", RUBY_RING, key)).await;
        assert_eq!(response.status(), 409);
        let html = response.text().await.unwrap();
        assert!(
            html.contains("data-testid=\"changed\""),
            "the changed figures are shown"
        );
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM orders").await, 0);

        // Confirmed: redirected to the status page of the new order.
        let confirmed = app.confirmed(checkout("ring", RUBY_RING, key)).await;
        let response = post(confirmed.clone()).await;
        assert_eq!(response.status(), 303);
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        assert!(
            location.starts_with("/orders/") && location.ends_with("?placed=1"),
            "{location}"
        );
        // Sending the form again (reload, back button) orders nothing new.
        let again = post(confirmed).await;
        assert_eq!(again.headers()["location"].to_str().unwrap(), location);
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM orders").await, 1);
        let page = app.get(&location).await;
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        assert!(html.contains("Vielen Dank für Ihre Bestellung!"));
        assert!(html.contains("Erika Mustermann"));

        // A body that is not the form (other content type, a field twice)
        // gets the page back with a message, and orders nothing.
        let incomplete = "Das Formular kam unvollständig an.";
        let response = app
            .client
            .post(&url)
            .header("content-type", "text/plain")
            .body("name=Erika")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422);
        assert!(response.text().await.unwrap().contains(incomplete));
        let response = app
            .client
            .post(&url)
            .form(&[("name", "Erika"), ("name", "Max")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422);
        assert!(response.text().await.unwrap().contains(incomplete));
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM orders").await, 1);

        // When the database fails while storing, the page comes back with
        // everything typed and asks to send it again (the key makes that safe).
        sqlx::query("DROP TABLE order_events")
            .execute(&pool)
            .await
            .unwrap();
        let other = "7d2f0c4e-1111-4000-8000-000000000003";
        let response = post(app.confirmed(checkout("ring", RUBY_RING, other)).await).await;
        assert_eq!(response.status(), 503);
        let html = response.text().await.unwrap();
        assert!(html.contains("Die Bestellung konnte nicht gesendet werden."));
        assert!(html.contains(other), "the same checkout key, to send again");
        assert!(html.contains("Erika Mustermann"), "what was typed is kept");
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM orders").await, 1);
    }
);

/// Two products on two lines that share one scarce component: a lamp and a
/// clock both use the brass part, of which 3 are on hand.
const SHARED_STOCK_CATALOG: &str = r#"{
  "schema": 1, "currency": "EUR", "vat_rate_bp": 1900,
  "production_lines": [
    {"id": "lamps", "name": {"de": "Leuchten", "en": "Lamps"}},
    {"id": "clocks", "name": {"de": "Uhren", "en": "Clocks"}}
  ],
  "components": [{"id": "brass", "name": {"de": "Messingteil", "en": "Brass part"}}],
  "products": [
    {"id": "lamp", "name": {"de": "Leuchte", "en": "Lamp"}, "description": {"de": "Leuchte", "en": "Lamp"},
     "base_price": 10000, "production_line": "lamps", "base_days": 1, "shipping_days": 1,
     "attributes": [{"id": "finish", "label": {"de": "Oberfläche", "en": "Finish"}, "kind": "choice", "required": true,
       "options": [{"id": "brass", "label": {"de": "Messing", "en": "Brass"}, "price": 0,
                    "components": [{"component": "brass", "qty": 1}]}]}]},
    {"id": "clock", "name": {"de": "Uhr", "en": "Clock"}, "description": {"de": "Uhr", "en": "Clock"},
     "base_price": 20000, "production_line": "clocks", "base_days": 1, "shipping_days": 1,
     "attributes": [{"id": "case", "label": {"de": "Gehäuse", "en": "Case"}, "kind": "choice", "required": true,
       "options": [{"id": "brass", "label": {"de": "Messing", "en": "Brass"}, "price": 0,
                    "components": [{"component": "brass", "qty": 1}]}]}]}
  ]
}"#;

const SHARED_STOCK_OPERATIONS: &str = r#"{
  "schema": 1,
  "production_lines": [
    {"id": "lamps", "daily_capacity": 100, "working_days": ["mon", "tue", "wed", "thu", "fri"]},
    {"id": "clocks", "daily_capacity": 100, "working_days": ["mon", "tue", "wed", "thu", "fri"]}
  ],
  "components": [{"id": "brass", "on_hand": 3, "replenish_days": 10}]
}"#;

on_both_databases!(
    stock_shared_by_two_lines_is_never_promised_twice,
    |db: Db| async move {
        let Some(url) = fresh_database(db).await else {
            return;
        };
        let app = shared_stock_app(&url).await;
        order_shared_stock(&url, &[app]).await;
    }
);

/// Two server processes, one taking the lamps' orders and one the clocks',
/// batch on different production lines at the same time: each batch locks
/// the brass part's row, so neither promises stock the other took.
#[tokio::test]
async fn two_processes_never_promise_stock_shared_by_their_lines_twice() {
    let Some(url) = fresh_database(Db::Postgres).await else {
        return;
    };
    let lamps = shared_stock_app(&url).await;
    let clocks = shared_stock_app(&url).await;
    order_shared_stock(&url, &[lamps, clocks]).await;
}

/// A batch reads a component's stock only once it holds the component's
/// row: while another process's transaction is reserving the parts on
/// hand, a lamp order waits for it, then finds them gone. (Reading first,
/// it would count on the parts, and its reservation would find them
/// taken: a failed order.)
#[tokio::test]
async fn a_batch_reads_stock_another_transaction_is_reserving_only_after_it() {
    let Some((app, pool)) = shared_stock_on_postgres().await else {
        return;
    };
    let key = "b7a55000-0000-4000-8000-00000000aaaa";
    let form = app.confirmed(checkout("lamp", "finish=brass", key)).await;
    let outcome = place_while_brass_is_held(
        &app,
        &pool,
        form,
        &["UPDATE components SET reserved = reserved + 3 WHERE id = 'brass'"],
    )
    .await;
    // The part is no longer on hand.
    assert_window_moved_and_nothing_stored(outcome, &pool).await;
}

/// The same for the deliveries a batch counts on: a delivery cancelled by
/// a transaction the order waited for is not counted (the read after the
/// lock is a statement of its own, so it sees that commit).
#[tokio::test]
async fn a_batch_does_not_count_on_a_delivery_cancelled_while_it_waited() {
    let Some((app, pool)) = shared_stock_on_postgres().await else {
        return;
    };
    // None on hand; five expected in three days.
    let in_three_days = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(72);
    let expected = in_three_days.to_string()[..10].to_owned();
    sqlx::query("UPDATE components SET reserved = on_hand WHERE id = 'brass'")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO component_deliveries (id, component_id, expected_on, quantity, created_at) \
         VALUES ('d1', 'brass', $1, 5, '2026-01-01T00:00:00Z')",
    )
    .bind(&expected)
    .execute(&pool)
    .await
    .unwrap();
    let key = "b7a55000-0000-4000-8000-00000000bbbb";
    let form = app.confirmed(checkout("lamp", "finish=brass", key)).await;
    let outcome = place_while_brass_is_held(
        &app,
        &pool,
        form,
        &[
            "SELECT on_hand FROM components WHERE id = 'brass' FOR UPDATE",
            "UPDATE component_deliveries SET cancelled_at = '2026-01-01T00:00:00Z' WHERE id = 'd1'",
        ],
    )
    .await;
    // The delivery it counted on was cancelled.
    assert_window_moved_and_nothing_stored(outcome, &pool).await;
}

/// A server with the shared-stock catalog on a fresh PostgreSQL database,
/// and a pool of its own there; `None` when PostgreSQL is skipped.
async fn shared_stock_on_postgres() -> Option<(std::sync::Arc<TestApp>, sqlx::AnyPool)> {
    let url = fresh_database(Db::Postgres).await?;
    let app = shared_stock_app(&url).await;
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    Some((app, pool))
}

/// `outcome` asks the customer to confirm a new delivery window, and no
/// order was stored.
async fn assert_window_moved_and_nothing_stored(outcome: PlaceOutcome, pool: &sqlx::AnyPool) {
    let PlaceOutcome::Changed(changed) = outcome else {
        panic!("the window moved, so the customer confirms it: {outcome:?}")
    };
    assert!(changed.window_changed, "{changed:?}");
    assert_eq!(count(pool, "SELECT COUNT(*) FROM orders").await, 0);
}

/// Places `form` while another transaction, which ran `statements` (the
/// first of them locking the brass part's row), is open; commits it once
/// the order's transaction waits for a lock.
async fn place_while_brass_is_held(
    app: &std::sync::Arc<TestApp>,
    pool: &sqlx::AnyPool,
    form: CheckoutForm,
    statements: &[&'static str],
) -> PlaceOutcome {
    let mut other = pool.begin().await.unwrap();
    for statement in statements {
        sqlx::query(*statement).execute(&mut *other).await.unwrap();
    }
    let placing = tokio::spawn({
        let app = app.clone();
        async move { app.place(&form).await }
    });
    let waiting = "SELECT COUNT(*) FROM pg_stat_activity \
                   WHERE wait_event_type = 'Lock' AND datname = current_database()";
    let started = std::time::Instant::now();
    while count(pool, waiting).await == 0 {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "the order never waited for the brass part's row"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    other.commit().await.unwrap();
    placing.await.unwrap()
}

/// A server on `url` with the shared-stock catalog and operations.
async fn shared_stock_app(url: &str) -> std::sync::Arc<TestApp> {
    let dir = std::env::temp_dir().join(format!("atelier-shared-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let (catalog, operations) = (dir.join("catalog.json"), dir.join("operations.json"));
    std::fs::write(&catalog, SHARED_STOCK_CATALOG).unwrap();
    std::fs::write(&operations, SHARED_STOCK_OPERATIONS).unwrap();
    let app = spawn_on(
        url,
        &[
            ("ATELIER_CATALOG_FILE", catalog.to_str().unwrap()),
            ("ATELIER_OPERATIONS_FILE", operations.to_str().unwrap()),
            ("ATELIER_DB_MAX_CONNECTIONS", "8"),
        ],
    )
    .await;
    // Read when the application was built.
    std::fs::remove_dir_all(&dir).unwrap();
    std::sync::Arc::new(app)
}

/// 40 customers at once, lamps and clocks in turn (customer `i` through
/// `apps[i % apps.len()]`), every one placed: exactly the three brass parts
/// on hand are promised from stock, and every order reserved its part.
async fn order_shared_stock(url: &str, apps: &[std::sync::Arc<TestApp>]) {
    let customers = 40;
    let tasks: Vec<_> = (0..customers)
        .map(|i| {
            let app = apps[i % apps.len()].clone();
            tokio::spawn(async move {
                let (product, config) = if i % 2 == 0 {
                    ("lamp", "finish=brass")
                } else {
                    ("clock", "case=brass")
                };
                let key = format!("b7a55000-0000-4000-8000-{i:012}");
                app.place_accepting_changes(checkout(product, config, &key))
                    .await
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("customer");
    }
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await.unwrap();
    let snapshots: Vec<(String,)> = sqlx::query_as("SELECT snapshot FROM orders")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(snapshots.len(), customers);
    let promised_from_stock = snapshots
        .iter()
        .map(|(s,)| serde_json::from_str::<app::orders::OrderSnapshot>(s).unwrap())
        .filter(|s| s.lines[0].delivery.components["brass"].from_stock)
        .count();
    assert_eq!(
        promised_from_stock, 3,
        "exactly the three parts on hand were promised"
    );
    assert_eq!(
        count(&pool, "SELECT reserved FROM components WHERE id = 'brass'").await,
        customers as i64
    );
}

on_both_databases!(
    simultaneous_submissions_of_one_checkout_store_one_order,
    |db: Db| async move {
        let Some((app, pool)) = start(db).await else {
            return;
        };
        let key = "5e55e000-0000-4000-8000-000000000003";
        let form = app.confirmed(checkout("ring", RUBY_RING, key)).await;
        let (a, b, c, d) = tokio::join!(
            app.place(&form),
            app.place(&form),
            app.place(&form),
            app.place(&form)
        );
        let PlaceOutcome::Placed { .. } = &a else {
            panic!("{a:?}")
        };
        assert!(
            [&b, &c, &d].iter().all(|o| **o == a),
            "{a:?} {b:?} {c:?} {d:?}"
        );
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM orders").await, 1);
        assert_eq!(
            count(&pool, "SELECT reserved FROM components WHERE id = 'ruby'").await,
            1
        );

        // More than a day's capacity is refused with a message on the quantity.
        let big = CheckoutForm {
            quantity: "13".into(),
            key: "5e55e000-0000-4000-8000-000000000004".into(),
            ..form
        };
        let PlaceOutcome::Invalid { problems } = app.place(&big).await else {
            panic!("over capacity")
        };
        assert_eq!(problems[0].field, Field::Quantity);
        assert!(
            problems[0].message.en.contains("up to 12 pieces"),
            "{problems:?}"
        );

        // The status page is personal: never cached.
        let token = match a {
            PlaceOutcome::Placed { token, .. } => token,
            _ => unreachable!(),
        };
        let page = app.get(&format!("/orders/{token}")).await;
        assert_eq!(page.headers()["cache-control"], "no-store, private");
    }
);
