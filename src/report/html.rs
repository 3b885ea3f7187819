//! The report as one self-contained HTML file: inline style, two inline SVG charts (reviews
//! due per month, reading grades per section) with the same numbers in tables beside them,
//! and the page table. It requests nothing from anywhere and links to nothing, so it opens
//! the same from a disk, an e-mail or a shared drive.

use std::fmt::Write;

use jiff::civil::Date;

use super::{Report, ReviewStatus};
use crate::render::escape_html;

const STYLE: &str = "body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1a1a1a}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
td.n,th.n{text-align:right}.overdue,.missing,.above{color:#a40000;font-weight:600}.due-this-month{color:#8a5a00;font-weight:600}
.charts{display:flex;flex-wrap:wrap;gap:2rem}figure{margin:0}figcaption{font-weight:600;margin-bottom:.5rem}
svg text{font:11px system-ui,sans-serif;fill:#333}";

/// The report as an HTML document; `today` places the chart's months.
pub fn render(report: &Report, today: Date) -> String {
    let mut out = String::new();
    let title = format!("{} — content report for {}", report.site, report.today);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\n{STYLE}\n</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        escape_html(&title),
        escape_html(&title)
    );
    let max = report.max_reading_grade.map_or(
        "not set".to_string(),
        crate::link::readability::format_grade,
    );
    let _ = writeln!(
        out,
        "<p>{} pages: {} overdue for medical review, {} missing a review, {} due this month; {} above reading grade {} (max_reading_grade). Reviews are due {} months after the last one.</p>",
        report.pages.len(),
        report.count(ReviewStatus::Overdue),
        report.count(ReviewStatus::Missing),
        report.count(ReviewStatus::DueThisMonth),
        report.above_max_grade(),
        escape_html(&max),
        report.review_interval_months
    );
    out.push_str("<div class=\"charts\">\n");
    reviews_chart(
        &mut out,
        &report.reviews_due_per_month(today),
        &report.today,
    );
    grades_chart(
        &mut out,
        &report.grades_per_section(),
        report.max_reading_grade,
    );
    out.push_str("</div>\n");
    pages_table(&mut out, report);
    for (heading, people) in [
        ("Reviewers", &report.reviewers),
        ("Authors", &report.authors),
    ] {
        let _ = writeln!(
            out,
            "<h2>{heading}</h2>\n<table>\n<thead><tr><th scope=\"col\">Name</th><th scope=\"col\" class=\"n\">Pages</th><th scope=\"col\" class=\"n\">Overdue</th><th scope=\"col\" class=\"n\">Due this month</th></tr></thead>\n<tbody>"
        );
        for person in people.iter() {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                escape_html(&person.name),
                person.pages,
                person.overdue,
                person.due_this_month
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// A bar per month: red before this month (overdue), amber this month, blue after.
fn reviews_chart(out: &mut String, months: &[(String, usize)], today: &str) {
    let this_month = today.get(..7).unwrap_or(today);
    let highest = months.iter().map(|m| m.1).max().unwrap_or(0).max(1);
    let (width, height, top, bottom, left) = (560.0, 200.0, 12.0, 34.0, 28.0);
    let bar_space = (width - left) / months.len().max(1) as f64;
    let plot = height - top - bottom;
    let _ = writeln!(
        out,
        "<figure>\n<figcaption>Medical reviews due per month</figcaption>\n<svg role=\"img\" aria-labelledby=\"reviews-title\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">\n<title id=\"reviews-title\">Reviews due per month; months before {this_month} are overdue</title>"
    );
    let _ = writeln!(
        out,
        "<line x1=\"{left}\" y1=\"{}\" x2=\"{width}\" y2=\"{}\" stroke=\"#999\"/><text x=\"0\" y=\"{}\">{highest}</text><text x=\"0\" y=\"{}\">0</text>",
        top + plot,
        top + plot,
        top + 8.0,
        top + plot
    );
    let label_every = months.len().div_ceil(13).max(1);
    for (i, (month, count)) in months.iter().enumerate() {
        let x = left + i as f64 * bar_space + bar_space * 0.15;
        let h = plot * *count as f64 / highest as f64;
        let colour = match month.as_str().cmp(this_month) {
            std::cmp::Ordering::Less => "#c0392b",
            std::cmp::Ordering::Equal => "#d68910",
            std::cmp::Ordering::Greater => "#2e86c1",
        };
        let _ = writeln!(
            out,
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{h:.1}\" fill=\"{colour}\"><title>{month}: {count}</title></rect>",
            top + plot - h,
            bar_space * 0.7
        );
        if i % label_every == 0 {
            let _ = writeln!(
                out,
                "<text x=\"{x:.1}\" y=\"{:.1}\">{}</text>",
                top + plot + 14.0,
                escape_html(month.get(2..).unwrap_or(month))
            );
        }
    }
    out.push_str("</svg>\n</figure>\n");
}

/// A bar per section: the mean grade, a mark at the highest, a dashed line at the maximum.
fn grades_chart(out: &mut String, sections: &[(String, usize, f64, f64)], max: Option<f64>) {
    let scale = sections
        .iter()
        .map(|s| s.3)
        .chain(max)
        .fold(12.0_f64, f64::max)
        .ceil();
    let (width, row, left, top) = (460.0, 26.0, 150.0, 8.0);
    let height = top + row * sections.len().max(1) as f64 + 24.0;
    let plot = width - left - 20.0;
    let x_of = |grade: f64| left + plot * grade.max(0.0) / scale;
    let _ = writeln!(
        out,
        "<figure>\n<figcaption>Reading grade per section (bar: mean, mark: highest)</figcaption>\n<svg role=\"img\" aria-labelledby=\"grades-title\" width=\"{width}\" height=\"{height:.0}\" viewBox=\"0 0 {width} {height:.0}\">\n<title id=\"grades-title\">Mean and highest reading grade per section</title>"
    );
    for (i, (section, pages, mean, highest)) in sections.iter().enumerate() {
        let y = top + i as f64 * row;
        let name: String = section.chars().take(22).collect();
        let _ = writeln!(
            out,
            "<text x=\"0\" y=\"{:.1}\">{}</text><rect x=\"{left}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"#2e86c1\"><title>{}: mean {mean:.1}, highest {highest:.1}, {pages} pages</title></rect><rect x=\"{:.1}\" y=\"{:.1}\" width=\"3\" height=\"{:.1}\" fill=\"#1a1a1a\"/>",
            y + row * 0.6,
            escape_html(&name),
            x_of(*mean) - left,
            row * 0.7,
            escape_html(section),
            x_of(*highest) - 1.5,
            y - 2.0,
            row * 0.7 + 4.0
        );
    }
    let axis = top + row * sections.len().max(1) as f64 + 14.0;
    let _ = writeln!(
        out,
        "<text x=\"{left}\" y=\"{axis:.1}\">0</text><text x=\"{:.1}\" y=\"{axis:.1}\">{scale}</text>",
        x_of(scale) - 12.0
    );
    if let Some(max) = max {
        let _ = writeln!(
            out,
            "<line x1=\"{x:.1}\" y1=\"{top}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"#c0392b\" stroke-dasharray=\"4 3\"/><text x=\"{:.1}\" y=\"{axis:.1}\">max {}</text>",
            axis - 12.0,
            x_of(max) - 16.0,
            crate::link::readability::format_grade(max),
            x = x_of(max)
        );
    }
    out.push_str("</svg>\n</figure>\n");
}

fn pages_table(out: &mut String, report: &Report) {
    out.push_str("<h2>Pages, what needs attention first</h2>\n<table>\n<thead><tr>");
    for (name, numeric) in [
        ("Title", false),
        ("Kind", false),
        ("Section", false),
        ("Author", false),
        ("Reviewer", false),
        ("Last reviewed", false),
        ("Next review due", false),
        ("Review", false),
        ("Words", true),
        ("Grade", true),
        ("Language", false),
        ("Warnings", true),
    ] {
        let class = if numeric { " class=\"n\"" } else { "" };
        let _ = write!(out, "<th scope=\"col\"{class}>{name}</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for page in &report.pages {
        let status = super::export::csv_label(&page.review_status);
        let grade = page
            .reading_grade
            .map_or("-".to_string(), |g| format!("{g:.1}"));
        let grade_class = if page.above_max_grade { " above" } else { "" };
        let _ = writeln!(
            out,
            "<tr><td>{}<br><small>{}</small></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"{status}\">{}</td><td class=\"n\">{}</td><td class=\"n{grade_class}\">{grade}</td><td>{}</td><td class=\"n\">{}</td></tr>",
            escape_html(&page.title),
            escape_html(&page.file),
            page.kind,
            escape_html(&page.section),
            escape_html(&page.author),
            escape_html(&page.reviewer),
            escape_html(&page.last_reviewed),
            escape_html(&page.next_review_due),
            page.review_status.label(),
            page.words,
            escape_html(&page.language),
            page.warnings
        );
    }
    out.push_str("</tbody>\n</table>\n");
}
