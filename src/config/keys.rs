//! Key bindings: what each key does on each screen of the reader.
//!
//! This is plain data (no terminal library), in the manner of television's input map: a
//! [`KeyAction`] is something the user can ask for, a [`Mode`] is where the keyboard is (a
//! screen of the reader, a prompt, a question), and the [`KeyMap`] says, mode by mode, which
//! key triggers which action. The UI turns terminal events into [`KeySpec`]s and looks them up
//! in the current mode; the help overlay is generated from the same map.
//!
//! The `[keys]` table rebinds an action everywhere it applies (`bookmark = ["s"]`); a screen's
//! own table rebinds it there only (`[keys.reader]` `next_unread = ["Space"]`).

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::error::nearest;

/// Where the keyboard is: a screen of the reader, or a prompt or question over it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mode {
    Feeds,
    Articles,
    Reader,
    Search,
    Help,
    Prompt,
    Confirm,
}

/// The screens one browses (the others are drawn over them).
const BROWSE: &[Mode] = &[Mode::Feeds, Mode::Articles, Mode::Reader, Mode::Search];
/// The screens that act on one article.
const ARTICLE: &[Mode] = &[Mode::Articles, Mode::Reader, Mode::Search];
/// Moving: the screens and the help.
const MOVE: &[Mode] = &[
    Mode::Feeds,
    Mode::Articles,
    Mode::Reader,
    Mode::Search,
    Mode::Help,
];

impl Mode {
    /// Every mode.
    pub const ALL: &'static [Mode] = &[
        Mode::Feeds,
        Mode::Articles,
        Mode::Reader,
        Mode::Search,
        Mode::Help,
        Mode::Prompt,
        Mode::Confirm,
    ];

    /// The screens one browses, in help order.
    pub const SCREENS: &'static [Mode] = BROWSE;

    /// The name of its table under `[keys]`.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Feeds => "feeds",
            Mode::Articles => "articles",
            Mode::Reader => "reader",
            Mode::Search => "search",
            Mode::Help => "help",
            Mode::Prompt => "prompt",
            Mode::Confirm => "confirm",
        }
    }

    /// Reads a mode name.
    pub fn from_name(name: &str) -> Option<Mode> {
        Mode::ALL.iter().copied().find(|m| m.name() == name)
    }
}

/// Something the user can ask the reader to do with a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyAction {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    /// Open the link whose number was typed (reader).
    OpenLink,
    Back,
    Quit,
    /// Give the terminal back to the shell (`fg` resumes).
    Suspend,
    /// Draw the whole screen again (after another program wrote over it).
    Redraw,
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
    /// Show or hide the article's pictures (reader).
    TogglePictures,
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
    /// The log of recent status messages.
    Messages,
    /// Accept what a prompt holds.
    Submit,
    /// Close a prompt or answer no to a question.
    Cancel,
    /// Answer yes to a question.
    Confirm,
    /// Pipe the article to a command (`[reader] pipe`, or asked for).
    Pipe,
    /// Save the article as a Markdown file.
    SaveMarkdown,
    /// Play or open an attached file (file 1, or the number typed first).
    Play,
    /// Queue attached files for download (in the reader: file 1, or the number typed first).
    Download,
}

