//! The title's lines (GB/T 9704-2012, 7.3.3): "回行时，要做到词意完整，排列对称，长短适宜，
//! 间距恰当，标题排列应当使用梯形或菱形". The title is cut into words (a small lexicon of the
//! template's wording, the county and township names, dates such as 2024年10月), then broken
//! only between words into the fewest lines that fit the 版心, choosing the most even
//! lengths whose outline is a 梯形 (lengths only growing or only shrinking) or a 菱形
//! (growing, then shrinking), never a 沙漏形 (a short line between longer ones).

use super::model::char_width;
use crate::layout::{no_end, no_start};
use dd_core::template::Template;

/// Where the words of an official title end, in any county's title: the 公文 vocabulary of
/// bodies and kinds of document (领导小组, 办公室, 关于, 通报…). Text between them is kept whole,
/// so a county's own wording (its 事由, its 发文机关) is never split inside.
const BOUNDARIES: &[&str] = &[
    "关于",
    "领导小组",
    "办公室",
    "委员会",
    "人民政府",
    "工作",
    "情况",
    "通报",
    "通知",
    "意见",
    "报告",
    "方案",
    "的",
    "同",
    "与",
    "和",
    "及",
    "各",
];

/// Words that lead what follows: a line never ends on them (…成果 / 同乡村振兴…).
const LEADS: &[&str] = &["关于", "同", "与", "和", "及", "对", "各", "全"];

/// Words that close what precedes: a line never starts with them.
const TRAILS: &[&str] = &["的", "之", "等"];

/// The words titles are cut into.
#[derive(Debug, Clone)]
pub struct Lexicon {
    /// Longest first, so the longest word at a place wins.
    words: Vec<String>,
}

impl Lexicon {
    /// The boundary words, the template's county and its townships (with their aliases).
    pub fn of(t: &Template) -> Lexicon {
        let mut words: Vec<String> = BOUNDARIES.iter().map(|w| (*w).to_string()).collect();
        words.push(t.county.clone());
        words.push(t.county_short.clone());
        for town in &t.townships {
            words.push(town.name.clone());
            words.extend(town.aliases.iter().cloned());
        }
        words.retain(|w| !w.is_empty());
        words.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
        words.dedup();
        Lexicon { words }
    }

    /// `text` cut into words: the longest lexicon word at each place, a number with its
    /// 年/月/日 (2024年10月 is one word), and any other run of characters (Latin and digits
    /// too) kept together up to a closing bracket.
    fn cut<'t>(&self, text: &'t str) -> Vec<&'t str> {
        let mut out = Vec::new();
        let mut other = None;
        let mut i = 0;
        while i < text.len() {
            let rest = &text[i..];
            // Digits inside a Latin run (G4) belong to it.
            let in_latin = text[..i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_alphanumeric());
            let len = (!in_latin).then(|| date_len(rest)).flatten().or_else(|| {
                self.words
                    .iter()
                    .find(|w| rest.starts_with(w.as_str()))
                    .map(String::len)
            });
            match len {
                Some(len) => {
                    if let Some(start) = other.take() {
                        out.push(&text[start..i]);
                    }
                    out.push(&rest[..len]);
                    i += len;
                }
                None => {
                    other.get_or_insert(i);
                    let c = rest.chars().next().unwrap_or(' ');
                    i += c.len_utf8();
                    // A bracketed part (（街道）) closes the run before it.
                    if matches!(c, '）' | ')' | '》' | '”')
                        && let Some(start) = other.take()
                    {
                        out.push(&text[start..i]);
                    }
                }
            }
        }
        if let Some(start) = other {
            out.push(&text[start..]);
        }
        out
    }

    /// `text` in lines of at most `max` characters (see [`char_width`]), broken only
    /// between words; between characters only when a single word is wider than a line.
    pub fn lines(&self, text: &str, max: f32) -> Vec<String> {
        let text = text.trim();
        if text.is_empty() {
            return Vec::new();
        }
        let words = self.cut(text);
        let breaks = best_breaks(&words, max).or_else(|| {
            let chars: Vec<&str> = text
                .char_indices()
                .map(|(i, c)| &text[i..i + c.len_utf8()])
                .collect();
            best_breaks(&chars, max)
        });
        breaks
            .filter(|lines| !lines.is_empty())
            .unwrap_or_else(|| vec![text.to_string()])
    }
}

