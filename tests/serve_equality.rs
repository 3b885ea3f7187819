//! What `vertebra serve` serves after edits equals a fresh build of the same files. Every edit
//! is followed by a wait for its rebuild (and for the watcher to go quiet), so each incremental
//! path is compared on its own: a body-only edit (no relink), a static file, a theme template,
//! a deletion, an error then its fix, an atomic rename-save, editor files, a new section, a
//! burst of saves; then a seeded random sequence of mixed edits.

mod common;

use std::collections::BTreeSet;
use std::fs;

use common::server::{Rebuild, Server};
use common::{TestSite, snapshot};

/// Every file of a fresh `vertebra build` of the site (same base URL as the server) must be
/// served with the same bytes, and every file an earlier fresh build had and this one lacks
/// must be gone from the server. `seen` collects output paths across calls.
fn assert_served_equals_fresh(
    site: &TestSite,
    server: &Server,
    seen: &mut BTreeSet<String>,
    step: &str,
) {
    let fresh = tempfile::tempdir().unwrap();
    let out = fresh.path().join("out");
    let run = site.run(&[
        "build",
        "--output-dir",
        out.to_str().unwrap(),
        "--base-url",
        &server.base,
        "--links-as-warnings",
    ]);
    assert_eq!(
        run.code, 0,
        "{step}: the fresh build failed:\n{}",
        run.stderr
    );
    let files = snapshot(&out);
    assert!(files.contains_key("index.html"), "{step}");
    for (path, bytes) in &files {
        let served = server.get(&format!("/{path}"));
        assert_eq!(served.status, 200, "{step}: /{path}");
        let mut body = served.body;
        if path.ends_with(".html") {
            body = String::from_utf8_lossy(&body)
                .replace(vertebra::serve::server::RELOAD_SCRIPT, "")
                .into_bytes();
        }
        assert!(
            body == *bytes,
            "{step}: /{path} differs from a fresh build:\n--- served\n{}\n--- fresh\n{}",
            String::from_utf8_lossy(&body),
            String::from_utf8_lossy(bytes)
        );
    }
    for gone in seen.iter().filter(|p| !files.contains_key(*p)) {
        let status = server.get(&format!("/{gone}")).status;
        assert_eq!(
            status, 404,
            "{step}: /{gone} is no longer built but still served"
        );
    }
    seen.extend(files.into_keys());
}

/// Waits for the rebuild an edit caused; it must have succeeded.
fn rebuilt(server: &Server, step: &str) -> usize {
    match server.settled_rebuild() {
        Rebuild::Ok(rendered) => rendered,
        Rebuild::Failed(errors) => panic!("{step}: the rebuild failed:\n{errors}"),
    }
}

fn site() -> TestSite {
    let site = TestSite::with_basic_content();
    site.write(
        "content/articles/second.md",
        "+++\ntitle = \"Second article\"\ndate = 2025-02-02\ntherapies = [\"acupuncture\"]\n+++\nSecond body mentions acupuncture.\n",
    );
    site.write("static/notes.txt", "version 1\n");
    site
}

