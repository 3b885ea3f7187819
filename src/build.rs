//! The build pipeline, stage by stage: load → link → render Markdown → render pages → collect
//! static files → check links. `build`, `check` and `serve` all run this one function.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use rayon::iter::{IntoParallelIterator, ParallelIterator};
use rayon::slice::ParallelSliceMut;

use crate::check::{self, LinkCheck};
use crate::diagnostics::Diagnostics;
use crate::link::{self, Site};
use crate::load::assets::StaticFiles;
use crate::load::config::{self, Config};
use crate::load::content;
use crate::output::{OutputContent, OutputFile, Staging};
use crate::render::{self, Theme};

/// What a build is asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site root (the folder with site.toml).
    pub root: PathBuf,
    /// Overrides site.toml's `output_dir`.
    pub output_dir: Option<PathBuf>,
    /// Overrides site.toml's `base_url`.
    pub base_url: Option<String>,
    /// Includes drafts.
    pub drafts: bool,
    /// HTML added before `</body>` of every page (the live-reload script in `serve`).
    pub inject: Option<String>,
    /// Whether broken internal links fail the build, warn, or are not checked.
    pub link_check: LinkCheck,
    /// The day medical reviews are dated against, and whether review problems are errors.
    pub review: crate::link::review::ReviewCheck,
}

/// A successful build, not yet written anywhere.
#[derive(Debug)]
pub struct Built {
    /// The site that was rendered (shared with the builder that keeps it for the next run).
    pub site: Arc<Site>,
    /// Every output file, sorted by path.
    pub files: Vec<OutputFile>,
    /// Warnings.
    pub warnings: Diagnostics,
    /// How many HTML pages.
    pub pages: usize,
    /// How many of them were rendered (the others were unchanged and taken from the cache).
    pub rendered: usize,
    /// How many internal links were checked (0 when links are not checked).
    pub links_checked: usize,
    /// How many resized image copies were encoded (0 when all were in the image cache).
    pub images_encoded: usize,
}

/// Runs every stage; returns the output files or every error found.
pub fn build(options: &BuildOptions) -> Result<Built, Diagnostics> {
    Builder::new(options.clone()).build()
}

/// The build pipeline with caches kept between runs: `serve` and `build --watch` hold one and
/// call [`Builder::build`] after every change. Each stage is the same as in a one-off build;
/// the caches only let a stage skip work whose inputs have not changed (an unchanged file is
/// not parsed, an unchanged body not rendered, a page whose context is unchanged not
/// re-rendered), so the result always equals a fresh build.
#[derive(Debug, Default)]
pub struct Builder {
    options: BuildOptions,
    load: content::LoadCache,
    markdown: crate::link::MarkdownCache,
    /// The page cache of each language, the default's first.
    pages: Vec<render::PageCache<check::ScannedPage>>,
    /// Whether to keep the linked site between builds (only a long-lived builder gains).
    keep_linked: bool,
    /// The last good site, its configuration as JSON, and the warnings of its link stage:
    /// when only bodies changed since, linking is skipped (see [`Site::with_new_bodies`]).
    linked: Option<(Arc<Site>, String, Diagnostics)>,
    /// The static files and compiled theme (one per language) of the last build, with the
    /// warnings of collecting them: reused while only content bodies change.
    presentation: Option<(Arc<StaticFiles>, Vec<Arc<Theme>>, Diagnostics)>,
    /// The last sitemap.xml (and its numbered parts on a big site), reused while the linked
    /// site is.
    sitemap: Option<Vec<OutputFile>>,
    /// The last Atom feeds, with what they were made from besides the linked site
    /// ([`feed_inputs`]): reused while the linked site and those are the same.
    feeds: Option<(Vec<u64>, Vec<OutputFile>)>,
    /// The last search index, reused while no page's record changes.
    search: render::search::SearchCache,
    /// What each page's links came to in the last link check, reused for a page whose scan
    /// is unchanged while the site's files and ids are.
    links: check::LinkCache,
    /// Each unchanged article's review problems.
    review: crate::link::review::ReviewCache,
    /// The related articles of the last links, reused by a relinked site whose articles name
    /// the same topics in the same order.
    related: crate::link::related::RelatedMemo,
}

