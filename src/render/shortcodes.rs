//! Shortcode calls rendered into a page: each [`placeholder`] the Markdown stage left becomes
//! the output of `shortcodes/<name>.html` (the site's template, else the theme's), rendered
//! with the call's arguments, its `body` (HTML) for a body call, and the page's `cta` (the
//! merged call-to-action, absent when the page hides it).

use std::borrow::Cow;
use std::path::Path;

use tera::{Context, Value};

use super::Theme;
use super::context::CtaContext;
use crate::diagnostics::Diagnostic;
use crate::link::cta::Cta;
use crate::markdown::shortcode::{ShortcodeCall, placeholder};

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
    for (index, call) in calls.iter().enumerate() {
        let marker = placeholder(index);
        let Some(at) = rest.find(&marker) else {
            continue;
        };
        out.push_str(&rest[..at]);
        out.push_str(&render_call(theme, call, cta, page)?);
        rest = &rest[at + marker.len()..];
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
    if let Some(body) = &call.body {
        context.insert("body", &Value::safe_string(body));
    }
    if let Some(cta) = cta {
        context.insert("cta", &CtaContext::new(cta));
    }
    theme.render(&format!("shortcodes/{}.html", call.name), &context, page)
}
