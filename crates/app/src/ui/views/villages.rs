//! 重点村: each key village with its 联点市级领导, 后盾单位 and 驻村工作队, its fund disbursed
//! against plan and against 序时进度, and its light; sortable by any column.

use eframe::egui::{self, RichText, Ui};

use crate::ui::theme::color;
use crate::ui::tokens::text;
use crate::ui::widgets;
use dd_analysis::{KeyVillageRow, KeyVillages};
use dd_core::palette;
use dd_core::text::plain_number;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum SortKey {
    /// The roster's own order.
    #[default]
    Roster,
    Township,
    Village,
    Paid,
    Schedule,
    Light,
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct State {
    pub sort: SortKey,
    pub descending: bool,
}

fn sorted<'a>(k: &'a KeyVillages, s: &State) -> Vec<&'a KeyVillageRow> {
    let mut rows: Vec<&KeyVillageRow> = k.rows.iter().collect();
    match s.sort {
        SortKey::Roster => {}
        SortKey::Township => rows.sort_by(|a, b| a.township.cmp(&b.township)),
        SortKey::Village => rows.sort_by(|a, b| a.village.cmp(&b.village)),
        SortKey::Paid => rows.sort_by(|a, b| {
            let v = |r: &KeyVillageRow| r.paid.unwrap_or(f64::MIN);
            v(a).total_cmp(&v(b))
        }),
        SortKey::Schedule => rows.sort_by(|a, b| {
            let v = |r: &KeyVillageRow| r.against_schedule.unwrap_or(f64::MIN);
            v(a).total_cmp(&v(b))
        }),
        // Red first when ascending: the villages that need attention.
        SortKey::Light => rows.sort_by_key(|r| std::cmp::Reverse(r.light.ordinal())),
    }
    if s.descending {
        rows.reverse();
    }
    rows
}

fn header(ui: &mut Ui, s: &mut State, label: &str, key: SortKey) {
    super::sort::header(ui, label, key, (&mut s.sort, &mut s.descending), false);
}

pub fn show(ui: &mut Ui, k: Option<&KeyVillages>, s: &mut State) {
    let Some(k) = k else {
        ui.label(
            RichText::new(
                "还没有重点村名单：把名单表格（村、乡镇（街道）、联点市级领导、后盾单位、驻村工作队、衔接资金计划，可加已拨付）拖到这里导入。",
            )
            .size(text::HINT),
        );
        return;
    };
    let [green, yellow, red] = k.lights();
    let paid = k.paid_total().map_or("已拨付未填齐".to_string(), |p| {
        format!("已拨付{}万元", plain_number(p))
    });
    ui.label(RichText::new(format!(
        "{}：{}个重点村，衔接资金计划{}万元，{paid}；序时进度{}%。绿灯{green}个、黄灯{yellow}个、红灯{red}个",
        k.source(),
        k.rows.len(),
        plain_number(k.plan_total()),
        plain_number((k.schedule * 10.0).round() / 10.0),
    )).size(text::BODY));
    ui.label(
        RichText::new("绿灯：领导、后盾单位、工作队齐全且拨付达到序时进度；黄灯：齐全但拨付落后或未填；红灯：缺联点领导、后盾单位或工作队")
            .weak(),
    );
    ui.add_space(6.0);
    egui::ScrollArea::both().id_salt("villages").show(ui, |ui| {
        egui::Grid::new("villages_grid")
            .striped(true)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                header(ui, s, "乡镇（街道）", SortKey::Township);
                header(ui, s, "村", SortKey::Village);
                ui.label(RichText::new("联点市级领导").strong());
                ui.label(RichText::new("后盾单位").strong());
                ui.label(RichText::new("驻村工作队").strong());
                ui.label(RichText::new("计划（万元）").strong());
                header(ui, s, "已拨付（万元）", SortKey::Paid);
                header(ui, s, "较序时进度", SortKey::Schedule);
                header(ui, s, "亮灯", SortKey::Light);
                ui.end_row();
                for r in sorted(k, s) {
                    ui.label(&r.township);
                    ui.label(&r.village).on_hover_text(&r.place);
                    for who in [&r.leader, &r.unit, &r.team] {
                        if who.is_empty() {
                            ui.label(RichText::new("未填").color(color(palette::RED)));
                        } else {
                            ui.label(who);
                        }
                    }
                    ui.label(plain_number(r.plan));
                    match (r.paid, r.paid_percent) {
                        (Some(p), Some(pct)) => ui.label(format!(
                            "{}（{}%）",
                            plain_number(p),
                            plain_number((pct * 10.0).round() / 10.0)
                        )),
                        _ => ui.label(RichText::new("未填").weak()),
                    };
                    match r.against_schedule {
                        Some(g) => {
                            let c = if g < 0.0 {
                                palette::RED
                            } else {
                                palette::GREEN
                            };
                            ui.label(
                                RichText::new(dd_analysis::key_villages::against_words(g))
                                    .color(color(c)),
                            );
                        }
                        None => {
                            ui.label(RichText::new("—").weak());
                        }
                    }
                    ui.horizontal(|ui| widgets::light(ui, Some(r.light), text::BODY));
                    ui.end_row();
                }
            });
    });
}
