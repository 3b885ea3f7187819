//! Media in Markdown: callouts, definition lists, figures, measured and resized images with
//! their cache, alt-text and decoding errors, the video facade and shortcodes.

mod common;

use std::fs;
use std::io::Cursor;

use common::{SITE_TOML, TestSite, attrs, jpeg, snapshot, texts};
use image::{ImageEncoder, ImageReader};

fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbaImage::from_pixel(width, height, image::Rgba([10, 120, 90, 200]));
    let mut bytes = Vec::new();
    image::codecs::png::PngEncoder::new(&mut bytes)
        .write_image(
            image.as_raw(),
            width,
            height,
            image::ExtendedColorType::Rgba8,
        )
        .unwrap();
    bytes
}

fn article(body: &str) -> String {
    format!("+++\ntitle = \"Media\"\ndate = 2025-01-02\n+++\n{body}")
}

/// The dimensions of an image file in the output.
fn size_of(site: &TestSite, relative: &str) -> (u32, u32) {
    let bytes = fs::read(site.root().join("public").join(relative)).unwrap();
    ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .unwrap()
        .into_dimensions()
        .unwrap()
}

#[test]
fn each_callout_kind_is_a_labelled_note() {
    let site = TestSite::new();
    site.write(
        "content/articles/callouts.md",
        article(
            "> [!NOTE]\n> Note text.\n\n> [!TIP]\n> Tip text.\n\n> [!IMPORTANT]\n> Important text.\n\n> [!WARNING]\n> Warning text.\n\n> [!CAUTION]\n> Caution text.\n\n> [!URGENT]\n> Numbness in the groin.\n\n> A plain quote.\n",
        ),
    );
    site.build_ok(&[]);
    let html = site.html("articles/callouts/index.html");
    let kinds = attrs(&html, "aside[role=note].callout", "class");
    assert_eq!(
        kinds,
        [
            "callout callout-note",
            "callout callout-tip",
            "callout callout-important",
            "callout callout-warning",
            "callout callout-caution",
        ]
    );
    assert_eq!(
        texts(&html, ".callout-label"),
        ["Note", "Tip", "Important", "Warning", "Caution"]
    );
    assert_eq!(
        texts(&html, ".callout-warning > p:not(.callout-label)"),
        ["Warning text."]
    );
    assert_eq!(texts(&html, ".prose blockquote"), ["A plain quote."]);
    // `[!URGENT]` is the theme's urgent box (partials/urgent.html), as red flags are.
    assert_eq!(texts(&html, ".prose aside.urgent h2"), ["Seek urgent care"]);
    let urgent = site.output("articles/callouts/index.html");
    assert!(
        urgent.contains("<p>Numbness in the groin.</p>\n\n  <p class=\"urgent-emergency\">If you think you have a medical emergency, call 911 or go to the nearest emergency room.</p>\n  <p>For advice the same day, call us at <a href=\"tel:+13105550142\">(310) 555-0142</a>.</p>\n</aside>"),
        "{urgent}"
    );
    assert!(!urgent.contains("[!URGENT]"));
}

#[test]
fn callout_labels_follow_the_site_language_and_emergency_instruction() {
    let site = TestSite::new();
    site.write(
        "site.toml",
        format!("language = \"es\"\n{SITE_TOML}emergency = \"En una emergencia, llame al 911.\"\n"),
    );
    site.write(
        "content/articles/a.md",
        article("> [!WARNING]\n> Cuidado.\n\n> [!URGENT]\n> Fiebre.\n"),
    );
    site.build_ok(&[]);
    let html = site.html("articles/a/index.html");
    assert_eq!(texts(&html, ".callout-label"), ["Advertencia"]);
    assert_eq!(
        texts(&html, ".prose .urgent-title"),
        ["Busque atención médica urgente"]
    );
    assert_eq!(
        texts(&html, ".prose .urgent-emergency"),
        ["En una emergencia, llame al 911."]
    );
}

#[test]
fn definition_lists_and_figures() {
    let site = TestSite::new();
    site.write("static/images/wide.png", png(600, 300));
    site.write(
        "content/articles/a.md",
        article("Acute pain\n: Less than six weeks.\n\n![Lumbar spine](/images/wide.png \"The lower back\")\n\nText ![inline](/images/wide.png \"Not a figure\") here.\n"),
    );
    site.build_ok(&[]);
    let html = site.html("articles/a/index.html");
    assert_eq!(texts(&html, ".prose dl dt"), ["Acute pain"]);
    assert_eq!(texts(&html, ".prose dl dd"), ["Less than six weeks."]);
    assert_eq!(
        texts(&html, ".prose figure > figcaption"),
        ["The lower back"]
    );
    assert_eq!(attrs(&html, ".prose figure > img", "alt"), ["Lumbar spine"]);
    assert_eq!(attrs(&html, ".prose p > img", "title"), ["Not a figure"]);
}

