//! The build pipeline, stage by stage: load → link → render Markdown → render pages → collect
//! static files → check links. `build`, `check` and `serve` all run this one function.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use crate::assets::{self, StaticFiles};
use crate::check::{self, LinkCheck};
use crate::config::{self, Config};
use crate::content;
use crate::diagnostics::Diagnostics;
use crate::output::{OutputContent, OutputFile};
use crate::render::{self, Theme};
use crate::site::{self, Site};

/// What a build is asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site root (the folder with site.toml).
    pub root: PathBuf,
    /// Overrides site.toml's `output_dir`.
    pub output_dir: Option<PathBuf>,
    /// Overrides site.toml's `base_url`.
    pub base_url: Option<String>,
    /// Includes drafts.
    pub drafts: bool,
    /// HTML added before `</body>` of every page (the live-reload script in `serve`).
    pub inject: Option<String>,
    /// Whether broken internal links fail the build, warn, or are not checked.
    pub link_check: LinkCheck,
}

/// A successful build, not yet written anywhere.
#[derive(Debug)]
pub struct Built {
    /// The site that was rendered.
    pub site: Site,
    /// Every output file, sorted by path.
    pub files: Vec<OutputFile>,
    /// Warnings.
    pub warnings: Diagnostics,
    /// How many HTML pages.
    pub pages: usize,
    /// How many internal links were checked (0 when links are not checked).
    pub links_checked: usize,
}

/// Runs every stage; returns the output files or every error found.
pub fn build(options: &BuildOptions) -> Result<Built, Diagnostics> {
    let mut config = config::load(&options.root, options.base_url.as_deref())?;
    if let Some(output_dir) = &options.output_dir {
        config.site.output_dir = output_dir.clone();
    }
    let (content, mut diagnostics) = content::load(&options.root, options.drafts);
    let mut site = site::link(config, content, &mut diagnostics);
    site.render_markdown(&mut diagnostics);
    if diagnostics.has_errors() {
        diagnostics.sort();
        return Err(diagnostics);
    }
    let statics = StaticFiles::collect(
        &site.config.root,
        &assets::static_dirs(&site.config),
        &mut diagnostics,
    );
    let theme = Theme::load(&site, &statics)?;
    let (mut files, page_diagnostics) =
        render::render_pages(&site, &theme, options.inject.as_deref());
    diagnostics.extend(page_diagnostics);
    diagnostics.sort();
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    let pages = files.len();
    files.extend(discovery_files(&site, &mut diagnostics));
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    files.extend(redirects(&site));
    files.extend(copied_files(&site, &statics));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|later, earlier| later.path == earlier.path);
    let origins = theme.page_origins(&site);
    let links = check::check_links(&site, &files, &origins, options.link_check);
    diagnostics.extend(links.problems);
    diagnostics.sort();
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    Ok(Built {
        site,
        files,
        warnings: diagnostics,
        pages,
        links_checked: links.links,
    })
}

/// Static files (theme's, then the site's, which win; CSS and JS under hashed names) and
/// content assets, which win over static files of the same path. Generated pages win over both.
fn copied_files(site: &Site, statics: &StaticFiles) -> Vec<OutputFile> {
    let mut by_path: BTreeMap<String, OutputFile> = statics
        .output_files()
        .into_iter()
        .map(|file| (file.path.clone(), file))
        .collect();
    for (source, output) in &site.assets {
        by_path.insert(
            output.clone(),
            OutputFile {
                path: output.clone(),
                content: OutputContent::Copy(source.clone()),
            },
        );
    }
    by_path.into_values().collect()
}

/// The files that are not pages: sitemap.xml, robots.txt and the Atom feed.
fn discovery_files(site: &Site, diagnostics: &mut Diagnostics) -> Vec<OutputFile> {
    let mut files = vec![render::sitemap::robots(site)];
    match render::sitemap::sitemap(site) {
        Ok(file) => files.push(file),
        Err(problem) => diagnostics.push(problem),
    }
    match render::feed::atom(site) {
        Ok(Some(file)) => files.push(file),
        Ok(None) => {}
        Err(problem) => diagnostics.push(problem),
    }
    files
}

/// A redirect page for every alias.
fn redirects(site: &Site) -> Vec<OutputFile> {
    site.aliases
        .iter()
        .map(|alias| {
            let url = site.config.url(&alias.target);
            let permalink = site.config.permalink(&alias.target);
            let url = crate::render::escape_html(&url);
            let permalink = crate::render::escape_html(&permalink);
            let html = format!(
                "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Moved</title>\n<link rel=\"canonical\" href=\"{permalink}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{url}\">{permalink}</a>.</p>\n</body>\n</html>\n",
                lang = crate::render::escape_html(&site.config.site.language),
            );
            OutputFile::bytes(render::output_file(&alias.path), html)
        })
        .collect()
}

/// Builds and writes the site into its output folder. Returns the build and how long it took.
pub fn build_and_write(
    options: &BuildOptions,
) -> Result<(Built, std::time::Duration, PathBuf), Diagnostics> {
    let started = Instant::now();
    let built = build(options)?;
    let output_dir = output_dir(&built.site.config);
    crate::output::write_site(&built.site.config.root, &output_dir, &built.files)?;
    Ok((built, started.elapsed(), output_dir))
}

/// The output folder of a configuration.
pub fn output_dir(config: &Config) -> PathBuf {
    config.output_dir()
}
