//! 工作区 → 恢复…: the automatic backups (newest first) to restore from, or a backup file.

use std::path::Path;

use eframe::egui::{self, RichText, Ui};

use super::actions::Action;
use super::modal::Answer;
use super::theme::color;
use super::tokens;
use dd_core::palette;
use dd_store::backup::BackupInfo;

pub fn list(ui: &mut Ui, backups: &[BackupInfo]) -> Option<Answer> {
    let mut answer = None;
    ui.heading("恢复工作区");
    ui.label("每次导入、替换、撤销和删除示例数据之前，工作区都会自动备份（保留最近 20 份，并且一年内每月一份）。");
    ui.label(RichText::new("恢复前会先备份当前的工作区，恢复后也可以再恢复回来。").weak());
    egui::ScrollArea::vertical()
        .id_salt("backups")
        .max_height(tokens::space::LIST_HEIGHT)
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if backups.is_empty() {
                ui.label(RichText::new("还没有自动备份。").weak());
            }
            egui::Grid::new("backup_grid")
                .striped(true)
                .spacing(tokens::space::ITEM)
                .show(ui, |ui| {
                    for b in backups {
                        ui.label(&b.taken);
                        ui.label(b.reason.label());
                        ui.label(format!("{:.1} MB", b.size as f64 / 1_048_576.0));
                        if ui
                            .button("恢复")
                            .on_hover_text(b.path.display().to_string())
                            .clicked()
                        {
                            answer = Some(Answer::AskRestore(b.path.clone()));
                        }
                        ui.end_row();
                    }
                });
        });
    ui.separator();
    ui.horizontal(|ui| {
        if ui.button("从备份文件恢复…").clicked() {
            answer = Some(Answer::Run(Action::RestoreFile));
        }
        if ui.button("立即备份…").clicked() {
            answer = Some(Answer::Run(Action::Backup));
        }
        if ui.button("关闭").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            answer = Some(Answer::Close);
        }
    });
    answer
}

pub fn confirm(ui: &mut Ui, path: &Path) -> Option<Answer> {
    let mut answer = None;
    ui.heading("恢复工作区？");
    ui.label(format!(
        "用 {} 替换当前工作区中的全部月份。",
        path.display()
    ));
    ui.label(
        RichText::new("当前工作区会先自动备份；文件会先检查，不是完好的工作区时不做任何改动。")
            .color(color(palette::BLUE)),
    );
    ui.horizontal(|ui| {
        if ui.button("恢复").clicked() {
            answer = Some(Answer::Restore(path.to_path_buf()));
        }
        if ui.button("取消").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            answer = Some(Answer::Close);
        }
    });
    answer
}
