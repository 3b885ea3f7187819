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
pub mod folder;

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Value, json};

use crate::diagnostics::{Diagnostic, Location, Problem};
use crate::link::Site;
use crate::load::assets::StaticFiles;
use crate::load::cms::{Backend, CmsConfig, SCRIPT};
use crate::load::config::CONFIG_FILE;
use crate::load::content::{BUNDLE_FILE, CONDITIONS_DIR, CONTENT_DIR, THERAPIES_DIR};
use crate::load::front_matter::{
    ArticleFrontMatter, ConditionFrontMatter, SectionFrontMatter, TherapyFrontMatter, TherapyKind,
};
use crate::load::typed::{Format, Source, field_names};
use crate::output::OutputFile;
use fields::{Choice, Choices};
use folder::{Folder, is_translated_bundle};

/// The folder of the editing screen in the output.
pub const ADMIN_DIR: &str = "admin";

/// `admin/index.html` and `admin/config.yml`, with warnings (the CMS's script is missing, a
/// folder mixes front-matter formats). Nothing when site.toml has no `[cms]`.
pub fn admin_files(
    site: &Site,
    statics: &StaticFiles,
    templates: &[&str],
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
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
    let config = config_yml(site, cms, templates, &mut warnings);
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
pub fn config_yml(
    site: &Site,
    cms: &CmsConfig,
    templates: &[&str],
    warnings: &mut Vec<Diagnostic>,
) -> String {
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
        "local_backend": { "url": format!("http://127.0.0.1:{}/api/v1", cms.local_port) },
        "site_url": config.base_url,
        "display_url": config.base_url,
        "media_folder": "static",
        "public_folder": "/",
        "slug": { "encoding": "ascii", "clean_accents": true },
        "collections": collections(site, templates, warnings),
    });
    let yaml = serde_saphyr::to_string(&document).unwrap_or_else(|_| document.to_string());
    format!(
        "# Decap CMS configuration, written by Vertebra from the site's content on every build:\n# edit site.toml's [cms] and the content instead (see docs/cms.md).\n{yaml}"
    )
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

/// Each content folder's files as scanned, by folder (`articles`, `""` for content/).
#[derive(Default)]
struct Scans(BTreeMap<String, Folder>);

impl Scans {
    fn get(&mut self, root: &Path, folder: &str) -> &Folder {
        self.0
            .entry(folder.to_string())
            .or_insert_with(|| Folder::scan(root, folder))
    }
}

fn collections(site: &Site, templates: &[&str], warnings: &mut Vec<Diagnostic>) -> Vec<Value> {
    let choices = choices(site, templates);
    let mut scans = Scans::default();
    let mut collections = Vec::new();
    for language in languages(site) {
        collections.extend(article_collections(&language, &choices, &mut scans));
        collections.extend(topic_collections(&language, &choices, &mut scans));
        collections.extend(section_collection(&language, &choices, &mut scans));
    }
    warnings.extend(scans.0.values().filter_map(Folder::warning));
    collections
}

/// What the select widgets offer: published slugs, configured author ids and the theme's
/// page templates.
pub fn choices(site: &Site, templates: &[&str]) -> Choices {
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
        templates: templates
            .iter()
            .filter(|name| fields::is_page_template(name))
            .map(|name| name.to_string())
            .collect(),
    }
}

