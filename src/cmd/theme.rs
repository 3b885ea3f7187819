//! `vertebra theme eject [FILE]`: copy the built-in theme, or one file of it, into the site.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::diagnostics::Diagnostics;

/// Arguments of `vertebra theme`.
#[derive(Debug, Args)]
pub struct ThemeArgs {
    /// What to do with the theme.
    #[command(subcommand)]
    pub action: ThemeAction,
}

/// The `theme` subcommands.
#[derive(Debug, Subcommand)]
pub enum ThemeAction {
    /// Copy the built-in theme into themes/default/ (the site then uses that folder, whole),
    /// or one of its files into templates/ or static/ (overriding just that file). Never
    /// overwrites.
    Eject(EjectArgs),
}

/// Arguments of `vertebra theme eject`.
#[derive(Debug, Args)]
pub struct EjectArgs {
    /// One file of the theme, like `base.html`, `partials/article_card.html` or `style.css`;
    /// without it, the whole theme.
    pub file: Option<String>,
    /// The site's folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

/// Runs `vertebra theme …`.
pub fn execute(args: ThemeArgs) -> Result<(), Diagnostics> {
    match args.action {
        ThemeAction::Eject(eject) => {
            let root = &eject.root;
            match &eject.file {
                Some(file) => {
                    let written = crate::cmd::eject::eject_file(root, file)?;
                    println!(
                        "Wrote {}: it now overrides the built-in theme's copy; edit it freely",
                        written.display()
                    );
                }
                None => {
                    crate::cmd::eject::eject_theme(root)?;
                    println!(
                        "Wrote themes/default/: the site now uses this copy instead of the built-in theme, and no longer gets its updates"
                    );
                }
            }
            Ok(())
        }
    }
}
