//! Tests of the reader: snapshots of every view at 80×24 and 120×40 here, and the behaviour
//! of each screen in its own module (navigation, undo, keeping the selection, hiding read
//! articles, prompts, the key map, the mouse).
//!
//! A [`Harness`] runs the real `update` and the real store worker synchronously over an
//! in-memory store filled with fixed data, and draws after every message as the reader's
//! loop does, so every test sees exactly what a user would.

mod account;
mod articles;
mod errors;
mod feeds;
mod handoff;
mod keys;
mod mouse;
mod offline;
mod overlay;
mod pictures;
mod reader;
mod search;
mod startup;

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
        sync_server: None,
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
        h.draw();
        h
    }

    /// Draws a frame at the state's size, as the loop does after each batch of messages.
    fn draw(&mut self) {
        let (w, h) = self.state.size;
        self.screen(w, h);
    }

    fn run(&mut self, commands: Vec<Command>) {
        let outside = &mut self.outside;
        self.worker
            .run_here(&mut self.state, commands, |c| outside.push(c));
    }

    fn send(&mut self, msg: Msg) {
        let out = update(&mut self.state, msg);
        self.run(out);
        self.draw();
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
        ..Default::default()
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
        .record_fetch_error(
            broken,
            &crate::i18n::Explain::explain(&crate::fetch::FetchError::Http {
                status: 404,
                reason: "Not Found".into(),
            }),
            at(30, 12),
        )
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
fn tiny_terminals_draw_every_view_without_panicking() {
    for (w, h) in [(40, 15), (20, 5), (1, 1), (80, 2)] {
        let mut hr = Harness::new(fixture(), w, h);
        let fits = |hr: &Harness| {
            let text = hr.text();
            // The buffer's lines, each in quotes: as many as the terminal has rows.
            assert_eq!(text.lines().count(), usize::from(h), "{w}×{h}:\n{text}");
        };
        fits(&hr);
        if w >= 40 {
            assert!(hr.text().contains("Feeds"), "the feed list's title");
        }
        for step in [KeyCode::Enter, KeyCode::Enter, KeyCode::PageDown] {
            hr.key(step);
            fits(&hr);
        }
        hr.keys("?");
        fits(&hr);
        hr.key(KeyCode::Esc);
        hr.keys("/");
        hr.type_text("russie");
        hr.key(KeyCode::Enter);
        fits(&hr);
        // Given room again, the reader shows what the tiny one kept: the search and its hits.
        hr.send(Msg::Resize(w + 100, h + 20));
        let text = hr.text();
        assert!(text.contains("russie"), "{w}×{h} then larger:\n{text}");
        assert!(
            text.contains("Burkina Faso"),
            "{w}×{h} then larger:\n{text}"
        );
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
fn view_small_terminal() {
    let mut h = Harness::new(fixture(), 40, 15);
    snapshot("feeds", &h);
    h.key(KeyCode::Enter);
    snapshot("articles", &h);
    h.key(KeyCode::Enter);
    snapshot("reader", &h);
}
