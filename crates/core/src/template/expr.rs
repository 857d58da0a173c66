//! Expressions of the template, compiled once at load: sums of ids compared in a chain,
//! e.g. `cleared_households + open_households = monitor_households` or `0 <= rate <= 100`.
//! Balance rules, the 五大责任's extra conditions and the brief's conditions are all of this
//! form and are all evaluated here: on one set of values ([`Rule::holds`]) or on a whole
//! table as polars expressions ([`Rule::comparison_exprs`]).

use std::fmt;

use polars::prelude::{Expr, lit, when};
use serde::{Deserialize, Deserializer};

/// Equality tolerance: relative, for sums of money in 万元 with float noise.
const EPS: f64 = 1e-6;

#[derive(Debug, Clone, PartialEq)]
pub enum Term {
    Id(String),
    Number(f64),
}

/// `sign * term` summed.
#[derive(Debug, Clone, PartialEq)]
pub struct Sum(pub Vec<(f64, Term)>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Eq,
    Le,
    Ge,
    Lt,
    Gt,
}

impl Cmp {
    pub fn holds(self, a: f64, b: f64) -> bool {
        match self {
            Cmp::Eq => (a - b).abs() <= EPS * (1.0 + b.abs().max(a.abs())),
            Cmp::Le => a <= b + EPS,
            Cmp::Ge => a + EPS >= b,
            Cmp::Lt => a < b,
            Cmp::Gt => a > b,
        }
    }

    /// [`Cmp::holds`] as a polars expression: null where either side is null.
    pub fn expr(self, a: Expr, b: Expr) -> Expr {
        match self {
            Cmp::Eq => {
                let (aa, bb) = (a.clone().abs(), b.clone().abs());
                let larger = when(aa.clone().gt(bb.clone())).then(aa).otherwise(bb);
                (a - b).abs().lt_eq(lit(EPS) * (lit(1.0) + larger))
            }
            Cmp::Le => a.lt_eq(b + lit(EPS)),
            Cmp::Ge => (a + lit(EPS)).gt_eq(b),
            Cmp::Lt => a.lt(b),
            Cmp::Gt => a.gt(b),
        }
    }

    /// How the rule reads in a message: "应等于", "应不大于"…
    pub fn words(self) -> &'static str {
        match self {
            Cmp::Eq => "应等于",
            Cmp::Le => "应不大于",
            Cmp::Ge => "应不小于",
            Cmp::Lt => "应小于",
            Cmp::Gt => "应大于",
        }
    }
}

impl fmt::Display for Cmp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Cmp::Eq => "=",
            Cmp::Le => "≤",
            Cmp::Ge => "≥",
            Cmp::Lt => "<",
            Cmp::Gt => ">",
        })
    }
}

/// A chain `sum op sum [op sum]…`.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub sums: Vec<Sum>,
    pub ops: Vec<Cmp>,
}

impl Sum {
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.0.iter().filter_map(|(_, t)| match t {
            Term::Id(id) => Some(id.as_str()),
            Term::Number(_) => None,
        })
    }

    /// The sum as a polars expression over columns `column(id)`.
    pub fn expr(&self, column: &dyn Fn(&str) -> Expr) -> Expr {
        let mut total = lit(0.0);
        for (sign, term) in &self.0 {
            let t = match term {
                Term::Id(id) => column(id),
                Term::Number(n) => lit(*n),
            };
            total = total + lit(*sign) * t;
        }
        total
    }

    /// The sum with `value(id)`; None when any id has no value.
    pub fn eval(&self, value: &dyn Fn(&str) -> Option<f64>) -> Option<f64> {
        let mut total = 0.0;
        for (sign, term) in &self.0 {
            total += sign
                * match term {
                    Term::Id(id) => value(id)?,
                    Term::Number(n) => *n,
                };
        }
        Some(total)
    }
}

/// One comparison of a chain, with the values of both sides when they have them.
#[derive(Debug, Clone, Copy)]
pub struct Comparison<'a> {
    pub left: &'a Sum,
    pub op: Cmp,
    pub right: &'a Sum,
    /// (left, right); None when an id on either side has no value.
    pub values: Option<(f64, f64)>,
}

