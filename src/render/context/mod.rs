//! The data each kind of page hands to its template. Field names here are the theme contract
//! documented in docs/theme.md; change them only with that guide.

use std::sync::OnceLock;

use crate::link::authors::{Author, Person, named};
use crate::link::cta::Cta;
use crate::link::pages::SEARCH_PATH;
use crate::link::pagination::ListOwner;
use crate::link::{Article, Condition, Section, Site, Therapy};
use crate::load::config::{Config, PageKind};
use crate::load::front_matter::{Region, TherapyKind};
use crate::render::search::SEARCH_DIR;

mod lists;
mod pages;
mod topics;
mod translations;
pub use lists::*;
pub use pages::*;
use pages::{iso, summary_html};
pub use topics::*;
pub use translations::*;

/// Builds contexts from a site.
///
/// An article's summary appears in many contexts (listings, therapy pages, related lists,
/// author pages): each is turned into a Tera value once, on first use, and shared, since
/// cloning a Tera map is a reference count, not a copy.
pub struct Contexts<'a> {
    site: &'a Site,
    /// The first breadcrumb's name in the page language ("Home", "Inicio").
    home: String,
    /// `[clinic] opening_hours` in words in the page language.
    hours: Vec<String>,
    article_summaries: Vec<OnceLock<tera::Value>>,
    therapy_summaries: Vec<OnceLock<tera::Value>>,
    condition_summaries: Vec<OnceLock<tera::Value>>,
}

impl<'a> Contexts<'a> {
    /// Contexts for `site`, whose theme strings are `strings`.
    pub fn new(site: &'a Site, strings: &crate::render::strings::Strings) -> Self {
        Contexts {
            site,
            home: strings
                .format("home", None)
                .unwrap_or_else(|| "Home".to_string()),
            hours: crate::render::hours::in_words(
                &site.config.site.clinic.opening_hours,
                site.config.site.clinic.country_code(),
                strings,
            ),
            article_summaries: site.articles.iter().map(|_| OnceLock::new()).collect(),
            therapy_summaries: site.therapies.iter().map(|_| OnceLock::new()).collect(),
            condition_summaries: site.conditions.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    /// The [`ArticleSummary`] of article `index`, as a shared Tera value.
    pub fn article_summary(&self, index: usize) -> tera::Value {
        shared(&self.article_summaries[index], || {
            ArticleSummary::new(&self.site.articles[index], self.config())
        })
    }

    /// The [`TherapySummary`] of therapy `index`, as a shared Tera value.
    pub fn therapy_summary(&self, index: usize) -> tera::Value {
        shared(&self.therapy_summaries[index], || {
            TherapySummary::new(&self.site.therapies[index], self.config())
        })
    }

    /// The [`ConditionSummary`] of condition `index`, as a shared Tera value.
    pub fn condition_summary(&self, index: usize) -> tera::Value {
        shared(&self.condition_summaries[index], || {
            ConditionSummary::new(&self.site.conditions[index], self.config())
        })
    }

    fn condition_summaries(&self, indices: &[usize]) -> Vec<tera::Value> {
        indices.iter().map(|&c| self.condition_summary(c)).collect()
    }

    fn article_summaries(&self, indices: &[usize]) -> Vec<tera::Value> {
        indices.iter().map(|&a| self.article_summary(a)).collect()
    }

    fn config(&self) -> &'a Config {
        &self.site.config
    }

    /// The site the contexts are made from.
    pub fn linked_site(&self) -> &'a Site {
        self.site
    }

