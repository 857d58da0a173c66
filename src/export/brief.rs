//! The brief as plain data (title, 主送, sections of paragraphs, tables and charts, signature,
//! date, attachments, workbook sheets), composed from the analysis and the template's words.
//! Renderers only lay it out; every figure and word is decided here.

use std::sync::Arc;

use super::{BriefInput, chart};
use crate::analysis::MonthAnalysis;
use crate::model::Light;
use crate::model::Status;
use crate::palette::{self, Rgb};
use crate::template::brief::{Sentence, fill};
use crate::template::{Template, Unit, expr};
use crate::text::plain_number;

/// Which face a run of text is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanFont {
    /// 仿宋
    Body,
    /// 黑体 (一、 headings)
    Hei,
    /// 楷体 (（一） headings)
    Kai,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub text: String,
    pub font: SpanFont,
}

impl Span {
    pub fn body(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            font: SpanFont::Body,
        }
    }
    pub fn kai(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            font: SpanFont::Kai,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Justify,
    Center,
    Right,
    Left,
}

/// A paragraph of 3号 text. Indents are in characters.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    pub spans: Vec<Span>,
    pub align: Align,
    /// First-line indent (2 for body text).
    pub first_indent: f32,
    /// Left indent of the other lines (a hanging 附件 list).
    pub left_indent: f32,
    /// Right indent (署名 and date).
    pub right_indent: f32,
}

impl Paragraph {
    pub fn body(spans: Vec<Span>) -> Paragraph {
        Paragraph {
            spans,
            align: Align::Justify,
            first_indent: 2.0,
            left_indent: 0.0,
            right_indent: 0.0,
        }
    }

    pub fn text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberFormat {
    Text,
    Integer,
    /// One decimal (rates, scores).
    Decimal1,
    /// Two decimals (money, 户均条数).
    Decimal2,
    /// A change with its sign, one decimal: +2.1 / -1.3.
    Signed1,
}

/// A table cell: the text printed, and the number behind it for the workbook.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: String,
    pub number: Option<f64>,
    pub format: NumberFormat,
    pub fill: Option<Rgb>,
    pub color: Option<Rgb>,
    pub bold: bool,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            number: None,
            format: NumberFormat::Text,
            fill: None,
            color: None,
            bold: false,
        }
    }

    pub fn number(v: Option<f64>, format: NumberFormat) -> Cell {
        let text = match v {
            None => "—".to_string(),
            Some(v) => match format {
                NumberFormat::Integer => format!("{v:.0}"),
                NumberFormat::Decimal1 => format!("{v:.1}"),
                NumberFormat::Decimal2 => format!("{v:.2}"),
                NumberFormat::Signed1 if v >= 0.05 => format!("+{v:.1}"),
                NumberFormat::Signed1 => format!("{v:.1}"),
                NumberFormat::Text => plain_number(v),
            },
        };
        Cell {
            text,
            number: v,
            format,
            fill: None,
            color: None,
            bold: false,
        }
    }

    /// A signed change: +2.1 / -1.3 / —
    pub fn change(v: Option<f64>) -> Cell {
        Cell::number(v, NumberFormat::Signed1)
    }

    fn tinted(mut self, colour: Rgb) -> Cell {
        self.fill = Some(tint(colour));
        self.color = Some(colour);
        self.bold = true;
        self
    }
}

/// A light tint of a palette colour for a table cell (prints well in grey too).
pub fn tint(c: Rgb) -> Rgb {
    let mix = |v: u8| (f32::from(v) * 0.18 + 255.0 * 0.82).round() as u8;
    [mix(c[0]), mix(c[1]), mix(c[2])]
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: String,
    /// Relative width.
    pub width: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// 表题, centred above the table.
    pub title: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// Columns left of this stay in view (workbook).
    pub frozen_columns: u16,
    /// 小五 for wide tables, 五号 otherwise.
    pub small: bool,
    pub note: Option<String>,
}

/// A chart image (PNG at 2×).
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Short name for a file: 排名.
    pub name: String,
    pub title: String,
    pub png: Arc<Vec<u8>>,
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// 一、总体情况 (黑体)
    Heading(String),
    Paragraph(Paragraph),
    Table(Table),
    Chart(Chart),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Attachment {
    /// 附件1
    pub label: String,
    pub title: String,
    pub blocks: Vec<Block>,
}

/// A sheet of the .xlsx summary.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub table: Table,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Brief {
    pub county: String,
    pub month: crate::model::YearMonth,
    pub title: String,
    /// 主送 (without the colon).
    pub recipients: String,
    pub body: Vec<Block>,
    pub signature: Vec<String>,
    /// 成文日期: 2024年10月28日
    pub date: String,
    pub attachments: Vec<Attachment>,
    /// The .xlsx summary's sheets.
    pub workbook: Vec<Sheet>,
}

