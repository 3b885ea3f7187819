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
pub mod shortcode;

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::{HashMap, HashSet, VecDeque};
use std::ops::Range;
use std::path::PathBuf;

use aho_corasick::{AhoCorasick, MatchKind};
use pulldown_cmark::{
    BlockQuoteKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
    TextMergeWithOffset,
};
use serde::Serialize;

use crate::diagnostics::{Problem, did_you_mean_path};
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
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .ok()?;
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
    /// The therapy this page is about, never auto-linked to itself.
    pub own_therapy: Option<usize>,
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
    pub heading_ids: HashSet<String>,
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
    /// Shortcode calls, in order; the HTML holds [`shortcode::placeholder`] for each.
    pub shortcodes: Vec<ShortcodeCall>,
    /// Resized image copies the page needs written: (output path, file to copy).
    pub media_files: Vec<(String, PathBuf)>,
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
    let writer = TrackedString {
        html: &mut html,
        written: &written,
    };
    // Writing into a String cannot fail (pulldown-cmark's `push_html` unwraps the same way).
    pulldown_cmark::html::write_html_fmt(writer, &mut rewriter).unwrap();
    let Rewriter {
        state, summary_len, ..
    } = rewriter;
    let mut rendered = state.rendered;
    rendered.problems.extend(
        call_problems
            .into_iter()
            .map(|(offset, len, problem)| BodyProblem {
                offset,
                len,
                problem,
            }),
    );
    rendered.shortcodes = render_call_bodies(calls, options, &mut rendered, body);
    rendered.reading_minutes = rendered.word_count.div_ceil(WORDS_PER_MINUTE).max(1);
    rendered.summary_html = summary_len.map(|len| html[..len].to_string());
    // Bodies are kept until their page renders: give back what the guess over-allocated.
    html.shrink_to_fit();
    rendered.html = html;
    rendered.toc = nest_toc(state.flat_toc);
    rendered
}

/// Renders the Markdown body of each body call, keeping what the page must know of it (its
/// problems and links at their place in the page's body, its image files, its words).
fn render_call_bodies(
    mut calls: Vec<ShortcodeCall>,
    options: &RenderOptions<'_>,
    page: &mut Rendered,
    body: &str,
) -> Vec<ShortcodeCall> {
    for call in &mut calls {
        if call.name == "cta" {
            page.inline_cta = true;
        }
        let Some(markdown) = call.body.take() else {
            continue;
        };
        let region = &body[call.offset..call.offset + call.len];
        let shift = call.offset + region.find('\n').map_or(region.len(), |at| at + 1);
        let inner = render_body(&markdown, options, false);
        page.word_count += inner.word_count;
        page.media_files.extend(inner.media_files);
        page.problems
            .extend(inner.problems.into_iter().map(|p| BodyProblem {
                offset: p.offset + shift,
                ..p
            }));
        page.links
            .extend(inner.links.into_iter().map(|l| EmittedLink {
                offset: l.offset + shift,
                in_summary: page.summary_html.is_none(),
                ..l
            }));
        call.body = Some(inner.html);
    }
    calls
}

/// Renders a short Markdown text (such as a CTA's text) with no links to resolve.
pub fn render_inline(text: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(text, options()));
    html
}

/// The HTML being written, with its length kept where the [`Rewriter`] can read it.
struct TrackedString<'w> {
    html: &'w mut String,
    written: &'w Cell<usize>,
}

impl std::fmt::Write for TrackedString<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.html.push_str(s);
        self.written.set(self.html.len());
        Ok(())
    }
}

