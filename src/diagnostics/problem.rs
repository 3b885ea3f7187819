//! What can be wrong: every `Problem` a stage reports, with the data its message needs.

use std::path::PathBuf;

/// What went wrong. Each variant's wording lives in the `Display` impl below.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A file or folder could not be read, written or created.
    Io {
        /// What we were doing: "read", "write", "create the folder", …
        action: &'static str,
        /// The operating system's reason.
        reason: String,
    },
    /// A text file contains bytes that are not UTF-8.
    InvalidUtf8 {
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// A content file does not start with front matter.
    MissingFrontMatter,
    /// Front matter opened but never closed.
    UnterminatedFrontMatter {
        /// `+++` or `---`.
        delimiter: &'static str,
    },
    /// The TOML or YAML inside front matter (or site.toml) does not parse.
    Syntax {
        /// "TOML" or "YAML".
        format: &'static str,
        /// The parser's own message.
        message: String,
    },
    /// Front matter or site.toml is not a table of keys.
    NotATable,
    /// A required key is absent.
    MissingKey {
        /// The key, with its table prefix (`clinic.phone`).
        key: String,
        /// Where it was expected ("front matter", "site.toml").
        within: &'static str,
    },
    /// A key that Vertebra does not know.
    UnknownKey {
        /// The key, with its table prefix.
        key: String,
        /// The closest known key, if any is close.
        suggestion: Option<String>,
    },
    /// A key whose value has the wrong type or form.
    InvalidValue {
        /// The key, with its table prefix.
        key: String,
        /// What we wanted, e.g. `a date like 2024-08-26`.
        expected: String,
        /// What we found, e.g. `"last tuesday"`.
        found: String,
    },
    /// A command-line option with a bad value.
    InvalidOption {
        /// The option, e.g. `--base-url`.
        option: &'static str,
        /// What is wrong with its value.
        problem: Box<Problem>,
    },
    /// A slug names no entry of a topic index (no file in content/therapies/ or
    /// content/conditions/).
    UnknownTopic {
        /// What an entry is called: "therapy", "condition".
        noun: &'static str,
        /// The index's folder inside content/.
        folder: &'static str,
        /// The slug as written.
        slug: String,
        /// The closest existing slug.
        suggestion: Option<String>,
    },
    /// A topic that no published page names.
    UnlistedTopic {
        /// What an entry is called: "therapy", "condition".
        noun: &'static str,
        /// Where it would be listed: "in its `therapies`".
        named_in: &'static str,
        /// The topic's slug.
        slug: String,
    },
    /// A therapy and a condition both claim a name for auto-links.
    SharedTopicName {
        /// The name, as written here.
        name: String,
        /// The other file that claims it.
        other: PathBuf,
    },
    /// Two sources produce the same URL.
    DuplicateUrl {
        /// The URL both want.
        url: String,
        /// The other file.
        other: PathBuf,
    },
    /// A page whose URL is also a page of a paginated list (`/articles/page/2/`).
    PaginatedUrl {
        /// The URL both want.
        url: String,
        /// The page whose list it is: `/articles/`.
        list: String,
    },
    /// A `slug` or alias that could escape its folder or is not a plain URL segment.
    UnsafeUrl {
        /// `slug` or `aliases`.
        key: &'static str,
        /// The value as written.
        value: String,
        /// Why it is refused.
        reason: &'static str,
    },
    /// The output directory would overwrite something precious.
    DangerousOutputDir {
        /// The resolved output path.
        path: PathBuf,
        /// What it would clobber.
        reason: String,
    },
    /// The site has no site.toml.
    MissingSiteConfig {
        /// The folder we looked in.
        root: PathBuf,
        /// Whether the folders above it were searched too (no `--root` given).
        searched_above: bool,
    },
    /// `--root` names no folder.
    NoSuchRoot {
        /// The path as given.
        path: PathBuf,
        /// "no such folder", or why it is not one.
        reason: &'static str,
    },
    /// The configured theme folder does not exist.
    MissingTheme {
        /// The theme name from site.toml.
        theme: String,
        /// Themes that do exist, for a hint.
        available: Vec<String>,
    },
    /// A template that every theme must provide is missing.
    MissingTemplate {
        /// The template name.
        name: String,
        /// Folders searched.
        searched: Vec<PathBuf>,
    },
    /// A template failed to compile or render.
    Template {
        /// Tera's message.
        message: String,
        /// The page being rendered, if any.
        page: Option<String>,
        /// How many other pages hit the same error at the same place.
        other_pages: usize,
    },
    /// A `@/` link to a content file that does not exist.
    BrokenInternalLink {
        /// The link as written.
        target: String,
        /// The closest existing content path.
        suggestion: Option<String>,
    },
    /// A `@/file.md#anchor` link whose anchor is not a heading id of the target.
    MissingAnchor {
        /// The link as written.
        target: String,
        /// The anchor without `#`.
        anchor: String,
    },
    /// A Markdown image with no alt text (and no `#decorative` marker).
    MissingAltText {
        /// The image's address as written.
        src: String,
    },
    /// A Markdown image whose local file does not exist.
    MissingImage {
        /// The address as written.
        src: String,
        /// Where it was looked for.
        searched: String,
    },
    /// An image file that cannot be decoded.
    UnreadableImage {
        /// The file, relative to the site root.
        path: String,
        /// The decoder's reason.
        reason: String,
    },
    /// A shortcode call names no template under `templates/shortcodes/`.
    UnknownShortcode {
        /// The name called.
        name: String,
        /// The closest existing shortcode.
        suggestion: Option<String>,
    },
    /// A shortcode call whose arguments are malformed or do not fit its template.
    ShortcodeArguments {
        /// The shortcode.
        name: String,
        /// What is wrong.
        message: String,
    },
    /// A phone number that cannot be dialled.
    InvalidPhone {
        /// The number as written.
        found: String,
        /// The parser's reason.
        reason: String,
    },
    /// A symlink that points outside the site, or a loop, skipped.
    SkippedLink {
        /// Why it was skipped.
        reason: String,
    },
    /// An internal link or image in the rendered HTML that reaches no generated file or id
    /// (boxed to keep every diagnostic small).
    BrokenLink(Box<BrokenLink>),
    /// `vertebra new` was pointed at a folder that already has files in it.
    FolderNotEmpty {
        /// The folder.
        path: PathBuf,
    },
    /// `vertebra theme eject` would overwrite a file or folder of the site.
    WouldOverwrite {
        /// What is in the way, relative to the site root.
        path: PathBuf,
    },
    /// `vertebra theme eject FILE` names no file of the built-in theme.
    UnknownThemeFile {
        /// The name given.
        name: String,
        /// The closest file name.
        suggestion: Option<String>,
        /// Every file there is.
        available: Vec<String>,
    },
    /// A `[theme]` colour too close to the theme's backgrounds to read.
    LowContrast(Box<LowContrast>),
    /// An alias at a URL where Vertebra writes a file of its own.
    ReservedUrl {
        /// The alias, normalised.
        url: String,
        /// The file Vertebra writes there: `sitemap.xml`, `404.html`, …
        generated: &'static str,
    },
    /// Two output files that cannot both be written: one would need to be a folder.
    OutputConflict {
        /// The output path written as a file.
        file: String,
        /// An output path that needs `file` to be a folder.
        inside: String,
    },
    /// A page, alias or static file inside the output folder that holds resized image copies
    /// (`processed_images/`), which builds keep and prune on their own.
    ReservedOutputPath {
        /// The output path.
        path: String,
    },
    /// A page at the search page's URL.
    SearchUrl {
        /// The URL.
        url: String,
    },
    /// Pagefind could not build the search index.
    SearchIndex {
        /// Pagefind's message.
        message: String,
    },
    /// A page Pagefind could not read, left out of the search index.
    SearchRecordSkipped {
        /// Pagefind's message.
        message: String,
    },
    /// More problems of one kind in one file than are listed (see [`Budget`]).
    MoreProblems {
        /// How many were not listed.
        more: usize,
    },
    /// A dated article names no medical reviewer.
    MissingReviewer,
    /// An article names a reviewer but not when the review was.
    MissingReviewDate,
    /// An article's latest medical review is older than `review_interval_months`.
    ReviewOverdue {
        /// `last_reviewed`, as `YYYY-MM-DD`.
        last_reviewed: String,
        /// `review_interval_months`.
        months: u32,
        /// The day the next review was due, as `YYYY-MM-DD`.
        due: String,
    },
    /// A translation older than its source: the source was updated or reviewed after it.
    StaleTranslation(Box<Staleness>),
    /// A content file named for a language (`x.fr.md`) that site.toml does not configure.
    UnconfiguredLanguage {
        /// The language code of its name.
        code: String,
    },
    /// A theme string missing in a language's catalogue: the default language's is used.
    MissingString {
        /// The string's key (boxed: this variant is the largest, and sets the size of every
        /// diagnostic).
        key: Box<str>,
        /// The language that lacks it.
        language: String,
        /// The language whose string is shown instead.
        fallback: String,
        /// Whether it is the site's default language (set in `[strings]`, not
        /// `[languages.<code>.strings]`).
        default_language: bool,
    },
    /// The theme has no strings at all for a language of the site.
    MissingCatalogue {
        /// The language.
        language: String,
        /// The language whose strings are shown instead.
        fallback: String,
        /// Whether it is the site's default language.
        default_language: bool,
    },
    /// `author` or `reviewed_by` looks like an author id but names none in `[authors]`.
    UnknownAuthor {
        /// `author` or `reviewed_by`.
        key: &'static str,
        /// The value as written.
        value: String,
        /// The closest author id.
        suggestion: Option<String>,
    },
    /// A page's prose reads above `[editorial] max_reading_grade` (boxed to keep errors small).
    ReadingGradeTooHigh(Box<ReadingGradeTooHigh>),
    /// `[cms]` is on but the CMS's JavaScript is not in static/ (`vertebra cms init` puts it
    /// there).
    CmsScriptMissing {
        /// Its path: `static/admin/decap-cms.js`.
        script: String,
    },
    /// `vertebra cms init` could not get the CMS's JavaScript.
    CmsInstall {
        /// What went wrong and what to do.
        reason: String,
    },
    /// A folder of the CMS's collections holds both TOML and YAML front matter, and the CMS
    /// saves a collection in one format.
    CmsMixedFormats {
        /// How many files use TOML and how many YAML.
        toml: usize,
        /// How many files use YAML.
        yaml: usize,
    },
}

