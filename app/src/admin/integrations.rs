//! Webhook endpoints as the back office manages them (owners only): what
//! an endpoint is sent, how its deliveries went, and the form that adds or
//! changes one, checked here before anything is stored.

#[cfg(feature = "ssr")]
use engine::Text;
use jiff::civil::DateTime;
use serde::{Deserialize, Serialize};

/// The event types an endpoint can choose, with what they mean.
pub const EVENT_TYPES: [(&str, &str, &str); 8] = [
    ("order.placed", "Bestellung eingegangen", "Order placed"),
    ("order.accepted", "Bestellung angenommen", "Order accepted"),
    ("order.rejected", "Bestellung abgelehnt", "Order rejected"),
    (
        "order.released",
        "An die Fertigung übergeben",
        "Released to production",
    ),
    ("order.cancelled", "Bestellung storniert", "Order cancelled"),
    (
        "order.status_changed",
        "Anderer Statuswechsel (Fertigung, Versand, Zustellung)",
        "Other status change (production, shipping, delivery)",
    ),
    (
        "catalog.published",
        "Katalog veröffentlicht",
        "Catalog published",
    ),
    (
        "catalog.schedule_failed",
        "Geplante Katalog-Veröffentlichung abgelehnt",
        "Scheduled catalog publication refused",
    ),
];

/// The event type of an order's step to `status` (placing is `order.placed`).
// Server-only, like the form checks below: compiled into the wasm, they
// moved 3.8 KB from the lazy checkout chunk into the configurator's module.
#[cfg(feature = "ssr")]
pub fn topic_of(status: crate::orders::Status) -> &'static str {
    use crate::orders::Status;
    match status {
        Status::Received => "order.placed",
        Status::Accepted => "order.accepted",
        Status::Rejected => "order.rejected",
        Status::Released => "order.released",
        Status::Cancelled => "order.cancelled",
        _ => "order.status_changed",
    }
}

/// Event type `topic` in words (the type itself when it has none).
pub fn event_label(topic: &str, lang: engine::Lang) -> &str {
    EVENT_TYPES
        .iter()
        .find(|(id, ..)| *id == topic)
        .map_or(topic, |(_, de, en)| match lang {
            engine::Lang::De => de,
            engine::Lang::En => en,
        })
}

/// Longest endpoint address and description.
pub const MAX_URL: usize = 2000;
pub const MAX_DESCRIPTION: usize = 200;

/// What the form posts for an endpoint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndpointForm {
    pub url: String,
    pub description: String,
    /// Chosen types, in [`EVENT_TYPES`] order; empty: every type.
    pub event_types: Vec<String>,
}

#[cfg(feature = "ssr")]
impl EndpointForm {
    /// The form's fields checked: an `http` or `https` address with a host
    /// and no password in it, known event types.
    pub fn from_form(pairs: &[(String, String)]) -> Result<Self, Text> {
        let get = |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map_or("", |(_, v)| v.trim())
        };
        let url = get("url");
        check_url(url)?;
        let description = get("description");
        if description.chars().count() > MAX_DESCRIPTION {
            return Err(Text {
                de: format!("Die Beschreibung ist zu lang (höchstens {MAX_DESCRIPTION} Zeichen)."),
                en: format!("The description is too long (at most {MAX_DESCRIPTION} characters)."),
            });
        }
        let chosen: Vec<&str> = pairs
            .iter()
            .filter(|(k, _)| k == "event_type")
            .map(|(_, v)| v.as_str())
            .collect();
        if let Some(unknown) = chosen
            .iter()
            .find(|t| !EVENT_TYPES.iter().any(|(id, ..)| id == *t))
        {
            return Err(Text {
                de: format!("Einen Ereignistyp {unknown:?} gibt es nicht."),
                en: format!("There is no event type {unknown:?}."),
            });
        }
        Ok(EndpointForm {
            url: url.to_owned(),
            description: description.to_owned(),
            event_types: EVENT_TYPES
                .iter()
                .map(|(id, ..)| *id)
                .filter(|id| chosen.contains(id))
                .map(str::to_owned)
                .collect(),
        })
    }
}

