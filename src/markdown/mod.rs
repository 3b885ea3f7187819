//! The Markdown pipeline: pulldown-cmark events in, HTML and page facts out.
//!
//! One pass over the events, streamed from the parser into the HTML writer, gives headings
//! unique ids and a table of contents, resolves `@/` links between content files, prefixes
//! root-relative links with the base path, links the first mention of each therapy, marks the
//! inline call-to-action, counts words and cuts the summary at `<!-- more -->`. With the
//! site's [`Features`] it also writes callouts ([`callout`]), measured and resized images and
//! figures ([`images`]) and leaves a placeholder for each shortcode call ([`shortcode`]).

pub mod callout;
pub mod images;
mod media_events;
pub mod reading;
mod rewrite;
pub mod shortcode;

use rewrite::{Rewriter, TrackedString};

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::{HashMap, VecDeque};
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use pulldown_cmark::{
    CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, TextMergeWithOffset,
};
use serde::Serialize;

use crate::diagnostics::{Problem, did_you_mean_path};
use crate::markdown::reading::prose::ProseMeter;
use callout::{CalloutKind, CalloutText};
use images::ImageSource;
use shortcode::{ShortcodeCall, Shortcodes};

/// What an author writes on a line of its own to place the call-to-action block.
pub const INLINE_CTA: &str = "{{ cta() }}";
/// What the inline call-to-action becomes in the HTML until the page is rendered.
pub const CTA_PLACEHOLDER: &str = "<!-- vertebra:cta -->";
const MORE_MARKER: &str = "<!-- more -->";
/// How deep block quotes and lists may nest; deeper ones are flattened into the deepest one
/// kept. No article needs more, and HTML parsers (browsers, the link check) slow down with
/// the square of the nesting depth, so a file of ten thousand `>` must not reach them as is.
pub const MAX_NESTING: usize = 100;
const WORDS_PER_MINUTE: usize = 200;

/// The Markdown features Vertebra turns on.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_DEFINITION_LIST
}

/// What a site adds to Markdown: local images, shortcodes, and what callouts say.
#[derive(Debug, Clone, Copy)]
pub struct Features<'a> {
    /// Measures and resizes local images.
    pub images: &'a dyn ImageSource,
    /// The shortcodes the site and its theme have.
    pub shortcodes: &'a Shortcodes,
    /// Callout labels and the clinic's phone.
    pub callouts: &'a CalloutText,
}

/// Where each content file is published, for `@/` links.
#[derive(Debug, Default)]
pub struct LinkTargets {
    /// `articles/x.md` → `/articles/x/` (site path, without the base path).
    pub paths: HashMap<String, String>,
    /// The base path every URL starts with: `/` or `/clinic/`.
    pub base_path: String,
}

/// Finds the first mention of each therapy in running text.
#[derive(Debug)]
pub struct AutoLinker {
    automaton: AhoCorasick,
    /// For each pattern, the index of its therapy.
    pattern_therapy: Vec<usize>,
    /// For each therapy, its URL.
    therapy_urls: Vec<String>,
}

impl AutoLinker {
    /// `therapies` holds, for each therapy, its URL and the names that should link to it.
    pub fn new(therapies: &[(String, Vec<String>)]) -> Option<AutoLinker> {
        let mut patterns = Vec::new();
        let mut pattern_therapy = Vec::new();
        for (index, (_, names)) in therapies.iter().enumerate() {
            for name in names {
                let name = name.trim();
                if !name.is_empty() {
                    patterns.push(name.to_lowercase());
                    pattern_therapy.push(index);
                }
            }
        }
        // A DFA, whatever the number of names: every body's running text is searched, and
        // the automatic choice (a contiguous NFA past about a hundred names, as on a
        // realistic site) took 14% of a 10,000-article build's instructions; the DFA is a few
        // hundred kilobytes, built once, and finds the same matches. Should it grow too big
        // to build, the automatic choice is taken.
        let build = |kind| {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .kind(kind)
                .build(&patterns)
                .ok()
        };
        let automaton = build(Some(AhoCorasickKind::DFA)).or_else(|| build(None))?;
        Some(AutoLinker {
            automaton,
            pattern_therapy,
            therapy_urls: therapies.iter().map(|(url, _)| url.clone()).collect(),
        })
    }
}

/// How to render one body.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions<'a> {
    /// Where `@/` links point.
    pub links: &'a LinkTargets,
    /// Auto-linking, when on for this page.
    pub auto_links: Option<&'a AutoLinker>,
    /// The auto-link entry (therapy or condition) this page is about, never linked to itself.
    pub own_topic: Option<usize>,
    /// The language to measure the prose's reading level in; `None` does not measure it.
    pub reading: Option<crate::markdown::reading::Language>,
    /// The page's content path (`articles/x/index.md`), which relative images are found from.
    pub content_path: &'a str,
    /// Images, shortcodes and callout text; without them images and `{{ }}` lines are
    /// written as pulldown-cmark writes them (and `{{ cta() }}` as [`CTA_PLACEHOLDER`]).
    pub features: Option<&'a Features<'a>>,
}

