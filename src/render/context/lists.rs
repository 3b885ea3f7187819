//! The contexts of paginated lists: `paginator` (the pager of any paginated page) and `page`
//! of article_list.html (a topic's or an author's full list of articles).

use serde::Serialize;

use super::{Contexts, Link};
use crate::link::pages::{Page, PageRef, Pager};
use crate::link::pagination::{ArticleList, ListOwner};
use crate::link::{Condition, Therapy};

/// How many numbered links the pager shows on each side of the current page.
const PAGER_WINDOW: usize = 2;

/// `paginator`: where a page sits in its list, for the pager.
#[derive(Debug, Serialize)]
pub struct PaginatorContext {
    /// This page's number, from 1.
    pub current: usize,
    /// How many pages the list has.
    pub total: usize,
    /// Articles per page.
    pub per_page: usize,
    /// Articles in the whole list.
    pub items: usize,
    /// The first page's URL.
    pub first: String,
    /// The last page's URL.
    pub last: String,
    /// The previous page's URL, or empty on the first page.
    pub previous: String,
    /// The next page's URL, or empty on the last page.
    pub next: String,
    /// The numbered links: the first and last pages and those near this one, with a gap
    /// (number 0) where pages are left out.
    pub pages: Vec<PagerItem>,
}

/// One numbered link of the pager, or a gap.
#[derive(Debug, Serialize)]
pub struct PagerItem {
    /// The page's number; 0 for a gap.
    pub number: usize,
    /// Its URL; empty for a gap.
    pub url: String,
    /// Whether it is this page.
    pub current: bool,
}

/// `page` for article_list.html.
#[derive(Debug, Serialize)]
pub struct ArticleListContext<'a> {
    /// "Articles about acupuncture" (worded by the theme's strings).
    pub title: &'a str,
    /// `therapy`, `condition`, `written` or `reviewed`.
    pub kind: &'static str,
    /// The page of the therapy, condition or author the list belongs to.
    pub owner: Link,
    /// How many articles the whole list has.
    pub article_count: usize,
    /// This page's articles ([`super::ArticleSummary`] each).
    pub articles: Vec<tera::Value>,
    /// This page's URL.
    pub url: String,
    /// This page's absolute URL.
    pub permalink: String,
}

impl Contexts<'_> {
    /// `paginator` for a page of a paginated list.
    pub fn paginator(&self, pager: &Pager<'_>) -> PaginatorContext {
        let pages = pager.pages;
        let total = pages.count();
        let current = pager.number;
        let url = |number: usize| self.url(&pages.paths[number - 1]);
        let near = |n: usize| n == 1 || n == total || n.abs_diff(current) <= PAGER_WINDOW;
        let mut items = Vec::new();
        for number in (1..=total).filter(|&n| near(n)) {
            if items
                .last()
                .is_some_and(|last: &PagerItem| last.number + 1 < number)
            {
                items.push(PagerItem {
                    number: 0,
                    url: String::new(),
                    current: false,
                });
            }
            items.push(PagerItem {
                number,
                url: url(number),
                current: number == current,
            });
        }
        PaginatorContext {
            current,
            total,
            per_page: pages.per_page,
            items: pages.items,
            first: url(1),
            last: url(total),
            previous: if current > 1 {
                url(current - 1)
            } else {
                String::new()
            },
            next: if current < total {
                url(current + 1)
            } else {
                String::new()
            },
            pages: items,
        }
    }

    /// `page` for `page`, one page of a full list, showing `articles`.
    pub fn article_list<'b>(
        &self,
        list: &ArticleList,
        page: &'b Page<'_>,
        articles: &[usize],
    ) -> ArticleListContext<'b> {
        let path = &page.path;
        ArticleListContext {
            title: &page.title,
            kind: match list.owner {
                ListOwner::Therapy(_) => "therapy",
                ListOwner::Condition(_) => "condition",
                ListOwner::Written(_) => "written",
                ListOwner::Reviewed(_) => "reviewed",
            },
            owner: Link {
                title: list.owner_title.clone(),
                url: self.url(&list.owner_path),
            },
            article_count: list.articles.len(),
            articles: articles.iter().map(|&a| self.article_summary(a)).collect(),
            url: self.url(path),
            permalink: self.permalink(path),
        }
    }

    /// The index of `therapy` in the site's therapies.
    pub fn therapy_index(&self, therapy: &Therapy) -> usize {
        let therapies = &self.linked_site().therapies;
        therapies
            .iter()
            .position(|t| t.path == therapy.path)
            .unwrap_or_default()
    }

    /// The index of `condition` in the site's conditions.
    pub fn condition_index(&self, condition: &Condition) -> usize {
        let conditions = &self.linked_site().conditions;
        conditions
            .iter()
            .position(|c| c.path == condition.path)
            .unwrap_or_default()
    }

    /// The URL of `owner`'s full list of articles, or empty when their page shows them all.
    pub fn full_list_url(&self, owner: ListOwner) -> String {
        self.linked_site()
            .pagination
            .list_of(owner)
            .map(|list| self.url(&list.pages.paths[0]))
            .unwrap_or_default()
    }

    /// The breadcrumb trail of `page`: a later page of a list has the trail of its first page
    /// (ending at itself), and a full list sits below the page it belongs to.
    pub fn page_breadcrumbs(&self, page: &Page<'_>) -> Vec<Link> {
        let first = page
            .pager
            .map_or(&*page.path, |p| p.pages.paths[0].as_str());
        let mut trail = self.breadcrumbs(first, &page.title);
        if let PageRef::ArticleList(list) = page.kind {
            let owner = Link {
                title: list.owner_title.clone(),
                url: self.url(&list.owner_path),
            };
            trail.insert(trail.len().saturating_sub(1), owner);
        }
        if let Some(last) = trail.last_mut() {
            last.url = self.url(&page.path);
        }
        trail
    }
}
