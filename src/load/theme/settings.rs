//! site.toml's `theme`: a name (`theme = "default"`) or a `[theme]` table with the name and the
//! clinic's branding (accent colour, logo, favicon, short name for the web app manifest).

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

/// `theme` or `[theme]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThemeConfig {
    /// The theme: the built-in `default`, or a folder under `themes/`.
    pub name: String,
    /// A CSS colour for links, buttons and focus rings.
    pub accent: Option<String>,
    /// The accent in dark mode; derived from `accent` when unset.
    pub accent_dark: Option<String>,
    /// An image from `static/` shown in the header, with the clinic's name as its alt text.
    pub logo: Option<String>,
    /// An image from `static/` used as the favicon (the built-in `favicon.svg` when unset).
    pub favicon: Option<String>,
    /// The short name of the web app manifest (the site title when unset).
    pub short_name: Option<String>,
}

impl Default for ThemeConfig {
    fn default() -> Self {
        ThemeConfig::named(super::BUILT_IN_NAME.to_string())
    }
}

impl ThemeConfig {
    /// A theme given by name only.
    pub fn named(name: String) -> ThemeConfig {
        ThemeConfig {
            name,
            accent: None,
            accent_dark: None,
            logo: None,
            favicon: None,
            short_name: None,
        }
    }
}

/// The keys of a `[theme]` table, as written.
#[derive(Debug, Deserialize)]
pub struct ThemeTable {
    /// See [`ThemeConfig::name`].
    #[serde(default = "default_name")]
    pub name: String,
    /// See [`ThemeConfig::accent`].
    pub accent: Option<String>,
    /// See [`ThemeConfig::accent_dark`].
    pub accent_dark: Option<String>,
    /// See [`ThemeConfig::logo`].
    pub logo: Option<String>,
    /// See [`ThemeConfig::favicon`].
    pub favicon: Option<String>,
    /// See [`ThemeConfig::short_name`].
    pub short_name: Option<String>,
}

fn default_name() -> String {
    super::BUILT_IN_NAME.to_string()
}

impl<'de> Deserialize<'de> for ThemeConfig {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ThemeVisitor)
    }
}

struct ThemeVisitor;

impl<'de> Visitor<'de> for ThemeVisitor {
    type Value = ThemeConfig;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a theme name like \"default\", or a [theme] table")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<ThemeConfig, E> {
        Ok(ThemeConfig::named(name.to_string()))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ThemeConfig, A::Error> {
        // Deserializing through the map keeps unknown keys visible to serde_ignored.
        let table = ThemeTable::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Ok(ThemeConfig {
            name: table.name,
            accent: table.accent,
            accent_dark: table.accent_dark,
            logo: table.logo,
            favicon: table.favicon,
            short_name: table.short_name,
        })
    }
}
