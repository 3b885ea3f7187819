//! The editing screen at `/admin/` when site.toml has `[cms]` (docs/cms.md): Decap CMS's
//! `index.html` and a `config.yml` generated from the content contract on every build, so a
//! new therapy, condition or author is offered in the forms with no manual step.
//!
//! One collection per folder of articles, plus therapies and procedures (one folder, split by
//! `kind`), conditions and the listing pages (`_index.md`). Each collection saves in the
//! front-matter format most of its files use; a folder of page bundles is a bundle collection
//! whose media sit beside the page. Each other language gets its own collections of `x.es.md`
//! files. The forms are in [`fields`].

pub mod fields;

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Value, json};

use crate::diagnostics::{Diagnostic, Location, Problem};
use crate::link::Site;
use crate::load::assets::StaticFiles;
use crate::load::cms::{Backend, CmsConfig, SCRIPT};
use crate::load::config::CONFIG_FILE;
use crate::load::content::{BUNDLE_FILE, CONDITIONS_DIR, CONTENT_DIR, SECTION_FILE, THERAPIES_DIR};
use crate::load::front_matter::{
    ArticleFrontMatter, ConditionFrontMatter, SectionFrontMatter, TherapyFrontMatter, TherapyKind,
};
use crate::load::typed::{Format, Source, field_names};
use crate::output::OutputFile;
use fields::{Choice, Choices};

/// The folder of the editing screen in the output.
pub const ADMIN_DIR: &str = "admin";

/// `admin/index.html` and `admin/config.yml`, with warnings (the CMS's script is missing, a
/// folder mixes front-matter formats). Nothing when site.toml has no `[cms]`.
pub fn admin_files(site: &Site, statics: &StaticFiles) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let Some(cms) = &site.config.site.cms else {
        return (Vec::new(), Vec::new());
    };
    let mut warnings = Vec::new();
    if statics.source_of(SCRIPT).is_none() {
        warnings.push(Diagnostic::warning(
            cms_key_location(site),
            Problem::CmsScriptMissing {
                script: format!("static/{SCRIPT}"),
            },
        ));
    }
    let config = config_yml(site, cms, &mut warnings);
    let files = vec![
        OutputFile::bytes(format!("{ADMIN_DIR}/index.html"), index_html(site, statics)),
        OutputFile::bytes(format!("{ADMIN_DIR}/config.yml"), config),
    ];
    (files, warnings)
}

fn cms_key_location(site: &Site) -> Location {
    let source = Source {
        file: Path::new(CONFIG_FILE),
        text: &site.config.source_text,
        first_line: 1,
        format: Format::Toml,
        within: CONFIG_FILE,
    };
    source.locate(&["cms".to_string()])
}

fn index_html(site: &Site, statics: &StaticFiles) -> String {
    let config = &site.config;
    let escape = crate::render::escape_html;
    let script = config.url(statics.output_path(SCRIPT));
    let preview_style = match statics.source_of("style.css") {
        Some(_) => format!(
            "\n<script>CMS.registerPreviewStyle(\"{}\");</script>",
            escape(&config.url(statics.output_path("style.css")))
        ),
        None => String::new(),
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"robots\" content=\"noindex\">\n<title>Edit · {title}</title>\n<link href=\"config.yml\" type=\"text/yaml\" rel=\"cms-config-url\">\n</head>\n<body>\n<script src=\"{script}\"></script>{preview_style}\n</body>\n</html>\n",
        lang = escape(&config.site.language),
        title = escape(&config.site.title),
        script = escape(&script),
    )
}

