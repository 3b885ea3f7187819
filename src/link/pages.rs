//! The page list: every page the site publishes, each with its kind, URL, title, template
//! and source file. Rendering, JSON-LD, the sitemap and the link check iterate this list
//! instead of the kinds of content.

use std::borrow::Cow;
use std::path::Path;

use crate::link::authors::{self, Author};
use crate::link::pagination::{ArticleList, Paginated};
use crate::link::urls::NOT_FOUND_FILE;
use crate::link::{Article, Condition, Section, Site, Therapy};
#[cfg(doc)]
use crate::load::config::Config;
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
    /// A topic's or an author's full list of articles.
    ArticleList(&'a ArticleList),
    /// The search page of a language (when the site has search).
    Search,
    /// The not-found page.
    NotFound,
}

/// One page to publish.
#[derive(Debug, Clone)]
pub struct Page<'a> {
    /// What it is.
    pub kind: PageRef<'a>,
    /// The template that renders it.
    pub template: Cow<'a, str>,
    /// Its site path: `/articles/x/`, or `/404.html`.
    pub path: Cow<'a, str>,
    /// Its title.
    pub title: Cow<'a, str>,
    /// One sentence for search results.
    pub description: Cow<'a, str>,
    /// The file it comes from, as shown to the user (site.toml for pages without one).
    pub source: &'a Path,
    /// Which page of a paginated list it is, for listings.
    pub pager: Option<Pager<'a>>,
}

/// One page of a paginated list.
#[derive(Debug, Clone, Copy)]
pub struct Pager<'a> {
    /// The list's pages.
    pub pages: &'a Paginated,
    /// This page's number, from 1.
    pub number: usize,
}

impl<'a> Pager<'a> {
    /// This page's site path.
    pub fn path(&self) -> &'a str {
        &self.pages.paths[self.number - 1]
    }

    /// The part of `articles` (the whole list) this page shows.
    pub fn slice<'b>(&self, articles: &'b [usize]) -> &'b [usize] {
        let range = self.pages.range(self.number);
        &articles[range.start.min(articles.len())..range.end.min(articles.len())]
    }
}

/// A page for each page of `pages`, made by `page` from its path and pager.
fn paginated<'a>(
    pages: &'a Paginated,
    page: impl Fn(&'a str, Pager<'a>) -> Page<'a>,
) -> impl Iterator<Item = Page<'a>> {
    (1..=pages.count()).map(move |number| {
        let pager = Pager { pages, number };
        page(pager.path(), pager)
    })
}

impl<'a> Page<'a> {
    /// The page's kind as templates see it (`page_kind`): `article`, `therapy`, `condition`,
    /// `home`, `therapies`, `conditions`, `section`, `author` or `404`.
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
            PageRef::ArticleList(_) => "article_list",
            PageRef::Search => "search",
            PageRef::NotFound => "404",
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
            PageRef::Author(_) | PageRef::ArticleList(_) | PageRef::Search | PageRef::NotFound => {
                None
            }
        }
    }

    /// The content path (`articles/x.md`) and site path of a page made from a content file.
    pub fn content_path_and_url(&self) -> Option<(&'a str, &str)> {
        let content_path = match self.kind {
            PageRef::Article(a) => &a.doc.file.content_path,
            PageRef::Therapy(t) => &t.doc.file.content_path,
            PageRef::Condition(c) => &c.doc.file.content_path,
            PageRef::Section(s) => &s.doc.as_ref()?.file.content_path,
            PageRef::Author(_) | PageRef::ArticleList(_) | PageRef::Search | PageRef::NotFound => {
                return None;
            }
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
            PageRef::Author(_) | PageRef::ArticleList(_) | PageRef::Search | PageRef::NotFound => {
                crate::diagnostics::Location::file(self.source)
            }
        }
    }
}

/// The search page's site path in the default language (others have their prefix before it).
pub const SEARCH_PATH: &str = "/search/";
/// The template of the search page.
pub const SEARCH_TEMPLATE: &str = "search.html";

impl Site {
    /// Whether the site has search (see [`Config::has_search`]).
    pub fn has_search(&self) -> bool {
        self.config.has_search()
    }

