//! Callouts: GitHub-style alerts (`> [!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]`,
//! `[!CAUTION]`) and Vertebra's `> [!URGENT]`, each an `<aside role="note">` with a visible,
//! translated label (never colour alone). The urgent box ends with the clinic's phone and the
//! emergency instruction; [`urgent_box`] is the same box for any other caller (the red flags of
//! a condition), so every "seek care now" message on a site looks and reads the same.

use pulldown_cmark::BlockQuoteKind;

use super::images::escape;

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

/// What callouts say: labels in the site's language, and how to reach the clinic.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CalloutText {
    /// Labels in [`CalloutKind`] order.
    labels: [&'static str; 6],
    /// "Call us at"
    call_us: &'static str,
    /// The clinic's phone: (as shown, E.164).
    phone: Option<(String, String)>,
    /// The emergency instruction: "In an emergency, call 911."
    emergency: String,
}

impl CalloutText {
    /// Labels for `language` (a BCP 47 tag; English unless its language is one Vertebra
    /// knows), the clinic's phone (shown, E.164) and the emergency instruction.
    pub fn new(language: &str, phone: Option<(String, String)>, emergency: &str) -> CalloutText {
        let primary = language
            .split(['-', '_'])
            .next()
            .unwrap_or("en")
            .to_ascii_lowercase();
        let (labels, call_us) = match primary.as_str() {
            "es" => (
                [
                    "Nota",
                    "Consejo",
                    "Importante",
                    "Advertencia",
                    "Precaución",
                    "Busque atención urgente",
                ],
                "Llámenos al",
            ),
            "fr" => (
                [
                    "Remarque",
                    "Conseil",
                    "Important",
                    "Avertissement",
                    "Attention",
                    "Consultez sans attendre",
                ],
                "Appelez-nous au",
            ),
            "de" => (
                [
                    "Hinweis",
                    "Tipp",
                    "Wichtig",
                    "Warnung",
                    "Vorsicht",
                    "Suchen Sie umgehend ärztliche Hilfe",
                ],
                "Rufen Sie uns an:",
            ),
            _ => (
                [
                    "Note",
                    "Tip",
                    "Important",
                    "Warning",
                    "Caution",
                    "Seek urgent care",
                ],
                "Call us at",
            ),
        };
        CalloutText {
            labels,
            call_us,
            phone,
            emergency: emergency.to_string(),
        }
    }

    /// The visible label of `kind`.
    pub fn label(&self, kind: CalloutKind) -> &'static str {
        self.labels[kind.index()]
    }
}

impl Default for CalloutText {
    fn default() -> Self {
        CalloutText::new("en", None, "In an emergency, call 911.")
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
            escape(text.call_us),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_urgent_box_names_the_clinic_phone_and_the_emergency_instruction() {
        let text = CalloutText::new(
            "en-US",
            Some(("(310) 555-0142".into(), "+13105550142".into())),
            "In an emergency, call 911.",
        );
        let html = urgent_box(&text, "<p>Numbness in the groin.</p>");
        assert!(html.starts_with("<aside class=\"callout callout-urgent\" role=\"note\">"));
        assert!(html.contains(">Seek urgent care</p>"));
        assert!(html.contains(
            "Call us at <a href=\"tel:+13105550142\">(310) 555-0142</a>. <strong>In an emergency, call 911.</strong>"
        ));
    }

    #[test]
    fn labels_follow_the_site_language() {
        let text = CalloutText::new("es", None, "En una emergencia, llame al 911.");
        assert!(open(CalloutKind::Warning, &text).contains(">Advertencia</p>"));
        assert_eq!(close(CalloutKind::Warning, &text), "</aside>\n");
    }
}
