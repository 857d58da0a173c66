//! The brief's tables, each declared as a list of columns: a title, a relative width and
//! how a row fills its cell. The ranking (short in the body, full in 附件 and the workbook),
//! the 五大责任 matrix, the county figures, the month's data and the import problems.

use super::compose::Ctx;
use super::model::{Cell, Column, NumberFormat, Table};
use super::words::{number_format, percent};
use dd_analysis::{KeyVillageRow, KeyVillages, Progress, Rate, Total};
use dd_core::model::{Light, Problem, Status};
use dd_core::palette;
use dd_core::template::Unit;

/// A column: its title, relative width and how a row of `R` fills it.
struct Col<'a, R> {
    title: String,
    width: f32,
    cell: Box<dyn Fn(&R) -> Cell + 'a>,
}

fn col<'a, R>(title: impl Into<String>, width: f32, cell: impl Fn(&R) -> Cell + 'a) -> Col<'a, R> {
    Col {
        title: title.into(),
        width,
        cell: Box::new(cell),
    }
}

/// A table of `rows`, one cell a column; frozen columns, size and note left plain.
fn table<R>(title: String, cols: Vec<Col<R>>, rows: impl IntoIterator<Item = R>) -> Table {
    Table {
        title,
        rows: rows
            .into_iter()
            .map(|r| cols.iter().map(|c| (c.cell)(&r)).collect())
            .collect(),
        columns: cols
            .into_iter()
            .map(|c| Column {
                title: c.title,
                width: c.width,
            })
            .collect(),
        frozen_columns: 0,
        small: false,
        note: None,
    }
}

/// Below a target (a missing number is not).
fn below(v: Option<f64>, target: Option<f64>) -> bool {
    v.zip(target).is_some_and(|(v, t)| v < t - 1e-9)
}

fn light_cell(l: Option<Light>) -> Cell {
    match l {
        Some(l) => Cell::text(l.label()).tinted(palette::light(l)),
        None => Cell::text("—"),
    }
}

fn status_cell(s: Option<Status>) -> Cell {
    match s {
        Some(s) => Cell::text(s.label()).tinted(palette::status(Some(s))),
        None => Cell::text("—"),
    }
}

fn rank_cell(rank: Option<usize>) -> Cell {
    Cell::number(rank.map(|r| r as f64), NumberFormat::Integer)
}

/// The ranking: short for the body (score, light, change, the 序时进度 measure against its
/// schedule), full for 附件 and the workbook (every scored measure).
pub(super) fn ranking(cx: &Ctx, full: bool) -> Table {
    let a = cx.a;
    let w = |short: f32, long: f32| if full { long } else { short };
    // Not ranked: no 排名 columns; not lit: no 亮灯.
    let mut cols: Vec<Col<&Progress>> = Vec::new();
    if a.ranked {
        cols.push(col("排名", w(1.0, 0.8), |p: &&Progress| {
            rank_cell(p.rank)
        }));
    }
    cols.push(col("乡镇（街道）", w(2.6, 2.0), |p: &&Progress| {
        Cell::text(&p.township)
    }));
    cols.push(col("进度得分", w(1.4, 1.1), |p: &&Progress| {
        Cell::number(p.score, NumberFormat::Decimal1)
    }));
    if a.lit {
        cols.push(col("亮灯", w(1.2, 1.0), |p: &&Progress| {
            light_cell(p.light)
        }));
    }
    cols.push(col(
        "较上月（个百分点）",
        w(1.6, 1.1),
        |p: &&Progress| Cell::change(p.score_change()),
    ));
    if !full && a.ranked {
        cols.push(col("上月排名", 1.2, |p: &&Progress| {
            rank_cell(p.previous_rank)
        }));
    }
    for (k, m) in a.measures.iter().enumerate() {
        let schedule = a.rate(&m.id).is_some_and(|r| r.schedule);
        let shown = if full {
            m.weight > 0.0 || m.target.is_none()
        } else {
            schedule
        };
        if !shown {
            continue;
        }
        let value = move |p: &Progress| p.values.get(k).copied().flatten();
        cols.push(col(
            format!("{}（{}）", m.name, m.unit),
            w(1.8, 1.1),
            move |p: &&Progress| {
                let v = value(p);
                Cell::number(v, number_format(&m.unit)).red_if(m.weight > 0.0 && below(v, m.target))
            },
        ));
        if !full && schedule {
            cols.push(col(
                "较序时进度（个百分点）",
                1.8,
                move |p: &&Progress| {
                    let d = value(p).zip(m.target).map(|(v, t)| v - t);
                    Cell::change(d).red_if(d.is_some_and(|d| d < -0.05))
                },
            ));
        }
    }
    let title = if full {
        format!("{}各乡镇（街道）重点指标完成情况", a.month.chinese())
    } else if a.ranked {
        cx.words().townships.table.clone()
    } else {
        cx.words().townships.table_unranked.clone()
    };
    Table {
        frozen_columns: if a.ranked { 2 } else { 1 },
        small: full,
        note: Some(format!(
            "注：进度得分为各项指标完成度（实际÷目标，最高100%）的加权平均；序时进度为{}%；红色数字为未达到目标。",
            percent(a.schedule)
        )),
        ..table(title, cols, a.progress.iter())
    }
}

