//! Generated workbooks for the shape tests, and `inspect` run on them as a clerk would:
//! the files in a fresh folder, named as townships name them.

#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

use rust_xlsxwriter::{Format, Workbook};

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum C {
    E,
    T(String),
    N(f64),
}

pub fn s(text: &str) -> C {
    C::T(text.to_string())
}

pub fn n(x: f64) -> C {
    C::N(x)
}

/// A sheet: rows of cells and merged regions (top, left, bottom, right; zero-based).
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    pub cells: Vec<Vec<C>>,
    pub merges: Vec<(usize, usize, usize, usize)>,
}

impl Sheet {
    pub fn new(name: &str) -> Sheet {
        Sheet {
            name: name.into(),
            cells: Vec::new(),
            merges: Vec::new(),
        }
    }

    pub fn put(&mut self, r: usize, c: usize, v: C) {
        if self.cells.len() <= r {
            self.cells.resize(r + 1, Vec::new());
        }
        if self.cells[r].len() <= c {
            self.cells[r].resize(c + 1, C::E);
        }
        self.cells[r][c] = v;
    }

    pub fn get(&self, r: usize, c: usize) -> C {
        self.cells
            .get(r)
            .and_then(|row| row.get(c))
            .cloned()
            .unwrap_or(C::E)
    }

    /// Text over a merged region.
    pub fn span(&mut self, top: usize, left: usize, bottom: usize, right: usize, v: C) {
        self.put(top, left, v);
        self.merges.push((top, left, bottom, right));
    }

    fn covered(&self, r: usize, c: usize) -> bool {
        self.merges
            .iter()
            .any(|&(t, l, b, rr)| (t..=b).contains(&r) && (l..=rr).contains(&c) && (r, c) != (t, l))
    }
}

/// A workbook of sheets, written as .xlsx.
#[derive(Debug, Clone)]
pub struct Book {
    pub sheets: Vec<Sheet>,
}

impl Book {
    pub fn of(sheets: Vec<Sheet>) -> Book {
        Book { sheets }
    }

    pub fn xlsx(&self) -> Vec<u8> {
        let mut wb = Workbook::new();
        let plain = Format::new();
        for g in &self.sheets {
            let ws = wb.add_worksheet();
            ws.set_name(&g.name).unwrap();
            for &(t, l, b, r) in &g.merges {
                let text = match g.get(t, l) {
                    C::T(x) => x,
                    C::N(x) => x.to_string(),
                    C::E => String::new(),
                };
                ws.merge_range(t as u32, l as u16, b as u32, r as u16, &text, &plain)
                    .unwrap();
            }
            for (r, row) in g.cells.iter().enumerate() {
                for (c, v) in row.iter().enumerate() {
                    if g.covered(r, c) || g.merges.iter().any(|m| (m.0, m.1) == (r, c)) {
                        continue;
                    }
                    match v {
                        C::E => {}
                        C::T(x) => {
                            ws.write_string(r as u32, c as u16, x).unwrap();
                        }
                        C::N(x) => {
                            ws.write_number(r as u32, c as u16, *x).unwrap();
                        }
                    }
                }
            }
        }
        wb.save_to_buffer().unwrap()
    }

    /// The bundled sample template with more TOML appended (indicators, measures).
    pub fn sample_template_with(extra: &str) -> String {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/templates/sample.toml");
        let mut text = std::fs::read_to_string(path).unwrap();
        text.push_str(extra);
        text
    }
}

/// What `inspect` printed and its exit code.
#[derive(Debug)]
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `dispatch-desk inspect FILES… ARGS…` in a fresh folder holding the files.
pub fn inspect(files: &[(&str, Book)], args: &[&str]) -> Out {
    inspect_with_template(files, args, "")
}

/// `inspect` with a template (TOML text; empty for the bundled one).
pub fn inspect_with_template(files: &[(&str, Book)], args: &[&str], template: &str) -> Out {
    let raw: Vec<(&str, Vec<u8>)> = files.iter().map(|(n, b)| (*n, b.xlsx())).collect();
    inspect_bytes(&raw, args, template)
}

/// `inspect` on files given as bytes (crafted or committed files).
pub fn inspect_bytes(files: &[(&str, Vec<u8>)], args: &[&str], template: &str) -> Out {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(path, bytes).unwrap();
    }
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dispatch-desk"));
    cmd.current_dir(dir.path()).arg("inspect");
    for (name, _) in files {
        cmd.arg(name);
    }
    if !template.is_empty() {
        std::fs::write(dir.path().join("模板.toml"), template).unwrap();
        cmd.arg("--template").arg("模板.toml");
    }
    let out = cmd.args(args).output().unwrap();
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}
