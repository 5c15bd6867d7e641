//! The compiled, serialisable diagram and the linear passes over it.
//!
//! Nodes are numbered level by level (level 0 holds the root, node 0); each
//! node lists its edges `(value, target)` to nodes of the next level, or to
//! the accepting terminal (id = node count) from the last level. Edges to
//! the rejecting terminal are left out. Every node reaches the terminal.

use super::mdd::{Builder, Overflow, FALSE, TRUE};
use super::types::FREE;
use serde::{Deserialize, Serialize};

mod deltas;

/// A layered decision diagram in flat arrays.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flat {
    /// The variable of each level.
    pub vars: Vec<u32>,
    /// First node of each level; one more entry holding the node count.
    #[serde(with = "deltas::rising")]
    pub level_start: Vec<u32>,
    /// First edge of each node; one more entry holding the edge count.
    #[serde(with = "deltas::rising")]
    pub node_start: Vec<u32>,
    /// Value index of each edge.
    #[serde(with = "deltas::steps")]
    pub values: Vec<u16>,
    /// Target node of each edge.
    pub targets: Vec<u32>,
    /// The diagram accepts at least one assignment.
    pub satisfiable: bool,
}

/// Unreachable cost.
pub(crate) const INF: u32 = u32::MAX / 4;

impl Flat {
    /// Extracts the function rooted at `root` (on level 0 of the builder),
    /// keeping the builder levels `keep` (increasing; the function must not
    /// depend on the others), labelled with the variables `level_var`.
    pub(crate) fn extract(builder: &Builder, root: u32, keep: &[usize], level_var: &[u32]) -> Flat {
        let n = builder.levels();
        let vars = keep.iter().map(|&l| level_var[l]).collect();
        let skip = |mut node: u32, mut from: usize, to: usize| {
            while from < to && node != FALSE && node != TRUE {
                node = builder.children(node)[0];
                from += 1;
            }
            node
        };
        let mut flat = Flat {
            vars,
            level_start: vec![0],
            node_start: vec![0],
            values: Vec::new(),
            targets: Vec::new(),
            satisfiable: root != FALSE,
        };
        if root == FALSE {
            flat.level_start = vec![0; keep.len() + 1];
            return flat;
        }
        let mut current = match keep.first() {
            Some(&first) => vec![skip(root, 0, first)],
            None => Vec::new(),
        };
        for (k, &l) in keep.iter().enumerate() {
            let next_level = keep.get(k + 1).copied().unwrap_or(n);
            let mut next: Vec<u32> = Vec::new();
            let mut index: super::fx::FxHashMap<u32, u32> = Default::default();
            let base = *flat.level_start.last().unwrap_or(&0) + current.len() as u32;
            for &node in &current {
                for (value, &child) in builder.children(node).iter().enumerate() {
                    if child == FALSE {
                        continue;
                    }
                    let target = skip(child, l + 1, next_level);
                    let id = if k + 1 == keep.len() {
                        u32::MAX // patched to the terminal id below
                    } else {
                        *index.entry(target).or_insert_with(|| {
                            next.push(target);
                            (next.len() - 1) as u32
                        }) + base
                    };
                    flat.values.push(value as u16);
                    flat.targets.push(id);
                }
                flat.node_start.push(flat.values.len() as u32);
            }
            flat.level_start.push(base);
            current = next;
        }
        let total = *flat.level_start.last().unwrap_or(&0);
        for t in &mut flat.targets {
            if *t == u32::MAX {
                *t = total;
            }
        }
        flat
    }

    /// Builds this diagram in `builder`, rooted on level 0: the inverse of
    /// [`Flat::extract`]. `level_of[var]` is each variable's builder level,
    /// increasing along [`Self::vars`].
    pub(crate) fn import(&self, builder: &mut Builder, level_of: &[u32]) -> Result<u32, Overflow> {
        if !self.satisfiable {
            return Ok(FALSE);
        }
        let n = builder.levels();
        let levels: Vec<usize> = self
            .vars
            .iter()
            .map(|&v| level_of[v as usize] as usize)
            .collect();
        let total = self.node_count();
        let mut id = vec![FALSE; total + 1];
        id[total] = TRUE;
        let mut children = Vec::new();
        for (k, &l) in levels.iter().enumerate().rev() {
            let below = levels.get(k + 1).copied().unwrap_or(n);
            for node in self.level_nodes(k) {
                children.clear();
                children.resize(builder.domain(l), FALSE);
                for e in self.edges(node) {
                    let target = id[self.targets[e] as usize];
                    children[self.values[e] as usize] = builder.lift(target, below, l + 1)?;
                }
                id[node] = builder.mk(l as u32, &children)?;
            }
        }
        builder.lift(id[0], levels.first().copied().unwrap_or(n), 0)
    }

