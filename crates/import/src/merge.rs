//! The sheets of each file → that file's values by township (checked whole: one error
//! refuses the file); then the files joined on township, a value in two places that
//! disagree being an error that names both; then the month table and where each value
//! came from.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::grid::Sheet;
use super::sources::{CellRef, SheetNames, Sources};
use super::table::{self, Got};
use super::{checks, month};
use dd_core::model::{
    KeyVillage, Level, MonthTable, Problem, Status, TableRow, VillageRow, VillageTable, YearMonth,
};
use dd_core::template::Template;

/// Values found for townships, dense: every township present has a slot with a place for
/// each indicator, then each responsibility (statuses kept as their ordinal).
#[derive(Debug, Default)]
pub(super) struct Found {
    width: usize,
    indicators: usize,
    slot_of: HashMap<usize, usize>,
    towns: Vec<usize>,
    /// NaN where nothing was found (a read value is always finite).
    values: Vec<f64>,
    cells: Vec<CellRef>,
    /// Which indicators and responsibilities some sheet had a column for.
    has_column: Vec<bool>,
}

impl Found {
    pub fn new(t: &Template) -> Found {
        let width = t.indicators.len() + t.responsibilities.len();
        Found {
            width,
            indicators: t.indicators.len(),
            has_column: vec![false; width],
            ..Found::default()
        }
    }

    fn reserve(&mut self, towns: usize) {
        self.slot_of.reserve(towns);
        self.towns.reserve(towns);
        self.values.reserve(towns * self.width);
        self.cells.reserve(towns * self.width);
    }

    fn slot(&mut self, town: usize) -> usize {
        if let Some(&s) = self.slot_of.get(&town) {
            return s;
        }
        let s = self.towns.len();
        self.slot_of.insert(town, s);
        self.towns.push(town);
        self.values.resize(self.values.len() + self.width, f64::NAN);
        self.cells
            .resize(self.cells.len() + self.width, CellRef::new(0, 0, 0));
        s
    }

    fn get(&self, town: usize, k: usize) -> Option<(f64, CellRef)> {
        let at = self.slot_of.get(&town)? * self.width + k;
        let v = *self.values.get(at)?;
        (!v.is_nan()).then(|| (v, self.cells[at]))
    }

    fn entries(&self) -> impl Iterator<Item = (usize, usize, f64, CellRef)> + '_ {
        self.towns.iter().enumerate().flat_map(move |(s, &town)| {
            (0..self.width).filter_map(move |k| {
                let at = s * self.width + k;
                let v = self.values[at];
                (!v.is_nan()).then(|| (town, k, v, self.cells[at]))
            })
        })
    }

    fn put(&mut self, town: usize, k: usize, v: f64, cell: CellRef) {
        let at = self.slot(town) * self.width + k;
        self.values[at] = v;
        self.cells[at] = cell;
    }

    /// Takes every value of `other` (checked not to conflict).
    fn absorb(&mut self, other: Found) {
        if self.towns.is_empty() {
            let has_column = std::mem::take(&mut self.has_column);
            *self = other;
            for (a, b) in self.has_column.iter_mut().zip(has_column) {
                *a |= b;
            }
            return;
        }
        for (a, b) in self.has_column.iter_mut().zip(&other.has_column) {
            *a |= b;
        }
        for (town, k, v, cell) in other.entries() {
            self.put(town, k, v, cell);
        }
    }

    /// A value as a message writes it: the number, or the status word.
    fn label(&self, k: usize, v: f64) -> String {
        if k < self.indicators {
            dd_core::text::plain_number(v)
        } else {
            Status::from_ordinal(v as i32)
                .map_or("", Status::label)
                .to_string()
        }
    }

    /// A township's slot: its values and cells, one per column.
    fn row(&self, town: usize) -> Option<(&[f64], &[CellRef])> {
        let at = self.slot_of.get(&town)? * self.width;
        Some((
            self.values.get(at..at + self.width)?,
            self.cells.get(at..at + self.width)?,
        ))
    }

    fn name<'t>(&self, t: &'t Template, k: usize) -> &'t str {
        if k < self.indicators {
            &t.indicators[k].name
        } else {
            &t.responsibilities[k - self.indicators].name
        }
    }
}

