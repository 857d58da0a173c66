//! One located sheet → township rows of checked values, with every problem at its cell.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::grid::Sheet;
use super::layout::{self, ColumnHeader, Layout, RowKind};
use super::values::{self, Number, tidy};
use crate::model::{Level, Problem, Status};
use crate::template::{HeaderTarget, Template};
use crate::text::{cell_name, clip, col_name, fold, plain_number};

/// Where one value came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// Shared by every value of the file and sheet: a month holds a place per value.
    pub file: Arc<str>,
    pub sheet: Option<Arc<str>>,
    pub cell: String,
}

impl Place {
    pub fn describe(&self) -> String {
        let mut s = self.file.to_string();
        if let Some(sh) = &self.sheet {
            s.push('!');
            s.push_str(sh);
        }
        s.push('!');
        s.push_str(&self.cell);
        s
    }
}

/// One township's values from one sheet, keyed by indicator / responsibility index.
#[derive(Debug, Clone, Default)]
pub struct SheetRow {
    pub township: usize,
    pub row: usize,
    pub values: BTreeMap<usize, (f64, Place)>,
    pub statuses: BTreeMap<usize, (Status, Place)>,
}

#[derive(Debug, Clone, Default)]
pub struct SheetTable {
    pub rows: Vec<SheetRow>,
    /// Indicators and responsibilities the sheet has a column for.
    pub indicators: Vec<usize>,
    pub responsibilities: Vec<usize>,
    /// Title lines above the header, which usually name the month.
    pub titles: Vec<String>,
    /// 填报时间 lines: the filing date, a weaker hint of the month.
    pub filed: Vec<String>,
}

/// (township, row, indicator → (number as written, column)) before percent scaling.
type RawRow = (usize, usize, BTreeMap<usize, (Number, usize)>);

#[derive(Clone, Copy)]
enum Col {
    Indicator(usize, f64),
    Responsibility(usize),
}

