//! The one error type of Vertebra, and the one place where it is turned into text.
//!
//! Every stage reports problems as [`Diagnostic`]s: a [`Problem`] (what went wrong, worded here
//! and nowhere else), an optional [`Location`] (file, line, column and the offending line) and a
//! [`Severity`]. Stages collect them into [`Diagnostics`] so that a build reports every content
//! error at once instead of stopping at the first.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is: errors fail the build, warnings are printed and counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build cannot succeed.
    Error,
    /// The build succeeds, but an author should look.
    Warning,
}

/// A position inside a file, with the text of the line for display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The whole offending line, without its line break.
    pub source_line: String,
    /// How many characters to underline (at least one).
    pub width: usize,
    /// How many characters of a long line were left out before `source_line`, which then
    /// shows a window around the problem (0 for most lines).
    pub cut: usize,
}

/// Lines longer than this many bytes are shown as a window around the problem, so that a
/// diagnostic on a minified or machine-written line stays small.
const LONG_LINE: usize = 200;
/// On a long line, how many characters are shown before the problem.
const SHOWN_BEFORE: usize = 60;
/// On a long line, how many characters are shown in all; also the most carets drawn.
const SHOWN_CHARS: usize = 160;

impl Position {
    /// The position of byte `offset` in `text`, underlining `width` characters.
    ///
    /// `first_line` is the line number of the first line of `text` in its file, so that a
    /// position inside front matter or a Markdown body can be reported against the whole file.
    pub fn from_offset(text: &str, offset: usize, width: usize, first_line: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let column = text[line_start..offset].chars().count() + 1;
        let line = first_line + text[..line_start].matches('\n').count();
        Position::new(line, column, &text[line_start..line_end], width)
    }

    /// The position of 1-based `line` and `column` in `text` (whose first line is line 1).
    pub fn from_line_column(text: &str, line: usize, column: usize, width: usize) -> Position {
        let source_line = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
        Position::new(line.max(1), column.max(1), source_line, width)
    }

    /// A position on `source_line`; a long line is kept as a window around `column`.
    fn new(line: usize, column: usize, source_line: &str, width: usize) -> Position {
        let source_line = source_line.trim_end_matches('\r');
        let width = width.clamp(1, SHOWN_CHARS);
        if source_line.len() <= LONG_LINE {
            return Position {
                line,
                column,
                source_line: source_line.to_string(),
                width,
                cut: 0,
            };
        }
        let cut = column.saturating_sub(1 + SHOWN_BEFORE);
        let mut rest = source_line.chars().skip(cut);
        let mut shown: String = rest.by_ref().take(SHOWN_CHARS).collect();
        let before = column.saturating_sub(1 + cut);
        let room = shown.chars().count().saturating_sub(before).max(1);
        if rest.next().is_some() {
            shown.push('…');
        }
        Position {
            line,
            column,
            source_line: shown,
            width: width.min(room),
            cut,
        }
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// Where a problem is: a file, relative to the site root when it is inside it, and maybe a
/// position in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file as shown to the user.
    pub file: PathBuf,
    /// The line and column, when the problem has one (boxed to keep errors small).
    pub position: Option<Box<Position>>,
}

impl Location {
    /// A whole file, with no position.
    pub fn file(file: impl Into<PathBuf>) -> Location {
        Location {
            file: file.into(),
            position: None,
        }
    }

