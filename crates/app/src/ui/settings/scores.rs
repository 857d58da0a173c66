//! 进度得分与亮灯: each measure's target and weight in the score, whether townships are
//! ranked, lit and named, and the light scheme (by score thresholds or by rank).

use eframe::egui::{self, RichText, Ui};

use super::draft::{Draft, Field, Notes, SCHEDULE_WORD, parse_number};
use super::widgets::{message, number};
use dd_core::template::LightScheme;

pub fn show(ui: &mut Ui, d: &mut Draft, notes: &Notes) -> bool {
    let mut changed = false;
    ui.label(
        RichText::new(format!(
            "进度得分：各项完成度（实际 ÷ 目标，最高100%）按权重加权，满分100分。权重为0的项不计分；\
             目标写百分数，或写“{SCHEDULE_WORD}”（月份 ÷ 12）。"
        ))
        .weak(),
    );
    let names = |id: &str| {
        d.indicators
            .iter()
            .find(|i| i.def.id == id)
            .map_or(id.to_string(), |i| i.name.clone())
    };
    let formulas: Vec<String> = d
        .measures
        .iter()
        .map(|m| {
            let mut f = names(&m.def.numerator);
            if let Some(den) = &m.def.denominator {
                f.push_str(" ÷ ");
                f.push_str(&names(den));
                if let Some(k) = m.def.denominator_factor {
                    f.push_str(&format!(" × {k}"));
                }
            }
            f
        })
        .collect();
    let total: f64 = d
        .measures
        .iter()
        .filter_map(|m| parse_number(&m.weight, "").ok())
        .sum();
    egui::Grid::new("measures")
        .striped(true)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            for h in ["进度指标", "计算", "目标（%）", "权重"] {
                ui.strong(h);
            }
            ui.end_row();
            for (i, m) in d.measures.iter_mut().enumerate() {
                ui.label(&m.def.name);
                ui.label(RichText::new(&formulas[i]).weak());
                if m.def.unit.is_percent() {
                    changed |= number(
                        ui,
                        &mut m.target,
                        &format!("目标 {}", m.def.name),
                        notes,
                        Field::MeasureTarget(i),
                    );
                } else {
                    ui.label(RichText::new(format!("（{}，不设目标）", m.def.unit)).weak());
                }
                changed |= number(
                    ui,
                    &mut m.weight,
                    &format!("权重 {}", m.def.name),
                    notes,
                    Field::MeasureWeight(i),
                );
                ui.end_row();
            }
        });
    ui.label(format!("权重合计 {}", dd_core::text::plain_number(total)));
    message(ui, notes, Field::Weights);

    changed |= ranking_and_lights(ui, d, notes);
    changed
}

/// Whether townships are ranked, lit and named, and how the lights are given.
fn ranking_and_lights(ui: &mut Ui, d: &mut Draft, notes: &Notes) -> bool {
    let mut changed = false;
    ui.add_space(crate::ui::tokens::space::BLOCK);
    ui.strong("排名与点名");
    ui.label(
        RichText::new(
            "不排名、不亮灯时，乡镇进展、演示和通报中都不出现名次、红黄绿灯和“排名前三/后三”。",
        )
        .weak(),
    );
    let r = &mut d.base.ranking;
    changed |= ui
        .checkbox(
            &mut r.rank,
            "按进度得分排名（名次、排名前三/后三、进步退步、连续两月末位）",
        )
        .changed();
    changed |= ui.checkbox(&mut r.lights, "亮红黄绿灯").changed();
    changed |= ui
        .checkbox(
            &mut r.named,
            "通报问题默认勾选各类问题中最差的单位（点名通报）",
        )
        .changed();
    let lit = r.lights;

    ui.add_space(crate::ui::tokens::space::BLOCK);
    ui.strong("亮灯");
    let l = &mut d.lights;
    changed |= ui
        .radio_value(&mut l.scheme, LightScheme::Threshold, "按得分亮灯")
        .changed();
    ui.add_enabled_ui(lit && l.scheme == LightScheme::Threshold, |ui| {
        ui.horizontal_top(|ui| {
            ui.label("得分达到");
            changed |= number(ui, &mut l.green_at, "绿灯分数线", notes, Field::GreenAt);
            ui.label("分亮绿灯，达到");
            changed |= number(ui, &mut l.yellow_at, "黄灯分数线", notes, Field::YellowAt);
            ui.label("分亮黄灯，其余亮红灯");
        });
    });
    changed |= ui
        .radio_value(&mut l.scheme, LightScheme::Rank, "按名次亮灯")
        .changed();
    ui.add_enabled_ui(lit && l.scheme == LightScheme::Rank, |ui| {
        ui.horizontal_top(|ui| {
            ui.label("前");
            changed |= number(ui, &mut l.green_top, "绿灯名次", notes, Field::GreenTop);
            ui.label("名亮绿灯，后");
            changed |= number(ui, &mut l.red_bottom, "红灯名次", notes, Field::RedBottom);
            ui.label("名亮红灯，其余亮黄灯");
        });
    });
    changed
}
