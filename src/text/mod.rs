//! The Arabic text pipeline: normalization with alignment, tokenization, clitics, and the
//! conversions of offsets into other units.

pub(crate) mod clitic;
mod normalize;
pub mod offsets;
mod tokenize;

#[cfg(test)]
mod tables;

#[cfg(feature = "train")]
pub(crate) use normalize::normalize_into;
#[cfg(any(test, feature = "train"))]
pub(crate) use normalize::normalize_word;
pub use normalize::AlignedText;
pub(crate) use tokenize::{tokenize, Token, TokenKind};
