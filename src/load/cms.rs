//! `[cms]` in site.toml: the editing screen for people who do not use Git, published at
//! `/admin/` (see docs/cms.md). The screen itself (Decap CMS's `config.yml` and `index.html`)
//! is written by `render::cms`; this is only what site.toml says about it.

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Diagnostics, Problem};
use crate::load::typed::Source;

/// Where `vertebra cms init` puts the CMS's JavaScript, inside `static/` (published as
/// `/admin/decap-cms.js`).
pub const SCRIPT: &str = "admin/decap-cms.js";
/// The folder of static/ that holds the CMS (its files keep their plain names).
pub const SCRIPT_DIR: &str = "admin/";
/// The Decap CMS release `vertebra cms init` installs (npm `decap-cms`).
pub const DECAP_VERSION: &str = "3.16.3";
/// The release of Decap's local backend server (npm `decap-server`) the docs and tests use.
pub const DECAP_SERVER_VERSION: &str = "3.11.3";
/// The port `npx decap-server` listens on unless told otherwise.
pub const DEFAULT_LOCAL_PORT: u16 = 8081;

/// Where the CMS saves: the Git host and how editors log in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Backend {
    /// Netlify Identity with Git Gateway: editors log in with an e-mail address.
    #[default]
    GitGateway,
    /// A GitHub repository: editors log in with GitHub.
    Github,
    /// A GitLab repository: editors log in with GitLab.
    Gitlab,
}

impl Backend {
    /// The name Decap CMS uses in `backend.name`.
    pub fn name(self) -> &'static str {
        match self {
            Backend::GitGateway => "git-gateway",
            Backend::Github => "github",
            Backend::Gitlab => "gitlab",
        }
    }
}

/// `[cms]` as written.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct CmsConfig {
    /// `"git-gateway"` (the default), `"github"` or `"gitlab"`.
    #[serde(default)]
    pub backend: Backend,
    /// The repository, `owner/name`: required for GitHub and GitLab.
    pub repo: Option<String>,
    /// The branch the CMS commits to.
    #[serde(default = "default_branch")]
    pub branch: String,
    /// The OAuth service that logs editors in to GitHub or GitLab when the site is not on
    /// Netlify (Decap's `backend.base_url`): `"https://auth.example.org"`.
    pub auth_url: Option<String>,
    /// The GitLab OAuth application id, for GitLab login with PKCE (Decap's `app_id`).
    pub app_id: Option<String>,
    /// The port of `npx decap-server` when editing on one's own machine.
    #[serde(default = "default_local_port")]
    pub local_port: u16,
}

impl Default for CmsConfig {
    fn default() -> Self {
        CmsConfig {
            backend: Backend::default(),
            repo: None,
            branch: default_branch(),
            auth_url: None,
            app_id: None,
            local_port: DEFAULT_LOCAL_PORT,
        }
    }
}

fn default_branch() -> String {
    "main".to_string()
}

fn default_local_port() -> u16 {
    DEFAULT_LOCAL_PORT
}

/// Reports the settings the CMS could not start with: a GitHub or GitLab backend without
/// `repo`, a `repo` that is not `owner/name`, an `auth_url` that is not http(s).
pub fn check(cms: Option<&CmsConfig>, source: &Source<'_>, problems: &mut Diagnostics) {
    let Some(cms) = cms else { return };
    let key = |name: &str| vec!["cms".to_string(), name.to_string()];
    match (&cms.repo, cms.backend) {
        (None, Backend::Github | Backend::Gitlab) => problems.push(Diagnostic::error(
            source.locate(&key("backend")),
            Problem::MissingKey {
                key: "cms.repo".into(),
                within: "site.toml",
            },
        )),
        (Some(repo), _) if !is_repo_name(repo) => problems.push(Diagnostic::error(
            source.locate(&key("repo")),
            Problem::InvalidValue {
                key: "cms.repo".into(),
                expected: "the repository as owner/name, like \"harbor-spine/website\"".into(),
                found: format!("\"{repo}\""),
            },
        )),
        _ => {}
    }
    if let Some(url) = &cms.auth_url
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        problems.push(Diagnostic::error(
            source.locate(&key("auth_url")),
            Problem::InvalidValue {
                key: "cms.auth_url".into(),
                expected: "an absolute http(s) URL like \"https://auth.example.org\"".into(),
                found: format!("\"{url}\""),
            },
        ));
    }
}

/// `owner/name`, GitLab's `group/subgroup/name` too: no blanks, no empty part.
fn is_repo_name(repo: &str) -> bool {
    let parts: Vec<&str> = repo.split('/').collect();
    parts.len() >= 2
        && parts.iter().all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repo_names() {
        assert!(is_repo_name("harbor-spine/website"));
        assert!(is_repo_name("group/sub/site.org"));
        assert!(!is_repo_name("website"));
        assert!(!is_repo_name("owner/"));
        assert!(!is_repo_name("owner/my site"));
    }
}
