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

/// Hash of a string, eight bytes at a time.
#[inline]
pub(crate) fn hash_str(text: &str) -> u64 {
    let bytes = text.as_bytes();
    let mut state = 0;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        state = mix(state, u64::from_le_bytes(word));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut word = [0u8; 8];
        word[..rest.len()].copy_from_slice(rest);
        state = mix(state, u64::from_le_bytes(word));
    }
    mix(state, bytes.len() as u64)
}

/// Hash of `a` followed by `b`, without allocating for short strings.
pub(crate) fn hash_concat(a: &str, b: &str) -> u64 {
    let mut buffer = [0u8; 96];
    let len = a.len() + b.len();
    if len <= buffer.len() {
        buffer[..a.len()].copy_from_slice(a.as_bytes());
        buffer[a.len()..len].copy_from_slice(b.as_bytes());
        // Both halves are whole strings, so the concatenation is valid UTF-8.
        match std::str::from_utf8(&buffer[..len]) {
            Ok(joined) => hash_str(joined),
            Err(_) => hash_str(&format!("{a}{b}")),
        }
    } else {
        hash_str(&format!("{a}{b}"))
    }
}

/// Extends the hash of a phrase by one more word (given by its hash).
#[inline]
pub(crate) fn phrase_next(phrase: u64, word: u64) -> u64 {
    mix(mix(phrase, 0x20), word)
}

/// Hash of a phrase of words separated by single spaces; equal to [`hash_str`] for one word.
pub(crate) fn hash_phrase(phrase: &str) -> u64 {
    let mut words = phrase.split(' ');
    let first = hash_str(words.next().unwrap_or(""));
    words.fold(first, |h, w| phrase_next(h, hash_str(w)))
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
        assert_eq!(hash_concat("ا", "لصين"), hash_str("الصين"));
        assert_eq!(hash_phrase("روسيا"), hash_str("روسيا"));
        assert_eq!(hash_phrase("منظمة شانغهاي"), phrase_next(hash_str("منظمة"), hash_str("شانغهاي")));
        let long = "ب".repeat(60);
        assert_eq!(hash_concat("ا", &long), hash_str(&format!("ا{long}")));
    }
}
