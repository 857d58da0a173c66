//! Village detail sheets (村级明细): a 村（社区） column beside the township column, the
//! township merged down its villages, repeated, or written once and left blank below, 小计
//! rows after (or before) each township and 合计 anywhere. `rows` tells each row's kind;
//! `sum` turns a township's villages into its figures and checks the 小计 rows.

mod rows;
mod sum;

pub(super) use rows::{is_village_header, rows};
pub(super) use sum::{SheetVillage, sum_villages};
