//! Reporting broken links once per way of being written, traced to the file to fix: a
//! Markdown line, or the templates of the pages the link is on.

use std::collections::BTreeMap;
use std::path::Path;

use rustc_hash::FxHashMap;

use super::*;

/// Broken links are reported once per way of being written: the same Markdown line, or the same
/// URL from templates, with the same kind of fault.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct GroupKey {
    /// File, line and column of the Markdown link, if it came from Markdown.
    pub(super) markdown: Option<(std::path::PathBuf, usize, usize)>,
    /// The URL as written.
    pub(super) url: String,
    /// Which kind of fault (a relative URL's target differs from page to page).
    pub(super) fault: u8,
}

/// The pages one broken link is on.
pub(super) struct Group<'a> {
    pub(super) markdown: Option<Location>,
    /// Where it was seen; sorted, the first is the one the message names.
    pub(super) pages: Vec<Sighting<'a>>,
    /// The templates that rendered those pages.
    pub(super) templates: Vec<&'a Path>,
}

/// One page a broken link is on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Sighting<'a> {
    /// Whether the link came from another page's Markdown (a summary in a listing), so
    /// the page the Markdown belongs to sorts first.
    pub(super) elsewhere: bool,
    /// The page's URL path.
    pub(super) page: String,
    /// The page's source file.
    pub(super) source: &'a Path,
    /// What is wrong on this page.
    pub(super) fault: LinkFault,
}

impl<'a> Group<'a> {
    pub(super) fn add(&mut self, sighting: Sighting<'a>, template: Option<&'a Path>) {
        self.pages.push(sighting);
        self.templates.extend(template);
    }
}

pub(super) fn fault_kind(fault: &LinkFault) -> u8 {
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
pub(super) struct Origins<'a> {
    /// Output path → its origin.
    pub(super) pages: FxHashMap<&'a str, &'a PageOrigin<'a>>,
    /// Redirect page output path → the page its alias belongs to.
    pub(super) redirects: FxHashMap<String, &'a PageOrigin<'a>>,
    /// Bodies whose summaries listings show.
    pub(super) summaries: Vec<MarkdownBody<'a>>,
}

impl<'a> Origins<'a> {
    pub(super) fn new(site: &Site, origins: &'a [PageOrigin<'a>]) -> Origins<'a> {
        let pages: FxHashMap<&str, &PageOrigin<'a>> =
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
    pub(super) fn source_of(&self, page: &str) -> &'a Path {
        match (self.pages.get(page), self.redirects.get(page)) {
            (Some(origin), _) => origin.source,
            (None, Some(target)) => target.source,
            (None, None) => Path::new(crate::load::config::CONFIG_FILE),
        }
    }

    /// One diagnostic per broken link as written: per Markdown line, or per URL that templates
    /// write, naming the first page it is on and how many others.
    pub(super) fn diagnose(
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
                (None, None) => (Path::new(crate::load::config::CONFIG_FILE), None),
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
    pub(super) fn markdown_lines(
        &self,
        own: Option<MarkdownBody<'a>>,
        url: &str,
    ) -> Vec<(Location, bool)> {
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
