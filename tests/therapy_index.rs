//! The cross-linked therapy index: articles reach their therapies and back, ordering and
//! related-item rules, auto-linking, and drafts counting nowhere. Pages are parsed, not grepped.

mod common;

use common::{TestSite, attrs, texts};
use scraper::{Html, Selector};

fn therapy(site: &TestSite, slug: &str, title: &str, kind: &str, aka: &[&str], body: &str) {
    let aka: Vec<String> = aka.iter().map(|a| format!("\"{a}\"")).collect();
    site.write(
        &format!("content/therapies/{slug}.md"),
        format!(
            "+++\ntitle = \"{title}\"\nkind = \"{kind}\"\nalso_known_as = [{}]\nsummary = \"About {title}.\"\ninvasiveness = \"non-invasive\"\nrecovery = \"Quick.\"\n[extra]\nevidence = \"Level {slug}\"\n+++\n{body}\n",
            aka.join(", ")
        ),
    );
}

fn article(
    site: &TestSite,
    name: &str,
    title: &str,
    date: &str,
    therapies: &[&str],
    extra: &str,
    body: &str,
) {
    let therapies: Vec<String> = therapies.iter().map(|t| format!("\"{t}\"")).collect();
    site.write(
        &format!("content/articles/{name}.md"),
        format!(
            "+++\ntitle = \"{title}\"\ndescription = \"Description of {title}.\"\ndate = {date}\ntherapies = [{}]\n{extra}+++\n{body}\n",
            therapies.join(", ")
        ),
    );
}

/// Four therapies, five published articles and a draft, with known overlaps.
fn cross_linked_site() -> TestSite {
    let site = TestSite::new();
    therapy(
        &site,
        "acupuncture",
        "Acupuncture",
        "therapy",
        &["dry needling"],
        "Acupuncture uses needles. Massage pairs well with it.",
    );
    therapy(
        &site,
        "massage-therapy",
        "Massage Therapy",
        "therapy",
        &["massage"],
        "Hands-on work.",
    );
    therapy(
        &site,
        "kyphoplasty",
        "Kyphoplasty",
        "procedure",
        &["balloon kyphoplasty"],
        "Cement for fractures.",
    );
    therapy(&site, "yoga", "Yoga", "therapy", &[], "Stretching.");
    therapy(
        &site,
        "tens",
        "TENS",
        "therapy",
        &[],
        "Electrical stimulation.",
    );
    article(
        &site,
        "a1",
        "First",
        "2025-01-01",
        &["acupuncture", "massage-therapy"],
        "",
        "Plain words.",
    );
    article(
        &site,
        "a2",
        "Second",
        "2025-02-01",
        &["acupuncture", "massage-therapy", "kyphoplasty"],
        "",
        "We tried balloon kyphoplasty first. Kyphoplasty again.",
    );
    article(
        &site,
        "a3",
        "Third",
        "2025-03-01",
        &["acupuncture"],
        "",
        "## Acupuncture basics\n\nSome `acupuncture` code, [a link on acupuncture](/x/) and <span>acupuncture</span> in HTML, then acupuncture for real, and Acupuncture again. Dry needling too. Massaged is not a mention; Massage is.\n\n```\nacupuncture in a block\n```",
    );
    article(
        &site,
        "a4",
        "Fourth",
        "2025-04-01",
        &["kyphoplasty"],
        "auto_link = false\n",
        "Kyphoplasty is not linked here.",
    );
    article(
        &site,
        "a6",
        "Aardvark",
        "2025-02-01",
        &["acupuncture", "massage-therapy"],
        "",
        "Ties on date.",
    );
    article(
        &site,
        "a5",
        "Draft",
        "2025-05-01",
        &["yoga", "acupuncture"],
        "draft = true\n",
        "Unfinished; mentions yoga.",
    );
    // The page a3's hand-written link points to, so the link check passes.
    site.write("static/x/index.html", "<!DOCTYPE html><title>X</title>");
    site
}

fn hrefs(html: &Html, selector: &str) -> Vec<String> {
    attrs(html, selector, "href")
}

/// The links inside the element that follows the heading with this id.
fn section_links(html: &Html, heading_id: &str) -> Vec<String> {
    let section = Selector::parse(&format!("section[aria-labelledby=\"{heading_id}\"] a")).unwrap();
    html.select(&section)
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect()
}

#[test]
fn every_article_reaches_its_therapies_and_every_therapy_its_articles() {
    let site = cross_linked_site();
    site.build_ok(&[]);
    let listed: [(&str, &[&str]); 5] = [
        ("a1", &["acupuncture", "massage-therapy"]),
        ("a2", &["acupuncture", "massage-therapy", "kyphoplasty"]),
        ("a3", &["acupuncture"]),
        ("a4", &["kyphoplasty"]),
        ("a6", &["acupuncture", "massage-therapy"]),
    ];
    for (name, therapies) in listed {
        let html = site.html(&format!("articles/{name}/index.html"));
        let expected: Vec<String> = therapies
            .iter()
            .map(|t| format!("/therapies/{t}/"))
            .collect();
        assert_eq!(
            section_links(&html, "page-therapies-title"),
            expected,
            "{name}"
        );
        for therapy in therapies {
            let page = site.html(&format!("therapies/{therapy}/index.html"));
            let articles = section_links(&page, "therapy-articles-title");
            assert!(
                articles.contains(&format!("/articles/{name}/")),
                "{therapy} misses {name}"
            );
        }
    }
}

