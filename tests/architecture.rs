//! The shape of the code: stage folders that import only earlier stages, and files short
//! enough to read in one sitting (see ARCHITECTURE.md).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The top-level modules of src/, earliest first. A module may use only the ones before it.
const ORDER: [&str; 13] = [
    "diagnostics",
    "markdown",
    "output",
    "load",
    "link",
    "render",
    "search",
    "check",
    "build",
    "serve",
    "cmd",
    "cli",
    "fuzzing",
];

/// The longest a source file may be.
const MAX_LINES: usize = 600;

fn source_files() -> Vec<PathBuf> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    walkdir::WalkDir::new(&src)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| e.into_path())
        .collect()
}

/// The top-level module a file of src/ belongs to: `src/link/urls.rs` → `link`.
fn module_of(file: &Path) -> String {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let relative = file.strip_prefix(&src).unwrap();
    let first = relative.components().next().unwrap().as_os_str();
    first.to_string_lossy().trim_end_matches(".rs").to_string()
}

/// The top-level modules `text` names as `crate::<module>`, outside `#[cfg(test)]` blocks at
/// the end of the file.
fn uses(text: &str) -> BTreeSet<String> {
    let code = text.split("#[cfg(test)]").next().unwrap_or(text);
    let mut found = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            found.insert(name);
        }
    }
    found
}

#[test]
fn every_stage_imports_only_earlier_stages() {
    let rank = |module: &str| ORDER.iter().position(|m| *m == module);
    let mut against_the_flow = Vec::new();
    for file in source_files() {
        let module = module_of(&file);
        let Some(own) = rank(&module) else {
            // lib.rs and main.rs sit above every stage.
            assert!(
                module == "lib" || module == "main",
                "{} belongs to no stage: add `{module}` to ORDER",
                file.display()
            );
            continue;
        };
        let text = std::fs::read_to_string(&file).unwrap();
        for used in uses(&text) {
            match rank(&used) {
                Some(theirs) if theirs > own => against_the_flow.push(format!(
                    "{} ({module}) uses crate::{used}, a later stage",
                    file.display()
                )),
                Some(_) => {}
                None => panic!(
                    "{} uses crate::{used}, which is in no stage",
                    file.display()
                ),
            }
        }
    }
    assert!(against_the_flow.is_empty(), "{against_the_flow:#?}");
}

#[test]
fn no_source_file_is_longer_than_it_can_be_read_in_one_sitting() {
    let long: Vec<String> = source_files()
        .into_iter()
        .filter_map(|file| {
            let lines = std::fs::read_to_string(&file).unwrap().lines().count();
            (lines > MAX_LINES).then(|| format!("{}: {lines} lines", file.display()))
        })
        .collect();
    assert!(long.is_empty(), "over {MAX_LINES} lines: {long:#?}");
}

#[test]
fn every_module_says_what_it_is_for() {
    let undocumented: Vec<String> = source_files()
        .into_iter()
        .filter(|file| {
            let text = std::fs::read_to_string(file).unwrap();
            !text.trim_start().starts_with("//!")
        })
        .map(|file| file.display().to_string())
        .collect();
    assert!(undocumented.is_empty(), "no //! doc: {undocumented:#?}");
}
