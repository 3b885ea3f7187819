//! The Markdown stage over the whole site: every body rendered (in parallel) in the link
//! environment the link stage made, `@/` links to anchors checked, and the renders kept in a
//! [`MarkdownCache`] between builds.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::{Budget, Diagnostics, Location, Position, Problem, Severity};
use crate::link::topics::{self, Topic, TopicFront};
use crate::link::urls::site_path;
use crate::link::{Article, Site};
use crate::load::media::SiteFeatures;
use crate::load::theme::ThemeSource;
use crate::markdown::callout::CalloutWords;
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
    /// The same for each other language, by code.
    translations: HashMap<String, MarkdownCache>,
}

/// A fingerprint of what an article shows when listed elsewhere (title, description, URL,
/// dates, summary, reading time), so that an edit below `<!-- more -->` re-renders the
/// article alone, not every listing it appears in.
pub(super) fn summary_version(article: &Article) -> u64 {
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
/// every `@/` link points, which names auto-link to which page, the auto-link setting and the
/// language prose is measured in.
fn environment_version(
    links: &LinkTargets,
    names: &[(String, Vec<String>)],
    auto_link: bool,
    language: &str,
) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    let mut paths: Vec<(&String, &String)> = links.paths.iter().collect();
    paths.sort();
    paths.hash(&mut hasher);
    links.base_path.hash(&mut hasher);
    auto_link.hash(&mut hasher);
    language.hash(&mut hasher);
    names.hash(&mut hasher);
    hasher.finish()
}

/// The render of a body for `key`: from the cache, or made now.
fn cached_or_render(
    entries: &HashMap<String, ((u64, u64), Arc<Rendered>)>,
    content_path: &str,
    key: (u64, u64),
    body: &str,
    options: &RenderOptions<'_>,
) -> Arc<Rendered> {
    match entries.get(content_path) {
        Some((seen, rendered)) if *seen == key => Arc::clone(rendered),
        _ => Arc::new(markdown::render(body, options)),
    }
}

/// One body to render: where it is, what it says, and the render it holds.
struct Body<'a> {
    content_path: &'a str,
    display: &'a PathBuf,
    text: &'a str,
    first_line: usize,
    rendered: &'a Rendered,
}

/// A body's fresh render, to keep in the cache: (content path, key, render).
type Fresh = (String, (u64, u64), Arc<Rendered>);

/// Renders one topic body: (content path, key, Markdown, auto-link entry of the page, its
/// `reading_level`).
type RenderTopic<'a> =
    dyn Fn(&str, (u64, u64), &str, usize, Option<bool>) -> Arc<Rendered> + Sync + 'a;

/// Renders the bodies of `topics` (auto-link entries `first..`) that do not hold the render
/// for the current document version and `environment` already.
fn render_topics<F: TopicFront + Send + Sync>(
    topics: &mut [Topic<F>],
    first: usize,
    environment: u64,
    render: &RenderTopic<'_>,
) -> Vec<Fresh> {
    topics
        .par_iter_mut()
        .enumerate()
        .filter_map(|(index, topic)| {
            let doc = Arc::clone(&topic.doc);
            let key = (doc.version, environment);
            if topic.rendered_for == key {
                return None;
            }
            let reading_level = doc.front.reading_level();
            let rendered = render(
                &doc.file.content_path,
                key,
                &doc.body,
                first + index,
                reading_level,
            );
            topic.rendered = Arc::clone(&rendered);
            topic.rendered_for = key;
            Some((doc.file.content_path.clone(), key, rendered))
        })
        .collect()
}

