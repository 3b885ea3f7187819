//! `vertebra build`: build the site into its output folder.

use std::path::PathBuf;

use clap::Args;

use crate::build::{BuildOptions, Builder, build_and_write_with};
use crate::check::LinkCheck;
use crate::diagnostics::Diagnostics;

/// Arguments of `vertebra build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site root: the folder holding site.toml (default: the nearest folder at or above
    /// the current one that has a site.toml).
    #[arg(long)]
    pub root: Option<PathBuf>,
    /// List every warning (by default the first 20 of each kind are listed and the rest
    /// counted).
    #[arg(long)]
    pub verbose: bool,
    /// Where to write the site, instead of site.toml's `output_dir`.
    #[arg(long)]
    pub output_dir: Option<PathBuf>,
    /// The public URL of the site, instead of site.toml's `base_url`.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
    /// Keep running: rebuild into the output folder whenever a source file changes.
    #[arg(long)]
    pub watch: bool,
    /// Report broken internal links as warnings instead of failing the build.
    #[arg(long)]
    pub links_as_warnings: bool,
    /// How medical reviews are judged.
    #[command(flatten)]
    pub review: super::ReviewArgs,
}

/// Runs the build and prints its summary line. Diagnostics go to stderr.
pub fn execute(args: BuildArgs) -> Result<(), Diagnostics> {
    crate::diagnostics::terminal::set_verbose(args.verbose);
    let options = BuildOptions {
        root: crate::cmd::site_root::find(args.root.as_deref())?,
        output_dir: args.output_dir,
        base_url: args.base_url,
        drafts: args.drafts,
        inject: None,
        link_check: if args.links_as_warnings {
            LinkCheck::Warn
        } else {
            LinkCheck::Fail
        },
        review: args.review.review_check()?,
    };
    if args.watch {
        return watch_and_rebuild(&options);
    }
    let mut builder = Builder::new(options);
    let (built, elapsed, _) = build_and_write_with(&mut builder, None)?;
    eprint!("{}", crate::diagnostics::terminal::render(&built.warnings));
    println!(
        "Built {} pages ({} files) into {} in {} ms{}{}",
        built.pages,
        built.files.len(),
        built.site.config.site.output_dir.display(),
        elapsed.as_millis(),
        crate::load::media::encoded_summary(built.images_encoded),
        super::warnings_summary(&built.warnings)
    );
    // The process ends here. Freeing the site one allocation at a time (hundreds of thousands
    // of strings and values: about 70 ms at 10,000 articles) is work the OS does at once when
    // the process exits.
    std::mem::forget((builder, built));
    Ok(())
}

/// `build --watch`: the serve watcher and the same rebuild, written to the output folder.
fn watch_and_rebuild(options: &BuildOptions) -> Result<(), Diagnostics> {
    let report = |result: Result<
        (crate::build::Built, std::time::Duration, std::path::PathBuf),
        Diagnostics,
    >| match result {
        Ok((built, elapsed, _)) => {
            eprint!("{}", crate::diagnostics::terminal::render(&built.warnings));
            println!(
                "Built {} pages into {} in {} ms",
                built.pages,
                built.site.config.site.output_dir.display(),
                elapsed.as_millis()
            );
        }
        Err(diagnostics) => {
            eprint!("{}", crate::diagnostics::terminal::render(&diagnostics));
            eprintln!("Build failed; the output folder keeps the last good version.");
        }
    };
    let root = std::fs::canonicalize(&options.root).unwrap_or_else(|_| options.root.clone());
    let options = BuildOptions {
        root: root.clone(),
        ..options.clone()
    };
    let mut watcher = crate::serve::watch::start(
        &root,
        &crate::serve::theme_of(&root),
        &crate::serve::output_dir_of(&options),
    )
    .map_err(|e| {
        Diagnostics::from(crate::diagnostics::Diagnostic::global(
            crate::diagnostics::Problem::Io {
                action: "watch the site for changes",
                reason: e.to_string(),
            },
        ))
    })?;
    let mut builder = crate::build::Builder::long_lived(options);
    report(crate::build::build_and_write_with(&mut builder, None));
    println!("Watching {} for changes (Ctrl-C to stop)", root.display());
    while let Some(changes) = watcher.next_changes() {
        report(crate::build::build_and_write_with(
            &mut builder,
            Some(&changes.paths),
        ));
    }
    Ok(())
}
