//! One located sheet → township rows of checked values, with every problem at its cell.

use std::collections::{BTreeMap, HashMap};

use super::grid::Sheet;
use super::layout::{self, ColumnHeader, Layout, RowKind};
use super::values::{self, tidy};
use super::vertical;
use super::villages::{SheetVillage, sum_villages};
use dd_core::model::{Level, Problem, Status};
use dd_core::template::{HeaderTarget, Template};
use dd_core::text::{cell_name, clip, col_name, fold, plain_number};

/// A value read from a cell: the indicator or responsibility it is for, and its column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Got<T> {
    pub id: u16,
    pub col: u16,
    pub value: T,
}

/// One township's values from one sheet: its spans of the table's value and status lists.
#[derive(Debug, Clone, Default)]
pub struct SheetRow {
    pub township: usize,
    pub row: usize,
    pub(super) values: std::ops::Range<usize>,
    pub(super) statuses: std::ops::Range<usize>,
    /// A village of a village detail sheet (summed into its township's row).
    pub(super) village: bool,
}

/// A sheet's township rows; their values are kept in two flat lists (no allocation per
/// row: a national sheet has 38,000).
#[derive(Debug, Clone, Default)]
pub struct SheetTable {
    pub rows: Vec<SheetRow>,
    pub(super) values: Vec<Got<f64>>,
    pub(super) statuses: Vec<Got<Status>>,
    /// The villages of a village detail sheet (their values are in `values`).
    pub villages: Vec<SheetVillage>,
    /// Indicators and responsibilities the sheet has a column for.
    pub indicators: Vec<usize>,
    pub responsibilities: Vec<usize>,
    /// Title lines above the header, which usually name the month.
    pub titles: Vec<String>,
    /// 填报时间 lines: the filing date, a weaker hint of the month.
    pub filed: Vec<String>,
}

impl SheetTable {
    pub fn values(&self, row: &SheetRow) -> &[Got<f64>] {
        self.values.get(row.values.clone()).unwrap_or(&[])
    }

    pub fn statuses(&self, row: &SheetRow) -> &[Got<Status>] {
        self.statuses.get(row.statuses.clone()).unwrap_or(&[])
    }
}

#[derive(Clone, Copy)]
pub(super) enum Col {
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
    // An indicator-per-row form is told by its header (指标名称 and 本月数 in one row).
    if let Some(form) = vertical::read(sheet, file, t, problems) {
        return form;
    }
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

    problems.extend(
        layout
            .notices
            .iter()
            .map(|n| at(Level::Notice, n.row, n.col, n.message.clone())),
    );
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

