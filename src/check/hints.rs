//! What a broken link probably meant, and which file wrote it.
//!
//! The link check ([`crate::check`]) knows a link is broken and which pages it is on; this
//! pass, run on its report, knows the site's files: it names the template that holds a
//! hand-written link (the site's override in templates/ or the theme's, whichever was loaded)
//! at its line, and adds a [`LinkHint`]: the closest URL the site has, the `@/` link for a
//! link to a `.md` file, that a file beside a plain Markdown file is not beside its page, or
//! the closest static file. A link written `@/…` that reached the HTML was already reported by
//! the Markdown stage and is dropped here, so each mistake is reported once.

use std::collections::HashSet;
use std::hash::BuildHasher;
use std::path::{Path, PathBuf};

use crate::diagnostics::{
    BrokenLink, Diagnostic, Diagnostics, LinkFault, LinkHint, LinkMaker, Location, Position,
    Problem, display_path,
};
use crate::link::Site;
use crate::load::assets::StaticFiles;

/// How many broken links get a "did you mean" (each compares against every URL of the site).
const SUGGESTED_LINKS: usize = 200;

/// What the site has, to look broken links up in.
pub struct Known<'a, S> {
    /// The linked site.
    pub site: &'a Site,
    /// Every output path the build writes.
    pub generated: &'a HashSet<&'a str, S>,
    /// Every template as loaded (file as shown, source): see
    /// [`crate::render::Theme::template_sources`].
    pub templates: &'a [(&'a Path, &'a str)],
    /// The static files.
    pub statics: &'a StaticFiles,
}

/// The link check's `problems`, each broken link traced to its template line and given a hint.
/// `earlier` are the build's diagnostics so far: a link the Markdown stage already reported
/// (a `@/` link to a missing file or heading) is not reported again.
pub fn refine<S: BuildHasher>(
    problems: Diagnostics,
    earlier: &Diagnostics,
    known: &Known<'_, S>,
) -> Diagnostics {
    let reported: HashSet<(PathBuf, usize, usize)> = earlier
        .iter()
        .filter(|d| {
            matches!(
                d.problem,
                Problem::BrokenInternalLink { .. } | Problem::MissingAnchor { .. }
            )
        })
        .filter_map(place)
        .collect();
    let mut refined = Diagnostics::new();
    let mut suggested = 0;
    for mut diagnostic in problems {
        if place(&diagnostic).is_some_and(|p| reported.contains(&p)) {
            continue;
        }
        if let Problem::BrokenLink(link) = &mut diagnostic.problem {
            if link.url.starts_with("@/") {
                continue;
            }
            if matches!(link.made_by, LinkMaker::Templates { .. })
                && let Some((file, position)) = locate_in_templates(link, known)
            {
                link.made_by = LinkMaker::Templates {
                    files: vec![file.clone()],
                };
                diagnostic.location = Some(Location::at(file, position));
            }
            if suggested < SUGGESTED_LINKS {
                suggested += 1;
                let markdown_file = match link.made_by {
                    LinkMaker::Markdown => diagnostic.location.as_ref().map(|l| l.file.as_path()),
                    _ => None,
                };
                link.hint = hint(link, markdown_file, known);
            }
        }
        refined.push(diagnostic);
    }
    refined.sort();
    refined
}

/// A diagnostic's file, line and column, when it has a position.
fn place(diagnostic: &Diagnostic) -> Option<(PathBuf, usize, usize)> {
    let location = diagnostic.location.as_ref()?;
    let position = location.position.as_deref()?;
    Some((location.file.clone(), position.line, position.column))
}

/// The template that holds the link as written, and where: the URL itself, or the path it
/// names in quotes (`asset_url(path="custon.css")`).
fn locate_in_templates<S>(link: &BrokenLink, known: &Known<'_, S>) -> Option<(PathBuf, Position)> {
    let base_path = &known.site.config.base_path;
    let relative = link
        .url
        .strip_prefix(base_path.as_str())
        .unwrap_or(&link.url)
        .trim_start_matches('/');
    let mut needles = vec![
        format!("\"{}\"", link.url),
        format!("'{}'", link.url),
        link.url.clone(),
    ];
    if !relative.is_empty() {
        needles.push(format!("\"{relative}\""));
        needles.push(format!("'{relative}'"));
        needles.push(format!("\"/{relative}\""));
        needles.push(format!("'/{relative}'"));
    }
    needles.iter().find_map(|needle| {
        known.templates.iter().find_map(|(file, source)| {
            let at = source.find(needle.as_str())?;
            let quoted = needle.starts_with(['"', '\'']);
            let (at, width) = if quoted {
                (at + 1, needle.len() - 2)
            } else {
                (at, needle.len())
            };
            Some((
                file.to_path_buf(),
                Position::from_offset(source, at, width, 1),
            ))
        })
    })
}

