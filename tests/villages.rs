//! Village detail sheets (村级明细) through `inspect`, end to end: each shape generated
//! (township merged down, repeated or blank below; 小计 named, bare or absent; 合计 at the top
//! or the bottom; several townships a sheet; a county sheet beside it), and what the clerk
//! sees: the township sums, the village rows, and each problem at its cell.

mod sheets;

use sheets::{Book, C, inspect, n, s};

/// Three townships' villages: (township, [(village, 户, 人, 计划万元, 拨付万元)]).
type Town = (&'static str, Vec<(&'static str, [f64; 4])>);

fn towns() -> Vec<Town> {
    vec![
        (
            "东郊乡",
            vec![
                ("新塘村", [12.0, 30.0, 50.0, 21.35]),
                ("石门村", [8.0, 19.0, 50.0, 17.1]),
                ("长乐社区", [3.0, 7.0, 50.0, 0.05]),
            ],
        ),
        (
            "毛田镇",
            vec![
                ("毛田村", [20.0, 41.0, 50.0, 33.33]),
                ("高峰村", [7.0, 15.0, 50.0, 16.67]),
            ],
        ),
        (
            "栗山镇",
            vec![
                ("栗山村", [5.0, 11.0, 50.0, 10.0]),
                ("东山村", [1.0, 2.0, 50.0, 0.0]),
                ("泉水村", [9.0, 20.0, 50.0, 25.5]),
                ("白云村", [4.0, 9.0, 50.0, 12.25]),
            ],
        ),
    ]
}

/// The townships' sums as `inspect` prints them, in template order.
const TOWN_CSV: &str = "township,monitor_households,monitor_people,fund_planned,fund_paid
栗山镇,19,42,200.0,47.75
毛田镇,27,56,100.0,50.0
东郊乡,23,56,150.0,38.5
";

#[derive(Clone, Copy, PartialEq)]
enum TownCell {
    Merged,
    Repeated,
    BlankUnder,
}

#[derive(Clone, Copy, PartialEq)]
enum Subtotal {
    None,
    /// 东郊乡小计 in the township column.
    Named,
    /// 小计 in the village column.
    Bare,
}

#[derive(Clone, Copy, PartialEq)]
enum Total {
    None,
    Top,
    Bottom,
}

/// A village sheet of `towns` in one shape; `tweak` edits the data rows before writing.
fn village_sheet(towns: &[Town], town: TownCell, sub: Subtotal, total: Total) -> sheets::Sheet {
    let mut sh = sheets::Sheet::new("村级明细");
    sh.span(
        0,
        0,
        0,
        6,
        s("湘乡市2024年10月村级监测帮扶及衔接资金明细表"),
    );
    sh.put(1, 0, s("填报单位：湘乡市农业农村局"));
    sh.put(1, 5, s("单位：户、人、万元"));
    let head = [
        "序号",
        "乡镇（街道）",
        "村（社区）",
        "监测对象户数（户）",
        "监测对象人数（人）",
        "衔接资金计划（万元）",
        "衔接资金已拨付（万元）",
    ];
    for (c, h) in head.iter().enumerate() {
        sh.put(2, c, s(h));
    }
    let mut r = 3;
    let sums: Vec<[f64; 4]> = towns
        .iter()
        .map(|(_, vs)| {
            let mut a = [0.0; 4];
            for (_, v) in vs {
                for (sum, x) in a.iter_mut().zip(v) {
                    *sum += x;
                }
            }
            a
        })
        .collect();
    let grand: [f64; 4] = std::array::from_fn(|k| sums.iter().map(|x| x[k]).sum());
    let total_row = |sh: &mut sheets::Sheet, r: usize| {
        sh.put(r, 1, s("合计"));
        for (k, x) in grand.iter().enumerate() {
            sh.put(r, 3 + k, n((x * 100.0).round() / 100.0));
        }
    };
    if total == Total::Top {
        total_row(&mut sh, r);
        r += 1;
    }
    let mut serial = 1;
    for ((name, villages), sum) in towns.iter().zip(&sums) {
        let first = r;
        for (i, (village, v)) in villages.iter().enumerate() {
            sh.put(r, 0, n(serial as f64));
            serial += 1;
            match town {
                TownCell::Repeated => sh.put(r, 1, s(name)),
                TownCell::BlankUnder | TownCell::Merged if i == 0 => sh.put(r, 1, s(name)),
                _ => {}
            }
            sh.put(r, 2, s(village));
            for (k, x) in v.iter().enumerate() {
                sh.put(r, 3 + k, n(*x));
            }
            r += 1;
        }
        if town == TownCell::Merged && villages.len() > 1 {
            sh.merges.push((first, 1, r - 1, 1));
        }
        match sub {
            Subtotal::None => {}
            Subtotal::Named => sh.put(r, 1, s(&format!("{name}小计"))),
            Subtotal::Bare => sh.put(r, 2, s("小计")),
        }
        if sub != Subtotal::None {
            for (k, x) in sum.iter().enumerate() {
                sh.put(r, 3 + k, n((x * 100.0).round() / 100.0));
            }
            r += 1;
        }
    }
    if total == Total::Bottom {
        total_row(&mut sh, r);
        r += 1;
    }
    sh.put(r + 1, 0, s("填表人：王某某    联系电话：0731-5678123"));
    sh
}

