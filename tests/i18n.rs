//! Multilingual sites (issue #15): a site in English and Spanish (tests/fixtures/i18n/) is
//! built for real and its output read back: where translations are published, how pages link
//! to their translations (hreflang, the switcher, the sitemap), per-language feeds, listings
//! and links, localized strings and dates, and the warnings for stale translations.

mod common;

use std::fs;

use common::{TestSite, attrs, copy_dir, repo_root, texts};
use sha2::{Digest, Sha256};

/// The bilingual fixture, with the built-in theme.
fn bilingual() -> TestSite {
    let site = TestSite::bare();
    copy_dir(&repo_root().join("tests/fixtures/i18n"), site.root());
    site
}

/// The fixture's English part alone: no `.es.md` file, no `[languages.es]`.
fn english_only() -> TestSite {
    let site = bilingual();
    for entry in walkdir::WalkDir::new(site.root().join("content")) {
        let entry = entry.unwrap();
        if entry.file_name().to_string_lossy().ends_with(".es.md") {
            fs::remove_file(entry.path()).unwrap();
        }
    }
    let toml = fs::read_to_string(site.root().join("site.toml")).unwrap();
    let english = toml.split("[languages.es]").next().unwrap().trim_end();
    site.write("site.toml", format!("{english}\n"));
    site
}

const TODAY: &[&str] = &["--today", "2025-06-01"];

#[test]
fn a_site_in_one_language_is_unchanged_byte_for_byte() {
    let site = english_only();
    site.build_ok(TODAY);
    let expected =
        fs::read_to_string(repo_root().join("tests/fixtures/i18n-one-language.sha256")).unwrap();
    let mut actual = String::new();
    for (path, bytes) in common::snapshot(&site.root().join("public")) {
        let digest: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        actual.push_str(&format!("{digest}  {path}\n"));
    }
    assert_eq!(actual, expected);
}

#[test]
fn translations_are_published_under_their_language_with_translated_slugs() {
    let site = bilingual();
    site.build_ok(TODAY);
    for page in [
        "es/index.html",
        "es/articles/calor-o-frio/index.html",
        "es/articles/caminar/index.html",
        "es/articles/first-visit/index.html",
        "es/therapies/heat-therapy/index.html",
        "es/therapies/index.html",
        "es/conditions/sciatica/index.html",
        "es/conditions/index.html",
    ] {
        assert!(site.output_exists(page), "{page}");
    }
    // A page without a translation is not generated in Spanish, under any name.
    for missing in [
        "es/articles/imaging/index.html",
        "es/therapies/acupuncture/index.html",
        "es/articles/heat-or-cold/index.html",
        "es/404.html",
    ] {
        assert!(!site.output_exists(missing), "{missing}");
    }
    // The translated bundle gets its files beside it.
    assert_eq!(
        site.output("es/articles/first-visit/checklist.txt"),
        "1. ID card\n"
    );
    let page = site.html("es/articles/calor-o-frio/index.html");
    assert_eq!(attrs(&page, "html", "lang"), ["es"]);
    assert_eq!(texts(&page, "h1"), ["¿Calor o frío?"]);
    assert_eq!(
        texts(&page, "title"),
        ["¿Calor o frío? | Clínica de Prueba"]
    );
    // The English pages are where they were.
    let english = site.html("articles/heat-or-cold/index.html");
    assert_eq!(attrs(&english, "html", "lang"), ["en"]);
    assert_eq!(texts(&english, "h1"), ["Heat or cold?"]);
}

