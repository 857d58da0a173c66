//! Chart images (PNG at 2×) for the brief and the meeting: the ranking with lights, the
//! 序时进度 measure by township, the 五大责任 matrix and the county trends. Drawn with
//! tiny-skia; text is filled from glyph outlines of the face [`crate::fonts`] chose (the
//! simplified-Chinese face of a collection, not face 0, which is Japanese in Noto CJK).

use std::sync::Arc;

use tiny_skia::{
    Color, FillRule, LineCap, Paint, PathBuilder, Pixmap, Rect, Stroke, StrokeDash, Transform,
};

use super::brief::words::{percent, signed_points};
use super::brief::{Chart, measure_values, schedule_measures};
use super::{BriefInput, ExportError};
use crate::fonts::Face;
use dd_core::model::Light;
use dd_core::palette::{self, Rgb};

/// Pixels per logical unit.
const SCALE: f32 = 2.0;
/// Rows a chart of townships draws at most: a province's 2,000 units would make an image of
/// gigabytes nobody can read. Beyond it the first and last halves are drawn with one row
/// saying how many are left out (the brief's tables list them all).
const MAX_ROWS: usize = 40;

/// One row of a bounded chart: an item, or the count left out between the two halves.
enum Row<T> {
    Item(T),
    Gap(usize),
}

fn bounded<T>(rows: Vec<T>) -> Vec<Row<T>> {
    let n = rows.len();
    if n <= MAX_ROWS {
        return rows.into_iter().map(Row::Item).collect();
    }
    let half = MAX_ROWS / 2;
    let mut out = Vec::with_capacity(MAX_ROWS + 1);
    for (i, r) in rows.into_iter().enumerate() {
        if i < half || i >= n - half {
            out.push(Row::Item(r));
        } else if i == half {
            out.push(Row::Gap(n - MAX_ROWS));
        }
    }
    out
}
const INK: Rgb = [0x21, 0x21, 0x21];
const MUTED: Rgb = [0x61, 0x61, 0x61];
const GRID: Rgb = [0xE0, 0xE0, 0xE0];

#[derive(Clone, Copy, PartialEq)]
enum Anchor {
    Start,
    Middle,
    End,
}

struct Canvas<'f> {
    pixmap: Pixmap,
    face: ttf_parser::Face<'f>,
    width: f32,
    height: f32,
}

impl<'f> Canvas<'f> {
    fn new(face: &'f Face, width: f32, height: f32) -> Result<Canvas<'f>, ExportError> {
        let err = |detail: String| ExportError::Render {
            what: "图表",
            detail,
        };
        let face = ttf_parser::Face::parse(&face.data, face.index)
            .map_err(|e| err(format!("字体无法读取：{e}")))?;
        let mut pixmap = Pixmap::new((width * SCALE) as u32, (height * SCALE) as u32)
            .ok_or_else(|| err("图像尺寸无效".into()))?;
        pixmap.fill(Color::WHITE);
        Ok(Canvas {
            pixmap,
            face,
            width,
            height,
        })
    }

    fn paint(c: Rgb) -> Paint<'static> {
        let mut p = Paint::default();
        p.set_color_rgba8(c[0], c[1], c[2], 255);
        p.anti_alias = true;
        p
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, c: Rgb) {
        if let Some(r) = Rect::from_xywh(x * SCALE, y * SCALE, w * SCALE, h * SCALE) {
            self.pixmap
                .fill_rect(r, &Self::paint(c), Transform::identity(), None);
        }
    }