#[test]
fn each_kind_of_edit_serves_what_a_fresh_build_writes() {
    let site = site();
    let server = Server::start(&site);
    let mut seen = BTreeSet::new();
    assert_served_equals_fresh(&site, &server, &mut seen, "first build");

    // A body-only edit: the fast path that patches bodies without relinking.
    site.write(
        "content/articles/first.md",
        "+++\ntitle = \"First article\"\ndate = 2025-01-02\ntherapies = [\"acupuncture\"]\n+++\nA new body about acupuncture.\n",
    );
    let rendered = rebuilt(&server, "body edit");
    assert!(rendered >= 1, "the edited page was rendered");
    assert_served_equals_fresh(&site, &server, &mut seen, "body edit");

    site.write("static/notes.txt", "version 2\n");
    rebuilt(&server, "static edit");
    assert_eq!(server.get("/notes.txt").text(), "version 2\n");
    assert_served_equals_fresh(&site, &server, &mut seen, "static edit");

    let base = site.root().join("themes/default/templates/base.html");
    let template = fs::read_to_string(&base).unwrap();
    fs::write(
        &base,
        template.replacen("<body>", "<body>\n<!-- edited theme -->", 1),
    )
    .unwrap();
    rebuilt(&server, "theme template edit");
    assert!(server.get("/").text().contains("<!-- edited theme -->"));
    assert_served_equals_fresh(&site, &server, &mut seen, "theme template edit");

    fs::remove_file(site.root().join("content/articles/second.md")).unwrap();
    rebuilt(&server, "deletion");
    assert_eq!(server.get("/articles/second/").status, 404);
    assert_served_equals_fresh(&site, &server, &mut seen, "deletion");

    site.write(
        "content/articles/first.md",
        "+++\ntitle = \"Broken\ndate = 2025-01-02\n+++\nx\n",
    );
    match server.settled_rebuild() {
        Rebuild::Failed(errors) => assert!(
            errors.contains("content/articles/first.md:2:"),
            "the error names the file and line:\n{errors}"
        ),
        Rebuild::Ok(_) => panic!("a broken page built"),
    }
    site.write(
        "content/articles/first.md",
        "+++\ntitle = \"Fixed\"\ndate = 2025-01-02\n+++\nFixed body.\n",
    );
    rebuilt(&server, "fix after an error");
    assert!(
        server
            .get("/articles/first/")
            .text()
            .contains("Fixed body.")
    );
    assert_served_equals_fresh(&site, &server, &mut seen, "fix after an error");
    // An atomic rename-save, as many editors do: a temp file renamed over the page.
    site.write(
        "content/articles/.first.md.tmp",
        "+++\ntitle = \"Renamed in\"\ndate = 2025-01-03\n+++\nAtomic.\n",
    );
    fs::rename(
        site.root().join("content/articles/.first.md.tmp"),
        site.root().join("content/articles/first.md"),
    )
    .unwrap();
    rebuilt(&server, "atomic save");
    assert_served_equals_fresh(&site, &server, &mut seen, "atomic save");

    // Swap and backup files are not content: no rebuild at all.
    site.write("content/articles/.first.md.swp", "garbage");
    site.write("content/articles/first.md~", "garbage");
    server.no_rebuild_within(std::time::Duration::from_millis(800));

    // A new section folder with a page in it, then a folder made and removed again.
    site.write(
        "content/guides/_index.md",
        "+++\ntitle = \"Guides\"\n+++\nHow-tos.\n",
    );
    site.write(
        "content/guides/posture.md",
        "+++\ntitle = \"Posture\"\ndate = 2025-03-03\n+++\nSit tall.\n",
    );
    rebuilt(&server, "new section");
    assert_eq!(server.get("/guides/posture/").status, 200);
    assert_served_equals_fresh(&site, &server, &mut seen, "new section");
    site.write("content/tmp/gone.md", "+++\ntitle = \"Gone\"\n+++\nx\n");
    rebuilt(&server, "temporary folder");
    fs::remove_dir_all(site.root().join("content/tmp")).unwrap();
    rebuilt(&server, "temporary folder removed");
    assert_served_equals_fresh(&site, &server, &mut seen, "temporary folder removed");

    // A burst of saves settles on the last one.
    for n in 0..5 {
        site.write(
            "content/articles/burst.md",
            format!(
                "+++\ntitle = \"Burst {n}\"\ndate = 2025-04-0{}\n+++\nSave {n}.\n",
                n + 1
            ),
        );
    }
    rebuilt(&server, "burst of saves");
    assert!(server.get("/articles/burst/").text().contains("Burst 4"));
    assert_served_equals_fresh(&site, &server, &mut seen, "burst of saves");
}

