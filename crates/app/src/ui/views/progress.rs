//! 乡镇进展: the townships ranked with lights (as far as the template ranks and lights) and
//! the change against last month, a bar chart of the scores, and the selected township's measures across months.

use eframe::egui::{self, RichText, Ui};
use egui_plot::{AxisHints, Bar, BarChart, GridInput, GridMark, Line, Plot, PlotPoints, Points};

use crate::desk::MonthView;
use crate::ui::theme::color;
use crate::ui::views::{followup, trends};
use crate::ui::widgets;
use dd_analysis::followup::Item;
use dd_analysis::{MonthAnalysis, Progress};
use dd_core::palette;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum SortKey {
    #[default]
    Rank,
    Name,
    Change,
    Measure(usize),
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct State {
    pub sort: SortKey,
    pub descending: bool,
    pub selected: Option<String>,
}

/// The measures shown as columns (those that count in the score).
fn columns(a: &MonthAnalysis) -> Vec<usize> {
    a.measures
        .iter()
        .enumerate()
        .filter(|(_, m)| m.scored)
        .map(|(i, _)| i)
        .collect()
}

/// The table's heading: what the template ranks and lights.
fn title(a: &MonthAnalysis) -> &'static str {
    match (a.ranked, a.lit) {
        (true, true) => "排名与亮灯",
        (true, false) => "排名",
        (false, true) => "得分与亮灯",
        (false, false) => "各乡镇（街道）得分",
    }
}

fn sorted<'a>(a: &'a MonthAnalysis, s: &State) -> Vec<&'a Progress> {
    let mut rows: Vec<&Progress> = a.progress.iter().collect();
    let key = |p: &Progress| -> f64 {
        match s.sort {
            SortKey::Rank => p.rank.map_or(f64::MAX, |r| r as f64),
            SortKey::Name => 0.0,
            SortKey::Change => p.score_change().unwrap_or(f64::MIN),
            SortKey::Measure(i) => p.values.get(i).copied().flatten().unwrap_or(f64::MIN),
        }
    };
    if s.sort == SortKey::Name {
        rows.sort_by(|x, y| x.township.cmp(&y.township));
    } else {
        rows.sort_by(|x, y| key(x).total_cmp(&key(y)));
    }
    if s.descending {
        rows.reverse();
    }
    rows
}

pub fn show(ui: &mut Ui, view: &MonthView, s: &mut State) {
    let a = &view.analysis;
    let cols = columns(a);
    ui.columns(2, |halves| {
        let ui = &mut halves[0];
        ui.heading(title(a));
        egui::ScrollArea::both()
            .id_salt("progress_table")
            .max_height(ui.available_height() - 8.0)
            .show(ui, |ui| table(ui, a, s, &cols));
        let ui = &mut halves[1];
        ui.heading("进度得分");
        egui::ScrollArea::vertical()
            .id_salt("progress_right")
            .show(ui, |ui| {
                ranking_chart(
                    ui,
                    a,
                    (a.progress.len() as f32 * 26.0).clamp(240.0, 640.0),
                    1.0,
                );
                if let Some(town) = s.selected.clone() {
                    ui.separator();
                    detail(ui, view, &town);
                } else {
                    ui.label(RichText::new("点击左表中的乡镇查看其各项指标和历月得分").weak());
                }
            });
    });
}

fn header(ui: &mut Ui, s: &mut State, label: &str, key: SortKey) {
    let first_descending = !matches!(key, SortKey::Rank | SortKey::Name);
    super::sort::header(
        ui,
        label,
        key,
        (&mut s.sort, &mut s.descending),
        first_descending,
    );
}

