//! An order's life as one pure state machine, shared by the back office and
//! the production API: which status an order is in, what can be done to it
//! there, and what it then is. The server records each transition (who,
//! when, the outbox event) and does what a status means for production
//! (a cancellation frees capacity and components); the rules are here.

use engine::{Lang, Text};
use serde::{Deserialize, Serialize};

/// Where an order is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Placed by the customer; the shop has not looked at it yet.
    Received,
    Accepted,
    /// Refused by the shop, with a reason the customer sees.
    Rejected,
    /// Handed to production.
    Released,
    InProduction,
    /// Made; waiting to be shipped.
    Completed,
    Shipped,
    Delivered,
    /// Called off before it was shipped.
    Cancelled,
}

/// Something done to an order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    Accept,
    Reject { reason: String },
    Release,
    StartProduction,
    Complete,
    Ship { carrier: String, tracking: String },
    Deliver,
    Cancel { reason: String },
}

/// An [`Action`] without its data, for the transition table and buttons.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    Accept,
    Reject,
    Release,
    StartProduction,
    Complete,
    Ship,
    Deliver,
    Cancel,
}

/// Every status an order can be cancelled from: any before it is shipped
/// (or decided against).
const CANCELLABLE: &[Status] = &[
    Status::Received,
    Status::Accepted,
    Status::Released,
    Status::InProduction,
    Status::Completed,
];

/// The transition table: an action, the statuses it can be taken from, and
/// the status it leads to. Nothing else is possible.
pub const TRANSITIONS: [(ActionKind, &[Status], Status); 8] = [
    (ActionKind::Accept, &[Status::Received], Status::Accepted),
    (ActionKind::Reject, &[Status::Received], Status::Rejected),
    (ActionKind::Release, &[Status::Accepted], Status::Released),
    (
        ActionKind::StartProduction,
        &[Status::Released],
        Status::InProduction,
    ),
    (
        ActionKind::Complete,
        &[Status::InProduction],
        Status::Completed,
    ),
    (ActionKind::Ship, &[Status::Completed], Status::Shipped),
    (ActionKind::Deliver, &[Status::Shipped], Status::Delivered),
    (ActionKind::Cancel, CANCELLABLE, Status::Cancelled),
];

/// Longest reason or shipping reference accepted, in characters.
pub const MAX_NOTE: usize = 500;

/// Why an action was refused; nothing changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WorkflowError {
    /// The action cannot be taken in the order's status.
    NotFrom { action: ActionKind, status: Status },
    /// A rejection or cancellation needs a reason.
    NoReason,
    /// Shipping needs the carrier and the tracking reference.
    NoTracking,
    /// A reason or reference longer than [`MAX_NOTE`] characters.
    TooLong,
}

impl Action {
    /// The kind of this action.
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::Accept => ActionKind::Accept,
            Action::Reject { .. } => ActionKind::Reject,
            Action::Release => ActionKind::Release,
            Action::StartProduction => ActionKind::StartProduction,
            Action::Complete => ActionKind::Complete,
            Action::Ship { .. } => ActionKind::Ship,
            Action::Deliver => ActionKind::Deliver,
            Action::Cancel { .. } => ActionKind::Cancel,
        }
    }

    /// The status an order in `status` is in after this action, or why the
    /// action is refused.
    pub fn apply(&self, status: Status) -> Result<Status, WorkflowError> {
        let kind = self.kind();
        let (_, from, to) = TRANSITIONS
            .iter()
            .find(|(k, _, _)| *k == kind)
            .copied()
            .unwrap_or((kind, &[], status));
        if !from.contains(&status) {
            return Err(WorkflowError::NotFrom {
                action: kind,
                status,
            });
        }
        let note = |text: &str| -> Result<(), WorkflowError> {
            if text.trim().chars().count() > MAX_NOTE {
                Err(WorkflowError::TooLong)
            } else {
                Ok(())
            }
        };
        match self {
            Action::Reject { reason } | Action::Cancel { reason } => {
                if reason.trim().is_empty() {
                    return Err(WorkflowError::NoReason);
                }
                note(reason)?;
            }
            Action::Ship { carrier, tracking } => {
                if carrier.trim().is_empty() || tracking.trim().is_empty() {
                    return Err(WorkflowError::NoTracking);
                }
                note(carrier)?;
                note(tracking)?;
            }
            _ => {}
        }
        Ok(to)
    }
}

