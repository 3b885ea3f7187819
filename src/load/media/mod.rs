//! Media for the Markdown stage: [`Images`] finds a page's local image files (in its bundle,
//! content/, the site's static/ or a theme folder's static/), measures them and has their
//! resized copies made through the [`cache`]; [`SiteFeatures`] gathers what
//! [`crate::markdown::Features`] needs from a site (its images, its shortcodes, what its
//! callouts say).

pub mod cache;
pub mod resize;
mod svg;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::{Diagnostics, Problem};
use crate::load::config::Config;
use crate::load::content::PlacedAsset;
use crate::load::theme::ThemeSource;
use crate::markdown::callout::{CalloutText, CalloutWords};
use crate::markdown::images::{ImageSource, LocalImage};
use crate::markdown::shortcode::Shortcodes;
use crate::output::{FileStamp, SHARED_DIR};
use cache::{ImageCache, copy_extensions};

/// Local images of one build: where files are published and the cache of their copies.
#[derive(Debug)]
pub struct Images {
    content_dir: PathBuf,
    /// Static folders, highest precedence first (the site's, then the theme's).
    static_dirs: Vec<PathBuf>,
    root: PathBuf,
    base_path: String,
    /// Content files, with their output paths (bundle files are published beside their page)
    /// and stamps from the content walk.
    placed: HashMap<PathBuf, (String, Option<FileStamp>)>,
    cache: ImageCache,
}

impl Images {
    /// The images of the site `config` describes, with the theme `theme`; `assets` are its
    /// content files to copy.
    pub fn new(config: &Config, assets: &[PlacedAsset], theme: &ThemeSource) -> Images {
        // The built-in theme's static files are embedded (icons only): nothing to measure.
        let mut static_dirs = vec![config.root.join("static")];
        if let ThemeSource::Folder(folder) = theme {
            static_dirs.push(folder.join("static"));
        }
        Images {
            content_dir: config.root.join(crate::load::content::CONTENT_DIR),
            static_dirs,
            root: config.root.clone(),
            base_path: config.base_path.clone(),
            placed: assets
                .iter()
                .map(|asset| (asset.source.clone(), (asset.output.clone(), asset.stamp)))
                .collect(),
            cache: ImageCache::new(&config.root),
        }
    }

    /// Reads what the image cache knows (its index and the names of its copies), to have it
    /// before the pages that show images are rendered: see [`ImageCache::prepare`].
    pub fn prepare(&self) {
        self.cache.prepare();
    }

    /// How many resized copies this build encoded (0 when every image was cached).
    pub fn encoded(&self) -> usize {
        self.cache.encoded()
    }

    /// The file `src` names from page `page`, its output path, and its stamp when the content
    /// walk took it.
    fn locate(&self, src: &str, page: &str) -> Result<Located, Problem> {
        let path = src.split(['?', '#']).next().unwrap_or(src);
        let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let missing = |searched: String| Problem::MissingImage {
            src: src.to_string(),
            searched,
        };
        if let Some(rooted) = path.strip_prefix('/') {
            let relative =
                normalise(rooted).ok_or_else(|| missing("nothing outside the site".into()))?;
            let mut searched = Vec::new();
            for dir in self.static_dirs.iter().chain([&self.content_dir]) {
                let file = dir.join(&relative);
                if let Some(found) = self.found(file.clone(), &relative) {
                    return Ok(found);
                }
                searched.push(self.display(&file));
            }
            return Err(missing(searched.join(", ")));
        }
        let folder = page.rsplit_once('/').map_or("", |(folder, _)| folder);
        let joined = normalise(&format!("{folder}/{path}"))
            .ok_or_else(|| missing("nothing outside content/".into()))?;
        let file = self.content_dir.join(&joined);
        match self.found(file.clone(), &joined) {
            Some(found) => Ok(found),
            None => Err(missing(self.display(&file))),
        }
    }

    /// `file`, if it exists, with its output path (`relative` unless it is a bundle's file) and
    /// stamp. A file the content walk found is not looked at again.
    fn found(&self, file: PathBuf, relative: &str) -> Option<Located> {
        match self.placed.get(&file) {
            Some((output, stamp)) => Some((file, output.clone(), *stamp)),
            None => file.is_file().then(|| (file, relative.to_string(), None)),
        }
    }

