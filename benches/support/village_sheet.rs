//! A village detail sheet (村级明细) for the import benchmark: every township of the template
//! merged down its villages, a 小计 row after each, 合计 at the bottom, the additive
//! indicators of the template as columns.

use dd_core::template::Template;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// Villages a township (湘乡市 has 22 townships and about 330 villages).
pub const VILLAGES: usize = 15;

/// The sheet's bytes.
pub fn write(t: &Template) -> Result<Vec<u8>, XlsxError> {
    let ids: Vec<usize> = (0..t.indicators.len())
        .filter(|&i| t.indicators[i].is_additive())
        .collect();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("村级明细")?;
    let plain = Format::new();
    let width = 3 + ids.len() as u16;
    ws.merge_range(0, 0, 0, width - 1, "湘乡市2024年10月村级明细表", &plain)?;
    ws.write_string(1, 0, "序号")?;
    ws.write_string(1, 1, "乡镇（街道）")?;
    ws.write_string(1, 2, "村（社区）")?;
    for (c, &i) in ids.iter().enumerate() {
        ws.write_string(1, 3 + c as u16, t.indicators[i].label())?;
    }
    let mut r: u32 = 2;
    let mut grand = vec![0.0; ids.len()];
    for (k, town) in t.townships.iter().enumerate() {
        let first = r;
        let mut sums = vec![0.0; ids.len()];
        for v in 0..VILLAGES {
            ws.write_number(r, 0, (k * VILLAGES + v + 1) as f64)?;
            ws.write_string(r, 2, format!("第{}村", v + 1))?;
            for (c, sum) in sums.iter_mut().enumerate() {
                let x = ((k * 7 + v * 3 + c) % 40) as f64 + if c % 3 == 0 { 0.25 } else { 0.0 };
                *sum += x;
                ws.write_number(r, 3 + c as u16, x)?;
            }
            r += 1;
        }
        ws.merge_range(first, 1, r - 1, 1, &town.name, &plain)?;
        ws.write_string(r, 1, format!("{}小计", town.name))?;
        for (c, s) in sums.iter().enumerate() {
            ws.write_number(r, 3 + c as u16, *s)?;
            grand[c] += s;
        }
        r += 1;
    }
    ws.write_string(r, 1, "合计")?;
    for (c, s) in grand.iter().enumerate() {
        ws.write_number(r, 3 + c as u16, *s)?;
    }
    wb.save_to_buffer()
}
