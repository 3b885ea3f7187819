//! Times the reading-level counting alone over every body of a site (development aid).
use std::time::Instant;
use vertebra::markdown::reading::{Language, prose::ProseMeter, syllables};
fn main() {
    let root = std::env::args().nth(1).expect("SITE");
    let (content, _) = vertebra::load::content::load(std::path::Path::new(&root), false);
    let bodies: Vec<&str> = content.articles.iter().map(|d| d.body.as_str()).collect();
    let words: Vec<String> = bodies
        .iter()
        .flat_map(|b| b.split_whitespace())
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    for _ in 0..2 {
        let t = Instant::now();
        let mut n = 0;
        for w in &words {
            n += syllables::count(w, Language::English);
        }
        println!(
            "syllables::count over {} words: {:.1} ms ({n})",
            words.len(),
            t.elapsed().as_secs_f64() * 1e3
        );
        let t = Instant::now();
        let mut total = 0;
        for body in &bodies {
            let mut m = ProseMeter::new(Language::English);
            for line in body.split("\n\n") {
                m.text(line, 0);
                m.end_block();
            }
            total += m.finish().words;
        }
        println!(
            "ProseMeter over {} bodies: {:.1} ms ({total} words)",
            bodies.len(),
            t.elapsed().as_secs_f64() * 1e3
        );
    }
}
