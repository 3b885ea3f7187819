//! Theme strings: every word a theme prints comes from a catalogue of Project Fluent messages
//! (`strings/<language>.ftl` in the theme), so one theme speaks every language of a site.
//!
//! A language's strings are its catalogue with the site's overrides on top (`[strings]` for
//! the default language, `[languages.es.strings]` for another). Plurals follow CLDR rules
//! through Fluent's selectors (`{ $count -> [one] … *[other] … }`). A key a language lacks is
//! shown in the default language, and reported once as a warning naming the key. Templates
//! call `t(key="…", count=n)`; dates go through the `date` filter ([`format_date`]), which
//! formats with CLDR data (ICU4X) in the page's language.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use icu_datetime::DateTimeFormatter;
use icu_datetime::fieldsets::YMD;
use icu_datetime::input::Date;
use icu_locale_core::Locale;
use unic_langid::LanguageIdentifier;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Position, Problem};
use crate::link::pagination::ListOwner;
use crate::link::{Page, PageRef, Site};
use crate::load::theme::ThemeFile;
use crate::markdown::callout::CalloutWords;

type Bundle = FluentBundle<FluentResource>;

/// The language the built-in theme's catalogue is complete in: the last fallback, so a site in
/// a language no catalogue covers still builds (with a warning).
const BASE_LANGUAGE: &str = "en";

/// The strings of one language of a site, with the default language's behind them.
pub struct Strings {
    /// The page language's strings.
    own: Bundle,
    /// For keys `own` lacks, in order: the default language's (in another language), then the
    /// built-in theme's complete English catalogue (for a language no catalogue covers).
    fallback: Vec<Bundle>,
    /// The page language, for long dates ("12 de marzo de 2026") by CLDR data.
    language: String,
    /// Every message that takes no arguments, formatted once: most `t()` calls are these, on
    /// every page.
    plain: HashMap<String, String>,
}

thread_local! {
    /// Each rendering thread's long-date formatters, by language (ICU4X formatters are not
    /// `Sync`; making one from compiled data is cheap). `None`: no data for the language.
    static DATE_FORMATTERS: std::cell::RefCell<HashMap<String, Option<DateTimeFormatter<YMD>>>> =
        std::cell::RefCell::default();
    /// Each rendering thread's long dates already written, by language: an article's date is
    /// shown on its page and on every card of it in listings.
    static DATES: std::cell::RefCell<HashMap<String, HashMap<jiff::civil::Date, String>>> =
        std::cell::RefCell::default();
}

impl std::fmt::Debug for Strings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Strings").finish_non_exhaustive()
    }
}

/// The default language's code and a language's overrides, from the configuration.
fn overrides<'a>(site: &'a Site, code: &str) -> Vec<(&'a String, &'a String)> {
    let config = &site.config.site;
    if code == default_language(site) {
        config.strings.iter().collect()
    } else {
        config
            .languages
            .get(code)
            .map(|l| l.strings.iter().collect())
            .unwrap_or_default()
    }
}

fn default_language(site: &Site) -> &str {
    site.languages
        .list
        .first()
        .map_or(site.config.site.language.as_str(), |l| l.code.as_str())
}

