//! The 重点村 roster: a roster sheet read by its headers (township merged down its villages or
//! left blank below, 合计 and 小计 rows, a unit in the header), its problems named by cell,
//! kept in the workspace per month (a later month uses the latest earlier roster), and the
//! 市级领导联点 status derived from it where the township's sheet writes no word.

use std::path::PathBuf;

use dd_core::model::{Level, Status, YearMonth};
use dd_core::template::{DEFAULT_TEMPLATE, Template};
use dd_import::{ImportOutcome, Input, import, import_paths};
use dd_office::collect::{self, Arrival};
use dd_store::Workspace;
use rust_xlsxwriter::{Format, Workbook};

/// One roster row: township (None: blank, under a merge or left empty), village, leader,
/// unit, team, plan, paid.
type Row<'a> = (
    Option<&'a str>,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
);

/// A roster workbook: a title, the header, the rows (townships merged down their villages
/// where `merge` is set), a 合计 row and a note.
fn roster_xlsx(header: &[&str], rows: &[Row], merge: bool) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("重点村名单").unwrap();
    let plain = Format::new();
    ws.merge_range(
        0,
        0,
        0,
        6,
        "湘乡市36个重点帮扶村联点情况表（2024年10月）",
        &plain,
    )
    .unwrap();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    let mut r = 2u32;
    let mut i = 0;
    while i < rows.len() {
        let (town, ..) = rows[i];
        let mut j = i + 1;
        while merge && j < rows.len() && rows[j].0.is_none() {
            j += 1;
        }
        if let Some(town) = town {
            if merge && j - i > 1 {
                ws.merge_range(r, 0, r + (j - i - 1) as u32, 0, town, &plain)
                    .unwrap();
            } else {
                ws.write_string(r, 0, town).unwrap();
            }
        }
        for (k, row) in rows[i..j].iter().enumerate() {
            let rr = r + k as u32;
            let (_, village, leader, unit, team, plan, paid) = *row;
            for (c, text) in [(1, village), (2, leader), (3, unit), (4, team)] {
                if !text.is_empty() {
                    ws.write_string(rr, c, text).unwrap();
                }
            }
            for (c, text) in [(5, plan), (6, paid)] {
                match text.parse::<f64>() {
                    Ok(x) => ws.write_number(rr, c, x).unwrap(),
                    Err(_) if text.is_empty() => ws,
                    Err(_) => ws.write_string(rr, c, text).unwrap(),
                };
            }
        }
        r += (j - i) as u32;
        i = j;
    }
    ws.write_string(r, 0, "合计").unwrap();
    ws.write_number(r, 5, 300.0).unwrap();
    ws.write_string(r + 1, 0, "填表人：张三").unwrap();
    wb.save_to_buffer().unwrap()
}

const HEADER: &[&str] = &[
    "乡镇（街道）",
    "村名",
    "联点市级领导",
    "后盾单位",
    "驻村工作队（队长）",
    "衔接资金计划（万元）",
    "已拨付（万元）",
];

/// Six villages in three townships; October's 序时进度 is 50 × 10/12 = 41.67万元 a village.
fn rows() -> Vec<Row<'static>> {
    vec![
        (
            Some("山枣镇"),
            "石潭村",
            "李明",
            "市发改委",
            "王强",
            "50",
            "45",
        ),
        (None, "花桥村", "刘芳", "市财政局", "赵军", "50", "42"),
        (
            Some("栗山"),
            "栗山村",
            "陈刚",
            "市教育局",
            "孙丽",
            "50",
            "45",
        ),
        (None, "大坪村", "周平", "市卫健委", "", "50", "48"),
        (
            Some("中沙镇人民政府"),
            "中沙村",
            "吴敏",
            "市农业农村局",
            "郑伟",
            "50",
            "20",
        ),
        (None, "田心村", "冯涛", "市水利局", "何静", "50", "10"),
    ]
}

fn run(name: &str, bytes: Vec<u8>) -> ImportOutcome {
    import(
        vec![Input {
            name: name.into(),
            bytes,
        }],
        &Template::bundled(),
    )
}

