//! The one HTTP client griot uses, and the rules it follows with every server.
//!
//! One `reqwest` client is shared by every fetch so connections (HTTP/1.1 keep-alive and
//! HTTP/2) are reused. Around it this module adds what a polite and safe feed reader
//! needs: conditional requests from stored validators (a 304 costs almost nothing),
//! redirects followed by hand (at most [`FetchOptions::max_redirects`], only to
//! http(s), noting a permanent move so the store can update the feed's URL), a body
//! cap counted after decompression (a gzip bomb is cut off), an overall deadline (a
//! server trickling bytes forever still ends), `Retry-After` on 429/503, and errors
//! classified into [`FetchError`]s a user can read.

use std::error::Error as _;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use chrono::{DateTime, Utc};
use reqwest::header::{
    HeaderMap, HeaderValue, ACCEPT, CONTENT_TYPE, ETAG, LAST_MODIFIED, LOCATION,
};
use reqwest::{StatusCode, Url};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::{FetchError, FetchOptions};

mod file;
pub use file::{FileOpen, FileResponse};

/// What a server told us last time, sent back so it can answer "304 Not Modified".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// The `ETag` of the last full response.
    pub etag: Option<String>,
    /// The `Last-Modified` of the last full response.
    pub last_modified: Option<String>,
}

/// The result of fetching a feed's document.
#[derive(Debug, Clone)]
pub enum FetchOutcome {
    /// The document did not change since the validators were issued.
    NotModified {
        /// Where the feed now lives, if a permanent redirect (301/308) was followed.
        moved_to: Option<String>,
    },
    /// A full document.
    Modified(FeedBody),
}

/// A feed document as received, before parsing.
#[derive(Debug, Clone)]
pub struct FeedBody {
    /// The URL the body came from after redirects (the base for relative links);
    /// for `file:` and `exec:` sources, the location as given.
    pub final_url: String,
    /// Where the feed now lives, if a permanent redirect (301/308) was followed from
    /// the requested URL (the last hop of the leading run of permanent redirects).
    pub moved_to: Option<String>,
    /// Validators to store for the next conditional request.
    pub validators: Validators,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The raw bytes (decompressed, never decoded to text).
    pub body: Bytes,
}

impl FeedBody {
    /// The `charset` parameter of the `Content-Type`, if given.
    pub fn charset(&self) -> Option<&str> {
        self.content_type.as_deref().and_then(charset_param)
    }

    /// The base URL for relative links: the final URL when it is hierarchical
    /// (http, https, file), none for `exec:` sources.
    pub fn base_url(&self) -> Option<&str> {
        match Url::parse(&self.final_url) {
            Ok(u) if !u.cannot_be_a_base() => Some(self.final_url.as_str()),
            _ => None,
        }
    }
}

/// A web page fetched for full-text extraction or feed discovery.
#[derive(Debug, Clone)]
pub struct Page {
    /// The URL after redirects, to resolve the page's relative links against.
    pub final_url: String,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The raw bytes (decompressed, not decoded).
    pub body: Bytes,
}

impl Page {
    /// The `charset` parameter of the `Content-Type`, if given.
    pub fn charset(&self) -> Option<&str> {
        self.content_type.as_deref().and_then(charset_param)
    }
}

/// The shared HTTP client. Cheap to clone (the connection pool is shared).
#[derive(Debug, Clone)]
pub struct HttpClient {
    inner: reqwest::Client,
    options: FetchOptions,
    /// Permits to hold a body larger than [`LARGE_BODY`] in memory (see [`read_body`]).
    large_bodies: Arc<Semaphore>,
}

/// Bodies above this size count against [`LARGE_BODIES_AT_ONCE`].
const LARGE_BODY: usize = 2 * 1024 * 1024;
/// How many large bodies may be in memory at once, across all fetches of one client: with
/// 16 fetches at once and a 16 MiB cap, hostile servers could otherwise make a refresh
/// hold 256 MiB; this way bodies cost at most 4 × the cap plus 2 MiB per other fetch.
const LARGE_BODIES_AT_ONCE: usize = 4;

const FEED_ACCEPT: &str = "application/rss+xml, application/atom+xml, application/feed+json, \
application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5";
const FILE_ACCEPT: &str = "*/*";
const PAGE_ACCEPT: &str = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5";

