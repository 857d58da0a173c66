//! Bytes → sheets: sniffs the format (never trusting the extension), then reads every
//! calamine format through one path (a [`Workbook`] streams each sheet's cells into a
//! [`SheetBuilder`]) and CSV after decoding UTF-8/UTF-16/GBK. Runs in the reader process
//! (see `isolation`): whatever a damaged file does here, the app does not feel it.

use std::io::Cursor;
use std::marker::PhantomData;

use calamine::{Data, DataRef, Dimensions, Ods, Reader, SheetVisible, Xls, Xlsb, Xlsx};
use memchr::memmem;

use super::grid::{OutOfBounds, Region, Sheet, SheetBuilder, SheetMeta};

/// A refusal of the whole file, in Chinese.
pub type ReadError = String;

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Reads every sheet of a spreadsheet file. `ext` is the lower-case extension, used
/// only to tell CSV from other text.
pub fn read(bytes: &[u8], ext: &str) -> Result<Vec<Sheet>, ReadError> {
    // Test hook: a reader that panics on every file, to prove the tests would see it.
    #[cfg(debug_assertions)]
    if std::env::var_os("DISPATCH_DESK_PANIC_WHILE_READING").is_some() {
        panic!("DISPATCH_DESK_PANIC_WHILE_READING");
    }
    if bytes.is_empty() {
        return Err("文件为空（0 字节），请让乡镇重新发送".into());
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        let head = &bytes[..bytes.len().min(200)];
        if contains(head, b"application/vnd.oasis.opendocument.spreadsheet") {
            return read_workbook(Ranged::<Ods<_>>::open(bytes, |_, _| None)?);
        }
        if contains(head, b"application/vnd.oasis.opendocument") {
            return Err("这是 OpenDocument 文档而不是表格，请另存为 .xlsx 或 .ods 表格".into());
        }
        if contains(bytes, b"xl/workbook.bin") {
            return read_workbook(Xlsb::new(Cursor::new(bytes)).map_err(describe)?);
        }
        if contains(bytes, b"word/document") {
            return Err("这是 Word 文档，不是 Excel 表格".into());
        }
        return match super::xlsx::read(bytes)? {
            Some(sheets) => Ok(sheets),
            None => read_workbook(XlsxBook::open(bytes)?),
        };
    }
    if bytes.starts_with(&OLE_MAGIC) {
        if contains(bytes, &utf16("EncryptedPackage")) {
            return Err(
                "文件设有打开密码，无法读取：请在 Excel/WPS 中取消密码后另存，再导入".into(),
            );
        }
        if contains(bytes, &utf16("WordDocument")) {
            return Err("这是 Word 文档（.doc），不是 Excel 表格".into());
        }
        super::cfb_check::check(bytes)?;
        return read_workbook(Ranged::<Xls<_>>::open(bytes, |wb, name| {
            let merges = wb.merge_cells_by_sheet_name(name).ok()?;
            Some(merges.iter().map(region).collect())
        })?);
    }
    if looks_like_text(bytes) || matches!(ext, "csv" | "txt" | "tsv") {
        return super::csv::read(bytes);
    }
    Err("无法识别的文件格式：不是 Excel（.xlsx/.xls）、WPS、ODS 表格或 CSV 文件".into())
}

/// Whether the fast .xlsx reader and calamine read `bytes` the same (tests: the fast one
/// must never read a file differently). Err tells the first difference.
#[doc(hidden)]
pub fn xlsx_readers_agree(bytes: &[u8]) -> Result<(), String> {
    let fast = super::xlsx::read(bytes)?.ok_or("the fast reader gave the file to calamine")?;
    let slow = read_workbook(XlsxBook::open(bytes)?)?;
    if fast.len() != slow.len() {
        return Err(format!("{} sheets against {}", fast.len(), slow.len()));
    }
    for (a, b) in fast.iter().zip(&slow) {
        let what = format!("sheet {:?}", a.name);
        if (&a.name, a.hidden, a.height(), a.width()) != (&b.name, b.hidden, b.height(), b.width())
        {
            return Err(format!("{what}: name, hidden or size differ"));
        }
        let (mut ma, mut mb) = (a.merges.clone(), b.merges.clone());
        ma.sort_by_key(|m| (m.top, m.left));
        mb.sort_by_key(|m| (m.top, m.left));
        if ma != mb {
            return Err(format!("{what}: merged regions differ"));
        }
        for r in 0..a.height() {
            let (ra, rb): (Vec<_>, Vec<_>) = (a.row(r).collect(), b.row(r).collect());
            if ra != rb {
                return Err(format!("{what} row {}: {ra:?} against {rb:?}", r + 1));
            }
        }
    }
    Ok(())
}

