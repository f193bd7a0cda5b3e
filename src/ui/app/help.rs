//! The help overlay's state: open or not, which page (the keys, or the last messages), and
//! how far it is scrolled. Its keys come from the
//! help's mode of the key map (moving, quitting); any other key closes it. What it lists is
//! generated from the key map for the screen under it (see `view`).

use crate::config::{KeyAction, KeyMap, Macro, Mode};
use crate::i18n::t;

use super::State;
use crate::ui::event::Command;

/// Rows a page key scrolls the help by.
const PAGE: usize = 10;

/// The open help.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Help {
    /// Lines scrolled off the top.
    pub scroll: usize,
    pub page: HelpPage,
}

/// What the help shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum HelpPage {
    /// The keys.
    #[default]
    Keys,
    /// The last status messages, newest first.
    Messages,
}

/// A key while the help is open.
pub(super) fn on_key(state: &mut State, action: Option<KeyAction>) -> Vec<Command> {
    let Some(help) = &mut state.help else {
        return Vec::new();
    };
    match action {
        Some(KeyAction::Down) => help.scroll += 1,
        Some(KeyAction::Up) => help.scroll = help.scroll.saturating_sub(1),
        Some(KeyAction::PageDown) => help.scroll += PAGE,
        Some(KeyAction::PageUp) => help.scroll = help.scroll.saturating_sub(PAGE),
        Some(KeyAction::Top) => help.scroll = 0,
        Some(KeyAction::Bottom) => help.scroll = usize::MAX,
        Some(KeyAction::Quit) => return super::quit(state),
        _ => {
            state.help = None;
            return Vec::new();
        }
    }
    // Scroll no further than the last line at the bottom.
    let lines = match state.help.map(|h| h.page) {
        Some(HelpPage::Messages) => state.status.history.len(),
        _ => help_lines(&state.keymap, state.screen.mode(), &state.handoff.macros).len(),
    };
    let max = lines.saturating_sub(visible_rows(lines, state.size.1));
    if let Some(help) = &mut state.help {
        help.scroll = help.scroll.min(max);
    }
    Vec::new()
}

/// Rows of lines the help shows in a terminal `height` rows high: its box (the lines, a
/// border and a margin above and below, the closing hint) as tall as fits.
pub fn visible_rows(lines: usize, height: u16) -> usize {
    (lines + 4).min(height as usize).saturating_sub(3)
}

/// What an action does, in the help.
pub fn describe(action: KeyAction) -> &'static str {
    match action {
        KeyAction::Up => t("Move up"),
        KeyAction::Down => t("Move down"),
        KeyAction::PageUp => t("Page up"),
        KeyAction::PageDown => t("Page down"),
        KeyAction::Top => t("Go to the top"),
        KeyAction::Bottom => t("Go to the bottom"),
        KeyAction::Open => t("Open"),
        KeyAction::OpenLink => t("Open link n (type the number first)"),
        KeyAction::Back => t("Back"),
        KeyAction::Quit => t("Quit"),
        KeyAction::Suspend => t("Suspend (fg resumes)"),
        KeyAction::Redraw => t("Redraw the screen"),
        KeyAction::NextUnread => t("Next unread article"),
        KeyAction::PrevUnread => t("Previous unread article"),
        KeyAction::RefreshFeed => t("Refresh this feed"),
        KeyAction::RefreshAll => t("Refresh all feeds"),
        KeyAction::ToggleRead => t("Mark read / unread"),
        KeyAction::MarkAllRead => t("Mark all read"),
        KeyAction::Bookmark => t("Bookmark (keeps the full text)"),
        KeyAction::OpenInBrowser => t("Open in the browser"),
        KeyAction::CopyLink => t("Copy the link"),
        KeyAction::FullText => t("Fetch the full text"),
        KeyAction::Search => t("Search"),
        KeyAction::Help => t("This help"),
        KeyAction::ToggleHideRead => t("Hide / show read articles"),
        KeyAction::TogglePictures => t("Show / hide pictures"),
        KeyAction::Undo => t("Undo the last read, mark-all or bookmark change"),
        KeyAction::Bookmarks => t("Bookmarks"),
        KeyAction::AddFeed => t("Add a feed (URL or site)"),
        KeyAction::RenameFeed => t("Rename the feed"),
        KeyAction::EditTags => t("Edit the feed's tags"),
        KeyAction::RemoveFeed => t("Remove the feed (bookmarks stay)"),
        KeyAction::SaveUrl => t("Save a web page to read later"),
        KeyAction::SaveSearch => t("Save the search as a feed (or forget one)"),
        KeyAction::NextPane => t("Switch pane"),
        KeyAction::Messages => t("The last messages"),
        KeyAction::Submit => t("In a prompt: accept"),
        KeyAction::Cancel => t("In a prompt: cancel"),
        KeyAction::Confirm => t("To a question: yes (any other key: no)"),
        KeyAction::Pipe => t("Pipe the article to a command"),
        KeyAction::SaveMarkdown => t("Save the article as Markdown"),
        KeyAction::Play => t("Play an attached file (a number first: that file)"),
        KeyAction::Download => t("Download attached files (a number first: that file)"),
    }
}

