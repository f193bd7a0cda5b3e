//! Every variant of every error type a user meets has French words, and its English words are
//! its `Display`.
//!
//! The compiler does half of the work: each `Explain` impl matches its enum exhaustively, so
//! a new variant does not build until it has words. The samples below give one value of each
//! variant; `variant` matches exhaustively too and numbers the variants, so a new one does not
//! build until it is numbered, and the test fails until a sample of it is here.

use chrono::TimeZone;

use super::{lookup, Explain, Lang, Phrase};
use crate::config::ConfigError;
use crate::extract::ExtractError;
use crate::fetch::{FetchError, ParseError};
use crate::fulltext::FullTextError;
use crate::store::StoreError;
use crate::sync::SyncError;
use std::path::PathBuf;

use crate::downloads::transfer::TransferError;
use crate::images::ImageError;
use crate::library::downloads::QueueError;
use crate::library::exporting::SaveFileError;
use crate::library::images::TidyError;
use crate::library::import::ImportFailure;
use crate::library::piping::PipeError;
use crate::library::searches::SaveSearchError;
use crate::library::setup::SetupError;
use crate::model::ArticleId;
use crate::paths::PathsError;
use crate::subscriptions::newsboat_cache::CacheError;
use crate::subscriptions::ImportError;

fn fetch_variant(e: &FetchError) -> usize {
    match e {
        FetchError::InvalidUrl { .. } => 0,
        FetchError::UnsupportedScheme { .. } => 1,
        FetchError::Dns { .. } => 2,
        FetchError::ConnectionRefused { .. } => 3,
        FetchError::Connect { .. } => 4,
        FetchError::Tls { .. } => 5,
        FetchError::Timeout { .. } => 6,
        FetchError::Http { .. } => 7,
        FetchError::RetryLater { .. } => 8,
        FetchError::BodyTooLarge { .. } => 9,
        FetchError::TooManyRedirects { .. } => 10,
        FetchError::RedirectScheme { .. } => 11,
        FetchError::BadRedirect => 12,
        FetchError::Network(_) => 13,
        FetchError::File { .. } => 14,
        FetchError::ExecSpawn(_) => 15,
        FetchError::ExecTimeout { .. } => 16,
        FetchError::ExecFailed { .. } => 17,
        FetchError::Parse(_) => 18,
        FetchError::NoFeedFound { .. } => 19,
        FetchError::Internal(_) => 20,
    }
}

fn fetch_samples() -> Vec<FetchError> {
    let s = |x: &str| x.to_string();
    vec![
        FetchError::InvalidUrl {
            url: s("h ttp://x"),
            reason: s("bad"),
        },
        FetchError::UnsupportedScheme { scheme: s("ftp") },
        FetchError::Dns {
            host: s("example.org"),
        },
        FetchError::ConnectionRefused {
            host: s("127.0.0.1:9"),
        },
        FetchError::Connect {
            host: s("example.org"),
            reason: s("reset"),
        },
        FetchError::Tls {
            host: s("example.org"),
            reason: s("bad certificate"),
        },
        FetchError::Timeout { secs: 30 },
        FetchError::Http {
            status: 404,
            reason: s("Not Found"),
        },
        FetchError::RetryLater {
            status: 503,
            reason: s("Service Unavailable"),
            retry_at: chrono::Utc
                .with_ymd_and_hms(2026, 11, 27, 20, 0, 0)
                .unwrap(),
        },
        FetchError::BodyTooLarge { limit: 16 << 20 },
        FetchError::TooManyRedirects { max: 10 },
        FetchError::RedirectScheme {
            location: s("ftp://x"),
        },
        FetchError::BadRedirect,
        FetchError::Network(s("connection reset")),
        FetchError::File {
            path: s("/nope"),
            reason: s("not found"),
        },
        FetchError::ExecSpawn(s("no such file")),
        FetchError::ExecTimeout { secs: 5 },
        FetchError::ExecFailed {
            status: s("exit status 3"),
            stderr: s("boom"),
        },
        FetchError::ExecFailed {
            status: s("exit status 3"),
            stderr: s(""),
        },
        FetchError::Parse(ParseError::ParserFailed),
        FetchError::NoFeedFound {
            url: s("https://example.org"),
        },
        FetchError::Internal(s("panicked")),
    ]
}

