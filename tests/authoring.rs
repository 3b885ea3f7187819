//! What a writer sees (issue 14): the preview checks links, and every message names the file to
//! edit, its line, and the fix. One test per case of the issue, each asserting the exact
//! messages and the exit code.

mod common;

use std::fs;

use common::server::Server;
use common::{TestSite, run_in};

/// The headline of every diagnostic (the lines that start with `error:` or `warning:`).
fn headlines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("error: ") || l.starts_with("warning: "))
        .collect()
}

/// The 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} not in {text}"))
        + 1
}

/// A site with one therapy and two reviewed articles, so it builds without warnings.
fn clean_site() -> TestSite {
    let site = TestSite::with_basic_content();
    for (file, title) in [("first", "First article"), ("second", "Second article")] {
        site.write(
            &format!("content/articles/{file}.md"),
            format!("+++\ntitle = \"{title}\"\ndate = 2025-01-02\ntherapies = [\"acupuncture\"]\nreviewed_by = \"Dr. Amara Osei, MD\"\nlast_reviewed = 2025-01-02\n+++\nHello.\n"),
        );
    }
    site
}

fn theme_template(name: &str) -> String {
    fs::read_to_string(common::built_in_theme().join("templates").join(name)).unwrap()
}

const TODAY: &[&str] = &["--today", "2025-06-01"];

// 1. `serve` runs the link check: a broken link is a warning in the terminal and over the page,
// which is still served, and it clears once fixed.

#[test]
fn serve_warns_about_a_broken_link_in_the_terminal_and_over_the_page() {
    let site = clean_site();
    let server = Server::start_with(&site, TODAY);
    let page = server.get("/articles/first/");
    assert_eq!(page.status, 200);
    assert!(
        !page.text().contains("vertebra-warnings"),
        "{}",
        page.text()
    );
    let first = fs::read_to_string(site.root().join("content/articles/first.md")).unwrap();
    site.write(
        "content/articles/first.md",
        format!("{first}\nSee [x](/articles/does-not-exist/).\n"),
    );
    server.next_rebuild();
    let expected = "warning: content/articles/first.md:10:5: broken link `/articles/does-not-exist/` on /articles/first/: no page or file is generated at /articles/does-not-exist/";
    let terminal = server.stderr_until(|l| l == expected);
    assert!(terminal.iter().any(|l| l == expected), "{terminal:?}");
    let page = server.get("/articles/first/");
    assert_eq!(page.status, 200, "the page is still served");
    let page = page.text();
    assert!(page.contains("<h1>First article</h1>"), "{page}");
    let html = scraper::Html::parse_document(&page);
    let overlay = common::texts(&html, "#vertebra-warnings");
    assert_eq!(overlay.len(), 1, "{page}");
    assert!(
        overlay[0].contains(&expected["warning: ".len()..]),
        "{}",
        overlay[0]
    );
    site.write("content/articles/first.md", first);
    server.next_rebuild();
    let page = server.get("/articles/first/").text();
    assert!(!page.contains("vertebra-warnings"), "cleared once fixed");
}

// 2. A link in a site override names the override and its line; a missing static file gets
// "no such static file" and the closest one.

#[test]
fn a_template_link_names_the_override_that_holds_it_and_the_closest_static_file() {
    let site = clean_site();
    site.write("static/custom.css", "body { color: black }\n");
    let base = theme_template("base.html").replacen(
        "</head>",
        "<link rel=\"stylesheet\" href=\"/custon.css\">\n<link rel=\"preload\" href=\"{{ asset_url(path='custm.css') }}\" as=\"style\">\n</head>",
        1,
    );
    site.write("templates/base.html", &base);
    let run = site.build_err(TODAY);
    let line = line_of(&base, "/custon.css");
    assert_eq!(
        headlines(&run.stderr),
        [
            format!(
                "error: templates/base.html:{line}:30: broken link `/custon.css` on / and 7 other pages (made by template base.html in templates): no page or file is generated at /custon.css; no such static file `custon.css` in static/ or the theme's static/; did you mean `custom.css`?"
            ),
            format!(
                "error: templates/base.html:{}:46: broken link `/custm.css` on / and 7 other pages (made by template base.html in templates): no page or file is generated at /custm.css; no such static file `custm.css` in static/ or the theme's static/; did you mean `custom.css`?",
                line + 1
            ),
            "error: failed with 2 errors; nothing was written".to_string(),
        ]
    );
}