impl HttpClient {
    /// Builds the client. Fails only on an unusable User-Agent or if TLS cannot start.
    pub fn new(options: FetchOptions) -> Result<HttpClient, FetchError> {
        let builder = reqwest::Client::builder()
            .user_agent(options.user_agent.as_str())
            .connect_timeout(options.connect_timeout)
            .read_timeout(options.read_timeout)
            // The overall limit is a deadline around the whole fetch (redirects and body
            // included), see `get_feed`; reqwest's own timeouts are connect and read.
            .redirect(reqwest::redirect::Policy::none())
            .gzip(true)
            .brotli(true)
            .zstd(true)
            .deflate(true)
            .tcp_nodelay(true)
            .pool_idle_timeout(Duration::from_secs(30));
        // A test build goes to loopback only, and never through a proxy from the
        // environment (which could sit anywhere).
        #[cfg(feature = "loopback-only")]
        let builder = builder.no_proxy();
        let inner = builder.build().map_err(|e| {
            FetchError::Internal(format!("cannot build the HTTP client: {}", innermost(&e)))
        })?;
        Ok(HttpClient {
            inner,
            options,
            large_bodies: Arc::new(Semaphore::new(LARGE_BODIES_AT_ONCE)),
        })
    }

    /// The options the client was built with.
    pub fn options(&self) -> &FetchOptions {
        &self.options
    }

    /// Fetches a feed, conditionally when `validators` are known.
    pub async fn get_feed(
        &self,
        url: Url,
        validators: &Validators,
    ) -> Result<FetchOutcome, FetchError> {
        let deadline = self.options.timeout;
        let work = async {
            let hop = self.follow(url, FEED_ACCEPT, Some(validators)).await?;
            if hop.response.status() == StatusCode::NOT_MODIFIED {
                return Ok(FetchOutcome::NotModified {
                    moved_to: hop.moved_to,
                });
            }
            let response = check_status(hop.response)?;
            let headers = response.headers();
            let validators = Validators {
                etag: header_string(headers, ETAG),
                last_modified: header_string(headers, LAST_MODIFIED),
            };
            let content_type = header_string(headers, CONTENT_TYPE);
            let final_url = hop.url.to_string();
            let body = read_body(response, &hop.url, &self.options, &self.large_bodies).await?;
            Ok(FetchOutcome::Modified(FeedBody {
                final_url,
                moved_to: hop.moved_to,
                validators,
                content_type,
                body,
            }))
        };
        match tokio::time::timeout(deadline, work).await {
            Ok(result) => result,
            Err(_) => Err(FetchError::Timeout {
                secs: deadline.as_secs(),
            }),
        }
    }

    /// Fetches a web page (same caps, timeouts and redirect rules as feeds).
    pub async fn get_page(&self, url: &str) -> Result<Page, FetchError> {
        let url = parse_http_url(url)?;
        let deadline = self.options.timeout;
        let work = async {
            let hop = self.follow(url, PAGE_ACCEPT, None).await?;
            let response = check_status(hop.response)?;
            let content_type = header_string(response.headers(), CONTENT_TYPE);
            let body = read_body(response, &hop.url, &self.options, &self.large_bodies).await?;
            Ok(Page {
                final_url: hop.url.to_string(),
                content_type,
                body,
            })
        };
        match tokio::time::timeout(deadline, work).await {
            Ok(result) => result,
            Err(_) => Err(FetchError::Timeout {
                secs: deadline.as_secs(),
            }),
        }
    }

    /// Sends the request and follows redirects by hand.
    async fn follow(
        &self,
        url: Url,
        accept: &'static str,
        validators: Option<&Validators>,
    ) -> Result<Hop, FetchError> {
        self.follow_from(url, accept, validators, 0).await
    }

    /// [`Self::follow`], asking for the body from byte `from` on (`Range`) when not 0.
    async fn follow_from(
        &self,
        mut url: Url,
        accept: &'static str,
        validators: Option<&Validators>,
        from: u64,
    ) -> Result<Hop, FetchError> {
        let mut moved_to = None;
        let mut still_permanent = true;
        let mut redirects = 0usize;
        loop {
            loopback_guard(&url)?;
            let mut request = self.inner.get(url.clone()).header(ACCEPT, accept);
            if accept == FILE_ACCEPT {
                // Byte offsets must count the file's own bytes, never a compressed stream's.
                request = request.header(reqwest::header::ACCEPT_ENCODING, "identity");
            }
            if from > 0 {
                request = request.header(reqwest::header::RANGE, format!("bytes={from}-"));
            }
            if let Some(v) = validators {
                if let Some(etag) = v
                    .etag
                    .as_deref()
                    .and_then(|s| HeaderValue::from_str(s).ok())
                {
                    request = request.header(reqwest::header::IF_NONE_MATCH, etag);
                }
                if let Some(lm) = v
                    .last_modified
                    .as_deref()
                    .and_then(|s| HeaderValue::from_str(s).ok())
                {
                    request = request.header(reqwest::header::IF_MODIFIED_SINCE, lm);
                }
            }
            let response = request
                .send()
                .await
                .map_err(|e| classify(&e, &url, &self.options))?;
            let status = response.status();
            let is_redirect = matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308);
            if !is_redirect {
                return Ok(Hop {
                    response,
                    url,
                    moved_to,
                });
            }
            if redirects >= self.options.max_redirects {
                return Err(FetchError::TooManyRedirects {
                    max: self.options.max_redirects,
                });
            }
            redirects += 1;
            let location = response
                .headers()
                .get(LOCATION)
                .and_then(|v| v.to_str().ok())
                .ok_or(FetchError::BadRedirect)?;
            let next = url
                .join(location.trim())
                .map_err(|_| FetchError::BadRedirect)?;
            if !matches!(next.scheme(), "http" | "https") {
                return Err(FetchError::RedirectScheme {
                    location: truncate_for_message(next.as_str()),
                });
            }
            if still_permanent && matches!(status.as_u16(), 301 | 308) {
                moved_to = Some(next.to_string());
            } else {
                still_permanent = false;
            }
            url = next;
        }
    }
}

