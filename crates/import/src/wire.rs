//! The compact binary form in which the reader process sends sheets back: little-endian
//! counts and arrays, 13 bytes a cell. Decoding trusts nothing: every count is checked
//! against the bytes that are really there before anything is allocated.

use std::io::{self, Write};

use super::grid::{Cell, Kind, MAX_COLS, MAX_ROWS, Region, Sheet, SheetMeta};

const CELL_BYTES: usize = 4 + 1 + 8;

/// The exact size of `encode(sheets)`, so it can be announced before it is streamed.
pub fn encoded_len(sheets: &[Sheet]) -> u64 {
    let mut n = 4u64;
    for s in sheets {
        let (rows, cells, text) = s.parts();
        n += 1 + 4 + s.name.as_ref().map_or(0, |x| x.len()) as u64;
        n += 4 + 16 * s.merges.len() as u64;
        n += 4 + 4 * rows.len() as u64;
        n += 4 + (CELL_BYTES * cells.len()) as u64;
        n += 4 + text.len() as u64;
    }
    n
}

pub fn encode(sheets: &[Sheet], out: &mut impl Write) -> io::Result<()> {
    let u32_of = |n: usize| {
        u32::try_from(n).map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "too large"))
    };
    out.write_all(&u32_of(sheets.len())?.to_le_bytes())?;
    for s in sheets {
        let (rows, cells, text) = s.parts();
        let flags = u8::from(s.name.is_some())
            | (u8::from(s.hidden) << 1)
            | (u8::from(s.merges_known) << 2);
        out.write_all(&[flags])?;
        let name = s.name.as_deref().unwrap_or("");
        out.write_all(&u32_of(name.len())?.to_le_bytes())?;
        out.write_all(name.as_bytes())?;
        out.write_all(&u32_of(s.merges.len())?.to_le_bytes())?;
        for m in &s.merges {
            for v in [m.top, m.left, m.bottom, m.right] {
                out.write_all(&u32_of(v)?.to_le_bytes())?;
            }
        }
        out.write_all(&u32_of(rows.len())?.to_le_bytes())?;
        for r in rows {
            out.write_all(&r.to_le_bytes())?;
        }
        out.write_all(&u32_of(cells.len())?.to_le_bytes())?;
        let mut buf = [0u8; CELL_BYTES];
        for c in cells {
            buf[..4].copy_from_slice(&c.col.to_le_bytes());
            buf[4] = c.kind as u8;
            buf[5..].copy_from_slice(&c.data.to_le_bytes());
            out.write_all(&buf)?;
        }
        out.write_all(&u32_of(text.len())?.to_le_bytes())?;
        out.write_all(text.as_bytes())?;
    }
    Ok(())
}

/// The sheets in `bytes`, or None if they are not a well-formed encoding.
pub fn decode(bytes: &[u8]) -> Option<Vec<Sheet>> {
    let mut r = Bytes(bytes);
    let count = r.u32()? as usize;
    let mut sheets = Vec::with_capacity(count.min(r.0.len()));
    for _ in 0..count {
        let flags = r.take(1)?[0];
        let name = std::str::from_utf8(r.block(1)?).ok()?.to_string();
        let merges = r
            .block(16)?
            .chunks_exact(16)
            .map(|m| {
                let at = |i: usize| u32_at(m, 4 * i) as usize;
                Region {
                    top: at(0),
                    left: at(1),
                    bottom: at(2),
                    right: at(3),
                }
            })
            .filter(|m| m.top <= m.bottom && m.left <= m.right)
            .filter(|m| m.bottom < MAX_ROWS && m.right < MAX_COLS)
            .collect();
        let rows: Vec<u32> = r.block(4)?.chunks_exact(4).map(|b| u32_at(b, 0)).collect();
        let cells = r
            .block(CELL_BYTES)?
            .chunks_exact(CELL_BYTES)
            .map(|b| {
                Some(Cell {
                    col: u32_at(b, 0),
                    kind: Kind::from_code(b[4])?,
                    data: u64::from_le_bytes(b[5..].try_into().ok()?),
                })
            })
            .collect::<Option<Vec<Cell>>>()?;
        let text = String::from_utf8(r.block(1)?.to_vec()).ok()?;
        let meta = SheetMeta {
            name: (flags & 1 != 0).then_some(name),
            hidden: flags & 2 != 0,
            merges,
            merges_known: flags & 4 != 0,
        };
        sheets.push(Sheet::from_parts(meta, rows, cells, text)?);
    }
    r.0.is_empty().then_some(sheets)
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    let mut x = [0u8; 4];
    x.copy_from_slice(&b[at..at + 4]);
    u32::from_le_bytes(x)
}

struct Bytes<'a>(&'a [u8]);

impl<'a> Bytes<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    fn u32(&mut self) -> Option<u32> {
        self.take(4).map(|b| u32_at(b, 0))
    }

    /// A count of items of `size` bytes, then the items.
    fn block(&mut self, size: usize) -> Option<&'a [u8]> {
        let n = self.u32()? as usize;
        self.take(n.checked_mul(size)?)
    }
}

#[cfg(test)]
mod tests {
    use super::super::grid::{SheetBuilder, Value};
    use super::*;

    fn sample() -> Vec<Sheet> {
        let mut b = SheetBuilder::new();
        b.text(0, 0, "乡镇（街道）").unwrap();
        b.number(1, 1, 95.5, true).unwrap();
        b.error(1, 2, "#DIV/0!").unwrap();
        b.date(3, 0, 45590.0).unwrap();
        let meta = SheetMeta {
            name: Some("月调度表".into()),
            hidden: true,
            merges: vec![Region {
                top: 0,
                left: 0,
                bottom: 1,
                right: 0,
            }],
            merges_known: true,
        };
        vec![
            b.finish(meta),
            SheetBuilder::new().finish(SheetMeta::default()),
        ]
    }

    #[test]
    fn round_trips() {
        let sheets = sample();
        let mut bytes = Vec::new();
        encode(&sheets, &mut bytes).unwrap();
        assert_eq!(bytes.len() as u64, encoded_len(&sheets));
        let back = decode(&bytes).unwrap();
        assert_eq!(back.len(), 2);
        let s = &back[0];
        assert_eq!(s.name.as_deref(), Some("月调度表"));
        assert!(s.hidden && s.merges_known);
        assert_eq!(s.get(0, 0), Value::Text("乡镇（街道）"));
        assert_eq!(
            s.get(1, 1),
            Value::Number {
                value: 95.5,
                percent: true
            }
        );
        assert_eq!(s.get(1, 2), Value::Error("#DIV/0!"));
        assert_eq!(s.get(3, 0).display(), "2024-10-25");
        assert_eq!(s.merge_at(1, 0).map(|m| m.bottom), Some(1));
        assert_eq!(back[1].height(), 0);
    }

    #[test]
    fn damaged_encodings_are_refused_not_trusted() {
        let mut bytes = Vec::new();
        encode(&sample(), &mut bytes).unwrap();
        // Every truncation, and every single flipped byte, decodes to None or to sheets
        // whose look-ups stay in bounds.
        for n in 0..bytes.len() {
            assert!(decode(&bytes[..n]).is_none());
        }
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0xFF;
            if let Some(sheets) = decode(&b) {
                for s in &sheets {
                    for r in 0..s.height() + 1 {
                        for c in 0..s.width() + 1 {
                            let _ = s.get(r, c).display();
                        }
                    }
                }
            }
        }
        // A count that claims more than is there allocates nothing.
        assert!(decode(&[0xFF, 0xFF, 0xFF, 0xFF]).is_none());
    }
}
