//! Ctrl-C (SIGINT) and SIGTERM while a build writes: the staging folders of this process are
//! removed before it exits with the conventional code (130, 143).
//!
//! Every write into a staging folder, and the swap, runs through [`while_writing`], which holds
//! a shared lock; the signal handler takes the lock exclusively, so it waits for the writes in
//! flight (at most one file per thread, or a swap) to end, marks the process interrupted so no
//! further write starts, and only then removes the folders. A swap therefore happens wholly or
//! not at all. A `kill -9` cannot be caught; [`super::leftovers`] cleans up after it.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Once, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// The staging folders this process is writing, and whether a signal has stopped all writing.
struct Gate {
    interrupted: bool,
    staging: Vec<PathBuf>,
    /// Journals of resized copies added to an output folder: (journal, output folder,
    /// staging folder); see [`super::shared`].
    journals: Vec<(PathBuf, PathBuf, PathBuf)>,
}

static GATE: RwLock<Gate> = RwLock::new(Gate {
    interrupted: false,
    staging: Vec::new(),
    journals: Vec::new(),
});

fn shared() -> RwLockReadGuard<'static, Gate> {
    GATE.read().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn exclusive() -> RwLockWriteGuard<'static, Gate> {
    GATE.write()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The exit code of a process stopped by SIGINT.
pub const EXIT_SIGINT: i32 = 130;
/// The exit code of a process stopped by SIGTERM.
pub const EXIT_SIGTERM: i32 = 143;

/// Listens for SIGINT and SIGTERM (Ctrl-C elsewhere than Unix) on a thread of its own, for the
/// rest of the process. Calling it again does nothing.
pub fn install() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        let spawned = std::thread::Builder::new()
            .name("signals".into())
            .spawn(|| {
                if let Some(code) = wait_for_signal() {
                    stop(code);
                }
            });
        if let Err(error) = spawned {
            eprintln!("warning: could not listen for Ctrl-C: {error}");
        }
    });
}

/// Blocks until SIGINT or SIGTERM arrives; returns the exit code it asks for, or `None` when
/// signals cannot be listened for.
fn wait_for_signal() -> Option<i32> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .ok()?;
    runtime.block_on(async {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let mut interrupt = signal(SignalKind::interrupt()).ok()?;
            let mut terminate = signal(SignalKind::terminate()).ok()?;
            tokio::select! {
                _ = interrupt.recv() => Some(EXIT_SIGINT),
                _ = terminate.recv() => Some(EXIT_SIGTERM),
            }
        }
        #[cfg(not(unix))]
        {
            tokio::signal::ctrl_c().await.ok()?;
            Some(EXIT_SIGINT)
        }
    })
}

/// Waits for the writes in flight, takes back the resized copies added to the output and
/// removes this process's staging folders, says so, exits.
fn stop(code: i32) -> ! {
    let mut gate = exclusive();
    gate.interrupted = true;
    for (journal, output_dir, staging) in std::mem::take(&mut gate.journals) {
        let _ = super::shared::settle(&journal, &output_dir, &staging);
    }
    let mut removed = Vec::new();
    for folder in std::mem::take(&mut gate.staging) {
        if folder.exists() && std::fs::remove_dir_all(&folder).is_ok() {
            removed.push(folder);
        }
    }
    match removed.as_slice() {
        [] => eprintln!("Interrupted."),
        folders => eprintln!(
            "Interrupted: removed the unfinished build in {}; the output folder keeps its previous version.",
            folders
                .iter()
                .map(|f| f.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
    std::process::exit(code)
}

/// Runs one write into a staging folder (or the swap) unless a signal has stopped the build;
/// a signal that arrives meanwhile waits for it to end.
pub(crate) fn while_writing<T>(write: impl FnOnce() -> io::Result<T>) -> io::Result<T> {
    let gate = shared();
    if gate.interrupted {
        return Err(io::Error::new(
            io::ErrorKind::Interrupted,
            "the build was interrupted",
        ));
    }
    write()
}

/// Remembers a staging folder to remove if a signal arrives.
pub(crate) fn register(folder: &Path) {
    exclusive().staging.push(folder.to_path_buf());
}

/// Remembers the journal of the copies a build adds to `output_dir`'s folder of resized
/// copies while `staging` is its staging folder, to take them back if a signal arrives.
pub(crate) fn register_journal(journal: &Path, output_dir: &Path, staging: &Path) {
    exclusive().journals.push((
        journal.to_path_buf(),
        output_dir.to_path_buf(),
        staging.to_path_buf(),
    ));
}

/// Forgets a staging folder (and its journal) that was swapped in or removed.
pub(crate) fn unregister(folder: &Path) {
    let mut gate = exclusive();
    gate.staging.retain(|f| f != folder);
    gate.journals.retain(|(_, _, staging)| staging != folder);
}
