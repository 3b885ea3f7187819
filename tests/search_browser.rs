//! Site search in a real browser: headless Chromium driven over WebDriver (Debian's
//! `chromium` and `chromium-driver`, as `scripts/audit` uses). The example site is built for a
//! loopback address (at the root, and under `/clinic/`), served by Python's static file server,
//! and a reader types into the header's search box.
//!
//! Without the browser these tests fail, loudly: CI installs it before `cargo test`. On a
//! machine without it, `VERTEBRA_SKIP_BROWSER=1` skips them with a message.
#![cfg(feature = "search")]

mod common;

use std::io::{BufRead, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// The W3C WebDriver key of an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Whether the browser is there; panics (the test fails) when it is not, unless skipping was
/// asked for explicitly.
fn browser_available() -> bool {
    let missing: Vec<&str> = [CHROMIUM, CHROMEDRIVER]
        .into_iter()
        .filter(|path| !Path::new(path).exists())
        .collect();
    if missing.is_empty() {
        return true;
    }
    if std::env::var_os("VERTEBRA_SKIP_BROWSER").is_some() {
        eprintln!(
            "SKIPPED: browser search tests (VERTEBRA_SKIP_BROWSER is set; missing {missing:?})"
        );
        return false;
    }
    panic!(
        "the browser search tests need {missing:?}: apt-get install chromium chromium-driver \
         (or set VERTEBRA_SKIP_BROWSER=1 to skip them on this machine)"
    );
}

/// A child process killed on drop.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// One HTTP/1.1 request to loopback on a fresh connection; returns status and body (read up to
/// its Content-Length: chromedriver keeps connections open).
fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let body = body.map(Value::to_string).unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut reader = std::io::BufReader::new(stream);
    let mut status_line = String::new();
    reader.read_line(&mut status_line).unwrap();
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut length = None;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut bytes = Vec::new();
    match length {
        Some(length) => {
            bytes.resize(length, 0);
            reader.read_exact(&mut bytes).unwrap();
        }
        None => {
            reader.read_to_end(&mut bytes).unwrap();
        }
    }
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

fn wait_for(what: &str, mut ready: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if ready() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("timed out waiting for {what}");
}

/// A headless Chromium session.
struct Browser {
    port: u16,
    session: String,
    _driver: Running,
}

impl Browser {
    fn start(javascript: bool) -> Browser {
        let port = free_port();
        let driver = Running(
            Command::new(CHROMEDRIVER)
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start chromedriver"),
        );
        wait_for("chromedriver", || {
            TcpStream::connect(("127.0.0.1", port)).is_ok()
                && http(port, "GET", "/status", None)
                    .1
                    .contains("\"ready\":true")
        });
        let mut options = json!({
            "binary": CHROMIUM,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        if !javascript {
            options["prefs"] = json!({"profile.managed_default_content_settings.javascript": 2});
        }
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome", "goog:chromeOptions": options,
        }}});
        let (status, body) = http(port, "POST", "/session", Some(&capabilities));
        assert_eq!(status, 200, "new session: {body}");
        let reply: Value = serde_json::from_str(&body).unwrap();
        let session = reply["value"]["sessionId"].as_str().unwrap().to_string();
        Browser {
            port,
            session,
            _driver: driver,
        }
    }

    fn command(&self, method: &str, path: &str, body: Value) -> Value {
        let path = format!("/session/{}{path}", self.session);
        let (status, reply) = http(self.port, method, &path, Some(&body));
        assert_eq!(status, 200, "{method} {path}: {reply}");
        serde_json::from_str::<Value>(&reply).unwrap()["value"].take()
    }

    fn go(&self, url: &str) {
        self.command("POST", "/url", json!({ "url": url }));
    }

    fn type_into(&self, selector: &str, text: &str) {
        let element = self.command(
            "POST",
            "/element",
            json!({"using": "css selector", "value": selector}),
        );
        let id = element[ELEMENT].as_str().unwrap().to_string();
        self.command(
            "POST",
            &format!("/element/{id}/value"),
            json!({ "text": text }),
        );
    }

    fn run(&self, script: &str) -> Value {
        self.command(
            "POST",
            "/execute/sync",
            json!({"script": script, "args": []}),
        )
    }

    /// Runs an async script whose last argument is the callback to call with the result.
    fn run_async(&self, script: &str) -> Value {
        self.command(
            "POST",
            "/execute/async",
            json!({"script": script, "args": []}),
        )
    }

    /// Waits until `script` returns something other than null, false or an empty list.
    fn wait_for_value(&self, what: &str, script: &str) -> Value {
        let mut value = Value::Null;
        wait_for(what, || {
            value = self.run(script);
            !(value.is_null() || value == json!(false) || value == json!([]))
        });
        value
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let path = format!("/session/{}", self.session);
        let _ = http(self.port, "DELETE", &path, None);
    }
}

/// The example site built for `http://127.0.0.1:PORT{base_path}` and served from loopback.
struct ServedSite {
    url: String,
    _server: Running,
    _site: common::TestSite,
    _www: tempfile::TempDir,
}

fn serve_example(base_path: &str) -> ServedSite {
    let site = common::TestSite::example();
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}{base_path}");
    let www = tempfile::tempdir().unwrap();
    let output = www.path().join(base_path.trim_matches('/'));
    site.build_ok(&["--base-url", &url, "--output-dir", output.to_str().unwrap()]);
    let server = Running(
        Command::new("python3")
            .args([
                "-m",
                "http.server",
                "--bind",
                "127.0.0.1",
                &port.to_string(),
            ])
            .current_dir(www.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start python3 -m http.server"),
    );
    wait_for("the static server", || {
        TcpStream::connect(("127.0.0.1", port)).is_ok()
    });
    ServedSite {
        url,
        _server: server,
        _site: site,
        _www: www,
    }
}

