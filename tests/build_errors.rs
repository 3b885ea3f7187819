//! Failed builds: every error is printed as `error: <file>:<line>:<col>: <message>` with the
//! offending line and a caret under it, the build exits with code 1, and the previous output in
//! `public/` is left byte-for-byte as it was.
mod common;

use std::collections::BTreeMap;
use std::fs;

use common::{TestSite, snapshot};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// A site that has built successfully once, with a snapshot of the output it wrote.
struct Built {
    site: TestSite,
    public: BTreeMap<String, Vec<u8>>,
}

/// Builds `site` (which must be valid) and remembers its `public/`.
fn built(site: TestSite) -> Built {
    site.build_ok(&[]);
    let public = snapshot(&site.root().join("public"));
    assert!(
        public.contains_key("index.html"),
        "the good build wrote no index.html: {:?}",
        public.keys().collect::<Vec<_>>()
    );
    Built { site, public }
}

/// The basic site (one therapy, one article), built once.
fn good_site() -> Built {
    built(TestSite::with_basic_content())
}

impl Built {
    fn write(&self, relative: &str, text: impl AsRef<[u8]>) {
        self.site.write(relative, text);
    }

    /// Runs a build that must fail; checks that `public/` is unchanged and that no staging or
    /// backup folder was left beside it. Returns stderr.
    fn fails(&self, extra: &[&str]) -> String {
        let run = self.site.build_err(extra);
        assert!(
            !run.stdout.contains("Built "),
            "a failed build printed a success line:\n{}",
            run.stdout
        );
        let after = snapshot(&self.site.root().join("public"));
        assert!(
            after == self.public,
            "a failed build changed public/:\nbefore: {:?}\nafter:  {:?}\n{}",
            self.public.keys().collect::<Vec<_>>(),
            after.keys().collect::<Vec<_>>(),
            run.stderr
        );
        let leftovers: Vec<String> = fs::read_dir(self.site.root())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with(".public."))
            .collect();
        assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
        run.stderr
    }
}

/// Checks the snippet printed under the diagnostic header at `lines[index]`: a blank gutter,
/// `line | source`, and `width` carets under `column`.
fn assert_snippet(
    lines: &[&str],
    index: usize,
    (line, column): (usize, usize),
    source: &str,
    width: usize,
) {
    let gutter = " ".repeat(line.to_string().len());
    let expected = vec![
        format!("{gutter} |"),
        format!("{line} | {source}"),
        format!("{gutter} | {}{}", " ".repeat(column - 1), "^".repeat(width)),
    ];
    let shown: Vec<String> = lines[index + 1..]
        .iter()
        .take(3)
        .map(|l| l.to_string())
        .collect();
    assert_eq!(
        shown,
        expected,
        "the snippet under `{}` in:\n{}",
        lines[index],
        lines.join("\n")
    );
}

/// Finds the first diagnostic printed at `file:line:column`, checks the source line and caret
/// printed under it, and returns its message.
fn message_at(
    stderr: &str,
    file: &str,
    line: usize,
    column: usize,
    source: &str,
    width: usize,
) -> String {
    let header = format!("error: {file}:{line}:{column}: ");
    let lines: Vec<&str> = stderr.lines().collect();
    let index = lines
        .iter()
        .position(|l| l.starts_with(&header))
        .unwrap_or_else(|| panic!("no line starting with `{header}` in:\n{stderr}"));
    assert_snippet(&lines, index, (line, column), source, width);
    lines[index][header.len()..].to_string()
}

/// Asserts the exact diagnostic `error: file:line:column: message` with its snippet.
fn assert_error_at(
    stderr: &str,
    file: &str,
    (line, column): (usize, usize),
    source: &str,
    width: usize,
    message: &str,
) {
    let header = format!("error: {file}:{line}:{column}: {message}");
    let lines: Vec<&str> = stderr.lines().collect();
    let index = lines
        .iter()
        .position(|l| *l == header)
        .unwrap_or_else(|| panic!("expected the line\n{header}\nin:\n{stderr}"));
    assert_snippet(&lines, index, (line, column), source, width);
}