impl Site {
    /// Renders every body in parallel, then checks `@/` links to anchors.
    ///
    /// A body is rendered again only when its document or the link environment changed: an
    /// item keeps the render it already holds (a site patched by [`Site::with_new_bodies`]), or
    /// takes one from `cache`. `relinked` says whether URLs or topic names may have moved.
    /// `features` are each language's images, shortcodes and callout text, in the order of
    /// [`Site::all_languages`] (this site's first).
    pub fn render_markdown(
        &mut self,
        diagnostics: &mut Diagnostics,
        cache: &mut MarkdownCache,
        relinked: bool,
        features: &[SiteFeatures],
    ) {
        let Some((features, translated_features)) = features.split_first() else {
            return;
        };
        let site_auto_link = self.config.site.therapy_index.auto_link;
        // Every body is rendered again: what the image cache knows is read on the other core
        // while this one gets the links and the auto-linker ready. A rebuild after an edit
        // renders a few bodies, which look it up only if they show an image.
        let full = relinked || cache.links.is_none();
        let (version, ()) = rayon::join(
            || {
                if full {
                    let links = self.link_targets();
                    let names = self.auto_link_names();
                    cache.environment = environment_version(
                        &links,
                        &names,
                        site_auto_link,
                        &self.config.site.language,
                    );
                    cache.linker = if names.is_empty() {
                        None
                    } else {
                        AutoLinker::new(&names)
                    };
                    cache.links = Some(links);
                }
                features.version()
            },
            || {
                if full {
                    features.images.prepare();
                }
            },
        );
        let environment = cache.environment ^ version;
        self.markdown_environment = environment;
        let features = &markdown::Features {
            images: &features.images,
            shortcodes: &features.shortcodes,
            callouts: &features.callouts,
        };
        let empty = LinkTargets::default();
        let links = cache.links.as_ref().unwrap_or(&empty);
        let linker = cache.linker.as_ref();
        let language = self.config.site.language.as_str();
        // `reading_level = false` in front matter: the page is not measured.
        let options = |auto: bool, own: Option<usize>, reading_level: Option<bool>| RenderOptions {
            content_path: "",
            features: Some(features),
            links,
            auto_links: if auto { linker } else { None },
            own_topic: own,
            reading: crate::markdown::reading::page_language(
                language,
                reading_level == Some(false),
            ),
        };
        let entries = &cache.entries;
        // The render of a body for `key`: from the cache, or made now.
        let render_with =
            |content_path: &str, key: (u64, u64), body: &str, options: &RenderOptions| {
                cached_or_render(entries, content_path, key, body, options)
            };
        let mut fresh: Vec<Fresh> = self
            .articles
            .par_iter_mut()
            .filter_map(|article| {
                let auto = site_auto_link && article.doc.front.auto_link.unwrap_or(true);
                let doc = Arc::clone(&article.doc);
                let key = (doc.version, environment);
                if article.rendered_for == key {
                    return None;
                }
                let rendered = render_with(
                    &doc.file.content_path,
                    key,
                    &doc.body,
                    &RenderOptions {
                        content_path: &doc.file.content_path,
                        ..options(auto, None, doc.front.reading_level)
                    },
                );
                article.rendered = Arc::clone(&rendered);
                article.rendered_for = key;
                article.summary_version = summary_version(article);
                Some((doc.file.content_path.clone(), key, rendered))
            })
            .collect();
        // Auto-link entries are numbered therapies first, then conditions.
        let render_topic = |content_path: &str, key, body: &str, own: usize, reading| {
            render_with(
                content_path,
                key,
                body,
                &RenderOptions {
                    content_path,
                    ..options(site_auto_link, Some(own), reading)
                },
            )
        };
        let offset = self.therapies.len();
        fresh.extend(render_topics(
            &mut self.therapies,
            0,
            environment,
            &render_topic,
        ));
        fresh.extend(render_topics(
            &mut self.conditions,
            offset,
            environment,
            &render_topic,
        ));
        for section in &mut self.sections {
            let Some(doc) = section.doc.clone() else {
                continue;
            };
            let key = (doc.version, environment);
            if section.rendered_for != key {
                let rendered = render_with(
                    &doc.file.content_path,
                    key,
                    &doc.body,
                    &RenderOptions {
                        content_path: &doc.file.content_path,
                        ..options(false, None, Some(false))
                    },
                );
                section.rendered = Arc::clone(&rendered);
                section.rendered_for = key;
                fresh.push((doc.file.content_path.clone(), key, rendered));
            }
        }
        if relinked {
            // Forget files that are gone; keep everything this site holds.
            let current: std::collections::HashSet<&str> =
                self.bodies().into_iter().map(|b| b.content_path).collect();
            cache
                .entries
                .retain(|path, _| current.contains(path.as_str()));
        }
        for (content_path, key, rendered) in fresh {
            cache.entries.insert(content_path, (key, rendered));
        }
        self.report_body_problems(diagnostics);
        for (index, translation) in self.translations.iter_mut().enumerate() {
            let code = translation.config.site.language.clone();
            let cache = cache.translations.entry(code).or_default();
            let features = translated_features
                .get(index..index + 1)
                .unwrap_or_default();
            translation.render_markdown(diagnostics, cache, relinked, features);
        }
    }

