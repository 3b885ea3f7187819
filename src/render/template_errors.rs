//! Tera's errors, said so that a theme author knows what to change and where.
//!
//! Tera 2 reports what its parser met, not what the author forgot: an unclosed `{% if %}` is
//! "Unknown tag" at the `{% endblock %}` fifty lines below it, an unclosed block in a partial
//! "Unexpected end of input". So on a syntax error we read the template's tag structure
//! ourselves ([`tag_structure_problem`]) and name the tag that was opened and never closed, or
//! the closing tag that closes nothing. Unknown filters and functions, and undefined fields,
//! get the closest name there is (and Zola's and Liquid's names get ours). Every error names
//! the template file as it was loaded: the site's override in templates/, or the theme's. A
//! runtime error that every page of a template hits is reported once ([`merge_repeated`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tera::ErrorKind;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Position, Problem, Severity};

/// Template name → (file as shown, source).
pub type Sources = HashMap<String, (PathBuf, String)>;

/// Tera's built-in filters (tera 2.4) and Vertebra's, for "did you mean".
const FILTERS: &[&str] = &[
    "safe",
    "default",
    "upper",
    "lower",
    "wordcount",
    "escape",
    "escape_html",
    "escape_xml",
    "newlines_to_br",
    "pluralize",
    "trim",
    "trim_start",
    "trim_end",
    "replace",
    "capitalize",
    "title",
    "truncate",
    "indent",
    "str",
    "int",
    "float",
    "length",
    "reverse",
    "split",
    "abs",
    "round",
    "first",
    "last",
    "nth",
    "join",
    "sort",
    "unique",
    "get",
    "values",
    "keys",
    "pairs",
    "group_by",
    "date",
];
/// Tera's built-in functions and Vertebra's.
const FUNCTIONS: &[&str] = &["range", "throw", "url_for", "asset_url", "get_therapy"];
/// Names other template languages (Zola, Jinja, Liquid) use, and ours.
const HABITS: &[(&str, &str)] = &[
    ("get_url", "url_for"),
    ("url", "url_for"),
    ("get_static_url", "asset_url"),
    ("static_url", "asset_url"),
    ("upcase", "upper"),
    ("downcase", "lower"),
    ("size", "length"),
    ("strip", "trim"),
    ("lstrip", "trim_start"),
    ("rstrip", "trim_end"),
    ("date_format", "date"),
    ("count", "length"),
];

/// Every diagnostic a Tera error holds (a compile error can hold several), at the template
/// file and line, while rendering `page` if any.
pub fn diagnose(error: &tera::Error, sources: &Sources, page: Option<&Path>) -> Vec<Diagnostic> {
    let page = page.map(|p| p.display().to_string());
    match error.kind() {
        ErrorKind::SyntaxError(report) => {
            let (file, source) = match sources.get(report.filename()) {
                Some((file, source)) => (file.as_path(), source.as_str()),
                None => (Path::new(report.filename()), ""),
            };
            let span = report.span();
            if let Some(problem) = tag_structure_problem(source)
                && (matches!(report.message(), "Unknown tag" | "Unexpected end of input")
                    || problem.trigger_line <= span.start_line)
            {
                return vec![template_diagnostic(
                    Some(Location::at(
                        file,
                        Position::from_offset(source, problem.offset, problem.width, 1),
                    )),
                    problem.message,
                    page,
                )];
            }
            let location = located(sources, report.filename(), span);
            vec![template_diagnostic(
                location,
                explain(report.message()),
                page,
            )]
        }
        ErrorKind::RenderingError(report) => {
            let location = located(sources, report.filename(), report.span());
            let expression = location
                .as_ref()
                .and_then(|l| l.position.as_deref())
                .map(|p| expression_before(&p.source_line, p.column))
                .unwrap_or_default();
            let message = explain_undefined(report.message(), &expression)
                .unwrap_or_else(|| explain(report.message()));
            vec![template_diagnostic(location, message, page)]
        }
        ErrorKind::Msg(text) if text.starts_with("error: ") => {
            let reports = parse_reports(text, sources);
            if reports.is_empty() {
                vec![template_diagnostic(None, explain(text), page)]
            } else {
                reports
                    .into_iter()
                    .map(|(location, message)| {
                        template_diagnostic(location, explain(&message), page.clone())
                    })
                    .collect()
            }
        }
        _ => {
            let mut message = error.to_string();
            let mut source = std::error::Error::source(error);
            while let Some(cause) = source {
                message.push_str(": ");
                message.push_str(&cause.to_string());
                source = cause.source();
            }
            vec![template_diagnostic(None, clean(&message), page)]
        }
    }
}