/// Asserts that stderr has this exact line.
fn assert_line(stderr: &str, line: &str) {
    assert!(
        stderr.lines().any(|l| l == line),
        "expected the line\n{line}\nin:\n{stderr}"
    );
}

/// Asserts the summary line and that exactly `count` errors were printed.
fn assert_failed_with(stderr: &str, count: usize) {
    let summary = format!(
        "error: failed with {count} error{}; nothing was written",
        if count == 1 { "" } else { "s" }
    );
    assert_eq!(
        stderr.lines().last(),
        Some(summary.as_str()),
        "in:\n{stderr}"
    );
    let printed = stderr.lines().filter(|l| l.starts_with("error: ")).count() - 1;
    assert_eq!(printed, count, "errors printed in:\n{stderr}");
}

/// Asserts a one-error build at `file:line:column` with exactly `message`.
fn assert_only_error_at(
    stderr: &str,
    file: &str,
    at: (usize, usize),
    source: &str,
    width: usize,
    message: &str,
) {
    assert_error_at(stderr, file, at, source, width, message);
    assert_failed_with(stderr, 1);
}

const UNKNOWN_THERAPY: &str = "unknown therapy \"acupuncure\" (no content/therapies/acupuncure.md); did you mean \"acupuncture\"?";

// ---------------------------------------------------------------------------------------------
// 1. Invalid dates
// ---------------------------------------------------------------------------------------------

#[test]
fn invalid_date_in_toml_front_matter() {
    let site = good_site();
    site.write(
        "content/articles/x.md",
        "+++\ntitle = \"Bad date\"\ndescription = \"About dates.\"\ndate = \"last tuesday\"\n+++\nBody.\n",
    );
    let stderr = site.fails(&[]);
    assert_only_error_at(
        &stderr,
        "content/articles/x.md",
        (4, 8),
        "date = \"last tuesday\"",
        14,
        "expected a date like 2024-08-26, found \"last tuesday\"",
    );
}

#[test]
fn invalid_date_in_yaml_front_matter() {
    let site = good_site();
    site.write(
        "content/articles/x.md",
        "---\ntitle: Bad date\ndate: last tuesday\n---\nBody.\n",
    );
    let stderr = site.fails(&[]);
    assert_only_error_at(
        &stderr,
        "content/articles/x.md",
        (3, 7),
        "date: last tuesday",
        12,
        "expected a date like 2024-08-26, found \"last tuesday\"",
    );
}

#[test]
fn invalid_yaml_date_is_located_at_the_top_level_key_not_a_nested_one() {
    let site = good_site();
    site.write(
        "content/articles/x.md",
        "---\ntitle: Bad date\nextra:\n  date: whenever\ndate: last tuesday\n---\nBody.\n",
    );
    let stderr = site.fails(&[]);
    assert_only_error_at(
        &stderr,
        "content/articles/x.md",
        (5, 7),
        "date: last tuesday",
        12,
        "expected a date like 2024-08-26, found \"last tuesday\"",
    );
}

// ---------------------------------------------------------------------------------------------
// 2. Syntax errors
// ---------------------------------------------------------------------------------------------

#[test]
fn toml_syntax_error_in_front_matter() {
    let site = good_site();
    site.write(
        "content/articles/x.md",
        "+++\ntitle = \"X\"\nauthor \"Me\"\n+++\nBody.\n",
    );
    let stderr = site.fails(&[]);
    assert_only_error_at(
        &stderr,
        "content/articles/x.md",
        (3, 8),
        "author \"Me\"",
        1,
        "invalid TOML: key with no value, expected `=`",
    );
}

