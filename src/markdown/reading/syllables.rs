//! Syllables of a word, from hyphenation patterns.
//!
//! The word is first cut where the language's TeX hyphenation patterns allow a break (the
//! `hypher` crate, which embeds the patterns as compiled automata: no load time, no
//! allocation). Spanish hyphenation *is* its syllabification (the Real Academia's rules), so
//! for Spanish the pieces are the syllables, with the patterns allowed to break one letter from
//! either end. English patterns are written for typesetting: they never break two letters from
//! the start or three from the end and skip breaks a typesetter would avoid (`area`, `idea`,
//! `surgery` have no break at all), so alone they undercount English by about a tenth. Each
//! English piece is therefore counted by its vowel groups, with the silent endings English
//! spelling has (`-e`, `-es`, `-ed`, `-que`, `-ely`, `-ement`), and never as less than one.
//! docs/editorial.md compares the result with the CMU Pronouncing Dictionary.

use std::cell::RefCell;

use rustc_hash::FxHashMap;

use super::Language;
use super::ascii;

/// How many distinct words each thread remembers before it starts over (bounds the memory a
/// file of random words can take).
const CACHE_LIMIT: usize = 100_000;
/// Longer "words" (a pasted hash, a run of letters) are not hyphenated or remembered: they
/// count one syllable per eight letters.
pub const MAX_WORD_BYTES: usize = 48;

thread_local! {
    /// Syllables of the words seen on this thread, per language, keyed by [`key`] of the
    /// lowercase word: most of a site's words repeat, so each distinct word is hyphenated once
    /// per thread. A [`Cache`] takes its language's map out for the length of a body.
    static CACHE: RefCell<[Counts; 2]> = RefCell::new(Default::default());
}

/// Slots of the table of recent words in front of the map (a power of two).
const RECENT_SLOTS: usize = 4096;

/// One language's remembered counts.
#[derive(Debug, Default)]
struct Counts {
    /// Every word seen, up to [`CACHE_LIMIT`].
    map: FxHashMap<u64, u8>,
    /// A direct-mapped table of (key, count) in front of `map`, [`RECENT_SLOTS`] long once
    /// used: the common words of a text are found with one multiplication and one comparison.
    /// Key 0 (no word has it) marks an empty slot.
    recent: Option<Box<RecentWords>>,
}

/// The table of recent words: (key, count) per slot.
type RecentWords = [(u64, u32); RECENT_SLOTS];

/// The key the cache files a lowercase word under: a word of up to eight bytes (most words)
/// is its own key, its bytes packed into the integer, so it can share its count with no other
/// word; a longer one is hashed eight bytes at a time. Two words of a site sharing a 64-bit
/// hash would share a syllable count: with 100,000 distinct words the chance is about one in
/// four billion, and the cost one word miscounted.
pub fn key(word: &[u8]) -> u64 {
    if word.len() <= 8 {
        return packed(word);
    }
    word.chunks(8).fold(LONG_KEY_START, |state, chunk| {
        long_key_step(state, packed(chunk))
    })
}

/// The keys made from a run's bytes below (`*_ascii_*`, `*window*`) set the `0x20` bit of
/// every byte. A Latin-1 letter of the run (`C3 xx`, which the meter's map counts as a word's
/// bytes) then gets one key in either case too, but not the one [`key`] gives its lowercase
/// word (`é` is `C3 A9`, keyed `E3 A9`): such a word is remembered under two keys, with the
/// same count.
///
/// [`key`] of the lowercase form of `run`, a run of ASCII letters and digits in any case:
/// lowercasing them is setting the `0x20` bit (digits have it already), eight bytes at once.
pub fn key_of_ascii_run(run: &[u8]) -> u64 {
    if run.len() <= 8 {
        return lowercase_packed(run);
    }
    run.chunks(8).fold(LONG_KEY_START, |state, chunk| {
        long_key_step(state, lowercase_packed(chunk))
    })
}

