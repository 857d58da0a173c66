//! The township names on one of a county's own sheets, to set up its template (县市设置 →
//! 从表格识别). The names are not in the template yet, so the column is found by its header
//! (乡镇（街道）, 单位…) or, failing that, as the column whose cells end in 镇/乡/街道; it is read
//! down to the notes under the table, leaving out 合计/小计 rows, codes and units.

use std::path::Path;

use super::grid::{Sheet, Value};
use dd_core::template::{HeaderTarget, Template};
use dd_core::text::{cell_name, col_name, fold};

/// How many rows from the top may hold the header.
const HEAD_ZONE: usize = 60;
/// A longer text is a note, not a name.
const MAX_NAME: usize = 20;
/// Without a header, a column needs this many names that end like a township's.
const MIN_UNHEADED: usize = 3;

/// One name as found, with the kind its ending tells (街道, 镇, 乡, or empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundName {
    pub name: String,
    pub kind: String,
}

/// The names read from a sheet, and where they were read.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundNames {
    /// The file's name (without its folder).
    pub file: String,
    pub sheet: Option<String>,
    /// The header cell and its text (B3, 乡镇（街道）), when the column has one.
    pub header: Option<(String, String)>,
    /// The column's letter and the cells of the first and last name: (B, B4, B20).
    pub column: String,
    pub first: String,
    pub last: String,
    pub names: Vec<FoundName>,
}

impl FoundNames {
    /// "湘潭县月调度表.xlsx!Sheet1 B列（表头“乡镇（街道）”在B3）B4:B20"
    pub fn place(&self) -> String {
        let mut s = self.file.clone();
        if let Some(sheet) = &self.sheet {
            s.push('!');
            s.push_str(sheet);
        }
        s.push_str(&format!(" {}列", self.column));
        if let Some((cell, text)) = &self.header {
            s.push_str(&format!("（表头“{text}”在{cell}）"));
        }
        s.push_str(&format!(" {}:{}", self.first, self.last));
        s
    }
}

#[derive(Debug, thiserror::Error)]
pub enum NamesError {
    #[error("无法读取 {file}：{message}")]
    Read { file: String, message: String },
    #[error(
        "{file} 中找不到乡镇（街道）列：没有“乡镇（街道）”“单位”等表头，也没有一列以镇、乡、街道结尾的名称"
    )]
    NoColumn { file: String },
}

/// Reads a spreadsheet and takes the township names of its best sheet (the one with most).
pub fn read(path: &Path, t: &Template) -> Result<FoundNames, NamesError> {
    let file = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let bytes = std::fs::read(path).map_err(|e| NamesError::Read {
        file: file.clone(),
        message: e.to_string(),
    })?;
    let sheets = super::read_sheets(&path.display().to_string(), bytes).map_err(|message| {
        NamesError::Read {
            file: file.clone(),
            message,
        }
    })?;
    names_in(&sheets, t, &file).ok_or(NamesError::NoColumn { file })
}

/// The names of the sheet that has the most, or None.
pub fn names_in(sheets: &[Sheet], t: &Template, file: &str) -> Option<FoundNames> {
    sheets
        .iter()
        .filter(|s| !s.hidden)
        .filter_map(|s| {
            let found = in_sheet(s, t)?;
            Some(FoundNames {
                file: file.to_string(),
                sheet: s.name.clone(),
                ..found
            })
        })
        .max_by_key(|f| f.names.len())
}

fn in_sheet(sheet: &Sheet, t: &Template) -> Option<FoundNames> {
    let headed = (0..sheet.height().min(HEAD_ZONE))
        .flat_map(|r| sheet.row(r).map(move |(c, _)| (r, c)))
        .filter(|&(r, c)| {
            sheet
                .get(r, c)
                .text()
                .is_some_and(|s| matches!(t.match_header(s), Some((HeaderTarget::Township, _))))
        })
        .map(|(r, c)| {
            let below = sheet.merge_at(r, c).map_or(r, |m| m.bottom.max(r)) + 1;
            column(sheet, c, below, t, Some(r))
        })
        .filter(|f| !f.names.is_empty())
        .max_by_key(|f| f.names.len());
    if headed.is_some() {
        return headed;
    }
    (0..sheet.width())
        .map(|c| column(sheet, c, 0, t, None))
        .filter(|f| f.names.iter().filter(|n| !n.kind.is_empty()).count() >= MIN_UNHEADED)
        .max_by_key(|f| f.names.len())
}

