//! Generated, real-shaped township sheets (DOMAIN.md, "What real sheets look like").
//!
//! Every workbook here is built in memory by one county-sheet builder ([`County`]), varied one
//! way at a time (header rows, 合计 row, column order, spellings, units…), and read through the
//! public import API; the assertions are what a clerk would see: the month table as CSV, the
//! month, and each problem with its file, sheet and cell. The legacy `.xls`/`.ods` samples are
//! committed under tests/data (made by tests/data/make_legacy.py, which CI never runs).

use std::path::PathBuf;

use dd_core::model::Level;
use dd_core::template::Template;
use dd_import::{ImportOutcome, Input, import};
use rust_xlsxwriter::{Format, Workbook};

// ---------------------------------------------------------------------------------------------
// Cells and grids

/// One cell of a generated sheet.
#[derive(Debug, Clone, PartialEq)]
enum V {
    E,
    T(String),
    N(f64),
    /// A fraction stored as a number under the `0.0%` format (0.955 shows as 95.5%).
    P(f64),
}

fn s(text: &str) -> V {
    V::T(text.to_string())
}

fn nums(values: &[f64]) -> Vec<V> {
    values.iter().map(|&x| V::N(x)).collect()
}

/// A sheet as rows of cells plus merged regions (top, left, bottom, right; zero-based).
#[derive(Debug, Clone, Default)]
struct Grid {
    name: String,
    cells: Vec<Vec<V>>,
    merges: Vec<(usize, usize, usize, usize)>,
}

impl Grid {
    fn put(&mut self, r: usize, c: usize, v: V) {
        if self.cells.len() <= r {
            self.cells.resize(r + 1, Vec::new());
        }
        if self.cells[r].len() <= c {
            self.cells[r].resize(c + 1, V::E);
        }
        self.cells[r][c] = v;
    }

    /// A value over a merged region (a plain cell when the region is one cell).
    fn span(&mut self, top: usize, left: usize, bottom: usize, right: usize, v: V) {
        self.put(top, left, v);
        if (top, left) != (bottom, right) {
            self.merges.push((top, left, bottom, right));
        }
    }

    fn covered(&self, r: usize, c: usize) -> bool {
        self.merges
            .iter()
            .any(|&(t, l, b, rr)| (t..=b).contains(&r) && (l..=rr).contains(&c))
    }

    /// The grid as Excel saves a CSV: merged regions keep their text in the first cell only.
    fn delimited(&self, sep: char) -> String {
        let field = |v: &V| match v {
            V::E => String::new(),
            V::N(x) => x.to_string(),
            V::P(x) => format!("{:.1}%", x * 100.0),
            V::T(t) if t.contains([sep, '"', '\n']) => format!("\"{}\"", t.replace('"', "\"\"")),
            V::T(t) => t.clone(),
        };
        let mut out = String::new();
        for row in &self.cells {
            let fields: Vec<String> = row.iter().map(field).collect();
            out.push_str(&fields.join(&sep.to_string()));
            out.push_str("\r\n");
        }
        out
    }
}

fn xlsx(sheets: &[Grid]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let percent = Format::new().set_num_format("0.0%");
    let plain = Format::new();
    for g in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&g.name).unwrap();
        for &(t, l, b, r) in &g.merges {
            let text = match &g.cells[t][l] {
                V::T(x) => x.clone(),
                other => panic!("merged cells hold text here, not {other:?}"),
            };
            ws.merge_range(t as u32, l as u16, b as u32, r as u16, &text, &plain)
                .unwrap();
        }
        for (r, row) in g.cells.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if g.covered(r, c) {
                    continue;
                }
                let (r, c) = (r as u32, c as u16);
                match v {
                    V::E => {}
                    V::T(x) => {
                        ws.write_string(r, c, x).unwrap();
                    }
                    V::N(x) => {
                        ws.write_number(r, c, *x).unwrap();
                    }
                    V::P(x) => {
                        ws.write_number_with_format(r, c, *x, &percent).unwrap();
                    }
                }
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

// ---------------------------------------------------------------------------------------------
// The county sheet builder

/// One indicator (or responsibility) column: header parts and one cell per township row.
#[derive(Debug, Clone)]
struct Column {
    group: String,
    name: String,
    unit: String,
    cells: Vec<V>,
}

