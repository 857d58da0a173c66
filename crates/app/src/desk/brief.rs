//! The brief of a month as the clerk shapes it before it is sent: the problems it names
//! (通报问题: ticked, reworded, 整改时限 and 责任单位, added by hand), its paragraphs as
//! composed with the clerk's rewrites, and its 成文日期.

use super::{Desk, Update};
use dd_analysis::followup::kind_label;
use dd_core::model::{MANUAL, YearMonth};
use dd_export::Block;
use dd_office::Result;
use dd_store::{BriefEdit, NOTE_BRIEF_DATE, ProblemEdit};

/// What the clerk does to a month's brief.
#[derive(Debug, Clone)]
pub enum BriefCommand {
    /// Compose the month's brief for the 通报 view.
    Preview(YearMonth),
    /// Tick or untick a problem, or change its words, 整改时限 or 责任单位.
    EditProblem {
        month: YearMonth,
        id: i64,
        edit: ProblemEdit,
    },
    /// A problem the data do not show, added by hand.
    AddProblem {
        month: YearMonth,
        township: String,
        what: String,
        deadline: String,
    },
    /// Remove a hand-added problem.
    RemoveProblem { month: YearMonth, id: i64 },
    /// Rewrite a paragraph (`text` None: back to the generated text). `generated` is the text
    /// the clerk saw: a later change of the data flags the rewrite for review.
    EditParagraph {
        month: YearMonth,
        key: String,
        generated: String,
        text: Option<String>,
    },
    /// 成文日期 (`YYYY-MM-DD`; empty: the day of export).
    SetDate { month: YearMonth, date: String },
    /// 发文顺序号 of the 发文字号 (digits; empty: none yet).
    SetNumber { month: YearMonth, number: String },
}

/// A problem of the month as the 通报问题 list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ProblemRow {
    pub id: i64,
    pub kind: &'static str,
    pub manual: bool,
    pub township: String,
    /// The words the brief and the ledger use (the clerk's, else the raised ones).
    pub what: String,
    /// The words as raised (what 恢复 goes back to).
    pub raised: String,
    pub named: bool,
    pub unit: String,
    pub deadline: String,
}

/// One block of the composed body as the preview shows it.
#[derive(Debug, Clone, PartialEq)]
pub enum PreviewBlock {
    Heading(String),
    /// A table or chart: only its title.
    Caption(String),
    Paragraph {
        /// None: not rewritable here (下步工作要求 is edited on its own).
        key: Option<String>,
        text: String,
        /// What composition writes from the data now.
        generated: String,
        edited: bool,
        /// Rewritten, and the data changed since: 需复核.
        stale: bool,
    },
}

/// The 通报 view of a month.
#[derive(Debug, Clone, PartialEq)]
pub struct BriefPreview {
    pub month: YearMonth,
    pub title: String,
    pub blocks: Vec<PreviewBlock>,
    pub problems: Vec<ProblemRow>,
    /// The townships a problem can be added for.
    pub townships: Vec<String>,
    /// 成文日期 as chosen (`YYYY-MM-DD`), empty for the day of export.
    pub date: String,
    /// 成文日期 as the brief prints it.
    pub date_words: String,
    /// The template issues the brief as a 文件 with a 发文字号: the 发文顺序号 as kept, and
    /// the 发文字号 as printed (None until a number is given).
    pub number: Option<(String, Option<String>)>,
    /// Rewrites whose paragraph is no longer written.
    pub orphans: Vec<String>,
}

