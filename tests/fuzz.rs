//! Property and mutation tests of the importer, through the real reader process:
//! - a government-layout workbook with known values in a random shape (1–3 header rows,
//!   合计 at the top, bottom or absent, 序号, any column order, names or aliases, dirty
//!   numbers, the indicators spread over several sheets, a cover sheet) imports as exactly
//!   those values;
//! - thousands of damaged copies of the workbooks in tests/data and ../shared/fixtures
//!   (flipped bytes, damaged zip members and Compound File headers, huge counts,
//!   truncation), on a fixed seed, are each accepted or refused cleanly within the limits;
//! - arbitrary bytes and grids never panic.

use std::time::{Duration, Instant};

use dd_core::template::Template;
use dd_import::{self as import, Input, ReadLimits, import};
use proptest::prelude::*;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

const LIMITS: ReadLimits = ReadLimits {
    memory: 256 << 20,
    time: Duration::from_secs(5),
};

fn setup() -> Template {
    import::set_reader_program(env!("CARGO_BIN_EXE_dispatch-desk"));
    import::set_read_limits(LIMITS);
    Template::bundled()
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/../shared/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// A small deterministic generator (xorshift*), so a failing case can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            v.swap(i, self.below(i + 1));
        }
    }
}

// ---------------------------------------------------------------------------------------
// Known values in a random shape.

/// Where the 合计 row goes.
#[derive(Debug, Clone, Copy)]
enum Total {
    Top,
    Bottom,
    Absent,
}

#[derive(Debug, Clone)]
struct Shape {
    header_rows: usize,
    total: Total,
    serial: bool,
    title: bool,
    sheets: usize,
    cover: bool,
    seed: u64,
}

/// Expected values: (township index, indicator index) → value (None: left blank).
type Known = Vec<(usize, Vec<(usize, Option<f64>)>)>;

/// A value of the indicator's kind: whole counts, money in hundredths, rates in tenths
/// above 1 (a column of fractions would be read as percentages, rightly).
fn value(t: &Template, i: usize, rng: &mut Rng) -> f64 {
    let ind = &t.indicators[i];
    if ind.is_percent() {
        (20 + rng.below(800)) as f64 / 10.0
    } else if ind.is_money() {
        rng.below(500_000) as f64 / 100.0
    } else {
        let top = if rng.chance(20) { 30_000 } else { 900 };
        rng.below(top) as f64
    }
}

/// The value as a clerk might write it: a number, or text in one of the usual ways; a
/// rate also as a fraction under a percent format (0.955 shown as 95.5%).
fn write_value(
    ws: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    col: u16,
    v: f64,
    percent: bool,
    rng: &mut Rng,
) -> Result<(), XlsxError> {
    if percent && rng.chance(40) {
        let format = Format::new().set_num_format("0.0%");
        ws.write_number_with_format(row, col, v / 100.0, &format)?;
        return Ok(());
    }
    let plain = format!("{v}");
    let full_width: String = plain
        .chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            '.' => '．',
            _ => c,
        })
        .collect();
    match rng.below(7) {
        0 | 1 => ws.write_number(row, col, v)?,
        2 => ws.write_string(row, col, &plain)?,
        3 => ws.write_string(row, col, format!(" {plain} "))?,
        4 if v >= 1000.0 && v.fract() == 0.0 => {
            let (a, b) = plain.split_at(plain.len() - 3);
            ws.write_string(row, col, format!("{a},{b}"))?
        }
        5 => ws.write_string(row, col, &full_width)?,
        6 if v == 0.0 => ws.write_string(row, col, "—")?,
        _ => ws.write_number(row, col, v)?,
    };
    Ok(())
}

fn header_name(t: &Template, i: usize, with_unit: bool, rng: &mut Rng) -> String {
    let ind = &t.indicators[i];
    let mut names = vec![ind.name.clone()];
    names.extend(ind.aliases.iter().cloned());
    let name = names[rng.below(names.len())].clone();
    if with_unit {
        if rng.chance(50) {
            format!("{name}（{}）", ind.unit)
        } else {
            format!("{name}({})", ind.unit)
        }
    } else {
        name
    }
}

