//! The reader process, through the real binary: crafted files that exhaust memory or never
//! end when read naively are refused within the limits, with the reason, and the rest of
//! the drop imports; nothing but the refusal reaches stderr; cancelling stops at once.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use dd_core::template::Template;
use dd_import::{self as import, Cancel, Cancelled, Input};

const BIN: &str = env!("CARGO_BIN_EXE_dispatch-desk");

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/crafted")
        .join(name)
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures")
        .join(name)
}

fn input(path: &Path) -> Input {
    Input {
        name: path.file_name().unwrap().to_string_lossy().to_string(),
        bytes: std::fs::read(path).unwrap(),
    }
}

/// (crafted file, words its refusal must contain)
const CRAFTED: &[(&str, &str)] = &[
    ("crafted_cfb_fat_count.xls", "文件已损坏"),
    ("crafted_cfb_chain_loop.xls", "文件已损坏"),
    // Found by the damaged-workbook property once panics no longer passed as refusals:
    // calamine 0.38 panics on these (a sheet outside the stream, a reversed MulRk).
    ("damaged_sheet_position.xls", "工作表的位置超出了工作簿数据"),
    ("damaged_mulrk_columns.xls", "列范围颠倒"),
    (
        "crafted_ods_repeat.ods",
        "文件异常：读取时内存超过1 GB，已拒收",
    ),
];

#[test]
fn crafted_files_are_refused_within_five_seconds_with_the_reason() {
    import::set_reader_program(BIN);
    let t = Template::bundled();
    for (name, words) in CRAFTED {
        let started = Instant::now();
        let out = import::import(vec![input(&data(name))], &t);
        let took = started.elapsed();
        assert!(took < Duration::from_secs(5), "{name} took {took:?}");
        assert_eq!(out.refused, vec![name.to_string()], "{name}");
        assert_eq!(out.table.height(), 0);
        let p = &out.problems[0];
        assert_eq!(p.file, *name);
        assert!(p.message.contains(words), "{name}: {}", p.message);
    }
}

#[test]
fn a_shared_string_count_that_lies_costs_nothing() {
    // calamine reserves room for the 4,000,000,000 strings the file claims (96 GB); the
    // count is only a hint, and the workbook is read as the small table it is.
    import::set_reader_program(BIN);
    let started = Instant::now();
    let out = import::import(
        vec![input(&data("crafted_sst_count.xlsx"))],
        &Template::bundled(),
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(out.accepted, vec!["crafted_sst_count.xlsx"]);
    assert_eq!(out.table.value("毛田镇", "monitor_households"), Some(136.0));
}

#[test]
fn a_damaged_file_in_a_drop_is_refused_and_the_others_import() {
    import::set_reader_program(BIN);
    let t = Template::bundled();
    let out = import::import(
        vec![
            input(&data("crafted_sst_count.xlsx")),
            input(&fixture("五大责任_2024年10月.xlsx")),
            input(&data("crafted_ods_repeat.ods")),
            input(&fixture("监测就业_202410_gbk.csv")),
            input(&data("crafted_cfb_chain_loop.xls")),
        ],
        &t,
    );
    assert_eq!(
        out.refused,
        vec!["crafted_ods_repeat.ods", "crafted_cfb_chain_loop.xls"]
    );
    assert_eq!(
        out.accepted,
        vec![
            "crafted_sst_count.xlsx",
            "五大责任_2024年10月.xlsx",
            "监测就业_202410_gbk.csv"
        ]
    );
    assert_eq!(out.table.height(), 22);
    assert_eq!(out.table.value("毛田镇", "monitor_households"), Some(136.0));
    assert_eq!(out.table.value("毛田镇", "cadre_visit_rate"), Some(93.1));
    assert!(out.table.has_column("r1_leader"));
}

#[test]
fn inspect_prints_only_the_refusals_never_a_panic_or_an_abort() {
    let mut args: Vec<PathBuf> = CRAFTED.iter().map(|(n, _)| data(n)).collect();
    args.push(fixture("bad_截断_2024年10月.xlsx"));
    let out = Command::new(BIN)
        .arg("inspect")
        .args(&args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), args.len(), "{stderr}");
    for (line, path) in lines.iter().zip(&args) {
        assert!(
            line.starts_with(&format!("{}: 错误：", path.display())),
            "{line}"
        );
    }
    for noise in [
        "panicked",
        "memory allocation",
        "RUST_BACKTRACE",
        "thread '",
    ] {
        assert!(!stderr.contains(noise), "{stderr}");
    }
}

#[test]
fn cancelling_kills_the_reader_at_once_and_keeps_nothing() {
    import::set_reader_program(BIN);
    let t = Template::bundled();
    // Sheets whose reading takes a while: the crafted ODS runs until its memory cap.
    let inputs = vec![input(&data("crafted_ods_repeat.ods")); 3];
    let cancel = Cancel::new();
    let pending = import::start(inputs);
    let later = cancel.clone();
    let canceller = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(30));
        later.cancel();
    });
    let started = Instant::now();
    let result = pending.finish(&t, &mut |_, _, _| {}, &cancel);
    canceller.join().unwrap();
    assert!(matches!(result, Err(Cancelled)));
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[test]
fn the_sheets_behind_a_problem_are_read_by_the_reader_too() {
    import::set_reader_program(BIN);
    let bytes = std::fs::read(fixture("湘乡市月调度表2024年10月.xlsx")).unwrap();
    let sheets = import::read_sheets("湘乡市月调度表2024年10月.xlsx", bytes).unwrap();
    assert!(sheets.iter().any(|s| s.height() > 22));
    let refused = import::read_sheets(
        "crafted_ods_repeat.ods",
        std::fs::read(data("crafted_ods_repeat.ods")).unwrap(),
    );
    assert_eq!(refused.unwrap_err(), "文件异常：读取时内存超过1 GB，已拒收");
}

/// A reader that panics (the debug builds' test hook) refuses every file with its own words,
/// distinct from any damage a reader names: what the fuzz properties assert never happens.
#[test]
fn a_panicking_reader_is_told_apart_from_a_damaged_file() {
    let out = Command::new(BIN)
        .env("DISPATCH_DESK_PANIC_WHILE_READING", "1")
        .arg("inspect")
        .arg(fixture("湘乡市月调度表2024年10月.xlsx"))
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0), "{said}");
    assert!(said.contains(import::PANIC_REFUSAL), "{said}");
    assert!(
        !said.contains("panicked"),
        "the panic goes to the log: {said}"
    );
}