impl Comparison<'_> {
    /// Some(false) for a comparison that fails on known values.
    pub fn holds(&self) -> Option<bool> {
        self.values.map(|(a, b)| self.op.holds(a, b))
    }
}

impl Rule {
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.sums.iter().flat_map(|s| s.ids())
    }

    /// Each comparison of the chain on `value(id)`.
    pub fn comparisons<'a>(
        &'a self,
        value: &'a dyn Fn(&str) -> Option<f64>,
    ) -> impl Iterator<Item = Comparison<'a>> + 'a {
        self.ops.iter().enumerate().map(move |(k, &op)| {
            let (left, right) = (&self.sums[k], &self.sums[k + 1]);
            Comparison {
                left,
                op,
                right,
                values: left.eval(value).zip(right.eval(value)),
            }
        })
    }

    /// Whether the whole chain holds; None when a value it needs is missing.
    pub fn holds(&self, value: &dyn Fn(&str) -> Option<f64>) -> Option<bool> {
        let mut all = true;
        for c in self.comparisons(value) {
            all &= c.holds()?;
        }
        Some(all)
    }

    /// Each comparison as a boolean polars expression (null where a value is missing).
    pub fn comparison_exprs(&self, column: &dyn Fn(&str) -> Expr) -> Vec<Expr> {
        self.ops
            .iter()
            .enumerate()
            .map(|(k, op)| op.expr(self.sums[k].expr(column), self.sums[k + 1].expr(column)))
            .collect()
    }

    /// True where some comparison fails on known values (missing values are not a failure).
    pub fn broken_expr(&self, column: &dyn Fn(&str) -> Expr) -> Expr {
        self.comparison_exprs(column)
            .into_iter()
            .map(|c| c.not().fill_null(lit(false)))
            .reduce(|a, b| a.or(b))
            .unwrap_or(lit(false))
    }

    /// False only when a comparison fails on known values (missing values are not a failure).
    pub fn not_broken(&self, value: &dyn Fn(&str) -> Option<f64>) -> bool {
        self.comparisons(value).all(|c| c.holds() != Some(false))
    }
}

/// An expression as the template writes it, compiled at load: a malformed one is refused
/// then, with its line, never when it is used.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub source: String,
    pub rule: Rule,
}

impl Condition {
    pub fn parse(source: &str) -> Result<Condition, String> {
        Ok(Condition {
            source: source.to_string(),
            rule: parse(source)?,
        })
    }
}

impl std::ops::Deref for Condition {
    type Target = Rule;
    fn deref(&self) -> &Rule {
        &self.rule
    }
}

impl serde::Serialize for Condition {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.source)
    }
}

impl<'de> Deserialize<'de> for Condition {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Condition, D::Error> {
        let s = String::deserialize(d)?;
        Condition::parse(&s).map_err(|m| serde::de::Error::custom(format!("公式“{s}”：{m}")))
    }
}