#[test]
fn every_page_names_its_translations_with_hreflang_and_a_switcher() {
    let site = bilingual();
    site.build_ok(TODAY);
    let alternates = |page: &scraper::Html| -> Vec<String> {
        let selector = scraper::Selector::parse("link[rel=alternate][hreflang]").unwrap();
        page.select(&selector)
            .map(|e| {
                let v = e.value();
                format!(
                    "{} {}",
                    v.attr("hreflang").unwrap(),
                    v.attr("href").unwrap()
                )
            })
            .collect()
    };
    let expected = [
        "en https://clinic.example/articles/heat-or-cold/",
        "es https://clinic.example/es/articles/calor-o-frio/",
        "x-default https://clinic.example/articles/heat-or-cold/",
    ];
    let spanish = site.html("es/articles/calor-o-frio/index.html");
    let english = site.html("articles/heat-or-cold/index.html");
    assert_eq!(alternates(&spanish), expected);
    assert_eq!(alternates(&english), expected);

    let switcher = ".language-switcher a";
    assert_eq!(texts(&english, switcher), ["English", "Español"]);
    assert_eq!(attrs(&english, switcher, "lang"), ["en", "es"]);
    assert_eq!(attrs(&english, switcher, "hreflang"), ["en", "es"]);
    assert_eq!(
        attrs(&english, switcher, "href"),
        ["/articles/heat-or-cold/", "/es/articles/calor-o-frio/"]
    );
    assert_eq!(
        attrs(&english, ".language-switcher [aria-current]", "lang"),
        ["en"]
    );
    assert_eq!(
        attrs(&spanish, ".language-switcher [aria-current]", "lang"),
        ["es"]
    );
    assert_eq!(
        attrs(&spanish, ".language-switcher", "aria-label"),
        ["Idioma"]
    );

    // Without a translation: no alternates, and the switcher leads to the Spanish home page.
    let untranslated = site.html("articles/imaging/index.html");
    assert!(alternates(&untranslated).is_empty());
    assert_eq!(
        attrs(&untranslated, switcher, "href"),
        ["/articles/imaging/", "/es/"]
    );
    assert_eq!(
        attrs(&untranslated, ".language-switcher a[title]", "title"),
        ["This page is not available in Español: the link goes to the home page in Español."]
    );
}

#[test]
fn the_sitemap_lists_every_language_with_alternates() {
    let site = bilingual();
    site.build_ok(TODAY);
    let text = site.output("sitemap.xml");
    let document = roxmltree::Document::parse(&text).unwrap();
    let url = |loc: &str| {
        document
            .descendants()
            .find(|n| {
                n.has_tag_name("url")
                    && n.children()
                        .any(|c| c.has_tag_name("loc") && c.text() == Some(loc))
            })
            .unwrap_or_else(|| panic!("no <url> for {loc}"))
    };
    let links = |loc: &str| -> Vec<String> {
        url(loc)
            .children()
            .filter(|c| c.tag_name().name() == "link")
            .map(|c| {
                assert_eq!(
                    c.tag_name().namespace(),
                    Some("http://www.w3.org/1999/xhtml")
                );
                format!(
                    "{} {}",
                    c.attribute("hreflang").unwrap(),
                    c.attribute("href").unwrap()
                )
            })
            .collect()
    };
    let both = [
        "en https://clinic.example/therapies/heat-therapy/",
        "es https://clinic.example/es/therapies/heat-therapy/",
        "x-default https://clinic.example/therapies/heat-therapy/",
    ];
    assert_eq!(
        links("https://clinic.example/therapies/heat-therapy/"),
        both
    );
    assert_eq!(
        links("https://clinic.example/es/therapies/heat-therapy/"),
        both
    );
    assert!(links("https://clinic.example/therapies/acupuncture/").is_empty());
    assert_eq!(
        links("https://clinic.example/es/articles/caminar/")[1],
        "es https://clinic.example/es/articles/caminar/"
    );
}

#[test]
fn each_language_has_its_own_feed() {
    let site = bilingual();
    site.build_ok(TODAY);
    let titles = |file: &str| -> Vec<String> {
        let text = site.output(file);
        let document = roxmltree::Document::parse(&text).unwrap();
        let root = document.root_element();
        let mut found = vec![
            root.attribute(("http://www.w3.org/XML/1998/namespace", "lang"))
                .unwrap()
                .to_string(),
        ];
        found.extend(
            root.children()
                .filter(|n| n.has_tag_name("entry"))
                .filter_map(|e| e.children().find(|c| c.has_tag_name("title")))
                .map(|t| t.text().unwrap_or_default().to_string()),
        );
        found
    };
    assert_eq!(
        titles("atom.xml"),
        [
            "en",
            "Walking for back pain",
            "Heat or cold?",
            "Imaging for back pain"
        ]
    );
    assert_eq!(
        titles("es/atom.xml"),
        ["es", "Caminar para el dolor de espalda", "¿Calor o frío?"]
    );
    let spanish_home = site.html("es/index.html");
    assert_eq!(
        attrs(&spanish_home, "link[type='application/atom+xml']", "href"),
        ["/es/atom.xml"]
    );
}