fn col(group: &str, name: &str, unit: &str, cells: Vec<V>) -> Column {
    Column {
        group: group.into(),
        name: name.into(),
        unit: unit.into(),
        cells,
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Total {
    Top,
    Bottom,
    Absent,
}

/// A county sheet as townships send it. Rows from the top: merged title, the 填报单位/填报时间
/// line, 1–3 header rows (a group row merged over its columns, a name row, a （户） unit row),
/// an optional 甲/乙/1/2 code row, the 合计 row (top or bottom), one row per township, then
/// 备注 and the signature line.
#[derive(Debug, Clone)]
struct County {
    sheet: String,
    title: Option<String>,
    meta: Vec<String>,
    header_rows: usize,
    code_row: bool,
    serial: bool,
    /// Where the township column stands among the indicator columns (0 = before all).
    town_at: usize,
    town_header: String,
    total_label: String,
    towns: Vec<String>,
    cols: Vec<Column>,
    total: Total,
    /// 合计 cells written instead of the column sum, by index into `cols`.
    total_cells: Vec<(usize, V)>,
    footer: bool,
}

#[derive(Clone, Copy)]
enum Slot {
    Serial,
    Town,
    Value(usize),
}

impl County {
    fn slots(&self) -> Vec<Slot> {
        let mut slots = Vec::new();
        if self.serial {
            slots.push(Slot::Serial);
        }
        for i in 0..self.cols.len() {
            if i == self.town_at {
                slots.push(Slot::Town);
            }
            slots.push(Slot::Value(i));
        }
        if self.town_at >= self.cols.len() {
            slots.push(Slot::Town);
        }
        slots
    }

    /// The 合计 cell of a column: the sum when every cell is a number (rates are left blank).
    fn total_cell(&self, i: usize) -> V {
        if let Some((_, v)) = self.total_cells.iter().find(|(k, _)| *k == i) {
            return v.clone();
        }
        let c = &self.cols[i];
        let mut sum = 0.0;
        for v in &c.cells {
            match v {
                V::N(x) => sum += x,
                V::E => {}
                _ => return V::E,
            }
        }
        if c.unit == "%" { V::E } else { V::N(sum) }
    }

    fn grid(&self) -> Grid {
        let slots = self.slots();
        let width = slots.len();
        let mut g = Grid {
            name: self.sheet.clone(),
            ..Grid::default()
        };
        let mut r = 0;
        if let Some(title) = &self.title {
            g.span(r, 0, r, width - 1, s(title));
            r += 1;
        }
        if !self.meta.is_empty() {
            let step = (width / self.meta.len()).max(1);
            for (k, m) in self.meta.iter().enumerate() {
                g.put(r, k * step, s(m));
            }
            r += 1;
        }

        let h = self.header_rows;
        let bottom = r + h - 1;
        for (c, slot) in slots.iter().enumerate() {
            match *slot {
                Slot::Serial => g.span(r, c, bottom, c, s("序号")),
                Slot::Town => g.span(r, c, bottom, c, s(&self.town_header)),
                Slot::Value(i) => {
                    let col = &self.cols[i];
                    let labelled = if col.unit.is_empty() {
                        col.name.clone()
                    } else {
                        format!("{}（{}）", col.name, col.unit)
                    };
                    match h {
                        1 => g.put(r, c, s(&labelled)),
                        2 => g.put(r + 1, c, s(&labelled)),
                        3 => {
                            g.put(r + 1, c, s(&col.name));
                            if !col.unit.is_empty() {
                                g.put(r + 2, c, s(&format!("（{}）", col.unit)));
                            }
                        }
                        _ => panic!("1 to 3 header rows"),
                    }
                }
            }
        }
        if h >= 2 {
            // Group headers merged over each run of neighbouring columns of the same group.
            let mut c = 0;
            while c < width {
                let Slot::Value(i) = slots[c] else {
                    c += 1;
                    continue;
                };
                let group = &self.cols[i].group;
                let mut end = c;
                while let Some(&Slot::Value(j)) = slots.get(end + 1) {
                    if &self.cols[j].group != group {
                        break;
                    }
                    end += 1;
                }
                if !group.is_empty() {
                    g.span(r, c, r, end, s(group));
                }
                c = end + 1;
            }
        }
        r += h;

        if self.code_row {
            let (mut words, mut number) = (["甲", "乙"].into_iter(), 0);
            for (c, slot) in slots.iter().enumerate() {
                let code = match slot {
                    Slot::Value(_) => {
                        number += 1;
                        number.to_string()
                    }
                    _ => words.next().unwrap().to_string(),
                };
                g.put(r, c, s(&code));
            }
            r += 1;
        }

        let total_row = |g: &mut Grid, r: usize| {
            for (c, slot) in slots.iter().enumerate() {
                match *slot {
                    Slot::Serial => {}
                    Slot::Town => g.put(r, c, s(&self.total_label)),
                    Slot::Value(i) => g.put(r, c, self.total_cell(i)),
                }
            }
        };
        if self.total == Total::Top {
            total_row(&mut g, r);
            r += 1;
        }
        for (k, town) in self.towns.iter().enumerate() {
            for (c, slot) in slots.iter().enumerate() {
                let v = match *slot {
                    Slot::Serial => V::N(k as f64 + 1.0),
                    Slot::Town => s(town),
                    Slot::Value(i) => self.cols[i].cells[k].clone(),
                };
                g.put(r, c, v);
            }
            r += 1;
        }
        if self.total == Total::Bottom {
            total_row(&mut g, r);
            r += 1;
        }
        if self.footer {
            g.put(
                r + 1,
                0,
                s("备注：1.风险已消除户数+风险未消除户数=监测对象户数；2.数据截至本月25日。"),
            );
            g.put(
                r + 2,
                0,
                s("单位负责人：王某某　　填表人：李某某　　联系电话：0732-5621234"),
            );
        }
        g
    }

    fn xlsx(&self) -> Vec<u8> {
        xlsx(&[self.grid()])
    }

    fn input(&self, name: &str) -> Input {
        input(name, self.xlsx())
    }

    /// The sheet as `.xlsx` and as the UTF-8 `.csv` Excel saves from it (merges lost: a group
    /// header stands in the first of its columns only).
    fn xlsx_and_csv(&self, stem: &str) -> [Input; 2] {
        [
            self.input(&format!("{stem}.xlsx")),
            input(
                &format!("{stem}.csv"),
                self.grid().delimited(',').into_bytes(),
            ),
        ]
    }
}

const TITLE: &str = "湘乡市巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作月调度表（2024年10月）";
const TITLE_NO_MONTH: &str = "湘乡市巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作月调度表";
const FILER: &str = "填报单位：湘乡市乡村振兴局";
const FILED: &str = "填报时间：2024年10月25日";

/// The four townships of the standard sheet and their monitoring figures.
const TOWNS: [&str; 4] = ["毛田镇", "虞唐镇", "东山街道", "育塅乡"];
const MONITOR: [(&str, &str, [f64; 4]); 6] = [
    ("监测对象户数", "户", [136.0, 98.0, 45.0, 77.0]),
    ("监测对象人数", "人", [301.0, 220.0, 97.0, 160.0]),
    ("风险已消除户数", "户", [80.0, 60.0, 25.0, 41.0]),
    ("风险已消除人数", "人", [170.0, 130.0, 50.0, 88.0]),
    ("风险未消除户数", "户", [56.0, 38.0, 20.0, 36.0]),
    ("风险未消除人数", "人", [131.0, 90.0, 47.0, 72.0]),
];
/// What the standard sheet imports to, in any shape: template order of townships and columns.
const MONITOR_CSV: &str = "\
township,monitor_households,monitor_people,cleared_households,cleared_people,open_households,open_people
东山街道,45,97,25,50,20,47
虞唐镇,98,220,60,130,38,90
毛田镇,136,301,80,170,56,131
育塅乡,77,160,41,88,36,72
";

/// The standard county sheet: title, 填报 line, two header rows under a merged 监测帮扶 group,
/// 序号 and 乡镇 columns first, 合计 at the bottom, notes and signature. Its cells:
/// row 1 title, row 2 填报 line, rows 3–4 header, rows 5–8 townships, row 9 合计;
/// A 序号, B 乡镇（街道）, C…H the six indicators in MONITOR order.
fn county() -> County {
    County {
        sheet: "调度表".into(),
        title: Some(TITLE.into()),
        meta: vec![FILER.into(), FILED.into()],
        header_rows: 2,
        code_row: false,
        serial: true,
        town_at: 0,
        town_header: "乡镇（街道）".into(),
        total_label: "合计".into(),
        towns: TOWNS.iter().map(|t| t.to_string()).collect(),
        cols: MONITOR
            .iter()
            .map(|(name, unit, v)| col("监测帮扶", name, unit, nums(v)))
            .collect(),
        total: Total::Bottom,
        total_cells: Vec::new(),
        footer: true,
    }
}

/// The standard sheet for other townships, with balanced made-up figures (for files whose
/// rows must be told apart from the standard ones).
fn county_of(towns: &[&str]) -> County {
    let mut c = county();
    c.towns = towns.iter().map(|t| t.to_string()).collect();
    let k = (0..towns.len()).map(|k| k as f64);
    let h: Vec<f64> = k.clone().map(|k| 30.0 + 7.0 * k).collect();
    let ch: Vec<f64> = k.clone().map(|k| 20.0 + 3.0 * k).collect();
    let p: Vec<f64> = h.iter().zip(k).map(|(h, k)| 2.0 * h + k).collect();
    let cp: Vec<f64> = ch.iter().map(|c| 2.0 * c + 1.0).collect();
    let minus = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(a, b)| a - b).collect::<Vec<_>>();
    let columns = [
        h.clone(),
        p.clone(),
        ch.clone(),
        cp.clone(),
        minus(&h, &ch),
        minus(&p, &cp),
    ];
    for (c, v) in c.cols.iter_mut().zip(columns) {
        c.cells = nums(&v);
    }
    c
}

// ---------------------------------------------------------------------------------------------
// Importing and looking at the outcome

fn input(name: &str, bytes: Vec<u8>) -> Input {
    Input {
        name: name.into(),
        bytes,
    }
}

fn run(inputs: Vec<Input>) -> ImportOutcome {
    import(inputs, &Template::bundled())
}

fn csv(o: &ImportOutcome) -> String {
    o.table.to_csv(&Template::bundled())
}

fn month(o: &ImportOutcome) -> Option<String> {
    o.month.map(|m| m.to_string())
}

/// Problems at a level, as the clerk reads them (`FILE!SHEET!CELL: 级别：message`).
fn shown(o: &ImportOutcome, level: Level) -> Vec<String> {
    o.problems
        .iter()
        .filter(|p| p.level == level)
        .map(ToString::to_string)
        .collect()
}

/// Imports and checks that nothing was refused and nothing warned; returns the CSV.
fn clean_csv(inputs: Vec<Input>) -> (String, ImportOutcome) {
    let o = run(inputs);
    assert!(
        o.refused.is_empty(),
        "refused {:?}: {:#?}",
        o.refused,
        o.problems
    );
    let serious: Vec<String> = [Level::Error, Level::Warning]
        .into_iter()
        .flat_map(|l| shown(&o, l))
        .collect();
    assert!(serious.is_empty(), "{serious:#?}");
    (csv(&o), o)
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Imports `bad` together with the standard sheet and checks that `bad` is refused whole while
/// the standard sheet goes in: the table is exactly the standard one, and an error about `bad`
/// (in Chinese) contains every needle.
/// Returns that error as shown.
fn assert_refused(bad: Input, needles: &[&str]) -> String {
    let bad_name = bad.name.clone();
    let o = run(vec![bad, county().input("各乡镇汇总.xlsx")]);
    assert_eq!(o.refused, vec![bad_name.clone()], "{:#?}", o.problems);
    assert_eq!(o.accepted, vec!["各乡镇汇总.xlsx".to_string()]);
    assert_eq!(
        csv(&o),
        MONITOR_CSV,
        "nothing of {bad_name} may reach the table"
    );
    assert!(o.sources.iter().all(|p| p.file != bad_name));
    let errors: Vec<String> = o
        .problems
        .iter()
        .filter(|p| p.is_error() && p.file == bad_name)
        .map(ToString::to_string)
        .collect();
    assert!(!errors.is_empty(), "no error for {bad_name}");
    assert!(
        errors.iter().all(|e| has_cjk(&e[bad_name.len()..])),
        "{errors:#?}"
    );
    errors
        .iter()
        .find(|e| needles.iter().all(|n| e.contains(n)))
        .unwrap_or_else(|| panic!("no error of {bad_name} contains {needles:?}: {errors:#?}"))
        .clone()
}

// ---------------------------------------------------------------------------------------------
// Header shapes, 合计 rows, column order

/// How the indicator headers are worded.
#[derive(Debug, Clone, Copy)]
enum Names {
    /// 监测帮扶 over 监测对象户数（户）
    Full,
    /// 监测对象 over 户数（户）, or over 户数 then （户） with three header rows
    Short,
    /// 监测对象 over a bare 户数 (no unit anywhere)
    ShortBare,
}

fn named(mut c: County, names: Names) -> County {
    let groups = [
        "监测对象",
        "监测对象",
        "风险已消除",
        "风险已消除",
        "风险未消除",
        "风险未消除",
    ];
    if let Names::Short | Names::ShortBare = names {
        for (k, column) in c.cols.iter_mut().enumerate() {
            column.group = groups[k].into();
            column.name = if k % 2 == 0 { "户数" } else { "人数" }.into();
            if let Names::ShortBare = names {
                column.unit.clear();
            }
        }
    }
    c
}

#[test]
fn one_two_or_three_header_rows_with_title_codes_and_notes() {
    let shapes = [
        (1, Names::Full),
        (2, Names::Full),
        (2, Names::Short),
        (2, Names::ShortBare),
        (3, Names::Full),
        (3, Names::Short),
    ];
    for code_row in [false, true] {
        for (rows, names) in shapes {
            let mut c = named(county(), names);
            c.header_rows = rows;
            c.code_row = code_row;
            for file in c.xlsx_and_csv("调度表") {
                let case = format!(
                    "{} with {rows} header rows, {names:?} names, code row {code_row}",
                    file.name
                );
                let (got, o) = clean_csv(vec![file]);
                assert_eq!(got, MONITOR_CSV, "{case}");
                assert_eq!(month(&o).as_deref(), Some("2024-10"), "{case}");
            }
        }
    }
}

#[test]
fn total_row_at_top_at_bottom_or_absent() {
    for total in [Total::Top, Total::Bottom, Total::Absent] {
        for code_row in [false, true] {
            let mut c = county();
            c.total = total;
            c.code_row = code_row;
            for file in c.xlsx_and_csv("调度表") {
                let case = format!("{}: {total:?}, code row {code_row}", file.name);
                let (got, _) = clean_csv(vec![file]);
                assert_eq!(got, MONITOR_CSV, "{case}");
            }
        }
    }
}

#[test]
fn township_header_and_total_label_as_counties_write_them() {
    for header in ["乡镇", "单位名称", "镇（街道）", "乡镇（街道）名称"] {
        for label in ["全市合计", "合  计", "湘乡市", "总计"] {
            let mut c = county();
            c.total = Total::Top;
            c.town_header = header.into();
            c.total_label = label.into();
            let (got, _) = clean_csv(vec![c.input("调度表.xlsx")]);
            assert_eq!(got, MONITOR_CSV, "{header} / {label}");
        }
    }
    // 合计 merged across the 序号 and 乡镇 cells (row 9), still checked against the rows.
    let mut c = county();
    c.total_cells = vec![(0, V::N(357.0))];
    let mut g = c.grid();
    g.cells[8][1] = V::E;
    g.span(8, 0, 8, 1, s("合计"));
    let o = run(vec![input("调度表.xlsx", xlsx(&[g]))]);
    assert_eq!(csv(&o), MONITOR_CSV);
    assert_eq!(
        shown(&o, Level::Warning),
        vec![
            "调度表.xlsx!调度表!C9: 警告：合计行与各乡镇之和不符：\
             “监测对象户数”合计填357，各乡镇相加为356（相差1）"
                .to_string()
        ]
    );
}

#[test]
fn section_label_and_blank_rows_inside_the_table_are_skipped() {
    // Under the header (rows 3–4): a blank row, then a section label "一、乡镇（街道）".
    let mut g = county().grid();
    g.cells.insert(4, Vec::new());
    g.cells.insert(5, vec![V::E, s("一、乡镇（街道）")]);
    let (got, _) = clean_csv(vec![input("调度表.xlsx", xlsx(&[g]))]);
    assert_eq!(got, MONITOR_CSV);
}

#[test]
fn total_that_does_not_add_up_is_a_warning_at_its_cell() {
    // Bottom: 合计 on row 9. Top with a code row: header rows 3–4, codes row 5, 合计 row 6.
    for (total, code_row, cell) in [(Total::Bottom, false, "D9"), (Total::Top, true, "D6")] {
        let mut c = county();
        c.total = total;
        c.code_row = code_row;
        c.total_cells = vec![(1, V::N(779.0))];
        let o = run(vec![c.input("调度表.xlsx")]);
        assert!(
            o.refused.is_empty(),
            "a wrong total is a warning, not a refusal"
        );
        assert_eq!(csv(&o), MONITOR_CSV);
        assert_eq!(
            shown(&o, Level::Warning),
            vec![format!(
                "调度表.xlsx!调度表!{cell}: 警告：合计行与各乡镇之和不符：\
                 “监测对象人数”合计填779，各乡镇相加为778（相差1）"
            )]
        );
    }
}

#[test]
fn columns_in_any_order_township_anywhere_serial_or_not() {
    let orders: [([usize; 6], usize, bool); 5] = [
        ([5, 4, 3, 2, 1, 0], 0, true),
        ([2, 0, 4, 1, 5, 3], 3, false),
        ([1, 3, 5, 0, 2, 4], 6, true),
        ([0, 1, 2, 3, 4, 5], 2, false),
        ([4, 5, 0, 1, 2, 3], 1, true),
    ];
    for (order, town_at, serial) in orders {
        for rows in [1, 2, 3] {
            let mut c = county();
            c.cols = order.iter().map(|&i| c.cols[i].clone()).collect();
            c.town_at = town_at;
            c.serial = serial;
            c.header_rows = rows;
            for file in c.xlsx_and_csv("调度表") {
                let case = format!(
                    "{}: order {order:?}, township at {town_at}, serial {serial}, {rows} header rows",
                    file.name
                );
                let (got, _) = clean_csv(vec![file]);
                assert_eq!(got, MONITOR_CSV, "{case}");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Workbooks of several sheets, several files

/// 就业帮扶 figures of the four standard townships, written in a sheet of their own.
fn employment(towns: &[&str]) -> County {
    let mut c = county();
    c.sheet = "就业帮扶".into();
    c.towns = towns.iter().map(|t| t.to_string()).collect();
    // Figures by standard township; `towns` may list them in any order and spelling.
    let figures = |name: &str| match name.chars().next() {
        Some('毛') => [3.0, 45.0, 60.0, 1200.0],
        Some('虞') => [2.0, 30.0, 40.0, 950.0],
        Some('东') => [1.0, 12.0, 25.0, 610.0],
        Some('育') => [0.0, 0.0, 35.0, 800.0],
        _ => panic!("{name}"),
    };
    let names = [
        ("就业帮扶车间数", "个"),
        ("车间吸纳就业人数", "人"),
        ("公益性岗位数", "个"),
        ("稳定就业人数", "人"),
    ];
    c.cols = names
        .iter()
        .enumerate()
        .map(|(k, (name, unit))| {
            let cells = towns.iter().map(|t| V::N(figures(t)[k])).collect();
            col("就业帮扶", name, unit, cells)
        })
        .collect();
    c
}

const JOINED_CSV: &str = "\
township,monitor_households,monitor_people,cleared_households,cleared_people,open_households,open_people,workshops,workshop_jobs,public_posts,employed
东山街道,45,97,25,50,20,47,1,12,25,610
虞唐镇,98,220,60,130,38,90,2,30,40,950
毛田镇,136,301,80,170,56,131,3,45,60,1200
育塅乡,77,160,41,88,36,72,0,0,35,800
";

fn cover_sheet() -> Grid {
    let mut g = Grid {
        name: "填报说明".into(),
        ..Grid::default()
    };
    for (r, line) in [
        "填报说明",
        "1. 本表由各乡镇（街道）填报，每月25日前报市乡村振兴局。",
        "2. 金额单位为万元，比率填写百分数。",
        "3. 各工作表按乡镇（街道）逐行填写，不得合并单元格。",
    ]
    .iter()
    .enumerate()
    {
        g.put(r, 0, s(line));
    }
    g
}

#[test]
fn one_sheet_per_group_joined_on_township_with_or_without_cover_sheet() {
    let monitoring = county().grid();
    let mut jobs = employment(&["育塅乡", "东山办事处", "虞塘", "毛田"]);
    jobs.title = Some("就业帮扶情况（2024年10月）".into());
    let jobs = jobs.grid();
    for cover in [false, true] {
        let mut sheets = vec![monitoring.clone(), jobs.clone()];
        if cover {
            sheets.insert(0, cover_sheet());
        }
        let (got, o) = clean_csv(vec![input("月调度表.xlsx", xlsx(&sheets))]);
        assert_eq!(got, JOINED_CSV, "cover sheet {cover}");
        assert_eq!(month(&o).as_deref(), Some("2024-10"));
        // Each value remembers its sheet and cell: 毛田 is the 4th township row of 就业帮扶.
        let place = o.sources.get("毛田镇", "employed").unwrap();
        assert_eq!(place.describe(), "月调度表.xlsx!就业帮扶!F8");
    }
}

/// A per-township file: the standard sheet cut down to one township row, no 合计.
fn township_file(label: &str, k: usize) -> County {
    let mut c = county();
    c.towns = vec![label.to_string()];
    c.total = Total::Absent;
    for column in &mut c.cols {
        column.cells = vec![column.cells[k].clone()];
    }
    c
}

#[test]
fn per_township_files_are_merged() {
    // Spelled as they come: short name, 人民政府, 办事处, the other 塘, trailing spaces.
    let labels = ["毛田", "虞塘镇", "东山办事处", "育塅乡   "];
    let inputs = labels
        .iter()
        .enumerate()
        .map(|(k, l)| township_file(l, k).input(&format!("{}_2024年10月.xlsx", TOWNS[k])))
        .collect();
    let (got, o) = clean_csv(inputs);
    assert_eq!(got, MONITOR_CSV);
    assert_eq!(o.accepted.len(), 4);
    assert_eq!(month(&o).as_deref(), Some("2024-10"));
}

#[test]
fn same_township_twice_with_different_values_is_refused_naming_both_places() {
    let first = township_file("毛田镇", 0);
    let mut second = township_file("毛田镇人民政府", 0);
    second.cols[0].cells = vec![V::N(140.0)];
    let o = run(vec![
        first.input("毛田镇_a.xlsx"),
        second.input("毛田镇_b.xlsx"),
    ]);
    assert_eq!(o.refused, vec!["毛田镇_b.xlsx".to_string()]);
    assert_eq!(o.table.value("毛田镇", "monitor_households"), Some(136.0));
    assert_eq!(
        shown(&o, Level::Error),
        vec![
            "毛田镇_b.xlsx!调度表!C5: 错误：毛田镇的“监测对象户数”出现两次且不一致：\
             毛田镇_a.xlsx!调度表!C5 为136，毛田镇_b.xlsx!调度表!C5 为140"
                .to_string()
        ]
    );

    // The same file sent twice is no conflict.
    let (got, _) = clean_csv(vec![
        first.input("毛田镇_a.xlsx"),
        first.input("毛田镇_重发.xlsx"),
    ]);
    assert_eq!(
        got,
        "township,monitor_households,monitor_people,cleared_households,cleared_people,open_households,open_people\n\
         毛田镇,136,301,80,170,56,131\n"
    );
}

// ---------------------------------------------------------------------------------------------
// Values as clerks write them

#[test]
fn percentages_as_text_as_percent_format_or_as_plain_numbers() {
    let mut c = county();
    c.towns = vec!["毛田镇".into(), "虞唐镇".into(), "东山街道".into()];
    c.cols = vec![
        col(
            "五大责任",
            "驻村工作队在岗率",
            "%",
            vec![s("95.5%"), V::P(0.955), V::N(95.5)],
        ),
        col(
            "五大责任",
            "帮扶干部走访率",
            "%",
            vec![V::P(0.87), s("100%"), V::N(92.0)],
        ),
    ];
    let (got, _) = clean_csv(vec![c.input("调度表.xlsx")]);
    assert_eq!(
        got,
        "township,team_on_duty_rate,cadre_visit_rate\n\
         东山街道,95.5,92.0\n\
         虞唐镇,95.5,100.0\n\
         毛田镇,95.5,87.0\n"
    );

    // A rate column of plain fractions (no % anywhere) is read as fractions too.
    c.cols.truncate(1);
    c.cols[0].cells = nums(&[0.955, 0.9, 1.0]);
    let (got, _) = clean_csv(vec![c.input("调度表.xlsx")]);
    assert_eq!(
        got,
        "township,team_on_duty_rate\n东山街道,100.0\n虞唐镇,90.0\n毛田镇,95.5\n"
    );
}

#[test]
fn money_in_yuan_becomes_wan_yuan() {
    let mut c = county();
    c.towns = vec!["毛田镇".into(), "虞唐镇".into()];
    c.meta = vec![FILER.into(), FILED.into(), "单位：户、人、元".into()];
    c.cols = vec![
        col(
            "产业帮扶",
            "衔接资金计划",
            "元",
            nums(&[500000.0, 1250000.0]),
        ),
        col("产业帮扶", "衔接资金已拨付", "万元", nums(&[32.5, 100.0])),
        // No unit in the header: the sheet's "单位：户、人、元" applies.
        col(
            "产业帮扶",
            "重点帮扶资金已发放",
            "",
            nums(&[150000.0, 67500.0]),
        ),
    ];
    // Two header rows: 衔接资金计划（元）; three: 衔接资金计划 over a （元） unit row.
    for (rows, header_bottom) in [(2, 4), (3, 5)] {
        c.header_rows = rows;
        let (got, o) = clean_csv(vec![c.input("调度表.xlsx")]);
        assert_eq!(
            got,
            "township,fund_planned,fund_paid,support_paid\n\
             虞唐镇,125.0,100.0,6.75\n\
             毛田镇,50.0,32.5,15.0\n",
            "{rows} header rows"
        );
        let notice = format!(
            "调度表.xlsx!调度表!C{header_bottom}: 提示：“衔接资金计划”按元填报，已换算为万元"
        );
        let notices = shown(&o, Level::Notice);
        assert!(notices.contains(&notice), "{notices:#?}");
    }
}

#[test]
fn township_spellings_resolve_to_the_canonical_names() {
    let mut c = county();
    c.towns = ["毛田镇人民政府", "虞塘镇", "东山办事处", "育塅乡  "]
        .iter()
        .map(|t| t.to_string())
        .collect();
    let (got, _) = clean_csv(vec![c.input("调度表.xlsx")]);
    assert_eq!(got, MONITOR_CSV);
    c.towns = [
        "毛田镇（盖章）",
        "虞唐镇\u{3000}",
        " 东山街道",
        "湘乡市育塅乡",
    ]
    .iter()
    .map(|t| t.to_string())
    .collect();
    let (got, _) = clean_csv(vec![c.input("调度表.xlsx")]);
    assert_eq!(got, MONITOR_CSV);
}

#[test]
fn numbers_written_as_text_full_width_thousands_dashes_and_blanks() {
    let mut c = employment(&["毛田镇", "虞唐镇"]);
    c.cols[0].cells = vec![s("１２"), s("/")];
    c.cols[1].cells = vec![V::E, s("１２０")];
    c.cols[2].cells = vec![s("—"), s(" 36 ")];
    c.cols[3].cells = vec![s("1,804"), s("2,315")];
    c.total_cells = vec![(0, s("１２")), (1, s("120")), (2, s("36")), (3, s("4,119"))];
    let (got, _) = clean_csv(vec![c.input("调度表.xlsx")]);
    // Blank is "not reported" (an empty field), unlike — and / which are zero.
    assert_eq!(
        got,
        "township,workshops,workshop_jobs,public_posts,employed\n\
         虞唐镇,0,120,36,2315\n\
         毛田镇,12,,0,1804\n"
    );
}

// ---------------------------------------------------------------------------------------------
// The month

/// (title line, lines above the header, file name, expected month)
type MonthCase<'a> = (Option<&'a str>, &'a [&'a str], &'a str, Option<&'a str>);

#[test]
fn month_from_title_filing_date_or_file_name() {
    let cases: [MonthCase; 9] = [
        (
            Some(TITLE),
            &[FILER, FILED],
            "乡镇报表.xlsx",
            Some("2024-10"),
        ),
        // Filed early in the next month: the title still says which month it is.
        (
            Some(TITLE),
            &[FILER, "填报时间：2024年11月2日"],
            "乡镇报表.xlsx",
            Some("2024-10"),
        ),
        (
            Some(TITLE_NO_MONTH),
            &[FILER, FILED],
            "乡镇报表.xlsx",
            Some("2024-10"),
        ),
        (
            Some(TITLE_NO_MONTH),
            &[FILER],
            "湘乡市月调度_202410.xlsx",
            Some("2024-10"),
        ),
        (
            Some(TITLE_NO_MONTH),
            &[FILER],
            "湘乡市月调度2024.10.xlsx",
            Some("2024-10"),
        ),
        (
            Some(TITLE_NO_MONTH),
            &[FILER],
            "2024-10湘乡市月调度.xlsx",
            Some("2024-10"),
        ),
        (None, &[], "湘乡市月调度_202409.xlsx", Some("2024-09")),
        // 10月 in the title, the year only in the file name.
        (
            Some("湘乡市巩固衔接工作10月调度表"),
            &[FILER],
            "2024年月调度.xlsx",
            Some("2024-10"),
        ),
        (Some(TITLE_NO_MONTH), &[FILER], "乡镇报表.xlsx", None),
    ];
    for (title, meta, file, want) in cases {
        let mut c = county();
        c.title = title.map(str::to_string);
        c.meta = meta.iter().map(|m| m.to_string()).collect();
        let (got, o) = clean_csv(vec![c.input(file)]);
        assert_eq!(got, MONITOR_CSV, "{title:?} {meta:?} {file}");
        assert_eq!(month(&o).as_deref(), want, "{title:?} {meta:?} {file}");
    }
}

// ---------------------------------------------------------------------------------------------
// Bad inputs: refused whole, with the place and the reason in Chinese

#[test]
fn unknown_township_is_refused_naming_cell_and_name() {
    let bad = county_of(&["金石镇", "东风镇", "白田镇"]);
    let e = assert_refused(bad.input("bad_未知乡镇.xlsx"), &["东风镇"]);
    assert_eq!(
        e,
        "bad_未知乡镇.xlsx!调度表!B6: 错误：“东风镇”不是湘乡市的乡镇（街道），\
         请核对名称（模板中没有这个单位）"
    );
}

#[test]
fn text_in_a_number_cell_is_refused_naming_cell_and_text() {
    // Every township but the standard four, 合计 on top under a code row: title 1, 填报 2,
    // header 3–4, codes 5, 合计 6, townships from row 7: the 11th is on row 17. Columns:
    // A 序号, B 乡镇, C… the indicators, so G is the fifth one, 风险未消除户数.
    let t = Template::bundled();
    let others: Vec<&str> = t
        .townships
        .iter()
        .map(|d| d.name.as_str())
        .filter(|n| !TOWNS.contains(n))
        .collect();
    let mut bad = county_of(&others);
    bad.total = Total::Top;
    bad.code_row = true;
    bad.cols[4].cells[10] = s("待核实");
    let e = assert_refused(bad.input("bad_非数字.xlsx"), &[]);
    assert_eq!(
        e,
        "bad_非数字.xlsx!调度表!G17: 错误：“风险未消除户数”应填数字，实际为文字“待核实”"
    );
}

#[test]
fn percent_in_a_count_column_is_refused() {
    let mut bad = county_of(&["金石镇", "白田镇"]);
    bad.cols[0].cells[1] = s("12%");
    let e = assert_refused(bad.input("bad_百分数.xlsx"), &[]);
    assert_eq!(
        e,
        "bad_百分数.xlsx!调度表!C6: 错误：“监测对象户数”应填数量，实际填了百分数“12%”"
    );
}

#[test]
fn two_columns_for_one_indicator_are_refused_naming_both() {
    let mut bad = county_of(&["金石镇", "白田镇"]);
    let again = bad.cols[0].cells.clone();
    bad.cols.push(col("监测帮扶", "监测户数", "户", again));
    let e = assert_refused(bad.input("bad_重复列.xlsx"), &[]);
    assert_eq!(
        e,
        "bad_重复列.xlsx!调度表!I4: 错误：C列“监测帮扶/监测对象户数（户）”和\
         I列“监测帮扶/监测户数（户）”都对应“监测对象户数”，无法确定用哪一列，请删去一列"
    );
}

/// A zip archive whose entries are stored (no compression): enough to look like an Office file.
fn stored_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, data) in entries {
        out.extend_from_slice(b"PK\x03\x04\x14\x00\x00\x00\x00\x00\x00\x00\x00\x00");
        out.extend_from_slice(&0u32.to_le_bytes()); // crc (not checked by a sniffer)
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
    }
    out
}

#[test]
fn unreadable_files_are_refused_with_a_reason() {
    let mut truncated = county_of(&["金石镇", "白田镇"]).xlsx();
    truncated.truncate(truncated.len() / 2);
    let mut noise = Vec::new();
    let mut x: u32 = 0x2024_1025;
    for _ in 0..4096 {
        x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        noise.push((x >> 24) as u8);
    }
    let docx = stored_zip(&[
        ("[Content_Types].xml", b"<Types/>"),
        (
            "word/document.xml",
            "<w:document>月调度</w:document>".as_bytes(),
        ),
    ]);
    let mut encrypted = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    encrypted.resize(1024, 0);
    encrypted.extend(
        "EncryptedInfo\0EncryptedPackage\0"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    encrypted.resize(4096, 0);
    let mut broken_xls = encrypted[..8].to_vec();
    broken_xls.resize(4096, 0);

    let cases: [(&str, Vec<u8>, &str); 6] = [
        ("bad_空.xlsx", Vec::new(), "文件为空"),
        ("bad_乱码.xlsx", noise, "无法识别的文件格式"),
        ("bad_截断.xlsx", truncated, "文件已损坏或不完整"),
        ("bad_文档.xlsx", docx, "这是 Word 文档"),
        ("bad_加密.xlsx", encrypted, "文件设有打开密码"),
        ("bad_旧版.xls", broken_xls, "文件已损坏"),
    ];
    for (name, bytes, why) in cases {
        let e = assert_refused(input(name, bytes), &[why]);
        assert!(e.starts_with(&format!("{name}: 错误：")), "{e}");
    }
}

// ---------------------------------------------------------------------------------------------
// 五大责任 written as words

fn responsibilities(cells: [[&str; 5]; 4]) -> County {
    let mut c = county();
    c.total = Total::Absent;
    let names = [
        "市级领导联点",
        "乡镇（街道）主体",
        "行业部门监管",
        "驻村包村",
        "结对包户",
    ];
    c.cols = names
        .iter()
        .enumerate()
        .map(|(k, name)| {
            let cells = cells
                .iter()
                .map(|row| if row[k].is_empty() { V::E } else { s(row[k]) })
                .collect();
            col("五大责任落实情况", name, "", cells)
        })
        .collect();
    c
}

#[test]
fn responsibility_words_and_marks_become_status_codes() {
    let c = responsibilities([
        ["已落实", "√", "是", "部分落实", "未落实"],
        ["部分落实", "×", "否", "已落实", "√"],
        ["未落实", "是", "√", "×", ""],
        ["√", "已落实", "部分落实", "否", "是"],
    ]);
    let (got, _) = clean_csv(vec![c.input("五大责任.xlsx")]);
    assert_eq!(
        got,
        "township,r1_leader,r2_township,r3_department,r4_village_team,r5_household_pairing\n\
         东山街道,not_done,done,done,not_done,\n\
         虞唐镇,partial,not_done,not_done,done,done\n\
         毛田镇,done,done,done,partial,not_done\n\
         育塅乡,done,done,partial,not_done,done\n"
    );
}

#[test]
fn unknown_responsibility_word_is_refused_naming_the_cell() {
    // 毛田镇 is on row 5; columns A 序号, B 乡镇, C…G the five responsibilities: F is 驻村包村.
    let c = responsibilities([
        ["已落实", "√", "是", "待定", "未落实"],
        ["部分落实", "×", "否", "已落实", "√"],
        ["未落实", "是", "√", "×", ""],
        ["√", "已落实", "部分落实", "否", "是"],
    ]);
    let o = run(vec![c.input("五大责任.xlsx")]);
    assert_eq!(o.refused, vec!["五大责任.xlsx".to_string()]);
    assert_eq!(o.table.height(), 0);
    assert_eq!(
        shown(&o, Level::Error),
        vec![
            "五大责任.xlsx!调度表!F5: 错误：“驻村包村”应填 已落实/部分落实/未落实\
             （或 √/×、是/否），实际为“待定”"
                .to_string()
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// CSV as Excel and WPS save it

#[test]
fn csv_in_gbk_utf8_with_bom_and_utf16_tab_separated() {
    let g = county().grid();
    let comma = g.delimited(',');
    let (gbk, _, unmappable) = encoding_rs::GB18030.encode(&comma);
    assert!(!unmappable);
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(comma.as_bytes());
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(g.delimited('\t').encode_utf16().flat_map(u16::to_le_bytes));
    for (name, bytes) in [
        ("监测_gbk.csv", gbk.into_owned()),
        ("监测_utf8.csv", bom),
        ("监测_utf16.csv", utf16),
    ] {
        // The GBK and UTF-16 bytes must not happen to be valid UTF-8, or this tests nothing.
        assert!(std::str::from_utf8(&bytes).is_err() || name.contains("utf8"));
        let (got, o) = clean_csv(vec![input(name, bytes)]);
        assert_eq!(got, MONITOR_CSV, "{name}");
        assert_eq!(month(&o).as_deref(), Some("2024-10"), "{name}");
    }
}

#[test]
fn csv_total_mismatch_names_the_cell() {
    let mut c = county();
    c.total_cells = vec![(4, V::N(151.0))];
    let text = c.grid().delimited(',');
    let (gbk, _, _) = encoding_rs::GB18030.encode(&text);
    let o = run(vec![input("监测_gbk.csv", gbk.into_owned())]);
    assert_eq!(
        shown(&o, Level::Warning),
        vec![
            "监测_gbk.csv!G9: 警告：合计行与各乡镇之和不符：\
             “风险未消除户数”合计填151，各乡镇相加为150（相差1）"
                .to_string()
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Legacy formats (committed samples, see tests/data/make_legacy.py)

const LEGACY_CSV: &str = "\
township,monitor_households,monitor_people,cleared_households,cleared_people,open_households,open_people,team_on_duty_rate
东山街道,45,97,25,50,20,47,90.0
虞唐镇,98,220,60,130,38,90,100.0
毛田镇,136,301,80,170,56,131,95.5
育塅乡,77,160,41,88,36,72,87.5
";

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

#[test]
fn legacy_xls_and_ods_with_merged_headers_and_total() {
    for file in ["legacy_202410.xls", "legacy_202410.ods"] {
        let bytes = std::fs::read(data_dir().join(file)).unwrap();
        let (got, o) = clean_csv(vec![input(file, bytes)]);
        assert_eq!(got, LEGACY_CSV, "{file}");
        assert_eq!(month(&o).as_deref(), Some("2024-10"), "{file}");
    }
}

#[test]
fn legacy_xls_total_mismatch_is_a_warning_at_its_cell() {
    let file = "legacy_bad_total_202410.xls";
    let bytes = std::fs::read(data_dir().join(file)).unwrap();
    let o = run(vec![input(file, bytes)]);
    assert!(o.refused.is_empty());
    assert_eq!(csv(&o), LEGACY_CSV);
    assert_eq!(
        shown(&o, Level::Warning),
        vec![
            "legacy_bad_total_202410.xls!10月!C5: 警告：合计行与各乡镇之和不符：\
             “监测对象户数”合计填357，各乡镇相加为356（相差1）"
                .to_string()
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// The command line, on files on disk

#[test]
fn cli_inspect_merges_a_folder_and_reports_problems_by_place() {
    let exe = env!("CARGO_BIN_EXE_dispatch-desk");
    let out = std::process::Command::new(exe)
        .arg("inspect")
        .arg(data_dir())
        .output()
        .unwrap();
    // Three files of the same figures: identical values join without conflict; the warning
    // of the one with a wrong 合计 goes to stderr with its place, and the exit code stays 0.
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{stderr}");
    assert_eq!(String::from_utf8(out.stdout).unwrap(), LEGACY_CSV);
    assert!(
        stderr.contains("legacy_bad_total_202410.xls!10月!C5: 警告：合计行与各乡镇之和不符"),
        "{stderr}"
    );

    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("东风镇.xlsx");
    std::fs::write(&bad, county_of(&["金石镇", "东风镇"]).xlsx()).unwrap();
    let out = std::process::Command::new(exe)
        .arg("inspect")
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "township\n",
        "a refused file puts nothing in the table"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(&format!(
            "{}!调度表!B6: 错误：“东风镇”不是湘乡市的乡镇（街道）",
            bad.display()
        )),
        "{stderr}"
    );
}
