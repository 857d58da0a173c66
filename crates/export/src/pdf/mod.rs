//! The brief as PDF, in the same GB/T 9704 layout as the .docx: the walk of
//! [`crate::layout`] set into pages here ([`Pages`] is its [`Sink`]): lines on the
//! 22-line grid, 28 characters to a line, tables with repeated header rows, charts, page
//! numbers "— 1 —" (odd right, even left). Written with krilla ([`emit`]).

mod emit;
mod lines;

use super::ExportError;
use super::brief::{Align, Brief, Cell, Chart, Imprint, Masthead, Paragraph, SpanFont};
use super::layout::{
    self, ChartSize, MM_PER_PT, RED, Sink, TableLayout, copy_line, mark_size, masthead, page, size,
};
use emit::Op;
use lines::{FontSet, Line, Measure, Role, break_lines};

/// Points of a length in mm.
const fn pt(mm: f32) -> f32 {
    mm / MM_PER_PT
}

const LEFT: f32 = pt(page::LEFT);
const TOP: f32 = pt(page::TOP);
const TEXT_W: f32 = pt(page::TEXT_WIDTH);
const TEXT_H: f32 = pt(page::TEXT_HEIGHT);
const PITCH: f32 = TEXT_H / page::LINES as f32;
/// One character of the 28 a line holds.
const CHAR: f32 = TEXT_W / page::CHARS as f32;
const BLACK: [u8; 3] = [0, 0, 0];

/// The pages as they are filled.
struct Pages<'a> {
    fonts: FontSet<'a>,
    pages: Vec<Vec<Op>>,
    /// From the top of the 版心.
    y: f32,
    /// The page began because the text ran over (a blank line at its top is dropped).
    flowed: bool,
}

impl Pages<'_> {
    fn new_page_flowed(&mut self, flowed: bool) {
        self.pages.push(Vec::new());
        self.y = 0.0;
        self.flowed = flowed;
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let n = self.pages.len() - 1;
        &mut self.pages[n]
    }

    fn room(&self) -> f32 {
        TEXT_H - self.y
    }

    /// A new page unless `h` points fit on this one.
    fn ensure(&mut self, h: f32) {
        if self.room() < h - 0.5 && self.y > 0.0 {
            self.new_page_flowed(true);
        }
    }

    /// Back onto the 22-line grid.
    fn snap(&mut self) {
        let k = (self.y / PITCH - 1e-3).ceil();
        self.y = k * PITCH;
        if self.y >= TEXT_H - 1.0 {
            self.new_page_flowed(true);
        }
    }

    /// A line of text at `x` in a line box from `line_top` of height `line_h`.
    fn text_line(
        &mut self,
        x: f32,
        line_top: f32,
        line_h: f32,
        size: f32,
        line: Line,
        color: [u8; 3],
    ) {
        // The em box centred in the line: baseline 0.38 em below the middle.
        let baseline = TOP + line_top + line_h / 2.0 + 0.38 * size;
        self.ops().push(Op::Text {
            x: LEFT + x,
            y: baseline,
            size,
            glyphs: line.glyphs,
            color,
        });
    }

    /// Body-size lines on the grid.
    fn lines(&mut self, spans: &[(Role, &str)], p: &Paragraph) {
        let right = p.right_indent * CHAR;
        let first_w = TEXT_W - p.first_indent * CHAR - right;
        let rest_w = TEXT_W - p.left_indent * CHAR - right;
        let lines = break_lines(
            &self.fonts,
            spans,
            Measure {
                size: size::BODY,
                // 28 characters of 3号 fill the 版心 exactly.
                squeeze: CHAR / size::BODY,
                first_width: first_w,
                width: rest_w,
                justify: p.align == Align::Justify,
            },
        );
        for (i, line) in lines.into_iter().enumerate() {
            self.ensure(PITCH);
            let indent = if i == 0 {
                p.first_indent
            } else {
                p.left_indent
            } * CHAR;
            let avail = if i == 0 { first_w } else { rest_w };
            let x = match p.align {
                Align::Justify | Align::Left => indent,
                Align::Center => indent + (avail - line.width) / 2.0,
                Align::Right => TEXT_W - right - line.width,
            };
            let y = self.y;
            self.text_line(x, y, PITCH, size::BODY, line, BLACK);
            self.y += PITCH;
        }
    }

    /// Centred lines of `size` in `role`, each line of the grid.
    fn centred(&mut self, role: Role, text: &str, size: f32) {
        for line in break_lines(&self.fonts, &[(role, text)], Measure::plain(size, TEXT_W)) {
            let x = (TEXT_W - line.width) / 2.0;
            let y = self.y;
            self.text_line(x, y, PITCH, size, line, BLACK);
            self.y += PITCH;
        }
    }

    /// A row of cells at the current height.
    fn row(
        &mut self,
        t: &TableLayout,
        widths: &[f32],
        cells: &[Cell],
        lines: Vec<Vec<Line>>,
        h: f32,
        header: bool,
    ) {
        let mut x = 0.0;
        for (k, ((c, w), cell_lines)) in cells.iter().zip(widths).zip(lines).enumerate() {
            let r = (LEFT + x, TOP + self.y, *w, h);
            self.ops().push(Op::Rect {
                r,
                fill: c.fill,
                stroke: Some(0.5),
            });
            let block_h = cell_lines.len() as f32 * t.line;
            let mut ly = self.y + (h - block_h) / 2.0;
            let left = !header && t.wide.get(k).copied().unwrap_or(false);
            for l in cell_lines {
                let lx = if left {
                    x + t.pad
                } else {
                    x + (w - l.width) / 2.0
                };
                self.text_line(lx, ly, t.line, t.size, l, c.color.unwrap_or(BLACK));
                ly += t.line;
            }
            x += w;
        }
        self.y += h;
    }

    /// The lines of each cell of a row, and the row's height.
    fn layout_row(
        &self,
        t: &TableLayout,
        widths: &[f32],
        cells: &[Cell],
        role: Role,
    ) -> (Vec<Vec<Line>>, f32) {
        let lines: Vec<Vec<Line>> = cells
            .iter()
            .zip(widths)
            .map(|(c, w)| {
                break_lines(
                    &self.fonts,
                    &[(role, c.text.as_str())],
                    Measure::plain(t.size, w - 2.0 * t.pad),
                )
            })
            .collect();
        let n = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let h = n as f32 * t.line + 2.0 * t.pad + 2.0;
        (lines, h)
    }
}

