//! The month as a collection: township files arriving one by one merge into the month, a
//! changed re-send needs consent and names the cell, an identical one changes nothing, undo
//! walks back one arrival, and `status` tells who has reported, who is late and who was sent
//! back; an incomplete month is ranked and briefed as such.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use dd_core::model::{MonthTable, TableCell, YearMonth};
use dd_core::template::Template;
use dd_import::import_paths;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures")
        .join(name)
}

fn run(ws: &Path, args: &[&str], files: &[PathBuf]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dispatch-desk"))
        .arg("--workspace")
        .arg(ws)
        .args(args)
        .args(files)
        .output()
        .unwrap()
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// A fresh workspace without the sample months.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    dd_office::open_workspace(dir.path())
        .unwrap()
        .remove_samples()
        .unwrap();
    dir
}

fn county() -> MonthTable {
    import_paths(
        &[fixture("湘乡市月调度表2024年10月.xlsx")],
        &Template::bundled(),
    )
    .table
}

/// One township's file as a township would send it (CSV, headers with units), with
/// `change` applied to its figures.
fn township_file(dir: &Path, town: &str, change: &dyn Fn(&str, f64) -> f64) -> PathBuf {
    let t = Template::bundled();
    let table = county();
    let columns = table.columns();
    let (_, cells) = table
        .rows()
        .into_iter()
        .find(|(name, _)| name == town)
        .unwrap();
    let mut header = vec!["乡镇（街道）".to_string()];
    let mut row = vec![town.to_string()];
    for (id, cell) in columns.iter().zip(cells) {
        if let (Some(ind), TableCell::Value(Some(v))) = (t.indicator(id), cell) {
            header.push(ind.label());
            row.push(format!("{}", change(id, v)));
        }
    }
    let path = dir.join(format!("{town}_2024年10月.csv"));
    std::fs::write(&path, format!("{}\n{}\n", header.join(","), row.join(","))).unwrap();
    path
}

fn same(_: &str, v: f64) -> f64 {
    v
}

fn oct() -> YearMonth {
    YearMonth::new(2024, 10).unwrap()
}

#[test]
fn township_files_arriving_one_by_one_make_the_month_the_county_sheet_makes() {
    let ws = workspace();
    let folder = fixture("乡镇报送_202410");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for (i, f) in files.iter().enumerate() {
        let out = run(ws.path(), &["import"], std::slice::from_ref(f));
        let (stdout, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
        assert!(stdout.contains("新增"), "{stdout}");
        assert!(
            stdout.contains(&format!("本月现有{}个乡镇", i + 1)),
            "{stdout}"
        );
    }
    let t = Template::bundled();
    let w = dd_office::open_workspace(ws.path()).unwrap();
    let month = w.load(oct(), &t).unwrap();
    // The same month as all the files read at once…
    let together = import_paths(&[folder], &t).table;
    assert_eq!(month.to_csv(&t), together.to_csv(&t));
    // …and the same figures as the county sheet for those townships.
    let county = county();
    for town in month.townships() {
        for id in month.columns() {
            if let Some(v) = month.value(&town, &id) {
                assert_eq!(county.value(&town, &id), Some(v), "{town} {id}");
            }
        }
    }
    // Each arrival is a version; undo takes back only the last one.
    assert_eq!(w.versions(oct()).unwrap().len(), files.len());
    drop(w);
    let out = run(ws.path(), &["undo", "--month", "2024-10"], &[]);
    assert_eq!(out.status.code(), Some(0));
    let w = dd_office::open_workspace(ws.path()).unwrap();
    assert_eq!(w.load(oct(), &t).unwrap().height(), files.len() - 1);
}

#[test]
fn a_changed_resend_names_the_cell_and_needs_consent_an_identical_one_changes_nothing() {
    let ws = workspace();
    let dir = tempfile::tempdir().unwrap();
    let first = township_file(dir.path(), "毛田镇", &same);
    assert_eq!(
        run(ws.path(), &["import"], std::slice::from_ref(&first))
            .status
            .code(),
        Some(0)
    );
    let other = dir.path().join("b");
    std::fs::create_dir(&other).unwrap();
    let zhongsha = township_file(&other, "中沙镇", &same);
    assert_eq!(
        run(ws.path(), &["import"], &[zhongsha]).status.code(),
        Some(0)
    );

    // The same file again: nothing changes, no version is made.
    let out = run(ws.path(), &["import"], std::slice::from_ref(&first));
    let (stdout, _) = text(&out);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout.contains("没有变化"), "{stdout}");
    let versions = || {
        dd_office::open_workspace(ws.path())
            .unwrap()
            .versions(oct())
            .unwrap()
            .len()
    };
    assert_eq!(versions(), 2);

    // One figure changed: refused, naming exactly that cell, old → new.
    let changed_dir = dir.path().join("c");
    std::fs::create_dir(&changed_dir).unwrap();
    let changed = township_file(&changed_dir, "毛田镇", &|id, v| {
        if id == "monitor_households" {
            v + 4.0
        } else {
            v
        }
    });
    let out = run(ws.path(), &["import"], std::slice::from_ref(&changed));
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let listed: Vec<&str> = stderr.lines().filter(|l| l.contains(" → ")).collect();
    assert_eq!(listed.len(), 1, "{stderr}");
    assert!(
        listed[0].contains("毛田镇 监测对象户数：136 → 140"),
        "{stderr}"
    );
    assert_eq!(versions(), 2, "nothing stored without consent");

    // With consent: stored, 中沙镇 untouched; undo goes back to 136.
    let out = run(ws.path(), &["import", "--replace"], &[changed]);
    assert_eq!(out.status.code(), Some(0), "{:?}", text(&out));
    let t = Template::bundled();
    let month = dd_office::open_workspace(ws.path())
        .unwrap()
        .load(oct(), &t)
        .unwrap();
    assert_eq!(month.value("毛田镇", "monitor_households"), Some(140.0));
    assert_eq!(month.townships(), ["中沙镇", "毛田镇"]);
    assert_eq!(
        run(ws.path(), &["undo", "--month", "2024-10"], &[])
            .status
            .code(),
        Some(0)
    );
    let month = dd_office::open_workspace(ws.path())
        .unwrap()
        .load(oct(), &t)
        .unwrap();
    assert_eq!(month.value("毛田镇", "monitor_households"), Some(136.0));
    assert_eq!(month.height(), 2);
}

