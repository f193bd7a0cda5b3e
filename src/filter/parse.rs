//! The rule language's parser: a small recursive-descent parser over a hand-written lexer.
//!
//! ```text
//! expr    := and ("or" and)*
//! and     := unary ("and" unary)*
//! unary   := "not" unary | "(" expr ")" | test
//! test    := FIELD OP VALUE
//! FIELD   := title | author | content | feed | tag | age
//! OP      := ~ | !~ | = | != | > | >= | < | <=
//! VALUE   := "text" (\" and \\ escaped) | a duration such as 30d, 12h, 2w, 45m, 90s (for age)
//! ```

use regex::{Regex, RegexBuilder};

use super::{Expr, Field, FilterError, TextOp};

/// The most a rule's text may hold, and a compiled pattern's size cap (hostile configs).
const MAX_RULE: usize = 4096;
const REGEX_SIZE: usize = 1 << 20;
/// How deep parentheses and `not`s may nest.
const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Text(String),
    Op(&'static str),
    Open,
    Close,
}

fn lex(input: &str) -> Result<Vec<(usize, Token)>, FilterError> {
    let mut out = Vec::new();
    let mut chars = input.char_indices().peekable();
    while let Some(&(at, c)) = chars.peek() {
        let col = input[..at].chars().count() + 1;
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' | ')' => {
                chars.next();
                out.push((col, if c == '(' { Token::Open } else { Token::Close }));
            }
            '"' => {
                chars.next();
                let mut text = String::new();
                loop {
                    match chars.next() {
                        Some((_, '"')) => break,
                        Some((_, '\\')) => match chars.next() {
                            Some((_, e @ ('"' | '\\'))) => text.push(e),
                            // Anything else stays as written: regexes keep their `\d`, `\b`…
                            Some((_, other)) => {
                                text.push('\\');
                                text.push(other);
                            }
                            None => return Err(FilterError::at(col, "unterminated quote")),
                        },
                        Some((_, ch)) => text.push(ch),
                        None => return Err(FilterError::at(col, "unterminated quote")),
                    }
                }
                out.push((col, Token::Text(text)));
            }
            '~' | '=' | '!' | '<' | '>' => {
                chars.next();
                let next = chars.peek().map(|&(_, n)| n);
                let op = match (c, next) {
                    ('!', Some('~')) => "!~",
                    ('!', Some('=')) => "!=",
                    ('>', Some('=')) => ">=",
                    ('<', Some('=')) => "<=",
                    ('!', _) => return Err(FilterError::at(col, "`!` must be `!=` or `!~`")),
                    ('~', _) => "~",
                    ('=', _) => "=",
                    ('<', _) => "<",
                    _ => ">",
                };
                if op.len() == 2 {
                    chars.next();
                }
                out.push((col, Token::Op(op)));
            }
            c if c.is_alphanumeric() || c == '_' => {
                let mut word = String::new();
                while let Some(&(_, ch)) = chars.peek() {
                    if !(ch.is_alphanumeric() || ch == '_') {
                        break;
                    }
                    word.push(ch);
                    chars.next();
                }
                out.push((col, Token::Word(word)));
            }
            other => {
                return Err(FilterError::at(
                    col,
                    format!("unexpected `{other}` (text goes in double quotes)"),
                ))
            }
        }
    }
    Ok(out)
}

struct Parser {
    tokens: Vec<(usize, Token)>,
    pos: usize,
    end: usize,
}

