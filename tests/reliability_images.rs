//! The output's `processed_images/` (resized copies named by content, kept from build to build)
//! under failure: a build that fails or is killed after adding new copies leaves the previous
//! output working, a kill's additions are taken back by the next build, a build that died
//! mid-swap gets the folder back, copies no page names are removed after a successful build,
//! and no page or static file may be written there; a photo edited under the same size or the
//! same modification time is encoded again. Faults come from `src/output/faults.rs`.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{TestSite, attrs, jpeg, snapshot};

/// A page bundle `articles/<slug>/` showing a 1000 px photo made from `seed` (4 copies).
fn photo_article(site: &TestSite, slug: &str, seed: u8) {
    site.write(
        &format!("content/articles/{slug}/index.md"),
        format!("+++\ntitle = \"{slug}\"\ndate = 2025-01-02\n+++\nIntro.\n\n![A photo of {slug}](photo.jpg)\n"),
    );
    site.write(
        &format!("content/articles/{slug}/photo.jpg"),
        jpeg(1000, 600, seed),
    );
}

/// The file names in the output's processed_images/, sorted.
fn shared_copies(site: &TestSite) -> Vec<String> {
    let Ok(entries) = fs::read_dir(site.root().join("public/processed_images")) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The names of the resized copies page `page` shows (from its `srcset`s).
fn copies_on(site: &TestSite, page: &str) -> Vec<String> {
    let html = site.html(page);
    let mut names: Vec<String> = attrs(&html, "picture source, picture img", "srcset")
        .iter()
        .flat_map(|srcset| srcset.split(", "))
        .filter_map(|entry| entry.split_whitespace().next())
        .filter_map(|url| url.strip_prefix("/processed_images/"))
        .map(str::to_string)
        .collect();
    names.sort();
    names
}

fn build_with(site: &TestSite, env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_vertebra"));
    command.arg("build").current_dir(site.root());
    for (key, value) in env {
        command.env(key, value);
    }
    command
}

/// The id of a process that has exited.
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

/// Every file of `before` is in `after` with the same bytes (`after` may hold more).
fn still_has_every_file(before: &BTreeMap<String, Vec<u8>>, after: &BTreeMap<String, Vec<u8>>) {
    for (path, bytes) in before {
        assert!(after.get(path) == Some(bytes), "{path} changed or is gone");
    }
}

/// A site with one photo article, built: its output is "the previous output".
fn built_site() -> (TestSite, BTreeMap<String, Vec<u8>>) {
    let site = TestSite::with_basic_content();
    photo_article(&site, "walk", 1);
    site.build_ok(&[]);
    assert_eq!(shared_copies(&site).len(), 4);
    let before = snapshot(&site.root().join("public"));
    (site, before)
}

#[test]
fn a_build_that_fails_after_adding_new_copies_leaves_the_previous_output_as_it_was() {
    let (site, before) = built_site();
    photo_article(&site, "swim", 2);
    // The swap fails after the new copies were added to public/processed_images/ and that
    // folder was moved into the staging folder.
    let run = common::Run::from(
        build_with(&site, &[("VERTEBRA_TEST_FAIL_SWAP", "1")])
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("could not move the new output into place"),
        "{}",
        run.stderr
    );
    assert!(
        before == snapshot(&site.root().join("public")),
        "the previous output changed"
    );
    assert_eq!(common::build_leftovers(&site), Vec::<String>::new());
    // The next build adds them for good.
    site.build_ok(&[]);
    assert_eq!(shared_copies(&site).len(), 8);
    assert_eq!(copies_on(&site, "articles/swim/index.html").len(), 4);
}

#[test]
fn a_killed_build_leaves_the_previous_output_working_and_the_next_build_takes_its_copies_back() {
    let (site, before) = built_site();
    photo_article(&site, "swim", 2);
    let mut child = build_with(&site, &[("VERTEBRA_TEST_PAUSE_BEFORE_SWAP", "1")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let journal = site.root().join(format!(".public.swap-{}", child.id()));
    let deadline = Instant::now() + Duration::from_secs(120);
    // Paused before the swap, the new copies added: 4 of the old photo and 4 of the new.
    while shared_copies(&site).len() < 8 {
        assert!(
            Instant::now() < deadline,
            "the build never added its copies"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();

    // The previous output works: every file as it was, every copy its pages name there.
    let killed = snapshot(&site.root().join("public"));
    still_has_every_file(&before, &killed);
    let extra: Vec<&String> = killed.keys().filter(|p| !before.contains_key(*p)).collect();
    assert_eq!(extra.len(), 4, "{extra:?}");
    assert!(extra.iter().all(|p| p.starts_with("processed_images/")));
    for name in copies_on(&site, "articles/walk/index.html") {
        assert!(killed.contains_key(&format!("processed_images/{name}")));
    }
    assert!(journal.is_file(), "the journal of the additions stays");

    // The next build, even one that fails, takes them back first.
    site.write("content/articles/broken.md", "no front matter\n");
    let run = site.build_err(&[]);
    assert!(
        run.stderr.lines().any(|line| line.starts_with(
            "Removed 4 resized image copies that no page uses from public/processed_images, added by a build that is no longer running"
        )),
        "stderr:\n{}",
        run.stderr
    );
    assert!(
        before == snapshot(&site.root().join("public")),
        "not taken back"
    );
    assert_eq!(common::build_leftovers(&site), Vec::<String>::new());

    fs::remove_file(site.root().join("content/articles/broken.md")).unwrap();
    site.build_ok(&[]);
    assert_eq!(copies_on(&site, "articles/swim/index.html").len(), 4);
    assert_eq!(shared_copies(&site).len(), 8);
}

#[test]
fn a_build_that_died_mid_swap_gets_its_previous_output_and_copies_back() {
    let (site, before) = built_site();
    // What a build killed after its first two renames leaves: the previous output moved aside,
    // its processed_images/ moved into the staging folder with one copy added, and the journal.
    let dead = dead_pid();
    let aside = site.root().join(format!(".public.old-{dead}"));
    let staging = site.root().join(format!(".public.staging-{dead}"));
    fs::rename(site.root().join("public"), &aside).unwrap();
    fs::create_dir(&staging).unwrap();
    fs::rename(
        aside.join("processed_images"),
        staging.join("processed_images"),
    )
    .unwrap();
    let added = "0123456789abcdef0123456789abcdef-480w.webp";
    fs::write(staging.join("processed_images").join(added), "new copy").unwrap();
    fs::write(
        site.root().join(format!(".public.swap-{dead}")),
        format!("# journal\n{added}\n../../site.toml\n"),
    )
    .unwrap();
    site.write("content/articles/broken.md", "no front matter\n");
    let run = site.build_err(&[]);
    for line in [
        format!("Restored public from .public.old-{dead} left by a build that stopped mid-swap"),
        "put public/processed_images back from a build that stopped mid-swap".into(),
        "removed 1 resized image copy that no page uses from public/processed_images, added by a build that is no longer running".into(),
    ] {
        assert!(run.stderr.contains(&line), "{line}\nstderr:\n{}", run.stderr);
    }
    assert!(
        before == snapshot(&site.root().join("public")),
        "output not restored"
    );
    assert!(
        site.root().join("site.toml").is_file(),
        "a journal never names a file outside the folder"
    );
    assert_eq!(common::build_leftovers(&site), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn copies_no_page_names_are_removed_after_the_next_successful_build_and_the_others_kept() {
    use std::os::unix::fs::MetadataExt;
    let (site, _) = built_site();
    photo_article(&site, "swim", 2);
    site.build_ok(&[]);
    let walk = copies_on(&site, "articles/walk/index.html");
    let swim = copies_on(&site, "articles/swim/index.html");
    let mut both = [walk.clone(), swim.clone()].concat();
    both.sort();
    assert_eq!(shared_copies(&site), both);
    let inode = |name: &str| {
        fs::metadata(site.root().join("public/processed_images").join(name))
            .unwrap()
            .ino()
    };
    let kept: Vec<u64> = walk.iter().map(|name| inode(name)).collect();

    // A failed build removes nothing.
    fs::remove_dir_all(site.root().join("content/articles/swim")).unwrap();
    site.write("content/articles/broken.md", "no front matter\n");
    site.build_err(&[]);
    assert_eq!(shared_copies(&site), both);

    fs::remove_file(site.root().join("content/articles/broken.md")).unwrap();
    site.build_ok(&[]);
    assert_eq!(
        shared_copies(&site),
        walk,
        "the swim photo's copies are gone"
    );
    assert_eq!(
        walk.iter().map(|name| inode(name)).collect::<Vec<_>>(),
        kept,
        "the others are the same files"
    );
    common::assert_equals_fresh_build(&site, TestSite::with_basic_content());
}

#[test]
fn nothing_but_resized_copies_may_be_written_into_processed_images() {
    let site = TestSite::with_basic_content();
    site.write("static/processed_images/logo.png", "not a copy");
    let run = site.build_err(&[]);
    assert!(
        run.stderr.contains(
            "cannot write processed_images/logo.png: processed_images/ in the output folder holds the resized copies of images"
        ),
        "{}",
        run.stderr
    );
}

/// `jpeg` with a comment segment after its start marker: the same pixels, other bytes (so
/// another content hash), and a size that depends only on the comment's length.
fn with_comment(jpeg: &[u8], comment: &str) -> Vec<u8> {
    let mut bytes = jpeg[..2].to_vec();
    bytes.extend([0xff, 0xfe]);
    bytes.extend(u16::try_from(comment.len() + 2).unwrap().to_be_bytes());
    bytes.extend(comment.as_bytes());
    bytes.extend(&jpeg[2..]);
    bytes
}

fn set_modified(site: &TestSite, relative: &str, time: std::time::SystemTime) {
    let file = fs::File::options()
        .write(true)
        .open(site.root().join(relative))
        .unwrap();
    file.set_modified(time).unwrap();
}

/// A warm build finds an unchanged photo by its path, size and modification time (one index
/// for the whole cache): a photo edited under the same size, or under the same modification
/// time, must still be read, hashed and encoded again, and the output equal a fresh build's.
#[test]
fn an_edited_photo_is_encoded_again_whether_its_size_or_its_time_stayed_the_same() {
    let site = TestSite::new();
    photo_article(&site, "walk", 1);
    let photo = "content/articles/walk/photo.jpg";
    let pixels = jpeg(1000, 600, 1);
    site.write(photo, with_comment(&pixels, "a"));
    let start = std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    set_modified(&site, photo, start);
    let first = site.build_ok(&[]);
    assert!(
        first.stdout.contains("4 resized images encoded"),
        "{}",
        first.stdout
    );
    let warm = site.build_ok(&[]);
    assert!(!warm.stdout.contains("encoded"), "{}", warm.stdout);
    let before = copies_on(&site, "articles/walk/index.html");

    // Same size, new modification time.
    site.write(photo, with_comment(&pixels, "b"));
    set_modified(&site, photo, start + Duration::from_secs(60));
    let same_size = site.build_ok(&[]);
    assert!(
        same_size.stdout.contains("4 resized images encoded"),
        "{}",
        same_size.stdout
    );
    let after_same_size = copies_on(&site, "articles/walk/index.html");
    assert_ne!(after_same_size, before);
    common::assert_equals_fresh_build(&site, TestSite::new());

    // Same modification time, new size.
    site.write(photo, with_comment(&pixels, "cc"));
    set_modified(&site, photo, start + Duration::from_secs(60));
    let same_time = site.build_ok(&[]);
    assert!(
        same_time.stdout.contains("4 resized images encoded"),
        "{}",
        same_time.stdout
    );
    assert_ne!(
        copies_on(&site, "articles/walk/index.html"),
        after_same_size
    );
    common::assert_equals_fresh_build(&site, TestSite::new());

    // And back to the first photo under its first stamp: its copies are still cached.
    site.write(photo, with_comment(&pixels, "a"));
    set_modified(&site, photo, start);
    let back = site.build_ok(&[]);
    assert!(!back.stdout.contains("encoded"), "{}", back.stdout);
    assert_eq!(copies_on(&site, "articles/walk/index.html"), before);
    common::assert_equals_fresh_build(&site, TestSite::new());
}
