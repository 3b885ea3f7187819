//! What the theme decides in paginated lists: the wording of a full list's title (theme
//! strings, in the page language, overridable in site.toml), the article card of every
//! listing (the theme's `partials/article_card.html`) and the row of every full list
//! (`partials/article_row.html`), both overridable by the site.

mod common;

use common::{SITE_TOML, TestSite, attrs, texts};

/// A site of `count` articles (article 1 the oldest), all about acupuncture and written and
/// reviewed by Lena Park, 5 to a page of a listing or a full list; `toml` is added to site.toml. With more than 10 (the
/// default `newest`), acupuncture and Lena Park get full lists.
fn clinic(count: usize, toml: &str) -> TestSite {
    let site = TestSite::bare();
    site.write(
        "site.toml",
        format!(
            "{SITE_TOML}\n[pagination]\npaginate_by = 5\nlist_by = 5\n{toml}\n[authors.lena-park]\nname = \"Lena Park\"\n"
        ),
    );
    site.write(
        "content/articles/_index.md",
        "+++\ntitle = \"Articles\"\n+++\n",
    );
    site.write(
        "content/therapies/acupuncture.md",
        "+++\ntitle = \"Acupuncture\"\nkind = \"therapy\"\n+++\nNeedles.\n",
    );
    for n in 1..=count {
        site.write(
            &format!("content/articles/a{n:02}.md"),
            format!(
                "+++\ntitle = \"Article {n}\"\ndate = 2024-01-{n:02}\nauthor = \"lena-park\"\nreviewed_by = \"lena-park\"\nlast_reviewed = 2024-02-01\ntherapies = [\"acupuncture\"]\n+++\nSummary {n}.\n"
            ),
        );
    }
    site
}

/// The `name` of the CollectionPage in a page's JSON-LD.
fn collection_name(site: &TestSite, page: &str) -> String {
    let html = site.html(page);
    let script = texts(&html, "script[type='application/ld+json']").join("");
    let json: serde_json::Value = serde_json::from_str(&script).unwrap();
    let graph = json["@graph"].as_array().unwrap();
    let node = graph
        .iter()
        .find(|n| n["@type"] == "CollectionPage")
        .expect("a CollectionPage");
    node["name"].as_str().unwrap().to_string()
}

#[test]
fn a_full_list_is_titled_by_the_theme_strings_everywhere_it_is_named() {
    let site = clinic(12, "");
    site.build_ok(&[]);
    let page = "therapies/acupuncture/articles/page/2/index.html";
    let html = site.html(page);
    assert_eq!(
        texts(&html, "title"),
        ["Articles about acupuncture – Page 2 of 3 | Test Clinic"]
    );
    assert_eq!(collection_name(&site, page), "Articles about acupuncture");
    assert_eq!(
        texts(&html, ".breadcrumbs li").last().map(String::as_str),
        Some("Articles about acupuncture")
    );

    // site.toml [strings] rewords them, with the page number from `page-of-title`.
    let site = clinic(
        12,
        "[strings]\narticles-about = \"Reading on { $topic }\"\narticles-by = \"Written by { $name }\"\nlist-reviewed-by = \"Checked by { $name }\"\nlist-description = \"All of { $title }\"\npage-of-title = \"p. { $current }/{ $total }\"",
    );
    site.build_ok(&[]);
    let html = site.html(page);
    assert_eq!(
        texts(&html, "title"),
        ["Reading on acupuncture – p. 2/3 | Test Clinic"]
    );
    assert_eq!(
        texts(&html, "h1")[0],
        "Reading on acupuncture (page 2 of 3)"
    );
    assert_eq!(
        attrs(&html, "meta[name='description']", "content"),
        ["All of Reading on acupuncture"]
    );
    assert_eq!(collection_name(&site, page), "Reading on acupuncture");
    assert_eq!(
        texts(&html, ".breadcrumbs li").last().map(String::as_str),
        Some("Reading on acupuncture")
    );
    for (list, title) in [
        (
            "authors/lena-park/articles/index.html",
            "Written by Lena Park",
        ),
        (
            "authors/lena-park/reviewed/index.html",
            "Checked by Lena Park",
        ),
    ] {
        assert_eq!(collection_name(&site, list), title, "{list}");
        assert_eq!(
            texts(&site.html(list), "h1")[0],
            format!("{title} (page 1 of 3)"),
            "{list}"
        );
    }
}

