//! The dev server's answer to every kind of bad path, over raw TCP: one defined status each
//! (listed in docs/reliability.md), double encoding, an absolute URL in the request line, and a
//! static file replaced by a symlink after the build.

mod common;

use common::TestSite;
use common::server::Server;

fn site() -> TestSite {
    let site = TestSite::with_basic_content();
    site.write("static/notes.txt", "public notes\n");
    site.write("static/docs/guide.txt", "public guide\n");
    site
}

#[test]
fn every_kind_of_bad_path_has_one_status() {
    let site = site();
    let server = Server::start(&site);
    // 400: a `.` or `..` segment, a backslash or a NUL, after decoding once.
    for path in [
        "/../site.toml",
        "/./notes.txt",
        "/%2e%2e/site.toml",
        "/%2E%2E%2Fsite.toml",
        "/articles/..%2f..%2fsite.toml",
        "/a/%2e%2e/%2e%2e/site.toml",
        "/a%5c..%5csite.toml",
        "/notes.txt%00",
        "/%ff%fe",
    ] {
        assert_eq!(server.get(path).status, 400, "{path}");
    }
    // 404: decoded once, double encoding is a literal file name that does not exist; so is
    // every source file and anything outside the output.
    for path in [
        "/%252e%252e/site.toml",
        "/%252e%252e%252fsite.toml",
        "/articles/%252e%252e/%252e%252e/site.toml",
        "//etc/passwd",
        "/site.toml",
        "/content/articles/first.md",
        "/static/notes.txt",
    ] {
        let response = server.get(path);
        assert_eq!(response.status, 404, "{path}");
        assert!(
            !response.text().contains("Test Clinic\"\nbase_url"),
            "{path}"
        );
    }
    assert_eq!(server.get("/notes.txt").text(), "public notes\n");
}

#[test]
fn an_absolute_url_in_the_request_line_is_served_by_its_path() {
    let site = site();
    let server = Server::start(&site);
    let port = server.port;
    let home = server.get(&format!("http://127.0.0.1:{port}/"));
    assert_eq!(home.status, 200);
    assert_eq!(home.text(), server.get("/").text());
    let notes = server.get(&format!("http://127.0.0.1:{port}/notes.txt"));
    assert_eq!(
        (notes.status, notes.text().as_str()),
        (200, "public notes\n")
    );
    // Another host in the URL changes nothing: only the path is looked up.
    let elsewhere = server.get("http://evil.example/notes.txt");
    assert_eq!(elsewhere.text(), "public notes\n");
    for path in [
        format!("http://127.0.0.1:{port}/../site.toml"),
        format!("http://127.0.0.1:{port}/%2e%2e/site.toml"),
    ] {
        assert_eq!(server.get(&path).status, 400, "{path}");
    }
    assert_eq!(
        server
            .get(&format!("http://127.0.0.1:{port}/site.toml"))
            .status,
        404
    );
}

#[cfg(unix)]
#[test]
fn a_static_file_swapped_for_a_symlink_after_the_build_is_refused() {
    use common::server::Rebuild;
    let site = site();
    let secret = tempfile::tempdir().unwrap();
    std::fs::write(secret.path().join("secret.txt"), "TOP SECRET\n").unwrap();
    std::fs::create_dir(secret.path().join("docs")).unwrap();
    std::fs::write(secret.path().join("docs/guide.txt"), "TOP SECRET GUIDE\n").unwrap();
    let server = Server::start(&site);
    assert_eq!(server.get("/notes.txt").text(), "public notes\n");
    assert_eq!(server.get("/docs/guide.txt").text(), "public guide\n");
    // A broken page keeps the server on the last good build, whose static files are read
    // from disk on request: the moment a swapped-in symlink could leak.
    site.write("content/articles/broken.md", "no front matter\n");
    assert!(matches!(server.settled_rebuild(), Rebuild::Failed(_)));
    let notes = site.root().join("static/notes.txt");
    std::fs::remove_file(&notes).unwrap();
    std::os::unix::fs::symlink(secret.path().join("secret.txt"), &notes).unwrap();
    let folder = site.root().join("static/docs");
    std::fs::remove_dir_all(&folder).unwrap();
    std::os::unix::fs::symlink(secret.path().join("docs"), &folder).unwrap();
    assert!(matches!(server.settled_rebuild(), Rebuild::Failed(_)));
    for path in ["/notes.txt", "/docs/guide.txt"] {
        let response = server.get(path);
        assert_eq!(response.status, 403, "{path}: {}", response.text());
        assert!(!response.text().contains("TOP SECRET"), "{path}");
    }
    // Once the site builds again, the symlinks are not part of it at all.
    std::fs::remove_file(site.root().join("content/articles/broken.md")).unwrap();
    let rebuild = server.settled_rebuild();
    assert!(matches!(rebuild, Rebuild::Ok(_)), "{rebuild:?}");
    for path in ["/notes.txt", "/docs/guide.txt"] {
        let response = server.get(path);
        assert_eq!(response.status, 404, "{path}");
        assert!(!response.text().contains("TOP SECRET"), "{path}");
    }
}
