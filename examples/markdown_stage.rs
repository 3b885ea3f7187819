//! Times the Markdown stage alone: [`Site::render_markdown`] over every body of a site.
//!
//! Loads and links the site once, then renders every body `RUNS` times (each on a fresh copy
//! of the linked site, with an empty cache) and prints the time of each run. With `--floor`,
//! it first times plain pulldown-cmark `push_html` over the same bodies, the floor the stage
//! is measured against. With `--dump`, it writes everything the stage produced for each page
//! (HTML, summary, table of contents, ids, words, links, problems) to a file, so that two
//! versions of the Markdown code can be compared byte for byte.
//!
//! Run it with `RAYON_NUM_THREADS=1` for steady figures. Under `valgrind --tool=callgrind`,
//! the inclusive cost of `vertebra::markdown::render` is the stage's instruction count.
//!
//! usage: cargo run --release --example markdown_stage -- SITE_ROOT [RUNS] [--dump FILE] [--floor]
//!
//! [`Site::render_markdown`]: vertebra::link::Site::render_markdown

use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use vertebra::diagnostics::Diagnostics;
use vertebra::link::{MarkdownCache, Site};
use vertebra::markdown::Rendered;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let dump = args
        .iter()
        .position(|a| a == "--dump")
        .map(|at| args.drain(at..at + 2).nth(1).expect("--dump FILE"));
    let floor = args.iter().any(|a| a == "--floor");
    args.retain(|a| a != "--floor");
    let Some(root) = args.first() else {
        eprintln!("usage: markdown_stage SITE_ROOT [RUNS] [--dump FILE] [--floor]");
        std::process::exit(2);
    };
    let runs: usize = args.get(1).map_or(1, |n| n.parse().expect("RUNS"));
    let root = Path::new(root);
    let config = vertebra::load::config::load(root, None).unwrap_or_else(|_| panic!("config"));
    let (content, mut diagnostics) = vertebra::load::content::load(root, false);
    let linked = vertebra::link::link(config, content, &mut diagnostics);
    if floor {
        let start = Instant::now();
        let bytes = plain_push_html(&linked);
        let ms = start.elapsed().as_secs_f64() * 1e3;
        println!("floor: plain push_html {ms:.1} ms ({bytes} bytes)");
    }
    let mut last = None;
    for run in 0..runs {
        let mut site = linked.clone();
        let start = Instant::now();
        let features = site.markdown_features(
            &vertebra::load::theme::ThemeSource::BuiltIn,
            &|_: &vertebra::link::Site| Default::default(),
        );
        site.render_markdown(
            &mut Diagnostics::new(),
            &mut MarkdownCache::default(),
            true,
            &features,
        );
        let ms = start.elapsed().as_secs_f64() * 1e3;
        println!("run {run}: markdown {ms:.1} ms");
        last = Some(site);
    }
    if let (Some(file), Some(site)) = (dump, last) {
        std::fs::write(&file, dump_site(&site)).expect("write dump");
        println!("wrote {file}");
    }
}

/// Renders every article and therapy body with plain pulldown-cmark, single-threaded: what the
/// stage would cost with no ids, links, words or summary.
fn plain_push_html(site: &Site) -> usize {
    let bodies = site
        .articles
        .iter()
        .map(|a| a.doc.body.as_str())
        .chain(site.therapies.iter().map(|t| t.doc.body.as_str()));
    let mut bytes = 0;
    for body in bodies {
        let mut html = String::new();
        let parser = pulldown_cmark::Parser::new_ext(body, vertebra::markdown::options());
        pulldown_cmark::html::push_html(&mut html, parser);
        bytes += html.len();
    }
    bytes
}

fn dump_site(site: &Site) -> String {
    let pages = site
        .articles
        .iter()
        .map(|a| (&a.doc.file.content_path, &*a.rendered))
        .chain(
            site.therapies
                .iter()
                .map(|t| (&t.doc.file.content_path, &*t.rendered)),
        )
        .chain(site.sections.iter().map(|s| (&s.path, &*s.rendered)));
    let mut out = String::new();
    for (path, rendered) in pages {
        dump_rendered(&mut out, path, rendered);
    }
    out
}

fn dump_rendered(out: &mut String, path: &str, r: &Rendered) {
    let mut ids: Vec<&String> = r.heading_ids.iter().collect();
    ids.sort();
    let _ = writeln!(out, "== {path}\n{}", r.html);
    let _ = writeln!(out, "summary: {:?}", r.summary_html);
    let _ = writeln!(out, "toc: {:?}\nids: {ids:?}", r.toc);
    let _ = writeln!(
        out,
        "words: {} minutes: {} cta: {}",
        r.word_count, r.reading_minutes, r.inline_cta
    );
    let _ = writeln!(out, "anchors: {:?}", r.anchor_links);
    let _ = writeln!(out, "links: {:?}", r.links);
    let _ = writeln!(out, "problems: {:?}", r.problems);
}
