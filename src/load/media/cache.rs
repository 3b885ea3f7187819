//! The image cache: resized copies live in `.vertebra-cache/images/` at the site root (or in
//! `$VERTEBRA_CACHE_DIR`), outside the output, named by the SHA-256 of the source's bytes and
//! the encoding settings, so an image is encoded once whatever page, build or `serve` run
//! asks for it. An index of what is known by each file's path, size and modification time
//! (one file, `index`, read once per build and written back when it learnt something) skips
//! even reading a source that has not changed.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use rustc_hash::{FxHashMap, FxHashSet};
use sha2::{Digest, Sha256};

use super::resize::{self, Fallback, JPEG_QUALITY, WEBP_QUALITY, WIDTHS};
use crate::diagnostics::Problem;
use crate::output::FileStamp;

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
    /// `dir/copies`, where the copies are (shared by every output file naming one).
    copies: Arc<Path>,
    encoded: AtomicUsize,
    /// The names in `copies/` when first asked: one directory read per build instead of a
    /// `stat` per copy of every image. A name missing from it (a copy this build encoded) is
    /// looked for on disk.
    listed: OnceLock<FxHashSet<String>>,
    /// The index as read when first asked: path → (size, modification time, metadata).
    index: OnceLock<FxHashMap<String, IndexEntry>>,
    /// What this cache learnt that the index did not say, written back by [`ImageCache::save`].
    learnt: Mutex<FxHashMap<String, IndexEntry>>,
}

/// What the index knows of one source file: its stamp, as nanoseconds since the epoch and
/// size, and its metadata.
type IndexEntry = (u128, u64, Meta);

/// The index file's first line: an index written with other settings is not used.
fn index_header() -> String {
    format!("vertebra image index 1: {}", settings())
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
            copies: Arc::from(dir.join("copies")),
            dir,
            encoded: AtomicUsize::new(0),
            listed: OnceLock::new(),
            index: OnceLock::new(),
            learnt: Mutex::new(FxHashMap::default()),
        }
    }

    /// How many copies were encoded through this cache so far.
    pub fn encoded(&self) -> usize {
        self.encoded.load(Ordering::Relaxed)
    }

    /// The folder of the copies: the copy of `hash` at `width` in `extension` is its file
    /// `<hash>-<width>w.<extension>`, the name it has in the output's `processed_images/`.
    pub fn copies(&self) -> &Arc<Path> {
        &self.copies
    }

    /// Where the copy of `hash` at `width` in `extension` is kept.
    fn copy_path(&self, hash: &str, width: u32, extension: &str) -> PathBuf {
        let mut name = String::new();
        copy_name(&mut name, hash, width, extension);
        self.copies.join(name)
    }

    /// Measures `file` and makes its copies unless the cache has them; `stamp` is its size and
    /// modification time when the caller has them (the content walk's; else it is `stat`ed
    /// here); `display` names it in errors (made only for one).
    pub fn process(
        &self,
        file: &Path,
        stamp: Option<FileStamp>,
        display: impl Fn() -> String,
    ) -> Result<Meta, Problem> {
        let stamp = match stamp {
            Some(stamp) => stamp,
            None => FileStamp::of(&fs::metadata(file).map_err(|e| io("read", &e))?).ok_or_else(
                || Problem::Io {
                    action: "read",
                    reason: format!("{} has no modification time", display()),
                },
            )?,
        };
        let modified = stamp
            .modified
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let key = file.to_string_lossy();
        let learnt = self.learnt.lock().ok().and_then(|l| l.get(&*key).cloned());
        let known = learnt.or_else(|| self.index().get(&*key).cloned());
        if let Some((at, len, meta)) = known
            && (at, len) == (modified, stamp.len)
            && self.has_copies(&meta)
        {
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
                let meta = self.encode(&bytes, hash, &display())?;
                write_atomic(&meta_path, format_meta(&meta).as_bytes())?;
                meta
            }
        };
        if let Ok(mut learnt) = self.learnt.lock() {
            learnt.insert(key.into_owned(), (modified, stamp.len, meta.clone()));
        }
        Ok(meta)
    }

    /// The index file's entries, read on first use.
    fn index(&self) -> &FxHashMap<String, IndexEntry> {
        self.index.get_or_init(|| {
            fs::read_to_string(self.dir.join("index"))
                .map(|text| parse_index(&text))
                .unwrap_or_default()
        })
    }

    /// Writes the index back with what this cache learnt (an edited file's entry replaces its
    /// old one), if it learnt anything. Entries added by another build meanwhile are kept; one
    /// lost to a race only costs that build reading and hashing the file again.
    pub fn save(&self) -> Result<(), Problem> {
        let learnt = match self.learnt.lock() {
            Ok(mut learnt) if !learnt.is_empty() => std::mem::take(&mut *learnt),
            _ => return Ok(()),
        };
        let path = self.dir.join("index");
        let mut entries = fs::read_to_string(&path)
            .map(|text| parse_index(&text))
            .unwrap_or_default();
        entries.extend(learnt);
        write_atomic(&path, format_index(&entries).as_bytes())
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
        self.has_copies(&meta).then_some(meta)
    }

    /// Reads the index and lists the copies, side by side, before the pages ask for them:
    /// otherwise the first page to look up an image does both while every other thread that
    /// looks one up waits for it.
    pub fn prepare(&self) {
        rayon::join(|| self.index(), || self.listed());
    }

    /// The names in `copies/`, listed on first use.
    fn listed(&self) -> &FxHashSet<String> {
        self.listed.get_or_init(|| {
            // A name that is not UTF-8 is none of ours.
            fs::read_dir(&*self.copies)
                .map(|entries| {
                    entries
                        .filter_map(|e| e.ok()?.file_name().into_string().ok())
                        .collect()
                })
                .unwrap_or_default()
        })
    }

    /// Whether every copy `meta` names is in the cache.
    fn has_copies(&self, meta: &Meta) -> bool {
        let listed = self.listed();
        let mut name = String::new();
        meta.widths.iter().all(|&width| {
            copy_extensions(meta.fallback).all(|extension| {
                copy_name(&mut name, &meta.hash, width, extension);
                listed.contains(&name) || self.copies.join(&name).is_file()
            })
        })
    }
}

