//! The reporting form (调度表) sent to the townships.
