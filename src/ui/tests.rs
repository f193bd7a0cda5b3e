//! Tests of the reader: `update()` behaviour (navigation, undo, keeping the selection,
//! hiding read articles) and snapshots of every view at 80×24 and 120×40.
//!
//! A [`Harness`] runs the real `update` and the real store worker synchronously over an
//! in-memory store filled with fixed data, so every test sees exactly what a user would.

use chrono::{TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;
use ratatui::Terminal;

use super::app::{update, Screen, Settings, State};
use super::event::{Command, Msg};
use super::tasks::Worker;
use super::theme::Theme;
use super::{setup, view};
use crate::config::{KeyMap, Notify, ThemeConfig};
use crate::model::{ArticleId, FeedId, ParsedFeed, ParsedItem};
use crate::store::{ArticleFilter, FeedUpdate, NewFeed, Store};

/// The reader over a store, with commands carried out inline.
struct Harness {
    state: State,
    worker: Worker,
    /// Commands that leave the process (open URL, refresh…), in order.
    outside: Vec<Command>,
}

fn settings() -> Settings {
    Settings {
        mark_read_on_open: true,
        reader_width: 80,
        link_list: true,
        network: false,
        refresh_on_start: false,
        refresh_every: 0,
        notify: Notify::Off,
    }
}

impl Harness {
    fn new(store: Store, w: u16, h: u16) -> Harness {
        let theme = Theme::new(&ThemeConfig::default(), false);
        let mut h = Harness {
            state: State::new((w, h), KeyMap::default(), theme, settings()),
            worker: Worker::new(store),
            outside: Vec::new(),
        };
        let init = h.state.init();
        h.run(init);
        h
    }

    fn run(&mut self, commands: Vec<Command>) {
        let outside = &mut self.outside;
        self.worker
            .run_here(&mut self.state, commands, |c| outside.push(c));
    }

    fn send(&mut self, msg: Msg) {
        let out = update(&mut self.state, msg);
        self.run(out);
    }

    fn key(&mut self, code: KeyCode) {
        self.send(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }

    fn keys(&mut self, keys: &str) {
        for c in keys.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    fn type_text(&mut self, text: &str) {
        self.keys(text);
    }

    fn ctrl(&mut self, c: char) {
        self.send(Msg::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::CONTROL,
        )));
    }

    /// Moves the feed list's selection to the entry labelled `label`, with the keys.
    fn select_feed(&mut self, label: &str) {
        let pos = self
            .state
            .feeds
            .iter()
            .position(|e| e.label() == label)
            .expect("feed listed");
        self.keys("g");
        for _ in 0..pos {
            self.keys("j");
        }
    }

    fn screen(&self, w: u16, h: u16) -> Terminal<TestBackend> {
        let mut term = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
        term.draw(|f| view::draw(f, &self.state)).expect("draw");
        term
    }

    fn text(&self) -> String {
        let (w, h) = self.state.size;
        self.screen(w, h).backend().to_string()
    }

    fn selected_title(&self) -> String {
        self.state
            .list
            .selected()
            .map(|a| a.title.clone())
            .unwrap_or_default()
    }
}

fn at(day: u32, hour: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2023, 11, day, hour, 0, 0)
        .single()
        .expect("valid date")
}

fn item(uid: &str, title: &str, body: &str, when: chrono::DateTime<Utc>) -> ParsedItem {
    ParsedItem {
        uid: uid.into(),
        guid: Some(uid.into()),
        link: Some(format!("https://example.org/{uid}")),
        title: title.into(),
        author: None,
        published: Some(when),
        updated: None,
        summary_html: None,
        content_html: Some(format!("<p>{body}</p>")),
    }
}

