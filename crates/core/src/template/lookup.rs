//! Look-up tables built from a template: header text → indicator, sheet spelling → township.

use std::collections::{HashMap, HashSet};

use super::TemplateFile;
use crate::text::fold;

/// What a header cell names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HeaderTarget {
    Indicator(usize),
    Responsibility(usize),
    /// The column of township names (乡镇（街道）, 单位…).
    Township,
    /// 序号 and the like: ignored.
    Serial,
}

const SERIAL_HEADERS: &[&str] = &["序号", "编号", "序", "行次", "no", "no.", "xh", "行号"];

const UNITS: &[&str] = &[
    "户",
    "人",
    "个",
    "条",
    "次",
    "万元",
    "元",
    "千元",
    "亿元",
    "%",
    "‰",
    "人次",
    "项",
    "村",
    "家",
    "名",
    "岗",
    "处",
    "件",
    "所",
    "亩",
    "天",
    "万人",
    "户数",
    "人数",
    "百分比",
    "个百分点",
    "个数",
    "座",
    "公里",
    "千米",
    "米",
    "公顷",
    "平方米",
    "平方公里",
    "万亩",
    "吨",
    "头",
    "只",
    "套",
    "间",
    "辆",
    "台",
    "万人次",
    "万户",
];

const TOWNSHIP_SUFFIXES: &[&str] = &["民族乡", "街道", "镇", "乡", "苏木", "办事处"];
/// The same for county-level and provincial units (a table of counties or provinces:
/// 北京 for 北京市); a stem of one character (城 of 城区) is not taken.
const COUNTY_SUFFIXES: &[&str] = &[
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "县",
    "区",
    "市",
    "旗",
    "省",
];

#[derive(Debug, Clone, Default)]
pub(super) struct Lookups {
    headers: HashMap<String, HeaderTarget>,
    townships: HashMap<String, usize>,
    /// Name without its 镇/乡/街道 suffix; None where two townships share it.
    stems: HashMap<String, Option<usize>>,
    /// Name without its 市/县/省… suffix (北京 of 北京市); None where two units share it.
    county_stems: HashMap<String, Option<usize>>,
    county: String,
    totals: HashSet<String>,
    /// Aliases written as a path (`人口数/合计/男`): their words, and what they name.
    /// Aliases written as paths, with the unit they write (低保对象(户)).
    paths: Vec<(Vec<String>, Option<String>, HeaderTarget)>,
}

