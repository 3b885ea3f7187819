//! Structured data: one schema.org JSON-LD document per page, for search engines.
//!
//! Each page gets a `@graph` with the thing it is about — the clinic on the home page
//! (`MedicalClinic`), a `MedicalWebPage` for an article, a `MedicalTherapy` or
//! `MedicalProcedure` for a therapy page, a `ProfilePage` for an author, a `CollectionPage`
//! for a listing — and a `BreadcrumbList` equal to the breadcrumb trail the page shows. The
//! JSON is built with serde_json, so every value is escaped; [`script_text`] then makes it safe
//! inside `<script>`. Themes print it from `base.html` with `{{ jsonld | safe }}`.

mod nodes;
mod translations;

use serde_json::Value;

use super::context::Link;
use crate::link::authors::{self, Author, Person};
use crate::link::review::{SCHEMA_TYPE_KEY, kind_name, schema_types};
use crate::link::{Article, Condition, Page, PageRef, Site, Therapy};
use crate::load::config::{Config, PageKind};
use crate::load::front_matter::{ContentDate, Invasiveness, Reference, TherapyKind};
use nodes::*;

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
pub(super) fn for_page(job: &Page<'_>, site: &Site, breadcrumbs: &[Link]) -> String {
    let config = &site.config;
    let main = match &job.kind {
        PageRef::Article(article) => Node::Page(Box::new(article_node(article, site))),
        PageRef::Therapy(therapy) => Node::Therapy(therapy_node(therapy, config)),
        PageRef::Condition(condition) => Node::Condition(Box::new(condition_node(condition, site))),
        PageRef::Section(section) if section.kind == PageKind::Home => {
            Node::Clinic(clinic_node(config))
        }
        PageRef::Section(section) => Node::Collection(collection_node(
            &job.path,
            &section.title,
            &job.description,
            config,
        )),
        PageRef::ArticleList(_) => Node::Collection(collection_node(
            &job.path,
            &job.title,
            &job.description,
            config,
        )),
        PageRef::Author(author) => Node::Profile(author_node(author, config)),
        PageRef::Search => Node::Collection(CollectionPage {
            kind: "SearchResultsPage",
            ..collection_node(&job.path, &job.title, &job.description, config)
        }),
        PageRef::NotFound => return String::new(),
    };
    let mut graph = vec![translations::link(main, job, site)];
    if let Some(list) = breadcrumb_list(breadcrumbs, config) {
        graph.push(GraphNode::Plain(Node::Breadcrumbs(list)));
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
            .map(|&t| therapy_reference(&site.therapies[t], config))
            .chain(article.conditions.iter().map(|&c| {
                let condition = &site.conditions[c];
                TopicReference {
                    kind: "MedicalCondition",
                    name: &condition.doc.front.title,
                    url: config.permalink(&condition.path),
                }
            }))
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

/// A therapy as something a page is about, or a possible treatment.
fn therapy_reference<'a>(therapy: &'a Therapy, config: &Config) -> TopicReference<'a> {
    TopicReference {
        kind: therapy_type(therapy),
        name: &therapy.doc.front.title,
        url: config.permalink(&therapy.path),
    }
}

/// A `MedicalWebPage` about a `MedicalCondition`: its anatomy, symptoms and the therapies
/// that treat it.
fn condition_node<'a>(condition: &'a Condition, site: &'a Site) -> ConditionPage<'a> {
    let config = &site.config;
    let front = &condition.doc.front;
    let permalink = config.permalink(&condition.path);
    ConditionPage {
        kind: "MedicalWebPage",
        id: permalink.clone(),
        url: permalink.clone(),
        name: &front.title,
        description: front.summary.as_deref().unwrap_or(""),
        in_language: &config.site.language,
        about: ConditionNode {
            kind: "MedicalCondition",
            id: format!("{permalink}#condition"),
            name: &front.title,
            alternate_name: &front.also_known_as,
            description: front.summary.as_deref().unwrap_or(""),
            url: permalink,
            associated_anatomy: front
                .regions
                .iter()
                .map(|region| Named {
                    kind: "AnatomicalStructure",
                    name: format!("{} spine", capitalized(region.key())),
                })
                .collect(),
            sign_or_symptom: front
                .symptoms
                .iter()
                .map(|symptom| Named {
                    kind: "MedicalSignOrSymptom",
                    name: symptom.clone(),
                })
                .collect(),
            possible_treatment: condition
                .paired
                .iter()
                .map(|&t| therapy_reference(&site.therapies[t], config))
                .collect(),
        },
        audience: Typed { kind: "Patient" },
        publisher: publisher(config),
    }
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A `CollectionPage` for a listing.
fn collection_node<'a>(
    path: &str,
    name: &'a str,
    description: &'a str,
    config: &'a Config,
) -> CollectionPage<'a> {
    let permalink = config.permalink(path);
    CollectionPage {
        kind: "CollectionPage",
        id: permalink.clone(),
        url: permalink,
        name,
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