/// The names down column `c` from row `from` to the notes under the table.
fn column(sheet: &Sheet, c: usize, from: usize, t: &Template, header: Option<usize>) -> FoundNames {
    let mut names: Vec<FoundName> = Vec::new();
    let (mut first, mut last) = (None, None);
    for r in from..sheet.height() {
        let Value::Text(text) = sheet.get(r, c) else {
            continue;
        };
        let text = fold(text);
        if is_note(&text) {
            break;
        }
        let Some(name) = township_name(&text, t) else {
            continue;
        };
        first.get_or_insert(r);
        last = Some(r);
        if !names.iter().any(|n| n.name == name) {
            names.push(FoundName {
                kind: kind_of(&name).to_string(),
                name,
            });
        }
    }
    FoundNames {
        file: String::new(),
        sheet: None,
        header: header.map(|r| {
            (
                cell_name(r, c),
                sheet.get(r, c).display().trim().to_string(),
            )
        }),
        column: col_name(c),
        first: first.map(|r| cell_name(r, c)).unwrap_or_default(),
        last: last.map(|r| cell_name(r, c)).unwrap_or_default(),
        names,
    }
}

/// A note or signature line under the table: reading stops there.
fn is_note(text: &str) -> bool {
    [
        "备注",
        "注:",
        "说明",
        "填表",
        "填报人",
        "制表",
        "单位负责人",
        "负责人",
        "审核人",
        "联系电话",
        "联系人",
    ]
    .iter()
    .any(|w| text.starts_with(w))
}

/// The name a cell gives, tidied (东山街道（盖章） → 东山街道, 毛田镇人民政府 → 毛田镇), or None
/// for what is not a name: totals, codes, numbers written as text, units, a repeated header.
fn township_name(text: &str, t: &Template) -> Option<String> {
    let count = text.chars().count();
    if !(2..=MAX_NAME).contains(&count) || text.contains(':') {
        return None;
    }
    if [
        "合计", "总计", "小计", "汇总", "全县", "全市", "全区", "全旗",
    ]
    .iter()
    .any(|w| text.contains(w))
        || t.is_total_label(text)
        || t.match_header(text).is_some()
        || text
            .chars()
            .all(|ch| ch.is_ascii_digit() || ".,-()".contains(ch))
    {
        return None;
    }
    let mut name = text.to_string();
    while let Some(open) = name.rfind(['(', '[']) {
        if open == 0 || !name.ends_with([')', ']']) {
            break;
        }
        name.truncate(open);
    }
    for decoration in ["人民政府", "政府", "党委", "党工委"] {
        if let Some(rest) = name.strip_suffix(decoration)
            && rest.chars().count() >= 2
        {
            name = rest.to_string();
            break;
        }
    }
    (name.chars().count() >= 2).then_some(name)
}