impl ActionKind {
    /// Every action, in the order of an order's life.
    pub const ALL: [ActionKind; 8] = [
        ActionKind::Accept,
        ActionKind::Reject,
        ActionKind::Release,
        ActionKind::StartProduction,
        ActionKind::Complete,
        ActionKind::Ship,
        ActionKind::Deliver,
        ActionKind::Cancel,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::Accept => "accept",
            ActionKind::Reject => "reject",
            ActionKind::Release => "release",
            ActionKind::StartProduction => "start_production",
            ActionKind::Complete => "complete",
            ActionKind::Ship => "ship",
            ActionKind::Deliver => "deliver",
            ActionKind::Cancel => "cancel",
        }
    }

    /// The action of a stored name.
    pub fn parse(name: &str) -> Option<ActionKind> {
        Self::ALL.into_iter().find(|a| a.as_str() == name)
    }

    /// The action in words (a button's label).
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ActionKind::Accept, Lang::De) => "Annehmen",
            (ActionKind::Accept, Lang::En) => "Accept",
            (ActionKind::Reject, Lang::De) => "Ablehnen",
            (ActionKind::Reject, Lang::En) => "Reject",
            (ActionKind::Release, Lang::De) => "Für die Fertigung freigeben",
            (ActionKind::Release, Lang::En) => "Release to production",
            (ActionKind::StartProduction, Lang::De) => "Fertigung beginnen",
            (ActionKind::StartProduction, Lang::En) => "Start production",
            (ActionKind::Complete, Lang::De) => "Als fertig melden",
            (ActionKind::Complete, Lang::En) => "Mark completed",
            (ActionKind::Ship, Lang::De) => "Versenden",
            (ActionKind::Ship, Lang::En) => "Ship",
            (ActionKind::Deliver, Lang::De) => "Als zugestellt melden",
            (ActionKind::Deliver, Lang::En) => "Mark delivered",
            (ActionKind::Cancel, Lang::De) => "Bestellung stornieren",
            (ActionKind::Cancel, Lang::En) => "Cancel order",
        }
    }
}

impl Status {
    /// Every status, in the order of an order's life.
    pub const ALL: [Status; 9] = [
        Status::Received,
        Status::Accepted,
        Status::Rejected,
        Status::Released,
        Status::InProduction,
        Status::Completed,
        Status::Shipped,
        Status::Delivered,
        Status::Cancelled,
    ];

    /// The regular path of an order, in order (what its status page shows).
    pub const PATH: [Status; 7] = [
        Status::Received,
        Status::Accepted,
        Status::Released,
        Status::InProduction,
        Status::Completed,
        Status::Shipped,
        Status::Delivered,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::Accepted => "accepted",
            Status::Rejected => "rejected",
            Status::Released => "released",
            Status::InProduction => "in_production",
            Status::Completed => "completed",
            Status::Shipped => "shipped",
            Status::Delivered => "delivered",
            Status::Cancelled => "cancelled",
        }
    }

    /// The status of a stored name.
    pub fn parse(name: &str) -> Option<Status> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// The actions that can be taken in this status.
    pub fn actions(self) -> Vec<ActionKind> {
        TRANSITIONS
            .iter()
            .filter(|(_, from, _)| from.contains(&self))
            .map(|(kind, _, _)| *kind)
            .collect()
    }

    /// Whether the order has left the regular path for good (rejected or
    /// cancelled).
    pub fn is_called_off(self) -> bool {
        matches!(self, Status::Rejected | Status::Cancelled)
    }

    /// Whether nothing is left to send to the customer's address, so that
    /// the order's personal data may be erased on request.
    pub fn allows_erasure(self) -> bool {
        matches!(
            self,
            Status::Shipped | Status::Delivered | Status::Rejected | Status::Cancelled
        )
    }

    /// The status in words.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Status::Received, Lang::De) => "Bestellung eingegangen",
            (Status::Received, Lang::En) => "Order received",
            (Status::Accepted, Lang::De) => "Angenommen",
            (Status::Accepted, Lang::En) => "Accepted",
            (Status::Rejected, Lang::De) => "Abgelehnt",
            (Status::Rejected, Lang::En) => "Rejected",
            (Status::Released, Lang::De) => "Für die Fertigung freigegeben",
            (Status::Released, Lang::En) => "Released to production",
            (Status::InProduction, Lang::De) => "In Fertigung",
            (Status::InProduction, Lang::En) => "In production",
            (Status::Completed, Lang::De) => "Fertiggestellt",
            (Status::Completed, Lang::En) => "Completed",
            (Status::Shipped, Lang::De) => "Versandt",
            (Status::Shipped, Lang::En) => "Shipped",
            (Status::Delivered, Lang::De) => "Zugestellt",
            (Status::Delivered, Lang::En) => "Delivered",
            (Status::Cancelled, Lang::De) => "Storniert",
            (Status::Cancelled, Lang::En) => "Cancelled",
        }
    }
}

