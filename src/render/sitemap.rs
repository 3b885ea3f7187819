//! `sitemap.xml` (every published page, with when it last changed) and `robots.txt`, which
//! names the sitemap.
//!
//! A page's `lastmod` is its `updated` or `date` for an article; for a therapy page, an author
//! page or a listing, the newest such date among the articles it lists (that is when it last
//! changed).
//! Pages with no date at all have no `lastmod`. Nothing comes from the clock.

use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::config::PageKind;
use crate::content::front_matter::ContentDate;
use crate::diagnostics::{Diagnostic, Problem};
use crate::output::OutputFile;
use crate::site::{Article, Site};

/// The sitemap's file name, at the root of the output.
pub const SITEMAP_FILE: &str = "sitemap.xml";
/// The robots file's name, at the root of the output.
pub const ROBOTS_FILE: &str = "robots.txt";
const SITEMAP_NAMESPACE: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// One published page: its site path and when it last changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapEntry<'a> {
    /// The site path, like `/articles/x/`.
    pub path: &'a str,
    /// Its last change, if any date applies.
    pub lastmod: Option<&'a ContentDate>,
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

/// Every published page (listings, therapies, articles, authors; not the 404 page or redirects), sorted
/// by path.
pub fn entries(site: &Site) -> Vec<SitemapEntry<'_>> {
    let all_articles = || newest(site.articles.iter().map(last_changed));
    let mut entries: Vec<SitemapEntry<'_>> = Vec::new();
    for section in &site.sections {
        let lastmod = match section.kind {
            PageKind::Home | PageKind::Therapies => all_articles(),
            _ => newest(
                section
                    .articles
                    .iter()
                    .map(|&i| last_changed(&site.articles[i])),
            ),
        };
        entries.push(SitemapEntry {
            path: &section.path,
            lastmod,
        });
    }
    for therapy in &site.therapies {
        entries.push(SitemapEntry {
            path: &therapy.path,
            lastmod: newest(
                therapy
                    .articles
                    .iter()
                    .map(|&i| last_changed(&site.articles[i])),
            ),
        });
    }
    for article in &site.articles {
        entries.push(SitemapEntry {
            path: &article.path,
            lastmod: last_changed(article),
        });
    }
    for author in &site.authors {
        let listed = author.written.iter().chain(&author.reviewed);
        entries.push(SitemapEntry {
            path: &author.path,
            lastmod: newest(listed.map(|&i| last_changed(&site.articles[i]))),
        });
    }
    entries.sort_by(|a, b| a.path.cmp(b.path));
    entries
}

/// A date as the sitemap protocol wants it: `2024-08-26`, or a full time when one was given.
fn w3c_date(date: &ContentDate) -> String {
    match date.timestamp {
        Some(_) => date.rfc3339(),
        None => date.iso_date(),
    }
}

/// `sitemap.xml` for `site`.
pub fn sitemap(site: &Site) -> Result<OutputFile, Diagnostic> {
    write_sitemap(site).map_err(|error| {
        Diagnostic::global(Problem::Io {
            action: "write sitemap.xml",
            reason: error.to_string(),
        })
    })
}

fn write_sitemap(site: &Site) -> io::Result<OutputFile> {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    writer
        .create_element("urlset")
        .with_attribute(("xmlns", SITEMAP_NAMESPACE))
        .write_inner_content(|w| {
            for entry in entries(site) {
                w.create_element("url").write_inner_content(|w| {
                    let loc = site.config.permalink(entry.path);
                    w.create_element("loc")
                        .write_text_content(BytesText::new(&loc))?;
                    if let Some(date) = entry.lastmod {
                        w.create_element("lastmod")
                            .write_text_content(BytesText::new(&w3c_date(date)))?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    let mut bytes = writer.into_inner();
    bytes.push(b'\n');
    Ok(OutputFile::bytes(SITEMAP_FILE, bytes))
}

/// `robots.txt`: everything may be crawled; the sitemap is named by its absolute URL.
///
/// Crawlers only read `robots.txt` at the root of a host, so under a subpath this file is a
/// ready-made copy for the host's owner (see the deployment guide in the README).
pub fn robots(site: &Site) -> OutputFile {
    let text = format!(
        "User-agent: *\nDisallow:\n\nSitemap: {}\n",
        site.config.permalink(SITEMAP_FILE)
    );
    OutputFile::bytes(ROBOTS_FILE, text)
}