/// 街道, 镇 or 乡 from the name's ending (办事处 is a 街道's office); empty otherwise.
fn kind_of(name: &str) -> &'static str {
    if name.ends_with("街道") || name.ends_with("办事处") {
        "街道"
    } else if name.ends_with('镇') {
        "镇"
    } else if name.ends_with('乡') {
        "乡"
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::{Region, SheetBuilder, SheetMeta};

    /// A test cell: text, a number, or nothing.
    enum C {
        T(&'static str),
        N(f64),
        E,
    }

    fn text(s: &'static str) -> C {
        C::T(s)
    }

    fn sheet(rows: Vec<Vec<C>>) -> Sheet {
        let mut b = SheetBuilder::new();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                match cell {
                    C::T(s) => b.text(r, c, s).unwrap(),
                    C::N(v) => b.number(r, c, *v, false).unwrap(),
                    C::E => {}
                }
            }
        }
        b.finish(SheetMeta {
            name: Some("Sheet1".into()),
            merges_known: true,
            ..SheetMeta::default()
        })
    }

    fn names(f: &FoundNames) -> Vec<&str> {
        f.names.iter().map(|n| n.name.as_str()).collect()
    }

    #[test]
    fn a_county_sheet_gives_its_township_column_from_the_header_to_the_notes() {
        let n = C::N;
        let mut s = sheet(vec![
            vec![text("湘潭县巩固拓展脱贫攻坚成果月调度表（2024年10月）")],
            vec![
                text("填报单位：湘潭县乡村振兴局"),
                C::E,
                text("单位：户、人"),
            ],
            vec![text("序号"), text("乡镇（街道）"), text("监测帮扶")],
            vec![C::E, C::E, text("监测对象户数")],
            vec![text("甲"), text("乙"), text("1")],
            vec![C::E, text("合计"), n(120.0)],
            vec![n(1.0), text("易俗河镇人民政府"), n(60.0)],
            vec![n(2.0), text("天易街道（盖章）"), n(40.0)],
            vec![n(3.0), text(" 锦石乡 "), n(20.0)],
            vec![n(4.0), text("易俗河镇"), n(0.0)],
            vec![text("填表人：张三"), text("联系电话：0731-1234567")],
            vec![C::E, text("不是乡镇的备注行")],
        ]);
        s.merges.push(Region {
            top: 2,
            left: 1,
            bottom: 3,
            right: 1,
        });
        let f = names_in(&[s], &Template::bundled(), "湘潭县.xlsx").unwrap();
        assert_eq!(names(&f), ["易俗河镇", "天易街道", "锦石乡"]);
        let kinds: Vec<&str> = f.names.iter().map(|n| n.kind.as_str()).collect();
        assert_eq!(kinds, ["镇", "街道", "乡"]);
        assert_eq!(
            f.place(),
            "湘潭县.xlsx!Sheet1 B列（表头“乡镇（街道）”在B3） B7:B10"
        );
    }

    #[test]
    fn without_a_header_the_column_of_names_ending_like_townships_is_taken() {
        let s = sheet(vec![
            vec![text("单位名称不详"), text("x")],
            vec![text("1"), text("花石镇")],
            vec![text("2"), text("射埠镇")],
            vec![text("3"), text("分水乡")],
            vec![text("4"), text("小计")],
        ]);
        let f = names_in(&[s], &Template::bundled(), "a.csv").unwrap();
        assert_eq!(names(&f), ["花石镇", "射埠镇", "分水乡"]);
        assert_eq!(f.header, None);
        assert_eq!((f.first.as_str(), f.last.as_str()), ("B2", "B4"));
    }

    #[test]
    fn a_sheet_without_names_is_refused_with_the_file() {
        let s = sheet(vec![vec![text("标题")], vec![text("1"), text("2")]]);
        assert!(names_in(&[s], &Template::bundled(), "空.xlsx").is_none());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("空.csv");
        std::fs::write(&path, "a,b\n1,2\n").unwrap();
        let e = read(&path, &Template::bundled()).unwrap_err().to_string();
        assert!(
            e.contains("空.csv") && e.contains("找不到乡镇（街道）列"),
            "{e}"
        );
    }
}

#[cfg(test)]
mod fixtures {
    use super::*;

    fn fixture(name: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/fixtures")
            .join(name)
    }

    /// The government layout (title, 填报 line, two header rows, 合计, notes) gives the 22
    /// townships as the sample template lists them, kinds and all.
    #[test]
    fn the_sample_county_sheet_gives_its_townships_in_order() {
        let t = Template::bundled();
        let f = read(&fixture("湘乡市月调度表2024年10月.xlsx"), &t).unwrap();
        let expected: Vec<(&str, &str)> = t
            .townships
            .iter()
            .map(|x| (x.name.as_str(), x.kind.as_str()))
            .collect();
        let found: Vec<(&str, &str)> = f
            .names
            .iter()
            .map(|n| (n.name.as_str(), n.kind.as_str()))
            .collect();
        assert_eq!(found, expected);
        assert_eq!((f.first.as_str(), f.last.as_str()), ("B6", "B27"));
        // A GBK CSV, and a township's own file (one name).
        assert_eq!(
            read(&fixture("监测就业_202410_gbk.csv"), &t)
                .unwrap()
                .names
                .len(),
            22
        );
        let one = read(&fixture("乡镇报送_202410/毛田镇_2024年10月.xlsx"), &t).unwrap();
        assert_eq!(
            one.names,
            [FoundName {
                name: "毛田镇".into(),
                kind: "镇".into()
            }]
        );
        // A broken file says so, with its name.
        let e = read(&fixture("bad_截断_2024年10月.xlsx"), &t)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("无法读取 bad_截断_2024年10月.xlsx"), "{e}");
    }
}
