//! Listing pages: the home page, the topic indexes and one page per folder of articles.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::link::urls::{article_folder, folder_path};
use crate::link::{Article, Section};
use crate::load::config::PageKind;
use crate::load::content::{
    Asset, BUNDLE_FILE, CONDITIONS_DIR, Document, PlacedAsset, SECTION_FILE, THERAPIES_DIR,
};
use crate::load::front_matter::SectionFrontMatter;

/// One section per folder with an `_index.md` or with articles, plus home, /therapies/ and,
/// when the site has conditions, /conditions/.
pub fn build(
    docs: Vec<Arc<Document<SectionFrontMatter>>>,
    articles: &[Article],
    has_conditions: bool,
) -> Vec<Section> {
    let mut by_folder: BTreeMap<String, Option<Arc<Document<SectionFrontMatter>>>> =
        BTreeMap::new();
    by_folder.insert(String::new(), None);
    by_folder.insert(THERAPIES_DIR.to_string(), None);
    if has_conditions {
        by_folder.insert(CONDITIONS_DIR.to_string(), None);
    }
    for article in articles {
        let mut folder = article_folder(&article.doc.file.content_path);
        loop {
            by_folder.entry(folder.clone()).or_insert(None);
            match folder.rsplit_once('/') {
                Some((parent, _)) => folder = parent.to_string(),
                None => break,
            }
        }
    }
    for doc in docs {
        let folder = doc
            .file
            .content_path
            .strip_suffix(SECTION_FILE)
            .unwrap_or("")
            .trim_end_matches('/')
            .to_string();
        by_folder.insert(folder, Some(doc));
    }
    let mut sections: Vec<Section> = by_folder
        .into_iter()
        .map(|(folder, doc)| {
            let kind = match folder.as_str() {
                "" => PageKind::Home,
                THERAPIES_DIR => PageKind::Therapies,
                CONDITIONS_DIR => PageKind::Conditions,
                _ => PageKind::Section,
            };
            let title = doc
                .as_ref()
                .map_or_else(|| default_section_title(&folder), |d| d.front.title.clone());
            Section {
                path: if folder.is_empty() {
                    "/".to_string()
                } else {
                    folder_path(&folder)
                },
                doc,
                folder,
                title,
                kind,
                articles: Vec::new(),
                subsections: Vec::new(),
                cta: None,
                rendered: Arc::default(),
                rendered_for: (0, 0),
            }
        })
        .collect();
    let folders: Vec<String> = sections.iter().map(|s| s.folder.clone()).collect();
    for (index, folder) in folders.iter().enumerate().skip(1) {
        let parent = folder.rsplit_once('/').map_or("", |(p, _)| p);
        if let Some(parent_index) = folders.iter().position(|f| f == parent) {
            sections[parent_index].subsections.push(index);
        }
    }
    sections
}

fn default_section_title(folder: &str) -> String {
    let name = folder
        .rsplit('/')
        .next()
        .unwrap_or(folder)
        .replace(['-', '_'], " ");
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Bundle files go beside their page; other files keep their path under content/.
pub fn place_assets(assets: Vec<Asset>, articles: &mut [Article]) -> Vec<PlacedAsset> {
    let bundles: HashMap<String, usize> = articles
        .iter()
        .enumerate()
        .filter(|(_, a)| {
            a.doc
                .file
                .content_path
                .ends_with(&format!("/{BUNDLE_FILE}"))
        })
        .map(|(i, a)| {
            (
                a.doc
                    .file
                    .content_path
                    .trim_end_matches(BUNDLE_FILE)
                    .to_string(),
                i,
            )
        })
        .collect();
    let mut placed = Vec::new();
    for asset in assets {
        let content_path = asset.source.content_path.clone();
        let (folder, name) = content_path.rsplit_once('/').unwrap_or(("", &content_path));
        let bundle = bundles.get(&format!("{folder}/"));
        let output = match bundle {
            Some(&index) => {
                articles[index].bundle_assets.push(asset.clone());
                format!("{}{name}", articles[index].path.trim_start_matches('/'))
            }
            None => {
                let folder_url = if folder.is_empty() {
                    "/".to_string()
                } else {
                    folder_path(folder)
                };
                format!("{}{name}", folder_url.trim_start_matches('/'))
            }
        };
        placed.push(PlacedAsset {
            source: asset.source.path,
            output,
            stamp: asset.stamp,
        });
    }
    placed
}

/// Puts each article in the listing of its folder.
pub fn place_articles(sections: &mut [Section], articles: &mut [Article]) {
    for article in articles.iter_mut() {
        let folder = article_folder(&article.doc.file.content_path);
        article.section = sections
            .iter()
            .position(|s| s.folder == folder)
            .unwrap_or(0);
    }
    for (index, article) in articles.iter().enumerate() {
        sections[article.section].articles.push(index);
    }
}
