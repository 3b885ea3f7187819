//! The page list: every page the site publishes, each with its kind, URL, title, template
//! and source file. Rendering, JSON-LD, the sitemap and the link check iterate this list
//! instead of the kinds of content.

use std::path::Path;

use crate::link::authors::{self, Author};
use crate::link::urls::NOT_FOUND_FILE;
use crate::link::{Article, Condition, Section, Site, Therapy};
use crate::load::config::{CONFIG_FILE, PageKind};
use crate::markdown::Rendered;

/// What a page is, with the linked item it shows.
#[derive(Debug, Clone, Copy)]
pub enum PageRef<'a> {
    /// An article.
    Article(&'a Article),
    /// A therapy or procedure.
    Therapy(&'a Therapy),
    /// A condition.
    Condition(&'a Condition),
    /// A listing: home, a topic index or a folder of articles.
    Section(&'a Section),
    /// A configured author's page.
    Author(&'a Author),
    /// The not-found page.
    NotFound,
    /// The search page (with the `search` feature; skipped when the theme has no search.html).
    Search,
}

/// One page to publish.
#[derive(Debug, Clone)]
pub struct Page<'a> {
    /// What it is.
    pub kind: PageRef<'a>,
    /// The template that renders it.
    pub template: String,
    /// Its site path: `/articles/x/`, or `/404.html`.
    pub path: String,
    /// Its title.
    pub title: String,
    /// One sentence for search results.
    pub description: String,
    /// The file it comes from, as shown to the user (site.toml for pages without one).
    pub source: &'a Path,
}

impl<'a> Page<'a> {
    /// The page's kind as templates see it (`page_kind`): `article`, `therapy`, `condition`,
    /// `home`, `therapies`, `conditions`, `section`, `author`, `404` or `search`.
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            PageRef::Article(_) => "article",
            PageRef::Therapy(_) => "therapy",
            PageRef::Condition(_) => "condition",
            PageRef::Section(s) => match s.kind {
                PageKind::Home => "home",
                PageKind::Therapies => "therapies",
                PageKind::Conditions => "conditions",
                _ => "section",
            },
            PageRef::Author(_) => "author",
            PageRef::NotFound => "404",
            PageRef::Search => "search",
        }
    }

    /// Its Markdown body: (file, text, first line, render), for pages made from one.
    pub fn body(&self) -> Option<(&'a Path, &'a str, usize, &'a Rendered)> {
        fn of<'a, F>(
            doc: &'a crate::load::content::Document<F>,
            rendered: &'a Rendered,
        ) -> (&'a Path, &'a str, usize, &'a Rendered) {
            (&doc.file.display, &doc.body, doc.body_first_line, rendered)
        }
        match self.kind {
            PageRef::Article(a) => Some(of(&a.doc, &a.rendered)),
            PageRef::Therapy(t) => Some(of(&t.doc, &t.rendered)),
            PageRef::Condition(c) => Some(of(&c.doc, &c.rendered)),
            PageRef::Section(s) => s.doc.as_ref().map(|d| of(d, &s.rendered)),
            PageRef::Author(_) | PageRef::NotFound | PageRef::Search => None,
        }
    }

    /// The content path (`articles/x.md`) and site path of a page made from a content file.
    pub fn content_path_and_url(&self) -> Option<(&'a str, &str)> {
        let content_path = match self.kind {
            PageRef::Article(a) => &a.doc.file.content_path,
            PageRef::Therapy(t) => &t.doc.file.content_path,
            PageRef::Condition(c) => &c.doc.file.content_path,
            PageRef::Section(s) => &s.doc.as_ref()?.file.content_path,
            PageRef::Author(_) | PageRef::NotFound | PageRef::Search => return None,
        };
        Some((content_path, &self.path))
    }

    /// Where the `template` key of the page's front matter is, to report a missing template.
    pub fn template_location(&self) -> crate::diagnostics::Location {
        match self.kind {
            PageRef::Article(a) => a.doc.locate("template"),
            PageRef::Therapy(t) => t.doc.locate("template"),
            PageRef::Condition(c) => c.doc.locate("template"),
            PageRef::Section(s) => s.doc.as_ref().map_or_else(
                || crate::diagnostics::Location::file(self.source),
                |d| d.locate("template"),
            ),
            PageRef::Author(_) | PageRef::NotFound | PageRef::Search => {
                crate::diagnostics::Location::file(self.source)
            }
        }
    }
}