    /// A position inside a file.
    pub fn at(file: impl Into<PathBuf>, position: Position) -> Location {
        Location {
            file: file.into(),
            position: Some(Box::new(position)),
        }
    }
}

/// What went wrong. Each variant's wording lives in the `Display` impl below.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A file or folder could not be read, written or created.
    Io {
        /// What we were doing: "read", "write", "create the folder", …
        action: &'static str,
        /// The operating system's reason.
        reason: String,
    },
    /// A text file contains bytes that are not UTF-8.
    InvalidUtf8 {
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// A content file does not start with front matter.
    MissingFrontMatter,
    /// Front matter opened but never closed.
    UnterminatedFrontMatter {
        /// `+++` or `---`.
        delimiter: &'static str,
    },
    /// The TOML or YAML inside front matter (or site.toml) does not parse.
    Syntax {
        /// "TOML" or "YAML".
        format: &'static str,
        /// The parser's own message.
        message: String,
    },
    /// Front matter or site.toml is not a table of keys.
    NotATable,
    /// A required key is absent.
    MissingKey {
        /// The key, with its table prefix (`clinic.phone`).
        key: String,
        /// Where it was expected ("front matter", "site.toml").
        within: &'static str,
    },
    /// A key that Vertebra does not know.
    UnknownKey {
        /// The key, with its table prefix.
        key: String,
        /// The closest known key, if any is close.
        suggestion: Option<String>,
    },
    /// A key whose value has the wrong type or form.
    InvalidValue {
        /// The key, with its table prefix.
        key: String,
        /// What we wanted, e.g. `a date like 2024-08-26`.
        expected: String,
        /// What we found, e.g. `"last tuesday"`.
        found: String,
    },
    /// A command-line option with a bad value.
    InvalidOption {
        /// The option, e.g. `--base-url`.
        option: &'static str,
        /// What is wrong with its value.
        problem: Box<Problem>,
    },
    /// A slug names no entry of a topic index (no file in content/therapies/ or
    /// content/conditions/).
    UnknownTopic {
        /// What an entry is called: "therapy", "condition".
        noun: &'static str,
        /// The index's folder inside content/.
        folder: &'static str,
        /// The slug as written.
        slug: String,
        /// The closest existing slug.
        suggestion: Option<String>,
    },
    /// A topic that no published page names.
    UnlistedTopic {
        /// What an entry is called: "therapy", "condition".
        noun: &'static str,
        /// Where it would be listed: "in its `therapies`".
        named_in: &'static str,
        /// The topic's slug.
        slug: String,
    },
    /// A therapy and a condition both claim a name for auto-links.
    SharedTopicName {
        /// The name, as written here.
        name: String,
        /// The other file that claims it.
        other: PathBuf,
    },
    /// Two sources produce the same URL.
    DuplicateUrl {
        /// The URL both want.
        url: String,
        /// The other file.
        other: PathBuf,
    },
    /// A `slug` or alias that could escape its folder or is not a plain URL segment.
    UnsafeUrl {
        /// `slug` or `aliases`.
        key: &'static str,
        /// The value as written.
        value: String,
        /// Why it is refused.
        reason: &'static str,
    },
    /// The output directory would overwrite something precious.
    DangerousOutputDir {
        /// The resolved output path.
        path: PathBuf,
        /// What it would clobber.
        reason: String,
    },
    /// The site has no site.toml.
    MissingSiteConfig {
        /// The folder we looked in.
        root: PathBuf,
    },
    /// The configured theme folder does not exist.
    MissingTheme {
        /// The theme name from site.toml.
        theme: String,
        /// Themes that do exist, for a hint.
        available: Vec<String>,
    },
    /// A template that every theme must provide is missing.
    MissingTemplate {
        /// The template name.
        name: String,
        /// Folders searched.
        searched: Vec<PathBuf>,
    },
    /// A template failed to compile or render.
    Template {
        /// Tera's message.
        message: String,
        /// The page being rendered, if any.
        page: Option<String>,
    },
    /// A `@/` link to a content file that does not exist.
    BrokenInternalLink {
        /// The link as written.
        target: String,
        /// The closest existing content path.
        suggestion: Option<String>,
    },
    /// A `@/file.md#anchor` link whose anchor is not a heading id of the target.
    MissingAnchor {
        /// The link as written.
        target: String,
        /// The anchor without `#`.
        anchor: String,
    },
    /// A phone number that cannot be dialled.
    InvalidPhone {
        /// The number as written.
        found: String,
        /// The parser's reason.
        reason: String,
    },
    /// A symlink that points outside the site, or a loop, skipped.
    SkippedLink {
        /// Why it was skipped.
        reason: String,
    },
    /// An internal link or image in the rendered HTML that reaches no generated file or id
    /// (boxed to keep every diagnostic small).
    BrokenLink(Box<BrokenLink>),
    /// `vertebra new` was pointed at a folder that already has files in it.
    FolderNotEmpty {
        /// The folder.
        path: PathBuf,
    },
    /// An alias at a URL where Vertebra writes a file of its own.
    ReservedUrl {
        /// The alias, normalised.
        url: String,
        /// The file Vertebra writes there: `sitemap.xml`, `404.html`, …
        generated: &'static str,
    },
    /// Two output files that cannot both be written: one would need to be a folder.
    OutputConflict {
        /// The output path written as a file.
        file: String,
        /// An output path that needs `file` to be a folder.
        inside: String,
    },
    /// More problems of one kind in one file than are listed (see [`Budget`]).
    MoreProblems {
        /// How many were not listed.
        more: usize,
    },
    /// A dated article names no medical reviewer.
    MissingReviewer,
    /// An article names a reviewer but not when the review was.
    MissingReviewDate,
    /// An article's latest medical review is older than `review_interval_months`.
    ReviewOverdue {
        /// `last_reviewed`, as `YYYY-MM-DD`.
        last_reviewed: String,
        /// `review_interval_months`.
        months: u32,
        /// The day the next review was due, as `YYYY-MM-DD`.
        due: String,
    },
    /// `author` or `reviewed_by` looks like an author id but names none in `[authors]`.
    UnknownAuthor {
        /// `author` or `reviewed_by`.
        key: &'static str,
        /// The value as written.
        value: String,
        /// The closest author id.
        suggestion: Option<String>,
    },
    /// The search index could not take a page (or could not be built at all).
    SearchIndex {
        /// The page's output file, when one page is the problem.
        page: Option<String>,
        /// Pagefind's reason.
        reason: String,
    },
}

impl Problem {
    /// Whether this is about an article's medical review (missing, undated or overdue): these
    /// are counted in the summary line and become errors with `--strict`.
    pub fn is_review(&self) -> bool {
        matches!(
            self,
            Problem::MissingReviewer | Problem::MissingReviewDate | Problem::ReviewOverdue { .. }
        )
    }
}

/// A broken internal link: see [`Problem::BrokenLink`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// The URL as written in the HTML.
    pub url: String,
    /// The URL path of the page it is on: `/clinic/articles/x/`.
    pub page: String,
    /// What is wrong with it.
    pub fault: LinkFault,
    /// What wrote it into the page.
    pub made_by: LinkMaker,
    /// How many other pages have the same broken link, made the same way.
    pub other_pages: usize,
}

