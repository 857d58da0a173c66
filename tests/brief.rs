//! The brief (通报) of the seed month: composed from the real fixture with the sample months
//! as history, written as .docx, .pdf and .xlsx, and read back (the docx XML, the PDF's text
//! through pdftotext, the workbook's XML) for the seed's figures, the page layout and safety.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use dd_core::model::{Level, MonthTable, Problem, YearMonth};
use dd_core::template::Template;
use dd_export::{self as export, BriefInput, Date, Format};
use dd_import::import_paths;

mod kit;

#[path = "../benches/support/government_sheet.rs"]
mod government_sheet;

/// The seed's figures as the brief must print them.
const SEED: &[&str] = &[
    "1804户",
    "4044人",
    "754户",
    "1713人",
    "1050户",
    "2331人",
    "4.32条",
    "1800万元",
    "36个",
    "31个",
    "270人",
    "840个",
    "15007人",
    "360万元",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn import(path: PathBuf) -> MonthTable {
    let out = import_paths(std::slice::from_ref(&path), &Template::bundled());
    assert!(!out.has_errors(), "{path:?}: {:?}", out.problems);
    out.table
}

fn ym(m: u32) -> YearMonth {
    YearMonth::new(2024, m).unwrap()
}

/// October from the shared fixture, August and September from the bundled samples.
fn input() -> &'static BriefInput {
    static INPUT: OnceLock<BriefInput> = OnceLock::new();
    INPUT.get_or_init(|| {
        let t = Template::bundled();
        let oct = import(root().join("../shared/fixtures/湘乡市月调度表2024年10月.xlsx"));
        let aug = import(root().join("assets/samples/示例月调度表2024年8月.xlsx"));
        let sep = import(root().join("assets/samples/示例月调度表2024年9月.xlsx"));
        let history = [(ym(8), &aug), (ym(9), &sep)];
        let mut input = BriefInput::from_tables(&t, ym(10), &oct, &history, Vec::new()).unwrap();
        input.date = Date {
            year: 2024,
            month: 10,
            day: 28,
        };
        input
    })
}

fn unzip(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut f = zip
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} missing"));
    let mut s = String::new();
    f.read_to_string(&mut s).unwrap();
    s
}

