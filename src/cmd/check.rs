//! `vertebra check`: run the whole build without writing anything, and check every internal
//! link of the rendered HTML.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;

use crate::build::{BuildOptions, build};
use crate::check::LinkCheck;
use crate::diagnostics::Diagnostics;

/// Arguments of `vertebra check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The site root: the folder holding site.toml (default: the nearest folder at or above
    /// the current one that has a site.toml).
    #[arg(long)]
    pub root: Option<PathBuf>,
    /// List every warning (by default the first 20 of each kind are listed and the rest
    /// counted).
    #[arg(long)]
    pub verbose: bool,
    /// The public URL of the site, instead of site.toml's `base_url`.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
    /// How medical reviews are judged.
    #[command(flatten)]
    pub review: super::ReviewArgs,
}

/// Builds in memory and checks links. Problems go to stderr; any error fails the check.
pub fn execute(args: CheckArgs) -> Result<(), Diagnostics> {
    let started = Instant::now();
    crate::diagnostics::terminal::set_verbose(args.verbose);
    let options = BuildOptions {
        root: crate::cmd::site_root::find(args.root.as_deref())?,
        base_url: args.base_url,
        drafts: args.drafts,
        link_check: LinkCheck::Fail,
        review: args.review.review_check()?,
        ..BuildOptions::default()
    };
    let built = build(&options)?;
    eprint!("{}", crate::diagnostics::terminal::render(&built.warnings));
    println!(
        "Checked {} pages and {} internal links in {} ms: no broken links{}",
        built.pages,
        built.links_checked,
        started.elapsed().as_millis(),
        super::warnings_summary(&built.warnings)
    );
    Ok(())
}