/// Width of text in characters: CJK and full-width 1, ASCII ½.
pub fn char_width(text: &str) -> f32 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
        .sum()
}

impl Brief {
    /// 主送 line under the title: "各乡镇（街道），…：".
    pub fn recipients_paragraph(&self) -> Paragraph {
        Paragraph {
            spans: vec![Span::body(format!("{}：", self.recipients))],
            align: Align::Justify,
            first_indent: 0.0,
            left_indent: 0.0,
            right_indent: 0.0,
        }
    }

    /// 附件说明 under the body: "附件：1.名称", further names aligned with the first.
    pub fn attachment_note(&self) -> Vec<Paragraph> {
        self.attachments
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let first = i == 0;
                let text = if first {
                    format!("附件：{}．{}", i + 1, a.title)
                } else {
                    format!("{}．{}", i + 1, a.title)
                };
                Paragraph {
                    spans: vec![Span::body(text)],
                    align: Align::Left,
                    // "附件：" is 3 characters, "1．" 1½: names line up at 6½.
                    first_indent: if first { 2.0 } else { 5.0 },
                    left_indent: 6.5,
                    right_indent: 0.0,
                }
            })
            .collect()
    }

    /// 署名 (right, 2 characters from the edge) and the date centred under it.
    pub fn closing(&self) -> Vec<Paragraph> {
        let widest = self
            .signature
            .iter()
            .map(|s| char_width(s))
            .fold(0.0, f32::max);
        let mut out: Vec<Paragraph> = self
            .signature
            .iter()
            .map(|s| Paragraph {
                spans: vec![Span::body(s)],
                align: Align::Right,
                first_indent: 0.0,
                left_indent: 0.0,
                right_indent: 2.0 + (widest - char_width(s)) / 2.0,
            })
            .collect();
        let date_indent = if widest > 0.0 {
            2.0 + ((widest - char_width(&self.date)) / 2.0).max(0.0)
        } else {
            4.0
        };
        out.push(Paragraph {
            spans: vec![Span::body(&self.date)],
            align: Align::Right,
            first_indent: 0.0,
            left_indent: 0.0,
            right_indent: date_indent,
        });
        out
    }

    /// All text of the body, paragraphs joined by newlines (for checks and previews).
    pub fn body_text(&self) -> String {
        let mut out = String::new();
        for b in &self.body {
            match b {
                Block::Heading(h) => out.push_str(h),
                Block::Paragraph(p) => out.push_str(&p.text()),
                Block::Table(t) => out.push_str(&t.title),
                Block::Chart(c) => out.push_str(&c.title),
            }
            out.push('\n');
        }
        out
    }
}

const NUMERALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/// 一, 二 … 十, 十一 …
fn numeral(n: usize) -> String {
    match n {
        1..=10 => NUMERALS[n - 1].to_string(),
        11..=19 => format!("十{}", NUMERALS[n - 11]),
        _ => n.to_string(),
    }
}

/// A number as the brief writes it: counts whole, money up to two decimals, rates one.
fn figure(v: f64, unit: &Unit) -> String {
    let v = if v.abs() < 5e-10 { 0.0 } else { v };
    match unit {
        Unit::Percent => {
            let s = format!("{v:.1}");
            s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
        }
        Unit::Money(_) => {
            let s = format!("{v:.2}");
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        }
        Unit::Count(_) | Unit::Ratio(_) if v.fract() == 0.0 => format!("{v:.0}"),
        Unit::Count(_) | Unit::Ratio(_) => format!("{v:.2}"),
    }
}

/// How a table column of figures in `unit` is formatted.
fn number_format(unit: &Unit) -> NumberFormat {
    match unit {
        Unit::Percent => NumberFormat::Decimal1,
        Unit::Money(_) | Unit::Ratio(_) => NumberFormat::Decimal2,
        Unit::Count(_) => NumberFormat::Integer,
    }
}

const PERCENT: &Unit = &Unit::Percent;

/// "2.1" for a difference in 个百分点, never "-0".
fn points(d: f64) -> String {
    let s = format!("{:.1}", d.abs());
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

struct Ctx<'a> {
    t: &'a Template,
    a: &'a MonthAnalysis,
    input: &'a BriefInput,
}

