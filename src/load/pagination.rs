//! How many articles a listing page shows: `[pagination]` in site.toml and `paginate_by` in
//! an `_index.md`, read as raw values so a bad one is reported with the allowed range rather
//! than a type name. Folder listings show cards (`paginate_by`); the full lists of topics and
//! authors show one-line rows, more to a page (`list_by`).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::diagnostics::{Diagnostic, Diagnostics, Problem};
use crate::load::typed::Source;

/// The fewest and most articles one listing page may show.
pub const PER_PAGE_RANGE: (u64, u64) = (1, 1000);
/// Articles per listing page when neither site.toml nor the `_index.md` says.
pub const DEFAULT_PAGINATE_BY: usize = 20;
/// Rows per page of a topic's or an author's full list when site.toml does not say.
pub const DEFAULT_LIST_BY: usize = 100;
/// How many of the newest articles home, therapy, condition and author pages show.
pub const DEFAULT_NEWEST: usize = 10;

/// `[pagination]` as written.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct PaginationConfig {
    /// Articles per page of every listing, unless its `_index.md` says otherwise.
    pub paginate_by: Option<Value>,
    /// Articles (one row each) per page of a topic's or an author's full list.
    pub list_by: Option<Value>,
    /// How many of the newest articles the home page and each therapy, condition and author
    /// page show before linking to the full list.
    pub newest: Option<Value>,
}

/// `[pagination]`, validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Pagination {
    /// Articles per listing page.
    pub paginate_by: usize,
    /// Articles per page of a topic's or an author's full list.
    pub list_by: usize,
    /// Newest articles on home, topic and author pages.
    pub newest: usize,
}

impl Default for Pagination {
    fn default() -> Self {
        Pagination {
            paginate_by: DEFAULT_PAGINATE_BY,
            list_by: DEFAULT_LIST_BY,
            newest: DEFAULT_NEWEST,
        }
    }
}

/// A count of articles per page from `value`, or the problem to report at `key`.
pub fn per_page(key: &str, value: &Value) -> Result<usize, Problem> {
    let (low, high) = PER_PAGE_RANGE;
    match value.as_u64() {
        Some(n) if (low..=high).contains(&n) => Ok(n as usize),
        _ => Err(Problem::InvalidValue {
            key: key.to_string(),
            expected: format!("a whole number of articles from {low} to {high}"),
            found: match value {
                Value::String(s) => format!("\"{s}\""),
                other => other.to_string(),
            },
        }),
    }
}

/// Validates `[pagination]` of site.toml, reporting each bad value at its line.
pub fn check_config(
    written: &PaginationConfig,
    source: &Source<'_>,
    problems: &mut Diagnostics,
) -> Pagination {
    let mut settings = Pagination::default();
    let fields = [
        (
            "paginate_by",
            &written.paginate_by,
            &mut settings.paginate_by,
        ),
        ("list_by", &written.list_by, &mut settings.list_by),
        ("newest", &written.newest, &mut settings.newest),
    ];
    for (name, value, setting) in fields {
        let Some(value) = value else { continue };
        let key = format!("pagination.{name}");
        match per_page(&key, value) {
            Ok(n) => *setting = n,
            Err(problem) => problems.push(Diagnostic::error(
                source.locate(&["pagination".to_string(), name.to_string()]),
                problem,
            )),
        }
    }
    settings
}