fn table(ui: &mut Ui, a: &MonthAnalysis, s: &mut State, cols: &[usize]) {
    egui::Grid::new("progress_grid")
        .striped(true)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            // A template that does not rank or light shows neither (and sorts by its order).
            if a.ranked {
                header(ui, s, "名次", SortKey::Rank);
            }
            header(ui, s, "乡镇（街道）", SortKey::Name);
            if a.lit {
                ui.label("亮灯");
            }
            ui.label("得分");
            header(ui, s, "较上月", SortKey::Change);
            if a.ranked {
                ui.label("名次变化");
            }
            for &i in cols {
                header(ui, s, &a.measures[i].name, SortKey::Measure(i));
            }
            ui.end_row();
            for p in sorted(a, s) {
                if a.ranked {
                    ui.label(p.rank.map_or("—".into(), |r| r.to_string()));
                }
                let selected = s.selected.as_deref() == Some(p.township.as_str());
                let mut name = RichText::new(&p.township);
                if p.last_twice {
                    name = name.color(color(palette::RED));
                }
                let resp = ui.selectable_label(selected, name);
                let resp = if p.last_twice {
                    resp.on_hover_text("连续两个月排名末位")
                } else {
                    resp
                };
                if resp.clicked() {
                    s.selected = if selected {
                        None
                    } else {
                        Some(p.township.clone())
                    };
                }
                if a.lit {
                    ui.horizontal(|ui| widgets::light(ui, p.light, crate::ui::tokens::text::CHIP));
                }
                ui.label(widgets::score(p.score));
                ui.label(match p.score_change() {
                    Some(d) => format!("{d:+.1}"),
                    None => "—".into(),
                });
                if a.ranked {
                    ui.label(match p.rank_change() {
                        Some(0) => "持平".into(),
                        Some(d) if d > 0 => format!("↑{d}"),
                        Some(d) => format!("↓{}", -d),
                        None => "—".into(),
                    });
                }
                for &i in cols {
                    let v = p.values.get(i).copied().flatten();
                    let done = p.completions.get(i).copied().flatten();
                    let text = widgets::pct(v);
                    let rt = if done.is_some_and(|c| c < 100.0 - 1e-9) {
                        RichText::new(text).color(color(palette::RED))
                    } else {
                        RichText::new(text)
                    };
                    ui.label(rt);
                }
                ui.end_row();
            }
        });
}

/// Scores ranked, one horizontal bar per township (first at the top), coloured by its light,
/// with every name on the axis.
pub fn ranking_chart(ui: &mut Ui, a: &MonthAnalysis, height: f32, text_scale: f32) {
    let ranked: Vec<&Progress> = a.progress.iter().filter(|p| p.score.is_some()).collect();
    let n = ranked.len();
    // Every name must show: the font follows the room each row has.
    let font = (height / n.max(1) as f32 * 0.42).clamp(11.0, 26.0) * text_scale.clamp(1.0, 1.1);
    // The first ranked sits at the top: y = n - 1 - i.
    let names: Vec<String> = ranked.iter().rev().map(|p| p.township.clone()).collect();
    let bars: Vec<Bar> = ranked
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let c = palette::score_bar(p.light, a.lit);
            let s = p.score.unwrap_or(0.0);
            let place = p.rank.map(|r| format!("第{r}名 ")).unwrap_or_default();
            Bar::new((n - 1 - i) as f64, s)
                .width(0.7)
                .fill(color(c))
                .name(format!("{place}{} {s:.1}分", p.township))
        })
        .collect();
    let every_row = |input: GridInput| -> Vec<GridMark> {
        let (lo, hi) = input.bounds;
        (lo.ceil().max(0.0) as i64..=hi.floor() as i64)
            .map(|v| GridMark {
                value: v as f64,
                step_size: 1.0,
            })
            .collect()
    };
    Plot::new(("ranking", text_scale.to_bits()))
        .height(height)
        .include_x(0.0)
        .include_x(100.0)
        .include_y(-0.6)
        .include_y(n as f64 - 0.4)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_grid([true, false])
        .y_grid_spacer(every_row)
        .custom_y_axes(vec![
            AxisHints::new_y()
                .formatter(move |mark, _| {
                    let i = mark.value.round();
                    if (mark.value - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < names.len() {
                        names[i as usize].clone()
                    } else {
                        String::new()
                    }
                })
                .label_spacing(10.0..=12.0)
                .tick_label_font(egui::FontId::proportional(font))
                .min_thickness(font * 6.0),
        ])
        .x_axis_formatter(|mark, _| format!("{:.0}", mark.value))
        .show(ui, |plot| {
            plot.bar_chart(
                BarChart::new("进度得分", bars)
                    .horizontal()
                    .element_formatter(Box::new(|bar, _| bar.name.clone())),
            );
        });
}

