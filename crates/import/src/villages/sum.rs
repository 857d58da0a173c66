//! A village sheet's villages → their townships' figures: counts and amounts summed, rates
//! recomputed from the template's measure (or refused), each 小计 row checked against its
//! villages and never counted itself.

use std::collections::HashMap;
use std::ops::Range;

use super::super::grid::{Sheet, Value};
use super::super::layout::{Layout, RowKind};
use super::super::table::{Col, Got, SheetRow, SheetTable};
use super::super::values::{self, tidy};
use dd_core::model::{Level, Problem};
use dd_core::template::Template;
use dd_core::text::{col_name, fold, plain_number};

/// One village of a sheet: its township, name, row and its span of the table's values.
#[derive(Debug, Clone)]
pub struct SheetVillage {
    pub township: usize,
    pub name: String,
    pub row: usize,
    pub values: Range<usize>,
}

/// How a township figure of a column is made from its villages.
#[derive(Clone, Copy)]
enum Make {
    Sum,
    /// numerator ÷ (denominator × factor), × 100 for a percent.
    Ratio {
        num: usize,
        den: usize,
        factor: f64,
        percent: bool,
    },
}

/// Blank village cells are not errors (a village with nothing to report leaves it blank):
/// one notice per column counts them, at the first.
fn blank_notices(
    sheet: &Sheet,
    layout: &Layout,
    make: &[(usize, usize, Make)],
    t: &Template,
    at: &dyn Fn(Level, usize, usize, String) -> Problem,
    problems: &mut Vec<Problem>,
) {
    for &(c, i, how) in make {
        if !matches!(how, Make::Sum) {
            continue;
        }
        let blanks: Vec<usize> = layout
            .rows
            .iter()
            .filter(|(r, k)| matches!(k, RowKind::Village(_)) && sheet.get(*r, c).is_empty())
            .map(|(r, _)| *r)
            .collect();
        if let Some(&first) = blanks.first() {
            problems.push(at(
                Level::Notice,
                first,
                c,
                format!(
                    "{}列“{}”有{}个村未填（空白），各乡镇的数为已填各村之和",
                    col_name(c),
                    t.indicators[i].name,
                    blanks.len()
                ),
            ));
        }
    }
}