impl Lookups {
    pub(super) fn build(
        file: &TemplateFile,
        county_short: &str,
    ) -> Result<Lookups, (String, String)> {
        let mut l = Lookups {
            county: fold(&file.county),
            ..Lookups::default()
        };
        let mut strong: HashMap<String, (HeaderTarget, String)> = HashMap::new();
        let mut paths: Vec<(Vec<String>, Option<String>, HeaderTarget)> = Vec::new();
        let mut add =
            |key: &str, target: HeaderTarget, original: &str| -> Result<(), (String, String)> {
                if key.contains('/') {
                    let path = super::header::alias_path(key);
                    if !path.words.is_empty() {
                        paths.push((path.words, path.unit, target));
                    }
                    return Ok(());
                }
                let k = fold(key);
                if k.is_empty() {
                    return Ok(());
                }
                match strong.get(&k) {
                    Some((t, other)) if *t != target => Err((
                        format!("\"{original}\""),
                        format!("名称或别名“{original}”同时指向两个不同的列（另见“{other}”）"),
                    )),
                    _ => {
                        strong.insert(k, (target, original.to_string()));
                        Ok(())
                    }
                }
            };
        for (i, ind) in file.indicators.iter().enumerate() {
            add(&ind.name, HeaderTarget::Indicator(i), &ind.name)?;
            add(&ind.id, HeaderTarget::Indicator(i), &ind.id)?;
            for a in &ind.aliases {
                add(a, HeaderTarget::Indicator(i), a)?;
            }
        }
        for (i, r) in file.responsibilities.iter().enumerate() {
            add(&r.name, HeaderTarget::Responsibility(i), &r.name)?;
            add(&r.id, HeaderTarget::Responsibility(i), &r.id)?;
            for a in &r.aliases {
                add(a, HeaderTarget::Responsibility(i), a)?;
            }
        }
        // The words a unit column is headed with anywhere (a county, a province, an age).
        let defaults = [
            "乡镇（街道）",
            "乡镇",
            "街道",
            "单位",
            "单位名称",
            "乡镇名称",
            "乡镇（街道）名称",
            "镇",
            "镇名称",
            "镇（街道）",
            "乡（镇）",
            "乡（镇、街道）",
            "镇街",
            "街镇",
            "地区",
            "地区名称",
            "区域",
            "行政区划",
            "行政区划名称",
            "区县",
            "区（县）",
            "县区",
            "县（区）",
            "县（市）",
            "县（市、区）",
            "县市区",
            "区县名称",
            "行政区域",
            "行政区域名称",
        ];
        for h in file
            .township_headers
            .iter()
            .map(String::as_str)
            .chain(defaults)
        {
            let k = fold(h);
            strong
                .entry(k)
                .or_insert_with(|| (HeaderTarget::Township, h.to_string()));
        }
        for h in SERIAL_HEADERS {
            strong
                .entry(fold(h))
                .or_insert((HeaderTarget::Serial, h.to_string()));
        }
        // Weak keys: a name written without its trailing 数 (监测对象户 for 监测对象户数).
        let weak: Vec<(String, HeaderTarget)> = strong
            .iter()
            .filter_map(|(k, (t, _))| {
                let short = k.strip_suffix('数')?;
                (short.chars().count() >= 3).then(|| (short.to_string(), *t))
            })
            .collect();
        l.headers = strong.into_iter().map(|(k, (t, _))| (k, t)).collect();
        l.paths = paths;
        for (k, t) in weak {
            l.headers.entry(k).or_insert(t);
        }

        for (i, t) in file.townships.iter().enumerate() {
            for name in std::iter::once(&t.name).chain(&t.aliases) {
                let k = fold(name);
                if let Some(&other) = l.townships.get(&k)
                    && other != i
                {
                    return Err((
                        format!("\"{name}\""),
                        format!("乡镇别名“{name}”同时属于两个乡镇"),
                    ));
                }
                l.townships.insert(k.clone(), i);
                if let Some(stem) = strip_county_suffix(&k) {
                    l.county_stems
                        .entry(stem.to_string())
                        .and_modify(|e| {
                            if *e != Some(i) {
                                *e = None
                            }
                        })
                        .or_insert(Some(i));
                }
                if let Some(stem) = strip_suffix(&k) {
                    l.stems
                        .entry(stem.to_string())
                        .and_modify(|e| {
                            if *e != Some(i) {
                                *e = None
                            }
                        })
                        .or_insert(Some(i));
                }
            }
        }
        // A stem that is itself a full name of another township is not a stem.
        let full: HashSet<String> = l.townships.keys().cloned().collect();
        l.stems
            .retain(|k, _| k.chars().count() >= 2 && !full.contains(k));

        for label in file.total_labels.iter().map(String::as_str).chain([
            "合计",
            "总计",
            "汇总",
            "总合计",
            "合计数",
            county_short,
        ]) {
            l.totals.insert(fold(label));
        }
        l.totals.insert(l.county.clone());
        l.totals.insert(format!("{}合计", l.county));
        l.totals.insert(format!("{}合计", fold(county_short)));
        Ok(l)
    }

    pub(super) fn resolve_township(&self, text: &str) -> Option<usize> {
        let mut t = fold(text);
        if t.is_empty() {
            return None;
        }
        if let Some(&i) = self.townships.get(&t) {
            return Some(i);
        }
        // 东山街道(盖章), 毛田镇（人民政府）
        while let Some(rest) = strip_trailing_bracket(&t) {
            t = rest.0.to_string();
        }
        if let Some(rest) = t.strip_prefix(self.county.as_str())
            && !rest.is_empty()
        {
            t = rest.to_string();
        }
        for decoration in ["人民政府", "政府", "党委", "党工委", "委员会"] {
            if let Some(rest) = t.strip_suffix(decoration)
                && !rest.is_empty()
            {
                t = rest.to_string();
                break;
            }
        }
        if let Some(&i) = self.townships.get(&t) {
            return Some(i);
        }
        if let Some(stem) = t.strip_suffix("办事处")
            && let Some(&i) = self.townships.get(&format!("{stem}街道"))
        {
            return Some(i);
        }
        let stem = strip_suffix(&t).unwrap_or(&t);
        if let Some(i) = self.stems.get(stem).copied().flatten() {
            return Some(i);
        }
        // A table of counties or provinces: 北京市 for the template's 北京 and 北京 for its
        // 北京市, never 长沙市 for 长沙县.
        match strip_county_suffix(&t) {
            Some(bare) => self.townships.get(bare).copied(),
            None => self.county_stems.get(&t).copied().flatten(),
        }
    }

    /// The township whose name, alias or stem the text contains (the longest one).
    pub(super) fn township_in(&self, text: &str) -> Option<usize> {
        let t = fold(text);
        let full = self
            .townships
            .iter()
            .filter(|(k, _)| k.chars().count() >= 2 && t.contains(k.as_str()))
            .max_by_key(|(k, _)| k.len())
            .map(|(_, &i)| i);
        full.or_else(|| {
            self.stems
                .iter()
                .filter_map(|(k, i)| i.map(|i| (k, i)))
                .filter(|(k, _)| t.contains(k.as_str()))
                .max_by_key(|(k, _)| k.len())
                .map(|(_, i)| i)
        })
    }

