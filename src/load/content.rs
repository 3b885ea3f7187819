//! Loading content/: finding the files, reading them, and parsing their front matter.
//!
//! The result is plain data ([`Content`]): documents with typed front matter and their Markdown
//! bodies still unrendered, plus the assets to copy. Nothing here knows about other files; the
//! cross-references are made by the link stage.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Position, Problem, display_path};
use crate::load::front_matter::{
    self, ArticleFrontMatter, ConditionFrontMatter, SectionFrontMatter, TherapyFrontMatter,
};
use crate::load::typed::{Format, Source};
use crate::output::FileStamp;

/// The content folder's name.
pub const CONTENT_DIR: &str = "content";
/// The folder of therapy pages inside content/.
pub const THERAPIES_DIR: &str = "therapies";
/// The folder of condition pages inside content/.
pub const CONDITIONS_DIR: &str = "conditions";
/// The file that gives a folder's listing page its title and text.
pub const SECTION_FILE: &str = "_index.md";
/// The file that makes a folder a page bundle.
pub const BUNDLE_FILE: &str = "index.md";

/// A content file: where it is, and how it is named in messages and `@/` links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The absolute path.
    pub path: PathBuf,
    /// The path relative to the site root, for messages: `content/articles/x.md`.
    pub display: PathBuf,
    /// The path relative to content/, `/`-separated, as used in `@/` links: `articles/x.md`.
    pub content_path: String,
}

/// The front matter text of a document, kept to locate problems found after parsing.
#[derive(Debug, Clone)]
pub struct FrontText {
    /// TOML or YAML.
    pub format: Format,
    /// The text between the delimiters.
    pub text: String,
    /// Its first line's number in the file.
    pub first_line: usize,
}

/// A parsed content file.
#[derive(Debug, Clone)]
pub struct Document<F> {
    /// Where it came from.
    pub file: SourceFile,
    /// Its typed front matter.
    pub front: F,
    /// Its front matter as written.
    pub front_text: FrontText,
    /// The Markdown body.
    pub body: String,
    /// The body's first line number in the file.
    pub body_first_line: usize,
    /// Unique to this parse of the file: a re-read file gets a new version, a cached one keeps
    /// its own, so later stages can tell what changed without comparing contents.
    pub version: u64,
}

/// Hands out document versions.
static NEXT_VERSION: AtomicU64 = AtomicU64::new(1);

impl<F> Document<F> {
    /// A [`Source`] over this document's front matter, for locating keys.
    pub fn front_source(&self) -> Source<'_> {
        Source {
            file: &self.file.display,
            text: &self.front_text.text,
            first_line: self.front_text.first_line,
            format: self.front_text.format,
            within: "front matter",
        }
    }

    /// The location of the value of `key` (dotted) in the front matter.
    pub fn locate(&self, key: &str) -> Location {
        self.front_source()
            .locate(&key.split('.').map(str::to_string).collect::<Vec<_>>())
    }
}

/// A file to copy into the output as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Where it is.
    pub source: SourceFile,
    /// Its size and modification time when content/ was walked, so that later stages (the
    /// image cache, the copy into the output) need not `stat` it again.
    pub stamp: Option<FileStamp>,
}

/// A content file to copy as it is, where it is published, and its stamp from the walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedAsset {
    /// The file.
    pub source: PathBuf,
    /// Its path in the output.
    pub output: String,
    /// Its size and modification time when content/ was walked.
    pub stamp: Option<FileStamp>,
}

/// Everything found in content/.
#[derive(Debug, Default)]
pub struct Content {
    /// Articles: every `.md` outside content/therapies/ and content/conditions/ that is not
    /// `_index.md`.
    pub articles: Vec<Arc<Document<ArticleFrontMatter>>>,
    /// Therapies and procedures: content/therapies/**.md.
    pub therapies: Vec<Arc<Document<TherapyFrontMatter>>>,
    /// Conditions: content/conditions/**.md.
    pub conditions: Vec<Arc<Document<ConditionFrontMatter>>>,
    /// `_index.md` files.
    pub sections: Vec<Arc<Document<SectionFrontMatter>>>,
    /// Non-Markdown files.
    pub assets: Vec<Asset>,
    /// Content paths of therapies left out as drafts: articles may list them without error.
    pub draft_therapies: Vec<String>,
    /// Content paths of conditions left out as drafts.
    pub draft_conditions: Vec<String>,
    /// Content paths of Markdown files that failed to load (their errors are reported), so
    /// that links and slugs pointing at them raise no second, false error.
    pub unloaded: Vec<String>,
}

/// Which kind of content a Markdown file is, from its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Article,
    Therapy,
    Condition,
    Section,
}

