//! `vertebra report`: the state of a site's content for editors and medical reviewers, from
//! one run of the build pipeline ([`crate::build::Builder`], nothing written).
//!
//! [`Report::new`] turns a built site into rows (one per article, therapy and procedure) in
//! the order that needs attention first, and totals per reviewer and per author; the output
//! formats are [`table`] (the terminal), [`export`] (CSV and JSON) and [`html`] (one
//! self-contained file with charts).

pub mod export;
pub mod html;
pub mod table;

use std::collections::BTreeMap;
use std::path::Path;

use jiff::civil::Date;
use serde::Serialize;

use crate::diagnostics::Diagnostics;
use crate::link::Site;
use crate::link::authors::{Person, named};
use crate::link::readability::{longest_sentences, measured_pages, reading_level};
use crate::link::review::{is_medical, review_due};
use crate::load::config::Config;
use crate::load::front_matter::{ContentDate, TherapyKind};

/// Where a page's medical review stands on the report's day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewStatus {
    /// The next review was due before today.
    Overdue,
    /// Medical content without a reviewer or a review date.
    Missing,
    /// The next review falls in today's month.
    DueThisMonth,
    /// Reviewed, next review later.
    Current,
    /// Not medical content (an About page), or a therapy page: no review tracked.
    NotTracked,
}

impl ReviewStatus {
    /// The word shown for it.
    pub fn label(self) -> &'static str {
        match self {
            ReviewStatus::Overdue => "overdue",
            ReviewStatus::Missing => "missing",
            ReviewStatus::DueThisMonth => "due",
            ReviewStatus::Current => "ok",
            ReviewStatus::NotTracked => "-",
        }
    }
}

/// Whether a translation is behind its original. Pages carry no language of their own yet:
/// every page is [`TranslationStatus::Original`] until the i18n work links translations, when
/// `Stale` (the original changed after the translation) sorts right after overdue reviews.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TranslationStatus {
    /// A translation older than its original.
    Stale,
    /// A translation up to date with its original.
    Current,
    /// An original (or the only language).
    Original,
}

/// One page of the report.
#[derive(Debug, Clone, Serialize)]
pub struct PageRow {
    /// Its title.
    pub title: String,
    /// `article`, `therapy` or `procedure`.
    pub kind: &'static str,
    /// The listing it belongs to ("Articles", "Therapies and procedures").
    pub section: String,
    /// Its source file.
    pub file: String,
    /// Its URL.
    pub url: String,
    /// The author's name, or empty.
    pub author: String,
    /// The reviewer's name, or empty.
    pub reviewer: String,
    /// `YYYY-MM-DD`, or empty.
    pub last_reviewed: String,
    /// When the next review is due (`review_interval_months` after the last), or empty.
    pub next_review_due: String,
    /// Where the review stands.
    pub review_status: ReviewStatus,
    /// Words of the body.
    pub words: usize,
    /// Its reading grade, when measured.
    pub reading_grade: Option<f64>,
    /// The formula of the grade.
    pub reading_formula: Option<&'static str>,
    /// Its SMOG grade (English).
    pub smog: Option<f64>,
    /// Its Fernández Huerta reading ease (Spanish).
    pub fernandez_huerta: Option<f64>,
    /// Its INFLESZ score (Spanish).
    pub inflesz: Option<f64>,
    /// The words and sentences of prose the grade was computed from.
    pub prose_words: u32,
    /// See `prose_words`.
    pub prose_sentences: u32,
    /// Whether the grade is above `max_reading_grade`.
    pub above_max_grade: bool,
    /// Its longest sentence's line and words, when measured.
    pub longest_sentence: Option<(usize, u32)>,
    /// Its language.
    pub language: String,
    /// Its translation state.
    pub translation: TranslationStatus,
    /// How many warnings the build gave for its file.
    pub warnings: usize,
    #[serde(skip)]
    due_date: Option<Date>,
}

/// Totals for one reviewer or author.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PersonTotals {
    /// The name as shown.
    pub name: String,
    /// Pages they wrote (authors) or reviewed (reviewers).
    pub pages: usize,
    /// Of them, overdue for review.
    pub overdue: usize,
    /// Of them, due for review this month.
    pub due_this_month: usize,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The site's title.
    pub site: String,
    /// The day the report is for.
    pub today: String,
    /// `[editorial] max_reading_grade`, if set.
    pub max_reading_grade: Option<f64>,
    /// `review_interval_months`.
    pub review_interval_months: u32,
    /// Every page, what needs attention first.
    pub pages: Vec<PageRow>,
    /// Per reviewer, by name.
    pub reviewers: Vec<PersonTotals>,
    /// Per author, by name.
    pub authors: Vec<PersonTotals>,
}