/// The events the HTML writer sees: the parser's, with headings given ids, links resolved,
/// therapies linked, nesting bounded and the inline call-to-action replaced, produced one
/// input event at a time.
struct Rewriter<'a, 'o, I> {
    input: I,
    /// Input events already read to look ahead (at most two).
    lookahead: VecDeque<(Event<'a>, Range<usize>)>,
    state: State<'o>,
    out: Output<'a>,
    /// For each open quote, list or item: whether it is kept (see [`MAX_NESTING`]).
    containers: Vec<bool>,
    nesting: usize,
    /// How much HTML the writer has written so far.
    written: &'o Cell<usize>,
    /// The length of the HTML before `<!-- more -->`, once the writer reached it.
    summary_len: Option<usize>,
}

impl<'a, 'o, I: Iterator<Item = (Event<'a>, Range<usize>)>> Rewriter<'a, 'o, I> {
    fn new(input: I, options: &'o RenderOptions<'o>, written: &'o Cell<usize>) -> Self {
        Rewriter {
            input,
            lookahead: VecDeque::new(),
            state: State::new(options),
            out: Output::default(),
            containers: Vec::new(),
            nesting: 0,
            written,
            summary_len: None,
        }
    }

    fn next_input(&mut self) -> Option<(Event<'a>, Range<usize>)> {
        self.lookahead.pop_front().or_else(|| self.input.next())
    }

    /// The input event `ahead` places after the next one, read ahead if need be.
    fn peek_input(&mut self, ahead: usize) -> Option<&Event<'a>> {
        while self.lookahead.len() <= ahead {
            let next = self.input.next()?;
            self.lookahead.push_back(next);
        }
        self.lookahead.get(ahead).map(|(event, _)| event)
    }

