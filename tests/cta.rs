//! The call-to-action block: defaults, precedence, hiding, inline placement, phone numbers.

mod common;

use common::{SITE_TOML, TestSite, attrs, texts};
use scraper::{Html, Selector};

fn site_with(cta_toml: &str) -> TestSite {
    let site = TestSite::new();
    site.write("site.toml", format!("{SITE_TOML}\n{cta_toml}"));
    site.write(
        "content/therapies/acupuncture.md",
        "+++\ntitle = \"Acupuncture\"\nkind = \"therapy\"\n[cta]\nheading = \"Ask about acupuncture\"\nbutton = \"Call the acupuncture desk\"\n+++\nBody.\n",
    );
    site.write(
        "content/therapies/yoga.md",
        "+++\ntitle = \"Yoga\"\nkind = \"therapy\"\ncta = false\n+++\nBody.\n",
    );
    site.write(
        "content/articles/plain.md",
        "+++\ntitle = \"Plain\"\ndate = 2025-01-01\ntherapies = [\"yoga\", \"acupuncture\"]\n+++\nBody.\n",
    );
    site.write(
        "content/articles/needles.md",
        "+++\ntitle = \"Needles\"\ndate = 2025-01-02\ntherapies = [\"acupuncture\"]\n+++\nBody.\n",
    );
    site.write(
        "content/articles/own.md",
        "+++\ntitle = \"Own\"\ndate = 2025-01-03\ntherapies = [\"acupuncture\"]\n[cta]\nbutton = \"Call about this article\"\nphone = \"+1 212 555 0199\"\n+++\nBody.\n",
    );
    site.write(
        "content/articles/hidden.md",
        "+++\ntitle = \"Hidden\"\ndate = 2025-01-04\ncta = false\n+++\nBody.\n",
    );
    site.write(
        "content/articles/inline.md",
        "+++\ntitle = \"Inline\"\ndate = 2025-01-05\n+++\nBefore.\n\n{{ cta() }}\n\nAfter.\n",
    );
    site
}

/// The one CTA block of a page: (heading, tel href, visible number, button text).
fn cta_of(html: &Html) -> Option<(String, String, String, String)> {
    let aside = Selector::parse("aside.cta").unwrap();
    let blocks: Vec<_> = html.select(&aside).collect();
    assert!(blocks.len() <= 1, "more than one CTA block");
    let block = blocks.first()?;
    let text = |sel: &str| {
        let selector = Selector::parse(sel).unwrap();
        block
            .select(&selector)
            .next()
            .map(|e| e.text().collect::<String>().trim().to_string())
            .unwrap_or_default()
    };
    let tel = block
        .select(&Selector::parse("a[href^=\"tel:\"]").unwrap())
        .next()
        .and_then(|a| a.value().attr("href"))
        .unwrap_or_default()
        .to_string();
    Some((text("h2"), tel, text(".cta-number"), text("a.button")))
}

#[test]
fn articles_and_therapies_end_with_the_site_cta_by_default() {
    let site = site_with(
        "[cta]\nheading = \"Book a consultation\"\ntext = \"We **listen** first.\"\nbutton = \"Call us\"\n",
    );
    site.build_ok(&[]);
    let html = site.html("articles/plain/index.html");
    let (heading, tel, number, button) = cta_of(&html).expect("a CTA block");
    assert_eq!(heading, "Book a consultation");
    assert_eq!(tel, "tel:+13105550142");
    assert_eq!(number, "(310) 555-0142");
    assert_eq!(button, "Call us: (310) 555-0142");
    assert_eq!(
        texts(&html, "aside.cta strong"),
        vec!["listen"],
        "text is Markdown"
    );
    // It has its own heading, labelled, after the body.
    assert_eq!(
        attrs(&html, "aside.cta", "aria-labelledby"),
        vec!["cta-title"]
    );
    let page = site.output("articles/plain/index.html");
    let prose = page.find("class=\"prose\"").expect("the article body");
    let cta = page.find("class=\"cta\"").expect("the CTA block");
    assert!(prose < cta, "the CTA comes after the body");
    // Not on listings unless asked.
    assert!(cta_of(&site.html("index.html")).is_none());
    assert!(cta_of(&site.html("articles/index.html")).is_none());
}

#[test]
fn a_therapy_cta_applies_to_its_page_and_articles_listing_it_first() {
    let site = site_with("");
    site.build_ok(&[]);
    let therapy = cta_of(&site.html("therapies/acupuncture/index.html")).unwrap();
    assert_eq!(therapy.0, "Ask about acupuncture");
    assert_eq!(therapy.3, "Call the acupuncture desk: (310) 555-0142");
    let first = cta_of(&site.html("articles/needles/index.html")).unwrap();
    assert_eq!(first.0, "Ask about acupuncture");
    // plain.md lists yoga first (whose cta = false hides only yoga's own page) and acupuncture second.
    let second = cta_of(&site.html("articles/plain/index.html")).unwrap();
    assert_eq!(second.0, "Talk to a spine specialist");
}

