//! Languages as a dimension of the page model.
//!
//! A site with `[languages.es]` in site.toml is linked once per language: the default
//! language's files make the default [`Site`], each translation (`x.es.md` beside `x.md`,
//! `index.es.md`, `_index.es.md`) is taken under its source's content path into its own
//! [`Site`] whose URLs start with `/es/`, and that site is kept in
//! [`Site::translations`]. Every stage after linking runs per language, so listings, topic
//! indexes, related articles, auto-links, CTAs, pagination and feeds are per language for free.
//!
//! What joins the languages is [`Languages`]: the list of languages and, for each page, its
//! URL in every language that has it (`hreflang` alternates, the language switcher, sitemap
//! alternates). A page without a translation is not generated in that language; a translated
//! page's `@/` link to it, and its topic slugs, fall back to the default language's page.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Problem};
use crate::link::pages::{Page, PageRef};
use crate::link::{Article, Site};
use crate::load::config::Config;
use crate::load::content::{Asset, BUNDLE_FILE, CONDITIONS_DIR, Content, Document, THERAPIES_DIR};
use crate::load::languages::{default_name, split_language_suffix};

/// One language of the site.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Language {
    /// Its code: `es`.
    pub code: String,
    /// Its name in itself: `Español`.
    pub name: String,
    /// What its site paths start with: `""` for the default language, `/es` for another.
    pub prefix: String,
}

/// The languages of a site and each page's URL in each of them.
#[derive(Debug, Clone, Default)]
pub struct Languages {
    /// Every language, the default first; empty for a site in one language.
    pub list: Vec<Language>,
    /// For each page (by [`page_key`]): (index into `list`, site path) in every language that
    /// has it, in the order of `list`.
    pub alternates: HashMap<String, Vec<(usize, String)>>,
    /// The default language's therapies and conditions by slug: (title, site path), for a
    /// translated page that names one without a translation.
    pub default_topics: HashMap<(&'static str, String), (String, String)>,
}

impl Languages {
    /// The URLs of the page `key` in every language that has it.
    pub fn of(&self, key: &str) -> &[(usize, String)] {
        self.alternates.get(key).map_or(&[], Vec::as_slice)
    }

    /// A fingerprint of every page's alternates, for the page cache.
    pub fn version(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        self.list.hash(&mut hasher);
        let mut keys: Vec<(&String, &Vec<(usize, String)>)> = self.alternates.iter().collect();
        keys.sort();
        keys.hash(&mut hasher);
        hasher.finish()
    }
}

impl Site {
    /// This site and its translations: every language's site, the default's first.
    pub fn all_languages(&self) -> Vec<&Site> {
        std::iter::once(self).chain(&self.translations).collect()
    }

