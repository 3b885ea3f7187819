//! Images in Markdown: what the Markdown stage asks about a local image file (the
//! [`ImageSource`] the build passes down), and the HTML it writes for an image and a figure.
//!
//! A local image gets its `width` and `height`, `loading="lazy" decoding="async"` unless it
//! is the first of its page, and, when resized copies exist, a `<picture>` with a WebP
//! `srcset` and a `srcset` in the original format. An image alone in its paragraph with a
//! title becomes a `<figure>` whose caption is the title.

use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::Problem;

/// What an author appends to an image's address to say it is decorative: `![](rule.png#decorative)`
/// is allowed an empty alt text, which tells screen readers to skip it.
pub const DECORATIVE: &str = "#decorative";

/// The `sizes` attribute of responsive images: the content column (46rem) on wide screens,
/// the viewport less the page's side padding on narrow ones.
pub const SIZES: &str = "(min-width: 48.5rem) 46rem, calc(100vw - 2.5rem)";

/// A local image file, measured and (when wider than the content column) resized.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LocalImage {
    /// The URL for `src` (base path included).
    pub src: String,
    /// Width in pixels, as the browser shows it (0 when unknown: an SVG without a size).
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `srcset` of the WebP copies, empty when there are none.
    pub webp_srcset: String,
    /// `srcset` in the original format (resized copies and the original), empty when none.
    pub srcset: String,
    /// Resized copies the page needs written: (output path in `processed_images/`, the cache
    /// folder holding the file of the same name).
    pub files: Vec<(String, Arc<Path>)>,
}

/// Measures and resizes local images for the Markdown stage; implemented by
/// `load::media::Images`, which the build passes down.
pub trait ImageSource: Sync + std::fmt::Debug {
    /// The image `src` (as written, without a `#decorative` marker) of the page at content
    /// path `page` (`articles/x/index.md`); `Ok(None)` when it is not a local file (another
    /// host, a `data:` URL).
    fn local_image(&self, src: &str, page: &str) -> Result<Option<LocalImage>, Problem>;
}

/// The `<img>` (or `<picture>`) for an image; `url` is the resolved address, used when the
/// image is not local.
pub fn image_html(
    out: &mut String,
    url: &str,
    alt: &str,
    local: Option<&LocalImage>,
    first_of_page: bool,
) {
    let esc = super::escape_html;
    let loading = if first_of_page {
        ""
    } else {
        " loading=\"lazy\" decoding=\"async\""
    };
    let Some(local) = local else {
        let _ = write!(
            out,
            "<img src=\"{}\" alt=\"{}\"{loading}>",
            esc(url),
            esc(alt)
        );
        return;
    };
    let size = if local.width > 0 && local.height > 0 {
        format!(" width=\"{}\" height=\"{}\"", local.width, local.height)
    } else {
        String::new()
    };
    if local.webp_srcset.is_empty() && local.srcset.is_empty() {
        let _ = write!(
            out,
            "<img src=\"{}\" alt=\"{}\"{size}{loading}>",
            esc(&local.src),
            esc(alt)
        );
        return;
    }
    out.push_str("<picture>");
    if !local.webp_srcset.is_empty() {
        let _ = write!(
            out,
            "<source type=\"image/webp\" srcset=\"{}\" sizes=\"{SIZES}\">",
            esc(&local.webp_srcset)
        );
    }
    let srcset = if local.srcset.is_empty() {
        String::new()
    } else {
        format!(" srcset=\"{}\" sizes=\"{SIZES}\"", esc(&local.srcset))
    };
    let _ = write!(
        out,
        "<img src=\"{}\"{srcset} alt=\"{}\"{size}{loading}></picture>",
        esc(&local.src),
        esc(alt)
    );
}

/// Wraps an image's HTML in a figure with `caption`.
pub fn figure_html(image: &str, caption: &str) -> String {
    format!(
        "<figure>{image}<figcaption>{}</figcaption></figure>\n",
        super::escape_html(caption)
    )
}

/// The address without the decorative marker, and whether it had one.
pub fn strip_decorative(url: &str) -> (&str, bool) {
    match url.strip_suffix(DECORATIVE) {
        Some(bare) => (bare, true),
        None => (url, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_first_image_loads_eagerly() {
        let mut first = String::new();
        image_html(&mut first, "https://x.example/a.png", "A", None, true);
        assert_eq!(first, "<img src=\"https://x.example/a.png\" alt=\"A\">");
        let mut later = String::new();
        image_html(&mut later, "/a.png", "A \"quoted\"", None, false);
        assert_eq!(
            later,
            "<img src=\"/a.png\" alt=\"A &quot;quoted&quot;\" loading=\"lazy\" decoding=\"async\">"
        );
    }

    #[test]
    fn resized_images_become_a_picture() {
        let local = LocalImage {
            src: "/a/p-1200w.jpg".into(),
            width: 2000,
            height: 1000,
            webp_srcset: "/a/p-480w.webp 480w".into(),
            srcset: "/a/p-480w.jpg 480w, /a/p.jpg 2000w".into(),
            files: Vec::new(),
        };
        let mut html = String::new();
        image_html(&mut html, "p.jpg", "Spine", Some(&local), false);
        assert!(
            html.starts_with("<picture><source type=\"image/webp\" srcset=\"/a/p-480w.webp 480w\"")
        );
        assert!(html.contains("width=\"2000\" height=\"1000\" loading=\"lazy\""));
        assert!(html.ends_with("</picture>"));
    }
}
