//! The search index a build writes: which pages are in it and which are not, what each record
//! says (kind, date, filters), a subpath `base_url`, hostile pages, themes without a search page,
//! and `serve` serving an index that follows edits. Records are read back from Pagefind's
//! fragment files (gzip, `pagefind_dcd` + JSON); the browser side is in `search_browser.rs`.
#![cfg(feature = "search")]

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{TestSite, attrs};
use serde_json::Value;

/// Every record of the index in `output`, by URL.
fn records(output: &Path) -> BTreeMap<String, Value> {
    let mut found = BTreeMap::new();
    let fragments = output.join("pagefind/fragment");
    for entry in std::fs::read_dir(&fragments).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let mut text = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .unwrap();
        let json = text
            .strip_prefix("pagefind_dcd")
            .expect("a Pagefind fragment");
        let record: Value = serde_json::from_str(json).unwrap();
        found.insert(record["url"].as_str().unwrap().to_string(), record);
    }
    found
}

/// The site paths of sitemap.xml: every published page.
fn sitemap_paths(site: &TestSite, origin: &str) -> Vec<String> {
    let sitemap = site.output("sitemap.xml");
    let mut paths: Vec<String> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|rest| rest.split("</loc>").next().unwrap())
        .map(|url| url.strip_prefix(origin).unwrap().to_string())
        .collect();
    paths.sort();
    paths
}

#[test]
fn every_published_page_is_indexed_and_nothing_else() {
    let site = TestSite::example();
    site.build_ok(&[]);
    let records = records(&site.root().join("public"));
    let indexed: Vec<&String> = records.keys().collect();
    let published = sitemap_paths(&site, "https://harborspine.example");
    assert_eq!(indexed, published.iter().collect::<Vec<_>>());
    for left_out in [
        "/404.html",
        "/search/",
        "/blog/heat-vs-ice/",
        "/articles/sleeping-positions-for-back-pain/",
    ] {
        assert!(!records.contains_key(left_out), "{left_out} is indexed");
    }
    // The alias redirect exists, but only its target is searchable.
    assert!(site.output_exists("blog/heat-vs-ice/index.html"));
    assert!(records.contains_key("/articles/heat-or-cold/"));
}

#[test]
fn drafts_are_indexed_only_when_built_with_drafts() {
    let site = TestSite::example();
    site.build_ok(&["--drafts"]);
    let records = records(&site.root().join("public"));
    assert!(records.contains_key("/articles/sleeping-positions-for-back-pain/"));
}

#[test]
fn records_carry_kind_filters_and_article_dates() {
    let site = TestSite::example();
    site.build_ok(&[]);
    let records = records(&site.root().join("public"));
    let kind = |url: &str| {
        let record = &records[url];
        assert_eq!(
            record["filters"]["kind"][0], record["meta"]["kind"],
            "{url}"
        );
        record["meta"]["kind"].as_str().unwrap().to_string()
    };
    assert_eq!(kind("/conditions/sciatica/"), "Condition");
    assert_eq!(kind("/therapies/epidural-steroid-injections/"), "Procedure");
    assert_eq!(kind("/therapies/physical-therapy/"), "Therapy");
    assert_eq!(kind("/articles/heat-or-cold/"), "Article");
    assert_eq!(kind("/"), "Page");
    assert_eq!(kind("/therapies/"), "Page");
    let article = &records["/articles/heat-or-cold/"];
    assert_eq!(
        article["meta"]["title"],
        "Heat or Cold for Back Pain: Which Should You Use?"
    );
    let date = article["meta"]["date"].as_str().unwrap();
    assert!(date.chars().any(|c| c.is_ascii_digit()), "date: {date}");
    assert!(
        records["/conditions/sciatica/"]["meta"]
            .get("date")
            .is_none()
    );
    // Only the page's main content is indexed: not the header, navigation or footer.
    let content = records["/articles/heat-or-cold/"]["content"]
        .as_str()
        .unwrap();
    assert!(!content.contains("Skip to main content"), "{content}");
    assert!(!content.contains("1200 Harbor Boulevard"), "{content}");
}

#[test]
fn a_subpath_base_url_keeps_index_urls_and_points_the_ui_at_the_subpath() {
    let site = TestSite::example();
    site.build_ok(&["--base-url", "https://harborspine.example/clinic/"]);
    let records = records(&site.root().join("public"));
    // Result URLs are root-relative; the UI's baseUrl adds /clinic/.
    assert!(records.contains_key("/conditions/sciatica/"));
    let search = site.html("search/index.html");
    assert_eq!(
        attrs(&search, "#search", "data-bundle-path"),
        ["/clinic/pagefind/"]
    );
    assert_eq!(attrs(&search, "#search", "data-base-url"), ["/clinic/"]);
    assert_eq!(
        attrs(&search, "script[src]", "src"),
        ["/clinic/pagefind/pagefind-ui.js"]
    );
    let home = site.html("index.html");
    assert_eq!(
        attrs(&home, "form[role=search]", "action"),
        ["/clinic/search/"]
    );
    assert!(site.output_exists("pagefind/pagefind-ui.css"));
    assert!(site.output_exists("pagefind/pagefind-entry.json"));
}

