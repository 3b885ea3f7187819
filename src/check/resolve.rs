//! Resolving a link as a browser would, against its page's URL under `base_url`, and
//! deciding whether it reaches a generated file (and id).

use std::borrow::Cow;
use std::collections::HashSet;
use std::hash::BuildHasher as _;
use std::sync::Arc;

use percent_encoding::percent_decode_str;
use rustc_hash::FxHashMap;
use url::Url;

use super::*;

/// A broken link found on a page.
#[derive(Debug, Clone)]
pub(super) struct Breakage {
    /// The page's output path.
    pub(super) page: String,
    /// The URL as written.
    pub(super) url: String,
    pub(super) fault: LinkFault,
}

/// What a link may reach, by the path it names under the base path: every generated file by its
/// output path, and every folder with an `index.html` by its path with the trailing slash (the
/// empty path for the root), each with the index of its scanned page when it is one. `serve`
/// keeps it between checks ([`LinkCache`]) and changes only the paths that came or went.
#[derive(Debug, Default)]
pub(super) struct TargetMap(FxHashMap<Box<str>, Option<u32>>);

impl TargetMap {
    pub(super) fn new<S>(generated: &HashSet<&str, S>, pages: &[ScannedPage]) -> TargetMap {
        let mut by_path = FxHashMap::default();
        by_path.reserve(generated.len() * 2);
        for &path in generated {
            for key in target_keys(path) {
                by_path.insert(key.into(), None);
            }
        }
        for (index, page) in pages.iter().enumerate() {
            for path in target_keys(&page.path) {
                if let Some(target) = by_path.get_mut(path) {
                    *target = Some(index as u32);
                }
            }
        }
        TargetMap(by_path)
    }

    /// The map after the files `went` are gone and the files `came` are there, none of them
    /// a scanned page (the pages are those the map was made with).
    pub(super) fn update(&mut self, came: &[&str], went: &[String]) {
        for path in went {
            for key in target_keys(path) {
                self.0.remove(key);
            }
        }
        for path in came {
            for key in target_keys(path) {
                self.0.entry(key.into()).or_insert(None);
            }
        }
    }
}

/// The keys a generated file is reached by: its path (a file's path never ends with a slash),
/// and its folder's when it is an index page (a folder's always does, or is empty).
pub(super) fn target_keys(path: &str) -> impl Iterator<Item = &str> {
    let file = (!path.is_empty() && !path.ends_with('/')).then_some(path);
    file.into_iter().chain(folder_of(path))
}

/// A [`TargetMap`] with the pages it was made with.
pub(super) struct Targets<'a> {
    pub(super) map: &'a TargetMap,
    pub(super) pages: &'a [ScannedPage],
}

impl<'a> Targets<'a> {
    /// What a (decoded) path under the base path reaches: `None` when nothing is generated
    /// there, else the page it is, if it is a scanned page.
    pub(super) fn get(&self, path: &str) -> Option<Option<&'a ScannedPage>> {
        let target = *self.map.0.get(path)?;
        Some(target.map(|index| &self.pages[index as usize]))
    }
}

/// The folder whose index page is at `path`: `a/` for `a/index.html`, the empty path for
/// `index.html`.
fn folder_of(path: &str) -> Option<&str> {
    let folder = path.strip_suffix("index.html")?;
    (folder.is_empty() || folder.ends_with('/')).then_some(folder)
}

pub(super) struct Resolver<'a> {
    pub(super) base: Url,
    /// The base URL's origin as its URLs start (`https://example.org`), if it is http(s).
    pub(super) origin: Option<String>,
    pub(super) config: &'a Config,
    pub(super) targets: &'a Targets<'a>,
    /// Whether to record what each page's links were looked up by ([`PageLinks::looked_up`]).
    pub(super) record: bool,
}

/// What one page's links came to.
#[derive(Debug, Clone, Default)]
pub(super) struct PageLinks {
    /// How many are internal.
    pub(super) internal: usize,
    /// The broken ones, the first [`MAX_PER_FILE`](crate::diagnostics::MAX_PER_FILE).
    pub(super) broken: Vec<Breakage>,
    /// Counts the broken ones past those.
    pub(super) budget: Budget,
    /// When [`Resolver::record`] asks: the hash ([`target_key`]) of every path the links were
    /// looked up by, found or not, so that a later check knows which pages a file that came or
    /// went can change.
    pub(super) looked_up: Arc<[u64]>,
}

