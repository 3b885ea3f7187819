//! The one error type of Vertebra, and the one place where it is turned into text.
//!
//! Every stage reports problems as [`Diagnostic`]s: a [`Problem`] (what went wrong, worded here
//! and nowhere else), an optional [`Location`] (file, line, column and the offending line) and a
//! [`Severity`]. Stages collect them into [`Diagnostics`] so that a build reports every content
//! error at once instead of stopping at the first.

mod problem;
pub mod terminal;
mod wording;

pub use problem::*;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
    /// The line and column, when the problem has one (shared: keeps errors small, and kept
    /// warnings cheap to hand out again on every `serve` rebuild).
    pub position: Option<Arc<Position>>,
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
            position: Some(Arc::new(position)),
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
    let candidates: Vec<&str> = candidates.into_iter().collect();
    // The same page as a bundle (`x/index.md`) or as a plain file (`x.md`).
    let other_form = match wanted.strip_suffix("/index.md") {
        Some(folder) => format!("{folder}.md"),
        None => format!("{}/index.md", wanted.trim_end_matches(".md")),
    };
    if let Some(found) = candidates.iter().find(|c| **c == other_form) {
        return Some(found.to_string());
    }
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
