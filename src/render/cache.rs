//! The page cache kept between builds by `serve`: each page's bytes (and scan) with a
//! fingerprint of everything its context is made of.

use std::hash::BuildHasher as _;
use std::sync::OnceLock;

use foldhash::quality::{FixedState, FoldHasher};
use rustc_hash::FxHashMap;

use super::*;

/// A cached page: its fingerprint, its bytes, and its scan if it was scanned.
pub(super) type CachedPage<S> = (u64, Arc<[u8]>, Option<S>);

/// Rendered pages kept between builds (by `serve`), found by a fingerprint of everything the
/// page's context is made of (its path included); with each page, its scan (`S`, the link
/// checker's `ScannedPage`), so an unchanged page is not scanned again.
#[derive(Debug)]
pub struct PageCache<S> {
    /// The last build's pages, in its order.
    pub(super) entries: Vec<CachedPage<S>>,
}

impl<S> Default for PageCache<S> {
    fn default() -> Self {
        PageCache {
            entries: Vec::new(),
        }
    }
}

impl<S> PageCache<S> {
    /// The cached pages, to look up while the pages are rendered.
    pub(super) fn previous(&self) -> Previous<'_, S> {
        Previous {
            entries: &self.entries,
            by_fingerprint: OnceLock::new(),
        }
    }
}

/// The pages of the last build, looked up by place and fingerprint.
pub(super) struct Previous<'c, S> {
    entries: &'c [CachedPage<S>],
    /// Where each fingerprint is in `entries`, made when a page is not where it was.
    by_fingerprint: OnceLock<FxHashMap<u64, usize>>,
}

impl<S: Sync> Previous<'_, S> {
    /// The cached page with this fingerprint: most often the one at the same place in the
    /// list of pages (a rebuild's pages are most often the last build's), else found by its
    /// fingerprint (pages came or went before it).
    pub(super) fn get(&self, index: usize, fingerprint: u64) -> Option<&CachedPage<S>> {
        match self.entries.get(index) {
            Some(entry) if entry.0 == fingerprint => Some(entry),
            _ => {
                let places = self.by_fingerprint.get_or_init(|| {
                    (self.entries.iter().enumerate())
                        .map(|(index, entry)| (entry.0, index))
                        .collect()
                });
                places.get(&fingerprint).map(|&index| &self.entries[index])
            }
        }
    }
}

/// The hasher of fingerprints: foldhash's quality hasher with a fixed seed. A rebuild
/// fingerprints every page, so SipHash was a tenth of a `serve` rebuild; its protection
/// against chosen collisions buys nothing against one's own content.
pub(super) fn fingerprint_hasher() -> FoldHasher<'static> {
    FixedState::with_seed(0x5eed_0f7e_47eb_e4a1).build_hasher()
}

/// Feeds serialized JSON into a hasher.
pub(super) struct HashWriter(pub(super) FoldHasher<'static>);

impl Default for HashWriter {
    fn default() -> Self {
        HashWriter(fingerprint_hasher())
    }
}

impl std::io::Write for HashWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A fingerprint of a page's whole context: equal fingerprints render equal pages.
pub(super) fn fingerprint(job: &Page<'_>, site: &Site, summaries: &[u64], base: u64) -> u64 {
    let mut hasher = fingerprint_hasher();
    (base, &job.template, &job.path, &job.title, &job.description).hash(&mut hasher);
    let section_doc = |index: usize| {
        let section = &site.sections[index];
        (
            section.doc.as_ref().map(|d| d.version),
            &section.title,
            &section.path,
        )
    };
    // Parent listings appear in the breadcrumbs.
    for (index, section) in site.sections.iter().enumerate() {
        if job.path.starts_with(&section.path) {
            section_doc(index).hash(&mut hasher);
        }
    }
    // What it lists: the articles on this page of a list, the page's place in the list, and
    // the size of every list it links to in full.
    let listed = listing::listed_articles(job, site);
    for &article in listed.articles.iter().chain(listed.reviewed) {
        summaries[article].hash(&mut hasher);
    }
    job.pager
        .map(|p| (p.number, p.pages.count(), p.pages.items))
        .hash(&mut hasher);
    match &job.kind {
        PageRef::Article(article) => {
            article.doc.version.hash(&mut hasher);
            section_doc(article.section).hash(&mut hasher);
            // The CTA merges the first therapy's (or condition's) fields; the page lists both.
            for &therapy in &article.therapies {
                site.therapies[therapy].doc.version.hash(&mut hasher);
            }
            for &condition in &article.conditions {
                site.conditions[condition].doc.version.hash(&mut hasher);
            }
            for &related in &article.related {
                summaries[related].hash(&mut hasher);
            }
        }
        PageRef::Therapy(therapy) => {
            therapy.doc.version.hash(&mut hasher);
            (therapy.related.as_slice(), therapy.articles.len()).hash(&mut hasher);
            for &condition in &therapy.paired {
                site.conditions[condition].doc.version.hash(&mut hasher);
            }
        }
        PageRef::Condition(condition) => {
            condition.doc.version.hash(&mut hasher);
            condition.articles.len().hash(&mut hasher);
            for &therapy in &condition.paired {
                site.therapies[therapy].doc.version.hash(&mut hasher);
            }
        }
        PageRef::Section(section) => {
            section.doc.as_ref().map(|d| d.version).hash(&mut hasher);
            if section.kind == crate::load::config::PageKind::Conditions {
                // The index shows each condition with its treatment and article counts.
                for condition in &site.conditions {
                    let counts = (condition.paired.len(), condition.articles.len());
                    (condition.doc.version, counts).hash(&mut hasher);
                }
            }
            for &sub in &section.subsections {
                section_doc(sub).hash(&mut hasher);
            }
        }
        PageRef::Author(author) => {
            (author.written.len(), author.reviewed.len()).hash(&mut hasher);
        }
        PageRef::ArticleList(list) => {
            (&list.owner_title, &list.owner_path).hash(&mut hasher);
        }
        PageRef::Search | PageRef::NotFound => {}
    }
    hasher.finish()
}
