//! The link stage: every page with its URL, and the cross-links between them.
//!
//! [`link`] takes the loaded [`Content`] and decides URLs ([`urls`]: the registry that refuses
//! two files wanting one URL, unsafe slugs and aliases), sorts everything, resolves the slugs
//! articles and therapies name in the topic indexes ([`topics`]: therapies and conditions),
//! computes related items, authors and each page's CTA. [`Site::pages`] lists every page
//! for the later stages; [`Site::render_markdown`] (in [`bodies`]) renders every body.

pub mod authors;
pub mod bodies;
pub mod cta;
pub mod languages;
pub mod pages;
pub mod pagination;
pub mod readability;
pub mod related;
pub mod review;
pub mod sections;
pub mod stale;
pub mod topics;
pub mod urls;

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::diagnostics::{Diagnostic, Diagnostics, Problem};
use crate::load::config::{Config, PageKind};
use crate::load::content::{Asset, Content, Document, PlacedAsset};
use crate::load::front_matter::{ArticleFrontMatter, SectionFrontMatter};
use crate::markdown::Rendered;
use cta::{Cta, Layer};
use topics::TopicFront;

pub use bodies::MarkdownCache;
pub use pages::{Page, PageRef};
pub use topics::{Condition, Therapy, Topic};
pub use urls::Alias;

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
    /// Its conditions, in the order listed (indices into [`Site::conditions`]).
    pub conditions: Vec<usize>,
    /// Articles sharing the most therapies and conditions with it.
    pub related: Vec<usize>,
    /// Its call-to-action, unless hidden.
    pub cta: Option<Cta>,
    /// Its rendered body.
    pub rendered: Arc<Rendered>,
    /// The (document version, link environment) `rendered` was made for.
    pub rendered_for: (u64, u64),
    /// A fingerprint of what listings show of it (see `bodies::summary_version`).
    pub summary_version: u64,
    /// Files of its page bundle, copied beside it.
    pub bundle_assets: Vec<Asset>,
}

/// A listing page: the home page, a topic index, or a folder of articles.
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
    /// Conditions, alphabetical.
    pub conditions: Vec<Condition>,
    /// Listing pages, by path; the home page first.
    pub sections: Vec<Section>,
    /// Files from content/ to copy as they are, where each goes and its stamp.
    pub assets: Vec<PlacedAsset>,
    /// Redirects from old URLs.
    pub aliases: Vec<Alias>,
    /// Configured authors, each with a page (see [`authors`]).
    pub authors: Vec<authors::Author>,
    /// Listings split into pages, and the full article lists of topics and authors.
    pub pagination: pagination::Pagination,
    /// Content paths of files that failed to load: links to them are not reported again.
    pub unloaded: Vec<String>,
    /// A fingerprint of the link environment bodies were rendered in (see [`MarkdownCache`]).
    pub markdown_environment: u64,
    /// What this language's site paths start with: `""`, or `/es` (see [`languages`]).
    pub prefix: String,
    /// This site's language: an index into `languages.list`.
    pub lang: usize,
    /// Every language of the site and each page's URL in each.
    pub languages: Arc<languages::Languages>,
    /// The same site in each other language (empty within a translation).
    pub translations: Vec<Site>,
    /// `@/` links that lead to another language's page: (content path, site path).
    pub foreign_links: Vec<(String, String)>,
}

/// Builds the site from loaded content: URLs, ordering, cross-links and CTAs, in every
/// language (see [`languages`]).
pub fn link(config: Config, content: Content, diagnostics: &mut Diagnostics) -> Site {
    link_with(
        config,
        content,
        diagnostics,
        &related::RelatedMemo::default(),
    )
}

/// [`link`], with the related articles of earlier builds (`serve`, `build --watch`).
pub fn link_with(
    config: Config,
    content: Content,
    diagnostics: &mut Diagnostics,
    memo: &related::RelatedMemo,
) -> Site {
    languages::link_all(config, content, diagnostics, memo)
}

