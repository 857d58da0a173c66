//! 趋势: chosen indicators across the stored months, for the county and chosen townships. Months
//! sit at their place on the calendar (a month missing leaves a gap), ticks fall at regular
//! steps, every point has a marker with its value on hover, rates measured against the 序时进度
//! carry its line, and months some townships did not report are marked.

use eframe::egui::{self, Align2, FontId, RichText, TextStyle, Ui};
use egui_plot::{
    AxisHints, Corner, GridInput, GridMark, HoverPosition, Legend, Line, LineStyle, MarkerShape,
    Plot, PlotPoint, PlotPoints, Points, Text,
};

use std::collections::BTreeMap;

use crate::desk::{MonthView, TrendKey};
use crate::ui::theme::color;
use dd_analysis::Series;
use dd_core::model::YearMonth;
use dd_core::palette;
use dd_core::template::Unit;
use dd_core::text::plain_number;

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, Default)]
pub struct State {
    pub ids: Vec<String>,
    pub townships: Vec<String>,
    /// Whether `ids` started from the template's trends (the user may clear them after).
    #[serde(default)]
    pub seeded: bool,
}

/// How a chart is drawn: in the window, or on a slide read from across a room.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Look {
    pub height: f32,
    /// Axis, legend and value text; None keeps the window's sizes.
    pub font: Option<f32>,
    /// Write the county's values beside its points, the legend beside the title (a room
    /// cannot hover, and a legend inside the plot hides lines).
    pub values: bool,
    /// Values show on hover (not while the pointer is hidden on a slide).
    pub hover: bool,
}

impl Look {
    pub fn window(height: f32) -> Look {
        Look {
            height,
            font: None,
            values: false,
            hover: true,
        }
    }
}

/// Township lines the chosen indicators and townships need that `have` lacks (the desk
/// computes them on request).
pub fn missing(view: &MonthView, s: &State, have: &BTreeMap<TrendKey, Series>) -> Vec<TrendKey> {
    let known = |id: &String| view.trend_choices.iter().any(|(c, _, _)| c == id);
    s.ids
        .iter()
        .filter(|id| known(id))
        .flat_map(|id| {
            s.townships
                .iter()
                .map(move |t| (id.clone(), Some(t.clone())))
        })
        .filter(|k| !have.contains_key(k))
        .collect()
}

pub fn show(ui: &mut Ui, view: &MonthView, lines: &BTreeMap<TrendKey, Series>, s: &mut State) {
    egui::Panel::left("trend_choices")
        .resizable(true)
        .default_size(220.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("trend_pick")
                .show(ui, |ui| {
                    ui.strong("指标");
                    for (id, name, _) in &view.trend_choices {
                        let mut on = s.ids.contains(id);
                        if ui.checkbox(&mut on, name).changed() {
                            toggle(&mut s.ids, id, on);
                        }
                    }
                    ui.separator();
                    ui.strong("乡镇（街道）");
                    for row in &view.table.rows {
                        let mut on = s.townships.contains(&row.township);
                        if ui.checkbox(&mut on, &row.township).changed() {
                            toggle(&mut s.townships, &row.township, on);
                        }
                    }
                });
        });
    if !s.seeded {
        s.ids = view.default_trends.clone();
        s.seeded = true;
    }
    egui::CentralPanel::default().show(ui, |ui| {
        if s.ids.is_empty() {
            ui.label("在左侧勾选要看的指标");
            return;
        }
        let per = (ui.available_height() / s.ids.len() as f32 - 30.0).max(160.0);
        egui::ScrollArea::vertical()
            .id_salt("trend_plots")
            .show(ui, |ui| {
                for id in s.ids.clone() {
                    chart(ui, view, lines, &id, &s.townships, Look::window(per));
                }
            });
    });
}

fn toggle(list: &mut Vec<String>, item: &str, on: bool) {
    list.retain(|x| x != item);
    if on {
        list.push(item.to_string());
    }
}

/// A month's place on the x axis: months since the start of year 0, so that a year has 12
/// equal steps and a missing month leaves a gap.
pub fn month_x(m: YearMonth) -> f64 {
    f64::from(m.year * 12 + m.month as i32 - 1)
}

