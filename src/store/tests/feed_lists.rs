//! Lists of feeds: each feed with its tags in their order, whole or walked one by one.

use super::*;

#[test]
fn a_list_of_feeds_carries_each_feeds_tags_in_their_order() {
    let mut s = Store::open_in_memory().unwrap();
    let feed = |url: &str, tags: &[&str]| NewFeed {
        url: url.into(),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        ..Default::default()
    };
    s.import_feeds(&[
        feed("http://a.test/rss", &["sahel", "afrique"]),
        feed("http://b.test/rss", &[]),
        feed("http://c.test/rss", &["economie"]),
    ])
    .unwrap();
    let tags: Vec<Vec<String>> = s.feeds().unwrap().into_iter().map(|f| f.tags).collect();
    assert_eq!(
        tags,
        vec![vec!["sahel", "afrique"], vec![], vec!["economie"]]
    );
    let due = s.due_feeds(Utc::now()).unwrap();
    assert_eq!(due[0].tags, vec!["sahel", "afrique"]);
    let mut seen = Vec::new();
    s.each_feed(|f| {
        seen.push((f.url, f.tags));
        std::ops::ControlFlow::Break(())
    })
    .unwrap();
    assert_eq!(
        seen,
        vec![(
            "http://a.test/rss".to_string(),
            vec!["sahel".to_string(), "afrique".to_string()]
        )],
        "the walk stops where its visitor breaks"
    );
}
