//! `vertebra cms init`: switch the editing screen on (`[cms]` in site.toml) and install Decap
//! CMS's JavaScript into `static/admin/`, so the site serves it itself (no CDN).
//!
//! The script comes from npm at the pinned [`DECAP_VERSION`], installed into a temporary
//! folder that is removed afterwards (no `node_modules` in the site), or from a `dist/` folder
//! given with `--from` (offline, or a copy already downloaded).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use clap::{Args, Subcommand};

use crate::diagnostics::{Diagnostic, Diagnostics, Problem};
use crate::load::cms::{DECAP_SERVER_VERSION, DECAP_VERSION, SCRIPT};
use crate::load::config::CONFIG_FILE;

/// Arguments of `vertebra cms`.
#[derive(Debug, Args)]
pub struct CmsArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: CmsAction,
}

/// The `cms` subcommands.
#[derive(Debug, Subcommand)]
pub enum CmsAction {
    /// Add `[cms]` to site.toml (when missing) and install Decap CMS into static/admin/, so
    /// every build publishes an editing screen at /admin/ (see docs/cms.md).
    Init(InitArgs),
}

/// Arguments of `vertebra cms init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The site root (default: the nearest folder at or above this one with site.toml).
    #[arg(long)]
    pub root: Option<PathBuf>,
    /// Copy the CMS from this folder (the `dist` folder of the npm package `decap-cms`, or a
    /// folder whose node_modules/decap-cms/dist holds it) instead of running npm.
    #[arg(long, value_name = "DIR")]
    pub from: Option<PathBuf>,
}

/// The `[cms]` table `init` appends to a site.toml that has none.
const CMS_TABLE: &str = "
# The editing screen at /admin/ (docs/cms.md). `backend` is where edits are saved:
# \"git-gateway\" (Netlify Identity), or \"github\" / \"gitlab\" with `repo = \"owner/name\"`.
[cms]
backend = \"git-gateway\"
branch = \"main\"
";

/// Runs `vertebra cms …`.
pub fn execute(args: CmsArgs) -> Result<(), Diagnostics> {
    match args.action {
        CmsAction::Init(init) => {
            let root = crate::cmd::site_root::find(init.root.as_deref())?;
            let added = add_cms_table(&root)?;
            let (copied, version) = match &init.from {
                Some(from) => install_from(&root, &dist_folder(from)?)?,
                None => install_with_npm(&root)?,
            };
            if added {
                println!("Added [cms] to site.toml: set `backend` and `repo` there (docs/cms.md)");
            }
            println!(
                "Installed Decap CMS {version} into static/admin/ ({copied} files): every build now writes /admin/"
            );
            println!(
                "To edit on this computer: run `npx decap-server@{DECAP_SERVER_VERSION}` in the site folder and `vertebra serve`, then open http://127.0.0.1:1111/admin/"
            );
            Ok(())
        }
    }
}

/// Appends [`CMS_TABLE`] to site.toml unless it has a `[cms]` table; whether it did.
fn add_cms_table(root: &Path) -> Result<bool, Diagnostics> {
    let path = root.join(CONFIG_FILE);
    let text =
        fs::read_to_string(&path).map_err(|error| Diagnostic::io(root, &path, "read", &error))?;
    let has_cms = toml::from_str::<toml::Table>(&text)
        .map(|table| table.contains_key("cms"))
        // A site.toml that does not parse is reported by the next build; leave it alone.
        .unwrap_or(true);
    if has_cms {
        return Ok(false);
    }
    let separator = if text.ends_with('\n') { "" } else { "\n" };
    fs::write(&path, format!("{text}{separator}{CMS_TABLE}"))
        .map_err(|error| Diagnostic::io(root, &path, "write", &error))?;
    Ok(true)
}

/// The package's `dist` folder inside what `--from` names.
fn dist_folder(from: &Path) -> Result<PathBuf, Diagnostics> {
    let candidates = [
        from.to_path_buf(),
        from.join("dist"),
        from.join("node_modules/decap-cms/dist"),
    ];
    candidates
        .into_iter()
        .find(|dir| dir.join("decap-cms.js").is_file())
        .ok_or_else(|| {
            install_error(format!(
                "{} holds no decap-cms.js (give the `dist` folder of the npm package decap-cms)",
                from.display()
            ))
        })
}