// 3. Tera's structure errors name the tag that was opened and never closed, or the closing tag
// that closes nothing.

#[test]
fn an_unclosed_if_is_named_at_its_opening_tag() {
    let site = clean_site();
    let article = theme_template("article.html").replacen(
        "{% if page.description %}<p class=\"lede\">{{ page.description }}</p>{% endif %}",
        "{% if page.description %}<p class=\"lede\">{{ page.description }}</p>",
        1,
    );
    site.write("templates/article.html", &article);
    let run = site.build_err(TODAY);
    let line = line_of(&article, "{% if page.description %}");
    let end = line_of(&article, "{% endblock content %}");
    assert_eq!(
        headlines(&run.stderr),
        [
            format!(
                "error: templates/article.html:{line}:5: `{{% if page.description %}}` is never closed: `{{% endblock content %}}` at line {end} comes first; add `{{% endif %}}` where the `if` should end"
            ),
            "error: failed with 1 error; nothing was written".to_string(),
        ]
    );

    let article = theme_template("article.html").replacen(
        "{% block content %}\n",
        "{% block content %}\n{% endif %}\n",
        1,
    );
    site.write("templates/article.html", &article);
    let run = site.build_err(TODAY);
    assert_eq!(
        headlines(&run.stderr),
        [
            "error: templates/article.html:3:1: `{% endif %}` closes nothing: no `{% if %}` is open here; remove it, or add the `{% if … %}` it should close",
            "error: failed with 1 error; nothing was written",
        ]
    );

    fs::remove_file(site.root().join("templates/article.html")).unwrap();
    site.write(
        "templates/partials/article_card.html",
        "{% block card %}\n<li>{{ article.title }}</li>\n",
    );
    let run = site.build_err(TODAY);
    assert_eq!(
        headlines(&run.stderr),
        [
            "error: templates/partials/article_card.html:1:1: `{% block card %}` is never closed: the file ends first; add `{% endblock %}` where the `block` should end",
            "error: failed with 1 error; nothing was written",
        ]
    );
}

// 4. Runtime and compile errors of templates: once, with a suggestion, at the template's path as
// the user knows it, with no doubled "error:".

#[test]
fn template_errors_are_reported_once_with_a_suggestion() {
    let site = clean_site();
    let article = theme_template("article.html").replacen(
        "<h1>{{ page.title }}</h1>",
        "<h1>{{ page.titel }}</h1>",
        1,
    );
    assert_ne!(article, theme_template("article.html"));
    site.write("templates/article.html", &article);
    let run = site.build_err(TODAY);
    let line = line_of(&article, "page.titel");
    assert_eq!(
        headlines(&run.stderr),
        [
            format!(
                "error: templates/article.html:{line}:17: `page.titel` is not defined; did you mean `page.title`? (while rendering content/articles/first.md and 1 other page)"
            ),
            "error: failed with 1 error; nothing was written".to_string(),
        ]
    );

    let article = theme_template("article.html").replacen(
        "<h1>{{ page.title }}</h1>",
        "<h1>{{ page.title | upcase }}</h1><a href=\"{{ get_url(path='@/articles/first.md') }}\">x</a>",
        1,
    );
    site.write("templates/article.html", &article);
    let run = site.build_err(TODAY);
    let line = line_of(&article, "upcase");
    assert_eq!(
        headlines(&run.stderr),
        [
            format!(
                "error: templates/article.html:{line}:25: unknown filter `upcase`; did you mean `upper`?"
            ),
            format!(
                "error: templates/article.html:{line}:51: unknown function `get_url`; did you mean `url_for`?"
            ),
            "error: failed with 2 errors; nothing was written".to_string(),
        ]
    );

    // Without an override, the theme's file is named.
    fs::remove_file(site.root().join("templates/article.html")).unwrap();
    site.write("themes/default/templates/article.html", &article);
    let run = site.build_err(TODAY);
    assert!(
        headlines(&run.stderr)[0].starts_with(&format!(
            "error: themes/default/templates/article.html:{line}:25: unknown filter `upcase`"
        )),
        "{}",
        run.stderr
    );
}