#[test]
fn links_resolve_in_the_page_language_and_fall_back_to_the_default() {
    let site = bilingual();
    site.build_ok(TODAY);
    let page = site.html("es/articles/calor-o-frio/index.html");
    let english = site.html("articles/heat-or-cold/index.html");
    let links = attrs(&page, ".prose a", "href");
    assert_eq!(
        links,
        [
            // "compresas calientes", the Spanish name of heat therapy, auto-links in Spanish.
            "/es/therapies/heat-therapy/",
            // @/articles/walking.md: translated.
            "/es/articles/caminar/",
            // @/articles/imaging.md: no translation, the English page.
            "/articles/imaging/",
            // @/articles/heat-or-cold.md from its own translation: itself.
            "/es/articles/calor-o-frio/",
            // @/articles/walking.es.md: named explicitly.
            "/es/articles/caminar/",
        ]
    );
    // The English page auto-links the English name, to the English page.
    assert_eq!(
        attrs(&english, ".prose a", "href"),
        ["/therapies/heat-therapy/", "/articles/walking/"]
    );
    // Topics by slug: the translation when there is one, else the English page, marked.
    assert_eq!(
        attrs(&page, ".page-therapies a", "href"),
        ["/es/therapies/heat-therapy/", "/therapies/acupuncture/"]
    );
    assert_eq!(
        attrs(&page, ".page-therapies a[hreflang]", "hreflang"),
        ["en"]
    );
    assert_eq!(
        texts(&page, ".page-therapies li"),
        ["Terapia de calor", "Acupuncture (en inglés)"]
    );
    assert_eq!(
        texts(&english, ".page-therapies li"),
        ["Heat therapy", "Acupuncture"]
    );
    // Listings are per language.
    let listing = site.html("es/articles/index.html");
    let listed = attrs(&listing, "main a[href^='/es/articles/']", "href");
    assert!(
        listed.contains(&"/es/articles/caminar/".to_string()),
        "{listed:?}"
    );
    assert!(!listed.iter().any(|l| l.contains("imaging")), "{listed:?}");
    let therapy = site.html("es/therapies/heat-therapy/index.html");
    let articles = attrs(&therapy, "main a[href*='/articles/']", "href");
    assert!(
        articles.contains(&"/es/articles/calor-o-frio/".to_string()),
        "{articles:?}"
    );
    assert!(
        articles.iter().all(|a| a.starts_with("/es/")),
        "{articles:?}"
    );
}

#[test]
fn the_cta_and_site_title_come_from_the_language_table() {
    let site = bilingual();
    site.build_ok(TODAY);
    let page = site.output("es/articles/caminar/index.html");
    assert!(
        page.contains("Hable con un especialista de la columna"),
        "{page}"
    );
    assert!(page.contains("Llamar para pedir una consulta"));
    assert!(!page.contains("Talk to a spine specialist"));
    let english = site.output("articles/walking/index.html");
    assert!(english.contains("Talk to a spine specialist"));
}

#[test]
fn a_translation_older_than_its_source_is_a_warning_and_with_strict_an_error() {
    let site = bilingual();
    // The English article was updated on 2025-03-01 after its translation's last date.
    site.write(
        "content/articles/heat-or-cold.es.md",
        fs::read_to_string(site.root().join("content/articles/heat-or-cold.es.md"))
            .unwrap()
            .replace("updated = 2025-03-12", "updated = 2025-01-20")
            .replace("last_reviewed = 2025-03-12", "last_reviewed = 2025-01-20"),
    );
    let expected = "warning: content/articles/heat-or-cold.es.md:6:11: this translation may be out of date: its source content/articles/heat-or-cold.md has `updated = 2025-03-01`, later than this file's `updated = 2025-01-20`; bring the translation up to date with its source, then set its `updated` (or `last_reviewed`) to the day you did";
    let run = site.build_ok(TODAY);
    assert!(run.stderr.contains(expected), "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("translation may be out of date").count(),
        1
    );

    let strict = site.build_err(&["--today", "2025-06-01", "--strict"]);
    assert!(
        strict
            .stderr
            .contains(&expected.replace("warning: ", "error: ")),
        "{}",
        strict.stderr
    );
    // The fresh translations say nothing.
    assert!(!run.stderr.contains("walking.es.md"), "{}", run.stderr);
}

#[test]
fn a_listing_named_for_an_unconfigured_language_is_reported_not_published() {
    let site = english_only();
    site.write(
        "content/_index.fr.md",
        "+++\ntitle = \"Bienvenue\"\n+++\nBonjour.\n",
    );
    let run = site.build_ok(TODAY);
    assert!(
        run.stderr.contains("warning: content/_index.fr.md: this file's name says it is written in \"fr\", but site.toml has no [languages.fr]"),
        "{}",
        run.stderr
    );
    assert_eq!(texts(&site.html("index.html"), "h1"), ["Welcome"]);
}