/// Why an internal link is broken (see [`Problem::BrokenLink`]).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LinkFault {
    /// Nothing is generated at that URL.
    NoSuchFile {
        /// The URL path it reaches, like `/clinic/nope/`.
        path: String,
    },
    /// It names a folder without the trailing slash; not every host redirects that.
    MissingTrailingSlash {
        /// The same URL with the slash.
        fixed: String,
    },
    /// The target page has no element with that id.
    NoSuchId {
        /// The fragment, without `#`.
        id: String,
        /// The target page's URL path.
        target: String,
    },
    /// It leaves the site's base path, so it breaks when the site lives in a subfolder.
    OutsideBasePath {
        /// The base path, like `/clinic/`.
        base_path: String,
    },
    /// A relative link on the 404 page, which hosts serve at every missing URL.
    RelativeOnErrorPage,
    /// It cannot be read as a URL at all.
    Invalid {
        /// The URL parser's reason.
        reason: String,
    },
}

/// What wrote a link into a page (see [`Problem::BrokenLink`]).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LinkMaker {
    /// A Markdown body; the diagnostic's location is the link's line.
    Markdown,
    /// Templates of the theme or the site: the templates of the pages it is on (the link may
    /// be in one they extend or include).
    Templates {
        /// The template files, as shown to the user, sorted.
        files: Vec<PathBuf>,
    },
    /// The redirect page Vertebra writes for an alias.
    AliasRedirect,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Io { action, reason } => write!(f, "could not {action}: {reason}"),
            Problem::InvalidUtf8 { offset } => write!(
                f,
                "expected UTF-8 text, found an invalid byte at offset {offset} (save the file as UTF-8)"
            ),
            Problem::MissingFrontMatter => write!(
                f,
                "expected front matter at the top of the file: TOML between `+++` lines or YAML between `---` lines, with at least a `title`"
            ),
            Problem::UnterminatedFrontMatter { delimiter } => write!(
                f,
                "front matter opened with `{delimiter}` is never closed; expected a line with only `{delimiter}` after the last key"
            ),
            Problem::Syntax { format, message } => write!(f, "invalid {format}: {message}"),
            Problem::NotATable => write!(f, "expected a table of `key = value` pairs"),
            Problem::MissingKey { key, within } => {
                write!(f, "missing required key `{key}` in {within}")
            }
            Problem::UnknownKey { key, suggestion } => {
                write!(f, "unknown key `{key}`")?;
                match suggestion {
                    Some(s) => write!(f, "; did you mean `{s}`?"),
                    None => write!(f, "; put site-specific values under an `[extra]` table"),
                }
            }
            Problem::InvalidValue {
                key: _,
                expected,
                found,
            } => write!(f, "expected {expected}, found {found}"),
            Problem::InvalidOption { option, problem } => write!(f, "{option}: {problem}"),
            Problem::UnknownTopic {
                noun,
                folder,
                slug,
                suggestion,
            } => {
                write!(
                    f,
                    "unknown {noun} \"{slug}\" (no content/{folder}/{slug}.md)"
                )?;
                match suggestion {
                    Some(s) => write!(f, "; did you mean \"{s}\"?"),
                    None => Ok(()),
                }
            }
            Problem::UnlistedTopic {
                noun,
                named_in,
                slug,
            } => write!(
                f,
                "no published article lists the {noun} \"{slug}\" {named_in}"
            ),
            Problem::SharedTopicName { name, other } => write!(
                f,
                "\"{name}\" is also a name of {}: a therapy and a condition cannot share a \
                 name, because auto-links could not tell which one a mention means; rename \
                 one or drop it from `also_known_as`",
                other.display()
            ),
            Problem::DuplicateUrl { url, other } => write!(
                f,
                "two files produce the URL {url}: this one and {}",
                other.display()
            ),
            Problem::UnsafeUrl { key, value, reason } => {
                write!(f, "refusing `{key}` \"{value}\": {reason}")
            }
            Problem::DangerousOutputDir { path, reason } => write!(
                f,
                "refusing to write the site into {}: {reason}",
                path.display()
            ),
            Problem::MissingSiteConfig { root } => write!(
                f,
                "no site.toml in {}; run `vertebra new DIR` to start a site, or pass --root",
                root.display()
            ),
            Problem::MissingTheme { theme, available } => {
                write!(
                    f,
                    "theme \"{theme}\" not found (expected themes/{theme}/templates/)"
                )?;
                if !available.is_empty() {
                    write!(f, "; themes present: {}", available.join(", "))?;
                }
                Ok(())
            }
            Problem::MissingTemplate { name, searched } => {
                let searched: Vec<String> =
                    searched.iter().map(|p| p.display().to_string()).collect();
                write!(
                    f,
                    "missing template {name}; looked in {}",
                    searched.join(" and ")
                )
            }
            Problem::Template { message, page } => {
                write!(f, "{message}")?;
                if let Some(page) = page {
                    write!(f, " (while rendering {page})")?;
                }
                Ok(())
            }
            Problem::BrokenInternalLink { target, suggestion } => {
                write!(f, "broken link `{target}`: no such content file")?;
                match suggestion {
                    Some(s) => write!(f, "; did you mean `@/{s}`?"),
                    None => Ok(()),
                }
            }
            Problem::MissingAnchor { target, anchor } => write!(
                f,
                "broken link `{target}`: the target has no heading with id \"{anchor}\""
            ),
            Problem::InvalidPhone { found, reason } => write!(
                f,
                "expected a phone number like \"(310) 555-0142\" or \"+1 310 555 0142\", found \"{found}\" ({reason})"
            ),
            Problem::SkippedLink { reason } => write!(f, "skipped: {reason}"),
            Problem::BrokenLink(link) => {
                let BrokenLink {
                    url,
                    page,
                    fault,
                    made_by,
                    other_pages,
                } = link.as_ref();
                write!(f, "broken link `{url}` on {page}")?;
                match other_pages {
                    0 => {}
                    1 => write!(f, " and 1 other page")?,
                    n => write!(f, " and {n} other pages")?,
                }
                match made_by {
                    LinkMaker::Markdown => {}
                    LinkMaker::Templates { files } => {
                        write!(f, " (made by {}", template_list(files))?;
                        if files.len() > 1 {
                            write!(f, ", or a template they extend or include")?;
                        }
                        write!(f, ")")?;
                    }
                    LinkMaker::AliasRedirect => write!(f, " (the redirect page of an alias)")?,
                }
                write!(f, ": {fault}")
            }
            Problem::FolderNotEmpty { path } => write!(
                f,
                "refusing to create a site in {}: the folder is not empty (choose a new or empty folder)",
                path.display()
            ),
            Problem::ReservedUrl { url, generated } => write!(
                f,
                "the URL {url} is taken by {generated}, which Vertebra writes itself; choose another alias"
            ),
            Problem::OutputConflict { file, inside } => write!(
                f,
                "cannot write both {file} and {inside}: the first is a file, the second needs it to be a folder; rename the page, alias or static file behind one of them"
            ),
            Problem::MoreProblems { more } => write!(
                f,
                "{more} more problem{} of the same kind in this file {} not listed; fix the ones listed first",
                if *more == 1 { "" } else { "s" },
                if *more == 1 { "is" } else { "are" },
            ),
            Problem::MissingReviewer => write!(
                f,
                "no medical reviewer: name one with `reviewed_by` (an id from [authors] in site.toml, or a name) and the date of the review with `last_reviewed`"
            ),
            Problem::MissingReviewDate => write!(
                f,
                "`reviewed_by` is set but `last_reviewed` is not: add the date of the latest medical review, like 2026-03-12"
            ),
            Problem::ReviewOverdue {
                last_reviewed,
                months,
                due,
            } => write!(
                f,
                "last medically reviewed on {last_reviewed}, more than {months} month{} ago (review_interval_months in site.toml): the next review was due on {due}; review it and update `last_reviewed`",
                if *months == 1 { "" } else { "s" }
            ),
            Problem::SearchIndex {
                page: Some(page),
                reason,
            } => write!(
                f,
                "{page} is left out of the search index: {reason} (the rest of the site is searchable)"
            ),
            Problem::SearchIndex { page: None, reason } => {
                write!(f, "the site has no search index: {reason}")
            }
            Problem::UnknownAuthor {
                key,
                value,
                suggestion,
            } => {
                write!(
                    f,
                    "`{key}` \"{value}\" names no author in [authors] in site.toml, so it is shown as a plain name"
                )?;
                match suggestion {
                    Some(s) => write!(f, "; did you mean \"{s}\"?"),
                    None => write!(
                        f,
                        "; add [authors.{value}] to site.toml, or write the person's name"
                    ),
                }
            }
        }
    }
}

