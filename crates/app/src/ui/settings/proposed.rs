//! 从表格识别指标: the columns of a county's sheet proposed as indicators, for review before
//! they join the list: each kept or left out, renamed, its unit set, or merged into an
//! indicator the template already has (its header path then becomes that one's alias).

use eframe::egui::{self, RichText, Ui};

use super::draft::{Draft, IndicatorRow, join_list, split_list};
use super::widgets::{edit, named};
use crate::ui::theme::color;
use dd_core::palette;
use dd_import::propose::Proposal;

/// One proposed column as the clerk is shaping it.
#[derive(Debug, Clone)]
pub struct ProposedRow {
    pub keep: bool,
    pub name: String,
    pub unit: String,
    /// The header path (and name) that find the column.
    pub aliases: Vec<String>,
    pub group: String,
    pub additive: Option<bool>,
    /// Where it came from: 表1!E列
    pub place: String,
    /// Index of the draft's indicator it is merged into; None: a new indicator.
    pub into: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Review {
    pub rows: Vec<ProposedRow>,
    pub townships: Vec<String>,
}

impl Review {
    pub fn new(p: &Proposal, d: &Draft) -> Review {
        let rows = p
            .columns
            .iter()
            .map(|c| {
                let ind = &c.indicator;
                // The same name as an indicator already there: merged into it by default.
                let into = d
                    .indicators
                    .iter()
                    .position(|r| r.name.trim() == ind.name || r.def.name == ind.name);
                ProposedRow {
                    keep: true,
                    name: ind.name.clone(),
                    unit: ind.unit.symbol().to_string(),
                    aliases: ind.aliases.clone(),
                    group: ind.group.clone(),
                    additive: ind.additive,
                    place: format!(
                        "{}{}列",
                        if c.sheet.is_empty() {
                            String::new()
                        } else {
                            format!("{}!", c.sheet)
                        },
                        dd_core::text::col_name(c.col)
                    ),
                    into,
                }
            })
            .collect();
        Review {
            rows,
            townships: p.townships.clone(),
        }
    }

    /// Applies the kept rows to the draft: new indicators switched on, merged ones giving
    /// their path as an alias.
    pub fn apply(&self, d: &mut Draft) {
        for row in self.rows.iter().filter(|r| r.keep) {
            match row.into {
                Some(i) if i < d.indicators.len() => {
                    let target = &mut d.indicators[i];
                    let mut aliases = split_list(&target.aliases);
                    for a in row.aliases.iter().chain(std::iter::once(&row.name)) {
                        if a != target.name.trim() && !aliases.contains(a) {
                            aliases.push(a.clone());
                        }
                    }
                    target.aliases = join_list(&aliases);
                    target.on = true;
                }
                _ => {
                    let id = fresh_id(d);
                    let unit = dd_core::template::Unit::parse(&row.unit)
                        .unwrap_or(dd_core::template::Unit::Count("个".into()));
                    d.indicators.push(IndicatorRow {
                        on: true,
                        def: dd_core::template::IndicatorDef {
                            id,
                            name: row.name.trim().to_string(),
                            unit,
                            group: row.group.clone(),
                            aliases: row.aliases.clone(),
                            additive: row.additive,
                        },
                        name: row.name.trim().to_string(),
                        unit: row.unit.trim().to_string(),
                        aliases: join_list(&row.aliases),
                    });
                }
            }
        }
    }
}

/// An id no indicator of the draft has: c1, c2, …
fn fresh_id(d: &Draft) -> String {
    (1..)
        .map(|k| format!("c{k}"))
        .find(|id| !d.indicators.iter().any(|r| &r.def.id == id))
        .unwrap_or_else(|| "c0".into())
}

/// The review: Some(true) to add the kept ones, Some(false) to leave them all.
pub fn show(ui: &mut Ui, review: &mut Review, d: &Draft) -> Option<bool> {
    let mut answer = None;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        let kept = review.rows.iter().filter(|r| r.keep).count();
        ui.label(
            RichText::new(format!(
                "从表格识别到{}列指标（已选{kept}列）",
                review.rows.len()
            ))
            .strong()
            .color(color(palette::BLUE)),
        );
        if !review.townships.is_empty() {
            ui.label(
                RichText::new(format!(
                    "表中的单位：{}（乡镇名单请在“乡镇（街道）”中核对）",
                    join_list(&review.townships)
                ))
                .weak(),
            );
        }
        ui.label(
            RichText::new(
                "每列一个指标，别名是它的表头路径（如 有劳动能力/低保对象(户)），导入时按它找到这一列。\
                 可改名、设单位，或并入已有的指标（表头路径成为它的别名）。",
            )
            .weak(),
        );
        // The answer above the list: a form has dozens of columns.
        ui.horizontal(|ui| {
            if ui.button("加入选中的指标").clicked() {
                answer = Some(true);
            }
            if ui.button("不用").clicked() {
                answer = Some(false);
            }
        });
        ui.label(
            RichText::new("加入后仍可逐个修改；保存为新版本之前什么都不会改变。").weak(),
        );
        let existing: Vec<String> = d.indicators.iter().map(|r| r.name.clone()).collect();
        egui::Grid::new("proposed")
            .striped(true)
            .spacing([10.0, 4.0])
            .show(ui, |ui| {
                for h in ["加入", "名称", "单位", "表头路径", "来源", "并入"] {
                    ui.strong(h);
                }
                ui.end_row();
                for (k, row) in review.rows.iter_mut().enumerate() {
                    let r = ui.checkbox(&mut row.keep, "");
                    named(ui, &r, &format!("加入{}", row.place));
                    let r = edit(ui, &mut row.name, 300.0, "", false);
                    named(ui, &r, &format!("识别的指标名称 {}", row.place));
                    let r = edit(ui, &mut row.unit, 50.0, "", false);
                    named(ui, &r, &format!("识别的单位 {}", row.place));
                    ui.label(RichText::new(join_list(&row.aliases)).weak());
                    ui.label(&row.place);
                    let current = row
                        .into
                        .and_then(|i| existing.get(i).cloned())
                        .unwrap_or_else(|| "（新指标）".into());
                    egui::ComboBox::from_id_salt(("into", k))
                        .selected_text(current)
                        .width(160.0)
                        .show_ui(ui, |ui| {
                            ui.selectable_value(&mut row.into, None, "（新指标）");
                            for (i, name) in existing.iter().enumerate() {
                                ui.selectable_value(&mut row.into, Some(i), name);
                            }
                        });
                    ui.end_row();
                }
            });
    });
    answer
}

