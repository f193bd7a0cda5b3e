//! Miniflux's REST API (`/v1`): feeds and categories, entries paged by id, state changes by
//! `changed_after`, batch status updates. Authenticates with the account's username and
//! password (HTTP basic), or with an API token (`X-Auth-Token`) when no username is given.
//!
//! Starring goes through `PUT /v1/entries/{id}/bookmark`, which *toggles*: the entry's state
//! is read first, so a retried push never undoes itself.

use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::Method;
use serde::Deserialize;
use serde_json::json;

use super::http::Http;
use super::service::{EntryPage, EntryState, StateReport, SyncService};
use super::{Account, SyncError};
use crate::store::{RemoteEntry, RemoteFeed};

/// Entries per page.
const PAGE: usize = 250;
/// Entry ids per status update.
const BATCH: usize = 500;

/// A Miniflux account.
pub struct Miniflux {
    http: Http,
    username: String,
    secret: String,
}

#[derive(Deserialize)]
struct MfFeed {
    id: i64,
    feed_url: String,
    #[serde(default)]
    site_url: Option<String>,
    #[serde(default)]
    title: String,
    #[serde(default)]
    category: Option<MfCategory>,
}

#[derive(Deserialize)]
struct MfCategory {
    id: i64,
    title: String,
}

#[derive(Deserialize)]
struct MfEntries {
    #[serde(default)]
    entries: Vec<MfEntry>,
}

#[derive(Deserialize)]
struct MfEntry {
    id: i64,
    feed_id: i64,
    #[serde(default)]
    status: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    author: Option<String>,
    #[serde(default)]
    published_at: Option<String>,
    #[serde(default)]
    changed_at: Option<String>,
    #[serde(default)]
    content: Option<String>,
    #[serde(default)]
    starred: bool,
    #[serde(default)]
    enclosures: Option<Vec<MfEnclosure>>,
}

#[derive(Deserialize)]
struct MfEnclosure {
    #[serde(default)]
    url: String,
    #[serde(default)]
    mime_type: Option<String>,
    #[serde(default)]
    size: Option<i64>,
}

fn time(s: &Option<String>) -> Option<DateTime<Utc>> {
    s.as_deref()
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|d| d.with_timezone(&Utc))
        .filter(|d| d.timestamp() > 0)
}

fn enclosures(list: Vec<MfEnclosure>) -> Vec<crate::model::Enclosure> {
    let list = list
        .into_iter()
        .map(|e| crate::model::Enclosure {
            url: e.url,
            mime: e.mime_type.filter(|m| !m.trim().is_empty()),
            length: e
                .size
                .and_then(|n| u64::try_from(n).ok())
                .filter(|&n| n > 0),
            title: None,
        })
        .collect();
    crate::model::usable_enclosures(list, MAX_MEDIA_URL)
}

/// The longest file URL kept from the server (as the feed parser's limit).
const MAX_MEDIA_URL: usize = 2048;

impl MfEntry {
    fn into_remote(self) -> RemoteEntry {
        RemoteEntry {
            remote_id: self.id.to_string(),
            feed_remote_id: self.feed_id.to_string(),
            published: time(&self.published_at),
            title: self.title,
            link: self.url.filter(|u| !u.is_empty()),
            author: self.author.filter(|a| !a.is_empty()),
            content_html: self.content.filter(|c| !c.is_empty()),
            enclosures: enclosures(self.enclosures.unwrap_or_default()),
            read: self.status == "read",
            starred: self.starred,
        }
    }
}

impl Miniflux {
    /// A client for the account (no request is sent yet).
    pub fn new(account: &Account, timeout: Duration) -> Result<Miniflux, SyncError> {
        Ok(Miniflux {
            http: Http::new(&account.url, timeout)?,
            username: account.username.clone(),
            secret: account.secret.clone(),
        })
    }

    fn request(&self, method: Method, path: &str) -> Result<reqwest::RequestBuilder, SyncError> {
        let req = self.http.client.request(method, self.http.url(path)?);
        Ok(if self.username.is_empty() {
            req.header("X-Auth-Token", &self.secret)
        } else {
            req.basic_auth(&self.username, Some(&self.secret))
        })
    }

