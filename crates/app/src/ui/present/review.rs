//! The slides of the follow-through: one 点评 slide a township (score, rank, light, measures
//! below target with the gap, duties not done, last month's problems still open), and how the
//! problems last month's brief named stand now (上月通报问题整改情况).

use eframe::egui::{self, Color32, RichText, Ui};

use super::sizes::{self, Type};
use crate::desk::{MonthView, TownshipReview};
use crate::ui::theme::color;
use crate::ui::views::followup::state_color;
use crate::ui::widgets;
use dd_analysis::followup::{Item, State};
use dd_core::palette;

const INK: Color32 = Color32::from_gray(25);

/// A big figure with a line above (what it is) and one under (how it changed), in `rect`.
fn stat(
    ui: &mut Ui,
    rect: egui::Rect,
    t: &Type,
    label: &str,
    figure: &str,
    fill: Color32,
    under: (&str, Color32),
) {
    sizes::inside(ui, rect, |ui| {
        ui.spacing_mut().item_spacing.y = 0.0;
        ui.label(
            RichText::new(label)
                .size(t.small)
                .color(Color32::from_gray(70)),
        );
        let size = sizes::fit(ui, figure, rect.width(), t.figure, t.body);
        ui.label(RichText::new(figure).size(size).strong().color(fill));
        if !under.0.is_empty() {
            ui.label(RichText::new(under.0).size(t.small).color(under.1));
        }
    });
}

/// The height of a row of `stat`s, with or without the line under the figure.
fn stat_height(t: &Type, under: bool) -> f32 {
    let lines = if under { 2.0 } else { 1.0 };
    (t.small * lines + t.figure) * sizes::LINE
}

fn change_color(d: Option<f64>) -> Color32 {
    match d {
        Some(d) if d > 1e-9 => color(palette::GREEN),
        Some(d) if d < -1e-9 => color(palette::RED),
        _ => Color32::from_gray(90),
    }
}

/// The band of figures on top: the score and its change, the rank and the light where the
/// template gives them.
fn stats(ui: &mut Ui, r: &TownshipReview, band: egui::Rect, (ranked, lit): (bool, bool), t: &Type) {
    let cells = sizes::columns(band, 3, t.small);
    let score_change = match r.score_change {
        Some(d) if d.abs() < 0.05 => "较上月持平".to_string(),
        Some(d) if d > 0.0 => format!("较上月提高{d:.1}分"),
        Some(d) => format!("较上月下降{:.1}分", -d),
        None => "上月无得分".to_string(),
    };
    stat(
        ui,
        cells[0],
        t,
        "进度得分",
        &format!("{}分", widgets::score(r.score)),
        color(palette::BLUE),
        (&score_change, change_color(r.score_change)),
    );
    // Only what the template shows: no 排名 unless it ranks, no 亮灯 unless it lights.
    let mut next = 1;
    if ranked {
        let rank_change = match r.rank_change {
            Some(0) => "名次较上月持平".to_string(),
            Some(d) if d > 0 => format!("较上月上升{d}名"),
            Some(d) => format!("较上月下降{}名", -d),
            None => "上月无名次".to_string(),
        };
        stat(
            ui,
            cells[next],
            t,
            "排名",
            &r.rank.map_or("—".into(), |n| format!("第{n}名")),
            color(palette::BLUE),
            (&rank_change, change_color(r.rank_change.map(|d| d as f64))),
        );
        next += 1;
    }
    if lit {
        let light = r.light.map_or(palette::GREY, palette::light);
        stat(
            ui,
            cells[next],
            t,
            "亮灯",
            &format!("● {}", r.light.map_or("—", |l| l.label())),
            color(light),
            ("", INK),
        );
    }
}

