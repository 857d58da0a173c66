//! 指标: the catalogue of indicators (the county's own and the bundled ones it leaves out),
//! each switched on or off, with its name and the other spellings of its header, its unit and
//! whether township figures add up to the county's.

use eframe::egui::{self, RichText, Ui};

use super::draft::{Draft, Field, Notes};
use super::widgets::{edit, message, named};

/// Draws the catalogue; (changed, asks for a sheet to propose indicators from).
pub fn show(ui: &mut Ui, d: &mut Draft, notes: &Notes) -> (bool, bool) {
    let mut changed = false;
    let mut ask = false;
    ui.label(
        RichText::new(
            "勾选本县市调度表中有的指标。名称和别名用于识别表头；单位写 户、人、个、万元、% 等；\
             “可相加”表示各乡镇（街道）的数相加就是全县市合计（比率不可相加）。",
        )
        .weak(),
    );
    ui.horizontal(|ui| {
        ask = ui
            .button("从表格识别指标…")
            .on_hover_text("选一张本县市的表格或下发的空表：每列表头识别为一个指标，核对后加入")
            .clicked();
        ui.label(RichText::new("也可以把表格拖到窗口里").weak());
    });
    message(ui, notes, Field::Indicators);
    let on = d.indicators.iter().filter(|i| i.on).count();
    ui.label(format!("已启用{on}个指标，共{}个可选", d.indicators.len()));
    egui::Grid::new("indicators")
        .striped(true)
        .spacing([10.0, 4.0])
        .show(ui, |ui| {
            for h in [
                "启用",
                "名称",
                "单位",
                "别名（用、分隔）",
                "可相加",
                "分组 · id",
            ] {
                ui.strong(h);
            }
            ui.end_row();
            for (i, row) in d.indicators.iter_mut().enumerate() {
                let r = ui.checkbox(&mut row.on, "");
                named(ui, &r, &format!("启用{}", row.name));
                changed |= r.changed();
                ui.vertical(|ui| {
                    let r = edit(ui, &mut row.name, 200.0, "", false);
                    named(ui, &r, &format!("指标名称 {}", row.def.id));
                    changed |= r.changed();
                    message(ui, notes, Field::Indicator(i));
                });
                ui.vertical(|ui| {
                    let r = edit(ui, &mut row.unit, 50.0, "", false);
                    named(ui, &r, &format!("单位 {}", row.def.id));
                    changed |= r.changed();
                    message(ui, notes, Field::IndicatorUnit(i));
                });
                ui.vertical(|ui| {
                    let r = edit(ui, &mut row.aliases, 300.0, "", false);
                    named(ui, &r, &format!("别名 {}", row.def.id));
                    changed |= r.changed();
                    message(ui, notes, Field::IndicatorAliases(i));
                });
                let unit_adds = dd_core::template::Unit::parse(&row.unit)
                    .map(|u| u.is_additive())
                    .unwrap_or(false);
                let mut adds = row.def.additive.unwrap_or(unit_adds);
                let r = ui.checkbox(&mut adds, "");
                named(ui, &r, &format!("可相加 {}", row.def.id));
                if r.changed() {
                    // Written only where it differs from what the unit implies.
                    row.def.additive = (adds != unit_adds).then_some(adds);
                    changed = true;
                }
                ui.label(
                    RichText::new(format!("{} · {}", row.def.group, row.def.id))
                        .weak()
                        .small(),
                );
                ui.end_row();
            }
        });
    (changed, ask)
}