#[test]
fn condition_edits_serve_what_a_fresh_build_writes() {
    let site = site();
    let condition = |title: &str, body: &str| {
        format!(
            "+++\ntitle = \"{title}\"\nregions = [\"lumbar\"]\nred_flags = [\"Fever\"]\n+++\n{body}\n"
        )
    };
    site.write(
        "content/conditions/sciatica.md",
        condition("Sciatica", "Leg pain."),
    );
    site.write(
        "content/articles/second.md",
        "+++\ntitle = \"Second article\"\ndate = 2025-02-02\nconditions = [\"sciatica\"]\n+++\nSecond body mentions sciatica.\n",
    );
    let server = Server::start(&site);
    let mut seen = BTreeSet::new();
    assert_served_equals_fresh(&site, &server, &mut seen, "first build with a condition");

    // A therapy starts treating the condition: the condition page lists it, the therapy
    // page lists the condition, and the index's counts change.
    site.write(
        "content/therapies/acupuncture.md",
        "+++\ntitle = \"Acupuncture\"\nkind = \"therapy\"\nsummary = \"Thin needles.\"\ntreats = [\"sciatica\"]\n+++\nAcupuncture body.\n",
    );
    rebuilt(&server, "treats edit");
    assert!(
        server
            .get("/conditions/sciatica/")
            .text()
            .contains("Acupuncture")
    );
    assert_served_equals_fresh(&site, &server, &mut seen, "treats edit");

    // A body edit of the condition: the fast path.
    site.write(
        "content/conditions/sciatica.md",
        condition("Sciatica", "Leg pain, often one-sided."),
    );
    rebuilt(&server, "condition body edit");
    assert_served_equals_fresh(&site, &server, &mut seen, "condition body edit");

    // A renamed condition: every auto-link and listing that names it follows.
    site.write(
        "content/conditions/sciatica.md",
        condition("Sciatic Pain", "Leg pain."),
    );
    rebuilt(&server, "condition title edit");
    assert_served_equals_fresh(&site, &server, &mut seen, "condition title edit");

    // A new condition, then its deletion once nothing names it any more.
    site.write(
        "content/conditions/strain.md",
        condition("Muscle Strain", "A pulled muscle."),
    );
    rebuilt(&server, "new condition");
    assert_eq!(server.get("/conditions/strain/").status, 200);
    assert_served_equals_fresh(&site, &server, &mut seen, "new condition");
    fs::remove_file(site.root().join("content/conditions/strain.md")).unwrap();
    rebuilt(&server, "condition deleted");
    assert_eq!(server.get("/conditions/strain/").status, 404);
    assert_served_equals_fresh(&site, &server, &mut seen, "condition deleted");
}

/// A small deterministic generator (xorshift64*), so a failing sequence can be replayed with
/// `SERVE_EQUALITY_SEED`.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
    }
}

const WORDS: [&str; 8] = [
    "posture",
    "needling",
    "acupuncture",
    "stretching",
    "yoga",
    "rest",
    "walking",
    "sleep",
];

/// The articles of the random sequence, by file name, with what they hold.
struct Article {
    title: String,
    body: String,
    therapy: Option<&'static str>,
    draft: bool,
}

impl Article {
    fn text(&self, n: usize) -> String {
        let therapies = self
            .therapy
            .map_or(String::new(), |t| format!("therapies = [\"{t}\"]\n"));
        let draft = if self.draft { "draft = true\n" } else { "" };
        format!(
            "+++\ntitle = \"{}\"\ndate = 2025-03-{:02}\n{therapies}{draft}+++\n{}\n",
            self.title,
            1 + n % 28,
            self.body
        )
    }
}

