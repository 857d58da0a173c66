//! The 重点村 roster sheet: one row per key village (村, 乡镇（街道）, 联点市级领导, 后盾单位,
//! 驻村工作队, 衔接资金计划, optionally 已拨付), recognised by its headers as the template's
//! `[roster]` names them. Townships are matched with the template's name rules; the
//! township may be written once and merged down its villages, or left blank below.

use std::collections::HashMap;

use super::grid::Sheet;
use super::values;
use dd_core::model::{KeyVillage, Level, Problem};
use dd_core::template::{Money, RosterColumn, Template, Unit};
use dd_core::text::{cell_name, clip, fold};

/// How many rows from the top may hold the header.
const HEAD_ZONE: usize = 30;

/// Lines under the table that end it (folded starts).
const FOOTER_STARTS: &[&str] = &[
    "备注",
    "注:",
    "说明",
    "填表人",
    "填报人",
    "制表人",
    "审核人",
    "负责人",
    "单位负责人",
    "联系电话",
];

/// The header row and the column of each roster field.
struct Header {
    row: usize,
    cols: HashMap<RosterColumn, usize>,
    /// 元 → 万元 factor of the plan and paid columns (from a unit in the header).
    plan_factor: f64,
    paid_factor: f64,
}

/// The villages of a roster sheet; None when the sheet is not a roster (it has no header
/// row naming both a village and a 联点市级领导 column). Errors and warnings go to `problems`.
pub(super) fn read(
    sheet: &Sheet,
    file: &str,
    t: &Template,
    problems: &mut Vec<Problem>,
) -> Option<Vec<KeyVillage>> {
    let header = find_header(sheet, t)?;
    let sheet_name = sheet.name.as_deref();
    let problem = |level: Level, r: usize, c: usize, message: String| {
        Problem::new(level, file, message).at(sheet_name, Some(cell_name(r, c)))
    };
    let before = problems.len();
    for need in [
        RosterColumn::Township,
        RosterColumn::Unit,
        RosterColumn::Team,
        RosterColumn::Plan,
    ] {
        if !header.cols.contains_key(&need) {
            problems.push(
                Problem::error(
                    file,
                    format!(
                        "重点村名单缺少“{}”列（表头在第{}行）",
                        need.label(),
                        header.row + 1
                    ),
                )
                .at(sheet_name, None),
            );
        }
    }
    if problems.len() > before {
        return Some(Vec::new());
    }
    let col = |c: RosterColumn| header.cols.get(&c).copied();
    let (Some(vcol), Some(tcol), Some(lcol), Some(ucol), Some(team_col), Some(pcol)) = (
        col(RosterColumn::Village),
        col(RosterColumn::Township),
        col(RosterColumn::Leader),
        col(RosterColumn::Unit),
        col(RosterColumn::Team),
        col(RosterColumn::Plan),
    ) else {
        return Some(Vec::new());
    };
    let paid_col = col(RosterColumn::Paid);
    let text = |r: usize, c: usize| sheet.get(r, c).display().trim().to_string();
    let mut out: Vec<KeyVillage> = Vec::new();
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    // The township of the rows below; empty after an unknown one (its villages are part of
    // the same error).
    let mut town: Option<String> = None;
    // 合计 rows' plan figures, checked against the villages' sum.
    let mut totals: Vec<(usize, f64)> = Vec::new();
    for r in header.row + 1..sheet.height() {
        if sheet.row_is_blank(r) {
            continue;
        }
        let (village, town_text) = (text(r, vcol), text(r, tcol));
        let first = sheet
            .row(r)
            .find_map(|(_, v)| v.text().map(fold).filter(|s| !s.is_empty()))
            .unwrap_or_default();
        if FOOTER_STARTS.iter().any(|s| first.starts_with(&fold(s))) {
            break;
        }
        // 合计 / 小计 rows and the 甲乙/1 2 3 code row carry no village.
        let total = [&town_text, &village]
            .into_iter()
            .any(|s| !s.is_empty() && t.is_total_label(s));
        if total
            && let Ok(Some(n)) = values::number(
                &sheet.get(r, pcol),
                Some(&Unit::Money(Money::TenThousandYuan)),
            )
        {
            totals.push((r, n.value * header.plan_factor));
        }
        let subtotal = [&town_text, &village]
            .into_iter()
            .any(|s| fold(s).ends_with("小计"));
        if total || subtotal || is_code(&village) {
            continue;
        }
        if !town_text.is_empty() {
            match t.resolve_township(&town_text) {
                Some(i) => town = Some(t.townships[i].name.clone()),
                None => {
                    problems.push(problem(
                        Level::Error,
                        r,
                        tcol,
                        format!(
                            "“{}”不是本{}的乡镇（街道），请核对名称",
                            clip(&town_text, 20),
                            t.level
                        ),
                    ));
                    town = Some(String::new());
                    continue;
                }
            }
        }
        if village.is_empty() {
            problems.push(problem(
                Level::Error,
                r,
                vcol,
                "重点村名单这一行有内容但没有填写村名".into(),
            ));
            continue;
        }
        if town.as_ref().is_some_and(String::is_empty) {
            continue;
        }
        let Some(township) = town.clone() else {
            problems.push(problem(
                Level::Error,
                r,
                tcol,
                format!("“{}”没有填写所属乡镇（街道）", clip(&village, 20)),
            ));
            continue;
        };
        if let Some(&first_row) = seen.get(&(township.clone(), fold(&village))) {
            problems.push(problem(
                Level::Error,
                r,
                vcol,
                format!(
                    "{township}{village}在重点村名单中出现两次（另一处在{}）",
                    cell_name(first_row, vcol)
                ),
            ));
            continue;
        }
        seen.insert((township.clone(), fold(&village)), r);
        let money = |c: usize, factor: f64, what: &str| -> Result<Option<f64>, Problem> {
            let unit = Unit::Money(Money::TenThousandYuan);
            match values::number(&sheet.get(r, c), Some(&unit)) {
                Ok(n) => Ok(n.map(|n| values::tidy(n.value * factor))),
                Err(e) => Err(problem(Level::Error, r, c, format!("“{what}”{e}"))),
            }
        };
        let plan = match money(pcol, header.plan_factor, "衔接资金计划") {
            Ok(Some(p)) => p,
            Ok(None) => {
                problems.push(problem(
                    Level::Error,
                    r,
                    pcol,
                    format!("{township}{village}没有填写衔接资金计划"),
                ));
                continue;
            }
            Err(p) => {
                problems.push(p);
                continue;
            }
        };
        let paid = match paid_col.map(|c| money(c, header.paid_factor, "已拨付")) {
            None | Some(Ok(None)) => None,
            Some(Ok(Some(p))) => Some(p),
            Some(Err(p)) => {
                problems.push(p);
                continue;
            }
        };
        let v = KeyVillage {
            township,
            village,
            leader: text(r, lcol),
            unit: text(r, ucol),
            team: text(r, team_col),
            plan,
            paid,
            place: match sheet_name {
                Some(s) => format!("{file}!{s}!{}", cell_name(r, vcol)),
                None => format!("{file}!{}", cell_name(r, vcol)),
            },
        };
        for (who, c, what) in [
            (&v.leader, lcol, "联点市级领导"),
            (&v.unit, ucol, "后盾单位"),
            (&v.team, team_col, "驻村工作队"),
        ] {
            if who.is_empty() {
                problems.push(problem(
                    Level::Warning,
                    r,
                    c,
                    format!("{}{}没有填写{what}，按未落实计", v.township, v.village),
                ));
            }
        }
        if let (Some(paid), Some(c)) = (v.paid, paid_col)
            && paid > v.plan + 1e-9
        {
            problems.push(problem(
                Level::Warning,
                r,
                c,
                format!(
                    "{}{}已拨付{}万元，超过计划{}万元",
                    v.township,
                    v.village,
                    dd_core::text::plain_number(paid),
                    dd_core::text::plain_number(v.plan)
                ),
            ));
        }
        out.push(v);
    }
    let sum: f64 = out.iter().map(|v| v.plan).sum();
    for (r, total) in totals {
        if (total - sum).abs() > 0.005 {
            problems.push(problem(
                Level::Warning,
                r,
                pcol,
                format!(
                    "合计行的衔接资金计划为{}万元，各村之和为{}万元，请核对",
                    dd_core::text::plain_number(values::tidy(total)),
                    dd_core::text::plain_number(values::tidy(sum))
                ),
            ));
        }
    }
    if out.is_empty() && !problems[before..].iter().any(Problem::is_error) {
        problems.push(Problem::error(file, "重点村名单中没有一个村").at(sheet_name, None));
    }
    Some(out)
}

