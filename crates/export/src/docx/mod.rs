//! The brief as a Word document in the GB/T 9704-2012 layout, written as WordprocessingML
//! and zipped (no docx library: the few parts a 公文 needs are written exactly as the
//! standard asks — page, margins, 22 × 28 grid, East-Asian fonts with fallbacks, odd/even
//! page numbers "— 1 —", tables with repeated header rows, PNG charts). The document is a
//! [`Sink`] of the brief's walk: it writes what [`crate::layout`] decided, in twips.

mod package;

use std::fmt::Write as _;

use super::ExportError;
use super::brief::{
    Align, Brief, Cell, Chart, Imprint, Masthead, Paragraph, Span, SpanFont, char_width,
};
use super::layout::{
    self, ChartSize, MM_PER_PT, RED, Sink, TableLayout, copy_line, mark_size, masthead, page, size,
};

/// No extra space between Chinese and digits ("1804户", not "1804 户"), as the seed writes it.
const NO_AUTOSPACE: &str = r#"<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>"#;

const BODY_FONT: &str = "仿宋_GB2312";
const TITLE_FONT: &str = "方正小标宋简体";
const HEI_FONT: &str = "黑体";
const KAI_FONT: &str = "楷体_GB2312";
const PAGE_FONT: &str = "宋体";

/// EMU (drawing units) in a mm.
const EMU_PER_MM: f32 = 36_000.0;

/// The page in twips (1/20 pt).
#[derive(Debug, Clone, Copy)]
struct Twips {
    page_w: u32,
    page_h: u32,
    top: u32,
    bottom: u32,
    left: u32,
    right: u32,
    footer: u32,
    /// 版心 width.
    text_w: u32,
    /// 版心 height ÷ 22, rounded down so that 22 lines fit.
    pitch: u32,
    /// 版心 width ÷ 28 against 3号 (16 pt), rounded down so that 28 characters fit: a plain
    /// character spacing (−0.25 pt), not a character grid: Word, WPS and LibreOffice lay it
    /// out alike (LibreOffice spreads text on a "linesAndChars" grid).
    spacing: i32,
    /// One character of body text with that spacing.
    char: f32,
}

/// Twips of a length in mm.
fn twips(mm: f32) -> f32 {
    mm / MM_PER_PT * 20.0
}

/// Twips of a margin as Word and WPS write a length typed in centimetres (567 twips a cm,
/// a half to even): 28 mm → 1588, 35 mm → 1984, as in their own GB/T 9704 templates.
fn margin(mm: f32) -> u32 {
    (f64::from(mm) * 567.0 / 10.0).round_ties_even() as u32
}

/// Half-points of a size in points.
fn half_points(pt: f32) -> u32 {
    (pt * 2.0).round() as u32
}

impl Twips {
    fn new() -> Twips {
        let (page_w, page_h) = (
            twips(page::WIDTH).round() as u32,
            twips(page::HEIGHT).round() as u32,
        );
        let (top, bottom) = (margin(page::TOP), margin(page::BOTTOM));
        let (left, right) = (margin(page::LEFT), margin(page::RIGHT));
        let text_w = page_w - left - right;
        let body = (size::BODY * 20.0) as i32;
        let spacing = (text_w / u32::from(page::CHARS)) as i32 - body;
        Twips {
            page_w,
            page_h,
            top,
            bottom,
            left,
            right,
            footer: margin(page::FOOTER),
            text_w,
            pitch: (page_h - top - bottom) / u32::from(page::LINES),
            spacing,
            char: (body + spacing) as f32,
        }
    }

    /// `<w:spacing>` of a line of the grid.
    fn grid_line(&self) -> String {
        format!(r#"<w:spacing w:line="{}" w:lineRule="exact"/>"#, self.pitch)
    }
}

pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Characters XML 1.0 forbids.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

fn fonts(name: &str) -> String {
    format!(
        r#"<w:rFonts w:ascii="{n}" w:hAnsi="{n}" w:eastAsia="{n}" w:cs="{n}" w:hint="eastAsia"/>"#,
        n = name
    )
}

/// (file name in word/media, PNG bytes)
type Images = Vec<(String, std::sync::Arc<Vec<u8>>)>;

/// How a run is set: face, size in half-points, bold, colour.
#[derive(Default)]
struct Run<'a> {
    font: Option<&'a str>,
    size: Option<u32>,
    bold: bool,
    color: Option<[u8; 3]>,
}

