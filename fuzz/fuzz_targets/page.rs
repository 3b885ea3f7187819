//! One page, start to end: any bytes as an article of a small site with one therapy, built in
//! memory with the default theme and the link check (load, link, Markdown, render, feed,
//! sitemap, check), every problem worded.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = vertebra::fuzzing::render_one_page(data);
});
