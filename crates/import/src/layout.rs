//! Finds the table on a sheet: the township column, the 1–3 header rows (with group headers
//! merged over their columns, unit and code rows), the data rows, 合计 rows and the notes
//! under the table. General rules only: no file is special.

use super::aggregates::{self, Scope, is_total_row};
use super::band::{self, Band, is_code_row, is_unit_row, merge_bottom, non_empty};
use super::grid::{Sheet, Value};
use super::villages;
use std::collections::HashMap;

use dd_core::template::{Closeness, HeaderPath, HeaderTarget, PathMatch, Template, header_path};
use dd_core::text::{clip, col_name, fold};

/// How many rows from the top may hold the header.
const HEAD_ZONE: usize = 60;

#[derive(Debug, Clone, PartialEq)]
pub struct ColumnHeader {
    pub col: usize,
    /// The header text as the sheet writes it, parts joined with "/".
    pub text: String,
    pub target: Option<HeaderTarget>,
    pub unit: Option<String>,
    /// How closely the header matched its target.
    pub closeness: Option<Closeness>,
    /// The column that matched this one's indicator more closely, when this one lost it.
    pub closer: Option<(usize, HeaderTarget)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RowKind {
    Township(usize),
    /// A village of a village detail sheet, with its township.
    Village(usize),
    Total,
    /// A 小计 row; on a village sheet, the township it sums up.
    Subtotal(Option<usize>),
    /// A section label (街道, 一、乡镇) with no values.
    Label,
    /// A row itemising the township row above it (0, 1, 2 … under 0-4岁): not read.
    Detail,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub township_col: usize,
    /// First row of the header band; rows above it are title and 填报 lines.
    pub header_top: usize,
    pub header_bottom: usize,
    pub columns: Vec<ColumnHeader>,
    pub rows: Vec<(usize, RowKind)>,
    /// The 村（社区） column of a village detail sheet.
    pub village_col: Option<usize>,
    /// Money unit declared for the whole sheet ("单位：户、人、元").
    pub sheet_money_unit: Option<String>,
    /// Rows skipped for a reason the clerk should know (aggregates, other counties).
    pub notices: Vec<LayoutError>,
}

/// The table's rows in sheet order, each with what it is.
pub type Rows = Vec<(usize, RowKind)>;

/// A row the table cannot be read past, in Chinese, with its cell.
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutError {
    pub row: usize,
    pub col: usize,
    pub message: String,
}

/// Ok(None): the sheet holds no table (a 填报说明 cover sheet, an empty sheet).
pub fn locate(sheet: &Sheet, t: &Template) -> Result<Option<Layout>, Vec<LayoutError>> {
    let height = sheet.height();
    if height == 0 {
        return Ok(None);
    }
    let width = sheet.width();
    let head = height.min(HEAD_ZONE);

    // Township column: by the names in it, and by its header.
    let mut counts = vec![0usize; width];
    for r in aggregates::sample_rows(0, height) {
        for (c, v) in sheet.row(r) {
            if let Value::Text(s) = v
                && s.chars().count() <= 30
                && t.resolve_township(s).is_some()
            {
                counts[c] += 1;
            }
        }
    }
    let mut keyword_cells = Vec::new();
    for r in 0..head {
        for (c, v) in sheet.row(r) {
            if let Value::Text(s) = v
                && matches!(t.match_header(s), Some((HeaderTarget::Township, _)))
            {
                keyword_cells.push((r, c));
            }
        }
    }
    let best_data_col = (0..width)
        .max_by_key(|&c| (counts[c], std::cmp::Reverse(c)))
        .filter(|&c| counts[c] > 0);
    let keyword = keyword_cells
        .iter()
        .copied()
        .max_by_key(|&(r, c)| (counts[c], std::cmp::Reverse(r), std::cmp::Reverse(c)));
    let (tcol, anchor) = match (keyword, best_data_col) {
        (Some((r, c)), Some(d)) if counts[c] > 0 || counts[d] == 0 => (c, Some(r)),
        (_, Some(d)) => {
            // The header names it some other way; take the keyword cell in that column if any.
            let k = keyword_cells
                .iter()
                .find(|&&(_, c)| c == d)
                .map(|&(r, _)| r);
            (d, k)
        }
        (Some((r, c)), None) => (c, Some(r)),
        (None, None) => return Ok(None),
    };

    // First data row: below the anchor, the first township, total or a row that carries
    // a name and numbers.
    let start = anchor.map_or(0, |a| merge_bottom(sheet, a, tcol) + 1);
    let mut first_data = None;
    for r in start..height {
        if sheet.row_is_blank(r) {
            continue;
        }
        let resolved = aggregates::township(&sheet.get(r, tcol), t).is_some();
        if resolved || is_total_row(sheet, r, tcol, tcol, &Scope::default(), t) {
            first_data = Some(r);
            break;
        }
        // (A village sheet may leave the township blank on its first row.)
        if anchor.is_some()
            && !is_code_row(sheet, r)
            && !is_unit_row(sheet, r)
            && row_has_number(sheet, r, tcol)
        {
            first_data = Some(r);
            break;
        }
        if anchor.is_none() && r > head {
            break;
        }
    }
    let Some(first_data) = first_data else {
        return Ok(None);
    };

    // Header band: the anchor row (or the row above the data) and the group rows above it.
    let mut bottom = first_data.saturating_sub(1);
    while bottom > 0 && sheet.row_is_blank(bottom) && anchor.is_none_or(|a| bottom > a) {
        bottom -= 1;
    }
    let top = band::top(sheet, anchor, bottom, tcol, t);
    if first_data == 0 {
        // Data right at the top: no header at all.
        return Err(vec![LayoutError {
            row: 0,
            col: tcol,
            message: "表格没有表头：第一行就是数据，无法确定各列是什么指标".into(),
        }]);
    }

    let band = Band::of(sheet, top, bottom);
    let mut columns = Vec::new();
    let mut village_col = None;
    for col in 0..width {
        if col == tcol {
            continue;
        }
        let parts = band.parts(sheet, col, tcol);
        let unit_from_row = band.unit_in_row(sheet, col);
        if parts.is_empty() {
            continue;
        }
        let path = header_path(&parts);
        let found = t
            .match_path(&path)
            .or_else(|| by_unit_row(&path, unit_from_row.as_deref(), t));
        if found.is_none() && village_col.is_none() && villages::is_village_header(&parts) {
            village_col = Some(col);
            continue;
        }
        let unit = found
            .as_ref()
            .and_then(|f| f.unit.clone())
            .or(path.unit)
            .or(unit_from_row);
        columns.push(ColumnHeader {
            col,
            text: parts.join("/"),
            target: found.as_ref().map(|f| f.target),
            unit,
            closeness: found.map(|f| f.closeness),
            closer: None,
        });
    }
    keep_closest(&mut columns, t);

    let scope = Scope::find(sheet, first_data, tcol, t);
    let sheet_money_unit = (0..top).find_map(|r| money_unit_statement(sheet, r));
    let mut value_col = vec![false; width];
    for c in &columns {
        if matches!(
            c.target,
            Some(HeaderTarget::Indicator(_) | HeaderTarget::Responsibility(_))
        ) {
            value_col[c.col] = true;
        }
    }
    let (rows, notices) = match village_col {
        Some(vcol) => {
            let (rows, notices) =
                villages::rows(sheet, first_data, tcol, vcol, &value_col, &scope, t)?;
            let any_village = rows
                .iter()
                .any(|(_, k)| matches!(k, RowKind::Village(_) | RowKind::Township(_)));
            let with_values = (first_data..height).find(|&r| {
                sheet
                    .row(r)
                    .any(|(c, v)| value_col.get(c).copied().unwrap_or(false) && !v.is_empty())
            });
            if let (false, Some(row)) = (any_village, with_values) {
                return Err(vec![LayoutError {
                    row,
                    col: tcol,
                    message: format!(
                        "表中有数据，但没有一个村属于{}的乡镇（街道），无法导入；请核对模板中的乡镇名称",
                        t.county
                    ),
                }]);
            }
            (rows, notices)
        }
        None => {
            let additive: Vec<usize> = columns
                .iter()
                .filter(|c| match c.target {
                    Some(HeaderTarget::Indicator(i)) => {
                        t.indicators[i].is_additive() && !t.indicators[i].is_percent()
                    }
                    _ => false,
                })
                .map(|c| c.col)
                .collect();
            township_rows(sheet, first_data, tcol, &value_col, &additive, &scope, t)?
        }
    };
    Ok(Some(Layout {
        township_col: tcol,
        header_top: top,
        header_bottom: bottom,
        columns,
        rows,
        village_col,
        sheet_money_unit,
        notices,
    }))
}

/// The rows of a township table, until the notes and signature lines: each township, 合计
/// and 小计 rows, section labels. A label that is no township is an error unless the row
/// sums up the townships next to it or belongs to another county of a provincial table
/// (then it is skipped, and said once).
fn township_rows(
    sheet: &Sheet,
    first_data: usize,
    tcol: usize,
    value_col: &[bool],
    additive: &[usize],
    scope: &Scope,
    t: &Template,
) -> Result<(Rows, Vec<LayoutError>), Vec<LayoutError>> {
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut unknown = Vec::new();
    let mut others: Vec<(usize, String)> = Vec::new();
    let mut first_values = None;
    for r in first_data..sheet.height() {
        if sheet.row_is_blank(r) {
            continue;
        }
        let has_values = sheet
            .row(r)
            .any(|(c, v)| value_col.get(c).copied().unwrap_or(false) && !v.is_empty());
        if has_values {
            first_values.get_or_insert(r);
        }
        if is_total_row(sheet, r, tcol, tcol, scope, t) {
            rows.push((r, RowKind::Total));
            continue;
        }
        if sheet.row(r).take_while(|(c, _)| *c <= tcol).any(|(_, v)| {
            v.text()
                .is_some_and(|s| s.contains('小') && fold(s).contains("小计"))
        }) {
            rows.push((r, RowKind::Subtotal(None)));
            continue;
        }
        if is_footer_row(sheet, r, tcol, t) {
            break;
        }
        let label = sheet.get(r, tcol);
        if label.is_empty() {
            if has_values {
                errors.push(LayoutError {
                    row: r,
                    col: tcol,
                    message: "这一行有数据但没有填写乡镇（街道）名称".into(),
                });
            }
            continue;
        }
        if let Some((c, other)) = scope.other(sheet, r, t) {
            others.push((r, format!("{}列为“{}”", col_name(c), clip(&other, 20))));
            continue;
        }
        match aggregates::township(&label, t) {
            Some(i) => rows.push((r, RowKind::Township(i))),
            None if !has_values && is_section_label(&label.display()) => {
                rows.push((r, RowKind::Label))
            }
            None => unknown.push(r),
        }
    }
    let mut notices = Vec::new();
    let details = aggregates::itemised(sheet, &unknown, &rows, additive);
    if let Some(&row) = details.first() {
        notices.push(LayoutError {
            row,
            col: tcol,
            message: format!(
                "{}行（{}）不是模板中的乡镇（街道），其数相加等于上面一行，按明细行跳过",
                details.len(),
                quoted(
                    details
                        .iter()
                        .map(|&r| sheet.get(r, tcol).display())
                        .collect::<Vec<_>>()
                        .iter()
                        .map(String::as_str)
                )
            ),
        });
    }
    let mut skipped: Vec<(usize, String)> = Vec::new();
    for r in unknown.into_iter().filter(|r| !details.contains(r)) {
        let label = sheet.get(r, tcol).display();
        if aggregates::aggregate(sheet, r, tcol, &rows, additive).is_some() {
            skipped.push((r, label));
            continue;
        }
        errors.push(LayoutError {
            row: r,
            col: tcol,
            message: format!(
                "“{}”不是{}的乡镇（街道），请核对名称（模板中没有这个单位）",
                clip(&label, 30),
                t.county
            ),
        });
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.row);
        return Err(errors);
    }
    for &(r, _) in &skipped {
        let at = rows.partition_point(|(row, _)| *row < r);
        rows.insert(at, (r, RowKind::Subtotal(None)));
    }
    for &r in &details {
        let at = rows.partition_point(|(row, _)| *row < r);
        rows.insert(at, (r, RowKind::Detail));
    }
    if let Some(&(row, _)) = skipped.first() {
        notices.push(LayoutError {
            row,
            col: tcol,
            message: format!(
                "{}行（{}）不是模板中的乡镇（街道），其数为紧邻各乡镇之和或上级单位的数，按小计行跳过",
                skipped.len(),
                quoted(skipped.iter().map(|(_, l)| l.as_str()))
            ),
        });
    }
    if let Some(&(row, _)) = others.first() {
        notices.push(LayoutError {
            row,
            col: tcol,
            message: format!(
                "{}行属于{}以外的地区（如第{}行{}），已跳过",
                others.len(),
                t.county,
                row + 1,
                others[0].1
            ),
        });
    }
    if !rows.iter().any(|(_, k)| matches!(k, RowKind::Township(_)))
        && let Some(row) = first_values
    {
        return Err(vec![LayoutError {
            row,
            col: tcol,
            message: format!(
                "表中有数据，但{}列没有一行是{}的乡镇（街道），无法导入；请核对模板中的乡镇名称",
                col_name(tcol),
                t.county
            ),
        }]);
    }
    Ok((rows, notices))
}

