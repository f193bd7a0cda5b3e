//! Hostile servers and feeds against the real binary: `griot import` + `griot refresh`
//! with a short timeout and a small body cap, one loopback server for every case.
//!
//! Each case subscribes to one hostile feed and one healthy feed and refreshes both in
//! one run. The refresh must end (a hang would time the test out; nothing here measures
//! time), the healthy feed must be stored as if nothing happened, and nothing griot prints
//! may carry a terminal escape sequence, a C0/C1 control or a bidi override from the feed.
//! Each case names the one outcome a user gets from the hostile feed and checks it: either
//! [`Case::stored`] (what was stored, bad bytes replaced, fields cut to their caps) or
//! [`Case::assert_failed`] (nothing stored, one error line naming the cap or the cause).
//!
//! The big bodies (50 MB, 10,000 items, 10 MB single line) are generated once, when the
//! shared server starts.

mod common;

use std::process::Output;
use std::sync::OnceLock;
use std::time::Duration;

use common::griot::Griot;
use common::server::{Reply, TestServer};

/// A 3-second deadline per feed and a 4 MiB body cap.
const CONFIG: &str = "[fetch]\ntimeout = 3\nconnect_timeout = 2\nmax_body_mib = 4\n";
/// The same with a 64 MiB cap: big documents get through to the parser.
const CONFIG_64: &str = "[fetch]\ntimeout = 20\nconnect_timeout = 2\nmax_body_mib = 64\n";

const HEALTHY: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Healthy</title><link>http://example.org/</link>
<item><title>First healthy story</title><guid>h1</guid><link>http://example.org/1</link><description>One.</description></item>
<item><title>Second healthy story</title><guid>h2</guid><link>http://example.org/2</link><description>Two.</description></item>
<item><title>Third healthy story</title><guid>h3</guid><link>http://example.org/3</link><description>Three.</description></item>
</channel></rss>"#;

const RSS_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Hostile</title><link>http://example.org/</link>\n";
const RSS_TAIL: &str = "</channel></rss>\n";

fn item(guid: &str, title: &str, body: &str) -> String {
    format!("<item><title>{title}</title><guid>{guid}</guid><link>http://example.org/{guid}</link><description>{body}</description></item>\n")
}

/// Roughly `bytes` of RSS spread over items of ~100 KB of escaped HTML each.
fn big_feed(bytes: usize) -> Vec<u8> {
    let para = "&lt;p&gt;Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.&lt;/p&gt;\n";
    let body = para.repeat(100_000 / para.len());
    let mut out = String::with_capacity(bytes + 200_000);
    out.push_str(RSS_HEAD);
    let mut n = 0;
    while out.len() < bytes {
        out.push_str(&item(&format!("big{n}"), &format!("Big item {n}"), &body));
        n += 1;
    }
    out.push_str(RSS_TAIL);
    out.into_bytes()
}

fn many_items(n: usize) -> Vec<u8> {
    let mut out = String::from(RSS_HEAD);
    for i in 0..n {
        out.push_str(&item(
            &format!("i{i}"),
            &format!("Item number {i}"),
            "Short.",
        ));
    }
    out.push_str(RSS_TAIL);
    out.into_bytes()
}

/// One item whose body is ~10 MB of text on a single line, half words, half one long word.
fn one_line_body() -> Vec<u8> {
    let words = "lorem ipsum dolor sit amet ".repeat(5_000_000 / 27);
    let word = "x".repeat(5_000_000);
    let body = format!("<![CDATA[<p>{words}{word}</p>]]>");
    format!(
        "{RSS_HEAD}{}{RSS_TAIL}",
        item("one", "A very long line", &body)
    )
    .into_bytes()
}

const BILLION_LAUGHS: &str = r#"<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>Laughs &lol9;</title><link>http://example.org/</link>
<item><title>Laugh &lol9;</title><guid>laugh</guid><description>&lol9;</description></item>
</channel></rss>
"#;