impl Builder {
    /// A builder with empty caches, for one build.
    pub fn new(options: BuildOptions) -> Builder {
        Builder {
            options,
            ..Builder::default()
        }
    }

    /// A builder that keeps what it can between builds (`serve`, `build --watch`).
    pub fn long_lived(options: BuildOptions) -> Builder {
        Builder {
            options,
            keep_linked: true,
            ..Builder::default()
        }
    }

    /// What this builder builds.
    pub fn options(&self) -> &BuildOptions {
        &self.options
    }

    /// Runs every stage; returns the output files or every error found.
    pub fn build(&mut self) -> Result<Built, Diagnostics> {
        self.build_changed(None)
    }

    /// [`Builder::build`] after the watcher reported `changed` paths: edits to files already
    /// known are re-read without walking content/ again.
    pub fn build_changed(&mut self, changed: Option<&[PathBuf]>) -> Result<Built, Diagnostics> {
        self.run(changed, false)
    }

    /// [`Builder::build_changed`], writing the site into its output folder: each page is
    /// written into the staging folder as it is rendered, and the staging folder replaces the
    /// output folder once the whole build (link check included) has succeeded.
    pub fn build_and_write(&mut self, changed: Option<&[PathBuf]>) -> Result<Built, Diagnostics> {
        self.run(changed, true)
    }