impl Sink for Pages<'_> {
    fn blank(&mut self) {
        if self.y > 0.0 || !self.flowed {
            self.y += PITCH;
        }
    }

    fn new_page(&mut self) {
        self.new_page_flowed(false);
    }

    fn keep_together(&mut self, lines: usize) {
        self.ensure(PITCH * lines as f32);
    }

    fn title(&mut self, lines: &[String]) {
        self.ensure(PITCH * (lines.len() + 1) as f32);
        for line in lines {
            self.centred(Role::Title, line, size::TITLE);
        }
    }

    fn heading(&mut self, text: &str) {
        // Keep a heading with the line after it.
        self.ensure(2.0 * PITCH);
        self.lines(&[(Role::Hei, text)], &Paragraph::body(Vec::new()));
    }

    fn paragraph(&mut self, p: &Paragraph) {
        let spans: Vec<(Role, &str)> = p
            .spans
            .iter()
            .map(|s| {
                let r = match s.font {
                    SpanFont::Body => Role::Body,
                    SpanFont::Hei => Role::Hei,
                    SpanFont::Kai => Role::Kai,
                };
                (r, s.text.as_str())
            })
            .collect();
        self.lines(&spans, p);
    }

    fn table(&mut self, t: &TableLayout) {
        let widths: Vec<f32> = t.widths.iter().map(|w| pt(*w)).collect();
        let (header_lines, header_h) = self.layout_row(t, &widths, &t.header, Role::Hei);
        let rows: Vec<(Vec<Vec<Line>>, f32)> = t
            .table
            .rows
            .iter()
            .map(|r| self.layout_row(t, &widths, r, Role::Body))
            .collect();
        // Caption, kept with the header and the first row.
        let first_h = rows.first().map_or(0.0, |r| r.1);
        self.ensure(PITCH + header_h + first_h);
        if !t.table.title.is_empty() {
            self.centred(Role::Hei, &t.table.title, size::CAPTION);
        }
        let note = t.table.note.as_deref().map_or(Vec::new(), |note| {
            break_lines(
                &self.fonts,
                &[(Role::Body, note)],
                Measure {
                    justify: true,
                    ..Measure::plain(t.note_size, TEXT_W)
                },
            )
        });
        let note_h = if note.is_empty() {
            0.0
        } else {
            4.0 + note.len() as f32 * t.note_line
        };
        self.row(t, &widths, &t.header, header_lines.clone(), header_h, true);
        let last = t.table.rows.len().saturating_sub(1);
        for (i, (row, (lines, h))) in t.table.rows.iter().zip(rows).enumerate() {
            // The note goes with the last row.
            let need = if i == last { h + note_h } else { h };
            if self.room() < need {
                self.new_page_flowed(true);
                self.row(t, &widths, &t.header, header_lines.clone(), header_h, true);
            }
            self.row(t, &widths, row, lines, h, false);
        }
        if !note.is_empty() {
            self.y += 4.0;
        }
        for line in note {
            self.ensure(t.note_line);
            let y = self.y;
            self.text_line(0.0, y, t.note_line, t.note_size, line, BLACK);
            self.y += t.note_line;
        }
        self.y += PITCH / 2.0;
        self.snap();
    }

    fn chart(&mut self, c: &Chart, size: ChartSize) {
        let (w, h) = (pt(size.width), pt(size.height));
        self.ensure(h + 8.0);
        let r = (LEFT + (TEXT_W - w) / 2.0, TOP + self.y + 4.0, w, h);
        self.ops().push(Op::Image {
            r,
            png: c.png.clone(),
        });
        self.y += h + 8.0 + PITCH / 2.0;
        self.snap();
    }

    fn masthead(&mut self, m: &Masthead) {
        let mark = mark_size(m);
        let line_h = mark * 1.1;
        self.y = pt(masthead::MARK_TOP);
        for text in &m.mark_lines {
            for line in break_lines(
                &self.fonts,
                &[(Role::Title, text)],
                Measure::plain(mark, TEXT_W),
            ) {
                let x = (TEXT_W - line.width) / 2.0;
                let y = self.y;
                self.text_line(x, y, line_h, mark, line, RED);
                self.y += line_h;
            }
        }
        self.snap();
        // 发文字号 two lines under the mark, the rule 4 mm under its text.
        self.y += 2.0 * PITCH;
        let number_top = self.y;
        if let Some(n) = &m.number {
            self.centred(Role::Body, n, size::BODY);
        }
        let text_bottom = number_top + PITCH / 2.0 + 0.5 * size::BODY;
        self.rule(text_bottom + pt(masthead::RULE_BELOW), masthead::RULE, RED);
        self.y = text_bottom + pt(masthead::RULE_BELOW);
        self.snap();
    }

    fn imprint(&mut self, i: &Imprint) {
        let one = size::IMPRINT;
        let inner = TEXT_W - 2.0 * one;
        let copy: Vec<Line> = copy_line(i).map_or(Vec::new(), |c| {
            break_lines(
                &self.fonts,
                &[(Role::Body, c.as_str())],
                Measure::plain(one, inner),
            )
        });
        let date = break_lines(
            &self.fonts,
            &[(Role::Body, i.printed.as_str())],
            Measure::plain(one, f32::MAX),
        )
        .into_iter()
        .next();
        let date_w = date.as_ref().map_or(0.0, |d| d.width);
        let printer: Vec<Line> = i
            .printer
            .iter()
            .flat_map(|l| {
                break_lines(
                    &self.fonts,
                    &[(Role::Body, l.as_str())],
                    Measure::plain(one, (inner - date_w - one).max(one)),
                )
            })
            .collect();
        let lines = copy.len() + printer.len().max(1);
        let h = lines as f32 * PITCH;
        if self.y > TEXT_H - h + 0.5 {
            self.new_page_flowed(false);
        }
        let top = TEXT_H - h;
        self.rule(top, masthead::IMPRINT_THICK, BLACK);
        let after_copy = self.imprint_line(top, &copy, None);
        if !copy.is_empty() {
            self.rule(after_copy, masthead::IMPRINT_THIN, BLACK);
        }
        self.imprint_line(after_copy, &printer, date);
        self.rule(TEXT_H, masthead::IMPRINT_THICK, BLACK);
        self.y = TEXT_H;
    }
}

