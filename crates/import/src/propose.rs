//! 从表格识别指标: a county's own sheet, or the blank form it sends down, read as a template
//! proposal: the townships from its unit column, an indicator for every column of its header
//! band (named from the header path, the path kept as an alias so the sheet reads back
//! exactly, unit and group from the header, additive or rate guessed from the unit).

use std::collections::HashSet;

use super::aggregates::{number, same_total, unit_name};
use super::band::{self, Band, merge_bottom, non_empty};
use super::grid::{Sheet, Value};
use super::layout::{is_footer_row, is_section_label};
use super::villages;
use dd_core::template::{
    HeaderTarget, IndicatorDef, Template, TemplateFile, TownshipDef, Unit, header_path,
    is_total_word,
};
use dd_core::text::{col_name, fold};

/// Why a sheet proposes no template.
#[derive(Debug, thiserror::Error)]
pub enum ProposeError {
    /// The file could not be read (its name, the reader's reason).
    #[error("{file}：{reason}")]
    Unreadable { file: String, reason: String },
    #[error(
        "{file}：没有找到可识别的表格：需要一列乡镇（街道）或地区名称的表头（如“乡镇（街道）”“镇名称”“地区”），以及它右边的指标列"
    )]
    NoTable { file: String },
    #[error(transparent)]
    Template(#[from] dd_core::template::TemplateError),
}

/// How many rows from the top may hold the unit column's header.
const HEAD_ZONE: usize = 60;

/// One proposed indicator and the column it came from.
#[derive(Debug, Clone)]
pub struct ProposedColumn {
    pub sheet: String,
    pub col: usize,
    pub indicator: IndicatorDef,
}

/// What a sheet proposes: its townships and its columns as indicators.
#[derive(Debug, Clone, Default)]
pub struct Proposal {
    pub townships: Vec<String>,
    pub columns: Vec<ProposedColumn>,
    /// The county's own row found among the units (its figures sum theirs), if any.
    pub county: Option<String>,
}

impl Proposal {
    /// The proposal as a template file for `county`. A blank form names no township: the
    /// file then holds one to be renamed (a template needs one), said in `needs_townships`.
    pub fn template(&self, county: &str) -> Result<TemplateFile, ProposeError> {
        let mut file = bootstrap_file(county)?;
        if !self.townships.is_empty() {
            file.townships = self
                .townships
                .iter()
                .map(|name| TownshipDef {
                    name: name.clone(),
                    kind: String::new(),
                    aliases: Vec::new(),
                })
                .collect();
        }
        file.indicators = self.columns.iter().map(|c| c.indicator.clone()).collect();
        Ok(file)
    }

    pub fn needs_townships(&self) -> bool {
        self.townships.is_empty()
    }
}

/// The placeholder a template made from a blank form carries until the clerk names them.
pub const PLACEHOLDER_TOWNSHIP: &str = "（请填写乡镇名称）";

fn bootstrap_file(county: &str) -> Result<TemplateFile, ProposeError> {
    let text = format!(
        "county = \"本县\"\n[[townships]]\nname = \"{PLACEHOLDER_TOWNSHIP}\"\n[[indicators]]\nid = \"placeholder\"\nname = \"（占位）\"\nunit = \"个\"\n"
    );
    let mut file = Template::parse(&text, "草稿").map(|t| t.file().clone())?;
    file.county = county.to_string();
    Ok(file)
}

