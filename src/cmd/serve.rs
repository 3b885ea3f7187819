//! `vertebra serve`: build, serve over HTTP on loopback, rebuild on every change and reload
//! open pages.

use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;

use clap::Args;

use crate::build::{BuildOptions, Builder};
use crate::diagnostics::{Diagnostic, Diagnostics, Problem};
use crate::serve::server::{self, RELOAD_SCRIPT, Reload, Served};
use crate::serve::{self as serving, watch};

/// Arguments of `vertebra serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site root: the folder holding site.toml (default: the nearest folder at or above
    /// the current one that has a site.toml).
    #[arg(long)]
    pub root: Option<PathBuf>,
    /// List every warning (by default the first 20 of each kind are listed and the rest
    /// counted).
    #[arg(long)]
    pub verbose: bool,
    /// The port to listen on; the next free one is used if it is taken (0: any free port).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on; loopback unless you say otherwise.
    #[arg(long, default_value = "127.0.0.1")]
    pub interface: IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
    /// The day review ages are measured at, instead of today's date (YYYY-MM-DD), as for
    /// `build`.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
}

fn io_problem(action: &'static str, error: impl ToString) -> Diagnostics {
    Diagnostic::global(Problem::Io {
        action,
        reason: error.to_string(),
    })
    .into()
}

/// Runs the development server until Ctrl-C or SIGTERM (exit code 130 or 143).
pub fn execute(args: ServeArgs) -> Result<(), Diagnostics> {
    crate::diagnostics::terminal::set_verbose(args.verbose);
    let root = crate::cmd::site_root::find(args.root.as_deref())?;
    // Without site.toml there is no site to serve: stop with the error `build` gives.
    crate::load::config::require(&root)?;
    let root = std::fs::canonicalize(&root).map_err(|e| io_problem("open the site folder", e))?;
    let listener = serving::bind(args.interface, args.port)?;
    let address = listener
        .local_addr()
        .map_err(|e| io_problem("start the server", e))?;
    let base_url = format!("http://{address}/");
    let options = BuildOptions {
        root: root.clone(),
        output_dir: None,
        base_url: Some(base_url.clone()),
        drafts: args.drafts,
        inject: Some(RELOAD_SCRIPT.to_string()),
        // The same check as `build`; broken links are warnings here, shown in the terminal and
        // over the page, so the preview keeps working while a link is being fixed.
        link_check: crate::check::LinkCheck::Warn,
        review: crate::link::review::ReviewCheck {
            today: Some(crate::cmd::today_or_clock(args.today.as_deref())?),
            strict: false,
        },
    };
    let watcher = watch::start(
        &root,
        &serving::theme_of(&root),
        &serving::output_dir_of(&options),
    )
    .map_err(|e| io_problem("watch the site for changes", e))?;
    let mut builder = Builder::long_lived(options);
    let (first, summary) = serving::rebuild(&mut builder, None, &Served::empty(), Reload::None);
    let (sender, receiver) = tokio::sync::watch::channel(Arc::new(first));
    summary.print();
    let mut watcher = watcher;
    std::thread::spawn(move || {
        while let Some(changes) = watcher.next_changes() {
            let reload = if changes.css_only() {
                Reload::Styles
            } else {
                Reload::Page
            };
            let previous = sender.borrow().clone();
            let (next, summary) =
                serving::rebuild(&mut builder, Some(&changes.paths), &previous, reload);
            sender.send_replace(Arc::new(next));
            // Only now: whoever reads the summary may request the new pages at once.
            summary.print();
        }
    });
    println!("Serving {} at {base_url} (Ctrl-C to stop)", root.display());
    if args.open {
        let _ = opener::open(&base_url);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| io_problem("start the server", e))?;
    runtime.block_on(async move {
        listener
            .set_nonblocking(true)
            .map_err(|e| io_problem("start the server", e))?;
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| io_problem("start the server", e))?;
        // Ctrl-C and SIGTERM end the process (crate::output::interrupt), so the server runs
        // until then: open reload streams never end on their own.
        axum::serve(listener, server::router(receiver))
            .await
            .map_err(|e| io_problem("serve", e))
    })
}
