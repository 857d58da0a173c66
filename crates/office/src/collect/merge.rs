//! An arrival merged into its month: the townships (and columns) a file carries are laid over
//! what the month holds; a figure that differs from the stored one is a change that needs
//! consent; an identical re-send changes nothing.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use dd_core::model::{MonthTable, Problem, Status, TableCell, TableRow};
use dd_core::template::Template;
use dd_core::text::plain_number;
use dd_import::checks::{self, is_balance_warning};
use dd_import::{FileDigest, ImportOutcome};
use dd_store::StoredMonth;

/// One figure an arrival would change.
#[derive(Debug, Clone, PartialEq)]
pub struct CellChange {
    pub township: String,
    /// Indicator or responsibility id, and its name.
    pub column: String,
    pub name: String,
    pub old: String,
    pub new: String,
    /// `file!sheet!cell` of the stored figure and of the new one.
    pub old_place: Option<String>,
    pub new_place: Option<String>,
}

impl std::fmt::Display for CellChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}：{} → {}（原：{}；新：{}）",
            self.township,
            self.name,
            self.old,
            self.new,
            self.old_place.as_deref().unwrap_or("—"),
            self.new_place.as_deref().unwrap_or("—")
        )
    }
}

/// The month after an arrival, and what it changes.
#[derive(Debug, Clone)]
pub struct Merge {
    pub table: MonthTable,
    pub places: HashMap<(String, String), String>,
    pub files: Vec<FileDigest>,
    pub problems: Vec<Problem>,
    /// Townships the month did not hold before.
    pub added: Vec<String>,
    /// Townships already there whose figures the arrival changes.
    pub replaced: Vec<String>,
    /// Each stored figure the arrival changes.
    pub changes: Vec<CellChange>,
    /// Figures the month did not have (new townships, or new columns of old ones).
    pub new_cells: usize,
}

impl Merge {
    /// What the arrival did, in words: 新增东山街道，更新毛田镇（1处数据）.
    pub fn summary(&self) -> String {
        let mut what = Vec::new();
        if !self.added.is_empty() {
            what.push(format!("新增{}", names(&self.added)));
        }
        if !self.replaced.is_empty() {
            what.push(format!(
                "更新{}（{}处数据）",
                names(&self.replaced),
                self.changes.len()
            ));
        }
        if what.is_empty() {
            "补充数据".to_string()
        } else {
            what.join("，")
        }
    }

    /// Nothing new and nothing changed: an identical re-send.
    pub fn is_unchanged(&self) -> bool {
        self.changes.is_empty() && self.new_cells == 0
    }
}

/// Up to ten names in full, then how many in all: 第1乡镇、…、第10乡镇等2000个乡镇（街道）.
fn names(list: &[String]) -> String {
    const SHOWN: usize = 10;
    if list.len() <= SHOWN {
        list.join("、")
    } else {
        format!("{}等{}个乡镇（街道）", list[..SHOWN].join("、"), list.len())
    }
}

type Key = (usize, usize);

/// Lays `outcome` over `old` (a month holding only sample data starts afresh).
pub fn merge(old: Option<&StoredMonth>, outcome: &ImportOutcome, t: &Template) -> Merge {
    let old = old.filter(|o| !o.sample);
    let columns = Columns::new(t);
    let mut cells: BTreeMap<Key, TableCell> = BTreeMap::new();
    let mut places: HashMap<(String, String), String> = HashMap::new();
    let mut before: BTreeSet<usize> = BTreeSet::new();
    if let Some(o) = old {
        let names = o.table.columns();
        for (town, row) in o.table.rows() {
            let Some(ti) = t.townships.iter().position(|x| x.name == town) else {
                continue;
            };
            before.insert(ti);
            for (name, cell) in names.iter().zip(row) {
                if let Some(ci) = columns.index(name) {
                    cells.insert((ti, ci), cell);
                }
            }
        }
        places.extend(o.places.clone());
    }

    let mut changes = Vec::new();
    let mut new_cells = 0;
    let (mut added, mut replaced) = (BTreeSet::new(), BTreeSet::new());
    let names = outcome.table.columns();
    for (town, row) in outcome.table.rows() {
        let Some(ti) = t.townships.iter().position(|x| x.name == town) else {
            continue;
        };
        if !before.contains(&ti) {
            added.insert(ti);
        }
        for (name, cell) in names.iter().zip(row) {
            let Some(ci) = columns.index(name) else {
                continue;
            };
            let key = (town.clone(), name.clone());
            let new_place = outcome.sources.describe(&town, name);
            match cells.get(&(ti, ci)) {
                Some(was) if filled(was) && !same(was, &cell) => {
                    replaced.insert(ti);
                    changes.push(CellChange {
                        township: town.clone(),
                        column: name.clone(),
                        name: t.column_name(name),
                        old: text(was),
                        new: text(&cell),
                        old_place: places.get(&key).cloned(),
                        new_place: new_place.clone(),
                    });
                }
                Some(was) if filled(was) => {}
                _ if filled(&cell) => new_cells += 1,
                _ => {}
            }
            cells.insert((ti, ci), cell);
            match new_place {
                Some(p) => places.insert(key, p),
                None => places.remove(&key),
            };
        }
    }

    let table = columns.table(&cells, t);
    // Files still behind some figure, then the new ones.
    let used: BTreeSet<&str> = places.values().map(|p| place_file(p)).collect();
    let mut files: Vec<FileDigest> = old
        .map(|o| o.files.clone())
        .unwrap_or_default()
        .into_iter()
        .filter(|f| used.contains(f.name.as_str()))
        .collect();
    for d in &outcome.digests {
        files.retain(|f| f.name != d.name);
        files.push(d.clone());
    }
    // The problems of files still in use (balance warnings are redone on the merged month).
    let mut problems: Vec<Problem> = old
        .map(|o| o.problems.clone())
        .unwrap_or_default()
        .into_iter()
        .filter(|p| !is_balance_warning(p) && used.contains(p.file.as_str()))
        .filter(|p| !outcome.digests.iter().any(|d| d.name == p.file))
        .collect();
    problems.extend(
        outcome
            .problems
            .iter()
            .filter(|p| !is_balance_warning(p))
            .cloned(),
    );
    let place = |town: &str, id: &str| {
        places
            .get(&(town.to_string(), id.to_string()))
            .map(|p| split_place(p))
    };
    problems.extend(checks::balance(&table, &place, t));

    let name = |i: &usize| t.townships[*i].name.clone();
    Merge {
        table,
        places,
        files,
        problems,
        added: added.iter().map(name).collect(),
        replaced: replaced.iter().map(name).collect(),
        changes,
        new_cells,
    }
}

