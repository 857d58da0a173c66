//! Import: township spreadsheets → one checked month table and a list of problems.
//! Pure: reads the files it is given, writes nothing, knows nothing of the UI or workspace.

pub mod checks;
mod csv;
pub mod grid;
mod layout;
mod month;
pub mod names;
mod source;
mod table;
pub mod values;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::model::{Level, MonthTable, Problem, Status, TableRow, YearMonth};
use crate::template::Template;
pub use table::Place;

/// Where each value came from: (township, column id) → place.
pub type Sources = std::collections::HashMap<(String, String), Place>;

/// Extensions read when a folder is given.
pub const SPREADSHEET_EXTENSIONS: &[&str] = &[
    "xlsx", "xlsm", "xls", "xlsb", "ods", "et", "ett", "csv", "tsv",
];

/// Size and SHA-256 of an accepted file, kept with the month it made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileDigest {
    pub name: String,
    pub size: u64,
    pub sha256: String,
}

impl FileDigest {
    fn of(name: &str, bytes: &[u8]) -> FileDigest {
        FileDigest {
            name: name.to_string(),
            size: bytes.len() as u64,
            sha256: sha256_hex(bytes),
        }
    }
}

/// The SHA-256 of some bytes in lower-case hex, as files and templates are recorded.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// One input file: a display name and its bytes.
#[derive(Debug, Clone)]
pub struct Input {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The outcome of importing a set of files.
#[derive(Debug, Clone)]
pub struct ImportOutcome {
    pub table: MonthTable,
    pub month: Option<YearMonth>,
    pub problems: Vec<Problem>,
    /// Files that contributed data, with their size and SHA-256.
    pub accepted: Vec<String>,
    pub digests: Vec<FileDigest>,
    /// Files refused whole (they contribute nothing).
    pub refused: Vec<String>,
    /// Where each value came from: (township, column id) → place.
    pub sources: Sources,
}

impl ImportOutcome {
    pub fn has_errors(&self) -> bool {
        !self.refused.is_empty() || self.problems.iter().any(Problem::is_error)
    }
}

/// Lists the spreadsheet files of the given paths (folders are walked, sorted by name;
/// Office lock files `~$…` and hidden files are skipped).
pub fn expand_paths(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Problem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut files, &mut problems);
        } else if p.exists() {
            files.push(p.clone());
        } else {
            problems.push(Problem::error(
                p.display().to_string(),
                "找不到这个文件或文件夹",
            ));
        }
    }
    (files, problems)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, problems: &mut Vec<Problem>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            problems.push(Problem::error(
                dir.display().to_string(),
                format!("无法打开文件夹：{e}"),
            ));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    let mut found = false;
    for p in paths {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        if p.is_dir() {
            walk(&p, files, problems);
        } else if is_spreadsheet_name(&p) {
            files.push(p);
            found = true;
        }
    }
    if !found && files.is_empty() {
        problems.push(Problem::new(
            Level::Warning,
            dir.display().to_string(),
            "文件夹中没有表格文件（.xlsx .xls .et .ods .csv）",
        ));
    }
}

pub fn is_spreadsheet_name(p: &Path) -> bool {
    p.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .is_some_and(|e| SPREADSHEET_EXTENSIONS.contains(&e.as_str()))
}

/// Reads files and folders from disk and imports them together.
pub fn import_paths(paths: &[PathBuf], t: &Template) -> ImportOutcome {
    import_paths_with_progress(paths, t, &mut |_, _, _| {})
}

/// `import_paths`, telling `progress(done, total, file)` before each file is read.
pub fn import_paths_with_progress(
    paths: &[PathBuf],
    t: &Template,
    progress: &mut dyn FnMut(usize, usize, &str),
) -> ImportOutcome {
    let (files, mut problems) = expand_paths(paths);
    let mut inputs = Vec::new();
    for f in files {
        match std::fs::read(&f) {
            Ok(bytes) => inputs.push(Input {
                name: f.display().to_string(),
                bytes,
            }),
            Err(e) => problems.push(Problem::error(
                f.display().to_string(),
                format!("无法读取文件：{e}"),
            )),
        }
    }
    let mut outcome = import_with_progress(inputs, t, progress);
    if !problems.is_empty() {
        outcome.refused.extend(
            problems
                .iter()
                .filter(|p| p.is_error())
                .map(|p| p.file.clone()),
        );
        problems.append(&mut outcome.problems);
        outcome.problems = problems;
    }
    outcome
}