    /// Turns the next input event (a whole heading, or a whole inline call-to-action) into
    /// output events; `None` at the end of the input.
    fn rewrite_next(&mut self) -> Option<()> {
        let (event, range) = self.next_input()?;
        match event {
            Event::Start(Tag::BlockQuote(_) | Tag::List(_) | Tag::Item) => {
                let keep = self.nesting < MAX_NESTING;
                self.containers.push(keep);
                if keep {
                    self.nesting += 1;
                    match event {
                        Event::Start(Tag::BlockQuote(kind)) => self.quote_start(kind, event, range),
                        _ => self.state.event(event, range, &mut self.out),
                    }
                }
            }
            Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item) => {
                if self.containers.pop().unwrap_or(true) {
                    self.nesting = self.nesting.saturating_sub(1);
                    if matches!(event, Event::End(TagEnd::BlockQuote(_))) {
                        self.quote_end(event, range);
                    } else {
                        self.state.event(event, range, &mut self.out);
                    }
                }
            }
            Event::Start(Tag::Paragraph) if self.at_figure() => self.figure(),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                ..
            }) if self.state.options.features.is_some() => {
                let html = self.image(link_type, dest_url, &title, range, false);
                self.out.push(Event::InlineHtml(CowStr::from(html)));
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => self.heading(level, id, classes, attrs),
            Event::Start(Tag::Paragraph) if self.at_inline_cta() => {
                self.lookahead.drain(..2);
                self.state.rendered.inline_cta = true;
                self.out
                    .push(Event::Html(CowStr::Borrowed(CTA_PLACEHOLDER)));
            }
            _ => self.state.event(event, range, &mut self.out),
        }
        Some(())
    }

    /// A block quote starts: a callout's box, or a quote as it is.
    fn quote_start(&mut self, kind: Option<BlockQuoteKind>, event: Event<'a>, range: Range<usize>) {
        let callout = match kind {
            Some(kind) => Some(CalloutKind::from_alert(kind)),
            None if self.at_urgent_marker() => Some(CalloutKind::Urgent),
            None => None,
        };
        self.state.quotes.push(callout);
        match callout {
            Some(kind) => {
                let html = callout::open(kind, self.state.callout_text());
                self.out.push(Event::Html(CowStr::from(html)));
            }
            None => self.state.event(event, range, &mut self.out),
        }
    }

    fn quote_end(&mut self, event: Event<'a>, range: Range<usize>) {
        match self.state.quotes.pop().flatten() {
            Some(kind) => {
                let html = callout::close(kind, self.state.callout_text());
                self.out.push(Event::Html(CowStr::from(html)));
            }
            None => self.state.event(event, range, &mut self.out),
        }
    }

    /// Whether the quote just started opens with a `[!URGENT]` line; if so, the marker is
    /// dropped (with its paragraph, when the marker is all it holds).
    fn at_urgent_marker(&mut self) -> bool {
        let marked = matches!(self.peek_input(0), Some(Event::Start(Tag::Paragraph)))
            && matches!(self.peek_input(1), Some(Event::Text(text))
                if text.trim().eq_ignore_ascii_case(callout::URGENT_MARKER));
        if !marked {
            return false;
        }
        match self.peek_input(2) {
            Some(Event::End(TagEnd::Paragraph)) => {
                self.lookahead.drain(..3);
            }
            Some(Event::SoftBreak | Event::HardBreak) => {
                // Keep the paragraph's start; drop the marker and its line break.
                self.lookahead.drain(1..3);
            }
            _ => return false,
        }
        true
    }

    /// Whether the paragraph just started holds nothing but one image with a title.
    fn at_figure(&mut self) -> bool {
        if self.state.options.features.is_none() {
            return false;
        }
        let titled = matches!(self.peek_input(0), Some(Event::Start(Tag::Image { title, .. })) if !title.trim().is_empty());
        if !titled {
            return false;
        }
        let mut ahead = 1;
        while ahead < 256 {
            match self.peek_input(ahead) {
                Some(Event::End(TagEnd::Image)) => {
                    return matches!(
                        self.peek_input(ahead + 1),
                        Some(Event::End(TagEnd::Paragraph))
                    );
                }
                Some(Event::Start(Tag::Image { .. })) | None => return false,
                Some(_) => ahead += 1,
            }
        }
        false
    }

    /// Writes the figure whose paragraph start was just read, up to its paragraph's end.
    fn figure(&mut self) {
        let Some((
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                ..
            }),
            range,
        )) = self.next_input()
        else {
            return;
        };
        let image = self.image(link_type, dest_url, &title, range, true);
        let _paragraph_end = self.next_input();
        let html = images::figure_html(&image, &title);
        self.out.push(Event::Html(CowStr::from(html)));
    }

    /// Reads an image's alt text up to its end event and returns its HTML: measured and
    /// resized when the file is local, with a problem recorded when its alt text is missing.
    fn image(
        &mut self,
        link_type: LinkType,
        dest_url: CowStr<'a>,
        title: &str,
        range: Range<usize>,
        in_figure: bool,
    ) -> String {
        let mut alt = String::new();
        let mut depth = 0;
        while let Some((event, _)) = self.next_input() {
            match event {
                Event::End(TagEnd::Image) if depth == 0 => break,
                Event::Start(_) => depth += 1,
                Event::End(_) => depth -= 1,
                Event::Text(text) | Event::Code(text) => alt.push_str(&text),
                Event::SoftBreak | Event::HardBreak => alt.push(' '),
                _ => {}
            }
        }
        self.state.rendered.word_count += count_words(&alt);
        let (bare, decorative) = images::strip_decorative(&dest_url);
        let bare = bare.to_string();
        let alt = alt.trim();
        if alt.is_empty() && !decorative {
            self.state
                .problem(&range, Problem::MissingAltText { src: bare.clone() });
        }
        let url = self
            .state
            .resolve(CowStr::from(bare.clone()), link_type, range.clone());
        let features = self.state.options.features;
        let local =
            match features.map(|f| f.images.local_image(&bare, self.state.options.content_path)) {
                Some(Ok(local)) => local,
                Some(Err(problem)) => {
                    self.state.problem(&range, problem);
                    None
                }
                None => None,
            };
        let first = self.state.images_seen == 0;
        self.state.images_seen += 1;
        let mut html = String::new();
        images::image_html(&mut html, &url, alt, local.as_ref(), first);
        if !in_figure && !title.is_empty() {
            let at = html.rfind('>').unwrap_or(html.len());
            let at = if html.ends_with("</picture>") {
                html[..html.len() - "</picture>".len()]
                    .rfind('>')
                    .unwrap_or(at)
            } else {
                at
            };
            html.insert_str(at, &format!(" title=\"{}\"", images::escape(title)));
        }
        if let Some(local) = local {
            self.state.rendered.media_files.extend(local.files);
        }
        html
    }

    /// Whether the paragraph just started holds nothing but [`INLINE_CTA`].
    fn at_inline_cta(&mut self) -> bool {
        matches!(self.peek_input(0), Some(Event::Text(text)) if text.trim() == INLINE_CTA)
            && matches!(self.peek_input(1), Some(Event::End(TagEnd::Paragraph)))
    }

    /// Handles a heading whose start event was just read, up to and with its end event. Its
    /// id comes from its text, so its start event is written once its end has been read.
    fn heading(
        &mut self,
        level: HeadingLevel,
        id: Option<CowStr<'a>>,
        classes: Vec<CowStr<'a>>,
        attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    ) {
        let start = self.out.len_queued();
        self.out.push(Event::Rule); // a placeholder for the start event, replaced below
        let mut title = String::new();
        let mut end = None;
        // Inside a heading: links are resolved, but nothing is auto-linked.
        self.state.link_depth += 1;
        while let Some((event, range)) = self.next_input() {
            if let Event::End(TagEnd::Heading(_)) = event {
                end = Some(event);
                break;
            }
            if let Event::Text(text) | Event::Code(text) = &event {
                title.push_str(text);
            }
            self.state.event(event, range, &mut self.out);
        }
        self.state.link_depth -= 1;
        let id = self.state.heading_id(level, id.as_deref(), &title);
        self.out.replace_queued(
            start,
            Event::Start(Tag::Heading {
                level,
                id: Some(CowStr::from(id)),
                classes,
                attrs,
            }),
        );
        if let Some(end) = end {
            self.out.push(end);
        }
    }
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Iterator for Rewriter<'a, '_, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            if let Some((position, event)) = self.out.pop() {
                if self.state.summary_cut == Some(position) {
                    self.summary_len = Some(self.written.get());
                }
                return Some(event);
            }
            self.rewrite_next()?;
        }
    }
}

