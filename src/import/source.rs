//! Bytes → sheets: sniffs the format (never trusting the extension), reads xlsx/xlsm/xlsb/
//! xls/ods through calamine and CSV after decoding UTF-8/UTF-16/GBK.

use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

use calamine::{Data, DataRef, Ods, Range, Reader, SheetVisible, Xls, Xlsb, Xlsx};

use super::grid::{Region, Sheet, Value};

/// A refusal of the whole file, in Chinese.
pub type ReadError = String;

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Reads every sheet of a spreadsheet file. `ext` is the lower-case extension, used
/// only to tell CSV from other text.
pub fn read(bytes: Vec<u8>, ext: &str) -> Result<Vec<Sheet>, ReadError> {
    if bytes.is_empty() {
        return Err("文件为空（0 字节），请让乡镇重新发送".into());
    }
    // calamine is well tested but we read untrusted bytes: a panic inside it must become
    // a refusal of this file, never a crash of the app.
    catch_unwind(AssertUnwindSafe(|| read_inner(bytes, ext)))
        .unwrap_or_else(|_| Err("文件已损坏，无法读取".into()))
}

fn read_inner(bytes: Vec<u8>, ext: &str) -> Result<Vec<Sheet>, ReadError> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        let head = &bytes[..bytes.len().min(200)];
        if contains(head, b"application/vnd.oasis.opendocument.spreadsheet") {
            return read_ods(bytes);
        }
        if contains(head, b"application/vnd.oasis.opendocument") {
            return Err("这是 OpenDocument 文档而不是表格，请另存为 .xlsx 或 .ods 表格".into());
        }
        if contains(&bytes, b"xl/workbook.bin") {
            return read_xlsb(bytes);
        }
        if contains(&bytes, b"word/document") {
            return Err("这是 Word 文档，不是 Excel 表格".into());
        }
        return read_xlsx(bytes);
    }
    if bytes.starts_with(&OLE_MAGIC) {
        if contains(&bytes, &utf16("EncryptedPackage")) {
            return Err(
                "文件设有打开密码，无法读取：请在 Excel/WPS 中取消密码后另存，再导入".into(),
            );
        }
        if contains(&bytes, &utf16("WordDocument")) {
            return Err("这是 Word 文档（.doc），不是 Excel 表格".into());
        }
        return read_xls(bytes);
    }
    if looks_like_text(&bytes) || matches!(ext, "csv" | "txt" | "tsv") {
        return super::csv::read(&bytes);
    }
    Err("无法识别的文件格式：不是 Excel（.xlsx/.xls）、WPS、ODS 表格或 CSV 文件".into())
}

fn describe(e: impl std::fmt::Display) -> String {
    let detail = e.to_string();
    if detail.to_lowercase().contains("password") {
        "文件设有密码保护，无法读取：请取消密码后另存，再导入".into()
    } else {
        format!(
            "文件已损坏或不完整，无法读取（{}）",
            crate::text::clip(&detail, 80)
        )
    }
}

fn read_xlsx(bytes: Vec<u8>) -> Result<Vec<Sheet>, ReadError> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(describe)?;
    let metas: Vec<(String, bool)> = wb
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible != SheetVisible::Visible))
        .collect();
    let mut sheets = Vec::with_capacity(metas.len());
    for (name, hidden) in metas {
        let mut sheet = Sheet {
            name: Some(name.clone()),
            hidden,
            merges_known: true,
            ..Sheet::default()
        };
        {
            let mut reader = wb.worksheet_cells_reader(&name).map_err(describe)?;
            let percent: Vec<bool> = reader
                .styles()
                .iter()
                .map(|s| {
                    s.number_format
                        .as_ref()
                        .is_some_and(|f| f.format_code.contains('%'))
                })
                .collect();
            while let Some((cell, style)) = reader.next_cell_with_style_id().map_err(describe)? {
                let (row, col) = cell.get_position();
                let pct = percent.get(style).copied().unwrap_or(false);
                let value = from_data_ref(cell.get_value(), pct);
                sheet.set(row as usize, col as usize, value);
            }
        }
        sheet.merges = wb
            .merge_cells_by_sheet_name(&name)
            .map(|m| m.iter().map(region).collect())
            .unwrap_or_default();
        sheet.trim();
        sheets.push(sheet);
    }
    Ok(sheets)
}

