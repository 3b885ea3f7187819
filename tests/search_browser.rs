//! Site search in a real browser (headless Chromium over WebDriver, see tests/common/browser.rs):
//! the example site's search box finds the condition page first, at the root and under a
//! subpath `base_url`; the kind filter narrows the results; the Spanish search page searches
//! Spanish pages; nothing is requested from another host; without JavaScript the page says
//! search needs it and links the therapy and condition indexes.

mod common;

use common::TestSite;
use common::browser::{Browser, ServedSite, browser_available, serve_built};
use serde_json::json;

/// Every host the page has requested something from (the page itself included).
const REQUESTED_HOSTS: &str = "return Array.from(new Set([location.host].concat(performance.getEntriesByType('resource').map(e => new URL(e.name).host))));";
/// The results as (path, kind shown, whether an excerpt has a highlighted match).
const RESULTS: &str = "return Array.from(document.querySelectorAll('.search-results li')).map(li => [new URL(li.querySelector('h2 a').href).pathname, (li.querySelector('.search-result-kind') || {}).textContent || '', li.querySelector('.search-result-excerpt mark') !== null]);";
const STATUS: &str = "return document.querySelector('[data-search-status]').textContent;";

/// Types `query` into the search page's box and waits until the status reports results for it.
fn search(browser: &Browser, query: &str) -> serde_json::Value {
    browser.type_into("#search-input", query);
    browser.wait_for_value(
        "the results",
        &format!(
            "const s = document.querySelector('[data-search-status]').textContent; return s.includes('{query}') && !s.includes('…') ? s : null;"
        ),
    );
    browser.run(RESULTS)
}

/// Waits until the results shown (as [`RESULTS`] gives them, in `r`) satisfy `condition`, a
/// JavaScript expression, and returns them.
fn results_when(browser: &Browser, what: &str, condition: &str) -> serde_json::Value {
    browser.wait_for_value(
        what,
        &format!("const r = (function () {{ {RESULTS} }}).call(); return {condition} ? r : null;"),
    )
}

/// The example site served under `base_path`, its search page open.
fn open_search(base_path: &str) -> (Browser, ServedSite, TestSite) {
    let site = TestSite::example();
    let served = serve_built(&site, base_path);
    let browser = Browser::start(true);
    browser.go(&format!("{}search/", served.url));
    (browser, served, site)
}

fn assert_finds_sciatica_first(base_path: &str) {
    let (browser, served, _site) = open_search(base_path);
    let results = search(&browser, "sciatica");
    let results = results.as_array().expect("a list of results");
    assert!(results.len() > 1, "{results:?}");
    assert_eq!(
        results[0],
        json!([
            format!("{base_path}conditions/sciatica/"),
            "Condition",
            true
        ]),
        "the condition page comes first: {results:?}"
    );
    // Articles that mention it follow, with their date.
    assert!(results.iter().any(|r| r[1] == "Article"), "{results:?}");
    assert!(
        browser
            .run("return document.querySelector('.search-results time') !== null;")
            .as_bool()
            .unwrap_or(false)
    );
    let status = browser.run(STATUS);
    assert!(
        status
            .as_str()
            .is_some_and(|s| s.ends_with("results for “sciatica”")),
        "{status}"
    );
    // The query is in the address, so a result page can be shared or reloaded.
    assert!(
        browser
            .run("return location.search;")
            .as_str()
            .is_some_and(|s| s == "?q=sciatica")
    );
    assert_eq!(browser.run(REQUESTED_HOSTS), json!([served.host]));
}

#[test]
fn the_search_box_finds_the_condition_page_first() {
    if !browser_available() {
        return;
    }
    assert_finds_sciatica_first("/");
}

#[test]
fn search_works_under_a_subpath_base_url() {
    if !browser_available() {
        return;
    }
    assert_finds_sciatica_first("/clinic/");
}

#[test]
fn the_kind_filter_narrows_the_results() {
    if !browser_available() {
        return;
    }
    let (browser, _served, _site) = open_search("/");
    let everything = search(&browser, "injection");
    let kinds = browser.run(
        "return Array.from(document.querySelectorAll('[data-search-kinds] label')).map(l => l.textContent.trim());",
    );
    assert_eq!(
        kinds,
        json!([
            "Everything",
            "Articles",
            "Authors",
            "Conditions",
            "Procedures",
            "Sections",
            "Therapies"
        ]),
        "one choice per kind the site has"
    );
    browser
        .run("document.querySelector('[data-search-kinds] input[value=\"procedure\"]').click();");
    let procedures = results_when(
        &browser,
        "only procedures",
        "r.length > 0 && r.every(x => x[1] === 'Procedure')",
    );
    assert!(
        procedures.as_array().map(Vec::len) < everything.as_array().map(Vec::len),
        "{procedures} vs {everything}"
    );
}

#[test]
fn the_spanish_search_page_searches_spanish_pages() {
    if !browser_available() {
        return;
    }
    let site = TestSite::example();
    let served = serve_built(&site, "/");
    let browser = Browser::start(true);
    browser.go(&format!("{}es/search/", served.url));
    browser.type_into("#search-input", "ciática");
    let results = results_when(&browser, "Spanish results", "r.length > 0");
    let results = results.as_array().expect("a list");
    assert_eq!(
        results[0][0],
        json!("/es/conditions/sciatica/"),
        "{results:?}"
    );
    assert_eq!(results[0][1], json!("Afección"));
    assert!(
        results
            .iter()
            .all(|r| r[0].as_str().is_some_and(|p| p.starts_with("/es/"))),
        "only Spanish pages: {results:?}"
    );
}

#[test]
fn without_javascript_the_search_page_links_the_indexes() {
    if !browser_available() {
        return;
    }
    let site = TestSite::example();
    let served = serve_built(&site, "/");
    let browser = Browser::start(false);
    browser.go(&format!("{}search/?q=sciatica", served.url));
    let text = browser.run("return document.querySelector('main').innerText;");
    assert!(
        text.as_str()
            .is_some_and(|t| t.contains("Search needs JavaScript")),
        "{text}"
    );
    let links = browser.run(
        "return Array.from(document.querySelectorAll('main .chips a')).map(a => new URL(a.href).pathname);",
    );
    assert_eq!(links, json!(["/conditions/", "/therapies/"]));
}