/// Replaces the village rows of `out` by one row per township; false when the sheet has a
/// column that cannot be made a township figure (its errors are in `problems`).
pub fn sum_villages(
    sheet: &Sheet,
    layout: &Layout,
    cols: &[(usize, Col)],
    out: &mut SheetTable,
    t: &Template,
    at: &dyn Fn(Level, usize, usize, String) -> Problem,
    problems: &mut Vec<Problem>,
) -> bool {
    let head = layout.header_bottom;
    let present: Vec<usize> = cols
        .iter()
        .filter_map(|(_, c)| match c {
            Col::Indicator(i, _) => Some(*i),
            Col::Responsibility(_) => None,
        })
        .collect();
    let mut make: Vec<(usize, usize, Make)> = Vec::new();
    let mut ok = true;
    for &(c, col) in cols {
        match col {
            Col::Responsibility(i) => {
                ok = false;
                problems.push(at(
                    Level::Error,
                    head,
                    c,
                    format!(
                        "{}列“{}”是乡镇的落实状态，村级明细表中逐村填写的状态无法合成乡镇的状态；\
                         请删去这一列（乡镇的状态在乡镇汇总表中填写，或由模板规则按数据判定）",
                        col_name(c),
                        t.responsibilities[i].name
                    ),
                ));
            }
            Col::Indicator(i, _) if t.indicators[i].is_additive() => make.push((c, i, Make::Sum)),
            Col::Indicator(i, _) => match ratio_of(i, &present, t) {
                Ok(m) => make.push((c, i, m)),
                Err(why) => {
                    ok = false;
                    problems.push(at(
                        Level::Error,
                        head,
                        c,
                        format!(
                            "{}列“{}”是比率（{}），各村的数不能相加成乡镇的数，{why}",
                            col_name(c),
                            t.indicators[i].name,
                            t.indicators[i].unit
                        ),
                    ));
                }
            },
        }
    }
    if !ok {
        return false;
    }
    blank_notices(sheet, layout, &make, t, at, problems);

    let (villages, towns): (Vec<SheetRow>, Vec<SheetRow>) = std::mem::take(&mut out.rows)
        .into_iter()
        .partition(|r| r.village);
    out.rows = towns;
    let vcol = layout.village_col.unwrap_or(layout.township_col);
    let name_of = |row: usize| sheet.get(row, vcol).display().trim().to_string();
    let Some(villages) = once_each(villages, out, &name_of, t, at, problems) else {
        return false;
    };
    let subtotal_row: HashMap<usize, usize> = layout
        .rows
        .iter()
        .filter_map(|&(r, ref k)| match k {
            RowKind::Subtotal(Some(town)) => Some((*town, r)),
            _ => None,
        })
        .collect();
    // Townships in the order their first village comes.
    let mut order: Vec<usize> = Vec::new();
    let mut sums: HashMap<usize, Vec<Option<f64>>> = HashMap::new();
    let n = t.indicators.len();
    for v in &villages {
        let s = sums.entry(v.township).or_insert_with(|| {
            order.push(v.township);
            vec![None; n]
        });
        for g in out.values(v) {
            let slot = &mut s[usize::from(g.id)];
            *slot = Some(slot.unwrap_or(0.0) + g.value);
        }
    }
    for &town in &order {
        let s = &sums[&town];
        let first = villages
            .iter()
            .find(|v| v.township == town)
            .map_or(0, |v| v.row);
        let row = subtotal_row.get(&town).copied().unwrap_or(first);
        let v0 = out.values.len();
        for &(c, i, m) in &make {
            let value = match m {
                Make::Sum => s[i],
                Make::Ratio {
                    num,
                    den,
                    factor,
                    percent,
                } => match (s[num], s[den]) {
                    (Some(a), Some(b)) if b * factor != 0.0 => {
                        Some(a / (b * factor) * if percent { 100.0 } else { 1.0 })
                    }
                    _ => None,
                },
            };
            if let Some(v) = value {
                out.values.push(Got {
                    id: i as u16,
                    col: c as u16,
                    value: tidy(v),
                });
            }
        }
        out.rows.push(SheetRow {
            township: town,
            row,
            values: v0..out.values.len(),
            statuses: 0..0,
            village: false,
        });
    }
    out.villages = villages
        .iter()
        .map(|v| SheetVillage {
            township: v.township,
            name: name_of(v.row),
            row: v.row,
            values: v.values.clone(),
        })
        .collect();
    check_subtotals(sheet, layout, cols, &sums, t, at, problems);
    true
}

/// The villages with each one once: a village listed twice in its township with the same
/// figures counts once (a warning), with different figures is an error naming both rows.
fn once_each(
    villages: Vec<SheetRow>,
    out: &SheetTable,
    name_of: &dyn Fn(usize) -> String,
    t: &Template,
    at: &dyn Fn(Level, usize, usize, String) -> Problem,
    problems: &mut Vec<Problem>,
) -> Option<Vec<SheetRow>> {
    let mut first: HashMap<(usize, String), usize> = HashMap::with_capacity(villages.len());
    let mut kept: Vec<SheetRow> = Vec::with_capacity(villages.len());
    let mut ok = true;
    for v in villages {
        let name = name_of(v.row);
        let key = (v.township, fold(&name));
        let Some(&k) = first.get(&key) else {
            first.insert(key, kept.len());
            kept.push(v);
            continue;
        };
        let earlier = &kept[k];
        let same = out.values(earlier) == out.values(&v);
        let town = &t.townships[v.township].name;
        let (a, b) = (earlier.row + 1, v.row + 1);
        let (level, message) = if same {
            (
                Level::Warning,
                format!("{town}{name}在第{a}行和第{b}行重复出现（数据相同），只计一次"),
            )
        } else {
            ok = false;
            (
                Level::Error,
                format!("{town}{name}在第{a}行和第{b}行重复出现且数据不同，请删去错误的一行"),
            )
        };
        problems.push(at(level, v.row, 0, message));
    }
    ok.then_some(kept)
}

