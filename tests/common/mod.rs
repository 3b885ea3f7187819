//! Helpers shared by the integration tests: a throwaway site in a temp folder, the `vertebra`
//! binary, and readers for what it wrote.
#![allow(dead_code)]

pub mod browser;
pub mod server;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root, which is itself the example site.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Where the built-in theme's files are in the source tree.
pub fn built_in_theme() -> PathBuf {
    repo_root().join("src/theme/default")
}

/// A site in a temp folder, with the shipped default theme copied in (as `vertebra theme
/// eject` would), or without any theme folder ([`TestSite::bare`]).
pub struct TestSite {
    pub dir: tempfile::TempDir,
}

/// A minimal site.toml (that of tests/fixtures/basic/); tests append tables or replace it.
pub const SITE_TOML: &str = include_str!("../fixtures/basic/site.toml");

impl TestSite {
    /// An empty site: site.toml and a copy of the default theme in themes/default, no content.
    pub fn new() -> TestSite {
        let site = TestSite::bare();
        copy_dir(&built_in_theme(), &site.root().join("themes/default"));
        site
    }

    /// An empty site with only site.toml: it uses the built-in theme.
    pub fn bare() -> TestSite {
        let dir = tempfile::tempdir().expect("temp dir");
        let site = TestSite { dir };
        site.write("site.toml", SITE_TOML);
        site
    }

    /// A site with one therapy and one article that lists it: tests/fixtures/basic/.
    pub fn with_basic_content() -> TestSite {
        TestSite::fixture("basic")
    }

    /// A copy of the whole-site fixture tests/fixtures/NAME/, with the default theme.
    pub fn fixture(name: &str) -> TestSite {
        let site = TestSite::new();
        copy_dir(&repo_root().join("tests/fixtures").join(name), site.root());
        site
    }

    /// A copy of the repository's example site: its site.toml and content/, and the theme.
    pub fn example() -> TestSite {
        let site = TestSite::new();
        copy_dir(&repo_root().join("content"), &site.root().join("content"));
        fs::copy(repo_root().join("site.toml"), site.root().join("site.toml")).unwrap();
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file under the site root, creating folders.
    pub fn write(&self, relative: &str, text: impl AsRef<[u8]>) {
        let path = self.root().join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    /// Runs `vertebra <args>` in the site root.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.root(), args)
    }

    /// `vertebra build`, asserting success.
    pub fn build_ok(&self, extra: &[&str]) -> Run {
        let mut args = vec!["build"];
        args.extend_from_slice(extra);
        let run = self.run(&args);
        assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
        run
    }

    /// `vertebra build`, asserting failure with exit code 1.
    pub fn build_err(&self, extra: &[&str]) -> Run {
        let mut args = vec!["build"];
        args.extend_from_slice(extra);
        let run = self.run(&args);
        assert_eq!(
            run.code, 1,
            "expected the build to fail:\n{}{}",
            run.stdout, run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "panic:\n{}", run.stderr);
        run
    }

    /// `vertebra check`, asserting success.
    pub fn check_ok(&self, extra: &[&str]) -> Run {
        let mut args = vec!["check"];
        args.extend_from_slice(extra);
        let run = self.run(&args);
        assert_eq!(run.code, 0, "check failed:\n{}", run.stderr);
        run
    }

    /// `vertebra check`, asserting failure with exit code 1.
    pub fn check_err(&self, extra: &[&str]) -> Run {
        let mut args = vec!["check"];
        args.extend_from_slice(extra);
        let run = self.run(&args);
        assert_eq!(
            run.code, 1,
            "expected the check to fail:\n{}{}",
            run.stdout, run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "panic:\n{}", run.stderr);
        run
    }

    /// A file of the output folder, as text.
    pub fn output(&self, relative: &str) -> String {
        let path = self.root().join("public").join(relative);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// Whether a file exists in the output folder.
    pub fn output_exists(&self, relative: &str) -> bool {
        self.root().join("public").join(relative).exists()
    }

    /// A page of the output, parsed.
    pub fn html(&self, relative: &str) -> scraper::Html {
        scraper::Html::parse_document(&self.output(relative))
    }
}

/// Runs `vertebra <args>` in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_vertebra"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run vertebra");
    Run::from(output)
}

/// The result of running the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The lines of stderr that start with `error: `, the closing summary among them.
    pub fn error_lines(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.starts_with("error: "))
            .collect()
    }
}

impl From<Output> for Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes, by relative path.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    if !dir.exists() {
        return files;
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let relative = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            files.insert(relative, fs::read(entry.path()).unwrap());
        }
    }
    files
}

/// The texts of every element matching `selector`.
pub fn texts(html: &scraper::Html, selector: &str) -> Vec<String> {
    let selector = scraper::Selector::parse(selector).unwrap();
    html.select(&selector)
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

/// The `attr` of every element matching `selector`.
pub fn attrs(html: &scraper::Html, selector: &str, attr: &str) -> Vec<String> {
    let selector = scraper::Selector::parse(selector).unwrap();
    html.select(&selector)
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// Builds `site`'s content in `fresh` (a site with the same site.toml and theme) and asserts
/// that `site`'s output is byte for byte that fresh build's.
pub fn assert_equals_fresh_build(site: &TestSite, fresh: TestSite) {
    copy_dir(&site.root().join("content"), &fresh.root().join("content"));
    fresh.build_ok(&[]);
    assert!(
        snapshot(&fresh.root().join("public")) == snapshot(&site.root().join("public")),
        "the output differs from a fresh build of the same content"
    );
}

/// A JPEG `width` × `height` with some texture (so encoders have work to do), whose pixels
/// depend on `seed`, so each seed has its own resized copies.
pub fn jpeg(width: u32, height: u32, seed: u8) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([
            (x % 251) as u8 ^ seed,
            (y % 241) as u8,
            ((x ^ y) % 239) as u8,
        ])
    });
    let mut bytes = Vec::new();
    image::ImageEncoder::write_image(
        image::codecs::jpeg::JpegEncoder::new(&mut bytes),
        image.as_raw(),
        width,
        height,
        image::ExtendedColorType::Rgb8,
    )
    .unwrap();
    bytes
}

/// Names beside `public` that belong to a build (`.public.*`: staging folders, an output
/// moved aside, a swap's journal), sorted.
pub fn build_leftovers(site: &TestSite) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".public."))
        .collect();
    names.sort();
    names
}
