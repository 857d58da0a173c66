//! Number words: how a figure of each unit is written in a sentence, a table cell and a
//! workbook cell, and the words for a change in 个百分点. Every unit decision of the brief
//! is made here, on the template's typed [`Unit`].

use dd_core::template::Unit;
use dd_core::text::plain_number;

/// The unit of rates, targets and 序时进度.
pub const PERCENT: &Unit = &Unit::Percent;

/// Counts and amounts from here up are written in 万 unless the template says otherwise.
pub const WAN_FROM: f64 = 100_000.0;

/// A number as the brief writes it in a sentence: counts whole, money up to two decimals
/// (no trailing zeros), rates one (no trailing ".0"), ratios two.
pub fn figure(v: f64, unit: &Unit) -> String {
    figure_in(v, unit, WAN_FROM)
}

/// [`figure`], counts and amounts from `wan_from` up in 万 (0: every digit).
pub fn figure_in(v: f64, unit: &Unit, wan_from: f64) -> String {
    let v = if v.abs() < 5e-10 { 0.0 } else { v };
    // Documents write 49.46万户, not 494612户: counts and amounts from 10万 up in 万, from 1亿
    // up in 亿 (to two decimals), where the unit is not itself in 万 or 亿.
    let large = matches!(unit, Unit::Count(_) | Unit::Money(_))
        && wan_from > 0.0
        && v.abs() >= wan_from.max(1e4)
        && !unit.symbol().contains(['万', '亿']);
    if large {
        let (scale, word) = if v.abs() >= 1e8 {
            (1e8, "亿")
        } else {
            (1e4, "万")
        };
        return format!("{}{word}", trim_zeros(format!("{:.2}", v / scale)));
    }
    match unit {
        Unit::Percent => trim_zero(format!("{v:.1}")),
        Unit::Money(_) => {
            let s = format!("{v:.2}");
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        }
        Unit::Count(_) | Unit::Ratio(_) if v.fract() == 0.0 => format!("{v:.0}"),
        Unit::Count(_) | Unit::Ratio(_) => format!("{v:.2}"),
    }
}

fn trim_zeros(s: String) -> String {
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A percent figure: 76.9, 100.
pub fn percent(v: f64) -> String {
    figure(v, PERCENT)
}

/// How a table column of figures in `unit` is formatted.
pub fn number_format(unit: &Unit) -> NumberFormat {
    match unit {
        Unit::Percent => NumberFormat::Decimal1,
        Unit::Money(_) | Unit::Ratio(_) => NumberFormat::Decimal2,
        Unit::Count(_) => NumberFormat::Integer,
    }
}

/// The format of a table cell's number, printed (docx, pdf) and kept (xlsx) alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberFormat {
    Text,
    Integer,
    /// One decimal (rates, scores).
    Decimal1,
    /// Two decimals (money, 户均条数).
    Decimal2,
    /// A change with its sign, one decimal: +2.1 / -1.3.
    Signed1,
}

impl NumberFormat {
    /// The text of a cell: "—" when there is no number.
    pub fn text(self, v: Option<f64>) -> String {
        let Some(v) = v else {
            return "—".to_string();
        };
        match self {
            NumberFormat::Integer => format!("{v:.0}"),
            NumberFormat::Decimal1 => format!("{v:.1}"),
            NumberFormat::Decimal2 => format!("{v:.2}"),
            NumberFormat::Signed1 if v >= 0.05 => format!("+{v:.1}"),
            NumberFormat::Signed1 if v > -0.05 => "0.0".to_string(),
            NumberFormat::Signed1 => format!("{v:.1}"),
            NumberFormat::Text => plain_number(v),
        }
    }

    /// The same format as a spreadsheet number format (None: as typed).
    pub fn excel(self) -> Option<&'static str> {
        match self {
            NumberFormat::Text => None,
            NumberFormat::Integer => Some("0"),
            NumberFormat::Decimal1 => Some("0.0"),
            NumberFormat::Decimal2 => Some("0.00"),
            NumberFormat::Signed1 => Some("+0.0;-0.0;0.0"),
        }
    }
}