fn describe(e: impl std::fmt::Display) -> String {
    let detail = e.to_string();
    if detail.to_lowercase().contains("password") {
        "文件设有密码保护，无法读取：请取消密码后另存，再导入".into()
    } else {
        format!(
            "文件已损坏或不完整，无法读取（{}）",
            dd_core::text::clip(&detail, 80)
        )
    }
}

pub(super) fn too_big() -> ReadError {
    "文件已损坏：单元格超出 Excel 的最大行数（1048576）或列数（16384）".into()
}

fn out_of_bounds(_: OutOfBounds) -> ReadError {
    too_big()
}

/// What the importer needs of a workbook, whatever its format.
trait Workbook {
    /// Sheet names in order, and whether each is hidden.
    fn sheets(&self) -> Vec<(String, bool)>;
    /// Streams a sheet's non-empty cells into `into`.
    fn cells(&mut self, name: &str, into: &mut SheetBuilder) -> Result<(), ReadError>;
    /// A sheet's merged regions; None where the format does not tell them.
    fn merges(&mut self, name: &str) -> Option<Vec<Region>>;
}

fn read_workbook(mut wb: impl Workbook) -> Result<Vec<Sheet>, ReadError> {
    let mut sheets = Vec::new();
    for (name, hidden) in wb.sheets() {
        let mut cells = SheetBuilder::new();
        wb.cells(&name, &mut cells)?;
        let merges = wb.merges(&name);
        sheets.push(cells.finish(SheetMeta {
            name: Some(name),
            hidden,
            merges_known: merges.is_some(),
            merges: merges.unwrap_or_default(),
        }));
    }
    Ok(sheets)
}

fn sheet_list(metas: &[calamine::Sheet]) -> Vec<(String, bool)> {
    metas
        .iter()
        .map(|s| (s.name.clone(), s.visible != SheetVisible::Visible))
        .collect()
}

fn region(d: &Dimensions) -> Region {
    Region {
        top: d.start.0 as usize,
        left: d.start.1 as usize,
        bottom: d.end.0 as usize,
        right: d.end.1 as usize,
    }
}

/// Legacy .xls and .ods: calamine reads a sheet whole into a range; `merges` tells the
/// merged regions where the format keeps them.
struct Ranged<'a, R> {
    wb: R,
    merges: fn(&mut R, &str) -> Option<Vec<Region>>,
    bytes: PhantomData<&'a [u8]>,
}

impl<'a, R: Reader<Cursor<&'a [u8]>>> Ranged<'a, R>
where
    R::Error: std::fmt::Display,
{
    fn open(
        bytes: &'a [u8],
        merges: fn(&mut R, &str) -> Option<Vec<Region>>,
    ) -> Result<Self, ReadError> {
        Ok(Ranged {
            wb: R::new(Cursor::new(bytes)).map_err(describe)?,
            merges,
            bytes: PhantomData,
        })
    }
}

impl<'a, R: Reader<Cursor<&'a [u8]>>> Workbook for Ranged<'a, R>
where
    R::Error: std::fmt::Display,
{
    fn sheets(&self) -> Vec<(String, bool)> {
        sheet_list(self.wb.sheets_metadata())
    }

    fn cells(&mut self, name: &str, into: &mut SheetBuilder) -> Result<(), ReadError> {
        let range = self.wb.worksheet_range(name).map_err(describe)?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (row, col, data) in range.used_cells() {
            push_data(into, r0 as usize + row, c0 as usize + col, data).map_err(out_of_bounds)?;
        }
        Ok(())
    }

    fn merges(&mut self, name: &str) -> Option<Vec<Region>> {
        (self.merges)(&mut self.wb, name)
    }
}

impl Workbook for Xlsb<Cursor<&[u8]>> {
    fn sheets(&self) -> Vec<(String, bool)> {
        sheet_list(self.sheets_metadata())
    }

    fn cells(&mut self, name: &str, into: &mut SheetBuilder) -> Result<(), ReadError> {
        let mut reader = self.worksheet_cells_reader(name).map_err(describe)?;
        while let Some(cell) = reader.next_cell().map_err(describe)? {
            let (row, col) = cell.get_position();
            push_data_ref(into, row as usize, col as usize, cell.get_value(), false)
                .map_err(out_of_bounds)?;
        }
        Ok(())
    }

    fn merges(&mut self, _: &str) -> Option<Vec<Region>> {
        None
    }
}

