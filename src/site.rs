//! The in-memory site: every page with its URL, and the cross-links between articles and
//! therapies.
//!
//! [`link`] takes the loaded [`Content`] and decides URLs (checking that no two files want the
//! same one), sorts everything, resolves each article's therapies, computes the therapy index
//! (articles per therapy, related therapies, related articles) and merges each page's CTA.
//! [`Site::render_markdown`] then renders every body in parallel.

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{Config, PageKind};
use crate::content::front_matter::{ArticleFrontMatter, SectionFrontMatter, TherapyFrontMatter};
use crate::content::{Asset, BUNDLE_FILE, Content, Document, SECTION_FILE, THERAPIES_DIR};
use crate::cta::{self, Cta, Layer};
use crate::diagnostics::{
    Budget, Diagnostic, Diagnostics, Location, Position, Problem, Severity, did_you_mean,
};
use crate::markdown::{self, AutoLinker, LinkTargets, RenderOptions, Rendered};

/// Rendered bodies kept between builds, keyed by content path and checked by document
/// version and link environment.
#[derive(Debug, Default)]
pub struct MarkdownCache {
    entries: HashMap<String, ((u64, u64), Arc<Rendered>)>,
    /// Where `@/` links point, kept while the site's structure stands.
    links: Option<LinkTargets>,
    /// The auto-linker for the same structure.
    linker: Option<AutoLinker>,
    /// The fingerprint of `links` and the auto-link names.
    environment: u64,
}

/// A fingerprint of what an article shows when listed elsewhere (title, description, URL,
/// dates, summary, reading time), so that an edit below `<!-- more -->` re-renders the
/// article alone, not every listing it appears in.
fn summary_version(article: &Article) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    let front = &article.doc.front;
    (&front.title, &front.description, &article.path).hash(&mut hasher);
    front.date.as_ref().map(|d| d.rfc3339()).hash(&mut hasher);
    front
        .updated
        .as_ref()
        .map(|d| d.rfc3339())
        .hash(&mut hasher);
    (
        &article.rendered.summary_html,
        article.rendered.reading_minutes,
    )
        .hash(&mut hasher);
    hasher.finish()
}

/// A fingerprint of everything a body's rendering depends on besides the body itself: where
/// every `@/` link points, which names auto-link to which therapy, and the auto-link setting.
fn environment_version(links: &LinkTargets, therapies: &[Therapy], auto_link: bool) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    let mut paths: Vec<(&String, &String)> = links.paths.iter().collect();
    paths.sort();
    paths.hash(&mut hasher);
    links.base_path.hash(&mut hasher);
    auto_link.hash(&mut hasher);
    for therapy in therapies {
        therapy.doc.front.title.hash(&mut hasher);
        therapy.doc.front.also_known_as.hash(&mut hasher);
        therapy.path.hash(&mut hasher);
    }
    hasher.finish()
}

/// How many related articles or therapies a page lists at most.
pub const MAX_RELATED: usize = 5;

/// An article with everything the templates need.
#[derive(Debug, Clone)]
pub struct Article {
    /// The parsed file.
    pub doc: Arc<Document<ArticleFrontMatter>>,
    /// Its site path: `/articles/x/`.
    pub path: String,
    /// The listing it belongs to (index into [`Site::sections`]).
    pub section: usize,
    /// Its therapies, in the order listed (indices into [`Site::therapies`]).
    pub therapies: Vec<usize>,
    /// Articles sharing the most therapies with it.
    pub related: Vec<usize>,
    /// Its call-to-action, unless hidden.
    pub cta: Option<Cta>,
    /// Its rendered body.
    pub rendered: Arc<Rendered>,
    /// The (document version, link environment) `rendered` was made for.
    pub rendered_for: (u64, u64),
    /// A fingerprint of what listings show of it (see `summary_version`).
    pub summary_version: u64,
    /// Files of its page bundle, copied beside it.
    pub bundle_assets: Vec<Asset>,
}

