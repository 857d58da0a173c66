//! The plain data the rest of the app passes around: a month's table, the long history of
//! every stored month, problems, statuses and lights.

mod digest;
mod followup;
pub mod history;
mod light;
mod month;
mod month_table;
mod problem;
pub mod roster;
mod status;
mod villages;

pub use digest::{FileDigest, sha256_hex};
pub use followup::{Choice, MANUAL, Raised, StoredFollowup};
pub use history::{Cell, History};
pub use light::Light;
pub use month::{YearMonth, civil_date};
pub use month_table::{
    ColumnKind, MonthTable, TOWNSHIP_COLUMN, TableCell, TableRow, format_number,
};
pub use problem::{Level, Problem};
pub use roster::{KeyVillage, Roster};
pub use status::Status;
pub use villages::{VillageRow, VillageTable};
