//! `atom.xml`: an Atom feed (RFC 4287) of every dated article, newest first, with full content.
//!
//! The feed's `updated` is the newest article's `updated` or `date`, never the clock, so two
//! builds of the same content give the same bytes. A site with no dated article has no feed
//! (Atom requires an `updated` date), and `site.feed_url` is then empty.

use std::io;

use quick_xml::Writer;
use quick_xml::escape::partial_escape;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::diagnostics::{Diagnostic, Problem};
use crate::link::{Article, Site};
use crate::markdown::CTA_PLACEHOLDER;
use crate::output::OutputFile;
use crate::render::Theme;
use crate::render::sitemap::last_changed;

/// The feed's file name, at the root of the output.
pub use crate::link::urls::FEED_FILE;
const ATOM_NAMESPACE: &str = "http://www.w3.org/2005/Atom";

/// The articles in the feed, newest first: every article with a `date`.
pub fn feed_articles(site: &Site) -> impl Iterator<Item = &Article> {
    let limit = match site.config.site.feed_limit {
        0 => usize::MAX,
        limit => limit,
    };
    // `site.articles` is already sorted newest first, dated before undated.
    site.articles
        .iter()
        .filter(|a| a.doc.front.date.is_some())
        .take(limit)
}

/// Whether the site has a feed: whether any article is dated.
pub fn has_feed(site: &Site) -> bool {
    feed_articles(site).next().is_some()
}

/// The feed's URL under the base path, or empty when the site has no feed.
pub fn feed_url(site: &Site) -> String {
    if has_feed(site) {
        site.config.url(&feed_path(site))
    } else {
        String::new()
    }
}

/// The feed's site path: `/atom.xml`, or `/es/atom.xml` for a translation.
pub fn feed_path(site: &Site) -> String {
    format!("{}/{FEED_FILE}", site.prefix)
}

/// `atom.xml` for `site` (`es/atom.xml` for a translation), or `None` when no article is
/// dated. `theme` (the language's) renders the bodies' shortcodes and urgent boxes.
pub fn atom(site: &Site, theme: &Theme) -> Result<Option<OutputFile>, Diagnostic> {
    if !has_feed(site) {
        return Ok(None);
    }
    write_atom(site, theme).map(Some).map_err(|error| {
        Diagnostic::global(Problem::Io {
            action: "write atom.xml",
            reason: error.to_string(),
        })
    })
}

fn write_atom(site: &Site, theme: &Theme) -> io::Result<OutputFile> {
    let config = &site.config;
    let updated = feed_articles(site)
        .filter_map(last_changed)
        .max_by_key(|d| (d.date, d.timestamp.unwrap_or_default()))
        .map(|d| d.rfc3339())
        .unwrap_or_default();
    let feed_url = config.permalink(&feed_path(site));
    let home_url = config.permalink(&format!("{}/", site.prefix));
    let author = config
        .site
        .clinic
        .name
        .as_deref()
        .unwrap_or(&config.site.title);
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    writer
        .create_element("feed")
        .with_attribute(("xmlns", ATOM_NAMESPACE))
        .with_attribute(("xml:lang", xml_text(&config.site.language).as_str()))
        .write_inner_content(|w| {
            text_element(w, "title", &config.site.title)?;
            if !config.site.description.is_empty() {
                text_element(w, "subtitle", &config.site.description)?;
            }
            w.create_element("link")
                .with_attribute(("rel", "self"))
                .with_attribute(("type", "application/atom+xml"))
                .with_attribute(("href", feed_url.as_str()))
                .write_empty()?;
            w.create_element("link")
                .with_attribute(("rel", "alternate"))
                .with_attribute(("type", "text/html"))
                .with_attribute(("href", home_url.as_str()))
                .write_empty()?;
            text_element(w, "id", &feed_url)?;
            text_element(w, "updated", &updated)?;
            w.create_element("author").write_inner_content(|w| {
                text_element(w, "name", author)?;
                text_element(w, "uri", &config.base_url)
            })?;
            w.create_element("generator")
                .with_attribute(("version", env!("CARGO_PKG_VERSION")))
                .write_text_content(BytesText::new("Vertebra"))?;
            for article in feed_articles(site) {
                entry(w, site, theme, article)?;
            }
            Ok(())
        })?;
    let mut bytes = writer.into_inner();
    bytes.push(b'\n');
    Ok(OutputFile::bytes(
        feed_path(site).trim_start_matches('/'),
        bytes,
    ))
}

