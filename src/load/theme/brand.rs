//! A clinic's branding from `[theme]`: the accent colour (checked for WCAG 2.2 contrast against
//! the theme's backgrounds), the logo, the favicon and the web app manifest.
//!
//! Templates see all of it as the `theme` variable ([`ThemeContext`]); the manifest is written
//! as `site.webmanifest` by [`manifest`].

use serde::Serialize;

use super::color::{Rgb, ratio_text};
use super::settings::ThemeConfig;
use crate::diagnostics::{Diagnostic, Diagnostics, LowContrast, Problem};
use crate::load::assets::StaticFiles;
use crate::load::config::Config;

/// The backgrounds links and buttons sit on in the built-in theme's light mode (`--bg`,
/// `--surface` in style.css).
pub const LIGHT_BACKGROUNDS: [Rgb; 2] = [Rgb::hex(0xfdfdfb), Rgb::hex(0xf1f4f3)];
/// The same in dark mode.
pub const DARK_BACKGROUNDS: [Rgb; 2] = [Rgb::hex(0x14171a), Rgb::hex(0x1f2428)];
/// Text colours a button may use on the accent; the one with more contrast is taken.
const BUTTON_TEXT: [Rgb; 2] = [Rgb::hex(0xffffff), Rgb::hex(0x000000)];
/// The contrast text needs (WCAG 2.2 AA, 1.4.3); focus rings and borders need 3:1 (1.4.11),
/// which a colour that passes for text also meets.
pub const TEXT_CONTRAST: f64 = 4.5;
/// The built-in favicon, in the theme's static/.
pub const DEFAULT_FAVICON: &str = "favicon.svg";
/// The manifest's file name.
pub const MANIFEST: &str = "site.webmanifest";
/// The built-in theme's own accent, for the manifest's theme colour.
const DEFAULT_THEME_COLOR: &str = "#0b5e55";
/// The built-in theme's light background, for the manifest.
const BACKGROUND_COLOR: &str = "#fdfdfb";

/// The accent in both colour schemes, with the text colour for buttons on it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Accent {
    /// Links, buttons and focus rings in light mode.
    pub light: String,
    /// Button text on `light`.
    pub light_text: String,
    /// Links, buttons and focus rings in dark mode.
    pub dark: String,
    /// Button text on `dark`.
    pub dark_text: String,
}

/// Which colour scheme a check is about.
#[derive(Debug, Clone, Copy)]
enum Scheme {
    Light,
    Dark,
}

impl Scheme {
    fn backgrounds(self) -> [Rgb; 2] {
        match self {
            Scheme::Light => LIGHT_BACKGROUNDS,
            Scheme::Dark => DARK_BACKGROUNDS,
        }
    }
}

/// The lowest contrast of `accent` in `scheme`: against each background (as link text) and
/// against the better button text colour; with what it was measured against.
fn weakest_contrast(accent: Rgb, scheme: Scheme) -> (f64, String) {
    let background = scheme
        .backgrounds()
        .into_iter()
        .map(|bg| {
            (
                accent.contrast(bg),
                format!(
                    "the theme's {} background {}",
                    scheme_name(scheme),
                    bg.to_hex()
                ),
            )
        })
        .min_by(|a, b| a.0.total_cmp(&b.0));
    let text = button_text(accent);
    let button = (
        accent.contrast(text),
        format!("its button text {}", text.to_hex()),
    );
    match background {
        Some(bg) if bg.0 <= button.0 => bg,
        _ => button,
    }
}

fn scheme_name(scheme: Scheme) -> &'static str {
    match scheme {
        Scheme::Light => "light",
        Scheme::Dark => "dark",
    }
}

fn passes(accent: Rgb, scheme: Scheme) -> bool {
    weakest_contrast(accent, scheme).0 >= TEXT_CONTRAST
}

fn button_text(accent: Rgb) -> Rgb {
    let [white, black] = BUTTON_TEXT;
    if accent.contrast(white) >= accent.contrast(black) {
        white
    } else {
        black
    }
}

