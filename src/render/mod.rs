//! Rendering pages through Tera 2 themes.
//!
//! [`Theme::load`] reads `themes/<theme>/templates/` and then the site's own `templates/`
//! (which override theme templates of the same name), registers Vertebra's functions and
//! filters, and compiles everything. [`render_pages`] renders every page in parallel into
//! [`OutputFile`]s. Template errors name the template file, its line, and the page.
//! [`sitemap`] and [`feed`] write the XML files (and robots.txt) that are not pages.

pub mod assets;
pub mod context;
pub mod feed;
pub mod jsonld;
pub mod sitemap;

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use tera::{Context, ErrorKind, Kwargs, State, Tera, TeraResult, Value};

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Position, Problem, display_path};
use crate::link::{Page, PageRef, Site};
use crate::load::content::walk_files;
use crate::markdown::CTA_PLACEHOLDER;
use crate::output::{OutputContent, OutputFile, Staging};
use crate::render::assets::StaticFiles;
use context::{Contexts, CtaContext, Link};

/// Templates every theme must have.
pub const REQUIRED_TEMPLATES: [&str; 7] = [
    "base.html",
    "index.html",
    "article.html",
    "section.html",
    "therapy.html",
    "therapies.html",
    "404.html",
];
/// The component that renders the call-to-action block.
pub const CTA_COMPONENT: &str = "cta";

/// A compiled theme, with the site's overrides.
pub struct Theme {
    tera: Tera,
    /// A fingerprint of every template's source and of the hashed asset names, for the page
    /// cache.
    pub version: u64,
    /// Template name → (file as shown, source), to place errors.
    sources: HashMap<String, (PathBuf, String)>,
    /// Static folders, lowest precedence first: the theme's, then the site's.
    pub static_dirs: Vec<PathBuf>,
}

impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Theme")
            .field("templates", &self.sources.len())
            .finish()
    }
}

impl Theme {
    /// Loads and compiles the configured theme for `site`.
    /// `statics` gives `asset_url` the hashed names of CSS and JS files.
    pub fn load(site: &Site, statics: &StaticFiles) -> Result<Theme, Diagnostics> {
        let config = &site.config;
        let root = &config.root;
        let theme_dir = root.join("themes").join(&config.site.theme);
        let theme_templates = theme_dir.join("templates");
        if !theme_templates.is_dir() {
            let location = crate::load::config::locate_key(config, "theme");
            return Err(Diagnostic::error(
                location,
                Problem::MissingTheme {
                    theme: config.site.theme.clone(),
                    available: available_themes(root),
                },
            )
            .into());
        }
        let site_templates = root.join("templates");
        let mut diagnostics = Diagnostics::new();
        let mut sources: HashMap<String, (PathBuf, String)> = HashMap::new();
        for dir in [&theme_templates, &site_templates] {
            if !dir.is_dir() {
                continue;
            }
            for path in walk_files(root, dir, &mut diagnostics) {
                let name = path
                    .strip_prefix(dir)
                    .unwrap_or(&path)
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                let display = display_path(root, &path);
                match std::fs::read(&path) {
                    Ok(bytes) => match crate::load::content::decode_text(&display, &bytes) {
                        Ok(text) => {
                            sources.insert(name, (display, text));
                        }
                        Err(d) => diagnostics.push(d),
                    },
                    Err(e) => {
                        diagnostics.push(Diagnostic::io(root, &path, "read the template", &e))
                    }
                }
            }
        }
        for name in REQUIRED_TEMPLATES {
            if !sources.contains_key(name) {
                diagnostics.push(Diagnostic::global(Problem::MissingTemplate {
                    name: name.to_string(),
                    searched: vec![
                        display_path(root, &theme_templates),
                        display_path(root, &site_templates),
                    ],
                }));
            }
        }
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        register_helpers(&mut tera, site, statics);
        // What every page gets, set once rather than copied into each page's context.
        let contexts = Contexts::new(site);
        tera.global_context().insert("site", &contexts.site());
        tera.global_context()
            .insert("therapies", &contexts.therapies());
        let mut names: Vec<&String> = sources.keys().collect();
        names.sort();
        let result = tera.add_raw_templates(
            names
                .iter()
                .map(|name| (name.as_str(), sources[*name].1.as_str())),
        );
        let version = {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            for name in &names {
                (name, &sources[*name].1).hash(&mut hasher);
            }
            // Pages name stylesheets and scripts by their content hash.
            statics.hashed_names().hash(&mut hasher);
            hasher.finish()
        };
        let theme = Theme {
            tera,
            version,
            sources,
            static_dirs: crate::render::assets::static_dirs(config),
        };
        if let Err(error) = result {
            return Err(theme.template_error(&error, None).into());
        }
        if !theme.tera.contains_component(CTA_COMPONENT) {
            return Err(Diagnostic::global(Problem::MissingTemplate {
                name: format!("component `{CTA_COMPONENT}` (define it with {{% component {CTA_COMPONENT}(...) %}})"),
                searched: vec![display_path(root, &theme_templates), display_path(root, &site_templates)],
            })
            .into());
        }
        Ok(theme)
    }

