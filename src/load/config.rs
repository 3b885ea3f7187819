//! site.toml: the typed site configuration, its defaults, and its validation.
//!
//! Unknown keys are errors with a "did you mean" hint; site-specific values go under `[extra]`.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Problem, display_path};
use crate::load::phone::{self, Phone};
use crate::load::typed::{Format, Source, field_names};

/// The file name of the site configuration.
pub const CONFIG_FILE: &str = "site.toml";

/// The whole of site.toml.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct SiteConfig {
    /// The site's name, shown in the header and the `<title>`.
    pub title: String,
    /// The public address of the site, e.g. `https://example.org/clinic/`.
    pub base_url: String,
    /// One sentence about the site, for search results and the home page.
    #[serde(default)]
    pub description: String,
    /// The language of the content, for `<html lang>`.
    #[serde(default = "default_language")]
    pub language: String,
    /// The theme (`theme = "default"`) or `[theme]` with its name and the clinic's branding.
    #[serde(default)]
    pub theme: crate::load::theme::settings::ThemeConfig,
    /// Where the built site goes, relative to the site root.
    #[serde(default = "default_output_dir")]
    pub output_dir: PathBuf,
    /// How many of the newest articles the Atom feed carries (0: all of them).
    #[serde(default = "default_feed_limit")]
    pub feed_limit: usize,
    /// The footer disclaimer.
    #[serde(default = "default_disclaimer")]
    pub disclaimer: String,
    /// The clinic behind the site.
    #[serde(default)]
    pub clinic: ClinicConfig,
    /// The call-to-action block.
    #[serde(default)]
    pub cta: CtaConfig,
    /// The therapy index.
    #[serde(default)]
    pub therapy_index: TherapyIndexConfig,
    /// The people who write and review articles, by id (`[authors.lena-park]`).
    #[serde(default)]
    pub authors: BTreeMap<String, AuthorConfig>,
    /// How listings are split into pages (`[pagination]`, see docs/pagination.md).
    #[serde(default)]
    pub pagination: crate::load::pagination::PaginationConfig,
    /// How many months a medical review stays current; older ones are reported.
    #[serde(default = "default_review_interval")]
    pub review_interval_months: u32,
    /// Plain-language checks (see docs/editorial.md).
    #[serde(default)]
    pub editorial: EditorialConfig,
    /// Site search (`[search]`, see docs/search.md).
    #[serde(default)]
    pub search: SearchConfig,
    /// Theme strings in the default language, overriding the theme's catalogue (`[strings]`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub strings: BTreeMap<String, String>,
    /// The other languages the site is published in (`[languages.es]`, see docs/i18n.md).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub languages: BTreeMap<String, crate::load::languages::LanguageConfig>,
    /// Anything else a theme wants.
    #[serde(default)]
    pub extra: serde_json::Map<String, Value>,
    /// `[cms]`: the editing screen at /admin/ (docs/cms.md).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cms: Option<crate::load::cms::CmsConfig>,
}

fn default_feed_limit() -> usize {
    50
}

/// The footer disclaimer when site.toml sets none (in English; other languages take the
/// theme string `disclaimer`).
pub fn default_disclaimer() -> String {
    "This site offers general information, not medical advice. It cannot diagnose you or \
     replace a visit to a clinician who can examine you. In an emergency, call 911."
        .to_string()
}

fn default_review_interval() -> u32 {
    12
}

fn default_language() -> String {
    "en".to_string()
}

fn default_output_dir() -> PathBuf {
    PathBuf::from("public")
}