    pub(super) fn match_header(&self, text: &str) -> Option<(HeaderTarget, Option<String>)> {
        let mut key = strip_enumerator(&fold(text)).to_string();
        let mut unit = None;
        loop {
            if let Some(&t) = self.headers.get(&key) {
                return Some((t, unit));
            }
            if let Some(t) = key.strip_suffix('数').and_then(|k| self.headers.get(k)) {
                return Some((*t, unit));
            }
            if let Some(t) = self.headers.get(&format!("{key}数")) {
                return Some((*t, unit));
            }
            if let Some((rest, inside)) = strip_trailing_bracket(&key) {
                let inside = inside.strip_prefix("单位:").unwrap_or(inside);
                if unit.is_none() && is_unit(inside) {
                    unit = Some(inside.to_string());
                }
                key = rest.to_string();
                continue;
            }
            if let Some((rest, u)) = key.rsplit_once('/')
                && is_unit(u)
            {
                unit = Some(u.to_string());
                key = rest.to_string();
                continue;
            }
            return None;
        }
    }

    pub(super) fn path_aliases(&self) -> &[(Vec<String>, Option<String>, HeaderTarget)] {
        &self.paths
    }

    pub(super) fn is_total_label(&self, text: &str) -> bool {
        let t = fold(text);
        self.totals.contains(&t) || t.ends_with("合计") || t.ends_with("总计")
    }
}

/// Whether a folded text is a unit such as 户, 万元 or %.
pub fn is_unit(s: &str) -> bool {
    UNITS.contains(&s)
}

fn strip_suffix(name: &str) -> Option<&str> {
    TOWNSHIP_SUFFIXES
        .iter()
        .find_map(|s| name.strip_suffix(s))
        .filter(|s| !s.is_empty())
}

fn strip_county_suffix(name: &str) -> Option<&str> {
    let (stem, suffix) = COUNTY_SUFFIXES
        .iter()
        .find_map(|s| name.strip_suffix(s).map(|stem| (stem, *s)))?;
    // 新疆维吾尔自治区 → 新疆, 湘西土家族苗族自治州 → 湘西: the peoples named before 自治….
    let stem = if suffix.starts_with("自治") {
        PEOPLES
            .iter()
            .filter_map(|p| stem.find(p))
            .min()
            .map_or(stem, |i| &stem[..i])
    } else {
        stem
    };
    (stem.chars().count() >= 2).then_some(stem)
}

/// The peoples an autonomous unit's name may carry before 自治区/州/县/旗.
const PEOPLES: &[&str] = &[
    "维吾尔",
    "壮族",
    "回族",
    "藏族",
    "苗族",
    "土家族",
    "彝族",
    "侗族",
    "瑶族",
    "白族",
    "哈尼族",
    "傣族",
    "黎族",
    "畲族",
    "蒙古族",
    "满族",
    "朝鲜族",
    "布依族",
    "羌族",
    "仡佬族",
    "水族",
    "仫佬族",
    "毛南族",
    "纳西族",
    "傈僳族",
    "拉祜族",
    "佤族",
    "景颇族",
    "哈萨克",
    "柯尔克孜",
    "锡伯",
    "达斡尔",
    "鄂温克",
    "鄂伦春",
    "撒拉族",
    "土族",
    "东乡族",
    "保安族",
    "裕固族",
    "塔吉克",
    "各族",
];

/// `abc(def)` → (`abc`, `def`) for a trailing bracket group.
pub(super) fn strip_trailing_bracket(s: &str) -> Option<(&str, &str)> {
    let close = s.chars().last()?;
    let open = match close {
        ')' => '(',
        ']' => '[',
        _ => return None,
    };
    let start = s.rfind(open)?;
    let rest = &s[..start];
    let inside = &s[start + open.len_utf8()..s.len() - close.len_utf8()];
    (!rest.is_empty()).then_some((rest, inside))
}

