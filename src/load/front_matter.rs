//! Front matter: splitting it from the body, and the typed keys of each kind of content file.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::diagnostics::Problem;
use crate::load::typed::{Format, field_names};

/// A content file cut into front matter and Markdown body.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    /// TOML or YAML.
    pub format: Format,
    /// The text between the delimiter lines.
    pub front: &'a str,
    /// Line number of the first line of `front`.
    pub front_first_line: usize,
    /// The Markdown after the closing delimiter.
    pub body: &'a str,
    /// Line number of the first line of `body`.
    pub body_first_line: usize,
}

/// Cuts `text` (already free of a BOM) into front matter and body. On failure, the problem and
/// the 1-based line it belongs to.
pub fn split(text: &str) -> Result<Split<'_>, (Problem, usize)> {
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let opening = text[..first_line_end].trim_end();
    let (format, delimiter) = match opening {
        "+++" => (Format::Toml, "+++"),
        "---" => (Format::Yaml, "---"),
        _ => return Err((Problem::MissingFrontMatter, 1)),
    };
    let mut offset = first_line_end;
    let mut line = 2;
    while offset < text.len() {
        let end = text[offset..]
            .find('\n')
            .map_or(text.len(), |i| offset + i + 1);
        if text[offset..end].trim_end() == delimiter {
            return Ok(Split {
                format,
                front: &text[first_line_end..offset],
                front_first_line: 2,
                body: &text[end..],
                body_first_line: line + 1,
            });
        }
        offset = end;
        line += 1;
    }
    Err((Problem::UnterminatedFrontMatter { delimiter }, 1))
}

/// A date from front matter: `2024-08-26` or an RFC 3339 date-time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentDate {
    /// The calendar date.
    pub date: jiff::civil::Date,
    /// The exact instant, when a time was given.
    pub timestamp: Option<jiff::Timestamp>,
}

impl ContentDate {
    /// Parses `2024-08-26`, `2024-08-26T10:00:00Z`, `2024-08-26T10:00:00+02:00` or a local
    /// `2024-08-26T10:00:00`.
    pub fn parse(text: &str) -> Option<ContentDate> {
        let text = text.trim();
        if text.len() == 10
            && let Ok(date) = text.parse::<jiff::civil::Date>()
        {
            return Some(ContentDate {
                date,
                timestamp: None,
            });
        }
        if let Ok(timestamp) = text.parse::<jiff::Timestamp>() {
            let offset = offset_of(text);
            let date = timestamp.to_zoned(jiff::tz::TimeZone::fixed(offset)).date();
            return Some(ContentDate {
                date,
                timestamp: Some(timestamp),
            });
        }
        let datetime = text.parse::<jiff::civil::DateTime>().ok()?;
        let timestamp = datetime.to_zoned(jiff::tz::TimeZone::UTC).ok()?.timestamp();
        Some(ContentDate {
            date: datetime.date(),
            timestamp: Some(timestamp),
        })
    }

    /// `2024-08-26`.
    pub fn iso_date(&self) -> String {
        self.date.to_string()
    }

    /// RFC 3339, for feeds and sitemaps: midnight UTC when no time was given.
    pub fn rfc3339(&self) -> String {
        match self.timestamp {
            Some(ts) => ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
            None => format!("{}T00:00:00Z", self.date),
        }
    }
}

fn offset_of(text: &str) -> jiff::tz::Offset {
    let tail = &text[text.len().saturating_sub(6)..];
    if tail.ends_with('Z') || tail.ends_with('z') {
        return jiff::tz::Offset::UTC;
    }
    let sign = if tail.starts_with('-') { -1 } else { 1 };
    let hours: i32 = tail.get(1..3).and_then(|h| h.parse().ok()).unwrap_or(0);
    let minutes: i32 = tail.get(4..6).and_then(|m| m.parse().ok()).unwrap_or(0);
    jiff::tz::Offset::from_seconds(sign * (hours * 3600 + minutes * 60))
        .unwrap_or(jiff::tz::Offset::UTC)
}

impl<'de> Deserialize<'de> for ContentDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl Visitor<'_> for DateVisitor {
            type Value = ContentDate;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date like 2024-08-26")
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<ContentDate, E> {
                ContentDate::parse(value)
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Str(value), &self))
            }
        }
        deserializer.deserialize_str(DateVisitor)
    }
}

/// `cta = false` hides the block; a `[cta]` table overrides some of its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CtaOverride {
    /// `cta = false`.
    Hidden,
    /// `cta = true` (no change) or a table of fields.
    Fields(CtaFields),
}