    async fn get<T: serde::de::DeserializeOwned>(&mut self, path: &str) -> Result<T, SyncError> {
        let req = self.request(Method::GET, path)?;
        self.http.send(req, &[]).await?.json(&self.http.server)
    }

    /// Sends a JSON body; 400 and 422 (a refused change) become [`SyncError::Rejected`].
    async fn send_json(
        &mut self,
        method: Method,
        path: &str,
        body: serde_json::Value,
        what: &str,
    ) -> Result<super::http::Answer, SyncError> {
        let req = self
            .request(method, path)?
            .header("Content-Type", "application/json")
            .body(body.to_string());
        let answer = self.http.send(req, &[400, 409, 422]).await?;
        if answer.status.is_success() {
            return Ok(answer);
        }
        let message = serde_json::from_slice::<serde_json::Value>(&answer.body)
            .ok()
            .and_then(|v| v["error_message"].as_str().map(str::to_string))
            .unwrap_or_else(|| answer.excerpt());
        Err(SyncError::Rejected {
            server: self.http.server.clone(),
            what: what.to_string(),
            status: answer.status.as_u16(),
            message,
        })
    }

    /// The id of the category titled `title` (made if missing), or of the first category.
    async fn category_id(&mut self, title: Option<&str>) -> Result<i64, SyncError> {
        let categories: Vec<MfCategory> = self.get("v1/categories").await?;
        let title = title.map(str::trim).filter(|t| !t.is_empty());
        if let Some(title) = title {
            if let Some(c) = categories
                .iter()
                .find(|c| c.title.eq_ignore_ascii_case(title))
            {
                return Ok(c.id);
            }
            let made = self
                .send_json(
                    Method::POST,
                    "v1/categories",
                    json!({ "title": title }),
                    &format!("category {title}"),
                )
                .await?;
            let made: MfCategory = made.json(&self.http.server)?;
            return Ok(made.id);
        }
        categories
            .iter()
            .map(|c| c.id)
            .min()
            .ok_or_else(|| SyncError::Protocol {
                server: self.http.server.clone(),
                reason: "the account has no category".into(),
            })
    }

    async fn entries(&mut self, query: &str) -> Result<Vec<MfEntry>, SyncError> {
        let page: MfEntries = self.get(&format!("v1/entries?{query}")).await?;
        Ok(page.entries)
    }
}

impl SyncService for Miniflux {
    const CHANGE_TIMES: bool = true;

    async fn login(&mut self) -> Result<(), SyncError> {
        let req = self.request(Method::GET, "v1/me")?;
        let answer = self.http.send(req, &[]).await?;
        let path = self.http.url("v1/me")?.path().to_string();
        let _: serde_json::Value = answer.api_json(&self.http.server, &path)?;
        Ok(())
    }

    async fn subscriptions(&mut self) -> Result<Vec<RemoteFeed>, SyncError> {
        let feeds: Vec<MfFeed> = self.get("v1/feeds").await?;
        Ok(feeds
            .into_iter()
            .map(|f| RemoteFeed {
                remote_id: f.id.to_string(),
                url: f.feed_url,
                title: f.title,
                site_url: f.site_url.filter(|s| !s.is_empty()),
                category: f.category.map(|c| c.title),
            })
            .collect())
    }

    async fn subscribe(&mut self, url: &str, category: Option<&str>) -> Result<String, SyncError> {
        let category_id = self.category_id(category).await?;
        let answer = self
            .send_json(
                Method::POST,
                "v1/feeds",
                json!({ "feed_url": url, "category_id": category_id }),
                &format!("subscription to {url}"),
            )
            .await;
        match answer {
            Ok(a) => {
                let v: serde_json::Value = a.json(&self.http.server)?;
                v["feed_id"]
                    .as_i64()
                    .map(|id| id.to_string())
                    .ok_or_else(|| SyncError::Protocol {
                        server: self.http.server.clone(),
                        reason: "no feed_id in the answer to a subscription".into(),
                    })
            }
            // Already subscribed there (from another device): take its id.
            Err(e @ SyncError::Rejected { .. }) => {
                let existing = self
                    .subscriptions()
                    .await?
                    .into_iter()
                    .find(|f| f.url == url);
                existing.map(|f| f.remote_id).ok_or(e)
            }
            Err(e) => Err(e),
        }
    }