/// The month at a whole x, if any.
pub fn month_at(x: f64) -> Option<YearMonth> {
    let i = x.round();
    if (x - i).abs() > 1e-6 {
        return None;
    }
    let i = i as i64;
    YearMonth::new(i.div_euclid(12) as i32, (i.rem_euclid(12) + 1) as u32)
}

/// Months between ticks for a span of `months`: every month up to a year, quarters up to
/// three years, then years.
pub fn tick_step(months: i64) -> i64 {
    match months {
        ..=12 => 1,
        13..=36 => 3,
        _ => 12,
    }
}

/// The ticks from `first` to `last`: every month, or the first month of each quarter, or
/// January of each year.
pub fn ticks(first: YearMonth, last: YearMonth) -> Vec<YearMonth> {
    let (a, b) = (month_x(first) as i64, month_x(last) as i64);
    let step = tick_step(b - a + 1);
    (a..=b)
        .filter(|x| x.rem_euclid(12) % step == 0)
        .filter_map(|x| month_at(x as f64))
        .collect()
}

/// A tick's label: "8月" with the year under the first tick and each January, "2024年" when
/// the ticks are years.
pub fn tick_label(m: YearMonth, step: i64, first: bool) -> String {
    if step == 12 {
        format!("{}年", m.year)
    } else if first || m.month == 1 {
        format!("{}月\n{}年", m.month, m.year)
    } else {
        format!("{}月", m.month)
    }
}

/// A month axis from `first` to `last`: regular ticks with their labels, at `font` if given.
pub fn month_axis<'a>(first: YearMonth, last: YearMonth, font: Option<f32>) -> AxisHints<'a> {
    let ticks = ticks(first, last);
    let step = tick_step(month_x(last) as i64 - month_x(first) as i64 + 1);
    let head = ticks.first().copied();
    let axis = AxisHints::new_x().formatter(move |mark, _| {
        month_at(mark.value)
            .filter(|m| ticks.contains(m))
            .map_or(String::new(), |m| tick_label(m, step, Some(m) == head))
    });
    match font {
        Some(f) => axis.tick_label_font(FontId::proportional(f)),
        None => axis,
    }
}

/// The grid lines of a month axis, one a tick (drawn at full strength: the ticks are already
/// spaced for their labels).
pub fn month_grid(first: YearMonth, last: YearMonth) -> impl Fn(GridInput) -> Vec<GridMark> {
    let marks: Vec<f64> = ticks(first, last).into_iter().map(month_x).collect();
    let span = (month_x(last) - month_x(first) + 1.0).max(1.0);
    move |_input| {
        marks
            .iter()
            .map(|&value| GridMark {
                value,
                step_size: span,
            })
            .collect()
    }
}

/// A value with its unit: "78.5%", "1804户".
fn with_unit(v: f64, unit: &Unit) -> String {
    if unit.is_percent() {
        crate::ui::widgets::pct(Some(v))
    } else {
        format!("{}{unit}", plain_number((v * 100.0).round() / 100.0))
    }
}

/// The 序时进度 (month ÷ 12) of each month from `first` to `last`, one line a year (it starts
/// again each January).
fn schedule(first: YearMonth, last: YearMonth) -> Vec<Vec<[f64; 2]>> {
    let mut years: BTreeMap<i32, Vec<[f64; 2]>> = BTreeMap::new();
    for x in month_x(first) as i64..=month_x(last) as i64 {
        if let Some(m) = month_at(x as f64) {
            years
                .entry(m.year)
                .or_default()
                .push([x as f64, f64::from(m.month) / 12.0 * 100.0]);
        }
    }
    years.into_values().collect()
}

