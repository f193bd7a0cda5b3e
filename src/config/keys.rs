//! Key bindings: the reader's actions and the keys that trigger them.
//!
//! This is plain data (no terminal library): the UI turns terminal events into [`KeySpec`]s
//! and looks them up here. The help overlay is generated from the same map.

use std::collections::BTreeMap;
use std::fmt;

use super::error::nearest;

/// Something the user can ask the reader to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    Back,
    Quit,
    NextUnread,
    PrevUnread,
    RefreshFeed,
    RefreshAll,
    ToggleRead,
    MarkAllRead,
    Bookmark,
    OpenInBrowser,
    CopyLink,
    FullText,
    Search,
    Help,
    ToggleHideRead,
    Undo,
    Bookmarks,
    AddFeed,
    RenameFeed,
    EditTags,
    RemoveFeed,
    SaveUrl,
    SaveSearch,
    NextPane,
}

impl Action {
    /// Every action, in help order.
    pub const ALL: &'static [Action] = &[
        Action::Up,
        Action::Down,
        Action::PageUp,
        Action::PageDown,
        Action::Top,
        Action::Bottom,
        Action::Open,
        Action::Back,
        Action::NextUnread,
        Action::PrevUnread,
        Action::ToggleRead,
        Action::MarkAllRead,
        Action::Bookmark,
        Action::Undo,
        Action::ToggleHideRead,
        Action::RefreshFeed,
        Action::RefreshAll,
        Action::FullText,
        Action::OpenInBrowser,
        Action::CopyLink,
        Action::Search,
        Action::Bookmarks,
        Action::AddFeed,
        Action::RenameFeed,
        Action::EditTags,
        Action::RemoveFeed,
        Action::SaveUrl,
        Action::SaveSearch,
        Action::NextPane,
        Action::Help,
        Action::Quit,
    ];

    /// The name used in the `[keys]` table.
    pub fn name(self) -> &'static str {
        match self {
            Action::Up => "up",
            Action::Down => "down",
            Action::PageUp => "page_up",
            Action::PageDown => "page_down",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::Open => "open",
            Action::Back => "back",
            Action::Quit => "quit",
            Action::NextUnread => "next_unread",
            Action::PrevUnread => "prev_unread",
            Action::RefreshFeed => "refresh_feed",
            Action::RefreshAll => "refresh_all",
            Action::ToggleRead => "toggle_read",
            Action::MarkAllRead => "mark_all_read",
            Action::Bookmark => "bookmark",
            Action::OpenInBrowser => "open_in_browser",
            Action::CopyLink => "copy_link",
            Action::FullText => "full_text",
            Action::Search => "search",
            Action::Help => "help",
            Action::ToggleHideRead => "toggle_hide_read",
            Action::Undo => "undo",
            Action::Bookmarks => "bookmarks",
            Action::AddFeed => "add_feed",
            Action::RenameFeed => "rename_feed",
            Action::EditTags => "edit_tags",
            Action::RemoveFeed => "remove_feed",
            Action::SaveUrl => "save_url",
            Action::SaveSearch => "save_search",
            Action::NextPane => "next_pane",
        }
    }

    /// Reads an action name.
    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.name() == name)
    }

    fn default_keys(self) -> &'static [&'static str] {
        match self {
            Action::Up => &["Up", "k"],
            Action::Down => &["Down", "j"],
            Action::PageUp => &["PageUp", "Ctrl-b"],
            Action::PageDown => &["PageDown", "Ctrl-f", "Space"],
            Action::Top => &["Home", "g"],
            Action::Bottom => &["End", "G"],
            Action::Open => &["Enter", "l", "Right"],
            Action::Back => &["Esc", "h", "Left"],
            Action::Quit => &["q", "Ctrl-c"],
            Action::NextUnread => &["n"],
            Action::PrevUnread => &["N"],
            Action::RefreshFeed => &["r"],
            Action::RefreshAll => &["R"],
            Action::ToggleRead => &["m"],
            Action::MarkAllRead => &["A"],
            Action::Bookmark => &["b"],
            Action::OpenInBrowser => &["o"],
            Action::CopyLink => &["y"],
            Action::FullText => &["f"],
            Action::Search => &["/"],
            Action::Help => &["?", "F1"],
            Action::ToggleHideRead => &["H"],
            Action::Undo => &["u"],
            Action::Bookmarks => &["B"],
            Action::AddFeed => &["a"],
            Action::RenameFeed => &["e"],
            Action::EditTags => &["t"],
            Action::RemoveFeed => &["D"],
            Action::SaveUrl => &["S"],
            Action::SaveSearch => &["s"],
            Action::NextPane => &["Tab"],
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A key without modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    F(u8),
}

/// A key with its modifiers, as bound in the config.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeySpec {
    pub key: Key,
    pub ctrl: bool,
    pub alt: bool,
}

impl KeySpec {
    /// A key with no modifiers.
    pub fn plain(key: Key) -> KeySpec {
        KeySpec {
            key,
            ctrl: false,
            alt: false,
        }
    }