/// Builds the site of one language, whose site paths start with `prefix` (`""` or `/es`).
fn link_language(
    config: Config,
    content: Content,
    prefix: &str,
    diagnostics: &mut Diagnostics,
    memo: &related::RelatedMemo,
) -> Site {
    let mut problems: Vec<Diagnostic> = Vec::new();
    let Content {
        articles,
        therapies,
        conditions,
        sections: section_docs,
        assets,
        draft_therapies,
        draft_conditions,
        unloaded,
    } = content;

    let mut therapies = topics::entries(therapies);
    therapies.sort_by(|a, b| {
        (a.doc.front.kind, a.doc.front.title.to_lowercase(), &a.slug).cmp(&(
            b.doc.front.kind,
            b.doc.front.title.to_lowercase(),
            &b.slug,
        ))
    });
    let mut conditions = topics::entries(conditions);
    conditions.sort_by(|a, b| {
        (a.doc.front.title.to_lowercase(), &a.slug)
            .cmp(&(b.doc.front.title.to_lowercase(), &b.slug))
    });

    let mut articles: Vec<Article> = articles
        .into_iter()
        .map(|doc| new_article(doc, &mut problems))
        .collect();
    articles
        .sort_by(|a, b| newest_first(&a.doc.front, &b.doc.front).then_with(|| a.path.cmp(&b.path)));

    let mut sections = sections::build(section_docs, &articles, !conditions.is_empty());
    if !prefix.is_empty() {
        languages::prefix_paths(
            prefix,
            &mut articles,
            &mut therapies,
            &mut conditions,
            &mut sections,
        );
    }
    sections::place_articles(&mut sections, &mut articles);
    let assets = sections::place_assets(assets, &mut articles);
    let claims = url_claims(&articles, &therapies, &conditions, &sections);
    urls::check_duplicate_urls(&claims, &mut problems);
    let mut aliases = urls::collect_aliases(&claims, &mut problems);
    let mut authors = authors::link(&config, &articles, &claims, &aliases, &mut problems);
    for author in authors.iter_mut().filter(|_| !prefix.is_empty()) {
        author.path = format!("{prefix}{}", author.path);
    }
    drop(claims);

    resolve_topics(
        &mut articles,
        &mut therapies,
        &mut conditions,
        &draft_therapies,
        &draft_conditions,
        &unloaded,
        &mut problems,
    );
    related::relate_articles(&mut articles, therapies.len(), memo);
    // With a file that failed to load we cannot know what it names: no false warnings.
    // Within a translation, a topic no translated article names is no news.
    let all_loaded = |folder: &str| {
        prefix.is_empty()
            && !unloaded
                .iter()
                .any(|p| !p.starts_with(&format!("{folder}/")))
    };
    if all_loaded(<crate::load::front_matter::TherapyFrontMatter as TopicFront>::FOLDER) {
        topics::warn_unlisted(&therapies, |_| false, &mut problems);
    }
    if all_loaded(<crate::load::front_matter::ConditionFrontMatter as TopicFront>::FOLDER) {
        topics::warn_unlisted(
            &conditions,
            |c| !conditions[c].paired.is_empty(),
            &mut problems,
        );
    }
    topics::check_shared_names(&therapies, &conditions, &mut problems);
    merge_ctas(
        &config,
        &mut articles,
        &mut therapies,
        &mut conditions,
        &mut sections,
        &mut problems,
    );
    let pagination = pagination::paginate(
        &config,
        &sections,
        &therapies,
        &conditions,
        &authors,
        &mut problems,
    );
    urls::check_paginated_urls(
        &url_claims(&articles, &therapies, &conditions, &sections),
        &pagination.generated_urls(),
        &mut problems,
    );
    if config.has_search() {
        urls::check_search_url(
            &url_claims(&articles, &therapies, &conditions, &sections),
            &format!("{prefix}{}", pages::SEARCH_PATH),
            &mut problems,
        );
    }
    aliases.extend(pagination.first_page_redirects());
    diagnostics.extend(problems);
    Site {
        config,
        articles,
        therapies,
        conditions,
        sections,
        assets,
        aliases,
        authors,
        pagination,
        unloaded,
        markdown_environment: 0,
        prefix: prefix.to_string(),
        lang: 0,
        languages: Arc::default(),
        translations: Vec::new(),
        foreign_links: Vec::new(),
    }
}

