//! The command-line commands, one file each, and the arguments and summary text they share.

pub mod build;
pub mod check;
pub mod cms;
pub mod eject;
pub mod new;
pub mod report;
pub mod scaffold;
pub mod serve;
pub mod site_root;
pub mod theme;

use clap::Args;

use crate::diagnostics::{Diagnostic, Diagnostics, Problem, Severity};
use crate::link::review::ReviewCheck;

/// `--today` and `--strict`: how `build` and `check` judge medical reviews.
#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// The day review ages are measured at, instead of today's date (YYYY-MM-DD). It only
    /// decides warnings; the pages never depend on it.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
    /// Report articles with no reviewer, no review date or an overdue review, and pages above
    /// `[editorial] max_reading_grade`, as errors.
    #[arg(long)]
    pub strict: bool,
}

impl ReviewArgs {
    /// The review check these arguments ask for; an invalid `--today` is an error.
    pub fn review_check(&self) -> Result<ReviewCheck, Diagnostics> {
        Ok(ReviewCheck {
            today: Some(today_or_clock(self.today.as_deref())?),
            strict: self.strict,
        })
    }
}

/// The date a `--today` option names, or the clock's date without one; an invalid date is an
/// error naming the option.
pub fn today_or_clock(option: Option<&str>) -> Result<jiff::civil::Date, Diagnostics> {
    let Some(text) = option else {
        return Ok(clock_today());
    };
    text.trim().parse::<jiff::civil::Date>().map_err(|_| {
        Diagnostic::global(Problem::InvalidOption {
            option: "--today",
            problem: Box::new(Problem::InvalidValue {
                key: "today".into(),
                expected: "a date like 2026-03-12".into(),
                found: format!("\"{text}\""),
            }),
        })
        .into()
    })
}

/// Today's date in the local time zone: the one place a command reads the clock, and only to
/// date medical reviews.
pub fn clock_today() -> jiff::civil::Date {
    jiff::Zoned::now().date()
}

/// `, 3 warnings (2 articles need medical review)` for a summary line, or nothing.
pub fn warnings_summary(warnings: &Diagnostics) -> String {
    match warnings.warning_count() {
        0 => String::new(),
        1 => format!(", 1 warning{}", review_note(warnings, Severity::Warning)),
        n => format!(", {n} warnings{}", review_note(warnings, Severity::Warning)),
    }
}

/// ` (2 articles need medical review)`: how many of the warnings or errors (`severity`) are
/// about medical review; nothing when none is.
pub fn review_note(diagnostics: &Diagnostics, severity: Severity) -> String {
    match diagnostics.review_count(severity) {
        0 => String::new(),
        1 => " (1 article needs medical review)".to_string(),
        n => format!(" ({n} articles need medical review)"),
    }
}
