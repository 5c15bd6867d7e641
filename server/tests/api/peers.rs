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

/// The SMTP receiver (`tests/peers/smtp_receiver.py`, on `aiosmtpd`): every
/// message it accepts is kept as a file in its folder, also across a
/// restart on the same port.
pub struct SmtpReceiver {
    pub port: u16,
    folder: PathBuf,
    child: Option<Child>,
}

/// A message the SMTP receiver accepted, parsed.
pub struct ReceivedMail {
    pub rcpt_tos: Vec<String>,
    pub subject: String,
    pub text: String,
    pub html: String,
}

impl SmtpReceiver {
    /// A receiver for `port` that is not yet listening: mail sent to it is
    /// refused until [`SmtpReceiver::up`].
    pub fn stopped(port: u16) -> Self {
        let folder = std::env::temp_dir()
            .join("atelier-tests")
            .join(format!("smtp-{port}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        SmtpReceiver {
            port,
            folder,
            child: None,
        }
    }

    /// The `ATELIER_SMTP_URL` of a receiver on `port` (plain SMTP).
    pub fn url(port: u16) -> String {
        format!("smtp://127.0.0.1:{port}")
    }

    /// Starts listening.
    pub fn up(&mut self) {
        let mut child = Command::new(python())
            .arg(script("smtp_receiver.py"))
            .arg(self.port.to_string())
            .arg(&self.folder)
            .stdout(Stdio::piped())
            .spawn()
            .expect("the SMTP receiver starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the SMTP receiver says it listens");
        assert!(line.starts_with("listening"), "SMTP receiver said {line:?}");
        self.child = Some(child);
    }

    /// Every message accepted so far, oldest first.
    pub fn received(&self) -> Vec<ReceivedMail> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(&self.folder)
            .map(|dir| dir.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        names.retain(|p| p.extension().is_some_and(|e| e == "json"));
        names.sort();
        names.iter().map(|path| parse_mail(path)).collect()
    }

    /// Waits up to `limit` until `done` holds for what it received.
    pub async fn wait_for(
        &self,
        limit: Duration,
        done: impl Fn(&[ReceivedMail]) -> bool,
    ) -> Vec<ReceivedMail> {
        let start = std::time::Instant::now();
        loop {
            let received = self.received();
            if done(&received) || start.elapsed() > limit {
                return received;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

fn parse_mail(path: &std::path::Path) -> ReceivedMail {
    use base64::Engine;
    let record: Value =
        serde_json::from_slice(&std::fs::read(path).expect("a mail record")).expect("JSON");
    let raw = base64::engine::general_purpose::STANDARD
        .decode(record["data_base64"].as_str().expect("data"))
        .expect("base64");
    let message = mail_parser::MessageParser::default()
        .parse(&raw)
        .expect("a mail message");
    ReceivedMail {
        rcpt_tos: record["rcpt_tos"]
            .as_array()
            .expect("recipients")
            .iter()
            .map(|r| r.as_str().unwrap_or_default().to_owned())
            .collect(),
        subject: message.subject().unwrap_or_default().to_owned(),
        text: message.body_text(0).unwrap_or_default().into_owned(),
        html: message.body_html(0).unwrap_or_default().into_owned(),
    }
}

impl Drop for SmtpReceiver {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
