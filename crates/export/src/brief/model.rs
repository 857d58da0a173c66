//! The brief as plain data: title (with its composed lines), 主送, sections of paragraphs,
//! tables and charts, signature, date, attachments and the workbook's sheets. Composition
//! decides every figure and word; the walker ([`crate::layout`]) decides where
//! things go on the page; the writers only draw.

use std::sync::Arc;

pub use super::words::NumberFormat;
use dd_core::palette::Rgb;

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
    pub fn hei(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            font: SpanFont::Hei,
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
    /// Which paragraph it is, for the clerk's rewrite of it (`problems.missing`…); None for
    /// what cannot be rewritten.
    pub key: Option<String>,
}

impl Paragraph {
    /// Body text: justified, the first line indented two characters.
    pub fn body(spans: Vec<Span>) -> Paragraph {
        Paragraph {
            first_indent: 2.0,
            ..Paragraph::flush(spans, Align::Justify)
        }
    }

    /// No indent at all.
    pub fn flush(spans: Vec<Span>, align: Align) -> Paragraph {
        Paragraph {
            spans,
            align,
            first_indent: 0.0,
            left_indent: 0.0,
            right_indent: 0.0,
            key: None,
        }
    }

    /// Body text the clerk may rewrite, under `key`.
    pub fn keyed(key: impl Into<String>, spans: Vec<Span>) -> Paragraph {
        Paragraph {
            key: Some(key.into()),
            ..Paragraph::body(spans)
        }
    }

    pub fn text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }
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
        Cell {
            text: format.text(v),
            number: v,
            format,
            ..Cell::text("")
        }
    }

    /// A signed change: +2.1 / -1.3 / —
    pub fn change(v: Option<f64>) -> Cell {
        Cell::number(v, NumberFormat::Signed1)
    }

    /// In red (below target).
    pub fn red_if(mut self, below: bool) -> Cell {
        if below {
            self.color = Some(dd_core::palette::RED);
        }
        self
    }

    /// A light or a status: its colour on a light tint of it, bold.
    pub fn tinted(mut self, colour: Rgb) -> Cell {
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
    /// The title broken into lines (whole words, balanced).
    pub title_lines: Vec<String>,
    pub blocks: Vec<Block>,
}

/// A sheet of the .xlsx summary.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub table: Table,
}

/// 版头 of a brief issued as a 文件 (GB/T 9704 §7.2).
#[derive(Debug, Clone, PartialEq)]
pub struct Masthead {
    /// 发文机关标志, broken into lines between words.
    pub mark_lines: Vec<String>,
    /// 发文字号: 湘巩衔办〔2024〕12号; None when the template has none or the clerk gave no
    /// 发文顺序号.
    pub number: Option<String>,
}

/// 版记 at the foot of the last page (GB/T 9704 §7.4).
#[derive(Debug, Clone, PartialEq)]
pub struct Imprint {
    /// 抄送机关, without 抄送： and the full stop.
    pub copy_to: Option<String>,
    /// 印发机关, broken between words where it does not fit beside the 印发日期.
    pub printer: Vec<String>,
    /// 2024年10月28日印发
    pub printed: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Brief {
    pub county: String,
    pub month: dd_core::model::YearMonth,
    pub title: String,
    /// The red 版头, when the template issues the brief as a 文件.
    pub masthead: Option<Masthead>,
    /// The title broken into lines between words, in a balanced 梯形 or 菱形 (GB/T 9704).
    pub title_lines: Vec<String>,
    /// 主送 (without the colon).
    pub recipients: String,
    pub body: Vec<Block>,
    pub signature: Vec<String>,
    /// 成文日期: 2024年10月28日
    pub date: String,
    pub attachments: Vec<Attachment>,
    /// 版记, unless the template leaves it out.
    pub imprint: Option<Imprint>,
    /// The .xlsx summary's sheets.
    pub workbook: Vec<Sheet>,
    /// The paragraphs the clerk rewrote, as they stand against the generated text.
    pub edits: Vec<EditState>,
}

/// A rewritten paragraph against what composition makes of the data now.
#[derive(Debug, Clone, PartialEq)]
pub struct EditState {
    pub key: String,
    /// What composition writes now (empty when the paragraph is no longer written).
    pub generated: String,
    pub edited: String,
    /// The data changed since the rewrite: the generated text differs from the one it
    /// replaced (需复核).
    pub stale: bool,
}

/// Width of text in characters: CJK and full-width 1, ASCII ½.
pub fn char_width(text: &str) -> f32 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
        .sum()
}

impl Brief {
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