/// The state the hash of a word longer than eight bytes starts from.
const LONG_KEY_START: u64 = 0xcbf2_9ce4_8422_2325;

/// The hash of a word longer than eight bytes, after one more of its eight-byte pieces.
#[inline(always)]
fn long_key_step(state: u64, piece: u64) -> u64 {
    (state.rotate_left(5) ^ piece).wrapping_mul(0x517c_c1b7_2722_0a95)
}

/// Setting this bit in each byte lowercases an ASCII letter and leaves a digit as it is.
const LOWERCASE: u64 = 0x2020_2020_2020_2020;

/// The low `len` bytes of a word (1 to 8).
#[inline(always)]
fn present(len: usize) -> u64 {
    u64::MAX >> (64 - 8 * len)
}

/// Up to eight bytes as a little-endian integer, zero-padded.
fn packed(bytes: &[u8]) -> u64 {
    let mut padded = [0; 8];
    padded[..bytes.len()].copy_from_slice(bytes);
    u64::from_le_bytes(padded)
}

/// [`packed`] of up to eight ASCII letters and digits, lowercased.
fn lowercase_packed(run: &[u8]) -> u64 {
    packed(run) | (LOWERCASE & present(run.len()))
}

/// [`key`] of the lowercase form of the run of 1 to 8 ASCII letters and digits at `at` in
/// `text`, `len` bytes long: its bytes, packed.
#[inline(always)]
pub fn short_ascii_key(text: &[u8], at: usize, len: usize) -> u64 {
    (ascii::load8(text, at) | LOWERCASE) & present(len)
}

/// The eight bytes of `window` from `at` (0 or 8), lowercased where they are letters.
#[inline(always)]
fn window_key(window: &[u8; ascii::WINDOW], at: usize) -> u64 {
    let (eights, _) = window.as_chunks::<8>();
    u64::from_le_bytes(eights[at / 8]) | LOWERCASE
}

/// [`short_ascii_key`] of the run of 1 to 8 ASCII letters and digits at the start of `window`,
/// `len` bytes long.
#[inline(always)]
pub fn short_window_key(window: &[u8; ascii::WINDOW], len: usize) -> u64 {
    window_key(window, 0) & present(len)
}

/// One language's remembered counts, taken from this thread's store for as long as a body is
/// measured (one borrow of the thread-local per body, not per word or per text) and given back
/// by [`Cache::give_back`].
#[derive(Debug, Default)]
pub struct Cache {
    counts: Counts,
    language: Language,
}

impl Cache {
    /// This thread's cache for `language`.
    pub fn take(language: Language) -> Cache {
        let mut counts =
            CACHE.with(|cache| std::mem::take(&mut cache.borrow_mut()[language as usize]));
        counts.recent.get_or_insert_with(recent_words);
        Cache { counts, language }
    }

    /// Returns the counts to this thread's store, for the next body.
    pub fn give_back(self) {
        CACHE.with(|cache| cache.borrow_mut()[self.language as usize] = self.counts);
    }

    /// [`count`], remembered.
    pub fn count(&mut self, word: &str) -> u32 {
        if word.is_empty() {
            return 0;
        }
        let word = word.as_bytes();
        if word.len() > MAX_WORD_BYTES {
            return long_word(word.len());
        }
        let key = key(word);
        let mut counter = self.counter();
        let slot = recent_slot(key);
        match counter.recent[slot] {
            (seen, n) if seen == key => n,
            _ => counter.unseen(word, key, slot),
        }
    }

    /// The count of the word that the run of ASCII letters and digits (in any case) at `at`
    /// in `text`, `len` bytes long, makes: [`Counter::count_ascii`].
    pub fn count_ascii(&mut self, text: &[u8], at: usize, len: usize) -> u32 {
        self.counter().count_ascii(text, at, len)
    }