/// Rewritten events waiting for the HTML writer, numbered in the order they are written.
#[derive(Default)]
struct Output<'a> {
    queue: VecDeque<Event<'a>>,
    /// How many events were handed to the writer already.
    popped: usize,
}

impl<'a> Output<'a> {
    fn push(&mut self, event: Event<'a>) {
        self.queue.push_back(event);
    }

    /// The number the next event pushed will have.
    fn position(&self) -> usize {
        self.popped + self.queue.len()
    }

    fn len_queued(&self) -> usize {
        self.queue.len()
    }

    fn replace_queued(&mut self, index: usize, event: Event<'a>) {
        self.queue[index] = event;
    }

    /// The next event for the writer, with its number.
    fn pop(&mut self) -> Option<(usize, Event<'a>)> {
        let event = self.queue.pop_front()?;
        self.popped += 1;
        Some((self.popped - 1, event))
    }
}

struct State<'o> {
    options: &'o RenderOptions<'o>,
    rendered: Rendered,
    flat_toc: Vec<(u8, String, String)>,
    code_depth: usize,
    link_depth: usize,
    html_depth: usize,
    linked_therapies: HashSet<usize>,
    /// The number of the `<!-- more -->` event among the output events.
    summary_cut: Option<usize>,
    /// For each heading id asked for more than once, the next suffix to try.
    next_suffix: HashMap<String, usize>,
    /// For each open block quote, the callout it is, if any.
    quotes: Vec<Option<CalloutKind>>,
    /// The (offset, length) of each shortcode call, in order, and how many were passed.
    calls: Vec<(usize, usize)>,
    calls_seen: usize,
    /// Images written so far (the first one loads eagerly).
    images_seen: usize,
    /// Callout text when the site gives none.
    default_callouts: CalloutText,
}

impl<'o> State<'o> {
    fn new(options: &'o RenderOptions<'o>) -> Self {
        State {
            options,
            rendered: Rendered::default(),
            flat_toc: Vec::new(),
            code_depth: 0,
            link_depth: 0,
            html_depth: 0,
            linked_therapies: HashSet::new(),
            summary_cut: None,
            next_suffix: HashMap::new(),
            quotes: Vec::new(),
            calls: Vec::new(),
            calls_seen: 0,
            images_seen: 0,
            default_callouts: CalloutText::default(),
        }
    }

    fn callout_text(&self) -> &CalloutText {
        self.options
            .features
            .map_or(&self.default_callouts, |f| f.callouts)
    }

    fn problem(&mut self, range: &Range<usize>, problem: Problem) {
        self.rendered.problems.push(BodyProblem {
            offset: range.start,
            len: range.len(),
            problem,
        });
    }

    /// For an HTML event at `start`: `Some(Some(i))` if shortcode call `i` starts there,
    /// `Some(None)` if it is inside the blanked-out call before, `None` otherwise.
    fn shortcode_at(&mut self, start: usize) -> Option<Option<usize>> {
        if self.calls_seen > 0 {
            let (offset, len) = self.calls[self.calls_seen - 1];
            if start > offset && start < offset + len {
                return Some(None);
            }
        }
        let (offset, _) = *self.calls.get(self.calls_seen)?;
        (start == offset).then(|| {
            self.calls_seen += 1;
            Some(self.calls_seen - 1)
        })
    }