impl KeyAction {
    /// Every action, in help order.
    pub const ALL: &'static [KeyAction] = &[
        KeyAction::Up,
        KeyAction::Down,
        KeyAction::PageUp,
        KeyAction::PageDown,
        KeyAction::Top,
        KeyAction::Bottom,
        KeyAction::Open,
        KeyAction::OpenLink,
        KeyAction::Back,
        KeyAction::NextUnread,
        KeyAction::PrevUnread,
        KeyAction::ToggleRead,
        KeyAction::MarkAllRead,
        KeyAction::Bookmark,
        KeyAction::Undo,
        KeyAction::ToggleHideRead,
        KeyAction::RefreshFeed,
        KeyAction::RefreshAll,
        KeyAction::FullText,
        KeyAction::TogglePictures,
        KeyAction::OpenInBrowser,
        KeyAction::CopyLink,
        KeyAction::Pipe,
        KeyAction::SaveMarkdown,
        KeyAction::Play,
        KeyAction::Download,
        KeyAction::Search,
        KeyAction::Bookmarks,
        KeyAction::AddFeed,
        KeyAction::RenameFeed,
        KeyAction::EditTags,
        KeyAction::RemoveFeed,
        KeyAction::SaveUrl,
        KeyAction::SaveSearch,
        KeyAction::NextPane,
        KeyAction::Messages,
        KeyAction::Help,
        KeyAction::Quit,
        KeyAction::Suspend,
        KeyAction::Redraw,
        KeyAction::Submit,
        KeyAction::Confirm,
        KeyAction::Cancel,
    ];

    /// The name used in the `[keys]` table.
    pub fn name(self) -> &'static str {
        match self {
            KeyAction::Up => "up",
            KeyAction::Down => "down",
            KeyAction::PageUp => "page_up",
            KeyAction::PageDown => "page_down",
            KeyAction::Top => "top",
            KeyAction::Bottom => "bottom",
            KeyAction::Open => "open",
            KeyAction::OpenLink => "open_link",
            KeyAction::Back => "back",
            KeyAction::Quit => "quit",
            KeyAction::Suspend => "suspend",
            KeyAction::Redraw => "redraw",
            KeyAction::NextUnread => "next_unread",
            KeyAction::PrevUnread => "prev_unread",
            KeyAction::RefreshFeed => "refresh_feed",
            KeyAction::RefreshAll => "refresh_all",
            KeyAction::ToggleRead => "toggle_read",
            KeyAction::MarkAllRead => "mark_all_read",
            KeyAction::Bookmark => "bookmark",
            KeyAction::OpenInBrowser => "open_in_browser",
            KeyAction::CopyLink => "copy_link",
            KeyAction::FullText => "full_text",
            KeyAction::TogglePictures => "toggle_pictures",
            KeyAction::Search => "search",
            KeyAction::Help => "help",
            KeyAction::ToggleHideRead => "toggle_hide_read",
            KeyAction::Undo => "undo",
            KeyAction::Bookmarks => "bookmarks",
            KeyAction::AddFeed => "add_feed",
            KeyAction::RenameFeed => "rename_feed",
            KeyAction::EditTags => "edit_tags",
            KeyAction::RemoveFeed => "remove_feed",
            KeyAction::SaveUrl => "save_url",
            KeyAction::SaveSearch => "save_search",
            KeyAction::NextPane => "next_pane",
            KeyAction::Messages => "messages",
            KeyAction::Submit => "submit",
            KeyAction::Cancel => "cancel",
            KeyAction::Confirm => "confirm",
            KeyAction::Pipe => "pipe",
            KeyAction::SaveMarkdown => "save_markdown",
            KeyAction::Play => "play",
            KeyAction::Download => "download",
        }
    }

    /// Reads an action name.
    pub fn from_name(name: &str) -> Option<KeyAction> {
        KeyAction::ALL.iter().copied().find(|a| a.name() == name)
    }

    /// The modes in which the action has a key.
    pub fn modes(self) -> &'static [Mode] {
        match self {
            KeyAction::Up
            | KeyAction::Down
            | KeyAction::PageUp
            | KeyAction::PageDown
            | KeyAction::Top
            | KeyAction::Bottom => MOVE,
            KeyAction::Quit => MOVE,
            KeyAction::Suspend | KeyAction::Redraw => Mode::ALL,
            KeyAction::Open => &[Mode::Feeds, Mode::Articles, Mode::Search],
            KeyAction::OpenLink | KeyAction::TogglePictures => &[Mode::Reader],
            KeyAction::ToggleRead
            | KeyAction::Bookmark
            | KeyAction::OpenInBrowser
            | KeyAction::CopyLink
            | KeyAction::FullText
            | KeyAction::Pipe
            | KeyAction::SaveMarkdown
            | KeyAction::Play
            | KeyAction::Download => ARTICLE,
            KeyAction::Submit => &[Mode::Prompt],
            KeyAction::Cancel => &[Mode::Prompt, Mode::Confirm],
            KeyAction::Confirm => &[Mode::Confirm],
            _ => BROWSE,
        }
    }

    fn default_keys(self, mode: Mode) -> &'static [&'static str] {
        match self {
            KeyAction::Up => &["Up", "k"],
            KeyAction::Down => &["Down", "j"],
            KeyAction::PageUp => &["PageUp", "Ctrl-b"],
            KeyAction::PageDown => &["PageDown", "Ctrl-f", "Space"],
            KeyAction::Top => &["Home", "g"],
            KeyAction::Bottom => &["End", "G"],
            KeyAction::Open | KeyAction::OpenLink => &["Enter", "l", "Right"],
            KeyAction::Back => &["Esc", "h", "Left"],
            KeyAction::Quit => &["q", "Ctrl-c"],
            KeyAction::Suspend => &["Ctrl-z"],
            KeyAction::Redraw => &["Ctrl-l"],
            KeyAction::NextUnread => &["n"],
            KeyAction::PrevUnread => &["N"],
            KeyAction::RefreshFeed => &["r"],
            KeyAction::RefreshAll => &["R"],
            KeyAction::ToggleRead => &["m"],
            KeyAction::MarkAllRead => &["A"],
            KeyAction::Bookmark => &["b"],
            KeyAction::OpenInBrowser => &["o"],
            KeyAction::CopyLink => &["y"],
            KeyAction::FullText => &["f"],
            KeyAction::TogglePictures => &["i"],
            KeyAction::Search => &["/"],
            KeyAction::Help => &["?", "F1"],
            KeyAction::ToggleHideRead => &["H"],
            KeyAction::Undo => &["u"],
            KeyAction::Bookmarks => &["B"],
            KeyAction::AddFeed => &["a"],
            KeyAction::RenameFeed => &["e"],
            KeyAction::EditTags => &["t"],
            KeyAction::RemoveFeed => &["D"],
            KeyAction::SaveUrl => &["S"],
            KeyAction::SaveSearch => &["s"],
            KeyAction::NextPane => &["Tab"],
            KeyAction::Messages => &["M"],
            KeyAction::Submit => &["Enter"],
            KeyAction::Cancel if mode == Mode::Confirm => &["n", "N", "Esc"],
            KeyAction::Cancel => &["Esc", "Ctrl-c"],
            KeyAction::Confirm => &["y", "Y"],
            KeyAction::Pipe => &["|"],
            KeyAction::SaveMarkdown => &["w"],
            KeyAction::Play => &["p"],
            KeyAction::Download => &["d"],
        }
    }
}

