//! The beginning of the sentence being read, kept to show it if it turns out to be one of the
//! longest: whitespace collapsed, cut at a whole word.

/// How much of a sentence is kept to show it (in bytes, cut at a character boundary).
pub const SNIPPET_BYTES: usize = 90;

/// The beginning of the current sentence, as rendered.
#[derive(Debug)]
pub struct Snippet {
    text: String,
    /// Whether the sentence is longer than what `text` kept.
    cut: bool,
}

impl Default for Snippet {
    fn default() -> Snippet {
        Snippet {
            // Room for the longest snippet and the character that overflows it: the buffer is
            // reused for every sentence and never grows.
            text: String::with_capacity(SNIPPET_BYTES + 4),
            cut: false,
        }
    }
}

impl Snippet {
    /// A new sentence starts.
    pub fn clear(&mut self) {
        self.text.clear();
        self.cut = false;
    }

    /// A run of ASCII letters and digits (or any text without whitespace).
    pub fn push_run(&mut self, run: &str) {
        if self.cut {
            return;
        }
        if self.text.len() + run.len() <= SNIPPET_BYTES {
            self.text.push_str(run);
        } else {
            run.chars().for_each(|c| self.push(c));
        }
    }

    /// Words of letters and digits (ASCII and Latin-1), each followed by one space or by one ASCII mark
    /// (`,`, `;`, `:`, `.`, `!`, `?`) and one space (the last word may be followed by a mark
    /// alone, or nothing): what [`Self::push_run`] and [`Self::push`] of each word, mark and
    /// space give, in one copy while they fit.
    pub fn push_words(&mut self, words: &str) {
        if self.cut {
            return;
        }
        if self.text.len() + words.len() <= SNIPPET_BYTES {
            self.text.push_str(words);
            return;
        }
        // What fits goes in whole; the word the limit cuts into is then dropped, as `push`
        // drops it. When the limit falls on a space, the text is full but not cut until
        // another word comes.
        let mut room = SNIPPET_BYTES - self.text.len();
        let at_space = words.as_bytes()[room] == b' ';
        // Inside a letter of two bytes, the letter goes with the rest of its word.
        while !words.is_char_boundary(room) {
            room -= 1;
        }
        self.text.push_str(&words[..room]);
        if !at_space || room + 1 < words.len() {
            self.cut_at_last_word();
        }
    }

    /// The snippet is full: keep its whole words only.
    fn cut_at_last_word(&mut self) {
        self.cut = true;
        if !self.text.ends_with(' ')
            && let Some(space) = self.text.rfind(' ')
        {
            self.text.truncate(space);
        }
    }

    /// One character; whitespace becomes one space.
    pub fn push(&mut self, c: char) {
        if self.cut {
            return;
        }
        if self.text.len() + c.len_utf8() > SNIPPET_BYTES {
            if !c.is_whitespace() {
                // Keep whole words only: drop the one the limit cut into.
                self.cut_at_last_word();
            }
            return;
        }
        if c.is_whitespace() {
            if !self.text.ends_with(' ') {
                self.text.push(' ');
            }
        } else {
            self.text.push(c);
        }
    }

    /// The text to show, into `text` (cleared first; its buffer is reused): trimmed, with
    /// `…` when the sentence goes on.
    pub fn show_into(&self, text: &mut String) {
        text.clear();
        text.push_str(self.text.trim_end());
        if self.cut {
            text.push('…');
        }
    }
}
