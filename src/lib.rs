//! Vertebra: a static site generator for spine-care content.
//!
//! Data flows one way: [`config`] and [`content`] load the site's files, [`site`] links them
//! into pages with URLs and cross-references, [`markdown`] renders bodies, [`render`] renders
//! pages through the theme, and [`output`] writes the result. [`build`] runs the stages in
//! order; the commands in [`cmd`] call it. Every problem is a [`diagnostics::Diagnostic`].

pub mod assets;
pub mod authors;
pub mod build;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod content;
pub mod cta;
pub mod diagnostics;
pub mod fuzzing;
pub mod html_scan;
pub mod markdown;
pub mod media;
pub mod output;
pub mod phone;
pub mod related;
pub mod render;
pub mod review;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod typed;
