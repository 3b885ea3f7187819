//! A running `vertebra serve` for the pagination tests (see also `server.rs`, the serve-equality
//! tests' helper): start it on a free port, GET pages over loopback,
//! wait for rebuilds, and compare what it serves with a fresh build.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use super::{TestSite, snapshot};

/// A running `vertebra serve`, killed on drop.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT/`.
    pub base: String,
    port: u16,
    stdout: Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts `vertebra serve --port 0` in the site's root and waits for its address.
    pub fn start(site: &TestSite) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vertebra"))
            .args(["serve", "--port", "0"])
            .current_dir(site.root())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start vertebra serve");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut server = Server {
            child,
            base: String::new(),
            port: 0,
            stdout: rx,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let line = server
                .stdout
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("the server printed its address");
            if let Some(at) = line.find("http://") {
                server.base = line[at..].split_whitespace().next().unwrap().to_string();
                let port = server.base.trim_end_matches('/').rsplit(':').next();
                server.port = port.unwrap().parse().unwrap();
                return server;
            }
        }
    }

    /// Waits for the next "Rebuilt N pages (M rendered)" line and returns M.
    pub fn next_rebuild(&self) -> usize {
        loop {
            let line = self
                .stdout
                .recv_timeout(Duration::from_secs(30))
                .expect("a rebuild");
            if let Some(rest) = line.strip_prefix("Rebuilt ") {
                let rendered = rest.split('(').nth(1).unwrap().split_whitespace().next();
                return rendered.unwrap().parse().unwrap();
            }
        }
    }

    /// GETs `path`: (status, body).
    pub fn get(&self, path: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
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
        let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
        let chunked = head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked");
        let body = if chunked {
            dechunk(body)
        } else {
            body.to_string()
        };
        let body = body.replace(vertebra::serve::server::RELOAD_SCRIPT, "");
        (status, body)
    }

    /// Asserts that every file of a fresh build of the site (with this server's base URL) is
    /// served with the same bytes, and returns the fresh build's file paths.
    pub fn assert_equals_fresh_build(&self, site: &TestSite) -> Vec<String> {
        let fresh = tempfile::tempdir().unwrap();
        let out = fresh.path().join("out");
        site.build_ok(&[
            "--output-dir",
            out.to_str().unwrap(),
            "--base-url",
            &self.base,
        ]);
        let files = snapshot(&out);
        for (path, bytes) in &files {
            let url = format!("/{}", path.trim_end_matches("index.html"));
            let (status, body) = self.get(&url);
            assert_eq!(status, 200, "{url}");
            assert_eq!(
                body,
                String::from_utf8_lossy(bytes),
                "{url} differs from a fresh build"
            );
        }
        files.into_keys().collect()
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

/// Waits until `check` holds, polling; panics with `what` after 20 s.
pub fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if check() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("timed out waiting for: {what}");
}
