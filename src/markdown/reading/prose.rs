//! Counting the prose of a body as the Markdown pass renders it: words, sentences, syllables
//! and the longest sentences, for the reading-level formulas.
//!
//! The Markdown stage feeds a [`ProseMeter`] only the text a reader reads as prose (not code,
//! tables, raw HTML, image descriptions or URLs shown as link text) and tells it where blocks
//! end, so the counting costs one pass over text already in hand, not a second parse.
//!
//! Rules, in the spirit of the formulas' own instructions:
//! - a word is a run of letters and digits; apostrophes stay inside it (`don't`), a hyphen
//!   joins its parts into one word whose syllables are those of the parts (`well-known`);
//! - a sentence ends at `.`, `!` or `?` followed by a space (so `2.5` and `e.g.` mid-word do
//!   not end one; common abbreviations such as `Dr.` never do), and at the end of every block:
//!   a paragraph, a list item, a quote. Headings are titles, not sentences, and are not read.

use pulldown_cmark::{Event, LinkType, Tag, TagEnd};

use super::Language;
use super::syllables;

/// How many of a body's longest sentences are kept.
pub const LONGEST_KEPT: usize = 3;
/// How much of a sentence is kept to show it (in bytes, cut at a character boundary).
const SNIPPET_BYTES: usize = 90;
/// Words written with a period that does not end a sentence (lowercase, without the period).
const ABBREVIATIONS: &[&str] = &[
    "dr", "mr", "mrs", "ms", "prof", "st", "vs", "etc", "approx", "fig", "no", "e.g", "i.e", "sr",
    "jr", "dra", "sra", "srta",
];

/// What a body's prose adds up to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProseStats {
    /// The language it was counted in.
    pub language: Language,
    /// Words.
    pub words: u32,
    /// Sentences.
    pub sentences: u32,
    /// Syllables of all words.
    pub syllables: u32,
    /// Words of three syllables or more (SMOG's "polysyllables").
    pub polysyllables: u32,
    /// The longest sentences, longest first (at most [`LONGEST_KEPT`]).
    pub longest: Vec<LongSentence>,
}

/// One of a body's longest sentences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LongSentence {
    /// Byte offset in the body of the Markdown its first word came from.
    pub offset: usize,
    /// Its words.
    pub words: u32,
    /// Its beginning as rendered, whitespace collapsed.
    pub text: String,
}

/// Counts prose fed to it piece by piece.
#[derive(Debug, Default)]
pub struct ProseMeter {
    stats: ProseStats,
    /// The current part of the current word (lowercase; a hyphen starts a new part).
    part: String,
    /// Syllables of the current word's finished parts.
    word_syllables: u32,
    in_word: bool,
    /// The last word's text, to tell an abbreviation's period from a full stop.
    last_word: String,
    /// The sentence being read: words so far, where it started, its beginning.
    sentence_words: u32,
    sentence_offset: usize,
    sentence_text: String,
    /// Whether the sentence is longer than what `sentence_text` kept.
    sentence_cut: bool,
    /// A `.`, `!` or `?` was just read (closing quotes and brackets may follow it).
    after_terminal: bool,
    /// The sentence ends before the next word.
    pending_end: bool,
}

impl ProseMeter {
    /// A meter for prose in `language`.
    pub fn new(language: Language) -> ProseMeter {
        ProseMeter {
            stats: ProseStats {
                language,
                ..ProseStats::default()
            },
            ..ProseMeter::default()
        }
    }

