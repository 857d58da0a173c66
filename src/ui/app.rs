//! The window: month selector, views, drag-and-drop import with review, undo, themes, zoom
//! and the presentation mode. Draws what the desk sends; sends it commands.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};

use eframe::egui::{self, Key, KeyboardShortcut, Modifiers, RichText};
use serde::{Deserialize, Serialize};

use super::review::{Choice, Review};
use super::views::{self, View, progress, trends};
use super::{present, theme};
use crate::desk::{self, Command, DeskHandle, Snapshot, Update};
use crate::model::YearMonth;
use crate::palette;
use crate::ui::theme::color;

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
        }
    }
}

/// Answers of dialogs and screenshots, which arrive from other threads.
enum Event {
    Paths(Vec<PathBuf>),
    ExportTo(YearMonth, Option<crate::export::Format>, PathBuf),
    SlideImage(std::sync::Arc<egui::ColorImage>),
    SlidePath(PathBuf, std::sync::Arc<egui::ColorImage>),
}

pub struct DispatchApp {
    desk: DeskHandle,
    ctx: egui::Context,
    prefs: Prefs,
    snapshot: Option<Snapshot>,
    review: Option<Review>,
    confirm: Option<(YearMonth, String)>,
    progress: Option<(usize, usize, String)>,
    message: Option<(String, bool)>,
    font_missing: bool,
    present: Option<usize>,
    capturing: bool,
    events: (Sender<Event>, Receiver<Event>),
    next_steps: String,
    /// Township trend lines received for the month in view, and those asked for.
    trend_lines: BTreeMap<desk::TrendKey, crate::analysis::Series>,
    trends_asked: BTreeSet<desk::TrendKey>,
}

impl DispatchApp {
    /// `prefs` come from eframe's storage; `dir` is the workspace folder.
    pub fn new(ctx: &egui::Context, prefs: Prefs, dir: PathBuf) -> DispatchApp {
        let font_missing = !theme::install_fonts(ctx);
        theme::apply_style(ctx);
        ctx.set_zoom_factor(prefs.zoom.clamp(0.5, 3.0));
        let wake = ctx.clone();
        let month = prefs.last_month.as_deref().and_then(|m| m.parse().ok());
        let desk = desk::start(dir, month, move || wake.request_repaint());
        DispatchApp {
            desk,
            ctx: ctx.clone(),
            prefs,
            snapshot: None,
            review: None,
            confirm: None,
            progress: None,
            message: None,
            font_missing,
            present: None,
            capturing: false,
            events: channel(),
            next_steps: String::new(),
            trend_lines: BTreeMap::new(),
            trends_asked: BTreeSet::new(),
        }
    }

    pub fn prefs(&self) -> &Prefs {
        &self.prefs
    }

    /// Imports files as if they had been dropped (used by the command line and tests).
    pub fn open_paths(&mut self, paths: Vec<PathBuf>) {
        if !paths.is_empty() {
            self.progress = Some((0, paths.len(), String::new()));
            self.desk.send(Command::Preview(paths));
        }
    }

    fn current(&self) -> Option<&desk::MonthView> {
        self.snapshot.as_ref()?.current.as_ref()
    }