#[test]
fn yaml_syntax_error_message_has_no_second_position() {
    let site = good_site();
    site.write(
        "content/articles/x.md",
        "---\ntitle: X\nauthor: \"Me\n---\nBody.\n",
    );
    let stderr = site.fails(&[]);
    assert_only_error_at(
        &stderr,
        "content/articles/x.md",
        (3, 9),
        "author: \"Me",
        1,
        "invalid YAML: unclosed quote",
    );
}

// ---------------------------------------------------------------------------------------------
// 3. Missing title
// ---------------------------------------------------------------------------------------------

#[test]
fn missing_title_in_front_matter() {
    let site = good_site();
    site.write(
        "content/articles/x.md",
        "+++\ndate = 2024-01-01\nauthor = \"Me\"\n+++\nBody.\n",
    );
    let stderr = site.fails(&[]);
    assert_only_error_at(
        &stderr,
        "content/articles/x.md",
        (2, 1),
        "date = 2024-01-01",
        1,
        "missing required key `title` in front matter",
    );
}

// ---------------------------------------------------------------------------------------------
// 4. Unterminated, absent or empty front matter
// ---------------------------------------------------------------------------------------------

// `unterminated_front_matter`: kept once, as tests/hostile/unterminated-toml-front-matter.case.

const NO_FRONT_MATTER: &str = "expected front matter at the top of the file: TOML between `+++` lines or YAML between `---` lines, with at least a `title`";

#[test]
fn file_without_front_matter() {
    let site = good_site();
    site.write("content/articles/x.md", "# Hello\n\nBody.\n");
    let stderr = site.fails(&[]);
    assert_only_error_at(
        &stderr,
        "content/articles/x.md",
        (1, 1),
        "# Hello",
        3,
        NO_FRONT_MATTER,
    );
}

// `empty_markdown_file`: kept once, as tests/hostile/empty-file.case.

// ---------------------------------------------------------------------------------------------
// 5. Unknown keys
// ---------------------------------------------------------------------------------------------

#[test]
fn unknown_front_matter_key_with_hint() {
    let site = good_site();
    site.write(
        "content/articles/x.md",
        "+++\ntitle = \"X\"\n  titel = \"Y\"\n+++\nBody.\n",
    );
    let stderr = site.fails(&[]);
    assert_only_error_at(
        &stderr,
        "content/articles/x.md",
        (3, 3),
        "  titel = \"Y\"",
        5,
        "unknown key `titel`; did you mean `title`?",
    );
}

#[test]
fn unknown_yaml_front_matter_key_with_hint() {
    let site = good_site();
    site.write(
        "content/articles/x.md",
        "---\ntitle: X\ndescripton: About.\n---\nBody.\n",
    );
    let stderr = site.fails(&[]);
    assert_only_error_at(
        &stderr,
        "content/articles/x.md",
        (3, 1),
        "descripton: About.",
        10,
        "unknown key `descripton`; did you mean `description`?",
    );
}

#[test]
fn unknown_key_in_front_matter_cta_table_has_hint() {
    let site = good_site();
    site.write(
        "content/articles/x.md",
        "+++\ntitle = \"X\"\n\n[cta]\nheadng = \"Call\"\n+++\nBody.\n",
    );
    let stderr = site.fails(&[]);
    assert_only_error_at(
        &stderr,
        "content/articles/x.md",
        (5, 1),
        "headng = \"Call\"",
        6,
        "unknown key `cta.headng`; did you mean `heading`?",
    );
}

// ---------------------------------------------------------------------------------------------
// 6. Wrong types
// ---------------------------------------------------------------------------------------------

#[test]
fn string_instead_of_list() {
    let site = good_site();
    site.write(
        "content/articles/x.md",
        "+++\ntitle = \"X\"\ntherapies = \"acupuncture\"\n+++\nBody.\n",
    );
    let stderr = site.fails(&[]);
    assert_only_error_at(
        &stderr,
        "content/articles/x.md",
        (3, 13),
        "therapies = \"acupuncture\"",
        13,
        "expected a list like [\"a\", \"b\"], found \"acupuncture\"",
    );
}