/// “0-4岁”“5-9岁”等: the first few labels of a list, quoted.
fn quoted<'a>(labels: impl Iterator<Item = &'a str>) -> String {
    let labels: Vec<&str> = labels.collect();
    let mut s: String = labels
        .iter()
        .take(5)
        .map(|l| format!("“{}”", clip(&l.split_whitespace().collect::<String>(), 20)))
        .collect();
    if labels.len() > 5 {
        s.push('等');
    }
    s
}

/// A unit row under a name: 风险已消除 over （户） means 风险已消除户数.
fn by_unit_row(path: &HeaderPath, unit_hint: Option<&str>, t: &Template) -> Option<PathMatch> {
    let u = fold(unit_hint?);
    let word = match u.as_str() {
        "户" => "户数",
        "人" => "人数",
        _ => return None,
    };
    let (target, _) = t.match_header(&format!("{}{word}", path.words.concat()))?;
    Some(PathMatch {
        target,
        unit: Some(u),
        closeness: Closeness {
            alias: 1,
            dropped_groups: 0,
            dropped_totals: 0,
        },
    })
}

/// Where several columns name one indicator, the closest match keeps it (人口数 / 合计 /
/// 合计 over 人口数 / 合计 / 男 for 人口数合计); among equally close ones, the column whose
/// unit is the indicator's. A tie left is refused later, naming both columns.
fn keep_closest(columns: &mut [ColumnHeader], t: &Template) {
    let mut best: HashMap<HeaderTarget, (Closeness, bool)> = HashMap::new();
    let unit_fits = |c: &ColumnHeader| match c.target {
        Some(HeaderTarget::Indicator(i)) => c
            .unit
            .as_deref()
            .is_some_and(|u| fold(u) == fold(t.indicators[i].unit.symbol())),
        _ => false,
    };
    for c in columns.iter() {
        if let (Some(target), Some(close)) = (c.target, c.closeness) {
            let key = (close, !unit_fits(c));
            best.entry(target)
                .and_modify(|b| *b = (*b).min((close, !unit_fits(c))))
                .or_insert(key);
        }
    }
    let winners: HashMap<HeaderTarget, usize> = columns
        .iter()
        .filter_map(|c| {
            let (target, close) = (c.target?, c.closeness?);
            (best.get(&target) == Some(&(close, !unit_fits(c)))).then_some((target, c.col))
        })
        .collect();
    for c in columns.iter_mut() {
        if let (Some(target), Some(close)) = (c.target, c.closeness)
            && best.get(&target) != Some(&(close, !unit_fits(c)))
        {
            c.closer = winners.get(&target).map(|&w| (w, target));
            c.target = None;
        }
    }
}

