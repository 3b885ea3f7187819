//! How each problem is worded: the one place messages are written.

use std::fmt;
use std::path::PathBuf;

use super::*;

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Io { action, reason } => write!(f, "could not {action}: {reason}"),
            Problem::InvalidUtf8 { offset } => write!(
                f,
                "expected UTF-8 text, found an invalid byte at offset {offset} (save the file as UTF-8)"
            ),
            Problem::MissingFrontMatter => write!(
                f,
                "expected front matter at the top of the file: TOML between `+++` lines or YAML between `---` lines, with at least a `title`"
            ),
            Problem::UnterminatedFrontMatter { delimiter } => write!(
                f,
                "front matter opened with `{delimiter}` is never closed; expected a line with only `{delimiter}` after the last key"
            ),
            Problem::Syntax { format, message } => write!(f, "invalid {format}: {message}"),
            Problem::NotATable => write!(f, "expected a table of `key = value` pairs"),
            Problem::MissingKey { key, within } => {
                write!(f, "missing required key `{key}` in {within}")
            }
            Problem::UnknownKey { key, suggestion } => {
                write!(f, "unknown key `{key}`")?;
                match suggestion {
                    Some(s) => write!(f, "; did you mean `{s}`?"),
                    None => write!(f, "; put site-specific values under an `[extra]` table"),
                }
            }
            Problem::InvalidValue {
                key: _,
                expected,
                found,
            } => write!(f, "expected {expected}, found {found}"),
            Problem::InvalidOption { option, problem } => write!(f, "{option}: {problem}"),
            Problem::UnknownTopic {
                noun,
                folder,
                slug,
                suggestion,
            } => {
                write!(
                    f,
                    "unknown {noun} \"{slug}\" (no content/{folder}/{slug}.md)"
                )?;
                match suggestion {
                    Some(s) => write!(f, "; did you mean \"{s}\"?"),
                    None => Ok(()),
                }
            }
            Problem::UnlistedTopic {
                noun,
                named_in,
                slug,
            } => write!(
                f,
                "no published article lists the {noun} \"{slug}\" {named_in}"
            ),
            Problem::SharedTopicName { name, other } => write!(
                f,
                "\"{name}\" is also a name of {}: a therapy and a condition cannot share a \
                 name, because auto-links could not tell which one a mention means; rename \
                 one or drop it from `also_known_as`",
                other.display()
            ),
            Problem::DuplicateUrl { url, other } => write!(
                f,
                "two files produce the URL {url}: this one and {}",
                other.display()
            ),
            Problem::PaginatedUrl { url, list } => write!(
                f,
                "this page's URL {url} is also a page of the paginated list of {list}; move or \
                 rename the file, or give it another `slug`"
            ),
            Problem::UnsafeUrl { key, value, reason } => {
                write!(f, "refusing `{key}` \"{value}\": {reason}")
            }
            Problem::DangerousOutputDir { path, reason } => write!(
                f,
                "refusing to write the site into {}: {reason}",
                path.display()
            ),
            Problem::MissingSiteConfig {
                root,
                searched_above,
            } => write!(
                f,
                "no site.toml in {}{}; run `vertebra new DIR` to start a site, or pass --root",
                root.display(),
                if *searched_above {
                    " or any folder above it"
                } else {
                    ""
                }
            ),
            Problem::NoSuchRoot { path, reason } => {
                write!(f, "--root {}: {reason}", path.display())
            }
            Problem::MissingTheme { theme, available } => {
                write!(
                    f,
                    "theme \"{theme}\" not found (expected themes/{theme}/templates/)"
                )?;
                if !available.is_empty() {
                    write!(f, "; themes present: {}", available.join(", "))?;
                }
                Ok(())
            }
            Problem::MissingTemplate { name, searched } => {
                let searched: Vec<String> =
                    searched.iter().map(|p| p.display().to_string()).collect();
                write!(
                    f,
                    "missing template {name}; looked in {}",
                    searched.join(" and ")
                )
            }
            Problem::Template {
                message,
                page,
                other_pages,
            } => {
                write!(f, "{message}")?;
                if let Some(page) = page {
                    write!(f, " (while rendering {page}")?;
                    match other_pages {
                        0 => {}
                        1 => write!(f, " and 1 other page")?,
                        n => write!(f, " and {n} other pages")?,
                    }
                    write!(f, ")")?;
                }
                Ok(())
            }
            Problem::BrokenInternalLink { target, suggestion } => {
                write!(f, "broken link `{target}`: no such content file")?;
                match suggestion {
                    Some(s) => write!(f, "; did you mean `@/{s}`?"),
                    None => Ok(()),
                }
            }
            Problem::MissingAnchor { target, anchor } => write!(
                f,
                "broken link `{target}`: the target has no heading with id \"{anchor}\""
            ),
            Problem::MissingAltText { src } => write!(
                f,
                "image `{src}` has no alt text: describe it between the brackets, `![what it shows]({src})`, \
                 or mark a purely decorative image `![]({src}#decorative)`"
            ),
            Problem::MissingImage { src, searched } => {
                write!(f, "image `{src}` not found (looked for {searched})")
            }
            Problem::UnreadableImage { path, reason } => write!(
                f,
                "image {path} cannot be decoded ({reason}); replace it with a valid JPEG, PNG, GIF or WebP file"
            ),
            Problem::UnknownShortcode { name, suggestion } => {
                write!(
                    f,
                    "unknown shortcode `{name}`: no templates/shortcodes/{name}.html in the site or theme"
                )?;
                match suggestion {
                    Some(s) => write!(f, "; did you mean `{s}`?"),
                    None => Ok(()),
                }
            }
            Problem::ShortcodeArguments { name, message } => {
                write!(f, "shortcode `{name}`: {message}")
            }
            Problem::InvalidPhone { found, reason } => write!(
                f,
                "expected a phone number like \"(310) 555-0142\" or \"+1 310 555 0142\", found \"{found}\" ({reason})"
            ),
            Problem::SkippedLink { reason } => write!(f, "skipped: {reason}"),
            Problem::BrokenLink(link) => {
                let BrokenLink {
                    url,
                    page,
                    fault,
                    made_by,
                    other_pages,
                    hint,
                } = link.as_ref();
                write!(f, "broken link `{url}` on {page}")?;
                match other_pages {
                    0 => {}
                    1 => write!(f, " and 1 other page")?,
                    n => write!(f, " and {n} other pages")?,
                }
                match made_by {
                    LinkMaker::Markdown => {}
                    LinkMaker::Templates { files } => {
                        write!(f, " (made by {}", template_list(files))?;
                        if files.len() > 1 {
                            write!(f, ", or a template they extend or include")?;
                        }
                        write!(f, ")")?;
                    }
                    LinkMaker::AliasRedirect => write!(f, " (the redirect page of an alias)")?,
                }
                write!(f, ": {fault}")?;
                match (hint, fault, made_by) {
                    (Some(hint), _, _) => write!(f, "; {hint}"),
                    (None, LinkFault::OutsideBasePath { .. }, LinkMaker::Markdown) => write!(
                        f,
                        "; link to the page's content file with a @/ link, like `@/articles/x.md`"
                    ),
                    (None, LinkFault::OutsideBasePath { .. }, _) => {
                        write!(f, "; make it with url_for or asset_url")
                    }
                    _ => Ok(()),
                }
            }
            Problem::WouldOverwrite { path } => write!(
                f,
                "{} already exists, and eject never overwrites: rename or delete it first to get a fresh copy of the built-in one",
                path.display()
            ),
            Problem::UnknownThemeFile {
                name,
                suggestion,
                available,
            } => {
                write!(f, "the built-in theme has no file \"{name}\"")?;
                if let Some(suggestion) = suggestion {
                    write!(f, "; did you mean \"{suggestion}\"?")?;
                }
                write!(f, " (its files: {})", available.join(", "))
            }
            Problem::LowContrast(contrast) => {
                let LowContrast {
                    key,
                    colour,
                    ratio,
                    against,
                    needed,
                    suggestion,
                } = &**contrast;
                write!(
                    f,
                    "{key} \"{colour}\" has a contrast of {ratio} against {against}; links and button text need at least {needed} (WCAG 2.2 AA), or some readers cannot read them"
                )?;
                match suggestion {
                    Some(shade) => write!(
                        f,
                        "; the nearest shade of the same hue that passes is \"{shade}\""
                    ),
                    None => write!(f, "; choose a darker or lighter colour"),
                }
            }
            Problem::FolderNotEmpty { path } => write!(
                f,
                "refusing to create a site in {}: the folder is not empty (choose a new or empty folder)",
                path.display()
            ),
            Problem::ReservedUrl { url, generated } => write!(
                f,
                "the URL {url} is taken by {generated}, which Vertebra writes itself; choose another alias"
            ),
            Problem::OutputConflict { file, inside } => write!(
                f,
                "cannot write both {file} and {inside}: the first is a file, the second needs it to be a folder; rename the page, alias or static file behind one of them"
            ),
            Problem::ReservedOutputPath { path } => write!(
                f,
                "cannot write {path}: processed_images/ in the output folder holds the resized copies of images; rename the page, alias or static file"
            ),
            Problem::SearchUrl { url } => write!(
                f,
                "this page's URL {url} is the search page's; move or rename the file, give it \
                 another `slug`, or turn search off with `enabled = false` under [search] in \
                 site.toml"
            ),
            Problem::SearchIndex { message } => write!(
                f,
                "the search index could not be built: {message}; to publish the site without search meanwhile, set `enabled = false` under [search] in site.toml"
            ),
            Problem::SearchRecordSkipped { message } => {
                write!(f, "this page is left out of the search index: {message}")
            }
            Problem::MoreProblems { more } => write!(
                f,
                "{more} more problem{} of the same kind in this file {} not listed; fix the ones listed first",
                if *more == 1 { "" } else { "s" },
                if *more == 1 { "is" } else { "are" },
            ),
            Problem::ReadingGradeTooHigh(too_high) => {
                let ReadingGradeTooHigh {
                    grade,
                    formula,
                    max,
                    sentences,
                } = &**too_high;
                write!(
                    f,
                    "reads at grade {grade} ({formula}), above max_reading_grade = {max} ([editorial] in site.toml); shorten its longest sentences first, and prefer short everyday words"
                )?;
                for (line, words, text) in sentences {
                    write!(f, "\n  line {line}: {words} words: \"{text}\"")?;
                }
                write!(
                    f,
                    "\n  (a page that is not prose, such as a list of references, can opt out with `reading_level = false` in its front matter)"
                )
            }
            Problem::MissingReviewer => write!(
                f,
                "no medical reviewer: name one with `reviewed_by` (an id from [authors] in site.toml, or a name) and the date of the review with `last_reviewed`"
            ),
            Problem::MissingReviewDate => write!(
                f,
                "`reviewed_by` is set but `last_reviewed` is not: add the date of the latest medical review, like 2026-03-12"
            ),
            Problem::ReviewOverdue {
                last_reviewed,
                months,
                due,
            } => write!(
                f,
                "last medically reviewed on {last_reviewed}, more than {months} month{} ago (review_interval_months in site.toml): the next review was due on {due}; review it and update `last_reviewed`",
                if *months == 1 { "" } else { "s" }
            ),
            Problem::StaleTranslation(stale) => write!(
                f,
                "this translation may be out of date: its source {} has `{} = {}`, later than this file's `{} = {}`; bring the translation up to date with its source, then set its `updated` (or `last_reviewed`) to the day you did",
                stale.source.display(),
                stale.source_key,
                stale.source_date,
                stale.translation_key,
                stale.translation_date,
            ),
            Problem::UnconfiguredLanguage { code } => write!(
                f,
                "this file's name says it is written in \"{code}\", but site.toml has no [languages.{code}]: add that table (with at least `name`) to publish it, or rename the file"
            ),
            Problem::MissingString {
                key,
                language,
                fallback,
                default_language,
            } => write!(
                f,
                "the theme string \"{key}\" has no \"{language}\" translation, so pages in \"{language}\" show the \"{fallback}\" one; add `{key} = \"…\"` under {} in site.toml",
                strings_table(language, *default_language)
            ),
            Problem::MissingCatalogue {
                language,
                fallback,
                default_language,
            } => write!(
                f,
                "the theme has no strings for \"{language}\" (no strings/{language}.ftl), so pages in \"{language}\" show its \"{fallback}\" words (\"Skip to main content\", \"Related articles\"…); add strings/{language}.ftl to a theme folder (`vertebra theme eject` copies the \"{fallback}\" one to start from), or set each string under {} in site.toml",
                strings_table(language, *default_language)
            ),
            Problem::CmsScriptMissing { script } => write!(
                f,
                "[cms] is on in site.toml but {script} is missing, so /admin/ cannot load the editor; run `vertebra cms init` to install it (or remove [cms])"
            ),
            Problem::CmsInstall { reason } => {
                write!(f, "could not install Decap CMS: {reason}")
            }
            Problem::CmsMixedFormats { toml, yaml } => write!(
                f,
                "this folder mixes front-matter formats ({toml} {} TOML `+++`, {yaml} YAML `---`); the CMS reads both, but saves every file it edits here as YAML: convert the folder to one format to keep files as they are",
                if *toml == 1 { "file in" } else { "files in" }
            ),
            Problem::UnknownAuthor {
                key,
                value,
                suggestion,
            } => {
                write!(
                    f,
                    "`{key}` \"{value}\" names no author in [authors] in site.toml, so it is shown as a plain name"
                )?;
                match suggestion {
                    Some(s) => write!(f, "; did you mean \"{s}\"?"),
                    None => write!(
                        f,
                        "; add [authors.{value}] to site.toml, or write the person's name"
                    ),
                }
            }
        }
    }
}

