//! The 总体情况 slide (the county's figures as cards, the rates against their targets) and the
//! slide of measures below target with the townships that hold them back.

use eframe::egui::{self, Color32, RichText, Stroke, Ui, pos2, vec2};

use super::sizes::{self, Type};
use crate::ui::theme::color;
use crate::ui::views::overview;
use crate::ui::widgets;
use dd_analysis::{MonthAnalysis, Rate};
use dd_core::palette;
use dd_core::template::CardDef;

pub fn show(ui: &mut Ui, a: &MonthAnalysis, cards: &[CardDef], t: &Type) {
    let cards: Vec<(&CardDef, String)> = cards
        .iter()
        .map(|c| (c, overview::figure(a, &c.ids)))
        .filter(|(_, text)| !text.is_empty())
        .collect();
    let area = sizes::take_rest(ui);
    let per_row = 5;
    let gap = t.small * 0.6;
    let inner = t.small * 0.4;
    let card_w = (area.width() - gap * (per_row as f32 - 1.0)) / per_row as f32;
    // One size for every card's figure: the largest at which all fit.
    let figure = cards
        .iter()
        .map(|(_, text)| sizes::fit(ui, text, card_w - inner * 2.0, t.figure, t.body))
        .fold(t.figure, f32::min);
    let card_h = (t.small * 2.0 + figure) * sizes::LINE + inner * 2.0;
    let mut top = area.top();
    for row in cards.chunks(per_row) {
        let band = egui::Rect::from_min_size(pos2(area.left(), top), vec2(area.width(), card_h));
        for (rect, (c, text)) in sizes::columns(band, per_row, gap).into_iter().zip(row) {
            ui.painter().rect_filled(rect, 6.0, Color32::from_gray(243));
            sizes::inside(ui, rect.shrink(inner), |ui| {
                ui.spacing_mut().item_spacing.y = 0.0;
                ui.label(
                    RichText::new(&c.title)
                        .size(t.small)
                        .color(Color32::from_gray(60)),
                );
                ui.label(
                    RichText::new(text)
                        .size(figure)
                        .strong()
                        .color(color(palette::BLUE)),
                );
                let first = c
                    .ids
                    .first()
                    .and_then(|id| a.totals.iter().find(|x| &x.id == id));
                widgets::change(
                    ui,
                    first.and_then(|x| x.value),
                    first.and_then(|x| x.previous),
                    first.map_or("", |x| x.unit.symbol()),
                    c.lower_is_better,
                    t.small,
                );
            });
        }
        top += card_h + gap;
    }
    let rest = egui::Rect::from_min_max(pos2(area.left(), top + gap), area.max);
    rates(ui, a, rest, t);
}

fn rates(ui: &mut Ui, a: &MonthAnalysis, area: egui::Rect, t: &Type) {
    let n = a.rates.len().max(1) as f32;
    let row_h = (area.height() / n).min(t.body * 1.3);
    let value_size = (row_h * 0.8).clamp(t.small, t.body);
    let name_w = a
        .rates
        .iter()
        .map(|r| sizes::width(ui, &r.name, t.small))
        .fold(0.0, f32::max);
    let value_w = sizes::width(ui, "100.0%", value_size);
    let words_w = a
        .rates
        .iter()
        .map(|r| sizes::width(ui, &overview::target_words(r), t.small))
        .fold(0.0, f32::max);
    let gap = t.small;
    let bar_w = (area.width() - name_w - value_w - words_w - gap * 3.0).max(t.small * 4.0);
    let ink = Color32::from_gray(25);
    for (k, r) in a.rates.iter().enumerate() {
        let y = area.top() + row_h * (k as f32 + 0.5);
        let mut x = area.left();
        sizes::text(
            ui,
            pos2(x, y),
            egui::Align2::LEFT_CENTER,
            &r.name,
            t.small,
            ink,
        );
        x += name_w + gap;
        let value = if r.unit.is_percent() {
            widgets::pct(r.value)
        } else {
            r.value.map_or("—".into(), |v| {
                format!(
                    "{}{}",
                    dd_core::text::plain_number((v * 100.0).round() / 100.0),
                    r.unit
                )
            })
        };
        sizes::text(
            ui,
            pos2(x + value_w, y),
            egui::Align2::RIGHT_CENTER,
            &value,
            value_size,
            color(palette::BLUE),
        );
        x += value_w + gap;
        if r.unit.is_percent() {
            bar(ui, r, pos2(x, y), bar_w, t.small * 0.7);
        }
        x += bar_w + gap;
        let ok = r.against_target().is_none_or(|d| d >= -1e-9);
        let words = overview::target_words(r);
        sizes::text(
            ui,
            pos2(x, y),
            egui::Align2::LEFT_CENTER,
            &words,
            t.small,
            if ok {
                color(palette::GREEN)
            } else {
                color(palette::RED)
            },
        );
        let row = egui::Rect::from_min_size(
            pos2(area.left(), y - row_h / 2.0),
            vec2(area.width(), row_h),
        );
        sizes::said(ui, row, ("rate", k), format!("{} {value} {words}", r.name));
    }
}

