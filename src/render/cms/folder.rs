//! How the files of a content folder are written, as Decap CMS sees them: Decap lists every
//! `.md` file of a collection's folder (its `_index.md` and translations too) and reads and
//! saves them all in the collection's one front-matter format.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::diagnostics::{Diagnostic, Location, Problem};
use crate::load::content::{BUNDLE_FILE, CONTENT_DIR};
use crate::load::typed::Format;

/// The front-matter formats and shapes (flat files or page bundles) of one folder's files.
#[derive(Debug, Clone, Default)]
pub struct Folder {
    /// Files with TOML front matter.
    pub toml: usize,
    /// Files with YAML front matter.
    pub yaml: usize,
    /// Page bundles (`<slug>/index.md`).
    pub bundles: usize,
    /// Files directly in the folder.
    pub flat: usize,
    /// The folder as shown in messages: `content/articles`.
    pub display: PathBuf,
}

impl Folder {
    /// Reads the first line of every `.md` file of `content/<folder>` and of its bundles.
    pub fn scan(root: &Path, folder: &str) -> Folder {
        let display = Path::new(CONTENT_DIR).join(folder);
        let mut scanned = Folder {
            display: display.clone(),
            ..Folder::default()
        };
        let Ok(entries) = fs::read_dir(root.join(&display)) else {
            return scanned;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
        paths.sort();
        for path in paths {
            if path.is_dir() {
                let Ok(inner) = fs::read_dir(&path) else {
                    continue;
                };
                for file in inner.filter_map(|e| Some(e.ok()?.path())) {
                    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    if (name == BUNDLE_FILE || is_translated_bundle(name)) && scanned.count(&file) {
                        scanned.bundles += 1;
                    }
                }
            } else if path.extension().is_some_and(|e| e == "md") && scanned.count(&path) {
                scanned.flat += 1;
            }
        }
        scanned
    }

    /// Counts the file's front-matter format; whether it has front matter.
    fn count(&mut self, file: &Path) -> bool {
        // The first line is enough: a big site is not read twice.
        let mut first = String::new();
        let read = fs::File::open(file).and_then(|f| BufReader::new(f).read_line(&mut first));
        if read.is_err() {
            return false;
        }
        match first.trim_start_matches('\u{feff}').trim_end() {
            "+++" => self.toml += 1,
            "---" => self.yaml += 1,
            _ => return false,
        }
        true
    }

    /// Adds another folder's counts (for a collection of files from several folders).
    pub fn add(&mut self, other: &Folder) {
        self.toml += other.toml;
        self.yaml += other.yaml;
        self.bundles += other.bundles;
        self.flat += other.flat;
    }

    /// The one format of its files; `None` when they mix both.
    pub fn format(&self) -> Option<Format> {
        match (self.toml, self.yaml) {
            (_, 0) => Some(Format::Toml),
            (0, _) => Some(Format::Yaml),
            _ => None,
        }
    }

    /// Whether most of its pages are bundles.
    pub fn is_bundles(&self) -> bool {
        self.bundles > self.flat
    }

    /// The warning for a folder that mixes both formats.
    pub fn warning(&self) -> Option<Diagnostic> {
        self.format().is_none().then(|| {
            Diagnostic::warning(
                Location::file(&self.display),
                Problem::CmsMixedFormats {
                    toml: self.toml,
                    yaml: self.yaml,
                },
            )
        })
    }

    /// The collection keys that say how its files are read and saved.
    ///
    /// A folder in one format is saved in it. A folder that mixes both is read with Decap's
    /// `frontmatter` format, which reads each file by its delimiter: with a fixed format, Decap
    /// reads a file of the other format as having no front matter at all, and saving it wipes
    /// its keys. Decap saves such a folder as YAML, which [`Folder::warning`] says.
    pub fn storage(&self) -> serde_json::Map<String, Value> {
        let mut keys = serde_json::Map::new();
        match self.format() {
            Some(format) => {
                let (name, delimiter) = match format {
                    Format::Toml => ("toml-frontmatter", "+++"),
                    Format::Yaml => ("yaml-frontmatter", "---"),
                };
                keys.insert("format".into(), json!(name));
                keys.insert("frontmatter_delimiter".into(), json!(delimiter));
            }
            None => {
                keys.insert("format".into(), json!("frontmatter"));
            }
        }
        if self.is_bundles() {
            // A page bundle: content/articles/<slug>/index.md, its media beside it.
            keys.insert("path".into(), json!("{{slug}}/index"));
            keys.insert("media_folder".into(), json!(""));
            keys.insert("public_folder".into(), json!(""));
        }
        keys
    }
}

/// `index.es.md`: a translated bundle page.
pub fn is_translated_bundle(name: &str) -> bool {
    name.strip_prefix("index.")
        .and_then(|rest| rest.strip_suffix(".md"))
        .is_some_and(|code| !code.is_empty() && !code.contains('.'))
}