/// A therapy or procedure page.
#[derive(Debug, Clone)]
pub struct Therapy {
    /// The parsed file.
    pub doc: Arc<Document<TherapyFrontMatter>>,
    /// Its slug: the file name without `.md`.
    pub slug: String,
    /// Its site path: `/therapies/<slug>/`.
    pub path: String,
    /// Articles that list it, newest first.
    pub articles: Vec<usize>,
    /// Therapies most often discussed in the same articles, with the count.
    pub related: Vec<(usize, usize)>,
    /// Its call-to-action, unless hidden.
    pub cta: Option<Cta>,
    /// Its rendered body.
    pub rendered: Arc<Rendered>,
    /// The (document version, link environment) `rendered` was made for.
    pub rendered_for: (u64, u64),
}

/// A listing page: the home page, /therapies/, or a folder of articles.
#[derive(Debug, Clone)]
pub struct Section {
    /// The `_index.md`, if the folder has one.
    pub doc: Option<Arc<Document<SectionFrontMatter>>>,
    /// The folder inside content/: `""` for the home page.
    pub folder: String,
    /// Its site path.
    pub path: String,
    /// Its title.
    pub title: String,
    /// Which kind of listing it is.
    pub kind: PageKind,
    /// Articles directly in it, newest first.
    pub articles: Vec<usize>,
    /// Sections directly below it.
    pub subsections: Vec<usize>,
    /// Its call-to-action, unless hidden.
    pub cta: Option<Cta>,
    /// Its rendered introduction.
    pub rendered: Arc<Rendered>,
    /// The (document version, link environment) `rendered` was made for.
    pub rendered_for: (u64, u64),
}

/// Everything the renderer needs.
#[derive(Debug, Clone)]
pub struct Site {
    /// The configuration.
    pub config: Config,
    /// Published articles, newest first.
    pub articles: Vec<Article>,
    /// Therapies, then procedures, alphabetical within each.
    pub therapies: Vec<Therapy>,
    /// Listing pages, by path; the home page first.
    pub sections: Vec<Section>,
    /// Files from content/ to copy as they are: (source, output path).
    pub assets: Vec<(PathBuf, String)>,
    /// Redirects from old URLs.
    pub aliases: Vec<Alias>,
    /// Configured authors, each with a page (see [`crate::authors`]).
    pub authors: Vec<crate::authors::Author>,
    /// Content paths of files that failed to load: links to them are not reported again.
    pub unloaded: Vec<String>,
    /// A fingerprint of the link environment bodies were rendered in (see [`MarkdownCache`]).
    pub markdown_environment: u64,
}