// 5. Images beside a plain Markdown file, and `@/` links to a page that became a bundle.

#[test]
fn images_and_page_bundles_get_a_hint() {
    let site = clean_site();
    let first = fs::read_to_string(site.root().join("content/articles/first.md")).unwrap();
    site.write(
        "content/articles/first.md",
        format!("{first}\n![A heat pack](heat-pack.jpg)\n"),
    );
    site.write("content/articles/heat-pack.jpg", "jpeg");
    site.write(
        "content/articles/second.md",
        "+++\ntitle = \"Second article\"\n+++\nSee [the bundle](@/articles/bundled.md).\n",
    );
    site.write(
        "content/articles/bundled/index.md",
        "+++\ntitle = \"Bundled\"\n+++\nA bundle.\n",
    );
    let run = site.build_err(TODAY);
    assert_eq!(
        headlines(&run.stderr),
        [
            "error: content/articles/first.md:10:1: broken link `heat-pack.jpg` on /articles/first/: no page or file is generated at /articles/first/heat-pack.jpg; content/articles/heat-pack.jpg is published at /articles/heat-pack.jpg, not beside this page, because only a page bundle's files go beside its page: move the page to content/articles/first/index.md with the file beside it, or put the file in static/ and link to it from the site root",
            "error: content/articles/second.md:4:5: broken link `@/articles/bundled.md`: no such content file; did you mean `@/articles/bundled/index.md`?",
            "error: failed with 2 errors; nothing was written",
        ]
    );
}

// 6. One run reports `@/` errors and URL errors together, each with its hint.

#[test]
fn one_run_reports_every_link_problem_with_a_hint() {
    let site = clean_site();
    site.write(
        "site.toml",
        common::SITE_TOML.replace("https://clinic.example/", "https://clinic.example/care/"),
    );
    site.write(
        "content/articles/sitting-at-work.md",
        "+++\ntitle = \"Sitting at work\"\n+++\nSit well.\n",
    );
    site.write(
        "content/articles/second.md",
        "+++\ntitle = \"Second article\"\n+++\n[a](@/articles/nope.md) [b](/articles/frist/) [c](sitting-at-work.md)\n",
    );
    let run = site.build_err(TODAY);
    assert_eq!(
        headlines(&run.stderr),
        [
            "error: content/articles/second.md:4:1: broken link `@/articles/nope.md`: no such content file",
            "error: content/articles/second.md:4:25: broken link `/care/articles/frist/` on /care/articles/second/: no page or file is generated at /care/articles/frist/; did you mean /care/articles/first/?",
            "error: content/articles/second.md:4:47: broken link `sitting-at-work.md` on /care/articles/second/: no page or file is generated at /care/articles/second/sitting-at-work.md; to link to a page, name its content file with a @/ link: `@/articles/sitting-at-work.md`",
            "error: failed with 3 errors; nothing was written",
        ]
    );
}

// 7. The site root is found upward; a missing --root is "no such folder"; serve without
// site.toml stops with build's error.

