//! The command line: a stable, scriptable interface to everything griot does.
//!
//! `griot` alone opens the reader; every other command runs headless and is safe to use from
//! scripts and cron. `--json` prints one JSON object per line. Exit codes: 0 success, 1 error,
//! 2 partial failure (some feeds failed to refresh), 64 a mistake in the command line.

mod articles;
mod context;
mod downloads;
mod filter;
mod fulltext;
mod maintenance;
mod output;
pub mod refresh;
mod search;
mod show;
mod subscriptions;
mod sync;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

pub use context::Context;
pub use output::say_error;

/// The exit code of a mistake in the command line (sysexits' `EX_USAGE`), apart from 2 (a
/// partial refresh).
pub const EXIT_USAGE: u8 = 64;

/// A terminal news reader: RSS, Atom and JSON feeds, full text kept for offline reading.
#[derive(Debug, Parser)]
#[command(name = "griot", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// Config file (default: the platform config dir's griot/config.toml).
    #[arg(long, global = true, env = "GRIOT_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Directory for the database and the log (default: the platform data dir).
    #[arg(long, global = true, env = "GRIOT_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Log level for the log file: error, warn, info, debug, trace.
    #[arg(long, global = true, value_name = "LEVEL")]
    pub log_level: Option<String>,
    /// Open the reader on bundled sample articles, in a throwaway data dir, with no network.
    #[arg(long)]
    pub demo: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print where the config, database and log live.
    Paths {
        /// Print as JSON (one object).
        #[arg(long)]
        json: bool,
    },
    /// Show or check the configuration.
    Config {
        /// Print the annotated default configuration.
        #[arg(long, conflicts_with = "check")]
        default: bool,
        /// Validate the config file and report the first problem.
        #[arg(long)]
        check: bool,
    },
    /// Subscribe to a feed (or a web site, whose feed is discovered).
    Add {
        /// The feed's URL, a web site's address (its feed is discovered), a file path or `exec:COMMAND`.
        url: String,
        /// Name the feed (otherwise the feed's own title is used).
        #[arg(long)]
        title: Option<String>,
        /// Tag the feed (repeatable).
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
    },
    /// Unsubscribe from feeds (by id or URL); their bookmarks are kept.
    Remove {
        /// Feeds to remove (ids or URLs).
        #[arg(required = true, value_name = "FEED")]
        feeds: Vec<String>,
    },
    /// Import subscriptions from OPML or a newsboat urls file, or newsboat's whole archive
    /// (cache.db: feeds, articles, read state, flagged articles as bookmarks).
    Import {
        /// An OPML file (1.0 or 2.0), a newsboat `urls` file or a newsboat `cache.db`.
        file: PathBuf,
    },
    /// The [[filter]] rules: how many articles each touches, applied to the archive on demand.
    Filter {
        /// Apply the rules to every article already stored (new ones are filtered as they arrive).
        #[arg(long, conflicts_with = "unhide")]
        apply: bool,
        /// With --apply: only count what would change.
        #[arg(long, requires = "apply")]
        dry_run: bool,
        /// Show every hidden article again.
        #[arg(long)]
        unhide: bool,
    },
    /// Export subscriptions (OPML 2.0 by default) on stdout.
    Export {
        /// `opml` (tags as folders) or `urls` (newsboat's format).
        #[arg(long, value_enum, default_value_t = ExportFormat::Opml)]
        format: ExportFormat,
    },
    /// Fetch feeds (all, or the named ones) into the store; then apply retention.
    Refresh {
        /// Feeds to fetch (ids or URLs); none means every feed.
        #[arg(value_name = "FEED")]
        feeds: Vec<String>,
        /// Fetch only feeds whose scheduled time has come (for frequent cron runs).
        #[arg(long, conflicts_with = "feeds")]
        due: bool,
    },
    /// List feeds with unread and total counts.
    Feeds {
        /// Print one JSON object per feed.
        #[arg(long)]
        json: bool,
    },
    /// List articles, newest first.
    List {
        /// Only unread articles.
        #[arg(long)]
        unread: bool,
        /// Only bookmarked articles.
        #[arg(long)]
        bookmarked: bool,
        /// Only this feed (id or URL).
        #[arg(long, value_name = "FEED")]
        feed: Option<String>,
        /// Only feeds with this tag.
        #[arg(long)]
        tag: Option<String>,
        /// How many articles at most.
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// Skip this many articles first (for paging).
        #[arg(long, default_value_t = 0)]
        offset: u32,
        /// Print one JSON object per article.
        #[arg(long)]
        json: bool,
    },
    /// Print an article as the reader sets it.
    Show {
        /// The article's id (as `list` and `search` print it).
        #[arg(value_name = "ARTICLE")]
        article: i64,
        /// Columns to set the text in (default: the terminal's width, or 80).
        #[arg(long)]
        width: Option<u16>,
        /// Fetch and keep the article's full text first, if it has none yet.
        #[arg(long)]
        full: bool,
        /// Colour and styles: `auto` (on a terminal, unless NO_COLOR is set), `always` or `never`.
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
        /// Print the document as JSON (blocks, pull-quotes with attribution, links); the same
        /// as `--format json`.
        #[arg(long, conflicts_with = "format")]
        json: bool,
        /// `txt` (the text as the reader sets it; the default), `md` (Markdown: title, link,
        /// body, pull-quotes as attributed block quotes), `html` (a small self-contained page)
        /// or `json`.
        #[arg(long, value_enum)]
        format: Option<ShowFormat>,
        /// Draw the article's pictures where they stand (on a terminal, by the protocol it
        /// answers, else with half-blocks); without it each shows as its alt text and address.
        #[arg(long)]
        images: bool,
    },
    /// Fetch a web page, extract its article and keep it as a bookmark under "Saved".
    Save {
        /// The page's address.
        url: String,
    },
    /// Mark articles read (or all of them, or a feed's).
    Read {
        /// Article ids (as `list` and `search` print them).
        #[arg(value_name = "ARTICLE", required_unless_present_any = ["all", "feed"])]
        articles: Vec<i64>,
        /// Every article.
        #[arg(long, conflicts_with = "articles")]
        all: bool,
        /// Every article of this feed (id or URL).
        #[arg(long, value_name = "FEED", conflicts_with = "articles")]
        feed: Option<String>,
    },
    /// Mark articles unread.
    Unread {
        /// Article ids (as `list` and `search` print them).
        #[arg(value_name = "ARTICLE", required = true)]
        articles: Vec<i64>,
    },
    /// Bookmark articles (their full text is fetched and kept for offline reading).
    Bookmark {
        /// Article ids (as `list` and `search` print them).
        #[arg(value_name = "ARTICLE", required = true)]
        articles: Vec<i64>,
    },
    /// Remove bookmarks.
    Unbookmark {
        /// Article ids (as `list` and `search` print them).
        #[arg(value_name = "ARTICLE", required = true)]
        articles: Vec<i64>,
    },
    /// Export bookmarks.
    Bookmarks {
        /// `md` (a Markdown list), `html` (a browser bookmarks file) or `json` (one object per line).
        #[arg(long, value_enum, default_value_t = BookmarkFormat::Md)]
        format: BookmarkFormat,
    },
    /// Search the archive: words, prefix*, "phrases", feed:, tag:, is:unread, is:bookmarked.
    Search {
        /// Words, prefix*, "a phrase", feed:ID, tag:NAME, is:unread, is:read, is:bookmarked.
        #[arg(required_unless_present_any = ["forget"], value_name = "QUERY")]
        query: Vec<String>,
        /// How many results at most.
        #[arg(long, default_value_t = 20)]
        limit: u32,
        /// Print one JSON object per result.
        #[arg(long)]
        json: bool,
        /// Keep the search as a virtual feed with this name.
        #[arg(long, value_name = "NAME")]
        save: Option<String>,
        /// Forget the saved search with this name.
        #[arg(long, value_name = "NAME", conflicts_with = "save")]
        forget: Option<String>,
    },
    /// List saved searches with their counts.
    Searches {
        /// Print one JSON object per saved search.
        #[arg(long)]
        json: bool,
    },
    /// Drop old read articles per the retention settings (never unread or bookmarked ones).
    Prune {
        /// Only say what would be dropped.
        #[arg(long)]
        dry_run: bool,
    },
    /// Print shell completions.
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff).
    Man,
    /// Podcasts and other attached files: show the queue and download it (resumable), or
    /// `add ARTICLE [N]`, `list [--json]`, `run`, `forget ID…`.
    Downloads {
        /// Print the queue as JSON (one object per file) and download nothing.
        #[arg(long)]
        json: bool,
        #[command(subcommand)]
        command: Option<downloads::DownloadsCommand>,
    },
    /// The sync account: `status`, `push-subscriptions`.
    Sync {
        #[command(subcommand)]
        command: sync::SyncCommand,
    },
}

