//! A worksheet's XML → cells, in one pass over the bytes: `<row r>`, `<c r s t>` with its
//! `<v>` or inline `<is>`, and the merged regions after the data. A large sheet is cut at a
//! row boundary and its halves read on two threads.

use memchr::{memchr, memmem};

use super::parts::{NumberStyle, cell_ref, merges};
use super::xml::{self, attr, attrs3, tag};
use crate::grid::{OutOfBounds, Region, SheetBuilder};

/// Why a sheet was not read here: calamine reads it instead, or it is refused.
pub enum Stop {
    /// Markup this reader does not know (calamine knows more).
    Unknown,
    /// A cell beyond Excel's limits.
    TooBig,
}

impl From<OutOfBounds> for Stop {
    fn from(_: OutOfBounds) -> Stop {
        Stop::TooBig
    }
}

/// Sheets larger than this are read on two threads.
const SPLIT_AT: usize = 4 << 20;

/// The cells and merged regions of a sheet part.
pub fn read(
    x: &[u8],
    strings: &[String],
    styles: &[NumberStyle],
) -> Result<(SheetBuilder, Vec<Region>), Stop> {
    let start = memmem::find(x, b"<sheetData").ok_or(Stop::Unknown)?;
    let open = tag(x, start + 1).ok_or(Stop::Unknown)?;
    let (data, after) = if open.empty {
        (open.end..open.end, open.end)
    } else {
        let end = open.end + memmem::find(&x[open.end..], b"</sheetData>").ok_or(Stop::Unknown)?;
        (open.end..end, end)
    };
    let body = &x[data.clone()];
    let cells = match split_point(body) {
        Some(mid) if body.len() > SPLIT_AT => {
            let (first, second) = std::thread::scope(|s| {
                let second = s.spawn(|| scan(&body[mid..], strings, styles));
                let first = scan(&body[..mid], strings, styles);
                (first, second.join().unwrap_or(Err(Stop::Unknown)))
            });
            let mut first = first?;
            first.append(second?);
            first
        }
        _ => scan(body, strings, styles)?,
    };
    let regions = merges(&x[after..])
        .ok_or(Stop::Unknown)?
        .into_iter()
        .map(|((top, left), (bottom, right))| Region {
            top: top as usize,
            left: left as usize,
            bottom: bottom as usize,
            right: right as usize,
        })
        .collect();
    Ok((cells, regions))
}

/// A `<row` near the middle that states its number, so the second half knows where it is.
fn split_point(body: &[u8]) -> Option<usize> {
    let mid = memmem::find(&body[body.len() / 2..], b"<row ")? + body.len() / 2;
    let t = tag(body, mid + 1)?;
    attr(t.attrs, b"r").map(|_| mid)
}

/// A shared string not yet kept in this builder.
const UNSEEN: u64 = u64::MAX;

fn scan(x: &[u8], strings: &[String], styles: &[NumberStyle]) -> Result<SheetBuilder, Stop> {
    // About one cell in each 24 bytes of a sheet's XML.
    let mut b = SheetBuilder::with_capacity(x.len() / 24);
    let mut spans = vec![UNSEEN; strings.len()];
    let (mut row, mut col) = (0usize, 0usize);
    let end_c = memmem::Finder::new(b"</c>");
    let mut i = 0;
    while let Some(p) = memchr(b'<', &x[i..]) {
        let t = tag(x, i + p + 1).ok_or(Stop::Unknown)?;
        i = t.end;
        match t.name {
            // (An empty <row/> moves nothing, as for calamine.)
            b"row" if !t.empty => {
                if let Some(r) = attr(t.attrs, b"r") {
                    row = number(r)
                        .ok_or(Stop::Unknown)?
                        .checked_sub(1)
                        .ok_or(Stop::Unknown)?;
                }
                col = 0;
            }
            b"/row" => {
                row += 1;
                col = 0;
            }
            b"c" => {
                let [r, s, kind] = attrs3(t.attrs, [b"r", b"s", b"t"]).ok_or(Stop::Unknown)?;
                if let Some(r) = r {
                    let (rr, cc) = cell_ref(r).ok_or(Stop::Unknown)?;
                    (row, col) = (rr as usize, cc as usize);
                }
                let (r, c) = (row, col);
                col += 1;
                if t.empty {
                    continue;
                }
                let close = i + end_c.find(&x[i..]).ok_or(Stop::Unknown)?;
                let body = (i, close);
                i = close + 4;
                // A cell without a style has the first one's percent format but is never a
                // date (as calamine reads it).
                let style = match s {
                    Some(s) => styles
                        .get(number(s).unwrap_or(0))
                        .copied()
                        .unwrap_or_default(),
                    None => NumberStyle {
                        date: false,
                        ..styles.first().copied().unwrap_or_default()
                    },
                };
                cell(&mut b, x, body, (r, c), kind, style, (strings, &mut spans))?;
            }
            // Row and cell markup this reader need not look into.
            n if n.starts_with(b"/") || t.empty || n == b"extLst" => {}
            _ => return Err(Stop::Unknown),
        }
    }
    Ok(b)
}

