use chrono::{Duration, TimeZone, Utc};

use super::*;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).unwrap()
}

fn article<'a>(tags: &'a [String]) -> Candidate<'a> {
    Candidate {
        title: "Sponsored: the best VPN",
        author: "Ann Onymous",
        content: "A long text about privacy.",
        feed_title: "Le Monde diplomatique",
        feed_url: "https://www.monde-diplomatique.fr/rss",
        tags,
        published: Some(now() - Duration::days(40)),
    }
}

fn hit(rule: &str) -> bool {
    let tags = vec!["news".to_string(), "F".to_string()];
    parse(rule)
        .unwrap_or_else(|e| panic!("{rule}: {e}"))
        .matches(&article(&tags), now())
}

fn error(rule: &str) -> FilterError {
    parse(rule).expect_err(rule)
}

#[test]
fn tilde_is_a_regex_search_with_inline_flags() {
    assert!(hit(r#"title ~ "(?i)sponsored|publi-reportage""#));
    assert!(!hit(r#"title ~ "^sponsored""#));
    assert!(hit(r#"title ~ "\bVPN$""#));
}

#[test]
fn not_tilde_is_the_negation_of_tilde() {
    assert!(hit(r#"author !~ "Bob""#));
    assert!(!hit(r#"author !~ "Ann""#));
}

#[test]
fn equals_and_differs_compare_whole_text() {
    assert!(hit(r#"author = "Ann Onymous""#));
    assert!(!hit(r#"author = "Ann""#));
    assert!(hit(r#"author != "Ann""#));
    assert!(!hit(r#"author != "Ann Onymous""#));
}

#[test]
fn content_is_matched_on_the_text() {
    assert!(hit(r#"content ~ "privacy""#));
    assert!(!hit(r#"content ~ "football""#));
}

#[test]
fn feed_matches_its_title_or_its_address() {
    assert!(hit(r#"feed ~ "diplomatique""#));
    assert!(hit(r#"feed ~ "monde-diplomatique\.fr""#));
    assert!(hit(r#"feed = "Le Monde diplomatique""#));
    assert!(!hit(r#"feed ~ "lemonde\.fr""#));
}

#[test]
fn tag_matches_any_tag_and_equals_ignores_case() {
    assert!(hit(r#"tag = "NEWS""#));
    assert!(hit(r#"tag ~ "^F$""#));
    assert!(!hit(r#"tag = "sport""#));
    assert!(hit(r#"tag != "sport""#));
    assert!(!hit(r#"tag != "news""#));
}

#[test]
fn age_compares_with_durations_in_every_unit() {
    assert!(hit("age > 30d"));
    assert!(!hit("age < 30d"));
    assert!(hit("age >= 5w"));
    assert!(hit("age <= 961h"));
    assert!(hit("age > 57000m"));
    assert!(hit("age > 3000000s"));
    assert!(hit("age != 1d"));
    assert!(!hit("age = 1d"));
}

#[test]
fn an_article_without_a_date_has_no_age() {
    let c = Candidate {
        published: None,
        ..Candidate::default()
    };
    assert!(!parse("age > 1d").unwrap().matches(&c, now()));
    assert!(!parse("age < 1d").unwrap().matches(&c, now()));
}

#[test]
fn and_binds_tighter_than_or_and_parentheses_group() {
    // false and true or true → (false and true) or true → true
    assert!(hit(
        r#"title ~ "nope" and author ~ "Ann" or feed ~ "Monde""#
    ));
    // false and (true or true) → false
    assert!(!hit(
        r#"title ~ "nope" and (author ~ "Ann" or feed ~ "Monde")"#
    ));
}

#[test]
fn not_negates_what_follows_it() {
    assert!(hit(r#"not title ~ "football""#));
    assert!(!hit(r#"not (title ~ "VPN" or author ~ "x")"#));
    assert!(hit(r#"not not title ~ "VPN""#));
}

#[test]
fn keywords_and_fields_ignore_case_and_quotes_escape() {
    assert!(hit(r#"TITLE ~ "VPN" AND Not author = "x""#));
    let tags = [];
    let c = Candidate {
        title: r#"He said "hi" \o/"#,
        tags: &tags,
        ..Candidate::default()
    };
    assert!(parse(r#"title = "He said \"hi\" \\o/""#)
        .unwrap()
        .matches(&c, now()));
}

#[test]
fn bad_rules_are_errors_that_point_at_the_column() {
    assert_eq!(error(r#"titel ~ "x""#).column, 1);
    assert!(error(r#"titel ~ "x""#)
        .message
        .contains("unknown field `titel`"));
    assert_eq!(error(r#"title ~ "(unclosed""#).column, 9);
    assert!(error(r#"title ~ "(unclosed""#)
        .message
        .contains("regular expression"));
    assert_eq!(error(r#"title ~ "x" and"#).column, 16);
    assert_eq!(error(r#"(title ~ "x""#).column, 1);
    assert!(error(r#"(title ~ "x""#).message.contains("never closed"));
    assert_eq!(error(r#"title ~ "x")"#).column, 12);
    assert_eq!(error(r#"title ~ "x"#).column, 9);
    assert_eq!(error("age > 30 days").column, 7);
    assert_eq!(error("age ~ \"x\"").column, 5);
    assert_eq!(error(r#"title > "x""#).column, 7);
    assert_eq!(error("title ~ x").column, 9);
    assert_eq!(error(r#"title "x""#).column, 7);
    assert_eq!(error(r#"title ~ "a" title ~ "b""#).column, 13);
    assert_eq!(error("title ! \"x\"").column, 7);
    assert_eq!(error("title ~ 'x'").column, 9);
    assert_eq!(error("").message, "empty rule");
}

#[test]
fn hostile_rules_are_refused_not_run() {
    let deep = format!("{}title ~ \"x\"{}", "(".repeat(500), ")".repeat(500));
    assert!(error(&deep).message.contains("nested too deeply"));
    let long = format!("title ~ \"{}\"", "a".repeat(5000));
    assert!(error(&long).message.contains("longer than"));
    assert!(error(r#"title ~ "\w{1000}{1000}""#)
        .message
        .contains("regular expression"));
}

#[test]
fn a_rule_set_reports_every_matching_rule_and_the_first_colour() {
    let rule = |text: &str, action: Action| Rule {
        text: text.into(),
        expr: parse(text).unwrap(),
        action,
    };
    let set = RuleSet {
        rules: vec![
            rule(r#"title ~ "VPN""#, Action::Highlight("yellow".into())),
            rule(r#"title ~ "football""#, Action::Hide),
            rule(r#"author ~ "Ann""#, Action::Read),
            rule(r#"feed ~ "Monde""#, Action::Highlight("red".into())),
        ],
    };
    let tags = [];
    let v = set.judge(&article(&tags), now());
    assert_eq!(
        v,
        Verdict {
            hide: false,
            read: true,
            highlight: Some("yellow".into()),
            matched: vec![0, 2, 3],
        }
    );
}

#[test]
fn a_rule_set_knows_which_fields_it_reads() {
    let rule = |text: &str| Rule {
        text: text.into(),
        expr: parse(text).unwrap(),
        action: Action::Read,
    };
    let set = RuleSet {
        rules: vec![rule(r#"title ~ "a" or not (age > 1d and content ~ "b")"#)],
    };
    assert!(set.uses(Field::Content));
    assert!(set.uses(Field::Age));
    assert!(!set.uses(Field::Author));
    let set = RuleSet {
        rules: vec![rule(r#"feed = "x""#)],
    };
    assert!(!set.uses(Field::Content));
}
