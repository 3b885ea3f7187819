//! A fast, allocation-light scanner for the start tags of an HTML document, for the link
//! checker: it needs every tag's name and attributes, not a DOM.
//!
//! It follows the HTML tokenizer where that matters for finding attributes: comments, doctypes
//! and end tags are skipped; the contents of raw-text elements (`script`, `style`, `textarea`,
//! `title`) are never read as tags; attribute values may be double-, single- or unquoted.
//! Tag and attribute names are matched without regard to ASCII case.
//!
//! It reads bytes, not text: every delimiter it looks for is ASCII, so a document need not be
//! valid UTF-8 to be scanned, and none is validated beyond the attribute values a caller asks
//! for. Tags are handed to a visitor one at a time ([`for_each_start_tag`]), with their
//! attributes as written; [`Attribute::value`] decodes character references, and only for the
//! values a caller reads.

use std::borrow::Cow;

use memchr::{memchr, memmem};

/// One start tag of a document `'a`, lent to a visitor for `'t`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StartTag<'t, 'a> {
    /// The tag name as written (compare with [`StartTag::is`]).
    pub name: &'a [u8],
    /// The attributes, in order.
    pub attributes: &'t [Attribute<'a>],
}

impl<'a> StartTag<'_, 'a> {
    /// The first attribute called `name`.
    pub fn attribute(&self, name: &str) -> Option<Attribute<'a>> {
        self.attributes.iter().find(|a| a.is(name)).copied()
    }

    /// The first attribute called by each of `names`, looked for in one pass.
    pub fn first_of<const N: usize>(&self, names: [&str; N]) -> [Option<Attribute<'a>>; N] {
        let mut found = [None; N];
        for attribute in self.attributes {
            if let Some(slot) = names.iter().position(|name| attribute.is(name)) {
                found[slot].get_or_insert(*attribute);
            }
        }
        found
    }

    /// The decoded value of the first attribute called `name`.
    pub fn attr(&self, name: &str) -> Option<Cow<'a, str>> {
        self.attribute(name).map(|a| a.value())
    }

    /// Whether the tag is called `name`.
    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name.as_bytes())
    }
}

/// One attribute of a start tag, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attribute<'a> {
    /// The name as written (compare with [`Attribute::is`]).
    pub name: &'a [u8],
    /// The value as written, without its quotes; empty for an attribute without a value.
    pub raw_value: &'a [u8],
}

impl<'a> Attribute<'a> {
    /// Whether the attribute is called `name`.
    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name.as_bytes())
    }

    /// Whether the value (decoded) is `text`, ignoring ASCII case; reads it as written when it
    /// holds no character reference. `text` must not hold U+FFFD, the stand-in for invalid
    /// UTF-8 (which then never matches).
    pub fn value_eq_ignore_ascii_case(&self, text: &str) -> bool {
        debug_assert!(!text.contains('\u{fffd}'));
        if self.raw_value.contains(&b'&') {
            self.value().eq_ignore_ascii_case(text)
        } else {
            self.raw_value.eq_ignore_ascii_case(text.as_bytes())
        }
    }

    /// Whether the value (decoded) is `text`, which must not hold U+FFFD (see
    /// [`Attribute::value_eq_ignore_ascii_case`]).
    pub fn value_eq(&self, text: &str) -> bool {
        debug_assert!(!text.contains('\u{fffd}'));
        if self.raw_value.contains(&b'&') {
            self.value() == text
        } else {
            self.raw_value == text.as_bytes()
        }
    }

    /// The value, with its character references decoded (and any invalid UTF-8 replaced).
    pub fn value(&self) -> Cow<'a, str> {
        match std::str::from_utf8(self.raw_value) {
            Ok(text) => decode_references(text),
            Err(_) => {
                let text = String::from_utf8_lossy(self.raw_value);
                Cow::Owned(decode_references(&text).into_owned())
            }
        }
    }
}

