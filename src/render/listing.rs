//! Which articles a page lists: one page of a paginated listing, the newest few on the home,
//! topic and author pages, or a page of a full list. Rendering and the page cache's
//! fingerprint both ask here, so a page is re-rendered exactly when what it lists changes.

use std::borrow::Cow;

use crate::link::{Page, PageRef, Site};
use crate::load::config::PageKind;

/// The articles a page lists (indices into `Site::articles`, newest first).
#[derive(Debug, Clone, Default)]
pub struct Listed<'a> {
    /// The articles it lists: for an author, those they wrote.
    pub articles: Cow<'a, [usize]>,
    /// For an author, the articles they reviewed.
    pub reviewed: &'a [usize],
}

/// The articles `page` lists; none for articles (their related articles are their own) and
/// the 404 page.
pub fn listed_articles<'a>(page: &Page<'a>, site: &'a Site) -> Listed<'a> {
    let newest_count = site.config.pagination.newest;
    let newest = |all: &'a [usize]| &all[..all.len().min(newest_count)];
    let of_pager = |all: &'a [usize]| page.pager.map_or(all, |pager| pager.slice(all));
    match page.kind {
        PageRef::Section(section) if section.kind == PageKind::Home => {
            // Dated articles sort before undated ones: the newest are the first dated.
            let dated = site
                .articles
                .iter()
                .take(newest_count)
                .take_while(|a| a.doc.front.date.is_some())
                .count();
            Listed {
                articles: Cow::Owned((0..dated).collect()),
                reviewed: &[],
            }
        }
        PageRef::Section(section) => Listed {
            articles: Cow::Borrowed(of_pager(&section.articles)),
            reviewed: &[],
        },
        PageRef::Therapy(therapy) => Listed {
            articles: Cow::Borrowed(newest(&therapy.articles)),
            reviewed: &[],
        },
        PageRef::Condition(condition) => Listed {
            articles: Cow::Borrowed(newest(&condition.articles)),
            reviewed: &[],
        },
        PageRef::Author(author) => Listed {
            articles: Cow::Borrowed(newest(&author.written)),
            reviewed: newest(&author.reviewed),
        },
        PageRef::ArticleList(list) => Listed {
            articles: Cow::Borrowed(of_pager(&list.articles)),
            reviewed: &[],
        },
        PageRef::Article(_) | PageRef::Search | PageRef::NotFound => Listed::default(),
    }
}
