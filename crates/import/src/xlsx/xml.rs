//! Just enough XML for the parts of an .xlsx: tags found with memchr, attributes read in
//! place, text unescaped only when it has an escape. Anything it does not expect is None:
//! the caller then reads the file with calamine.

use std::borrow::Cow;

use memchr::{memchr, memmem};

/// The tag starting just after a `<` at `at`: its name, its attribute text, whether it
/// closes itself, and where it ends (just past `>`).
pub struct Tag<'a> {
    pub name: &'a [u8],
    pub attrs: &'a [u8],
    pub empty: bool,
    pub end: usize,
}

pub fn tag(x: &[u8], at: usize) -> Option<Tag<'_>> {
    let close = at + memchr(b'>', x.get(at..)?)?;
    let inner = &x[at..close];
    let empty = inner.last() == Some(&b'/');
    let inner = if empty {
        &inner[..inner.len() - 1]
    } else {
        inner
    };
    let split = inner
        .iter()
        .position(|b| b.is_ascii_whitespace())
        .unwrap_or(inner.len());
    Some(Tag {
        name: &inner[..split],
        attrs: &inner[split..],
        empty,
        end: close + 1,
    })
}

/// The raw value of attribute `name` (exact name, no namespace prefix).
pub fn attr<'a>(attrs: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let mut from = 0;
    while let Some(p) = memmem::find(attrs.get(from..)?, name) {
        let at = from + p;
        let after = at + name.len();
        let starts = at == 0 || attrs[at - 1].is_ascii_whitespace();
        if starts && attrs.get(after) == Some(&b'=') {
            let quote = *attrs.get(after + 1)?;
            if quote != b'"' && quote != b'\'' {
                return None;
            }
            let start = after + 2;
            let end = start + memchr(quote, attrs.get(start..)?)?;
            return attrs.get(start..end);
        }
        from = at + 1;
    }
    None
}

/// The values of up to three attributes, in one pass over the attribute text (a cell's
/// `r`, `s` and `t`: the hot path of a large sheet). None if the text is not attributes.
pub fn attrs3<'a>(attrs: &'a [u8], names: [&[u8]; 3]) -> Option<[Option<&'a [u8]>; 3]> {
    let mut out = [None; 3];
    let mut i = 0;
    loop {
        while attrs.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if i >= attrs.len() {
            return Some(out);
        }
        let eq = i + memchr(b'=', &attrs[i..])?;
        let name = &attrs[i..eq];
        let quote = *attrs.get(eq + 1)?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let start = eq + 2;
        let end = start + memchr(quote, attrs.get(start..)?)?;
        if let Some(k) = names.iter().position(|n| *n == name) {
            out[k] = Some(&attrs[start..end]);
        }
        i = end + 1;
    }
}

/// An attribute whose name ends with `:local` (a namespaced attribute such as r:id).
pub fn prefixed_attr<'a>(attrs: &'a [u8], local: &[u8]) -> Option<&'a [u8]> {
    let mut needle = vec![b':'];
    needle.extend_from_slice(local);
    needle.push(b'=');
    let p = memmem::find(attrs, &needle)?;
    let start = p + needle.len();
    let quote = *attrs.get(start)?;
    let end = start + 1 + memchr(quote, attrs.get(start + 1..)?)?;
    attrs.get(start + 1..end)
}

/// Text with its XML escapes resolved and line ends made `\n`, as an XML reader gives it;
/// None if malformed.
pub fn text(raw: &[u8]) -> Option<Cow<'_, str>> {
    let s = std::str::from_utf8(raw).ok()?;
    if !s.contains(['&', '\r']) {
        return Some(Cow::Borrowed(s));
    }
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let r = &rest[i + 1..];
        let end = r.find(';')?;
        let entity = &r[..end];
        out.push(match entity {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let n = match entity.strip_prefix("#x").or(entity.strip_prefix("#X")) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => entity.strip_prefix('#')?.parse().ok()?,
                };
                char::from_u32(n)?
            }
        });
        rest = &r[end + 1..];
    }
    out.push_str(rest);
    Some(Cow::Owned(out))
}

