//! The sync scenarios, run against the real Miniflux of [`super::miniflux`] in either protocol
//! (its REST API, or its Google Reader API): each test file calls them with its protocol.

use std::process::Output;

use serde_json::{json, Value};

use super::cut_proxy::{Cut, CutProxy};
use super::griot::Griot;
use super::miniflux::{Miniflux, User};
use super::server::{Reply, TestServer};

/// Which of the server's APIs griot speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    Miniflux,
    GReader,
}

/// A test's account on the server, its griot, and the fixture feeds the server fetches.
pub struct Setup {
    pub mf: &'static Miniflux,
    pub user: User,
    pub griot: Griot,
    pub feeds: TestServer,
    pub protocol: Protocol,
}

/// An RSS feed with items `<prefix>1` … `<prefix>n`, linking to pages on the same server.
pub fn rss(base: &str, prefix: &str, n: usize) -> String {
    let items: String = (1..=n)
        .map(|i| {
            format!(
                "<item><title>{prefix}{i}</title><link>{base}/{prefix}{i}.html</link>\
                 <guid>{base}/{prefix}{i}</guid><description>Texte {prefix}{i}</description>\
                 <pubDate>{:02} Jun 2026 10:{:02}:00 GMT</pubDate></item>",
                1 + (i / 60) % 28,
                i % 60
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Feed {prefix}</title>\
         <link>{base}/</link><description>d</description>{items}</channel></rss>"
    )
}

/// The fixture feeds: `/a.xml` (A1–A3) and `/b.xml` (B1–B3).
fn fixture_feeds() -> TestServer {
    let server = TestServer::start(Vec::<(String, Reply)>::new());
    for prefix in ["A", "B", "C"] {
        let body = rss(&server.base_url, prefix, 3);
        server.set_route(
            &format!("/{}.xml", prefix.to_lowercase()),
            Reply::ok(body).header("Content-Type", "application/rss+xml"),
        );
    }
    server
}

impl Setup {
    /// A new account, a griot configured for it at the shared server, and the fixture feeds.
    pub fn new(protocol: Protocol) -> Setup {
        let mf = Miniflux::shared();
        let user = mf.new_user();
        let url = mf.base_url.clone();
        Setup::at(protocol, mf, user, &url)
    }

    /// The same, with griot pointed at `url` (another instance, or a wrong URL).
    pub fn at(protocol: Protocol, mf: &'static Miniflux, user: User, url: &str) -> Setup {
        let (login, password) = match protocol {
            Protocol::Miniflux => (user.name.clone(), user.password.clone()),
            Protocol::GReader => mf.enable_greader(&user),
        };
        let griot = Griot::with_config(&config(protocol, url, &login, &password));
        Setup {
            mf,
            user,
            griot,
            feeds: fixture_feeds(),
            protocol,
        }
    }

    /// Rewrites griot's config with another URL or password.
    pub fn reconfigure(&self, url: &str, password: Option<&str>) {
        let (login, real) = match self.protocol {
            Protocol::Miniflux => (self.user.name.clone(), self.user.password.clone()),
            Protocol::GReader => (
                format!("gr-{}", self.user.name),
                format!("gr-pw-{}", self.user.name),
            ),
        };
        let text = config(self.protocol, url, &login, password.unwrap_or(&real));
        std::fs::write(self.griot.config_path(), text).expect("config");
    }

    /// `griot refresh`, which must succeed.
    pub fn sync(&self) -> String {
        self.griot.ok(&["refresh"])
    }

    /// Every article griot has, as `list --json` prints them.
    pub fn articles(&self) -> Vec<Value> {
        self.griot
            .json_lines(&["list", "--limit", "1000", "--json"])
    }

    /// `sync status --json`.
    pub fn status(&self) -> Value {
        self.griot.json_lines(&["sync", "status", "--json"])[0].clone()
    }

    /// Serves a feed of `n` items (D1…Dn) and subscribes the account to it on the server.
    pub fn big_feed(&self, n: usize) {
        let body = rss(&self.feeds.base_url, "D", n);
        self.feeds.set_route(
            "/big.xml",
            Reply::ok(body).header("Content-Type", "application/rss+xml"),
        );
        self.user.subscribe(&self.feeds.url("/big.xml"), "Gros");
    }

    /// A proxy to the shared server that cuts the `nth` request matching `pattern`, with
    /// griot pointed at it.
    pub fn through_proxy(&self, pattern: &str, nth: usize, cut: Cut) -> CutProxy {
        let upstream = self.mf.base_url.trim_start_matches("http://");
        let proxy = CutProxy::start(upstream, pattern, nth, cut);
        self.reconfigure(&proxy.base_url, None);
        proxy
    }

    /// Runs `griot refresh` through a proxy that holds the `nth` request matching `pattern`,
    /// and kills griot (SIGKILL) while it waits for the answer.
    pub fn kill_refresh_at(&self, pattern: &str, nth: usize) {
        let proxy = self.through_proxy(pattern, nth, Cut::Hold);
        let mut child = self.griot.cmd().arg("refresh").spawn().expect("griot runs");
        proxy.wait_cut();
        child.kill().expect("kill -9");
        child.wait().expect("reaped");
    }

    /// The feed URLs the account is subscribed to on the server, sorted.
    pub fn server_feed_urls(&self) -> Vec<String> {
        let mut urls: Vec<String> = self
            .user
            .feeds()
            .iter()
            .map(|f| f["feed_url"].as_str().unwrap_or("").to_string())
            .collect();
        urls.sort();
        urls
    }

    /// griot has `n` articles, no two with the same title.
    pub fn assert_each_article_once(&self, n: usize) {
        let titles = self.titles();
        let mut unique = titles.clone();
        unique.dedup();
        assert_eq!((titles.len(), unique.len()), (n, n));
    }

    /// Articles stored per page of new entries, and the request line of such a page.
    fn entry_page(&self) -> (usize, &'static str) {
        match self.protocol {
            Protocol::Miniflux => (250, "limit=250&after_entry_id="),
            Protocol::GReader => (100, "POST /reader/api/0/stream/items/contents"),
        }
    }

    /// The request line of a read-state change sent to the server.
    fn read_push(&self) -> &'static str {
        match self.protocol {
            Protocol::Miniflux => "PUT /v1/entries HTTP",
            Protocol::GReader => "POST /reader/api/0/edit-tag",
        }
    }

    /// The titles of griot's articles, sorted.
    pub fn titles(&self) -> Vec<String> {
        let mut titles: Vec<String> = self
            .articles()
            .iter()
            .map(|a| a["title"].as_str().unwrap_or("").to_string())
            .collect();
        titles.sort();
        titles
    }

    /// griot's article titled `title`.
    pub fn article(&self, title: &str) -> Value {
        self.articles()
            .into_iter()
            .find(|a| a["title"] == title)
            .unwrap_or_else(|| panic!("griot has no article titled {title:?}"))
    }

    /// griot's id of the article titled `title`, as a command-line argument.
    pub fn id(&self, title: &str) -> String {
        self.article(title)["id"].to_string()
    }

    /// The server's entry id of `title`.
    pub fn entry_id(&self, title: &str) -> i64 {
        self.user.entry(title)["id"].as_i64().expect("entry id")
    }

    /// Marks entries on the server (as another device would).
    pub fn server_status(&self, titles: &[&str], status: &str) {
        let ids: Vec<i64> = titles.iter().map(|t| self.entry_id(t)).collect();
        self.user.expect(
            "PUT",
            "/v1/entries",
            Some(json!({"entry_ids": ids, "status": status})),
            204,
        );
    }

    /// Stars or unstars an entry on the server.
    pub fn server_star(&self, title: &str, starred: bool) {
        let entry = self.user.entry(title);
        if entry["starred"].as_bool() != Some(starred) {
            let id = entry["id"].as_i64().expect("id");
            self.user
                .expect("PUT", &format!("/v1/entries/{id}/bookmark"), None, 204);
        }
    }
}

fn config(protocol: Protocol, url: &str, login: &str, password: &str) -> String {
    let service = match protocol {
        Protocol::Miniflux => "miniflux",
        Protocol::GReader => "greader",
    };
    format!(
        "[sync]\nservice = \"{service}\"\nurl = \"{url}\"\nusername = \"{login}\"\n\
         password_command = \"printf '%s\\\\n' '{password}'\"\n"
    )
}

/// The one line of stderr of a failed command.
pub fn one_error_line(out: &Output) -> String {
    assert!(!out.status.success(), "the command succeeded");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(err.lines().count(), 1, "not one line: {err:?}");
    err.trim().to_string()
}

/// First sync: subscriptions with their categories as tags, every entry, read and starred
/// state as the server has them.
pub fn first_sync(p: Protocol) {
    let s = Setup::new(p);
    s.user.subscribe(&s.feeds.url("/a.xml"), "Afrique");
    s.user.subscribe(&s.feeds.url("/b.xml"), "Tech");
    s.server_status(&["A1"], "read");
    s.server_star("B2", true);

    s.sync();

    let feeds = s.griot.json_lines(&["feeds", "--json"]);
    let mut got: Vec<(String, Value)> = feeds
        .iter()
        .map(|f| {
            (
                f["url"].as_str().unwrap_or("").to_string(),
                f["tags"].clone(),
            )
        })
        .collect();
    got.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        got,
        vec![
            (s.feeds.url("/a.xml"), json!(["Afrique"])),
            (s.feeds.url("/b.xml"), json!(["Tech"])),
        ]
    );
    assert_eq!(s.titles(), ["A1", "A2", "A3", "B1", "B2", "B3"]);
    for a in s.articles() {
        let title = a["title"].as_str().unwrap_or("");
        assert_eq!(a["read"], title == "A1", "{title} read");
        assert_eq!(a["bookmarked"], title == "B2", "{title} bookmarked");
    }
    // The password is never written to disk (a session token may be).
    let password = match p {
        Protocol::Miniflux => s.user.password.clone(),
        Protocol::GReader => format!("gr-pw-{}", s.user.name),
    };
    for entry in std::fs::read_dir(s.griot.data_dir()).expect("data dir") {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).unwrap_or_default();
        let found = bytes
            .windows(password.len())
            .any(|w| w == password.as_bytes());
        assert!(!found, "the password is in {}", path.display());
    }
}

