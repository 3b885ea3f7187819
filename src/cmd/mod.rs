//! The command-line commands, one file each.

pub mod build;
pub mod check;
pub mod new;
pub mod serve;