    /// Number of non-terminal nodes.
    pub fn node_count(&self) -> usize {
        self.node_start.len() - 1
    }

    /// Number of edges.
    pub fn edge_count(&self) -> usize {
        self.values.len()
    }

    /// Number of accepted assignments of [`Self::vars`], if it fits in a
    /// `u128` (one pass, bottom up).
    pub fn path_count(&self) -> Option<u128> {
        if !self.satisfiable {
            return Some(0);
        }
        let total = self.node_count();
        let mut count = vec![0u128; total + 1];
        count[total] = 1;
        for level in (0..self.vars.len()).rev() {
            for node in self.level_nodes(level) {
                let mut sum = 0u128;
                for e in self.edges(node) {
                    sum = sum.checked_add(count[self.targets[e] as usize])?;
                }
                count[node] = sum;
            }
        }
        Some(count[0])
    }

    /// The largest number of nodes on one level.
    pub fn width(&self) -> usize {
        self.level_start
            .windows(2)
            .map(|w| (w[1] - w[0]) as usize)
            .max()
            .unwrap_or(0)
    }

    #[inline]
    fn edges(&self, node: usize) -> std::ops::Range<usize> {
        self.node_start[node] as usize..self.node_start[node + 1] as usize
    }

    #[inline]
    fn level_nodes(&self, level: usize) -> std::ops::Range<usize> {
        self.level_start[level] as usize..self.level_start[level + 1] as usize
    }

    /// Whether some accepted assignment agrees with `fix` (indexed by
    /// variable; [`FREE`] for free variables).
    pub(crate) fn accepts_some(&self, fix: &[u32]) -> bool {
        if !self.satisfiable {
            return false;
        }
        if self.vars.is_empty() {
            return true;
        }
        self.alive(fix)[0]
    }

    /// For each node (and the terminal, last): some path below it agrees
    /// with `fix`.
    pub(crate) fn alive(&self, fix: &[u32]) -> Vec<bool> {
        let total = self.node_count();
        let mut alive = vec![false; total + 1];
        alive[total] = self.satisfiable;
        for level in (0..self.vars.len()).rev() {
            let f = fix.get(self.vars[level] as usize).copied().unwrap_or(FREE);
            for node in self.level_nodes(level) {
                alive[node] = self.edges(node).any(|e| {
                    (f == FREE || u32::from(self.values[e]) == f) && alive[self.targets[e] as usize]
                });
            }
        }
        alive
    }

    /// Marks in `possible[var_offset[var] + value]` every value on some
    /// accepted path that agrees with `fix`. `alive` comes from [`Self::alive`].
    pub(crate) fn mark_possible(
        &self,
        fix: &[u32],
        alive: &[bool],
        var_offset: &[usize],
        possible: &mut [bool],
    ) {
        if self.vars.is_empty() || !alive[0] {
            return;
        }
        let mut reach = vec![false; self.node_count() + 1];
        reach[0] = true;
        for level in 0..self.vars.len() {
            let var = self.vars[level] as usize;
            let f = fix.get(var).copied().unwrap_or(FREE);
            let off = var_offset[var];
            for node in self.level_nodes(level) {
                if !reach[node] {
                    continue;
                }
                for e in self.edges(node) {
                    let v = u32::from(self.values[e]);
                    let t = self.targets[e] as usize;
                    if (f == FREE || v == f) && alive[t] {
                        possible[off + v as usize] = true;
                        reach[t] = true;
                    }
                }
            }
        }
    }

