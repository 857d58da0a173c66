//! Analysis of one month and of 24 stored months; opening a month in the desk; storing a month.
//! Budgets: 24 months analysed in < 10 ms; a month opened in the desk with 24 months stored
//! (SQLite → history → analysis → view model) in < 20 ms.

use criterion::{Criterion, criterion_group, criterion_main};
use dd_analysis::Analysis;
use dd_app::desk::Desk;
use dd_core::model::{History, MonthTable, YearMonth};
use dd_core::template::{DEFAULT_TEMPLATE, Template};
use dd_import::{Input, import};
use dd_store::NewMonth;

fn samples(t: &Template) -> Vec<MonthTable> {
    dd_office::samples::SAMPLES
        .iter()
        .map(|(name, bytes)| {
            import(
                vec![Input {
                    name: (*name).to_string(),
                    bytes: bytes.to_vec(),
                }],
                t,
            )
            .table
        })
        .collect()
}

/// 24 months: the three sample months repeated over 2023-11 … 2025-10.
fn months(tables: &[MonthTable]) -> Vec<(YearMonth, MonthTable)> {
    let mut out = Vec::new();
    let mut m = YearMonth::new(2023, 11).expect("month");
    for i in 0..24 {
        out.push((m, tables[i % 3].clone()));
        m = if m.month == 12 {
            YearMonth::new(m.year + 1, 1).expect("month")
        } else {
            YearMonth::new(m.year, m.month + 1).expect("month")
        };
    }
    out
}

/// A month stored whole, as one arrival.
fn whole_month(month: YearMonth, table: &MonthTable) -> NewMonth {
    NewMonth {
        month,
        table: table.clone(),
        places: Default::default(),
        files: Vec::new(),
        problems: Vec::new(),
        template_text: DEFAULT_TEMPLATE.to_string(),
        sample: false,
        arrived: Vec::new(),
        villages: Default::default(),
    }
}

fn bench(c: &mut Criterion) {
    let t = Template::bundled();
    let tables = samples(&t);
    let months = months(&tables);
    let refs: Vec<(YearMonth, &MonthTable)> = months.iter().map(|(m, t)| (*m, t)).collect();
    let all = History::from_tables(&refs, &t).expect("history");
    let two = History::from_tables(&refs[22..], &t).expect("history");
    let last = refs[23].0;

    c.bench_function("analyze_one_month", |b| {
        b.iter(|| {
            let a = Analysis::new(two.clone(), &t).expect("analysis");
            std::hint::black_box(a.month(last).expect("month"))
        })
    });
    c.bench_function("analyze_24_months", |b| {
        b.iter(|| {
            let a = Analysis::new(all.clone(), &t).expect("analysis");
            for (m, _) in &refs {
                std::hint::black_box(a.month(*m).expect("month"));
            }
            for id in ["monitor_households", "fund_paid_rate", "employment_rate"] {
                std::hint::black_box(a.county_series(id));
            }
        })
    });

    let dir = tempfile::tempdir().expect("temp dir");
    {
        let mut ws = dd_office::open_workspace(dir.path()).expect("workspace");
        ws.remove_samples().expect("samples removed");
        for (m, table) in &refs {
            ws.import(whole_month(*m, table)).expect("stored");
        }
    }
    let mut desk = Desk::open(dir.path().to_path_buf()).expect("desk");
    c.bench_function("desk_open_month_of_24", |b| {
        b.iter(|| {
            desk.reload().expect("history");
            std::hint::black_box(desk.build_snapshot(Some(last)).expect("view"))
        })
    });

    let dir = tempfile::tempdir().expect("temp dir");
    let mut ws = dd_office::open_workspace(dir.path()).expect("workspace");
    let oct = YearMonth::new(2024, 10).expect("month");
    c.bench_function("store_month_in_workspace", |b| {
        b.iter(|| ws.import(whole_month(oct, &tables[2])).expect("stored"))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