fn township_name(t: &Template, town: usize, rng: &mut Rng) -> String {
    let def = &t.townships[town];
    let mut names = vec![def.name.clone(), format!("{} ", def.name)];
    names.extend(def.aliases.iter().cloned());
    names[rng.below(names.len())].clone()
}

/// Writes the workbook of a shape and returns it with the values it holds.
fn government_workbook(t: &Template, shape: &Shape) -> Result<(Vec<u8>, Known), XlsxError> {
    let mut rng = Rng(shape.seed | 1);
    let mut towns: Vec<usize> = (0..t.townships.len()).collect();
    rng.shuffle(&mut towns);
    towns.truncate(1 + rng.below(t.townships.len()));
    let mut indicators: Vec<usize> = (0..t.indicators.len()).collect();
    rng.shuffle(&mut indicators);
    indicators.truncate(shape.sheets + rng.below(12));
    let known: Known = towns
        .iter()
        .map(|&town| {
            let values = indicators
                .iter()
                .map(|&i| (i, (!rng.chance(8)).then(|| value(t, i, &mut rng))))
                .collect();
            (town, values)
        })
        .collect();

    let mut wb = Workbook::new();
    if shape.cover {
        let ws = wb.add_worksheet();
        ws.set_name("填报说明")?;
        ws.write_string(
            0,
            0,
            "填报说明：各乡镇（街道）于每月25日前报送，数据以万元、户、人为单位。",
        )?;
    }
    let merge = Format::new();
    for part in 0..shape.sheets {
        let cols: Vec<usize> = (0..indicators.len())
            .filter(|k| k % shape.sheets == part)
            .collect();
        let ws = wb.add_worksheet();
        ws.set_name(format!("表{}", part + 1))?;
        let mut row = 0u32;
        if shape.title {
            ws.write_string(
                row,
                0,
                "湘乡市巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作月调度表（2024年10月）",
            )?;
            ws.write_string(row + 1, 0, "填报单位：湘乡市乡村振兴局")?;
            // The filing date as a date cell: read as a date, not a number.
            ws.write_string(row + 1, 3, "填报时间：")?;
            let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 10, 25)?;
            ws.write_datetime_with_format(
                row + 1,
                4,
                &date,
                &Format::new().set_num_format("yyyy\"年\"m\"月\"d\"日\""),
            )?;
            row += 2;
        }
        let tcol = u16::from(shape.serial);
        let first = tcol + 1;
        let last_header = row + shape.header_rows as u32 - 1;
        let name_row = if shape.header_rows == 1 { row } else { row + 1 };
        let unit_row = shape.header_rows == 3;
        if shape.serial {
            if shape.header_rows > 1 {
                ws.merge_range(row, 0, last_header, 0, "序号", &merge)?;
            } else {
                ws.write_string(row, 0, "序号")?;
            }
        }
        if shape.header_rows > 1 {
            ws.merge_range(row, tcol, last_header, tcol, "乡镇（街道）", &merge)?;
        } else {
            ws.write_string(row, tcol, "乡镇（街道）")?;
        }
        for (n, &k) in cols.iter().enumerate() {
            let i = indicators[k];
            let col = first + n as u16;
            let name = header_name(t, i, !unit_row, &mut rng);
            ws.write_string(name_row, col, name)?;
            if unit_row {
                ws.write_string(row + 2, col, format!("（{}）", t.indicators[i].unit))?;
            }
        }
        if shape.header_rows > 1 {
            // Group headers, merged over runs of one group.
            let mut n = 0;
            while n < cols.len() {
                let group = &t.indicators[indicators[cols[n]]].group;
                let mut end = n;
                while end + 1 < cols.len()
                    && &t.indicators[indicators[cols[end + 1]]].group == group
                {
                    end += 1;
                }
                let (a, b) = (first + n as u16, first + end as u16);
                if a == b {
                    ws.write_string(row, a, group)?;
                } else {
                    ws.merge_range(row, a, row, b, group, &merge)?;
                }
                n = end + 1;
            }
        }
        row = last_header + 1;

        let mut order: Vec<usize> = (0..known.len()).collect();
        rng.shuffle(&mut order);
        let write_total =
            |ws: &mut rust_xlsxwriter::Worksheet, row: u32| -> Result<(), XlsxError> {
                ws.write_string(row, tcol, "合计")?;
                for (n, &k) in cols.iter().enumerate() {
                    let i = indicators[k];
                    if t.indicators[i].is_percent() {
                        continue;
                    }
                    let sum: f64 = order.iter().filter_map(|&r| known[r].1[k].1).sum();
                    ws.write_number(row, first + n as u16, (sum * 100.0).round() / 100.0)?;
                }
                Ok(())
            };
        if matches!(shape.total, Total::Top) {
            write_total(ws, row)?;
            row += 1;
        }
        for (serial, &r) in order.iter().enumerate() {
            let (town, values) = &known[r];
            if shape.serial {
                ws.write_number(row, 0, (serial + 1) as f64)?;
            }
            ws.write_string(row, tcol, township_name(t, *town, &mut rng))?;
            for (n, &k) in cols.iter().enumerate() {
                if let Some(v) = values[k].1 {
                    let percent = t.indicators[indicators[k]].is_percent();
                    write_value(ws, row, first + n as u16, v, percent, &mut rng)?;
                }
            }
            row += 1;
        }
        if matches!(shape.total, Total::Bottom) {
            write_total(ws, row)?;
            row += 1;
        }
        ws.write_string(row + 1, 0, "备注：本表每月25日前报送。")?;
        ws.write_string(
            row + 2,
            0,
            "单位负责人：          填表人：          联系电话：",
        )?;
    }
    Ok((wb.save_to_buffer()?, known))
}

