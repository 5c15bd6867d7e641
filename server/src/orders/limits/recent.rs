//! The senders this process refused lately, so that their next orders are
//! refused before they join a batch: a flood from one address would
//! otherwise take its place in batch after batch (under SQLite's write
//! lock, or PostgreSQL's line locks) only to be refused there each time.
//!
//! A refusal is remembered for a minute ([`REMEMBERED_FOR`]): one order
//! may be refused up to that long after its sender's count fell below the
//! limit again, which the refusal's "try again in an hour" covers. Every
//! order that is stored is still counted by its batch.

use super::{Limit, Sender};
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// How long a refusal answers for its sender.
pub const REMEMBERED_FOR: Duration = Duration::from_secs(60);

/// Senders remembered at most; a full memory forgets the expired ones,
/// and remembers no more while none has expired.
const MOST: usize = 10_000;

/// Refused senders (by the key of the limit they were over), with when
/// their refusal was made.
#[derive(Debug, Default)]
pub struct RecentRefusals {
    refused: HashMap<String, (Instant, Limit)>,
}

impl RecentRefusals {
    /// Remembers that `sender` was refused at `now` for being over `limit`.
    pub fn remember(&mut self, sender: &Sender<'_>, limit: Limit, now: Instant) {
        let Some(key) = sender.key(limit) else {
            return;
        };
        if self.refused.len() >= MOST && !self.refused.contains_key(&key) {
            self.refused
                .retain(|_, (at, _)| now.duration_since(*at) < REMEMBERED_FOR);
            if self.refused.len() >= MOST {
                return;
            }
        }
        self.refused.insert(key, (now, limit));
    }

    /// The limit `sender` was refused for within the last minute, if any.
    pub fn of(&self, sender: &Sender<'_>, now: Instant) -> Option<Limit> {
        if self.refused.is_empty() {
            return None;
        }
        [Limit::Client, Limit::Email]
            .into_iter()
            .filter_map(|limit| sender.key(limit))
            .filter_map(|key| self.refused.get(&key))
            .find(|(at, _)| now.duration_since(*at) < REMEMBERED_FOR)
            .map(|(_, limit)| *limit)
    }

    /// Whether nothing is remembered (no sender needs to be worked out).
    pub fn is_empty(&self) -> bool {
        self.refused.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::orders::PlacementLimits;

    #[test]
    fn a_refusal_answers_for_its_sender_for_a_minute() {
        let limits = PlacementLimits {
            per_client: 0,
            per_email: 1,
            client_ip_header: None,
        };
        let (anna, ben) = (
            limits.sender(None, "anna@example.de"),
            limits.sender(None, "ben@example.de"),
        );
        let mut recent = RecentRefusals::default();
        let start = Instant::now();
        assert_eq!(recent.of(&anna, start), None);
        recent.remember(&anna, Limit::Email, start);
        assert_eq!(
            recent.of(&anna, start + Duration::from_secs(59)),
            Some(Limit::Email)
        );
        assert_eq!(recent.of(&ben, start), None, "another sender");
        assert_eq!(recent.of(&anna, start + REMEMBERED_FOR), None, "forgotten");
    }

    #[test]
    fn a_full_memory_forgets_expired_refusals_first() {
        let limits = PlacementLimits {
            per_client: 0,
            per_email: 1,
            client_ip_header: None,
        };
        let mut recent = RecentRefusals::default();
        let start = Instant::now();
        let emails: Vec<String> = (0..=MOST).map(|n| format!("{n}@example.de")).collect();
        for email in &emails[..MOST] {
            recent.remember(&limits.sender(None, email), Limit::Email, start);
        }
        let last = limits.sender(None, &emails[MOST]);
        recent.remember(&last, Limit::Email, start);
        assert_eq!(recent.of(&last, start), None, "full: not remembered");
        let later = start + REMEMBERED_FOR;
        recent.remember(&last, Limit::Email, later);
        assert_eq!(recent.of(&last, later), Some(Limit::Email));
        assert_eq!(recent.refused.len(), 1, "the expired ones were forgotten");
    }
}