/// One file read and checked on its own, before merging.
struct FileData {
    name: String,
    rows: BTreeMap<usize, Merged>,
    indicators: BTreeSet<usize>,
    responsibilities: BTreeSet<usize>,
    month: Option<YearMonth>,
}

#[derive(Debug, Clone, Default)]
struct Merged {
    values: BTreeMap<usize, (f64, Place)>,
    statuses: BTreeMap<usize, (Status, Place)>,
}

/// Imports a set of files as one month: each file is read and checked whole; a file with
/// any error is refused and contributes nothing; the others are joined on township.
pub fn import(inputs: Vec<Input>, t: &Template) -> ImportOutcome {
    import_with_progress(inputs, t, &mut |_, _, _| {})
}

/// `import`, telling `progress(done, total, file)` before each file is read.
pub fn import_with_progress(
    inputs: Vec<Input>,
    t: &Template,
    progress: &mut dyn FnMut(usize, usize, &str),
) -> ImportOutcome {
    let total = inputs.len();
    let mut problems = Vec::new();
    let mut accepted = Vec::new();
    let mut digests = Vec::new();
    let mut refused = Vec::new();
    let mut merged: BTreeMap<usize, Merged> = BTreeMap::new();
    let mut indicators = BTreeSet::new();
    let mut responsibilities = BTreeSet::new();
    let mut months: Vec<(YearMonth, String)> = Vec::new();

    for (done, input) in inputs.into_iter().enumerate() {
        progress(done, total, &input.name);
        let name = input.name.clone();
        let digest = FileDigest::of(&input.name, &input.bytes);
        let before = problems.len();
        let file = read_file(input, t, &mut problems);
        let file = match file {
            Some(f) if !problems[before..].iter().any(Problem::is_error) => f,
            _ => {
                refused.push(name);
                continue;
            }
        };
        if let Err(conflicts) = conflicts_with(&merged, &file, t) {
            problems.extend(conflicts);
            refused.push(name);
            continue;
        }
        for (town, m) in file.rows {
            let into = merged.entry(town).or_default();
            into.values.extend(m.values);
            into.statuses.extend(m.statuses);
        }
        indicators.extend(file.indicators);
        responsibilities.extend(file.responsibilities);
        if let Some(m) = file.month {
            months.push((m, file.name.clone()));
        }
        accepted.push(file.name);
        digests.push(digest);
    }

    let month = decide_month(&months, &mut problems);
    // A column nobody filled in (a blank form's 五大责任, say) carries nothing.
    let ind_ids: Vec<usize> = indicators
        .into_iter()
        .filter(|i| merged.values().any(|m| m.values.contains_key(i)))
        .collect();
    let resp_ids: Vec<usize> = responsibilities
        .into_iter()
        .filter(|i| merged.values().any(|m| m.statuses.contains_key(i)))
        .collect();
    let mut sources = Sources::with_capacity(merged.len() * (ind_ids.len() + resp_ids.len()));
    let rows: Vec<TableRow> = merged
        .iter()
        .map(|(&town, m)| {
            let name = t.townships[town].name.clone();
            for (&i, (_, p)) in &m.values {
                sources.insert((name.clone(), t.indicators[i].id.clone()), p.clone());
            }
            for (&i, (_, p)) in &m.statuses {
                sources.insert((name.clone(), t.responsibilities[i].id.clone()), p.clone());
            }
            TableRow {
                township: name,
                values: ind_ids
                    .iter()
                    .map(|i| m.values.get(i).map(|(v, _)| *v))
                    .collect(),
                statuses: resp_ids
                    .iter()
                    .map(|i| m.statuses.get(i).map(|(s, _)| *s))
                    .collect(),
            }
        })
        .collect();
    let ind_names: Vec<&str> = ind_ids
        .iter()
        .map(|&i| t.indicators[i].id.as_str())
        .collect();
    let resp_names: Vec<&str> = resp_ids
        .iter()
        .map(|&i| t.responsibilities[i].id.as_str())
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
    let place = |town: &str, id: &str| {
        sources.get(&(town.to_string(), id.to_string())).map(|p| {
            (
                p.file.to_string(),
                p.sheet.as_deref().map(str::to_string),
                p.cell.clone(),
            )
        })
    };
    problems.extend(checks::balance(&table, &place, t));
    ImportOutcome {
        table,
        month,
        problems,
        accepted,
        digests,
        refused,
        sources,
    }
}

/// The sheets of a file as the importer sees them (for showing the row behind a problem).
pub fn read_sheets(name: &str, bytes: Vec<u8>) -> Result<Vec<grid::Sheet>, String> {
    let ext = Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    source::read(bytes, &ext)
}

