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
use super::abbreviation::is_abbreviation;
use super::ascii;
use super::snippet::Snippet;
use super::syllables;
use super::whole_words::{Stop, read_whole_words};

/// How many of a body's longest sentences are kept.
pub const LONGEST_KEPT: usize = 3;
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
    /// This thread's syllable counts for the language, held while the body is read.
    cache: syllables::Cache,
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
    snippet: Snippet,
    /// A `.`, `!` or `?` was just read (closing quotes and brackets may follow it).
    after_terminal: bool,
    /// The sentence ends before the next word.
    pending_end: bool,
    /// Which bytes of the text being read are ASCII letters or digits (reused per text).
    word_bytes: ascii::WordBytes,
}

impl ProseMeter {
    /// A meter for prose in `language`.
    pub fn new(language: Language) -> ProseMeter {
        ProseMeter {
            stats: ProseStats {
                language,
                ..ProseStats::default()
            },
            cache: syllables::Cache::take(language),
            ..ProseMeter::default()
        }
    }

    /// Reads rendered prose that came from the Markdown at byte `offset` of the body.
    pub fn text(&mut self, text: &str, offset: usize) {
        let bytes = text.as_bytes();
        let mut map = std::mem::take(&mut self.word_bytes);
        map.map(bytes);
        let mut i = 0;
        // The whole words read the short way and the single spaces after them since the
        // snippet last took text: they lie side by side in `text`, so the snippet takes them
        // in one copy.
        let mut kept = 0..0;
        while i < bytes.len() {
            let start = i;
            i = map.run_end(start);
            if i == start {
                self.flush(text, &mut kept);
                if bytes[i] == b' ' {
                    // What `character` does for a space.
                    self.space();
                    i += 1;
                    continue;
                }
                let c = text[i..].chars().next().unwrap_or(' ');
                self.character(c, &text[i + c.len_utf8()..], offset + i);
                i += c.len_utf8();
                continue;
            }
            let next = bytes.get(i).copied();
            // A run of word bytes (ASCII and Latin-1 letters, digits) outside any word, ended
            // by a space or a punctuation mark, is a whole word (most words of any text):
            // counted where it lies, without building it up in `part`.
            let whole = !self.in_word
                && next.is_some_and(|mark| mark == b' ' || ends_word(mark, bytes.get(i + 1)));
            if !whole {
                self.flush(text, &mut kept);
                self.letters(&text[start..i], offset + start);
                continue;
            }
            // What `word_start`, `letters` and `end_word` do for it, with the snippet in `kept`.
            if self.pending_end {
                self.end_sentence_with(text, &mut kept);
            }
            self.after_terminal = false;
            if self.sentence_words == 0 {
                self.sentence_offset = offset + start;
                self.snippet.clear();
                kept = start..start;
            } else if kept.end != start {
                self.flush(text, &mut kept);
                kept = start..start;
            }
            let read = self.whole_words(text, &map, start, offset, &mut kept);
            if read != start {
                i = read;
                continue;
            }
            // A mark the short way leaves to `character`: a bracket, a quote, or a `.`, `!`,
            // `?`, `,`, `;` or `:` followed by something other than a space.
            self.count_word(bytes, start, i - start);
            kept.end = i;
            self.flush(text, &mut kept);
            match next {
                Some(b'.') => {
                    self.after_terminal = !is_abbreviation(&text[start..i]);
                    self.snippet.push('.');
                    i += 1;
                }
                Some(mark) => {
                    self.character(char::from(mark), &text[i + 1..], offset + i);
                    i += 1;
                }
                None => {}
            }
        }
        self.flush(text, &mut kept);
        self.word_bytes = map;
    }