/// `template a.html` or `templates a.html, b.html and c.html in themes/x/templates`.
fn template_list(files: &[PathBuf]) -> String {
    let folder = files.first().and_then(|f| f.parent());
    let same_folder = files.iter().all(|f| f.parent() == folder);
    let names: Vec<String> = files
        .iter()
        .map(|f| match (same_folder, f.file_name()) {
            (true, Some(name)) => name.to_string_lossy().into_owned(),
            _ => f.display().to_string(),
        })
        .collect();
    let listed = match names.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    };
    let noun = if files.len() == 1 {
        "template"
    } else {
        "templates"
    };
    match folder.filter(|f| same_folder && !f.as_os_str().is_empty()) {
        Some(folder) => format!("{noun} {listed} in {}", folder.display()),
        None => format!("{noun} {listed}"),
    }
}

impl fmt::Display for LinkFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkFault::NoSuchFile { path } => {
                write!(f, "no page or file is generated at {path}")
            }
            LinkFault::MissingTrailingSlash { fixed } => write!(
                f,
                "it names a folder without the trailing slash, which not every host redirects; link to {fixed}"
            ),
            LinkFault::NoSuchId { id, target } => {
                write!(f, "{target} has no element with id \"{id}\"")
            }
            LinkFault::OutsideBasePath { base_path } => write!(
                f,
                "it leaves the site's base path {base_path}, so it breaks wherever the site is published; make it with url_for, asset_url or a @/ link"
            ),
            LinkFault::RelativeOnErrorPage => write!(
                f,
                "404.html is served at every missing URL, so its links must not be relative; make it with url_for or asset_url"
            ),
            LinkFault::Invalid { reason } => write!(f, "not a valid URL ({reason})"),
        }
    }
}

