//! Listings split into pages of the page model.
//!
//! A folder's listing shows `paginate_by` articles per page (its `_index.md`, else site.toml
//! `[pagination]`): `/articles/`, `/articles/page/2/`, … The home page and each therapy,
//! condition and author page show only the newest `newest` articles; when a topic or author
//! has more, a full list of them is paginated the same way, `list_by` to a page
//! (`/therapies/x/articles/`, `/authors/x/articles/` and `/authors/x/reviewed/`).
//! `…/page/1/` redirects to the first page.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::link::authors::{self, Author};
use crate::link::urls::Alias;
use crate::link::{Condition, Section, Therapy};
use crate::load::config::{CONFIG_FILE, Config, PageKind};
use crate::load::pagination::per_page;

/// A list of `items` articles cut into pages of `per_page`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paginated {
    /// The site path of each page, the first page's first; never empty.
    pub paths: Vec<String>,
    /// Articles per page.
    pub per_page: usize,
    /// Articles in the whole list.
    pub items: usize,
}

impl Paginated {
    /// The pages of a list of `items` articles whose first page is at `first`.
    pub fn new(first: &str, items: usize, per_page: usize) -> Self {
        let per_page = per_page.max(1);
        let count = items.div_ceil(per_page).max(1);
        Paginated {
            paths: (1..=count).map(|n| page_path(first, n)).collect(),
            per_page,
            items,
        }
    }

    /// How many pages there are.
    pub fn count(&self) -> usize {
        self.paths.len()
    }

    /// Which of the list's articles page `number` (from 1) shows.
    pub fn range(&self, number: usize) -> Range<usize> {
        let start = (number.saturating_sub(1) * self.per_page).min(self.items);
        start..(start + self.per_page).min(self.items)
    }
}

/// The site path of page `number` of a list whose first page is at `first`.
pub fn page_path(first: &str, number: usize) -> String {
    if number <= 1 {
        first.to_string()
    } else {
        format!("{first}page/{number}/")
    }
}

/// Whose full list of articles a list is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListOwner {
    /// A therapy's articles (index into `Site::therapies`).
    Therapy(usize),
    /// A condition's articles (index into `Site::conditions`).
    Condition(usize),
    /// The articles an author wrote (index into `Site::authors`).
    Written(usize),
    /// The articles an author reviewed (index into `Site::authors`).
    Reviewed(usize),
}

/// The full list of a topic's or an author's articles, beyond the newest on their page.
#[derive(Debug, Clone)]
pub struct ArticleList {
    /// Whose list it is. The theme words its title from this and `owner_title` (the
    /// `articles-about`, `articles-by` and `list-reviewed-by` strings).
    pub owner: ListOwner,
    /// The title of the owner's page.
    pub owner_title: String,
    /// The owner's site path.
    pub owner_path: String,
    /// Its articles, newest first.
    pub articles: Vec<usize>,
    /// Its pages.
    pub pages: Paginated,
    /// The file it comes from: the topic's file, or site.toml for an author.
    pub source: PathBuf,
}

/// Every paginated list of the site.
#[derive(Debug, Clone, Default)]
pub struct Pagination {
    /// Per section (same indices as `Site::sections`): its pages, for folder listings.
    pub sections: Vec<Option<Paginated>>,
    /// The full lists of topics and authors with more articles than their page shows.
    pub lists: Vec<ArticleList>,
    by_owner: HashMap<ListOwner, usize>,
}

impl Pagination {
    /// The full list of `owner`'s articles, when they have more than their page shows.
    pub fn list_of(&self, owner: ListOwner) -> Option<&ArticleList> {
        self.by_owner.get(&owner).map(|&i| &self.lists[i])
    }

    /// Every URL a list makes besides its owner's page (its later pages, its `page/1/`
    /// redirect, a full list's first page), each with the path of the list's first page.
    pub fn generated_urls(&self) -> HashMap<String, String> {
        let sections = self.sections.iter().flatten();
        let mut urls = HashMap::new();
        for pages in sections.chain(self.lists.iter().map(|l| &l.pages)) {
            let first = &pages.paths[0];
            for path in pages.paths.iter().chain([&format!("{first}page/1/")]) {
                urls.insert(path.clone(), first.clone());
            }
        }
        urls
    }