impl Ctx<'_> {
    fn words(&self) -> &crate::template::brief::BriefWords {
        &self.t.brief
    }

    fn list(&self, items: &[String]) -> String {
        let w = &self.words().words;
        let max = self.words().problems.max_items.max(1);
        let mut s = items
            .iter()
            .take(max)
            .cloned()
            .collect::<Vec<_>>()
            .join(&w.list_separator);
        if items.len() > max {
            s.push_str(&w.etc);
        }
        s
    }

    fn change_words(&self, d: f64) -> String {
        let w = &self.words().words;
        let x = points(d);
        if x == "0" {
            w.flat.clone()
        } else if d > 0.0 {
            w.up.replace("{x}", &x)
        } else {
            w.down.replace("{x}", &x)
        }
    }

    fn schedule_words(&self, d: f64) -> String {
        let w = &self.words().words;
        let x = points(d);
        if x == "0" {
            w.at_schedule.clone()
        } else if d > 0.0 {
            w.above_schedule.replace("{x}", &x)
        } else {
            w.below_schedule.replace("{x}", &x)
        }
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
                None => r.value.map(|v| figure(v, unit)),
                Some("previous") => r.previous.map(|v| figure(v, unit)),
                Some("target") => r.target.map(|v| figure(v, PERCENT)),
                Some("change") => Some(self.change_words(r.value? - r.previous?)),
                Some("schedule") => Some(self.schedule_words(r.against_target()?)),
                Some("base") => {
                    let m = self.t.measure(id)?;
                    let den = a.total(m.denominator.as_deref()?)?;
                    let unit = self.t.indicator(&m.numerator).map(|i| &i.unit)?;
                    Some(figure(den * m.denominator_factor.unwrap_or(1.0), unit))
                }
                Some(_) => None,
            };
        }
        let total = a.totals.iter().find(|t| t.id == id)?;
        match suffix {
            None => total.value.map(|v| figure(v, &total.unit)),
            Some("previous") => total.previous.map(|v| figure(v, &total.unit)),
            Some("change") if total.unit.is_percent() => {
                Some(self.change_words(total.value? - total.previous?))
            }
            _ => None,
        }
    }

    fn fill(&self, text: &str) -> Option<String> {
        fill(text, &|n| self.value(n))
    }

    /// Fills with extra named values first (`{list}`, `{count}`…).
    fn fill_with(&self, text: &str, extra: &[(&str, String)]) -> Option<String> {
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
pub fn compose(input: &BriefInput) -> super::Brief {
    let t = &input.template;
    let a = &input.analysis;
    let cx = Ctx { t, a, input };
    let w = &t.brief;
    let mut body = Vec::new();

    if let Some(p) = cx.fill(&w.opening) {
        body.push(Block::Paragraph(Paragraph::body(vec![Span::body(p)])));
    }
    let mut section = 0;
    let mut heading = |body: &mut Vec<Block>, text: &str| {
        section += 1;
        body.push(Block::Heading(format!("{}、{}", numeral(section), text)));
    };

    // 一、总体情况
    heading(&mut body, &w.headings.overall);
    let mut sub = 0;
    for para in &w.overall {
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
        let text = tidy_end(&text);
        let mut spans = Vec::new();
        if let Some(h) = &para.heading {
            sub += 1;
            spans.push(Span::kai(format!("（{}）{}", numeral(sub), h)));
        }
        spans.push(Span::body(text));
        body.push(Block::Paragraph(Paragraph::body(spans)));
    }

    // 二、各乡镇（街道）工作进展
    heading(&mut body, &w.headings.townships);
    body.extend(township_paragraphs(&cx).into_iter().map(para));
    body.push(Block::Table(ranking_table(&cx, false)));

    // 三、"五大责任"落实情况
    if !a.duties.duties.is_empty() {
        heading(&mut body, &w.headings.duties);
        body.extend(duty_paragraphs(&cx).into_iter().map(para));
        body.push(Block::Table(duty_table(&cx)));
    }

    // 四、存在问题 (and, when last month raised any, how they stand: 督办)
    heading(&mut body, &w.headings.problems);
    let review = &input.followup;
    if review.total > 0 {
        body.push(Block::Paragraph(Paragraph::body(vec![Span::kai(format!(
            "（一）{}",
            w.problems.this_month
        ))])));
        body.extend(problem_paragraphs(&cx).into_iter().map(para));
        let mut spans = vec![Span::kai(format!(
            "（二）{}。",
            w.problems.followup_heading
        ))];
        spans.push(Span::body(followup_sentences(&cx, review)));
        body.push(Block::Paragraph(Paragraph::body(spans)));
    } else {
        body.extend(problem_paragraphs(&cx).into_iter().map(para));
    }

    // 五、下步工作要求
    heading(&mut body, &w.headings.next_steps);
    // The template's text may name the county ({level}级领导联点); the clerk's is kept as typed.
    let next_steps = cx
        .fill(input.next_steps_text())
        .unwrap_or_else(|| input.next_steps_text().to_string());
    for line in next_steps.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        body.push(Block::Paragraph(Paragraph::body(lead_spans(line))));
    }

    // 附件
    let aw = &w.attachments;
    let mut attachments = vec![
        Attachment {
            label: String::new(),
            title: cx.fill(&aw.ranking).unwrap_or_default(),
            blocks: vec![Block::Table(untitled(ranking_table(&cx, true)))],
        },
        Attachment {
            label: String::new(),
            title: cx.fill(&aw.totals).unwrap_or_default(),
            blocks: vec![Block::Table(untitled(totals_table(&cx)))],
        },
    ];
    if let Ok(charts) = chart::charts(input)
        && !charts.is_empty()
    {
        attachments.push(Attachment {
            label: String::new(),
            title: cx.fill(&aw.charts).unwrap_or_default(),
            blocks: charts.into_iter().map(Block::Chart).collect(),
        });
    }
    for (i, att) in attachments.iter_mut().enumerate() {
        att.label = format!("附件{}", i + 1);
    }

    let signature = w.signature.iter().filter_map(|s| cx.fill(s)).collect();
    let workbook = vec![
        Sheet {
            name: "全市汇总".into(),
            table: totals_table(&cx),
        },
        Sheet {
            name: "排名".into(),
            table: ranking_table(&cx, true),
        },
        Sheet {
            name: "五大责任".into(),
            table: duty_table(&cx),
        },
        Sheet {
            name: "月度数据".into(),
            table: data_table(&cx),
        },
        Sheet {
            name: "审核问题".into(),
            table: problems_table(&cx),
        },
    ];
    Brief {
        county: t.county.clone(),
        month: a.month,
        title: cx.fill(&w.title).unwrap_or_default(),
        recipients: cx.fill(&w.recipients).unwrap_or_default(),
        body,
        signature,
        date: input.date.chinese(),
        attachments,
        workbook,
    }
}

