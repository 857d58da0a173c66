//! 通报: the month's brief as the clerk shapes it before it is sent. On the left the problems
//! it names (通报问题: ticked by default the worst of each kind; tick, untick, reword, set
//! 整改时限 and 责任单位, add one by hand); on the right the composed text, where any paragraph
//! can be rewritten for this month (shown as 已修改, flagged 需复核 when the data change after
//! the rewrite, revertible), and the 成文日期.

use eframe::egui::{self, Color32, RichText, Ui};

use crate::desk::{BriefCommand, BriefPreview, PreviewBlock, ProblemRow};
use crate::ui::theme::color;
use crate::ui::tokens::space;
use dd_core::model::YearMonth;
use dd_core::palette;
use dd_store::ProblemEdit;

/// What the view keeps between frames.
#[derive(Debug, Clone, Default)]
pub struct State {
    /// The paragraph being rewritten: (key, generated, text so far).
    pub paragraph: Option<(String, String, String)>,
    /// The problem being edited: (id, words, 责任单位, 整改时限).
    pub problem: Option<(i64, String, String, String)>,
    pub add_township: String,
    pub add_what: String,
    pub add_deadline: String,
    /// The rewrite box has just opened: it takes the keyboard.
    pub focus: bool,
    /// 成文日期 and 发文顺序号 as typed, and the month they were taken from.
    pub date: Option<(YearMonth, String)>,
    pub number: Option<(YearMonth, String)>,
}

pub fn show(ui: &mut Ui, p: &BriefPreview, s: &mut State) -> Option<BriefCommand> {
    let mut out = None;
    ui.heading(format!("通报：{}", p.title));
    if s.date.as_ref().is_none_or(|(m, _)| *m != p.month) {
        s.date = Some((p.month, p.date.clone()));
    }
    ui.horizontal(|ui| {
        ui.label("成文日期");
        if let Some((_, date)) = &mut s.date {
            ui.add(
                egui::TextEdit::singleline(date)
                    .desired_width(120.0)
                    .hint_text("YYYY-MM-DD"),
            );
            if ui.button("保存日期").clicked() {
                out = Some(BriefCommand::SetDate {
                    month: p.month,
                    date: date.clone(),
                });
            }
        }
        ui.label(RichText::new(format!("（通报落款：{}；留空为导出当天）", p.date_words)).weak());
    });
    if let Some(c) = number(ui, p, s) {
        out = Some(c);
    }
    ui.separator();
    ui.columns(2, |cols| {
        if let Some(c) = problems(&mut cols[0], p, s) {
            out = Some(c);
        }
        if let Some(c) = text(&mut cols[1], p, s) {
            out = Some(c);
        }
    });
    out
}

/// 发文字号, when the template issues the brief as a 文件: the 发文顺序号 and the number as
/// it will print.
fn number(ui: &mut Ui, p: &BriefPreview, s: &mut State) -> Option<BriefCommand> {
    let (kept, printed) = p.number.as_ref()?;
    if s.number.as_ref().is_none_or(|(m, _)| *m != p.month) {
        s.number = Some((p.month, kept.clone()));
    }
    let (_, typed) = s.number.as_mut()?;
    let mut out = None;
    ui.horizontal(|ui| {
        ui.label("发文顺序号");
        ui.add(
            egui::TextEdit::singleline(typed)
                .desired_width(60.0)
                .hint_text("12"),
        );
        if ui.button("保存字号").clicked() {
            out = Some(BriefCommand::SetNumber {
                month: p.month,
                number: typed.clone(),
            });
        }
        let words = match printed {
            Some(n) => format!("（文头印：{n}）"),
            None => "（未填写：文头不印发文字号）".to_string(),
        };
        ui.label(RichText::new(words).weak());
    });
    out
}

