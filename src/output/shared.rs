//! The output's folder of resized image copies, [`SHARED_DIR`]: every file in it is named by
//! the content hash of its source image and the encoding settings, so a name never changes
//! meaning and the folder is kept from build to build instead of being staged afresh (a warm
//! build of a site with thousands of photos would otherwise link and unlink six files each).
//!
//! A build adds the copies that are new to the previous output's folder *before* the swap: no
//! page of that output names them, so it keeps working as it was. The swap moves the folder
//! into the new output (one rename), and once the new output is in place the copies no page
//! names any more are removed ([`SharedCopies::prune`]). A previous output without the folder
//! (the first build) gets none: the new copies go into the staging folder like any file.
//!
//! A journal beside the output folder, `.public.swap-<pid>`, lists the copies a build added,
//! from before the first addition until the swap is done. Whoever finds it with the build's
//! staging folder still there (the swap did not happen) takes the additions back, and the
//! folder too if the build stopped between moving it and the swap ([`settle`]): the build
//! itself when it fails, the signal handler, or the next build after a `kill -9`.

use std::ffi::OsString;
use std::fs;
use std::path::Path;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::{OutputContent, OutputFile, Staging, interrupt, sibling, write_error};
use crate::diagnostics::{Diagnostic, Diagnostics, Problem};

/// The output folder's folder of resized image copies, named by content hash.
pub const SHARED_DIR: &str = "processed_images";

/// The first line of a journal, for whoever opens one.
const JOURNAL_HEADER: &str =
    "# Resized image copies a build added to the output's processed_images/ (docs/reliability.md)";

/// The resized copies the new output names, and where the new ones go.
#[derive(Debug, Default)]
pub(super) struct SharedCopies<'a> {
    /// File name in [`SHARED_DIR`] → the image cache's folder with the file of that name.
    needed: FxHashMap<&'a str, &'a Path>,
    /// The names in the previous output's folder, when it has one: that folder receives the
    /// new copies and is moved into the new output by the swap.
    previous: Option<FxHashSet<OsString>>,
}

/// The file name of an output path inside [`SHARED_DIR`] (`processed_images/x.webp` → `x.webp`),
/// or `None` for a path elsewhere.
pub(super) fn shared_name(path: &str) -> Option<&str> {
    path.strip_prefix(SHARED_DIR)?.strip_prefix('/')
}

/// Whether `name` can be a file of [`SHARED_DIR`]: letters, digits, `-`, `_` and `.`, not
/// starting with a dot (a journal is read back from disk, and nothing it says may reach outside
/// the folder).
pub(super) fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