fn add(store: &mut Store, url: &str, title: &str, tags: &[&str], items: Vec<ParsedItem>) -> FeedId {
    let id = match store
        .add_feed(&NewFeed {
            url: url.into(),
            title: Some(title.into()),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            hidden: false,
        })
        .expect("add feed")
    {
        crate::store::AddOutcome::Added(id) | crate::store::AddOutcome::Exists(id) => id,
    };
    store
        .record_fetch_success(
            id,
            &FeedUpdate {
                parsed: ParsedFeed {
                    title: Some(title.into()),
                    items,
                    ..Default::default()
                },
                etag: None,
                last_modified: None,
                new_url: None,
                next_fetch: at(30, 12),
            },
        )
        .expect("store items");
    id
}

/// Fixed data: the Africa24 seed feed, RFI Afrique, a failing feed, a bookmark, a saved search.
fn fixture() -> Store {
    let mut store = Store::open_in_memory().expect("store");
    setup::seed_africa24(&mut store).expect("seed");
    add(
        &mut store,
        "https://www.rfi.fr/fr/afrique/rss",
        "RFI Afrique",
        &["Afrique"],
        vec![
            item("rfi-1", "Sénégal : la saison des pluies s’achève", "La sécurité alimentaire progresse au Sénégal.", at(7, 12)),
            item("rfi-2", "Mali : nouvelles routes vers le nord", "Des routes relient <a href=\"https://www.rfi.fr/fr/afrique/gao\">Gao</a> et Tombouctou.", at(6, 12)),
            item("rfi-3", "Côte d’Ivoire : le cacao en hausse", "Les cours du cacao montent à Abidjan.", at(5, 12)),
        ],
    );
    let broken = add(
        &mut store,
        "https://example.org/broken.xml",
        "Le Journal du Niger",
        &[],
        vec![item(
            "jn-1",
            "Niamey : la sécurité au menu du conseil",
            "Le conseil des ministres parle de sécurité.",
            at(4, 12),
        )],
    );
    store
        .record_fetch_error(broken, "HTTP 404 Not Found", at(30, 12))
        .expect("record error");
    let first = store
        .list_articles(&crate::store::ArticleQuery {
            filter: ArticleFilter {
                feed: Some(broken),
                ..Default::default()
            },
            ..Default::default()
        })
        .expect("list");
    store
        .set_bookmarked(&[first[0].id], true)
        .expect("bookmark");
    store
        .save_search("Sécurité", "securite")
        .expect("save search");
    store
}

fn find_id(store: &mut Store, title_start: &str) -> ArticleId {
    store
        .list_articles(&crate::store::ArticleQuery {
            limit: 1000,
            ..Default::default()
        })
        .expect("list")
        .into_iter()
        .find(|a| a.title.starts_with(title_start))
        .map(|a| a.id)
        .expect("article present")
}

fn is_read(h: &mut Harness, id: ArticleId) -> bool {
    h.worker
        .store()
        .article(id)
        .expect("query")
        .expect("exists")
        .read
}

// ---------------------------------------------------------------- update()

#[test]
fn arrows_and_vim_keys_move_and_enter_opens_the_feed() {
    let mut h = Harness::new(fixture(), 80, 24);
    assert_eq!(h.state.screen, Screen::Feeds);
    // All articles, Bookmarks, Saved search, tag Afrique, Africa24, RFI, Journal du Niger.
    h.key(KeyCode::Enter);
    assert_eq!(h.state.screen, Screen::Articles);
    assert_eq!(h.state.list.total, 6);
    assert!(h
        .selected_title()
        .starts_with("Le Burkina Faso et la Russie envisagent"));
    h.keys("jj");
    assert_eq!(h.state.list.cursor.selected, 2);
    h.key(KeyCode::Up);
    assert_eq!(h.state.list.cursor.selected, 1);
    h.keys("G");
    assert_eq!(
        h.selected_title(),
        "Niamey : la sécurité au menu du conseil"
    );
    h.keys("g");
    assert_eq!(h.state.list.cursor.selected, 0);
    h.key(KeyCode::Esc);
    assert_eq!(h.state.screen, Screen::Feeds);
}

