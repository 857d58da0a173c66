//! The header band of a table: the rows above the data that name its columns (group rows
//! merged over their columns, 合计/男/女 leaves, a unit row, a code row), and each column's
//! words in it, top to bottom.

use super::grid::{MergeRow, Sheet, Value};
use dd_core::template::Template;
use dd_core::text::fold;

/// At most this many rows form the header band (3 header rows, a unit row, a code row).
pub(super) const MAX_BAND: usize = 5;

/// The band's first row, given its last: the keyword row (or the last) and the group rows
/// above it, up to the title and 填报 lines.
pub(super) fn top(
    sheet: &Sheet,
    anchor: Option<usize>,
    bottom: usize,
    tcol: usize,
    t: &Template,
) -> usize {
    let width = sheet.width();
    // A header is a few rows: rows between the keyword and the data beyond that are not
    // read as header text (and a damaged sheet cannot make the band thousands of rows).
    let mut top = anchor
        .unwrap_or(bottom)
        .min(bottom)
        .max(bottom.saturating_sub(2 * MAX_BAND));
    // The township column's header merged down over several rows spans the whole band.
    let unit_header = sheet
        .merge_at(bottom, tcol)
        .filter(|m| m.top < bottom && bottom - m.top < MAX_BAND);
    if let Some(m) = unit_header {
        top = top.min(m.top);
    }
    while top > 0 && bottom + 1 - top < MAX_BAND {
        let r = top - 1;
        let in_band = unit_header.is_some_and(|m| m.top <= r);
        if sheet.row_is_blank(r)
            || (!in_band && (is_meta_row(sheet, r, t) || is_title_row(sheet, r, width, t)))
        {
            break;
        }
        top = r;
    }
    top
}

/// The rows of a header band and what each holds.
pub(super) struct Band {
    /// Rows of header words (not codes, not units).
    text_rows: Vec<usize>,
    merges: Vec<MergeRow>,
    unit_row: Option<usize>,
}

impl Band {
    pub fn of(sheet: &Sheet, top: usize, bottom: usize) -> Band {
        let mut text_rows = Vec::new();
        let mut unit_row = None;
        for r in top..=bottom {
            if is_unit_row(sheet, r) {
                unit_row.get_or_insert(r);
            } else if !is_code_row(sheet, r) {
                text_rows.push(r);
            }
        }
        let merges = text_rows.iter().map(|&r| sheet.merges_in_row(r)).collect();
        Band {
            text_rows,
            merges,
            unit_row,
        }
    }

    /// A column's header words top to bottom, as written (a cell merged down several rows
    /// is one word; unmerged cells repeating the text above are one word too).
    pub fn parts(&self, sheet: &Sheet, col: usize, tcol: usize) -> Vec<String> {
        let mut parts: Vec<String> = Vec::new();
        let mut last_merge = None;
        for (i, &r) in self.text_rows.iter().enumerate() {
            let last = i + 1 == self.text_rows.len();
            let (text, merge) =
                header_text(sheet, &self.merges[i], r, col, tcol, last, &self.text_rows);
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            let repeated = match merge {
                Some(_) => merge == last_merge,
                None => parts.last().is_some_and(|p| fold(p) == fold(text)),
            };
            last_merge = merge;
            if !repeated {
                parts.push(text.to_string());
            }
        }
        parts
    }

    /// The unit a unit row gives a column (（户） → 户).
    pub fn unit_in_row(&self, sheet: &Sheet, col: usize) -> Option<String> {
        let u = fold(&sheet.get(self.unit_row?, col).display());
        let u = u.trim_start_matches('(').trim_end_matches(')').to_string();
        (!u.is_empty()).then_some(u)
    }
}

/// The header text of a cell, taking merged group headers into account.
fn header_text(
    sheet: &Sheet,
    merges: &MergeRow,
    r: usize,
    col: usize,
    tcol: usize,
    last: bool,
    rows: &[usize],
) -> (String, Option<(usize, usize)>) {
    if let Some(m) = merges.at(col) {
        return (sheet.get(m.top, m.left).display(), Some((m.top, m.left)));
    }
    (header_text_unmerged(sheet, r, col, tcol, last, rows), None)
}