/// In a test build (feature `loopback-only`, which only the crate's own tests, benches and
/// examples turn on) every request, redirects included, must go to a loopback IP address:
/// anything else is refused here, before a name is resolved or a packet is sent.
#[cfg(feature = "loopback-only")]
fn loopback_guard(url: &Url) -> Result<(), FetchError> {
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(_)) | None => false,
    };
    if loopback {
        Ok(())
    } else {
        Err(FetchError::Connect {
            host: truncate_for_message(url.host_str().unwrap_or("")),
            reason: "refused: this is a test build of griot, which connects to loopback \
                     addresses only"
                .into(),
        })
    }
}

/// Release and debug builds connect wherever they are asked to.
#[cfg(not(feature = "loopback-only"))]
fn loopback_guard(_url: &Url) -> Result<(), FetchError> {
    Ok(())
}

struct Hop {
    response: reqwest::Response,
    url: Url,
    moved_to: Option<String>,
}

/// Parses an http(s) URL, or says why it cannot be fetched over HTTP.
pub(crate) fn parse_http_url(s: &str) -> Result<Url, FetchError> {
    let url = Url::parse(s.trim()).map_err(|e| FetchError::InvalidUrl {
        url: truncate_for_message(s),
        reason: e.to_string(),
    })?;
    match url.scheme() {
        "http" | "https" => Ok(url),
        other => Err(FetchError::UnsupportedScheme {
            scheme: other.to_string(),
        }),
    }
}

/// Turns a non-success status into its error; 429/503 with `Retry-After` carry the time.
fn check_status(response: reqwest::Response) -> Result<reqwest::Response, FetchError> {
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    let reason = status.canonical_reason().unwrap_or("").to_string();
    if matches!(status.as_u16(), 429 | 503) {
        if let Some(retry_at) = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, Utc::now()))
        {
            return Err(FetchError::RetryLater {
                status: status.as_u16(),
                reason,
                retry_at,
            });
        }
    }
    Err(FetchError::Http {
        status: status.as_u16(),
        reason,
    })
}

/// Longest wait a `Retry-After` may impose (a week), so a hostile value cannot park a
/// feed forever.
const MAX_RETRY_AFTER_SECS: i64 = 7 * 24 * 3600;

/// Reads a `Retry-After` value: delay in seconds or an HTTP date. Dates in the past
/// mean "now"; anything beyond a week is clamped to a week.
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let value = value.trim();
    let max = now + chrono::Duration::seconds(MAX_RETRY_AFTER_SECS);
    if let Ok(secs) = value.parse::<u64>() {
        let secs = i64::try_from(secs)
            .unwrap_or(i64::MAX)
            .min(MAX_RETRY_AFTER_SECS);
        return Some(now + chrono::Duration::seconds(secs));
    }
    let date = DateTime::parse_from_rfc2822(value)
        .ok()?
        .with_timezone(&Utc);
    Some(date.clamp(now, max))
}

