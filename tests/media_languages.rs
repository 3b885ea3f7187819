//! Media in a site of several languages (#16 with #15): callout labels are the theme's Fluent
//! strings in each page's language, and an urgent callout is the theme's
//! `partials/urgent.html` (the box of a condition's red flags), which a site can override.

mod common;

use std::fs;

use common::{TestSite, attrs, copy_dir, repo_root, texts};

/// The bilingual fixture of tests/i18n.rs, with the built-in theme.
fn bilingual() -> TestSite {
    let site = TestSite::bare();
    copy_dir(&repo_root().join("tests/fixtures/i18n"), site.root());
    site
}

const TODAY: &[&str] = &["--today", "2025-06-01"];

const CALLOUTS: &str = "\n\n> [!NOTE]\n> a\n\n> [!TIP]\n> b\n\n> [!IMPORTANT]\n> c\n\n\
                        > [!WARNING]\n> d\n\n> [!CAUTION]\n> e\n\n> [!URGENT]\n> f\n";

/// Appends `text` to the content file `relative`.
fn append(site: &TestSite, relative: &str, text: &str) {
    let path = site.root().join(relative);
    let body = fs::read_to_string(&path).unwrap();
    site.write(relative, format!("{body}{text}"));
}

#[test]
fn callout_labels_are_the_theme_strings_of_the_page_language() {
    let site = bilingual();
    append(&site, "content/articles/walking.md", CALLOUTS);
    append(&site, "content/articles/walking.es.md", CALLOUTS);
    // A site's own wording of a label wins over the theme's, in that language only.
    append(
        &site,
        "site.toml",
        "\n[strings]\ncallout-tip = \"Good to know\"\n",
    );
    site.build_ok(TODAY);

    let english = site.html("articles/walking/index.html");
    assert_eq!(
        texts(&english, ".prose .callout-label"),
        ["Note", "Good to know", "Important", "Warning", "Caution"]
    );
    assert_eq!(
        texts(&english, ".prose .urgent-title"),
        ["Seek urgent care"]
    );

    let spanish = site.html("es/articles/caminar/index.html");
    assert_eq!(
        texts(&spanish, ".prose .callout-label"),
        ["Nota", "Consejo", "Importante", "Advertencia", "Precaución"]
    );
    assert_eq!(
        texts(&spanish, ".prose .urgent-title"),
        ["Busque atención médica urgente"]
    );
    let call = texts(&spanish, ".prose .urgent p");
    assert!(
        call.iter()
            .any(|p| p == "Para recibir orientación el mismo día, llámenos al (310) 555-0142."),
        "{call:?}"
    );
}

#[test]
fn an_urgent_callout_is_the_theme_partial_with_the_clinic_phone() {
    let site = bilingual();
    append(
        &site,
        "content/articles/walking.md",
        "\n\n> [!URGENT]\n> Numbness in the *groin*.\n\nBetween.\n\n> [!URGENT]\n> Fever.\n",
    );
    site.build_ok(TODAY);
    let html = site.html("articles/walking/index.html");
    // Two boxes on one page: each heading has its own id, and names its box.
    let ids = attrs(&html, ".prose aside.urgent h2", "id");
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert_ne!(ids[0], ids[1]);
    assert_eq!(attrs(&html, ".prose aside.urgent", "aria-labelledby"), ids);
    assert_eq!(
        attrs(&html, ".prose aside.urgent a[href^='tel:']", "href"),
        ["tel:+13105550142", "tel:+13105550142"]
    );
    let page = site.output("articles/walking/index.html");
    assert!(
        page.contains("<p>Numbness in the <em>groin</em>.</p>"),
        "{page}"
    );
    assert!(
        !page.contains("[!URGENT]") && !page.contains("vertebra:"),
        "{page}"
    );
    assert_eq!(
        texts(&html, ".prose aside.urgent .urgent-emergency"),
        ["If you think you have a medical emergency, call 911 or go to the nearest emergency room.";
            2]
    );
}

#[test]
fn a_site_override_of_the_urgent_partial_changes_red_flags_and_urgent_callouts() {
    let site = bilingual();
    site.write(
        "templates/partials/urgent.html",
        "<div class=\"our-urgent\">{{ t(key=\"seek-urgent-care\") }}: \
         {% for item in urgent_items %}[{{ item }}]{% endfor %}\
         {% if urgent_body is defined %}{{ urgent_body }}{% endif %}</div>",
    );
    site.write(
        "content/conditions/sciatica.md",
        "+++\ntitle = \"Sciatica\"\nsummary = \"Pain down the leg.\"\n\
         red_flags = [\"Numbness in the groin\"]\n+++\nSciatica body.\n",
    );
    append(
        &site,
        "content/articles/walking.es.md",
        "\n\n> [!URGENT]\n> Fiebre alta.\n",
    );
    site.build_ok(TODAY);

    let condition = site.html("conditions/sciatica/index.html");
    assert_eq!(
        texts(&condition, ".our-urgent"),
        ["Seek urgent care: [Numbness in the groin]"]
    );
    let article = site.output("es/articles/caminar/index.html");
    assert!(
        article.contains(
            "<div class=\"our-urgent\">Busque atención médica urgente: <p>Fiebre alta.</p>\n</div>"
        ),
        "{article}"
    );
    assert!(!article.contains("class=\"urgent\""), "{article}");
}
