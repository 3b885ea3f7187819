//! A real browser for tests: headless Chromium driven over WebDriver (Debian's `chromium` and
//! `chromium-driver`, the ones `scripts/audit` uses), and a built site served from loopback by
//! Python's static file server. The WebDriver client is a few raw HTTP/1.1 requests, so the
//! tests need no async runtime nor a WebDriver crate.
//!
//! Without the browser a test that asks for it fails, loudly: CI installs it before
//! `cargo test`. On a machine without it, `VERTEBRA_SKIP_BROWSER=1` skips such tests with a
//! message.

use std::io::{BufRead, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// The W3C WebDriver key of an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Whether the browser is there; panics (the test fails) when it is not, unless skipping was
/// asked for explicitly.
pub fn browser_available() -> bool {
    let missing: Vec<&str> = [CHROMIUM, CHROMEDRIVER]
        .into_iter()
        .filter(|path| !Path::new(path).exists())
        .collect();
    if missing.is_empty() {
        return true;
    }
    if std::env::var_os("VERTEBRA_SKIP_BROWSER").is_some() {
        eprintln!("SKIPPED: browser tests (VERTEBRA_SKIP_BROWSER is set; missing {missing:?})");
        return false;
    }
    panic!(
        "the browser tests need {missing:?}: apt-get install chromium chromium-driver \
         (or set VERTEBRA_SKIP_BROWSER=1 to skip them on this machine)"
    );
}

/// A child process killed on drop.
pub struct Running(pub Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn free_port() -> u16 {
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

/// Polls `ready` until it holds; panics after 30 seconds.
pub fn wait_for(what: &str, mut ready: impl FnMut() -> bool) {
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
pub struct Browser {
    port: u16,
    session: String,
    _driver: Running,
}

impl Browser {
    /// A new session, with JavaScript on or off.
    pub fn start(javascript: bool) -> Browser {
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

    /// Opens `url` and waits for it to load.
    pub fn go(&self, url: &str) {
        self.command("POST", "/url", json!({ "url": url }));
    }

    /// The WebDriver id of the first element `selector` matches.
    pub fn find(&self, selector: &str) -> String {
        let element = self.command(
            "POST",
            "/element",
            json!({"using": "css selector", "value": selector}),
        );
        element[ELEMENT].as_str().unwrap().to_string()
    }

    /// Types `text` into the element `selector` matches (WebDriver key codes allowed:
    /// `\u{E007}` is Enter).
    pub fn type_into(&self, selector: &str, text: &str) {
        let id = self.find(selector);
        self.command(
            "POST",
            &format!("/element/{id}/value"),
            json!({ "text": text }),
        );
    }

    /// Presses `keys` on whatever has the focus, as a keyboard would.
    pub fn press(&self, keys: &str) {
        let actions: Vec<Value> = keys
            .chars()
            .flat_map(|key| {
                let key = key.to_string();
                [
                    json!({"type": "keyDown", "value": key}),
                    json!({"type": "keyUp", "value": key}),
                ]
            })
            .collect();
        self.command(
            "POST",
            "/actions",
            json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]}),
        );
    }

    /// Runs `script` in the page and returns what it returns.
    pub fn run(&self, script: &str) -> Value {
        self.command(
            "POST",
            "/execute/sync",
            json!({"script": script, "args": []}),
        )
    }

    /// Waits until `script` returns something other than null, false or an empty list.
    pub fn wait_for_value(&self, what: &str, script: &str) -> Value {
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

/// A site built for `http://127.0.0.1:PORT{base_path}` and served from loopback by Python's
/// static file server, as a static host would serve it.
pub struct ServedSite {
    /// `http://127.0.0.1:PORT/…/`
    pub url: String,
    /// `127.0.0.1:PORT`, the only host a page of the site should make requests to.
    pub host: String,
    _server: Running,
    _www: tempfile::TempDir,
}

/// Builds `site` for a loopback address under `base_path` (`/` or `/clinic/`) and serves it.
pub fn serve_built(site: &super::TestSite, base_path: &str) -> ServedSite {
    let port = free_port();
    let host = format!("127.0.0.1:{port}");
    let url = format!("http://{host}{base_path}");
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
        host,
        _server: server,
        _www: www,
    }
}
