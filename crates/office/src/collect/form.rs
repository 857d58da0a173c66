//! The reporting form (调度表) the office sends out, written from the template: the title with
//! the month, 填报单位 and 填报时间 lines, group headers merged over their indicators with units,
//! 序号, the township column, a 合计 row of SUM formulas (with their results written), the
//! 五大责任 columns; every input cell validated (whole counts, amounts ≥ 0, rates 0–100, a
//! list of status words) and unlocked, the sheet protected without a password so the headers
//! stay as they are, and a 填报说明 sheet. The import reads it back exactly.

use rust_xlsxwriter::{
    DataValidation, DataValidationRule, Format, FormatAlign, FormatBorder, Formula, Workbook,
    Worksheet, XlsxError,
};

use dd_core::model::{MonthTable, Status, YearMonth};
use dd_core::template::{IndicatorDef, Template, Unit};
use dd_core::text::col_name;

/// The words a status cell may take.
const STATUS_WORDS: [Status; 3] = [Status::Done, Status::Partial, Status::NotDone];

/// First data row (0-based): title, 填报 line, two header rows, then (county form) 合计.
const HEADER_TOP: u32 = 2;
const FIRST_COLUMN: u16 = 2;

#[derive(Debug, thiserror::Error)]
pub enum FormError {
    #[error("生成填报表时出错：{0}")]
    Xlsx(#[from] XlsxError),
}

/// Who a form is for.
#[derive(Debug, Clone, Copy)]
pub enum Recipients {
    /// Every township of the template, with a 合计 row.
    County,
    /// One township (its index in the template).
    Township(usize),
}

/// The form of `month` as .xlsx bytes; `prefill` puts a month's figures (last month's) in.
pub fn form(
    t: &Template,
    month: YearMonth,
    who: Recipients,
    prefill: Option<&MonthTable>,
) -> Result<Vec<u8>, FormError> {
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    sheet.set_name("调度表")?;
    write_form(sheet, t, month, who, prefill)?;
    let notes = wb.add_worksheet();
    notes.set_name("填报说明")?;
    write_notes(notes, t, month)?;
    Ok(wb.save_to_buffer()?)
}

/// The file name of a township's form: 东山街道_2024年11月调度表.xlsx
pub fn township_file_name(t: &Template, month: YearMonth, township: usize) -> String {
    format!(
        "{}_{}调度表.xlsx",
        t.townships[township].name,
        month.chinese()
    )
}

/// The columns of the form: indicators (template order), then the responsibilities.
enum Field<'a> {
    Indicator(&'a IndicatorDef),
    Duty(&'a str, &'a str),
}

fn fields(t: &Template) -> Vec<Field<'_>> {
    let mut out: Vec<Field> = t.indicators.iter().map(Field::Indicator).collect();
    out.extend(
        t.responsibilities
            .iter()
            .map(|r| Field::Duty(r.id.as_str(), r.name.as_str())),
    );
    out
}

