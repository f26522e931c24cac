//! Little helpers for the model's binary format: LEB128 varints and a bounds-checked reader.

use crate::error::{Error, Result};

/// Appends an unsigned LEB128 varint.
pub(crate) fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Appends a signed value, zigzag-encoded.
pub(crate) fn put_signed(out: &mut Vec<u8>, value: i64) {
    put_varint(out, ((value << 1) ^ (value >> 63)) as u64);
}

/// Reads a model file without ever indexing past its end.
pub(crate) struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl<'b> Reader<'b> {
    pub(crate) fn new(bytes: &'b [u8]) -> Reader<'b> {
        Reader { bytes, at: 0 }
    }

    /// An error that says where reading stopped.
    pub(crate) fn error(&self, what: &str) -> Error {
        Error::Model(format!("{what} at byte {}", self.at))
    }

    pub(crate) fn take(&mut self, n: usize) -> Result<&'b [u8]> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len()).ok_or_else(|| self.error("unexpected end of file"))?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    /// Skips the zero bytes up to the next multiple of four from the start.
    pub(crate) fn pad(&mut self) -> Result<()> {
        let n = self.at.next_multiple_of(4) - self.at;
        if self.take(n)?.iter().any(|&b| b != 0) {
            return Err(self.error("padding is not zero"));
        }
        Ok(())
    }

    /// The next `n` items of plain data as they lie, borrowed where the bytes are aligned for
    /// `T` and copied where not. Model files are little-endian, as WebAssembly and nearly every
    /// CPU is; a big-endian machine gets an error.
    pub(crate) fn pod_slice<T: bytemuck::Pod>(&mut self, n: usize) -> Result<std::borrow::Cow<'b, [T]>> {
        if cfg!(target_endian = "big") {
            return Err(self.error("model files are read on little-endian machines only"));
        }
        let size = n.checked_mul(std::mem::size_of::<T>()).ok_or_else(|| self.error("table larger than the file"))?;
        let bytes = self.take(size)?;
        Ok(match bytemuck::try_cast_slice(bytes) {
            Ok(items) => std::borrow::Cow::Borrowed(items),
            Err(_) => std::borrow::Cow::Owned(bytemuck::pod_collect_to_vec(bytes)),
        })
    }

    pub(crate) fn u32(&mut self) -> Result<u32> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    #[inline]
    pub(crate) fn varint(&mut self) -> Result<u64> {
        // Decoding runs once per model load, often before the engine has optimized it: keep it
        // a plain loop over the slice.
        let mut value = 0u64;
        let mut shift = 0;
        while let Some(&byte) = self.bytes.get(self.at) {
            self.at += 1;
            value |= ((byte & 0x7f) as u64) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
            shift += 7;
            if shift >= 64 {
                return Err(self.error("varint too long"));
            }
        }
        Err(self.error("unexpected end of file"))
    }

    pub(crate) fn signed(&mut self) -> Result<i64> {
        let v = self.varint()?;
        Ok(((v >> 1) as i64) ^ -((v & 1) as i64))
    }

    /// A count of items that follow, checked against the bytes left (each item takes at least
    /// one byte), so that a corrupted count cannot make us allocate gigabytes.
    pub(crate) fn count(&mut self, what: &str) -> Result<usize> {
        let n = self.varint()?;
        if n > (self.bytes.len() - self.at) as u64 {
            return Err(self.error(&format!("{what} count {n} larger than the file")));
        }
        Ok(n as usize)
    }

    pub(crate) fn string(&mut self) -> Result<String> {
        let n = self.count("string")?;
        let bytes = self.take(n)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| self.error("string is not UTF-8"))
    }

    pub(crate) fn is_at_end(&self) -> bool {
        self.at == self.bytes.len()
    }
}

/// A checksum over the bytes, eight at a time: catches corruption and truncation.
pub(crate) fn checksum(bytes: &[u8]) -> u32 {
    let mut chunks = bytes.chunks_exact(8);
    let mut h = 0x811c_9dc5_u64;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = crate::base::hash::mix(h, u64::from_le_bytes(word));
    }
    for &b in chunks.remainder() {
        h = crate::base::hash::mix(h, b as u64);
    }
    (crate::base::hash::finish(h ^ bytes.len() as u64) >> 32) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip() {
        let mut out = Vec::new();
        for v in [0u64, 1, 127, 128, 300, u32::MAX as u64, u64::MAX] {
            put_varint(&mut out, v);
        }
        for v in [0i64, -1, 1, -300, i32::MIN as i64] {
            put_signed(&mut out, v);
        }
        let mut r = Reader::new(&out);
        for v in [0u64, 1, 127, 128, 300, u32::MAX as u64, u64::MAX] {
            assert_eq!(r.varint().unwrap(), v);
        }
        for v in [0i64, -1, 1, -300, i32::MIN as i64] {
            assert_eq!(r.signed().unwrap(), v);
        }
        assert!(r.is_at_end());
        assert!(r.varint().is_err());
        assert!(Reader::new(&[0xff; 20]).varint().is_err());
    }
}