/// `[clinic]`: who runs the site and how to reach them.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ClinicConfig {
    /// The clinic's name.
    pub name: Option<String>,
    /// The phone number, written any common way.
    pub phone: Option<String>,
    /// A contact e-mail address.
    pub email: Option<String>,
    /// Street and number.
    pub street_address: Option<String>,
    /// City or town.
    pub locality: Option<String>,
    /// State or region.
    pub region: Option<String>,
    /// Postal or ZIP code.
    pub postal_code: Option<String>,
    /// Two-letter ISO country code; phone numbers are read as numbers of this country.
    pub country: Option<String>,
    /// Opening hours in schema.org's syntax, e.g. `["Mo-Fr 08:00-17:00"]` (pages show them in
    /// words).
    #[serde(default)]
    pub opening_hours: Vec<String>,
    /// What to do in an emergency, shown in every "seek urgent care" box.
    pub emergency: Option<String>,
}

/// The emergency instruction when `[clinic] emergency` is not set.
pub const DEFAULT_EMERGENCY: &str =
    "If you think you have a medical emergency, call 911 or go to the nearest emergency room.";

impl ClinicConfig {
    /// The country phone numbers default to.
    pub fn country_code(&self) -> &str {
        self.country.as_deref().unwrap_or("US")
    }
}

/// The page kinds a CTA block can be shown on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    /// An article page.
    Article,
    /// A therapy or procedure page.
    Therapy,
    /// The home page.
    Home,
    /// A section listing such as /articles/.
    Section,
    /// The therapy index at /therapies/.
    Therapies,
    /// A condition page.
    Condition,
    /// The condition index at /conditions/.
    Conditions,
}

/// `[cta]`: the call-to-action block's site-wide fields.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct CtaConfig {
    /// The block's heading.
    #[serde(default = "default_cta_heading")]
    pub heading: String,
    /// Markdown text under the heading.
    #[serde(default = "default_cta_text")]
    pub text: String,
    /// The label of the call button.
    #[serde(default = "default_cta_button")]
    pub button: String,
    /// The number to call; defaults to `[clinic] phone`.
    pub phone: Option<String>,
    /// An optional online booking page.
    pub url: Option<String>,
    /// The page kinds that show the block at the end.
    #[serde(default = "default_show_on")]
    pub show_on: Vec<PageKind>,
}

impl Default for CtaConfig {
    fn default() -> Self {
        CtaConfig {
            heading: default_cta_heading(),
            text: default_cta_text(),
            button: default_cta_button(),
            phone: None,
            url: None,
            show_on: default_show_on(),
        }
    }
}

fn default_cta_heading() -> String {
    "Talk to a spine specialist".to_string()
}

fn default_cta_text() -> String {
    "Call us to book a consultation. We will listen, examine you and explain your options."
        .to_string()
}

fn default_cta_button() -> String {
    "Call to book a consultation".to_string()
}

fn default_show_on() -> Vec<PageKind> {
    vec![PageKind::Article, PageKind::Therapy, PageKind::Condition]
}

/// `[therapy_index]`: how therapies are compared and linked.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct TherapyIndexConfig {
    /// Extra columns of the comparison table, read from each therapy's `[extra]`.
    #[serde(default)]
    pub compare: Vec<String>,
    /// Whether the first mention of a therapy in an article links to it.
    #[serde(default = "default_true")]
    pub auto_link: bool,
}

impl Default for TherapyIndexConfig {
    fn default() -> Self {
        TherapyIndexConfig {
            compare: Vec::new(),
            auto_link: true,
        }
    }
}

fn default_true() -> bool {
    true
}

/// `[editorial]`: plain-language checks.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct EditorialConfig {
    /// The highest reading grade a page may have before it is reported (a warning; an error
    /// with `--strict`). Not set: grades are measured but never reported.
    pub max_reading_grade: Option<f64>,
}

/// `[search]`: the search index, the search box in the header and the `/search/` page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct SearchConfig {
    /// Whether the site has search (not set: on).
    pub enabled: Option<bool>,
}

