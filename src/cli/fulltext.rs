//! Full text from the command line: `bookmark`, `show --full` and `save` fetch pages.

use std::process::ExitCode;

use super::Context;
use crate::extract::needs_full_text;
use crate::fetch::{FetchOptions, Fetcher};
use crate::fulltext::{self, FullTextError};
use crate::model::Article;
use crate::render::sanitize::clean_line;

/// A small runtime for one command's network work.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}

/// The shared client configured from `[fetch]`.
pub fn fetcher(ctx: &Context) -> anyhow::Result<Fetcher> {
    Ok(Fetcher::new(FetchOptions::from(&ctx.config.fetch))?)
}

/// Fetches an article's page, extracts it and keeps the full text; a failure is recorded on
/// the article (its summary stays) and returned.
pub fn fetch_and_keep(ctx: &mut Context, article: &Article) -> anyhow::Result<()> {
    let fetcher = fetcher(ctx)?;
    let result = runtime()?.block_on(fulltext::fetch(&fetcher, article.link.as_deref()));
    match result {
        Ok(full) => {
            ctx.store.set_fulltext(article.id, &full.html)?;
            Ok(())
        }
        Err(e) => {
            if !matches!(e, FullTextError::NoLink) {
                ctx.store.set_fulltext_error(article.id, &e.to_string())?;
            }
            Err(e.into())
        }
    }
}

/// Keeps the full text of bookmarked articles whose feed gave only a summary.
pub fn keep_bookmarks_offline(
    ctx: &mut Context,
    ids: &[crate::model::ArticleId],
) -> anyhow::Result<()> {
    for id in ids {
        let Some(article) = ctx.store.article(*id)? else {
            continue;
        };
        if article.fulltext_html.is_some()
            || !needs_full_text(
                article.summary_html.as_deref(),
                article.content_html.as_deref(),
            )
        {
            continue;
        }
        if let Err(e) = fetch_and_keep(ctx, &article) {
            eprintln!(
                "griot: article {id} ({}) is bookmarked, but its full text was not kept: {e}",
                clean_line(&article.title)
            );
        }
    }
    Ok(())
}

/// After a refresh: full text for new summary-only articles of feeds configured for it, and
/// for bookmarks still without it. Failures are recorded on the articles, not fatal.
pub fn keep_configured(ctx: &mut Context) -> anyhow::Result<()> {
    let mut candidates = Vec::new();
    for feed in ctx.store.feeds()? {
        if !ctx.config.full_text_for(&feed.url) {
            continue;
        }
        candidates.extend(ctx.store.fulltext_candidates(feed.id, 50)?);
    }
    candidates.extend(ctx.store.bookmarks_missing_fulltext(50)?);
    candidates.sort();
    candidates.dedup();
    let mut pairs = Vec::new();
    for id in candidates {
        if let Some(a) = ctx.store.article(id)? {
            if a.fulltext_html.is_none()
                && needs_full_text(a.summary_html.as_deref(), a.content_html.as_deref())
            {
                pairs.push((a.id, a.link.clone()));
            }
        }
    }
    if pairs.is_empty() {
        return Ok(());
    }
    let fetcher = fetcher(ctx)?;
    let (kept, failed) =
        runtime()?.block_on(fulltext::keep_many(&mut ctx.store, &fetcher, pairs))?;
    tracing::info!(kept, failed, "full text after refresh");
    Ok(())
}

/// `griot save URL`: keeps any web page's article as a bookmark under "Saved".
pub fn save(ctx: &mut Context, url: &str) -> anyhow::Result<ExitCode> {
    crate::subscriptions::check_url(url).map_err(anyhow::Error::msg)?;
    let fetcher = fetcher(ctx)?;
    let full = runtime()?
        .block_on(fulltext::fetch(&fetcher, Some(url)))
        .map_err(|e| anyhow::anyhow!("cannot save {url}: {e}"))?;
    let title = full
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| url.to_string());
    let id = ctx.store.save_page(
        url,
        &title,
        full.byline.as_deref(),
        full.published,
        &full.html,
    )?;
    println!("saved article {id}: {}", clean_line(&title));
    Ok(ExitCode::SUCCESS)
}
