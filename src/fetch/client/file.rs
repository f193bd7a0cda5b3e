//! Downloading a file (a podcast's episode, a video) with the shared client: the same
//! redirect rules, connect and read time-outs and test-build loopback guard as feeds, but
//! streamed chunk by chunk instead of held in memory, and resumable: asked from a byte
//! offset with `Range`, the answer says whether the server honoured it.
//!
//! There is no overall deadline (an hour-long episode on a slow line takes what it takes);
//! a server that stops sending is cut by the read time-out, and the caller caps the size.

use bytes::Bytes;
use reqwest::header::{CONTENT_LENGTH, CONTENT_RANGE, CONTENT_TYPE};
use reqwest::StatusCode;

use super::{check_status, classify, header_string, parse_http_url, HttpClient, FILE_ACCEPT};
use crate::fetch::{FetchError, FetchOptions};

/// An open download: the status line's meaning and the body still to read.
#[derive(Debug)]
pub struct FileResponse {
    response: reqwest::Response,
    url: reqwest::Url,
    options: FetchOptions,
    /// The body starts at the offset asked for (206 Partial Content); otherwise it is the
    /// whole file from its first byte.
    pub resumed: bool,
    /// The whole file's size, when the server says it.
    pub total: Option<u64>,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
}

/// What opening a download gave.
#[derive(Debug)]
pub enum FileOpen {
    /// A body to read.
    Body(Box<FileResponse>),
    /// 416: nothing lies at or past the offset asked for (the file is already whole, when
    /// `total` — from `Content-Range: bytes */N` — equals that offset).
    PastEnd { total: Option<u64> },
}

impl HttpClient {
    /// Opens `url` for download from byte `from` (0: the whole file).
    pub async fn get_file(&self, url: &str, from: u64) -> Result<FileOpen, FetchError> {
        let url = parse_http_url(url)?;
        let hop = self.follow_from(url, FILE_ACCEPT, None, from).await?;
        if hop.response.status() == StatusCode::RANGE_NOT_SATISFIABLE && from > 0 {
            let total = header_string(hop.response.headers(), CONTENT_RANGE)
                .and_then(|r| r.rsplit('/').next().and_then(|n| n.trim().parse().ok()));
            return Ok(FileOpen::PastEnd { total });
        }
        let response = check_status(hop.response)?;
        let headers = response.headers();
        let resumed = from > 0 && response.status() == StatusCode::PARTIAL_CONTENT;
        let length: Option<u64> =
            header_string(headers, CONTENT_LENGTH).and_then(|n| n.trim().parse().ok());
        let total = if resumed {
            header_string(headers, CONTENT_RANGE)
                .and_then(|r| r.rsplit('/').next().and_then(|n| n.trim().parse().ok()))
                .or(length.map(|l| l + from))
        } else {
            length
        };
        Ok(FileOpen::Body(Box::new(FileResponse {
            content_type: header_string(headers, CONTENT_TYPE),
            response,
            url: hop.url,
            options: self.options.clone(),
            resumed,
            total,
        })))
    }
}

impl FileResponse {
    /// The next piece of the body (`None` at its end).
    pub async fn chunk(&mut self) -> Result<Option<Bytes>, FetchError> {
        self.response
            .chunk()
            .await
            .map_err(|e| classify(&e, &self.url, &self.options))
    }
}
