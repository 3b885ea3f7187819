//! Abbreviations and initials, whose period does not end a sentence (`Dr. Park`, `J. Smith`),
//! found with one multiplication and one comparison of the word packed into an integer.

/// The words whose period never ends a sentence, lowercase, besides single letters (initials).
const WORDS: [&[u8]; 18] = [
    b"dr", b"mr", b"mrs", b"ms", b"prof", b"st", b"vs", b"etc", b"approx", b"fig", b"no", b"e.g",
    b"i.e", b"sr", b"jr", b"dra", b"sra", b"srta",
];

/// The longest abbreviation, in bytes.
pub const MAX_BYTES: usize = 6;

/// Multiplier of the table's hash: the one below files every entry in a slot of its own (the
/// table is built at compile time and refuses to build otherwise).
const MULTIPLIER: u64 = 0x1f27_5ac5_c775_e62b;
const SLOT_BITS: u32 = 6;

/// Each abbreviation and single ASCII letter as its packed bytes, in the slot its hash names;
/// [`EMPTY`] in the others.
const TABLE: [u64; 1 << SLOT_BITS] = table();

/// An empty slot: eight 0xFF bytes, which no UTF-8 text has (the empty word packs to 0).
const EMPTY: u64 = u64::MAX;

const fn pack(word: &[u8]) -> u64 {
    let mut packed = 0;
    let mut i = word.len();
    while i > 0 {
        i -= 1;
        packed = (packed << 8) | word[i] as u64;
    }
    packed
}

const fn slot(key: u64) -> usize {
    (key.wrapping_mul(MULTIPLIER) >> (64 - SLOT_BITS)) as usize
}

const fn table() -> [u64; 1 << SLOT_BITS] {
    let mut table = [EMPTY; 1 << SLOT_BITS];
    let mut letter = b'a';
    while letter <= b'z' {
        table = with(table, pack(&[letter]));
        letter += 1;
    }
    let mut i = 0;
    while i < WORDS.len() {
        table = with(table, pack(WORDS[i]));
        i += 1;
    }
    table
}

const fn with(mut table: [u64; 1 << SLOT_BITS], key: u64) -> [u64; 1 << SLOT_BITS] {
    let at = slot(key);
    assert!(
        table[at] == EMPTY,
        "two abbreviations share a slot: pick another MULTIPLIER"
    );
    table[at] = key;
    table
}

/// Whether the word whose lowercase bytes pack (little-endian, as
/// [`crate::markdown::reading::syllables::key`] packs a word of up to eight bytes) into `key`
/// is an abbreviation or a single ASCII letter. Only for words of at most [`MAX_BYTES`] bytes
/// (a longer word's key is a hash, not its bytes).
#[inline(always)]
pub fn is_packed_abbreviation(key: u64) -> bool {
    TABLE[slot(key)] == key
}

/// Whether `word` (the last word before a period, lowercase unless it is ASCII) is an
/// abbreviation or an initial (any single letter), whose period does not end a sentence.
pub fn is_abbreviation(word: &str) -> bool {
    if word.len() > MAX_BYTES {
        return false;
    }
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return c.is_alphabetic();
    }
    let mut lowercase = [0; 8];
    lowercase[..word.len()].copy_from_slice(word.as_bytes());
    lowercase.make_ascii_lowercase();
    is_packed_abbreviation(u64::from_le_bytes(lowercase))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule as a list, compared word by word.
    fn by_list(word: &str) -> bool {
        let mut chars = word.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return c.is_alphabetic();
        }
        let lowercase = word.to_ascii_lowercase();
        WORDS.contains(&lowercase.as_bytes())
    }

    #[test]
    fn every_abbreviation_and_letter_is_found_in_any_case() {
        for word in WORDS
            .iter()
            .map(|w| std::str::from_utf8(w).unwrap_or_default())
        {
            for form in [
                word.to_string(),
                word.to_ascii_uppercase(),
                capitalised(word),
            ] {
                assert!(is_abbreviation(&form), "{form}");
            }
        }
        for letter in ('a'..='z').chain('A'..='Z').chain(['é', 'Ñ']) {
            assert!(is_abbreviation(&letter.to_string()), "{letter}");
        }
    }

    fn capitalised(word: &str) -> String {
        word[..1].to_ascii_uppercase() + &word[1..]
    }

    #[test]
    fn other_words_are_not_abbreviations_as_the_list_says() {
        // Every word of up to three letters from a small alphabet, and common words around
        // the abbreviations (one letter more or less, digits, the period inside).
        let alphabet = [
            "", "a", "d", "r", "s", "t", "m", "o", "n", "1", ".", "'", "é",
        ];
        for a in alphabet {
            for b in alphabet {
                for c in alphabet {
                    let word = format!("{a}{b}{c}");
                    assert_eq!(is_abbreviation(&word), by_list(&word), "{word:?}");
                }
            }
        }
        for word in [
            "drs",
            "mrss",
            "profs",
            "etcs",
            "approxx",
            "approximately",
            "figure",
            "not",
            "srtas",
            "5",
            "42",
            "eg",
            "ie",
            "e.g.",
            "Spine",
            "the",
            "pain",
            "back",
            "day",
            "SRTA",
            "Prof",
        ] {
            assert_eq!(is_abbreviation(word), by_list(word), "{word:?}");
        }
    }
}