    fn poll(&mut self) {
        while let Some(u) = self.desk.try_recv() {
            match u {
                Update::Snapshot(s) => {
                    self.progress = None;
                    if let Some(v) = &s.current {
                        self.prefs.last_month = Some(v.month.to_string());
                        self.next_steps = v.next_steps.clone();
                    }
                    self.trend_lines.clear();
                    self.trends_asked.clear();
                    self.snapshot = Some(*s);
                }
                Update::Progress { done, total, file } => {
                    self.progress = Some((done, total, file));
                }
                Update::Preview(p) => {
                    self.progress = None;
                    self.review = Some(Review::new(*p));
                }
                Update::Trends(t) => {
                    if self.current().is_some_and(|v| v.month == t.month) {
                        self.trend_lines.extend(t.series);
                    }
                }
                Update::ConfirmReplace { month, detail } => self.confirm = Some((month, detail)),
                Update::Info(m) => {
                    // An import ends with a review or, when cancelled, with a message.
                    self.progress = None;
                    self.message = Some((m, false));
                }
                Update::Error(m) => {
                    self.progress = None;
                    self.message = Some((m, true));
                }
            }
        }
        while let Ok(e) = self.events.1.try_recv() {
            match e {
                Event::Paths(p) => self.open_paths(p),
                Event::ExportTo(month, format, path) => {
                    self.message = Some(("正在导出…".into(), false));
                    self.desk.send(Command::Export {
                        month,
                        format,
                        path,
                    });
                }
                Event::SlideImage(image) => {
                    self.capturing = false;
                    let tx = self.events.0.clone();
                    let ctx = self.ctx.clone();
                    let name = format!(
                        "{}_第{}页.png",
                        self.prefs.last_month.clone().unwrap_or_default(),
                        self.present.unwrap_or(0) + 1
                    );
                    std::thread::spawn(move || {
                        if let Some(path) = rfd::FileDialog::new()
                            .set_file_name(name)
                            .add_filter("PNG 图片", &["png"])
                            .save_file()
                        {
                            let _ = tx.send(Event::SlidePath(path, image));
                            ctx.request_repaint();
                        }
                    });
                }
                Event::SlidePath(path, image) => self.desk.send(Command::SavePng {
                    path,
                    width: image.width(),
                    height: image.height(),
                    rgba: image.as_raw().to_vec(),
                }),
            }
        }
    }

    fn pick(&self, folders: bool) {
        let tx = self.events.0.clone();
        let ctx = self.ctx.clone();
        std::thread::spawn(move || {
            let dialog = rfd::FileDialog::new().set_title("选择乡镇报送的表格");
            let picked = if folders {
                dialog.pick_folders()
            } else {
                dialog
                    .add_filter("表格", crate::import::SPREADSHEET_EXTENSIONS)
                    .pick_files()
            };
            if let Some(p) = picked {
                let _ = tx.send(Event::Paths(p));
                ctx.request_repaint();
            }
        });
    }

    /// Asks where to save (the dialog asks before replacing a file), then exports.
    fn export(&self, format: Option<crate::export::Format>) {
        let Some(view) = self.current() else {
            return;
        };
        let month = view.month;
        let county = view.analysis.county.clone();
        let tx = self.events.0.clone();
        let ctx = self.ctx.clone();
        std::thread::spawn(move || {
            let picked = match format {
                Some(f) => rfd::FileDialog::new()
                    .set_title("导出通报")
                    .set_file_name(format!(
                        "{county}{}工作调度情况通报.{}",
                        month.chinese(),
                        f.extension()
                    ))
                    .add_filter(f.label(), &[f.extension()])
                    .save_file(),
                None => rfd::FileDialog::new()
                    .set_title("选择保存图表的文件夹")
                    .pick_folder(),
            };
            if let Some(path) = picked {
                let _ = tx.send(Event::ExportTo(month, format, path));
                ctx.request_repaint();
            }
        });
    }

    fn undo(&mut self) {
        if let Some(v) = self.current() {
            let m = v.month;
            self.desk.send(Command::Undo(m));
        }
    }

    fn start_presenting(&mut self) {
        if self.current().is_some() {
            self.present = Some(0);
            self.ctx
                .send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
        }
    }