fn template_diagnostic(
    location: Option<Location>,
    message: String,
    page: Option<String>,
) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        location,
        problem: Problem::Template {
            message,
            page,
            other_pages: 0,
        },
    }
}

fn located(sources: &Sources, name: &str, span: &tera::Span) -> Option<Location> {
    let (file, source) = sources.get(name)?;
    let width = if span.start_line == span.end_line {
        span.end_col.saturating_sub(span.start_col)
    } else {
        1
    };
    Some(Location::at(
        file,
        Position::from_line_column(source, span.start_line, span.start_col + 1, width),
    ))
}

/// Tera's rendered reports (`error: …\n --> name:line:col\n …`), joined by blank lines, as
/// (location, message) pairs.
fn parse_reports(text: &str, sources: &Sources) -> Vec<(Option<Location>, String)> {
    let mut reports = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(message) = line.strip_prefix("error: ") else {
            continue;
        };
        let mut location = None;
        if let Some(next) = lines.peek()
            && let Some(place) = next.trim_start().strip_prefix("--> ")
        {
            let mut parts = place.rsplitn(3, ':');
            let column = parts.next().and_then(|c| c.parse::<usize>().ok());
            let line_number = parts.next().and_then(|l| l.parse::<usize>().ok());
            let name = parts.next();
            // The underline is two lines below the source line.
            let width = lines
                .clone()
                .skip(1)
                .find(|l| l.contains('^'))
                .map_or(1, |l| l.matches('^').count());
            if let (Some(name), Some(line_number), Some(column)) = (name, line_number, column)
                && let Some((file, source)) = sources.get(name)
            {
                location = Some(Location::at(
                    file,
                    Position::from_line_column(source, line_number, column, width),
                ));
            }
        }
        reports.push((location, message.to_string()));
    }
    reports
}

/// Tera's message with a hint: the closest filter or function, or ours for another
/// language's name.
fn explain(message: &str) -> String {
    let message = clean(message);
    for (kind, known) in [("filter", FILTERS), ("function", FUNCTIONS)] {
        let prefix = format!("Unknown {kind} `");
        if let Some(name) = message
            .strip_prefix(&prefix)
            .and_then(|rest| rest.split('`').next())
        {
            let habit = HABITS
                .iter()
                .find(|(theirs, ours)| *theirs == name && known.contains(ours))
                .map(|(_, ours)| ours.to_string());
            return match habit
                .or_else(|| crate::diagnostics::did_you_mean(name, known.iter().copied()))
            {
                Some(ours) => format!("unknown {kind} `{name}`; did you mean `{ours}`?"),
                None => format!(
                    "unknown {kind} `{name}`; the {kind}s are: {}",
                    known.join(", ")
                ),
            };
        }
    }
    message
}

/// "Field `titel` is not defined. Available fields: a, b" → "`page.titel` is not defined;
/// did you mean `page.title`?".
fn explain_undefined(message: &str, expression: &str) -> Option<String> {
    let (what, rest) = if let Some(rest) = message.strip_prefix("Field `") {
        ("fields", rest)
    } else {
        ("variables", message.strip_prefix("Variable `")?)
    };
    let (name, rest) = rest.split_once('`')?;
    let rest = rest.strip_prefix(" is not defined")?;
    let available: Vec<&str> = rest
        .split_once(": ")
        .map(|(_, list)| list.split(", ").map(str::trim).collect())
        .unwrap_or_default();
    let shown = if expression.ends_with(name) && expression.len() > name.len() {
        expression
    } else {
        name
    };
    let prefix = &shown[..shown.len() - name.len()];
    Some(
        match crate::diagnostics::did_you_mean(name, available.iter().copied()) {
            Some(close) => format!("`{shown}` is not defined; did you mean `{prefix}{close}`?"),
            None if available.is_empty() => format!("`{shown}` is not defined"),
            None => format!(
                "`{shown}` is not defined; the {what} here are: {}",
                available.join(", ")
            ),
        },
    )
}

