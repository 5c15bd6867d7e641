//! A small, fast, non-cryptographic hasher for the compiler's memo tables
//! (the Firefox/rustc "Fx" hash). Keys are node ids, never attacker input
//! that could matter: the catalog is authored by the shop.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The Fx hasher state.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// A `HashMap` using [`FxHasher`].
pub(crate) type FxHashMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Hashes a slice of node ids with a level.
#[inline]
pub(crate) fn hash_children(level: u32, children: &[u32]) -> u64 {
    let mut h = FxHasher::default();
    h.add(u64::from(level));
    for &c in children {
        h.add(u64::from(c));
    }
    // Mix the high bits down: open addressing uses the low bits.
    h.hash ^ (h.hash >> 29)
}
