//! Structured data: one schema.org JSON-LD document per page, for search engines.
//!
//! Each page gets a `@graph` with the thing it is about — the clinic on the home page
//! (`MedicalClinic`), a `MedicalWebPage` for an article, a `MedicalTherapy` or
//! `MedicalProcedure` for a therapy page, a `ProfilePage` for an author, a `CollectionPage`
//! for a listing — and a `BreadcrumbList` equal to the breadcrumb trail the page shows. The
//! JSON is built with serde_json, so every value is escaped; [`script_text`] then makes it safe
//! inside `<script>`. Themes print it from `base.html` with `{{ jsonld | safe }}`.

use serde_json::{Map, Value, json};

use super::context::Link;
use super::{Job, PageJob};
use crate::authors::{self, Author, Person};
use crate::config::{Config, PageKind};
use crate::content::front_matter::{ContentDate, Invasiveness, Reference, TherapyKind};
use crate::site::{Article, Section, Site, Therapy};

/// The `[extra]` key of a therapy that picks its schema.org type.
pub const SCHEMA_TYPE_KEY: &str = "schema_type";

/// The schema.org types a therapy of `kind` may declare in `[extra] schema_type`; the first is
/// the default.
pub fn schema_types(kind: TherapyKind) -> &'static [&'static str] {
    match kind {
        TherapyKind::Therapy => &[
            "MedicalTherapy",
            "PhysicalTherapy",
            "OccupationalTherapy",
            "RespiratoryTherapy",
            "RadiationTherapy",
        ],
        TherapyKind::Procedure => &[
            "MedicalProcedure",
            "TherapeuticProcedure",
            "DiagnosticProcedure",
        ],
    }
}

/// `therapy` or `procedure`, as written in front matter.
pub fn kind_name(kind: TherapyKind) -> &'static str {
    match kind {
        TherapyKind::Therapy => "therapy",
        TherapyKind::Procedure => "procedure",
    }
}

/// A procedure's schema.org `procedureType`, from how invasive it is.
pub fn procedure_type(invasiveness: Invasiveness) -> &'static str {
    match invasiveness {
        Invasiveness::NonInvasive => "https://schema.org/NoninvasiveProcedure",
        Invasiveness::MinimallyInvasive => "https://schema.org/PercutaneousProcedure",
        Invasiveness::Surgical => "https://schema.org/SurgicalProcedure",
    }
}

/// The schema.org type of a therapy: its `schema_type` when valid for its kind, else the
/// kind's default (an invalid one is reported by [`crate::review::check`]).
fn therapy_type(therapy: &Therapy) -> &'static str {
    let allowed = schema_types(therapy.doc.front.kind);
    let declared = therapy
        .doc
        .front
        .extra
        .get(SCHEMA_TYPE_KEY)
        .and_then(Value::as_str);
    allowed
        .iter()
        .find(|t| Some(**t) == declared)
        .unwrap_or(&allowed[0])
}

/// The JSON-LD of one page as the text of its `<script type="application/ld+json">`, or empty
/// for the 404 page.
pub(super) fn for_page(job: &PageJob<'_>, site: &Site, breadcrumbs: &[Link]) -> String {
    let config = &site.config;
    let main = match &job.kind {
        Job::Article(article) => article_node(article, site),
        Job::Therapy(therapy) => therapy_node(therapy, config),
        Job::Section(section) => section_node(section, &job.description, config),
        Job::Author(author) => author_node(author, config),
        Job::NotFound => return String::new(),
    };
    let mut graph = vec![main];
    if let Some(list) = breadcrumb_list(breadcrumbs, config) {
        graph.push(list);
    }
    script_text(&json!({ "@context": "https://schema.org", "@graph": graph }))
}

/// JSON that cannot end or confuse the `<script>` element it sits in: `</` becomes `<\/` and
/// `<!--` becomes `<\u0021--` (both only ever occur inside JSON strings, where they decode
/// to the same text).
pub fn script_text(value: &Value) -> String {
    value
        .to_string()
        .replace("</", "<\\/")
        .replace("<!--", "<\\u0021--")
}

/// An object of the given fields, leaving out empty strings, empty lists and nulls.
fn object(fields: Vec<(&str, Value)>) -> Value {
    let map: Map<String, Value> = fields
        .into_iter()
        .filter(|(_, v)| match v {
            Value::Null => false,
            Value::String(s) => !s.is_empty(),
            Value::Array(a) => !a.is_empty(),
            _ => true,
        })
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    Value::Object(map)
}

