//! Units of indicators and measures, parsed once from the template: what sums across
//! townships, what is a rate, and how a figure of each is printed.

use std::fmt;

use serde::{Deserialize, Deserializer};

/// A money unit; values are kept in the unit the template names (万元 by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Money {
    Yuan,
    ThousandYuan,
    TenThousandYuan,
    HundredMillionYuan,
}

impl Money {
    const ALL: [Money; 4] = [
        Money::Yuan,
        Money::ThousandYuan,
        Money::TenThousandYuan,
        Money::HundredMillionYuan,
    ];

    pub fn symbol(self) -> &'static str {
        match self {
            Money::Yuan => "元",
            Money::ThousandYuan => "千元",
            Money::TenThousandYuan => "万元",
            Money::HundredMillionYuan => "亿元",
        }
    }

    /// How many 元 one of this unit is.
    pub fn yuan(self) -> f64 {
        match self {
            Money::Yuan => 1.0,
            Money::ThousandYuan => 1e3,
            Money::TenThousandYuan => 1e4,
            Money::HundredMillionYuan => 1e8,
        }
    }

    /// 元, 千元, 万元 (also written 万), 亿元.
    pub fn parse(s: &str) -> Option<Money> {
        if s == "万" {
            return Some(Money::TenThousandYuan);
        }
        Money::ALL.into_iter().find(|m| m.symbol() == s)
    }
}

/// The unit of an indicator or a measure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unit {
    /// 户 人 个 条 次 …: whole things, summed across townships.
    Count(String),
    /// An amount of money, summed across townships.
    Money(Money),
    /// A rate in percent (95.5 means 95.5 %): never summed.
    Percent,
    /// A plain ratio of a measure, such as 户均帮扶措施 in 条 per 户: never summed.
    Ratio(String),
}

impl Unit {
    /// The unit of an indicator as a template writes it: `%`, a money unit, else a count word.
    pub fn parse(s: &str) -> Result<Unit, String> {
        let s = s.trim();
        if s.is_empty() {
            return Err("单位不能为空".into());
        }
        Ok(if s == "%" || s == "％" {
            Unit::Percent
        } else if let Some(m) = Money::parse(s) {
            Unit::Money(m)
        } else {
            Unit::Count(s.to_string())
        })
    }

    /// The unit of a measure: `%` (a rate), else the word of a plain ratio (条 per 户).
    pub fn parse_measure(s: &str) -> Result<Unit, String> {
        Ok(match Unit::parse(s)? {
            Unit::Percent => Unit::Percent,
            other => Unit::Ratio(other.symbol().to_string()),
        })
    }

    pub fn symbol(&self) -> &str {
        match self {
            Unit::Count(s) | Unit::Ratio(s) => s,
            Unit::Money(m) => m.symbol(),
            Unit::Percent => "%",
        }
    }

    pub fn is_percent(&self) -> bool {
        *self == Unit::Percent
    }

    pub fn is_money(&self) -> bool {
        matches!(self, Unit::Money(_))
    }

    /// Whole things (户, 人, 个…): printed without decimals.
    pub fn is_count(&self) -> bool {
        matches!(self, Unit::Count(_))
    }

    /// Whether township figures of this unit add up to a county figure.
    pub fn is_additive(&self) -> bool {
        matches!(self, Unit::Count(_) | Unit::Money(_))
    }

    /// Decimals a figure of this unit is printed with: counts 0, rates 1, money and ratios 2.
    pub fn decimals(&self) -> usize {
        match self {
            Unit::Count(_) => 0,
            Unit::Percent => 1,
            Unit::Money(_) | Unit::Ratio(_) => 2,
        }
    }

    /// The factor that turns a value written in `written` (a header's unit) into this unit:
    /// 1 for the same unit, 1e-4 for 元 into 万元; None when the two do not convert.
    pub fn factor_from(&self, written: &str) -> Option<f64> {
        if written == self.symbol() {
            return Some(1.0);
        }
        match self {
            Unit::Money(to) => Some(Money::parse(written)?.yuan() / to.yuan()),
            _ => None,
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

impl serde::Serialize for Unit {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.symbol())
    }
}

impl<'de> Deserialize<'de> for Unit {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Unit, D::Error> {
        let s = String::deserialize(d)?;
        Unit::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// A measure's `unit`: `%` by default, else a ratio word.
pub(super) fn measure_unit<'de, D: Deserializer<'de>>(d: D) -> Result<Unit, D::Error> {
    let s = String::deserialize(d)?;
    Unit::parse_measure(&s).map_err(serde::de::Error::custom)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_converts() {
        assert_eq!(Unit::parse("户").unwrap(), Unit::Count("户".into()));
        assert_eq!(Unit::parse("%").unwrap(), Unit::Percent);
        assert_eq!(
            Unit::parse("万元").unwrap(),
            Unit::Money(Money::TenThousandYuan)
        );
        assert!(Unit::parse(" ").is_err());
        assert_eq!(Unit::parse_measure("条").unwrap(), Unit::Ratio("条".into()));
        let wan = Unit::Money(Money::TenThousandYuan);
        assert_eq!(wan.factor_from("元"), Some(1e-4));
        assert_eq!(wan.factor_from("万元"), Some(1.0));
        assert_eq!(Unit::Count("户".into()).factor_from("人"), None);
        assert!(wan.is_additive() && !Unit::Percent.is_additive());
        assert_eq!(Unit::Percent.decimals(), 1);
    }
}
