//! Composition: the brief's words and figures from the analysis and the template's
//! `[brief]` wording. Placeholders (an indicator id, `{id.schedule}`…) are
//! filled here; a sentence whose placeholder has no value is left out whole.

use super::model::{Attachment, Block, Brief, EditState, Paragraph, Sheet, Span, SpanFont, Table};
use super::title::Lexicon;
use super::words::{PERCENT, compared, figure, figure_in, numeral};
use super::{sections, tables};
use crate::{BriefInput, chart, layout};
use dd_analysis::MonthAnalysis;
use dd_core::template::Template;
use dd_core::template::brief::{BriefWords, Sentence, fill};
use dd_core::template::expr;

/// The widest 署名 line, in characters (the 版心 less the indent on the right).
const SIGNATURE_CHARS: f32 = 20.0;

/// What composition reads: the template, the month's analysis and the rest of the input.
pub(super) struct Ctx<'a> {
    pub t: &'a Template,
    pub a: &'a MonthAnalysis,
    pub input: &'a BriefInput,
}

impl Ctx<'_> {
    pub fn words(&self) -> &BriefWords {
        &self.t.brief
    }

    /// Names joined with the list separator, cut short after `max_items` with 等.
    pub fn list(&self, items: &[String], separator: &str) -> String {
        let max = self.words().problems.max_items.max(1);
        let mut s = items
            .iter()
            .take(max)
            .cloned()
            .collect::<Vec<_>>()
            .join(separator);
        if items.len() > max {
            s.push_str(&self.words().words.etc);
        }
        s
    }

    /// Names joined with 、, cut short with 等.
    pub fn names(&self, items: &[String]) -> String {
        self.list(items, &self.words().words.list_separator)
    }

    /// 较上月提高2.1个百分点 / 较上月下降… / 与上月持平
    pub fn change_words(&self, d: f64) -> String {
        let w = &self.words().words;
        compared(d, &w.up, &w.down, &w.flat)
    }

    /// 超序时进度… / 低于序时进度6.4个百分点 / 与序时进度持平
    pub fn schedule_words(&self, d: f64) -> String {
        let w = &self.words().words;
        compared(d, &w.above_schedule, &w.below_schedule, &w.at_schedule)
    }

    /// A count or amount in a sentence, in 万 from the template's `wan_from` up.
    pub fn figure(&self, v: f64, unit: &dd_core::template::Unit) -> String {
        figure_in(v, unit, self.words().words.wan_from)
    }

    /// The number behind an id (county total or rate), for conditions.
    fn number(&self, id: &str) -> Option<f64> {
        if let Some(r) = self.a.rate(id) {
            return r.value;
        }
        self.a.total(id)
    }

    /// A placeholder's text, or None when it has no value.
    fn value(&self, name: &str) -> Option<String> {
        let a = self.a;
        match name {
            "county" => return Some(self.t.county.clone()),
            "county_short" => return Some(self.t.county_short.clone()),
            "level" => return Some(self.t.level.clone()),
            "group" => return Some(self.t.group()),
            "year" => return Some(a.month.year.to_string()),
            "month" => return Some(a.month.month.to_string()),
            "schedule" => return Some(figure(a.schedule, PERCENT)),
            "totals" => return self.headline_figures(),
            "issuer" => {
                return fill(&self.words().issuer, &|n| {
                    (n != "issuer").then(|| self.value(n)).flatten()
                });
            }
            _ => {}
        }
        let (id, suffix) = match name.split_once('.') {
            Some((i, s)) => (i, Some(s)),
            None => (name, None),
        };
        if let Some(r) = a.rate(id) {
            let unit = &r.unit;
            return match suffix {
                None => r.value.map(|v| self.figure(v, unit)),
                Some("previous") => r.previous.map(|v| self.figure(v, unit)),
                Some("target") => r.target.map(|v| figure(v, PERCENT)),
                Some("change") => Some(self.change_words(r.value? - r.previous?)),
                Some("schedule") => Some(self.schedule_words(r.against_target()?)),
                Some("base") => {
                    let m = self.t.measure(id)?;
                    let den = a.total(m.denominator.as_deref()?)?;
                    let unit = self.t.indicator(&m.numerator).map(|i| &i.unit)?;
                    Some(self.figure(den * m.denominator_factor.unwrap_or(1.0), unit))
                }
                Some(_) => None,
            };
        }
        let total = a.totals.iter().find(|t| t.id == id)?;
        match suffix {
            None => total.value.map(|v| self.figure(v, &total.unit)),
            Some("previous") => total.previous.map(|v| self.figure(v, &total.unit)),
            Some("change") if total.unit.is_percent() => {
                Some(self.change_words(total.value? - total.previous?))
            }
            _ => None,
        }
    }

    /// The headline cards as words: 监测对象1804户4044人，稳定就业12010人; None when no card
    /// has a figure.
    fn headline_figures(&self) -> Option<String> {
        let cards: Vec<String> = self
            .t
            .overview
            .cards
            .iter()
            .filter_map(|card| {
                let figures: Vec<String> = card
                    .ids
                    .iter()
                    .filter_map(|id| {
                        let total = self.a.totals.iter().find(|t| &t.id == id)?;
                        Some(format!(
                            "{}{}",
                            self.figure(total.value?, &total.unit),
                            total.unit
                        ))
                    })
                    .collect();
                (!figures.is_empty()).then(|| format!("{}{}", card.title, figures.concat()))
            })
            .collect();
        (!cards.is_empty()).then(|| cards.join("，"))
    }

    pub fn fill(&self, text: &str) -> Option<String> {
        fill(text, &|n| self.value(n))
    }

    /// Fills with extra named values first (`{list}`, `{count}`…).
    pub fn fill_with(&self, text: &str, extra: &[(&str, String)]) -> Option<String> {
        fill(text, &|n| {
            extra
                .iter()
                .find(|(k, _)| *k == n)
                .map(|(_, v)| v.clone())
                .or_else(|| self.value(n))
        })
    }

    fn holds(&self, rule: &expr::Rule) -> Option<bool> {
        rule.holds(&|id: &str| self.number(id))
    }
}