fn shown(o: &ImportOutcome, level: Level) -> Vec<String> {
    o.problems
        .iter()
        .filter(|p| p.level == level)
        .map(ToString::to_string)
        .collect()
}

#[test]
fn a_roster_is_read_with_merged_townships_and_aliases() {
    let o = run(
        "重点村名单2024年10月.xlsx",
        roster_xlsx(HEADER, &rows(), true),
    );
    assert!(o.refused.is_empty(), "{:?}", o.problems);
    assert_eq!(o.month, YearMonth::new(2024, 10));
    let r = o.roster.clone().expect("roster");
    let listed: Vec<String> = r
        .villages
        .iter()
        .map(|v| {
            format!(
                "{}/{}/{}/{}/{}/{}/{:?}",
                v.township, v.village, v.leader, v.unit, v.team, v.plan, v.paid
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            "山枣镇/石潭村/李明/市发改委/王强/50/Some(45.0)",
            "山枣镇/花桥村/刘芳/市财政局/赵军/50/Some(42.0)",
            "栗山镇/栗山村/陈刚/市教育局/孙丽/50/Some(45.0)",
            "栗山镇/大坪村/周平/市卫健委//50/Some(48.0)",
            "中沙镇/中沙村/吴敏/市农业农村局/郑伟/50/Some(20.0)",
            "中沙镇/田心村/冯涛/市水利局/何静/50/Some(10.0)",
        ]
    );
    assert_eq!(
        r.villages[0].place,
        "重点村名单2024年10月.xlsx!重点村名单!B3"
    );
    // A roster alone carries no township figures, and the blank team is a warning at its cell.
    assert_eq!(o.table.height(), 0);
    assert_eq!(
        shown_warnings(&o),
        [
            "重点村名单2024年10月.xlsx!重点村名单!E6: 警告：栗山镇大坪村没有填写驻村工作队，按未落实计"
        ]
    );
}

fn shown_warnings(o: &ImportOutcome) -> Vec<String> {
    shown(o, Level::Warning)
}

#[test]
fn blank_under_townships_and_money_in_yuan_are_read() {
    let header: Vec<&str> = HEADER
        .iter()
        .map(|h| match *h {
            "衔接资金计划（万元）" => "衔接资金计划(元)",
            "已拨付（万元）" => "已到位（元）",
            "村名" => "村",
            other => other,
        })
        .collect();
    let mut rows = rows();
    for r in &mut rows {
        r.5 = "500000";
        r.6 = if r.6 == "45" { "450000" } else { "" };
    }
    let o = run("名单.xlsx", roster_xlsx(&header, &rows, false));
    let r = o.roster.clone().expect("roster");
    assert_eq!(r.villages.len(), 6);
    assert_eq!(r.villages[1].township, "山枣镇");
    assert_eq!(r.plan_total(), 300.0);
    assert_eq!(r.villages[0].paid, Some(45.0));
    assert_eq!(r.villages[1].paid, None);
    // The 合计 row still says 300 under a header in 元: checked against the villages' sum.
    assert_eq!(
        shown_warnings(&o),
        [
            "名单.xlsx!重点村名单!E6: 警告：栗山镇大坪村没有填写驻村工作队，按未落实计",
            "名单.xlsx!重点村名单!F9: 警告：合计行的衔接资金计划为0.03万元，各村之和为300万元，请核对",
        ]
    );
}

#[test]
fn a_group_header_over_plan_and_paid_is_read() {
    // 序号 | 乡镇 | 村 | 联点市级领导 | 后盾单位 | 驻村工作队 | 衔接资金（元）: 计划 / 已拨付
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let plain = Format::new();
    for (c, h) in [
        "序号",
        "乡镇",
        "村",
        "联点市级领导",
        "后盾单位",
        "驻村工作队",
    ]
    .iter()
    .enumerate()
    {
        ws.merge_range(0, c as u16, 1, c as u16, h, &plain).unwrap();
    }
    ws.merge_range(0, 6, 0, 7, "衔接资金（元）", &plain)
        .unwrap();
    ws.write_string(1, 6, "计划").unwrap();
    ws.write_string(1, 7, "已拨付").unwrap();
    for (r, (town, village, paid)) in [("东郊乡", "白果村", 420000.0), ("", "柳林村", 380000.0)]
        .into_iter()
        .enumerate()
    {
        let r = r as u32 + 2;
        ws.write_number(r, 0, f64::from(r - 1)).unwrap();
        if !town.is_empty() {
            ws.write_string(r, 1, town).unwrap();
        }
        for (c, text) in [(2, village), (3, "李明"), (4, "市财政局"), (5, "王强")] {
            ws.write_string(r, c, text).unwrap();
        }
        ws.write_number(r, 6, 500000.0).unwrap();
        ws.write_number(r, 7, paid).unwrap();
    }
    let o = run("两行表头.xlsx", wb.save_to_buffer().unwrap());
    assert!(o.problems.is_empty(), "{:?}", o.problems);
    let r = o.roster.expect("roster");
    let got: Vec<(String, f64, Option<f64>)> = r
        .villages
        .iter()
        .map(|v| (format!("{}{}", v.township, v.village), v.plan, v.paid))
        .collect();
    assert_eq!(
        got,
        [
            ("东郊乡白果村".to_string(), 50.0, Some(42.0)),
            ("东郊乡柳林村".to_string(), 50.0, Some(38.0)),
        ]
    );
}

#[test]
fn bad_rosters_are_refused_naming_the_cell() {
    let mut rows = rows();
    rows[1].5 = "五十";
    rows[2].0 = Some("火星镇");
    rows[5].1 = "中沙村";
    let o = run("名单.xlsx", roster_xlsx(HEADER, &rows, false));
    assert_eq!(o.refused, ["名单.xlsx"]);
    assert!(o.roster.is_none());
    assert_eq!(
        shown(&o, Level::Error),
        [
            "名单.xlsx!重点村名单!F4: 错误：“衔接资金计划”应填数字，实际为文字“五十”",
            "名单.xlsx!重点村名单!A5: 错误：“火星镇”不是本市的乡镇（街道），请核对名称",
            "名单.xlsx!重点村名单!B8: 错误：中沙镇中沙村在重点村名单中出现两次（另一处在B7）",
        ]
    );
    // Without a 后盾单位 column the sheet is still a roster, refused for the missing column.
    let header: Vec<&str> = HEADER
        .iter()
        .map(|h| if *h == "后盾单位" { "备用" } else { h })
        .collect();
    let o = run("缺列.xlsx", roster_xlsx(&header, &self::rows(), false));
    assert_eq!(
        shown(&o, Level::Error),
        ["缺列.xlsx!重点村名单: 错误：重点村名单缺少“后盾单位”列（表头在第2行）"]
    );
}

fn sample(month: u32) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(format!("assets/samples/示例月调度表2024年{month}月.xlsx"))
}

