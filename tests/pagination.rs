//! Pagination: folder listings split into pages, the newest articles on home, topic and author
//! pages with a paginated full list, the pager, redirects from page 1, canonical URLs and
//! titles per page, full lists of rows (`list_by`), the sitemap, bad `paginate_by` and
//! `list_by` values, and rebuilds under `serve`.

mod common;

use common::server::{Rebuild, Server, eventually};
use common::{SITE_TOML, TestSite, attrs, texts};

/// A site whose /articles/ holds `count` articles (article 1 the oldest), `paginate_by` per
/// page when given; every article names acupuncture and the sciatica condition, and is
/// written by the configured author Lena Park.
fn site_with_articles(count: usize, paginate_by: Option<usize>) -> TestSite {
    let site = TestSite::new();
    site.write(
        "site.toml",
        format!("{SITE_TOML}\n[authors.lena-park]\nname = \"Lena Park\"\n"),
    );
    let setting = paginate_by.map_or(String::new(), |n| format!("paginate_by = {n}\n"));
    site.write(
        "content/articles/_index.md",
        format!("+++\ntitle = \"Articles\"\n{setting}+++\nOur articles.\n"),
    );
    site.write(
        "content/therapies/acupuncture.md",
        "+++\ntitle = \"Acupuncture\"\nkind = \"therapy\"\n+++\nNeedles.\n",
    );
    site.write(
        "content/conditions/sciatica.md",
        "+++\ntitle = \"Sciatica\"\n+++\nLeg pain.\n",
    );
    for n in 1..=count {
        write_article(&site, n);
    }
    site
}

/// Sets site.toml's `[pagination] list_by`: rows per page of a full list.
fn list_by(site: &TestSite, rows: usize) {
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        format!("{toml}\n[pagination]\nlist_by = {rows}\n"),
    );
}

fn write_article(site: &TestSite, n: usize) {
    site.write(
        &format!("content/articles/a{n:03}.md"),
        article_text(n, "Shown in listings.", "Below the fold."),
    );
}

fn article_text(n: usize, summary: &str, rest: &str) -> String {
    // One article a day from 2024-01-01: a higher number is newer.
    let day = jiff::civil::date(2024, 1, 1)
        .checked_add(jiff::Span::new().days(n as i64))
        .unwrap();
    format!(
        "+++\ntitle = \"Article {n}\"\ndate = {day}\nauthor = \"lena-park\"\ntherapies = [\"acupuncture\"]\nconditions = [\"sciatica\"]\n+++\n{summary}\n\n<!-- more -->\n\n{rest}\n"
    )
}

/// The card titles of an output page, in order.
fn cards(site: &TestSite, page: &str) -> Vec<String> {
    texts(&site.html(page), ".card-title a")
}

/// The row titles of a full list's page, in order.
fn rows(site: &TestSite, page: &str) -> Vec<String> {
    texts(&site.html(page), ".rows .row a")
}

fn titles(numbers: impl Iterator<Item = usize>) -> Vec<String> {
    numbers.map(|n| format!("Article {n}")).collect()
}

#[test]
fn a_listing_has_exactly_n_per_page_and_a_shorter_last_page() {
    let site = site_with_articles(23, Some(10));
    site.build_ok(&[]);
    assert_eq!(
        cards(&site, "articles/index.html"),
        titles((14..=23).rev()),
        "the newest ten first"
    );
    assert_eq!(
        cards(&site, "articles/page/2/index.html"),
        titles((4..=13).rev())
    );
    assert_eq!(
        cards(&site, "articles/page/3/index.html"),
        titles((1..=3).rev())
    );
    assert!(!site.output_exists("articles/page/4/index.html"));
    // Twenty exactly: two full pages and no empty third.
    let site = site_with_articles(20, Some(10));
    site.build_ok(&[]);
    assert_eq!(cards(&site, "articles/page/2/index.html").len(), 10);
    assert!(!site.output_exists("articles/page/3/index.html"));
}