fn shape() -> impl Strategy<Value = Shape> {
    (
        1usize..=3,
        prop_oneof![Just(Total::Top), Just(Total::Bottom), Just(Total::Absent)],
        any::<bool>(),
        any::<bool>(),
        1usize..=3,
        any::<bool>(),
        any::<u64>(),
    )
        .prop_map(
            |(header_rows, total, serial, title, sheets, cover, seed)| Shape {
                header_rows,
                total,
                serial,
                title,
                sheets,
                cover,
                seed,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn a_government_sheet_in_any_shape_imports_as_exactly_its_values(shape in shape()) {
        let t = setup();
        let (bytes, known) = government_workbook(&t, &shape).unwrap();
        prop_assert_eq!(import::xlsx_readers_agree(&bytes), Ok(()));
        let out = import(vec![Input { name: "月调度表2024年10月.xlsx".into(), bytes }], &t);
        let errors: Vec<String> = out.problems.iter().filter(|p| p.is_error()).map(|p| p.to_string()).collect();
        prop_assert!(errors.is_empty(), "{shape:?}: {errors:#?}");
        prop_assert_eq!(out.table.height(), known.len(), "{:?}", shape);
        for (town, values) in &known {
            let name = &t.townships[*town].name;
            for (i, v) in values {
                let got = out.table.value(name, &t.indicators[*i].id);
                prop_assert_eq!(got, *v, "{:?}: {} {}", shape, name, t.indicators[*i].id);
            }
        }
        // A column left blank by every township carries nothing (it is not in the table).
        let mut columns: Vec<String> = known[0].1.iter()
            .filter(|(i, _)| known.iter().any(|(_, vs)| vs.iter().any(|(j, v)| j == i && v.is_some())))
            .map(|(i, _)| t.indicators[*i].id.clone())
            .collect();
        columns.sort();
        let mut got = out.table.columns();
        got.sort();
        prop_assert_eq!(got, columns);
    }
}

#[test]
fn the_fast_xlsx_reader_reads_every_fixture_as_calamine_does() {
    let mut checked = 0;
    let mut dirs = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/fixtures"
    ))];
    while let Some(dir) = dirs.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|e| e == "xlsx")
                && !p.to_string_lossy().contains("截断")
            {
                let bytes = std::fs::read(&p).unwrap();
                assert_eq!(
                    import::xlsx_readers_agree(&bytes),
                    Ok(()),
                    "{}",
                    p.display()
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 8, "{checked}");
}

