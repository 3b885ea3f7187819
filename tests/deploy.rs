//! Output that deploys anywhere: every URL under the base path, sitemap, robots.txt, the Atom
//! feed, aliases, drafts, and content-hashed CSS. HTML is parsed with scraper and XML with
//! quick-xml; nothing is grepped.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{TestSite, attrs, snapshot};
use scraper::{CaseSensitivity, Html, Selector};
use url::Url;

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
    // The file keeps its own name too, for hand-written links.
    assert_eq!(site.output("style.css"), theme_css);
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

const BASE_URL: &str = "https://example.org/clinic/";

/// The example site built with a subpath base URL into its public/ folder.
fn example_under_subpath(extra: &[&str]) -> TestSite {
    let site = TestSite::example();
    let mut args = vec!["--base-url", BASE_URL];
    args.extend_from_slice(extra);
    site.build_ok(&args);
    site
}

/// Every HTML file of the output, parsed, by path.
fn html_files(site: &TestSite) -> BTreeMap<String, Html> {
    snapshot(&site.root().join("public"))
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| {
            let text = String::from_utf8(bytes).unwrap();
            (path, Html::parse_document(&text))
        })
        .collect()
}

/// The absolute URL a file of the output is served at.
fn permalink(path: &str) -> String {
    format!(
        "{BASE_URL}{}",
        path.strip_suffix("index.html").unwrap_or(path)
    )
}

fn is_noindex(html: &Html) -> bool {
    attrs(html, "meta[name=robots]", "content")
        .iter()
        .any(|c| c.contains("noindex"))
}

/// The pages a search engine should know: every HTML file but the 404 page and redirects
/// (both marked noindex), as absolute URLs.
fn published_pages(site: &TestSite) -> BTreeSet<String> {
    html_files(site)
        .iter()
        .filter(|(_, html)| !is_noindex(html))
        .map(|(path, _)| permalink(path))
        .collect()
}

/// The article pages with a publication date, as absolute URL → date.
fn dated_articles(site: &TestSite) -> BTreeMap<String, String> {
    html_files(site)
        .iter()
        .filter_map(|(path, html)| {
            let date = attrs(html, "meta[property='article:published_time']", "content");
            date.first().map(|d| (permalink(path), d.clone()))
        })
        .collect()
}

fn xml(site: &TestSite, file: &str) -> String {
    site.output(file)
}

/// The texts of every element named `name` (any namespace) in an XML document.
fn xml_texts(doc: &roxmltree::Document<'_>, name: &str) -> Vec<String> {
    doc.descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == name)
        .map(|n| n.text().unwrap_or("").trim().to_string())
        .collect()
}

