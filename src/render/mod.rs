//! Rendering pages through Tera 2 themes.
//!
//! [`Theme::load`] reads the theme's templates (built in, or `themes/<theme>/templates/`; see
//! [`crate::load::theme`]) and then the site's own `templates/` (which override theme templates of
//! the same name), registers Vertebra's functions and
//! filters, and compiles everything. [`render_pages`] renders every page in parallel into
//! [`OutputFile`]s. Template errors name the template file, its line, and the page.
//! [`sitemap`] and [`feed`] write the XML files (and robots.txt) that are not pages.

mod cache;
pub mod cms;
pub mod context;
pub mod feed;
mod helpers;
pub mod hours;
pub mod image_fn;
pub mod jsonld;
pub mod listing;
mod origins;
pub mod search;
mod shortcodes;
pub mod sitemap;
pub mod strings;
pub mod template_errors;

pub use crate::markdown::escape_html;
pub use origins::{MarkdownBody, PageOrigin};

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use tera::{Context, Kwargs, State, Tera, TeraResult, Value};

use crate::diagnostics::{Diagnostic, Diagnostics, Problem, display_path};
use crate::link::{Page, PageRef, Site};
use crate::load::assets::StaticFiles;
use crate::load::theme::ThemeSource;
use crate::markdown::CTA_PLACEHOLDER;
use crate::output::{OutputContent, OutputFile, Staging};
use context::{Contexts, CtaContext, Link};

pub use cache::PageCache;
use cache::{HashWriter, fingerprint};
use helpers::register_helpers;

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
    /// The `theme` variable: accent, logo, favicon, manifest.
    pub brand: crate::load::theme::brand::ThemeContext,
    /// The template folders, as shown in messages: the theme's, then the site's.
    pub templates_searched: Vec<PathBuf>,
    /// Warnings of loading it: theme strings the page language lacks.
    pub warnings: Diagnostics,
    /// The theme's strings in the site's language.
    pub strings: Arc<strings::Strings>,
    /// What the `image` function measured and resized.
    pub images: Arc<image_fn::TemplateImages>,
}

impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Theme")
            .field("templates", &self.sources.len())
            .finish()
    }
}

