//! Cell values → numbers the way clerks write them: text numbers, `1,804`, full-width digits,
//! padding, `—` or `/` for zero, `95.5%`, a trailing unit.

use super::grid::Value;
use dd_core::template::{Money, Unit};
use dd_core::text::{clip, fold};

/// A number read from a cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    pub value: f64,
    /// Written as `95.5%` text.
    pub percent_sign: bool,
    /// A number under a percent number format (0.955 shown as 95.5%).
    pub percent_format: bool,
    /// Came as a true number rather than text.
    pub numeric: bool,
    /// Written with its own money unit (`12.5万元`): `value` is already in the column's
    /// template unit, and the header's unit does not apply.
    pub own_unit: bool,
}

/// Reads a numeric cell. `Ok(None)` means blank (not reported); `Err` explains in Chinese
/// why the content is not a number. `unit` is the column's unit, allowed after the digits.
pub fn number(value: &Value<'_>, unit: Option<&Unit>) -> Result<Option<Number>, String> {
    match value {
        Value::Empty => Ok(None),
        Value::Number { value, percent } => {
            if value.is_finite() {
                Ok(Some(Number {
                    value: *value,
                    percent_sign: false,
                    percent_format: *percent,
                    numeric: true,
                    own_unit: false,
                }))
            } else {
                Err("数值无效".into())
            }
        }
        Value::Text(s) => parse_text(s, unit),
        Value::Bool(_) => Err(format!("应填数字，实际为逻辑值“{}”", value.display())),
        Value::Date(_) => Err(format!("应填数字，实际为日期“{}”", value.display())),
        Value::Error(e) => Err(format!("单元格是公式错误“{e}”，请检查公式")),
        Value::Formula(f) => Err(format!(
            "是公式{}但没有计算结果（保存文件的程序没有计算公式），不能当作空白或0；\
             请用 Excel 或 WPS 打开后保存再报送",
            if f.is_empty() {
                String::new()
            } else {
                format!("“={}”", clip(f, 30))
            }
        )),
    }
}

fn parse_text(raw: &str, unit: Option<&Unit>) -> Result<Option<Number>, String> {
    if let Some(n) = plain_ascii_number(raw) {
        return Ok(Some(n));
    }
    let bad = || format!("应填数字，实际为文字“{}”", clip(raw, 20));
    let mut t = fold(raw);
    // Statistical tables write NA (N/A, NULL) where a figure does not exist: not reported.
    if t.is_empty() || matches!(t.to_ascii_uppercase().as_str(), "NA" | "N/A" | "NULL") {
        return Ok(None);
    }
    if matches!(
        t.as_str(),
        "-" | "--" | "---" | "/" | "//" | "\\" | "无" | "0" | "o" | "〇"
    ) {
        return Ok(Some(Number {
            value: 0.0,
            percent_sign: false,
            percent_format: false,
            numeric: false,
            own_unit: false,
        }));
    }
    // A unit written after the digits (`63户`, `12.5万元`, `1,804 人`).
    let mut scale = None;
    let digits_end = t
        .rfind(|c: char| c.is_ascii_digit() || matches!(c, '.' | '%'))
        .map_or(0, |i| i + 1);
    if digits_end > 0 && digits_end < t.len() {
        let written = t[digits_end..].to_string();
        let is_unit_word = dd_core::template::is_unit(&written) || Money::parse(&written).is_some();
        match unit {
            Some(u) if written == fold(u.symbol()) => {}
            Some(u) if u.is_money() && Money::parse(&written).is_some() => {
                scale = u.factor_from(&written);
            }
            Some(u) if is_unit_word => {
                return Err(format!(
                    "填写的单位“{written}”与这一列的单位“{u}”不符（单元格为“{}”），请核对",
                    clip(raw, 20)
                ));
            }
            _ => return Err(bad()),
        }
        t.truncate(digits_end);
    }
    let mut percent_sign = false;
    if let Some(rest) = t.strip_suffix('%') {
        percent_sign = true;
        t = rest.to_string();
    }
    if t.contains(',') {
        t = strip_thousands(&t).ok_or_else(bad)?;
    }
    let plain = t.strip_prefix('+').unwrap_or(&t);
    let ok_chars = plain
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | 'e' | 'E' | '+'));
    if !ok_chars || !plain.chars().any(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let value: f64 = plain.parse().map_err(|_| bad())?;
    if !value.is_finite() {
        return Err(bad());
    }
    Ok(Some(Number {
        value: scale.map_or(value, |f| value * f),
        percent_sign,
        percent_format: false,
        numeric: false,
        own_unit: scale.is_some(),
    }))
}

