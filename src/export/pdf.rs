//! The brief as PDF, in the same GB/T 9704 layout as the .docx: A4, 版心 156 × 225 mm, 22 lines
//! of 28 characters, 3号 body, 2号 title, 黑体 and 楷体 headings, tables with repeated header
//! rows, charts, page numbers "— 1 —" (odd right, even left). Laid out here (Chinese lines
//! break between characters, with 禁则 for punctuation, justified); written with krilla, which
//! embeds subsets of the fonts with a ToUnicode map, so the text is real and extractable.

use std::collections::HashMap;

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, Stroke};
use krilla::text::{Font, GlyphId, KrillaGlyph};

use super::ExportError;
use super::brief::{Align, Block, Brief, Cell, Chart, Paragraph, SpanFont, Table};
use crate::fonts::Faces;

const MM: f32 = 72.0 / 25.4;
const PAGE_W: f32 = 210.0 * MM;
const PAGE_H: f32 = 297.0 * MM;
const LEFT: f32 = 28.0 * MM;
const TOP: f32 = 37.0 * MM;
const TEXT_W: f32 = 156.0 * MM;
const TEXT_H: f32 = 225.0 * MM;
const PITCH: f32 = TEXT_H / 22.0;
const BODY: f32 = 16.0;
const TITLE: f32 = 22.0;
const PAGE_NO: f32 = 14.0;
/// 28 characters of 3号 fill the 版心 exactly.
const BODY_SQUEEZE: f32 = TEXT_W / (28.0 * BODY);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Role {
    Body,
    Hei,
    Kai,
    Title,
}

struct FontSet<'a> {
    faces: [ttf_parser::Face<'a>; 4],
    krilla: [Font; 4],
}

impl FontSet<'_> {
    fn idx(r: Role) -> usize {
        match r {
            Role::Body => 0,
            Role::Hei => 1,
            Role::Kai => 2,
            Role::Title => 3,
        }
    }

    /// Glyph and advance (in em) of a character; a missing one falls back to the body face.
    fn glyph(&self, role: Role, c: char) -> (Role, u16, f32) {
        for r in [role, Role::Body] {
            let f = &self.faces[Self::idx(r)];
            if let Some(g) = f.glyph_index(c) {
                let upem = f32::from(f.units_per_em());
                let adv = f.glyph_hor_advance(g).map_or(1.0, |a| f32::from(a) / upem);
                return (r, g.0, adv);
            }
        }
        (role, 0, 0.5)
    }
}

/// One glyph on a line.
#[derive(Clone)]
struct Placed {
    role: Role,
    ch: char,
    gid: u16,
    /// Advance in points, justification included.
    adv: f32,
}

struct Line {
    glyphs: Vec<Placed>,
    width: f32,
}

/// Must not start a line.
fn no_start(c: char) -> bool {
    "，。、；：？！）》”’」』】〕…—%．,.;:?!)]}％·".contains(c)
}

/// Must not end a line.
fn no_end(c: char) -> bool {
    "（《“‘「『【〔([{".contains(c)
}

/// Text set in one face at one size, broken into lines of `widths` (first line, others).
fn break_lines(
    fonts: &FontSet,
    spans: &[(Role, &str)],
    size: f32,
    squeeze: f32,
    first_width: f32,
    width: f32,
    justify: bool,
) -> Vec<Line> {
    // Closing punctuation may hang into the margin of running text, never out of a cell.
    let hang = justify;
    // Glyphs and where a line may break (before glyph i).
    let mut glyphs: Vec<Placed> = Vec::new();
    for (role, text) in spans {
        for ch in text.chars() {
            if ch == '\n' || ch == '\r' {
                continue;
            }
            let (r, gid, adv) = fonts.glyph(*role, ch);
            glyphs.push(Placed {
                role: r,
                ch,
                gid,
                adv: adv * size * squeeze,
            });
        }
    }
    let breakable = |i: usize| -> bool {
        if i == 0 || i >= glyphs.len() {
            return true;
        }
        let (a, b) = (glyphs[i - 1].ch, glyphs[i].ch);
        if no_start(b) || no_end(a) {
            return false;
        }
        // Keep numbers and Latin words whole.
        !(a.is_ascii_alphanumeric() && (b.is_ascii_alphanumeric() || b == '.' || b == '%'))
            && !((a == '.' || a == '-') && b.is_ascii_alphanumeric())
    };
    let mut lines = Vec::new();
    let mut start = 0;
    while start < glyphs.len() {
        let avail = if lines.is_empty() { first_width } else { width };
        let mut w = 0.0;
        let mut end = start;
        let mut last_break = None;
        while end < glyphs.len() {
            let next = w + glyphs[end].adv;
            if next > avail + 0.01 && end > start {
                // Hanging punctuation: a closing mark may stick out rather than start a line.
                if hang && no_start(glyphs[end].ch) && next <= avail + size {
                    w = next;
                    end += 1;
                    continue;
                }
                break;
            }
            w = next;
            end += 1;
            if breakable(end) {
                last_break = Some(end);
            }
        }
        if end < glyphs.len()
            && let Some(b) = last_break
            && b > start
            && b < end
        {
            end = b;
        }
        if end < glyphs.len() && !breakable(end) {
            // No allowed break in the whole line: cut anyway.
            end = end.max(start + 1);
        }
        let mut line: Vec<Placed> = glyphs[start..end].to_vec();
        let natural: f32 = line.iter().map(|g| g.adv).sum();
        let last = end >= glyphs.len();
        if justify && !last && line.len() > 1 && natural < avail {
            let gaps: Vec<usize> = (1..line.len()).filter(|&i| breakable(start + i)).collect();
            if !gaps.is_empty() {
                let extra = (avail - natural) / gaps.len() as f32;
                for i in gaps {
                    line[i - 1].adv += extra;
                }
            }
        }
        let width = line.iter().map(|g| g.adv).sum();
        lines.push(Line {
            glyphs: line,
            width,
        });
        start = end;
    }
    lines
}

enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        glyphs: Vec<Placed>,
        color: [u8; 3],
    },
    Rect {
        r: (f32, f32, f32, f32),
        fill: Option<[u8; 3]>,
        stroke: Option<f32>,
    },
    Image {
        r: (f32, f32, f32, f32),
        png: std::sync::Arc<Vec<u8>>,
    },
}

struct Layout<'a> {
    fonts: FontSet<'a>,
    pages: Vec<Vec<Op>>,
    /// From the top of the 版心.
    y: f32,
}

impl Layout<'_> {
    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = 0.0;
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

    fn ensure(&mut self, h: f32) {
        if self.room() < h - 0.5 && self.y > 0.0 {
            self.new_page();
        }
    }

    /// Back onto the 22-line grid.
    fn snap(&mut self) {
        let k = (self.y / PITCH - 1e-3).ceil();
        self.y = k * PITCH;
        if self.y >= TEXT_H - 1.0 {
            self.new_page();
        }
    }

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
        self.lines(
            &spans,
            BODY,
            p.align,
            p.first_indent,
            p.left_indent,
            p.right_indent,
        );
    }

    /// Body-size lines on the grid.
    fn lines(
        &mut self,
        spans: &[(Role, &str)],
        size: f32,
        align: Align,
        first_indent: f32,
        left_indent: f32,
        right_indent: f32,
    ) {
        let ch = TEXT_W / 28.0;
        let right = right_indent * ch;
        let first_w = TEXT_W - first_indent * ch - right;
        let rest_w = TEXT_W - left_indent * ch - right;
        let squeeze = if (size - BODY).abs() < 0.1 {
            BODY_SQUEEZE
        } else {
            1.0
        };
        let lines = break_lines(
            &self.fonts,
            spans,
            size,
            squeeze,
            first_w,
            rest_w,
            align == Align::Justify,
        );
        for (i, line) in lines.into_iter().enumerate() {
            self.ensure(PITCH);
            let indent = if i == 0 { first_indent } else { left_indent } * ch;
            let avail = if i == 0 { first_w } else { rest_w };
            let x = match align {
                Align::Justify | Align::Left => indent,
                Align::Center => indent + (avail - line.width) / 2.0,
                Align::Right => TEXT_W - right - line.width,
            };
            let y = self.y;
            self.text_line(x, y, PITCH, size, line, [0, 0, 0]);
            self.y += PITCH;
        }
    }

    fn empty(&mut self) {
        if self.y > 0.0 {
            self.y += PITCH;
        }
    }

    /// A centred title in 2号小标宋, lines of balanced length.
    fn title(&mut self, text: &str) {
        let spans = [(Role::Title, text)];
        let full = break_lines(&self.fonts, &spans, TITLE, 1.0, f32::MAX, f32::MAX, false);
        let natural = full.first().map_or(0.0, |l| l.width);
        let n = (natural / TEXT_W).ceil().max(1.0);
        let mut target = (natural / n).min(TEXT_W);
        let mut lines = break_lines(&self.fonts, &spans, TITLE, 1.0, target, target, false);
        while lines.len() as f32 > n && target < TEXT_W {
            target = (target + TITLE).min(TEXT_W);
            lines = break_lines(&self.fonts, &spans, TITLE, 1.0, target, target, false);
        }
        self.ensure(PITCH * lines.len() as f32 + PITCH);
        for line in lines {
            let x = (TEXT_W - line.width) / 2.0;
            let y = self.y;
            self.text_line(x, y, PITCH, TITLE, line, [0, 0, 0]);
            self.y += PITCH;
        }
    }

    fn table(&mut self, t: &Table) {
        let size = if t.small { 9.0 } else { 10.5 };
        let lh = size * 1.3;
        let pad = if t.small { 2.0 } else { 3.0 };
        let total: f32 = t.columns.iter().map(|c| c.width).sum::<f32>().max(0.001);
        let widths: Vec<f32> = t.columns.iter().map(|c| c.width / total * TEXT_W).collect();
        let layout_row = |fonts: &FontSet, cells: &[(&Cell, Role)], widths: &[f32]| {
            let lines: Vec<Vec<Line>> = cells
                .iter()
                .zip(widths)
                .map(|((c, role), w)| {
                    break_lines(
                        fonts,
                        &[(*role, c.text.as_str())],
                        size,
                        1.0,
                        w - 2.0 * pad,
                        w - 2.0 * pad,
                        false,
                    )
                })
                .collect();
            let h =
                lines.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * lh + 2.0 * pad + 2.0;
            (lines, h)
        };
        let header_cells: Vec<Cell> = t
            .columns
            .iter()
            .map(|c| {
                let mut cell = Cell::text(&c.title);
                cell.fill = Some([0xF2, 0xF2, 0xF2]);
                cell
            })
            .collect();
        let header_refs: Vec<(&Cell, Role)> = header_cells.iter().map(|c| (c, Role::Hei)).collect();
        let (header_lines, header_h) = layout_row(&self.fonts, &header_refs, &widths);
        let rows: Vec<(Vec<Vec<Line>>, f32)> = t
            .rows
            .iter()
            .map(|r| {
                let refs: Vec<(&Cell, Role)> = r.iter().map(|c| (c, Role::Body)).collect();
                layout_row(&self.fonts, &refs, &widths)
            })
            .collect();

        // Caption, kept with the header and the first row.
        let first_h = rows.first().map_or(0.0, |r| r.1);
        self.ensure(PITCH + header_h + first_h);
        let caption = if t.title.is_empty() {
            Vec::new()
        } else {
            break_lines(
                &self.fonts,
                &[(Role::Hei, t.title.as_str())],
                14.0,
                1.0,
                TEXT_W,
                TEXT_W,
                false,
            )
        };
        for line in caption {
            let x = (TEXT_W - line.width) / 2.0;
            let y = self.y;
            self.text_line(x, y, PITCH, 14.0, line, [0, 0, 0]);
            self.y += PITCH;
        }
        let draw_row =
            |me: &mut Self, cells: &[&Cell], lines: &[Vec<Line>], h: f32, header: bool| {
                let mut x = 0.0;
                for (k, (c, w)) in cells.iter().zip(&widths).enumerate() {
                    let r = (LEFT + x, TOP + me.y, *w, h);
                    me.ops().push(Op::Rect {
                        r,
                        fill: c.fill,
                        stroke: Some(0.5),
                    });
                    if let Some(cell_lines) = lines.get(k) {
                        let block_h = cell_lines.len() as f32 * lh;
                        let mut ly = me.y + (h - block_h) / 2.0;
                        let wide = t.columns.get(k).is_some_and(|col| col.width / total > 0.3);
                        for l in cell_lines {
                            let lx = if wide && !header {
                                x + pad
                            } else {
                                x + (w - l.width) / 2.0
                            };
                            let glyphs = l.glyphs.clone();
                            me.text_line(
                                lx,
                                ly,
                                lh,
                                size,
                                Line {
                                    glyphs,
                                    width: l.width,
                                },
                                c.color.unwrap_or([0, 0, 0]),
                            );
                            ly += lh;
                        }
                    }
                    x += w;
                }
                me.y += h;
            };
        let header_refs: Vec<&Cell> = header_cells.iter().collect();
        draw_row(self, &header_refs, &header_lines, header_h, true);
        for (row, (lines, h)) in t.rows.iter().zip(rows) {
            if self.room() < h {
                self.new_page();
                draw_row(self, &header_refs, &header_lines, header_h, true);
            }
            let refs: Vec<&Cell> = row.iter().collect();
            draw_row(self, &refs, &lines, h, false);
        }
        if let Some(note) = &t.note {
            self.y += 4.0;
            let lines = break_lines(
                &self.fonts,
                &[(Role::Body, note.as_str())],
                10.5,
                1.0,
                TEXT_W,
                TEXT_W,
                true,
            );
            for line in lines {
                self.ensure(lh);
                let y = self.y;
                self.text_line(0.0, y, lh, 10.5, line, [0, 0, 0]);
                self.y += lh;
            }
        }
        self.y += PITCH / 2.0;
        self.snap();
    }

    fn chart(&mut self, c: &Chart) {
        let (w, h) = (c.width.max(1) as f32, c.height.max(1) as f32);
        let mut dw = TEXT_W;
        let mut dh = dw * h / w;
        // At most 46% of the 版心 height, so two charts share a page.
        if dh > TEXT_H * 0.46 {
            dh = TEXT_H * 0.46;
            dw = dh * w / h;
        }
        self.ensure(dh + 8.0);
        let x = (TEXT_W - dw) / 2.0;
        let r = (LEFT + x, TOP + self.y + 4.0, dw, dh);
        self.ops().push(Op::Image {
            r,
            png: c.png.clone(),
        });
        self.y += dh + 8.0;
        self.y += PITCH / 2.0;
        self.snap();
    }

    fn heading(&mut self, h: &str) {
        // Keep a heading with the line after it.
        self.ensure(2.0 * PITCH);
        self.lines(&[(Role::Hei, h)], BODY, Align::Justify, 2.0, 0.0, 0.0);
    }

    fn blocks(&mut self, blocks: &[Block]) {
        for b in blocks {
            match b {
                Block::Heading(h) => self.heading(h),
                Block::Paragraph(p) => self.paragraph(p),
                Block::Table(t) => self.table(t),
                Block::Chart(c) => self.chart(c),
            }
        }
    }

    fn page_numbers(&mut self) {
        let n = self.pages.len();
        for i in 0..n {
            let label = format!("— {} —", i + 1);
            let lines = break_lines(
                &self.fonts,
                &[(Role::Body, label.as_str())],
                PAGE_NO,
                1.0,
                f32::MAX,
                f32::MAX,
                false,
            );
            let Some(line) = lines.into_iter().next() else {
                continue;
            };
            // 一字线 7 mm under the 版心; odd pages right, even left, one character in.
            let x = if i % 2 == 0 {
                TEXT_W - PAGE_NO - line.width
            } else {
                PAGE_NO
            };
            let baseline = TOP + TEXT_H + 7.0 * MM + 0.8 * PAGE_NO;
            self.pages[i].push(Op::Text {
                x: LEFT + x,
                y: baseline,
                size: PAGE_NO,
                glyphs: line.glyphs,
                color: [0, 0, 0],
            });
        }
    }
}