    /// Every page to publish, in a fixed order: listings (each page of a paginated one),
    /// therapies, conditions, articles, authors, the full article lists of topics and authors,
    /// the search page, and the 404 page.
    pub fn pages<'a>(&'a self) -> Vec<Page<'a>> {
        let config = &self.config;
        let config_file = Path::new(CONFIG_FILE);
        let site_description = || Cow::Borrowed(config.site.description.as_str());
        let mut pages: Vec<Page<'a>> = Vec::with_capacity(
            self.sections.len()
                + self.therapies.len()
                + self.conditions.len()
                + self.articles.len()
                + self.authors.len()
                + self.pagination.lists.len()
                + 2,
        );
        for (index, section) in self.sections.iter().enumerate() {
            let doc = section.doc.as_ref();
            let page = |path: &'a str, pager| Page {
                kind: PageRef::Section(section),
                template: Cow::Borrowed(
                    doc.and_then(|d| d.front.template.as_deref())
                        .unwrap_or_else(|| default_listing_template(section.kind)),
                ),
                path: Cow::Borrowed(path),
                title: Cow::Borrowed(&section.title),
                description: doc
                    .and_then(|d| d.front.description.as_deref())
                    .map_or_else(site_description, Cow::Borrowed),
                source: doc.map_or(config_file, |d| d.file.display.as_path()),
                pager,
            };
            match self.pagination.sections.get(index).and_then(Option::as_ref) {
                Some(list) => pages.extend(paginated(list, |path, pager| page(path, Some(pager)))),
                None => pages.push(page(&section.path, None)),
            }
        }
        for therapy in &self.therapies {
            let front = &therapy.doc.front;
            pages.push(Page {
                kind: PageRef::Therapy(therapy),
                template: Cow::Borrowed(front.template.as_deref().unwrap_or("therapy.html")),
                path: Cow::Borrowed(&therapy.path),
                title: Cow::Borrowed(&front.title),
                description: Cow::Borrowed(front.summary.as_deref().unwrap_or_default()),
                source: &therapy.doc.file.display,
                pager: None,
            });
        }
        for condition in &self.conditions {
            let front = &condition.doc.front;
            pages.push(Page {
                kind: PageRef::Condition(condition),
                template: Cow::Borrowed(front.template.as_deref().unwrap_or("condition.html")),
                path: Cow::Borrowed(&condition.path),
                title: Cow::Borrowed(&front.title),
                description: Cow::Borrowed(front.summary.as_deref().unwrap_or_default()),
                source: &condition.doc.file.display,
                pager: None,
            });
        }
        for article in &self.articles {
            let front = &article.doc.front;
            pages.push(Page {
                kind: PageRef::Article(article),
                template: Cow::Borrowed(front.template.as_deref().unwrap_or("article.html")),
                path: Cow::Borrowed(&article.path),
                title: Cow::Borrowed(&front.title),
                description: (front.description.as_deref())
                    .map_or_else(site_description, Cow::Borrowed),
                source: &article.doc.file.display,
                pager: None,
            });
        }
        for author in &self.authors {
            let settings = config.site.authors.get(&author.id);
            pages.push(Page {
                kind: PageRef::Author(author),
                template: Cow::Borrowed("author.html"),
                path: Cow::Borrowed(&author.path),
                title: Cow::Owned(settings.map(authors::display_name).unwrap_or_default()),
                description: (settings.and_then(|a| a.job_title.as_deref()))
                    .map_or_else(site_description, Cow::Borrowed),
                source: config_file,
                pager: None,
            });
        }
        for list in &self.pagination.lists {
            pages.extend(paginated(&list.pages, |path, pager| Page {
                kind: PageRef::ArticleList(list),
                template: Cow::Borrowed("article_list.html"),
                path: Cow::Borrowed(path),
                // The theme words a full list's title and description (see
                // `render::strings::page_title`); the owner's title stands in for them here.
                title: Cow::Borrowed(&list.owner_title),
                description: Cow::Borrowed(""),
                source: &list.source,
                pager: Some(pager),
            }));
        }
        if self.has_search() {
            pages.push(Page {
                kind: PageRef::Search,
                template: Cow::Borrowed(SEARCH_TEMPLATE),
                path: Cow::Owned(format!("{}{SEARCH_PATH}", self.prefix)),
                // The theme words it (see `render::strings::page_title`).
                title: Cow::Borrowed("Search"),
                description: site_description(),
                source: config_file,
                pager: None,
            });
        }
        // Hosts serve one not-found page, the default language's.
        if !self.prefix.is_empty() {
            return pages;
        }
        pages.push(Page {
            kind: PageRef::NotFound,
            template: Cow::Borrowed(NOT_FOUND_FILE),
            path: Cow::Owned(format!("/{NOT_FOUND_FILE}")),
            title: Cow::Borrowed("Page not found"),
            description: site_description(),
            source: config_file,
            pager: None,
        });
        pages
    }
}

/// The template of a listing without a `template` key.
fn default_listing_template(kind: PageKind) -> &'static str {
    match kind {
        PageKind::Home => "index.html",
        PageKind::Therapies => "therapies.html",
        PageKind::Conditions => "conditions.html",
        _ => "section.html",
    }
}
