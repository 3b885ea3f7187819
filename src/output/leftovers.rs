//! What builds that died (`kill -9`, a power cut) left beside the output folder: their staging
//! folders `.public.staging-<pid>`; if one died in the middle of its swap, the previous output
//! moved aside as `.public.old-<pid>`; and the journal `.public.swap-<pid>` of the resized
//! copies one added to the output's `processed_images/` (see [`super::shared`]). Every build
//! cleans them up first, but only those whose name matches exactly and whose process is no
//! longer running; nothing else is touched.

use std::fs;
use std::path::{Path, PathBuf};

/// What [`clean`] did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Cleaned {
    /// Staging folders (and previous outputs moved aside) that were removed.
    pub removed: Vec<PathBuf>,
    /// A previous output moved aside by a build that died mid-swap, put back in place because
    /// the output folder was missing.
    pub restored: Option<PathBuf>,
    /// Resized copies that dead builds had added to the output's `processed_images/` and
    /// that no page of it names, removed; and whether that folder had to be moved back.
    pub shared: super::shared::Settled,
}

impl Cleaned {
    /// One line for the terminal, or `None` when there was nothing to clean.
    pub fn summary(&self, output_dir: &Path) -> Option<String> {
        let names = |paths: &[PathBuf]| {
            paths
                .iter()
                .map(|p| {
                    p.file_name()
                        .unwrap_or_default()
                        .to_string_lossy()
                        .into_owned()
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let restored = self.restored.as_ref().map(|from| {
            format!(
                "restored {} from {} left by a build that stopped mid-swap",
                output_dir.file_name().unwrap_or_default().to_string_lossy(),
                names(std::slice::from_ref(from))
            )
        });
        let removed = match self.removed.len() {
            0 => None,
            1 => Some(format!(
                "removed 1 staging folder left by a build that is no longer running: {}",
                names(&self.removed)
            )),
            n => Some(format!(
                "removed {n} staging folders left by builds that are no longer running: {}",
                names(&self.removed)
            )),
        };
        let shared = &self.shared;
        let folder = format!(
            "{}/{}",
            output_dir.file_name().unwrap_or_default().to_string_lossy(),
            super::SHARED_DIR
        );
        let returned = shared
            .returned
            .then(|| format!("put {folder} back from a build that stopped mid-swap"));
        let copies = match shared.removed {
            0 => None,
            1 => Some(format!(
                "removed 1 resized image copy that no page uses from {folder}, added by a build that is no longer running"
            )),
            n => Some(format!(
                "removed {n} resized image copies that no page uses from {folder}, added by a build that is no longer running"
            )),
        };
        let text = [restored, returned, copies, removed]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("; ");
        (!text.is_empty()).then(|| {
            let mut chars = text.chars();
            let first = chars.next().map(|c| c.to_ascii_uppercase());
            first.into_iter().chain(chars).collect()
        })
    }
}

/// Removes the leftovers of dead builds beside `output_dir` (absolute). Failures to remove are
/// ignored: the leftovers only cost disk space, and the next build tries again.
pub fn clean(output_dir: &Path) -> Cleaned {
    let mut cleaned = Cleaned::default();
    let (Some(parent), Some(name)) = (output_dir.parent(), output_dir.file_name()) else {
        return cleaned;
    };
    let name = name.to_string_lossy();
    let Ok(entries) = fs::read_dir(parent) else {
        return cleaned;
    };
    let mut found: Vec<(Kind, PathBuf, u32)> = entries
        .flatten()
        .filter_map(|entry| {
            let file_name = entry.file_name();
            let (kind, pid) = leftover_of(&name, file_name.to_str()?)?;
            let is_folder = entry.file_type().is_ok_and(|t| t.is_dir());
            (is_folder == (kind != Kind::Journal) && pid != std::process::id() && !is_running(pid))
                .then(|| (kind, entry.path(), pid))
        })
        .collect();
    // Previous outputs back in place first, then journals (which need the staging folder of
    // their build to tell whether its swap happened), then staging folders.
    found.sort();
    let mut kept = Vec::new();
    for (kind, path, pid) in found {
        match kind {
            Kind::Old
                if cleaned.restored.is_none()
                    && fs::symlink_metadata(output_dir).is_err()
                    && fs::rename(&path, output_dir).is_ok() =>
            {
                cleaned.restored = Some(path);
            }
            Kind::Journal => {
                let staging = parent.join(format!(".{name}.staging-{pid}"));
                match super::shared::settle(&path, output_dir, &staging) {
                    Some(settled) => {
                        cleaned.shared.removed += settled.removed;
                        cleaned.shared.returned |= settled.returned;
                    }
                    // Its staging folder holds the output's resized copies: kept.
                    None => kept.push(staging),
                }
            }
            _ if kept.contains(&path) => {}
            _ => {
                if fs::remove_dir_all(&path).is_ok() {
                    cleaned.removed.push(path);
                }
            }
        }
    }
    cleaned
}

/// Which leftover a folder is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Old,
    Journal,
    Staging,
}

/// `(kind, pid)` when `file_name` is exactly `.{output}.staging-{pid}`, `.{output}.old-{pid}`
/// or `.{output}.swap-{pid}`.
fn leftover_of(output: &str, file_name: &str) -> Option<(Kind, u32)> {
    let rest = file_name.strip_prefix('.')?.strip_prefix(output)?;
    let (kind, pid) = if let Some(pid) = rest.strip_prefix(".staging-") {
        (Kind::Staging, pid)
    } else if let Some(pid) = rest.strip_prefix(".swap-") {
        (Kind::Journal, pid)
    } else {
        (Kind::Old, rest.strip_prefix(".old-")?)
    };
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) || pid.starts_with('0') {
        return None;
    }
    Some((kind, pid.parse().ok()?))
}

/// Whether process `pid` exists. Where that cannot be known, it is assumed to be running, so
/// that its folder is kept.
fn is_running(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return true;
        };
        // Signal 0 checks that the process exists without sending anything; EPERM means it
        // exists but belongs to someone else.
        // SAFETY: kill with signal 0 has no effect besides the check.
        let result = unsafe { libc::kill(pid, 0) };
        result == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_only_the_exact_name_pattern() {
        assert_eq!(
            leftover_of("public", ".public.staging-123"),
            Some((Kind::Staging, 123))
        );
        assert_eq!(leftover_of("public", ".public.old-9"), Some((Kind::Old, 9)));
        assert_eq!(
            leftover_of("public", ".public.swap-42"),
            Some((Kind::Journal, 42))
        );
        for other in [
            "public",
            ".public.staging-",
            ".public.staging-12a",
            ".public.staging-0",
            ".public.staging--1",
            ".public.staging-1.bak",
            ".public2.staging-1",
            ".dist.staging-1",
            "public.staging-1",
            ".public.staging-99999999999999999999",
            ".public.older-1",
            ".public.swap-",
            ".public.swapped-1",
        ] {
            assert_eq!(leftover_of("public", other), None, "{other}");
        }
    }

    #[test]
    fn this_process_is_running() {
        assert!(is_running(std::process::id()));
    }
}