/// Reads the body chunk by chunk, stopping as soon as it exceeds `max` bytes
/// (after decompression).
///
/// A body growing past [`LARGE_BODY`] first waits for one of the client's large-body
/// permits (the overall deadline still runs); the permit lives as long as the returned
/// bytes, so parsing a large body counts too.
async fn read_body(
    mut response: reqwest::Response,
    url: &Url,
    options: &FetchOptions,
    large_bodies: &Arc<Semaphore>,
) -> Result<Bytes, FetchError> {
    let max = options.max_body;
    if let Some(len) = response.content_length() {
        if len > max as u64 {
            return Err(FetchError::BodyTooLarge { limit: max });
        }
    }
    // The common case is a body in one chunk: keep it without copying.
    let mut first: Option<Bytes> = None;
    // Grown by doubling but never past the cap, so a body at the limit costs the limit,
    // not twice it.
    let mut buf: Vec<u8> = Vec::new();
    let mut permit: Option<OwnedSemaphorePermit> = None;
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| classify(&e, url, options))?
    {
        let have = first.as_ref().map_or(0, Bytes::len) + buf.len();
        let needed = have + chunk.len();
        if needed > max {
            return Err(FetchError::BodyTooLarge { limit: max });
        }
        if first.is_none() && buf.is_empty() {
            first = Some(chunk);
            continue;
        }
        if needed > LARGE_BODY && permit.is_none() {
            permit = Some(
                Arc::clone(large_bodies)
                    .acquire_owned()
                    .await
                    .map_err(|e| FetchError::Internal(e.to_string()))?,
            );
        }
        if needed > buf.capacity() {
            let target = (buf.capacity() * 2).max(needed).min(max);
            buf.reserve_exact(target - buf.len());
        }
        if let Some(f) = first.take() {
            buf.extend_from_slice(&f);
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(match first {
        Some(f) => f,
        None => match permit {
            Some(permit) => Bytes::from_owner(LargeBody {
                data: buf,
                _permit: permit,
            }),
            None => Bytes::from(buf),
        },
    })
}

/// A large body and the permit it holds until its last `Bytes` handle is dropped.
struct LargeBody {
    data: Vec<u8>,
    _permit: OwnedSemaphorePermit,
}

impl AsRef<[u8]> for LargeBody {
    fn as_ref(&self) -> &[u8] {
        &self.data
    }
}

/// Classifies a transport error into what the user needs to know.
pub(crate) fn classify(e: &reqwest::Error, url: &Url, options: &FetchOptions) -> FetchError {
    let host = url.host_str().unwrap_or("").to_string();
    if e.is_timeout() {
        let limit = if e.is_connect() {
            options.connect_timeout
        } else {
            options.read_timeout
        };
        return FetchError::Timeout {
            secs: limit.as_secs().max(1),
        };
    }
    let mut source: Option<&(dyn std::error::Error + 'static)> = e.source();
    let mut dns = false;
    let mut tls = false;
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            match io.kind() {
                std::io::ErrorKind::ConnectionRefused => {
                    return FetchError::ConnectionRefused { host };
                }
                std::io::ErrorKind::TimedOut => {
                    return FetchError::Timeout {
                        secs: options.connect_timeout.as_secs().max(1),
                    }
                }
                _ => {}
            }
        }
        let text = s.to_string();
        if text.contains("dns error") || text.contains("failed to lookup address") {
            dns = true;
        }
        if text.contains("certificate")
            || text.contains("tls")
            || text.contains("TLS")
            || text.contains("handshake")
        {
            tls = true;
        }
        source = s.source();
    }
    let reason = innermost(e);
    if dns {
        FetchError::Dns { host }
    } else if tls {
        FetchError::Tls { host, reason }
    } else if e.is_connect() {
        FetchError::Connect { host, reason }
    } else {
        FetchError::Network(reason)
    }
}

/// The most specific message in an error chain.
fn innermost(e: &(dyn std::error::Error + 'static)) -> String {
    let mut last = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        last = s.to_string();
        source = s.source();
    }
    last
}

fn header_string(headers: &HeaderMap, name: reqwest::header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty() && v.len() <= 1024)
        .map(str::to_string)
}

/// The `charset` parameter of a `Content-Type` value, unquoted.
pub fn charset_param(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        if name.trim().eq_ignore_ascii_case("charset") {
            let v = value.trim().trim_matches('"').trim();
            (!v.is_empty()).then_some(v)
        } else {
            None
        }
    })
}

/// Keeps hostile 10 KB URLs out of one-line messages.
pub(crate) fn truncate_for_message(s: &str) -> String {
    const MAX: usize = 200;
    if s.len() <= MAX {
        return s.to_string();
    }
    format!("{}…", crate::render::sanitize::truncate_at_char(s, MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn charset_param_is_found_case_insensitively_and_unquoted() {
        assert_eq!(
            charset_param("text/xml; Charset=\"ISO-8859-1\""),
            Some("ISO-8859-1")
        );
        assert_eq!(
            charset_param("application/rss+xml;charset=utf-8"),
            Some("utf-8")
        );
        assert_eq!(charset_param("application/rss+xml"), None);
    }

    #[test]
    fn retry_after_reads_seconds_and_dates_and_clamps() {
        let now = Utc.with_ymd_and_hms(2026, 11, 26, 8, 0, 0).unwrap();
        assert_eq!(
            parse_retry_after("120", now),
            Some(now + chrono::Duration::seconds(120))
        );
        assert_eq!(
            parse_retry_after("Thu, 26 Nov 2026 09:00:00 GMT", now),
            Some(Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap())
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now),
            Some(now)
        );
        assert_eq!(
            parse_retry_after("99999999999", now),
            Some(now + chrono::Duration::seconds(MAX_RETRY_AFTER_SECS))
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn long_urls_are_truncated_in_messages() {
        let long = "x".repeat(10_000);
        assert!(truncate_for_message(&long).len() < 300);
    }
}