/// Composes the brief of `input`'s month.
pub fn compose(input: &BriefInput) -> Brief {
    compose_with(input, true)
}

/// The brief's words without drawing its charts: what the app's preview shows.
pub fn compose_words(input: &BriefInput) -> Brief {
    compose_with(input, false)
}

fn compose_with(input: &BriefInput, draw_charts: bool) -> Brief {
    let t = &input.template;
    let a = &input.analysis;
    let cx = Ctx { t, a, input };
    let w = &t.brief;
    let mut body = Vec::new();

    if let Some(p) = cx.fill(&w.opening) {
        body.push(keyed("opening", p));
    }
    let mut section = 0;
    let mut heading = |body: &mut Vec<Block>, text: &str| {
        section += 1;
        body.push(Block::Heading(format!("{}、{}", numeral(section), text)));
    };

    // 一、总体情况
    heading(&mut body, &w.headings.overall);
    body.extend(overall(&cx));

    // 二、各乡镇（街道）工作进展
    heading(&mut body, &w.headings.townships);
    body.extend(
        sections::townships(&cx)
            .into_iter()
            .enumerate()
            .map(|(i, p)| keyed(format!("townships.{i}"), p)),
    );
    // Without scored measures nobody is ranked: no table of dashes.
    if a.measures.iter().any(|m| m.scored) {
        body.push(Block::Table(tables::ranking(&cx, false)));
    }

    // 三、"五大责任"落实情况
    let duties = tables::duties(&cx);
    if !a.duties.duties.is_empty() {
        heading(&mut body, &w.headings.duties);
        body.extend(
            sections::duties(&cx)
                .into_iter()
                .enumerate()
                .map(|(i, p)| keyed(format!("duties.{i}"), p)),
        );
        body.push(Block::Table(duties.clone()));
    }

    // 四、存在问题 (and, when last month raised any, how they stand: 督办)
    heading(&mut body, &w.headings.problems);
    body.extend(problem_blocks(&cx));

    // 五、下步工作要求
    heading(&mut body, &w.headings.next_steps);
    body.extend(next_step_blocks(&cx));

    let lexicon = Lexicon::of(t);
    let (attachments, workbook) = attachments(&cx, &lexicon, duties, draw_charts);
    let edits = apply_edits(&mut body, &input.edits);
    let title = cx.fill(&w.title).unwrap_or_default();
    Brief {
        masthead: masthead(&cx, &lexicon),
        imprint: imprint(&cx, &lexicon),
        county: t.county.clone(),
        month: a.month,
        title_lines: lexicon.lines(&title, layout::TITLE_CHARS),
        title,
        recipients: cx.fill(&w.recipients).unwrap_or_default(),
        body,
        // A name longer than a signature line is broken between its words, evenly.
        signature: w
            .signature
            .iter()
            .filter_map(|s| cx.fill(s))
            .flat_map(|s| lexicon.lines(&s, SIGNATURE_CHARS))
            .collect(),
        date: input.date.chinese(),
        attachments,
        workbook,
        edits,
    }
}

