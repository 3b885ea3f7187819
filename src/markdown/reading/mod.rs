//! Editorial checks: the reading level of each article's and therapy's prose, and the data of
//! `vertebra report`.
//!
//! The Markdown pass counts each body's prose as it renders it ([`prose`]); [`reading`]
//! turns the counts into grades with the standard formulas; [`check`] warns about pages
//! above `[editorial] max_reading_grade`.

pub mod abbreviation;
pub mod ascii;
pub mod grade;
pub mod prose;
pub mod snippet;
pub mod syllables;
pub mod whole_words;

use serde::Serialize;

/// A language whose reading level Vertebra can measure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// English: Flesch–Kincaid grade and SMOG.
    #[default]
    English = 0,
    /// Spanish: Crawford grade, Fernández Huerta and INFLESZ.
    Spanish = 1,
}

impl Language {
    /// The language of a BCP 47 tag such as `en`, `en-US` or `es-MX`; `None` for a language
    /// without formulas here (its pages get no reading grade).
    pub fn for_code(code: &str) -> Option<Language> {
        let primary = code
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Language::English),
            "es" => Some(Language::Spanish),
            _ => None,
        }
    }
}

/// The language a page's prose is measured in: the site's `language` today. When pages carry
/// a language of their own (the i18n work), this is the one place to ask the page first.
pub fn page_language(site_language: &str, opted_out: bool) -> Option<Language> {
    if opted_out {
        return None;
    }
    Language::for_code(site_language)
}