fn sentence(rng: &mut Rng) -> String {
    (0..6)
        .map(|_| WORDS[rng.below(WORDS.len())])
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_seeded_random_sequence_of_edits_serves_what_a_fresh_build_writes() {
    let seed = std::env::var("SERVE_EQUALITY_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_2026_u64);
    let mut rng = Rng(seed | 1);
    let site = site();
    let server = Server::start(&site);
    let mut seen = BTreeSet::new();
    let mut articles: Vec<(String, Article)> = Vec::new();
    let mut created = 0;
    for step in 0..30 {
        let kind = rng.below(9);
        let what = match kind {
            0 | 1 if !articles.is_empty() => {
                let at = rng.below(articles.len());
                articles[at].1.body = format!("{} (edit {step})", sentence(&mut rng));
                format!("body of {}", articles[at].0)
            }
            2 if !articles.is_empty() => {
                let at = rng.below(articles.len());
                articles[at].1.title = format!("Title {step} {}", sentence(&mut rng));
                format!("title of {}", articles[at].0)
            }
            3 if !articles.is_empty() => {
                let at = rng.below(articles.len());
                articles[at].1.draft = !articles[at].1.draft;
                format!("draft flag of {}", articles[at].0)
            }
            4 if articles.len() > 1 => {
                let at = rng.below(articles.len());
                let (name, _) = articles.remove(at);
                fs::remove_file(site.root().join(format!("content/articles/{name}.md"))).unwrap();
                format!("deleted {name}")
            }
            5 if !articles.is_empty() => {
                let at = rng.below(articles.len());
                created += 1;
                let new_name = format!("renamed-{created}");
                let old = std::mem::replace(&mut articles[at].0, new_name.clone());
                fs::rename(
                    site.root().join(format!("content/articles/{old}.md")),
                    site.root().join(format!("content/articles/{new_name}.md")),
                )
                .unwrap();
                format!("renamed {old} to {new_name}")
            }
            6 => {
                let aliases = ["\"needling\"", "\"needling\", \"dry needling\"", ""];
                let aliases = aliases[rng.below(aliases.len())];
                site.write(
                    "content/therapies/acupuncture.md",
                    format!("+++\ntitle = \"Acupuncture\"\nkind = \"therapy\"\nsummary = \"Thin needles.\"\nalso_known_as = [{aliases}]\n+++\nAcupuncture body.\n"),
                );
                format!("therapy aliases [{aliases}]")
            }
            7 => {
                let comment = format!("<!-- template {step} -->");
                let base = site.root().join("themes/default/templates/base.html");
                let template = fs::read_to_string(&base).unwrap();
                let kept: String = template
                    .lines()
                    .filter(|l| !l.starts_with("<!-- template "))
                    .map(|l| format!("{l}\n"))
                    .collect();
                fs::write(
                    &base,
                    kept.replacen("<body>\n", &format!("<body>\n{comment}\n"), 1),
                )
                .unwrap();
                format!("template {comment}")
            }
            8 => {
                let heading = format!("{step} {}", sentence(&mut rng));
                site.write(
                    "site.toml",
                    format!("{}\n[cta]\nheading = \"{heading}\"\n", common::SITE_TOML),
                );
                format!("site.toml CTA heading {heading:?}")
            }
            _ => {
                created += 1;
                let name = format!("new-{created}");
                let therapy = [None, Some("acupuncture")][rng.below(2)];
                articles.push((
                    name.clone(),
                    Article {
                        title: format!("New {created}"),
                        body: sentence(&mut rng),
                        therapy,
                        draft: false,
                    },
                ));
                format!("created {name}")
            }
        };
        // Every article is rewritten only when it changed: write the one the step touched.
        for (n, (name, article)) in articles.iter().enumerate() {
            let path = format!("content/articles/{name}.md");
            let text = article.text(n);
            if fs::read_to_string(site.root().join(&path)).ok().as_deref() != Some(text.as_str()) {
                site.write(&path, text);
            }
        }
        let step = format!("step {step} (seed {seed:#x}): {what}");
        rebuilt(&server, &step);
        assert_served_equals_fresh(&site, &server, &mut seen, &step);
    }
}
