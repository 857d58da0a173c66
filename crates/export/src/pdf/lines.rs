//! Text into lines for the PDF: glyphs and advances from the faces, Chinese lines broken
//! between characters with the 禁则 of [`crate::layout`] (numbers and Latin words
//! kept whole), closing marks hanging into the margin of running text, justified.

use krilla::text::Font;

use crate::layout::{no_end, no_start};

/// The faces text is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Body,
    Hei,
    Kai,
    Title,
}

pub struct FontSet<'a> {
    pub faces: [ttf_parser::Face<'a>; 4],
    pub krilla: [Font; 4],
}

impl FontSet<'_> {
    pub fn idx(r: Role) -> usize {
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
pub struct Placed {
    pub role: Role,
    pub ch: char,
    pub gid: u16,
    /// Advance in points, justification included.
    pub adv: f32,
}

#[derive(Clone)]
pub struct Line {
    pub glyphs: Vec<Placed>,
    pub width: f32,
}

/// How a run of text is broken.
#[derive(Debug, Clone, Copy)]
pub struct Measure {
    /// Points.
    pub size: f32,
    /// Advances scaled by this (3号 body text set 28 to the line).
    pub squeeze: f32,
    /// Width of the first line and of the others, in points.
    pub first_width: f32,
    pub width: f32,
    /// Running text: justified, closing marks may hang.
    pub justify: bool,
}

impl Measure {
    /// One size, one width, not justified (cells, captions, titles).
    pub fn plain(size: f32, width: f32) -> Measure {
        Measure {
            size,
            squeeze: 1.0,
            first_width: width,
            width,
            justify: false,
        }
    }
}

/// Text set in its faces at one size, broken into lines.
pub fn break_lines(fonts: &FontSet, spans: &[(Role, &str)], m: Measure) -> Vec<Line> {
    let size = m.size;
    // Closing punctuation may hang into the margin of running text, never out of a cell.
    let hang = m.justify;
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
                adv: adv * size * m.squeeze,
            });
        }
    }
    // May a line break before glyph i?
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
        let avail = if lines.is_empty() {
            m.first_width
        } else {
            m.width
        };
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
        if m.justify && !last && line.len() > 1 && natural < avail {
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