/// The fields of a CTA block that a therapy or article may override.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct CtaFields {
    /// The block's heading.
    pub heading: Option<String>,
    /// Markdown text.
    pub text: Option<String>,
    /// The button label.
    pub button: Option<String>,
    /// The number to call.
    pub phone: Option<String>,
    /// A booking page.
    pub url: Option<String>,
}

impl<'de> Deserialize<'de> for CtaOverride {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CtaVisitor;
        impl<'de> Visitor<'de> for CtaVisitor {
            type Value = CtaOverride;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("false or a table of heading, text, button, phone and url")
            }
            fn visit_bool<E: de::Error>(self, show: bool) -> Result<CtaOverride, E> {
                Ok(if show {
                    CtaOverride::Fields(CtaFields::default())
                } else {
                    CtaOverride::Hidden
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<CtaOverride, A::Error> {
                CtaFields::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(CtaOverride::Fields)
            }
        }
        deserializer.deserialize_any(CtaVisitor)
    }
}

/// Whether a therapy page is about a therapy or a procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TherapyKind {
    /// Conservative care: exercise, manual therapy, heat, …
    Therapy,
    /// A medical procedure: injections, ablation, surgery, …
    Procedure,
}

/// How invasive a therapy or procedure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Invasiveness {
    /// Nothing enters the body.
    NonInvasive,
    /// Needles or small incisions.
    MinimallyInvasive,
    /// Open or conventional surgery.
    Surgical,
}

/// The keys of an article's front matter.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ArticleFrontMatter {
    /// The headline.
    pub title: String,
    /// One sentence for listings and search results.
    pub description: Option<String>,
    /// Publication date.
    pub date: Option<ContentDate>,
    /// Last substantive update.
    pub updated: Option<ContentDate>,
    /// Left out of the build unless `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Replaces the last URL segment.
    pub slug: Option<String>,
    /// Slugs of the therapies the article discusses, most relevant first.
    #[serde(default)]
    pub therapies: Vec<String>,
    /// Slugs of the conditions the article is about, most relevant first.
    #[serde(default)]
    pub conditions: Vec<String>,
    /// Who wrote it.
    pub author: Option<String>,
    /// Which clinician reviewed it.
    pub reviewed_by: Option<String>,
    /// When it was last medically reviewed.
    pub last_reviewed: Option<ContentDate>,
    /// The sources it is based on, shown as a numbered list.
    #[serde(default)]
    pub references: Vec<Reference>,
    /// A template other than `article.html`.
    pub template: Option<String>,
    /// Old URLs that should redirect here.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Hide (`false`) or override the call-to-action block.
    pub cta: Option<CtaOverride>,
    /// Turns therapy auto-linking off (`false`) for this article.
    pub auto_link: Option<bool>,
    /// `false` leaves the article out of the reading-level check (a list of references).
    pub reading_level: Option<bool>,
    /// Anything else a theme wants.
    #[serde(default)]
    pub extra: serde_json::Map<String, Value>,
}

/// One entry of an article's `references`: a source it is based on.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Reference {
    /// The source's title.
    pub title: String,
    /// Where to read it (absolute http(s) URL).
    pub url: Option<String>,
    /// Who published it: "National Institutes of Health".
    pub publisher: Option<String>,
    /// The year it was published or last updated.
    pub year: Option<i32>,
}

/// The keys of a therapy or procedure page's front matter.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct TherapyFrontMatter {
    /// Its name.
    pub title: String,
    /// Therapy or procedure.
    pub kind: TherapyKind,
    /// Other names, also used for auto-linking.
    #[serde(default)]
    pub also_known_as: Vec<String>,
    /// One or two sentences for the therapy index.
    pub summary: Option<String>,
    /// How invasive it is.
    pub invasiveness: Option<Invasiveness>,
    /// Typical recovery, in words.
    pub recovery: Option<String>,
    /// Slugs of the conditions it treats.
    #[serde(default)]
    pub treats: Vec<String>,
    /// Left out of the build unless `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// A template other than `therapy.html`.
    pub template: Option<String>,
    /// Old URLs that should redirect here.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Hide (`false`) or override the call-to-action block.
    pub cta: Option<CtaOverride>,
    /// `false` leaves the page out of the reading-level check.
    pub reading_level: Option<bool>,
    /// Anything else a theme (or the comparison table) wants.
    #[serde(default)]
    pub extra: serde_json::Map<String, Value>,
}

/// A region of the spine, for grouping conditions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Region {
    /// The neck.
    Cervical,
    /// The upper and middle back.
    Thoracic,
    /// The lower back.
    Lumbar,
    /// The base of the spine.
    Sacral,
}

impl Region {
    /// Every region, from the top of the spine down.
    pub const ALL: [Region; 4] = [
        Region::Cervical,
        Region::Thoracic,
        Region::Lumbar,
        Region::Sacral,
    ];