/// Read, unread, star and unstar made in griot reach the server, and the server's reach
/// griot.
pub fn state_both_ways(p: Protocol) {
    let s = Setup::new(p);
    s.user.subscribe(&s.feeds.url("/a.xml"), "Afrique");
    s.sync();

    s.griot.ok(&["read", &s.id("A1")]);
    s.griot.ok(&["bookmark", &s.id("A2")]);
    s.sync();
    assert_eq!(s.user.entry("A1")["status"], "read");
    assert_eq!(s.user.entry("A2")["starred"], true);

    s.griot.ok(&["unread", &s.id("A1")]);
    s.griot.ok(&["unbookmark", &s.id("A2")]);
    s.sync();
    assert_eq!(s.user.entry("A1")["status"], "unread");
    assert_eq!(s.user.entry("A2")["starred"], false);

    s.server_status(&["A2", "A3"], "read");
    s.server_star("A3", true);
    s.sync();
    assert_eq!(s.article("A1")["read"], false);
    assert_eq!(s.article("A2")["read"], true);
    assert_eq!(s.article("A3")["read"], true);
    assert_eq!(s.article("A3")["bookmarked"], true);

    s.server_status(&["A3"], "unread");
    s.server_star("A3", false);
    s.sync();
    assert_eq!(s.article("A3")["read"], false);
    assert_eq!(s.article("A3")["bookmarked"], false);
}