/// One file read and checked on its own, before merging.
pub(super) struct FileData {
    pub name: String,
    pub found: Found,
    pub month: Option<YearMonth>,
    pub villages: Vec<VillageFound>,
    /// Key villages of a 重点村 roster sheet in the file.
    pub roster: Vec<KeyVillage>,
}

/// One village of a village detail sheet: its township, name and values with their cells.
pub(super) struct VillageFound {
    township: usize,
    name: String,
    values: Vec<(usize, f64, CellRef)>,
}

/// Reads the tables of a file's sheets. None when the file has no table or any error
/// (its problems say why).
pub(super) fn read_file(
    name: &str,
    sheets: Vec<Sheet>,
    names: &mut SheetNames,
    t: &Template,
    problems: &mut Vec<Problem>,
) -> Option<FileData> {
    let mut found = Found::new(t);
    let towns: usize = sheets.iter().map(Sheet::height).max().unwrap_or(0);
    found.reserve(towns.min(t.townships.len()));
    let (mut titles, mut sheet_names, mut filed) = (Vec::new(), Vec::new(), Vec::new());
    let mut tables = 0;
    let mut villages = Vec::new();
    let mut roster = Vec::new();
    for sheet in sheets {
        if sheet.hidden {
            if sheet.height() > 0 {
                problems.push(
                    Problem::new(Level::Notice, name, "隐藏的工作表，已跳过")
                        .at(sheet.name.as_deref(), None),
                );
            }
            continue;
        }
        if let Some(villages) = super::roster::read(&sheet, name, t, problems) {
            roster.extend(villages);
            sheet_names.extend(sheet.name.clone());
            continue;
        }
        let Some(mut table) = table::read(&sheet, name, t, problems) else {
            continue;
        };
        // The cells are read: free them before the values are joined.
        let sheet_name = sheet.name.clone();
        drop(sheet);
        tables += 1;
        let sheet_id = names.add(name, sheet_name.as_deref());
        titles.extend(std::mem::take(&mut table.titles));
        sheet_names.extend(sheet_name);
        filed.extend(std::mem::take(&mut table.filed));
        for &i in &table.indicators {
            found.has_column[i] = true;
        }
        for &i in &table.responsibilities {
            found.has_column[found.indicators + i] = true;
        }
        villages.extend(table.villages.iter().map(|v| {
            VillageFound {
                township: v.township,
                name: v.name.clone(),
                values: table
                    .values
                    .get(v.values.clone())
                    .unwrap_or(&[])
                    .iter()
                    .map(|g| {
                        let cell = CellRef::new(sheet_id, v.row, usize::from(g.col));
                        (usize::from(g.id), g.value, cell)
                    })
                    .collect(),
            }
        }));
        let first_status = found.indicators as u16;
        for row in &table.rows {
            let statuses = table.statuses(row).iter().map(|g| Got {
                id: g.id + first_status,
                col: g.col,
                value: f64::from(g.value.ordinal()),
            });
            let base = found.slot(row.township) * found.width;
            for g in table.values(row).iter().copied().chain(statuses) {
                let k = usize::from(g.id);
                let here = CellRef::new(sheet_id, row.row, usize::from(g.col));
                let (w, first) = (found.values[base + k], found.cells[base + k]);
                if w.is_nan() {
                    found.values[base + k] = g.value;
                    found.cells[base + k] = here;
                } else if w != g.value {
                    problems.push(conflict(
                        t,
                        names,
                        row.township,
                        found.name(t, k),
                        first,
                        here,
                        &found.label(k, w),
                        &found.label(k, g.value),
                    ));
                }
            }
        }
    }
    if tables == 0 && roster.is_empty() {
        if !problems.iter().any(|p| p.is_error() && p.file == name) {
            problems.push(Problem::error(
                name,
                "文件中没有找到乡镇（街道）数据表：需要一列乡镇（街道）名称和至少一列模板中的指标",
            ));
        }
        return None;
    }
    // The title says it best, then sheet names, the file name (and its folder), the filing date.
    let mut hints = titles;
    hints.extend(sheet_names);
    hints.extend(
        Path::new(name)
            .file_name()
            .map(|n| n.to_string_lossy().to_string()),
    );
    hints.push(name.to_string());
    hints.extend(filed);
    Some(FileData {
        name: name.to_string(),
        found,
        month: month::find(&hints),
        villages,
        roster,
    })
}

