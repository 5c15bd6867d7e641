//! Nothing acknowledged is lost, nothing is stored twice or by halves,
//! when the server process is killed (SIGKILL) at random moments while
//! customers place orders: four clients keep ordering, each sending the
//! same form (the same checkout key) again until it is answered; the server
//! is killed and restarted ten times. Afterwards every order is one a
//! client was told about, exactly once, with its snapshot, its bookings,
//! its reservations and its outbox event.

use crate::cart::assert_bookings_add_up;
use crate::delivery_processes::{pool, server_at};
use crate::helpers::{fresh_database, Db};
use crate::on_both_databases;
use crate::orders::{checkout, count, with_figures};
use crate::peers::free_port;
use app::orders::{CheckoutForm, OrderSnapshot, PlaceOutcome};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const KILLS: usize = 10;
const CLIENTS: usize = 4;

/// What the clients were told: checkout key, order number, status token.
type Acknowledged = Arc<Mutex<Vec<(String, String, String)>>>;

/// One attempt to place `form`; `None` when no answer came (the server is
/// down or was killed while answering).
async fn try_place(
    client: &reqwest::Client,
    address: &str,
    form: &CheckoutForm,
) -> Option<PlaceOutcome> {
    let response = client
        .post(format!("{address}/api/place_order"))
        .json(&serde_json::json!({ "form": form }))
        .send()
        .await
        .ok()?;
    if !response.status().is_success() {
        return None;
    }
    response.json().await.ok()
}

/// Orders until `stop`, each order sent again until it is answered.
async fn customer(n: usize, address: String, stop: Arc<AtomicBool>, acknowledged: Acknowledged) {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let products = [
        ("ring", "metal=silver&width=4mm&size=54&finish=polished"),
        ("car", "line=style&engine=p150&paint=silver&wheels=17in"),
    ];
    let mut i = 0;
    while !stop.load(Ordering::Relaxed) {
        let (product, config) = products[(n + i) % products.len()];
        let key = uuid::Uuid::new_v4().to_string();
        let mut form = checkout(product, config, &key);
        let mut tries = 0;
        loop {
            tries += 1;
            assert!(tries < 2_000, "order {key} never answered");
            match try_place(&client, &address, &form).await {
                None => tokio::time::sleep(Duration::from_millis(50)).await,
                Some(PlaceOutcome::Changed(changed)) => form = with_figures(form, &changed),
                Some(PlaceOutcome::Placed { number, token }) => {
                    acknowledged.lock().unwrap().push((key, number, token));
                    break;
                }
                Some(other) => panic!("refused: {other:?}"),
            }
        }
        i += 1;
    }
}

/// A pseudo-random pause of 0.2 to 1.5 s before the next kill.
fn pause() -> Duration {
    let random = uuid::Uuid::new_v4().as_u128();
    Duration::from_millis(200 + (random % 1_300) as u64)
}

on_both_databases!(
    orders_survive_the_server_being_killed,
    |db: Db| async move {
        let Some(url) = fresh_database(db).await else {
            return;
        };
        let port = free_port();
        let (mut process, app) = server_at(&url, port).await;
        let pool = pool(&url).await;
        let backlog = count(
            &pool,
            "SELECT CAST(COALESCE(SUM(units), 0) AS BIGINT) FROM line_bookings",
        )
        .await;
        let stop = Arc::new(AtomicBool::new(false));
        let acknowledged = Acknowledged::default();
        let customers: Vec<_> = (0..CLIENTS)
            .map(|n| {
                tokio::spawn(customer(
                    n,
                    app.address.clone(),
                    stop.clone(),
                    acknowledged.clone(),
                ))
            })
            .collect();
        for _ in 0..KILLS {
            tokio::time::sleep(pause()).await;
            process.kill().expect("SIGKILL");
            process.wait().expect("reaped");
            (process, _) = server_at(&url, port).await;
        }
        stop.store(true, Ordering::Relaxed);
        for task in customers {
            task.await.expect("customer");
        }
        process.kill().expect("SIGKILL");
        process.wait().expect("reaped");

        let acknowledged = acknowledged.lock().unwrap().clone();
        eprintln!(
            "{} orders acknowledged across {KILLS} kills",
            acknowledged.len()
        );
        assert!(
            acknowledged.len() >= KILLS,
            "too few orders to judge: {}",
            acknowledged.len()
        );
        // Every stored order was acknowledged, and every acknowledged order
        // is stored once, under its key, with its snapshot.
        assert_eq!(
            count(&pool, "SELECT COUNT(*) FROM orders").await,
            acknowledged.len() as i64,
            "stored orders are exactly the acknowledged ones"
        );
        for (key, number, token) in &acknowledged {
            let (stored_key, snapshot): (String, String) = sqlx::query_as(
                "SELECT idempotency_key, snapshot FROM orders WHERE id = $1 AND token = $2",
            )
            .bind(number)
            .bind(atelier_server::orders::token::stored(token))
            .fetch_one(&pool)
            .await
            .unwrap_or_else(|e| panic!("order {number}: {e}"));
            assert_eq!(&stored_key, key, "{number}");
            let snapshot: OrderSnapshot = serde_json::from_str(&snapshot).unwrap();
            assert_eq!(snapshot.lines.len(), 1, "{number}");
        }
        // Bookings and reservations are exactly those of the stored orders.
        assert_bookings_add_up(&pool, backlog).await;
        // Every order has its lines, its first status and its event.
        for (what, sql) in [
            ("lines", "SELECT COUNT(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id)"),
            ("status", "SELECT COUNT(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_events e WHERE e.order_id = o.id)"),
            ("event", "SELECT COUNT(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM outbox e WHERE e.order_id = o.id AND e.topic = 'order.placed')"),
        ] {
            assert_eq!(count(&pool, sql).await, 0, "orders without {what}");
        }
    }
);