/// Puts the file name of the copy of `hash` at `width` in `extension` in `name`:
/// `<hash>-<width>w.<extension>`, its name in the output's `processed_images/` too (by hand:
/// `format!` cost more than the rest of a cached image's lookup).
fn copy_name(name: &mut String, hash: &str, width: u32, extension: &str) {
    name.clear();
    for part in [
        hash,
        "-",
        itoa::Buffer::new().format(width),
        "w.",
        extension,
    ] {
        name.push_str(part);
    }
}

impl Drop for ImageCache {
    /// Saves the index: failing to loses nothing but the next build's time (it reads and
    /// hashes the files whose entries are missing).
    fn drop(&mut self) {
        let _ = self.save();
    }
}

/// The extensions copies are written in.
pub fn copy_extensions(fallback: Option<Fallback>) -> impl Iterator<Item = &'static str> {
    fallback
        .into_iter()
        .flat_map(|format| std::iter::once("webp").chain(format.extension()))
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

/// The index file: [`index_header`], then one line per source file: its modification time in
/// nanoseconds, its size, its metadata (as [`format_meta`] writes it) and its path, separated by
/// tabs. Sorted by path, so that the same entries always give the same file.
fn format_index(entries: &FxHashMap<String, IndexEntry>) -> String {
    let mut lines: Vec<String> = entries
        .iter()
        // A path a line could not hold is left out (that file is hashed on every build).
        .filter(|(path, _)| !path.contains(['\t', '\n', '\r']))
        .map(|(path, (modified, len, meta))| {
            format!(
                "{modified}\t{len}\t{}\t{path}\n",
                format_meta(meta).trim_end()
            )
        })
        .collect();
    lines.sort_unstable_by(|a, b| a.rsplit('\t').next().cmp(&b.rsplit('\t').next()));
    std::iter::once(index_header() + "\n")
        .chain(lines)
        .collect()
}

/// The entries of an index file; none if it was written with other settings. A line that does
/// not parse is skipped (its file is hashed again).
fn parse_index(text: &str) -> FxHashMap<String, IndexEntry> {
    let mut lines = text.lines();
    if lines.next() != Some(index_header().as_str()) {
        return FxHashMap::default();
    }
    lines
        .filter_map(|line| {
            let mut fields = line.splitn(4, '\t');
            let modified = fields.next()?.parse().ok()?;
            let len = fields.next()?.parse().ok()?;
            let meta = parse_meta(fields.next()?)?;
            let path = fields.next()?.to_string();
            Some((path, (modified, len, meta)))
        })
        .collect()
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

    #[test]
    fn index_round_trips_and_refuses_other_settings() {
        let meta = Meta {
            hash: "cd".repeat(16),
            width: 640,
            height: 480,
            fallback: Some(Fallback::Png),
            widths: vec![480],
        };
        let mut entries = FxHashMap::default();
        entries.insert(
            "/site/content/a b/photo.png".to_string(),
            (17, 2048, meta.clone()),
        );
        entries.insert("/site/static/logo.svg".to_string(), (18, 99, meta));
        let text = format_index(&entries);
        assert_eq!(parse_index(&text), entries);
        let other = text.replacen("index 1:", "index 0:", 1);
        assert!(parse_index(&other).is_empty());
        let mut odd = FxHashMap::default();
        odd.insert(
            "/a\nb.png".to_string(),
            entries["/site/static/logo.svg"].clone(),
        );
        assert!(parse_index(&format_index(&odd)).is_empty());
    }
}