/// One problem, where it is, and how bad it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where, when known.
    pub location: Option<Location>,
    /// What.
    pub problem: Problem,
}

impl Diagnostic {
    /// An error with a location.
    pub fn error(location: Location, problem: Problem) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            location: Some(location),
            problem,
        }
    }

    /// A warning with a location.
    pub fn warning(location: Location, problem: Problem) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            location: Some(location),
            problem,
        }
    }

    /// An error that belongs to no file.
    pub fn global(problem: Problem) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            location: None,
            problem,
        }
    }

    /// An I/O error on `path`, shown relative to `root`.
    pub fn io(
        root: &Path,
        path: &Path,
        action: &'static str,
        error: &std::io::Error,
    ) -> Diagnostic {
        Diagnostic::error(
            Location::file(display_path(root, path)),
            Problem::Io {
                action,
                reason: error.to_string(),
            },
        )
    }

    /// Whether this diagnostic fails the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// How many problems of one kind are listed for one file. A file with thousands of mistakes
/// (a generated or hostile one) is then reported at once, in a screenful, instead of locating
/// every problem in a large file one by one.
pub const MAX_PER_FILE: usize = 50;

/// Counts the problems of one kind found in one file and says when to stop listing them:
/// `if budget.allow() { make and push the diagnostic }`, then push [`Budget::overflow`].
#[derive(Debug, Clone)]
pub struct Budget {
    left: usize,
    over: usize,
}