/// The hash of a path [`Targets`] is looked up by.
pub(super) fn target_key(path: &str) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(path)
}

impl Resolver<'_> {
    /// How many internal links the page has, and which are broken (the first
    /// [`MAX_PER_FILE`](crate::diagnostics::MAX_PER_FILE); the budget counts the rest).
    pub(super) fn check_page(&self, page: &ScannedPage) -> PageLinks {
        let mut budget = Budget::new();
        let page_path = page.path.strip_suffix("index.html").unwrap_or(&page.path);
        let Ok(mut page_url) = self.base.join(&format!("./{page_path}")) else {
            return PageLinks::default();
        };
        if let Some(base_href) = &page.base_href
            && let Ok(url) = page_url.join(base_href)
        {
            page_url = url;
        }
        let page_url = PageUrl {
            same_site: matches!(page_url.scheme(), "http" | "https")
                && page_url.origin() == self.base.origin(),
            url: page_url,
        };
        let is_error_page = &*page.path == ERROR_PAGE;
        let mut broken = Vec::new();
        let mut internal = 0;
        let mut looked_up = Vec::new();
        let mut looked_up_into = self.record.then_some(&mut looked_up);
        for raw in page.urls.iter() {
            match self.check(
                &page_url,
                raw.trim(),
                is_error_page,
                looked_up_into.as_deref_mut(),
            ) {
                Verdict::External => {}
                Verdict::Fine => internal += 1,
                Verdict::Broken(fault) => {
                    internal += 1;
                    if budget.allow() {
                        broken.push(Breakage {
                            page: page.path.to_string(),
                            url: raw.to_string(),
                            fault,
                        });
                    }
                }
            }
        }
        PageLinks {
            internal,
            broken,
            budget,
            looked_up: looked_up.into(),
        }
    }

    /// What the link `raw` on the page at `page_url` reaches; the paths it is looked up by go
    /// into `looked_up`, when given.
    pub(super) fn check(
        &self,
        page_url: &PageUrl,
        raw: &str,
        is_error_page: bool,
        looked_up: Option<&mut Vec<u64>>,
    ) -> Verdict {
        if raw.is_empty() {
            return Verdict::External;
        }
        if is_error_page && is_relative(raw) {
            return Verdict::Broken(LinkFault::RelativeOnErrorPage);
        }
        if let Some((path, fragment)) = without_parser(self.origin.as_deref(), page_url, raw) {
            return self.reach(path, fragment, looked_up);
        }
        if is_mail_or_phone(raw) {
            return Verdict::External;
        }
        let parsed = match page_url.url.join(raw) {
            Ok(url) => url,
            Err(error) => {
                return Verdict::Broken(LinkFault::Invalid {
                    reason: error.to_string(),
                });
            }
        };
        if !matches!(parsed.scheme(), "http" | "https") || parsed.origin() != self.base.origin() {
            return Verdict::External;
        }
        self.reach(parsed.path(), parsed.fragment(), looked_up)
    }

    /// Whether the URL path `path` (as written, or as the URL parser gave it) reaches a
    /// generated file, and its `fragment` an id there.
    pub(super) fn reach(
        &self,
        path: &str,
        fragment: Option<&str>,
        mut looked_up: Option<&mut Vec<u64>>,
    ) -> Verdict {
        let base_path = self.config.base_path.as_str();
        let Some(inside) = path.strip_prefix(base_path) else {
            return Verdict::Broken(if format!("{path}/") == base_path {
                LinkFault::MissingTrailingSlash {
                    fixed: base_path.to_string(),
                }
            } else {
                LinkFault::OutsideBasePath {
                    base_path: base_path.to_string(),
                }
            });
        };
        let inside = decode(inside);
        if let Some(keys) = looked_up.as_deref_mut() {
            keys.push(target_key(&inside));
        }
        let Some(target) = self.targets.get(&inside) else {
            let folder = format!("{inside}/");
            if let Some(keys) = looked_up {
                keys.push(target_key(&folder));
            }
            return Verdict::Broken(if self.targets.get(&folder).is_some() {
                LinkFault::MissingTrailingSlash {
                    fixed: format!("{path}/"),
                }
            } else {
                LinkFault::NoSuchFile {
                    path: path.to_string(),
                }
            });
        };
        let fragment = fragment.map(decode).unwrap_or_default();
        // "#top" scrolls to the top of any page (HTML, "find a potential indicated element").
        if fragment.is_empty() || fragment.eq_ignore_ascii_case("top") {
            return Verdict::Fine;
        }
        match target {
            Some(page) if !page.has_id(&fragment) => Verdict::Broken(LinkFault::NoSuchId {
                id: fragment.into_owned(),
                target: path.to_string(),
            }),
            // Copied files (and generated non-HTML) have no ids we know of.
            _ => Verdict::Fine,
        }
    }
}

