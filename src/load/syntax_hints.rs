//! One sentence that says what to do, in place of the parser's words, for the TOML and YAML parser messages writers meet most:
//! a tab in YAML indentation, an unquoted colon in a YAML value, an unquoted date written
//! with spaces in TOML, and front matter whose closing `---` is missing while the body has a
//! `---` rule (the parser then reads body text as keys).

/// Keys whose values are dates.
const DATE_KEYS: &[&str] = &["date", "updated", "last_reviewed"];

/// What to do instead of the parser's `message`, when we know it; else `message`. `front` is the front matter
/// text, `line` the 1-based line of the problem in it, and `first_line` the file line `front`
/// starts on.
pub fn with_hint(
    format: &str,
    message: String,
    front: &str,
    line: usize,
    first_line: usize,
) -> String {
    let source_line = front.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let hint = match format {
        "YAML" => yaml_hint(&message, front, source_line, first_line),
        "TOML" => toml_hint(source_line),
        _ => None,
    };
    match hint {
        Some(hint) => hint,
        None => message,
    }
}

fn yaml_hint(message: &str, front: &str, source_line: &str, first_line: usize) -> Option<String> {
    if message.contains("tabs disallowed") || source_line.starts_with('\t') {
        return Some(
            "a tab indents this line, and YAML allows only spaces: indent with spaces".to_string(),
        );
    }
    if message.contains("mapping values are not allowed")
        && let Some((key, value)) = source_line.split_once(':')
    {
        let value = value.trim();
        return Some(format!(
            "YAML reads the colon in this value as the start of another key: put the value in quotes, `{}: \"{}\"`",
            key.trim(),
            value.replace('"', "\\\"")
        ));
    }
    let reads_body = (message.contains("simple key") || message.contains("expected ':'"))
        && !source_line.contains(':')
        && !source_line.starts_with([' ', '-', '#']);
    if reads_body {
        let closing = first_line + front.lines().count();
        return Some(format!(
            "the front matter opened at line {} is never closed, so the `---` at line {closing} was taken as its end and this body text as keys: add a line with only `---` after the last key",
            first_line.saturating_sub(1)
        ));
    }
    None
}

fn toml_hint(source_line: &str) -> Option<String> {
    let (key, value) = source_line.split_once('=')?;
    let (key, value) = (key.trim(), value.trim());
    if value.is_empty() || value.starts_with(['"', '\'', '[', '{']) {
        return None;
    }
    // A date in the right shape with a wrong month or day: the parser's message says which.
    let shaped = value.len() >= 10
        && value[..10].chars().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    if DATE_KEYS.contains(&key) && !shaped {
        return Some(match parse_loose_date(value) {
            Some(date) => format!("a date is written YYYY-MM-DD, without quotes: `{key} = {date}`"),
            None => {
                format!("a date is written YYYY-MM-DD, without quotes, like `{key} = 2026-03-03`")
            }
        });
    }
    if value.contains(char::is_whitespace) {
        return Some(format!(
            "text must be in quotes: `{key} = \"{}\"`",
            value.replace('"', "\\\"")
        ));
    }
    None
}

/// A date written the way people write dates ("March 3, 2026", "3 March 2026",
/// "2026/03/03"), as `2026-03-03`.
fn parse_loose_date(text: &str) -> Option<String> {
    let text = text.split('#').next().unwrap_or(text).trim();
    [
        "%B %d, %Y",
        "%B %d %Y",
        "%d %B %Y",
        "%b %d, %Y",
        "%b %d %Y",
        "%d %b %Y",
        "%Y/%m/%d",
        "%Y %m %d",
        "%Y.%m.%d",
    ]
    .iter()
    .find_map(|format| jiff::civil::Date::strptime(format, text).ok())
    .map(|date| date.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_what_to_do() {
        assert_eq!(
            with_hint("TOML", "x".into(), "date = March 3, 2026\n", 1, 2),
            "a date is written YYYY-MM-DD, without quotes: `date = 2026-03-03`"
        );
        assert_eq!(
            with_hint(
                "YAML",
                "mapping values are not allowed in this context".into(),
                "title: Heat: or cold\n",
                1,
                2
            ),
            "YAML reads the colon in this value as the start of another key: put the value in quotes, `title: \"Heat: or cold\"`"
        );
        assert_eq!(
            with_hint(
                "YAML",
                "simple key expected ':'".into(),
                "title: x\n\nBody text.\n\n",
                3,
                2
            ),
            "the front matter opened at line 1 is never closed, so the `---` at line 6 was taken as its end and this body text as keys: add a line with only `---` after the last key"
        );
        assert_eq!(with_hint("TOML", "y".into(), "title = \"ok\"\n", 1, 2), "y");
        assert_eq!(
            with_hint("TOML", "z".into(), "date = 2024-13-01\n", 1, 2),
            "z"
        );
    }
}