/// The village rows as `inspect --villages` prints them.
fn village_csv(towns: &[Town]) -> String {
    let order = ["栗山镇", "毛田镇", "东郊乡"];
    let mut out =
        String::from("township,village,monitor_households,monitor_people,fund_planned,fund_paid\n");
    for name in order {
        let (_, vs) = towns.iter().find(|(t, _)| *t == name).unwrap();
        for (v, x) in vs {
            let f = |x: f64| {
                let s = format!("{x}");
                s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
            };
            out.push_str(&format!(
                "{name},{v},{},{},{},{}\n",
                f(x[0]),
                f(x[1]),
                f(x[2]),
                f(x[3])
            ));
        }
    }
    out
}

fn serious(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains("错误：") || l.contains("警告："))
        .collect()
}

#[test]
fn every_shape_of_township_subtotal_and_total_sums_its_villages() {
    let shapes = [
        (TownCell::Merged, Subtotal::Named, Total::Bottom),
        (TownCell::Merged, Subtotal::Bare, Total::Top),
        (TownCell::Merged, Subtotal::None, Total::None),
        (TownCell::Repeated, Subtotal::None, Total::Bottom),
        (TownCell::Repeated, Subtotal::Named, Total::None),
        (TownCell::BlankUnder, Subtotal::Named, Total::Bottom),
        (TownCell::BlankUnder, Subtotal::Bare, Total::None),
        (TownCell::BlankUnder, Subtotal::None, Total::Top),
    ];
    for (i, &(town, sub, total)) in shapes.iter().enumerate() {
        let what = format!("shape {i}");
        let book = Book::of(vec![village_sheet(&towns(), town, sub, total)]);
        let out = inspect(&[("村级明细_2024年10月.xlsx", book.clone())], &[]);
        assert_eq!(out.code, 0, "{what}: {}", out.stderr);
        assert_eq!(out.stdout, TOWN_CSV, "{what}: {}", out.stderr);
        assert!(serious(&out.stderr).is_empty(), "{what}: {}", out.stderr);
        let v = inspect(&[("村级明细_2024年10月.xlsx", book)], &["--villages"]);
        assert_eq!(v.code, 0, "{what}: {}", v.stderr);
        assert_eq!(v.stdout, village_csv(&towns()), "{what}");
    }
}