fn install_error(reason: String) -> Diagnostics {
    Diagnostic::global(Problem::CmsInstall { reason }).into()
}

/// `npm install decap-cms@VERSION` into a temporary folder, then [`install_from`].
fn install_with_npm(root: &Path) -> Result<(usize, String), Diagnostics> {
    let temp = TempFolder::new(root)?;
    let package = format!("decap-cms@{DECAP_VERSION}");
    let status = Command::new("npm")
        .args(["install", "--prefix"])
        .arg(&temp.0)
        .args(["--ignore-scripts", "--no-audit", "--no-fund", "--no-save"])
        .arg(&package)
        .status();
    match status {
        Ok(status) if status.success() => {}
        Ok(status) => {
            return Err(install_error(format!(
                "`npm install {package}` failed ({status}); check the network, or download the package elsewhere and pass its dist folder with --from"
            )));
        }
        Err(error) => {
            return Err(install_error(format!(
                "could not run npm ({error}); install Node.js (https://nodejs.org), or pass the dist folder of the npm package {package} with --from"
            )));
        }
    }
    install_from(root, &temp.0.join("node_modules/decap-cms/dist"))
}

/// Copies the CMS's script, its chunks and WebAssembly (not the source maps) into
/// static/admin/; the number of files and the package's version.
fn install_from(root: &Path, dist: &Path) -> Result<(usize, String), Diagnostics> {
    let target = root
        .join("static")
        .join(Path::new(SCRIPT).parent().unwrap_or(Path::new("")));
    fs::create_dir_all(&target)
        .map_err(|error| Diagnostic::io(root, &target, "create the folder", &error))?;
    let entries = fs::read_dir(dist)
        .map_err(|error| Diagnostic::io(root, dist, "read the folder", &error))?;
    let mut names: Vec<String> = entries
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| is_runtime_file(name))
        .collect();
    names.sort();
    for name in &names {
        let to = target.join(name);
        fs::copy(dist.join(name), &to)
            .map_err(|error| Diagnostic::io(root, &to, "write", &error))?;
    }
    let version = package_version(dist).unwrap_or_else(|| "(unknown version)".to_string());
    if version != DECAP_VERSION {
        println!(
            "Note: this is Decap CMS {version}; Vertebra's config.yml is made and tested for {DECAP_VERSION}"
        );
    }
    Ok((names.len(), version))
}

/// The files the browser loads: the bundle, its lazily loaded chunks, WebAssembly and the
/// licence notice. Source maps (25 MB) and the duplicate `cms.js` build are left out.
fn is_runtime_file(name: &str) -> bool {
    name == "decap-cms.js"
        || name == "decap-cms.js.LICENSE.txt"
        || name.ends_with(".wasm")
        || name
            .strip_suffix(".decap-cms.js")
            .is_some_and(|chunk| chunk.chars().all(|c| c.is_ascii_alphanumeric()))
}

fn package_version(dist: &Path) -> Option<String> {
    let text = fs::read_to_string(dist.parent()?.join("package.json")).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json.get("version")?.as_str().map(str::to_string)
}

/// A temporary folder for npm's download, removed when dropped.
struct TempFolder(PathBuf);

impl TempFolder {
    fn new(root: &Path) -> Result<TempFolder, Diagnostics> {
        let path = std::env::temp_dir().join(format!("vertebra-cms-{}", std::process::id()));
        fs::create_dir_all(&path)
            .map_err(|error| Diagnostic::io(root, &path, "create the folder", &error))?;
        Ok(TempFolder(path))
    }
}

impl Drop for TempFolder {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_what_the_browser_loads() {
        assert!(is_runtime_file("decap-cms.js"));
        assert!(is_runtime_file("103.decap-cms.js"));
        assert!(is_runtime_file("dd5d52671a5763720504.wasm"));
        assert!(!is_runtime_file("103.decap-cms.js.map"));
        assert!(!is_runtime_file("cms.js"));
        assert!(!is_runtime_file("103.cms.js"));
    }
}