#[test]
fn long_lists_are_paged_from_the_store_not_loaded_whole() {
    let mut store = Store::open_in_memory().expect("store");
    let items = (0..1000)
        .map(|i| {
            item(
                &format!("n{i}"),
                &format!("Article {i:04}"),
                "x",
                at(1, 0) + chrono::Duration::minutes(i),
            )
        })
        .collect();
    add(
        &mut store,
        "https://example.org/many.xml",
        "Many",
        &[],
        items,
    );
    let mut h = Harness::new(store, 80, 24);
    h.key(KeyCode::Enter);
    assert_eq!(h.state.list.total, 1000);
    assert!(h.state.list.rows.len() <= super::app::WINDOW as usize);
    h.keys("G");
    assert_eq!(h.selected_title(), "Article 0000");
    assert!(h.state.list.rows.len() <= super::app::WINDOW as usize);
    for _ in 0..30 {
        h.key(KeyCode::PageUp);
    }
    let expected = format!("Article {:04}", 30 * 22);
    assert_eq!(h.selected_title(), expected);
}

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
fn opening_marks_read_and_u_undoes_it() {
    let mut store = fixture();
    let id = find_id(&mut store, "Sénégal");
    let mut h = Harness::new(store, 80, 24);
    h.key(KeyCode::Enter);
    h.keys("jj");
    assert_eq!(h.state.list.selected().map(|a| a.id), Some(id));
    h.key(KeyCode::Enter);
    assert!(is_read(&mut h, id));
    h.key(KeyCode::Esc);
    assert!(h.state.list.selected().is_some_and(|a| a.read));
    h.keys("u");
    assert!(!is_read(&mut h, id));
    assert!(h.state.list.selected().is_some_and(|a| !a.read));
    // m toggles, u takes it back.
    h.keys("m");
    assert!(is_read(&mut h, id));
    h.keys("u");
    assert!(!is_read(&mut h, id));
}

#[test]
fn mark_all_read_and_bookmark_are_undone_too() {
    let mut h = Harness::new(fixture(), 80, 24);
    let before = h.worker.store().unread_total().expect("count");
    assert!(before > 0);
    h.keys("A"); // on "All articles"
    assert_eq!(h.worker.store().unread_total().expect("count"), 0);
    assert_eq!(h.state.unread_total, 0);
    h.keys("u");
    assert_eq!(h.worker.store().unread_total().expect("count"), before);
    h.key(KeyCode::Enter);
    let id = h.state.list.selected().map(|a| a.id).expect("selection");
    h.keys("b");
    assert!(
        h.worker
            .store()
            .article(id)
            .expect("q")
            .expect("a")
            .bookmarked
    );
    h.keys("u");
    assert!(
        !h.worker
            .store()
            .article(id)
            .expect("q")
            .expect("a")
            .bookmarked
    );
}

#[test]
fn hiding_read_articles_keeps_the_selection_where_it_can() {
    let mut store = fixture();
    let read = find_id(&mut store, "Mali");
    store.set_read(&[read], true).expect("mark");
    let mut h = Harness::new(store, 80, 24);
    h.key(KeyCode::Enter);
    h.keys("jjj"); // Mali (read)
    assert_eq!(h.state.list.selected().map(|a| a.id), Some(read));
    h.keys("k"); // Sénégal (unread)
    let keep = h.state.list.selected().map(|a| a.id);
    h.keys("H");
    assert!(h.state.hide_read);
    assert_eq!(h.state.list.total, 5);
    assert_eq!(h.state.list.selected().map(|a| a.id), keep);
    assert!(!h.text().contains("Mali"));
    h.keys("H");
    assert_eq!(h.state.list.total, 6);
    assert_eq!(h.state.list.selected().map(|a| a.id), keep);
}