    /// Cost of an edge: [`INF`] when `hard` forbids it, 1 when it leaves a
    /// value fixed in `soft`, else 0.
    #[inline]
    fn cost(soft: u32, hard: u32, value: u32) -> u32 {
        if hard != FREE && value != hard {
            INF
        } else {
            u32::from(soft != FREE && value != soft)
        }
    }

    /// Cheapest cost from each node down to the terminal, and the edge that
    /// achieves it (`u32::MAX` if none).
    pub(crate) fn cost_down(&self, soft: &[u32], hard: &[u32]) -> (Vec<u32>, Vec<u32>) {
        let total = self.node_count();
        let mut dist = vec![INF; total + 1];
        let mut best = vec![u32::MAX; total];
        dist[total] = if self.satisfiable { 0 } else { INF };
        for level in (0..self.vars.len()).rev() {
            let var = self.vars[level] as usize;
            let (s, h) = (soft[var], hard[var]);
            for node in self.level_nodes(level) {
                for e in self.edges(node) {
                    let c = Self::cost(s, h, u32::from(self.values[e]))
                        .saturating_add(dist[self.targets[e] as usize]);
                    if c < dist[node] {
                        dist[node] = c;
                        best[node] = e as u32;
                    }
                }
            }
        }
        (dist, best)
    }

    /// Cheapest cost from the root to each node, and the edge into it that
    /// achieves it (`u32::MAX` if none).
    pub(crate) fn cost_up(&self, soft: &[u32], hard: &[u32]) -> (Vec<u32>, Vec<u32>) {
        let total = self.node_count();
        let mut dist = vec![INF; total + 1];
        let mut best = vec![u32::MAX; total + 1];
        if total > 0 {
            dist[0] = 0;
        }
        for level in 0..self.vars.len() {
            let var = self.vars[level] as usize;
            let (s, h) = (soft[var], hard[var]);
            for node in self.level_nodes(level) {
                if dist[node] >= INF {
                    continue;
                }
                for e in self.edges(node) {
                    let t = self.targets[e] as usize;
                    let c = Self::cost(s, h, u32::from(self.values[e])).saturating_add(dist[node]);
                    if c < dist[t] {
                        dist[t] = c;
                        best[t] = e as u32;
                    }
                }
            }
        }
        (dist, best)
    }

    /// The node an edge leaves (binary search over `node_start`).
    pub(crate) fn edge_source(&self, edge: u32) -> usize {
        self.node_start.partition_point(|&s| s <= edge) - 1
    }

    /// The values along the cheapest path from the root, following the
    /// `best` edges of [`Self::cost_down`]; one value per level.
    pub(crate) fn path_down(&self, from: usize, best: &[u32]) -> Vec<u32> {
        let mut out = Vec::with_capacity(self.vars.len());
        let mut node = from;
        while node < self.node_count() {
            let e = best[node];
            if e == u32::MAX {
                break;
            }
            out.push(u32::from(self.values[e as usize]));
            node = self.targets[e as usize] as usize;
        }
        out
    }

    /// The values from the root down to `node` along the `best` edges of
    /// [`Self::cost_up`], in level order.
    pub(crate) fn path_up(&self, mut node: usize, best: &[u32]) -> Vec<u32> {
        let mut out = Vec::new();
        while node != 0 && node <= self.node_count() {
            let e = best[node];
            if e == u32::MAX {
                break;
            }
            out.push(u32::from(self.values[e as usize]));
            node = self.edge_source(e);
        }
        out.reverse();
        out
    }

    /// For every (level, value): the cheapest cost of a path through an
    /// edge with that value, and such an edge; used to explain every value
    /// at once.
    pub(crate) fn cheapest_per_value(
        &self,
        up: &[u32],
        down: &[u32],
        var_offset: &[usize],
        out_cost: &mut [u32],
        out_edge: &mut [u32],
    ) {
        for level in 0..self.vars.len() {
            let off = var_offset[self.vars[level] as usize];
            for node in self.level_nodes(level) {
                if up[node] >= INF {
                    continue;
                }
                for e in self.edges(node) {
                    let c = up[node].saturating_add(down[self.targets[e] as usize]);
                    let slot = off + self.values[e] as usize;
                    if c < out_cost[slot] {
                        out_cost[slot] = c;
                        out_edge[slot] = e as u32;
                    }
                }
            }
        }
    }
}
