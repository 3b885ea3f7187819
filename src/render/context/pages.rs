//! The contexts of the site, listings, articles, people and the CTA block: the theme contract
//! documented in docs/theme.md.

use crate::link::Article;
use crate::link::cta::Cta;
use crate::load::config::Config;
use crate::load::front_matter::{ContentDate, Reference};
use crate::markdown::TocEntry;
use serde::Serialize;
use serde_json::Value;

use super::*;

/// `site`: the configuration, for every template.
#[derive(Debug, Serialize)]
pub struct SiteContext<'a> {
    /// site.toml `title`.
    pub title: &'a str,
    /// site.toml `description`.
    pub description: &'a str,
    /// `base_url` with a trailing slash.
    pub base_url: &'a str,
    /// The path part of `base_url`: `/` or `/clinic/`.
    pub base_path: &'a str,
    /// The content language.
    pub language: &'a str,
    /// `[clinic]`, with the phone validated.
    pub clinic: ClinicContext<'a>,
    /// `[therapy_index] compare`.
    pub compare: &'a [String],
    /// The footer disclaimer.
    pub disclaimer: &'a str,
    /// `[extra]`.
    pub extra: &'a serde_json::Map<String, Value>,
    /// Top-level listings and root pages, for navigation.
    pub nav: Vec<Link>,
    /// The Atom feed's URL under the base path, or empty when no article is dated.
    pub feed_url: String,
    /// The search page's URL under the base path, or empty when the site has no search.
    pub search_url: String,
    /// The URL of Pagefind's script, which the search page loads (empty without search).
    pub search_script_url: String,
    /// The therapy and condition indexes, for readers who cannot search.
    pub topic_indexes: Vec<Link>,
}

/// `site.clinic`.
#[derive(Debug, Serialize)]
pub struct ClinicContext<'a> {
    /// The clinic's name (the site title when unset).
    pub name: &'a str,
    /// The phone in national form, or empty.
    pub phone: String,
    /// The phone in E.164 form for `tel:` links, or empty.
    pub tel: String,
    /// E-mail address, or empty.
    pub email: &'a str,
    /// Street address, or empty.
    pub street_address: &'a str,
    /// City, or empty.
    pub locality: &'a str,
    /// Region, or empty.
    pub region: &'a str,
    /// Postal code, or empty.
    pub postal_code: &'a str,
    /// Country code.
    pub country: &'a str,
    /// Opening hours as written in site.toml, schema.org's syntax (`Mo-Fr 08:00-18:00`).
    pub opening_hours: &'a [String],
    /// What to do in an emergency (`[clinic] emergency`, or a default).
    pub emergency: &'a str,
    /// Opening hours in words (`Monday to Friday: 8 AM to 6 PM`), one per entry.
    pub hours: Vec<String>,
    /// The address on one line (`1200 Harbor Blvd, Santa Monica, CA 90401`), or empty.
    pub address: String,
    /// A maps search for the clinic's address, for a "Directions" link, or empty.
    pub directions_url: String,
}

/// A title and a URL.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// Link text.
    pub title: String,
    /// Root-relative URL including the base path.
    pub url: String,
}

/// An article as listed: in sections, on therapy pages, as related.
#[derive(Debug, Serialize)]
pub struct ArticleSummary<'a> {
    /// Headline.
    pub title: &'a str,
    /// Description, or empty.
    pub description: &'a str,
    /// URL.
    pub url: String,
    /// `YYYY-MM-DD`, or empty.
    pub date: String,
    /// `YYYY-MM-DD`, or empty.
    pub updated: String,
    /// HTML before `<!-- more -->`, else the description in a paragraph.
    pub summary: String,
    /// Minutes to read.
    pub reading_time: usize,
}

impl<'a> ArticleSummary<'a> {
    /// The summary of `article`.
    pub fn new(article: &'a Article, config: &Config) -> Self {
        let front = &article.doc.front;
        ArticleSummary {
            title: &front.title,
            description: front.description.as_deref().unwrap_or(""),
            url: config.url(&article.path),
            date: iso(&front.date),
            updated: iso(&front.updated),
            summary: summary_html(article),
            reading_time: article.rendered.reading_minutes,
        }
    }
}

pub(super) fn summary_html(article: &Article) -> String {
    match (
        &article.rendered.summary_html,
        &article.doc.front.description,
    ) {
        (Some(html), _) => html.clone(),
        (None, Some(description)) => format!("<p>{}</p>", crate::render::escape_html(description)),
        (None, None) => String::new(),
    }
}

pub(super) fn iso(date: &Option<ContentDate>) -> String {
    date.as_ref().map(ContentDate::iso_date).unwrap_or_default()
}

/// The CTA as its component's arguments; absent fields take the component's defaults.
#[derive(Debug, Serialize)]
pub struct CtaContext<'a> {
    /// Heading.
    pub heading: &'a str,
    /// Text as HTML.
    pub text: &'a str,
    /// Button label.
    pub button: &'a str,
    /// Phone in national form.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<&'a str>,
    /// Phone in E.164 form, for `tel:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tel: Option<&'a str>,
    /// Booking page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'a str>,
}