fn parse_samples() -> Vec<ParseError> {
    vec![
        ParseError::NotAFeed("the server sent an HTML page"),
        ParseError::NotAFeed("no RSS, Atom or JSON Feed root element"),
        ParseError::Syntax {
            line: 3,
            column: 7,
            message: "unexpected end".into(),
        },
        ParseError::ParserFailed,
        ParseError::Invalid("bad JSON".into()),
    ]
}

fn parse_variant(e: &ParseError) -> usize {
    match e {
        ParseError::NotAFeed(_) => 0,
        ParseError::Syntax { .. } => 1,
        ParseError::ParserFailed => 2,
        ParseError::Invalid(_) => 3,
    }
}

fn store_samples() -> Vec<StoreError> {
    let path = std::path::PathBuf::from("/data/griot.db");
    vec![
        StoreError::Open {
            path: path.clone(),
            source: rusqlite::Error::InvalidQuery,
        },
        StoreError::Io {
            path: path.clone(),
            source: std::io::Error::other("disk"),
        },
        StoreError::AtPath {
            path,
            source: Box::new(StoreError::NoSuchArticle(3)),
        },
        StoreError::TooNew {
            found: 20,
            supported: 8,
        },
        StoreError::Corrupt("page 3".into()),
        StoreError::NoSuchFeed("dakar".into()),
        StoreError::NoSuchArticle(7),
        StoreError::BadQuery("unknown field is:foo".into()),
        StoreError::ReadOnly("disk full".into()),
        StoreError::BatchRolledBack,
        StoreError::Sqlite(rusqlite::Error::QueryReturnedNoRows),
    ]
}

fn store_variant(e: &StoreError) -> usize {
    match e {
        StoreError::Open { .. } => 0,
        StoreError::Io { .. } => 1,
        StoreError::AtPath { .. } => 2,
        StoreError::TooNew { .. } => 3,
        StoreError::Corrupt(_) => 4,
        StoreError::NoSuchFeed(_) => 5,
        StoreError::NoSuchArticle(_) => 6,
        StoreError::BadQuery(_) => 7,
        StoreError::ReadOnly(_) => 8,
        StoreError::Sqlite(_) => 9,
        StoreError::BatchRolledBack => 10,
    }
}

fn sync_samples() -> Vec<SyncError> {
    let server = || "reader.example.org".to_string();
    vec![
        SyncError::Unauthorized { server: server() },
        SyncError::NotFound {
            server: server(),
            path: "/v1/me".into(),
            detail: "HTTP 404".into(),
        },
        SyncError::Tls {
            server: server(),
            reason: "bad certificate".into(),
        },
        SyncError::transport(
            "reader.example.org",
            FetchError::ConnectionRefused {
                host: "reader.example.org".into(),
            },
        ),
        SyncError::transport(
            "reader.example.org",
            FetchError::Dns {
                host: "reader.example.org".into(),
            },
        ),
        SyncError::transport("reader.example.org", FetchError::Network("reset".into())),
        SyncError::TimedOut {
            server: server(),
            secs: 60,
        },
        SyncError::Rejected {
            server: server(),
            what: "subscription to x".into(),
            status: 400,
            message: "bad feed".into(),
        },
        SyncError::Protocol {
            server: server(),
            reason: "not JSON".into(),
        },
        SyncError::Password("`pass show x` printed nothing".into()),
        SyncError::Store(StoreError::NoSuchArticle(1)),
    ]
}

fn sync_variant(e: &SyncError) -> usize {
    match e {
        SyncError::Unauthorized { .. } => 0,
        SyncError::NotFound { .. } => 1,
        SyncError::Tls { .. } => 2,
        SyncError::Unreachable { .. } => 3,
        SyncError::TimedOut { .. } => 4,
        SyncError::Rejected { .. } => 5,
        SyncError::Protocol { .. } => 6,
        SyncError::Password(_) => 7,
        SyncError::Store(_) => 8,
    }
}

