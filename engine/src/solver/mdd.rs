//! The diagram compiler's working form: a quasi-reduced ordered MDD with a
//! unique table and memoised apply operations.
//!
//! Every node sits on one level (one variable) and has one child per value
//! of that variable, on the next level; the terminals sit below the last
//! level. Quasi-reduced: no level is skipped, and the only reduction besides
//! sharing is that a node whose children are all FALSE is FALSE. So each
//! level has exactly one node for each distinct sub-function.

use super::cache::Cache;
use super::fx::{hash_children, FxHashMap};

/// The empty set of configurations.
pub(crate) const FALSE: u32 = 0;
/// The terminal reached by valid configurations.
pub(crate) const TRUE: u32 = 1;

/// The diagram grew past the node budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Overflow;

/// One cell of a row handed to [`Builder::from_rows`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cell {
    /// Any value of the level's variable.
    Any,
    /// This value index.
    Val(u32),
}

/// Nodes, the unique table and the memo tables.
pub(crate) struct Builder {
    /// Domain size of each level.
    dom: Vec<u32>,
    /// Level of each node; terminals are on level `dom.len()`.
    level: Vec<u32>,
    /// Offset of each node's children in `kids`.
    start: Vec<u32>,
    kids: Vec<u32>,
    /// Open-addressing unique table: node id (0 = empty slot) and the
    /// high half of its hash, compared before the children.
    table: Vec<(u32, u32)>,
    /// Spare child buffers for the apply operations (no allocation per call).
    spare: Vec<Vec<u32>>,
    /// The node that accepts everything, per level (`taut[n] = TRUE`).
    taut: Vec<u32>,
    and_memo: Cache,
    or_memo: Cache,
    not_memo: FxHashMap<u32, u32>,
    /// [`Builder::lift`] of a node up to a level.
    lift_memo: FxHashMap<(u32, u32), u32>,
    budget: usize,
}

impl Builder {
    /// A builder over levels with these domain sizes, refusing to grow past
    /// `budget` nodes.
    pub(crate) fn new(dom: Vec<u32>, budget: usize) -> Result<Builder, Overflow> {
        let n = dom.len() as u32;
        let mut b = Builder {
            dom,
            level: vec![n, n],
            start: vec![0, 0],
            kids: Vec::new(),
            table: vec![(0, 0); 1024],
            spare: Vec::new(),
            taut: Vec::new(),
            and_memo: Cache::new(),
            or_memo: Cache::new(),
            not_memo: FxHashMap::default(),
            lift_memo: FxHashMap::default(),
            budget,
        };
        let mut taut = vec![TRUE; b.dom.len() + 1];
        for l in (0..b.dom.len()).rev() {
            let d = b.dom[l] as usize;
            taut[l] = b.mk(l as u32, &vec![taut[l + 1]; d])?;
        }
        b.taut = taut;
        Ok(b)
    }

    /// Number of nodes.
    pub(crate) fn node_count(&self) -> usize {
        self.level.len()
    }

    /// Number of levels.
    pub(crate) fn levels(&self) -> usize {
        self.dom.len()
    }

    /// Domain size of a level.
    pub(crate) fn domain(&self, level: usize) -> usize {
        self.dom[level] as usize
    }

    /// The tautology node of a level (`levels()` gives TRUE).
    pub(crate) fn tautology(&self, level: usize) -> u32 {
        self.taut[level]
    }

    /// The children of a non-terminal node.
    pub(crate) fn children(&self, node: u32) -> &[u32] {
        let s = self.start[node as usize] as usize;
        let d = self.dom[self.level[node as usize] as usize] as usize;
        &self.kids[s..s + d]
    }

    /// Forgets the apply memo tables (the nodes stay).
    pub(crate) fn clear_memo(&mut self) {
        self.and_memo.clear();
        self.or_memo.clear();
        self.not_memo.clear();
    }