    /// What each language's bodies may use besides links (its images, the theme's and the
    /// site's shortcodes, the callouts' text: `callout_words` of each language's site), in
    /// the order of [`Site::all_languages`], for [`Site::render_markdown`]. Problems reading
    /// the template folders are reported when the theme is loaded.
    pub fn markdown_features(
        &self,
        theme: &ThemeSource,
        callout_words: &dyn Fn(&Site) -> CalloutWords,
    ) -> Vec<SiteFeatures> {
        self.all_languages()
            .into_iter()
            .map(|language| {
                SiteFeatures::new(
                    &language.config,
                    &language.assets,
                    theme,
                    callout_words(language),
                    &mut Diagnostics::new(),
                )
            })
            .collect()
    }

    /// The resized image copies every body asked for: (output path, the cache folder with the
    /// file of that name). A copy two bodies show is listed twice.
    pub fn media_files(&self) -> impl Iterator<Item = &(String, Arc<Path>)> {
        self.bodies()
            .into_iter()
            .flat_map(|body| &body.rendered.media_files)
    }

    fn link_targets(&self) -> LinkTargets {
        let mut paths = HashMap::new();
        for (content_path, path) in self.pages().iter().filter_map(|p| p.content_path_and_url()) {
            paths.insert(content_path.to_string(), path.to_string());
        }
        for (content_path, path) in &self.foreign_links {
            paths
                .entry(content_path.clone())
                .or_insert_with(|| path.clone());
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

    /// For each auto-link entry (therapies, then conditions): its URL and names.
    fn auto_link_names(&self) -> Vec<(String, Vec<String>)> {
        fn entry<F: TopicFront>(site: &Site, topic: &Topic<F>) -> (String, Vec<String>) {
            (site.config.url(&topic.path), topics::auto_link_names(topic))
        }
        let therapies = self.therapies.iter().map(|t| entry(self, t));
        let conditions = self.conditions.iter().map(|c| entry(self, c));
        therapies.chain(conditions).collect()
    }

    /// Every body of the site, for reporting.
    fn bodies(&self) -> Vec<Body<'_>> {
        fn body<'a, F>(
            doc: &'a crate::load::content::Document<F>,
            rendered: &'a Rendered,
        ) -> Body<'a> {
            Body {
                content_path: &doc.file.content_path,
                display: &doc.file.display,
                text: &doc.body,
                first_line: doc.body_first_line,
                rendered,
            }
        }
        let articles = self.articles.iter().map(|a| body(&a.doc, &a.rendered));
        let therapies = self.therapies.iter().map(|t| body(&t.doc, &t.rendered));
        let conditions = self.conditions.iter().map(|c| body(&c.doc, &c.rendered));
        let sections = self
            .sections
            .iter()
            .filter_map(|s| s.doc.as_ref().map(|d| body(d, &s.rendered)));
        articles
            .chain(therapies)
            .chain(conditions)
            .chain(sections)
            .collect()
    }

    fn report_body_problems(&self, diagnostics: &mut Diagnostics) {
        let bodies = self.bodies();
        let ids: rustc_hash::FxHashMap<&str, &Rendered> = bodies
            .iter()
            .map(|b| (b.content_path, b.rendered))
            .collect();
        for body in &bodies {
            let at = |offset: usize, len: usize| {
                Location::at(
                    body.display,
                    Position::from_offset(
                        body.text,
                        offset,
                        body.text[offset..offset + len].chars().count(),
                        body.first_line,
                    ),
                )
            };
            let mut budget = Budget::new();
            for problem in body.rendered.problems.iter().filter(|_| budget.allow()) {
                diagnostics.push(crate::diagnostics::Diagnostic::error(
                    at(problem.offset, problem.len),
                    problem.problem.clone(),
                ));
            }
            for link in &body.rendered.anchor_links {
                let exists = match ids.get(link.content_path.as_str()) {
                    Some(target) => target.heading_ids.contains(&link.anchor),
                    // The target failed to load and its error is already reported.
                    // … or is another language's page, whose ids this site does not hold.
                    None => {
                        self.unloaded.contains(&link.content_path)
                            || self
                                .foreign_links
                                .iter()
                                .any(|(c, _)| *c == link.content_path)
                    }
                };
                if !exists && budget.allow() {
                    diagnostics.push(crate::diagnostics::Diagnostic::error(
                        at(link.offset, link.len),
                        Problem::MissingAnchor {
                            target: link.written.clone(),
                            anchor: link.anchor.clone(),
                        },
                    ));
                }
            }
            diagnostics.extend(budget.overflow(body.display, Severity::Error));
        }
    }
}