/// The dotted expression that ends at 1-based `column` plus the name there: `page.titel`.
fn expression_before(line: &str, column: usize) -> String {
    let chars: Vec<char> = line.chars().collect();
    let start = column.saturating_sub(1).min(chars.len());
    let is_part = |c: &char| c.is_alphanumeric() || *c == '_' || *c == '.';
    let end = start + chars[start..].iter().take_while(|c| is_part(c)).count();
    let begin = start
        - chars[..start]
            .iter()
            .rev()
            .take_while(|c| is_part(c))
            .count();
    chars[begin..end].iter().collect()
}

/// Tera's own rendering of a message starts with `error: `; ours adds its own label.
fn clean(message: &str) -> String {
    let mut message = message.trim();
    while let Some(rest) = message.strip_prefix("error: ") {
        message = rest;
    }
    message.to_string()
}

/// Runtime errors that many pages hit at the same place, said once: "(while rendering a.md
/// and 3 other pages)".
pub fn merge_repeated(diagnostics: Diagnostics) -> Diagnostics {
    let mut merged: Vec<Diagnostic> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for diagnostic in diagnostics {
        let key = match &diagnostic.problem {
            Problem::Template { message, .. } => {
                let place = diagnostic.location.as_ref().map(|l| {
                    let (line, column) =
                        l.position.as_deref().map_or((0, 0), |p| (p.line, p.column));
                    format!("{}:{line}:{column}", l.file.display())
                });
                format!("{}|{message}", place.unwrap_or_default())
            }
            _ => {
                merged.push(diagnostic);
                continue;
            }
        };
        match seen.get(&key) {
            Some(&index) => {
                if let Problem::Template { other_pages, .. } = &mut merged[index].problem {
                    *other_pages += 1;
                }
            }
            None => {
                seen.insert(key, merged.len());
                merged.push(diagnostic);
            }
        }
    }
    let mut result = Diagnostics::new();
    result.extend(merged);
    result
}

/// A tag that opens a body, as the scanner keeps it.
struct Open<'a> {
    /// `if`, `for`, `block`, …, or `<name` for a component call with a body.
    kind: String,
    /// The tag as written.
    text: &'a str,
    offset: usize,
}

/// A broken tag structure: where to point, what to say, and the line where Tera would notice.
#[derive(Debug, PartialEq, Eq)]
pub struct TagProblem {
    /// Byte offset of the tag to point at.
    pub offset: usize,
    /// Its width in characters.
    pub width: usize,
    /// What is wrong and how to fix it.
    pub message: String,
    /// The line where the structure broke (a closing tag, or the end of the file).
    pub trigger_line: usize,
}

