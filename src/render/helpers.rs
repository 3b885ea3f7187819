//! The functions and filters Vertebra registers in Tera: `url_for`, `asset_url`,
//! `get_therapy` and `date`.

use super::*;

/// `url_for`, `asset_url`, `get_therapy` and the `date` filter.
pub(super) fn register_helpers(
    tera: &mut Tera,
    site: &Site,
    statics: &StaticFiles,
    strings: Arc<super::strings::Strings>,
) {
    let messages = Arc::clone(&strings);
    tera.register_function(
        "t",
        move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let key = kwargs.must_get::<&str>("key")?;
            let args = super::strings::arguments(&kwargs);
            messages.format(key, Some(&args)).ok_or_else(|| {
                tera::Error::message(format!(
                    "t: no theme string \"{key}\" (add it to the theme's strings/*.ftl, or to [strings] in site.toml)"
                ))
            })
        },
    );
    let config = &site.config;
    let base_path = Arc::new(config.base_path.clone());
    let hashed = Arc::new(statics.clone());
    // Another language's pages first, so that this language's own page wins for a key.
    let mut content_urls: HashMap<String, String> = site
        .foreign_links
        .iter()
        .map(|(content_path, path)| (content_path.clone(), config.url(path)))
        .collect();
    content_urls.extend(
        site.articles
            .iter()
            .map(|a| (a.doc.file.content_path.clone(), config.url(&a.path)))
            .chain(
                site.therapies
                    .iter()
                    .map(|t| (t.doc.file.content_path.clone(), config.url(&t.path))),
            )
            .chain(site.sections.iter().filter_map(|s| {
                s.doc
                    .as_ref()
                    .map(|d| (d.file.content_path.clone(), config.url(&s.path)))
            })),
    );
    let content_urls = Arc::new(content_urls);
    // In a translation, `url_for(path="/therapies/")` is this language's page when it has one.
    let own_pages: Arc<std::collections::HashSet<String>> = Arc::new(if site.prefix.is_empty() {
        std::collections::HashSet::new()
    } else {
        site.pages()
            .into_iter()
            .map(|p| p.path.into_owned())
            .collect()
    });
    let prefix = site.prefix.clone();
    let url_base = Arc::clone(&base_path);
    let url_statics = Arc::clone(&hashed);
    tera.register_function(
        "url_for",
        move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let path = kwargs.must_get::<&str>("path")?;
            if let Some(content_path) = path.strip_prefix("@/") {
                let (file, anchor) = content_path
                    .split_once('#')
                    .map_or((content_path, None), |(f, a)| (f, Some(a)));
                let url = content_urls.get(file).ok_or_else(|| {
                    tera::Error::message(format!("url_for: no content file `{path}`"))
                })?;
                return Ok(match anchor {
                    Some(anchor) => format!("{url}#{anchor}"),
                    None => url.clone(),
                });
            }
            if path.contains("://") || path.starts_with("//") {
                return Ok(path.to_string());
            }
            let own = format!("{prefix}/{}", path.trim_start_matches('/'));
            if own_pages.contains(&own) {
                return Ok(format!("{url_base}{}", own.trim_start_matches('/')));
            }
            Ok(format!("{url_base}{}", url_statics.output_path(path)))
        },
    );
    let asset_base = Arc::clone(&base_path);
    tera.register_function(
        "asset_url",
        move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let path = kwargs.must_get::<&str>("path")?;
            Ok(format!("{asset_base}{}", hashed.output_path(path)))
        },
    );
    let therapies: Arc<HashMap<String, Value>> = Arc::new(
        site.therapies
            .iter()
            .map(|t| {
                (
                    t.slug.clone(),
                    Value::from_serializable(&context::TherapySummary::new(t, config)),
                )
            })
            .collect(),
    );
    tera.register_function(
        "get_therapy",
        move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            let slug = kwargs.must_get::<&str>("slug")?;
            therapies.get(slug).cloned().ok_or_else(|| {
                let hint =
                    crate::diagnostics::did_you_mean(slug, therapies.keys().map(String::as_str))
                        .map(|s| format!("; did you mean \"{s}\"?"))
                        .unwrap_or_default();
                tera::Error::message(format!("get_therapy: no therapy \"{slug}\"{hint}"))
            })
        },
    );
    let dates = Arc::clone(&strings);
    tera.register_filter(
        "date",
        move |value: &str, kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let date = crate::load::front_matter::ContentDate::parse(value).ok_or_else(|| {
                tera::Error::message(format!("date: \"{value}\" is not a date like 2024-08-26"))
            })?;
            // Without a format: the long date of the page language, by CLDR data.
            let Some(format) = kwargs.get::<&str>("format")? else {
                return Ok(dates.format_date(date.date));
            };
            let formatted = std::panic::catch_unwind(|| date.date.strftime(format).to_string());
            formatted
                .map_err(|_| tera::Error::message(format!("date: invalid format \"{format}\"")))
        },
    );
}
