//! Real spreadsheets written by others (`../shared/real`, see its SOURCES.md), each read with
//! the template its clerk would write, through `inspect`. The expected figures are read from
//! the file's own cells here, so what is checked is the importer's reading of the table:
//! which column is which indicator, which rows are units and which are totals.

mod sheets;

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;

use dd_import::grid::{Sheet, Value};

const BIN: &str = env!("CARGO_BIN_EXE_dispatch-desk");

fn real(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/real")).join(name)
}

fn cells(name: &str) -> Vec<Sheet> {
    dd_import::set_reader_program(BIN);
    let bytes = std::fs::read(real(name)).unwrap();
    dd_import::read_sheets(name, bytes).unwrap()
}

fn number(v: Value) -> Option<f64> {
    match v {
        Value::Number { value, .. } => Some(value),
        Value::Text(s) => s.trim().parse().ok(),
        _ => None,
    }
}

struct Run {
    code: i32,
    /// township → column id → value as printed
    rows: Vec<HashMap<String, String>>,
    stderr: String,
}

fn inspect(file: &std::path::Path, template: &str) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("模板.toml");
    std::fs::write(&t, template).unwrap();
    let out = Command::new(BIN)
        .arg("inspect")
        .arg(file)
        .arg("--template")
        .arg(&t)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut lines = stdout.lines();
    let head: Vec<String> = lines
        .next()
        .unwrap_or("")
        .split(',')
        .map(String::from)
        .collect();
    let rows = lines
        .map(|l| {
            head.iter()
                .cloned()
                .zip(l.split(',').map(String::from))
                .collect()
        })
        .collect();
    Run {
        code: out.status.code().unwrap_or(-1),
        rows,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn townships(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("[[townships]]\nname = \"{n}\"\n\n"))
        .collect()
}

/// The census table's provinces as the clerk types them: without the padding (北    京 → 北京).
fn provinces(sheet: &Sheet) -> Vec<String> {
    (5..sheet.height())
        .filter_map(|r| {
            sheet
                .get(r, 0)
                .text()
                .map(|s| s.split_whitespace().collect())
        })
        .collect()
}

/// A proposed template with the clerk's townships in place of its placeholder.
fn name_townships(template: &str, towns: &[&str]) -> String {
    let townships = towns
        .iter()
        .map(|t| format!("name = \"{t}\""))
        .collect::<Vec<_>>()
        .join("\n\n[[townships]]\n");
    template.replacen("name = \"（请填写乡镇名称）\"", &townships, 1)
}

/// Every indicator of a proposed template read back from `filled_copy`: its id ends with the
/// letters of the column it came from, whose figure is `1000 × row + column`.
fn assert_reads_back<'a>(
    run: &Run,
    indicators: impl Fn(&HashMap<String, String>) -> Vec<&'a dd_core::template::IndicatorDef>,
    header_rows: usize,
    towns: &[&str],
) {
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.rows.len(), towns.len());
    for (k, row) in run.rows.iter().enumerate() {
        assert_eq!(row["township"], towns[k]);
        for ind in indicators(row) {
            let letters = ind.id.rsplit('_').next().unwrap().to_uppercase();
            let col = letters
                .chars()
                .fold(0usize, |a, ch| a * 26 + (ch as usize - 'A' as usize + 1))
                - 1;
            let want = (1000 * (header_rows + k) + col) as f64;
            assert!(
                row.get(&ind.id).is_some_and(|v| close(v, want)),
                "{} {}: {:?}",
                ind.name,
                ind.id,
                row.get(&ind.id)
            );
        }
    }
}

fn close(printed: &str, expected: f64) -> bool {
    printed
        .parse::<f64>()
        .is_ok_and(|v| (v - expected).abs() <= 1e-9 * expected.abs().max(1.0))
}