    fn run(&mut self, changed: Option<&[PathBuf]>, write: bool) -> Result<Built, Diagnostics> {
        let options = &self.options;
        let mut timer = StageTimer::from_env();
        // Reading site.toml validates the clinic's phone number, which builds the phone
        // metadata of its calling code (about 100 million instructions for the 25 regions of
        // +1, src/load/phone.rs): read the content on the other threads meanwhile.
        let load = &mut self.load;
        let (config, (content, mut diagnostics)) = rayon::join(
            || config::load(&options.root, options.base_url.as_deref()),
            || content::load_cached(&options.root, options.drafts, load, changed),
        );
        if !self.keep_linked {
            // A one-off build reads each file once: without the load cache's copies, the
            // link stage holds the only reference to each document (translations are then
            // renamed in place, not copied).
            self.load = content::LoadCache::default();
        }
        let mut config = config?;
        if let Some(output_dir) = &options.output_dir {
            config.site.output_dir = output_dir.clone();
        }
        if write {
            crate::output::clean_leftovers(&options.root, &config.site.output_dir);
        }
        timer.lap("load");
        let config_json =
            serde_json::to_string(&(&config.site, &config.base_url)).unwrap_or_default();
        let reusable = self
            .linked
            .take()
            .filter(|(_, json, _)| *json == config_json && !diagnostics.has_errors())
            .and_then(|(previous, _, warnings)| {
                // Patch the previous site in place when nobody else holds it.
                let previous = Arc::try_unwrap(previous).unwrap_or_else(|shared| (*shared).clone());
                Some((previous.with_new_bodies(&content)?, warnings))
            });
        let relinked = reusable.is_none();
        let (mut site, link_diagnostics) = match reusable {
            Some((mut site, warnings)) => {
                site.config = config;
                (site, warnings)
            }
            None => {
                let mut link_diagnostics = Diagnostics::new();
                let site = match self.keep_linked {
                    true => link::link_with(config, content, &mut link_diagnostics, &self.related),
                    false => link::link(config, content, &mut link_diagnostics),
                };
                (site, link_diagnostics)
            }
        };
        diagnostics.extend(link_diagnostics.clone());
        // A site that did not load or link whole cannot be rendered without false alarms
        // (links to the pages that failed); broken `@/` links and review errors can, so one
        // run reports them together with the template and link-check errors.
        let loaded_whole = !diagnostics.has_errors();
        for language in site.all_languages() {
            let cache = self.keep_linked.then_some(&mut self.review);
            diagnostics.extend(crate::link::review::check_kept(
                language,
                options.review,
                cache,
            ));
        }
        self.review.finish();
        diagnostics.extend(crate::link::stale::stale_translations(
            &site,
            options.review.strict,
        ));
        timer.lap("link");
        // What bodies may use besides links, per language (images, shortcodes, callout text).
        // A theme that cannot be found is reported when it is loaded below.
        let theme_source = crate::load::theme::ThemeSource::of(&site.config)
            .unwrap_or(crate::load::theme::ThemeSource::BuiltIn);
        let string_files =
            crate::load::theme::string_files(&site.config, &theme_source, &mut Diagnostics::new());
        let callout_words =
            |language: &Site| render::strings::callout_words(language, &string_files);
        let features = site.markdown_features(&theme_source, &callout_words);
        site.render_markdown(&mut diagnostics, &mut self.markdown, relinked, &features);
        let images_encoded: usize = features.iter().map(|f| f.images.encoded()).sum();
        for language in site.all_languages() {
            diagnostics.extend(crate::link::readability::check(
                language,
                options.review.strict,
            ));
        }
        timer.lap("markdown");
        if !loaded_whole {
            diagnostics.sort();
            return Err(diagnostics);
        }
        let write = write && !diagnostics.has_errors();
        // Templates and static files cannot have changed when every change was to a content
        // body; the theme's functions only know URLs and therapy summaries, which neither can
        // a body edit.
        let content_dir = options.root.join(content::CONTENT_DIR);
        let only_bodies = !relinked
            && changed.is_some_and(|paths| paths.iter().all(|p| p.starts_with(&content_dir)));
        let (statics, themes) = match self.presentation.take() {
            Some((statics, themes, warnings)) if only_bodies => {
                diagnostics.extend(warnings.clone());
                self.presentation = Some((Arc::clone(&statics), themes.clone(), warnings));
                (statics, themes)
            }
            _ => {
                let mut warnings = Diagnostics::new();
                let source = crate::load::theme::ThemeSource::of(&site.config)?;
                let files = crate::load::theme::static_files(&site.config, &source, &mut warnings);
                let statics = Arc::new(StaticFiles::collect(
                    &site.config.root,
                    files,
                    &mut warnings,
                ));
                let mut themes = Vec::new();
                // One theme per language, each compiling the templates: side by side.
                let loaded: Vec<_> = site
                    .all_languages()
                    .into_par_iter()
                    .map(|language| Theme::load(language, &source, &statics))
                    .collect();
                for theme in loaded {
                    match theme {
                        Ok(theme) => {
                            warnings.extend(theme.warnings.clone());
                            themes.push(Arc::new(theme));
                        }
                        Err(errors) => {
                            diagnostics.extend(errors);
                            diagnostics.sort();
                            return Err(diagnostics);
                        }
                    }
                }
                diagnostics.extend(warnings.clone());
                if self.keep_linked {
                    self.presentation = Some((Arc::clone(&statics), themes.clone(), warnings));
                }
                (statics, themes)
            }
        };
        let theme = &themes[0];
        timer.lap("theme");
        // Dropped unfinished on any error below, the staging folder is removed.
        let staging = if write {
            // Relative to the root, as `Staging` joins it.
            Some(Staging::begin(
                &site.config.root,
                &site.config.site.output_dir,
            )?)
        } else {
            None
        };
        let sink = render::PageSink {
            staging: staging.as_ref(),
            scan: (options.link_check != LinkCheck::Skip).then_some(check::scan_page as _),
            cache: self.keep_linked,
        };
        let languages = site.all_languages();
        self.pages
            .resize_with(languages.len(), render::PageCache::default);
        let mut files = Vec::new();
        let mut scanned = Vec::new();
        let mut rendered = 0;
        let mut render_failed = false;
        let search_cache = self.keep_linked.then_some(&mut self.search);
        // The search index is made from the page model, not the rendered pages: beside them.
        let (search, ()) = rayon::join(
            || render::search::index_site(&site, search_cache),
            || {
                let caches = &mut self.pages;
                for ((language, theme), cache) in languages.iter().zip(&themes).zip(caches) {
                    let rendered_pages = render::render_pages(
                        language,
                        theme,
                        options.inject.as_deref(),
                        cache,
                        sink,
                    );
                    // Pages that failed to render would show up as broken links: stop before
                    // the check.
                    render_failed |= rendered_pages.diagnostics.has_errors();
                    diagnostics.extend(rendered_pages.diagnostics);
                    files.extend(rendered_pages.files);
                    scanned.extend(rendered_pages.scanned);
                    rendered += rendered_pages.rendered;
                }
            },
        );
        let search_files = match search {
            Some(Ok(index)) => {
                diagnostics.extend(index.warnings);
                index.files
            }
            Some(Err(error)) => {
                diagnostics.push(error);
                Vec::new()
            }
            None => Vec::new(),
        };
        timer.lap("render");
        if render_failed {
            diagnostics.sort();
            return Err(diagnostics);
        }
        let pages = files.len();
        files.extend(search_files);
        // The sitemap only changes with URLs and dates: with the same linked site, reuse it.
        let sitemap = match self.sitemap.take() {
            Some(sitemap) if !relinked => sitemap,
            _ => render::sitemap::sitemap(&site),
        };
        if self.keep_linked {
            self.sitemap = Some(sitemap.clone());
        }
        files.extend(sitemap);
        let errors_before = diagnostics.error_count();
        files.push(render::sitemap::robots(&site));
        let inputs = feed_inputs(&site, &themes);
        let feeds = match self.feeds.take() {
            Some((made_from, feeds)) if !relinked && made_from == inputs => feeds,
            _ => feeds(&site, &themes, &mut diagnostics),
        };
        if self.keep_linked && diagnostics.error_count() == errors_before {
            self.feeds = Some((inputs, feeds.clone()));
        }
        files.extend(feeds);
        if statics
            .source_of(crate::load::theme::brand::MANIFEST)
            .is_none()
        {
            files.push(crate::load::theme::brand::manifest(
                &site.config,
                &theme.brand,
            ));
        }
        if diagnostics.error_count() > errors_before {
            diagnostics.sort();
            return Err(diagnostics);
        }
        files.extend(redirects(&site));
        if sink.scan.is_some() {
            // The pages were scanned as they rendered; the redirect pages are scanned here.
            scanned.extend(
                files[pages..]
                    .iter()
                    .filter_map(|file| match &file.content {
                        OutputContent::Bytes(bytes) if file.path.ends_with(".html") => {
                            Some(check::scan_page(&file.path, bytes))
                        }
                        _ => None,
                    }),
            );
        }
        // The editing screen is not a page of the site: its script is checked on its own.
        let (admin, cms_warnings) =
            render::cms::admin_files(&site, &statics, &theme.template_names());
        files.extend(admin);
        diagnostics.extend(cms_warnings);
        files.extend(copied_files(&site, &statics));
        files.extend(
            themes
                .iter()
                .flat_map(|theme| theme.images.files())
                .map(|(path, folder)| OutputFile {
                    path,
                    content: OutputContent::Shared(folder),
                }),
        );
        // Stable: the first of each path wins.
        files.par_sort_by(|a, b| a.path.cmp(&b.path));
        files.dedup_by(|later, earlier| later.path == earlier.path);
        timer.lap("collect");
        let generated: rustc_hash::FxHashSet<&str> =
            files.iter().map(|f| f.path.as_str()).collect();
        let cache = self.keep_linked.then_some(&mut self.links);
        let links = check::check_scanned(
            &site,
            &generated,
            &scanned,
            || {
                (languages.iter().zip(&themes))
                    .flat_map(|(language, theme)| theme.page_origins(language))
                    .collect()
            },
            options.link_check,
            cache,
        );
        let links_problems = crate::check::hints::refine(
            links.problems,
            &diagnostics,
            &crate::check::hints::Known {
                site: &site,
                generated: &generated,
                templates: &theme.template_sources(),
                statics: &statics,
            },
        );
        diagnostics.extend(links_problems);
        diagnostics.sort();
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        timer.lap("check");
        if let Some(staging) = staging {
            staging.finish(&files)?;
            timer.lap("write");
        }
        let site = Arc::new(site);
        if self.keep_linked {
            self.linked = Some((Arc::clone(&site), config_json, link_diagnostics));
        }
        Ok(Built {
            site,
            files,
            warnings: diagnostics,
            pages,
            rendered,
            links_checked: links.links,
            images_encoded: images_encoded
                + themes.iter().map(|t| t.images.encoded()).sum::<usize>(),
        })
    }
}