/// A table under an attachment title needs no caption of its own.
fn untitled(mut t: Table) -> Table {
    t.title.clear();
    t
}

fn para(text: String) -> Block {
    Block::Paragraph(Paragraph::body(vec![Span::body(text)]))
}

/// A sentence list that ends on "，" or "；" ends on "。" instead.
fn tidy_end(text: &str) -> String {
    let t = text.trim_end();
    match t.strip_suffix(['，', '；', '、']) {
        Some(s) => format!("{s}。"),
        None => t.to_string(),
    }
}

/// "（一）压紧压实责任。正文…" → the lead in 楷体, the rest in 仿宋.
fn lead_spans(line: &str) -> Vec<Span> {
    if line.starts_with('（')
        && let Some(close) = line.find('）')
        && line[..close]
            .chars()
            .skip(1)
            .all(|c| NUMERALS.contains(&c.to_string().as_str()))
        && let Some(end) = line[close..]
            .find('。')
            .map(|i| close + i + '。'.len_utf8())
    {
        let (lead, rest) = line.split_at(end);
        let mut spans = vec![Span::kai(lead)];
        if !rest.is_empty() {
            spans.push(Span::body(rest));
        }
        return spans;
    }
    vec![Span::body(line)]
}

fn township_paragraphs(cx: &Ctx) -> Vec<String> {
    let a = cx.a;
    let w = &cx.words().townships;
    let mut out = Vec::new();
    let scored = a.measures.iter().filter(|m| m.weight > 0.0).count();
    let mut first = cx
        .fill_with(&w.intro, &[("count", scored.to_string())])
        .unwrap_or_default();
    let count = |l: Light| a.progress.iter().filter(|p| p.light == Some(l)).count();
    if let Some(s) = cx.fill_with(
        &w.lights,
        &[
            ("green", count(Light::Green).to_string()),
            ("yellow", count(Light::Yellow).to_string()),
            ("red", count(Light::Red).to_string()),
        ],
    ) {
        first.push_str(&s);
    }
    let ranked: Vec<_> = a.progress.iter().filter(|p| p.score.is_some()).collect();
    let n = w.named.min(ranked.len() / 2);
    if n > 0 {
        let named = |p: &&crate::analysis::Progress| {
            format!(
                "{}（{}分）",
                p.township,
                figure(p.score.unwrap_or(0.0), PERCENT)
            )
        };
        let top: Vec<String> = ranked.iter().take(n).map(named).collect();
        let bottom: Vec<String> = ranked.iter().rev().take(n).rev().map(named).collect();
        if let Some(s) = cx.fill_with(
            &w.top,
            &[("list", top.join(&cx.words().words.list_separator))],
        ) {
            first.push_str(&s);
        }
        if let Some(s) = cx.fill_with(
            &w.bottom,
            &[("list", bottom.join(&cx.words().words.list_separator))],
        ) {
            first.push_str(&s);
        }
    }
    out.push(tidy_end(&first));

    // 较上月
    let mut changes: Vec<(&str, f64)> = a
        .progress
        .iter()
        .filter_map(|p| Some((p.township.as_str(), p.score_change()?)))
        .collect();
    if !changes.is_empty() {
        changes.sort_by(|x, y| y.1.total_cmp(&x.1));
        let k = w.named.max(1);
        let rise: Vec<String> = changes
            .iter()
            .filter(|(_, d)| *d >= 0.05)
            .take(k)
            .map(|(t, d)| format!("{t}（{}）", cx.change_words(*d)))
            .collect();
        let fall: Vec<String> = changes
            .iter()
            .rev()
            .filter(|(_, d)| *d <= -0.05)
            .take(k)
            .map(|(t, d)| format!("{t}（{}）", cx.change_words(*d)))
            .collect();
        let mut s = String::new();
        if !rise.is_empty()
            && let Some(x) = cx.fill_with(
                &w.rise,
                &[("list", rise.join(&cx.words().words.list_separator))],
            )
        {
            s.push_str(&x);
        }
        if !fall.is_empty()
            && let Some(x) = cx.fill_with(
                &w.fall,
                &[("list", fall.join(&cx.words().words.list_separator))],
            )
        {
            s.push_str(&x);
        }
        let twice: Vec<String> = a
            .progress
            .iter()
            .filter(|p| p.last_twice)
            .map(|p| p.township.clone())
            .collect();
        if !twice.is_empty()
            && let Some(x) = cx.fill_with(&w.last_twice, &[("list", cx.list(&twice))])
        {
            s.push_str(&tidy_end(&x));
        }
        if !s.is_empty() {
            out.push(tidy_end(&s));
        }
    }

    // 序时进度 measures (衔接资金)
    for (k, m) in a.measures.iter().enumerate() {
        let Some(rate) = a.rate(&m.id) else { continue };
        if !rate.schedule {
            continue;
        }
        let Some(target) = m.target else { continue };
        let vals: Vec<(&str, f64)> = a
            .progress
            .iter()
            .filter_map(|p| Some((p.township.as_str(), p.values.get(k).copied().flatten()?)))
            .collect();
        if vals.is_empty() {
            continue;
        }
        let above = vals.iter().filter(|(_, v)| *v >= target - 1e-9).count();
        let mut below: Vec<&(&str, f64)> =
            vals.iter().filter(|(_, v)| *v < target - 1e-9).collect();
        below.sort_by(|x, y| x.1.total_cmp(&y.1));
        let list: Vec<String> = below
            .iter()
            .take(cx.words().townships.named.max(1))
            .map(|(t, v)| format!("{t}（{}%）", figure(*v, PERCENT)))
            .collect();
        let mut s = String::new();
        if let Some(v) = rate.value {
            s.push_str(&format!(
                "{}{}{}%，{}；",
                cx.t.county_short,
                m.name,
                figure(v, PERCENT),
                rate.against_target()
                    .map(|d| cx.schedule_words(d))
                    .unwrap_or_default()
            ));
        }
        let template = if below.is_empty() {
            w.schedule
                .split("，其中")
                .next()
                .unwrap_or(&w.schedule)
                .to_string()
                + "。"
        } else {
            w.schedule.clone()
        };
        if let Some(x) = cx.fill_with(
            &template,
            &[
                ("measure", m.name.clone()),
                ("above", above.to_string()),
                ("below", below.len().to_string()),
                ("list", list.join(&cx.words().words.list_separator)),
            ],
        ) {
            s.push_str(&x);
        }
        out.push(tidy_end(&s));
    }
    out
}

