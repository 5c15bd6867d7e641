//! Dynamic variable reordering of a diagram: adjacent level swaps on a
//! sparse layered form, and Rudell's sifting within a work budget.
//!
//! In a quasi-reduced diagram (no skipped levels, one node per distinct
//! sub-function on each level) swapping levels `i` and `i + 1` keeps every
//! node of level `i` (its function does not change, so its parents keep
//! their children) and rebuilds level `i + 1` only: the nodes on it after the
//! swap are the distinct vectors `u[·][b]` over the nodes `u` of level `i`.
//! A swap visits each path of two edges through level `i` once; the work
//! is counted in such visits, never in time: the engine has no
//! clock and the result is the same on every machine.

use super::flat::Flat;
use super::fx::hash_children;

/// How far a sifted variable keeps moving in one direction: until the
/// diagram is this many times the smallest size seen (BR4CP: 1.05 ends at
/// 15,740 nodes, 1.1 at 8,929, 1.2 at 8,931 in more time).
const MAX_GROWTH: f64 = 1.1;

/// Sifting goes on with another round while the last one made the diagram
/// at least this much smaller (BR4CP: rounds gain about 60%, 30%, 1%).
const MIN_GAIN_PERCENT: usize = 2;

/// An empty slot of a unique table.
const NONE: u32 = u32::MAX;

/// One level of a [`Layered`] diagram: its nodes' edges, sparse (edges to
/// the rejecting terminal left out).
#[derive(Clone, Debug, Default)]
struct Level {
    /// First edge of each node, and one more entry holding the edge count.
    start: Vec<u32>,
    /// `[value, child]` of each edge, node by node, values increasing; the
    /// child is a node index on the next level (0, the accepting terminal,
    /// from the last level).
    edges: Vec<u32>,
}

impl Level {
    fn new() -> Level {
        Level {
            start: vec![0],
            edges: Vec::new(),
        }
    }

    fn width(&self) -> usize {
        self.start.len() - 1
    }

    /// The `[value, child]` pairs of node `k`, flattened.
    fn node(&self, k: usize) -> &[u32] {
        &self.edges[2 * self.start[k] as usize..2 * self.start[k + 1] as usize]
    }

    /// Appends a node given as flattened `[value, child]` pairs.
    fn push(&mut self, pairs: &[u32]) {
        self.edges.extend_from_slice(pairs);
        self.start.push((self.edges.len() / 2) as u32);
    }
}

/// A diagram as one sparse edge list per level, for reordering.
#[derive(Clone, Debug)]
pub(crate) struct Layered {
    vars: Vec<u32>,
    levels: Vec<Level>,
    satisfiable: bool,
    /// Path visits done so far.
    pub work: u64,
    /// Buffers reused by every swap.
    scratch: Scratch,
}

/// The working memory of a swap.
#[derive(Clone, Debug, Default)]
struct Scratch {
    table: Vec<u32>,
    /// Per value `b` of the lower variable, the new node's `[a, child]`
    /// pairs being gathered.
    buckets: Vec<Vec<u32>>,
    /// The values `b` with a non-empty bucket.
    touched: Vec<u32>,
    spare: Vec<Level>,
}

impl Layered {
    /// The layered form of a diagram.
    pub(crate) fn from_flat(flat: &Flat) -> Layered {
        let n = flat.vars.len();
        let levels = (0..n)
            .map(|l| {
                let (lo, hi) = (flat.level_start[l], flat.level_start[l + 1]);
                let mut level = Level::new();
                for node in lo..hi {
                    let edges = flat.node_start[node as usize]..flat.node_start[node as usize + 1];
                    for e in edges {
                        let e = e as usize;
                        let t = if l + 1 == n { 0 } else { flat.targets[e] - hi };
                        level.edges.extend([u32::from(flat.values[e]), t]);
                    }
                    level.start.push((level.edges.len() / 2) as u32);
                }
                level
            })
            .collect();
        Layered {
            vars: flat.vars.clone(),
            levels,
            satisfiable: flat.satisfiable,
            work: 0,
            scratch: Scratch::default(),
        }
    }