#[test]
fn census_2010_four_row_header_padded_names_and_the_national_row() {
    let sheet = &cells("各地区人口数2010_合计男女.xlsx")[0];
    let names = provinces(sheet);
    assert_eq!(names.len(), 31);
    // 人口数 is the 合计 under 合计; 男 and 女 are named by path, 性别比 by its name.
    let template = format!(
        "county = \"全国\"\n\n{}{}",
        townships(&names),
        r#"
[[indicators]]
id = "pop"
name = "人口数"
aliases = ["合计/合计"]
unit = "人"

[[indicators]]
id = "male"
name = "男性人口"
aliases = ["合计/男"]
unit = "人"

[[indicators]]
id = "female"
name = "女性人口"
aliases = ["合计/女"]
unit = "人"

[[indicators]]
id = "ratio"
name = "性别比"
unit = "%"
"#
    );
    let run = inspect(&real("各地区人口数2010_合计男女.xlsx"), &template);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.rows.len(), 31, "全国 is the total, not a province");
    for (k, row) in run.rows.iter().enumerate() {
        let r = 5 + k;
        assert_eq!(row["township"], names[k]);
        for (id, c) in [("pop", 1), ("male", 2), ("female", 3), ("ratio", 4)] {
            let want = number(sheet.get(r, c)).unwrap();
            assert!(
                close(&row[id], want),
                "{} {id}: {} ≠ {want}",
                names[k],
                row[id]
            );
        }
    }
    // 全国 is the county's own row: checked against the provinces, and it adds up.
    assert!(
        !run.stderr.contains("合计行与各乡镇之和不符"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_group_name_alone_never_takes_its_children() {
    // 人口数 has no column of its own here: 合计 alone must not match 合计/男.
    let sheet = &cells("各地区人口数2010_合计男女.xlsx")[0];
    let names = provinces(sheet);
    let template = format!(
        "county = \"全国\"\n\n{}{}",
        townships(&names),
        "[[indicators]]\nid = \"pop\"\nname = \"合计\"\nunit = \"人\"\n"
    );
    let run = inspect(&real("各地区人口数2010_合计男女.xlsx"), &template);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let beijing = &run.rows[0];
    assert!(close(&beijing["pop"], 19612368.0), "{:?}", beijing);
}

#[test]
fn when_the_national_row_is_not_the_county_it_is_skipped_as_the_sum_of_the_provinces() {
    let sheet = &cells("各地区人口数2010_合计男女.xlsx")[0];
    let names = provinces(sheet);
    let template = format!(
        "county = \"中华人民共和国\"\n\n{}{}",
        townships(&names),
        "[[indicators]]\nid = \"pop\"\nname = \"人口数\"\naliases = [\"合计/合计\"]\nunit = \"人\"\n"
    );
    let run = inspect(&real("各地区人口数2010_合计男女.xlsx"), &template);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.rows.len(), 31);
    assert!(
        run.stderr
            .contains("Sheet1!A5: 提示：1行（“全国”）不是模板中的乡镇"),
        "{}",
        run.stderr
    );
}

#[test]
fn age_table_with_interleaved_subtotals_and_numeric_labels() {
    let sheet = &cells("全国分年龄性别人口2010.xls")[0];
    let mut ages: Vec<String> = (0..100).map(|a| a.to_string()).collect();
    ages.push("100岁及以上".into());
    let template = format!(
        "county = \"全国\"\n\n{}{}",
        townships(&ages),
        r#"
[[indicators]]
id = "pop"
name = "人口数"
unit = "人"

[[indicators]]
id = "male"
name = "男"
aliases = ["人口数/男"]
unit = "人"

[[indicators]]
id = "female_share"
name = "女性占总人口比重"
aliases = ["占总人口比重/女"]
unit = "%"

[[indicators]]
id = "ratio"
name = "性别比"
unit = "%"
"#
    );
    let run = inspect(&real("全国分年龄性别人口2010.xls"), &template);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.rows.len(), 101, "every single year and 100岁及以上");
    // Each printed row against the sheet's row of the same label.
    let row_of: HashMap<String, usize> = (0..sheet.height())
        .filter_map(|r| {
            let v = sheet.get(r, 0);
            let label = match v {
                Value::Number { value, .. } => format!("{value}"),
                Value::Text(s) => s.trim().to_string(),
                _ => return None,
            };
            Some((label, r))
        })
        .collect();
    for row in &run.rows {
        let r = row_of[&row["township"]];
        for (id, c) in [("pop", 1), ("male", 2), ("female_share", 6), ("ratio", 7)] {
            match number(sheet.get(r, c)) {
                Some(want) => assert!(close(&row[id], want), "{r} {id}: {}", row[id]),
                None => assert_eq!(row[id], "", "{r} {id}"),
            }
        }
    }
    assert!(
        run.stderr.contains("20行（“0-4岁”“5-9岁”"),
        "the 5-year groups are skipped as subtotals, said once: {}",
        run.stderr
    );
}