// `number_instead_of_text`: kept once, as tests/hostile/title-as-number.case.

// ---------------------------------------------------------------------------------------------
// 7. Invalid UTF-8
// ---------------------------------------------------------------------------------------------

#[test]
fn invalid_utf8_in_front_matter() {
    let site = good_site();
    // "+++\n" is 4 bytes and `title = "Caf` 12, so the Latin-1 é is byte 16.
    site.write(
        "content/articles/x.md",
        b"+++\ntitle = \"Caf\xe9\"\n+++\nBody.\n",
    );
    let stderr = site.fails(&[]);
    assert_only_error_at(
        &stderr,
        "content/articles/x.md",
        (2, 13),
        "title = \"Caf\u{FFFD}",
        1,
        "expected UTF-8 text, found an invalid byte at offset 16 (save the file as UTF-8)",
    );
}

#[test]
fn invalid_utf8_in_body() {
    let site = good_site();
    // Lines 1-5 are 4 + 15 + 4 + 6 + 1 = 30 bytes, then 12 of `Second line `: byte 42.
    site.write(
        "content/articles/x.md",
        b"+++\ntitle = \"Fine\"\n+++\nBody.\n\nSecond line \xff\xfe here\n",
    );
    let stderr = site.fails(&[]);
    assert_only_error_at(
        &stderr,
        "content/articles/x.md",
        (6, 13),
        "Second line \u{FFFD}",
        1,
        "expected UTF-8 text, found an invalid byte at offset 42 (save the file as UTF-8)",
    );
}

#[test]
fn invalid_utf8_offset_counts_the_byte_order_mark() {
    let site = good_site();
    site.write(
        "content/articles/x.md",
        b"\xef\xbb\xbf+++\ntitle = \"Caf\xe9\"\n+++\nBody.\n",
    );
    let stderr = site.fails(&[]);
    assert_only_error_at(
        &stderr,
        "content/articles/x.md",
        (2, 13),
        "title = \"Caf\u{FFFD}",
        1,
        "expected UTF-8 text, found an invalid byte at offset 19 (save the file as UTF-8)",
    );
}

// ---------------------------------------------------------------------------------------------
// 8. Unknown therapies
// ---------------------------------------------------------------------------------------------

#[test]
fn unknown_topic_in_toml_inline_list() {
    let site = good_site();
    site.write(
        "content/articles/x.md",
        "+++\ntitle = \"X\"\ntherapies = [\"acupuncture\", \"acupuncure\"]\n+++\nBody.\n",
    );
    let stderr = site.fails(&[]);
    assert_only_error_at(
        &stderr,
        "content/articles/x.md",
        (3, 29),
        "therapies = [\"acupuncture\", \"acupuncure\"]",
        12,
        UNKNOWN_THERAPY,
    );
}

#[test]
fn unknown_topic_in_yaml_block_list() {
    let site = good_site();
    site.write(
        "content/articles/x.md",
        "---\ntitle: X\ntherapies:\n  - acupuncture\n  - acupuncure\nauthor: Me\n---\nBody.\n",
    );
    let stderr = site.fails(&[]);
    assert_only_error_at(
        &stderr,
        "content/articles/x.md",
        (5, 5),
        "  - acupuncure",
        10,
        UNKNOWN_THERAPY,
    );
}

#[test]
fn unknown_topic_in_yaml_is_located_in_the_top_level_list() {
    let site = good_site();
    site.write(
        "content/articles/x.md",
        "---\ntitle: X\nextra:\n  therapies: [acupuncure]\ntherapies: [acupuncure]\n---\nBody.\n",
    );
    let stderr = site.fails(&[]);
    assert_only_error_at(
        &stderr,
        "content/articles/x.md",
        (5, 13),
        "therapies: [acupuncure]",
        10,
        UNKNOWN_THERAPY,
    );
}

// ---------------------------------------------------------------------------------------------
// 9. Broken `@/` links
// ---------------------------------------------------------------------------------------------