fn duty_paragraphs(cx: &Ctx) -> Vec<String> {
    let d = &cx.a.duties;
    let w = &cx.words().duties;
    let mut first = cx.fill(&w.intro).unwrap_or_default();
    let counts: Vec<String> = d
        .duties
        .iter()
        .zip(&d.counts)
        .filter_map(|((_, name), c)| {
            cx.fill_with(
                &w.count,
                &[
                    ("duty", name.clone()),
                    ("done", c[0].to_string()),
                    ("partial", c[1].to_string()),
                    ("not_done", c[2].to_string()),
                ],
            )
        })
        .collect();
    first.push_str(&counts.join("；"));
    let mut out = vec![tidy_end(&format!("{first}。"))];
    let not_done = d.not_done();
    if not_done.is_empty() {
        out.push(w.all_done.clone());
    } else {
        let s: String = not_done
            .iter()
            .filter_map(|(duty, towns)| {
                cx.fill_with(
                    &w.not_done,
                    &[("duty", duty.clone()), ("list", cx.list(towns))],
                )
            })
            .collect();
        out.push(s);
    }
    out
}

/// "2024年9月通报的85项问题中，已整改9项、有改善33项、未整改43项。未整改的有：…"
fn followup_sentences(cx: &Ctx, r: &crate::followup::Review) -> String {
    let w = &cx.words().problems;
    let closed = if r.closed > 0 {
        format!("、已销号{}项", r.closed)
    } else {
        String::new()
    };
    let mut s = cx
        .fill_with(
            &w.followup,
            &[
                (
                    "previous",
                    r.previous.map(|m| m.chinese()).unwrap_or_default(),
                ),
                ("count", r.total.to_string()),
                ("fixed", r.fixed.to_string()),
                ("better", r.better.to_string()),
                ("open", r.open.to_string()),
                ("closed", closed),
            ],
        )
        .unwrap_or_default();
    if !r.still_open.is_empty()
        && let Some(more) = cx.fill_with(&w.followup_open, &[("list", cx.list(&r.still_open))])
    {
        s.push_str(&more);
    }
    s
}

