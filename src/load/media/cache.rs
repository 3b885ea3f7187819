//! The image cache: resized copies live in `.vertebra-cache/images/` at the site root (or in
//! `$VERTEBRA_CACHE_DIR`), outside the output, named by the SHA-256 of the source's bytes and
//! the encoding settings, so an image is encoded once whatever page, build or `serve` run
//! asks for it. A second, tiny index keyed by the file's path, size and modification time
//! skips even reading the source when it has not changed.

use std::collections::HashSet;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use sha2::{Digest, Sha256};

use super::resize::{self, Fallback, JPEG_QUALITY, WEBP_QUALITY, WIDTHS};
use crate::diagnostics::Problem;

/// The cache folder's name at the site root.
pub const CACHE_DIR: &str = ".vertebra-cache";

/// What the cache knows of a source image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    /// SHA-256 of the settings and the file's bytes (hex, 32 characters).
    pub hash: String,
    /// Width as shown (EXIF orientation applied).
    pub width: u32,
    /// Height as shown.
    pub height: u32,
    /// The format of the copies besides WebP; `None` when no copies are made at all.
    pub fallback: Option<Fallback>,
    /// The widths of the copies.
    pub widths: Vec<u32>,
}

/// The cache folder, and how many copies this build encoded.
#[derive(Debug)]
pub struct ImageCache {
    dir: PathBuf,
    encoded: AtomicUsize,
    /// The names in `copies/` when first asked: one directory read per build instead of a
    /// `stat` per copy of every image. A name missing from it (a copy this build encoded) is
    /// looked for on disk.
    listed: OnceLock<HashSet<OsString>>,
}

/// What copies depend on besides the source bytes: change any, and every copy is new.
fn settings() -> String {
    format!("v1 widths={WIDTHS:?} webp={WEBP_QUALITY} jpeg={JPEG_QUALITY} lanczos3")
}

impl ImageCache {
    /// The cache of the site at `root`.
    pub fn new(root: &Path) -> ImageCache {
        let dir = std::env::var_os("VERTEBRA_CACHE_DIR")
            .map_or_else(|| root.join(CACHE_DIR), PathBuf::from)
            .join("images");
        ImageCache {
            dir,
            encoded: AtomicUsize::new(0),
            listed: OnceLock::new(),
        }
    }

    /// How many copies were encoded through this cache so far.
    pub fn encoded(&self) -> usize {
        self.encoded.load(Ordering::Relaxed)
    }

    /// Where the copy of `hash` at `width` in `extension` is kept.
    pub fn copy_path(&self, hash: &str, width: u32, extension: &str) -> PathBuf {
        self.dir
            .join("copies")
            .join(format!("{hash}-{width}.{extension}"))
    }

    /// Measures `file` and makes its copies unless the cache has them; `display` names it in
    /// errors.
    pub fn process(&self, file: &Path, display: &str) -> Result<Meta, Problem> {
        let metadata = fs::metadata(file).map_err(|e| io("read", &e))?;
        let modified = metadata
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        let stat_key = hex(&Sha256::digest(format!(
            "{}\0{}\0{modified}\0{}",
            settings(),
            file.display(),
            metadata.len()
        )));
        let stat_path = self.dir.join("stat").join(&stat_key);
        if let Some(meta) = self.read_meta(&stat_path) {
            return Ok(meta);
        }
        let bytes = fs::read(file).map_err(|e| io("read", &e))?;
        let mut hasher = Sha256::new();
        hasher.update(settings());
        hasher.update(&bytes);
        let hash = hex(&hasher.finalize());
        let meta_path = self.dir.join("meta").join(&hash);
        let meta = match self.read_meta(&meta_path) {
            Some(meta) => meta,
            None => {
                let meta = self.encode(&bytes, hash, display)?;
                write_atomic(&meta_path, format_meta(&meta).as_bytes())?;
                meta
            }
        };
        write_atomic(&stat_path, format_meta(&meta).as_bytes())?;
        Ok(meta)
    }

