//! The report as a terminal table, at most [`WIDTH`] columns wide, coloured only when asked
//! (a terminal without `NO_COLOR`; see [`use_colour`]).

use std::fmt::Write;

use super::{PageRow, PersonTotals, Report, ReviewStatus};

/// The widest line the table writes.
pub const WIDTH: usize = 100;

/// Columns: header, width, right-aligned.
const COLUMNS: [(&str, usize, bool); 9] = [
    ("Title", 22, false),
    ("Kind", 9, false),
    ("Author", 11, false),
    ("Reviewer", 11, false),
    ("Next due", 10, false),
    ("Review", 7, false),
    ("Grade", 5, true),
    ("Words", 5, true),
    ("Warn", 4, true),
];

/// Whether to colour output: only on a terminal, and never when `NO_COLOR` is set to
/// anything but the empty string (<https://no-color.org>).
pub fn use_colour(is_terminal: bool, no_color: Option<&std::ffi::OsStr>) -> bool {
    is_terminal && no_color.is_none_or(|value| value.is_empty())
}

const RED: &str = "\x1b[31m";
const YELLOW: &str = "\x1b[33m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// The whole report as text.
pub fn render(report: &Report, colour: bool) -> String {
    let paint = |text: String, code: &str| {
        if colour && !code.is_empty() {
            format!("{code}{text}{RESET}")
        } else {
            text
        }
    };
    let mut out = String::new();
    let above = match report.max_reading_grade {
        Some(max) => format!(
            "{} above grade {}",
            report.above_max_grade(),
            crate::link::readability::format_grade(max)
        ),
        None => "no max_reading_grade set".to_string(),
    };
    let _ = writeln!(
        out,
        "{}",
        paint(
            fit(
                &format!("{} — content report for {}", report.site, report.today),
                WIDTH
            ),
            BOLD
        )
    );
    let _ = writeln!(
        out,
        "{} pages: {} overdue, {} missing a review, {} due this month; {above}",
        report.pages.len(),
        report.count(ReviewStatus::Overdue),
        report.count(ReviewStatus::Missing),
        report.count(ReviewStatus::DueThisMonth),
    );
    let _ = writeln!(out);
    let header: Vec<String> = COLUMNS
        .iter()
        .map(|&(name, width, right)| cell(name, width, right))
        .collect();
    let _ = writeln!(
        out,
        "{}",
        paint(header.join("  ").trim_end().to_string(), BOLD)
    );
    for page in &report.pages {
        let _ = writeln!(out, "{}", row(page, colour));
    }
    for (title, people) in [("Reviewer", &report.reviewers), ("Author", &report.authors)] {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{}",
            paint(
                totals_line(title, "Pages", "Overdue", "Due this month"),
                BOLD
            )
        );
        for person in people.iter() {
            let _ = writeln!(out, "{}", person_line(person));
        }
        if people.is_empty() {
            let _ = writeln!(out, "(nobody named)");
        }
    }
    out
}

fn row(page: &PageRow, colour: bool) -> String {
    let grade = page
        .reading_grade
        .map_or("-".to_string(), |g| format!("{g:.1}"));
    let cells = [
        page.title.as_str(),
        page.kind,
        or_dash(&page.author),
        or_dash(&page.reviewer),
        or_dash(&page.next_review_due),
        page.review_status.label(),
        &grade,
        &page.words.to_string(),
        &page.warnings.to_string(),
    ];
    let mut parts: Vec<String> = COLUMNS
        .iter()
        .zip(cells)
        .map(|(&(_, width, right), text)| cell(text, width, right))
        .collect();
    if colour {
        let review = match page.review_status {
            ReviewStatus::Overdue | ReviewStatus::Missing => RED,
            ReviewStatus::DueThisMonth => YELLOW,
            _ => "",
        };
        if !review.is_empty() {
            parts[5] = format!("{review}{}{RESET}", parts[5]);
        }
        if page.above_max_grade {
            parts[6] = format!("{RED}{}{RESET}", parts[6]);
        }
    }
    parts.join("  ").trim_end().to_string()
}

fn or_dash(text: &str) -> &str {
    if text.is_empty() { "-" } else { text }
}

fn totals_line(name: &str, pages: &str, overdue: &str, due: &str) -> String {
    format!(
        "{}  {}  {}  {}",
        cell(name, 30, false),
        cell(pages, 5, true),
        cell(overdue, 7, true),
        cell(due, 14, true)
    )
}

fn person_line(person: &PersonTotals) -> String {
    totals_line(
        &person.name,
        &person.pages.to_string(),
        &person.overdue.to_string(),
        &person.due_this_month.to_string(),
    )
}

/// `text` cut or padded to `width` characters.
fn cell(text: &str, width: usize, right: bool) -> String {
    let text = fit(text, width);
    let pad = width.saturating_sub(text.chars().count());
    if right {
        format!("{}{text}", " ".repeat(pad))
    } else {
        format!("{text}{}", " ".repeat(pad))
    }
}

/// `text` on one line, cut to `width` characters with `…`.
fn fit(text: &str, width: usize) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= width {
        return one_line;
    }
    let mut cut: String = one_line.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_only_on_a_terminal_without_no_color() {
        use std::ffi::OsStr;
        assert!(use_colour(true, None));
        assert!(!use_colour(false, None));
        assert!(!use_colour(true, Some(OsStr::new("1"))));
        // An empty NO_COLOR does not count (no-color.org).
        assert!(use_colour(true, Some(OsStr::new(""))));
    }

    #[test]
    fn the_columns_fit_the_width() {
        let width: usize = COLUMNS.iter().map(|c| c.1).sum::<usize>() + 2 * (COLUMNS.len() - 1);
        assert!(width <= WIDTH, "{width}");
        assert_eq!(fit("a long title here", 8), "a long …");
    }
}