fn row_has_number(sheet: &Sheet, r: usize, tcol: usize) -> bool {
    sheet.row(r).any(|(c, v)| {
        c != tcol
            && match v {
                Value::Number { .. } => true,
                Value::Text(s) => super::values::number(&v, None).is_ok() && !s.trim().is_empty(),
                _ => false,
            }
    })
}

/// How notes, signature and source lines under a table begin (folded).
static FOOTER_STARTS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
    [
        "备注",
        "注:",
        "注1",
        "注:",
        "说明",
        "填报说明",
        "填表说明",
        "单位负责人",
        "负责人",
        "填表人",
        "审核人",
        "制表人",
        "填报人",
        "联系电话",
        "数据来源",
        "统计人",
        "分管领导",
        "主要负责人",
        "制表",
        "审核",
    ]
    .iter()
    .map(|s| fold(s))
    .collect()
});

pub(super) fn is_footer_row(sheet: &Sheet, r: usize, tcol: usize, t: &Template) -> bool {
    let mut cells = non_empty(sheet, r);
    let Some((c0, first)) = cells.next() else {
        return false;
    };
    let alone = |cells: &mut dyn Iterator<Item = (usize, Value)>| cells.next().is_none();
    // Data rows start with a number or a township: only text begins a note, and a number
    // is a sentence only when it stands alone (not worth folding otherwise).
    let s = match first {
        Value::Text(text) => fold(text),
        _ if alone(&mut cells) => fold(&first.display()),
        _ => return false,
    };
    if FOOTER_STARTS.iter().any(|p| s.starts_with(p.as_str())) {
        return true;
    }
    // A lone sentence under the table that is not a township.
    cells.next().is_none()
        && c0 <= tcol + 1
        && s.chars().count() >= 15
        && t.resolve_township(&s).is_none()
}

pub(super) fn is_section_label(name: &str) -> bool {
    let s = fold(name);
    let s = s.trim_start_matches(|c: char| "一二三四五六七八九十,.、".contains(c));
    matches!(
        s,
        "街道" | "乡镇" | "镇" | "乡" | "街道办事处" | "乡镇(街道)" | "镇街" | "城区" | "农村"
    ) || s.ends_with("个)")
        || s.is_empty()
}

/// "单位：户、人、元" or "金额单位：元" above the table: the money unit it declares.
fn money_unit_statement(sheet: &Sheet, r: usize) -> Option<String> {
    non_empty(sheet, r).find_map(|(_, v)| {
        let s = fold(&v.display());
        let pos = s.find("单位:")?;
        let rest = &s[pos..];
        for u in ["亿元", "万元", "千元", "元"] {
            if rest.contains(u) {
                return Some(u.to_string());
            }
        }
        None
    })
}
