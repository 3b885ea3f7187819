//! The rewriting pass's media events: block quotes that are callouts, images (measured,
//! resized, alt text checked) and figures, and the bodies of shortcode calls.

use super::rewrite::{Rewriter, State};
use super::*;
use pulldown_cmark::BlockQuoteKind;
use serde_json::Value;

impl<'a, 'o, I: Iterator<Item = (Event<'a>, Range<usize>)>> Rewriter<'a, 'o, I> {
    /// A block quote starts: a callout's box, or a quote as it is.
    pub(super) fn quote_start(
        &mut self,
        kind: Option<BlockQuoteKind>,
        event: Event<'a>,
        range: Range<usize>,
    ) {
        let callout = match kind {
            Some(kind) => Some(CalloutKind::from_alert(kind)),
            None if self.at_urgent_marker() => Some(CalloutKind::Urgent),
            None => None,
        };
        self.state.quotes.push(callout);
        match callout {
            Some(CalloutKind::Urgent) if self.state.urgent_calls => {
                self.out
                    .push(Event::Html(CowStr::from(callout::URGENT_OPEN)));
            }
            Some(kind) => {
                let html = callout::open(kind, self.state.callout_text());
                self.out.push(Event::Html(CowStr::from(html)));
            }
            None => self.state.event(event, range, &mut self.out),
        }
    }

    pub(super) fn quote_end(&mut self, event: Event<'a>, range: Range<usize>) {
        match self.state.quotes.pop().flatten() {
            Some(CalloutKind::Urgent) if self.state.urgent_calls => {
                self.out
                    .push(Event::Html(CowStr::from(callout::URGENT_CLOSE)));
            }
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
    pub(super) fn at_figure(&mut self) -> bool {
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
    pub(super) fn figure(&mut self) {
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
    pub(super) fn image(
        &mut self,
        link_type: LinkType,
        dest_url: CowStr<'a>,
        title: &str,
        range: Range<usize>,
        in_figure: bool,
    ) -> String {
        let mut alt = String::new();
        let mut depth = 0usize;
        while let Some((event, _)) = self.next_input() {
            match event {
                Event::End(TagEnd::Image) if depth == 0 => break,
                Event::Start(_) => depth += 1,
                Event::End(_) => depth = depth.saturating_sub(1),
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
            // The title goes on the `<img>`, the last tag (before `</picture>`, if any).
            let img_end = html.strip_suffix("</picture>").unwrap_or(&html).len();
            let at = html[..img_end].rfind('>').unwrap_or(img_end);
            html.insert_str(at, &format!(" title=\"{}\"", super::escape_html(title)));
        }
        if let Some(local) = local {
            self.state.rendered.media_files.extend(local.files);
        }
        html
    }
}

impl State<'_> {
    pub(super) fn callout_text(&self) -> &CalloutText {
        self.options
            .features
            .map_or(&self.default_callouts, |f| f.callouts)
    }

    pub(super) fn problem(&mut self, range: &Range<usize>, problem: Problem) {
        self.rendered.problems.push(BodyProblem {
            offset: range.start,
            len: range.len(),
            problem,
        });
    }

    /// For an HTML event at `start`: `Some(Some(i))` if shortcode call `i` starts there,
    /// `Some(None)` if it is inside the blanked-out call before, `None` otherwise.
    pub(super) fn shortcode_at(&mut self, start: usize) -> Option<Option<usize>> {
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
}

/// Renders the Markdown body of each body call, keeping what the page must know of it (its
/// problems and links at their place in the page's body, its image files, its words).
pub(super) fn render_call_bodies(
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
                ..l
            }));
        call.body = Some(inner.html);
    }
    calls
}

/// `html` with each urgent box cut out into a call for the render stage (see [`callout`]),
/// the calls added to `page`'s shortcodes and its summary cut the same way.
pub(super) fn urgent_calls(html: &str, page: &mut Rendered) -> String {
    let first = page.shortcodes.len();
    let (html, bodies) = callout::extract_urgent(html, first);
    if let Some(summary) = &page.summary_html {
        page.summary_html = Some(callout::extract_urgent(summary, first).0);
    }
    for (index, body) in bodies.into_iter().enumerate() {
        let id = Value::String(format!("urgent-{}", first + index));
        page.shortcodes.push(ShortcodeCall {
            name: callout::URGENT_CALL.to_string(),
            args: vec![("urgent_id".to_string(), id)],
            body: Some(body),
            offset: 0,
            len: 0,
        });
    }
    html
}
