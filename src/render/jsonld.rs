//! Structured data: one schema.org JSON-LD document per page, for search engines.
//!
//! Each page gets a `@graph` with the thing it is about — the clinic on the home page
//! (`MedicalClinic`), a `MedicalWebPage` for an article, a `MedicalTherapy` or
//! `MedicalProcedure` for a therapy page, a `ProfilePage` for an author, a `CollectionPage`
//! for a listing — and a `BreadcrumbList` equal to the breadcrumb trail the page shows. The
//! JSON is built with serde_json, so every value is escaped; [`script_text`] then makes it safe
//! inside `<script>`. Themes print it from `base.html` with `{{ jsonld | safe }}`.

use serde::Serialize;
use serde_json::Value;

use super::context::Link;
use super::{Job, PageJob};
use crate::link::authors::{self, Author, Person};
use crate::link::{Article, Section, Site, Therapy};
use crate::load::config::{Config, PageKind};
use crate::load::front_matter::{ContentDate, Invasiveness, Reference, TherapyKind};

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
/// kind's default (an invalid one is reported by [`crate::link::review::check`]).
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
        Job::Article(article) => Node::Page(Box::new(article_node(article, site))),
        Job::Therapy(therapy) => Node::Therapy(therapy_node(therapy, config)),
        Job::Section(section) if section.kind == PageKind::Home => {
            Node::Clinic(clinic_node(config))
        }
        Job::Section(section) => Node::Collection(section_node(section, &job.description, config)),
        Job::Author(author) => Node::Profile(author_node(author, config)),
        Job::NotFound => return String::new(),
    };
    let mut graph = vec![main];
    if let Some(list) = breadcrumb_list(breadcrumbs, config) {
        graph.push(Node::Breadcrumbs(list));
    }
    let document = Document {
        context: "https://schema.org",
        graph,
    };
    script_text(serde_json::to_string(&document).unwrap_or_default())
}

/// JSON that cannot end or confuse the `<script>` element it sits in: `</` becomes `<\/` and
/// `<!--` becomes `<\u0021--` (both only ever occur inside JSON strings, where they decode
/// to the same text).
pub fn script_text(json: String) -> String {
    if !json.contains('<') {
        return json;
    }
    json.replace("</", "<\\/").replace("<!--", "<\\u0021--")
}

// The nodes, as serde structs written straight to JSON. Empty texts, empty lists and absent
// values are left out: `skip_serializing_if` on every field that can be empty.

/// The whole script: a `@graph` of nodes.
#[derive(Serialize)]
struct Document<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@graph")]
    graph: Vec<Node<'a>>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Node<'a> {
    Page(Box<WebPage<'a>>),
    Therapy(TherapyNode<'a>),
    Clinic(ClinicNode<'a>),
    Collection(CollectionPage<'a>),
    Profile(ProfilePage<'a>),
    Breadcrumbs(BreadcrumbList),
}

/// A `MedicalWebPage` for an article, or a plain `WebPage`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WebPage<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id")]
    id: String,
    url: String,
    #[serde(skip_serializing_if = "str::is_empty")]
    name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    headline: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    in_language: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_reviewed: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reviewed_by: Option<PersonNode<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<PersonNode<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    about: Vec<TherapyReference<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    audience: Option<Typed>,
    publisher: Publisher<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    citation: Vec<Citation<'a>>,
}

/// A node that is only its type: `{"@type": "Patient"}`.
#[derive(Serialize)]
struct Typed {
    #[serde(rename = "@type")]
    kind: &'static str,
}

/// The clinic as an article's publisher.
#[derive(Serialize)]
struct Publisher<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id")]
    id: String,
    #[serde(skip_serializing_if = "str::is_empty")]
    name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    url: &'a str,
}

/// A `Person`: a configured author with credentials, role and page, or a plain name.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PersonNode<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    honorific_suffix: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    job_title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    same_as: Option<[&'a str; 1]>,
}

/// A therapy as something an article is about: its type, name and page.
#[derive(Serialize)]
struct TherapyReference<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    url: String,
}

/// A source an article cites.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Citation<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "str::is_empty")]
    name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<Organization<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
}

#[derive(Serialize)]
struct Organization<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

