//! `vertebra serve` over real HTTP on loopback: static-host behaviour, live reload, deleted
//! pages, the error overlay and path traversal. Equality with a fresh build: serve_equality.rs.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::mpsc::channel;
use std::time::Duration;

use common::TestSite;
use common::server::{Rebuild, Server, eventually};

/// A connection to the reload stream; `next_event` waits for the next event name.
struct Events {
    reader: BufReader<TcpStream>,
}

fn events(server: &Server) -> Events {
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "GET /__vertebra/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    // Skip the response head.
    loop {
        line.clear();
        reader.read_line(&mut line).unwrap();
        if line == "\r\n" {
            break;
        }
    }
    Events { reader }
}

impl Events {
    fn next_event(&mut self) -> String {
        let mut line = String::new();
        loop {
            line.clear();
            let read = self
                .reader
                .read_line(&mut line)
                .expect("an event before the timeout");
            assert!(read > 0, "the event stream closed");
            if let Some(name) = line.trim().strip_prefix("event: ") {
                return name.to_string();
            }
        }
    }
}

fn example_site() -> TestSite {
    let site = TestSite::with_basic_content();
    site.write(
        "content/articles/second.md",
        "+++\ntitle = \"Second article\"\ndate = 2025-02-02\n+++\nSecond body.\n",
    );
    site
}

/// The number of pages the next rebuild rendered; panics if it failed.
fn rendered(server: &Server) -> usize {
    match server.next_rebuild() {
        Rebuild::Ok(rendered) => rendered,
        Rebuild::Failed(errors) => panic!("the rebuild failed:\n{errors}"),
    }
}

#[test]
fn serves_like_a_static_host() {
    let site = example_site();
    let server = Server::start(&site);
    let page = server.get("/articles/first/");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(page.text().contains("<h1>First article</h1>"));
    // base_url is the local address.
    assert!(
        page.text().contains(&format!(
            "<link rel=\"canonical\" href=\"{}articles/first/\">",
            server.base
        )),
        "{}",
        page.text()
    );
    assert!(
        page.text()
            .contains("new EventSource(\"/__vertebra/events\")"),
        "reload script injected"
    );
    let redirect = server.get("/articles/first");
    assert_eq!(redirect.status, 301);
    assert_eq!(redirect.header("location"), Some("/articles/first/"));
    let missing = server.get("/nope/");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("Page not found"));
    let css = server.get(&stylesheet(&server));
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css"));
    let home = server.get("/");
    assert_eq!(home.status, 200);
    // The build output never carries the reload script.
    site.build_ok(&[]);
    assert!(
        !site
            .output("articles/first/index.html")
            .contains("EventSource")
    );
}

#[test]
fn never_serves_anything_outside_the_output() {
    let site = example_site();
    site.write("content/secret.txt", "inside content, copied on purpose");
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        "/etc/hostname",
        site.root().join("content/articles/escape.txt"),
    )
    .unwrap();
    let server = Server::start(&site);
    for path in [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/%2E%2E%2Fsite.toml",
        "/articles/..%2f..%2fsite.toml",
        "/a/%2e%2e/%2e%2e/site.toml",
    ] {
        // A `..` segment after decoding is a bad request (docs/reliability.md).
        assert_eq!(server.get(path).status, 400, "{path}");
    }
    for path in [
        "//etc/passwd",
        "/site.toml",
        "/content/articles/first.md",
        "/articles/escape.txt",
    ] {
        assert_eq!(server.get(path).status, 404, "{path}");
    }
    assert_eq!(server.get("/secret.txt").status, 200);
}

#[test]
fn an_edit_sends_a_reload_and_serves_the_new_content() {
    let site = example_site();
    site.write("static/style.css", "body { color: navy; }");
    let server = Server::start(&site);
    let mut stream = events(&server);
    site.write("content/articles/first.md", "+++\ntitle = \"First, edited\"\ndate = 2025-01-02\ntherapies = [\"acupuncture\"]\n+++\nNew words.\n");
    assert_eq!(stream.next_event(), "reload");
    // The signal comes once the new files are in place.
    let page = server.get("/articles/first/");
    assert!(
        page.text().contains("<h1>First, edited</h1>"),
        "{}",
        page.text()
    );
    assert!(
        server
            .get("/therapies/acupuncture/")
            .text()
            .contains("First, edited"),
        "dependants rebuilt"
    );
    assert!(
        server.get("/articles/").text().contains("First, edited"),
        "listing rebuilt"
    );
    // A stylesheet change refreshes styles only.
    site.write("static/style.css", "body { color: black; }");
    assert_eq!(stream.next_event(), "css");
    assert_eq!(
        server.get(&stylesheet(&server)).text(),
        "body { color: black; }"
    );
}

/// The stylesheet URL a page links to (its name carries a content hash).
fn stylesheet(server: &Server) -> String {
    let page = scraper::Html::parse_document(&server.get("/").text());
    let href = common::attrs(&page, "link[rel=stylesheet]", "href");
    assert_eq!(href.len(), 1, "{href:?}");
    href[0].clone()
}

