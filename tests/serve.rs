//! `vertebra serve` over real HTTP on loopback: static-host behaviour, live reload, deleted
//! pages, the error overlay and path traversal. Equality with a fresh build: serve_equality.rs.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use common::TestSite;

/// A running `vertebra serve`, killed on drop.
struct Server {
    child: Child,
    base: String,
    port: u16,
    stderr: Receiver<String>,
    stdout: Option<Receiver<String>>,
}

impl Server {
    /// Waits for the next "Rebuilt N pages (M rendered)" line and returns M.
    fn next_rebuild(&self) -> usize {
        let stdout = self.stdout.as_ref().unwrap();
        loop {
            let line = stdout
                .recv_timeout(Duration::from_secs(20))
                .expect("a rebuild");
            if let Some(rest) = line.strip_prefix("Rebuilt ") {
                let rendered = rest
                    .split('(')
                    .nth(1)
                    .unwrap()
                    .split_whitespace()
                    .next()
                    .unwrap();
                return rendered.parse().unwrap();
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &TestSite, extra: &[&str]) -> Server {
    let port: &[&str] = if extra.contains(&"--port") {
        &[]
    } else {
        &["--port", "0"]
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_vertebra"))
        .arg("serve")
        .args(port)
        .args(extra)
        .current_dir(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start vertebra serve");
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let (err_tx, err_rx) = channel();
    // From here on the server is killed and reaped on drop, even if this function panics.
    let mut server = Server {
        child,
        base: String::new(),
        port: 0,
        stderr: err_rx,
        stdout: None,
    };
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = err_tx.send(line);
        }
    });
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let line = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("the server printed its address");
        if let Some(at) = line.find("http://") {
            server.base = line[at..].split_whitespace().next().unwrap().to_string();
            server.port = server
                .base
                .trim_end_matches('/')
                .rsplit(':')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            server.stdout = Some(rx);
            return server;
        }
    }
}

/// A response: status, headers (lower-cased names), body.
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A raw HTTP/1.1 GET, so that paths reach the server exactly as written.
fn get(server: &Server, path: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_string()
    };
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if size == 0 {
            break;
        }
        out.push_str(&rest[..size]);
        body = &rest[size + 2..];
    }
    out
}

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

/// Waits until `check` holds, polling; panics with `what` after 20 s.
fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if check() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("timed out waiting for: {what}");
}

#[test]
fn serves_like_a_static_host() {
    let site = example_site();
    let server = start(&site, &[]);
    let page = get(&server, "/articles/first/");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(page.body.contains("<h1>First article</h1>"));
    // base_url is the local address.
    assert!(
        page.body.contains(&format!(
            "<link rel=\"canonical\" href=\"{}articles/first/\">",
            server.base
        )),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("new EventSource(\"/__vertebra/events\")"),
        "reload script injected"
    );
    let redirect = get(&server, "/articles/first");
    assert_eq!(redirect.status, 301);
    assert_eq!(redirect.header("location"), Some("/articles/first/"));
    let missing = get(&server, "/nope/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Page not found"));
    let css = get(&server, &stylesheet(&server));
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css"));
    let home = get(&server, "/");
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
    let server = start(&site, &[]);
    for path in [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/%2E%2E%2Fsite.toml",
        "/articles/..%2f..%2fsite.toml",
        "/a/%2e%2e/%2e%2e/site.toml",
    ] {
        // A `..` segment after decoding is a bad request (docs/reliability.md).
        assert_eq!(get(&server, path).status, 400, "{path}");
    }
    for path in [
        "//etc/passwd",
        "/site.toml",
        "/content/articles/first.md",
        "/articles/escape.txt",
    ] {
        assert_eq!(get(&server, path).status, 404, "{path}");
    }
    assert_eq!(get(&server, "/secret.txt").status, 200);
}

#[test]
fn an_edit_sends_a_reload_and_serves_the_new_content() {
    let site = example_site();
    site.write("static/style.css", "body { color: navy; }");
    let server = start(&site, &[]);
    let mut stream = events(&server);
    site.write("content/articles/first.md", "+++\ntitle = \"First, edited\"\ndate = 2025-01-02\ntherapies = [\"acupuncture\"]\n+++\nNew words.\n");
    assert_eq!(stream.next_event(), "reload");
    // The signal comes once the new files are in place.
    let page = get(&server, "/articles/first/");
    assert!(
        page.body.contains("<h1>First, edited</h1>"),
        "{}",
        page.body
    );
    assert!(
        get(&server, "/therapies/acupuncture/")
            .body
            .contains("First, edited"),
        "dependants rebuilt"
    );
    assert!(
        get(&server, "/articles/").body.contains("First, edited"),
        "listing rebuilt"
    );
    // A stylesheet change refreshes styles only.
    site.write("static/style.css", "body { color: black; }");
    assert_eq!(stream.next_event(), "css");
    assert_eq!(
        get(&server, &stylesheet(&server)).body,
        "body { color: black; }"
    );
}

