//! The 五大责任 slide: a grid of equal cells across the whole width, one row a responsibility
//! and one column a township (its name written top to bottom, as 竖排), each cell in its
//! status colour with √ △ × —, the counts of each responsibility at the row's end, and the
//! townships with 未落实 named below.

use eframe::egui::{self, Align2, Color32, Rect, RichText, Stroke, StrokeKind, Ui, pos2, vec2};

use super::sizes::{self, Type};
use crate::ui::theme::color;
use dd_analysis::DutyMatrix;
use dd_core::model::Status;
use dd_core::palette;

/// The mark of a status in a cell, as printed forms write it.
pub fn mark(s: Option<Status>) -> &'static str {
    match s {
        Some(Status::Done) => "√",
        Some(Status::Partial) => "△",
        Some(Status::NotDone) => "×",
        Some(Status::NotApplicable) => "—",
        None => "？",
    }
}

const COUNTED: [(Status, &str); 3] = [
    (Status::Done, "已落实"),
    (Status::Partial, "部分落实"),
    (Status::NotDone, "未落实"),
];

pub fn show(ui: &mut Ui, m: &DutyMatrix, t: &Type) {
    legend(ui, t);
    ui.add_space(t.small * 0.3);
    let area = ui.available_rect_before_wrap();
    ui.allocate_rect(area, egui::Sense::hover());
    // The 未落实 lines below the grid, laid out first to know their height.
    let lines: Vec<(String, std::sync::Arc<egui::Galley>)> = m
        .not_done()
        .into_iter()
        .map(|(duty, towns)| {
            let text = format!("{duty}未落实：{}", towns.join("、"));
            let galley = ui.painter().layout(
                text.clone(),
                egui::FontId::proportional(t.small),
                color(palette::RED),
                area.width(),
            );
            (text, galley)
        })
        .collect();
    let gap = t.small * 0.15;
    let below: f32 = lines.iter().map(|(_, g)| g.size().y + gap).sum();
    let grid = Rect::from_min_max(area.min, pos2(area.right(), area.bottom() - below));
    let mut y = draw(ui, m, grid, t) + t.small * 0.5;
    for (k, (text, galley)) in lines.into_iter().enumerate() {
        let h = galley.size().y;
        ui.painter()
            .galley(pos2(area.left(), y), galley, color(palette::RED));
        sizes::said(
            ui,
            Rect::from_min_size(pos2(area.left(), y), vec2(area.width(), h)),
            ("not_done", k),
            text,
        );
        y += h + gap;
    }
}

fn legend(ui: &mut Ui, t: &Type) {
    ui.horizontal(|ui| {
        for s in [
            Status::Done,
            Status::Partial,
            Status::NotDone,
            Status::NotApplicable,
        ] {
            ui.label(
                RichText::new(format!(" {} ", mark(Some(s))))
                    .size(t.small)
                    .strong()
                    .color(Color32::WHITE)
                    .background_color(color(palette::status(Some(s)))),
            );
            ui.label(RichText::new(s.label()).size(t.small));
            ui.add_space(t.small * 0.6);
        }
    });
}

/// Draws the grid in `area`; returns where it ends.
fn draw(ui: &mut Ui, m: &DutyMatrix, area: Rect, t: &Type) -> f32 {
    let size = t.small;
    let pad = size * 0.4;
    let towns = m.townships.len().max(1);
    // Row heads: the responsibility's name on at most two lines.
    let head_w = m
        .duties
        .iter()
        .map(|(_, n)| sizes::width(ui, n, size).min(size * 6.2))
        .fold(size * 4.0, f32::max)
        + pad;
    let count_w = COUNTED
        .iter()
        .map(|(_, w)| sizes::width(ui, w, size) + pad)
        .sum::<f32>();
    let cell_w = (area.width() - head_w - count_w) / towns as f32;
    let name_len = m
        .townships
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(3) as f32;
    // Names top to bottom; a narrow column takes a smaller type, never under the smallest.
    let name_size = (cell_w * 0.8).clamp(size * 0.8, size).max(t.small);
    let top_h = name_len * name_size * 1.08 + pad;
    let rows = m.duties.len().max(1) as f32;
    let row_h = ((area.height() - top_h) / rows).min(size * 4.0);
    let ink = Color32::from_gray(25);
    let painter = ui.painter().clone();
    let x0 = area.left() + head_w;
    for (c, town) in m.townships.iter().enumerate() {
        let x = x0 + cell_w * (c as f32 + 0.5);
        for (k, ch) in town.chars().enumerate() {
            sizes::text(
                ui,
                pos2(x, area.top() + k as f32 * name_size * 1.08),
                Align2::CENTER_TOP,
                &ch.to_string(),
                name_size,
                ink,
            );
        }
    }
    let counts_x = x0 + cell_w * towns as f32;
    let mut cx = counts_x;
    for (s, word) in COUNTED {
        let w = sizes::width(ui, word, size) + pad;
        sizes::text(
            ui,
            pos2(cx + w / 2.0, area.top() + top_h - pad),
            Align2::CENTER_BOTTOM,
            word,
            size,
            color(palette::status(Some(s))),
        );
        cx += w;
    }
    for (d, (_, name)) in m.duties.iter().enumerate() {
        let y = area.top() + top_h + row_h * d as f32;
        let galley = painter.layout(
            name.clone(),
            egui::FontId::proportional(size),
            ink,
            head_w - pad,
        );
        let gy = y + (row_h - galley.size().y) / 2.0;
        painter.galley(pos2(area.left(), gy), galley, ink);
        for (c, cells) in m.cells.iter().enumerate() {
            let Some(cell) = cells.get(d) else { continue };
            let r = Rect::from_min_size(pos2(x0 + cell_w * c as f32, y), vec2(cell_w, row_h))
                .shrink(1.5);
            painter.rect_filled(r, 3.0, color(palette::status(cell.status)));
            let glyph = (r.width().min(r.height()) * 0.6).max(size);
            sizes::text(
                ui,
                r.center(),
                Align2::CENTER_CENTER,
                mark(cell.status),
                glyph,
                Color32::WHITE,
            );
            if t.pointer {
                let resp = ui.interact(r, ui.scope_id().with(("duty", d, c)), egui::Sense::hover());
                resp.on_hover_text(&cell.detail);
            }
        }
        let mut cx = counts_x;
        let counts = m.counts.get(d).copied().unwrap_or_default();
        for (k, (s, word)) in COUNTED.iter().enumerate() {
            let w = sizes::width(ui, word, size) + pad;
            sizes::text(
                ui,
                pos2(cx + w / 2.0, y + row_h / 2.0),
                Align2::CENTER_CENTER,
                &counts[k].to_string(),
                t.body,
                color(palette::status(Some(*s))),
            );
            cx += w;
        }
        sizes::said(
            ui,
            Rect::from_min_size(pos2(area.left(), y), vec2(area.width(), row_h)),
            ("duty_row", d),
            format!(
                "{name}：已落实{}个，部分落实{}个，未落实{}个",
                counts[0], counts[1], counts[2]
            ),
        );
    }
    let bottom = area.top() + top_h + row_h * rows;
    painter.rect_stroke(
        Rect::from_min_max(pos2(x0, area.top() + top_h), pos2(counts_x, bottom)),
        0.0,
        Stroke::new(1.0, Color32::from_gray(200)),
        StrokeKind::Outside,
    );
    bottom
}
