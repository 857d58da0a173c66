//! Import: township spreadsheets → one checked month table and a list of problems.
//! Pure: reads the files it is given, writes nothing, knows nothing of the UI or workspace.
//! The files themselves are read in a child process under a memory cap and a time limit
//! (`isolation`), so no file can take the app down.

mod aggregates;
mod band;
mod cfb_check;
pub mod checks;
mod csv;
pub mod grid;
mod isolation;
mod layout;
pub mod limits;
mod merge;
mod month;
pub mod names;
pub mod propose;
mod roster;
mod source;
mod sources;
mod table;
pub mod values;
mod vertical;
mod villages;
mod wire;
mod worker;
mod xlsx;

use std::path::{Path, PathBuf};

pub use isolation::{
    Cancel, Cancelled, PANIC_REFUSAL, ReadLimits, read_limits, set_read_limits, set_reader_program,
    this_program_reads,
};
use isolation::{Job, Reading};
use merge::Month;
pub use source::xlsx_readers_agree;
pub use sources::{Place, Sources};
pub use worker::serve as serve_reader;

use dd_core::model::{KeyVillage, Level, MonthTable, Problem, Roster, VillageTable, YearMonth};
use dd_core::template::Template;

/// Extensions read when a folder is given.
pub const SPREADSHEET_EXTENSIONS: &[&str] = &[
    "xlsx", "xlsm", "xls", "xlsb", "ods", "et", "ett", "csv", "tsv",
];

pub use dd_core::model::{FileDigest, sha256_hex};

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
    /// The villages of village detail sheets (empty when none was read).
    pub villages: VillageTable,
    /// The 重点村 roster, when an accepted file carries one.
    pub roster: Option<Roster>,
}

impl ImportOutcome {
    fn empty() -> ImportOutcome {
        ImportOutcome {
            table: MonthTable::empty(),
            month: None,
            problems: Vec::new(),
            accepted: Vec::new(),
            digests: Vec::new(),
            refused: Vec::new(),
            sources: Sources::default(),
            villages: VillageTable::default(),
            roster: None,
        }
    }

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
    uncancelled(start_paths(paths).finish(t, progress, &Cancel::new()))
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
    uncancelled(start(inputs).finish(t, progress, &Cancel::new()))
}

fn uncancelled(r: Result<ImportOutcome, Cancelled>) -> ImportOutcome {
    // Nothing cancels a flag nobody else holds.
    r.unwrap_or_else(|Cancelled| ImportOutcome::empty())
}

/// Files handed to the reader process, being read in the background while the caller
/// does something else (loads the template); [`Pending::finish`] imports them.
pub struct Pending {
    names: Vec<String>,
    reading: Reading,
    /// Paths that could not be read at all, refused before the reader saw them.
    problems: Vec<Problem>,
}

/// Starts reading files from memory.
pub fn start(inputs: Vec<Input>) -> Pending {
    let (names, jobs) = inputs
        .into_iter()
        .map(|i| {
            let ext = extension(&i.name);
            (
                i.name,
                Job {
                    ext,
                    bytes: i.bytes,
                },
            )
        })
        .unzip();
    Pending {
        names,
        reading: Reading::start(jobs),
        problems: Vec::new(),
    }
}

/// Starts reading files and folders from disk (a file larger than the memory cap is
/// refused unread).
pub fn start_paths(paths: &[PathBuf]) -> Pending {
    let (files, mut problems) = expand_paths(paths);
    let limits = read_limits();
    let mut inputs = Vec::new();
    for f in files {
        let name = f.display().to_string();
        let size = std::fs::metadata(&f).map(|m| m.len()).unwrap_or(0);
        if size > limits.memory {
            problems.push(Problem::error(name, limits.too_large()));
            continue;
        }
        match std::fs::read(&f) {
            Ok(bytes) => inputs.push(Input { name, bytes }),
            Err(e) => problems.push(Problem::error(name, format!("无法读取文件：{e}"))),
        }
    }
    Pending {
        problems,
        ..start(inputs)
    }
}

