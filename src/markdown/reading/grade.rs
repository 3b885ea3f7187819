//! The reading-level formulas, from a body's [`ProseStats`].
//!
//! - English: **Flesch–Kincaid grade level** (Kincaid, Fishburne, Rogers and Chissom, 1975):
//!   `0.39 × words/sentences + 11.8 × syllables/words − 15.59`, a US school grade. **SMOG**
//!   (McLaughlin, 1969) beside it: `1.0430 × √(polysyllables × 30/sentences) + 3.1291`,
//!   meant for 30 sentences or more.
//! - Spanish: **Fernández Huerta** reading ease (1959, in its usual corrected form, as
//!   `textstat` computes it): `206.84 − 60 × syllables/words − 1.02 × words/sentences`, 0–100,
//!   higher is easier; **INFLESZ** (Barrio-Cantalejo et al., 2008, for health texts), the
//!   Szigriszt-Pazos perspicuity `206.835 − 62.3 × syllables/words − words/sentences` read on
//!   its five-step scale; and the **Crawford** grade (1984), the Spanish formula that gives a
//!   school grade: `−0.205 × sentences per 100 words + 0.049 × syllables per 100 words −
//!   3.407`. The grade compared with `max_reading_grade` is Flesch–Kincaid for English and
//!   Crawford for Spanish.

use serde::Serialize;

use super::Language;
use super::prose::ProseStats;

/// Fewer words than this give no grade: a formula over a caption means nothing.
pub const MIN_WORDS: u32 = 30;

/// A body's reading level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReadingLevel {
    /// The school grade compared with `max_reading_grade` (Flesch–Kincaid for English,
    /// Crawford for Spanish), to one decimal.
    pub grade: f64,
    /// Which formula `grade` is.
    pub formula: &'static str,
    /// SMOG grade (English only).
    pub smog: Option<f64>,
    /// Fernández Huerta reading ease (Spanish only).
    pub fernandez_huerta: Option<f64>,
    /// INFLESZ score (Spanish only).
    pub inflesz: Option<f64>,
    /// Words counted.
    pub words: u32,
    /// Sentences counted.
    pub sentences: u32,
}

impl ReadingLevel {
    /// The level of `stats`, or `None` when there is too little prose to grade.
    pub fn of(stats: &ProseStats) -> Option<ReadingLevel> {
        if stats.words < MIN_WORDS || stats.sentences == 0 {
            return None;
        }
        let words = f64::from(stats.words);
        let sentences = f64::from(stats.sentences);
        let syllables = f64::from(stats.syllables);
        let words_per_sentence = words / sentences;
        let syllables_per_word = syllables / words;
        Some(match stats.language {
            Language::English => ReadingLevel {
                grade: round1(flesch_kincaid(words_per_sentence, syllables_per_word)),
                formula: "Flesch-Kincaid",
                smog: Some(round1(smog(f64::from(stats.polysyllables), sentences))),
                fernandez_huerta: None,
                inflesz: None,
                words: stats.words,
                sentences: stats.sentences,
            },
            Language::Spanish => ReadingLevel {
                grade: round1(crawford(sentences / words, syllables_per_word)),
                formula: "Crawford",
                smog: None,
                fernandez_huerta: Some(round1(fernandez_huerta(
                    words_per_sentence,
                    syllables_per_word,
                ))),
                inflesz: Some(round1(szigriszt_pazos(
                    words_per_sentence,
                    syllables_per_word,
                ))),
                words: stats.words,
                sentences: stats.sentences,
            },
        })
    }
}

/// Flesch–Kincaid grade level.
pub fn flesch_kincaid(words_per_sentence: f64, syllables_per_word: f64) -> f64 {
    0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59
}

/// SMOG grade.
pub fn smog(polysyllables: f64, sentences: f64) -> f64 {
    1.0430 * (polysyllables * 30.0 / sentences).sqrt() + 3.1291
}

/// Fernández Huerta reading ease.
pub fn fernandez_huerta(words_per_sentence: f64, syllables_per_word: f64) -> f64 {
    206.84 - 60.0 * syllables_per_word - 1.02 * words_per_sentence
}

/// Szigriszt-Pazos perspicuity, the score INFLESZ reads.
pub fn szigriszt_pazos(words_per_sentence: f64, syllables_per_word: f64) -> f64 {
    206.835 - 62.3 * syllables_per_word - words_per_sentence
}

/// Crawford's Spanish school grade.
pub fn crawford(sentences_per_word: f64, syllables_per_word: f64) -> f64 {
    -0.205 * 100.0 * sentences_per_word + 0.049 * 100.0 * syllables_per_word - 3.407
}

/// The INFLESZ scale's words for a score (Barrio-Cantalejo et al., 2008).
pub fn inflesz_label(score: f64) -> &'static str {
    match score {
        s if s < 40.0 => "muy difícil",
        s if s < 55.0 => "algo difícil",
        s if s < 65.0 => "normal",
        s if s <= 80.0 => "bastante fácil",
        _ => "muy fácil",
    }
}

fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_little_prose_has_no_grade() {
        let stats = ProseStats {
            words: 12,
            sentences: 2,
            syllables: 15,
            ..ProseStats::default()
        };
        assert_eq!(ReadingLevel::of(&stats), None);
    }

    #[test]
    fn formulas_match_their_published_constants() {
        // 100 words, 5 sentences, 150 syllables: 0.39 × 20 + 11.8 × 1.5 − 15.59.
        assert!((flesch_kincaid(20.0, 1.5) - 9.91).abs() < 1e-9);
        assert!((smog(30.0, 30.0) - (1.043 * 30f64.sqrt() + 3.1291)).abs() < 1e-9);
        assert!((fernandez_huerta(20.0, 2.0) - (206.84 - 120.0 - 20.4)).abs() < 1e-9);
        assert!((crawford(0.05, 2.0) - (-1.025 + 9.8 - 3.407)).abs() < 1e-9);
        assert_eq!(inflesz_label(70.0), "bastante fácil");
    }
}