/// One entry of a table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    /// 1 to 6.
    pub level: u8,
    /// The heading's id, for `#` links.
    pub id: String,
    /// The heading's text.
    pub title: String,
    /// Lower-level headings under this one.
    pub children: Vec<TocEntry>,
}

/// A `@/file.md#anchor` link, checked once every page is rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchorLink {
    /// The target's content path.
    pub content_path: String,
    /// The anchor without `#`.
    pub anchor: String,
    /// The link as written.
    pub written: String,
    /// Byte offset of the link in the body.
    pub offset: usize,
    /// Byte length of the link in the body.
    pub len: usize,
}

/// A link or image URL as the body emitted it into the HTML, so that the link checker can trace
/// a broken URL back to its line in the Markdown file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmittedLink {
    /// The URL written into `href` or `src` (after `@/` and base-path rewriting).
    pub url: String,
    /// Byte offset of the link in the body.
    pub offset: usize,
    /// Byte length of the link in the body.
    pub len: usize,
    /// Whether it comes before `<!-- more -->`, so listings show it in the summary too.
    pub in_summary: bool,
}

/// A problem found in a body, at a byte range of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyProblem {
    /// Byte offset in the body.
    pub offset: usize,
    /// Byte length.
    pub len: usize,
    /// What is wrong.
    pub problem: Problem,
}

/// The HTML of a body and what templates want to know about it.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The body as HTML; may contain [`CTA_PLACEHOLDER`].
    pub html: String,
    /// The HTML before `<!-- more -->`, if the body has one.
    pub summary_html: Option<String>,
    /// Nested table of contents.
    pub toc: Vec<TocEntry>,
    /// Every heading id on the page.
    pub heading_ids: rustc_hash::FxHashSet<String>,
    /// Words of text.
    pub word_count: usize,
    /// Minutes to read, at least 1.
    pub reading_minutes: usize,
    /// Links to anchors in other files.
    pub anchor_links: Vec<AnchorLink>,
    /// Every link and image URL written into the HTML, in order, with where it was written.
    pub links: Vec<EmittedLink>,
    /// Whether the author placed the call-to-action inline.
    pub inline_cta: bool,
    /// Problems: broken `@/` links.
    pub problems: Vec<BodyProblem>,
    /// What the prose adds up to, when [`RenderOptions::reading`] asked for it.
    pub prose: Option<crate::markdown::reading::prose::ProseStats>,
    /// Shortcode calls, in order; the HTML holds [`shortcode::placeholder`] for each.
    pub shortcodes: Vec<ShortcodeCall>,
    /// Resized image copies the page needs written: (output path, the cache folder holding the
    /// file of the same name).
    pub media_files: Vec<(String, Arc<Path>)>,
}

/// Renders Markdown `body`.
///
/// The events stream from the parser through a `Rewriter` straight into the HTML writer; the
/// summary is the prefix of the HTML written before the `<!-- more -->` event.
pub fn render(body: &str, options: &RenderOptions<'_>) -> Rendered {
    render_body(body, options, true)
}

/// [`render`]; `shortcodes` is false for the body of a shortcode (no calls inside calls).
fn render_body(body: &str, options: &RenderOptions<'_>, shortcodes: bool) -> Rendered {
    let (source, calls, call_problems) = match options.features {
        Some(features) if shortcodes => shortcode::find_calls(body, features.shortcodes),
        _ => (Cow::Borrowed(body), Vec::new(), Vec::new()),
    };
    let events =
        TextMergeWithOffset::new(Parser::new_ext(&source, self::options()).into_offset_iter());
    let written = Cell::new(0);
    let mut html = String::with_capacity(body.len() + body.len() / 4);
    let mut rewriter = Rewriter::new(events, options, &written);
    rewriter.state.calls = calls.iter().map(|c| (c.offset, c.len)).collect();
    rewriter.state.urgent_calls = shortcodes && options.features.is_some();
    let writer = TrackedString {
        html: &mut html,
        written: &written,
    };
    // Writing into a String cannot fail (pulldown-cmark's `push_html` unwraps the same way).
    pulldown_cmark::html::write_html_fmt(writer, &mut rewriter).unwrap();
    let Rewriter {
        state, summary_len, ..
    } = rewriter;
    let prose = state.prose.map(ProseMeter::finish);
    let mut rendered = state.rendered;
    rendered.prose = prose;
    rendered.problems.extend(
        call_problems
            .into_iter()
            .map(|(offset, len, problem)| BodyProblem {
                offset,
                len,
                problem,
            }),
    );
    rendered.shortcodes = media_events::render_call_bodies(calls, options, &mut rendered, body);
    rendered.reading_minutes = rendered.word_count.div_ceil(WORDS_PER_MINUTE).max(1);
    rendered.summary_html = summary_len.map(|len| html[..len].to_string());
    if html.contains(callout::URGENT_OPEN) {
        html = media_events::urgent_calls(&html, &mut rendered);
    }
    // Bodies are kept until their page renders: give back what the guess over-allocated.
    html.shrink_to_fit();
    rendered.html = html;
    rendered.toc = nest_toc(state.flat_toc);
    rendered
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // The text between the characters that need escaping goes in one copy each.
    let mut copied = 0;
    for (at, byte) in text.bytes().enumerate() {
        let escaped = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[copied..at]);
        out.push_str(escaped);
        copied = at + 1;
    }
    out.push_str(&text[copied..]);
    out
}

