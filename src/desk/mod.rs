//! The desk: what the app asks of the core (import, review, store, open a month, undo,
//! save images, export), run on a worker thread so the window never waits. The UI sends
//! `Command`s and draws the `Update`s; it does no file IO and no dataframe work itself.

mod views;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};

pub use views::{
    MonthView, Preview, ProblemView, Snapshot, TableRowView, TableView, TrendKey, Trends,
};

use crate::analysis::Analysis;
use crate::import::{self, ImportOutcome};
use crate::model::{Level, MonthTable, TableCell, YearMonth};
use crate::store::{NOTE_NEXT_STEPS, NewMonth, StoreError, Undone, Workspace};
use crate::template::{DEFAULT_TEMPLATE, Template};
use crate::text::plain_number;

#[derive(Debug)]
pub enum Command {
    /// Read these files and folders and show the review.
    Preview(Vec<PathBuf>),
    /// Store the reviewed import as this month.
    Commit {
        month: YearMonth,
        replace: bool,
    },
    CancelPreview,
    Open(YearMonth),
    Undo(YearMonth),
    RemoveSamples,
    SaveNextSteps {
        month: YearMonth,
        text: String,
    },
    /// Write the brief of a month (.docx / .pdf / .xlsx), or its charts as PNG files into a
    /// folder (`format` None).
    Export {
        month: YearMonth,
        format: Option<crate::export::Format>,
        path: PathBuf,
    },
    /// Trend lines of a month: each indicator or measure for the county (None) or a township.
    Trends {
        month: YearMonth,
        keys: Vec<TrendKey>,
    },
    /// Save an RGBA image (a slide) as PNG.
    SavePng {
        path: PathBuf,
        width: usize,
        height: usize,
        rgba: Vec<u8>,
    },
}

#[derive(Debug, Clone)]
pub enum Update {
    Snapshot(Box<Snapshot>),
    Progress {
        done: usize,
        total: usize,
        file: String,
    },
    Preview(Box<Preview>),
    /// Trend lines asked for with `Command::Trends`.
    Trends(Box<Trends>),
    /// The month holds real data: ask before replacing.
    ConfirmReplace {
        month: YearMonth,
        detail: String,
    },
    /// A message for the status line.
    Info(String),
    /// Something failed; the app keeps running.
    Error(String),
}

/// The handle the UI keeps.
pub struct DeskHandle {
    tx: Sender<Command>,
    rx: Receiver<Update>,
    cancel: import::Cancel,
}

impl DeskHandle {
    pub fn send(&self, c: Command) {
        if matches!(c, Command::Preview(_)) {
            self.cancel.reset();
        }
        // The worker only stops with the app; a failed send means it crashed, shown below.
        let _ = self.tx.send(c);
    }

    /// Stops the import being read (the worker is busy with it, so this does not wait in
    /// line behind it): the reader is killed, nothing is kept, the workspace is untouched.
    pub fn cancel_import(&self) {
        self.cancel.cancel();
    }

    pub fn try_recv(&self) -> Option<Update> {
        self.rx.try_recv().ok()
    }

    /// Waits for the next update (tests).
    pub fn recv_timeout(&self, d: std::time::Duration) -> Option<Update> {
        self.rx.recv_timeout(d).ok()
    }
}

/// Starts the worker on a workspace folder. `wake` is called after each update (the UI
/// asks for a repaint there). `month` is the month to open first, if stored.
pub fn start(
    dir: PathBuf,
    month: Option<YearMonth>,
    wake: impl Fn() + Send + 'static,
) -> DeskHandle {
    let (tx, rx_cmd) = channel::<Command>();
    let (tx_up, rx) = channel::<Update>();
    let cancel = import::Cancel::new();
    let worker_cancel = cancel.clone();
    std::thread::Builder::new()
        .name("desk".into())
        .spawn(move || {
            let send = |u: Update| {
                let _ = tx_up.send(u);
                wake();
            };
            let mut desk = match Desk::open(dir) {
                Ok(d) => d,
                Err(e) => {
                    send(Update::Error(e.to_string()));
                    return;
                }
            };
            desk.cancel = worker_cancel;
            send(desk.snapshot(month));
            for cmd in rx_cmd {
                for u in desk.handle(cmd, &send) {
                    send(u);
                }
            }
        })
        .map(|_| ())
        .unwrap_or_else(|e| eprintln!("无法启动后台线程：{e}"));
    DeskHandle { tx, rx, cancel }
}

