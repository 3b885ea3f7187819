//! The fuzz targets' entry points (`vertebra::fuzzing`, run by `cargo fuzz` from `fuzz/`), on
//! inputs that once crashed, hung or blew up, and on the shapes the fuzzers start from. Add
//! every input a fuzzer finds a crash with here (as bytes), next to the fix.

use vertebra::fuzzing;

/// Inputs for both targets: each must be handled without a panic.
const INPUTS: &[&[u8]] = &[
    b"",
    b"\xEF\xBB\xBF",
    b"+++",
    b"+++\n",
    b"+++\n+++",
    b"---\n---\n",
    b"---\r\n---\r\n",
    b"+++\ntitle = \"A\"\n",
    b"+++\ntitle = \"A\"\n+++\n",
    b"---\ntitle: [\n---\n",
    b"---\n: :\n---\n",
    b"---\n&a [*a]\n---\n",
    b"+++\n[[\n+++\n",
    b"+++\ntitle = \"A\"\ndate = 1979-05-27T07:32:00-08:00\nupdated = 07:32:00\n+++\n",
    b"+++\ntitle = \"A\"\ndate = \"+99999-01-01\"\n+++\n",
    b"+++\ntitle = \"A\"\ncta = 5\n[extra]\n+++\n",
    b"+++\ntitle = \"\xFF\"\n+++\n",
    b"+++\ntitle = \"A\"\nslug = \"\\u0000\"\naliases = [\"/\\u0000/\", \"\", \"/\"]\n+++\n",
    b"+++\ntitle = \"A\"\ntherapies = [\"physical-therapy\", \"physical-therapy\", \"\"]\n+++\n",
    b"---\ntitle: A\ncta:\n  phone: \"+999 999\"\n  url: \"javascript:alert(1)\"\n---\n{{ cta() }}\n",
    b"+++\ntitle = \"A\"\n+++\n# \n## {#}\n[x](@/)\n[y](@/#)\n[z](@/articles/_index.md#)\n<!-- more -->",
    b"+++\ntitle = \"A\"\n+++\n[a](</clinic/%zz>) [b](//) [c](/..//../) ![d](data:x) [e](#)\n",
    b"+++\ntitle = \"A\"\n+++\n<base href=\"//evil.example/\"><a href=\"/x/\">x</a>\n",
    b"+++\ntitle = \"A\"\n+++\n<div><div><div>\n\n[^1]\n\n[^1]: <a name=\"\">\n",
];

#[test]
fn front_matter_target_takes_any_input() {
    for input in INPUTS {
        fuzzing::front_matter(input);
    }
    // A front matter full of unknown keys is reported at once (it took minutes, listing all).
    let mut many = b"+++\ntitle = \"A\"\n".to_vec();
    for i in 0..20_000 {
        many.extend_from_slice(format!("unknown_{i} = 1\n").as_bytes());
    }
    many.extend_from_slice(b"+++\n");
    let started = std::time::Instant::now();
    // Listed per kind of page (article, therapy, section): the first 50 and one count each,
    // plus the therapy's missing `kind`.
    assert_eq!(fuzzing::front_matter(&many), 3 * 51 + 1);
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
}

#[test]
fn site_toml_target_takes_any_input() {
    let dir = tempfile::tempdir().unwrap();
    for input in INPUTS {
        fuzzing::site_toml_in(dir.path(), input);
    }
    let problems = fuzzing::site_toml_in(
        dir.path(),
        b"title = \"T\"\nbase_url = \"https://x.example/\"\ntheme = \"../..\"\noutput_dir = \"/\"\n",
    );
    assert_eq!(problems, 2);
}

#[test]
fn page_target_takes_any_input() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    fuzzing::make_page_site(&root).unwrap();
    let good = b"+++\ntitle = \"Fuzzed\"\ntherapies = [\"physical-therapy\"]\n+++\nSee [the therapy](@/therapies/physical-therapy.md).\n";
    let files = fuzzing::render_one_page_in(&root, good).expect("the good page builds");
    assert!(files > 5, "{files}");
    for input in INPUTS {
        let _ = fuzzing::render_one_page_in(&root, input);
    }
    // A long line of broken links: the first fifty are listed, quickly, in little memory.
    let mut line = b"+++\ntitle = \"A\"\n+++\n".to_vec();
    for i in 0..20_000 {
        line.extend_from_slice(format!("[a](@/nope-{i}.md) ").as_bytes());
    }
    let started = std::time::Instant::now();
    let errors = fuzzing::render_one_page_in(&root, &line).unwrap_err();
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
    assert!(
        errors.contains("19950 more problems of the same kind in this file are not listed"),
        "{errors}"
    );
    assert!(errors.len() < 100_000, "{} bytes of errors", errors.len());
}