/// The first row (near the top) naming both a village column and a 联点市级领导 column; a
/// second header row under it names the columns of a group header merged over them
/// (`衔接资金（万元）` over `计划` and `已拨付`).
fn find_header(sheet: &Sheet, t: &Template) -> Option<Header> {
    let headers = t.roster.matcher();
    let money = |inside: Option<&str>| {
        inside
            .and_then(|u| Unit::Money(Money::TenThousandYuan).factor_from(u))
            .unwrap_or(1.0)
    };
    for r in 0..sheet.height().min(HEAD_ZONE) {
        let mut h = Header {
            row: r,
            cols: HashMap::new(),
            plan_factor: 1.0,
            paid_factor: 1.0,
        };
        for (c, v) in sheet.row(r) {
            // A header is short; a title or a note is not worth folding.
            let Some(s) = v.text().filter(|s| s.len() <= 90) else {
                continue;
            };
            if let Some((which, inside)) = headers.match_header(s) {
                h.put(which, c, money(inside.as_deref()));
            }
        }
        if !(h.cols.contains_key(&RosterColumn::Village)
            && h.cols.contains_key(&RosterColumn::Leader))
        {
            continue;
        }
        let below = r + 1;
        for (c, v) in sheet.row(below) {
            let Some(s) = v.text().filter(|s| s.len() <= 90) else {
                continue;
            };
            if h.cols.values().any(|&used| used == c) {
                continue;
            }
            let group = sheet
                .merge_at(r, c)
                .map(|m| sheet.get(m.top, m.left).display())
                .unwrap_or_default();
            let (group, group_unit) = match headers.match_header(&group) {
                Some((_, unit)) => (group.clone(), unit),
                None => split_unit(&group),
            };
            let found = headers
                .match_header(&format!("{group}{s}"))
                .or_else(|| headers.match_header(s));
            if let Some((which, inside)) = found {
                h.put(which, c, money(inside.as_deref().or(group_unit.as_deref())));
                h.row = below;
            }
        }
        return Some(h);
    }
    None
}

impl Header {
    fn put(&mut self, which: RosterColumn, col: usize, factor: f64) {
        match which {
            RosterColumn::Plan => self.plan_factor = factor,
            RosterColumn::Paid => self.paid_factor = factor,
            _ => {}
        }
        self.cols.entry(which).or_insert(col);
    }
}

/// `衔接资金（万元）` → (`衔接资金`, Some(`万元`)).
fn split_unit(text: &str) -> (String, Option<String>) {
    let t = fold(text);
    match (t.rfind('('), t.ends_with(')')) {
        (Some(open), true) => (
            t[..open].to_string(),
            Some(t[open + 1..t.len() - 1].to_string()),
        ),
        _ => (t, None),
    }
}

/// A code row under the header: 甲, 乙, 1, 2…
fn is_code(s: &str) -> bool {
    matches!(s, "甲" | "乙" | "丙" | "1" | "2")
}
