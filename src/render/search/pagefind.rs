//! Pagefind, used as a library: the records go in one by one and its files come out in
//! memory, to be written with the rest of the output.

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use super::{Record, SEARCH_DIR, SearchIndex};
use crate::diagnostics::{Diagnostic, Location, Problem};
use crate::output::OutputFile;

/// Pagefind's files that the theme's search script does not load: its own ready-made
/// interfaces and the playground.
const UNUSED: [&str; 3] = [
    "pagefind-ui.",
    "pagefind-modular-ui.",
    "pagefind-component-ui.",
];

/// The index of `records` as output files under [`SEARCH_DIR`], with a warning for each
/// record Pagefind could not read (left out), or the problem that stopped it.
pub fn index(records: &[Record]) -> Result<SearchIndex, Diagnostic> {
    let failed = |message: String| Diagnostic::global(Problem::SearchIndex { message });
    // Pagefind's interface is asynchronous: a runtime of this thread drives it.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| failed(e.to_string()))?;
    runtime.block_on(async {
        let options = PagefindServiceConfig::builder().build();
        let mut index = PagefindIndex::new(Some(options)).map_err(|e| failed(e.to_string()))?;
        let mut warnings = Vec::new();
        for record in records {
            let added = index
                .add_html_file(None, Some(record.url.clone()), record.html.clone())
                .await;
            if let Err(error) = added {
                warnings.push(Diagnostic::warning(
                    Location::file(&record.source),
                    Problem::SearchRecordSkipped {
                        message: error.to_string(),
                    },
                ));
            }
        }
        let files = index.get_files().await.map_err(|e| failed(e.to_string()))?;
        let files = files
            .into_iter()
            .filter_map(|file| {
                let name = file.filename.to_str()?.replace('\\', "/");
                if UNUSED.iter().any(|unused| name.starts_with(unused)) {
                    return None;
                }
                Some(OutputFile::bytes(
                    format!("{SEARCH_DIR}/{name}"),
                    file.contents,
                ))
            })
            .collect();
        Ok(SearchIndex { files, warnings })
    })
}
