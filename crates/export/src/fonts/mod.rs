//! Finds one Chinese font face on this computer and loads only that face, for the app,
//! the PDF brief and the chart images. Nothing is bundled: the fonts that Chinese Windows,
//! UOS and Kylin ship (or fonts-noto-cjk) are used.

mod brief;

use std::path::PathBuf;
use std::sync::Arc;

pub use brief::{Faces, faces};

/// A font face: the bytes of its file (a .ttc holds several faces) and the face's index.
#[derive(Clone)]
pub struct Face {
    pub family: String,
    pub path: PathBuf,
    pub index: u32,
    pub data: Arc<Vec<u8>>,
}

impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} ({}#{})",
            self.family,
            self.path.display(),
            self.index
        )
    }
}

/// Sans-serif faces for the screen and charts, best first.
pub const SANS: &[&str] = &[
    "Microsoft YaHei",
    "微软雅黑",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "思源黑体",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "文泉驿微米黑",
    "SimHei",
    "黑体",
    "DengXian",
    "等线",
    "Droid Sans Fallback",
];

/// Serif faces for the body of printed documents (仿宋 first, as GB/T 9704 asks).
pub const SERIF: &[&str] = &[
    "FangSong",
    "仿宋",
    "FangSong_GB2312",
    "仿宋_GB2312",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "思源宋体",
    "SimSun",
    "宋体",
    "AR PL UMing CN",
];

/// Faces for headings set in 黑体.
pub const HEI: &[&str] = &[
    "SimHei",
    "黑体",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
];

/// Faces for （一） headings in 楷体.
pub const KAI: &[&str] = &[
    "KaiTi",
    "楷体",
    "KaiTi_GB2312",
    "楷体_GB2312",
    "AR PL UKai CN",
    "Noto Serif CJK SC",
];

/// Common places of the usual faces, tried before scanning every font on the system.
/// On Windows these are the files of Chinese Windows' own faces; a Windows installed
/// elsewhere is found by the scan (fontdb reads %SYSTEMROOT%\Fonts).
const KNOWN: &[(&str, &str, u32)] = &[
    ("Microsoft YaHei", "C:\\Windows\\Fonts\\msyh.ttc", 0),
    ("FangSong", "C:\\Windows\\Fonts\\simfang.ttf", 0),
    ("SimHei", "C:\\Windows\\Fonts\\simhei.ttf", 0),
    ("KaiTi", "C:\\Windows\\Fonts\\simkai.ttf", 0),
    (
        "Noto Sans CJK SC",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        2,
    ),
    (
        "Noto Sans CJK SC",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
        2,
    ),
    (
        "Noto Serif CJK SC",
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
        2,
    ),
    (
        "WenQuanYi Micro Hei",
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        0,
    ),
];

/// The first face of `families` found on this computer.
pub fn find(families: &[&str]) -> Option<Face> {
    for name in families {
        for (family, path, index) in KNOWN {
            if family == name
                && let Some(face) = load(family, PathBuf::from(path), *index)
            {
                return Some(face);
            }
        }
    }
    let mut db = fontdb::Database::new();
    db.load_system_fonts();
    for name in families {
        let query = fontdb::Query {
            families: &[fontdb::Family::Name(name)],
            weight: fontdb::Weight::NORMAL,
            ..fontdb::Query::default()
        };
        let Some(id) = db.query(&query) else {
            continue;
        };
        let Some((source, index)) = db.face_source(id) else {
            continue;
        };
        let path = match source {
            fontdb::Source::File(p) => p,
            fontdb::Source::Binary(_) => continue,
        };
        if let Some(face) = load(name, path, index) {
            return Some(face);
        }
    }
    None
}

/// The sans face for the screen; None means Chinese cannot be shown (say so to the user).
pub fn sans() -> Option<Face> {
    find(SANS)
}

fn load(family: &str, path: PathBuf, index: u32) -> Option<Face> {
    let data = std::fs::read(&path).ok()?;
    // Only accept a face that really has the Chinese characters we print.
    let face = ttf_parser_face_has_cjk(&data, index)?;
    face.then(|| Face {
        family: family.to_string(),
        path,
        index,
        data: Arc::new(data),
    })
}

fn ttf_parser_face_has_cjk(data: &[u8], index: u32) -> Option<bool> {
    let face = ttf_parser::Face::parse(data, index).ok()?;
    Some("监测户乡镇".chars().all(|c| face.glyph_index(c).is_some()))
}

/// Where to get a font when none is found, in words for the user.
pub const MISSING_HELP: &str = "没有找到中文字体。Windows 请确认已安装“微软雅黑”或“黑体”；\
统信 UOS、麒麟、Debian/Ubuntu 请安装 fonts-noto-cjk（sudo apt install fonts-noto-cjk）后重新打开。";

#[cfg(test)]
mod tests {
    use super::*;

    /// scripts/setup.sh installs fonts-noto-cjk, so a test machine always has a face.
    #[test]
    fn finds_a_simplified_chinese_face() {
        let face = sans().expect(MISSING_HELP);
        let parsed = ttf_parser::Face::parse(&face.data, face.index).unwrap();
        // The simplified form 门 (not the Japanese or traditional 門) must be there.
        assert!(parsed.glyph_index('门').is_some(), "{face:?}");
        if face.family == "Noto Sans CJK SC" {
            assert_eq!(face.index, 2, "face 0 of the collection is Japanese");
        }
        assert!(find(SERIF).is_some());
    }
}