/// Excel's own escapes of characters it cannot write as is: `_x000D_` is a carriage
/// return (applied after the XML escapes, as Excel writes them).
pub fn unescape_excel(s: Cow<'_, str>) -> Cow<'_, str> {
    if !s.contains("_x") {
        return s;
    }
    let mut out = String::with_capacity(s.len());
    let mut rest: &str = &s;
    while let Some(i) = rest.find("_x") {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let code = rest
            .get(2..6)
            .filter(|_| rest.get(6..7) == Some("_"))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .and_then(char::from_u32);
        match code {
            Some(c) => {
                out.push(c);
                rest = &rest[7..];
            }
            None => {
                out.push('_');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The text of the `<t>` elements between `from` and `to` (a shared string or an inline
/// one), leaving out phonetic runs (`<rPh>`); None if the markup is not the usual.
pub fn runs(x: &[u8], from: usize, to: usize) -> Option<String> {
    let body = x.get(from..to)?;
    let mut out = String::new();
    let mut i = 0;
    while let Some(p) = memchr(b'<', &body[i..]) {
        let t = tag(body, i + p + 1)?;
        i = t.end;
        match t.name {
            b"t" if !t.empty => {
                let end = i + memmem::find(&body[i..], b"</t>")?;
                let raw = text(&body[i..end])?;
                // Without xml:space="preserve", a reader drops the padding.
                let value = if attr(t.attrs, b"xml:space") == Some(b"preserve") {
                    raw
                } else {
                    match raw {
                        Cow::Borrowed(b) => Cow::Borrowed(b.trim_matches([' ', '\t', '\r', '\n'])),
                        Cow::Owned(o) => {
                            Cow::Owned(o.trim_matches([' ', '\t', '\r', '\n']).to_string())
                        }
                    }
                };
                out.push_str(&unescape_excel(value));
                i = end + 4;
            }
            b"rPh" if !t.empty => i += memmem::find(&body[i..], b"</rPh>")? + 6,
            b"t" | b"r" | b"/r" | b"rPr" | b"/rPr" | b"phoneticPr" => {}
            // Run properties: fonts, colours, sizes.
            n if t.empty || n.starts_with(b"/") => {}
            b"b" | b"i" | b"u" | b"strike" | b"sz" | b"color" | b"rFont" | b"family"
            | b"charset" | b"scheme" | b"vertAlign" | b"outline" | b"shadow" | b"condense"
            | b"extend" => {}
            _ => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_attributes_and_escapes() {
        let t = tag(b"<c r=\"B7\" s='3' t=\"s\"/>", 1).unwrap();
        assert_eq!(t.name, b"c");
        assert!(t.empty);
        assert_eq!(attr(t.attrs, b"r"), Some(&b"B7"[..]));
        assert_eq!(attr(t.attrs, b"s"), Some(&b"3"[..]));
        assert_eq!(attr(t.attrs, b"t"), Some(&b"s"[..]));
        assert_eq!(attr(t.attrs, b"x"), None);
        assert_eq!(
            attrs3(t.attrs, [b"r", b"s", b"t"]),
            Some([Some(&b"B7"[..]), Some(&b"3"[..]), Some(&b"s"[..])])
        );
        assert_eq!(
            attrs3(b" r=\"A1\"", [b"r", b"s", b"t"]),
            Some([Some(&b"A1"[..]), None, None])
        );
        assert_eq!(attrs3(b" r=A1", [b"r", b"s", b"t"]), None);
        assert_eq!(
            prefixed_attr(b" name=\"a\" r:id=\"rId3\"", b"id"),
            Some(&b"rId3"[..])
        );
        assert_eq!(
            text(b"A&amp;B &lt;1&gt; &#x4E61;&#38215;_x000D_x_y\r\n").as_deref(),
            Some("A&B <1> 乡镇_x000D_x_y\n")
        );
        assert_eq!(
            unescape_excel(Cow::Borrowed("a_x000D_b_x_y_x005F_")),
            "a\rb_x_y_"
        );
        assert_eq!(text(b"bad &nope;"), None);
    }

    #[test]
    fn joins_rich_runs_and_skips_phonetics() {
        let x = b"<r><rPr><b/><sz val=\"11\"/></rPr><t>\xe6\xaf\x9b\xe7\x94\xb0</t></r><r><t xml:space=\"preserve\"> \xe9\x95\x87</t></r><rPh sb=\"0\" eb=\"1\"><t>mao</t></rPh>";
        assert_eq!(runs(x, 0, x.len()).as_deref(), Some("毛田 镇"));
        let padded = b"<t> 275 </t>";
        assert_eq!(runs(padded, 0, padded.len()).as_deref(), Some("275"));
    }
}