/// The keys of an action in a mode as the help shows them: "j, Down".
pub fn keys_text(keymap: &KeyMap, mode: Mode, action: KeyAction) -> String {
    keymap
        .keys(mode, action)
        .iter()
        .map(key_name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A key as the reader's language names it: "Entrée", "Ctrl-Haut", "j".
pub fn key_name(k: &crate::config::KeySpec) -> String {
    let text = k.to_string();
    let (mods, name) = match text.rfind('-') {
        Some(i) if i + 1 < text.len() && text.len() > 2 => text.split_at(i + 1),
        _ => ("", text.as_str()),
    };
    let name = match name {
        "Space" => t("Space"),
        "Enter" => t("Enter"),
        "Esc" => t("Esc"),
        "Backspace" => t("Backspace"),
        "Delete" => t("Delete"),
        "Up" => t("Up"),
        "Down" => t("Down"),
        "Left" => t("Left"),
        "Right" => t("Right"),
        "Home" => t("Home"),
        "End" => t("End"),
        "PageUp" => t("PageUp"),
        "PageDown" => t("PageDown"),
        other => other,
    };
    format!("{mods}{name}")
}

/// A line of the help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    /// A section's title.
    Heading(&'static str),
    /// Keys and what they do.
    Keys(String, &'static str),
    /// A macro's key and what it runs.
    Macro(String, String),
}

impl HelpLine {
    /// The keys and what they do (empty keys for a heading).
    pub fn pair(&self) -> (&str, &str) {
        match self {
            HelpLine::Heading(title) => ("", title),
            HelpLine::Keys(keys, what) => (keys, what),
            HelpLine::Macro(keys, what) => (keys, what),
        }
    }
}

/// The title of a screen's section of the help.
fn section(mode: Mode) -> &'static str {
    match mode {
        Mode::Feeds => t("On the feed list"),
        Mode::Articles => t("On the article list"),
        Mode::Reader => t("In the reader"),
        Mode::Search => t("In the search results"),
        Mode::Help | Mode::Prompt | Mode::Confirm => t("Help"),
    }
}

/// The help's lines for the screen in `mode`: that screen's keys first, then the keys only
/// other screens have, then those of prompts and questions.
pub fn help_lines(keymap: &KeyMap, mode: Mode, macros: &[Macro]) -> Vec<HelpLine> {
    let mut lines = vec![HelpLine::Heading(section(mode))];
    lines.extend(
        keymap
            .actions(mode)
            .map(|a| HelpLine::Keys(keys_text(keymap, mode, a), describe(a))),
    );
    let elsewhere: Vec<HelpLine> = KeyAction::ALL
        .iter()
        .filter(|a| keymap.keys(mode, **a).is_empty())
        .filter_map(|a| {
            let other = Mode::SCREENS
                .iter()
                .find(|m| !keymap.keys(**m, *a).is_empty())?;
            Some(HelpLine::Keys(keys_text(keymap, *other, *a), describe(*a)))
        })
        .collect();
    if !elsewhere.is_empty() {
        lines.push(HelpLine::Heading(t("On other screens")));
        lines.extend(elsewhere);
    }
    lines.extend(macro_lines(macros));
    lines.push(HelpLine::Heading(t("In prompts and questions")));
    for (m, a) in [
        (Mode::Prompt, KeyAction::Submit),
        (Mode::Prompt, KeyAction::Cancel),
        (Mode::Confirm, KeyAction::Confirm),
    ] {
        let keys = keys_text(keymap, m, a);
        if !keys.is_empty() {
            lines.push(HelpLine::Keys(keys, describe(a)));
        }
    }
    lines
}

/// The `[[macro]]`s, under their own heading.
fn macro_lines(macros: &[Macro]) -> Vec<HelpLine> {
    if macros.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![HelpLine::Heading(t("Macros"))];
    lines.extend(
        macros
            .iter()
            .map(|m| HelpLine::Macro(key_name(&m.key), m.description.clone())),
    );
    lines
}
