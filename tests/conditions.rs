//! Conditions, the second topic index: pages, the index grouped by region, treatments from
//! least to most invasive, the red-flags box, back-links from therapies and articles,
//! auto-links, related articles, JSON-LD, and the errors for unknown slugs and shared names.

mod common;

use common::{TestSite, attrs, texts};
use serde_json::Value;

fn therapy(
    site: &TestSite,
    slug: &str,
    title: &str,
    kind: &str,
    invasiveness: &str,
    treats: &[&str],
) {
    let treats: Vec<String> = treats.iter().map(|t| format!("\"{t}\"")).collect();
    site.write(
        &format!("content/therapies/{slug}.md"),
        format!(
            "+++\ntitle = \"{title}\"\nkind = \"{kind}\"\ninvasiveness = \"{invasiveness}\"\nrecovery = \"Recovery of {title}.\"\ntreats = [{}]\n+++\nAbout {title}.\n",
            treats.join(", ")
        ),
    );
}

fn condition(site: &TestSite, slug: &str, title: &str, extra: &str, body: &str) {
    site.write(
        &format!("content/conditions/{slug}.md"),
        format!("+++\ntitle = \"{title}\"\nsummary = \"What {title} is.\"\n{extra}+++\n{body}\n"),
    );
}

fn article(site: &TestSite, name: &str, date: &str, front: &str, body: &str) {
    site.write(
        &format!("content/articles/{name}.md"),
        format!("+++\ntitle = \"Article {name}\"\ndate = {date}\n{front}+++\n{body}\n"),
    );
}

/// Three therapies of rising invasiveness, two conditions in overlapping regions, three
/// articles.
fn site_with_conditions() -> TestSite {
    let site = TestSite::new();
    therapy(
        &site,
        "surgery",
        "Discectomy",
        "procedure",
        "surgical",
        &["sciatica"],
    );
    therapy(
        &site,
        "injection",
        "Nerve Block",
        "procedure",
        "minimally-invasive",
        &["sciatica"],
    );
    therapy(
        &site,
        "exercise",
        "Exercise Therapy",
        "therapy",
        "non-invasive",
        &["sciatica", "strain"],
    );
    condition(
        &site,
        "sciatica",
        "Sciatica",
        "also_known_as = [\"lumbar radiculopathy\"]\nregions = [\"lumbar\", \"sacral\"]\nsymptoms = [\"Pain down one leg\"]\nred_flags = [\"Numbness in the groin\", \"New bladder problems\"]\n",
        "Sciatica is leg pain from an irritated nerve.",
    );
    condition(
        &site,
        "strain",
        "Muscle Strain",
        "regions = [\"lumbar\"]\n",
        "A strain heals. See [sciatica](@/conditions/sciatica.md).",
    );
    article(
        &site,
        "old",
        "2025-01-01",
        "therapies = [\"exercise\"]\nconditions = [\"sciatica\"]\n",
        "When lumbar radiculopathy flares, walk. Sciatica again, and Muscle Strain too.",
    );
    article(
        &site,
        "new",
        "2025-06-01",
        "conditions = [\"sciatica\", \"strain\"]\n",
        "Rest a little.",
    );
    article(
        &site,
        "other",
        "2025-03-01",
        "therapies = [\"exercise\"]\n",
        "Move.",
    );
    site
}

