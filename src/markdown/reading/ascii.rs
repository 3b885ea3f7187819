//! Where the runs of ASCII letters and digits of a text lie (most of any text is such runs),
//! as one bit per byte, found 64 bytes at a time: with SSE2 where the target has it (every
//! x86-64 does), with eight-byte integer arithmetic elsewhere. The letters of Latin-1 (á, é,
//! ñ, ü: `C3 xx` in UTF-8) count as letters too, both their bytes, so that a Spanish or French
//! word is one run like an English one. The map under the reading meter's short way: a word's
//! end is then a count of trailing ones.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The eight bytes of `bytes` from `at` as a little-endian integer, zero-padded past the end.
#[inline(always)]
pub fn load8(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..at + 8) {
        Some(eight) => u64::from_le_bytes(eight.try_into().unwrap_or([0; 8])),
        None => load_padded(bytes, at),
    }
}

#[cold]
fn load_padded(bytes: &[u8], at: usize) -> u64 {
    let mut padded = [0; 8];
    let rest = bytes.get(at..).unwrap_or(&[]);
    let rest = &rest[..rest.len().min(8)];
    padded[..rest.len()].copy_from_slice(rest);
    u64::from_le_bytes(padded)
}

/// How many bytes of the text [`WordBytes::window`] gives from a position: more than the
/// longest run it reports (63) and the two bytes after it.
pub const WINDOW: usize = 80;

/// Which bytes of a text are ASCII letters or digits: bit `j` of word `k` stands for byte
/// `64 k + j`; with a copy of the text padded with zeros. Two words more than the text needs,
/// always zero, end the map, so the bits from any position up to the text's end lie in two
/// words that exist, and a run stops at the end; the copy has two blocks of zeros more than
/// the text needs, so [`WINDOW`] bytes from any such position exist.
#[derive(Debug, Default)]
pub struct WordBytes {
    bits: Vec<u64>,
    bytes: Vec<u8>,
    len: usize,
}

impl WordBytes {
    /// Maps `bytes` (replacing what was mapped before; the buffers are reused).
    pub fn map(&mut self, bytes: &[u8]) {
        self.map_with(bytes, alphanumeric64);
    }

    /// [`Self::map`] with a given classifier of 64 bytes (the tests run both).
    fn map_with(&mut self, bytes: &[u8], classify: Classifier) {
        let blocks = bytes.len().div_ceil(64);
        self.len = bytes.len();
        self.bytes.clear();
        self.bytes.extend_from_slice(bytes);
        self.bytes.resize(64 * (blocks + 2), 0);
        self.bits.clear();
        let (text_blocks, _) = self.bytes[..64 * blocks].as_chunks::<64>();
        self.bits.extend(text_blocks.iter().map(classify));
        self.bits.extend([0, 0]);
        if !bytes.is_ascii() {
            for lead in memchr::memchr_iter(0xC3, bytes) {
                if bytes
                    .get(lead + 1)
                    .is_some_and(|&tail| is_latin1_letter_tail(tail))
                {
                    for at in [lead, lead + 1] {
                        self.bits[at / 64] |= 1 << (at % 64);
                    }
                }
            }
        }
    }

    /// The length of the text mapped last.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the text mapped last is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The [`WINDOW`] bytes of the text from `at` (zeros past its end) and how many of them
    /// are ASCII letters or digits from the first on, up to 63 (a longer run reports 63, and
    /// its 64th byte is a letter or digit). `None` only past the text's end. One bounds check
    /// of each buffer, then none: the run and the two bytes after it lie in the window.
    #[inline(always)]
    pub fn window(&self, at: usize) -> Option<(&[u8; WINDOW], usize)> {
        let bits: &[u64; 2] = self.bits.get(at / 64..at / 64 + 2)?.try_into().ok()?;
        let window: &[u8; WINDOW] = self.bytes.get(at..at + WINDOW)?.try_into().ok()?;
        let pair = ((u128::from(bits[1]) << 64) | u128::from(bits[0])) >> (at % 64);
        // The top bit set: the count needs no case for zero, and stops at 63.
        let run = (!(pair as u64) | (1 << 63)).trailing_zeros() as usize;
        Some((window, run))
    }

    /// How many bytes from `at` on are ASCII letters or digits, up to 64 (0 at the end).
    /// `at` is at most the length of the text mapped last.
    #[inline(always)]
    pub fn run_from(&self, at: usize) -> usize {
        let word = at / 64;
        let shift = at % 64;
        // In bounds for any `at` up to the text's length: `map` adds two zero words.
        let low = self.bits[word] >> shift;
        // `<< 1 << (63 - shift)`: the next word's bits above the current word's, shifting
        // everything out when `shift` is 0 (a single `<< (64 - shift)` would overflow).
        let high = (self.bits[word + 1] << 1) << (63 - shift);
        (!(low | high)).trailing_zeros() as usize
    }