/// `griot add` subscribes on the server (with its tag as the category) and the server's
/// entries come back; `griot remove` unsubscribes there.
pub fn subscribe_and_unsubscribe(p: Protocol) {
    let s = Setup::new(p);
    s.sync();
    let url = s.feeds.url("/c.xml");
    s.griot.ok(&["add", &url, "--tag", "Monde"]);
    s.sync();
    let feeds = s.user.feeds();
    assert_eq!(feeds.len(), 1, "{feeds:?}");
    assert_eq!(feeds[0]["feed_url"], url);
    assert_eq!(feeds[0]["category"]["title"], "Monde");
    assert_eq!(s.titles(), ["C1", "C2", "C3"]);

    s.griot.ok(&["remove", &url]);
    s.sync();
    assert_eq!(s.user.feeds(), Vec::<Value>::new());
    assert_eq!(
        s.griot.json_lines(&["feeds", "--json"]),
        Vec::<Value>::new()
    );
}

/// Changes made while the server is away wait in the queue and reach it once it is back.
pub fn offline_queue(p: Protocol) {
    let mf = Miniflux::shared();
    let mut instance = mf.extra_instance();
    let user = mf.new_user();
    let s = Setup::at(p, mf, user, &instance.base_url);
    s.user.subscribe(&s.feeds.url("/a.xml"), "Afrique");
    s.sync();

    instance.stop();
    s.griot.ok(&["read", &s.id("A1")]);
    s.griot.ok(&["bookmark", &s.id("A2")]);
    let line = one_error_line(&s.griot.run(&["refresh"]));
    assert!(line.contains("unreachable"), "{line}");
    assert!(
        line.contains(instance.base_url.trim_start_matches("http://")),
        "{line}"
    );

    instance.start().expect("Miniflux restarts");
    s.sync();
    assert_eq!(s.user.entry("A1")["status"], "read");
    assert_eq!(s.user.entry("A2")["starred"], true);
    assert_eq!(s.article("A1")["read"], true);
}

