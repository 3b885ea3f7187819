//! Site search: every published page is handed to Pagefind as it renders, and Pagefind's
//! chunked index, its browser scripts and its UI become files under `/pagefind/` of the output.
//!
//! Rendering runs on rayon threads while Pagefind's API is async and takes one page at a time,
//! so [`SearchIndex`] owns a worker thread with its own small Tokio runtime: pages travel to it
//! over a bounded channel (a slow indexer holds back rendering instead of piling pages up in
//! memory), and [`SearchIndex::finish`] collects the index files. What a page contributes —
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

/// How many rendered pages may wait for the indexer before rendering waits for it.
const QUEUE: usize = 256;

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
    sender: mpsc::SyncSender<QueuedPage>,
    worker: JoinHandle<Indexed>,
}

impl SearchIndex {
    /// Starts an empty index.
    pub fn start() -> SearchIndex {
        let (sender, receiver) = mpsc::sync_channel(QUEUE);
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
            html: String::from_utf8_lossy(html).into_owned(),
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
    for page in receiver {
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
    fn the_not_found_page_is_not_searchable() {
        assert!(!is_searchable("404.html"));
        assert!(!is_searchable("sitemap.xml"));
        assert!(is_searchable("therapies/index.html"));
    }
}
