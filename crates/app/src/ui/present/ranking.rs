//! The ranking slide: one bar a township, best at the top, each labelled with its rank, score,
//! light and change of rank (rank and light only where the template ranks and lights); the
//! score axis starts where the differences show, and says so.

use eframe::egui::{self, Align2, Color32, Pos2, Rect, Stroke, Ui, pos2, vec2};

use super::sizes::{self, Type};
use crate::ui::theme::color;
use dd_analysis::{MonthAnalysis, Progress};
use dd_core::palette;

/// The score axis: from `lo` to `hi` with a tick every `step`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Axis {
    pub lo: f64,
    pub hi: f64,
    pub step: f64,
}

impl Axis {
    /// An axis for scores from `min` to `max` (of 100): it starts below the lowest score at a
    /// round value, so that 83 and 100 do not look alike, and at 0 when the scores spread
    /// over most of the scale anyway.
    pub fn of(min: f64, max: f64) -> Axis {
        let hi = if max <= 100.0 {
            100.0
        } else {
            (max / 10.0).ceil() * 10.0
        };
        let spread = (hi - min).max(1.0);
        let want = min - (spread * 0.15).max(2.0);
        let step = [1.0, 2.0, 5.0, 10.0, 20.0]
            .into_iter()
            .find(|s| (hi - (want / s).floor() * s) / s <= 8.0)
            .unwrap_or(25.0);
        let lo = ((want / step).floor() * step).max(0.0);
        // Cutting off less than a quarter of the scale only makes the reader wonder.
        let lo = if lo < hi * 0.25 { 0.0 } else { lo };
        let step = if lo == 0.0 && hi / step > 10.0 {
            hi / 5.0
        } else {
            step
        };
        Axis { lo, hi, step }
    }

    fn ticks(&self) -> Vec<f64> {
        let n = ((self.hi - self.lo) / self.step).round() as usize;
        (0..=n).map(|i| self.lo + i as f64 * self.step).collect()
    }
}

/// "↑2名" / "↓1名" / "持平" / "" (no last month).
pub fn rank_change(p: &Progress) -> String {
    match p.rank_change() {
        Some(0) => "持平".into(),
        Some(d) if d > 0 => format!("↑{d}名"),
        Some(d) => format!("↓{}名", -d),
        None => String::new(),
    }
}

pub fn show(ui: &mut Ui, a: &MonthAnalysis, t: &Type) {
    let ranked: Vec<&Progress> = a.progress.iter().filter(|p| p.score.is_some()).collect();
    let missing: Vec<&str> = a
        .progress
        .iter()
        .filter(|p| p.score.is_none())
        .map(|p| p.township.as_str())
        .collect();
    let area = ui.available_rect_before_wrap();
    ui.allocate_rect(area, egui::Sense::hover());
    if ranked.is_empty() {
        sizes::text(
            ui,
            area.center(),
            Align2::CENTER_CENTER,
            "本月没有可排名的乡镇（街道）",
            t.body,
            Color32::DARK_GRAY,
        );
        return;
    }
    let scores = ranked.iter().filter_map(|p| p.score);
    let min = scores.clone().fold(f64::INFINITY, f64::min);
    let max = scores.fold(f64::NEG_INFINITY, f64::max);
    let axis = Axis::of(min, max);

    let line = t.small * 1.5;
    let footer = if missing.is_empty() { 0.0 } else { line };
    let rows_room = area.height() - line - footer;
    // One column while each row holds text of the slide's smallest size, else two.
    let columns = if rows_room / ranked.len() as f32 * 0.85 >= t.small {
        1
    } else {
        2
    };
    let per_column = ranked.len().div_ceil(columns);
    let row_h = rows_room / per_column as f32;
    let size = (row_h * 0.85).min(t.body).max(t.small);
    let gap = t.small;
    let col_w = (area.width() - gap * (columns as f32 - 1.0)) / columns as f32;
    for (c, chunk) in ranked.chunks(per_column).enumerate() {
        let left = area.left() + c as f32 * (col_w + gap);
        let rect = Rect::from_min_size(pos2(left, area.top()), vec2(col_w, rows_room + line));
        let shown = Shown {
            rank: a.ranked,
            light: a.lit,
        };
        column(
            ui,
            chunk,
            &axis,
            rect,
            (row_h, size),
            shown,
            t,
            c + 1 == columns,
        );
    }
    if !missing.is_empty() {
        sizes::text(
            ui,
            pos2(area.left(), area.bottom() - footer / 2.0),
            Align2::LEFT_CENTER,
            &format!("未报送、不参加排名：{}", missing.join("、")),
            t.small,
            color(palette::RED),
        );
    }
}