impl Strings {
    /// The strings of `site`'s language from the theme's catalogue `files` and site.toml.
    /// Syntax errors are errors; keys the language lacks are warnings in `warnings`.
    pub fn load(
        site: &Site,
        files: &[ThemeFile],
        warnings: &mut Diagnostics,
    ) -> Result<Strings, Diagnostics> {
        let mut errors = Diagnostics::new();
        let language = site.config.site.language.clone();
        let default = default_language(site).to_string();
        let (own, own_keys) = bundle(site, files, &language, &mut errors);
        let default_language = language == default;
        let mut keys = own_keys.clone();
        let mut fallbacks: Vec<(String, Bundle)> = Vec::new();
        let mut catalogue_missing_said = false;
        for code in [default.as_str(), BASE_LANGUAGE] {
            if code == language || fallbacks.iter().any(|(c, _)| c == code) {
                continue;
            }
            let (fallback, fallback_keys) = bundle(site, files, code, &mut errors);
            let missing: Vec<String> = fallback_keys.difference(&keys).cloned().collect();
            let at = || Location::file(Path::new(crate::load::config::CONFIG_FILE));
            if own_keys.is_empty() && !missing.is_empty() {
                if !std::mem::replace(&mut catalogue_missing_said, true) {
                    warnings.push(Diagnostic::warning(
                        at(),
                        Problem::MissingCatalogue {
                            language: language.clone(),
                            fallback: code.to_string(),
                            default_language,
                        },
                    ));
                }
            } else {
                for key in missing {
                    warnings.push(Diagnostic::warning(
                        at(),
                        Problem::MissingString {
                            key: key.into_boxed_str(),
                            language: language.clone(),
                            fallback: code.to_string(),
                            default_language,
                        },
                    ));
                }
            }
            keys.extend(fallback_keys);
            fallbacks.push((code.to_string(), fallback));
        }
        if errors.has_errors() {
            return Err(errors);
        }
        let fallback = fallbacks.into_iter().map(|(_, bundle)| bundle).collect();
        Ok(Strings::new(own, fallback, language, &keys))
    }

    /// `keys`: every message of `own` and `fallback`.
    fn new(
        own: Bundle,
        fallback: Vec<Bundle>,
        language: String,
        keys: &BTreeSet<String>,
    ) -> Strings {
        let mut strings = Strings {
            own,
            fallback,
            language,
            plain: HashMap::new(),
        };
        for key in keys {
            let Some((bundle, pattern)) = strings.message(key) else {
                continue;
            };
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, None, &mut errors);
            // A message with a variable needs its arguments: it is formatted on each call.
            if errors.is_empty() {
                let text = text.into_owned();
                strings.plain.insert(key.clone(), text);
            }
        }
        strings
    }

    /// The message `key`'s bundle and pattern: the page language's, else the default's.
    fn message(&self, key: &str) -> Option<(&Bundle, &fluent_syntax::ast::Pattern<&str>)> {
        std::iter::once(&self.own)
            .chain(&self.fallback)
            .find_map(|bundle| Some((bundle, bundle.get_message(key)?.value()?)))
    }

    /// The page language's code: `en`, `es`.
    pub fn language(&self) -> &str {
        &self.language
    }

    /// The built-in theme's strings of `language` (`en` or `es`) alone, for unit tests.
    #[cfg(test)]
    pub fn builtin(language: &str) -> Strings {
        let text = match language {
            "es" => include_str!("../theme/default/strings/es.ftl"),
            _ => include_str!("../theme/default/strings/en.ftl"),
        };
        let mut bundle = Bundle::new_concurrent(vec![language.parse().unwrap_or_default()]);
        bundle.set_use_isolating(false);
        let mut errors = Diagnostics::new();
        let file = Path::new("strings.ftl");
        let mut keys = BTreeSet::new();
        add(&mut bundle, &mut keys, text.to_string(), file, &mut errors);
        assert!(!errors.has_errors(), "{errors:?}");
        Strings::new(bundle, Vec::new(), language.to_string(), &keys)
    }

    /// `date` as a long date in the page language: "12 March 2026", "12 de marzo de 2026";
    /// `2026-03-12` in a language ICU4X has no data for.
    pub fn format_date(&self, date: jiff::civil::Date) -> String {
        let known = DATES.with(|dates| {
            dates
                .borrow()
                .get(&self.language)
                .and_then(|d| d.get(&date).cloned())
        });
        if let Some(text) = known {
            return text;
        }
        let text = self.format_date_uncached(date);
        DATES.with(|dates| {
            dates
                .borrow_mut()
                .entry(self.language.clone())
                .or_default()
                .insert(date, text.clone())
        });
        text
    }

    fn format_date_uncached(&self, date: jiff::civil::Date) -> String {
        let input = Date::try_new_iso(
            date.year().into(),
            date.month().unsigned_abs(),
            date.day().unsigned_abs(),
        );
        DATE_FORMATTERS.with(|formatters| {
            let mut formatters = formatters.borrow_mut();
            let formatter = formatters
                .entry(self.language.clone())
                .or_insert_with(|| date_formatter(&self.language));
            match (formatter, input) {
                (Some(formatter), Ok(input)) => formatter.format(&input).to_string(),
                _ => date.to_string(),
            }
        })
    }

    /// The message `key` with `args`, in the page language or else the default one.
    pub fn format(&self, key: &str, args: Option<&FluentArgs<'_>>) -> Option<String> {
        if args.is_none_or(|args| args.iter().next().is_none())
            && let Some(text) = self.plain.get(key)
        {
            return Some(text.clone());
        }
        let (bundle, pattern) = self.message(key)?;
        let mut errors = Vec::new();
        Some(
            bundle
                .format_pattern(pattern, args, &mut errors)
                .into_owned(),
        )
    }
}