/// `[authors.<id>]`: someone who writes or reviews articles. Front matter names them by id
/// (`author = "lena-park"`); the id is also their page's URL segment (`/authors/lena-park/`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct AuthorConfig {
    /// Their name without credentials: "Lena Park".
    pub name: String,
    /// Degrees and licences shown after the name: "MD", "PT, DPT".
    pub credentials: Option<String>,
    /// Their role: "Physiatrist".
    pub job_title: Option<String>,
    /// A short biography, in Markdown.
    pub bio: Option<String>,
    /// A page about them elsewhere, such as a professional profile (absolute http(s) URL).
    pub url: Option<String>,
}

/// The configuration plus what was derived from it while validating.
#[derive(Debug, Clone)]
pub struct Config {
    /// site.toml as written (with `base_url` possibly overridden).
    pub site: SiteConfig,
    /// The site root folder.
    pub root: PathBuf,
    /// `base_url` with exactly one trailing slash.
    pub base_url: String,
    /// The path part of `base_url`, starting and ending with `/`: `/` or `/clinic/`.
    pub base_path: String,
    /// The clinic's phone, validated.
    pub clinic_phone: Option<Phone>,
    /// The CTA's phone (its own, else the clinic's), validated.
    pub cta_phone: Option<Phone>,
    /// The site CTA's text, rendered from Markdown once.
    pub cta_text_html: String,
    /// `[pagination]`, validated.
    pub pagination: crate::load::pagination::Pagination,
    /// site.toml's text as read, so later stages can point at a key's line without reading
    /// the file again.
    pub source_text: String,
}

impl Config {
    /// Whether the site has search: `[search] enabled` (on by default), in a Vertebra built
    /// with the `search` feature (on by default).
    pub fn has_search(&self) -> bool {
        cfg!(feature = "search") && self.site.search.enabled != Some(false)
    }

    /// The output folder, absolute.
    pub fn output_dir(&self) -> PathBuf {
        self.root.join(&self.site.output_dir)
    }

    /// `path` (a site path like `/articles/x/`) as a URL under the base path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path.trim_start_matches('/'))
    }

    /// `path` as an absolute URL under `base_url`.
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path.trim_start_matches('/'))
    }
}

fn known_keys(table: &str) -> &'static [&'static str] {
    match table {
        "" => field_names::<SiteConfig>(),
        "clinic" => field_names::<ClinicConfig>(),
        "cta" => field_names::<CtaConfig>(),
        "therapy_index" => field_names::<TherapyIndexConfig>(),
        "theme" => field_names::<crate::load::theme::settings::ThemeTable>(),
        "editorial" => field_names::<EditorialConfig>(),
        "search" => field_names::<SearchConfig>(),
        "pagination" => field_names::<crate::load::pagination::PaginationConfig>(),
        "cms" => field_names::<crate::load::cms::CmsConfig>(),
        author if author.starts_with("authors.") => field_names::<AuthorConfig>(),
        language if language.starts_with("languages.") => {
            crate::load::languages::known_keys(language)
        }
        _ => &[],
    }
}

/// Fails as [`load`] does when `root` has no site.toml, without reading it.
pub fn require(root: &Path) -> Result<(), Diagnostics> {
    if root.join(CONFIG_FILE).is_file() {
        return Ok(());
    }
    Err(Diagnostic::global(Problem::MissingSiteConfig {
        root: root.to_path_buf(),
        searched_above: false,
    })
    .into())
}

