//! Medical trust signals: JSON-LD structured data on every page kind, authors and their pages,
//! reviewer lines, references, and the review warnings with `--today` and `--strict`. JSON-LD
//! is parsed with serde_json from the page's one `<script type="application/ld+json">`.

mod common;

use std::collections::BTreeMap;

use common::{SITE_TOML, TestSite, attrs, snapshot, texts};
use scraper::{Html, Selector};
use serde_json::{Value, json};

/// The day the tests measure review ages at; the example's reviews are all current then.
const TODAY: &str = "2026-11-23";

/// The JSON-LD of a page: exactly one script, valid JSON, a schema.org `@graph`.
fn jsonld(html: &Html) -> Value {
    let selector = Selector::parse("script[type=\"application/ld+json\"]").unwrap();
    let scripts: Vec<String> = html
        .select(&selector)
        .map(|s| s.text().collect::<String>())
        .collect();
    assert_eq!(scripts.len(), 1, "one JSON-LD script per page");
    let value: Value = serde_json::from_str(&scripts[0])
        .unwrap_or_else(|e| panic!("invalid JSON ({e}): {}", scripts[0]));
    assert_eq!(value["@context"], "https://schema.org");
    assert!(value["@graph"].is_array(), "{value}");
    value
}

/// The node of `@type` `kind` in a page's graph.
fn node<'a>(graph: &'a Value, kind: &str) -> &'a Value {
    let nodes: Vec<&Value> = graph["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["@type"] == kind)
        .collect();
    assert_eq!(nodes.len(), 1, "one {kind} in {graph}");
    nodes[0]
}

