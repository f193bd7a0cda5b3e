//! Scrolling an article with five pictures: the frame time of a key press (update + draw) in
//! the reader, pictures drawn with half-blocks, against the same article with pictures hidden.
//!
//! Run with `cargo bench --bench pictures`. The pictures are 1200×675 JPEGs decoded through
//! `griot::images::decode` and encoded once for their size (as the reader does off the loop);
//! each measured frame is what a user waits for when scrolling: `update` and a full draw.

use std::hint::black_box;

use chrono::{TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use griot::config::{Config, KeyMap, ThemeConfig};
use griot::images::{decode, Limits};
use griot::model::{ParsedFeed, ParsedItem};
use griot::store::{AddOutcome, FeedUpdate, NewFeed, Store};
use griot::ui::app::pictures::Pictures;
use griot::ui::app::{update, Settings, State};
use griot::ui::event::{Command, Msg};
use griot::ui::tasks::Worker;
use griot::ui::theme::Theme;
use griot::ui::view;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

const PICTURES: usize = 5;

fn jpeg(seed: u8) -> Vec<u8> {
    let img = image::RgbImage::from_fn(1200, 675, |x, y| {
        image::Rgb([(x / 5) as u8 ^ seed, (y / 3) as u8, seed.wrapping_mul(40)])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg)
        .expect("encode jpeg");
    out.into_inner()
}

fn article_html() -> String {
    let para = "<p>Le ministre a reçu la délégation pour parler de sécurité, de coopération et \
                d’économie ; la rencontre a duré plus de deux heures à Moscou.</p>";
    let mut html = String::new();
    for i in 0..PICTURES {
        html.push_str(&para.repeat(3));
        html.push_str(&format!(
            r#"<figure><img src="https://example.org/p{i}.jpg" alt="Photo {i}"><figcaption>Légende {i}</figcaption></figure>"#
        ));
    }
    html.push_str(&para.repeat(3));
    html
}

fn store() -> Store {
    let mut store = Store::open_in_memory().expect("store");
    let id = match store
        .add_feed(&NewFeed {
            url: "https://example.org/feed.xml".into(),
            title: Some("Africa24 TV".into()),
            tags: Vec::new(),
            hidden: false,
        })
        .expect("add feed")
    {
        AddOutcome::Added(id) | AddOutcome::Exists(id) => id,
    };
    let when = Utc
        .with_ymd_and_hms(2023, 11, 8, 12, 0, 0)
        .single()
        .expect("date");
    store
        .record_fetch_success(
            id,
            &FeedUpdate {
                parsed: ParsedFeed {
                    items: vec![ParsedItem {
                        uid: "a".into(),
                        link: Some("https://example.org/a".into()),
                        title: "Cinq photos de Moscou".into(),
                        published: Some(when),
                        content_html: Some(article_html()),
                        ..Default::default()
                    }],
                    ..Default::default()
                },
                etag: None,
                last_modified: None,
                new_url: None,
                next_fetch: when,
            },
        )
        .expect("store");
    store
}

fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

/// The reader open on the article, its pictures arrived and encoded when `shown`.
fn reader(shown: bool) -> (State, Worker, Terminal<TestBackend>) {
    // The defaults, with no network and no refresh.
    let settings = Settings {
        network: false,
        refresh_on_start: false,
        refresh_every: 0,
        ..Settings::from_config(&Config::default())
    };
    let theme = Theme::new(&ThemeConfig::default(), false);
    let mut state = State::new((120, 40), KeyMap::default(), theme, settings);
    let mut pictures = Pictures::default();
    pictures.shown = shown;
    pictures.cell = (10, 20);
    pictures.share = 50;
    state.pictures = pictures;
    let mut worker = Worker::new(store());
    let mut outside = Vec::new();
    let init = state.init();
    worker.run_here(&mut state, init, |c| outside.push(c));
    for _ in 0..2 {
        let cmds = update(
            &mut state,
            Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
        );
        worker.run_here(&mut state, cmds, |c| outside.push(c));
    }
    let loads: Vec<String> = outside
        .into_iter()
        .filter_map(|c| match c {
            Command::LoadPicture { url, .. } => Some(url),
            _ => None,
        })
        .collect();
    assert_eq!(loads.len(), if shown { PICTURES } else { 0 });
    for (i, url) in loads.into_iter().enumerate() {
        let result = decode(&jpeg(i as u8 * 50), &Limits::default());
        let cmds = update(&mut state, Msg::PictureLoaded { url, result });
        worker.run_here(&mut state, cmds, |_| {});
    }
    if shown {
        assert_eq!(
            state.pictures.encoded.len(),
            PICTURES,
            "every picture encoded"
        );
    }
    let term = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    (state, worker, term)
}

/// One scroll key: update, then a full draw; back to the top at the end.
fn scroll(state: &mut State, worker: &mut Worker, term: &mut Terminal<TestBackend>, c: char) {
    let at_end = state
        .reader
        .as_ref()
        .is_some_and(|r| r.lines.as_ref().is_some_and(|l| r.scroll + 39 >= l.len()));
    let c = if at_end { 'g' } else { c };
    let cmds = update(state, key(c));
    worker.run_here(state, cmds, |_| {});
    term.draw(|f| view::draw(f, black_box(state)))
        .expect("draw");
}

fn bench_scroll(c: &mut Criterion) {
    let mut group = c.benchmark_group("scroll an article with five pictures");
    for shown in [true, false] {
        let (mut state, mut worker, mut term) = reader(shown);
        let label = if shown {
            "half-blocks"
        } else {
            "pictures hidden"
        };
        group.bench_function(format!("line down, {label}"), |b| {
            b.iter(|| scroll(&mut state, &mut worker, &mut term, 'j'))
        });
        group.bench_function(format!("page down, {label}"), |b| {
            b.iter(|| scroll(&mut state, &mut worker, &mut term, ' '))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_scroll);
criterion_main!(benches);
