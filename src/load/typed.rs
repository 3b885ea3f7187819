//! From TOML or YAML text to typed Rust values, with every problem located.
//!
//! site.toml and front matter go through the same three steps: parse the text into a plain
//! [`serde_json::Value`] (so that TOML and YAML look alike, and TOML dates become strings), then
//! deserialize the typed struct from it while collecting unknown keys, then turn any problem into
//! a [`Diagnostic`] whose position is found by looking the key up in the original text.

use std::path::Path;
use std::sync::Arc;

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde_json::Value;

use crate::diagnostics::{Budget, Diagnostic, Location, Position, Problem, Severity, did_you_mean};

/// The two front-matter languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// TOML, between `+++` lines, and site.toml.
    Toml,
    /// YAML, between `---` lines.
    Yaml,
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Format::Toml => "TOML",
            Format::Yaml => "YAML",
        }
    }
}

/// A piece of TOML or YAML text and where it sits in its file.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// The file, as shown in messages.
    pub file: &'a Path,
    /// The TOML or YAML text alone.
    pub text: &'a str,
    /// Line number, in the file, of the first line of `text`.
    pub first_line: usize,
    /// The language of `text`.
    pub format: Format,
    /// Where the keys live, for messages: "front matter" or "site.toml".
    pub within: &'static str,
}

