//! Site search: which pages the index holds (published articles, therapies, procedures,
//! conditions, section pages and authors; not the home page, redirects, full lists, the
//! 404 page or drafts), their kinds, titles and dates, one index per language, the subpath,
//! the search page and header box, `[search] enabled = false`, and hostile pages. The index is
//! read back from Pagefind's fragment files, as a browser would; tests/search_browser.rs
//! searches it in a real browser.

mod common;

use std::collections::BTreeMap;
use std::io::Read;

use common::{SITE_TOML, TestSite, attrs, texts};
use serde_json::Value;

/// What the index says of one page.
#[derive(Debug, PartialEq)]
struct Entry {
    title: String,
    kind: String,
    date: Option<String>,
    content: String,
}

/// Every page in the built site's search index, by URL: Pagefind's fragment files
/// (gzip, a signature, then JSON).
fn index(site: &TestSite) -> BTreeMap<String, Entry> {
    let folder = site.root().join("public/pagefind/fragment");
    let mut pages = BTreeMap::new();
    for file in std::fs::read_dir(&folder).expect("pagefind/fragment/ was written") {
        let bytes = std::fs::read(file.unwrap().path()).unwrap();
        let mut text = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .expect("a gzipped fragment");
        let json: Value = serde_json::from_str(text.strip_prefix("pagefind_dcd").unwrap())
            .expect("the fragment's JSON");
        let meta = |key: &str| json["meta"][key].as_str().map(str::to_string);
        let kinds = json["filters"]["kind"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(kinds.len(), 1, "one kind per page: {json}");
        assert_eq!(kinds[0].as_str(), meta("kind").as_deref(), "{json}");
        let url = json["url"].as_str().unwrap().to_string();
        let entry = Entry {
            title: meta("title").unwrap_or_default(),
            kind: meta("kind").unwrap_or_default(),
            date: meta("date"),
            content: json["content"].as_str().unwrap_or_default().to_string(),
        };
        assert!(pages.insert(url, entry).is_none(), "one fragment per page");
    }
    pages
}

/// A site with one page of every kind, a draft of each, an alias and a paginated listing.
fn site_of_every_kind() -> TestSite {
    let site = TestSite::new();
    site.write(
        "site.toml",
        format!("{SITE_TOML}\n[pagination]\npaginate_by = 1\n\n[authors.lena-park]\nname = \"Lena Park\"\nbio = \"A physiatrist who treats sciatica.\"\n"),
    );
    site.write(
        "content/articles/_index.md",
        "+++\ntitle = \"Articles\"\n+++\nEverything we have written.\n",
    );
    site.write(
        "content/articles/walking.md",
        "+++\ntitle = \"Walking for back pain\"\ndate = 2025-03-04\nauthor = \"lena-park\"\naliases = [\"/old-walking/\"]\n+++\nA daily walk helps many people with sciatica.\n",
    );
    site.write(
        "content/articles/sleep.md",
        "+++\ntitle = \"Sleeping well\"\ndate = 2025-01-02\n+++\nA pillow between the knees.\n",
    );
    site.write(
        "content/articles/secret.md",
        "+++\ntitle = \"Unfinished\"\ndate = 2025-05-05\ndraft = true\n+++\nNot yet.\n",
    );
    site.write(
        "content/therapies/acupuncture.md",
        "+++\ntitle = \"Acupuncture\"\nkind = \"therapy\"\nalso_known_as = [\"dry needling\"]\n+++\nThin needles.\n",
    );
    site.write(
        "content/therapies/epidural-injection.md",
        "+++\ntitle = \"Epidural steroid injection\"\nkind = \"procedure\"\n+++\nAn injection near the nerve root.\n",
    );
    site.write(
        "content/therapies/cupping.md",
        "+++\ntitle = \"Cupping\"\nkind = \"therapy\"\ndraft = true\n+++\nCups.\n",
    );
    site.write(
        "content/conditions/sciatica.md",
        "+++\ntitle = \"Sciatica\"\nalso_known_as = [\"lumbar radiculopathy\"]\n+++\nPain along the sciatic nerve.\n",
    );
    site
}

#[test]
fn the_index_holds_every_published_page_with_its_kind() {
    let site = site_of_every_kind();
    // Even a build with drafts leaves them out of search.
    site.build_ok(&["--drafts"]);
    let index = index(&site);
    let kinds: Vec<(&str, &str)> = index
        .iter()
        .map(|(url, e)| (url.as_str(), e.kind.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("/articles/", "section"),
            ("/articles/sleep/", "article"),
            ("/articles/walking/", "article"),
            ("/authors/lena-park/", "author"),
            ("/conditions/", "section"),
            ("/conditions/sciatica/", "condition"),
            ("/therapies/", "section"),
            ("/therapies/acupuncture/", "therapy"),
            ("/therapies/epidural-injection/", "procedure"),
        ]
    );
    let walking = &index["/articles/walking/"];
    assert_eq!(walking.title, "Walking for back pain");
    assert_eq!(walking.date.as_deref(), Some("2025-03-04"));
    assert!(
        walking.content.contains("A daily walk helps"),
        "{walking:?}"
    );
    let sciatica = &index["/conditions/sciatica/"];
    assert_eq!(sciatica.date, None);
    assert!(
        sciatica.content.contains("lumbar radiculopathy"),
        "other names are searchable: {sciatica:?}"
    );
    // The listing's second page, the alias, the home and 404 pages are not in it; the pages
    // are still built.
    assert!(site.output_exists("articles/page/2/index.html"));
    assert!(site.output_exists("old-walking/index.html"));
    assert!(site.output_exists("articles/secret/index.html"));
}

#[test]
fn every_page_has_a_search_box_and_the_search_page_works_without_javascript_too() {
    let site = site_of_every_kind();
    site.build_ok(&[]);
    let article = site.html("articles/walking/index.html");
    assert_eq!(attrs(&article, "form[role=search]", "action"), ["/search/"]);
    assert_eq!(
        texts(&article, "label[for=header-search-input]"),
        ["Search the site"]
    );
    let page = site.html("search/index.html");
    assert_eq!(texts(&page, "h1"), ["Search"]);
    assert_eq!(texts(&page, "title"), ["Search | Test Clinic"]);
    // One search form on the search page: the header's is left out.
    assert_eq!(
        attrs(&page, "form[role=search]", "data-search"),
        ["/pagefind/pagefind.js"]
    );
    assert_eq!(texts(&page, "label[for=search-input]"), ["Search the site"]);
    assert_eq!(
        attrs(&page, "meta[name=robots]", "content"),
        ["noindex"],
        "a search page is no page for a search engine"
    );
    // An HTML parser with scripting on (as a browser with JavaScript) reads <noscript> as
    // text: look at the markup itself (tests/search_browser.rs looks without JavaScript).
    let markup = site.output("search/index.html");
    let noscript = &markup[markup.find("<noscript>").unwrap()..markup.find("</noscript>").unwrap()];
    assert!(noscript.contains("Search needs JavaScript"), "{noscript}");
    assert!(
        noscript.contains("<a href=\"/therapies/\">Therapies</a>")
            && noscript.contains("<a href=\"/conditions/\">Conditions</a>"),
        "{noscript}"
    );
    assert!(site.output_exists("pagefind/pagefind.js"));
    assert!(site.output_exists("pagefind/pagefind-entry.json"));
    assert!(
        !site.output_exists("pagefind/pagefind-ui.js"),
        "Pagefind's own interface is not used"
    );
    assert!(!site.output("sitemap.xml").contains("/search/"));
}

#[test]
fn a_subpath_base_url_reaches_the_index_and_its_urls() {
    let site = site_of_every_kind();
    site.build_ok(&["--base-url", "https://example.org/clinic/"]);
    let index = index(&site);
    assert!(
        index.keys().all(|url| url.starts_with("/clinic/")),
        "{index:?}"
    );
    assert!(index.contains_key("/clinic/conditions/sciatica/"));
    let page = site.html("search/index.html");
    assert_eq!(
        attrs(&page, "form[role=search]", "data-search"),
        ["/clinic/pagefind/pagefind.js"]
    );
    let article = site.html("articles/walking/index.html");
    assert_eq!(
        attrs(&article, "form[role=search]", "action"),
        ["/clinic/search/"]
    );
}

#[test]
fn each_language_gets_its_own_index() {
    let site = site_of_every_kind();
    site.write(
        "site.toml",
        format!("{SITE_TOML}\n[languages.es]\nname = \"Español\"\n"),
    );
    site.write(
        "content/conditions/sciatica.es.md",
        "+++\ntitle = \"Ciática\"\n+++\nDolor a lo largo del nervio ciático.\n",
    );
    site.build_ok(&[]);
    let entry: Value = serde_json::from_str(&site.output("pagefind/pagefind-entry.json")).unwrap();
    let languages: Vec<&String> = entry["languages"].as_object().unwrap().keys().collect();
    assert_eq!(languages, ["en", "es"]);
    let index = index(&site);
    assert_eq!(index["/es/conditions/sciatica/"].title, "Ciática");
    let page = site.html("es/search/index.html");
    assert_eq!(texts(&page, "h1"), ["Buscar"]);
    let spanish = site.html("es/conditions/sciatica/index.html");
    assert_eq!(
        attrs(&spanish, "form[role=search]", "action"),
        ["/es/search/"]
    );
}

#[test]
fn search_can_be_turned_off() {
    let site = site_of_every_kind();
    site.write(
        "site.toml",
        format!("{SITE_TOML}\n[search]\nenabled = false\n"),
    );
    site.build_ok(&[]);
    assert!(!site.output_exists("pagefind"));
    assert!(!site.output_exists("search/index.html"));
    let article = site.html("articles/walking/index.html");
    assert!(attrs(&article, "form[role=search]", "action").is_empty());
}

#[test]
fn a_misspelt_search_key_is_an_error_at_its_line() {
    let site = site_of_every_kind();
    site.write(
        "site.toml",
        format!("{SITE_TOML}\n[search]\nenable = false\n"),
    );
    let run = site.build_err(&[]);
    assert!(
        run.stderr.contains("site.toml:") && run.stderr.contains("enabled"),
        "{}",
        run.stderr
    );
}

#[test]
fn empty_huge_and_odd_pages_are_indexed_without_trouble() {
    let site = TestSite::new();
    site.write(
        "content/articles/empty.md",
        "+++\ntitle = \"Empty\"\ndate = 2025-01-01\n+++\n",
    );
    let paragraph = "Physical therapy strengthens the muscles that support the spine. ";
    site.write(
        "content/articles/huge.md",
        format!(
            "+++\ntitle = \"Huge\"\ndate = 2025-01-02\n+++\n{}\n",
            paragraph.repeat(30_000)
        ),
    );
    site.write(
        "content/articles/odd.md",
        "+++\ntitle = \"Odd \u{202e}text\u{202c} 🦴\"\ndate = 2025-01-03\n+++\nZero\u{200b}width, e\u{301}, ﷽, 𝔰𝔠𝔦𝔞𝔱𝔦𝔠𝔞, \u{feff}, ︎💉 and كلمة.\n",
    );
    site.build_ok(&[]);
    let index = index(&site);
    assert_eq!(index["/articles/empty/"].title, "Empty");
    assert!(index["/articles/huge/"].content.len() > 1_000_000);
    assert!(index["/articles/odd/"].content.contains("كلمة"));
}

#[test]
fn a_page_at_the_search_url_is_an_error_that_says_what_to_do() {
    let site = site_of_every_kind();
    site.write(
        "content/search.md",
        "+++\ntitle = \"Find\"\n+++\nOur own page.\n",
    );
    let run = site.build_err(&[]);
    assert_eq!(
        run.error_lines(),
        [
            "error: content/search.md: this page's URL /search/ is the search page's; move or rename the file, give it another `slug`, or turn search off with `enabled = false` under [search] in site.toml",
            "error: failed with 1 error; nothing was written",
        ]
    );
    site.write(
        "site.toml",
        format!("{SITE_TOML}\n[search]\nenabled = false\n"),
    );
    site.build_ok(&[]);
    assert!(site.output("search/index.html").contains("Our own page."));
}