    /// Counts the whole words from `i` on (the sentence begun, no mark pending) that end in
    /// one of the ways most words end ([`read_whole_words`]); a sentence that ends at a mark
    /// and a space ends here when a word follows. Returns where the first other thing starts
    /// (a word it leaves to the caller is not counted), with `kept` (the snippet's words) up
    /// to there: what the loop of [`Self::text`], `character` and `space` do for each of them.
    #[inline(always)]
    fn whole_words(
        &mut self,
        text: &str,
        map: &ascii::WordBytes,
        mut i: usize,
        offset: usize,
        kept: &mut std::ops::Range<usize>,
    ) -> usize {
        loop {
            let read = read_whole_words(&mut self.cache.counter(), map, i);
            self.add_words(read.words, read.syllables, read.polysyllables);
            i = read.end;
            kept.end = i;
            match read.stop {
                Stop::Other => return i,
                // What `character` does for the mark, and `space` for the space after it.
                Stop::FullStopAtEnd => {
                    self.after_terminal = true;
                    return i;
                }
                Stop::FullStopBeforeOther => {
                    self.pending_end = true;
                    return i;
                }
                Stop::FullStopBeforeWord => {
                    // What `word_start` does at the next word.
                    self.end_sentence_with(text, kept);
                    self.sentence_offset = offset + i;
                    self.snippet.clear();
                    *kept = i..i;
                }
            }
        }
    }

    /// Adds whole words counted the short way to the totals and the sentence.
    #[inline(always)]
    fn add_words(&mut self, words: u32, syllables: u32, polysyllables: u32) {
        self.stats.words += words;
        self.stats.syllables += syllables;
        self.stats.polysyllables += polysyllables;
        self.sentence_words += words;
    }

    /// Gives the snippet the words `kept` spans in `text`.
    fn flush(&mut self, text: &str, kept: &mut std::ops::Range<usize>) {
        if kept.start != kept.end {
            self.snippet.push_words(&text[kept.clone()]);
            kept.start = kept.end;
        }
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
                self.snippet.clear();
            }
        }
    }

    /// A run of letters and digits (ASCII and Latin-1) that starts or continues a word.
    fn letters(&mut self, run: &str, at: usize) {
        self.word_start(at);
        if run.is_ascii() {
            let room = (syllables::MAX_WORD_BYTES + 1).saturating_sub(self.part.len());
            // ASCII: any byte index is a character boundary.
            let kept = &run[..run.len().min(room)];
            let from = self.part.len();
            self.part.push_str(kept);
            self.part[from..].make_ascii_lowercase();
        } else {
            // What `character` does for each: a character is kept while the word is short.
            for c in run.chars() {
                if self.part.len() > syllables::MAX_WORD_BYTES {
                    break;
                }
                push_lowercase(&mut self.part, c);
            }
        }
        self.snippet.push_run(run);
    }

    /// Counts the whole word of word bytes at `at` in `text`, `len` bytes long.
    #[inline(always)]
    fn count_word(&mut self, text: &[u8], at: usize, len: usize) {
        let syllables = self.cache.count_ascii(text, at, len).max(1);
        self.stats.words += 1;
        self.stats.syllables += syllables;
        self.stats.polysyllables += u32::from(syllables >= 3);
        self.sentence_words += 1;
    }

    fn space(&mut self) {
        self.end_word();
        if self.after_terminal {
            self.pending_end = true;
            self.after_terminal = false;
        }
        if self.sentence_words > 0 {
            self.snippet.push(' ');
        }
    }

    /// Any other character; `rest` is the text after it.
    fn character(&mut self, c: char, rest: &str, at: usize) {
        if is_letter_or_digit(c) {
            self.word_start(at);
            if self.part.len() <= syllables::MAX_WORD_BYTES {
                push_lowercase(&mut self.part, c);
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
            self.end_part();
        } else if c.is_whitespace() {
            self.space();
            return;
        } else {
            let was_in_word = self.in_word;
            self.end_word();
            match c {
                '.' => self.after_terminal = !(was_in_word && is_abbreviation(&self.last_word)),
                '!' | '?' | '…' => self.after_terminal = true,
                '"' | '”' | '’' | ')' | ']' | '\'' | '»' => {}
                _ => self.after_terminal = false,
            }
        }
        if self.sentence_words > 0 || self.in_word {
            self.snippet.push(c);
        }
    }

    /// A line break inside a paragraph.
    pub fn soft_break(&mut self) {
        self.space();
    }

    /// Something that is not prose (inline code) interrupts the text: it separates words.
    pub fn interruption(&mut self) {
        self.end_word();
        self.after_terminal = false;
        if self.sentence_words > 0 {
            self.snippet.push('…');
        }
    }

    /// A block (paragraph, list item, quote) ended: so does its last sentence.
    pub fn end_block(&mut self) {
        self.end_word();
        self.after_terminal = false;
        if self.sentence_words > 0 {
            self.end_sentence();
        }
    }

    /// The totals of everything read.
    pub fn finish(mut self) -> ProseStats {
        self.end_block();
        self.cache.give_back();
        self.stats
    }

    fn end_part(&mut self) {
        self.word_syllables += self.cache.count(&self.part);
        std::mem::swap(&mut self.last_word, &mut self.part);
        self.part.clear();
    }

    fn end_word(&mut self) {
        if !self.in_word {
            return;
        }
        self.in_word = false;
        self.end_part();
        let syllables = self.word_syllables.max(1);
        self.word_syllables = 0;
        self.stats.words += 1;
        self.stats.syllables += syllables;
        self.stats.polysyllables += u32::from(syllables >= 3);
        self.sentence_words += 1;
    }

    fn end_sentence(&mut self) {
        self.end_sentence_with("", &mut (0..0));
    }

    /// Ends the sentence whose last words `kept` spans in `text`, not yet in the snippet:
    /// they are copied there only if the sentence is among the longest so far (most are not).
    fn end_sentence_with(&mut self, text: &str, kept: &mut std::ops::Range<usize>) {
        self.pending_end = false;
        self.stats.sentences += 1;
        let words = std::mem::take(&mut self.sentence_words);
        // Longest first: the last one kept is the shortest.
        let longest = &self.stats.longest;
        if longest.len() == LONGEST_KEPT && longest[LONGEST_KEPT - 1].words >= words {
            kept.start = kept.end;
            return;
        }
        self.flush(text, kept);
        self.keep_longest(words);
    }

    /// Keeps the sentence just read, `words` long, among the longest.
    #[inline(never)]
    fn keep_longest(&mut self, words: u32) {
        let longest = &mut self.stats.longest;
        let at = longest
            .iter()
            .position(|s| s.words < words)
            .unwrap_or(longest.len());
        // The shortest kept (shorter than this one, so after `at`) makes room, and lends its
        // buffer.
        let mut text = if longest.len() == LONGEST_KEPT {
            longest
                .pop()
                .map(|dropped| dropped.text)
                .unwrap_or_default()
        } else {
            String::new()
        };
        self.snippet.show_into(&mut text);
        longest.insert(
            at,
            LongSentence {
                offset: self.sentence_offset,
                words,
                text,
            },
        );
    }
}

