//! The plain data every layer of dispatch-desk passes around: the month table and the
//! history of months, problems, statuses and lights (`model`), the county's template
//! (`template`), number and text helpers (`text`) and the shared colours (`palette`).

pub mod model;
pub mod palette;
pub mod template;
pub mod text;

/// Version and git commit, embedded by build.rs.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("DISPATCH_DESK_GIT"),
    ")"
);
