//! Where each rendered page came from (its output file, content file, template and Markdown
//! body), for the link checker to name the file and line to fix.

use std::path::{Path, PathBuf};

use super::{Theme, output_file};
use crate::link::Site;

/// Where a rendered page came from: for the link checker to name the file to fix.
#[derive(Debug, Clone)]
pub struct PageOrigin<'a> {
    /// The page's file in the output: `articles/x/index.html`.
    pub output: String,
    /// The content file it was rendered for (site.toml for pages without one).
    pub source: &'a Path,
    /// The template file that rendered it, as shown to the user.
    pub template: PathBuf,
    /// Its Markdown body, when it has one.
    pub body: Option<MarkdownBody<'a>>,
}

/// A Markdown body and what rendering it gave, to place a link at its line.
#[derive(Debug, Clone, Copy)]
pub struct MarkdownBody<'a> {
    /// The content file, as shown to the user.
    pub file: &'a Path,
    /// The body's Markdown.
    pub text: &'a str,
    /// The line of the file the body starts on.
    pub first_line: usize,
    /// The rendered body, with the links it emitted.
    pub rendered: &'a crate::markdown::Rendered,
}

impl Theme {
    /// Where each page of `site` comes from: its output file, content file, template and body.
    pub fn page_origins<'a>(&self, site: &'a Site) -> Vec<PageOrigin<'a>> {
        site.pages()
            .into_iter()
            .map(|page| PageOrigin {
                output: output_file(&page.path),
                source: page.source,
                template: self
                    .sources
                    .get(&*page.template)
                    .map_or_else(|| PathBuf::from(&*page.template), |(file, _)| file.clone()),
                body: page
                    .body()
                    .map(|(file, text, first_line, rendered)| MarkdownBody {
                        file,
                        text,
                        first_line,
                        rendered,
                    }),
            })
            .collect()
    }
}