pub fn township(ui: &mut Ui, r: &TownshipReview, (ranked, lit): (bool, bool), t: &Type) {
    let area = sizes::take_rest(ui);
    let band = egui::Rect::from_min_size(area.min, egui::vec2(area.width(), stat_height(t, true)));
    stats(ui, r, band, (ranked, lit), t);
    let below = egui::Rect::from_min_max(
        egui::pos2(area.left(), band.bottom() + t.small * 0.6),
        area.max,
    );
    let halves = sizes::columns(below, 2, t.small * 1.5);
    // The body size where the lists fit, else the smallest.
    let lines = (r.below.len() + 1).max(r.duties.len().div_ceil(2) + r.open_items.len() + 3);
    // The widest of each column of the 未达到目标 table, and the gaps between them.
    let table_w = |size: f32| {
        let w = |s: &str| sizes::width(ui, s, size);
        let widest = |k: usize| {
            r.below
                .iter()
                .map(|(a, b, c, d)| w([a.as_str(), b, &format!("目标{c}"), d][k]))
                .fold(0.0, f32::max)
        };
        (0..4).map(widest).sum::<f32>() + size * 0.7 * 3.0
    };
    let size = if lines as f32 * t.body * sizes::LINE <= below.height()
        && table_w(t.body) <= halves[0].width()
    {
        t.body
    } else {
        t.small
    };
    let t = &Type { small: size, ..*t };
    sizes::inside(ui, halves[0], |ui| {
        ui.label(sizes::heading("未达到目标的指标", t));
        if r.below.is_empty() {
            ui.label(RichText::new("各项指标均已达到目标").size(t.small));
        }
        egui::Grid::new("review_below")
            .spacing([t.small * 0.7, t.small * 0.25])
            .show(ui, |ui| {
                for (name, value, target, gap) in &r.below {
                    ui.label(RichText::new(name).size(t.small).color(INK));
                    ui.label(
                        RichText::new(value)
                            .size(t.small)
                            .strong()
                            .color(color(palette::RED)),
                    );
                    ui.label(RichText::new(format!("目标{target}")).size(t.small));
                    ui.label(RichText::new(gap).size(t.small).color(color(palette::RED)));
                    ui.end_row();
                }
            });
    });
    sizes::inside(ui, halves[1], |ui| {
        ui.label(sizes::heading("“五大责任”", t));
        if r.duties.is_empty() {
            ui.label(RichText::new("均已落实").size(t.small));
        }
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing = egui::vec2(t.small * 0.4, t.small * 0.3);
            for (name, s) in &r.duties {
                ui.label(
                    RichText::new(format!(" {name}：{} ", s.label()))
                        .size(t.small)
                        .color(Color32::WHITE)
                        .background_color(color(palette::status(Some(*s)))),
                );
            }
        });
        ui.add_space(t.small * 0.6);
        ui.label(sizes::heading("上月通报问题仍未整改", t));
        if r.open_items.is_empty() {
            ui.label(RichText::new("无").size(t.small));
        }
        let room = ((ui.available_height() / (t.small * 1.35)).floor() as usize).max(1);
        let shown = if r.open_items.len() > room {
            room - 1
        } else {
            r.open_items.len()
        };
        for item in r.open_items.iter().take(shown) {
            ui.add(
                egui::Label::new(
                    RichText::new(format!("· {item}"))
                        .size(t.small)
                        .color(color(palette::RED)),
                )
                .wrap(),
            );
        }
        if r.open_items.len() > shown {
            ui.label(
                RichText::new(format!("另有{}项，见“督办”", r.open_items.len() - shown))
                    .size(t.small),
            );
        }
    });
}

/// The items last month raised, as this month's data judges them (withdrawn ones left out).
pub fn last_months(view: &MonthView) -> Vec<&Item> {
    let previous = view.analysis.previous_month;
    view.followups
        .iter()
        .filter(|i| Some(i.raised.month) == previous && i.state != State::Withdrawn)
        .collect()
}

pub fn followups(ui: &mut Ui, view: &MonthView, t: &Type) {
    let items = last_months(view);
    let r = dd_analysis::followup::review(&view.followups, view.analysis.previous_month);
    let previous = view
        .analysis
        .previous_month
        .map_or(String::new(), |m| m.chinese());
    ui.label(
        RichText::new(format!(
            "{previous}通报的问题共{}项，按本月数据核查：",
            r.total
        ))
        .size(t.body)
        .color(INK),
    );
    ui.add_space(t.small * 0.3);
    let area = sizes::take_rest(ui);
    let band = egui::Rect::from_min_size(area.min, egui::vec2(area.width(), stat_height(t, false)));
    let counts = [
        (State::Fixed, r.fixed),
        (
            State::Better {
                from: String::new(),
                to: String::new(),
            },
            r.better,
        ),
        (State::Open, r.open),
        (
            State::Closed {
                at: String::new(),
                note: String::new(),
            },
            r.closed,
        ),
    ];
    for (rect, (s, n)) in sizes::columns(band, 4, t.small).into_iter().zip(counts) {
        stat(
            ui,
            rect,
            t,
            s.label(),
            &format!("{n}项"),
            state_color(&s),
            ("", INK),
        );
    }
    let list = egui::Rect::from_min_max(
        egui::pos2(area.left(), band.bottom() + t.small * 0.3),
        area.max,
    );
    open_by_township(ui, view, &items, list, t);
}