/// The stylesheet URL a page links to (its name carries a content hash).
fn stylesheet(server: &Server) -> String {
    let page = scraper::Html::parse_document(&get(server, "/").body);
    let href = common::attrs(&page, "link[rel=stylesheet]", "href");
    assert_eq!(href.len(), 1, "{href:?}");
    href[0].clone()
}

#[test]
fn a_deleted_page_disappears_everywhere() {
    let site = example_site();
    let server = start(&site, &[]);
    assert_eq!(get(&server, "/articles/second/").status, 200);
    let mut stream = events(&server);
    std::fs::remove_file(site.root().join("content/articles/second.md")).unwrap();
    assert_eq!(stream.next_event(), "reload");
    assert_eq!(get(&server, "/articles/second/").status, 404);
    assert!(!get(&server, "/articles/").body.contains("Second article"));
    assert!(!get(&server, "/").body.contains("Second article"));
}

#[test]
fn a_build_error_shows_an_overlay_over_the_last_good_site() {
    let site = example_site();
    let server = start(&site, &[]);
    let mut stream = events(&server);
    site.write(
        "content/articles/first.md",
        "+++\ntitle = \"First article\"\ndate = \"last tuesday\"\n+++\nHello.\n",
    );
    assert_eq!(stream.next_event(), "reload");
    for path in ["/articles/first/", "/articles/second/", "/"] {
        let page = get(&server, path);
        assert_eq!(page.status, 200, "{path}");
        let html = scraper::Html::parse_document(&page.body);
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
        get(&server, "/articles/first/")
            .body
            .contains("<h1>First article</h1>"),
        "old page still served"
    );
    // Stdout and stderr are separate pipes: the error may arrive after the summary line.
    let mut terminal = Vec::new();
    while let Ok(line) = server.stderr.recv_timeout(Duration::from_secs(20)) {
        let found = line.contains("content/articles/first.md:3:8");
        terminal.push(line);
        if found {
            break;
        }
    }
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
    let page = get(&server, "/articles/first/");
    assert!(!page.body.contains("vertebra-error"));
    assert!(page.body.contains("First fixed"));
}

// Equality with a fresh build after each kind of edit: tests/serve_equality.rs.

#[test]
fn a_rebuild_renders_only_the_pages_that_depend_on_the_change() {
    let site = example_site();
    site.write("content/articles/second.md", "+++\ntitle = \"Second article\"\ndate = 2025-02-02\n+++\nShown in listings.\n\n<!-- more -->\n\nBelow the fold.\n");
    let server = start(&site, &[]);
    // Seven pages: home, /articles/, /therapies/, 404, acupuncture, first, second.
    let edit = |text: &str| site.write("content/articles/second.md", text);
    edit(
        "+++\ntitle = \"Second article\"\ndate = 2025-02-02\n+++\nShown in listings.\n\n<!-- more -->\n\nBelow the fold, edited.\n",
    );
    assert_eq!(
        server.next_rebuild(),
        1,
        "below the fold: the article alone"
    );
    edit(
        "+++\ntitle = \"Second, retitled\"\ndate = 2025-02-02\n+++\nShown in listings.\n\n<!-- more -->\n\nBelow the fold, edited.\n",
    );
    assert_eq!(
        server.next_rebuild(),
        3,
        "a new title: the article, /articles/ and the home page"
    );
    assert!(get(&server, "/").body.contains("Second, retitled"));
    site.write("content/therapies/acupuncture.md", "+++\ntitle = \"Acupuncture\"\nkind = \"therapy\"\nsummary = \"Thin needles.\"\n+++\nA new body.\n");
    // The therapy page, and the article whose call-to-action the therapy may override.
    assert_eq!(server.next_rebuild(), 2);
    site.write(
        "themes/default/templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Gone</h1>{% endblock content %}",
    );
    assert_eq!(server.next_rebuild(), 7, "a template change: everything");
    assert!(get(&server, "/nope/").body.contains("<h1>Gone</h1>"));
}

#[test]
fn a_taken_port_moves_to_the_next_free_one() {
    let site = example_site();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let server = start(&site, &["--port", &port.to_string()]);
    assert_ne!(server.port, port);
    let note: Vec<String> = server
        .stderr
        .recv_timeout(Duration::from_secs(5))
        .into_iter()
        .collect();
    assert!(
        note.iter()
            .any(|l| l.contains(&format!("Port {port} is in use"))),
        "{note:?}"
    );
    assert_eq!(get(&server, "/").status, 200);
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