#[test]
fn the_site_root_is_found_from_a_subfolder() {
    let site = clean_site();
    let run = run_in(
        &site.root().join("content/articles"),
        &["build", "--today", "2025-06-01"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.output_exists("articles/first/index.html"));

    let run = site.run(&["build", "--root", "/no/such/folder"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        headlines(&run.stderr),
        [
            "error: --root /no/such/folder: no such folder",
            "error: failed with 1 error; nothing was written",
        ]
    );

    let empty = tempfile::tempdir().unwrap();
    let build = run_in(empty.path(), &["build"]);
    let serve = run_in(empty.path(), &["serve", "--port", "0"]);
    let expected = "error: no site.toml in . or any folder above it; run `vertebra new DIR` to start a site, or pass --root";
    assert_eq!((build.code, headlines(&build.stderr)[0]), (1, expected));
    assert_eq!((serve.code, headlines(&serve.stderr)[0]), (1, expected));
    let build = run_in(empty.path(), &["build", "--root", "."]);
    let serve = run_in(empty.path(), &["serve", "--root", ".", "--port", "0"]);
    assert_eq!(build.code, 1);
    assert_eq!(serve.code, 1);
    assert_eq!(headlines(&build.stderr)[0], headlines(&serve.stderr)[0]);
    assert_eq!(
        headlines(&build.stderr)[0],
        "error: no site.toml in .; run `vertebra new DIR` to start a site, or pass --root"
    );
}

// 8. Parser jargon becomes one sentence that says what to do.

#[test]
fn parser_errors_say_what_to_do() {
    let site = clean_site();
    site.write(
        "content/articles/a.md",
        "---\ntitle: \"Tabs\"\ntherapies:\n\t- acupuncture\n---\nBody.\n",
    );
    site.write(
        "content/articles/b.md",
        "---\ntitle: Heat: or cold\n---\nBody.\n",
    );
    site.write(
        "content/articles/c.md",
        "+++\ntitle = \"Dated\"\ndate = March 3, 2026\n+++\nBody.\n",
    );
    site.write(
        "content/articles/d.md",
        "---\ntitle: \"Rule\"\ndate: 2026-03-03\n\nFirst paragraph of the body.\n\n---\n\nMore text.\n",
    );
    let run = site.build_err(TODAY);
    assert_eq!(
        headlines(&run.stderr),
        [
            "error: content/articles/a.md:4:2: invalid YAML: a tab indents this line, and YAML allows only spaces: indent with spaces",
            "error: content/articles/b.md:2:12: invalid YAML: YAML reads the colon in this value as the start of another key: put the value in quotes, `title: \"Heat: or cold\"`",
            "error: content/articles/c.md:3:15: invalid TOML: a date is written YYYY-MM-DD, without quotes: `date = 2026-03-03`",
            "error: content/articles/d.md:5:1: invalid YAML: the front matter opened at line 1 is never closed, so the `---` at line 7 was taken as its end and this body text as keys: add a line with only `---` after the last key",
            "error: failed with 4 errors; nothing was written",
        ]
    );
}

// 9. Warnings are capped at 20 of a kind, with a count of the rest; the summary keeps the total.

#[test]
fn warnings_are_capped_per_kind_with_a_count_of_the_rest() {
    let site = TestSite::with_basic_content();
    for i in 0..25 {
        site.write(
            &format!("content/articles/a{i:02}.md"),
            format!("+++\ntitle = \"A{i}\"\ndate = 2025-01-02\ntherapies = [\"acupuncture\"]\n+++\nBody.\n"),
        );
    }
    let run = site.build_ok(TODAY);
    let lines = headlines(&run.stderr);
    assert_eq!(lines.len(), 21, "{}", run.stderr);
    assert_eq!(
        lines[20],
        "warning: 6 more warnings of the kind \"no medical reviewer\" are not listed; run with --verbose to list them all"
    );
    assert!(
        run.stdout
            .contains(", 26 warnings (26 articles need medical review)"),
        "{}",
        run.stdout
    );
    let mut args = TODAY.to_vec();
    args.push("--verbose");
    let run = site.build_ok(&args);
    assert_eq!(headlines(&run.stderr).len(), 26, "{}", run.stderr);
}

// 10. `check` never writes, and does not say it.

#[test]
fn check_does_not_say_nothing_was_written() {
    let site = clean_site();
    site.write(
        "content/articles/second.md",
        "+++\ntitle = \"Second article\"\n+++\n[x](/nowhere/)\n",
    );
    let run = site.run(&["check", "--today", "2025-06-01"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        headlines(&run.stderr),
        [
            "error: content/articles/second.md:4:1: broken link `/nowhere/` on /articles/second/: no page or file is generated at /nowhere/",
            "error: failed with 1 error",
        ]
    );
}
