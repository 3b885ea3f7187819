//! `vertebra report`: pages in the order that needs attention, totals per reviewer and author,
//! the terminal table (width, colour only on a terminal, `NO_COLOR`), CSV and JSON fields, and
//! the self-contained HTML file that is never written into the published site.

mod common;

use common::{SITE_TOML, TestSite, attrs};
use serde_json::Value;

const TODAY: &str = "2026-12-01";
const HARD: &str = "Radiofrequency ablation interrupts the transmission of pain signals from the small joints of the spine by heating the medial branch nerves that supply them. Physicians generally recommend the procedure only after diagnostic injections have demonstrated that those particular joints are responsible for the persistent symptoms.";
const EASY: &str = "Back pain is very common. Most people have it at some point in their lives. It often gets better on its own in a few weeks. Staying active helps your back heal faster. Gentle walking is a good place to start. Call your doctor if the pain spreads down your leg or your foot feels numb.";

/// Five articles, one per kind of attention, and a therapy. Reviews last 12 months.
fn clinic() -> TestSite {
    let site = TestSite::new();
    site.write(
        "site.toml",
        format!(
            "{SITE_TOML}\n[editorial]\nmax_reading_grade = 8\n\n[authors.lena-park]\nname = \"Lena Park\"\ncredentials = \"MD\"\n"
        ),
    );
    let article = |file: &str, front: &str, body: &str| {
        site.write(
            &format!("content/articles/{file}.md"),
            format!("+++\n{front}+++\n{body}\n"),
        );
    };
    let reviewed = |title: &str, last: &str| {
        format!(
            "title = \"{title}\"\ndate = 2024-01-01\nauthor = \"Maya Ortiz\"\nreviewed_by = \"lena-park\"\nlast_reviewed = {last}\n"
        )
    };
    article(
        "current-easy",
        &reviewed("Current, easy", "2026-06-01"),
        EASY,
    );
    article(
        "current-hard",
        &reviewed("Current, hard", "2026-06-01"),
        HARD,
    );
    article("due-now", &reviewed("Due this month", "2025-12-15"), EASY);
    article(
        "overdue-long",
        &reviewed("Overdue long ago", "2024-02-01"),
        EASY,
    );
    article(
        "overdue-recent",
        &reviewed("Overdue lately", "2025-10-01"),
        EASY,
    );
    article(
        "unreviewed",
        "title = \"No reviewer\"\ndate = 2025-01-01\nauthor = \"Daniel Reyes\"\n",
        EASY,
    );
    site.write(
        "content/therapies/yoga.md",
        format!("+++\ntitle = \"Yoga\"\nkind = \"therapy\"\n+++\n{HARD}\n"),
    );
    site
}

fn report(site: &TestSite, format: &str) -> String {
    let run = site.run(&["report", "--today", TODAY, "--format", format]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

#[test]
fn pages_come_in_the_order_that_needs_attention() {
    let json: Value = serde_json::from_str(&report(&clinic(), "json")).unwrap();
    let titles: Vec<&str> = json["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Overdue long ago",
            "Overdue lately",
            "No reviewer",
            "Due this month",
            "Current, hard",
            "Yoga",
            "Current, easy",
        ]
    );
    let statuses: Vec<&str> = json["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["review_status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        [
            "overdue",
            "overdue",
            "missing",
            "due-this-month",
            "current",
            "not-tracked",
            "current"
        ]
    );
}

#[test]
fn json_has_every_field_and_totals_per_reviewer_and_author() {
    let json: Value = serde_json::from_str(&report(&clinic(), "json")).unwrap();
    assert_eq!(json["today"], TODAY);
    assert_eq!(json["max_reading_grade"], 8.0);
    assert_eq!(json["review_interval_months"], 12);
    let first = &json["pages"][0];
    assert_eq!(first["title"], "Overdue long ago");
    assert_eq!(first["kind"], "article");
    assert_eq!(first["section"], "Articles");
    assert_eq!(first["file"], "content/articles/overdue-long.md");
    assert_eq!(first["url"], "/articles/overdue-long/");
    assert_eq!(first["author"], "Maya Ortiz");
    assert_eq!(first["reviewer"], "Lena Park");
    assert_eq!(first["last_reviewed"], "2024-02-01");
    assert_eq!(first["next_review_due"], "2025-02-01");
    assert_eq!(first["language"], "en");
    assert_eq!(first["translation"], "original");
    // The build's review warning for its file.
    assert_eq!(first["warnings"], 1);
    assert!(first["words"].as_u64().unwrap() > 50);
    let hard = json["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["title"] == "Current, hard")
        .unwrap();
    assert_eq!(hard["above_max_grade"], true);
    assert_eq!(hard["warnings"], 1);
    assert_eq!(hard["longest_sentence"], serde_json::json!([8, 24]));
    assert_eq!(
        json["reviewers"],
        serde_json::json!([{"name": "Lena Park", "pages": 5, "overdue": 2, "due_this_month": 1}])
    );
    assert_eq!(
        json["authors"],
        serde_json::json!([
            {"name": "Daniel Reyes", "pages": 1, "overdue": 0, "due_this_month": 0},
            {"name": "Maya Ortiz", "pages": 5, "overdue": 2, "due_this_month": 1},
        ])
    );
}

#[test]
fn csv_has_a_header_and_one_quoted_row_per_page() {
    let csv = report(&clinic(), "csv");
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "title,kind,section,file,url,author,reviewer,last_reviewed,next_review_due,review_status,words,reading_grade,reading_formula,smog,fernandez_huerta,inflesz,language,translation,warnings"
    );
    assert_eq!(lines.len(), 1 + 7 + 1, "{csv}");
    assert!(
        lines[1].starts_with("Overdue long ago,article,Articles,content/articles/overdue-long.md,/articles/overdue-long/,Maya Ortiz,Lena Park,2024-02-01,2025-02-01,overdue,"),
        "{}",
        lines[1]
    );
    assert!(
        lines[1].ends_with(",Flesch-Kincaid,3.1,,,en,original,1"),
        "{}",
        lines[1]
    );
    // A title with a comma is quoted.
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("\"Current, hard\",article,")),
        "{csv}"
    );
}

