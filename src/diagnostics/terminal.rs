//! How diagnostics print in the terminal: every error, and at most [`WARNINGS_PER_KIND`]
//! warnings of each kind, with a count of the rest and how to list them all, so that a site of
//! 10,000 articles without reviewers prints a screenful instead of 40,000 lines. The summary
//! line (printed by the commands) keeps the totals.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::diagnostics::{Diagnostic, Diagnostics, LinkFault, Problem, Severity};

/// How many warnings of one kind are listed unless `--verbose`.
pub const WARNINGS_PER_KIND: usize = 20;

/// `--verbose` for this process: list every warning.
static VERBOSE: AtomicBool = AtomicBool::new(false);

/// Sets whether every warning is listed (`--verbose`), for the rest of the process.
pub fn set_verbose(verbose: bool) {
    VERBOSE.store(verbose, Ordering::Relaxed);
}

/// The diagnostics as the terminal shows them: errors all, warnings capped per kind unless
/// [`set_verbose`] asked for all. Each line ends with a line break.
pub fn render(diagnostics: &Diagnostics) -> String {
    render_capped(
        diagnostics,
        if VERBOSE.load(Ordering::Relaxed) {
            usize::MAX
        } else {
            WARNINGS_PER_KIND
        },
    )
}

/// [`render`] with `per_kind` warnings of each kind at most.
pub fn render_capped(diagnostics: &Diagnostics, per_kind: usize) -> String {
    let mut shown: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut text = String::new();
    for diagnostic in diagnostics.iter() {
        if diagnostic.severity == Severity::Warning {
            let count = shown.entry(kind_of(diagnostic)).or_default();
            *count += 1;
            if *count > per_kind {
                continue;
            }
        }
        let _ = writeln!(text, "{diagnostic}");
    }
    for (kind, count) in shown {
        if count > per_kind {
            let more = count - per_kind;
            let _ = writeln!(
                text,
                "warning: {more} more warning{} of the kind \"{kind}\" {} not listed; run with --verbose to list them all",
                if more == 1 { "" } else { "s" },
                if more == 1 { "is" } else { "are" },
            );
        }
    }
    text
}

/// The kind a warning is counted under, as named in the "more warnings" line.
fn kind_of(diagnostic: &Diagnostic) -> &'static str {
    match &diagnostic.problem {
        Problem::MissingReviewer => "no medical reviewer",
        Problem::MissingReviewDate => "no date of medical review",
        Problem::ReviewOverdue { .. } => "medical review overdue",
        Problem::UnknownAuthor { .. } => "unknown author",
        Problem::StaleTranslation(_) => "translation older than its source",
        Problem::UnlistedTopic {
            noun: "therapy", ..
        } => "therapy no article lists",
        Problem::UnlistedTopic { .. } => "condition nothing names",
        Problem::SkippedLink { .. } => "skipped symlink",
        Problem::BrokenLink(link) => match link.fault {
            LinkFault::NoSuchId { .. } => "broken #fragment",
            LinkFault::OutsideBasePath { .. } => "link outside the base path",
            _ => "broken link",
        },
        Problem::BrokenInternalLink { .. } | Problem::MissingAnchor { .. } => "broken @/ link",
        Problem::MoreProblems { .. } => "more problems in one file",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Location;

    #[test]
    fn lists_the_first_of_each_kind_and_counts_the_rest() {
        let mut diagnostics = Diagnostics::new();
        for i in 0..25 {
            diagnostics.push(Diagnostic::warning(
                Location::file(format!("a{i:02}.md")),
                Problem::MissingReviewer,
            ));
        }
        diagnostics.push(Diagnostic::warning(
            Location::file("b.md"),
            Problem::UnlistedTopic {
                noun: "therapy",
                named_in: "in its `therapies`",
                slug: "x".into(),
            },
        ));
        let text = render_capped(&diagnostics, 20);
        assert_eq!(text.lines().count(), 22, "{text}");
        assert!(
            text.contains("a19.md") && !text.contains("a20.md"),
            "{text}"
        );
        assert!(text.ends_with(
            "warning: 5 more warnings of the kind \"no medical reviewer\" are not listed; run with --verbose to list them all\n"
        ), "{text}");
        assert_eq!(render_capped(&diagnostics, usize::MAX).lines().count(), 26);
    }
}