/// Byte length of a number with its 年/月/日 at the start of `s` (2024年10月, 28日).
fn date_len(s: &str) -> Option<usize> {
    let mut len = 0;
    loop {
        let digits: usize = s[len..]
            .chars()
            .take_while(char::is_ascii_digit)
            .map(char::len_utf8)
            .sum();
        if digits == 0 {
            break;
        }
        len += digits;
        match s[len..].chars().next() {
            Some(c @ ('年' | '月' | '日')) => len += c.len_utf8(),
            _ => break,
        }
    }
    // A bare number (第3批) stays with its words; only a date is a word of its own.
    (len > 0 && s[..len].ends_with(['年', '月', '日'])).then_some(len)
}

/// May a line end after `a` and the next start with `b`?
fn breakable(a: &str, b: &str) -> bool {
    !LEADS.contains(&a)
        && !TRAILS.contains(&b)
        && !a.chars().next_back().is_some_and(no_end)
        && !b.chars().next().is_some_and(no_start)
}

/// The lines of the best breaks of `words`, None when some word is wider than `max`.
fn best_breaks(words: &[&str], max: f32) -> Option<Vec<String>> {
    let widths: Vec<f32> = words.iter().map(|w| char_width(w)).collect();
    if widths.iter().any(|w| *w > max + 1e-3) {
        return None;
    }
    let total: f32 = widths.iter().sum();
    let fewest = (total / max - 1e-3).ceil().max(1.0) as usize;
    // A shaped layout in the fewest lines that fit or one more, else the most even in the
    // fewest; a few lines more at most (then between characters).
    let mut fallback: Option<(usize, Vec<usize>)> = None;
    for lines in fewest..fewest + 4 {
        if fallback.as_ref().is_some_and(|(n, _)| lines > n + 1) {
            break;
        }
        let mut search = Search {
            words,
            widths: &widths,
            max,
            mean: total / lines as f32,
            best: None,
            any: None,
        };
        search.run(0, lines, &mut Vec::new());
        if let Some((_, ends)) = search.best {
            return Some(join(words, &ends));
        }
        if fallback.is_none() {
            fallback = search.any.map(|(_, ends)| (lines, ends));
        }
    }
    fallback.map(|(_, ends)| join(words, &ends))
}

/// Depth-first over the places where lines may end, keeping the most even layout.
struct Search<'a> {
    words: &'a [&'a str],
    widths: &'a [f32],
    max: f32,
    mean: f32,
    /// (cost, line ends) of the most even layout of a good shape.
    best: Option<(f32, Vec<usize>)>,
    /// The most even layout of any shape.
    any: Option<(f32, Vec<usize>)>,
}

impl Search<'_> {
    fn run(&mut self, start: usize, lines: usize, ends: &mut Vec<usize>) {
        let n = self.words.len();
        if lines == 1 {
            let w: f32 = self.widths[start..].iter().sum();
            if w <= self.max + 1e-3 {
                ends.push(n);
                self.consider(ends);
                ends.pop();
            }
            return;
        }
        let mut w = 0.0;
        for end in start + 1..n {
            w += self.widths[end - 1];
            if w > self.max + 1e-3 {
                break;
            }
            if breakable(self.words[end - 1], self.words[end]) {
                ends.push(end);
                self.run(end, lines - 1, ends);
                ends.pop();
            }
        }
    }

    fn consider(&mut self, ends: &[usize]) {
        let mut lengths = Vec::with_capacity(ends.len());
        let mut start = 0;
        for &end in ends {
            lengths.push(self.widths[start..end].iter().sum::<f32>());
            start = end;
        }
        let cost: f32 = lengths.iter().map(|l| (l - self.mean).powi(2)).sum();
        let better =
            |slot: &Option<(f32, Vec<usize>)>| slot.as_ref().is_none_or(|(c, _)| cost < *c - 1e-4);
        if better(&self.any) {
            self.any = Some((cost, ends.to_vec()));
        }
        if shaped(&lengths) && better(&self.best) {
            self.best = Some((cost, ends.to_vec()));
        }
    }
}