fn read_xls(bytes: Vec<u8>) -> Result<Vec<Sheet>, ReadError> {
    let mut wb: Xls<_> = Xls::new(Cursor::new(bytes)).map_err(describe)?;
    let metas = sheet_metas(&wb);
    let mut sheets = Vec::new();
    for (name, hidden) in metas {
        let range = wb.worksheet_range(&name).map_err(describe)?;
        let mut sheet = from_range(&name, hidden, &range);
        if let Ok(m) = wb.merge_cells_by_sheet_name(&name) {
            sheet.merges = m.iter().map(region).collect();
            sheet.merges_known = true;
        }
        sheets.push(sheet);
    }
    Ok(sheets)
}

fn read_xlsb(bytes: Vec<u8>) -> Result<Vec<Sheet>, ReadError> {
    let mut wb: Xlsb<_> = Xlsb::new(Cursor::new(bytes)).map_err(describe)?;
    let metas = sheet_metas(&wb);
    let mut sheets = Vec::new();
    for (name, hidden) in metas {
        let range = wb.worksheet_range(&name).map_err(describe)?;
        sheets.push(from_range(&name, hidden, &range));
    }
    Ok(sheets)
}

fn read_ods(bytes: Vec<u8>) -> Result<Vec<Sheet>, ReadError> {
    let mut wb: Ods<_> = Ods::new(Cursor::new(bytes)).map_err(describe)?;
    let metas = sheet_metas(&wb);
    let mut sheets = Vec::new();
    for (name, hidden) in metas {
        let range = wb.worksheet_range(&name).map_err(describe)?;
        sheets.push(from_range(&name, hidden, &range));
    }
    Ok(sheets)
}

fn sheet_metas<R: Reader<Cursor<Vec<u8>>>>(wb: &R) -> Vec<(String, bool)> {
    wb.sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible != SheetVisible::Visible))
        .collect()
}

fn from_range(name: &str, hidden: bool, range: &Range<Data>) -> Sheet {
    let mut sheet = Sheet {
        name: Some(name.to_string()),
        hidden,
        ..Sheet::default()
    };
    for (row, col, data) in range.used_cells() {
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let value = from_data(data);
        sheet.set(r0 as usize + row, c0 as usize + col, value);
    }
    sheet.trim();
    sheet
}

fn region(d: &calamine::Dimensions) -> Region {
    Region {
        top: d.start.0 as usize,
        left: d.start.1 as usize,
        bottom: d.end.0 as usize,
        right: d.end.1 as usize,
    }
}

fn from_data(d: &Data) -> Value {
    match d {
        Data::Int(i) => Value::Number {
            value: *i as f64,
            percent: false,
        },
        Data::Float(f) => Value::Number {
            value: *f,
            percent: false,
        },
        Data::String(s) => Value::Text(s.clone()),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(d) => Value::Date(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Value::Text(s.clone()),
        Data::Error(e) => Value::Error(format!("{e}")),
        Data::Empty => Value::Empty,
    }
}

fn from_data_ref(d: &DataRef<'_>, percent: bool) -> Value {
    match d {
        DataRef::Int(i) => Value::Number {
            value: *i as f64,
            percent,
        },
        DataRef::Float(f) => Value::Number { value: *f, percent },
        DataRef::String(s) => Value::Text(s.clone()),
        DataRef::SharedString(s) => Value::Text((*s).to_string()),
        DataRef::Bool(b) => Value::Bool(*b),
        DataRef::DateTime(d) => Value::Date(d.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Value::Text(s.clone()),
        DataRef::Error(e) => Value::Error(format!("{e}")),
        DataRef::Empty => Value::Empty,
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// Text files have no NUL bytes (except UTF-16, which starts with a BOM).
fn looks_like_text(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let head = &bytes[..bytes.len().min(8192)];
    !head.contains(&0) && head.iter().filter(|&&b| b < 0x09).count() == 0
}
