//! The small parts of an .xlsx the sheets need: the sheet list (workbook and its
//! relationships), the shared strings and the cell styles (which number formats are dates,
//! which percentages). Each returns None on anything unusual.

use std::collections::HashMap;

use memchr::{memchr, memmem};

use super::xml::{self, attr, prefixed_attr, tag};

/// A sheet of the workbook: its name, its part in the zip, and whether it is hidden.
pub struct SheetPart {
    pub name: String,
    pub path: String,
    pub hidden: bool,
}

/// Each `<tagname …>` element of a part, in order: (attributes, start of its body, end of
/// its body). Stops at the first tag it cannot read.
fn elements<'a>(x: &'a [u8], name: &'a [u8]) -> impl Iterator<Item = (&'a [u8], usize)> + 'a {
    let mut open = Vec::with_capacity(name.len() + 1);
    open.push(b'<');
    open.extend_from_slice(name);
    let finder = memmem::Finder::new(&open).into_owned();
    let mut from = 0;
    std::iter::from_fn(move || {
        loop {
            let at = from + finder.find(x.get(from..)?)?;
            let t = tag(x, at + 1)?;
            from = t.end;
            if t.name == name {
                return Some((t.attrs, t.end));
            }
        }
    })
}

/// The sheets in workbook order, or None when the workbook is not the plain kind (1904
/// dates, a chart sheet, an odd path).
pub fn sheets(workbook: &[u8], rels: &[u8]) -> Option<Vec<SheetPart>> {
    if let Some((attrs, _)) = elements(workbook, b"workbookPr").next()
        && attr(attrs, b"date1904").is_some_and(|v| v == b"1" || v == b"true")
    {
        return None;
    }
    let mut targets: HashMap<&[u8], String> = HashMap::new();
    for (attrs, _) in elements(rels, b"Relationship") {
        let kind = attr(attrs, b"Type")?;
        if !kind.ends_with(b"/worksheet") {
            continue;
        }
        let target = xml::text(attr(attrs, b"Target")?)?;
        let path = match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("xl/{target}"),
        };
        if path.contains("..") {
            return None;
        }
        targets.insert(attr(attrs, b"Id")?, path);
    }
    let mut out = Vec::new();
    for (attrs, _) in elements(workbook, b"sheet") {
        let id = prefixed_attr(attrs, b"id")?;
        out.push(SheetPart {
            name: xml::text(attr(attrs, b"name")?)?.into_owned(),
            // A chart or dialog sheet has no worksheet relationship: not the plain kind.
            path: targets.get(id)?.clone(),
            hidden: attr(attrs, b"state").is_some_and(|s| s != b"visible"),
        });
    }
    (!out.is_empty()).then_some(out)
}

/// The path of the part related as `kind` (a `Type` ending in `/kind`), if any; relative
/// targets are under `base` (`xl/` for the workbook's relationships, none for the root's).
pub fn related(rels: &[u8], kind: &[u8], base: &str) -> Option<String> {
    elements(rels, b"Relationship").find_map(|(attrs, _)| {
        attr(attrs, b"Type")?.ends_with(kind).then(|| {
            let target = xml::text(attr(attrs, b"Target")?)?;
            Some(match target.strip_prefix('/') {
                Some(absolute) => absolute.to_string(),
                None => format!("{base}{target}"),
            })
        })?
    })
}

/// The shared strings, in order.
pub fn shared_strings(x: &[u8]) -> Option<Vec<String>> {
    let count = elements(x, b"sst")
        .next()
        .and_then(|(a, _)| attr(a, b"uniqueCount"))
        .and_then(|n| std::str::from_utf8(n).ok()?.parse::<usize>().ok())
        .unwrap_or(0);
    // The count is only a hint: never more than the part could hold.
    let mut out = Vec::with_capacity(count.min(x.len() / 8));
    let close = memmem::Finder::new(b"</si>");
    let mut from = 0;
    while let Some(p) = memmem::find(&x[from..], b"<si") {
        let t = tag(x, from + p + 1)?;
        if t.name != b"si" {
            from = t.end;
            continue;
        }
        if t.empty {
            out.push(String::new());
            from = t.end;
            continue;
        }
        let end = t.end + close.find(&x[t.end..])?;
        out.push(xml::runs(x, t.end, end)?);
        from = end + 5;
    }
    Some(out)
}

