//! The report for spreadsheets and scripts: CSV (RFC 4180, one row per page) and JSON (the
//! whole [`Report`]: pages, totals per reviewer and per author).

use super::{PageRow, Report};

/// The CSV columns, in order.
pub const CSV_COLUMNS: [&str; 19] = [
    "title",
    "kind",
    "section",
    "file",
    "url",
    "author",
    "reviewer",
    "last_reviewed",
    "next_review_due",
    "review_status",
    "words",
    "reading_grade",
    "reading_formula",
    "smog",
    "fernandez_huerta",
    "inflesz",
    "language",
    "translation",
    "warnings",
];

/// One line per page, with a header line.
pub fn csv(report: &Report) -> String {
    let mut out = CSV_COLUMNS.join(",");
    out.push_str("\r\n");
    for page in &report.pages {
        let fields = csv_fields(page);
        let quoted: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&quoted.join(","));
        out.push_str("\r\n");
    }
    out
}

fn csv_fields(page: &PageRow) -> [String; 19] {
    let number = |value: Option<f64>| value.map(|v| format!("{v:.1}")).unwrap_or_default();
    [
        page.title.clone(),
        page.kind.to_string(),
        page.section.clone(),
        page.file.clone(),
        page.url.clone(),
        page.author.clone(),
        page.reviewer.clone(),
        page.last_reviewed.clone(),
        page.next_review_due.clone(),
        csv_label(&page.review_status),
        page.words.to_string(),
        number(page.reading_grade),
        page.reading_formula.unwrap_or("").to_string(),
        number(page.smog),
        number(page.fernandez_huerta),
        number(page.inflesz),
        page.language.clone(),
        csv_label(&page.translation),
        page.warnings.to_string(),
    ]
}

/// The name serde gives a unit variant (`due-this-month`), so CSV and JSON agree.
pub fn csv_label<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

/// A field quoted when it holds a comma, quote or line break, and guarded against spreadsheet
/// formulas (a title starting with `=` would run in Excel).
fn csv_field(field: &str) -> String {
    let guarded = if field.starts_with(['=', '+', '-', '@']) && field.parse::<f64>().is_err() {
        format!("'{field}")
    } else {
        field.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// The whole report as pretty-printed JSON.
pub fn json(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(report).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_csv_fields_that_need_it() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=1+1"), "'=1+1");
        assert_eq!(csv_field("-2.5"), "-2.5");
    }
}
