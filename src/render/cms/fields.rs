//! The CMS's form for each kind of content file: one widget per front-matter key, chosen from
//! the content contract (`load::front_matter`), with the choices and slugs the loader accepts.
//!
//! Every key of a front-matter struct is either given a widget here or named in
//! [`KEPT_AS_WRITTEN`]: Decap CMS keeps keys it has no widget for as they are when it saves.

use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::load::front_matter::{Invasiveness, Region, TherapyKind};
use crate::load::pagination::PER_PAGE_RANGE;

/// Keys with no widget (a value of several shapes, or anything at all): the CMS keeps them as
/// written, and they are edited in the file.
pub const KEPT_AS_WRITTEN: [&str; 2] = ["cta", "extra"];

/// What `link::urls::check_slug` accepts: one segment with a letter or digit, no `/`, `\`,
/// `..` or `:`.
pub const SLUG_PATTERN: &str = r"^(?!.*\.\.)(?=.*[A-Za-z0-9])[^/\\:]+$";
/// What `link::urls::check_alias` accepts: a URL path, no `..`, `\`, `:`, `?`, `#`, blanks,
/// empty or `.` segments, and not the home page.
pub const ALIAS_PATTERN: &str =
    r"^/?(?!.*\.\.)(?:(?!\.(?:/|$))[^/\\:?#\s]+/)*(?!\.(?:/|$))[^/\\:?#\s]+/?$";

/// How dates are stored: the calendar date the loader reads (`2024-08-26`).
pub const DATE_FORMAT: &str = "YYYY-MM-DD";

/// A choice of a select widget: what it stores and what it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The value written to the file: a slug or an author id.
    pub value: String,
    /// What the editor sees: a title or a name.
    pub label: String,
}

/// What the forms offer: the site's slugs and author ids.
#[derive(Debug, Clone, Default)]
pub struct Choices {
    /// Published therapies and procedures.
    pub therapies: Vec<Choice>,
    /// Published conditions.
    pub conditions: Vec<Choice>,
    /// Author ids of `[authors]`.
    pub authors: Vec<Choice>,
    /// Templates a page may name in `template`.
    pub templates: Vec<String>,
}

/// Whether a page may name the template in `template`: a template at the top of templates/,
/// not the layout, the macros or the error page.
pub fn is_page_template(name: &str) -> bool {
    name.ends_with(".html")
        && !name.contains('/')
        && !matches!(name, "base.html" | "components.html" | "404.html")
}

/// The widget of an article's key, or `None` for a key in [`KEPT_AS_WRITTEN`].
pub fn article_field(key: &str, choices: &Choices) -> Option<Value> {
    Some(match key {
        "title" => string(key, "Title", true),
        "description" => text(
            key,
            "Description (one sentence for listings and search results)",
        ),
        "date" => date(key, "Publication date"),
        "updated" => date(key, "Last substantive update"),
        "draft" => boolean(key, "Draft (not published)"),
        "slug" => json!({
            "name": key, "label": "URL slug (instead of the file name)", "widget": "string",
            "required": false,
            "pattern": [SLUG_PATTERN, "one plain segment with a letter or digit: no /, \\, .. or :"],
        }),
        "therapies" => select(key, "Therapies it discusses", &choices.therapies, true),
        "conditions" => select(key, "Conditions it is about", &choices.conditions, true),
        "author" => select(key, "Author", &choices.authors, false),
        "reviewed_by" => select(key, "Medically reviewed by", &choices.authors, false),
        "last_reviewed" => date(key, "Last medically reviewed"),
        "references" => references(),
        "template" => template(
            key,
            "Template (instead of article.html)",
            "article.html",
            choices,
        ),
        "aliases" => aliases(),
        "auto_link" => boolean(key, "Link therapy names automatically"),
        "reading_level" => boolean(key, "Check the reading level"),
        _ => return None,
    })
}

/// The widget of a therapy's key.
pub fn therapy_field(key: &str, choices: &Choices, kind: TherapyKind) -> Option<Value> {
    Some(match key {
        "title" => string(key, "Name", true),
        "kind" => {
            let mut field = select_values(key, "Therapy or procedure", variants::<TherapyKind>());
            field["required"] = json!(true);
            field["default"] = json!(variant_name(kind));
            field
        }
        "also_known_as" => strings(key, "Other names (also linked automatically)"),
        "summary" => text(key, "Summary (for the therapy index)"),
        "invasiveness" => select_values(key, "Invasiveness", variants::<Invasiveness>()),
        "recovery" => string(key, "Typical recovery", false),
        "treats" => select(key, "Conditions it treats", &choices.conditions, true),
        "draft" => boolean(key, "Draft (not published)"),
        "template" => template(
            key,
            "Template (instead of therapy.html)",
            "therapy.html",
            choices,
        ),
        "aliases" => aliases(),
        "reading_level" => boolean(key, "Check the reading level"),
        _ => return None,
    })
}