fn kind_of(content_path: &str) -> Kind {
    let name = content_path.rsplit('/').next().unwrap_or(content_path);
    // `_index.es.md` is a listing's translation (see `load::languages`).
    let untranslated = crate::load::languages::split_language_suffix(name);
    if name == SECTION_FILE || untranslated.is_some_and(|(base, _)| base == SECTION_FILE) {
        Kind::Section
    } else if content_path.starts_with(&format!("{THERAPIES_DIR}/")) {
        Kind::Therapy
    } else if content_path.starts_with(&format!("{CONDITIONS_DIR}/")) {
        Kind::Condition
    } else {
        Kind::Article
    }
}

/// Whether a file name is an editor's temporary, swap or backup file, or hidden.
pub fn is_ignored_file(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
}

/// Parsed files kept between builds (by `serve`), checked by modification time and size, so
/// an unchanged file is not read again.
#[derive(Debug, Default)]
pub struct LoadCache {
    /// Every file of content/, in discovery order, with its stamp and parse.
    files: Vec<(SourceFile, Stamp, ParseResult)>,
    /// Where each path sits in `files`.
    index: HashMap<PathBuf, usize>,
    /// Warnings of the last walk (skipped symlinks), repeated while it stands.
    walk_diagnostics: Diagnostics,
    /// Whether `files` holds a complete walk.
    filled: bool,
}

/// When a file was last modified, and its size.
type Stamp = Option<FileStamp>;
type ParseResult = Result<Parsed, Vec<Diagnostic>>;

fn stamp_of(path: &Path) -> Stamp {
    FileStamp::read(path)
}

/// Reads content/ under `root`. Drafts are parsed (so their errors show) but left out unless
/// `drafts` is set. Problems are returned beside whatever loaded cleanly.
pub fn load(root: &Path, drafts: bool) -> (Content, Diagnostics) {
    load_cached(root, drafts, &mut LoadCache::default(), None)
}

/// [`load`], reusing the parse of every file whose stamp has not changed since `cache` saw it.
///
/// `changed` (from the watcher) lists the paths that changed since the last call: when all of
/// them are files the cache already knows (edits, not files added or removed), only those are
/// looked at again and content/ is not walked.
pub fn load_cached(
    root: &Path,
    drafts: bool,
    cache: &mut LoadCache,
    changed: Option<&[PathBuf]>,
) -> (Content, Diagnostics) {
    let content_dir = root.join(CONTENT_DIR);
    let edits_only = cache.filled
        && changed.is_some_and(|paths| {
            paths.iter().all(|path| {
                !path.starts_with(&content_dir)
                    || (cache.index.contains_key(path) && path.is_file())
            })
        });
    if edits_only {
        for path in changed.unwrap_or_default() {
            if let Some(&at) = cache.index.get(path) {
                let (file, stamp, result) = &mut cache.files[at];
                let now = stamp_of(path);
                if now.is_none() || now != *stamp {
                    *stamp = now;
                    *result = parse_file(root, file.clone());
                }
            }
        }
    } else {
        refill(root, cache);
    }
    let mut diagnostics = cache.walk_diagnostics.clone();
    let mut content = Content::default();
    for (file, stamp, result) in &cache.files {
        match result.clone() {
            Ok(Parsed::Article(doc)) if drafts || !doc.front.draft => content.articles.push(doc),
            Ok(Parsed::Therapy(doc)) if drafts || !doc.front.draft => content.therapies.push(doc),
            Ok(Parsed::Therapy(doc)) => content.draft_therapies.push(doc.file.content_path.clone()),
            Ok(Parsed::Condition(doc)) if drafts || !doc.front.draft => {
                content.conditions.push(doc)
            }
            Ok(Parsed::Condition(doc)) => {
                content.draft_conditions.push(doc.file.content_path.clone())
            }
            Ok(Parsed::Section(doc)) => content.sections.push(doc),
            Ok(Parsed::Asset(asset)) => content.assets.push(Asset {
                stamp: *stamp,
                ..asset
            }),
            Ok(_) => {}
            Err(problems) => {
                content.unloaded.push(file.content_path.clone());
                diagnostics.extend(problems);
            }
        }
    }
    (content, diagnostics)
}

/// Walks content/ afresh, reusing the parse of files whose stamp is unchanged.
fn refill(root: &Path, cache: &mut LoadCache) {
    let mut walk_diagnostics = Diagnostics::new();
    let files = discover(root, &mut walk_diagnostics);
    let previous = std::mem::take(&mut cache.files);
    let previous_index = std::mem::take(&mut cache.index);
    let files: Vec<(SourceFile, Stamp, ParseResult)> = files
        .into_par_iter()
        .map(|file| {
            let stamp = stamp_of(&file.path);
            let cached = previous_index
                .get(&file.path)
                .map(|&at| &previous[at])
                .filter(|(_, seen, _)| stamp.is_some() && *seen == stamp)
                .map(|(_, _, result)| result.clone());
            let result = cached.unwrap_or_else(|| parse_file(root, file.clone()));
            (file, stamp, result)
        })
        .collect();
    cache.index = files
        .iter()
        .enumerate()
        .map(|(at, (file, _, _))| (file.path.clone(), at))
        .collect();
    cache.files = files;
    cache.walk_diagnostics = walk_diagnostics;
    cache.filled = true;
}