/// The 五大责任 matrix: a township a row, a responsibility a column.
pub(super) fn duties(cx: &Ctx) -> Table {
    let d = &cx.a.duties;
    let mut cols: Vec<Col<usize>> = vec![col("乡镇（街道）", 2.4, |&r: &usize| {
        Cell::text(d.townships.get(r).cloned().unwrap_or_default())
    })];
    for (j, (_, name)) in d.duties.iter().enumerate() {
        cols.push(col(name.clone(), 1.6, move |&r: &usize| {
            status_cell(
                d.cells
                    .get(r)
                    .and_then(|row| row.get(j))
                    .and_then(|c| c.status),
            )
        }));
    }
    Table {
        frozen_columns: 1,
        ..table(cx.words().duties.table.clone(), cols, 0..d.townships.len())
    }
}

/// A county figure: an indicator's total or a measure's rate.
enum Figure<'a> {
    Total(&'a Total),
    Rate(&'a Rate),
}

impl Figure<'_> {
    fn unit(&self) -> &Unit {
        match self {
            Figure::Total(t) => &t.unit,
            Figure::Rate(r) => &r.unit,
        }
    }

    fn values(&self) -> (Option<f64>, Option<f64>) {
        match self {
            Figure::Total(t) => (t.value, t.previous),
            Figure::Rate(r) => (r.value, r.previous),
        }
    }
}

/// County totals and rates, with last month and the change.
pub(super) fn totals(cx: &Ctx) -> Table {
    let a = cx.a;
    let cols: Vec<Col<Figure>> = vec![
        col("指标", 3.4, |f: &Figure| {
            Cell::text(match f {
                Figure::Total(t) => &t.name,
                Figure::Rate(r) => &r.name,
            })
        }),
        col("单位", 0.9, |f: &Figure| Cell::text(f.unit().symbol())),
        col("本月", 1.4, |f: &Figure| {
            let cell = Cell::number(f.values().0, number_format(f.unit()));
            match f {
                Figure::Rate(r) => cell.red_if(below(r.value, r.target)),
                Figure::Total(_) => cell,
            }
        }),
        col("上月", 1.4, |f: &Figure| {
            Cell::number(f.values().1, number_format(f.unit()))
        }),
        col("增减", 1.3, |f: &Figure| {
            let (v, p) = f.values();
            let d = v.zip(p).map(|(v, p)| v - p);
            match f {
                // A rate's change is in 个百分点, one decimal.
                Figure::Rate(_) => Cell::change(d),
                Figure::Total(t) => {
                    let mut c = Cell::number(d, number_format(&t.unit));
                    if d.is_some_and(|d| d > 0.0) {
                        c.text = format!("+{}", c.text);
                    }
                    c
                }
            }
        }),
        col("目标", 1.2, |f: &Figure| match f {
            Figure::Rate(r) => Cell::number(r.target, NumberFormat::Decimal1),
            Figure::Total(_) => Cell::text("—"),
        }),
    ];
    let rows = a
        .totals
        .iter()
        .map(Figure::Total)
        .chain(a.rates.iter().map(Figure::Rate));
    Table {
        frozen_columns: 1,
        note: {
            let mut notes = Vec::new();
            if !a.is_complete() {
                notes.push(format!(
                    "本月{}/{}个乡镇（街道）已报送，合计只含已报送单位",
                    a.reported(),
                    a.expected
                ));
            }
            if let Some(m) = a.previous_month {
                notes.push(format!("上月为{}；比率的增减单位为个百分点", m.chinese()));
            }
            (!notes.is_empty()).then(|| format!("注：{}。", notes.join("；")))
        },
        ..table(
            format!("{}{}主要指标", cx.t.county, a.month.chinese()),
            cols,
            rows,
        )
    }
}

/// The month's raw values: a township a row, an indicator a column.
pub(super) fn data(cx: &Ctx) -> Table {
    let d = &cx.input.data;
    let mut cols: Vec<Col<usize>> = vec![col("乡镇（街道）", 2.4, |&r: &usize| {
        Cell::text(d.townships.get(r).cloned().unwrap_or_default())
    })];
    for (j, (_, name, unit)) in d.columns.iter().enumerate() {
        cols.push(col(
            format!("{name}（{unit}）"),
            1.4,
            move |&r: &usize| {
                let v = d
                    .values
                    .get(r)
                    .and_then(|row| row.get(j))
                    .copied()
                    .flatten();
                Cell::number(v, number_format(unit))
            },
        ));
    }
    Table {
        frozen_columns: 1,
        small: true,
        ..table(
            format!("{}{}月调度数据", cx.t.county, cx.a.month.chinese()),
            cols,
            0..d.townships.len(),
        )
    }
}