#[test]
fn the_site_default_applies_where_an_index_says_nothing() {
    // Without any setting: 20 per page.
    let site = site_with_articles(21, None);
    site.build_ok(&[]);
    assert_eq!(cards(&site, "articles/index.html").len(), 20);
    assert_eq!(
        cards(&site, "articles/page/2/index.html"),
        titles([1].into_iter())
    );
    // site.toml's [pagination] paginate_by; an _index.md's own value wins over it.
    let site = site_with_articles(21, None);
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        format!("{toml}\n[pagination]\npaginate_by = 7\n"),
    );
    site.build_ok(&[]);
    assert!(site.output_exists("articles/page/3/index.html"));
    assert!(!site.output_exists("articles/page/4/index.html"));
    site.write(
        "content/articles/_index.md",
        "+++\ntitle = \"Articles\"\npaginate_by = 11\n+++\n",
    );
    site.build_ok(&[]);
    assert_eq!(cards(&site, "articles/page/2/index.html").len(), 10);
    assert!(!site.output_exists("articles/page/3/index.html"));
}

#[test]
fn each_page_has_a_pager_with_previous_next_numbers_and_the_current_page_marked() {
    let site = site_with_articles(23, Some(10));
    site.build_ok(&[]);
    let page = site.html("articles/page/2/index.html");
    assert_eq!(
        attrs(&page, "nav.pager", "aria-label"),
        vec!["Pages of articles"]
    );
    assert_eq!(
        attrs(&page, "nav.pager a", "href"),
        vec![
            "/articles/",
            "/articles/",
            "/articles/page/2/",
            "/articles/page/3/",
            "/articles/page/3/"
        ]
    );
    assert_eq!(
        texts(&page, "nav.pager a"),
        vec!["Previous page", "1", "2", "3", "Next page"]
    );
    assert_eq!(
        attrs(&page, "nav.pager a[rel=prev]", "href"),
        vec!["/articles/"]
    );
    assert_eq!(
        attrs(&page, "nav.pager a[rel=next]", "href"),
        vec!["/articles/page/3/"]
    );
    assert_eq!(
        attrs(&page, "nav.pager [aria-current=page]", "href"),
        vec!["/articles/page/2/"]
    );
    assert_eq!(
        attrs(&page, "nav.pager a[aria-current]", "aria-label"),
        vec!["Page 2"]
    );
    let first = site.html("articles/index.html");
    assert!(attrs(&first, "nav.pager a[rel=prev]", "href").is_empty());
    assert_eq!(
        attrs(&first, "nav.pager [aria-current=page]", "href"),
        vec!["/articles/"]
    );
    let last = site.html("articles/page/3/index.html");
    assert!(attrs(&last, "nav.pager a[rel=next]", "href").is_empty());
    // A list of one page has no pager.
    let site = site_with_articles(3, Some(10));
    site.build_ok(&[]);
    assert!(attrs(&site.html("articles/index.html"), "nav.pager", "class").is_empty());
}

#[test]
fn a_long_pager_shows_the_ends_and_the_pages_near_the_current_one() {
    let site = site_with_articles(30, Some(2));
    site.build_ok(&[]);
    let page = site.html("articles/page/8/index.html");
    assert_eq!(
        texts(&page, "nav.pager li"),
        vec![
            "Previous page",
            "1",
            "…",
            "6",
            "7",
            "8",
            "9",
            "10",
            "…",
            "15",
            "Next page"
        ]
    );
}

#[test]
fn page_one_redirects_to_the_first_page() {
    let site = site_with_articles(23, Some(10));
    list_by(&site, 20);
    site.build_ok(&[]);
    let redirect = site.output("articles/page/1/index.html");
    assert!(redirect.contains("<meta http-equiv=\"refresh\" content=\"0; url=/articles/\">"));
    assert!(
        redirect.contains("<link rel=\"canonical\" href=\"https://clinic.example/articles/\">")
    );
    let topic = site.output("therapies/acupuncture/articles/page/1/index.html");
    assert!(topic.contains("url=/therapies/acupuncture/articles/\""));
}

#[test]
fn each_page_has_its_own_canonical_url_and_title() {
    let site = site_with_articles(23, Some(10));
    site.build_ok(&[]);
    for (file, canonical, title) in [
        (
            "articles/index.html",
            "https://clinic.example/articles/",
            "Articles | Test Clinic",
        ),
        (
            "articles/page/2/index.html",
            "https://clinic.example/articles/page/2/",
            "Articles – Page 2 of 3 | Test Clinic",
        ),
        (
            "articles/page/3/index.html",
            "https://clinic.example/articles/page/3/",
            "Articles – Page 3 of 3 | Test Clinic",
        ),
    ] {
        let page = site.html(file);
        assert_eq!(attrs(&page, "link[rel=canonical]", "href"), vec![canonical]);
        assert_eq!(texts(&page, "title"), vec![title]);
    }
    // The introduction opens the first page only.
    assert!(site.output("articles/index.html").contains("Our articles."));
    assert!(
        !site
            .output("articles/page/2/index.html")
            .contains("Our articles.")
    );
}

