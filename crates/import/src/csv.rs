//! CSV as Excel and WPS save it: UTF-8 (with or without BOM), UTF-16 with BOM, or GBK
//! (decoded as GB18030, its superset); comma, tab or semicolon separated.

use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};

use super::grid::{MAX_COLS, MAX_ROWS, Sheet, SheetBuilder, SheetMeta};
use super::source::ReadError;

pub fn read(bytes: &[u8]) -> Result<Vec<Sheet>, ReadError> {
    let text = decode(bytes);
    let delimiter = guess_delimiter(&text);
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut sheet = SheetBuilder::new();
    let mut record = ::csv::StringRecord::new();
    for row in 0.. {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(format!("CSV 第{}行格式有误：{e}", row + 1)),
        }
        for (col, field) in record.iter().enumerate() {
            sheet.text(row, col, field).map_err(|_| {
                format!(
                    "CSV 文件超过表格的最大行数（{MAX_ROWS}）或列数（{MAX_COLS}），不是月调度表"
                )
            })?;
        }
    }
    let sheet = sheet.finish(SheetMeta::default());
    if sheet.height() == 0 {
        return Err("CSV 文件没有任何内容".into());
    }
    Ok(vec![sheet])
}

/// Decodes by BOM, then as UTF-8 if valid, else as GB18030 (which covers GBK and GB2312).
pub fn decode(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return UTF_16LE.decode_without_bom_handling(rest).0.into_owned();
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return UTF_16BE.decode_without_bom_handling(rest).0.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => GB18030.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

fn guess_delimiter(text: &str) -> u8 {
    let sample: Vec<&str> = text.lines().take(20).collect();
    let count = |c: char| sample.iter().map(|l| l.matches(c).count()).sum::<usize>();
    let (comma, tab, semi) = (count(','), count('\t'), count(';'));
    if tab > comma && tab >= semi {
        b'\t'
    } else if semi > comma && semi > tab {
        b';'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests {
    use super::super::grid::Value;
    use super::*;

    #[test]
    fn decodes_gbk_utf8_and_bom() {
        let (gbk, _, _) = GB18030.encode("乡镇（街道）,监测户数\n毛田镇,136\n");
        let sheets = read(&gbk).unwrap();
        assert_eq!(sheets[0].get(1, 0), Value::Text("毛田镇"));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("乡镇,户数\n毛田镇,1\n".as_bytes());
        assert_eq!(read(&bom).unwrap()[0].get(0, 0), Value::Text("乡镇"));
        let tsv = "乡镇\t户数\n毛田镇\t1\n";
        assert_eq!(read(tsv.as_bytes()).unwrap()[0].get(1, 1), Value::Text("1"));
    }
}
