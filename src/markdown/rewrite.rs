//! The rewriting pass: events from the parser are rewritten on their way to the HTML writer
//! (heading ids and the TOC, `@/` links, auto-links, the summary cut, counted words).

use super::*;
use rustc_hash::{FxHashMap, FxHashSet};

/// The HTML being written, with its length kept where the [`Rewriter`] can read it.
pub(super) struct TrackedString<'w> {
    pub(super) html: &'w mut String,
    pub(super) written: &'w Cell<usize>,
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
pub(super) struct Rewriter<'a, 'o, I> {
    pub(super) input: I,
    /// Input events already read to look ahead (at most two).
    pub(super) lookahead: VecDeque<(Event<'a>, Range<usize>)>,
    pub(super) state: State<'o>,
    pub(super) out: Output<'a>,
    /// For each open quote, list or item: whether it is kept (see [`MAX_NESTING`]).
    pub(super) containers: Vec<bool>,
    pub(super) nesting: usize,
    /// How much HTML the writer has written so far.
    pub(super) written: &'o Cell<usize>,
    /// The length of the HTML before `<!-- more -->`, once the writer reached it.
    pub(super) summary_len: Option<usize>,
}

impl<'a, 'o, I: Iterator<Item = (Event<'a>, Range<usize>)>> Rewriter<'a, 'o, I> {
    pub(super) fn new(input: I, options: &'o RenderOptions<'o>, written: &'o Cell<usize>) -> Self {
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

    pub(super) fn next_input(&mut self) -> Option<(Event<'a>, Range<usize>)> {
        self.lookahead.pop_front().or_else(|| self.input.next())
    }

    /// The input event `ahead` places after the next one, read ahead if need be.
    pub(super) fn peek_input(&mut self, ahead: usize) -> Option<&Event<'a>> {
        while self.lookahead.len() <= ahead {
            let next = self.input.next()?;
            self.lookahead.push_back(next);
        }
        self.lookahead.get(ahead).map(|(event, _)| event)
    }

    /// Turns the next input event (a whole heading, or a whole inline call-to-action) into
    /// output events; `None` at the end of the input.
    pub(super) fn rewrite_next(&mut self) -> Option<()> {
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

    /// Whether the paragraph just started holds nothing but [`INLINE_CTA`].
    pub(super) fn at_inline_cta(&mut self) -> bool {
        matches!(self.peek_input(0), Some(Event::Text(text)) if text.trim() == INLINE_CTA)
            && matches!(self.peek_input(1), Some(Event::End(TagEnd::Paragraph)))
    }

    /// Handles a heading whose start event was just read, up to and with its end event. Its
    /// id comes from its text, so its start event is written once its end has been read.
    pub(super) fn heading(
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
        // Inside a heading: links are resolved, but nothing is auto-linked or measured.
        self.state.link_depth += 1;
        self.state.prose_skip.heading += 1;
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
        self.state.prose_skip.heading -= 1;
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
pub(super) struct Output<'a> {
    pub(super) queue: VecDeque<Event<'a>>,
    /// How many events were handed to the writer already.
    pub(super) popped: usize,
}

impl<'a> Output<'a> {
    pub(super) fn push(&mut self, event: Event<'a>) {
        self.queue.push_back(event);
    }

    /// The number the next event pushed will have.
    pub(super) fn position(&self) -> usize {
        self.popped + self.queue.len()
    }

    pub(super) fn len_queued(&self) -> usize {
        self.queue.len()
    }

    pub(super) fn replace_queued(&mut self, index: usize, event: Event<'a>) {
        self.queue[index] = event;
    }

    /// The next event for the writer, with its number.
    pub(super) fn pop(&mut self) -> Option<(usize, Event<'a>)> {
        let event = self.queue.pop_front()?;
        self.popped += 1;
        Some((self.popped - 1, event))
    }
}

pub(super) struct State<'o> {
    pub(super) options: &'o RenderOptions<'o>,
    pub(super) rendered: Rendered,
    pub(super) flat_toc: Vec<(u8, String, String)>,
    pub(super) code_depth: usize,
    pub(super) link_depth: usize,
    pub(super) html_depth: usize,
    pub(super) linked_therapies: FxHashSet<usize>,
    /// The number of the `<!-- more -->` event among the output events.
    pub(super) summary_cut: Option<usize>,
    /// For each heading id asked for more than once, the next suffix to try.
    pub(super) next_suffix: FxHashMap<String, usize>,
    /// Counts the prose for the reading level, when asked to.
    pub(super) prose: Option<ProseMeter>,
    /// Where the text is not prose.
    pub(super) prose_skip: crate::markdown::reading::prose::NotProse,
    /// For each open block quote, the callout it is, if any.
    pub(super) quotes: Vec<Option<CalloutKind>>,
    /// The (offset, length) of each shortcode call, in order, and how many were passed.
    pub(super) calls: Vec<(usize, usize)>,
    pub(super) calls_seen: usize,
    /// Images written so far (the first one loads eagerly).
    pub(super) images_seen: usize,
    /// Callout text when the site gives none.
    pub(super) default_callouts: CalloutText,
    /// Whether urgent boxes are marked for the render stage (see [`super::callout`]).
    pub(super) urgent_calls: bool,
}

impl<'o> State<'o> {
    pub(super) fn new(options: &'o RenderOptions<'o>) -> Self {
        State {
            options,
            rendered: Rendered::default(),
            flat_toc: Vec::new(),
            code_depth: 0,
            link_depth: 0,
            html_depth: 0,
            linked_therapies: FxHashSet::default(),
            summary_cut: None,
            next_suffix: FxHashMap::default(),
            prose: options.reading.map(ProseMeter::new),
            prose_skip: Default::default(),
            quotes: Vec::new(),
            calls: Vec::new(),
            calls_seen: 0,
            images_seen: 0,
            default_callouts: CalloutText::default(),
            urgent_calls: false,
        }
    }

    /// Gives a heading its unique id (the one written, else a slug of its text) and adds it
    /// to the table of contents.
    pub(super) fn heading_id(
        &mut self,
        level: HeadingLevel,
        written: Option<&str>,
        title: &str,
    ) -> String {
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
    pub(super) fn unique_id(&mut self, wanted: String) -> String {
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

    pub(super) fn event<'a>(
        &mut self,
        event: Event<'a>,
        range: Range<usize>,
        out: &mut Output<'a>,
    ) {
        if let Some(meter) = &mut self.prose {
            self.prose_skip.measure(
                meter,
                &event,
                range.start,
                self.code_depth + self.html_depth,
            );
        }
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
    pub(super) fn track_inline_html(&mut self, html: &str) {
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
    pub(super) fn resolve<'a>(
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
    pub(super) fn rewrite<'a>(
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
    pub(super) fn mark_therapy_linked(&mut self, path: &str) {
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
    pub(super) fn auto_link<'a>(&mut self, text: CowStr<'a>, out: &mut Output<'a>) {
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
            if self.options.own_topic == Some(therapy)
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
