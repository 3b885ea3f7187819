//! Finding the site root, as cargo and git find theirs: `--root` when given (it must exist),
//! else the nearest folder at or above the current one that holds site.toml.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, Problem};
use crate::load::config::CONFIG_FILE;

/// The site root for a command: `explicit` (`--root`) as given, or the nearest folder at or
/// above the current folder with a site.toml. A `--root` that does not exist is an error; a
/// site without site.toml is reported by the build that loads it (so every command words it
/// the same way), except when nothing above the current folder has one either.
pub fn find(explicit: Option<&Path>) -> Result<PathBuf, Diagnostics> {
    if let Some(root) = explicit {
        return match std::fs::metadata(root) {
            Ok(meta) if meta.is_dir() => Ok(root.to_path_buf()),
            Ok(_) => Err(no_such_folder(root, "it is a file, not a folder")),
            Err(_) => Err(no_such_folder(root, "no such folder")),
        };
    }
    let here = Path::new(".");
    let Ok(current) = std::env::current_dir() else {
        return Ok(here.to_path_buf());
    };
    match current
        .ancestors()
        .find(|folder| folder.join(CONFIG_FILE).is_file())
    {
        Some(root) if root == current => Ok(here.to_path_buf()),
        Some(root) => Ok(root.to_path_buf()),
        None => Err(Diagnostic::global(Problem::MissingSiteConfig {
            root: here.to_path_buf(),
            searched_above: true,
        })
        .into()),
    }
}

fn no_such_folder(root: &Path, reason: &'static str) -> Diagnostics {
    Diagnostic::global(Problem::NoSuchRoot {
        path: root.to_path_buf(),
        reason,
    })
    .into()
}
