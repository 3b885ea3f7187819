//! Shortcodes, Zola's convention: a line `{{ name(arg="value") }}`, or a body between
//! `{% name(arg="value") %}` and `{% end %}` lines, calls the template
//! `templates/shortcodes/<name>.html` (the site's, else the theme's).
//!
//! The Markdown stage finds the calls before parsing (outside fenced code), checks each name
//! and its arguments against the [`Shortcodes`] the site has, and blanks the call out of the
//! source as an HTML comment of the same length, so every other offset (and line number)
//! stays where it was. The render stage renders each call with its page's context, replacing
//! the [`placeholder`] the Markdown stage left.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde_json::Value;

use crate::diagnostics::Problem;

/// One shortcode call found in a body.
#[derive(Debug, Clone, PartialEq)]
pub struct ShortcodeCall {
    /// The shortcode's name.
    pub name: String,
    /// Its arguments, in the order written.
    pub args: Vec<(String, Value)>,
    /// A body call's Markdown body rendered to HTML; `None` for `{{ }}` calls.
    pub body: Option<String>,
    /// Where the call starts in the body.
    pub offset: usize,
    /// Its length in bytes (the whole region, `{% end %}` included).
    pub len: usize,
}

/// What the placeholder of call `index` looks like in the Markdown stage's HTML.
pub fn placeholder(index: usize) -> String {
    format!("{PLACEHOLDER_START}{index} -->")
}

/// How every [`placeholder`] starts.
pub const PLACEHOLDER_START: &str = "<!-- vertebra:shortcode:";

/// The shortcodes a site can call: name → the arguments its template declares, if it does.
///
/// A template declares them in a comment of its own: `{# arguments: youtube?, vimeo?, title #}`
/// (a `?` marks an optional one). A call with an argument not declared, or without a required
/// one, is an error; a template that declares nothing accepts anything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Shortcodes {
    known: BTreeMap<String, Option<Vec<(String, bool)>>>,
}

impl Shortcodes {
    /// Adds (or replaces) shortcode `name` whose template source is `source`.
    pub fn insert(&mut self, name: &str, source: &str) {
        self.known
            .insert(name.to_string(), declared_arguments(source));
    }

    /// Whether there is a shortcode called `name`.
    pub fn contains(&self, name: &str) -> bool {
        self.known.contains_key(name)
    }

    fn check(&self, name: &str, args: &[(String, Value)]) -> Result<(), Problem> {
        let Some(declared) = self.known.get(name) else {
            return Err(Problem::UnknownShortcode {
                name: name.to_string(),
                suggestion: crate::diagnostics::did_you_mean(
                    name,
                    self.known.keys().map(String::as_str),
                ),
            });
        };
        let Some(declared) = declared else {
            return Ok(());
        };
        for (arg, _) in args {
            if !declared.iter().any(|(known, _)| known == arg) {
                let suggestion = crate::diagnostics::did_you_mean(
                    arg,
                    declared.iter().map(|(known, _)| known.as_str()),
                );
                return Err(Problem::ShortcodeArguments {
                    name: name.to_string(),
                    message: match suggestion {
                        Some(s) => format!("it has no argument `{arg}`; did you mean `{s}`?"),
                        None => format!("it has no argument `{arg}`"),
                    },
                });
            }
        }
        if let Some((missing, _)) = declared
            .iter()
            .find(|(known, optional)| !optional && !args.iter().any(|(a, _)| a == known))
        {
            return Err(Problem::ShortcodeArguments {
                name: name.to_string(),
                message: format!("the argument `{missing}` is required"),
            });
        }
        Ok(())
    }
}

/// The arguments declared by `{# arguments: a, b? #}` in a template, if it has that comment.
fn declared_arguments(source: &str) -> Option<Vec<(String, bool)>> {
    let start = source.find("{#")?;
    let comment = &source[start + 2..];
    let comment =
        comment[..comment.find("#}")?].trim_matches(|c: char| c == '-' || c.is_whitespace());
    let list = comment.strip_prefix("arguments:")?;
    Some(
        list.split(',')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(|a| match a.strip_suffix('?') {
                Some(name) => (name.trim().to_string(), true),
                None => (a.to_string(), false),
            })
            .collect(),
    )
}

/// A body call whose `{% end %}` is still to come: where it starts, its name and arguments,
/// and where its body starts.
type OpenBody = (usize, String, Vec<(String, Value)>, usize);

/// A problem at a byte range of a body.
pub type Located = (usize, usize, Problem);

