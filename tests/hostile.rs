//! The hostile-input suite: one case per file in `tests/hostile/`, run by this one test.
//!
//! For every case the runner builds a good site first (one therapy, one article: the same as
//! `TestSite::with_basic_content`) and keeps a snapshot of its `public/`. Then it applies the
//! case, runs the real `vertebra` binary, and checks:
//!
//! - the exit code the case expects (1 for hostile input, 0 for input that must build), and
//!   never a panic;
//! - each line the case expects in stderr (the error text, naming the file and, where there
//!   is one, the line and column);
//! - after a failed build, that `public/` is byte-for-byte what it was and that no staging or
//!   backup folder was left beside it;
//! - after a successful one, what the case says about the output.
//!
//! Every case runs even when another fails; the test fails at the end with each failing case
//! named. `HOSTILE_CASE=name` runs only the cases whose file name contains `name`;
//! `HOSTILE_DUMP=DIR` writes each case's exit code, stdout and stderr to a file in DIR.
//!
//! # The case format
//!
//! A case file is a list of directives, each on a line of its own starting with `==`. Lines
//! before the first directive, and lines starting with `#` between directives, are comments.
//! A directive that takes a block (`write`, `write-escaped`) takes every line up to the next
//! `==` line; other directives must not be followed by text.
//!
//! | directive | what it does |
//! | --- | --- |
//! | `== write PATH` | writes the block that follows to PATH (relative to the site root), as it is |
//! | `== write-escaped PATH` | the same, but `\xHH`, `\n`, `\r`, `\t` and `\\` in the block are escapes, for byte-order marks, CRLF and invalid UTF-8; a line ending in `\` (after escapes) is joined to the next |
//! | `== delete PATH` | removes a file of the good site |
//! | `== symlink PATH -> TARGET` | makes PATH a symbolic link to TARGET (as written: relative to PATH's folder, or absolute); `{outside}` in TARGET is a folder outside the site holding `secret.txt` and `secret/` (Unix only: elsewhere the case fails) |
//! | `== generate PATH KIND N` | writes an article to PATH whose body is made at run time: `article-mb N` (about N megabytes of realistic text, headings, lists and links), `nested-quotes N`, `nested-lists N`, `same-headings N`, `broken-links N` |
//! | `== requires PATH` | PATH must exist on this machine; the case fails (naming PATH) when it does not, so that no case is skipped unseen |
//! | `== run ARGS` | the command line after `vertebra` (default: `build`) |
//! | `== exit N` | the exit code: 1 (the build must fail and leave `public/` untouched) or 0 |
//! | `== stderr LINE` | stderr must have a line exactly equal to LINE; each `stderr` directive needs a line of its own, so two equal directives need two equal lines |
//! | `== stderr-has TEXT` | some line of stderr must contain TEXT |
//! | `== errors N` | stderr ends with the summary of exactly N errors, and exactly N `error:` diagnostics were printed before it (required when the exit code is 1) |
//! | `== output PATH` | (exit 0) the output has the file PATH |
//! | `== no-output PATH` | (exit 0) the output has no file or folder PATH |
//! | `== output-has PATH TEXT` | (exit 0) the output file PATH contains TEXT |
//! | `== not-copied FILE` | (exit 0) no output file has FILE's bytes or contains its text (`{outside}` as above) |
mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use common::{TestSite, snapshot};

/// One case file, read.
#[derive(Debug, Default)]
struct Case {
    steps: Vec<Step>,
    requires: Vec<PathBuf>,
    args: Vec<String>,
    exit: Option<i32>,
    expect: Vec<Expect>,
}

#[derive(Debug)]
enum Step {
    Write(String, Vec<u8>),
    Delete(String),
    Symlink(String, String),
    Generate(String, String, usize),
}

#[derive(Debug)]
enum Expect {
    StderrLine(String),
    StderrHas(String),
    Errors(usize),
    Output(String),
    NoOutput(String),
    OutputHas(String, String),
    NotCopied(String),
}

