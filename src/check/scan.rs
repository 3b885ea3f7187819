//! Scanning one generated page for what the link check needs: its links and its ids.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::ops::Deref;
use std::sync::Arc;

use rustc_hash::FxHashSet;

use super::html_scan::{self, StartTag};

/// The links and ids of one generated HTML page, as [`check_scanned`] needs them: made by
/// [`scan_page`], small enough to keep for every page of a build. `serve` keeps each page's
/// scan in its page cache and hands every one to each rebuild's check: a clone is a reference
/// count, not a copy of the page's URLs and ids.
#[derive(Debug, Clone)]
pub struct ScannedPage(Arc<Scanned>);

impl Deref for ScannedPage {
    type Target = Scanned;

    fn deref(&self) -> &Scanned {
        &self.0
    }
}

/// What a [`ScannedPage`] holds.
#[derive(Debug)]
pub struct Scanned {
    /// Its output path.
    pub(super) path: Box<str>,
    /// The `<base href>`, if the page has one.
    pub(super) base_href: Option<Box<str>>,
    /// Every URL in it, as written (character references decoded), once, in the order they
    /// first appear.
    pub(super) urls: StrList,
    /// Every id (and `<a name>`) in it, once, sorted.
    pub(super) ids: StrList,
}

impl ScannedPage {
    /// Whether `other` is this very scan (kept, not made again).
    pub(super) fn is(&self, other: &ScannedPage) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// Whether the page has an element with this id (or an `<a name>`).
    pub(super) fn has_id(&self, id: &str) -> bool {
        self.ids.contains_sorted(id)
    }
}

/// A list of strings in one allocation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct StrList {
    /// The strings, one after the other.
    pub(super) text: Box<str>,
    /// Where each ends in `text`.
    pub(super) ends: Box<[usize]>,
}

impl StrList {
    pub(super) fn new(strings: &[&str]) -> StrList {
        let mut text = String::with_capacity(strings.iter().map(|s| s.len()).sum());
        let mut ends = Vec::with_capacity(strings.len());
        for string in strings {
            text.push_str(string);
            ends.push(text.len());
        }
        StrList {
            text: text.into_boxed_str(),
            ends: ends.into_boxed_slice(),
        }
    }

    pub(super) fn get(&self, index: usize) -> &str {
        let start = index.checked_sub(1).map_or(0, |i| self.ends[i]);
        &self.text[start..self.ends[index]]
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len()).map(|i| self.get(i))
    }

    /// Whether the list, which is sorted, holds `wanted`.
    pub(super) fn contains_sorted(&self, wanted: &str) -> bool {
        let (mut low, mut high) = (0, self.ends.len());
        while low < high {
            let middle = low + (high - low) / 2;
            match self.get(middle).cmp(wanted) {
                Ordering::Less => low = middle + 1,
                Ordering::Greater => high = middle,
                Ordering::Equal => return true,
            }
        }
        false
    }
}

/// `meta` names and properties whose `content` is a URL.
pub(super) const URL_METAS: [&str; 5] = [
    "og:url",
    "og:image",
    "og:image:url",
    "twitter:image",
    "og:audio",
];

/// Reads the links and ids of the generated HTML page at output path `path`, for
/// [`check_scanned`]: `href`, `src`, `srcset`, `poster`, social `<meta>` URLs and meta-refresh
/// targets, the `<base href>`, and every `id` and `<a name>`.
pub fn scan_page(path: &str, html: &[u8]) -> ScannedPage {
    let mut found = Found::default();
    html_scan::for_each_start_tag(html, |tag| found.read(tag));
    // Sized once rather than grown a few times on every page.
    let mut seen = FxHashSet::with_capacity_and_hasher(found.urls.len(), rustc_hash::FxBuildHasher);
    let mut urls: Vec<&str> = found.urls.iter().map(|url| url.as_ref()).collect();
    urls.retain(|url| seen.insert(*url));
    let mut ids: Vec<&str> = found.ids.iter().map(|id| id.as_ref()).collect();
    ids.sort_unstable();
    ids.dedup();
    ScannedPage(Arc::new(Scanned {
        path: path.into(),
        base_href: found.base_href.map(Into::into),
        urls: StrList::new(&urls),
        ids: StrList::new(&ids),
    }))
}

/// What [`scan_page`] collects, borrowed from the page where it can be.
#[derive(Default)]
pub(super) struct Found<'a> {
    pub(super) base_href: Option<Cow<'a, str>>,
    pub(super) urls: Vec<Cow<'a, str>>,
    pub(super) ids: Vec<Cow<'a, str>>,
}

impl<'a> Found<'a> {
    /// Inlined into the scan's loop: `first_of` then compares the attribute names it is given
    /// as constants (a separate function costs the link check a fifth more instructions).
    #[inline(always)]
    pub(super) fn read(&mut self, tag: &StartTag<'_, 'a>) {
        if tag.is("meta") {
            self.read_meta(tag);
            return;
        }
        let [id, name, href, src, poster, srcset] =
            tag.first_of(["id", "name", "href", "src", "poster", "srcset"]);
        self.ids.extend(id.map(|id| id.value()));
        if tag.is("a") {
            self.ids.extend(name.map(|name| name.value()));
        } else if tag.is("base") {
            if self.base_href.is_none() {
                self.base_href = href.map(|href| href.value());
            }
            return;
        }
        for url in [href, src, poster].into_iter().flatten() {
            self.urls.push(url.value());
        }
        if let Some(srcset) = srcset {
            let srcset = srcset.value();
            self.urls
                .extend(srcset_urls(&srcset).map(|url| Cow::Owned(url.to_string())));
        }
    }

    /// A `<meta>`: its id, and its `content` if that is a URL (a social one, or a refresh).
    pub(super) fn read_meta(&mut self, tag: &StartTag<'_, 'a>) {
        let [id, property, name, http_equiv, content] =
            tag.first_of(["id", "property", "name", "http-equiv", "content"]);
        self.ids.extend(id.map(|id| id.value()));
        let is_url = property
            .or(name)
            .is_some_and(|key| URL_METAS.iter().any(|url_meta| key.value_eq(url_meta)));
        let refresh = http_equiv.is_some_and(|h| h.value_eq_ignore_ascii_case("refresh"));
        if !(is_url || refresh) {
            return;
        }
        let content = content.map(|c| c.value()).unwrap_or_default();
        let refresh_to = refresh.then(|| refresh_url(&content)).flatten();
        if is_url {
            self.urls.push(content);
        }
        self.urls.extend(refresh_to.map(Cow::Owned));
    }
}

/// The URL of a `<meta http-equiv="refresh" content="0; url=/x/">`.
pub(super) fn refresh_url(content: &str) -> Option<String> {
    let (_, rest) = content.split_once([';', ','])?;
    let rest = rest.trim_start();
    let url = match rest.get(..4) {
        Some(prefix) if prefix.eq_ignore_ascii_case("url=") => &rest[4..],
        _ => rest,
    };
    let url = url.trim().trim_matches(['"', '\'']);
    (!url.is_empty()).then(|| url.to_string())
}

/// The URLs of a `srcset`: `a.png 1x, b.png 2x`.
pub(super) fn srcset_urls(srcset: &str) -> impl Iterator<Item = &str> {
    srcset
        .split(',')
        .filter_map(|candidate| candidate.split_whitespace().next())
}
