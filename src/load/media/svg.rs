//! The size of an SVG image, from its root element's `width` and `height` (in pixels, or
//! unitless), else its `viewBox`: enough for the browser to reserve its box before it loads.

use std::path::Path;

/// (width, height) in CSS pixels, rounded; `None` when the file says neither.
pub fn size(file: &Path) -> Option<(u32, u32)> {
    let text = std::fs::read_to_string(file).ok()?;
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let number = |value: &str| -> Option<f64> {
        let value = value.trim().trim_end_matches("px");
        value
            .parse::<f64>()
            .ok()
            .filter(|n| *n > 0.0 && n.is_finite())
    };
    let width = attribute(tag, "width").and_then(number);
    let height = attribute(tag, "height").and_then(number);
    let (width, height) = match (width, height) {
        (Some(w), Some(h)) => (w, h),
        _ => {
            let view_box: Vec<f64> = attribute(tag, "viewBox")?
                .split([' ', ','])
                .filter(|p| !p.is_empty())
                .filter_map(|p| p.parse().ok())
                .collect();
            match view_box[..] {
                [_, _, w, h] if w > 0.0 && h > 0.0 => (w, h),
                _ => return None,
            }
        }
    };
    Some((width.round() as u32, height.round() as u32))
}

/// The value of attribute `name` in a start tag.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let mut rest = tag;
    while let Some(at) = rest.find(name) {
        let before = rest[..at].chars().next_back();
        let after = &rest[at + name.len()..];
        let after_trim = after.trim_start();
        if before.is_some_and(char::is_whitespace) && after_trim.starts_with('=') {
            let value = after_trim[1..].trim_start();
            let quote = value.chars().next()?;
            if quote == '"' || quote == '\'' {
                let value = &value[1..];
                return Some(&value[..value.find(quote)?]);
            }
        }
        rest = after;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_width_and_height_or_the_view_box() {
        let dir = tempfile::tempdir().unwrap();
        let sized = dir.path().join("a.svg");
        std::fs::write(&sized, "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640px\" height='360'><rect/></svg>").unwrap();
        assert_eq!(size(&sized), Some((640, 360)));
        let boxed = dir.path().join("b.svg");
        std::fs::write(
            &boxed,
            "<svg viewBox=\"0 0 800.4 450\" xmlns=\"http://www.w3.org/2000/svg\"></svg>",
        )
        .unwrap();
        assert_eq!(size(&boxed), Some((800, 450)));
    }
}
