//! Days held for a checkout: a customer told of new figures can confirm
//! them while others order the same product (the limit per client is
//! tested with `orders::holds`).

use crate::helpers::{fresh_database, spawn_on, Db, TestApp};
use crate::on_both_databases;
use crate::orders::{checkout, count, with_figures};
use app::orders::{Changed, PlaceOutcome};

/// A silver ring: made on the goldsmith's line (12 a day), no scarce stock.
const SILVER_RING: &str =
    "metal=silver&width=4mm&size=56&finish=matte&engraving=Lea&engraving.font=serif";

async fn start(db: Db, per_client: &str) -> Option<(TestApp, sqlx::AnyPool)> {
    let url = fresh_database(db).await?;
    let app = spawn_on(&url, &[("ATELIER_ORDERS_PER_HOUR_PER_CLIENT", per_client)]).await;
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&url).await.expect("connect");
    Some((app, pool))
}

fn key(i: usize) -> String {
    format!("401d0000-0000-4000-8000-{i:012}")
}

/// The figures the server quotes to a first submission of checkout `i`.
async fn quoted(app: &TestApp, i: usize) -> Changed {
    match app.place(&checkout("ring", SILVER_RING, &key(i))).await {
        PlaceOutcome::Changed(changed) => changed,
        other => panic!("a first submission is answered with figures: {other:?}"),
    }
}

/// Places checkout `i` like a customer who confirms whatever is quoted.
async fn place(app: &TestApp, i: usize) {
    let mut form = checkout("ring", SILVER_RING, &key(i));
    for _ in 0..50 {
        match app.place(&form).await {
            PlaceOutcome::Placed { .. } => return,
            PlaceOutcome::Changed(changed) => form = with_figures(form, &changed),
            other => panic!("{other:?}"),
        }
    }
    panic!("the figures kept changing")
}

on_both_databases!(
    quoted_figures_are_held_while_the_customer_confirms,
    |db: Db| async move {
        let Some((app, pool)) = start(db, "100").await else {
            return;
        };
        let first = quoted(&app, 0).await;
        // A day's capacity and more is ordered by others meanwhile: without
        // the hold, the first customer's day would be gone.
        for i in 1..=14 {
            place(&app, i).await;
        }
        let form = with_figures(checkout("ring", SILVER_RING, &key(0)), &first);
        let PlaceOutcome::Placed { token, .. } = app.place(&form).await else {
            panic!("the quoted figures were held for their customer")
        };
        let order = app.order_view(&token).await;
        assert_eq!(order.snapshot.earliest, first.earliest);
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM orders").await, 15);
        let over: i64 = count(
            &pool,
            "SELECT COUNT(*) FROM line_bookings WHERE line_id = 'goldsmith' AND units > 12",
        )
        .await;
        assert_eq!(over, 0, "no day is booked over the line's capacity");
    }
);
