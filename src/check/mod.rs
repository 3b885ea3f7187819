//! The link checker: every internal link in the rendered HTML must reach a generated file, and
//! every `#fragment` an element id in its target.
//!
//! It reads the HTML that the build produced (nothing is written or fetched),
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

pub mod hints;
pub mod html_scan;
mod report;
mod resolve;
mod scan;

use report::*;
use resolve::*;
pub use scan::{ScannedPage, scan_page};

use std::collections::HashSet;
use std::hash::BuildHasher;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashSet;
use url::Url;

use crate::diagnostics::{
    BrokenLink, Budget, Diagnostic, Diagnostics, LinkFault, LinkMaker, Location, MAX_PER_FILE,
    Position, Problem, Severity,
};
use crate::link::Site;
use crate::load::config::Config;
use crate::output::{OutputContent, OutputFile};
use crate::render::{MarkdownBody, PageOrigin, output_file};

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
pub fn check_links<'a>(
    site: &'a Site,
    files: &[OutputFile],
    origins: impl FnOnce() -> Vec<PageOrigin<'a>>,
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
            OutputContent::Copy(..) | OutputContent::Shared(_) | OutputContent::Staged => None,
        })
        .collect();
    check_scanned(site, &generated, &pages, origins, mode, None)
}

/// What `serve` keeps of a link check for the next one: each page's scan and what its links
/// came to. A page's links resolve the same way again while its scan is the same, no page's
/// ids changed, and no file came or went at a path they were looked up by. A body edit
/// changes one page's scan (and the search index's files, which no page links to by name), so
/// only that page's links are resolved again; when any page's ids changed, all of them are.
#[derive(Debug, Default)]
pub struct LinkCache {
    base_url: String,
    generated: FxHashSet<String>,
    pages: Vec<(ScannedPage, PageLinks)>,
    /// The paths the links were resolved against.
    targets: TargetMap,
    /// Every key of the kept pages' [`PageLinks::looked_up`] (and perhaps keys of pages since
    /// checked again): a file that comes or goes at a path no page looked up changes no page.
    looked_up: FxHashSet<u64>,
}

/// What changed since the check a [`LinkCache`] kept.
struct Changes<'g> {
    /// The files generated now and not then.
    came: Vec<&'g str>,
    /// The files generated then and not now.
    went: Vec<String>,
    /// The keys ([`target_key`]) of those paths that some page's links were looked up by.
    keys: FxHashSet<u64>,
}

impl LinkCache {
    /// What changed since the last check, or None when its results cannot be used: another
    /// base URL, other pages or other ids.
    fn changes<'g, S: BuildHasher>(
        &self,
        config: &Config,
        generated: &HashSet<&'g str, S>,
        pages: &[ScannedPage],
    ) -> Option<Changes<'g>> {
        let same_pages = self.pages.len() == pages.len()
            && (self.pages.iter().zip(pages)).all(|((kept, _), page)| {
                kept.is(page) || (kept.path == page.path && kept.ids == page.ids)
            });
        if self.base_url != config.base_url || !same_pages {
            return None;
        }
        let came: Vec<&str> = (generated.iter().copied())
            .filter(|p| !self.generated.contains(*p))
            .collect();
        let went: Vec<String> = (self.generated.iter())
            .filter(|p| !generated.contains(p.as_str()))
            .cloned()
            .collect();
        let keys = (came.iter().copied())
            .chain(went.iter().map(String::as_str))
            .flat_map(target_keys)
            .map(target_key)
            .filter(|key| self.looked_up.contains(key))
            .collect();
        Some(Changes { came, went, keys })
    }

    /// Keeps what the check of `pages` came to, `checked`, for the next one; `changes` are
    /// those since the last check, when its results were used (and its targets updated),
    /// else `targets` are those of this check.
    fn keep<S: BuildHasher>(
        &mut self,
        config: &Config,
        generated: &HashSet<&str, S>,
        pages: &[ScannedPage],
        checked: &[PageLinks],
        changes: Result<Changes<'_>, TargetMap>,
    ) {
        match changes {
            Ok(changes) => {
                for path in &changes.went {
                    self.generated.remove(path);
                }
                (self.generated).extend(changes.came.iter().map(|path| path.to_string()));
                let rechecked = (checked.iter().zip(&self.pages))
                    .filter(|(now, (_, then))| !Arc::ptr_eq(&now.looked_up, &then.looked_up));
                for (links, _) in rechecked {
                    self.looked_up.extend(links.looked_up.iter().copied());
                }
            }
            Err(targets) => {
                self.targets = targets;
                self.base_url.clone_from(&config.base_url);
                self.generated = generated.iter().map(|path| path.to_string()).collect();
                self.looked_up = (checked.iter())
                    .flat_map(|links| links.looked_up.iter().copied())
                    .collect();
            }
        }
        self.pages = pages.iter().cloned().zip(checked.iter().cloned()).collect();
    }
}