#[test]
fn paginated_urls_follow_the_base_path() {
    let site = site_with_articles(23, Some(10));
    site.build_ok(&["--base-url", "https://clinic.example/spine/"]);
    let page = site.html("articles/page/2/index.html");
    assert_eq!(
        attrs(&page, "nav.pager a[rel=next]", "href"),
        vec!["/spine/articles/page/3/"]
    );
    assert_eq!(
        attrs(&page, "link[rel=canonical]", "href"),
        vec!["https://clinic.example/spine/articles/page/2/"]
    );
}

#[test]
fn topic_and_author_pages_show_the_newest_and_link_to_a_paginated_full_list() {
    let site = site_with_articles(25, Some(10));
    list_by(&site, 20);
    site.build_ok(&[]);
    let newest_ten = titles((16..=25).rev());
    for (page, list, link) in [
        (
            "therapies/acupuncture/index.html",
            "therapies/acupuncture/articles",
            "All 25 articles about acupuncture",
        ),
        (
            "conditions/sciatica/index.html",
            "conditions/sciatica/articles",
            "All 25 articles about sciatica",
        ),
        (
            "authors/lena-park/index.html",
            "authors/lena-park/articles",
            "All 25 articles by Lena Park",
        ),
    ] {
        let html = site.html(page);
        assert_eq!(texts(&html, ".card-title a"), newest_ten, "{page}");
        assert_eq!(texts(&html, ".see-all a"), vec![link], "{page}");
        assert_eq!(
            attrs(&html, ".see-all a", "href"),
            vec![format!("/{list}/")]
        );
        // The full list: rows, `list_by` (20) per page, numbered like any listing.
        assert_eq!(
            rows(&site, &format!("{list}/index.html")),
            titles((6..=25).rev()),
            "{list}"
        );
        assert_eq!(
            rows(&site, &format!("{list}/page/2/index.html")),
            titles((1..=5).rev())
        );
        let second = site.html(&format!("{list}/page/2/index.html"));
        assert_eq!(
            attrs(&second, "nav.pager [aria-current=page]", "href"),
            vec![format!("/{list}/page/2/")]
        );
    }
    // Breadcrumbs lead through the page the list belongs to.
    let list = site.html("therapies/acupuncture/articles/page/2/index.html");
    assert_eq!(
        texts(&list, ".breadcrumbs a"),
        vec![
            "Home",
            "Therapies",
            "Acupuncture",
            "Articles about acupuncture"
        ]
    );
    assert_eq!(
        texts(&list, "title"),
        vec!["Articles about acupuncture – Page 2 of 2 | Test Clinic"]
    );
    // The home page shows the newest ten only.
    assert_eq!(cards(&site, "index.html"), newest_ten);
}

#[test]
fn a_full_list_shows_a_hundred_rows_to_a_page_unless_list_by_says() {
    // The default: 100 rows to a page, cards nowhere in the list.
    let site = site_with_articles(101, None);
    site.build_ok(&[]);
    let list = "therapies/acupuncture/articles";
    assert_eq!(
        rows(&site, &format!("{list}/index.html")),
        titles((2..=101).rev())
    );
    assert_eq!(
        rows(&site, &format!("{list}/page/2/index.html")),
        titles(1..=1)
    );
    assert!(cards(&site, &format!("{list}/index.html")).is_empty());
    // A row is the title's link and the date, one line each with no blank line between.
    let html = site.output(&format!("{list}/page/2/index.html"));
    assert!(
        html.contains(
            "<ul class=\"rows\">\n  <li class=\"row\"><a href=\"/articles/a001/\">Article 1</a> <time datetime=\"2024-01-02\">2 January 2024</time></li>\n</ul>"
        ),
        "{html}"
    );
    let first = site.output(&format!("{list}/index.html"));
    assert!(first.contains("</time></li>\n<li class=\"row\">"));
    assert!(!first.contains("</li>\n\n"));

    // `list_by` in site.toml: exactly 7 to a page, and the last page shorter only when the
    // count is not a multiple of 7.
    for (count, last_page) in [(14, titles((1..=7).rev())), (15, titles(1..=1))] {
        let site = site_with_articles(count, None);
        list_by(&site, 7);
        site.build_ok(&[]);
        let pages = count.div_ceil(7);
        assert_eq!(
            rows(&site, &format!("{list}/index.html")),
            titles((count - 6..=count).rev())
        );
        assert_eq!(
            rows(&site, &format!("{list}/page/{pages}/index.html")),
            last_page,
            "{count}"
        );
        assert!(!site.output_exists(&format!("{list}/page/{}/index.html", pages + 1)));
        // Folder listings keep their cards, 20 to a page.
        assert_eq!(cards(&site, "articles/index.html").len(), count.min(20));
    }
}

