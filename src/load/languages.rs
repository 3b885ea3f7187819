//! `[languages.<code>]` in site.toml: the languages a site publishes besides its default
//! `language`, and how a content file names the language it is written in (`x.es.md`).
//!
//! Each other language has its own name (in that language, for the language switcher), its
//! own title, description, disclaimer and CTA wording, and theme strings (see docs/i18n.md).
//! The linking of translations lives in `link::languages`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Diagnostics, Problem};
use crate::load::config::SiteConfig;
use crate::load::typed::Source;

/// `[languages.<code>]`: one language of the site.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct LanguageConfig {
    /// The language's name in itself: "Español".
    pub name: Option<String>,
    /// The site's title in this language.
    pub title: Option<String>,
    /// The site's description in this language.
    pub description: Option<String>,
    /// The footer disclaimer in this language.
    pub disclaimer: Option<String>,
    /// The call-to-action wording in this language.
    pub cta: Option<LanguageCta>,
    /// Theme strings overriding the theme's catalogue in this language.
    #[serde(default)]
    pub strings: BTreeMap<String, String>,
}

/// `[languages.<code>.cta]`: the CTA's words in a language (its phone, URL and pages stay
/// those of `[cta]`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct LanguageCta {
    /// The block's heading.
    pub heading: Option<String>,
    /// Markdown text under the heading.
    pub text: Option<String>,
    /// The label of the call button.
    pub button: Option<String>,
}

/// The name of a language in itself, for the common languages of US patients, when
/// `[languages.<code>] name` does not say.
pub fn default_name(code: &str) -> String {
    let primary = code.split('-').next().unwrap_or(code);
    match primary {
        "en" => "English",
        "es" => "Español",
        "zh" => "中文",
        "vi" => "Tiếng Việt",
        "tl" => "Tagalog",
        "ar" => "العربية",
        "fr" => "Français",
        "ko" => "한국어",
        "ru" => "Русский",
        "pt" => "Português",
        "ht" => "Kreyòl ayisyen",
        "de" => "Deutsch",
        _ => code,
    }
    .to_string()
}

/// Whether `code` has the shape of a BCP 47 language tag Vertebra accepts as a URL segment
/// and a file-name suffix: `es`, `pt-br`, `zh-hant` (lowercase letters, one optional part).
pub fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or("");
    let primary_ok =
        (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_lowercase());
    let rest_ok = parts.all(|p| {
        (2..=8).contains(&p.len())
            && p.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    });
    primary_ok && rest_ok && code.matches('-').count() <= 1
}

/// The language suffix of a Markdown file name, if it has one of the shape of a language
/// code: `x.es.md` → (`x.md`, `es`), `index.es.md` → (`index.md`, `es`).
pub fn split_language_suffix(name: &str) -> Option<(String, &str)> {
    let stem = name.strip_suffix(".md")?;
    let (base, code) = stem.rsplit_once('.')?;
    (!base.is_empty() && is_language_code(code)).then(|| (format!("{base}.md"), code))
}

/// The keys site.toml may have in a table under `[languages]`, for "did you mean".
pub fn known_keys(table: &str) -> &'static [&'static str] {
    let depth = table.matches('.').count();
    match (depth, table.ends_with(".cta")) {
        (1, _) => crate::load::typed::field_names::<LanguageConfig>(),
        (2, true) => crate::load::typed::field_names::<LanguageCta>(),
        _ => &[],
    }
}

/// Checks `[languages]`: codes of the right shape, none the default language's own table
/// with more than a `name`.
pub fn check(site: &SiteConfig, source: &Source<'_>, problems: &mut Diagnostics) {
    for (code, language) in &site.languages {
        let key = vec!["languages".to_string(), code.clone()];
        if !is_language_code(code) {
            problems.push(Diagnostic::error(
                source.locate(&key),
                Problem::InvalidValue {
                    key: format!("languages.{code}"),
                    expected: "a lowercase language code like \"es\" or \"pt-br\"".into(),
                    found: format!("\"{code}\""),
                },
            ));
        } else if *code == site.language {
            let only_name = LanguageConfig {
                name: language.name.clone(),
                ..LanguageConfig::default()
            };
            if *language != only_name {
                problems.push(Diagnostic::error(
                    source.locate(&key),
                    Problem::InvalidValue {
                        key: format!("languages.{code}"),
                        expected: format!(
                            "only `name` for the default language \"{code}\" (its title, description and CTA are the top-level keys of site.toml)"
                        ),
                        found: "other keys".into(),
                    },
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_language_suffixes() {
        assert_eq!(
            split_language_suffix("heat-or-cold.es.md"),
            Some(("heat-or-cold.md".into(), "es"))
        );
        assert_eq!(
            split_language_suffix("index.pt-br.md"),
            Some(("index.md".into(), "pt-br"))
        );
        assert_eq!(split_language_suffix("heat-or-cold.md"), None);
        assert_eq!(split_language_suffix("covid.19.md"), None);
        assert_eq!(split_language_suffix(".es.md"), None);
        assert!(!is_language_code("ES"));
        assert!(!is_language_code("español"));
    }
}