fn render_err(detail: impl std::fmt::Display) -> ExportError {
    ExportError::Render {
        what: "PDF",
        detail: detail.to_string(),
    }
}

fn font_set(faces: &Faces) -> Result<FontSet<'_>, ExportError> {
    fn parse(f: &crate::fonts::Face) -> Result<ttf_parser::Face<'_>, ExportError> {
        ttf_parser::Face::parse(&f.data, f.index)
            .map_err(|e| render_err(format!("字体 {f:?}：{e}")))
    }
    // One krilla font per distinct face, so a shared face is embedded once.
    let mut cache: HashMap<(std::path::PathBuf, u32), Font> = HashMap::new();
    let mut krilla_font = |f: &crate::fonts::Face| -> Result<Font, ExportError> {
        let key = (f.path.clone(), f.index);
        if let Some(k) = cache.get(&key) {
            return Ok(k.clone());
        }
        let font = Font::new(f.data.clone().into(), f.index)
            .ok_or_else(|| render_err(format!("字体 {f:?} 无法嵌入")))?;
        cache.insert(key, font.clone());
        Ok(font)
    };
    Ok(FontSet {
        faces: [
            parse(&faces.body)?,
            parse(&faces.hei)?,
            parse(&faces.kai)?,
            parse(&faces.title)?,
        ],
        krilla: [
            krilla_font(&faces.body)?,
            krilla_font(&faces.hei)?,
            krilla_font(&faces.kai)?,
            krilla_font(&faces.title)?,
        ],
    })
}