#[test]
fn a_subtotal_that_disagrees_is_a_warning_naming_its_cell_and_both_figures() {
    let mut sh = village_sheet(&towns(), TownCell::Merged, Subtotal::Named, Total::Bottom);
    // 东郊乡小计 is row 7 (0-based 6); its 户 in D7: 23 written as 25.
    assert_eq!(sh.get(6, 1), s("东郊乡小计"));
    sh.put(6, 3, n(25.0));
    let out = inspect(&[("明细.xlsx", Book::of(vec![sh]))], &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // The 小计 is never counted: the township is the sum of its villages.
    assert_eq!(out.stdout, TOWN_CSV);
    let warning = out
        .stderr
        .lines()
        .find(|l| l.contains("小计与各村之和不符"))
        .unwrap_or_else(|| panic!("{}", out.stderr));
    assert!(
        warning.starts_with("明细.xlsx!村级明细!D7: 警告："),
        "{warning}"
    );
    assert!(warning.contains("东郊乡") && warning.contains("25") && warning.contains("23"));
}

#[test]
fn a_total_that_disagrees_names_its_column() {
    let mut sh = village_sheet(&towns(), TownCell::Repeated, Subtotal::None, Total::Bottom);
    let last = (0..40).find(|&r| sh.get(r, 1) == s("合计")).unwrap();
    sh.put(last, 6, n(136.0));
    let out = inspect(&[("明细.xlsx", Book::of(vec![sh]))], &[]);
    assert_eq!(out.stdout, TOWN_CSV);
    let cell = format!("明细.xlsx!村级明细!G{}: 警告：", last + 1);
    assert!(
        out.stderr
            .lines()
            .any(|l| l.starts_with(&cell) && l.contains("136.25")),
        "{}",
        out.stderr
    );
}

#[test]
fn a_rate_column_without_a_measure_is_refused_naming_the_column() {
    let mut sh = village_sheet(&towns(), TownCell::Repeated, Subtotal::None, Total::None);
    sh.put(2, 7, s("驻村工作队在岗率（%）"));
    for r in 3..12 {
        sh.put(r, 7, n(96.0));
    }
    let out = inspect(&[("明细.xlsx", Book::of(vec![sh]))], &[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stdout.trim(), "township");
    let e = out
        .stderr
        .lines()
        .find(|l| l.contains("错误："))
        .unwrap_or_else(|| panic!("{}", out.stderr));
    assert!(e.starts_with("明细.xlsx!村级明细!H3: 错误："), "{e}");
    assert!(e.contains("驻村工作队在岗率") && e.contains("比率") && e.contains("不能相加"));
}

#[test]
fn a_rate_column_with_a_measure_is_recomputed_from_the_summed_parts() {
    // A county whose template says how 驻村工作队在岗率 is made: 在岗人数 ÷ 应在岗人数.
    let template = Book::sample_template_with(
        r#"
[[indicators]]
id = "team_present"
name = "驻村工作队在岗人数"
unit = "人"
group = "五大责任"

[[indicators]]
id = "team_members"
name = "驻村工作队员人数"
unit = "人"
group = "五大责任"

[[measures]]
id = "team_on_duty_measure"
name = "驻村工作队在岗率"
numerator = "team_present"
denominator = "team_members"
"#,
    );
    let mut sh = sheets::Sheet::new("在岗");
    for (c, h) in [
        "乡镇（街道）",
        "村（社区）",
        "驻村工作队在岗人数",
        "驻村工作队员人数",
        "驻村工作队在岗率",
    ]
    .iter()
    .enumerate()
    {
        sh.put(0, c, s(h));
    }
    let rows = [
        ("东郊乡", "新塘村", 3.0, 3.0, "100%"),
        ("", "石门村", 2.0, 3.0, "66.7%"),
    ];
    for (i, (t, v, a, b, rate)) in rows.iter().enumerate() {
        sh.put(1 + i, 0, s(t));
        sh.put(1 + i, 1, s(v));
        sh.put(1 + i, 2, n(*a));
        sh.put(1 + i, 3, n(*b));
        sh.put(1 + i, 4, s(rate));
    }
    let out = sheets::inspect_with_template(&[("在岗.xlsx", Book::of(vec![sh]))], &[], &template);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // 5 of 6 on duty: 83.3%, not the mean of 100 and 66.7.
    let mut lines = out.stdout.lines();
    assert_eq!(
        lines.next(),
        Some("township,team_on_duty_rate,team_present,team_members")
    );
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!((row[0], row[2], row[3]), ("东郊乡", "5", "6"));
    let rate: f64 = row[1].parse().unwrap();
    assert!((rate - 83.333).abs() < 0.001, "{rate}");
}

#[test]
fn a_status_column_at_village_level_is_refused_naming_the_column() {
    let mut sh = village_sheet(&towns(), TownCell::Merged, Subtotal::None, Total::None);
    sh.put(2, 7, s("市级领导联点"));
    sh.put(3, 7, s("已落实"));
    let out = inspect(&[("明细.xlsx", Book::of(vec![sh]))], &[]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .lines()
            .any(|l| l.starts_with("明细.xlsx!村级明细!H3: 错误：") && l.contains("市级领导联点")),
        "{}",
        out.stderr
    );
}

#[test]
fn a_village_row_without_a_township_above_is_refused_at_its_cell() {
    let mut sh = village_sheet(&towns(), TownCell::BlankUnder, Subtotal::None, Total::None);
    sh.put(3, 1, C::E);
    let out = inspect(&[("明细.xlsx", Book::of(vec![sh]))], &[]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .lines()
            .any(|l| l.starts_with("明细.xlsx!村级明细!B4: 错误：") && l.contains("乡镇")),
        "{}",
        out.stderr
    );
}

#[test]
fn a_village_sheet_and_a_county_sheet_in_one_drop_join_on_township() {
    let villages = village_sheet(&towns(), TownCell::Merged, Subtotal::Named, Total::Bottom);
    let mut county = sheets::Sheet::new("就业");
    county.put(0, 0, s("乡镇（街道）"));
    county.put(0, 1, s("稳定就业人数"));
    county.put(0, 2, s("公益性岗位数"));
    for (i, (t, a, b)) in [
        ("东郊乡", 700.0, 40.0),
        ("毛田镇", 650.0, 38.0),
        ("栗山镇", 820.0, 41.0),
    ]
    .iter()
    .enumerate()
    {
        county.put(1 + i, 0, s(t));
        county.put(1 + i, 1, n(*a));
        county.put(1 + i, 2, n(*b));
    }
    let out = inspect(
        &[
            ("村级明细_202410.xlsx", Book::of(vec![villages])),
            ("就业_202410.xlsx", Book::of(vec![county])),
        ],
        &[],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "township,monitor_households,monitor_people,fund_planned,fund_paid,public_posts,employed
栗山镇,19,42,200.0,47.75,41,820
毛田镇,27,56,100.0,50.0,38,650
东郊乡,23,56,150.0,38.5,40,700
"
    );
}

#[test]
fn values_written_with_their_unit_are_read_when_the_unit_agrees() {
    let mut sh = village_sheet(&towns(), TownCell::Repeated, Subtotal::None, Total::None);
    sh.put(3, 3, s("12户"));
    sh.put(3, 4, s("30 人"));
    sh.put(3, 6, s("21.35万元"));
    sh.put(4, 6, s("171000元"));
    let out = inspect(&[("明细.xlsx", Book::of(vec![sh]))], &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, TOWN_CSV);
}

#[test]
fn a_value_whose_unit_disagrees_is_refused_naming_the_cell() {
    let mut sh = village_sheet(&towns(), TownCell::Repeated, Subtotal::None, Total::None);
    sh.put(5, 5, s("12户"));
    let out = inspect(&[("明细.xlsx", Book::of(vec![sh]))], &[]);
    assert_eq!(out.code, 1);
    let e = out
        .stderr
        .lines()
        .find(|l| l.contains("错误："))
        .unwrap_or_else(|| panic!("{}", out.stderr));
    assert!(e.starts_with("明细.xlsx!村级明细!F6: 错误："), "{e}");
    assert!(e.contains("户") && e.contains("万元"), "{e}");
}

fn uncalculated(name: &str) -> Vec<u8> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/uncalculated");
    std::fs::read(dir.join(name)).unwrap()
}

#[test]
fn a_data_formula_without_its_result_is_refused_never_read_as_blank_or_zero() {
    let out = sheets::inspect_bytes(&[("公式.xlsx", uncalculated("data_formula.xlsx"))], &[], "");
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stdout, "township\n");
    let e = out
        .stderr
        .lines()
        .find(|l| l.contains("错误："))
        .unwrap_or_else(|| panic!("{}", out.stderr));
    assert!(e.starts_with("公式.xlsx!Sheet1!C5: 错误："), "{e}");
    assert!(
        e.contains("=B5*2") && e.contains("请用 Excel 或 WPS 打开后保存再报送"),
        "{e}"
    );
}