impl WorkflowError {
    /// The refusal in words, in both languages.
    pub fn message(&self) -> Text {
        let both = |f: &dyn Fn(Lang) -> String| Text {
            de: f(Lang::De),
            en: f(Lang::En),
        };
        match self {
            WorkflowError::NotFrom { action, status } => both(&|l| match l {
                Lang::De => format!(
                    "„{}“ ist nicht möglich: Die Bestellung ist im Stand „{}“.",
                    action.label(l),
                    status.label(l)
                ),
                Lang::En => format!(
                    "“{}” is not possible: the order is “{}”.",
                    action.label(l),
                    status.label(l)
                ),
            }),
            WorkflowError::NoReason => Text {
                de: "Bitte einen Grund angeben; die Kundin oder der Kunde sieht ihn.".into(),
                en: "Please give a reason; the customer sees it.".into(),
            },
            WorkflowError::NoTracking => Text {
                de: "Bitte Versanddienst und Sendungsnummer angeben.".into(),
                en: "Please give the carrier and the tracking reference.".into(),
            },
            WorkflowError::TooLong => Text {
                de: format!("Höchstens {MAX_NOTE} Zeichen."),
                en: format!("At most {MAX_NOTE} characters."),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    fn action(kind: ActionKind) -> Action {
        match kind {
            ActionKind::Accept => Action::Accept,
            ActionKind::Reject => Action::Reject {
                reason: "Size not possible".into(),
            },
            ActionKind::Release => Action::Release,
            ActionKind::StartProduction => Action::StartProduction,
            ActionKind::Complete => Action::Complete,
            ActionKind::Ship => Action::Ship {
                carrier: "DHL".into(),
                tracking: "00340434161094042557".into(),
            },
            ActionKind::Deliver => Action::Deliver,
            ActionKind::Cancel => Action::Cancel {
                reason: "Customer asked".into(),
            },
        }
    }

    /// The rules in words, written independently of the table: an order
    /// moves forward one step at a time along its path; the shop decides on
    /// a received order once; it can be cancelled until it is shipped.
    fn model(status: Status, kind: ActionKind) -> Option<Status> {
        let path = Status::PATH;
        let at = path.iter().position(|s| *s == status);
        let step = |next: Status| {
            let next_at = path.iter().position(|s| *s == next)?;
            (at? + 1 == next_at).then_some(next)
        };
        match kind {
            ActionKind::Accept => step(Status::Accepted),
            ActionKind::Reject => (status == Status::Received).then_some(Status::Rejected),
            ActionKind::Release => step(Status::Released),
            ActionKind::StartProduction => step(Status::InProduction),
            ActionKind::Complete => step(Status::Completed),
            ActionKind::Ship => step(Status::Shipped),
            ActionKind::Deliver => step(Status::Delivered),
            ActionKind::Cancel => (at? < 5).then_some(Status::Cancelled),
        }
    }

    #[test]
    fn every_action_in_every_status_follows_the_rules() {
        for status in Status::ALL {
            for kind in ActionKind::ALL {
                let got = action(kind).apply(status).ok();
                assert_eq!(got, model(status, kind), "{kind:?} from {status:?}");
                assert_eq!(got.is_some(), status.actions().contains(&kind));
            }
        }
    }

    #[test]
    fn every_status_is_reached_and_called_off_orders_stay_so() {
        // Every sequence of actions from a received order, breadth first.
        let mut seen = BTreeMap::from([(Status::Received, Vec::<ActionKind>::new())]);
        let mut queue = vec![Status::Received];
        while let Some(status) = queue.pop() {
            for kind in status.actions() {
                let next = action(kind).apply(status).unwrap();
                if !seen.contains_key(&next) {
                    let mut path = seen[&status].clone();
                    path.push(kind);
                    seen.insert(next, path);
                    queue.push(next);
                }
            }
        }
        assert_eq!(
            seen.keys().copied().collect::<BTreeSet<_>>(),
            Status::ALL.into_iter().collect()
        );
        for ended in [Status::Rejected, Status::Cancelled, Status::Delivered] {
            assert!(ended.actions().is_empty(), "{ended:?} is final");
        }
        // Shipping needs a completed order, on every way there.
        assert_eq!(
            seen[&Status::Shipped],
            [
                ActionKind::Accept,
                ActionKind::Release,
                ActionKind::StartProduction,
                ActionKind::Complete,
                ActionKind::Ship
            ]
        );
        assert!(!Status::Shipped.actions().contains(&ActionKind::Cancel));
    }

    #[test]
    fn refusals_say_why_and_notes_are_required() {
        let refused = Action::Release.apply(Status::Received).unwrap_err();
        assert_eq!(
            refused.message().en,
            "“Release to production” is not possible: the order is “Order received”."
        );
        let blank = Action::Reject {
            reason: "  ".into(),
        };
        assert_eq!(blank.apply(Status::Received), Err(WorkflowError::NoReason));
        let no_tracking = Action::Ship {
            carrier: "DHL".into(),
            tracking: String::new(),
        };
        assert_eq!(
            no_tracking.apply(Status::Completed),
            Err(WorkflowError::NoTracking)
        );
        let long = Action::Cancel {
            reason: "x".repeat(MAX_NOTE + 1),
        };
        assert_eq!(long.apply(Status::Accepted), Err(WorkflowError::TooLong));
    }

    #[test]
    fn names_read_back() {
        for status in Status::ALL {
            assert_eq!(Status::parse(status.as_str()), Some(status));
        }
        for kind in ActionKind::ALL {
            assert_eq!(ActionKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(Status::parse("lost"), None);
    }
}
