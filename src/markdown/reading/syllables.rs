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

/// How many distinct words each thread remembers before it starts over (bounds the memory a
/// file of random words can take).
const CACHE_LIMIT: usize = 100_000;
/// Longer "words" (a pasted hash, a run of letters) are not hyphenated or remembered: they
/// count one syllable per eight letters.
pub const MAX_WORD_BYTES: usize = 48;

thread_local! {
    /// Syllables of the words seen on this thread, per language, keyed by [`hash`] of the
    /// lowercase word: most of a site's words repeat, so each distinct word is hyphenated once
    /// per thread, and a word already seen costs a hash computed while it is scanned.
    static CACHE: RefCell<[FxHashMap<u64, u8>; 2]> = RefCell::new(Default::default());
}

/// The FNV-1a hash the cache keys words by, started with [`HASH_START`] and fed one byte of
/// the lowercase word at a time (so a scanner can compute it as it reads). Two words of a
/// site sharing a 64-bit hash would share a syllable count: with 100,000 distinct words the
/// chance is about one in four billion, and the cost one word miscounted.
pub fn hash(state: u64, byte: u8) -> u64 {
    (state ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
}

/// The state [`hash`] starts from.
pub const HASH_START: u64 = 0xcbf2_9ce4_8422_2325;

/// The syllables of `word`, which is lowercase letters (digits count as one syllable).
pub fn count(word: &str, language: Language) -> u32 {
    with_cache(language, |cache| cache.count(word))
}

/// This thread's remembered counts for one language, borrowed for a stretch of text (one
/// borrow per text, not per word: the words of a whole site go through here).
pub struct Cache<'a> {
    map: &'a mut FxHashMap<u64, u8>,
    language: Language,
}

impl Cache<'_> {
    /// [`count`], remembered.
    pub fn count(&mut self, word: &str) -> u32 {
        if word.is_empty() {
            return 0;
        }
        let hashed = word.bytes().fold(HASH_START, hash);
        self.count_hashed(word, hashed)
    }

    /// The count of the word a run of ASCII letters and digits in any case makes, whose
    /// lowercase bytes hash to `hashed`: what [`Self::count`] of the lowercase run (cut after
    /// `MAX_WORD_BYTES + 1` bytes, as the meter cuts words) gives, without copying it unless
    /// it was never seen.
    pub fn count_ascii(&mut self, run: &str, hashed: u64) -> u32 {
        let kept = run.len().min(MAX_WORD_BYTES + 1);
        self.count_hashed(&run[..kept], hashed)
    }

    /// `word` is lowercase unless it is ASCII (then it is lowercased on a miss).
    fn count_hashed(&mut self, word: &str, hashed: u64) -> u32 {
        if word.len() > MAX_WORD_BYTES {
            return u32::try_from(word.len() / 8).unwrap_or(u32::MAX);
        }
        if let Some(&n) = self.map.get(&hashed) {
            return u32::from(n);
        }
        let n = uncached(&word.to_lowercase(), self.language);
        if self.map.len() >= CACHE_LIMIT {
            self.map.clear();
        }
        self.map.insert(hashed, u8::try_from(n).unwrap_or(u8::MAX));
        n
    }
}

/// Runs `work` with this thread's cache for `language`.
pub fn with_cache<T>(language: Language, work: impl FnOnce(&mut Cache<'_>) -> T) -> T {
    CACHE.with(|cache| {
        let mut maps = cache.borrow_mut();
        let mut cache = Cache {
            map: &mut maps[language as usize],
            language,
        };
        work(&mut cache)
    })
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
}
