//! `sitemap.xml` (every published page, with when it last changed) and `robots.txt`, which
//! names the sitemap.
//!
//! The sitemap protocol allows 50,000 URLs per file: a bigger site gets `sitemap-1.xml`,
//! `sitemap-2.xml`, … of at most that many pages each, and `sitemap.xml` becomes the sitemap
//! index that lists them.
//!
//! A page's `lastmod` is its `updated` or `date` for an article; for a therapy page, an author
//! page or a listing, the newest such date among the articles it lists (that is when it last
//! changed).
//! Pages with no date at all have no `lastmod`. Nothing comes from the clock.

use quick_xml::escape::escape;

use crate::link::{Article, PageRef, Site};
use crate::load::config::PageKind;
use crate::load::front_matter::ContentDate;
use crate::output::OutputFile;

pub use crate::link::urls::{ROBOTS_FILE, SITEMAP_FILE};
const SITEMAP_NAMESPACE: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const XHTML_NAMESPACE: &str = "http://www.w3.org/1999/xhtml";
/// The most URLs one sitemap file may hold (sitemaps.org).
pub const MAX_URLS_PER_SITEMAP: usize = 50_000;

/// One published page: its site path and when it last changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapEntry<'a> {
    /// The site path, like `/articles/x/`.
    pub path: &'a str,
    /// Its last change, if any date applies.
    pub lastmod: Option<&'a ContentDate>,
    /// The page in every language that has it (index into the languages, site path), when
    /// it has a translation: the `xhtml:link` alternates.
    pub alternates: &'a [(usize, String)],
}

/// When an article last changed: `updated`, else `date`.
pub fn last_changed(article: &Article) -> Option<&ContentDate> {
    let front = &article.doc.front;
    front.updated.as_ref().or(front.date.as_ref())
}

fn newest<'a>(dates: impl Iterator<Item = Option<&'a ContentDate>>) -> Option<&'a ContentDate> {
    dates
        .flatten()
        .max_by_key(|d| (d.date, d.timestamp.unwrap_or_default()))
}

/// Every published page (listings, topic pages, articles, authors; not the 404 page or
/// redirects) in every language, sorted by path.
pub fn entries(site: &Site) -> Vec<SitemapEntry<'_>> {
    let mut entries: Vec<SitemapEntry<'_>> = site
        .all_languages()
        .into_iter()
        .flat_map(language_entries)
        .collect();
    entries.sort_by(|a, b| a.path.cmp(b.path));
    entries
}

/// The entries of one language's site.
fn language_entries(site: &Site) -> Vec<SitemapEntry<'_>> {
    let listed =
        |articles: &[usize]| newest(articles.iter().map(|&i| last_changed(&site.articles[i])));
    site.pages()
        .into_iter()
        .filter_map(|page| {
            let (path, lastmod) = match page.kind {
                PageRef::Section(section) => {
                    let lastmod = match (section.kind, page.pager) {
                        (PageKind::Home | PageKind::Therapies | PageKind::Conditions, _) => {
                            newest(site.articles.iter().map(last_changed))
                        }
                        (_, Some(pager)) => listed(pager.slice(&section.articles)),
                        _ => listed(&section.articles),
                    };
                    (
                        page.pager.map_or(section.path.as_str(), |p| p.path()),
                        lastmod,
                    )
                }
                PageRef::ArticleList(list) => {
                    let shown = page
                        .pager
                        .map_or(&list.articles[..], |p| p.slice(&list.articles));
                    (
                        page.pager.map_or(list.owner_path.as_str(), |p| p.path()),
                        listed(shown),
                    )
                }
                PageRef::Therapy(therapy) => (therapy.path.as_str(), listed(&therapy.articles)),
                PageRef::Condition(condition) => {
                    (condition.path.as_str(), listed(&condition.articles))
                }
                PageRef::Article(article) => (article.path.as_str(), last_changed(article)),
                PageRef::Author(author) => {
                    let written = author.written.iter().chain(&author.reviewed);
                    let lastmod = newest(written.map(|&i| last_changed(&site.articles[i])));
                    (author.path.as_str(), lastmod)
                }
                // Search pages show nothing of their own to a crawler.
                PageRef::Search | PageRef::NotFound => return None,
            };
            let alternates = site.languages.of(&crate::link::languages::page_key(&page));
            Some(SitemapEntry {
                path,
                lastmod,
                alternates: if alternates.len() > 1 {
                    alternates
                } else {
                    &[]
                },
            })
        })
        .collect()
}

