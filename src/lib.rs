//! Vertebra: a static site generator for spine-care content.
//!
//! Data flows one way: [`config`] and [`content`] load the site's files, [`site`] links them
//! into pages with URLs and cross-references, [`markdown`] renders bodies, [`render`] renders
//! pages through the theme, and [`output`] writes the result. [`build`] runs the stages in
//! order; the commands in [`cmd`] call it. Every problem is a [`diagnostics::Diagnostic`].

pub mod build;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod diagnostics;
pub mod fuzzing;
pub mod link;
pub mod load;
pub mod markdown;
pub mod output;
pub mod render;
#[cfg(feature = "search")]
pub mod search;
pub mod serve;