/// `export --format`
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Opml,
    Urls,
}

/// `show --color`
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to style output going to a terminal (`is_tty`); `NO_COLOR` turns auto off.
    pub fn enabled(self, is_tty: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_tty && std::env::var_os("NO_COLOR").is_none(),
        }
    }
}

/// `show --format`
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Txt,
    Md,
    Html,
    Json,
}

/// `bookmarks --format`
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BookmarkFormat {
    Md,
    Html,
    Json,
}

/// Runs a headless command and returns the process exit code.
pub fn run(cli: Cli, command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Paths { json } => maintenance::paths(&cli, json),
        Command::Config { default, check } => maintenance::config(&cli, default, check),
        Command::Completions { shell } => maintenance::completions(shell),
        Command::Man => maintenance::man(),
        command => {
            let mut ctx = Context::open(&cli)?;
            sync::arm(&mut ctx)?;
            match command {
                Command::Add { url, title, tags } => {
                    subscriptions::add(&mut ctx, &url, title, tags)
                }
                Command::Remove { feeds } => subscriptions::remove(&mut ctx, &feeds),
                Command::Import { file } => subscriptions::import(&mut ctx, &file),
                Command::Filter {
                    apply,
                    dry_run,
                    unhide,
                } => filter::run(&mut ctx, apply, dry_run, unhide),
                Command::Export { format } => subscriptions::export(&ctx, format),
                Command::Refresh { feeds, due } => refresh::run(&mut ctx, &feeds, due),
                Command::Feeds { json } => subscriptions::feeds(&ctx, json),
                Command::List {
                    unread,
                    bookmarked,
                    feed,
                    tag,
                    limit,
                    offset,
                    json,
                } => articles::list(&ctx, unread, bookmarked, feed, tag, limit, offset, json),
                Command::Read {
                    articles: ids,
                    all,
                    feed,
                } => articles::read(&mut ctx, &ids, all, feed),
                Command::Unread { articles: ids } => articles::unread(&mut ctx, &ids),
                Command::Show {
                    article,
                    width,
                    full,
                    color,
                    json,
                    format,
                    images,
                } => {
                    let format = if json { Some(ShowFormat::Json) } else { format };
                    let how = show::How {
                        width,
                        full,
                        color,
                        format,
                        images,
                    };
                    show::show(&mut ctx, article, how)
                }
                Command::Save { url } => fulltext::save(&mut ctx, &url),
                Command::Bookmark { articles: ids } => articles::bookmark(&mut ctx, &ids, true),
                Command::Unbookmark { articles: ids } => articles::bookmark(&mut ctx, &ids, false),
                Command::Bookmarks { format } => articles::export_bookmarks(&ctx, format),
                Command::Search {
                    query,
                    limit,
                    json,
                    save,
                    forget,
                } => search::search(&mut ctx, &query.join(" "), limit, json, save, forget),
                Command::Searches { json } => search::saved(&ctx, json),
                Command::Prune { dry_run } => maintenance::prune(&mut ctx, dry_run),
                Command::Sync { command } => sync::run(&mut ctx, command),
                Command::Downloads { json, command } => downloads::run(&mut ctx, command, json),
                Command::Paths { .. }
                | Command::Config { .. }
                | Command::Completions { .. }
                | Command::Man => {
                    unreachable!("handled above")
                }
            }
        }
    }
}