#[derive(Debug, Clone)]
enum Parsed {
    Article(Arc<Document<ArticleFrontMatter>>),
    Therapy(Arc<Document<TherapyFrontMatter>>),
    Condition(Arc<Document<ConditionFrontMatter>>),
    Section(Arc<Document<SectionFrontMatter>>),
    Asset(Asset),
}

/// Every file under content/, sorted; symlinks that leave the site are skipped with a warning.
fn discover(root: &Path, diagnostics: &mut Diagnostics) -> Vec<SourceFile> {
    let content_dir = root.join(CONTENT_DIR);
    if !content_dir.is_dir() {
        return Vec::new();
    }
    walk_files(root, &content_dir, diagnostics)
        .into_iter()
        .map(|path| {
            let relative = path.strip_prefix(&content_dir).unwrap_or(&path);
            SourceFile {
                content_path: to_slash(relative),
                display: display_path(root, &path),
                path,
            }
        })
        .collect()
}

/// The regular files below `dir`, sorted, leaving out editor files and unsafe symlinks.
pub fn walk_files(root: &Path, dir: &Path, diagnostics: &mut Diagnostics) -> Vec<PathBuf> {
    let canonical_root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut files = Vec::new();
    // Not `sort_by_file_name`: it sorts each folder by `DirEntry::file_name`, which parses
    // the path again at every comparison (a quarter of a billion instructions for a folder of
    // 20,000 files). The files are sorted once at the end instead, in the same order.
    let walker = WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !is_ignored_file(&entry.file_name().to_string_lossy())
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error.path().unwrap_or(dir).to_path_buf();
                diagnostics.push(Diagnostic::error(
                    Location::file(display_path(root, &path)),
                    Problem::Io {
                        action: "read the folder",
                        reason: error.to_string(),
                    },
                ));
                continue;
            }
        };
        let path = entry.path();
        if entry.path_is_symlink() {
            match check_symlink(&canonical_root, path) {
                Ok(true) => files.push(path.to_path_buf()),
                Ok(false) => {}
                Err(reason) => diagnostics.push(Diagnostic::warning(
                    Location::file(display_path(root, path)),
                    Problem::SkippedLink { reason },
                )),
            }
        } else if entry.file_type().is_file() {
            files.push(path.to_path_buf());
        }
    }
    // By component, name by name: the order of a walk that visits each folder's entries
    // sorted by name, as the build has always listed its files.
    files.sort_by_cached_key(|path| walk_order(path));
    files
}

/// A key that sorts paths as comparing them component by component, name by name, does: the
/// path's bytes with each `/` made the lowest byte, so that a name sorts before every longer
/// name it begins (`a/x` before `a-b/x`), as a component does. One allocation, where a list of
/// components takes one per name.
#[cfg(unix)]
fn walk_order(path: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    let bytes = path.as_os_str().as_bytes();
    bytes
        .iter()
        .map(|&byte| if byte == b'/' { 0 } else { byte })
        .collect()
}

/// [`walk_order`] where paths are not bytes: the list of components.
#[cfg(not(unix))]
fn walk_order(path: &Path) -> Vec<std::ffi::OsString> {
    path.components()
        .map(|part| part.as_os_str().to_owned())
        .collect()
}

/// Whether a symlink is a file inside the site (`Ok(true)`); otherwise why it is skipped.
fn check_symlink(canonical_root: &Path, link: &Path) -> Result<bool, String> {
    let target = fs::canonicalize(link)
        .map_err(|e| format!("the symlink cannot be resolved (a loop or a missing target): {e}"))?;
    if !target.starts_with(canonical_root) {
        return Err(format!(
            "the symlink points outside the site, to {}",
            target.display()
        ));
    }
    if target.is_dir() {
        return Err("symlinked folders are not followed".to_string());
    }
    Ok(target.is_file())
}

