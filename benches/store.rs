//! Store benchmarks: storing a fetched feed, paging lists and searching a 100k-article archive.
//!
//! Run with `cargo bench --bench store`. The archive is built once per run in a temporary
//! directory (about a minute), then every query is timed against it.

use std::hint::black_box;

use chrono::{Duration, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use griot::model::{ArticleId, FeedId, ParsedFeed, ParsedItem};
use griot::store::{
    AddOutcome, ArticleFilter, ArticleQuery, FeedUpdate, NewFeed, SearchQuery, Store,
};

const WORDS: &[&str] = &[
    "le",
    "la",
    "les",
    "des",
    "un",
    "une",
    "et",
    "à",
    "de",
    "du",
    "pour",
    "avec",
    "dans",
    "sur",
    "ministre",
    "défense",
    "coopération",
    "Burkina",
    "Faso",
    "Russie",
    "Mali",
    "Niger",
    "Sénégal",
    "gouvernement",
    "président",
    "accord",
    "sécurité",
    "économie",
    "électricité",
    "centrale",
    "déplacés",
    "humanitaire",
    "élèves",
    "écoles",
    "région",
    "frontière",
    "Sahel",
    "forces",
    "partenariat",
    "négociations",
    "délégation",
    "développement",
    "croissance",
    "énergie",
    "santé",
    "éducation",
    "jeunesse",
    "culture",
    "Abidjan",
    "Dakar",
    "Ouagadougou",
    "Bamako",
];

fn sentence(rng: &mut fastrand::Rng, n: usize) -> String {
    (0..n)
        .map(|_| WORDS[rng.usize(..WORDS.len())])
        .collect::<Vec<_>>()
        .join(" ")
}

fn feed_items(rng: &mut fastrand::Rng, feed: usize, items: usize) -> ParsedFeed {
    let base = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
    ParsedFeed {
        title: Some(format!("Africa News {feed:04}")),
        site_url: None,
        min_interval_secs: None,
        items: (0..items)
            .map(|i| {
                let link = format!("http://127.0.0.1/articles/f{feed:04}-i{i:03}.html");
                let body: String = (0..6)
                    .map(|_| format!("<p>{}.</p>", sentence(rng, 60)))
                    .collect();
                ParsedItem {
                    uid: link.clone(),
                    guid: Some(link.clone()),
                    link: Some(link),
                    title: sentence(rng, 9),
                    author: Some("Rédaction".into()),
                    published: Some(base - Duration::minutes((37 * i + feed) as i64)),
                    updated: None,
                    summary_html: Some(sentence(rng, 30)),
                    content_html: Some(body),
                    ..Default::default()
                }
            })
            .collect(),
    }
}

fn subscribe(store: &mut Store, feed: usize) -> FeedId {
    match store
        .add_feed(&NewFeed {
            url: format!("http://127.0.0.1/feeds/f{feed:04}.xml"),
            ..Default::default()
        })
        .unwrap()
    {
        AddOutcome::Added(id) | AddOutcome::Exists(id) => id,
    }
}

fn update(parsed: ParsedFeed) -> FeedUpdate {
    FeedUpdate {
        parsed,
        etag: None,
        last_modified: None,
        new_url: None,
        next_fetch: Utc::now(),
    }
}

fn bench_store_feed(c: &mut Criterion) {
    let mut rng = fastrand::Rng::with_seed(1);
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("griot.db")).unwrap();
    let mut n = 0;
    c.bench_function("store a new 50-item feed", |b| {
        b.iter_batched(
            || {
                n += 1;
                (n, feed_items(&mut rng, n, 50))
            },
            |(n, parsed)| {
                let id = subscribe(&mut store, n);
                store.record_fetch_success(id, &update(parsed)).unwrap()
            },
            criterion::BatchSize::SmallInput,
        )
    });
    let id = subscribe(&mut store, 0);
    let same = feed_items(&mut fastrand::Rng::with_seed(2), 0, 50);
    store
        .record_fetch_success(id, &update(same.clone()))
        .unwrap();
    c.bench_function("store an unchanged 50-item feed", |b| {
        b.iter(|| {
            store
                .record_fetch_success(id, &update(same.clone()))
                .unwrap()
        })
    });
}

fn bench_archive(c: &mut Criterion) {
    let feeds = 2000;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("griot.db");
    {
        let mut store = Store::open(&path).unwrap();
        let mut rng = fastrand::Rng::with_seed(3);
        for f in 0..feeds {
            let id = subscribe(&mut store, f);
            store
                .record_fetch_success(id, &update(feed_items(&mut rng, f, 50)))
                .unwrap();
        }
    }
    let mut store = Store::open(&path).unwrap();
    // A refresh leaves search indexing for later; do it now, outside the timings.
    store.index_pending(500).unwrap();
    let mut group = c.benchmark_group("100k articles");
    group.bench_function("open + feeds with counts", |b| {
        b.iter(|| {
            let s = Store::open(&path).unwrap();
            black_box(s.feeds().unwrap().len())
        })
    });
    group.bench_function("first page of all articles", |b| {
        b.iter(|| {
            black_box(
                store
                    .list_articles(&ArticleQuery {
                        limit: 200,
                        ..Default::default()
                    })
                    .unwrap(),
            )
        })
    });
    let deep = store
        .list_articles(&ArticleQuery {
            limit: 1,
            offset: 50_000,
            ..Default::default()
        })
        .unwrap()[0]
        .id;
    group.bench_function("page after a cursor 50k deep", |b| {
        b.iter(|| {
            black_box(
                store
                    .list_articles(&ArticleQuery {
                        limit: 200,
                        after: Some(deep),
                        ..Default::default()
                    })
                    .unwrap(),
            )
        })
    });
    group.bench_function("unread page of one feed", |b| {
        b.iter(|| {
            black_box(
                store
                    .list_articles(&ArticleQuery {
                        filter: ArticleFilter {
                            feed: Some(FeedId(77)),
                            unread_only: true,
                            ..Default::default()
                        },
                        limit: 200,
                        ..Default::default()
                    })
                    .unwrap(),
            )
        })
    });
    for q in [
        "securite sahel",
        "\"Burkina Faso\"",
        "ouaga*",
        "dakar is:unread",
        "sahel feed:77",
    ] {
        let query = SearchQuery::parse(q).unwrap();
        group.bench_function(format!("search {q}"), |b| {
            b.iter(|| black_box(store.search(&query, 20, 0).unwrap()))
        });
    }
    group.bench_function("open one article", |b| {
        b.iter(|| black_box(store.article(ArticleId(4242)).unwrap()))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).warm_up_time(std::time::Duration::from_secs(1)).measurement_time(std::time::Duration::from_secs(3));
    targets = bench_store_feed, bench_archive
}
criterion_main!(benches);