/// Reads every sheet of workbook `file` for a proposal; Err names why nothing could be
/// proposed.
pub fn propose(file: &str, sheets: &[Sheet], county: &str) -> Result<Proposal, ProposeError> {
    let county = if county.trim().is_empty() {
        "本县"
    } else {
        county
    };
    let t = Template::from_file(&bootstrap_file(county)?)?;
    let mut out = Proposal::default();
    let mut seen_paths: HashSet<(Vec<String>, Option<String>)> = HashSet::new();
    let mut seen_towns: HashSet<String> = HashSet::new();
    let mut names: HashSet<String> = HashSet::new();
    for sheet in sheets {
        let Some(found) = sheet_proposal(sheet, &t) else {
            continue;
        };
        if out.county.is_none() {
            out.county = found.county;
        }
        for town in found.townships {
            if seen_towns.insert(town.clone()) {
                out.townships.push(town);
            }
        }
        for (col, path, unit, mut ind) in found.columns {
            if !seen_paths.insert((path.clone(), unit.clone())) {
                continue;
            }
            // Two columns of one name: the full path, then the unit (低保对象 in 户 and 人).
            let candidates = [
                ind.name.clone(),
                path.concat(),
                format!("{}{}", path.concat(), unit_word(unit.as_deref())),
            ];
            match candidates.into_iter().find(|n| !names.contains(n)) {
                Some(n) => {
                    names.insert(n.clone());
                    ind.name = n;
                }
                None => continue,
            }
            ind.id = format!(
                "c{}_{}",
                out.columns.len() + 1,
                col_name(col).to_lowercase()
            );
            out.columns.push(ProposedColumn {
                sheet: sheet.name.clone().unwrap_or_default(),
                col,
                indicator: ind,
            });
        }
    }
    if out.columns.is_empty() {
        return Err(ProposeError::NoTable {
            file: file.to_string(),
        });
    }
    Ok(out)
}

struct SheetFound {
    townships: Vec<String>,
    /// The name of a first row that sums all the others (全国).
    county: Option<String>,
    /// (column, header words, the unit its header writes, the indicator)
    columns: Vec<(usize, Vec<String>, Option<String>, IndicatorDef)>,
}

fn sheet_proposal(sheet: &Sheet, t: &Template) -> Option<SheetFound> {
    let height = sheet.height();
    let (anchor, tcol) = unit_header(sheet, t)?;
    let mut bottom = merge_bottom(sheet, anchor, tcol);
    // Header rows below an unmerged keyword: words, units or codes, nothing in the unit column.
    while bottom + 1 < height
        && bottom + 1 - anchor < band::MAX_BAND
        && !sheet.row_is_blank(bottom + 1)
        && sheet
            .get(bottom + 1, tcol)
            .text()
            .is_none_or(|s| s.trim().is_empty() || is_label_column(&fold(s)))
        && non_empty(sheet, bottom + 1).all(|(_, v)| !matches!(v, Value::Number { .. }))
    {
        bottom += 1;
    }
    let top = band::top(sheet, Some(anchor), bottom, tcol, t);
    let header = Band::of(sheet, top, bottom);
    let default_unit = (0..top).find_map(|r| unit_statement(sheet, r));
    let mut columns = Vec::new();
    for col in 0..sheet.width() {
        if col == tcol {
            continue;
        }
        let parts = header.parts(sheet, col, tcol);
        if parts.is_empty() || (parts.len() == 1 && villages::is_village_header(&parts)) {
            continue;
        }
        let path = header_path(&parts);
        let whole = path.words.concat();
        if path.words.is_empty()
            || is_label_column(&whole)
            || path.words.last().is_some_and(|w| is_label_column(w))
            || matches!(
                t.match_header(&whole),
                Some((HeaderTarget::Township | HeaderTarget::Serial, _))
            )
        {
            continue;
        }
        let unit = path
            .unit
            .clone()
            .or_else(|| header.unit_in_row(sheet, col))
            .unwrap_or_else(|| guess_unit(&whole, default_unit.as_deref()));
        let written_unit = path.unit.clone();
        let rate = is_rate_name(&whole);
        let parsed = Unit::parse(if rate && unit != "%" { "%" } else { &unit })
            .unwrap_or(Unit::Count("个".into()));
        let additive =
            (!rate && (whole.ends_with('比') || whole.contains("平均"))).then_some(false);
        let indicator = IndicatorDef {
            id: String::new(),
            // Named in `shorten_names`, which sees the sheet's other columns.
            name: String::new(),
            unit: parsed,
            group: if path.words.len() >= 2 {
                path.words[0].clone()
            } else {
                String::new()
            },
            aliases: if path.words.len() >= 2 {
                vec![match &written_unit {
                    Some(u) => format!("{}({u})", path.words.join("/")),
                    None => path.words.join("/"),
                }]
            } else {
                Vec::new()
            },
            additive,
        };
        columns.push((col, path.words, written_unit, indicator));
    }
    shorten_names(&mut columns);
    // Only counts add up: a rate or a ratio column cannot tell the county's row.
    let summed: Vec<usize> = columns
        .iter()
        .filter(|(_, _, _, ind)| ind.is_additive() && !ind.unit.is_percent())
        .map(|(c, ..)| *c)
        .collect();
    let (townships, county) = township_names(sheet, bottom + 1, tcol, &summed, t);
    Some(SheetFound {
        townships,
        columns,
        county,
    })
}

