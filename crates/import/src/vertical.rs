//! Township forms laid out vertically (one file a township): 序号 | 指标名称 | 计量单位 |
//! 本月数 | 备注, one indicator a row, the 五大责任 as rows with their status word. The
//! township is named only by the 填报单位 line, the sheet name or the file name.

use std::path::Path;

use super::grid::Sheet;
use super::layout::is_footer_row;
use super::table::{Got, SheetRow, SheetTable};
use super::values::{self, tidy};
use dd_core::model::{Level, Problem, Status};
use dd_core::template::{HeaderTarget, Template};
use dd_core::text::{cell_name, clip, col_name, fold};

/// How many rows from the top may hold the header row.
const HEAD_ZONE: usize = 30;

/// Headers of the value column, the preferred first when a form has several.
const VALUE_HEADERS: &[&str] = &[
    "本月数",
    "本月数值",
    "本月完成数",
    "本月完成",
    "本月实际",
    "当月数",
    "本月",
    "本月填报数",
    "完成数",
    "完成情况",
    "数值",
    "数量",
    "填报数",
    "截至本月累计",
    "累计完成数",
    "累计完成",
    "累计数",
    "累计",
];
const NAME_HEADERS: &[&str] = &[
    "指标名称",
    "指标",
    "项目",
    "项目名称",
    "名称",
    "指标项目",
    "内容",
    "考核指标",
    "工作内容",
    "调度内容",
    "指标内容",
];
const UNIT_HEADERS: &[&str] = &["计量单位", "单位", "单位名称"];

/// The columns of a vertical form.
struct Form {
    header: usize,
    name: usize,
    value: usize,
    unit: Option<usize>,
}

/// The header text without bracketed parts: 本月数（户） → 本月数.
fn bare(s: &str) -> String {
    let mut s = fold(s);
    while let (Some(open), Some(close)) = (s.find('('), s.find(')')) {
        if close < open {
            break;
        }
        s.replace_range(open..=close, "");
    }
    s
}

fn find_form(sheet: &Sheet) -> Option<Form> {
    let zone = sheet.height().min(HEAD_ZONE);
    for r in 0..zone {
        let Some(name) = header_in(sheet, r, NAME_HEADERS) else {
            continue;
        };
        // The value header may stand a row or two lower, under a group (完成情况 / 本月数):
        // the best-ranked header of those rows, data below the lowest of them.
        let found: Vec<(usize, usize, usize)> = (r..zone.min(r + 3))
            .flat_map(|h| {
                sheet.row(h).filter_map(move |(c, v)| {
                    let text = v.text().filter(|s| s.chars().count() <= 12)?;
                    let rank = VALUE_HEADERS.iter().position(|x| *x == bare(text))?;
                    Some((rank, h, c))
                })
            })
            .collect();
        let (Some(&(_, _, value)), Some(header)) =
            (found.iter().min(), found.iter().map(|&(_, h, _)| h).max())
        else {
            continue;
        };
        let unit = (r..=header).find_map(|u| header_in(sheet, u, UNIT_HEADERS));
        return Some(Form {
            header,
            name,
            value,
            unit,
        });
    }
    None
}

/// The column of a row whose (short) header is one of `names`.
fn header_in(sheet: &Sheet, r: usize, names: &[&str]) -> Option<usize> {
    sheet.row(r).find_map(|(c, v)| {
        let text = v.text().filter(|s| s.chars().count() <= 12)?;
        names.contains(&bare(text).as_str()).then_some(c)
    })
}

