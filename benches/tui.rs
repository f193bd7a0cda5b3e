//! Reader benchmarks: the first frame with 10k and 100k cached articles, and the latency of
//! a key press (update + draw), alone and while a refresh writes to the same database.
//!
//! Run with `cargo bench --bench tui`. The archives are generated once (in the target
//! directory, reused by later runs) through `Store::record_fetch_success`, as a refresh
//! would store them. The first frame counts what a user waits for: opening the store,
//! reading the feed list and the first page of "All articles", and drawing it.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use griot::config::{KeyMap, Notify, ThemeConfig};
use griot::model::{ParsedFeed, ParsedItem};
use griot::store::{AddOutcome, FeedUpdate, NewFeed, Store};
use griot::ui::app::{update, Screen, Settings, State};
use griot::ui::event::{Command, Msg};
use griot::ui::tasks::Worker;
use griot::ui::theme::Theme;
use griot::ui::view;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

const FEEDS: usize = 100;

fn item(feed: usize, i: usize) -> ParsedItem {
    let base = Utc
        .with_ymd_and_hms(2023, 1, 1, 0, 0, 0)
        .single()
        .expect("valid date");
    let uid = format!("f{feed}-{i}");
    ParsedItem {
        uid: uid.clone(),
        guid: Some(uid.clone()),
        link: Some(format!("https://example.org/{uid}")),
        title: format!("Article {i} du flux {feed} : la coopération régionale au Sahel"),
        author: None,
        published: Some(base + Duration::minutes((i * FEEDS + feed) as i64)),
        updated: None,
        summary_html: None,
        content_html: Some(format!(
            "<p>Le ministre a reçu la délégation {i} pour parler de sécurité et d’économie.</p>"
        )),
        ..Default::default()
    }
}

/// A database with `n` articles over [`FEEDS`] feeds, made once and reused.
fn archive(n: usize) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("tui-bench-{n}"));
    let db = dir.join("griot.db");
    if let Ok(store) = Store::open(&db) {
        if store.meta("bench_ready").ok().flatten().is_some() {
            return db;
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    let mut store = Store::open(&db).expect("open bench store");
    let per_feed = n / FEEDS;
    for f in 0..FEEDS {
        let id = match store
            .add_feed(&NewFeed {
                url: format!("https://example.org/feed{f}.xml"),
                title: Some(format!("Flux {f}")),
                tags: vec![format!("tag{}", f % 7)],
                hidden: false,
            })
            .expect("add feed")
        {
            AddOutcome::Added(id) | AddOutcome::Exists(id) => id,
        };
        for chunk in (0..per_feed).collect::<Vec<_>>().chunks(1000) {
            store
                .record_fetch_success(
                    id,
                    &FeedUpdate {
                        parsed: ParsedFeed {
                            title: Some(format!("Flux {f}")),
                            items: chunk.iter().map(|i| item(f, *i)).collect(),
                            ..Default::default()
                        },
                        etag: None,
                        last_modified: None,
                        new_url: None,
                        next_fetch: Utc::now(),
                    },
                )
                .expect("store items");
        }
    }
    store.set_meta("bench_ready", "1").expect("mark ready");
    db
}

fn settings() -> Settings {
    Settings {
        mark_read_on_open: false,
        reader_width: 80,
        link_list: true,
        network: false,
        refresh_on_start: false,
        refresh_every: 0,
        notify: Notify::Off,
        sync_server: None,
    }
}

/// Runs commands to completion the way the runtime would, on this thread.
fn run(state: &mut State, worker: &mut Worker, commands: Vec<Command>) {
    worker.run_here(state, commands, |_| {});
}

/// Opens the store, loads feeds and the first page, draws: the first useful frame.
fn first_frame(db: &Path, term: &mut Terminal<TestBackend>) -> (State, Worker) {
    let store = Store::open(db).expect("open");
    let mut worker = Worker::new(store);
    let theme = Theme::new(&ThemeConfig::default(), false);
    let mut state = State::new((120, 40), KeyMap::default(), theme, settings());
    let init = state.init();
    run(&mut state, &mut worker, init);
    term.draw(|f| view::draw(f, &state)).expect("draw");
    (state, worker)
}

fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

/// One key press: update, the store work it asks for, and a draw.
fn press(state: &mut State, worker: &mut Worker, term: &mut Terminal<TestBackend>, c: char) {
    // Wrap around at the end of the list so the measurement never stalls.
    let c = if c == 'j' && state.list.cursor.selected + 1 >= state.list.len() {
        'g'
    } else {
        c
    };
    let commands = update(state, key(c));
    run(state, worker, commands);
    term.draw(|f| view::draw(f, state)).expect("draw");
}

fn bench_first_frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("first_frame");
    group.sample_size(20);
    for n in [10_000usize, 100_000] {
        let db = archive(n);
        let mut term = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
        group.bench_function(format!("{n}_articles"), |b| {
            b.iter(|| black_box(first_frame(&db, &mut term)))
        });
    }
    group.finish();
}

