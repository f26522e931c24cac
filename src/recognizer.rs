//! The high-level entry point: text in, entities out.

use crate::entity::Entity;
use crate::error::{Error, Result};

/// Largest text `analyze` accepts at once, in bytes.
pub const MAX_TEXT_BYTES: usize = 32 * 1024 * 1024;

/// Finds named entities, dates and amounts in Arabic text.
pub struct Recognizer {}

impl Recognizer {
    /// A recognizer with the model embedded in the crate.
    pub fn new() -> Result<Recognizer> {
        Ok(Recognizer {})
    }

    /// The entities of `text`, in order, non-overlapping, in byte offsets of `text`.
    pub fn analyze(&self, text: &str) -> Result<Vec<Entity>> {
        if text.len() > MAX_TEXT_BYTES {
            return Err(Error::TooLarge { len: text.len(), max: MAX_TEXT_BYTES });
        }
        Ok(Vec::new())
    }
}
