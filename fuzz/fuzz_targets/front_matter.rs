//! Front matter and site.toml: any bytes, read as an article, a therapy and a section page
//! (split, TOML or YAML, typed keys, every problem located and worded), and as a site.toml.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    vertebra::fuzzing::front_matter(data);
    vertebra::fuzzing::site_toml(data);
});
