//! A running `vertebra serve` for tests: started on a free port, killed on drop, with raw
//! HTTP/1.1 requests (so paths reach the server exactly as written) and a wait for rebuilds.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use super::TestSite;

/// A running `vertebra serve`, killed on drop.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT/`
    pub base: String,
    pub port: u16,
    stdout: Receiver<String>,
    stderr: Receiver<String>,
    /// Stderr lines of a rebuild that has not ended yet.
    failure: std::cell::RefCell<String>,
    /// Every stderr line read so far.
    seen: std::cell::RefCell<Vec<String>>,
}

/// How long the watcher must stay silent for the served site to count as settled.
const QUIET: Duration = Duration::from_millis(400);

/// What one rebuild printed.
#[derive(Debug)]
pub enum Rebuild {
    /// `Rebuilt N pages (M rendered)`: how many were rendered.
    Ok(usize),
    /// `Build failed; still serving the last good version.`, with the stderr lines before it.
    Failed(String),
}

impl Server {
    /// Starts `vertebra serve --port 0` in the site root and waits for its first build.
    pub fn start(site: &TestSite) -> Server {
        Server::start_with(site, &[])
    }

    /// Starts `vertebra serve --port 0` with more arguments (`--today`, `--drafts`, or a
    /// `--port` of the test's own).
    pub fn start_with(site: &TestSite, args: &[&str]) -> Server {
        let free_port: &[&str] = if args.contains(&"--port") {
            &[]
        } else {
            &["--port", "0"]
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_vertebra"))
            .arg("serve")
            .args(free_port)
            .args(args)
            .current_dir(site.root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start vertebra serve");
        let (out_tx, stdout) = channel();
        let (err_tx, stderr) = channel();
        let out = child.stdout.take().unwrap();
        let err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                let _ = out_tx.send(line);
            }
        });
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                let _ = err_tx.send(line);
            }
        });
        let mut server = Server {
            child,
            base: String::new(),
            port: 0,
            stdout,
            stderr,
            failure: Default::default(),
            seen: Default::default(),
        };
        let deadline = Instant::now() + Duration::from_secs(60);
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

    /// Waits for the next rebuild to end (a success line on stdout or a failure on stderr).
    pub fn next_rebuild(&self) -> Rebuild {
        self.rebuild_within(Duration::from_secs(60))
            .expect("a rebuild within 60 s")
    }

    /// Waits for a rebuild, then for the watcher to go quiet: one edit can be several file
    /// events (a remove and a create), and so several rebuilds. Returns the last.
    pub fn settled_rebuild(&self) -> Rebuild {
        let mut last = self.next_rebuild();
        while let Some(next) = self.rebuild_within(QUIET) {
            last = next;
        }
        last
    }

    /// The next rebuild to end within `timeout`, if one does.
    pub fn rebuild_within(&self, timeout: Duration) -> Option<Rebuild> {
        let deadline = Instant::now() + timeout;
        let mut failure = self.failure.borrow_mut();
        while Instant::now() < deadline {
            if let Ok(line) = self.stdout.recv_timeout(Duration::from_millis(10))
                && let Some(rest) = line.strip_prefix("Rebuilt ")
            {
                failure.clear();
                let rendered = rest.split('(').nth(1).and_then(|r| r.split(' ').next());
                return Some(Rebuild::Ok(rendered.unwrap().parse().unwrap()));
            }
            while let Ok(line) = self.stderr.try_recv() {
                self.seen.borrow_mut().push(line.clone());
                if line.starts_with("Build failed; still serving") {
                    return Some(Rebuild::Failed(std::mem::take(&mut *failure)));
                }
                failure.push_str(&line);
                failure.push('\n');
            }
        }
        None
    }

    /// The stderr lines read so far, waiting up to 20 s for one that `wanted` accepts: stdout
    /// and stderr are separate pipes, so a rebuild's warnings may arrive after its summary.
    pub fn stderr_until(&self, wanted: impl Fn(&str) -> bool) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !self.seen.borrow().iter().any(|l| wanted(l)) {
            match self
                .stderr
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            {
                Ok(line) => self.seen.borrow_mut().push(line),
                Err(_) => break,
            }
        }
        self.seen.borrow().clone()
    }

    /// Asserts that no rebuild starts within `quiet` (the watcher ignored what happened).
    pub fn no_rebuild_within(&self, quiet: Duration) {
        if let Ok(line) = self.stdout.recv_timeout(quiet) {
            panic!("unexpected output: {line}");
        }
    }

    /// A raw `GET` of `target` (the request line's second word, sent as it is).
    pub fn get(&self, target: &str) -> Response {
        self.request(&format!(
            "GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        ))
    }

    /// Sends `raw` as the whole request and reads the whole response.
    pub fn request(&self, raw: &str) -> Response {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        stream.write_all(raw.as_bytes()).unwrap();
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).unwrap();
        Response::parse(&bytes)
    }
}

impl Server {
    /// Asserts that every file of a fresh build of the site (with this server's base URL) is
    /// served with the same bytes, the live-reload script aside; returns the fresh build's
    /// file paths.
    pub fn assert_equals_fresh_build(&self, site: &TestSite) -> Vec<String> {
        let fresh = tempfile::tempdir().unwrap();
        let out = fresh.path().join("out");
        site.build_ok(&[
            "--output-dir",
            out.to_str().unwrap(),
            "--base-url",
            &self.base,
        ]);
        let files = super::snapshot(&out);
        for (path, bytes) in &files {
            let url = format!("/{}", path.trim_end_matches("index.html"));
            let response = self.get(&url);
            assert_eq!(response.status, 200, "{url}");
            assert_eq!(
                response
                    .text()
                    .replace(vertebra::serve::server::RELOAD_SCRIPT, ""),
                String::from_utf8_lossy(bytes),
                "{url} differs from a fresh build"
            );
        }
        files.into_keys().collect()
    }

    /// Sends `signal` to the server and waits for it to exit.
    #[cfg(unix)]
    pub fn stop_with(mut self, signal: libc::c_int) -> std::process::ExitStatus {
        let pid = libc::pid_t::try_from(self.child.id()).unwrap();
        // SAFETY: sends a signal to our own child process.
        assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
        self.child.wait().unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A response: status, headers (lower-cased names), body bytes.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    fn parse(raw: &[u8]) -> Response {
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a response head");
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let mut body = raw[split + 4..].to_vec();
        let mut lines = head.lines();
        let status_line = lines.next().unwrap_or_default();
        let status = status_line.split(' ').nth(1).unwrap().parse().unwrap();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        if headers
            .iter()
            .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"))
        {
            body = dechunk(&body);
        }
        Response {
            status,
            headers,
            body,
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = body.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&body[..end]).unwrap_or("0").trim();
        let Ok(size) = usize::from_str_radix(size, 16) else {
            break;
        };
        if size == 0 {
            break;
        }
        out.extend_from_slice(&body[end + 2..end + 2 + size]);
        body = &body[end + 2 + size + 2..];
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