    /// The end of the run of ASCII letters and digits that starts at `start`.
    #[inline(always)]
    pub fn run_end(&self, start: usize) -> usize {
        let mut end = start + self.run_from(start);
        if end == start + 64 {
            loop {
                let more = self.run_from(end);
                end += more;
                if more < 64 {
                    break;
                }
            }
        }
        end
    }
}

/// Whether `C3` and `tail` are a letter of Latin-1 (À to þ, U+00C0–U+00FE) in UTF-8: not
/// × and ÷, which are no letters, nor ß and ÿ, whose lowercased bytes (`| 0x20`, the key of
/// the syllable cache) would be one and the same.
pub fn is_latin1_letter_tail(tail: u8) -> bool {
    matches!(tail, 0x80..=0xBE) && !matches!(tail, 0x97 | 0x9F | 0xB7)
}

/// A function giving the bits of 64 bytes that are ASCII letters or digits.
type Classifier = fn(&[u8; 64]) -> u64;

/// The bits of 64 bytes that are ASCII letters or digits, the fastest way this target has.
#[inline(always)]
fn alphanumeric64(block: &[u8; 64]) -> u64 {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    return sse2::alphanumeric64(block);
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    return alphanumeric64_portable(block);
}

/// [`alphanumeric64`] with integer arithmetic only, eight bytes at a time.
#[cfg_attr(
    all(target_arch = "x86_64", target_feature = "sse2", not(test)),
    allow(dead_code)
)]
fn alphanumeric64_portable(block: &[u8; 64]) -> u64 {
    let (eights, _) = block.as_chunks::<8>();
    eights.iter().enumerate().fold(0, |bits, (i, eight)| {
        let high = alphanumeric_bytes(u64::from_le_bytes(*eight)) >> 7;
        // Gathers the low bit of each byte (bit 8b) into bit 56 + b: the eight partial
        // products land on distinct bits, so nothing carries.
        bits | ((high.wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * i))
    })
}

