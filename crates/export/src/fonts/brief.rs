//! The faces of the printed brief (PDF) and the charts, found once per process (a system scan
//! is slow and a CJK collection is large), each a single face.

use std::sync::OnceLock;

use super::{self as fonts, Face};

/// Faces for 小标宋 titles: the real one where installed, else a bold serif.
const TITLE: &[&str] = &[
    "FZXiaoBiaoSong-B05S",
    "方正小标宋简体",
    "方正小标宋_GBK",
    "FZXiaoBiaoSong-B05",
];

/// Bold serif faces (the 小标宋 stand-in), from known places.
const BOLD_SERIF: &[(&str, &str, u32)] = &[
    (
        "Noto Serif CJK SC Bold",
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
        2,
    ),
    (
        "Noto Serif CJK SC Bold",
        "/usr/share/fonts/noto-cjk/NotoSerifCJK-Bold.ttc",
        2,
    ),
    ("SimSun", "C:\\Windows\\Fonts\\simsun.ttc", 0),
];

/// The faces a printed brief uses.
#[derive(Debug, Clone)]
pub struct Faces {
    /// 仿宋 (or the serif stand-in)
    pub body: Face,
    /// 黑体
    pub hei: Face,
    /// 楷体
    pub kai: Face,
    /// 小标宋
    pub title: Face,
    /// Sans for charts.
    pub sans: Face,
}

static FACES: OnceLock<Option<Faces>> = OnceLock::new();

/// The faces, or None when this computer has no Chinese font at all.
pub fn faces() -> Option<&'static Faces> {
    FACES.get_or_init(find_all).as_ref()
}

fn find_all() -> Option<Faces> {
    let body = fonts::find(fonts::SERIF).or_else(fonts::sans)?;
    let hei = fonts::find(fonts::HEI).unwrap_or_else(|| body.clone());
    let kai = fonts::find(fonts::KAI).unwrap_or_else(|| body.clone());
    let sans = fonts::sans().unwrap_or_else(|| hei.clone());
    let title = fonts::find(TITLE)
        .or_else(|| {
            BOLD_SERIF.iter().find_map(|(family, path, index)| {
                let data = std::fs::read(path).ok()?;
                let ok = ttf_parser::Face::parse(&data, *index)
                    .ok()
                    .is_some_and(|face| {
                        "监测乡镇通报"
                            .chars()
                            .all(|c| face.glyph_index(c).is_some())
                    });
                ok.then(|| Face {
                    family: (*family).to_string(),
                    path: (*path).into(),
                    index: *index,
                    data: std::sync::Arc::new(data),
                })
            })
        })
        .unwrap_or_else(|| body.clone());
    // Share the bytes of faces that come from the same file (Noto Serif for body and 楷体).
    let share = |f: Face, others: &[&Face]| -> Face {
        match others
            .iter()
            .find(|o| o.path == f.path && o.index == f.index)
        {
            Some(o) => (*o).clone(),
            None => f,
        }
    };
    let hei = share(hei, &[&body]);
    let kai = share(kai, &[&body, &hei]);
    let sans = share(sans, &[&body, &hei, &kai]);
    Some(Faces {
        body,
        hei,
        kai,
        title,
        sans,
    })
}