#[test]
fn dates_plurals_and_theme_words_are_in_the_page_language() {
    let site = bilingual();
    let toml = fs::read_to_string(site.root().join("site.toml")).unwrap();
    let hours = "phone = \"(310) 555-0142\"\nopening_hours = [\"Mo-Fr 08:00-18:00\", \"Tu,Th 19:00-20:30\"]";
    site.write(
        "site.toml",
        toml.replace("phone = \"(310) 555-0142\"", hours),
    );
    site.build_ok(TODAY);
    let spanish = site.html("es/articles/calor-o-frio/index.html");
    // Long dates by CLDR data, in each language.
    assert_eq!(
        texts(&spanish, ".meta time"),
        ["10 de enero de 2025", "12 de marzo de 2025"]
    );
    assert_eq!(
        texts(&spanish, ".review"),
        ["Revisado médicamente por Lena Park, MD el 12 de marzo de 2025"]
    );
    let english = site.html("articles/heat-or-cold/index.html");
    assert_eq!(
        texts(&english, ".meta time"),
        ["10 January 2025", "1 March 2025"]
    );
    assert_eq!(
        texts(&spanish, ".skip-link"),
        ["Saltar al contenido principal"]
    );
    assert_eq!(texts(&english, ".skip-link"), ["Skip to main content"]);
    assert_eq!(
        texts(&spanish, "#related-title"),
        ["Artículos relacionados"]
    );
    assert!(texts(&spanish, ".disclaimer")[0].starts_with("Este sitio ofrece información general"));
    // Plurals by CLDR rules: "1 tratamiento", "2 artículos".
    let therapies = site.html("es/therapies/index.html");
    assert_eq!(texts(&therapies, ".card-count"), ["2 artículos"]);
    let conditions = site.html("es/conditions/index.html");
    assert_eq!(
        texts(&conditions, ".card-count"),
        ["1 tratamiento, 1 artículo"]
    );
    let english_conditions = site.html("conditions/index.html");
    assert_eq!(
        texts(&english_conditions, ".card-count"),
        ["1 treatment, 2 articles"]
    );
    // Opening hours in words, days, times and lists by CLDR data (12-hour: the clinic is in
    // the US; U+202F between a time and its a.m./p.m.).
    let hours = |page: &scraper::Html| texts(page, ".front-door .hours li");
    assert_eq!(
        hours(&site.html("es/index.html")),
        [
            "Lunes a viernes: de 8\u{202f}a.m. a 6\u{202f}p.m.",
            "Martes y jueves: de 7\u{202f}p.m. a 8:30\u{202f}p.m."
        ]
    );
    assert_eq!(
        hours(&site.html("index.html")),
        [
            "Monday to Friday: 8\u{202f}AM to 6\u{202f}PM",
            "Tuesday and Thursday: 7\u{202f}PM to 8:30\u{202f}PM"
        ]
    );
    // The breadcrumb trail starts at the Spanish home page.
    assert_eq!(
        attrs(&spanish, ".breadcrumbs a", "href"),
        ["/es/", "/es/articles/", "/es/articles/calor-o-frio/"]
    );
}

#[test]
fn a_language_no_catalogue_covers_builds_with_english_words_and_one_warning() {
    // A German site: the built-in theme has no strings/de.ftl. Dates still come from CLDR.
    let site = english_only();
    let toml = fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        toml.replacen("title = ", "language = \"de\"\ntitle = ", 1),
    );
    let run = site.build_ok(TODAY);
    let warning = "warning: site.toml: the theme has no strings for \"de\" (no strings/de.ftl), so pages in \"de\" show its \"en\" words (\"Skip to main content\", \"Related articles\"…); add strings/de.ftl to a theme folder (`vertebra theme eject` copies the \"en\" one to start from), or set each string under [strings] in site.toml";
    assert_eq!(run.stderr.matches(warning).count(), 1, "{}", run.stderr);
    assert!(
        !run.stderr.contains("the theme string \""),
        "{}",
        run.stderr
    );
    let page = site.html("articles/heat-or-cold/index.html");
    assert_eq!(attrs(&page, "html", "lang"), ["de"]);
    assert_eq!(texts(&page, ".skip-link"), ["Skip to main content"]);
    assert_eq!(texts(&page, ".meta time")[0], "10. Januar 2025");
}