/// .xlsx: cells streamed once with their style (for percent formats). calamine finds
/// merged regions by reading the sheet a second time; that pass runs on a second thread
/// over its own copy of the workbook, beside the cells.
struct XlsxBook<'a> {
    bytes: &'a [u8],
    wb: Xlsx<Cursor<&'a [u8]>>,
    merges: Option<Vec<Region>>,
}

impl<'a> XlsxBook<'a> {
    fn open(bytes: &'a [u8]) -> Result<XlsxBook<'a>, ReadError> {
        Ok(XlsxBook {
            bytes,
            wb: Xlsx::new(Cursor::new(bytes)).map_err(describe)?,
            merges: None,
        })
    }
}

fn xlsx_merges(bytes: &[u8], name: &str) -> Option<Vec<Region>> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).ok()?;
    let merges = wb.merge_cells_by_sheet_name(name).ok()?;
    Some(merges.iter().map(region).collect())
}

impl Workbook for XlsxBook<'_> {
    fn sheets(&self) -> Vec<(String, bool)> {
        sheet_list(self.wb.sheets_metadata())
    }

    fn cells(&mut self, name: &str, into: &mut SheetBuilder) -> Result<(), ReadError> {
        let bytes = self.bytes;
        let wb = &mut self.wb;
        let (cells, merges) = std::thread::scope(|s| {
            let merges = s.spawn(|| super::isolation::quietly(|| xlsx_merges(bytes, name)));
            let cells = stream_xlsx(wb, name, into);
            // A panic on the merge thread refuses the file as one on this thread does.
            match merges.join() {
                Ok(Some(merges)) => (cells, merges),
                _ => panic!("读取合并单元格时出错"),
            }
        });
        self.merges = merges;
        cells
    }

    fn merges(&mut self, _: &str) -> Option<Vec<Region>> {
        // No merges read (a damaged region list) is "none known", as for CSV.
        self.merges.take()
    }
}

fn stream_xlsx(
    wb: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    into: &mut SheetBuilder,
) -> Result<(), ReadError> {
    let mut reader = wb.worksheet_cells_reader(name).map_err(describe)?;
    let percent: Vec<bool> = reader
        .styles()
        .iter()
        .map(|s| {
            s.number_format
                .as_ref()
                .is_some_and(|f| f.format_code.contains('%'))
        })
        .collect();
    // Cells without a value may be formulas saved without their result.
    let mut empty = Vec::new();
    while let Some((cell, style)) = reader.next_cell_with_style_id().map_err(describe)? {
        let (row, col) = cell.get_position();
        if matches!(cell.get_value(), DataRef::Empty) {
            empty.push((row, col));
            continue;
        }
        let pct = percent.get(style).copied().unwrap_or(false);
        push_data_ref(into, row as usize, col as usize, cell.get_value(), pct)
            .map_err(out_of_bounds)?;
    }
    drop(reader);
    if !empty.is_empty()
        && let Ok(formulas) = wb.worksheet_formula(name)
    {
        for (row, col) in empty {
            if let Some(f) = formulas.get_value((row, col)).filter(|f| !f.is_empty()) {
                into.formula(row as usize, col as usize, f)
                    .map_err(out_of_bounds)?;
            }
        }
    }
    Ok(())
}

fn push_data(b: &mut SheetBuilder, row: usize, col: usize, d: &Data) -> Result<(), OutOfBounds> {
    match d {
        Data::Int(i) => b.number(row, col, *i as f64, false),
        Data::Float(f) => b.number(row, col, *f, false),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => b.text(row, col, s),
        Data::Bool(x) => b.boolean(row, col, *x),
        Data::DateTime(d) => b.date(row, col, d.as_f64()),
        Data::Error(e) => b.error(row, col, &e.to_string()),
        Data::Empty => Ok(()),
    }
}

fn push_data_ref(
    b: &mut SheetBuilder,
    row: usize,
    col: usize,
    d: &DataRef<'_>,
    percent: bool,
) -> Result<(), OutOfBounds> {
    match d {
        DataRef::Int(i) => b.number(row, col, *i as f64, percent),
        DataRef::Float(f) => b.number(row, col, *f, percent),
        DataRef::SharedString(s) => b.shared_text(row, col, s),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            b.text(row, col, s)
        }
        DataRef::Bool(x) => b.boolean(row, col, *x),
        DataRef::DateTime(d) => b.date(row, col, d.as_f64()),
        DataRef::Error(e) => b.error(row, col, &e.to_string()),
        DataRef::Empty => Ok(()),
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && memmem::find(hay, needle).is_some()
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
