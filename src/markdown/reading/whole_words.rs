//! The meter's short way: whole words of letters and digits (ASCII and Latin-1, the word
//! bytes of [`ascii::WordBytes`]; most words of any text)
//! counted where they lie, with the totals in registers, up to the end of a sentence.

use super::abbreviation;
use super::ascii;
use super::syllables;

/// How a run of whole words read by [`read_whole_words`] ended.
pub enum Stop {
    /// At something else (not read), at the end of the text, or after a mark that ends no
    /// sentence.
    Other,
    /// After a full stop (`.` after a word that is no abbreviation, `!`, `?`) at the end of
    /// the text.
    FullStopAtEnd,
    /// After a full stop and a space, before something other than a word.
    FullStopBeforeOther,
    /// After a full stop and a space, before a word.
    FullStopBeforeWord,
}

/// Whole words read by [`read_whole_words`]: how many, their syllables and polysyllables,
/// where the reading ended and how.
pub struct WholeWords {
    /// Words read.
    pub words: u32,
    /// Their syllables.
    pub syllables: u32,
    /// Those of three syllables or more.
    pub polysyllables: u32,
    /// Where the next thing to read starts.
    pub end: usize,
    /// How the reading ended.
    pub stop: Stop,
}

/// Reads the whole words (runs of word bytes) from `i` on that end the ways most
/// words end: followed by a space, by `,`, `;`, `:`, `.`, `!` or `?` and a space, or by one
/// of those marks at the end of the text (a word at the very end may go on in the next
/// text, and is left to the caller). Stops after the first full stop, and
/// before anything else (a word ended another way is not read). The totals stay in
/// registers, only `counter` is borrowed, and each word is read from the map's padded
/// window: two bounds checks a word.
#[inline(always)]
pub fn read_whole_words(
    counter: &mut syllables::Counter<'_>,
    map: &ascii::WordBytes,
    mut i: usize,
) -> WholeWords {
    let (mut words, mut syllables, mut polysyllables) = (0, 0, 0);
    let stop = loop {
        let Some((window, len)) = map.window(i) else {
            break Stop::Other;
        };
        if len == 0 {
            break Stop::Other;
        }
        // How many bytes after the word are read with it, and whether they end a sentence.
        let (read, full_stop) = match window[len] {
            b' ' => (1, false),
            mark @ (b',' | b';' | b':' | b'.' | b'!' | b'?') => {
                let read = if window[len + 1] == b' ' {
                    2
                } else if i + len + 1 == map.len() {
                    1
                } else {
                    break Stop::Other;
                };
                let full_stop = match mark {
                    b'.' => !is_whole_word_abbreviation(window, len),
                    b'!' | b'?' => true,
                    _ => false,
                };
                (read, full_stop)
            }
            _ => break Stop::Other,
        };
        let n = counter.count_window(window, len).max(1);
        words += 1;
        syllables += n;
        polysyllables += u32::from(n >= 3);
        let end = i + len;
        i = end + read;
        if full_stop {
            break if i == end + 1 {
                Stop::FullStopAtEnd
            } else if map.run_from(i) == 0 {
                Stop::FullStopBeforeOther
            } else {
                Stop::FullStopBeforeWord
            };
        }
    };
    WholeWords {
        words,
        syllables,
        polysyllables,
        end: i,
        stop,
    }
}

/// Whether the whole word of word bytes at the start of `window`, `len` bytes
/// long, is an abbreviation or an initial: [`is_abbreviation`] of it, from its packed bytes.
///
/// [`is_abbreviation`]: abbreviation::is_abbreviation
#[inline(always)]
fn is_whole_word_abbreviation(window: &[u8; ascii::WINDOW], len: usize) -> bool {
    // A single Latin-1 letter is an initial, as a single ASCII letter is.
    (len == 2 && window[0] == 0xC3)
        || (len <= abbreviation::MAX_BYTES
            && abbreviation::is_packed_abbreviation(syllables::short_window_key(window, len)))
}