#[test]
fn an_article_cta_table_overrides_field_by_field() {
    let site = site_with("");
    site.build_ok(&[]);
    let (heading, tel, number, button) = cta_of(&site.html("articles/own/index.html")).unwrap();
    assert_eq!(heading, "Ask about acupuncture", "from the therapy");
    assert_eq!(
        button, "Call about this article: (212) 555-0199",
        "from the article"
    );
    assert_eq!(tel, "tel:+12125550199");
    assert_eq!(number, "(212) 555-0199");
}

#[test]
fn cta_false_hides_the_block_on_that_page() {
    let site = site_with("");
    site.build_ok(&[]);
    assert!(cta_of(&site.html("articles/hidden/index.html")).is_none());
    assert!(cta_of(&site.html("therapies/yoga/index.html")).is_none());
}

#[test]
fn an_inline_cta_replaces_the_end_of_page_block() {
    let site = site_with("");
    site.build_ok(&[]);
    let page = site.output("articles/inline/index.html");
    let html = Html::parse_document(&page);
    assert!(cta_of(&html).is_some());
    assert_eq!(
        texts(&html, ".prose aside.cta h2"),
        vec!["Talk to a spine specialist"],
        "inside the body"
    );
    let before = page.find("Before.").unwrap();
    let block = page.find("class=\"cta\"").unwrap();
    let after = page.find("After.").unwrap();
    assert!(
        before < block && block < after,
        "placed where the author put it"
    );
    assert!(!page.contains("{{ cta() }}"));
}

#[test]
fn show_on_and_a_booking_url() {
    let site = site_with("[cta]\nshow_on = [\"home\", \"article\"]\nurl = \"/book/\"\n");
    // The booking page the CTA links to, so the link check passes.
    site.write(
        "static/book/index.html",
        "<!DOCTYPE html><title>Book</title>",
    );
    site.build_ok(&["--base-url", "https://example.org/clinic/"]);
    let home = site.html("index.html");
    assert!(cta_of(&home).is_some());
    assert_eq!(
        attrs(&home, "aside.cta a.button-secondary", "href"),
        vec!["/clinic/book/"]
    );
    assert!(
        cta_of(&site.html("therapies/acupuncture/index.html")).is_none(),
        "therapy not in show_on"
    );
}

#[test]
fn phones_written_any_common_way_become_e164_links() {
    for (written, country, tel, shown) in [
        ("(310) 828-7757", "US", "tel:+13108287757", "(310) 828-7757"),
        ("310.828.7757", "US", "tel:+13108287757", "(310) 828-7757"),
        (
            "+1 310 828 7757",
            "US",
            "tel:+13108287757",
            "(310) 828-7757",
        ),
        ("1-310-828-7757", "US", "tel:+13108287757", "(310) 828-7757"),
        ("020 7946 0958", "GB", "tel:+442079460958", "020 7946 0958"),
        ("030 901820", "DE", "tel:+4930901820", "030 901820"),
    ] {
        let site = TestSite::new();
        site.write(
            "site.toml",
            format!("title = \"T\"\nbase_url = \"https://t.example/\"\n[clinic]\nphone = \"{written}\"\ncountry = \"{country}\"\n"),
        );
        site.write("content/articles/a.md", "+++\ntitle = \"A\"\n+++\nBody.\n");
        site.build_ok(&[]);
        let (_, href, number, _) = cta_of(&site.html("articles/a/index.html")).unwrap();
        assert_eq!(
            (href.as_str(), number.as_str()),
            (tel, shown),
            "{written} in {country}"
        );
    }
}

#[test]
fn an_invalid_phone_is_an_error_naming_the_file_and_line() {
    let site = TestSite::new();
    site.write(
        "site.toml",
        "title = \"T\"\nbase_url = \"https://t.example/\"\n\n[clinic]\nphone = \"call us\"\n",
    );
    let run = site.build_err(&[]);
    assert!(
        run.stderr.contains("error: site.toml:5:9: expected a phone number like \"(310) 555-0142\" or \"+1 310 555 0142\", found \"call us\""),
        "{}",
        run.stderr
    );
    let site = site_with("");
    site.write(
        "content/articles/badphone.md",
        "+++\ntitle = \"Bad phone\"\n[cta]\nphone = \"12\"\n+++\nBody.\n",
    );
    let run = site.build_err(&[]);
    assert!(
        run.stderr
            .contains("error: content/articles/badphone.md:4:9: expected a phone number"),
        "{}",
        run.stderr
    );
}
