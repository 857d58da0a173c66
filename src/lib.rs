//! dispatch-desk: the monthly dispatch (月调度) of a county's leadership group for
//! consolidating poverty-alleviation gains. Files → import → month table → analysis → views
//! and exports. The layers are crates under `crates/`; this one is the command line, the
//! door beside the window.

pub mod cli;
