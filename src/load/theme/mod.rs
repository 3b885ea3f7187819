//! The theme a site uses: the one built into the binary, or a folder under `themes/`, with the
//! site's own `templates/` and `static/` files overriding it one file at a time.
//!
//! The built-in theme lives in `src/theme/default/` and is embedded with `include_dir!`, so a
//! site needs nothing but `site.toml` and `content/`. A site that has `themes/<name>/` uses that
//! folder instead (which is what `vertebra theme eject` writes). Both are read through
//! [`ThemeSource`], so the rest of the pipeline never knows which one it got.

pub mod brand;
pub mod color;
pub mod front_door;
pub mod hours;
pub mod settings;

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::diagnostics::{Diagnostic, Diagnostics, Problem, display_path};
use crate::load::config::Config;

/// The built-in default theme (`src/theme/default`), embedded when Vertebra is compiled.
pub static BUILT_IN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/theme/default");

/// The name of the built-in theme.
pub const BUILT_IN_NAME: &str = "default";

/// How files of the built-in theme are shown in messages: `[built-in theme]/templates/base.html`.
pub const BUILT_IN_DISPLAY: &str = "[built-in theme]";

/// Where the theme's files come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThemeSource {
    /// The theme embedded in the binary.
    BuiltIn,
    /// A folder of the site: `themes/<name>/`.
    Folder(PathBuf),
}

/// One file of a theme's `templates/` or `static/` folder, or of the site's overrides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeFile {
    /// Path inside `templates/` or `static/`, `/`-separated: `partials/card.html`.
    pub name: String,
    /// The file as shown in messages: `templates/base.html`, `[built-in theme]/templates/…`.
    pub display: PathBuf,
    /// Where its bytes are.
    pub source: FileSource,
}

/// Where a theme file's bytes are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileSource {
    /// A file on disk.
    Disk(PathBuf),
    /// A file embedded in the binary.
    Embedded(&'static [u8]),
}

impl FileSource {
    /// The file's bytes.
    pub fn read(&self) -> std::io::Result<std::borrow::Cow<'static, [u8]>> {
        match self {
            FileSource::Disk(path) => std::fs::read(path).map(std::borrow::Cow::Owned),
            FileSource::Embedded(bytes) => Ok(std::borrow::Cow::Borrowed(bytes)),
        }
    }
}

impl ThemeSource {
    /// The theme `config` names: its folder under `themes/` when there is one, else the
    /// built-in theme when the name is the built-in one's. Any other name is an error (at
    /// site.toml's `theme` key) listing the themes there are.
    pub fn of(config: &Config) -> Result<ThemeSource, Diagnostic> {
        let name = &config.site.theme.name;
        let folder = config.root.join("themes").join(name);
        if folder.is_dir() {
            if folder.join("templates").is_dir() {
                return Ok(ThemeSource::Folder(folder));
            }
        } else if name == BUILT_IN_NAME {
            return Ok(ThemeSource::BuiltIn);
        }
        let location = crate::load::config::locate_key(config, "theme");
        Err(Diagnostic::error(
            location,
            Problem::MissingTheme {
                theme: name.clone(),
                available: available_themes(&config.root),
            },
        ))
    }

    /// How the theme's `templates/` folder is shown in messages.
    pub fn templates_display(&self, root: &Path) -> PathBuf {
        match self {
            ThemeSource::BuiltIn => Path::new(BUILT_IN_DISPLAY).join("templates"),
            ThemeSource::Folder(folder) => display_path(root, &folder.join("templates")),
        }
    }

    /// The files of the theme's `folder` (`templates` or `static`), sorted by name.
    fn files(&self, root: &Path, folder: &str, diagnostics: &mut Diagnostics) -> Vec<ThemeFile> {
        match self {
            ThemeSource::BuiltIn => embedded_files(folder),
            ThemeSource::Folder(theme) => disk_files(root, &theme.join(folder), diagnostics),
        }
    }
}

/// Checks what site.toml says about the theme and what it shows: the accent's contrast and
/// the opening hours' syntax. `source` is site.toml, to place each problem at its key.
pub fn check_settings(
    site: &crate::load::config::SiteConfig,
    source: &crate::load::typed::Source<'_>,
    problems: &mut Diagnostics,
) {
    let key = |k: &str| -> Vec<String> { k.split('.').map(str::to_string).collect() };
    if let Err(found) = brand::accent(&site.theme) {
        for (name, problem) in found {
            problems.push(Diagnostic::error(source.locate(&key(&name)), problem));
        }
    }
    for value in &site.clinic.opening_hours {
        if hours::parse(value).is_none() {
            problems.push(Diagnostic::error(
                source.locate_item(&key("clinic.opening_hours"), value),
                Problem::InvalidValue {
                    key: "clinic.opening_hours".into(),
                    expected: hours::EXPECTED.into(),
                    found: format!("\"{value}\""),
                },
            ));
        }
    }
}

