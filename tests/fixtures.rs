//! Every input of ../shared/fixtures through the real binary: each gives exactly its
//! expected CSV, or is refused with the words its .err file lists.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures")
}

fn inspect(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dispatch-desk"))
        .arg("inspect")
        .args(args)
        .output()
        .expect("run dispatch-desk")
}

/// Compares two CSV texts cell by cell: numbers by value (50 = 50.0), text exactly.
fn assert_same_csv(expected: &str, actual: &str, what: &str) {
    let rows = |s: &str| -> Vec<Vec<String>> {
        s.lines()
            .map(|l| l.trim_end_matches('\r'))
            .filter(|l| !l.is_empty())
            .map(|l| l.split(',').map(str::to_string).collect())
            .collect()
    };
    let (e, a) = (rows(expected), rows(actual));
    assert_eq!(e.len(), a.len(), "{what}: row count\n{actual}");
    for (r, (er, ar)) in e.iter().zip(&a).enumerate() {
        assert_eq!(er.len(), ar.len(), "{what}: column count in row {r}");
        for (c, (x, y)) in er.iter().zip(ar).enumerate() {
            let same = match (x.parse::<f64>(), y.parse::<f64>()) {
                (Ok(p), Ok(q)) => (p - q).abs() < 1e-9,
                _ => x == y,
            };
            assert!(
                same,
                "{what}: row {r} column {} ({}): expected {x}, got {y}",
                c, e[0][c]
            );
        }
    }
}

#[test]
fn every_fixture_imports_as_expected() {
    let dir = fixtures();
    let expected_dir = dir.join("expected");
    let mut checked = 0;
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("../shared/fixtures exists")
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for input in entries {
        let name = input.file_name().unwrap().to_string_lossy().to_string();
        if name == "expected" || name.ends_with(".md") {
            continue;
        }
        let csv = expected_dir.join(format!("{name}.csv"));
        let err = expected_dir.join(format!("{name}.err"));
        let out = inspect(&[input.as_os_str()]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        if csv.exists() {
            assert_eq!(out.status.code(), Some(0), "{name} should import\n{stderr}");
            let expected = std::fs::read_to_string(&csv).unwrap();
            assert_same_csv(&expected, &stdout, &name);
        } else if err.exists() {
            assert_eq!(
                out.status.code(),
                Some(1),
                "{name} should be refused\n{stdout}"
            );
            let words = std::fs::read_to_string(&err).unwrap();
            for w in words.split_whitespace() {
                assert!(
                    stderr.contains(w),
                    "{name}: message should contain {w}:\n{stderr}"
                );
            }
            assert!(stderr.contains("错误"), "{name}: {stderr}");
            assert_eq!(
                stdout.trim(),
                "township",
                "{name}: a refused file contributes nothing"
            );
        } else {
            panic!("fixture {name} has no expected/{name}.csv or .err");
        }
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} fixtures found");
}

#[test]
fn problems_name_file_sheet_and_cell() {
    let input = fixtures().join("bad_非数字_2024年10月.xlsx");
    let out = inspect(&[input.as_os_str()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = stderr
        .lines()
        .find(|l| l.contains("G17"))
        .expect("a G17 line");
    assert!(
        line.starts_with(&format!("{}!Sheet!G17: 错误：", input.display())),
        "{line}"
    );
    assert!(
        line.contains("待核实") && line.contains("风险已消除人数"),
        "{line}"
    );
}

#[test]
fn a_refused_file_does_not_stop_the_others() {
    let dir = fixtures();
    let good = dir.join("2024年10月_clean.xlsx");
    let bad = dir.join("bad_未知乡镇_2024年10月.xlsx");
    let out = inspect(&[good.as_os_str(), bad.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout.lines().count(),
        23,
        "22 townships from the good file"
    );
    assert!(!stdout.contains("火星镇"));
}

#[test]
fn same_values_from_two_files_join_and_json_carries_month_and_problems() {
    let dir = fixtures();
    let county = dir.join("湘乡市月调度表2024年10月.xlsx");
    let duties = dir.join("五大责任_2024年10月.xlsx");
    let out = inspect(&[
        county.as_os_str(),
        duties.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["month"], "2024-10");
    let rows = doc["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 22);
    let maotian = rows.iter().find(|r| r["township"] == "毛田镇").unwrap();
    assert_eq!(maotian["monitor_households"], 136.0);
    assert_eq!(maotian["r1_leader"], "not_done");
    assert!(doc["problems"].is_array());
}

#[test]
fn usage_errors_exit_2() {
    let out = Command::new(env!("CARGO_BIN_EXE_dispatch-desk"))
        .args(["inspect", "--format", "xml", "x.xlsx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = Command::new(env!("CARGO_BIN_EXE_dispatch-desk"))
        .args(["inspect"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_bad_template_is_refused_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    let text = dd_core::template::DEFAULT_TEMPLATE.replacen(
        "name = \"监测对象户数\"",
        "name = 监测对象户数",
        1,
    );
    std::fs::write(&path, text).unwrap();
    let input = fixtures().join("2024年10月_clean.xlsx");
    let out = inspect(&[input.as_os_str(), "--template".as_ref(), path.as_os_str()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bad.toml") && stderr.contains("行"),
        "{stderr}"
    );
}