#[test]
fn a_site_overrides_theme_strings_and_a_missing_one_falls_back_with_one_warning() {
    let site = bilingual();
    let toml = fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        toml.replace(
            "[languages.es.cta]",
            "[languages.es.strings]\nrelated-articles = \"Lea también\"\nreading-time = \"\"\"{ $minutes ->\n    [one] un minuto\n   *[other] { $minutes } minutos\n}\"\"\"\n\n[languages.es.cta]",
        ) + "\n[strings]\nrelated-articles = \"Keep reading\"\nbrand-new = \"Only in English\"\n",
    );
    site.write(
        "templates/partials/article_card.html",
        "<li class=\"card\"><a href=\"{{ article.url }}\">{{ article.title }}</a> <span class=\"new\">{{ t(key='brand-new') }}</span></li>",
    );
    let run = site.build_ok(TODAY);
    let spanish = site.html("es/articles/calor-o-frio/index.html");
    assert_eq!(texts(&spanish, "#related-title"), ["Lea también"]);
    assert_eq!(
        texts(&spanish, ".meta")[0].rsplit(" · ").next().unwrap(),
        "un minuto"
    );
    let english = site.html("articles/heat-or-cold/index.html");
    assert_eq!(texts(&english, "#related-title"), ["Keep reading"]);
    // The key Spanish lacks is shown in English, and reported once.
    assert_eq!(texts(&spanish, ".new"), ["Only in English"]);
    let warning = "warning: site.toml: the theme string \"brand-new\" has no \"es\" translation, so pages in \"es\" show the \"en\" one; add `brand-new = \"…\"` under [languages.es.strings] in site.toml";
    assert!(run.stderr.contains(warning), "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("\"brand-new\"").count(),
        1,
        "{}",
        run.stderr
    );
}

#[test]
fn json_ld_carries_the_language_and_links_translations() {
    let site = bilingual();
    site.build_ok(TODAY);
    let graph = |page: &str| -> serde_json::Value {
        let html = site.html(page);
        let script = texts(&html, "script[type='application/ld+json']").remove(0);
        serde_json::from_str::<serde_json::Value>(&script).unwrap()["@graph"][0].clone()
    };
    let spanish = graph("es/articles/calor-o-frio/index.html");
    assert_eq!(spanish["inLanguage"], "es");
    assert_eq!(
        spanish["translationOfWork"]["@id"],
        "https://clinic.example/articles/heat-or-cold/"
    );
    let english = graph("articles/heat-or-cold/index.html");
    assert_eq!(english["inLanguage"], "en");
    assert_eq!(
        english["workTranslation"][0]["@id"],
        "https://clinic.example/es/articles/calor-o-frio/"
    );
    let untranslated = graph("articles/imaging/index.html");
    assert!(untranslated.get("workTranslation").is_none());
}

#[test]
fn serve_rebuilds_translations_and_warns_at_once_when_a_source_moves_ahead() {
    let site = bilingual();
    let server = common::server::Server::start_with(&site, TODAY);
    // A body edit of a translation: only what shows it is rendered again.
    let translation = site.root().join("content/articles/walking.es.md");
    let text = fs::read_to_string(&translation).unwrap();
    site.write(
        "content/articles/walking.es.md",
        text.replace("Camine todos los días.", "Camine treinta minutos al día."),
    );
    match server.settled_rebuild() {
        common::server::Rebuild::Ok(rendered) => assert!(rendered < 10, "{rendered}"),
        failed => panic!("{failed:?}"),
    }
    let page = server.get("/es/articles/caminar/").text();
    assert!(page.contains("Camine treinta minutos al día."), "{page}");
    assert!(!server.get("/articles/walking/").text().contains("treinta"));

    // The source is updated after its translation: the warning appears with this rebuild.
    let source = site.root().join("content/articles/walking.md");
    let text = fs::read_to_string(&source).unwrap();
    site.write(
        "content/articles/walking.md",
        text.replace(
            "date = 2025-02-01\n",
            "date = 2025-02-01\nupdated = 2025-05-20\n",
        ),
    );
    server.settled_rebuild();
    let wanted = "warning: content/articles/walking.es.md:8:17: this translation may be out of date: its source content/articles/walking.md has `updated = 2025-05-20`, later than this file's `last_reviewed = 2025-02-03`";
    let lines = server.stderr_until(|l| l.starts_with(wanted));
    assert!(lines.iter().any(|l| l.starts_with(wanted)), "{lines:#?}");
}

#[test]
fn a_syntax_error_in_a_theme_catalogue_is_an_error_at_its_line() {
    let site = TestSite::with_basic_content();
    let catalogue = site.root().join("themes/default/strings/en.ftl");
    let mut text = fs::read_to_string(&catalogue).unwrap();
    let line = text.lines().count() + 1;
    text.push_str("broken-key = { $unclosed\n");
    fs::write(&catalogue, text).unwrap();
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "error: themes/default/strings/en.ftl:{}:1: invalid Fluent:",
            line + 1
        )),
        "{}",
        run.stderr
    );
    assert!(!site.output_exists("index.html"), "nothing was written");
}