    async fn unsubscribe(&mut self, remote_id: &str) -> Result<(), SyncError> {
        let req = self.request(Method::DELETE, &format!("v1/feeds/{remote_id}"))?;
        self.http.send(req, &[404]).await?;
        Ok(())
    }

    async fn rename(&mut self, remote_id: &str, title: &str) -> Result<(), SyncError> {
        self.send_json(
            Method::PUT,
            &format!("v1/feeds/{remote_id}"),
            json!({ "title": title }),
            &format!("renaming feed {remote_id}"),
        )
        .await?;
        Ok(())
    }

    async fn set_category(
        &mut self,
        remote_id: &str,
        category: Option<&str>,
    ) -> Result<(), SyncError> {
        let category_id = self.category_id(category).await?;
        self.send_json(
            Method::PUT,
            &format!("v1/feeds/{remote_id}"),
            json!({ "category_id": category_id }),
            &format!("moving feed {remote_id}"),
        )
        .await?;
        Ok(())
    }

    async fn set_read(&mut self, ids: &[String], read: bool) -> Result<(), SyncError> {
        for chunk in ids.chunks(BATCH) {
            let ids: Vec<i64> = chunk.iter().filter_map(|i| i.parse().ok()).collect();
            self.send_json(
                Method::PUT,
                "v1/entries",
                json!({ "entry_ids": ids, "status": if read { "read" } else { "unread" } }),
                "a status change",
            )
            .await?;
        }
        Ok(())
    }

    async fn set_starred(&mut self, ids: &[String], starred: bool) -> Result<(), SyncError> {
        for id in ids {
            let req = self.request(Method::GET, &format!("v1/entries/{id}"))?;
            let answer = self.http.send(req, &[404]).await?;
            if answer.status == reqwest::StatusCode::NOT_FOUND {
                continue; // gone from the server: nothing to star
            }
            let entry: MfEntry = answer.json(&self.http.server)?;
            if entry.starred != starred {
                let req = self.request(Method::PUT, &format!("v1/entries/{id}/bookmark"))?;
                self.http.send(req, &[]).await?;
            }
        }
        Ok(())
    }

    async fn entries_page(
        &mut self,
        cursor: Option<&str>,
        _known: &dyn Fn(&str) -> bool,
    ) -> Result<EntryPage, SyncError> {
        let after: i64 = cursor.and_then(|c| c.parse().ok()).unwrap_or(0);
        let entries = self
            .entries(&format!(
                "status=unread&status=read&order=id&direction=asc&limit={PAGE}&after_entry_id={after}"
            ))
            .await?;
        let last = entries.iter().map(|e| e.id).max().unwrap_or(after);
        Ok(EntryPage {
            more: entries.len() == PAGE,
            entries: entries.into_iter().map(MfEntry::into_remote).collect(),
            cursor: last.to_string(),
        })
    }

    async fn states(&mut self, since: i64) -> Result<StateReport, SyncError> {
        let mut out = Vec::new();
        let mut after = 0i64;
        loop {
            let page = self
                .entries(&format!(
                    "status=unread&status=read&order=id&direction=asc&limit={PAGE}\
                     &changed_after={since}&after_entry_id={after}"
                ))
                .await?;
            let full = page.len() == PAGE;
            for e in page {
                after = after.max(e.id);
                out.push(EntryState {
                    remote_id: e.id.to_string(),
                    read: e.status == "read",
                    starred: e.starred,
                    changed_at: time(&e.changed_at).map(|t| t.timestamp()),
                });
            }
            if !full {
                return Ok(StateReport::Changed(out));
            }
        }
    }

    fn requests(&self) -> u64 {
        self.http.requests
    }
}