impl Theme {
    /// Loads and compiles the theme `source` for `site`, with the site's own templates.
    /// `statics` gives `asset_url` the hashed names of CSS and JS files.
    pub fn load(
        site: &Site,
        source: &ThemeSource,
        statics: &StaticFiles,
    ) -> Result<Theme, Diagnostics> {
        let config = &site.config;
        let root = &config.root;
        let searched = vec![
            source.templates_display(root),
            display_path(root, &root.join("templates")),
        ];
        let mut diagnostics = Diagnostics::new();
        let mut sources: HashMap<String, (PathBuf, String)> = HashMap::new();
        for file in crate::load::theme::template_files(config, source, &mut diagnostics) {
            match file.source.read() {
                Ok(bytes) => match crate::load::content::decode_text(&file.display, &bytes) {
                    Ok(text) => {
                        sources.insert(file.name, (file.display, text));
                    }
                    Err(d) => diagnostics.push(d),
                },
                Err(e) => {
                    diagnostics.push(Diagnostic::io(root, &file.display, "read the template", &e))
                }
            }
        }
        for name in REQUIRED_TEMPLATES {
            if !sources.contains_key(name) {
                diagnostics.push(Diagnostic::global(Problem::MissingTemplate {
                    name: name.to_string(),
                    searched: searched.clone(),
                }));
            }
        }
        let brand = crate::load::theme::brand::context(config, statics);
        let brand = match brand {
            Ok(brand) if !diagnostics.has_errors() => brand,
            Ok(_) => return Err(diagnostics),
            Err(problems) => {
                diagnostics.extend(problems);
                return Err(diagnostics);
            }
        };
        let string_files = crate::load::theme::string_files(config, source, &mut diagnostics);
        let mut warnings = Diagnostics::new();
        let strings = match strings::Strings::load(site, &string_files, &mut warnings) {
            Ok(strings) => Arc::new(strings),
            Err(errors) => {
                diagnostics.extend(errors);
                return Err(diagnostics);
            }
        };
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        register_helpers(&mut tera, site, statics, Arc::clone(&strings));
        let images = crate::load::media::Images::new(config, &site.assets, source);
        let images = image_fn::register(&mut tera, images);
        // What every page gets, set once rather than copied into each page's context.
        let contexts = Contexts::new(site, &strings);
        tera.global_context().insert("site", &contexts.site());
        tera.global_context()
            .insert("therapies", &contexts.therapies());
        tera.global_context().insert("theme", &brand);
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
            for file in &string_files {
                (&file.name, file.source.read().ok()).hash(&mut hasher);
            }
            // The logo's and favicon's sizes come from their files, not from site.toml.
            serde_json::to_string(&brand)
                .unwrap_or_default()
                .hash(&mut hasher);
            hasher.finish()
        };
        let theme = Theme {
            tera,
            version,
            sources,
            brand,
            templates_searched: searched,
            warnings,
            strings,
            images,
        };
        if let Err(error) = result {
            let mut errors = Diagnostics::new();
            errors.extend(template_errors::diagnose(&error, &theme.sources, None));
            return Err(errors);
        }
        if !theme.tera.contains_component(CTA_COMPONENT) {
            return Err(Diagnostic::global(Problem::MissingTemplate {
                name: format!("component `{CTA_COMPONENT}` (define it with {{% component {CTA_COMPONENT}(...) %}})"),
                searched: theme.templates_searched.clone(),
            })
            .into());
        }
        Ok(theme)
    }

    /// Every template's file as it was loaded (a site override in templates/, or the theme's)
    /// and its source, sorted by file: to find which one wrote a link.
    pub fn template_sources(&self) -> Vec<(&Path, &str)> {
        let mut sources: Vec<(&Path, &str)> = self
            .sources
            .values()
            .map(|(file, source)| (file.as_path(), source.as_str()))
            .collect();
        sources.sort_unstable();
        sources
    }

    /// The names of its templates (`article.html`, `partials/cta.html`), sorted.
    pub fn template_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.sources.keys().map(String::as_str).collect();
        names.sort_unstable();
        names
    }

    /// Whether a template exists.
    pub fn has_template(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// Turns a Tera error into a diagnostic at the template's file and line (see
    /// [`template_errors`]).
    fn template_error(&self, error: &tera::Error, page: Option<&Path>) -> Diagnostic {
        let mut all = template_errors::diagnose(error, &self.sources, page).into_iter();
        all.next().unwrap_or_else(|| {
            Diagnostic::global(Problem::Template {
                message: error.to_string(),
                page: page.map(|p| p.display().to_string()),
                other_pages: 0,
            })
        })
    }

    fn render(&self, template: &str, context: &Context, page: &Path) -> Result<String, Diagnostic> {
        self.tera
            .render(template, context)
            .map_err(|e| self.template_error(&e, Some(page)))
    }

    /// A whole page as bytes: Tera writes UTF-8, and a page is written and scanned as bytes,
    /// so it is not validated again as a `String` would be (1.2% of a bilingual site's
    /// build, accented text being off the ASCII fast path).
    fn render_page(
        &self,
        template: &str,
        context: &Context,
        page: &Path,
    ) -> Result<Vec<u8>, Diagnostic> {
        let mut html = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(template, context, &mut html)
            .map_err(|e| self.template_error(&e, Some(page)))?;
        Ok(html)
    }

    fn render_cta(&self, cta: &CtaContext<'_>, page: &Path) -> Result<String, Diagnostic> {
        let context =
            Context::from_serialize(cta).map_err(|e| self.template_error(&e, Some(page)))?;
        self.tera
            .render_component(CTA_COMPONENT, &context, None, true)
            .map_err(|e| self.template_error(&e, Some(page)))
    }
}