    fn line(&mut self, pts: &[(f32, f32)], width: f32, c: Rgb, dash: bool) {
        let mut pb = PathBuilder::new();
        for (i, (x, y)) in pts.iter().enumerate() {
            if i == 0 {
                pb.move_to(x * SCALE, y * SCALE);
            } else {
                pb.line_to(x * SCALE, y * SCALE);
            }
        }
        let Some(path) = pb.finish() else { return };
        let stroke = Stroke {
            width: width * SCALE,
            line_cap: LineCap::Round,
            dash: if dash {
                StrokeDash::new(vec![6.0 * SCALE, 4.0 * SCALE], 0.0)
            } else {
                None
            },
            ..Stroke::default()
        };
        self.pixmap
            .stroke_path(&path, &Self::paint(c), &stroke, Transform::identity(), None);
    }

    fn fill(&mut self, path: &tiny_skia::Path, c: Rgb) {
        self.pixmap.fill_path(
            path,
            &Self::paint(c),
            FillRule::Winding,
            Transform::identity(),
            None,
        );
    }

    fn dot(&mut self, x: f32, y: f32, r: f32, c: Rgb) {
        if let Some(path) = PathBuilder::from_circle(x * SCALE, y * SCALE, r * SCALE) {
            self.fill(&path, c);
        }
    }

    /// Width of `text` at `size`.
    fn measure(&self, text: &str, size: f32) -> f32 {
        let upem = f32::from(self.face.units_per_em());
        text.chars()
            .map(|ch| {
                self.face
                    .glyph_index(ch)
                    .and_then(|g| self.face.glyph_hor_advance(g))
                    .map_or(upem / 2.0, f32::from)
            })
            .sum::<f32>()
            * size
            / upem
    }

    /// Text with its baseline at `y`.
    fn text(&mut self, x: f32, y: f32, text: &str, size: f32, c: Rgb, anchor: Anchor) {
        let w = self.measure(text, size);
        let x0 = match anchor {
            Anchor::Start => x,
            Anchor::Middle => x - w / 2.0,
            Anchor::End => x - w,
        };
        let upem = f32::from(self.face.units_per_em());
        let k = size / upem * SCALE;
        let mut pb = Outline {
            pb: PathBuilder::new(),
            k,
            x: x0 * SCALE,
            y: y * SCALE,
        };
        for ch in text.chars() {
            let Some(g) = self.face.glyph_index(ch) else {
                pb.x += upem / 2.0 * k;
                continue;
            };
            let _ = self.face.outline_glyph(g, &mut pb);
            pb.x += f32::from(self.face.glyph_hor_advance(g).unwrap_or(0)) * k;
        }
        if let Some(path) = pb.pb.finish() {
            self.fill(&path, c);
        }
    }

    /// Vertical grid lines at `ticks` on a 0…`max` scale drawn from x = `left` over `span`,
    /// between `top` and `bottom`, each labelled under the plot.
    fn value_grid(
        &mut self,
        ticks: &[f64],
        (left, span, max): (f32, f32, f32),
        (top, bottom): (f32, f32),
    ) {
        for &tick in ticks {
            let x = left + span * tick as f32 / max;
            self.line(&[(x, top - 6.0), (x, bottom)], 1.0, GRID, false);
            self.text(
                x,
                bottom + 20.0,
                &percent(tick),
                12.0,
                MUTED,
                Anchor::Middle,
            );
        }
    }

    /// A township's bar in a row from `y`: its name right-aligned before `left`, the bar
    /// `w` long; returns the baseline of the row's text.
    /// The row standing for the townships a bounded chart leaves out.
    fn gap(&mut self, (y, row_h): (f32, f32), left_out: usize) {
        let text = format!("…… 中间{left_out}个乡镇（街道）从略，见附件 ……");
        let x = self.width / 2.0;
        self.text(x, y + row_h * 0.68, &text, 13.0, MUTED, Anchor::Middle);
    }

    fn bar(&mut self, (y, row_h): (f32, f32), name: &str, left: f32, w: f32, colour: Rgb) -> f32 {
        let base = y + row_h * 0.68;
        self.text(left - 12.0, base, name, 14.0, INK, Anchor::End);
        self.rect(left, y + 4.0, w, row_h - 8.0, colour);
        base
    }