/// `char::is_alphanumeric`, answered at once for the letters of Latin-1 (á, é, ñ, ü: most
/// letters outside ASCII in Spanish and the other languages written in it).
#[inline(always)]
fn is_letter_or_digit(c: char) -> bool {
    (matches!(c, 'À'..='ÿ') && c != '×' && c != '÷') || c.is_alphanumeric()
}

/// Pushes the lowercase form of `c` onto `word`: one addition for the capitals of Latin-1.
#[inline(always)]
fn push_lowercase(word: &mut String, c: char) {
    match c {
        'À'..='Þ' if c != '×' => word.push(char::from_u32(u32::from(c) + 0x20).unwrap_or(c)),
        'ß'..='ÿ' => word.push(c),
        _ => word.extend(c.to_lowercase()),
    }
}

/// Whether the character after a `.` or `,` that follows a word makes them one (`2.5`,
/// `e.g`, `10,000`); any byte outside ASCII is taken to, and left to the careful path.
fn joins_word(next: Option<&u8>) -> bool {
    next.is_some_and(|&b| b.is_ascii_alphanumeric() || !b.is_ascii())
}

/// Whether the ASCII `mark` after a run of letters ends the word whatever comes before: not
/// an apostrophe or hyphen (which keep or split the word), nor a `.`/`,` joining two runs.
fn ends_word(mark: u8, next: Option<&u8>) -> bool {
    match mark {
        b'\'' | b'-' => false,
        b'.' | b',' => !joins_word(next),
        _ => mark.is_ascii() && !mark.is_ascii_alphanumeric(),
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
#[path = "prose_equivalence.rs"]
mod equivalence;

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
    fn latin1_letters_are_told_and_lowercased_as_the_standard_library_does() {
        for c in (0..=0x2FFu32).filter_map(char::from_u32) {
            assert_eq!(is_letter_or_digit(c), c.is_alphanumeric(), "{c:?}");
            let mut lowercase = String::new();
            push_lowercase(&mut lowercase, c);
            assert_eq!(lowercase, c.to_lowercase().collect::<String>(), "{c:?}");
        }
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
