//! The Google Reader API, as FreshRSS (`…/api/greader.php`), Miniflux, Inoreader, The Old
//! Reader and BazQux serve it: `accounts/ClientLogin`, then `/reader/api/0/…`.
//!
//! The servers differ, so this client keeps to what they share: GET calls authenticate with
//! the `Authorization: GoogleLogin auth=` header and POST calls with the `T` form field (both
//! are sent on POST; FreshRSS wants the header, Miniflux the field); `edit-tag` gets its tags in
//! the body; item ids come in four forms (long `tag:google.com,2005:reader/item/<hex>`, short
//! hex, bare 16-digit hex, decimal) and are all kept as decimal; id lists are followed through
//! their `continuation`. New entries are found by listing the reading list's ids (cheap: ten
//! thousand per request) and fetching the contents of those not stored here yet, a hundred at a
//! time, so an interrupted sync resumes where it stopped. Read and starred state come as
//! complete sets of ids (unread, starred). The session token is kept in the data directory
//! (mode 0600) and renewed when the server says it went bad.

use std::collections::{HashSet, VecDeque};
use std::time::Duration;

use reqwest::Method;
use serde::Deserialize;
use url::form_urlencoded;

use super::http::{Answer, Http};
use super::service::{EntryPage, StateReport, SyncService};
use super::{Account, SyncError};
use crate::store::{RemoteEntry, RemoteFeed};

const READING_LIST: &str = "user/-/state/com.google/reading-list";
const READ: &str = "user/-/state/com.google/read";
const STARRED: &str = "user/-/state/com.google/starred";
/// Ids per `stream/items/ids` page.
const IDS_PAGE: usize = 10_000;
/// Items per `stream/items/contents` request (and per `edit-tag`).
const CONTENTS_BATCH: usize = 100;
/// Pages of ids followed at most for one stream (a server whose continuation never ends).
const MAX_ID_PAGES: usize = 1_000;

/// A Google Reader API account.
pub struct GReader {
    http: Http,
    username: String,
    secret: String,
    session_file: Option<std::path::PathBuf>,
    token: Option<String>,
    /// Ids of entries to fetch, found by the first `entries_page` of a sync.
    pending: Option<VecDeque<String>>,
}

#[derive(Deserialize)]
struct SubscriptionList {
    #[serde(default)]
    subscriptions: Vec<Subscription>,
}

#[derive(Deserialize)]
struct Subscription {
    id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    url: Option<String>,
    #[serde(default, rename = "htmlUrl")]
    html_url: Option<String>,
    #[serde(default)]
    categories: Vec<Category>,
}

#[derive(Deserialize)]
struct Category {
    #[serde(default)]
    label: Option<String>,
}

#[derive(Deserialize)]
struct ItemIds {
    #[serde(default, rename = "itemRefs")]
    item_refs: Vec<ItemRef>,
    #[serde(default)]
    continuation: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct ItemRef {
    id: String,
}

#[derive(Deserialize)]
struct Contents {
    #[serde(default)]
    items: Vec<Item>,
}

#[derive(Deserialize)]
struct Item {
    id: String,
    #[serde(default)]
    categories: Vec<String>,
    #[serde(default)]
    title: String,
    #[serde(default)]
    published: Option<i64>,
    #[serde(default)]
    author: Option<String>,
    #[serde(default)]
    alternate: Vec<Link>,
    #[serde(default)]
    canonical: Vec<Link>,
    #[serde(default)]
    summary: Option<Body>,
    #[serde(default)]
    content: Option<Body>,
    #[serde(default)]
    enclosure: Vec<GrEnclosure>,
    origin: Origin,
}

#[derive(Deserialize)]
struct GrEnclosure {
    #[serde(default)]
    href: String,
    #[serde(default, rename = "type")]
    mime: Option<String>,
    #[serde(default, deserialize_with = "lenient_length")]
    length: Option<u64>,
}

/// A length the servers send as a number or as a string of digits (FreshRSS does the latter).
fn lenient_length<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    let value = serde_json::Value::deserialize(d)?;
    Ok(match value {
        serde_json::Value::Number(n) => n.as_u64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|&n| n > 0))
}

#[derive(Deserialize)]
struct Link {
    href: String,
}

