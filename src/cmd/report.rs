//! `vertebra report`: the state of the content for editors and medical reviewers, from the
//! same build as `build` and `check` (nothing written but the report, when asked for a file).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use crate::build::{BuildOptions, Builder};
use crate::check::LinkCheck;
use crate::diagnostics::{Diagnostic, Diagnostics, Problem};
use crate::report::{Report, export, html, table};

/// Arguments of `vertebra report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The site root: the folder holding site.toml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
    /// The day reviews are dated against, instead of today's date (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
    /// How to write the report.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// The file to write (needed for `--format html`; CSV and JSON go to standard output
    /// without it). Never inside the site's output folder, content/ or static/.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// The report's formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table for the terminal, at most 100 columns wide.
    Table,
    /// One row per page, for spreadsheets.
    Csv,
    /// Everything, for scripts.
    Json,
    /// One self-contained HTML file with charts.
    Html,
}

/// Builds the site in memory and prints or writes its report.
pub fn execute(args: ReportArgs) -> Result<(), Diagnostics> {
    let review = super::ReviewArgs {
        today: args.today.clone(),
        strict: false,
    }
    .review_check()?;
    let today = review.today.unwrap_or_else(super::clock_today);
    if args.format == Format::Html && args.output.is_none() {
        return Err(invalid_output(
            "a file to write the HTML report to, like --output report.html",
            "nothing",
        ));
    }
    let options = BuildOptions {
        root: args.root.clone(),
        drafts: args.drafts,
        link_check: LinkCheck::Warn,
        review,
        ..BuildOptions::default()
    };
    let built = Builder::new(options).build()?;
    let report = Report::new(&built.site, &built.warnings, today);
    let text = match args.format {
        Format::Table => {
            let colour = table::use_colour(
                std::io::stdout().is_terminal() && args.output.is_none(),
                std::env::var_os("NO_COLOR").as_deref(),
            );
            table::render(&report, colour)
        }
        Format::Csv => export::csv(&report),
        Format::Json => export::json(&report),
        Format::Html => html::render(&report, today),
    };
    match &args.output {
        Some(path) => {
            check_output(&built.site.config, path)?;
            std::fs::write(path, text).map_err(|error| {
                Diagnostics::from(Diagnostic::io(&args.root, path, "write the report", &error))
            })?;
            eprintln!("Wrote the report to {}", path.display());
        }
        None => print!("{text}"),
    }
    if !built.warnings.is_empty() {
        eprintln!(
            "The build gave {} (see `vertebra check`)",
            match built.warnings.warning_count() {
                1 => "1 warning".to_string(),
                n => format!("{n} warnings"),
            }
        );
    }
    Ok(())
}

/// Refuses a report path inside what gets published or read as content.
fn check_output(config: &crate::load::config::Config, path: &Path) -> Result<(), Diagnostics> {
    let absolute = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        // The folder may not exist yet (the output folder before a first build).
        let mut existing = p.as_path();
        let mut rest = Vec::new();
        while !existing.exists() {
            match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_os_string());
                    existing = parent;
                }
                _ => break,
            }
        }
        let mut resolved = existing
            .canonicalize()
            .unwrap_or_else(|_| existing.to_path_buf());
        resolved.extend(rest.iter().rev());
        resolved
    };
    let target = absolute(path);
    let published = [
        config.output_dir(),
        config.root.join(crate::load::content::CONTENT_DIR),
        config.root.join("static"),
    ];
    if published
        .iter()
        .any(|folder| target.starts_with(absolute(folder)))
    {
        return Err(invalid_output(
            "a file outside the site's output folder, content/ and static/ (the report is for the clinic, not for publishing)",
            &format!("\"{}\"", path.display()),
        ));
    }
    Ok(())
}

fn invalid_output(expected: &str, found: &str) -> Diagnostics {
    Diagnostic::global(Problem::InvalidOption {
        option: "--output",
        problem: Box::new(Problem::InvalidValue {
            key: "output".into(),
            expected: expected.into(),
            found: found.into(),
        }),
    })
    .into()
}
