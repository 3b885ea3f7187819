//! The command line: argument parsing and dispatch to [`crate::cmd`].

use clap::{Parser, Subcommand};

use crate::cmd;
use crate::diagnostics::Diagnostics;

/// Vertebra builds spine-care sites from Markdown.
#[derive(Debug, Parser)]
#[command(name = "vertebra", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into its output folder.
    Build(cmd::build::BuildArgs),
    /// Serve the site on loopback, rebuilding and reloading on every change.
    Serve(cmd::serve::ServeArgs),
    /// Build without writing anything and check every internal link; exit 1 on any problem.
    Check(cmd::check::CheckArgs),
    /// Create a new site (settings, an article and a therapy; the theme is built in) in a folder.
    New(cmd::new::NewArgs),
    /// Work with the theme: `vertebra theme eject [FILE]` copies the built-in one into the site.
    Theme(cmd::theme::ThemeArgs),
    /// The editing screen for people who do not use Git: `vertebra cms init` installs it.
    Cms(cmd::cms::CmsArgs),
    /// Show the state of the content: reviews due, reading grades, totals per person.
    Report(cmd::report::ReportArgs),
}

/// Parses the arguments, runs the command and returns the process exit code.
pub fn run() -> i32 {
    let cli = Cli::parse();
    if matches!(cli.command, Command::Build(_) | Command::Serve(_)) {
        // Ctrl-C and SIGTERM remove the staging folder and exit with 130 or 143.
        crate::output::interrupt::install();
    }
    // Only `build` writes; the others say nothing about it.
    let trailer = match cli.command {
        Command::Build(_) => "; nothing was written",
        _ => "",
    };
    let result: Result<(), Diagnostics> = match cli.command {
        Command::Build(args) => cmd::build::execute(args),
        Command::Serve(args) => cmd::serve::execute(args),
        Command::Check(args) => cmd::check::execute(args),
        Command::New(args) => cmd::new::execute(args),
        Command::Theme(args) => cmd::theme::execute(args),
        Command::Report(args) => cmd::report::execute(args),
        Command::Cms(args) => cmd::cms::execute(args),
    };
    match result {
        Ok(()) => 0,
        Err(diagnostics) => {
            eprint!("{}", crate::diagnostics::terminal::render(&diagnostics));
            let errors = diagnostics.error_count();
            eprintln!(
                "error: failed with {errors} error{}{}{trailer}",
                if errors == 1 { "" } else { "s" },
                cmd::review_note(&diagnostics, crate::diagnostics::Severity::Error)
            );
            1
        }
    }
}
