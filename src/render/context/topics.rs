//! The contexts of the topic indexes: a therapy or condition as listed, and the `page` of
//! therapy.html and condition.html.

use serde::Serialize;
use serde_json::Value;

use super::CtaContext;
use crate::link::{Condition, Therapy};
use crate::load::config::Config;
use crate::load::front_matter::{Invasiveness, TherapyKind};
use crate::markdown::TocEntry;

/// A therapy as listed anywhere: in `therapies`, an article's therapies, related therapies.
#[derive(Debug, Serialize)]
pub struct TherapySummary<'a> {
    /// Its slug.
    pub slug: &'a str,
    /// Its name.
    pub title: &'a str,
    /// `therapy` or `procedure`.
    pub kind: TherapyKind,
    /// Other names.
    pub also_known_as: &'a [String],
    /// One or two sentences.
    pub summary: &'a str,
    /// `non-invasive`, `minimally-invasive`, `surgical`, or none.
    pub invasiveness: Option<Invasiveness>,
    /// Typical recovery, or empty.
    pub recovery: &'a str,
    /// URL.
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    /// How many published articles discuss it.
    pub article_count: usize,
    /// Its `[extra]`.
    pub extra: &'a serde_json::Map<String, Value>,
}

impl<'a> TherapySummary<'a> {
    /// The summary of `therapy`.
    pub fn new(therapy: &'a Therapy, config: &Config) -> Self {
        let front = &therapy.doc.front;
        TherapySummary {
            slug: &therapy.slug,
            title: &front.title,
            kind: front.kind,
            also_known_as: &front.also_known_as,
            summary: front.summary.as_deref().unwrap_or(""),
            invasiveness: front.invasiveness,
            recovery: front.recovery.as_deref().unwrap_or(""),
            url: config.url(&therapy.path),
            permalink: config.permalink(&therapy.path),
            article_count: therapy.articles.len(),
            extra: &front.extra,
        }
    }
}

/// `page` for therapy.html.
#[derive(Debug, Serialize)]
pub struct TherapyContext<'a> {
    /// Its summary fields (title, kind, …) at the top level.
    #[serde(flatten)]
    pub summary: TherapySummary<'a>,
    /// One sentence for search results: the summary.
    pub description: &'a str,
    /// The body as HTML.
    pub content: tera::Value,
    /// Table of contents.
    pub toc: &'a [TocEntry],
    /// The body's reading grade (see docs/editorial.md), or none when not measured.
    pub reading_grade: Option<f64>,
    /// The newest articles that discuss it ([`ArticleSummary`] each).
    pub articles: Vec<tera::Value>,
    /// The URL of the full list of its articles, or empty when `articles` holds them all.
    pub all_articles_url: String,
    /// Therapies discussed in the same articles, most often first.
    pub related: Vec<RelatedTherapy<'a>>,
    /// The conditions it is used for ([`ConditionSummary`] each).
    pub conditions: Vec<tera::Value>,
    /// The merged CTA, or none.
    pub cta: Option<CtaContext<'a>>,
    /// Whether the theme should put the CTA block after the body.
    pub cta_at_end: bool,
}

/// A related therapy and how many articles discuss both.
#[derive(Debug, Serialize)]
pub struct RelatedTherapy<'a> {
    /// The therapy.
    #[serde(flatten)]
    pub therapy: TherapySummary<'a>,
    /// Articles discussing both.
    pub shared_articles: usize,
}

/// Therapies of one kind, for the index.
#[derive(Debug, Serialize)]
pub struct TherapyGroup<'a> {
    /// `therapy` or `procedure`.
    pub kind: TherapyKind,
    /// "Therapies" or "Procedures".
    pub title: &'static str,
    /// The therapies, alphabetical.
    pub therapies: Vec<TherapySummary<'a>>,
}

/// A condition as listed anywhere: on /conditions/, an article's conditions, a therapy's
/// "used for" list.
#[derive(Debug, Serialize)]
pub struct ConditionSummary<'a> {
    /// Its slug.
    pub slug: &'a str,
    /// Its name.
    pub title: &'a str,
    /// Other names.
    pub also_known_as: &'a [String],
    /// One or two sentences.
    pub summary: &'a str,
    /// The regions of the spine it affects: `cervical`, `thoracic`, `lumbar`, `sacral`.
    pub regions: Vec<&'static str>,
    /// URL.
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    /// How many published articles are about it.
    pub article_count: usize,
    /// How many therapies treat it.
    pub treatment_count: usize,
    /// Its `[extra]`.
    pub extra: &'a serde_json::Map<String, Value>,
}

impl<'a> ConditionSummary<'a> {
    /// The summary of `condition`.
    pub fn new(condition: &'a Condition, config: &Config) -> Self {
        let front = &condition.doc.front;
        ConditionSummary {
            slug: &condition.slug,
            title: &front.title,
            also_known_as: &front.also_known_as,
            summary: front.summary.as_deref().unwrap_or(""),
            regions: front.regions.iter().map(|r| r.key()).collect(),
            url: config.url(&condition.path),
            permalink: config.permalink(&condition.path),
            article_count: condition.articles.len(),
            treatment_count: condition.paired.len(),
            extra: &front.extra,
        }
    }
}

/// `page` for condition.html.
#[derive(Debug, Serialize)]
pub struct ConditionContext<'a> {
    /// Its summary fields (title, regions, …) at the top level.
    #[serde(flatten)]
    pub summary: ConditionSummary<'a>,
    /// One sentence for search results: the summary.
    pub description: &'a str,
    /// The body as HTML.
    pub content: tera::Value,
    /// Table of contents.
    pub toc: &'a [TocEntry],
    /// What patients notice.
    pub symptoms: &'a [String],
    /// Symptoms that need urgent care.
    pub red_flags: &'a [String],
    /// The therapies that treat it, least to most invasive ([`TherapySummary`] each).
    pub treatments: Vec<tera::Value>,
    /// Articles about it, newest first ([`super::ArticleSummary`] each).
    pub articles: Vec<tera::Value>,
    /// The URL of the full list of its articles, or empty when `articles` holds them all.
    pub all_articles_url: String,
    /// The merged CTA, or none.
    pub cta: Option<CtaContext<'a>>,
    /// Whether the theme should put the CTA block after the body.
    pub cta_at_end: bool,
}

/// Conditions of one region, for /conditions/ (a condition in two regions is in both).
#[derive(Debug, Serialize)]
pub struct RegionGroup<'a> {
    /// `cervical`, `thoracic`, `lumbar`, `sacral`, or empty for conditions with no region.
    pub region: &'static str,
    /// "Neck (cervical spine)", …
    pub title: &'static str,
    /// The conditions, alphabetical.
    pub conditions: Vec<ConditionSummary<'a>>,
}