/// The theme's string catalogues (`strings/<language>.ftl`, see `render::strings`): the
/// built-in theme's, then a theme folder's, which win key by key.
pub fn string_files(
    config: &Config,
    theme: &ThemeSource,
    diagnostics: &mut Diagnostics,
) -> Vec<ThemeFile> {
    let mut files = embedded_files(STRINGS_DIR);
    if let ThemeSource::Folder(folder) = theme {
        files.extend(disk_files(
            &config.root,
            &folder.join(STRINGS_DIR),
            diagnostics,
        ));
    }
    files
}

/// The folder of a theme that holds its string catalogues.
pub const STRINGS_DIR: &str = "strings";

/// The theme's templates and then the site's `templates/`: a later file of the same name
/// replaces the earlier one. Errors reading a folder go into `diagnostics`.
pub fn template_files(
    config: &Config,
    theme: &ThemeSource,
    diagnostics: &mut Diagnostics,
) -> Vec<ThemeFile> {
    let root = &config.root;
    let mut files = theme.files(root, "templates", diagnostics);
    files.extend(disk_files(root, &root.join("templates"), diagnostics));
    files
}

/// The theme's static files and then the site's `static/` (later ones win for the same name).
pub fn static_files(
    config: &Config,
    theme: &ThemeSource,
    diagnostics: &mut Diagnostics,
) -> Vec<ThemeFile> {
    let root = &config.root;
    let mut files = theme.files(root, "static", diagnostics);
    files.extend(disk_files(root, &root.join("static"), diagnostics));
    files
}

/// The files of the built-in theme's `folder`, sorted by name.
pub fn embedded_files(folder: &str) -> Vec<ThemeFile> {
    let mut files = Vec::new();
    if let Some(dir) = BUILT_IN.get_dir(folder) {
        collect_embedded(dir, folder, &mut files);
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    files
}

fn collect_embedded(dir: &'static Dir<'static>, folder: &str, files: &mut Vec<ThemeFile>) {
    for file in dir.files() {
        let path = crate::load::assets::slash_path(file.path());
        let name = path
            .strip_prefix(folder)
            .map_or(path.as_str(), |rest| rest.trim_start_matches('/'))
            .to_string();
        files.push(ThemeFile {
            display: Path::new(BUILT_IN_DISPLAY).join(&path),
            name,
            source: FileSource::Embedded(file.contents()),
        });
    }
    for sub in dir.dirs() {
        collect_embedded(sub, folder, files);
    }
}

/// The files under `dir` (none when it does not exist), sorted by name.
fn disk_files(root: &Path, dir: &Path, diagnostics: &mut Diagnostics) -> Vec<ThemeFile> {
    if !dir.is_dir() {
        return Vec::new();
    }
    crate::load::content::walk_files(root, dir, diagnostics)
        .into_iter()
        .map(|path| ThemeFile {
            name: crate::load::assets::slash_path(path.strip_prefix(dir).unwrap_or(&path)),
            display: display_path(root, &path),
            source: FileSource::Disk(path),
        })
        .collect()
}

/// The themes a site can name: every folder of `themes/` with templates, and the built-in one
/// unless a `themes/default/` folder replaces it.
pub fn available_themes(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root.join("themes"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().join("templates").is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    // A themes/default/ folder takes the built-in theme's place.
    if !root.join("themes").join(BUILT_IN_NAME).is_dir() {
        names.push(format!("{BUILT_IN_NAME} (built in)"));
    }
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_theme_has_every_required_template() {
        let names: Vec<String> = embedded_files("templates")
            .into_iter()
            .map(|f| f.name)
            .collect();
        for required in crate::render::REQUIRED_TEMPLATES {
            assert!(names.iter().any(|n| n == required), "{required}: {names:?}");
        }
        assert!(names.iter().any(|n| n == "partials/article_card.html"));
        let statics: Vec<String> = embedded_files("static")
            .into_iter()
            .map(|f| f.name)
            .collect();
        assert!(statics.iter().any(|n| n == "style.css"), "{statics:?}");
    }

    #[test]
    fn the_embedded_theme_is_the_one_in_the_source_tree() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/theme/default");
        let mut on_disk = 0;
        for entry in walkdir::WalkDir::new(&root) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let relative = entry.path().strip_prefix(&root).unwrap();
                let embedded = BUILT_IN
                    .get_file(relative)
                    .unwrap_or_else(|| panic!("{} is not embedded", relative.display()));
                assert_eq!(embedded.contents(), std::fs::read(entry.path()).unwrap());
                on_disk += 1;
            }
        }
        assert!(on_disk >= 10, "{on_disk}");
    }
}