#[test]
fn therapy_pages_list_articles_newest_first_then_by_title() {
    let site = cross_linked_site();
    site.build_ok(&[]);
    let html = site.html("therapies/acupuncture/index.html");
    assert_eq!(
        section_links(&html, "therapy-articles-title"),
        vec![
            "/articles/a3/",
            "/articles/a6/",
            "/articles/a2/",
            "/articles/a1/"
        ]
    );
    let descriptions = texts(
        &html,
        "section[aria-labelledby=\"therapy-articles-title\"] .card-description",
    );
    assert_eq!(descriptions[0], "Description of Third.");
}

#[test]
fn related_therapies_follow_co_occurrence() {
    let site = cross_linked_site();
    site.build_ok(&[]);
    let html = site.html("therapies/acupuncture/index.html");
    // massage-therapy shares three articles with acupuncture, kyphoplasty one; yoga only a draft.
    assert_eq!(
        section_links(&html, "related-title"),
        vec!["/therapies/massage-therapy/", "/therapies/kyphoplasty/"]
    );
    let yoga = site.html("therapies/yoga/index.html");
    assert!(section_links(&yoga, "related-title").is_empty());
}

#[test]
fn related_articles_share_the_most_therapies_ties_newest_then_title_never_itself() {
    let site = cross_linked_site();
    site.build_ok(&[]);
    let html = site.html("articles/a1/index.html");
    // a2 and a6 share two therapies and the same date (title breaks the tie); a3 shares one.
    assert_eq!(
        section_links(&html, "related-title")
            .into_iter()
            .filter(|h| h.starts_with("/articles/"))
            .collect::<Vec<_>>(),
        vec!["/articles/a6/", "/articles/a2/", "/articles/a3/"]
    );
    let a4 = site.html("articles/a4/index.html");
    let related: Vec<String> = section_links(&a4, "related-title");
    assert_eq!(related, vec!["/articles/a2/"]);
}

#[test]
fn the_index_groups_sorts_counts_and_compares() {
    let site = cross_linked_site();
    site.write(
        "content/therapies/_index.md",
        "+++\ntitle = \"Treatments\"\n+++\nFrom gentle to surgical.\n",
    );
    let toml = format!(
        "{}\n[therapy_index]\ncompare = [\"evidence\"]\n",
        common::SITE_TOML
    );
    site.write("site.toml", toml);
    site.build_ok(&[]);
    let html = site.html("therapies/index.html");
    assert_eq!(texts(&html, "h1"), vec!["Treatments"]);
    assert!(texts(&html, ".prose p").contains(&"From gentle to surgical.".to_string()));
    assert_eq!(
        texts(&html, ".therapy-group h2"),
        vec!["Therapies", "Procedures"]
    );
    assert_eq!(
        texts(&html, "#group-therapy ~ ul .card-title"),
        vec!["Acupuncture", "Massage Therapy", "TENS", "Yoga"]
    );
    assert_eq!(
        texts(&html, "#group-procedure ~ ul .card-title"),
        vec!["Kyphoplasty"]
    );
    assert_eq!(
        texts(&html, "#group-therapy ~ ul .card-count"),
        vec!["4 articles", "3 articles", "0 articles", "0 articles"]
    );
    assert_eq!(
        texts(&html, "#group-therapy ~ ul .card-meta")[0],
        "Also known as: dry needling"
    );
    // The comparison table: real headers, one row per therapy, the configured extra column.
    assert_eq!(
        texts(&html, ".compare thead th"),
        vec![
            "Name",
            "Kind",
            "Invasiveness",
            "Typical recovery",
            "Evidence"
        ]
    );
    let rows = texts(&html, ".compare tbody th[scope=row]");
    assert_eq!(rows.len(), 5);
    assert_eq!(
        texts(&html, ".compare tbody tr:first-child td"),
        vec!["Therapy", "Non invasive", "Quick.", "Level acupuncture"]
    );
    assert_eq!(
        attrs(&html, ".compare .table-scroll, .table-scroll", "tabindex"),
        vec!["0"]
    );
}

#[test]
fn auto_links_the_first_mention_only_outside_headings_code_links_and_html() {
    let site = cross_linked_site();
    site.build_ok(&[]);
    let html = site.html("articles/a3/index.html");
    let prose_links: Vec<(String, String)> = {
        let selector = Selector::parse(".prose a").unwrap();
        html.select(&selector)
            .map(|a| {
                (
                    a.value().attr("href").unwrap().to_string(),
                    a.text().collect(),
                )
            })
            .collect()
    };
    assert_eq!(
        prose_links,
        vec![
            ("/x/".to_string(), "a link on acupuncture".to_string()),
            (
                "/therapies/acupuncture/".to_string(),
                "acupuncture".to_string()
            ),
            (
                "/therapies/massage-therapy/".to_string(),
                "Massage".to_string()
            ),
        ]
    );
    assert!(
        texts(&html, ".prose h2 a").is_empty(),
        "no links in headings"
    );
    assert!(
        texts(&html, ".prose code a, .prose pre a").is_empty(),
        "no links in code"
    );
}

