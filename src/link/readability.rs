//! The reading-level check: every measured article and therapy above `[editorial]
//! max_reading_grade` is a warning at its file (an error with `--strict`), with its grade and
//! its longest sentences, which are what to shorten first.

use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::{
    Diagnostic, Diagnostics, Location, Position, Problem, ReadingGradeTooHigh, Severity,
};
use crate::link::Site;
use crate::markdown::Rendered;

use crate::markdown::reading::grade::ReadingLevel;

/// A measured page: its file, its body and where the body starts, and its counts.
pub struct MeasuredPage<'a> {
    /// The file as shown to the user.
    pub file: &'a Path,
    /// The Markdown body.
    pub body: &'a str,
    /// The line of the file the body starts on.
    pub body_first_line: usize,
    /// The rendered body.
    pub rendered: &'a Arc<Rendered>,
}

/// Every article and therapy of `site`, in the site's order (articles newest first, then
/// therapies). Conditions, when they land, join here.
pub fn measured_pages(site: &Site) -> impl Iterator<Item = MeasuredPage<'_>> {
    let articles = site.articles.iter().map(|a| MeasuredPage {
        file: &a.doc.file.display,
        body: &a.doc.body,
        body_first_line: a.doc.body_first_line,
        rendered: &a.rendered,
    });
    let therapies = site.therapies.iter().map(|t| MeasuredPage {
        file: &t.doc.file.display,
        body: &t.doc.body,
        body_first_line: t.doc.body_first_line,
        rendered: &t.rendered,
    });
    articles.chain(therapies)
}

/// The reading level of a rendered body, when it was measured and has enough prose.
pub fn reading_level(rendered: &Rendered) -> Option<ReadingLevel> {
    ReadingLevel::of(rendered.prose.as_ref()?)
}

/// Pages above `max_reading_grade` (none when it is not set).
pub fn check(site: &Site, strict: bool) -> Diagnostics {
    let mut problems = Diagnostics::new();
    let Some(max) = site.config.site.editorial.max_reading_grade else {
        return problems;
    };
    let severity = if strict {
        Severity::Error
    } else {
        Severity::Warning
    };
    for page in measured_pages(site) {
        let Some(level) = reading_level(page.rendered) else {
            continue;
        };
        if level.grade <= max {
            continue;
        }
        problems.push(Diagnostic {
            severity,
            location: Some(Location::file(page.file)),
            problem: Problem::ReadingGradeTooHigh(Box::new(ReadingGradeTooHigh {
                grade: format!("{:.1}", level.grade),
                formula: level.formula,
                max: format_grade(max),
                sentences: longest_sentences(&page),
            })),
        });
    }
    problems
}

/// The page's longest sentences as (line in the file, words, beginning).
pub fn longest_sentences(page: &MeasuredPage<'_>) -> Vec<(usize, u32, String)> {
    let Some(prose) = &page.rendered.prose else {
        return Vec::new();
    };
    prose
        .longest
        .iter()
        .map(|sentence| {
            let line =
                Position::from_offset(page.body, sentence.offset, 1, page.body_first_line).line;
            (line, sentence.words, sentence.text.clone())
        })
        .collect()
}

/// `8` for 8.0, `8.5` for 8.5.
pub fn format_grade(grade: f64) -> String {
    if grade.fract() == 0.0 {
        format!("{grade:.0}")
    } else {
        format!("{grade}")
    }
}
