//! Mechanisms every layer above shares: hashing of words and phrases, the one table from
//! 32-bit keys to values (with its filter), and the byte codec of the model format.

pub(crate) mod codec;
pub(crate) mod hash;
pub(crate) mod table;
