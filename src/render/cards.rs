//! Article cards rendered once per article, not once per listing.
//!
//! An article's card appears in its folder's listing, in each of its topics' full lists, on
//! the pages of its topics and authors while it is among their newest, and under related
//! articles: at 10,000 articles, about eight times each. Rendering the theme's
//! `partials/article_card.html` anew each time was the largest single cost of the render
//! stage, so each article's card is rendered once (at the two heading levels the default
//! theme uses) when its summary is first made, and listings insert the HTML: `article.card`
//! and `article.card_h2` (docs/theme.md).
//!
//! The card is rendered with `article` (the summary) and the site-wide variables (`site`,
//! `therapies`, `theme`) only. A card that reads a page's own variables fails to render here;
//! it is then left empty, and the listings fall back to including the partial on each page.

use tera::{Context, Value};

use super::Theme;

/// The partial every listing uses for an article.
pub const CARD_PARTIAL: &str = "partials/article_card.html";

/// An article's card, as the theme renders it.
#[derive(Debug, Default)]
pub struct Cards {
    /// With `card_level` unset (the default theme: an `h3` heading).
    pub card: String,
    /// With `card_level = 2`, for a list right under the page's `h1`.
    pub card_h2: String,
}

impl Theme {
    /// The cards of the article whose summary is `summary`; empty when the partial cannot be
    /// rendered on its own (the listings then include it on each page).
    pub fn article_cards(&self, summary: &Value) -> Cards {
        if !self.has_template(CARD_PARTIAL) {
            return Cards::default();
        }
        let render = |level: Option<u8>| {
            let mut context = Context::new();
            context.insert("article", summary);
            if let Some(level) = level {
                context.insert("card_level", &level);
            }
            self.tera.render(CARD_PARTIAL, &context).ok()
        };
        match (render(None), render(Some(2))) {
            (Some(card), Some(card_h2)) => Cards { card, card_h2 },
            _ => Cards::default(),
        }
    }
}