/// Prints how long each stage took when `VERTEBRA_TIMINGS` is set (for profiling).
struct StageTimer {
    last: Option<Instant>,
}

impl StageTimer {
    fn from_env() -> StageTimer {
        StageTimer {
            last: std::env::var_os("VERTEBRA_TIMINGS").map(|_| Instant::now()),
        }
    }

    fn lap(&mut self, stage: &str) {
        if let Some(last) = self.last {
            eprintln!(
                "timing: {stage:<9} {:>7.1} ms",
                last.elapsed().as_secs_f64() * 1000.0
            );
            self.last = Some(Instant::now());
        }
    }
}

/// Content assets, the image cache's resized copies (in `processed_images/`, see
/// [`OutputContent::Shared`]) and static files (the site's winning over the theme's; CSS and
/// JS under hashed names), in that order of precedence: the caller sorts the build's files by
/// path, stably, and keeps the first of each path, so generated pages, which come first, win
/// over all of these, and an asset over a static file of the same path.
fn copied_files(site: &Site, statics: &StaticFiles) -> Vec<OutputFile> {
    let languages = site.all_languages();
    // The last language's asset wins, as it always has (the same file in practice).
    let assets = languages.iter().rev().flat_map(|l| &l.assets);
    let mut files: Vec<OutputFile> = assets
        .map(|asset| OutputFile {
            path: asset.output.clone(),
            content: OutputContent::Copy(asset.source.clone(), asset.stamp),
        })
        .collect();
    // Named by content: the same path is the same file, whichever body asked for it.
    let copies = languages.iter().flat_map(|language| language.media_files());
    files.extend(copies.map(|(output, folder)| OutputFile {
        path: output.clone(),
        content: OutputContent::Shared(Arc::clone(folder)),
    }));
    // One file a path already (the site's chosen over the theme's).
    files.extend(statics.output_files());
    files
}