#[test]
fn new_articles_from_another_process_keep_the_selection() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.key(KeyCode::Enter);
    h.keys("jj");
    let keep = h.state.list.selected().map(|a| a.id);
    let feed = h
        .worker
        .store()
        .find_feed("https://www.rfi.fr/fr/afrique/rss")
        .expect("q")
        .expect("feed")
        .id;
    h.worker
        .store()
        .record_fetch_success(
            feed,
            &FeedUpdate {
                parsed: ParsedFeed {
                    items: vec![item("rfi-new", "Dernière minute", "x", at(9, 12))],
                    ..Default::default()
                },
                etag: None,
                last_modified: None,
                new_url: None,
                next_fetch: at(30, 12),
            },
        )
        .expect("store");
    h.send(Msg::StoreChanged);
    assert_eq!(h.state.list.total, 7);
    assert_eq!(h.state.list.selected().map(|a| a.id), keep);
    assert_eq!(h.state.list.cursor.selected, 3);
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
fn removing_a_feed_asks_first_and_keeps_its_bookmarks() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.select_feed("Le Journal du Niger");
    assert!(
        h.text().contains("! HTTP 404 Not Found"),
        "a failed feed shows why in the status bar"
    );
    h.keys("D");
    assert!(h.state.confirm.is_some());
    assert!(h.text().contains("Its bookmarks stay"));
    h.keys("n");
    assert!(h
        .worker
        .store()
        .find_feed("https://example.org/broken.xml")
        .expect("q")
        .is_some());
    h.keys("D");
    h.keys("y");
    assert!(h
        .worker
        .store()
        .find_feed("https://example.org/broken.xml")
        .expect("q")
        .is_none());
    let bookmarks = h
        .worker
        .store()
        .count_articles(&ArticleFilter {
            bookmarked_only: true,
            ..Default::default()
        })
        .expect("count");
    assert_eq!(bookmarks, 1);
}

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
fn renaming_and_tagging_a_feed_from_the_list() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.select_feed("RFI Afrique");
    h.keys("e");
    h.ctrl('u');
    h.type_text("RFI");
    h.key(KeyCode::Enter);
    h.keys("t");
    assert_eq!(
        h.state.prompt.as_ref().map(|p| p.input.as_str()),
        Some("Afrique")
    );
    h.type_text(", Radio");
    h.key(KeyCode::Enter);
    let feed = h
        .worker
        .store()
        .find_feed("https://www.rfi.fr/fr/afrique/rss")
        .expect("q")
        .expect("feed");
    assert_eq!(feed.title, "RFI");
    assert_eq!(feed.tags, vec!["Afrique".to_string(), "Radio".to_string()]);
}

#[test]
fn tiny_terminals_draw_every_view_without_panicking() {
    for (w, h) in [(40, 15), (20, 5), (1, 1), (80, 2)] {
        let mut hr = Harness::new(fixture(), w, h);
        hr.text();
        hr.key(KeyCode::Enter);
        hr.text();
        hr.key(KeyCode::Enter);
        hr.text();
        hr.key(KeyCode::PageDown);
        hr.text();
        hr.keys("?");
        hr.text();
        hr.key(KeyCode::Esc);
        hr.keys("/");
        hr.type_text("russie");
        hr.key(KeyCode::Enter);
        hr.text();
        hr.send(Msg::Resize(w + 100, h + 20));
        hr.text();
    }
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

// ---------------------------------------------------------------- views

fn snapshot(name: &str, h: &Harness) {
    let (w, hh) = h.state.size;
    let term = h.screen(w, hh);
    insta::assert_snapshot!(format!("{name}_{w}x{hh}"), term.backend());
}

fn at_sizes(f: impl Fn(&mut Harness) -> &'static str) {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut hr = Harness::new(fixture(), w, h);
        let name = f(&mut hr);
        snapshot(name, &hr);
    }
}

#[test]
fn view_feed_list() {
    at_sizes(|_| "feeds");
}

#[test]
fn view_article_list() {
    at_sizes(|h| {
        h.key(KeyCode::Enter);
        "articles"
    });
}

