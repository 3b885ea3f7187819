//! Site search: every published page is handed to Pagefind as it renders, and Pagefind's
//! chunked index, its browser scripts and its UI become files under `/pagefind/` of the output.
//!
//! Rendering runs on rayon threads while Pagefind's API is async and takes one page at a time,
//! so [`SearchIndex`] owns a worker thread with its own small Tokio runtime: pages travel to it
//! over a channel, and [`SearchIndex::finish`] feeds them to Pagefind in a fixed order (for
//! deterministic output) and collects the index files. Only the part of a page Pagefind reads
//! is kept meanwhile. What a page contributes —
//! its kind, date and weight — is said by the theme with `data-pagefind-*` attributes.

use std::sync::mpsc;
use std::thread::JoinHandle;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::diagnostics::{Diagnostic, Diagnostics, Problem, Severity};
use crate::link::urls::NOT_FOUND_FILE;
use crate::output::OutputFile;
use crate::render::PageIndexer;

/// The folder of the output that holds the index and the search UI's scripts.
pub const SEARCH_DIR: &str = "pagefind";

/// One rendered page on its way to the indexer.
struct QueuedPage {
    output_path: String,
    url: String,
    html: String,
}

/// What the worker gives back: the index files and the pages it could not index.
struct Indexed {
    files: Vec<OutputFile>,
    warnings: Diagnostics,
}

/// A search index being filled, page by page, while the site renders.
#[derive(Debug)]
pub struct SearchIndex {
    sender: mpsc::Sender<QueuedPage>,
    worker: JoinHandle<Indexed>,
}

impl SearchIndex {
    /// Starts an empty index.
    pub fn start() -> SearchIndex {
        let (sender, receiver) = mpsc::channel();
        let worker = std::thread::Builder::new()
            .name("search-index".into())
            .spawn(move || index_pages(receiver));
        let worker = match worker {
            Ok(worker) => worker,
            // Without a thread there is no index; say so instead of failing the build.
            Err(error) => std::thread::spawn(move || Indexed {
                files: Vec::new(),
                warnings: warning(Problem::SearchIndex {
                    page: None,
                    reason: format!("could not start the indexer: {error}"),
                })
                .into(),
            }),
        };
        SearchIndex { sender, worker }
    }

    /// Waits for the last page to be indexed; returns the files of `/pagefind/` (sorted by
    /// path) and a warning for every page that could not be indexed.
    pub fn finish(self) -> (Vec<OutputFile>, Diagnostics) {
        drop(self.sender);
        match self.worker.join() {
            Ok(indexed) => (indexed.files, indexed.warnings),
            Err(_) => (
                Vec::new(),
                warning(Problem::SearchIndex {
                    page: None,
                    reason: "the indexer stopped unexpectedly; the site has no search index".into(),
                })
                .into(),
            ),
        }
    }
}

impl PageIndexer for SearchIndex {
    fn add(&self, output_path: &str, html: &[u8]) {
        if !is_searchable(output_path) {
            return;
        }
        let page = QueuedPage {
            output_path: output_path.to_string(),
            url: page_url(output_path),
            html: searchable_part(&String::from_utf8_lossy(html)),
        };
        // A send fails only when the worker is gone, and `finish` reports that.
        let _ = self.sender.send(page);
    }
}

/// Whether a page belongs in search: not the not-found page (redirect pages and drafts never
/// reach the indexer). Which part of a page is indexed is the theme's choice.
fn is_searchable(output_path: &str) -> bool {
    output_path.ends_with(".html") && output_path != NOT_FOUND_FILE
}

