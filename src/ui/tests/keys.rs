//! The key map: rebinding, per-screen keys, and the help generated from it.

use super::*;

#[test]
fn help_lists_remapped_keys() {
    let mut keys = std::collections::BTreeMap::new();
    keys.insert("bookmark".to_string(), vec!["s".to_string()]);
    let map = KeyMap::with_overrides(&keys).expect("valid map");
    let mut h = Harness::new(fixture(), 80, 40);
    h.state.keymap = map;
    h.keys("?");
    let text = h.text();
    let line = text
        .lines()
        .find(|l| l.contains("Bookmark (keeps the full text)"))
        .expect("bookmark in help");
    assert!(line.contains(" s "), "{line}");
}

/// The key map a config's `[keys]` table gives.
fn keymap(toml: &str) -> KeyMap {
    crate::config::Config::parse(toml, std::path::Path::new("config.toml"))
        .expect("valid config")
        .key_map()
        .expect("valid key map")
}

fn feed_exists(h: &mut Harness, url: &str) -> bool {
    h.worker.store().find_feed(url).expect("query").is_some()
}

#[test]
fn a_rebound_confirmation_key_answers_yes_and_the_old_one_no_longer_does() {
    let broken = "https://example.org/broken.xml";
    let mut h = Harness::new(fixture(), 80, 24);
    h.state.keymap = keymap("[keys.confirm]\nconfirm = [\"o\"]\n");
    h.select_feed("Le Journal du Niger");
    h.keys("D");
    assert!(h.text().contains("(o/n)"), "the question names its keys");
    h.keys("y");
    assert!(h.state.confirm.is_none());
    assert!(feed_exists(&mut h, broken), "y is no longer yes");
    h.keys("D");
    h.keys("o");
    assert!(!feed_exists(&mut h, broken), "o is");
}

#[test]
fn a_key_rebound_on_one_screen_changes_that_screen_only() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.state.keymap = keymap("[keys.reader]\nnext_unread = [\"Space\"]\n");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char(' '));
    assert_eq!(
        h.state.list.cursor.selected, 5,
        "Space still pages down the article list"
    );
    h.keys("g");
    let first = h.selected_title();
    h.key(KeyCode::Enter);
    h.keys("n");
    assert_eq!(
        h.state.reader.as_ref().map(|r| r.summary.title.clone()),
        Some(first.clone()),
        "n is no longer next unread in the reader"
    );
    h.key(KeyCode::Char(' '));
    assert_eq!(h.state.screen, Screen::Reader);
    let next = h.state.reader.as_ref().map(|r| r.summary.title.clone());
    assert!(
        next.as_ref().is_some_and(|t| *t != first),
        "Space opened the next unread article: {next:?}"
    );
}

#[test]
fn suspending_and_opening_a_link_are_rebindable_too() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.state.keymap = keymap("[keys]\nsuspend = [\"F12\"]\n[keys.reader]\nopen_link = [\"L\"]\n");
    h.ctrl('z');
    assert!(h.outside.is_empty(), "Ctrl-Z is no longer bound");
    h.key(KeyCode::F(12));
    assert_eq!(h.outside, vec![Command::Suspend]);
    h.key(KeyCode::Enter);
    h.keys("jjj"); // Mali, whose text links to Gao
    h.key(KeyCode::Enter);
    h.keys("1");
    h.key(KeyCode::Enter);
    assert_eq!(h.outside.len(), 1, "Enter no longer opens link 1");
    h.keys("1L");
    assert_eq!(
        h.outside.last(),
        Some(&Command::OpenUrl(
            "https://www.rfi.fr/fr/afrique/gao".into()
        ))
    );
}

/// The rows of the help's text, from its first row.
fn help_rows(h: &Harness) -> Vec<String> {
    h.text()
        .lines()
        .map(|l| l.to_string())
        .skip_while(|l| !l.contains(" Help "))
        .collect()
}

fn row_of(rows: &[String], needle: &str) -> usize {
    rows.iter()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} in the help:\n{}", rows.join("\n")))
}

#[test]
fn the_help_lists_the_keys_of_the_screen_under_it_first() {
    let mut h = Harness::new(fixture(), 80, 50);
    h.state.keymap = keymap("[keys.reader]\nnext_unread = [\"Space\"]\n");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    h.keys("?");
    let rows = help_rows(&h);
    let own = row_of(&rows, "In the reader");
    let others = row_of(&rows, "On other screens");
    let next = row_of(&rows, "Next unread article");
    assert!(own < next && next < others, "{}", rows.join("\n"));
    assert!(rows[next].contains(" Space "), "{}", rows[next]);
    let link = row_of(&rows, "Open link n");
    assert!(own < link && link < others);
    assert!(own < row_of(&rows, "Mark read / unread"));
    h.key(KeyCode::Esc); // closes the help
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    assert_eq!(h.state.screen, Screen::Feeds);
    h.keys("?");
    let rows = help_rows(&h);
    let own = row_of(&rows, "On the feed list");
    let others = row_of(&rows, "On other screens");
    let next = row_of(&rows, "Next unread article");
    assert!(own < next && next < others);
    assert!(rows[next].contains(" n "), "{}", rows[next]);
    assert!(
        row_of(&rows, "Mark read / unread") > others,
        "marking an article is not a key of the feed list"
    );
}

#[test]
fn ctrl_l_redraws_the_whole_screen_on_any_screen() {
    let mut h = Harness::new(fixture(), 120, 60);
    h.ctrl('l');
    h.keys("/");
    h.ctrl('l');
    let redraws = h
        .outside
        .iter()
        .filter(|c| matches!(c, Command::Redraw))
        .count();
    assert_eq!(redraws, 2, "on the feed list and in a prompt");
    assert!(h.state.prompt.is_some(), "the prompt stays up");
    h.key(KeyCode::Esc);
    h.keys("?");
    assert!(h.text().contains("Redraw the screen"));
}