/// The Atom feed of each language that has one.
fn feeds(site: &Site, themes: &[Arc<Theme>], diagnostics: &mut Diagnostics) -> Vec<OutputFile> {
    let mut files = Vec::new();
    for (language, theme) in site.all_languages().into_iter().zip(themes) {
        match render::feed::atom(language, theme) {
            Ok(Some(file)) => files.push(file),
            Ok(None) => {}
            Err(problem) => diagnostics.push(problem),
        }
    }
    files
}

/// What the Atom feeds are made from besides what only a relinked site changes (URLs,
/// titles, dates, authors): each language's theme and Markdown environment, and the document
/// of each article in its feed (a new one for an edited body).
fn feed_inputs(site: &Site, themes: &[Arc<Theme>]) -> Vec<u64> {
    let mut inputs = Vec::new();
    for (language, theme) in site.all_languages().into_iter().zip(themes) {
        inputs.extend([theme.version, language.markdown_environment]);
        inputs.extend(render::feed::feed_articles(language).map(|a| a.doc.version));
    }
    inputs
}

/// A redirect page for every alias.
fn redirects(site: &Site) -> Vec<OutputFile> {
    let languages = site.all_languages();
    let aliases = languages
        .iter()
        .flat_map(|language| language.aliases.iter().map(move |a| (&language.config, a)));
    aliases
        .map(|(config, alias)| {
            let url = config.url(&alias.target);
            let permalink = config.permalink(&alias.target);
            let url = crate::render::escape_html(&url);
            let permalink = crate::render::escape_html(&permalink);
            let html = format!(
                "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Moved</title>\n<link rel=\"canonical\" href=\"{permalink}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{url}\">{permalink}</a>.</p>\n</body>\n</html>\n",
                lang = crate::render::escape_html(&config.site.language),
            );
            OutputFile::bytes(render::output_file(&alias.path), html)
        })
        .collect()
}

/// Builds with `builder` (whose caches may live on, as in `build --watch`) and writes the site
/// into its output folder. Returns the build, how long it took and the output folder.
pub fn build_and_write_with(
    builder: &mut Builder,
    changed: Option<&[PathBuf]>,
) -> Result<(Built, std::time::Duration, PathBuf), Diagnostics> {
    let started = Instant::now();
    let built = builder.build_and_write(changed)?;
    let output_dir = output_dir(&built.site.config);
    Ok((built, started.elapsed(), output_dir))
}

/// The output folder of a configuration.
pub fn output_dir(config: &Config) -> PathBuf {
    config.output_dir()
}