/// What Pagefind reads of a page, kept until the index is built: the `<html>` tag (for the
/// language) and the body from the element marked `data-pagefind-body` on. The head, header
/// and navigation before it would only take memory. A page without the mark is kept whole.
fn searchable_part(html: &str) -> String {
    let Some(mark) = html.find("data-pagefind-body") else {
        return html.to_string();
    };
    let html_tag = html
        .find("<html")
        .and_then(|start| Some(&html[start..start + html[start..].find('>')? + 1]));
    match (html_tag, html[..mark].rfind('<')) {
        (Some(html_tag), Some(body_start)) => {
            format!("{html_tag}<body>{}", &html[body_start..])
        }
        _ => html.to_string(),
    }
}

/// The URL a result links to, from the site's root: `articles/x/index.html` → `/articles/x/`.
/// The search UI adds the base path (its `baseUrl`), so the index does not depend on it.
fn page_url(output_path: &str) -> String {
    let path = output_path
        .strip_suffix("index.html")
        .unwrap_or(output_path);
    format!("/{path}")
}

fn warning(problem: Problem) -> Diagnostic {
    Diagnostic {
        severity: Severity::Warning,
        location: None,
        problem,
    }
}

/// The worker: feeds every page it receives to Pagefind, then builds the index.
fn index_pages(receiver: mpsc::Receiver<QueuedPage>) -> Indexed {
    let mut warnings = Diagnostics::new();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            // Drain the queue so rendering never blocks on a full channel.
            receiver.iter().for_each(drop);
            warnings.push(warning(Problem::SearchIndex {
                page: None,
                reason: format!("could not start the indexer: {error}"),
            }));
            return Indexed {
                files: Vec::new(),
                warnings,
            };
        }
    };
    let config = PagefindServiceConfig::builder().build();
    let mut index = match PagefindIndex::new(Some(config)) {
        Ok(index) => index,
        Err(error) => {
            receiver.iter().for_each(drop);
            warnings.push(warning(Problem::SearchIndex {
                page: None,
                reason: error.to_string(),
            }));
            return Indexed {
                files: Vec::new(),
                warnings,
            };
        }
    };
    // Pagefind numbers pages in the order they are added, and rendering finishes them in any
    // order: sort them, so that two builds of the same site write the same index.
    let mut pages: Vec<QueuedPage> = receiver.iter().collect();
    pages.sort_unstable_by(|a, b| a.output_path.cmp(&b.output_path));
    for page in pages {
        let added = runtime.block_on(index.add_html_file(None, Some(page.url), page.html));
        if let Err(error) = added {
            warnings.push(warning(Problem::SearchIndex {
                page: Some(page.output_path),
                reason: error.to_string(),
            }));
        }
    }
    let files = match runtime.block_on(index.get_files()) {
        Ok(files) => files,
        Err(error) => {
            warnings.push(warning(Problem::SearchIndex {
                page: None,
                reason: error.to_string(),
            }));
            Vec::new()
        }
    };
    let mut files: Vec<OutputFile> = files
        .into_iter()
        .map(|file| {
            let name = file.filename.to_string_lossy().replace('\\', "/");
            OutputFile::bytes(format!("{SEARCH_DIR}/{name}"), file.contents)
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Indexed { files, warnings }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn result_urls_drop_index_html() {
        assert_eq!(page_url("articles/x/index.html"), "/articles/x/");
        assert_eq!(page_url("index.html"), "/");
        assert_eq!(page_url("page.html"), "/page.html");
    }

    #[test]
    fn only_the_marked_body_is_kept() {
        let page = "<!DOCTYPE html><html lang=\"es\"><head><title>T</title></head><body><nav>Menu</nav><main data-pagefind-body><h1>Ciática</h1></main></body></html>";
        assert_eq!(
            searchable_part(page),
            "<html lang=\"es\"><body><main data-pagefind-body><h1>Ciática</h1></main></body></html>"
        );
        assert_eq!(searchable_part("<p>no mark</p>"), "<p>no mark</p>");
    }

    #[test]
    fn the_not_found_page_is_not_searchable() {
        assert!(!is_searchable("404.html"));
        assert!(!is_searchable("sitemap.xml"));
        assert!(is_searchable("therapies/index.html"));
    }
}
