//! Callouts: GitHub-style alerts (`> [!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]`,
//! `[!CAUTION]`) and Vertebra's `> [!URGENT]`, each an `<aside role="note">` with a visible,
//! translated label (never colour alone).
//!
//! An urgent box in a site's page is the theme's `partials/urgent.html`, the box a condition's
//! red flags use, so every "seek care now" message on a site looks and reads the same and a
//! site that overrides the partial changes both. This stage is pure and knows no templates: it
//! marks the box ([`URGENT_OPEN`], [`URGENT_CLOSE`]) and [`extract_urgent`] hands its body to
//! the render stage as a call, the way shortcodes are. Without a site (or inside a shortcode's
//! body, where calls do not nest) the box is written here ([`urgent_box`]), ending with the
//! clinic's phone and the emergency instruction.

use pulldown_cmark::BlockQuoteKind;

use super::escape_html as escape;

/// The kinds of callout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CalloutKind {
    /// `[!NOTE]`: useful to know.
    Note,
    /// `[!TIP]`: helpful advice.
    Tip,
    /// `[!IMPORTANT]`: needed to reach the goal.
    Important,
    /// `[!WARNING]`: needs attention now.
    Warning,
    /// `[!CAUTION]`: risks or negative outcomes.
    Caution,
    /// `[!URGENT]`: symptoms that need care today, with the clinic's phone.
    Urgent,
}

impl CalloutKind {
    /// The kind of a GitHub alert.
    pub fn from_alert(kind: BlockQuoteKind) -> CalloutKind {
        match kind {
            BlockQuoteKind::Note => CalloutKind::Note,
            BlockQuoteKind::Tip => CalloutKind::Tip,
            BlockQuoteKind::Important => CalloutKind::Important,
            BlockQuoteKind::Warning => CalloutKind::Warning,
            BlockQuoteKind::Caution => CalloutKind::Caution,
        }
    }

    /// The class suffix: `callout-warning`.
    pub fn name(self) -> &'static str {
        match self {
            CalloutKind::Note => "note",
            CalloutKind::Tip => "tip",
            CalloutKind::Important => "important",
            CalloutKind::Warning => "warning",
            CalloutKind::Caution => "caution",
            CalloutKind::Urgent => "urgent",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The marker of an urgent callout, on the first line of a quote.
pub const URGENT_MARKER: &str = "[!URGENT]";

/// The name an urgent box's call goes by (no shortcode can have it: it is no identifier).
pub const URGENT_CALL: &str = "!urgent";

/// Where an urgent box to hand to the render stage starts in the HTML.
pub const URGENT_OPEN: &str = "<!-- vertebra:urgent -->";

/// Where it ends.
pub const URGENT_CLOSE: &str = "<!-- vertebra:urgent-end -->";

/// The words of callouts in one language: a label per [`CalloutKind`] and the lead-in to the
/// clinic's phone. The site's theme catalogue provides them (`callout-note`, …,
/// `seek-urgent-care`, `urgent-call`: see `render::strings::callout_words`); the default is
/// English, for Markdown rendered without a site.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CalloutWords {
    /// Labels in [`CalloutKind`] order.
    pub labels: [String; 6],
    /// "For advice the same day, call us at"
    pub call_us: String,
}

impl Default for CalloutWords {
    fn default() -> Self {
        CalloutWords {
            labels: [
                "Note",
                "Tip",
                "Important",
                "Warning",
                "Caution",
                "Seek urgent care",
            ]
            .map(String::from),
            call_us: "For advice the same day, call us at".to_string(),
        }
    }
}

/// What callouts say: labels in the page's language, and how to reach the clinic.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CalloutText {
    words: CalloutWords,
    /// The clinic's phone: (as shown, E.164).
    phone: Option<(String, String)>,
    /// The emergency instruction: "In an emergency, call 911."
    emergency: String,
}

impl CalloutText {
    /// The `words` of a language, the clinic's phone (shown, E.164) and the emergency
    /// instruction.
    pub fn new(
        words: CalloutWords,
        phone: Option<(String, String)>,
        emergency: &str,
    ) -> CalloutText {
        CalloutText {
            words,
            phone,
            emergency: emergency.to_string(),
        }
    }

    /// The visible label of `kind`.
    pub fn label(&self, kind: CalloutKind) -> &str {
        &self.words.labels[kind.index()]
    }
}

impl Default for CalloutText {
    fn default() -> Self {
        CalloutText::new(CalloutWords::default(), None, "In an emergency, call 911.")
    }
}

/// The opening of a callout box, up to where its body goes.
pub fn open(kind: CalloutKind, text: &CalloutText) -> String {
    format!(
        "<aside class=\"callout callout-{name}\" role=\"note\">\n<p class=\"callout-label\"><span class=\"callout-icon\" aria-hidden=\"true\"></span>{label}</p>\n",
        name = kind.name(),
        label = escape(text.label(kind)),
    )
}