/// What the template shows beside the bars: the rank and its change, the light.
#[derive(Clone, Copy)]
struct Shown {
    rank: bool,
    light: bool,
}

/// Where the parts of a row sit, left to right.
struct Columns {
    shown: Shown,
    rank: f32,
    name: f32,
    bar0: f32,
    bar1: f32,
    light: f32,
    change: f32,
}

#[allow(clippy::too_many_arguments)]
fn column(
    ui: &mut Ui,
    rows: &[&Progress],
    axis: &Axis,
    rect: Rect,
    (row_h, size): (f32, f32),
    shown: Shown,
    t: &Type,
    last: bool,
) {
    let w = |s: &str| sizes::width(ui, s, size);
    let pad = size * 0.5;
    let (rank_w, change_w) = if shown.rank {
        (w("22") + pad, w("↓10名"))
    } else {
        (0.0, 0.0)
    };
    let name_w = rows.iter().map(|p| w(&p.township)).fold(0.0, f32::max) + pad;
    let value_w = w("100.0") + pad;
    let light_w = if shown.light {
        size + w("绿灯") + pad
    } else {
        0.0
    };
    let x = Columns {
        shown,
        rank: rect.left() + rank_w - pad * 0.6,
        name: rect.left() + rank_w,
        bar0: rect.left() + rank_w + name_w,
        // Room on the right for the axis note under the last tick as well.
        bar1: rect.right()
            - (change_w + light_w + value_w)
                .max(sizes::width(ui, "得分，从100分起", t.small) + w("100")),
        light: rect.right() - change_w - light_w,
        change: rect.right(),
    };
    let at = |v: f64| {
        let f = ((v - axis.lo) / (axis.hi - axis.lo)).clamp(0.0, 1.0) as f32;
        x.bar0 + f * (x.bar1 - x.bar0)
    };
    let top = rect.top();
    let bottom = top + row_h * rows.len() as f32;
    let painter = ui.painter().clone();
    // The grid, then the baseline: a heavier line, with a break mark when it is not 0.
    for v in axis.ticks() {
        let gx = at(v);
        painter.line_segment(
            [pos2(gx, top), pos2(gx, bottom)],
            Stroke::new(1.0, Color32::from_gray(215)),
        );
        sizes::text(
            ui,
            pos2(gx, bottom + t.small * 0.15),
            Align2::CENTER_TOP,
            &format!("{v:.0}"),
            t.small,
            Color32::from_gray(70),
        );
    }
    painter.line_segment(
        [pos2(x.bar0, top), pos2(x.bar0, bottom)],
        Stroke::new(2.5, Color32::from_gray(60)),
    );
    if axis.lo > 0.0 {
        let (y, d) = (bottom - row_h * 0.15, size * 0.22);
        for k in [-1.0, 1.0] {
            painter.line_segment(
                [
                    pos2(x.bar0 - d, y + k * d * 0.5 + d),
                    pos2(x.bar0 + d, y + k * d * 0.5 - d),
                ],
                Stroke::new(2.0, Color32::from_gray(60)),
            );
        }
        if last {
            let note = format!("得分，从{:.0}分起", axis.lo);
            let r = sizes::text(
                ui,
                pos2(x.change, bottom + t.small * 0.15),
                Align2::RIGHT_TOP,
                &note,
                t.small,
                Color32::from_gray(70),
            );
            sizes::said(ui, r, "axis_note", note);
        }
    }
    for (i, p) in rows.iter().enumerate() {
        let y = top + row_h * (i as f32 + 0.5);
        row(ui, p, &x, y, row_h, size, &at);
    }
}