fn to_slash(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn parse_file(root: &Path, file: SourceFile) -> Result<Parsed, Vec<Diagnostic>> {
    if !file.content_path.ends_with(".md") {
        // Stamped from the walk when the content is gathered.
        return Ok(Parsed::Asset(Asset {
            source: file,
            stamp: None,
        }));
    }
    let bytes = fs::read(&file.path)
        .map_err(|e| vec![Diagnostic::io(root, &file.path, "read the file", &e)])?;
    let text = decode_text(&file.display, &bytes).map_err(|d| vec![d])?;
    match kind_of(&file.content_path) {
        Kind::Article => parse_document(file, &text, &front_matter::article_keys)
            .map(|doc| Parsed::Article(Arc::new(doc))),
        Kind::Therapy => parse_document(file, &text, &front_matter::therapy_keys)
            .map(|doc| Parsed::Therapy(Arc::new(doc))),
        Kind::Condition => parse_document(file, &text, &front_matter::condition_keys)
            .map(|doc| Parsed::Condition(Arc::new(doc))),
        Kind::Section => parse_document(file, &text, &front_matter::section_keys)
            .map(|doc| Parsed::Section(Arc::new(doc))),
    }
}

/// Checks that `bytes` are UTF-8 and drops a leading byte-order mark.
pub fn decode_text(file: &Path, bytes: &[u8]) -> Result<String, Diagnostic> {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    let without_bom = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let bom_len = bytes.len() - without_bom.len();
    // SIMD validation when the text is good; `std`'s tells where it is not.
    if let Ok(text) = simdutf8::basic::from_utf8(without_bom) {
        return Ok(text.to_owned());
    }
    match std::str::from_utf8(without_bom) {
        Ok(text) => Ok(text.to_string()),
        Err(error) => {
            let valid_len = error.valid_up_to();
            // The offset is reported in the file's bytes, byte-order mark included.
            let offset = bom_len + valid_len;
            let valid = std::str::from_utf8(&without_bom[..valid_len]).unwrap_or_default();
            let mut position = Position::from_offset(valid, valid_len, 1, 1);
            position.source_line.push('\u{FFFD}');
            Err(Diagnostic::error(
                Location::at(file, position),
                Problem::InvalidUtf8 { offset },
            ))
        }
    }
}

/// Splits and parses one Markdown file into a document with front matter `F`.
pub fn parse_document<F: DeserializeOwned>(
    file: SourceFile,
    text: &str,
    known_keys: &dyn Fn(&str) -> &'static [&'static str],
) -> Result<Document<F>, Vec<Diagnostic>> {
    let split = front_matter::split(text).map_err(|(problem, line)| {
        vec![Diagnostic::error(
            Location::at(&file.display, Position::from_line_column(text, line, 1, 3)),
            problem,
        )]
    })?;
    let source = Source {
        file: &file.display,
        text: split.front,
        first_line: split.front_first_line,
        format: split.format,
        within: "front matter",
    };
    let table = source.parse().map_err(|d| vec![d])?;
    let front = source.deserialize::<F>(table, known_keys)?;
    let front_text = FrontText {
        format: split.format,
        text: split.front.to_string(),
        first_line: split.front_first_line,
    };
    Ok(Document {
        front,
        front_text,
        body: split.body.to_string(),
        body_first_line: split.body_first_line,
        version: NEXT_VERSION.fetch_add(1, Ordering::Relaxed),
        file,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_paths() {
        assert_eq!(kind_of("articles/x.md"), Kind::Article);
        assert_eq!(kind_of("therapies/acupuncture.md"), Kind::Therapy);
        assert_eq!(kind_of("therapies/_index.md"), Kind::Section);
        assert_eq!(kind_of("_index.md"), Kind::Section);
        assert_eq!(kind_of("about.md"), Kind::Article);
    }

    #[test]
    fn ignores_editor_files() {
        for name in [
            ".x.md.swp",
            "x.md~",
            ".#x.md",
            "#x.md#",
            ".DS_Store",
            "x.md.tmp",
        ] {
            assert!(is_ignored_file(name), "{name}");
        }
        assert!(!is_ignored_file("x.md"));
    }

    #[test]
    fn lists_files_as_a_walk_of_each_folder_sorted_by_name() {
        let root = tempfile::tempdir().unwrap();
        let names = [
            "a.md", "a/x.md", "a/b/y.md", "a-b.md", "a.b/z.md", "B.md", "b/c/d.md", "b.md", "é.md",
            "a/a.md", "a b.md",
        ];
        for name in names {
            let path = root.path().join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "x").unwrap();
        }
        let walked: Vec<PathBuf> = WalkDir::new(root.path())
            .sort_by_file_name()
            .into_iter()
            .map(|entry| entry.unwrap())
            .filter(|entry| entry.file_type().is_file())
            .map(|entry| entry.into_path())
            .collect();
        let mut diagnostics = Diagnostics::default();
        assert_eq!(
            walk_files(root.path(), root.path(), &mut diagnostics),
            walked
        );
        assert_eq!(walked.len(), names.len());
    }

    #[test]
    fn reports_invalid_utf8_with_position() {
        let d = decode_text(Path::new("x.md"), b"+++\ntitle = \"a\xff\"\n").unwrap_err();
        let position = d.location.unwrap().position.unwrap();
        assert_eq!((position.line, position.column), (2, 11));
    }
}
