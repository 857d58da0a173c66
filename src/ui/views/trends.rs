//! 趋势: chosen indicators across the stored months, for the county and chosen townships.

use eframe::egui::{self, Ui};
use egui_plot::{Legend, Line, Plot, PlotPoints};

use std::collections::BTreeMap;

use crate::analysis::Series;
use crate::desk::{MonthView, TrendKey};
use crate::palette;
use crate::ui::theme::color;
use crate::ui::views::progress::month_label;

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct State {
    pub ids: Vec<String>,
    pub townships: Vec<String>,
}

impl Default for State {
    fn default() -> Self {
        State {
            ids: vec!["fund_paid_rate".into(), "employment_rate".into()],
            townships: Vec::new(),
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
                    chart(ui, view, lines, &id, &s.townships, per);
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

/// One indicator's lines: the county and each chosen township.
pub fn chart(
    ui: &mut Ui,
    view: &MonthView,
    lines: &BTreeMap<TrendKey, Series>,
    id: &str,
    towns: &[String],
    height: f32,
) {
    let Some(county) = view.county_trends.get(id) else {
        return;
    };
    ui.strong(format!("{}（{}）", county.label, county.unit));
    let months: Vec<String> = county.points.iter().map(|(m, _)| m.to_string()).collect();
    let index = |m: &crate::model::YearMonth| months.iter().position(|x| *x == m.to_string());
    let mut drawn = vec![(
        county.label.clone(),
        county.points.clone(),
        palette::SERIES[0],
        3.0,
    )];
    for (k, t) in towns.iter().enumerate() {
        if let Some(s) = lines.get(&(id.to_string(), Some(t.clone()))) {
            drawn.push((
                t.clone(),
                s.points.clone(),
                palette::SERIES[(k + 1) % palette::SERIES.len()],
                2.0,
            ));
        }
    }
    let labels = months.clone();
    Plot::new(("trend", id.to_string()))
        .height(height)
        .legend(Legend::default())
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .x_axis_formatter(move |mark, _| month_label(&labels, mark.value))
        .show(ui, |plot| {
            for (name, points, c, w) in drawn {
                let pts: Vec<[f64; 2]> = points
                    .iter()
                    .filter_map(|(m, v)| Some([index(m)? as f64, *v]))
                    .collect();
                plot.line(
                    Line::new(name, PlotPoints::from(pts))
                        .color(color(c))
                        .width(w),
                );
            }
        });
}
