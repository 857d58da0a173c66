//! The status line at the foot of the window: the work in progress (reading files), or the
//! last message with its level. Errors are also written to the log.

use eframe::egui::{self, RichText, Ui};

use super::theme::color;
use dd_core::palette;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Error,
}

/// Files being read: `done` of `total`, the one now read (empty before the first).
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub file: String,
}

#[derive(Debug, Default)]
pub struct StatusLine {
    progress: Option<Progress>,
    message: Option<(Level, String)>,
}

impl StatusLine {
    pub fn busy(&self) -> bool {
        self.progress.is_some()
    }

    pub fn progress(&mut self, p: Progress) {
        self.progress = Some(p);
    }

    /// The work is over (its result comes as a message or a view).
    pub fn done(&mut self) {
        self.progress = None;
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.message = Some((Level::Info, text.into()));
    }

    /// An error ends the work in progress; it is logged as well as shown.
    pub fn error(&mut self, text: impl Into<String>) {
        let text = text.into();
        log::error!("{text}");
        self.progress = None;
        self.message = Some((Level::Error, text));
    }

    /// The progress with its cancel button, or the message, and the workspace's path on the
    /// right. True when the clerk asked to stop reading.
    pub fn show(&self, ui: &mut Ui, workspace: Option<&str>) -> bool {
        let mut cancel = false;
        ui.horizontal(|ui| {
            if let Some(p) = &self.progress {
                ui.spinner();
                if p.file.is_empty() {
                    ui.label("正在读取…");
                } else {
                    ui.label(format!("正在读取 {}/{}：{}", p.done + 1, p.total, p.file));
                }
                cancel = ui
                    .button("取消读取")
                    .on_hover_text("停止读取这批文件，什么也不导入")
                    .clicked();
            } else if let Some((level, text)) = &self.message {
                let c = match level {
                    Level::Error => color(palette::RED),
                    Level::Info => ui.visuals().text_color(),
                };
                ui.label(RichText::new(text).color(c));
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if let Some(w) = workspace {
                    ui.label(RichText::new(format!("工作区：{w}")).weak().small());
                }
            });
        });
        cancel
    }
}