    /// The unique node on `level` with these children.
    pub(crate) fn mk(&mut self, level: u32, children: &[u32]) -> Result<u32, Overflow> {
        if children.iter().all(|&c| c == FALSE) {
            return Ok(FALSE);
        }
        let mask = self.table.len() - 1;
        let hash = hash_children(level, children);
        let tag = (hash >> 32) as u32;
        let mut slot = hash as usize & mask;
        loop {
            let (id, t) = self.table[slot];
            if id == 0 {
                break;
            }
            if t == tag && self.level[id as usize] == level {
                let s = self.start[id as usize] as usize;
                if &self.kids[s..s + children.len()] == children {
                    return Ok(id);
                }
            }
            slot = (slot + 1) & mask;
        }
        if self.level.len() >= self.budget {
            return Err(Overflow);
        }
        let id = self.level.len() as u32;
        self.level.push(level);
        self.start.push(self.kids.len() as u32);
        self.kids.extend_from_slice(children);
        self.table[slot] = (id, tag);
        if self.level.len() * 2 > self.table.len() {
            self.grow_table();
            self.and_memo.fit(self.level.len());
            self.or_memo.fit(self.level.len());
        }
        Ok(id)
    }

    fn grow_table(&mut self) {
        let size = self.table.len() * 2;
        let mask = size - 1;
        let mut table = vec![(0u32, 0u32); size];
        for id in 2..self.level.len() as u32 {
            let l = self.level[id as usize];
            let s = self.start[id as usize] as usize;
            let d = self.dom[l as usize] as usize;
            let hash = hash_children(l, &self.kids[s..s + d]);
            let mut slot = hash as usize & mask;
            while table[slot].0 != 0 {
                slot = (slot + 1) & mask;
            }
            table[slot] = (id, (hash >> 32) as u32);
        }
        self.table = table;
    }

    /// Applies `op` to the children of `u` and `v` (both on level `l`) and
    /// makes the node of the results.
    fn apply_children(
        &mut self,
        l: usize,
        u: u32,
        v: u32,
        op: fn(&mut Builder, u32, u32) -> Result<u32, Overflow>,
    ) -> Result<u32, Overflow> {
        let d = self.dom[l] as usize;
        let (su, sv) = (
            self.start[u as usize] as usize,
            self.start[v as usize] as usize,
        );
        let mut ch = self.spare.pop().unwrap_or_default();
        ch.clear();
        for i in 0..d {
            let (a, b) = (self.kids[su + i], self.kids[sv + i]);
            match op(self, a, b) {
                Ok(r) => ch.push(r),
                Err(e) => return Err(e),
            }
        }
        let r = self.mk(l as u32, &ch);
        self.spare.push(ch);
        r
    }

    /// Conjunction.
    pub(crate) fn and(&mut self, u: u32, v: u32) -> Result<u32, Overflow> {
        if u == FALSE || v == FALSE {
            return Ok(FALSE);
        }
        if u == v {
            return Ok(u);
        }
        let l = self.level[u as usize] as usize;
        if u == self.taut[l] {
            return Ok(v);
        }
        if v == self.taut[l] {
            return Ok(u);
        }
        let key = if u < v { (u, v) } else { (v, u) };
        if let Some(r) = self.and_memo.get(key.0, key.1) {
            return Ok(r);
        }
        let r = self.apply_children(l, u, v, Builder::and)?;
        self.and_memo.put(key.0, key.1, r);
        Ok(r)
    }

    /// Disjunction.
    pub(crate) fn or(&mut self, u: u32, v: u32) -> Result<u32, Overflow> {
        if u == FALSE {
            return Ok(v);
        }
        if v == FALSE || u == v {
            return Ok(u);
        }
        let l = self.level[u as usize] as usize;
        if u == self.taut[l] || v == self.taut[l] {
            return Ok(self.taut[l]);
        }
        let key = if u < v { (u, v) } else { (v, u) };
        if let Some(r) = self.or_memo.get(key.0, key.1) {
            return Ok(r);
        }
        let r = self.apply_children(l, u, v, Builder::or)?;
        self.or_memo.put(key.0, key.1, r);
        Ok(r)
    }

    /// Complement of a node on `level` (0 for a whole function).
    pub(crate) fn not(&mut self, u: u32, level: usize) -> Result<u32, Overflow> {
        if u == FALSE {
            return Ok(self.taut[level]);
        }
        if u == self.taut[level] {
            return Ok(FALSE);
        }
        debug_assert_eq!(
            self.level[u as usize] as usize, level,
            "not() of node {u} on the wrong level"
        );
        if let Some(&r) = self.not_memo.get(&u) {
            return Ok(r);
        }
        let d = self.dom[level] as usize;
        let s = self.start[u as usize] as usize;
        let mut ch = Vec::with_capacity(d);
        for i in 0..d {
            let c = self.kids[s + i];
            ch.push(self.not(c, level + 1)?);
        }
        let r = self.mk(level as u32, &ch)?;
        self.not_memo.insert(u, r);
        Ok(r)
    }

