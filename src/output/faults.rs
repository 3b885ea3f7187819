//! A test seam: environment variables that make the staging folder's N-th write fail, the swap
//! fail, or the build pause after its N-th write. They exist so that tests can prove what a
//! full disk, a refused rename or an interrupt half-way leaves behind, with no root and no
//! special file system. They are read once per build and cost one atomic add per file.
//!
//! - `VERTEBRA_TEST_FAIL_WRITE=N`: the N-th file written (1-based) fails with the operating
//!   system's "No space left on device".
//! - `VERTEBRA_TEST_FAIL_SWAP=1`: moving the new output into place fails the same way, after the
//!   previous output was moved aside (the hardest moment to recover from).
//! - `VERTEBRA_TEST_PAUSE_AFTER_WRITE=N`: after the N-th file is written, the build sleeps for a
//!   minute, so a test can signal it while the staging folder is half full.
//! - `VERTEBRA_TEST_PAUSE_BEFORE_SWAP=1`: once every file is written and the new resized copies
//!   are added, the build sleeps for a minute before its swap, so a test can kill it there.

use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// The faults one build was asked to simulate.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    fail_write: Option<usize>,
    pause_after_write: Option<usize>,
    fail_swap: bool,
    pause_before_swap: bool,
    writes: AtomicUsize,
}

fn number(name: &str) -> Option<usize> {
    std::env::var(name).ok()?.trim().parse().ok()
}

impl Faults {
    /// The faults the environment asks for (usually none).
    pub(crate) fn from_env() -> Faults {
        Faults {
            fail_write: number("VERTEBRA_TEST_FAIL_WRITE"),
            pause_after_write: number("VERTEBRA_TEST_PAUSE_AFTER_WRITE"),
            fail_swap: std::env::var_os("VERTEBRA_TEST_FAIL_SWAP").is_some(),
            pause_before_swap: std::env::var_os("VERTEBRA_TEST_PAUSE_BEFORE_SWAP").is_some(),
            writes: AtomicUsize::new(0),
        }
    }

    /// Called before each file is written: counts it, and fails the chosen one.
    pub(crate) fn before_write(&self) -> io::Result<usize> {
        let count = self.writes.fetch_add(1, Ordering::Relaxed) + 1;
        if self.fail_write == Some(count) {
            return Err(disk_full());
        }
        Ok(count)
    }

    /// Called after file number `count` was written (outside the write lock, so that a
    /// signal can be handled meanwhile).
    pub(crate) fn after_write(&self, count: usize) {
        if self.pause_after_write == Some(count) {
            std::thread::sleep(Duration::from_secs(60));
        }
    }

    /// Called when everything is written, just before the swap (outside the write lock).
    pub(crate) fn before_swap_pause(&self) {
        if self.pause_before_swap {
            std::thread::sleep(Duration::from_secs(60));
        }
    }

    /// Called between moving the previous output aside and moving the new one in.
    pub(crate) fn before_swap(&self) -> io::Result<()> {
        if self.fail_swap {
            return Err(disk_full());
        }
        Ok(())
    }
}

fn disk_full() -> io::Error {
    #[cfg(unix)]
    {
        io::Error::from_raw_os_error(libc::ENOSPC)
    }
    #[cfg(not(unix))]
    {
        io::Error::new(io::ErrorKind::StorageFull, "No space left on device")
    }
}
