//! A legacy .xls is a Compound File (CFB) container. calamine trusts the container's header
//! counts and sector chains (its issues 684 and 714: a damaged header or a looping chain
//! makes it allocate without bound), so the container is first walked with the `cfb`
//! crate, which checks them against the file. Then the workbook stream's records that
//! calamine 0.38 panics on rather than refuses are looked for (a sheet placed outside the
//! stream, a MulRk whose last column comes before its first). An extra layer: the reader
//! process's memory cap and time limit are the guarantee.

use std::io::{Cursor, Read};

use super::source::ReadError;

/// Ok when the container is sound and holds a workbook stream calamine can read whole.
pub fn check(bytes: &[u8]) -> Result<(), ReadError> {
    let broken = |e: std::io::Error| format!("文件已损坏：xls 文件的内部结构有误（{}）", clip(&e));
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(broken)?;
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| file.is_stream(n))
        .ok_or("文件已损坏：xls 文件中没有工作簿数据（Workbook 流）")?;
    let mut stream = file.open_stream(name).map_err(broken)?;
    if stream.len() > bytes.len() as u64 {
        return Err("文件已损坏：xls 文件声明的工作簿数据比文件本身还大".into());
    }
    // Reading the stream follows its whole sector chain, which `cfb` checks for loops.
    let mut workbook = Vec::new();
    stream
        .by_ref()
        .take(bytes.len() as u64)
        .read_to_end(&mut workbook)
        .map_err(broken)?;
    check_records(&workbook)
}

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const BOUND_SHEET: u16 = 0x0085;
const MUL_RK: u16 = 0x00BD;

/// The BIFF records of `stream` from `from` on, as (type, data), up to the first that does
/// not fit (calamine refuses that one itself).
fn records(stream: &[u8], from: usize) -> impl Iterator<Item = (u16, &[u8])> {
    let mut at = from;
    std::iter::from_fn(move || {
        let head = stream.get(at..at.checked_add(4)?)?;
        let typ = u16::from_le_bytes([head[0], head[1]]);
        let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let data = stream.get(at + 4..at + 4 + len)?;
        at += 4 + len;
        Some((typ, data))
    })
}

fn check_records(stream: &[u8]) -> Result<(), ReadError> {
    let mut sheets = Vec::new();
    for (typ, data) in records(stream, 0) {
        match (typ, data.get(..4)) {
            (BOUND_SHEET, Some(pos)) => {
                sheets.push(u32::from_le_bytes([pos[0], pos[1], pos[2], pos[3]]) as usize)
            }
            (EOF, _) => break,
            _ => {}
        }
    }
    for (k, &pos) in sheets.iter().enumerate() {
        if pos >= stream.len() {
            return Err(format!(
                "文件已损坏：xls 文件中第{}个工作表的位置超出了工作簿数据",
                k + 1
            ));
        }
        // The sheet's own substream, embedded charts (their own BOF … EOF) included.
        let mut depth = 0usize;
        for (typ, data) in records(stream, pos) {
            match typ {
                BOF => depth += 1,
                EOF if depth <= 1 => break,
                EOF => depth -= 1,
                MUL_RK if data.len() >= 6 => {
                    let first = u16::from_le_bytes([data[2], data[3]]);
                    let last = u16::from_le_bytes([data[data.len() - 2], data[data.len() - 1]]);
                    if last < first {
                        return Err(format!(
                            "文件已损坏：xls 文件第{}个工作表中有一条数据记录的列范围颠倒",
                            k + 1
                        ));
                    }
                }
                _ => {}
            }
        }
    }
    Ok(())
}

fn clip(e: &std::io::Error) -> String {
    dd_core::text::clip(&e.to_string(), 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    /// Globals (BOF, one BoundSheet8 at `sheet_at`, EOF), then a sheet with one MulRk.
    fn stream(sheet_at: Option<u32>, mul_rk_cols: (u16, u16)) -> Vec<u8> {
        let globals_len = 3 * 4 + 16 + 10;
        let at = sheet_at.unwrap_or(globals_len as u32);
        let mut s = record(BOF, &[0; 16]);
        let mut bound = at.to_le_bytes().to_vec();
        bound.extend([0, 0, 1, 0, b'S', 0]);
        s.extend(record(BOUND_SHEET, &bound));
        s.extend(record(EOF, &[]));
        assert_eq!(s.len(), globals_len);
        s.extend(record(BOF, &[0; 16]));
        let (first, last) = mul_rk_cols;
        let mut mul = vec![0, 0];
        mul.extend(first.to_le_bytes());
        mul.extend([0; 6]);
        mul.extend(last.to_le_bytes());
        s.extend(record(MUL_RK, &mul));
        s.extend(record(EOF, &[]));
        s
    }

    #[test]
    fn records_calamine_would_panic_on_are_refused_with_a_reason() {
        assert!(check_records(&stream(None, (1, 1))).is_ok());
        let outside = check_records(&stream(Some(1 << 20), (1, 1))).unwrap_err();
        assert!(outside.contains("第1个工作表的位置超出"), "{outside}");
        let reversed = check_records(&stream(None, (5, 2))).unwrap_err();
        assert!(reversed.contains("列范围颠倒"), "{reversed}");
    }
}