/// The .pdf file's bytes.
pub fn render(brief: &Brief) -> Result<Vec<u8>, ExportError> {
    let faces = crate::fonts::faces().ok_or(ExportError::NoFont)?;
    let fonts = font_set(faces)?;
    let mut l = Layout {
        fonts,
        pages: vec![Vec::new()],
        y: 0.0,
    };
    l.empty_first_line();
    l.title(&brief.title);
    l.empty();
    l.paragraph(&brief.recipients_paragraph());
    l.blocks(&brief.body);
    if !brief.attachments.is_empty() {
        l.empty();
        for p in brief.attachment_note() {
            l.paragraph(&p);
        }
    }
    let closing = brief.closing();
    l.ensure(PITCH * (2 + closing.len()) as f32);
    l.empty();
    l.empty();
    for p in &closing {
        l.paragraph(p);
    }
    for a in &brief.attachments {
        l.new_page();
        l.lines(
            &[(Role::Hei, a.label.as_str())],
            BODY,
            Align::Left,
            0.0,
            0.0,
            0.0,
        );
        l.empty();
        l.title(&a.title);
        l.empty();
        l.blocks(&a.blocks);
    }
    l.page_numbers();
    emit(brief, l)
}

impl Layout<'_> {
    /// GB/T 9704: the title starts on the second line of the 版心 when there is no 版头.
    fn empty_first_line(&mut self) {
        self.y = PITCH;
    }
}