/// The worker's state: the workspace, and its months analysed once per change.
pub struct Desk {
    ws: Workspace,
    template: Template,
    current: Option<YearMonth>,
    pending: Option<ImportOutcome>,
    /// The analysed history; None after a change until the next view needs it.
    analysis: Option<Analysis>,
    /// Set by the UI to stop the import in progress.
    cancel: import::Cancel,
}

impl Desk {
    pub fn open(dir: PathBuf) -> Result<Desk, StoreError> {
        Ok(Desk {
            ws: Workspace::open(&dir)?,
            template: Template::bundled(),
            current: None,
            pending: None,
            analysis: None,
            cancel: import::Cancel::new(),
        })
    }

    /// Reads every month from the workspace and analyses them (after each change).
    pub fn reload(&mut self) -> Result<&Analysis, StoreError> {
        let history = self.ws.history(&self.template)?;
        let analysis = Analysis::new(history, &self.template).map_err(|e| StoreError::Corrupt {
            path: self.ws.path().display().to_string(),
            detail: e.to_string(),
        })?;
        Ok(self.analysis.insert(analysis))
    }

    fn analysis(&mut self) -> Result<&Analysis, StoreError> {
        if self.analysis.is_none() {
            self.reload()?;
        }
        self.analysis.as_ref().ok_or(StoreError::Busy)
    }

    fn handle(&mut self, cmd: Command, send: &dyn Fn(Update)) -> Vec<Update> {
        match cmd {
            Command::Preview(paths) => {
                self.pending = None;
                let read = import::start_paths(&paths).finish(
                    &self.template,
                    &mut |done, total, file| {
                        send(Update::Progress {
                            done,
                            total,
                            file: file.to_string(),
                        })
                    },
                    &self.cancel,
                );
                match read {
                    Ok(outcome) => {
                        let preview = preview(&outcome);
                        self.pending = Some(outcome);
                        vec![Update::Preview(Box::new(preview))]
                    }
                    Err(cancelled) => vec![Update::Info(cancelled.to_string())],
                }
            }
            Command::CancelPreview => {
                self.pending = None;
                vec![]
            }
            Command::Commit { month, replace } => self.commit(month, replace),
            Command::Open(month) => vec![self.snapshot(Some(month))],
            Command::Undo(month) => match self.changed(|ws| ws.undo(month)) {
                Ok(Undone::Restored { imported_at, .. }) => vec![
                    Update::Info(format!(
                        "已撤销：{}恢复为{imported_at}导入的版本",
                        month.chinese()
                    )),
                    self.snapshot(Some(month)),
                ],
                Ok(Undone::Removed) => vec![
                    Update::Info(format!("已撤销：{}已从月份列表中移除", month.chinese())),
                    self.snapshot(None),
                ],
                Err(e) => vec![Update::Error(e.to_string())],
            },
            Command::RemoveSamples => match self.changed(Workspace::remove_samples) {
                Ok(n) => vec![
                    Update::Info(format!("已删除示例数据（{n}个版本）")),
                    self.snapshot(None),
                ],
                Err(e) => vec![Update::Error(e.to_string())],
            },
            Command::SaveNextSteps { month, text } => {
                match self.ws.set_note(month, NOTE_NEXT_STEPS, &text) {
                    Ok(()) => vec![Update::Info("已保存“下步工作要求”".into())],
                    Err(e) => vec![Update::Error(e.to_string())],
                }
            }
            Command::Export {
                month,
                format,
                path,
            } => match self.export(month, format, &path) {
                Ok(done) => vec![Update::Info(done)],
                Err(e) => vec![Update::Error(format!("导出失败：{e}"))],
            },
            Command::Trends { month, keys } => match self.trends(month, keys) {
                Ok(t) => vec![Update::Trends(Box::new(t))],
                Err(e) => vec![Update::Error(e.to_string())],
            },
            Command::SavePng {
                path,
                width,
                height,
                rgba,
            } => match save_png(&path, width, height, &rgba) {
                Ok(()) => vec![Update::Info(format!("已保存图片 {}", path.display()))],
                Err(e) => vec![Update::Error(format!("保存图片失败：{e}"))],
            },
        }
    }

    /// Runs a change of the workspace; the analysis is redone when next needed.
    fn changed<T>(
        &mut self,
        change: impl FnOnce(&mut Workspace) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.analysis = None;
        change(&mut self.ws)
    }

