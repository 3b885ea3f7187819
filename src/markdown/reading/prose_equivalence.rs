//! The short way through [`ProseMeter::text`] (whole ASCII words counted where they lie, the
//! snippet copied a run of words at a time) gives exactly what reading the same text one
//! character at a time by the rules gives: words, sentences, syllables, polysyllables, and
//! the longest sentences with their offsets and snippets.

use super::*;

/// The rules, one character at a time, with no short way.
fn by_character(meter: &mut ProseMeter, text: &str, offset: usize) {
    for (i, c) in text.char_indices() {
        meter.character(c, &text[i + c.len_utf8()..], offset + i);
    }
}

/// Measures `blocks` (each a list of text events) both ways.
fn both_ways(blocks: &[&[&str]]) -> (ProseStats, ProseStats) {
    let mut short = ProseMeter::new(Language::English);
    let mut long = ProseMeter::new(Language::English);
    let mut offset = 0;
    for events in blocks {
        for text in *events {
            short.text(text, offset);
            by_character(&mut long, text, offset);
            offset += text.len() + 1;
        }
        short.end_block();
        long.end_block();
    }
    (short.finish(), long.finish())
}

const SAMPLES: &[&str] = &[
    "Most back pain gets better in a few weeks. Walk a little every day, and rest when you need to.",
    "Dr. Park saw 2.5 times more people, e.g. runners, in 2024. Then she left! Why? Ask Mrs. Lee.",
    "A well-known fact: don't lift heavy boxes (or twist) while you bend; it's \"risky\". Ok?",
    "Spondylolisthesis, radiculopathy and supercalifragilisticexpialidociousness are long words.",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa is a pasted run, then 1,000.",
    "La columna vertebral sostiene el cuerpo. El dolor de espalda es común; la fisioterapia ayuda.",
    "Words  with  double  spaces,\tand tabs\nand new lines — and dashes – and…ellipses… end here",
    "CAPITALS AND MiXeD CaSe WORDS COUNT THE SAME AS lowercase words do in THERAPY and Surgery.",
    "E.g. an initial: J. Smith wrote it. No. 5 is next. Fig. 3 shows it. St. Mary's is near.",
    "Marks after words: rest, ice; heat: walk,run;then:go ,a ;b :c, , ;; d,  e;  f:\tg, h,",
    "Lists of things, one, two, three; four: five, six. Then more, and more: and more; done:",
    "Full stops. Between words! And questions? Yes. Dr. Park, Mr. Li and Prof. Wu. J. Smith. \
     A. B. 5. Then 42. Done! Ok? Fig. 3. No. 7. Etc. etc. Approx. 2 St. Mrs. Ms. Vs. Sr. Jr. \
     Dra. Sra. Srta. DR. ST. Drs. Not. Noo. Q.",
    "Ends then other things. \"Quoted.\" (Bracketed.) Two.  Spaces! \tTab. End.) Mark.. Dots... \
     Wait?! Really?? Yes!. Ok.,x Then., y: z; a. -b. *c. 2.5. e.g. i.e. U.S. X.y. End.",
    "¿Le duele la espalda? La inflamación del nervio ciático (ciática) mejora. Él está bien. \
     ÑANDÚ, pingüino; acción: sí. Después, más.",
    "Initials: É. Pérez y Á. Núñez; el Dr. Ruiz y la Dra. Ibáñez. Straße, Ÿ. ÿes. 5×3 ÷ 2. \
     Café-crème, naïve rôle. Ça va. À bientôt! «Sí», dijo. Über-long: ñ.",
    "áááááááááááááááááááááááá a xáááááááááááááááááááááááá b ááááááááááááááááááááááááá c \
     aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaá d aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaá e",
    "Marks at the end of the text:",
    "Or a full stop at the end of the text.",
    "Or an abbreviation at the end, Dr.",
    "Or a comma,",
    "Or a question?",
];

#[test]
fn whole_texts_are_measured_the_same_both_ways() {
    for sample in SAMPLES {
        let (short, long) = both_ways(&[&[sample]]);
        assert_eq!(short, long, "{sample}");
    }
}

#[test]
fn spanish_is_measured_the_same_both_ways() {
    for sample in SAMPLES {
        let mut short = ProseMeter::new(Language::Spanish);
        let mut long = ProseMeter::new(Language::Spanish);
        short.text(sample, 0);
        by_character(&mut long, sample, 0);
        assert_eq!(short.finish(), long.finish(), "{sample}");
    }
}

#[test]
fn snippets_are_cut_the_same_wherever_the_limit_falls() {
    // Shift a long sentence one byte at a time so the 90-byte limit falls on every position
    // of a word and on every space.
    let plain = "Many people with pinched nerve in the neck feel better within a few weeks and \
        epidural steroid injection is often one of the first things to try";
    let marked = "Many people, with pinched nerve; in the neck: feel better, within a few weeks \
        and, epidural steroid; injection is: often one, of the first; things to try";
    let accented = "Muchas personas con radiculopatía cervical mejoran en pocas semanas, y la \
        inyección epidural de esteroides suele ser de lo primero que se prueba aquí";
    let sentences = [plain, marked, accented];
    for (shift, sentence) in (0..24).flat_map(|shift| sentences.map(|s| (shift, s))) {
        let text = format!("{} {sentence}. Short one.", "x".repeat(shift + 1));
        let (short, long) = both_ways(&[&[&text]]);
        assert_eq!(short, long, "shift {shift}");
        let (short, long) = both_ways(&[&[&text, &text[..text.len() / 2]], &[sentence]]);
        assert_eq!(short, long, "shift {shift}, in pieces");
    }
}

#[test]
fn words_split_across_events_are_measured_the_same_both_ways() {
    // Emphasis inside a word, links and inline code split the text into events.
    let (short, long) = both_ways(&[
        &[
            "Stretch",
            "ing helps. A ",
            "well",
            "-known ",
            "exercise",
            " is walking.",
        ],
        &["Read ", "this", ". Then ", "rest", "."],
    ]);
    assert_eq!(short, long);
    assert_eq!(short.words, 11);
}

#[test]
fn texts_split_anywhere_are_measured_the_same_both_ways() {
    // Every sample cut into two text events at each character boundary, so that every word,
    // mark and space of it ends a text once (and a sentence's end falls on the cut).
    for sample in SAMPLES {
        for (cut, _) in sample.char_indices().skip(1) {
            let (first, second) = sample.split_at(cut);
            let (short, long) = both_ways(&[&[first, second]]);
            assert_eq!(short, long, "{first:?} | {second:?}");
        }
    }
}

#[test]
fn snippets_are_cut_the_same_wherever_the_limit_meets_a_sentence_end() {
    // Short sentences after a first one whose end moves, a byte at a time, across the
    // 90-byte limit: the limit falls on each byte of the word before the mark, on the mark,
    // on the space after it and on the next word.
    for end in ['.', '!', '?'] {
        for shift in 0..24 {
            let text = format!(
                "{} Many people with a pinched nerve in the neck feel better within a few \
                 weeks{end} Then more. And more, and more; still more: done",
                "x".repeat(shift + 1)
            );
            let (short, long) = both_ways(&[&[&text]]);
            assert_eq!(short, long, "{end} shift {shift}");
            let (short, long) = both_ways(&[&[&text[..text.len() / 2], &text[text.len() / 2..]]]);
            assert_eq!(short, long, "{end} shift {shift}, in pieces");
        }
    }
}