fn new_article(doc: Arc<Document<ArticleFrontMatter>>, problems: &mut Vec<Diagnostic>) -> Article {
    let slug = doc
        .front
        .slug
        .as_deref()
        .and_then(|s| match urls::check_slug(s) {
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
        path: urls::site_path(&doc.file.content_path, slug.as_deref()),
        section: 0,
        doc,
        therapies: Vec::new(),
        conditions: Vec::new(),
        related: Vec::new(),
        cta: None,
        rendered: Arc::default(),
        rendered_for: (0, 0),
        summary_version: 0,
        bundle_assets: Vec::new(),
    }
}

/// Every page's claim on its URL: listings, then therapies, conditions and articles.
fn url_claims<'a>(
    articles: &'a [Article],
    therapies: &'a [Therapy],
    conditions: &'a [Condition],
    sections: &'a [Section],
) -> Vec<urls::Claim<'a>> {
    let mut claims: Vec<urls::Claim<'a>> = sections
        .iter()
        .map(|section| urls::Claim {
            path: &section.path,
            file: section.doc.as_ref().map_or_else(
                || Cow::Owned(PathBuf::from(format!("content/{}", section.folder))),
                |d| Cow::Borrowed(d.file.display.as_path()),
            ),
            front: None,
            aliases: &[],
        })
        .collect();
    claims.extend(therapies.iter().map(|t| urls::Claim {
        path: &t.path,
        file: Cow::Borrowed(&t.doc.file.display),
        front: Some(t.doc.front_source()),
        aliases: &t.doc.front.aliases,
    }));
    claims.extend(conditions.iter().map(|c| urls::Claim {
        path: &c.path,
        file: Cow::Borrowed(&c.doc.file.display),
        front: Some(c.doc.front_source()),
        aliases: &c.doc.front.aliases,
    }));
    claims.extend(articles.iter().map(|a| urls::Claim {
        path: &a.path,
        file: Cow::Borrowed(&a.doc.file.display),
        front: Some(a.doc.front_source()),
        aliases: &a.doc.front.aliases,
    }));
    claims
}

/// Resolves the slugs articles name in `therapies` and `conditions` and therapies name in
/// `treats`, then fills each topic's articles, related topics and pairs, and each article's
/// related articles (by shared therapies and conditions).
fn resolve_topics(
    articles: &mut [Article],
    therapies: &mut [Therapy],
    conditions: &mut [Condition],
    draft_therapies: &[String],
    draft_conditions: &[String],
    unloaded: &[String],
    problems: &mut Vec<Diagnostic>,
) {
    let unbuilt_therapies = topics::unbuilt_slugs::<crate::load::front_matter::TherapyFrontMatter>(
        draft_therapies,
        unloaded,
    );
    let unbuilt_conditions = topics::unbuilt_slugs::<crate::load::front_matter::ConditionFrontMatter>(
        draft_conditions,
        unloaded,
    );
    {
        let therapy_slugs = topics::by_slug(therapies);
        let condition_slugs = topics::by_slug(conditions);
        for article in articles.iter_mut() {
            let front = &article.doc.front;
            article.therapies = topics::resolve(
                therapies,
                &therapy_slugs,
                &unbuilt_therapies,
                &article.doc,
                "therapies",
                &front.therapies,
                problems,
            );
            article.conditions = topics::resolve(
                conditions,
                &condition_slugs,
                &unbuilt_conditions,
                &article.doc,
                "conditions",
                &front.conditions,
                problems,
            );
        }
        let treats: Vec<Vec<usize>> = therapies
            .iter()
            .map(|therapy| {
                topics::resolve(
                    conditions,
                    &condition_slugs,
                    &unbuilt_conditions,
                    &therapy.doc,
                    "treats",
                    &therapy.doc.front.treats,
                    problems,
                )
            })
            .collect();
        for (index, treated) in treats.into_iter().enumerate() {
            for &condition in &treated {
                conditions[condition].paired.push(index);
            }
            therapies[index].paired = treated;
        }
    }
    for condition in conditions.iter_mut() {
        // Least to most invasive, then by title (therapies are sorted by kind and title).
        let order = |&t: &usize| {
            let front = &therapies[t].doc.front;
            let unknown = front.invasiveness.is_none();
            (unknown, front.invasiveness, front.title.to_lowercase())
        };
        condition.paired.sort_by_key(order);
    }
    let named: Vec<&[usize]> = articles.iter().map(|a| a.therapies.as_slice()).collect();
    topics::cross_link(therapies, &named);
    let named: Vec<&[usize]> = articles.iter().map(|a| a.conditions.as_slice()).collect();
    topics::cross_link(conditions, &named);
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

/// Each page's CTA: the site's, then a topic's overrides, then the page's own. An article
/// takes the overrides of its first therapy (or, without therapies, its first condition).
fn merge_ctas(
    config: &Config,
    articles: &mut [Article],
    therapies: &mut [Therapy],
    conditions: &mut [Condition],
    sections: &mut [Section],
    problems: &mut Vec<Diagnostic>,
) {
    fn topic_layer<F: TopicFront>(topic: &Topic<F>) -> Layer<'_, F> {
        Layer {
            value: topic.doc.front.cta(),
            doc: &topic.doc,
        }
    }
    for therapy in therapies.iter_mut() {
        therapy.cta =
            cta::merge::<_, SectionFrontMatter>(config, Some(topic_layer(therapy)), None, problems);
    }
    for condition in conditions.iter_mut() {
        condition.cta = cta::merge::<_, SectionFrontMatter>(
            config,
            Some(topic_layer(condition)),
            None,
            problems,
        );
    }
    for article in articles.iter_mut() {
        let page = Some(Layer {
            value: &article.doc.front.cta,
            doc: &article.doc,
        });
        article.cta = match (article.therapies.first(), article.conditions.first()) {
            (Some(&t), _) => cta::merge(config, Some(topic_layer(&therapies[t])), page, problems),
            (None, Some(&c)) => {
                cta::merge(config, Some(topic_layer(&conditions[c])), page, problems)
            }
            (None, None) => cta::merge::<SectionFrontMatter, _>(config, None, page, problems),
        };
    }
    for section in sections.iter_mut() {
        let page = section.doc.as_ref().map(|doc| Layer {
            value: &doc.front.cta,
            doc,
        });
        section.cta = cta::merge::<SectionFrontMatter, _>(config, None, page, problems);
    }
}

