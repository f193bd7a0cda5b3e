//! The HTTP side both sync clients share: one reqwest client with time limits, a cap on every
//! answer's size, the request count, and statuses turned into [`SyncError`]s.

use std::time::Duration;

use bytes::Bytes;
use reqwest::{RequestBuilder, StatusCode};
use url::Url;

use super::SyncError;
use crate::fetch::FetchOptions;

/// The largest answer read from a sync server (a page of entries with their content).
const MAX_BODY: usize = 64 << 20;

/// A sync server's HTTP endpoint.
pub(crate) struct Http {
    pub client: reqwest::Client,
    /// The base URL, ending in '/'.
    pub base: Url,
    /// "host:port", as errors name the server.
    pub server: String,
    pub requests: u64,
    options: FetchOptions,
}

/// An answer: status, headers and the (capped) body.
pub(crate) struct Answer {
    pub status: StatusCode,
    pub body: Bytes,
}

impl Answer {
    /// The body as JSON of type `T`.
    pub fn json<T: serde::de::DeserializeOwned>(&self, server: &str) -> Result<T, SyncError> {
        serde_json::from_slice(&self.body).map_err(|e| SyncError::Protocol {
            server: server.to_string(),
            reason: format!("bad JSON: {e}"),
        })
    }

    /// The body as JSON, where an answer that is not JSON at all (a web page) means the URL
    /// is not the API: used for the first call of a sync.
    pub fn api_json<T: serde::de::DeserializeOwned>(
        &self,
        server: &str,
        path: &str,
    ) -> Result<T, SyncError> {
        if serde_json::from_slice::<serde::de::IgnoredAny>(&self.body).is_err() {
            return Err(SyncError::NotFound {
                server: server.to_string(),
                path: path.to_string(),
                detail: "a web page answered, not the API".into(),
            });
        }
        self.json(server)
    }

    /// A short, one-line excerpt of the body (for error messages).
    pub fn excerpt(&self) -> String {
        let text = String::from_utf8_lossy(&self.body[..self.body.len().min(300)]);
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

impl Http {
    /// A client for the server at `base`.
    pub fn new(base: &str, timeout: Duration) -> Result<Http, SyncError> {
        let mut text = base.trim().to_string();
        if !text.ends_with('/') {
            text.push('/');
        }
        let bad = |reason: String| SyncError::Protocol {
            server: base.to_string(),
            reason,
        };
        let base = Url::parse(&text).map_err(|e| bad(format!("invalid URL: {e}")))?;
        let server = match (base.host_str(), base.port()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_string(),
            _ => return Err(bad("the URL has no host".into())),
        };
        let options = FetchOptions {
            timeout,
            read_timeout: timeout,
            ..FetchOptions::default()
        };
        let client = reqwest::Client::builder()
            .user_agent(options.user_agent.as_str())
            .connect_timeout(options.connect_timeout)
            .timeout(timeout)
            .gzip(true)
            .build()
            .map_err(|e| bad(format!("cannot build the HTTP client: {e}")))?;
        Ok(Http {
            client,
            base,
            server,
            requests: 0,
            options,
        })
    }

    /// The absolute URL of an API path (relative to the base).
    pub fn url(&self, path: &str) -> Result<Url, SyncError> {
        self.base
            .join(path.trim_start_matches('/'))
            .map_err(|e| SyncError::Protocol {
                server: self.server.clone(),
                reason: format!("bad path {path}: {e}"),
            })
    }

    /// Sends a request and reads its answer; 401 and 404 (and other failures) are errors
    /// unless `accept` lists them.
    pub async fn send(
        &mut self,
        request: RequestBuilder,
        accept: &[u16],
    ) -> Result<Answer, SyncError> {
        self.requests += 1;
        let request = request.build().map_err(|e| SyncError::Protocol {
            server: self.server.clone(),
            reason: e.to_string(),
        })?;
        let url = request.url().clone();
        let mut resp = match self.client.execute(request).await {
            Ok(r) => r,
            Err(e) => return Err(self.transport(&e, &url)),
        };
        let status = resp.status();
        let mut body = Vec::new();
        loop {
            match resp.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() + chunk.len() > MAX_BODY {
                        return Err(SyncError::Protocol {
                            server: self.server.clone(),
                            reason: format!("answer larger than {} MiB", MAX_BODY >> 20),
                        });
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => return Err(self.transport(&e, &url)),
            }
        }
        let answer = Answer {
            status,
            body: Bytes::from(body),
        };
        if status.is_success() || accept.contains(&status.as_u16()) {
            return Ok(answer);
        }
        Err(match status.as_u16() {
            401 => SyncError::Unauthorized {
                server: self.server.clone(),
            },
            404 => SyncError::NotFound {
                server: self.server.clone(),
                path: url.path().to_string(),
                detail: "HTTP 404".into(),
            },
            code => SyncError::Protocol {
                server: self.server.clone(),
                reason: format!("HTTP {code} from {}: {}", url.path(), answer.excerpt()),
            },
        })
    }

    fn transport(&self, e: &reqwest::Error, url: &Url) -> SyncError {
        SyncError::transport(
            &self.server,
            crate::fetch::client::classify(e, url, &self.options),
        )
    }
}