fn jsonld(site: &TestSite, page: &str) -> Value {
    let html = site.html(page);
    let scripts = texts(&html, r#"script[type="application/ld+json"]"#);
    serde_json::from_str(&scripts[0]).unwrap()
}

#[test]
fn a_condition_page_shows_its_symptoms_red_flags_treatments_and_articles() {
    let site = site_with_conditions();
    site.build_ok(&[]);
    let page = site.html("conditions/sciatica/index.html");
    assert_eq!(texts(&page, "h1"), ["Sciatica"]);
    assert_eq!(texts(&page, ".symptoms li"), ["Pain down one leg"]);
    assert_eq!(
        texts(&page, ".urgent li"),
        ["Numbness in the groin", "New bladder problems"]
    );
    assert_eq!(texts(&page, ".urgent h2"), ["Seek urgent care"]);
    assert_eq!(attrs(&page, ".urgent a", "href"), ["tel:+13105550142"]);
    assert!(
        texts(&page, ".urgent-emergency")[0].contains("call 911"),
        "the emergency instruction is in the box"
    );
    // Least to most invasive, whatever the therapies' alphabetical order.
    assert_eq!(
        texts(&page, ".condition-treatments .card-title"),
        ["Exercise Therapy", "Nerve Block", "Discectomy"]
    );
    assert_eq!(
        texts(&page, ".condition-treatments .card-meta"),
        [
            "Therapy · Non invasive",
            "Procedure · Minimally invasive",
            "Procedure · Surgical"
        ]
    );
    // Newest first.
    assert_eq!(
        texts(&page, ".condition-articles .card-title"),
        ["Article new", "Article old"]
    );
}

#[test]
fn the_conditions_index_groups_conditions_by_region() {
    let site = site_with_conditions();
    site.build_ok(&[]);
    let index = site.html("conditions/index.html");
    assert_eq!(
        texts(&index, ".condition-group h2"),
        ["Lower back (lumbar spine)", "Base of the spine (sacrum)"]
    );
    assert_eq!(
        texts(&index, "#region-lumbar ~ ul .card-title"),
        ["Muscle Strain", "Sciatica"]
    );
    assert_eq!(
        texts(&index, "#region-sacral ~ ul .card-title"),
        ["Sciatica"]
    );
    assert_eq!(
        texts(&index, "#region-lumbar ~ ul .card-count"),
        ["1 treatment, 1 article", "3 treatments, 2 articles"]
    );
    // The index is in the navigation, as every top-level listing is.
    let home = site.html("index.html");
    assert!(attrs(&home, "nav a", "href").contains(&"/conditions/".to_string()));
}

#[test]
fn therapies_and_articles_link_back_to_their_conditions() {
    let site = site_with_conditions();
    site.build_ok(&[]);
    // In the order its `treats` lists them.
    let therapy = site.html("therapies/exercise/index.html");
    assert_eq!(
        texts(&therapy, ".page-conditions a"),
        ["Sciatica", "Muscle Strain"]
    );
    let article = site.html("articles/new/index.html");
    assert_eq!(
        attrs(&article, ".page-conditions a", "href"),
        ["/conditions/sciatica/", "/conditions/strain/"]
    );
}

#[test]
fn the_first_mention_of_a_condition_or_its_alias_is_auto_linked() {
    let site = site_with_conditions();
    site.build_ok(&[]);
    let article = site.html("articles/old/index.html");
    let links = attrs(&article, ".prose a", "href");
    // "lumbar radiculopathy" (an alias) links once; the later "Sciatica" does not link again.
    assert_eq!(links, ["/conditions/sciatica/", "/conditions/strain/"]);
    assert_eq!(
        texts(&article, ".prose a"),
        ["lumbar radiculopathy", "Muscle Strain"]
    );
    // A condition page does not link to itself.
    let page = site.html("conditions/sciatica/index.html");
    assert!(attrs(&page, ".prose a", "href").is_empty());
}

#[test]
fn related_articles_count_shared_conditions() {
    let site = site_with_conditions();
    site.build_ok(&[]);
    // "new" shares no therapy with "old", only sciatica; "other" shares the therapy.
    let old = site.html("articles/old/index.html");
    let related = texts(&old, ".related .card-title");
    assert!(related.contains(&"Article new".to_string()), "{related:?}");
    assert!(
        related.contains(&"Article other".to_string()),
        "{related:?}"
    );
}

#[test]
fn condition_pages_describe_a_medical_condition_in_json_ld() {
    let site = site_with_conditions();
    site.build_ok(&[]);
    let graph = &jsonld(&site, "conditions/sciatica/index.html")["@graph"];
    let page = &graph[0];
    assert_eq!(page["@type"], "MedicalWebPage");
    let about = &page["about"];
    assert_eq!(about["@type"], "MedicalCondition");
    assert_eq!(about["name"], "Sciatica");
    assert_eq!(about["alternateName"][0], "lumbar radiculopathy");
    assert_eq!(about["associatedAnatomy"][0]["name"], "Lumbar spine");
    assert_eq!(about["signOrSymptom"][0]["name"], "Pain down one leg");
    let treatments: Vec<&str> = about["possibleTreatment"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["@type"].as_str().unwrap())
        .collect();
    assert_eq!(
        treatments,
        ["MedicalTherapy", "MedicalProcedure", "MedicalProcedure"]
    );
    assert_eq!(
        about["possibleTreatment"][0]["url"],
        "https://clinic.example/therapies/exercise/"
    );
    assert_eq!(graph[1]["@type"], "BreadcrumbList");
    // An article is about its therapies and its conditions.
    let article = jsonld(&site, "articles/old/index.html");
    let about: Vec<&str> = article["@graph"][0]["about"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["@type"].as_str().unwrap())
        .collect();
    assert_eq!(about, ["MedicalTherapy", "MedicalCondition"]);
}

#[test]
fn condition_pages_are_in_the_sitemap_and_reachable_with_at_links() {
    let site = site_with_conditions();
    site.build_ok(&[]);
    let sitemap = site.output("sitemap.xml");
    for url in [
        "/conditions/",
        "/conditions/sciatica/",
        "/conditions/strain/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>https://clinic.example{url}</loc>")),
            "{url}"
        );
    }
    let strain = site.html("conditions/strain/index.html");
    assert!(attrs(&strain, ".prose a", "href").contains(&"/conditions/sciatica/".to_string()));
    site.check_ok(&[]);
}

