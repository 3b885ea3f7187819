//! The load stage: site.toml into a typed [`config::Config`], and content/ into documents
//! with typed front matter ([`content::Content`]). Nothing here knows about other files: URLs,
//! cross-links and rendering come in later stages.

pub mod assets;
pub mod cms;
pub mod config;
pub mod content;
pub mod front_matter;
pub mod languages;
pub mod media;
pub mod pagination;
pub mod phone;
pub mod syntax_hints;
pub mod theme;
pub mod typed;
