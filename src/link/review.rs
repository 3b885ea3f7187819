//! The checks behind Vertebra's medical trust signals, run on the linked site before anything
//! is rendered.
//!
//! - **Medical review** (warnings; errors with `--strict`): a dated article, or one that names
//!   a reviewer, needs `reviewed_by` and `last_reviewed`, and its review may not be older than
//!   `review_interval_months`. "Today" is an input ([`ReviewCheck::today`]), never read from
//!   the clock here, so a build is reproducible; and it only decides warnings, never output.
//!   Undated pages without a reviewer (an About page) are site pages, not medical articles.
//! - **References** (errors): every `url` is an absolute http(s) URL.
//! - **Structured data** (errors): a therapy's `[extra] schema_type` is a schema.org type its
//!   kind can have (see the JSON-LD of `render::jsonld`).

use std::sync::Arc;

use jiff::civil::Date;
use rustc_hash::FxHashMap;

use crate::diagnostics::{Diagnostic, Diagnostics, Problem, Severity};
use crate::link::authors::named;
use crate::link::{Article, Site};
use crate::load::config::is_absolute_http_url;
use crate::load::content::Document;
use crate::load::front_matter::{ArticleFrontMatter, TherapyKind};

/// How the review check runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReviewCheck {
    /// The day review ages are measured at; `None` skips the age check.
    pub today: Option<Date>,
    /// Report review problems as errors instead of warnings (`--strict`).
    pub strict: bool,
}

/// What a long-lived builder keeps of the review check: each article's problems, by its
/// document. An unchanged file keeps its `Arc`, and its problems depend on nothing else but
/// the review interval and [`ReviewCheck`], which are kept with them. Placing a problem in its
/// file parses the front matter again, so `serve` does that only for the files that changed.
#[derive(Debug, Default)]
pub struct ReviewCache {
    /// The previous check's articles, in its order (each taken when it is found again).
    previous: Vec<Option<KeptReview>>,
    /// Where each of those is, by the address of its document: made when an article is not
    /// at its place of the previous check.
    places: Option<FxHashMap<usize, usize>>,
    /// This check's, so far (every language of the site adds its own).
    current: Vec<Option<KeptReview>>,
}

#[derive(Debug)]
struct KeptReview {
    /// Held, so that its address is not another document's while it is kept.
    doc: Arc<Document<ArticleFrontMatter>>,
    months: u32,
    options: ReviewCheck,
    problems: Diagnostics,
}

impl ReviewCache {
    /// Ends a check of every language: what it did not see is dropped.
    pub fn finish(&mut self) {
        self.previous = std::mem::take(&mut self.current);
        self.places = None;
    }

    /// What the previous check kept for `doc`: at the same place in the order of articles (a
    /// rebuild's articles are most often the last one's), else found by its address.
    fn take(&mut self, doc: &Arc<Document<ArticleFrontMatter>>) -> Option<KeptReview> {
        let place = self.current.len();
        let here = (self.previous.get(place).and_then(Option::as_ref))
            .is_some_and(|kept| Arc::ptr_eq(&kept.doc, doc));
        let place = match here {
            true => place,
            false => {
                let places = self.places.get_or_insert_with(|| {
                    (self.previous.iter().enumerate())
                        .filter_map(|(place, kept)| Some((address(&kept.as_ref()?.doc), place)))
                        .collect()
                });
                *places.get(&address(doc))?
            }
        };
        self.previous[place].take()
    }
}

/// The address of a document, which no other document has while it is held.
fn address(doc: &Arc<Document<ArticleFrontMatter>>) -> usize {
    Arc::as_ptr(doc) as usize
}

/// Every trust-signal problem of `site`.
pub fn check(site: &Site, options: ReviewCheck) -> Diagnostics {
    check_kept(site, options, None)
}

/// [`check`], taking the problems of unchanged articles from `cache` when given (call
/// [`ReviewCache::finish`] once every language is checked).
pub fn check_kept(
    site: &Site,
    options: ReviewCheck,
    mut cache: Option<&mut ReviewCache>,
) -> Diagnostics {
    let mut problems = Diagnostics::new();
    let months = site.config.site.review_interval_months;
    let severity = if options.strict {
        Severity::Error
    } else {
        Severity::Warning
    };
    for article in &site.articles {
        let Some(cache) = cache.as_deref_mut() else {
            article_problems(article, options, months, severity, &mut problems);
            continue;
        };
        let kept = (cache.take(&article.doc))
            .filter(|kept| {
                Arc::ptr_eq(&kept.doc, &article.doc)
                    && kept.months == months
                    && kept.options == options
            })
            .unwrap_or_else(|| {
                let mut found = Diagnostics::new();
                article_problems(article, options, months, severity, &mut found);
                KeptReview {
                    doc: Arc::clone(&article.doc),
                    months,
                    options,
                    problems: found,
                }
            });
        problems.extend(kept.problems.iter().cloned());
        cache.current.push(Some(kept));
    }
    for therapy in &site.therapies {
        let Some(value) = therapy.doc.front.extra.get(SCHEMA_TYPE_KEY) else {
            continue;
        };
        let allowed = schema_types(therapy.doc.front.kind);
        if value.as_str().is_some_and(|v| allowed.contains(&v)) {
            continue;
        }
        let quoted: Vec<String> = allowed.iter().map(|t| format!("\"{t}\"")).collect();
        problems.push(Diagnostic::error(
            therapy.doc.locate(&format!("extra.{}", SCHEMA_TYPE_KEY)),
            Problem::InvalidValue {
                key: format!("extra.{}", SCHEMA_TYPE_KEY),
                expected: format!(
                    "one of {} for kind = \"{}\"",
                    quoted.join(", "),
                    kind_name(therapy.doc.front.kind)
                ),
                found: value.to_string(),
            },
        ));
    }
    problems
}

