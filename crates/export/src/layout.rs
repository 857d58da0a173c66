//! Where things go on the page, decided once for the .docx and the .pdf: the GB/T 9704-2012
//! page (A4, 版心 156 × 225 mm, 22 lines of 28 characters) in mm, the type sizes, the
//! document's skeleton ([`walk`]: title, 主送, body, 附件说明, 署名 and date, attachments on new
//! pages) and the layout of tables (column widths, wide columns, the header row) and charts.
//! A writer implements [`Sink`]: it only draws what it is handed, in its own units.

use super::brief::char_width;
use super::brief::{
    Align, Attachment, Block, Brief, Cell, Chart, Imprint, Masthead, Paragraph, Span, Table,
};
use dd_core::palette::Rgb;

/// Millimetres in a point.
pub const MM_PER_PT: f32 = 25.4 / 72.0;

/// The GB/T 9704 page, in mm.
pub mod page {
    pub const WIDTH: f32 = 210.0;
    pub const HEIGHT: f32 = 297.0;
    pub const TOP: f32 = 37.0;
    pub const BOTTOM: f32 = 35.0;
    pub const LEFT: f32 = 28.0;
    pub const RIGHT: f32 = 26.0;
    /// 版心.
    pub const TEXT_WIDTH: f32 = WIDTH - LEFT - RIGHT;
    pub const TEXT_HEIGHT: f32 = HEIGHT - TOP - BOTTOM;
    pub const LINES: u16 = 22;
    pub const CHARS: u16 = 28;
    /// The page number's 一字线 sits this far under the 版心, one character in from its edge.
    pub const PAGE_NUMBER_BELOW: f32 = 7.0;
    /// The .docx footer's distance from the paper's edge that puts the number there.
    pub const FOOTER: f32 = 23.0;
}

/// Type sizes in points.
pub mod size {
    /// 3号: body, headings.
    pub const BODY: f32 = 16.0;
    /// 2号: titles.
    pub const TITLE: f32 = 22.0;
    /// 4号: page numbers, table captions.
    pub const PAGE_NUMBER: f32 = 14.0;
    pub const CAPTION: f32 = 14.0;
    /// 4号: the 版记.
    pub const IMPRINT: f32 = 14.0;
    /// 五号: tables and their notes; 小五 for wide tables.
    pub const TABLE: f32 = 10.5;
    pub const TABLE_SMALL: f32 = 9.0;
}

/// Title lines are at most this many characters of 2号 (the 版心 holds 20).
pub const TITLE_CHARS: f32 = page::TEXT_WIDTH / (size::TITLE * MM_PER_PT);

/// The 版头 (GB/T 9704 §7.2), in mm and points.
pub mod masthead {
    /// The mark's top edge under the 版心's top edge.
    pub const MARK_TOP: f32 = 35.0;
    /// The mark is set at most this large (points), smaller when a line holds more.
    pub const MARK_MAX: f32 = 48.0;
    /// The red rule this far under the 发文字号, as thick as this.
    pub const RULE_BELOW: f32 = 4.0;
    pub const RULE: f32 = 0.5;
    /// 版记 rules: the first and last thick, those between thin.
    pub const IMPRINT_THICK: f32 = 0.35;
    pub const IMPRINT_THIN: f32 = 0.25;
}

/// The 发文机关标志 is broken into lines of at most this many characters (at 26 pt and more).
pub const MARK_CHARS: f32 = 17.0;

/// The red of the 版头.
pub const RED: Rgb = [0xE6, 0x00, 0x12];

/// The mark's type size in points: [`masthead::MARK_MAX`], smaller when its widest line would
/// not fit the 版心.
pub fn mark_size(m: &Masthead) -> f32 {
    let widest = m
        .mark_lines
        .iter()
        .map(|l| char_width(l))
        .fold(1.0, f32::max);
    (page::TEXT_WIDTH / MM_PER_PT / widest).min(masthead::MARK_MAX)
}

/// The widest 印发机关 line in characters of 4号: the 版心 less a character on each side, the
/// 印发日期 and a character between.
pub fn printer_chars(printed: &str) -> f32 {
    page::TEXT_WIDTH / (size::IMPRINT * MM_PER_PT) - 3.0 - char_width(printed)
}

/// 抄送：A，B。 as the 版记 prints it.
pub fn copy_line(i: &Imprint) -> Option<String> {
    i.copy_to.as_ref().map(|c| {
        let c = c.trim().trim_end_matches(['。', '.']);
        format!("抄送：{c}。")
    })
}

/// A chart is at most this share of the 版心's height, so two share a page.
const CHART_MAX_SHARE: f32 = 0.46;