/// The township a form is for: the 填报单位 line, else the sheet name, else the file name,
/// else a title line.
fn township(sheet: &Sheet, header: usize, file: &str, t: &Template) -> Option<usize> {
    for r in 0..header {
        for (_, v) in sheet.row(r) {
            let Some(text) = v.text() else {
                continue;
            };
            let s = fold(text);
            let Some((pos, key)) = ["填报单位", "报送单位", "填表单位"]
                .iter()
                .find_map(|k| s.find(k).map(|p| (p, k.len())))
            else {
                continue;
            };
            let rest = s[pos + key..].trim_start_matches(':');
            // The unit ends where the next item (填报时间, 单位) begins.
            let unit = ["填报时间", "填报日期", "时间", "日期", "单位:"]
                .iter()
                .filter_map(|k| rest.find(k))
                .min()
                .map_or(rest, |end| &rest[..end]);
            if let Some(i) = t.resolve_township(unit).or_else(|| t.township_in(unit)) {
                return Some(i);
            }
        }
    }
    let named = |s: &str| t.resolve_township(s).or_else(|| t.township_in(s));
    sheet
        .name
        .as_deref()
        .and_then(named)
        .or_else(|| {
            Path::new(file)
                .file_name()
                .and_then(|n| named(&n.to_string_lossy()))
        })
        .or_else(|| {
            // Last, a title that names it (东郊乡2024年10月工作调度表).
            (0..header).find_map(|r| sheet.row(r).find_map(|(_, v)| v.text().and_then(named)))
        })
}

/// The indicator or responsibility a row names: `“五大责任”：市级领导联点`, `1.监测对象户数（户）`.
fn target(name: &str, t: &Template) -> Option<(HeaderTarget, Option<String>)> {
    let quotes = |c: char| "\"“”'‘’".contains(c);
    let s = fold(name);
    let s = s.trim_matches(quotes);
    let after = s.rsplit(':').next().unwrap_or(s).trim_matches(quotes);
    // 市级领导联点责任落实情况 → 市级领导联点责任 → 市级领导联点
    let mut tries = vec![s, after];
    for end in ["落实情况", "情况", "落实"] {
        if let Some(stem) = after.strip_suffix(end) {
            tries.push(stem);
            tries.extend(stem.strip_suffix("责任"));
        }
    }
    tries
        .into_iter()
        .filter(|x| !x.is_empty())
        .find_map(|x| t.match_header(x))
}