/// The long-date formatter of `language`. Plain `en` keeps the day-first order the theme has
/// always written ("12 March 2026", CLDR's `en-GB`); `en-US` writes "March 12, 2026".
fn date_formatter(language: &str) -> Option<DateTimeFormatter<YMD>> {
    let tag = if language == "en" { "en-GB" } else { language };
    let locale = Locale::try_from_str(tag).ok()?;
    DateTimeFormatter::try_new(locale.into(), YMD::long()).ok()
}

/// A bundle of `language`'s catalogue files with the site's overrides, and its keys.
fn bundle(
    site: &Site,
    files: &[ThemeFile],
    language: &str,
    errors: &mut Diagnostics,
) -> (Bundle, BTreeSet<String>) {
    let locale: LanguageIdentifier = language
        .parse()
        .unwrap_or_else(|_| LanguageIdentifier::default());
    let mut bundle = Bundle::new_concurrent(vec![locale]);
    // Bidi isolation marks would end up inside attributes and plain-text titles.
    bundle.set_use_isolating(false);
    let mut keys = BTreeSet::new();
    // `es-MX` takes the `es` catalogue, then its own `es-mx.ftl` on top.
    let primary = language
        .split('-')
        .next()
        .unwrap_or(language)
        .to_lowercase();
    let names = [
        format!("{primary}.ftl"),
        format!("{}.ftl", language.to_lowercase()),
    ];
    let catalogues = names
        .iter()
        .enumerate()
        .filter(|(i, name)| *i == 0 || **name != names[0])
        .flat_map(|(_, name)| files.iter().filter(move |f| f.name == *name));
    for file in catalogues {
        let text = match file.source.read() {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(error) => {
                errors.push(Diagnostic::io(
                    &site.config.root,
                    &file.display,
                    "read",
                    &error,
                ));
                continue;
            }
        };
        add(&mut bundle, &mut keys, text, &file.display, errors);
    }
    let written = overrides(site, language);
    if !written.is_empty() {
        let mut text = String::new();
        for (key, value) in &written {
            // A value over several lines continues indented, as Fluent wants.
            text.push_str(&format!("{key} = {}\n", value.replace('\n', "\n    ")));
        }
        add(
            &mut bundle,
            &mut keys,
            text,
            Path::new(crate::load::config::CONFIG_FILE),
            errors,
        );
    }
    (bundle, keys)
}

/// Parses `text` into `bundle` (later messages replace earlier ones); a syntax error is an
/// error at its line.
fn add(
    bundle: &mut Bundle,
    keys: &mut BTreeSet<String>,
    text: String,
    file: &Path,
    errors: &mut Diagnostics,
) {
    let resource = match FluentResource::try_new(text) {
        Ok(resource) => resource,
        Err((resource, problems)) => {
            for problem in problems {
                let start = problem.pos.start.min(resource.source().len());
                let position = Position::from_offset(resource.source(), start, 1, 1);
                errors.push(Diagnostic::error(
                    Location::at(file, position),
                    Problem::Syntax {
                        format: "Fluent",
                        message: problem.kind.to_string(),
                    },
                ));
            }
            resource
        }
    };
    for entry in resource.entries() {
        if let fluent_syntax::ast::Entry::Message(message) = entry {
            keys.insert(message.id.name.to_string());
        }
    }
    bundle.add_resource_overriding(resource);
}

