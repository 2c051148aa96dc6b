//! A cheap hasher for the core's own lookup tables (ids, user names,
//! matching values): the planner and the preview hash a few hundred
//! thousand short keys per run, where std's SipHash-1-3 showed up as about
//! 15% of the instructions. The keys come from the admin's own directory
//! and target, so the DoS resistance SipHash buys is not needed here.
//!
//! The mixing is FxHash's (rustc's hasher): eight bytes at a time, one
//! rotate, xor and multiply per word, and a final rotation. Nothing depends on the hash values
//! themselves: every output is ordered by something else (directory order,
//! `BTreeMap`s), so a different hasher could never change a result.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// FxHash's multiplier (a 64-bit odd constant with well-spread bits).
const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// The hasher; use it through [`FastMap`] / [`FastSet`].
#[derive(Debug, Clone, Copy, Default)]
pub struct FastHasher(u64);

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let mut buffer = [0u8; 8];
            buffer.copy_from_slice(word);
            self.add(u64::from_le_bytes(buffer));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            // The length goes in too, so "a" and "a\0" differ.
            let mut buffer = [0u8; 8];
            buffer
                .iter_mut()
                .zip(rest)
                .for_each(|(slot, byte)| *slot = *byte);
            self.add(u64::from_le_bytes(buffer) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, value: u8) {
        self.add(u64::from(value));
    }

    fn write_u32(&mut self, value: u32) {
        self.add(u64::from(value));
    }

    fn write_u64(&mut self, value: u64) {
        self.add(value);
    }

    fn write_usize(&mut self, value: usize) {
        self.add(value as u64);
    }

    /// The multiply leaves the low bits (which pick the bucket) depending
    /// on the low input bits only; the rotation brings the well-mixed high
    /// bits down, as rustc-hash 2 does.
    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
}

/// A `HashMap` hashed with [`FastHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// A `HashSet` hashed with [`FastHasher`].
pub type FastSet<K> = HashSet<K, BuildHasherDefault<FastHasher>>;

/// An empty [`FastMap`] with room for `capacity` entries.
pub fn map_with_capacity<K, V>(capacity: usize) -> FastMap<K, V> {
    FastMap::with_capacity_and_hasher(capacity, BuildHasherDefault::default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, Hash};

    fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
        BuildHasherDefault::<FastHasher>::default().hash_one(value)
    }

    #[test]
    fn equal_keys_hash_equal_and_near_keys_differ() {
        assert_eq!(hash_of("user17@example.com"), hash_of("user17@example.com"));
        let keys = [
            "",
            "a",
            "a\0",
            "ab",
            "ba",
            "u1",
            "u10",
            "u100",
            "t1",
            "12345678",
            "123456789",
            "user1@example.com",
            "user2@example.com",
            "User1@example.com",
        ];
        let hashes: FastSet<u64> = keys.iter().map(|key| hash_of(*key)).collect();
        assert_eq!(hashes.len(), keys.len(), "a collision among {keys:?}");
    }

    #[test]
    fn spreads_sequential_ids_over_buckets() {
        // 10,000 ids like a directory's over 65,536 buckets: the low bits,
        // which pick the bucket, must not collapse onto a few values
        // (a uniform hash leaves about 9,300 distinct; plain FxHash 256).
        let low_bits: FastSet<u64> = (0..10_000)
            .map(|i| hash_of(&format!("u{i}")) & 0xffff)
            .collect();
        assert!(
            low_bits.len() > 9_000,
            "only {} distinct buckets",
            low_bits.len()
        );
    }

    #[test]
    fn maps_and_sets_work_with_borrowed_lookups() {
        let mut ids: FastMap<String, usize> = map_with_capacity(4);
        ids.insert("u1".to_string(), 1);
        ids.insert("u2".to_string(), 2);
        assert_eq!(ids.get("u2"), Some(&2));
        assert_eq!(ids.get("u3"), None);
        let mut numbers: FastSet<usize> = FastSet::default();
        assert!(numbers.insert(7));
        assert!(!numbers.insert(7));
    }
}
