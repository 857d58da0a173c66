//! 数据: the month table; cells that raised a problem on import are marked, with the
//! message on hover.

use eframe::egui::{self, Color32, RichText, Ui};

use crate::desk::TableView;
use crate::ui::theme::color;
use dd_core::palette;

pub fn show(ui: &mut Ui, t: &TableView, problems: usize) {
    if problems > 0 {
        ui.label(
            RichText::new(format!(
                "导入时发现{problems}个问题；有问题的单元格标为黄色，鼠标停留可看说明"
            ))
            .color(color(palette::YELLOW)),
        );
    }
    egui::ScrollArea::both().id_salt("data").show(ui, |ui| {
        egui::Grid::new("data_grid")
            .striped(true)
            .spacing([14.0, 4.0])
            .show(ui, |ui| {
                ui.strong("乡镇（街道）");
                for (_, name, unit) in &t.columns {
                    if unit.is_empty() {
                        ui.strong(name);
                    } else {
                        ui.strong(format!("{name}（{unit}）"));
                    }
                }
                ui.end_row();
                for row in &t.rows {
                    ui.label(&row.township);
                    for (k, cell) in row.cells.iter().enumerate() {
                        let flags = row.flags.get(k).filter(|f| !f.is_empty());
                        match flags {
                            Some(f) => {
                                let bg = color(palette::YELLOW).gamma_multiply(0.45);
                                egui::Frame::new()
                                    .fill(bg)
                                    .inner_margin(2.0)
                                    .show(ui, |ui| {
                                        ui.label(RichText::new(cell).color(Color32::BLACK))
                                            .on_hover_text(f.join("\n"));
                                    });
                            }
                            None => {
                                ui.label(cell);
                            }
                        }
                    }
                    ui.end_row();
                }
            });
    });
}