fn detail(ui: &mut Ui, view: &MonthView, town: &str) {
    let a = &view.analysis;
    let Some(p) = a.progress_of(town) else {
        return;
    };
    let place = match p.rank {
        Some(r) if a.ranked => format!("，第{r}名"),
        _ if a.ranked => "，—".into(),
        _ => String::new(),
    };
    ui.heading(format!("{town}：{}分{place}", widgets::score(p.score)));
    egui::Grid::new("detail").striped(true).show(ui, |ui| {
        ui.label("指标");
        ui.label("本月");
        ui.label("目标");
        ui.label("完成度");
        ui.end_row();
        for (i, m) in a.measures.iter().enumerate() {
            ui.label(&m.name);
            let v = p.values.get(i).copied().flatten();
            ui.label(if m.unit.is_percent() {
                widgets::pct(v)
            } else {
                v.map_or("—".into(), |v| format!("{v:.2}{}", m.unit))
            });
            ui.label(widgets::pct(m.target));
            ui.label(widgets::pct(p.completions.get(i).copied().flatten()));
            ui.end_row();
        }
    });
    if let Some(points) = view.scores.get(town)
        && let (Some(first), Some(last)) = (points.first(), points.last())
        && points.len() > 1
    {
        let (first, last) = (first.0, last.0);
        let pts: Vec<[f64; 2]> = points
            .iter()
            .map(|(m, s)| [trends::month_x(*m), *s])
            .collect();
        Plot::new("town_scores")
            .height(140.0)
            .include_y(0.0)
            .include_y(100.0)
            .include_x(trends::month_x(first) - 0.5)
            .include_x(trends::month_x(last) + 0.5)
            .allow_drag(false)
            .allow_zoom(false)
            .allow_scroll(false)
            .custom_x_axes(vec![trends::month_axis(first, last, None)])
            .x_grid_spacer(trends::month_grid(first, last))
            .show(ui, |plot| {
                plot.line(
                    Line::new("历月得分", PlotPoints::from(pts.clone()))
                        .color(color(palette::BLUE))
                        .width(2.0),
                );
                plot.points(
                    Points::new("历月得分", PlotPoints::from(pts))
                        .color(color(palette::BLUE))
                        .radius(3.5),
                );
            });
    }
    followups(ui, view, town);
}

/// The township's 督办 items: last months' problems as this month's data judges them, and
/// the ones this month raises.
fn followups(ui: &mut Ui, view: &MonthView, town: &str) {
    let earlier: Vec<&Item> = view
        .followups
        .iter()
        .filter(|i| i.raised.township == town)
        .collect();
    let raised: Vec<&Item> = view
        .raised
        .iter()
        .filter(|i| i.raised.township == town)
        .collect();
    ui.add_space(crate::ui::tokens::space::BLOCK);
    ui.strong(format!("督办事项（{}项）", earlier.len() + raised.len()));
    if earlier.is_empty() && raised.is_empty() {
        ui.label(RichText::new("没有通报问题").weak());
        return;
    }
    egui::Grid::new("town_followups")
        .striped(true)
        .show(ui, |ui| {
            for i in earlier.iter().chain(&raised) {
                ui.label(i.raised.month.chinese());
                ui.label(&i.raised.what);
                ui.label(
                    RichText::new(i.state.label())
                        .strong()
                        .color(followup::state_color(&i.state)),
                );
                ui.label(followup::movement(i));
                ui.end_row();
            }
        });
}