    fn trends(&mut self, month: YearMonth, keys: Vec<TrendKey>) -> Result<Trends, StoreError> {
        let analysis = self.analysis()?;
        let series = keys
            .into_iter()
            .map(|key| {
                let s = match &key.1 {
                    None => analysis.county_series(&key.0),
                    Some(town) => analysis.township_series(&key.0, town),
                };
                (key, s)
            })
            .collect();
        Ok(Trends { month, series })
    }

    fn export(
        &mut self,
        month: YearMonth,
        format: Option<crate::export::Format>,
        path: &std::path::Path,
    ) -> Result<String, crate::export::ExportError> {
        let problems = self.ws.problems(month)?;
        let next_steps = self.ws.note(month, NOTE_NEXT_STEPS)?;
        let t = self.template.clone();
        let mut input =
            crate::export::BriefInput::from_analysis(self.analysis()?, &t, month, problems)?;
        input.next_steps = next_steps;
        match format {
            Some(f) => {
                let brief = crate::export::compose(&input);
                crate::export::write(&brief, f, path)?;
                Ok(format!("已导出{}：{}", f.label(), path.display()))
            }
            None => {
                let files = crate::export::write_charts(&input, path)?;
                Ok(format!("已导出{}张图表到 {}", files.len(), path.display()))
            }
        }
    }

    fn commit(&mut self, month: YearMonth, replace: bool) -> Vec<Update> {
        let Some(outcome) = &self.pending else {
            return vec![Update::Error("没有待导入的文件".into())];
        };
        if outcome.has_errors() {
            return vec![Update::Error("还有错误未解决，不能导入".into())];
        }
        let result = self.ws.import(NewMonth {
            replace,
            ..NewMonth::from_outcome(outcome, month, DEFAULT_TEMPLATE)
        });
        self.analysis = None;
        match result {
            Ok(_) => {
                let n = outcome.table.height();
                self.pending = None;
                vec![
                    Update::Info(format!("已导入{}：{n}个乡镇", month.chinese())),
                    self.snapshot(Some(month)),
                ]
            }
            Err(StoreError::MonthExists { month, detail }) => {
                vec![Update::ConfirmReplace { month, detail }]
            }
            Err(e) => vec![Update::Error(e.to_string())],
        }
    }

    /// The workspace with `month` (or the last one viewed, or the newest) opened.
    fn snapshot(&mut self, month: Option<YearMonth>) -> Update {
        match self.build_snapshot(month) {
            Ok(s) => Update::Snapshot(Box::new(s)),
            Err(e) => Update::Error(e.to_string()),
        }
    }

    pub fn build_snapshot(&mut self, month: Option<YearMonth>) -> Result<Snapshot, StoreError> {
        let months = self.ws.months()?;
        let wanted = month
            .or(self.current)
            .filter(|m| months.iter().any(|x| x.month == *m))
            .or_else(|| months.last().map(|m| m.month));
        self.current = wanted;
        let current = match wanted {
            Some(m) => Some(self.month_view(m, &months)?),
            None => None,
        };
        Ok(Snapshot {
            workspace: self.ws.path().display().to_string(),
            months,
            current,
        })
    }

    /// The view model of a stored month, from the analysed history.
    pub fn month_view(
        &mut self,
        month: YearMonth,
        months: &[crate::store::MonthInfo],
    ) -> Result<MonthView, StoreError> {
        let problems = self.ws.problems(month)?;
        let places = self.ws.places(month)?;
        let next_steps = self.ws.note(month, NOTE_NEXT_STEPS)?.unwrap_or_default();
        let t = self.template.clone();
        let analysis = self.analysis()?;
        let corrupt = |e: polars::error::PolarsError| StoreError::Corrupt {
            path: String::new(),
            detail: e.to_string(),
        };
        let view = analysis
            .month(month)
            .map_err(corrupt)?
            .ok_or(StoreError::NoMonth(month))?;
        let table = analysis.table(month).map_err(corrupt)?;

        let mut trend_choices: Vec<(String, String, String)> = t
            .measures
            .iter()
            .map(|m| (m.id.clone(), m.name.clone(), m.unit.to_string()))
            .collect();
        trend_choices.extend(
            table
                .columns()
                .iter()
                .filter_map(|c| t.indicator(c))
                .map(|i| (i.id.clone(), i.name.clone(), i.unit.to_string())),
        );
        // The county lines of every choice (a few points each); township lines on request.
        let county_trends = trend_choices
            .iter()
            .map(|(id, _, _)| (id.clone(), analysis.county_series(id)))
            .collect();
        Ok(MonthView {
            month,
            sample: months.iter().any(|m| m.month == month && m.sample),
            table: table_view(&table, &t, &problems, &places),
            analysis: view,
            problems,
            county_trends,
            trend_choices,
            scores: analysis.scores(),
            next_steps,
        })
    }
}

