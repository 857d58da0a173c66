//! The reporting month as sheets and file names write it: 2024年10月, 202410, 2024.10,
//! 2024-10, or 10月 with the year elsewhere.

use dd_core::model::YearMonth;
use dd_core::text::fold;

/// The first month found in `texts`, tried in order. `10月` alone takes the year written
/// anywhere in the texts.
pub fn find(texts: &[String]) -> Option<YearMonth> {
    let year_anywhere = texts.iter().find_map(|t| lone_year(&fold(t)));
    texts.iter().find_map(|t| {
        let t = fold(t);
        full_month(&t).or_else(|| month_only(&t, year_anywhere?))
    })
}

/// Splits a text into runs of ASCII digits with what follows each.
fn digit_runs(t: &str) -> Vec<(usize, &str)> {
    let mut runs = Vec::new();
    let mut start = None;
    for (i, c) in t.char_indices() {
        match (c.is_ascii_digit(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                runs.push((s, &t[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        runs.push((s, &t[s..]));
    }
    runs
}

fn full_month(t: &str) -> Option<YearMonth> {
    let runs = digit_runs(t);
    // 2024年10月, 2024.10, 2024-10, 2024/10, 2024_10
    for w in runs.windows(2) {
        let ((ys, y), (ms, m)) = (w[0], w[1]);
        if y.len() != 4 || m.len() > 2 {
            continue;
        }
        let between = &t[ys + 4..ms];
        let after = &t[ms + m.len()..];
        let ok = match between {
            "年" => after.starts_with('月') || after.is_empty() || !after.starts_with('日'),
            "." | "-" | "/" | "_" => true,
            _ => false,
        };
        if ok && let Some(ym) = YearMonth::new(y.parse().ok()?, m.parse().ok()?) {
            return Some(ym);
        }
    }
    // 202410 and 20241025
    for (_, run) in &runs {
        if run.len() == 6 || run.len() == 8 {
            let y: i32 = run[..4].parse().ok()?;
            let m: u32 = run[4..6].parse().ok()?;
            if (2000..=2099).contains(&y)
                && let Some(ym) = YearMonth::new(y, m)
            {
                return Some(ym);
            }
        }
    }
    None
}

fn lone_year(t: &str) -> Option<i32> {
    digit_runs(t).into_iter().find_map(|(s, run)| {
        let y: i32 = run.parse().ok()?;
        (run.len() == 4 && (2000..=2099).contains(&y) && t[s + 4..].starts_with('年')).then_some(y)
    })
}

fn month_only(t: &str, year: i32) -> Option<YearMonth> {
    digit_runs(t).into_iter().find_map(|(s, run)| {
        let rest = &t[s + run.len()..];
        (run.len() <= 2 && rest.starts_with('月') && !rest.starts_with("月份数"))
            .then(|| YearMonth::new(year, run.parse().ok()?))
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(texts: &[&str]) -> Option<String> {
        find(&texts.iter().map(|s| s.to_string()).collect::<Vec<_>>()).map(|m| m.to_string())
    }

    #[test]
    fn finds_months_as_written() {
        assert_eq!(
            f(&["某县…月调度表（2024年10月）"]).as_deref(),
            Some("2024-10")
        );
        assert_eq!(f(&["填报时间：2024年10月25日"]).as_deref(), Some("2024-10"));
        assert_eq!(f(&["监测就业_202410_gbk.csv"]).as_deref(), Some("2024-10"));
        assert_eq!(f(&["月报2024.9.xlsx"]).as_deref(), Some("2024-09"));
        assert_eq!(f(&["2024-11"]).as_deref(), Some("2024-11"));
        assert_eq!(f(&["２０２４年１０月"]).as_deref(), Some("2024-10"));
        assert_eq!(f(&["10月调度表", "2024年度"]).as_deref(), Some("2024-10"));
        assert_eq!(f(&["乡镇报送.xlsx"]), None);
        assert_eq!(f(&["2024年13月"]), None);
        assert_eq!(f(&["电话13812345678"]), None);
    }
}