    /// Redirects from each list's `page/1/` to its first page.
    pub fn first_page_redirects(&self) -> Vec<Alias> {
        let firsts = self
            .sections
            .iter()
            .flatten()
            .chain(self.lists.iter().map(|l| &l.pages));
        firsts
            .filter(|pages| pages.count() > 1)
            .map(|pages| Alias {
                path: format!("{}page/1/", pages.paths[0]),
                target: pages.paths[0].clone(),
            })
            .collect()
    }
}

/// The pages of every folder listing and the full lists of topics and authors. A bad
/// `paginate_by` in an `_index.md` is an error at its line (the site default is used).
pub fn paginate(
    config: &Config,
    sections: &[Section],
    therapies: &[Therapy],
    conditions: &[Condition],
    authors: &[Author],
    problems: &mut Vec<Diagnostic>,
) -> Pagination {
    let settings = config.pagination;
    let section_pages = sections
        .iter()
        .map(|section| {
            if section.kind != PageKind::Section {
                return None;
            }
            let written = section
                .doc
                .as_ref()
                .and_then(|d| d.front.paginate_by.as_ref().map(|v| (d, v)));
            let per_page = match written.map(|(doc, v)| (doc, per_page("paginate_by", v))) {
                Some((_, Ok(n))) => n,
                Some((doc, Err(problem))) => {
                    problems.push(Diagnostic::error(doc.locate("paginate_by"), problem));
                    settings.paginate_by
                }
                None => settings.paginate_by,
            };
            Some(Paginated::new(
                &section.path,
                section.articles.len(),
                per_page,
            ))
        })
        .collect();
    let mut pagination = Pagination {
        sections: section_pages,
        ..Pagination::default()
    };
    let mut add = |owner: ListOwner, page: (&str, &str), articles: &[usize], source: &Path| {
        if articles.len() <= settings.newest {
            return;
        }
        let (owner_title, owner_path) = page;
        let first = format!(
            "{owner_path}{}/",
            if matches!(owner, ListOwner::Reviewed(_)) {
                "reviewed"
            } else {
                "articles"
            }
        );
        pagination.by_owner.insert(owner, pagination.lists.len());
        pagination.lists.push(ArticleList {
            owner,
            owner_title: owner_title.to_string(),
            owner_path: owner_path.to_string(),
            pages: Paginated::new(&first, articles.len(), settings.list_by),
            articles: articles.to_vec(),
            source: source.to_path_buf(),
        });
    };
    for (index, therapy) in therapies.iter().enumerate() {
        let title = &therapy.doc.front.title;
        add(
            ListOwner::Therapy(index),
            (title, &therapy.path),
            &therapy.articles,
            &therapy.doc.file.display,
        );
    }
    for (index, condition) in conditions.iter().enumerate() {
        let title = &condition.doc.front.title;
        add(
            ListOwner::Condition(index),
            (title, &condition.path),
            &condition.articles,
            &condition.doc.file.display,
        );
    }
    for (index, author) in authors.iter().enumerate() {
        let name = config
            .site
            .authors
            .get(&author.id)
            .map(authors::display_name)
            .unwrap_or_default();
        let page = (name.as_str(), author.path.as_str());
        let config_file = Path::new(CONFIG_FILE);
        add(
            ListOwner::Written(index),
            page,
            &author.written,
            config_file,
        );
        add(
            ListOwner::Reviewed(index),
            page,
            &author.reviewed,
            config_file,
        );
    }
    pagination
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_a_list_into_full_pages_and_a_shorter_last_one() {
        let pages = Paginated::new("/articles/", 45, 20);
        assert_eq!(
            pages.paths,
            ["/articles/", "/articles/page/2/", "/articles/page/3/"]
        );
        assert_eq!(
            (pages.range(1), pages.range(2), pages.range(3)),
            (0..20, 20..40, 40..45)
        );
        assert_eq!(Paginated::new("/a/", 40, 20).count(), 2);
        assert_eq!(Paginated::new("/a/", 0, 20).paths, ["/a/"]);
        assert_eq!(Paginated::new("/a/", 0, 20).range(1), 0..0);
    }
}