impl Source<'_> {
    fn at_offset(&self, offset: usize, width: usize) -> Location {
        Location::at(
            self.file,
            Position::from_offset(self.text, offset, width, self.first_line),
        )
    }

    /// The location of the start of this text (for problems with no better place).
    pub fn start(&self) -> Location {
        if self.text.is_empty() {
            // Empty front matter: point at its opening line, the one before `first_line`.
            let opening = match self.format {
                _ if self.first_line < 2 => "",
                Format::Toml => "+++",
                Format::Yaml => "---",
            };
            return Location::at(
                self.file,
                Position {
                    line: self.first_line.saturating_sub(1).max(1),
                    column: 1,
                    source_line: opening.to_string(),
                    width: opening.len().max(1),
                    cut: 0,
                },
            );
        }
        self.at_offset(0, 1)
    }

    /// The location of the value of `path` (e.g. `["cta", "phone"]`), or of the nearest key on
    /// the path that can be found.
    pub fn locate(&self, path: &[String]) -> Location {
        match locate_key(self.text, path, self.format) {
            Some((offset, width)) => self.at_offset(offset, width),
            None => self.start(),
        }
    }

    /// The location of `item` (as written, e.g. a slug) in the value of the key `path`.
    pub fn locate_item(&self, path: &[String], item: &str) -> Location {
        let Some((offset, _)) = locate_key(self.text, path, self.format) else {
            return self.start();
        };
        let rest = &self.text[offset..];
        // Look only until the next key at the top level, so a slug in another key is not found.
        let end = rest
            .match_indices('\n')
            .map(|(i, _)| i + 1)
            .find(|&i| {
                rest[i..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_alphanumeric() || c == '[' || c == '_')
            })
            .unwrap_or(rest.len());
        let window = &rest[..end];
        let found = ["\"", "'", ""].iter().find_map(|quote| {
            let needle = format!("{quote}{item}{quote}");
            window.find(&needle).map(|i| (i, needle.chars().count()))
        });
        match found {
            Some((i, width)) => self.at_offset(offset + i, width),
            None => self.at_offset(offset, 1),
        }
    }

    /// Parses the text into a plain value; the root must be a table (an empty text is one).
    pub fn parse(&self) -> Result<serde_json::Map<String, Value>, Diagnostic> {
        let value = match self.format {
            Format::Toml => self.parse_toml()?,
            Format::Yaml => self.parse_yaml()?,
        };
        match value {
            Value::Object(map) => Ok(map),
            Value::Null => Ok(serde_json::Map::new()),
            _ => Err(Diagnostic::error(self.start(), Problem::NotATable)),
        }
    }

    fn parse_toml(&self) -> Result<Value, Diagnostic> {
        match toml::from_str::<toml::Table>(self.text) {
            Ok(table) => Ok(toml_to_json(toml::Value::Table(table))),
            Err(error) => {
                let (offset, width) = error
                    .span()
                    .map_or((0, 1), |span| (span.start, span.len().max(1)));
                let line = self.text[..offset.min(self.text.len())]
                    .matches('\n')
                    .count()
                    + 1;
                Err(Diagnostic::error(
                    self.at_offset(offset, width),
                    Problem::Syntax {
                        format: self.format.name(),
                        message: crate::load::syntax_hints::with_hint(
                            self.format.name(),
                            first_line_of(error.message()),
                            self.text,
                            line,
                            self.first_line,
                        ),
                    },
                ))
            }
        }
    }

    fn parse_yaml(&self) -> Result<Value, Diagnostic> {
        if self.text.trim().is_empty() {
            return Ok(Value::Null);
        }
        match serde_saphyr::from_str::<Value>(self.text) {
            Ok(value) => Ok(value),
            Err(error) => {
                let location = match error.location() {
                    Some(loc) if loc.line() > 0 => Location::at(
                        self.file,
                        Position::from_line_column(
                            self.text,
                            loc.line() as usize,
                            loc.column() as usize,
                            1,
                        ),
                    ),
                    _ => self.start(),
                };
                let location = shift_lines(location, self.first_line - 1);
                let line = error.location().map_or(0, |loc| loc.line() as usize);
                Err(Diagnostic::error(
                    location,
                    Problem::Syntax {
                        format: self.format.name(),
                        message: crate::load::syntax_hints::with_hint(
                            self.format.name(),
                            yaml_message(&error),
                            self.text,
                            line,
                            self.first_line,
                        ),
                    },
                ))
            }
        }
    }

    /// Deserializes `T` from a parsed table, reporting every unknown key and the first
    /// type problem. `known_keys` gives, for a table path such as `""` or `"cta"`, the keys
    /// allowed there (for "did you mean").
    pub fn deserialize<T: DeserializeOwned>(
        &self,
        table: serde_json::Map<String, Value>,
        known_keys: &dyn Fn(&str) -> &'static [&'static str],
    ) -> Result<T, Vec<Diagnostic>> {
        let mut unknown = Vec::new();
        let value = Value::Object(table);
        let result: Result<T, _> = serde_path_to_error::deserialize(
            serde_ignored::Deserializer::new(value, &mut |path: serde_ignored::Path<'_>| {
                // Options and newtypes show as `?` segments; keys are what authors wrote.
                let key: Vec<String> = path
                    .to_string()
                    .split('.')
                    .filter(|segment| *segment != "?")
                    .map(str::to_string)
                    .collect();
                unknown.push(key.join("."))
            }),
        );
        let mut budget = Budget::new();
        let mut diagnostics: Vec<Diagnostic> = unknown
            .iter()
            .filter(|_| budget.allow())
            .map(|key| self.unknown_key(key, known_keys))
            .collect();
        diagnostics.extend(budget.overflow(self.file, Severity::Error));
        match result {
            Ok(value) if diagnostics.is_empty() => Ok(value),
            Ok(_) => Err(diagnostics),
            Err(error) => {
                diagnostics.push(self.value_error(&error));
                Err(diagnostics)
            }
        }
    }

    fn unknown_key(
        &self,
        key: &str,
        known_keys: &dyn Fn(&str) -> &'static [&'static str],
    ) -> Diagnostic {
        let path = split_path(key);
        let (parent, last) = match key.rsplit_once('.') {
            Some((parent, last)) => (parent, last),
            None => ("", key),
        };
        let location = self.locate(&path);
        let width = last.chars().count();
        let location = key_location(self, location, last, width);
        Diagnostic::error(
            location,
            Problem::UnknownKey {
                key: key.to_string(),
                suggestion: did_you_mean(last, known_keys(parent).iter().copied()),
            },
        )
    }

    fn value_error(&self, error: &serde_path_to_error::Error<serde_json::Error>) -> Diagnostic {
        let path: Vec<String> = error
            .path()
            .iter()
            .filter_map(|segment| match segment {
                serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                _ => None,
            })
            .collect();
        let message = error.inner().to_string();
        if let Some(field) = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.strip_suffix('`'))
        {
            let mut key = path.clone();
            let location = if key.is_empty() {
                self.start()
            } else {
                self.locate(&key)
            };
            key.push(field.to_string());
            return Diagnostic::error(
                location,
                Problem::MissingKey {
                    key: key.join("."),
                    within: self.within,
                },
            );
        }
        let (expected, found) = explain_serde_message(&message);
        Diagnostic::error(
            self.locate(&path),
            Problem::InvalidValue {
                key: path.join("."),
                expected,
                found,
            },
        )
    }
}