#[test]
fn the_sitemap_lists_exactly_the_published_pages() {
    let site = example_under_subpath(&[]);
    let text = xml(&site, "sitemap.xml");
    let doc = roxmltree::Document::parse(&text).expect("sitemap.xml is XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "urlset");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let locs = xml_texts(&doc, "loc");
    let listed: BTreeSet<String> = locs.iter().cloned().collect();
    assert_eq!(listed.len(), locs.len(), "no page is listed twice");
    let pages = published_pages(&site);
    assert_eq!(listed, pages);
    assert!(!listed.iter().any(|l| l.contains("404")));
    assert!(!listed.iter().any(|l| l.contains("/blog/")), "no redirects");
    assert!(
        !listed.iter().any(|l| l.contains("sleeping-positions")),
        "no drafts"
    );
    // lastmod is the article's `updated`, else its `date`; the three pages checked must be
    // in the sitemap, or the check would pass by finding none of them.
    let mut lastmods = BTreeMap::new();
    for url in doc.descendants().filter(|n| n.tag_name().name() == "url") {
        let child = |name: &str| {
            url.children()
                .find(|c| c.tag_name().name() == name)
                .and_then(|c| c.text())
                .map(str::to_string)
        };
        let loc = child("loc").unwrap();
        lastmods.insert(loc, child("lastmod"));
    }
    let lastmod_of = |suffix: &str| {
        let found: Vec<&Option<String>> = lastmods
            .iter()
            .filter(|(loc, _)| loc.ends_with(suffix))
            .map(|(_, lastmod)| lastmod)
            .collect();
        assert_eq!(found.len(), 1, "{suffix} once in the sitemap: {lastmods:?}");
        found[0].clone()
    };
    assert_eq!(
        lastmod_of("/articles/heat-or-cold/").as_deref(),
        Some("2026-03-12")
    );
    assert_eq!(
        lastmod_of("/articles/imaging-for-back-pain/").as_deref(),
        Some("2026-06-09")
    );
    assert_eq!(
        lastmod_of("/about/"),
        None,
        "an undated page has no lastmod"
    );

    // With --drafts the draft is a page, and so it is in the sitemap too.
    let drafts = example_under_subpath(&["--drafts"]);
    let text = xml(&drafts, "sitemap.xml");
    let doc = roxmltree::Document::parse(&text).unwrap();
    let listed: BTreeSet<String> = xml_texts(&doc, "loc").into_iter().collect();
    assert_eq!(listed, published_pages(&drafts));
    assert!(listed.contains(&format!(
        "{BASE_URL}articles/sleeping-positions-for-back-pain/"
    )));
}

#[test]
fn robots_txt_names_the_sitemap() {
    let site = example_under_subpath(&[]);
    let robots = site.output("robots.txt");
    let sitemaps: Vec<&str> = robots
        .lines()
        .filter_map(|line| line.strip_prefix("Sitemap:"))
        .map(str::trim)
        .collect();
    assert_eq!(sitemaps, vec![format!("{BASE_URL}sitemap.xml")]);
    assert!(robots.lines().any(|l| l.trim() == "User-agent: *"));
}

/// One Atom entry, read from the feed.
struct Entry {
    id: String,
    link: String,
    published: String,
    updated: String,
    content: String,
}

fn feed_entries(site: &TestSite) -> Vec<Entry> {
    let text = xml(site, "atom.xml");
    let doc = roxmltree::Document::parse(&text).expect("atom.xml is XML");
    let atom = "http://www.w3.org/2005/Atom";
    let feed = doc.root_element();
    assert_eq!(
        (feed.tag_name().namespace(), feed.tag_name().name()),
        (Some(atom), "feed")
    );
    let child_text = |node: roxmltree::Node<'_, '_>, name: &str| -> Option<String> {
        node.children()
            .find(|c| c.tag_name().name() == name)
            .map(|c| c.text().unwrap_or("").to_string())
    };
    // RFC 4287 4.1.1: a feed has exactly one id, title and updated, and an author (or every
    // entry has one).
    for name in ["id", "title", "updated", "author"] {
        let count = feed
            .children()
            .filter(|c| c.tag_name().name() == name)
            .count();
        assert_eq!(count, 1, "feed/{name}");
    }
    let self_link = feed
        .children()
        .find(|c| c.tag_name().name() == "link" && c.attribute("rel") == Some("self"))
        .and_then(|c| c.attribute("href"));
    assert_eq!(self_link, Some(format!("{BASE_URL}atom.xml").as_str()));
    let entries: Vec<Entry> = feed
        .children()
        .filter(|c| c.tag_name().name() == "entry")
        .map(|e| {
            for name in ["id", "title", "updated"] {
                assert!(
                    child_text(e, name).is_some_and(|t| !t.is_empty()),
                    "entry/{name}"
                );
            }
            let content = e
                .children()
                .find(|c| c.tag_name().name() == "content")
                .unwrap();
            assert_eq!(content.attribute("type"), Some("html"));
            Entry {
                id: child_text(e, "id").unwrap(),
                link: e
                    .children()
                    .find(|c| c.tag_name().name() == "link")
                    .and_then(|l| l.attribute("href"))
                    .unwrap()
                    .to_string(),
                published: child_text(e, "published").unwrap(),
                updated: child_text(e, "updated").unwrap(),
                content: content.text().unwrap_or("").to_string(),
            }
        })
        .collect();
    // The feed's updated is its newest entry's, not the time of the build.
    let newest = entries.iter().map(|e| e.updated.clone()).max().unwrap();
    assert_eq!(child_text(feed, "updated").unwrap(), newest);
    entries
}

/// The paragraphs of an HTML body, leaving out call-to-action blocks.
fn paragraphs(html: &Html, scope: &str) -> Vec<String> {
    let selector = Selector::parse(&format!("{scope} p")).unwrap();
    html.select(&selector)
        .filter(|p| {
            !p.ancestors().any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|e| e.has_class("cta", CaseSensitivity::CaseSensitive))
            })
        })
        .map(|p| p.text().collect::<String>())
        .collect()
}