/// Calls `visit` with every start tag of `html`, in document order.
pub fn for_each_start_tag<'a>(html: &'a [u8], mut visit: impl FnMut(&StartTag<'_, 'a>)) {
    // One buffer for the attributes of every tag: a tag lends them to `visit`, then the next
    // tag reuses it.
    let mut attributes = Vec::new();
    let mut at = 0;
    while let Some(offset) = memchr(b'<', &html[at..]) {
        at += offset + 1;
        let rest = &html[at..];
        match rest.first() {
            Some(b'!') if rest.starts_with(b"!--") => {
                at += memmem::find(&rest[3..], b"-->").map_or(rest.len(), |end| end + 6);
                continue;
            }
            Some(b'!' | b'?' | b'/') => {
                at += memchr(b'>', rest).map_or(rest.len(), |end| end + 1);
                continue;
            }
            Some(first) if first.is_ascii_alphabetic() => {}
            _ => continue,
        }
        attributes.clear();
        let (name, length) = parse_tag(rest, &mut attributes);
        at += length;
        visit(&StartTag {
            name,
            attributes: &attributes,
        });
        // The text of these elements is never markup.
        if let Some(raw) = ["script", "style", "textarea", "title"]
            .into_iter()
            .find(|raw| name.eq_ignore_ascii_case(raw.as_bytes()))
        {
            at += find_end_tag(&html[at..], raw);
        }
    }
}

/// Where the end tag `</name` starts in `text` (or its end, when there is none).
fn find_end_tag(text: &[u8], name: &str) -> usize {
    memmem::find_iter(text, b"</")
        .find(|&start| {
            text.get(start + 2..start + 2 + name.len())
                .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
        })
        .unwrap_or(text.len())
}

/// Parses a start tag from just after its `<`: returns its name and how many bytes it took,
/// and appends its attributes to `attributes`.
fn parse_tag<'a>(bytes: &'a [u8], attributes: &mut Vec<Attribute<'a>>) -> (&'a [u8], usize) {
    let name_end = bytes
        .iter()
        .position(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>')
        .unwrap_or(bytes.len());
    let name = &bytes[..name_end];
    let mut at = name_end;
    loop {
        while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b'/') {
            at += 1;
        }
        if at >= bytes.len() {
            return (name, at);
        }
        if bytes[at] == b'>' {
            return (name, at + 1);
        }
        let name_start = at;
        while at < bytes.len()
            && !bytes[at].is_ascii_whitespace()
            && !matches!(bytes[at], b'=' | b'>' | b'/')
        {
            at += 1;
        }
        // A stray `=` still moves the scan forward.
        let attribute = &bytes[name_start..at.max(name_start + 1).min(bytes.len())];
        if at == name_start {
            at += 1;
        }
        let mut look = at;
        while look < bytes.len() && bytes[look].is_ascii_whitespace() {
            look += 1;
        }
        if bytes.get(look) != Some(&b'=') {
            attributes.push(Attribute {
                name: attribute,
                raw_value: b"",
            });
            continue;
        }
        at = look + 1;
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let raw_value = match bytes.get(at) {
            Some(&quote @ (b'"' | b'\'')) => {
                let start = at + 1;
                let end = memchr(quote, &bytes[start..]).map_or(bytes.len(), |e| start + e);
                at = (end + 1).min(bytes.len());
                &bytes[start..end]
            }
            _ => {
                let start = at;
                while at < bytes.len() && !bytes[at].is_ascii_whitespace() && bytes[at] != b'>' {
                    at += 1;
                }
                &bytes[start..at]
            }
        };
        attributes.push(Attribute {
            name: attribute,
            raw_value,
        });
    }
}