    fn stop_presenting(&mut self) {
        self.present = None;
        self.ctx
            .send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        let sc = |m: Modifiers, k: Key| {
            ctx.input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(m, k)))
        };
        if self.present.is_some() {
            return;
        }
        if sc(Modifiers::COMMAND | Modifiers::SHIFT, Key::O) {
            self.pick(true);
        }
        if sc(Modifiers::COMMAND, Key::O) {
            self.pick(false);
        }
        if sc(Modifiers::NONE, Key::F5) {
            self.start_presenting();
        }
        if sc(Modifiers::COMMAND, Key::E) {
            self.export(Some(crate::export::Format::Docx));
        }
        if sc(Modifiers::COMMAND, Key::Z) {
            self.undo();
        }
        if sc(Modifiers::COMMAND, Key::T) {
            self.prefs.dark = !self.prefs.dark;
        }
        for (k, v) in [Key::Num1, Key::Num2, Key::Num3, Key::Num4, Key::Num5]
            .into_iter()
            .zip(View::ALL)
        {
            if sc(Modifiers::COMMAND, k) {
                self.prefs.view = v;
            }
        }
    }

    fn top_bar(&mut self, ui: &mut egui::Ui) {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new("月调度")
                    .strong()
                    .size(18.0)
                    .color(color(palette::BLUE)),
            );
            if ui
                .button("打开文件…")
                .on_hover_text("Ctrl+O；也可以把文件或文件夹直接拖进窗口")
                .clicked()
            {
                self.pick(false);
            }
            if ui
                .button("打开文件夹…")
                .on_hover_text("Ctrl+Shift+O")
                .clicked()
            {
                self.pick(true);
            }
            ui.separator();
            let months: Vec<(YearMonth, bool)> = self
                .snapshot
                .as_ref()
                .map(|s| s.months.iter().map(|m| (m.month, m.sample)).collect())
                .unwrap_or_default();
            let current = self.current().map(|v| v.month);
            let mut chosen = current;
            egui::ComboBox::from_label("月份")
                .selected_text(current.map_or("（无数据）".into(), |m| m.chinese()))
                .show_ui(ui, |ui| {
                    for (m, sample) in months.iter().rev() {
                        let label = if *sample {
                            format!("{}（示例）", m.chinese())
                        } else {
                            m.chinese()
                        };
                        ui.selectable_value(&mut chosen, Some(*m), label);
                    }
                });
            if chosen != current
                && let Some(m) = chosen
            {
                self.desk.send(Command::Open(m));
            }
            let can_undo = self
                .snapshot
                .as_ref()
                .zip(current)
                .and_then(|(s, c)| s.months.iter().find(|m| m.month == c))
                .is_some_and(|m| !m.sample);
            if ui
                .add_enabled(can_undo, egui::Button::new("撤销导入"))
                .on_hover_text("Ctrl+Z：撤销本月最近一次导入，恢复上一版本")
                .clicked()
            {
                self.undo();
            }
            if ui.button("演示 (F5)").clicked() {
                self.start_presenting();
            }
            ui.menu_button("导出", |ui| {
                use crate::export::Format;
                if ui
                    .button("通报（Word .docx）")
                    .on_hover_text("Ctrl+E")
                    .clicked()
                {
                    self.export(Some(Format::Docx));
                }
                if ui.button("通报（PDF）").clicked() {
                    self.export(Some(Format::Pdf));
                }
                if ui.button("汇总表（Excel .xlsx）").clicked() {
                    self.export(Some(Format::Xlsx));
                }
                if ui.button("图表（PNG 图片）").clicked() {
                    self.export(None);
                }
            });
            ui.separator();
            let theme_label = if self.prefs.dark { "浅色" } else { "深色" };
            if ui
                .button(theme_label)
                .on_hover_text("Ctrl+T 切换浅色/深色")
                .clicked()
            {
                self.prefs.dark = !self.prefs.dark;
            }
            if ui.button("－").on_hover_text("缩小（Ctrl −）").clicked() {
                self.ctx
                    .set_zoom_factor((self.ctx.zoom_factor() - 0.1).max(0.5));
            }
            ui.label(format!("{:.0}%", self.ctx.zoom_factor() * 100.0));
            if ui.button("＋").on_hover_text("放大（Ctrl +）").clicked() {
                self.ctx
                    .set_zoom_factor((self.ctx.zoom_factor() + 0.1).min(3.0));
            }
            let has_samples = self
                .snapshot
                .as_ref()
                .is_some_and(|s| s.months.iter().any(|m| m.sample));
            if has_samples
                && ui
                    .button("删除示例数据")
                    .on_hover_text("删除随软件附带的示例月份，只保留你导入的数据")
                    .clicked()
            {
                self.desk.send(Command::RemoveSamples);
            }
        });
    }

    fn status_bar(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            if let Some((done, total, file)) = &self.progress {
                ui.spinner();
                if file.is_empty() {
                    ui.label("正在读取…");
                } else {
                    ui.label(format!("正在读取 {}/{}：{file}", done + 1, total));
                }
                if ui
                    .button("取消读取")
                    .on_hover_text("停止读取这批文件，什么也不导入")
                    .clicked()
                {
                    self.desk.cancel_import();
                }
            } else if let Some((m, error)) = &self.message {
                let c = if *error {
                    color(palette::RED)
                } else {
                    ui.visuals().text_color()
                };
                ui.label(RichText::new(m).color(c));
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if let Some(s) = &self.snapshot {
                    ui.label(
                        RichText::new(format!("工作区：{}", s.workspace))
                            .weak()
                            .small(),
                    );
                }
            });
        });
    }

    fn body(&mut self, ui: &mut egui::Ui) {
        if self.font_missing {
            ui.label(RichText::new(crate::fonts::MISSING_HELP).color(color(palette::RED)));
        }
        let Some(snapshot) = &self.snapshot else {
            ui.centered_and_justified(|ui| {
                ui.spinner();
                ui.label("正在打开工作区…");
            });
            return;
        };
        let Some(view) = snapshot.current.as_ref() else {
            ui.centered_and_justified(|ui| {
                ui.label(RichText::new("还没有数据：把乡镇报送的表格（可以多个文件或文件夹）拖到这里，或点“打开文件…”").size(20.0));
            });
            return;
        };
        ui.horizontal(|ui| {
            for v in View::ALL {
                if ui
                    .selectable_label(self.prefs.view == v, RichText::new(v.label()).size(17.0))
                    .clicked()
                {
                    self.prefs.view = v;
                }
            }
            if view.sample {
                ui.label(
                    RichText::new("示例数据")
                        .color(egui::Color32::WHITE)
                        .background_color(color(palette::YELLOW)),
                )
                .on_hover_text("这是随软件附带的示例月份；导入真实数据后可点“删除示例数据”");
            }
        });
        ui.separator();
        let a = &view.analysis;
        match self.prefs.view {
            View::Overview => {
                ui.heading(format!("{}{}总体情况", a.county, a.month.chinese()));
                egui::ScrollArea::vertical()
                    .id_salt("overview")
                    .show(ui, |ui| {
                        views::overview::show(ui, a, 30.0, true);
                        ui.add_space(12.0);
                        ui.heading("下步工作要求（写入通报）");
                        ui.add(
                            egui::TextEdit::multiline(&mut self.next_steps)
                                .desired_rows(4)
                                .desired_width(f32::INFINITY)
                                .hint_text("留空则使用模板中的默认文字"),
                        );
                        if ui.button("保存下步工作要求").clicked() {
                            self.desk.send(Command::SaveNextSteps {
                                month: a.month,
                                text: self.next_steps.clone(),
                            });
                        }
                    });
            }
            View::Progress => views::progress::show(ui, view, &mut self.prefs.progress),
            View::Duties => views::duties::show(ui, &a.duties, 1.0),
            View::Trends => {
                let wanted: Vec<desk::TrendKey> =
                    views::trends::missing(view, &self.prefs.trends, &self.trend_lines)
                        .into_iter()
                        .filter(|k| !self.trends_asked.contains(k))
                        .collect();
                if !wanted.is_empty() {
                    self.trends_asked.extend(wanted.iter().cloned());
                    self.desk.send(Command::Trends {
                        month: view.month,
                        keys: wanted,
                    });
                }
                views::trends::show(ui, view, &self.trend_lines, &mut self.prefs.trends)
            }
            View::Data => views::data::show(ui, &view.table, view.problems.len()),
        }
    }

    fn presenting(&mut self, ui: &mut egui::Ui, index: usize) {
        match present::keys(&self.ctx) {
            Some(present::Key::Leave) => return self.stop_presenting(),
            Some(present::Key::Next) => {
                self.present = Some((index + 1).min(present::SLIDES.len() - 1))
            }
            Some(present::Key::Previous) => self.present = Some(index.saturating_sub(1)),
            None => {}
        }
        let index = self.present.unwrap_or(0);
        // Taken out for the frame (not cloned: a month view holds every trend series).
        let Some(snapshot) = self.snapshot.take() else {
            return self.stop_presenting();
        };
        let Some(view) = snapshot.current.as_ref() else {
            self.snapshot = Some(snapshot);
            return self.stop_presenting();
        };
        egui::CentralPanel::default()
            .frame(
                egui::Frame::new()
                    .fill(egui::Color32::WHITE)
                    .inner_margin(24.0),
            )
            .show(ui, |ui| {
                if !self.capturing {
                    ui.horizontal(|ui| {
                        ui.label(
                            RichText::new(format!(
                                "第{}/{}页　← → 翻页，Esc 退出",
                                index + 1,
                                present::SLIDES.len()
                            ))
                            .weak(),
                        );
                        if ui.button("保存本页为图片").clicked() {
                            self.capturing = true;
                        }
                        if ui.button("退出演示").clicked() {
                            self.stop_presenting();
                        }
                    });
                } else {
                    let tx = self.events.0.clone();
                    let ctx = self.ctx.clone();
                    self.ctx.request_screenshot(move |image| {
                        let _ = tx.send(Event::SlideImage(image));
                        ctx.request_repaint();
                    });
                }
                present::slide(ui, view, index);
            });
        self.snapshot = Some(snapshot);
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
        self.shortcuts(&ctx);
        if let Some(index) = self.present {
            self.presenting(ui, index);
            return;
        }
        egui::Panel::top("top").show(ui, |ui| self.top_bar(ui));
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar(ui));
        egui::CentralPanel::default().show(ui, |ui| self.body(ui));

        // Files dropped anywhere on the window.
        let (hovering, dropped) = ctx.input(|i| {
            (
                !i.raw.hovered_files.is_empty(),
                i.raw
                    .dropped_files
                    .iter()
                    .map(|f| f.path().to_path_buf())
                    .collect::<Vec<_>>(),
            )
        });
        if hovering {
            let screen = ctx.content_rect();
            let painter = ctx.layer_painter(egui::LayerId::new(
                egui::Order::Foreground,
                egui::Id::unique("drop"),
            ));
            painter.rect_filled(screen, 0.0, egui::Color32::from_black_alpha(160));
            painter.text(
                screen.center(),
                egui::Align2::CENTER_CENTER,
                "松开鼠标即可导入（可多个文件或文件夹）",
                egui::FontId::proportional(32.0),
                egui::Color32::WHITE,
            );
        }
        if !dropped.is_empty() {
            self.open_paths(dropped);
        }

        if let Some(review) = &mut self.review {
            let mut choice = None;
            egui::Modal::new(egui::Id::unique("review")).show(&ctx, |ui| {
                ui.set_width(760.0);
                choice = review.show(ui);
            });
            match choice {
                Some(Choice::Import(month)) => {
                    self.desk.send(Command::Commit {
                        month,
                        replace: false,
                    });
                    self.review = None;
                }
                Some(Choice::Cancel) => {
                    self.desk.send(Command::CancelPreview);
                    self.review = None;
                }
                None => {}
            }
        }
        if let Some((month, detail)) = self.confirm.clone() {
            let mut done = false;
            egui::Modal::new(egui::Id::unique("confirm")).show(&ctx, |ui| {
                ui.heading("替换已有月份？");
                ui.label(format!("{}已有数据（{detail}）。", month.chinese()));
                ui.label("替换后旧版本仍然保留，可以用“撤销导入”恢复。");
                ui.horizontal(|ui| {
                    if ui.button("替换").clicked() {
                        self.desk.send(Command::Commit {
                            month,
                            replace: true,
                        });
                        done = true;
                    }
                    if ui.button("取消").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
                        self.desk.send(Command::CancelPreview);
                        done = true;
                    }
                });
            });
            if done {
                self.confirm = None;
            }
        }
        if self.progress.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.prefs.zoom = self.ctx.zoom_factor();
        eframe::set_value(storage, eframe::APP_KEY, &self.prefs);
    }
}