/// The whole `config.yml`.
pub fn config_yml(site: &Site, cms: &CmsConfig, warnings: &mut Vec<Diagnostic>) -> String {
    let config = &site.config;
    let mut backend = json!({ "name": cms.backend.name(), "branch": cms.branch });
    if let Some(repo) = &cms.repo {
        backend["repo"] = json!(repo);
    }
    if let Some(auth_url) = &cms.auth_url {
        backend["base_url"] = json!(auth_url);
    }
    if let Some(app_id) = &cms.app_id {
        backend["app_id"] = json!(app_id);
        if cms.backend == Backend::Gitlab {
            backend["auth_type"] = json!("pkce");
        }
    }
    let document = json!({
        "backend": backend,
        "local_backend": { "url": format!("http://localhost:{}/api/v1", cms.local_port) },
        "site_url": config.base_url,
        "display_url": config.base_url,
        "media_folder": "static",
        "public_folder": "/",
        "slug": { "encoding": "ascii", "clean_accents": true },
        "collections": collections(site, warnings),
    });
    let yaml = serde_saphyr::to_string(&document).unwrap_or_else(|_| document.to_string());
    format!(
        "# Decap CMS configuration, written by Vertebra from the site's content on every build:\n# edit site.toml's [cms] and the content instead (see docs/cms.md).\n{yaml}"
    )
}

/// How the files of one folder are written.
#[derive(Debug, Default)]
struct Folder {
    toml: usize,
    yaml: usize,
    bundles: usize,
    flat: usize,
    /// A file of the folder, for placing a warning.
    example: Option<std::path::PathBuf>,
}

impl Folder {
    fn count(&mut self, format: Format, content_path: &str, display: &Path) {
        match format {
            Format::Toml => self.toml += 1,
            Format::Yaml => self.yaml += 1,
        }
        let bundle = Path::new(content_path).file_name().and_then(|n| n.to_str());
        if bundle.is_some_and(|name| name == BUNDLE_FILE || is_translated_bundle(name)) {
            self.bundles += 1;
        } else {
            self.flat += 1;
        }
        self.example.get_or_insert_with(|| display.to_path_buf());
    }

    fn format(&self) -> Format {
        if self.yaml > self.toml {
            Format::Yaml
        } else {
            Format::Toml
        }
    }

    /// The collection keys that say how files are stored, and a warning when formats mix.
    fn storage(&self, warnings: &mut Vec<Diagnostic>) -> serde_json::Map<String, Value> {
        let format = self.format();
        if self.toml > 0
            && self.yaml > 0
            && let Some(example) = &self.example
        {
            let folder = example.parent().unwrap_or(example);
            let folder = if self.bundles > self.flat {
                folder.parent().unwrap_or(folder)
            } else {
                folder
            };
            warnings.push(Diagnostic::warning(
                Location::file(folder),
                Problem::CmsMixedFormats {
                    toml: self.toml,
                    yaml: self.yaml,
                    chosen: match format {
                        Format::Toml => "TOML",
                        Format::Yaml => "YAML",
                    },
                },
            ));
        }
        let mut keys = serde_json::Map::new();
        let (name, delimiter) = match format {
            Format::Toml => ("toml-frontmatter", "+++"),
            Format::Yaml => ("yaml-frontmatter", "---"),
        };
        keys.insert("format".into(), json!(name));
        keys.insert("frontmatter_delimiter".into(), json!(delimiter));
        if self.bundles > self.flat {
            // A page bundle: content/articles/<slug>/index.md, its media beside it.
            keys.insert("path".into(), json!("{{slug}}/index"));
            keys.insert("media_folder".into(), json!(""));
            keys.insert("public_folder".into(), json!(""));
        }
        keys
    }
}

fn is_translated_bundle(name: &str) -> bool {
    name.strip_prefix("index.")
        .and_then(|rest| rest.strip_suffix(".md"))
        .is_some_and(|code| !code.contains('.'))
}

/// The folder of content/ that holds an article or topic (`articles` for
/// `articles/x.md` and for the bundle `articles/x/index.md`).
fn folder_of(content_path: &str) -> String {
    let path = Path::new(content_path);
    let parent = path.parent().unwrap_or(Path::new(""));
    let is_bundle = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n == BUNDLE_FILE || is_translated_bundle(n));
    let folder = if is_bundle {
        parent.parent().unwrap_or(Path::new(""))
    } else {
        parent
    };
    crate::load::assets::slash_path(folder)
}

/// One language's site and what its collections are called.
struct Language<'a> {
    site: &'a Site,
    /// `""` for the default language, `es` for another.
    code: String,
    /// Added to labels: `""`, or ` (Español)`.
    label: String,
}