/// A date as the sitemap protocol wants it: `2024-08-26`, or a full time when one was given.
fn w3c_date(date: &ContentDate) -> String {
    match date.timestamp {
        Some(_) => date.rfc3339(),
        None => date.iso_date(),
    }
}

/// `sitemap.xml` for `site`: the sitemap, or for more than [`MAX_URLS_PER_SITEMAP`] pages the
/// index of the numbered sitemaps, which come with it.
pub fn sitemap(site: &Site) -> Vec<OutputFile> {
    sitemaps(site, MAX_URLS_PER_SITEMAP)
}

fn sitemaps(site: &Site, per_file: usize) -> Vec<OutputFile> {
    let entries = entries(site);
    if entries.len() <= per_file {
        return vec![OutputFile::bytes(SITEMAP_FILE, urlset(site, &entries))];
    }
    let mut files = Vec::new();
    let mut parts = Vec::new();
    for (index, chunk) in entries.chunks(per_file).enumerate() {
        let name = format!("sitemap-{}.xml", index + 1);
        parts.push((
            site.config.permalink(&name),
            newest(chunk.iter().map(|e| e.lastmod)),
        ));
        files.push(OutputFile::bytes(name, urlset(site, chunk)));
    }
    let mut index = String::from(XML_DECLARATION);
    index.push_str(&format!("<sitemapindex xmlns=\"{SITEMAP_NAMESPACE}\">\n"));
    for (loc, lastmod) in &parts {
        index.push_str("  <sitemap>\n");
        location(&mut index, loc, *lastmod);
        index.push_str("  </sitemap>\n");
    }
    index.push_str("</sitemapindex>\n");
    files.push(OutputFile::bytes(SITEMAP_FILE, index));
    files
}

const XML_DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