// ---------------------------------------------------------------------------------------
// Damaged copies of real workbooks, on a fixed seed.

fn seeds() -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = [
        "湘乡市月调度表2024年10月.xlsx",
        "五大责任_2024年10月.xlsx",
        "2024年10月_clean.xlsx",
        "乡镇报送_202410/毛田镇_2024年10月.xlsx",
    ]
    .iter()
    .map(|n| (n.to_string(), fixture(n)))
    .collect();
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");
    for name in [
        "legacy_202410.xls",
        "legacy_202410.ods",
        "legacy_bad_total_202410.xls",
    ] {
        out.push((
            name.into(),
            std::fs::read(format!("{data}/{name}")).unwrap(),
        ));
    }
    out
}

/// One random damage of the kinds real files suffer, and some no real file has.
fn damage(bytes: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut b = bytes.to_vec();
    let len = b.len();
    match rng.below(6) {
        0 => {
            for _ in 0..1 + rng.below(16) {
                let i = rng.below(len);
                b[i] = rng.next() as u8;
            }
        }
        1 => b.truncate(len / 2 + rng.below(len / 2)),
        2 => {
            // A count or size field made huge.
            let i = rng.below(len.saturating_sub(4));
            let big = [u32::MAX, 0x7FFF_FFFF, 0x0100_0000, 0xFFFF_FFFE][rng.below(4)];
            b[i..i + 4].copy_from_slice(&big.to_le_bytes());
        }
        3 => {
            // A zip member's header or data, or a Compound File header or FAT entry.
            let starts: Vec<usize> = b
                .windows(4)
                .enumerate()
                .filter(|(_, w)| *w == b"PK\x03\x04" || *w == b"PK\x01\x02")
                .map(|(i, _)| i)
                .collect();
            let at = if starts.is_empty() {
                if rng.chance(50) {
                    44 + 4 * rng.below(8)
                } else {
                    512 + 4 * rng.below(128)
                }
            } else {
                starts[rng.below(starts.len())] + rng.below(46)
            };
            for k in 0..4 {
                if let Some(x) = b.get_mut(at + k) {
                    *x = rng.next() as u8;
                }
            }
        }
        4 => {
            // A run of bytes overwritten, as a broken disk or transfer leaves them.
            let i = rng.below(len);
            let n = (1 + rng.below(512)).min(len - i);
            let fill = if rng.chance(50) { 0 } else { rng.next() as u8 };
            b[i..i + n].fill(fill);
        }
        _ => {
            let i = rng.below(len);
            let j = rng.below(len);
            b.swap(i, j);
            b.insert(rng.below(len), rng.next() as u8);
        }
    }
    b
}