#[derive(Deserialize)]
struct Body {
    #[serde(default)]
    content: String,
}

#[derive(Deserialize)]
struct Origin {
    #[serde(rename = "streamId")]
    stream_id: String,
}

/// An item id in any of the four forms, as a decimal string.
pub fn normalize_item_id(id: &str) -> Option<String> {
    let id = id.trim();
    if let Some(hex) = id.strip_prefix("tag:google.com,2005:reader/item/") {
        return u64::from_str_radix(hex, 16).ok().map(|n| n.to_string());
    }
    if id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return u64::from_str_radix(id, 16).ok().map(|n| n.to_string());
    }
    id.parse::<u64>().ok().map(|n| n.to_string())
}

fn form(pairs: &[(&str, &str)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    s.finish()
}

impl Item {
    fn into_remote(self) -> Option<RemoteEntry> {
        let has = |state: &str| {
            self.categories
                .iter()
                .any(|c| c.ends_with(state) && c.starts_with("user/"))
        };
        let read = has("/state/com.google/read");
        let starred = has("/state/com.google/starred");
        let link = self
            .alternate
            .first()
            .or(self.canonical.first())
            .map(|l| l.href.clone())
            .filter(|l| !l.is_empty());
        let content = self
            .content
            .map(|b| b.content)
            .filter(|c| !c.is_empty())
            .or(self.summary.map(|b| b.content))
            .filter(|c| !c.is_empty());
        Some(RemoteEntry {
            remote_id: normalize_item_id(&self.id)?,
            feed_remote_id: self.origin.stream_id,
            title: self.title,
            link,
            author: self.author.filter(|a| !a.is_empty()),
            published: self
                .published
                .filter(|&t| t > 0)
                .and_then(|t| chrono::DateTime::from_timestamp(t, 0)),
            content_html: content,
            enclosures: crate::model::usable_enclosures(
                self.enclosure
                    .into_iter()
                    .map(|e| crate::model::Enclosure {
                        url: e.href,
                        mime: e.mime.filter(|m| !m.trim().is_empty()),
                        length: e.length,
                        title: None,
                    })
                    .collect(),
                2048,
            ),
            read,
            starred,
        })
    }
}

impl GReader {
    /// A client for the account (no request is sent yet).
    pub fn new(account: &Account, timeout: Duration) -> Result<GReader, SyncError> {
        let token = account
            .session_file
            .as_ref()
            .and_then(|p| std::fs::read_to_string(p).ok())
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty() && t.len() < 4096);
        Ok(GReader {
            http: Http::new(&account.url, timeout)?,
            username: account.username.clone(),
            secret: account.secret.clone(),
            session_file: account.session_file.clone(),
            token,
            pending: None,
        })
    }

    /// `accounts/ClientLogin`: a new session token, kept in the data directory.
    async fn client_login(&mut self) -> Result<(), SyncError> {
        let url = self.http.url("accounts/ClientLogin")?;
        let req = self
            .http
            .client
            .request(Method::POST, url.clone())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(form(&[("Email", &self.username), ("Passwd", &self.secret)]));
        let answer = self.http.send(req, &[]).await?;
        let text = String::from_utf8_lossy(&answer.body);
        let token = text
            .lines()
            .find_map(|l| l.trim().strip_prefix("Auth="))
            .map(str::to_string)
            .ok_or_else(|| SyncError::NotFound {
                server: self.http.server.clone(),
                path: url.path().to_string(),
                detail: "no Auth token in the answer, a web page answered".into(),
            })?;
        if let Some(path) = &self.session_file {
            save_session(path, &token);
        }
        self.token = Some(token);
        Ok(())
    }

    /// A GET or POST under `reader/api/0/`, logging in again once if the token went bad.
    async fn call(
        &mut self,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        body: &[(&str, &str)],
    ) -> Result<Answer, SyncError> {
        for attempt in 0..2 {
            if self.token.is_none() {
                self.client_login().await?;
            }
            let token = self.token.clone().unwrap_or_default();
            let mut url = self.http.url(&format!("reader/api/0/{path}"))?;
            if !query.is_empty() {
                url.query_pairs_mut().extend_pairs(query);
            }
            let mut req = self
                .http
                .client
                .request(method.clone(), url)
                .header("Authorization", format!("GoogleLogin auth={token}"));
            if method == Method::POST {
                let mut pairs = body.to_vec();
                pairs.push(("T", &token));
                req = req
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .body(form(&pairs));
            }
            let answer = self.http.send(req, &[401]).await?;
            if answer.status.as_u16() != 401 {
                return Ok(answer);
            }
            // The session expired (or the password changed): log in again, once.
            self.token = None;
            if attempt == 1 {
                break;
            }
        }
        Err(SyncError::Unauthorized {
            server: self.http.server.clone(),
        })
    }

    async fn get_json<T: serde::de::DeserializeOwned>(
        &mut self,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<T, SyncError> {
        let answer = self.call(Method::GET, path, query, &[]).await?;
        answer.json(&self.http.server)
    }

    /// Every item id of a stream (decimal), following the continuation.
    async fn stream_ids(
        &mut self,
        stream: &str,
        exclude: Option<&str>,
    ) -> Result<Vec<String>, SyncError> {
        let mut out = Vec::new();
        let mut continuation: Option<String> = None;
        let n = IDS_PAGE.to_string();
        for _ in 0..MAX_ID_PAGES {
            let mut query = vec![("output", "json"), ("s", stream), ("n", n.as_str())];
            if let Some(x) = exclude {
                query.push(("xt", x));
            }
            if let Some(c) = &continuation {
                query.push(("c", c.as_str()));
            }
            let page: ItemIds = self.get_json("stream/items/ids", &query).await?;
            out.extend(
                page.item_refs
                    .iter()
                    .filter_map(|r| normalize_item_id(&r.id)),
            );
            continuation = match page.continuation {
                Some(serde_json::Value::String(c)) if !c.is_empty() => Some(c),
                Some(serde_json::Value::Number(c)) => Some(c.to_string()),
                _ => None,
            };
            if continuation.is_none() || page.item_refs.is_empty() {
                break;
            }
        }
        Ok(out)
    }

    /// `subscription/edit`, which answers "OK".
    async fn edit_subscription(&mut self, pairs: &[(&str, &str)]) -> Result<(), SyncError> {
        self.call(Method::POST, "subscription/edit", &[], pairs)
            .await?;
        Ok(())
    }

    async fn edit_tag(&mut self, ids: &[String], tag: &str, add: bool) -> Result<(), SyncError> {
        for chunk in ids.chunks(CONTENTS_BATCH) {
            let mut pairs: Vec<(&str, &str)> = chunk.iter().map(|i| ("i", i.as_str())).collect();
            pairs.push((if add { "a" } else { "r" }, tag));
            self.call(Method::POST, "edit-tag", &[], &pairs).await?;
        }
        Ok(())
    }
}

/// Writes the session token readable by the user only; failing to keep it only costs a login.
fn save_session(path: &std::path::Path, token: &str) {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    if let Ok(mut f) = options.open(path) {
        let _ = f.write_all(token.as_bytes());
    }
}

impl SyncService for GReader {
    const CHANGE_TIMES: bool = false;

    async fn login(&mut self) -> Result<(), SyncError> {
        let answer = self.call(Method::GET, "user-info", &[], &[]).await?;
        let path = self.http.url("reader/api/0/user-info")?.path().to_string();
        let _: serde_json::Value = answer.api_json(&self.http.server, &path)?;
        self.pending = None;
        Ok(())
    }

    async fn subscriptions(&mut self) -> Result<Vec<RemoteFeed>, SyncError> {
        let list: SubscriptionList = self
            .get_json("subscription/list", &[("output", "json")])
            .await?;
        Ok(list
            .subscriptions
            .into_iter()
            .filter_map(|s| {
                Some(RemoteFeed {
                    url: s.url.filter(|u| !u.is_empty())?,
                    remote_id: s.id,
                    title: s.title,
                    site_url: s.html_url.filter(|u| !u.is_empty()),
                    category: s.categories.into_iter().find_map(|c| c.label),
                })
            })
            .collect())
    }

    async fn subscribe(&mut self, url: &str, category: Option<&str>) -> Result<String, SyncError> {
        let stream = format!("feed/{url}");
        let label = category.map(|c| format!("user/-/label/{c}"));
        let mut pairs = vec![("ac", "subscribe"), ("s", stream.as_str())];
        if let Some(l) = &label {
            pairs.push(("a", l.as_str()));
        }
        let result = self.edit_subscription(&pairs).await;
        // The answer does not say the new feed's id: find it in the list.
        let found = self
            .subscriptions()
            .await?
            .into_iter()
            .find(|f| f.url == url)
            .map(|f| f.remote_id);
        match (found, result) {
            (Some(id), _) => Ok(id),
            (None, Err(e)) => Err(e),
            (None, Ok(())) => Err(SyncError::Rejected {
                server: self.http.server.clone(),
                what: format!("subscription to {url}"),
                status: 200,
                message: "the feed is not in the subscription list afterwards".into(),
            }),
        }
    }

    async fn unsubscribe(&mut self, remote_id: &str) -> Result<(), SyncError> {
        self.edit_subscription(&[("ac", "unsubscribe"), ("s", remote_id)])
            .await
    }

    async fn rename(&mut self, remote_id: &str, title: &str) -> Result<(), SyncError> {
        self.edit_subscription(&[("ac", "edit"), ("s", remote_id), ("t", title)])
            .await
    }

    async fn set_category(
        &mut self,
        remote_id: &str,
        category: Option<&str>,
    ) -> Result<(), SyncError> {
        // Taking a feed out of every label is not something every server supports.
        let Some(category) = category else {
            return Ok(());
        };
        let label = format!("user/-/label/{category}");
        self.edit_subscription(&[("ac", "edit"), ("s", remote_id), ("a", &label)])
            .await
    }

    async fn set_read(&mut self, ids: &[String], read: bool) -> Result<(), SyncError> {
        self.edit_tag(ids, READ, read).await
    }

    async fn set_starred(&mut self, ids: &[String], starred: bool) -> Result<(), SyncError> {
        self.edit_tag(ids, STARRED, starred).await
    }

    async fn entries_page(
        &mut self,
        _cursor: Option<&str>,
        known: &dyn Fn(&str) -> bool,
    ) -> Result<EntryPage, SyncError> {
        if self.pending.is_none() {
            let mut ids: Vec<String> = self
                .stream_ids(READING_LIST, None)
                .await?
                .into_iter()
                .filter(|id| !known(id))
                .collect();
            ids.sort_by_key(|id| id.parse::<u64>().unwrap_or(0));
            self.pending = Some(ids.into());
        }
        let pending = self.pending.get_or_insert_with(VecDeque::new);
        let n = pending.len().min(CONTENTS_BATCH);
        let batch: Vec<String> = pending.drain(..n).collect();
        let more = !pending.is_empty();
        if batch.is_empty() {
            return Ok(EntryPage::default());
        }
        let pairs: Vec<(&str, &str)> = batch.iter().map(|i| ("i", i.as_str())).collect();
        let answer = self
            .call(
                Method::POST,
                "stream/items/contents",
                &[("output", "json")],
                &pairs,
            )
            .await?;
        let contents: Contents = answer.json(&self.http.server)?;
        Ok(EntryPage {
            entries: contents
                .items
                .into_iter()
                .filter_map(Item::into_remote)
                .collect(),
            cursor: String::new(),
            more,
        })
    }

    async fn states(&mut self, _since: i64) -> Result<StateReport, SyncError> {
        let unread: HashSet<String> = self
            .stream_ids(READING_LIST, Some(READ))
            .await?
            .into_iter()
            .collect();
        let starred: HashSet<String> = self.stream_ids(STARRED, None).await?.into_iter().collect();
        Ok(StateReport::Sets { unread, starred })
    }

    fn requests(&self) -> u64 {
        self.http.requests
    }
}

#[cfg(test)]
mod tests {
    use super::normalize_item_id;

    #[test]
    fn the_four_item_id_forms_are_one_decimal_id() {
        for id in [
            "tag:google.com,2005:reader/item/00000000148b9369",
            "tag:google.com,2005:reader/item/148b9369",
            "00000000148b9369",
            "344691561",
        ] {
            assert_eq!(normalize_item_id(id).as_deref(), Some("344691561"), "{id}");
        }
        assert_eq!(normalize_item_id("not an id"), None);
    }
}