/// A copy of an archive that a benchmark may write to, leaving the original as generated.
fn scratch_copy(db: &Path) -> PathBuf {
    // Fold the WAL into the main file so one copy is the whole database.
    if let Ok(mut store) = Store::open(db) {
        let _ = store.compact();
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("tui-bench-scratch");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let copy = dir.join("griot.db");
    std::fs::copy(db, &copy).expect("copy archive");
    copy
}

fn bench_keys(c: &mut Criterion) {
    let db = scratch_copy(&archive(100_000));
    let mut term = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    let (mut state, mut worker) = first_frame(&db, &mut term);
    press(&mut state, &mut worker, &mut term, 'l'); // focus the article list
    assert_eq!(state.screen, Screen::Articles);
    let mut group = c.benchmark_group("key_latency");
    group.bench_function("j_100k", |b| {
        b.iter(|| press(&mut state, &mut worker, &mut term, 'j'))
    });
    group.bench_function("page_down_100k", |b| {
        b.iter(|| {
            let k = if state.list.cursor.selected + 40 >= state.list.len() {
                'g'
            } else {
                ' '
            };
            press(&mut state, &mut worker, &mut term, k)
        })
    });

    // The two store jobs behind a "store changed" reload, alone. Keeping the selection
    // counts the rows above it, so it is put at the same place every run (the keys above
    // leave it wherever their number of iterations took it): the 100th row.
    press(&mut state, &mut worker, &mut term, 'g');
    for _ in 0..99 {
        press(&mut state, &mut worker, &mut term, 'j');
    }
    assert_eq!(state.list.cursor.selected, 99);
    let keep = state.list.selected().map(|a| a.id);
    let filter = state.list.source.filter(false);
    group.bench_function("job_load_feeds_100k", |b| {
        b.iter(|| black_box(worker.run(griot::ui::event::Job::LoadFeeds)))
    });
    group.bench_function("job_load_page_keeping_selection_100k", |b| {
        b.iter(|| {
            black_box(worker.run(griot::ui::event::Job::LoadPage {
                filter: filter.clone(),
                generation: 0,
                offset: 0,
                limit: griot::ui::app::WINDOW,
                keep,
            }))
        })
    });

    // A refresh writing to the same database from another thread (its own connection),
    // while keys are pressed and the store-changed reload runs. It refreshes every feed over
    // and over, as long as the benchmarks last: the first two passes bring 20 new articles
    // to each feed, later ones the same articles again (a refresh where nothing changed), so
    // the archive grows by a bounded amount. After each pass the write-ahead log is folded
    // back and emptied, as a reader's readers never all let go of it at once while a writer
    // commits without pause: unfolded, it grew by 14 GB in one run.
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let stop = Arc::clone(&stop);
        let db = db.clone();
        std::thread::spawn(move || {
            let mut store = Store::open(&db).expect("writer store");
            let log = rusqlite::Connection::open(&db).expect("checkpoint connection");
            log.busy_timeout(std::time::Duration::from_secs(30))
                .expect("busy timeout");
            let feeds = store.feeds().expect("feeds");
            let mut pass = 0usize;
            while !stop.load(Ordering::Relaxed) {
                for feed in &feeds {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let items = (0..20).map(|i| item(9999 + pass.min(1), i)).collect();
                    let _ = store.record_fetch_success(
                        feed.id,
                        &FeedUpdate {
                            parsed: ParsedFeed {
                                items,
                                ..Default::default()
                            },
                            etag: None,
                            last_modified: None,
                            new_url: None,
                            next_fetch: Utc::now(),
                        },
                    );
                }
                pass += 1;
                let _ = log.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        })
    };
    group.bench_function("j_100k_during_refresh", |b| {
        b.iter(|| press(&mut state, &mut worker, &mut term, 'j'))
    });
    group.bench_function("store_changed_reload_during_refresh", |b| {
        b.iter(|| {
            let commands = update(&mut state, Msg::StoreChanged);
            run(&mut state, &mut worker, commands);
            term.draw(|f| view::draw(f, &state)).expect("draw");
        })
    });
    stop.store(true, Ordering::Relaxed);
    let _ = writer.join();
    group.finish();
}

criterion_group!(benches, bench_first_frame, bench_keys);
criterion_main!(benches);
