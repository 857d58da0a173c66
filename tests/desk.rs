//! The desk the app talks to, without a window: the 导出 menu's work and saving a slide.

use std::time::Duration;

use dispatch_desk::desk::{self, Command, Update};
use dispatch_desk::export::Format;
use dispatch_desk::model::YearMonth;

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