#[test]
fn the_feed_lists_every_dated_article_newest_first_with_full_content() {
    let site = example_under_subpath(&[]);
    let entries = feed_entries(&site);
    // atom.xml is the default language's feed; the Spanish articles are in es/atom.xml.
    let mut expected = dated_articles(&site);
    expected.retain(|link, _| !link.starts_with(&format!("{BASE_URL}es/")));
    let listed: BTreeSet<String> = entries.iter().map(|e| e.link.clone()).collect();
    assert_eq!(listed, expected.keys().cloned().collect::<BTreeSet<_>>());
    assert_eq!(entries.len(), listed.len(), "each article once");
    assert!(
        !listed.iter().any(|l| l.contains("sleeping-positions")),
        "no drafts"
    );
    for pair in entries.windows(2) {
        assert!(pair[0].published >= pair[1].published, "newest first");
    }
    for entry in &entries {
        assert_eq!(entry.id, entry.link);
        assert!(entry.published.starts_with(&expected[&entry.link]));
        assert!(entry.updated >= entry.published);
        // Full content: every paragraph of the article's body, not a summary.
        let page_path = entry.link.strip_prefix(BASE_URL).unwrap();
        let page = site.html(&format!("{page_path}index.html"));
        let body = Html::parse_fragment(&entry.content);
        assert_eq!(
            paragraphs(&body, ""),
            paragraphs(&page, ".prose"),
            "{}",
            entry.link
        );
        assert!(entry.content.contains("<h2 id="), "{}", entry.link);
    }

    let drafts = example_under_subpath(&["--drafts"]);
    let links: BTreeSet<String> = feed_entries(&drafts).into_iter().map(|e| e.link).collect();
    assert!(links.contains(&format!(
        "{BASE_URL}articles/sleeping-positions-for-back-pain/"
    )));
}

#[test]
fn the_home_page_links_the_feed_and_a_site_without_dated_articles_has_none() {
    let site = example_under_subpath(&[]);
    let html = site.html("index.html");
    assert_eq!(
        attrs(
            &html,
            "link[rel=alternate][type='application/atom+xml']",
            "href"
        ),
        vec!["/clinic/atom.xml"]
    );
    let undated = TestSite::new();
    undated.write(
        "content/about.md",
        "+++\ntitle = \"About us\"\n+++\nWho we are.\n",
    );
    undated.build_ok(&[]);
    assert!(!undated.output_exists("atom.xml"));
    let html = undated.html("index.html");
    assert!(attrs(&html, "link[rel=alternate]", "href").is_empty());
}

#[test]
fn aliases_write_redirect_pages_under_the_base_path() {
    let site = example_under_subpath(&[]);
    let html = site.html("blog/heat-vs-ice/index.html");
    let target = format!("{BASE_URL}articles/heat-or-cold/");
    assert_eq!(
        attrs(&html, "link[rel=canonical]", "href"),
        vec![target.clone()]
    );
    let refresh = attrs(&html, "meta[http-equiv=refresh]", "content");
    assert_eq!(refresh, vec!["0; url=/clinic/articles/heat-or-cold/"]);
    assert_eq!(
        attrs(&html, "a", "href"),
        vec!["/clinic/articles/heat-or-cold/"]
    );
    assert!(is_noindex(&html));
}

#[test]
fn an_alias_on_a_real_page_or_two_files_with_one_url_name_both_files() {
    let site = TestSite::with_basic_content();
    site.write(
        "content/articles/second.md",
        "+++\ntitle = \"Second\"\naliases = [\"/articles/first/\"]\n+++\nBody.\n",
    );
    let run = site.build_err(&[]);
    assert!(
        run.stderr.lines().any(|line| line
            == "error: content/articles/second.md:3:12: two files produce the URL /articles/first/: this one and content/articles/first.md"),
        "{}",
        run.stderr
    );

    let site = TestSite::with_basic_content();
    site.write(
        "content/articles/other.md",
        "+++\ntitle = \"Other\"\nslug = \"first\"\n+++\nBody.\n",
    );
    let run = site.build_err(&[]);
    assert!(run.stderr.contains("/articles/first/"), "{}", run.stderr);
    assert!(
        run.stderr.contains("content/articles/first.md")
            && run.stderr.contains("content/articles/other.md"),
        "{}",
        run.stderr
    );
}

/// Whether `raw`, resolved against `context`, stays under the base URL; other hosts and
/// `mailto:`/`tel:` links are not the site's to keep.
fn assert_under_base(context: &Url, raw: &str, file: &str) -> bool {
    let raw = raw.trim();
    if raw.starts_with("mailto:") || raw.starts_with("tel:") {
        return false;
    }
    let url = context
        .join(raw)
        .unwrap_or_else(|e| panic!("{file}: `{raw}` is not a URL: {e}"));
    if url.host_str() != Some("example.org") {
        assert!(
            matches!(url.scheme(), "http" | "https"),
            "{file}: `{raw}` has an unexpected scheme"
        );
        return false;
    }
    assert_eq!(url.scheme(), "https", "{file}: `{raw}`");
    assert!(
        url.path().starts_with("/clinic/"),
        "{file}: `{raw}` escapes the base path /clinic/ (resolves to {url})"
    );
    true
}

