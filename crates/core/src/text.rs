//! Text helpers shared by the importer and the template: width folding, header keys, cell names.

/// Folds full-width ASCII and the ideographic space to half-width, unifies brackets,
/// drops every kind of whitespace and lowercases ASCII. Used to compare names and headers.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        let ch = fold_char(ch);
        if ch.is_whitespace() || ch == '\u{200b}' || ch == '\u{feff}' {
            continue;
        }
        out.push(ch.to_ascii_lowercase());
    }
    out
}

/// Half-width form of one character (full-width ASCII, ideographic space, CJK brackets).
pub fn fold_char(ch: char) -> char {
    match ch {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(ch as u32 - 0xfee0).unwrap_or(ch),
        '\u{3000}' | '\u{a0}' => ' ',
        '【' | '〔' => '[',
        '】' | '〕' => ']',
        '〈' | '《' => '<',
        '〉' | '》' => '>',
        '—' | '–' | '―' | '─' => '-',
        '、' => ',',
        _ => ch,
    }
}

/// Column letters of a zero-based column index: 0 → A, 26 → AA.
pub fn col_name(col: usize) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Spreadsheet name of a zero-based cell position: (16, 6) → G17.
pub fn cell_name(row: usize, col: usize) -> String {
    format!("{}{}", col_name(col), row + 1)
}

/// Shortens text for a message: at most `max` characters, with an ellipsis.
pub fn clip(s: &str, max: usize) -> String {
    let t = s.trim();
    if t.chars().count() <= max {
        t.to_string()
    } else {
        let mut out: String = t.chars().take(max).collect();
        out.push('…');
        out
    }
}

/// Formats a number the way a person writes it: integers without a point,
/// others with at most four decimals and no trailing zeros.
pub fn plain_number(v: f64) -> String {
    if v.is_finite() && v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        // Rounded to 4 places, then the shortest form (much cheaper than `{:.4}` and trimming).
        format!("{}", (v * 1e4).round() / 1e4)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_space_and_brackets() {
        assert_eq!(fold(" 监测户数（户）\n"), "监测户数(户)");
        assert_eq!(fold("１２．５"), "12.5");
        assert_eq!(fold("A\u{3000}B"), "ab");
    }

    #[test]
    fn names_cells() {
        assert_eq!(cell_name(16, 6), "G17");
        assert_eq!(col_name(25), "Z");
        assert_eq!(col_name(26), "AA");
        assert_eq!(col_name(34), "AI");
        assert_eq!(col_name(701), "ZZ");
        assert_eq!(col_name(702), "AAA");
    }

    #[test]
    fn plain_numbers() {
        assert_eq!(plain_number(1804.0), "1804");
        assert_eq!(plain_number(95.5), "95.5");
        assert_eq!(plain_number(4.3199), "4.3199");
        assert_eq!(plain_number(0.1 + 0.2), "0.3");
        assert_eq!(plain_number(2.0 / 3.0), "0.6667");
        assert_eq!(plain_number(-12.34567), "-12.3457");
        assert_eq!(plain_number(0.00001), "0");
    }
}