impl Site {
    /// Every page to publish, in a fixed order: listings, therapies, conditions, articles,
    /// authors, the 404 page and the search page.
    pub fn pages(&self) -> Vec<Page<'_>> {
        let config = &self.config;
        let config_file = Path::new(CONFIG_FILE);
        let site_description = || config.site.description.clone();
        let mut pages: Vec<Page<'_>> = Vec::with_capacity(
            self.sections.len()
                + self.therapies.len()
                + self.conditions.len()
                + self.articles.len()
                + self.authors.len()
                + 2,
        );
        for section in &self.sections {
            let doc = section.doc.as_ref();
            pages.push(Page {
                kind: PageRef::Section(section),
                template: doc
                    .and_then(|d| d.front.template.clone())
                    .unwrap_or_else(|| default_listing_template(section.kind).into()),
                path: section.path.clone(),
                title: section.title.clone(),
                description: doc
                    .and_then(|d| d.front.description.clone())
                    .unwrap_or_else(site_description),
                source: doc.map_or(config_file, |d| d.file.display.as_path()),
            });
        }
        for therapy in &self.therapies {
            let front = &therapy.doc.front;
            pages.push(Page {
                kind: PageRef::Therapy(therapy),
                template: front
                    .template
                    .clone()
                    .unwrap_or_else(|| "therapy.html".into()),
                path: therapy.path.clone(),
                title: front.title.clone(),
                description: front.summary.clone().unwrap_or_default(),
                source: &therapy.doc.file.display,
            });
        }
        for condition in &self.conditions {
            let front = &condition.doc.front;
            pages.push(Page {
                kind: PageRef::Condition(condition),
                template: front
                    .template
                    .clone()
                    .unwrap_or_else(|| "condition.html".into()),
                path: condition.path.clone(),
                title: front.title.clone(),
                description: front.summary.clone().unwrap_or_default(),
                source: &condition.doc.file.display,
            });
        }
        for article in &self.articles {
            let front = &article.doc.front;
            pages.push(Page {
                kind: PageRef::Article(article),
                template: front
                    .template
                    .clone()
                    .unwrap_or_else(|| "article.html".into()),
                path: article.path.clone(),
                title: front.title.clone(),
                description: front.description.clone().unwrap_or_else(site_description),
                source: &article.doc.file.display,
            });
        }
        for author in &self.authors {
            let settings = config.site.authors.get(&author.id);
            pages.push(Page {
                kind: PageRef::Author(author),
                template: "author.html".into(),
                path: author.path.clone(),
                title: settings.map(authors::display_name).unwrap_or_default(),
                description: settings
                    .and_then(|a| a.job_title.clone())
                    .unwrap_or_else(site_description),
                source: config_file,
            });
        }
        pages.push(Page {
            kind: PageRef::NotFound,
            template: NOT_FOUND_FILE.into(),
            path: format!("/{NOT_FOUND_FILE}"),
            title: "Page not found".into(),
            description: site_description(),
            source: config_file,
        });
        if cfg!(feature = "search") {
            pages.push(Page {
                kind: PageRef::Search,
                template: SEARCH_TEMPLATE.into(),
                path: SEARCH_PATH.into(),
                title: "Search".into(),
                description: site_description(),
                source: config_file,
            });
        }
        pages
    }
}

/// The search page's template.
pub const SEARCH_TEMPLATE: &str = "search.html";
/// The search page's site path.
pub const SEARCH_PATH: &str = "/search/";

/// The template of a listing without a `template` key.
fn default_listing_template(kind: PageKind) -> &'static str {
    match kind {
        PageKind::Home => "index.html",
        PageKind::Therapies => "therapies.html",
        PageKind::Conditions => "conditions.html",
        _ => "section.html",
    }
}
