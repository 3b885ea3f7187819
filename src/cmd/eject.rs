//! `vertebra theme eject`: copies the built-in theme, or one file of it, into the site so the
//! clinic can change it. Never overwrites anything.
//!
//! The whole theme goes to `themes/default/` (which the site then uses instead of the built-in
//! one, entirely); one template goes to `templates/`, one static file to `static/`, where each
//! overrides just that file of the built-in theme.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, Problem};
use crate::load::theme::{BUILT_IN, BUILT_IN_NAME, ThemeFile, embedded_files};

/// Copies the whole built-in theme into `root/themes/default/`; returns the folder written.
/// Refuses when that folder already exists.
pub fn eject_theme(root: &Path) -> Result<PathBuf, Diagnostics> {
    let target = root.join("themes").join(BUILT_IN_NAME);
    if target.exists() {
        return Err(Diagnostic::global(Problem::WouldOverwrite {
            path: PathBuf::from("themes").join(BUILT_IN_NAME),
        })
        .into());
    }
    std::fs::create_dir_all(&target)
        .and_then(|()| BUILT_IN.extract(&target))
        .map_err(|e| Diagnostic::io(root, &target, "write the theme", &e))?;
    Ok(target)
}

/// Copies one file of the built-in theme into the site: `base.html` or
/// `templates/partials/article_card.html` into `templates/`, `style.css` or `static/style.css`
/// into `static/`. Returns the file written (relative to `root`). Refuses to overwrite.
pub fn eject_file(root: &Path, name: &str) -> Result<PathBuf, Diagnostics> {
    let file = find(name)?;
    let relative = Path::new(folder_of(&file)).join(&file.name);
    let target = root.join(&relative);
    if target.exists() {
        return Err(Diagnostic::global(Problem::WouldOverwrite { path: relative }).into());
    }
    let bytes = file
        .source
        .read()
        .map_err(|e| Diagnostic::io(root, &target, "read the theme file", &e))?;
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Diagnostic::io(root, parent, "create the folder", &e))?;
    }
    std::fs::write(&target, bytes).map_err(|e| Diagnostic::io(root, &target, "write", &e))?;
    Ok(relative)
}

/// `templates` or `static`: the folder a built-in file was found in.
fn folder_of(file: &ThemeFile) -> &'static str {
    let shown = crate::load::assets::slash_path(&file.display);
    if shown.contains("/templates/") {
        "templates"
    } else {
        "static"
    }
}

/// The built-in file `name` names, looked up in templates/ and then static/ unless the name
/// says which.
fn find(name: &str) -> Result<ThemeFile, Diagnostic> {
    let name = name.trim_start_matches("./").trim_start_matches('/');
    let (folders, bare): (&[&str], &str) = match name.split_once('/') {
        Some(("templates", rest)) => (&["templates"], rest),
        Some(("static", rest)) => (&["static"], rest),
        _ => (&["templates", "static"], name),
    };
    let candidates: Vec<ThemeFile> = folders.iter().flat_map(|f| embedded_files(f)).collect();
    if let Some(file) = candidates.iter().find(|f| f.name == bare) {
        return Ok(file.clone());
    }
    let all: Vec<ThemeFile> = ["templates", "static"]
        .iter()
        .flat_map(|f| embedded_files(f))
        .collect();
    Err(Diagnostic::global(Problem::UnknownThemeFile {
        name: name.to_string(),
        suggestion: crate::diagnostics::did_you_mean(bare, all.iter().map(|f| f.name.as_str())),
        available: all.iter().map(|f| f.name.clone()).collect(),
    }))
}