#[test]
fn a_total_or_subtotal_formula_without_its_result_skips_its_check_with_a_notice() {
    let out = sheets::inspect_bytes(
        &[("合计.xlsx", uncalculated("total_formula.xlsx"))],
        &[],
        "",
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "township,monitor_households,monitor_people\n栗山镇,19,42\n毛田镇,20,41\n东郊乡,23,56\n"
    );
    assert!(
        out.stderr
            .lines()
            .any(|l| l.starts_with("合计.xlsx!Sheet1!B6: 提示：")
                && l.contains("未与各乡镇之和核对")),
        "{}",
        out.stderr
    );
    let out = sheets::inspect_bytes(
        &[("小计.xlsx", uncalculated("subtotal_formula.xlsx"))],
        &[],
        "",
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "township,monitor_households,fund_paid\n毛田镇,20,33.33\n东郊乡,23,38.5\n"
    );
    let notices = out
        .stderr
        .lines()
        .filter(|l| l.contains("提示：") && l.contains("未与各村之和核对"))
        .count();
    assert_eq!(notices, 4, "{}", out.stderr);
}

#[test]
fn both_xlsx_readers_keep_a_formula_saved_without_its_result() {
    for name in [
        "data_formula.xlsx",
        "total_formula.xlsx",
        "subtotal_formula.xlsx",
    ] {
        dd_import::xlsx_readers_agree(&uncalculated(name))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn headers_broken_over_lines_inside_the_cell_keep_working() {
    let mut sh = village_sheet(&towns(), TownCell::Merged, Subtotal::Named, Total::Bottom);
    sh.put(2, 1, s("乡镇\n（街道）"));
    sh.put(2, 2, s("村\n（社区）"));
    sh.put(2, 3, s("监测对象\n户数\n（户）"));
    sh.put(2, 4, s("监测对象人数\r\n（人）"));
    sh.put(2, 6, s("衔接资金\n已拨付（万元）"));
    let out = inspect(&[("明细.xlsx", Book::of(vec![sh]))], &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, TOWN_CSV, "{}", out.stderr);
    assert!(serious(&out.stderr).is_empty(), "{}", out.stderr);
}

/// Runs the binary with a workspace and files in `dir`.
fn cli(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_dispatch-desk"))
        .current_dir(dir)
        .arg("--workspace")
        .arg(dir.join("ws"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn village_rows_are_kept_with_the_month_merged_per_township_and_undone_with_it() {
    use dd_core::model::YearMonth;

    let dir = tempfile::tempdir().unwrap();
    dd_office::open_workspace(&dir.path().join("ws"))
        .unwrap()
        .remove_samples()
        .unwrap();
    let book = Book::of(vec![village_sheet(
        &towns(),
        TownCell::Merged,
        Subtotal::Named,
        Total::Bottom,
    )]);
    std::fs::write(dir.path().join("村级明细_2024年10月.xlsx"), book.xlsx()).unwrap();
    let out = cli(dir.path(), &["import", "村级明细_2024年10月.xlsx"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let month = YearMonth::new(2024, 10).unwrap();
    let ws = dd_office::open_workspace(&dir.path().join("ws")).unwrap();
    let v = ws.villages(month).unwrap();
    assert_eq!(v.to_csv(), village_csv(&towns()));
    let shimen = v.rows.iter().find(|r| r.village == "石门村").unwrap();
    assert_eq!(v.value(shimen, "fund_paid"), Some(17.1));
    assert_eq!(
        shimen.sources[3].as_deref(),
        Some("村级明细_2024年10月.xlsx!村级明细!G5")
    );
    drop(ws);

    // 毛田镇 sends its villages again, one figure corrected: only its villages change.
    let mut maotian = towns();
    maotian.retain(|(t, _)| *t == "毛田镇");
    maotian[0].1[1].1[0] = 9.0;
    let book = Book::of(vec![village_sheet(
        &maotian,
        TownCell::Repeated,
        Subtotal::None,
        Total::None,
    )]);
    std::fs::write(
        dir.path().join("毛田镇村级明细_2024年10月.xlsx"),
        book.xlsx(),
    )
    .unwrap();
    let out = cli(
        dir.path(),
        &["import", "毛田镇村级明细_2024年10月.xlsx", "--replace"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ws = dd_office::open_workspace(&dir.path().join("ws")).unwrap();
    let v = ws.villages(month).unwrap();
    let mut expected = towns();
    expected[1].1[1].1[0] = 9.0;
    assert_eq!(v.to_csv(), village_csv(&expected));
    drop(ws);

    let out = cli(dir.path(), &["undo", "--month", "2024-10"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ws = dd_office::open_workspace(&dir.path().join("ws")).unwrap();
    assert_eq!(ws.villages(month).unwrap().to_csv(), village_csv(&towns()));
}

#[test]
fn a_village_listed_twice_counts_once_or_is_refused_when_its_figures_differ() {
    let mut twice = towns();
    let copy = twice[0].1[1];
    twice[0].1.push(copy);
    let sh = village_sheet(&twice, TownCell::Repeated, Subtotal::None, Total::None);
    let out = inspect(&[("明细.xlsx", Book::of(vec![sh]))], &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, TOWN_CSV);
    assert!(
        out.stderr
            .lines()
            .any(|l| l.starts_with("明细.xlsx!村级明细!A7: 警告：")
                && l.contains("东郊乡石门村在第5行和第7行重复出现")),
        "{}",
        out.stderr
    );
    twice[0].1[3].1[0] = 9.0;
    let sh = village_sheet(&twice, TownCell::Repeated, Subtotal::None, Total::None);
    let out = inspect(&[("明细.xlsx", Book::of(vec![sh]))], &[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("明细.xlsx!村级明细!A7: 错误："),
        "{}",
        out.stderr
    );
}

#[test]
fn villages_named_only_by_the_subtotal_under_them_belong_to_its_township() {
    let mut sh = village_sheet(
        &towns(),
        TownCell::BlankUnder,
        Subtotal::Named,
        Total::Bottom,
    );
    // The township written only on its 小计 row: blank above every village.
    for r in 3..20 {
        if let C::T(x) = sh.get(r, 1)
            && !x.contains("小计")
            && !x.contains("合计")
        {
            sh.put(r, 1, C::E);
        }
    }
    let out = inspect(&[("明细.xlsx", Book::of(vec![sh]))], &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, TOWN_CSV);
    assert!(serious(&out.stderr).is_empty(), "{}", out.stderr);
}

#[test]
fn a_column_of_a_template_measure_is_left_to_be_recomputed_with_a_notice() {
    let mut sh = village_sheet(&towns(), TownCell::Merged, Subtotal::None, Total::None);
    sh.put(2, 7, s("衔接资金拨付率（%）"));
    for r in 3..12 {
        sh.put(r, 7, n(40.0));
    }
    let out = inspect(&[("明细.xlsx", Book::of(vec![sh]))], &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, TOWN_CSV);
    assert!(
        out.stderr
            .lines()
            .any(|l| l.starts_with("明细.xlsx!村级明细!H3: 提示：")
                && l.contains("“衔接资金已拨付”÷“衔接资金计划”")),
        "{}",
        out.stderr
    );
}

/// A township re-sends its villages with 2户 moved from one village to another: its sums are
/// the same, the village rows are not, so the re-send is stored (a new version), not dropped
/// as identical; the same file sent once more is identical.
#[test]
fn a_resend_that_only_moves_figures_between_villages_is_kept() {
    use dd_core::model::YearMonth;

    let dir = tempfile::tempdir().unwrap();
    dd_office::open_workspace(&dir.path().join("ws"))
        .unwrap()
        .remove_samples()
        .unwrap();
    let write = |name: &str, towns: &[Town]| {
        let book = Book::of(vec![village_sheet(
            towns,
            TownCell::Repeated,
            Subtotal::None,
            Total::None,
        )]);
        std::fs::write(dir.path().join(name), book.xlsx()).unwrap();
    };
    write("村级明细_2024年10月.xlsx", &towns());
    assert!(
        cli(dir.path(), &["import", "村级明细_2024年10月.xlsx"])
            .status
            .success()
    );

    let mut moved = towns();
    moved.retain(|(t, _)| *t == "毛田镇");
    moved[0].1[0].1[0] -= 2.0;
    moved[0].1[1].1[0] += 2.0;
    write("毛田镇村级明细_2024年10月.xlsx", &moved);
    let out = cli(dir.path(), &["import", "毛田镇村级明细_2024年10月.xlsx"]);
    let said =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    assert!(!said.contains("完全相同"), "{said}");
    let month = YearMonth::new(2024, 10).unwrap();
    let ws = dd_office::open_workspace(&dir.path().join("ws")).unwrap();
    let v = ws.villages(month).unwrap();
    let gaofeng = v.rows.iter().find(|r| r.village == "高峰村").unwrap();
    assert_eq!(v.value(gaofeng, "monitor_households"), Some(9.0));
    assert_eq!(ws.versions(month).unwrap().len(), 2);
    drop(ws);

    let out = cli(dir.path(), &["import", "毛田镇村级明细_2024年10月.xlsx"]);
    assert!(out.status.success());
    let ws = dd_office::open_workspace(&dir.path().join("ws")).unwrap();
    assert_eq!(
        ws.versions(month).unwrap().len(),
        2,
        "an identical re-send stores nothing"
    );
}

/// A 2012-style county village table as 广州's counties wrote it: 区（县） / 镇名称 / 村名称 with
/// the county's name on every row, funds in 元 with blanks, an empty 合计 row under 区（县）,
/// and a neighbouring county's villages in the same table.
#[test]
fn a_county_village_table_with_the_county_on_every_row() {
    let template = r#"
county = "从化市"
[[townships]]
name = "太平镇"
[[townships]]
name = "鳌头镇"
[[townships]]
name = "温泉镇"
[[indicators]]
id = "poor_households"
name = "贫困户数"
unit = "户"
[[indicators]]
id = "poor_people"
name = "贫困人口数"
unit = "人"
[[indicators]]
id = "fund"
name = "帮扶资金"
unit = "元"
"#;
    let mut sh = sheets::Sheet::new("村级");
    sh.span(0, 0, 0, 5, s("从化市扶贫开发重点村贫困户情况表"));
    for (c, h) in [
        "区（县）",
        "镇名称",
        "村名称",
        "贫困户数",
        "贫困人口数",
        "帮扶资金（元）",
    ]
    .iter()
    .enumerate()
    {
        sh.put(1, c, s(h));
    }
    // (county, township, village, 户, 人, 元)
    type VillageRow<'a> = (
        &'a str,
        &'a str,
        &'a str,
        Option<f64>,
        Option<f64>,
        Option<f64>,
    );
    let rows: [VillageRow; 6] = [
        (
            "从化市",
            "太平镇",
            "钱岗村",
            Some(12.0),
            Some(40.0),
            Some(5000.0),
        ),
        ("从化市", "太平镇", "井岗村", Some(8.0), None, None),
        (
            "从化市",
            "鳌头镇",
            "西塘村",
            Some(20.0),
            Some(66.0),
            Some(12000.5),
        ),
        (
            "增城市",
            "派潭镇",
            "高滩村",
            Some(9.0),
            Some(30.0),
            Some(100.0),
        ),
        ("从化市", "鳌头镇", "龙潭村", None, None, Some(3000.0)),
        (
            "从化市",
            "温泉镇",
            "石南村",
            Some(5.0),
            Some(17.0),
            Some(0.0),
        ),
    ];
    for (i, (county, town, village, a, b, f)) in rows.iter().enumerate() {
        let r = 2 + i;
        sh.put(r, 0, s(county));
        sh.put(r, 1, s(town));
        sh.put(r, 2, s(village));
        for (c, v) in [(3, a), (4, b), (5, f)] {
            if let Some(v) = v {
                sh.put(r, c, n(*v));
            }
        }
    }
    sh.put(8, 0, s("合计"));
    let out = sheets::inspect_with_template(&[("村级.xlsx", Book::of(vec![sh]))], &[], template);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout.trim(),
        "township,poor_households,poor_people,fund\n\
         太平镇,20,40,5000.0\n\
         鳌头镇,20,66,15000.5\n\
         温泉镇,5,17,0.0"
    );
    // Said once each: the other county's row, and the blanks per column.
    assert!(
        out.stderr
            .contains("1行属于从化市以外的地区（如第6行A列为“增城市”）"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("E列“贫困人口数”有2个村未填（空白）"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("F列“帮扶资金”有1个村未填（空白）"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("错误"), "{}", out.stderr);
}