/// A page that reads above `[editorial] max_reading_grade`: see
/// [`Problem::ReadingGradeTooHigh`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadingGradeTooHigh {
    /// Its grade, to one decimal.
    pub grade: String,
    /// The formula: "Flesch-Kincaid".
    pub formula: &'static str,
    /// `max_reading_grade`.
    pub max: String,
    /// Its longest sentences: (line, words, beginning).
    pub sentences: Vec<(usize, u32, String)>,
}

impl Problem {
    /// Whether this is about an article's medical review (missing, undated or overdue): these
    /// are counted in the summary line and become errors with `--strict`.
    pub fn is_review(&self) -> bool {
        matches!(
            self,
            Problem::MissingReviewer | Problem::MissingReviewDate | Problem::ReviewOverdue { .. }
        )
    }
}

/// What [`Problem::StaleTranslation`] says: the two files' dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staleness {
    /// The source file (default language).
    pub source: PathBuf,
    /// The source's key that is later: `updated` or `last_reviewed`.
    pub source_key: &'static str,
    /// Its date, as `YYYY-MM-DD`.
    pub source_date: String,
    /// The translation's newest dated key: `updated`, `last_reviewed` or `date`.
    pub translation_key: &'static str,
    /// Its date, as `YYYY-MM-DD`.
    pub translation_date: String,
}