impl Pending {
    /// Imports the files as one month, telling `progress(done, total, file)` before each
    /// file's result is awaited. Cancelling kills the reader and keeps nothing.
    pub fn finish(
        mut self,
        t: &Template,
        progress: &mut dyn FnMut(usize, usize, &str),
        cancel: &Cancel,
    ) -> Result<ImportOutcome, Cancelled> {
        let total = self.names.len();
        let mut problems = Vec::new();
        let mut accepted = Vec::new();
        let mut digests = Vec::new();
        let mut refused = Vec::new();
        let mut names = sources::SheetNames::default();
        let mut month = Month::new(t);
        let mut roster: Vec<KeyVillage> = Vec::new();
        // While the reader works: each file's SHA-256, kept for those accepted.
        let mut all_digests: Vec<Option<FileDigest>> = (0..total)
            .map(|i| Some(FileDigest::of(&self.names[i], self.reading.bytes(i))))
            .collect();
        loop {
            let done = accepted.len() + refused.len();
            if let Some(name) = self.names.get(done) {
                progress(done, total, name);
            }
            let Some(next) = self.reading.next(cancel) else {
                break;
            };
            let (i, read) = next?;
            let name = &self.names[i];
            let sheets = match read {
                Ok(sheets) => sheets,
                Err(message) => {
                    problems.push(Problem::error(name, message));
                    refused.push(name.clone());
                    continue;
                }
            };
            let before = problems.len();
            let file = merge::read_file(name, sheets, &mut names, t, &mut problems)
                .filter(|_| !problems[before..].iter().any(Problem::is_error));
            let Some(mut file) = file else {
                refused.push(name.clone());
                continue;
            };
            let villages = std::mem::take(&mut file.roster);
            if let Some(p) = roster_overlap(name, &villages, &roster) {
                problems.push(p);
                refused.push(name.clone());
                continue;
            }
            if let Err(conflicts) = month.add(file, &names, t) {
                problems.extend(conflicts);
                refused.push(name.clone());
                continue;
            }
            roster.extend(villages);
            accepted.push(name.clone());
            digests.extend(all_digests.get_mut(i).and_then(Option::take));
        }
        let (table, month, sources, villages) = month.finish(names, t, &mut problems);
        let mut outcome = ImportOutcome {
            table,
            month,
            problems,
            accepted,
            digests,
            refused,
            sources,
            villages,
            roster: (!roster.is_empty()).then_some(Roster { villages: roster }),
        };
        if !self.problems.is_empty() {
            outcome.refused.extend(
                self.problems
                    .iter()
                    .filter(|p| p.is_error())
                    .map(|p| p.file.clone()),
            );
            self.problems.append(&mut outcome.problems);
            outcome.problems = self.problems;
        }
        Ok(outcome)
    }
}

/// A village a second roster file lists again: the file is refused (one roster a drop).
fn roster_overlap(file: &str, new: &[KeyVillage], had: &[KeyVillage]) -> Option<Problem> {
    new.iter().find_map(|v| {
        let first = had
            .iter()
            .find(|w| w.township == v.township && w.village == v.village)?;
        Some(Problem::error(
            file,
            format!(
                "{}{}在两份重点村名单中都有（另一处：{}），请只报送一份名单",
                v.township, v.village, first.place
            ),
        ))
    })
}

/// The sheets of a file as the importer sees them (for showing the row behind a problem),
/// read by the reader process like any import.
pub fn read_sheets(name: &str, bytes: Vec<u8>) -> Result<Vec<grid::Sheet>, String> {
    let job = Job {
        ext: extension(name),
        bytes,
    };
    match Reading::start(vec![job]).next(&Cancel::new()) {
        Some(Ok((_, read))) => read,
        _ => Err("无法读取".into()),
    }
}

/// 从表格识别指标: the template a county's sheet (or blank form) proposes, read by the
/// reader process like any import.
pub fn propose_template(
    name: &str,
    bytes: Vec<u8>,
    county: &str,
) -> Result<propose::Proposal, propose::ProposeError> {
    let sheets = read_sheets(name, bytes).map_err(|reason| propose::ProposeError::Unreadable {
        file: name.to_string(),
        reason,
    })?;
    propose::propose(name, &sheets, county)
}

fn extension(name: &str) -> String {
    Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}