fn cell(
    b: &mut SheetBuilder,
    x: &[u8],
    (from, to): (usize, usize),
    (row, col): (usize, usize),
    kind: Option<&[u8]>,
    style: NumberStyle,
    (strings, spans): (&[String], &mut [u64]),
) -> Result<(), Stop> {
    let body = &x[from..to];
    if kind == Some(b"inlineStr") {
        let is = memmem::find(body, b"<is>").ok_or(Stop::Unknown)? + 4;
        let end = memmem::find(body, b"</is>").ok_or(Stop::Unknown)?;
        let s = xml::runs(body, is, end).ok_or(Stop::Unknown)?;
        return Ok(b.text(row, col, &s)?);
    }
    let Some(v) = value(body)? else {
        // A formula without its cached value is kept as such (the import refuses it by
        // name rather than read it as blank); an empty cell has nothing to read.
        if let Some(f) = formula(body)? {
            b.formula(row, col, &f)?;
        }
        return Ok(());
    };
    match kind {
        None | Some(b"n") => {
            if v.is_empty() {
                return Ok(());
            }
            let s = std::str::from_utf8(v).map_err(|_| Stop::Unknown)?;
            match s.parse::<f64>() {
                Ok(n) if style.date => b.date(row, col, n)?,
                Ok(n) => b.number(row, col, n, style.percent)?,
                // Not a number and no type said it was: the text as written.
                Err(_) if kind.is_none() => b.text(row, col, s)?,
                Err(_) => return Err(Stop::Unknown),
            }
        }
        Some(b"s") => {
            if v.is_empty() {
                return Ok(());
            }
            let k = number(v).unwrap_or(0);
            let s = strings.get(k).ok_or(Stop::Unknown)?;
            if !s.trim().is_empty() {
                if spans[k] == UNSEEN {
                    spans[k] = b.intern(s);
                }
                b.text_at(row, col, spans[k])?;
            }
        }
        Some(b"str") => b.text(row, col, &xml::unescape_excel(text(v)?))?,
        Some(b"d") => b.text(row, col, &text(v)?)?,
        Some(b"b") => match std::str::from_utf8(v).map(str::trim) {
            Ok("") => {}
            Ok("1" | "true") => b.boolean(row, col, true)?,
            Ok("0" | "false") => b.boolean(row, col, false)?,
            _ => return Err(Stop::Unknown),
        },
        Some(b"e") => match v {
            b"#DIV/0!" | b"#N/A" | b"#NAME?" | b"#NULL!" | b"#NUM!" | b"#REF!" | b"#VALUE!" => {
                b.error(row, col, &text(v)?)?
            }
            _ => return Err(Stop::Unknown),
        },
        _ => return Err(Stop::Unknown),
    }
    Ok(())
}

fn text(v: &[u8]) -> Result<std::borrow::Cow<'_, str>, Stop> {
    xml::text(v).ok_or(Stop::Unknown)
}

/// The text of the cell's `<v>`, if it has one.
fn value(body: &[u8]) -> Result<Option<&[u8]>, Stop> {
    // The usual cell is `<v>…</v>` and nothing else.
    if let Some(rest) = body.strip_prefix(b"<v>") {
        let end = memchr(b'<', rest).ok_or(Stop::Unknown)?;
        return Ok(Some(&rest[..end]));
    }
    let Some(p) = memmem::find(body, b"<v") else {
        return Ok(None);
    };
    let t = tag(body, p + 1).ok_or(Stop::Unknown)?;
    if t.name != b"v" {
        return Err(Stop::Unknown);
    }
    if t.empty {
        return Ok(None);
    }
    let end = t.end + memchr(b'<', &body[t.end..]).ok_or(Stop::Unknown)?;
    Ok(Some(&body[t.end..end]))
}

/// The text of the cell's `<f>` (empty for a shared formula's later cells), if it has one.
fn formula(body: &[u8]) -> Result<Option<String>, Stop> {
    let Some(p) = memmem::find(body, b"<f") else {
        return Ok(None);
    };
    let t = tag(body, p + 1).ok_or(Stop::Unknown)?;
    if t.name != b"f" {
        return Err(Stop::Unknown);
    }
    if t.empty {
        return Ok(Some(String::new()));
    }
    let end = t.end + memchr(b'<', &body[t.end..]).ok_or(Stop::Unknown)?;
    Ok(Some(
        xml::unescape_excel(text(&body[t.end..end])?).into_owned(),
    ))
}

fn number(raw: &[u8]) -> Option<usize> {
    if raw.is_empty() || raw.len() > 12 {
        return None;
    }
    raw.iter().try_fold(0usize, |a, &d| {
        d.is_ascii_digit().then(|| a * 10 + usize::from(d - b'0'))
    })
}
