//! `vertebra serve` and `build --watch`: the same build pipeline, run again on every change.
//!
//! [`watch`] turns file-system events into [`watch::Changes`]; a rebuild thread runs the build
//! and publishes the result; [`server`] serves the latest good result from memory and tells
//! open pages to reload once the new files are in place.

pub mod server;
pub mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use crate::build::{BuildOptions, Builder};
use crate::diagnostics::{Diagnostic, Diagnostics, Problem};
use server::{Reload, Served};

/// How far past a taken port to look for a free one.
const PORT_ATTEMPTS: u16 = 20;

/// Binds `interface:port`, or the next free port after it. Port 0 asks the system for any.
pub fn bind(interface: IpAddr, port: u16) -> Result<TcpListener, Diagnostics> {
    let mut last_error = None;
    for offset in 0..PORT_ATTEMPTS {
        let candidate = if port == 0 {
            0
        } else {
            port.saturating_add(offset)
        };
        match TcpListener::bind(SocketAddr::new(interface, candidate)) {
            Ok(listener) => {
                if offset > 0 {
                    eprintln!("Port {port} is in use; using {candidate} instead.");
                }
                return Ok(listener);
            }
            Err(error) if error.kind() == std::io::ErrorKind::AddrInUse && port != 0 => {
                last_error = Some(error);
            }
            Err(error) => {
                last_error = Some(error);
                break;
            }
        }
    }
    Err(Diagnostic::global(Problem::Io {
        action: "start the server",
        reason: format!(
            "no free port from {port} to {}: {}",
            port.saturating_add(PORT_ATTEMPTS - 1),
            last_error.map_or_else(String::new, |e| e.to_string())
        ),
    })
    .into())
}

/// Runs one build for serving (after `changed` paths, if known) and prints its diagnostics;
/// returns the new state to publish and the summary to print once it is published.
pub fn rebuild(
    builder: &mut Builder,
    changed: Option<&[std::path::PathBuf]>,
    previous: &Served,
    reload: Reload,
) -> (Served, Summary) {
    let started = Instant::now();
    match builder.build_changed(changed) {
        Ok(built) => {
            eprint!("{}", crate::diagnostics::terminal::render(&built.warnings));
            let summary = format!(
                "Rebuilt {} pages ({} rendered) in {} ms",
                built.pages,
                built.rendered,
                started.elapsed().as_millis()
            );
            let warnings = link_warnings(&built.warnings);
            // Drop our hold on the site so the builder can patch it in place next time.
            let files = built.files;
            drop(built.site);
            let served = Served {
                files: Served::from_files(files),
                error: None,
                warnings,
                generation: previous.generation + 1,
                reload,
            };
            (served, Summary::Rebuilt(summary))
        }
        Err(diagnostics) => {
            eprint!("{}", crate::diagnostics::terminal::render(&diagnostics));
            let served = Served {
                files: previous.files.clone(),
                error: Some(diagnostics.to_string()),
                warnings: None,
                generation: previous.generation + 1,
                reload: Reload::Page,
            };
            (served, Summary::Failed)
        }
    }
}

/// The line that ends a rebuild's output: printed only once its result is published, since a
/// reader of the line (a person, a test, a script) may request the new pages at once.
pub enum Summary {
    /// `Rebuilt N pages (M rendered) in T ms`, on stdout.
    Rebuilt(String),
    /// The build failed, on stderr after its errors.
    Failed,
}

impl Summary {
    /// Prints the line.
    pub fn print(&self) {
        match self {
            Summary::Rebuilt(line) => println!("{line}"),
            Summary::Failed => eprintln!("Build failed; still serving the last good version."),
        }
    }
}

/// The broken-link warnings of a build, as the overlay lists them; `None` when there are none.
fn link_warnings(warnings: &Diagnostics) -> Option<String> {
    let mut links = Diagnostics::new();
    links.extend(
        warnings
            .iter()
            .filter(|d| matches!(d.problem, Problem::BrokenLink(_)))
            .cloned(),
    );
    (!links.is_empty()).then(|| crate::diagnostics::terminal::render(&links))
}

/// The output folder a site would build into (ignored by the watcher).
pub fn output_dir_of(options: &BuildOptions) -> std::path::PathBuf {
    match crate::load::config::load(&options.root, None) {
        Ok(config) => match &options.output_dir {
            Some(dir) => options.root.join(dir),
            None => config.output_dir(),
        },
        Err(_) => options.root.join("public"),
    }
}

/// The theme a site uses, for watching (the default when site.toml does not load).
pub fn theme_of(root: &Path) -> String {
    crate::load::config::load(root, None)
        .map(|c| c.site.theme.name)
        .unwrap_or_else(|_| "default".to_string())
}

/// Serve-mode state shared by the server and the rebuild thread.
pub type SiteSender = tokio::sync::watch::Sender<Arc<Served>>;