fn table_view(
    table: &MonthTable,
    t: &Template,
    problems: &[crate::model::Problem],
    places: &HashMap<(String, String), String>,
) -> TableView {
    let cols = table.columns();
    let columns = cols
        .iter()
        .map(|c| {
            let unit = t
                .indicator(c)
                .map(|i| i.unit.to_string())
                .unwrap_or_default();
            (c.clone(), t.column_name(c), unit)
        })
        .collect();
    let mut by_place: HashMap<String, Vec<String>> = HashMap::new();
    for p in problems.iter().filter(|p| p.cell.is_some()) {
        by_place.entry(p.location()).or_default().push(format!(
            "{}：{}",
            p.level.label(),
            p.message
        ));
    }
    let rows = table
        .rows()
        .into_iter()
        .map(|(town, cells)| {
            let flags = cols
                .iter()
                .map(|c| {
                    places
                        .get(&(town.clone(), c.clone()))
                        .and_then(|p| by_place.get(p))
                        .cloned()
                        .unwrap_or_default()
                })
                .collect();
            let cells = cells
                .into_iter()
                .map(|cell| match cell {
                    TableCell::Value(v) => v.map(plain_number),
                    TableCell::Status(s) => s.map(|s| s.label().to_string()),
                })
                .map(Option::unwrap_or_default)
                .collect();
            TableRowView {
                township: town,
                cells,
                flags,
            }
        })
        .collect();
    TableView { columns, rows }
}

fn preview(outcome: &ImportOutcome) -> Preview {
    // Read each file with problems once more to show the row a problem points at.
    let mut sheets: HashMap<String, Vec<import::grid::Sheet>> = HashMap::new();
    let mut problems = Vec::new();
    for p in &outcome.problems {
        let row = match (&p.cell, p.level) {
            (Some(cell), Level::Error | Level::Warning) => {
                let file = sheets.entry(p.file.clone()).or_insert_with(|| {
                    std::fs::read(&p.file)
                        .ok()
                        .and_then(|b| import::read_sheets(&p.file, b).ok())
                        .unwrap_or_default()
                });
                row_of(file, p.sheet.as_deref(), cell)
            }
            _ => Vec::new(),
        };
        problems.push(ProblemView {
            problem: p.clone(),
            row,
        });
    }
    Preview {
        files: outcome.accepted.clone(),
        refused: outcome.refused.clone(),
        month: outcome.month,
        townships: outcome.table.height(),
        columns: outcome.table.columns().len(),
        problems,
    }
}

/// The cells of the row named by `cell` (G17 → row 17).
fn row_of(
    sheets: &[import::grid::Sheet],
    sheet: Option<&str>,
    cell: &str,
) -> Vec<(String, String)> {
    let digits: String = cell.chars().filter(char::is_ascii_digit).collect();
    let Ok(row) = digits.parse::<usize>() else {
        return Vec::new();
    };
    let Some(s) = sheets.iter().find(|s| s.name.as_deref() == sheet) else {
        return Vec::new();
    };
    let r = row.saturating_sub(1);
    (0..s.width())
        .filter_map(|c| {
            let v = s.get(r, c);
            (!v.is_empty()).then(|| (crate::text::cell_name(r, c), v.display()))
        })
        .collect()
}

fn save_png(
    path: &std::path::Path,
    width: usize,
    height: usize,
    rgba: &[u8],
) -> std::io::Result<()> {
    let tmp = path.with_extension("png.part");
    {
        let file = std::fs::File::create(&tmp)?;
        let mut enc = png::Encoder::new(std::io::BufWriter::new(file), width as u32, height as u32);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        let mut w = enc.write_header().map_err(std::io::Error::other)?;
        w.write_image_data(rgba).map_err(std::io::Error::other)?;
        w.finish().map_err(std::io::Error::other)?;
    }
    std::fs::rename(&tmp, path)
}