/// 附件 and the workbook's sheets, which share their tables. Without scored measures 附件1
/// is the townships' own figures.
fn attachments(
    cx: &Ctx,
    lexicon: &Lexicon,
    duties: Table,
    draw_charts: bool,
) -> (Vec<Attachment>, Vec<Sheet>) {
    let (a, input) = (cx.a, cx.input);
    let ranking = if a.measures.iter().any(|m| m.scored) {
        tables::ranking(cx, true)
    } else {
        Table {
            title: format!("{}各乡镇（街道）主要指标情况", a.month.chinese()),
            ..tables::data(cx)
        }
    };
    let totals = tables::totals(cx);
    let aw = &cx.words().attachments;
    let villages = input.key_villages.as_ref().map(tables::key_villages);
    let rectification = input
        .named
        .as_ref()
        .filter(|n| !n.is_empty())
        .map(|n| tables::rectification(n));
    let listed = [
        (aw.ranking.as_str(), vec![Block::Table(untitled(&ranking))]),
        (aw.totals.as_str(), vec![Block::Table(untitled(&totals))]),
        (
            aw.key_villages.as_str(),
            villages.iter().map(|v| Block::Table(untitled(v))).collect(),
        ),
        (
            aw.rectification.as_str(),
            rectification
                .iter()
                .map(|r| Block::Table(untitled(r)))
                .collect(),
        ),
        (
            aw.charts.as_str(),
            if draw_charts {
                charts(input)
            } else {
                Vec::new()
            },
        ),
    ];
    let attachments = numbered(cx, lexicon, listed);
    let workbook = workbook(cx, [totals, ranking, duties], villages, rectification);
    (attachments, workbook)
}

/// The red 版头 when the template gives a 发文机关标志, with the 发文字号 when the clerk gave
/// its number.
fn masthead(cx: &Ctx, lexicon: &Lexicon) -> Option<super::Masthead> {
    let d = &cx.words().document;
    let mark = cx.fill(&d.mark).filter(|m| !m.trim().is_empty())?;
    let sequence = cx.input.number.as_deref().map(str::trim);
    let number = sequence
        .filter(|n| !n.is_empty() && !d.number.is_empty())
        .and_then(|n| {
            let year = cx.input.date.year.to_string();
            cx.fill_with(&d.number, &[("number", n.to_string()), ("year", year)])
        });
    Some(super::Masthead {
        mark_lines: lexicon.lines(&mark, layout::MARK_CHARS),
        number,
    })
}

/// 版记: 抄送, 印发机关 and 印发日期 (the 成文日期 unless the clerk gave another).
fn imprint(cx: &Ctx, lexicon: &Lexicon) -> Option<super::Imprint> {
    let w = &cx.words().imprint;
    if !w.show {
        return None;
    }
    let printed = format!(
        "{}印发",
        cx.input.printed.unwrap_or(cx.input.date).chinese()
    );
    let printer = cx.fill(&w.printer).unwrap_or_default();
    Some(super::Imprint {
        copy_to: cx.fill(&w.copy_to).filter(|c| !c.trim().is_empty()),
        printer: lexicon.lines(&printer, layout::printer_chars(&printed)),
        printed,
    })
}

/// Puts the clerk's text in place of each rewritten paragraph (a （一） lead kept in 楷体
/// where the rewrite begins with it) and says how each rewrite stands against the text the
/// data make now.
fn apply_edits(body: &mut [Block], edits: &[crate::ParagraphEdit]) -> Vec<EditState> {
    let mut out: Vec<EditState> = edits
        .iter()
        .map(|e| EditState {
            key: e.key.clone(),
            generated: String::new(),
            edited: e.edited.clone(),
            stale: true,
        })
        .collect();
    for block in body {
        let Block::Paragraph(p) = block else { continue };
        let Some(i) = p
            .key
            .as_ref()
            .and_then(|k| edits.iter().position(|e| &e.key == k))
        else {
            continue;
        };
        let generated = p.text();
        let edited = &edits[i].edited;
        let lead = p
            .spans
            .first()
            .filter(|s| s.font == SpanFont::Kai && edited.starts_with(&s.text))
            .cloned();
        p.spans = match lead {
            Some(lead) => {
                let rest = edited[lead.text.len()..].to_string();
                vec![lead, Span::body(rest)]
            }
            None => vec![Span::body(edited.clone())],
        };
        out[i].stale = generated != edits[i].generated;
        out[i].generated = generated;
    }
    out
}

