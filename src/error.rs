//! The crate's one error type.

use std::fmt;

/// Everything that can go wrong in kashif.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// A model file (the recognizer's model or the gloss table) that is not one, or is
    /// truncated or corrupted.
    Model(String),
    /// Input bytes that are not valid UTF-8; `valid_up_to` is the byte offset of the first bad byte.
    InvalidUtf8 {
        /// Offset of the first byte that is not part of valid UTF-8.
        valid_up_to: usize,
    },
    /// Input that is too large to analyze at once.
    TooLarge {
        /// Size of the input in bytes.
        len: usize,
        /// Largest size accepted, in bytes.
        max: usize,
    },
    /// A CoNLL data file that cannot be parsed.
    Data(String),
    /// Anything read from or written to disk that failed.
    Io(String),
}

/// `Result` with kashif's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Model(msg) => write!(f, "invalid model: {msg}"),
            Error::InvalidUtf8 { valid_up_to } => {
                write!(f, "input is not valid UTF-8 (first bad byte at offset {valid_up_to})")
            }
            Error::TooLarge { len, max } => {
                write!(f, "input of {len} bytes is larger than the {max}-byte limit")
            }
            Error::Data(msg) => write!(f, "invalid data: {msg}"),
            Error::Io(msg) => write!(f, "{msg}"),
        }
    }
}

impl std::error::Error for Error {}
