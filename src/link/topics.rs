//! Topic indexes: therapies and conditions are two instances of one mechanism.
//!
//! A topic index is a folder of content/ whose files are entries with a slug, a title and
//! other names (`also_known_as`). Articles name entries by slug (`therapies = [...]`,
//! `conditions = [...]`); an entry gets the articles that name it, newest first, an index page
//! (`/therapies/`, `/conditions/`), and its names auto-link the first mention in article text.
//! What differs between indexes (their front matter, how a listing orders them) stays in the
//! front matter type, behind [`TopicFront`]; adding a third index is one more implementation.

use std::collections::HashMap;
use std::sync::Arc;

use crate::diagnostics::{Budget, Diagnostic, Location, Problem, Severity, did_you_mean};
use crate::link::cta::Cta;
use crate::load::content::{CONDITIONS_DIR, Document, THERAPIES_DIR};
use crate::load::front_matter::{ConditionFrontMatter, CtaOverride, TherapyFrontMatter};
use crate::markdown::Rendered;

/// What the topic mechanism needs to know of an entry's front matter.
pub trait TopicFront {
    /// What an entry is called in messages: "therapy".
    const NOUN: &'static str;
    /// The index's folder inside content/, and the first segment of its URLs.
    const FOLDER: &'static str;
    /// Where an unlisted entry would be named, for the warning.
    const NAMED_IN: &'static str;
    /// The entry's name.
    fn title(&self) -> &str;
    /// Its other names.
    fn also_known_as(&self) -> &[String];
    /// Its `cta` key.
    fn cta(&self) -> &Option<CtaOverride>;
    /// Its `reading_level` key (`false`: not measured).
    fn reading_level(&self) -> Option<bool>;
}

impl TopicFront for TherapyFrontMatter {
    const NOUN: &'static str = "therapy";
    const FOLDER: &'static str = THERAPIES_DIR;
    const NAMED_IN: &'static str = "in its `therapies`";
    fn title(&self) -> &str {
        &self.title
    }
    fn also_known_as(&self) -> &[String] {
        &self.also_known_as
    }
    fn cta(&self) -> &Option<CtaOverride> {
        &self.cta
    }
    fn reading_level(&self) -> Option<bool> {
        self.reading_level
    }
}

impl TopicFront for ConditionFrontMatter {
    const NOUN: &'static str = "condition";
    const FOLDER: &'static str = CONDITIONS_DIR;
    const NAMED_IN: &'static str = "in its `conditions`, and no therapy in its `treats`";
    fn title(&self) -> &str {
        &self.title
    }
    fn also_known_as(&self) -> &[String] {
        &self.also_known_as
    }
    fn cta(&self) -> &Option<CtaOverride> {
        &self.cta
    }
    fn reading_level(&self) -> Option<bool> {
        self.reading_level
    }
}

/// One entry of a topic index: a therapy or a condition page.
#[derive(Debug, Clone)]
pub struct Topic<F> {
    /// The parsed file.
    pub doc: Arc<Document<F>>,
    /// Its slug: the file name without `.md`.
    pub slug: String,
    /// Its site path: `/therapies/<slug>/`.
    pub path: String,
    /// Articles that name it, newest first.
    pub articles: Vec<usize>,
    /// Entries of the same index most often named in the same articles, with the count.
    pub related: Vec<(usize, usize)>,
    /// Entries of the other index it is paired with: the conditions a therapy treats, the
    /// therapies that treat a condition (indices into that index).
    pub paired: Vec<usize>,
    /// Its call-to-action, unless hidden.
    pub cta: Option<Cta>,
    /// Its rendered body.
    pub rendered: Arc<Rendered>,
    /// The (document version, link environment) `rendered` was made for.
    pub rendered_for: (u64, u64),
}

/// A therapy or procedure page.
pub type Therapy = Topic<TherapyFrontMatter>;
/// A condition page.
pub type Condition = Topic<ConditionFrontMatter>;

/// A topic's slug: its file name, or its bundle folder's name.
pub fn topic_slug(content_path: &str) -> String {
    let stem = content_path.trim_end_matches(".md");
    let stem = stem.strip_suffix("/index").unwrap_or(stem);
    super::urls::slug_segment(stem.rsplit('/').next().unwrap_or(stem))
}

/// The entries of one index, with slugs and URLs, not yet cross-linked.
pub fn entries<F: TopicFront>(docs: Vec<Arc<Document<F>>>) -> Vec<Topic<F>> {
    docs.into_iter()
        .map(|doc| {
            let slug = topic_slug(&doc.file.content_path);
            Topic {
                path: format!("/{}/{slug}/", F::FOLDER),
                slug,
                doc,
                articles: Vec::new(),
                related: Vec::new(),
                paired: Vec::new(),
                cta: None,
                rendered: Arc::default(),
                rendered_for: (0, 0),
            }
        })
        .collect()
}

/// Slugs of an index's entries that exist but are not built (drafts, or files that failed
/// to load): naming them is no error.
pub fn unbuilt_slugs<F: TopicFront>(drafts: &[String], unloaded: &[String]) -> Vec<String> {
    let prefix = format!("{}/", F::FOLDER);
    drafts
        .iter()
        .chain(unloaded.iter().filter(|p| p.starts_with(&prefix)))
        .map(|p| topic_slug(p))
        .collect()
}

