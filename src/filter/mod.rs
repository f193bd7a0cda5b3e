//! Filter rules: what the user never wants to see, wants marked read, or wants to stand out.
//!
//! A rule is a small expression over an article — its title, author, content, feed (title or
//! address), tags and age — with an action: hide, mark read, or highlight in a colour. The
//! language is parsed here ([`parse`]) and evaluated on a plain [`Candidate`], so the store can
//! judge an article as it arrives and the library can sweep the archive, both by the same
//! rules; nothing here knows of the database, the config file or a terminal.

mod parse;

use chrono::{DateTime, Utc};
use regex::Regex;

/// Why a rule's text is not a rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("column {column}: {message}")]
pub struct FilterError {
    /// 1-based, in characters.
    pub column: usize,
    pub message: String,
}

impl FilterError {
    fn at(column: usize, message: impl Into<String>) -> FilterError {
        FilterError {
            column,
            message: message.into(),
        }
    }
}

/// What an article is matched on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Author,
    Content,
    /// The feed's title or its address.
    Feed,
    /// The feed's tags and the article's own (a bookmark's flags).
    Tag,
    Age,
}

impl Field {
    fn parse(word: &str) -> Option<Field> {
        Some(match word.to_ascii_lowercase().as_str() {
            "title" => Field::Title,
            "author" => Field::Author,
            "content" => Field::Content,
            "feed" => Field::Feed,
            "tag" => Field::Tag,
            "age" => Field::Age,
            _ => return None,
        })
    }
}

/// A comparison of text.
#[derive(Debug, Clone)]
pub enum TextOp {
    Matches(Regex),
    NotMatches(Regex),
    Equals(String),
    Differs(String),
}

/// A parsed rule expression.
#[derive(Debug, Clone)]
pub enum Expr {
    Text {
        field: Field,
        op: TextOp,
    },
    /// The article's age (now minus its date) compared with `secs`.
    Age {
        op: &'static str,
        secs: i64,
    },
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
}

/// Parses a rule's `match` text.
pub fn parse(input: &str) -> Result<Expr, FilterError> {
    parse::parse(input)
}

/// An article as rules see it.
#[derive(Debug, Clone, Default)]
pub struct Candidate<'a> {
    pub title: &'a str,
    pub author: &'a str,
    /// The article's text (markup removed).
    pub content: &'a str,
    pub feed_title: &'a str,
    pub feed_url: &'a str,
    pub tags: &'a [String],
    pub published: Option<DateTime<Utc>>,
}

impl Expr {
    /// Whether the expression looks at `field` (content is costly to prepare: skipped when no
    /// rule reads it).
    pub fn uses(&self, field: Field) -> bool {
        match self {
            Expr::Text { field: f, .. } => *f == field,
            Expr::Age { .. } => field == Field::Age,
            Expr::And(a, b) | Expr::Or(a, b) => a.uses(field) || b.uses(field),
            Expr::Not(a) => a.uses(field),
        }
    }

    /// Whether the article matches, at `now` (for `age`).
    pub fn matches(&self, c: &Candidate<'_>, now: DateTime<Utc>) -> bool {
        match self {
            Expr::And(a, b) => a.matches(c, now) && b.matches(c, now),
            Expr::Or(a, b) => a.matches(c, now) || b.matches(c, now),
            Expr::Not(a) => !a.matches(c, now),
            Expr::Age { op, secs } => {
                // An article without a date has no age: no comparison holds.
                let Some(date) = c.published else {
                    return false;
                };
                let age = (now - date).num_seconds();
                match *op {
                    "<" => age < *secs,
                    "<=" => age <= *secs,
                    ">" => age > *secs,
                    ">=" => age >= *secs,
                    "=" => age == *secs,
                    _ => age != *secs,
                }
            }
            Expr::Text { field, op } => {
                let values: Vec<&str> = match field {
                    Field::Title => vec![c.title],
                    Field::Author => vec![c.author],
                    Field::Content => vec![c.content],
                    Field::Feed => vec![c.feed_title, c.feed_url],
                    Field::Tag => c.tags.iter().map(String::as_str).collect(),
                    Field::Age => Vec::new(),
                };
                match op {
                    TextOp::Matches(re) => values.iter().any(|v| re.is_match(v)),
                    TextOp::NotMatches(re) => !values.iter().any(|v| re.is_match(v)),
                    TextOp::Equals(s) => values.iter().any(|v| text_eq(*field, v, s)),
                    TextOp::Differs(s) => !values.iter().any(|v| text_eq(*field, v, s)),
                }
            }
        }
    }
}

/// `=` compares text exactly, but tags without regard to case (as `tag:` in a search).
fn text_eq(field: Field, value: &str, wanted: &str) -> bool {
    if field == Field::Tag {
        value.eq_ignore_ascii_case(wanted)
    } else {
        value == wanted
    }
}

/// What a rule does to the articles it matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Never shown, counted, recoverable.
    Hide,
    /// Marked read as it arrives.
    Read,
    /// Shown in this colour in lists.
    Highlight(String),
}

impl Action {
    /// The action's name as written in the config.
    pub fn name(&self) -> &'static str {
        match self {
            Action::Hide => "hide",
            Action::Read => "read",
            Action::Highlight(_) => "highlight",
        }
    }
}

/// One rule: its text as written, parsed, and its action.
#[derive(Debug, Clone)]
pub struct Rule {
    pub text: String,
    pub expr: Expr,
    pub action: Action,
}

/// What the rules decide for one article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Verdict {
    pub hide: bool,
    pub read: bool,
    /// The colour of the first matching highlight rule.
    pub highlight: Option<String>,
    /// The indexes of the rules that matched, in order.
    pub matched: Vec<usize>,
}

/// The config's rules, in order.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
}

/// Two rule sets are the same when their rules read the same and do the same.
impl PartialEq for RuleSet {
    fn eq(&self, other: &RuleSet) -> bool {
        self.rules.len() == other.rules.len()
            && self
                .rules
                .iter()
                .zip(&other.rules)
                .all(|(a, b)| a.text == b.text && a.action == b.action)
    }
}

impl RuleSet {
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Whether any rule looks at `field`.
    pub fn uses(&self, field: Field) -> bool {
        self.rules.iter().any(|r| r.expr.uses(field))
    }

    /// Every rule's decision on one article.
    pub fn judge(&self, c: &Candidate<'_>, now: DateTime<Utc>) -> Verdict {
        let mut v = Verdict::default();
        for (i, rule) in self.rules.iter().enumerate() {
            if !rule.expr.matches(c, now) {
                continue;
            }
            v.matched.push(i);
            match &rule.action {
                Action::Hide => v.hide = true,
                Action::Read => v.read = true,
                Action::Highlight(colour) => {
                    v.highlight.get_or_insert_with(|| colour.clone());
                }
            }
        }
        v
    }
}

#[cfg(test)]
mod tests;