#[test]
fn the_table_fits_a_hundred_columns_and_has_no_colour_off_a_terminal() {
    let text = report(&clinic(), "table");
    for line in text.lines() {
        assert!(
            line.chars().count() <= 100,
            "{} wide: {line}",
            line.chars().count()
        );
    }
    assert!(!text.contains('\x1b'), "colour written to a pipe");
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[1].starts_with(
            "7 pages: 2 overdue, 1 missing a review, 1 due this month; 2 above grade 8"
        ),
        "{text}"
    );
    assert!(lines[3].starts_with("Title "), "{text}");
    assert!(lines[4].starts_with("Overdue long ago "), "{text}");
    let lena = format!("{:<30}  {:>5}  {:>7}  {:>14}", "Lena Park", 5, 2, 1);
    assert!(text.lines().any(|l| l == lena), "{text}");
}

/// Runs the report under a pseudo-terminal (util-linux `script`), where colour is allowed.
fn report_on_a_terminal(site: &TestSite, no_color: Option<&str>) -> String {
    let command = format!("{} report --today {TODAY}", env!("CARGO_BIN_EXE_vertebra"));
    let mut script = std::process::Command::new("script");
    script
        .args(["-qec", &command, "/dev/null"])
        .current_dir(site.root())
        .env_remove("NO_COLOR");
    if let Some(value) = no_color {
        script.env("NO_COLOR", value);
    }
    let output = script.output().expect("run script(1)");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn colour_on_a_terminal_unless_no_color_is_set() {
    let site = clinic();
    let coloured = report_on_a_terminal(&site, None);
    assert!(coloured.contains("\x1b[31moverdue"), "{coloured:?}");
    let plain = report_on_a_terminal(&site, Some("1"));
    assert!(plain.contains("overdue"), "{plain:?}");
    assert!(!plain.contains('\x1b'), "{plain:?}");
}

#[test]
fn the_html_report_is_one_self_contained_file_outside_the_site() {
    let site = clinic();
    let run = site.run(&["report", "--today", TODAY, "--format", "html"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("--output"), "{}", run.stderr);
    for inside in [
        "public/report.html",
        "content/report.html",
        "static/report.html",
    ] {
        let run = site.run(&["report", "--format", "html", "--output", inside]);
        assert_eq!(run.code, 1, "{inside}");
        assert!(run.stderr.contains("not for publishing"), "{}", run.stderr);
        assert!(!site.root().join(inside).exists());
    }
    let run = site.run(&[
        "report",
        "--today",
        TODAY,
        "--format",
        "html",
        "--output",
        "report.html",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(site.root().join("report.html")).unwrap();
    let html = scraper::Html::parse_document(&text);
    for attribute in ["src", "href"] {
        let selector = format!("[{attribute}]");
        let values = attrs(&html, &selector, attribute);
        assert!(
            values.iter().all(|v| !v.contains("http")),
            "{attribute}: {values:?}"
        );
    }
    assert!(!text.contains("<script"), "no scripts");
    assert!(!text.contains("<link"), "no stylesheets to fetch");
    assert!(
        !text.contains("@import") && !text.contains("url("),
        "no CSS fetches"
    );
    assert_eq!(common::texts(&html, "figure svg").len(), 2, "two charts");
    // Reviews due per month: overdue months red, this month amber.
    assert!(text.contains("<title>2025-02: 1</title>"), "{text}");
    assert!(text.contains("<title>2026-12: 1</title>"), "{text}");
    assert!(text.contains("<title>Articles: mean"), "{text}");
    let rows = common::texts(&html, "h2 + table tbody tr td:first-child");
    assert!(rows[0].starts_with("Overdue long ago"), "{rows:?}");
    // The build itself never writes the report into the site.
    site.build_ok(&["--today", TODAY]);
    assert!(!site.output_exists("report.html"));
}