    /// Whether the site is published in more than one language.
    pub fn is_multilingual(&self) -> bool {
        self.languages.list.len() > 1
    }
}

/// What identifies a page across languages: its source's content path for a page made from a
/// file (a translation takes its source's), else what it shows.
pub fn page_key(page: &Page<'_>) -> String {
    let key = match page.kind {
        PageRef::Article(a) => a.doc.file.content_path.clone(),
        PageRef::Therapy(t) => t.doc.file.content_path.clone(),
        PageRef::Condition(c) => c.doc.file.content_path.clone(),
        PageRef::Section(s) => format!("section:{}", s.folder),
        PageRef::Author(a) => format!("author:{}", a.id),
        PageRef::ArticleList(l) => format!("list:{:?}", l.owner),
        PageRef::Search => "search".to_string(),
        PageRef::NotFound => "404".to_string(),
    };
    match page.pager {
        Some(pager) if pager.number > 1 => format!("{key}#{}", pager.number),
        _ => key,
    }
}

/// Links `content` in every language of `config`: see the module documentation.
pub fn link_all(
    config: Config,
    content: Content,
    diagnostics: &mut Diagnostics,
    memo: &super::related::RelatedMemo,
) -> Site {
    let others: Vec<String> = config
        .site
        .languages
        .keys()
        .filter(|code| **code != config.site.language)
        .cloned()
        .collect();
    if others.is_empty() {
        let mut problems = Vec::new();
        let content = drop_unconfigured(content, &mut problems);
        diagnostics.extend(problems);
        return super::link_language(config, content, "", diagnostics, memo);
    }
    let mut problems = Vec::new();
    let (default_content, translated) = split(content, &others, &mut problems);
    diagnostics.extend(problems);
    let default_therapies: Vec<String> = default_content
        .therapies
        .iter()
        .map(|d| d.file.content_path.clone())
        .chain(default_content.draft_therapies.iter().cloned())
        .collect();
    let default_conditions: Vec<String> = default_content
        .conditions
        .iter()
        .map(|d| d.file.content_path.clone())
        .chain(default_content.draft_conditions.iter().cloned())
        .collect();
    // The languages are linked independently, so at once; their warnings keep this order.
    let link_translation = |(code, mut content): (String, Content)| {
        // Slugs are the default language's: one without a translation is no error here,
        // and links to the default language's page.
        content
            .draft_therapies
            .extend(default_therapies.iter().cloned());
        content
            .draft_conditions
            .extend(default_conditions.iter().cloned());
        let mut problems = Diagnostics::new();
        let config = language_config(&config, &code);
        let prefix = format!("/{code}");
        let translation = super::link_language(config, content, &prefix, &mut problems, memo);
        (translation, problems)
    };
    let translated: Vec<(String, Content)> = translated.into_iter().collect();
    let ((mut site, problems), translations) = rayon::join(
        || {
            let mut problems = Diagnostics::new();
            let site =
                super::link_language(config.clone(), default_content, "", &mut problems, memo);
            (site, problems)
        },
        || {
            translated
                .into_par_iter()
                .map(link_translation)
                .collect::<Vec<_>>()
        },
    );
    diagnostics.extend(problems);
    for (translation, problems) in translations {
        diagnostics.extend(problems);
        site.translations.push(translation);
    }
    join(&mut site);
    site
}

/// Sets every language site's [`Languages`] and the `@/` links that lead to another
/// language's page.
pub fn join(site: &mut Site) {
    let mut list = vec![Language {
        code: site.config.site.language.clone(),
        name: name_of(&site.config, &site.config.site.language),
        prefix: String::new(),
    }];
    for translation in &site.translations {
        let code = translation.config.site.language.clone();
        list.push(Language {
            name: name_of(&site.config, &code),
            prefix: format!("/{code}"),
            code,
        });
    }
    // One pass over every language's pages: each page's URL in every language, and where
    // `@/` links lead in another language.
    let mut alternates: HashMap<String, Vec<(usize, String)>> = HashMap::new();
    let mut default_links: Vec<(String, String)> = Vec::new();
    // `@/articles/x.es.md` for every translation: (that file's content path, its site path).
    let mut explicit: Vec<(String, String)> = Vec::new();
    for (index, language_site) in std::iter::once(&*site)
        .chain(&site.translations)
        .enumerate()
    {
        let code = &language_site.config.site.language;
        for page in language_site.pages() {
            if let Some((content_path, url)) = page.content_path_and_url() {
                if index == 0 {
                    default_links.push((content_path.to_string(), url.to_string()));
                } else {
                    explicit.push((translated_path(content_path, code), url.to_string()));
                }
            }
            alternates
                .entry(page_key(&page))
                .or_default()
                .push((index, page.path.into_owned()));
        }
    }
    let therapies = site.therapies.iter().map(|t| {
        let key = (THERAPIES_DIR, t.slug.clone());
        (key, (t.doc.front.title.clone(), t.path.clone()))
    });
    let conditions = site.conditions.iter().map(|c| {
        let key = (CONDITIONS_DIR, c.slug.clone());
        (key, (c.doc.front.title.clone(), c.path.clone()))
    });
    let default_topics = therapies.chain(conditions).collect();
    let languages = Arc::new(Languages {
        list,
        alternates,
        default_topics,
    });
    site.lang = 0;
    site.languages = Arc::clone(&languages);
    site.foreign_links = explicit.clone();
    for (index, translation) in site.translations.iter_mut().enumerate() {
        translation.lang = index + 1;
        translation.languages = Arc::clone(&languages);
        // `@/articles/x.md`: this language's page (already in its own targets), else the
        // default language's; `@/articles/x.es.md`: that translation.
        translation.foreign_links = explicit.iter().chain(&default_links).cloned().collect();
    }
}

/// `articles/x.md` → `articles/x.es.md`.
fn translated_path(content_path: &str, code: &str) -> String {
    let stem = content_path.strip_suffix(".md").unwrap_or(content_path);
    format!("{stem}.{code}.md")
}

/// A language's name: `[languages.<code>] name`, else its name in itself.
fn name_of(config: &Config, code: &str) -> String {
    config
        .site
        .languages
        .get(code)
        .and_then(|l| l.name.clone())
        .unwrap_or_else(|| default_name(code))
}

/// The configuration a language's pages see: the site's, with that language's code, title,
/// description, disclaimer and CTA words.
pub fn language_config(config: &Config, code: &str) -> Config {
    let mut translated = config.clone();
    translated.site.language = code.to_string();
    let Some(language) = config.site.languages.get(code) else {
        return translated;
    };
    let site = &mut translated.site;
    // The built-in English defaults give way to the theme's strings in this language (empty
    // here: the templates say `site.disclaimer or t(key="disclaimer")`).
    if site.disclaimer == crate::load::config::default_disclaimer() {
        site.disclaimer.clear();
    }
    if site.clinic.emergency.is_none() {
        site.clinic.emergency = Some(String::new());
    }
    if let Some(title) = &language.title {
        site.title.clone_from(title);
    }
    if let Some(description) = &language.description {
        site.description.clone_from(description);
    }
    if let Some(disclaimer) = &language.disclaimer {
        site.disclaimer.clone_from(disclaimer);
    }
    if let Some(cta) = &language.cta {
        if let Some(heading) = &cta.heading {
            site.cta.heading.clone_from(heading);
        }
        if let Some(button) = &cta.button {
            site.cta.button.clone_from(button);
        }
        if let Some(text) = &cta.text {
            site.cta.text.clone_from(text);
            translated.cta_text_html = crate::markdown::render_inline(text);
        }
    }
    translated
}

/// Which language a content path is written in: `Some((source content path, code))` for a
/// file named for a language (`articles/x.es.md` → `articles/x.md`, `es`).
fn language_of(content_path: &str) -> Option<(String, &str)> {
    let (folder, name) = match content_path.rsplit_once('/') {
        Some((folder, name)) => (format!("{folder}/"), name),
        None => (String::new(), content_path),
    };
    split_language_suffix(name).map(|(base, code)| (format!("{folder}{base}"), code))
}

/// A translation's document under its source's content path (its `display` stays its own).
/// Renamed in place when nothing else holds it (a one-off build's load cache lets go of its
/// documents); copied, body and all, only when a long-lived load cache keeps the original.
fn renamed<F: Clone>(mut doc: Arc<Document<F>>, content_path: String) -> Arc<Document<F>> {
    Arc::make_mut(&mut doc).file.content_path = content_path;
    doc
}

/// Splits loaded content by language: the default language's, and each other's under their
/// sources' content paths. A file named for a language site.toml does not have is a warning
/// when it is a listing (`_index.fr.md`); an article so named stays an article, as before
/// languages existed.
fn split(
    content: Content,
    codes: &[String],
    problems: &mut Vec<Diagnostic>,
) -> (Content, BTreeMap<String, Content>) {
    let mut translated: BTreeMap<String, Content> = codes
        .iter()
        .map(|code| (code.clone(), Content::default()))
        .collect();
    let Content {
        articles,
        therapies,
        conditions,
        sections,
        assets,
        draft_therapies,
        draft_conditions,
        unloaded,
    } = content;
    let mut default = Content {
        unloaded: unloaded.clone(),
        ..Content::default()
    };
    for language in translated.values_mut() {
        language.unloaded.clone_from(&unloaded);
    }
    macro_rules! route_docs {
        ($docs:expr, $field:ident) => {
            for doc in $docs {
                match language_of(&doc.file.content_path) {
                    Some((source, code)) if translated.contains_key(code) => {
                        if let Some(language) = translated.get_mut(code) {
                            language.$field.push(renamed(doc, source));
                        }
                    }
                    _ => default.$field.push(doc),
                }
            }
        };
    }
    route_docs!(articles, articles);
    route_docs!(therapies, therapies);
    route_docs!(conditions, conditions);
    for doc in sections {
        match language_of(&doc.file.content_path) {
            Some((source, code)) if translated.contains_key(code) => {
                if let Some(language) = translated.get_mut(code) {
                    language.sections.push(renamed(doc, source));
                }
            }
            Some((_, code)) => problems.push(unconfigured(&doc.file.display, code)),
            None => default.sections.push(doc),
        }
    }
    for (drafts, pick) in [(draft_therapies, 0_u8), (draft_conditions, 1_u8)] {
        for path in drafts {
            let (target, path) = match language_of(&path) {
                Some((source, code)) if translated.contains_key(code) => {
                    (translated.get_mut(code), source)
                }
                _ => (Some(&mut default), path),
            };
            if let Some(target) = target {
                match pick {
                    0 => target.draft_therapies.push(path),
                    _ => target.draft_conditions.push(path),
                }
            }
        }
    }
    // A translated bundle (`index.es.md`) gets copies of its bundle's files.
    for language in translated.values_mut() {
        let bundles: Vec<String> = language
            .articles
            .iter()
            .filter_map(|a| a.doc_bundle_folder())
            .collect();
        language.assets = assets
            .iter()
            .filter(|asset| {
                bundles
                    .iter()
                    .any(|folder| asset_in_folder(&asset.source.content_path, folder))
            })
            .cloned()
            .collect::<Vec<Asset>>();
    }
    default.assets = assets;
    (default, translated)
}

/// The folder of a page bundle's `index.md`, with its trailing slash.
trait BundleFolder {
    fn doc_bundle_folder(&self) -> Option<String>;
}

impl<F> BundleFolder for Arc<Document<F>> {
    fn doc_bundle_folder(&self) -> Option<String> {
        self.file
            .content_path
            .strip_suffix(BUNDLE_FILE)
            .filter(|folder| folder.ends_with('/'))
            .map(str::to_string)
    }
}

/// Whether an asset lies directly in `folder` (`articles/x/`).
fn asset_in_folder(content_path: &str, folder: &str) -> bool {
    content_path
        .strip_prefix(folder)
        .is_some_and(|rest| !rest.contains('/'))
}

/// A one-language site: listings named for a language (`_index.fr.md`) are reported and
/// left out, since they cannot be the folder's listing.
fn drop_unconfigured(mut content: Content, problems: &mut Vec<Diagnostic>) -> Content {
    content
        .sections
        .retain(|doc| match language_of(&doc.file.content_path) {
            Some((_, code)) => {
                problems.push(unconfigured(&doc.file.display, code));
                false
            }
            None => true,
        });
    content
}

fn unconfigured(file: &std::path::Path, code: &str) -> Diagnostic {
    Diagnostic::warning(
        Location::file(file),
        Problem::UnconfiguredLanguage {
            code: code.to_string(),
        },
    )
}

/// [`Site::with_new_bodies`] across languages: the content split as [`link_all`] splits it,
/// each language's part swapped into its site.
pub fn with_new_bodies(site: Site, content: &Content) -> Option<Site> {
    let copy = Content {
        articles: content.articles.clone(),
        therapies: content.therapies.clone(),
        conditions: content.conditions.clone(),
        sections: content.sections.clone(),
        assets: content.assets.clone(),
        draft_therapies: content.draft_therapies.clone(),
        draft_conditions: content.draft_conditions.clone(),
        unloaded: content.unloaded.clone(),
    };
    let mut ignored = Vec::new();
    if site.translations.is_empty() {
        let content = drop_unconfigured(copy, &mut ignored);
        return site.with_new_bodies_of_language(&content);
    }
    let codes: Vec<String> = site
        .translations
        .iter()
        .map(|t| t.config.site.language.clone())
        .collect();
    let (default, mut translated) = split(copy, &codes, &mut ignored);
    let mut site = site;
    let translations = std::mem::take(&mut site.translations);
    let mut site = site.with_new_bodies_of_language(&default)?;
    for translation in translations {
        let content = translated.remove(&translation.config.site.language)?;
        site.translations
            .push(translation.with_new_bodies_of_language(&content)?);
    }
    Some(site)
}

/// Prefixes every site path a language site made with its language's: `/es`.
pub fn prefix_paths(
    prefix: &str,
    articles: &mut [Article],
    therapies: &mut [crate::link::Therapy],
    conditions: &mut [crate::link::Condition],
    sections: &mut [crate::link::Section],
) {
    let paths = articles
        .iter_mut()
        .map(|a| &mut a.path)
        .chain(therapies.iter_mut().map(|t| &mut t.path))
        .chain(conditions.iter_mut().map(|c| &mut c.path))
        .chain(sections.iter_mut().map(|s| &mut s.path));
    for path in paths {
        *path = format!("{prefix}{path}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_source_of_a_translation() {
        assert_eq!(
            language_of("articles/heat.es.md"),
            Some(("articles/heat.md".into(), "es"))
        );
        assert_eq!(
            language_of("articles/x/index.es.md"),
            Some(("articles/x/index.md".into(), "es"))
        );
        assert_eq!(
            language_of("_index.es.md"),
            Some(("_index.md".into(), "es"))
        );
        assert_eq!(language_of("articles/heat.md"), None);
        assert_eq!(
            translated_path("articles/x/index.md", "es"),
            "articles/x/index.es.md"
        );
        assert!(asset_in_folder("articles/x/a.png", "articles/x/"));
        assert!(!asset_in_folder("articles/x/y/a.png", "articles/x/"));
    }

    fn document(content_path: &str) -> Arc<Document<()>> {
        Arc::new(Document {
            file: crate::load::content::SourceFile {
                path: std::path::PathBuf::from("/site/content").join(content_path),
                display: std::path::PathBuf::from("content").join(content_path),
                content_path: content_path.to_string(),
            },
            front: (),
            front_text: crate::load::content::FrontText {
                format: crate::load::typed::Format::Toml,
                text: "title = \"Calor\"".to_string(),
                first_line: 2,
            },
            body: "Un cuerpo largo.".repeat(100),
            body_first_line: 4,
            version: 7,
        })
    }

    #[test]
    fn a_translation_nothing_else_holds_is_renamed_without_a_copy() {
        let doc = document("articles/heat.es.md");
        let before = Arc::as_ptr(&doc);
        let renamed = renamed(doc, "articles/heat.md".to_string());
        assert_eq!(Arc::as_ptr(&renamed), before);
        assert_eq!(renamed.file.content_path, "articles/heat.md");
        assert_eq!(
            renamed.file.display.to_str(),
            Some("content/articles/heat.es.md")
        );
    }

    #[test]
    fn a_translation_a_cache_still_holds_is_copied_and_the_cached_one_kept() {
        let cached = document("articles/heat.es.md");
        let renamed = renamed(Arc::clone(&cached), "articles/heat.md".to_string());
        assert!(!Arc::ptr_eq(&renamed, &cached));
        assert_eq!(cached.file.content_path, "articles/heat.es.md");
        assert_eq!(renamed.file.content_path, "articles/heat.md");
        assert_eq!(
            (renamed.body.as_str(), renamed.version),
            (cached.body.as_str(), 7)
        );
    }
}