impl Site {
    /// This site with changed documents swapped in, when none of the changes can move
    /// anything: the same files, every changed file's front matter unchanged (only bodies
    /// edited), nothing failed to load. `None` means the content must be linked afresh.
    pub fn with_new_bodies(self, content: &Content) -> Option<Site> {
        languages::with_new_bodies(self, content)
    }

    /// [`Site::with_new_bodies`] for the documents of this site's language.
    fn with_new_bodies_of_language(mut self, content: &Content) -> Option<Site> {
        if !content.unloaded.is_empty()
            || !self.unloaded.is_empty()
            || content.articles.len() != self.articles.len()
            || content.therapies.len() != self.therapies.len()
            || content.conditions.len() != self.conditions.len()
            || content.sections.len() != self.sections.iter().filter(|s| s.doc.is_some()).count()
            || content.assets.len() != self.assets.len()
        {
            return None;
        }
        // Most documents are the very ones the site holds (the load cache kept them): those
        // are matched by address, and only the others by path.
        let address = |doc: &Arc<Document<ArticleFrontMatter>>| Arc::as_ptr(doc) as usize;
        let held: FxHashSet<usize> = self.articles.iter().map(|a| address(&a.doc)).collect();
        let loaded: FxHashSet<usize> = content.articles.iter().map(address).collect();
        let new_articles: FxHashMap<&str, &Arc<Document<ArticleFrontMatter>>> = (content.articles)
            .iter()
            .filter(|doc| !held.contains(&address(doc)))
            .map(|doc| (doc.file.content_path.as_str(), doc))
            .collect();
        let changed = (self.articles.iter_mut()).filter(|a| !loaded.contains(&address(&a.doc)));
        let mut swapped = 0;
        for article in changed {
            let doc = *new_articles.get(article.doc.file.content_path.as_str())?;
            swap_body(&mut article.doc, doc)?;
            swapped += 1;
        }
        if held.len() != self.articles.len() || swapped != new_articles.len() {
            return None;
        }
        for doc in &content.therapies {
            let therapy = self
                .therapies
                .iter_mut()
                .find(|t| t.doc.file.content_path == doc.file.content_path)?;
            swap_body(&mut therapy.doc, doc)?;
        }
        for doc in &content.conditions {
            let condition = self
                .conditions
                .iter_mut()
                .find(|c| c.doc.file.content_path == doc.file.content_path)?;
            swap_body(&mut condition.doc, doc)?;
        }
        for doc in &content.sections {
            let section = self.sections.iter_mut().find(|s| {
                s.doc
                    .as_ref()
                    .is_some_and(|d| d.file.content_path == doc.file.content_path)
            })?;
            swap_body(section.doc.as_mut()?, doc)?;
        }
        let same_assets = content
            .assets
            .iter()
            .zip(&self.assets)
            .all(|(asset, placed)| asset.source.path == placed.source);
        if !same_assets {
            return None;
        }
        // An edited file (a replaced photo) keeps its place but not its stamp.
        for (asset, placed) in content.assets.iter().zip(&mut self.assets) {
            placed.stamp = asset.stamp;
        }
        Some(self)
    }
}

/// Takes `new` in place of `held` when only its body changed; `None` when its front matter
/// changed too.
fn swap_body<F: PartialEq>(held: &mut Arc<Document<F>>, new: &Arc<Document<F>>) -> Option<()> {
    if !Arc::ptr_eq(held, new) {
        (held.front == new.front).then_some(())?;
        *held = Arc::clone(new);
    }
    Some(())
}