    /// `!u || v`.
    pub(crate) fn implies(&mut self, u: u32, v: u32) -> Result<u32, Overflow> {
        let nu = self.not(u, 0)?;
        self.or(nu, v)
    }

    /// Wraps `node` (on level `from`) in don't-care nodes up to level `to`.
    pub(crate) fn lift(&mut self, node: u32, from: usize, to: usize) -> Result<u32, Overflow> {
        if node == FALSE || to >= from {
            return Ok(node);
        }
        if let Some(&r) = self.lift_memo.get(&(node, to as u32)) {
            return Ok(r);
        }
        let below = self.lift(node, from, to + 1)?;
        let mut ch = self.spare.pop().unwrap_or_default();
        ch.clear();
        ch.resize(self.dom[to] as usize, below);
        let r = self.mk(to as u32, &ch);
        self.spare.push(ch);
        let r = r?;
        self.lift_memo.insert((node, to as u32), r);
        Ok(r)
    }

    /// The function (rooted on level 0) accepting exactly the assignments
    /// whose values on the `scope` levels (strictly increasing) match one of
    /// the rows; other levels are free.
    pub(crate) fn rows(&mut self, scope: &[usize], rows: &[Vec<Cell>]) -> Result<u32, Overflow> {
        if scope.is_empty() {
            return Ok(if rows.is_empty() { FALSE } else { self.taut[0] });
        }
        let refs: Vec<&[Cell]> = rows.iter().map(|r| r.as_slice()).collect();
        let node = self.rows_at(scope, &refs, 0)?;
        self.lift(node, scope[0], 0)
    }

    fn rows_at(&mut self, scope: &[usize], rows: &[&[Cell]], k: usize) -> Result<u32, Overflow> {
        if rows.is_empty() {
            return Ok(FALSE);
        }
        if k == scope.len() {
            return Ok(TRUE);
        }
        let l = scope[k];
        let d = self.dom[l] as usize;
        let mut buckets: Vec<Vec<&[Cell]>> = vec![Vec::new(); d];
        for r in rows {
            match r.get(k) {
                Some(Cell::Val(x)) if (*x as usize) < d => buckets[*x as usize].push(r),
                Some(Cell::Val(_)) | None => {}
                Some(Cell::Any) => buckets.iter_mut().for_each(|b| b.push(r)),
            }
        }
        let next = scope.get(k + 1).copied().unwrap_or(self.dom.len());
        let mut ch = Vec::with_capacity(d);
        for b in &buckets {
            let sub = self.rows_at(scope, b, k + 1)?;
            ch.push(self.lift(sub, next, l + 1)?);
        }
        self.mk(l as u32, &ch)
    }

    /// The function accepting assignments where the number of `levels`
    /// (boolean variables, strictly increasing) set to 1 lies in `min..=max`.
    pub(crate) fn count_between(
        &mut self,
        levels: &[usize],
        min: u32,
        max: u32,
    ) -> Result<u32, Overflow> {
        let mut memo: FxHashMap<(usize, u32), u32> = FxHashMap::default();
        let node = self.count_at(levels, 0, 0, min, max, &mut memo)?;
        match levels.first() {
            Some(&first) => self.lift(node, first, 0),
            None => Ok(node),
        }
    }

    fn count_at(
        &mut self,
        levels: &[usize],
        k: usize,
        count: u32,
        min: u32,
        max: u32,
        memo: &mut FxHashMap<(usize, u32), u32>,
    ) -> Result<u32, Overflow> {
        if k == levels.len() {
            let base = levels.last().map_or(0, |l| l + 1);
            return Ok(if (min..=max).contains(&count) {
                self.taut[base]
            } else {
                FALSE
            });
        }
        if count > max {
            return Ok(FALSE);
        }
        if let Some(&r) = memo.get(&(k, count)) {
            return Ok(r);
        }
        let l = levels[k];
        let next = levels.get(k + 1).copied().unwrap_or(self.dom.len());
        let off = self.count_at(levels, k + 1, count, min, max, memo)?;
        let off = self.lift(off, next, l + 1)?;
        let on = self.count_at(levels, k + 1, count + 1, min, max, memo)?;
        let on = self.lift(on, next, l + 1)?;
        let r = self.mk(l as u32, &[off, on])?;
        memo.insert((k, count), r);
        Ok(r)
    }
}
