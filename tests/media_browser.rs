//! The video facade in a real browser (headless Chromium over WebDriver, see
//! tests/common/browser.rs): nothing is requested from another host before the reader chooses
//! to play, the play control works from the keyboard, and then the privacy-enhanced
//! `youtube-nocookie.com` player is there. Without JavaScript the facade is a link to the video.

mod common;

use common::TestSite;
use common::browser::{Browser, ServedSite, browser_available, serve_built};
use serde_json::{Value, json};

/// Enter and Space, as WebDriver names them.
const ENTER: &str = "\u{E007}";
const SPACE: &str = " ";

/// Every host the page has requested something from (the page itself included).
const REQUESTED_HOSTS: &str = "return Array.from(new Set([location.host].concat(performance.getEntriesByType('resource').map(e => new URL(e.name).host))));";
/// Every `src` in the document that points to another host than the page's.
const FOREIGN_SOURCES: &str = "return Array.from(document.querySelectorAll('[src]')).map(e => e.src).filter(s => new URL(s, location.href).host !== location.host);";
const PLAYER_SOURCES: &str =
    "return Array.from(document.querySelectorAll('.video-frame iframe')).map(f => f.src);";

/// A site with one article that embeds a YouTube video, built and served from loopback.
fn served_video_page() -> (ServedSite, TestSite) {
    let site = TestSite::bare();
    site.write(
        "content/articles/walk.md",
        "+++\ntitle = \"Walking\"\ndate = 2025-01-02\n+++\nA short walk.\n\n{{ video(youtube=\"M7lc1UVf-VE\", title=\"Walking safely\") }}\n\nAfter the video.\n",
    );
    let served = serve_built(&site, "/");
    (served, site)
}

/// Opens the article and checks that, before any click, nothing came from another host and
/// nothing in the page points to one.
fn open_untouched(browser: &Browser, served: &ServedSite) {
    browser.go(&format!("{}articles/walk/", served.url));
    // video.js has run: the link became a button.
    browser.wait_for_value(
        "the play button",
        "return document.querySelector('button.video-play[data-video-play]') !== null;",
    );
    assert_eq!(browser.run(REQUESTED_HOSTS), json!([served.host]));
    assert_eq!(browser.run(FOREIGN_SOURCES), json!([]));
    assert_eq!(browser.run(PLAYER_SOURCES), json!([]));
}

/// Focuses the play button from the keyboard's point of view and presses `key`.
fn press_play(browser: &Browser, key: &str) {
    browser.run("document.querySelector('button.video-play').focus();");
    assert_eq!(
        browser.run("return document.activeElement.textContent.trim().replace(/\\s+/g, ' ');"),
        json!(
            "Play video: Walking safely Loads the player from YouTube when you choose to play it"
        )
    );
    browser.press(key);
}

fn assert_player_loaded(browser: &Browser) {
    let players = browser.wait_for_value("the player", PLAYER_SOURCES);
    assert_eq!(
        players,
        json!(["https://www.youtube-nocookie.com/embed/M7lc1UVf-VE?autoplay=1"])
    );
    assert_eq!(
        browser.run("return document.querySelector('.video-frame iframe').title;"),
        json!("Walking safely")
    );
    // The player takes the focus, so a keyboard user is where the video is.
    assert_eq!(
        browser.run("return document.activeElement.tagName;"),
        json!("IFRAME")
    );
}

#[test]
fn the_video_facade_loads_nothing_from_youtube_until_played_from_the_keyboard() {
    if !browser_available() {
        return;
    }
    let (served, _site) = served_video_page();
    let browser = Browser::start(true);
    for key in [ENTER, SPACE] {
        open_untouched(&browser, &served);
        press_play(&browser, key);
        assert_player_loaded(&browser);
    }
}

#[test]
fn the_video_facade_loads_the_player_on_a_click() {
    if !browser_available() {
        return;
    }
    let (served, _site) = served_video_page();
    let browser = Browser::start(true);
    open_untouched(&browser, &served);
    browser.run("document.querySelector('.video-play-label').click();");
    let players = browser.wait_for_value("the player", PLAYER_SOURCES);
    assert_eq!(players.as_array().map(Vec::len), Some(1), "{players}");
}

#[test]
fn without_javascript_the_facade_is_a_link_to_the_video() {
    if !browser_available() {
        return;
    }
    let (served, _site) = served_video_page();
    let browser = Browser::start(false);
    browser.go(&format!("{}articles/walk/", served.url));
    let links = browser.run(
        "return Array.from(document.querySelectorAll('.video a')).map(a => [a.className, a.href]);",
    );
    let watch = "https://www.youtube.com/watch?v=M7lc1UVf-VE";
    assert_eq!(
        links,
        json!([["video-play", watch], ["", watch]]),
        "the play link and the caption's link"
    );
    assert_eq!(browser.run(REQUESTED_HOSTS), json!([served.host]));
    assert_eq!(browser.run(PLAYER_SOURCES), Value::Array(Vec::new()));
}