    /// Gives a heading its unique id (the one written, else a slug of its text) and adds it
    /// to the table of contents.
    fn heading_id(&mut self, level: HeadingLevel, written: Option<&str>, title: &str) -> String {
        let wanted = written.map_or_else(|| slug::slugify(title), str::to_string);
        let id = self.unique_id(if wanted.is_empty() {
            "section".into()
        } else {
            wanted
        });
        self.flat_toc
            .push((level as u8, id.clone(), title.trim().to_string()));
        id
    }

    /// `wanted`, or `wanted-1`, `wanted-2`, … (the first free one). Each base id remembers
    /// the next number to try, so thousands of equal headings stay linear, not quadratic.
    fn unique_id(&mut self, wanted: String) -> String {
        let ids = &mut self.rendered.heading_ids;
        if ids.insert(wanted.clone()) {
            return wanted;
        }
        let next = self.next_suffix.entry(wanted.clone()).or_insert(1);
        loop {
            let candidate = format!("{wanted}-{next}");
            *next += 1;
            if ids.insert(candidate.clone()) {
                return candidate;
            }
        }
    }

    fn event<'a>(&mut self, event: Event<'a>, range: Range<usize>, out: &mut Output<'a>) {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.link_depth += 1;
                let dest_url = self.resolve(dest_url, link_type, range);
                out.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.link_depth += 1;
                let dest_url = self.resolve(dest_url, link_type, range);
                out.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                self.link_depth = self.link_depth.saturating_sub(1);
                out.push(event);
            }
            Event::Start(Tag::CodeBlock(_)) => {
                self.code_depth += 1;
                out.push(event);
            }
            Event::End(TagEnd::CodeBlock) => {
                self.code_depth = self.code_depth.saturating_sub(1);
                out.push(event);
            }
            Event::Html(_)
                if !self.calls.is_empty() && self.shortcode_at(range.start).is_some() =>
            {
                if let Some(index) = self.calls_seen.checked_sub(1)
                    && self.calls[index].0 == range.start
                {
                    out.push(Event::Html(CowStr::from(shortcode::placeholder(index))));
                }
            }
            Event::Html(ref html) | Event::InlineHtml(ref html) => {
                if html.trim() == MORE_MARKER && self.summary_cut.is_none() {
                    self.summary_cut = Some(out.position());
                }
                if matches!(event, Event::InlineHtml(_)) {
                    self.track_inline_html(html);
                }
                out.push(event);
            }
            Event::Code(ref code) => {
                self.rendered.word_count += count_words(code);
                out.push(event);
            }
            Event::Text(text) => {
                self.rendered.word_count += count_words(&text);
                if self.code_depth == 0 && self.link_depth == 0 && self.html_depth == 0 {
                    self.auto_link(text, out);
                } else {
                    out.push(Event::Text(text));
                }
            }
            other => out.push(other),
        }
    }

    /// Keeps count of open raw HTML elements, so text inside them is never auto-linked.
    fn track_inline_html(&mut self, html: &str) {
        let tag = html.trim();
        if tag.starts_with("<!--") || tag.ends_with("/>") {
            return;
        }
        if tag.starts_with("</") {
            self.html_depth = self.html_depth.saturating_sub(1);
            return;
        }
        let name: String = tag
            .trim_start_matches('<')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        const VOID: [&str; 6] = ["br", "img", "hr", "input", "wbr", "source"];
        if !name.is_empty() && !VOID.contains(&name.as_str()) {
            self.html_depth += 1;
        }
    }

    /// Resolves a link's destination and records what was emitted, and where.
    fn resolve<'a>(
        &mut self,
        dest: CowStr<'a>,
        link_type: LinkType,
        range: Range<usize>,
    ) -> CowStr<'a> {
        let url = self.rewrite(dest, link_type, range.clone());
        self.rendered.links.push(EmittedLink {
            url: url.to_string(),
            offset: range.start,
            len: range.len(),
            in_summary: self.summary_cut.is_none(),
        });
        url
    }

    /// Resolves `@/` links and prefixes root-relative ones with the base path.
    fn rewrite<'a>(
        &mut self,
        dest: CowStr<'a>,
        link_type: LinkType,
        range: Range<usize>,
    ) -> CowStr<'a> {
        if matches!(link_type, LinkType::Email) {
            return dest;
        }
        let links = self.options.links;
        if let Some(target) = dest.strip_prefix("@/") {
            let (file, anchor) = match target.split_once('#') {
                Some((file, anchor)) => (file, Some(anchor)),
                None => (target, None),
            };
            let Some(path) = links.paths.get(file) else {
                self.rendered.problems.push(BodyProblem {
                    offset: range.start,
                    len: range.len(),
                    problem: Problem::BrokenInternalLink {
                        target: dest.to_string(),
                        suggestion: did_you_mean_path(file, links.paths.keys().map(String::as_str)),
                    },
                });
                return dest;
            };
            if file.starts_with("therapies/") {
                self.mark_therapy_linked(path);
            }
            let mut url = format!("{}{}", links.base_path, path.trim_start_matches('/'));
            if let Some(anchor) = anchor {
                url.push('#');
                url.push_str(anchor);
                self.rendered.anchor_links.push(AnchorLink {
                    content_path: file.to_string(),
                    anchor: anchor.to_string(),
                    written: dest.to_string(),
                    offset: range.start,
                    len: range.len(),
                });
            }
            return CowStr::from(url);
        }
        if dest.starts_with('/') && !dest.starts_with("//") && links.base_path != "/" {
            return CowStr::from(format!("{}{}", links.base_path, &dest[1..]));
        }
        dest
    }

    /// An explicit link to a therapy counts as its first mention.
    fn mark_therapy_linked(&mut self, path: &str) {
        if let Some(linker) = self.options.auto_links {
            let url = format!(
                "{}{}",
                self.options.links.base_path,
                path.trim_start_matches('/')
            );
            if let Some(index) = linker.therapy_urls.iter().position(|u| *u == url) {
                self.linked_therapies.insert(index);
            }
        }
    }

    /// Emits `text`, turning the first mention of each therapy into a link.
    fn auto_link<'a>(&mut self, text: CowStr<'a>, out: &mut Output<'a>) {
        let Some(linker) = self
            .options
            .auto_links
            .filter(|linker| text.len() >= linker.automaton.min_pattern_len())
        else {
            out.push(Event::Text(text));
            return;
        };
        let mut last = 0;
        for found in linker.automaton.find_iter(text.as_ref()) {
            let therapy = linker.pattern_therapy[found.pattern().as_usize()];
            if self.options.own_therapy == Some(therapy)
                || self.linked_therapies.contains(&therapy)
                || !is_whole_word(&text, found.start(), found.end())
            {
                continue;
            }
            self.linked_therapies.insert(therapy);
            if found.start() > last {
                out.push(Event::Text(CowStr::from(
                    text[last..found.start()].to_string(),
                )));
            }
            out.push(Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url: CowStr::from(linker.therapy_urls[therapy].clone()),
                title: CowStr::Borrowed(""),
                id: CowStr::Borrowed(""),
            }));
            out.push(Event::Text(CowStr::from(
                text[found.start()..found.end()].to_string(),
            )));
            out.push(Event::End(TagEnd::Link));
            last = found.end();
        }
        if last == 0 {
            out.push(Event::Text(text));
        } else if last < text.len() {
            out.push(Event::Text(CowStr::from(text[last..].to_string())));
        }
    }
}

