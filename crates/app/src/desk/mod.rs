//! The desk: what the app asks of the core (import, review, store, open a month, undo,
//! save images, export), run on a worker thread so the window never waits. The UI sends
//! `Command`s and draws the `Update`s; it does no file IO and no dataframe work itself.

mod arrival;
mod backups;
mod brief;
mod month;
mod views;
mod work;

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};

pub use brief::{BriefCommand, BriefPreview, PreviewBlock, ProblemRow};
pub use views::{
    MonthView, Preview, ProblemView, Recheck, Snapshot, TableRowView, TableView, TemplateView,
    TownshipReview, TrendKey, Trends,
};

use dd_analysis::Analysis;
use dd_core::model::YearMonth;
use dd_core::template::Template;
use dd_import::{self as import, ImportOutcome};
use dd_office::Result;
use dd_office::collect::CellChange;
use dd_store::{NOTE_NEXT_STEPS, Undone, Workspace};

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
        format: Option<dd_export::Format>,
        path: PathBuf,
    },
    /// Trend lines of a month: each indicator or measure for the county (None) or a township.
    Trends {
        month: YearMonth,
        keys: Vec<TrendKey>,
    },
    /// Copy the workspace to a file (工作区 → 备份…).
    Backup(PathBuf),
    /// List the automatic backups (answered with `Update::Backups`).
    ListBackups,
    /// Replace the workspace with a backup, after checking it and backing up the current one.
    Restore(PathBuf),
    /// Save an RGBA image (a slide) as PNG.
    SavePng {
        path: PathBuf,
        width: usize,
        height: usize,
        rgba: Vec<u8>,
    },
    /// Write the reporting form of a month: one county file, or one file a township into a
    /// folder; `prefill` puts in the newest earlier month's figures.
    Form {
        month: YearMonth,
        path: PathBuf,
        per_township: bool,
        prefill: bool,
    },
    /// The month's brief as the clerk shapes it (通报问题, paragraphs, 成文日期).
    Brief(BriefCommand),
    /// Close a 督办 item by hand with a note (None opens it again).
    CloseFollowup {
        id: i64,
        note: Option<String>,
    },
    /// Store an edited template as the workspace's new version (checked first).
    SaveTemplate {
        file: Box<dd_core::template::TemplateFile>,
        note: String,
    },
    /// Read a template file and store it as the new version (checked first).
    ImportTemplate(PathBuf),
    /// Write the template in use to a file.
    ExportTemplate(PathBuf),
    /// Check a month again under the template in use and tell what changes.
    Recheck(YearMonth),
    /// Read the township names on one of the county's own sheets (县市设置 → 从表格识别).
    ReadTownships(PathBuf),
    /// Propose indicators from the columns of one of the county's sheets (从表格识别指标).
    ProposeIndicators(PathBuf),
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
    /// The arrival would change figures the month holds: ask before replacing them.
    ConfirmReplace {
        month: YearMonth,
        changes: Vec<CellChange>,
    },
    /// The automatic backups, newest first.
    Backups(Vec<dd_store::backup::BackupInfo>),
    /// Files another start on this workspace handed over (none: only come to the front).
    Handed(Vec<PathBuf>),
    /// The 通报 view of a month (asked with `Command::Brief`).
    Brief(Box<BriefPreview>),
    /// A message for the status line.
    Info(String),
    /// Something failed; the app keeps running.
    Error(String),
    /// What checking a month again under the current template changes.
    Recheck(Box<Recheck>),
    /// The township names found on a sheet, for the 县市设置 editor to review.
    TownshipNames(Box<dd_import::names::FoundNames>),
    /// The indicators a sheet's columns propose, for the 县市设置 editor to review.
    Proposal(Box<dd_import::propose::Proposal>),
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