/// Elements nested 100,000 deep inside the channel (XML structure).
fn deep_xml() -> Vec<u8> {
    let depth = 100_000;
    let mut out = String::from(RSS_HEAD);
    out.push_str(&item("before", "Before the pit", "ok"));
    out.push_str(&"<x>".repeat(depth));
    out.push_str(&"</x>".repeat(depth));
    out.push_str(&item("after", "After the pit", "ok"));
    out.push_str(RSS_TAIL);
    out.into_bytes()
}

/// HTML nested 100,000 deep inside an item's body (what the renderer and indexer see).
fn deep_html() -> Vec<u8> {
    let depth = 100_000;
    let body = format!(
        "<![CDATA[{}deep text{}]]>",
        "<div><b>".repeat(depth / 2),
        "</b></div>".repeat(depth / 2)
    );
    format!("{RSS_HEAD}{}{RSS_TAIL}", item("deep", "Deep HTML", &body)).into_bytes()
}

fn bad_bytes() -> Vec<u8> {
    let mut out = RSS_HEAD.as_bytes().to_vec();
    out.extend_from_slice(
        b"<item><title>Broken \xff\xfe bytes\x00 and NUL\x00</title><guid>bad1</guid>",
    );
    out.extend_from_slice(b"<description>Body \xc3\x28 with \x00 NUL and \xed\xa0\x80 surrogate</description></item>\n");
    out.extend_from_slice(b"<item><title>Clean neighbour</title><guid>bad2</guid><description>fine</description></item>\n");
    out.extend_from_slice(RSS_TAIL.as_bytes());
    out
}

/// Titles, authors, links and bodies carrying escape sequences and bidi overrides, raw,
/// as XML character references and inside CDATA. Links point at a closed loopback port
/// (bookmarking tries to fetch full text; it must fail at once, never reach the network).
fn escapes() -> Vec<u8> {
    let mut out = RSS_HEAD.replace(
        "<title>Hostile</title>",
        "<title>Feed \u{1b}]0;pwned\u{7} \u{202e}title</title>",
    );
    out.push_str(
        "<item><title>Raw \u{1b}[31mred\u{1b}[0m \u{1b}]52;c;ZWNobyBwd25lZA==\u{7} clip \u{9b}2J \u{202e}evil\u{202c} \u{2066}iso\u{2069}</title>\
         <guid>esc1</guid><link>http://127.0.0.1:9/esc1</link><author>a@example.org (\u{1b}[2JAuthor)</author>\
         <description><![CDATA[<p>Body \u{1b}]52;c;ZWNobyBwd25lZA==\u{1b}\\ text \u{1b}]8;;http://evil/\u{7}link\u{1b}]8;;\u{7} \u{9d}0;t\u{9c} \u{202e}rtl</p>]]></description></item>\n",
    );
    out.push_str(
        "<item><title>Refs &#x1b;[31mred &#x1b;]52;c;ZWNobw==&#x7; &#x9b;1m &#x202e;evil</title>\
         <guid>esc2</guid><link>http://127.0.0.1:9/esc2</link>\
         <description>&lt;p&gt;Body &amp;#x1b;]52;c;ZWNobw==&amp;#x7; &amp;#x202e;rtl &amp;#x9b;2J&lt;/p&gt;</description></item>\n",
    );
    out.push_str(
        "<item><title><![CDATA[CDATA \u{1b}P1$qm\u{1b}\\ \u{1b}_apc\u{1b}\\ \u{2067}x]]></title><guid>esc3</guid>\
         <link>http://127.0.0.1:9/esc3</link><description>plain</description></item>\n",
    );
    out.push_str(RSS_TAIL);
    out.into_bytes()
}

fn long_fields() -> Vec<u8> {
    let title = "T".repeat(10 * 1024);
    let link = format!("http://example.org/{}", "p".repeat(10 * 1024));
    let guid = format!("g{}", "u".repeat(10 * 1024));
    let mut out = String::from(RSS_HEAD);
    out.push_str(&format!(
        "<item><title>{title}</title><guid>{guid}</guid><link>{link}</link><description>Long fields.</description></item>\n"
    ));
    out.push_str(&item("short", "Short neighbour", "fine"));
    out.push_str(RSS_TAIL);
    out.into_bytes()
}

