//! The mouse: the wheel, clicks and double clicks, resolved against what was drawn.

use super::*;

#[test]
fn mouse_wheel_scrolls_a_click_selects_and_a_double_click_opens() {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    use std::time::{Duration, Instant};
    let mouse = |kind, column, row| MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    };
    let mut h = Harness::new(fixture(), 120, 40);
    // Wide: feeds on the left (columns 0-30), articles from column 32; row 0 is a title.
    let t0 = Instant::now();
    h.send(Msg::Mouse(
        mouse(MouseEventKind::Down(MouseButton::Left), 50, 3),
        t0,
    ));
    assert_eq!(h.state.screen, Screen::Articles);
    assert_eq!(h.state.list.cursor.selected, 2);
    h.send(Msg::Mouse(mouse(MouseEventKind::ScrollDown, 50, 3), t0));
    assert_eq!(h.state.list.cursor.selected, 5);
    h.send(Msg::Mouse(mouse(MouseEventKind::ScrollUp, 50, 3), t0));
    assert_eq!(h.state.list.cursor.selected, 2);
    // Two clicks far apart in time are two clicks; close together, a double click.
    h.send(Msg::Mouse(
        mouse(MouseEventKind::Down(MouseButton::Left), 50, 4),
        t0 + Duration::from_secs(5),
    ));
    assert_eq!(h.state.screen, Screen::Articles);
    h.send(Msg::Mouse(
        mouse(MouseEventKind::Down(MouseButton::Left), 50, 4),
        t0 + Duration::from_secs(5) + Duration::from_millis(150),
    ));
    assert_eq!(h.state.screen, Screen::Reader);
    assert_eq!(
        h.state.reader.as_ref().map(|r| r.summary.title.as_str()),
        Some("Mali : nouvelles routes vers le nord")
    );
    // The wheel scrolls the reader too, within the article.
    h.send(Msg::Mouse(mouse(MouseEventKind::ScrollDown, 60, 10), t0));
    assert_eq!(
        h.state.reader.as_ref().map(|r| r.scroll),
        Some(0),
        "a short article does not scroll"
    );
    // A click in the feed list selects a feed and shows its articles beside it.
    h.send(Msg::Mouse(
        mouse(MouseEventKind::Down(MouseButton::Left), 5, 6),
        t0,
    ));
    assert_eq!(h.state.screen, Screen::Feeds);
    assert_eq!(h.state.list.title, "RFI Afrique");
}

#[test]
fn a_click_means_what_was_drawn_where_it_landed() {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    use std::time::Instant;
    let click = |column, row| {
        Msg::Mouse(
            MouseEvent {
                kind: MouseEventKind::Down(MouseButton::Left),
                column,
                row,
                modifiers: KeyModifiers::NONE,
            },
            Instant::now(),
        )
    };
    // Drawn wide: the third article's row is at (50, 3), right of the feed list.
    let mut h = Harness::new(fixture(), 120, 40);
    // The terminal shrinks, and the click comes in the same batch, before the next draw: it
    // means the article the user saw there, not what a narrow layout would put there.
    let out = update(&mut h.state, Msg::Resize(80, 24));
    h.run(out);
    h.send(click(50, 3));
    assert_eq!(h.state.screen, Screen::Articles);
    assert_eq!(h.state.list.cursor.selected, 2);
    // Now drawn narrow, the article list alone: the same place is the same row, and a click
    // on its title row selects nothing.
    h.send(click(50, 0));
    assert_eq!(h.state.list.cursor.selected, 2);
    h.send(click(10, 4));
    assert_eq!(h.state.list.cursor.selected, 3);
}
