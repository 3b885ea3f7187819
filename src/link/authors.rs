//! The people behind the articles: `author` and `reviewed_by` resolved against `[authors]` in
//! site.toml, and a page per configured author that lists what they wrote and reviewed.
//!
//! A value that names an id (`reviewed_by = "lena-park"`) is that author, with credentials,
//! job title and a page at `/authors/lena-park/`. Any other value is a plain name
//! (`reviewed_by = "Dr. Lena Park"`), shown as written, with no page. A value that looks like
//! an id but names none is most likely a typo: it is shown as written, with a warning.

use std::collections::HashSet;

use crate::diagnostics::{Diagnostic, Location, Problem, did_you_mean};
use crate::link::Article;
use crate::link::urls::{Alias, Claim};
use crate::load::config::{AuthorConfig, Config};

/// The folder author pages are published under: `/authors/<id>/`.
pub const AUTHORS_DIR: &str = "authors";

/// Someone an article names as its author or reviewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Person<'a> {
    /// An author configured in `[authors.<id>]`.
    Known {
        /// The id.
        id: &'a str,
        /// Their settings.
        author: &'a AuthorConfig,
    },
    /// A plain name, as written.
    Named(&'a str),
}

impl<'a> Person<'a> {
    /// The person `value` names: a configured author when it is an id, else a plain name.
    pub fn resolve(config: &'a Config, value: &'a str) -> Person<'a> {
        match config.site.authors.get_key_value(value) {
            Some((id, author)) => Person::Known { id, author },
            None => Person::Named(value),
        }
    }

    /// The name without credentials.
    pub fn name(&self) -> &'a str {
        match self {
            Person::Known { author, .. } => &author.name,
            Person::Named(name) => name,
        }
    }

    /// The name as shown on a page: with credentials when configured ("Lena Park, MD").
    pub fn display_name(&self) -> String {
        match self {
            Person::Known { author, .. } => display_name(author),
            Person::Named(name) => name.to_string(),
        }
    }

    /// Their settings, for a configured author.
    pub fn author(&self) -> Option<(&'a str, &'a AuthorConfig)> {
        match self {
            Person::Known { id, author } => Some((id, author)),
            Person::Named(_) => None,
        }
    }

    /// The site path of their page, for a configured author: `/authors/lena-park/`.
    pub fn path(&self) -> Option<String> {
        self.author().map(|(id, _)| author_path(id))
    }
}

/// The person an `author` or `reviewed_by` value names: `None` when it is absent or blank.
pub fn named(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// "Lena Park, MD", or the name alone without credentials.
pub fn display_name(author: &AuthorConfig) -> String {
    match author.credentials.as_deref().map(str::trim) {
        Some(credentials) if !credentials.is_empty() => format!("{}, {credentials}", author.name),
        _ => author.name.clone(),
    }
}

/// The site path of an author's page.
pub fn author_path(id: &str) -> String {
    format!("/{AUTHORS_DIR}/{id}/")
}

/// A configured author and the articles that name them.
#[derive(Debug, Clone)]
pub struct Author {
    /// The id in `[authors.<id>]`.
    pub id: String,
    /// Their page's site path: `/authors/<id>/`.
    pub path: String,
    /// Articles they wrote, newest first (indices into [`crate::link::Site::articles`]).
    pub written: Vec<usize>,
    /// Articles they reviewed, newest first.
    pub reviewed: Vec<usize>,
    /// The bio rendered from Markdown.
    pub bio_html: String,
}

/// A page per configured author, with the articles that name them. Reports a page URL taken by
/// another page, and `author`/`reviewed_by` values that look like an id but name none.
pub fn link(
    config: &Config,
    articles: &[Article],
    claims: &[Claim<'_>],
    aliases: &[Alias],
    problems: &mut Vec<Diagnostic>,
) -> Vec<Author> {
    let ids = || config.site.authors.keys().map(String::as_str);
    for article in articles {
        let front = &article.doc.front;
        for (key, value) in [
            ("author", &front.author),
            ("reviewed_by", &front.reviewed_by),
        ] {
            let Some(value) = named(value) else {
                continue;
            };
            if config.site.authors.contains_key(value) || slug::slugify(value) != value {
                continue;
            }
            problems.push(Diagnostic::warning(
                article.doc.locate(key),
                Problem::UnknownAuthor {
                    key,
                    value: value.to_string(),
                    suggestion: did_you_mean(value, ids()),
                },
            ));
        }
    }
    let taken: HashSet<&str> = claims
        .iter()
        .map(|c| c.path)
        .chain(aliases.iter().map(|a| a.path.as_str()))
        .collect();
    let mut authors = Vec::new();
    for (id, author) in &config.site.authors {
        let path = author_path(id);
        if taken.contains(path.as_str()) {
            let file = claims
                .iter()
                .find(|c| c.front.is_some() && c.path == path)
                .map(|c| c.file.to_path_buf());
            problems.push(Diagnostic::error(
                locate(config, id),
                Problem::DuplicateUrl {
                    url: path.clone(),
                    other: file.unwrap_or_else(|| format!("content/{AUTHORS_DIR}").into()),
                },
            ));
            continue;
        }
        let names = |value: &Option<String>| named(value) == Some(id.as_str());
        let select = |pick: &dyn Fn(&Article) -> bool| -> Vec<usize> {
            (0..articles.len())
                .filter(|&i| pick(&articles[i]))
                .collect()
        };
        authors.push(Author {
            id: id.clone(),
            path,
            written: select(&|a| names(&a.doc.front.author)),
            reviewed: select(&|a| names(&a.doc.front.reviewed_by)),
            bio_html: author
                .bio
                .as_deref()
                .map(crate::markdown::render_inline)
                .unwrap_or_default(),
        });
    }
    authors
}

/// Where a problem with an author's settings is reported: their table in site.toml.
pub fn locate(config: &Config, id: &str) -> Location {
    crate::load::config::locate_key(config, &format!("authors.{id}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_credentials_after_the_name() {
        let mut author = AuthorConfig {
            name: "Lena Park".into(),
            credentials: Some("MD".into()),
            job_title: None,
            bio: None,
            url: None,
        };
        assert_eq!(display_name(&author), "Lena Park, MD");
        author.credentials = Some("  ".into());
        assert_eq!(display_name(&author), "Lena Park");
        assert_eq!(author_path("lena-park"), "/authors/lena-park/");
    }
}