fn parse_case(text: &str) -> Result<Case, String> {
    let mut case = Case {
        args: vec!["build".to_string()],
        ..Case::default()
    };
    let mut lines = text.lines().peekable();
    // Comments before the first directive.
    while lines.peek().is_some_and(|l| !l.starts_with("==")) {
        lines.next();
    }
    while let Some(line) = lines.next() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let Some(directive) = line.strip_prefix("== ") else {
            return Err(format!("expected a `==` directive, found {line:?}"));
        };
        let (word, rest) = directive.split_once(' ').unwrap_or((directive, ""));
        let mut block = || {
            let mut body = String::new();
            while let Some(next) = lines.next_if(|l| !l.starts_with("==")) {
                body.push_str(next);
                body.push('\n');
            }
            body
        };
        match word {
            "write" => case
                .steps
                .push(Step::Write(rest.to_string(), block().into_bytes())),
            "write-escaped" => case
                .steps
                .push(Step::Write(rest.to_string(), unescape(&block())?)),
            "delete" => case.steps.push(Step::Delete(rest.to_string())),
            "symlink" => {
                let (path, target) = rest
                    .split_once(" -> ")
                    .ok_or_else(|| format!("`symlink` needs PATH -> TARGET: {line:?}"))?;
                case.steps
                    .push(Step::Symlink(path.to_string(), target.to_string()));
            }
            "generate" => {
                let parts: Vec<&str> = rest.split_whitespace().collect();
                let [path, kind, n] = parts[..] else {
                    return Err(format!("`generate` needs PATH KIND N: {line:?}"));
                };
                let n = n.parse().map_err(|_| format!("not a number: {n:?}"))?;
                case.steps
                    .push(Step::Generate(path.to_string(), kind.to_string(), n));
            }
            "requires" => case.requires.push(PathBuf::from(rest)),
            "run" => case.args = rest.split_whitespace().map(str::to_string).collect(),
            "exit" => {
                case.exit = Some(
                    rest.parse()
                        .map_err(|_| format!("bad exit code {rest:?}"))?,
                )
            }
            "stderr" => case.expect.push(Expect::StderrLine(rest.to_string())),
            "stderr-has" => case.expect.push(Expect::StderrHas(rest.to_string())),
            "errors" => case.expect.push(Expect::Errors(
                rest.parse().map_err(|_| format!("bad count {rest:?}"))?,
            )),
            "output" => case.expect.push(Expect::Output(rest.to_string())),
            "no-output" => case.expect.push(Expect::NoOutput(rest.to_string())),
            "output-has" => {
                let (path, text) = rest
                    .split_once(' ')
                    .ok_or_else(|| format!("`output-has` needs PATH TEXT: {line:?}"))?;
                case.expect
                    .push(Expect::OutputHas(path.to_string(), text.to_string()));
            }
            "not-copied" => case.expect.push(Expect::NotCopied(rest.to_string())),
            other => return Err(format!("unknown directive `{other}`")),
        }
    }
    let counts_errors = case.expect.iter().any(|e| matches!(e, Expect::Errors(_)));
    match case.exit {
        Some(1) if !counts_errors => Err("a failing case needs `== errors N`".to_string()),
        Some(0 | 1) => Ok(case),
        Some(code) => Err(format!("`== exit {code}`: a case expects 0 or 1")),
        None => Err("no `== exit` line".to_string()),
    }
}

/// `\xHH`, `\n`, `\r`, `\t`, `\\`; a `\` at the end of a line joins it to the next.
fn unescape(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        match bytes.get(i + 1) {
            Some(b'x') => {
                let hex = text
                    .get(i + 2..i + 4)
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or_else(|| format!("bad \\x escape at byte {i}"))?;
                out.push(hex);
                i += 4;
            }
            Some(b'\n') => i += 2,
            Some(&c) => {
                out.push(match c {
                    b'n' => b'\n',
                    b'r' => b'\r',
                    b't' => b'\t',
                    b'\\' => b'\\',
                    _ => return Err(format!("bad escape at byte {i}")),
                });
                i += 2;
            }
            None => return Err("a `\\` at the very end".to_string()),
        }
    }
    Ok(out)
}

/// The body of an article made at run time.
fn generate(kind: &str, n: usize) -> Result<String, String> {
    let front =
        "+++\ntitle = \"Generated\"\ndate = 2025-03-04\ntherapies = [\"acupuncture\"]\n+++\n";
    let body = match kind {
        "article-mb" => {
            let words = [
                "spine", "back", "pain", "muscle", "disc", "nerve", "posture", "movement",
                "strength", "stretch", "walk", "rest", "sleep", "exercise", "relief", "lumbar",
            ];
            let target = n * 1024 * 1024;
            let mut body = String::with_capacity(target + 4096);
            let mut i = 0usize;
            while body.len() < target {
                match i % 40 {
                    0 => body.push_str(&format!("## Part {i} of the long article\n\n")),
                    10 => body.push_str(
                        "- a point about [the first article](/articles/first/)\n- another about [acupuncture](@/therapies/acupuncture.md)\n- and *one* more with `code`\n\n",
                    ),
                    20 => body.push_str("| Option | Notes |\n|---|---|\n| heat | gentle |\n| cold | brief |\n\n"),
                    _ => {
                        for w in 0..120 {
                            body.push_str(words[(i * 7 + w * 13) % words.len()]);
                            body.push(if w % 15 == 14 { '.' } else { ' ' });
                        }
                        body.push_str("\n\n");
                    }
                }
                i += 1;
            }
            body
        }
        "nested-quotes" => format!("{}deep inside\n", "> ".repeat(n)),
        "nested-lists" => format!("{}deep inside\n", "- ".repeat(n)),
        "same-headings" => "## The same heading\n\nText.\n\n".repeat(n),
        "broken-links" => (0..n)
            .map(|i| format!("[link {i}](/nowhere-{i}/)\n\n"))
            .collect(),
        other => return Err(format!("unknown generator `{other}`")),
    };
    Ok(format!("{front}{body}"))
}