#[test]
fn bad_list_by_is_an_error_at_its_line_with_the_allowed_range() {
    let lines = SITE_TOML.lines().count();
    for (value, found) in [
        ("0", "0"),
        ("1001", "1001"),
        ("-1", "-1"),
        ("\"all\"", "\"all\""),
    ] {
        let site = site_with_articles(3, None);
        site.write(
            "site.toml",
            format!("{SITE_TOML}\n[pagination]\nlist_by = {value}\n"),
        );
        let run = site.build_err(&[]);
        let expected = format!(
            "error: site.toml:{}:11: expected a whole number of articles from 1 to 1000, found {found}\n",
            lines + 3
        );
        assert!(run.stderr.contains(&expected), "{expected}\n{}", run.stderr);
        assert!(!site.output_exists("index.html"), "nothing was written");
    }
}

#[test]
fn a_topic_with_few_articles_lists_them_all_and_has_no_full_list() {
    let site = site_with_articles(4, None);
    site.build_ok(&[]);
    let html = site.html("therapies/acupuncture/index.html");
    assert_eq!(texts(&html, ".card-title a").len(), 4);
    assert!(texts(&html, ".see-all a").is_empty());
    assert!(!site.output_exists("therapies/acupuncture/articles/index.html"));
}

#[test]
fn the_sitemap_lists_every_page_and_no_redirect() {
    let site = site_with_articles(25, Some(10));
    list_by(&site, 20);
    site.build_ok(&[]);
    let sitemap = site.output("sitemap.xml");
    for url in [
        "https://clinic.example/articles/",
        "https://clinic.example/articles/page/2/",
        "https://clinic.example/articles/page/3/",
        "https://clinic.example/therapies/acupuncture/articles/",
        "https://clinic.example/therapies/acupuncture/articles/page/2/",
        "https://clinic.example/authors/lena-park/articles/page/2/",
    ] {
        assert!(sitemap.contains(&format!("<loc>{url}</loc>")), "{url}");
    }
    assert!(!sitemap.contains("page/1/"));
    assert!(!sitemap.contains("articles/page/4/"));
    // Page 3 changed when its newest article did: article 5 (2024-01-06).
    assert!(sitemap.contains(
        "<loc>https://clinic.example/articles/page/3/</loc>\n    <lastmod>2024-01-06</lastmod>"
    ));
}

#[test]
fn links_to_pages_are_checked_like_every_link() {
    let site = site_with_articles(23, Some(10));
    site.check_ok(&[]);
    site.write(
        "content/about.md",
        "+++\ntitle = \"About\"\n+++\nSee [older](/articles/page/3/) and [none](/articles/page/9/).\n",
    );
    let run = site.check_err(&[]);
    assert!(
        run.stderr.contains("error: content/about.md:4:36: broken link `/articles/page/9/` on /about/: no page or file is generated at /articles/page/9/\n"),
        "the missing page is reported:\n{}",
        run.stderr
    );
    assert_eq!(
        run.stderr.matches("broken link").count(),
        1,
        "{}",
        run.stderr
    );
}

#[test]
fn a_page_at_the_url_of_a_listing_page_is_an_error_naming_its_file() {
    let site = site_with_articles(5, Some(2));
    site.write(
        "content/articles/page/2.md",
        "+++\ntitle = \"Page two\"\ndate = 2025-01-01\n+++\nHello.\n",
    );
    // A page 4 that the listing does not have (3 pages of 2 for 6 articles) is no conflict.
    site.write(
        "content/articles/page/4.md",
        "+++\ntitle = \"Page four\"\ndate = 2025-01-01\n+++\nHello.\n",
    );
    let run = site.build_err(&[]);
    assert_eq!(
        run.error_lines(),
        [
            "error: content/articles/page/2.md: this page's URL /articles/page/2/ is also a page of the paginated list of /articles/; move or rename the file, or give it another `slug`",
            "error: failed with 1 error; nothing was written",
        ],
        "{}",
        run.stderr
    );
}