/// The output file of a site path: `/articles/x/` → `articles/x/index.html`, `/404.html` →
/// `404.html`.
pub fn output_file(site_path: &str) -> String {
    let path = site_path.trim_start_matches('/');
    if path.ends_with(".html") {
        path.to_string()
    } else {
        // Not `format!`: every page of every build and rebuild comes here.
        let mut file = String::with_capacity(path.len() + "index.html".len());
        file.push_str(path);
        file.push_str("index.html");
        file
    }
}

/// What happens to each page as soon as it is rendered. `S` is what a scan of a page gives
/// (the link checker's `ScannedPage`): the checker hands its scanner down, so rendering does
/// not depend on checking.
#[derive(Debug)]
pub struct PageSink<'a, S> {
    /// Write it into this staging folder (and keep no copy, unless `cache`).
    pub staging: Option<&'a Staging>,
    /// Scan it with this function (output path, bytes), for the link checker.
    pub scan: Option<fn(&str, &[u8]) -> S>,
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
pub fn render_pages<S: Clone + Send + Sync>(
    site: &Site,
    theme: &Theme,
    inject: Option<&str>,
    cache: &mut PageCache<S>,
    sink: PageSink<'_, S>,
) -> RenderedPages<S> {
    let contexts = Contexts::new(site, &theme.strings);
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
            site.languages.version(),
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
        diagnostics.push(Diagnostic::error(
            job.template_location(),
            Problem::MissingTemplate {
                name: job.template.to_string(),
                searched: theme.templates_searched.iter().rev().cloned().collect(),
            },
        ));
        false
    });
    let summaries: Vec<u64> = site.articles.iter().map(|a| a.summary_version).collect();
    let previous = cache.previous();
    let results: Vec<(u64, Result<SunkPage<S>, Diagnostic>)> = jobs
        .par_iter()
        .enumerate()
        .map(|(index, job)| {
            let fingerprint = base_version.map(|base| fingerprint(job, site, &summaries, base));
            let path = output_file(&job.path);
            let html = match fingerprint.and_then(|f| previous.get(index, f)) {
                Some((_, bytes, scanned)) => Ok(Html::Cached(Arc::clone(bytes), scanned.clone())),
                None => render_job(job, &contexts, theme, inject).map(Html::Fresh),
            };
            let fingerprint = fingerprint.unwrap_or_default();
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
    let mut kept = Vec::new();
    for (fingerprint, result) in results {
        let page = match result {
            Ok(page) => page,
            Err(d) => {
                pages.diagnostics.push(d);
                continue;
            }
        };
        pages.rendered += usize::from(page.fresh);
        if sink.cache
            && let Some(bytes) = &page.kept
        {
            kept.push((fingerprint, Arc::clone(bytes), page.scanned.clone()));
        }
        pages.scanned.extend(page.scanned);
        let content = match page.kept {
            Some(bytes) if sink.staging.is_none() => OutputContent::Bytes(bytes),
            _ => OutputContent::Staged,
        };
        pages.files.push(OutputFile {
            path: page.path,
            content,
        });
    }
    if sink.cache {
        cache.entries = kept;
    }
    diagnostics.extend(std::mem::take(&mut pages.diagnostics));
    pages.diagnostics = template_errors::merge_repeated(diagnostics);
    pages
}

/// A page's HTML: just rendered, or taken from the page cache (with its links and ids when the
/// link check had scanned it, so an unchanged page is not scanned again).
enum Html<S> {
    Fresh(Vec<u8>),
    Cached(Arc<[u8]>, Option<S>),
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
fn sink_page<S: Clone>(
    path: String,
    html: Html<S>,
    sink: PageSink<'_, S>,
) -> Result<SunkPage<S>, Diagnostic> {
    let (bytes, cached_scan) = match &html {
        Html::Fresh(bytes) => (&bytes[..], None),
        Html::Cached(bytes, scanned) => (&bytes[..], scanned.as_ref()),
    };
    let scanned = sink
        .scan
        .map(|scan| cached_scan.cloned().unwrap_or_else(|| scan(&path, bytes)));
    if let Some(staging) = sink.staging {
        staging.write(&path, bytes)?;
    }
    let fresh = matches!(html, Html::Fresh(_));
    let keep = sink.staging.is_none() || sink.cache;
    let kept = keep.then(|| match html {
        Html::Fresh(bytes) => Arc::from(bytes),
        Html::Cached(bytes, _) => bytes,
    });
    Ok(SunkPage {
        path,
        fresh,
        kept,
        scanned,
    })
}

fn render_job(
    job: &Page<'_>,
    contexts: &Contexts<'_>,
    theme: &Theme,
    inject: Option<&str>,
) -> Result<Vec<u8>, Diagnostic> {
    let mut context = Context::new();
    let (inline_cta, rendered) = match &job.kind {
        PageRef::Article(a) => (a.cta.as_ref(), Some(&a.rendered)),
        PageRef::Therapy(t) => (t.cta.as_ref(), Some(&t.rendered)),
        PageRef::Condition(c) => (c.cta.as_ref(), Some(&c.rendered)),
        PageRef::Section(s) => (s.cta.as_ref(), Some(&s.rendered)),
        PageRef::Author(_) | PageRef::ArticleList(_) | PageRef::Search | PageRef::NotFound => {
            (None, None)
        }
    };
    let expanded = match rendered {
        Some(r) => shortcodes::expand(theme, &r.html, &r.shortcodes, inline_cta, job.source)?,
        None => std::borrow::Cow::Borrowed(""),
    };
    let content = expanded.as_ref();
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
    // The theme words the titles of full lists and of the 404 page.
    let worded;
    let job = match strings::page_title(job, &theme.strings) {
        (None, None) => job,
        (title, description) => {
            worded = Page {
                title: title.map_or_else(|| job.title.clone(), Cow::Owned),
                description: description.map_or_else(|| job.description.clone(), Cow::Owned),
                ..job.clone()
            };
            &worded
        }
    };
    let listed = listing::listed_articles(job, contexts.linked_site());
    let shown = &listed.articles;
    match &job.kind {
        PageRef::Article(a) => context.insert("page", &contexts.article(a, content)),
        PageRef::Therapy(t) => context.insert("page", &contexts.therapy(t, shown, content)),
        PageRef::Condition(c) => context.insert("page", &contexts.condition(c, shown, content)),
        PageRef::Section(s) => context.insert("section", &contexts.section(s, shown, content)),
        PageRef::Author(a) => {
            context.insert("page", &contexts.author(a, shown, listed.reviewed));
        }
        PageRef::ArticleList(l) => {
            context.insert("page", &contexts.article_list(l, job, shown));
        }
        PageRef::Search | PageRef::NotFound => {}
    }
    context.insert("paginator", &job.pager.map(|p| contexts.paginator(&p)));
    context.insert("page_kind", job.kind_name());
    context.insert("page_title", &job.title);
    context.insert("page_description", &job.description);
    context.insert("current_path", &contexts.url(&job.path));
    context.insert("current_url", &contexts.permalink(&job.path));
    let languages = contexts.page_languages(job);
    context.insert("translations", &languages.translations);
    context.insert("alternates", &languages.alternates);
    context.insert("x_default", &languages.x_default);
    let breadcrumbs: Vec<Link> = if matches!(job.kind, PageRef::NotFound) {
        Vec::new()
    } else {
        contexts.page_breadcrumbs(job)
    };
    context.insert("breadcrumbs", &breadcrumbs);
    context.insert(
        "jsonld",
        &jsonld::for_page(job, contexts.linked_site(), &breadcrumbs),
    );
    let mut html = theme.render_page(&job.template, &context, job.source)?;
    if let Some(snippet) = inject {
        let at = memchr::memmem::rfind(&html, b"</body>").unwrap_or(html.len());
        html.splice(at..at, snippet.bytes());
    }
    Ok(html)
}