    /// Reads rendered prose that came from the Markdown at byte `offset` of the body.
    pub fn text(&mut self, text: &str, offset: usize) {
        syllables::with_cache(self.stats.language, |cache| {
            let bytes = text.as_bytes();
            let mut i = 0;
            // Runs of ASCII letters and single spaces, most of any text, take the short way.
            while i < bytes.len() {
                let b = bytes[i];
                if b.is_ascii_alphanumeric() {
                    let start = i;
                    let mut hashed = syllables::HASH_START;
                    while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                        if i - start <= syllables::MAX_WORD_BYTES {
                            hashed = syllables::hash(hashed, bytes[i].to_ascii_lowercase());
                        }
                        i += 1;
                    }
                    if !self.in_word && bytes.get(i) == Some(&b' ') {
                        // A whole word, most words of any text: counted without copying it.
                        let syllables = cache.count_ascii(&text[start..i], hashed);
                        self.whole_word(&text[start..i], offset + start, syllables);
                    } else {
                        self.letters(&text[start..i], offset + start);
                    }
                } else if b == b' ' {
                    self.space(cache);
                    i += 1;
                } else {
                    let c = text[i..].chars().next().unwrap_or(' ');
                    self.character(c, &text[i + c.len_utf8()..], offset + i, cache);
                    i += c.len_utf8();
                }
            }
        });
    }

    /// The start of a word, or more of one, at byte `at` of the body.
    fn word_start(&mut self, at: usize) {
        if self.pending_end {
            self.end_sentence();
        }
        self.after_terminal = false;
        if !self.in_word {
            self.in_word = true;
            if self.sentence_words == 0 {
                self.sentence_offset = at;
                self.sentence_text.clear();
                self.sentence_cut = false;
            }
        }
    }

    /// A run of ASCII letters and digits.
    fn letters(&mut self, run: &str, at: usize) {
        self.word_start(at);
        let room = (syllables::MAX_WORD_BYTES + 1).saturating_sub(self.part.len());
        // ASCII: any byte index is a character boundary.
        let kept = &run[..run.len().min(room)];
        let from = self.part.len();
        self.part.push_str(kept);
        self.part[from..].make_ascii_lowercase();
        if !self.sentence_cut && self.sentence_text.len() + run.len() <= SNIPPET_BYTES {
            self.sentence_text.push_str(run);
        } else {
            run.chars().for_each(|c| self.keep_text(c));
        }
    }

    /// A run of ASCII letters and digits that is a whole word (a space follows it): what
    /// [`Self::letters`] and [`Self::end_word`] do for it, without building it up in `part`.
    fn whole_word(&mut self, run: &str, at: usize, syllables: u32) {
        self.word_start(at);
        if !self.sentence_cut {
            if self.sentence_text.len() + run.len() <= SNIPPET_BYTES {
                self.sentence_text.push_str(run);
            } else {
                run.chars().for_each(|c| self.keep_text(c));
            }
        }
        let syllables = syllables.max(1);
        self.in_word = false;
        self.stats.words += 1;
        self.stats.syllables += syllables;
        self.stats.polysyllables += u32::from(syllables >= 3);
        self.sentence_words += 1;
    }

    fn space(&mut self, cache: &mut syllables::Cache<'_>) {
        self.end_word(cache);
        if self.after_terminal {
            self.pending_end = true;
            self.after_terminal = false;
        }
        if self.sentence_words > 0 {
            self.keep_text(' ');
        }
    }

    /// Any other character; `rest` is the text after it.
    fn character(&mut self, c: char, rest: &str, at: usize, cache: &mut syllables::Cache<'_>) {
        if c.is_alphanumeric() {
            self.word_start(at);
            if self.part.len() <= syllables::MAX_WORD_BYTES {
                self.part.extend(c.to_lowercase());
            }
        } else if self.in_word
            && matches!(c, '.' | ',')
            && rest.chars().next().is_some_and(char::is_alphanumeric)
        {
            // 2.5, 10,000, e.g: one word.
            self.part.push(c);
        } else if self.in_word && matches!(c, '\'' | '’') {
            // Inside a word (don't): not a letter, not a break.
        } else if self.in_word && matches!(c, '-' | '‐') {
            self.end_part(cache);
        } else if c.is_whitespace() {
            self.space(cache);
            return;
        } else {
            let was_in_word = self.in_word;
            self.end_word(cache);
            match c {
                '.' => self.after_terminal = !(was_in_word && self.is_abbreviation()),
                '!' | '?' | '…' => self.after_terminal = true,
                '"' | '”' | '’' | ')' | ']' | '\'' | '»' => {}
                _ => self.after_terminal = false,
            }
        }
        if self.sentence_words > 0 || self.in_word {
            self.keep_text(c);
        }
    }

    /// A line break inside a paragraph.
    pub fn soft_break(&mut self) {
        self.text(" ", 0);
    }

    /// Something that is not prose (inline code) interrupts the text: it separates words.
    pub fn interruption(&mut self) {
        syllables::with_cache(self.stats.language, |cache| self.end_word(cache));
        self.after_terminal = false;
        if self.sentence_words > 0 {
            self.keep_text('…');
        }
    }

    /// A block (paragraph, list item, quote) ended: so does its last sentence.
    pub fn end_block(&mut self) {
        syllables::with_cache(self.stats.language, |cache| self.end_word(cache));
        self.after_terminal = false;
        if self.sentence_words > 0 {
            self.end_sentence();
        }
    }

    /// The totals of everything read.
    pub fn finish(mut self) -> ProseStats {
        self.end_block();
        self.stats
    }

    fn keep_text(&mut self, c: char) {
        if self.sentence_cut {
            return;
        }
        if self.sentence_text.len() + c.len_utf8() > SNIPPET_BYTES {
            if !c.is_whitespace() {
                // Keep whole words only: drop the one the limit cut into.
                self.sentence_cut = true;
                if !self.sentence_text.ends_with(' ')
                    && let Some(space) = self.sentence_text.rfind(' ')
                {
                    self.sentence_text.truncate(space);
                }
            }
            return;
        }
        if c.is_whitespace() {
            if !self.sentence_text.ends_with(' ') {
                self.sentence_text.push(' ');
            }
        } else {
            self.sentence_text.push(c);
        }
    }

    fn is_abbreviation(&self) -> bool {
        ABBREVIATIONS.contains(&self.last_word.as_str())
            || (self.last_word.chars().count() == 1
                && self.last_word.chars().all(char::is_alphabetic))
    }

    fn end_part(&mut self, cache: &mut syllables::Cache<'_>) {
        self.word_syllables += cache.count(&self.part);
        std::mem::swap(&mut self.last_word, &mut self.part);
        self.part.clear();
    }

    fn end_word(&mut self, cache: &mut syllables::Cache<'_>) {
        if !self.in_word {
            return;
        }
        self.in_word = false;
        self.end_part(cache);
        let syllables = self.word_syllables.max(1);
        self.word_syllables = 0;
        self.stats.words += 1;
        self.stats.syllables += syllables;
        self.stats.polysyllables += u32::from(syllables >= 3);
        self.sentence_words += 1;
    }

    fn end_sentence(&mut self) {
        self.pending_end = false;
        self.stats.sentences += 1;
        let words = self.sentence_words;
        self.sentence_words = 0;
        let longest = &mut self.stats.longest;
        if longest.len() == LONGEST_KEPT && longest.iter().all(|s| s.words >= words) {
            return;
        }
        let mut text = self.sentence_text.trim_end().to_string();
        if self.sentence_cut {
            text.push('…');
        }
        let at = longest
            .iter()
            .position(|s| s.words < words)
            .unwrap_or(longest.len());
        longest.insert(
            at,
            LongSentence {
                offset: self.sentence_offset,
                words,
                text,
            },
        );
        longest.truncate(LONGEST_KEPT);
    }
}