/// Turns the slugs `doc` lists under `key` into indices of `topics`, in order and without
/// repeats; an unknown slug is an error at its place with the closest slug.
pub fn resolve<F: TopicFront, G>(
    topics: &[Topic<F>],
    by_slug: &HashMap<&str, usize>,
    unbuilt: &[String],
    doc: &Document<G>,
    key: &str,
    written: &[String],
    problems: &mut Vec<Diagnostic>,
) -> Vec<usize> {
    let mut resolved = Vec::new();
    let mut budget = Budget::new();
    for slug in written {
        match by_slug.get(slug.as_str()) {
            Some(&index) if !resolved.contains(&index) => resolved.push(index),
            Some(_) => {}
            None if unbuilt.contains(slug) || !budget.allow() => {}
            None => problems.push(Diagnostic::error(
                doc.front_source().locate_item(&[key.to_string()], slug),
                Problem::UnknownTopic {
                    noun: F::NOUN,
                    folder: F::FOLDER,
                    slug: slug.clone(),
                    suggestion: did_you_mean(slug, topics.iter().map(|t| t.slug.as_str())),
                },
            )),
        }
    }
    problems.extend(budget.overflow(&doc.file.display, Severity::Error));
    resolved
}

/// Slug → index, for [`resolve`].
pub fn by_slug<F>(topics: &[Topic<F>]) -> HashMap<&str, usize> {
    topics
        .iter()
        .enumerate()
        .map(|(i, t)| (t.slug.as_str(), i))
        .collect()
}

/// Fills each entry's articles (from each article's list of entries, articles newest first)
/// and its related entries: those most often named in the same articles.
pub fn cross_link<F: TopicFront>(topics: &mut [Topic<F>], named_by_article: &[&[usize]]) {
    for (article, named) in named_by_article.iter().enumerate() {
        for &topic in named.iter() {
            topics[topic].articles.push(article);
        }
    }
    let mut together: HashMap<(usize, usize), usize> = HashMap::new();
    for named in named_by_article {
        for &a in named.iter() {
            for &b in named.iter() {
                if a != b {
                    *together.entry((a, b)).or_default() += 1;
                }
            }
        }
    }
    let titles: Vec<String> = topics
        .iter()
        .map(|t| t.doc.front.title().to_lowercase())
        .collect();
    for (index, topic) in topics.iter_mut().enumerate() {
        let mut related: Vec<(usize, usize)> = together
            .iter()
            .filter(|((a, _), _)| *a == index)
            .map(|((_, b), count)| (*b, *count))
            .collect();
        related.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| titles[x.0].cmp(&titles[y.0])));
        related.truncate(super::MAX_RELATED);
        topic.related = related;
    }
}

/// A warning for every entry that no published article names (and, for entries that can be
/// named otherwise, that `named_elsewhere` does not hold).
pub fn warn_unlisted<F: TopicFront>(
    topics: &[Topic<F>],
    named_elsewhere: impl Fn(usize) -> bool,
    problems: &mut Vec<Diagnostic>,
) {
    for (index, topic) in topics.iter().enumerate() {
        if topic.articles.is_empty() && !named_elsewhere(index) {
            problems.push(Diagnostic::warning(
                Location::file(&topic.doc.file.display),
                Problem::UnlistedTopic {
                    noun: F::NOUN,
                    named_in: F::NAMED_IN,
                    slug: topic.slug.clone(),
                },
            ));
        }
    }
}

/// The names that auto-link to each entry: its title, then its other names.
pub fn auto_link_names<F: TopicFront>(topic: &Topic<F>) -> Vec<String> {
    let front = &topic.doc.front;
    let mut names = vec![front.title().to_string()];
    names.extend(front.also_known_as().iter().cloned());
    names
}

/// An error for every name that an entry of `second` shares with an entry of `first`
/// (compared as the auto-linker matches them: trimmed, case-insensitively).
pub fn check_shared_names<F: TopicFront, G: TopicFront>(
    first: &[Topic<F>],
    second: &[Topic<G>],
    problems: &mut Vec<Diagnostic>,
) {
    let mut owners: HashMap<String, &Document<F>> = HashMap::new();
    for topic in first {
        for name in auto_link_names(topic) {
            owners
                .entry(name.trim().to_lowercase())
                .or_insert(&topic.doc);
        }
    }
    for topic in second {
        let front = &topic.doc.front;
        let title = std::iter::once((front.title(), None));
        let others = front.also_known_as().iter().map(|n| (n.as_str(), Some(n)));
        for (name, item) in title.chain(others) {
            let Some(owner) = owners.get(&name.trim().to_lowercase()) else {
                continue;
            };
            let location = match item {
                Some(item) => topic
                    .doc
                    .front_source()
                    .locate_item(&["also_known_as".to_string()], item),
                None => topic.doc.locate("title"),
            };
            problems.push(Diagnostic::error(
                location,
                Problem::SharedTopicName {
                    name: name.to_string(),
                    other: owner.file.display.clone(),
                },
            ));
        }
    }
}
