//! When a delivery is tried again: the Standard Webhooks schedule (about
//! 0 s, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h and 24 h after the
//! previous try), each wait spread by up to a tenth either way, and never
//! sooner than the receiver asked with `Retry-After`.

use std::time::Duration;

/// The waits before each try, the first try's included (seconds).
pub const STANDARD: [u64; 10] = [0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400];

/// What follows a failed try.
#[derive(Debug, PartialEq, Eq)]
pub enum Next {
    /// Try again after this wait.
    Retry(Duration),
    /// Every try of the schedule is spent.
    GiveUp,
}

/// What follows when try number `tries` (from 1) of `schedule` failed;
/// `jitter` is a number from 0 to 1, `retry_after` what the receiver asked.
pub fn after_failure(
    schedule: &[Duration],
    tries: usize,
    jitter: f64,
    retry_after: Option<Duration>,
) -> Next {
    let Some(wait) = schedule.get(tries) else {
        return Next::GiveUp;
    };
    let spread = wait.mul_f64(0.9 + 0.2 * jitter.clamp(0.0, 1.0));
    Next::Retry(
        spread.max(
            retry_after
                .unwrap_or_default()
                .min(Duration::from_secs(86400)),
        ),
    )
}

/// The standard schedule.
pub fn standard() -> Vec<Duration> {
    STANDARD.iter().map(|s| Duration::from_secs(*s)).collect()
}

/// A schedule written as seconds separated by commas (`0,5,300`).
pub fn parse(text: &str) -> Result<Vec<Duration>, String> {
    let waits: Result<Vec<Duration>, String> = text
        .split(',')
        .map(|s| {
            s.trim()
                .parse::<u64>()
                .map(Duration::from_secs)
                .map_err(|_| format!("{s:?} is not a number of seconds"))
        })
        .collect();
    waits.and_then(|w| {
        if w.is_empty() {
            Err("the schedule needs at least one try".into())
        } else {
            Ok(w)
        }
    })
}

/// A `Retry-After` value: seconds, or an HTTP date (`now` in Unix seconds).
pub fn retry_after(value: &str, now: i64) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = jiff::fmt::rfc2822::parse(value)
        .ok()?
        .timestamp()
        .as_second();
    Some(Duration::from_secs(at.saturating_sub(now).max(0) as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_the_standard_schedule_then_gives_up() {
        let schedule = standard();
        let mid = |tries| after_failure(&schedule, tries, 0.5, None);
        assert_eq!(mid(1), Next::Retry(Duration::from_secs(5)));
        assert_eq!(mid(2), Next::Retry(Duration::from_secs(300)));
        assert_eq!(mid(9), Next::Retry(Duration::from_secs(86400)));
        assert_eq!(mid(10), Next::GiveUp);
    }

    #[test]
    fn spreads_each_wait_by_a_tenth() {
        let schedule = standard();
        assert_eq!(
            after_failure(&schedule, 2, 0.0, None),
            Next::Retry(Duration::from_secs(270))
        );
        assert_eq!(
            after_failure(&schedule, 2, 1.0, None),
            Next::Retry(Duration::from_secs(330))
        );
    }

    #[test]
    fn waits_at_least_as_long_as_asked() {
        let schedule = standard();
        let asked = Some(Duration::from_secs(600));
        assert_eq!(
            after_failure(&schedule, 1, 0.5, asked),
            Next::Retry(Duration::from_secs(600))
        );
        let forever = Some(Duration::from_secs(10 * 86400));
        assert_eq!(
            after_failure(&schedule, 1, 0.5, forever),
            Next::Retry(Duration::from_secs(86400)),
            "a day at most"
        );
    }

    #[test]
    fn reads_retry_after_as_seconds_or_a_date() {
        assert_eq!(retry_after("120", 0), Some(Duration::from_secs(120)));
        let now = 1_700_000_000; // 2023-11-14T22:13:20Z
        assert_eq!(
            retry_after("Tue, 14 Nov 2023 22:15:20 GMT", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(retry_after("soon", now), None);
    }

    #[test]
    fn parses_a_written_schedule() {
        assert_eq!(
            parse("0, 1,2").unwrap(),
            vec![
                Duration::from_secs(0),
                Duration::from_secs(1),
                Duration::from_secs(2)
            ]
        );
        assert!(parse("0,x").unwrap_err().contains("\"x\""));
    }
}