/// What the link probably meant.
fn hint<S>(
    link: &BrokenLink,
    markdown_file: Option<&Path>,
    known: &Known<'_, S>,
) -> Option<LinkHint> {
    let config = &known.site.config;
    match &link.fault {
        LinkFault::NoSuchFile { path } => {
            let relative = path
                .strip_prefix(config.base_path.as_str())
                .unwrap_or(path)
                .trim_start_matches('/');
            let name = relative.rsplit('/').next().unwrap_or(relative);
            if name.ends_with(".md") {
                return content_link_named(known.site, name);
            }
            if let Some(file) = markdown_file
                && has_extension(name)
            {
                return Some(file_hint(known.site, file, name));
            }
            if !matches!(link.made_by, LinkMaker::Markdown) && has_extension(name) {
                return Some(LinkHint::NoSuchStaticFile {
                    name: relative.to_string(),
                    suggestion: crate::diagnostics::did_you_mean(relative, known.statics.names()),
                });
            }
            closest_url(relative, known).map(|url| LinkHint::ClosestUrl(config.url(&url)))
        }
        LinkFault::OutsideBasePath { .. } if markdown_file.is_some() => {
            // `/articles/x/` written for a site at `/clinic/`: the page it meant.
            let wanted = format!("/{}", link.url.trim_start_matches('/'));
            let wanted = wanted.split(['#', '?']).next().unwrap_or("");
            content_pages(known.site)
                .find(|(_, _, path)| *path == wanted)
                .map(|(content_path, _, _)| LinkHint::ContentLink(format!("@/{content_path}")))
        }
        _ => None,
    }
}

/// `@/articles/x.md` for a link to `x.md`, when a content file has that name.
fn content_link_named(site: &Site, name: &str) -> Option<LinkHint> {
    let paths: Vec<&str> = content_pages(site).map(|(path, _, _)| path).collect();
    let exact = paths
        .iter()
        .find(|path| path.rsplit('/').next() == Some(name))
        .map(|path| path.to_string());
    exact
        .or_else(|| crate::diagnostics::did_you_mean_path(name, paths.iter().copied()))
        .map(|path| LinkHint::ContentLink(format!("@/{path}")))
}

/// For a file a Markdown page links to that is not beside it: where the file is published if
/// it sits beside a plain Markdown file, else where files belong.
fn file_hint(site: &Site, markdown_file: &Path, name: &str) -> LinkHint {
    let bundle = bundle_of(markdown_file);
    let root = &site.config.root;
    let beside = site.assets.iter().find(|asset| {
        asset.source.file_name().is_some_and(|n| n == name)
            && asset.source.parent() == root.join(markdown_file).parent()
    });
    match (beside, bundle) {
        (Some(asset), Some(bundle)) => LinkHint::NotInBundle {
            file: display_path(root, &asset.source),
            url: site.config.url(&format!("/{}", asset.output)),
            bundle,
        },
        (_, bundle) => LinkHint::NoSuchFile { bundle },
    }
}

/// `content/articles/x/index.md` for `content/articles/x.md`; `None` for a page bundle or
/// a listing's `_index.md`.
fn bundle_of(markdown_file: &Path) -> Option<PathBuf> {
    let stem = markdown_file.file_stem()?.to_str()?;
    if stem == "index" || stem == "_index" {
        return None;
    }
    Some(markdown_file.with_file_name(stem).join("index.md"))
}

fn has_extension(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(stem, ext)| !stem.is_empty() && !ext.is_empty())
}

/// Every content file with a page: (path under content/, file as shown, URL path).
fn content_pages(site: &Site) -> impl Iterator<Item = (&str, &Path, &str)> {
    let articles = site.articles.iter().map(|a| {
        (
            a.doc.file.content_path.as_str(),
            a.doc.file.display.as_path(),
            a.path.as_str(),
        )
    });
    let therapies = site.therapies.iter().map(|t| {
        (
            t.doc.file.content_path.as_str(),
            t.doc.file.display.as_path(),
            t.path.as_str(),
        )
    });
    let sections = site.sections.iter().filter_map(|s| {
        let doc = s.doc.as_ref()?;
        Some((
            doc.file.content_path.as_str(),
            doc.file.display.as_path(),
            s.path.as_str(),
        ))
    });
    articles.chain(therapies).chain(sections)
}

/// The URL path (`/articles/x/`) of the generated page or file closest to `relative` (a path
/// under the base path, without its leading slash).
fn closest_url<S>(relative: &str, known: &Known<'_, S>) -> Option<String> {
    // Compared by their last segment, so that a shared folder does not make every page close.
    let name = |path: &str| -> String {
        path.trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or("")
            .to_string()
    };
    let wanted = name(relative);
    if wanted.is_empty() {
        return None;
    }
    known
        .generated
        .iter()
        .map(|path| path.strip_suffix("index.html").unwrap_or(path))
        .filter(|path| !path.ends_with(".xml") && *path != "404.html" && *path != "robots.txt")
        .map(|path| (strsim::jaro_winkler(&wanted, &name(path)), path))
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, path)| format!("/{path}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_page_becomes_a_bundle_of_the_same_name() {
        assert_eq!(
            bundle_of(Path::new("content/articles/heat-or-cold.md")),
            Some(PathBuf::from("content/articles/heat-or-cold/index.md"))
        );
        assert_eq!(bundle_of(Path::new("content/articles/x/index.md")), None);
        assert!(has_extension("heat-pack.jpg") && !has_extension("about"));
    }
}
