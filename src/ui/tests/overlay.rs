//! The boxes over the views: the help (its width, its scrolling) and the welcome.

use super::*;

#[test]
fn the_help_uses_the_width_there_is_and_end_scrolls_it() {
    let mut h = Harness::new(fixture(), 120, 24);
    h.keys("?");
    let text = h.text();
    assert!(
        text.contains("Undo the last read, mark-all or bookmark change "),
        "no description is cut at 120 columns:\n{text}"
    );
    assert!(text.contains("PageDown, Ctrl-f, Space "), "{text}");
    assert!(
        !text.contains("To a question: yes"),
        "the last line is below"
    );
    h.key(KeyCode::End);
    assert!(h.state.help.is_some(), "End scrolls, it does not close");
    let text = h.text();
    assert!(text.contains("To a question: yes"), "{text}");
    h.keys("g");
    assert!(h.text().contains("On the feed list"));
    h.keys("G");
    h.keys("k");
    assert!(h.state.help.is_some());
    assert!(
        !h.text().contains("To a question: yes"),
        "one up from the bottom hides the last line"
    );
}

#[test]
fn the_welcome_at_60_columns_shows_the_whole_command() {
    let h = Harness::new(Store::open_in_memory().expect("store"), 60, 24);
    assert!(h.state.welcome);
    let text = h.text();
    assert!(text.contains("`griot import FILE`"), "{text}");
    assert!(text.contains("Press any key to start."), "{text}");
}

#[test]
fn messages_that_went_by_can_be_read_again() {
    let mut h = Harness::new(fixture(), 100, 24);
    h.send(Msg::Error("timed out: https://example.org/slow.xml".into()));
    h.send(Msg::Info("3 new articles".into()));
    for _ in 0..(10 * crate::ui::app::TICKS_PER_SEC) {
        h.send(Msg::Tick);
    }
    assert!(!h.text().contains("3 new articles"), "the message expired");
    h.keys("M");
    let text = h.text();
    let newest = text.find("3 new articles").expect("the info is listed");
    let older = text
        .find("timed out: https://example.org/slow.xml")
        .expect("the error too");
    assert!(newest < older, "newest first:\n{text}");
    h.keys("x");
    assert!(h.state.help.is_none(), "any other key closes it");
}