/// Whether `url` can be an endpoint's address.
#[cfg(feature = "ssr")]
pub fn check_url(url: &str) -> Result<(), Text> {
    let refuse = |de: &str, en: &str| {
        Err(Text {
            de: format!("{de} (zum Beispiel https://werkstatt.example/hooks/atelier)."),
            en: format!("{en} (for example https://workshop.example/hooks/atelier)."),
        })
    };
    if url.is_empty() {
        return refuse(
            "Bitte die Adresse des Empfängers angeben",
            "Please give the receiver's address",
        );
    }
    if url.len() > MAX_URL || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return refuse(
            "Diese Adresse ist zu lang oder enthält Leerzeichen",
            "This address is too long or contains spaces",
        );
    }
    let Some((scheme, rest)) = url.split_once("://") else {
        return refuse(
            "Die Adresse muss mit https:// oder http:// beginnen",
            "The address must start with https:// or http://",
        );
    };
    if !matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https") {
        return refuse(
            "Die Adresse muss mit https:// oder http:// beginnen",
            "The address must start with https:// or http://",
        );
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return refuse(
            "Die Adresse darf kein Passwort enthalten; der Empfänger prüft die Signatur",
            "The address must not contain a password; the receiver checks the signature",
        );
    }
    // `[::1]:8080`, `host:8080` or `host`.
    let (host, port) = match authority.strip_prefix('[').and_then(|r| r.split_once(']')) {
        Some((host, rest)) => (host, rest.strip_prefix(':')),
        None => match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        },
    };
    if port.is_some_and(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit())) {
        return refuse(
            "Der Port der Adresse ist keine Zahl",
            "The address's port is not a number",
        );
    }
    if host.is_empty() {
        return refuse(
            "Der Adresse fehlt der Rechnername",
            "The address has no host name",
        );
    }
    Ok(())
}

/// How an endpoint's deliveries go.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// Deliveries that succeeded in the last 24 hours.
    pub delivered_today: i64,
    /// Tries that failed in the last 24 hours.
    pub failed_tries_today: i64,
    /// Deliveries still to be made.
    pub pending: i64,
    /// Deliveries given up on.
    pub failed: i64,
    /// The last successful delivery (shop time).
    pub last_success: Option<DateTime>,
    /// The last try's error, if it failed.
    pub last_error: Option<String>,
}

/// An endpoint in the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndpointSummary {
    pub id: String,
    pub url: String,
    pub description: String,
    /// Empty: every type.
    pub event_types: Vec<String>,
    pub enabled: bool,
    pub disabled_reason: Option<String>,
    pub health: Health,
}

/// One try of a delivery.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TryRow {
    pub attempt: i64,
    /// Shop time.
    pub at: DateTime,
    pub status_code: Option<i64>,
    pub latency_ms: i64,
    pub error: Option<String>,
}

/// One event's delivery to an endpoint, with its tries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryRow {
    pub id: String,
    pub event_id: String,
    pub event_type: String,
    /// The order the event is about, if any.
    pub order: Option<String>,
    /// `pending`, `delivered` or `failed`.
    pub state: String,
    /// Shop time of the event.
    pub created_at: DateTime,
    /// Shop time of the next try, while pending.
    pub next_try: Option<DateTime>,
    pub tries: Vec<TryRow>,
}

/// An endpoint's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndpointFile {
    pub summary: EndpointSummary,
    /// The signing secret (`whsec_…`).
    pub secret: String,
    /// Until when the previous secret still signs too (shop time).
    pub previous_until: Option<DateTime>,
    /// The newest deliveries first.
    pub deliveries: Vec<DeliveryRow>,
}

/// A mail to a customer, as the back office lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailRow {
    pub event_id: String,
    pub event_type: String,
    pub order: Option<String>,
    pub state: String,
    /// Shop time of the event.
    pub created_at: DateTime,
    pub last_error: Option<String>,
    /// Whether the mail was written as a file the back office can show.
    pub has_file: bool,
}

/// An API token of a production system, as the back office lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenSummary {
    pub id: String,
    pub name: String,
    /// The token's last four characters.
    pub hint: String,
    /// Shop time it was made, and by whom.
    pub created_at: DateTime,
    pub created_by: String,
    pub last_used_at: Option<DateTime>,
    pub revoked_at: Option<DateTime>,
}

/// The integrations page: endpoints, API tokens, and the mail sent to
/// customers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Integrations {
    pub endpoints: Vec<EndpointSummary>,
    pub tokens: Vec<TokenSummary>,
    /// A fresh key for the form that makes a token (one form, one token).
    pub token_form_key: String,
    pub mail: Vec<MailRow>,
    /// The folder mail is written to; none: it goes out by SMTP.
    pub mail_folder: Option<String>,
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn takes_an_address_and_known_types() {
        let ok = EndpointForm::from_form(&form(&[
            ("url", " https://workshop.example:8443/hooks "),
            ("event_type", "order.released"),
            ("event_type", "order.placed"),
        ]))
        .unwrap();
        assert_eq!(ok.url, "https://workshop.example:8443/hooks");
        assert_eq!(ok.event_types, ["order.placed", "order.released"]);
    }

    #[test]
    fn refuses_what_cannot_be_an_endpoint() {
        for url in [
            "",
            "workshop.example",
            "ftp://x.example",
            "https://user:pw@x.example/",
            "https:///path",
            "https://x.example/a b",
        ] {
            let pairs = form(&[("url", url)]);
            assert!(EndpointForm::from_form(&pairs).is_err(), "{url:?}");
        }
        let unknown = EndpointForm::from_form(&form(&[
            ("url", "https://x.example"),
            ("event_type", "order.eaten"),
        ]));
        assert!(unknown.unwrap_err().en.contains("order.eaten"));
    }
}