fn text(value: Option<&str>) -> Value {
    value.map_or(Value::Null, |s| Value::String(s.to_string()))
}

/// A date as schema.org wants it: `2024-08-26`, or the full time when one was given.
fn date(value: Option<&ContentDate>) -> Value {
    match value {
        Some(d) if d.timestamp.is_some() => Value::String(d.rfc3339()),
        Some(d) => Value::String(d.iso_date()),
        None => Value::Null,
    }
}

/// The clinic's `@id`, shared by the home page's node and every `publisher`.
fn clinic_id(config: &Config) -> String {
    format!("{}#clinic", config.base_url)
}

fn clinic_name(config: &Config) -> &str {
    config
        .site
        .clinic
        .name
        .as_deref()
        .unwrap_or(&config.site.title)
}

/// The whole clinic, for the home page.
fn clinic_node(config: &Config) -> Value {
    let clinic = &config.site.clinic;
    let address = if clinic.street_address.is_some()
        || clinic.locality.is_some()
        || clinic.region.is_some()
        || clinic.postal_code.is_some()
    {
        object(vec![
            ("@type", json!("PostalAddress")),
            ("streetAddress", text(clinic.street_address.as_deref())),
            ("addressLocality", text(clinic.locality.as_deref())),
            ("addressRegion", text(clinic.region.as_deref())),
            ("postalCode", text(clinic.postal_code.as_deref())),
            ("addressCountry", json!(clinic.country_code())),
        ])
    } else {
        Value::Null
    };
    object(vec![
        ("@type", json!("MedicalClinic")),
        ("@id", json!(clinic_id(config))),
        ("name", json!(clinic_name(config))),
        ("description", json!(config.site.description)),
        ("url", json!(config.base_url)),
        (
            "telephone",
            text(config.clinic_phone.as_ref().map(|p| p.e164.as_str())),
        ),
        ("email", text(clinic.email.as_deref())),
        ("address", address),
        ("openingHours", json!(clinic.opening_hours)),
    ])
}

/// The clinic as an article's publisher.
fn publisher(config: &Config) -> Value {
    object(vec![
        ("@type", json!("MedicalClinic")),
        ("@id", json!(clinic_id(config))),
        ("name", json!(clinic_name(config))),
        ("url", json!(config.base_url)),
    ])
}

/// A `Person`: a configured author with credentials, role and page, or a plain name.
fn person(person: Person<'_>, config: &Config) -> Value {
    let Some((id, author)) = person.author() else {
        return json!({ "@type": "Person", "name": person.name() });
    };
    object(vec![
        ("@type", json!("Person")),
        ("name", json!(author.name)),
        ("honorificSuffix", text(author.credentials.as_deref())),
        ("jobTitle", text(author.job_title.as_deref())),
        ("url", json!(config.permalink(&authors::author_path(id)))),
        (
            "sameAs",
            author.url.as_ref().map_or(Value::Null, |u| json!([u])),
        ),
    ])
}

/// A therapy as something an article is about: its type, name and page.
fn therapy_reference(therapy: &Therapy, config: &Config) -> Value {
    json!({
        "@type": therapy_type(therapy),
        "name": therapy.doc.front.title,
        "url": config.permalink(&therapy.path),
    })
}

fn citation(reference: &Reference) -> Value {
    object(vec![
        ("@type", json!("CreativeWork")),
        ("name", json!(reference.title)),
        ("url", text(reference.url.as_deref())),
        (
            "publisher",
            reference.publisher.as_ref().map_or(
                Value::Null,
                |p| json!({ "@type": "Organization", "name": p }),
            ),
        ),
        (
            "datePublished",
            reference.year.map_or(Value::Null, |y| json!(y.to_string())),
        ),
    ])
}

