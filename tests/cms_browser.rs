//! The editing screen in a real browser: headless Chromium opens /admin/ of the example site,
//! served by `vertebra serve`, against Decap's local backend (decap-server) on loopback; it sees
//! the articles, therapies and conditions with their entries, creates an article with two
//! therapies chosen from the form's list and publishes it; `vertebra build` then has the
//! article with links to both therapies. No console errors, nothing from another host.
//!
//! Needs tests/cms/node_modules (`npm ci --ignore-scripts` there; .ci/run does it) and
//! Debian's Chromium. Without the npm packages the test says so loudly and skips.

mod common;

use std::fs;
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::server::Server;
use common::{TestSite, repo_root, run_in};
use serde_json::Value;

/// A process killed when the test ends, however it ends.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

fn wait_for_port(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "decap-server did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn chromium() -> PathBuf {
    let path = PathBuf::from(std::env::var("CHROMIUM").unwrap_or("/usr/bin/chromium".into()));
    assert!(
        path.is_file(),
        "no Chromium at {} (apt-get install chromium, or set CHROMIUM)",
        path.display()
    );
    path
}

#[test]
fn an_editor_creates_an_article_with_two_therapies_and_the_build_has_it() {
    let node_dir = repo_root().join("tests/cms");
    if !node_dir.join("node_modules/puppeteer-core").is_dir() {
        eprintln!(
            "\n\n*** SKIPPED: tests/cms/node_modules is missing; run `(cd tests/cms && npm ci --ignore-scripts)` to run the Decap CMS browser test ***\n"
        );
        return;
    }
    let chromium = chromium();
    let site = TestSite::example();
    let backend_port = free_port();
    let toml = fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        format!("{toml}\n[cms]\nlocal_port = {backend_port}\n"),
    );
    let decap = node_dir.join("node_modules/decap-cms");
    let init = site.run(&["cms", "init", "--from", decap.to_str().unwrap()]);
    assert_eq!(init.code, 0, "{}", init.stderr);

    let _backend = Killed(
        Command::new("node")
            .arg(node_dir.join("node_modules/decap-server/dist/index.js"))
            .env("PORT", backend_port.to_string())
            .env("BIND_HOST", "127.0.0.1")
            .env("GIT_REPO_DIRECTORY", site.root())
            .env("LOG_LEVEL", "warn")
            .stdout(Stdio::null())
            .spawn()
            .expect("start decap-server"),
    );
    wait_for_port(backend_port);
    let server = Server::start(&site);

    let browser = Command::new("node")
        .current_dir(&node_dir)
        .arg("browser.mjs")
        .arg(format!("{}admin/", server.base))
        .arg(&chromium)
        .args(["Exercises for a Stiff Back", "Heat", "Cold"])
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&browser.stdout);
    let report: Value = serde_json::from_str(stdout.trim()).unwrap_or_else(|_| {
        panic!(
            "no report from browser.mjs: {stdout}\n{}",
            String::from_utf8_lossy(&browser.stderr)
        )
    });
    assert_eq!(report["saved"], true, "{report:#}");
    for (collection, title) in [
        (
            "articles",
            "Heat or Cold for Back Pain: Which Should You Use?",
        ),
        ("therapies", "Acupuncture"),
        ("conditions", "Sciatica"),
    ] {
        let titles = report["entries"][collection].as_array().unwrap();
        assert!(
            titles.iter().any(|t| t == title),
            "{collection}: {titles:?}"
        );
    }
    assert_eq!(report["consoleErrors"], Value::Array(vec![]), "{report:#}");
    assert_eq!(report["offsite"], Value::Array(vec![]), "{report:#}");
    drop(server);

    // Saved by decap-server into the site, as the articles collection's form wrote it.
    let saved = fs::read_to_string(
        site.root()
            .join("content/articles/exercises-for-a-stiff-back.md"),
    )
    .expect("the CMS saved the article");
    assert!(
        saved.contains("title: Exercises for a Stiff Back"),
        "{saved}"
    );
    let build = run_in(site.root(), &["build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let html = site.output("articles/exercises-for-a-stiff-back/index.html");
    assert!(html.contains("href=\"/therapies/heat-therapy/\""), "{html}");
    assert!(html.contains("href=\"/therapies/cold-therapy/\""), "{html}");
}