/// The words of callouts (`callout-note`, …, `seek-urgent-care`, `urgent-call`) in `site`'s
/// language from the theme's catalogue `files` and site.toml's overrides. The Markdown stage
/// runs before the theme is loaded, so it is handed them; problems with the catalogues are
/// reported when the theme loads (an English word stands in meanwhile).
pub fn callout_words(site: &Site, files: &[ThemeFile]) -> CalloutWords {
    let mut words = CalloutWords::default();
    let Ok(strings) = Strings::load(site, files, &mut Diagnostics::new()) else {
        return words;
    };
    let keys = [
        "callout-note",
        "callout-tip",
        "callout-important",
        "callout-warning",
        "callout-caution",
        "seek-urgent-care",
    ];
    for (label, key) in words.labels.iter_mut().zip(keys) {
        if let Some(word) = strings.format(key, None) {
            *label = word;
        }
    }
    if let Some(call_us) = strings.format("urgent-call", None) {
        words.call_us = call_us;
    }
    words
}

/// The title and description of a page whose words are the theme's rather than a content
/// file's (a full list of articles, the not-found page), in the page language; `None` keeps
/// the page's own.
pub fn page_title(page: &Page<'_>, strings: &Strings) -> (Option<String>, Option<String>) {
    let say = |key: &str, args: &[(&str, String)]| {
        let mut fluent = FluentArgs::new();
        for (name, value) in args {
            fluent.set(*name, FluentValue::from(value.clone()));
        }
        strings.format(key, Some(&fluent))
    };
    match page.kind {
        PageRef::ArticleList(list) => {
            let name = list.owner_title.clone();
            let title = match list.owner {
                ListOwner::Therapy(_) | ListOwner::Condition(_) => {
                    say("articles-about", &[("topic", name.to_lowercase())])
                }
                ListOwner::Written(_) => say("articles-by", &[("name", name)]),
                ListOwner::Reviewed(_) => say("list-reviewed-by", &[("name", name)]),
            };
            let description = title
                .as_ref()
                .and_then(|t| say("list-description", &[("title", t.clone())]));
            (title, description)
        }
        PageRef::Search => (say("search-title", &[]), None),
        PageRef::NotFound => (say("page-not-found", &[]), None),
        _ => (None, None),
    }
}

/// Fluent arguments from a template call's keyword arguments (all but `key`).
pub fn arguments(kwargs: &tera::Kwargs) -> FluentArgs<'static> {
    let mut args = FluentArgs::new();
    for (name, value) in kwargs.iter() {
        let Some(name) = name.as_str() else { continue };
        if name == "key" {
            continue;
        }
        let value = match (value.as_i64(), value.as_f64(), value.as_str()) {
            (Some(n), _, _) => FluentValue::from(n),
            (None, Some(n), _) => FluentValue::from(n),
            (None, None, Some(s)) => FluentValue::from(s.to_string()),
            _ => FluentValue::from(value.to_string()),
        };
        args.set(name.to_string(), value);
    }
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_without_arguments_are_formatted_once_and_others_on_each_call() {
        let strings = Strings::builtin("es");
        assert_eq!(
            strings.plain.get("home").map(String::as_str),
            Some("Inicio")
        );
        assert_eq!(strings.format("home", None).as_deref(), Some("Inicio"));
        assert!(!strings.plain.contains_key("article-count"));
        let mut args = FluentArgs::new();
        args.set("count", 3);
        assert_eq!(
            strings.format("article-count", Some(&args)).as_deref(),
            Some("3 artículos")
        );
    }

    #[test]
    fn a_date_is_the_same_from_the_cache() {
        let strings = Strings::builtin("es");
        let date = jiff::civil::date(2026, 3, 12);
        assert_eq!(strings.format_date(date), "12 de marzo de 2026");
        assert_eq!(strings.format_date(date), "12 de marzo de 2026");
        assert_eq!(
            Strings::builtin("en").format_date(date),
            "12 March 2026",
            "each language has its own"
        );
    }
}