/// A rate as a bar of 0–100 %, green when it meets its target, red when not, with the
/// target (the 序时进度 for a time-scheduled rate) marked.
fn bar(ui: &mut Ui, r: &Rate, left_center: egui::Pos2, w: f32, h: f32) {
    let rect = egui::Rect::from_min_size(pos2(left_center.x, left_center.y - h / 2.0), vec2(w, h));
    let p = ui.painter();
    p.rect_filled(rect, 3.0, Color32::from_gray(225));
    let frac = r.value.map_or(0.0, |v| (v / 100.0).clamp(0.0, 1.0)) as f32;
    let ok = r.against_target().is_none_or(|d| d >= -1e-9);
    let fill = if ok { palette::GREEN } else { palette::RED };
    let mut done = rect;
    done.set_width(w * frac);
    p.rect_filled(done, 3.0, color(fill));
    if let Some(target) = r.target {
        let tx = rect.left() + w * (target / 100.0).clamp(0.0, 1.0) as f32;
        p.line_segment(
            [
                pos2(tx, rect.top() - h * 0.35),
                pos2(tx, rect.bottom() + h * 0.35),
            ],
            Stroke::new(3.0, Color32::from_gray(30)),
        );
    }
}

/// 需要加快进度的指标和乡镇: each measure below target with its townships, worst first.
pub fn laggards(ui: &mut Ui, a: &MonthAnalysis, t: &Type) {
    if a.laggards.is_empty() {
        ui.label(RichText::new("各乡镇（街道）各项指标均已达到目标").size(t.body));
    }
    let width = ui.available_width();
    let name_w = a
        .laggards
        .iter()
        .map(|l| sizes::width(ui, &l.name, t.body))
        .fold(0.0, f32::max)
        + t.small;
    // What is left after the last townships, to keep the slide from overflowing.
    let rows = a.laggards.len().max(1) as f32;
    let per_row = (ui.available_height() - t.body * 2.5) / rows;
    let lines = ((per_row / (t.small * 1.25)).floor() as usize).clamp(1, 3);
    for l in &a.laggards {
        ui.horizontal_top(|ui| {
            ui.allocate_ui(vec2(name_w, t.body * 1.2), |ui| {
                ui.label(RichText::new(&l.name).size(t.body).strong());
            });
            let towns: Vec<String> = l
                .townships
                .iter()
                .map(|(town, v, _)| format!("{town}{}", widgets::pct(Some(*v))))
                .collect();
            let fits = fitting(ui, &towns, width - name_w, t.small, lines);
            let mut text = format!(
                "目标{}：{}",
                widgets::pct(Some(l.target)),
                towns[..fits].join("、")
            );
            if fits < towns.len() {
                text.push_str(&format!("等{}个", towns.len()));
            }
            ui.add(
                egui::Label::new(RichText::new(text).size(t.small).color(color(palette::RED)))
                    .wrap(),
            );
        });
        ui.add_space(t.small * 0.25);
    }
    let last: Vec<&str> = a
        .progress
        .iter()
        .filter(|p| p.last_twice)
        .map(|p| p.township.as_str())
        .collect();
    if !last.is_empty() {
        ui.add_space(t.small * 0.5);
        ui.label(
            RichText::new(format!("连续两个月排名末位：{}", last.join("、")))
                .size(t.body)
                .color(color(palette::RED)),
        );
    }
}

/// How many of `items` fit `lines` lines of `width` at `size` (with the "目标…：" lead and an
/// "等N个" tail).
fn fitting(ui: &Ui, items: &[String], width: f32, size: f32, lines: usize) -> usize {
    let room = width * lines as f32 * 0.92 - sizes::width(ui, "目标100%：等99个", size);
    let mut used = 0.0;
    for (k, item) in items.iter().enumerate() {
        used += sizes::width(ui, item, size) + sizes::width(ui, "、", size);
        if used > room {
            return k.max(1);
        }
    }
    items.len()
}