    /// The context of the person `value` names.
    pub fn person(&self, value: &'a str) -> PersonContext<'a> {
        let config = self.config();
        let person = Person::resolve(config, value);
        let author = person.author().map(|(_, a)| a);
        // Only an author whose page was made (its URL not taken by another page) links to it.
        let page = person
            .author()
            .and_then(|(id, _)| self.site.authors.iter().find(|a| a.id == id));
        PersonContext {
            id: person.author().map_or("", |(id, _)| id),
            name: person.name(),
            credentials: author.and_then(|a| a.credentials.as_deref()).unwrap_or(""),
            job_title: author.and_then(|a| a.job_title.as_deref()).unwrap_or(""),
            display_name: person.display_name(),
            url: page.map(|a| config.url(&a.path)).unwrap_or_default(),
            bio: page.map_or("", |a| a.bio_html.as_str()),
            website: author.and_then(|a| a.url.as_deref()).unwrap_or(""),
        }
    }

    /// `page` for an author's page, listing `written` and `reviewed` (their newest).
    pub fn author(
        &self,
        author: &'a Author,
        written: &[usize],
        reviewed: &[usize],
    ) -> AuthorContext<'a> {
        let config = self.config();
        let index = self
            .site
            .authors
            .iter()
            .position(|a| a.id == author.id)
            .unwrap_or_default();
        AuthorContext {
            person: self.person(&author.id),
            permalink: config.permalink(&author.path),
            written: self.article_summaries(written),
            reviewed: self.article_summaries(reviewed),
            written_count: author.written.len(),
            reviewed_count: author.reviewed.len(),
            all_written_url: self.full_list_url(ListOwner::Written(index)),
            all_reviewed_url: self.full_list_url(ListOwner::Reviewed(index)),
        }
    }