/// "2.1" for a difference in 个百分点, never "-0".
pub fn points(d: f64) -> String {
    trim_zero(format!("{:.1}", d.abs()))
}

/// A change with its sign, no trailing ".0": +2.1, -1.3, 0.
pub fn signed_points(d: f64) -> String {
    let x = points(d);
    if x == "0" {
        x
    } else if d > 0.0 {
        format!("+{x}")
    } else {
        format!("-{x}")
    }
}

/// A difference in 个百分点 in the template's words: `more`/`less` carry `{x}`, `same` is
/// used when it rounds to 0 (较上月提高2.1个百分点 / 低于序时进度6.4个百分点 / 与上月持平).
pub fn compared(d: f64, more: &str, less: &str, same: &str) -> String {
    let x = points(d);
    if x == "0" {
        same.to_string()
    } else if d > 0.0 {
        more.replace("{x}", &x)
    } else {
        less.replace("{x}", &x)
    }
}

pub const NUMERALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/// 一, 二 … 十, 十一 …
pub fn numeral(n: usize) -> String {
    match n {
        1..=10 => NUMERALS[n - 1].to_string(),
        11..=19 => format!("十{}", NUMERALS[n - 11]),
        _ => n.to_string(),
    }
}

fn trim_zero(s: String) -> String {
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_read_like_the_seed() {
        let u = |s: &str| Unit::parse(s).unwrap();
        assert_eq!(figure(1804.0, &u("户")), "1804");
        assert_eq!(figure(99_999.0, &u("户")), "99999");
        assert_eq!(figure(494_612.0, &u("户")), "49.46万");
        assert_eq!(figure(1_400_505.0, &u("人")), "140.05万");
        assert_eq!(figure(100_000.0, &u("人")), "10万");
        assert_eq!(figure(1_332_810_869.0, &u("人")), "13.33亿");
        assert_eq!(figure(250_000.0, &u("元")), "25万");
        assert_eq!(figure(123_456.0, &u("万元")), "123456");
        assert_eq!(figure(1800.0, &u("万元")), "1800");
        // A template that writes every digit, or 万 from 5万 up.
        assert_eq!(figure_in(494_612.0, &u("户"), 0.0), "494612");
        assert_eq!(figure_in(52_000.0, &u("户"), 50_000.0), "5.2万");
        assert_eq!(figure_in(49_000.0, &u("户"), 50_000.0), "49000");
        assert_eq!(figure(263.47, &u("万元")), "263.47");
        assert_eq!(figure(4.3237, &Unit::parse_measure("条").unwrap()), "4.32");
        assert_eq!(figure(100.0, PERCENT), "100");
        assert_eq!(figure(76.888, PERCENT), "76.9");
        assert_eq!(points(-6.44), "6.4");
        assert_eq!(numeral(3), "三");
        assert_eq!(numeral(12), "十二");
    }

    #[test]
    fn cells_and_workbook_share_a_format() {
        let f = number_format(&Unit::parse("万元").unwrap());
        assert_eq!(f.text(Some(263.4)), "263.40");
        assert_eq!(f.excel(), Some("0.00"));
        assert_eq!(NumberFormat::Signed1.text(Some(2.14)), "+2.1");
        assert_eq!(NumberFormat::Signed1.text(Some(-0.01)), "0.0");
        assert_eq!(NumberFormat::Signed1.text(Some(-1.26)), "-1.3");
        assert_eq!(NumberFormat::Integer.text(None), "—");
    }

    #[test]
    fn differences_in_points() {
        let c = |d| compared(d, "提高{x}个百分点", "下降{x}个百分点", "持平");
        assert_eq!(c(2.14), "提高2.1个百分点");
        assert_eq!(c(-6.44), "下降6.4个百分点");
        assert_eq!(c(0.04), "持平");
        assert_eq!(c(-0.04), "持平");
        assert_eq!(signed_points(2.14), "+2.1");
        assert_eq!(signed_points(-0.02), "0");
        assert_eq!(signed_points(-3.0), "-3");
    }
}