/// How often an idle worker looks whether another process changed the workspace.
const LOOK_OUTSIDE: std::time::Duration = std::time::Duration::from_millis(500);

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
            for w in desk.ws.take_warnings() {
                send(Update::Error(w));
            }
            // Between commands, and at least every LOOK_OUTSIDE while they keep coming.
            let mut looked = std::time::Instant::now();
            loop {
                let mut updates = match rx_cmd.recv_timeout(LOOK_OUTSIDE) {
                    Ok(cmd) => desk.handle(cmd, &send),
                    Err(RecvTimeoutError::Timeout) => Vec::new(),
                    Err(RecvTimeoutError::Disconnected) => break,
                };
                if looked.elapsed() >= LOOK_OUTSIDE {
                    updates.extend(desk.outside_changes());
                    looked = std::time::Instant::now();
                }
                for u in updates {
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
    /// The template's text as the workspace stores it (kept with each import).
    template_text: String,
    current: Option<YearMonth>,
    pending: Option<ImportOutcome>,
    /// The changes of `pending` the user was last asked to confirm.
    asked: Option<Vec<CellChange>>,
    /// The analysed history; None after a change until the next view needs it.
    analysis: Option<Analysis>,
    /// Set by the UI to stop the import in progress.
    cancel: import::Cancel,
}

impl Desk {
    pub fn open(dir: PathBuf) -> Result<Desk> {
        let mut ws = dd_office::open_workspace(&dir)?;
        ws.changed_elsewhere()?;
        let current = ws.template()?;
        Ok(Desk {
            ws,
            template: current.template,
            template_text: current.text,
            current: None,
            pending: None,
            asked: None,
            analysis: None,
            cancel: import::Cancel::new(),
        })
    }

    /// What happened outside while the desk was idle: files handed over by another start on
    /// this workspace, and changes another window or command stored (the desk then takes up
    /// its template and months again and shows the month it is on).
    fn outside_changes(&mut self) -> Vec<Update> {
        let mut out: Vec<Update> = self
            .ws
            .path()
            .parent()
            .map(dd_office::instance::take_handed)
            .unwrap_or_default()
            .into_iter()
            .map(Update::Handed)
            .collect();
        out.extend(self.changes_elsewhere());
        out
    }

    fn changes_elsewhere(&mut self) -> Vec<Update> {
        match self.ws.changed_elsewhere() {
            Ok(false) => Vec::new(),
            Ok(true) => {
                if let Err(e) = self.follow_template() {
                    return vec![Update::Error(e.to_string())];
                }
                let what = self
                    .current
                    .map_or_else(String::new, |m| format!("，已重新载入{}", m.chinese()));
                vec![
                    self.snapshot(None),
                    Update::Info(format!("工作区已被另一个窗口或程序更新{what}")),
                ]
            }
            Err(e) => vec![Update::Error(e.to_string())],
        }
    }

    /// Works under the workspace's newest template from now on (after it changed under the
    /// desk); returns its version.
    fn follow_template(&mut self) -> Result<i64> {
        let current = self.ws.template()?;
        self.template = current.template;
        self.template_text = current.text;
        self.analysis = None;
        Ok(current.version)
    }

    /// Reads every month from the workspace and analyses them (after each change), and
    /// raises each month's problems again for 督办.
    pub fn reload(&mut self) -> Result<&Analysis> {
        let analysis = dd_office::followup::refresh(&mut self.ws, &self.template)?;
        Ok(self.analysis.insert(analysis))
    }

    fn analysis(&mut self) -> Result<&Analysis> {
        Ok(self.analysed()?.1)
    }

    /// The workspace with its analysed history (analysed now if a change dropped it) and the
    /// template: what a use case of the office is called with.
    fn analysed(&mut self) -> Result<(&Workspace, &Analysis, &Template)> {
        let analysis = match self.analysis.take() {
            Some(a) => a,
            None => dd_office::followup::refresh(&mut self.ws, &self.template)?,
        };
        Ok((&self.ws, self.analysis.insert(analysis), &self.template))
    }

    fn handle(&mut self, cmd: Command, send: &dyn Fn(Update)) -> Vec<Update> {
        match cmd {
            Command::Preview(paths) => self.preview(&paths, send),
            Command::CancelPreview => {
                self.pending = None;
                vec![]
            }
            Command::Commit { month, replace } => self.commit(month, replace),
            Command::Open(month) => vec![self.snapshot(Some(month))],
            Command::Undo(month) => self.undo(month),
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
            Command::Backup(path) => self.backup_to(&path),
            Command::ListBackups => self.list_backups(),
            Command::Restore(path) => self.restore(&path),
            Command::SavePng {
                path,
                width,
                height,
                rgba,
            } => match save_png(&path, width, height, &rgba) {
                Ok(()) => vec![Update::Info(format!("已保存图片 {}", path.display()))],
                Err(e) => vec![Update::Error(format!("保存图片失败：{e}"))],
            },
            Command::Form {
                month,
                path,
                per_township,
                prefill,
            } => self.reply(|d| d.form(month, &path, per_township, prefill)),
            Command::Brief(c) => self.brief_command(c),
            Command::CloseFollowup { id, note } => self.close_followup(id, note),
            Command::SaveTemplate { file, note } => {
                let text = dd_core::template::Template::from_file(&file).and_then(|t| t.to_toml());
                match text {
                    Ok(text) => self.set_template(&text, &note),
                    Err(e) => vec![Update::Error(e.to_string())],
                }
            }
            Command::ImportTemplate(path) => match std::fs::read_to_string(&path) {
                Ok(text) => self.set_template(&text, &format!("从 {} 导入", path.display())),
                Err(e) => vec![Update::Error(format!(
                    "无法读取模板文件 {}：{e}",
                    path.display()
                ))],
            },
            Command::ExportTemplate(path) => self.reply(|d| d.export_template(&path)),
            Command::Recheck(month) => match self.recheck(month) {
                Ok(r) => vec![Update::Recheck(Box::new(r))],
                Err(e) => vec![Update::Error(e.to_string())],
            },
            Command::ReadTownships(path) => match dd_import::names::read(&path, &self.template) {
                Ok(found) => vec![Update::TownshipNames(Box::new(found))],
                Err(e) => vec![Update::Error(e.to_string())],
            },
            Command::ProposeIndicators(path) => self.propose_indicators(&path),
        }
    }

    /// Reads dropped files for the import review (nothing stored yet).
    fn preview(&mut self, paths: &[PathBuf], send: &dyn Fn(Update)) -> Vec<Update> {
        self.pending = None;
        let read = import::start_paths(paths).finish(
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
                let preview = arrival::preview(&outcome);
                self.pending = Some(outcome);
                vec![Update::Preview(Box::new(preview))]
            }
            Err(cancelled) => vec![Update::Info(cancelled.to_string())],
        }
    }

    fn undo(&mut self, month: YearMonth) -> Vec<Update> {
        match self.changed(|ws| ws.undo(month)) {
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
        }
    }

    /// 销号 with a note, or reopened (`note` None).
    fn close_followup(&mut self, id: i64, note: Option<String>) -> Vec<Update> {
        let closing = note.is_some();
        match self.ws.close_followup(id, note.as_deref()) {
            Ok(()) => vec![
                Update::Info(if closing {
                    "已销号".into()
                } else {
                    "已重新打开".into()
                }),
                self.snapshot(None),
            ],
            Err(e) => vec![Update::Error(e.to_string())],
        }
    }

    /// 从表格识别指标: the template a county's sheet proposes.
    fn propose_indicators(&mut self, path: &std::path::Path) -> Vec<Update> {
        let read = std::fs::read(path)
            .map_err(|e| format!("无法读取 {}：{e}", path.display()))
            .and_then(|bytes| {
                let name = path
                    .file_name()
                    .map_or(String::new(), |n| n.to_string_lossy().into_owned());
                dd_import::propose_template(&name, bytes, &self.template.county)
                    .map_err(|e| e.to_string())
            });
        match read {
            Ok(p) => vec![Update::Proposal(Box::new(p))],
            Err(e) => vec![Update::Error(e)],
        }
    }

    /// An info line on success, an error line on failure.
    fn reply(&mut self, work: impl FnOnce(&mut Desk) -> Result<String>) -> Vec<Update> {
        match work(self) {
            Ok(m) => vec![Update::Info(m)],
            Err(e) => vec![Update::Error(e.to_string())],
        }
    }

    /// Runs a change of the workspace; the analysis is redone when next needed.
    fn changed<T>(
        &mut self,
        change: impl FnOnce(&mut Workspace) -> dd_store::Result<T>,
    ) -> Result<T> {
        self.analysis = None;
        Ok(change(&mut self.ws)?)
    }

    fn trends(&mut self, month: YearMonth, keys: Vec<TrendKey>) -> Result<Trends> {
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
        format: Option<dd_export::Format>,
        path: &std::path::Path,
    ) -> Result<String> {
        let (ws, analysis, t) = self.analysed()?;
        let input = dd_office::brief::input(ws, analysis, t, month)?;
        match format {
            Some(f) => {
                let brief = dd_export::compose(&input);
                dd_export::write(&brief, f, path)?;
                Ok(format!("已导出{}：{}", f.label(), path.display()))
            }
            None => {
                let files = dd_export::write_charts(&input, path)?;
                Ok(format!("已导出{}张图表到 {}", files.len(), path.display()))
            }
        }
    }
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