/// One indicator's lines: the county and each chosen township.
pub fn chart(
    ui: &mut Ui,
    view: &MonthView,
    lines: &BTreeMap<TrendKey, Series>,
    id: &str,
    towns: &[String],
    look: Look,
) {
    let Some(county) = view.county_trends.get(id) else {
        return;
    };
    let (Some(first), Some(last)) = (county.points.first(), county.points.last()) else {
        return;
    };
    let (first, last) = (first.0, last.0);
    let scheduled = view.analysis.rates.iter().any(|r| r.id == id && r.schedule);
    let title = format!("{}（{}）", county.label, county.unit);
    let mut drawn = vec![(county, palette::SERIES[0], 3.0)];
    for (k, t) in towns.iter().enumerate() {
        if let Some(s) = lines.get(&(id.to_string(), Some(t.clone()))) {
            drawn.push((s, palette::SERIES[(k + 1) % palette::SERIES.len()], 2.0));
        }
    }
    match look.font {
        Some(f) => {
            ui.horizontal(|ui| {
                ui.label(RichText::new(title).size(f).strong());
                ui.add_space(f);
                for (s, c, _) in &drawn {
                    ui.label(
                        RichText::new(format!("● {}", s.label))
                            .size(f)
                            .color(color(*c)),
                    );
                }
                if scheduled {
                    ui.label(
                        RichText::new("--- 序时进度")
                            .size(f)
                            .color(color(palette::GREY)),
                    );
                }
                if !county.incomplete.is_empty() {
                    ui.label(
                        RichText::new("○ 部分乡镇未报送的月份")
                            .size(f)
                            .color(color(palette::RED)),
                    );
                }
            });
        }
        None => {
            ui.strong(title);
        }
    }
    let unit = county.unit.clone();
    let hover_unit = unit.clone();
    let font = look.font;
    ui.scope(|ui| {
        if let Some(f) = font {
            // The legend and the hover label take the Body style.
            ui.style_mut()
                .text_styles
                .insert(TextStyle::Body, FontId::proportional(f));
        }
        let hover = look.hover;
        let mut plot = Plot::new(("trend", id.to_string(), font.is_some()))
            .height(look.height)
            .show_x(hover)
            .show_y(hover)
            .allow_drag(false)
            .allow_zoom(false)
            .allow_scroll(false)
            .allow_boxed_zoom(false)
            .allow_double_click_reset(false)
            .include_x(month_x(first) - 0.5)
            .include_x(month_x(last) + 0.5)
            .include_y(0.0)
            .custom_x_axes(vec![month_axis(first, last, font)])
            .x_grid_spacer(month_grid(first, last))
            .label_formatter(move |pos| match pos {
                _ if !hover => None,
                HoverPosition::NearDataPoint {
                    plot_name,
                    position,
                    ..
                } => Some(format!(
                    "{plot_name}\n{}：{}",
                    month_at(position.x).map_or(String::new(), |m| m.chinese()),
                    with_unit(position.y, &hover_unit)
                )),
                HoverPosition::Elsewhere { .. } => None,
            });
        let y_unit = unit.clone();
        let mut y_axis = AxisHints::new_y().formatter(move |mark, _| {
            if y_unit.is_percent() {
                format!("{}%", plain_number(mark.value))
            } else {
                plain_number(mark.value)
            }
        });
        if let Some(f) = font {
            y_axis = y_axis.tick_label_font(FontId::proportional(f));
        }
        plot = plot.custom_y_axes(vec![y_axis]);
        if unit.is_percent() {
            // 0 to 100 in fifths: a label at each line, however low the chart.
            plot = plot.include_y(100.0).y_grid_spacer(|input: GridInput| {
                let (lo, hi) = input.bounds;
                (0..=5)
                    .map(|k| f64::from(k) * 20.0)
                    .filter(|v| *v >= lo && *v <= hi)
                    .map(|value| GridMark {
                        value,
                        step_size: 100.0,
                    })
                    .collect()
            });
        }
        if look.values {
            // Room above the highest point for its value.
            plot = plot.set_margin_fraction(egui::vec2(0.03, 0.3));
        } else {
            plot = plot.legend(
                Legend::default()
                    .position(Corner::LeftTop)
                    .follow_insertion_order(true),
            );
        }
        let marker = font.map_or(3.5, |f| f * 0.22);
        plot.show(ui, |plot| {
            if scheduled {
                for (k, year) in schedule(first, last).into_iter().enumerate() {
                    plot.line(
                        Line::new("序时进度", PlotPoints::from(year))
                            .id(("schedule", k))
                            .color(color(palette::GREY))
                            .style(LineStyle::dashed_loose())
                            .width(2.5),
                    );
                }
            }
            for (k, (s, c, w)) in drawn.iter().enumerate() {
                let pts: Vec<[f64; 2]> = s.points.iter().map(|(m, v)| [month_x(*m), *v]).collect();
                plot.line(
                    Line::new(s.label.clone(), PlotPoints::from(pts.clone()))
                        .id(("line", k))
                        .color(color(*c))
                        .width(*w),
                );
                plot.points(
                    Points::new(s.label.clone(), PlotPoints::from(pts.clone()))
                        .id(("points", k))
                        .color(color(*c))
                        .radius(marker),
                );
                if k == 0 && look.values {
                    let labelled = if pts.len() <= 12 {
                        &pts[..]
                    } else {
                        &pts[pts.len() - 1..]
                    };
                    for (n, [x, y]) in labelled.iter().enumerate() {
                        plot.text(
                            Text::new(
                                "",
                                PlotPoint::new(*x, *y),
                                RichText::new(format!("{}\n", with_unit(*y, &unit)))
                                    .size(font.unwrap_or(14.0))
                                    .color(color(*c))
                                    .background_color(egui::Color32::from_white_alpha(200)),
                            )
                            .id(("value", n))
                            .anchor(Align2::CENTER_CENTER)
                            .allow_hover(false),
                        );
                    }
                }
            }
            let gaps: Vec<[f64; 2]> = county
                .points
                .iter()
                .filter(|(m, _)| county.incomplete.contains(m))
                .map(|(m, v)| [month_x(*m), *v])
                .collect();
            if !gaps.is_empty() {
                plot.points(
                    Points::new("部分乡镇未报送的月份", PlotPoints::from(gaps))
                        .id("incomplete")
                        .shape(MarkerShape::Circle)
                        .filled(false)
                        .radius(marker * 2.2)
                        .color(color(palette::RED)),
                );
            }
        });
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(y: i32, m: u32) -> YearMonth {
        YearMonth::new(y, m).unwrap()
    }

    #[test]
    fn a_year_or_less_has_a_tick_every_month() {
        let t = ticks(ym(2023, 11), ym(2024, 10));
        assert_eq!(t.len(), 12);
        assert_eq!(t.first(), Some(&ym(2023, 11)));
        assert_eq!(tick_label(t[0], 1, true), "11月\n2023年");
        assert_eq!(tick_label(t[2], 1, false), "1月\n2024年");
        assert_eq!(tick_label(t[3], 1, false), "2月");
    }

    #[test]
    fn up_to_three_years_ticks_at_quarters_beyond_at_years() {
        // 2023-01 … 2024-10: 22 months, ticks at January, April, July, October.
        let t = ticks(ym(2023, 1), ym(2024, 10));
        let months: Vec<u32> = t.iter().map(|m| m.month).collect();
        assert_eq!(months, [1, 4, 7, 10, 1, 4, 7, 10]);
        // 2023-02 starts between quarters: the first tick is April.
        assert_eq!(ticks(ym(2023, 2), ym(2024, 10))[0], ym(2023, 4));
        // Four years: one tick each January.
        let t = ticks(ym(2021, 3), ym(2024, 10));
        assert_eq!(t, [ym(2022, 1), ym(2023, 1), ym(2024, 1)]);
        assert_eq!(tick_label(t[0], 12, true), "2022年");
    }

    #[test]
    fn months_are_placed_on_the_calendar() {
        assert_eq!(month_x(ym(2024, 1)) - month_x(ym(2023, 12)), 1.0);
        assert_eq!(month_at(month_x(ym(2024, 10))), Some(ym(2024, 10)));
        assert_eq!(month_at(month_x(ym(2024, 10)) + 0.5), None);
    }

    #[test]
    fn the_schedule_starts_again_each_january() {
        let years = schedule(ym(2023, 11), ym(2024, 2));
        assert_eq!(years.len(), 2);
        assert_eq!(years[0].last().map(|p| p[1]), Some(100.0));
        assert!((years[1][0][1] - 100.0 / 12.0).abs() < 1e-9);
        assert_eq!(years[1].len(), 2);
    }
}