fn write_form(
    ws: &mut Worksheet,
    t: &Template,
    month: YearMonth,
    who: Recipients,
    prefill: Option<&MonthTable>,
) -> Result<(), FormError> {
    let fields = fields(t);
    let last_col = FIRST_COLUMN + fields.len() as u16 - 1;
    let border = Format::new().set_border(FormatBorder::Thin);
    let header = border
        .clone()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let input = border.clone().set_unlocked();
    let title = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);

    ws.merge_range(
        0,
        0,
        0,
        last_col,
        &format!(
            "{}巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作月调度表（{}）",
            t.county,
            month.chinese()
        ),
        &title,
    )?;
    ws.set_row_height(0, 30)?;
    let unit = match who {
        Recipients::County => "填报单位：__________（盖章）".to_string(),
        Recipients::Township(i) => format!("填报单位：{}（盖章）", t.townships[i].name),
    };
    ws.write(1, 0, unit)?;
    ws.write(
        1,
        last_col.saturating_sub(4).max(3),
        "填报时间：    年  月  日",
    )?;

    // Two header rows: groups merged over their columns, then each column with its unit.
    let (top, low) = (HEADER_TOP, HEADER_TOP + 1);
    ws.merge_range(top, 0, low, 0, "序号", &header)?;
    ws.merge_range(top, 1, low, 1, "乡镇（街道）", &header)?;
    let group_of = |f: &Field| match f {
        Field::Indicator(i) => i.group.clone(),
        Field::Duty(..) => "“五大责任”落实情况".to_string(),
    };
    let mut start = 0;
    while start < fields.len() {
        let group = group_of(&fields[start]);
        let mut end = start;
        while end + 1 < fields.len() && group_of(&fields[end + 1]) == group {
            end += 1;
        }
        let (a, b) = (FIRST_COLUMN + start as u16, FIRST_COLUMN + end as u16);
        if a == b {
            ws.write_with_format(top, a, &group, &header)?;
        } else {
            ws.merge_range(top, a, top, b, &group, &header)?;
        }
        start = end + 1;
    }
    for (k, f) in fields.iter().enumerate() {
        let c = FIRST_COLUMN + k as u16;
        let text = match f {
            Field::Indicator(i) => i.label(),
            Field::Duty(_, name) => name.to_string(),
        };
        ws.write_with_format(low, c, text, &header)?;
        ws.set_column_width(c, 12)?;
    }
    ws.set_row_height(low, 48)?;
    ws.set_column_width(0, 6)?;
    ws.set_column_width(1, 14)?;

    let townships: Vec<usize> = match who {
        Recipients::County => (0..t.townships.len()).collect(),
        Recipients::Township(i) => vec![i],
    };
    let total_row = matches!(who, Recipients::County).then_some(low + 1);
    let first = low + 1 + u32::from(total_row.is_some());
    let last = first + townships.len() as u32 - 1;
    for (n, &ti) in townships.iter().enumerate() {
        let r = first + n as u32;
        let name = &t.townships[ti].name;
        ws.write_with_format(r, 0, n as u32 + 1, &border)?;
        ws.write_with_format(r, 1, name, &border)?;
        for (k, f) in fields.iter().enumerate() {
            let c = FIRST_COLUMN + k as u16;
            match (f, prefill) {
                (Field::Indicator(i), Some(p)) if p.value(name, &i.id).is_some() => {
                    let v = p.value(name, &i.id).unwrap_or_default();
                    ws.write_with_format(r, c, v, &input)?;
                }
                (Field::Duty(id, _), Some(p)) if p.status(name, id).is_some() => {
                    let s = p.status(name, id).map_or("", Status::label);
                    ws.write_with_format(r, c, s, &input)?;
                }
                _ => {
                    ws.write_blank(r, c, &input)?;
                }
            }
        }
    }
    for (k, f) in fields.iter().enumerate() {
        let c = FIRST_COLUMN + k as u16;
        ws.add_data_validation(first, c, last, c, &validation(f)?)?;
    }

    if let Some(r) = total_row {
        ws.write_with_format(r, 0, "", &border)?;
        ws.write_with_format(r, 1, "合计", &header)?;
        for (k, f) in fields.iter().enumerate() {
            let c = FIRST_COLUMN + k as u16;
            match f {
                Field::Indicator(i) if i.is_additive() => {
                    let sum: f64 = townships
                        .iter()
                        .filter_map(|&ti| prefill?.value(&t.townships[ti].name, &i.id))
                        .sum();
                    let col = col_name(usize::from(c));
                    let formula =
                        Formula::new(format!("=SUM({col}{}:{col}{})", first + 1, last + 1))
                            .set_result(dd_core::text::plain_number(sum));
                    ws.write_formula_with_format(r, c, formula, &border)?;
                }
                _ => {
                    ws.write_with_format(r, c, "", &border)?;
                }
            }
        }
    }
    ws.write(
        last + 2,
        0,
        "填表人：            审核人：            联系电话：",
    )?;
    ws.set_freeze_panes(first, FIRST_COLUMN)?;
    ws.protect();
    Ok(())
}

