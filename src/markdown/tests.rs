//! Unit tests of the Markdown renderer.

use super::*;

fn targets() -> LinkTargets {
    let mut links = LinkTargets {
        base_path: "/clinic/".into(),
        ..Default::default()
    };
    links.paths.insert(
        "therapies/acupuncture.md".into(),
        "/therapies/acupuncture/".into(),
    );
    links
        .paths
        .insert("articles/heat.md".into(), "/articles/heat/".into());
    links
}

fn render_plain(body: &str) -> Rendered {
    let links = targets();
    render(
        body,
        &RenderOptions {
            links: &links,
            auto_links: None,
            own_topic: None,
            reading: None,
            content_path: "articles/x.md",
            features: None,
        },
    )
}

#[test]
fn gives_headings_unique_ids_and_a_toc() {
    let r = render_plain("# Intro\n\n## Risks & side effects\n\n### Detail\n\n## Intro\n");
    assert!(
        r.html.contains("<h2 id=\"risks-side-effects\">"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<h2 id=\"intro-1\">"));
    assert_eq!(r.toc.len(), 1);
    assert_eq!(r.toc[0].children.len(), 2);
    assert_eq!(r.toc[0].children[0].children[0].id, "detail");
}

#[test]
fn resolves_internal_links_and_reports_broken_ones() {
    let r = render_plain(
        "[a](@/therapies/acupuncture.md) [b](@/articles/heat.md#why) [c](@/articles/nope.md) [d](/about/)",
    );
    assert!(r.html.contains("href=\"/clinic/therapies/acupuncture/\""));
    assert!(r.html.contains("href=\"/clinic/articles/heat/#why\""));
    assert!(r.html.contains("href=\"/clinic/about/\""));
    assert_eq!(r.anchor_links.len(), 1);
    assert_eq!(r.problems.len(), 1);
    assert_eq!(r.problems[0].offset, 60);
    let emitted: Vec<(&str, usize)> = r.links.iter().map(|l| (l.url.as_str(), l.offset)).collect();
    assert_eq!(
        emitted,
        vec![
            ("/clinic/therapies/acupuncture/", 0),
            ("/clinic/articles/heat/#why", 32),
            ("@/articles/nope.md", 60),
            ("/clinic/about/", 84),
        ]
    );
}

#[test]
fn auto_links_first_mention_outside_headings_code_and_links() {
    let links = targets();
    let linker = AutoLinker::new(&[
        (
            "/clinic/therapies/acupuncture/".into(),
            vec!["Acupuncture".into(), "dry needling".into()],
        ),
        (
            "/clinic/therapies/massage/".into(),
            vec!["Massage Therapy".into()],
        ),
    ])
    .unwrap();
    let r = render(
        "## Acupuncture\n\n`acupuncture` and [acupuncture](/x/) then acupunctures, then ACUPUNCTURE and acupuncture.\n\nMassage therapy; dry needling.",
        &RenderOptions {
            links: &links,
            auto_links: Some(&linker),
            own_topic: Some(1),
            reading: None,
            content_path: "articles/x.md",
            features: None,
        },
    );
    assert_eq!(
        r.html
            .matches("href=\"/clinic/therapies/acupuncture/\"")
            .count(),
        1
    );
    assert!(
        r.html.contains(
            "then acupunctures, then <a href=\"/clinic/therapies/acupuncture/\">ACUPUNCTURE</a>"
        ),
        "{}",
        r.html
    );
    assert!(!r.html.contains("/clinic/therapies/massage/"));
}

#[test]
fn numbers_repeated_headings_without_slowing_down() {
    // 20,000 equal headings took minutes when each looked for its number from 1 up.
    let body = "## Same\n\n".repeat(20_000);
    let r = render_plain(&body);
    assert!(r.html.contains("<h2 id=\"same\">"));
    assert!(r.html.contains("<h2 id=\"same-19999\">"));
    assert_eq!(r.heading_ids.len(), 20_000);
    // A number an explicit id already took is skipped.
    let r = render_plain("## A {#a-1}\n\n## A\n\n## A\n");
    let ids: Vec<&str> = r.toc.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["a-1", "a", "a-2"]);
}

#[test]
fn flattens_quotes_and_lists_nested_too_deep() {
    let r = render_plain(&format!("{}deep\n", "> ".repeat(MAX_NESTING + 500)));
    assert_eq!(r.html.matches("<blockquote>").count(), MAX_NESTING);
    assert_eq!(r.html.matches("</blockquote>").count(), MAX_NESTING);
    assert!(r.html.contains("<p>deep</p>"), "{}", r.html);
    let r = render_plain(&format!("{}deep\n\nafter\n", "- ".repeat(MAX_NESTING * 3)));
    let opened = r.html.matches("<ul>").count() + r.html.matches("<li>").count();
    let closed = r.html.matches("</ul>").count() + r.html.matches("</li>").count();
    assert_eq!((opened, closed), (MAX_NESTING, MAX_NESTING));
    assert!(r.html.ends_with("<p>after</p>\n"), "{}", r.html);
    // Nesting within the limit is untouched.
    let r = render_plain("> > quoted twice\n\n- a\n  - b\n");
    assert_eq!(r.html.matches("<blockquote>").count(), 2);
    assert_eq!(r.html.matches("<ul>").count(), 2);
}

