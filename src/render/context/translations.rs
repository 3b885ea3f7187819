//! What a page's template gets about the page in other languages: the `hreflang` alternates
//! of its `<head>` and the language switcher of its header. Both are empty on a site in one
//! language, so its pages do not change.

use serde::Serialize;

use crate::link::Page;
use crate::link::languages::page_key;

use super::Contexts;

/// The page in one language.
#[derive(Debug, Clone, Serialize)]
pub struct TranslationLink {
    /// The language's code: `es`.
    pub lang: String,
    /// Its name in itself: `Español`.
    pub name: String,
    /// The page in that language, or that language's home page when the page has no
    /// translation into it (`translated` is then false).
    pub url: String,
    /// The same, absolute.
    pub permalink: String,
    /// Whether this is the page being rendered.
    pub current: bool,
    /// Whether the page exists in that language.
    pub translated: bool,
}

/// `translations` (the switcher: every language), `alternates` (the languages the page exists
/// in, when more than one) and `x_default` (its default-language URL, for `hreflang`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct PageLanguages {
    /// Every language of the site, in the order of site.toml, the default first.
    pub translations: Vec<TranslationLink>,
    /// The languages the page exists in, when more than one.
    pub alternates: Vec<TranslationLink>,
    /// The default language's version of the page as an absolute URL, when it has one and
    /// a translation.
    pub x_default: String,
}

impl Contexts<'_> {
    /// The page `job` in every language of the site.
    pub fn page_languages(&self, job: &Page<'_>) -> PageLanguages {
        let site = self.linked_site();
        let languages = &site.languages;
        if languages.list.len() < 2 {
            return PageLanguages::default();
        }
        let config = &site.config;
        let versions = languages.of(&page_key(job));
        let translations: Vec<TranslationLink> = languages
            .list
            .iter()
            .enumerate()
            .map(|(index, language)| {
                let version = versions.iter().find(|(lang, _)| *lang == index);
                let path =
                    version.map_or_else(|| format!("{}/", language.prefix), |(_, p)| p.clone());
                TranslationLink {
                    lang: language.code.clone(),
                    name: language.name.clone(),
                    url: config.url(&path),
                    permalink: config.permalink(&path),
                    current: index == site.lang,
                    translated: version.is_some(),
                }
            })
            .collect();
        let alternates: Vec<TranslationLink> = if versions.len() > 1 {
            translations
                .iter()
                .filter(|t| t.translated)
                .cloned()
                .collect()
        } else {
            Vec::new()
        };
        let x_default = match alternates.first() {
            Some(first) if translations.first().is_some_and(|d| d.translated) => {
                first.permalink.clone()
            }
            _ => String::new(),
        };
        PageLanguages {
            translations,
            alternates,
            x_default,
        }
    }
}

/// A topic a translated page names that exists only in the default language.
#[derive(Debug, Clone, Serialize)]
pub struct ElsewhereLink {
    /// Its title, in the default language.
    pub title: String,
    /// Its page, in the default language.
    pub url: String,
    /// The default language's code, for `hreflang` and the words "(in English)".
    pub lang: String,
}

impl Contexts<'_> {
    /// The slugs of `folder` (`therapies` or `conditions`) a page names in `written` that did
    /// not resolve in its language (`resolved` are the indices that did): the default
    /// language's pages.
    pub fn elsewhere(
        &self,
        folder: &'static str,
        written: &[String],
        resolved: &[usize],
    ) -> Vec<ElsewhereLink> {
        let site = self.linked_site();
        let languages = &site.languages;
        let (Some(default), true) = (languages.list.first(), site.lang != 0) else {
            return Vec::new();
        };
        let own = |slug: &str| match folder {
            crate::load::content::THERAPIES_DIR => {
                resolved.iter().any(|&t| site.therapies[t].slug == slug)
            }
            _ => resolved.iter().any(|&c| site.conditions[c].slug == slug),
        };
        written
            .iter()
            .map(|slug| crate::link::urls::slug_segment(slug))
            .filter(|slug| !own(slug))
            .filter_map(|slug| languages.default_topics.get(&(folder, slug)))
            .map(|(title, path)| ElsewhereLink {
                title: title.clone(),
                url: site.config.url(path),
                lang: default.code.clone(),
            })
            .collect()
    }
}
