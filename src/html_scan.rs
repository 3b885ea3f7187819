//! A fast, allocation-light scanner for the start tags of an HTML document, for the link
//! checker: it needs every tag's name and attributes, not a DOM.
//!
//! It follows the HTML tokenizer where that matters for finding attributes: comments, doctypes
//! and end tags are skipped; the contents of raw-text elements (`script`, `style`, `textarea`,
//! `title`) are never read as tags; attribute values may be double-, single- or unquoted, and
//! character references in them are decoded. Tag and attribute names are matched without
//! regard to ASCII case.

use std::borrow::Cow;

/// One start tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartTag<'a> {
    /// The tag name as written (compare with `eq_ignore_ascii_case`).
    pub name: &'a str,
    /// The attributes, in order: name as written, decoded value.
    pub attributes: Vec<(&'a str, Cow<'a, str>)>,
}

impl StartTag<'_> {
    /// The value of the first attribute called `name`.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_ref())
    }

    /// Whether the tag is called `name`.
    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }
}

/// Every start tag of `html`, in document order.
pub fn start_tags(html: &str) -> Vec<StartTag<'_>> {
    let bytes = html.as_bytes();
    let mut tags = Vec::new();
    let mut at = 0;
    while let Some(offset) = memchr(b'<', &bytes[at..]) {
        at += offset + 1;
        let rest = &html[at..];
        if let Some(comment) = rest.strip_prefix("!--") {
            at += comment.find("-->").map_or(rest.len(), |end| end + 6);
            continue;
        }
        if rest.starts_with('!') || rest.starts_with('?') || rest.starts_with('/') {
            at += rest.find('>').map_or(rest.len(), |end| end + 1);
            continue;
        }
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let (tag, length) = parse_tag(rest);
        at += length;
        // The text of these elements is never markup.
        for raw in ["script", "style", "textarea", "title"] {
            if tag.is(raw) {
                at += find_end_tag(&html[at..], raw);
            }
        }
        tags.push(tag);
    }
    tags
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

/// Where the end tag `</name` starts in `text` (or its end, when there is none).
fn find_end_tag(text: &str, name: &str) -> usize {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(offset) = memchr(b'<', &bytes[at..]) {
        let start = at + offset;
        let after = start + 2 + name.len();
        if bytes.get(start + 1) == Some(&b'/')
            && text
                .get(start + 2..after)
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        {
            return start;
        }
        at = start + 1;
    }
    text.len()
}

/// Parses a start tag from just after its `<`; returns it and how many bytes it took.
fn parse_tag(text: &str) -> (StartTag<'_>, usize) {
    let bytes = text.as_bytes();
    let name_end = bytes
        .iter()
        .position(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>')
        .unwrap_or(bytes.len());
    let mut tag = StartTag {
        name: &text[..name_end],
        attributes: Vec::new(),
    };
    let mut at = name_end;
    loop {
        while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b'/') {
            at += 1;
        }
        if at >= bytes.len() {
            return (tag, at);
        }
        if bytes[at] == b'>' {
            return (tag, at + 1);
        }
        let name_start = at;
        while at < bytes.len()
            && !bytes[at].is_ascii_whitespace()
            && !matches!(bytes[at], b'=' | b'>' | b'/')
        {
            at += 1;
        }
        // A stray quote or similar still moves the scan forward.
        let name = &text[name_start..at.max(name_start + 1).min(text.len())];
        if at == name_start {
            at += 1;
        }
        let mut look = at;
        while look < bytes.len() && bytes[look].is_ascii_whitespace() {
            look += 1;
        }
        if bytes.get(look) != Some(&b'=') {
            tag.attributes.push((name, Cow::Borrowed("")));
            continue;
        }
        at = look + 1;
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let value = match bytes.get(at) {
            Some(&quote @ (b'"' | b'\'')) => {
                let start = at + 1;
                let end = memchr(quote, &bytes[start..]).map_or(bytes.len(), |e| start + e);
                at = (end + 1).min(bytes.len());
                &text[start..end]
            }
            _ => {
                let start = at;
                while at < bytes.len() && !bytes[at].is_ascii_whitespace() && bytes[at] != b'>' {
                    at += 1;
                }
                &text[start..at]
            }
        };
        tag.attributes.push((name, decode_references(value)));
    }
}

/// Decodes the character references an attribute value may hold.
pub fn decode_references(value: &str) -> Cow<'_, str> {
    if !value.contains('&') {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        match decode_one(rest) {
            Some((decoded, used)) => {
                out.push(decoded);
                rest = &rest[used..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// One reference at the start of `text` (which starts with `&`): the character and its length.
fn decode_one(text: &str) -> Option<(char, usize)> {
    let end = text.find(';')?;
    let body = &text[1..end];
    let decoded = if let Some(number) = body.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        char::from_u32(code)?
    } else {
        match body {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => '\u{a0}',
            _ => return None,
        }
    };
    Some((decoded, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tags_and_attributes_in_all_quotings() {
        let html = r#"<!DOCTYPE html><html lang=en><a href="/a/?x=1&amp;y=2" ID='top' data-x=1 hidden>t</a><IMG SRC=/i.png/></html>"#;
        let tags = start_tags(html);
        let names: Vec<&str> = tags.iter().map(|t| t.name).collect();
        assert_eq!(names, ["html", "a", "IMG"]);
        assert_eq!(tags[1].attr("href"), Some("/a/?x=1&y=2"));
        assert_eq!(tags[1].attr("id"), Some("top"));
        assert_eq!(tags[1].attr("hidden"), Some(""));
        assert_eq!(tags[2].attr("src"), Some("/i.png/"));
    }

    #[test]
    fn skips_comments_and_raw_text() {
        let html = "<!-- <a href=x> --><script>if (a<b) { '<a href=y>' }</script><style>a{}</style><a href=z>";
        let tags = start_tags(html);
        let hrefs: Vec<Option<&str>> = tags.iter().map(|t| t.attr("href")).collect();
        assert_eq!(hrefs, [None, None, Some("z")]);
    }

    #[test]
    fn decodes_numeric_references_and_leaves_stray_ampersands() {
        assert_eq!(decode_references("a&#39;b&#x41;&c"), "a'bA&c");
    }

    #[test]
    fn survives_truncated_markup() {
        for html in [
            "<a href=\"x",
            "<a href=",
            "<a ",
            "<",
            "<!--",
            "<a =x>",
            "<a 'x'>",
        ] {
            let _ = start_tags(html);
        }
    }
}