/// The widget of a condition's key.
pub fn condition_field(key: &str, choices: &Choices) -> Option<Value> {
    Some(match key {
        "title" => string(key, "Name", true),
        "also_known_as" => strings(key, "Other names (also linked automatically)"),
        "summary" => text(key, "Summary (for the conditions index)"),
        "regions" => {
            let regions = Region::ALL.iter().map(|r| r.key()).collect();
            let mut field = select_values(key, "Regions of the spine", regions);
            field["multiple"] = json!(true);
            field
        }
        "symptoms" => strings(key, "Symptoms"),
        "red_flags" => strings(key, "Red flags (need urgent care)"),
        "draft" => boolean(key, "Draft (not published)"),
        "template" => template(
            key,
            "Template (instead of condition.html)",
            "condition.html",
            choices,
        ),
        "aliases" => aliases(),
        "reading_level" => boolean(key, "Check the reading level"),
        _ => return None,
    })
}

/// The widget of a listing page's (`_index.md`) key.
pub fn section_field(key: &str, choices: &Choices) -> Option<Value> {
    let (low, high) = PER_PAGE_RANGE;
    Some(match key {
        "title" => string(key, "Title", true),
        "description" => text(key, "Description (one sentence for search results)"),
        "template" => template(key, "Template", "section.html", choices),
        "paginate_by" => json!({
            "name": key, "label": "Articles per page", "widget": "number",
            "value_type": "int", "min": low, "max": high, "required": false,
        }),
        _ => return None,
    })
}

/// The Markdown body, opened as plain Markdown so it is saved as typed (`<!-- more -->`,
/// `{{ cta() }}` and `@/` links stay as they are).
pub fn body() -> Value {
    json!({
        "name": "body", "label": "Text", "widget": "markdown",
        "modes": ["raw", "rich_text"], "required": false,
    })
}

fn string(name: &str, label: &str, required: bool) -> Value {
    json!({ "name": name, "label": label, "widget": "string", "required": required })
}

/// The theme's page templates, the kind's own (`usual`) first.
fn template(name: &str, label: &str, usual: &str, choices: &Choices) -> Value {
    let mut options: Vec<&str> = choices
        .templates
        .iter()
        .map(String::as_str)
        .filter(|t| *t == usual)
        .collect();
    options.extend(
        choices
            .templates
            .iter()
            .map(String::as_str)
            .filter(|t| *t != usual),
    );
    let mut field = select_values(name, label, Vec::new());
    field["options"] = json!(options);
    field
}

fn text(name: &str, label: &str) -> Value {
    json!({ "name": name, "label": label, "widget": "text", "required": false })
}

fn boolean(name: &str, label: &str) -> Value {
    json!({ "name": name, "label": label, "widget": "boolean", "required": false })
}

fn date(name: &str, label: &str) -> Value {
    json!({
        "name": name, "label": label, "widget": "datetime", "required": false,
        "format": DATE_FORMAT, "date_format": DATE_FORMAT, "time_format": false,
    })
}

fn strings(name: &str, label: &str) -> Value {
    json!({ "name": name, "label": label, "widget": "list", "required": false })
}

fn select(name: &str, label: &str, choices: &[Choice], multiple: bool) -> Value {
    let options: Vec<Value> = choices
        .iter()
        .map(|c| json!({ "label": c.label, "value": c.value }))
        .collect();
    json!({
        "name": name, "label": label, "widget": "select", "required": false,
        "multiple": multiple, "options": options,
    })
}

fn select_values(name: &str, label: &str, values: Vec<&'static str>) -> Value {
    json!({
        "name": name, "label": label, "widget": "select", "required": false,
        "options": values,
    })
}

fn aliases() -> Value {
    json!({
        "name": "aliases", "label": "Old URLs that redirect here", "widget": "list",
        "required": false,
        "field": {
            "name": "alias", "label": "Old URL (like /blog/old-name/)", "widget": "string",
            "pattern": [ALIAS_PATTERN, "a URL path like /blog/old-name/: no spaces, ?, #, .. or :"],
        },
    })
}

fn references() -> Value {
    json!({
        "name": "references", "label": "References", "widget": "list", "required": false,
        "summary": "{{fields.title}}",
        "fields": [
            string("title", "Title", true),
            {
                "name": "url", "label": "Link (https://…)", "widget": "string", "required": false,
                "pattern": ["^https?://", "an absolute http(s) URL"],
            },
            string("publisher", "Publisher", false),
            {
                "name": "year", "label": "Year", "widget": "number", "value_type": "int",
                "required": false,
            },
        ],
    })
}

/// The names a front-matter enum is written with, as its `Deserialize` accepts them.
pub fn variants<T: DeserializeOwned>() -> Vec<&'static str> {
    crate::load::typed::variant_names::<T>().to_vec()
}

/// `therapy` or `procedure`, as front matter writes it.
pub fn variant_name(kind: TherapyKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_names_are_read_from_the_contract() {
        assert_eq!(variants::<TherapyKind>(), ["therapy", "procedure"]);
        assert_eq!(
            variants::<Invasiveness>(),
            ["non-invasive", "minimally-invasive", "surgical"]
        );
    }
}