fn entry(w: &mut Writer<Vec<u8>>, site: &Site, theme: &Theme, article: &Article) -> io::Result<()> {
    let config = &site.config;
    let front = &article.doc.front;
    let permalink = config.permalink(&article.path);
    let published = front.date.as_ref().map(|d| d.rfc3339()).unwrap_or_default();
    let updated = last_changed(article)
        .map(|d| d.rfc3339())
        .unwrap_or_else(|| published.clone());
    // The body without the inline call-to-action marker: feed readers get the article only.
    // Its shortcodes and urgent boxes as on its page (a template error there already stopped
    // the build, so the fallback is never published).
    let rendered = &article.rendered;
    let source = &article.doc.file.path;
    let content =
        super::shortcodes::expand(theme, &rendered.html, &rendered.shortcodes, None, source)
            .map_or_else(|_| rendered.html.clone(), std::borrow::Cow::into_owned)
            .replace(CTA_PLACEHOLDER, "");
    w.create_element("entry").write_inner_content(|w| {
        text_element(w, "title", &front.title)?;
        w.create_element("link")
            .with_attribute(("rel", "alternate"))
            .with_attribute(("type", "text/html"))
            .with_attribute(("href", permalink.as_str()))
            .write_empty()?;
        text_element(w, "id", &permalink)?;
        text_element(w, "published", &published)?;
        text_element(w, "updated", &updated)?;
        if let Some(author) = crate::link::authors::named(&front.author) {
            // A configured author by name and credentials, with their page; else the name.
            let person = crate::link::authors::Person::resolve(config, author);
            let page = site
                .authors
                .iter()
                .find(|a| person.author().is_some_and(|(id, _)| id == a.id));
            w.create_element("author").write_inner_content(|w| {
                text_element(w, "name", &person.display_name())?;
                if let Some(page) = page {
                    text_element(w, "uri", &config.permalink(&page.path))?;
                }
                Ok(())
            })?;
        }
        for &index in &article.therapies {
            let therapy = &site.therapies[index];
            w.create_element("category")
                .with_attribute(("term", xml_text(&therapy.slug).as_str()))
                .with_attribute(("label", xml_text(&therapy.doc.front.title).as_str()))
                .write_empty()?;
        }
        if let Some(description) = &front.description {
            text_element(w, "summary", description)?;
        }
        // xml:base makes the body's relative links (page-bundle images) resolve in readers.
        w.create_element("content")
            .with_attribute(("type", "html"))
            .with_attribute(("xml:base", permalink.as_str()))
            .write_text_content(BytesText::from_escaped(partial_escape(xml_text(&content))))?;
        Ok(())
    })?;
    Ok(())
}

fn text_element(w: &mut Writer<Vec<u8>>, name: &str, text: &str) -> io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(&xml_text(text)))?;
    Ok(())
}

/// `text` without the characters XML 1.0 forbids (most control characters), which would make
/// the whole feed unreadable.
fn xml_text(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r')
                || ('\u{20}'..='\u{D7FF}').contains(&c)
                || ('\u{E000}'..='\u{FFFD}').contains(&c)
                || c >= '\u{10000}'
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_characters_xml_forbids() {
        assert_eq!(xml_text("a\u{1b}b\u{0}c\td\u{FFFE}"), "abc\td");
        assert_eq!(xml_text("Heat & cold <3"), "Heat & cold <3");
    }
}
