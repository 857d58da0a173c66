//! A column's header path: the words its header rows give it, top to bottom, cleaned the
//! same way for a sheet's headers and a template's names, so that `人口数 / 合计 / 男` in
//! three merged header rows and the alias `人口数/合计/男` are the same path.

use super::lookup::{strip_enumerator, strip_trailing_bracket};
use super::{HeaderTarget, Template, is_unit};
use crate::text::fold;

/// The words of one column's header, with the unit its header writes (（户）, (万元), a
/// unit row's 人) if any.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HeaderPath {
    pub words: Vec<String>,
    pub unit: Option<String>,
}

/// How closely a column's path matches a template name; lower is closer. `alias`: 0 when an
/// alias written as a path matched, 1 for a name; `dropped_groups`: group words above the
/// match left out; `dropped_totals`: 合计/小计 leaves that total their group, left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Closeness {
    pub alias: u8,
    pub dropped_groups: u8,
    pub dropped_totals: u8,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PathMatch {
    pub target: HeaderTarget,
    pub unit: Option<String>,
    pub closeness: Closeness,
}

/// Cleans header parts as written (top to bottom): spaces and line breaks removed, widths
/// folded, numbering (1.、（一）、其中：) and unit brackets taken off each word, a part that
/// is only a unit or a note in brackets (（户）, (女=100)) dropped, and `人口数_合计` split
/// into its two words.
pub fn header_path<S: AsRef<str>>(parts: &[S]) -> HeaderPath {
    let mut path = HeaderPath::default();
    let count = parts.len();
    for (i, part) in parts.iter().enumerate() {
        let folded = fold(part.as_ref());
        let pieces: Vec<&str> = folded.split('_').filter(|p| !p.is_empty()).collect();
        for piece in pieces {
            let alone = count == 1;
            if let Some(word) = clean_word(piece, alone && i == 0, &mut path.unit) {
                path.words.push(word);
            }
        }
    }
    path
}

/// The path of a template name or alias: `有劳动能力/低保对象（户）` → [有劳动能力, 低保对象].
pub fn alias_path(alias: &str) -> HeaderPath {
    let parts: Vec<&str> = alias.split('/').collect();
    header_path(&parts)
}

fn clean_word(piece: &str, only: bool, unit: &mut Option<String>) -> Option<String> {
    let mut s = piece;
    // A part that is wholly a bracket: （户） is the unit, (女=100) a note.
    if let Some(inside) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')'))
        && !inside.contains(['(', ')'])
    {
        let inside = inside.strip_prefix("单位:").unwrap_or(inside);
        if is_unit(inside) {
            unit.get_or_insert_with(|| inside.to_string());
        }
        return None;
    }
    s = strip_enumerator(s);
    while let Some((rest, inside)) = strip_trailing_bracket(s) {
        let inside = inside.strip_prefix("单位:").unwrap_or(inside);
        // A classification code (耕地（01）) is not part of the name either.
        let code = !inside.is_empty() && inside.chars().all(|c| c.is_ascii_alphanumeric());
        if is_unit(inside) {
            unit.get_or_insert_with(|| inside.to_string());
        } else if !inside.contains('=') && !code {
            break;
        }
        s = rest;
    }
    // 其中 over a column's sub-items says "of which", nothing of its own.
    if s == "其中" && !only {
        return None;
    }
    // A bare unit under a name (监测对象 over 户) is the unit; 户数 and 人数 are names.
    if !only && is_unit(s) && !s.ends_with('数') {
        unit.get_or_insert_with(|| s.to_string());
        return None;
    }
    (!s.is_empty()).then(|| s.to_string())
}

/// 合计, 小计, 总计: a leaf that totals the group above it (人口数 / 合计 is 人口数).
pub fn is_total_word(word: &str) -> bool {
    matches!(word, "合计" | "小计" | "总计" | "计" | "总数" | "合计数")
}

impl Template {
    /// What a column's header path names, and how closely. An alias written as a path
    /// matches the path's last words; a name matches the path's words run together, or its
    /// lower words when the upper ones are a group it does not name. A group's name never
    /// matches a column under it: only 合计/小计 leaves may be left out at the bottom.
    pub fn match_path(&self, path: &HeaderPath) -> Option<PathMatch> {
        let words = &path.words;
        let n = words.len();
        if n == 0 {
            return None;
        }
        let totals = words
            .iter()
            .rev()
            .take_while(|w| is_total_word(w))
            .count()
            .min(n - 1);
        let closeness = |alias, k: usize, m: usize| Closeness {
            alias,
            dropped_groups: k.min(255) as u8,
            dropped_totals: m.min(255) as u8,
        };
        let mut best: Option<PathMatch> = None;
        for (alias, unit, target) in self.lookups.path_aliases() {
            // 有劳动能力/低保对象(户) is not the (人) column beside it.
            if let (Some(a), Some(b)) = (unit, &path.unit)
                && a != b
            {
                continue;
            }
            for m in 0..=totals {
                let p = &words[..n - m];
                if p.ends_with(alias) {
                    let c = closeness(0, p.len() - alias.len(), m);
                    if best.as_ref().is_none_or(|b| c < b.closeness) {
                        best = Some(PathMatch {
                            target: *target,
                            unit: path.unit.clone(),
                            closeness: c,
                        });
                    }
                }
            }
        }
        if best.is_some() {
            return best;
        }
        for k in 0..n {
            for m in 0..=totals {
                if k >= n - m {
                    break;
                }
                let key = words[k..n - m].concat();
                let Some((target, unit)) = self.lookups.match_header(&key) else {
                    continue;
                };
                // The township column is named by its own header cell, never by a group.
                if target == HeaderTarget::Township && (k + 1 != n || m != 0) {
                    continue;
                }
                return Some(PathMatch {
                    target,
                    unit: unit.or_else(|| path.unit.clone()),
                    closeness: closeness(1, k, m),
                });
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(parts: &[&str]) -> Vec<String> {
        header_path(parts).words
    }

    #[test]
    fn cleans_the_words_of_a_path() {
        assert_eq!(
            words(&["人 口 数", "合  计", "男"]),
            ["人口数", "合计", "男"]
        );
        assert_eq!(
            words(&["1.贫困户基本情况", "有劳动能力", "低保对象(户) "]),
            ["贫困户基本情况", "有劳动能力", "低保对象"]
        );
        assert_eq!(words(&["耕地\n（01）"]), ["耕地"]);
        assert_eq!(words(&["其中", "水田\n（0101）"]), ["水田"]);
        assert_eq!(words(&["性别比", "(女=100)"]), ["性别比"]);
        assert_eq!(words(&["人口数_合计"]), ["人口数", "合计"]);
        let p = header_path(&["监测对象", "户数", "（户）"]);
        assert_eq!(
            (p.words.as_slice(), p.unit.as_deref()),
            (
                ["监测对象".to_string(), "户数".to_string()].as_slice(),
                Some("户")
            )
        );
        let p = header_path(&["低收入困难家庭\u{3000}\u{3000}(户)"]);
        assert_eq!(
            (p.words, p.unit.as_deref()),
            (vec!["低收入困难家庭".to_string()], Some("户"))
        );
        assert_eq!(
            alias_path("有劳动能力/低保对象（户）").words,
            ["有劳动能力", "低保对象"]
        );
    }
}