    // Values as written, with how each was marked as a percentage (`%` written: 1, a
    // percent format: 2), until each percent column's scale is known.
    let towns = layout.rows.len();
    let indicator_cols = cols
        .iter()
        .filter(|(_, c)| matches!(c, Col::Indicator(..)))
        .count();
    out.values.reserve(towns * indicator_cols);
    let mut marks: Vec<u8> = Vec::with_capacity(towns * indicator_cols);
    let mut errors = false;
    for &(r, ref kind) in &layout.rows {
        let (town, village) = match *kind {
            RowKind::Township(town) => (town, false),
            RowKind::Village(town) => (town, true),
            _ => continue,
        };
        let (v0, s0) = (out.values.len(), out.statuses.len());
        for &(c, col) in &cols {
            let cell = sheet.get(r, c);
            match col {
                Col::Indicator(i, _) => {
                    let ind = &t.indicators[i];
                    match values::number(&cell, Some(&ind.unit)) {
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
                            out.values.push(got(i, c, n.value));
                            marks.push(
                                u8::from(n.percent_sign)
                                    | (u8::from(n.percent_format) << 1)
                                    | (u8::from(n.own_unit) << 2),
                            );
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
                        Some(s) => out.statuses.push(got(i, c, s)),
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
        out.rows.push(SheetRow {
            township: town,
            row: r,
            values: v0..out.values.len(),
            statuses: s0..out.statuses.len(),
            village,
        });
    }
    if errors {
        return None;
    }

    // Percent columns: 0.955 under a % format, or a column of fractions, is 95.5.
    let n = t.indicators.len();
    let (mut plain_seen, mut plain_in_unit, mut plain_positive) =
        (vec![false; n], vec![true; n], vec![false; n]);
    for (g, &mark) in out.values.iter().zip(&marks) {
        let i = usize::from(g.id);
        if mark == 0 {
            plain_seen[i] = true;
            plain_in_unit[i] &= (0.0..=1.0).contains(&g.value);
            plain_positive[i] |= g.value > 0.0;
        }
    }
    let mut factor = vec![1.0; n];
    let mut fraction = vec![false; n];
    for &(_, col) in &cols {
        if let Col::Indicator(i, f) = col {
            factor[i] = f;
            fraction[i] = t.indicators[i].is_percent()
                && plain_seen[i]
                && plain_in_unit[i]
                && plain_positive[i];
        }
    }
    for (g, mark) in out.values.iter_mut().zip(marks) {
        let i = usize::from(g.id);
        let (sign, format, own_unit) = (mark & 1 != 0, mark & 2 != 0, mark & 4 != 0);
        let pct = format || (!sign && fraction[i]);
        g.value = tidy(if pct {
            g.value * 100.0
        } else if own_unit {
            g.value
        } else {
            g.value * factor[i]
        });
    }
    let fraction_cols: Vec<usize> = (0..n).filter(|&i| fraction[i]).collect();
    if layout.village_col.is_some()
        && !sum_villages(sheet, &layout, &cols, &mut out, t, &at, problems)
    {
        return None;
    }

    check_duplicates(&mut out, file, sheet_name, t, problems);
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
        for (_, v) in sheet.row(r).filter(|(_, v)| !v.is_empty()) {
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

/// Indices and columns fit 16 bits: a template has far fewer columns, a sheet at most 16384.
fn got<T>(id: usize, col: usize, value: T) -> Got<T> {
    Got {
        id: id as u16,
        col: col as u16,
        value,
    }
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
                let message = match (h.closer, measure_named(&h.text, t)) {
                    (Some((winner, target)), _) => format!(
                        "{}列“{}”也像“{}”，但{}列的表头与它更贴切，取{}列，这一列已忽略",
                        col_name(h.col),
                        clip(&h.text, 30),
                        target_name(target, t),
                        col_name(winner),
                        col_name(winner)
                    ),
                    (None, Some(m)) => format!(
                        "{}列“{}”是模板按“{}”计算的比率，不从表中读取（乡镇的数由{}重新计算）",
                        col_name(h.col),
                        clip(&h.text, 30),
                        m.name,
                        m.denominator.as_deref().map_or_else(
                            || t.column_name(&m.numerator),
                            |d| format!("“{}”÷“{}”", t.column_name(&m.numerator), t.column_name(d))
                        )
                    ),
                    (None, None) => format!(
                        "{}列表头“{}”不是模板中的指标，已忽略",
                        col_name(h.col),
                        clip(&h.text, 30)
                    ),
                };
                report(Level::Notice, h.col, message);
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

fn target_name(target: HeaderTarget, t: &Template) -> &str {
    match target {
        HeaderTarget::Indicator(i) => &t.indicators[i].name,
        HeaderTarget::Responsibility(i) => &t.responsibilities[i].name,
        HeaderTarget::Township => "乡镇（街道）",
        HeaderTarget::Serial => "序号",
    }
}

/// The template's measure a header names (风险消除率, 结对帮扶覆盖率（%）), if any.
fn measure_named<'t>(header: &str, t: &'t Template) -> Option<&'t dd_core::template::MeasureDef> {
    let last = header.rsplit('/').next().unwrap_or(header);
    let name = fold(last);
    let name = name.split('(').next().unwrap_or(&name);
    t.measures
        .iter()
        .find(|m| m.denominator.is_some() && fold(&m.name) == name)
}

/// The same township twice on one sheet: identical rows are dropped with a warning,
/// different ones are an error naming both rows.
fn check_duplicates(
    out: &mut SheetTable,
    file: &str,
    sheet: Option<&str>,
    t: &Template,
    problems: &mut Vec<Problem>,
) {
    let mut keep: Vec<SheetRow> = Vec::with_capacity(out.rows.len());
    let (values, statuses) = (&out.values, &out.statuses);
    // Township → its first row in `keep`: a linear search here was quadratic in the rows.
    let mut first_of: HashMap<usize, usize> = HashMap::with_capacity(out.rows.len());
    for row in std::mem::take(&mut out.rows) {
        match first_of.get(&row.township).map(|&k| &keep[k]) {
            Some(first) => {
                let (fv, rv) = (&values[first.values.clone()], &values[row.values.clone()]);
                let (fs, rs) = (
                    &statuses[first.statuses.clone()],
                    &statuses[row.statuses.clone()],
                );
                let value_of = |id: u16| rv.iter().find(|g| g.id == id).map(|g| g.value);
                let status_of = |id: u16| rs.iter().find(|g| g.id == id).map(|g| g.value);
                let same = fv.len() == rv.len()
                    && fv.iter().all(|g| value_of(g.id) == Some(g.value))
                    && fs.iter().all(|g| status_of(g.id) == Some(g.value));
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
                problems.push(
                    Problem::new(level, file, msg).at(sheet, Some(format!("A{}", row.row + 1))),
                );
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
    let mut sums = vec![0.0; t.indicators.len()];
    for g in out.rows.iter().flat_map(|r| out.values(r)) {
        sums[usize::from(g.id)] += g.value;
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
            if ind.is_percent() || !ind.is_additive() || fraction_cols.contains(&i) {
                continue;
            }
            let cell = sheet.get(r, c);
            if let super::grid::Value::Formula(_) = cell {
                problems.push(at(
                    Level::Notice,
                    r,
                    c,
                    format!(
                        "合计行的“{}”是没有计算结果的公式，未与各乡镇之和核对",
                        ind.name
                    ),
                ));
                continue;
            }
            let total = match values::number(&cell, Some(&ind.unit)) {
                Ok(Some(n)) => tidy(n.value * if n.own_unit { 1.0 } else { factor }),
                Ok(None) => continue,
                Err(m) => {
                    problems.push(at(Level::Warning, r, c, format!("合计行“{}”{m}", ind.name)));
                    continue;
                }
            };
            let sum = tidy(sums[i]);
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