    fn display(&self, file: &Path) -> String {
        crate::diagnostics::display_path(&self.root, file)
            .display()
            .to_string()
    }
}

impl ImageSource for Images {
    fn local_image(&self, src: &str, page: &str) -> Result<Option<LocalImage>, Problem> {
        if is_remote(src) || (!src.starts_with('/') && !is_bundle(page)) {
            // A plain page's URL is a folder of its own (`articles/x.md` → `/articles/x/`),
            // where no file of content/ is published: a relative image there is a broken
            // link, which the link check reports with how to fix it.
            return Ok(None);
        }
        let (file, output, stamp) = self.locate(src, page)?;
        let url = format!("{}{output}", self.base_path);
        if output.to_ascii_lowercase().ends_with(".svg") {
            let (width, height) = svg::size(&file).unwrap_or((0, 0));
            return Ok(Some(LocalImage {
                src: url,
                width,
                height,
                ..LocalImage::default()
            }));
        }
        let meta = self.cache.process(&file, stamp, || self.display(&file))?;
        let mut files = Vec::with_capacity(meta.widths.len() * 2);
        // `srcset`s and names are built by hand: `format!` cost more than the rest of a
        // cached image's lookup.
        let (mut webp, mut original) = (String::new(), String::new());
        for &width in &meta.widths {
            let mut digits = itoa::Buffer::new();
            let width_text = digits.format(width);
            for extension in copy_extensions(meta.fallback) {
                // Named by content, so the output keeps them from build to build; the same
                // name as in the cache's folder.
                let copy_output = [
                    SHARED_DIR, "/", &meta.hash, "-", width_text, "w.", extension,
                ]
                .concat();
                let srcset = if extension == "webp" {
                    &mut webp
                } else {
                    &mut original
                };
                push_candidate(srcset, &[&self.base_path, &copy_output], width_text);
                files.push((copy_output, Arc::clone(self.cache.copies())));
            }
        }
        if !meta.widths.is_empty() {
            let srcset = if meta.fallback == Some(resize::Fallback::None) {
                &mut webp
            } else {
                &mut original
            };
            push_candidate(srcset, &[&url], itoa::Buffer::new().format(meta.width));
        }
        Ok(Some(LocalImage {
            src: url,
            width: meta.width,
            height: meta.height,
            webp_srcset: webp,
            srcset: original,
            files,
        }))
    }
}

/// Adds the URL made of `url`'s parts, `width` pixels wide, to `srcset`: `, /x.webp 480w`.
fn push_candidate(srcset: &mut String, url: &[&str], width: &str) {
    if !srcset.is_empty() {
        srcset.push_str(", ");
    }
    for part in url.iter().chain(&[" ", width, "w"]) {
        srcset.push_str(part);
    }
}

/// A located image: its file, output path and stamp (when known).
type Located = (PathBuf, String, Option<FileStamp>);

/// For the build summary: ", 6 resized images encoded", or nothing when the cache had all.
pub fn encoded_summary(encoded: usize) -> String {
    match encoded {
        0 => String::new(),
        1 => ", 1 resized image encoded".to_string(),
        n => format!(", {n} resized images encoded"),
    }
}

/// Whether a file is an image Markdown can show, by its extension.
fn is_image_file(path: &Path) -> bool {
    path.extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| {
            ["jpg", "jpeg", "png", "gif", "webp", "svg"]
                .iter()
                .any(|image| extension.eq_ignore_ascii_case(image))
        })
}

/// Whether the page at content path `page` is a page bundle (`articles/x/index.md`,
/// `articles/_index.md`), whose files are published beside it; `""` (a template) counts as one
/// at the content root.
fn is_bundle(page: &str) -> bool {
    let file = page.rsplit_once('/').map_or(page, |(_, file)| file);
    page.is_empty() || file == "index.md" || file == "_index.md"
}

/// Whether `src` points elsewhere than this site's files: another host, `data:`, `mailto:`.
fn is_remote(src: &str) -> bool {
    if src.starts_with("//") || src.is_empty() || src.starts_with('#') {
        return true;
    }
    let scheme_end = src.find(':');
    let path_start = src.find(['/', '?', '#']).unwrap_or(src.len());
    scheme_end.is_some_and(|colon| colon < path_start)
}