impl Report {
    /// The report of a built `site` on `today`, with the build's `warnings`.
    pub fn new(site: &Site, warnings: &Diagnostics, today: Date) -> Report {
        let config = &site.config;
        let mut warnings_per_file: BTreeMap<&Path, usize> = BTreeMap::new();
        for warning in warnings.iter() {
            if let Some(location) = &warning.location {
                *warnings_per_file.entry(&location.file).or_default() += 1;
            }
        }
        let months = config.site.review_interval_months;
        let max = config.site.editorial.max_reading_grade;
        let mut pages: Vec<PageRow> = Vec::new();
        let therapy_section = site
            .sections
            .iter()
            .find(|s| s.kind == crate::load::config::PageKind::Therapies)
            .map_or("Therapies".to_string(), |s| s.title.clone());
        for (index, page) in measured_pages(site).enumerate() {
            let level = reading_level(page.rendered);
            let longest = longest_sentences(&page).first().map(|&(l, w, _)| (l, w));
            let mut row = PageRow {
                title: String::new(),
                kind: "article",
                section: String::new(),
                file: page.file.display().to_string(),
                url: String::new(),
                author: String::new(),
                reviewer: String::new(),
                last_reviewed: String::new(),
                next_review_due: String::new(),
                review_status: ReviewStatus::NotTracked,
                words: page.rendered.word_count,
                reading_grade: level.as_ref().map(|l| l.grade),
                reading_formula: level.as_ref().map(|l| l.formula),
                smog: level.as_ref().and_then(|l| l.smog),
                fernandez_huerta: level.as_ref().and_then(|l| l.fernandez_huerta),
                inflesz: level.as_ref().and_then(|l| l.inflesz),
                prose_words: page.rendered.prose.as_ref().map_or(0, |p| p.words),
                prose_sentences: page.rendered.prose.as_ref().map_or(0, |p| p.sentences),
                above_max_grade: matches!((&level, max), (Some(l), Some(m)) if l.grade > m),
                longest_sentence: longest,
                language: config.site.language.clone(),
                translation: TranslationStatus::Original,
                warnings: warnings_per_file.get(page.file).copied().unwrap_or(0),
                due_date: None,
            };
            if let Some(article) = site.articles.get(index) {
                let front = &article.doc.front;
                row.title = front.title.clone();
                row.section = site.sections[article.section].title.clone();
                row.url = config.url(&article.path);
                row.author = person(config, &front.author);
                row.reviewer = person(config, &front.reviewed_by);
                row.last_reviewed = iso(&front.last_reviewed);
                row.due_date = front
                    .last_reviewed
                    .as_ref()
                    .and_then(|last| review_due(last.date, months));
                row.next_review_due = row.due_date.map(|d| d.to_string()).unwrap_or_default();
                row.review_status = review_status(is_medical(article), &row, today);
            } else if let Some(therapy) = site.therapies.get(index - site.articles.len()) {
                row.title = therapy.doc.front.title.clone();
                row.kind = match therapy.doc.front.kind {
                    TherapyKind::Therapy => "therapy",
                    TherapyKind::Procedure => "procedure",
                };
                row.section = therapy_section.clone();
                row.url = config.url(&therapy.path);
            }
            pages.push(row);
        }
        pages.sort_by(attention_order);
        Report {
            site: config.site.title.clone(),
            today: today.to_string(),
            max_reading_grade: max,
            review_interval_months: months,
            reviewers: totals(&pages, |row| &row.reviewer),
            authors: totals(&pages, |row| &row.author),
            pages,
        }
    }

    /// How many pages are above `max_reading_grade`.
    pub fn above_max_grade(&self) -> usize {
        self.pages.iter().filter(|p| p.above_max_grade).count()
    }

    /// How many pages have each review status.
    pub fn count(&self, status: ReviewStatus) -> usize {
        self.pages
            .iter()
            .filter(|p| p.review_status == status)
            .count()
    }