    /// Parses "j", "G", "Enter", "Ctrl-d", "Alt-x", "F5", "Space".
    pub fn parse(s: &str) -> Option<KeySpec> {
        let mut ctrl = false;
        let mut alt = false;
        let mut rest = s.trim();
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.len() > 1 && (lower.starts_with("ctrl-") || lower.starts_with("ctrl+")) {
                ctrl = true;
                rest = &rest[5..];
            } else if rest.len() > 1 && (lower.starts_with("alt-") || lower.starts_with("alt+")) {
                alt = true;
                rest = &rest[4..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let key = match (chars.next(), chars.next()) {
            (Some(c), None) => Key::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" | "return" => Key::Enter,
                "esc" | "escape" => Key::Esc,
                "tab" => Key::Tab,
                "backtab" => Key::BackTab,
                "backspace" => Key::Backspace,
                "delete" | "del" => Key::Delete,
                "up" => Key::Up,
                "down" => Key::Down,
                "left" => Key::Left,
                "right" => Key::Right,
                "home" => Key::Home,
                "end" => Key::End,
                "pageup" | "pgup" => Key::PageUp,
                "pagedown" | "pgdn" => Key::PageDown,
                "space" => Key::Char(' '),
                f if f.starts_with('f') => match f[1..].parse::<u8>() {
                    Ok(n) if (1..=12).contains(&n) => Key::F(n),
                    _ => return None,
                },
                _ => return None,
            },
        };
        Some(KeySpec { key, ctrl, alt })
    }
}

impl fmt::Display for KeySpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        match self.key {
            Key::Char(' ') => f.write_str("Space"),
            Key::Char(c) => write!(f, "{c}"),
            Key::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// The live key map: which action each key triggers, and each action's keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyMap {
    by_key: BTreeMap<KeySpec, Action>,
    by_action: BTreeMap<Action, Vec<KeySpec>>,
}

impl Default for KeyMap {
    fn default() -> Self {
        Self::with_overrides(&BTreeMap::new()).unwrap_or_else(|_| KeyMap {
            by_key: BTreeMap::new(),
            by_action: BTreeMap::new(),
        })
    }
}

impl KeyMap {
    /// The defaults with the user's `[keys]` applied; an unknown action or key name is an
    /// error `(name, message)`.
    pub fn with_overrides(
        overrides: &BTreeMap<String, Vec<String>>,
    ) -> Result<KeyMap, (String, String)> {
        let names: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
        let mut by_action: BTreeMap<Action, Vec<KeySpec>> = BTreeMap::new();
        for action in Action::ALL {
            let keys = action
                .default_keys()
                .iter()
                .filter_map(|k| KeySpec::parse(k))
                .collect();
            by_action.insert(*action, keys);
        }
        for (name, keys) in overrides {
            let Some(action) = Action::from_name(name) else {
                let hint = nearest(name, &names)
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                return Err((name.clone(), format!("unknown action `{name}`{hint}")));
            };
            let mut specs = Vec::new();
            for k in keys {
                let spec = KeySpec::parse(k)
                    .ok_or_else(|| (name.clone(), format!("unknown key name `{k}`")))?;
                specs.push(spec);
            }
            // A key the user binds is taken away from any default action that had it.
            for list in by_action.values_mut() {
                list.retain(|s| !specs.contains(s));
            }
            by_action.insert(action, specs);
        }
        let mut by_key = BTreeMap::new();
        for (action, keys) in &by_action {
            for k in keys {
                by_key.insert(*k, *action);
            }
        }
        Ok(KeyMap { by_key, by_action })
    }

    /// The action a key triggers.
    pub fn action(&self, key: &KeySpec) -> Option<Action> {
        self.by_key.get(key).copied()
    }

    /// The keys bound to an action, for help texts.
    pub fn keys(&self, action: Action) -> &[KeySpec] {
        self.by_action
            .get(&action)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}

/// Parses a colour name or `#rrggbb` into RGB-free form: `Some(name or hex)` when valid.
pub fn parse_color(s: &str) -> Option<ColorSpec> {
    let s = s.trim();
    if let Some(hex) = s.strip_prefix('#') {
        if hex.len() == 6 {
            let v = u32::from_str_radix(hex, 16).ok()?;
            return Some(ColorSpec::Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8));
        }
        return None;
    }
    let named = [
        "black",
        "red",
        "green",
        "yellow",
        "blue",
        "magenta",
        "cyan",
        "gray",
        "darkgray",
        "lightred",
        "lightgreen",
        "lightyellow",
        "lightblue",
        "lightmagenta",
        "lightcyan",
        "white",
    ];
    let lower = s.to_ascii_lowercase().replace(['_', '-', ' '], "");
    named
        .iter()
        .position(|n| *n == lower)
        .map(|i| ColorSpec::Named(i as u8))
}

/// A colour from the config: one of the 16 terminal colours (index in the list above) or RGB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorSpec {
    Named(u8),
    Rgb(u8, u8, u8),
}
