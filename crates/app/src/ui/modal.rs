//! The one dialog in front of the window, if any, and what the user answered in it.

use std::path::PathBuf;

use eframe::egui::{self, Key};

use super::actions::Action;
use super::chooser::{self, Chooser};
use super::dialogs::Purpose;
use super::review::{Choice, Review};
use super::views::reporting::form::{FormChoice, FormSetup};
use super::{about, backups, settings, tokens};
use dd_core::model::YearMonth;
use dd_export::Format;
use dd_office::collect::CellChange;
use dd_store::backup::BackupInfo;

pub enum Modal {
    /// The import under review.
    Review(Review),
    /// The arrival would change figures the month holds: replace them?
    ConfirmReplace {
        month: YearMonth,
        changes: Vec<CellChange>,
    },
    /// The in-app file chooser (no system dialog on this computer).
    Chooser(Chooser),
    /// 工作区 → 恢复…: the automatic backups.
    Backups(Vec<BackupInfo>),
    /// Restore the workspace from this file?
    ConfirmRestore(PathBuf),
    /// 关于: version and paths, for a support call.
    About(String),
    /// 生成填报表…: the month and the kind of form, before the place is asked.
    Form(FormSetup),
    /// Export a month that not every township has reported?
    ConfirmIncomplete {
        month: YearMonth,
        format: Option<Format>,
        missing: Vec<String>,
        deadline: String,
    },
    /// What re-checking a month under the template in use changes.
    Recheck(Box<crate::desk::Recheck>),
}

pub enum Answer {
    Close,
    Import(YearMonth),
    CancelImport,
    Replace(YearMonth),
    Picked(Purpose, Vec<PathBuf>),
    Run(Action),
    AskRestore(PathBuf),
    Restore(PathBuf),
    /// Write the form so chosen (after asking where).
    MakeForm(FormChoice),
    /// Export although townships are missing.
    ExportAnyway(Option<Format>),
}

impl Modal {
    pub fn show(&mut self, ctx: &egui::Context) -> Option<Answer> {
        let mut answer = None;
        egui::Modal::new(self.id()).show(ctx, |ui| {
            ui.set_width(tokens::space::MODAL_WIDTH);
            answer = match self {
                Modal::Review(review) => review.show(ui).map(|c| match c {
                    Choice::Import(m) => Answer::Import(m),
                    Choice::Cancel => Answer::CancelImport,
                }),
                Modal::ConfirmReplace { month, changes } => confirm_replace(ui, *month, changes),
                Modal::Chooser(c) => c.show(ui).map(|a| match a {
                    chooser::Answer::Picked(paths) => Answer::Picked(c.purpose.clone(), paths),
                    chooser::Answer::Cancel => Answer::Close,
                }),
                Modal::Backups(list) => backups::list(ui, list),
                Modal::ConfirmRestore(path) => backups::confirm(ui, path),
                Modal::About(text) => about::show(ui, text),
                Modal::Form(setup) => setup.show(ui).map(|c| match c {
                    Some(choice) => Answer::MakeForm(choice),
                    None => Answer::Close,
                }),
                Modal::ConfirmIncomplete {
                    month,
                    format,
                    missing,
                    deadline,
                } => confirm_incomplete(ui, *month, *format, missing, deadline),
                Modal::Recheck(r) => settings::recheck::show(ui, r),
            };
        });
        answer
    }
}

impl Modal {
    /// One id per kind of dialog (and per question for the chooser): a dialog that follows
    /// another is a new area, sized afresh, rather than the old one resizing under the pointer.
    fn id(&self) -> egui::Id {
        let id = egui::Id::unique(self.name());
        match self {
            Modal::Chooser(c) => id.with(&c.request.title),
            _ => id,
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Modal::Review(_) => "review",
            Modal::ConfirmReplace { .. } => "confirm_replace",
            Modal::Chooser(_) => "chooser",
            Modal::Backups(_) => "backups",
            Modal::ConfirmRestore(_) => "confirm_restore",
            Modal::About(_) => "about",
            Modal::Form(_) => "form",
            Modal::ConfirmIncomplete { .. } => "confirm_incomplete",
            Modal::Recheck(_) => "recheck",
        }
    }
}

fn confirm_replace(ui: &mut egui::Ui, month: YearMonth, changes: &[CellChange]) -> Option<Answer> {
    let mut answer = None;
    ui.heading("替换已导入的数据？");
    ui.label(format!(
        "新文件中有{}处数据与{}已导入的不同：",
        changes.len(),
        month.chinese()
    ));
    egui::ScrollArea::vertical()
        .max_height(tokens::space::LIST_HEIGHT)
        .show(ui, |ui| {
            egui::Grid::new("changes").striped(true).show(ui, |ui| {
                for h in ["乡镇（街道）", "指标", "原数据", "新数据", "来源"] {
                    ui.strong(h);
                }
                ui.end_row();
                for c in changes {
                    ui.label(&c.township);
                    ui.label(&c.name);
                    ui.label(&c.old);
                    ui.label(egui::RichText::new(&c.new).strong());
                    ui.label(
                        egui::RichText::new(c.new_place.as_deref().unwrap_or(""))
                            .weak()
                            .small(),
                    );
                    ui.end_row();
                }
            });
        });
    ui.label("替换后旧版本仍然保留，可以用“撤销导入”恢复。");
    ui.horizontal(|ui| {
        if ui.button("替换").clicked() {
            answer = Some(Answer::Replace(month));
        }
        if ui.button("取消").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
            answer = Some(Answer::CancelImport);
        }
    });
    answer
}

fn confirm_incomplete(
    ui: &mut egui::Ui,
    month: YearMonth,
    format: Option<Format>,
    missing: &[String],
    deadline: &str,
) -> Option<Answer> {
    let mut answer = None;
    ui.heading("本月还有乡镇（街道）未报送");
    ui.label(format!(
        "{}还有{}个乡镇（街道）没有报送：{}。",
        month.chinese(),
        missing.len(),
        missing.join("、")
    ));
    let what = if format.is_some() { "通报" } else { "图表" };
    ui.label(format!(
        "现在导出，{what}中的合计、排名和亮灯只含已报的单位{}。",
        if format.is_some() {
            format!("，并在“存在问题”中写明截至{deadline}未按时报送的单位")
        } else {
            String::new()
        }
    ));
    ui.horizontal(|ui| {
        if ui.button("仍然导出").clicked() {
            answer = Some(Answer::ExportAnyway(format));
        }
        if ui.button("取消").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
            answer = Some(Answer::Close);
        }
    });
    answer
}