    /// Whether a template exists.
    pub fn has_template(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// Turns a Tera error into a diagnostic at the template's file and line.
    fn template_error(&self, error: &tera::Error, page: Option<&Path>) -> Diagnostic {
        let page = page.map(|p| p.display().to_string());
        match error.kind() {
            ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
                let span = report.span();
                let location = self.sources.get(report.filename()).map(|(file, source)| {
                    let width = if span.start_line == span.end_line {
                        span.end_col.saturating_sub(span.start_col)
                    } else {
                        1
                    };
                    Location::at(
                        file,
                        Position::from_line_column(
                            source,
                            span.start_line,
                            span.start_col + 1,
                            width,
                        ),
                    )
                });
                Diagnostic {
                    severity: crate::diagnostics::Severity::Error,
                    location,
                    problem: Problem::Template {
                        message: report.message().to_string(),
                        page,
                    },
                }
            }
            _ => {
                let mut message = error.to_string();
                let mut source = std::error::Error::source(error);
                while let Some(cause) = source {
                    message.push_str(": ");
                    message.push_str(&cause.to_string());
                    source = cause.source();
                }
                Diagnostic::global(Problem::Template { message, page })
            }
        }
    }

    fn render(&self, template: &str, context: &Context, page: &Path) -> Result<String, Diagnostic> {
        self.tera
            .render(template, context)
            .map_err(|e| self.template_error(&e, Some(page)))
    }

    fn render_cta(&self, cta: &CtaContext<'_>, page: &Path) -> Result<String, Diagnostic> {
        let context =
            Context::from_serialize(cta).map_err(|e| self.template_error(&e, Some(page)))?;
        self.tera
            .render_component(CTA_COMPONENT, &context, None, true)
            .map_err(|e| self.template_error(&e, Some(page)))
    }
}