/// The number of words in `text`, as `text.split_whitespace().count()` counts them.
///
/// Most text is ASCII, where a word starts at each non-space byte that follows a space (or
/// the start). Those starts are counted over byte pairs in blocks of at most 255 pairs, into
/// a `u8` that cannot overflow, which compiles to a vectorised loop several times faster than
/// splitting by `char`. Other text takes the `char` route.
fn count_words(text: &str) -> usize {
    if !text.is_ascii() {
        return text.split_whitespace().count();
    }
    // `char::is_whitespace` on ASCII: tab, line feed, vertical tab, form feed, return, space.
    let is_space = |byte: u8| (byte == b' ') | (byte.wrapping_sub(b'\t') < 5);
    let bytes = text.as_bytes();
    let mut words = usize::from(bytes.first().is_some_and(|&b| !is_space(b)));
    let pairs = bytes.len().saturating_sub(1);
    let mut start = 0;
    while start < pairs {
        let end = pairs.min(start + usize::from(u8::MAX));
        let starts = bytes[start..end]
            .iter()
            .zip(&bytes[start + 1..=end])
            .fold(0u8, |n, (&before, &byte)| {
                n + u8::from(is_space(before) & !is_space(byte))
            });
        words += usize::from(starts);
        start = end;
    }
    words
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
mod tests {
    use super::*;

    fn targets() -> LinkTargets {
        let mut links = LinkTargets {
            base_path: "/clinic/".into(),
            ..Default::default()
        };
        links.paths.insert(
            "therapies/acupuncture.md".into(),
            "/therapies/acupuncture/".into(),
        );
        links
            .paths
            .insert("articles/heat.md".into(), "/articles/heat/".into());
        links
    }

    fn render_plain(body: &str) -> Rendered {
        let links = targets();
        render(
            body,
            &RenderOptions {
                links: &links,
                auto_links: None,
                own_therapy: None,
                content_path: "articles/x.md",
                features: None,
            },
        )
    }

    #[test]
    fn gives_headings_unique_ids_and_a_toc() {
        let r = render_plain("# Intro\n\n## Risks & side effects\n\n### Detail\n\n## Intro\n");
        assert!(
            r.html.contains("<h2 id=\"risks-side-effects\">"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h2 id=\"intro-1\">"));
        assert_eq!(r.toc.len(), 1);
        assert_eq!(r.toc[0].children.len(), 2);
        assert_eq!(r.toc[0].children[0].children[0].id, "detail");
    }

    #[test]
    fn resolves_internal_links_and_reports_broken_ones() {
        let r = render_plain(
            "[a](@/therapies/acupuncture.md) [b](@/articles/heat.md#why) [c](@/articles/nope.md) [d](/about/)",
        );
        assert!(r.html.contains("href=\"/clinic/therapies/acupuncture/\""));
        assert!(r.html.contains("href=\"/clinic/articles/heat/#why\""));
        assert!(r.html.contains("href=\"/clinic/about/\""));
        assert_eq!(r.anchor_links.len(), 1);
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].offset, 60);
        let emitted: Vec<(&str, usize)> =
            r.links.iter().map(|l| (l.url.as_str(), l.offset)).collect();
        assert_eq!(
            emitted,
            vec![
                ("/clinic/therapies/acupuncture/", 0),
                ("/clinic/articles/heat/#why", 32),
                ("@/articles/nope.md", 60),
                ("/clinic/about/", 84),
            ]
        );
    }

    #[test]
    fn auto_links_first_mention_outside_headings_code_and_links() {
        let links = targets();
        let linker = AutoLinker::new(&[
            (
                "/clinic/therapies/acupuncture/".into(),
                vec!["Acupuncture".into(), "dry needling".into()],
            ),
            (
                "/clinic/therapies/massage/".into(),
                vec!["Massage Therapy".into()],
            ),
        ])
        .unwrap();
        let r = render(
            "## Acupuncture\n\n`acupuncture` and [acupuncture](/x/) then acupunctures, then ACUPUNCTURE and acupuncture.\n\nMassage therapy; dry needling.",
            &RenderOptions {
                links: &links,
                auto_links: Some(&linker),
                own_therapy: Some(1),
                content_path: "articles/x.md",
                features: None,
            },
        );
        assert_eq!(
            r.html
                .matches("href=\"/clinic/therapies/acupuncture/\"")
                .count(),
            1
        );
        assert!(
            r.html.contains(
                "then acupunctures, then <a href=\"/clinic/therapies/acupuncture/\">ACUPUNCTURE</a>"
            ),
            "{}",
            r.html
        );
        assert!(!r.html.contains("/clinic/therapies/massage/"));
    }

    #[test]
    fn numbers_repeated_headings_without_slowing_down() {
        // 20,000 equal headings took minutes when each looked for its number from 1 up.
        let body = "## Same\n\n".repeat(20_000);
        let r = render_plain(&body);
        assert!(r.html.contains("<h2 id=\"same\">"));
        assert!(r.html.contains("<h2 id=\"same-19999\">"));
        assert_eq!(r.heading_ids.len(), 20_000);
        // A number an explicit id already took is skipped.
        let r = render_plain("## A {#a-1}\n\n## A\n\n## A\n");
        let ids: Vec<&str> = r.toc.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["a-1", "a", "a-2"]);
    }

    #[test]
    fn flattens_quotes_and_lists_nested_too_deep() {
        let r = render_plain(&format!("{}deep\n", "> ".repeat(MAX_NESTING + 500)));
        assert_eq!(r.html.matches("<blockquote>").count(), MAX_NESTING);
        assert_eq!(r.html.matches("</blockquote>").count(), MAX_NESTING);
        assert!(r.html.contains("<p>deep</p>"), "{}", r.html);
        let r = render_plain(&format!("{}deep\n\nafter\n", "- ".repeat(MAX_NESTING * 3)));
        let opened = r.html.matches("<ul>").count() + r.html.matches("<li>").count();
        let closed = r.html.matches("</ul>").count() + r.html.matches("</li>").count();
        assert_eq!((opened, closed), (MAX_NESTING, MAX_NESTING));
        assert!(r.html.ends_with("<p>after</p>\n"), "{}", r.html);
        // Nesting within the limit is untouched.
        let r = render_plain("> > quoted twice\n\n- a\n  - b\n");
        assert_eq!(r.html.matches("<blockquote>").count(), 2);
        assert_eq!(r.html.matches("<ul>").count(), 2);
    }

    #[test]
    fn counts_words_as_split_whitespace_does() {
        let texts = [
            "",
            " ",
            "a",
            " a ",
            "one two  three",
            "\tTabs\x0bvertical\x0cfeed\r\nlines\n",
            "  leading and trailing  ",
            "x\u{a0}y non\u{2003}breaking caf\u{e9} \u{3000}",
            "\u{85}",
            "punctuation, counts; as-words!",
            &"word ".repeat(300),
            &" x".repeat(1000),
            "fifteen bytes x",
            "sixteen bytes xy",
            "seventeen bytes x",
        ];
        for text in texts {
            assert_eq!(
                count_words(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn finds_summary_inline_cta_and_word_count() {
        let r = render_plain(
            "First words here.\n\n<!-- more -->\n\nMore.\n\n{{ cta() }}\n\n```\n{{ cta() }}\n```\n",
        );
        assert_eq!(
            r.summary_html.as_deref(),
            Some("<p>First words here.</p>\n")
        );
        assert!(r.inline_cta);
        assert_eq!(r.html.matches(CTA_PLACEHOLDER).count(), 1);
        // "First words here." and "More." and the three words of the fenced code.
        assert_eq!(r.word_count, 3 + 1 + 3);
        assert_eq!(r.reading_minutes, 1);
    }

    #[test]
    fn cuts_the_summary_as_the_html_before_the_first_marker() {
        // Each summary as a separate render of the events before the marker made it.
        let cases = [
            ("<!-- more -->\n\nBody.\n", Some("")),
            (
                "Intro.\n\n- one\n- two <!-- more --> three\n",
                Some("<p>Intro.</p>\n<ul>\n<li>one</li>\n<li>two "),
            ),
            (
                "# Title <!-- more --> rest\n\ntext\n",
                Some("<h1 id=\"title-rest\">Title "),
            ),
            (
                "A[^1].\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<!-- more -->\n\n[^1]: note\n",
                Some(concat!(
                    "<p>A<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup>.</p>\n",
                    "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody>\n",
                    "<tr><td>1</td><td>2</td></tr>\n</tbody></table>\n",
                )),
            ),
            (
                "One.\n\n<!-- more -->\n\nTwo.\n\n<!-- more -->\n\nThree.\n",
                Some("<p>One.</p>\n"),
            ),
            (
                "> quoted\n>\n> <!-- more -->\n\nafter\n",
                Some("<blockquote>\n<p>quoted</p>\n"),
            ),
            ("Text\n<!-- more -->\n", Some("<p>Text</p>\n")),
            (
                "{{ cta() }}\n\n<!-- more -->\n\n## [Heat](@/articles/heat.md)\n",
                Some(CTA_PLACEHOLDER),
            ),
            ("No marker.\n", None),
        ];
        for (body, summary) in cases {
            let r = render_plain(body);
            assert_eq!(r.summary_html.as_deref(), summary, "{body:?}");
            assert!(r.html.starts_with(summary.unwrap_or("")), "{body:?}");
        }
    }
}