/// The review and reference problems of `article`, into `problems`.
fn article_problems(
    article: &Article,
    options: ReviewCheck,
    months: u32,
    severity: Severity,
    problems: &mut Diagnostics,
) {
    if let Some((key, problem)) = review_problem(article, options.today, months) {
        problems.push(Diagnostic {
            severity,
            location: Some(article.doc.locate(key)),
            problem,
        });
    }
    check_references(article, problems);
}

/// Whether an article is medical content that needs a review: dated (in listings and the
/// feed) or naming a reviewer or review date. Undated pages without one, like an About page,
/// are site pages.
pub fn is_medical(article: &Article) -> bool {
    let front = &article.doc.front;
    front.date.is_some() || named(&front.reviewed_by).is_some() || front.last_reviewed.is_some()
}

/// What is wrong with an article's medical review, and the front-matter key to point at.
fn review_problem(
    article: &Article,
    today: Option<Date>,
    months: u32,
) -> Option<(&'static str, Problem)> {
    let front = &article.doc.front;
    if !is_medical(article) {
        return None;
    }
    if named(&front.reviewed_by).is_none() {
        return Some(("reviewed_by", Problem::MissingReviewer));
    }
    let Some(last) = &front.last_reviewed else {
        return Some(("reviewed_by", Problem::MissingReviewDate));
    };
    let due = review_due(last.date, months)?;
    (today? > due).then(|| {
        (
            "last_reviewed",
            Problem::ReviewOverdue {
                last_reviewed: last.date.to_string(),
                months,
                due: due.to_string(),
            },
        )
    })
}

/// The day a review done on `reviewed` stops being current; `None` past the calendar's end.
pub fn review_due(reviewed: Date, months: u32) -> Option<Date> {
    let span = jiff::Span::new().try_months(i64::from(months)).ok()?;
    reviewed.checked_add(span).ok()
}

fn check_references(article: &Article, problems: &mut Diagnostics) {
    for reference in &article.doc.front.references {
        let Some(url) = &reference.url else {
            continue;
        };
        if is_absolute_http_url(url) {
            continue;
        }
        problems.push(Diagnostic::error(
            article
                .doc
                .front_source()
                .locate_item(&["references".to_string()], url),
            Problem::InvalidValue {
                key: "references".into(),
                expected: "an absolute http(s) URL like \"https://medlineplus.gov/backpain.html\""
                    .into(),
                found: format!("\"{url}\""),
            },
        ));
    }
}

/// The `[extra]` key of a therapy that picks its schema.org type.
pub const SCHEMA_TYPE_KEY: &str = "schema_type";

/// The schema.org types a therapy of `kind` may declare in `[extra] schema_type`; the first is
/// the default.
pub fn schema_types(kind: TherapyKind) -> &'static [&'static str] {
    match kind {
        TherapyKind::Therapy => &[
            "MedicalTherapy",
            "PhysicalTherapy",
            "OccupationalTherapy",
            "RespiratoryTherapy",
            "RadiationTherapy",
        ],
        TherapyKind::Procedure => &[
            "MedicalProcedure",
            "TherapeuticProcedure",
            "DiagnosticProcedure",
        ],
    }
}

/// `therapy` or `procedure`, as written in front matter.
pub fn kind_name(kind: TherapyKind) -> &'static str {
    match kind {
        TherapyKind::Therapy => "therapy",
        TherapyKind::Procedure => "procedure",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_review_is_due_after_the_interval() {
        let date = |s: &str| s.parse::<Date>().unwrap();
        assert_eq!(review_due(date("2025-03-12"), 12), Some(date("2026-03-12")));
        // Month ends are clamped, not rolled over.
        assert_eq!(review_due(date("2025-08-31"), 6), Some(date("2026-02-28")));
        // An absurd interval is no panic.
        assert_eq!(review_due(date("2025-03-12"), u32::MAX), None);
    }
}
