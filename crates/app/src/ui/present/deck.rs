//! The slides of a month, in the order of the meeting: 总体情况, the ranking, the 五大责任,
//! trends, the measures below target, how last month's problems stand, then one 点评 slide a
//! township (worst first).

use eframe::egui::{RichText, Ui};

use super::sizes::Type;
use super::{duties, ranking, review, totals};
use crate::desk::MonthView;
use crate::ui::theme::color;
use crate::ui::views::trends;
use dd_core::palette;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slide {
    Totals,
    Ranking,
    Duties,
    Trends,
    Laggards,
    /// 上月通报问题整改情况 (when there is a last month).
    Followups,
    /// The 点评 of `MonthView::reviews[i]`.
    Review(usize),
}

pub fn deck(view: &MonthView) -> Vec<Slide> {
    let mut d = vec![
        Slide::Totals,
        Slide::Ranking,
        Slide::Duties,
        Slide::Trends,
        Slide::Laggards,
    ];
    if view.analysis.previous_month.is_some() {
        d.push(Slide::Followups);
    }
    d.extend((0..view.reviews.len()).map(Slide::Review));
    d
}

impl Slide {
    pub fn title(self, view: &MonthView) -> String {
        match self {
            Slide::Totals => "总体情况".into(),
            Slide::Ranking if view.analysis.ranked => "乡镇（街道）进度排名".into(),
            Slide::Ranking => "乡镇（街道）进度得分".into(),
            Slide::Duties => "“五大责任”落实情况".into(),
            Slide::Trends => "主要指标趋势".into(),
            Slide::Laggards => "需要加快进度的指标".into(),
            Slide::Followups => "上月通报问题整改情况".into(),
            Slide::Review(i) => format!(
                "点评：{}",
                view.reviews.get(i).map_or("", |r| r.township.as_str())
            ),
        }
    }

    /// Draws the slide, its title on top, filling `ui`.
    pub fn draw(self, ui: &mut Ui, view: &MonthView, t: &Type) {
        let a = &view.analysis;
        ui.vertical_centered(|ui| {
            ui.label(
                RichText::new(format!(
                    "{}{}　{}",
                    a.county,
                    a.month.chinese(),
                    self.title(view)
                ))
                .size(t.title)
                .strong()
                .color(color(palette::BLUE)),
            );
        });
        ui.add_space(t.small * 0.5);
        match self {
            Slide::Totals => totals::show(ui, a, &view.cards, t),
            Slide::Ranking => ranking::show(ui, a, t),
            Slide::Duties => duties::show(ui, &a.duties, t),
            Slide::Trends => {
                let ids: Vec<&str> = view
                    .default_trends
                    .iter()
                    .map(String::as_str)
                    .take(2)
                    .filter(|id| view.county_trends.contains_key(*id))
                    .collect();
                let per = ui.available_height() / ids.len().max(1) as f32 - t.small * 1.8;
                for id in ids {
                    let look = trends::Look {
                        height: per,
                        font: Some(t.small),
                        values: true,
                        hover: t.pointer,
                    };
                    trends::chart(ui, view, &Default::default(), id, &[], look);
                }
            }
            Slide::Laggards => totals::laggards(ui, a, t),
            Slide::Followups => review::followups(ui, view, t),
            Slide::Review(i) => match view.reviews.get(i) {
                Some(r) => review::township(ui, r, (a.ranked, a.lit), t),
                None => {
                    ui.label(RichText::new("（无）").size(t.body));
                }
            },
        }
    }
}