/// Reads a vertical form. None: the sheet is not one; Some(None): it is, with errors.
pub fn read(
    sheet: &Sheet,
    file: &str,
    t: &Template,
    problems: &mut Vec<Problem>,
) -> Option<Option<SheetTable>> {
    let form = find_form(sheet)?;
    let sheet_name = sheet.name.as_deref();
    let at = |level: Level, row: usize, col: usize, message: String| {
        Problem::new(level, file, message).at(sheet_name, Some(cell_name(row, col)))
    };
    let Some(town) = township(sheet, form.header, file, t) else {
        problems.push(at(
            Level::Error,
            form.header,
            form.name,
            "这是一张竖排的填报表，但填报单位行、工作表名和文件名中都没有写明是哪个乡镇（街道），\
             请在“填报单位：”后写上乡镇名称"
                .into(),
        ));
        return Some(None);
    };
    let mut out = SheetTable::default();
    let mut errors = false;
    let mut seen: Vec<(HeaderTarget, usize)> = Vec::new();
    for r in form.header + 1..sheet.height() {
        if sheet.row_is_blank(r) {
            continue;
        }
        if is_footer_row(sheet, r, form.name, t) && sheet.get(r, form.value).is_empty() {
            break;
        }
        let name = sheet.get(r, form.name).display();
        let cell = sheet.get(r, form.value);
        let found = target(&name, t);
        let Some((what, unit_in_name)) = found.filter(|(w, _)| {
            matches!(
                w,
                HeaderTarget::Indicator(_) | HeaderTarget::Responsibility(_)
            )
        }) else {
            if !cell.is_empty() && !name.trim().is_empty() {
                problems.push(at(
                    Level::Notice,
                    r,
                    form.name,
                    format!("“{}”不是模板中的指标，已忽略", clip(&name, 30)),
                ));
            }
            continue;
        };
        if cell.is_empty() {
            continue;
        }
        if let Some(&(_, first)) = seen.iter().find(|(w, _)| *w == what) {
            errors = true;
            problems.push(at(
                Level::Error,
                r,
                form.name,
                format!(
                    "第{}行和第{}行都是“{}”，无法确定用哪一行，请删去一行",
                    first + 1,
                    r + 1,
                    clip(&name, 30)
                ),
            ));
            continue;
        }
        seen.push((what, r));
        let (v0, s0) = (out.values.len(), out.statuses.len());
        match what {
            HeaderTarget::Indicator(i) => {
                let ind = &t.indicators[i];
                let unit = form
                    .unit
                    .map(|c| bare(&sheet.get(r, c).display()))
                    .filter(|u| !u.is_empty())
                    .or(unit_in_name);
                let factor = match unit.as_deref() {
                    None => 1.0,
                    Some(u) => match ind.unit.factor_from(u) {
                        Some(f) => f,
                        None if ind.is_percent() && u.contains('%') => 1.0,
                        None => {
                            problems.push(at(
                                Level::Warning,
                                r,
                                form.unit.unwrap_or(form.name),
                                format!(
                                    "“{}”的计量单位“{u}”与模板中的单位“{}”不一致，请核对",
                                    ind.name, ind.unit
                                ),
                            ));
                            1.0
                        }
                    },
                };
                match values::number(&cell, Some(&ind.unit)) {
                    Ok(Some(n)) if n.percent_sign && !ind.is_percent() => {
                        errors = true;
                        problems.push(at(
                            Level::Error,
                            r,
                            form.value,
                            format!("“{}”应填数量，实际填了百分数“{}”", ind.name, cell.display()),
                        ));
                    }
                    Ok(Some(n)) => {
                        let fraction = ind.is_percent()
                            && (n.percent_format
                                || (!n.percent_sign && n.value > 0.0 && n.value <= 1.0));
                        let value = if fraction {
                            n.value * 100.0
                        } else if n.own_unit || n.percent_sign {
                            n.value
                        } else {
                            n.value * factor
                        };
                        out.values.push(Got {
                            id: i as u16,
                            col: form.value as u16,
                            value: tidy(value),
                        });
                        if !out.indicators.contains(&i) {
                            out.indicators.push(i);
                        }
                    }
                    Ok(None) => {}
                    Err(m) => {
                        errors = true;
                        problems.push(at(
                            Level::Error,
                            r,
                            form.value,
                            format!("“{}”{m}", ind.name),
                        ));
                    }
                }
            }
            HeaderTarget::Responsibility(i) => match Status::from_word(&fold(&cell.display())) {
                Some(s) => {
                    out.statuses.push(Got {
                        id: i as u16,
                        col: form.value as u16,
                        value: s,
                    });
                    if !out.responsibilities.contains(&i) {
                        out.responsibilities.push(i);
                    }
                }
                None => {
                    errors = true;
                    problems.push(at(
                        Level::Error,
                        r,
                        form.value,
                        format!(
                            "“{}”应填 已落实/部分落实/未落实（或 √/×、是/否），实际为“{}”",
                            t.responsibilities[i].name,
                            clip(&cell.display(), 20)
                        ),
                    ));
                }
            },
            _ => {}
        }
        out.rows.push(SheetRow {
            township: town,
            row: r,
            values: v0..out.values.len(),
            statuses: s0..out.statuses.len(),
            village: false,
        });
    }
    if errors {
        return Some(None);
    }
    if out.values.is_empty() && out.statuses.is_empty() {
        problems.push(
            Problem::new(
                Level::Notice,
                file,
                format!(
                    "竖排填报表的{}列（“{}”）中没有模板指标的数值，已跳过",
                    col_name(form.value),
                    clip(&sheet.get(form.header, form.value).display(), 12)
                ),
            )
            .at(sheet_name, None),
        );
        return Some(None);
    }
    for r in 0..form.header {
        for (_, v) in sheet.row(r).filter(|(_, v)| !v.is_empty()) {
            let s = v.display();
            if s.contains("填报") || s.contains("时间") || s.contains("日期") {
                out.filed.push(s);
            } else {
                out.titles.push(s);
            }
        }
    }
    Some(Some(out))
}