/// Where, in the Markdown event stream, text is not prose: headings, tables, image
/// descriptions and links whose text is their URL (`<https://…>`). Code and raw HTML are
/// counted by the Markdown pass itself and passed to [`NotProse::measure`].
#[derive(Debug, Default)]
pub struct NotProse {
    /// Open headings.
    pub heading: usize,
    tables: usize,
    images: usize,
    /// For each open link, whether its text is its URL.
    links: Vec<bool>,
}

impl NotProse {
    /// Feeds `event` (from byte `offset` of the body) to `meter` if it is prose, or tells it
    /// where prose is interrupted or a block ends. `other_skips` counts open code blocks and
    /// raw HTML elements.
    pub fn measure(
        &mut self,
        meter: &mut ProseMeter,
        event: &Event<'_>,
        offset: usize,
        other_skips: usize,
    ) {
        match event {
            Event::Text(text) => {
                let url_text = self.links.last().copied().unwrap_or(false);
                if self.heading + self.tables + self.images + other_skips == 0 && !url_text {
                    meter.text(text, offset);
                }
            }
            Event::SoftBreak | Event::HardBreak => meter.soft_break(),
            Event::Code(_) | Event::InlineMath(_) => meter.interruption(),
            Event::Start(Tag::Table(_)) => self.tables += 1,
            Event::End(TagEnd::Table) => self.tables = self.tables.saturating_sub(1),
            Event::Start(Tag::Image { .. }) => self.images += 1,
            Event::End(TagEnd::Image) => self.images = self.images.saturating_sub(1),
            Event::Start(Tag::Link { link_type, .. }) => self
                .links
                .push(matches!(link_type, LinkType::Autolink | LinkType::Email)),
            Event::End(TagEnd::Link) => {
                self.links.pop();
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::FootnoteDefinition
                | TagEnd::DefinitionListDefinition,
            )
            | Event::Start(Tag::CodeBlock(_) | Tag::List(_) | Tag::Heading { .. })
            | Event::Rule => meter.end_block(),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measure(paragraphs: &[&str]) -> ProseStats {
        let mut meter = ProseMeter::new(Language::English);
        let mut offset = 0;
        for paragraph in paragraphs {
            meter.text(paragraph, offset);
            meter.end_block();
            offset += paragraph.len() + 2;
        }
        meter.finish()
    }

    #[test]
    fn splits_sentences_at_full_stops_not_at_decimals_or_abbreviations() {
        let stats =
            measure(&["Dr. Park saw 2.5 times more people, e.g. runners. Then she left! Why?"]);
        assert_eq!(stats.sentences, 3);
        assert_eq!(stats.words, 13);
    }

    #[test]
    fn block_ends_end_sentences_and_hyphens_join_words() {
        let stats = measure(&["A well-known fact", "Another item without a stop"]);
        assert_eq!(stats.sentences, 2);
        assert_eq!(stats.words, 8);
        // a, well-known (well + known), fact; another, item, without, a, stop.
        assert_eq!(stats.syllables, 1 + 2 + 1 + 3 + 2 + 2 + 1 + 1);
    }

    #[test]
    fn keeps_the_three_longest_sentences_longest_first() {
        let stats =
            measure(&["One two three. One two three four five. One. One two three four. One two."]);
        let words: Vec<u32> = stats.longest.iter().map(|s| s.words).collect();
        assert_eq!(words, [5, 4, 3]);
        assert_eq!(stats.longest[0].text, "One two three four five.");
        assert_eq!(stats.longest[0].offset, 15);
    }
}