fn languages(site: &Site) -> Vec<Language<'_>> {
    let list = &site.languages.list;
    site.all_languages()
        .into_iter()
        .map(|language| {
            let (code, label) = match list.get(language.lang) {
                Some(l) if language.lang > 0 => (l.code.clone(), format!(" ({})", l.name)),
                _ => (String::new(), String::new()),
            };
            Language {
                site: language,
                code,
                label,
            }
        })
        .collect()
}

fn collections(site: &Site, warnings: &mut Vec<Diagnostic>) -> Vec<Value> {
    let choices = choices(site);
    let mut collections = Vec::new();
    for language in languages(site) {
        collections.extend(article_collections(&language, &choices, warnings));
        collections.extend(topic_collections(&language, &choices, warnings));
        collections.extend(section_collection(&language, warnings));
    }
    collections
}

/// What the select widgets offer: published slugs and configured author ids.
pub fn choices(site: &Site) -> Choices {
    let authors = site.config.site.authors.iter().map(|(id, author)| Choice {
        value: id.clone(),
        label: match &author.credentials {
            Some(credentials) => format!("{}, {credentials}", author.name),
            None => author.name.clone(),
        },
    });
    Choices {
        therapies: sorted(site.therapies.iter().map(|t| Choice {
            value: t.slug.clone(),
            label: t.doc.front.title.clone(),
        })),
        conditions: sorted(site.conditions.iter().map(|c| Choice {
            value: c.slug.clone(),
            label: c.doc.front.title.clone(),
        })),
        authors: authors.collect(),
    }
}

fn sorted(choices: impl Iterator<Item = Choice>) -> Vec<Choice> {
    let mut choices: Vec<Choice> = choices.collect();
    choices.sort_by(|a, b| a.label.to_lowercase().cmp(&b.label.to_lowercase()));
    choices
}

/// A collection's name, safe for Decap's URLs: `articles`, `articles-es`, `pages` for content/.
fn collection_name(folder: &str, code: &str) -> String {
    let base = if folder.is_empty() {
        "pages".to_string()
    } else {
        folder.replace('/', "-")
    };
    if code.is_empty() {
        base
    } else {
        format!("{base}-{code}")
    }
}

fn extension(code: &str) -> String {
    if code.is_empty() {
        "md".to_string()
    } else {
        format!("{code}.md")
    }
}

