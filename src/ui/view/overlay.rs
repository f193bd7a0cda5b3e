//! Boxes drawn over the views: the help (generated from the live key map for the screen
//! under it, so remapped keys show as they are) and the first-run welcome.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Clear, Widget};

use super::{fit, put};
use crate::config::{KeyAction, KeyMap, Mode};
use crate::i18n::t;
use crate::ui::app::State;

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
        KeyAction::Undo => t("Undo the last read, mark-all or bookmark change"),
        KeyAction::Bookmarks => t("Bookmarks"),
        KeyAction::AddFeed => t("Add a feed (URL or site)"),
        KeyAction::RenameFeed => t("Rename the feed"),
        KeyAction::EditTags => t("Edit the feed's tags"),
        KeyAction::RemoveFeed => t("Remove the feed (bookmarks stay)"),
        KeyAction::SaveUrl => t("Save a web page to read later"),
        KeyAction::SaveSearch => t("Save the search as a feed (or forget one)"),
        KeyAction::NextPane => t("Switch pane"),
        KeyAction::Submit => t("In a prompt: accept"),
        KeyAction::Cancel => t("In a prompt: cancel"),
        KeyAction::Confirm => t("To a question: yes (any other key: no)"),
    }
}

/// The keys of an action in a mode as the help shows them: "j, Down".
pub fn keys_text(keymap: &KeyMap, mode: Mode, action: KeyAction) -> String {
    keymap
        .keys(mode, action)
        .iter()
        .map(|k| k.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A line of the help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    /// A section's title.
    Heading(&'static str),
    /// Keys and what they do.
    Keys(String, &'static str),
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
pub fn help_lines(keymap: &KeyMap, mode: Mode) -> Vec<HelpLine> {
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

fn boxed(
    buf: &mut Buffer,
    area: Rect,
    width: u16,
    height: u16,
    title: &str,
    state: &State,
) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    let r = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    Clear.render(r, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(state.theme.border(true))
        .title(format!(" {title} "))
        .title_style(state.theme.title());
    let inner = block.inner(r);
    block.render(r, buf);
    inner
}

/// The help overlay, for the screen under it.
pub fn help(buf: &mut Buffer, area: Rect, state: &State) {
    let lines = help_lines(&state.keymap, state.screen.mode());
    let inner = boxed(buf, area, 72, lines.len() as u16 + 4, t("Help"), state);
    let keys_w = (inner.width as usize / 3).clamp(4, 22);
    let scroll = state
        .help
        .map_or(0, |h| h.scroll)
        .min(lines.len().saturating_sub(1));
    let rows = inner.height.saturating_sub(1) as usize;
    for (i, line) in lines.iter().skip(scroll).take(rows).enumerate() {
        let y = inner.y + i as u16;
        match line {
            HelpLine::Heading(title) => {
                let w = inner.width as usize;
                put(
                    buf,
                    inner,
                    inner.x + 1,
                    y,
                    &fit(title, w.saturating_sub(1)),
                    w,
                    state.theme.dim(),
                );
            }
            HelpLine::Keys(keys, what) => {
                put(
                    buf,
                    inner,
                    inner.x + 1,
                    y,
                    &fit(keys, keys_w),
                    keys_w,
                    state.theme.title(),
                );
                let x = inner.x + 2 + keys_w as u16;
                let room = (inner.width as usize).saturating_sub(keys_w + 2);
                put(buf, inner, x, y, &fit(what, room), room, state.theme.base());
            }
        }
    }
    if inner.height > 0 {
        let hint = t("Any other key closes this help");
        put(
            buf,
            inner,
            inner.x + 1,
            inner.y + inner.height - 1,
            &fit(hint, inner.width as usize),
            inner.width as usize,
            state.theme.dim(),
        );
    }
}

/// The first-run welcome.
pub fn welcome(buf: &mut Buffer, area: Rect, state: &State) {
    let k = |a| {
        let keys = keys_text(&state.keymap, Mode::Articles, a);
        keys.split(", ").next().unwrap_or("").to_string()
    };
    let essentials = [
        (
            format!("{} / {}", k(KeyAction::Down), k(KeyAction::Up)),
            t("move"),
        ),
        (k(KeyAction::Open), t("open")),
        (k(KeyAction::Back), t("back")),
        (k(KeyAction::RefreshAll), t("refresh all feeds")),
        (k(KeyAction::AddFeed), t("add a feed")),
        (k(KeyAction::Search), t("search")),
        (k(KeyAction::Bookmark), t("bookmark")),
        (k(KeyAction::Help), t("every key")),
        (k(KeyAction::Quit), t("quit")),
    ];
    let intro = [
        t("griot reads news feeds in the terminal."),
        t("Add feeds here, or import a list with `griot import FILE`;"),
        t("refresh to fetch the latest articles."),
    ];
    let height = (intro.len() + essentials.len() + 6) as u16;
    let inner = boxed(buf, area, 64, height, t("Welcome to griot"), state);
    let w = inner.width as usize;
    let mut y = inner.y;
    for line in intro {
        put(
            buf,
            inner,
            inner.x + 1,
            y,
            &fit(line, w.saturating_sub(1)),
            w,
            state.theme.base(),
        );
        y += 1;
    }
    y += 1;
    for (keys, what) in &essentials {
        put(
            buf,
            inner,
            inner.x + 3,
            y,
            &fit(keys, 14),
            14,
            state.theme.title(),
        );
        put(
            buf,
            inner,
            inner.x + 18,
            y,
            &fit(what, w.saturating_sub(18)),
            w,
            state.theme.base(),
        );
        y += 1;
    }
    y += 1;
    put(
        buf,
        inner,
        inner.x + 1,
        y,
        &fit(t("Press any key to start."), w.saturating_sub(1)),
        w,
        state.theme.dim(),
    );
}