    /// `site`.
    pub fn site(&self) -> SiteContext<'a> {
        let config = self.config();
        let clinic = &config.site.clinic;
        let home = &self.site.sections[0];
        let mut nav: Vec<Link> = home
            .subsections
            .iter()
            .map(|&i| &self.site.sections[i])
            .map(|s| Link {
                title: s.title.clone(),
                url: config.url(&s.path),
            })
            .collect();
        nav.extend(
            home.articles
                .iter()
                .map(|&i| &self.site.articles[i])
                .filter(|a| a.doc.front.date.is_none())
                .map(|a| Link {
                    title: a.doc.front.title.clone(),
                    url: config.url(&a.path),
                }),
        );
        SiteContext {
            title: &config.site.title,
            description: &config.site.description,
            base_url: &config.base_url,
            base_path: &config.base_path,
            language: &config.site.language,
            clinic: ClinicContext {
                name: clinic.name.as_deref().unwrap_or(&config.site.title),
                phone: config
                    .clinic_phone
                    .as_ref()
                    .map(|p| p.display.clone())
                    .unwrap_or_default(),
                tel: config
                    .clinic_phone
                    .as_ref()
                    .map(|p| p.e164.clone())
                    .unwrap_or_default(),
                email: clinic.email.as_deref().unwrap_or(""),
                street_address: clinic.street_address.as_deref().unwrap_or(""),
                locality: clinic.locality.as_deref().unwrap_or(""),
                region: clinic.region.as_deref().unwrap_or(""),
                postal_code: clinic.postal_code.as_deref().unwrap_or(""),
                country: clinic.country_code(),
                opening_hours: &clinic.opening_hours,
                emergency: clinic
                    .emergency
                    .as_deref()
                    .unwrap_or(crate::load::config::DEFAULT_EMERGENCY),
                hours: self.hours.clone(),
                address: crate::load::theme::front_door::address_line(clinic),
                directions_url: crate::load::theme::front_door::directions_url(
                    clinic.name.as_deref().unwrap_or(&config.site.title),
                    clinic,
                ),
            },
            compare: &config.site.therapy_index.compare,
            disclaimer: &config.site.disclaimer,
            extra: &config.site.extra,
            nav,
            feed_url: crate::render::feed::feed_url(self.site),
            search_url: match self.site.has_search() {
                true => config.url(&format!("{}{SEARCH_PATH}", self.site.prefix)),
                false => String::new(),
            },
            search_script_url: match self.site.has_search() {
                true => config.url(&format!("/{SEARCH_DIR}/pagefind.js")),
                false => String::new(),
            },
            topic_indexes: self
                .site
                .sections
                .iter()
                .filter(|s| matches!(s.kind, PageKind::Therapies | PageKind::Conditions))
                .map(|s| Link {
                    title: s.title.clone(),
                    url: config.url(&s.path),
                })
                .collect(),
        }
    }

    /// `therapies`: every therapy with its article count.
    pub fn therapies(&self) -> Vec<TherapySummary<'a>> {
        self.site
            .therapies
            .iter()
            .map(|t| TherapySummary::new(t, self.config()))
            .collect()
    }

    fn cta_at_end(&self, kind: PageKind, cta: &Option<Cta>, inline: bool) -> bool {
        cta.is_some() && !inline && self.config().site.cta.show_on.contains(&kind)
    }

    /// `page` for an article.
    pub fn article(&self, article: &'a Article, content: tera::Value) -> ArticleContext<'a> {
        let config = self.config();
        let front = &article.doc.front;
        let section = &self.site.sections[article.section];
        ArticleContext {
            title: &front.title,
            description: front.description.as_deref().unwrap_or(""),
            url: config.url(&article.path),
            permalink: config.permalink(&article.path),
            date: iso(&front.date),
            updated: iso(&front.updated),
            author: named(&front.author)
                .map(|v| Person::resolve(config, v).display_name())
                .unwrap_or_default(),
            reviewed_by: named(&front.reviewed_by)
                .map(|v| Person::resolve(config, v).display_name())
                .unwrap_or_default(),
            author_person: named(&front.author).map(|v| self.person(v)),
            reviewer_person: named(&front.reviewed_by).map(|v| self.person(v)),
            last_reviewed: iso(&front.last_reviewed),
            references: &front.references,
            draft: front.draft,
            content,
            summary: summary_html(article),
            toc: &article.rendered.toc,
            word_count: article.rendered.word_count,
            reading_time: article.rendered.reading_minutes,
            reading_grade: crate::link::readability::reading_level(&article.rendered)
                .map(|level| level.grade),
            therapies: article
                .therapies
                .iter()
                .map(|&t| self.therapy_summary(t))
                .collect(),
            conditions: self.condition_summaries(&article.conditions),
            therapies_elsewhere: self.elsewhere(
                crate::load::content::THERAPIES_DIR,
                &front.therapies,
                &article.therapies,
            ),
            conditions_elsewhere: self.elsewhere(
                crate::load::content::CONDITIONS_DIR,
                &front.conditions,
                &article.conditions,
            ),
            related: self.article_summaries(&article.related),
            cta: article.cta.as_ref().map(CtaContext::new),
            cta_at_end: self.cta_at_end(
                PageKind::Article,
                &article.cta,
                article.rendered.inline_cta,
            ),
            extra: &front.extra,
            section: Link {
                title: section.title.clone(),
                url: config.url(&section.path),
            },
        }
    }

    /// `page` for a therapy, listing `articles` (its newest).
    pub fn therapy(
        &self,
        therapy: &'a Therapy,
        articles: &[usize],
        content: tera::Value,
    ) -> TherapyContext<'a> {
        let config = self.config();
        let index = self.therapy_index(therapy);
        TherapyContext {
            all_articles_url: self.full_list_url(ListOwner::Therapy(index)),
            summary: TherapySummary::new(therapy, config),
            description: therapy.doc.front.summary.as_deref().unwrap_or(""),
            content,
            toc: &therapy.rendered.toc,
            reading_grade: crate::link::readability::reading_level(&therapy.rendered)
                .map(|level| level.grade),
            articles: self.article_summaries(articles),
            related: therapy
                .related
                .iter()
                .map(|&(t, count)| RelatedTherapy {
                    therapy: TherapySummary::new(&self.site.therapies[t], config),
                    shared_articles: count,
                })
                .collect(),
            conditions: self.condition_summaries(&therapy.paired),
            cta: therapy.cta.as_ref().map(CtaContext::new),
            cta_at_end: self.cta_at_end(
                PageKind::Therapy,
                &therapy.cta,
                therapy.rendered.inline_cta,
            ),
        }
    }

    /// `page` for a condition, listing `articles` (its newest).
    pub fn condition(
        &self,
        condition: &'a Condition,
        articles: &[usize],
        content: tera::Value,
    ) -> ConditionContext<'a> {
        let config = self.config();
        let front = &condition.doc.front;
        let index = self.condition_index(condition);
        ConditionContext {
            all_articles_url: self.full_list_url(ListOwner::Condition(index)),
            summary: ConditionSummary::new(condition, config),
            description: front.summary.as_deref().unwrap_or(""),
            content,
            toc: &condition.rendered.toc,
            symptoms: &front.symptoms,
            red_flags: &front.red_flags,
            treatments: condition
                .paired
                .iter()
                .map(|&t| self.therapy_summary(t))
                .collect(),
            articles: self.article_summaries(articles),
            cta: condition.cta.as_ref().map(CtaContext::new),
            cta_at_end: self.cta_at_end(
                PageKind::Condition,
                &condition.cta,
                condition.rendered.inline_cta,
            ),
        }
    }

    /// The conditions grouped by region, top of the spine first; conditions with no region
    /// come last, under "Other conditions".
    fn region_groups(&self) -> Vec<RegionGroup<'a>> {
        let config = self.config();
        let conditions = &self.site.conditions;
        let regions = Region::ALL.into_iter().map(Some).chain([None]);
        regions
            .map(|region| RegionGroup {
                region: region.map_or("", Region::key),
                title: match region {
                    Some(Region::Cervical) => "Neck (cervical spine)",
                    Some(Region::Thoracic) => "Upper and middle back (thoracic spine)",
                    Some(Region::Lumbar) => "Lower back (lumbar spine)",
                    Some(Region::Sacral) => "Base of the spine (sacrum)",
                    None => "Other conditions",
                },
                conditions: conditions
                    .iter()
                    .filter(|c| match region {
                        Some(region) => c.doc.front.regions.contains(&region),
                        None => c.doc.front.regions.is_empty(),
                    })
                    .map(|c| ConditionSummary::new(c, config))
                    .collect(),
            })
            .filter(|g| !g.conditions.is_empty())
            .collect()
    }

    /// `section` for a listing, listing `articles` (one page of them, or the newest).
    pub fn section(
        &self,
        section: &'a Section,
        articles: &[usize],
        content: tera::Value,
    ) -> SectionContext<'a> {
        let config = self.config();
        let groups = if section.kind == PageKind::Therapies {
            [
                (TherapyKind::Therapy, "Therapies"),
                (TherapyKind::Procedure, "Procedures"),
            ]
            .into_iter()
            .map(|(kind, title)| TherapyGroup {
                kind,
                title,
                therapies: self
                    .site
                    .therapies
                    .iter()
                    .filter(|t| t.doc.front.kind == kind)
                    .map(|t| TherapySummary::new(t, config))
                    .collect(),
            })
            .filter(|g| !g.therapies.is_empty())
            .collect()
        } else {
            Vec::new()
        };
        let regions = if section.kind == PageKind::Conditions {
            self.region_groups()
        } else {
            Vec::new()
        };
        let doc = section.doc.as_ref();
        SectionContext {
            title: &section.title,
            description: doc
                .and_then(|d| d.front.description.as_deref())
                .unwrap_or(""),
            url: config.url(&section.path),
            permalink: config.permalink(&section.path),
            content,
            articles: self.article_summaries(articles),
            subsections: section
                .subsections
                .iter()
                .map(|&i| &self.site.sections[i])
                .map(|s| Link {
                    title: s.title.clone(),
                    url: config.url(&s.path),
                })
                .collect(),
            groups,
            regions,
            cta: section.cta.as_ref().map(CtaContext::new),
            cta_at_end: self.cta_at_end(section.kind, &section.cta, section.rendered.inline_cta),
            extra: doc.map(|d| &d.front.extra),
        }
    }

    /// The root-relative URL (with the base path) of a site path.
    pub fn url(&self, path: &str) -> String {
        self.config().url(path)
    }

    /// The absolute URL of a site path.
    pub fn permalink(&self, path: &str) -> String {
        self.config().permalink(path)
    }

    /// The breadcrumb trail to a page at `path` titled `title`.
    pub fn breadcrumbs(&self, path: &str, title: &str) -> Vec<Link> {
        let config = self.config();
        // A translation's trail starts at its own home page (`/es/`).
        let home = format!("{}/", self.site.prefix);
        let mut trail = vec![Link {
            title: self.home.clone(),
            url: config.url(&home),
        }];
        if path == home {
            return trail;
        }
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        let first = usize::from(!self.site.prefix.is_empty()) + 1;
        for depth in first..segments.len() {
            let prefix = format!("/{}/", segments[..depth].join("/"));
            if let Some(section) = self.site.sections.iter().find(|s| s.path == prefix) {
                trail.push(Link {
                    title: section.title.clone(),
                    url: config.url(&section.path),
                });
            }
        }
        trail.push(Link {
            title: title.to_string(),
            url: config.url(path),
        });
        trail
    }
}

/// The value in `cell`, made from `make` on first use: a Tera map is shared by reference
/// count, so every listing that shows the same summary shares one value.
fn shared<T: serde::Serialize>(
    cell: &OnceLock<tera::Value>,
    make: impl FnOnce() -> T,
) -> tera::Value {
    cell.get_or_init(|| tera::Value::from_serializable(&make()))
        .clone()
}