/// Drops 其中：, 1. , (1), (一), 一, and ①-style numbering before a header's name.
pub(super) fn strip_enumerator(s: &str) -> &str {
    let mut t = s;
    for p in ["其中:", "其中", "含:", "包括:"] {
        if let Some(rest) = t.strip_prefix(p)
            && !rest.is_empty()
        {
            t = rest;
        }
    }
    let numerals = |c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
    if let Some(rest) = t.strip_prefix('(')
        && let Some(end) = rest.find(')')
        && end > 0
        && rest[..end].chars().all(numerals)
        && end + 1 < rest.len()
    {
        return &rest[end + 1..];
    }
    let n: usize = t
        .chars()
        .take_while(|&c| numerals(c))
        .map(char::len_utf8)
        .sum();
    if n > 0 {
        let rest = &t[n..];
        for sep in [".", ",", ":", ")"] {
            if let Some(r) = rest.strip_prefix(sep)
                && !r.is_empty()
            {
                return r;
            }
        }
    }
    if let Some(c) = t.chars().next()
        && ('①'..='⑳').contains(&c)
        && t.len() > c.len_utf8()
    {
        return &t[c.len_utf8()..];
    }
    t
}

#[cfg(test)]
mod tests {
    use crate::template::{HeaderTarget, Template};

    fn t() -> Template {
        Template::bundled()
    }

    #[test]
    fn resolves_township_spellings() {
        let t = t();
        let name = |s: &str| t.resolve_township(s).map(|i| t.townships[i].name.clone());
        assert_eq!(name("毛田").as_deref(), Some("毛田镇"));
        assert_eq!(name("毛田镇人民政府").as_deref(), Some("毛田镇"));
        assert_eq!(name("东山办事处").as_deref(), Some("东山街道"));
        assert_eq!(name(" 虞塘镇 ").as_deref(), Some("虞唐镇"));
        assert_eq!(
            name(&format!("{}棋梓镇", t.county)).as_deref(),
            Some("棋梓镇")
        );
        assert_eq!(name("育塅乡（盖章）").as_deref(), Some("育塅乡"));
        assert_eq!(name("火星镇"), None);
        assert_eq!(name("合计"), None);
    }

    #[test]
    fn a_table_of_provinces_or_counties_matches_with_and_without_the_suffix() {
        let mut text = String::from("county = \"全国\"\n");
        for n in ["北京", "新疆维吾尔自治区", "长沙县", "湘西土家族苗族自治州"]
        {
            text.push_str(&format!("[[townships]]\nname = \"{n}\"\n"));
        }
        text.push_str("[[indicators]]\nid = \"a\"\nname = \"人口\"\nunit = \"人\"\n");
        let t = Template::parse(&text, "t.toml").unwrap();
        let name = |s: &str| t.resolve_township(s).map(|i| t.townships[i].name.clone());
        assert_eq!(name("北京市").as_deref(), Some("北京"));
        assert_eq!(name("新疆").as_deref(), Some("新疆维吾尔自治区"));
        assert_eq!(name("湘西").as_deref(), Some("湘西土家族苗族自治州"));
        // Another unit of the same stem is not this one.
        assert_eq!(name("长沙市"), None);
        assert_eq!(name("长沙县").as_deref(), Some("长沙县"));
    }

    #[test]
    fn matches_headers_with_units_and_numbering() {
        let t = t();
        let ind = |s: &str| match t.match_header(s) {
            Some((HeaderTarget::Indicator(i), u)) => Some((t.indicators[i].id.clone(), u)),
            _ => None,
        };
        assert_eq!(
            ind("监测对象户数（户）"),
            Some(("monitor_households".into(), Some("户".into())))
        );
        assert_eq!(ind("监测户数(户)").unwrap().0, "monitor_households");
        assert_eq!(ind("其中：风险已消除户数").unwrap().0, "cleared_households");
        assert_eq!(
            ind("吸纳脱贫（监测）人口就业人数").unwrap().0,
            "workshop_jobs"
        );
        assert_eq!(
            ind("衔接资金计划（元）"),
            Some(("fund_planned".into(), Some("元".into())))
        );
        assert_eq!(ind("1.监测对象人数"), Some(("monitor_people".into(), None)));
        assert_eq!(ind("驻村工作队在岗率(%)").unwrap().1.as_deref(), Some("%"));
        assert_eq!(ind("监测对象户"), Some(("monitor_households".into(), None)));
        assert!(matches!(
            t.match_header("乡镇（街道）"),
            Some((HeaderTarget::Township, _))
        ));
        assert!(matches!(
            t.match_header("乡镇（街道）主体"),
            Some((HeaderTarget::Responsibility(1), _))
        ));
        assert!(matches!(
            t.match_header("序号"),
            Some((HeaderTarget::Serial, _))
        ));
        assert_eq!(t.match_header("联系电话"), None);
    }

    #[test]
    fn knows_total_rows() {
        let t = t();
        assert!(t.is_total_label("合计"));
        assert!(t.is_total_label("合  计"));
        assert!(t.is_total_label("全市合计"));
        assert!(t.is_total_label(&t.county));
        assert!(!t.is_total_label("毛田镇"));
    }
}
