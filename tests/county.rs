//! Another county end to end: a template for 湘潭县 (level 县, 17 townships of its own) imported
//! into a fresh workspace; its sheet imports; `status` and `form` list its townships; the brief
//! (docx and pdf) names the county, 全县 and 县领导小组, and never the sample county or 全市.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use dd_core::model::TableCell;
use dd_core::template::{DEFAULT_TEMPLATE, Template};
use dd_import::import_paths;

const TOWNS: [&str; 17] = [
    "易俗河镇",
    "天易街道",
    "河口镇",
    "花石镇",
    "青山桥镇",
    "射埠镇",
    "茶恩寺镇",
    "白石镇",
    "中路铺镇",
    "杨嘉桥镇",
    "乌石镇",
    "石鼓镇",
    "云湖桥镇",
    "石潭镇",
    "锦石乡",
    "排头乡",
    "分水乡",
];

/// The bundled template rewritten for 湘潭县.
fn template_text() -> String {
    let start = DEFAULT_TEMPLATE.find("[[townships]]").unwrap();
    let end = DEFAULT_TEMPLATE.find("[[indicators]]").unwrap();
    let towns: String = TOWNS
        .iter()
        .map(|t| {
            let kind = if t.ends_with("街道") {
                "街道"
            } else {
                &t[t.len() - 3..]
            };
            format!("[[townships]]\nname = \"{t}\"\nkind = \"{kind}\"\n\n")
        })
        .collect();
    let text = format!(
        "{}{}{}",
        &DEFAULT_TEMPLATE[..start],
        towns,
        &DEFAULT_TEMPLATE[end..]
    );
    text.replace("county = \"湘乡市\"", "county = \"湘潭县\"")
        .replace("level = \"市\"", "level = \"县\"")
        .replace("市级", "县级")
}

fn desk(ws: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dispatch-desk"))
        .arg("--workspace")
        .arg(ws)
        .args(args)
        .output()
        .unwrap()
}

fn ok(o: &Output) -> String {
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{out}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    out
}

/// A county sheet for 湘潭县: the sample month's figures under its own townships.
fn sheet(dir: &Path, t: &Template) -> PathBuf {
    let sample = import_paths(
        &[PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/fixtures/湘乡市月调度表2024年10月.xlsx")],
        &Template::bundled(),
    )
    .table;
    let columns = sample.columns();
    let mut lines = vec![format!("湘潭县巩固拓展脱贫攻坚成果月调度表（2024年10月）")];
    let mut header = vec!["乡镇（街道）".to_string()];
    header.extend(columns.iter().map(|c| t.indicator(c).unwrap().label()));
    lines.push(header.join(","));
    for ((_, cells), town) in sample.rows().into_iter().zip(TOWNS) {
        let mut row = vec![town.to_string()];
        row.extend(cells.iter().map(|c| match c {
            TableCell::Value(Some(v)) => v.to_string(),
            _ => String::new(),
        }));
        lines.push(row.join(","));
    }
    let path = dir.join("湘潭县月调度表2024年10月.csv");
    std::fs::write(&path, lines.join("\n")).unwrap();
    path
}

fn docx_text(path: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml.split('<')
        .filter_map(|p| p.split_once('>').map(|(_, t)| t))
        .collect()
}

#[test]
fn another_county_sets_up_imports_reports_and_briefs_in_its_own_words() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let file = dir.path().join("湘潭县.toml");
    std::fs::write(&file, template_text()).unwrap();
    let file_arg = file.to_string_lossy().into_owned();

    // Checked, then imported as the workspace's template (the sample one is kept).
    assert!(ok(&desk(&ws, &["template", "check", &file_arg])).contains("17个乡镇"));
    ok(&desk(&ws, &["remove-samples"]));
    ok(&desk(&ws, &["template", "import", &file_arg]));
    let exported = dir.path().join("导出.toml");
    ok(&desk(
        &ws,
        &["template", "export", "--out", &exported.to_string_lossy()],
    ));
    assert_eq!(std::fs::read_to_string(&exported).unwrap(), template_text());

    // Its own sheet imports: 17 townships the sample template would refuse.
    let t = Template::parse(&template_text(), "湘潭县").unwrap();
    assert_eq!(t.county_short, "全县");
    let csv = sheet(dir.path(), &t);
    let said = ok(&desk(&ws, &["import", &csv.to_string_lossy()]));
    assert!(said.contains("本月现有17个乡镇"), "{said}");

    // status and form list its townships, in its order.
    let status = ok(&desk(&ws, &["status", "--month", "2024-10"]));
    let listed: Vec<&str> = status
        .lines()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(listed, TOWNS);
    let form = dir.path().join("form.xlsx");
    ok(&desk(
        &ws,
        &[
            "form",
            "--month",
            "2024-11",
            "--out",
            &form.to_string_lossy(),
        ],
    ));
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&form).unwrap()).unwrap();
    let mut strings = String::new();
    zip.by_name("xl/sharedStrings.xml")
        .unwrap()
        .read_to_string(&mut strings)
        .unwrap();
    assert!(TOWNS.iter().all(|t| strings.contains(t)));
    assert!(strings.contains("湘潭县巩固拓展") && !strings.contains("湘乡"));

    // The brief speaks of 湘潭县, 全县 and 县领导小组; never of the sample county or 全市.
    let docx = dir.path().join("通报.docx");
    ok(&desk(
        &ws,
        &[
            "brief",
            "--month",
            "2024-10",
            "--out",
            &docx.to_string_lossy(),
        ],
    ));
    let text = docx_text(&docx);
    for words in [
        "湘潭县巩固拓展脱贫攻坚成果",
        "全县共识别监测对象",
        "县领导小组",
        "易俗河镇",
    ] {
        assert!(text.contains(words), "{words} missing: {text}");
    }
    for never in ["湘乡", "全市", "市领导小组"] {
        assert!(!text.contains(never), "{never} in: {text}");
    }
    let pdf = dir.path().join("通报.pdf");
    ok(&desk(
        &ws,
        &[
            "brief",
            "--month",
            "2024-10",
            "--out",
            &pdf.to_string_lossy(),
        ],
    ));
    let out = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils, installed by scripts/setup.sh)");
    let text: String = String::from_utf8_lossy(&out.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(text.contains("湘潭县") && text.contains("全县") && text.contains("县领导小组"));
    assert!(!text.contains("湘乡") && !text.contains("全市"), "{text}");
}
