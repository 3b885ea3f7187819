//! Times the link-check stage alone, on one thread: builds a site once without checking its
//! links, then runs `check::check_links` over the output files (without page origins, which
//! only tracing a broken link needs: run it on a site without broken links).
//!
//! usage: cargo run --release --example check_bench -- SITE_ROOT [RUNS]
//!
//! For an instruction count, run it with RUNS=1 under
//! `valgrind --tool=callgrind --collect-atstart=no --toggle-collect=vertebra::check::check_links`.

use std::path::PathBuf;
use std::time::Instant;

use vertebra::build::{BuildOptions, build};
use vertebra::check::{LinkCheck, check_links};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if !(2..=3).contains(&args.len()) {
        eprintln!("usage: check_bench SITE_ROOT [RUNS]");
        std::process::exit(2);
    }
    let runs: usize = args
        .get(2)
        .map_or(5, |r| r.parse().expect("RUNS is a number"));
    let options = BuildOptions {
        root: PathBuf::from(&args[1]),
        link_check: LinkCheck::Skip,
        ..BuildOptions::default()
    };
    let built = build(&options).unwrap_or_else(|problems| panic!("{problems:?}"));
    // One thread, and the check itself on it, so that a profiler sees the whole stage there.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a thread pool");
    let mut best = f64::INFINITY;
    for _ in 0..runs {
        let start = Instant::now();
        let report =
            pool.install(|| check_links(&built.site, &built.files, Vec::new, LinkCheck::Fail));
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        best = best.min(ms);
        println!(
            "{} pages, {} links, {} errors: {ms:.1} ms",
            report.pages,
            report.links,
            report.problems.error_count()
        );
    }
    println!("best: {best:.1} ms");
}