/// The template's measure that makes a rate column from two additive columns of the sheet.
fn ratio_of(i: usize, present: &[usize], t: &Template) -> Result<Make, String> {
    let ind = &t.indicators[i];
    let measure = t
        .measures
        .iter()
        .find(|m| m.denominator.is_some() && (m.id == ind.id || fold(&m.name) == fold(&ind.name)));
    let Some(m) = measure else {
        return Err(
            "模板中也没有它由哪两项相除得到（分子、分母），算不出乡镇的数；\
             请删去这一列，或改填分子、分母两列"
                .into(),
        );
    };
    let index = |id: &str| t.indicator_index(id);
    let (Some(num), Some(den)) = (
        index(&m.numerator),
        m.denominator.as_deref().and_then(index),
    ) else {
        return Err("模板中它的计算公式引用了不存在的指标".into());
    };
    if !(present.contains(&num) && present.contains(&den)) {
        return Err(format!(
            "模板中它由“{}”÷“{}”计算，但这张表没有这两列，算不出乡镇的数；请加上这两列或删去这一列",
            t.indicators[num].name, t.indicators[den].name
        ));
    }
    Ok(Make::Ratio {
        num,
        den,
        factor: m.denominator_factor.unwrap_or(1.0),
        percent: m.is_percent(),
    })
}

/// Each township's 小计 row against the sum of its villages (counts and amounts).
fn check_subtotals(
    sheet: &Sheet,
    layout: &Layout,
    cols: &[(usize, Col)],
    sums: &HashMap<usize, Vec<Option<f64>>>,
    t: &Template,
    at: &dyn Fn(Level, usize, usize, String) -> Problem,
    problems: &mut Vec<Problem>,
) {
    for &(r, ref kind) in &layout.rows {
        let RowKind::Subtotal(town) = *kind else {
            continue;
        };
        let Some(s) = town.and_then(|town| sums.get(&town)) else {
            problems.push(at(
                Level::Notice,
                r,
                layout.village_col.unwrap_or(layout.township_col),
                "这一小计行找不到对应乡镇的村，未核对".into(),
            ));
            continue;
        };
        let name = town.map_or("", |i| t.townships[i].name.as_str());
        for &(c, col) in cols {
            let Col::Indicator(i, factor) = col else {
                continue;
            };
            let ind = &t.indicators[i];
            if !ind.is_additive() {
                continue;
            }
            let cell = sheet.get(r, c);
            if let Value::Formula(_) = cell {
                problems.push(at(
                    Level::Notice,
                    r,
                    c,
                    format!(
                        "{name}小计的“{}”是没有计算结果的公式，未与各村之和核对",
                        ind.name
                    ),
                ));
                continue;
            }
            let written = match values::number(&cell, Some(&ind.unit)) {
                Ok(Some(n)) => tidy(n.value * if n.own_unit { 1.0 } else { factor }),
                Ok(None) => continue,
                Err(m) => {
                    problems.push(at(Level::Warning, r, c, format!("小计行“{}”{m}", ind.name)));
                    continue;
                }
            };
            let sum = tidy(s[i].unwrap_or(0.0));
            let tolerance = if ind.is_money() { 0.005 } else { 1e-6 };
            if (written - sum).abs() > tolerance {
                problems.push(at(
                    Level::Warning,
                    r,
                    c,
                    format!(
                        "{name}小计与各村之和不符：“{}”小计填{}，各村相加为{}（相差{}）",
                        ind.name,
                        plain_number(written),
                        plain_number(sum),
                        plain_number(tidy(written - sum))
                    ),
                ));
            }
        }
    }
}
