//! Search: the prompt, results with snippets, saved searches, editing the query.

use super::*;

#[test]
fn search_prompt_shows_results_with_snippets() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.keys("/");
    h.type_text("securite");
    h.key(KeyCode::Enter);
    assert_eq!(h.state.screen, Screen::Search);
    let search = h.state.search.as_ref().expect("search");
    assert_eq!(search.total, 2);
    assert!(h.text().contains("sécurité"));
    h.key(KeyCode::Enter);
    assert_eq!(h.state.screen, Screen::Reader);
    h.key(KeyCode::Esc);
    assert_eq!(h.state.screen, Screen::Search);
}

#[test]
fn a_search_is_saved_as_a_feed_and_forgotten_from_the_list() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.keys("s");
    assert!(h.state.prompt.is_none(), "nothing to save before a search");
    h.keys("/");
    h.type_text("securite");
    h.key(KeyCode::Enter);
    h.keys("s");
    assert_eq!(
        h.state.prompt.as_ref().map(|p| p.input.as_str()),
        Some("securite"),
        "the query is the name offered"
    );
    h.ctrl('u');
    h.type_text("Sûreté");
    h.key(KeyCode::Enter);
    let saved = h.worker.store().saved_searches().expect("saved searches");
    assert_eq!(saved.len(), 2, "the fixture's and this one");
    assert!(saved
        .iter()
        .any(|s| s.name == "Sûreté" && s.query == "securite" && s.total == 2));
    h.key(KeyCode::Esc);
    h.state.screen = Screen::Feeds;
    h.select_feed("Sûreté");
    h.keys("s");
    assert_eq!(
        h.state.confirm,
        Some(crate::ui::app::Confirm::ForgetSearch("Sûreté".into())),
        "asks first"
    );
    h.keys("y");
    let left = h.worker.store().saved_searches().expect("saved searches");
    assert_eq!(left.len(), 1, "only the one asked for is forgotten");
    assert!(left.iter().all(|s| s.name != "Sûreté"));
    assert!(h.state.feeds.iter().all(|e| e.label() != "Sûreté"));
}

#[test]
fn a_typo_in_the_middle_of_a_prompt_is_fixed_in_place() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.keys("/");
    h.type_text("sxcurite");
    for _ in 0..6 {
        h.key(KeyCode::Left);
    }
    h.key(KeyCode::Backspace);
    h.type_text("e");
    let term = h.screen(80, 24);
    let status = term.backend().buffer().content[80 * 23..]
        .iter()
        .map(|c| c.symbol())
        .collect::<String>();
    assert!(status.contains("securite"), "{status}");
    let cursor = term.backend().buffer()[(
        (" ".to_string() + crate::i18n::t("Search:") + " se")
            .chars()
            .count() as u16,
        23,
    )]
        .clone();
    assert_eq!(cursor.symbol(), "c", "the cursor sits on the next letter");
    let reversed =
        |c: &ratatui::buffer::Cell| c.modifier.contains(ratatui::style::Modifier::REVERSED);
    assert!(reversed(&cursor));
    assert!(
        !reversed(&term.backend().buffer()[(1, 23)]),
        "the rest of the bar is not"
    );
    h.key(KeyCode::Enter);
    assert_eq!(h.state.search.as_ref().expect("search").total, 2);
}

#[test]
fn results_stay_beside_the_feeds_across_tab_and_slash_starts_from_the_last_query() {
    let mut h = Harness::new(fixture(), 120, 40);
    h.keys("/");
    h.type_text("securite");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Tab);
    assert_eq!(h.state.screen, Screen::Feeds);
    let text = h.text();
    assert!(
        text.contains("2 results"),
        "the results stay beside the feeds:\n{text}"
    );
    h.key(KeyCode::Tab);
    assert_eq!(h.state.screen, Screen::Search);
    assert_eq!(h.state.search.as_ref().map(|s| s.total), Some(2));
    h.keys("/");
    assert_eq!(
        h.state.prompt.as_ref().map(|p| p.input.as_str()),
        Some("securite"),
        "a new search starts from the last query"
    );
}

#[test]
fn a_search_that_cannot_run_says_why_in_its_pane() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.keys("/");
    h.type_text("is:foo");
    h.key(KeyCode::Enter);
    let text = h.text();
    assert!(!text.contains("Searching…"), "{text}");
    assert!(
        text.contains("This search cannot run: invalid search: unknown `is:foo`"),
        "{text}"
    );
    // The next search clears it.
    h.keys("/");
    h.ctrl('u');
    h.type_text("securite");
    h.key(KeyCode::Enter);
    assert!(!h.text().contains("cannot run"));
}

#[test]
fn a_second_save_of_a_search_under_a_taken_name_is_refused() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.keys("/");
    h.type_text("securite");
    h.key(KeyCode::Enter);
    h.keys("s");
    h.key(KeyCode::Enter);
    h.keys("s");
    h.key(KeyCode::Enter);
    let saved = h.worker.store().saved_searches().expect("saved searches");
    assert_eq!(saved.iter().filter(|s| s.name == "securite").count(), 1);
    assert!(h
        .text()
        .contains("A saved search of that name exists: securite"));
}