#[test]
fn one_province_read_from_the_national_county_census() {
    let sheet = &cells("各区县人口普查2020.xlsx")[0];
    // The counties of 湖南省 (the rows whose 区县 is not its 市 or the province itself).
    let mut names = Vec::new();
    let mut want = HashMap::new();
    for r in 1..sheet.height() {
        let text = |c| sheet.get(r, c).text().unwrap_or("").to_string();
        if text(1) == "湖南省" && text(2) != text(3) {
            names.push(text(3));
            want.insert(text(3), number(sheet.get(r, 4)).unwrap());
        }
    }
    assert!(names.len() > 100);
    let template = format!(
        "county = \"湖南省\"\n\n{}{}",
        townships(&names),
        r#"
[[indicators]]
id = "pop"
name = "人口数"
unit = "人"

[[indicators]]
id = "male"
name = "男"
aliases = ["人口数/男"]
unit = "人"

[[indicators]]
id = "urban_share"
name = "城区人口"
unit = "人"
"#
    );
    let run = inspect(&real("各区县人口普查2020.xlsx"), &template);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.rows.len(), names.len());
    for row in &run.rows {
        assert!(close(&row["pop"], want[&row["township"]]), "{row:?}");
    }
    // 永定区 is a county of 福建省 too: the other provinces' rows are skipped, said once.
    assert!(
        run.stderr.contains("属于湖南省以外的地区"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("重复"), "{}", run.stderr);
    assert!(
        !run.stderr.contains("合计行与各乡镇之和不符"),
        "{}",
        run.stderr
    );
}

fn from_sheet(file: &std::path::Path, county: &str) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("识别.toml");
    let st = Command::new(BIN)
        .args(["template", "from-sheet"])
        .arg(file)
        .args(["--county", county, "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        st.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    (
        std::fs::read_to_string(&out).unwrap(),
        String::from_utf8_lossy(&st.stdout).into_owned(),
    )
}

/// The blank form's header copied cell for cell (merges kept) with `towns` filled in below
/// it, each figure `1000 × row + column`, as a township would send it back.
fn filled_copy(sheet: &Sheet, header_rows: usize, towns: &[&str]) -> Vec<u8> {
    let mut out = sheets::Sheet::new("表1");
    for r in 0..header_rows {
        for (c, v) in sheet.row(r) {
            if let Value::Text(s) = v {
                out.put(r, c, sheets::s(s));
            }
        }
    }
    for m in &sheet.merges {
        if m.top < header_rows {
            out.merges.push((m.top, m.left, m.bottom, m.right));
        }
    }
    for (k, town) in towns.iter().enumerate() {
        let r = header_rows + k;
        out.put(r, 0, sheets::s(town));
        // The form's second name column (贫困村): one village each.
        out.put(r, 1, sheets::s(&format!("{town}一村")));
        for c in 2..sheet.width() {
            out.put(r, c, sheets::n((1000 * r + c) as f64));
        }
    }
    sheets::Book::of(vec![out]).xlsx()
}

#[test]
fn indicators_from_a_blank_form_read_its_filled_copy_exactly() {
    let sheet = &cells("规划到户工作统计表_空表.xls")[0];
    let (template, said) = from_sheet(&real("规划到户工作统计表_空表.xls"), "从化市");
    assert!(said.contains("个指标"), "{said}");
    // 低保对象 under 有劳动能力 and under 无劳动能力, in 户 and in 人: four indicators.
    for alias in [
        "有劳动能力/低保对象(户)",
        "有劳动能力/低保对象(人)",
        "无劳动能力/低保对象(户)",
        "无劳动能力/低保对象(人)",
    ] {
        assert!(template.contains(alias), "{alias} in\n{template}");
    }
    // The clerk names the townships (a blank form has none) and the filled form reads back.
    let towns = ["太平镇", "鳌头镇", "温泉镇"];
    let named = name_townships(&template, &towns);
    let header_rows = 7;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("填报.xlsx");
    std::fs::write(&file, filled_copy(sheet, header_rows, &towns)).unwrap();
    let run = inspect(&file, &named);
    let t = dd_core::template::Template::parse(&named, "识别.toml").unwrap();
    assert!(t.indicators.len() >= 28, "{}", t.indicators.len());
    // Every column of the form after its two name columns is one indicator (the template
    // also holds the second sheet's).
    let of_this_sheet = |row: &HashMap<String, String>| {
        let read: Vec<_> = t
            .indicators
            .iter()
            .filter(|i| row.contains_key(&i.id))
            .collect();
        assert_eq!(read.len(), sheet.width() - 2, "{:?}", row.keys());
        read
    };
    assert_reads_back(&run, of_this_sheet, header_rows, &towns);
    assert!(!run.stderr.contains("不是模板中的指标"), "{}", run.stderr);
}

#[test]
fn indicators_from_every_sheet_of_a_summary_workbook() {
    let (template, _) = from_sheet(&real("扶贫统计汇总表_空表.xls"), "从化市");
    let t = dd_core::template::Template::parse(&template, "识别.toml").unwrap();
    assert!(t.indicators.len() >= 10, "{template}");
    // Units come from the header's parentheses.
    assert!(t.indicators.iter().any(|i| i.unit.symbol() == "户"));
    assert!(t.indicators.iter().any(|i| i.unit.symbol() == "人"));
}