    /// The table of recent words and the map, borrowed apart for a loop over words.
    #[inline(always)]
    pub fn counter(&mut self) -> Counter<'_> {
        Counter {
            recent: self.counts.recent.get_or_insert_with(recent_words),
            map: &mut self.counts.map,
            language: self.language,
        }
    }
}

/// A new, empty table of recent words.
fn recent_words() -> Box<RecentWords> {
    Box::new([(0, 0); RECENT_SLOTS])
}

/// The slot of the table of recent words for `key`. Fibonacci hashing: the top bits of the
/// product depend on every byte of the key.
#[inline(always)]
fn recent_slot(key: u64) -> usize {
    (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 52) as usize % RECENT_SLOTS
}

/// A [`Cache`]'s table of recent words and map, borrowed apart: a loop over the words of a
/// text keeps the table's address in a register, and only a word missing from the table
/// (rare after a site's first pages) leaves the loop.
pub struct Counter<'c> {
    recent: &'c mut RecentWords,
    map: &'c mut FxHashMap<u64, u8>,
    language: Language,
}

impl Counter<'_> {
    /// The count of the word that the run of ASCII letters and digits (in any case) at `at`
    /// in `text`, `len` bytes long, makes: what [`Cache::count`] of the lowercase run (cut
    /// after `MAX_WORD_BYTES + 1` bytes, as the meter cuts words) gives, without copying it
    /// unless it was never seen. A run of up to sixteen bytes is keyed from one or two loads.
    #[inline(always)]
    pub fn count_ascii(&mut self, text: &[u8], at: usize, len: usize) -> u32 {
        let key = if len <= 8 {
            short_ascii_key(text, at, len)
        } else if len <= 16 {
            let first = ascii::load8(text, at) | LOWERCASE;
            let second = (ascii::load8(text, at + 8) | LOWERCASE) & present(len - 8);
            long_key_step(long_key_step(LONG_KEY_START, first), second)
        } else if len <= MAX_WORD_BYTES {
            key_of_ascii_run(text.get(at..at + len).unwrap_or_default())
        } else {
            return long_word(len.min(MAX_WORD_BYTES + 1));
        };
        let slot = recent_slot(key);
        match self.recent[slot] {
            (seen, n) if seen == key => n,
            _ => self.unseen(text.get(at..at + len).unwrap_or_default(), key, slot),
        }
    }

    /// [`Self::count_ascii`] of the run of ASCII letters and digits at the start of `window`,
    /// `len` bytes long (1 to 63): the same count, with no bounds checks (the window is longer
    /// than any run it holds).
    #[inline(always)]
    pub fn count_window(&mut self, window: &[u8; ascii::WINDOW], len: usize) -> u32 {
        let first = window_key(window, 0);
        let key = if len <= 8 {
            first & present(len)
        } else if len <= 16 {
            let second = window_key(window, 8) & present(len - 8);
            long_key_step(long_key_step(LONG_KEY_START, first), second)
        } else if len <= MAX_WORD_BYTES {
            key_of_ascii_run(&window[..len])
        } else {
            return long_word(len.min(MAX_WORD_BYTES + 1));
        };
        let slot = recent_slot(key);
        match self.recent[slot] {
            (seen, n) if seen == key => n,
            _ => self.unseen(&window[..len], key, slot),
        }
    }

    /// The count of `word` (lowercase unless it is ASCII, then lowercased here; at most
    /// `MAX_WORD_BYTES` long), missing from the table of recent words; now in it.
    #[cold]
    #[inline(never)]
    fn unseen(&mut self, word: &[u8], key: u64, slot: usize) -> u32 {
        let n = match self.map.get(&key) {
            Some(&n) => u32::from(n),
            None => {
                // `word` came from a `str`: the lossless case of `from_utf8_lossy`.
                let word = String::from_utf8_lossy(word).to_lowercase();
                let n = u8::try_from(uncached(&word, self.language)).unwrap_or(u8::MAX);
                if self.map.len() >= CACHE_LIMIT {
                    self.map.clear();
                }
                self.map.insert(key, n);
                u32::from(n)
            }
        };
        self.recent[slot] = (key, n);
        n
    }
}