/// Checks one colour key; the problem says the ratio and the nearest passing shade.
fn check(key: &str, value: &str, scheme: Scheme) -> Result<Rgb, Problem> {
    let colour = Rgb::parse(value).map_err(|reason| Problem::InvalidValue {
        key: key.to_string(),
        expected: "a CSS colour like \"#0b5e55\", \"rgb(11 94 85)\" or \"teal\"".into(),
        found: format!("\"{value}\" ({reason})"),
    })?;
    let (ratio, against) = weakest_contrast(colour, scheme);
    if ratio >= TEXT_CONTRAST {
        return Ok(colour);
    }
    Err(Problem::LowContrast(Box::new(LowContrast {
        key: key.to_string(),
        colour: value.to_string(),
        ratio: ratio_text(ratio),
        against,
        needed: ratio_text(TEXT_CONTRAST),
        suggestion: colour
            .nearest_shade(|shade| passes(shade, scheme))
            .map(Rgb::to_hex),
    })))
}

/// The accent of `[theme]`, checked: `accent` against the light backgrounds, `accent_dark`
/// against the dark ones. Without `accent_dark`, dark mode uses `accent` when it passes there,
/// else the nearest shade of its hue that does. Problems come with the key they are about.
pub fn accent(theme: &ThemeConfig) -> Result<Option<Accent>, Vec<(String, Problem)>> {
    let Some(value) = &theme.accent else {
        return Ok(None);
    };
    let mut problems = Vec::new();
    let light = check("theme.accent", value, Scheme::Light)
        .map_err(|p| problems.push(("theme.accent".to_string(), p)))
        .ok();
    let dark = match &theme.accent_dark {
        Some(dark) => check("theme.accent_dark", dark, Scheme::Dark)
            .map_err(|p| problems.push(("theme.accent_dark".to_string(), p)))
            .ok(),
        None => light.and_then(|light| {
            if passes(light, Scheme::Dark) {
                Some(light)
            } else {
                light.nearest_shade(|shade| passes(shade, Scheme::Dark))
            }
        }),
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(light.zip(dark).map(|(light, dark)| Accent {
        light: light.to_hex(),
        light_text: button_text(light).to_hex(),
        dark: dark.to_hex(),
        dark_text: button_text(dark).to_hex(),
    }))
}

/// An image from the static files, with its size when it can be read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Image {
    /// Its URL under the base path (its own name: images are not renamed).
    pub url: String,
    /// Its MIME type.
    #[serde(rename = "type")]
    pub mime: String,
    /// Its width in pixels (0 when unknown).
    pub width: usize,
    /// Its height in pixels (0 when unknown).
    pub height: usize,
}

/// The `theme` template variable.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeContext {
    /// The theme's name.
    pub name: String,
    /// The checked accent, when `[theme] accent` is set.
    pub accent: Option<Accent>,
    /// The logo, when `[theme] logo` is set.
    pub logo: Option<Image>,
    /// The favicon: `[theme] favicon`, or the built-in `favicon.svg`.
    pub favicon: Option<Image>,
    /// The web app manifest's URL.
    pub manifest_url: String,
    /// The colour for `<meta name="theme-color">` and the manifest.
    pub theme_color: String,
}

/// The `theme` variable for `config`; a logo or favicon that is not among the static files is
/// an error at its key in site.toml.
pub fn context(config: &Config, statics: &StaticFiles) -> Result<ThemeContext, Diagnostics> {
    let theme = &config.site.theme;
    let mut diagnostics = Diagnostics::new();
    let mut configured = |key: &str, name: &str| -> Option<Image> {
        let found = image(config, statics, name);
        if found.is_none() {
            diagnostics.push(Diagnostic::error(
                crate::load::config::locate_key(config, key),
                Problem::InvalidValue {
                    key: key.to_string(),
                    expected: "the path of an image in static/, like \"logo.svg\"".into(),
                    found: format!("\"{name}\", which is not in static/ or the theme's static/"),
                },
            ));
        }
        found
    };
    let logo = theme
        .logo
        .as_deref()
        .and_then(|l| configured("theme.logo", l));
    let favicon = match theme.favicon.as_deref() {
        Some(name) => configured("theme.favicon", name),
        // A theme folder of its own may ship no favicon.svg: then there is none to link.
        None => image(config, statics, DEFAULT_FAVICON),
    };
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    let accent = accent(theme).ok().flatten();
    Ok(ThemeContext {
        name: theme.name.clone(),
        theme_color: accent
            .as_ref()
            .map_or(DEFAULT_THEME_COLOR.to_string(), |a| a.light.clone()),
        accent,
        logo,
        favicon,
        manifest_url: config.url(MANIFEST),
    })
}

fn image(config: &Config, statics: &StaticFiles, name: &str) -> Option<Image> {
    let name = name.trim_start_matches('/');
    let bytes = statics.source_of(name)?.read().ok()?;
    let (width, height) = image_size(name, &bytes);
    Some(Image {
        url: config.url(statics.output_path(name)),
        mime: mime_guess::from_path(name)
            .first_or_octet_stream()
            .essence_str()
            .to_string(),
        width,
        height,
    })
}

