//! dispatch-desk: the monthly dispatch (月调度) of a county's leadership group for
//! consolidating poverty-alleviation gains. Files → import → month table → analysis → views
//! and exports; this crate holds the core, the command line and (later) the app.

pub mod analysis;
pub mod cli;
pub mod collect;
pub mod desk;
pub mod export;
pub mod followup;
pub mod fonts;
pub mod import;
pub mod logfile;
pub mod model;
pub mod palette;
pub mod store;
pub mod template;
pub mod text;
pub mod ui;

/// Version and git commit, embedded by build.rs.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("DISPATCH_DESK_GIT"),
    ")"
);
