//! The user's configuration (TOML).
//!
//! A missing file means the defaults of `assets/config.toml`; a broken one is an error naming
//! the file, the line and the key, with the nearest valid name suggested.

mod error;
pub mod filters;
pub mod keys;
pub mod macros;
pub mod theme;

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

pub use error::ConfigError;
pub use filters::{FilterAction, FilterConfig};
pub use keys::{Binding, KeyAction, KeyMap, KeySpec, Mode};
pub use macros::{Macro, MacroConfig};

/// The annotated default configuration, as printed by `griot config --default`.
pub const DEFAULT_TOML: &str = include_str!("../../assets/config.toml");

/// Everything the user can set.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Minutes between background refreshes in the reader (0: off).
    pub refresh_interval: u32,
    pub refresh_on_start: bool,
    pub default_feeds: bool,
    pub mark_read_on_open: bool,
    pub language: Language,
    pub notify: Notify,
    pub log_level: LogLevel,
    pub fetch: FetchConfig,
    pub retention: RetentionConfig,
    pub reader: ReaderConfig,
    pub theme: ThemeConfig,
    /// Action name → keys, or screen name → (action name → keys); validated into a
    /// [`KeyMap`] by [`Config::key_map`].
    pub keys: BTreeMap<String, Binding>,
    #[serde(rename = "feed")]
    pub feeds: Vec<FeedOverride>,
    /// `[[filter]]`: rules that hide, mark read or highlight articles.
    #[serde(rename = "filter")]
    pub filters: Vec<FilterConfig>,
    /// `[sync]`: an account on a sync server; without it griot fetches feeds itself.
    pub sync: Option<SyncConfig>,
    /// `[enclosures]`: podcasts and other attached files.
    pub enclosures: EnclosuresConfig,
    /// `[[macro]]`: a key for a sequence of actions; validated by [`Config::macros`].
    #[serde(rename = "macro")]
    pub macros: Vec<MacroConfig>,
}

/// `[enclosures]`: playing and downloading an article's attached files.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct EnclosuresConfig {
    /// The command that plays or opens an enclosure (its URL is appended, or replaces `%u`);
    /// empty: the system's opener.
    pub player: String,
    /// Where downloads go; empty: the platform's download folder, in `griot/`.
    pub download_dir: String,
    /// Files downloaded at once.
    pub parallel: usize,
}

impl Default for EnclosuresConfig {
    fn default() -> Self {
        EnclosuresConfig {
            player: String::new(),
            download_dir: String::new(),
            parallel: 2,
        }
    }
}

/// `[sync]`: the server that keeps subscriptions and read state for every device.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SyncConfig {
    pub service: SyncService,
    /// The base the API hangs off (for FreshRSS, `…/api/greader.php`).
    pub url: String,
    /// The account's name; empty for a Miniflux API token given as the password.
    #[serde(default)]
    pub username: String,
    /// A command whose first output line is the password (or the Miniflux API token).
    #[serde(default)]
    pub password_command: Option<String>,
    /// An environment variable holding the password (or the Miniflux API token).
    #[serde(default)]
    pub password_env: Option<String>,
}

/// Which protocol the sync server speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SyncService {
    /// Miniflux's REST API (`/v1`).
    Miniflux,
    /// The Google Reader API (FreshRSS, Miniflux, Inoreader, The Old Reader, BazQux).
    Greader,
}

impl SyncService {
    /// The name used in the config and in `sync status`.
    pub fn as_str(self) -> &'static str {
        match self {
            SyncService::Miniflux => "miniflux",
            SyncService::Greader => "greader",
        }
    }
}

/// Interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Auto,
    En,
    Fr,
}

/// How new articles are announced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Notify {
    #[default]
    Off,
    Bell,
    Osc9,
    Desktop,
}

/// Log verbosity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum LogLevel {
    Error,
    Warn,
    #[default]
    Info,
    Debug,
    Trace,
}

impl LogLevel {
    /// The name tracing filters understand.
    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::Error => "error",
            LogLevel::Warn => "warn",
            LogLevel::Info => "info",
            LogLevel::Debug => "debug",
            LogLevel::Trace => "trace",
        }
    }
}

