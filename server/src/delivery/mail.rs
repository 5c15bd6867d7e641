//! Customers' mail, sent by the delivery worker (never inside a request, so
//! a mail server that is down delays mail and loses none). With
//! `ATELIER_SMTP_URL` set it goes out by SMTP; without, each mail is written
//! as `{event id}.eml` under the mail folder (`./data/mail/`), where the
//! back office lists it. A retry writes the same file or sends the same
//! `Message-ID`, so a receiver can tell a repeat.

pub mod letter;

use super::{Answer, Event};
use crate::db::rows::placeholders;
use crate::db::Pool;
use anyhow::Context;
use app::orders::{OrderSnapshot, Status};
use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Where mail goes and what it says about the shop.
#[derive(Clone, Debug)]
pub struct Settings {
    /// `ATELIER_SMTP_URL` (`smtp://user:password@host:587?tls=required`,
    /// `smtps://…`); none: files under `folder`.
    pub smtp_url: Option<String>,
    /// `ATELIER_MAIL_DIR` (default `./data/mail`).
    pub folder: PathBuf,
    /// `ATELIER_MAIL_FROM` (default `Atelier <shop@localhost>`).
    pub from: String,
    /// `ATELIER_PUBLIC_URL`: the shop's address in links (default
    /// `http://` and the address the server listens on).
    pub public_url: Option<String>,
    /// The key of the orders' status links (set at start, from the
    /// database or `ATELIER_SECRET`).
    pub token_key: Option<crate::orders::token::TokenKey>,
}

/// The mail customers get of an order event (by the status it moved the
/// order to), if any.
pub fn kind_of(payload: &serde_json::Value) -> Option<letter::Kind> {
    payload["status"]
        .as_str()
        .and_then(Status::parse)
        .and_then(letter::Kind::of)
}

impl Settings {
    /// The folder mail is written to, when no SMTP server is configured.
    pub fn folder_in_use(&self) -> Option<&Path> {
        self.smtp_url.is_none().then_some(self.folder.as_path())
    }

    /// Where mail goes, in words (without a password).
    pub fn describe(&self) -> String {
        match &self.smtp_url {
            Some(_) => "SMTP".to_owned(),
            None => format!("files in {}", self.folder.display()),
        }
    }
}

/// Where the mail of event `event` is written in `folder`.
pub fn file_path(folder: &Path, event: &str) -> PathBuf {
    folder.join(format!("{event}.eml"))
}

/// Deletes the mail of `events` from `folder` (an erasure's part); a file
/// that cannot be deleted is logged with its path, for a person to remove.
pub fn forget(folder: &Path, events: &[String]) {
    for event in events {
        let path = file_path(folder, event);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                tracing::error!(path = %path.display(), error = %e, "an erased order's mail could not be deleted")
            }
        }
    }
}

/// The mail of event `event` in `folder`, if it was written there: its
/// From, To, Subject and Date and its plain text, for reading.
pub fn readable_file(folder: &Path, event: &str) -> Option<String> {
    let safe = event
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !safe {
        return None;
    }
    let eml = std::fs::read(file_path(folder, event)).ok()?;
    let message = mail_parser::MessageParser::default().parse(&eml)?;
    let mailbox = |address: Option<&mail_parser::Address>| {
        address
            .and_then(|a| a.first())
            .map(|a| match (a.name(), a.address()) {
                (Some(name), Some(address)) => format!("{name} <{address}>"),
                (_, address) => address.unwrap_or_default().to_owned(),
            })
            .unwrap_or_default()
    };
    Some(format!(
        "From: {}\nTo: {}\nSubject: {}\nDate: {}\n\n{}",
        mailbox(message.from()),
        mailbox(message.to()),
        message.subject().unwrap_or_default(),
        message.date().map(|d| d.to_rfc3339()).unwrap_or_default(),
        message.body_text(0).unwrap_or_default().trim_end()
    ))
}

/// The parts of an order event's payload a mail is made of.
#[derive(serde::Deserialize)]
struct OrderEvent {
    order: String,
    status: String,
    /// What the step told the customer (a reason, a tracking number).
    #[serde(default)]
    detail: Option<String>,
    snapshot: OrderSnapshot,
}

/// Sends mail one way or the other.
pub struct Mailer {
    transport: Transport,
    from: Mailbox,
    public_url: String,
    token_key: crate::orders::token::TokenKey,
}

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(PathBuf),
}