/// The check Excel and WPS make as the township types.
fn validation(f: &Field) -> Result<DataValidation, FormError> {
    let v = match f {
        Field::Duty(..) => {
            let words: Vec<&str> = STATUS_WORDS.iter().map(|s| s.label()).collect();
            DataValidation::new()
                .allow_list_strings(&words)?
                .set_error_message("请从列表中选择：已落实、部分落实或未落实")?
        }
        Field::Indicator(i) => match &i.unit {
            Unit::Percent => DataValidation::new()
                .allow_decimal_number(DataValidationRule::Between(0.0, 100.0))
                .set_error_message("比率按百分数填写，应在 0 到 100 之间（95.5 表示 95.5%）")?,
            Unit::Money(_) | Unit::Ratio(_) => DataValidation::new()
                .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
                .set_error_message(format!("金额应为不小于 0 的数（单位：{}）", i.unit))?,
            Unit::Count(_) => DataValidation::new()
                .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
                .set_error_message(format!("应填不小于 0 的整数（单位：{}）", i.unit))?,
        },
    };
    Ok(v.set_error_title("填写有误")?)
}

fn write_notes(ws: &mut Worksheet, t: &Template, month: YearMonth) -> Result<(), FormError> {
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    ws.set_column_width(0, 6)?;
    ws.set_column_width(1, 28)?;
    ws.set_column_width(2, 10)?;
    ws.set_column_width(3, 14)?;
    ws.set_column_width(4, 60)?;
    ws.write_with_format(0, 0, "填报说明", &bold.clone().set_font_size(14))?;
    let lines = [
        format!(
            "1．请于{}前将本表报{}办公室，逾期未报的将在月调度通报中说明。",
            crate::collect::deadline(t, month),
            t.group()
        ),
        "2．数量填整数；金额以万元为单位（可保留两位小数）；比率按百分数填写，95.5 表示 95.5%。"
            .to_string(),
        "3．“五大责任”各列从下拉列表中选择：已落实、部分落实或未落实。".to_string(),
        "4．合计行由公式自动计算，请勿改动表头和合计行；没有发生的填 0，不要空着。".to_string(),
        "5．各项数据须符合下列审核公式，不符的将在导入时逐项指出。".to_string(),
    ];
    for (i, l) in lines.iter().enumerate() {
        ws.merge_range(1 + i as u32, 0, 1 + i as u32, 4, l, &wrap)?;
    }
    let mut r = 2 + lines.len() as u32;
    for (c, h) in ["序号", "指标名称", "计量单位", "分组", "说明"]
        .iter()
        .enumerate()
    {
        ws.write_with_format(r, c as u16, *h, &bold)?;
    }
    for (n, i) in t.indicators.iter().enumerate() {
        r += 1;
        ws.write(r, 0, n as u32 + 1)?;
        ws.write(r, 1, &i.name)?;
        ws.write(r, 2, i.unit.symbol())?;
        ws.write(r, 3, &i.group)?;
        let mut note = if i.is_additive() {
            "合计为各乡镇（街道）之和".to_string()
        } else {
            "比率，不相加".to_string()
        };
        if !i.aliases.is_empty() {
            note.push_str(&format!("；也称{}", i.aliases.join("、")));
        }
        ws.write(r, 4, note)?;
    }
    r += 2;
    ws.write_with_format(r, 0, "审核公式", &bold)?;
    for rule in &t.rules {
        r += 1;
        let words = rule.name.clone().unwrap_or_default();
        let text = rule_words(&rule.expr, t);
        ws.merge_range(r, 0, r, 4, &format!("{text}　{words}"), &wrap)?;
    }
    ws.protect();
    Ok(())
}

/// A rule with names for ids: 风险已消除户数 + 风险未消除户数 = 监测对象户数.
fn rule_words(rule: &dd_core::template::expr::Rule, t: &Template) -> String {
    use dd_core::template::expr::Term;
    let sum = |s: &dd_core::template::expr::Sum| {
        let mut out = String::new();
        for (i, (sign, term)) in s.0.iter().enumerate() {
            if *sign < 0.0 {
                out.push_str(if i == 0 { "-" } else { " - " });
            } else if i > 0 {
                out.push_str(" + ");
            }
            match term {
                Term::Id(id) => out.push_str(&t.column_name(id)),
                Term::Number(n) => out.push_str(&dd_core::text::plain_number(*n)),
            }
        }
        out
    };
    let mut out = sum(&rule.sums[0]);
    for (op, s) in rule.ops.iter().zip(&rule.sums[1..]) {
        out.push_str(&format!(" {op} {}", sum(s)));
    }
    out
}