/// Checks the links of generated HTML pages, each scanned with [`scan_page`].
///
/// `generated` holds the output path of every file the build writes (pages, feeds, copied
/// files: whatever a link may reach); `pages` are the HTML pages among them whose links are
/// checked and whose ids `#fragment`s must name; `origins` say what made each page, to trace a
/// broken link to the file to fix: they are asked for only when a link is broken.
pub fn check_scanned<'a, S: BuildHasher>(
    site: &'a Site,
    generated: &HashSet<&str, S>,
    pages: &[ScannedPage],
    origins: impl FnOnce() -> Vec<PageOrigin<'a>>,
    mode: LinkCheck,
    mut cache: Option<&mut LinkCache>,
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
    let changes = (cache.as_deref()).and_then(|kept| kept.changes(config, generated, pages));
    // The kept targets with the files that came and went, or new ones.
    let updated = match (&changes, cache.as_deref_mut()) {
        (Some(changes), Some(kept)) => {
            kept.targets.update(&changes.came, &changes.went);
            true
        }
        _ => false,
    };
    let fresh = match updated {
        true => TargetMap::default(),
        false => TargetMap::new(generated, pages),
    };
    let targets = Targets {
        map: match cache.as_deref() {
            Some(kept) if updated => &kept.targets,
            _ => &fresh,
        },
        pages,
    };
    let resolver = Resolver {
        origin: matches!(base.scheme(), "http" | "https")
            .then(|| base.origin().ascii_serialization()),
        base,
        config,
        targets: &targets,
        record: cache.is_some(),
    };
    let previous = (cache.as_deref()).zip(changes.as_ref());
    let checked: Vec<PageLinks> = pages
        .par_iter()
        .enumerate()
        .map(|(index, page)| match &previous {
            Some((kept, changes)) => match &kept.pages[index] {
                (scanned, links)
                    if scanned.is(page)
                        && (changes.keys.is_empty()
                            || !links.looked_up.iter().any(|k| changes.keys.contains(k))) =>
                {
                    links.clone()
                }
                _ => resolver.check_page(page),
            },
            None => resolver.check_page(page),
        })
        .collect();
    if let Some(cache) = cache {
        let changes = match changes {
            Some(changes) if updated => Ok(changes),
            _ => Err(fresh),
        };
        cache.keep(config, generated, pages, &checked, changes);
    }
    let links = checked.iter().map(|page| page.internal).sum();
    let mut problems = Diagnostics::new();
    // A page with links past its budget has broken ones listed too.
    if checked.iter().any(|page| !page.broken.is_empty()) {
        let origins = origins();
        let origins = Origins::new(site, &origins);
        let mut overflows = Vec::new();
        for (page, links) in pages.iter().zip(&checked) {
            if !links.broken.is_empty() {
                overflows.extend(
                    links
                        .budget
                        .overflow(origins.source_of(&page.path), severity),
                );
            }
        }
        let broken = checked.into_iter().flat_map(|links| links.broken);
        problems = origins.diagnose(config, broken, severity);
        problems.extend(overflows);
        problems.sort();
    }
    LinkReport {
        pages: pages.len(),
        links,
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::scan::{refresh_url, srcset_urls};
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
