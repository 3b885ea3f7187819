//! The floor for the benchmark: the least any generator can do with a site's Markdown.
//!
//! Reads every `.md` file under a content folder, drops its front matter, renders the body with
//! pulldown-cmark (the same options Vertebra uses), and writes one HTML file per input, in
//! parallel. No templates, no links, no listings. `bench/run.py` times it beside Vertebra.
//!
//! usage: cargo run --release --example floor -- CONTENT_DIR OUT_DIR

use std::path::Path;

use rayon::prelude::*;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: floor CONTENT_DIR OUT_DIR");
        std::process::exit(2);
    }
    let (content, out) = (Path::new(&args[1]), Path::new(&args[2]));
    let files: Vec<_> = walkdir::WalkDir::new(content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let written: usize = files
        .par_iter()
        .map(|path| {
            let Ok(text) = std::fs::read_to_string(path) else {
                return 0;
            };
            let body = strip_front_matter(&text);
            let mut html = String::with_capacity(body.len() * 3 / 2);
            pulldown_cmark::html::push_html(
                &mut html,
                pulldown_cmark::Parser::new_ext(body, vertebra::markdown::options()),
            );
            let relative = path
                .strip_prefix(content)
                .unwrap_or(path)
                .with_extension("html");
            let target = out.join(relative);
            if let Some(parent) = target.parent() {
                let _ = std::fs::create_dir_all(parent);
            }
            usize::from(std::fs::write(target, html).is_ok())
        })
        .sum();
    println!("floor: wrote {written} files");
}

fn strip_front_matter(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("+++\n") else {
        return text;
    };
    match rest.find("\n+++\n") {
        Some(end) => &rest[end + 5..],
        None => text,
    }
}