fn ym(m: u32) -> YearMonth {
    YearMonth::new(2024, m).unwrap()
}

/// The township cells of the 市级领导联点 column: (status, detail).
fn leader_duty(
    ws: &mut Workspace,
    t: &Template,
    month: u32,
    town: &str,
) -> (Option<Status>, String) {
    let analysis = dd_office::followup::refresh(ws, t).unwrap();
    let m = analysis.month(ym(month)).unwrap().unwrap();
    let d = m
        .duties
        .duties
        .iter()
        .position(|(id, _)| id == "r1_leader")
        .unwrap();
    let row = m.duties.townships.iter().position(|x| x == town).unwrap();
    let cell = &m.duties.cells[row][d];
    (cell.status, cell.detail.clone())
}

#[test]
fn the_roster_is_kept_per_month_and_derives_the_leader_duty() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = dd_office::open_workspace(dir.path()).unwrap();
    let t = Template::bundled();
    for month in [9, 10] {
        let o = import_paths(&[sample(month)], &t);
        let a = collect::arrive(
            &mut ws,
            &t,
            DEFAULT_TEMPLATE,
            &o,
            ym(month),
            collect::Consent::Ask,
        )
        .unwrap();
        assert!(matches!(a, Arrival::Stored { .. }));
    }
    // Before any roster: the template's rule (leader_visits / key_villages).
    assert_eq!(
        leader_duty(&mut ws, &t, 10, "中沙镇").1,
        "市级领导到村调研次数 1 ÷ 产业发展重点村数 2 = 50%"
    );

    // The roster arrives alone for September; October has none of its own and uses it.
    let o = run(
        "重点村名单2024年9月.xlsx",
        roster_xlsx(HEADER, &rows(), true),
    );
    let mut arrive = || {
        collect::arrive(
            &mut ws,
            &t,
            DEFAULT_TEMPLATE,
            &o,
            ym(9),
            collect::Consent::Ask,
        )
        .unwrap()
    };
    let a = arrive();
    assert!(matches!(a, Arrival::Roster { villages: 6 }), "{a:?}");
    let again = arrive();
    assert!(matches!(again, Arrival::Nothing), "{again:?}");
    assert!(ws.roster(ym(8)).unwrap().is_none());
    let oct = ws.roster(ym(10)).unwrap().expect("carried");
    assert_eq!(oct.month, ym(9));
    assert_eq!(oct.roster.villages.len(), 6);

    // October (序时进度 41.67万元 a village): 山枣镇 both on schedule → 已落实; 栗山镇 one
    // village without a team → 部分落实; 中沙镇 staffed but both behind → 部分落实 (begun, not
    // failed: 未落实 is for a township none of whose villages has its leader, unit and team).
    // September (37.5万元): 中沙镇 still behind.
    for (town, oct_status, sep_status) in [
        ("山枣镇", Status::Done, Status::Done),
        ("栗山镇", Status::Partial, Status::Partial),
        ("中沙镇", Status::Partial, Status::Partial),
    ] {
        let (s, detail) = leader_duty(&mut ws, &t, 10, town);
        assert_eq!((town, s), (town, Some(oct_status)));
        assert_eq!(detail, "由重点村名单推算");
        assert_eq!(leader_duty(&mut ws, &t, 9, town).0, Some(sep_status));
    }
    // 花桥村's 42万元 is on schedule in October (41.67) and September (37.5) alike.
    // A township outside the roster keeps the rule.
    assert_eq!(
        leader_duty(&mut ws, &t, 10, "虞唐镇").1,
        "市级领导到村调研次数 3 ÷ 产业发展重点村数 2 = 150%"
    );
    // The month's own table is unchanged: no derived column among its columns.
    let table = ws.load(ym(10), &t).unwrap();
    assert!(
        table.columns().iter().all(|c| !c.contains('~')),
        "{:?}",
        table.columns()
    );
}