/// The path and fragment of an internal link that needs no URL parser, which is most links the
/// theme and Markdown write: `None` for the others. `origin` is the site's, as its URLs start
/// (`https://example.org`).
pub(super) fn without_parser<'r>(
    origin: Option<&str>,
    page_url: &'r PageUrl,
    raw: &'r str,
) -> Option<(&'r str, Option<&'r str>)> {
    // A root-relative path with no `.`/`..` segments, escapes, backslashes or hosts to
    // resolve.
    if let Some(plain) = plain_path(raw) {
        return Some(plain);
    }
    // An id on the page itself.
    if let Some(fragment) = raw.strip_prefix('#') {
        return (page_url.same_site && kept_as_written(fragment))
            .then(|| (page_url.url.path(), Some(fragment)));
    }
    // An absolute URL on the site's own origin, which the parser would leave as written.
    let rest = raw.strip_prefix(origin?)?;
    let (path, fragment) = plain_path(rest)?;
    (kept_as_written(path) && fragment.is_none_or(kept_as_written)).then_some((path, fragment))
}

/// The URL a page's relative links resolve against.
#[derive(Debug)]
pub(super) struct PageUrl {
    /// The page's URL, or its `<base href>`.
    pub(super) url: Url,
    /// Whether that URL is on the site's origin (a `<base href>` may leave it).
    pub(super) same_site: bool,
}

/// The path (without the query) and the fragment of `raw`, if it is a root-relative URL which
/// resolves as written: no `.`/`..` segments, escapes, backslashes, whitespace or host.
pub(super) fn plain_path(raw: &str) -> Option<(&str, Option<&str>)> {
    let bytes = raw.as_bytes();
    if bytes.first() != Some(&b'/') || bytes.get(1) == Some(&b'/') {
        return None;
    }
    let mut path_end = None;
    let mut fragment_start = None;
    let mut previous = 0;
    for (at, &byte) in bytes.iter().enumerate() {
        match byte {
            b'\\' | b'%' | b' ' | b'\t' | b'\n' => return None,
            b'.' if previous == b'/' => return None,
            b'?' => _ = path_end.get_or_insert(at),
            b'#' if fragment_start.is_none() => {
                path_end.get_or_insert(at);
                fragment_start = Some(at + 1);
            }
            _ => {}
        }
        previous = byte;
    }
    let path = &raw[..path_end.unwrap_or(raw.len())];
    Some((path, fragment_start.map(|start| &raw[start..])))
}

/// Whether the URL parser keeps `text`, as a path or a fragment, exactly as written: nothing
/// to escape, unescape, strip or resolve.
pub(super) fn kept_as_written(text: &str) -> bool {
    text.bytes().all(|b| {
        b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b':'
                    | b'@'
                    | b'/'
            )
    })
}

/// Whether `raw` is a `mailto:` or `tel:` URL the parser takes as is (no `//` authority,
/// which it may refuse).
pub(super) fn is_mail_or_phone(raw: &str) -> bool {
    ["mailto:", "tel:"].iter().any(|scheme| {
        raw.get(..scheme.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(scheme))
            && !raw[scheme.len()..].starts_with('/')
    })
}

pub(super) enum Verdict {
    /// Not ours to check: another host, another scheme, or no URL.
    External,
    /// An internal link that works.
    Fine,
    /// An internal link that does not.
    Broken(LinkFault),
}

/// Whether a URL is relative to the page (`x/`, `../x`), not to the host or a fragment.
pub(super) fn is_relative(url: &str) -> bool {
    !(url.starts_with('/') || url.starts_with('#') || has_scheme(url))
}

pub(super) fn has_scheme(url: &str) -> bool {
    url.split_once(':').is_some_and(|(scheme, _)| {
        scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// `text` with its percent escapes decoded.
pub(super) fn decode(text: &str) -> Cow<'_, str> {
    if memchr::memchr(b'%', text.as_bytes()).is_none() {
        return Cow::Borrowed(text);
    }
    percent_decode_str(text).decode_utf8_lossy()
}
