//! Generated township sheets in the government layout of the fixtures: merged title row,
//! 填报单位/填报时间 line, two header rows (group headers merged over their columns), an
//! optional 序号 column and 合计 row, data rows with text numbers mixed in, notes and a
//! signature line. Shared by `benches/import.rs` and `examples/national_sheet.rs`.

#![allow(dead_code)]

use dd_core::template::{DEFAULT_TEMPLATE, Template};
use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};

pub const TITLE: &str = "湘乡市巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作月调度表（2024年10月）";
pub const NATIONAL_ROWS: usize = 38_000;

/// Plausible values for one unit, in template indicator order, consistent with the
/// template's balance rules (so the import does no warning work a clean month would not).
pub fn unit_values(t: &Template, seed: usize) -> Vec<f64> {
    let r = seed.wrapping_mul(2_654_435_761) % 1_000_003;
    let h = 40 + r % 60; // monitor households
    let p = 2 * h + r % 10;
    let (ch, cp) = (h / 2, p / 2);
    let key = r % 3;
    let edu = 20 + r % 30;
    let ins = 1000 + r % 2000;
    let sup = 50 + r % 100;
    let shops = r % 3;
    let emp = 500 + r % 400;
    let found = r % 8;
    let money = |x: f64| (x * 100.0).round() / 100.0;
    t.indicators
        .iter()
        .map(|i| match i.id.as_str() {
            "monitor_households" => h as f64,
            "monitor_people" => p as f64,
            "new_households" => (r % 4) as f64,
            "cleared_households" => ch as f64,
            "cleared_people" => cp as f64,
            "open_households" | "paired_households" => (h - ch) as f64,
            "open_people" => (p - cp) as f64,
            "policy_measures" => (3 * h + r % 7) as f64,
            "edu_due" | "edu_paid" => edu as f64,
            "insured_due" => ins as f64,
            "insured" => (ins - r % 3) as f64,
            "key_villages" => key as f64,
            "fund_planned" => (key * 50) as f64,
            "fund_paid" => money(key as f64 * 50.0 * (0.6 + (r % 40) as f64 / 100.0)),
            "support_households" => sup as f64,
            "support_paid" => money(sup as f64 * 0.15),
            "workshops" => shops as f64,
            "workshop_jobs" => (shops * 10 + r % 5) as f64,
            "public_posts" => (20 + r % 40) as f64,
            "employed" => emp as f64,
            "employed_target" => (emp + r % 20) as f64,
            "dibao" => (30 + r % 40) as f64,
            "tekun" => (3 + r % 5) as f64,
            "leader_visits" => (r % 4) as f64,
            "township_meetings" => (1 + r % 3) as f64,
            "dept_issues_found" => found as f64,
            "dept_issues_fixed" => (found - (r % 2).min(found)) as f64,
            "team_on_duty_rate" => 85.0 + (r % 150) as f64 / 10.0,
            "cadre_visit_rate" => 80.0 + (r % 200) as f64 / 10.0,
            "housing_issues" | "water_issues" => 0.0,
            _ => (r % 50) as f64,
        })
        .collect()
}

/// One .xlsx in the government layout. `serial` adds a 序号 column before the unit column;
/// `total` adds a 合计 row (sums; rates averaged) above the units.
pub fn write_sheet(
    t: &Template,
    filler: &str,
    units: &[(String, Vec<f64>)],
    serial: bool,
    total: bool,
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("月调度表")?;
    let center = Format::new().set_align(FormatAlign::Center);
    let tcol = u16::from(serial);
    let first = tcol + 1;
    let last = first + t.indicators.len() as u16 - 1;

    ws.merge_range(0, 0, 0, last, TITLE, &center)?;
    ws.write_string(1, 0, format!("填报单位：{filler}（盖章）"))?;
    ws.write_string(1, last - 3, "填报时间：2024年10月25日")?;
    if serial {
        ws.merge_range(2, 0, 3, 0, "序号", &center)?;
    }
    ws.merge_range(2, tcol, 3, tcol, "乡镇（街道）", &center)?;
    let mut start = 0;
    for (k, ind) in t.indicators.iter().enumerate() {
        let col = first + k as u16;
        ws.write_string(3, col, ind.label())?;
        let end = k + 1 == t.indicators.len() || t.indicators[k + 1].group != ind.group;
        if end {
            let from = first + start as u16;
            if from == col {
                ws.write_string(2, col, &ind.group)?;
            } else {
                ws.merge_range(2, from, 2, col, &ind.group, &center)?;
            }
            start = k + 1;
        }
    }

    let mut row = 4u32;
    if total {
        ws.write_string(row, tcol, "合计")?;
        for (k, ind) in t.indicators.iter().enumerate() {
            let sum: f64 = units.iter().map(|(_, v)| v[k]).sum();
            let v = if ind.is_percent() {
                sum / units.len() as f64
            } else {
                sum
            };
            ws.write_number(row, first + k as u16, (v * 100.0).round() / 100.0)?;
        }
        row += 1;
    }
    for (n, (name, values)) in units.iter().enumerate() {
        if serial {
            ws.write_number(row, 0, (n + 1) as f64)?;
        }
        ws.write_string(row, tcol, name)?;
        for (k, &v) in values.iter().enumerate() {
            let col = first + k as u16;
            // About 40% text numbers, as clerks paste them: "109", " 275 ", "1,501".
            match (n * 31 + k * 7) % 5 {
                0 if v >= 1000.0 && v.fract() == 0.0 => {
                    let s = format!("{}", v as i64);
                    let (a, b) = s.split_at(s.len() - 3);
                    ws.write_string(row, col, format!("{a},{b}"))?
                }
                0 => ws.write_string(row, col, format!("{v}"))?,
                1 => ws.write_string(row, col, format!(" {v} "))?,
                _ => ws.write_number(row, col, v)?,
            };
        }
        row += 1;
    }
    row += 1;
    ws.write_string(row, 0, "备注：1.监测对象含脱贫不稳定户、边缘易致贫户、突发严重困难户；2.资金单位为万元；3.本表每月25日前报送。")?;
    ws.write_string(
        row + 1,
        0,
        "单位负责人：          填表人：          联系电话：",
    )?;
    wb.save_to_buffer()
}

/// The bundled template's text with its [[townships]] replaced by `names`.
pub fn template_text_with_townships(names: &[String]) -> String {
    let mut text = String::new();
    let mut in_townships = false;
    let mut inserted = false;
    for line in DEFAULT_TEMPLATE.lines() {
        if line.starts_with("[[") {
            in_townships = line.trim() == "[[townships]]";
        }
        if in_townships {
            if !inserted {
                for n in names {
                    text.push_str(&format!("[[townships]]\nname = \"{n}\"\nkind = \"镇\"\n\n"));
                }
                inserted = true;
            }
            continue;
        }
        text.push_str(line);
        text.push('\n');
    }
    text
}

/// The national sheet: 38,000 units × 33 indicators with 序号 and 合计, and its template.
pub fn national() -> (Template, String, Vec<u8>) {
    national_of(NATIONAL_ROWS)
}

/// The national layout with `rows` units.
pub fn national_of(rows: usize) -> (Template, String, Vec<u8>) {
    let names: Vec<String> = (1..=rows).map(|i| format!("第{i}乡镇")).collect();
    let text = template_text_with_townships(&names);
    let t = Template::parse(&text, "national.toml").expect("national template");
    let units: Vec<(String, Vec<f64>)> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.clone(), unit_values(&t, i)))
        .collect();
    let bytes = write_sheet(&t, "国家乡村振兴局", &units, true, true).expect("national sheet");
    (t, text, bytes)
}