/// Finds the shortcode calls of `body`; returns the body with each call blanked out as an
/// HTML comment of the same length, the calls (bodies not yet rendered: the raw Markdown is in
/// `body`) and the problems found.
pub fn find_calls<'b>(
    body: &'b str,
    shortcodes: &Shortcodes,
) -> (Cow<'b, str>, Vec<ShortcodeCall>, Vec<Located>) {
    if !body.contains("{{") && !body.contains("{%") {
        return (Cow::Borrowed(body), Vec::new(), Vec::new());
    }
    let mut calls = Vec::new();
    let mut problems = Vec::new();
    let mut blanks: Vec<(usize, usize)> = Vec::new();
    let mut fence: Option<(u8, usize)> = None;
    let mut open: Option<OpenBody> = None;
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let indent = content.len() - content.trim_start_matches(' ').len();
        let trimmed = content.trim();
        if let Some((marker, length)) = fence {
            if indent < 4 && closes_fence(trimmed, marker, length) {
                fence = None;
            }
            continue;
        }
        if indent < 4
            && let Some(opened) = opens_fence(trimmed)
        {
            fence = Some(opened);
            continue;
        }
        if indent >= 4 {
            continue;
        }
        let at = start + indent;
        if let Some((open_at, name, args, body_start)) = open.take() {
            if is_end(trimmed) {
                let len = start + content.len() - open_at;
                calls.push(ShortcodeCall {
                    name,
                    args,
                    body: Some(body[body_start..start].to_string()),
                    offset: open_at,
                    len,
                });
                blanks.push((open_at, len));
            } else {
                open = Some((open_at, name, args, body_start));
            }
            continue;
        }
        let (call, is_body) = if let Some(inner) = delimited(trimmed, "{{", "}}") {
            (inner, false)
        } else if let Some(inner) = delimited(trimmed, "{%", "%}") {
            if is_end(trimmed) {
                problems.push((
                    at,
                    trimmed.len(),
                    Problem::ShortcodeArguments {
                        name: "end".into(),
                        message: "`{% end %}` without a `{% name() %}` line before it".into(),
                    },
                ));
                continue;
            }
            (inner, true)
        } else {
            continue;
        };
        // A theme without a `cta` shortcode still gets the call-to-action through the
        // paragraph Vertebra has always recognised (see `markdown::INLINE_CTA`).
        if !shortcodes.contains("cta") && trimmed == super::INLINE_CTA {
            continue;
        }
        let parsed = parse_call(call).and_then(|(name, args)| {
            shortcodes.check(&name, &args)?;
            Ok((name, args))
        });
        match parsed {
            Ok((name, args)) if is_body => open = Some((at, name, args, offset)),
            Ok((name, args)) => {
                calls.push(ShortcodeCall {
                    name,
                    args,
                    body: None,
                    offset: at,
                    len: trimmed.len(),
                });
                blanks.push((at, trimmed.len()));
            }
            Err(problem) => problems.push((at, trimmed.len(), problem)),
        }
    }
    if let Some((open_at, name, _, _)) = open {
        let len = body[open_at..].find('\n').unwrap_or(body.len() - open_at);
        problems.push((
            open_at,
            len,
            Problem::ShortcodeArguments {
                name,
                message: "its body never ends: add a `{% end %}` line".into(),
            },
        ));
    }
    if blanks.is_empty() {
        return (Cow::Borrowed(body), calls, problems);
    }
    let mut bytes = body.as_bytes().to_vec();
    for (at, len) in blanks {
        blank_out(&mut bytes[at..at + len]);
    }
    // Only ASCII bytes were written over whole characters, so the text is still UTF-8.
    let text = String::from_utf8(bytes).unwrap_or_else(|_| body.to_string());
    (Cow::Owned(text), calls, problems)
}

/// Writes `<!--` … `-->` over a region, keeping its line breaks (and so its line numbers).
fn blank_out(region: &mut [u8]) {
    let len = region.len();
    for (index, byte) in region.iter_mut().enumerate() {
        *byte = match index {
            0 => b'<',
            1 => b'!',
            2 | 3 => b'-',
            _ if index + 3 == len || index + 2 == len => b'-',
            _ if index + 1 == len => b'>',
            _ if *byte == b'\n' || *byte == b'\r' => *byte,
            _ => b' ',
        };
    }
}

fn is_end(trimmed: &str) -> bool {
    delimited(trimmed, "{%", "%}").is_some_and(|inner| inner.trim() == "end")
}

fn delimited<'t>(text: &'t str, open: &str, close: &str) -> Option<&'t str> {
    text.strip_prefix(open)?.strip_suffix(close)
}

fn opens_fence(trimmed: &str) -> Option<(u8, usize)> {
    let marker = *trimmed.as_bytes().first()?;
    if marker != b'`' && marker != b'~' {
        return None;
    }
    let length = trimmed.bytes().take_while(|&b| b == marker).count();
    (length >= 3).then_some((marker, length))
}

fn closes_fence(trimmed: &str, marker: u8, length: usize) -> bool {
    let run = trimmed.bytes().take_while(|&b| b == marker).count();
    run >= length && trimmed[run..].trim().is_empty()
}

