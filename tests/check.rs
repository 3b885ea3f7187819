//! `vertebra check` and the link check `build` runs: broken links from Markdown (with their
//! line), from templates, broken fragments and links that leave the base path are reported;
//! the shipped example passes; `vertebra new` gives a site that builds and passes at once.

mod common;

use common::TestSite;

/// The diagnostics of a run that mention a broken link, one per line of the summary.
fn broken_links(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("error: ") || l.starts_with("warning: "))
        .filter(|l| l.contains("broken link"))
        .collect()
}

#[test]
fn the_shipped_example_passes_the_check_at_the_root_and_under_a_subpath() {
    let site = TestSite::example();
    for args in [
        vec![],
        vec!["--base-url", "https://example.org/clinic/"],
        vec!["--drafts"],
    ] {
        let run = site.check_ok(&args);
        assert!(broken_links(&run.stderr).is_empty(), "{}", run.stderr);
        assert!(run.stdout.starts_with("Checked "), "{}", run.stdout);
        assert!(run.stdout.contains("no broken links"), "{}", run.stdout);
    }
    assert!(!site.root().join("public").exists(), "check writes nothing");
}

#[test]
fn a_markdown_broken_link_is_reported_at_its_file_and_line() {
    let site = TestSite::with_basic_content();
    site.write(
        "content/articles/second.md",
        "+++\ntitle = \"Second\"\ndate = 2025-02-01\ntherapies = [\"acupuncture\"]\n+++\nFirst paragraph.\n\nSee [our prices](/prices/) today.\n",
    );
    let run = site.check_err(&[]);
    let broken = broken_links(&run.stderr);
    assert_eq!(broken.len(), 1, "{}", run.stderr);
    assert!(
        broken[0].starts_with("error: content/articles/second.md:8:5: broken link `/prices/`"),
        "{}",
        run.stderr
    );
    assert!(broken[0].contains("no page or file is generated at /prices/"));
    // The offending line is shown under the message.
    assert!(run.stderr.contains("8 | See [our prices](/prices/) today."));
}

#[test]
fn a_broken_fragment_is_reported_with_the_missing_id() {
    let site = TestSite::with_basic_content();
    site.write(
        "content/articles/second.md",
        "+++\ntitle = \"Second\"\ndate = 2025-02-01\ntherapies = [\"acupuncture\"]\n+++\n## Risks\n\nJump to [risks](#risks), [benefits](#benefits) or [the first](/articles/first/#nowhere).\n",
    );
    let run = site.check_err(&[]);
    let broken = broken_links(&run.stderr);
    assert_eq!(broken.len(), 2, "{}", run.stderr);
    assert!(
        broken[0].starts_with("error: content/articles/second.md:8:26: broken link `#benefits`"),
        "{}",
        run.stderr
    );
    assert!(broken[0].ends_with("/articles/second/ has no element with id \"benefits\""));
    assert!(
        broken[1].contains("`/articles/first/#nowhere`")
            && broken[1].ends_with("/articles/first/ has no element with id \"nowhere\""),
        "{}",
        run.stderr
    );
}

#[test]
fn a_template_made_broken_link_names_the_template_and_the_page() {
    let site = TestSite::with_basic_content();
    site.write(
        "templates/article.html",
        "{% extends \"base.html\" %}{% block content %}<h1>{{ page.title }}</h1><a href=\"{{ url_for(path='/book-online/') }}\">Book</a>{% endblock content %}",
    );
    let run = site.check_err(&[]);
    let broken = broken_links(&run.stderr);
    assert_eq!(broken.len(), 1, "{}", run.stderr);
    assert!(
        broken[0].starts_with(
            "error: templates/article.html:1:96: broken link `/book-online/` on /articles/first/ (made by template article.html in templates)"
        ),
        "{}",
        run.stderr
    );
    // `build` runs the same check and writes nothing...
    let build = site.build_err(&[]);
    assert_eq!(broken_links(&build.stderr), broken);
    assert!(!site.output_exists("index.html"));
    // ...unless asked to report broken links as warnings.
    let build = site.build_ok(&["--links-as-warnings"]);
    let warnings = broken_links(&build.stderr);
    assert_eq!(warnings.len(), 1, "{}", build.stderr);
    assert!(warnings[0].starts_with("warning: templates/article.html:1:96: broken link"));
    // The broken link, and the article's missing medical reviewer.
    assert!(
        build
            .stdout
            .contains("2 warnings (1 article needs medical review)"),
        "{}",
        build.stdout
    );
    assert!(site.output_exists("articles/first/index.html"));
}