    /// The region as written in front matter: `lumbar`.
    pub fn key(self) -> &'static str {
        match self {
            Region::Cervical => "cervical",
            Region::Thoracic => "thoracic",
            Region::Lumbar => "lumbar",
            Region::Sacral => "sacral",
        }
    }
}

/// The keys of a condition page's front matter.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ConditionFrontMatter {
    /// Its name.
    pub title: String,
    /// Other names, also used for auto-linking.
    #[serde(default)]
    pub also_known_as: Vec<String>,
    /// One or two sentences for the conditions index.
    pub summary: Option<String>,
    /// The parts of the spine it affects.
    #[serde(default)]
    pub regions: Vec<Region>,
    /// What patients notice.
    #[serde(default)]
    pub symptoms: Vec<String>,
    /// Symptoms that need urgent care.
    #[serde(default)]
    pub red_flags: Vec<String>,
    /// Left out of the build unless `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// A template other than `condition.html`.
    pub template: Option<String>,
    /// Old URLs that should redirect here.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Hide (`false`) or override the call-to-action block.
    pub cta: Option<CtaOverride>,
    /// Leaves the page out of the reading-level check (`false`).
    pub reading_level: Option<bool>,
    /// Anything else a theme wants.
    #[serde(default)]
    pub extra: serde_json::Map<String, Value>,
}

/// The keys of an `_index.md` (a listing page's title and introduction).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct SectionFrontMatter {
    /// The listing's title.
    pub title: String,
    /// One sentence for search results.
    pub description: Option<String>,
    /// A template other than the default for the listing.
    pub template: Option<String>,
    /// Articles per page of the listing (site.toml `[pagination] paginate_by` when unset).
    pub paginate_by: Option<Value>,
    /// Hide (`false`) or override the call-to-action block.
    pub cta: Option<CtaOverride>,
    /// Anything else a theme wants.
    #[serde(default)]
    pub extra: serde_json::Map<String, Value>,
}

/// Known keys per table of article front matter, for "did you mean".
pub fn article_keys(table: &str) -> &'static [&'static str] {
    match table {
        "" => field_names::<ArticleFrontMatter>(),
        "cta" => field_names::<CtaFields>(),
        reference if reference.starts_with("references.") => field_names::<Reference>(),
        _ => &[],
    }
}

/// Known keys per table of therapy front matter.
pub fn therapy_keys(table: &str) -> &'static [&'static str] {
    match table {
        "" => field_names::<TherapyFrontMatter>(),
        "cta" => field_names::<CtaFields>(),
        _ => &[],
    }
}

/// Known keys per table of condition front matter.
pub fn condition_keys(table: &str) -> &'static [&'static str] {
    match table {
        "" => field_names::<ConditionFrontMatter>(),
        "cta" => field_names::<CtaFields>(),
        _ => &[],
    }
}

/// Known keys per table of section front matter.
pub fn section_keys(table: &str) -> &'static [&'static str] {
    match table {
        "" => field_names::<SectionFrontMatter>(),
        "cta" => field_names::<CtaFields>(),
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_toml_and_yaml() {
        let s = split("+++\ntitle = \"A\"\n+++\nBody\n").unwrap();
        assert_eq!(s.format, Format::Toml);
        assert_eq!(s.front, "title = \"A\"\n");
        assert_eq!((s.body, s.body_first_line), ("Body\n", 4));
        let s = split("---\r\ntitle: A\r\n---\r\nBody").unwrap();
        assert_eq!(s.format, Format::Yaml);
        assert_eq!(s.front, "title: A\r\n");
        assert_eq!(s.body, "Body");
    }

    #[test]
    fn reports_missing_and_unterminated_front_matter() {
        assert_eq!(split("# Hello").unwrap_err().0, Problem::MissingFrontMatter);
        assert_eq!(split("").unwrap_err().0, Problem::MissingFrontMatter);
        assert_eq!(
            split("+++\ntitle = \"A\"\n").unwrap_err().0,
            Problem::UnterminatedFrontMatter { delimiter: "+++" }
        );
    }

    #[test]
    fn parses_dates() {
        assert_eq!(
            ContentDate::parse("2024-08-26").unwrap().iso_date(),
            "2024-08-26"
        );
        let d = ContentDate::parse("2024-08-26T23:30:00-02:00").unwrap();
        assert_eq!(d.iso_date(), "2024-08-26");
        assert_eq!(d.rfc3339(), "2024-08-27T01:30:00Z");
        assert!(ContentDate::parse("last tuesday").is_none());
        assert!(ContentDate::parse("2024-02-30").is_none());
    }
}