fn problem_paragraphs(cx: &Ctx) -> Vec<String> {
    let a = cx.a;
    let w = &cx.words().problems;
    let mut out = Vec::new();
    if !a.missing.is_empty()
        && let Some(s) = cx.fill_with(
            &w.missing,
            &[
                ("deadline", cx.input.deadline.clone()),
                ("count", a.missing.len().to_string()),
                ("list", cx.list(&a.missing)),
            ],
        )
    {
        out.push(s);
    }
    for lag in &a.laggards {
        let Some(rate) = a.rate(&lag.measure) else {
            continue;
        };
        let unit = &rate.unit;
        let items: Vec<String> = lag
            .townships
            .iter()
            .map(|(t, v, _)| format!("{t}（{}{}）", figure(*v, unit), unit))
            .collect();
        let template = if rate.schedule {
            &w.schedule_laggard
        } else {
            &w.laggard
        };
        if let Some(s) = cx.fill_with(
            template,
            &[
                ("measure", lag.name.clone()),
                ("target", figure(lag.target, PERCENT)),
                ("count", lag.townships.len().to_string()),
                ("list", cx.list(&items)),
            ],
        ) {
            out.push(s);
        }
    }
    let not_done: Vec<(String, Vec<String>)> = a.duties.not_done();
    if !not_done.is_empty() {
        let count: usize = not_done.iter().map(|(_, t)| t.len()).sum();
        let mut towns: Vec<String> = Vec::new();
        for (_, ts) in &not_done {
            for t in ts {
                if !towns.contains(t) {
                    towns.push(t.clone());
                }
            }
        }
        if let Some(s) = cx.fill_with(
            &w.duties,
            &[("count", count.to_string()), ("list", cx.list(&towns))],
        ) {
            out.push(s);
        }
    }
    let warnings: Vec<String> = cx
        .input
        .warnings()
        .map(|p| p.message.trim_end_matches('。').to_string())
        .collect();
    if !warnings.is_empty()
        && let Some(s) = cx.fill_with(
            &w.balance,
            &[
                ("count", warnings.len().to_string()),
                ("list", {
                    let max = w.max_items.max(1);
                    let mut s = warnings
                        .iter()
                        .take(max)
                        .cloned()
                        .collect::<Vec<_>>()
                        .join("；");
                    if warnings.len() > max {
                        s.push_str(&cx.words().words.etc);
                    }
                    s
                }),
            ],
        )
    {
        out.push(s);
    }
    if out.is_empty() {
        out.push(w.none.clone());
    }
    out.into_iter()
        .enumerate()
        .map(|(i, s)| format!("{}．{}", i + 1, s))
        .collect()
}

fn light_cell(l: Option<Light>) -> Cell {
    match l {
        Some(l) => Cell::text(l.label()).tinted(palette::light(l)),
        None => Cell::text("—"),
    }
}

fn status_cell(s: Option<Status>) -> Cell {
    match s {
        Some(s) => Cell::text(s.label()).tinted(palette::status(Some(s))),
        None => Cell::text("—"),
    }
}

