//! The in-app file chooser, for computers where the system cannot show a file dialog (no
//! desktop portal, no zenity): open files, a folder, or a place to save, inside the window.

mod listing;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use eframe::egui::{self, RichText, Ui};

use super::dialogs::{Ask, Purpose, Request};
use super::theme::color;
use super::tokens;
use dd_core::palette;

/// The folder last chosen in, where the next chooser opens.
static LAST_DIR: Mutex<Option<PathBuf>> = Mutex::new(None);

pub enum Answer {
    Picked(Vec<PathBuf>),
    Cancel,
}

pub struct Chooser {
    pub request: Request,
    pub purpose: Purpose,
    dir: PathBuf,
    /// The location field, edited by hand (Enter goes there).
    location: String,
    entries: Vec<listing::Entry>,
    error: Option<String>,
    selected: BTreeSet<PathBuf>,
    /// The file name when saving.
    name: String,
    /// Saving over this existing file was asked about.
    replace: Option<PathBuf>,
}

impl Chooser {
    pub fn new(request: Request, purpose: Purpose) -> Chooser {
        let name = match &request.ask {
            Ask::Save { name, .. } => name.clone(),
            _ => String::new(),
        };
        let start = LAST_DIR
            .lock()
            .ok()
            .and_then(|d| d.clone())
            .filter(|d| d.is_dir())
            .unwrap_or_else(listing::start);
        let mut c = Chooser {
            request,
            purpose,
            dir: PathBuf::new(),
            location: String::new(),
            entries: Vec::new(),
            error: None,
            selected: BTreeSet::new(),
            name,
            replace: None,
        };
        c.go(start);
        c
    }

    fn extensions(&self) -> Vec<&'static str> {
        match &self.request.ask {
            Ask::Files(e) | Ask::File(e) => e.clone(),
            Ask::Save { extension, .. } => vec![extension],
            Ask::Folders | Ask::Folder => vec![""],
        }
    }

    fn wants_folder(&self) -> bool {
        matches!(self.request.ask, Ask::Folders | Ask::Folder)
    }

    /// Moves to a folder; an unreadable one is named, and the chooser stays where it was.
    fn go(&mut self, dir: PathBuf) {
        // A folder-only chooser lists folders only: no file has the empty extension.
        match listing::list(&dir, &self.extensions()) {
            Ok(entries) => {
                self.location = dir.display().to_string();
                self.entries = entries;
                self.dir = dir;
                self.error = None;
                self.selected.clear();
            }
            Err(e) => {
                self.error = Some(format!("无法打开文件夹 {}：{e}", dir.display()));
                self.location = self.dir.display().to_string();
            }
        }
    }

    fn answer(&self, paths: Vec<PathBuf>) -> Answer {
        if let Ok(mut last) = LAST_DIR.lock() {
            *last = Some(self.dir.clone());
        }
        Answer::Picked(paths)
    }

    pub fn show(&mut self, ui: &mut Ui) -> Option<Answer> {
        let mut answer = None;
        ui.heading(&self.request.title);
        ui.label(
            RichText::new("（这台电脑没有可用的系统文件对话框，使用软件内置的选择窗口）")
                .weak()
                .small(),
        );
        ui.horizontal_wrapped(|ui| {
            for (label, place) in listing::places() {
                if ui
                    .button(label)
                    .on_hover_text(place.display().to_string())
                    .clicked()
                {
                    self.go(place);
                }
            }
        });
        ui.horizontal(|ui| {
            if ui
                .add_enabled(self.dir.parent().is_some(), egui::Button::new("上一级"))
                .clicked()
                && let Some(up) = self.dir.parent().map(Path::to_path_buf)
            {
                self.go(up);
            }
            let field = ui.add(
                egui::TextEdit::singleline(&mut self.location)
                    .desired_width(f32::INFINITY)
                    .hint_text("输入文件夹路径后按回车"),
            );
            if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                let typed = PathBuf::from(self.location.trim());
                self.go(typed);
            }
        });
        if let Some(e) = &self.error {
            ui.label(RichText::new(e).color(color(palette::RED)));
        }
        let mut enter = None;
        egui::ScrollArea::vertical()
            .id_salt("chooser")
            .max_height(tokens::space::LIST_HEIGHT)
            .auto_shrink([false, false])
            .show(ui, |ui| {
                if self.entries.is_empty() {
                    ui.label(RichText::new("（此文件夹中没有可选的文件）").weak());
                }
                for e in &self.entries {
                    if e.folder {
                        // Folders end in "/" (no icon font is loaded: one CJK face only).
                        if ui
                            .selectable_label(false, format!("{}/", e.name))
                            .on_hover_text("文件夹：点击进入")
                            .clicked()
                        {
                            enter = Some(e.path.clone());
                        }
                    } else {
                        let on = self.selected.contains(&e.path);
                        if ui.selectable_label(on, &e.name).clicked() {
                            match &self.request.ask {
                                Ask::Files(_) => {
                                    if !self.selected.remove(&e.path) {
                                        self.selected.insert(e.path.clone());
                                    }
                                }
                                Ask::Save { .. } => self.name = e.name.clone(),
                                _ => {
                                    self.selected.clear();
                                    self.selected.insert(e.path.clone());
                                }
                            }
                        }
                    }
                }
            });
        if let Some(dir) = enter {
            self.go(dir);
        }
        ui.separator();
        match &self.request.ask {
            Ask::Save { extension, .. } => {
                let extension = *extension;
                ui.horizontal(|ui| {
                    ui.label("文件名：");
                    ui.add(egui::TextEdit::singleline(&mut self.name).desired_width(420.0));
                });
                if let Some(existing) = self.replace.clone() {
                    ui.label(
                        RichText::new(format!("{} 已存在，要替换它吗？", existing.display()))
                            .color(color(palette::RED)),
                    );
                }
                ui.horizontal(|ui| {
                    let name = self.name.trim();
                    let button = if self.replace.is_some() {
                        "替换"
                    } else {
                        "保存"
                    };
                    if ui
                        .add_enabled(!name.is_empty(), egui::Button::new(button))
                        .clicked()
                    {
                        let mut path = self.dir.join(name);
                        if path
                            .extension()
                            .is_none_or(|x| !x.eq_ignore_ascii_case(extension))
                        {
                            path = self.dir.join(format!("{name}.{extension}"));
                        }
                        if path.exists() && self.replace.as_ref() != Some(&path) {
                            self.replace = Some(path);
                        } else {
                            answer = Some(self.answer(vec![path]));
                        }
                    }
                    if ui.button("取消").clicked() {
                        answer = Some(Answer::Cancel);
                    }
                });
            }
            _ => {
                ui.horizontal(|ui| {
                    if self.wants_folder() {
                        if ui.button("选择此文件夹").clicked() {
                            answer = Some(self.answer(vec![self.dir.clone()]));
                        }
                    } else {
                        let n = self.selected.len();
                        let label = if n > 1 {
                            format!("打开（{n}个文件）")
                        } else {
                            "打开".to_string()
                        };
                        if ui.add_enabled(n > 0, egui::Button::new(label)).clicked() {
                            answer = Some(self.answer(self.selected.iter().cloned().collect()));
                        }
                    }
                    if ui.button("取消").clicked() {
                        answer = Some(Answer::Cancel);
                    }
                });
            }
        }
        if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            answer = Some(Answer::Cancel);
        }
        answer
    }
}