impl Default for Budget {
    fn default() -> Budget {
        Budget::new()
    }
}

impl Budget {
    /// Room for [`MAX_PER_FILE`] problems.
    pub fn new() -> Budget {
        Budget {
            left: MAX_PER_FILE,
            over: 0,
        }
    }

    /// Whether one more problem may be listed; counts those that may not.
    pub fn allow(&mut self) -> bool {
        if self.left > 0 {
            self.left -= 1;
            true
        } else {
            self.over += 1;
            false
        }
    }

    /// The diagnostic that says how many were not listed, if any were not.
    pub fn overflow(&self, file: &Path, severity: Severity) -> Option<Diagnostic> {
        (self.over > 0).then(|| Diagnostic {
            severity,
            location: Some(Location::file(file)),
            problem: Problem::MoreProblems { more: self.over },
        })
    }
}

/// `path` relative to `root` when it is inside it, for messages.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}: ")?;
        let Some(location) = &self.location else {
            return write!(f, "{}", self.problem);
        };
        write!(f, "{}", location.file.display())?;
        let Some(position) = &location.position else {
            return write!(f, ": {}", self.problem);
        };
        writeln!(
            f,
            ":{}:{}: {}",
            position.line, position.column, self.problem
        )?;
        let gutter = " ".repeat(position.line.to_string().len());
        // A window of a long line starts with `…`, which the caret's indent steps over.
        let (ellipsis, step) = if position.cut > 0 {
            ("…", " ")
        } else {
            ("", "")
        };
        let indent: String = position
            .source_line
            .chars()
            .take(position.column.saturating_sub(1 + position.cut))
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        writeln!(f, "{gutter} |")?;
        writeln!(f, "{} | {ellipsis}{}", position.line, position.source_line)?;
        write!(f, "{gutter} | {step}{indent}{}", "^".repeat(position.width))
    }
}

/// Every diagnostic of one run, in a stable order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// No diagnostics.
    pub fn new() -> Diagnostics {
        Diagnostics(Vec::new())
    }

    /// Adds one.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Adds many.
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    /// Whether any is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// How many errors.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    /// How many warnings.
    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    /// How many of the given severity are about medical review (see [`Problem::is_review`]).
    pub fn review_count(&self, severity: Severity) -> usize {
        self.0
            .iter()
            .filter(|d| d.severity == severity && d.problem.is_review())
            .count()
    }

    /// All of them.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Sorts by file, then line, then column, so that output does not depend on thread timing.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
        self.0.dedup();
    }
}