impl<'a> CtaContext<'a> {
    /// The component arguments for `cta`.
    pub fn new(cta: &'a Cta) -> Self {
        CtaContext {
            heading: &cta.heading,
            text: &cta.text_html,
            button: &cta.button,
            phone: cta.phone.as_ref().map(|p| p.display.as_str()),
            tel: cta.phone.as_ref().map(|p| p.e164.as_str()),
            url: cta.url.as_deref(),
        }
    }
}

/// `page` for article.html.
#[derive(Debug, Serialize)]
pub struct ArticleContext<'a> {
    /// Headline.
    pub title: &'a str,
    /// Description, or empty.
    pub description: &'a str,
    /// URL.
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    /// `YYYY-MM-DD`, or empty.
    pub date: String,
    /// `YYYY-MM-DD`, or empty.
    pub updated: String,
    /// Author's name as shown (with credentials when configured), or empty.
    pub author: String,
    /// Reviewer's name as shown (with credentials when configured), or empty.
    pub reviewed_by: String,
    /// The author in full, or none.
    pub author_person: Option<PersonContext<'a>>,
    /// The reviewer in full, or none.
    pub reviewer_person: Option<PersonContext<'a>>,
    /// `YYYY-MM-DD`, or empty.
    pub last_reviewed: String,
    /// The sources it is based on, in the order written.
    pub references: &'a [Reference],
    /// Whether it is a draft (only with `--drafts`).
    pub draft: bool,
    /// The body as HTML (use `| safe`).
    pub content: tera::Value,
    /// HTML before `<!-- more -->`, else the description.
    pub summary: String,
    /// Table of contents.
    pub toc: &'a [TocEntry],
    /// Words.
    pub word_count: usize,
    /// Minutes to read.
    pub reading_time: usize,
    /// The body's reading grade (see docs/editorial.md), or none when not measured.
    pub reading_grade: Option<f64>,
    /// Its therapies, in the order listed ([`TherapySummary`] each).
    pub therapies: Vec<tera::Value>,
    /// Its conditions, in the order listed ([`ConditionSummary`] each).
    pub conditions: Vec<tera::Value>,
    /// In a translation: the therapies it names that have no translation, linked in the
    /// default language.
    pub therapies_elsewhere: Vec<super::translations::ElsewhereLink>,
    /// The same for its conditions.
    pub conditions_elsewhere: Vec<super::translations::ElsewhereLink>,
    /// Related articles ([`ArticleSummary`] each).
    pub related: Vec<tera::Value>,
    /// The merged CTA, or none when hidden.
    pub cta: Option<CtaContext<'a>>,
    /// Whether the theme should put the CTA block after the body.
    pub cta_at_end: bool,
    /// `[extra]`.
    pub extra: &'a serde_json::Map<String, Value>,
    /// The listing it belongs to.
    pub section: Link,
}

/// An article's author or reviewer: a configured author, or a plain name (whose other fields
/// are empty).
#[derive(Debug, Serialize)]
pub struct PersonContext<'a> {
    /// The id in `[authors]`, or empty for a plain name.
    pub id: &'a str,
    /// The name without credentials (a plain name as written).
    pub name: &'a str,
    /// Credentials: "MD", or empty.
    pub credentials: &'a str,
    /// Job title, or empty.
    pub job_title: &'a str,
    /// The name as shown: "Lena Park, MD".
    pub display_name: String,
    /// Their page on this site (with the base path), or empty.
    pub url: String,
    /// The bio as HTML, or empty.
    pub bio: &'a str,
    /// Their page elsewhere (`url` in site.toml), or empty.
    pub website: &'a str,
}

/// `page` for author.html.
#[derive(Debug, Serialize)]
pub struct AuthorContext<'a> {
    /// Their fields (name, credentials, bio, …) at the top level.
    #[serde(flatten)]
    pub person: PersonContext<'a>,
    /// The absolute URL of their page.
    pub permalink: String,
    /// The newest articles they wrote ([`ArticleSummary`] each).
    pub written: Vec<tera::Value>,
    /// The newest articles they reviewed ([`ArticleSummary`] each).
    pub reviewed: Vec<tera::Value>,
    /// How many articles they wrote.
    pub written_count: usize,
    /// How many articles they reviewed.
    pub reviewed_count: usize,
    /// The URL of the full list of articles they wrote, or empty when all are shown.
    pub all_written_url: String,
    /// The URL of the full list of articles they reviewed, or empty when all are shown.
    pub all_reviewed_url: String,
}

/// `section` for index.html, section.html and therapies.html.
#[derive(Debug, Serialize)]
pub struct SectionContext<'a> {
    /// Title.
    pub title: &'a str,
    /// Description, or empty.
    pub description: &'a str,
    /// URL.
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    /// The `_index.md` body as HTML.
    pub content: tera::Value,
    /// The articles on this page of it (for the home page: the newest dated), newest first
    /// ([`ArticleSummary`] each).
    pub articles: Vec<tera::Value>,
    /// Listings below it.
    pub subsections: Vec<Link>,
    /// For /therapies/: the therapies grouped by kind.
    pub groups: Vec<TherapyGroup<'a>>,
    /// For /conditions/: the conditions grouped by region.
    pub regions: Vec<RegionGroup<'a>>,
    /// The merged CTA, or none.
    pub cta: Option<CtaContext<'a>>,
    /// Whether the theme should put the CTA block after the content.
    pub cta_at_end: bool,
    /// `[extra]` of the `_index.md`.
    pub extra: Option<&'a serde_json::Map<String, Value>>,
}