impl Run<'_> {
    fn rpr(&self) -> String {
        let mut rpr = String::new();
        if let Some(f) = self.font {
            rpr.push_str(&fonts(f));
        }
        if self.bold {
            rpr.push_str("<w:b/><w:bCs/>");
        }
        if let Some(c) = self.color {
            let _ = write!(rpr, r#"<w:color w:val="{}"/>"#, dd_core::palette::hex(c));
        }
        if let Some(sz) = self.size {
            let _ = write!(rpr, r#"<w:sz w:val="{sz}"/><w:szCs w:val="{sz}"/>"#);
        }
        if rpr.is_empty() {
            rpr
        } else {
            format!("<w:rPr>{rpr}</w:rPr>")
        }
    }
}

/// Where a cell is: in the header row, in a column set left, in a row kept with the next
/// paragraph.
#[derive(Clone, Copy)]
struct Place {
    header: bool,
    left: bool,
    keep: bool,
}

/// document.xml's body, written as the walk goes.
struct Document {
    tw: Twips,
    body: String,
    images: Images,
    next_id: u32,
    /// The next paragraph starts a page.
    page_break: bool,
    /// Paragraphs still to keep on one page with the ones after them.
    keep: usize,
}

impl Document {
    /// `<w:p><w:pPr>…` with the keep and page-break flags of the walk; `rest` holds the
    /// properties after them (snapToGrid, spacing, ind, jc…).
    fn open(&mut self, keep_next: bool, rest: &str) {
        let keep = keep_next || self.keep > 1;
        self.keep = self.keep.saturating_sub(1);
        let _ = write!(
            self.body,
            "<w:p><w:pPr>{}{}{NO_AUTOSPACE}{rest}</w:pPr>",
            if keep { "<w:keepNext/>" } else { "" },
            if std::mem::take(&mut self.page_break) {
                "<w:pageBreakBefore/>"
            } else {
                ""
            }
        );
    }

    fn run(&mut self, text: &str, run: &Run) {
        let _ = write!(
            self.body,
            r#"<w:r>{}<w:t xml:space="preserve">{}</w:t></w:r>"#,
            run.rpr(),
            esc(text)
        );
    }

    /// Spacing, indents and alignment of a paragraph on the grid.
    fn ppr(&self, p: &Paragraph) -> String {
        let jc = match p.align {
            Align::Justify => "both",
            Align::Center => "center",
            Align::Right => "right",
            Align::Left => "left",
        };
        let ch = self.tw.char;
        let left = (p.left_indent * ch).round() as i64;
        let first = ((p.first_indent - p.left_indent) * ch).round() as i64;
        let right = (p.right_indent * ch).round() as i64;
        let mut ind = format!(r#"<w:ind w:left="{left}" w:right="{right}""#);
        if first >= 0 {
            let _ = write!(ind, r#" w:firstLine="{first}""#);
            if p.left_indent == 0.0 && p.first_indent > 0.0 {
                let _ = write!(
                    ind,
                    r#" w:firstLineChars="{}""#,
                    (p.first_indent * 100.0) as i64
                );
            }
        } else {
            let _ = write!(ind, r#" w:hanging="{}""#, -first);
        }
        format!(r#"{}{ind}/><w:jc w:val="{jc}"/>"#, self.tw.grid_line())
    }

    fn spans(&mut self, p: &Paragraph) {
        for s in &p.spans {
            let font = match s.font {
                SpanFont::Body => None,
                SpanFont::Hei => Some(HEI_FONT),
                SpanFont::Kai => Some(KAI_FONT),
            };
            self.run(
                &s.text,
                &Run {
                    font,
                    ..Run::default()
                },
            );
        }
    }

    fn cell(&mut self, c: &Cell, width: u32, t: &TableLayout, place: Place) {
        let shd = c
            .fill
            .map(|f| {
                format!(
                    r#"<w:shd w:val="clear" w:color="auto" w:fill="{}"/>"#,
                    dd_core::palette::hex(f)
                )
            })
            .unwrap_or_default();
        let _ = write!(
            self.body,
            r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shd}<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr>{}{NO_AUTOSPACE}<w:snapToGrid w:val="0"/><w:spacing w:line="{}" w:lineRule="exact"/><w:jc w:val="{}"/></w:pPr>"#,
            if place.keep { "<w:keepNext/>" } else { "" },
            (t.line * 20.0).round(),
            if place.left { "left" } else { "center" }
        );
        self.run(
            &c.text,
            &Run {
                font: place.header.then_some(HEI_FONT),
                size: Some(half_points(t.size)),
                bold: c.bold && !place.header,
                color: c.color,
            },
        );
        self.body.push_str("</w:p></w:tc>");
    }
}

impl Sink for Document {
    fn blank(&mut self) {
        let line = self.tw.grid_line();
        self.open(false, &line);
        self.body.push_str("</w:p>");
    }

    fn new_page(&mut self) {
        self.page_break = true;
    }

    fn keep_together(&mut self, lines: usize) {
        self.keep = lines;
    }

    fn title(&mut self, lines: &[String]) {
        let rest = format!(
            r#"<w:snapToGrid w:val="0"/>{}<w:jc w:val="center"/>"#,
            self.tw.grid_line()
        );
        self.open(true, &rest);
        let run = Run {
            font: Some(TITLE_FONT),
            size: Some(half_points(size::TITLE)),
            ..Run::default()
        };
        // One paragraph, the composed lines apart by line breaks.
        let _ = write!(self.body, "<w:r>{}", run.rpr());
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                self.body.push_str("<w:br/>");
            }
            let _ = write!(
                self.body,
                r#"<w:t xml:space="preserve">{}</w:t>"#,
                esc(line)
            );
        }
        self.body.push_str("</w:r></w:p>");
    }

    fn heading(&mut self, text: &str) {
        let p = Paragraph::body(vec![Span::hei(text)]);
        let rest = format!(r#"{}<w:outlineLvl w:val="0"/>"#, self.ppr(&p));
        self.open(true, &rest);
        self.spans(&p);
        self.body.push_str("</w:p>");
    }

    fn paragraph(&mut self, p: &Paragraph) {
        let rest = self.ppr(p);
        self.open(false, &rest);
        self.spans(p);
        self.body.push_str("</w:p>");
    }

    fn table(&mut self, t: &TableLayout) {
        let table = t.table;
        // Caption: 黑体 4号, centred, kept with the table.
        if !table.title.is_empty() || self.page_break {
            let rest = format!(r#"{}<w:jc w:val="center"/>"#, self.tw.grid_line());
            self.open(true, &rest);
            self.run(
                &table.title,
                &Run {
                    font: Some(HEI_FONT),
                    size: Some(half_points(size::CAPTION)),
                    ..Run::default()
                },
            );
            self.body.push_str("</w:p>");
        }
        let text_w = self.tw.text_w;
        let widths: Vec<u32> = t
            .widths
            .iter()
            .map(|w| (w / page::TEXT_WIDTH * text_w as f32).floor() as u32)
            .collect();
        let b = r#"w:val="single" w:sz="4" w:space="0" w:color="000000""#;
        let (pad_v, pad_h) = ((t.pad * 10.0).round(), (t.pad * 20.0).round());
        let _ = write!(
            self.body,
            r#"<w:tbl><w:tblPr><w:tblW w:w="{text_w}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders><w:top {b}/><w:left {b}/><w:bottom {b}/><w:right {b}/><w:insideH {b}/><w:insideV {b}/></w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="{pad_v}" w:type="dxa"/><w:left w:w="{pad_h}" w:type="dxa"/><w:bottom w:w="{pad_v}" w:type="dxa"/><w:right w:w="{pad_h}" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>"#
        );
        for w in &widths {
            let _ = write!(self.body, r#"<w:gridCol w:w="{w}"/>"#);
        }
        self.body.push_str("</w:tblGrid>");
        // Header row, repeated on every page.
        self.body
            .push_str("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
        for (c, w) in t.header.iter().zip(&widths) {
            let place = Place {
                header: true,
                left: false,
                keep: false,
            };
            self.cell(c, *w, t, place);
        }
        self.body.push_str("</w:tr>");
        let last = table.rows.len().saturating_sub(1);
        for (r, row) in table.rows.iter().enumerate() {
            self.body.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
            // The note goes with the last row.
            let keep = r == last && table.note.is_some();
            for (i, (c, w)) in row.iter().zip(&widths).enumerate() {
                let wide = t.wide.get(i).copied().unwrap_or(false);
                self.cell(
                    c,
                    *w,
                    t,
                    Place {
                        header: false,
                        left: wide,
                        keep,
                    },
                );
            }
            self.body.push_str("</w:tr>");
        }
        self.body.push_str("</w:tbl>");
        match &table.note {
            Some(note) => {
                let rest = format!(
                    r#"<w:snapToGrid w:val="0"/><w:spacing w:before="60" w:line="{}" w:lineRule="exact"/><w:jc w:val="left"/>"#,
                    (t.note_line * 20.0).round()
                );
                self.open(false, &rest);
                self.run(
                    note,
                    &Run {
                        size: Some(half_points(t.note_size)),
                        ..Run::default()
                    },
                );
                self.body.push_str("</w:p>");
            }
            None => self.blank(),
        }
    }

    fn chart(&mut self, c: &Chart, size: ChartSize) {
        self.next_id += 1;
        let id = self.next_id;
        let rid = format!("rIdImg{id}");
        self.images.push((format!("chart{id}.png"), c.png.clone()));
        let cx = (size.width * EMU_PER_MM).round() as u64;
        let cy = (size.height * EMU_PER_MM).round() as u64;
        let name = esc(&c.title);
        self.open(
            true,
            r#"<w:snapToGrid w:val="0"/><w:spacing w:before="120" w:after="120" w:line="240" w:lineRule="auto"/><w:jc w:val="center"/>"#,
        );
        let _ = write!(
            self.body,
            r#"<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:docPr id="{id}" name="{name}"/><wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" noChangeAspect="1"/></wp:cNvGraphicFramePr><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="{id}" name="chart{id}.png" descr="{name}"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"#
        );
    }

    fn masthead(&mut self, m: &Masthead) {
        let mark = mark_size(m);
        let before = twips(masthead::MARK_TOP).round();
        let line = (mark * 1.1 * 20.0).round();
        let rest = format!(
            r#"<w:snapToGrid w:val="0"/><w:spacing w:before="{before}" w:line="{line}" w:lineRule="exact"/><w:jc w:val="center"/>"#
        );
        self.open(true, &rest);
        let run = Run {
            font: Some(TITLE_FONT),
            size: Some(half_points(mark)),
            color: Some(RED),
            ..Run::default()
        };
        let _ = write!(self.body, "<w:r>{}", run.rpr());
        for (i, l) in m.mark_lines.iter().enumerate() {
            if i > 0 {
                self.body.push_str("<w:br/>");
            }
            let _ = write!(self.body, r#"<w:t xml:space="preserve">{}</w:t>"#, esc(l));
        }
        self.body.push_str("</w:r></w:p>");
        self.blank();
        self.blank();
        // The 发文字号 with the red rule as its bottom border, 4 mm under the text (the
        // text sits in the middle of its line of the grid).
        let pitch_pt = self.tw.pitch as f32 / 20.0;
        let space = (masthead::RULE_BELOW / MM_PER_PT - (pitch_pt / 2.0 - 0.5 * size::BODY))
            .clamp(0.0, 31.0)
            .round() as u32;
        let rule = border_from_text("bottom", masthead::RULE, RED, space);
        let rest = format!(
            r#"<w:pBdr>{rule}</w:pBdr>{}<w:jc w:val="center"/>"#,
            self.tw.grid_line()
        );
        self.open(false, &rest);
        if let Some(n) = &m.number {
            self.run(n, &Run::default());
        }
        self.body.push_str("</w:p>");
    }

    fn imprint(&mut self, i: &Imprint) {
        // A table floated to the foot of the 版心 (Word and WPS place it there; LibreOffice
        // 7 sets it after the last text); its rules are its borders.
        let text_w = self.tw.text_w;
        let one = (size::IMPRINT * 20.0) as u32;
        // Room for LibreOffice's space around digits too.
        let date_w = (((char_width(&i.printed) + 3.0) * one as f32) as u32).min(text_w / 2);
        let (thick, thin) = (masthead::IMPRINT_THICK, masthead::IMPRINT_THIN);
        let black = [0, 0, 0];
        let _ = write!(
            self.body,
            r#"<w:tbl><w:tblPr><w:tblpPr w:leftFromText="0" w:rightFromText="0" w:topFromText="0" w:bottomFromText="0" w:vertAnchor="margin" w:horzAnchor="margin" w:tblpXSpec="center" w:tblpYSpec="bottom"/><w:tblW w:w="{text_w}" w:type="dxa"/><w:tblBorders>{}{}{}<w:left w:val="nil"/><w:right w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="0000"/></w:tblPr><w:tblGrid><w:gridCol w:w="{}"/><w:gridCol w:w="{date_w}"/></w:tblGrid>"#,
            border("top", thick, black),
            border("bottom", thick, black),
            border("insideH", thin, black),
            text_w - date_w,
        );
        let row = format!(
            r#"<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{}" w:hRule="atLeast"/></w:trPr>"#,
            self.tw.pitch
        );
        if let Some(copy) = copy_line(i) {
            self.body.push_str(&row);
            // A long 抄送 goes on under the names, after 抄送：.
            let ind = format!(
                r#"<w:ind w:left="{}" w:right="{one}" w:hanging="{}"/>"#,
                one * 4,
                one * 3
            );
            self.imprint_cell(&[copy], (text_w, 2), &ind, "left");
            self.body.push_str("</w:tr>");
        }
        self.body.push_str(&row);
        let left = format!(r#"<w:ind w:left="{one}" w:right="0"/>"#);
        self.imprint_cell(&i.printer, (text_w - date_w, 1), &left, "left");
        let right = format!(r#"<w:ind w:left="0" w:right="{one}"/>"#);
        self.imprint_cell(
            std::slice::from_ref(&i.printed),
            (date_w, 1),
            &right,
            "right",
        );
        self.body.push_str("</w:tr></w:tbl>");
        // The paragraph a table needs after it, a point high.
        self.body.push_str(
            r#"<w:p><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:line="20" w:lineRule="exact"/><w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>"#,
        );
    }
}

/// A border of `mm` thickness (in eighths of a point, as Word counts it).
fn border(side: &str, mm: f32, color: [u8; 3]) -> String {
    border_from_text(side, mm, color, 0)
}

/// [`border`], `space` points from the text.
fn border_from_text(side: &str, mm: f32, color: [u8; 3], space: u32) -> String {
    let eighths = (mm / MM_PER_PT * 8.0).round() as u32;
    format!(
        r#"<w:{side} w:val="single" w:sz="{eighths}" w:space="{space}" w:color="{}"/>"#,
        dd_core::palette::hex(color)
    )
}

impl Document {
    /// A cell of the 版记 (`width` twips over `span` grid columns): 4号 text.
    fn imprint_cell(&mut self, lines: &[String], (width, span): (u32, u32), ind: &str, jc: &str) {
        let span = if span > 1 {
            format!(r#"<w:gridSpan w:val="{span}"/>"#)
        } else {
            String::new()
        };
        let _ = write!(
            self.body,
            r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr>{NO_AUTOSPACE}<w:snapToGrid w:val="0"/>{}{ind}<w:jc w:val="{jc}"/></w:pPr>"#,
            self.tw.grid_line()
        );
        let run = Run {
            size: Some(half_points(size::IMPRINT)),
            ..Run::default()
        };
        let _ = write!(self.body, "<w:r>{}", run.rpr());
        for (k, l) in lines.iter().enumerate() {
            if k > 0 {
                self.body.push_str("<w:br/>");
            }
            let _ = write!(self.body, r#"<w:t xml:space="preserve">{}</w:t>"#, esc(l));
        }
        self.body.push_str("</w:r></w:p></w:tc>");
    }
}

/// document.xml and its images.
fn document(brief: &Brief, tw: Twips) -> (String, Images) {
    let mut d = Document {
        tw,
        body: String::with_capacity(256 * 1024),
        images: Vec::new(),
        next_id: 0,
        page_break: false,
        keep: 0,
    };
    layout::walk(brief, &mut d);
    let body = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>{}<w:sectPr><w:footerReference w:type="default" r:id="rIdFooterOdd"/><w:footerReference w:type="even" r:id="rIdFooterEven"/><w:pgSz w:w="{}" w:h="{}"/><w:pgMar w:top="{}" w:right="{}" w:bottom="{}" w:left="{}" w:header="851" w:footer="{}" w:gutter="0"/><w:pgNumType w:fmt="decimal" w:start="1"/><w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="{}"/></w:sectPr></w:body></w:document>"#,
        d.body, tw.page_w, tw.page_h, tw.top, tw.right, tw.bottom, tw.left, tw.footer, tw.pitch
    );
    (body, d.images)
}

/// The .docx file's bytes.
pub fn render(brief: &Brief) -> Result<Vec<u8>, ExportError> {
    let tw = Twips::new();
    let (document, images) = document(brief, tw);
    package::zip(brief, tw, document, &images)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_in_twips_is_words_own() {
        let tw = Twips::new();
        assert_eq!((tw.page_w, tw.page_h), (11906, 16838));
        assert_eq!(
            (tw.top, tw.bottom, tw.left, tw.right),
            (2098, 1984, 1588, 1474)
        );
        assert_eq!(tw.footer, 1304);
        assert_eq!(tw.text_w, 8844);
        assert_eq!(tw.pitch, 579);
        assert_eq!(tw.spacing, -5);
        assert_eq!(tw.char, 315.0);
    }
}