/// Points at the key itself rather than its value, for unknown keys.
fn key_location(
    source: &Source<'_>,
    value_location: Location,
    key: &str,
    width: usize,
) -> Location {
    let Some(position) = &value_location.position else {
        return value_location;
    };
    match position.source_line.find(key) {
        Some(byte) => {
            let column = position.cut + position.source_line[..byte].chars().count() + 1;
            Location::at(
                source.file,
                Position {
                    column,
                    width,
                    ..(**position).clone()
                },
            )
        }
        None => value_location,
    }
}

fn shift_lines(mut location: Location, by: usize) -> Location {
    if let Some(position) = &mut location.position {
        Arc::make_mut(position).line += by;
    }
    location
}

fn first_line_of(message: &str) -> String {
    message.lines().next().unwrap_or("").trim().to_string()
}

fn yaml_message(error: &serde_saphyr::Error) -> String {
    // The rendered error carries its own snippet and position; keep only the first sentence.
    let rendered = error.to_string();
    let line = first_line_of(&rendered);
    let line = line.strip_prefix("error: ").unwrap_or(&line);
    // Drop the parser's own "line N column M:" (counted inside the front matter); the
    // diagnostic carries the position in the file.
    let line = match line
        .strip_prefix("line ")
        .and_then(|rest| rest.split_once(": "))
    {
        Some((position, message)) if position.contains("column") => message,
        _ => line,
    };
    match line.split_once(" at line ") {
        Some((message, _)) => message.to_string(),
        None => line.to_string(),
    }
}

fn split_path(key: &str) -> Vec<String> {
    key.split('.').map(str::to_string).collect()
}

/// Turns serde's "invalid type: string \"x\", expected a sequence" into plain words.
fn explain_serde_message(message: &str) -> (String, String) {
    let message = message.split(" at line ").next().unwrap_or(message);
    if let Some(rest) = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        return (humanize_expected(expected), humanize_found(found));
    }
    if let Some(rest) = message.strip_prefix("unknown variant ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        let expected = expected.replace('`', "\"");
        return (expected, found.replace('`', "\""));
    }
    ("a valid value".to_string(), message.to_string())
}

fn humanize_expected(expected: &str) -> String {
    match expected {
        "a sequence" => "a list like [\"a\", \"b\"]".to_string(),
        "a string" => "text in quotes".to_string(),
        "a boolean" => "true or false".to_string(),
        "a map" => "a table of keys".to_string(),
        other if other.starts_with("struct ") => "a table of keys".to_string(),
        other => other.to_string(),
    }
}

fn humanize_found(found: &str) -> String {
    if let Some(s) = found.strip_prefix("string ") {
        return s.to_string();
    }
    for (prefix, noun) in [
        ("integer ", "the number "),
        ("floating point ", "the number "),
        ("boolean ", ""),
    ] {
        if let Some(rest) = found.strip_prefix(prefix) {
            return format!("{noun}{}", rest.trim_matches('`'));
        }
    }
    match found {
        "sequence" => "a list".to_string(),
        "map" => "a table".to_string(),
        "unit value" | "null" => "nothing".to_string(),
        other => other.to_string(),
    }
}

fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .into_iter()
                .map(|(k, v)| (k, toml_to_json(v)))
                .collect(),
        ),
    }
}