/// A folder outside every test site, with a secret that must never reach an output.
fn outside() -> &'static Path {
    static OUTSIDE: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    OUTSIDE
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("temp dir");
            fs::write(
                dir.path().join("secret.txt"),
                "TOP SECRET: outside the site\n",
            )
            .unwrap();
            fs::create_dir(dir.path().join("secret")).unwrap();
            fs::write(dir.path().join("secret/inner.txt"), "TOP SECRET: inner\n").unwrap();
            dir
        })
        .path()
}

fn with_outside(text: &str) -> String {
    text.replace("{outside}", &outside().display().to_string())
}

/// Runs one case.
fn run_case(name: &str, case: &Case) -> Result<(), String> {
    if let Some(missing) = case.requires.iter().find(|p| !p.exists()) {
        return Err(format!(
            "the case requires {}, which this machine does not have",
            missing.display()
        ));
    }
    let site = TestSite::with_basic_content();
    site.build_ok(&[]);
    let public = site.root().join("public");
    let before = snapshot(&public);
    if !before.contains_key("index.html") {
        return Err("the good build wrote no index.html".into());
    }
    for step in &case.steps {
        apply(site.root(), step)?;
    }
    let args: Vec<&str> = case.args.iter().map(String::as_str).collect();
    let run = site.run(&args);
    let shown = format!(
        "exit code {}\n--- stdout\n{}--- stderr\n{}",
        run.code, run.stdout, run.stderr
    );
    if let Some(dump) = std::env::var_os("HOSTILE_DUMP") {
        let file = Path::new(&dump).join(name.replace('/', "_") + ".txt");
        let _ = fs::write(file, &shown);
    }
    let fail = |what: String| Err(format!("{what}\n{shown}"));
    if run.stderr.contains("panicked") || run.code == 101 {
        return fail("it panicked".into());
    }
    let exit = case.exit.unwrap_or(1);
    if run.code != exit {
        return fail(format!("expected exit code {exit}"));
    }
    let mut unmatched: Vec<&str> = run.stderr.lines().collect();
    for expect in &case.expect {
        if let Err(what) = check(expect, &run.stderr, &mut unmatched, &public) {
            return fail(what);
        }
    }
    if exit == 1 {
        if run.stdout.contains("Built ") {
            return fail("a failed build printed a success line".into());
        }
        let after = snapshot(&public);
        if after != before {
            return fail(format!(
                "a failed build changed public/: {}",
                describe_change(&before, &after)
            ));
        }
    }
    let leftovers: Vec<String> = fs::read_dir(site.root())
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".public."))
        .collect();
    if !leftovers.is_empty() {
        return fail(format!("left behind: {leftovers:?}"));
    }
    Ok(())
}

fn apply(root: &Path, step: &Step) -> Result<(), String> {
    let write = |path: &str, bytes: &[u8]| {
        let path = root.join(path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))
    };
    match step {
        Step::Write(path, bytes) => write(path, bytes),
        Step::Generate(path, kind, n) => write(path, generate(kind, *n)?.as_bytes()),
        Step::Delete(path) => fs::remove_file(root.join(path)).map_err(|e| format!("{path}: {e}")),
        Step::Symlink(path, target) => {
            let link = root.join(path);
            if let Some(parent) = link.parent() {
                fs::create_dir_all(parent).map_err(|e| e.to_string())?;
            }
            symlink(&with_outside(target), &link)
        }
    }
}

#[cfg(unix)]
fn symlink(target: &str, link: &Path) -> Result<(), String> {
    std::os::unix::fs::symlink(target, link).map_err(|e| format!("{}: {e}", link.display()))
}

