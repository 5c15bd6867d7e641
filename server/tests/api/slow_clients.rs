//! Slow and idle clients cannot wear the server down: thousands of
//! connections trickling a request's head byte by byte are closed after the
//! header-read timeout while `/healthz` keeps answering, and connections
//! above the cap wait for a slot instead of failing the server.

use crate::helpers::{spawn_with_pool, Db};
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
