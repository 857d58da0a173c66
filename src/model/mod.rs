//! The plain data the rest of the app passes around.

mod month;
mod month_table;
mod problem;
mod status;

pub use month::{YearMonth, civil_date};
pub use month_table::{MonthTable, TOWNSHIP_COLUMN, TableRow};
pub use problem::{Level, Problem};
pub use status::Status;