/// A broken internal link: see [`Problem::BrokenLink`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// The URL as written in the HTML.
    pub url: String,
    /// The URL path of the page it is on: `/clinic/articles/x/`.
    pub page: String,
    /// What is wrong with it.
    pub fault: LinkFault,
    /// What wrote it into the page.
    pub made_by: LinkMaker,
    /// How many other pages have the same broken link, made the same way.
    pub other_pages: usize,
    /// How to fix it, when something close exists (see [`LinkHint`]).
    pub hint: Option<LinkHint>,
}

/// What a broken link probably meant (see [`BrokenLink::hint`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkHint {
    /// The closest URL the site has.
    ClosestUrl(String),
    /// A link to a content file (`x.md`, or a root-relative link in Markdown): the `@/` link
    /// that reaches its page, like `@/articles/x.md`.
    ContentLink(String),
    /// A file beside a Markdown file that is not a page bundle: it is published at its
    /// folder's URL, not beside the page.
    NotInBundle {
        /// The file, as shown: `content/articles/heat-pack.jpg`.
        file: PathBuf,
        /// Where it is published: `/articles/heat-pack.jpg`.
        url: String,
        /// The page bundle the Markdown file would become: `content/articles/x/index.md`.
        bundle: PathBuf,
    },
    /// A file that is not in any page bundle or `static/` folder (images and the like).
    NoSuchFile {
        /// The page bundle the Markdown file would become, for a link in Markdown.
        bundle: Option<PathBuf>,
    },
    /// A static file that does not exist, made by a template.
    NoSuchStaticFile {
        /// The file as named: `custon.css`.
        name: String,
        /// The closest static file there is.
        suggestion: Option<String>,
    },
}