#[test]
fn a_deleted_page_disappears_everywhere() {
    let site = example_site();
    let server = Server::start(&site);
    assert_eq!(server.get("/articles/second/").status, 200);
    let mut stream = events(&server);
    std::fs::remove_file(site.root().join("content/articles/second.md")).unwrap();
    assert_eq!(stream.next_event(), "reload");
    assert_eq!(server.get("/articles/second/").status, 404);
    assert!(!server.get("/articles/").text().contains("Second article"));
    assert!(!server.get("/").text().contains("Second article"));
}

#[test]
fn a_build_error_shows_an_overlay_over_the_last_good_site() {
    let site = example_site();
    let server = Server::start(&site);
    let mut stream = events(&server);
    site.write(
        "content/articles/first.md",
        "+++\ntitle = \"First article\"\ndate = \"last tuesday\"\n+++\nHello.\n",
    );
    assert_eq!(stream.next_event(), "reload");
    for path in ["/articles/first/", "/articles/second/", "/"] {
        let page = server.get(path);
        assert_eq!(page.status, 200, "{path}");
        let html = scraper::Html::parse_document(&page.text());
        let overlay = common::texts(&html, "#vertebra-error");
        assert_eq!(overlay.len(), 1, "{path} shows the overlay");
        assert!(
            overlay[0].contains("content/articles/first.md:3:8"),
            "{}",
            overlay[0]
        );
        assert!(
            overlay[0].contains("expected a date like 2024-08-26"),
            "{}",
            overlay[0]
        );
    }
    assert!(
        server
            .get("/articles/first/")
            .text()
            .contains("<h1>First article</h1>"),
        "old page still served"
    );
    // Stdout and stderr are separate pipes: the error may arrive after the summary line.
    let terminal = server.stderr_until(|l| l.contains("content/articles/first.md:3:8"));
    assert!(
        terminal
            .iter()
            .any(|l| l.contains("content/articles/first.md:3:8")),
        "{terminal:?}"
    );
    site.write(
        "content/articles/first.md",
        "+++\ntitle = \"First fixed\"\ndate = 2025-01-02\n+++\nHello.\n",
    );
    assert_eq!(stream.next_event(), "reload");
    let page = server.get("/articles/first/");
    assert!(!page.text().contains("vertebra-error"));
    assert!(page.text().contains("First fixed"));
}

// Equality with a fresh build after each kind of edit: tests/serve_equality.rs.

#[test]
fn a_rebuild_renders_only_the_pages_that_depend_on_the_change() {
    let site = example_site();
    site.write("content/articles/second.md", "+++\ntitle = \"Second article\"\ndate = 2025-02-02\n+++\nShown in listings.\n\n<!-- more -->\n\nBelow the fold.\n");
    let server = Server::start(&site);
    // Seven pages: home, /articles/, /therapies/, 404, acupuncture, first, second.
    let edit = |text: &str| site.write("content/articles/second.md", text);
    edit(
        "+++\ntitle = \"Second article\"\ndate = 2025-02-02\n+++\nShown in listings.\n\n<!-- more -->\n\nBelow the fold, edited.\n",
    );
    assert_eq!(rendered(&server), 1, "below the fold: the article alone");
    edit(
        "+++\ntitle = \"Second, retitled\"\ndate = 2025-02-02\n+++\nShown in listings.\n\n<!-- more -->\n\nBelow the fold, edited.\n",
    );
    assert_eq!(
        rendered(&server),
        3,
        "a new title: the article, /articles/ and the home page"
    );
    assert!(server.get("/").text().contains("Second, retitled"));
    site.write("content/therapies/acupuncture.md", "+++\ntitle = \"Acupuncture\"\nkind = \"therapy\"\nsummary = \"Thin needles.\"\n+++\nA new body.\n");
    // The therapy page, and the article whose call-to-action the therapy may override.
    assert_eq!(rendered(&server), 2);
    site.write(
        "themes/default/templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Gone</h1>{% endblock content %}",
    );
    assert_eq!(rendered(&server), 8, "a template change: everything");
    assert!(server.get("/nope/").text().contains("<h1>Gone</h1>"));
}

#[test]
fn a_taken_port_moves_to_the_next_free_one() {
    let site = example_site();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let server = Server::start_with(&site, &["--port", &port.to_string()]);
    assert_ne!(server.port, port);
    let note = server.stderr_until(|l| l.contains(&format!("Port {port} is in use")));
    assert!(
        note.iter()
            .any(|l| l.contains(&format!("Port {port} is in use"))),
        "{note:?}"
    );
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn build_watch_rebuilds_into_the_output_folder() {
    let site = example_site();
    let mut child = Command::new(env!("CARGO_BIN_EXE_vertebra"))
        .args(["build", "--watch"])
        .current_dir(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    loop {
        let line = rx.recv_timeout(Duration::from_secs(30)).expect("watching");
        if line.starts_with("Watching") {
            break;
        }
    }
    assert!(
        site.output("articles/first/index.html")
            .contains("First article")
    );
    site.write(
        "content/articles/first.md",
        "+++\ntitle = \"Watched edit\"\n+++\nx\n",
    );
    eventually("the output folder to change", || {
        std::fs::read_to_string(site.root().join("public/articles/first/index.html"))
            .is_ok_and(|h| h.contains("Watched edit"))
    });
    assert!(
        !site
            .output("articles/first/index.html")
            .contains("EventSource")
    );
    let _ = child.kill();
    let _ = child.wait();
}