#[test]
fn broken_internal_link() {
    let site = good_site();
    // Columns count characters: `Voilà, see ` is 11 characters (12 bytes).
    site.write(
        "content/articles/x.md",
        "+++\ntitle = \"X\"\n+++\nIntro.\n\nVoilà, see [x](@/articles/nope.md).\n",
    );
    let stderr = site.fails(&[]);
    let message = message_at(
        &stderr,
        "content/articles/x.md",
        6,
        12,
        "Voilà, see [x](@/articles/nope.md).",
        23,
    );
    assert!(
        message.starts_with("broken link `@/articles/nope.md`: no such content file"),
        "{message}"
    );
    assert_failed_with(&stderr, 1);
}

#[test]
fn a_broken_link_found_after_the_pages_were_staged_leaves_public_as_it_was() {
    // Pages are written into the staging folder as they render, and the link check runs after
    // them: its failure must still leave public/ untouched and no staging folder behind.
    let site = good_site();
    site.write(
        "content/articles/x.md",
        "+++\ntitle = \"X\"\n+++\nSee [the old page](/no-such-page/).\n",
    );
    let stderr = site.fails(&[]);
    assert!(
        stderr.contains("error: content/articles/x.md:4:5: broken link `/no-such-page/`"),
        "{stderr}"
    );
}

#[test]
fn broken_internal_link_with_typo_has_hint() {
    let site = good_site();
    site.write(
        "content/articles/x.md",
        "+++\ntitle = \"X\"\n+++\nIntro.\n\nSee [x](@/articles/frist.md) now.\n",
    );
    let stderr = site.fails(&[]);
    assert_only_error_at(
        &stderr,
        "content/articles/x.md",
        (6, 5),
        "See [x](@/articles/frist.md) now.",
        24,
        "broken link `@/articles/frist.md`: no such content file; did you mean `@/articles/first.md`?",
    );
}

#[test]
fn broken_internal_link_does_not_suggest_an_unrelated_page() {
    let site = good_site();
    site.write(
        "content/articles/x.md",
        "+++\ntitle = \"X\"\n+++\nIntro.\n\nSee [x](@/articles/nope.md) now.\n",
    );
    let stderr = site.fails(&[]);
    assert_only_error_at(
        &stderr,
        "content/articles/x.md",
        (6, 5),
        "See [x](@/articles/nope.md) now.",
        23,
        "broken link `@/articles/nope.md`: no such content file",
    );
}

#[test]
fn link_to_missing_heading_anchor() {
    let site = good_site();
    site.write(
        "content/articles/x.md",
        "+++\ntitle = \"X\"\n+++\nIntro.\n\nSee [x](@/articles/first.md#nope) now.\n",
    );
    let stderr = site.fails(&[]);
    assert_only_error_at(
        &stderr,
        "content/articles/x.md",
        (6, 5),
        "See [x](@/articles/first.md#nope) now.",
        29,
        "broken link `@/articles/first.md#nope`: the target has no heading with id \"nope\"",
    );
}

// ---------------------------------------------------------------------------------------------
// 10. Every error is reported
// ---------------------------------------------------------------------------------------------

#[test]
fn every_content_error_is_reported() {
    let site = good_site();
    site.write(
        "content/articles/y.md",
        "+++\ntitle = \"Y\"\ndate = \"soon\"\n+++\nBody.\n",
    );
    site.write(
        "content/articles/z.md",
        "+++\ntitle = \"Z\"\ntherapies = [\"massage\"]\n+++\nBody.\n",
    );
    let stderr = site.fails(&[]);
    assert_error_at(
        &stderr,
        "content/articles/y.md",
        (3, 8),
        "date = \"soon\"",
        6,
        "expected a date like 2024-08-26, found \"soon\"",
    );
    assert_error_at(
        &stderr,
        "content/articles/z.md",
        (3, 14),
        "therapies = [\"massage\"]",
        9,
        "unknown therapy \"massage\" (no content/therapies/massage.md)",
    );
    let y = stderr.find("content/articles/y.md").unwrap();
    let z = stderr.find("content/articles/z.md").unwrap();
    assert!(y < z, "errors are sorted by file:\n{stderr}");
    assert_failed_with(&stderr, 2);
}