fn available_themes(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root.join("themes"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().join("templates").is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// `url_for`, `asset_url`, `get_therapy` and the `date` filter.
fn register_helpers(tera: &mut Tera, site: &Site, statics: &StaticFiles) {
    let config = &site.config;
    let base_path = Arc::new(config.base_path.clone());
    let hashed = Arc::new(statics.clone());
    let content_urls: Arc<HashMap<String, String>> = Arc::new(
        site.articles
            .iter()
            .map(|a| (a.doc.file.content_path.clone(), config.url(&a.path)))
            .chain(
                site.therapies
                    .iter()
                    .map(|t| (t.doc.file.content_path.clone(), config.url(&t.path))),
            )
            .chain(site.sections.iter().filter_map(|s| {
                s.doc
                    .as_ref()
                    .map(|d| (d.file.content_path.clone(), config.url(&s.path)))
            }))
            .collect(),
    );
    let url_base = Arc::clone(&base_path);
    let url_statics = Arc::clone(&hashed);
    tera.register_function(
        "url_for",
        move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let path = kwargs.must_get::<&str>("path")?;
            if let Some(content_path) = path.strip_prefix("@/") {
                let (file, anchor) = content_path
                    .split_once('#')
                    .map_or((content_path, None), |(f, a)| (f, Some(a)));
                let url = content_urls.get(file).ok_or_else(|| {
                    tera::Error::message(format!("url_for: no content file `{path}`"))
                })?;
                return Ok(match anchor {
                    Some(anchor) => format!("{url}#{anchor}"),
                    None => url.clone(),
                });
            }
            if path.contains("://") || path.starts_with("//") {
                return Ok(path.to_string());
            }
            Ok(format!("{url_base}{}", url_statics.output_path(path)))
        },
    );
    let asset_base = Arc::clone(&base_path);
    tera.register_function(
        "asset_url",
        move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let path = kwargs.must_get::<&str>("path")?;
            Ok(format!("{asset_base}{}", hashed.output_path(path)))
        },
    );
    let therapies: Arc<HashMap<String, Value>> = Arc::new(
        site.therapies
            .iter()
            .map(|t| {
                (
                    t.slug.clone(),
                    Value::from_serializable(&context::TherapySummary::new(t, config)),
                )
            })
            .collect(),
    );
    tera.register_function(
        "get_therapy",
        move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            let slug = kwargs.must_get::<&str>("slug")?;
            therapies.get(slug).cloned().ok_or_else(|| {
                let hint =
                    crate::diagnostics::did_you_mean(slug, therapies.keys().map(String::as_str))
                        .map(|s| format!("; did you mean \"{s}\"?"))
                        .unwrap_or_default();
                tera::Error::message(format!("get_therapy: no therapy \"{slug}\"{hint}"))
            })
        },
    );
    tera.register_filter(
        "date",
        |value: &str, kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let format = kwargs.get::<&str>("format")?.unwrap_or("%-d %B %Y");
            let date = crate::load::front_matter::ContentDate::parse(value).ok_or_else(|| {
                tera::Error::message(format!("date: \"{value}\" is not a date like 2024-08-26"))
            })?;
            let formatted = std::panic::catch_unwind(|| date.date.strftime(format).to_string());
            formatted
                .map_err(|_| tera::Error::message(format!("date: invalid format \"{format}\"")))
        },
    );
}

/// Where a rendered page came from: for the link checker to name the file to fix.
#[derive(Debug, Clone)]
pub struct PageOrigin<'a> {
    /// The page's file in the output: `articles/x/index.html`.
    pub output: String,
    /// The content file it was rendered for (site.toml for pages without one).
    pub source: &'a Path,
    /// The template file that rendered it, as shown to the user.
    pub template: PathBuf,
    /// Its Markdown body, when it has one.
    pub body: Option<MarkdownBody<'a>>,
}

/// A Markdown body and what rendering it gave, to place a link at its line.
#[derive(Debug, Clone, Copy)]
pub struct MarkdownBody<'a> {
    /// The content file, as shown to the user.
    pub file: &'a Path,
    /// The body's Markdown.
    pub text: &'a str,
    /// The line of the file the body starts on.
    pub first_line: usize,
    /// The rendered body, with the links it emitted.
    pub rendered: &'a crate::markdown::Rendered,
}

impl Theme {
    /// Where each page of `site` comes from: its output file, content file, template and body.
    pub fn page_origins<'a>(&self, site: &'a Site) -> Vec<PageOrigin<'a>> {
        site.pages()
            .into_iter()
            .map(|page| PageOrigin {
                output: output_file(&page.path),
                source: page.source,
                template: self
                    .sources
                    .get(&page.template)
                    .map_or_else(|| PathBuf::from(&page.template), |(file, _)| file.clone()),
                body: page
                    .body()
                    .map(|(file, text, first_line, rendered)| MarkdownBody {
                        file,
                        text,
                        first_line,
                        rendered,
                    }),
            })
            .collect()
    }
}