/// The first opening tag that is never closed, or closing tag that closes nothing, in a
/// template's source.
pub fn tag_structure_problem(source: &str) -> Option<TagProblem> {
    let mut open: Vec<Open<'_>> = Vec::new();
    let line_of = |offset: usize| source[..offset].matches('\n').count() + 1;
    for tag in tags(source) {
        let (word, rest) = split_word(tag.inner);
        let closes = match word {
            "endif" | "endfor" | "endblock" | "endfilter" | "endcomponent" | "endset" => {
                Some(word.trim_start_matches("end").to_string())
            }
            _ if word.starts_with("</") => Some(format!("<{}", word[2..].trim_end_matches('>'))),
            _ => None,
        };
        if let Some(kind) = closes {
            let matches_kind =
                |o: &Open<'_>| o.kind == kind || (kind == "set" && o.kind == "set_global");
            match open.iter().rposition(matches_kind) {
                Some(index) if index + 1 == open.len() => {
                    open.pop();
                }
                Some(_) => {
                    let Some(unclosed) = open.pop() else { break };
                    return Some(TagProblem {
                        offset: unclosed.offset,
                        width: unclosed.text.chars().count(),
                        message: format!(
                            "`{}` is never closed: `{}` at line {} comes first; add `{}` where the `{}` should end",
                            unclosed.text,
                            tag.text,
                            line_of(tag.offset),
                            closing_tag(&unclosed.kind),
                            unclosed.kind.trim_start_matches('<'),
                        ),
                        trigger_line: line_of(tag.offset),
                    });
                }
                None => {
                    return Some(TagProblem {
                        offset: tag.offset,
                        width: tag.text.chars().count(),
                        message: format!(
                            "`{}` closes nothing: no `{{% {} %}}` is open here; remove it, or add the `{{% {} … %}}` it should close",
                            tag.text, kind, kind
                        ),
                        trigger_line: line_of(tag.offset),
                    });
                }
            }
            continue;
        }
        let opens = match word {
            "if" | "for" | "block" | "filter" | "component" => true,
            "set" | "set_global" => !rest.contains('='),
            _ => word.starts_with('<') && !tag.inner.trim_end().ends_with("/>"),
        };
        if opens {
            let kind = if word.starts_with('<') {
                word.split(['(', ' ', '>'])
                    .next()
                    .unwrap_or(word)
                    .to_string()
            } else {
                word.to_string()
            };
            open.push(Open {
                kind,
                text: tag.text,
                offset: tag.offset,
            });
        } else if matches!(word, "elif" | "else") {
            let inside = open
                .last()
                .is_some_and(|o| o.kind == "if" || (word == "else" && o.kind == "for"));
            if !inside {
                return Some(TagProblem {
                    offset: tag.offset,
                    width: tag.text.chars().count(),
                    message: format!(
                        "`{}` is outside any `{{% if %}}`{}: move it inside one, or remove it",
                        tag.text,
                        if word == "else" {
                            " or `{% for %}`"
                        } else {
                            ""
                        }
                    ),
                    trigger_line: line_of(tag.offset),
                });
            }
        }
    }
    let unclosed = open.pop()?;
    Some(TagProblem {
        offset: unclosed.offset,
        width: unclosed.text.chars().count(),
        message: format!(
            "`{}` is never closed: the file ends first; add `{}` where the `{}` should end",
            unclosed.text,
            closing_tag(&unclosed.kind),
            unclosed.kind.trim_start_matches('<'),
        ),
        trigger_line: line_of(source.len()),
    })
}

fn closing_tag(kind: &str) -> String {
    match kind.strip_prefix('<') {
        Some(name) => format!("{{% </{name}> %}}"),
        None if kind == "set_global" => "{% endset %}".to_string(),
        None => format!("{{% end{kind} %}}"),
    }
}

/// The first word of a tag's inside (`if`, `endblock`, `<card`, `</card>`) and the rest.
fn split_word(inner: &str) -> (&str, &str) {
    let inner = inner.trim();
    let end = inner
        .char_indices()
        .skip(1)
        .find(|(_, c)| c.is_whitespace() || *c == '(')
        .map_or(inner.len(), |(i, _)| i);
    (&inner[..end], &inner[end..])
}

/// One `{% … %}` tag.
struct Tag<'a> {
    /// The whole tag as written.
    text: &'a str,
    /// Between the delimiters, without whitespace-control dashes.
    inner: &'a str,
    offset: usize,
}

/// Every `{% … %}` tag of a template, in order: comments, `{{ … }}` and `{% raw %}` bodies
/// skipped.
fn tags(source: &str) -> Vec<Tag<'_>> {
    let mut tags = Vec::new();
    let mut at = 0;
    while let Some(found) = source[at..].find('{').map(|i| at + i) {
        let rest = &source[found..];
        let close = if rest.starts_with("{#") {
            "#}"
        } else if rest.starts_with("{{") {
            "}}"
        } else if rest.starts_with("{%") {
            "%}"
        } else {
            at = found + 1;
            continue;
        };
        let Some(end) = rest[2..].find(close).map(|i| found + 2 + i + 2) else {
            break;
        };
        at = end;
        if close != "%}" {
            continue;
        }
        let text = &source[found..end];
        let inner = text[2..text.len() - 2].trim_matches('-').trim();
        if split_word(inner).0 == "raw" {
            // Everything up to `{% endraw %}` is text.
            let after = &source[end..];
            let mut search = 0;
            while let Some(i) = after[search..].find("{%").map(|i| search + i) {
                let Some(stop) = after[i..].find("%}").map(|j| i + j + 2) else {
                    break;
                };
                if split_word(after[i + 2..stop - 2].trim_matches('-')).0 == "endraw" {
                    at = end + stop;
                    break;
                }
                search = stop;
            }
            continue;
        }
        tags.push(Tag {
            text,
            inner,
            offset: found,
        });
    }
    tags
}

#[cfg(test)]
#[path = "template_errors_tests.rs"]
mod tests;
