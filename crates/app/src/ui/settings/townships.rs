//! 乡镇（街道）: the list in the order the tables and the brief use, each with its kind and the
//! other spellings sheets use; 从表格识别 takes the names from one of the county's own sheets,
//! shown for review before they replace the list.

use eframe::egui::{self, RichText, Ui};

use super::draft::{Draft, Field, Notes, TownRow, join_list};
use super::widgets::{edit, message, named};
use crate::ui::theme::color;
use dd_core::palette;
use dd_import::names::FoundNames;

const KINDS: [&str; 4] = ["镇", "乡", "街道", ""];

/// What the section asks of the window.
pub enum Ask {
    /// Choose a sheet to read the names from.
    ReadSheet,
}

pub fn show(
    ui: &mut Ui,
    d: &mut Draft,
    notes: &Notes,
    found: &mut Option<FoundNames>,
) -> (bool, Option<Ask>) {
    let mut changed = false;
    let mut ask = None;
    ui.label(
        RichText::new(
            "排名表、填报表和通报都按这里的顺序列出各乡镇（街道）。别名是表格中出现的其他写法（如“虞塘”），用、分隔。",
        )
        .weak(),
    );
    ui.horizontal(|ui| {
        if ui.button("添加乡镇（街道）").clicked() {
            d.townships.push(TownRow {
                name: String::new(),
                kind: "镇".into(),
                aliases: String::new(),
            });
            changed = true;
        }
        if ui
            .button("从表格识别…")
            .on_hover_text("选一张本县市的表格（如上月的汇总表），取其乡镇（街道）列的名称")
            .clicked()
        {
            ask = Some(Ask::ReadSheet);
        }
        ui.label(RichText::new("也可以把本县市的一张表格拖到窗口里").weak());
    });
    message(ui, notes, Field::Townships);
    if let Some(f) = found.as_ref() {
        match review(ui, f) {
            Some(true) => {
                d.townships = f
                    .names
                    .iter()
                    .map(|n| TownRow {
                        aliases: d
                            .townships
                            .iter()
                            .find(|t| t.name.trim() == n.name)
                            .map(|t| t.aliases.clone())
                            .unwrap_or_default(),
                        name: n.name.clone(),
                        kind: n.kind.clone(),
                    })
                    .collect();
                *found = None;
                changed = true;
            }
            Some(false) => *found = None,
            None => {}
        }
    }
    ui.add_space(crate::ui::tokens::space::BLOCK);
    changed |= list(ui, d, notes);
    (changed, ask)
}

/// The names found on a sheet: Some(true) to take them, Some(false) to leave them.
fn review(ui: &mut Ui, f: &FoundNames) -> Option<bool> {
    let mut answer = None;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(
            RichText::new(format!("识别到{}个乡镇（街道）", f.names.len()))
                .strong()
                .color(color(palette::BLUE)),
        );
        ui.label(RichText::new(format!("来源：{}", f.place())).weak());
        let names: Vec<String> = f
            .names
            .iter()
            .map(|n| {
                if n.kind.is_empty() {
                    format!("{}（类型不明）", n.name)
                } else {
                    n.name.clone()
                }
            })
            .collect();
        ui.label(join_list(&names));
        ui.label(
            RichText::new(
                "请核对：替换后仍可逐个修改、调整顺序、补充别名；保存之前什么都不会改变。",
            )
            .weak(),
        );
        ui.horizontal(|ui| {
            if ui.button("用这些替换乡镇列表").clicked() {
                answer = Some(true);
            }
            if ui.button("不用").clicked() {
                answer = Some(false);
            }
        });
    });
    answer
}

fn list(ui: &mut Ui, d: &mut Draft, notes: &Notes) -> bool {
    let mut changed = false;
    let mut action: Option<(usize, i32)> = None;
    ui.label(format!("共{}个乡镇（街道）", d.townships.len()));
    egui::Grid::new("townships")
        .striped(true)
        .spacing([10.0, 4.0])
        .show(ui, |ui| {
            for h in ["序号", "名称", "类型", "别名（用、分隔）", ""] {
                ui.strong(h);
            }
            ui.end_row();
            let n = d.townships.len();
            for (i, t) in d.townships.iter_mut().enumerate() {
                ui.label((i + 1).to_string());
                ui.vertical(|ui| {
                    let r = edit(ui, &mut t.name, 160.0, "如 易俗河镇", false);
                    named(ui, &r, &format!("第{}个乡镇名称", i + 1));
                    changed |= r.changed();
                    message(ui, notes, Field::TownName(i));
                });
                egui::ComboBox::from_id_salt(("kind", i))
                    .selected_text(if t.kind.is_empty() { "—" } else { &t.kind })
                    .width(60.0)
                    .show_ui(ui, |ui| {
                        for k in KINDS {
                            let label = if k.is_empty() { "—" } else { k };
                            changed |= ui
                                .selectable_value(&mut t.kind, k.to_string(), label)
                                .changed();
                        }
                    });
                ui.vertical(|ui| {
                    let r = edit(ui, &mut t.aliases, 220.0, "", false);
                    named(ui, &r, &format!("第{}个乡镇别名", i + 1));
                    changed |= r.changed();
                    message(ui, notes, Field::TownAliases(i));
                });
                ui.horizontal(|ui| {
                    if ui.add_enabled(i > 0, egui::Button::new("上移")).clicked() {
                        action = Some((i, -1));
                    }
                    if ui
                        .add_enabled(i + 1 < n, egui::Button::new("下移"))
                        .clicked()
                    {
                        action = Some((i, 1));
                    }
                    if ui.button("删除").clicked() {
                        action = Some((i, 0));
                    }
                });
                ui.end_row();
            }
        });
    match action {
        Some((i, 0)) => {
            d.townships.remove(i);
            changed = true;
        }
        Some((i, step)) => {
            let j = (i as i32 + step) as usize;
            d.townships.swap(i, j);
            changed = true;
        }
        None => {}
    }
    changed
}
