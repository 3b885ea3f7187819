//! Translations in JSON-LD: a page in the default language names its translations
//! (`workTranslation`), a translation names its source (`translationOfWork`); each page's
//! `inLanguage` is its own language's. Pages without translations are left as they are.

use serde::Serialize;

use super::nodes::{GraphNode, Node};
use crate::link::languages::page_key;
use crate::link::{Page, Site};

/// A node with the links to its translations.
#[derive(Serialize)]
pub(super) struct Translated<'a> {
    #[serde(flatten)]
    pub(super) node: Node<'a>,
    #[serde(rename = "workTranslation", skip_serializing_if = "Vec::is_empty")]
    pub(super) work_translation: Vec<IdReference>,
    #[serde(rename = "translationOfWork", skip_serializing_if = "Option::is_none")]
    pub(super) translation_of_work: Option<IdReference>,
}

/// A reference to another page by its `@id` (its URL).
#[derive(Serialize)]
pub(super) struct IdReference {
    #[serde(rename = "@id")]
    id: String,
}

/// `main`, linked to the page's versions in the site's other languages.
pub(super) fn link<'a>(main: Node<'a>, page: &Page<'_>, site: &Site) -> GraphNode<'a> {
    let versions = site.languages.of(&page_key(page));
    if versions.len() < 2 {
        return GraphNode::Plain(main);
    }
    let reference = |path: &String| IdReference {
        id: site.config.permalink(path),
    };
    let source = versions.iter().find(|(lang, _)| *lang == 0);
    let (work_translation, translation_of_work) = if site.lang == 0 {
        let others = versions.iter().filter(|(lang, _)| *lang != 0);
        (others.map(|(_, path)| reference(path)).collect(), None)
    } else {
        (Vec::new(), source.map(|(_, path)| reference(path)))
    };
    GraphNode::Translated(Translated {
        node: main,
        work_translation,
        translation_of_work,
    })
}
