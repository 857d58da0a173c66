//! Writes the national-scale sheet (38,000 units × 33 indicators, government layout) and
//! its template into a folder, for `scripts/bench-vs-polars.sh`:
//! `cargo run --release --example national_sheet -- DIR` → DIR/全国月调度表2024年10月.xlsx,
//! DIR/national.toml. A second argument sets the number of units (`-- DIR 2000`).

#[path = "../benches/support/government_sheet.rs"]
mod government_sheet;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("用法：national_sheet 输出文件夹");
        return ExitCode::from(2);
    };
    let rows = match std::env::args().nth(2).map(|n| n.parse::<usize>()) {
        None => government_sheet::NATIONAL_ROWS,
        Some(Ok(n)) if n > 0 => n,
        Some(_) => {
            eprintln!("单位数须是正整数");
            return ExitCode::from(2);
        }
    };
    let (_, template, sheet) = government_sheet::national_of(rows);
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes);
    if let Err(e) = std::fs::create_dir_all(&dir)
        .and_then(|()| write("全国月调度表2024年10月.xlsx", &sheet))
        .and_then(|()| write("national.toml", template.as_bytes()))
    {
        eprintln!("无法写出：{e}");
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