    /// Reviews due per month: (`YYYY-MM`, how many), from the earliest overdue month to twelve
    /// months after today, every month listed.
    pub fn reviews_due_per_month(&self, today: Date) -> Vec<(String, usize)> {
        let month = |d: Date| (i32::from(d.year()), i32::from(d.month()));
        let mut per_month: BTreeMap<(i32, i32), usize> = BTreeMap::new();
        for date in self.pages.iter().filter_map(|p| p.due_date) {
            *per_month.entry(month(date)).or_default() += 1;
        }
        let first = per_month
            .keys()
            .next()
            .copied()
            .map_or(month(today), |m| m.min(month(today)));
        let (end_year, end_month) = month(today);
        let last = (end_year + 1, end_month);
        let mut months = Vec::new();
        let mut at = first;
        while at <= last {
            months.push((
                format!("{:04}-{:02}", at.0, at.1),
                per_month.get(&at).copied().unwrap_or(0),
            ));
            at = if at.1 == 12 {
                (at.0 + 1, 1)
            } else {
                (at.0, at.1 + 1)
            };
        }
        // Far-future reviews (past the last month shown) are left out of the chart only.
        months
    }

    /// Reading grades per section: (section, pages graded, mean grade, highest grade).
    pub fn grades_per_section(&self) -> Vec<(String, usize, f64, f64)> {
        let mut per_section: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
        for page in &self.pages {
            if let Some(grade) = page.reading_grade {
                per_section.entry(&page.section).or_default().push(grade);
            }
        }
        per_section
            .into_iter()
            .map(|(section, grades)| {
                let mean = grades.iter().sum::<f64>() / grades.len() as f64;
                let highest = grades.iter().copied().fold(f64::MIN, f64::max);
                (
                    section.to_string(),
                    grades.len(),
                    (mean * 10.0).round() / 10.0,
                    highest,
                )
            })
            .collect()
    }
}

fn person(config: &Config, value: &Option<String>) -> String {
    named(value)
        .map(|v| Person::resolve(config, v).name().to_string())
        .unwrap_or_default()
}

fn iso(date: &Option<ContentDate>) -> String {
    date.as_ref().map(ContentDate::iso_date).unwrap_or_default()
}

fn review_status(medical: bool, row: &PageRow, today: Date) -> ReviewStatus {
    if !medical {
        return ReviewStatus::NotTracked;
    }
    if row.reviewer.is_empty() || row.last_reviewed.is_empty() {
        return ReviewStatus::Missing;
    }
    match row.due_date {
        Some(due) if today > due => ReviewStatus::Overdue,
        Some(due) if (due.year(), due.month()) == (today.year(), today.month()) => {
            ReviewStatus::DueThisMonth
        }
        _ => ReviewStatus::Current,
    }
}

/// What needs attention first: overdue reviews (the longest overdue first), missing reviews,
/// stale translations, reviews due this month, then the highest reading grade; ties by title.
fn attention_order(a: &PageRow, b: &PageRow) -> std::cmp::Ordering {
    let urgent = |row: &PageRow| match row.review_status {
        ReviewStatus::Overdue => 0,
        ReviewStatus::Missing => 1,
        _ if row.translation == TranslationStatus::Stale => 2,
        ReviewStatus::DueThisMonth => 3,
        _ => 4,
    };
    urgent(a)
        .cmp(&urgent(b))
        .then_with(|| match a.review_status {
            ReviewStatus::Overdue | ReviewStatus::DueThisMonth => a.due_date.cmp(&b.due_date),
            _ => std::cmp::Ordering::Equal,
        })
        .then_with(|| {
            let grade = |row: &PageRow| row.reading_grade.unwrap_or(f64::MIN);
            grade(b).total_cmp(&grade(a))
        })
        .then_with(|| a.title.cmp(&b.title))
        .then_with(|| a.file.cmp(&b.file))
}

/// Totals per person named by `who` (pages with nobody named are left out), by name.
fn totals(pages: &[PageRow], who: impl Fn(&PageRow) -> &String) -> Vec<PersonTotals> {
    let mut by_name: BTreeMap<&str, PersonTotals> = BTreeMap::new();
    for page in pages {
        let name = who(page);
        if name.is_empty() {
            continue;
        }
        let totals = by_name.entry(name).or_insert_with(|| PersonTotals {
            name: name.clone(),
            ..PersonTotals::default()
        });
        totals.pages += 1;
        totals.overdue += usize::from(page.review_status == ReviewStatus::Overdue);
        totals.due_this_month += usize::from(page.review_status == ReviewStatus::DueThisMonth);
    }
    by_name.into_values().collect()
}