#[test]
fn a_broken_file_does_not_cause_false_errors_elsewhere() {
    let site = good_site();
    site.write(
        "content/therapies/acupuncture.md",
        "+++\ntitle = \"Acupuncture\"\nkind = \"therapy\"\nsummary = 5\n+++\nAcupuncture body.\n",
    );
    site.write(
        "content/articles/x.md",
        "+++\ntitle = \"X\"\n+++\nSee [a](@/therapies/acupuncture.md).\n",
    );
    let stderr = site.fails(&[]);
    assert_only_error_at(
        &stderr,
        "content/therapies/acupuncture.md",
        (4, 11),
        "summary = 5",
        1,
        "expected text in quotes, found the number 5",
    );
}

// ---------------------------------------------------------------------------------------------
// 11. site.toml
// ---------------------------------------------------------------------------------------------

#[test]
fn site_toml_unknown_key_with_hint() {
    let site = good_site();
    site.write(
        "site.toml",
        "titel = \"Test Clinic\"\nbase_url = \"https://clinic.example/\"\n",
    );
    let stderr = site.fails(&[]);
    assert_error_at(
        &stderr,
        "site.toml",
        (1, 1),
        "titel = \"Test Clinic\"",
        5,
        "unknown key `titel`; did you mean `title`?",
    );
    // With `title` misspelt, it is also missing.
    assert_error_at(
        &stderr,
        "site.toml",
        (1, 1),
        "titel = \"Test Clinic\"",
        1,
        "missing required key `title` in site.toml",
    );
    assert_failed_with(&stderr, 2);
}

#[test]
fn site_toml_unknown_key_in_a_table_with_hint() {
    let site = good_site();
    site.write(
        "site.toml",
        format!("{}street = \"1 Main St\"\n", common::SITE_TOML),
    );
    let stderr = site.fails(&[]);
    assert_only_error_at(
        &stderr,
        "site.toml",
        (7, 1),
        "street = \"1 Main St\"",
        6,
        "unknown key `clinic.street`; did you mean `street_address`?",
    );
}

#[test]
fn site_toml_missing_title() {
    let site = good_site();
    site.write("site.toml", "base_url = \"https://clinic.example/\"\n");
    let stderr = site.fails(&[]);
    assert_only_error_at(
        &stderr,
        "site.toml",
        (1, 1),
        "base_url = \"https://clinic.example/\"",
        1,
        "missing required key `title` in site.toml",
    );
}

#[test]
fn site_toml_bad_base_url() {
    let site = good_site();
    site.write(
        "site.toml",
        "title = \"Test Clinic\"\nbase_url = \"example.org\"\n",
    );
    let stderr = site.fails(&[]);
    assert_only_error_at(
        &stderr,
        "site.toml",
        (2, 12),
        "base_url = \"example.org\"",
        13,
        "expected an absolute http(s) URL like \"https://example.org/\", found \"example.org\"",
    );
}

#[test]
fn bad_base_url_from_the_command_line_is_not_blamed_on_site_toml() {
    let site = good_site();
    let stderr = site.fails(&["--base-url", "example.org"]);
    assert!(
        !stderr.lines().any(|l| l.starts_with("error: site.toml")),
        "the bad value is not in site.toml:\n{stderr}"
    );
    assert!(stderr.contains("found \"example.org\""), "{stderr}");
    assert!(stderr.contains("--base-url"), "{stderr}");
    assert_failed_with(&stderr, 1);
}

