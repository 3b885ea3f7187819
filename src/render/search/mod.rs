//! The search index. Every published page with text of its own (articles, therapies and
//! procedures, conditions, the first page of each section listing, authors; not the home page,
//! later pages of a listing, full article lists, redirects, the 404 page or drafts) becomes one
//! record, made from the page model (title, kind, date, rendered body) rather than from the
//! rendered page, and Pagefind turns the records into its chunked index under `/pagefind/`:
//! one index per language, each stemmed for its language, of which a browser downloads only the
//! chunks a query needs.

use std::hash::{Hash, Hasher};
use std::path::PathBuf;

use crate::diagnostics::Diagnostic;
use crate::link::{PageRef, Site};
use crate::load::config::PageKind;
use crate::load::front_matter::TherapyKind;
use crate::markdown::CTA_PLACEHOLDER;
use crate::output::OutputFile;
use crate::render::escape_html;

#[cfg(feature = "search")]
mod pagefind;

/// The output folder of the index and of `pagefind.js`, which the theme's search script loads.
pub const SEARCH_DIR: &str = "pagefind";

/// How strongly a match in a topic page's title or other names counts: more than in an
/// article's title (Pagefind weighs an `h1` 7 and body text 1), so the therapy or condition
/// itself comes before the articles that name it.
const TOPIC_TITLE_WEIGHT: &str = "10";

/// One page as Pagefind reads it: a small HTML document of the page's own text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Record {
    /// The page's URL under the base path (`/clinic/articles/x/`).
    pub url: String,
    /// The HTML Pagefind indexes.
    pub html: String,
    /// The page's file, as shown to the user.
    pub source: PathBuf,
}

/// The records of one language's site, in page order.
pub fn records(site: &Site) -> Vec<Record> {
    let language = &site.config.site.language;
    site.pages()
        .iter()
        .filter_map(|page| {
            let (kind, date, other_names) = match page.kind {
                PageRef::Article(a) if !a.doc.front.draft => {
                    let date = a.doc.front.date.as_ref().map(|d| d.date.to_string());
                    ("article", date, &[][..])
                }
                PageRef::Therapy(t) if !t.doc.front.draft => {
                    let kind = match t.doc.front.kind {
                        TherapyKind::Procedure => "procedure",
                        TherapyKind::Therapy => "therapy",
                    };
                    (kind, None, &t.doc.front.also_known_as[..])
                }
                PageRef::Condition(c) if !c.doc.front.draft => {
                    ("condition", None, &c.doc.front.also_known_as[..])
                }
                // The home page shows the clinic and the newest articles, which have pages of
                // their own; a listing's later pages are the same listing.
                PageRef::Section(s)
                    if s.kind != PageKind::Home && page.pager.is_none_or(|p| p.number == 1) =>
                {
                    ("section", None, &[][..])
                }
                PageRef::Author(_) => ("author", None, &[][..]),
                _ => return None,
            };
            let body = page.body().map_or("", |(_, _, _, rendered)| &rendered.html);
            let topic = matches!(page.kind, PageRef::Therapy(_) | PageRef::Condition(_));
            // Pages without a description of their own show the site's: not their text.
            let description = match &page.description {
                d if *d == site.config.site.description => "",
                d => d,
            };
            Some(Record {
                url: site.config.url(&page.path),
                source: page.source.to_path_buf(),
                html: record_html(&RecordParts {
                    language,
                    kind,
                    date: date.as_deref(),
                    title: &page.title,
                    other_names,
                    description,
                    body,
                    topic,
                }),
            })
        })
        .collect()
}

/// What a record is made of.
struct RecordParts<'a> {
    language: &'a str,
    kind: &'a str,
    date: Option<&'a str>,
    title: &'a str,
    other_names: &'a [String],
    description: &'a str,
    body: &'a str,
    topic: bool,
}

/// The document Pagefind reads for one page: the title (its result's title), the kind as a
/// filter and, with the date, as metadata, the page's other names, its description and body.
fn record_html(parts: &RecordParts<'_>) -> String {
    let weight = if parts.topic {
        format!(" data-pagefind-weight=\"{TOPIC_TITLE_WEIGHT}\"")
    } else {
        String::new()
    };
    // One value per element: Pagefind reads `key:value` from each.
    let date = parts.date.map_or(String::new(), |date| {
        format!(
            "<span data-pagefind-meta=\"date:{}\"></span>",
            escape_html(date)
        )
    });
    let mut html = format!(
        "<html lang=\"{language}\"><body data-pagefind-filter=\"kind:{kind}\"><span data-pagefind-meta=\"kind:{kind}\"></span>{date}<h1 data-pagefind-meta=\"title\"{weight}>{title}</h1>\n",
        language = escape_html(parts.language),
        kind = parts.kind,
        title = escape_html(parts.title),
    );
    if !parts.other_names.is_empty() {
        html.push_str(&format!(
            "<p{weight}>{}</p>\n",
            escape_html(&parts.other_names.join(", "))
        ));
    }
    if !parts.description.is_empty() {
        html.push_str(&format!("<p>{}</p>\n", escape_html(parts.description)));
    }
    html.push_str(&parts.body.replace(CTA_PLACEHOLDER, ""));
    html.push_str("\n</body></html>\n");
    html
}

/// A search index: Pagefind's files, and a warning for each page it left out.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    /// The files under [`SEARCH_DIR`].
    pub files: Vec<OutputFile>,
    /// Pages Pagefind could not read.
    pub warnings: Vec<Diagnostic>,
}

/// The last index a long-lived builder made, kept while no record changes.
#[derive(Debug, Default)]
pub struct SearchCache {
    /// A hash of the records it was made of.
    key: u64,
    /// Its files.
    files: Vec<OutputFile>,
}

/// The search index of every language of `site` (its files, and warnings for pages left
/// out), or `None` when the site has no search. With a `cache`, an index is made only when a
/// record changed since the last one.
pub fn index_site(
    site: &Site,
    cache: Option<&mut SearchCache>,
) -> Option<Result<SearchIndex, Diagnostic>> {
    if !site.has_search() {
        return None;
    }
    let records: Vec<Record> = site.all_languages().into_iter().flat_map(records).collect();
    // A one-off build has no cache, and no use for the hash.
    let Some(cache) = cache else {
        return Some(make_index(&records));
    };
    let key = {
        let mut hasher = rustc_hash::FxHasher::default();
        records.hash(&mut hasher);
        hasher.finish()
    };
    if cache.key == key && !cache.files.is_empty() {
        return Some(Ok(SearchIndex {
            files: cache.files.clone(),
            warnings: Vec::new(),
        }));
    }
    let made = make_index(&records);
    if let Ok(index) = &made {
        *cache = SearchCache {
            key,
            files: index.files.clone(),
        };
    }
    Some(made)
}

#[cfg(feature = "search")]
fn make_index(records: &[Record]) -> Result<SearchIndex, Diagnostic> {
    pagefind::index(records)
}

/// Without the `search` feature no site has search (see [`Site::has_search`]).
#[cfg(not(feature = "search"))]
fn make_index(_: &[Record]) -> Result<SearchIndex, Diagnostic> {
    Ok(SearchIndex::default())
}
