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
    hash_bytes(text.as_bytes())
}

/// [`hash_str`] of raw bytes: each whole group of eight as a little-endian word, then the
/// last few zero-padded, then the length.
#[inline]
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut state = 0;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        state = mix(state, u64::from_le_bytes(word));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        state = mix(state, padded_word(rest));
    }
    mix(state, bytes.len() as u64)
}

/// Up to eight bytes as a little-endian word, zero-padded: two overlapping loads instead of a
/// copy of variable length (which would call `memcpy` for every word hashed).
#[inline]
fn padded_word(rest: &[u8]) -> u64 {
    let n = rest.len();
    let u32_at = |at: usize| rest.get(at..at + 4).and_then(|b| b.try_into().ok()).map_or(0, u32::from_le_bytes) as u64;
    let u16_at = |at: usize| rest.get(at..at + 2).and_then(|b| b.try_into().ok()).map_or(0, u16::from_le_bytes) as u64;
    if n >= 4 {
        // Bytes 0..4 and n-4..n; where they overlap they hold the same bytes, so OR keeps them.
        u32_at(0) | (u32_at(n - 4) << (8 * (n - 4)))
    } else if n >= 2 {
        u16_at(0) | (u16_at(n - 2) << (8 * (n - 2)))
    } else {
        rest.first().map_or(0, |&b| b as u64)
    }
}

/// Hash of `a` followed by `b`, without allocating for short strings.
pub(crate) fn hash_concat(a: &str, b: &str) -> u64 {
    let mut buffer = [0u8; 96];
    let len = a.len() + b.len();
    if len <= buffer.len() {
        buffer[..a.len()].copy_from_slice(a.as_bytes());
        buffer[a.len()..len].copy_from_slice(b.as_bytes());
        hash_bytes(&buffer[..len])
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

/// One step of xorshift64 (Marsaglia): a small deterministic generator, the same on every
/// target, for the training order and for tests. `state` must not be zero.
#[inline]
#[cfg(any(test, feature = "train"))]
pub(crate) fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
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

/// The 32-bit key under which a word's or phrase's hash is stored in a key table.
#[inline]
pub(crate) fn key_of_hash(hash: u64) -> u32 {
    finish(hash) as u32
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
        // Every tail length hashes as the zero-padded copy it stands for.
        for n in 0..=20usize {
            let bytes: Vec<u8> = (0..n as u8).map(|b| b.wrapping_mul(37).wrapping_add(200)).collect();
            let mut state = 0;
            for chunk in bytes.chunks(8) {
                let mut word = [0u8; 8];
                word[..chunk.len()].copy_from_slice(chunk);
                state = mix(state, u64::from_le_bytes(word));
            }
            assert_eq!(hash_bytes(&bytes), mix(state, n as u64), "{n} bytes");
        }
        let long = "ب".repeat(60);
        assert_eq!(hash_concat("ا", &long), hash_str(&format!("ا{long}")));
    }
}