/// The template's columns in order: indicators, then responsibilities.
struct Columns {
    ids: Vec<String>,
    indicators: usize,
}

impl Columns {
    fn new(t: &Template) -> Columns {
        let mut ids: Vec<String> = t.indicators.iter().map(|i| i.id.clone()).collect();
        let indicators = ids.len();
        ids.extend(t.responsibilities.iter().map(|r| r.id.clone()));
        Columns { ids, indicators }
    }

    fn index(&self, id: &str) -> Option<usize> {
        self.ids.iter().position(|c| c == id)
    }

    /// The merged cells as a month table: townships and columns in template order.
    fn table(&self, cells: &BTreeMap<Key, TableCell>, t: &Template) -> MonthTable {
        let used: BTreeSet<usize> = cells.keys().map(|(_, c)| *c).collect();
        let towns: BTreeSet<usize> = cells.keys().map(|(t, _)| *t).collect();
        let values: Vec<usize> = used
            .iter()
            .copied()
            .filter(|c| *c < self.indicators)
            .collect();
        let statuses: Vec<usize> = used
            .iter()
            .copied()
            .filter(|c| *c >= self.indicators)
            .collect();
        let rows: Vec<TableRow> = towns
            .iter()
            .map(|&ti| TableRow {
                township: t.townships[ti].name.clone(),
                values: values
                    .iter()
                    .map(|&c| match cells.get(&(ti, c)) {
                        Some(TableCell::Value(v)) => *v,
                        _ => None,
                    })
                    .collect(),
                statuses: statuses
                    .iter()
                    .map(|&c| match cells.get(&(ti, c)) {
                        Some(TableCell::Status(s)) => *s,
                        _ => None,
                    })
                    .collect(),
            })
            .collect();
        let v: Vec<&str> = values.iter().map(|&c| self.ids[c].as_str()).collect();
        let s: Vec<&str> = statuses.iter().map(|&c| self.ids[c].as_str()).collect();
        MonthTable::build(&v, &s, &rows).unwrap_or_else(|_| MonthTable::empty())
    }
}

fn filled(c: &TableCell) -> bool {
    matches!(c, TableCell::Value(Some(_)) | TableCell::Status(Some(_)))
}

fn same(a: &TableCell, b: &TableCell) -> bool {
    match (a, b) {
        (TableCell::Value(Some(x)), TableCell::Value(Some(y))) => (x - y).abs() <= 1e-9,
        _ => a == b,
    }
}

fn text(c: &TableCell) -> String {
    match c {
        TableCell::Value(Some(v)) => plain_number(*v),
        TableCell::Status(Some(s)) => Status::label(*s).to_string(),
        _ => "（空）".into(),
    }
}

/// `file!sheet!cell` (or `file!cell` for a CSV) → (file, sheet, cell).
pub fn split_place(p: &str) -> (String, Option<String>, String) {
    let mut parts = p.rsplitn(3, '!');
    let cell = parts.next().unwrap_or_default().to_string();
    match (parts.next(), parts.next()) {
        (Some(sheet), Some(file)) => (file.to_string(), Some(sheet.to_string()), cell),
        (Some(file), None) => (file.to_string(), None, cell),
        _ => (String::new(), None, cell),
    }
}

fn place_file(p: &str) -> &str {
    let n = p.matches('!').count();
    // A sheet's place has two marks, a CSV's one.
    let cut = if n >= 2 {
        p.rsplitn(3, '!').nth(2)
    } else {
        p.rsplit_once('!').map(|x| x.0)
    };
    cut.unwrap_or(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_places() {
        assert_eq!(
            split_place("a/东山.xlsx!月调度表!C7"),
            ("a/东山.xlsx".into(), Some("月调度表".into()), "C7".into())
        );
        assert_eq!(split_place("x.csv!B3"), ("x.csv".into(), None, "B3".into()));
        assert_eq!(place_file("a/东山.xlsx!月调度表!C7"), "a/东山.xlsx");
        assert_eq!(place_file("x.csv!B3"), "x.csv");
    }

    #[test]
    fn a_long_list_of_townships_is_said_with_its_count() {
        let many: Vec<String> = (1..=2000).map(|i| format!("第{i}乡镇")).collect();
        let said = names(&many);
        assert!(said.starts_with("第1乡镇、第2乡镇"));
        assert!(said.ends_with("第10乡镇等2000个乡镇（街道）"), "{said}");
        assert_eq!(names(&many[..2]), "第1乡镇、第2乡镇");
    }
}