/// The unit column's header cell: a keyword (乡镇（街道）, 镇名称, 地区, 区（县）…) in the
/// first rows; of several, the one whose column below holds the most different names.
fn unit_header(sheet: &Sheet, t: &Template) -> Option<(usize, usize)> {
    // ((distinct names below, earlier row first), (row, column))
    let mut best: Option<((usize, usize), (usize, usize))> = None;
    for r in 0..sheet.height().min(HEAD_ZONE) {
        for (c, v) in sheet.row(r) {
            let Value::Text(s) = v else { continue };
            if !matches!(t.match_header(s), Some((HeaderTarget::Township, _))) {
                continue;
            }
            let below = merge_bottom(sheet, r, c) + 1;
            let distinct: HashSet<String> = (below..sheet.height().min(below + 400))
                .filter_map(|rr| unit_name(&sheet.get(rr, c)))
                .map(|s| fold(&s))
                .filter(|s| !s.is_empty())
                .collect();
            let key = (distinct.len(), usize::MAX - r);
            if best.as_ref().is_none_or(|(k, _)| key > *k) {
                best = Some((key, (r, c)));
            }
        }
    }
    best.map(|(_, at)| at)
        .or_else(|| first_header_cell(sheet, t))
}

/// Without a keyword: the first cell of the first header-like row (three texts or more, not
/// a title or 填报 line), past a 序号 column: 帮扶单位 of a form that names its rows so.
fn first_header_cell(sheet: &Sheet, t: &Template) -> Option<(usize, usize)> {
    let width = sheet.width();
    (0..sheet.height().min(HEAD_ZONE)).find_map(|r| {
        let texts: Vec<(usize, String)> = non_empty(sheet, r)
            .filter_map(|(c, v)| Some((c, v.text()?.to_string())))
            .collect();
        if texts.len() < 3
            || band::is_title_row(sheet, r, width, t)
            || band::is_meta_row(sheet, r, t)
        {
            return None;
        }
        texts
            .iter()
            .find(|(_, s)| !matches!(t.match_header(s), Some((HeaderTarget::Serial, _))))
            .map(|(c, _)| (r, *c))
    })
}

/// The names in the unit column below the header, without 合计/小计 and section rows.
fn township_names(
    sheet: &Sheet,
    from: usize,
    tcol: usize,
    value_cols: &[usize],
    t: &Template,
) -> (Vec<String>, Option<String>) {
    let mut names = Vec::new();
    let mut name_rows = Vec::new();
    let mut seen = HashSet::new();
    for r in from..sheet.height() {
        if sheet.row_is_blank(r) {
            continue;
        }
        if is_footer_row(sheet, r, tcol, t) {
            break;
        }
        let Some(name) = unit_name(&sheet.get(r, tcol)) else {
            continue;
        };
        let name: String = name.split_whitespace().collect();
        let folded = fold(&name);
        if name.is_empty()
            || name.chars().count() > 30
            || t.is_total_label(&name)
            || folded.contains("小计")
            || is_section_label(&name)
        {
            continue;
        }
        if seen.insert(folded) {
            names.push(name);
            name_rows.push(r);
        }
    }
    // A first row whose figures are the sum of all the others is the county itself (全国
    // above the provinces): not a township, and the county's name when none was given.
    let sums_rest = name_rows.len() >= 3 && {
        let first = name_rows[0];
        let mut any = false;
        value_cols.iter().all(|&c| match number(sheet, first, c) {
            Some(v) => {
                let rest: f64 = name_rows[1..]
                    .iter()
                    .filter_map(|&r| number(sheet, r, c))
                    .sum();
                any |= v != 0.0;
                same_total(v, rest)
            }
            None => true,
        }) && any
    };
    if sums_rest {
        let county = names.remove(0);
        return (names, Some(county));
    }
    (names, None)
}

