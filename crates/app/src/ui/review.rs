//! The import review: files, the detected month (editable), every problem by file, sheet and
//! cell with the row it points at; 导入 only when nothing was refused.

use eframe::egui::{self, Color32, RichText, Ui};

use crate::desk::Preview;
use crate::ui::theme::color;
use dd_core::model::{Level, YearMonth};
use dd_core::palette;

pub struct Review {
    pub preview: Preview,
    pub month_text: String,
    pub selected: Option<usize>,
}

pub enum Choice {
    Import(YearMonth),
    Cancel,
}

impl Review {
    pub fn new(preview: Preview) -> Review {
        let month_text = preview.month.map(|m| m.to_string()).unwrap_or_default();
        let selected = preview.problems.iter().position(|p| p.problem.is_error());
        Review {
            preview,
            month_text,
            selected,
        }
    }

    pub fn show(&mut self, ui: &mut Ui) -> Option<Choice> {
        let p = &self.preview;
        let mut choice = None;
        ui.heading("导入审核");
        ui.label(format!(
            "可导入 {} 个文件：{}个乡镇（街道），{}列",
            p.files.len(),
            p.townships,
            p.columns
        ));
        if p.roster_villages > 0 {
            ui.label(format!("重点村名单：{}个村", p.roster_villages));
        }
        for f in &p.refused {
            ui.label(RichText::new(format!("拒收：{f}")).color(color(palette::RED)));
        }
        if !p.refused.is_empty() && p.can_import() {
            ui.label("拒收的文件不会导入，能认出乡镇的记为“退回”；其余文件可以导入。");
        }
        ui.horizontal(|ui| {
            ui.label("月份：");
            ui.add(
                egui::TextEdit::singleline(&mut self.month_text)
                    .hint_text("YYYY-MM")
                    .desired_width(90.0),
            )
            .on_hover_text("从标题、文件名识别；识别不出或有误时在此填写，如 2024-10");
            match (p.month, self.month_text.parse::<YearMonth>()) {
                (_, Err(_)) => {
                    ui.label(RichText::new("请填写月份，例如 2024-10").color(color(palette::RED)));
                }
                (Some(found), Ok(m)) if found != m => {
                    ui.label(format!("（文件中写的是{}）", found.chinese()));
                }
                (None, Ok(_)) => {
                    ui.label("（文件中未写明月份）");
                }
                _ => {}
            }
        });
        let counts = |l: Level| p.problems.iter().filter(|x| x.problem.level == l).count();
        ui.label(format!(
            "错误 {} 个，警告 {} 个，提示 {} 个",
            counts(Level::Error),
            counts(Level::Warning),
            counts(Level::Notice)
        ));
        egui::ScrollArea::vertical()
            .id_salt("problems")
            .max_height(super::tokens::space::LIST_HEIGHT)
            .show(ui, |ui| {
                for (i, pv) in p.problems.iter().enumerate() {
                    let pr = &pv.problem;
                    let c = match pr.level {
                        Level::Error => palette::RED,
                        Level::Warning => palette::YELLOW,
                        Level::Notice => palette::GREY,
                    };
                    let text = RichText::new(format!(
                        "【{}】{}  {}",
                        pr.level.label(),
                        pr.location(),
                        pr.message
                    ))
                    .color(color(c));
                    if ui
                        .selectable_label(self.selected == Some(i), text)
                        .clicked()
                    {
                        self.selected = Some(i);
                    }
                }
                if p.problems.is_empty() {
                    ui.label("没有发现问题。");
                }
            });
        if let Some(pv) = self.selected.and_then(|i| p.problems.get(i))
            && !pv.row.is_empty()
        {
            ui.separator();
            ui.label(RichText::new("表中这一行：").weak());
            egui::ScrollArea::horizontal()
                .id_salt("row")
                .show(ui, |ui| {
                    egui::Grid::new("row_grid").show(ui, |ui| {
                        for (cell, _) in &pv.row {
                            ui.label(RichText::new(cell).weak());
                        }
                        ui.end_row();
                        for (cell, value) in &pv.row {
                            if pv.problem.cell.as_deref() == Some(cell.as_str()) {
                                ui.label(
                                    RichText::new(value)
                                        .background_color(color(palette::RED))
                                        .color(Color32::WHITE),
                                );
                            } else {
                                ui.label(value);
                            }
                        }
                        ui.end_row();
                    });
                });
        }
        ui.separator();
        ui.horizontal(|ui| {
            let month = self.month_text.parse::<YearMonth>().ok();
            let ok = p.can_import() && month.is_some();
            let button = ui.add_enabled(ok, egui::Button::new(RichText::new("导入").strong()));
            let button = if p.can_import() {
                button.on_disabled_hover_text("请先填写月份")
            } else {
                button.on_disabled_hover_text(
                    "没有可导入的文件：请改正上面的错误后重新拖入文件，什么也不会导入",
                )
            };
            if button.clicked()
                && let Some(m) = month
            {
                choice = Some(Choice::Import(m));
            }
            if ui.button("取消").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                choice = Some(Choice::Cancel);
            }
        });
        choice
    }
}
