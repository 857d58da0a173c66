//! The app's state and its frame: what the desk sent, the dialog in front, the status line;
//! the frame draws the shell (shell.rs) or the slides (present.rs) and the modal on top.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};

use eframe::egui;
use serde::{Deserialize, Serialize};

use super::dialogs::{Dialogs, Event, Purpose, Request};
use super::modal::{Answer, Modal};
use super::review::Review;
use super::status::{Progress, StatusLine};
use super::views::reporting::form::FormSetup;
use super::views::{self, View, followup, progress, trends, villages};
use super::{about, actions, present, settings, theme, tokens};
use crate::desk::{self, Command, DeskHandle, Snapshot, Update};

/// What is remembered between runs (window size and position are kept by eframe).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub dark: bool,
    pub zoom: f32,
    pub last_month: Option<String>,
    pub view: View,
    pub progress: progress::State,
    pub trends: trends::State,
    pub villages: villages::State,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            dark: false,
            zoom: 1.0,
            last_month: None,
            view: View::Overview,
            progress: progress::State::default(),
            trends: trends::State::default(),
            villages: villages::State::default(),
        }
    }
}

pub struct DispatchApp {
    pub(super) desk: DeskHandle,
    pub(super) ctx: egui::Context,
    pub(super) prefs: Prefs,
    pub(super) snapshot: Option<Snapshot>,
    pub(super) modal: Option<Modal>,
    pub(super) status: StatusLine,
    pub(super) font_missing: bool,
    /// 演示模式: the slide shown, the black screen, the slide index.
    pub(super) present: Option<present::Show>,
    /// `--present` asked for, until the month is open.
    pub(super) present_asked: Option<present::Asked>,
    pub(super) dialogs: Dialogs,
    events: Receiver<Event>,
    pub(super) events_tx: Sender<Event>,
    pub(super) next_steps: String,
    /// Township trend lines received for the month in view, and those asked for.
    pub(super) trend_lines: BTreeMap<desk::TrendKey, dd_analysis::Series>,
    pub(super) trends_asked: BTreeSet<desk::TrendKey>,
    /// 县市设置, while open (it takes the window's body).
    pub(super) settings: Option<settings::Editor>,
    /// The first-run offer (set up the county, or look at the samples) was answered.
    pub(super) welcomed: bool,
    pub(super) followup: followup::State,
    /// The 通报 view's brief (asked when the view shows a month it does not hold).
    pub(super) brief: Option<desk::BriefPreview>,
    pub(super) brief_asked: Option<dd_core::model::YearMonth>,
    pub(super) brief_view: crate::ui::views::brief::State,
}

impl DispatchApp {
    /// `prefs` come from eframe's storage; `dir` is the workspace folder.
    pub fn new(ctx: &egui::Context, prefs: Prefs, dir: PathBuf) -> DispatchApp {
        let font_missing = !theme::install_fonts(ctx);
        theme::apply_style(ctx);
        ctx.set_zoom_factor(tokens::zoom::clamp(prefs.zoom));
        let wake = ctx.clone();
        let month = prefs.last_month.as_deref().and_then(|m| m.parse().ok());
        let desk = desk::start(dir, month, move || wake.request_repaint());
        let (events_tx, events) = channel();
        DispatchApp {
            desk,
            ctx: ctx.clone(),
            prefs,
            snapshot: None,
            modal: None,
            status: StatusLine::default(),
            font_missing,
            present: None,
            present_asked: None,
            dialogs: Dialogs::new(events_tx.clone(), ctx.clone()),
            events,
            events_tx,
            next_steps: String::new(),
            trend_lines: BTreeMap::new(),
            trends_asked: BTreeSet::new(),
            settings: None,
            welcomed: false,
            followup: followup::State::default(),
            brief: None,
            brief_asked: None,
            brief_view: Default::default(),
        }
    }

    /// What the command line asked for: files to import, or 演示模式 (`--present`).
    pub fn launch(&mut self, launch: super::Launch) {
        match launch {
            super::Launch::Open(paths) => self.open_paths(paths),
            super::Launch::Present(month) => {
                self.present_asked = Some(present::Asked {
                    month,
                    opening: false,
                });
                self.present_if_asked();
            }
        }
    }

    pub fn prefs(&self) -> &Prefs {
        &self.prefs
    }

    /// Imports files as if they had been dropped (the command line's paths, "Open with").
    pub fn open_paths(&mut self, paths: Vec<PathBuf>) {
        if !paths.is_empty() {
            self.status.progress(Progress {
                done: 0,
                total: paths.len(),
                file: String::new(),
            });
            self.desk.send(Command::Preview(paths));
        }
    }

    pub(super) fn current(&self) -> Option<&desk::MonthView> {
        self.snapshot.as_ref()?.current.as_ref()
    }

    /// Asks for files with the system dialog, or shows the in-app chooser.
    pub(super) fn ask(&mut self, request: Request, purpose: Purpose) {
        if let Some(chooser) = self.dialogs.ask(request, purpose) {
            self.modal = Some(Modal::Chooser(chooser));
        }
    }