#[cfg(not(unix))]
fn symlink(_: &str, _: &Path) -> Result<(), String> {
    Err("symlinks are only made on Unix".into())
}

/// Checks one expectation. `unmatched` holds the stderr lines no `stderr` directive has
/// matched yet: each directive takes the line it matches away.
fn check(
    expect: &Expect,
    stderr: &str,
    unmatched: &mut Vec<&str>,
    public: &Path,
) -> Result<(), String> {
    let output = |path: &str| public.join(path);
    match expect {
        Expect::StderrLine(line) => match unmatched.iter().position(|l| l == line) {
            Some(at) => {
                unmatched.remove(at);
            }
            None if stderr.lines().any(|l| l == line) => {
                return Err(format!(
                    "expected this line in stderr once more than it was printed:\n{line}"
                ));
            }
            None => return Err(format!("expected this line in stderr:\n{line}")),
        },
        Expect::StderrHas(text) => {
            if !stderr.contains(text.as_str()) {
                return Err(format!("expected stderr to contain:\n{text}"));
            }
        }
        Expect::Errors(count) => {
            let summary = format!(
                "error: failed with {count} error{}; nothing was written",
                if *count == 1 { "" } else { "s" }
            );
            if stderr.lines().last() != Some(summary.as_str()) {
                return Err(format!("expected stderr to end with:\n{summary}"));
            }
            let printed = stderr
                .lines()
                .filter(|l| l.starts_with("error: ") && !l.starts_with("error: failed with "))
                .count();
            if printed != *count {
                return Err(format!(
                    "the summary says {count} errors, but {printed} `error:` lines were printed"
                ));
            }
        }
        Expect::Output(path) => {
            if !output(path).is_file() {
                return Err(format!("expected the output file {path}"));
            }
        }
        Expect::NoOutput(path) => {
            if fs::symlink_metadata(output(path)).is_ok() {
                return Err(format!("expected no output at {path}"));
            }
        }
        Expect::OutputHas(path, text) => {
            let written = fs::read_to_string(output(path)).map_err(|e| format!("{path}: {e}"))?;
            if !written.contains(text.as_str()) {
                return Err(format!(
                    "expected the output file {path} to contain:\n{text}"
                ));
            }
        }
        Expect::NotCopied(file) => {
            let file = with_outside(file);
            let secret = fs::read(&file).map_err(|e| format!("{file}: {e}"))?;
            let text = String::from_utf8_lossy(&secret).trim().to_string();
            for (path, bytes) in snapshot(public) {
                // A short secret (a host named `vm`) is in any big file by chance, as in
                // Pagefind's minified scripts: only a copy of it counts then.
                let contains =
                    text.len() >= 8 && String::from_utf8_lossy(&bytes).contains(text.as_str());
                if bytes == secret || contains {
                    return Err(format!(
                        "the output file {path} holds the contents of {file}"
                    ));
                }
            }
        }
    }
    Ok(())
}

fn describe_change(
    before: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
) -> String {
    let added: Vec<&String> = after.keys().filter(|k| !before.contains_key(*k)).collect();
    let removed: Vec<&String> = before.keys().filter(|k| !after.contains_key(*k)).collect();
    let changed: Vec<&String> = before
        .iter()
        .filter(|(k, v)| after.get(*k).is_some_and(|w| w != *v))
        .map(|(k, _)| k)
        .collect();
    format!("added {added:?}, removed {removed:?}, changed {changed:?}")
}

#[test]
fn hostile_inputs() {
    let dir = common::repo_root().join("tests/hostile");
    let filter = std::env::var("HOSTILE_CASE").ok();
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("tests/hostile/")
        .map(|e| e.expect("a case file").path())
        .filter(|p| p.extension().is_some_and(|e| e == "case"))
        .filter(|p| {
            filter.as_deref().is_none_or(|f| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().contains(f))
            })
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no case files in {}", dir.display());
    let queue = Mutex::new(files.iter());
    let failures = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let Some(path) = queue.lock().unwrap().next() else {
                        break;
                    };
                    let name = format!(
                        "tests/hostile/{}",
                        path.file_name().unwrap_or_default().to_string_lossy()
                    );
                    let result = fs::read_to_string(path)
                        .map_err(|e| e.to_string())
                        .and_then(|text| parse_case(&text))
                        .and_then(|case| run_case(&name, &case));
                    if let Err(why) = result {
                        failures.lock().unwrap().push(format!("{name}: {why}"));
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} of {} hostile cases failed:\n\n{}",
        failures.len(),
        files.len(),
        failures.join("\n\n")
    );
}
