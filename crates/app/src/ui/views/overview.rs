//! 总览: county totals as large figures with the change against last month, and the rates.

use eframe::egui::{self, RichText, Ui};

use crate::ui::theme::color;
use crate::ui::widgets;
use dd_analysis::MonthAnalysis;
use dd_core::palette;
use dd_core::template::CardDef;
use dd_core::text::plain_number;

fn card(ui: &mut Ui, a: &MonthAnalysis, c: &CardDef, text: &str, width: f32, big: f32) {
    egui::Frame::group(ui.style())
        .inner_margin(12.0)
        .show(ui, |ui| {
            ui.set_width(width - 26.0);
            ui.vertical(|ui| {
                ui.label(RichText::new(&c.title).size(big * 0.55).weak());
                ui.label(
                    RichText::new(text)
                        .size(big)
                        .strong()
                        .color(color(palette::BLUE)),
                );
                let first = c
                    .ids
                    .first()
                    .and_then(|id| a.totals.iter().find(|t| &t.id == id));
                widgets::change(
                    ui,
                    first.and_then(|t| t.value),
                    first.and_then(|t| t.previous),
                    first.map_or("", |t| t.unit.symbol()),
                    c.lower_is_better,
                    big * 0.45,
                );
            });
        });
}

/// "1804户 4044人"
pub fn figure(a: &MonthAnalysis, ids: &[String]) -> String {
    ids.iter()
        .filter_map(|id| {
            let t = a.totals.iter().find(|t| &t.id == id)?;
            Some(format!("{}{}", plain_number(t.value?), t.unit))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn show(ui: &mut Ui, a: &MonthAnalysis, cards: &[CardDef], big: f32, with_rates: bool) {
    let cards: Vec<(&CardDef, String)> = cards
        .iter()
        .map(|c| (c, figure(a, &c.ids)))
        .filter(|(_, text)| !text.is_empty())
        .collect();
    let gap = 12.0;
    let min_w = big * 9.0;
    let per_row = ((ui.available_width() + gap) / (min_w + gap))
        .floor()
        .clamp(1.0, 5.0) as usize;
    let card_w = (ui.available_width() - gap * (per_row as f32 - 1.0)) / per_row as f32;
    for row in cards.chunks(per_row) {
        ui.horizontal(|ui| {
            ui.spacing_mut().item_spacing.x = gap;
            for (c, text) in row {
                card(ui, a, c, text, card_w, big);
            }
        });
        ui.add_space(gap);
    }
    if !with_rates {
        return;
    }
    ui.add_space(12.0);
    ui.heading("主要比率");
    egui::Grid::new("rates")
        .num_columns(4)
        .striped(true)
        .spacing([24.0, 8.0])
        .show(ui, |ui| {
            for r in &a.rates {
                ui.label(RichText::new(&r.name).size(big * 0.6));
                let text = if r.unit.is_percent() {
                    widgets::pct(r.value)
                } else {
                    r.value
                        .map_or("—".into(), |v| format!("{:.2}{}", v, r.unit))
                };
                ui.label(RichText::new(text).size(big * 0.7).strong());
                if r.unit.is_percent() {
                    let frac = r.value.map_or(0.0, |v| (v / 100.0).clamp(0.0, 1.0)) as f32;
                    let ok = r.against_target().is_none_or(|d| d >= -1e-9);
                    let bar_color = if ok { palette::GREEN } else { palette::RED };
                    ui.add(
                        egui::ProgressBar::new(frac)
                            .desired_width(big * 8.0)
                            .fill(color(bar_color)),
                    );
                } else {
                    ui.label("");
                }
                ui.label(target_words(r));
                ui.end_row();
            }
        });
}

/// "低于序时进度6.4个百分点" / "目标100%"
pub fn target_words(r: &dd_analysis::Rate) -> String {
    let Some(d) = r.against_target() else {
        return String::new();
    };
    let d1 = (d * 10.0).round() / 10.0;
    if r.schedule {
        let goal = widgets::pct(r.target);
        if d1 >= 0.0 {
            format!("序时进度{goal}，超{}个百分点", plain_number(d1))
        } else {
            format!("序时进度{goal}，低于{}个百分点", plain_number(-d1))
        }
    } else if d1 >= 0.0 {
        format!("目标{}，已达到", widgets::pct(r.target))
    } else {
        format!(
            "目标{}，差{}个百分点",
            widgets::pct(r.target),
            plain_number(-d1)
        )
    }
}
