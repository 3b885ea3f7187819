//! The URL registry: how content paths become site paths, which URLs are taken (pages,
//! aliases, the files Vertebra writes itself), and the checks on slugs and aliases.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Budget, Diagnostic, Location, Problem, Severity};
use crate::load::content::BUNDLE_FILE;
use crate::load::typed::Source;

/// The sitemap, at the root of the output.
pub const SITEMAP_FILE: &str = "sitemap.xml";
/// robots.txt, at the root of the output.
pub const ROBOTS_FILE: &str = "robots.txt";
/// The Atom feed, at the root of the output.
pub const FEED_FILE: &str = "atom.xml";
/// The not-found page every theme has.
pub const NOT_FOUND_FILE: &str = "404.html";

/// A redirect page from an old URL to a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// The old site path, normalised: `/blog/old/` or `/old.html`.
    pub path: String,
    /// The site path it redirects to.
    pub target: String,
}

/// A page's claim on a URL, in the order claims are settled: listings first, then topic
/// pages, then articles.
#[derive(Debug, Clone)]
pub struct Claim<'a> {
    /// The site path it wants.
    pub path: &'a str,
    /// The file that wants it, as shown to the user.
    pub file: Cow<'a, Path>,
    /// Its front matter, for pages that have a file of their own (and so may be a duplicate
    /// or have aliases); `None` for listings made for a folder.
    pub front: Option<Source<'a>>,
    /// Its `aliases`.
    pub aliases: &'a [String],
}

/// Normalises an alias to a site path: one leading slash, a trailing slash unless it names a
/// `.html` file; refuses anything that could leave the output folder.
fn check_alias(alias: &str) -> Result<String, &'static str> {
    let trimmed = alias.trim();
    if trimmed.contains("..") {
        return Err("an alias cannot contain ..");
    }
    if trimmed.contains('\\') || trimmed.contains(':') {
        return Err("an alias is a URL path like /old/page/, without \\ or a drive letter");
    }
    if trimmed.contains(['?', '#']) || trimmed.chars().any(char::is_whitespace) {
        return Err("an alias is a URL path like /old/page/, without spaces, ? or #");
    }
    let inner = trimmed.trim_matches('/');
    if inner.is_empty() {
        return Err("an alias cannot be the home page");
    }
    if inner.split('/').any(|s| s.is_empty() || s == ".") {
        return Err("an alias cannot contain empty or . segments");
    }
    Ok(if inner.ends_with(".html") {
        format!("/{inner}")
    } else {
        format!("/{inner}/")
    })
}

/// Turns a content path into a site path: `articles/x.md` → `/articles/x/`.
pub fn site_path(content_path: &str, slug: Option<&str>) -> String {
    let without_ext = content_path.strip_suffix(".md").unwrap_or(content_path);
    let without_index = match without_ext.strip_suffix("index") {
        Some(parent) if parent.is_empty() || parent.ends_with('/') => parent,
        _ => without_ext,
    };
    let mut segments: Vec<String> = without_index
        .split('/')
        .filter(|s| !s.is_empty())
        .map(slug_segment)
        .collect();
    if let (Some(slug), Some(last)) = (slug, segments.last_mut()) {
        *last = slug.to_string();
    }
    if segments.is_empty() {
        "/".to_string()
    } else {
        format!("/{}/", segments.join("/"))
    }
}

pub fn folder_path(folder: &str) -> String {
    site_path(&format!("{folder}/x.md"), None)
        .trim_end_matches('/')
        .rsplit_once('/')
        .map_or("/".to_string(), |(parent, _)| format!("{parent}/"))
}

pub fn slug_segment(segment: &str) -> String {
    let slug = slug::slugify(segment);
    if slug.is_empty() { "-".into() } else { slug }
}

/// Checks a `slug` key: one plain URL segment.
pub fn check_slug(slug: &str) -> Result<String, &'static str> {
    if slug.contains(['/', '\\']) {
        return Err("a slug is one URL segment and cannot contain / or \\");
    }
    if slug.contains("..") {
        return Err("a slug cannot contain ..");
    }
    if slug.contains(':') {
        return Err("a slug cannot contain : (or a drive letter)");
    }
    let cleaned = slug::slugify(slug);
    if cleaned.is_empty() {
        return Err("a slug needs at least one letter or digit");
    }
    Ok(cleaned)
}

/// The content folder an article belongs to: its parent, or its bundle's parent.
pub fn article_folder(content_path: &str) -> String {
    let parent = content_path.rsplit_once('/').map_or("", |(p, _)| p);
    if content_path.ends_with(&format!("/{BUNDLE_FILE}")) {
        parent.rsplit_once('/').map_or("", |(p, _)| p).to_string()
    } else {
        parent.to_string()
    }
}