fn read_file(input: Input, t: &Template, problems: &mut Vec<Problem>) -> Option<FileData> {
    let name = input.name;
    let ext = Path::new(&name)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let sheets = match source::read(input.bytes, &ext) {
        Ok(s) => s,
        Err(message) => {
            problems.push(Problem::error(&name, message));
            return None;
        }
    };
    let mut file = FileData {
        name: name.clone(),
        rows: BTreeMap::new(),
        indicators: BTreeSet::new(),
        responsibilities: BTreeSet::new(),
        month: None,
    };
    let (mut titles, mut sheet_names, mut filed) = (Vec::new(), Vec::new(), Vec::new());
    let mut tables = 0;
    for sheet in &sheets {
        if sheet.hidden {
            if sheet.height() > 0 {
                problems.push(
                    Problem::new(Level::Notice, &name, "隐藏的工作表，已跳过")
                        .at(sheet.name.as_deref(), None),
                );
            }
            continue;
        }
        let Some(table) = table::read(sheet, &name, t, problems) else {
            continue;
        };
        tables += 1;
        titles.extend(table.titles);
        sheet_names.extend(sheet.name.clone());
        filed.extend(table.filed);
        file.indicators.extend(table.indicators);
        file.responsibilities.extend(table.responsibilities);
        for row in table.rows {
            let into = file.rows.entry(row.township).or_default();
            for (i, (v, p)) in row.values {
                match into.values.get(&i) {
                    Some((w, q)) if *w != v => problems.push(conflict(
                        t,
                        row.township,
                        &t.indicators[i].name,
                        q,
                        &p,
                        &plain(*w),
                        &plain(v),
                    )),
                    Some(_) => {}
                    None => {
                        into.values.insert(i, (v, p));
                    }
                }
            }
            for (i, (s, p)) in row.statuses {
                match into.statuses.get(&i) {
                    Some((z, q)) if *z != s => problems.push(conflict(
                        t,
                        row.township,
                        &t.responsibilities[i].name,
                        q,
                        &p,
                        z.label(),
                        s.label(),
                    )),
                    Some(_) => {}
                    None => {
                        into.statuses.insert(i, (s, p));
                    }
                }
            }
        }
    }
    if tables == 0 {
        if !problems.iter().any(|p| p.is_error() && p.file == name) {
            problems.push(Problem::error(
                &name,
                "文件中没有找到乡镇（街道）数据表：需要一列乡镇（街道）名称和至少一列模板中的指标",
            ));
        }
        return None;
    }
    // The title says it best, then sheet names, the file name (and its folder), the filing date.
    let mut hints = titles;
    hints.extend(sheet_names);
    hints.extend(
        Path::new(&name)
            .file_name()
            .map(|n| n.to_string_lossy().to_string()),
    );
    hints.push(name.clone());
    hints.extend(filed);
    file.month = month::find(&hints);
    Some(file)
}

fn plain(v: f64) -> String {
    crate::text::plain_number(v)
}

fn conflict(
    t: &Template,
    town: usize,
    what: &str,
    first: &Place,
    second: &Place,
    a: &str,
    b: &str,
) -> Problem {
    Problem::error(
        &*second.file,
        format!(
            "{}的“{what}”出现两次且不一致：{} 为{a}，{} 为{b}",
            t.townships[town].name,
            first.describe(),
            second.describe()
        ),
    )
    .at(second.sheet.as_deref(), Some(second.cell.clone()))
}

/// A file whose values differ from what earlier files gave for the same township.
fn conflicts_with(
    merged: &BTreeMap<usize, Merged>,
    file: &FileData,
    t: &Template,
) -> Result<(), Vec<Problem>> {
    let mut out = Vec::new();
    for (town, m) in &file.rows {
        let Some(prev) = merged.get(town) else {
            continue;
        };
        for (i, (v, p)) in &m.values {
            if let Some((w, q)) = prev.values.get(i)
                && w != v
            {
                out.push(conflict(
                    t,
                    *town,
                    &t.indicators[*i].name,
                    q,
                    p,
                    &plain(*w),
                    &plain(*v),
                ));
            }
        }
        for (i, (s, p)) in &m.statuses {
            if let Some((z, q)) = prev.statuses.get(i)
                && z != s
            {
                out.push(conflict(
                    t,
                    *town,
                    &t.responsibilities[*i].name,
                    q,
                    p,
                    z.label(),
                    s.label(),
                ));
            }
        }
    }
    if out.is_empty() { Ok(()) } else { Err(out) }
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
