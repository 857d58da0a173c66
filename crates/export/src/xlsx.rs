//! The .xlsx summary: one sheet per table of the brief's workbook (county totals and rates,
//! the ranking with lights, the 五大责任 matrix, the month's data, the import problems),
//! with a title row, a frozen header, number formats and the app's light colours.
//! Every text is written as a string: text from the input that starts with = + - @ stays
//! text (and carries a quote prefix so Excel keeps it so when the cell is edited).

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use super::ExportError;
use super::brief::{Brief, Cell, Table};
use super::layout::{HEADER_FILL, wide_columns};

const FONT: &str = "宋体";

fn colour(c: [u8; 3]) -> Color {
    Color::RGB((u32::from(c[0]) << 16) | (u32::from(c[1]) << 8) | u32::from(c[2]))
}

fn base() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(11)
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter)
}

/// Could a spreadsheet read this text as a formula?
pub fn formula_like(s: &str) -> bool {
    s.trim_start().starts_with(['=', '+', '-', '@'])
}

fn cell_format(c: &Cell, wide: bool) -> Format {
    let mut f = base();
    if let Some(format) = c.format.excel() {
        f = f.set_num_format(format);
    }
    f = if wide {
        f.set_align(FormatAlign::Left).set_text_wrap()
    } else {
        f.set_align(FormatAlign::Center)
    };
    if let Some(fill) = c.fill {
        f = f.set_background_color(colour(fill));
    }
    if let Some(col) = c.color {
        f = f.set_font_color(colour(col));
    }
    if c.bold {
        f = f.set_bold();
    }
    if c.number.is_none() && formula_like(&c.text) {
        f = f.set_quote_prefix();
    }
    f
}

/// Display width of text in character cells: CJK counts two.
fn text_width(s: &str) -> f64 {
    s.chars()
        .map(|c| if c.is_ascii() { 1.0 } else { 2.0 })
        .sum()
}

/// A column as wide as its longest cell (the header may wrap over two lines), within reason.
fn column_width(t: &Table, j: usize) -> f64 {
    let header = t.columns.get(j).map_or(0.0, |c| text_width(&c.title) / 2.0);
    let cells = t
        .rows
        .iter()
        .filter_map(|r| r.get(j))
        .map(|c| text_width(&c.text))
        .fold(0.0, f64::max);
    (header.max(cells) + 2.0).clamp(6.0, 80.0)
}

fn sheet(wb: &mut Workbook, name: &str, t: &Table) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    let ncols = t.columns.len().max(1) as u16;
    let title = Format::new()
        .set_font_name("黑体")
        .set_font_size(14)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    if ncols > 1 {
        ws.merge_range(0, 0, 0, ncols - 1, &t.title, &title)?;
    } else {
        ws.write_string_with_format(0, 0, &t.title, &title)?;
    }
    ws.set_row_height(0, 28)?;
    let header = base()
        .set_font_name("黑体")
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_background_color(colour(HEADER_FILL));
    let wide = wide_columns(t);
    for (j, c) in t.columns.iter().enumerate() {
        let j = j as u16;
        let hf = if formula_like(&c.title) {
            header.clone().set_quote_prefix()
        } else {
            header.clone()
        };
        ws.write_string_with_format(1, j, &c.title, &hf)?;
        ws.set_column_width(j, column_width(t, usize::from(j)))?;
    }
    ws.set_row_height(1, 36)?;
    for (i, row) in t.rows.iter().enumerate() {
        let r = (i + 2) as u32;
        for (j, c) in row.iter().enumerate() {
            let f = cell_format(c, wide.get(j).copied().unwrap_or(false));
            match c.number {
                Some(v) if v.is_finite() => ws.write_number_with_format(r, j as u16, v, &f)?,
                // Strings only: never a formula, whatever the text says.
                _ => ws.write_string_with_format(r, j as u16, &c.text, &f)?,
            };
        }
    }
    if let Some(note) = &t.note {
        let r = (t.rows.len() + 3) as u32;
        let f = Format::new().set_font_name(FONT).set_font_size(10);
        ws.write_string_with_format(r, 0, note, &f)?;
    }
    ws.set_freeze_panes(2, t.frozen_columns)?;
    ws.set_landscape();
    ws.set_paper_size(9); // A4
    Ok(())
}

/// The .xlsx file's bytes.
pub fn render(brief: &Brief) -> Result<Vec<u8>, ExportError> {
    let err = |e: XlsxError| ExportError::Render {
        what: "Excel 汇总表",
        detail: e.to_string(),
    };
    let mut wb = Workbook::new();
    for s in &brief.workbook {
        sheet(&mut wb, &s.name, &s.table).map_err(err)?;
    }
    wb.save_to_buffer().map_err(err)
}