fn article_collections(
    language: &Language<'_>,
    choices: &Choices,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<Value> {
    let site = language.site;
    let mut folders: BTreeMap<String, Folder> = BTreeMap::new();
    for article in &site.articles {
        let file = &article.doc.file;
        folders
            .entry(folder_of(&file.content_path))
            .or_default()
            .count(
                article.doc.front_text.format,
                &file.content_path,
                &file.display,
            );
    }
    for section in &site.sections {
        let topic = section.folder == THERAPIES_DIR || section.folder == CONDITIONS_DIR;
        if !topic {
            folders.entry(section.folder.clone()).or_default();
        }
    }
    let mut fields: Vec<Value> = field_names::<ArticleFrontMatter>()
        .iter()
        .filter_map(|key| fields::article_field(key, choices))
        .collect();
    fields.push(fields::body());
    folders
        .iter()
        .map(|(folder, files)| {
            let title = site
                .sections
                .iter()
                .find(|s| &s.folder == folder)
                .map(|s| s.title.clone())
                .filter(|_| !folder.is_empty())
                .unwrap_or_else(|| "Pages".to_string());
            let mut collection = json!({
                "name": collection_name(folder, &language.code),
                "label": format!("{title}{}", language.label),
                "label_singular": "Article",
                "folder": content_folder(folder),
                "extension": extension(&language.code),
                "create": true,
                "slug": "{{slug}}",
                "summary": "{{title}}",
                "sortable_fields": ["title", "date"],
                "fields": fields,
            });
            extend(&mut collection, files.storage(warnings));
            collection
        })
        .collect()
}

fn content_folder(folder: &str) -> String {
    if folder.is_empty() {
        CONTENT_DIR.to_string()
    } else {
        format!("{CONTENT_DIR}/{folder}")
    }
}

fn extend(collection: &mut Value, keys: serde_json::Map<String, Value>) {
    if let Value::Object(map) = collection {
        map.extend(keys);
    }
}

/// Therapies, procedures (the same folder, split by `kind`, which also leaves `_index.md`
/// out) and conditions, when the site has them.
fn topic_collections(
    language: &Language<'_>,
    choices: &Choices,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<Value> {
    let site = language.site;
    let root = &site.config.root;
    let mut collections = Vec::new();
    let mut therapies = Folder::default();
    for therapy in &site.therapies {
        let file = &therapy.doc.file;
        therapies.count(
            therapy.doc.front_text.format,
            &file.content_path,
            &file.display,
        );
    }
    if !site.therapies.is_empty() || root.join(CONTENT_DIR).join(THERAPIES_DIR).is_dir() {
        let storage = therapies.storage(warnings);
        for (kind, name, label, singular) in [
            (TherapyKind::Therapy, "therapies", "Therapies", "Therapy"),
            (
                TherapyKind::Procedure,
                "procedures",
                "Procedures",
                "Procedure",
            ),
        ] {
            let fields: Vec<Value> = field_names::<TherapyFrontMatter>()
                .iter()
                .filter_map(|key| fields::therapy_field(key, choices, kind))
                .chain([fields::body()])
                .collect();
            let mut collection = json!({
                "name": collection_name(name, &language.code),
                "label": format!("{label}{}", language.label),
                "label_singular": singular,
                "folder": content_folder(THERAPIES_DIR),
                "extension": extension(&language.code),
                "create": true,
                "slug": "{{slug}}",
                "summary": "{{title}}",
                "filter": { "field": "kind", "value": fields::variant_name(kind) },
                "fields": fields,
            });
            extend(&mut collection, storage.clone());
            collections.push(collection);
        }
    }
    let mut conditions = Folder::default();
    for condition in &site.conditions {
        let file = &condition.doc.file;
        conditions.count(
            condition.doc.front_text.format,
            &file.content_path,
            &file.display,
        );
    }
    if !site.conditions.is_empty() || root.join(CONTENT_DIR).join(CONDITIONS_DIR).is_dir() {
        let fields: Vec<Value> = field_names::<ConditionFrontMatter>()
            .iter()
            .filter_map(|key| fields::condition_field(key))
            .chain([fields::body()])
            .collect();
        let mut collection = json!({
            "name": collection_name(CONDITIONS_DIR, &language.code),
            "label": format!("Conditions{}", language.label),
            "label_singular": "Condition",
            "folder": content_folder(CONDITIONS_DIR),
            "extension": extension(&language.code),
            "create": true,
            "slug": "{{slug}}",
            "summary": "{{title}}",
            "fields": fields,
        });
        extend(&mut collection, conditions.storage(warnings));
        collections.push(collection);
    }
    collections
}

/// The home page and every listing's `_index.md` that exists, as one collection of files.
fn section_collection(language: &Language<'_>, warnings: &mut Vec<Diagnostic>) -> Option<Value> {
    let mut formats = Folder::default();
    let fields: Vec<Value> = field_names::<SectionFrontMatter>()
        .iter()
        .filter_map(|key| fields::section_field(key))
        .chain([fields::body()])
        .collect();
    let files: Vec<Value> = language
        .site
        .sections
        .iter()
        .filter_map(|section| {
            let doc = section.doc.as_ref()?;
            formats.count(doc.front_text.format, SECTION_FILE, &doc.file.display);
            let name = if section.folder.is_empty() {
                "home".to_string()
            } else {
                section.folder.replace('/', "-")
            };
            Some(json!({
                "name": name,
                "label": if section.folder.is_empty() { "Home page".to_string() } else { section.title.clone() },
                "file": crate::load::assets::slash_path(&doc.file.display),
                "fields": fields,
            }))
        })
        .collect();
    if files.is_empty() {
        return None;
    }
    let mut collection = json!({
        "name": collection_name("listings", &language.code),
        "label": format!("Home and listing pages{}", language.label),
        "files": files,
    });
    let mut storage = formats.storage(warnings);
    storage.remove("path");
    storage.remove("media_folder");
    storage.remove("public_folder");
    extend(&mut collection, storage);
    Some(collection)
}