impl Pages<'_> {
    /// A rule across the 版心 centred on `y` (from the 版心's top), `thick` mm thick.
    fn rule(&mut self, y: f32, thick: f32, color: [u8; 3]) {
        let h = pt(thick);
        self.ops().push(Op::Rect {
            r: (LEFT, TOP + y - h / 2.0, TEXT_W, h),
            fill: Some(color),
            stroke: None,
        });
    }

    /// Lines of 4号 text one character in on both sides, each on a line of the grid from
    /// `top`: `left` set left, `right` (if any) set right on the last.
    fn imprint_line(&mut self, top: f32, left: &[Line], right: Option<Line>) -> f32 {
        let one = size::IMPRINT;
        let mut y = top;
        for line in left.iter().cloned() {
            self.text_line(one, y, PITCH, one, line, BLACK);
            y += PITCH;
        }
        if let Some(r) = right {
            let x = TEXT_W - one - r.width;
            self.text_line(x, y - PITCH, PITCH, one, r, BLACK);
        }
        y
    }

    /// "— 1 —" in 4号: the 一字线 7 mm under the 版心; odd pages right, even left, one
    /// character in.
    fn page_numbers(&mut self) {
        let one = size::PAGE_NUMBER;
        for i in 0..self.pages.len() {
            let label = format!("— {} —", i + 1);
            let lines = break_lines(
                &self.fonts,
                &[(Role::Body, label.as_str())],
                Measure::plain(one, f32::MAX),
            );
            let Some(line) = lines.into_iter().next() else {
                continue;
            };
            let x = if i % 2 == 0 {
                TEXT_W - one - line.width
            } else {
                one
            };
            let baseline = TOP + TEXT_H + pt(page::PAGE_NUMBER_BELOW) + 0.8 * one;
            self.pages[i].push(Op::Text {
                x: LEFT + x,
                y: baseline,
                size: one,
                glyphs: line.glyphs,
                color: BLACK,
            });
        }
    }
}

/// The .pdf file's bytes.
pub fn render(brief: &Brief) -> Result<Vec<u8>, ExportError> {
    let faces = crate::fonts::faces().ok_or(ExportError::NoFont)?;
    let mut p = Pages {
        fonts: emit::font_set(faces)?,
        pages: vec![Vec::new()],
        y: 0.0,
        flowed: false,
    };
    layout::walk(brief, &mut p);
    p.page_numbers();
    emit::emit(
        &brief.title,
        &p.fonts,
        &p.pages,
        (pt(page::WIDTH), pt(page::HEIGHT)),
    )
}