/// The common case without allocating: digits with an optional sign and point, padded
/// with spaces (`109`, ` 275 `, `-3.5`). Anything else takes the general path.
fn plain_ascii_number(raw: &str) -> Option<Number> {
    let t = raw.trim_matches(' ');
    let digits = t.strip_prefix('-').unwrap_or(t);
    let simple = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && digits.bytes().filter(|&b| b == b'.').count() <= 1
        && digits.bytes().any(|b| b.is_ascii_digit());
    if !simple {
        return None;
    }
    let value: f64 = t.parse().ok()?;
    value.is_finite().then_some(Number {
        value,
        percent_sign: false,
        percent_format: false,
        numeric: false,
        own_unit: false,
    })
}

/// `1,804` → `1804`; None when the commas are not thousands separators.
fn strip_thousands(t: &str) -> Option<String> {
    let (int, frac) = match t.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (t, None),
    };
    let int = int.strip_prefix('-').unwrap_or(int);
    let groups: Vec<&str> = int.split(',').collect();
    let first_ok = groups
        .first()
        .is_some_and(|g| (1..=3).contains(&g.len()) && g.chars().all(|c| c.is_ascii_digit()));
    let rest_ok = groups[1..]
        .iter()
        .all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()));
    if !(first_ok && rest_ok) || frac.is_some_and(|f| f.contains(',')) {
        return None;
    }
    Some(t.replace(',', ""))
}

/// Rounds away float noise from unit conversions (0.955 × 100 = 95.49999999999999).
pub fn tidy(v: f64) -> f64 {
    if v.abs() < 1e6 {
        (v * 1e9).round() / 1e9
    } else {
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Result<Option<f64>, String> {
        number(&Value::Text(s), Some(&Unit::Count("户".into()))).map(|o| o.map(|n| n.value))
    }

    #[test]
    fn reads_what_clerks_write() {
        assert_eq!(n("1,804"), Ok(Some(1804.0)));
        assert_eq!(n(" 275 "), Ok(Some(275.0)));
        assert_eq!(n("-3.5"), Ok(Some(-3.5)));
        assert_eq!(n("0"), Ok(Some(0.0)));
        assert!(n("1.2.3").is_err());
        assert!(n("-").is_ok_and(|v| v == Some(0.0)));
        assert_eq!(n("１２"), Ok(Some(12.0)));
        assert_eq!(n("１２．５"), Ok(Some(12.5)));
        assert_eq!(n("—"), Ok(Some(0.0)));
        assert_eq!(n("/"), Ok(Some(0.0)));
        assert_eq!(n("12户"), Ok(Some(12.0)));
        assert_eq!(n(""), Ok(None));
        assert_eq!(n("  "), Ok(None));
        let p = number(&Value::Text("95.5%"), Some(&Unit::Percent))
            .unwrap()
            .unwrap();
        assert!(p.percent_sign && p.value == 95.5);
    }

    #[test]
    fn refuses_words_and_odd_commas() {
        assert!(n("待核实").unwrap_err().contains("待核实"));
        assert!(n("1,2").is_err());
        assert!(n("inf").is_err());
        assert!(n("NaN").is_err());
        assert!(n("12人").is_err());
        assert!(number(&Value::Error("#DIV/0!"), None).is_err());
    }

    #[test]
    fn a_unit_written_in_the_cell_must_agree_with_the_column() {
        let money = Unit::Money(Money::TenThousandYuan);
        let read = |s: &str, u: &Unit| number(&Value::Text(s), Some(u)).map(|o| o.map(|n| n.value));
        assert_eq!(n("63户"), Ok(Some(63.0)));
        assert_eq!(n("1,804 户"), Ok(Some(1804.0)));
        assert_eq!(read("12.5万元", &money), Ok(Some(12.5)));
        assert_eq!(read("12.5万", &money), Ok(Some(12.5)));
        // 元 written in a 万元 column is converted by the cell's own unit.
        let yuan = number(&Value::Text("125,000元"), Some(&money))
            .unwrap()
            .unwrap();
        assert!(yuan.own_unit && yuan.value == 12.5);
        assert_eq!(read("95%", &Unit::Percent), Ok(Some(95.0)));
        let e = read("12户", &money).unwrap_err();
        assert!(
            e.contains("户") && e.contains("万元") && e.contains("不符"),
            "{e}"
        );
        assert!(read("95个", &Unit::Percent).unwrap_err().contains("不符"));
        assert!(n("12户人").is_err());
    }

    #[test]
    fn a_formula_without_its_result_is_an_error_never_blank() {
        let e = number(&Value::Formula("SUM(B3:B5)"), None).unwrap_err();
        assert!(e.contains("=SUM(B3:B5)") && e.contains("请用 Excel 或 WPS 打开后保存再报送"));
    }

    #[test]
    fn tidies_float_noise() {
        assert_eq!(tidy(0.955 * 100.0), 95.5);
    }
}
