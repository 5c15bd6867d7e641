//! A count of the answered requests that may have changed something (any
//! method but GET and HEAD), so that what is kept for a moment, pages and
//! the production figures they show, is not shown after this process
//! changed it.

use axum::{
    extract::{Request, State},
    middleware::Next,
    response::Response,
};
use http::Method;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The count, shared by whoever keeps something for a moment.
#[derive(Clone, Default)]
pub struct Changes(Arc<AtomicU64>);

impl Changes {
    /// The count now: what is kept with an earlier count may be out of date.
    pub fn now(&self) -> u64 {
        self.0.load(Ordering::Acquire)
    }

    /// Counts one change.
    pub fn record(&self) {
        self.0.fetch_add(1, Ordering::AcqRel);
    }
}

/// When something kept for a moment was made, and the count of changes
/// then: it may be shown while both still hold.
#[derive(Clone, Copy, Debug)]
pub struct Stamp {
    made: Instant,
    changes: u64,
}

impl Stamp {
    /// Made now, under the count `changes` read before the making began.
    pub fn new(changes: u64) -> Self {
        Stamp {
            made: Instant::now(),
            changes,
        }
    }

    /// Whether what it stamps is younger than `keep_for` and no change was
    /// counted since (`changes` is the count now).
    pub fn fresh(&self, changes: u64, keep_for: Duration) -> bool {
        self.changes == changes && self.made.elapsed() < keep_for
    }
}

/// The middleware: counts every request that may have changed something,
/// once it is answered (a read made while it ran may predate its change).
pub async fn count(State(changes): State<Changes>, request: Request, next: Next) -> Response {
    let may_change = !matches!(*request.method(), Method::GET | Method::HEAD);
    let response = next.run(request).await;
    if may_change {
        changes.record();
    }
    response
}