/// A wrong password and a wrong URL each fail with one line naming the server and the cause.
pub fn wrong_password_and_url(p: Protocol) {
    let s = Setup::new(p);
    let server = s.mf.base_url.trim_start_matches("http://").to_string();
    s.reconfigure(&s.mf.base_url, Some("not-the-password"));
    let line = one_error_line(&s.griot.run(&["refresh"]));
    assert!(line.contains(&server) && line.contains("401"), "{line}");

    s.reconfigure(&format!("{}/nothing-here", s.mf.base_url), None);
    let line = one_error_line(&s.griot.run(&["refresh"]));
    assert!(
        line.contains(&server) && line.contains("no API at /nothing-here/"),
        "{line}"
    );
}

/// griot killed (SIGKILL) while sending its queue, and again while storing new entries, loses
/// nothing: the queue is still there and is sent, the pages stored stay, and the next sync
/// brings the rest, each article once.
pub fn crash_mid_sync_loses_nothing(p: Protocol) {
    let s = Setup::new(p);
    s.user.subscribe(&s.feeds.url("/a.xml"), "Afrique");
    s.sync();
    s.big_feed(600);
    s.griot.ok(&["read", &s.id("A1")]);
    s.griot.ok(&["bookmark", &s.id("A2")]);

    s.kill_refresh_at(s.read_push(), 1);
    assert_eq!(s.status()["queued"], 2);
    assert_eq!(s.user.entry("A1")["status"], "unread");

    let (page, pattern) = s.entry_page();
    s.kill_refresh_at(pattern, 2);
    assert_eq!(s.status()["queued"], 0);
    assert_eq!(s.articles().len(), 3 + page);

    s.reconfigure(&s.mf.base_url, None);
    s.sync();
    s.assert_each_article_once(603);
    assert_eq!(s.user.entry("A1")["status"], "read");
    assert_eq!(s.user.entry("A2")["starred"], true);
    assert_eq!(s.article("A1")["read"], true);
    assert_eq!(s.article("A2")["bookmarked"], true);
}

/// The server going away in the middle of a sync: one line naming it, what was stored stays,
/// and the next sync finishes the job with nothing doubled.
pub fn server_gone_mid_sync(p: Protocol) {
    let s = Setup::new(p);
    s.user.subscribe(&s.feeds.url("/a.xml"), "Afrique");
    s.sync();
    s.big_feed(600);
    let (page, pattern) = s.entry_page();
    let proxy = s.through_proxy(pattern, 2, Cut::Close);
    let line = one_error_line(&s.griot.run(&["refresh"]));
    assert!(
        line.contains(proxy.base_url.trim_start_matches("http://")),
        "{line}"
    );
    assert_eq!(s.articles().len(), 3 + page);
    assert_eq!(
        s.status()["last_error"].as_str(),
        Some(line.trim_start_matches("griot: sync failed: "))
    );

    s.reconfigure(&s.mf.base_url, None);
    s.sync();
    s.assert_each_article_once(603);
    assert_eq!(s.status()["last_error"], Value::Null);
}

/// An existing griot moves to an account: `sync push-subscriptions` sends its feeds to the
/// server, and the articles it already had are matched to the server's entries, not doubled;
/// `sync status` then shows the account and a clean state.
pub fn push_subscriptions_and_status(p: Protocol) {
    let s = Setup::new(p);
    let account = std::fs::read_to_string(s.griot.config_path()).expect("config");
    std::fs::write(s.griot.config_path(), "").expect("no account yet");
    s.griot
        .ok(&["add", &s.feeds.url("/a.xml"), "--tag", "Afrique"]);
    s.griot.ok(&["add", &s.feeds.url("/b.xml")]);
    s.griot.ok(&["refresh"]);
    s.griot.ok(&["bookmark", &s.id("B1")]);
    std::fs::write(s.griot.config_path(), account).expect("account");

    s.griot.ok(&["sync", "push-subscriptions"]);

    assert_eq!(
        s.server_feed_urls(),
        [s.feeds.url("/a.xml"), s.feeds.url("/b.xml")]
    );
    assert_eq!(
        s.user
            .feeds()
            .iter()
            .find(|f| f["feed_url"] == s.feeds.url("/a.xml"))
            .map(|f| f["category"]["title"].clone()),
        Some(json!("Afrique"))
    );
    s.assert_each_article_once(6);
    assert_eq!(s.article("B1")["bookmarked"], true);
    assert_eq!(s.user.entry("B1")["starred"], true);

    let status = s.status();
    assert_eq!(
        status["service"],
        match p {
            Protocol::Miniflux => "miniflux",
            Protocol::GReader => "greader",
        }
    );
    assert_eq!(status["url"], s.mf.base_url);
    assert_eq!(status["queued"], 0);
    assert_eq!(status["last_error"], Value::Null);
    assert!(status["last_sync"].is_string(), "{status}");
}