/// What a cell style says about its numbers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NumberStyle {
    pub date: bool,
    pub percent: bool,
}

/// The number style of each cell format (`cellXfs`), by index.
pub fn styles(x: &[u8]) -> Option<Vec<NumberStyle>> {
    let mut custom: HashMap<u32, String> = HashMap::new();
    for (attrs, _) in elements(x, b"numFmt") {
        let id = number(attr(attrs, b"numFmtId")?)?;
        custom.insert(id, xml::text(attr(attrs, b"formatCode")?)?.into_owned());
    }
    let Some(start) = memmem::find(x, b"<cellXfs") else {
        return Some(Vec::new());
    };
    let end = start + memmem::find(&x[start..], b"</cellXfs>").unwrap_or(x.len() - start);
    let mut out = Vec::new();
    for (attrs, _) in elements(&x[start..end], b"xf") {
        let id = attr(attrs, b"numFmtId").map_or(Some(0), number)?;
        out.push(match custom.get(&id) {
            Some(code) => NumberStyle {
                date: is_date_format(code),
                percent: code.contains('%'),
            },
            None => NumberStyle {
                date: matches!(id, 14..=22 | 27..=36 | 45..=47 | 50..=58),
                percent: matches!(id, 9 | 10),
            },
        });
    }
    Some(out)
}

fn number(raw: &[u8]) -> Option<u32> {
    std::str::from_utf8(raw).ok()?.parse().ok()
}

/// Whether a custom number format shows a date or a time: a d, m, y, h or s outside
/// quotes, escapes and brackets (colours, conditions), in its first section; `[h]`, `[mm]`
/// and `[ss]` are elapsed times; after AM/PM's `A`, `M`/`P`/`/` complete it.
pub fn is_date_format(code: &str) -> bool {
    let mut chars = code.chars().peekable();
    let mut am_pm = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' | '_' | '*' => {
                chars.next();
            }
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                }
            }
            ';' => return false,
            '[' => {
                let inside: String = chars.by_ref().take_while(|&b| b != ']').collect();
                let lower = inside.to_ascii_lowercase();
                if !lower.is_empty() && lower.chars().all(|b| matches!(b, 'h' | 'm' | 's')) {
                    return true;
                }
            }
            'a' | 'A' if !am_pm => am_pm = true,
            'p' | 'P' | 'm' | 'M' | '/' if am_pm => return true,
            'd' | 'D' | 'm' | 'M' | 'h' | 'H' | 'y' | 'Y' | 's' | 'S' if !am_pm => return true,
            _ => {}
        }
    }
    false
}

/// A merged region's (row, column) corners.
pub type Corners = ((u32, u32), (u32, u32));

/// The merged regions listed after a sheet's data: `<mergeCell ref="A1:H1"/>`.
pub fn merges(x: &[u8]) -> Option<Vec<Corners>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = memmem::find(&x[from..], b"<mergeCell ") {
        let t = tag(x, from + p + 1)?;
        from = t.end;
        let r = attr(t.attrs, b"ref")?;
        let colon = memchr(b':', r);
        let (a, b) = match colon {
            Some(c) => (&r[..c], &r[c + 1..]),
            None => (r, r),
        };
        out.push((cell_ref(a)?, cell_ref(b)?));
    }
    Some(out)
}