/// A `<urlset>` of `entries`, written as text: its shape is fixed, and quick-xml's element
/// writer made it the longest single-threaded step of a bilingual build (66,000
/// `xhtml:link`s at 10,000 articles). Values are escaped by quick-xml, as the feed's are.
fn urlset(site: &Site, entries: &[SitemapEntry<'_>]) -> Vec<u8> {
    let mut xml = String::with_capacity(entries.len() * 400);
    xml.push_str(XML_DECLARATION);
    xml.push_str(&format!("<urlset xmlns=\"{SITEMAP_NAMESPACE}\""));
    if site.is_multilingual() {
        xml.push_str(&format!(" xmlns:xhtml=\"{XHTML_NAMESPACE}\""));
    }
    xml.push_str(">\n");
    for entry in entries {
        xml.push_str("  <url>\n");
        location(&mut xml, &site.config.permalink(entry.path), entry.lastmod);
        alternate_links(&mut xml, site, entry.alternates);
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml.into_bytes()
}

/// `<xhtml:link rel="alternate" hreflang="…">` for every language of a page, and
/// `x-default` for the default language's.
fn alternate_links(xml: &mut String, site: &Site, alternates: &[(usize, String)]) {
    let languages = &site.languages.list;
    let default = alternates.iter().find(|(lang, _)| *lang == 0);
    let links = alternates
        .iter()
        .filter_map(|(lang, path)| Some((languages.get(*lang)?.code.as_str(), path)))
        .chain(default.map(|(_, path)| ("x-default", path)));
    for (hreflang, path) in links {
        xml.push_str("    <xhtml:link rel=\"alternate\" hreflang=\"");
        push_attribute(xml, hreflang);
        xml.push_str("\" href=\"");
        push_attribute(xml, &site.config.permalink(path));
        xml.push_str("\"/>\n");
    }
}

/// `<loc>` and, when known, `<lastmod>`, indented inside a `<url>` or `<sitemap>`.
fn location(xml: &mut String, loc: &str, lastmod: Option<&ContentDate>) {
    xml.push_str("    <loc>");
    xml.push_str(&escape(loc));
    xml.push_str("</loc>\n");
    if let Some(date) = lastmod {
        xml.push_str("    <lastmod>");
        xml.push_str(&w3c_date(date));
        xml.push_str("</lastmod>\n");
    }
}

/// An attribute value: escaped as text, and a line break or tab as a character reference,
/// which attribute-value normalisation would otherwise turn into a space.
fn push_attribute(xml: &mut String, value: &str) {
    let escaped = escape(value);
    if memchr::memchr2(b'\n', b'\t', escaped.as_bytes()).is_none() {
        xml.push_str(&escaped);
        return;
    }
    for c in escaped.chars() {
        match c {
            '\n' => xml.push_str("&#10;"),
            '\t' => xml.push_str("&#9;"),
            c => xml.push(c),
        }
    }
}

/// `robots.txt`: everything may be crawled; the sitemap is named by its absolute URL.
///
/// Crawlers only read `robots.txt` at the root of a host, so under a subpath this file is a
/// ready-made copy for the host's owner (see docs/deploy.md).
pub fn robots(site: &Site) -> OutputFile {
    let text = format!(
        "User-agent: *\nDisallow:\n\nSitemap: {}\n",
        site.config.permalink(SITEMAP_FILE)
    );
    OutputFile::bytes(ROBOTS_FILE, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `<loc>`s of a sitemap or sitemap index, and its root element's name.
    fn locations(file: &OutputFile) -> (String, Vec<String>) {
        let crate::output::OutputContent::Bytes(bytes) = &file.content else {
            panic!("{} is not generated", file.path);
        };
        let text = std::str::from_utf8(bytes).unwrap();
        let document = roxmltree::Document::parse(text).unwrap();
        let root = document.root_element().tag_name().name().to_string();
        let locs = document
            .descendants()
            .filter(|n| n.has_tag_name("loc"))
            .map(|n| n.text().unwrap_or_default().to_string())
            .collect();
        (root, locs)
    }

    #[test]
    fn values_read_back_as_written_through_an_xml_parser() {
        let odd = "https://x.example/a&b/<c>/'d'/\"e\"/\tf\ng\r/";
        let mut xml = String::from("<url>\n");
        location(&mut xml, odd, None);
        xml.push_str("    <link href=\"");
        push_attribute(&mut xml, odd);
        xml.push_str("\"/>\n</url>\n");
        let document = roxmltree::Document::parse(&xml).unwrap();
        let loc = document.descendants().find(|n| n.has_tag_name("loc"));
        // XML reads a raw CR in text as LF; quick-xml writes it as `&#13;`, which reads back.
        assert_eq!(loc.and_then(|n| n.text()), Some(odd));
        let link = document.descendants().find(|n| n.has_tag_name("link"));
        assert_eq!(link.and_then(|n| n.attribute("href")), Some(odd));
    }

    #[test]
    fn a_site_with_more_pages_than_one_sitemap_holds_gets_an_index() {
        // The repository is an example site with a few dozen pages; split it by ten.
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let mut diagnostics = crate::diagnostics::Diagnostics::new();
        let config = crate::load::config::load(&root, None).unwrap();
        let (content, _) = crate::load::content::load(&root, false);
        let site = crate::link::link(config, content, &mut diagnostics);
        let whole = sitemaps(&site, usize::MAX);
        assert_eq!(whole.len(), 1);
        let (root, all) = locations(&whole[0]);
        assert_eq!(
            (root.as_str(), whole[0].path.as_str()),
            ("urlset", SITEMAP_FILE)
        );
        assert!(all.len() > 20, "{all:?}");

        let split = sitemaps(&site, 10);
        let parts = all.len().div_ceil(10);
        assert_eq!(split.len(), parts + 1);
        let (index_root, index) = locations(split.last().unwrap());
        assert_eq!(index_root, "sitemapindex");
        let names: Vec<String> = (1..=parts)
            .map(|n| site.config.permalink(&format!("sitemap-{n}.xml")))
            .collect();
        assert_eq!(index, names);
        let mut again = Vec::new();
        for (n, part) in split[..parts].iter().enumerate() {
            assert_eq!(part.path, format!("sitemap-{}.xml", n + 1));
            let (root, locs) = locations(part);
            assert_eq!(root, "urlset");
            assert!(locs.len() <= 10);
            again.extend(locs);
        }
        assert_eq!(again, all);
    }
}