/// A `MedicalTherapy` (or the subtype in `schema_type`), or a `MedicalProcedure`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TherapyNode<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id")]
    id: String,
    #[serde(skip_serializing_if = "str::is_empty")]
    name: &'a str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    alternate_name: &'a [String],
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    url: String,
    main_entity_of_page: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    procedure_type: Option<&'static str>,
}

/// The whole clinic, for the home page.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ClinicNode<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id")]
    id: String,
    #[serde(skip_serializing_if = "str::is_empty")]
    name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    url: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    telephone: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    email: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<PostalAddress<'a>>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    opening_hours: &'a [String],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PostalAddress<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "str::is_empty")]
    street_address: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    address_locality: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    address_region: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    postal_code: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    address_country: &'a str,
}

/// A listing.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CollectionPage<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id")]
    id: String,
    url: String,
    #[serde(skip_serializing_if = "str::is_empty")]
    name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    in_language: &'a str,
}

/// An author's page.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ProfilePage<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id")]
    id: String,
    url: String,
    #[serde(skip_serializing_if = "str::is_empty")]
    in_language: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    main_entity: Option<PersonNode<'a>>,
}

/// The breadcrumb trail.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BreadcrumbList {
    #[serde(rename = "@type")]
    kind: &'static str,
    item_list_element: Vec<ListItem>,
}

#[derive(Serialize)]
struct ListItem {
    #[serde(rename = "@type")]
    kind: &'static str,
    position: usize,
    name: String,
    item: String,
}

/// A date as schema.org wants it: `2024-08-26`, or the full time when one was given.
fn date(value: Option<&ContentDate>) -> Option<String> {
    value.map(|d| match d.timestamp {
        Some(_) => d.rfc3339(),
        None => d.iso_date(),
    })
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

/// An optional text, empty when absent (and then left out).
fn text(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("")
}

fn clinic_node(config: &Config) -> ClinicNode<'_> {
    let clinic = &config.site.clinic;
    let address = (clinic.street_address.is_some()
        || clinic.locality.is_some()
        || clinic.region.is_some()
        || clinic.postal_code.is_some())
    .then(|| PostalAddress {
        kind: "PostalAddress",
        street_address: text(&clinic.street_address),
        address_locality: text(&clinic.locality),
        address_region: text(&clinic.region),
        postal_code: text(&clinic.postal_code),
        address_country: clinic.country_code(),
    });
    ClinicNode {
        kind: "MedicalClinic",
        id: clinic_id(config),
        name: clinic_name(config),
        description: &config.site.description,
        url: &config.base_url,
        telephone: config.clinic_phone.as_ref().map_or("", |p| p.e164.as_str()),
        email: text(&clinic.email),
        address,
        opening_hours: &clinic.opening_hours,
    }
}

fn publisher(config: &Config) -> Publisher<'_> {
    Publisher {
        kind: "MedicalClinic",
        id: clinic_id(config),
        name: clinic_name(config),
        url: &config.base_url,
    }
}

fn person<'a>(person: Person<'a>, config: &Config) -> PersonNode<'a> {
    let Some((id, author)) = person.author() else {
        return PersonNode {
            kind: "Person",
            name: person.name(),
            honorific_suffix: "",
            job_title: "",
            url: None,
            same_as: None,
        };
    };
    PersonNode {
        kind: "Person",
        name: &author.name,
        honorific_suffix: author.credentials.as_deref().unwrap_or(""),
        job_title: author.job_title.as_deref().unwrap_or(""),
        url: Some(config.permalink(&authors::author_path(id))),
        same_as: author.url.as_deref().map(|u| [u]),
    }
}

fn citation(reference: &Reference) -> Citation<'_> {
    Citation {
        kind: "CreativeWork",
        name: &reference.title,
        url: reference.url.as_deref().unwrap_or(""),
        publisher: reference.publisher.as_deref().map(|name| Organization {
            kind: "Organization",
            name,
        }),
        date_published: reference.year.map(|y| y.to_string()),
    }
}