/// The count of a "word" too long to hyphenate: one syllable per eight bytes.
fn long_word(bytes: usize) -> u32 {
    u32::try_from(bytes / 8).unwrap_or(u32::MAX)
}

/// The syllables of `word`, which is lowercase letters (digits count as one syllable).
pub fn count(word: &str, language: Language) -> u32 {
    let mut cache = Cache::take(language);
    let n = cache.count(word);
    cache.give_back();
    n
}

/// [`count`] without the cache.
pub fn uncached(word: &str, language: Language) -> u32 {
    if !word.chars().any(char::is_alphabetic) {
        // A number: read aloud it has syllables, but no formula expects them counted.
        return 1;
    }
    match language {
        Language::Spanish => hypher::hyphenate_bounded(word, hypher::Lang::Spanish, 1, 1)
            .map(spanish_piece)
            .sum(),
        Language::English => {
            let pieces: Vec<&str> = hypher::hyphenate(word, hypher::Lang::English).collect();
            let last = pieces.len().saturating_sub(1);
            pieces
                .iter()
                .enumerate()
                .map(|(i, piece)| english_piece(piece.as_bytes(), i == last))
                .sum()
        }
    }
}

/// The syllables of one piece of a Spanish word. Spanish typesetting never splits a group of
/// vowels, even where it is two syllables, so the nuclei are counted by the orthographic
/// rules: two strong vowels (a, e, o) are two syllables (`le-er`), an accented í or ú breaks
/// the group (`dí-a`, `o-í-do`), and any other pair is one diphthong (`a-gua`, `cui-da`).
fn spanish_piece(piece: &str) -> u32 {
    let strong = |c: char| matches!(c, 'a' | 'e' | 'o' | 'á' | 'é' | 'ó');
    let weak = |c: char| matches!(c, 'i' | 'u' | 'ü');
    let stressed_weak = |c: char| matches!(c, 'í' | 'ú');
    let vowel = |c: char| strong(c) || weak(c) || stressed_weak(c);
    let mut nuclei = 0;
    let mut previous: Option<char> = None;
    for c in piece.chars() {
        if vowel(c) {
            let new_nucleus = match previous {
                Some(p) if vowel(p) => {
                    (strong(p) && strong(c)) || stressed_weak(c) || stressed_weak(p)
                }
                _ => true,
            };
            nuclei += u32::from(new_nucleus);
        }
        previous = Some(c);
    }
    nuclei.max(1)
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// The syllables of one piece of an English word between two allowed hyphenation points.
fn english_piece(piece: &[u8], last: bool) -> u32 {
    let mut groups = 0;
    let mut previous_vowel = false;
    for (i, &c) in piece.iter().enumerate() {
        // Non-ASCII letters (an é in a loanword) count as vowels.
        let vowel = (is_vowel(c) && !(c == b'y' && i == 0)) || c >= 0x80;
        if vowel && !previous_vowel {
            groups += 1;
        }
        previous_vowel = vowel;
    }
    if groups > 1 && silent_ending(piece, last) {
        groups -= 1;
    }
    groups.max(1)
}

/// Whether the piece ends in a letter group English writes but does not say: the `e` of
/// `some`, `move`, `table` is kept for `-le` after a consonant; `-es`/`-ed` are silent after
/// most consonants at the end of a word (`times`, `called`), but not in `-ted`, `-ded`,
/// `-ses`, `-ches`, …
fn silent_ending(piece: &[u8], last: bool) -> bool {
    let n = piece.len();
    let at = |k: usize| piece[n - k];
    let consonant = |c: u8| !is_vowel(c) && c < 0x80;
    if n >= 3 && at(1) == b'e' && consonant(at(2)) && !(at(2) == b'l' && consonant(at(3))) {
        return true;
    }
    if ["que", "ely", "ement", "eful", "eness"]
        .iter()
        .any(|end| piece.ends_with(end.as_bytes()))
    {
        return true;
    }
    if !last || n < 4 || !(piece.ends_with(b"es") || piece.ends_with(b"ed")) {
        return false;
    }
    let before = at(3);
    let voiced_again = [
        "ted", "ded", "ses", "zes", "ces", "ges", "xes", "ches", "shes",
    ]
    .iter()
    .any(|end| piece.ends_with(end.as_bytes()));
    let syllabic_l = before == b'l' && consonant(at(4)) && at(4) != b'l';
    consonant(before) && !voiced_again && !syllabic_l
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english(word: &str) -> u32 {
        uncached(word, Language::English)
    }

    #[test]
    fn counts_common_english_words_like_a_dictionary() {
        // Each count is the CMU Pronouncing Dictionary's.
        for (word, syllables) in [
            ("the", 1),
            ("spine", 1),
            ("surgery", 3),
            ("therapy", 3),
            ("physical", 3),
            ("injection", 3),
            ("inflammation", 4),
            ("sometimes", 2),
            ("movement", 2),
            ("called", 1),
            ("stretches", 2),
            ("muscles", 2),
            ("table", 2),
            ("technique", 2),
            ("people", 2),
            ("vertebra", 3),
            ("exercise", 3),
        ] {
            assert_eq!(english(word), syllables, "{word}");
        }
    }

    #[test]
    fn counts_spanish_syllables_from_spanish_patterns() {
        for (word, syllables) in [
            ("dolor", 2),
            ("espalda", 3),
            ("terapia", 3),
            ("ejercicio", 4),
            ("médico", 3),
            ("columna", 3),
            ("agua", 2),
            ("inflamación", 4),
            ("oído", 3),
            ("cirugía", 4),
            ("leer", 2),
            ("cuidado", 3),
            ("y", 1),
        ] {
            assert_eq!(uncached(word, Language::Spanish), syllables, "{word}");
        }
    }

    #[test]
    fn numbers_are_one_syllable_and_the_cache_agrees() {
        assert_eq!(count("2026", Language::English), 1);
        assert_eq!(count("therapy", Language::English), 3);
        assert_eq!(count("therapy", Language::English), 3);
        assert_eq!(count("", Language::English), 0);
    }

    #[test]
    fn a_run_in_any_case_counts_and_keys_as_its_lowercase_word() {
        let words = [
            "a",
            "Spine",
            "THERAPY",
            "physical",
            "Inflammation",
            "spondylolisthesis",
            "2026",
            "X1",
            "supercalifragilisticexpialidociousnessandthensome",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        ];
        let mut cache = Cache::take(Language::English);
        for word in words {
            let lowercase = word.to_ascii_lowercase();
            // The meter keeps at most `MAX_WORD_BYTES + 1` bytes of a word it builds up.
            let built = &lowercase[..lowercase.len().min(MAX_WORD_BYTES + 1)];
            assert_eq!(
                key_of_ascii_run(word.as_bytes()),
                key(lowercase.as_bytes()),
                "{word}"
            );
            // Twice each: once unseen, once from the table of recent words; alone, at the
            // start of a text and after something (the bytes around it are not its own).
            for (text, at) in [
                (word.to_string(), 0),
                (format!("{word} Xy, z"), 0),
                (format!("a {word}"), 2),
                (format!("Ab {word}Zq.,;"), 3),
            ] {
                for _ in 0..2 {
                    assert_eq!(
                        cache.count_ascii(text.as_bytes(), at, word.len()),
                        cache.count(built),
                        "{word} in {text:?}"
                    );
                }
            }
            assert_eq!(cache.count(built), uncached_or_long(built), "{word}");
        }
        cache.give_back();
    }

    fn uncached_or_long(word: &str) -> u32 {
        if word.len() > MAX_WORD_BYTES {
            long_word(word.len())
        } else {
            uncached(word, Language::English)
        }
    }
}