fn config_samples() -> Vec<ConfigError> {
    let path = || std::path::PathBuf::from("config.toml");
    vec![
        ConfigError::Read {
            path: path(),
            source: std::io::Error::other("denied"),
        },
        ConfigError::UnknownKey {
            path: path(),
            line: 2,
            key: "intervall".into(),
            suggestion: Some("interval".into()),
        },
        ConfigError::UnknownKey {
            path: path(),
            line: 2,
            key: "zzz".into(),
            suggestion: None,
        },
        ConfigError::Invalid {
            path: path(),
            line: 3,
            key: "interval".into(),
            message: "expected a whole number".into(),
        },
        ConfigError::Syntax {
            path: path(),
            line: 4,
            message: "expected `=`".into(),
        },
    ]
}

fn config_variant(e: &ConfigError) -> usize {
    match e {
        ConfigError::Read { .. } => 0,
        ConfigError::UnknownKey { .. } => 1,
        ConfigError::Invalid { .. } => 2,
        ConfigError::Syntax { .. } => 3,
    }
}

fn fulltext_samples() -> Vec<FullTextError> {
    vec![
        FullTextError::NoLink,
        FullTextError::Fetch(FetchError::Timeout { secs: 30 }),
        FullTextError::Extract(ExtractError::TooLarge { size: 10, limit: 5 }),
        FullTextError::Extract(ExtractError::BadUrl("x".into())),
        FullTextError::Extract(ExtractError::TooManyElements {
            found: 10,
            limit: 5,
        }),
        FullTextError::Extract(ExtractError::NoContent),
        FullTextError::Worker,
    ]
}

fn fulltext_variant(e: &FullTextError) -> usize {
    match e {
        FullTextError::NoLink => 0,
        FullTextError::Fetch(_) => 1,
        FullTextError::Extract(ExtractError::TooLarge { .. }) => 2,
        FullTextError::Extract(ExtractError::BadUrl(_)) => 3,
        FullTextError::Extract(ExtractError::TooManyElements { .. }) => 4,
        FullTextError::Extract(ExtractError::NoContent) => 5,
        FullTextError::Worker => 6,
    }
}

/// Checks one error type: every variant sampled, each with French words for each template
/// (the verbatim "{}" of a library's own words aside), and English words equal to `Display`.
fn check<E: Explain + std::fmt::Display>(samples: &[E], variant: fn(&E) -> usize, variants: usize) {
    let mut seen: Vec<usize> = samples.iter().map(variant).collect();
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(
        seen,
        (0..variants).collect::<Vec<_>>(),
        "a variant has no sample"
    );
    for e in samples {
        let phrase: Phrase = e.explain();
        assert_eq!(
            phrase.to_string(),
            e.to_string(),
            "English words differ from Display"
        );
        for template in phrase.templates() {
            assert!(
                template == "{}" || lookup(template).is_some(),
                "no French for {template:?} (in {e})"
            );
        }
        let french = phrase.say_in(Lang::Fr);
        assert!(
            !french.contains(": ") || french.contains(" : "),
            "French typography: {french}"
        );
    }
}

#[test]
fn every_error_variant_has_french_words_and_english_ones_equal_to_display() {
    check(&fetch_samples(), fetch_variant, 21);
    check(&parse_samples(), parse_variant, 4);
    check(&store_samples(), store_variant, 11);
    check(&sync_samples(), sync_variant, 9);
    check(&config_samples(), config_variant, 4);
    check(&fulltext_samples(), fulltext_variant, 7);
}

#[test]
fn errors_read_in_french() {
    let fr = |e: &dyn Explain| e.explain().say_in(Lang::Fr);
    assert_eq!(
        fr(&FetchError::Http {
            status: 404,
            reason: "Not Found".into()
        }),
        "HTTP 404 introuvable"
    );
    assert_eq!(
        fr(&FetchError::Timeout { secs: 30 }),
        "délai dépassé après 30 s"
    );
    assert_eq!(
        fr(&SyncError::Unauthorized {
            server: "reader.example.org".into()
        }),
        "reader.example.org : nom d’utilisateur ou mot de passe incorrect (HTTP 401)"
    );
    assert_eq!(
        fr(&SyncError::transport(
            "reader.example.org",
            FetchError::ConnectionRefused { host: "x".into() }
        )),
        "reader.example.org : injoignable : connexion refusée"
    );
    assert_eq!(
        fr(&ParseError::NotAFeed("the server sent an HTML page")),
        "pas un flux : le serveur a envoyé une page HTML"
    );
    // A server's own reason phrase is said as it wrote it.
    assert_eq!(
        fr(&FetchError::Http {
            status: 404,
            reason: "Nothing Here".into()
        }),
        "HTTP 404 Nothing Here"
    );
}