/// Parses `name(key="value", n=3, yes=true)`.
fn parse_call(call: &str) -> Result<(String, Vec<(String, Value)>), Problem> {
    let call = call.trim();
    let bad = |name: &str, message: String| Problem::ShortcodeArguments {
        name: name.to_string(),
        message,
    };
    let open = call.find('(').ok_or_else(|| {
        bad(
            call,
            "expected `name(arguments)`, like `video(youtube=\"ID\")`".into(),
        )
    })?;
    let name = call[..open].trim();
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(bad(
            name,
            "a shortcode name is letters, digits, `_` and `-`".into(),
        ));
    }
    let inner = call[open + 1..]
        .strip_suffix(')')
        .ok_or_else(|| bad(name, "the argument list does not end with `)`".into()))?;
    let mut args: Vec<(String, Value)> = Vec::new();
    let mut rest = inner.trim_start();
    while !rest.is_empty() {
        let eq = rest.find('=').ok_or_else(|| {
            bad(
                name,
                format!("expected `key=value`, found `{}`", rest.trim()),
            )
        })?;
        let key = rest[..eq].trim();
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(bad(name, format!("`{key}` is not an argument name")));
        }
        if args.iter().any(|(k, _)| k == key) {
            return Err(bad(name, format!("the argument `{key}` is given twice")));
        }
        let (value, after) = parse_value(rest[eq + 1..].trim_start())
            .map_err(|message| bad(name, format!("argument `{key}`: {message}")))?;
        args.push((key.to_string(), value));
        rest = after.trim_start();
        if let Some(next) = rest.strip_prefix(',') {
            rest = next.trim_start();
        } else if !rest.is_empty() {
            return Err(bad(
                name,
                format!("expected `,` between arguments, found `{rest}`"),
            ));
        }
    }
    Ok((name.to_string(), args))
}

/// One value: a quoted string (`"` or `'`, with `\` escapes), a number or true/false.
fn parse_value(text: &str) -> Result<(Value, &str), String> {
    let Some(quote) = text.chars().next() else {
        return Err("the value is missing".into());
    };
    if quote == '"' || quote == '\'' {
        let mut value = String::new();
        let mut chars = text[1..].char_indices();
        while let Some((at, c)) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some((_, escaped)) => value.push(escaped),
                    None => break,
                },
                c if c == quote => return Ok((Value::String(value), &text[at + 2..])),
                c => value.push(c),
            }
        }
        return Err(format!("the string is never closed with {quote}"));
    }
    let end = text.find([',', ' ']).unwrap_or(text.len());
    let word = &text[..end];
    let value = match word {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => match word.parse::<i64>() {
            Ok(n) => Value::from(n),
            Err(_) => match word.parse::<f64>() {
                Ok(n) => Value::from(n),
                Err(_) => {
                    return Err(format!(
                        "`{word}` is not a value: quote text (\"{word}\"), or write a number or true/false"
                    ));
                }
            },
        },
    };
    Ok((value, &text[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Shortcodes {
        let mut shortcodes = Shortcodes::default();
        shortcodes.insert(
            "video",
            "{# arguments: youtube?, vimeo?, title #}<div></div>",
        );
        shortcodes.insert("note", "<div>{{ body }}</div>");
        shortcodes
    }

    #[test]
    fn blanks_calls_out_keeping_offsets_and_lines() {
        let body = "Intro.\n\n{{ video(youtube=\"abc\", title='A \\'walk\\'') }}\n\n{% note() %}\nInside *here*.\n\n{% end %}\n\nAfter.\n";
        let (text, calls, problems) = find_calls(body, &known());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(text.len(), body.len());
        assert_eq!(text.lines().count(), body.lines().count());
        assert!(text.contains("<!--"));
        assert!(text.ends_with("\n\nAfter.\n"));
        assert_eq!(calls.len(), 2);
        assert_eq!(calls[0].name, "video");
        assert_eq!(
            calls[0].args[1],
            ("title".to_string(), Value::from("A 'walk'"))
        );
        assert_eq!(calls[1].body.as_deref(), Some("Inside *here*.\n\n"));
        assert_eq!(
            &body[calls[1].offset..calls[1].offset + calls[1].len],
            "{% note() %}\nInside *here*.\n\n{% end %}"
        );
    }

    #[test]
    fn leaves_code_alone() {
        let body = "```\n{{ nope() }}\n```\n\n    {{ nope() }}\n";
        let (text, calls, problems) = find_calls(body, &known());
        assert_eq!(text, body);
        assert!(calls.is_empty() && problems.is_empty());
    }

    #[test]
    fn reports_unknown_shortcodes_and_bad_arguments() {
        let body = "{{ vidoe(youtube=\"x\") }}\n\n{{ video(yotube=\"x\", title=\"t\") }}\n\n{{ video(youtube=\"x\") }}\n\n{{ video(title=oops) }}\n";
        let (_, calls, problems) = find_calls(body, &known());
        assert!(calls.is_empty());
        let messages: Vec<String> = problems.iter().map(|(_, _, p)| p.to_string()).collect();
        assert!(messages[0].contains("did you mean `video`"), "{messages:?}");
        assert!(
            messages[1].contains("no argument `yotube`; did you mean `youtube`?"),
            "{messages:?}"
        );
        assert!(messages[2].contains("`title` is required"), "{messages:?}");
        assert!(
            messages[3].contains("`oops` is not a value"),
            "{messages:?}"
        );
        assert_eq!(problems[1].0, body.find("{{ video(yotube").unwrap());
    }
}