/// The ranking: compact for the body (score, light, change, the 序时进度 measure), full for
/// the attachment and the workbook (every scored measure).
fn ranking_table(cx: &Ctx, full: bool) -> Table {
    let a = cx.a;
    let mut columns = if full {
        vec![
            Column {
                title: "排名".into(),
                width: 0.8,
            },
            Column {
                title: "乡镇（街道）".into(),
                width: 2.0,
            },
            Column {
                title: "进度得分".into(),
                width: 1.1,
            },
            Column {
                title: "亮灯".into(),
                width: 1.0,
            },
            Column {
                title: "较上月（个百分点）".into(),
                width: 1.1,
            },
        ]
    } else {
        vec![
            Column {
                title: "排名".into(),
                width: 1.0,
            },
            Column {
                title: "乡镇（街道）".into(),
                width: 2.6,
            },
            Column {
                title: "进度得分".into(),
                width: 1.4,
            },
            Column {
                title: "亮灯".into(),
                width: 1.2,
            },
            Column {
                title: "较上月（个百分点）".into(),
                width: 1.6,
            },
            Column {
                title: "上月排名".into(),
                width: 1.2,
            },
        ]
    };
    let shown: Vec<usize> = a
        .measures
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            if full {
                m.weight > 0.0 || m.target.is_none()
            } else {
                a.rate(&m.id).is_some_and(|r| r.schedule)
            }
        })
        .map(|(k, _)| k)
        .collect();
    for &k in &shown {
        let m = &a.measures[k];
        let unit = &m.unit;
        columns.push(Column {
            title: format!("{}（{}）", m.name, unit),
            width: if full { 1.1 } else { 1.8 },
        });
        if !full
            && let Some(r) = a.rate(&m.id)
            && r.schedule
        {
            columns.push(Column {
                title: "较序时进度（个百分点）".into(),
                width: 1.8,
            });
        }
    }
    let rows = a
        .progress
        .iter()
        .map(|p| {
            let mut row = vec![
                Cell::number(p.rank.map(|r| r as f64), NumberFormat::Integer),
                Cell::text(&p.township),
                Cell::number(p.score, NumberFormat::Decimal1),
                light_cell(p.light),
                Cell::change(p.score_change()),
            ];
            if !full {
                row.push(Cell::number(
                    p.previous_rank.map(|r| r as f64),
                    NumberFormat::Integer,
                ));
            }
            for &k in &shown {
                let m = &a.measures[k];
                let v = p.values.get(k).copied().flatten();
                let fmt = number_format(&m.unit);
                let mut c = Cell::number(v, fmt);
                if let (Some(v), Some(target)) = (v, m.target)
                    && m.weight > 0.0
                    && v < target - 1e-9
                {
                    c.color = Some(palette::RED);
                }
                row.push(c);
                if !full && a.rate(&m.id).is_some_and(|r| r.schedule) {
                    let d = v.zip(m.target).map(|(v, t)| v - t);
                    let mut c = Cell::change(d);
                    if d.is_some_and(|d| d < -0.05) {
                        c.color = Some(palette::RED);
                    }
                    row.push(c);
                }
            }
            row
        })
        .collect();
    let schedule = figure(a.schedule, PERCENT);
    Table {
        title: if full {
            format!("{}各乡镇（街道）重点指标完成情况", a.month.chinese())
        } else {
            cx.words().townships.table.clone()
        },
        columns,
        rows,
        frozen_columns: 2,
        small: full,
        note: Some(format!(
            "注：进度得分为各项指标完成度（实际÷目标，最高100%）的加权平均；序时进度为{}%；红色数字为未达到目标。",
            schedule
        )),
    }
}

fn duty_table(cx: &Ctx) -> Table {
    let d = &cx.a.duties;
    let mut columns = vec![Column {
        title: "乡镇（街道）".into(),
        width: 2.4,
    }];
    columns.extend(d.duties.iter().map(|(_, name)| Column {
        title: name.clone(),
        width: 1.6,
    }));
    let rows = d
        .townships
        .iter()
        .zip(&d.cells)
        .map(|(town, cells)| {
            let mut row = vec![Cell::text(town)];
            row.extend(cells.iter().map(|c| status_cell(c.status)));
            row
        })
        .collect();
    Table {
        title: cx.words().duties.table.clone(),
        columns,
        rows,
        frozen_columns: 1,
        small: false,
        note: None,
    }
}