#[test]
fn thousands_of_damaged_workbooks_are_each_accepted_or_refused_within_the_limits() {
    let t = setup();
    let seeds = seeds();
    let mut rng = Rng(0x5EED_2024_1025);
    let cases = 4000;
    let batch = 200;
    let (mut accepted, mut refused, mut over_limit) = (0, 0, 0);
    let mut reasons: std::collections::BTreeMap<String, usize> = Default::default();
    let started = Instant::now();
    for b in 0..cases / batch {
        let inputs: Vec<Input> = (0..batch)
            .map(|k| {
                let (name, bytes) = &seeds[rng.below(seeds.len())];
                let ext = name.rsplit('.').next().unwrap_or("xlsx");
                Input {
                    name: format!("case{}_{}.{ext}", b * batch + k, name.replace('/', "_")),
                    bytes: damage(bytes, &mut rng),
                }
            })
            .collect();
        let names: Vec<String> = inputs.iter().map(|i| i.name.clone()).collect();
        let mut last = Instant::now();
        let mut slowest = Duration::ZERO;
        let out = import::import_with_progress(inputs, &t, &mut |_, _, _| {
            slowest = slowest.max(last.elapsed());
            last = Instant::now();
        });
        // No file waits longer than the time limit (with room for a busy machine).
        assert!(
            slowest < LIMITS.time + Duration::from_secs(3),
            "{slowest:?}"
        );
        for name in &names {
            let was_accepted = out.accepted.contains(name);
            let was_refused = out.refused.contains(name);
            assert!(was_accepted != was_refused, "{name}: accepted and refused");
            if was_refused {
                let reason = out
                    .problems
                    .iter()
                    .find(|p| p.is_error() && &p.file == name)
                    .unwrap_or_else(|| panic!("{name} refused without a reason"));
                assert!(
                    reason
                        .message
                        .chars()
                        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                    "{name}: {}",
                    reason.message
                );
                // The reader refused it for what it found, not because it panicked.
                assert_ne!(reason.message, import::PANIC_REFUSAL, "{name}");
                over_limit += usize::from(reason.message.starts_with("文件异常"));
                let kind: String = reason.message.chars().take(10).collect();
                *reasons.entry(kind).or_default() += 1;
                refused += 1;
            } else {
                accepted += 1;
            }
        }
    }
    eprintln!(
        "{cases} damaged workbooks in {:?}: {accepted} accepted, {refused} refused ({over_limit} over a limit)",
        started.elapsed()
    );
    eprintln!("refusals by their first words: {reasons:#?}");
    assert_eq!(accepted + refused, cases);
    // Most damage is noticed; some lands in bytes nobody reads.
    assert!(refused > cases / 3, "{refused}");
}

// ---------------------------------------------------------------------------------------
// Arbitrary input never panics.

fn run(name: &str, bytes: Vec<u8>) {
    let t = setup();
    let out = import(
        vec![Input {
            name: name.into(),
            bytes,
        }],
        &t,
    );
    assert_eq!(out.accepted.len() + out.refused.len(), 1);
    // A panic is caught and refuses the file: that must never be what happened.
    assert!(
        out.problems
            .iter()
            .all(|p| p.message != import::PANIC_REFUSAL),
        "{name}: {:?}",
        out.problems
    );
}

/// Cells a township sheet is made of, and some it should never contain.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("乡镇（街道）".to_string()),
        Just("序号".to_string()),
        Just("合计".to_string()),
        Just("毛田镇".to_string()),
        Just("东山办事处".to_string()),
        Just("火星镇".to_string()),
        Just("监测对象户数（户）".to_string()),
        Just("风险已消除人数".to_string()),
        Just("衔接资金计划（元）".to_string()),
        Just("驻村工作队在岗率(%)".to_string()),
        Just("市级领导联点".to_string()),
        Just("已落实".to_string()),
        Just("监测帮扶".to_string()),
        Just("1,804".to_string()),
        Just("95.5%".to_string()),
        Just("—".to_string()),
        Just("备注：本表每月25日前报送".to_string()),
        Just("湘乡市月调度表（2024年10月）".to_string()),
        (0u32..100_000).prop_map(|n| n.to_string()),
        "[\\PC]{0,12}",
    ]
}

fn to_csv(grid: &[Vec<String>]) -> Vec<u8> {
    let mut s = String::new();
    for row in grid {
        let line: Vec<String> = row
            .iter()
            .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
            .collect();
        s.push_str(&line.join(","));
        s.push('\n');
    }
    s.into_bytes()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048),
                                   ext in prop_oneof![Just("xlsx"), Just("xls"), Just("csv"), Just("ods")]) {
        run(&format!("x.{ext}"), bytes);
    }

    #[test]
    fn arbitrary_grids_never_panic(grid in proptest::collection::vec(proptest::collection::vec(cell(), 0..8), 0..30)) {
        run("grid.csv", to_csv(&grid));
    }
}