/// `AB12` → (row 11, column 27), zero-based.
pub fn cell_ref(r: &[u8]) -> Option<(u32, u32)> {
    let letters = r.iter().take_while(|b| b.is_ascii_uppercase()).count();
    if letters == 0 || letters > 3 || letters == r.len() {
        return None;
    }
    let col = r[..letters]
        .iter()
        .fold(0u32, |a, &b| a * 26 + u32::from(b - b'A' + 1));
    let row = r[letters..].iter().try_fold(0u32, |a, &b| {
        (b.is_ascii_digit() && a < 100_000_000).then(|| a * 10 + u32::from(b - b'0'))
    })?;
    Some((row.checked_sub(1)?, col - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_percentages_and_plain_numbers() {
        for code in [
            "yyyy\"年\"m\"月\"d\"日\"",
            "m/d/yy",
            "[h]:mm:ss",
            "h:mm AM/PM",
            "[$-804]yyyy年m月",
        ] {
            assert!(is_date_format(code), "{code}");
        }
        for code in [
            "0.00%",
            "#,##0",
            "0.0_);[Red](0.0)",
            "\"元\"0.00",
            "[Red]0",
            "General",
        ] {
            assert!(!is_date_format(code), "{code}");
        }
        let styles = styles(
            b"<styleSheet><numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"0.0%\"/></numFmts>\
              <cellStyleXfs><xf numFmtId=\"14\"/></cellStyleXfs>\
              <cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\" applyNumberFormat=\"1\"/>\
              <xf numFmtId=\"14\"><alignment horizontal=\"center\"/></xf><xf numFmtId=\"9\"/></cellXfs></styleSheet>",
        )
        .unwrap();
        let p = |date, percent| NumberStyle { date, percent };
        assert_eq!(
            styles,
            vec![
                p(false, false),
                p(false, true),
                p(true, false),
                p(false, true)
            ]
        );
    }

    #[test]
    fn cell_references_and_merges() {
        assert_eq!(cell_ref(b"A1"), Some((0, 0)));
        assert_eq!(cell_ref(b"AB12"), Some((11, 27)));
        assert_eq!(cell_ref(b"XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(cell_ref(b"A0"), None);
        assert_eq!(cell_ref(b"12"), None);
        assert_eq!(
            merges(b"</sheetData><mergeCells count=\"2\"><mergeCell ref=\"A1:H1\"/><mergeCell ref=\"B3\"/></mergeCells>"),
            Some(vec![((0, 0), (0, 7)), ((2, 1), (2, 1))])
        );
    }

    #[test]
    fn workbook_sheets_and_strings() {
        let workbook = b"<workbook><workbookPr/><sheets><sheet name=\"\xe5\xa1\xab&amp;\" sheetId=\"1\" state=\"hidden\" r:id=\"rId2\"/>\
            <sheet name=\"S2\" sheetId=\"2\" r:id=\"rId1\"/></sheets></workbook>";
        let rels = b"<Relationships><Relationship Id=\"rId1\" Type=\"http://x/worksheet\" Target=\"worksheets/sheet2.xml\"/>\
            <Relationship Id=\"rId2\" Type=\"http://x/worksheet\" Target=\"/xl/worksheets/sheet1.xml\"/>\
            <Relationship Id=\"rId3\" Type=\"http://x/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>";
        let s = sheets(workbook, rels).unwrap();
        assert_eq!(
            (s[0].name.as_str(), s[0].path.as_str(), s[0].hidden),
            ("填&", "xl/worksheets/sheet1.xml", true)
        );
        assert_eq!(
            (s[1].name.as_str(), s[1].path.as_str(), s[1].hidden),
            ("S2", "xl/worksheets/sheet2.xml", false)
        );
        assert_eq!(
            related(rels, b"/sharedStrings", "xl/").as_deref(),
            Some("xl/sharedStrings.xml")
        );
        let sst = shared_strings(b"<sst uniqueCount=\"4000000000\"><si><t>a</t></si><si/><si><r><t>b</t></r><r><t>c</t></r></si></sst>").unwrap();
        assert_eq!(sst, vec!["a", "", "bc"]);
    }
}