#[test]
fn a_link_that_leaves_the_base_path_is_broken_and_one_template_link_is_reported_once() {
    let site = TestSite::with_basic_content();
    // A hand-built URL in the base template: fine at the root of a host, broken in a folder.
    let base = std::fs::read_to_string(site.root().join("themes/default/templates/base.html"))
        .unwrap()
        .replace(
            "<footer class=\"site-footer\">",
            "<footer class=\"site-footer\"><a href=\"/articles/\">All articles</a>",
        );
    site.write("templates/base.html", base);
    site.check_ok(&[]);
    let run = site.check_err(&["--base-url", "https://example.org/clinic/"]);
    let broken = broken_links(&run.stderr);
    assert_eq!(broken.len(), 1, "one report for every page: {}", run.stderr);
    assert!(
        broken[0].contains("broken link `/articles/` on /clinic/ and "),
        "{}",
        run.stderr
    );
    assert!(
        broken[0].contains("leaves the site's base path /clinic/"),
        "{}",
        run.stderr
    );
}

#[test]
fn relative_links_on_the_404_page_are_refused() {
    let site = TestSite::with_basic_content();
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Not found</h1><a href=\"articles/\">Articles</a>{% endblock content %}",
    );
    let run = site.check_err(&[]);
    let broken = broken_links(&run.stderr);
    assert_eq!(broken.len(), 1, "{}", run.stderr);
    assert!(
        broken[0].contains("404.html is served at every missing URL"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_link_to_a_folder_without_its_trailing_slash_is_reported_with_the_fix() {
    let site = TestSite::with_basic_content();
    site.write(
        "content/about.md",
        "+++\ntitle = \"About\"\n+++\nRead [the first article](/articles/first) first.\n",
    );
    let run = site.check_err(&[]);
    let broken = broken_links(&run.stderr);
    assert_eq!(broken.len(), 1, "{}", run.stderr);
    assert!(
        broken[0].starts_with("error: content/about.md:4:6: broken link `/articles/first`"),
        "{}",
        run.stderr
    );
    assert!(
        broken[0].ends_with("link to /articles/first/"),
        "{}",
        run.stderr
    );
}
#[test]
fn new_creates_a_site_that_builds_and_passes_the_check() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("my-clinic");
    let new = common::run_in(parent.path(), &["new", "my-clinic"]);
    assert_eq!(new.code, 0, "{}", new.stderr);
    assert!(dir.join("site.toml").is_file());
    // No copy of the theme: the site uses the built-in one, and gets its updates.
    assert!(!dir.join("themes").exists());
    assert!(!dir.join("templates").exists());
    let markdown: Vec<_> = walkdir::WalkDir::new(dir.join("content"))
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| {
            e.path()
                .strip_prefix(&dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(
        markdown
            .iter()
            .filter(|p| p.starts_with("content/therapies/") && !p.ends_with("_index.md"))
            .count(),
        1,
        "{markdown:?}"
    );
    assert_eq!(
        markdown
            .iter()
            .filter(|p| p.starts_with("content/articles/") && !p.ends_with("_index.md"))
            .count(),
        1,
        "{markdown:?}"
    );
    let build = common::run_in(&dir, &["build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(build.stderr.is_empty(), "no warnings: {}", build.stderr);
    assert!(dir.join("public/index.html").is_file());
    assert!(dir.join("public/atom.xml").is_file());
    let check = common::run_in(&dir, &["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(check.stderr.is_empty(), "no warnings: {}", check.stderr);
    let check = common::run_in(
        &dir,
        &["check", "--base-url", "https://example.org/clinic/"],
    );
    assert_eq!(check.code, 0, "{}", check.stderr);
}

#[test]
fn new_refuses_a_folder_that_is_not_empty() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("taken");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    let run = common::run_in(parent.path(), &["new", "taken"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("not empty"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        1,
        "nothing was added"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("notes.txt")).unwrap(),
        "mine"
    );
    // An empty folder is fine.
    let empty = parent.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let run = common::run_in(parent.path(), &["new", "empty"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// A long-lived builder (`serve`, `build --watch`) resolves again only the links of the pages
/// an edit changed, yet after every edit it reports the broken links a fresh build reports:
/// among them a link into another page whose ids a later edit changes.
#[test]
fn a_rebuild_reports_the_broken_links_a_fresh_build_reports() {
    use vertebra::build::{BuildOptions, Builder};
    use vertebra::check::LinkCheck;

    let site = TestSite::with_basic_content();
    let options = BuildOptions {
        root: site.root().to_path_buf(),
        link_check: LinkCheck::Warn,
        ..BuildOptions::default()
    };
    let article = |body: &str| {
        format!(
            "+++\ntitle = \"A\"\ndate = 2025-02-01\ntherapies = [\"acupuncture\"]\n+++\n{body}\n"
        )
    };
    let broken = |warnings: &vertebra::diagnostics::Diagnostics| -> Vec<String> {
        (warnings.iter().map(ToString::to_string))
            .filter(|line| line.contains("broken link"))
            .collect()
    };
    // The third article's summary (above `<!-- more -->`) never changes, so the second's page,
    // whose related-article card shows it, is not rendered again when only the third changes.
    let third = |rest: &str| article(&format!("About risks.\n\n<!-- more -->\n\n{rest}"));
    let (second_md, third_md) = ("content/articles/second.md", "content/articles/third.md");
    site.write(
        second_md,
        article("Read [the risks](/articles/third/#risks)."),
    );
    site.write(third_md, third("No headings yet."));
    let mut builder = Builder::long_lived(options.clone());
    let mut steps = vec![broken(&builder.build().unwrap().warnings)];
    let two_links = "Read [the risks](/articles/third/#risks) and [more](/articles/third/#more).";
    let edits = [
        // The target gains the id: the unchanged page's link is fine now.
        (third_md, third("## Risks\n\nEvery treatment has some.")),
        // A body edit that changes no id.
        (
            third_md,
            third("## Risks\n\nEvery treatment has some, and benefits."),
        ),
        // The linking page gains a second broken link.
        (second_md, article(two_links)),
        // The target loses the id again.
        (third_md, third("## Dangers\n\nEvery treatment has some.")),
        // A link to a file that is not there yet, then the file (no page changes).
        (
            second_md,
            article(&format!("{two_links} [Prices](/price-list.pdf).")),
        ),
        ("static/price-list.pdf", "%PDF-1.4\n".to_string()),
    ];
    for (path, text) in edits {
        site.write(path, &text);
        let changed = [site.root().join(path)];
        let rebuilt = builder.build_changed(Some(&changed)).unwrap();
        let fresh = Builder::new(options.clone()).build().unwrap();
        assert_eq!(
            broken(&rebuilt.warnings),
            broken(&fresh.warnings),
            "after writing {path}"
        );
        steps.push(broken(&rebuilt.warnings));
    }
    let counts: Vec<usize> = steps.iter().map(Vec::len).collect();
    assert_eq!(counts, [1, 0, 0, 1, 2, 3, 2], "{steps:#?}");
    assert!(
        steps[4].iter().any(|line| line.contains("#risks")),
        "{steps:#?}"
    );
    assert!(
        steps[5].iter().any(|line| line.contains("price-list")),
        "{steps:#?}"
    );
}
