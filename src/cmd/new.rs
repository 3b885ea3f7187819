//! `vertebra new DIR`: start a site that builds and passes `vertebra check` at once.

use std::path::PathBuf;

use clap::Args;

use crate::diagnostics::Diagnostics;

/// Arguments of `vertebra new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The folder to create the site in; it must not exist yet, or be empty.
    pub dir: PathBuf,
}

/// Writes the starter site and says what to do next.
pub fn execute(args: NewArgs) -> Result<(), Diagnostics> {
    crate::cmd::scaffold::create(&args.dir, super::clock_today())?;
    let dir = args.dir.display();
    println!("Created a new site in {dir}");
    println!("Next: cd {dir} && vertebra build   (vertebra check finds broken links)");
    Ok(())
}
