//! The built-in theme, overrides, `vertebra theme eject`, `[theme]` branding, static files
//! under their own names, and the home page as the clinic's front door.

mod common;

use common::{TestSite, copy_dir, repo_root, snapshot};

/// The example site's site.toml and content/, and nothing else: no themes/, no templates/.
fn bare_example() -> TestSite {
    let site = TestSite::bare();
    copy_dir(&repo_root().join("content"), &site.root().join("content"));
    std::fs::copy(repo_root().join("site.toml"), site.root().join("site.toml")).unwrap();
    site
}

#[test]
fn a_site_without_a_theme_folder_builds_and_equals_the_same_site_with_the_ejected_theme() {
    let bare = bare_example();
    bare.check_ok(&[]);
    bare.build_ok(&[]);
    assert!(!bare.root().join("themes").exists());

    let ejected = bare_example();
    let run = ejected.run(&["theme", "eject"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        ejected
            .root()
            .join("themes/default/templates/base.html")
            .is_file()
    );
    ejected.build_ok(&[]);

    let (a, b) = (
        snapshot(&bare.root().join("public")),
        snapshot(&ejected.root().join("public")),
    );
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(b[path] == *bytes, "{path} differs");
    }
}

#[test]
fn eject_refuses_to_overwrite() {
    let site = TestSite::with_basic_content();
    let run = site.run(&["theme", "eject"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "error: themes/default already exists, and eject never overwrites: rename or delete it first"
        ),
        "{}",
        run.stderr
    );

    let bare = TestSite::bare();
    bare.write("templates/base.html", "mine");
    let run = bare.run(&["theme", "eject", "base.html"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error: templates/base.html already exists, and eject never overwrites"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(bare.root().join("templates/base.html")).unwrap(),
        "mine"
    );
}

#[test]
fn eject_copies_one_template_or_static_file() {
    let site = TestSite::bare();
    let run = site.run(&["theme", "eject", "partials/article_card.html"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read(site.root().join("templates/partials/article_card.html")).unwrap(),
        std::fs::read(common::built_in_theme().join("templates/partials/article_card.html"))
            .unwrap()
    );
    let run = site.run(&["theme", "eject", "style.css"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.root().join("static/style.css").is_file());
    let run = site.run(&["theme", "eject", "bse.html"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "error: the built-in theme has no file \"bse.html\"; did you mean \"base.html\"?"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn one_template_in_templates_overrides_the_built_in_one() {
    let site = TestSite::bare();
    site.write(
        "content/articles/first.md",
        "+++\ntitle = \"First\"\ndate = 2025-01-02\n+++\nHello.\n",
    );
    site.write(
        "templates/partials/article_card.html",
        "<li class=\"my-card\">{{ article.title }}</li>",
    );
    site.build_ok(&[]);
    let listing = site.output("articles/index.html");
    assert!(
        listing.contains("<li class=\"my-card\">First</li>"),
        "{listing}"
    );
    // Every other template is still the built-in one.
    assert!(
        site.output("articles/first/index.html")
            .contains("class=\"skip-link\"")
    );
}

#[test]
fn one_static_file_overrides_the_built_in_one_and_keeps_its_name() {
    let site = TestSite::bare();
    site.write("static/style.css", "body { color: rebeccapurple }\n");
    site.write("static/docs/leaflet.pdf", "%PDF-1.4");
    site.write(
        "content/about.md",
        "+++\ntitle = \"About\"\n+++\n[Leaflet](/docs/leaflet.pdf), [styles](/style.css).\n",
    );
    site.check_ok(&[]);
    site.build_ok(&[]);
    // Under its own name, and under the hashed name asset_url gives.
    assert_eq!(site.output("style.css"), "body { color: rebeccapurple }\n");
    let home = site.html("index.html");
    let selector = scraper::Selector::parse("link[rel=stylesheet]").unwrap();
    let href = home
        .select(&selector)
        .next()
        .unwrap()
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    assert!(href.starts_with("/style.") && href.ends_with(".css") && href != "/style.css");
    assert_eq!(
        site.output(href.trim_start_matches('/')),
        "body { color: rebeccapurple }\n"
    );
    assert_eq!(site.output("docs/leaflet.pdf"), "%PDF-1.4");
    // The built-in theme's other files are still there.
    assert!(site.output_exists("favicon.svg"));
}

#[test]
fn every_page_links_a_favicon_that_exists_and_a_manifest() {
    let site = TestSite::bare();
    site.write(
        "content/articles/first.md",
        "+++\ntitle = \"First\"\ndate = 2025-01-02\n+++\nHello.\n",
    );
    site.build_ok(&[]);
    for page in ["index.html", "articles/first/index.html", "404.html"] {
        let html = site.output(page);
        assert!(
            html.contains("<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">"),
            "{page}"
        );
        assert!(
            html.contains("<link rel=\"manifest\" href=\"/site.webmanifest\">"),
            "{page}"
        );
    }
    assert!(site.output("favicon.svg").starts_with("<svg"));
    // A browser that asks for /favicon.ico anyway gets an icon, not a 404.
    assert!(site.output_exists("favicon.ico"));
    let manifest: serde_json::Value =
        serde_json::from_str(&site.output("site.webmanifest")).unwrap();
    assert_eq!(manifest["name"], "Test Clinic");
    assert_eq!(manifest["short_name"], "Test Clinic");
    assert_eq!(manifest["start_url"], "/");
    assert_eq!(manifest["theme_color"], "#0b5e55");
    assert_eq!(manifest["icons"][0]["src"], "/favicon.svg");
    assert_eq!(manifest["icons"][0]["type"], "image/svg+xml");
}

#[test]
fn the_accent_logo_favicon_and_short_name_come_from_site_toml() {
    let site = TestSite::bare();
    site.write(
        "site.toml",
        format!(
            "{}\n[theme]\naccent = \"#1a3d6e\"\nlogo = \"img/logo.svg\"\nfavicon = \"icon.png\"\nshort_name = \"Test\"\n",
            common::SITE_TOML
        ),
    );
    site.write(
        "static/img/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 240 60\"></svg>",
    );
    // A 1×1 PNG.
    site.write(
        "static/icon.png",
        [
            0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
            0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89,
        ],
    );
    site.build_ok(&[]);
    let home = site.output("index.html");
    assert!(
        home.contains("<img class=\"site-logo\" src=\"/img/logo.svg\" alt=\"Test Clinic\" width=\"240\" height=\"60\">"),
        "{home}"
    );
    assert!(home.contains("--link:#1a3d6e;--accent:#1a3d6e;--accent-text:#ffffff;--focus:#1a3d6e"));
    // Dark mode gets a lighter shade of the same hue.
    assert!(home.contains("@media screen and (prefers-color-scheme:dark){:root{--link:#"));
    assert!(home.contains("<link rel=\"icon\" href=\"/icon.png\" type=\"image/png\">"));
    let manifest: serde_json::Value =
        serde_json::from_str(&site.output("site.webmanifest")).unwrap();
    assert_eq!(manifest["short_name"], "Test");
    assert_eq!(manifest["theme_color"], "#1a3d6e");
    assert_eq!(manifest["icons"][0]["sizes"], "1x1");
}

#[test]
fn an_accent_without_enough_contrast_is_an_error_at_its_line_with_the_ratio_and_a_shade() {
    let site = TestSite::bare();
    site.write(
        "site.toml",
        format!("{}\n[theme]\naccent = \"#7fb3ff\"\n", common::SITE_TOML),
    );
    let run = site.build_err(&[]);
    assert!(
        run.stderr.contains(
            "error: site.toml:9:10: theme.accent \"#7fb3ff\" has a contrast of 1.93:1 against the theme's light background #f1f4f3; links and button text need at least 4.50:1 (WCAG 2.2 AA), or some readers cannot read them; the nearest shade of the same hue that passes is \"#"
        ),
        "{}",
        run.stderr
    );
    assert!(!site.root().join("public").exists());
}

#[test]
fn a_missing_logo_is_an_error_at_its_line() {
    let site = TestSite::bare();
    site.write(
        "site.toml",
        format!("{}\n[theme]\nlogo = \"logo.svg\"\n", common::SITE_TOML),
    );
    let run = site.build_err(&[]);
    assert!(
        run.stderr.contains("error: site.toml:9:8: expected the path of an image in static/, like \"logo.svg\", found \"logo.svg\", which is not in static/ or the theme's static/"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unknown_theme_lists_the_built_in_one_and_the_folders() {
    let site = TestSite::bare();
    site.write("themes/harbor/templates/base.html", "");
    site.write(
        "site.toml",
        format!("theme = \"nope\"\n{}", common::SITE_TOML),
    );
    let run = site.build_err(&[]);
    assert!(
        run.stderr.contains(
            "theme \"nope\" not found (expected themes/nope/templates/); themes present: default (built in), harbor"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn the_home_page_is_the_clinics_front_door_and_every_footer_has_its_nap() {
    let site = bare_example();
    site.build_ok(&[]);
    let home = site.html("index.html");
    let text = |selector: &str| -> String {
        let selector = scraper::Selector::parse(selector).unwrap();
        home.select(&selector)
            .next()
            .unwrap_or_else(|| panic!("no {selector:?}"))
            .text()
            .collect::<String>()
    };
    assert_eq!(text(".front-door h2"), "Harbor Spine & Physio");
    assert_eq!(text(".front-door-call a"), "Call (310) 555-0142");
    assert!(
        text(".front-door-address")
            .starts_with("1200 Harbor Boulevard, Suite 300, Santa Monica, CA 90401")
    );
    let hours_selector = scraper::Selector::parse(".front-door .hours li").unwrap();
    let hours: Vec<String> = home
        .select(&hours_selector)
        .map(|li| li.text().collect())
        .collect();
    assert_eq!(
        hours,
        [
            "Monday to Friday: 8\u{202f}AM to 6\u{202f}PM",
            "Saturday: 9\u{202f}AM to 1\u{202f}PM"
        ]
    );
    let html = site.output("index.html");
    assert!(html.contains("<a class=\"button\" href=\"tel:+13105550142\">"));
    assert!(html.contains(
        "href=\"https://www.google.com/maps/search/?api=1&amp;query=Harbor+Spine+%26+Physio%2C+1200+Harbor+Boulevard%2C+Suite+300%2C+Santa+Monica%2C+CA+90401\">Directions"
    ));
    // The front door comes before the treatments and the latest articles.
    let door = html.find("class=\"front-door\"").unwrap();
    assert!(door < html.find("id=\"home-therapies-title\"").unwrap());
    assert!(door < html.find("id=\"home-articles-title\"").unwrap());
    // The JSON-LD keeps schema.org's syntax.
    assert!(html.contains("\"openingHours\":[\"Mo-Fr 08:00-18:00\",\"Sa 09:00-13:00\"]"));
    // The same name, address and phone in every page's footer.
    for page in [
        "index.html",
        "articles/index.html",
        "therapies/index.html",
        "404.html",
    ] {
        let html = site.output(page);
        let footer = &html[html.find("<footer").unwrap()..];
        for nap in [
            "<p class=\"clinic-name\">Harbor Spine &amp; Physio</p>",
            "<p class=\"clinic-address\">1200 Harbor Boulevard, Suite 300, Santa Monica, CA 90401</p>",
            "<a href=\"tel:+13105550142\">(310) 555-0142</a>",
        ] {
            assert!(footer.contains(nap), "{page}: {nap}");
        }
    }
}

#[test]
fn opening_hours_that_are_not_schema_org_syntax_are_an_error_at_their_line() {
    let site = TestSite::bare();
    site.write(
        "site.toml",
        common::SITE_TOML.replace(
            "[clinic]\n",
            "[clinic]\nopening_hours = [\"Mo-Fr 08:00-18:00\", \"weekdays 8-6\"]\n",
        ),
    );
    let run = site.build_err(&[]);
    assert!(
        run.stderr
            .contains("error: site.toml:5:39: expected opening hours like \"Mo-Fr 08:00-18:00\""),
        "{}",
        run.stderr
    );
}

#[test]
fn a_site_with_its_own_theme_folder_keeps_its_pages() {
    // A theme folder that is an older copy of the default theme: its pages are its own.
    let site = TestSite::with_basic_content();
    site.write(
        "themes/default/templates/base.html",
        "<!DOCTYPE html><html lang=\"en\"><head><title>{{ page_title }}</title></head><body>{% block content %}{% endblock content %}</body></html>",
    );
    site.build_ok(&[]);
    let home = site.output("articles/first/index.html");
    assert!(home.starts_with(
        "<!DOCTYPE html><html lang=\"en\"><head><title>First article</title></head><body>"
    ));
    assert!(!home.contains("favicon"), "{home}");
}

/// Waits up to 30 seconds for `check` to hold.
fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let start = std::time::Instant::now();
    while start.elapsed() < std::time::Duration::from_secs(30) {
        if check() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("timed out waiting for {what}");
}

#[test]
fn watching_rebuilds_when_an_override_is_added_to_a_site_without_a_theme_folder() {
    use std::io::BufRead;
    let site = TestSite::bare();
    site.write(
        "content/articles/first.md",
        "+++\ntitle = \"First\"\ndate = 2025-01-02\n+++\nHello.\n",
    );
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_vertebra"))
        .args(["build", "--watch"])
        .current_dir(site.root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            let _ = tx.send(line);
        }
    });
    loop {
        let line = rx
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("watching");
        if line.starts_with("Watching") {
            break;
        }
    }
    let read = |path: &str| std::fs::read_to_string(site.root().join("public").join(path));
    // templates/ and static/ do not exist yet: creating them is picked up.
    site.write(
        "templates/partials/article_card.html",
        "<li class=\"watched-card\">{{ article.title }}</li>",
    );
    eventually("the template override", || {
        read("articles/index.html").is_ok_and(|h| h.contains("watched-card"))
    });
    site.write("static/style.css", "body { color: teal }\n");
    eventually("the stylesheet override", || {
        read("style.css").is_ok_and(|css| css == "body { color: teal }\n")
    });
    let _ = child.kill();
    let _ = child.wait();
}