#[test]
fn images_get_their_size_and_only_later_ones_load_lazily() {
    let site = TestSite::new();
    site.write("static/images/small.png", png(300, 200));
    site.write("content/articles/a/index.md", article("![First](diagram.svg)\n\n![Second](/images/small.png)\n\n![Remote](https://cdn.example/x.png)\n"));
    site.write(
        "content/articles/a/diagram.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 360\"></svg>",
    );
    site.build_ok(&[]);
    let html = site.html("articles/a/index.html");
    assert_eq!(
        attrs(&html, ".prose img", "src"),
        [
            "/articles/a/diagram.svg",
            "/images/small.png",
            "https://cdn.example/x.png"
        ]
    );
    assert_eq!(attrs(&html, ".prose img", "width"), ["640", "300"]);
    assert_eq!(attrs(&html, ".prose img", "height"), ["360", "200"]);
    assert_eq!(attrs(&html, ".prose img", "loading"), ["lazy", "lazy"]);
    assert_eq!(attrs(&html, ".prose img", "decoding"), ["async", "async"]);
    assert!(
        html.select(&scraper::Selector::parse("picture").unwrap())
            .next()
            .is_none(),
        "narrow images get no copies"
    );
}

#[test]
fn wide_photos_get_resized_copies_which_are_cached_between_builds() {
    let site = TestSite::new();
    site.write(
        "content/articles/walk/index.md",
        article("Intro.\n\n![A boardwalk by the sea](photo.jpg)\n"),
    );
    site.write("content/articles/walk/photo.jpg", jpeg(2000, 1200, 0));
    let first = site.build_ok(&[]);
    assert!(
        first.stdout.contains("6 resized images encoded"),
        "{}",
        first.stdout
    );
    let html = site.html("articles/walk/index.html");
    // The copies are named by the photo's content hash, in the output's processed_images/.
    let hash = copy_hash(&site, "articles/walk/index.html");
    assert_eq!(
        attrs(&html, "picture > source[type=\"image/webp\"]", "srcset"),
        [format!(
            "/processed_images/{hash}-480w.webp 480w, /processed_images/{hash}-800w.webp 800w, /processed_images/{hash}-1200w.webp 1200w"
        )]
    );
    assert_eq!(
        attrs(&html, "picture > img", "srcset"),
        [format!(
            "/processed_images/{hash}-480w.jpg 480w, /processed_images/{hash}-800w.jpg 800w, /processed_images/{hash}-1200w.jpg 1200w, /articles/walk/photo.jpg 2000w"
        )]
    );
    assert_eq!(
        attrs(&html, "picture > img", "src"),
        ["/articles/walk/photo.jpg"]
    );
    assert_eq!(attrs(&html, "picture > img", "width"), ["2000"]);
    assert_eq!(attrs(&html, "picture > img", "height"), ["1200"]);
    assert_eq!(
        attrs(&html, "picture > img", "loading"),
        Vec::<String>::new(),
        "the first image of a page loads eagerly"
    );
    for (width, height) in [(480, 288), (800, 480), (1200, 720)] {
        for ext in ["webp", "jpg"] {
            assert_eq!(
                size_of(&site, &format!("processed_images/{hash}-{width}w.{ext}")),
                (width, height)
            );
        }
    }
    assert!(site.root().join(".vertebra-cache/images").is_dir());
    let output = snapshot(&site.root().join("public"));

    let second = site.build_ok(&[]);
    assert!(
        !second.stdout.contains("encoded"),
        "a second build encodes nothing: {}",
        second.stdout
    );
    assert_eq!(snapshot(&site.root().join("public")), output);

    // The same bytes under a new modification time: read and hashed again, not encoded.
    site.write("content/articles/walk/photo.jpg", jpeg(2000, 1200, 0));
    let touched = site.build_ok(&[]);
    assert!(!touched.stdout.contains("encoded"), "{}", touched.stdout);

    // A different photo is encoded again.
    site.write("content/articles/walk/photo.jpg", jpeg(1000, 1000, 0));
    let changed = site.build_ok(&[]);
    assert!(
        changed.stdout.contains("4 resized images encoded"),
        "{}",
        changed.stdout
    );
    let new_hash = copy_hash(&site, "articles/walk/index.html");
    assert_ne!(new_hash, hash);
    assert_eq!(
        size_of(&site, &format!("processed_images/{new_hash}-800w.webp")),
        (800, 800)
    );
    assert_eq!(
        shared_copies(&site),
        [
            format!("{new_hash}-480w.jpg"),
            format!("{new_hash}-480w.webp"),
            format!("{new_hash}-800w.jpg"),
            format!("{new_hash}-800w.webp"),
        ],
        "no stale copies survive"
    );
}