fn types(graph: &Value) -> Vec<String> {
    graph["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["@type"].as_str().unwrap_or("").to_string())
        .collect()
}

/// The shipped example site, built with a fixed "today".
fn example() -> TestSite {
    let site = TestSite::example();
    site.build_ok(&["--today", TODAY]);
    site
}

#[test]
fn every_page_has_one_json_ld_script_and_its_breadcrumbs_match_the_visible_ones() {
    for (base_url, origin) in [
        (
            "https://harborspine.example/",
            "https://harborspine.example",
        ),
        ("https://example.org/clinic/", "https://example.org"),
    ] {
        let site = TestSite::example();
        site.build_ok(&["--today", TODAY, "--base-url", base_url]);
        let files = snapshot(&site.root().join("public"));
        let mut pages = 0;
        for (path, bytes) in &files {
            let text = String::from_utf8_lossy(bytes);
            if !path.ends_with(".html") || text.contains("http-equiv=\"refresh\"") {
                continue;
            }
            let html = Html::parse_document(&text);
            if path == "404.html" {
                assert!(attrs(&html, "script", "type").is_empty(), "the 404 page");
                continue;
            }
            pages += 1;
            let graph = jsonld(&html);
            let titles = texts(&html, "nav.breadcrumbs a");
            let hrefs = attrs(&html, "nav.breadcrumbs a", "href");
            let lists: Vec<&Value> = graph["@graph"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|n| n["@type"] == "BreadcrumbList")
                .collect();
            if titles.is_empty() {
                assert!(
                    lists.is_empty(),
                    "{path}: no visible breadcrumb, none in JSON-LD"
                );
                assert!(
                    ["index.html", "es/index.html"].contains(&path.as_str()),
                    "only the home pages (of each language) show no breadcrumb: {path}"
                );
                continue;
            }
            assert_eq!(lists.len(), 1, "{path}");
            let items = lists[0]["itemListElement"].as_array().unwrap();
            assert_eq!(items.len(), titles.len(), "{path}");
            for (index, item) in items.iter().enumerate() {
                assert_eq!(item["@type"], "ListItem");
                assert_eq!(item["position"], index + 1, "{path}");
                assert_eq!(item["name"], titles[index].as_str(), "{path}");
                assert_eq!(
                    item["item"],
                    format!("{origin}{}", hrefs[index]),
                    "{path}: the crumb's absolute URL"
                );
            }
        }
        // Home, 3 listings (/articles/ in three pages of 8), 16 therapies, 8 conditions, 18
        // dated articles, About, 4 authors and the full list of the 12 articles Lena Park
        // reviewed (her page shows 10), the search page: 55 in English. In Spanish: home,
        // 3 indexes, 5 therapies, 3 conditions, 4 articles, About, the 4 authors and the search
        // page: 22.
        assert_eq!(pages, 55 + 22, "{base_url}");
    }
}

#[test]
fn the_home_page_describes_the_clinic() {
    let site = example();
    let graph = jsonld(&site.html("index.html"));
    let clinic = node(&graph, "MedicalClinic");
    assert_eq!(clinic["name"], "Harbor Spine & Physio");
    assert_eq!(clinic["url"], "https://harborspine.example/");
    assert_eq!(clinic["telephone"], "+13105550142", "E.164");
    assert_eq!(clinic["email"], "hello@harborspine.example");
    assert_eq!(
        clinic["address"],
        json!({
            "@type": "PostalAddress",
            "streetAddress": "1200 Harbor Boulevard, Suite 300",
            "addressLocality": "Santa Monica",
            "addressRegion": "CA",
            "postalCode": "90401",
            "addressCountry": "US",
        })
    );
    assert_eq!(
        clinic["openingHours"],
        json!(["Mo-Fr 08:00-18:00", "Sa 09:00-13:00"])
    );
}

#[test]
fn an_article_is_a_medical_web_page_with_its_people_therapies_and_sources() {
    let site = example();
    let graph = jsonld(&site.html("articles/heat-or-cold/index.html"));
    assert_eq!(types(&graph), vec!["MedicalWebPage", "BreadcrumbList"]);
    let page = node(&graph, "MedicalWebPage");
    assert_eq!(
        page["headline"],
        "Heat or Cold for Back Pain: Which Should You Use?"
    );
    assert_eq!(
        page["description"],
        "When to reach for a cold pack, when to use warmth, and how to use both safely at home."
    );
    assert_eq!(
        page["url"],
        "https://harborspine.example/articles/heat-or-cold/"
    );
    assert_eq!(page["datePublished"], "2025-05-27");
    assert_eq!(page["dateModified"], "2026-03-12");
    assert_eq!(page["lastReviewed"], "2026-03-12");
    assert_eq!(
        page["reviewedBy"],
        json!({
            "@type": "Person",
            "name": "Lena Park",
            "honorificSuffix": "MD",
            "jobTitle": "Physiatrist (physical medicine and rehabilitation)",
            "url": "https://harborspine.example/authors/lena-park/",
        })
    );
    assert_eq!(page["author"]["@type"], "Person");
    assert_eq!(page["author"]["name"], "Maya Ortiz");
    assert_eq!(page["author"]["honorificSuffix"], "PT, DPT");
    assert_eq!(page["author"]["jobTitle"], "Physical therapist");
    assert_eq!(
        page["about"],
        json!([
            {"@type": "MedicalTherapy", "name": "Heat Therapy", "url": "https://harborspine.example/therapies/heat-therapy/"},
            {"@type": "MedicalTherapy", "name": "Cold Therapy", "url": "https://harborspine.example/therapies/cold-therapy/"},
            {"@type": "MedicalCondition", "name": "Muscle Strain", "url": "https://harborspine.example/conditions/muscle-strain/"},
        ])
    );
    assert_eq!(page["audience"], json!({"@type": "Patient"}));
    assert_eq!(page["publisher"]["@type"], "MedicalClinic");
    assert_eq!(page["publisher"]["name"], "Harbor Spine & Physio");
    assert_eq!(page["publisher"]["url"], "https://harborspine.example/");
    let citations = page["citation"].as_array().unwrap();
    assert_eq!(citations.len(), 2);
    assert_eq!(citations[0]["url"], "https://doi.org/10.7326/M16-2367");
    assert_eq!(citations[0]["datePublished"], "2017");
    // An article listing a physical-therapy page names it by its declared type.
    let graph = jsonld(&site.html("articles/water-therapy-for-back-pain/index.html"));
    let about = &node(&graph, "MedicalWebPage")["about"];
    assert_eq!(about[1]["@type"], "PhysicalTherapy", "{about}");
    // An undated page without a reviewer (About) is a plain web page.
    let graph = jsonld(&site.html("about/index.html"));
    assert_eq!(types(&graph), vec!["WebPage", "BreadcrumbList"]);
    assert!(node(&graph, "WebPage").get("audience").is_none());
}

#[test]
fn therapy_pages_are_therapies_or_procedures_with_their_procedure_type() {
    let site = example();
    let of = |page: &str| jsonld(&site.html(&format!("therapies/{page}/index.html")));
    let therapy = of("acupuncture");
    let acupuncture = node(&therapy, "MedicalTherapy");
    assert_eq!(acupuncture["name"], "Acupuncture");
    assert_eq!(
        acupuncture["url"],
        "https://harborspine.example/therapies/acupuncture/"
    );
    assert!(acupuncture.get("procedureType").is_none());
    // `[extra] schema_type = "PhysicalTherapy"`.
    let pt = of("physical-therapy");
    assert_eq!(types(&pt), vec!["PhysicalTherapy", "BreadcrumbList"]);
    assert_eq!(
        node(&pt, "PhysicalTherapy")["alternateName"],
        json!(["PT", "physiotherapy"])
    );
    for (page, procedure_type) in [
        ("epidural-steroid-injections", "PercutaneousProcedure"),
        ("kyphoplasty", "PercutaneousProcedure"),
        ("laser-spine-surgery", "SurgicalProcedure"),
    ] {
        let graph = of(page);
        let procedure = node(&graph, "MedicalProcedure");
        assert_eq!(
            procedure["procedureType"],
            format!("https://schema.org/{procedure_type}"),
            "{page}"
        );
    }
    // A non-invasive procedure (none in the example).
    let site = TestSite::new();
    site.write(
        "content/therapies/traction.md",
        "+++\ntitle = \"Traction\"\nkind = \"procedure\"\ninvasiveness = \"non-invasive\"\n+++\nPulling.\n",
    );
    site.write(
        "content/articles/a.md",
        "+++\ntitle = \"A\"\ndate = 2026-01-01\ntherapies = [\"traction\"]\nreviewed_by = \"Dr. X\"\nlast_reviewed = 2026-01-01\n+++\nBody.\n",
    );
    site.build_ok(&["--today", TODAY]);
    let graph = jsonld(&site.html("therapies/traction/index.html"));
    assert_eq!(
        node(&graph, "MedicalProcedure")["procedureType"],
        "https://schema.org/NoninvasiveProcedure"
    );
}

#[test]
fn an_invalid_schema_type_is_an_error_that_lists_the_valid_ones() {
    let site = TestSite::with_basic_content();
    site.write(
        "content/therapies/acupuncture.md",
        "+++\ntitle = \"Acupuncture\"\nkind = \"therapy\"\n[extra]\nschema_type = \"PhysicalTheraphy\"\n+++\nBody.\n",
    );
    let run = site.build_err(&[]);
    assert!(
        run.stderr.contains(
            "error: content/therapies/acupuncture.md:5:15: expected one of \"MedicalTherapy\", \"PhysicalTherapy\""
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn json_ld_cannot_break_out_of_its_script() {
    let site = TestSite::with_basic_content();
    let title = r#"</script><script>alert("x")</script> & <!-- "quoted" </SCRIPT"#;
    site.write(
        "content/articles/first.md",
        format!(
            "+++\ntitle = '{title}'\ndate = 2025-01-02\ntherapies = [\"acupuncture\"]\n+++\nHello.\n"
        ),
    );
    site.build_ok(&[]);
    let page = site.output("articles/first/index.html");
    let html = Html::parse_document(&page);
    assert_eq!(
        attrs(&html, "script", "type").len(),
        1,
        "one script element"
    );
    let graph = jsonld(&html);
    assert_eq!(node(&graph, "MedicalWebPage")["headline"], title);
    let script = page.split("application/ld+json\">").nth(1).unwrap();
    let script = &script[..script.find("</script>").unwrap()];
    assert!(
        !script.contains("</") && !script.contains("<!--"),
        "{script}"
    );
}

#[test]
fn articles_show_who_reviewed_them_and_when_with_links_to_author_pages() {
    let site = example();
    let html = site.html("articles/heat-or-cold/index.html");
    assert_eq!(
        texts(&html, ".review"),
        vec!["Medically reviewed by Lena Park, MD on 12 March 2026"]
    );
    assert_eq!(
        attrs(&html, ".review a", "href"),
        vec!["/authors/lena-park/"]
    );
    assert_eq!(attrs(&html, ".review time", "datetime"), vec!["2026-03-12"]);
    let meta = texts(&html, ".meta")[0].clone();
    assert!(meta.starts_with("By Maya Ortiz, PT, DPT"), "{meta}");
    assert!(meta.contains("Last updated 12 March 2026"), "{meta}");
    assert_eq!(
        attrs(&html, ".meta a", "href"),
        vec!["/authors/maya-ortiz/"]
    );
    // A plain name (no [authors] entry) is shown as written, without a link.
    let html = site.html("articles/kyphoplasty-for-compression-fractures/index.html");
    assert_eq!(
        texts(&html, ".review"),
        vec!["Medically reviewed by Dr. Amara Osei, MD on 14 April 2026"]
    );
    assert!(attrs(&html, ".review a", "href").is_empty());
    let graph = jsonld(&html);
    assert_eq!(
        node(&graph, "MedicalWebPage")["reviewedBy"],
        json!({"@type": "Person", "name": "Dr. Amara Osei, MD"})
    );
    // The footer disclaimer (site.toml's default here) is on every page.
    assert!(texts(&html, "footer .disclaimer")[0].contains("not medical advice"));
}

#[test]
fn each_author_has_a_page_with_what_they_wrote_and_reviewed() {
    let site = example();
    let html = site.html("authors/lena-park/index.html");
    assert_eq!(texts(&html, "h1"), vec!["Lena Park, MD"]);
    assert_eq!(
        texts(&html, ".lede"),
        vec!["Physiatrist (physical medicine and rehabilitation)"]
    );
    assert!(texts(&html, ".prose")[0].starts_with("Dr. Park is a board-certified physiatrist"));
    assert_eq!(
        texts(&html, "h2"),
        vec!["Articles medically reviewed by Lena Park"],
        "she wrote none"
    );
    let reviewed = attrs(&html, ".card-title a", "href");
    assert!(reviewed.contains(&"/articles/heat-or-cold/".to_string()));
    assert_eq!(reviewed.len(), 10, "the newest ten: {reviewed:?}");
    assert_eq!(
        attrs(&html, ".see-all a", "href"),
        vec!["/authors/lena-park/reviewed/"]
    );
    let all = site.html("authors/lena-park/reviewed/index.html");
    assert_eq!(attrs(&all, ".row a", "href").len(), 12);
    let html = site.html("authors/maya-ortiz/index.html");
    assert_eq!(texts(&html, "h2"), vec!["Articles by Maya Ortiz"]);
    assert!(attrs(&html, ".card-title a", "href").contains(&"/articles/heat-or-cold/".to_string()));
    let graph = jsonld(&html);
    let profile = node(&graph, "ProfilePage");
    assert_eq!(profile["mainEntity"]["@type"], "Person");
    assert_eq!(profile["mainEntity"]["name"], "Maya Ortiz");
    assert_eq!(
        profile["url"],
        "https://harborspine.example/authors/maya-ortiz/"
    );
    // In the sitemap; and the feed names authors as pages do, with their page.
    let sitemap = site.output("sitemap.xml");
    assert!(sitemap.contains("<loc>https://harborspine.example/authors/lena-park/</loc>"));
    let feed = site.output("atom.xml");
    assert!(
        feed.contains("<name>Maya Ortiz, PT, DPT</name>\n      <uri>https://harborspine.example/authors/maya-ortiz/</uri>"),
        "{feed}"
    );
}

#[test]
fn author_settings_are_validated() {
    let site = TestSite::with_basic_content();
    site.write(
        "site.toml",
        format!(
            "review_interval_months = 0\n{SITE_TOML}\n[authors.lena-park]\nname = \"Lena Park\"\ncredential = \"MD\"\nurl = \"lenapark.example\"\n\n[authors.\"Dr Park\"]\nname = \"Lena Park\"\n"
        ),
    );
    let run = site.build_err(&[]);
    assert!(
        run.stderr.contains("error: site.toml:11:1: unknown key `authors.lena-park.credential`; did you mean `credentials`?"),
        "{}",
        run.stderr
    );
    site.write(
        "site.toml",
        format!(
            "review_interval_months = 0\n{SITE_TOML}\n[authors.lena-park]\nname = \"Lena Park\"\nurl = \"lenapark.example\"\n\n[authors.\"Dr Park\"]\nname = \"Lena Park\"\n"
        ),
    );
    let run = site.build_err(&[]);
    for expected in [
        "error: site.toml:11:7: expected an absolute http(s) URL like \"https://example.org/profile\", found \"lenapark.example\"",
        "expected an author id of lowercase letters, digits and hyphens",
        "expected a number of months of at least 1, found 0",
    ] {
        assert!(run.stderr.contains(expected), "{expected}\n{}", run.stderr);
    }
    // A missing name.
    site.write(
        "site.toml",
        format!("{SITE_TOML}\n[authors.lena-park]\ncredentials = \"MD\"\n"),
    );
    let run = site.build_err(&[]);
    assert!(
        run.stderr
            .contains("missing required key `authors.lena-park.name` in site.toml"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_value_that_looks_like_an_id_but_names_none_is_a_warning_with_a_hint() {
    let site = TestSite::with_basic_content();
    site.write(
        "site.toml",
        format!("{SITE_TOML}\n[authors.lena-park]\nname = \"Lena Park\"\n"),
    );
    site.write(
        "content/articles/first.md",
        "+++\ntitle = \"First article\"\ndate = 2025-01-02\ntherapies = [\"acupuncture\"]\nauthor = \"Ann Lee\"\nreviewed_by = \"lena-prak\"\nlast_reviewed = 2026-01-01\n+++\nHello.\n",
    );
    let run = site.build_ok(&["--today", TODAY]);
    assert!(
        run.stderr.contains("warning: content/articles/first.md:6:15: `reviewed_by` \"lena-prak\" names no author in [authors] in site.toml, so it is shown as a plain name; did you mean \"lena-park\"?"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("Ann Lee"), "a plain name is fine");
    assert_eq!(
        texts(&site.html("articles/first/index.html"), ".review"),
        vec!["Medically reviewed by lena-prak on 1 January 2026"]
    );
}

#[test]
fn a_theme_needs_author_html_only_when_the_site_has_authors() {
    let site = TestSite::with_basic_content();
    std::fs::remove_file(site.root().join("themes/default/templates/author.html")).unwrap();
    site.build_ok(&[]);
    site.write(
        "site.toml",
        format!("{SITE_TOML}\n[authors.lena-park]\nname = \"Lena Park\"\n"),
    );
    let run = site.build_err(&[]);
    assert!(
        run.stderr
            .contains("error: site.toml: missing template author.html"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_author_page_may_not_take_another_page_s_url() {
    let site = TestSite::with_basic_content();
    site.write(
        "site.toml",
        format!("{SITE_TOML}\n[authors.lena-park]\nname = \"Lena Park\"\n"),
    );
    site.write(
        "content/authors/lena-park.md",
        "+++\ntitle = \"Lena\"\n+++\nHi.\n",
    );
    let run = site.build_err(&[]);
    assert!(
        run.stderr.contains("two files produce the URL /authors/lena-park/: this one and content/authors/lena-park.md"),
        "{}",
        run.stderr
    );
}

#[test]
fn references_are_a_numbered_list_in_toml_and_yaml() {
    let site = TestSite::with_basic_content();
    site.write(
        "content/articles/toml.md",
        "+++\ntitle = \"Toml\"\ndate = 2025-01-03\nreviewed_by = \"Dr. X\"\nlast_reviewed = 2026-01-01\n\n[[references]]\ntitle = \"Back Pain\"\nurl = \"https://medlineplus.gov/backpain.html\"\npublisher = \"MedlinePlus\"\n\n[[references]]\ntitle = \"A book\"\nyear = 2019\n+++\nBody.\n",
    );
    site.write(
        "content/articles/yaml.md",
        "---\ntitle: Yaml\ndate: 2025-01-04\nreviewed_by: Dr. X\nlast_reviewed: 2026-01-01\nreferences:\n  - title: Back Pain\n    url: https://medlineplus.gov/backpain.html\n    publisher: MedlinePlus\n  - title: A book\n    year: 2019\n---\nBody.\n",
    );
    site.build_ok(&["--today", TODAY]);
    for page in ["toml", "yaml"] {
        let html = site.html(&format!("articles/{page}/index.html"));
        assert_eq!(texts(&html, ".references h2"), vec!["References"], "{page}");
        assert_eq!(
            texts(&html, ".references ol > li"),
            vec!["Back Pain — MedlinePlus", "A book — 2019"],
            "{page}"
        );
        assert_eq!(
            attrs(&html, ".references a", "href"),
            vec!["https://medlineplus.gov/backpain.html"]
        );
        let graph = jsonld(&html);
        assert_eq!(
            node(&graph, "MedicalWebPage")["citation"],
            json!([
                {"@type": "CreativeWork", "name": "Back Pain", "url": "https://medlineplus.gov/backpain.html", "publisher": {"@type": "Organization", "name": "MedlinePlus"}},
                {"@type": "CreativeWork", "name": "A book", "datePublished": "2019"},
            ])
        );
    }
    // No references, no section.
    let html = site.html("articles/first/index.html");
    assert!(texts(&html, ".references").is_empty());
    // A reference URL must be absolute; an unknown key gets a hint.
    site.write(
        "content/articles/toml.md",
        "+++\ntitle = \"Toml\"\ndate = 2025-01-03\nreferences = [{ title = \"Back Pain\", url = \"medlineplus.gov/backpain.html\" }, { title = \"B\", publsher = \"P\" }]\n+++\nBody.\n",
    );
    let run = site.build_err(&[]);
    assert!(
        run.stderr.contains("did you mean `publisher`?"),
        "{}",
        run.stderr
    );
    site.write(
        "content/articles/toml.md",
        "+++\ntitle = \"Toml\"\ndate = 2025-01-03\nreferences = [{ title = \"Back Pain\", url = \"medlineplus.gov/backpain.html\" }]\n+++\nBody.\n",
    );
    let run = site.build_err(&[]);
    assert!(
        run.stderr.contains("error: content/articles/toml.md:4:44: expected an absolute http(s) URL like \"https://medlineplus.gov/backpain.html\", found \"medlineplus.gov/backpain.html\""),
        "{}",
        run.stderr
    );
}

/// A site with one article per review state, for the warnings.
fn review_site() -> TestSite {
    let site = TestSite::with_basic_content();
    let article = |name: &str, extra: &str| {
        site.write(
            &format!("content/articles/{name}.md"),
            format!(
                "+++\ntitle = \"{name}\"\ndate = 2025-01-02\ntherapies = [\"acupuncture\"]\n{extra}+++\nBody.\n"
            ),
        );
    };
    // first.md (from the basic site) has no reviewer.
    article(
        "current",
        "reviewed_by = \"Dr. X\"\nlast_reviewed = 2025-11-23\n",
    );
    article(
        "overdue",
        "reviewed_by = \"Dr. X\"\nlast_reviewed = 2025-11-22\n",
    );
    article("undated-review", "reviewed_by = \"Dr. X\"\n");
    // An undated page without a reviewer (an About page) is not medical content.
    site.write("content/about.md", "+++\ntitle = \"About\"\n+++\nUs.\n");
    site
}

#[test]
fn build_and_check_warn_about_missing_and_overdue_reviews() {
    let site = review_site();
    for command in ["build", "check"] {
        let run = site.run(&[command, "--today", TODAY]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let warnings: Vec<&str> = run
            .stderr
            .lines()
            .filter(|l| l.starts_with("warning: "))
            .collect();
        assert_eq!(
            warnings,
            vec![
                "warning: content/articles/first.md:2:1: no medical reviewer: name one with `reviewed_by` (an id from [authors] in site.toml, or a name) and the date of the review with `last_reviewed`",
                "warning: content/articles/overdue.md:6:17: last medically reviewed on 2025-11-22, more than 12 months ago (review_interval_months in site.toml): the next review was due on 2026-11-22; review it and update `last_reviewed`",
                "warning: content/articles/undated-review.md:5:15: `reviewed_by` is set but `last_reviewed` is not: add the date of the latest medical review, like 2026-03-12",
            ],
            "{command}: exactly 12 months old is still current"
        );
        assert!(
            run.stdout
                .contains(", 3 warnings (3 articles need medical review)"),
            "{command}: {}",
            run.stdout
        );
    }
    // A shorter interval makes the current one overdue too.
    site.write(
        "site.toml",
        format!("review_interval_months = 6\n{SITE_TOML}"),
    );
    let run = site.build_ok(&["--today", TODAY]);
    assert!(
        run.stderr.contains(
            "current.md:6:17: last medically reviewed on 2025-11-23, more than 6 months ago"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("(4 articles need medical review)"));
}

#[test]
fn strict_makes_review_warnings_errors() {
    let site = review_site();
    for command in ["build", "check"] {
        let run = site.run(&[command, "--today", TODAY, "--strict"]);
        assert_eq!(run.code, 1, "{command}: {}", run.stderr);
        let errors = run
            .stderr
            .lines()
            .filter(|l| l.starts_with("error: content/articles/"))
            .count();
        assert_eq!(errors, 3, "{}", run.stderr);
        // `check` never writes, so only `build` says so.
        let trailer = if command == "build" {
            "; nothing was written"
        } else {
            ""
        };
        assert_eq!(
            run.stderr.lines().last(),
            Some(
                format!("error: failed with 3 errors (3 articles need medical review){trailer}")
                    .as_str()
            )
        );
    }
    assert!(!site.output_exists("index.html"), "nothing was written");
    // With every review current, --strict builds.
    for name in ["first", "overdue", "undated-review"] {
        std::fs::remove_file(site.root().join(format!("content/articles/{name}.md"))).unwrap();
    }
    let run = site.build_ok(&["--today", TODAY, "--strict"]);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[test]
fn today_decides_warnings_never_the_output() {
    let site = TestSite::example();
    let late = site.build_ok(&["--today", "2030-01-01"]);
    assert!(
        // 18 English articles and their 4 Spanish translations.
        late.stdout.contains("(22 articles need medical review)"),
        "{}",
        late.stdout
    );
    let late_files = snapshot(&site.root().join("public"));
    let now = site.build_ok(&["--today", TODAY]);
    assert!(
        !now.stdout.contains("warning"),
        "{}{}",
        now.stdout,
        now.stderr
    );
    assert_eq!(late_files, snapshot(&site.root().join("public")));
    let run = site.run(&["build", "--today", "12 March"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error: --today: expected a date like 2026-03-12, found \"12 March\""),
        "{}",
        run.stderr
    );
}

#[test]
fn a_rebuild_after_a_reviewer_change_updates_the_author_pages() {
    use vertebra::build::{BuildOptions, Builder, build};
    use vertebra::output::OutputContent;
    let site = TestSite::with_basic_content();
    site.write(
        "site.toml",
        format!("{SITE_TOML}\n[authors.ann]\nname = \"Ann\"\n\n[authors.bob]\nname = \"Bob\"\n"),
    );
    let article = |reviewer: &str| {
        site.write(
            "content/articles/first.md",
            format!("+++\ntitle = \"First article\"\ndate = 2025-01-02\ntherapies = [\"acupuncture\"]\nreviewed_by = \"{reviewer}\"\nlast_reviewed = 2026-01-01\n+++\nHello.\n"),
        );
    };
    let pages = |files: &[vertebra::output::OutputFile]| -> BTreeMap<String, String> {
        files
            .iter()
            .filter_map(|f| match &f.content {
                OutputContent::Bytes(bytes) => {
                    Some((f.path.clone(), String::from_utf8_lossy(bytes).into_owned()))
                }
                OutputContent::Copy(..) | OutputContent::Shared(_) | OutputContent::Staged => None,
            })
            .collect()
    };
    let options = BuildOptions {
        root: site.root().to_path_buf(),
        ..BuildOptions::default()
    };
    article("ann");
    let mut builder = Builder::long_lived(options.clone());
    let first = pages(&builder.build().unwrap().files);
    assert!(first["authors/ann/index.html"].contains("/articles/first/"));
    assert!(!first["authors/bob/index.html"].contains("/articles/first/"));
    article("bob");
    let second = builder.build().unwrap();
    let second_pages = pages(&second.files);
    assert!(!second_pages["authors/ann/index.html"].contains("/articles/first/"));
    assert!(second_pages["authors/bob/index.html"].contains("/articles/first/"));
    assert_eq!(second_pages, pages(&build(&options).unwrap().files));
}

#[test]
fn a_blank_author_or_reviewer_is_none() {
    let site = TestSite::with_basic_content();
    site.write(
        "content/articles/first.md",
        "+++\ntitle = \"First article\"\ndate = 2025-01-02\ntherapies = [\"acupuncture\"]\nauthor = \" \"\nreviewed_by = \"\"\nlast_reviewed = 2026-01-01\n+++\nHello.\n",
    );
    let run = site.build_ok(&["--today", TODAY]);
    assert!(
        run.stderr.contains("first.md:6:15: no medical reviewer"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("names no author"), "{}", run.stderr);
    let html = site.html("articles/first/index.html");
    assert!(texts(&html, ".review").is_empty());
    assert!(!texts(&html, ".meta")[0].contains("By"));
    let page = &jsonld(&html)["@graph"][0];
    assert!(
        page.get("reviewedBy").is_none() && page.get("author").is_none(),
        "{page}"
    );
}

/// A long-lived builder (`serve`, `build --watch`) keeps the review warnings of unchanged
/// articles, yet after every edit it reports the review warnings a fresh build reports: an
/// article whose front matter moved down a line, and every article when the review interval
/// changes.
#[test]
fn a_rebuild_reports_the_review_warnings_a_fresh_build_reports() {
    use vertebra::build::{BuildOptions, Builder};
    use vertebra::link::review::ReviewCheck;
    let site = TestSite::with_basic_content();
    let article = |slug: &str, comment: &str, body: &str| {
        site.write(
            &format!("content/articles/{slug}.md"),
            format!("+++\n{comment}title = \"{slug}\"\ndate = 2025-01-02\ntherapies = [\"acupuncture\"]\nreviewed_by = \"Dr. Ann Lee\"\nlast_reviewed = 2025-06-01\n+++\n{body}\n"),
        );
    };
    article("second", "", "Hello.");
    article("third", "", "Hello.");
    let options = BuildOptions {
        root: site.root().to_path_buf(),
        review: ReviewCheck {
            today: Some("2026-11-23".parse().unwrap()),
            strict: false,
        },
        ..BuildOptions::default()
    };
    let overdue = |warnings: &vertebra::diagnostics::Diagnostics| -> Vec<String> {
        (warnings.iter().map(ToString::to_string))
            .filter(|line| line.contains("last medically reviewed"))
            .collect()
    };
    let mut builder = Builder::long_lived(options.clone());
    let mut steps = vec![overdue(&builder.build().unwrap().warnings)];
    let body = || article("second", "", "Hello again.");
    let comment = || article("third", "# reviewed yearly\n", "Hello.");
    let interval = || {
        site.write(
            "site.toml",
            format!("review_interval_months = 24\n{SITE_TOML}"),
        )
    };
    let edits: [(&str, &dyn Fn()); 3] = [
        // A body edit: the front matter and its lines stay.
        ("a body", &body),
        // The same front matter one line lower: the warning moves with it.
        ("a comment line", &comment),
        // A longer interval: no review is overdue any more.
        ("the interval", &interval),
    ];
    for (what, edit) in edits {
        edit();
        let rebuilt = builder.build().unwrap();
        let fresh = Builder::new(options.clone()).build().unwrap();
        assert_eq!(
            overdue(&rebuilt.warnings),
            overdue(&fresh.warnings),
            "after {what}"
        );
        steps.push(overdue(&rebuilt.warnings));
    }
    let counts: Vec<usize> = steps.iter().map(Vec::len).collect();
    assert_eq!(counts, [2, 2, 2, 0], "{steps:#?}");
    assert!(
        steps[2].iter().any(|w| w.contains("third.md:7:")),
        "{steps:#?}"
    );
}
