//! The Arabic text pipeline: normalization with alignment, tokenization, clitics.

mod normalize;

pub use normalize::AlignedText;
#[allow(unused_imports)]
pub(crate) use normalize::{normalize_char, normalize_into, normalize_word};