/// The output file of a site path: `/articles/x/` → `articles/x/index.html`, `/404.html` →
/// `404.html`.
pub fn output_file(site_path: &str) -> String {
    let path = site_path.trim_start_matches('/');
    if path.ends_with(".html") {
        path.to_string()
    } else {
        format!("{path}index.html")
    }
}

/// Takes each page as it renders (the search index): implemented by a later stage and passed
/// down, so rendering does not depend on it.
pub trait PageIndexer: Sync {
    /// Adds one rendered page (output path, bytes).
    fn add(&self, output_path: &str, html: &[u8]);
}

/// What happens to each page as soon as it is rendered. `S` is what a scan of a page gives
/// (the link checker's `ScannedPage`): the checker hands its scanner down, so rendering does
/// not depend on checking.
pub struct PageSink<'a, S> {
    /// Write it into this staging folder (and keep no copy, unless `cache`).
    pub staging: Option<&'a Staging>,
    /// Scan it with this function (output path, bytes), for the link checker.
    pub scan: Option<fn(&str, &[u8]) -> S>,
    /// Hand it to this index (site search).
    pub index: Option<&'a dyn PageIndexer>,
    /// Keep it in the page cache for the next build (long-lived builders only: a one-off
    /// build would hold the whole site in memory for nothing).
    pub cache: bool,
}

// Copy for any `S`: the sink holds only a reference and a function pointer.
impl<S> Clone for PageSink<'_, S> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S> Copy for PageSink<'_, S> {}

/// The rendered pages of a site.
#[derive(Debug)]
pub struct RenderedPages<S> {
    /// One per page, sorted as the pages were listed; [`OutputContent::Staged`] when written.
    pub files: Vec<OutputFile>,
    /// Each page's scan, when [`PageSink::scan`] asked for them.
    pub scanned: Vec<S>,
    /// Template errors, missing templates and write errors.
    pub diagnostics: Diagnostics,
    /// How many were rendered (the others were unchanged and taken from the cache).
    pub rendered: usize,
}

/// Renders every page of `site` with `theme`. `inject` is added before `</body>` (live reload).
/// A page whose fingerprint matches `cache` is reused. Each page goes to `sink` as soon as it
/// is rendered, so with a staging folder only one page per thread is in memory at a time.
pub fn render_pages<S: Send>(
    site: &Site,
    theme: &Theme,
    inject: Option<&str>,
    cache: &mut PageCache,
    sink: PageSink<'_, S>,
) -> RenderedPages<S> {
    let contexts = Contexts::new(site);
    let config = &site.config;
    // Fingerprints only serve the page cache: a one-off build neither reads nor fills it.
    let fingerprints = sink.cache || !cache.entries.is_empty();
    let base_version = fingerprints.then(|| {
        let site_context = contexts.site();
        let therapies_context = contexts.therapies();
        let mut hasher = HashWriter::default();
        let _ = serde_json::to_writer(
            &mut hasher,
            &(&site_context, &therapies_context, &config.site),
        );
        (
            hasher.0.finish(),
            theme.version,
            inject,
            site.markdown_environment,
        )
            .hash(&mut hasher.0);
        hasher.0.finish()
    });
    let mut jobs = site.pages();
    let mut diagnostics = Diagnostics::new();
    jobs.retain(|job| {
        if theme.has_template(&job.template) {
            return true;
        }
        if matches!(job.kind, PageRef::Search) {
            // A theme without a search page simply has none.
            return false;
        }
        diagnostics.push(Diagnostic::error(
            job.template_location(),
            Problem::MissingTemplate {
                name: job.template.clone(),
                searched: vec![
                    PathBuf::from("templates"),
                    PathBuf::from("themes")
                        .join(&config.site.theme)
                        .join("templates"),
                ],
            },
        ));
        false
    });
    let summaries: Vec<u64> = site.articles.iter().map(|a| a.summary_version).collect();
    let previous = &cache.entries;
    let results: Vec<(u64, Result<SunkPage<S>, Diagnostic>)> = jobs
        .par_iter()
        .map(|job| {
            let fingerprint =
                base_version.map_or(0, |base| fingerprint(job, site, &summaries, base));
            let path = output_file(&job.path);
            let html = match previous.get(&path) {
                Some((seen, bytes)) if *seen == fingerprint => Ok(Html::Cached(Arc::clone(bytes))),
                _ => render_job(job, &contexts, theme, inject).map(Html::Fresh),
            };
            (
                fingerprint,
                html.and_then(|html| sink_page(path, html, sink)),
            )
        })
        .collect();
    let mut pages = RenderedPages {
        files: Vec::new(),
        scanned: Vec::new(),
        diagnostics: Diagnostics::new(),
        rendered: 0,
    };
    pages.files.reserve(results.len());
    for (fingerprint, result) in results {
        let page = match result {
            Ok(page) => page,
            Err(d) => {
                pages.diagnostics.push(d);
                continue;
            }
        };
        pages.rendered += usize::from(page.fresh);
        pages.scanned.extend(page.scanned);
        if page.fresh
            && sink.cache
            && let Some(bytes) = &page.kept
        {
            cache
                .entries
                .insert(page.path.clone(), (fingerprint, Arc::clone(bytes)));
        }
        let content = match page.kept {
            Some(bytes) if sink.staging.is_none() => OutputContent::Bytes(bytes),
            _ => OutputContent::Staged,
        };
        pages.files.push(OutputFile {
            path: page.path,
            content,
        });
    }
    let files = &pages.files;
    if cache.entries.len() > files.len() {
        // Pages are gone: forget them.
        let current: std::collections::HashSet<&str> =
            files.iter().map(|f| f.path.as_str()).collect();
        cache
            .entries
            .retain(|path, _| current.contains(path.as_str()));
    }
    diagnostics.extend(std::mem::take(&mut pages.diagnostics));
    pages.diagnostics = diagnostics;
    pages
}