/// The text of an XML part: tags dropped, entities of text decoded.
fn xml_text(xml: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn the_brief_reads_like_the_seed() {
    let brief = export::compose(input());
    assert_eq!(
        brief.title,
        "湘乡市巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作领导小组办公室关于2024年10月工作调度情况的通报"
    );
    assert_eq!(brief.recipients, "各乡镇（街道），市领导小组各成员单位");
    let text = brief.body_text();
    for figure in SEED {
        assert!(text.contains(figure), "{figure} missing from:\n{text}");
    }
    for phrase in [
        "全市共识别监测对象1804户4044人",
        "其中已稳定消除风险1050户2331人",
        "风险未消除754户1713人，均落实一对一结对帮扶",
        "户均享受帮扶政策措施4.32条",
        "低于序时进度",
        "排名前三位的是",
        "排名后三位的是",
        "较上月",
        "个百分点",
        "一、总体情况",
        "二、各乡镇（街道）工作进展",
        "三、“五大责任”落实情况",
        "四、存在问题",
        "五、下步工作要求",
    ] {
        assert!(text.contains(phrase), "“{phrase}” missing from:\n{text}");
    }
    assert!(
        !text.contains('{') && !text.contains('}'),
        "a placeholder leaked"
    );
    assert_eq!(brief.date, "2024年10月28日");
    assert!(brief.attachments.len() >= 3, "ranking, totals, charts");
    assert!(brief.signature.concat().contains("领导小组办公室"));
}

#[test]
fn without_last_month_the_brief_leaves_out_only_the_changes() {
    let t = Template::bundled();
    let oct = import(root().join("../shared/fixtures/湘乡市月调度表2024年10月.xlsx"));
    let input = BriefInput::from_tables(&t, ym(10), &oct, &[], Vec::new()).unwrap();
    let text = export::compose(&input).body_text();
    assert!(text.contains("风险消除率58.2%。"), "{text}");
    assert!(!text.contains("较上月"), "{text}");
    assert!(!text.contains('{') && !text.contains('}'), "{text}");
    for figure in SEED {
        assert!(text.contains(figure), "{figure} missing");
    }
}

#[test]
fn edited_next_steps_replace_the_template_text() {
    let mut input = input().clone();
    input.next_steps = Some("（一）专项整改。各乡镇月底前完成。\n第二段要求。".into());
    let brief = export::compose(&input);
    let text = brief.body_text();
    assert!(
        text.contains("（一）专项整改。各乡镇月底前完成。"),
        "{text}"
    );
    assert!(text.contains("第二段要求。"));
    assert!(!text.contains("提高调度数据质量"));
}

#[test]
fn balance_warnings_and_duties_appear_under_problems() {
    let mut input = input().clone();
    input.problems = vec![Problem::new(
        Level::Warning,
        "a.xlsx",
        "毛田镇：风险已消除户数 77 + 风险未消除户数 59 = 136 应等于监测对象户数 137（两边不平衡）",
    )];
    let text = export::compose(&input).body_text();
    assert!(text.contains("数据审核发现1处数据不平衡"), "{text}");
    assert!(text.contains("毛田镇：风险已消除户数 77"));
}

#[test]
fn docx_has_the_figures_and_the_official_page() {
    let brief = export::compose(input());
    let bytes = export::render(&brief, Format::Docx).unwrap();
    let doc = unzip(&bytes, "word/document.xml");
    let text = xml_text(&doc);
    for figure in SEED {
        assert!(text.contains(figure), "{figure} missing from the docx");
    }
    assert!(text.contains("— ") || unzip(&bytes, "word/footer1.xml").contains("PAGE"));
    // GB/T 9704: A4, margins 37/35/28/26 mm, 22 lines of 28 characters.
    assert!(
        doc.contains(r#"<w:pgSz w:w="11906" w:h="16838"/>"#),
        "page size"
    );
    assert!(
        doc.contains(r#"<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588""#),
        "margins"
    );
    // 22 lines: exact 28.95 pt line spacing; 28 characters: 3号 set 0.25 pt tighter.
    assert!(doc.contains(r#"w:linePitch="579""#));
    assert!(doc.contains(r#"<w:spacing w:line="579" w:lineRule="exact"/>"#));
    assert!(doc.contains("<w:tblHeader/>"), "repeated header rows");
    assert!(doc.contains("<w:drawing>"), "charts as images");
    assert!(doc.contains(r#"w:eastAsia="黑体""#) && doc.contains(r#"w:eastAsia="楷体_GB2312""#));
    assert!(doc.contains(r#"w:eastAsia="方正小标宋简体""#));
    assert!(doc.contains(r#"<w:sz w:val="44"/>"#), "2号 title");
    let styles = unzip(&bytes, "word/styles.xml");
    assert!(
        styles.contains(r#"w:eastAsia="仿宋_GB2312""#) && styles.contains(r#"<w:sz w:val="32"/>"#)
    );
    assert!(styles.contains(r#"<w:spacing w:val="-5"/>"#));
    let fonts = unzip(&bytes, "word/fontTable.xml");
    assert!(fonts.contains(r#"<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>"#));
    assert!(fonts.contains(r#"<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>"#));
    let odd = unzip(&bytes, "word/footer1.xml");
    let even = unzip(&bytes, "word/footer2.xml");
    assert!(odd.contains("PAGE") && odd.contains(r#"w:val="right""#) && odd.contains("— "));
    assert!(even.contains(r#"w:val="left""#));
    assert!(unzip(&bytes, "word/settings.xml").contains("<w:evenAndOddHeaders/>"));
    assert!(text.contains("2024年10月28日"));
    assert!(text.contains("附件：1．"));
}

fn tool(name: &str) -> bool {
    Command::new(name).arg("-v").output().is_ok()
}

#[test]
fn pdf_text_is_real_and_fonts_are_embedded_subsets() {
    let brief = export::compose(input());
    let bytes = export::render(&brief, Format::Pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    assert!(bytes.len() < 2 * 1024 * 1024, "{} bytes", bytes.len());
    assert!(
        tool("pdftotext"),
        "pdftotext is missing: scripts/setup.sh installs poppler-utils"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("brief.pdf");
    std::fs::write(&path, &bytes).unwrap();
    let out = Command::new("pdftotext")
        .args([path.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = squash(&String::from_utf8_lossy(&out.stdout));
    for figure in SEED {
        assert!(
            text.contains(figure),
            "{figure} missing from the PDF text:\n{text}"
        );
    }
    assert!(text.contains("全市共识别监测对象1804户4044人"), "{text}");
    assert!(text.contains("—1—"), "page number");
    // The grid: at most 22 lines a page, 28 characters a line (a closing mark may hang).
    let page1 = Command::new("pdftotext")
        .args(["-f", "1", "-l", "1", path.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let page1 = String::from_utf8_lossy(&page1.stdout);
    let lines: Vec<&str> = page1
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.contains('—'))
        .collect();
    assert!(lines.len() <= 22, "{} lines on page 1", lines.len());
    let width = |l: &str| -> f32 {
        l.chars()
            .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
            .sum()
    };
    let widest = lines.iter().map(|l| width(&squash(l))).fold(0.0, f32::max);
    assert!(
        (27.0..=29.0).contains(&widest),
        "widest line {widest} characters"
    );
    let fonts = Command::new("pdffonts").arg(&path).output().unwrap();
    let fonts = String::from_utf8_lossy(&fonts.stdout);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        // name: ABCDEF+Face (subset); emb and sub columns "yes".
        let name = row.split_whitespace().next().unwrap_or("");
        assert!(
            name.len() > 7 && name.as_bytes()[6] == b'+',
            "not a subset: {row}"
        );
        assert!(row.matches("yes").count() >= 2, "not embedded: {row}");
    }
    let info = Command::new("pdfinfo").arg(&path).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(
        info.contains("595.276 x 841.89") || info.contains("(A4)"),
        "{info}"
    );
}

/// The text of one page of a PDF, line by line, without blank lines and the page number.
fn pdf_page_lines(path: &Path, page: usize) -> Vec<String> {
    let n = page.to_string();
    let out = Command::new("pdftotext")
        .args(["-layout", "-f", &n, "-l", &n])
        .arg(path)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(squash)
        .filter(|l| !l.is_empty())
        .filter(|l| !(l.starts_with('—') && l.ends_with('—')))
        .collect()
}

#[test]
fn the_title_breaks_between_words_in_a_balanced_shape() {
    let brief = export::compose(input());
    // GB/T 9704: whole words, a 菱形 (the middle line longest), the same in docx and PDF.
    let lines = [
        "湘乡市巩固拓展脱贫攻坚成果",
        "同乡村振兴有效衔接工作领导小组办公室",
        "关于2024年10月工作调度情况的通报",
    ];
    assert_eq!(brief.title_lines, lines);
    assert_eq!(brief.title_lines.concat(), brief.title);
    assert_eq!(
        brief.attachments[0].title_lines,
        ["2024年10月各乡镇（街道）", "重点指标完成情况表"]
    );

    let doc = unzip(
        &export::render(&brief, Format::Docx).unwrap(),
        "word/document.xml",
    );
    let breaks = lines.join(r#"</w:t><w:br/><w:t xml:space="preserve">"#);
    assert!(
        doc.contains(&breaks),
        "the docx title is not broken as composed"
    );

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("brief.pdf");
    std::fs::write(&path, export::render(&brief, Format::Pdf).unwrap()).unwrap();
    assert_eq!(pdf_page_lines(&path, 1)[..3], lines);
}

#[test]
fn a_table_note_never_starts_a_page_alone() {
    let brief = export::compose(input());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("brief.pdf");
    std::fs::write(&path, export::render(&brief, Format::Pdf).unwrap()).unwrap();
    let info = Command::new("pdfinfo").arg(&path).output().unwrap();
    let pages: usize = String::from_utf8_lossy(&info.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap();
    assert!(pages > 5, "{pages} pages");
    for page in 1..=pages {
        let lines = pdf_page_lines(&path, page);
        assert!(
            !lines.first().is_some_and(|l| l.starts_with("注：")),
            "page {page} starts with a table's note: {lines:?}"
        );
    }
}

#[test]
fn xlsx_keeps_formula_looking_text_as_text() {
    let mut input = input().clone();
    input.problems = vec![
        Problem::new(Level::Warning, "=cmd|' /C calc'!A0.xlsx", "=SUM(A1:A9)"),
        Problem::new(Level::Notice, "+86.csv", "@HYPERLINK(\"http://x\")"),
        Problem::new(Level::Notice, "-1.csv", "-2+3"),
    ];
    let brief = export::compose(&input);
    let bytes = export::render(&brief, Format::Xlsx).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok())
        .map(|n| n.to_string())
        .collect();
    for name in names
        .iter()
        .filter(|n| n.starts_with("xl/worksheets/sheet"))
    {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        assert!(
            !s.contains("<f>") && !s.contains("<f "),
            "{name} has a formula"
        );
    }
    let shared = unzip(&bytes, "xl/sharedStrings.xml");
    for text in ["=SUM(A1:A9)", "=cmd|' /C calc'!A0.xlsx", "+86.csv", "-2+3"] {
        let escaped = text.replace('\'', "&apos;");
        assert!(
            shared.contains(text) || shared.contains(&escaped),
            "{text} not stored as text"
        );
    }
    assert!(unzip(&bytes, "xl/styles.xml").contains("quotePrefix=\"1\""));
    // The sheets of the summary, with a frozen header.
    let wb = unzip(&bytes, "xl/workbook.xml");
    for sheet in ["全市汇总", "排名", "五大责任", "月度数据", "审核问题"] {
        assert!(wb.contains(sheet), "{sheet} missing");
    }
    assert!(unzip(&bytes, "xl/worksheets/sheet2.xml").contains("state=\"frozen\""));
}

#[test]
fn charts_are_png_at_twice_the_size() {
    let dir = tempfile::tempdir().unwrap();
    let paths = export::write_charts(input(), dir.path()).unwrap();
    assert!(paths.len() >= 4, "{paths:?}");
    for p in &paths {
        let bytes = std::fs::read(p).unwrap();
        assert!(bytes.starts_with(b"\x89PNG"));
        let w = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
        assert!(w >= 1600, "{p:?} is {w} px wide");
    }
}

#[test]
fn writes_replace_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("通报.docx");
    std::fs::write(&path, b"old").unwrap();
    let brief = export::compose(input());
    export::write(&brief, Format::Docx, &path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"PK"));
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "no temporary file left behind");
    // A folder that does not exist: an error, nothing written.
    let bad = dir.path().join("no/such/dir/x.docx");
    assert!(export::write(&brief, Format::Docx, &bad).is_err());
}

#[test]
fn a_template_without_brief_words_still_makes_a_brief() {
    let text = dd_core::template::DEFAULT_TEMPLATE;
    let cut = text.find("\n[brief]").unwrap();
    let t = Template::parse(&text[..cut], "no-brief.toml").unwrap();
    let mut input = input().clone();
    input.template = t;
    let brief = export::compose(&input);
    assert!(brief.title.contains("关于2024年10月工作调度情况的通报"));
    // The built-in wording names no indicator: the figures come from the template's cards.
    let body = brief.body_text();
    assert!(
        body.contains("截至2024年10月，全市监测对象1804户4044人"),
        "{body}"
    );
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dispatch-desk"))
}

#[test]
fn cli_writes_a_brief_from_files_and_from_the_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = root().join("../shared/fixtures/湘乡市月调度表2024年10月.xlsx");
    let out = dir.path().join("通报.docx");
    let st = bin()
        .arg("brief")
        .arg(&fixture)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        st.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let bytes = std::fs::read(&out).unwrap();
    assert!(xml_text(&unzip(&bytes, "word/document.xml")).contains("1804户4044人"));

    // An existing file is not replaced without --force.
    std::fs::write(&out, b"keep").unwrap();
    let st = bin()
        .arg("brief")
        .arg(&fixture)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(st.status.code(), Some(1));
    assert_eq!(std::fs::read(&out).unwrap(), b"keep");
    assert!(String::from_utf8_lossy(&st.stderr).contains("已存在"));

    // Unknown extension and missing source are usage errors.
    let st = bin()
        .args(["brief", "--out"])
        .arg(dir.path().join("x.doc"))
        .arg(&fixture)
        .output()
        .unwrap();
    assert_eq!(st.status.code(), Some(2));
    let st = bin()
        .args(["brief", "--out"])
        .arg(dir.path().join("x.pdf"))
        .output()
        .unwrap();
    assert_eq!(st.status.code(), Some(2));

    // From the workspace (seeded with the sample months): 较上月 from September.
    let ws = dir.path().join("ws");
    let xlsx = dir.path().join("汇总.xlsx");
    let st = bin()
        .args(["brief", "--month", "2024-10", "--workspace"])
        .arg(&ws)
        .arg("--out")
        .arg(&xlsx)
        .output()
        .unwrap();
    assert_eq!(
        st.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
    let st = bin()
        .args(["brief", "--month", "2023-01", "--workspace"])
        .arg(&ws)
        .arg("--out")
        .arg(dir.path().join("none.pdf"))
        .output()
        .unwrap();
    assert_eq!(st.status.code(), Some(1));
    assert!(!dir.path().join("none.pdf").exists());
}

#[test]
fn format_follows_the_extension() {
    assert_eq!(
        Format::from_path(Path::new("a.docx")).unwrap(),
        Format::Docx
    );
    assert_eq!(Format::from_path(Path::new("a.PDF")).unwrap(), Format::Pdf);
    assert_eq!(
        Format::from_path(Path::new("a.xlsx")).unwrap(),
        Format::Xlsx
    );
    assert!(Format::from_path(Path::new("a.txt")).is_err());
}

#[test]
fn a_misspelt_placeholder_is_refused_with_its_line() {
    let text = dd_core::template::DEFAULT_TEMPLATE;
    let bad = text.replacen("{monitor_people}人，其中", "{monitor_peple}人，其中", 1);
    let e = Template::parse(&bad, "t.toml").unwrap_err().to_string();
    assert!(e.contains("monitor_peple") && e.contains("行"), "{e}");
    let bad = text.replacen("{fund_paid_rate.schedule}", "{fund_paid_rate.shedule}", 1);
    assert!(Template::parse(&bad, "t.toml").is_err());
}

/// `text` with every whole-word occurrence of `from` replaced by `to`.
fn rename_word(text: &str, from: &str, to: &str) -> String {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(from) {
        let before = rest[..i].chars().next_back();
        let after = rest[i + from.len()..].chars().next();
        out.push_str(&rest[..i]);
        // A TOML key of the same spelling ([brief.attachments] key_villages = …) stays.
        let line_start = out.rfind('\n').map_or(0, |n| n + 1);
        let key = out[line_start..].trim().is_empty()
            && rest[i + from.len()..].trim_start().starts_with('=');
        let whole = !key && before.is_none_or(|c| !word(c)) && after.is_none_or(|c| !word(c));
        out.push_str(if whole { to } else { from });
        rest = &rest[i + from.len()..];
    }
    out.push_str(rest);
    out
}

/// The sample template with every indicator, measure and responsibility id renamed (k0, k1…),
/// and the ids it had.
fn renamed_sample() -> (String, Vec<String>) {
    let original = Template::bundled();
    let mut text = dd_core::template::DEFAULT_TEMPLATE.to_string();
    let ids: Vec<String> = original
        .indicators
        .iter()
        .map(|i| i.id.clone())
        .chain(original.measures.iter().map(|m| m.id.clone()))
        .chain(original.responsibilities.iter().map(|r| r.id.clone()))
        .collect();
    for (k, id) in ids.iter().enumerate() {
        text = rename_word(&text, id, &format!("k{k}"));
    }
    (text, ids)
}

#[test]
fn the_window_shows_the_same_overview_under_renamed_ids() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let template = dir.path().join("renamed.toml");
    std::fs::write(&template, renamed_sample().0).unwrap();
    let fixture = root().join("../shared/fixtures/湘乡市月调度表2024年10月.xlsx");
    for args in [
        vec!["template".into(), "import".into(), template.clone()],
        vec!["import".into(), fixture, "--month".into(), "2024-10".into()],
    ] {
        let st = bin()
            .arg("--workspace")
            .arg(&ws)
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(
            st.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&st.stderr)
        );
    }
    let mut h = kit::harness(&ws, [1500.0, 1000.0]);
    kit::wait_for(&mut h, "湘乡市2024年10月总体情况");
    // The headline cards by their figures, as under the sample's own ids.
    for figure in ["1804户 4044人", "1050户 2331人", "754户 1713人", "1384万元"] {
        kit::wait_for(&mut h, figure);
    }
    assert!(kit::shows(&h, "风险未消除"));
}

#[test]
fn renaming_every_indicator_id_changes_nothing_the_reader_sees() {
    let original = Template::bundled();
    let (text, ids) = renamed_sample();
    let renamed = Template::parse(&text, "renamed.toml").unwrap();
    assert!(
        renamed.indicators.iter().all(|i| !ids.contains(&i.id)),
        "every id renamed"
    );
    let load = |t: &Template, p: &str| {
        let out = import_paths(&[root().join(p)], t);
        assert!(!out.has_errors(), "{p}: {:?}", out.problems);
        out.table
    };
    let brief = |t: &Template| {
        let oct = load(t, "../shared/fixtures/湘乡市月调度表2024年10月.xlsx");
        let aug = load(t, "assets/samples/示例月调度表2024年8月.xlsx");
        let sep = load(t, "assets/samples/示例月调度表2024年9月.xlsx");
        let history = [(ym(8), &aug), (ym(9), &sep)];
        let mut month = BriefInput::from_tables(t, ym(10), &oct, &history, Vec::new()).unwrap();
        month.date = input().date;
        let b = export::compose(&month);
        (b.title.clone(), b.body_text())
    };
    let (title, body) = brief(&renamed);
    assert_eq!((title, body.clone()), brief(&original));
    assert!(body.contains("1804户4044人"), "{body}");
    // 总览's cards follow the ids too.
    assert_eq!(renamed.overview.cards.len(), original.overview.cards.len());
    assert!(renamed.overview.cards[0].ids[0].starts_with('k'));
}

#[test]
fn another_countys_template_without_brief_words_gives_a_plain_brief() {
    // A census table and the four indicators its clerk would name: no [brief], no measures.
    let dir = tempfile::tempdir().unwrap();
    let sheet = root().join("../shared/real/各地区人口数2010_合计男女.xlsx");
    let provinces = [
        "北京",
        "天津",
        "河北",
        "山西",
        "内蒙古",
        "辽宁",
        "吉林",
        "黑龙江",
        "上海",
        "江苏",
        "浙江",
        "安徽",
        "福建",
        "江西",
        "山东",
        "河南",
        "湖北",
        "湖南",
        "广东",
        "广西",
        "海南",
        "重庆",
        "四川",
        "贵州",
        "云南",
        "西藏",
        "陕西",
        "甘肃",
        "青海",
        "宁夏",
        "新疆",
    ];
    let mut t = String::from("county = \"全国\"\nlevel = \"区\"\n");
    for p in provinces {
        t.push_str(&format!("[[townships]]\nname = \"{p}\"\n"));
    }
    t.push_str(
        "[[indicators]]\nid = \"pop\"\nname = \"人口数\"\naliases = [\"合计/合计\"]\nunit = \"人\"\n\
         [[indicators]]\nid = \"men\"\nname = \"男\"\naliases = [\"合计/男\"]\nunit = \"人\"\n",
    );
    let template = dir.path().join("人口.toml");
    std::fs::write(&template, t).unwrap();
    let out = dir.path().join("通报.docx");
    let st = bin()
        .arg("brief")
        .arg(&sheet)
        .arg("--month")
        .arg("2010-11")
        .arg("--template")
        .arg(&template)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        st.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let text = squash(&xml_text(&unzip(
        &std::fs::read(&out).unwrap(),
        "word/document.xml",
    )));
    assert!(
        // Large counts as documents write them (the table keeps every digit).
        text.contains("截至2010年11月，全区人口数13.33亿人，男6.82亿人。"),
        "{text}"
    );
    // Nothing of the sample county's wording, and no ranking where nothing is scored.
    for word in ["监测对象", "衔接资金", "排名前三", "进度得分"] {
        assert!(!text.contains(word), "{word} in {text}");
    }
}

/// A month of 300 units (a prefecture's townships, say): every unit is in the brief's tables,
/// but each chart stays the size of a county's, its middle left out with a row saying so.
#[test]
fn a_month_of_many_units_keeps_its_charts_the_size_of_a_countys() {
    let (t, _, sheet) = government_sheet::national_of(300);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("全国月调度表2024年10月.xlsx");
    std::fs::write(&file, sheet).unwrap();
    let out = import_paths(std::slice::from_ref(&file), &t);
    assert!(!out.has_errors(), "{:?}", out.problems);
    assert_eq!(out.table.height(), 300);
    let input = BriefInput::from_tables(&t, ym(10), &out.table, &[], Vec::new()).unwrap();
    let bytes = export::render(&export::compose(&input), Format::Docx).unwrap();
    let text = xml_text(&unzip(&bytes, "word/document.xml"));
    assert!(text.contains("第300乡镇") && text.contains("第1乡镇"));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let mut charts = 0;
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        if !(name.starts_with("word/media/") && name.ends_with(".png")) {
            continue;
        }
        let mut head = [0u8; 24];
        f.read_exact(&mut head).unwrap();
        // The PNG's IHDR: width and height, big-endian, at bytes 16 and 20.
        let height = u32::from_be_bytes([head[20], head[21], head[22], head[23]]);
        assert!(height <= 2 * (120 + 26 * 41 + 56), "{name}: {height} px");
        charts += 1;
    }
    assert!(charts >= 3, "{charts} charts");
}

/// The bundled template issuing the brief as a 文件: red mark, 发文字号, 抄送 in the 版记.
fn file_template() -> Template {
    let mut f = Template::bundled().file().clone();
    f.brief.document.mark = "{issuer}文件".into();
    f.brief.document.number = "湘巩衔办〔{year}〕{number}号".into();
    f.brief.imprint.copy_to = "市委办公室，市人民政府办公室".into();
    Template::from_file(&f).unwrap()
}

fn file_input() -> BriefInput {
    let mut input = input().clone();
    input.template = file_template();
    input.number = Some("12".into());
    input.printed = Some("2024-10-29".parse().unwrap());
    input
}

/// Word boxes of one page of a PDF: (text, x_min, y_min, x_max, y_max) in points from the
/// top left, as pdftotext -bbox gives them.
fn pdf_words(path: &Path, page: usize) -> Vec<(String, f32, f32, f32, f32)> {
    let n = page.to_string();
    let out = Command::new("pdftotext")
        .args(["-bbox", "-f", &n, "-l", &n])
        .arg(path)
        .arg("-")
        .output()
        .unwrap();
    let html = String::from_utf8_lossy(&out.stdout);
    let attr = |tag: &str, name: &str| -> f32 {
        let key = format!("{name}=\"");
        let at = tag.find(&key).unwrap() + key.len();
        tag[at..].split('"').next().unwrap().parse().unwrap()
    };
    html.split("<word ")
        .skip(1)
        .map(|w| {
            let (tag, rest) = w.split_once('>').unwrap();
            let text = rest.split("</word>").next().unwrap().to_string();
            (
                text,
                attr(tag, "xMin"),
                attr(tag, "yMin"),
                attr(tag, "xMax"),
                attr(tag, "yMax"),
            )
        })
        .collect()
}

/// Millimetres of a length in points.
fn mm(pt: f32) -> f32 {
    pt * 25.4 / 72.0
}

#[test]
fn a_brief_issued_as_a_file_has_its_masthead_and_imprint_where_gb_t_9704_puts_them() {
    let brief = export::compose(&file_input());
    let head = brief.masthead.as_ref().expect("a 版头");
    assert_eq!(head.number.as_deref(), Some("湘巩衔办〔2024〕12号"));
    assert_eq!(
        head.mark_lines.concat(),
        "湘乡市巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作领导小组办公室文件"
    );
    assert!(head.mark_lines.len() >= 2, "{:?}", head.mark_lines);
    let imprint = brief.imprint.as_ref().expect("a 版记");
    assert_eq!(imprint.printed, "2024年10月29日印发");
    // A long 印发机关 breaks between words, each line beside the date.
    assert_eq!(
        imprint.printer,
        [
            "湘乡市巩固拓展脱贫攻坚成果",
            "同乡村振兴有效衔接工作领导小组办公室"
        ]
    );

    // .docx: mark (red, 小标宋) → 发文字号 over the red rule → title … → the 版记 floated to
    // the foot of the last page, between a thick, a thin and a thick rule.
    let docx = export::render(&brief, Format::Docx).unwrap();
    let doc = unzip(&docx, "word/document.xml");
    // Each after the one before it.
    let after = |from: usize, needle: &str| {
        doc[from..]
            .find(needle)
            .map(|i| i + from)
            .unwrap_or_else(|| panic!("{needle} missing after byte {from} of document.xml"))
    };
    let mark = after(0, &head.mark_lines[0]);
    assert_eq!(
        doc[..mark].matches("<w:t ").count(),
        1,
        "the mark is the first text"
    );
    let number = after(mark, "湘巩衔办〔2024〕12号");
    let title = after(number, &brief.title_lines[0]);
    let copy = after(title, "抄送：市委办公室，市人民政府办公室。");
    after(copy, "2024年10月29日印发");
    let mark_run = &doc[doc[..mark].rfind("<w:r>").unwrap()..mark];
    assert!(mark_run.contains(r#"w:color w:val="E60012""#), "{mark_run}");
    assert!(mark_run.contains("方正小标宋简体"), "{mark_run}");
    let number_par = &doc[doc[..number].rfind("<w:p>").unwrap()..number];
    assert!(
        number_par.contains(r#"<w:pBdr><w:bottom w:val="single""#)
            && number_par.contains(r#"w:color="E60012""#),
        "the red rule under the 发文字号: {number_par}"
    );
    let table = &doc[doc[..copy].rfind("<w:tbl>").unwrap()..copy];
    assert!(
        table.contains(r#"w:vertAnchor="margin""#) && table.contains(r#"w:tblpYSpec="bottom""#)
    );
    assert!(
        table.contains(r#"<w:top w:val="single" w:sz="8""#),
        "{table}"
    );
    assert!(
        table.contains(r#"<w:insideH w:val="single" w:sz="6""#),
        "{table}"
    );
    assert!(
        table.contains(r#"<w:bottom w:val="single" w:sz="8""#),
        "{table}"
    );
    // The 版记 comes after the last attachment.
    let last_attachment = &brief.attachments.last().unwrap().title_lines[0];
    assert!(doc.rfind(last_attachment.as_str()).unwrap() < copy);

    pdf_places_masthead_and_imprint(&brief);
}

/// The 版头 and 版记 of `brief` (a 文件) where GB/T 9704 puts them, read from its PDF.
fn pdf_places_masthead_and_imprint(brief: &dd_export::Brief) {
    let head = brief.masthead.as_ref().expect("a 版头");
    // .pdf: the mark's top 35 mm under the 版心 (37 mm from the paper's top edge), the
    // 发文字号 under it, the title under that; on the last page the 印发 line on the 版心's
    // last line with 抄送 on the line above.
    assert!(tool("pdftotext"), "scripts/setup.sh installs poppler-utils");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("文件.pdf");
    std::fs::write(&path, export::render(brief, Format::Pdf).unwrap()).unwrap();
    let first = pdf_words(&path, 1);
    // The first word under `y` (points) holding `needle`.
    let below = |words: &[(String, f32, f32, f32, f32)], needle: &str, y: f32| {
        words
            .iter()
            .find(|w| w.2 >= y && w.0.contains(needle))
            .cloned()
            .unwrap_or_else(|| panic!("{needle} not on the page under {y}: {words:?}"))
    };
    let find = |words: &[(String, f32, f32, f32, f32)], needle: &str| below(words, needle, 0.0);
    let mark_box = find(&first, &head.mark_lines[0]);
    let top = mm(mark_box.2);
    assert!((70.0..76.0).contains(&top), "mark's top at {top} mm");
    let number_box = below(&first, "湘巩衔办", mark_box.4);
    // 空二行: two lines of the grid (2 × 10.2 mm) and more between the mark and the number.
    assert!(mm(number_box.2 - mark_box.4) > 18.0);
    let title_box = below(&first, &brief.title_lines[0], number_box.4);
    assert!(
        mm(title_box.2 - number_box.4) > 18.0,
        "the title 空二行 under the rule"
    );
    // Centred: as far from the left edge as from the right.
    let centre = (number_box.1 + number_box.3) / 2.0;
    assert!((mm(centre) - (28.0 + 78.0)).abs() < 2.0, "{}", mm(centre));
    let pages = Command::new("pdfinfo").arg(&path).output().unwrap();
    let pages: usize = String::from_utf8_lossy(&pages.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let last = pdf_words(&path, pages);
    let printed_box = find(&last, "2024年10月29日印发");
    let copy_box = find(&last, "抄送");
    // The 版心's last line ends 262 mm from the top; the line is 10.2 mm.
    let bottom = mm(printed_box.4);
    assert!(
        (253.0..262.5).contains(&bottom),
        "印发 line ends at {bottom} mm"
    );
    // 印发机关 on the line under 抄送 (this one is long: it runs on, the date on its last line).
    let printer_box = below(&last, "湘乡市巩固拓展", copy_box.4);
    let gap = mm(printer_box.2 - copy_box.2);
    assert!((9.0..11.5).contains(&gap), "抄送 {gap} mm above 印发机关");
    // 印发日期 set right, one character (4号, 4.9 mm) in from the 版心's right edge (184 mm).
    let right = mm(printed_box.3);
    assert!(
        (177.0..181.0).contains(&right),
        "印发日期 ends at {right} mm"
    );
    assert!(printer_box.1 < printed_box.1);
}

#[test]
fn a_brief_without_a_mark_starts_with_its_title_and_still_has_its_imprint() {
    let brief = export::compose(input());
    assert!(brief.masthead.is_none());
    let doc = unzip(
        &export::render(&brief, Format::Docx).unwrap(),
        "word/document.xml",
    );
    assert!(!doc.contains("E60012"), "no red in a brief without a 版头");
    assert!(
        doc.contains("2024年10月28日印发"),
        "印发日期 defaults to 成文日期"
    );
    assert!(
        !doc.contains("抄送："),
        "no 抄送 line when the template names nobody"
    );
    // A template that leaves the 版记 out.
    let mut f = Template::bundled().file().clone();
    f.brief.imprint.show = false;
    let mut bare = input().clone();
    bare.template = Template::from_file(&f).unwrap();
    assert!(export::compose(&bare).imprint.is_none());
}

#[test]
fn a_mark_without_a_number_prints_no_number_and_the_command_line_says_so() {
    let mut input = file_input();
    input.number = None;
    let brief = export::compose(&input);
    assert_eq!(brief.masthead.as_ref().unwrap().number, None);

    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("文件.toml");
    let mut toml = dd_core::template::DEFAULT_TEMPLATE.to_string();
    toml.push_str(
        "\n[brief.document]\nmark = \"{issuer}文件\"\nnumber = \"湘巩衔办〔{year}〕{number}号\"\n",
    );
    std::fs::write(&template, toml).unwrap();
    let fixture = root().join("../shared/fixtures/湘乡市月调度表2024年10月.xlsx");
    let run = |extra: &[&str], out: &Path| {
        bin()
            .arg("brief")
            .arg(&fixture)
            .arg("--template")
            .arg(&template)
            .arg("--out")
            .arg(out)
            .args(extra)
            .output()
            .unwrap()
    };
    let out = dir.path().join("无字号.pdf");
    let r = run(&[], &out);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    assert!(String::from_utf8_lossy(&r.stderr).contains("--number"));

    // --date, --printed and --number reach the page.
    let out = dir.path().join("有字号.pdf");
    let r = run(
        &[
            "--date",
            "2024-10-30",
            "--printed",
            "2024-10-31",
            "--number",
            "7",
        ],
        &out,
    );
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let text = Command::new("pdftotext")
        .arg(&out)
        .arg("-")
        .output()
        .unwrap();
    let text = squash(&String::from_utf8_lossy(&text.stdout));
    for s in [
        "湘巩衔办〔2024〕7号",
        "2024年10月30日",
        "2024年10月31日印发",
    ] {
        assert!(text.contains(s), "{s} missing");
    }
    // A day that does not exist is refused before anything is written.
    let out = dir.path().join("坏日期.pdf");
    let r = run(&["--date", "2024-02-30"], &out);
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("YYYY-MM-DD"));
    assert!(!out.exists());
}

#[test]
fn large_figures_are_written_in_wan_as_the_template_says() {
    let mut f = Template::bundled().file().clone();
    f.brief.words.wan_from = 10_000.0;
    let mut input = input().clone();
    input.template = Template::from_file(&f).unwrap();
    let text = export::compose(&input).body_text();
    assert!(text.contains("1.5万人"), "15007人 in 万: {text}");
    assert!(!text.contains("15007人"), "{text}");
    assert!(text.contains("1804户"), "under 1万 every digit: {text}");
    // 0: every digit, however large.
    f.brief.words.wan_from = 0.0;
    input.template = Template::from_file(&f).unwrap();
    assert!(export::compose(&input).body_text().contains("15007人"));
}