fn row(
    ui: &mut Ui,
    p: &Progress,
    x: &Columns,
    y: f32,
    row_h: f32,
    size: f32,
    at: &dyn Fn(f64) -> f32,
) {
    let score = p.score.unwrap_or(0.0);
    let light = palette::score_bar(p.light, x.shown.light);
    let ink = Color32::from_gray(25);
    let rank = p.rank.map_or("—".into(), |r| r.to_string());
    if x.shown.rank {
        sizes::text(ui, pos2(x.rank, y), Align2::RIGHT_CENTER, &rank, size, ink);
    }
    sizes::text(
        ui,
        pos2(x.name, y),
        Align2::LEFT_CENTER,
        &p.township,
        size,
        ink,
    );
    let bar_h = (row_h * 0.72).min(size * 1.15);
    let end = at(score);
    let bar = Rect::from_min_max(pos2(x.bar0, y - bar_h / 2.0), pos2(end, y + bar_h / 2.0));
    ui.painter().rect_filled(bar, 2.0, color(light));
    let value = format!("{score:.1}");
    sizes::text(
        ui,
        pos2(end + size * 0.25, y),
        Align2::LEFT_CENTER,
        &value,
        size,
        ink,
    );
    let word = p.light.map_or("—", |l| l.label());
    if x.shown.light {
        ui.painter().circle_filled(
            Pos2::new(x.light + size * 0.45, y),
            size * 0.38,
            color(light),
        );
        sizes::text(
            ui,
            pos2(x.light + size * 1.0, y),
            Align2::LEFT_CENTER,
            word,
            size,
            color(light),
        );
    }
    let change = if x.shown.rank {
        rank_change(p)
    } else {
        String::new()
    };
    let change_color = match p.rank_change() {
        Some(d) if d > 0 => color(palette::GREEN),
        Some(d) if d < 0 => color(palette::RED),
        _ => Color32::from_gray(90),
    };
    sizes::text(
        ui,
        pos2(x.change, y),
        Align2::RIGHT_CENTER,
        &change,
        size,
        change_color,
    );
    let whole = Rect::from_min_max(
        pos2(x.rank - size * 2.0, y - row_h / 2.0),
        pos2(x.change, y + row_h / 2.0),
    );
    let place = if x.shown.rank {
        format!("第{rank}名 ")
    } else {
        String::new()
    };
    let word = if x.shown.light { word } else { "" };
    let said = format!("{place}{} {value}分 {word} {change}", p.township);
    sizes::said(
        ui,
        whole,
        ("rank", &p.township),
        said.trim_end().to_string(),
    );
}

#[cfg(test)]
mod tests {
    use super::Axis;

    #[test]
    fn scores_close_together_get_an_axis_that_shows_their_differences() {
        // The sample month: 83.4 … 99.8.
        let a = Axis::of(83.4, 99.8);
        assert_eq!((a.lo, a.hi, a.step), (80.0, 100.0, 5.0));
        assert_eq!(a.ticks(), [80.0, 85.0, 90.0, 95.0, 100.0]);
        // Very close scores: a finer step, still a round start below the lowest.
        let a = Axis::of(95.2, 99.0);
        assert!(a.lo <= 93.2 && a.lo >= 90.0, "{a:?}");
        assert!(a.ticks().len() <= 9, "{a:?}");
    }

    #[test]
    fn scores_spread_over_the_scale_start_at_zero() {
        let a = Axis::of(12.0, 98.0);
        assert_eq!(a.lo, 0.0);
        assert_eq!(a.hi, 100.0);
        assert!(a.ticks().len() <= 11, "{a:?}");
    }
}