/// A page's HTML: just rendered, or taken from the page cache.
enum Html {
    Fresh(String),
    Cached(Arc<[u8]>),
}

/// A page after [`sink_page`].
struct SunkPage<S> {
    path: String,
    /// Whether it was rendered now (not taken from the cache).
    fresh: bool,
    /// Its bytes, unless they were written to the staging folder and nothing else needs them.
    kept: Option<Arc<[u8]>>,
    scanned: Option<S>,
}

/// Scans and writes one page as `sink` asks, keeping its bytes only when something still needs
/// them: a build without staging folder (`serve`, `check`), or the page cache.
fn sink_page<S>(
    path: String,
    html: Html,
    sink: PageSink<'_, S>,
) -> Result<SunkPage<S>, Diagnostic> {
    let bytes = match &html {
        Html::Fresh(text) => text.as_bytes(),
        Html::Cached(bytes) => bytes,
    };
    let scanned = sink.scan.map(|scan| scan(&path, bytes));
    if let Some(index) = sink.index {
        index.add(&path, bytes);
    }
    if let Some(staging) = sink.staging {
        staging.write(&path, bytes)?;
    }
    let fresh = matches!(html, Html::Fresh(_));
    let keep = sink.staging.is_none() || (sink.cache && fresh);
    let kept = keep.then(|| match html {
        Html::Fresh(text) => Arc::from(text.into_bytes()),
        Html::Cached(bytes) => bytes,
    });
    Ok(SunkPage {
        path,
        fresh,
        kept,
        scanned,
    })
}

/// Rendered pages kept between builds (by `serve`), keyed by output path and checked by a
/// fingerprint of everything the page's context is made of.
#[derive(Debug, Default)]
pub struct PageCache {
    entries: HashMap<String, (u64, Arc<[u8]>)>,
}

