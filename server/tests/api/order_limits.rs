//! The shop's limits on placing orders: per e-mail address and per client
//! address per hour, on the server function and on the form posted without
//! JavaScript; a refusal stores nothing, and a retry of a placed order is
//! still answered with its order.

use crate::helpers::{spawn_with_pool, Db, TestApp};
use crate::on_both_databases;
use crate::orders::{checkout, with_figures, RUBY_RING};
use app::orders::{CheckoutForm, PlaceOutcome};

const SILVER_RING: &str = "metal=silver&width=4mm&size=54&finish=polished";

fn ring_for(email: &str) -> CheckoutForm {
    let key = uuid::Uuid::new_v4().to_string();
    CheckoutForm {
        email: email.into(),
        ..checkout("ring", SILVER_RING, &key)
    }
}

async fn orders(pool: &sqlx::AnyPool) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM orders")
        .fetch_one(pool)
        .await
        .unwrap();
    n
}

on_both_databases!(
    orders_per_hour_are_limited_per_email_and_client,
    |db: Db| async move {
        let Some((app, pool)) = spawn_with_pool(
            db,
            &[
                ("ATELIER_ORDERS_PER_HOUR_PER_EMAIL", "2"),
                ("ATELIER_ORDERS_PER_HOUR_PER_CLIENT", "3"),
            ],
        )
        .await
        else {
            return;
        };
        let mut first = ring_for("anna@example.de");
        let (placed, _, confirmed) = app.place_accepting_changes(first.clone()).await;
        first = confirmed;
        app.place_accepting_changes(ring_for("anna@example.de"))
            .await;

        // A third order for the same e-mail address: refused before the
        // customer is asked to confirm its figures, nothing stored.
        let third = ring_for("anna@example.de");
        let PlaceOutcome::Limited(problem) = app.place(&third).await else {
            panic!("a third order for anna is limited")
        };
        assert!(problem.message.en.contains("e-mail address"), "{problem:?}");
        assert!(problem.message.de.contains("E-Mail-Adresse"), "{problem:?}");
        assert_eq!(orders(&pool).await, 2, "nothing stored");

        // A retry of a placed order still gets its order.
        let PlaceOutcome::Placed { number, .. } = app.place(&first).await else {
            panic!("the retry returns the order")
        };
        assert_eq!(number, placed);

        // Another address: the third order from this client.
        app.place_accepting_changes(ring_for("ben@example.de"))
            .await;
        assert_eq!(orders(&pool).await, 3);

        // The fourth from this client, without JavaScript: 429 and the
        // checkout page with the reason and everything typed.
        let form = checkout("ring", RUBY_RING, &uuid::Uuid::new_v4().to_string());
        let form = CheckoutForm {
            email: "cem@example.de".into(),
            ..form
        };
        let response = app
            .client
            .post(format!("{}/p/ring/checkout?lang=en", app.address))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 429);
        let page = response.text().await.unwrap();
        assert!(
            page.contains("Too many orders came from this connection"),
            "{page}"
        );
        assert!(page.contains("cem@example.de"), "the form keeps the input");
        assert_eq!(orders(&pool).await, 3, "nothing stored");
        let (logged,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM placement_log")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(logged, 3);
        let (client,): (String,) = sqlx::query_as("SELECT client FROM placement_log")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert!(!client.contains("127.0.0.1"), "only a hash is kept");
    }
);

/// Sends `form` until it is answered with more than changed figures
/// (confirming them each time, as a customer does).
async fn place_until_answered(app: &TestApp, mut form: CheckoutForm) -> PlaceOutcome {
    for _ in 0..50 {
        match app.place(&form).await {
            PlaceOutcome::Changed(changed) => form = with_figures(form, &changed),
            answer => return answer,
        }
    }
    panic!("the figures kept changing")
}

