//! Group commit: orders that wait for the write lock at the same time are
//! stored together, in one transaction that locks the production lines,
//! reads capacity and stock and commits once for all of them.
//!
//! Each order still gets its own answer: every order of a batch is checked
//! in turn against the plan as the orders before it booked it, so a batch
//! stores exactly what storing its orders one after the other would. The
//! lock is what orders wait for (every statement made while holding it
//! delays all of them), so a batch takes it once and shares the commit.

use super::holds::Holds;
use super::limits::{Limit, RecentRefusals};
use super::store::{self, Order, Stored};
use super::SqlOrders;
use crate::operations::{read_batch_plan, today_in};
use anyhow::bail;
use app::orders::check::CheckedOrder;
use app::orders::quote::Quote;
use app::orders::PlaceOutcome;
use app::state::ClientAddress;
use engine::delivery::bill_of_materials;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use tokio::sync::oneshot;

/// Orders in one transaction at most: a batch's work stays short, and its
/// customers' wait with it.
const MAX_BATCH: usize = 64;

/// What storing an order came to.
pub enum Attempt {
    Done(PlaceOutcome),
    /// The cart changed since it was checked; check and compute again.
    Retry,
}

/// An order waiting for its batch.
pub struct Job {
    checked: CheckedOrder,
    digest: String,
    client: Option<ClientAddress>,
    answer: oneshot::Sender<anyhow::Result<Attempt>>,
}

/// The orders waiting for the write lock, and the lock: on SQLite the
/// database has one writer, and this process's orders queue here instead
/// of polling SQLite's lock; on PostgreSQL the row locks of the lines and
/// then of the components order the transactions of several processes,
/// and this one's are batched.
#[derive(Clone, Default)]
pub struct WriteQueue {
    waiting: Arc<Mutex<Vec<Job>>>,
    turn: Arc<tokio::sync::Mutex<()>>,
    /// Days held for checkouts whose customers confirm new figures; only
    /// the batch that has the turn reads and changes them.
    holds: Arc<Mutex<Holds>>,
    /// Senders lately refused for the limits: refused again before they
    /// join the queue.
    refused: Arc<Mutex<RecentRefusals>>,
}

impl SqlOrders {
    /// Stores `checked` with the batch it joins; see [`Attempt`].
    pub(super) async fn store_batched(
        &self,
        checked: CheckedOrder,
        digest: String,
        client: Option<ClientAddress>,
    ) -> anyhow::Result<Attempt> {
        let (answer, answered) = oneshot::channel();
        let job = Job {
            checked,
            digest,
            client,
            answer,
        };
        // A task of its own, so that a customer who leaves cancels neither
        // this order's turn nor the batch of the others.
        let orders = self.clone();
        tokio::spawn(async move {
            lock(&orders.queue.waiting).push(job);
            let _turn = orders.queue.turn.lock().await;
            let jobs: Vec<Job> = {
                let mut waiting = lock(&orders.queue.waiting);
                let take = waiting.len().min(MAX_BATCH);
                waiting.drain(..take).collect()
            };
            // Empty when a batch before this turn took this order; left
            // in the queue, it goes with the turn of an order behind it.
            if !jobs.is_empty() {
                orders.write(jobs).await;
            }
        });
        answered
            .await
            .map_err(|_| anyhow::anyhow!("the order's batch failed before answering"))?
    }

    /// The limit the sender of `checked` was refused for lately, if any
    /// (see [`RecentRefusals`]).
    pub(super) fn recently_refused(
        &self,
        checked: &CheckedOrder,
        client: Option<ClientAddress>,
    ) -> Option<Limit> {
        let now = std::time::Instant::now();
        let mut refused = lock(&self.queue.refused);
        if refused.is_empty_at(now) {
            return None;
        }
        let sender = self.limits.sender(client, &checked.customer.email);
        refused.of(&sender, now)
    }

    /// Writes `jobs` and answers each; when the batch fails, its orders
    /// are written one by one, so that one order's failure is its own.
    async fn write(&self, jobs: Vec<Job>) {
        let orders: Vec<Order<'_>> = jobs.iter().map(Job::order).collect();
        match self.store_batch(&orders).await {
            Ok(attempts) => {
                drop(orders);
                for (job, attempt) in jobs.into_iter().zip(attempts) {
                    let _ = job.answer.send(Ok(attempt));
                }
            }
            Err(e) if jobs.len() == 1 => {
                let attempt = self.after_failure(&jobs[0], e).await;
                drop(orders);
                let _ = jobs.into_iter().next().map(|job| job.answer.send(attempt));
            }
            Err(_) => {
                drop(orders);
                for job in jobs {
                    let order = job.order();
                    let attempt = match self.store_batch(std::slice::from_ref(&order)).await {
                        Ok(mut attempts) => Ok(attempts.remove(0)),
                        Err(e) => self.after_failure(&job, e).await,
                    };
                    let _ = job.answer.send(attempt);
                }
            }
        }
    }