/// The high bit of each byte of `x` that is an ASCII letter or digit. Each test adds a
/// constant to the byte's low seven bits, which never carries into the next byte, and reads
/// the byte's high bit: set when the byte reached the bound.
#[inline(always)]
fn alphanumeric_bytes(x: u64) -> u64 {
    let ascii = !x & HIGH;
    let low = x & !HIGH;
    let digit =
        (low + (0x80 - u64::from(b'0')) * ONES) & !(low + (0x80 - u64::from(b'9') - 1) * ONES);
    let folded = low | (0x20 * ONES);
    let letter = (folded + (0x80 - u64::from(b'a')) * ONES)
        & !(folded + (0x80 - u64::from(b'z') - 1) * ONES);
    (digit | letter) & ascii
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod sse2 {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_cmpgt_epi8, _mm_cmplt_epi8, _mm_loadu_si128, _mm_movemask_epi8,
        _mm_or_si128, _mm_set1_epi8,
    };

    /// The bits of 64 bytes that are ASCII letters or digits, sixteen bytes at a time.
    #[inline(always)]
    pub fn alphanumeric64(block: &[u8; 64]) -> u64 {
        // SAFETY: this module is compiled only for targets that enable SSE2 (the `cfg`
        // above: every x86-64 target does), so every CPU this build runs on has it.
        unsafe { alphanumeric64_sse2(block) }
    }

    #[target_feature(enable = "sse2")]
    fn alphanumeric64_sse2(block: &[u8; 64]) -> u64 {
        let mut bits = 0;
        for (i, sixteen) in block.as_chunks::<16>().0.iter().enumerate() {
            // SAFETY: `_mm_loadu_si128` reads 16 bytes with no alignment requirement, and
            // `sixteen` is exactly 16 readable bytes.
            let v = unsafe { _mm_loadu_si128(sixteen.as_ptr().cast::<__m128i>()) };
            let digit = within(v, b'0', b'9');
            let letter = within(_mm_or_si128(v, _mm_set1_epi8(0x20)), b'a', b'z');
            let found = _mm_movemask_epi8(_mm_or_si128(digit, letter)) as u32 as u64;
            bits |= found << (16 * i);
        }
        bits
    }

    /// All ones in each byte of `v` from `first` to `last`. The comparison is signed, so
    /// bytes of 0x80 and above (negative) fall below any ASCII bound and are never inside.
    #[target_feature(enable = "sse2")]
    fn within(v: __m128i, first: u8, last: u8) -> __m128i {
        _mm_and_si128(
            _mm_cmpgt_epi8(v, _mm_set1_epi8((first - 1) as i8)),
            _mm_cmplt_epi8(v, _mm_set1_epi8((last + 1) as i8)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every classifier this build has: the portable one, and SSE2 where the target has it.
    fn classifiers() -> Vec<(&'static str, Classifier)> {
        #[allow(unused_mut)]
        let mut all: Vec<(&'static str, Classifier)> = vec![("portable", alphanumeric64_portable)];
        #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
        all.push(("sse2", sse2::alphanumeric64));
        all
    }

    /// Which bytes are a word's, one at a time: ASCII letters and digits, and both bytes of
    /// a Latin-1 letter.
    fn word_bytes(bytes: &[u8]) -> Vec<bool> {
        let mut word: Vec<bool> = bytes.iter().map(u8::is_ascii_alphanumeric).collect();
        for at in 1..bytes.len() {
            if bytes[at - 1] == 0xC3 && is_latin1_letter_tail(bytes[at]) {
                word[at - 1] = true;
                word[at] = true;
            }
        }
        word
    }

    #[test]
    fn latin1_letters_are_the_letters_of_latin1_but_ss_and_y_with_diaeresis() {
        for c in '\u{80}'..='\u{FF}' {
            let mut utf8 = [0; 2];
            let bytes = c.encode_utf8(&mut utf8).as_bytes();
            let marked = bytes[0] == 0xC3 && is_latin1_letter_tail(bytes[1]);
            assert_eq!(
                marked,
                c.is_alphabetic() && c >= 'À' && !"ßÿ".contains(c),
                "{c}"
            );
        }
    }

    /// The run length from each position (and one past the end), byte by byte.
    fn by_byte(bytes: &[u8]) -> Vec<usize> {
        let word = word_bytes(bytes);
        let mut runs = vec![0; bytes.len() + 2];
        for at in (0..bytes.len()).rev() {
            if word[at] {
                runs[at] = (runs[at + 1] + 1).min(64);
            }
        }
        runs
    }

    #[test]
    fn every_byte_at_every_position_is_classed_as_is_ascii_alphanumeric_does() {
        for (name, classify) in classifiers() {
            for byte in 0..=u8::MAX {
                for position in 0..64 {
                    let mut block = [b'a'; 64];
                    block[position] = byte;
                    let expected = if byte.is_ascii_alphanumeric() {
                        u64::MAX
                    } else {
                        !(1 << position)
                    };
                    assert_eq!(
                        classify(&block),
                        expected,
                        "{name}: {byte:#04x} at {position}"
                    );
                }
            }
        }
    }

    #[test]
    fn both_classifiers_map_every_length_and_alignment_alike() {
        // Texts of every length up to two blocks and a bit, starting at every alignment in
        // a buffer, with runs of every length ending on and around each 16- and 64-byte
        // boundary; every run read from every position as the byte-by-byte scan reads it.
        let pattern: Vec<u8> =
            "Spine care, e.g. 2.5mm discs — and Wirbelsäule; ÁÉÍÓÚÑÜáéíóúñü×÷ßÿ \
            supercalifragilisticexpialidociousnessandmorelettersuntilsixtyfour@[`{/:Z09az x"
                .bytes()
                .chain(0..=u8::MAX)
                .collect();
        let buffer: Vec<u8> = pattern.iter().cycle().take(4096).copied().collect();
        let mut mapped = WordBytes::default();
        for (name, classify) in classifiers() {
            for align in 0..16 {
                for len in (0..=140).chain([191, 192, 193, 255, 256, 257]) {
                    for start in (0..pattern.len()).step_by(13) {
                        let from = start + align;
                        let text = &buffer[from..from + len];
                        mapped.map_with(text, classify);
                        let expected = by_byte(text);
                        for (at, &run) in expected.iter().enumerate() {
                            assert_eq!(
                                mapped.run_from(at),
                                run,
                                "{name}: align {align}, len {len}, start {start}, at {at}"
                            );
                            if at <= len {
                                assert_window(&mapped, text, at, run);
                            }
                        }
                    }
                }
            }
        }
    }

    /// The window from `at` holds the text's bytes from there, then zeros, and reports the
    /// run there (`run`, up to 64) capped at 63.
    fn assert_window(mapped: &WordBytes, text: &[u8], at: usize, run: usize) {
        let Some((window, window_run)) = mapped.window(at) else {
            panic!("no window at {at} of a text of {} bytes", text.len());
        };
        assert_eq!(window_run, run.min(63), "run at {at}");
        let rest = &text[at..];
        let shown = rest.len().min(WINDOW);
        assert_eq!(window[..shown], rest[..shown], "bytes at {at}");
        assert!(window[shown..].iter().all(|&b| b == 0), "padding at {at}");
    }

    #[test]
    fn runs_end_where_the_byte_by_byte_scan_ends_them() {
        let long = "x".repeat(200);
        let text = format!(
            "Spine care, e.g. 2.5mm discs — and Wirbelsäule; inflamación ÑANDÚ ×÷ ßÿ \
             supercalifragilisticexpialidocious {long} x"
        );
        let bytes = text.as_bytes();
        let word = word_bytes(bytes);
        let mut mapped = WordBytes::default();
        mapped.map(bytes);
        for start in 0..bytes.len() {
            if !word[start] {
                continue;
            }
            let expected = (start..bytes.len())
                .find(|&i| !word[i])
                .unwrap_or(bytes.len());
            assert_eq!(mapped.run_end(start), expected, "run at {start}");
        }
        mapped.map(b"");
        assert_eq!(mapped.run_end(0), 0);
    }
}
