//! The laid-out pages into a PDF with krilla, which embeds subsets of the fonts with a
//! ToUnicode map, so the text is real and extractable.

use std::collections::HashMap;
use std::sync::Arc;

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, Stroke};
use krilla::text::{Font, GlyphId, KrillaGlyph};

use super::lines::{FontSet, Placed};
use crate::ExportError;
use crate::fonts::Faces;

/// What is drawn on a page, in points from its top left.
pub enum Op {
    Text {
        x: f32,
        /// Baseline.
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
        png: Arc<Vec<u8>>,
    },
}

pub fn render_err(detail: impl std::fmt::Display) -> ExportError {
    ExportError::Render {
        what: "PDF",
        detail: detail.to_string(),
    }
}

/// The brief's four faces, parsed for measuring and loaded for embedding.
pub fn font_set(faces: &Faces) -> Result<FontSet<'_>, ExportError> {
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

fn fill(c: [u8; 3]) -> Fill {
    Fill {
        paint: rgb::Color::new(c[0], c[1], c[2]).into(),
        opacity: NormalizedF32::ONE,
        rule: FillRule::NonZero,
    }
}

/// The pages (`width` × `height` points) as PDF bytes.
pub fn emit(
    title: &str,
    fonts: &FontSet,
    pages: &[Vec<Op>],
    (width, height): (f32, f32),
) -> Result<Vec<u8>, ExportError> {
    let mut doc = Document::new();
    doc.set_metadata(
        krilla::metadata::Metadata::new()
            .title(title.to_string())
            .language("zh-CN".into())
            .creator("dispatch-desk".into()),
    );
    let size = Size::from_wh(width, height).ok_or_else(|| render_err("页面尺寸"))?;
    let mut images: HashMap<*const Vec<u8>, krilla::image::Image> = HashMap::new();
    for ops in pages {
        let mut page = doc.start_page_with(PageSettings::new(size));
        let mut s = page.surface();
        for op in ops {
            match op {
                Op::Rect { r, fill: f, stroke } => {
                    let Some(rect) = Rect::from_xywh(r.0, r.1, r.2, r.3) else {
                        continue;
                    };
                    let mut pb = PathBuilder::new();
                    pb.push_rect(rect);
                    let Some(path) = pb.finish() else { continue };
                    s.set_fill(f.map(fill));
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
                    s.set_fill(Some(fill(*color)));
                    // One run per face.
                    let mut cx = *x;
                    for run in glyphs.chunk_by(|a, b| a.role == b.role) {
                        let mut text = String::new();
                        let mut krilla_glyphs = Vec::with_capacity(run.len());
                        for g in run {
                            let start = text.len();
                            text.push(g.ch);
                            krilla_glyphs.push(KrillaGlyph {
                                glyph_id: GlyphId::new(u32::from(g.gid)),
                                text_range: start..text.len(),
                                x_advance: g.adv / size,
                                x_offset: 0.0,
                                y_offset: 0.0,
                                y_advance: 0.0,
                                location: None,
                            });
                        }
                        let font = fonts.krilla[FontSet::idx(run[0].role)].clone();
                        s.draw_glyphs(
                            Point::from_xy(cx, *y),
                            &krilla_glyphs,
                            font,
                            &text,
                            *size,
                            false,
                        );
                        cx += run.iter().map(|g| g.adv).sum::<f32>();
                    }
                }
                Op::Image { r, png } => {
                    let key = Arc::as_ptr(png);
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