const RESULT_LINKS: &str = "return Array.from(document.querySelectorAll('.pagefind-ui__result-link')).map(a => a.getAttribute('href'));";

/// Types "sciatica" into the header's box on the home page and checks the results page.
fn sciatica_comes_first(base_path: &str) {
    if !browser_available() {
        return;
    }
    let served = serve_example(base_path);
    let browser = Browser::start(true);
    browser.go(&served.url);
    browser.type_into("header #site-search", "sciatica\u{E007}");
    let links = browser.wait_for_value("search results", RESULT_LINKS);
    assert_eq!(
        links[0],
        json!(format!("{base_path}conditions/sciatica/")),
        "results: {links}"
    );
    let location = browser.run("return window.location.pathname + window.location.search;");
    assert_eq!(location, json!(format!("{base_path}search/?q=sciatica")));
    // The first result says what it is, and its excerpt highlights the word.
    let tags = browser.run("return Array.from(document.querySelectorAll('.pagefind-ui__result')[0].querySelectorAll('.pagefind-ui__result-tag')).map(t => t.textContent.trim());");
    assert!(
        tags.as_array()
            .unwrap()
            .iter()
            .any(|t| t.as_str().unwrap().contains("Condition")),
        "tags of the first result: {tags}"
    );
    let marked = browser.run("return Array.from(document.querySelectorAll('.pagefind-ui__result-excerpt mark')).map(m => m.textContent.toLowerCase());");
    assert!(
        marked
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m.as_str().unwrap().starts_with("sciatica")),
        "highlighted words: {marked}"
    );
    // The result count is announced to screen readers.
    let status = browser.wait_for_value(
        "the announced result count",
        "return document.getElementById('search-status').textContent;",
    );
    assert!(
        status.as_str().unwrap().contains("sciatica"),
        "status: {status}"
    );
    // Every request stayed on the site's own host.
    let hosts = browser.run("return Array.from(new Set(performance.getEntriesByType('resource').map(e => new URL(e.name).host)));");
    assert_eq!(
        hosts,
        json!([format!("127.0.0.1:{}", served_port(&served))])
    );
}

fn served_port(served: &ServedSite) -> String {
    served
        .url
        .split(':')
        .nth(2)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn typing_sciatica_finds_the_sciatica_condition_first() {
    sciatica_comes_first("/");
}

#[test]
fn search_works_under_a_subpath_base_url() {
    sciatica_comes_first("/clinic/");
}

#[test]
fn pages_are_filtered_by_kind_and_articles_carry_their_date() {
    if !browser_available() {
        return;
    }
    let served = serve_example("/clinic/");
    let browser = Browser::start(true);
    browser.go(&format!("{}search/", served.url));
    let script = r#"
        const done = arguments[arguments.length - 1];
        (async () => {
            const pagefind = await import(document.getElementById('search').dataset.bundlePath + 'pagefind.js');
            const filters = await pagefind.filters();
            const search = await pagefind.search('sciatica', { filters: { kind: 'Article' } });
            const articles = await Promise.all(search.results.map(r => r.data()));
            const injection = await pagefind.search('injection', { filters: { kind: 'Procedure' } });
            const procedures = await Promise.all(injection.results.map(r => r.data()));
            done({ filters, articles: articles.map(a => [a.url, a.meta.kind, a.meta.date || null]),
                   procedures: procedures.map(p => [p.url, p.meta.kind]) });
        })().catch(e => done({ error: String(e) }));
    "#;
    let found = browser.run_async(script);
    assert!(found.get("error").is_none(), "{found}");
    let kinds = found["filters"]["kind"].as_object().unwrap();
    let mut names: Vec<&str> = kinds.keys().map(String::as_str).collect();
    names.sort();
    assert_eq!(
        names,
        ["Article", "Condition", "Page", "Procedure", "Therapy"]
    );
    let articles = found["articles"].as_array().unwrap();
    assert!(!articles.is_empty(), "{found}");
    for article in articles {
        assert!(
            article[0]
                .as_str()
                .unwrap()
                .starts_with("/clinic/articles/"),
            "{article}"
        );
        assert_eq!(article[1], "Article");
        assert!(
            article[2].is_string(),
            "an article without its date: {article}"
        );
    }
    let procedures = found["procedures"].as_array().unwrap();
    assert!(!procedures.is_empty(), "{found}");
    assert!(procedures.iter().all(|p| p[1] == "Procedure"), "{found}");
}

#[test]
fn without_javascript_the_search_page_says_so_and_links_the_indexes() {
    if !browser_available() {
        return;
    }
    let served = serve_example("/");
    let browser = Browser::start(false);
    browser.go(&format!("{}search/", served.url));
    let text = browser.run("return document.querySelector('main').innerText;");
    assert!(
        text.as_str().unwrap().contains("Search needs JavaScript"),
        "{text}"
    );
    let links = browser.run(
        "return Array.from(document.querySelectorAll('main a')).map(a => a.getAttribute('href'));",
    );
    let links = links.to_string();
    assert!(
        links.contains("/therapies/") && links.contains("/conditions/"),
        "{links}"
    );
}