/// 通报问题: the month's problems with their ticks, and a problem added by hand.
fn problems(ui: &mut Ui, p: &BriefPreview, s: &mut State) -> Option<BriefCommand> {
    let mut out = None;
    let named = p.problems.iter().filter(|r| r.named).count();
    ui.label(
        RichText::new(format!(
            "通报问题：本月发现{}项，勾选{}项写入通报和整改台账",
            p.problems.len(),
            named
        ))
        .strong(),
    );
    egui::ScrollArea::vertical()
        .id_salt("brief_problems")
        .max_height(ui.available_height() - 140.0)
        .show(ui, |ui| {
            for r in &p.problems {
                if let Some(c) = problem_row(ui, p.month, r, s) {
                    out = Some(c);
                }
            }
        });
    ui.separator();
    ui.label(RichText::new("添加问题（数据中没有的，由下月手工销号）").strong());
    ui.horizontal(|ui| {
        egui::ComboBox::from_id_salt("add_township")
            .selected_text(if s.add_township.is_empty() {
                "乡镇（街道）"
            } else {
                &s.add_township
            })
            .show_ui(ui, |ui| {
                for t in &p.townships {
                    ui.selectable_value(&mut s.add_township, t.clone(), t);
                }
            });
        ui.add(
            egui::TextEdit::singleline(&mut s.add_deadline)
                .desired_width(120.0)
                .hint_text("整改时限"),
        );
    });
    ui.horizontal(|ui| {
        ui.add(
            egui::TextEdit::singleline(&mut s.add_what)
                .desired_width(ui.available_width() - 60.0)
                .hint_text("问题，如：产业帮扶项目台账不全"),
        );
        if ui.button("添加").clicked() {
            out = Some(BriefCommand::AddProblem {
                month: p.month,
                township: std::mem::take(&mut s.add_township),
                what: std::mem::take(&mut s.add_what),
                deadline: std::mem::take(&mut s.add_deadline),
            });
        }
    });
    out
}

fn problem_row(
    ui: &mut Ui,
    month: YearMonth,
    r: &ProblemRow,
    s: &mut State,
) -> Option<BriefCommand> {
    let mut out = None;
    let edit = |e: ProblemEdit| BriefCommand::EditProblem {
        month,
        id: r.id,
        edit: e,
    };
    ui.horizontal_wrapped(|ui| {
        let mut ticked = r.named;
        if ui.checkbox(&mut ticked, "").changed() {
            out = Some(edit(ProblemEdit {
                named: Some(ticked),
                ..ProblemEdit::default()
            }));
        }
        ui.label(RichText::new(r.kind).small().color(color(palette::GREY)));
        ui.label(RichText::new(&r.township).strong());
        ui.label(&r.what);
        if r.named {
            ui.label(
                RichText::new(format!("{} · {}", r.unit, r.deadline))
                    .small()
                    .weak(),
            );
        }
        if ui.small_button("修改").clicked() {
            s.problem = Some((r.id, r.what.clone(), r.unit.clone(), r.deadline.clone()));
        }
        if r.manual && ui.small_button("删除").clicked() {
            out = Some(BriefCommand::RemoveProblem { month, id: r.id });
        }
    });
    if let Some((id, what, unit, deadline)) = &mut s.problem
        && *id == r.id
    {
        let mut done = false;
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.add(egui::TextEdit::singleline(what).desired_width(f32::INFINITY));
            ui.horizontal(|ui| {
                ui.label("责任单位");
                ui.add(egui::TextEdit::singleline(unit).desired_width(140.0));
                ui.label("整改时限");
                ui.add(egui::TextEdit::singleline(deadline).desired_width(140.0));
            });
            ui.horizontal(|ui| {
                if ui.button("保存").clicked() {
                    // The raised words kept as they are stay the default (no wording stored).
                    let wording = if *what == r.raised {
                        String::new()
                    } else {
                        what.clone()
                    };
                    out = Some(edit(ProblemEdit {
                        named: None,
                        wording: Some(wording),
                        deadline: Some(deadline.clone()),
                        unit: Some(unit.clone()),
                    }));
                    done = true;
                }
                if ui.button("取消").clicked() {
                    done = true;
                }
            });
        });
        if done {
            s.problem = None;
        }
    }
    out
}