/// County totals and rates, with last month and the change.
fn totals_table(cx: &Ctx) -> Table {
    let a = cx.a;
    let columns = vec![
        Column {
            title: "指标".into(),
            width: 3.4,
        },
        Column {
            title: "单位".into(),
            width: 0.9,
        },
        Column {
            title: "本月".into(),
            width: 1.4,
        },
        Column {
            title: "上月".into(),
            width: 1.4,
        },
        Column {
            title: "增减".into(),
            width: 1.3,
        },
        Column {
            title: "目标".into(),
            width: 1.2,
        },
    ];
    let fmt = number_format;
    let mut rows = Vec::new();
    for t in &a.totals {
        let f = fmt(&t.unit);
        let mut change = Cell::number(t.value.zip(t.previous).map(|(v, p)| v - p), f);
        if let Some(d) = change.number
            && d > 0.0
        {
            change.text = format!("+{}", change.text);
        }
        rows.push(vec![
            Cell::text(&t.name),
            Cell::text(t.unit.symbol()),
            Cell::number(t.value, f),
            Cell::number(t.previous, f),
            change,
            Cell::text("—"),
        ]);
    }
    for r in &a.rates {
        // A plain ratio (户均帮扶措施 4.32条) keeps two decimals.
        let f = number_format(&r.unit);
        let mut value = Cell::number(r.value, f);
        if let (Some(v), Some(t)) = (r.value, r.target)
            && v < t - 1e-9
        {
            value.color = Some(palette::RED);
        }
        rows.push(vec![
            Cell::text(&r.name),
            Cell::text(r.unit.symbol()),
            value,
            Cell::number(r.previous, f),
            Cell::change(r.value.zip(r.previous).map(|(v, p)| v - p)),
            Cell::number(r.target, NumberFormat::Decimal1),
        ]);
    }
    Table {
        title: format!("{}{}主要指标", cx.t.county, a.month.chinese()),
        columns,
        rows,
        frozen_columns: 1,
        small: false,
        note: {
            let mut notes = Vec::new();
            if !a.is_complete() {
                notes.push(format!(
                    "本月{}/{}个乡镇（街道）已报送，合计只含已报送单位",
                    a.reported(),
                    a.expected
                ));
            }
            if let Some(m) = a.previous_month {
                notes.push(format!("上月为{}；比率的增减单位为个百分点", m.chinese()));
            }
            (!notes.is_empty()).then(|| format!("注：{}。", notes.join("；")))
        },
    }
}

fn data_table(cx: &Ctx) -> Table {
    let d = &cx.input.data;
    let mut columns = vec![Column {
        title: "乡镇（街道）".into(),
        width: 2.4,
    }];
    columns.extend(d.columns.iter().map(|(_, name, unit)| Column {
        title: format!("{name}（{unit}）"),
        width: 1.4,
    }));
    let rows = d
        .townships
        .iter()
        .zip(&d.values)
        .map(|(town, vals)| {
            let mut row = vec![Cell::text(town)];
            for ((_, _, unit), v) in d.columns.iter().zip(vals) {
                let f = number_format(unit);
                row.push(Cell::number(*v, f));
            }
            row
        })
        .collect();
    Table {
        title: format!("{}{}月调度数据", cx.t.county, cx.a.month.chinese()),
        columns,
        rows,
        frozen_columns: 1,
        small: true,
        note: None,
    }
}

fn problems_table(cx: &Ctx) -> Table {
    let columns = ["级别", "文件", "工作表", "单元格", "说明"]
        .iter()
        .zip([0.8, 2.5, 1.2, 0.8, 6.0])
        .map(|(t, w)| Column {
            title: (*t).into(),
            width: w,
        })
        .collect();
    let rows = cx
        .input
        .problems
        .iter()
        .map(|p| {
            vec![
                Cell::text(p.level.label()),
                Cell::text(&p.file),
                Cell::text(p.sheet.clone().unwrap_or_default()),
                Cell::text(p.cell.clone().unwrap_or_default()),
                Cell::text(&p.message),
            ]
        })
        .collect();
    Table {
        title: "导入审核问题".into(),
        columns,
        rows,
        frozen_columns: 0,
        small: true,
        note: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_read_like_the_seed() {
        let u = |s: &str| Unit::parse(s).unwrap();
        assert_eq!(figure(1804.0, &u("户")), "1804");
        assert_eq!(figure(1800.0, &u("万元")), "1800");
        assert_eq!(figure(263.47, &u("万元")), "263.47");
        assert_eq!(figure(4.3237, &Unit::parse_measure("条").unwrap()), "4.32");
        assert_eq!(figure(100.0, PERCENT), "100");
        assert_eq!(figure(76.888, PERCENT), "76.9");
        assert_eq!(points(-6.44), "6.4");
        assert_eq!(numeral(3), "三");
        assert_eq!(numeral(12), "十二");
    }

    #[test]
    fn leads_in_kai() {
        let s = lead_spans("（一）压实责任。各单位要……");
        assert_eq!(s[0], Span::kai("（一）压实责任。"));
        assert_eq!(s[1].font, SpanFont::Body);
        assert_eq!(lead_spans("没有序号。").len(), 1);
    }
}
