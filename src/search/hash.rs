//! Hashing for the index builder: a fast hasher for its in-memory maps, and
//! the content hash that versions the files it writes.
//!
//! Invariant: both are fixed functions of their input, with no random seed,
//! so the index stays byte-identical from one build of the same input to the
//! next; neither is meant to resist an adversary.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The multiplier of FxHash (rustc's hasher) and of [`content_hash`]'s rounds.
const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// rustc's FxHasher: one multiply per word. Short keys (words of a text)
/// hash several times faster than with the standard SipHash.
#[derive(Debug, Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
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

/// A hash map with [`FxHasher`]. Never iterated where order reaches the
/// output (see the invariants of `mod.rs`).
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// A 64-bit hash of `bytes` with a final avalanche, so that any change of
/// content changes the version string almost surely.
pub fn content_hash(bytes: &[u8]) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write(bytes);
    hasher.write_usize(bytes.len());
    avalanche(hasher.finish())
}

/// Combines hashes in order.
pub fn combine(hashes: impl IntoIterator<Item = u64>) -> u64 {
    let mut hasher = FxHasher::default();
    for h in hashes {
        hasher.write_u64(h);
    }
    avalanche(hasher.finish())
}

/// MurmurHash3's finaliser: every input bit affects every output bit.
fn avalanche(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_content_hash_is_fixed_and_sensitive_to_every_byte() {
        let text = b"briefbookSearch.add(\"p\",0,{\"garcia\":\"01\"}";
        assert_eq!(content_hash(text), content_hash(text));
        for i in 0..text.len() {
            let mut changed = text.to_vec();
            changed[i] ^= 1;
            assert_ne!(content_hash(&changed), content_hash(text), "byte {i}");
        }
        // Trailing zero bytes are content too.
        assert_ne!(content_hash(b"ab"), content_hash(b"ab\0"));
    }

    #[test]
    fn combining_depends_on_order() {
        assert_ne!(combine([1, 2]), combine([2, 1]));
        assert_eq!(combine([1, 2]), combine([1, 2]));
    }

    #[test]
    fn fast_maps_find_what_they_hold() {
        let mut map: FastMap<&str, usize> = FastMap::default();
        for (i, w) in ["garcia", "harfuch", "garcia-harfuch", ""]
            .iter()
            .enumerate()
        {
            map.insert(w, i);
        }
        assert_eq!(map["garcia-harfuch"], 2);
        assert_eq!(map[""], 3);
    }
}