/// Reads and validates `root/site.toml`; `base_url` overrides the file's when given.
pub fn load(root: &Path, base_url: Option<&str>) -> Result<Config, Diagnostics> {
    let path = root.join(CONFIG_FILE);
    let text = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Err(Diagnostic::global(Problem::MissingSiteConfig {
                root: root.to_path_buf(),
                searched_above: false,
            })
            .into());
        }
        Err(error) => return Err(Diagnostic::io(root, &path, "read site.toml", &error).into()),
    };
    let file = display_path(root, &path);
    let text = crate::load::content::decode_text(&file, &text).map_err(Diagnostics::from)?;
    let source = config_source(&file, &text);
    let table = source.parse().map_err(Diagnostics::from)?;
    let mut site: SiteConfig = source.deserialize(table, &known_keys).map_err(|d| {
        let mut all = Diagnostics::new();
        all.extend(d);
        all
    })?;
    let mut problems = Diagnostics::new();
    let base_url_value = base_url
        .map(str::to_string)
        .unwrap_or(site.base_url.clone());
    let key = |k: &str| -> Vec<String> { k.split('.').map(str::to_string).collect() };
    let (base_url, base_path) = match split_base_url(&base_url_value) {
        Ok(parts) => parts,
        Err(expected) => {
            let problem = Problem::InvalidValue {
                key: "base_url".into(),
                expected: expected.into(),
                found: format!("\"{base_url_value}\""),
            };
            problems.push(match base_url {
                // The value came from the command line, not from site.toml.
                Some(_) => Diagnostic::global(Problem::InvalidOption {
                    option: "--base-url",
                    problem: Box::new(problem),
                }),
                None => Diagnostic::error(source.locate(&key("base_url")), problem),
            });
            (String::new(), "/".to_string())
        }
    };
    site.base_url = base_url.clone();
    let country = site.clinic.country_code().to_string();
    if let Err(reason) = phone::parse_country(&country) {
        problems.push(Diagnostic::error(
            source.locate(&key("clinic.country")),
            Problem::InvalidValue {
                key: "clinic.country".into(),
                expected: "a two-letter country code like \"US\"".into(),
                found: format!("\"{country}\" ({reason})"),
            },
        ));
    }
    let mut check_phone = |key_name: &str, value: &Option<String>| -> Option<Phone> {
        let value = value.as_ref()?;
        match phone::parse(value, &country) {
            Ok(phone) => Some(phone),
            Err(reason) => {
                problems.push(Diagnostic::error(
                    source.locate(&key(key_name)),
                    Problem::InvalidPhone {
                        found: value.clone(),
                        reason,
                    },
                ));
                None
            }
        }
    };
    let clinic_phone = check_phone("clinic.phone", &site.clinic.phone);
    let cta_phone = check_phone("cta.phone", &site.cta.phone).or_else(|| clinic_phone.clone());
    check_output_dir(root, &site.output_dir, &source, &mut problems);
    // The theme is a folder of themes/, never a path that leads out of the site.
    let mut theme = Path::new(&site.theme.name).components();
    if !matches!(
        (theme.next(), theme.next()),
        (Some(Component::Normal(_)), None)
    ) {
        problems.push(Diagnostic::error(
            source.locate(&key("theme")),
            Problem::InvalidValue {
                key: "theme".into(),
                expected: "the name of a folder in themes/, like \"default\"".into(),
                found: format!("\"{}\"", site.theme.name),
            },
        ));
    }
    crate::load::theme::check_settings(&site, &source, &mut problems);
    check_trust_settings(&site, &source, &mut problems);
    crate::load::languages::check(&site, &source, &mut problems);
    let pagination =
        crate::load::pagination::check_config(&site.pagination, &source, &mut problems);
    crate::load::cms::check(site.cms.as_ref(), &source, &mut problems);
    if problems.has_errors() {
        return Err(problems);
    }
    Ok(Config {
        cta_text_html: crate::markdown::render_inline(&site.cta.text),
        site,
        root: root.to_path_buf(),
        base_url,
        base_path,
        clinic_phone,
        cta_phone,
        pagination,
        source_text: text,
    })
}

/// Splits `https://host/path/` into the URL with one trailing slash and its path.
fn split_base_url(url: &str) -> Result<(String, String), &'static str> {
    const EXPECTED: &str = "an absolute http(s) URL like \"https://example.org/\"";
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or(EXPECTED)?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if host.is_empty() || host.contains(char::is_whitespace) || path.contains(['?', '#', ' ']) {
        return Err(EXPECTED);
    }
    let path = path.trim_matches('/');
    let base_path = if path.is_empty() {
        "/".to_string()
    } else {
        format!("/{path}/")
    };
    let scheme_len = url.len() - rest.len();
    Ok((
        format!("{}{host}{base_path}", &url[..scheme_len]),
        base_path,
    ))
}