impl<'a> SharedCopies<'a> {
    /// The copies `files` name ([`OutputContent::Shared`]), and what the previous output's
    /// folder in `output_dir` already holds.
    pub(super) fn plan(files: &'a [OutputFile], output_dir: &Path) -> SharedCopies<'a> {
        let needed = files
            .iter()
            .filter_map(|file| match &file.content {
                OutputContent::Shared(folder) => Some((shared_name(&file.path)?, &**folder)),
                _ => None,
            })
            .collect();
        let folder = output_dir.join(SHARED_DIR);
        let is_folder = fs::symlink_metadata(&folder).is_ok_and(|m| m.is_dir());
        let previous = is_folder
            .then(|| fs::read_dir(&folder).ok())
            .flatten()
            .map(|entries| entries.filter_map(|e| Some(e.ok()?.file_name())).collect());
        SharedCopies { needed, previous }
    }

    /// Whether the swap moves the previous output's folder into the new output.
    pub(super) fn moves_folder(&self) -> bool {
        self.previous.is_some()
    }

    /// The copies the previous output's folder lacks (all of them when it has none), by name.
    pub(super) fn new_copies(&self) -> Vec<(&'a str, &'a Path)> {
        let mut new: Vec<(&str, &Path)> = self
            .needed
            .iter()
            .filter(|(name, _)| {
                self.previous
                    .as_ref()
                    .is_none_or(|listed| !listed.contains(std::ffi::OsStr::new(name)))
            })
            .map(|(name, folder)| (*name, *folder))
            .collect();
        new.sort_unstable();
        new
    }

    /// Removes from `folder` (the new output's) the copies of the previous output that no page
    /// names any more, on all cores. Failures are ignored: an extra copy costs disk space only,
    /// and the next build tries again.
    pub(super) fn prune(&self, folder: &Path) {
        let Some(listed) = &self.previous else {
            return;
        };
        let unused: Vec<&OsString> = listed
            .iter()
            .filter(|name| name.to_str().is_none_or(|n| !self.needed.contains_key(n)))
            .collect();
        unused.par_iter().for_each(|name| {
            let path = folder.join(name);
            if fs::remove_file(&path).is_err() && path.is_dir() {
                let _ = fs::remove_dir_all(&path);
            }
        });
    }
}

/// Refuses a page, alias or static file inside [`SHARED_DIR`], which builds keep and prune on
/// their own, and a resized copy anywhere else or under a name a journal could not record.
pub(super) fn check(files: &[OutputFile]) -> Result<(), Diagnostics> {
    let mut refused = Diagnostics::new();
    for file in files {
        let name = shared_name(&file.path);
        let fits = match &file.content {
            OutputContent::Shared(_) => name.is_some_and(is_plain_name),
            _ => name.is_none(),
        };
        if !fits {
            refused.push(Diagnostic::global(Problem::ReservedOutputPath {
                path: file.path.clone(),
            }));
        }
    }
    if refused.is_empty() {
        Ok(())
    } else {
        Err(refused)
    }
}

impl Staging {
    /// Adds the resized copies the previous output lacks: to its [`SHARED_DIR`], recorded in a
    /// journal first, when it has one (the swap moves that folder into the new output); to the
    /// staging folder otherwise.
    pub(super) fn add_shared(&mut self, copies: &SharedCopies<'_>) -> Result<(), Diagnostics> {
        let new = copies.new_copies();
        let folder = if copies.moves_folder() {
            let journal = sibling(&self.output_dir, "swap");
            self.journal = Some(journal.clone());
            interrupt::register_journal(&journal, &self.output_dir, &self.path);
            interrupt::while_writing(|| write_journal(&journal, &new)).map_err(|e| {
                Diagnostics::from(Diagnostic::io(
                    &self.root,
                    &journal,
                    "write the journal",
                    &e,
                ))
            })?;
            self.output_dir.join(SHARED_DIR)
        } else if new.is_empty() {
            return Ok(());
        } else {
            let folder = self.path.join(SHARED_DIR);
            interrupt::while_writing(|| fs::create_dir_all(&folder)).map_err(|e| {
                Diagnostics::from(Diagnostic::io(&self.root, &folder, "create the folder", &e))
            })?;
            folder
        };
        let errors: Vec<Diagnostic> = new
            .par_iter()
            .filter_map(|(name, source)| {
                self.guarded(|| add(&source.join(name), &folder, name))
                    .err()
                    .map(|error| write_error(&self.root, &folder.join(name), &error))
            })
            .collect();
        if errors.is_empty() {
            return Ok(());
        }
        let mut all = Diagnostics::new();
        all.extend(errors);
        Err(all)
    }
}

/// Adds one copy to `folder`: a hard link to the cache's file (copied where a link cannot be
/// made). The cache never changes a file in place, so the link keeps the bytes it was made with.
fn add(source: &Path, folder: &Path, name: &str) -> std::io::Result<()> {
    let target = folder.join(name);
    fs::hard_link(source, &target).or_else(|_| fs::copy(source, &target).map(|_| ()))
}

/// Writes the journal at `journal` listing `names`, before any of them is added.
fn write_journal(journal: &Path, names: &[(&str, &Path)]) -> std::io::Result<()> {
    let mut text = String::from(JOURNAL_HEADER);
    text.push('\n');
    for (name, _) in names {
        text.push_str(name);
        text.push('\n');
    }
    fs::write(journal, text)
}

/// What [`settle`] did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Settled {
    /// Copies taken back out of the output's folder.
    pub removed: usize,
    /// Whether the folder was moved back from the staging folder into the output folder.
    pub returned: bool,
}

/// Ends what the journal `journal` of a build that stopped records, for the output folder
/// `output_dir` and that build's staging folder `staging`. While the staging folder exists the
/// swap did not happen: the folder is moved back into the output if it is in the staging folder
/// and the output has none, and the copies the journal lists are removed from it. Without the
/// staging folder the swap happened and the copies are the new output's: only the journal goes.
/// Returns `None`, keeping journal and staging folder, when the folder could not be moved back
/// (the output folder is missing): removing the staging folder would lose it.
pub fn settle(journal: &Path, output_dir: &Path, staging: &Path) -> Option<Settled> {
    let mut settled = Settled::default();
    if staging.is_dir() {
        let folder = output_dir.join(SHARED_DIR);
        let moved = staging.join(SHARED_DIR);
        if fs::symlink_metadata(&folder).is_err() && moved.is_dir() {
            fs::rename(&moved, &folder).ok()?;
            settled.returned = true;
        }
        let text = fs::read_to_string(journal).unwrap_or_default();
        for name in text.lines().filter(|line| is_plain_name(line)) {
            if fs::remove_file(folder.join(name)).is_ok() {
                settled.removed += 1;
            }
        }
    }
    let _ = fs::remove_file(journal);
    Some(settled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn journal_names_never_leave_the_folder() {
        assert!(is_plain_name("0123abcd-480w.webp"));
        for bad in [
            "",
            ".",
            "..",
            "../x",
            "a/b",
            "a\\b",
            ".hidden",
            JOURNAL_HEADER,
        ] {
            assert!(!is_plain_name(bad), "{bad}");
        }
        assert_eq!(shared_name("processed_images/a.webp"), Some("a.webp"));
        assert_eq!(shared_name("processed_imagesx/a.webp"), None);
        assert_eq!(shared_name("articles/a.webp"), None);
    }
}