/// A redirect page from an old URL to a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// The old site path, normalised: `/blog/old/` or `/old.html`.
    pub path: String,
    /// The site path it redirects to.
    pub target: String,
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
fn site_path(content_path: &str, slug: Option<&str>) -> String {
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

/// A therapy's slug: its file name, or its bundle folder's name.
fn therapy_slug(content_path: &str) -> String {
    let stem = content_path.trim_end_matches(".md");
    let stem = stem.strip_suffix("/index").unwrap_or(stem);
    slug_segment(stem.rsplit('/').next().unwrap_or(stem))
}

fn folder_path(folder: &str) -> String {
    site_path(&format!("{folder}/x.md"), None)
        .trim_end_matches('/')
        .rsplit_once('/')
        .map_or("/".to_string(), |(parent, _)| format!("{parent}/"))
}

fn slug_segment(segment: &str) -> String {
    let slug = slug::slugify(segment);
    if slug.is_empty() { "-".into() } else { slug }
}

/// Checks a `slug` key: one plain URL segment.
fn check_slug(slug: &str) -> Result<String, &'static str> {
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
fn article_folder(content_path: &str) -> String {
    let parent = content_path.rsplit_once('/').map_or("", |(p, _)| p);
    if content_path.ends_with(&format!("/{BUNDLE_FILE}")) {
        parent.rsplit_once('/').map_or("", |(p, _)| p).to_string()
    } else {
        parent.to_string()
    }
}

/// Builds the site from loaded content: URLs, ordering, cross-links and CTAs.
pub fn link(config: Config, content: Content, diagnostics: &mut Diagnostics) -> Site {
    let mut problems: Vec<Diagnostic> = Vec::new();
    let Content {
        articles,
        therapies,
        sections: section_docs,
        assets,
        draft_therapies,
        unloaded,
    } = content;

    let mut therapies: Vec<Therapy> = therapies
        .into_iter()
        .map(|doc| {
            let slug = therapy_slug(&doc.file.content_path);
            Therapy {
                path: format!("/{THERAPIES_DIR}/{slug}/"),
                slug,
                doc,
                articles: Vec::new(),
                related: Vec::new(),
                cta: None,
                rendered: Arc::default(),
                rendered_for: (0, 0),
            }
        })
        .collect();
    therapies.sort_by(|a, b| {
        (a.doc.front.kind, a.doc.front.title.to_lowercase(), &a.slug).cmp(&(
            b.doc.front.kind,
            b.doc.front.title.to_lowercase(),
            &b.slug,
        ))
    });

    let mut articles: Vec<Article> = articles
        .into_iter()
        .map(|doc| {
            let slug = doc.front.slug.as_deref().and_then(|s| match check_slug(s) {
                Ok(clean) => Some(clean),
                Err(reason) => {
                    problems.push(Diagnostic::error(
                        doc.locate("slug"),
                        Problem::UnsafeUrl {
                            key: "slug",
                            value: s.to_string(),
                            reason,
                        },
                    ));
                    None
                }
            });
            Article {
                path: site_path(&doc.file.content_path, slug.as_deref()),
                section: 0,
                doc,
                therapies: Vec::new(),
                related: Vec::new(),
                cta: None,
                rendered: Arc::default(),
                rendered_for: (0, 0),
                summary_version: 0,
                bundle_assets: Vec::new(),
            }
        })
        .collect();
    articles
        .sort_by(|a, b| newest_first(&a.doc.front, &b.doc.front).then_with(|| a.path.cmp(&b.path)));

    let mut sections = build_sections(section_docs, &articles);
    for article in &mut articles {
        let folder = article_folder(&article.doc.file.content_path);
        article.section = sections
            .iter()
            .position(|s| s.folder == folder)
            .unwrap_or(0);
    }
    for (index, article) in articles.iter().enumerate() {
        let section = article.section;
        sections[section].articles.push(index);
    }

    let assets = place_assets(assets, &mut articles);
    check_duplicate_urls(&articles, &therapies, &sections, &mut problems);
    let aliases = collect_aliases(&articles, &therapies, &sections, &mut problems);
    // Slugs of therapies that exist but are drafts or failed to load: listing them is no error.
    let drafts: Vec<String> = draft_therapies
        .iter()
        .chain(
            unloaded
                .iter()
                .filter(|p| p.starts_with(&format!("{THERAPIES_DIR}/"))),
        )
        .map(|p| therapy_slug(p))
        .collect();
    resolve_therapies(&mut articles, &therapies, &drafts, &mut problems);
    cross_link(&mut articles, &mut therapies);
    // With an article that failed to load we cannot know what it lists: no false warnings.
    let all_loaded = !unloaded
        .iter()
        .any(|p| !p.starts_with(&format!("{THERAPIES_DIR}/")));
    for therapy in therapies.iter().filter(|_| all_loaded) {
        if therapy.articles.is_empty() {
            problems.push(Diagnostic::warning(
                Location::file(&therapy.doc.file.display),
                Problem::UnlistedTherapy {
                    slug: therapy.slug.clone(),
                },
            ));
        }
    }
    let authors = crate::authors::link(
        &config,
        &articles,
        &therapies,
        &sections,
        &aliases,
        &mut problems,
    );
    merge_ctas(
        &config,
        &mut articles,
        &mut therapies,
        &mut sections,
        &mut problems,
    );
    diagnostics.extend(problems);
    Site {
        config,
        articles,
        therapies,
        sections,
        assets,
        aliases,
        authors,
        unloaded,
        markdown_environment: 0,
    }
}

/// The file Vertebra writes itself at alias path `path` (or that the alias's folder would
/// clash with), if any.
fn generated_file_at(path: &str) -> Option<&'static str> {
    let inner = path.trim_start_matches('/');
    [
        crate::render::sitemap::SITEMAP_FILE,
        crate::render::sitemap::ROBOTS_FILE,
        crate::render::feed::FEED_FILE,
        // The not-found page every theme has (render::REQUIRED_TEMPLATES).
        "404.html",
    ]
    .into_iter()
    .find(|name| {
        inner
            .strip_prefix(name)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

fn collect_aliases(
    articles: &[Article],
    therapies: &[Therapy],
    sections: &[Section],
    problems: &mut Vec<Diagnostic>,
) -> Vec<Alias> {
    let mut taken: HashMap<String, PathBuf> = HashMap::new();
    for section in sections {
        let file = section.doc.as_ref().map_or_else(
            || PathBuf::from(format!("content/{}", section.folder)),
            |d| d.file.display.clone(),
        );
        taken.insert(section.path.clone(), file);
    }
    for (path, file) in therapies
        .iter()
        .map(|t| (&t.path, &t.doc.file.display))
        .chain(articles.iter().map(|a| (&a.path, &a.doc.file.display)))
    {
        taken.entry(path.clone()).or_insert_with(|| file.clone());
    }
    let pages = therapies
        .iter()
        .map(|t| (&t.doc, &t.doc.front.aliases, &t.path))
        .map(|(d, a, p)| (&d.file.display, d.front_source(), a, p))
        .chain(articles.iter().map(|a| {
            (
                &a.doc.file.display,
                a.doc.front_source(),
                &a.doc.front.aliases,
                &a.path,
            )
        }));
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
                    taken.insert(alias_key, file.clone());
                    aliases.push(Alias {
                        path,
                        target: target.clone(),
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

fn newest_first(a: &ArticleFrontMatter, b: &ArticleFrontMatter) -> std::cmp::Ordering {
    let date = |f: &ArticleFrontMatter| f.date.as_ref().map(|d| (d.date, d.timestamp));
    // Dated before undated, newer before older, then by title.
    match (date(a), date(b)) {
        (Some(x), Some(y)) => y.cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
    .then_with(|| a.title.to_lowercase().cmp(&b.title.to_lowercase()))
}

/// One section per folder with an `_index.md` or with articles, plus home and /therapies/.
fn build_sections(
    docs: Vec<Arc<Document<SectionFrontMatter>>>,
    articles: &[Article],
) -> Vec<Section> {
    let mut by_folder: BTreeMap<String, Option<Arc<Document<SectionFrontMatter>>>> =
        BTreeMap::new();
    by_folder.insert(String::new(), None);
    by_folder.insert(THERAPIES_DIR.to_string(), None);
    for article in articles {
        let mut folder = article_folder(&article.doc.file.content_path);
        loop {
            by_folder.entry(folder.clone()).or_insert(None);
            match folder.rsplit_once('/') {
                Some((parent, _)) => folder = parent.to_string(),
                None => break,
            }
        }
    }
    for doc in docs {
        let folder = doc
            .file
            .content_path
            .strip_suffix(SECTION_FILE)
            .unwrap_or("")
            .trim_end_matches('/')
            .to_string();
        by_folder.insert(folder, Some(doc));
    }
    let mut sections: Vec<Section> = by_folder
        .into_iter()
        .map(|(folder, doc)| {
            let kind = match folder.as_str() {
                "" => PageKind::Home,
                THERAPIES_DIR => PageKind::Therapies,
                _ => PageKind::Section,
            };
            let title = doc
                .as_ref()
                .map_or_else(|| default_section_title(&folder), |d| d.front.title.clone());
            Section {
                path: if folder.is_empty() {
                    "/".to_string()
                } else {
                    folder_path(&folder)
                },
                doc,
                folder,
                title,
                kind,
                articles: Vec::new(),
                subsections: Vec::new(),
                cta: None,
                rendered: Arc::default(),
                rendered_for: (0, 0),
            }
        })
        .collect();
    let folders: Vec<String> = sections.iter().map(|s| s.folder.clone()).collect();
    for (index, folder) in folders.iter().enumerate().skip(1) {
        let parent = folder.rsplit_once('/').map_or("", |(p, _)| p);
        if let Some(parent_index) = folders.iter().position(|f| f == parent) {
            sections[parent_index].subsections.push(index);
        }
    }
    sections
}

fn default_section_title(folder: &str) -> String {
    let name = folder
        .rsplit('/')
        .next()
        .unwrap_or(folder)
        .replace(['-', '_'], " ");
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Bundle files go beside their page; other files keep their path under content/.
fn place_assets(assets: Vec<Asset>, articles: &mut [Article]) -> Vec<(PathBuf, String)> {
    let bundles: HashMap<String, usize> = articles
        .iter()
        .enumerate()
        .filter(|(_, a)| {
            a.doc
                .file
                .content_path
                .ends_with(&format!("/{BUNDLE_FILE}"))
        })
        .map(|(i, a)| {
            (
                a.doc
                    .file
                    .content_path
                    .trim_end_matches(BUNDLE_FILE)
                    .to_string(),
                i,
            )
        })
        .collect();
    let mut placed = Vec::new();
    for asset in assets {
        let content_path = asset.source.content_path.clone();
        let (folder, name) = content_path.rsplit_once('/').unwrap_or(("", &content_path));
        let bundle = bundles.get(&format!("{folder}/"));
        let output = match bundle {
            Some(&index) => {
                articles[index].bundle_assets.push(asset.clone());
                format!("{}{name}", articles[index].path.trim_start_matches('/'))
            }
            None => {
                let folder_url = if folder.is_empty() {
                    "/".to_string()
                } else {
                    folder_path(folder)
                };
                format!("{}{name}", folder_url.trim_start_matches('/'))
            }
        };
        placed.push((asset.source.path, output));
    }
    placed
}

fn check_duplicate_urls(
    articles: &[Article],
    therapies: &[Therapy],
    sections: &[Section],
    problems: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<&str, PathBuf> = HashMap::new();
    for section in sections {
        let file = section.doc.as_ref().map_or_else(
            || PathBuf::from(format!("content/{}", section.folder)),
            |d| d.file.display.clone(),
        );
        seen.insert(&section.path, file);
    }
    let pages = therapies
        .iter()
        .map(|t| (&t.path, &t.doc.file.display))
        .chain(articles.iter().map(|a| (&a.path, &a.doc.file.display)));
    for (path, file) in pages {
        if let Some(other) = seen.get(path.as_str()) {
            problems.push(Diagnostic::error(
                Location::file(file),
                Problem::DuplicateUrl {
                    url: path.clone(),
                    other: other.clone(),
                },
            ));
        } else {
            seen.insert(path, file.clone());
        }
    }
}

/// Turns each article's therapy slugs into indices; unknown slugs are errors with a hint.
fn resolve_therapies(
    articles: &mut [Article],
    therapies: &[Therapy],
    drafts: &[String],
    problems: &mut Vec<Diagnostic>,
) {
    let by_slug: HashMap<&str, usize> = therapies
        .iter()
        .enumerate()
        .map(|(i, t)| (t.slug.as_str(), i))
        .collect();
    for article in articles.iter_mut() {
        let mut resolved = Vec::new();
        let mut budget = Budget::new();
        for slug in &article.doc.front.therapies {
            match by_slug.get(slug.as_str()) {
                Some(&index) if !resolved.contains(&index) => resolved.push(index),
                Some(_) => {}
                None if drafts.contains(slug) || !budget.allow() => {}
                None => problems.push(Diagnostic::error(
                    article
                        .doc
                        .front_source()
                        .locate_item(&["therapies".to_string()], slug),
                    Problem::UnknownTherapy {
                        slug: slug.clone(),
                        suggestion: did_you_mean(slug, by_slug.keys().copied()),
                    },
                )),
            }
        }
        problems.extend(budget.overflow(&article.doc.file.display, Severity::Error));
        article.therapies = resolved;
    }
}

/// Articles per therapy, related therapies by co-occurrence, related articles by overlap.
fn cross_link(articles: &mut [Article], therapies: &mut [Therapy]) {
    for (index, article) in articles.iter().enumerate() {
        for &therapy in &article.therapies {
            therapies[therapy].articles.push(index);
        }
    }
    let mut together: HashMap<(usize, usize), usize> = HashMap::new();
    for article in articles.iter() {
        for &a in &article.therapies {
            for &b in &article.therapies {
                if a != b {
                    *together.entry((a, b)).or_default() += 1;
                }
            }
        }
    }
    let titles: Vec<String> = therapies
        .iter()
        .map(|t| t.doc.front.title.to_lowercase())
        .collect();
    for (index, therapy) in therapies.iter_mut().enumerate() {
        let mut related: Vec<(usize, usize)> = together
            .iter()
            .filter(|((a, _), _)| *a == index)
            .map(|((_, b), count)| (*b, *count))
            .collect();
        related.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| titles[x.0].cmp(&titles[y.0])));
        related.truncate(MAX_RELATED);
        therapy.related = related;
    }
    let therapies_of: Vec<Vec<usize>> = articles.iter().map(|a| a.therapies.clone()).collect();
    let related = crate::related::related_articles(&therapies_of, therapies.len(), MAX_RELATED);
    for (article, related) in articles.iter_mut().zip(related) {
        article.related = related;
    }
}

fn merge_ctas(
    config: &Config,
    articles: &mut [Article],
    therapies: &mut [Therapy],
    sections: &mut [Section],
    problems: &mut Vec<Diagnostic>,
) {
    for therapy in therapies.iter_mut() {
        therapy.cta = cta::merge::<_, TherapyFrontMatter>(
            config,
            Some(Layer {
                value: &therapy.doc.front.cta,
                doc: &therapy.doc,
            }),
            None,
            problems,
        );
    }
    for article in articles.iter_mut() {
        let first = article.therapies.first().map(|&t| &therapies[t]);
        article.cta = cta::merge(
            config,
            first.map(|t| Layer {
                value: &t.doc.front.cta,
                doc: &t.doc,
            }),
            Some(Layer {
                value: &article.doc.front.cta,
                doc: &article.doc,
            }),
            problems,
        );
    }
    for section in sections.iter_mut() {
        section.cta = match &section.doc {
            Some(doc) => cta::merge::<TherapyFrontMatter, _>(
                config,
                None,
                Some(Layer {
                    value: &doc.front.cta,
                    doc,
                }),
                problems,
            ),
            None => {
                cta::merge::<TherapyFrontMatter, SectionFrontMatter>(config, None, None, problems)
            }
        };
    }
}

impl Site {
    /// This site with changed documents swapped in, when none of the changes can move
    /// anything: the same files, every changed file's front matter unchanged (only bodies
    /// edited), nothing failed to load. `None` means the content must be linked afresh.
    pub fn with_new_bodies(mut self, content: &Content) -> Option<Site> {
        if !content.unloaded.is_empty()
            || !self.unloaded.is_empty()
            || content.articles.len() != self.articles.len()
            || content.therapies.len() != self.therapies.len()
            || content.sections.len() != self.sections.iter().filter(|s| s.doc.is_some()).count()
            || content.assets.len() != self.assets.len()
        {
            return None;
        }
        let new_articles: HashMap<&str, &Arc<Document<ArticleFrontMatter>>> = content
            .articles
            .iter()
            .map(|doc| (doc.file.content_path.as_str(), doc))
            .collect();
        if new_articles.len() != self.articles.len() {
            return None;
        }
        for article in &mut self.articles {
            let doc = *new_articles.get(article.doc.file.content_path.as_str())?;
            if !Arc::ptr_eq(&article.doc, doc) {
                (article.doc.front == doc.front).then_some(())?;
                article.doc = Arc::clone(doc);
            }
        }
        for doc in &content.therapies {
            let therapy = self
                .therapies
                .iter_mut()
                .find(|t| t.doc.file.content_path == doc.file.content_path)?;
            if !Arc::ptr_eq(&therapy.doc, doc) {
                (therapy.doc.front == doc.front).then_some(())?;
                therapy.doc = Arc::clone(doc);
            }
        }
        for doc in &content.sections {
            let section = self.sections.iter_mut().find(|s| {
                s.doc
                    .as_ref()
                    .is_some_and(|d| d.file.content_path == doc.file.content_path)
            })?;
            let old = section.doc.as_ref()?;
            if !Arc::ptr_eq(old, doc) {
                (old.front == doc.front).then_some(())?;
                section.doc = Some(Arc::clone(doc));
            }
        }
        let same_assets = content
            .assets
            .iter()
            .zip(&self.assets)
            .all(|(asset, (source, _))| asset.source.path == *source);
        same_assets.then_some(self)
    }

    /// Renders every body in parallel, then checks `@/` links to anchors.
    ///
    /// A body is rendered again only when its document or the link environment changed: an
    /// item keeps the render it already holds (a site patched by [`Site::with_new_bodies`]), or
    /// takes one from `cache`. `relinked` says whether URLs or therapy names may have moved.
    ///
    /// Returns how many resized image copies were encoded (0 when the image cache had them).
    pub fn render_markdown(
        &mut self,
        diagnostics: &mut Diagnostics,
        cache: &mut MarkdownCache,
        relinked: bool,
    ) -> usize {
        let site_auto_link = self.config.site.therapy_index.auto_link;
        if relinked || cache.links.is_none() {
            let links = self.link_targets();
            cache.environment = environment_version(&links, &self.therapies, site_auto_link);
            cache.linker = self.auto_linker();
            cache.links = Some(links);
        }
        let environment = cache.environment;
        self.markdown_environment = environment;
        let empty = LinkTargets::default();
        let links = cache.links.as_ref().unwrap_or(&empty);
        let linker = cache.linker.as_ref();
        let site_features = crate::media::SiteFeatures::new(&self.config, &self.assets);
        let environment = environment ^ site_features.version();
        self.markdown_environment = environment;
        let features = markdown::Features {
            images: &site_features.images,
            shortcodes: &site_features.shortcodes,
            callouts: &site_features.callouts,
        };
        let features = &features;
        let options = |auto: bool, own: Option<usize>| RenderOptions {
            links,
            auto_links: if auto { linker } else { None },
            own_therapy: own,
            content_path: "",
            features: Some(features),
        };
        let entries = &cache.entries;
        // The render for `doc` unless `held` already is it: from the cache, or made now.
        let refresh = |content_path: &str,
                       key: (u64, u64),
                       held: (u64, u64),
                       body: &str,
                       options: RenderOptions<'_>| {
            if held == key {
                return None;
            }
            Some(match entries.get(content_path) {
                Some((seen, rendered)) if *seen == key => Arc::clone(rendered),
                _ => Arc::new(markdown::render(body, &options)),
            })
        };
        let mut fresh: Vec<(String, (u64, u64), Arc<Rendered>)> = self
            .articles
            .par_iter_mut()
            .filter_map(|article| {
                let auto = site_auto_link && article.doc.front.auto_link.unwrap_or(true);
                let doc = Arc::clone(&article.doc);
                let key = (doc.version, environment);
                let rendered = refresh(
                    &doc.file.content_path,
                    key,
                    article.rendered_for,
                    &doc.body,
                    RenderOptions {
                        content_path: &doc.file.content_path,
                        ..options(auto, None)
                    },
                )?;
                article.rendered = Arc::clone(&rendered);
                article.rendered_for = key;
                article.summary_version = summary_version(article);
                Some((doc.file.content_path.clone(), key, rendered))
            })
            .collect();
        fresh.extend(
            self.therapies
                .par_iter_mut()
                .enumerate()
                .filter_map(|(index, therapy)| {
                    let doc = Arc::clone(&therapy.doc);
                    let key = (doc.version, environment);
                    let options = RenderOptions {
                        content_path: &doc.file.content_path,
                        ..options(site_auto_link, Some(index))
                    };
                    let rendered = refresh(
                        &doc.file.content_path,
                        key,
                        therapy.rendered_for,
                        &doc.body,
                        options,
                    )?;
                    therapy.rendered = Arc::clone(&rendered);
                    therapy.rendered_for = key;
                    Some((doc.file.content_path.clone(), key, rendered))
                })
                .collect::<Vec<_>>(),
        );
        for section in &mut self.sections {
            let Some(doc) = section.doc.clone() else {
                continue;
            };
            let key = (doc.version, environment);
            if let Some(rendered) = refresh(
                &doc.file.content_path,
                key,
                section.rendered_for,
                &doc.body,
                RenderOptions {
                    content_path: &doc.file.content_path,
                    ..options(false, None)
                },
            ) {
                section.rendered = Arc::clone(&rendered);
                section.rendered_for = key;
                fresh.push((doc.file.content_path.clone(), key, rendered));
            }
        }
        if relinked {
            // Forget files that are gone; keep everything this site holds.
            let current: std::collections::HashSet<&str> = self
                .articles
                .iter()
                .map(|a| a.doc.file.content_path.as_str())
                .chain(
                    self.therapies
                        .iter()
                        .map(|t| t.doc.file.content_path.as_str()),
                )
                .chain(
                    self.sections
                        .iter()
                        .filter_map(|s| s.doc.as_ref().map(|d| d.file.content_path.as_str())),
                )
                .collect();
            cache
                .entries
                .retain(|path, _| current.contains(path.as_str()));
        }
        for (content_path, key, rendered) in fresh {
            cache.entries.insert(content_path, (key, rendered));
        }
        self.report_body_problems(diagnostics);
        site_features.images.encoded()
    }

    fn link_targets(&self) -> LinkTargets {
        let mut paths = HashMap::new();
        for article in &self.articles {
            paths.insert(article.doc.file.content_path.clone(), article.path.clone());
        }
        for therapy in &self.therapies {
            paths.insert(therapy.doc.file.content_path.clone(), therapy.path.clone());
        }
        for section in &self.sections {
            if let Some(doc) = &section.doc {
                paths.insert(doc.file.content_path.clone(), section.path.clone());
            }
        }
        for unloaded in &self.unloaded {
            paths
                .entry(unloaded.clone())
                .or_insert_with(|| site_path(unloaded, None));
        }
        LinkTargets {
            paths,
            base_path: self.config.base_path.clone(),
        }
    }

    fn auto_linker(&self) -> Option<AutoLinker> {
        let names: Vec<(String, Vec<String>)> = self
            .therapies
            .iter()
            .map(|t| {
                let mut names = vec![t.doc.front.title.clone()];
                names.extend(t.doc.front.also_known_as.iter().cloned());
                (self.config.url(&t.path), names)
            })
            .collect();
        if names.is_empty() {
            return None;
        }
        AutoLinker::new(&names)
    }

    /// Every (file, body, first line, rendered) triple, for reporting.
    fn bodies(&self) -> Vec<(&PathBuf, &str, usize, &Rendered)> {
        let articles = self.articles.iter().map(|a| {
            (
                &a.doc.file.display,
                a.doc.body.as_str(),
                a.doc.body_first_line,
                &*a.rendered,
            )
        });
        let therapies = self.therapies.iter().map(|t| {
            (
                &t.doc.file.display,
                t.doc.body.as_str(),
                t.doc.body_first_line,
                &*t.rendered,
            )
        });
        let sections = self.sections.iter().filter_map(|s| {
            s.doc.as_ref().map(|d| {
                (
                    &d.file.display,
                    d.body.as_str(),
                    d.body_first_line,
                    &*s.rendered,
                )
            })
        });
        articles.chain(therapies).chain(sections).collect()
    }

    fn report_body_problems(&self, diagnostics: &mut Diagnostics) {
        let mut ids: HashMap<&str, &Rendered> = HashMap::new();
        for article in &self.articles {
            ids.insert(&article.doc.file.content_path, &article.rendered);
        }
        for therapy in &self.therapies {
            ids.insert(&therapy.doc.file.content_path, &therapy.rendered);
        }
        for section in &self.sections {
            if let Some(doc) = &section.doc {
                ids.insert(&doc.file.content_path, &section.rendered);
            }
        }
        for (file, body, first_line, rendered) in self.bodies() {
            let at = |offset: usize, len: usize| {
                Location::at(
                    file,
                    Position::from_offset(
                        body,
                        offset,
                        body[offset..offset + len].chars().count(),
                        first_line,
                    ),
                )
            };
            let mut budget = Budget::new();
            for problem in rendered.problems.iter().filter(|_| budget.allow()) {
                diagnostics.push(Diagnostic::error(
                    at(problem.offset, problem.len),
                    problem.problem.clone(),
                ));
            }
            for link in &rendered.anchor_links {
                let exists = match ids.get(link.content_path.as_str()) {
                    Some(target) => target.heading_ids.contains(&link.anchor),
                    // The target failed to load and its error is already reported.
                    None => self.unloaded.contains(&link.content_path),
                };
                if !exists && budget.allow() {
                    diagnostics.push(Diagnostic::error(
                        at(link.offset, link.len),
                        Problem::MissingAnchor {
                            target: link.written.clone(),
                            anchor: link.anchor.clone(),
                        },
                    ));
                }
            }
            diagnostics.extend(budget.overflow(file, Severity::Error));
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
