//! Length normalisation in the ranking: a short article outranks a long one with the same
//! matches, for words, a phrase, and within one feed.

use super::*;

fn links(s: &mut Store, q: &str) -> Vec<String> {
    s.search(&SearchQuery::parse(q).unwrap(), 10, 0)
        .unwrap()
        .into_iter()
        .map(|h| h.article.link.unwrap_or_default())
        .collect()
}

#[test]
fn a_short_article_outranks_a_long_one_with_the_same_matches() {
    let (mut s, id) = store_with_feed();
    let filler = "texte de remplissage ".repeat(100);
    s.record_fetch_success(
        id,
        &update(vec![
            item("long", "Bulletin", &format!("Sahel Niger. {filler}"), 1),
            // A day older: newer wins between equal matches, so only the length puts it first.
            item("short", "Bulletin", "Sahel Niger.", 2),
        ]),
    )
    .unwrap();
    let expected = vec!["http://example.test/short", "http://example.test/long"];
    assert_eq!(links(&mut s, "sahel"), expected, "a word");
    assert_eq!(links(&mut s, "sahel niger"), expected, "two words");
    assert_eq!(links(&mut s, "\"sahel niger\""), expected, "a phrase");
    let one_feed = format!("sahel feed:{}", id.0);
    assert_eq!(links(&mut s, &one_feed), expected, "a word in one feed");
}