/// Reads one sheet. Problems are appended; None when the sheet holds no usable table
/// or has errors.
pub fn read(
    sheet: &Sheet,
    file: &str,
    t: &Template,
    problems: &mut Vec<Problem>,
) -> Option<SheetTable> {
    let sheet_name = sheet.name.as_deref();
    let at = |level: Level, row: usize, col: usize, message: String| {
        Problem::new(level, file, message).at(sheet_name, Some(cell_name(row, col)))
    };
    let layout = match layout::locate(sheet, t) {
        Ok(Some(l)) => l,
        Ok(None) => {
            if sheet.height() > 0 {
                problems.push(
                    Problem::new(
                        Level::Notice,
                        file,
                        "没有找到乡镇（街道）数据表（需要“乡镇（街道）”列和指标列），已跳过",
                    )
                    .at(sheet_name, None),
                );
            }
            return None;
        }
        Err(errors) => {
            problems.extend(
                errors
                    .into_iter()
                    .map(|e| at(Level::Error, e.row, e.col, e.message)),
            );
            return None;
        }
    };

    let before = problems.len();
    let cols = map_columns(&layout, t, |level, col, msg| {
        problems.push(at(level, layout.header_bottom, col, msg))
    });
    if cols.is_empty() {
        problems.push(
            Problem::new(
                Level::Notice,
                file,
                "有乡镇列，但没有一列表头是模板中的指标，已跳过",
            )
            .at(sheet_name, None),
        );
        return None;
    }
    if problems[before..].iter().any(Problem::is_error) {
        return None;
    }

    let (file_name, sheet_name_shared): (Arc<str>, Option<Arc<str>>) =
        (Arc::from(file), sheet.name.as_deref().map(Arc::from));
    let place = |row: usize, col: usize| Place {
        file: file_name.clone(),
        sheet: sheet_name_shared.clone(),
        cell: cell_name(row, col),
    };
    let mut out = SheetTable {
        indicators: cols
            .iter()
            .filter_map(|(_, c)| match c {
                Col::Indicator(i, _) => Some(*i),
                _ => None,
            })
            .collect(),
        responsibilities: cols
            .iter()
            .filter_map(|(_, c)| match c {
                Col::Responsibility(i) => Some(*i),
                _ => None,
            })
            .collect(),
        ..SheetTable::default()
    };

    // Values, kept raw until each percent column's scale is known.
    let mut raw: Vec<RawRow> = Vec::new();
    let mut errors = false;
    for &(r, ref kind) in &layout.rows {
        let RowKind::Township(town) = *kind else {
            continue;
        };
        let mut row = SheetRow {
            township: town,
            row: r,
            ..SheetRow::default()
        };
        let mut nums = BTreeMap::new();
        for &(c, col) in &cols {
            let cell = sheet.get(r, c);
            match col {
                Col::Indicator(i, _) => {
                    let ind = &t.indicators[i];
                    match values::number(cell, Some(&ind.unit)) {
                        Ok(Some(n)) if n.percent_sign && !ind.is_percent() => {
                            errors = true;
                            problems.push(at(
                                Level::Error,
                                r,
                                c,
                                format!(
                                    "“{}”应填数量，实际填了百分数“{}”",
                                    ind.name,
                                    cell.display()
                                ),
                            ));
                        }
                        Ok(Some(n)) => {
                            nums.insert(i, (n, c));
                        }
                        Ok(None) => {}
                        Err(m) => {
                            errors = true;
                            problems.push(at(Level::Error, r, c, format!("“{}”{m}", ind.name)));
                        }
                    }
                }
                Col::Responsibility(i) => {
                    if cell.is_empty() {
                        continue;
                    }
                    match Status::from_word(&fold(&cell.display())) {
                        Some(s) => {
                            row.statuses.insert(i, (s, place(r, c)));
                        }
                        None => {
                            errors = true;
                            problems.push(at(
                                Level::Error,
                                r,
                                c,
                                format!(
                                    "“{}”应填 已落实/部分落实/未落实（或 √/×、是/否），实际为“{}”",
                                    t.responsibilities[i].name,
                                    clip(&cell.display(), 20)
                                ),
                            ));
                        }
                    }
                }
            }
        }
        raw.push((town, r, nums));
        out.rows.push(row);
    }
    if errors {
        return None;
    }

    // Percent columns: 0.955 under a % format, or a column of fractions, is 95.5.
    let mut fraction_cols = Vec::new();
    for &(_, col) in &cols {
        if let Col::Indicator(i, _) = col
            && t.indicators[i].is_percent()
        {
            let plain: Vec<f64> = raw
                .iter()
                .filter_map(|(_, _, m)| m.get(&i))
                .filter(|(n, _)| !n.percent_sign && !n.percent_format)
                .map(|(n, _)| n.value)
                .collect();
            if !plain.is_empty()
                && plain.iter().all(|v| (0.0..=1.0).contains(v))
                && plain.iter().any(|v| *v > 0.0)
            {
                fraction_cols.push(i);
            }
        }
    }
    for (row, (_, r, nums)) in out.rows.iter_mut().zip(raw) {
        for (i, (n, c)) in nums {
            let factor = cols
                .iter()
                .find_map(|(_, col)| match col {
                    Col::Indicator(j, f) if *j == i => Some(*f),
                    _ => None,
                })
                .unwrap_or(1.0);
            let pct = n.percent_format || (!n.percent_sign && fraction_cols.contains(&i));
            let v = if pct {
                n.value * 100.0
            } else {
                n.value * factor
            };
            row.values.insert(i, (tidy(v), place(r, c)));
        }
    }

    check_duplicates(&mut out, t, problems);
    check_totals(
        sheet,
        &layout,
        &cols,
        &out,
        &fraction_cols,
        t,
        &at,
        problems,
    );

    // Month hints: title lines, and 填报时间 lines.
    let (mut titles, mut filed) = (Vec::new(), Vec::new());
    for r in 0..layout.header_top {
        for v in sheet.rows[r].iter().filter(|v| !v.is_empty()) {
            let s = v.display();
            if s.contains("填报") || s.contains("时间") || s.contains("日期") {
                filed.push(s);
            } else {
                titles.push(s);
            }
        }
    }
    out.titles = titles;
    out.filed = filed;
    Some(out)
}

/// Column → indicator or responsibility, with the unit factor; reports unmapped columns,
/// two columns for one indicator and unit mismatches.
fn map_columns(
    layout: &Layout,
    t: &Template,
    mut report: impl FnMut(Level, usize, String),
) -> Vec<(usize, Col)> {
    let mut cols: Vec<(usize, Col)> = Vec::new();
    let mut seen: BTreeMap<(bool, usize), &ColumnHeader> = BTreeMap::new();
    for h in &layout.columns {
        let (key, col) = match h.target {
            Some(HeaderTarget::Indicator(i)) => {
                let ind = &t.indicators[i];
                let from = h.unit.clone().or_else(|| {
                    ind.is_money()
                        .then(|| layout.sheet_money_unit.clone())
                        .flatten()
                });
                let factor = match from.as_deref() {
                    None => 1.0,
                    Some(u) if fold(u) == fold(ind.unit.symbol()) => 1.0,
                    Some(u) => match ind.unit.factor_from(&fold(u)) {
                        Some(f) => {
                            if f != 1.0 {
                                report(
                                    Level::Notice,
                                    h.col,
                                    format!("“{}”按{u}填报，已换算为{}", ind.name, ind.unit),
                                );
                            }
                            f
                        }
                        None => {
                            if !(ind.is_percent() && u.contains('%')) {
                                report(
                                    Level::Warning,
                                    h.col,
                                    format!(
                                        "表头“{}”的单位“{u}”与模板中“{}”的单位“{}”不一致，请核对",
                                        h.text, ind.name, ind.unit
                                    ),
                                );
                            }
                            1.0
                        }
                    },
                };
                ((true, i), Col::Indicator(i, factor))
            }
            Some(HeaderTarget::Responsibility(i)) => ((false, i), Col::Responsibility(i)),
            Some(HeaderTarget::Township) | Some(HeaderTarget::Serial) => continue,
            None => {
                report(
                    Level::Notice,
                    h.col,
                    format!(
                        "{}列表头“{}”不是模板中的指标，已忽略",
                        col_name(h.col),
                        clip(&h.text, 30)
                    ),
                );
                continue;
            }
        };
        if let Some(first) = seen.get(&key) {
            let name = match col {
                Col::Indicator(i, _) => &t.indicators[i].name,
                Col::Responsibility(i) => &t.responsibilities[i].name,
            };
            report(
                Level::Error,
                h.col,
                format!(
                    "{}列“{}”和{}列“{}”都对应“{name}”，无法确定用哪一列，请删去一列",
                    col_name(first.col),
                    clip(&first.text, 30),
                    col_name(h.col),
                    clip(&h.text, 30)
                ),
            );
            continue;
        }
        seen.insert(key, h);
        cols.push((h.col, col));
    }
    cols
}