#[test]
fn counts_words_as_split_whitespace_does() {
    let texts = [
        "",
        " ",
        "a",
        " a ",
        "one two  three",
        "\tTabs\x0bvertical\x0cfeed\r\nlines\n",
        "  leading and trailing  ",
        "x\u{a0}y non\u{2003}breaking caf\u{e9} \u{3000}",
        "\u{85}",
        "é",
        "é é  ñ",
        "\u{a0}a b\u{a0}",
        "¿Qué tal? Señor—día… “comillas”\u{2003}fin ",
        "inflamación\u{3000}\u{3000}columna\tespalda\n",
        &"Está bien, ¿verdad?  ".repeat(40),
        "a\u{1680}b\u{2028}c\u{2029}d\u{202f}e\u{205f}f\u{200a}g\u{2000}h",
        "‘quotes’ and — dashes – “here”… \u{2010}\u{200b}",
        "punctuation, counts; as-words!",
        &"word ".repeat(300),
        &" x".repeat(1000),
        "fifteen bytes x",
        "sixteen bytes xy",
        "seventeen bytes x",
    ];
    for text in texts {
        assert_eq!(
            count_words(text),
            text.split_whitespace().count(),
            "{text:?}"
        );
    }
}

#[test]
fn counts_words_around_every_character_as_split_whitespace_does() {
    // Every space outside ASCII lies below U+3001; above it, a sample.
    let chars = (0..=0x3100u32).chain((0x3100..=0x10FFFF).step_by(97));
    for c in chars.filter_map(char::from_u32) {
        for text in [format!("a{c}b"), format!("{c}{c}x {c} y{c}")] {
            assert_eq!(
                count_words(&text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }
}

#[test]
fn finds_summary_inline_cta_and_word_count() {
    let r = render_plain(
        "First words here.\n\n<!-- more -->\n\nMore.\n\n{{ cta() }}\n\n```\n{{ cta() }}\n```\n",
    );
    assert_eq!(
        r.summary_html.as_deref(),
        Some("<p>First words here.</p>\n")
    );
    assert!(r.inline_cta);
    assert_eq!(r.html.matches(CTA_PLACEHOLDER).count(), 1);
    // "First words here." and "More." and the three words of the fenced code.
    assert_eq!(r.word_count, 3 + 1 + 3);
    assert_eq!(r.reading_minutes, 1);
}

#[test]
fn cuts_the_summary_as_the_html_before_the_first_marker() {
    // Each summary as a separate render of the events before the marker made it.
    let cases = [
        ("<!-- more -->\n\nBody.\n", Some("")),
        (
            "Intro.\n\n- one\n- two <!-- more --> three\n",
            Some("<p>Intro.</p>\n<ul>\n<li>one</li>\n<li>two "),
        ),
        (
            "# Title <!-- more --> rest\n\ntext\n",
            Some("<h1 id=\"title-rest\">Title "),
        ),
        (
            "A[^1].\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<!-- more -->\n\n[^1]: note\n",
            Some(concat!(
                "<p>A<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup>.</p>\n",
                "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody>\n",
                "<tr><td>1</td><td>2</td></tr>\n</tbody></table>\n",
            )),
        ),
        (
            "One.\n\n<!-- more -->\n\nTwo.\n\n<!-- more -->\n\nThree.\n",
            Some("<p>One.</p>\n"),
        ),
        (
            "> quoted\n>\n> <!-- more -->\n\nafter\n",
            Some("<blockquote>\n<p>quoted</p>\n"),
        ),
        ("Text\n<!-- more -->\n", Some("<p>Text</p>\n")),
        (
            "{{ cta() }}\n\n<!-- more -->\n\n## [Heat](@/articles/heat.md)\n",
            Some(CTA_PLACEHOLDER),
        ),
        ("No marker.\n", None),
    ];
    for (body, summary) in cases {
        let r = render_plain(body);
        assert_eq!(r.summary_html.as_deref(), summary, "{body:?}");
        assert!(r.html.starts_with(summary.unwrap_or("")), "{body:?}");
    }
}

#[test]
fn escapes_html_as_one_character_at_a_time() {
    // The rules, character by character: what `escape_html` copies between the characters
    // it replaces must come out the same.
    let by_character = |text: &str| -> String {
        text.chars()
            .map(|c| match c {
                '&' => "&amp;".to_string(),
                '<' => "&lt;".to_string(),
                '>' => "&gt;".to_string(),
                '"' => "&quot;".to_string(),
                '\'' => "&#39;".to_string(),
                c => c.to_string(),
            })
            .collect()
    };
    for text in [
        "",
        "plain",
        "&",
        "a&b<c>d\"e'f",
        "<<>>&&\"\"''",
        "ciática & lumbalgia «dolor» <b>",
        "/processed_images/ab-480w.webp 480w, /x.jpg 2000w",
        "ends with an escape>",
        "🦴'🦴\"",
    ] {
        assert_eq!(escape_html(text), by_character(text), "{text:?}");
    }
}
