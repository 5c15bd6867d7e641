//! Unsigned LEB128 varints and a bounds-checked reader.

use super::DecodeError;

/// Appends `x` as a varint.
pub(super) fn put(out: &mut Vec<u8>, mut x: u64) {
    while x >= 0x80 {
        out.push((x as u8) | 0x80);
        x >>= 7;
    }
    out.push(x as u8);
}

/// Reads bytes from a slice, never past its end.
pub(super) struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, pos: 0 }
    }

    pub(super) fn offset(&self) -> usize {
        self.pos
    }

    /// Bytes not read yet.
    pub(super) fn left(&self) -> usize {
        self.bytes.len() - self.pos
    }

    pub(super) fn fail(&self, message: impl Into<String>) -> DecodeError {
        DecodeError {
            offset: self.pos,
            message: message.into(),
        }
    }

    /// The next `n` bytes.
    pub(super) fn take(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        if n > self.left() {
            return Err(self.fail("unexpected end"));
        }
        let s = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    /// A varint (at most 10 bytes, no bits past 64).
    pub(super) fn varint(&mut self) -> Result<u64, DecodeError> {
        let mut x = 0u64;
        for shift in (0..70).step_by(7) {
            let b = self.take(1)?[0];
            let bits = u64::from(b & 0x7f);
            if shift == 63 && bits > 1 {
                return Err(self.fail("varint overflows 64 bits"));
            }
            x |= bits << shift;
            if b & 0x80 == 0 {
                return Ok(x);
            }
        }
        Err(self.fail("varint longer than 10 bytes"))
    }

    /// A varint used as a count or index (at most `u32::MAX`; callers
    /// bound it further before allocating).
    pub(super) fn count(&mut self) -> Result<usize, DecodeError> {
        let x = self.varint()?;
        if x > u64::from(u32::MAX) {
            return Err(self.fail("count too large"));
        }
        usize::try_from(x).map_err(|_| self.fail("count too large"))
    }
}