fn truncated() -> Vec<u8> {
    let full = String::from_utf8(many_items(20)).expect("ascii");
    full.as_bytes()[..full.len() * 2 / 3].to_vec()
}

const HTML_PAGE: &str = "<!DOCTYPE html><html><head><title>Not a feed</title></head><body><h1>Welcome</h1><p>This is a web page, not a feed.</p></body></html>";

fn server() -> &'static TestServer {
    static SERVER: OnceLock<TestServer> = OnceLock::new();
    SERVER.get_or_init(|| {
        let rss = |b: Vec<u8>| Reply::ok(b).header("Content-Type", "application/rss+xml");
        TestServer::start(vec![
            ("/healthy.xml", rss(HEALTHY.as_bytes().to_vec())),
            (
                "/trickle.xml",
                Reply::trickle(RSS_HEAD, Duration::from_millis(200)),
            ),
            ("/stall.xml", Reply::stall()),
            ("/endless.xml", Reply::endless()),
            ("/bomb.xml", Reply::gzip_bomb(256 * 1024 * 1024)),
            ("/big50.xml", rss(big_feed(50 * 1000 * 1000))),
            ("/items10k.xml", rss(many_items(10_000))),
            ("/loop-a", Reply::redirect(302, "/loop-b")),
            ("/loop-b", Reply::redirect(301, "/loop-a")),
            ("/to-file", Reply::redirect(302, "file:///etc/passwd")),
            ("/to-ftp", Reply::redirect(307, "ftp://127.0.0.1/feed.xml")),
            (
                "/page.html",
                Reply::ok(HTML_PAGE).header("Content-Type", "text/html"),
            ),
            ("/truncated.xml", rss(truncated())),
            ("/laughs.xml", rss(BILLION_LAUGHS.as_bytes().to_vec())),
            ("/deep-xml.xml", rss(deep_xml())),
            ("/deep-html.xml", rss(deep_html())),
            ("/bad-bytes.xml", rss(bad_bytes())),
            ("/escapes.xml", rss(escapes())),
            ("/long.xml", rss(long_fields())),
            ("/one-line.xml", rss(one_line_body())),
        ])
    })
}

/// One refresh of a hostile feed next to the healthy one.
struct Case {
    g: Griot,
    hostile: String,
    healthy: String,
    out: Output,
}