/// The same township twice on one sheet: identical rows are dropped with a warning,
/// different ones are an error naming both rows.
fn check_duplicates(out: &mut SheetTable, t: &Template, problems: &mut Vec<Problem>) {
    let mut keep: Vec<SheetRow> = Vec::new();
    // Township → its first row in `keep`: a linear search here was quadratic in the rows.
    let mut first_of: HashMap<usize, usize> = HashMap::new();
    for row in std::mem::take(&mut out.rows) {
        match first_of.get(&row.township).map(|&k| &keep[k]) {
            Some(first) => {
                let same = first.values.len() == row.values.len()
                    && first
                        .values
                        .iter()
                        .all(|(i, (v, _))| row.values.get(i).is_some_and(|(w, _)| w == v))
                    && first
                        .statuses
                        .iter()
                        .all(|(i, (s, _))| row.statuses.get(i).is_some_and(|(z, _)| z == s));
                let place = row
                    .values
                    .values()
                    .next()
                    .map(|(_, p)| p.clone())
                    .or_else(|| row.statuses.values().next().map(|(_, p)| p.clone()));
                let first_row = first.row + 1;
                let name = &t.townships[row.township].name;
                let (level, msg) = if same {
                    (
                        Level::Warning,
                        format!(
                            "{name}在第{first_row}行和第{}行重复出现（数据相同），只取一次",
                            row.row + 1
                        ),
                    )
                } else {
                    (
                        Level::Error,
                        format!(
                            "{name}在第{first_row}行和第{}行重复出现且数据不同，请删去错误的一行",
                            row.row + 1
                        ),
                    )
                };
                let mut p = Problem::new(level, place.as_ref().map_or("", |p| &*p.file), msg);
                if let Some(pl) = place {
                    p = p.at(pl.sheet.as_deref(), Some(format!("A{}", row.row + 1)));
                }
                problems.push(p);
            }
            None => {
                first_of.insert(row.township, keep.len());
                keep.push(row);
            }
        }
    }
    out.rows = keep;
}

/// A 合计 row must equal the sum of the township rows (rates are averages: not checked).
#[allow(clippy::too_many_arguments)]
fn check_totals(
    sheet: &Sheet,
    layout: &Layout,
    cols: &[(usize, Col)],
    out: &SheetTable,
    fraction_cols: &[usize],
    t: &Template,
    at: &dyn Fn(Level, usize, usize, String) -> Problem,
    problems: &mut Vec<Problem>,
) {
    if out.rows.is_empty() {
        return;
    }
    for &(r, ref kind) in &layout.rows {
        if *kind != RowKind::Total {
            continue;
        }
        for &(c, col) in cols {
            let Col::Indicator(i, factor) = col else {
                continue;
            };
            let ind = &t.indicators[i];
            if ind.is_percent() || fraction_cols.contains(&i) {
                continue;
            }
            let total = match values::number(sheet.get(r, c), Some(&ind.unit)) {
                Ok(Some(n)) => tidy(n.value * factor),
                Ok(None) => continue,
                Err(m) => {
                    problems.push(at(Level::Warning, r, c, format!("合计行“{}”{m}", ind.name)));
                    continue;
                }
            };
            let sum = tidy(
                out.rows
                    .iter()
                    .filter_map(|row| row.values.get(&i))
                    .map(|(v, _)| v)
                    .sum(),
            );
            let tolerance = if ind.is_money() { 0.011 } else { 1e-6 };
            if (total - sum).abs() > tolerance {
                problems.push(at(
                    Level::Warning,
                    r,
                    c,
                    format!(
                        "合计行与各乡镇之和不符：“{}”合计填{}，各乡镇相加为{}（相差{}）",
                        ind.name,
                        plain_number(total),
                        plain_number(sum),
                        plain_number(tidy(total - sum))
                    ),
                ));
            }
        }
    }
}