/// A `MedicalWebPage` for an article; an undated page that names no reviewer (an About page)
/// is a plain `WebPage`.
fn article_node(article: &Article, site: &Site) -> Value {
    let config = &site.config;
    let front = &article.doc.front;
    let permalink = config.permalink(&article.path);
    let medical = crate::review::is_medical(article);
    let person_of = |value: &Option<String>| {
        authors::named(value).map_or(Value::Null, |v| person(Person::resolve(config, v), config))
    };
    object(vec![
        (
            "@type",
            json!(if medical { "MedicalWebPage" } else { "WebPage" }),
        ),
        ("@id", json!(permalink)),
        ("url", json!(permalink)),
        ("name", json!(front.title)),
        ("headline", json!(front.title)),
        ("description", text(front.description.as_deref())),
        ("inLanguage", json!(config.site.language)),
        ("datePublished", date(front.date.as_ref())),
        (
            "dateModified",
            date(front.updated.as_ref().or(front.date.as_ref())),
        ),
        ("lastReviewed", date(front.last_reviewed.as_ref())),
        ("reviewedBy", person_of(&front.reviewed_by)),
        ("author", person_of(&front.author)),
        (
            "about",
            Value::Array(
                article
                    .therapies
                    .iter()
                    .map(|&t| therapy_reference(&site.therapies[t], config))
                    .collect(),
            ),
        ),
        (
            "audience",
            if medical {
                json!({ "@type": "Patient" })
            } else {
                Value::Null
            },
        ),
        ("publisher", publisher(config)),
        (
            "citation",
            Value::Array(front.references.iter().map(citation).collect()),
        ),
    ])
}

/// A `MedicalTherapy` (or the subtype in `schema_type`), or a `MedicalProcedure` with its
/// `procedureType`.
fn therapy_node(therapy: &Therapy, config: &Config) -> Value {
    let front = &therapy.doc.front;
    let permalink = config.permalink(&therapy.path);
    let procedure_type = match (front.kind, front.invasiveness) {
        (TherapyKind::Procedure, Some(invasiveness)) => json!(procedure_type(invasiveness)),
        _ => Value::Null,
    };
    object(vec![
        ("@type", json!(therapy_type(therapy))),
        (
            "@id",
            json!(format!("{permalink}#{}", kind_name(front.kind))),
        ),
        ("name", json!(front.title)),
        ("alternateName", json!(front.also_known_as)),
        ("description", text(front.summary.as_deref())),
        ("url", json!(permalink)),
        ("mainEntityOfPage", json!(permalink)),
        ("procedureType", procedure_type),
    ])
}

/// The home page's clinic, or a `CollectionPage` for a listing.
fn section_node(section: &Section, description: &str, config: &Config) -> Value {
    if section.kind == PageKind::Home {
        return clinic_node(config);
    }
    let permalink = config.permalink(&section.path);
    object(vec![
        ("@type", json!("CollectionPage")),
        ("@id", json!(permalink)),
        ("url", json!(permalink)),
        ("name", json!(section.title)),
        ("description", json!(description)),
        ("inLanguage", json!(config.site.language)),
    ])
}

/// A `ProfilePage` about a configured author.
fn author_node(author: &Author, config: &Config) -> Value {
    let permalink = config.permalink(&author.path);
    let main =
        config
            .site
            .authors
            .get_key_value(&author.id)
            .map_or(Value::Null, |(id, settings)| {
                person(
                    Person::Known {
                        id,
                        author: settings,
                    },
                    config,
                )
            });
    object(vec![
        ("@type", json!("ProfilePage")),
        ("@id", json!(permalink)),
        ("url", json!(permalink)),
        ("inLanguage", json!(config.site.language)),
        ("mainEntity", main),
    ])
}

/// The breadcrumb trail the page shows (pages with one crumb show none, so get none).
fn breadcrumb_list(crumbs: &[Link], config: &Config) -> Option<Value> {
    if crumbs.len() < 2 {
        return None;
    }
    let items: Vec<Value> = crumbs
        .iter()
        .enumerate()
        .map(|(index, crumb)| {
            let path = crumb
                .url
                .strip_prefix(config.base_path.as_str())
                .unwrap_or(&crumb.url);
            json!({
                "@type": "ListItem",
                "position": index + 1,
                "name": crumb.title,
                "item": config.permalink(path),
            })
        })
        .collect();
    Some(json!({ "@type": "BreadcrumbList", "itemListElement": items }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_text_cannot_close_or_comment_out_the_script() {
        let value = json!({ "headline": "</script><script>alert(1)</script> <!-- x" });
        let text = script_text(&value);
        assert!(!text.contains("</"), "{text}");
        assert!(!text.contains("<!--"), "{text}");
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn empty_fields_are_left_out() {
        let value = object(vec![
            ("a", json!("")),
            ("b", Value::Null),
            ("c", json!([])),
            ("d", json!("x")),
        ]);
        assert_eq!(value, json!({ "d": "x" }));
    }
}