/// The file Vertebra writes itself at alias path `path` (or that the alias's folder would
/// clash with), if any.
fn generated_file_at(path: &str) -> Option<&'static str> {
    let inner = path.trim_start_matches('/');
    [SITEMAP_FILE, ROBOTS_FILE, FEED_FILE, NOT_FOUND_FILE]
        .into_iter()
        .find(|name| {
            inner
                .strip_prefix(name)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
}

/// The redirect pages of every claim's `aliases`; an alias that is unsafe, names a file
/// Vertebra writes or a URL already taken is an error at its place.
pub fn collect_aliases(claims: &[Claim<'_>], problems: &mut Vec<Diagnostic>) -> Vec<Alias> {
    let mut taken: HashMap<String, PathBuf> = HashMap::new();
    for claim in claims {
        taken
            .entry(claim.path.to_string())
            .or_insert_with(|| claim.file.to_path_buf());
    }
    let pages = claims.iter().filter_map(|claim| {
        let source = claim.front?;
        Some((&claim.file, source, claim.aliases, claim.path))
    });
    let mut aliases = Vec::new();
    for (file, source, written, target) in pages {
        let mut budget = Budget::new();
        for alias in written {
            let location = || source.locate_item(&["aliases".to_string()], alias);
            match check_alias(alias) {
                Ok(path) => {
                    if let Some(generated) = generated_file_at(&path) {
                        if budget.allow() {
                            problems.push(Diagnostic::error(
                                location(),
                                Problem::ReservedUrl {
                                    url: path.clone(),
                                    generated,
                                },
                            ));
                        }
                        continue;
                    }
                    let alias_key = path.trim_end_matches("index.html").to_string();
                    if let Some(other) = taken.get(&alias_key) {
                        if budget.allow() {
                            problems.push(Diagnostic::error(
                                location(),
                                Problem::DuplicateUrl {
                                    url: path.clone(),
                                    other: other.clone(),
                                },
                            ));
                        }
                        continue;
                    }
                    taken.insert(alias_key, file.to_path_buf());
                    aliases.push(Alias {
                        path,
                        target: target.to_string(),
                    });
                }
                Err(reason) if budget.allow() => problems.push(Diagnostic::error(
                    location(),
                    Problem::UnsafeUrl {
                        key: "aliases",
                        value: alias.clone(),
                        reason,
                    },
                )),
                Err(_) => {}
            }
        }
        problems.extend(budget.overflow(file, Severity::Error));
    }
    aliases
}

/// An error for every page whose URL an earlier claim already has.
pub fn check_duplicate_urls(claims: &[Claim<'_>], problems: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &Path> = HashMap::new();
    for claim in claims {
        if let Some(other) = seen.get(claim.path) {
            if claim.front.is_some() {
                problems.push(Diagnostic::error(
                    Location::file(&*claim.file),
                    Problem::DuplicateUrl {
                        url: claim.path.to_string(),
                        other: other.to_path_buf(),
                    },
                ));
            }
        } else {
            seen.insert(claim.path, &claim.file);
        }
    }
}

/// An error for a page (or a folder's listing) at the search page's URL.
pub fn check_search_url(claims: &[Claim<'_>], search: &str, problems: &mut Vec<Diagnostic>) {
    for claim in claims.iter().filter(|c| c.path == search) {
        problems.push(Diagnostic::error(
            Location::file(&*claim.file),
            Problem::SearchUrl {
                url: search.to_string(),
            },
        ));
    }
}

/// An error for every page (with a file of its own) at a URL that is also a page of a
/// paginated list; `generated` is each such URL with the path of the page whose list it is.
pub fn check_paginated_urls(
    claims: &[Claim<'_>],
    generated: &HashMap<String, String>,
    problems: &mut Vec<Diagnostic>,
) {
    for claim in claims {
        if let Some(list) = generated.get(claim.path)
            && claim.path != list
        {
            problems.push(Diagnostic::error(
                Location::file(&*claim.file),
                Problem::PaginatedUrl {
                    url: claim.path.to_string(),
                    list: list.clone(),
                },
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_content_paths_to_pretty_urls() {
        assert_eq!(
            site_path("articles/heat-and-cold.md", None),
            "/articles/heat-and-cold/"
        );
        assert_eq!(
            site_path("articles/first-visit/index.md", None),
            "/articles/first-visit/"
        );
        assert_eq!(site_path("about.md", None), "/about/");
        assert_eq!(
            site_path("articles/Heat And Cold.md", None),
            "/articles/heat-and-cold/"
        );
        assert_eq!(
            site_path("articles/x.md", Some("better")),
            "/articles/better/"
        );
        assert_eq!(folder_path("articles/spine"), "/articles/spine/");
    }

    #[test]
    fn normalises_and_refuses_aliases() {
        assert_eq!(
            check_alias("/blog/heat-vs-ice").unwrap(),
            "/blog/heat-vs-ice/"
        );
        assert_eq!(check_alias("old.html").unwrap(), "/old.html");
        for bad in ["/../x/", "C:\\x", "/", "/a//b/", "/a b/"] {
            assert!(check_alias(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn knows_the_urls_vertebra_writes_itself() {
        for taken in ["/sitemap.xml/", "/404.html", "/robots.txt/x/", "/atom.xml/"] {
            assert!(generated_file_at(taken).is_some(), "{taken}");
        }
        for free in ["/sitemap.xml.old/", "/404/", "/robots/", "/old/atom.xml/"] {
            assert_eq!(generated_file_at(free), None, "{free}");
        }
    }

    #[test]
    fn refuses_unsafe_slugs() {
        assert!(check_slug("../etc").is_err());
        assert!(check_slug("a/b").is_err());
        assert!(check_slug("C:evil").is_err());
        assert!(check_slug("!!!").is_err());
        assert_eq!(check_slug("Heat & Cold").unwrap(), "heat-cold");
    }
}