/// Refuses output folders that would overwrite the site itself or something outside it.
fn check_output_dir(root: &Path, output: &Path, source: &Source<'_>, problems: &mut Diagnostics) {
    if let Err(reason) = crate::output::check_output_dir(root, output) {
        problems.push(Diagnostic::error(
            source.locate(&["output_dir".to_string()]),
            Problem::DangerousOutputDir {
                path: output.to_path_buf(),
                reason,
            },
        ));
    }
}

/// site.toml's text as a [`Source`], for parsing and locating keys.
fn config_source<'a>(file: &'a Path, text: &'a str) -> Source<'a> {
    Source {
        file,
        text,
        first_line: 1,
        format: Format::Toml,
        within: CONFIG_FILE,
    }
}

/// Author ids must be plain URL segments, author URLs absolute, the review interval positive.
fn check_trust_settings(site: &SiteConfig, source: &Source<'_>, problems: &mut Diagnostics) {
    let key = |parts: &[&str]| -> Vec<String> { parts.iter().map(|p| p.to_string()).collect() };
    for (id, author) in &site.authors {
        if slug::slugify(id) != *id {
            problems.push(Diagnostic::error(
                source.locate(&key(&["authors", id])),
                Problem::InvalidValue {
                    key: format!("authors.{id}"),
                    expected: "an author id of lowercase letters, digits and hyphens, like [authors.lena-park]"
                        .into(),
                    found: format!("[authors.{id}]"),
                },
            ));
        }
        if let Some(url) = &author.url
            && !is_absolute_http_url(url)
        {
            problems.push(Diagnostic::error(
                source.locate(&key(&["authors", id, "url"])),
                Problem::InvalidValue {
                    key: format!("authors.{id}.url"),
                    expected: "an absolute http(s) URL like \"https://example.org/profile\"".into(),
                    found: format!("\"{url}\""),
                },
            ));
        }
    }
    if let Some(grade) = site.editorial.max_reading_grade
        && !(1.0..=30.0).contains(&grade)
    {
        problems.push(Diagnostic::error(
            source.locate(&key(&["editorial", "max_reading_grade"])),
            Problem::InvalidValue {
                key: "editorial.max_reading_grade".into(),
                expected: "a school grade from 1 to 30, like 8".into(),
                found: grade.to_string(),
            },
        ));
    }
    if site.review_interval_months == 0 {
        problems.push(Diagnostic::error(
            source.locate(&key(&["review_interval_months"])),
            Problem::InvalidValue {
                key: "review_interval_months".into(),
                expected: "a number of months of at least 1".into(),
                found: "0".into(),
            },
        ));
    }
}

/// Whether `url` is an absolute `http://` or `https://` URL with a host.
pub fn is_absolute_http_url(url: &str) -> bool {
    url.strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .is_some_and(|rest| {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            !host.is_empty() && !url.contains(char::is_whitespace)
        })
}

/// The location of `key` in site.toml, for problems found after loading.
pub fn locate_key(config: &Config, key: &str) -> Location {
    let file = display_path(&config.root, &config.root.join(CONFIG_FILE));
    config_source(&file, &config.source_text)
        .locate(&key.split('.').map(str::to_string).collect::<Vec<_>>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_base_urls() {
        assert_eq!(
            split_base_url("https://example.org").unwrap(),
            ("https://example.org/".into(), "/".into())
        );
        assert_eq!(
            split_base_url("https://example.org/clinic").unwrap(),
            ("https://example.org/clinic/".into(), "/clinic/".into())
        );
        assert!(split_base_url("example.org").is_err());
        assert!(split_base_url("https:///x").is_err());
    }
}