/// Each column named by the fewest lower words that tell it from the sheet's other columns
/// (贫困户基本情况 / 有劳动能力 / 低保对象 → 有劳动能力低保对象), the unit added where only the unit
/// tells two apart (…低保对象户数, …低保对象人数).
fn shorten_names(columns: &mut [(usize, Vec<String>, Option<String>, IndicatorDef)]) {
    let words: Vec<Vec<&str>> = columns
        .iter()
        .map(|(_, w, _, _)| {
            let kept: Vec<&str> = w
                .iter()
                .map(String::as_str)
                .filter(|x| !is_total_word(x))
                .collect();
            if kept.is_empty() {
                w.iter().take(1).map(String::as_str).collect()
            } else {
                kept
            }
        })
        .collect();
    let suffix = |i: usize, k: usize| {
        let w = &words[i];
        w[w.len().saturating_sub(k)..].concat()
    };
    let mut names: Vec<String> = Vec::with_capacity(columns.len());
    for i in 0..columns.len() {
        let unit = &columns[i].2;
        let mut k = 1;
        // Longer until no other column (of the same unit) ends the same way.
        while k < words[i].len()
            && (0..columns.len())
                .any(|j| j != i && &columns[j].2 == unit && suffix(j, k.max(1)) == suffix(i, k))
        {
            k += 1;
        }
        names.push(suffix(i, k));
    }
    for i in 0..columns.len() {
        let twin = (0..columns.len()).any(|j| j != i && names[j] == names[i]);
        let name = if twin {
            format!("{}{}", names[i], unit_word(columns[i].2.as_deref()))
        } else {
            names[i].clone()
        };
        columns[i].3.name = name;
    }
}

/// 户 → 户数, 人 → 人数, else the unit in brackets.
fn unit_word(unit: Option<&str>) -> String {
    match unit {
        Some("户") => "户数".into(),
        Some("人") => "人数".into(),
        Some(u) => format!("（{u}）"),
        None => "（另一列）".into(),
    }
}

/// A column that labels rows rather than counting anything (代码, 备注).
fn is_label_column(word: &str) -> bool {
    matches!(
        word,
        "代码"
            | "区划代码"
            | "行政区划代码"
            | "编码"
            | "编号"
            | "备注"
            | "说明"
            | "序号"
            | "名称"
    )
}

fn is_rate_name(word: &str) -> bool {
    ["率", "比重", "比例", "占比", "百分比"]
        .iter()
        .any(|w| word.ends_with(w))
}

/// A unit for a header that writes none: from its words, else the sheet's 单位 line.
fn guess_unit(word: &str, sheet_unit: Option<&str>) -> String {
    let ends = |ws: &[&str]| ws.iter().any(|w| word.ends_with(w));
    if is_rate_name(word) {
        "%".into()
    } else if ends(&["户数", "户"]) {
        "户".into()
    } else if ends(&["人数", "人口", "人口数", "人", "人员"]) {
        "人".into()
    } else if word.contains("资金") || word.contains("金额") || word.contains("收入") {
        sheet_unit
            .filter(|u| Unit::parse(u).is_ok_and(|u| u.is_money()))
            .unwrap_or("万元")
            .into()
    } else if let Some(u) = sheet_unit {
        u.into()
    } else {
        "个".into()
    }
}

/// "单位：人、%", "面积单位：公顷" above the table: the one count or area unit it names.
fn unit_statement(sheet: &Sheet, r: usize) -> Option<String> {
    non_empty(sheet, r).find_map(|(_, v)| {
        let s = fold(&v.display());
        let rest = &s[s.find("单位:")? + "单位:".len()..];
        let units: Vec<&str> = rest
            .split(['、', ',', ';', ' '])
            .map(str::trim)
            .filter(|u| !u.is_empty() && *u != "%")
            .collect();
        match units.as_slice() {
            [one] => Some(one.to_string()),
            _ => None,
        }
    })
}