    /// Back to the flat form.
    pub(crate) fn to_flat(&self) -> Flat {
        let n = self.vars.len();
        let mut flat = Flat {
            vars: self.vars.clone(),
            level_start: vec![0],
            node_start: vec![0],
            values: Vec::new(),
            targets: Vec::new(),
            satisfiable: self.satisfiable,
        };
        let mut start = 0u32;
        for (l, level) in self.levels.iter().enumerate() {
            let next = start + level.width() as u32;
            for k in 0..level.width() {
                for pair in level.node(k).chunks_exact(2) {
                    flat.values.push(pair[0] as u16);
                    flat.targets
                        .push(next + if l + 1 == n { 0 } else { pair[1] });
                }
                flat.node_start.push(flat.values.len() as u32);
            }
            flat.level_start.push(next);
            start = next;
        }
        flat
    }

    /// The variable of each level.
    pub(crate) fn vars(&self) -> &[u32] {
        &self.vars
    }

    /// Number of nodes on a level.
    pub(crate) fn width(&self, level: usize) -> usize {
        self.levels[level].width()
    }

    /// Number of nodes.
    pub(crate) fn size(&self) -> usize {
        self.levels.iter().map(Level::width).sum()
    }

    /// Swaps the variables of levels `i` and `i + 1`: the nodes of level
    /// `i` keep their functions; the new level `i + 1` holds the distinct
    /// functions `a -> mid[u[a]][b]` over the nodes `u` of level `i` and the
    /// values `b` of the lower variable.
    pub(crate) fn swap(&mut self, i: usize) {
        let (up, mid) = (&self.levels[i], &self.levels[i + 1]);
        let Scratch {
            table,
            buckets,
            touched,
            spare,
        } = &mut self.scratch;
        let mut new_up = spare.pop().unwrap_or_default();
        let mut new_mid = spare.pop().unwrap_or_default();
        for level in [&mut new_up, &mut new_mid] {
            level.start.clear();
            level.start.push(0);
            level.edges.clear();
        }
        table.clear();
        table.resize((4 * mid.width()).next_power_of_two().max(16), NONE);
        for u in 0..up.width() {
            // Every path u -a-> c -b-> t, gathered by b (a increasing).
            for e in up.node(u).chunks_exact(2) {
                let c = mid.node(e[1] as usize);
                self.work += c.len() as u64 / 2;
                for f in c.chunks_exact(2) {
                    let b = f[0] as usize;
                    if b >= buckets.len() {
                        buckets.resize_with(b + 1, Vec::new);
                    }
                    if buckets[b].is_empty() {
                        touched.push(f[0]);
                    }
                    buckets[b].extend([e[0], f[1]]);
                }
            }
            self.work += 1;
            touched.sort_unstable();
            for &b in touched.iter() {
                let id = intern(&mut new_mid, table, &buckets[b as usize]);
                new_up.edges.extend([b, id]);
                buckets[b as usize].clear();
            }
            touched.clear();
            new_up.start.push((new_up.edges.len() / 2) as u32);
        }
        spare.push(std::mem::replace(&mut self.levels[i], new_up));
        spare.push(std::mem::replace(&mut self.levels[i + 1], new_mid));
        self.vars.swap(i, i + 1);
    }

    /// Moves the variable on level `from` to level `to` by adjacent swaps.
    pub(crate) fn move_level(&mut self, from: usize, to: usize) {
        if from < to {
            (from..to).for_each(|i| self.swap(i));
        } else {
            (to..from).rev().for_each(|i| self.swap(i));
        }
    }

    /// Reorders the levels so the variables follow `rank` (smaller first).
    pub(crate) fn sort_by_rank(&mut self, rank: &[u32]) {
        let n = self.vars.len();
        for pass in 0..n {
            let mut moved = false;
            for i in 0..n.saturating_sub(pass + 1) {
                if rank[self.vars[i] as usize] > rank[self.vars[i + 1] as usize] {
                    self.swap(i);
                    moved = true;
                }
            }
            if !moved {
                break;
            }
        }
    }