    /// Title and subtitle at the top.
    fn heading(&mut self, title: &str, subtitle: &str) {
        self.text(24.0, 38.0, title, 22.0, INK, Anchor::Start);
        if !subtitle.is_empty() {
            self.text(24.0, 62.0, subtitle, 13.0, MUTED, Anchor::Start);
        }
    }

    fn finish(self, name: &str, title: &str) -> Result<Chart, ExportError> {
        let png = self.pixmap.encode_png().map_err(|e| ExportError::Render {
            what: "图表",
            detail: e.to_string(),
        })?;
        Ok(Chart {
            name: name.into(),
            title: title.into(),
            width: (self.width * SCALE) as u32,
            height: (self.height * SCALE) as u32,
            png: Arc::new(png),
        })
    }
}

/// Glyph outlines into a tiny-skia path: font units scaled by `k`, y flipped, at (x, y).
struct Outline {
    pb: PathBuilder,
    k: f32,
    x: f32,
    y: f32,
}

impl ttf_parser::OutlineBuilder for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        self.pb.move_to(self.x + x * self.k, self.y - y * self.k);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.pb.line_to(self.x + x * self.k, self.y - y * self.k);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.pb.quad_to(
            self.x + x1 * self.k,
            self.y - y1 * self.k,
            self.x + x * self.k,
            self.y - y * self.k,
        );
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.pb.cubic_to(
            self.x + x1 * self.k,
            self.y - y1 * self.k,
            self.x + x2 * self.k,
            self.y - y2 * self.k,
            self.x + x * self.k,
            self.y - y * self.k,
        );
    }
    fn close(&mut self) {
        self.pb.close();
    }
}

/// Every chart of the brief, in order.
pub fn charts(input: &BriefInput) -> Result<Vec<Chart>, ExportError> {
    let faces = crate::fonts::faces().ok_or(ExportError::NoFont)?;
    let face = &faces.sans;
    let mut out = vec![ranking(input, face)?];
    if let Some(c) = schedule(input, face)? {
        out.push(c);
    }
    if !input.analysis.duties.duties.is_empty() {
        out.push(duties(input, face)?);
    }
    if let Some(c) = trend(input, face)? {
        out.push(c);
    }
    Ok(out)
}