fn sort_key(d: &Diagnostic) -> (Option<&Path>, usize, usize, Severity) {
    let file = d.location.as_ref().map(|l| l.file.as_path());
    let (line, column) = d
        .location
        .as_ref()
        .and_then(|l| l.position.as_deref())
        .map_or((0, 0), |p| (p.line, p.column));
    (file, line, column, d.severity)
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Diagnostics {
        Diagnostics(vec![diagnostic])
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.0 {
            writeln!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

/// The closest content path to `wanted`, comparing file names so that a shared folder
/// prefix does not make every file look close.
pub fn did_you_mean_path<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let name = |path: &'a str| path.rsplit('/').next().unwrap_or(path);
    let wanted_name = wanted.rsplit('/').next().unwrap_or(wanted);
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(wanted_name, name(c)), c))
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c.to_string())
}

/// The closest candidate to `wanted`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(wanted, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_file_line_column_and_caret() {
        let text = "+++\ntitle = \"x\"\ndate = \"last tuesday\"\n+++\n";
        let offset = text.find("\"last").unwrap();
        let d = Diagnostic::error(
            Location::at(
                "content/articles/x.md",
                Position::from_offset(text, offset, 14, 1),
            ),
            Problem::InvalidValue {
                key: "date".into(),
                expected: "a date like 2024-08-26".into(),
                found: "\"last tuesday\"".into(),
            },
        );
        assert_eq!(
            d.to_string(),
            "error: content/articles/x.md:3:8: expected a date like 2024-08-26, found \"last tuesday\"\n  |\n3 | date = \"last tuesday\"\n  |        ^^^^^^^^^^^^^^"
        );
    }

    #[test]
    fn shows_a_window_of_a_long_line() {
        let line = format!(
            "{}[broken](@/nope.md){}",
            "x".repeat(5000),
            "y".repeat(5000)
        );
        let position = Position::from_offset(&line, 5000, 18, 7);
        assert_eq!(
            (position.line, position.column, position.cut),
            (7, 5001, 4940)
        );
        assert!(position.source_line.chars().count() <= SHOWN_CHARS + 1);
        let d = Diagnostic::error(Location::at("a.md", position), Problem::MissingFrontMatter);
        let text = d.to_string();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("error: a.md:7:5001: "), "{text}");
        assert!(
            lines[2].starts_with("7 | …xxx") && lines[2].ends_with("yyy…"),
            "{text}"
        );
        // The carets sit under the link, the `…` counted.
        let column = |line: &str, c: char| line.chars().position(|x| x == c);
        assert_eq!(column(lines[3], '^'), column(lines[2], '['), "{text}");
        assert_eq!(lines[3].matches('^').count(), 18);
        // Short lines are shown whole, as before.
        let position = Position::from_offset("short line", 6, 4, 1);
        assert_eq!(
            (position.source_line.as_str(), position.cut),
            ("short line", 0)
        );
    }

    #[test]
    fn lists_the_first_problems_of_a_file_and_counts_the_rest() {
        let mut budget = Budget::new();
        let listed = (0..MAX_PER_FILE + 7).filter(|_| budget.allow()).count();
        assert_eq!(listed, MAX_PER_FILE);
        let more = budget.overflow(Path::new("a.md"), Severity::Error);
        assert_eq!(
            more.map(|d| d.to_string()).as_deref(),
            Some(
                "error: a.md: 7 more problems of the same kind in this file are not listed; fix the ones listed first"
            )
        );
        let mut budget = Budget::new();
        assert!(budget.allow());
        assert!(
            budget
                .overflow(Path::new("a.md"), Severity::Error)
                .is_none()
        );
    }

    #[test]
    fn suggests_paths_by_file_name() {
        let paths = ["articles/x.md", "articles/heat-or-cold.md"];
        assert_eq!(did_you_mean_path("articles/nope.md", paths), None);
        assert_eq!(
            did_you_mean_path("articles/heat-or-colds.md", paths),
            Some("articles/heat-or-cold.md".into())
        );
    }

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(
            did_you_mean("acupuncure", ["acupuncture", "massage-therapy"]),
            Some("acupuncture".into())
        );
        assert_eq!(did_you_mean("zzz", ["acupuncture"]), None);
    }
}