impl Case {
    fn run(path: &str, config: &str) -> Case {
        let s = server();
        let g = Griot::with_config(config);
        let hostile = s.url(path);
        let healthy = s.url("/healthy.xml");
        let urls = g.file("urls", &format!("{healthy}\n{hostile}\n"));
        g.ok(&["import", urls.to_str().expect("utf-8 path")]);
        let out = g.run(&["refresh"]);
        let case = Case {
            g,
            hostile,
            healthy,
            out,
        };
        case.check_common();
        case
    }

    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.out.stderr).into_owned()
    }

    /// What every case must show: no panic, a normal exit, terminal-safe output, one line
    /// per failure, and the healthy feed stored in full.
    fn check_common(&self) {
        let stderr = self.stderr();
        let code = self.out.status.code();
        assert!(
            matches!(code, Some(0) | Some(2)),
            "refresh exited with {:?}: {stderr}",
            self.out.status
        );
        assert!(!stderr.contains("panicked"), "a panic: {stderr}");
        assert_terminal_safe(&String::from_utf8_lossy(&self.out.stdout));
        assert_terminal_safe(&stderr);
        for line in stderr.lines() {
            assert!(
                line.starts_with("failed: "),
                "stderr has more than one line per failed feed: {stderr}"
            );
            assert!(line.len() <= 1000, "an error line of {} bytes", line.len());
        }
        let healthy = self.articles(&self.healthy);
        assert_eq!(
            healthy.len(),
            3,
            "the healthy feed next to {} was affected",
            self.hostile
        );
        let feed = self.feed(&self.healthy);
        assert_eq!(feed["status"], "ok", "healthy feed status: {feed}");
    }

    /// The hostile feed failed with one line naming it and containing `cause`.
    fn assert_failed(&self, cause: &str) {
        let stderr = self.stderr();
        assert_eq!(self.out.status.code(), Some(2), "exit code: {stderr}");
        let lines: Vec<&str> = stderr
            .lines()
            .filter(|l| l.contains(self.hostile.as_str()))
            .collect();
        assert_eq!(lines.len(), 1, "one error line for the feed: {stderr}");
        assert!(
            lines[0].contains(cause),
            "expected {cause:?} in the error line: {}",
            lines[0]
        );
        let feed = self.feed(&self.hostile);
        assert_eq!(feed["status"], "error", "feed status: {feed}");
        assert_eq!(feed["total"], 0, "nothing stored: {feed}");
    }

    /// The hostile feed was stored: a clean exit, status `ok`, no error line; its articles
    /// (each checked terminal- and JSON-safe).
    fn stored(&self) -> Vec<serde_json::Value> {
        let stderr = self.stderr();
        assert_eq!(
            self.out.status.code(),
            Some(0),
            "the refresh failed: {stderr}"
        );
        assert!(stderr.is_empty(), "no error line: {stderr}");
        let feed = self.feed(&self.hostile);
        assert_eq!(feed["status"], "ok", "feed status: {feed}");
        self.articles(&self.hostile)
    }

    fn feed(&self, url: &str) -> serde_json::Value {
        let feeds = self.g.json_lines(&["feeds", "--json"]);
        for f in &feeds {
            assert_json_safe(f);
        }
        feeds
            .into_iter()
            .find(|f| f["url"] == url)
            .unwrap_or_else(|| panic!("feed {url} is listed"))
    }

    fn articles(&self, url: &str) -> Vec<serde_json::Value> {
        let out = self
            .g
            .ok(&["list", "--feed", url, "--json", "--limit", "100000"]);
        assert_terminal_safe(&out);
        let lines: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).expect("JSON line"))
            .collect();
        for l in &lines {
            assert_json_safe(l);
        }
        lines
    }

    /// `show` (plain, at 80 columns) for an article; checks it is terminal-safe and fits.
    fn show(&self, id: i64) -> String {
        let out = self.g.ok(&["show", &id.to_string(), "--width", "80"]);
        assert_terminal_safe(&out);
        for line in out.lines() {
            assert!(
                unicode_width(line) <= 80,
                "a line wider than 80 columns: {} chars",
                line.chars().count()
            );
        }
        out
    }

    fn show_json(&self, id: i64) -> serde_json::Value {
        let out = self.g.ok(&["show", &id.to_string(), "--json"]);
        assert_terminal_safe(&out);
        let v: serde_json::Value = serde_json::from_str(out.trim_end()).expect("show --json");
        assert_json_safe(&v);
        v
    }
}

fn unicode_width(s: &str) -> usize {
    // Every character the fixtures use is one column wide.
    s.chars().count()
}

/// True for what a terminal could act on: C0 (but newline and tab), DEL, C1, bidi
/// embeddings/overrides/isolates, line/paragraph separators.
fn is_unsafe(c: char) -> bool {
    let u = c as u32;
    (u < 0x20 && c != '\n' && c != '\t')
        || (0x7f..=0x9f).contains(&u)
        || (0x202a..=0x202e).contains(&u)
        || (0x2066..=0x2069).contains(&u)
        || u == 0x2028
        || u == 0x2029
}

fn assert_terminal_safe(s: &str) {
    if let Some((i, c)) = s.char_indices().find(|&(_, c)| is_unsafe(c)) {
        let from = s[..i].char_indices().rev().nth(40).map_or(0, |(j, _)| j);
        panic!(
            "output carries U+{:04X} at byte {i}: …{:?}…",
            c as u32,
            &s[from..i]
        );
    }
}

/// Every string in a JSON value (what a script would print) is terminal-safe.
fn assert_json_safe(v: &serde_json::Value) {
    match v {
        serde_json::Value::String(s) => assert_terminal_safe(s),
        serde_json::Value::Array(a) => a.iter().for_each(assert_json_safe),
        serde_json::Value::Object(o) => o.values().for_each(assert_json_safe),
        _ => {}
    }
}