/// Every URL-valued attribute of an HTML document.
fn html_urls(html: &Html) -> Vec<String> {
    let mut urls = Vec::new();
    for attribute in ["href", "src", "poster", "action"] {
        urls.extend(attrs(html, &format!("[{attribute}]"), attribute));
    }
    for srcset in attrs(html, "[srcset]", "srcset") {
        urls.extend(
            srcset
                .split(',')
                .filter_map(|c| c.split_whitespace().next())
                .map(str::to_string),
        );
    }
    urls.extend(attrs(
        html,
        "meta[property='og:url'], meta[property='og:image'], meta[name='twitter:image']",
        "content",
    ));
    for refresh in attrs(html, "meta[http-equiv=refresh]", "content") {
        let (_, target) = refresh.split_once("url=").expect("refresh names a url");
        urls.push(target.to_string());
    }
    urls
}

#[test]
fn no_url_in_any_html_or_xml_file_escapes_the_base_path() {
    let site = example_under_subpath(&[]);
    let base = Url::parse(BASE_URL).unwrap();
    let mut internal = 0;
    let pages = html_files(&site);
    assert!(pages.len() > 30, "the example has {} pages", pages.len());
    for (path, html) in &pages {
        let page_url = base
            .join(&format!(
                "./{}",
                path.strip_suffix("index.html").unwrap_or(path)
            ))
            .unwrap();
        let urls = html_urls(html);
        assert!(
            attrs(html, "link[rel=canonical]", "href").len() == 1,
            "{path} has a canonical link"
        );
        if !is_noindex(html) {
            assert_eq!(
                attrs(html, "meta[property='og:url']", "content"),
                vec![page_url.to_string()],
                "{path}"
            );
        }
        for url in urls {
            internal += usize::from(assert_under_base(&page_url, &url, path));
        }
    }
    assert!(internal > 500, "only {internal} internal URLs were seen");

    for file in ["sitemap.xml", "atom.xml"] {
        let text = xml(&site, file);
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        let mut seen = 0;
        for node in doc.descendants().filter(|n| n.is_element()) {
            if matches!(node.tag_name().name(), "loc" | "id" | "uri") {
                let url = node.text().unwrap_or("").trim();
                assert!(
                    url.starts_with(BASE_URL),
                    "{file}: <{}> {url}",
                    node.tag_name().name()
                );
                seen += 1;
            }
            for attribute in node.attributes() {
                if matches!(attribute.name(), "href" | "base") {
                    assert!(
                        attribute.value().starts_with(BASE_URL),
                        "{file}: {attribute:?}"
                    );
                    seen += 1;
                }
            }
            // The feed's HTML content, resolved against its xml:base as a reader would.
            if node.tag_name().name() == "content" {
                let context = Url::parse(
                    node.attribute(("http://www.w3.org/XML/1998/namespace", "base"))
                        .expect("content has xml:base"),
                )
                .unwrap();
                let body = Html::parse_fragment(node.text().unwrap_or(""));
                for url in html_urls(&body) {
                    assert_under_base(&context, &url, file);
                }
            }
        }
        assert!(seen > 20, "{file}: only {seen} URLs");
    }
    let robots = site.output("robots.txt");
    for line in robots.lines().filter(|l| l.starts_with("Sitemap:")) {
        assert!(
            line["Sitemap:".len()..].trim().starts_with(BASE_URL),
            "{line}"
        );
    }
}

#[test]
fn javascript_is_hashed_too_and_url_for_agrees_with_asset_url() {
    let site = TestSite::with_basic_content();
    site.write(
        "static/js/menu.js",
        "document.documentElement.className = 'js';\n",
    );
    site.write(
        "static/images/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Not found</h1><script src=\"{{ asset_url(path='js/menu.js') }}\"></script><script src=\"{{ url_for(path='/js/menu.js') }}\"></script><img alt=\"\" src=\"{{ asset_url(path='images/logo.svg') }}\">{% endblock content %}",
    );
    site.build_ok(&["--base-url", BASE_URL]);
    let html = site.html("404.html");
    let scripts = attrs(&html, "script", "src");
    assert_eq!(scripts.len(), 2);
    assert_eq!(
        scripts[0], scripts[1],
        "url_for and asset_url give the same URL"
    );
    let name = scripts[0].strip_prefix("/clinic/").unwrap();
    assert!(
        name.starts_with("js/menu.")
            && name.ends_with(".js")
            && name.len() == "js/menu.12345678.js".len(),
        "{name}"
    );
    assert!(site.output_exists(name));
    assert!(site.output_exists("js/menu.js"), "also under its own name");
    // Other static files keep their names.
    assert_eq!(attrs(&html, "img", "src"), vec!["/clinic/images/logo.svg"]);
    assert!(site.output_exists("images/logo.svg"));
}