#[test]
fn an_unknown_condition_slug_is_an_error_at_its_place_with_a_suggestion() {
    let site = site_with_conditions();
    article(
        &site,
        "typo",
        "2025-02-01",
        "conditions = [\"sciatika\"]\n",
        "Body.",
    );
    therapy(
        &site,
        "walking",
        "Walking",
        "therapy",
        "non-invasive",
        &["strian"],
    );
    let run = site.build_err(&[]);
    assert!(
        run.stderr.contains(
            "error: content/articles/typo.md:4:15: unknown condition \"sciatika\" (no content/conditions/sciatika.md); did you mean \"sciatica\"?"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "error: content/therapies/walking.md:6:11: unknown condition \"strian\" (no content/conditions/strian.md); did you mean \"strain\"?"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_condition_nothing_names_is_a_warning() {
    let site = site_with_conditions();
    condition(
        &site,
        "lonely",
        "Lonely Condition",
        "",
        "Nobody links here.",
    );
    let run = site.build_ok(&[]);
    assert!(
        run.stderr.contains(
            "warning: content/conditions/lonely.md: no published article lists the condition \"lonely\" in its `conditions`, and no therapy in its `treats`"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_name_claimed_by_a_therapy_and_a_condition_is_an_error_naming_both_files() {
    let site = site_with_conditions();
    condition(
        &site,
        "strain",
        "Muscle Strain",
        "also_known_as = [\"nerve block\"]\nregions = [\"lumbar\"]\n",
        "Body.",
    );
    let run = site.build_err(&[]);
    assert!(
        run.stderr.contains(
            "error: content/conditions/strain.md:4:18: \"nerve block\" is also a name of content/therapies/injection.md"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unknown_condition_key_is_an_error_with_a_hint() {
    let site = site_with_conditions();
    condition(&site, "bad", "Bad", "red_flag = [\"x\"]\n", "Body.");
    let run = site.build_err(&[]);
    assert!(
        run.stderr.contains("content/conditions/bad.md:4:1")
            && run.stderr.contains("red_flag")
            && run.stderr.contains("red_flags"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_site_without_conditions_has_no_conditions_index() {
    let site = TestSite::with_basic_content();
    site.build_ok(&[]);
    assert!(!site.output_exists("conditions/index.html"));
}