#[test]
fn a_server_trickling_bytes_forever_times_out() {
    Case::run("/trickle.xml", CONFIG).assert_failed("timed out after 3 s");
}

#[test]
fn a_server_sending_headers_then_nothing_times_out() {
    Case::run("/stall.xml", CONFIG).assert_failed("timed out after 3 s");
}

#[test]
fn an_endless_body_is_cut_at_the_cap() {
    Case::run("/endless.xml", CONFIG).assert_failed("larger than 4 MiB");
}

#[test]
fn a_gzip_bomb_is_cut_at_the_cap() {
    Case::run("/bomb.xml", CONFIG).assert_failed("larger than 4 MiB");
}

#[test]
fn a_50_mb_feed_over_the_cap_is_refused() {
    Case::run("/big50.xml", CONFIG).assert_failed("larger than 4 MiB");
}

#[test]
fn a_50_mb_feed_under_a_64_mib_cap_is_stored_in_full() {
    let case = Case::run("/big50.xml", CONFIG_64);
    let articles = case.stored();
    // 50 MB in items of ~100 KB each: the generator writes exactly 500.
    assert_eq!(articles.len(), 500);
    let first = articles[0]["id"].as_i64().expect("id");
    let shown = case.show(first);
    assert!(
        shown.contains("Lorem ipsum dolor sit amet"),
        "the body is shown"
    );
}

#[test]
fn a_10000_item_feed_is_stored_in_full() {
    let case = Case::run("/items10k.xml", CONFIG);
    assert_eq!(case.out.status.code(), Some(0), "{}", case.stderr());
    let feed = case.feed(&case.hostile);
    assert_eq!(feed["total"], 10_000, "{feed}");
    assert_eq!(case.articles(&case.hostile).len(), 10_000);
}

#[test]
fn a_redirect_loop_ends_with_too_many_redirects() {
    Case::run("/loop-a", CONFIG).assert_failed("too many redirects");
}

#[test]
fn a_redirect_to_a_file_url_is_refused() {
    let case = Case::run("/to-file", CONFIG);
    case.assert_failed("redirect to unsupported scheme");
    assert!(!case.stderr().contains("root:"), "the file was not read");
}

#[test]
fn a_redirect_to_ftp_is_refused() {
    Case::run("/to-ftp", CONFIG).assert_failed("redirect to unsupported scheme");
}

#[test]
fn a_web_page_instead_of_a_feed_is_a_clear_error() {
    Case::run("/page.html", CONFIG).assert_failed("not a feed: the server sent an HTML page");
}

#[test]
fn truncated_xml_is_refused_with_where_it_ends() {
    // A document cut off mid-item is not a feed: nothing of it is kept, and the error says
    // where the document ends.
    Case::run("/truncated.xml", CONFIG).assert_failed(
        "parse error at line 16, column 24: unexpected end of document (truncated?)",
    );
}

#[test]
fn entity_expansion_is_not_performed() {
    // The feed is stored with its entity references left as written: nothing expands.
    let case = Case::run("/laughs.xml", CONFIG);
    let articles = case.stored();
    assert_eq!(articles.len(), 1);
    assert_eq!(articles[0]["title"], "Laugh &lol9;");
    let shown = case.show(articles[0]["id"].as_i64().expect("id"));
    assert!(!shown.contains("lollol"), "an entity expanded: {shown}");
    assert!(shown.len() < 1000, "{} bytes shown", shown.len());
    let feed = case.feed(&case.hostile);
    assert_eq!(feed["title"], "Laughs &lol9;");
}

#[test]
fn elements_nested_100000_deep_are_refused_at_the_depth_cap() {
    Case::run("/deep-xml.xml", CONFIG)
        .assert_failed("document nests elements deeper than the supported limit of 65535");
}

#[test]
fn html_nested_100000_deep_is_stored_and_shown() {
    let case = Case::run("/deep-html.xml", CONFIG);
    let articles = case.stored();
    assert_eq!(articles.len(), 1);
    let id = articles[0]["id"].as_i64().expect("id");
    let shown = case.show(id);
    assert!(shown.contains("Deep HTML"));
    assert!(
        shown.contains("deep text"),
        "the text inside is shown: {shown}"
    );
    let json = case.show_json(id).to_string();
    assert!(json.contains("deep text"));
}