/// Finds the value of a key path in TOML or YAML text: byte offset of the value (or of the key
/// when the value is on following lines) and the width to underline.
///
/// Keys are only matched at their own level: a top-level `date` is never found inside a TOML
/// `[extra]` table or an indented YAML `extra:` block.
fn locate_key(text: &str, path: &[String], format: Format) -> Option<(usize, usize)> {
    let lines: Vec<(usize, &str)> = line_offsets(text);
    let mut scope = 0..lines.len();
    let mut key_indent = first_indent(&lines, scope.clone());
    let mut found = None;
    let mut depth = 0;
    while let Some(segment) = path.get(depth) {
        let mut entered = None;
        let mut past_header = false;
        // The path segment the scope entered now ends at: a dotted TOML header such as
        // `[authors.lena-park]` opens several at once (and is where a whole table is).
        let mut opened = depth;
        for index in scope.clone() {
            let (start, line) = lines[index];
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            if format == Format::Toml
                && let Some(header) = table_header(trimmed)
            {
                if let Some(to) = (depth..path.len()).find(|&to| header == path[..=to].join(".")) {
                    let end = (index + 1..lines.len())
                        .find(|&i| table_header(lines[i].1.trim_start()).is_some())
                        .unwrap_or(lines.len());
                    found = Some((start + indent, trimmed.trim_end().len()));
                    entered = Some((index + 1..end, None));
                    opened = to;
                    break;
                }
                // Keys after another table's header belong to that table.
                past_header = true;
                continue;
            }
            if past_header || (format == Format::Yaml && Some(indent) != key_indent) {
                continue;
            }
            let Some(value_at) = key_value_offset(trimmed, segment) else {
                continue;
            };
            let value = trimmed[value_at..].trim_end();
            found = if value.is_empty() || value.starts_with('#') {
                Some((start + indent, segment.chars().count()))
            } else {
                Some((start + indent + value_at, value.chars().count()))
            };
            let end = (index + 1..lines.len())
                .find(|&i| {
                    let l = lines[i].1;
                    let t = l.trim_start();
                    !t.is_empty() && !t.starts_with('#') && l.len() - t.len() <= indent
                })
                .unwrap_or(lines.len());
            entered = Some((index + 1..end, Some(indent)));
            break;
        }
        let Some((next_scope, parent_indent)) = entered else {
            break;
        };
        scope = next_scope;
        key_indent = match parent_indent {
            Some(_) => first_indent(&lines, scope.clone()),
            None => None,
        };
        if format == Format::Yaml && key_indent.is_none() {
            key_indent = first_indent(&lines, scope.clone());
        }
        depth = opened + 1;
    }
    found
}

/// The indent of the first line in `range` that holds a key (YAML scoping).
fn first_indent(lines: &[(usize, &str)], range: std::ops::Range<usize>) -> Option<usize> {
    range.map(|i| lines[i].1).find_map(|line| {
        let trimmed = line.trim_start();
        (!trimmed.is_empty() && !trimmed.starts_with('#') && !trimmed.starts_with('-'))
            .then(|| line.len() - trimmed.len())
    })
}

fn line_offsets(text: &str) -> Vec<(usize, &str)> {
    let mut offset = 0;
    text.split_inclusive('\n')
        .map(|line| {
            let start = offset;
            offset += line.len();
            (start, line.trim_end_matches(['\n', '\r']))
        })
        .collect()
}

fn table_header(trimmed: &str) -> Option<&str> {
    let inner = trimmed.strip_prefix('[')?;
    let end = inner.find(']')?;
    Some(inner[..end].trim_matches(['[', ' ']).trim())
}

/// If `line` starts with `key` followed by `=` or `:`, the byte offset of the value.
fn key_value_offset(line: &str, key: &str) -> Option<usize> {
    let line_after_dash = line.strip_prefix("- ").unwrap_or(line);
    let dash = line.len() - line_after_dash.len();
    let rest = [format!("\"{key}\""), format!("'{key}'"), key.to_string()]
        .iter()
        .find_map(|k| line_after_dash.strip_prefix(k.as_str()))?;
    let after_ws = rest.trim_start_matches([' ', '\t']);
    let sep = after_ws.chars().next()?;
    if sep != '=' && sep != ':' {
        return None;
    }
    let value = after_ws[1..].trim_start_matches([' ', '\t']);
    Some(dash + line_after_dash.len() - value.len())
}

/// The field names of a struct, read from its `Deserialize` impl, for "did you mean" hints.
pub fn field_names<T: DeserializeOwned>() -> &'static [&'static str] {
    let mut names = None;
    let _ = T::deserialize(NameProbe(&mut names));
    names.unwrap_or(&[])
}

/// The names an enum is written with, read from its `Deserialize` impl: the choices a
/// front-matter key accepts.
pub fn variant_names<T: DeserializeOwned>() -> &'static [&'static str] {
    field_names::<T>()
}

/// A deserializer that records the names a struct's fields or an enum's variants are
/// written with, and fails.
struct NameProbe<'a>(&'a mut Option<&'static [&'static str]>);

impl<'de> Deserializer<'de> for NameProbe<'_> {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("probe"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = Some(fields);
        Err(de::Error::custom("probe"))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        variants: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = Some(variants);
        Err(de::Error::custom("probe"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map identifier
        ignored_any
    }
}

#[cfg(test)]
#[path = "typed_tests.rs"]
mod tests;
