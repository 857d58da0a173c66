//! Township forms laid out vertically (指标名称 | 计量单位 | 本月数), through `inspect`:
//! each value-column header, each place the township is named (填报单位 line, sheet name,
//! file name), units in their own column or in the name, the 五大责任 as rows, a folder of
//! forms merged like township files, and bad cells refused by name.

mod sheets;

use sheets::{Book, Sheet, inspect, n, s};

/// Where a form names its township.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Named {
    FillingLine,
    SheetName,
    FileName,
}

/// A form of `town` with its value column headed `value_header`; units in a column of their
/// own, or (with `unit_in_name`) in the indicator's name.
fn form(
    town: &str,
    named: Named,
    value_header: &str,
    unit_in_name: bool,
    figures: [f64; 3],
) -> Sheet {
    let sheet_name = if named == Named::SheetName {
        town
    } else {
        "Sheet1"
    };
    let mut sh = Sheet::new(sheet_name);
    sh.span(
        0,
        0,
        0,
        4,
        s("巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作月调度表（2024年10月）"),
    );
    if named == Named::FillingLine {
        sh.put(1, 0, s(&format!("填报单位：{town}（盖章）")));
    } else {
        sh.put(1, 0, s("填报单位：（盖章）"));
    }
    sh.put(1, 3, s("填报时间：2024年10月25日"));
    let header = if unit_in_name {
        vec!["序号", "指标名称", value_header, "备注"]
    } else {
        vec!["序号", "指标名称", "计量单位", value_header, "备注"]
    };
    for (c, h) in header.iter().enumerate() {
        sh.put(2, c, s(h));
    }
    let [households, planned_yuan, rate] = figures;
    let rows: Vec<(&str, &str, sheets::C)> = vec![
        ("监测对象户数", "户", n(households)),
        (
            "监测对象人数",
            "人",
            s(&format!("{} 人", households * 2.0 + 1.0)),
        ),
        ("衔接资金计划", "元", n(planned_yuan)),
        ("衔接资金已拨付", "万元", s("21.35万元")),
        ("驻村工作队在岗率", "%", n(rate)),
        ("“五大责任”：市级领导联点", "", s("已落实")),
        ("乡镇（街道）主体落实情况", "", s("部分落实")),
    ];
    for (i, (name, unit, value)) in rows.into_iter().enumerate() {
        let r = 3 + i;
        sh.put(r, 0, n((i + 1) as f64));
        if unit_in_name {
            let label = if unit.is_empty() {
                name.to_string()
            } else {
                format!("{name}（{unit}）")
            };
            sh.put(r, 1, s(&label));
            sh.put(r, 2, value);
        } else {
            sh.put(r, 1, s(name));
            if !unit.is_empty() {
                sh.put(r, 2, s(unit));
            }
            sh.put(r, 3, value);
        }
    }
    sh.put(12, 0, s("填表人：李某    联系电话：13800000000"));
    sh
}

const HEADER: &str = "township,monitor_households,monitor_people,fund_planned,fund_paid,team_on_duty_rate,r1_leader,r2_township";

#[test]
fn each_value_header_and_each_source_of_the_township_name() {
    let headers = [
        "本月数",
        "数值",
        "完成数",
        "本月完成",
        "累计",
        "本月数（户、人、万元）",
    ];
    let mut k = 0;
    for header in headers {
        for named in [Named::FillingLine, Named::SheetName, Named::FileName] {
            for unit_in_name in [false, true] {
                k += 1;
                let file = if named == Named::FileName {
                    "东郊乡_2024年10月调度表.xlsx".to_string()
                } else {
                    format!("调度表{k}_2024年10月.xlsx")
                };
                let sh = form(
                    "东郊乡",
                    named,
                    header,
                    unit_in_name,
                    [63.0, 500000.0, 96.5],
                );
                let out = inspect(&[(&file, Book::of(vec![sh]))], &[]);
                let what = format!("{header} {named:?} unit_in_name={unit_in_name}");
                assert_eq!(out.code, 0, "{what}: {}", out.stderr);
                assert_eq!(
                    out.stdout,
                    format!("{HEADER}\n东郊乡,63,127,50.0,21.35,96.5,done,partial\n"),
                    "{what}: {}",
                    out.stderr
                );
                assert!(!out.stderr.contains("错误："), "{what}: {}", out.stderr);
            }
        }
    }
}

