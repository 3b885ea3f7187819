//! The link checker: every internal link in the rendered HTML must reach a generated file, and
//! every `#fragment` an element id in its target.
//!
//! It reads the HTML that [`crate::build::build`] produced (nothing is written or fetched),
//! collects `href`, `src`, `srcset`, `poster`, social `<meta>` URLs and meta-refresh targets,
//! and resolves each one as a browser would, against the page's URL under `base_url`. A link is
//! internal when it stays on the site's host; it is then broken when it leaves the base path,
//! names a folder without its trailing slash, reaches no generated file, or has a fragment that
//! is no id of its target. External links and `mailto:`/`tel:` are not checked.
//!
//! Each broken link is traced to what wrote it: a Markdown body (the diagnostic points at the
//! link's line, also when the link breaks only in a listing's summary) or the pages' templates
//! (the diagnostic names the first page's content file and the templates). A link written once
//! is reported once, with the number of other pages it breaks on.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::BuildHasher;
use std::path::Path;

use crate::html_scan::{self, StartTag};
use percent_encoding::percent_decode_str;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use url::Url;

use crate::config::Config;
use crate::diagnostics::{
    BrokenLink, Budget, Diagnostic, Diagnostics, LinkFault, LinkMaker, Location, MAX_PER_FILE,
    Position, Problem, Severity,
};
use crate::output::{OutputContent, OutputFile};
use crate::render::{MarkdownBody, PageOrigin, output_file};
use crate::site::Site;

/// What a build does with broken internal links.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LinkCheck {
    /// Broken links are errors: nothing is written (`build`, `check`).
    #[default]
    Fail,
    /// Broken links are reported as warnings (`build --links-as-warnings`).
    Warn,
    /// Links are not checked (for callers that check elsewhere, or never).
    Skip,
}

/// What the checker found.
#[derive(Debug, Default)]
pub struct LinkReport {
    /// Generated HTML pages read.
    pub pages: usize,
    /// Internal links checked.
    pub links: usize,
    /// Broken links, with the severity asked for.
    pub problems: Diagnostics,
}

/// The page the error page is: hosts serve it at every missing URL.
const ERROR_PAGE: &str = "404.html";