#[allow(clippy::too_many_arguments)]
fn conflict(
    t: &Template,
    names: &SheetNames,
    town: usize,
    what: &str,
    first: CellRef,
    second: CellRef,
    a: &str,
    b: &str,
) -> Problem {
    let (Some(p), Some(q)) = (names.place(first), names.place(second)) else {
        return Problem::error(
            "",
            format!("{}的“{what}”出现两次且不一致", t.townships[town].name),
        );
    };
    Problem::error(
        q.file,
        format!(
            "{}的“{what}”出现两次且不一致：{} 为{a}，{} 为{b}",
            t.townships[town].name,
            p.describe(),
            q.describe()
        ),
    )
    .at(q.sheet, Some(q.cell()))
}

/// The files accepted so far, joined on township.
pub(super) struct Month {
    found: Found,
    months: Vec<(YearMonth, String)>,
    villages: Vec<VillageFound>,
}

impl Month {
    pub fn new(t: &Template) -> Month {
        Month {
            found: Found::new(t),
            months: Vec::new(),
            villages: Vec::new(),
        }
    }

    /// Adds a file, or returns the errors of its values that differ from earlier files'.
    pub fn add(
        &mut self,
        file: FileData,
        names: &SheetNames,
        t: &Template,
    ) -> Result<(), Vec<Problem>> {
        let mut out = Vec::new();
        // The first file cannot disagree with anything.
        let checked = if self.found.towns.is_empty() {
            None
        } else {
            Some(file.found.entries())
        };
        for (town, k, v, here) in checked.into_iter().flatten() {
            if let Some((w, first)) = self.found.get(town, k)
                && w != v
            {
                let f = &self.found;
                out.push(conflict(
                    t,
                    names,
                    town,
                    f.name(t, k),
                    first,
                    here,
                    &f.label(k, w),
                    &f.label(k, v),
                ));
            }
        }
        if !out.is_empty() {
            return Err(out);
        }
        if let Some(m) = file.month {
            self.months.push((m, file.name));
        }
        self.found.absorb(file.found);
        self.villages.extend(file.villages);
        Ok(())
    }

