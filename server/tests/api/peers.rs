//! Independent peers the tests talk to, run as their own processes: the
//! webhook receiver (`tests/peers/webhook_receiver.py`, verifying with the
//! `standardwebhooks` package) in the Python environment that
//! `scripts/lib.sh` installs into `target/peers`.

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The Python of the peers' environment (`ATELIER_TEST_PYTHON` overrides).
fn python() -> PathBuf {
    if let Ok(python) = std::env::var("ATELIER_TEST_PYTHON") {
        return python.into();
    }
    let python = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/peers/bin/python");
    assert!(
        python.exists(),
        "{} is missing: run `source scripts/lib.sh && ensure_test_tools` (it installs the \
         test peers from tests/peers/requirements.txt)",
        python.display()
    );
    python
}

fn script(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/peers")
        .join(name)
}

/// A free local port.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// The webhook receiver, listening on its port until dropped.
pub struct Receiver {
    pub port: u16,
    secrets: Vec<String>,
    child: Option<Child>,
}

impl Receiver {
    /// Starts a receiver on `port` that verifies with each of `secrets`.
    pub fn start(port: u16, secrets: &[&str]) -> Self {
        let mut receiver = Receiver {
            port,
            secrets: secrets.iter().map(|s| s.to_string()).collect(),
            child: None,
        };
        receiver.up();
        receiver
    }

    /// The address of a receiver on `port`, for an endpoint.
    pub fn url(port: u16) -> String {
        format!("http://127.0.0.1:{port}/hook")
    }

    /// Starts it again on its port (after [`Receiver::down`]); what it
    /// recorded before is gone.
    pub fn up(&mut self) {
        let mut child = Command::new(python())
            .arg(script("webhook_receiver.py"))
            .arg(self.port.to_string())
            .args(&self.secrets)
            .stdout(Stdio::piped())
            .spawn()
            .expect("the webhook receiver starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the receiver says it listens");
        assert!(line.starts_with("listening"), "receiver said {line:?}");
        self.child = Some(child);
    }

    /// Stops it: requests are refused until [`Receiver::up`].
    pub fn down(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// What it received so far.
    pub async fn received(&self) -> Vec<Value> {
        self.state().await["received"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Event ids that arrived while the same id was still in flight.
    pub async fn overlaps(&self) -> Vec<Value> {
        self.state().await["overlaps"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    async fn state(&self) -> Value {
        reqwest::get(format!("http://127.0.0.1:{}/received", self.port))
            .await
            .expect("the receiver answers")
            .json()
            .await
            .expect("JSON")
    }

    /// Makes later requests wait `delay` and answer `status`.
    pub async fn answer(&self, status: u16, delay: Duration) {
        reqwest::Client::new()
            .post(format!(
                "http://127.0.0.1:{}/answer?status={status}&delay={}",
                self.port,
                delay.as_secs_f64()
            ))
            .send()
            .await
            .expect("the receiver answers");
    }

    /// Waits up to `limit` until `done` holds for what it received.
    pub async fn wait_for(&self, limit: Duration, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let start = std::time::Instant::now();
        loop {
            let received = self.received().await;
            if done(&received) || start.elapsed() > limit {
                return received;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.down();
    }
}

/// The ids of received events of `kind` that verified, once each.
pub fn verified_ids(received: &[Value], kind: &str) -> std::collections::BTreeSet<String> {
    received
        .iter()
        .filter(|r| {
            r["type"] == kind && !r["verified_with"].as_array().is_none_or(|v| v.is_empty())
        })
        .filter_map(|r| r["id"].as_str().map(str::to_owned))
        .collect()
}
