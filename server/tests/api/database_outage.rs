//! Losing PostgreSQL mid-order: the server reaches the database through a
//! TCP proxy that cuts its connection just before or just after it sends
//! COMMIT, or that goes away entirely (a database restart) and comes back.
//! Every time the customer is told to send again, the same form then
//! returns the order exactly once if it was stored (or stores it now),
//! nothing is stored by halves, and the server recovers without a restart.

use crate::cart::assert_bookings_add_up;
use crate::helpers::{fresh_database, postgres_admin_url, spawn_on, Db, TestApp};
use crate::orders::{checkout, count, with_figures};
use app::orders::{CheckoutForm, PlaceOutcome};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::AbortHandle;

const SILVER_RING: &str = "metal=silver&width=4mm&size=54&finish=polished";

/// Where the proxy cuts a connection that sends COMMIT.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Cut {
    /// COMMIT never reaches the database: the transaction is rolled back.
    BeforeCommit,
    /// The database commits, but its answer never reaches the server.
    AfterCommit,
}

/// A TCP proxy in front of PostgreSQL that the test can break.
struct Proxy {
    address: String,
    state: Arc<ProxyState>,
}

#[derive(Default)]
struct ProxyState {
    /// New connections are refused and open ones were cut.
    down: AtomicBool,
    /// The COMMIT of the order with this checkout key is cut like this.
    armed: Mutex<Option<(Cut, String)>>,
    /// Connections cut at a COMMIT.
    cuts: AtomicUsize,
    /// The forwarding tasks of every open connection.
    open: Mutex<Vec<AbortHandle>>,
}

impl Proxy {
    async fn start(upstream: String) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap().to_string();
        let state = Arc::new(ProxyState::default());
        let shared = state.clone();
        tokio::spawn(async move {
            loop {
                let Ok((client, _)) = listener.accept().await else {
                    continue;
                };
                if shared.down.load(Ordering::SeqCst) {
                    drop(client);
                    continue;
                }
                let Ok(server) = TcpStream::connect(&upstream).await else {
                    continue;
                };
                forward(shared.clone(), client, server);
            }
        });
        Proxy { address, state }
    }

    fn arm(&self, cut: Cut, key: &str) {
        *self.state.armed.lock().unwrap() = Some((cut, key.to_owned()));
    }

    fn cuts(&self) -> usize {
        self.state.cuts.load(Ordering::SeqCst)
    }

    /// The database goes away: open connections are cut, new ones refused.
    fn go_down(&self) {
        self.state.down.store(true, Ordering::SeqCst);
        for task in self.state.open.lock().unwrap().drain(..) {
            task.abort();
        }
    }

    fn come_back(&self) {
        self.state.down.store(false, Ordering::SeqCst);
    }
}

