//! The real binary stops cleanly on SIGTERM: new connections are refused,
//! a request in flight gets its whole answer, then the process exits 0.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
async fn sigterm_stops_the_server_gracefully() {
    let dir = std::env::temp_dir().join("atelier-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let db = format!(
        "sqlite://{}/shutdown-{}.db?mode=rwc",
        dir.display(),
        std::process::id()
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_atelier-server"))
        .env("ATELIER_ADDR", format!("127.0.0.1:{port}"))
        .env("DATABASE_URL", &db)
        .env("ATELIER_LOG_FORMAT", "json")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("server starts");
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(res) = client
            .get(format!("http://127.0.0.1:{port}/readyz"))
            .send()
            .await
        {
            if res.status() == 200 {
                break;
            }
        }
        assert!(Instant::now() < deadline, "server did not become ready");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // A request in flight: its head and half its body are sent.
    let body = br#"{"form":{"product":"ring","lang":"en"}}"#;
    let mut in_flight = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("connect");
    let head = format!(
        "POST /api/place_order HTTP/1.1\r\nHost: shop\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    in_flight.write_all(head.as_bytes()).await.unwrap();
    in_flight.write_all(&body[..10]).await.unwrap();
    let status = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(status.success());
    // Shutdown has begun once new connections are refused...
    let deadline = Instant::now() + Duration::from_secs(30);
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_ok()
    {
        assert!(Instant::now() < deadline, "still accepting after SIGTERM");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // ...and the request in flight still gets its whole answer.
    in_flight.write_all(&body[10..]).await.unwrap();
    let mut answer = String::new();
    in_flight.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains(r#""Invalid""#), "a whole answer: {answer}");
    let deadline = Instant::now() + Duration::from_secs(30);
    let exit = loop {
        if let Some(exit) = child.try_wait().unwrap() {
            break exit;
        }
        assert!(
            Instant::now() < deadline,
            "server did not stop after SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(exit.success(), "exit status {exit:?}");
    let mut logs = String::new();
    std::io::Read::read_to_string(&mut child.stdout.take().unwrap(), &mut logs).unwrap();
    assert!(logs.contains("shutdown signal received"), "{logs}");
    assert!(
        logs.contains(r#""request_id""#),
        "JSON logs carry the request id: {logs}"
    );
    assert!(logs.contains("latency"), "{logs}");
}