/// `[fetch]`
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct FetchConfig {
    pub concurrency: usize,
    pub per_host: usize,
    pub connect_timeout: u64,
    pub timeout: u64,
    pub max_body_mib: u64,
    pub exec_timeout: u64,
    pub user_agent: String,
    pub full_text: bool,
}

/// `[retention]`
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct RetentionConfig {
    pub read_days: u32,
    pub max_per_feed: u32,
    pub compact_every_days: u32,
}

/// `[reader]`
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReaderConfig {
    pub width: u16,
    pub link_list: bool,
    /// The command the pipe key sends the article to (empty: asked for); ending in `&`, it
    /// runs in the background.
    pub pipe: String,
    /// How pictures are drawn in the reader.
    pub images: ImagesMode,
    /// The most of the screen's height one picture may take, in percent.
    pub image_height: u8,
    /// The most disk the pictures of bookmarked articles may take, in MiB.
    pub image_cache_mib: u64,
}

/// `[reader] images`: how pictures are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ImagesMode {
    /// By the protocol the terminal answers (kitty, iTerm2, sixel), else half-blocks.
    #[default]
    Auto,
    /// Unicode half-blocks, whatever the terminal.
    Halfblocks,
    /// No pictures: their alt text.
    Off,
}

/// `[theme]`
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ThemeConfig {
    pub name: ThemeName,
    pub colors: ColorOverrides,
}

/// The built-in themes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ThemeName {
    #[default]
    Dark,
    Light,
}

/// `[theme.colors]`: colour names or `#rrggbb` per role.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ColorOverrides {
    pub accent: Option<String>,
    pub pullquote: Option<String>,
    pub quote: Option<String>,
    pub heading: Option<String>,
    pub link: Option<String>,
    pub unread: Option<String>,
    pub read: Option<String>,
    pub error: Option<String>,
    pub status: Option<String>,
}

/// `[[feed]]`: settings for one feed, matched by URL.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct FeedOverride {
    pub url: String,
    pub title: Option<String>,
    pub tags: Option<Vec<String>>,
    pub full_text: Option<bool>,
    /// Minutes between scheduled refreshes of this feed.
    pub refresh_interval: Option<u32>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            refresh_interval: 30,
            refresh_on_start: true,
            default_feeds: true,
            mark_read_on_open: true,
            language: Language::Auto,
            notify: Notify::Off,
            log_level: LogLevel::Info,
            fetch: FetchConfig::default(),
            retention: RetentionConfig::default(),
            reader: ReaderConfig::default(),
            theme: ThemeConfig::default(),
            keys: BTreeMap::new(),
            feeds: Vec::new(),
            filters: Vec::new(),
            sync: None,
            enclosures: EnclosuresConfig::default(),
            macros: Vec::new(),
        }
    }
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            concurrency: 16,
            per_host: 2,
            connect_timeout: 10,
            timeout: 30,
            max_body_mib: 16,
            exec_timeout: 60,
            user_agent: String::new(),
            full_text: false,
        }
    }
}

impl Default for RetentionConfig {
    fn default() -> Self {
        RetentionConfig {
            read_days: 90,
            max_per_feed: 0,
            compact_every_days: 7,
        }
    }
}

impl Default for ReaderConfig {
    fn default() -> Self {
        ReaderConfig {
            width: 80,
            link_list: true,
            pipe: String::new(),
            images: ImagesMode::Auto,
            image_height: 50,
            image_cache_mib: 200,
        }
    }
}

impl Default for ThemeConfig {
    fn default() -> Self {
        ThemeConfig {
            name: ThemeName::Dark,
            colors: ColorOverrides::default(),
        }
    }
}