    fn encode(&self, bytes: &[u8], hash: String, display: &str) -> Result<Meta, Problem> {
        let unreadable = |reason: String| Problem::UnreadableImage {
            path: display.to_string(),
            reason,
        };
        let decoded = resize::decode(bytes).map_err(unreadable)?;
        let fallback = decoded.fallback;
        let widths = match fallback {
            Some(_) => resize::widths_for(decoded.width()),
            None => Vec::new(),
        };
        if let Some(format) = fallback {
            let copies = resize::encode_copies(&decoded, format, &widths).map_err(unreadable)?;
            for copy in &copies {
                write_atomic(
                    &self.copy_path(&hash, copy.width, copy.extension),
                    &copy.bytes,
                )?;
            }
            self.encoded.fetch_add(copies.len(), Ordering::Relaxed);
        }
        Ok(Meta {
            hash,
            width: decoded.width(),
            height: decoded.height(),
            fallback,
            widths,
        })
    }

    /// The metadata at `path`, if it is there and every copy it names still exists.
    fn read_meta(&self, path: &Path) -> Option<Meta> {
        let text = fs::read_to_string(path).ok()?;
        let meta = parse_meta(&text)?;
        let all_there = meta.widths.iter().all(|&width| {
            copy_extensions(meta.fallback)
                .iter()
                .all(|ext| self.has_copy(&self.copy_path(&meta.hash, width, ext)))
        });
        all_there.then_some(meta)
    }

    fn has_copy(&self, path: &Path) -> bool {
        let listed = self.listed.get_or_init(|| {
            fs::read_dir(self.dir.join("copies"))
                .map(|entries| entries.filter_map(|e| Some(e.ok()?.file_name())).collect())
                .unwrap_or_default()
        });
        path.file_name().is_some_and(|name| listed.contains(name)) || path.is_file()
    }
}

/// The extensions copies are written in.
pub fn copy_extensions(fallback: Option<Fallback>) -> Vec<&'static str> {
    match fallback {
        None => Vec::new(),
        Some(format) => std::iter::once("webp").chain(format.extension()).collect(),
    }
}

fn format_meta(meta: &Meta) -> String {
    let fallback = match meta.fallback {
        None => "none",
        Some(Fallback::None) => "webp",
        Some(Fallback::Jpeg) => "jpg",
        Some(Fallback::Png) => "png",
    };
    let widths: Vec<String> = meta.widths.iter().map(u32::to_string).collect();
    format!(
        "{} {} {} {fallback} {}\n",
        meta.hash,
        meta.width,
        meta.height,
        widths.join(",")
    )
}

fn parse_meta(text: &str) -> Option<Meta> {
    let mut fields = text.split_whitespace();
    let hash = fields.next()?.to_string();
    let width = fields.next()?.parse().ok()?;
    let height = fields.next()?.parse().ok()?;
    let fallback = match fields.next()? {
        "none" => None,
        "webp" => Some(Fallback::None),
        "jpg" => Some(Fallback::Jpeg),
        "png" => Some(Fallback::Png),
        _ => return None,
    };
    let widths = match fields.next() {
        Some(list) => list
            .split(',')
            .map(|w| w.parse().ok())
            .collect::<Option<Vec<u32>>>()?,
        None => Vec::new(),
    };
    Some(Meta {
        hash,
        width,
        height,
        fallback,
        widths,
    })
}

/// Writes `bytes` to a temporary file beside `path`, then renames it into place, so a reader
/// (another page of this build, or another build) never sees half a file. The file is made
/// read-only: the output holds hard links to it, and a tool that tried to edit one of those in
/// place would otherwise edit the cache (replacing it by rename, as most do, still works).
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Problem> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| io("create the cache folder", &e))?;
    }
    let temporary = path.with_extension(format!(
        "tmp{}.{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    fs::write(&temporary, bytes).map_err(|e| io("write the image cache", &e))?;
    let mut permissions = fs::metadata(&temporary)
        .map_err(|e| io("write the image cache", &e))?
        .permissions();
    permissions.set_readonly(true);
    fs::set_permissions(&temporary, permissions).map_err(|e| io("write the image cache", &e))?;
    fs::rename(&temporary, path).map_err(|e| io("write the image cache", &e))
}

fn io(action: &'static str, error: &std::io::Error) -> Problem {
    Problem::Io {
        action,
        reason: error.to_string(),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes[..16].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_round_trips() {
        let meta = Meta {
            hash: "ab".repeat(16),
            width: 2000,
            height: 1333,
            fallback: Some(Fallback::Jpeg),
            widths: vec![480, 800, 1200],
        };
        assert_eq!(parse_meta(&format_meta(&meta)), Some(meta));
    }
}