    fn poll(&mut self) {
        while let Some(u) = self.desk.try_recv() {
            match u {
                Update::Snapshot(s) => {
                    self.status.done();
                    // Text the clerk is still typing for this month survives a reload (another
                    // window or command changed the workspace) until it is saved.
                    let typing = self.current().is_some_and(|c| {
                        s.current.as_ref().is_some_and(|v| v.month == c.month)
                            && c.next_steps != self.next_steps
                    });
                    if let Some(v) = &s.current {
                        self.prefs.last_month = Some(v.month.to_string());
                        if !typing {
                            self.next_steps = v.next_steps.clone();
                        }
                    }
                    self.trend_lines.clear();
                    self.trends_asked.clear();
                    // The data may have changed: the 通报 view composes again.
                    self.brief_asked = None;
                    if let (Some(editor), Some(t)) = (&mut self.settings, &s.template) {
                        editor.sync(t);
                    }
                    self.snapshot = Some(*s);
                    self.present_if_asked();
                }
                Update::Progress { done, total, file } => {
                    self.status.progress(Progress { done, total, file })
                }
                Update::Preview(p) => {
                    self.status.done();
                    self.modal = Some(Modal::Review(Review::new(*p)));
                }
                Update::Brief(b) => {
                    self.brief_asked = Some(b.month);
                    self.brief = Some(*b);
                }
                Update::Trends(t) => {
                    if self.current().is_some_and(|v| v.month == t.month) {
                        self.trend_lines.extend(t.series);
                    }
                }
                Update::ConfirmReplace { month, changes } => {
                    self.modal = Some(Modal::ConfirmReplace { month, changes })
                }
                Update::Backups(list) => {
                    if let Some(Modal::Backups(shown)) = &mut self.modal {
                        *shown = list;
                    }
                }
                Update::Handed(paths) => {
                    // Another start on this workspace: its files come here, the window to
                    // the front.
                    self.ctx.send_viewport_cmd(egui::ViewportCommand::Focus);
                    self.open_paths(paths);
                }
                Update::Info(m) => {
                    // An import ends with a review or, when cancelled, with a message.
                    self.status.done();
                    self.status.info(m)
                }
                Update::Recheck(r) => {
                    self.status.done();
                    self.modal = Some(Modal::Recheck(r));
                }
                Update::TownshipNames(found) => {
                    self.status.done();
                    self.open_settings();
                    if let Some(editor) = &mut self.settings {
                        editor.found(*found);
                    }
                }
                Update::Proposal(p) => {
                    self.status.done();
                    self.open_settings();
                    if let Some(editor) = &mut self.settings {
                        editor.proposed(&p);
                    }
                }
                Update::Error(m) => self.status.error(m),
            }
        }
        while let Ok(e) = self.events.try_recv() {
            match e {
                Event::Picked(purpose, paths) => self.picked(purpose, paths),
                Event::NativeFailed(request, purpose) => {
                    log::warn!("系统文件对话框打不开，改用内置选择窗口");
                    self.modal = Some(Modal::Chooser(super::chooser::Chooser::new(
                        request, purpose,
                    )));
                }
                Event::SlideImage(image) => {
                    let index = self.present.as_mut().map_or(0, |s| {
                        s.capturing = false;
                        s.index
                    });
                    let name = format!(
                        "{}_第{}页",
                        self.prefs.last_month.clone().unwrap_or_default(),
                        index + 1
                    );
                    self.ask(
                        Request {
                            title: "保存本页为图片".into(),
                            ask: super::dialogs::Ask::Save {
                                name: format!("{name}.png"),
                                extension: "png",
                            },
                            kind: "PNG 图片".into(),
                        },
                        Purpose::SaveSlide(image),
                    );
                }
            }
        }
    }

    /// The user chose files or a place (in a system dialog or the in-app chooser).
    fn picked(&mut self, purpose: Purpose, paths: Vec<PathBuf>) {
        let Some(first) = paths.first().cloned() else {
            return;
        };
        match purpose {
            Purpose::Import => self.open_paths(paths),
            Purpose::Export(month, format) => {
                self.status.info("正在导出…");
                self.desk.send(Command::Export {
                    month,
                    format,
                    path: first,
                });
            }
            Purpose::SaveSlide(image) => self.desk.send(Command::SavePng {
                path: first,
                width: image.width(),
                height: image.height(),
                rgba: image.as_raw().to_vec(),
            }),
            Purpose::BackupTo => self.desk.send(Command::Backup(first)),
            Purpose::RestoreFrom => self.modal = Some(Modal::ConfirmRestore(first)),
            Purpose::Form(choice) => {
                self.status.info("正在生成填报表…");
                self.desk.send(Command::Form {
                    month: choice.month,
                    path: first,
                    per_township: choice.per_township,
                    prefill: choice.prefill,
                });
            }
            Purpose::TemplateExport => self.desk.send(Command::ExportTemplate(first)),
            Purpose::TemplateImport => self.desk.send(Command::ImportTemplate(first)),
            Purpose::TownshipSheet => self.read_township_names(first),
            Purpose::IndicatorSheet => self.read_indicator_proposal(first),
        }
    }