pub fn parse(src: &str) -> Result<Rule, String> {
    let mut sums = Vec::new();
    let mut ops = Vec::new();
    let mut current: Vec<(f64, Term)> = Vec::new();
    let mut sign = 1.0;
    let mut expect_term = true;
    let chars: Vec<char> = src.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if expect_term {
            if c == '-' || c == '+' {
                if c == '-' {
                    sign = -sign;
                }
                i += 1;
                continue;
            }
            let start = i;
            if c.is_ascii_digit() || c == '.' {
                while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                    i += 1;
                }
                let text: String = chars[start..i].iter().collect();
                let n: f64 = text.parse().map_err(|_| format!("数字“{text}”写法不对"))?;
                current.push((sign, Term::Number(n)));
            } else if c.is_ascii_alphabetic() || c == '_' {
                while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                current.push((sign, Term::Id(chars[start..i].iter().collect())));
            } else {
                return Err(format!("第{}个字符“{c}”处应为指标 id 或数字", i + 1));
            }
            sign = 1.0;
            expect_term = false;
            continue;
        }
        match c {
            '+' | '-' => {
                sign = if c == '-' { -1.0 } else { 1.0 };
                expect_term = true;
                i += 1;
            }
            '=' | '<' | '>' | '≤' | '≥' => {
                let next = chars.get(i + 1).copied();
                let (op, len) = match (c, next) {
                    ('=', Some('=')) => (Cmp::Eq, 2),
                    ('=', _) => (Cmp::Eq, 1),
                    ('<', Some('=')) | ('≤', _) => (Cmp::Le, if c == '≤' { 1 } else { 2 }),
                    ('>', Some('=')) | ('≥', _) => (Cmp::Ge, if c == '≥' { 1 } else { 2 }),
                    ('<', _) => (Cmp::Lt, 1),
                    _ => (Cmp::Gt, 1),
                };
                sums.push(Sum(std::mem::take(&mut current)));
                ops.push(op);
                expect_term = true;
                i += len;
            }
            _ => return Err(format!("第{}个字符“{c}”处应为运算符 + - = <= >=", i + 1)),
        }
    }
    if expect_term {
        return Err("公式不完整：结尾缺少指标 id 或数字".into());
    }
    sums.push(Sum(current));
    if ops.is_empty() {
        return Err("公式缺少比较符（= <= >= < >）".into());
    }
    Ok(Rule { sums, ops })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_balance_and_range() {
        let r = parse("cleared_households + open_households = monitor_households").unwrap();
        assert_eq!(r.ops, vec![Cmp::Eq]);
        assert_eq!(
            r.ids().collect::<Vec<_>>(),
            [
                "cleared_households",
                "open_households",
                "monitor_households"
            ]
        );
        let r = parse("0 <= rate <= 100").unwrap();
        assert_eq!(r.ops, vec![Cmp::Le, Cmp::Le]);
        let v = |_: &str| Some(101.0);
        assert!(!r.ops[1].holds(r.sums[1].eval(&v).unwrap(), r.sums[2].eval(&v).unwrap()));
        assert!(parse("a +").is_err());
        assert!(parse("a b").is_err());
        assert!(parse("a").is_err());
    }

    #[test]
    fn one_evaluator_for_values_and_frames() {
        use polars::prelude::*;
        let r = parse("a + b = c").unwrap();
        let values = |a: Option<f64>, b: Option<f64>, c: Option<f64>| {
            move |id: &str| match id {
                "a" => a,
                "b" => b,
                _ => c,
            }
        };
        assert_eq!(
            r.holds(&values(Some(1.0), Some(2.0), Some(3.0))),
            Some(true)
        );
        assert_eq!(
            r.holds(&values(Some(1.0), Some(2.0), Some(4.0))),
            Some(false)
        );
        assert_eq!(r.holds(&values(None, Some(2.0), Some(4.0))), None);
        assert!(r.not_broken(&values(None, Some(2.0), Some(4.0))));

        // The same rule on a frame, row by row: fails, holds, unknown (null), float noise.
        let df = df!(
            "a" => [Some(1.0), Some(1.0), None, Some(0.1)],
            "b" => [Some(2.0), Some(2.0), Some(2.0), Some(0.2)],
            "c" => [Some(4.0), Some(3.0), Some(4.0), Some(0.3)],
        )
        .unwrap();
        let out = df
            .lazy()
            .select([r.comparison_exprs(&|id| col(id)).remove(0).alias("ok")])
            .collect()
            .unwrap();
        let ok: Vec<Option<bool>> = out.column("ok").unwrap().bool().unwrap().iter().collect();
        assert_eq!(ok, [Some(false), Some(true), None, Some(true)]);

        let chain = parse("0 <= rate <= 100").unwrap();
        let df = df!("rate" => [Some(-1.0), Some(50.0), Some(101.0), None]).unwrap();
        let out = df
            .lazy()
            .select([chain.broken_expr(&|id| col(id)).alias("broken")])
            .collect()
            .unwrap();
        let broken: Vec<Option<bool>> = out
            .column("broken")
            .unwrap()
            .bool()
            .unwrap()
            .iter()
            .collect();
        assert_eq!(broken, [Some(true), Some(false), Some(true), Some(false)]);
    }
}