#[test]
fn a_spanish_site_names_its_full_lists_in_spanish_in_the_structured_data_too() {
    let site = clinic(12, "");
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", format!("language = \"es\"\n{toml}"));
    site.build_ok(&[]);
    let page = "therapies/acupuncture/articles/index.html";
    assert_eq!(collection_name(&site, page), "Artículos sobre acupuncture");
    assert_eq!(
        texts(&site.html(page), ".breadcrumbs li")
            .last()
            .map(String::as_str),
        Some("Artículos sobre acupuncture")
    );
}

#[test]
fn an_overridden_card_partial_is_the_card_of_every_listing() {
    let site = clinic(12, "");
    site.write(
        "templates/partials/article_card.html",
        "<li class=\"my-card\" data-level=\"{{ card_level | default(value=3) }}\">{{ article.title }} · {{ site.title }}</li>",
    );
    site.build_ok(&[]);
    let cards = |page: &str| attrs(&site.html(page), ".my-card", "data-level");
    let titles = |page: &str| texts(&site.html(page), ".my-card");
    // Level 2 right under the h1 (listings), else the partial's default.
    assert_eq!(cards("articles/page/2/index.html"), ["2"; 5]);
    assert_eq!(
        titles("articles/page/3/index.html"),
        ["Article 2 · Test Clinic", "Article 1 · Test Clinic"]
    );
    assert_eq!(cards("therapies/acupuncture/index.html"), ["3"; 10]);
    assert_eq!(cards("authors/lena-park/index.html"), ["3"; 20]);
    // The home page and an article's related articles show the same cards; a full list
    // shows rows.
    assert_eq!(cards("index.html"), ["3"; 10]);
    assert!(!cards("articles/a05/index.html").is_empty());
    let list = "therapies/acupuncture/articles/page/3/index.html";
    assert!(cards(list).is_empty());
    assert_eq!(
        texts(&site.html(list), ".row a"),
        ["Article 2", "Article 1"]
    );
}

#[test]
fn an_overridden_row_partial_is_the_row_of_every_full_list() {
    let site = clinic(12, "");
    site.write(
        "templates/partials/article_row.html",
        "<li class=\"my-row\">{{ article.title }} on {{ page_kind }}, {{ page.kind }}</li>",
    );
    site.build_ok(&[]);
    let rows = |page: &str| texts(&site.html(page), ".my-row");
    assert_eq!(
        rows("therapies/acupuncture/articles/page/3/index.html"),
        [
            "Article 2 on article_list, therapy",
            "Article 1 on article_list, therapy"
        ]
    );
    assert_eq!(
        rows("authors/lena-park/reviewed/index.html")[0],
        "Article 12 on article_list, reviewed"
    );
    assert!(texts(&site.html("authors/lena-park/reviewed/index.html"), ".row").is_empty());
    // Listings and topic pages keep their cards.
    assert!(rows("articles/index.html").is_empty());
    assert_eq!(
        texts(
            &site.html("therapies/acupuncture/index.html"),
            ".card-title a"
        )
        .len(),
        10
    );
}

#[test]
fn a_card_may_read_the_page_it_is_on() {
    let site = clinic(12, "");
    site.write(
        "templates/partials/article_card.html",
        "<li class=\"my-card\">{{ article.title }} on {{ page_kind }}</li>",
    );
    site.build_ok(&[]);
    let titles = |page: &str| texts(&site.html(page), ".my-card");
    assert_eq!(
        titles("articles/page/3/index.html")[0],
        "Article 2 on section"
    );
    assert_eq!(
        titles("therapies/acupuncture/index.html")[0],
        "Article 12 on therapy"
    );
}