#[test]
fn the_land_table_header_with_codes_and_line_breaks() {
    let (template, _) = from_sheet(&real("土地利用现状分类面积汇总表.xlsx"), "某县");
    let t = dd_core::template::Template::parse(&template, "识别.toml").unwrap();
    // 71 columns less 名称 and 代码; codes in brackets and line breaks left out of the names.
    assert!(t.indicators.len() >= 60, "{}", t.indicators.len());
    assert!(t.indicators.iter().any(|i| i.name == "耕地"), "{template}");
    assert!(
        t.indicators.iter().any(|i| i.name.ends_with("水田")),
        "{template}"
    );
    assert!(
        !t.indicators
            .iter()
            .any(|i| i.name.contains('\n') || i.name.contains("0101"))
    );
    // 面积单位：公顷 is every column's unit.
    assert!(
        t.indicators.iter().all(|i| i.unit.symbol() == "公顷"),
        "{template}"
    );
}

#[test]
fn the_age_table_read_by_its_five_year_groups_skips_the_single_years() {
    let sheet = &cells("全国分年龄性别人口2010.xls")[0];
    // The clerk names the groups (0-4岁 … 100岁及以上); the single years itemise them.
    let groups: Vec<(String, usize)> = (0..sheet.height())
        .filter_map(|r| {
            let s = sheet.get(r, 0).text()?.trim().to_string();
            (s.ends_with('岁') || s.ends_with("以上")).then_some((s, r))
        })
        .collect();
    let names: Vec<String> = groups.iter().map(|(n, _)| n.clone()).collect();
    assert_eq!(names.len(), 21, "{names:?}");
    let template = format!(
        "county = \"全国\"\n\n{}{}",
        townships(&names),
        "[[indicators]]\nid = \"pop\"\nname = \"人口数\"\nunit = \"人\"\n\
         [[indicators]]\nid = \"male\"\nname = \"男\"\naliases = [\"人口数/男\"]\nunit = \"人\"\n"
    );
    let run = inspect(&real("全国分年龄性别人口2010.xls"), &template);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.rows.len(), 21);
    for (row, (name, r)) in run.rows.iter().zip(&groups) {
        assert_eq!(&row["township"], name);
        assert!(
            close(&row["pop"], number(sheet.get(*r, 1)).unwrap()),
            "{row:?}"
        );
        assert!(
            close(&row["male"], number(sheet.get(*r, 2)).unwrap()),
            "{row:?}"
        );
    }
    assert!(
        run.stderr.contains("100行（“0”“1”“2”“3”“4”等）"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("按明细行跳过"), "{}", run.stderr);
}

#[test]
fn from_sheet_on_a_filled_table_names_the_county_from_its_total_row_and_reads_back() {
    let file = real("各地区人口数2010_合计男女.xlsx");
    let (template, said) = from_sheet(&file, "");
    assert!(said.contains("已识别31个乡镇（街道）、4个指标"), "{said}");
    let t = dd_core::template::Template::parse(&template, "识别.toml").unwrap();
    assert_eq!(t.county, "全国", "the row that sums the provinces");
    let run = inspect(&file, &template);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.rows.len(), 31);
    let sheet = &cells("各地区人口数2010_合计男女.xlsx")[0];
    for (k, row) in run.rows.iter().enumerate() {
        for (i, ind) in t.indicators.iter().enumerate() {
            let want = number(sheet.get(5 + k, 1 + i)).unwrap();
            assert!(
                close(&row[&ind.id], want),
                "{} {}: {}",
                row["township"],
                ind.name,
                row[&ind.id]
            );
        }
    }
}

#[test]
fn the_land_table_filled_in_reads_back_under_its_proposed_template() {
    let sheet = &cells("土地利用现状分类面积汇总表.xlsx")[0];
    let (template, _) = from_sheet(&real("土地利用现状分类面积汇总表.xlsx"), "某县");
    let towns = ["甲镇", "乙镇"];
    let named = name_townships(&template, &towns);
    let t = dd_core::template::Template::parse(&named, "识别.toml").unwrap();
    // The header ends at row 5 (名称 / 代码 under 行政区域).
    let header_rows = 5;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("填报.xlsx");
    std::fs::write(&file, filled_copy(sheet, header_rows, &towns)).unwrap();
    let run = inspect(&file, &named);
    assert_reads_back(&run, |_| t.indicators.iter().collect(), header_rows, &towns);
    assert_eq!(t.indicators.len(), sheet.width() - 2);
}