#[test]
fn site_toml_invalid_clinic_phone() {
    let site = good_site();
    site.write(
        "site.toml",
        "title = \"Test Clinic\"\nbase_url = \"https://clinic.example/\"\n\n[clinic]\nname = \"Test Clinic\"\nphone = \"call us\"\n",
    );
    let stderr = site.fails(&[]);
    assert_only_error_at(
        &stderr,
        "site.toml",
        (6, 9),
        "phone = \"call us\"",
        9,
        "expected a phone number like \"(310) 555-0142\" or \"+1 310 555 0142\", found \"call us\" (not a number)",
    );
}

// `site_toml_missing_theme`: kept once, as tests/hostile/missing-theme.case.

#[test]
fn missing_site_toml() {
    let site = good_site();
    fs::remove_file(site.site.root().join("site.toml")).unwrap();
    let stderr = site.fails(&[]);
    let line = stderr
        .lines()
        .find(|l| l.starts_with("error: no site.toml in "))
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(
        line.starts_with("error: no site.toml in . or any folder above it;"),
        "{line}"
    );
    assert!(line.ends_with("or pass --root"), "{line}");
    assert_failed_with(&stderr, 1);
}

#[test]
fn missing_site_toml_hint_names_a_real_command() {
    let site = good_site();
    fs::remove_file(site.site.root().join("site.toml")).unwrap();
    let stderr = site.fails(&[]);
    // The hint names `vertebra new`, and that command exists.
    assert!(
        stderr.contains("run `vertebra new DIR` to start a site"),
        "{stderr}"
    );
    let help = site.site.run(&["new", "--help"]);
    assert_eq!(
        help.code, 0,
        "`vertebra new` does not exist:\n{}",
        help.stderr
    );
}

// ---------------------------------------------------------------------------------------------
// 12. Dangerous output folders
// ---------------------------------------------------------------------------------------------

#[test]
fn refuses_dangerous_output_dirs() {
    let site = good_site();
    site.write("static/robots.txt", "User-agent: *\n");
    site.write("templates/.keep", "");
    let site = built(site.site);
    let content = snapshot(&site.site.root().join("content"));
    let themes = snapshot(&site.site.root().join("themes"));
    let statics = snapshot(&site.site.root().join("static"));
    let cases = [
        (".", ".", "that is the site root itself"),
        (
            "content",
            "content",
            "that is inside the site's content/ folder",
        ),
        (
            "themes",
            "themes",
            "that is inside the site's themes/ folder",
        ),
        (
            "static",
            "static",
            "that is inside the site's static/ folder",
        ),
        (
            "templates",
            "templates",
            "that is inside the site's templates/ folder",
        ),
        ("..", "..", "that folder contains the site"),
        ("/", "/", "that is the file-system root"),
        (
            "content/public",
            "content/public",
            "that is inside the site's content/ folder",
        ),
    ];
    for (dir, shown, reason) in cases {
        let stderr = site.fails(&["--output-dir", dir]);
        assert_line(
            &stderr,
            &format!("error: refusing to write the site into {shown}: {reason}"),
        );
        assert_failed_with(&stderr, 1);
        assert!(
            snapshot(&site.site.root().join("content")) == content,
            "--output-dir {dir} changed content/"
        );
        assert!(
            snapshot(&site.site.root().join("themes")) == themes,
            "--output-dir {dir} changed themes/"
        );
        assert!(
            snapshot(&site.site.root().join("static")) == statics,
            "--output-dir {dir} changed static/"
        );
        assert!(site.site.root().join("site.toml").is_file());
        assert!(!site.site.root().join("content/public").exists());
    }
}

#[test]
fn refuses_dangerous_output_dir_in_site_toml() {
    let site = good_site();
    let content = snapshot(&site.site.root().join("content"));
    site.write(
        "site.toml",
        "title = \"Test Clinic\"\nbase_url = \"https://clinic.example/\"\noutput_dir = \"content\"\n",
    );
    let stderr = site.fails(&[]);
    assert_only_error_at(
        &stderr,
        "site.toml",
        (3, 14),
        "output_dir = \"content\"",
        9,
        "refusing to write the site into content: that is inside the site's content/ folder",
    );
    assert!(snapshot(&site.site.root().join("content")) == content);
}

