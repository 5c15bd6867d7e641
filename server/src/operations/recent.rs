//! Production snapshots kept for a moment (as long as pages are,
//! `ATELIER_PAGE_CACHE_MS`), so that a crowd opening configurators reads
//! the database once per production line and moment, not once per page (a
//! twelfth of a render's work was that read). Any request that may have
//! changed something makes them be read again ([`Changes`]); changes by
//! another process show within the moment. Orders never use them: they
//! read capacity and stock in the transaction that books them.

use crate::changes::{Changes, Stamp};
use app::state::{
    BoxFuture, OperationsSnapshot, OperationsStore, ProductionPlan, SharedOperations,
};
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::time::Duration;

/// An operations store whose snapshots are kept for a moment.
pub struct RecentSnapshots {
    store: SharedOperations,
    keep_for: Duration,
    changes: Changes,
    kept: Mutex<HashMap<String, Kept>>,
}

struct Kept {
    stamp: Stamp,
    snapshot: OperationsSnapshot,
}

impl RecentSnapshots {
    /// `store`'s snapshots kept for `keep_for` (zero: read every time).
    pub fn new(store: SharedOperations, keep_for: Duration, changes: Changes) -> Self {
        RecentSnapshots {
            store,
            keep_for,
            changes,
            kept: Mutex::new(HashMap::new()),
        }
    }

    fn find(&self, line_id: &str, changes: u64) -> Option<OperationsSnapshot> {
        let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.get(line_id)
            .filter(|k| k.stamp.fresh(changes, self.keep_for))
            .map(|k| k.snapshot.clone())
    }
}

impl OperationsStore for RecentSnapshots {
    fn snapshot<'a>(
        &'a self,
        line_id: &'a str,
    ) -> BoxFuture<'a, Result<OperationsSnapshot, String>> {
        Box::pin(async move {
            if self.keep_for.is_zero() {
                return self.store.snapshot(line_id).await;
            }
            // Counted before reading: a change made meanwhile outdates it.
            let changes = self.changes.now();
            if let Some(snapshot) = self.find(line_id, changes) {
                return Ok(snapshot);
            }
            let snapshot = self.store.snapshot(line_id).await?;
            let kept = Kept {
                stamp: Stamp::new(changes),
                snapshot: snapshot.clone(),
            };
            // Only known lines are read without error: the map stays small.
            self.kept
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(line_id.to_owned(), kept);
            Ok(snapshot)
        })
    }

    fn plan<'a>(&'a self, line_ids: &'a [String]) -> BoxFuture<'a, Result<ProductionPlan, String>> {
        self.store.plan(line_ids)
    }

    fn capacities(&self) -> BoxFuture<'_, Result<BTreeMap<String, u32>, String>> {
        self.store.capacities()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::delivery::{LineCalendar, Stock};
    use futures_util::FutureExt;
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Arc;

    /// A store that counts its reads; its capacity is the read's number.
    #[derive(Default)]
    struct Counting(AtomicU32);

    impl OperationsStore for Counting {
        fn snapshot<'a>(
            &'a self,
            line_id: &'a str,
        ) -> BoxFuture<'a, Result<OperationsSnapshot, String>> {
            let read = self.0.fetch_add(1, Ordering::SeqCst) + 1;
            Box::pin(async move {
                if line_id != "works" {
                    return Err(format!("no line {line_id}"));
                }
                Ok(OperationsSnapshot {
                    line: LineCalendar {
                        working_days: [true; 7],
                        holidays: Vec::new(),
                        daily_capacity: read,
                        booked: BTreeMap::new(),
                    },
                    stock: Stock::default(),
                    today: jiff::civil::date(2026, 12, 7),
                })
            })
        }

        fn plan<'a>(&'a self, _: &'a [String]) -> BoxFuture<'a, Result<ProductionPlan, String>> {
            Box::pin(async { Err("not used".to_owned()) })
        }

        fn capacities(&self) -> BoxFuture<'_, Result<BTreeMap<String, u32>, String>> {
            Box::pin(async { Err("not used".to_owned()) })
        }
    }

    fn capacity(store: &RecentSnapshots) -> u32 {
        let snapshot = store.snapshot("works").now_or_never().expect("ready");
        snapshot.expect("a snapshot").line.daily_capacity
    }

    #[test]
    fn a_snapshot_is_kept_until_something_changed() {
        let changes = Changes::default();
        let store = RecentSnapshots::new(
            Arc::new(Counting::default()),
            Duration::from_secs(3600),
            changes.clone(),
        );
        assert_eq!(capacity(&store), 1);
        assert_eq!(capacity(&store), 1, "kept");
        changes.record();
        assert_eq!(capacity(&store), 2, "read again after a change");
        assert_eq!(capacity(&store), 2);
        // Errors are not kept.
        assert!(store.snapshot("nope").now_or_never().unwrap().is_err());
        assert!(store.snapshot("nope").now_or_never().unwrap().is_err());
        assert_eq!(store.kept.lock().unwrap().len(), 1);
    }

    #[test]
    fn no_moment_reads_every_time() {
        let store = RecentSnapshots::new(
            Arc::new(Counting::default()),
            Duration::ZERO,
            Changes::default(),
        );
        assert_eq!(capacity(&store), 1);
        assert_eq!(capacity(&store), 2);
    }
}
