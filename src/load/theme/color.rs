//! Colours for `[theme] accent`: parsing any CSS colour, WCAG 2.2 contrast ratios, and the
//! nearest shade of the same hue that meets a ratio.
//!
//! The ratio is WCAG's: (L1 + 0.05) / (L2 + 0.05) of the relative luminances of the lighter and
//! the darker colour (<https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio>).

use csscolorparser::Color;

/// An opaque sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb {
    /// Red, green and blue, 0 to 255.
    pub channels: [u8; 3],
}

impl Rgb {
    /// `#rrggbb` → a colour (for the theme's own palette, written in Rust).
    pub const fn hex(value: u32) -> Rgb {
        Rgb {
            channels: [(value >> 16) as u8, (value >> 8) as u8, value as u8],
        }
    }

    /// Parses a CSS colour (`#0b5e55`, `rgb(11 94 85)`, `hsl(…)`, `teal`). Transparent colours
    /// are refused: their contrast depends on what is behind them.
    pub fn parse(text: &str) -> Result<Rgb, &'static str> {
        let color = csscolorparser::parse(text.trim()).map_err(|_| "not a CSS colour")?;
        if color.a < 1.0 {
            return Err("a transparent colour; use an opaque one");
        }
        let [r, g, b, _] = color.to_rgba8();
        Ok(Rgb {
            channels: [r, g, b],
        })
    }

    /// `#0b5e55`.
    pub fn to_hex(self) -> String {
        let [r, g, b] = self.channels;
        format!("#{r:02x}{g:02x}{b:02x}")
    }

    /// WCAG relative luminance, 0 (black) to 1 (white).
    pub fn luminance(self) -> f64 {
        let linear = |channel: u8| {
            let c = f64::from(channel) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let [r, g, b] = self.channels;
        0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    }

    /// The WCAG contrast ratio of two colours, 1 to 21.
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (light, dark) = if a >= b { (a, b) } else { (b, a) };
        (light + 0.05) / (dark + 0.05)
    }

    /// The colour with the same hue and saturation and HSL lightness `lightness` (0 to 1).
    fn with_lightness(self, lightness: f32) -> Rgb {
        let [r, g, b] = self.channels;
        let [h, s, _, _] = Color::from_rgba8(r, g, b, 255).to_hsla();
        let [r, g, b, _] = Color::from_hsla(h, s, lightness.clamp(0.0, 1.0), 1.0).to_rgba8();
        Rgb {
            channels: [r, g, b],
        }
    }

    fn lightness(self) -> f32 {
        let [r, g, b] = self.channels;
        Color::from_rgba8(r, g, b, 255).to_hsla()[2]
    }

    /// The shade of this colour's hue nearest to it (by HSL lightness) for which `passes`
    /// holds, lightening or darkening; `None` when no shade does.
    pub fn nearest_shade(self, passes: impl Fn(Rgb) -> bool) -> Option<Rgb> {
        let start = self.lightness();
        // Steps of half a percent of lightness, in both directions at once.
        (1..=200).find_map(|step| {
            let delta = step as f32 * 0.005;
            [start - delta, start + delta]
                .into_iter()
                .filter(|l| (0.0..=1.0).contains(l))
                .map(|l| self.with_lightness(l))
                .find(|shade| passes(*shade))
        })
    }
}

/// A ratio as people write it: `3.21:1` (rounded down, so a ratio shown as passing passes).
pub fn ratio_text(ratio: f64) -> String {
    format!("{:.2}:1", (ratio * 100.0).floor() / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_wcag_examples() {
        let white = Rgb::hex(0xffffff);
        let black = Rgb::hex(0x000000);
        assert!((white.contrast(black) - 21.0).abs() < 1e-9);
        assert!((white.contrast(white) - 1.0).abs() < 1e-9);
        // #767676 on white is the classic 4.54:1.
        assert_eq!(ratio_text(Rgb::hex(0x767676).contrast(white)), "4.54:1");
    }

    #[test]
    fn parses_css_colours() {
        assert_eq!(Rgb::parse("#0b5e55").unwrap().to_hex(), "#0b5e55");
        assert_eq!(Rgb::parse("rgb(255 0 0)").unwrap().to_hex(), "#ff0000");
        assert_eq!(Rgb::parse("teal").unwrap().to_hex(), "#008080");
        assert!(Rgb::parse("#0000").is_err());
        assert!(Rgb::parse("nope").is_err());
    }

    #[test]
    fn finds_the_nearest_passing_shade() {
        let white = Rgb::hex(0xffffff);
        let sky = Rgb::parse("#7fb3ff").unwrap();
        let shade = sky.nearest_shade(|c| c.contrast(white) >= 4.5).unwrap();
        assert!(shade.contrast(white) >= 4.5);
        // A little darker would fail: it is the nearest.
        assert!(
            shade
                .with_lightness(shade.lightness() + 0.01)
                .contrast(white)
                < 4.5
        );
        assert!(shade.lightness() < sky.lightness());
    }
}
