//! Shortcode calls rendered into a page: each
//! [`placeholder`](crate::markdown::shortcode::placeholder) the Markdown stage left becomes
//! the output of `shortcodes/<name>.html` (the site's template, else the theme's), rendered
//! with the call's arguments, its `body` (HTML) for a body call, and the page's `cta` (the
//! merged call-to-action, absent when the page hides it). An urgent callout's call renders
//! `partials/urgent.html` with `urgent_body` (see [`crate::markdown::callout`]).

use std::borrow::Cow;
use std::path::Path;

use tera::{Context, Value};

use super::Theme;
use super::context::CtaContext;
use crate::diagnostics::Diagnostic;
use crate::link::cta::Cta;
use crate::markdown::callout::URGENT_CALL;
use crate::markdown::shortcode::{PLACEHOLDER_START, ShortcodeCall};

/// `html` with every shortcode placeholder replaced by its template's output.
pub(super) fn expand<'h>(
    theme: &Theme,
    html: &'h str,
    calls: &[ShortcodeCall],
    cta: Option<&Cta>,
    page: &Path,
) -> Result<Cow<'h, str>, Diagnostic> {
    if calls.is_empty() {
        return Ok(Cow::Borrowed(html));
    }
    let mut out = String::with_capacity(html.len() + calls.len() * 512);
    let mut rest = html;
    // By where each placeholder is: urgent boxes' calls follow the shortcodes' in `calls`.
    while let Some(at) = rest.find(PLACEHOLDER_START) {
        out.push_str(&rest[..at]);
        let marker = &rest[at..];
        let end = marker
            .find(" -->")
            .map_or(marker.len(), |end| end + " -->".len());
        let call = marker[PLACEHOLDER_START.len()..end]
            .trim_end_matches(" -->")
            .parse::<usize>()
            .ok()
            .and_then(|index| calls.get(index));
        match call {
            Some(call) => out.push_str(&render_call(theme, call, cta, page)?),
            None => out.push_str(&marker[..end]),
        }
        rest = &marker[end..];
    }
    out.push_str(rest);
    Ok(Cow::Owned(out))
}

fn render_call(
    theme: &Theme,
    call: &ShortcodeCall,
    cta: Option<&Cta>,
    page: &Path,
) -> Result<String, Diagnostic> {
    let mut context = Context::new();
    for (name, value) in &call.args {
        context.insert(name.clone(), value);
    }
    if let Some(cta) = cta {
        context.insert("cta", &CtaContext::new(cta));
    }
    let body = Value::safe_string(call.body.as_deref().unwrap_or_default());
    if call.name == URGENT_CALL {
        // The box a condition's red flags use, around the callout's body.
        context.insert("urgent_items", &Vec::<String>::new());
        context.insert("urgent_body", &body);
        return theme.render("partials/urgent.html", &context, page);
    }
    if call.body.is_some() {
        context.insert("body", &body);
    }
    theme.render(&format!("shortcodes/{}.html", call.name), &context, page)
}