#[test]
fn invalid_utf8_is_replaced_and_nul_bytes_dropped() {
    // Stored, both items: each invalid byte sequence becomes U+FFFD, NULs are removed.
    let case = Case::run("/bad-bytes.xml", CONFIG);
    let articles = case.stored();
    let titles: Vec<&str> = articles
        .iter()
        .map(|a| a["title"].as_str().expect("title"))
        .collect();
    assert_eq!(
        titles,
        ["Broken \u{fffd}\u{fffd} bytes and NUL", "Clean neighbour"]
    );
    let shown = case.show(articles[0]["id"].as_i64().expect("id"));
    assert!(!shown.contains('\0'), "{shown:?}");
    assert!(shown.contains("Body \u{fffd}( with"), "{shown:?}");
}

#[test]
fn escape_sequences_and_bidi_overrides_never_reach_the_output() {
    let case = Case::run("/escapes.xml", CONFIG);
    let articles = case.stored();
    assert!(!articles.is_empty());
    for a in &articles {
        let id = a["id"].as_i64().expect("id");
        let shown = case.show(id);
        assert!(!shown.contains("52;c;"), "OSC 52 payload left: {shown}");
        case.show_json(id);
    }
    let table = case.g.ok(&["list", "--feed", &case.hostile]);
    assert_terminal_safe(&table);
    let feeds = case.g.ok(&["feeds"]);
    assert_terminal_safe(&feeds);
    let search = case.g.ok(&["search", "red"]);
    assert_terminal_safe(&search);
    let bookmarks = {
        let ids: Vec<String> = articles.iter().map(|a| a["id"].to_string()).collect();
        let mut args = vec!["bookmark"];
        args.extend(ids.iter().map(String::as_str));
        case.g.ok(&args);
        case.g.ok(&["bookmarks", "--format", "md"])
    };
    assert_terminal_safe(&bookmarks);
}

#[test]
fn ten_kilobyte_titles_and_urls_are_cut_not_fatal() {
    let case = Case::run("/long.xml", CONFIG);
    let articles = case.stored();
    assert_eq!(articles.len(), 2, "both items kept");
    for a in &articles {
        assert!(a["title"].as_str().expect("title").len() <= 4096);
        case.show(a["id"].as_i64().expect("id"));
    }
}

#[test]
fn a_10_mb_single_line_body_is_laid_out() {
    let case = Case::run("/one-line.xml", CONFIG_64);
    let articles = case.stored();
    assert_eq!(articles.len(), 1);
    let shown = case.show(articles[0]["id"].as_i64().expect("id"));
    assert!(shown.lines().count() > 1000, "the line was wrapped");
    assert!(shown.contains("lorem ipsum"));
}

#[test]
fn every_hostile_feed_in_one_refresh_leaves_the_healthy_one_intact() {
    let s = server();
    let g = Griot::with_config(CONFIG);
    let hostile = [
        "/trickle.xml",
        "/stall.xml",
        "/endless.xml",
        "/bomb.xml",
        "/big50.xml",
        "/loop-a",
        "/to-file",
        "/page.html",
        "/truncated.xml",
        "/laughs.xml",
        "/deep-xml.xml",
        "/deep-html.xml",
        "/bad-bytes.xml",
        "/escapes.xml",
        "/long.xml",
    ];
    let mut urls = s.url("/healthy.xml") + "\n";
    for p in hostile {
        urls.push_str(&s.url(p));
        urls.push('\n');
    }
    let file = g.file("urls", &urls);
    g.ok(&["import", file.to_str().expect("utf-8 path")]);
    let out = g.run(&["refresh"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_terminal_safe(&stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("16 feeds: "), "{stdout}");
    let healthy = g.ok(&["list", "--feed", &s.url("/healthy.xml"), "--json"]);
    assert_eq!(healthy.lines().count(), 3);
}
