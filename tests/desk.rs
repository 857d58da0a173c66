//! The desk the app talks to, without a window: the 导出 menu's work and saving a slide.

use std::time::Duration;

use dd_app::desk::{self, Command, Update};
use dd_core::model::YearMonth;
use dd_export::Format;

fn next_message(h: &desk::DeskHandle) -> Result<String, String> {
    loop {
        match h.recv_timeout(Duration::from_secs(60)) {
            Some(Update::Info(m)) => return Ok(m),
            Some(Update::Error(m)) => return Err(m),
            Some(_) => continue,
            None => return Err("no answer from the desk".into()),
        }
    }
}

#[test]
fn the_export_menu_writes_each_format_and_the_charts() {
    let dir = tempfile::tempdir().unwrap();
    let h = desk::start(dir.path().join("ws"), None, || {});
    let month = YearMonth::new(2024, 10).unwrap();
    for (format, name) in [
        (Format::Docx, "通报.docx"),
        (Format::Pdf, "通报.pdf"),
        (Format::Xlsx, "汇总.xlsx"),
    ] {
        let path = dir.path().join(name);
        h.send(Command::Export {
            month,
            format: Some(format),
            path: path.clone(),
        });
        let msg = next_message(&h).unwrap();
        assert!(msg.contains("已导出"), "{msg}");
        let bytes = std::fs::read(&path).unwrap();
        assert!(bytes.len() > 1000, "{name} is {} bytes", bytes.len());
    }
    let charts = dir.path().join("图表");
    h.send(Command::Export {
        month,
        format: None,
        path: charts.clone(),
    });
    assert!(next_message(&h).unwrap().contains("张图表"));
    let pngs = std::fs::read_dir(&charts).unwrap().count();
    assert!(pngs >= 2, "{pngs} charts");

    // A slide saved from 演示模式.
    let slide = dir.path().join("slide.png");
    h.send(Command::SavePng {
        path: slide.clone(),
        width: 2,
        height: 1,
        rgba: vec![255, 0, 0, 255, 0, 0, 255, 255],
    });
    assert!(next_message(&h).unwrap().contains("已保存图片"));
    assert!(std::fs::read(&slide).unwrap().starts_with(b"\x89PNG"));

    // Writing into a folder that does not exist fails with a message; the app goes on.
    h.send(Command::Export {
        month,
        format: Some(Format::Docx),
        path: dir.path().join("no/such/folder/x.docx"),
    });
    assert!(next_message(&h).unwrap_err().contains("导出失败"));
}

fn next_snapshot(h: &desk::DeskHandle) -> Box<desk::Snapshot> {
    loop {
        match h.recv_timeout(Duration::from_secs(60)) {
            Some(Update::Snapshot(s)) => return s,
            Some(Update::Error(m)) => panic!("{m}"),
            Some(_) => continue,
            None => panic!("no snapshot from the desk"),
        }
    }
}

/// Restoring a backup made before the template changed brings the old template back: the
/// desk shows it and works under it (the template it exports is the backup's).
#[test]
fn a_restored_backup_brings_its_template_back() {
    let dir = tempfile::tempdir().unwrap();
    let h = desk::start(dir.path().join("ws"), None, || {});
    let before = next_snapshot(&h).template.expect("template");
    let backup = dir.path().join("备份.sqlite");
    h.send(Command::Backup(backup.clone()));
    assert!(next_message(&h).unwrap().contains("已备份"));

    let mut file = before.file.clone();
    file.county = "湘潭县".into();
    h.send(Command::SaveTemplate {
        file: Box::new(file),
        note: "换县".into(),
    });
    assert!(next_message(&h).unwrap().contains("已保存模板：湘潭县"));
    let changed = next_snapshot(&h).template.expect("template");
    assert_eq!(changed.file.county, "湘潭县");

    h.send(Command::Restore(backup));
    assert!(next_message(&h).unwrap().contains("已从"));
    let restored = next_snapshot(&h).template.expect("template");
    assert_eq!(restored.file.county, before.file.county);
    assert_eq!(restored.version, before.version);
    let exported = dir.path().join("模板.toml");
    h.send(Command::ExportTemplate(exported.clone()));
    next_message(&h).unwrap();
    let text = std::fs::read_to_string(&exported).unwrap();
    assert!(
        text.contains(&format!("county = \"{}\"", before.file.county)) && !text.contains("湘潭县"),
        "{text}"
    );
}

fn docx_text(path: &std::path::Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    xml.split('<')
        .filter_map(|p| p.split_once('>').map(|(_, t)| t))
        .collect()
}

/// The brief that leaves by the window is the brief that leaves by the command line: both
/// carry 上月通报问题整改情况 (督办) and the seed's figures, word for word the same.
#[test]
fn the_window_and_the_command_line_export_the_same_brief() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let h = desk::start(ws.clone(), None, || {});
    let month = YearMonth::new(2024, 10).unwrap();
    let from_window = dir.path().join("窗口.docx");
    h.send(Command::Export {
        month,
        format: Some(Format::Docx),
        path: from_window.clone(),
    });
    let msg = next_message(&h).unwrap();
    assert!(msg.contains("已导出"), "{msg}");
    drop(h);

    let from_cli = dir.path().join("命令行.docx");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dispatch-desk"))
        .args(["brief", "--month", "2024-10", "--workspace"])
        .arg(&ws)
        .arg("--out")
        .arg(&from_cli)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let window = docx_text(&from_window);
    assert!(window.contains("上月通报问题整改情况"), "{window}");
    assert!(window.contains("2024年9月通报的"), "{window}");
    assert!(window.contains("1804户4044人"), "{window}");
    assert_eq!(window, docx_text(&from_cli));
}