/// Every problem of the month's import, with its place.
pub(super) fn problems(cx: &Ctx) -> Table {
    let text = |f: fn(&Problem) -> &str| move |p: &&Problem| Cell::text(f(p));
    let cols: Vec<Col<&Problem>> = vec![
        col("级别", 0.8, text(|p| p.level.label())),
        col("文件", 2.5, text(|p| &p.file)),
        col(
            "工作表",
            1.2,
            text(|p| p.sheet.as_deref().unwrap_or_default()),
        ),
        col(
            "单元格",
            0.8,
            text(|p| p.cell.as_deref().unwrap_or_default()),
        ),
        col("说明", 6.0, text(|p| &p.message)),
    ];
    Table {
        small: true,
        ..table("导入审核问题".into(), cols, &cx.input.problems)
    }
}

/// The 重点村 table of 附件: each key village with its leader, unit and team, its fund
/// disbursed against plan and against 序时进度, and its light; the note says which month's
/// roster it is.
pub(super) fn key_villages(k: &KeyVillages) -> Table {
    type R<'a> = (usize, &'a KeyVillageRow);
    let cols: Vec<Col<R>> = vec![
        col("序号", 0.7, |(i, _): &R| {
            Cell::number(Some(*i as f64), NumberFormat::Integer)
        }),
        col("乡镇（街道）", 1.7, |(_, r): &R| {
            Cell::text(&r.township)
        }),
        col("村", 1.3, |(_, r): &R| Cell::text(&r.village)),
        col("联点市级领导", 1.3, |(_, r): &R| {
            person_cell(&r.leader)
        }),
        col("后盾单位", 2.8, |(_, r): &R| person_cell(&r.unit)),
        col("驻村工作队", 1.3, |(_, r): &R| person_cell(&r.team)),
        col("计划", 1.0, |(_, r): &R| {
            Cell::number(Some(r.plan), NumberFormat::Decimal2)
        }),
        col("已拨付", 1.1, |(_, r): &R| {
            Cell::number(r.paid, NumberFormat::Decimal2)
        }),
        col("拨付率（%）", 1.1, |(_, r): &R| {
            Cell::number(r.paid_percent, NumberFormat::Decimal1)
                .red_if(r.against_schedule.is_some_and(|g| g < 0.0))
        }),
        col("较序时进度", 1.3, |(_, r): &R| {
            Cell::change(r.against_schedule)
        }),
        col("亮灯", 0.8, |(_, r): &R| light_cell(Some(r.light))),
    ];
    let paid = k.paid_total().map_or(String::new(), |p| {
        format!(
            "，已拨付{}万元",
            dd_core::text::plain_number((p * 100.0).round() / 100.0)
        )
    });
    Table {
        frozen_columns: 3,
        small: true,
        note: Some(format!(
            "{}，{}个村，衔接资金计划{}万元{paid}；序时进度{}%。金额单位为万元，较序时进度为拨付率与序时进度之差（个百分点）。绿灯：联点领导、后盾单位、驻村工作队齐全且拨付达到序时进度；黄灯：齐全但拨付落后或未填；红灯：缺其中一项",
            k.source(),
            k.rows.len(),
            dd_core::text::plain_number(k.plan_total()),
            dd_core::text::plain_number((k.schedule * 10.0).round() / 10.0)
        )),
        ..table(
            format!("{}重点帮扶村联点帮扶情况", k.month.chinese()),
            cols,
            k.rows.iter().enumerate().map(|(i, r)| (i + 1, r)),
        )
    }
}

fn person_cell(who: &str) -> Cell {
    if who.is_empty() {
        Cell::text("未填").tinted(palette::RED)
    } else {
        Cell::text(who)
    }
}

/// 通报问题整改清单: each problem the brief names, with its 责任单位 and 整改时限.
pub(super) fn rectification(named: &[crate::NamedProblem]) -> Table {
    let rows: Vec<(usize, &crate::NamedProblem)> = named.iter().enumerate().collect();
    let text = |f: fn(&crate::NamedProblem) -> &str| {
        move |(_, p): &(usize, &crate::NamedProblem)| Cell::text(f(p))
    };
    let cols: Vec<Col<(usize, &crate::NamedProblem)>> = vec![
        col("序号", 0.7, |(i, _): &(usize, &crate::NamedProblem)| {
            Cell::number(Some((*i + 1) as f64), NumberFormat::Integer)
        }),
        col("乡镇（街道）", 1.8, text(|p| &p.township)),
        col("问题", 5.0, text(|p| &p.what)),
        col("责任单位", 1.8, text(|p| &p.unit)),
        col("整改时限", 1.8, text(|p| &p.deadline)),
    ];
    table("通报问题整改清单".into(), cols, rows)
}
