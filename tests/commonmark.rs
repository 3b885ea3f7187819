//! The CommonMark spec examples (tests/fixtures/commonmark-spec.json, taken from
//! pulldown-cmark 0.13's test suite, which takes them from the spec) still render exactly as
//! pulldown-cmark renders them: the options Vertebra turned on for media (GitHub alerts,
//! definition lists) change nothing in them, and Vertebra's own pass over the events changes
//! only what it is for (heading ids; images, shortcodes and callouts, which the examples only
//! meet in the image section).

use pulldown_cmark::{Options, Parser, html::push_html};
use vertebra::diagnostics::Problem;
use vertebra::markdown::callout::CalloutText;
use vertebra::markdown::images::{ImageSource, LocalImage};
use vertebra::markdown::shortcode::Shortcodes;
use vertebra::markdown::{self, Features, LinkTargets, RenderOptions};

struct Example {
    number: u64,
    markdown: String,
    html: String,
}

fn examples() -> Vec<Example> {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/commonmark-spec.json"),
    )
    .unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|e| Example {
            number: e["example"].as_u64().unwrap(),
            markdown: e["markdown"].as_str().unwrap().to_string(),
            html: e["html"].as_str().unwrap().to_string(),
        })
        .collect()
}

fn pulldown(markdown: &str, options: Options) -> String {
    let mut html = String::new();
    push_html(&mut html, Parser::new_ext(markdown, options));
    html
}

/// `<h2 id="x">` → `<h2>`: Vertebra gives every heading an id.
fn without_heading_ids(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<h") {
        let (before, tag) = rest.split_at(at);
        out.push_str(before);
        let is_heading = tag
            .as_bytes()
            .get(2)
            .is_some_and(|b| (b'1'..=b'6').contains(b))
            && tag[3..].starts_with(" id=\"");
        if is_heading {
            out.push_str(&tag[..3]);
            let after_id = &tag[8..];
            let close = after_id.find('"').unwrap() + 1;
            rest = &after_id[close..];
        } else {
            out.push_str("<h");
            rest = &tag[2..];
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn the_fixture_is_the_whole_spec() {
    let examples = examples();
    assert_eq!(examples.len(), 652);
    let numbers: Vec<u64> = examples.iter().map(|e| e.number).collect();
    assert_eq!(numbers, (1..=652).collect::<Vec<u64>>());
    assert_eq!(
        examples[0].html,
        "<pre><code>foo\tbaz\t\tbim\n</code></pre>\n"
    );
}

#[test]
fn alerts_and_definition_lists_change_no_commonmark_example() {
    let media = Options::ENABLE_GFM | Options::ENABLE_DEFINITION_LIST;
    let changed: Vec<u64> = examples()
        .iter()
        .filter(|e| pulldown(&e.markdown, Options::empty()) != pulldown(&e.markdown, media))
        .map(|e| e.number)
        .collect();
    assert!(
        changed.is_empty(),
        "examples changed by the media options: {changed:?}"
    );
}

#[test]
fn vertebra_renders_every_example_as_pulldown_cmark_does() {
    let links = LinkTargets {
        base_path: "/".into(),
        ..Default::default()
    };
    let options = RenderOptions {
        links: &links,
        auto_links: None,
        own_topic: None,
        reading: None,
        content_path: "articles/x.md",
        features: None,
    };
    let mut different = Vec::new();
    for example in examples() {
        let ours = markdown::render(&example.markdown, &options).html;
        if without_heading_ids(&ours) != pulldown(&example.markdown, markdown::options()) {
            different.push(example.number);
        }
    }
    assert!(
        different.is_empty(),
        "examples Vertebra renders differently: {different:?}"
    );
}

/// No local images: every address is another host's.
#[derive(Debug)]
struct NoLocalImages;

impl ImageSource for NoLocalImages {
    fn local_image(&self, _: &str, _: &str) -> Result<Option<LocalImage>, Problem> {
        Ok(None)
    }
}

#[test]
fn with_a_sites_features_only_examples_with_images_change() {
    let links = LinkTargets {
        base_path: "/".into(),
        ..Default::default()
    };
    let mut shortcodes = Shortcodes::default();
    shortcodes.insert("video", "");
    let callouts = CalloutText::default();
    let features = Features {
        images: &NoLocalImages,
        shortcodes: &shortcodes,
        callouts: &callouts,
    };
    let options = RenderOptions {
        links: &links,
        auto_links: None,
        own_topic: None,
        reading: None,
        content_path: "articles/x.md",
        features: Some(&features),
    };
    let mut different = Vec::new();
    for example in examples() {
        let rendered = markdown::render(&example.markdown, &options);
        let same =
            without_heading_ids(&rendered.html) == pulldown(&example.markdown, markdown::options());
        if !same && !example.markdown.contains("![") {
            different.push(example.number);
        }
        // And nothing in the spec looks like a shortcode or a callout to Vertebra.
        assert!(rendered.shortcodes.is_empty(), "example {}", example.number);
    }
    assert!(
        different.is_empty(),
        "examples without images rendered differently: {different:?}"
    );
}