/// 四、存在问题: this month's (and, when last month named any, how they stand: 督办).
fn problem_blocks(cx: &Ctx) -> Vec<Block> {
    let w = cx.words();
    let mut body = Vec::new();
    let review = &cx.input.followup;
    if review.total > 0 {
        body.push(Block::Paragraph(Paragraph::body(vec![Span::kai(format!(
            "（一）{}",
            w.problems.this_month
        ))])));
        body.extend(sections::problems(cx).into_iter().map(|(k, p)| keyed(k, p)));
        let mut spans = vec![Span::kai(format!(
            "（二）{}。",
            w.problems.followup_heading
        ))];
        spans.push(Span::body(sections::followup(cx, review)));
        body.push(Block::Paragraph(Paragraph::keyed("followup", spans)));
    } else {
        body.extend(sections::problems(cx).into_iter().map(|(k, p)| keyed(k, p)));
    }

    body
}

/// 五、下步工作要求: the clerk's text, else the template's, a paragraph a line.
fn next_step_blocks(cx: &Ctx) -> Vec<Block> {
    let input = cx.input;
    let mut body = Vec::new();
    // The template's text may name the county ({level}级领导联点); the clerk's is kept as typed.
    let next_steps = cx
        .fill(input.next_steps_text())
        .unwrap_or_else(|| input.next_steps_text().to_string());
    for line in next_steps.lines() {
        let line = line.trim();
        if !line.is_empty() {
            body.push(Block::Paragraph(Paragraph::body(sections::lead_spans(
                line,
            ))));
        }
    }

    body
}

/// 一、总体情况: the template's paragraphs of sentences, each with its （一） lead in 楷体.
fn overall(cx: &Ctx) -> Vec<Block> {
    let mut out = Vec::new();
    let mut sub = 0;
    for (i, para) in cx.words().overall.iter().enumerate() {
        let mut text = String::new();
        for s in &para.sentences {
            let piece = match s {
                Sentence::Text(x) => cx.fill(x),
                Sentence::When {
                    when,
                    text,
                    otherwise,
                } => match cx.holds(&when.rule) {
                    Some(true) => cx.fill(text),
                    Some(false) => otherwise.as_deref().and_then(|o| cx.fill(o)),
                    None => None,
                },
            };
            if let Some(p) = piece {
                text.push_str(&p);
            }
        }
        if text.is_empty() {
            continue;
        }
        let mut spans = Vec::new();
        if let Some(h) = &para.heading {
            sub += 1;
            spans.push(Span::kai(format!("（{}）{}", numeral(sub), h)));
        }
        spans.push(Span::body(sections::tidy_end(&text)));
        out.push(Block::Paragraph(Paragraph::keyed(
            format!("overall.{i}"),
            spans,
        )));
    }
    out
}

/// The chart images; when they cannot be drawn, the attachment says why.
fn charts(input: &BriefInput) -> Vec<Block> {
    match chart::charts(input) {
        Ok(charts) => charts.into_iter().map(Block::Chart).collect(),
        Err(e) => vec![para(format!("图表未能生成：{e}"))],
    }
}

/// The .xlsx summary's sheets: county totals, ranking and 五大责任 (`tables`), the month's
/// data, the import problems, and the 重点村 and 整改清单 where there are any.
fn workbook(
    cx: &Ctx,
    [totals, ranking, duties]: [Table; 3],
    villages: Option<Table>,
    rectification: Option<Table>,
) -> Vec<Sheet> {
    let sheet = |name: &str, table: Table| Sheet {
        name: name.into(),
        table,
    };
    let mut workbook = vec![
        sheet("全市汇总", totals),
        sheet("排名", ranking),
        sheet("五大责任", duties),
        sheet("月度数据", tables::data(cx)),
        sheet("审核问题", tables::problems(cx)),
    ];
    workbook.extend(villages.map(|v| sheet("重点村", v)));
    workbook.extend(rectification.map(|r| sheet("整改清单", r)));
    workbook
}

/// The attachments that have something to show, numbered 附件1, 附件2… in order.
fn numbered(cx: &Ctx, lexicon: &Lexicon, listed: [(&str, Vec<Block>); 5]) -> Vec<Attachment> {
    listed
        .into_iter()
        .filter(|(_, blocks)| !blocks.is_empty())
        .enumerate()
        .map(|(i, (title, blocks))| {
            let title = cx.fill(title).unwrap_or_default();
            Attachment {
                label: format!("附件{}", i + 1),
                title_lines: lexicon.lines(&title, layout::TITLE_CHARS),
                title,
                blocks,
            }
        })
        .collect()
}

/// A table under an attachment title needs no caption of its own.
fn untitled(t: &Table) -> Table {
    Table {
        title: String::new(),
        ..t.clone()
    }
}

fn para(text: String) -> Block {
    Block::Paragraph(Paragraph::body(vec![Span::body(text)]))
}

fn keyed(key: impl Into<String>, text: String) -> Block {
    Block::Paragraph(Paragraph::keyed(key, vec![Span::body(text)]))
}
