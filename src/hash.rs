//! A small, fast, platform-independent hash for feature and dictionary keys.
//!
//! Model files store these hashes, so the function must give the same value on every target
//! (native 64-bit and wasm32) and must never change without a model format version bump.

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// Mixes one 64-bit word into a running hash (FxHash's step).
#[inline]
pub(crate) fn mix(hash: u64, word: u64) -> u64 {
    (hash.rotate_left(5) ^ word).wrapping_mul(SEED)
}

/// Hashes a byte string, continuing from `state`: hashing `a` then `b` from the result
/// equals hashing `a` followed by `b`, so a word can be hashed with a prefix it lacks.
#[inline]
pub(crate) fn hash_bytes_from(state: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(state, |h, &b| mix(h, b as u64))
}

/// Hash of a string.
#[inline]
pub(crate) fn hash_str(text: &str) -> u64 {
    hash_bytes_from(0, text.as_bytes())
}

/// Final avalanche so that low bits (used to index tables) depend on every input bit.
#[inline]
pub(crate) fn finish(hash: u64) -> u64 {
    let mut h = hash;
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
    fn stable_values() {
        // Model files depend on these exact values.
        assert_eq!(finish(hash_str("")), finish(mix(0, 0)));
        assert_ne!(hash_str("روسيا"), hash_str("روسيه"));
        assert_ne!(hash_str("ab"), hash_str("ab\0"));
        assert_eq!(hash_bytes_from(hash_str("ا"), "لصين".as_bytes()), hash_str("الصين"));
    }
}
