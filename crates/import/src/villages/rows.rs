//! Which row of a village detail sheet is what: a village (and its township), a 小计 of a
//! township, a 合计, a label; the township carried down merged or blank cells.

use super::super::aggregates::{Scope, is_total_row};
use super::super::grid::Sheet;
use super::super::layout::{LayoutError, RowKind, Rows, is_footer_row, is_section_label};
use dd_core::template::Template;
use dd_core::text::{clip, fold};

/// 村（社区）, 行政村, 村名称, 村（居）…: the header of a village column.
pub fn is_village_header(parts: &[String]) -> bool {
    let Some(last) = parts.last() else {
        return false;
    };
    let mut s = fold(last);
    // 村（社区） → 村; 村(居)名称 → 村名称
    while let (Some(open), Some(close)) = (s.find('('), s.find(')')) {
        if close < open {
            break;
        }
        s.replace_range(open..=close, "");
    }
    let s = s
        .strip_suffix("名称")
        .or_else(|| s.strip_suffix('名'))
        .unwrap_or(&s);
    matches!(
        s,
        "村" | "行政村"
            | "村居"
            | "村社区"
            | "社区"
            | "建制村"
            | "所在村"
            | "所属村"
            | "村庄"
            | "村委会"
            | "村别"
            | "重点村"
            | "贫困村"
            | "帮扶村"
    )
}

/// The 合计/小计/notes tests look at the cells up to the rightmost of the two name columns.
pub fn rows(
    sheet: &Sheet,
    first_data: usize,
    tcol: usize,
    vcol: usize,
    value_col: &[bool],
    scope: &Scope,
    t: &Template,
) -> Result<(Rows, Vec<LayoutError>), Vec<LayoutError>> {
    let names_end = tcol.max(vcol);
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    // The township the rows below belong to, until a 小计 or 合计 closes it.
    let mut current: Option<usize> = None;
    // Rows naming a township but no village: its own figures, or its 小计 when villages follow.
    let mut town_rows: Vec<(usize, usize)> = Vec::new();
    // Villages above any township name: they belong to the township their 小计 names.
    let mut waiting: Vec<usize> = Vec::new();
    // Villages of another county in the same table (区（县） = 增城市): skipped, said once.
    let mut others: Vec<(usize, usize, String)> = Vec::new();
    for r in first_data..sheet.height() {
        if sheet.row_is_blank(r) {
            continue;
        }
        if let Some((c, other)) = scope.other(sheet, r, t) {
            others.push((r, c, other));
            continue;
        }
        if is_total_row(sheet, r, tcol, names_end, scope, t) {
            unclaimed(&mut waiting, tcol, &mut errors);
            rows.push((r, RowKind::Total));
            current = None;
            continue;
        }
        if let Some(label) = subtotal_label(sheet, r, names_end, vcol, t) {
            // 东郊乡小计 names its township; a bare 小计 closes the current one.
            let named = label
                .strip_suffix("小计")
                .filter(|s| !s.is_empty())
                .and_then(|s| t.resolve_township(s));
            let town_cell = sheet.get(r, tcol);
            let written = town_cell.text().and_then(|s| t.resolve_township(s));
            let town = named.or(written).or(current);
            if let Some(i) = town {
                rows.extend(waiting.drain(..).map(|w| (w, RowKind::Village(i))));
            }
            rows.push((r, RowKind::Subtotal(town)));
            current = None;
            continue;
        }
        if is_footer_row(sheet, r, names_end, t) {
            break;
        }
        let has_values = sheet
            .row(r)
            .any(|(c, v)| value_col.get(c).copied().unwrap_or(false) && !v.is_empty());
        let town_cell = sheet.get(r, tcol);
        if !town_cell.is_empty() {
            match town_cell.text().and_then(|s| t.resolve_township(s)) {
                Some(i) => current = Some(i),
                None if is_section_label(&town_cell.display()) => {}
                None => {
                    errors.push(LayoutError {
                        row: r,
                        col: tcol,
                        message: format!(
                            "“{}”不是{}的乡镇（街道），请核对名称（模板中没有这个单位）",
                            clip(&town_cell.display(), 30),
                            t.county
                        ),
                    });
                    current = None;
                    continue;
                }
            }
        } else if let Some(m) = sheet.merge_at(r, tcol) {
            // Merged down its villages: the name stands in the region's first cell.
            current = sheet
                .get(m.top, m.left)
                .text()
                .and_then(|s| t.resolve_township(s))
                .or(current);
        }
        let village = sheet.get(r, vcol);
        match (current, village.is_empty()) {
            (Some(i), false) => rows.push((r, RowKind::Village(i))),
            (Some(i), true) if !town_cell.is_empty() && has_values => town_rows.push((r, i)),
            (Some(_), true) if has_values => errors.push(LayoutError {
                row: r,
                col: vcol,
                message: "这一行有数据但没有填写村（社区）名称".into(),
            }),
            (None, false) => waiting.push(r),
            (None, true) if has_values => errors.push(LayoutError {
                row: r,
                col: tcol,
                message: "这一行有数据但没有填写乡镇（街道）名称（上面也没有可沿用的乡镇）".into(),
            }),
            _ => {
                if !town_cell.is_empty() && !has_values {
                    rows.push((r, RowKind::Label));
                }
            }
        }
    }
    unclaimed(&mut waiting, tcol, &mut errors);
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.row);
        return Err(errors);
    }
    for (r, town) in town_rows {
        let has_villages = rows
            .iter()
            .any(|(_, k)| matches!(k, RowKind::Village(i) if *i == town));
        rows.push((
            r,
            if has_villages {
                RowKind::Subtotal(Some(town))
            } else {
                RowKind::Township(town)
            },
        ));
    }
    rows.sort_by_key(|(r, _)| *r);
    let notices = others
        .first()
        .map(|(row, c, other)| LayoutError {
            row: *row,
            col: tcol,
            message: format!(
                "{}行属于{}以外的地区（如第{}行{}列为“{}”），已跳过",
                others.len(),
                t.county,
                row + 1,
                dd_core::text::col_name(*c),
                clip(other, 20)
            ),
        })
        .into_iter()
        .collect();
    Ok((rows, notices))
}

/// Villages no township name or 小计 claimed: each an error at its township cell.
fn unclaimed(waiting: &mut Vec<usize>, tcol: usize, errors: &mut Vec<LayoutError>) {
    errors.extend(waiting.drain(..).map(|row| LayoutError {
        row,
        col: tcol,
        message: "这一行有数据但没有填写乡镇（街道）名称（上面没有可沿用的乡镇，下面的小计行也没有写明乡镇）"
            .into(),
    }));
}

/// The folded text of the 小计 cell of a row, if it is one; a 合计 in the village column
/// beside a township is that township's 小计.
fn subtotal_label(
    sheet: &Sheet,
    r: usize,
    names_end: usize,
    vcol: usize,
    t: &Template,
) -> Option<String> {
    if sheet
        .get(r, vcol)
        .text()
        .is_some_and(|s| t.is_total_label(s))
    {
        return Some("小计".into());
    }
    sheet
        .row(r)
        .take_while(|(c, _)| *c <= names_end)
        .find_map(|(_, v)| {
            let s = fold(v.text()?);
            s.contains("小计").then_some(s)
        })
}
