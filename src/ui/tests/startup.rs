//! Nothing that runs at start-up grows with the archive: `griot feeds`, `griot list --limit
//! 50` and the reader's first screen do the same SQLite work (counted in steps, not time) over
//! 1,000 articles as over 50,000.

use super::*;
use crate::store::{steps, ArticleQuery};

/// Twenty feeds of `per_feed` articles each.
fn archive(per_feed: u32) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let feeds: Vec<FeedId> = (0..20)
        .map(|i| {
            let added = store
                .add_feed(&NewFeed {
                    url: format!("https://example.org/{i}.xml"),
                    title: Some(format!("Feed {i}")),
                    tags: vec!["news".into()],
                    hidden: false,
                })
                .unwrap();
            match added {
                crate::store::AddOutcome::Added(id) => id,
                crate::store::AddOutcome::Exists(id) => id,
            }
        })
        .collect();
    steps::fill(&mut store, &feeds, per_feed).unwrap();
    store
}

/// The SQLite steps of `griot feeds`, of `griot list --limit 50` and of the reader's start
/// (its first feed list, article window and poll), over an archive of `per_feed` × 20.
fn start_up_steps(per_feed: u32) -> [u64; 3] {
    let store = archive(per_feed);
    steps::watch(&store);
    steps::take();
    assert_eq!(store.feeds().unwrap().len(), 20);
    let feeds = steps::take();
    let page = store
        .list_articles(&ArticleQuery {
            limit: 50,
            ..ArticleQuery::default()
        })
        .unwrap();
    assert_eq!(page.len(), 50);
    let list = steps::take();
    let h = Harness::new(store, 120, 40);
    assert_eq!(h.state.list.total, u64::from(per_feed) * 20);
    [feeds, list, steps::take()]
}

#[test]
fn start_up_does_the_same_work_over_1k_and_50k_articles() {
    let small = start_up_steps(50);
    let large = start_up_steps(2_500);
    assert_eq!(
        large, small,
        "SQLite steps of [feeds, list, reader start] at 50k vs 1k articles"
    );
}