/// Forwards one connection both ways, reading the client's side message by
/// message (PostgreSQL's frontend protocol: a length-prefixed startup
/// message, then a type byte and a length per message) to find COMMIT.
fn forward(state: Arc<ProxyState>, client: TcpStream, server: TcpStream) {
    let (mut client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = server.into_split();
    // Set once COMMIT went through with `Cut::AfterCommit`: the answer is
    // swallowed.
    let deaf = Arc::new(AtomicBool::new(false));
    let deaf_answers = deaf.clone();
    let answers = tokio::spawn(async move {
        let mut buffer = vec![0u8; 16 * 1024];
        loop {
            let n = match server_read.read(&mut buffer).await {
                Ok(0) | Err(_) => return,
                Ok(n) => n,
            };
            // Swallowed until the connection is cut.
            if deaf_answers.load(Ordering::SeqCst) {
                continue;
            }
            if client_write.write_all(&buffer[..n]).await.is_err() {
                return;
            }
        }
    });
    let answers_handle = answers.abort_handle();
    let cut_state = state.clone();
    let requests = tokio::spawn(async move {
        let mut length = [0u8; 4];
        if client_read.read_exact(&mut length).await.is_err() {
            return;
        }
        let mut startup = vec![0u8; u32::from_be_bytes(length) as usize - 4];
        if client_read.read_exact(&mut startup).await.is_err() {
            return;
        }
        let _ = server_write.write_all(&length).await;
        let _ = server_write.write_all(&startup).await;
        let mut placing = false;
        loop {
            let mut head = [0u8; 5];
            if client_read.read_exact(&mut head).await.is_err() {
                return;
            }
            let size = u32::from_be_bytes([head[1], head[2], head[3], head[4]]) as usize;
            let mut body = vec![0u8; size.saturating_sub(4)];
            if client_read.read_exact(&mut body).await.is_err() {
                return;
            }
            let contains = |bytes: &[u8]| body.windows(bytes.len()).any(|w| w == bytes);
            // Transactions begin and end as simple queries.
            let says = |words: &[u8]| head[0] == b'Q' && contains(words);
            if says(b"BEGIN") {
                placing = false;
            }
            // Only the COMMIT of the transaction that stores the armed
            // order (its key among the statements' parameters) is cut, not
            // one of the delivery worker's, say.
            let armed = cut_state.armed.lock().unwrap().clone();
            if let Some((_, key)) = &armed {
                placing |= contains(key.as_bytes());
            }
            let cut = match armed {
                Some((cut, _)) if placing && says(b"COMMIT") => {
                    *cut_state.armed.lock().unwrap() = None;
                    Some(cut)
                }
                _ => None,
            };
            match cut {
                Some(Cut::BeforeCommit) => {
                    cut_state.cuts.fetch_add(1, Ordering::SeqCst);
                    answers_handle.abort();
                    return;
                }
                Some(Cut::AfterCommit) => {
                    deaf.store(true, Ordering::SeqCst);
                    let _ = server_write.write_all(&head).await;
                    let _ = server_write.write_all(&body).await;
                    let _ = server_write.flush().await;
                    cut_state.cuts.fetch_add(1, Ordering::SeqCst);
                    // Time for the database to commit before the cut.
                    tokio::time::sleep(Duration::from_millis(300)).await;
                    answers_handle.abort();
                    return;
                }
                None => {}
            }
            if server_write.write_all(&head).await.is_err()
                || server_write.write_all(&body).await.is_err()
            {
                return;
            }
        }
    });
    let mut open = state.open.lock().unwrap();
    open.retain(|task| !task.is_finished());
    open.push(requests.abort_handle());
    open.push(answers.abort_handle());
}

/// The app on a fresh PostgreSQL database behind a proxy, and a direct pool
/// on it; `None` when PostgreSQL is skipped.
async fn start() -> Option<(TestApp, Proxy, sqlx::AnyPool)> {
    let direct = fresh_database(Db::Postgres).await?;
    let admin = postgres_admin_url()?;
    let upstream = admin
        .split('@')
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap()
        .to_owned();
    let proxy = Proxy::start(upstream.clone()).await;
    let proxied = format!(
        "{}?sslmode=disable",
        direct.replace(&upstream, &proxy.address)
    );
    let app = spawn_on(&proxied, &[]).await;
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&direct).await.expect("connect");
    Some((app, proxy, pool))
}

/// The server function's answer to `form`: the outcome, or the status of
/// an error answer.
async fn send(app: &TestApp, form: &CheckoutForm) -> Result<PlaceOutcome, u16> {
    let response = app
        .client
        .post(format!("{}/api/place_order", app.address))
        .json(&serde_json::json!({ "form": form }))
        .send()
        .await
        .expect("the server answers");
    match response.status().as_u16() {
        200 => Ok(response.json().await.expect("a PlaceOutcome")),
        status => Err(status),
    }
}