/// Renders a short Markdown text (such as a CTA's text) with no links to resolve.
pub fn render_inline(text: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(text, options()));
    html
}

/// The number of words in `text`, as `text.split_whitespace().count()` counts them.
///
/// A word starts at each non-space character that follows a space (or the start). Unless the
/// text has a space outside ASCII (a no-break space, an em space: rare, and then it is split
/// by `char`), a character's first byte is the one that is not a UTF-8 continuation byte, and
/// the character before it is a space exactly when the byte before it is an ASCII space. So
/// the starts are counted over byte pairs in blocks of at most 255 pairs, into a `u8` that
/// cannot overflow, which compiles to a vectorised loop several times faster than splitting
/// by `char`, for accented text as for ASCII.
fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    if !text.is_ascii() && has_non_ascii_space(bytes) {
        return text.split_whitespace().count();
    }
    let starts_word = |byte: u8| !is_ascii_space(byte) & !is_continuation(byte);
    let mut words = usize::from(bytes.first().is_some_and(|&b| starts_word(b)));
    let pairs = bytes.len().saturating_sub(1);
    let mut start = 0;
    while start < pairs {
        let end = pairs.min(start + usize::from(u8::MAX));
        let starts = bytes[start..end]
            .iter()
            .zip(&bytes[start + 1..=end])
            .fold(0u8, |n, (&before, &byte)| {
                n + u8::from(is_ascii_space(before) & starts_word(byte))
            });
        words += usize::from(starts);
        start = end;
    }
    words
}

/// `char::is_whitespace` of an ASCII byte: tab, line feed, vertical tab, form feed, return,
/// space.
fn is_ascii_space(byte: u8) -> bool {
    (byte == b' ') | (byte.wrapping_sub(b'\t') < 5)
}

/// Whether `byte` continues a UTF-8 character (`10xxxxxx`).
fn is_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

/// Whether UTF-8 `bytes` hold a character outside ASCII that `char::is_whitespace` calls a
/// space: U+0085 and U+00A0 (`C2 85`, `C2 A0`), U+1680 (`E1 9A 80`), U+2000–U+200A,
/// U+2028, U+2029, U+202F (`E2 80 xx`), U+205F (`E2 81 9F`) and U+3000 (`E3 80 80`). Only
/// the bytes that can start one are looked at, found with `memchr`'s vector search.
fn has_non_ascii_space(bytes: &[u8]) -> bool {
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    let space_at = |i: usize| match (at(i), at(i + 1), at(i + 2)) {
        (0xC2, b, _) => b == 0x85 || b == 0xA0,
        (0xE1, 0x9A, 0x80) | (0xE2, 0x81, 0x9F) | (0xE3, 0x80, 0x80) => true,
        (0xE2, 0x80, c) => c <= 0x8A || matches!(c, 0xA8 | 0xA9 | 0xAF),
        _ => false,
    };
    memchr::memchr3_iter(0xC2, 0xE2, 0xE3, bytes).any(space_at)
        || memchr::memchr_iter(0xE1, bytes).any(space_at)
}

fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

fn nest_toc(flat: Vec<(u8, String, String)>) -> Vec<TocEntry> {
    let mut root: Vec<TocEntry> = Vec::new();
    for (level, id, title) in flat {
        let entry = TocEntry {
            level,
            id,
            title,
            children: Vec::new(),
        };
        insert_toc(&mut root, entry);
    }
    root
}

fn insert_toc(siblings: &mut Vec<TocEntry>, entry: TocEntry) {
    match siblings.last_mut() {
        Some(last) if last.level < entry.level => insert_toc(&mut last.children, entry),
        _ => siblings.push(entry),
    }
}

#[cfg(test)]
mod tests;
