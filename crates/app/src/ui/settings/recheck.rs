//! 重新审核本月: what checking a month again under the template in use changes — balance
//! warnings new and gone, and the townships whose score, rank or light moves.

use eframe::egui::{self, RichText, Ui};

use crate::desk::Recheck;
use crate::ui::modal::Answer;
use crate::ui::theme::color;
use crate::ui::tokens;
use dd_core::palette;

pub fn show(ui: &mut Ui, r: &Recheck) -> Option<Answer> {
    let mut answer = None;
    ui.heading(format!("重新审核{}", r.month.chinese()));
    let versions = match r.imported_with {
        Some(v) if v == r.version => format!("导入时用的就是当前模板（第{v}版）"),
        Some(v) => format!("导入时用模板第{v}版，现在用第{}版", r.version),
        None => format!("现在用模板第{}版", r.version),
    };
    ui.label(RichText::new(versions).weak());
    let nothing = r.new_warnings.is_empty() && r.gone_warnings.is_empty() && r.ranking.is_empty();
    if nothing {
        ui.label("按当前模板重新审核，警告、得分、名次和亮灯都没有变化。");
    }
    // A list of a fixed height: the dialog keeps its size and place under the pointer.
    egui::ScrollArea::vertical()
        .id_salt("recheck")
        .max_height(tokens::space::LIST_HEIGHT * 1.6)
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (title, list, tone) in [
                ("新增的警告", &r.new_warnings, palette::RED),
                ("不再出现的警告", &r.gone_warnings, palette::GREEN),
            ] {
                if !list.is_empty() {
                    ui.strong(format!("{title}（{}条）", list.len()));
                    for w in list {
                        ui.label(RichText::new(w).color(color(tone)));
                    }
                    ui.add_space(tokens::space::BLOCK);
                }
            }
            if !r.ranking.is_empty() {
                ui.strong(format!(
                    "得分、名次或亮灯有变化的乡镇（街道）（{}个）",
                    r.ranking.len()
                ));
                egui::Grid::new("recheck").striped(true).show(ui, |ui| {
                    for h in ["乡镇（街道）", "导入时的模板", "当前模板"] {
                        ui.strong(h);
                    }
                    ui.end_row();
                    for (town, before, after) in &r.ranking {
                        ui.label(town);
                        ui.label(before);
                        ui.label(RichText::new(after).strong());
                        ui.end_row();
                    }
                });
            }
        });
    ui.add_space(tokens::space::BLOCK);
    if ui.button("关闭").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        answer = Some(Answer::Close);
    }
    answer
}