impl Config {
    /// Loads the config file; a missing file gives the defaults.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Config::parse(&text, path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(source) => Err(ConfigError::Read {
                path: path.to_path_buf(),
                source,
            }),
        }
    }

    /// Parses config text; `path` is only used in error messages.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let config: Config =
            toml::from_str(text).map_err(|e| ConfigError::from_toml(path, text, &e))?;
        config.validate(path, text)?;
        Ok(config)
    }

    fn validate(&self, path: &Path, text: &str) -> Result<(), ConfigError> {
        let invalid = |key: &str, message: String| ConfigError::Invalid {
            path: path.to_path_buf(),
            line: error::line_of_key(text, key),
            key: key.to_string(),
            message,
        };
        if self.fetch.concurrency == 0 {
            return Err(invalid("concurrency", "must be at least 1".into()));
        }
        if self.fetch.per_host == 0 {
            return Err(invalid("per_host", "must be at least 1".into()));
        }
        if self.fetch.timeout == 0 {
            return Err(invalid("timeout", "must be at least 1 second".into()));
        }
        if self.reader.width < 20 {
            return Err(invalid("width", "must be at least 20 columns".into()));
        }
        if !(10..=100).contains(&self.reader.image_height) {
            return Err(invalid(
                "image_height",
                "must be a percentage from 10 to 100".into(),
            ));
        }
        for (role, value) in self.theme.colors.iter() {
            if let Some(v) = value {
                if theme::parse_color(v).is_none() {
                    return Err(invalid(
                        role,
                        format!("`{v}` is not a colour name or #rrggbb"),
                    ));
                }
            }
        }
        for feed in &self.feeds {
            if feed.url.trim().is_empty() {
                return Err(invalid("url", "every [[feed]] needs a url".into()));
            }
        }
        for filter in &self.filters {
            filter
                .check()
                .map_err(|(key, at, message)| ConfigError::Invalid {
                    path: path.to_path_buf(),
                    line: text.get(..at).unwrap_or(text).matches('\n').count() + 1,
                    key: key.to_string(),
                    message,
                })?;
        }
        self.key_map()
            .map_err(|(key, message)| invalid(&key, message))?;
        if let Some(sync) = &self.sync {
            sync.validate()
                .map_err(|(key, message)| invalid(key, message))?;
        }
        if self.enclosures.parallel == 0 {
            return Err(invalid("parallel", "must be at least 1".into()));
        }
        self.macros().map_err(|e| ConfigError::Invalid {
            path: path.to_path_buf(),
            line: macros::line_of(text, &e),
            key: e.key.to_string(),
            message: e.message,
        })?;
        Ok(())
    }

    /// The `[[macro]]`s, checked.
    pub fn macros(&self) -> Result<Vec<Macro>, macros::MacroError> {
        macros::compile(&self.macros)
    }

    /// The key map: defaults with the user's bindings applied.
    pub fn key_map(&self) -> Result<KeyMap, (String, String)> {
        KeyMap::from_table(&self.keys)
    }

    /// The per-feed settings for a URL, if any.
    pub fn feed_override(&self, url: &str) -> Option<&FeedOverride> {
        self.feeds.iter().find(|f| f.url.trim() == url.trim())
    }

    /// Whether full text should be fetched automatically for a feed.
    pub fn full_text_for(&self, url: &str) -> bool {
        self.feed_override(url)
            .and_then(|f| f.full_text)
            .unwrap_or(self.fetch.full_text)
    }
}

impl SyncConfig {
    /// The first problem with the section, as (key, message).
    fn validate(&self) -> Result<(), (&'static str, String)> {
        match url::Url::parse(self.url.trim()) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => {}
            _ => {
                return Err((
                    "url",
                    format!("`{}` is not an http(s) URL", self.url.trim()),
                ))
            }
        }
        if self.service == SyncService::Greader && self.username.trim().is_empty() {
            return Err(("username", "the Google Reader API needs a username".into()));
        }
        match (&self.password_command, &self.password_env) {
            (Some(_), Some(_)) => Err((
                "password_env",
                "give password_command or password_env, not both".into(),
            )),
            (None, None) => Err((
                "service",
                "[sync] needs password_command or password_env (griot never stores the password)"
                    .into(),
            )),
            (Some(c), None) if c.trim().is_empty() => {
                Err(("password_command", "must not be empty".into()))
            }
            (None, Some(e)) if e.trim().is_empty() => {
                Err(("password_env", "must not be empty".into()))
            }
            _ => Ok(()),
        }
    }
}

impl ColorOverrides {
    /// Role name and value pairs.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &Option<String>)> {
        [
            ("accent", &self.accent),
            ("pullquote", &self.pullquote),
            ("quote", &self.quote),
            ("heading", &self.heading),
            ("link", &self.link),
            ("unread", &self.unread),
            ("read", &self.read),
            ("error", &self.error),
            ("status", &self.status),
        ]
        .into_iter()
    }
}

#[cfg(test)]
mod tests;