/// Horizontal bars of the township scores, best first, coloured by light.
pub fn ranking(input: &BriefInput, face: &Face) -> Result<Chart, ExportError> {
    let a = &input.analysis;
    let rows = bounded(a.progress.iter().filter(|p| p.score.is_some()).collect());
    let row_h = 26.0;
    let top = 84.0;
    let height = top + row_h * rows.len().max(1) as f32 + 48.0;
    let width = 960.0;
    // Not ranked: the same bars in the template's order, no rank, no 排名 in the title; not
    // lit: one colour and no threshold lines.
    let title = if a.ranked {
        format!("{}各乡镇（街道）进度得分排名", a.month.chinese())
    } else {
        format!("{}各乡镇（街道）进度得分", a.month.chinese())
    };
    let mut c = Canvas::new(face, width, height)?;
    let lights = &input.template.lights;
    let rule = match lights.scheme {
        _ if !a.lit => String::new(),
        dd_core::template::LightScheme::Threshold => format!(
            "；绿灯{}分及以上，黄灯{}分及以上，其余红灯（虚线）",
            percent(lights.green_at),
            percent(lights.yellow_at)
        ),
        dd_core::template::LightScheme::Rank => format!(
            "；前{}名绿灯，后{}名红灯，其余黄灯",
            lights.green_top, lights.red_bottom
        ),
    };
    c.heading(
        &title,
        &format!(
            "{}　满分100分，括号内为较上月变化{rule}",
            input.template.county
        ),
    );
    let (left, right) = (190.0, width - 110.0);
    let span = right - left;
    let bottom = top + row_h * rows.len() as f32;
    c.value_grid(
        &[0.0, 20.0, 40.0, 60.0, 80.0, 100.0],
        (left, span, 100.0),
        (top, bottom),
    );
    // Threshold lines behind the bars and labels.
    if a.lit && lights.scheme == dd_core::template::LightScheme::Threshold {
        for (at, l) in [
            (lights.green_at, Light::Green),
            (lights.yellow_at, Light::Yellow),
        ] {
            let x = left + span * (at.clamp(0.0, 100.0) as f32) / 100.0;
            c.line(&[(x, top - 6.0), (x, bottom)], 1.5, palette::light(l), true);
        }
    }
    for (i, row) in rows.iter().enumerate() {
        let y = top + row_h * i as f32;
        let p = match row {
            Row::Item(p) => p,
            Row::Gap(n) => {
                c.gap((y, row_h), *n);
                continue;
            }
        };
        let score = p.score.unwrap_or(0.0).clamp(0.0, 100.0) as f32;
        let colour = palette::score_bar(p.light, a.lit);
        let base = c.bar((y, row_h), &p.township, left, span * score / 100.0, colour);
        let rank = p.rank.map(|r| r.to_string()).unwrap_or_default();
        c.text(40.0, base, &rank, 14.0, MUTED, Anchor::End);
        let mut label = percent(f64::from(score));
        if let Some(d) = p.score_change() {
            label.push_str(&format!("（{}）", signed_points(d)));
        }
        let lx = left + span * score / 100.0 + 6.0;
        let lw = c.measure(&label, 12.0);
        c.rect(
            lx - 2.0,
            y + 5.0,
            lw + 4.0,
            row_h - 10.0,
            [0xFF, 0xFF, 0xFF],
        );
        c.text(lx, base, &label, 12.0, INK, Anchor::Start);
    }
    c.finish(
        if a.ranked {
            "进度排名"
        } else {
            "进度得分"
        },
        &title,
    )
}

/// The 序时进度 measure (衔接资金拨付率) by township against the 序时进度 line.
pub fn schedule(input: &BriefInput, face: &Face) -> Result<Option<Chart>, ExportError> {
    let a = &input.analysis;
    let Some((k, m, rate)) = schedule_measures(a).next() else {
        return Ok(None);
    };
    let target = m.target.unwrap_or(a.schedule);
    let mut rows = measure_values(a, k);
    if rows.is_empty() {
        return Ok(None);
    }
    rows.sort_by(|x, y| y.1.total_cmp(&x.1));
    let max = rows.iter().map(|r| r.1).fold(100.0_f64, f64::max) as f32;
    let rows = bounded(rows);
    let row_h = 26.0;
    let top = 84.0;
    let height = top + row_h * rows.len() as f32 + 48.0;
    let width = 960.0;
    let title = format!("{}各乡镇（街道）{}", a.month.chinese(), m.name);
    let mut c = Canvas::new(face, width, height)?;
    let county = rate
        .value
        .map(|v| format!("{}{}%，", input.template.county_short, percent(v)))
        .unwrap_or_default();
    c.heading(
        &title,
        &format!(
            "{county}序时进度{}%（虚线）；低于序时进度为红色",
            percent(target)
        ),
    );
    let (left, right) = (150.0, width - 70.0);
    let span = right - left;
    let bottom = top + row_h * rows.len() as f32;
    c.value_grid(
        &[0.0, 25.0, 50.0, 75.0, 100.0],
        (left, span, max),
        (top, bottom),
    );
    for (i, row) in rows.iter().enumerate() {
        let y = top + row_h * i as f32;
        let (town, v) = match row {
            Row::Item((town, v)) => (town, v),
            Row::Gap(n) => {
                c.gap((y, row_h), *n);
                continue;
            }
        };
        let colour = if *v + 1e-9 < target {
            palette::RED
        } else {
            palette::BLUE
        };
        let w = span * (v.max(0.0) as f32) / max;
        let base = c.bar((y, row_h), town, left, w, colour);
        c.text(left + w + 6.0, base, &percent(*v), 12.0, INK, Anchor::Start);
    }
    let x = left + span * target as f32 / max;
    c.line(&[(x, top - 10.0), (x, bottom)], 2.0, INK, true);
    c.text(x, top - 14.0, "序时进度", 12.0, INK, Anchor::Middle);
    Ok(Some(c.finish("序时进度", &title)?))
}