/// 19 township files, one sent back (a word where a number belongs), two never sent.
fn nineteen_of_twenty_two(ws: &Path, month: &str) -> PathBuf {
    let t = Template::bundled();
    let dir = ws.join(format!("files-{month}"));
    std::fs::create_dir_all(&dir).unwrap();
    let mut files = Vec::new();
    for town in t.townships.iter().map(|x| x.name.as_str()) {
        match town {
            "金薮乡" | "育塅乡" => {}
            "东郊乡" => {
                let p = township_file(&dir, town, &same);
                let text = std::fs::read_to_string(&p).unwrap();
                let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
                lines[1] = lines[1].replacen(',', ",待核实,", 1);
                let fields: Vec<&str> = lines[1].split(',').collect();
                lines[1] = fields[..fields.len() - 1].join(",");
                std::fs::write(&p, lines.join("\n")).unwrap();
                files.push(p);
            }
            _ => files.push(township_file(&dir, town, &same)),
        }
    }
    let out = run(ws, &["import", "--month", month], &files);
    let (stdout, stderr) = text(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "one file was refused: {stdout}{stderr}"
    );
    assert!(stdout.contains("本月现有19个乡镇"), "{stdout}{stderr}");
    dir
}

#[test]
fn status_tells_reported_late_returned_and_missing() {
    let ws = workspace();
    nineteen_of_twenty_two(ws.path(), "2024-10");
    let out = run(ws.path(), &["status", "--month", "2024-10"], &[]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let lines: Vec<Vec<&str>> = stdout.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(lines.len(), 22, "{stdout}");
    let state = |town: &str| lines.iter().find(|l| l[0] == town).unwrap().clone();
    assert_eq!(state("毛田镇")[1], "已报");
    assert!(state("毛田镇")[3].contains("毛田镇_2024年10月.csv"));
    assert!(!state("毛田镇")[2].is_empty(), "the time it arrived");
    assert_eq!(state("东郊乡")[1], "退回");
    // The deadline (2024-10-25) is long past: those never sent are late.
    assert_eq!(state("金薮乡")[1], "逾期");
    assert_eq!(state("育塅乡")[1], "逾期");
    assert_eq!(lines.iter().filter(|l| l[1] == "已报").count(), 19);
    assert_eq!(lines[0][0], "望春门街道", "template order");
    assert!(stderr.contains("已报 19/22"), "{stderr}");

    // Before its deadline, a township that has not sent its file is only 未报.
    let ws2 = workspace();
    nineteen_of_twenty_two(ws2.path(), "2099-10");
    let (stdout, _) = text(&run(ws2.path(), &["status", "--month", "2099-10"], &[]));
    assert!(
        stdout.lines().any(|l| l.starts_with("金薮乡\t未报")),
        "{stdout}"
    );
}

#[test]
fn an_incomplete_month_ranks_the_reported_and_its_brief_says_who_is_missing() {
    let ws = workspace();
    nineteen_of_twenty_two(ws.path(), "2024-10");
    let t = Template::bundled();
    let w = dd_office::open_workspace(ws.path()).unwrap();
    let history = w.history(&t).unwrap();
    let a = dd_analysis::Analysis::new(history, &t)
        .unwrap()
        .month(oct())
        .unwrap()
        .unwrap();
    assert_eq!(a.missing, ["东郊乡", "金薮乡", "育塅乡"]);
    assert_eq!(a.reported(), 19);
    assert_eq!(
        a.progress.len(),
        19,
        "未报 townships get no rank and no light"
    );
    assert!(a.progress.iter().all(|p| p.rank.is_some_and(|r| r <= 19)));
    drop(w);

    let out_dir = tempfile::tempdir().unwrap();
    let docx = out_dir.path().join("通报.docx");
    let docx_arg = docx.to_string_lossy().into_owned();
    let out = run(
        ws.path(),
        &["brief", "--month", "2024-10", "--out", &docx_arg],
        &[],
    );
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("未报送") && stderr.contains("金薮乡"),
        "{stderr}"
    );
    assert!(!docx.exists());

    let out = run(
        ws.path(),
        &[
            "brief",
            "--month",
            "2024-10",
            "--allow-incomplete",
            "--out",
            &docx_arg,
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{:?}", text(&out));
    let bytes = std::fs::read(&docx).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    let plain: String = xml
        .split('<')
        .filter_map(|p| p.split_once('>').map(|(_, t)| t))
        .collect();
    assert!(
        plain.contains("截至2024年10月25日，东郊乡、金薮乡、育塅乡未按时报送"),
        "{plain}"
    );
    assert!(plain.contains("19/22"), "the totals say what they cover");
}

/// Every township's file imported by its own process, all started together: each process
/// that said 已导入 is in the month, each that refused is not, and the month's versions walk
/// back one arrival at a time. Three rounds, each a fresh workspace.
#[test]
fn twenty_two_imports_started_at_once_all_land() {
    let t = Template::bundled();
    for round in 0..3 {
        let ws = workspace();
        let dir = ws.path().join("files");
        std::fs::create_dir_all(&dir).unwrap();
        let towns: Vec<&str> = t.townships.iter().map(|x| x.name.as_str()).collect();
        let children: Vec<_> = towns
            .iter()
            .map(|town| {
                let file = township_file(&dir, town, &same);
                Command::new(env!("CARGO_BIN_EXE_dispatch-desk"))
                    .arg("--workspace")
                    .arg(ws.path())
                    .args(["import", "--month", "2024-10"])
                    .arg(file)
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let mut landed = Vec::new();
        for (town, child) in towns.iter().zip(children) {
            let out = child.wait_with_output().unwrap();
            let (stdout, stderr) = text(&out);
            if out.status.code() == Some(0) {
                assert!(stdout.contains("已导入"), "{town}: {stdout}{stderr}");
                landed.push(town.to_string());
            } else {
                // The only acceptable refusal: the workspace stayed busy past the timeout.
                assert!(
                    stderr.contains("工作区正被另一个窗口或程序使用"),
                    "round {round} {town}: {stdout}{stderr}"
                );
            }
        }
        assert!(landed.len() >= towns.len() / 2, "round {round}: {landed:?}");
        let w = dd_office::open_workspace(ws.path()).unwrap();
        let month = w.load(oct(), &t).unwrap();
        let mut have = month.townships();
        have.sort();
        landed.sort();
        assert_eq!(have, landed, "round {round}: every reported import is kept");
        assert_eq!(w.versions(oct()).unwrap().len(), landed.len());
        // Each version is one arrival: undo takes them back one by one.
        let mut w = w;
        for left in (0..landed.len()).rev() {
            w.undo(oct()).unwrap();
            let height = w.load(oct(), &t).map_or(0, |m| m.height());
            assert_eq!(height, left, "round {round}");
        }
    }
}
