//! 五大责任: township × responsibility in status colours, counts per responsibility, and
//! the numbers behind each status on hover.

use eframe::egui::{self, RichText, Ui};

use crate::ui::theme::color;
use crate::ui::tokens::{space, text};
use crate::ui::widgets;
use dd_analysis::{DutyMatrix, KeyVillages};
use dd_core::palette;

/// `villages`: the roster in effect; the tooltip of the duty it decides lists the
/// township's key villages.
pub fn show(ui: &mut Ui, m: &DutyMatrix, villages: Option<&KeyVillages>, scale: f32) {
    ui.horizontal(|ui| {
        ui.label(RichText::new("颜色：").weak());
        for (s, name) in [
            (Some(dd_core::model::Status::Done), "已落实"),
            (Some(dd_core::model::Status::Partial), "部分落实"),
            (Some(dd_core::model::Status::NotDone), "未落实"),
            (Some(dd_core::model::Status::NotApplicable), "不适用"),
        ] {
            ui.label(RichText::new(format!("■ {name}")).color(color(palette::status(s))));
        }
        ui.label(RichText::new("　* 表示按规则由数据计算（表中未直接填写）").weak());
    });
    egui::ScrollArea::both().id_salt("duties").show(ui, |ui| {
        egui::Grid::new("duty_grid")
            .striped(true)
            .spacing([10.0 * scale, 5.0 * scale])
            .show(ui, |ui| {
                ui.label(
                    RichText::new("乡镇（街道）")
                        .strong()
                        .size(text::BODY * scale),
                );
                for (_, name) in &m.duties {
                    ui.label(RichText::new(name).strong().size(text::BODY * scale));
                }
                ui.end_row();
                for (row, town) in m.townships.iter().enumerate() {
                    ui.label(RichText::new(town).size(text::BODY * scale));
                    for (d, cell) in m.cells.get(row).into_iter().flatten().enumerate() {
                        let tip = match villages {
                            Some(k)
                                if k.duty.as_deref() == m.duties.get(d).map(|x| x.0.as_str()) =>
                            {
                                village_tip(k, town, &cell.detail)
                            }
                            _ => cell.detail.clone(),
                        };
                        widgets::status_chip(ui, cell.status, cell.written, text::CHIP * scale)
                            .on_hover_text(tip);
                    }
                    ui.end_row();
                }
                ui.label(RichText::new("合计").strong().size(text::BODY * scale));
                for c in &m.counts {
                    ui.label(
                        RichText::new(format!("落实{} 部分{} 未落实{}", c[0], c[1], c[2]))
                            .size(text::CAPTION * scale),
                    );
                }
                ui.end_row();
            });
        ui.add_space(space::ITEM[0]);
        let missing = m.not_done();
        if missing.is_empty() {
            ui.label("各乡镇（街道）“五大责任”均无未落实项。");
        }
        for (duty, towns) in missing {
            ui.label(
                RichText::new(format!("{duty}未落实：{}", towns.join("、")))
                    .color(color(palette::RED))
                    .size(text::BODY * scale),
            );
        }
    });
}

/// The status's detail, then the township's key villages one a line.
fn village_tip(k: &KeyVillages, town: &str, detail: &str) -> String {
    let lines: Vec<String> = k.of_township(town).map(|r| r.summary()).collect();
    if lines.is_empty() {
        return format!("{detail}\n{}中没有{town}的重点村", k.source());
    }
    format!("{detail}\n{}：\n{}", k.source(), lines.join("\n"))
}
