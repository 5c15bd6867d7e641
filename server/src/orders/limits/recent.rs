//! The senders this process refused lately, so that their next orders are
//! refused before they join a batch: a flood from one address would
//! otherwise take its place in batch after batch (under SQLite's write
//! lock, or PostgreSQL's line locks) only to be refused there each time.
//!
//! A refusal is remembered for a minute ([`REMEMBERED_FOR`]) from the end
//! of the batch that made it. Within that minute the answer may differ
//! from a batch's: an order is refused although its sender's count fell
//! below the limit again (the refusal says to try again in an hour), and
//! a retry of an order that another process is committing at that moment
//! is refused instead of answered with it. Every order that is stored is
//! still counted by its batch.

use super::{Limit, Sender};
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// How long a refusal answers for its sender.
pub const REMEMBERED_FOR: Duration = Duration::from_secs(60);

/// Senders remembered at most; a full memory remembers no more until its
/// oldest refusals expire.
const MOST: usize = 10_000;

/// Refused senders (by the key of the limit they were over, see
/// [`Sender::key`]), with when their refusal was noted.
#[derive(Debug, Default)]
pub struct RecentRefusals {
    refused: HashMap<String, (Instant, Limit)>,
    /// When the oldest refusal kept expires.
    next_expiry: Option<Instant>,
}

impl RecentRefusals {
    /// Remembers that the sender with `key` was refused for `limit` by a
    /// batch that ended at `now`.
    pub fn remember(&mut self, key: String, limit: Limit, now: Instant) {
        self.forget_expired(now);
        if self.refused.len() >= MOST && !self.refused.contains_key(&key) {
            return;
        }
        self.refused.insert(key, (now, limit));
        self.next_expiry = self.next_expiry.or(Some(now + REMEMBERED_FOR));
    }

    /// The limit `sender` was refused for within the last minute, if any.
    pub fn of(&mut self, sender: &Sender<'_>, now: Instant) -> Option<Limit> {
        self.forget_expired(now);
        if self.refused.is_empty() {
            return None;
        }
        [Limit::Client, Limit::Email]
            .into_iter()
            .filter_map(|limit| sender.key(limit))
            .find_map(|key| self.refused.get(&key))
            .map(|(_, limit)| *limit)
    }

    /// Whether no refusal is remembered at `now` (so no sender need be
    /// worked out).
    pub fn is_empty_at(&mut self, now: Instant) -> bool {
        self.forget_expired(now);
        self.refused.is_empty()
    }

    /// Drops the refusals older than a minute, when one may be.
    fn forget_expired(&mut self, now: Instant) {
        if self.next_expiry.is_none_or(|at| now < at) {
            return;
        }
        self.refused
            .retain(|_, (at, _)| now.duration_since(*at) < REMEMBERED_FOR);
        self.next_expiry = self
            .refused
            .values()
            .map(|(at, _)| *at + REMEMBERED_FOR)
            .min();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::orders::PlacementLimits;

    fn limits() -> PlacementLimits {
        PlacementLimits {
            per_client: 0,
            per_email: 1,
            client_ip_header: None,
        }
    }

    #[test]
    fn a_refusal_answers_for_its_sender_for_a_minute() {
        let limits = limits();
        let anna = limits.sender(None, "anna@example.de");
        let ben = limits.sender(None, "ben@example.de");
        let mut recent = RecentRefusals::default();
        let start = Instant::now();
        assert_eq!(recent.of(&anna, start), None);
        recent.remember(anna.key(Limit::Email).unwrap(), Limit::Email, start);
        let later = start + Duration::from_secs(59);
        assert_eq!(recent.of(&anna, later), Some(Limit::Email));
        assert_eq!(recent.of(&ben, start), None, "another sender");
        assert_eq!(recent.of(&anna, start + REMEMBERED_FOR), None, "forgotten");
        assert!(recent.is_empty_at(start + REMEMBERED_FOR));
    }

    #[test]
    fn a_full_memory_takes_new_refusals_once_old_ones_expire() {
        let limits = limits();
        let mut recent = RecentRefusals::default();
        let start = Instant::now();
        let key = |n: usize| {
            limits
                .sender(None, &format!("{n}@example.de"))
                .key(Limit::Email)
        };
        for n in 0..MOST {
            recent.remember(key(n).unwrap(), Limit::Email, start);
        }
        let last = format!("{MOST}@example.de");
        let last = limits.sender(None, &last);
        recent.remember(last.key(Limit::Email).unwrap(), Limit::Email, start);
        assert_eq!(recent.of(&last, start), None, "full: not remembered");
        let later = start + REMEMBERED_FOR;
        recent.remember(last.key(Limit::Email).unwrap(), Limit::Email, later);
        assert_eq!(recent.of(&last, later), Some(Limit::Email));
        assert_eq!(recent.refused.len(), 1, "the expired ones were forgotten");
    }
}