impl fmt::Display for KeyAction {
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

/// One entry of the `[keys]` table: an action's keys everywhere it applies, or a screen's own
/// table of actions and keys.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Binding {
    /// `bookmark = ["s"]`.
    Keys(Vec<String>),
    /// `[keys.reader]` with `next_unread = ["Space"]`.
    Screen(BTreeMap<String, Vec<String>>),
}

/// The live key map: mode by mode, which action each key triggers and each action's keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyMap {
    by_key: BTreeMap<(Mode, KeySpec), KeyAction>,
    by_action: BTreeMap<(Mode, KeyAction), Vec<KeySpec>>,
    /// Keys the user's table took from the actions that had them.
    taken: Vec<Taken>,
}

/// A key the user's `[keys]` table gave one action while another had it in that mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taken {
    pub mode: Mode,
    pub key: KeySpec,
    pub from: KeyAction,
    pub by: KeyAction,
    /// The action it was taken from has no key left in that mode.
    pub orphaned: bool,
}

impl fmt::Display for Taken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` = [\"{}\"] takes {} from `{}` in the {} keys",
            self.by.name(),
            self.key,
            self.key,
            self.from.name(),
            self.mode.name()
        )?;
        if self.orphaned {
            write!(f, ", which is left with no key there")?;
        }
        Ok(())
    }
}

impl Default for KeyMap {
    fn default() -> Self {
        Self::from_table(&BTreeMap::new()).unwrap_or_else(|_| KeyMap {
            by_key: BTreeMap::new(),
            by_action: BTreeMap::new(),
            taken: Vec::new(),
        })
    }
}

/// A rejected `[keys]` entry: the name at fault and what is wrong with it.
pub type BindingError = (String, String);

impl KeyMap {
    /// The defaults with actions rebound everywhere they apply (`action = [keys]`).
    pub fn with_overrides(
        overrides: &BTreeMap<String, Vec<String>>,
    ) -> Result<KeyMap, BindingError> {
        let table = overrides
            .iter()
            .map(|(k, v)| (k.clone(), Binding::Keys(v.clone())))
            .collect();
        KeyMap::from_table(&table)
    }

    /// The defaults with the user's `[keys]` table applied: plain entries first, then the
    /// screens' own tables (the more particular binding wins). A key the user binds is taken
    /// away from any other action that had it in the same mode. An unknown action, screen or
    /// key name is an error.
    pub fn from_table(table: &BTreeMap<String, Binding>) -> Result<KeyMap, BindingError> {
        let mut by_action: BTreeMap<(Mode, KeyAction), Vec<KeySpec>> = BTreeMap::new();
        for action in KeyAction::ALL {
            for mode in action.modes() {
                let keys = action
                    .default_keys(*mode)
                    .iter()
                    .filter_map(|k| KeySpec::parse(k))
                    .collect();
                by_action.insert((*mode, *action), keys);
            }
        }
        let mut taken = Vec::new();
        for (name, binding) in table {
            if let Binding::Keys(keys) = binding {
                let action = action_named(name, None)?;
                let specs = parse_keys(name, keys)?;
                for mode in action.modes() {
                    bind(&mut by_action, *mode, action, &specs, &mut taken);
                }
            }
        }
        for (name, binding) in table {
            if let Binding::Screen(actions) = binding {
                let mode = mode_named(name)?;
                for (action_name, keys) in actions {
                    let action = action_named(action_name, Some(mode))?;
                    let specs = parse_keys(action_name, keys)?;
                    bind(&mut by_action, mode, action, &specs, &mut taken);
                }
            }
        }
        let mut by_key = BTreeMap::new();
        for ((mode, action), keys) in &by_action {
            for k in keys {
                by_key.insert((*mode, *k), *action);
            }
        }
        for t in &mut taken {
            t.orphaned = by_action.get(&(t.mode, t.from)).is_none_or(Vec::is_empty);
        }
        Ok(KeyMap {
            by_key,
            by_action,
            taken,
        })
    }

    /// The keys the user's table took from other actions (for `griot config --check`).
    pub fn taken(&self) -> &[Taken] {
        &self.taken
    }

    /// The action a key triggers in a mode.
    pub fn action(&self, mode: Mode, key: &KeySpec) -> Option<KeyAction> {
        self.by_key.get(&(mode, *key)).copied()
    }

    /// The keys bound to an action in a mode, for help texts.
    pub fn keys(&self, mode: Mode, action: KeyAction) -> &[KeySpec] {
        self.by_action
            .get(&(mode, action))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The actions with a key in a mode, in help order.
    pub fn actions(&self, mode: Mode) -> impl Iterator<Item = KeyAction> + '_ {
        KeyAction::ALL
            .iter()
            .copied()
            .filter(move |a| !self.keys(mode, *a).is_empty())
    }
}

/// Gives `action` the keys `specs` in `mode`, taking them from the mode's other actions
/// (and noting what was taken).
fn bind(
    by_action: &mut BTreeMap<(Mode, KeyAction), Vec<KeySpec>>,
    mode: Mode,
    action: KeyAction,
    specs: &[KeySpec],
    taken: &mut Vec<Taken>,
) {
    for ((m, other), list) in by_action.iter_mut() {
        if *m != mode {
            continue;
        }
        for key in list.iter().filter(|s| specs.contains(s)) {
            if *other != action {
                taken.push(Taken {
                    mode,
                    key: *key,
                    from: *other,
                    by: action,
                    orphaned: false,
                });
            }
        }
        list.retain(|s| !specs.contains(s));
    }
    by_action.insert((mode, action), specs.to_vec());
}

fn action_named(name: &str, mode: Option<Mode>) -> Result<KeyAction, BindingError> {
    let names: Vec<&str> = KeyAction::ALL
        .iter()
        .filter(|a| mode.is_none_or(|m| a.modes().contains(&m)))
        .map(|a| a.name())
        .collect();
    let found = KeyAction::from_name(name).filter(|a| mode.is_none_or(|m| a.modes().contains(&m)));
    found.ok_or_else(|| {
        let hint = nearest(name, &names)
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        let place = mode
            .map(|m| format!(" in [keys.{}]", m.name()))
            .unwrap_or_default();
        (
            name.to_string(),
            format!("unknown action `{name}`{place}{hint}"),
        )
    })
}

fn mode_named(name: &str) -> Result<Mode, BindingError> {
    Mode::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Mode::ALL.iter().map(|m| m.name()).collect();
        let hint = nearest(name, &names)
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        (
            name.to_string(),
            format!("unknown screen `{name}` (a table under [keys] names a screen){hint}"),
        )
    })
}

fn parse_keys(name: &str, keys: &[String]) -> Result<Vec<KeySpec>, BindingError> {
    keys.iter()
        .map(|k| {
            KeySpec::parse(k).ok_or_else(|| (name.to_string(), format!("unknown key name `{k}`")))
        })
        .collect()
}