    /// What the user answered in the dialog in front.
    fn answer(&mut self, answer: Answer) {
        self.modal = None;
        match answer {
            Answer::Close => {}
            Answer::Import(month) => self.desk.send(Command::Commit {
                month,
                replace: false,
            }),
            Answer::CancelImport => self.desk.send(Command::CancelPreview),
            Answer::Replace(month) => self.desk.send(Command::Commit {
                month,
                replace: true,
            }),
            Answer::Picked(purpose, paths) => self.picked(purpose, paths),
            Answer::Run(action) => self.run(action),
            Answer::AskRestore(path) => self.modal = Some(Modal::ConfirmRestore(path)),
            Answer::Restore(path) => {
                self.status.info("正在恢复工作区…");
                self.desk.send(Command::Restore(path));
            }
            Answer::MakeForm(choice) => self.ask_form_place(choice),
            Answer::ExportAnyway(format) => self.export_to(format),
        }
    }

    /// 县市设置 on the workspace's template.
    pub(super) fn open_settings(&mut self) {
        self.welcomed = true;
        if self.settings.is_none()
            && let Some(t) = self.snapshot.as_ref().and_then(|s| s.template.as_ref())
        {
            self.settings = Some(settings::Editor::new(t));
        }
    }

    /// Reads the township names of one of the county's sheets (dropped, or chosen).
    pub(super) fn read_township_names(&mut self, path: PathBuf) {
        self.read_sheet(&path, Command::ReadTownships(path.clone()));
    }

    /// Reads the columns of one of the county's sheets as proposed indicators.
    pub(super) fn read_indicator_proposal(&mut self, path: PathBuf) {
        self.read_sheet(&path, Command::ProposeIndicators(path.clone()));
    }

    /// Sends a command that reads one sheet, with the file in the status line meanwhile.
    fn read_sheet(&mut self, path: &std::path::Path, command: Command) {
        self.status.progress(Progress {
            done: 0,
            total: 1,
            file: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        });
        self.desk.send(command);
    }

    /// 生成填报表…: the month and kind of form first.
    pub(super) fn form_setup(&mut self) {
        let Some(s) = &self.snapshot else {
            return;
        };
        let townships = s.template.as_ref().map_or(0, |t| t.file.townships.len());
        let stored: Vec<_> = s.months.iter().map(|m| (m.month, m.townships)).collect();
        self.modal = Some(Modal::Form(FormSetup::new(&stored, townships)));
    }

    fn ask_form_place(&mut self, choice: views::reporting::form::FormChoice) {
        let county = self
            .snapshot
            .as_ref()
            .and_then(|s| s.template.as_ref())
            .map_or(String::new(), |t| t.file.county.clone());
        let request = if choice.per_township {
            Request {
                title: "选择保存各乡镇（街道）填报表的文件夹".into(),
                ask: super::dialogs::Ask::Folder,
                kind: "文件夹".into(),
            }
        } else {
            Request {
                title: "保存填报表".into(),
                ask: super::dialogs::Ask::Save {
                    name: format!("{county}{}调度表.xlsx", choice.month.chinese()),
                    extension: "xlsx",
                },
                kind: "Excel 表格".into(),
            }
        };
        self.ask(request, Purpose::Form(choice));
    }

    pub(super) fn about_text(&self) -> String {
        let template = self
            .snapshot
            .as_ref()
            .and_then(|s| s.template.as_ref())
            .map(|t| {
                format!(
                    "工作区模板第{}版（{}{}）",
                    t.version,
                    t.file.county,
                    if t.sample {
                        "，随软件附带的示例"
                    } else {
                        ""
                    }
                )
            });
        about::diagnostics(
            self.snapshot.as_ref().map(|s| s.workspace.as_str()),
            template.as_deref(),
            self.dialogs.native(),
        )
    }

    pub(super) fn start_presenting(&mut self) {
        if self.current().is_some() {
            self.present = Some(present::Show::default());
            self.ctx
                .send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
        }
    }

    pub(super) fn stop_presenting(&mut self) {
        self.present = None;
        self.ctx
            .send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
    }
}

impl eframe::App for DispatchApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.poll();
        let ctx = self.ctx.clone();
        let light = self.present.is_some() || !self.prefs.dark;
        ctx.set_theme(if light {
            egui::Theme::Light
        } else {
            egui::Theme::Dark
        });
        if self.present.is_some() {
            self.presenting(ui);
            return;
        }
        // Keys act on the window only while no dialog is in front.
        if self.modal.is_none()
            && let Some(action) = actions::pressed(&ctx)
        {
            self.run(action);
        }
        self.shell(ui);
        if let Some(answer) = self.modal.as_mut().and_then(|m| m.show(&ctx)) {
            self.answer(answer);
        }
        if self.status.busy() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.prefs.zoom = self.ctx.zoom_factor();
        eframe::set_value(storage, eframe::APP_KEY, &self.prefs);
    }
}
