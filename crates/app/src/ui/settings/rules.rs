//! 五大责任 and 审核公式: how each responsibility is judged from the figures when a sheet does
//! not write its status, and the balance rules checked for every township.

use eframe::egui::{self, RichText, Ui};

use super::draft::{Draft, Field, Notes, RuleRow};
use super::widgets::{edit, message, named, number};
use dd_core::model::Status;

/// The ids the formulas may name, for reference beside them.
fn id_list(ui: &mut Ui, d: &Draft) {
    ui.collapsing("可用的指标 id", |ui| {
        egui::Grid::new("ids").spacing([16.0, 2.0]).show(ui, |ui| {
            for (k, i) in d.indicators.iter().filter(|i| i.on).enumerate() {
                ui.label(RichText::new(&i.def.id).monospace());
                ui.label(RichText::new(&i.name).weak());
                if k % 3 == 2 {
                    ui.end_row();
                }
            }
        });
    });
}

pub fn duties(ui: &mut Ui, d: &mut Draft, notes: &Notes) -> bool {
    let [a, b, _] = d.example_ids();
    let measure_hint = format!("如 {a} / {b}");
    let also_hint = format!("可不写，如 {a} = {b}");
    let mut changed = false;
    ui.label(
        RichText::new(
            "表中写了落实情况（已落实/部分落实/未落实，√/×，是/否）时以表为准；没写时按下面的规则由数字判定。\
             判定依据写一个指标 id，或“分子 / 分母”（按百分比比较）。",
        )
        .weak(),
    );
    id_list(ui, d);
    for (i, r) in d.duties.iter_mut().enumerate() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_top(|ui| {
                ui.label("名称");
                ui.vertical(|ui| {
                    let e = edit(ui, &mut r.name, 180.0, "", false);
                    named(ui, &e, &format!("第{}项责任名称", i + 1));
                    changed |= e.changed();
                    message(ui, notes, Field::DutyName(i));
                });
                ui.label("别名");
                let e = edit(ui, &mut r.aliases, 360.0, "", false);
                named(ui, &e, &format!("第{}项责任别名", i + 1));
                changed |= e.changed();
            });
            ui.horizontal_top(|ui| {
                ui.label("判定依据");
                ui.vertical(|ui| {
                    let e = edit(ui, &mut r.measure, 300.0, &measure_hint, false);
                    named(ui, &e, &format!("第{}项责任判定依据", i + 1));
                    changed |= e.changed();
                    message(ui, notes, Field::DutyMeasure(i));
                });
                ui.label("达到");
                changed |= number(
                    ui,
                    &mut r.done_at,
                    &format!("第{}项责任已落实标准", i + 1),
                    notes,
                    Field::DutyDone(i),
                );
                ui.label("为已落实，达到");
                changed |= number(
                    ui,
                    &mut r.partial_at,
                    &format!("第{}项责任部分落实标准", i + 1),
                    notes,
                    Field::DutyPartial(i),
                );
                ui.label("为部分落实（可不写），其余未落实");
            });
            ui.horizontal_top(|ui| {
                ui.label("分母为0时");
                egui::ComboBox::from_id_salt(("zero", i))
                    .selected_text(r.zero.map_or("不适用（默认）", Status::label))
                    .show_ui(ui, |ui| {
                        changed |= ui
                            .selectable_value(&mut r.zero, None, "不适用（默认）")
                            .changed();
                        for s in [Status::Done, Status::NotDone] {
                            changed |= ui
                                .selectable_value(&mut r.zero, Some(s), s.label())
                                .changed();
                        }
                    });
                ui.label("已落实还须满足");
                ui.vertical(|ui| {
                    let e = edit(ui, &mut r.done_also, 360.0, &also_hint, false);
                    named(ui, &e, &format!("第{}项责任另须满足", i + 1));
                    changed |= e.changed();
                    message(ui, notes, Field::DutyAlso(i));
                });
            });
        });
    }
    changed
}

pub fn balance(ui: &mut Ui, d: &mut Draft, notes: &Notes) -> bool {
    let mut changed = false;
    let [a, b, _] = d.example_ids();
    ui.label(
        RichText::new(format!(
            "每条公式对每个乡镇（街道）检查，不符时在导入审核和通报中给出警告（写明乡镇、指标和两边的数），从不自动修改数据。\
             写法：指标 id 用 + - 连接，比较符 = <= >= < >，可连写（0 <= {b} <= {a}）。"
        ))
        .weak(),
    );
    id_list(ui, d);
    let mut remove = None;
    egui::Grid::new("rules")
        .striped(true)
        .spacing([10.0, 4.0])
        .show(ui, |ui| {
            for h in ["", "公式", "说明（可不写）", ""] {
                ui.strong(h);
            }
            ui.end_row();
            for (i, r) in d.rules.iter_mut().enumerate() {
                ui.label(format!("{}", i + 1));
                ui.vertical(|ui| {
                    let e = edit(ui, &mut r.expr, 420.0, "", false);
                    named(ui, &e, &format!("第{}条审核公式", i + 1));
                    changed |= e.changed();
                    message(ui, notes, Field::Rule(i));
                });
                let e = edit(ui, &mut r.name, 240.0, "", false);
                named(ui, &e, &format!("第{}条审核公式说明", i + 1));
                changed |= e.changed();
                if ui.button("删除").clicked() {
                    remove = Some(i);
                }
                ui.end_row();
            }
        });
    if let Some(i) = remove {
        d.rules.remove(i);
        changed = true;
    }
    if ui.button("添加审核公式").clicked() {
        d.rules.push(RuleRow {
            expr: String::new(),
            name: String::new(),
        });
        changed = true;
    }
    changed
}