fn header_text_unmerged(
    sheet: &Sheet,
    r: usize,
    col: usize,
    tcol: usize,
    last: bool,
    rows: &[usize],
) -> String {
    let own = sheet.get(r, col).display();
    if !own.trim().is_empty() || sheet.merges_known || last {
        return own;
    }
    // No merge information (CSV, ODS): a group header stands in the first column of its
    // group, so an empty cell above a lower header takes the nearest text to its left.
    let below_has_text = rows
        .iter()
        .filter(|&&rr| rr > r)
        .any(|&rr| !sheet.get(rr, col).is_empty());
    if !below_has_text {
        return own;
    }
    let mut c = col;
    while c > tcol + 1 {
        c -= 1;
        let v = sheet.get(r, c);
        if !v.is_empty() {
            // Stop at a header that is itself a whole column (nothing beneath it).
            let whole = rows
                .iter()
                .filter(|&&rr| rr > r)
                .all(|&rr| sheet.get(rr, c).is_empty());
            return if whole { own } else { v.display() };
        }
    }
    own
}

pub(super) fn merge_bottom(sheet: &Sheet, r: usize, c: usize) -> usize {
    sheet.merge_at(r, c).map_or(r, |m| m.bottom.max(r))
}

pub(super) fn non_empty(sheet: &Sheet, r: usize) -> impl Iterator<Item = (usize, Value<'_>)> {
    sheet.row(r).filter(|(_, v)| !v.is_empty())
}

/// 甲 乙 1 2 3 … under the header.
pub(super) fn is_code_row(sheet: &Sheet, r: usize) -> bool {
    let cells: Vec<String> = non_empty(sheet, r)
        .map(|(_, v)| fold(&v.display()))
        .collect();
    if cells.len() < 2 {
        return false;
    }
    // Column numbers are short (1 … 153); data are not.
    let code = |s: &String| {
        (s.len() <= 3 && s.chars().all(|c| c.is_ascii_digit()))
            || (s.chars().count() == 1
                && "甲乙丙丁戊己庚辛壬癸abcdefghijklmnopqrstuvwxyz".contains(s.as_str()))
            || (s.contains(['=', '+', '*', '/'])
                && s.chars()
                    .all(|c| c.is_ascii_digit() || "=+-*/()".contains(c)))
    };
    let codes = cells.iter().filter(|s| code(s)).count();
    codes * 10 >= cells.len() * 8
}

/// （户） （人） （万元） … as a row of their own. Bare 户数 / 人数 under a group header
/// (监测对象 over 户数, 人数) name the quantity: that is a header row, not a unit row.
pub(super) fn is_unit_row(sheet: &Sheet, r: usize) -> bool {
    let cells: Vec<String> = non_empty(sheet, r)
        .map(|(_, v)| fold(&v.display()))
        .collect();
    let unit = |s: &String| {
        let bracketed = s.starts_with('(') && s.ends_with(')');
        let s = s.trim_start_matches('(').trim_end_matches(')');
        (dd_core::template::is_unit(s) && (bracketed || !s.ends_with('数'))) || s == "单位"
    };
    cells.len() >= 2 && cells.iter().filter(|s| unit(s)).count() * 10 >= cells.len() * 8
}

/// 填报单位：… 填报时间：… 单位：户、人、万元
pub(super) fn is_meta_row(sheet: &Sheet, r: usize, t: &Template) -> bool {
    let mut has_colon = false;
    for (_, v) in non_empty(sheet, r) {
        let s = fold(&v.display());
        if t.match_header(&s).is_some() {
            return false;
        }
        if s.contains(':') || s.starts_with("填报") || s.starts_with("单位") {
            has_colon = true;
        }
    }
    has_colon
}

/// One text across the table, or a long sentence: the title.
pub(super) fn is_title_row(sheet: &Sheet, r: usize, width: usize, t: &Template) -> bool {
    let cells: Vec<(usize, Value)> = non_empty(sheet, r).collect();
    let [(c, v)] = cells.as_slice() else {
        return false;
    };
    let s = fold(&v.display());
    if t.match_header(&s).is_some() {
        return false;
    }
    let span = sheet.merge_at(r, *c).map_or(1, |m| m.right + 1 - m.left);
    span * 10 >= width * 6
        || s.chars().count() >= 12
        || s.ends_with('表')
        || (s.contains('年') && s.chars().any(|c| c.is_ascii_digit()))
}