/// The composed text, each paragraph with its rewrite.
fn text(ui: &mut Ui, p: &BriefPreview, s: &mut State) -> Option<BriefCommand> {
    let mut out = None;
    let stale = p
        .blocks
        .iter()
        .filter(|b| matches!(b, PreviewBlock::Paragraph { stale: true, .. }))
        .count();
    ui.label(
        RichText::new("通报正文（点“修改”改写本月的这一段，导出的各种格式都用改写后的文字）")
            .strong(),
    );
    if stale > 0 {
        ui.label(
            RichText::new(format!("有{stale}段改写后数据又有变化，请复核"))
                .color(color(palette::RED)),
        );
    }
    for o in &p.orphans {
        ui.label(RichText::new(format!("改写过的段落已不再生成：{o}")).color(color(palette::GREY)));
    }
    egui::ScrollArea::vertical()
        .id_salt("brief_text")
        .show(ui, |ui| {
            for b in &p.blocks {
                match b {
                    PreviewBlock::Heading(h) => {
                        ui.add_space(space::ITEM[1]);
                        ui.label(RichText::new(h).strong());
                    }
                    PreviewBlock::Caption(c) => {
                        ui.label(RichText::new(c).weak());
                    }
                    PreviewBlock::Paragraph {
                        key,
                        text,
                        generated,
                        edited,
                        stale,
                    } => {
                        if let Some(c) = paragraph(
                            ui,
                            p.month,
                            key.as_deref(),
                            text,
                            generated,
                            (*edited, *stale),
                            s,
                        ) {
                            out = Some(c);
                        }
                    }
                }
            }
        });
    out
}

fn paragraph(
    ui: &mut Ui,
    month: YearMonth,
    key: Option<&str>,
    text: &str,
    generated: &str,
    (edited, stale): (bool, bool),
    s: &mut State,
) -> Option<BriefCommand> {
    let mut out = None;
    let Some(key) = key else {
        ui.label(text);
        return None;
    };
    if let Some((k, g, t)) = &mut s.paragraph
        && k == key
    {
        let mut done = false;
        ui.add(
            egui::TextEdit::multiline(t)
                .desired_width(f32::INFINITY)
                .desired_rows(4),
        );
        ui.horizontal(|ui| {
            if ui.button("保存").clicked() {
                out = Some(BriefCommand::EditParagraph {
                    month,
                    key: key.to_string(),
                    generated: g.clone(),
                    text: Some(t.clone()),
                });
                done = true;
            }
            if ui.button("取消").clicked() {
                done = true;
            }
        });
        if done {
            s.paragraph = None;
        }
        return out;
    }
    let tint = if stale {
        color(palette::RED)
    } else if edited {
        color(palette::BLUE)
    } else {
        Color32::TRANSPARENT
    };
    egui::Frame::new()
        .stroke(egui::Stroke::new(1.0, tint))
        .inner_margin(2.0)
        .show(ui, |ui| {
            ui.label(text);
            ui.horizontal(|ui| {
                if stale {
                    ui.label(
                        RichText::new("数据已变，请复核")
                            .small()
                            .color(color(palette::RED)),
                    )
                    .on_hover_text(format!("按现在的数据生成：{generated}"));
                } else if edited {
                    ui.label(RichText::new("已修改").small().color(color(palette::BLUE)));
                }
                if ui.small_button("修改").clicked() {
                    s.paragraph = Some((key.to_string(), generated.to_string(), text.to_string()));
                    s.focus = true;
                }
                if stale && ui.small_button("已复核").clicked() {
                    out = Some(BriefCommand::EditParagraph {
                        month,
                        key: key.to_string(),
                        generated: generated.to_string(),
                        text: Some(text.to_string()),
                    });
                }
                if edited && ui.small_button("恢复").clicked() {
                    out = Some(BriefCommand::EditParagraph {
                        month,
                        key: key.to_string(),
                        generated: generated.to_string(),
                        text: None,
                    });
                }
            });
        });
    out
}