/// Decodes the character references an attribute value may hold.
pub fn decode_references(value: &str) -> Cow<'_, str> {
    if memchr(b'&', value.as_bytes()).is_none() {
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

    /// Every start tag: its name and its attributes' names and decoded values.
    type Tag = (String, Vec<(String, String)>);

    fn start_tags(html: &str) -> Vec<Tag> {
        let mut tags = Vec::new();
        for_each_start_tag(html.as_bytes(), |tag| {
            let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
            let attributes = tag
                .attributes
                .iter()
                .map(|a| (text(a.name), a.value().into_owned()))
                .collect();
            tags.push((text(tag.name), attributes));
        });
        tags
    }

    fn attr<'t>(tag: &'t Tag, name: &str) -> Option<&'t str> {
        tag.1
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn reads_tags_and_attributes_in_all_quotings() {
        let html = r#"<!DOCTYPE html><html lang=en><a href="/a/?x=1&amp;y=2" ID='top' data-x=1 hidden>t</a><IMG SRC=/i.png/></html>"#;
        let tags = start_tags(html);
        let names: Vec<&str> = tags.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(names, ["html", "a", "IMG"]);
        assert_eq!(attr(&tags[1], "href"), Some("/a/?x=1&y=2"));
        assert_eq!(attr(&tags[1], "id"), Some("top"));
        assert_eq!(attr(&tags[1], "hidden"), Some(""));
        assert_eq!(attr(&tags[2], "src"), Some("/i.png/"));
    }

    #[test]
    fn looks_attributes_up_by_name() {
        let html = br#"<A HREF="/a/?x=1&amp;y=2" href=/second>"#;
        let mut seen = 0;
        for_each_start_tag(html, |tag| {
            seen += 1;
            assert!(tag.is("a"));
            let href = tag.attribute("href").unwrap();
            assert_eq!(href.raw_value, b"/a/?x=1&amp;y=2");
            assert_eq!(tag.attr("href").as_deref(), Some("/a/?x=1&y=2"));
            assert_eq!(tag.attr("src"), None);
            let [src, second_href] = tag.first_of(["src", "HREF"]);
            assert_eq!((src, second_href), (None, Some(href)));
        });
        assert_eq!(seen, 1);
    }

    #[test]
    fn skips_comments_and_raw_text() {
        let html = "<!-- <a href=x> --><script>if (a<b) { '<a href=y>' }</script><style>a{}</style><TITLE>x<a href=t></title ><a href=z>";
        let tags = start_tags(html);
        let hrefs: Vec<Option<&str>> = tags.iter().map(|t| attr(t, "href")).collect();
        assert_eq!(hrefs, [None, None, None, Some("z")]);
    }

    #[test]
    fn compares_values_as_decoded() {
        let html = b"<meta name=og:url content='x' http-equiv=&#82;efresh lang=\xff>";
        let mut seen = 0;
        for_each_start_tag(html, |tag| {
            seen += 1;
            let [name, equiv, lang] = tag.first_of(["name", "http-equiv", "lang"]);
            let (name, equiv, lang) = (name.unwrap(), equiv.unwrap(), lang.unwrap());
            assert!(name.value_eq("og:url") && !name.value_eq("og:URL"));
            assert!(name.value_eq_ignore_ascii_case("OG:url"));
            assert!(equiv.value_eq("Refresh") && equiv.value_eq_ignore_ascii_case("refresh"));
            assert!(!lang.value_eq("") && !lang.value_eq("\u{ff}"));
        });
        assert_eq!(seen, 1, "the callback ran once, for the one tag");
    }

    #[test]
    fn decodes_numeric_references_and_leaves_stray_ampersands() {
        assert_eq!(decode_references("a&#39;b&#x41;&c"), "a'bA&c");
    }

    #[test]
    fn replaces_invalid_utf8_in_values_only() {
        let html = b"<p>\xff</p><a href=\"/\xe9t\xe9/\" id=x\xff>";
        let mut values = Vec::new();
        for_each_start_tag(html, |tag| {
            values.extend(tag.attributes.iter().map(|a| a.value().into_owned()));
        });
        assert_eq!(values, ["/\u{fffd}t\u{fffd}/", "x\u{fffd}"]);
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
            "<script>",
            "<script></scr",
        ] {
            let _ = start_tags(html);
        }
    }
}