/// Checks every internal link of the generated HTML among `files`: scans each HTML page (in
/// parallel) with [`scan_page`], then checks them all with [`check_scanned`].
pub fn check_links(
    site: &Site,
    files: &[OutputFile],
    origins: &[PageOrigin<'_>],
    mode: LinkCheck,
) -> LinkReport {
    if mode == LinkCheck::Skip {
        return LinkReport::default();
    }
    let generated: FxHashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let pages: Vec<ScannedPage> = files
        .par_iter()
        .filter(|f| f.path.ends_with(".html"))
        .filter_map(|f| match &f.content {
            OutputContent::Bytes(bytes) => Some(scan_page(&f.path, bytes)),
            OutputContent::Copy(_) | OutputContent::Staged => None,
        })
        .collect();
    check_scanned(site, &generated, &pages, origins, mode)
}

/// Checks the links of generated HTML pages, each scanned with [`scan_page`].
///
/// `generated` holds the output path of every file the build writes (pages, feeds, copied
/// files: whatever a link may reach); `pages` are the HTML pages among them whose links are
/// checked and whose ids `#fragment`s must name; `origins` say what made each page, to trace a
/// broken link to the file to fix.
pub fn check_scanned<S: BuildHasher>(
    site: &Site,
    generated: &HashSet<&str, S>,
    pages: &[ScannedPage],
    origins: &[PageOrigin<'_>],
    mode: LinkCheck,
) -> LinkReport {
    let severity = match mode {
        LinkCheck::Skip => return LinkReport::default(),
        LinkCheck::Fail => Severity::Error,
        LinkCheck::Warn => Severity::Warning,
    };
    let config = &site.config;
    let Ok(base) = Url::parse(&config.base_url) else {
        // config::load has validated base_url; a URL the parser still refuses cannot be
        // checked against, and is reported as the value it is.
        let mut problems = Diagnostics::new();
        problems.push(Diagnostic::global(Problem::InvalidValue {
            key: "base_url".into(),
            expected: "an absolute http(s) URL like \"https://example.org/\"".into(),
            found: format!("\"{}\"", config.base_url),
        }));
        return LinkReport {
            problems,
            ..LinkReport::default()
        };
    };
    let targets = Targets::new(generated, pages);
    let resolver = Resolver {
        origin: matches!(base.scheme(), "http" | "https")
            .then(|| base.origin().ascii_serialization()),
        base,
        config,
        targets: &targets,
    };
    let checked: Vec<(usize, Vec<Breakage>, Budget)> = pages
        .par_iter()
        .map(|page| resolver.check_page(page))
        .collect();
    let links = checked.iter().map(|(internal, _, _)| internal).sum();
    let origins = Origins::new(site, origins);
    let mut overflows = Vec::new();
    for (page, (_, _, budget)) in pages.iter().zip(&checked) {
        overflows.extend(budget.overflow(origins.source_of(&page.path), severity));
    }
    let broken = checked.into_iter().flat_map(|(_, broken, _)| broken);
    let mut problems = origins.diagnose(config, broken, severity);
    problems.extend(overflows);
    problems.sort();
    LinkReport {
        pages: pages.len(),
        links,
        problems,
    }
}

/// The links and ids of one generated HTML page, as [`check_scanned`] needs them: made by
/// [`scan_page`], small enough to keep for every page of a build.
#[derive(Debug, Clone)]
pub struct ScannedPage {
    /// Its output path.
    path: Box<str>,
    /// The `<base href>`, if the page has one.
    base_href: Option<Box<str>>,
    /// Every URL in it, as written (character references decoded), once, in the order they
    /// first appear.
    urls: StrList,
    /// Every id (and `<a name>`) in it, once, sorted.
    ids: StrList,
}

impl ScannedPage {
    /// Whether the page has an element with this id (or an `<a name>`).
    fn has_id(&self, id: &str) -> bool {
        self.ids.contains_sorted(id)
    }
}

/// A list of strings in one allocation.
#[derive(Debug, Clone, Default)]
struct StrList {
    /// The strings, one after the other.
    text: Box<str>,
    /// Where each ends in `text`.
    ends: Box<[usize]>,
}

impl StrList {
    fn new(strings: &[&str]) -> StrList {
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

    fn get(&self, index: usize) -> &str {
        let start = index.checked_sub(1).map_or(0, |i| self.ends[i]);
        &self.text[start..self.ends[index]]
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len()).map(|i| self.get(i))
    }

    /// Whether the list, which is sorted, holds `wanted`.
    fn contains_sorted(&self, wanted: &str) -> bool {
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
const URL_METAS: [&str; 5] = [
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
    let mut seen = FxHashSet::default();
    let mut urls: Vec<&str> = found.urls.iter().map(|url| url.as_ref()).collect();
    urls.retain(|url| seen.insert(*url));
    let mut ids: Vec<&str> = found.ids.iter().map(|id| id.as_ref()).collect();
    ids.sort_unstable();
    ids.dedup();
    ScannedPage {
        path: path.into(),
        base_href: found.base_href.map(Into::into),
        urls: StrList::new(&urls),
        ids: StrList::new(&ids),
    }
}

/// What [`scan_page`] collects, borrowed from the page where it can be.
#[derive(Default)]
struct Found<'a> {
    base_href: Option<Cow<'a, str>>,
    urls: Vec<Cow<'a, str>>,
    ids: Vec<Cow<'a, str>>,
}

impl<'a> Found<'a> {
    fn read(&mut self, tag: &StartTag<'_, 'a>) {
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
    fn read_meta(&mut self, tag: &StartTag<'_, 'a>) {
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
fn refresh_url(content: &str) -> Option<String> {
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
fn srcset_urls(srcset: &str) -> impl Iterator<Item = &str> {
    srcset
        .split(',')
        .filter_map(|candidate| candidate.split_whitespace().next())
}

/// A broken link found on a page.
#[derive(Debug, Clone)]
struct Breakage {
    /// The page's output path.
    page: String,
    /// The URL as written.
    url: String,
    fault: LinkFault,
}

/// What a link may reach, by the path it names under the base path: every generated file by its
/// output path, and every folder with an `index.html` by its path with the trailing slash (the
/// empty path for the root), each with its scanned page when it is one.
struct Targets<'a> {
    by_path: FxHashMap<&'a str, Option<&'a ScannedPage>>,
}

impl<'a> Targets<'a> {
    fn new<S>(generated: &HashSet<&'a str, S>, pages: &'a [ScannedPage]) -> Targets<'a> {
        let mut by_path = FxHashMap::default();
        by_path.reserve(generated.len() * 2);
        for &path in generated {
            // A file's path never ends with a slash; a folder's always does (or is empty).
            if !path.is_empty() && !path.ends_with('/') {
                by_path.insert(path, None);
            }
            if let Some(folder) = folder_of(path) {
                by_path.insert(folder, None);
            }
        }
        for page in pages {
            for path in [Some(&*page.path), folder_of(&page.path)]
                .into_iter()
                .flatten()
            {
                if let Some(target) = by_path.get_mut(path) {
                    *target = Some(page);
                }
            }
        }
        Targets { by_path }
    }

    /// What a (decoded) path under the base path reaches: `None` when nothing is generated
    /// there, else the page it is, if it is a scanned page.
    fn get(&self, path: &str) -> Option<Option<&'a ScannedPage>> {
        self.by_path.get(path).copied()
    }
}

/// The folder whose index page is at `path`: `a/` for `a/index.html`, the empty path for
/// `index.html`.
fn folder_of(path: &str) -> Option<&str> {
    let folder = path.strip_suffix("index.html")?;
    (folder.is_empty() || folder.ends_with('/')).then_some(folder)
}

struct Resolver<'a> {
    base: Url,
    /// The base URL's origin as its URLs start (`https://example.org`), if it is http(s).
    origin: Option<String>,
    config: &'a Config,
    targets: &'a Targets<'a>,
}

impl Resolver<'_> {
    /// How many internal links the page has, and which are broken (the first
    /// [`MAX_PER_FILE`](crate::diagnostics::MAX_PER_FILE); the budget counts the rest).
    fn check_page(&self, page: &ScannedPage) -> (usize, Vec<Breakage>, Budget) {
        let mut budget = Budget::new();
        let page_path = page.path.strip_suffix("index.html").unwrap_or(&page.path);
        let Ok(mut page_url) = self.base.join(&format!("./{page_path}")) else {
            return (0, Vec::new(), budget);
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
        for raw in page.urls.iter() {
            match self.check(&page_url, raw.trim(), is_error_page) {
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
        (internal, broken, budget)
    }

    fn check(&self, page_url: &PageUrl, raw: &str, is_error_page: bool) -> Verdict {
        if raw.is_empty() {
            return Verdict::External;
        }
        if is_error_page && is_relative(raw) {
            return Verdict::Broken(LinkFault::RelativeOnErrorPage);
        }
        if let Some((path, fragment)) = without_parser(self.origin.as_deref(), page_url, raw) {
            return self.reach(path, fragment);
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
        self.reach(parsed.path(), parsed.fragment())
    }

    /// Whether the URL path `path` (as written, or as the URL parser gave it) reaches a
    /// generated file, and its `fragment` an id there.
    fn reach(&self, path: &str, fragment: Option<&str>) -> Verdict {
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
        let Some(target) = self.targets.get(&inside) else {
            return Verdict::Broken(if self.targets.get(&format!("{inside}/")).is_some() {
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
fn without_parser<'r>(
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
struct PageUrl {
    /// The page's URL, or its `<base href>`.
    url: Url,
    /// Whether that URL is on the site's origin (a `<base href>` may leave it).
    same_site: bool,
}

/// The path (without the query) and the fragment of `raw`, if it is a root-relative URL which
/// resolves as written: no `.`/`..` segments, escapes, backslashes, whitespace or host.
fn plain_path(raw: &str) -> Option<(&str, Option<&str>)> {
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
fn kept_as_written(text: &str) -> bool {
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
fn is_mail_or_phone(raw: &str) -> bool {
    ["mailto:", "tel:"].iter().any(|scheme| {
        raw.get(..scheme.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(scheme))
            && !raw[scheme.len()..].starts_with('/')
    })
}

enum Verdict {
    /// Not ours to check: another host, another scheme, or no URL.
    External,
    /// An internal link that works.
    Fine,
    /// An internal link that does not.
    Broken(LinkFault),
}

/// Whether a URL is relative to the page (`x/`, `../x`), not to the host or a fragment.
fn is_relative(url: &str) -> bool {
    !(url.starts_with('/') || url.starts_with('#') || has_scheme(url))
}

fn has_scheme(url: &str) -> bool {
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
fn decode(text: &str) -> Cow<'_, str> {
    if memchr::memchr(b'%', text.as_bytes()).is_none() {
        return Cow::Borrowed(text);
    }
    percent_decode_str(text).decode_utf8_lossy()
}

/// Broken links are reported once per way of being written: the same Markdown line, or the same
/// URL from templates, with the same kind of fault.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct GroupKey {
    /// File, line and column of the Markdown link, if it came from Markdown.
    markdown: Option<(std::path::PathBuf, usize, usize)>,
    /// The URL as written.
    url: String,
    /// Which kind of fault (a relative URL's target differs from page to page).
    fault: u8,
}

/// The pages one broken link is on.
struct Group<'a> {
    markdown: Option<Location>,
    /// Where it was seen; sorted, the first is the one the message names.
    pages: Vec<Sighting<'a>>,
    /// The templates that rendered those pages.
    templates: Vec<&'a Path>,
}

/// One page a broken link is on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Sighting<'a> {
    /// Whether the link came from another page's Markdown (a summary in a listing), so
    /// the page the Markdown belongs to sorts first.
    elsewhere: bool,
    /// The page's URL path.
    page: String,
    /// The page's source file.
    source: &'a Path,
    /// What is wrong on this page.
    fault: LinkFault,
}

impl<'a> Group<'a> {
    fn add(&mut self, sighting: Sighting<'a>, template: Option<&'a Path>) {
        self.pages.push(sighting);
        self.templates.extend(template);
    }
}

fn fault_kind(fault: &LinkFault) -> u8 {
    match fault {
        LinkFault::NoSuchFile { .. } => 0,
        LinkFault::MissingTrailingSlash { .. } => 1,
        LinkFault::NoSuchId { .. } => 2,
        LinkFault::OutsideBasePath { .. } => 3,
        LinkFault::RelativeOnErrorPage => 4,
        LinkFault::Invalid { .. } => 5,
    }
}

/// What made each page, to trace a broken link to the file to fix.
struct Origins<'a> {
    /// Output path → its origin.
    pages: HashMap<&'a str, &'a PageOrigin<'a>>,
    /// Redirect page output path → the page its alias belongs to.
    redirects: HashMap<String, &'a PageOrigin<'a>>,
    /// Bodies whose summaries listings show.
    summaries: Vec<MarkdownBody<'a>>,
}

impl<'a> Origins<'a> {
    fn new(site: &Site, origins: &'a [PageOrigin<'a>]) -> Origins<'a> {
        let pages: HashMap<&str, &PageOrigin<'a>> =
            origins.iter().map(|o| (o.output.as_str(), o)).collect();
        let redirects = site
            .aliases
            .iter()
            .filter_map(|alias| {
                let target = pages.get(output_file(&alias.target).as_str())?;
                Some((output_file(&alias.path), *target))
            })
            .collect();
        let summaries = origins
            .iter()
            .filter_map(|o| o.body)
            .filter(|b| b.rendered.summary_html.is_some())
            .collect();
        Origins {
            pages,
            redirects,
            summaries,
        }
    }

    /// The file to blame for a page: its content file, its alias's, or site.toml.
    fn source_of(&self, page: &str) -> &'a Path {
        match (self.pages.get(page), self.redirects.get(page)) {
            (Some(origin), _) => origin.source,
            (None, Some(target)) => target.source,
            (None, None) => Path::new(crate::config::CONFIG_FILE),
        }
    }

    /// One diagnostic per broken link as written: per Markdown line, or per URL that templates
    /// write, naming the first page it is on and how many others.
    fn diagnose(
        &self,
        config: &Config,
        broken: impl Iterator<Item = Breakage>,
        severity: Severity,
    ) -> Diagnostics {
        let mut groups: BTreeMap<GroupKey, Group<'_>> = BTreeMap::new();
        for link in broken {
            let page = config.url(link.page.strip_suffix("index.html").unwrap_or(&link.page));
            let origin = self.pages.get(link.page.as_str());
            let markdown = self.markdown_lines(origin.and_then(|o| o.body), &link.url);
            let (source, template) = match (origin, self.redirects.get(&link.page)) {
                (Some(origin), _) => (origin.source, Some(origin.template.as_path())),
                (None, Some(target)) => (target.source, None),
                (None, None) => (Path::new(crate::config::CONFIG_FILE), None),
            };
            let sightings: Vec<(Option<Location>, bool)> = if markdown.is_empty() {
                vec![(None, false)]
            } else {
                markdown
                    .into_iter()
                    .map(|(location, own)| (Some(location), own))
                    .collect()
            };
            for (markdown, own) in sightings {
                let key = GroupKey {
                    markdown: markdown.as_ref().map(|l| {
                        let (line, column) =
                            l.position.as_deref().map_or((0, 0), |p| (p.line, p.column));
                        (l.file.clone(), line, column)
                    }),
                    url: link.url.clone(),
                    fault: fault_kind(&link.fault),
                };
                groups
                    .entry(key)
                    .or_insert_with(|| Group {
                        markdown,
                        pages: Vec::new(),
                        templates: Vec::new(),
                    })
                    .add(
                        Sighting {
                            elsewhere: !own,
                            page: page.clone(),
                            source,
                            fault: link.fault.clone(),
                        },
                        template,
                    );
            }
        }
        let mut diagnostics = Diagnostics::new();
        for (key, mut group) in groups {
            group.pages.sort();
            group.templates.sort();
            group.templates.dedup();
            let Some(first) = group.pages.first().cloned() else {
                continue;
            };
            let made_by = match (&group.markdown, group.templates.is_empty()) {
                (Some(_), _) => LinkMaker::Markdown,
                (None, true) => LinkMaker::AliasRedirect,
                (None, false) => LinkMaker::Templates {
                    files: group.templates.iter().map(|t| t.to_path_buf()).collect(),
                },
            };
            diagnostics.push(Diagnostic {
                severity,
                location: Some(
                    group
                        .markdown
                        .unwrap_or_else(|| Location::file(first.source)),
                ),
                problem: Problem::BrokenLink(Box::new(BrokenLink {
                    url: key.url,
                    page: first.page,
                    fault: first.fault,
                    made_by,
                    other_pages: group.pages.len() - 1,
                    hint: None,
                })),
            });
        }
        diagnostics.sort();
        diagnostics
    }

    /// Where `url` was written in Markdown: in the page's own body, else in a summary that a
    /// listing shows.
    /// Each with whether it is in the page's own body.
    fn markdown_lines(&self, own: Option<MarkdownBody<'a>>, url: &str) -> Vec<(Location, bool)> {
        let same = |emitted: &str| emitted == url || decode(emitted) == decode(url);
        let in_body = |body: &MarkdownBody<'_>, summary_only: bool| -> Vec<Location> {
            body.rendered
                .links
                .iter()
                .filter(|l| same(&l.url) && (!summary_only || l.in_summary))
                .take(MAX_PER_FILE)
                .map(|l| {
                    let end = (l.offset + l.len).min(body.text.len());
                    let width = body
                        .text
                        .get(l.offset..end)
                        .map_or(1, |s| s.lines().next().unwrap_or("").chars().count());
                    Location::at(
                        body.file,
                        Position::from_offset(body.text, l.offset, width, body.first_line),
                    )
                })
                .collect()
        };
        if let Some(body) = own {
            let found = in_body(&body, false);
            if !found.is_empty() {
                return found.into_iter().map(|l| (l, true)).collect();
            }
        }
        self.summaries
            .iter()
            .flat_map(|body| in_body(body, true))
            .map(|l| (l, false))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_refresh_and_srcset_urls() {
        assert_eq!(
            refresh_url("0; url=/clinic/x/").as_deref(),
            Some("/clinic/x/")
        );
        assert_eq!(refresh_url("5;URL='a.html'").as_deref(), Some("a.html"));
        assert_eq!(refresh_url("0"), None);
        assert_eq!(
            srcset_urls("a.png 1x, b.png 2x,c.png").collect::<Vec<_>>(),
            vec!["a.png", "b.png", "c.png"]
        );
    }

    #[test]
    fn reads_plain_paths_and_refuses_the_others() {
        for (raw, parts) in [
            ("/", ("/", None)),
            ("/#", ("/", Some(""))),
            ("/a/b/?x=1#y", ("/a/b/", Some("y"))),
            ("/a/#f?x", ("/a/", Some("f?x"))),
            ("/a?q#f#g", ("/a", Some("f#g"))),
            ("/caf\u{e9}/", ("/caf\u{e9}/", None)),
        ] {
            assert_eq!(plain_path(raw), Some(parts), "{raw}");
        }
        for raw in [
            "", "a/", "#x", "//host/", "/a/./b/", "/a/..", "/x?a/.b", "/a%20b", "/a b", "/a\\b",
            "/a\tb", "/a\nb",
        ] {
            assert_eq!(plain_path(raw), None, "{raw}");
        }
    }

    #[test]
    fn reads_links_without_the_parser_as_the_parser_would() {
        let base = Url::parse("https://example.org/").unwrap();
        let origin = base.origin().ascii_serialization();
        let page = |url: &str| {
            let url = Url::parse(url).unwrap();
            PageUrl {
                same_site: url.origin() == base.origin(),
                url,
            }
        };
        let at_home = page("https://example.org/a/b/");
        let unparsed = [
            "#top",
            "#",
            "#x-1_2.3~!$&'()*+,;=:@/",
            "https://example.org/",
            "https://example.org/a/?q=1#frag",
            "https://example.org/a/b#",
        ];
        for raw in unparsed {
            let parsed = at_home.url.join(raw).unwrap();
            assert_eq!(
                without_parser(Some(&origin), &at_home, raw),
                Some((parsed.path(), parsed.fragment())),
                "{raw}"
            );
        }
        let parsed = [
            "#a b",
            "#a%20b",
            "#a\tb",
            "#\u{e9}",
            "#a\"b",
            "#a#b",
            "https://example.org",
            "https://example.org//a/",
            "https://example.org/a/../b/",
            "https://example.org/a/./b/",
            "https://example.org/{a}/",
            "https://example.org/a%2F/",
            "https://example.org/a/#{b}",
            "https://example.org:443/a/",
            "https://example.org.evil/a/",
            "https://example.org@evil/a/",
            "HTTPS://example.org/a/",
            "http://example.org/a/",
            "x/y",
            "../y",
            "mailto:a@b.c",
        ];
        for raw in parsed {
            assert_eq!(without_parser(Some(&origin), &at_home, raw), None, "{raw}");
        }
        // Another origin's `<base href>`: the page's ids are not the site's.
        let away = page("https://elsewhere.example/");
        assert_eq!(without_parser(Some(&origin), &away, "#top"), None);
        assert_eq!(
            without_parser(Some(&origin), &away, "/a/#x"),
            Some(("/a/", Some("x")))
        );
    }

    #[test]
    fn takes_mail_and_phone_links_the_parser_cannot_refuse() {
        for raw in ["mailto:a@b.c", "MailTo:a", "tel:+13105550142", "TEL:1"] {
            assert!(is_mail_or_phone(raw), "{raw}");
            let parsed = Url::parse(raw).unwrap();
            assert!(!matches!(parsed.scheme(), "http" | "https"));
        }
        for raw in [
            "mailto://a b",
            "tel:/x",
            "tele:1",
            "mail:x",
            "/tel:1",
            "t\u{e9}l:1",
        ] {
            assert!(!is_mail_or_phone(raw), "{raw}");
        }
    }

    #[test]
    fn tells_relative_urls_from_others() {
        assert!(is_relative("x/") && is_relative("../x") && is_relative("style.css"));
        for other in ["/x/", "#top", "https://e.org/", "mailto:a@b.c", "tel:+1"] {
            assert!(!is_relative(other), "{other}");
        }
    }
}
