//! The Arabic text pipeline: normalization with alignment, tokenization, clitics.

pub(crate) mod clitic;
mod normalize;
mod tokenize;

pub use normalize::AlignedText;
#[allow(unused_imports)]
pub(crate) use normalize::{normalize_char, normalize_into, normalize_word};
#[allow(unused_imports)]
pub(crate) use tokenize::{tokenize, Token, TokenKind};
