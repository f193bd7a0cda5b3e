//! Boxes drawn over the views: the help (generated from the live key map, so remapped keys
//! show as they are) and the first-run welcome.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Clear, Widget};

use super::{fit, put};
use crate::config::{Action, KeyMap};
use crate::i18n::t;
use crate::ui::app::State;

/// What an action does, in the help.
pub fn describe(action: Action) -> &'static str {
    match action {
        Action::Up => t("Move up"),
        Action::Down => t("Move down"),
        Action::PageUp => t("Page up"),
        Action::PageDown => t("Page down"),
        Action::Top => t("Go to the top"),
        Action::Bottom => t("Go to the bottom"),
        Action::Open => t("Open; with a number typed first, open that link"),
        Action::Back => t("Back"),
        Action::Quit => t("Quit"),
        Action::NextUnread => t("Next unread article"),
        Action::PrevUnread => t("Previous unread article"),
        Action::RefreshFeed => t("Refresh this feed"),
        Action::RefreshAll => t("Refresh all feeds"),
        Action::ToggleRead => t("Mark read / unread"),
        Action::MarkAllRead => t("Mark all read"),
        Action::Bookmark => t("Bookmark (keeps the full text)"),
        Action::OpenInBrowser => t("Open in the browser"),
        Action::CopyLink => t("Copy the link"),
        Action::FullText => t("Fetch the full text"),
        Action::Search => t("Search"),
        Action::Help => t("This help"),
        Action::ToggleHideRead => t("Hide / show read articles"),
        Action::Undo => t("Undo the last read, mark-all or bookmark change"),
        Action::Bookmarks => t("Bookmarks"),
        Action::AddFeed => t("Add a feed (URL or site)"),
        Action::RenameFeed => t("Rename the feed"),
        Action::EditTags => t("Edit the feed's tags"),
        Action::RemoveFeed => t("Remove the feed (bookmarks stay)"),
        Action::SaveUrl => t("Save a web page to read later"),
        Action::SaveSearch => t("Save the search as a feed (or forget one)"),
        Action::NextPane => t("Switch pane"),
    }
}

/// The keys of an action as the help shows them: "j, Down".
pub fn keys_text(keymap: &KeyMap, action: Action) -> String {
    keymap
        .keys(action)
        .iter()
        .map(|k| k.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The help's lines: keys and what they do.
pub fn help_lines(keymap: &KeyMap) -> Vec<(String, &'static str)> {
    Action::ALL
        .iter()
        .map(|a| (keys_text(keymap, *a), describe(*a)))
        .filter(|(k, _)| !k.is_empty())
        .collect()
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

/// The help overlay.
pub fn help(buf: &mut Buffer, area: Rect, state: &State) {
    let lines = help_lines(&state.keymap);
    let inner = boxed(buf, area, 72, lines.len() as u16 + 4, t("Help"), state);
    let keys_w = (inner.width as usize / 3).clamp(4, 22);
    let scroll = state.help.unwrap_or(0).min(lines.len().saturating_sub(1));
    let rows = inner.height.saturating_sub(1) as usize;
    for (i, (keys, what)) in lines.iter().skip(scroll).take(rows).enumerate() {
        let y = inner.y + i as u16;
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
        let keys = keys_text(&state.keymap, a);
        keys.split(", ").next().unwrap_or("").to_string()
    };
    let essentials = [
        (
            format!("{} / {}", k(Action::Down), k(Action::Up)),
            t("move"),
        ),
        (k(Action::Open), t("open")),
        (k(Action::Back), t("back")),
        (k(Action::RefreshAll), t("refresh all feeds")),
        (k(Action::AddFeed), t("add a feed")),
        (k(Action::Search), t("search")),
        (k(Action::Bookmark), t("bookmark")),
        (k(Action::Help), t("every key")),
        (k(Action::Quit), t("quit")),
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
