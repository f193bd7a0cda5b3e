//! The reader: scroll memory, next unread, link numbers, re-layout, styles and themes.

use super::*;

#[test]
fn returning_from_an_article_keeps_the_selection_and_its_scroll() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.key(KeyCode::Enter);
    h.keys("j"); // the second article: its full text comes from the page
    let title = h.selected_title();
    h.key(KeyCode::Enter);
    assert_eq!(h.state.screen, Screen::Reader);
    h.keys("jjjjj");
    assert_eq!(h.state.reader.as_ref().map(|r| r.scroll), Some(5));
    h.key(KeyCode::Esc);
    assert_eq!(h.state.screen, Screen::Articles);
    assert_eq!(h.selected_title(), title);
    h.keys("k");
    h.key(KeyCode::Enter);
    assert_eq!(h.state.reader.as_ref().map(|r| r.scroll), Some(0));
    h.key(KeyCode::Esc);
    h.keys("j");
    h.key(KeyCode::Enter);
    assert_eq!(
        h.state.reader.as_ref().map(|r| r.scroll),
        Some(5),
        "the second article reopens where it was left"
    );
}

#[test]
fn next_unread_skips_read_articles_and_opens_from_the_reader() {
    let mut store = fixture();
    let read = find_id(&mut store, "Sénégal");
    store.set_read(&[read], true).expect("mark");
    let mut h = Harness::new(store, 80, 24);
    h.key(KeyCode::Enter);
    h.keys("j"); // the short version
    h.key(KeyCode::Enter);
    h.keys("n");
    assert_eq!(h.state.screen, Screen::Reader);
    let title = h.state.reader.as_ref().map(|r| r.summary.title.clone());
    assert_eq!(
        title.as_deref(),
        Some("Mali : nouvelles routes vers le nord")
    );
}

#[test]
fn a_number_then_enter_opens_that_link() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.key(KeyCode::Enter);
    h.keys("jjj"); // Mali, whose text links to Gao
    h.key(KeyCode::Enter);
    assert!(h.text().contains("[1]"), "{}", h.text());
    h.keys("1");
    h.key(KeyCode::Enter);
    assert_eq!(
        h.outside.last(),
        Some(&Command::OpenUrl(
            "https://www.rfi.fr/fr/afrique/gao".into()
        ))
    );
    h.keys("9");
    h.key(KeyCode::Enter);
    assert!(h.text().contains("No link number 9"));
    assert_eq!(h.state.screen, Screen::Reader);
}

#[test]
fn resize_lays_the_article_out_again() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    let narrow = h
        .state
        .reader
        .as_ref()
        .and_then(|r| r.lines.as_ref())
        .map(|l| l.len());
    h.send(Msg::Resize(50, 24));
    let wide = h
        .state
        .reader
        .as_ref()
        .and_then(|r| r.lines.as_ref())
        .map(|l| l.len());
    assert_eq!(h.state.reader.as_ref().map(|r| r.width), Some(50));
    assert!(
        wide > narrow,
        "{wide:?} lines at 50 columns vs {narrow:?} at 80"
    );
}

#[test]
fn pull_quotes_are_drawn_in_a_style_unlike_body_text() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    for _ in 0..16 {
        h.keys("j");
    }
    let term = h.screen(80, 24);
    let buf = term.backend().buffer();
    let row_of = |needle: &str| {
        (0..24u16).find(|y| {
            let line: String = (0..80u16)
                .map(|x| buf[(x, *y)].symbol().to_string())
                .collect();
            line.contains(needle)
        })
    };
    let quote_row = row_of("C’est un grand honneur").expect("pull-quote on screen");
    let body_row = row_of("Depuis 2015")
        .or_else(|| row_of("Choïgou"))
        .expect("body on screen");
    let bar = buf[(2, quote_row)].clone();
    assert_eq!(bar.symbol(), "┃");
    let quote_cell = buf[(6, quote_row)].clone();
    let body_cell = buf[(2, body_row)].clone();
    assert!(quote_cell.modifier.contains(Modifier::ITALIC));
    assert!(!body_cell.modifier.contains(Modifier::ITALIC));
    assert_ne!(quote_cell.fg, body_cell.fg);
}

#[test]
fn no_color_keeps_attributes_but_drops_colours() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.state.theme = Theme::new(&ThemeConfig::default(), true);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    for _ in 0..16 {
        h.keys("j");
    }
    let term = h.screen(80, 24);
    let buf = term.backend().buffer();
    assert!(buf
        .content()
        .iter()
        .all(|c| c.fg == ratatui::style::Color::Reset && c.bg == ratatui::style::Color::Reset));
    assert!(buf
        .content()
        .iter()
        .any(|c| c.modifier.contains(Modifier::ITALIC)));
}

#[test]
fn light_theme_and_dark_theme_differ_only_in_colour() {
    let dark = Theme::new(&ThemeConfig::default(), false);
    let light = Theme::new(
        &ThemeConfig {
            name: crate::config::ThemeName::Light,
            ..ThemeConfig::default()
        },
        false,
    );
    use crate::render::Role;
    assert_ne!(
        dark.role(Role::PullQuote).fg,
        light.role(Role::PullQuote).fg
    );
    assert_eq!(
        dark.role(Role::PullQuote).add_modifier,
        light.role(Role::PullQuote).add_modifier
    );
}

#[test]
fn next_unread_at_the_end_wraps_around_and_says_so() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.key(KeyCode::Enter);
    let first = h.selected_title();
    h.keys("G");
    h.key(KeyCode::Enter);
    h.keys("n");
    assert_eq!(
        h.state.reader.as_ref().map(|r| r.summary.title.clone()),
        Some(first),
        "the first unread article, above"
    );
    let text = h.text();
    assert!(
        text.contains("Wrapped around to the first unread article"),
        "{text}"
    );
}