impl Desk {
    pub(super) fn brief_command(&mut self, c: BriefCommand) -> Vec<Update> {
        let (month, done) = match c {
            BriefCommand::Preview(m) => (m, Ok(None)),
            BriefCommand::EditProblem { month, id, edit } => (
                month,
                self.ws
                    .edit_problem(id, &edit)
                    .map(|()| Some("已保存通报问题")),
            ),
            BriefCommand::AddProblem {
                month,
                township,
                what,
                deadline,
            } => {
                if township.trim().is_empty() || what.trim().is_empty() {
                    return vec![Update::Error("请选择乡镇（街道）并填写问题".into())];
                }
                let added = self
                    .ws
                    .add_problem(month, &township, &what, Some(&deadline))
                    .map(|_| Some("已添加问题"));
                (month, added)
            }
            BriefCommand::RemoveProblem { month, id } => (
                month,
                self.ws.remove_problem(id).map(|()| Some("已删除问题")),
            ),
            BriefCommand::EditParagraph {
                month,
                key,
                generated,
                text,
            } => {
                let done = match text {
                    Some(edited) => self
                        .ws
                        .put_brief_edit(
                            month,
                            &BriefEdit {
                                key,
                                generated,
                                edited,
                            },
                        )
                        .map(|()| Some("已保存修改的段落")),
                    None => self
                        .ws
                        .remove_brief_edit(month, &key)
                        .map(|()| Some("已恢复为自动生成的文字")),
                };
                (month, done)
            }
            BriefCommand::SetDate { month, date } => {
                match dd_office::brief::set_date(&mut self.ws, month, &date) {
                    Ok(()) => (month, Ok(Some("已保存成文日期"))),
                    Err(e) => return vec![Update::Error(e.to_string())],
                }
            }
            BriefCommand::SetNumber { month, number } => {
                match dd_office::brief::set_number(&mut self.ws, month, &number) {
                    Ok(()) => (month, Ok(Some("已保存发文字号"))),
                    Err(e) => return vec![Update::Error(e.to_string())],
                }
            }
        };
        let mut out = match done {
            Ok(Some(info)) => vec![Update::Info(info.into())],
            Ok(None) => Vec::new(),
            Err(e) => return vec![Update::Error(e.to_string())],
        };
        match self.brief_preview(month) {
            Ok(p) => out.push(Update::Brief(Box::new(p))),
            Err(e) => out.push(Update::Error(e.to_string())),
        }
        out
    }

    /// The month's brief composed (without drawing its charts) with its problems.
    pub fn brief_preview(&mut self, month: YearMonth) -> Result<BriefPreview> {
        let (ws, analysis, t) = self.analysed()?;
        let input = dd_office::brief::input(ws, analysis, t, month)?;
        let brief = dd_export::compose_words(&input);
        let mut stored: Vec<_> = ws
            .followups_as_of(month)?
            .into_iter()
            .filter(|f| f.raised.month == month && !f.withdrawn)
            .collect();
        dd_office::brief::sort_as_the_brief(&mut stored, t);
        let problems = stored
            .iter()
            .map(|f| {
                let named = dd_office::brief::named_problem(f, t);
                ProblemRow {
                    id: f.id,
                    kind: kind_label(&f.raised.kind),
                    manual: f.raised.kind == MANUAL,
                    township: f.raised.township.clone(),
                    what: named.what,
                    raised: f.raised.what.clone(),
                    named: f.choice.named,
                    unit: named.unit,
                    deadline: named.deadline,
                }
            })
            .collect();
        let date = ws.note(month, NOTE_BRIEF_DATE)?.unwrap_or_default();
        let number = t.brief.document.wants_number().then(|| {
            (
                input.number.clone().unwrap_or_default(),
                brief.masthead.as_ref().and_then(|m| m.number.clone()),
            )
        });
        Ok(BriefPreview {
            month,
            title: brief.title.clone(),
            blocks: blocks(&brief),
            problems,
            townships: t.townships.iter().map(|x| x.name.clone()).collect(),
            date,
            date_words: brief.date.clone(),
            number,
            orphans: brief
                .edits
                .iter()
                .filter(|e| e.generated.is_empty())
                .map(|e| e.edited.clone())
                .collect(),
        })
    }
}

fn blocks(brief: &dd_export::Brief) -> Vec<PreviewBlock> {
    brief
        .body
        .iter()
        .map(|b| match b {
            Block::Heading(h) => PreviewBlock::Heading(h.clone()),
            Block::Table(t) => PreviewBlock::Caption(format!("（表）{}", t.title)),
            Block::Chart(c) => PreviewBlock::Caption(format!("（图）{}", c.title)),
            Block::Paragraph(p) => {
                let state = p
                    .key
                    .as_ref()
                    .and_then(|k| brief.edits.iter().find(|e| &e.key == k));
                let text = p.text();
                PreviewBlock::Paragraph {
                    key: p.key.clone(),
                    generated: state.map_or_else(|| text.clone(), |s| s.generated.clone()),
                    edited: state.is_some(),
                    stale: state.is_some_and(|s| s.stale),
                    text,
                }
            }
        })
        .collect()
}
