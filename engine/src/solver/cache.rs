//! A lossy computed table for the apply operations (as in CUDD): one slot
//! per hash, a new result overwrites the old one. Losing an entry only
//! costs a recomputation, and unlike a growing map it never rehashes.

/// Largest number of slots (12 bytes each).
const MAX_SLOTS: usize = 1 << 22;

/// Results of a binary operation keyed by its two (ordered) operands.
pub(crate) struct Cache {
    /// `(u, v, result)`; `(0, 0, _)` is empty (the operations never look up
    /// the FALSE node).
    slots: Vec<(u32, u32, u32)>,
}

impl Cache {
    pub(crate) fn new() -> Cache {
        Cache {
            slots: vec![(0, 0, 0); 1 << 12],
        }
    }

    #[inline]
    fn slot(&self, u: u32, v: u32) -> usize {
        let h = (u64::from(u) << 32 | u64::from(v)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (h >> 32) as usize & (self.slots.len() - 1)
    }

    /// The cached result for `(u, v)`, if still there.
    #[inline]
    pub(crate) fn get(&self, u: u32, v: u32) -> Option<u32> {
        let (a, b, r) = self.slots[self.slot(u, v)];
        (a == u && b == v).then_some(r)
    }

    /// Records a result.
    #[inline]
    pub(crate) fn put(&mut self, u: u32, v: u32, r: u32) {
        let i = self.slot(u, v);
        self.slots[i] = (u, v, r);
    }

    /// Grows (emptied) to about `nodes` slots, up to [`MAX_SLOTS`].
    pub(crate) fn fit(&mut self, nodes: usize) {
        if nodes > self.slots.len() && self.slots.len() < MAX_SLOTS {
            let size = nodes.next_power_of_two().min(MAX_SLOTS);
            self.slots = vec![(0, 0, 0); size];
        }
    }

    /// Forgets every entry and the memory beyond the initial size.
    pub(crate) fn clear(&mut self) {
        *self = Cache::new();
    }
}