    /// Rudell's sifting: each variable in turn (widest level first) moves
    /// through the levels, stopping a direction once the diagram grows past
    /// `max_growth` times the best size seen, and settles where the diagram
    /// was smallest. Stops starting new variables once `budget` path visits
    /// are spent. Repeats, up to `rounds` rounds, while a round gains at
    /// least [`MIN_GAIN_PERCENT`].
    pub(crate) fn sift(&mut self, budget: u64, max_growth: f64, rounds: usize) {
        let n = self.vars.len();
        if n < 2 || !self.satisfiable {
            return;
        }
        for _ in 0..rounds {
            let before = self.size();
            let mut by_width: Vec<u32> = (0..n).map(|l| self.vars[l]).collect();
            let width_of: Vec<(u32, usize)> =
                (0..n).map(|l| (self.vars[l], self.width(l))).collect();
            by_width.sort_by_key(|v| {
                std::cmp::Reverse(width_of.iter().find(|(x, _)| x == v).map_or(0, |w| w.1))
            });
            for var in by_width {
                if self.work > budget {
                    return;
                }
                self.sift_one(var, max_growth);
            }
            if self.size() * 100 > before * (100 - MIN_GAIN_PERCENT) {
                return;
            }
        }
    }

    fn sift_one(&mut self, var: u32, max_growth: f64) {
        let n = self.vars.len();
        let Some(start) = self.vars.iter().position(|&v| v == var) else {
            return;
        };
        let mut size = self.size();
        let (mut best, mut best_pos) = (size, start);
        let limit = |best: usize| (best as f64 * max_growth) as usize;
        let mut pos = start;
        let down_first = start >= n / 2;
        for phase in 0..2 {
            let down = down_first == (phase == 0);
            loop {
                let next = if down { pos + 1 } else { pos.wrapping_sub(1) };
                if next >= n || size > limit(best) {
                    break;
                }
                let i = pos.min(next);
                let before = self.width(i + 1);
                self.swap(i);
                size = size - before + self.width(i + 1);
                pos = next;
                if size < best {
                    best = size;
                    best_pos = pos;
                }
            }
            if phase == 0 {
                // Back to the start before trying the other direction.
                self.move_level(pos, start);
                pos = start;
                size = self.size();
            }
        }
        self.move_level(pos, best_pos);
    }
}

/// The index of the node `pairs` on `level`, added if new; `table` is the
/// level's unique table (open addressing, grown to stay half empty).
fn intern(level: &mut Level, table: &mut Vec<u32>, pairs: &[u32]) -> u32 {
    let mask = table.len() - 1;
    let mut slot = hash_children(0, pairs) as usize & mask;
    loop {
        let t = table[slot];
        if t == NONE {
            break;
        }
        if level.node(t as usize) == pairs {
            return t;
        }
        slot = (slot + 1) & mask;
    }
    let id = level.width() as u32;
    level.push(pairs);
    table[slot] = id;
    if level.width() * 2 > table.len() {
        let size = table.len() * 2;
        table.clear();
        table.resize(size, NONE);
        let mask = table.len() - 1;
        for k in 0..level.width() {
            let mut slot = hash_children(0, level.node(k)) as usize & mask;
            while table[slot] != NONE {
                slot = (slot + 1) & mask;
            }
            table[slot] = k as u32;
        }
    }
    id
}

/// Sifts `diagram` within `budget` path visits and `rounds` rounds (see
/// [`Layered::sift`]);
/// returns the level of each of the `nvars` variables in the order found.
pub(crate) fn sift(diagram: &mut Flat, nvars: usize, budget: u64, rounds: usize) -> Vec<u32> {
    let mut layered = Layered::from_flat(diagram);
    layered.sift(budget, MAX_GROWTH, rounds);
    *diagram = layered.to_flat();
    let mut level_of = vec![0u32; nvars];
    for (level, &v) in layered.vars().iter().enumerate() {
        level_of[v as usize] = level as u32;
    }
    level_of
}

/// The same diagram with its levels in the order of `level_of` (the level
/// of each variable).
pub(crate) fn follow(diagram: &Flat, level_of: &[u32]) -> Flat {
    let mut layered = Layered::from_flat(diagram);
    layered.sort_by_rank(level_of);
    layered.to_flat()
}

#[cfg(test)]
mod tests;