    /// The answer to an order whose transaction failed with `error`: when
    /// it broke a uniqueness rule, a concurrent submission of the same
    /// checkout (or of the same cart from another page) won the race. Any
    /// other failure is the customer's "send again".
    async fn after_failure(&self, job: &Job, error: anyhow::Error) -> anyhow::Result<Attempt> {
        let lost_race = matches!(
            error.downcast_ref::<sqlx::Error>(),
            Some(sqlx::Error::Database(e)) if e.is_unique_violation()
        );
        if !lost_race {
            return Err(error);
        }
        let mut conn = self.pool.acquire().await?;
        let key = &job.checked.key;
        if let Some(outcome) =
            super::place::earlier_order(&self.token_key, &mut conn, key, &job.digest).await?
        {
            return Ok(Attempt::Done(outcome));
        }
        if let Some(cart) = &job.checked.cart {
            if let Some(outcome) =
                super::place::cart_order(&self.token_key, &mut conn, &cart.id, cart.revision)
                    .await?
            {
                return Ok(Attempt::Done(outcome));
            }
        }
        Err(error)
    }

    /// One transaction for `orders`: SQLite takes the write lock when it
    /// begins, with a fresh snapshot; PostgreSQL locks the lines' rows and
    /// then the components' rows, always in the same order. Either way
    /// orders for one line, or using one component, are estimated one
    /// transaction at a time.
    async fn store_batch(&self, orders: &[Order<'_>]) -> anyhow::Result<Vec<Attempt>> {
        let mut line_ids: Vec<String> = orders
            .iter()
            .flat_map(|o| production_lines(o.checked))
            .collect();
        line_ids.sort_unstable();
        line_ids.dedup();
        // Priced before the transaction: only the estimate needs what it
        // sees. This process's other orders still wait for this batch's
        // turn, but the database's write lock (SQLite) and the lines' row
        // locks (PostgreSQL) are not held meanwhile.
        let priced: Vec<_> = orders.iter().map(store::priced).collect();
        let mut tx = crate::db::begin_write(&self.pool, self.backend).await?;
        for line_id in &line_ids {
            if !crate::operations::lock_line(&mut tx, line_id).await? {
                bail!("a product names unknown production line {line_id}");
            }
        }
        let today = today_in(&self.time_zone)?;
        let components = components(&priced);
        let plan = read_batch_plan(&mut tx, self.backend, &line_ids, &components, today).await?;
        // Changed on a copy, kept when the batch's answers stand.
        let mut holds = lock(&self.queue.holds).clone();
        let mut refused = Vec::new();
        let batch = store::Batch {
            backend: self.backend,
            token_key: &self.token_key,
            holds: &mut holds,
            limits: &self.limits,
            refused: &mut refused,
        };
        let stored = store::store_all(&mut tx, batch, plan, orders, priced).await?;
        if stored.iter().any(|s| matches!(s, Stored::Placed { .. })) {
            tx.commit().await?;
        } else {
            tx.rollback().await?;
        }
        *lock(&self.queue.holds) = holds;
        // After the commit: a retry of an order placed with them finds it.
        let now = std::time::Instant::now();
        let mut memory = lock(&self.queue.refused);
        for (key, limit) in refused {
            memory.remember(key, limit, now);
        }
        drop(memory);
        Ok(stored.into_iter().map(|s| self.attempt_of(s)).collect())
    }

    /// The answer to one stored order of a committed batch.
    fn attempt_of(&self, stored: Stored) -> Attempt {
        match stored {
            Stored::Answered(outcome) => Attempt::Done(outcome),
            Stored::CartChanged => Attempt::Retry,
            Stored::Placed {
                number,
                token,
                lines,
                units,
            } => {
                self.metrics.order_placed();
                tracing::info!(order = %number, lines, units, "order placed");
                Attempt::Done(PlaceOutcome::Placed { number, token })
            }
        }
    }
}

impl Job {
    fn order(&self) -> Order<'_> {
        Order {
            checked: &self.checked,
            digest: &self.digest,
            client: self.client,
        }
    }
}

/// The production lines an order's lines are made on, sorted, each once.
fn production_lines(checked: &CheckedOrder) -> Vec<String> {
    let mut line_ids: Vec<String> = checked
        .lines
        .iter()
        .filter_map(|l| checked.published.compiled.get(&l.product))
        .map(|c| c.product.production_line.clone())
        .collect();
    line_ids.sort_unstable();
    line_ids.dedup();
    line_ids
}

/// The components the lines of `quotes` consume (their bills of
/// materials: what their estimates may reserve), sorted, each once.
fn components(quotes: &[Quote<'_>]) -> Vec<String> {
    let ids: BTreeSet<String> = quotes
        .iter()
        .flat_map(|quote| &quote.lines)
        .filter_map(|line| {
            let (compiled, check) = (line.compiled?, line.check.as_ref()?);
            let quantity = line.request.quantity.get();
            bill_of_materials(&compiled.product, &check.evaluation.effective, quantity).ok()
        })
        .flat_map(BTreeMap::into_keys)
        .collect();
    ids.into_iter().collect()
}

/// What `mutex` guards, even when a panic poisoned it (the queue, the
/// holds and the refusals are changed whole, never left half changed).
pub(super) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
