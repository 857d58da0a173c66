//! Balance-rule expressions of the template: sums of indicator ids compared in a chain,
//! e.g. `cleared_households + open_households = monitor_households` or `0 <= rate <= 100`.

use std::fmt;

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
        const EPS: f64 = 1e-6;
        match self {
            Cmp::Eq => (a - b).abs() <= EPS * (1.0 + b.abs().max(a.abs())),
            Cmp::Le => a <= b + EPS,
            Cmp::Ge => a + EPS >= b,
            Cmp::Lt => a < b,
            Cmp::Gt => a > b,
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

impl Rule {
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.sums.iter().flat_map(|s| s.ids())
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
}
