//! `vertebra build` on real sites in temp folders: the files it writes and what they contain.

mod common;

use common::{TestSite, attrs, copy_dir, repo_root, snapshot, texts};

#[test]
fn builds_the_shipped_example_site() {
    let out = tempfile::tempdir().unwrap();
    let site = TestSite::new();
    // Build the repository's own content into a temp folder (never into the repo).
    copy_dir(&repo_root().join("content"), &site.root().join("content"));
    std::fs::copy(repo_root().join("site.toml"), site.root().join("site.toml")).unwrap();
    let target = out.path().join("site");
    let run = site.build_ok(&["--output-dir", target.to_str().unwrap()]);
    assert!(run.stdout.starts_with("Built "), "{}", run.stdout);
    assert!(run.stdout.contains(" pages "), "{}", run.stdout);
    let files = snapshot(&target);
    for page in [
        "index.html",
        "404.html",
        "articles/index.html",
        "articles/heat-or-cold/index.html",
        "therapies/index.html",
        "therapies/acupuncture/index.html",
        "about/index.html",
        "articles/your-first-spine-evaluation/spine-regions.svg",
        "blog/heat-vs-ice/index.html",
    ] {
        assert!(files.contains_key(page), "missing {page}");
    }
    assert!(
        !files.keys().any(|k| k.contains("sleeping-positions")),
        "the draft was published"
    );
    // Every file in content/therapies/ but _index.md and the translations (`x.es.md`, under
    // /es/) is a therapy page.
    let therapies = std::fs::read_dir(repo_root().join("content/therapies"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != "_index.md" && name.matches('.').count() == 1)
        .count();
    let pages = files
        .keys()
        .filter(|k| {
            k.starts_with("therapies/")
                && k.ends_with("/index.html")
                && *k != "therapies/index.html"
        })
        .count();
    assert_eq!(pages, therapies, "one page per therapy file");
}

#[test]
fn toml_and_yaml_front_matter_give_the_same_page() {
    let site = TestSite::new();
    site.write(
        "content/therapies/massage-therapy.md",
        "---\ntitle: Massage Therapy\nkind: therapy\n---\nBody.\n",
    );
    site.write(
        "content/articles/toml.md",
        "+++\ntitle = \"Same title\"\ndescription = \"Same description\"\ndate = 2024-08-26\nupdated = \"2024-09-01T10:00:00Z\"\ntherapies = [\"massage-therapy\"]\nauthor = \"Ann\"\n[extra]\nmood = \"calm\"\n+++\nSame body.\n",
    );
    site.write(
        "content/articles/yaml.md",
        "---\ntitle: Same title\ndescription: Same description\ndate: 2024-08-26\nupdated: 2024-09-01T10:00:00Z\ntherapies:\n  - massage-therapy\nauthor: Ann\nextra:\n  mood: calm\n---\nSame body.\n",
    );
    site.build_ok(&[]);
    let toml = site.output("articles/toml/index.html");
    let yaml = site.output("articles/yaml/index.html");
    // The two articles list each other as related, so mask both URLs.
    let mask = |html: &str| {
        html.replace("/articles/toml/", "/articles/X/")
            .replace("/articles/yaml/", "/articles/X/")
    };
    assert_eq!(
        mask(&toml),
        mask(&yaml),
        "TOML and YAML front matter rendered differently"
    );
    let html = site.html("articles/toml/index.html");
    assert_eq!(texts(&html, "h1"), vec!["Same title"]);
    assert_eq!(
        attrs(&html, ".meta time", "datetime"),
        vec!["2024-08-26", "2024-09-01"]
    );
    assert_eq!(texts(&html, ".page-therapies a"), vec!["Massage Therapy"]);
}

#[test]
fn page_bundles_copy_their_files_beside_the_page() {
    let site = TestSite::new();
    site.write(
        "content/articles/visit/index.md",
        "+++\ntitle = \"Your visit\"\n+++\n![Diagram of the spine](diagram.svg)\n",
    );
    site.write(
        "content/articles/visit/diagram.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.write("content/articles/loose.txt", "loose");
    site.build_ok(&[]);
    assert_eq!(
        site.output("articles/visit/diagram.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
    );
    assert_eq!(site.output("articles/loose.txt"), "loose");
    let html = site.html("articles/visit/index.html");
    // A local image's address is made root-relative, so it also works in listings' summaries.
    assert_eq!(
        attrs(&html, ".prose img", "src"),
        vec!["/articles/visit/diagram.svg"]
    );
}

#[test]
fn site_static_files_override_the_theme_s() {
    let site = TestSite::with_basic_content();
    site.write("static/style.css", "/* the site's own */");
    site.write("static/images/logo.svg", "<svg/>");
    site.build_ok(&[]);
    // The stylesheet is published under a content-hashed name; it is the site's own.
    let html = site.html("index.html");
    let href = attrs(&html, "link[rel=stylesheet]", "href").remove(0);
    assert!(
        href.starts_with("/style.") && href.ends_with(".css"),
        "{href}"
    );
    assert_eq!(site.output(&href[1..]), "/* the site's own */");
    assert_eq!(site.output("images/logo.svg"), "<svg/>");
}

#[test]
fn a_page_wins_over_a_file_of_the_same_path_and_a_bundle_file_over_a_static_one() {
    let site = TestSite::with_basic_content();
    site.write(
        "content/articles/visit/index.md",
        "+++\ntitle = \"Your visit\"\n+++\nBring your [notes](notes.txt).\n",
    );
    site.write("content/articles/visit/notes.txt", "the bundle's");
    site.write("static/articles/visit/notes.txt", "the static folder's");
    site.write("static/articles/visit/index.html", "a static page");
    site.write("content/articles/visit/index.html", "a bundle file");
    site.build_ok(&[]);
    assert_eq!(site.output("articles/visit/notes.txt"), "the bundle's");
    let page = site.html("articles/visit/index.html");
    assert_eq!(texts(&page, "h1"), vec!["Your visit"]);
}

#[test]
fn site_templates_override_the_theme_s_by_name() {
    let site = TestSite::with_basic_content();
    site.write(
        "templates/article.html",
        "{% extends \"base.html\" %}{% block content %}<p class=\"custom\">{{ page.title }} by override</p>{% endblock content %}",
    );
    site.build_ok(&[]);
    let html = site.html("articles/first/index.html");
    assert_eq!(texts(&html, "p.custom"), vec!["First article by override"]);
    // The theme's base.html is still used around it.
    assert_eq!(texts(&html, "a.skip-link"), vec!["Skip to main content"]);
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = TestSite::with_basic_content();
    site.write(
        "content/articles/draft.md",
        "+++\ntitle = \"Unfinished\"\ndate = 2025-06-01\ndraft = true\ntherapies = [\"acupuncture\"]\n+++\nNot yet.\n",
    );
    site.build_ok(&[]);
    assert!(!site.output_exists("articles/draft/index.html"));
    assert!(!site.output("articles/index.html").contains("Unfinished"));
    assert!(
        !site
            .output("therapies/acupuncture/index.html")
            .contains("Unfinished")
    );
    site.build_ok(&["--drafts"]);
    assert!(site.output_exists("articles/draft/index.html"));
    assert!(site.output("articles/index.html").contains("Unfinished"));
}

#[test]
fn identical_input_gives_identical_output() {
    let site = TestSite::new();
    copy_dir(&repo_root().join("content"), &site.root().join("content"));
    std::fs::copy(repo_root().join("site.toml"), site.root().join("site.toml")).unwrap();
    site.build_ok(&[]);
    let first = snapshot(&site.root().join("public"));
    site.build_ok(&[]);
    let second = snapshot(&site.root().join("public"));
    assert_eq!(first.len(), second.len());
    for (path, bytes) in &first {
        assert!(
            second.get(path) == Some(bytes),
            "{path} differs between two builds"
        );
    }
}

#[test]
fn a_successful_build_leaves_no_stale_files_and_no_staging_folder() {
    let site = TestSite::with_basic_content();
    site.write(
        "content/articles/old.md",
        "+++\ntitle = \"Old\"\n+++\nOld.\n",
    );
    site.build_ok(&[]);
    assert!(site.output_exists("articles/old/index.html"));
    std::fs::remove_file(site.root().join("content/articles/old.md")).unwrap();
    site.build_ok(&[]);
    assert!(!site.output_exists("articles/old"));
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_relative_root_builds_into_its_own_output_folder() {
    // `vertebra build --root clinic` from the folder above: the output is clinic/public, as
    // site.toml's `output_dir` is relative to the root, not clinic/clinic/public.
    let parent = tempfile::tempdir().unwrap();
    let site = TestSite::with_basic_content();
    common::copy_dir(site.root(), &parent.path().join("clinic"));
    let run = common::run_in(parent.path(), &["build", "--root", "clinic"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(parent.path().join("clinic/public/index.html").is_file());
    assert!(!parent.path().join("clinic/clinic").exists());
    let leftovers: Vec<_> = std::fs::read_dir(parent.path().join("clinic"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn pages_are_accessible_by_construction() {
    let site = TestSite::with_basic_content();
    site.build_ok(&[]);
    for page in [
        "index.html",
        "articles/first/index.html",
        "therapies/index.html",
        "therapies/acupuncture/index.html",
        "404.html",
    ] {
        let html = site.html(page);
        assert_eq!(attrs(&html, "html", "lang"), vec!["en"], "{page}");
        assert_eq!(attrs(&html, "a.skip-link", "href"), vec!["#main"], "{page}");
        assert_eq!(attrs(&html, "main", "id"), vec!["main"], "{page}");
        assert_eq!(texts(&html, "h1").len(), 1, "{page} has one h1");
        assert!(
            texts(&html, "footer .disclaimer")[0].contains("not medical advice"),
            "{page}"
        );
        assert!(
            texts(&html, "footer .disclaimer")[0].contains("911"),
            "{page}"
        );
        // No request to another host.
        let loaded = attrs(&html, "link[rel=stylesheet], link[rel=icon]", "href")
            .into_iter()
            .chain(attrs(&html, "script, img, iframe", "src"));
        for url in loaded {
            assert!(
                url.starts_with('/') || !url.contains("://"),
                "{page} loads {url}"
            );
        }
        // The only script is data: the page's JSON-LD.
        assert!(
            texts(&html, "script:not([type=\"application/ld+json\"])").is_empty(),
            "{page} needs no JavaScript"
        );
    }
}

#[test]
fn markdown_features_headings_toc_summary_and_reading_time() {
    let site = TestSite::with_basic_content();
    site.write(
        "content/articles/rich.md",
        "+++\ntitle = \"Rich\"\ndate = 2025-03-01\n+++\nIntro words here.\n\n<!-- more -->\n\n## Risks\n\n## Risks\n\n### Smaller\n\n## Third\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n~~gone~~ \"quoted\"[^1]\n\n[^1]: A note.\n",
    );
    site.build_ok(&[]);
    let html = site.html("articles/rich/index.html");
    assert_eq!(
        attrs(&html, ".prose h2", "id"),
        vec!["risks", "risks-1", "third"]
    );
    assert_eq!(attrs(&html, ".prose h3", "id"), vec!["smaller"]);
    assert_eq!(
        attrs(&html, ".toc a", "href"),
        vec!["#risks", "#risks-1", "#third"]
    );
    assert_eq!(texts(&html, ".prose table td"), vec!["1", "2"]);
    assert_eq!(texts(&html, ".prose del"), vec!["gone"]);
    assert!(
        site.output("articles/rich/index.html")
            .contains("\u{201c}quoted\u{201d}")
    );
    assert_eq!(
        attrs(&html, ".prose input[type=checkbox]", "checked").len(),
        1
    );
    // The summary (text before <!-- more -->) is what listings show.
    let listing = site.html("articles/index.html");
    let card = texts(&listing, ".card")
        .into_iter()
        .find(|t| t.contains("Rich"))
        .unwrap();
    assert!(card.contains("Intro words here."), "{card}");
    assert!(!card.contains("Risks"), "{card}");
}

/// A copied file (static, bundle asset) keeps its source's modification time; the next build
/// reuses the previous output's copy (a hard link, no bytes copied) while the source is
/// unchanged, and copies afresh when the source or the copy in the output has changed.
#[cfg(unix)]
#[test]
fn unchanged_copies_are_reused_from_the_previous_output() {
    use std::os::unix::fs::MetadataExt;
    let site = TestSite::with_basic_content();
    site.write("static/guide.pdf", "%PDF first");
    site.build_ok(&[]);
    let output = site.root().join("public/guide.pdf");
    let source = site.root().join("static/guide.pdf");
    let meta = |path: &std::path::Path| std::fs::metadata(path).unwrap();
    assert_eq!(
        meta(&output).modified().unwrap(),
        meta(&source).modified().unwrap()
    );
    let first = meta(&output).ino();

    site.build_ok(&[]);
    assert_eq!(meta(&output).ino(), first, "the previous copy is reused");
    assert_eq!(
        meta(&output).nlink(),
        1,
        "and the old output's name is gone"
    );

    // Edited in the output (by hand, or a tool): copied afresh from the source.
    std::fs::write(&output, "%PDF edited in public/").unwrap();
    site.build_ok(&[]);
    assert_ne!(meta(&output).ino(), first);
    assert_eq!(site.output("guide.pdf"), "%PDF first");

    // The source changed: copied afresh.
    let second = meta(&output).ino();
    site.write("static/guide.pdf", "%PDF second, longer");
    site.build_ok(&[]);
    assert_ne!(meta(&output).ino(), second);
    assert_eq!(site.output("guide.pdf"), "%PDF second, longer");
}
