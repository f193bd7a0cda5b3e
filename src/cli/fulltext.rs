//! Full text from the command line: `bookmark`, `show --full` and `save` fetch pages.

use std::process::ExitCode;

use super::Context;
use crate::fetch::{FetchOptions, Fetcher};
use crate::i18n::tf;
use crate::library::fulltext::{self, Candidate};
use crate::library::saving;
use crate::model::ArticleId;
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

/// Fetches an article's page and keeps its full text; a failure is recorded on the article
/// (its summary stays) and returned.
pub fn fetch_and_keep(ctx: &mut Context, id: ArticleId, link: Option<&str>) -> anyhow::Result<()> {
    let fetcher = fetcher(ctx)?;
    let store = &mut ctx.store;
    runtime()?.block_on(fulltext::fetch_and_keep(store, &fetcher, id, link))??;
    Ok(())
}

/// Keeps the full text of just-bookmarked articles, so they read offline; a failure is said,
/// not fatal (the bookmark stands).
pub fn keep_for_bookmarks(ctx: &mut Context, wanted: Vec<Candidate>) -> anyhow::Result<()> {
    for (id, link) in wanted {
        if let Err(e) = fetch_and_keep(ctx, id, Some(&link)) {
            let title = ctx
                .store
                .article(id)?
                .map(|a| clean_line(&a.title))
                .unwrap_or_default();
            eprintln!(
                "{}",
                tf(
                    "griot: article {} ({}) is bookmarked, but its full text was not kept: {}",
                    &[&id, &title, &super::output::say_error(&e)]
                )
            );
        }
    }
    Ok(())
}

/// Keeps the pictures of bookmarked (or saved) articles on disk, so they show offline; a
/// picture that cannot be had is said on its own line (the article keeps its alt text).
pub fn keep_pictures(ctx: &Context, ids: &[ArticleId]) -> anyhow::Result<()> {
    if ids.is_empty() || ctx.config.reader.images == crate::config::ImagesMode::Off {
        return Ok(());
    }
    let fetcher = fetcher(ctx)?;
    let cache = crate::images::DiskCache::beside(
        &ctx.paths.database,
        ctx.config.reader.image_cache_mib.saturating_mul(1 << 20),
    );
    let runtime = runtime()?;
    for &id in ids {
        let Some(article) = ctx.store.article(id)? else {
            continue;
        };
        let limits = crate::images::Limits::default();
        let pictures = crate::library::images::wanted(&crate::library::reading::document(&article));
        let (_, failed) = runtime.block_on(crate::library::images::keep_for(
            &fetcher, &cache, limits, article.id, pictures,
        ));
        for (url, e) in failed {
            eprintln!(
                "{}",
                tf(
                    "griot: a picture of article {} was not kept ({}): {}",
                    &[&id, &url, &crate::i18n::say(&e)]
                )
            );
        }
    }
    Ok(())
}

/// `griot save URL`: keeps any web page's article as a bookmark under "Saved".
pub fn save(ctx: &mut Context, url: &str) -> anyhow::Result<ExitCode> {
    let fetcher = fetcher(ctx)?;
    let page = runtime()?
        .block_on(saving::fetch(&fetcher, url))
        .map_err(|e| anyhow::anyhow!(tf("cannot save {}: {}", &[&url, &e])))?;
    let id = saving::keep(&mut ctx.store, &page)?;
    let title = clean_line(&page.title);
    println!("{}", tf("saved article {}: {}", &[&id, &title]));
    keep_pictures(ctx, &[id])?;
    Ok(ExitCode::SUCCESS)
}
