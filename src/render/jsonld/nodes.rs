//! The schema.org nodes, as serde structs written straight to JSON.

use serde::Serialize;

// The nodes, as serde structs written straight to JSON. Empty texts, empty lists and absent
// values are left out: `skip_serializing_if` on every field that can be empty.

/// The whole script: a `@graph` of nodes.
#[derive(Serialize)]
pub(super) struct Document<'a> {
    #[serde(rename = "@context")]
    pub(super) context: &'static str,
    #[serde(rename = "@graph")]
    pub(super) graph: Vec<GraphNode<'a>>,
}

#[derive(Serialize)]
#[serde(untagged)]
pub(super) enum Node<'a> {
    Page(Box<WebPage<'a>>),
    Condition(Box<ConditionPage<'a>>),
    Therapy(TherapyNode<'a>),
    Clinic(ClinicNode<'a>),
    Collection(CollectionPage<'a>),
    Profile(ProfilePage<'a>),
    Breadcrumbs(BreadcrumbList),
}

/// One node of the `@graph`: as it is, or with links to its translations.
#[derive(Serialize)]
#[serde(untagged)]
pub(super) enum GraphNode<'a> {
    Plain(Node<'a>),
    Translated(super::translations::Translated<'a>),
}

/// A `MedicalWebPage` for an article, or a plain `WebPage`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct WebPage<'a> {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    #[serde(rename = "@id")]
    pub(super) id: String,
    pub(super) url: String,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub(super) name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub(super) headline: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub(super) description: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub(super) in_language: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) date_published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) date_modified: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) last_reviewed: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) reviewed_by: Option<PersonNode<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) author: Option<PersonNode<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) about: Vec<TopicReference<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) audience: Option<Typed>,
    pub(super) publisher: Publisher<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) citation: Vec<Citation<'a>>,
}

/// A node that is only its type: `{"@type": "Patient"}`.
#[derive(Serialize)]
pub(super) struct Typed {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
}

/// The clinic as an article's publisher.
#[derive(Serialize)]
pub(super) struct Publisher<'a> {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    #[serde(rename = "@id")]
    pub(super) id: String,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub(super) name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub(super) url: &'a str,
}

/// A `Person`: a configured author with credentials, role and page, or a plain name.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PersonNode<'a> {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    pub(super) name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub(super) honorific_suffix: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub(super) job_title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) same_as: Option<[&'a str; 1]>,
}

/// A therapy or condition as something a page is about: its type, name and page.
#[derive(Serialize)]
pub(super) struct TopicReference<'a> {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    pub(super) name: &'a str,
    pub(super) url: String,
}

/// A source an article cites.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Citation<'a> {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub(super) name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub(super) url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) publisher: Option<Organization<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) date_published: Option<String>,
}

#[derive(Serialize)]
pub(super) struct Organization<'a> {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    pub(super) name: &'a str,
}

/// A `MedicalTherapy` (or the subtype in `schema_type`), or a `MedicalProcedure`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct TherapyNode<'a> {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    #[serde(rename = "@id")]
    pub(super) id: String,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub(super) name: &'a str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub(super) alternate_name: &'a [String],
    #[serde(skip_serializing_if = "str::is_empty")]
    pub(super) description: &'a str,
    pub(super) url: String,
    pub(super) main_entity_of_page: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) procedure_type: Option<&'static str>,
}

/// The whole clinic, for the home page.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ClinicNode<'a> {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    #[serde(rename = "@id")]
    pub(super) id: String,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub(super) name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub(super) description: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub(super) url: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub(super) telephone: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub(super) email: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) address: Option<PostalAddress<'a>>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub(super) opening_hours: &'a [String],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PostalAddress<'a> {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub(super) street_address: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub(super) address_locality: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub(super) address_region: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub(super) postal_code: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub(super) address_country: &'a str,
}

/// A listing.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct CollectionPage<'a> {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    #[serde(rename = "@id")]
    pub(super) id: String,
    pub(super) url: String,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub(super) name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub(super) description: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub(super) in_language: &'a str,
}

/// An author's page.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ProfilePage<'a> {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    #[serde(rename = "@id")]
    pub(super) id: String,
    pub(super) url: String,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub(super) in_language: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) main_entity: Option<PersonNode<'a>>,
}

/// The breadcrumb trail.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct BreadcrumbList {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    pub(super) item_list_element: Vec<ListItem>,
}

#[derive(Serialize)]
pub(super) struct ListItem {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    pub(super) position: usize,
    pub(super) name: String,
    pub(super) item: String,
}

/// A condition page: a `MedicalWebPage` about a `MedicalCondition`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ConditionPage<'a> {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    #[serde(rename = "@id")]
    pub(super) id: String,
    pub(super) url: String,
    pub(super) name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub(super) description: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub(super) in_language: &'a str,
    pub(super) about: ConditionNode<'a>,
    pub(super) audience: Typed,
    pub(super) publisher: Publisher<'a>,
}

/// A `MedicalCondition` with its anatomy, symptoms and treatments.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ConditionNode<'a> {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    #[serde(rename = "@id")]
    pub(super) id: String,
    pub(super) name: &'a str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub(super) alternate_name: &'a [String],
    #[serde(skip_serializing_if = "str::is_empty")]
    pub(super) description: &'a str,
    pub(super) url: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) associated_anatomy: Vec<Named>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) sign_or_symptom: Vec<Named>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) possible_treatment: Vec<TopicReference<'a>>,
}

/// A typed node with a name: `{"@type": "AnatomicalStructure", "name": "Lumbar spine"}`.
#[derive(Serialize)]
pub(super) struct Named {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    pub(super) name: String,
}
