//! The call-to-action block: merging its fields, site < therapy < article, and validating them.

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Problem};
use crate::load::config::Config;
use crate::load::content::Document;
use crate::load::front_matter::{CtaFields, CtaOverride};
use crate::load::phone::{self, Phone};

/// The merged fields a page's CTA block is rendered with (the `cta` component's arguments).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cta {
    /// The block's heading.
    pub heading: String,
    /// The text, rendered from Markdown to HTML.
    pub text_html: String,
    /// The button label.
    pub button: String,
    /// The number to call, if the site has one.
    pub phone: Option<Phone>,
    /// A booking page, if any.
    pub url: Option<String>,
}

/// One level of overrides, with the document it came from (to locate a bad phone).
pub struct Layer<'a, F> {
    /// The override as written.
    pub value: &'a Option<CtaOverride>,
    /// Its document.
    pub doc: &'a Document<F>,
}

/// Merges the site's CTA with a therapy's and an article's overrides, field by field.
///
/// Returns `None` when any layer hides the block (`cta = false`). A phone number that does not
/// parse is reported against the front matter that wrote it.
pub fn merge<A, B>(
    config: &Config,
    therapy: Option<Layer<'_, A>>,
    page: Option<Layer<'_, B>>,
    problems: &mut Vec<Diagnostic>,
) -> Option<Cta> {
    let site = &config.site.cta;
    let mut fields = CtaFields {
        heading: Some(site.heading.clone()),
        // None means the site's text, rendered once in `Config`.
        text: None,
        button: Some(site.button.clone()),
        phone: None,
        url: site.url.clone(),
    };
    let mut phone = config.cta_phone.clone();
    let country = config.site.clinic.country_code();
    let mut apply = |layer_value: &Option<CtaOverride>,
                     locate: &dyn Fn() -> crate::diagnostics::Location|
     -> bool {
        match layer_value {
            None => true,
            Some(CtaOverride::Hidden) => false,
            Some(CtaOverride::Fields(over)) => {
                if let Some(written) = &over.phone {
                    match phone::parse(written, country) {
                        Ok(parsed) => phone = Some(parsed),
                        Err(reason) => problems.push(Diagnostic::error(
                            locate(),
                            Problem::InvalidPhone {
                                found: written.clone(),
                                reason,
                            },
                        )),
                    }
                }
                overlay(&mut fields, over);
                true
            }
        }
    };
    if let Some(layer) = &therapy
        && !apply(layer.value, &|| layer.doc.locate("cta.phone"))
    {
        // A therapy's `cta = false` hides its own page's block, not its articles'.
        page.as_ref()?;
    }
    if let Some(layer) = &page
        && !apply(layer.value, &|| layer.doc.locate("cta.phone"))
    {
        return None;
    }
    Some(Cta {
        heading: fields.heading.unwrap_or_default(),
        text_html: match &fields.text {
            Some(text) => crate::markdown::render_inline(text),
            None => config.cta_text_html.clone(),
        },
        button: fields.button.unwrap_or_default(),
        phone,
        url: fields.url.map(|url| {
            if url.starts_with('/') && !url.starts_with("//") {
                config.url(&url)
            } else {
                url
            }
        }),
    })
}

fn overlay(fields: &mut CtaFields, over: &CtaFields) {
    let pairs = [
        (&mut fields.heading, &over.heading),
        (&mut fields.text, &over.text),
        (&mut fields.button, &over.button),
        (&mut fields.url, &over.url),
    ];
    for (field, value) in pairs {
        if value.is_some() {
            field.clone_from(value);
        }
    }
}