#[test]
fn the_search_box_is_labelled_and_the_search_page_is_not_in_the_sitemap() {
    let site = TestSite::example();
    site.build_ok(&[]);
    let home = site.html("index.html");
    assert_eq!(
        attrs(&home, "header form[role=search] input", "name"),
        ["q"]
    );
    assert_eq!(
        attrs(&home, "header form[role=search] label", "for"),
        ["site-search"]
    );
    assert!(!site.output("sitemap.xml").contains("/search/"));
    let search = site.output("search/index.html");
    assert!(search.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(search.contains("role=\"status\""));
}

#[test]
fn empty_huge_and_odd_unicode_pages_are_indexed_without_a_panic() {
    let site = TestSite::with_basic_content();
    site.write(
        "content/articles/empty.md",
        "+++\ntitle = \"Empty\"\ndate = 2025-03-01\n+++\n",
    );
    let paragraph = "Lumbar stenosis narrows the spinal canal and can press on nerves. ";
    site.write(
        "content/articles/huge.md",
        format!(
            "+++\ntitle = \"Huge\"\ndate = 2025-03-02\n+++\n{}zygapophyseal\n",
            paragraph.repeat(40_000)
        ),
    );
    site.write(
        "content/articles/unicode.md",
        "+++\ntitle = \"Ciática \u{202e}evil\u{202c} 坐骨神经痛\"\ndate = 2025-03-03\n+++\nDolor ciático, \u{200b}zero\u{200d}width, e\u{301}\u{301}\u{301}, 👩‍⚕️ 🦴, العمود الفقري, \u{feff}bom.\n",
    );
    let run = site.build_ok(&[]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let records = records(&site.root().join("public"));
    for url in ["/articles/empty/", "/articles/huge/", "/articles/unicode/"] {
        assert!(
            records.contains_key(url),
            "{url} missing: {:?}",
            records.keys()
        );
    }
    let huge = records["/articles/huge/"]["content"].as_str().unwrap();
    assert!(huge.contains("zygapophyseal"));
    let unicode = records["/articles/unicode/"]["content"].as_str().unwrap();
    assert!(unicode.contains("ciático"), "{unicode}");
}

#[test]
fn a_theme_without_a_search_page_builds_without_one() {
    let site = TestSite::with_basic_content();
    std::fs::remove_file(site.root().join("themes/default/templates/search.html")).unwrap();
    site.build_ok(&[]);
    assert!(!site.output_exists("search/index.html"));
    assert!(
        site.html("index.html")
            .select(&"form[role=search]".parse().unwrap())
            .next()
            .is_none()
    );
    // The index is still written, for a theme that brings its own search UI.
    assert!(records(&site.root().join("public")).contains_key("/articles/first/"));
}

/// GET over loopback; returns the body when the status is 200.
fn get(port: u16, path: &str) -> Option<Vec<u8>> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").ok()?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).ok()?;
    let at = response.windows(4).position(|w| w == b"\r\n\r\n")?;
    let status_ok = response.starts_with(b"HTTP/1.1 200") || response.starts_with(b"HTTP/1.0 200");
    status_ok.then(|| response[at + 4..].to_vec())
}

#[test]
fn serve_serves_an_index_that_follows_edits() {
    let site = TestSite::with_basic_content();
    let mut child = Command::new(env!("CARGO_BIN_EXE_vertebra"))
        .args(["serve", "--port", "0"])
        .current_dir(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let port: u16 = loop {
        let line = lines.next().expect("the server's address").unwrap();
        if let Some(at) = line.find("http://127.0.0.1:") {
            let rest = &line[at + "http://127.0.0.1:".len()..];
            break rest.split('/').next().unwrap().parse().unwrap();
        }
    };
    let entry = |port| get(port, "/pagefind/pagefind-entry.json");
    let mut served = None;
    let deadline = Instant::now() + Duration::from_secs(30);
    while served.is_none() && Instant::now() < deadline {
        served = entry(port);
        std::thread::sleep(Duration::from_millis(100));
    }
    let before = served.expect("the served index");
    site.write(
        "content/articles/first.md",
        "+++\ntitle = \"First article\"\ndate = 2025-01-02\ntherapies = [\"acupuncture\"]\n+++\nNow about spondylolisthesis.\n",
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut after = before.clone();
    while after == before && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
        after = entry(port).unwrap_or_else(|| before.clone());
    }
    let _ = child.kill();
    let _ = child.wait();
    assert_ne!(after, before, "the index did not change after an edit");
    // The served index is the one a fresh build of the edited site writes.
    site.build_ok(&[]);
    assert_eq!(
        String::from_utf8(after).unwrap(),
        site.output("pagefind/pagefind-entry.json")
    );
    let records = records(&site.root().join("public"));
    let first = records["/articles/first/"]["content"].as_str().unwrap();
    assert!(first.contains("spondylolisthesis"), "{first}");
}