/// The header row's fill (also the workbook's).
pub const HEADER_FILL: Rgb = [0xF2, 0xF2, 0xF2];

/// Lines of table text are this many times their type size.
const LINE_HEIGHT: f32 = 1.3;

/// A column of more than this share of the table's width holds running text: set left,
/// wrapped.
const WIDE_SHARE: f32 = 0.3;

/// Must not start a line (禁则): closing marks.
pub fn no_start(c: char) -> bool {
    "，。、；：？！）》”’」』】〕…—%．,.;:?!)]}％·".contains(c)
}

/// Must not end a line: opening marks.
pub fn no_end(c: char) -> bool {
    "（《“‘「『【〔([{".contains(c)
}

/// What a writer does with the brief, in order.
pub trait Sink {
    /// An empty line of the grid (a writer that lays out pages drops it at the top of a
    /// page the text ran onto).
    fn blank(&mut self);
    /// The next block starts a new page.
    fn new_page(&mut self);
    /// The next `lines` lines stay on one page (the 署名 with the blank lines above it).
    fn keep_together(&mut self, lines: usize);
    /// A title in 2号小标宋, centred, already broken into lines.
    fn title(&mut self, lines: &[String]);
    /// 一、 in 黑体, kept with the next line.
    fn heading(&mut self, text: &str);
    fn paragraph(&mut self, p: &Paragraph);
    fn table(&mut self, t: &TableLayout);
    fn chart(&mut self, c: &Chart, size: ChartSize);
    /// The 版头: the red mark [`masthead::MARK_TOP`] under the 版心's top, the 发文字号 two
    /// lines under it (centred), the red rule [`masthead::RULE_BELOW`] under that; the next
    /// line of the grid follows the rule.
    fn masthead(&mut self, m: &Masthead);
    /// The 版记 at the foot of the last page, its last line on the 版心's last line (on a
    /// page of its own when the last has no room): 抄送 and 印发机关 with 印发日期, 4号,
    /// one character in on both sides, between rules.
    fn imprint(&mut self, i: &Imprint);
}

/// The brief into a sink: GB/T 9704. Without a 版头 the title starts on the second line of
/// the 版心; with one, two lines under its red rule; the 主送 follows one line under it. The
/// 版记 closes the last page.
pub fn walk(brief: &Brief, sink: &mut impl Sink) {
    match &brief.masthead {
        Some(m) => {
            sink.masthead(m);
            sink.blank();
            sink.blank();
        }
        None => sink.blank(),
    }
    sink.title(&brief.title_lines);
    sink.blank();
    sink.paragraph(&recipients(brief));
    blocks(&brief.body, sink);
    let note = attachment_note(&brief.attachments);
    if !note.is_empty() {
        sink.blank();
        for p in &note {
            sink.paragraph(p);
        }
    }
    let closing = closing(&brief.signature, &brief.date);
    sink.keep_together(2 + closing.len());
    sink.blank();
    sink.blank();
    for p in &closing {
        sink.paragraph(p);
    }
    for a in &brief.attachments {
        // "附件1" in 黑体 at the top left of a new page, its title centred under it.
        sink.new_page();
        sink.paragraph(&Paragraph::flush(vec![Span::hei(&a.label)], Align::Left));
        sink.blank();
        sink.title(&a.title_lines);
        sink.blank();
        blocks(&a.blocks, sink);
    }
    if let Some(i) = &brief.imprint {
        sink.imprint(i);
    }
}

fn blocks(blocks: &[Block], sink: &mut impl Sink) {
    for b in blocks {
        match b {
            Block::Heading(h) => sink.heading(h),
            Block::Paragraph(p) => sink.paragraph(p),
            Block::Table(t) => sink.table(&TableLayout::of(t)),
            Block::Chart(c) => sink.chart(c, ChartSize::of(c)),
        }
    }
}

/// 主送 line under the title: "各乡镇（街道），…：".
fn recipients(brief: &Brief) -> Paragraph {
    Paragraph::flush(
        vec![Span::body(format!("{}：", brief.recipients))],
        Align::Justify,
    )
}

/// 附件说明 under the body: "附件：1．名称", further names aligned under the first.
fn attachment_note(attachments: &[Attachment]) -> Vec<Paragraph> {
    attachments
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
                // "附件：" is 3 characters, "1．" 1½: names line up at 6½.
                first_indent: if first { 2.0 } else { 5.0 },
                left_indent: 6.5,
                ..Paragraph::flush(vec![Span::body(text)], Align::Left)
            }
        })
        .collect()
}