fn emit(brief: &Brief, l: Layout) -> Result<Vec<u8>, ExportError> {
    let mut doc = Document::new();
    doc.set_metadata(
        krilla::metadata::Metadata::new()
            .title(brief.title.clone())
            .language("zh-CN".into())
            .creator("dispatch-desk".into()),
    );
    let size = Size::from_wh(PAGE_W, PAGE_H).ok_or_else(|| render_err("页面尺寸"))?;
    let mut images: HashMap<*const Vec<u8>, krilla::image::Image> = HashMap::new();
    for ops in &l.pages {
        let mut page = doc.start_page_with(PageSettings::new(size));
        let mut s = page.surface();
        for op in ops {
            match op {
                Op::Rect { r, fill, stroke } => {
                    let Some(rect) = Rect::from_xywh(r.0, r.1, r.2, r.3) else {
                        continue;
                    };
                    let mut pb = PathBuilder::new();
                    pb.push_rect(rect);
                    let Some(path) = pb.finish() else { continue };
                    s.set_fill(fill.map(|c| Fill {
                        paint: rgb::Color::new(c[0], c[1], c[2]).into(),
                        opacity: NormalizedF32::ONE,
                        rule: FillRule::NonZero,
                    }));
                    s.set_stroke(stroke.map(|w| Stroke {
                        width: w,
                        ..Stroke::default()
                    }));
                    s.draw_path(&path);
                    s.set_stroke(None);
                }
                Op::Text {
                    x,
                    y,
                    size,
                    glyphs,
                    color,
                } => {
                    s.set_stroke(None);
                    s.set_fill(Some(Fill {
                        paint: rgb::Color::new(color[0], color[1], color[2]).into(),
                        opacity: NormalizedF32::ONE,
                        rule: FillRule::NonZero,
                    }));
                    // One run per face.
                    let mut i = 0;
                    let mut cx = *x;
                    while i < glyphs.len() {
                        let role = glyphs[i].role;
                        let mut j = i;
                        let mut text = String::new();
                        let mut run = Vec::new();
                        let mut run_w = 0.0;
                        while j < glyphs.len() && glyphs[j].role == role {
                            let g = &glyphs[j];
                            let start = text.len();
                            text.push(g.ch);
                            run.push(KrillaGlyph {
                                glyph_id: GlyphId::new(u32::from(g.gid)),
                                text_range: start..text.len(),
                                x_advance: g.adv / size,
                                x_offset: 0.0,
                                y_offset: 0.0,
                                y_advance: 0.0,
                                location: None,
                            });
                            run_w += g.adv;
                            j += 1;
                        }
                        let font = l.fonts.krilla[FontSet::idx(role)].clone();
                        s.draw_glyphs(Point::from_xy(cx, *y), &run, font, &text, *size, false);
                        cx += run_w;
                        i = j;
                    }
                }
                Op::Image { r, png } => {
                    let key = std::sync::Arc::as_ptr(png);
                    let image = match images.get(&key) {
                        Some(i) => i.clone(),
                        None => {
                            let i = krilla::image::Image::from_png(png.clone().into(), true)
                                .map_err(render_err)?;
                            images.insert(key, i.clone());
                            i
                        }
                    };
                    let Some(size) = Size::from_wh(r.2, r.3) else {
                        continue;
                    };
                    s.push_transform(&Transform::from_translate(r.0, r.1));
                    s.draw_image(image, size);
                    s.pop();
                }
            }
        }
        s.finish();
        page.finish();
    }
    doc.finish().map_err(|e| render_err(format!("{e:?}")))
}