/// A `MedicalWebPage` for an article; an undated page that names no reviewer (an About page)
/// is a plain `WebPage`.
fn article_node<'a>(article: &'a Article, site: &'a Site) -> WebPage<'a> {
    let config = &site.config;
    let front = &article.doc.front;
    let permalink = config.permalink(&article.path);
    let medical = crate::link::review::is_medical(article);
    let person_of = |value: &'a Option<String>| {
        authors::named(value).map(|v| person(Person::resolve(config, v), config))
    };
    WebPage {
        kind: if medical { "MedicalWebPage" } else { "WebPage" },
        id: permalink.clone(),
        url: permalink,
        name: &front.title,
        headline: &front.title,
        description: front.description.as_deref().unwrap_or(""),
        in_language: &config.site.language,
        date_published: date(front.date.as_ref()),
        date_modified: date(front.updated.as_ref().or(front.date.as_ref())),
        last_reviewed: date(front.last_reviewed.as_ref()),
        reviewed_by: person_of(&front.reviewed_by),
        author: person_of(&front.author),
        about: article
            .therapies
            .iter()
            .map(|&t| {
                let therapy = &site.therapies[t];
                TherapyReference {
                    kind: therapy_type(therapy),
                    name: &therapy.doc.front.title,
                    url: config.permalink(&therapy.path),
                }
            })
            .collect(),
        audience: medical.then_some(Typed { kind: "Patient" }),
        publisher: publisher(config),
        citation: front.references.iter().map(citation).collect(),
    }
}

/// A `MedicalTherapy` (or the subtype in `schema_type`), or a `MedicalProcedure` with its
/// `procedureType`.
fn therapy_node<'a>(therapy: &'a Therapy, config: &Config) -> TherapyNode<'a> {
    let front = &therapy.doc.front;
    let permalink = config.permalink(&therapy.path);
    TherapyNode {
        kind: therapy_type(therapy),
        id: format!("{permalink}#{}", kind_name(front.kind)),
        name: &front.title,
        alternate_name: &front.also_known_as,
        description: front.summary.as_deref().unwrap_or(""),
        url: permalink.clone(),
        main_entity_of_page: permalink,
        procedure_type: match (front.kind, front.invasiveness) {
            (TherapyKind::Procedure, Some(invasiveness)) => Some(procedure_type(invasiveness)),
            _ => None,
        },
    }
}

/// A `CollectionPage` for a listing.
fn section_node<'a>(
    section: &'a Section,
    description: &'a str,
    config: &'a Config,
) -> CollectionPage<'a> {
    let permalink = config.permalink(&section.path);
    CollectionPage {
        kind: "CollectionPage",
        id: permalink.clone(),
        url: permalink,
        name: &section.title,
        description,
        in_language: &config.site.language,
    }
}

/// A `ProfilePage` about a configured author.
fn author_node<'a>(author: &Author, config: &'a Config) -> ProfilePage<'a> {
    let permalink = config.permalink(&author.path);
    ProfilePage {
        kind: "ProfilePage",
        id: permalink.clone(),
        url: permalink,
        in_language: &config.site.language,
        main_entity: config
            .site
            .authors
            .get_key_value(&author.id)
            .map(|(id, settings)| {
                person(
                    Person::Known {
                        id,
                        author: settings,
                    },
                    config,
                )
            }),
    }
}

/// The breadcrumb trail the page shows (pages with one crumb show none, so get none).
fn breadcrumb_list(crumbs: &[Link], config: &Config) -> Option<BreadcrumbList> {
    if crumbs.len() < 2 {
        return None;
    }
    let items = crumbs
        .iter()
        .enumerate()
        .map(|(index, crumb)| {
            let path = crumb
                .url
                .strip_prefix(config.base_path.as_str())
                .unwrap_or(&crumb.url);
            ListItem {
                kind: "ListItem",
                position: index + 1,
                name: crumb.title.clone(),
                item: config.permalink(path),
            }
        })
        .collect();
    Some(BreadcrumbList {
        kind: "BreadcrumbList",
        item_list_element: items,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn script_text_cannot_close_or_comment_out_the_script() {
        let value = json!({ "headline": "</script><script>alert(1)</script> <!-- x" });
        let text = script_text(value.to_string());
        assert!(!text.contains("</"), "{text}");
        assert!(!text.contains("<!--"), "{text}");
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }
}