    /// The month table in template order of townships and columns, where each value came
    /// from, and the balance checks' warnings.
    pub fn finish(
        self,
        names: SheetNames,
        t: &Template,
        problems: &mut Vec<Problem>,
    ) -> (MonthTable, Option<YearMonth>, Sources, VillageTable) {
        let month = decide_month(&self.months, problems);
        let villages = village_table(&self.villages, &names, t);
        let f = self.found;
        // A column nobody filled in (a blank form's 五大责任, say) carries nothing.
        let filled = |k: usize| {
            f.has_column[k]
                && f.values
                    .get(k..)
                    .is_some_and(|v| v.iter().step_by(f.width.max(1)).any(|x| !x.is_nan()))
        };
        let ind_ids: Vec<usize> = (0..f.indicators).filter(|&k| filled(k)).collect();
        let resp_ids: Vec<usize> = (f.indicators..f.width).filter(|&k| filled(k)).collect();
        let mut towns = f.towns.clone();
        towns.sort_unstable();
        let town_names: Vec<String> = towns.iter().map(|&i| t.townships[i].name.clone()).collect();
        let columns: Vec<String> = ind_ids
            .iter()
            .map(|&k| t.indicators[k].id.clone())
            .chain(
                resp_ids
                    .iter()
                    .map(|&k| t.responsibilities[k - f.indicators].id.clone()),
            )
            .collect();
        let mut sources = Sources::new(names, &town_names, columns);
        let rows: Vec<TableRow> = towns
            .iter()
            .zip(&town_names)
            .enumerate()
            .map(|(r, (&town, name))| {
                let (values, cells) = f.row(town).unwrap_or((&[], &[]));
                let value = |k: usize| values.get(k).copied().filter(|v| !v.is_nan());
                for (c, &k) in ind_ids.iter().chain(&resp_ids).enumerate() {
                    if let (Some(_), Some(&cell)) = (value(k), cells.get(k)) {
                        sources.set(r, c, cell);
                    }
                }
                TableRow {
                    township: name.clone(),
                    values: ind_ids.iter().map(|&k| value(k)).collect(),
                    statuses: resp_ids
                        .iter()
                        .map(|&k| value(k).and_then(|v| Status::from_ordinal(v as i32)))
                        .collect(),
                }
            })
            .collect();
        drop(f);
        let ind_names: Vec<&str> = ind_ids
            .iter()
            .map(|&k| t.indicators[k].id.as_str())
            .collect();
        let resp_names: Vec<&str> = resp_ids
            .iter()
            .map(|&k| t.responsibilities[k - t.indicators.len()].id.as_str())
            .collect();
        let table = match MonthTable::build(&ind_names, &resp_names, &rows) {
            Ok(table) => table,
            Err(e) => {
                problems.push(Problem::error(
                    "",
                    format!("内部错误：无法建立月度表（{e}）"),
                ));
                MonthTable::empty()
            }
        };
        drop(rows);
        let place = |town: &str, id: &str| {
            sources
                .get(town, id)
                .map(|p| (p.file.to_string(), p.sheet.map(str::to_string), p.cell()))
        };
        problems.extend(checks::balance(&table, &place, t));
        (table, month, sources, villages)
    }
}

/// The villages read, in template order of townships (sheet order within each), with the
/// indicators any of them has.
fn village_table(found: &[VillageFound], names: &SheetNames, t: &Template) -> VillageTable {
    let mut has = vec![false; t.indicators.len()];
    for v in found {
        for &(k, _, _) in &v.values {
            if let Some(h) = has.get_mut(k) {
                *h = true;
            }
        }
    }
    let ids: Vec<usize> = (0..has.len()).filter(|&k| has[k]).collect();
    let mut order: Vec<&VillageFound> = found.iter().collect();
    order.sort_by_key(|v| v.township);
    let rows = order
        .into_iter()
        .map(|v| {
            let mut row = VillageRow {
                township: t.townships[v.township].name.clone(),
                village: v.name.clone(),
                values: vec![None; ids.len()],
                sources: vec![None; ids.len()],
            };
            for &(k, value, cell) in &v.values {
                if let Some(c) = ids.iter().position(|&i| i == k) {
                    row.values[c] = Some(value);
                    row.sources[c] = names.place(cell).map(|p| p.describe());
                }
            }
            row
        })
        .collect();
    VillageTable {
        columns: ids.iter().map(|&k| t.indicators[k].id.clone()).collect(),
        rows,
    }
}

fn decide_month(months: &[(YearMonth, String)], problems: &mut Vec<Problem>) -> Option<YearMonth> {
    let mut counts: BTreeMap<YearMonth, usize> = BTreeMap::new();
    for (m, _) in months {
        *counts.entry(*m).or_default() += 1;
    }
    let best = counts
        .iter()
        .max_by_key(|(m, n)| (**n, std::cmp::Reverse(**m)))
        .map(|(m, _)| *m)?;
    for (m, file) in months {
        if *m != best {
            problems.push(Problem::new(
                Level::Warning,
                file,
                format!(
                    "这个文件写的是{}，其他文件是{}，请核对月份",
                    m.chinese(),
                    best.chinese()
                ),
            ));
        }
    }
    Some(best)
}
