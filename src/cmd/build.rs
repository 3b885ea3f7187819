//! `vertebra build`: build the site into its output folder.

use std::path::PathBuf;

use clap::Args;

use crate::build::{BuildOptions, build_and_write};
use crate::check::LinkCheck;
use crate::diagnostics::Diagnostics;

/// Arguments of `vertebra build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site root: the folder holding site.toml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site, instead of site.toml's `output_dir`.
    #[arg(long)]
    pub output_dir: Option<PathBuf>,
    /// The public URL of the site, instead of site.toml's `base_url`.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
    /// Report broken internal links as warnings instead of failing the build.
    #[arg(long)]
    pub links_as_warnings: bool,
}

/// Runs the build and prints its summary line. Diagnostics go to stderr.
pub fn execute(args: BuildArgs) -> Result<(), Diagnostics> {
    let options = BuildOptions {
        root: args.root.clone(),
        output_dir: args.output_dir,
        base_url: args.base_url,
        drafts: args.drafts,
        inject: None,
        link_check: if args.links_as_warnings {
            LinkCheck::Warn
        } else {
            LinkCheck::Fail
        },
    };
    let (built, elapsed, _) = build_and_write(&options)?;
    eprint!("{}", built.warnings);
    let warnings = built.warnings.warning_count();
    println!(
        "Built {} pages ({} files) into {} in {} ms{}",
        built.pages,
        built.files.len(),
        built.site.config.site.output_dir.display(),
        elapsed.as_millis(),
        match warnings {
            0 => String::new(),
            1 => ", 1 warning".to_string(),
            n => format!(", {n} warnings"),
        }
    );
    Ok(())
}