// ---------------------------------------------------------------------------------------------
// 13. Template errors
// ---------------------------------------------------------------------------------------------

#[test]
fn template_syntax_error_in_site_override() {
    let site = good_site();
    site.write(
        "templates/article.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.title }}</h1>\n{% if %}x{% endif %}\n{% endblock content %}\n",
    );
    let stderr = site.fails(&[]);
    let message = message_at(
        &stderr,
        "templates/article.html",
        4,
        7,
        "{% if %}x{% endif %}",
        2,
    );
    assert!(
        message.starts_with("Found `%}` but expected one of"),
        "{message}"
    );
    assert_failed_with(&stderr, 1);
}

#[test]
fn template_with_undefined_variable() {
    let site = good_site();
    site.write(
        "templates/article.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.title }}</h1>\n<p>{{ nope }}</p>\n{% endblock content %}\n",
    );
    let stderr = site.fails(&[]);
    let message = message_at(
        &stderr,
        "templates/article.html",
        4,
        7,
        "<p>{{ nope }}</p>",
        4,
    );
    assert!(
        message.starts_with("`nope` is not defined; the variables here are: "),
        "{message}"
    );
    assert!(
        message.ends_with(" (while rendering content/articles/first.md)"),
        "{message}"
    );
    assert_failed_with(&stderr, 1);
}

#[test]
fn article_with_missing_template() {
    let site = good_site();
    site.write(
        "content/articles/x.md",
        "+++\ntitle = \"X\"\ntemplate = \"missing.html\"\n+++\nBody.\n",
    );
    let stderr = site.fails(&[]);
    assert_only_error_at(
        &stderr,
        "content/articles/x.md",
        (3, 12),
        "template = \"missing.html\"",
        14,
        "missing template missing.html; looked in templates and themes/default/templates",
    );
}

// ---------------------------------------------------------------------------------------------
// 14. Duplicate URLs
// ---------------------------------------------------------------------------------------------

// `two_files_with_the_same_url`: kept once, as tests/hostile/same-url-by-slug.case.

// `alias_colliding_with_a_page`: kept once, as tests/hostile/same-url-alias-and-page.case.

// ---------------------------------------------------------------------------------------------
// 15. Unsafe slugs and aliases
// ---------------------------------------------------------------------------------------------

// `unsafe_slug`: kept once, as tests/hostile/slug-with-slash.case.

// `unsafe_alias`: kept once, as tests/hostile/alias-with-dotdot.case.

// ---------------------------------------------------------------------------------------------
// 16. Stale files
// ---------------------------------------------------------------------------------------------

#[test]
fn successful_build_after_a_failed_one_removes_stale_files() {
    let site = TestSite::with_basic_content();
    site.write(
        "content/articles/second.md",
        "+++\ntitle = \"Second\"\ndate = 2025-02-03\ntherapies = [\"acupuncture\"]\n+++\nBye.\n",
    );
    let site = built(site);
    assert!(site.site.output_exists("articles/second/index.html"));

    // Delete the article and break another file: the failed build keeps the old output.
    fs::remove_file(site.site.root().join("content/articles/second.md")).unwrap();
    site.write("content/articles/x.md", "+++\ntitle = 42\n+++\n");
    let stderr = site.fails(&[]);
    assert_failed_with(&stderr, 1);
    assert!(site.site.output_exists("articles/second/index.html"));

    // Fixed: the next build drops the deleted article's folder.
    fs::remove_file(site.site.root().join("content/articles/x.md")).unwrap();
    site.site.build_ok(&[]);
    assert!(!site.site.root().join("public/articles/second").exists());
    assert!(site.site.output_exists("articles/first/index.html"));
    assert!(
        !site
            .site
            .output("articles/index.html")
            .contains("/articles/second/")
    );
    let leftovers: Vec<String> = fs::read_dir(site.site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".public."))
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
}
