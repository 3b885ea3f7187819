//! Translations that fell behind their source: a translated article whose source was
//! updated or medically reviewed after the translation's own latest date is a warning naming
//! both files and both dates (an error with `--strict`). Only the dates the files already
//! carry are used: authors keep no extra bookkeeping.

use rustc_hash::FxHashMap;

use crate::diagnostics::{Diagnostic, Diagnostics, Problem, Severity, Staleness};
use crate::link::{Article, Site};
use crate::load::front_matter::ContentDate;

/// Every translated article older than its source: a warning naming both files and both
/// dates (an error with `strict`).
pub fn stale_translations(site: &Site, strict: bool) -> Diagnostics {
    let mut problems = Diagnostics::new();
    if site.translations.is_empty() {
        return problems;
    }
    let sources: FxHashMap<&str, &Article> = site
        .articles
        .iter()
        .map(|a| (a.doc.file.content_path.as_str(), a))
        .collect();
    let severity = if strict {
        Severity::Error
    } else {
        Severity::Warning
    };
    for translation in &site.translations {
        for article in &translation.articles {
            let Some(source) = sources.get(article.doc.file.content_path.as_str()) else {
                continue;
            };
            let source_front = &source.doc.front;
            // On equal dates the later key wins: `updated` names the change best.
            let Some((source_key, source_date)) = newest(&[
                ("last_reviewed", source_front.last_reviewed.as_ref()),
                ("updated", source_front.updated.as_ref()),
            ]) else {
                continue;
            };
            let front = &article.doc.front;
            let Some((key, date)) = newest(&[
                ("date", front.date.as_ref()),
                ("last_reviewed", front.last_reviewed.as_ref()),
                ("updated", front.updated.as_ref()),
            ]) else {
                continue;
            };
            if date_key(source_date) > date_key(date) {
                problems.push(Diagnostic {
                    severity,
                    location: Some(article.doc.locate(key)),
                    problem: Problem::StaleTranslation(Box::new(Staleness {
                        source: source.doc.file.display.clone(),
                        source_key,
                        source_date: source_date.iso_date(),
                        translation_key: key,
                        translation_date: date.iso_date(),
                    })),
                });
            }
        }
    }
    problems
}

fn date_key(date: &ContentDate) -> (jiff::civil::Date, Option<jiff::Timestamp>) {
    (date.date, date.timestamp)
}

/// The latest of some dated keys: (key, date).
fn newest<'a>(
    dates: &[(&'static str, Option<&'a ContentDate>)],
) -> Option<(&'static str, &'a ContentDate)> {
    dates
        .iter()
        .filter_map(|(key, date)| date.map(|d| (*key, d)))
        .max_by_key(|(_, d)| date_key(d))
}
