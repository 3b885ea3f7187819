//! Entry points for the fuzz targets in `fuzz/` (docs/contributing.md, "Fuzzing"), and for the tests
//! that keep each input a fuzzer once crashed on working.
//!
//! Each takes arbitrary bytes, runs the real stages of Vertebra on them and turns every
//! diagnostic it gets into text, so that a panic anywhere on the way (reading, parsing,
//! locating a problem, wording it, rendering, checking links) shows up as a crash. Nothing
//! here is used by the commands.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::build::{BuildOptions, Builder};
use crate::check::LinkCheck;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::content::{self, Document, SourceFile};
use crate::load::front_matter::{self, ArticleFrontMatter, SectionFrontMatter};

/// Where the page target puts the fuzzed article, relative to the site root.
pub const FUZZED_ARTICLE: &str = "content/articles/fuzzed.md";

/// Parses `bytes` as the front matter and body of an article, a therapy and a section page,
/// locates every key of what parsed, and words every problem. Returns how many problems there
/// were, summed over the three kinds.
pub fn front_matter(bytes: &[u8]) -> usize {
    let display = PathBuf::from(FUZZED_ARTICLE);
    let text = match content::decode_text(&display, bytes) {
        Ok(text) => text,
        Err(diagnostic) => return word(&[diagnostic]),
    };
    let file = |content_path: &str| SourceFile {
        path: PathBuf::from(format!("/site/content/{content_path}")),
        display: PathBuf::from(format!("content/{content_path}")),
        content_path: content_path.to_string(),
    };
    let mut problems = 0;
    match content::parse_document::<ArticleFrontMatter>(
        file("articles/fuzzed.md"),
        &text,
        &front_matter::article_keys,
    ) {
        Ok(doc) => {
            locate_all(
                &doc,
                &["title", "date", "slug", "therapies", "aliases", "cta.phone"],
            );
            let source = doc.front_source();
            for (key, items) in [
                ("therapies", &doc.front.therapies),
                ("aliases", &doc.front.aliases),
            ] {
                for item in items {
                    let _ = source.locate_item(&[key.to_string()], item);
                }
            }
            if let Some(date) = &doc.front.date {
                let _ = (date.iso_date(), date.rfc3339());
            }
        }
        Err(diagnostics) => problems += word(&diagnostics),
    }
    match content::parse_document::<front_matter::TherapyFrontMatter>(
        file("therapies/fuzzed.md"),
        &text,
        &front_matter::therapy_keys,
    ) {
        Ok(doc) => locate_all(&doc, &["title", "kind", "also_known_as", "extra"]),
        Err(diagnostics) => problems += word(&diagnostics),
    }
    match content::parse_document::<SectionFrontMatter>(
        file("articles/_index.md"),
        &text,
        &front_matter::section_keys,
    ) {
        Ok(doc) => locate_all(&doc, &["title", "template", "cta"]),
        Err(diagnostics) => problems += word(&diagnostics),
    }
    problems
}

/// Reads `bytes` as a site.toml in `root` (which it overwrites) and words every problem.
/// Returns how many there were.
pub fn site_toml_in(root: &Path, bytes: &[u8]) -> usize {
    if std::fs::write(root.join(crate::load::config::CONFIG_FILE), bytes).is_err() {
        return 0;
    }
    match crate::load::config::load(root, None) {
        Ok(config) => {
            let _ = (
                config.url("/a/"),
                config.permalink("/a/"),
                config.output_dir(),
            );
            0
        }
        Err(diagnostics) => word(&diagnostics.into_iter().collect::<Vec<_>>()),
    }
}

/// [`site_toml_in`] in a folder of this process's temp folder, made on the first call.
pub fn site_toml(bytes: &[u8]) -> usize {
    static ROOT: OnceLock<Option<PathBuf>> = OnceLock::new();
    let root = ROOT.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("vertebra-fuzz-toml-{}", std::process::id()));
        std::fs::create_dir_all(&root).ok().map(|()| root)
    });
    root.as_deref().map_or(0, |root| site_toml_in(root, bytes))
}

/// Makes the site the page target builds: `vertebra new`'s starter site (one therapy, one
/// article, the listings and the default theme) in `root`, which must be empty or absent.
pub fn make_page_site(root: &Path) -> Result<(), Diagnostics> {
    // A fixed day, so a fuzz run is the same whatever the date.
    let day = jiff::civil::date(2026, 1, 15);
    crate::cmd::scaffold::create(root, day)
}

/// Writes `bytes` as one article of the site in `root` (see [`make_page_site`]) and runs the
/// whole build on it in memory, links checked, nothing written to an output folder: load,
/// link, Markdown, theme, pages, sitemap and feed, link check. Returns the number of output
/// files, or every problem as the text `vertebra build` would print.
pub fn render_one_page_in(root: &Path, bytes: &[u8]) -> Result<usize, String> {
    std::fs::write(root.join(FUZZED_ARTICLE), bytes).map_err(|e| e.to_string())?;
    let options = BuildOptions {
        root: root.to_path_buf(),
        link_check: LinkCheck::Fail,
        ..BuildOptions::default()
    };
    match Builder::new(options).build() {
        Ok(built) => {
            let _ = built.warnings.to_string();
            Ok(built.files.len())
        }
        Err(diagnostics) => Err(diagnostics.to_string()),
    }
}

/// [`render_one_page_in`] in a site made on the first call in this process's temp folder.
pub fn render_one_page(bytes: &[u8]) -> Result<usize, String> {
    static ROOT: OnceLock<Option<PathBuf>> = OnceLock::new();
    let root = ROOT.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("vertebra-fuzz-page-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        make_page_site(&root).ok().map(|()| root)
    });
    match root {
        Some(root) => render_one_page_in(root, bytes),
        None => Err("could not make the fuzzing site".to_string()),
    }
}

fn locate_all<F>(doc: &Document<F>, keys: &[&str]) {
    for key in keys {
        let _ = doc.locate(key);
    }
}

/// Words every diagnostic, as the commands print them; returns how many.
fn word(diagnostics: &[Diagnostic]) -> usize {
    for diagnostic in diagnostics {
        let _ = diagnostic.to_string();
    }
    diagnostics.len()
}