/// The 五大责任 matrix: townships × responsibilities, coloured by status.
pub fn duties(input: &BriefInput, face: &Face) -> Result<Chart, ExportError> {
    let a = &input.analysis;
    let d = &a.duties;
    let row_h = 26.0;
    let top = 120.0;
    let name_w = 150.0;
    let col_w = 150.0;
    let width = name_w + col_w * d.duties.len() as f32 + 48.0;
    let rows = bounded(d.townships.iter().zip(&d.cells).collect());
    let height = top + row_h * rows.len() as f32 + 56.0;
    let title = format!("{}“五大责任”落实情况", a.month.chinese());
    let mut c = Canvas::new(face, width, height)?;
    c.heading(&title, &input.template.county);
    let x0 = 24.0 + name_w;
    for (j, (_, name)) in d.duties.iter().enumerate() {
        let cx = x0 + col_w * (j as f32 + 0.5);
        c.text(cx, top - 12.0, name, 14.0, INK, Anchor::Middle);
    }
    for (i, row) in rows.iter().enumerate() {
        let y = top + row_h * i as f32;
        let (town, cells) = match row {
            Row::Item(r) => *r,
            Row::Gap(n) => {
                c.gap((y, row_h), *n);
                continue;
            }
        };
        c.text(x0 - 10.0, y + row_h * 0.68, town, 14.0, INK, Anchor::End);
        for (j, cell) in cells.iter().enumerate() {
            let x = x0 + col_w * j as f32;
            c.rect(
                x + 2.0,
                y + 2.0,
                col_w - 4.0,
                row_h - 4.0,
                palette::status(cell.status),
            );
            let label = cell.status.map_or("未报", |s| s.label());
            c.text(
                x + col_w / 2.0,
                y + row_h * 0.68,
                label,
                13.0,
                [0xFF, 0xFF, 0xFF],
                Anchor::Middle,
            );
        }
    }
    // Legend with counts.
    let y = top + row_h * rows.len() as f32 + 30.0;
    let mut x = x0;
    for (status, label) in [
        (Some(dd_core::model::Status::Done), "已落实"),
        (Some(dd_core::model::Status::Partial), "部分落实"),
        (Some(dd_core::model::Status::NotDone), "未落实"),
        (Some(dd_core::model::Status::NotApplicable), "不适用"),
    ] {
        c.rect(x, y - 12.0, 14.0, 14.0, palette::status(status));
        c.text(x + 20.0, y, label, 13.0, INK, Anchor::Start);
        x += 110.0;
    }
    c.finish("五大责任", &title)
}