impl Mailer {
    /// The mailer of `settings` (an unusable address or URL is an error);
    /// an SMTP server gets `timeout` to answer each step, so that a try
    /// ends within the worker's claim.
    pub fn new(settings: &Settings, timeout: Duration) -> anyhow::Result<Self> {
        let transport = match &settings.smtp_url {
            Some(url) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .context("ATELIER_SMTP_URL is not a usable SMTP address")?
                    .timeout(Some(timeout))
                    .build(),
            ),
            None => Transport::Files(settings.folder.clone()),
        };
        Ok(Mailer {
            transport,
            from: settings.from.parse().with_context(|| {
                format!(
                    "ATELIER_MAIL_FROM {:?} is not a mail address",
                    settings.from
                )
            })?,
            public_url: settings
                .public_url
                .as_deref()
                .unwrap_or("http://127.0.0.1:3000")
                .trim_end_matches('/')
                .to_owned(),
            token_key: settings
                .token_key
                .clone()
                .context("no key for the orders' status links")?,
        })
    }

    /// Sends the mail of outbox event `event` once.
    pub async fn send(&self, event: &Event) -> anyhow::Result<Answer> {
        let started = Instant::now();
        let Some(message) = self.message(event)? else {
            return Ok(Answer::done(started.elapsed()));
        };
        let sent = match &self.transport {
            Transport::Smtp(smtp) => match smtp.send(message).await {
                Ok(_) => Ok(()),
                // 5xx: the server will never take it (an unknown address).
                Err(e) if e.is_permanent() => {
                    let mut answer = Answer::failed(
                        started.elapsed(),
                        format!("the mail server refused it for good: {e}"),
                    );
                    answer.permanent = true;
                    return Ok(answer);
                }
                Err(e) => Err(anyhow::anyhow!("the mail server did not take it: {e}")),
            },
            // Checked for an erasure that came meanwhile by the worker,
            // for the batch ([`Mailer::forget_erased`]).
            Transport::Files(folder) => {
                write_file(folder, &event.stored.id, &message.formatted()).await
            }
        };
        Ok(match sent {
            Ok(()) => Answer::done(started.elapsed()),
            Err(e) => Answer::failed(started.elapsed(), format!("{e:#}")),
        })
    }

    /// Removes the files of `mailed` (event and order) whose order was
    /// erased: an erasure that came while they were written removes them
    /// after its commit; one that came before is seen here.
    pub async fn forget_erased(&self, pool: &Pool, mailed: &[(&str, &str)]) -> anyhow::Result<()> {
        let Transport::Files(folder) = &self.transport else {
            return Ok(());
        };
        if mailed.is_empty() {
            return Ok(());
        }
        let sql = format!(
            "SELECT id FROM orders WHERE erased_at IS NOT NULL AND id IN ({})",
            placeholders(1..mailed.len() + 1)
        );
        let mut query = sqlx::query_as::<_, (String,)>(sqlx::AssertSqlSafe(sql));
        for (_, order) in mailed {
            query = query.bind(*order);
        }
        let erased = query.fetch_all(pool).await?;
        let events: Vec<String> = mailed
            .iter()
            .filter(|(_, order)| erased.iter().any(|(id,)| id == order))
            .map(|(event, _)| (*event).to_owned())
            .collect();
        forget(folder, &events);
        Ok(())
    }

    /// The message of `event`, or none when there is no one to tell
    /// (the order's personal data was erased).
    fn message(&self, event: &Event) -> anyhow::Result<Option<Message>> {
        let topic = &event.stored.topic;
        // Read straight into what the mail needs (no JSON tree between).
        let payload: OrderEvent = serde_json::from_str(&event.stored.payload)
            .context("the event's order is unreadable")?;
        let kind = Status::parse(&payload.status)
            .and_then(letter::Kind::of)
            .with_context(|| format!("customers are not mailed of {topic}"))?;
        let (number, snapshot) = (payload.order.as_str(), payload.snapshot);
        let stored = event
            .token
            .as_deref()
            .filter(|_| event.order.as_deref() == Some(number))
            .with_context(|| format!("the event's order {number} is not stored"))?;
        let token = self.token_key.token_of(number, stored);
        if snapshot.customer.email.trim().is_empty() {
            return Ok(None);
        }
        let link = format!("{}/orders/{token}", self.public_url);
        let letter = letter::compose(kind, number, &snapshot, payload.detail.as_deref(), &link);
        let to = Mailbox::new(
            Some(snapshot.customer.name.clone()).filter(|n| !n.trim().is_empty()),
            snapshot
                .customer
                .email
                .parse()
                .context("the customer's address")?,
        );
        let domain = self.from.email.domain().to_owned();
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(letter.subject)
            .message_id(Some(format!("<{}@{domain}>", event.stored.id)))
            .multipart(
                MultiPart::alternative()
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_PLAIN)
                            .body(letter.text),
                    )
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_HTML)
                            .body(letter.html),
                    ),
            )?;
        Ok(Some(message))
    }
}

/// Writes `{folder}/{event}.eml` whole or not at all.
async fn write_file(folder: &std::path::Path, event: &str, bytes: &[u8]) -> anyhow::Result<()> {
    tokio::fs::create_dir_all(folder)
        .await
        .with_context(|| format!("cannot create {}", folder.display()))?;
    let path = file_path(folder, event);
    let partial = folder.join(format!(".{event}.eml.partial"));
    tokio::fs::write(&partial, bytes)
        .await
        .with_context(|| format!("cannot write {}", partial.display()))?;
    tokio::fs::rename(&partial, &path)
        .await
        .with_context(|| format!("cannot write {}", path.display()))
}
