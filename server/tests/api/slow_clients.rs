//! Slow and idle clients cannot wear the server down: thousands of
//! connections trickling a request's head byte by byte are closed after the
//! header-read timeout while `/healthz` keeps answering, connections
//! above the cap wait for a slot instead of failing the server, and a
//! customer who goes away mid-order does not cancel it halfway.

use crate::helpers::{spawn_with_pool, Db};
use crate::on_both_databases;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// How many connections the test can hold, with the server in the same
/// process needing one descriptor per connection as well.
fn connections_to_hold() -> usize {
    let limit = rlimit::increase_nofile_limit(u64::MAX).unwrap_or(1024);
    usize::try_from(limit / 3).unwrap_or(2_000).min(2_000)
}

/// Opens a connection and starts a request whose head never ends.
async fn trickle_start(address: &str) -> TcpStream {
    let mut stream = TcpStream::connect(address).await.expect("connect");
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: shop\r\nX-Slow: ")
        .await
        .expect("write");
    stream
}

/// Whether the server closed `stream`: a read ends (EOF, a reset, or the
/// 408 hyper may send first) instead of waiting.
async fn closed_by_server(stream: &mut TcpStream, within: Duration) -> bool {
    let mut buffer = [0u8; 512];
    let deadline = Instant::now() + within;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, stream.read(&mut buffer)).await {
            Err(_) => return false,
            Ok(Ok(0) | Err(_)) => return true,
            Ok(Ok(_)) => continue,
        }
    }
}

#[tokio::test]
async fn trickling_connections_are_closed_and_health_keeps_answering() {
    let Some((app, _pool)) =
        spawn_with_pool(Db::Sqlite, &[("ATELIER_HEADER_READ_TIMEOUT_SECS", "3")]).await
    else {
        return;
    };
    let address = app.address.trim_start_matches("http://").to_owned();
    let count = connections_to_hold();
    assert!(count >= 300, "too few file descriptors to test: {count}");
    let mut slow = Vec::with_capacity(count);
    for _ in 0..count {
        slow.push(trickle_start(&address).await);
    }
    // While they trickle (a byte each, again and again), the server answers.
    for round in 0..5 {
        for stream in &mut slow {
            let _ = stream.write_all(b"x").await;
        }
        let res = app.get("/healthz").await;
        assert_eq!(res.status(), 200, "round {round}");
        assert_eq!(res.text().await.unwrap(), "ok");
    }
    // Their heads never end: the server closes every one of them.
    for (i, stream) in slow.iter_mut().enumerate() {
        assert!(
            closed_by_server(stream, Duration::from_secs(60)).await,
            "trickling connection {i} still open"
        );
    }
    assert_eq!(app.get("/healthz").await.status(), 200);
}

#[tokio::test]
async fn connections_above_the_cap_wait_for_a_slot() {
    let Some((app, _pool)) = spawn_with_pool(
        Db::Sqlite,
        &[
            ("ATELIER_MAX_CONNECTIONS", "20"),
            ("ATELIER_HEADER_READ_TIMEOUT_SECS", "2"),
        ],
    )
    .await
    else {
        return;
    };
    let address = app.address.trim_start_matches("http://").to_owned();
    // Twenty idle connections take every slot...
    let mut idle = Vec::new();
    for _ in 0..20 {
        idle.push(TcpStream::connect(&address).await.expect("connect"));
    }
    // ...the next request waits in the backlog until the header-read
    // timeout frees them, then it is answered.
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), 200);
    for (i, stream) in idle.iter_mut().enumerate() {
        assert!(
            closed_by_server(stream, Duration::from_secs(60)).await,
            "idle connection {i} still open"
        );
    }
}

on_both_databases!(
    an_order_whose_customer_goes_away_is_stored_whole,
    |db: Db| async move {
        let Some((app, pool)) = crate::orders::start(db).await else {
            return;
        };
        let backlog = crate::orders::count(
            &pool,
            "SELECT CAST(COALESCE(SUM(units), 0) AS BIGINT) FROM line_bookings",
        )
        .await;
        let key = "90ae0000-0000-4000-8000-000000000001";
        let form = app
            .confirmed(crate::orders::checkout(
                "ring",
                crate::orders::RUBY_RING,
                key,
            ))
            .await;
        // Another writer holds the production line, so the order waits.
        let mut holder = pool.begin().await.unwrap();
        sqlx::query("UPDATE production_lines SET daily_capacity = daily_capacity")
            .execute(&mut *holder)
            .await
            .unwrap();
        // The customer sends the order and goes away before the answer.
        let body = serde_json::json!({ "form": form }).to_string();
        let host = app.address.trim_start_matches("http://");
        let mut stream = TcpStream::connect(host).await.unwrap();
        let head = format!(
            "POST /api/place_order HTTP/1.1\r\nHost: shop\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        stream.write_all(body.as_bytes()).await.unwrap();
        tokio::time::sleep(Duration::from_millis(500)).await;
        drop(stream);
        tokio::time::sleep(Duration::from_millis(500)).await;
        holder.commit().await.unwrap();
        // The order is stored all the same, once, and a resend returns it.
        let stored = || async {
            let (n,): (i64,) =
                sqlx::query_as("SELECT COUNT(*) FROM orders WHERE idempotency_key = $1")
                    .bind(key)
                    .fetch_one(&pool)
                    .await
                    .unwrap();
            n
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while stored().await == 0 {
            assert!(
                Instant::now() < deadline,
                "the order of a customer who went away was dropped"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let app::orders::PlaceOutcome::Placed { .. } = app.place(&form).await else {
            panic!("a resend returns the order");
        };
        assert_eq!(stored().await, 1);
        crate::cart::assert_bookings_add_up(&pool, backlog).await;
    }
);