/// `template a.html` or `templates a.html, b.html and c.html in themes/x/templates`.
fn template_list(files: &[PathBuf]) -> String {
    let folder = files.first().and_then(|f| f.parent());
    let same_folder = files.iter().all(|f| f.parent() == folder);
    let names: Vec<String> = files
        .iter()
        .map(|f| match (same_folder, f.file_name()) {
            (true, Some(name)) => name.to_string_lossy().into_owned(),
            _ => f.display().to_string(),
        })
        .collect();
    let listed = match names.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    };
    let noun = if files.len() == 1 {
        "template"
    } else {
        "templates"
    };
    match folder.filter(|f| same_folder && !f.as_os_str().is_empty()) {
        Some(folder) => format!("{noun} {listed} in {}", folder.display()),
        None => format!("{noun} {listed}"),
    }
}

impl fmt::Display for LinkFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkFault::NoSuchFile { path } => {
                write!(f, "no page or file is generated at {path}")
            }
            LinkFault::MissingTrailingSlash { fixed } => write!(
                f,
                "it names a folder without the trailing slash, which not every host redirects; link to {fixed}"
            ),
            LinkFault::NoSuchId { id, target } => {
                write!(f, "{target} has no element with id \"{id}\"")
            }
            LinkFault::OutsideBasePath { base_path } => write!(
                f,
                "it leaves the site's base path {base_path}, so it breaks wherever the site is published"
            ),
            LinkFault::RelativeOnErrorPage => write!(
                f,
                "404.html is served at every missing URL, so its links must not be relative; make it with url_for or asset_url"
            ),
            LinkFault::Invalid { reason } => write!(f, "not a valid URL ({reason})"),
        }
    }
}

