//! Prints each word of standard input with its syllable count, as the reading-level check
//! counts it: `cargo run --example syllables [en|es] < words.txt`. docs/editorial.md uses it to
//! compare the counts with the CMU Pronouncing Dictionary.

use std::io::BufRead;

use vertebra::markdown::reading::{Language, syllables};

fn main() {
    let language = std::env::args()
        .nth(1)
        .and_then(|code| Language::for_code(&code))
        .unwrap_or(Language::English);
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        for word in line.split_whitespace() {
            let word = word.to_lowercase();
            println!("{word}\t{}", syllables::uncached(&word, language));
        }
    }
}
