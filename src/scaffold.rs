//! What `vertebra new` writes: a starter site (site.toml, one article, one therapy, listing
//! pages) and the default theme, which is embedded in the binary so `new` works anywhere.
//!
//! The starter site builds and passes `vertebra check` as it is, with no warnings; a test
//! keeps that true. Its article is dated and medically reviewed on the day `new` runs, so a
//! fresh site never starts with an overdue review; everything else is the same every time.

use std::fs;
use std::path::Path;

use include_dir::{Dir, include_dir};

use crate::diagnostics::{Diagnostic, Diagnostics, Problem};

/// The shipped default theme (`themes/default`), embedded when Vertebra is compiled.
pub static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where the default theme goes in a new site.
pub const THEME_DIR: &str = "themes/default";

/// The starter files, by path inside the new site.
pub const STARTER_FILES: [(&str, &str); 7] = [
    ("site.toml", SITE_TOML),
    (".gitignore", "/public\n/.vertebra-cache\n"),
    ("content/_index.md", HOME),
    ("content/articles/_index.md", ARTICLES),
    (
        "content/articles/physical-therapy-for-back-pain.md",
        ARTICLE,
    ),
    ("content/therapies/_index.md", THERAPIES),
    ("content/therapies/physical-therapy.md", THERAPY),
];

const SITE_TOML: &str = r#"# The settings of your site; the README of Vertebra explains every key.
title = "My Spine Clinic"
# The address the site will be published at. If it lives in a folder of a bigger site, include
# the folder: "https://example.org/clinic/". `vertebra build --base-url URL` overrides it.
base_url = "https://example.org/"
description = "Plain-language articles about back and neck pain and the treatments for it."
language = "en"
theme = "default"

[clinic]
name = "My Spine Clinic"
phone = "(310) 555-0142"          # replace with your clinic's number
email = "hello@example.org"
country = "US"                    # phone numbers are read as numbers of this country

[cta]
heading = "Talk to a spine specialist"
text = "Every back is different. **Call us to book a consultation.**"
button = "Call to book"

# Who writes and medically reviews your articles. Articles name them by id
# (author = "clinical-team"), and each gets a page at /authors/<id>/. Add one table per person.
[authors.clinical-team]
name = "Our clinical team"
job_title = "Physical therapists and physicians"
bio = "Replace this with who your clinicians are: their training, specialties and years in practice."
"#;

const HOME: &str = r#"+++
title = "Welcome"
description = "Plain-language articles about back and neck pain and the treatments for it."
+++
We write plain-language articles about back and neck pain and how it is treated. Start with
[our first article](@/articles/physical-therapy-for-back-pain.md), or browse the
[therapies and procedures](@/therapies/_index.md) we offer.
"#;

const ARTICLES: &str = r#"+++
title = "Articles"
description = "Guides to back and neck pain, written and reviewed by our clinicians."
+++
"#;

const ARTICLE: &str = r#"+++
title = "How Physical Therapy Helps Back Pain"
description = "What happens in physical therapy for back pain, and how to get the most from it."
date = TODAY
therapies = ["physical-therapy"]
author = "clinical-team"
reviewed_by = "clinical-team"
last_reviewed = TODAY
+++
This is your site's first article. Replace it with your own, or keep it as a model: the lines
between the `+++` marks at the top are its front matter, and everything below is Markdown.

<!-- more -->

## What to expect

At a first visit, a physical therapist asks about your pain, watches how you move and tests
your strength. Together you agree on goals and a plan of exercises to do at home.

## Getting the most from it

- Do your exercises on most days, even when you feel better.
- Tell your therapist what helps and what makes pain worse.
- Expect gradual progress over several weeks.

## Writing your own articles

Each article is a Markdown file in `content/articles/`. List the therapies it discusses in
`therapies`, and link to any page with an `@/` link, like this one to
[the physical therapy page](@/therapies/physical-therapy.md) or to
[the top of this article](#what-to-expect). Run `vertebra check` before you publish: it finds
every broken link.
"#;

const THERAPIES: &str = r#"+++
title = "Therapies and procedures"
description = "The treatments we offer, and the articles that explain them."
+++
"#;

const THERAPY: &str = r#"+++
title = "Physical Therapy"
kind = "therapy"
also_known_as = ["PT"]
summary = "Exercise and hands-on care to restore movement, strength and confidence."
invasiveness = "non-invasive"
recovery = "No downtime; a program usually lasts four to eight weeks."
+++
Physical therapy treats back pain with exercise, education and hands-on care. A therapist
designs a program for you and adjusts it as you improve.

## Who it may help

Most people with back pain that has lasted more than a few weeks, and people recovering from
a spine procedure.
"#;

/// The word in [`STARTER_FILES`] that [`create`] replaces with the day's date.
pub const TODAY: &str = "TODAY";

/// Creates a new site in `dir`, which must not exist yet or be an empty folder. The starter
/// article is dated and reviewed `today`.
pub fn create(dir: &Path, today: jiff::civil::Date) -> Result<(), Diagnostics> {
    let io = |path: &Path, action: &'static str, error: &std::io::Error| {
        Diagnostics::from(Diagnostic::io(dir, path, action, error))
    };
    if dir.exists() {
        let mut entries = fs::read_dir(dir).map_err(|e| io(dir, "read the folder", &e))?;
        if entries.next().is_some() {
            return Err(Diagnostic::global(Problem::FolderNotEmpty {
                path: dir.to_path_buf(),
            })
            .into());
        }
    }
    fs::create_dir_all(dir).map_err(|e| io(dir, "create the site folder", &e))?;
    for (relative, text) in STARTER_FILES {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| io(parent, "create the folder", &e))?;
        }
        let text = text.replace(&format!("= {TODAY}\n"), &format!("= {today}\n"));
        fs::write(&path, text).map_err(|e| io(&path, "write the file", &e))?;
    }
    let theme = dir.join(THEME_DIR);
    fs::create_dir_all(&theme).map_err(|e| io(&theme, "create the folder", &e))?;
    DEFAULT_THEME
        .extract(&theme)
        .map_err(|e| io(&theme, "write the default theme", &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_theme_is_the_shipped_one() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(THEME_DIR);
        let mut on_disk = Vec::new();
        for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let relative = entry.path().strip_prefix(&root).unwrap().to_path_buf();
                let embedded = DEFAULT_THEME
                    .get_file(&relative)
                    .unwrap_or_else(|| panic!("{} is not embedded", relative.display()));
                assert_eq!(
                    embedded.contents(),
                    fs::read(entry.path()).unwrap(),
                    "{}",
                    relative.display()
                );
                on_disk.push(relative);
            }
        }
        assert!(on_disk.len() >= 9, "{on_disk:?}");
    }
}
