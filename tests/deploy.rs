//! Output that deploys anywhere: every URL under the base path, sitemap, robots.txt, the Atom
//! feed, aliases, drafts, and content-hashed CSS. HTML is parsed with scraper and XML with
//! quick-xml; nothing is grepped.

mod common;

use common::{TestSite, attrs};

/// The stylesheet URL of a page.
fn stylesheet(site: &TestSite, page: &str) -> String {
    let html = site.html(page);
    let hrefs = attrs(&html, "link[rel=stylesheet]", "href");
    assert_eq!(hrefs.len(), 1, "{page}: {hrefs:?}");
    hrefs[0].clone()
}

#[test]
fn css_gets_a_content_hashed_name_that_changes_with_the_css() {
    let site = TestSite::with_basic_content();
    site.build_ok(&[]);
    let first = stylesheet(&site, "index.html");
    let name = first.trim_start_matches('/');
    let hash = name
        .strip_prefix("style.")
        .and_then(|rest| rest.strip_suffix(".css"))
        .unwrap_or_else(|| panic!("not a hashed name: {first}"));
    assert_eq!(hash.len(), 8, "{first}");
    assert!(hash.chars().all(|c| c.is_ascii_hexdigit()), "{first}");
    let theme_css =
        std::fs::read_to_string(site.root().join("themes/default/static/style.css")).unwrap();
    assert_eq!(site.output(name), theme_css);
    assert!(
        !site.output_exists("style.css"),
        "the unhashed name is not published"
    );
    // Every page, the 404 page included, uses the same hashed file.
    for page in [
        "404.html",
        "articles/first/index.html",
        "therapies/index.html",
    ] {
        assert_eq!(stylesheet(&site, page), first, "{page}");
    }
    // Same bytes, same name; other bytes, another name.
    site.build_ok(&[]);
    assert_eq!(stylesheet(&site, "index.html"), first);
    site.write(
        "themes/default/static/style.css",
        format!("{theme_css}\n.new-rule {{ color: teal; }}\n"),
    );
    site.build_ok(&[]);
    let second = stylesheet(&site, "index.html");
    assert_ne!(second, first);
    assert!(site.output_exists(second.trim_start_matches('/')));
    assert!(!site.output_exists(name), "the old name is gone");
}
