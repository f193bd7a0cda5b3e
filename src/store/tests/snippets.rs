//! Search snippets from long articles: the text is read only as far as the first match needs,
//! and the snippet is the one the whole text gives, wherever the match lies.

use super::*;

/// The snippet of the only hit of `q`, its highlighted words in brackets.
fn marked_snippet(s: &mut Store, q: &str) -> String {
    let hits = s.search(&SearchQuery::parse(q).unwrap(), 10, 0).unwrap();
    assert_eq!(hits.len(), 1, "{q}");
    let mut out = String::new();
    for (i, c) in hits[0].snippet.chars().enumerate() {
        if hits[0].highlights.iter().any(|&(a, _)| a == i) {
            out.push('[');
        }
        if hits[0].highlights.iter().any(|&(_, b)| b == i) {
            out.push(']');
        }
        out.push(c);
    }
    out
}

#[test]
fn a_long_articles_snippet_shows_its_first_match_wherever_it_lies() {
    let (mut s, id) = store_with_feed();
    // Filler words of 5 characters and a space; matches after 600, 3,000 and 30,000
    // characters of text: within the first piece read, the second, and the third.
    let filler = |words: usize| "texte ".repeat(words);
    let body = format!(
        "{}Ouagadougou accueille {}Bamako répond {}Niamey conclut {}",
        filler(100),
        filler(400),
        filler(4_600),
        filler(3),
    );
    s.record_fetch_success(id, &update(vec![item("long", "Bulletin", &body, 1)]))
        .unwrap();
    // The same snippets as when the whole text was read for each (checked against that
    // reading when this was written): 60 characters before the match, from a word's start,
    // 120 in all.
    let ten = "texte ".repeat(10);
    let ouaga = format!("…{ten}[Ouagadougou] accueille {}te…", "texte ".repeat(6));
    assert_eq!(marked_snippet(&mut s, "ouagadougou"), ouaga);
    assert_eq!(
        marked_snippet(&mut s, "bamako"),
        format!("…{ten}[Bamako] répond {}text…", "texte ".repeat(7))
    );
    assert_eq!(
        marked_snippet(&mut s, "niamey"),
        format!("…{ten}[Niamey] conclut texte texte texte suite de l’article")
    );
    // Two words far apart: the first one in the text gives the snippet.
    assert_eq!(marked_snippet(&mut s, "niamey ouagadougou"), ouaga);
    // The match is only in the title: the text's opening words.
    assert_eq!(
        marked_snippet(&mut s, "bulletin"),
        format!("{}…", "texte ".repeat(20))
    );
}