#[test]
fn a_folder_of_forms_merges_like_township_files() {
    let files = [
        (
            "报送/东郊乡.xlsx",
            form(
                "东郊乡",
                Named::FillingLine,
                "本月数",
                false,
                [63.0, 500000.0, 96.5],
            ),
        ),
        (
            "报送/毛田镇.xlsx",
            form(
                "毛田镇",
                Named::FillingLine,
                "本月数",
                false,
                [80.0, 1000000.0, 0.9],
            ),
        ),
        (
            "报送/栗山镇人民政府.xlsx",
            form(
                "栗山",
                Named::FileName,
                "本月数",
                true,
                [41.0, 800000.0, 100.0],
            ),
        ),
    ];
    let books: Vec<(&str, Book)> = files
        .into_iter()
        .map(|(f, sh)| (f, Book::of(vec![sh])))
        .collect();
    let out = sheets::inspect_bytes(
        &books
            .iter()
            .map(|(f, b)| (*f, b.xlsx()))
            .collect::<Vec<_>>(),
        &[],
        "",
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    // 0.9 under a % unit is 90 %.
    assert_eq!(
        out.stdout,
        format!(
            "{HEADER}\n栗山镇,41,83,80.0,21.35,100.0,done,partial\n毛田镇,80,161,100.0,21.35,90.0,done,partial\n东郊乡,63,127,50.0,21.35,96.5,done,partial\n"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn a_form_naming_no_township_is_refused_saying_where_to_write_it() {
    let sh = form(
        "东郊乡",
        Named::FileName,
        "本月数",
        false,
        [63.0, 500000.0, 96.5],
    );
    let out = inspect(&[("调度表_2024年10月.xlsx", Book::of(vec![sh]))], &[]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.lines().any(
            |l| l.starts_with("调度表_2024年10月.xlsx!Sheet1!B3: 错误：") && l.contains("填报单位")
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn a_bad_value_or_status_word_is_refused_at_its_cell() {
    let mut sh = form(
        "东郊乡",
        Named::FillingLine,
        "本月数",
        false,
        [63.0, 500000.0, 96.5],
    );
    sh.put(3, 3, s("12万元"));
    sh.put(8, 3, s("在推进"));
    let out = inspect(&[("东郊乡.xlsx", Book::of(vec![sh]))], &[]);
    assert_eq!(out.code, 1);
    let errors: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.contains("错误："))
        .collect();
    assert!(
        errors
            .iter()
            .any(|l| l.starts_with("东郊乡.xlsx!Sheet1!D4: 错误：") && l.contains("万元")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|l| l.starts_with("东郊乡.xlsx!Sheet1!D9: 错误：") && l.contains("在推进")),
        "{errors:?}"
    );
}

#[test]
fn a_value_header_under_a_group_and_a_township_named_only_in_the_title() {
    let mut sh = Sheet::new("Sheet1");
    sh.span(0, 0, 0, 4, s("毛田镇2024年10月巩固衔接工作调度表"));
    sh.span(1, 0, 2, 0, s("序号"));
    sh.span(1, 1, 2, 1, s("指标"));
    sh.span(1, 2, 2, 2, s("单位"));
    sh.span(1, 3, 1, 4, s("完成情况"));
    // 累计 first: the month's column is still the one read.
    sh.put(2, 3, s("累计"));
    sh.put(2, 4, s("本月完成"));
    let rows = [
        ("一、监测帮扶", "", None, None),
        ("（一）监测对象户数", "户", Some(80.0), Some(80.0)),
        ("其中：风险已消除户数", "户", Some(2.0), Some(45.0)),
        ("二、“五大责任”落实情况", "", None, None),
    ];
    for (i, (name, unit, month, total)) in rows.iter().enumerate() {
        let r = 3 + i;
        sh.put(r, 1, s(name));
        if !unit.is_empty() {
            sh.put(r, 2, s(unit));
        }
        if let Some(x) = total {
            sh.put(r, 3, n(*x));
        }
        if let Some(x) = month {
            sh.put(r, 4, n(*x));
        }
    }
    sh.put(7, 1, s("市级领导联点"));
    sh.put(7, 4, s("√"));
    sh.put(8, 1, s("驻村包村责任落实情况"));
    sh.put(8, 4, s("×"));
    let out = inspect(&[("报表.xlsx", Book::of(vec![sh]))], &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // 本月完成 is read, 累计 left alone.
    assert_eq!(
        out.stdout,
        "township,monitor_households,cleared_households,r1_leader,r4_village_team\n毛田镇,80,2,done,not_done\n",
        "{}",
        out.stderr
    );
}