/// The end of a callout box: for an urgent one, the clinic's phone and the emergency
/// instruction first.
pub fn close(kind: CalloutKind, text: &CalloutText) -> String {
    if kind != CalloutKind::Urgent {
        return "</aside>\n".to_string();
    }
    let call = match &text.phone {
        Some((shown, e164)) => format!(
            "{} <a href=\"tel:{}\">{}</a>. ",
            escape(&text.words.call_us),
            escape(e164),
            escape(shown)
        ),
        None => String::new(),
    };
    format!(
        "<p class=\"callout-action\">{call}<strong>{}</strong></p>\n</aside>\n",
        escape(&text.emergency)
    )
}

/// A whole urgent box around `body_html` (already HTML): the box `> [!URGENT]` makes, for
/// other callers such as a condition's red flags.
pub fn urgent_box(text: &CalloutText, body_html: &str) -> String {
    let mut html = open(CalloutKind::Urgent, text);
    html.push_str(body_html);
    if !body_html.ends_with('\n') {
        html.push('\n');
    }
    html.push_str(&close(CalloutKind::Urgent, text));
    html
}

/// Cuts each outermost urgent box out of `html`, leaving in its place the shortcode
/// placeholder of call `first`, `first + 1`, …; returns the HTML and the boxes' bodies, in
/// order. A box whose end is not in `html` (a summary cut inside it) is left as it is.
pub fn extract_urgent(html: &str, first: usize) -> (String, Vec<String>) {
    let mut out = String::with_capacity(html.len());
    let mut bodies = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(URGENT_OPEN) {
        let inner = &rest[start + URGENT_OPEN.len()..];
        let Some(end) = matching_close(inner) else {
            break;
        };
        out.push_str(&rest[..start]);
        out.push_str(&super::shortcode::placeholder(first + bodies.len()));
        bodies.push(inner[..end].trim_start_matches('\n').to_string());
        rest = &inner[end + URGENT_CLOSE.len()..];
    }
    out.push_str(rest);
    (out, bodies)
}

/// Where the [`URGENT_CLOSE`] that ends a box opened just before `html` starts.
fn matching_close(html: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut at = 0;
    loop {
        let open = html[at..].find(URGENT_OPEN).map(|i| i + at);
        let close = html[at..].find(URGENT_CLOSE).map(|i| i + at)?;
        match open {
            Some(open) if open < close => {
                depth += 1;
                at = open + URGENT_OPEN.len();
            }
            _ if depth == 0 => return Some(close),
            _ => {
                depth -= 1;
                at = close + URGENT_CLOSE.len();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_urgent_box_names_the_clinic_phone_and_the_emergency_instruction() {
        let text = CalloutText::new(
            CalloutWords::default(),
            Some(("(310) 555-0142".into(), "+13105550142".into())),
            "In an emergency, call 911.",
        );
        let html = urgent_box(&text, "<p>Numbness in the groin.</p>");
        assert!(html.starts_with("<aside class=\"callout callout-urgent\" role=\"note\">"));
        assert!(html.contains(">Seek urgent care</p>"));
        assert!(html.contains(
            "call us at <a href=\"tel:+13105550142\">(310) 555-0142</a>. <strong>In an emergency, call 911.</strong>"
        ));
    }

    #[test]
    fn labels_are_the_words_given() {
        let mut words = CalloutWords::default();
        words.labels[CalloutKind::Warning.index()] = "Advertencia".into();
        let text = CalloutText::new(words, None, "En una emergencia, llame al 911.");
        assert!(open(CalloutKind::Warning, &text).contains(">Advertencia</p>"));
        assert_eq!(close(CalloutKind::Warning, &text), "</aside>\n");
    }

    #[test]
    fn urgent_boxes_become_calls_in_order_the_outermost_whole() {
        let html = format!(
            "<p>a</p>\n{URGENT_OPEN}\n<p>b</p>\n{URGENT_OPEN}<p>c</p>{URGENT_CLOSE}{URGENT_CLOSE}\n<p>d</p>{URGENT_OPEN}<p>e</p>{URGENT_CLOSE}"
        );
        let (out, bodies) = extract_urgent(&html, 2);
        assert_eq!(
            out,
            "<p>a</p>\n<!-- vertebra:shortcode:2 -->\n<p>d</p><!-- vertebra:shortcode:3 -->"
        );
        assert_eq!(
            bodies,
            vec![
                format!("<p>b</p>\n{URGENT_OPEN}<p>c</p>{URGENT_CLOSE}"),
                "<p>e</p>".to_string()
            ]
        );
        let cut = format!("<p>a</p>{URGENT_OPEN}<p>b</p>");
        assert_eq!(extract_urgent(&cut, 0), (cut.clone(), Vec::new()));
    }
}