#[test]
fn view_reader_with_the_seed_article() {
    at_sizes(|h| {
        h.key(KeyCode::Enter);
        h.key(KeyCode::Enter);
        "reader"
    });
}

#[test]
fn view_reader_at_the_first_pull_quote() {
    at_sizes(|h| {
        h.key(KeyCode::Enter);
        h.key(KeyCode::Enter);
        for _ in 0..16 {
            h.keys("j");
        }
        "reader_pullquote"
    });
}

#[test]
fn view_bookmarks() {
    at_sizes(|h| {
        h.keys("B");
        "bookmarks"
    });
}

#[test]
fn view_search_results() {
    at_sizes(|h| {
        h.keys("/");
        h.type_text("securite");
        h.key(KeyCode::Enter);
        "search"
    });
}

#[test]
fn view_help_overlay() {
    at_sizes(|h| {
        h.keys("?");
        "help"
    });
}

#[test]
fn view_welcome_on_an_empty_store() {
    for (w, hh) in [(80, 24), (120, 40)] {
        let h = Harness::new(Store::open_in_memory().expect("store"), w, hh);
        assert!(h.state.welcome);
        snapshot("welcome", &h);
    }
}

#[test]
fn view_prompt_and_status() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.send(Msg::RefreshStarted { total: 5 });
    h.send(Msg::RefreshProgress(super::event::FeedResult {
        feed: FeedId(1),
        new: 0,
        error: Some("could not resolve host".into()),
        network: true,
    }));
    snapshot("refreshing", &h);
    h.keys("a");
    h.type_text("africa24tv.com");
    snapshot("add_prompt", &h);
}

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
fn bookmarking_a_summary_only_article_fetches_its_full_text() {
    let mut store = Store::open_in_memory().expect("store");
    let mut short = item("s1", "Résumé seulement", "", at(3, 12));
    short.content_html = None;
    short.summary_html = Some("<p>Le ministre a reçu son homologue […]</p>".into());
    let full = item(
        "s2",
        "Article complet",
        &"Texte entier. ".repeat(200),
        at(2, 12),
    );
    add(
        &mut store,
        "https://example.org/s.xml",
        "S",
        &[],
        vec![short, full],
    );
    let mut h = Harness::new(store, 80, 24);
    h.state.settings.network = true;
    h.key(KeyCode::Enter);
    h.keys("jb");
    assert!(
        h.outside.is_empty(),
        "a feed with the whole text needs no fetch: {:?}",
        h.outside
    );
    h.keys("kb");
    assert_eq!(
        h.outside,
        vec![Command::FullText {
            id: h.state.list.selected().map(|a| a.id).expect("selection"),
            url: "https://example.org/s1".into()
        }]
    );
}

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
fn view_small_terminal() {
    let mut h = Harness::new(fixture(), 40, 15);
    snapshot("feeds", &h);
    h.key(KeyCode::Enter);
    snapshot("articles", &h);
    h.key(KeyCode::Enter);
    snapshot("reader", &h);
}

#[test]
fn a_refresh_by_another_process_is_noticed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("griot.db");
    let mut worker = Worker::new(Store::open(&db).expect("reader's store"));
    assert!(
        worker.run(super::event::Job::Poll).is_empty(),
        "the first poll only primes"
    );
    assert!(
        worker.run(super::event::Job::Poll).is_empty(),
        "nothing changed"
    );
    // `griot refresh` from cron: another connection commits.
    let mut cron = Store::open(&db).expect("cron's store");
    add(
        &mut cron,
        "https://example.org/cron.xml",
        "Cron",
        &[],
        vec![item("c1", "Du cron", "x", at(3, 12))],
    );
    let msgs = worker.run(super::event::Job::Poll);
    assert!(matches!(msgs.as_slice(), [Msg::StoreChanged]), "{msgs:?}");
    assert!(worker.run(super::event::Job::Poll).is_empty());
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
