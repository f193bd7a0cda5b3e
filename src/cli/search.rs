//! `search` and `searches`.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use serde::Serialize;

use super::articles::ArticleLine;
use super::output::{finish, flushed, json_line, listing, short_date};
use super::Context;
use crate::i18n::tf;
use crate::render::sanitize::clean_line;
use crate::store::SearchQuery;

#[derive(Serialize)]
struct HitLine {
    #[serde(flatten)]
    article: ArticleLine,
    snippet: String,
    highlights: Vec<(usize, usize)>,
}

pub fn search(
    ctx: &mut Context,
    query: &str,
    limit: u32,
    json: bool,
    save: Option<String>,
    forget: Option<String>,
) -> anyhow::Result<ExitCode> {
    if let Some(name) = forget {
        if ctx.store.delete_saved_search(&name)? {
            println!("{}", tf("forgot saved search \"{}\"", &[&name]));
            return Ok(ExitCode::SUCCESS);
        }
        anyhow::bail!(tf("no saved search named \"{}\"", &[&name]));
    }
    let parsed = SearchQuery::parse(query)?;
    if let Some(name) = save {
        crate::library::searches::save(&mut ctx.store, &name, query)?;
        println!("{}", tf("saved search \"{}\": {}", &[&name.trim(), &query]));
        return Ok(ExitCode::SUCCESS);
    }
    let waiting = ctx.store.unindexed()?;
    if waiting > 5_000 && std::io::stderr().is_terminal() {
        eprintln!(
            "{}",
            tf(
                "griot: indexing {} articles for search (once; the reader does it in the background)…",
                &[&waiting]
            )
        );
    }
    let hits = ctx.store.search(&parsed, limit, 0)?;
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut out = listing();
    let result = hits.iter().try_for_each(|h| {
        if json {
            json_line(
                &mut out,
                &HitLine {
                    article: ArticleLine::from(&h.article),
                    snippet: clean_line(&h.snippet),
                    highlights: h.highlights.clone(),
                },
            )
        } else {
            writeln!(
                out,
                "{:>7}  {}  {}  {}",
                h.article.id.0,
                short_date(h.article.published),
                clean_line(&h.article.feed_title),
                clean_line(&h.article.title)
            )?;
            writeln!(out, "         {}", marked(&h.snippet, &h.highlights, color))
        }
    });
    finish(flushed(result, &mut out))?;
    if hits.is_empty() && !json {
        eprintln!("{}", tf("no matches for {}", &[&query]));
    }
    Ok(ExitCode::SUCCESS)
}

/// The snippet with matches in bold (on a terminal) or between `[` `]`.
fn marked(snippet: &str, highlights: &[(usize, usize)], color: bool) -> String {
    let (open, close) = if color {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    let mut out = String::new();
    for (i, c) in clean_line(snippet).chars().enumerate() {
        if highlights.iter().any(|&(s, _)| s == i) {
            out.push_str(open);
        }
        out.push(c);
        if highlights.iter().any(|&(_, e)| e == i + 1) {
            out.push_str(close);
        }
    }
    out
}

pub fn saved(ctx: &Context, json: bool) -> anyhow::Result<ExitCode> {
    let saved = ctx.store.saved_searches()?;
    let mut out = std::io::stdout().lock();
    let result = saved.iter().try_for_each(|s| {
        if json {
            json_line(&mut out, s)
        } else {
            writeln!(
                out,
                "{:>5}/{:<5} {}  ({})",
                s.unread, s.total, s.name, s.query
            )
        }
    });
    finish(result)?;
    Ok(ExitCode::SUCCESS)
}