/// Why an internal link is broken (see [`Problem::BrokenLink`]).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LinkFault {
    /// Nothing is generated at that URL.
    NoSuchFile {
        /// The URL path it reaches, like `/clinic/nope/`.
        path: String,
    },
    /// It names a folder without the trailing slash; not every host redirects that.
    MissingTrailingSlash {
        /// The same URL with the slash.
        fixed: String,
    },
    /// The target page has no element with that id.
    NoSuchId {
        /// The fragment, without `#`.
        id: String,
        /// The target page's URL path.
        target: String,
    },
    /// It leaves the site's base path, so it breaks when the site lives in a subfolder.
    OutsideBasePath {
        /// The base path, like `/clinic/`.
        base_path: String,
    },
    /// A relative link on the 404 page, which hosts serve at every missing URL.
    RelativeOnErrorPage,
    /// It cannot be read as a URL at all.
    Invalid {
        /// The URL parser's reason.
        reason: String,
    },
}

/// What wrote a link into a page (see [`Problem::BrokenLink`]).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LinkMaker {
    /// A Markdown body; the diagnostic's location is the link's line.
    Markdown,
    /// Templates of the theme or the site: the templates of the pages it is on (the link may
    /// be in one they extend or include).
    Templates {
        /// The template files, as shown to the user, sorted.
        files: Vec<PathBuf>,
    },
    /// The redirect page Vertebra writes for an alias.
    AliasRedirect,
}

/// The details of [`Problem::LowContrast`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LowContrast {
    /// `theme.accent` or `theme.accent_dark`.
    pub key: String,
    /// The colour as written.
    pub colour: String,
    /// Its lowest contrast ratio, like `2.13:1`.
    pub ratio: String,
    /// What that ratio was measured against.
    pub against: String,
    /// The ratio needed, like `4.5:1`.
    pub needed: String,
    /// The nearest shade of the same hue that passes.
    pub suggestion: Option<String>,
}