fn sorted(choices: impl Iterator<Item = Choice>) -> Vec<Choice> {
    let mut choices: Vec<Choice> = choices.collect();
    choices.sort_by_key(|choice| choice.label.to_lowercase());
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
    scans: &mut Scans,
) -> Vec<Value> {
    let site = language.site;
    let mut folders: Vec<String> = site
        .articles
        .iter()
        .map(|article| folder_of(&article.doc.file.content_path))
        .chain(
            site.sections
                .iter()
                .filter(|s| s.folder != THERAPIES_DIR && s.folder != CONDITIONS_DIR)
                .map(|s| s.folder.clone()),
        )
        .collect();
    folders.sort();
    folders.dedup();
    let mut fields: Vec<Value> = field_names::<ArticleFrontMatter>()
        .iter()
        .filter_map(|key| fields::article_field(key, choices))
        .collect();
    fields.push(fields::body());
    folders
        .iter()
        .map(|folder| {
            let title = site
                .sections
                .iter()
                .find(|s| &s.folder == folder)
                .map(|s| s.title.clone())
                .filter(|_| !folder.is_empty())
                .unwrap_or_else(|| "Pages".to_string());
            let mut collection =
                folder_collection(language, [folder, &title, "Article"], folder, &fields);
            collection["sortable_fields"] = json!(["title", "date"]);
            extend(
                &mut collection,
                scans.get(&site.config.root, folder).storage(),
            );
            collection
        })
        .collect()
}

/// A collection of the Markdown files of `folder` in `language`, named and labelled by
/// `[name, label, singular]` (the label followed by the language's, if any).
fn folder_collection(
    language: &Language<'_>,
    [name, label, singular]: [&str; 3],
    folder: &str,
    fields: &[Value],
) -> Value {
    json!({
        "name": collection_name(name, &language.code),
        "label": format!("{label}{}", language.label),
        "label_singular": singular,
        "folder": content_folder(folder),
        "extension": extension(&language.code),
        "create": true,
        "slug": "{{slug}}",
        "summary": "{{title}}",
        "fields": fields,
    })
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
fn topic_collections(language: &Language<'_>, choices: &Choices, scans: &mut Scans) -> Vec<Value> {
    let site = language.site;
    let root = &site.config.root;
    let mut collections = Vec::new();
    if !site.therapies.is_empty() || root.join(CONTENT_DIR).join(THERAPIES_DIR).is_dir() {
        let storage = scans.get(root, THERAPIES_DIR).storage();
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
            let mut collection =
                folder_collection(language, [name, label, singular], THERAPIES_DIR, &fields);
            collection["filter"] = json!({ "field": "kind", "value": fields::variant_name(kind) });
            extend(&mut collection, storage.clone());
            collections.push(collection);
        }
    }
    if !site.conditions.is_empty() || root.join(CONTENT_DIR).join(CONDITIONS_DIR).is_dir() {
        let fields: Vec<Value> = field_names::<ConditionFrontMatter>()
            .iter()
            .filter_map(|key| fields::condition_field(key, choices))
            .chain([fields::body()])
            .collect();
        let mut collection = folder_collection(
            language,
            [CONDITIONS_DIR, "Conditions", "Condition"],
            CONDITIONS_DIR,
            &fields,
        );
        extend(&mut collection, scans.get(root, CONDITIONS_DIR).storage());
        collections.push(collection);
    }
    collections
}

/// The home page and every listing's `_index.md` that exists, as one collection of files. Its
/// format agrees with the folder collections that list the same files.
fn section_collection(
    language: &Language<'_>,
    choices: &Choices,
    scans: &mut Scans,
) -> Option<Value> {
    let root = &language.site.config.root;
    let mut formats = Folder::default();
    let fields: Vec<Value> = field_names::<SectionFrontMatter>()
        .iter()
        .filter_map(|key| fields::section_field(key, choices))
        .chain([fields::body()])
        .collect();
    let files: Vec<Value> = language
        .site
        .sections
        .iter()
        .filter_map(|section| {
            let doc = section.doc.as_ref()?;
            formats.add(scans.get(root, &section.folder));
            let name = if section.folder.is_empty() {
                "home".to_string()
            } else {
                section.folder.replace('/', "-")
            };
            let label = if section.folder.is_empty() {
                "Home page".to_string()
            } else {
                section.title.clone()
            };
            Some(json!({
                "name": name,
                "label": label,
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
    formats.bundles = 0;
    extend(&mut collection, formats.storage());
    Some(collection)
}