/// 未整改 items, one line a township (most first), in two columns; what does not fit is
/// counted at the end.
fn open_by_township(ui: &mut Ui, view: &MonthView, items: &[&Item], area: egui::Rect, t: &Type) {
    let mut towns: Vec<(&str, Vec<String>)> = Vec::new();
    for i in items
        .iter()
        .filter(|i| matches!(i.state, State::Open | State::Pending))
    {
        let what = short(view, i);
        match towns.iter_mut().find(|(t, _)| *t == i.raised.township) {
            Some((_, list)) => list.push(what),
            None => towns.push((&i.raised.township, vec![what])),
        }
    }
    // Most open items first; the template's order among equals.
    towns.sort_by_key(|(town, list)| (std::cmp::Reverse(list.len()), view.township_order(town)));
    let line = t.small * sizes::LINE;
    let heading = format!(
        "未整改的问题（{}个乡镇{}项）",
        towns.len(),
        towns.iter().map(|(_, l)| l.len()).sum::<usize>()
    );
    sizes::text(
        ui,
        area.min,
        egui::Align2::LEFT_TOP,
        &heading,
        t.small,
        color(palette::RED),
    );
    if towns.is_empty() {
        sizes::text(
            ui,
            egui::pos2(area.left(), area.top() + line),
            egui::Align2::LEFT_TOP,
            "无：上月通报的问题都已整改或有改善",
            t.small,
            INK,
        );
        return;
    }
    let rows = ((area.height() - line) / line).floor().max(1.0) as usize;
    let columns = sizes::columns(
        egui::Rect::from_min_max(egui::pos2(area.left(), area.top() + line), area.max),
        2,
        t.small * 1.5,
    );
    let capacity = rows * columns.len();
    let shown = if towns.len() > capacity {
        capacity - 1
    } else {
        towns.len()
    };
    for (k, (town, list)) in towns.iter().take(shown).enumerate() {
        let col = columns[k / rows];
        let pos = egui::pos2(col.left(), col.top() + (k % rows) as f32 * line);
        let text = clipped(
            ui,
            &format!("{town}（{}项）：", list.len()),
            list,
            col.width(),
            t.small,
        );
        sizes::text(ui, pos, egui::Align2::LEFT_TOP, &text, t.small, INK);
        let r = egui::Rect::from_min_size(pos, egui::vec2(col.width(), line));
        sizes::said(ui, r, ("open", k), text);
    }
    if shown < towns.len() {
        let rest: usize = towns[shown..].iter().map(|(_, l)| l.len()).sum();
        let col = columns[columns.len() - 1];
        sizes::text(
            ui,
            egui::pos2(col.left(), col.top() + (rows - 1) as f32 * line),
            egui::Align2::LEFT_TOP,
            &format!("另有{}个乡镇{rest}项，见“督办”", towns.len() - shown),
            t.small,
            INK,
        );
    }
}

/// An item as the slide names it: a measure with this month's figure ("风险消除率56.6%"),
/// else what was raised ("驻村包村部分落实").
fn short(view: &MonthView, i: &Item) -> String {
    let measure = view
        .analysis
        .measures
        .iter()
        .find(|m| i.raised.kind == dd_analysis::followup::MEASURE && m.id == i.raised.key);
    match (measure, &i.now) {
        (Some(m), Some(now)) => format!("{}{now}", m.name),
        _ => i.raised.what.clone(),
    }
}

/// `lead` and as many of `items` as fit `width`, the rest counted: "金石镇（3项）：A、B等3项".
fn clipped(ui: &Ui, lead: &str, items: &[String], width: f32, size: f32) -> String {
    for n in (1..=items.len()).rev() {
        let mut text = format!("{lead}{}", items[..n].join("、"));
        if n < items.len() {
            text.push_str(&format!("等{}项", items.len()));
        }
        if n == 1 || sizes::width(ui, &text, size) <= width {
            return text;
        }
    }
    lead.to_string()
}