/// Parses a rule's `match` text.
pub fn parse(input: &str) -> Result<Expr, FilterError> {
    if input.len() > MAX_RULE {
        return Err(FilterError::at(1, format!("longer than {MAX_RULE} bytes")));
    }
    let tokens = lex(input)?;
    if tokens.is_empty() {
        return Err(FilterError::at(1, "empty rule"));
    }
    let end = input.chars().count() + 1;
    let mut p = Parser {
        tokens,
        pos: 0,
        end,
    };
    let expr = p.or(0)?;
    match p.tokens.get(p.pos) {
        None => Ok(expr),
        Some((col, Token::Close)) => Err(FilterError::at(*col, "`)` without `(`")),
        Some((col, _)) => Err(FilterError::at(*col, "expected `and`, `or` or the end")),
    }
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos).map(|(_, t)| t)
    }

    fn col(&self) -> usize {
        self.tokens
            .get(self.pos)
            .map(|(c, _)| *c)
            .unwrap_or(self.end)
    }

    fn keyword(&mut self, word: &str) -> bool {
        if matches!(self.peek(), Some(Token::Word(w)) if w.eq_ignore_ascii_case(word)) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn or(&mut self, depth: usize) -> Result<Expr, FilterError> {
        let mut left = self.and(depth)?;
        while self.keyword("or") {
            let right = self.and(depth)?;
            left = Expr::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and(&mut self, depth: usize) -> Result<Expr, FilterError> {
        let mut left = self.unary(depth)?;
        while self.keyword("and") {
            let right = self.unary(depth)?;
            left = Expr::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn unary(&mut self, depth: usize) -> Result<Expr, FilterError> {
        if depth > MAX_DEPTH {
            return Err(FilterError::at(self.col(), "nested too deeply"));
        }
        if self.keyword("not") {
            return Ok(Expr::Not(Box::new(self.unary(depth + 1)?)));
        }
        if self.peek() == Some(&Token::Open) {
            let open = self.col();
            self.pos += 1;
            let inner = self.or(depth + 1)?;
            if self.peek() != Some(&Token::Close) {
                return Err(FilterError::at(open, "`(` is never closed"));
            }
            self.pos += 1;
            return Ok(inner);
        }
        self.test()
    }

    fn test(&mut self) -> Result<Expr, FilterError> {
        let col = self.col();
        let field = match self.peek() {
            Some(Token::Word(w)) => Field::parse(w).ok_or_else(|| {
                FilterError::at(
                    col,
                    format!("unknown field `{w}` (title, author, content, feed, tag or age)"),
                )
            })?,
            _ => {
                return Err(FilterError::at(
                    col,
                    "expected a field (title, author, content, feed, tag or age)",
                ))
            }
        };
        self.pos += 1;
        let op_col = self.col();
        let Some(Token::Op(op)) = self.peek().cloned() else {
            return Err(FilterError::at(
                op_col,
                "expected ~, !~, =, !=, <, <=, > or >=",
            ));
        };
        self.pos += 1;
        let value_col = self.col();
        let value = self.tokens.get(self.pos).map(|(_, t)| t.clone());
        self.pos += 1;
        if field == Field::Age {
            if !matches!(op, "<" | "<=" | ">" | ">=" | "=" | "!=") {
                return Err(FilterError::at(op_col, "age takes <, <=, >, >=, = or !="));
            }
            let Some(Token::Word(w)) = value else {
                return Err(FilterError::at(
                    value_col,
                    "age is compared with a duration such as 30d, 12h or 2w",
                ));
            };
            let secs = duration(&w).ok_or_else(|| {
                FilterError::at(
                    value_col,
                    format!("`{w}` is not a duration (30d, 12h, 2w, 45m, 90s)"),
                )
            })?;
            return Ok(Expr::Age { op, secs });
        }
        let Some(Token::Text(text)) = value else {
            return Err(FilterError::at(value_col, "expected text in double quotes"));
        };
        let op = match op {
            "~" => TextOp::Matches(compile(&text, value_col)?),
            "!~" => TextOp::NotMatches(compile(&text, value_col)?),
            "=" => TextOp::Equals(text),
            "!=" => TextOp::Differs(text),
            other => {
                return Err(FilterError::at(
                    op_col,
                    format!("`{other}` compares ages; text takes ~, !~, = or !="),
                ))
            }
        };
        Ok(Expr::Text { field, op })
    }
}

fn compile(pattern: &str, col: usize) -> Result<Regex, FilterError> {
    RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE)
        .dfa_size_limit(REGEX_SIZE)
        .build()
        .map_err(|e| {
            let first = e.to_string();
            let last = first.lines().last().unwrap_or("").trim().to_string();
            FilterError::at(col, format!("bad regular expression: {last}"))
        })
}

/// `30d` → seconds. Units: s, m (minutes), h, d, w.
fn duration(word: &str) -> Option<i64> {
    let split = word.find(|c: char| !c.is_ascii_digit())?;
    let (n, unit) = word.split_at(split);
    let n: i64 = n.parse().ok()?;
    let unit = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 7 * 86_400,
        _ => return None,
    };
    n.checked_mul(unit)
}