/// `a/./b/../c` → `a/c`; `None` when `..` climbs out.
fn normalise(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// What a site's Markdown needs beyond links: its images, shortcodes and callout text.
#[derive(Debug)]
pub struct SiteFeatures {
    /// The site's images.
    pub images: Images,
    /// The shortcodes of the site's `templates/shortcodes/` and the theme's.
    pub shortcodes: Shortcodes,
    /// Callout labels and the clinic's phone.
    pub callouts: CalloutText,
}

impl SiteFeatures {
    /// Gathers them for the site `config` describes, with the theme `theme` and callouts
    /// saying `callout_words`; problems reading the template folders go into `diagnostics`.
    pub fn new(
        config: &Config,
        assets: &[PlacedAsset],
        theme: &ThemeSource,
        callout_words: CalloutWords,
        diagnostics: &mut Diagnostics,
    ) -> SiteFeatures {
        let site = &config.site;
        let phone = site.clinic.phone.as_deref().and_then(|phone| {
            crate::load::phone::parse(phone, site.clinic.country_code())
                .ok()
                .map(|p| (p.display, p.e164))
        });
        let emergency = site
            .clinic
            .emergency
            .as_deref()
            .unwrap_or(crate::load::config::DEFAULT_EMERGENCY);
        SiteFeatures {
            images: Images::new(config, assets, theme),
            shortcodes: shortcodes(config, theme, diagnostics),
            callouts: CalloutText::new(callout_words, phone, emergency),
        }
    }

    /// A fingerprint of what Markdown output depends on here: the shortcodes, the callout
    /// text, and the size and modification time of every image file in content/ and the
    /// static folders (so that `serve` measures a replaced image again).
    pub fn version(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (&self.shortcodes, &self.callouts, &self.images.base_path).hash(&mut hasher);
        // Content files are stamped by the content walk; static files are looked at here.
        let statics: Vec<(PathBuf, Option<FileStamp>)> = self
            .images
            .static_dirs
            .iter()
            .flat_map(|dir| {
                walkdir::WalkDir::new(dir)
                    .into_iter()
                    .filter_map(Result::ok)
                    .map(walkdir::DirEntry::into_path)
                    .filter(|path| is_image_file(path))
                    .map(|path| {
                        let stamp = FileStamp::read(&path);
                        (path, stamp)
                    })
            })
            .collect();
        let placed = self
            .images
            .placed
            .iter()
            .map(|(path, (_, stamp))| (path, stamp));
        // Paths as bytes: sorting and hashing them needs no parse into components.
        let mut stamps: Vec<(&std::ffi::OsStr, FileStamp)> = placed
            .filter(|(path, _)| is_image_file(path))
            .chain(statics.iter().map(|(path, stamp)| (path, stamp)))
            .filter_map(|(path, stamp)| Some((path.as_os_str(), (*stamp)?)))
            .collect();
        stamps.sort_unstable();
        stamps.hash(&mut hasher);
        hasher.finish()
    }
}

/// The shortcodes of the theme's `templates/shortcodes/`, then of the site's (which win),
/// read through the theme as the render stage loads it (built in, or a `themes/` folder).
fn shortcodes(config: &Config, theme: &ThemeSource, diagnostics: &mut Diagnostics) -> Shortcodes {
    let mut shortcodes = Shortcodes::default();
    for file in crate::load::theme::template_files(config, theme, diagnostics) {
        let Some(name) = file
            .name
            .strip_prefix("shortcodes/")
            .and_then(|name| name.strip_suffix(".html"))
        else {
            continue;
        };
        // A file that cannot be read is reported when the theme is loaded.
        let source = file.source.read().unwrap_or_default();
        shortcodes.insert(name, &String::from_utf8_lossy(&source));
    }
    shortcodes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_local_images_from_remote_ones() {
        for remote in [
            "https://x.example/a.png",
            "//cdn.example/a.png",
            "data:image/png;base64,AA",
        ] {
            assert!(is_remote(remote), "{remote}");
        }
        for local in ["a.png", "/images/a.png", "photos/a:b.png", "../a.png"] {
            assert!(!is_remote(local), "{local}");
        }
    }

    #[test]
    fn normalises_paths_without_leaving_the_folder() {
        assert_eq!(
            normalise("articles/x/./img/../a.png").as_deref(),
            Some("articles/x/a.png")
        );
        assert_eq!(normalise("articles/../../etc/passwd"), None);
    }
}