/// The form without JavaScript, posted to the checkout page's address
/// (with its configuration); its answer's status and page.
async fn post_form(app: &TestApp, form: &CheckoutForm) -> (u16, String) {
    let response = app
        .client
        .post(format!("{}/p/ring/checkout?{}", app.address, form.config))
        .form(form)
        .send()
        .await
        .expect("the server answers");
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn orders_with_key(pool: &sqlx::AnyPool, key: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM orders WHERE idempotency_key = $1")
        .bind(key)
        .fetch_one(pool)
        .await
        .unwrap();
    n
}

/// Everything stored belongs to a whole order: one line, one outbox event
/// and one status event per order, bookings and reservations adding up.
async fn assert_nothing_half_stored(pool: &sqlx::AnyPool, backlog: i64, orders: i64) {
    assert_eq!(count(pool, "SELECT COUNT(*) FROM orders").await, orders);
    assert_eq!(
        count(pool, "SELECT COUNT(*) FROM order_lines").await,
        orders
    );
    assert_eq!(
        count(
            pool,
            "SELECT COUNT(*) FROM outbox WHERE topic = 'order.placed'"
        )
        .await,
        orders
    );
    assert_eq!(
        count(pool, "SELECT COUNT(DISTINCT order_id) FROM order_events").await,
        orders
    );
    assert_bookings_add_up(pool, backlog).await;
}

/// Units booked before any order (the demo's seeded backlog).
async fn backlog(pool: &sqlx::AnyPool) -> i64 {
    count(
        pool,
        "SELECT CAST(COALESCE(SUM(units), 0) AS BIGINT) FROM line_bookings",
    )
    .await
}

#[tokio::test]
async fn a_connection_cut_at_commit_asks_to_send_again_and_nothing_is_lost_or_doubled() {
    let Some((app, proxy, pool)) = start().await else {
        return;
    };
    let backlog = backlog(&pool).await;
    let mut stored = 0;
    for (i, cut) in [Cut::AfterCommit, Cut::BeforeCommit]
        .into_iter()
        .enumerate()
    {
        // With JavaScript: the server function fails, the page says
        // "try again"; the same form then returns the one order.
        let key = format!("0d0e0000-0000-4000-8000-00000000000{i}");
        let form = app.confirmed(checkout("ring", SILVER_RING, &key)).await;
        proxy.arm(cut, &key);
        let failed = send(&app, &form).await;
        assert_eq!(proxy.cuts(), 2 * i + 1, "{cut:?}: the proxy cut at COMMIT");
        assert!(matches!(failed, Err(500..=599)), "{cut:?}: {failed:?}");
        let expected = if cut == Cut::AfterCommit { 1 } else { 0 };
        assert_eq!(orders_with_key(&pool, &key).await, expected, "{cut:?}");
        let Ok(PlaceOutcome::Placed { number, .. }) = send(&app, &form).await else {
            panic!("{cut:?}: sending again places or returns the order");
        };
        let Ok(PlaceOutcome::Placed { number: again, .. }) = send(&app, &form).await else {
            panic!("{cut:?}: a third send returns the order too");
        };
        assert_eq!(again, number, "{cut:?}");
        stored += 1;
        assert_eq!(orders_with_key(&pool, &key).await, 1, "{cut:?}");
        assert_nothing_half_stored(&pool, backlog, stored).await;

        // Without JavaScript: 503 and the checkout page again with the
        // same key and a "send again" message.
        let key = format!("0d0e0000-0000-4000-8000-00000000001{i}");
        let form = app.confirmed(checkout("ring", SILVER_RING, &key)).await;
        proxy.arm(cut, &key);
        let (status, page) = post_form(&app, &form).await;
        assert_eq!(proxy.cuts(), 2 * i + 2, "{cut:?}: the proxy cut at COMMIT");
        assert_eq!(status, 503, "{cut:?}");
        assert!(
            page.contains("Bitte versuchen Sie es noch einmal; doppelt bestellt wird nichts."),
            "{cut:?}: the page asks to send again"
        );
        assert!(page.contains(&key), "{cut:?}: the page keeps the key");
        let (status, _) = post_form(&app, &form).await;
        assert_eq!(status, 303, "{cut:?}: sent again, the order's page");
        stored += 1;
        assert_eq!(orders_with_key(&pool, &key).await, 1, "{cut:?}");
        assert_nothing_half_stored(&pool, backlog, stored).await;
    }
}

#[tokio::test]
async fn the_server_recovers_from_a_database_restart_by_itself() {
    let Some((app, proxy, pool)) = start().await else {
        return;
    };
    let backlog = backlog(&pool).await;
    let first = app
        .confirmed(checkout(
            "ring",
            SILVER_RING,
            "0d0e0000-0000-4000-8000-000000000100",
        ))
        .await;
    assert!(matches!(
        send(&app, &first).await,
        Ok(PlaceOutcome::Placed { .. })
    ));
    let mut during = app
        .confirmed(checkout(
            "ring",
            SILVER_RING,
            "0d0e0000-0000-4000-8000-000000000101",
        ))
        .await;

    // While the database is away, orders are answered with "send again"
    // (after the pool's wait for a connection).
    proxy.go_down();
    let failed = send(&app, &during).await;
    assert!(matches!(failed, Err(500..=599)), "{failed:?}");
    // Without JavaScript the checkout page cannot be shown either: the
    // answer is the message and the same form, every field kept.
    let (status, page) = post_form(&app, &during).await;
    assert_eq!(status, 503);
    assert!(page.contains("doppelt bestellt wird nichts"), "{page}");
    assert!(page.contains("Noch einmal senden"), "{page}");
    assert!(page.contains(&during.key) && page.contains("Erika Mustermann"));

    // Back again: the same form places the order without a server restart.
    proxy.come_back();
    let mut placed = None;
    for _ in 0..20 {
        match send(&app, &during).await {
            Ok(PlaceOutcome::Placed { number, .. }) => {
                placed = Some(number);
                break;
            }
            Ok(PlaceOutcome::Changed(changed)) => during = with_figures(during, &changed),
            Ok(other) => panic!("refused after the restart: {other:?}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(250)).await,
        }
    }
    assert!(
        placed.is_some(),
        "orders are placed again once the database is back"
    );
    let after = app
        .confirmed(checkout(
            "ring",
            SILVER_RING,
            "0d0e0000-0000-4000-8000-000000000102",
        ))
        .await;
    assert!(matches!(
        send(&app, &after).await,
        Ok(PlaceOutcome::Placed { .. })
    ));
    assert_nothing_half_stored(&pool, backlog, 3).await;
}