/// The text of an XML part: tags dropped.
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
    out
}

fn docx_text(path: &std::path::Path) -> String {
    use std::io::Read;
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut s = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut s)
        .unwrap();
    xml_text(&s)
}

fn bin() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_dispatch-desk"))
}

#[test]
fn roster_and_township_data_round_trip_to_the_view_and_the_brief() {
    let dir = tempfile::tempdir().unwrap();
    let ws_dir = dir.path().join("ws");
    let roster = dir.path().join("重点村名单2024年10月.xlsx");
    std::fs::write(&roster, roster_xlsx(HEADER, &rows(), true)).unwrap();
    let out = bin()
        .arg("import")
        .arg(&roster)
        .arg(sample(10))
        .arg("--workspace")
        .arg(&ws_dir)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("重点村名单：6个村"), "{said}");

    // The view model of the 重点村 view.
    let mut desk = dd_app::desk::Desk::open(ws_dir.clone()).unwrap();
    let snapshot = desk.build_snapshot(Some(ym(10))).unwrap();
    let view = snapshot.current.unwrap();
    let k = view.key_villages.expect("the roster in effect");
    assert_eq!(k.source(), "2024年10月重点村名单");
    let shown: Vec<String> = k
        .rows
        .iter()
        .map(|r| {
            format!(
                "{} {} {} {} {} {:?} {:?} {}",
                r.township,
                r.village,
                r.leader,
                r.unit,
                r.team,
                r.paid,
                r.against_schedule.map(|g| (g * 10.0).round() / 10.0),
                r.light.label()
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            "山枣镇 石潭村 李明 市发改委 王强 Some(45.0) Some(6.7) 绿灯",
            "山枣镇 花桥村 刘芳 市财政局 赵军 Some(42.0) Some(0.7) 绿灯",
            "栗山镇 栗山村 陈刚 市教育局 孙丽 Some(45.0) Some(6.7) 绿灯",
            "栗山镇 大坪村 周平 市卫健委  Some(48.0) Some(12.7) 红灯",
            "中沙镇 中沙村 吴敏 市农业农村局 郑伟 Some(20.0) Some(-43.3) 黄灯",
            "中沙镇 田心村 冯涛 市水利局 何静 Some(10.0) Some(-63.3) 黄灯",
        ]
    );
    // The 五大责任 matrix: derived where the sheet writes no word.
    let m = &view.analysis.duties;
    let d = m
        .duties
        .iter()
        .position(|(id, _)| id == "r1_leader")
        .unwrap();
    let status = |town: &str| {
        let row = m.townships.iter().position(|x| x == town).unwrap();
        (m.cells[row][d].status, m.cells[row][d].detail.clone())
    };
    assert_eq!(
        status("山枣镇"),
        (Some(Status::Done), "由重点村名单推算".into())
    );
    assert_eq!(status("栗山镇").0, Some(Status::Partial));
    assert_eq!(status("中沙镇").0, Some(Status::Partial));

    // The brief's 附件 lists every village with its people and funds, in .docx and .pdf.
    for ext in ["docx", "pdf"] {
        let out_file = dir.path().join(format!("通报.{ext}"));
        let out = bin()
            .args(["brief", "--month", "2024-10", "--workspace"])
            .arg(&ws_dir)
            .arg("--out")
            .arg(&out_file)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text: String = if ext == "docx" {
            docx_text(&out_file)
        } else {
            let t = std::process::Command::new("pdftotext")
                .arg(&out_file)
                .arg("-")
                .output()
                .unwrap();
            String::from_utf8_lossy(&t.stdout).into()
        };
        let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(text.contains("2024年10月重点帮扶村联点帮扶情况表"), "{ext}");
        assert!(
            text.contains("2024年10月重点村名单，6个村，衔接资金计划300万元，已拨付210万元"),
            "{ext}"
        );
        for (_, village, leader, unit, team, _, paid) in rows() {
            for word in [village, leader, unit, team, &format!("{paid}.00")] {
                if !word.is_empty() {
                    assert!(text.contains(word), "{ext} lacks {word}");
                }
            }
        }
        // Staffed everywhere: no township is named 未落实 for 市级领导联点 by the roster.
        assert!(!text.contains("市级领导联点未落实的有中沙镇"), "{ext}");
    }
}

#[test]
fn a_template_names_an_existing_duty_to_derive() {
    let bad = DEFAULT_TEMPLATE.replace("derives = \"r1_leader\"", "derives = \"r9_leader\"");
    let e = Template::parse(&bad, "县.toml").unwrap_err().to_string();
    assert!(
        e.contains("[roster] 的 derives“r9_leader”不是“五大责任”的 id"),
        "{e}"
    );
    assert!(e.contains("第"), "names the line: {e}");
    // Without a [roster] section: the default headers, and no derivation.
    let cut = DEFAULT_TEMPLATE.replace("derives = \"r1_leader\"\n", "");
    let t = Template::parse(&cut, "县.toml").unwrap();
    assert_eq!(t.roster.derives, None);
    assert!(t.roster.leader.contains(&"联点市级领导".to_string()));
}
