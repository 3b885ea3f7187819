//! Static files: the theme's and the site's `static/` folders merged, with content-hashed
//! names for CSS and JavaScript.
//!
//! `style.css` is published as `style.3f9a1c2e.css`, the first eight hex digits of the SHA-256
//! of its bytes. A changed file gets a new name, so hosts and CDNs may cache these files for a
//! year without ever serving a stale copy. Templates reach them through `asset_url`, which maps
//! the name a theme author writes to the hashed one; the unhashed name is not written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::config::Config;
use crate::load::content::walk_files;
use crate::output::{OutputContent, OutputFile};

/// Extensions of the files that get content-hashed names.
pub const HASHED_EXTENSIONS: [&str; 3] = ["css", "js", "mjs"];
/// How many hex digits of the SHA-256 go into a hashed name.
const HASH_DIGITS: usize = 8;

/// The static folders, lowest precedence first: the theme's, then the site's.
pub fn static_dirs(config: &Config) -> Vec<PathBuf> {
    vec![
        config
            .root
            .join("themes")
            .join(&config.site.theme)
            .join("static"),
        config.root.join("static"),
    ]
}

/// Every static file to publish, and the hashed name of each CSS and JavaScript file.
#[derive(Debug, Clone, Default)]
pub struct StaticFiles {
    /// Output path (hashed where it applies) → source file.
    files: BTreeMap<String, PathBuf>,
    /// Path as a theme names it (`style.css`) → output path (`style.3f9a1c2e.css`).
    hashed: BTreeMap<String, String>,
}

impl StaticFiles {
    /// Walks `dirs` in order (later folders win for the same path) and hashes CSS and JS.
    pub fn collect(root: &Path, dirs: &[PathBuf], diagnostics: &mut Diagnostics) -> StaticFiles {
        let mut by_path: BTreeMap<String, PathBuf> = BTreeMap::new();
        for dir in dirs {
            if !dir.is_dir() {
                continue;
            }
            for path in walk_files(root, dir, diagnostics) {
                let relative = path.strip_prefix(dir).unwrap_or(&path);
                by_path.insert(slash_path(relative), path);
            }
        }
        let mut statics = StaticFiles::default();
        for (name, source) in by_path {
            let output = if is_hashed(&name) {
                match std::fs::read(&source) {
                    Ok(bytes) => {
                        let output = hashed_name(&name, &bytes);
                        statics.hashed.insert(name, output.clone());
                        output
                    }
                    Err(error) => {
                        diagnostics.push(Diagnostic::io(
                            root,
                            &source,
                            "read the static file",
                            &error,
                        ));
                        name
                    }
                }
            } else {
                name
            };
            statics.files.insert(output, source);
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
        names
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
                content: OutputContent::Copy(source.clone()),
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
