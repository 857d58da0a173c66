//! 督办: the problems each month's brief names, followed into the next months. Earlier months'
//! items as this month's data judges them (已整改 / 有改善 / 未整改), this month's own items
//! (judged when the next month arrives), by township and state; an item can be closed by hand
//! (销号) with a note, and opened again.

use eframe::egui::{self, Color32, RichText, Ui};

use crate::desk::MonthView;
use crate::ui::theme::color;
use crate::ui::tokens::space;
use dd_analysis::followup::{Item, State as ItemState};
use dd_core::palette;

/// Which items the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Filter {
    #[default]
    All,
    Open,
    Better,
    Fixed,
    Closed,
    Pending,
}

impl Filter {
    const ALL: [Filter; 6] = [
        Filter::All,
        Filter::Open,
        Filter::Better,
        Filter::Fixed,
        Filter::Closed,
        Filter::Pending,
    ];

    fn label(self) -> &'static str {
        match self {
            Filter::All => "全部",
            Filter::Open => "未整改",
            Filter::Better => "有改善",
            Filter::Fixed => "已整改",
            Filter::Closed => "已销号",
            Filter::Pending => "待核查",
        }
    }

    fn keeps(self, s: &ItemState) -> bool {
        match self {
            Filter::All => true,
            Filter::Open => *s == ItemState::Open,
            Filter::Better => matches!(s, ItemState::Better { .. }),
            Filter::Fixed => *s == ItemState::Fixed,
            Filter::Closed => matches!(s, ItemState::Closed { .. }),
            Filter::Pending => *s == ItemState::Pending,
        }
    }
}

/// What the view keeps between frames.
#[derive(Debug, Clone, Default)]
pub struct State {
    pub filter: Filter,
    /// Only this township's items.
    pub township: Option<String>,
    /// The item being closed by hand, with its note so far.
    pub closing: Option<(i64, String)>,
}

/// Close an item with a note, or (None) open it again.
pub type Close = (i64, Option<String>);

/// How an item moved, in words: "53% → 56.7%", "本月56.6%", the closing note.
pub fn movement(i: &Item) -> String {
    match &i.state {
        ItemState::Better { from, to } => format!("{from} → {to}"),
        ItemState::Closed { at, note } => format!("{at}：{note}"),
        _ => i.now.as_ref().map_or(String::new(), |n| format!("本月{n}")),
    }
}

pub fn state_color(s: &ItemState) -> Color32 {
    match s {
        ItemState::Fixed => color(palette::GREEN),
        ItemState::Better { .. } => color(palette::YELLOW),
        ItemState::Open => color(palette::RED),
        ItemState::Closed { .. } => color(palette::BLUE),
        ItemState::Pending | ItemState::Withdrawn => color(palette::GREY),
    }
}

/// "上月（2024年9月）通报的问题12项：已整改5项，有改善3项，未整改3项，已销号1项".
pub fn summary(view: &MonthView) -> Option<String> {
    let previous = view.analysis.previous_month?;
    let r = dd_analysis::followup::review(&view.followups, Some(previous));
    Some(format!(
        "上月（{}）通报的问题{}项：已整改{}项，有改善{}项，未整改{}项，已销号{}项",
        previous.chinese(),
        r.total,
        r.fixed,
        r.better,
        r.open,
        r.closed
    ))
}

pub fn show(ui: &mut Ui, view: &MonthView, s: &mut State) -> Option<Close> {
    let month = view.month.chinese();
    ui.heading(format!("督办：{month}"));
    if let Some(line) = summary(view) {
        ui.label(RichText::new(line).strong());
    }
    ui.horizontal_wrapped(|ui| {
        ui.label("状态：");
        for f in Filter::ALL {
            let n = view
                .followups
                .iter()
                .chain(&view.raised)
                .filter(|i| f.keeps(&i.state))
                .count();
            ui.selectable_value(&mut s.filter, f, format!("{}（{n}）", f.label()));
        }
        ui.separator();
        egui::ComboBox::from_label("乡镇（街道）")
            .selected_text(s.township.as_deref().unwrap_or("全部"))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut s.township, None, "全部");
                for row in &view.table.rows {
                    ui.selectable_value(&mut s.township, Some(row.township.clone()), &row.township);
                }
            });
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt("followups")
        .show(ui, |ui| {
            ui.heading("此前各月通报的问题（按本月数据核查）");
            let earlier = list(ui, "earlier", &view.followups, view, s);
            ui.add_space(space::BLOCK);
            ui.heading(format!("{month}提出的问题（下月数据到后核查）"));
            earlier.or(list(ui, "raised", &view.raised, view, s))
        })
        .inner
}

fn list(ui: &mut Ui, salt: &str, items: &[Item], view: &MonthView, s: &mut State) -> Option<Close> {
    let place = |t: &str| view.township_order(t);
    let rank = |st: &ItemState| match st {
        ItemState::Open => 0,
        ItemState::Better { .. } => 1,
        ItemState::Pending => 2,
        ItemState::Fixed => 3,
        _ => 4,
    };
    let mut shown: Vec<&Item> = items
        .iter()
        .filter(|i| s.filter.keeps(&i.state))
        .filter(|i| s.township.as_ref().is_none_or(|t| *t == i.raised.township))
        .collect();
    shown.sort_by_key(|i| {
        (
            place(&i.raised.township),
            rank(&i.state),
            i.raised.month,
            i.id,
        )
    });
    if shown.is_empty() {
        ui.label(RichText::new("没有符合条件的问题").weak());
        return None;
    }
    egui::Grid::new(("followup_grid", salt))
        .striped(true)
        .spacing([14.0, 6.0])
        .show(ui, |ui| {
            for h in ["乡镇（街道）", "提出月份", "问题", "状态", "情况", ""] {
                ui.strong(h);
            }
            ui.end_row();
            let mut asked = None;
            let mut last_town = "";
            for i in shown {
                let town = i.raised.township.as_str();
                ui.label(if town == last_town { "" } else { town });
                last_town = town;
                ui.label(i.raised.month.chinese());
                ui.label(&i.raised.what);
                ui.label(
                    RichText::new(i.state.label())
                        .strong()
                        .color(state_color(&i.state)),
                );
                ui.label(movement(i));
                asked = asked.or(action(ui, i, s));
                ui.end_row();
            }
            asked
        })
        .inner
}

/// 销号… / 重新打开, or the note being written.
fn action(ui: &mut Ui, i: &Item, s: &mut State) -> Option<Close> {
    if let ItemState::Closed { .. } = i.state {
        return ui
            .button("重新打开")
            .on_hover_text("撤销销号，按数据重新核查")
            .clicked()
            .then_some((i.id, None));
    }
    let mut asked = None;
    match &mut s.closing {
        Some((id, note)) if *id == i.id => {
            let mut cancel = false;
            ui.horizontal(|ui| {
                ui.add(
                    egui::TextEdit::singleline(note)
                        .hint_text("整改说明（必填）")
                        .desired_width(220.0),
                );
                let ok = !note.trim().is_empty();
                if ui.add_enabled(ok, egui::Button::new("确定销号")).clicked() {
                    asked = Some((i.id, Some(note.trim().to_string())));
                }
                cancel = ui.button("取消").clicked();
            });
            if asked.is_some() || cancel {
                s.closing = None;
            }
        }
        _ => {
            if ui
                .button("销号…")
                .on_hover_text("已整改到位但数据未体现时，写明情况后手工销号")
                .clicked()
            {
                s.closing = Some((i.id, String::new()));
            }
        }
    }
    asked
}