#[test]
fn bad_paginate_by_is_an_error_at_its_line_with_the_allowed_range() {
    for (value, found) in [
        ("0", "0"),
        ("-3", "-3"),
        ("\"ten\"", "\"ten\""),
        ("2.5", "2.5"),
    ] {
        let site = site_with_articles(3, None);
        site.write(
            "content/articles/_index.md",
            format!("+++\ntitle = \"Articles\"\npaginate_by = {value}\n+++\n"),
        );
        let run = site.build_err(&[]);
        assert!(
            run.stderr.contains(&format!(
                "error: content/articles/_index.md:3:15: expected a whole number of articles from 1 to 1000, found {found}\n"
            )),
            "{value}:\n{}",
            run.stderr
        );
        assert!(!site.output_exists("index.html"), "nothing was written");
    }
    let site = site_with_articles(3, None);
    site.write(
        "content/articles/_index.md",
        "---\ntitle: Articles\npaginate_by: 1001\n---\n",
    );
    let run = site.build_err(&[]);
    assert!(run.stderr.contains(
        "error: content/articles/_index.md:3:14: expected a whole number of articles from 1 to 1000, found 1001\n"
    ), "{}", run.stderr);
    let site = site_with_articles(3, None);
    site.write(
        "site.toml",
        format!("{SITE_TOML}\n[pagination]\npaginate_by = 0\nnewest = \"many\"\n"),
    );
    let run = site.build_err(&[]);
    let lines = SITE_TOML.lines().count();
    for expected in [
        format!(
            "error: site.toml:{}:15: expected a whole number of articles from 1 to 1000, found 0\n",
            lines + 3
        ),
        format!(
            "error: site.toml:{}:10: expected a whole number of articles from 1 to 1000, found \"many\"\n",
            lines + 4
        ),
    ] {
        assert!(run.stderr.contains(&expected), "{expected}\n{}", run.stderr);
    }
}

#[test]
fn serve_rerenders_only_the_pages_an_edit_moves_and_equals_a_fresh_build() {
    let site = site_with_articles(23, Some(10));
    let server = Server::start(&site);
    // Below the fold of the oldest article: that article alone.
    site.write(
        "content/articles/a001.md",
        article_text(1, "Shown in listings.", "Below the fold, edited."),
    );
    assert_eq!(
        rendered(server.next_rebuild()),
        1,
        "below the fold: the article alone"
    );
    // Its summary: the article, the one listing page and the three full-list pages that
    // show it (acupuncture's, sciatica's and Lena Park's lists: one page of 100 rows each).
    site.write(
        "content/articles/a001.md",
        article_text(1, "A new summary.", "Below the fold, edited."),
    );
    assert_eq!(
        rendered(server.next_rebuild()),
        5,
        "the article, /articles/page/3/ and three full lists"
    );
    assert!(
        server
            .get("/articles/page/3/")
            .text()
            .contains("A new summary.")
    );
    server.assert_equals_fresh_build(&site);
    // New articles shift every page of their listings: a fourth page appears.
    for n in 24..=31 {
        write_article(&site, n);
    }
    eventually("page 4 to appear", || {
        server.get("/articles/page/4/").status == 200
    });
    let files = server.assert_equals_fresh_build(&site);
    assert!(files.contains(&"articles/page/4/index.html".to_string()));
    // Deleting articles takes the page away again.
    for n in [31, 5] {
        let file = format!("content/articles/a{n:03}.md");
        std::fs::remove_file(site.root().join(file)).unwrap();
    }
    eventually("page 4 to disappear", || {
        server.get("/articles/page/4/").status == 404
    });
    let files = server.assert_equals_fresh_build(&site);
    assert!(!files.contains(&"articles/page/4/index.html".to_string()));
    assert_eq!(server.get("/articles/page/4/").status, 404);
}

/// How many pages a rebuild rendered; a failed rebuild fails the test.
fn rendered(rebuild: Rebuild) -> usize {
    match rebuild {
        Rebuild::Ok(rendered) => rendered,
        Rebuild::Failed(errors) => panic!("the rebuild failed:\n{errors}"),
    }
}