/// Width and height in pixels: from the header of a raster image, from the `width` and
/// `height` (or `viewBox`) of an SVG's root element; (0, 0) when unknown.
fn image_size(name: &str, bytes: &[u8]) -> (usize, usize) {
    if name.to_ascii_lowercase().ends_with(".svg") {
        return svg_size(&String::from_utf8_lossy(bytes)).unwrap_or((0, 0));
    }
    imagesize::blob_size(bytes).map_or((0, 0), |size| (size.width, size.height))
}

fn svg_size(text: &str) -> Option<(usize, usize)> {
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let attribute = |name: &str| -> Option<&str> {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(&tag[at..at + tag[at..].find('"')?])
    };
    let number = |value: &str| -> Option<usize> {
        let value = value.trim().trim_end_matches("px");
        value.parse::<f64>().ok().map(|n| n.round() as usize)
    };
    if let (Some(w), Some(h)) = (attribute("width"), attribute("height"))
        && let (Some(w), Some(h)) = (number(w), number(h))
    {
        return Some((w, h));
    }
    let view_box: Vec<usize> = attribute("viewBox")?
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .filter_map(number)
        .collect();
    match view_box[..] {
        [_, _, w, h] => Some((w, h)),
        _ => None,
    }
}

/// `site.webmanifest`: name, short name, start URL, colours and the favicon as its icon.
pub fn manifest(config: &Config, theme: &ThemeContext) -> crate::output::OutputFile {
    let site = &config.site;
    let icons: Vec<serde_json::Value> = theme
        .favicon
        .iter()
        .map(|icon| {
            let sizes = if icon.mime == "image/svg+xml" || icon.width == 0 {
                "any".to_string()
            } else {
                format!("{}x{}", icon.width, icon.height)
            };
            serde_json::json!({ "src": icon.url, "sizes": sizes, "type": icon.mime })
        })
        .collect();
    let manifest = serde_json::json!({
        "name": site.title,
        "short_name": site.theme.short_name.as_deref().unwrap_or(&site.title),
        "description": site.description,
        "lang": site.language,
        "start_url": config.base_path,
        "scope": config.base_path,
        "display": "browser",
        "theme_color": theme.theme_color,
        "background_color": BACKGROUND_COLOR,
        "icons": icons,
    });
    let mut text = serde_json::to_string_pretty(&manifest).unwrap_or_default();
    text.push('\n');
    crate::output::OutputFile::bytes(MANIFEST, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn themed(accent: &str, dark: Option<&str>) -> ThemeConfig {
        ThemeConfig {
            accent: Some(accent.into()),
            accent_dark: dark.map(str::to_string),
            ..ThemeConfig::default()
        }
    }

    #[test]
    fn a_dark_accent_gets_a_light_shade_for_dark_mode() {
        let accent = accent(&themed("#1a3d6e", None)).unwrap().unwrap();
        assert_eq!(accent.light, "#1a3d6e");
        assert_eq!(accent.light_text, "#ffffff");
        let dark = Rgb::parse(&accent.dark).unwrap();
        for bg in DARK_BACKGROUNDS {
            assert!(dark.contrast(bg) >= TEXT_CONTRAST, "{}", accent.dark);
        }
        assert_eq!(accent.dark_text, "#000000");
    }

    #[test]
    fn a_pale_accent_is_refused_with_its_ratio_and_a_shade() {
        let problems = accent(&themed("#7fb3ff", None)).unwrap_err();
        assert_eq!(problems.len(), 1);
        let (key, problem) = &problems[0];
        assert_eq!(key, "theme.accent");
        let Problem::LowContrast(contrast) = problem else {
            panic!("{problem:?}")
        };
        assert_eq!(contrast.ratio, "1.93:1");
        let suggestion = &contrast.suggestion;
        let shade = Rgb::parse(suggestion.as_deref().unwrap()).unwrap();
        assert!(passes(shade, Scheme::Light));
    }

    #[test]
    fn reads_svg_sizes() {
        assert_eq!(
            svg_size(r#"<svg xmlns="x" width="120" height="40px">"#),
            Some((120, 40))
        );
        assert_eq!(
            svg_size(r#"<svg xmlns="x" viewBox="0 0 64 32">"#),
            Some((64, 32))
        );
        assert_eq!(svg_size("<svg>"), None);
    }
}