/// The content hash that names the resized copies on page `page` of the output (the first
/// `srcset` entry's name, checked to be the same for every copy).
fn copy_hash(site: &TestSite, page: &str) -> String {
    let html = site.html(page);
    let srcsets = attrs(&html, "picture source, picture img", "srcset").join(", ");
    let names: Vec<&str> = srcsets
        .split(", ")
        .filter_map(|entry| entry.strip_prefix("/processed_images/"))
        .map(|entry| entry.split_once('-').unwrap().0)
        .collect();
    assert!(!names.is_empty(), "{page} has no resized copies");
    assert!(names.iter().all(|name| *name == names[0]), "{names:?}");
    assert_eq!(names[0].len(), 32, "{names:?}");
    assert!(names[0].bytes().all(|b| b.is_ascii_hexdigit()));
    names[0].to_string()
}

/// The file names in the output's processed_images/, sorted.
fn shared_copies(site: &TestSite) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(site.root().join("public/processed_images"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The resized copies in the output are hard links to the cache's files (nothing copied); a
/// warm build keeps them where they are; the original is a copy, so nothing that edits the
/// output can edit content/.
#[cfg(unix)]
#[test]
fn resized_copies_are_linked_from_the_cache_and_the_original_is_copied() {
    use std::os::unix::fs::MetadataExt;
    let site = TestSite::new();
    site.write(
        "content/articles/walk/index.md",
        article("Intro.\n\n![A boardwalk by the sea](photo.jpg)\n"),
    );
    site.write("content/articles/walk/photo.jpg", jpeg(2000, 1200, 0));
    site.build_ok(&[]);
    let cached: Vec<u64> = walkdir::WalkDir::new(site.root().join(".vertebra-cache/images"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| entry.metadata().unwrap().ino())
        .collect();
    let output = |path: &str| fs::metadata(site.root().join("public").join(path)).unwrap();
    let hash = copy_hash(&site, "articles/walk/index.html");
    let copy = |width: u32, ext: &str| output(&format!("processed_images/{hash}-{width}w.{ext}"));
    for width in [480, 800, 1200] {
        for ext in ["webp", "jpg"] {
            assert!(
                cached.contains(&copy(width, ext).ino()),
                "{width}w.{ext} is a link to a file of the cache"
            );
        }
    }
    assert!(
        copy(480, "webp").permissions().readonly(),
        "the cache's files are read-only, so the output's links cannot be edited in place"
    );
    let original = output("articles/walk/photo.jpg");
    let source = fs::metadata(site.root().join("content/articles/walk/photo.jpg")).unwrap();
    assert_ne!(original.ino(), source.ino());
    assert_eq!(original.nlink(), 1);

    // A second build keeps the output's copies as they are: no new link, none removed.
    let first = copy(800, "webp");
    site.build_ok(&[]);
    let again = copy(800, "webp");
    let stamp = |m: &fs::Metadata| (m.ino(), m.ctime(), m.ctime_nsec());
    assert_eq!(stamp(&again), stamp(&first), "not linked again");
    assert_eq!(again.nlink(), 2, "the cache's file and the output's link");
}

#[test]
fn an_image_without_alt_text_is_an_error_unless_marked_decorative() {
    let site = TestSite::new();
    site.write("static/rule.png", png(200, 10));
    site.write(
        "content/articles/a.md",
        article("Text.\n\n![](/rule.png)\n\n![](/rule.png#decorative)\n"),
    );
    let run = site.build_err(&[]);
    assert!(
        run.stderr.contains("error: content/articles/a.md:7:1: image `/rule.png` has no alt text: describe it between the brackets, `![what it shows](/rule.png)`, or mark a purely decorative image `![](/rule.png#decorative)`"),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr.matches("has no alt text").count(),
        1,
        "{}",
        run.stderr
    );
    site.write(
        "content/articles/a.md",
        article("Text.\n\n![](/rule.png#decorative)\n"),
    );
    site.build_ok(&[]);
    assert_eq!(
        attrs(&site.html("articles/a/index.html"), ".prose img", "alt"),
        [""]
    );
    assert_eq!(
        attrs(&site.html("articles/a/index.html"), ".prose img", "src"),
        ["/rule.png"]
    );
}

#[test]
fn an_undecodable_image_is_an_error_naming_it_and_the_previous_output_stays() {
    let site = TestSite::new();
    site.write(
        "content/articles/a/index.md",
        article("![An X-ray](xray.jpg)\n"),
    );
    site.write("content/articles/a/xray.jpg", jpeg(100, 100, 0));
    site.build_ok(&[]);
    let before = snapshot(&site.root().join("public"));
    site.write("content/articles/a/xray.jpg", b"\xff\xd8\xff\xe0 truncated");
    let run = site.build_err(&[]);
    assert!(
        run.stderr.contains("error: content/articles/a/index.md:5:1: image content/articles/a/xray.jpg cannot be decoded ("),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(&site.root().join("public")), before);
    site.write(
        "content/articles/a/index.md",
        article("![An X-ray](missing.jpg)\n"),
    );
    let run = site.build_err(&[]);
    assert!(
        run.stderr
            .contains("image `missing.jpg` not found (looked for content/articles/a/missing.jpg)"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_video_facade_requests_nothing_from_another_host_before_a_click() {
    let site = TestSite::new();
    site.write(
        "content/articles/a.md",
        article("{{ video(youtube=\"M7lc1UVf-VE\", title=\"Posture\") }}\n\n{{ video(vimeo=\"76979871\", title=\"Stretch\") }}\n"),
    );
    site.build_ok(&[]);
    let html = site.html("articles/a/index.html");
    // Nothing that loads by itself (src, srcset, poster, data) points to another host.
    let fetched_links = "link[rel~=stylesheet], link[rel~=preload], link[rel~=preconnect], link[rel~=dns-prefetch], link[rel~=prefetch], link[rel~=icon]";
    for selector in [
        "[src]",
        "[srcset]",
        "[poster]",
        "object[data]",
        fetched_links,
    ] {
        for attr in ["src", "srcset", "poster", "data", "href"] {
            for value in attrs(&html, selector, attr) {
                assert!(
                    !value.contains("//"),
                    "{selector} {attr}={value} loads from another host"
                );
            }
        }
    }
    assert!(
        html.select(&scraper::Selector::parse("iframe").unwrap())
            .next()
            .is_none()
    );
    assert_eq!(
        attrs(&html, ".video-frame", "data-video-embed"),
        [
            "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE?autoplay=1",
            "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1"
        ]
    );
    // The play control is a link to the video: keyboard operable, and works without scripts.
    assert_eq!(
        attrs(&html, "a.video-play", "href"),
        [
            "https://www.youtube.com/watch?v=M7lc1UVf-VE",
            "https://vimeo.com/76979871"
        ]
    );
    assert_eq!(
        texts(&html, ".video-play-label"),
        ["Play video: Posture", "Play video: Stretch"]
    );
    let scripts = attrs(&html, "script[src]", "src");
    assert!(
        scripts
            .iter()
            .all(|s| s.starts_with("/video.") && s.ends_with(".js")),
        "{scripts:?}"
    );
    assert!(site.output_exists(scripts[0].trim_start_matches('/')));
}

#[test]
fn site_shortcodes_with_and_without_a_body() {
    let site = TestSite::new();
    site.write(
        "templates/shortcodes/dose.html",
        "{# arguments: drug, amount? #}<p class=\"dose\">{{ drug }}{% if amount is defined %}: {{ amount }}{% endif %}</p>",
    );
    site.write(
        "templates/shortcodes/aside.html",
        "<div class=\"aside-{{ tone }}\">{{ body }}</div>",
    );
    site.write(
        "content/articles/a.md",
        article("Intro.\n\n{{ dose(drug=\"Ibuprofen\", amount='400 mg') }}\n\n{% aside(tone=\"calm\") %}\nA *calm* body with [a link](@/articles/a.md).\n\nTwo paragraphs.\n{% end %}\n\n```\n{{ dose(drug=\"in code\") }}\n```\n\nAfter.\n"),
    );
    site.build_ok(&[]);
    let page = site.output("articles/a/index.html");
    assert!(
        page.contains("<p class=\"dose\">Ibuprofen: 400 mg</p>"),
        "{page}"
    );
    assert!(page.contains("<div class=\"aside-calm\"><p>A <em>calm</em> body with <a href=\"/articles/a/\">a link</a>.</p>\n<p>Two paragraphs.</p>\n</div>"), "{page}");
    assert!(
        page.contains("<pre><code>{{ dose(drug=\"in code\") }}\n</code></pre>"),
        "code is left alone: {page}"
    );
    assert!(page.contains("<p>After.</p>"));
}

#[test]
fn shortcode_mistakes_are_errors_at_their_line_with_a_suggestion() {
    let site = TestSite::new();
    site.write(
        "content/articles/a.md",
        article("Intro.\n\n{{ vidoe(youtube=\"x\", title=\"t\") }}\n\n{{ video(yotube=\"x\", title=\"t\") }}\n\n{{ video(youtube=\"x\") }}\n\n{% video(youtube=\"x\", title=\"t\") %}\nno end\n"),
    );
    let run = site.build_err(&[]);
    for expected in [
        "error: content/articles/a.md:7:1: unknown shortcode `vidoe`: no templates/shortcodes/vidoe.html in the site or theme; did you mean `video`?",
        "error: content/articles/a.md:9:1: shortcode `video`: it has no argument `yotube`; did you mean `youtube`?",
        "error: content/articles/a.md:11:1: shortcode `video`: the argument `title` is required",
        "error: content/articles/a.md:13:1: shortcode `video`: its body never ends: add a `{% end %}` line",
    ] {
        assert!(
            run.stderr.contains(expected),
            "missing {expected}\n{}",
            run.stderr
        );
    }
}

#[test]
fn the_cta_is_a_theme_shortcode() {
    let site = TestSite::new();
    site.write(
        "content/articles/a.md",
        article("Before.\n\n{{ cta() }}\n\nAfter.\n"),
    );
    site.write(
        "content/articles/b.md",
        "+++\ntitle = \"B\"\ndate = 2025-01-03\ncta = false\n+++\nBefore.\n\n{{ cta() }}\n",
    );
    site.build_ok(&[]);
    assert!(repo_theme_has("templates/shortcodes/cta.html"));
    let html = site.html("articles/a/index.html");
    assert_eq!(
        texts(&html, ".prose aside.cta h2"),
        ["Talk to a spine specialist"]
    );
    assert_eq!(
        texts(&html, "aside.cta").len(),
        1,
        "placed inline, not repeated at the end"
    );
    assert!(texts(&site.html("articles/b/index.html"), "aside.cta").is_empty());
    site.write("content/articles/a.md", article("{{ cta(big=true) }}\n"));
    let run = site.build_err(&[]);
    assert!(
        run.stderr
            .contains("content/articles/a.md:5:1: shortcode `cta`: it has no argument `big`"),
        "{}",
        run.stderr
    );
}

fn repo_theme_has(path: &str) -> bool {
    common::built_in_theme().join(path).is_file()
}

#[test]
fn a_site_without_a_theme_folder_gets_the_built_in_shortcodes() {
    let site = TestSite::bare();
    site.write("site.toml", SITE_TOML);
    site.write(
        "content/articles/a.md",
        article("{{ video(youtube=\"M7lc1UVf-VE\", title=\"Walking\") }}\n\n{{ vidoe() }}\n"),
    );
    let run = site.build_err(&[]);
    assert!(
        run.stderr.contains(
            "content/articles/a.md:7:1: unknown shortcode `vidoe`: no templates/shortcodes/vidoe.html in the site or theme; did you mean `video`?"
        ),
        "{}",
        run.stderr
    );
    site.write(
        "content/articles/a.md",
        article("{{ video(youtube=\"M7lc1UVf-VE\", title=\"Walking\") }}\n"),
    );
    site.build_ok(&[]);
    let html = site.html("articles/a/index.html");
    assert_eq!(
        attrs(&html, ".video-frame", "data-video-embed"),
        ["https://www.youtube-nocookie.com/embed/M7lc1UVf-VE?autoplay=1"]
    );
    assert!(!site.root().join("themes").exists());
}