fn import_samples() -> Vec<ImportFailure> {
    let path = || PathBuf::from("urls");
    vec![
        ImportFailure::List(ImportError::Read {
            path: path(),
            source: std::io::Error::other("denied"),
        }),
        ImportFailure::List(ImportError::Opml {
            path: path(),
            message: "unclosed tag".into(),
        }),
        ImportFailure::List(ImportError::Line {
            path: path(),
            line: 3,
            message: "not a URL".into(),
        }),
        ImportFailure::List(ImportError::Empty { path: path() }),
        ImportFailure::Cache(CacheError::NotNewsboat { path: path() }),
        ImportFailure::Cache(CacheError::InUse {
            path: path(),
            pid: 42,
        }),
        ImportFailure::Cache(CacheError::Locked { path: path() }),
        ImportFailure::Cache(CacheError::Corrupt {
            path: path(),
            reason: "malformed".into(),
        }),
        ImportFailure::Store(StoreError::NoSuchArticle(1)),
    ]
}

fn import_variant(e: &ImportFailure) -> usize {
    match e {
        ImportFailure::List(ImportError::Read { .. }) => 0,
        ImportFailure::List(ImportError::Opml { .. }) => 1,
        ImportFailure::List(ImportError::Line { .. }) => 2,
        ImportFailure::List(ImportError::Empty { .. }) => 3,
        ImportFailure::Cache(CacheError::NotNewsboat { .. }) => 4,
        ImportFailure::Cache(CacheError::InUse { .. }) => 5,
        ImportFailure::Cache(CacheError::Locked { .. }) => 6,
        ImportFailure::Cache(CacheError::Corrupt { .. }) => 7,
        ImportFailure::Store(_) => 8,
    }
}

fn queue_samples() -> Vec<QueueError> {
    vec![
        QueueError::Store(StoreError::NoSuchArticle(1)),
        QueueError::NoEnclosure(ArticleId(7)),
        QueueError::NoSuchEnclosure {
            article: ArticleId(7),
            n: 3,
            count: 2,
        },
        QueueError::NoName("episode.mp3".into()),
    ]
}

fn queue_variant(e: &QueueError) -> usize {
    match e {
        QueueError::Store(_) => 0,
        QueueError::NoEnclosure(_) => 1,
        QueueError::NoSuchEnclosure { .. } => 2,
        QueueError::NoName(_) => 3,
    }
}

fn transfer_samples() -> Vec<TransferError> {
    vec![
        TransferError::Fetch(FetchError::Timeout { secs: 30 }),
        TransferError::Io {
            path: PathBuf::from("episode.mp3"),
            source: std::io::Error::other("disk full"),
        },
        TransferError::TooLarge { limit: 16 << 30 },
        TransferError::LongerThanDeclared { declared: 2048 },
        TransferError::Incomplete {
            received: 1024,
            total: 4 << 20,
        },
        TransferError::NoName("episode.mp3".into()),
    ]
}

fn transfer_variant(e: &TransferError) -> usize {
    match e {
        TransferError::Fetch(_) => 0,
        TransferError::Io { .. } => 1,
        TransferError::TooLarge { .. } => 2,
        TransferError::LongerThanDeclared { .. } => 3,
        TransferError::Incomplete { .. } => 4,
        TransferError::NoName(_) => 5,
    }
}

fn pipe_samples() -> Vec<PipeError> {
    let failed = |stderr: &str| PipeError::Failed {
        command: "less".into(),
        status: "exit status 2".into(),
        stderr: stderr.into(),
    };
    vec![
        PipeError::Spawn {
            command: "lss".into(),
            source: std::io::Error::other("not found"),
        },
        failed(""),
        failed("less: bad option"),
    ]
}

fn pipe_variant(e: &PipeError) -> usize {
    match e {
        PipeError::Spawn { .. } => 0,
        PipeError::Failed { .. } => 1,
    }
}