on_both_databases!(
    simultaneous_orders_count_each_other_against_the_limit,
    |db: Db| async move {
        let Some((app, pool)) =
            spawn_with_pool(db, &[("ATELIER_ORDERS_PER_HOUR_PER_EMAIL", "3")]).await
        else {
            return;
        };
        // Eight checkout pages for one address, each with its figures.
        let mut forms = Vec::new();
        for _ in 0..8 {
            let form = ring_for("flood@example.de");
            let PlaceOutcome::Changed(changed) = app.place(&form).await else {
                panic!("a first send without figures is asked to confirm them")
            };
            forms.push(with_figures(form, &changed));
        }
        // Sent at once, they reach the shop together: the limit counts
        // the orders stored with them, not only those stored before.
        let sends = forms
            .into_iter()
            .map(|form| place_until_answered(&app, form));
        let outcomes = futures_util::future::join_all(sends).await;
        let placed = outcomes
            .iter()
            .filter(|o| matches!(o, PlaceOutcome::Placed { .. }))
            .count();
        let limited = outcomes
            .iter()
            .filter(|o| matches!(o, PlaceOutcome::Limited(_)))
            .count();
        assert_eq!((placed, limited), (3, 5), "{outcomes:?}");
        assert_eq!(orders(&pool).await, 3, "the limit holds in the database");
    }
);

on_both_databases!(
    a_refused_sender_is_refused_again_without_waiting_for_a_batch,
    |db: Db| async move {
        let Some((app, pool)) =
            spawn_with_pool(db, &[("ATELIER_ORDERS_PER_HOUR_PER_EMAIL", "1")]).await
        else {
            return;
        };
        let (placed, _, first) = app
            .place_accepting_changes(ring_for("flood@example.de"))
            .await;
        let PlaceOutcome::Limited(_) = app.place(&ring_for("flood@example.de")).await else {
            panic!("a second order for the address is limited")
        };
        // The ring's production line locked (SQLite: the database's write
        // lock), as a long batch would hold it: a batch would wait for it.
        let mut lock = pool.begin().await.unwrap();
        sqlx::query(
            "UPDATE production_lines SET daily_capacity = daily_capacity WHERE id = 'goldsmith'",
        )
        .execute(&mut *lock)
        .await
        .unwrap();
        let answer = |form| {
            let app = &app;
            async move {
                tokio::time::timeout(std::time::Duration::from_secs(30), app.place(&form))
                    .await
                    .expect("answered without waiting for the lock")
            }
        };
        let PlaceOutcome::Limited(problem) = answer(ring_for("flood@example.de")).await else {
            panic!("the refused address is refused again")
        };
        assert!(problem.message.en.contains("e-mail address"), "{problem:?}");
        // A retry of its placed order still gets that order.
        let PlaceOutcome::Placed { number, .. } = answer(first).await else {
            panic!("the retry returns the order")
        };
        assert_eq!(number, placed);
        lock.rollback().await.unwrap();
        assert_eq!(orders(&pool).await, 1);
        // Other addresses are not refused.
        app.place_accepting_changes(ring_for("ben@example.de"))
            .await;
        assert_eq!(orders(&pool).await, 2);
    }
);

/// Two server processes on one PostgreSQL database, each placing orders
/// for one address on a production line of its own: their batches lock no
/// line in common, and the limit still holds across them.
#[tokio::test]
async fn two_processes_on_different_lines_count_each_other_against_the_limit() {
    let Some(url) = crate::helpers::fresh_database(Db::Postgres).await else {
        return;
    };
    let limit = [("ATELIER_ORDERS_PER_HOUR_PER_EMAIL", "3")];
    let rings = crate::helpers::spawn_on(&url, &limit).await;
    let cars = crate::helpers::spawn_on(&url, &limit).await;
    let car_form = || CheckoutForm {
        email: "flood@example.de".into(),
        ..checkout(
            "car",
            "line=style&engine=p150&paint=silver&wheels=17in",
            &uuid::Uuid::new_v4().to_string(),
        )
    };
    let mut sends = Vec::new();
    for _ in 0..4 {
        for (app, form) in [(&rings, ring_for("flood@example.de")), (&cars, car_form())] {
            let PlaceOutcome::Changed(changed) = app.place(&form).await else {
                panic!("a first send without figures is asked to confirm them")
            };
            sends.push(place_until_answered(app, with_figures(form, &changed)));
        }
    }
    let outcomes = futures_util::future::join_all(sends).await;
    let placed = outcomes
        .iter()
        .filter(|o| matches!(o, PlaceOutcome::Placed { .. }))
        .count();
    assert_eq!(placed, 3, "{outcomes:?}");
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&url).await.expect("connect");
    assert_eq!(orders(&pool).await, 3, "the limit holds in the database");
}