impl fmt::Display for LinkHint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkHint::ClosestUrl(url) => write!(f, "did you mean {url}?"),
            LinkHint::ContentLink(link) => write!(
                f,
                "to link to a page, name its content file with a @/ link: `{link}`"
            ),
            LinkHint::NotInBundle { file, url, bundle } => write!(
                f,
                "{} is published at {url}, not beside this page, because only a page bundle's files go beside its page: move the page to {} with the file beside it, or put the file in static/ and link to it from the site root",
                file.display(),
                bundle.display()
            ),
            LinkHint::NoSuchFile {
                bundle: Some(bundle),
            } => write!(
                f,
                "put the file beside the page in a page bundle ({} with the file beside it), or in static/ and link to it from the site root",
                bundle.display()
            ),
            LinkHint::NoSuchFile { bundle: None } => write!(
                f,
                "put the file in static/ (copied to the site root) or in a page bundle beside its page"
            ),
            LinkHint::NoSuchStaticFile { name, suggestion } => {
                write!(
                    f,
                    "no such static file `{name}` in static/ or the theme's static/"
                )?;
                match suggestion {
                    Some(s) => write!(f, "; did you mean `{s}`?"),
                    None => Ok(()),
                }
            }
        }
    }
}

/// Where site.toml sets a language's theme strings.
fn strings_table(language: &str, default_language: bool) -> String {
    if default_language {
        "[strings]".to_string()
    } else {
        format!("[languages.{language}.strings]")
    }
}