fn save_file_samples() -> Vec<SaveFileError> {
    vec![
        SaveFileError::Empty,
        SaveFileError::Exists(PathBuf::from("a.md")),
        SaveFileError::Io {
            path: PathBuf::from("a.md"),
            source: std::io::Error::other("denied"),
        },
    ]
}

fn save_file_variant(e: &SaveFileError) -> usize {
    match e {
        SaveFileError::Empty => 0,
        SaveFileError::Exists(_) => 1,
        SaveFileError::Io { .. } => 2,
    }
}

fn save_search_samples() -> Vec<SaveSearchError> {
    vec![
        SaveSearchError::EmptyName,
        SaveSearchError::Exists("Sénégal".into()),
        SaveSearchError::Store(StoreError::BadQuery("is:foo".into())),
    ]
}

fn save_search_variant(e: &SaveSearchError) -> usize {
    match e {
        SaveSearchError::EmptyName => 0,
        SaveSearchError::Exists(_) => 1,
        SaveSearchError::Store(_) => 2,
    }
}

fn image_samples() -> Vec<ImageError> {
    vec![
        ImageError::TooManyBytes { limit: 1 << 20 },
        ImageError::TooManyPixels {
            width: 9000,
            height: 9000,
            limit: 40_000_000,
        },
        ImageError::OverMemoryCap,
        ImageError::WrongType,
        ImageError::Truncated,
        ImageError::Corrupt("bad huffman code".into()),
        ImageError::Fetch(std::sync::Arc::new(FetchError::Timeout { secs: 30 })),
        ImageError::Offline,
    ]
}

fn image_variant(e: &ImageError) -> usize {
    match e {
        ImageError::TooManyBytes { .. } => 0,
        ImageError::TooManyPixels { .. } => 1,
        ImageError::OverMemoryCap => 2,
        ImageError::WrongType => 3,
        ImageError::Truncated => 4,
        ImageError::Corrupt(_) => 5,
        ImageError::Fetch(_) => 6,
        ImageError::Offline => 7,
    }
}

fn tidy_samples() -> Vec<TidyError> {
    vec![
        TidyError::Store(StoreError::NoSuchArticle(1)),
        TidyError::Cache(crate::images::CacheError {
            path: PathBuf::from("pictures"),
            source: std::io::Error::other("denied"),
        }),
    ]
}

fn tidy_variant(e: &TidyError) -> usize {
    match e {
        TidyError::Store(_) => 0,
        TidyError::Cache(_) => 1,
    }
}

fn setup_samples() -> Vec<SetupError> {
    vec![
        SetupError::Store(StoreError::NoSuchArticle(1)),
        SetupError::Defaults(ImportError::Empty {
            path: PathBuf::from("defaults.opml"),
        }),
        SetupError::Demo(ParseError::ParserFailed),
    ]
}

fn setup_variant(e: &SetupError) -> usize {
    match e {
        SetupError::Store(_) => 0,
        SetupError::Defaults(_) => 1,
        SetupError::Demo(_) => 2,
    }
}

fn paths_variant(e: &PathsError) -> usize {
    match e {
        PathsError::NoHome => 0,
    }
}

#[test]
fn the_errors_of_imports_downloads_files_and_pictures_have_french_words_too() {
    check(&import_samples(), import_variant, 9);
    check(&queue_samples(), queue_variant, 4);
    check(&transfer_samples(), transfer_variant, 6);
    check(&pipe_samples(), pipe_variant, 2);
    check(&save_file_samples(), save_file_variant, 3);
    check(&save_search_samples(), save_search_variant, 3);
    check(&image_samples(), image_variant, 8);
    check(&tidy_samples(), tidy_variant, 2);
    check(&setup_samples(), setup_variant, 3);
    check(&[PathsError::NoHome], paths_variant, 1);
}

#[test]
fn an_unrecognised_import_file_says_so_in_french() {
    let e = ImportError::Empty {
        path: PathBuf::from("/dev/null"),
    };
    assert_eq!(
        e.explain().say_in(Lang::Fr),
        "/dev/null : aucun flux trouvé (attendu : un OPML, un fichier urls de newsboat ou un cache.db de newsboat)"
    );
}