#[cfg(test)]
mod tests {
    use super::*;
    use dd_core::template::Template;
    use dd_import::propose::ProposedColumn;

    fn proposal() -> Proposal {
        let ind = |name: &str, unit: &str, alias: &str| dd_core::template::IndicatorDef {
            id: String::new(),
            name: name.into(),
            unit: dd_core::template::Unit::parse(unit).unwrap(),
            group: "贫困户基本情况".into(),
            aliases: vec![alias.into()],
            additive: None,
        };
        Proposal {
            townships: vec!["太平镇".into()],
            county: None,
            columns: vec![
                ProposedColumn {
                    sheet: "表一".into(),
                    col: 4,
                    indicator: ind("有劳动能力低保对象", "户", "有劳动能力/低保对象(户)"),
                },
                ProposedColumn {
                    sheet: "表一".into(),
                    col: 5,
                    indicator: ind("监测对象户数", "户", "监测对象/户数"),
                },
            ],
        }
    }

    #[test]
    fn kept_columns_join_the_draft_and_a_known_name_merges_into_its_indicator() {
        let t = Template::bundled();
        let mut d = Draft::new(t.file(), &t.indicators);
        let before = d.indicators.len();
        let mut review = Review::new(&proposal(), &d);
        // 监测户数 is the sample's own name: merged by default.
        let known = review.rows[1].into.expect("merged");
        review.rows[0].name = "有劳动能力的低保户".into();
        review.apply(&mut d);
        assert_eq!(d.indicators.len(), before + 1);
        let added = d.indicators.last().unwrap();
        assert!(added.on && added.name == "有劳动能力的低保户" && added.unit == "户");
        assert_eq!(added.aliases, "有劳动能力/低保对象(户)");
        assert!(d.indicators[known].aliases.contains("监测对象/户数"));
        // The draft with the new indicator still builds a valid template.
        let (file, notes) = super::super::check::check(&d);
        assert!(notes.is_valid(), "{notes:?}");
        let t2 = Template::from_file(&file).unwrap();
        assert!(t2.indicators.iter().any(|i| i.name == "有劳动能力的低保户"));
    }

    #[test]
    fn a_column_left_out_is_not_added() {
        let t = Template::bundled();
        let mut d = Draft::new(t.file(), &t.indicators);
        let before = d.indicators.len();
        let mut review = Review::new(&proposal(), &d);
        review.rows[0].keep = false;
        review.apply(&mut d);
        assert_eq!(d.indicators.len(), before);
    }
}