#[test]
fn auto_links_aliases_and_respects_opt_outs_and_self() {
    let site = cross_linked_site();
    site.build_ok(&[]);
    let a2 = site.html("articles/a2/index.html");
    assert_eq!(hrefs(&a2, ".prose a"), vec!["/therapies/kyphoplasty/"]);
    assert_eq!(texts(&a2, ".prose a"), vec!["balloon kyphoplasty"]);
    let a4 = site.html("articles/a4/index.html");
    assert!(
        hrefs(&a4, ".prose a").is_empty(),
        "auto_link = false in front matter"
    );
    let acupuncture = site.html("therapies/acupuncture/index.html");
    assert_eq!(
        hrefs(&acupuncture, ".prose a"),
        vec!["/therapies/massage-therapy/"],
        "never to itself"
    );

    let toml = format!(
        "{}\n[therapy_index]\nauto_link = false\n",
        common::SITE_TOML
    );
    site.write("site.toml", toml);
    site.build_ok(&[]);
    let a3 = site.html("articles/a3/index.html");
    assert_eq!(
        hrefs(&a3, ".prose a"),
        vec!["/x/"],
        "auto_link = false in site.toml"
    );
}

#[test]
fn drafts_count_nowhere_unless_asked() {
    let site = cross_linked_site();
    site.build_ok(&[]);
    let index = site.html("therapies/index.html");
    let counts = texts(&index, "#group-therapy ~ ul .card-count");
    assert_eq!(counts[3], "0 articles", "yoga is only in a draft");
    let acupuncture = site.html("therapies/acupuncture/index.html");
    assert!(
        !section_links(&acupuncture, "therapy-articles-title")
            .contains(&"/articles/a5/".to_string())
    );
    for page in [
        "articles/index.html",
        "index.html",
        "articles/a1/index.html",
    ] {
        assert!(
            !site.output(page).contains("/articles/a5/"),
            "{page} links the draft"
        );
    }
    site.build_ok(&["--drafts"]);
    let index = site.html("therapies/index.html");
    assert_eq!(
        texts(&index, "#group-therapy ~ ul .card-count")[3],
        "1 article"
    );
}

#[test]
fn a_therapy_no_article_lists_is_a_warning() {
    let site = cross_linked_site();
    let run = site.build_ok(&[]);
    assert!(
        run.stderr.contains(
            "warning: content/therapies/tens.md: no published article lists the therapy \"tens\""
        ),
        "{}",
        run.stderr
    );
    let unlisted = run
        .stderr
        .lines()
        .filter(|l| l.contains("no published article lists the therapy"))
        .count();
    assert_eq!(unlisted, 2, "tens and yoga: {}", run.stderr);
}

#[test]
fn internal_links_resolve_with_the_base_path() {
    let site = cross_linked_site();
    article(
        &site,
        "links",
        "Links",
        "2025-06-01",
        &[],
        "",
        "See [needles](@/therapies/acupuncture.md) and [the basics](@/articles/a3.md#acupuncture-basics).",
    );
    site.build_ok(&["--base-url", "https://example.org/clinic/"]);
    let html = site.html("articles/links/index.html");
    assert_eq!(
        hrefs(&html, ".prose a"),
        vec![
            "/clinic/therapies/acupuncture/",
            "/clinic/articles/a3/#acupuncture-basics"
        ]
    );
}

#[test]
fn unknown_slugs_and_broken_links_are_errors_at_their_position() {
    let site = cross_linked_site();
    site.write(
        "content/articles/bad.md",
        "+++\ntitle = \"Bad\"\ntherapies = [\"acupuncure\"]\n+++\nSee [x](@/therapies/massage.md) and [y](@/articles/a3.md#nope).\n",
    );
    let run = site.build_err(&[]);
    assert!(
        run.stderr
            .contains("error: content/articles/bad.md:3:14: unknown therapy \"acupuncure\""),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean \"acupuncture\"?"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("error: content/articles/bad.md:5:5: broken link `@/therapies/massage.md`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("error: content/articles/bad.md:5:37: broken link `@/articles/a3.md#nope`"),
        "{}",
        run.stderr
    );
}

#[test]
fn templates_can_look_up_a_therapy() {
    let site = cross_linked_site();
    site.write(
        "templates/section.html",
        "{% extends \"base.html\" %}{% block content %}{% set k = get_therapy(slug=\"kyphoplasty\") %}<p class=\"lookup\">{{ k.title }} {{ k.article_count }} {{ k.url }}</p>{% endblock content %}",
    );
    site.build_ok(&[]);
    let html = site.html("articles/index.html");
    assert_eq!(
        texts(&html, "p.lookup"),
        vec!["Kyphoplasty 2 /therapies/kyphoplasty/"]
    );
}