/// County trends of the key rates month by month (with the 序时进度 line).
pub fn trend(input: &BriefInput, face: &Face) -> Result<Option<Chart>, ExportError> {
    let series = &input.trends;
    let mut months: Vec<dd_core::model::YearMonth> = series
        .iter()
        .flat_map(|s| s.points.iter().map(|(m, _)| *m))
        .collect();
    months.sort();
    months.dedup();
    if months.len() < 2 {
        return Ok(None);
    }
    let a = &input.analysis;
    let width = 960.0;
    let height = 560.0;
    let title = format!("{}主要指标月度走势", input.template.county);
    let mut c = Canvas::new(face, width, height)?;
    c.heading(
        &title,
        &format!(
            "{}至{}，单位：%",
            months[0].chinese(),
            months[months.len() - 1].chinese()
        ),
    );
    let (left, right, top, bottom) = (70.0, width - 40.0, 90.0, height - 120.0);
    let xs = |i: usize| left + (right - left) * i as f32 / (months.len() - 1) as f32;
    let ys = |v: f64| bottom - (bottom - top) * (v.clamp(0.0, 100.0) as f32) / 100.0;
    for tick in [0.0, 20.0, 40.0, 60.0, 80.0, 100.0] {
        let y = ys(tick);
        c.line(&[(left, y), (right, y)], 1.0, GRID, false);
        c.text(
            left - 10.0,
            y + 5.0,
            &percent(tick),
            12.0,
            MUTED,
            Anchor::End,
        );
    }
    for (i, m) in months.iter().enumerate() {
        c.text(
            xs(i),
            bottom + 24.0,
            &format!("{}月", m.month),
            13.0,
            MUTED,
            Anchor::Middle,
        );
    }
    let schedule_measure = a.rates.iter().find(|r| r.schedule);
    if schedule_measure.is_some() {
        let pts: Vec<(f32, f32)> = months
            .iter()
            .enumerate()
            .map(|(i, m)| (xs(i), ys(f64::from(m.month) / 12.0 * 100.0)))
            .collect();
        c.line(&pts, 1.5, MUTED, true);
    }
    let mut legend: Vec<(String, Rgb, bool)> = Vec::new();
    // Value labels at the line ends, pushed apart so they never overlap.
    let mut ends: Vec<(f32, f32, String, Rgb)> = Vec::new();
    for (k, s) in series.iter().enumerate() {
        let colour = palette::SERIES[k % palette::SERIES.len()];
        let pts: Vec<(f32, f32)> = s
            .points
            .iter()
            .filter_map(|(m, v)| Some((xs(months.iter().position(|x| x == m)?), ys(*v))))
            .collect();
        c.line(&pts, 3.0, colour, false);
        for (x, y) in &pts {
            c.dot(*x, *y, 4.5, colour);
        }
        if let (Some((x, y)), Some((_, v))) = (pts.last(), s.points.last()) {
            ends.push((*x, *y - 10.0, percent(*v), colour));
        }
        let label = s
            .label
            .strip_prefix(&input.template.county_short)
            .unwrap_or(&s.label)
            .to_string();
        legend.push((label, colour, false));
    }
    ends.sort_by(|a, b| a.1.total_cmp(&b.1));
    for i in 1..ends.len() {
        if ends[i].1 - ends[i - 1].1 < 16.0 {
            ends[i].1 = ends[i - 1].1 + 16.0;
        }
    }
    for (x, y, label, colour) in &ends {
        c.text(*x - 8.0, *y, label, 13.0, *colour, Anchor::End);
    }
    if schedule_measure.is_some() {
        legend.push(("序时进度".into(), MUTED, true));
    }
    let mut x = left;
    let mut y = bottom + 60.0;
    for (label, colour, dash) in legend {
        let w = c.measure(&label, 14.0) + 60.0;
        if x + w > right {
            x = left;
            y += 26.0;
        }
        c.line(&[(x, y - 5.0), (x + 28.0, y - 5.0)], 3.0, colour, dash);
        c.text(x + 36.0, y, &label, 14.0, INK, Anchor::Start);
        x += w;
    }
    Ok(Some(c.finish("月度走势", &title)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_list_keeps_its_first_and_last_halves_around_one_gap() {
        let rows = bounded((0..100).collect());
        assert_eq!(rows.len(), MAX_ROWS + 1);
        let items: Vec<i32> = rows
            .iter()
            .filter_map(|r| match r {
                Row::Item(i) => Some(*i),
                Row::Gap(_) => None,
            })
            .collect();
        assert_eq!(items[..2], [0, 1]);
        assert_eq!(items[MAX_ROWS - 1], 99);
        assert!(matches!(rows[MAX_ROWS / 2], Row::Gap(60)));
        assert_eq!(bounded((0..MAX_ROWS).collect()).len(), MAX_ROWS);
    }
}
