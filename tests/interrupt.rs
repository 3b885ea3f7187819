//! Interrupted and failing writes leave nothing behind: SIGINT and SIGTERM during a real build
//! remove the staging folder and exit 130 / 143; after a `kill -9` the next build removes what
//! the dead one left; a write or swap that fails half-way keeps the previous output
//! byte-identical. Faults and pauses come from the test seam in `src/output/faults.rs`.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{Run, TestSite, snapshot};

/// A site big enough that its build writes for a while: `articles` articles.
fn big_site(articles: usize) -> TestSite {
    let site = TestSite::with_basic_content();
    for i in 0..articles {
        site.write(
            &format!("content/articles/generated-{i:05}.md"),
            format!(
                "+++\ntitle = \"Generated article {i}\"\ndate = 2025-02-03\ntherapies = [\"acupuncture\"]\n+++\n## Part one\n\nBody of article {i}, {}.\n",
                "with words to render ".repeat(40)
            ),
        );
    }
    site
}

/// `vertebra build` started in the background with extra environment variables.
fn spawn_build(site: &TestSite, env: &[(&str, &str)]) -> Child {
    let mut command = Command::new(env!("CARGO_BIN_EXE_vertebra"));
    command
        .arg("build")
        .current_dir(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in env {
        command.env(key, value);
    }
    command.spawn().expect("start vertebra build")
}

fn staging_of(site: &TestSite, child: &Child) -> PathBuf {
    site.root().join(format!(".public.staging-{}", child.id()))
}

fn files_in(folder: &Path) -> usize {
    walkdir::WalkDir::new(folder)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .count()
}

/// Waits until the build has written at least `files` files into its staging folder.
fn wait_for_staged_files(site: &TestSite, child: &Child, files: usize) {
    let staging = staging_of(site, child);
    let deadline = Instant::now() + Duration::from_secs(120);
    while files_in(&staging) < files {
        assert!(
            Instant::now() < deadline,
            "the build never wrote {files} files into {}",
            staging.display()
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn signal(child: &Child, signal: libc::c_int) {
    let pid = libc::pid_t::try_from(child.id()).unwrap();
    // SAFETY: sends a signal to our own child process.
    assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
}

fn finish(child: Child) -> Run {
    Run::from(child.wait_with_output().unwrap())
}

/// Builds the site once (the "previous output") and edits it so the next build differs.
fn built_then_edited(site: &TestSite) -> std::collections::BTreeMap<String, Vec<u8>> {
    site.build_ok(&[]);
    let before = snapshot(&site.root().join("public"));
    site.write(
        "content/articles/first.md",
        "+++\ntitle = \"First article, edited\"\ndate = 2025-01-02\n+++\nChanged.\n",
    );
    before
}

fn interrupted_build_leaves_nothing(signal_number: libc::c_int, code: i32) {
    let site = big_site(250);
    let before = built_then_edited(&site);
    let child = spawn_build(&site, &[("VERTEBRA_TEST_PAUSE_AFTER_WRITE", "100")]);
    wait_for_staged_files(&site, &child, 100);
    signal(&child, signal_number);
    let run = finish(child);
    assert_eq!(run.code, code, "stderr:\n{}", run.stderr);
    assert!(
        run.stderr
            .contains("Interrupted: removed the unfinished build in ")
            && run.stderr.contains(".public.staging-"),
        "stderr:\n{}",
        run.stderr
    );
    assert_eq!(common::build_leftovers(&site), Vec::<String>::new());
    assert!(
        before == snapshot(&site.root().join("public")),
        "output changed"
    );
}

#[test]
fn sigint_mid_write_removes_the_staging_folder_and_exits_130() {
    interrupted_build_leaves_nothing(libc::SIGINT, 130);
}

#[test]
fn sigterm_mid_write_removes_the_staging_folder_and_exits_143() {
    interrupted_build_leaves_nothing(libc::SIGTERM, 143);
}

/// No seam: a large site, signalled as soon as its staging folder holds some files. The build
/// must still be writing then (it has thousands left), so the signal lands mid-write.
#[test]
fn sigint_with_real_timing_lands_mid_write() {
    let site = big_site(2000);
    let before = built_then_edited(&site);
    let child = spawn_build(&site, &[]);
    wait_for_staged_files(&site, &child, 20);
    signal(&child, libc::SIGINT);
    let run = finish(child);
    // Had the build finished first, it would have exited 0 and changed the output.
    assert_eq!(
        run.code, 130,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    assert_eq!(common::build_leftovers(&site), Vec::<String>::new());
    assert!(
        before == snapshot(&site.root().join("public")),
        "output changed"
    );
}

#[test]
fn after_kill_9_the_next_build_removes_the_dead_builds_staging_folder() {
    let site = big_site(300);
    let before = built_then_edited(&site);
    let mut child = spawn_build(&site, &[("VERTEBRA_TEST_PAUSE_AFTER_WRITE", "50")]);
    wait_for_staged_files(&site, &child, 50);
    let staging = staging_of(&site, &child);
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        staging.is_dir(),
        "SIGKILL cannot be handled: the folder stays"
    );
    assert!(
        before == snapshot(&site.root().join("public")),
        "output changed"
    );
    // Folders that only look alike are never touched.
    let bystanders = [
        ".public.staging-12x",
        ".public.staging-1.keep",
        ".dist.staging-77",
    ];
    for name in bystanders {
        site.write(&format!("{name}/file.txt"), "keep me");
    }
    let name = staging.file_name().unwrap().to_string_lossy().into_owned();

    let run = site.build_ok(&[]);
    assert!(
        run.stderr.lines().any(|line| line
            == format!(
                "Removed 1 staging folder left by a build that is no longer running: {name}"
            )),
        "stderr:\n{}",
        run.stderr
    );
    assert!(!staging.exists());
    for name in bystanders {
        assert_eq!(
            std::fs::read_to_string(site.root().join(name).join("file.txt")).unwrap(),
            "keep me"
        );
    }
    assert!(
        site.output("articles/first/index.html")
            .contains("First article, edited")
    );
    common::assert_equals_fresh_build(&site, TestSite::new());
}

#[test]
fn a_build_that_died_mid_swap_gets_its_previous_output_back() {
    let site = TestSite::with_basic_content();
    site.build_ok(&[]);
    let before = snapshot(&site.root().join("public"));
    // What a build killed between its two renames leaves: the output moved aside, no output.
    let dead = dead_pid();
    let aside = site.root().join(format!(".public.old-{dead}"));
    std::fs::rename(site.root().join("public"), &aside).unwrap();
    site.write("content/articles/broken.md", "no front matter\n");
    let run = site.build_err(&[]);
    assert!(
        run.stderr.lines().any(|line| line
            == format!(
                "Restored public from .public.old-{dead} left by a build that stopped mid-swap"
            )),
        "stderr:\n{}",
        run.stderr
    );
    assert!(
        before == snapshot(&site.root().join("public")),
        "output not restored"
    );
    assert_eq!(common::build_leftovers(&site), Vec::<String>::new());
}

/// The id of a process that has exited.
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

/// The N-th write fails (as on a full disk): exit 1, the path and the OS reason named, the
/// previous output byte-identical, no staging folder. Early (a page as it renders) and late
/// (a static file copied at the end) writes both.
#[test]
fn a_write_that_fails_half_way_keeps_the_previous_output() {
    let site = big_site(30);
    let before = built_then_edited(&site);
    let files = before.len();
    for n in [1, 10, files - 1] {
        let child = spawn_build(&site, &[("VERTEBRA_TEST_FAIL_WRITE", &n.to_string())]);
        let run = finish(child);
        assert_eq!(run.code, 1, "write {n}: {}", run.stderr);
        let line = run
            .stderr
            .lines()
            .find(|l| l.contains("could not write the output file"))
            .unwrap_or_else(|| panic!("write {n}: no write error in:\n{}", run.stderr));
        assert!(
            line.starts_with("error: .public.staging-")
                && line.ends_with(
                    "could not write the output file: No space left on device (os error 28)"
                ),
            "write {n}: {line}"
        );
        assert_eq!(
            run.stderr.matches("could not write").count(),
            1,
            "one failed write, one error:\n{}",
            run.stderr
        );
        assert_eq!(
            common::build_leftovers(&site),
            Vec::<String>::new(),
            "write {n}"
        );
        assert!(before == snapshot(&site.root().join("public")), "write {n}");
    }
}

#[test]
fn a_swap_that_fails_keeps_the_previous_output() {
    let site = TestSite::with_basic_content();
    let before = built_then_edited(&site);
    let run = finish(spawn_build(&site, &[("VERTEBRA_TEST_FAIL_SWAP", "1")]));
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.lines().any(|l| l
            == "error: public: could not move the new output into place: No space left on device (os error 28)"),
        "stderr:\n{}",
        run.stderr
    );
    assert_eq!(common::build_leftovers(&site), Vec::<String>::new());
    assert!(
        before == snapshot(&site.root().join("public")),
        "output changed"
    );
    // And the next build, with the disk "freed", swaps in normally.
    site.build_ok(&[]);
    assert!(
        site.output("articles/first/index.html")
            .contains("First article, edited")
    );
}

/// `build --watch`: a signal during a rebuild removes that rebuild's staging folder, keeps the
/// last good output and exits 143 (SIGTERM).
#[test]
fn sigterm_during_a_watch_rebuild_removes_its_staging_folder() {
    let site = TestSite::with_basic_content();
    // The first build writes a dozen files; the rebuild after 60 new articles many more, and
    // pauses after its 40th.
    let mut child = Command::new(env!("CARGO_BIN_EXE_vertebra"))
        .args(["build", "--watch"])
        .current_dir(site.root())
        .env("VERTEBRA_TEST_PAUSE_AFTER_WRITE", "40")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while !line.starts_with("Watching ") {
        line.clear();
        assert!(std::io::BufRead::read_line(&mut stdout, &mut line).unwrap() > 0);
    }
    let before = snapshot(&site.root().join("public"));
    assert!(before.contains_key("articles/first/index.html"));
    // Made outside the site and moved in at once, so that it is one change and one rebuild.
    let elsewhere = tempfile::tempdir().unwrap();
    for i in 0..60 {
        std::fs::write(
            elsewhere.path().join(format!("new-{i}.md")),
            format!("+++\ntitle = \"New {i}\"\ndate = 2025-02-03\n+++\nBody {i}.\n"),
        )
        .unwrap();
    }
    std::fs::rename(elsewhere.path(), site.root().join("content/more")).unwrap();
    wait_for_staged_files(&site, &child, 40);
    signal(&child, libc::SIGTERM);
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(143));
    assert_eq!(common::build_leftovers(&site), Vec::<String>::new());
    assert!(
        before == snapshot(&site.root().join("public")),
        "output changed"
    );
}

/// `serve` keeps its builds in memory; Ctrl-C and SIGTERM end it with the conventional codes.
#[test]
fn serve_exits_130_on_sigint_and_143_on_sigterm() {
    for (signal_number, code) in [(libc::SIGINT, 130), (libc::SIGTERM, 143)] {
        let site = TestSite::with_basic_content();
        let server = common::server::Server::start(&site);
        assert_eq!(server.get("/").status, 200);
        let status = server.stop_with(signal_number);
        assert_eq!(status.code(), Some(code));
        assert!(!site.root().join("public").exists(), "serve wrote nothing");
        assert_eq!(common::build_leftovers(&site), Vec::<String>::new());
    }
}