/// 署名 (right, 2 characters from the edge, lines centred on each other) and the date
/// centred under it.
fn closing(signature: &[String], date: &str) -> Vec<Paragraph> {
    let widest = signature.iter().map(|s| char_width(s)).fold(0.0, f32::max);
    let right = |indent: f32, text: &str| Paragraph {
        right_indent: indent,
        ..Paragraph::flush(vec![Span::body(text)], Align::Right)
    };
    let mut out: Vec<Paragraph> = signature
        .iter()
        .map(|s| right(2.0 + (widest - char_width(s)) / 2.0, s))
        .collect();
    let date_indent = if widest > 0.0 {
        2.0 + ((widest - char_width(date)) / 2.0).max(0.0)
    } else {
        4.0
    };
    out.push(right(date_indent, date));
    out
}

/// A table as both writers lay it out.
pub struct TableLayout<'a> {
    pub table: &'a Table,
    /// Column widths in mm, filling the 版心.
    pub widths: Vec<f32>,
    /// Columns of running text: set left and wrapped (the others centred).
    pub wide: Vec<bool>,
    /// The header row (黑体 on [`HEADER_FILL`]), repeated on every page.
    pub header: Vec<Cell>,
    /// Type size, line height and cell padding, in points.
    pub size: f32,
    pub line: f32,
    pub pad: f32,
    /// The note under the table (注：…): size and line height in points.
    pub note_size: f32,
    pub note_line: f32,
}

impl TableLayout<'_> {
    pub fn of(table: &Table) -> TableLayout<'_> {
        let size = if table.small {
            size::TABLE_SMALL
        } else {
            size::TABLE
        };
        let total = total_width(table);
        TableLayout {
            widths: table
                .columns
                .iter()
                .map(|c| c.width / total * page::TEXT_WIDTH)
                .collect(),
            wide: wide_columns(table),
            header: table
                .columns
                .iter()
                .map(|c| Cell {
                    fill: Some(HEADER_FILL),
                    ..Cell::text(&c.title)
                })
                .collect(),
            size,
            line: size * LINE_HEIGHT,
            pad: if table.small { 2.0 } else { 3.0 },
            note_size: size::TABLE,
            note_line: size::TABLE * LINE_HEIGHT,
            table,
        }
    }
}

fn total_width(t: &Table) -> f32 {
    t.columns.iter().map(|c| c.width).sum::<f32>().max(0.001)
}

/// Which columns hold running text (the workbook wraps them too).
pub fn wide_columns(t: &Table) -> Vec<bool> {
    let total = total_width(t);
    t.columns
        .iter()
        .map(|c| c.width / total > WIDE_SHARE)
        .collect()
}

/// A chart's size on the page in mm: the 版心's width, at most [`CHART_MAX_SHARE`] of its
/// height, the image's proportions kept.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChartSize {
    pub width: f32,
    pub height: f32,
}

impl ChartSize {
    pub fn of(c: &Chart) -> ChartSize {
        let aspect = c.height.max(1) as f32 / c.width.max(1) as f32;
        let max_h = page::TEXT_HEIGHT * CHART_MAX_SHARE;
        let width = page::TEXT_WIDTH;
        if width * aspect > max_h {
            ChartSize {
                width: max_h / aspect,
                height: max_h,
            }
        } else {
            ChartSize {
                width,
                height: width * aspect,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_is_gb_t_9704() {
        assert_eq!(page::TEXT_WIDTH, 156.0);
        assert_eq!(page::TEXT_HEIGHT, 225.0);
        assert!((20.0..20.2).contains(&TITLE_CHARS));
    }

    #[test]
    fn charts_fit_the_text_block() {
        let chart = |w, h| Chart {
            name: String::new(),
            title: String::new(),
            png: Default::default(),
            width: w,
            height: h,
        };
        let wide = ChartSize::of(&chart(1920, 1000));
        assert_eq!(wide.width, 156.0);
        assert!((wide.height - 81.25).abs() < 0.01);
        let tall = ChartSize::of(&chart(1000, 2000));
        assert!((tall.height - 103.5).abs() < 0.01 && (tall.width - 51.75).abs() < 0.01);
    }

    #[test]
    fn closing_lines_centre_on_each_other() {
        let sig = [
            "湘乡市巩固拓展脱贫攻坚成果同乡村振兴".to_string(),
            "有效衔接工作领导小组办公室".to_string(),
        ];
        let c = closing(&sig, "2024年10月28日");
        assert_eq!(c.len(), 3);
        assert_eq!(c[0].right_indent, 2.0);
        assert_eq!(c[1].right_indent, 2.0 + (18.0 - 13.0) / 2.0);
        assert_eq!(c[2].right_indent, 2.0 + (18.0 - 7.0) / 2.0);
    }
}
