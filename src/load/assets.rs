//! Static files: the theme's and the site's `static/` folders merged, each published under its
//! own name, and CSS and JavaScript also under a content-hashed name.
//!
//! `style.css` is published as `style.css` and as `style.3f9a1c2e.css`, the first eight hex
//! digits of the SHA-256 of its bytes. Templates reach it through `asset_url`, which returns
//! the hashed name: a changed file gets a new name, so hosts and CDNs may cache it for a year
//! without ever serving a stale copy (a `?v=` query would not do: some caches ignore queries,
//! and a host cannot give a query its own cache rule). The plain name stays, so a hand-written
//! `<link href="/style.css">` or a link in an e-mail keeps working.

use std::collections::BTreeMap;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::theme::{FileSource, ThemeFile};
use crate::output::{OutputContent, OutputFile};

/// Extensions of the files that get content-hashed names.
pub const HASHED_EXTENSIONS: [&str; 3] = ["css", "js", "mjs"];
/// How many hex digits of the SHA-256 go into a hashed name.
const HASH_DIGITS: usize = 8;

/// Every static file to publish, and the hashed name of each CSS and JavaScript file.
#[derive(Debug, Clone, Default)]
pub struct StaticFiles {
    /// Output path → source: every file under its own name, and hashed copies.
    files: BTreeMap<String, FileSource>,
    /// Path as a theme names it (`style.css`) → hashed output path (`style.3f9a1c2e.css`).
    hashed: BTreeMap<String, String>,
}

impl StaticFiles {
    /// Takes `files` in order (a later file wins for the same name: the site's static/ over
    /// the theme's) and hashes CSS and JS.
    pub fn collect(
        root: &Path,
        files: Vec<ThemeFile>,
        diagnostics: &mut Diagnostics,
    ) -> StaticFiles {
        let mut by_name: BTreeMap<String, ThemeFile> = BTreeMap::new();
        for file in files {
            by_name.insert(file.name.clone(), file);
        }
        let mut statics = StaticFiles::default();
        for (name, file) in by_name {
            // The CMS's script loads its parts by their plain names: a hashed copy of its
            // 6 MB would only be dead weight.
            if is_hashed(&name) && !name.starts_with(crate::load::cms::SCRIPT_DIR) {
                match file.source.read() {
                    Ok(bytes) => {
                        let output = hashed_name(&name, &bytes);
                        statics.hashed.insert(name.clone(), output.clone());
                        statics.files.insert(output, file.source.clone());
                    }
                    Err(error) => diagnostics.push(Diagnostic::io(
                        root,
                        &file.display,
                        "read the static file",
                        &error,
                    )),
                }
            }
            statics.files.insert(name, file.source);
        }
        statics
    }

    /// The output path of the static file a template calls `path` (`/style.css` or
    /// `style.css`): its hashed name when it has one, else `path` without its leading `/`.
    pub fn output_path<'a>(&'a self, path: &'a str) -> &'a str {
        let path = path.trim_start_matches('/');
        self.hashed.get(path).map_or(path, String::as_str)
    }

    /// Every static file as a template names it (`style.css`, not its hashed name), sorted.
    pub fn names(&self) -> Vec<&str> {
        let hashed: std::collections::BTreeSet<&str> =
            self.hashed.values().map(String::as_str).collect();
        let mut names: Vec<&str> = self
            .files
            .keys()
            .map(String::as_str)
            .filter(|output| !hashed.contains(output))
            .chain(self.hashed.keys().map(String::as_str))
            .collect();
        names.sort_unstable();
        // A CSS or JS file is published under its own name and a hashed one.
        names.dedup();
        names
    }

    /// Where the static file published as `path` comes from.
    pub fn source_of(&self, path: &str) -> Option<&FileSource> {
        self.files.get(path.trim_start_matches('/'))
    }

    /// Name as written → hashed output path, for every hashed file.
    pub fn hashed_names(&self) -> &BTreeMap<String, String> {
        &self.hashed
    }

    /// The files to copy into the output, sorted by output path.
    pub fn output_files(&self) -> Vec<OutputFile> {
        self.files
            .iter()
            .map(|(path, source)| OutputFile {
                path: path.clone(),
                content: match source {
                    FileSource::Disk(path) => OutputContent::Copy(path.clone(), None),
                    FileSource::Embedded(bytes) => OutputContent::Bytes((*bytes).into()),
                },
            })
            .collect()
    }
}

fn is_hashed(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| HASHED_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
}

/// `css/style.css` with its bytes → `css/style.3f9a1c2e.css`.
pub fn hashed_name(name: &str, bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hex: String = digest
        .iter()
        .take(HASH_DIGITS / 2)
        .map(|byte| format!("{byte:02x}"))
        .collect();
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{hex}.{ext}"),
        None => format!("{name}.{hex}"),
    }
}

/// A relative path with `/` separators, whatever the platform.
pub fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_names_by_content() {
        let a = hashed_name("style.css", b"body { color: red }");
        let b = hashed_name("style.css", b"body { color: blue }");
        assert!(a.starts_with("style.") && a.ends_with(".css"), "{a}");
        assert_eq!(a.len(), "style.12345678.css".len());
        assert_ne!(a, b);
        assert_eq!(a, hashed_name("style.css", b"body { color: red }"));
        assert!(hashed_name("js/app.min.js", b"x").starts_with("js/app.min."));
        assert!(is_hashed("a/b.CSS") && is_hashed("x.js") && !is_hashed("logo.svg"));
    }
}
