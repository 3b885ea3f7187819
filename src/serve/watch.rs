//! Watching a site for changes: the noisy stream of file-system events is reduced here, in one
//! place, to a small [`Changes`] value before anything acts on it.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use notify::RecursiveMode;
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, RecommendedCache, new_debouncer, notify::RecommendedWatcher,
};

use crate::load::content::is_ignored_file;

/// How long the file system must be quiet before a burst of saves becomes one rebuild.
/// Editors write a file in several steps (truncate, write, rename) within a few milliseconds;
/// 10 ms covers them, and whatever arrives during a rebuild joins the next one.
pub const QUIET_PERIOD: Duration = Duration::from_millis(10);

/// What changed in one burst of events.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// The changed paths that matter (editor temp files and the output are left out).
    pub paths: Vec<PathBuf>,
}

impl Changes {
    /// Whether every change is to a stylesheet, so pages can refresh styles without reloading.
    pub fn css_only(&self) -> bool {
        !self.paths.is_empty()
            && self
                .paths
                .iter()
                .all(|p| p.extension().is_some_and(|e| e == "css"))
    }

    /// Merges a later burst into this one.
    pub fn extend(&mut self, later: Changes) {
        for path in later.paths {
            if !self.paths.contains(&path) {
                self.paths.push(path);
            }
        }
    }
}

/// The folders and files of a site that a change in should trigger a rebuild.
fn watched(root: &Path, theme: &str) -> Vec<(PathBuf, RecursiveMode)> {
    let mut targets = vec![(
        root.join(crate::load::config::CONFIG_FILE),
        RecursiveMode::NonRecursive,
    )];
    for folder in ["content", "static", "templates"] {
        targets.push((root.join(folder), RecursiveMode::Recursive));
    }
    targets.push((root.join("themes").join(theme), RecursiveMode::Recursive));
    targets
}

/// A running watcher: drop it to stop watching.
pub struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    targets: Vec<(PathBuf, RecursiveMode)>,
    watching: Vec<PathBuf>,
    /// Bursts of changes, in order.
    pub changes: Receiver<Changes>,
}

impl Watcher {
    /// Waits for the next burst of changes, merged with any that queued up meanwhile.
    pub fn next_changes(&mut self) -> Option<Changes> {
        let mut changes = self.changes.recv().ok()?;
        while let Ok(more) = self.changes.try_recv() {
            changes.extend(more);
        }
        // A folder created since the start (say static/) is watched from now on; the build
        // that follows reads whatever it already holds.
        self.watch_new_folders();
        Some(changes)
    }

    fn watch_new_folders(&mut self) {
        for (path, mode) in &self.targets {
            if !self.watching.contains(path)
                && path.exists()
                && self.debouncer.watch(path, *mode).is_ok()
            {
                self.watching.push(path.clone());
            }
        }
    }
}

/// Starts watching `root` (with theme `theme`); paths under `output_dir` are ignored.
pub fn start(root: &Path, theme: &str, output_dir: &Path) -> notify::Result<Watcher> {
    let (sender, receiver) = channel();
    let root_for_filter = root.to_path_buf();
    let output_dir = output_dir.to_path_buf();
    let mut debouncer = new_debouncer(QUIET_PERIOD, None, move |result: DebounceEventResult| {
        let Ok(events) = result else {
            return;
        };
        let mut changes = Changes::default();
        for event in events {
            if event.kind.is_access() {
                continue;
            }
            for path in &event.paths {
                if relevant(&root_for_filter, &output_dir, path) && !changes.paths.contains(path) {
                    changes.paths.push(path.clone());
                }
            }
        }
        if !changes.paths.is_empty() {
            let _ = sender.send(changes);
        }
    })
    .map_err(|e| notify::Error::generic(&e.to_string()))?;
    let targets = watched(root, theme);
    let mut watching = Vec::new();
    for (path, mode) in &targets {
        // A folder the site does not have yet (say, no static/) is watched once it appears.
        if path.exists() {
            debouncer.watch(path, *mode)?;
            watching.push(path.clone());
        }
    }
    // Watching the root itself (not recursively) reports top-level folders being created.
    debouncer.watch(root, RecursiveMode::NonRecursive)?;
    Ok(Watcher {
        debouncer,
        targets,
        watching,
        changes: receiver,
    })
}

/// Whether a changed path should trigger a rebuild.
fn relevant(root: &Path, output_dir: &Path, path: &Path) -> bool {
    if path.starts_with(output_dir) {
        return false;
    }
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    // Swap files, backups, `.#x` locks, hidden files and our own staging folders.
    if relative
        .components()
        .any(|c| is_ignored_file(&c.as_os_str().to_string_lossy()))
    {
        return false;
    }
    let first = relative
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    matches!(
        first.as_str(),
        "content" | "static" | "templates" | "themes" | crate::load::config::CONFIG_FILE
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_editor_files_and_the_output() {
        let root = Path::new("/site");
        let out = Path::new("/site/public");
        assert!(relevant(root, out, Path::new("/site/content/a.md")));
        assert!(relevant(root, out, Path::new("/site/site.toml")));
        assert!(!relevant(root, out, Path::new("/site/content/.a.md.swp")));
        assert!(!relevant(root, out, Path::new("/site/content/a.md~")));
        assert!(!relevant(root, out, Path::new("/site/content/.#a.md")));
        assert!(!relevant(root, out, Path::new("/site/public/index.html")));
        assert!(!relevant(root, out, Path::new("/site/.public.staging-1/x")));
        assert!(!relevant(root, out, Path::new("/site/target/debug/x")));
    }

    #[test]
    fn knows_a_css_only_change() {
        let css = Changes {
            paths: vec![PathBuf::from("/s/static/style.css")],
        };
        assert!(css.css_only());
        let mut mixed = css.clone();
        mixed.extend(Changes {
            paths: vec![PathBuf::from("/s/content/a.md")],
        });
        assert!(!mixed.css_only());
    }
}