/// Feeds serialized JSON into a hasher.
#[derive(Default)]
struct HashWriter(std::collections::hash_map::DefaultHasher);

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
fn fingerprint(job: &Page<'_>, site: &Site, summaries: &[u64], base: u64) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
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
            therapy.related.hash(&mut hasher);
            for &condition in &therapy.paired {
                site.conditions[condition].doc.version.hash(&mut hasher);
            }
            for &article in &therapy.articles {
                summaries[article].hash(&mut hasher);
            }
        }
        PageRef::Condition(condition) => {
            condition.doc.version.hash(&mut hasher);
            for &therapy in &condition.paired {
                site.therapies[therapy].doc.version.hash(&mut hasher);
            }
            for &article in &condition.articles {
                summaries[article].hash(&mut hasher);
            }
        }
        PageRef::Section(section) => {
            section.doc.as_ref().map(|d| d.version).hash(&mut hasher);
            for &article in &section.articles {
                summaries[article].hash(&mut hasher);
            }
            if section.kind == crate::load::config::PageKind::Home {
                for (article, summary) in site.articles.iter().zip(summaries) {
                    (article.doc.front.date.is_some(), summary).hash(&mut hasher);
                }
            }
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
            (&author.written, &author.reviewed).hash(&mut hasher);
            for &article in author.written.iter().chain(&author.reviewed) {
                summaries[article].hash(&mut hasher);
            }
        }
        PageRef::NotFound | PageRef::Search => {}
    }
    hasher.finish()
}

fn render_job(
    job: &Page<'_>,
    contexts: &Contexts<'_>,
    theme: &Theme,
    inject: Option<&str>,
) -> Result<String, Diagnostic> {
    let mut context = Context::new();
    let (inline_cta, rendered) = match &job.kind {
        PageRef::Article(a) => (a.cta.as_ref(), Some(&a.rendered)),
        PageRef::Therapy(t) => (t.cta.as_ref(), Some(&t.rendered)),
        PageRef::Condition(c) => (c.cta.as_ref(), Some(&c.rendered)),
        PageRef::Section(s) => (s.cta.as_ref(), Some(&s.rendered)),
        PageRef::Author(_) | PageRef::NotFound | PageRef::Search => (None, None),
    };
    let content = rendered.map_or("", |r| r.html.as_str());
    let content = if rendered.is_some_and(|r| r.inline_cta) {
        let block = match inline_cta {
            Some(cta) => theme.render_cta(&CtaContext::new(cta), job.source)?,
            None => String::new(),
        };
        Value::from(
            content
                .replacen(CTA_PLACEHOLDER, &block, 1)
                .replace(CTA_PLACEHOLDER, ""),
        )
    } else {
        Value::from(content)
    };
    match &job.kind {
        PageRef::Article(a) => context.insert("page", &contexts.article(a, content)),
        PageRef::Therapy(t) => context.insert("page", &contexts.therapy(t, content)),
        PageRef::Condition(c) => context.insert("page", &contexts.condition(c, content)),
        PageRef::Section(s) => context.insert("section", &contexts.section(s, content)),
        PageRef::Author(a) => context.insert("page", &contexts.author(a)),
        PageRef::NotFound | PageRef::Search => {}
    }
    context.insert("page_kind", job.kind_name());
    context.insert("page_title", &job.title);
    context.insert("page_description", &job.description);
    context.insert("current_path", &contexts.url(&job.path));
    context.insert("current_url", &contexts.permalink(&job.path));
    // The search box links to the search page, which exists with the `search` feature only.
    let search = (cfg!(feature = "search")
        && theme.has_template(crate::link::pages::SEARCH_TEMPLATE))
    .then(|| contexts.url(crate::link::pages::SEARCH_PATH));
    context.insert("search_path", &search);
    let breadcrumbs: Vec<Link> = if matches!(job.kind, PageRef::NotFound) {
        Vec::new()
    } else {
        contexts.breadcrumbs(&job.path, &job.title)
    };
    context.insert("breadcrumbs", &breadcrumbs);
    context.insert(
        "jsonld",
        &jsonld::for_page(job, contexts.linked_site(), &breadcrumbs),
    );
    let mut html = theme.render(&job.template, &context, job.source)?;
    if let Some(snippet) = inject {
        match html.rfind("</body>") {
            Some(at) => html.insert_str(at, snippet),
            None => html.push_str(snippet),
        }
    }
    Ok(html)
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