/// A 梯形 or a 菱形: the lengths never fall and then rise again.
fn shaped(lengths: &[f32]) -> bool {
    let mut fallen = false;
    for pair in lengths.windows(2) {
        if pair[1] < pair[0] - 1e-3 {
            fallen = true;
        } else if fallen && pair[1] > pair[0] + 1e-3 {
            return false;
        }
    }
    true
}

fn join(words: &[&str], ends: &[usize]) -> Vec<String> {
    let mut out = Vec::with_capacity(ends.len());
    let mut start = 0;
    for &end in ends {
        out.push(words[start..end].concat());
        start = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> Lexicon {
        Lexicon::of(&Template::bundled())
    }

    #[test]
    fn cuts_into_words_and_dates() {
        let words = lexicon().cut("湘乡市巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作领导小组办公室关于2024年10月工作调度情况的通报");
        assert_eq!(
            words,
            [
                "湘乡市",
                "巩固拓展脱贫攻坚成果",
                "同",
                "乡村振兴有效衔接",
                "工作",
                "领导小组",
                "办公室",
                "关于",
                "2024年10月",
                "工作",
                "调度",
                "情况",
                "的",
                "通报"
            ]
        );
    }

    #[test]
    fn the_seed_title_is_a_diamond_of_whole_words() {
        let lines = lexicon().lines(
            "湘乡市巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作领导小组办公室关于2024年10月工作调度情况的通报",
            20.1,
        );
        assert_eq!(
            lines,
            [
                "湘乡市巩固拓展脱贫攻坚成果",
                "同乡村振兴有效衔接工作领导小组办公室",
                "关于2024年10月工作调度情况的通报"
            ]
        );
    }

    #[test]
    fn a_short_title_stays_on_one_line_and_a_long_word_still_breaks() {
        let lex = lexicon();
        assert_eq!(
            lex.lines("2024年10月工作调度图表", 20.1),
            ["2024年10月工作调度图表"]
        );
        assert_eq!(
            lex.lines("2024年10月各乡镇（街道）重点指标完成情况表", 20.1),
            ["2024年10月各乡镇（街道）", "重点指标完成情况表"]
        );
        // No word list covers it: broken between characters, still balanced.
        let lines = lex.lines("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥", 20.0);
        assert_eq!(lines, ["甲乙丙丁戊己庚辛壬癸子", "丑寅卯辰巳午未申酉戌亥"]);
        assert!(lex.lines("  ", 20.0).is_empty());
    }

    #[test]
    fn another_countys_title_breaks_without_its_words_in_any_list() {
        let t = Template::parse(
            "county = \"某某自治县\"\n[[townships]]\nname = \"甲镇\"\n[[indicators]]\nid = \"a\"\nname = \"甲\"\nunit = \"个\"\n",
            "t.toml",
        )
        .unwrap();
        let lines = Lexicon::of(&t).lines(
            "某某自治县农村人居环境整治工作领导小组办公室关于2025年3月G4京港澳高速沿线整治情况的通报",
            20.1,
        );
        assert!(lines.len() >= 2, "{lines:?}");
        assert_eq!(
            lines.concat(),
            "某某自治县农村人居环境整治工作领导小组办公室关于2025年3月G4京港澳高速沿线整治情况的通报"
        );
        // Never inside the county's name, the date or the road's code.
        for l in &lines {
            assert!(
                !l.ends_with("某某") && !l.ends_with("G") && !l.starts_with('4'),
                "{lines:?}"
            );
        }
        assert!(lines.iter().any(|l| l.contains("2025年3月")), "{lines:?}");
    }

    #[test]
    fn shapes() {
        assert!(shaped(&[13.0, 18.0, 16.0]), "菱形");
        assert!(shaped(&[12.0, 15.0, 17.0]) && shaped(&[17.0, 15.0]), "梯形");
        assert!(!shaped(&[18.0, 13.0, 16.0]), "沙漏形");
    }
}
