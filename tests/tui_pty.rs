//! The real binary in a pseudo-terminal: it starts on a loopback copy of the Africa24 seed,
//! shows the headlines, opens the article, draws its pull-quote unlike body text, bookmarks it,
//! quits, and leaves the terminal as it found it.
//!
//! The screen is parsed with vt100; every wait polls the parsed screen until the expected text
//! appears (with a generous deadline), so nothing depends on timing.

mod common;

use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::server::{Reply, TestServer};
use portable_pty::{native_pty_system, CommandBuilder, PtySize};

const ARTICLE_PATH: &str =
    "/le-burkina-faso-et-la-russie-envisagent-de-renforcer-leur-cooperation-militaire/";
const PHOTO_PATH: &str = "/wp-content/uploads/2023/11/choigou-coulibaly.jpg";
const DEADLINE: Duration = Duration::from_secs(60);
const ROWS: u16 = 40;
const COLS: u16 = 120;

fn fixture(name: &str, base: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/seed")
        .join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
        .replace("{{BASE}}", base)
}

fn seed_server() -> TestServer {
    let server = TestServer::start(Vec::<(&str, Reply)>::new());
    let base = server.base_url.clone();
    server.set_route(
        "/feed/",
        Reply::ok(fixture("africa24-feed.xml", &base))
            .header("Content-Type", "application/rss+xml; charset=UTF-8"),
    );
    server.set_route(
        ARTICLE_PATH,
        Reply::ok(fixture("africa24-article.html", &base))
            .header("Content-Type", "text/html; charset=UTF-8"),
    );
    let jpeg = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed/choigou-coulibaly.jpg"),
    )
    .expect("the seed photograph");
    server.set_route(
        PHOTO_PATH,
        Reply::ok(jpeg).header("Content-Type", "image/jpeg"),
    );
    server
}

fn griot(dir: &Path, config: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_griot"))
        .arg("--data-dir")
        .arg(dir)
        .arg("--config")
        .arg(config)
        .args(args)
        .env("LANG", "fr_FR.UTF-8")
        .env("TZ", "UTC")
        .env_remove("NO_COLOR")
        .output()
        .expect("run griot")
}

/// The TUI in a pty, its output parsed as it arrives.
struct Tui {
    screen: Arc<Mutex<vt100::Parser>>,
    /// Every byte griot wrote to the terminal, escape sequences included.
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Tui {
    /// Starts the TUI in French on `dir`.
    fn start(dir: &Path, config: &Path) -> Tui {
        Tui::spawn(&[], dir, config, "fr_FR.UTF-8")
    }

    fn spawn(args: &[&str], dir: &Path, config: &Path, lang: &str) -> Tui {
        Tui::spawn_as(Terminal::Plain, args, dir, config, lang)
    }

    fn spawn_as(kind: Terminal, args: &[&str], dir: &Path, config: &Path, lang: &str) -> Tui {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_griot"));
        cmd.args(args);
        cmd.arg("--data-dir");
        cmd.arg(dir);
        cmd.arg("--config");
        cmd.arg(config);
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", lang);
        // Dates on screen are local: pin the zone ("8 novembre 2023" is the 9th at UTC+14).
        cmd.env("TZ", "UTC");
        cmd.env_remove("NO_COLOR");
        cmd.env("BROWSER", "true");
        let child = pty
            .slave
            .spawn_command(cmd)
            .expect("spawn griot in the pty");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let writer = Arc::new(Mutex::new(pty.master.take_writer().expect("pty writer")));
        let screen = Arc::new(Mutex::new(vt100::Parser::new(ROWS, COLS, 0)));
        let parser = Arc::clone(&screen);
        let answer = Arc::clone(&writer);
        let raw = Arc::new(Mutex::new(Vec::new()));
        let written = Arc::clone(&raw);
        std::thread::spawn(move || {
            let _master = pty.master;
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                answer_queries(kind, &buf[..n], &answer);
                written.lock().expect("raw").extend_from_slice(&buf[..n]);
                parser.lock().expect("parser").process(&buf[..n]);
            }
        });
        Tui {
            screen,
            raw,
            writer,
            child,
        }
    }

    fn contents(&self) -> String {
        self.screen.lock().expect("parser").screen().contents()
    }

    /// Polls the parsed screen until `text` shows.
    fn wait_for(&self, text: &str) {
        let start = Instant::now();
        loop {
            if self.contents().contains(text) {
                return;
            }
            if start.elapsed() > DEADLINE {
                panic!(
                    "`{text}` never appeared; the screen shows:\n{}",
                    self.contents()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn press(&mut self, keys: &str) {
        let mut writer = self.writer.lock().expect("writer");
        writer.write_all(keys.as_bytes()).expect("write keys");
        writer.flush().expect("flush keys");
    }

    /// How many cells of the screen are drawn with half-blocks (a picture, as a terminal
    /// without an image protocol shows it).
    fn half_block_cells(&self) -> usize {
        let parser = self.screen.lock().expect("parser");
        let screen = parser.screen();
        (0..ROWS)
            .flat_map(|r| (0..COLS).map(move |c| (r, c)))
            .filter(|&(r, c)| {
                screen
                    .cell(r, c)
                    .is_some_and(|cell| matches!(cell.contents(), "▀" | "▄" | "█"))
            })
            .count()
    }

    /// Polls until at least `n` half-block cells show.
    fn wait_for_half_blocks(&self, n: usize) {
        let start = Instant::now();
        while self.half_block_cells() < n {
            if start.elapsed() > DEADLINE {
                panic!(
                    "no picture appeared ({} half-block cells); the screen shows:\n{}",
                    self.half_block_cells(),
                    self.contents()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Polls until griot has written what `found` looks for to the terminal (an escape
    /// sequence the screen parser does not show).
    fn wait_for_output(&self, what: &str, found: impl Fn(&[u8]) -> bool) {
        let start = Instant::now();
        while !found(&self.raw.lock().expect("raw")) {
            if start.elapsed() > DEADLINE {
                panic!("{what} never came; the screen shows:\n{}", self.contents());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Row and column where `text` starts on screen.
    fn find(&self, text: &str) -> Option<(u16, u16)> {
        let parser = self.screen.lock().expect("parser");
        let screen = parser.screen();
        for row in 0..ROWS {
            let mut line = String::new();
            let mut cols = Vec::new();
            for col in 0..COLS {
                let cell = screen.cell(row, col)?;
                if cell.is_wide_continuation() {
                    continue;
                }
                let c = if cell.has_contents() {
                    cell.contents()
                } else {
                    " "
                };
                for _ in c.chars() {
                    cols.push(col);
                }
                line.push_str(c);
            }
            if let Some(byte) = line.find(text) {
                let index = line[..byte].chars().count();
                return Some((row, cols[index]));
            }
        }
        None
    }

    fn cell_style(&self, row: u16, col: u16) -> (bool, vt100::Color, bool) {
        let parser = self.screen.lock().expect("parser");
        let cell = parser.screen().cell(row, col).expect("cell on screen");
        (cell.italic(), cell.fgcolor(), cell.bold())
    }

    fn wait_exit(&mut self) -> bool {
        let start = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.success();
            }
            if start.elapsed() > DEADLINE {
                let _ = self.child.kill();
                panic!("griot did not quit; the screen shows:\n{}", self.contents());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// The seed served on loopback and a data directory subscribed to its feed, with `config`.
fn subscribed_to_seed(config_text: &str) -> (TestServer, tempfile::TempDir) {
    let server = seed_server();
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, config_text).expect("write config");
    let added = griot(&data, &config, &["add", &server.url("/feed/")]);
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    (server, dir)
}

/// Which terminal the test plays, by what it answers to griot's questions at start-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Terminal {
    /// A VT220-class terminal without an image protocol.
    Plain,
    /// A terminal that speaks kitty's graphics protocol (kitty, WezTerm, Ghostty).
    Kitty,
    /// A terminal that draws sixels (foot, mlterm, xterm -ti vt340).
    Sixel,
}

/// Answers what `kind` of terminal answers to the questions griot asks when it starts: device
/// attributes (a 4 among them: sixels), device status, the cell size in pixels, and kitty's
/// graphics query.
fn answer_queries(kind: Terminal, output: &[u8], writer: &Mutex<Box<dyn Write + Send>>) {
    let has = |q: &[u8]| output.windows(q.len()).any(|w| w == q);
    let mut reply = Vec::new();
    if kind == Terminal::Kitty && has(b"\x1b_Gi=31,") {
        reply.extend_from_slice(b"\x1b_Gi=31;OK\x1b\\");
    }
    if kind != Terminal::Plain && has(b"\x1b[16t") {
        reply.extend_from_slice(b"\x1b[6;20;10t");
    }
    if has(b"\x1b[c") {
        let attributes: &[u8] = match kind {
            Terminal::Sixel => b"\x1b[?62;4;22c",
            _ => b"\x1b[?62;22c",
        };
        reply.extend_from_slice(attributes);
    }
    if has(b"\x1b[5n") {
        reply.extend_from_slice(b"\x1b[0n");
    }
    if !reply.is_empty() {
        let mut w = writer.lock().expect("writer");
        let _ = w.write_all(&reply);
        let _ = w.flush();
    }
}

/// Opens the seed article and asks for its full text (which names the photograph).
fn open_seed_article_in(kind: Terminal, data: &Path, config: &Path) -> Tui {
    let mut tui = Tui::spawn_as(kind, &[], data, config, "fr_FR.UTF-8");
    tui.wait_for("Le Burkina Faso et la Russie envisagent");
    tui.press("\r");
    tui.wait_for("Le Burkina Faso et la Russie : ce qu");
    tui.press("\r");
    tui.wait_for("8 novembre 2023");
    tui.press("f");
    tui
}

const AUTO_PICTURES: &str =
    "refresh_on_start = true\ndefault_feeds = false\n[reader]\nimages = \"auto\"\n";

#[test]
fn the_seed_photograph_is_drawn_by_the_protocol_the_terminal_answers() {
    let contains = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).any(|w| w == needle);
    // kitty: the picture is sent as a kitty graphics command, not as half-blocks.
    let (server, dir) = subscribed_to_seed(AUTO_PICTURES);
    let (data, config) = (dir.path().join("data"), dir.path().join("config.toml"));
    let mut tui = open_seed_article_in(Terminal::Kitty, &data, &config);
    tui.wait_for_output("a kitty graphics command", |out| {
        contains(out, b"\x1b_Gq=2,")
    });
    assert!(server.hits(PHOTO_PATH) >= 1);
    assert_eq!(tui.half_block_cells(), 0, "kitty draws it, not half-blocks");
    tui.press("q");
    assert!(tui.wait_exit());

    // sixel: a sixel image (a DCS string whose parameters end in `q`).
    let (_server, dir) = subscribed_to_seed(AUTO_PICTURES);
    let (data, config) = (dir.path().join("data"), dir.path().join("config.toml"));
    let mut tui = open_seed_article_in(Terminal::Sixel, &data, &config);
    tui.wait_for_output("a sixel image", |out| {
        out.windows(2)
            .enumerate()
            .any(|(i, w)| w == b"\x1bP" && out[i + 2..].iter().take(16).any(|&b| b == b'q'))
    });
    assert_eq!(tui.half_block_cells(), 0, "sixels draw it, not half-blocks");
    tui.press("q");
    assert!(tui.wait_exit());
}

#[test]
fn the_seed_article_shows_its_photograph_in_half_blocks() {
    let (server, dir) = subscribed_to_seed(
        "refresh_on_start = true\ndefault_feeds = false\n[reader]\nimage_height = 50\n",
    );
    let (data, config) = (dir.path().join("data"), dir.path().join("config.toml"));

    let mut tui = Tui::start(&data, &config);
    tui.wait_for("Le Burkina Faso et la Russie envisagent");
    tui.press("\r");
    tui.wait_for("Le Burkina Faso et la Russie : ce qu");
    tui.press("\r");
    tui.wait_for("8 novembre 2023");
    assert_eq!(
        tui.half_block_cells(),
        0,
        "the feed's text names no picture"
    );
    // The page's full text names its photograph (og:image, and the featured figure).
    tui.press("f");
    // 1200×675 in an 80-column measure: 80 columns by up to half the pane's rows.
    tui.wait_for_half_blocks(80 * 10);
    assert!(server.hits(PHOTO_PATH) >= 1);
    let (title_row, _) = tui
        .find("Le Burkina Faso et la Russie envisagent")
        .expect("title");
    let first_block_row = {
        let parser = tui.screen.lock().expect("parser");
        let screen = parser.screen();
        (0..ROWS)
            .find(|&r| (0..COLS).any(|c| screen.cell(r, c).is_some_and(|x| x.contents() == "▀")))
            .expect("a half-block row")
    };
    assert!(
        first_block_row > title_row,
        "the photograph stands under the title"
    );
    // The key hides it: the alt text is back.
    tui.press("i");
    tui.wait_for("[image");
    assert_eq!(tui.half_block_cells(), 0);
    tui.press("q");
    assert!(tui.wait_exit());
}

#[test]
fn read_and_bookmark_the_seed_article_in_a_real_terminal() {
    let (server, dir) = subscribed_to_seed(
        "refresh_on_start = true\ndefault_feeds = false\nmark_read_on_open = true\n",
    );
    let (data, config) = (dir.path().join("data"), dir.path().join("config.toml"));

    let mut tui = Tui::start(&data, &config);
    // The refresh on start brings the headlines in.
    tui.wait_for("Le Burkina Faso et la Russie envisagent");
    tui.wait_for("Africa24 TV");
    // All articles → the list → the newest article.
    tui.press("\r");
    tui.wait_for("Le Burkina Faso et la Russie : ce qu");
    tui.press("\r");
    tui.wait_for("C’est un grand honneur pour nous");
    tui.wait_for("8 novembre 2023");

    let (qrow, qcol) = tui
        .find("C’est un grand honneur")
        .expect("pull-quote on screen");
    let (brow, bcol) = tui
        .find("Le ministre russe de la Défense")
        .expect("body on screen");
    let quote = tui.cell_style(qrow, qcol + 2);
    let body = tui.cell_style(brow, bcol + 2);
    assert!(quote.0, "the pull-quote is in italics");
    assert_ne!(
        (quote.0, quote.1),
        (body.0, body.1),
        "pull-quote cells are styled unlike body text"
    );
    let (bar_row, bar_col) = tui.find("┃ C’est un grand honneur").expect("the heavy bar");
    assert_eq!(bar_row, qrow);
    assert!(bar_col < qcol);

    tui.press("b");
    tui.wait_for("★ dans les signets");
    // The help names the keys in French too.
    tui.press("?");
    tui.wait_for("Entrée");
    tui.press("x");
    tui.press("q");
    assert!(tui.wait_exit(), "griot exits successfully");
    {
        let parser = tui.screen.lock().expect("parser");
        let screen = parser.screen();
        assert!(!screen.alternate_screen(), "the alternate screen was left");
        assert!(!screen.hide_cursor(), "the cursor is visible again");
    }

    let listed = griot(&data, &config, &["list", "--bookmarked", "--json"]);
    assert!(listed.status.success());
    let out = String::from_utf8_lossy(&listed.stdout);
    let bookmarks: Vec<serde_json::Value> = out
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(bookmarks.len(), 1, "{out}");
    assert_eq!(
        bookmarks[0]["title"],
        "Le Burkina Faso et la Russie envisagent de renforcer leur coopération militaire"
    );
    assert!(server.hits("/feed/") >= 1);
}

/// Starts the TUI in English with extra arguments before the data-dir ones.
fn start_with(args: &[&str], dir: &Path, config: &Path) -> Tui {
    Tui::spawn(args, dir, config, "en_US.UTF-8")
}

#[test]
fn demo_mode_reads_the_bundled_articles_without_network() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let config = dir.path().join("config.toml");
    let mut tui = start_with(&["--demo"], &data, &config);
    tui.wait_for("Africa24 TV");
    tui.wait_for("Sahel Dispatch");
    tui.wait_for("Le Griot Tech");
    tui.press("\r");
    tui.wait_for("Solar mini-grids reach 300 villages");
    // The third, summary-only in its feed, reads in full: its bundled page was extracted
    // when the demo was made, pull-quote included.
    tui.press("jj\r");
    tui.wait_for("to be at work by eight. Now I leave at half");
    tui.press("R");
    tui.wait_for("Refreshing is off in demo mode");
    tui.press("q");
    assert!(tui.wait_exit());
    assert!(
        !data.join("griot.db").exists(),
        "the demo leaves the real data directory alone"
    );
}

/// The reader on an empty database, showing its welcome screen.
#[cfg(unix)]
fn welcome_screen(dir: &Path) -> Tui {
    let config = dir.join("config.toml");
    std::fs::write(&config, "refresh_on_start = false\ndefault_feeds = false\n").expect("config");
    let tui = start_with(&[], &dir.join("data"), &config);
    tui.wait_for("Welcome to griot");
    tui
}

#[cfg(unix)]
#[test]
fn sigterm_restores_the_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut tui = welcome_screen(dir.path());
    {
        let parser = tui.screen.lock().expect("parser");
        assert!(parser.screen().alternate_screen());
    }
    let pid = tui.child.process_id().expect("child pid");
    // SAFETY: sends a signal to the child this test started.
    let sent = unsafe { libc::kill(pid as libc::pid_t, libc::SIGTERM) };
    assert_eq!(sent, 0);
    tui.wait_exit();
    let parser = tui.screen.lock().expect("parser");
    assert!(
        !parser.screen().alternate_screen(),
        "the alternate screen was left"
    );
    assert!(
        !parser.screen().hide_cursor(),
        "the cursor is visible again"
    );
}

#[cfg(unix)]
#[test]
fn sigtstp_from_outside_gives_the_terminal_back_until_resumed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut tui = welcome_screen(dir.path());
    let pid = tui.child.process_id().expect("child pid") as libc::pid_t;
    let on_alternate = |tui: &Tui| {
        tui.screen
            .lock()
            .expect("parser")
            .screen()
            .alternate_screen()
    };
    let wait_until = |tui: &Tui, want: bool, what: &str| {
        let start = Instant::now();
        while on_alternate(tui) != want {
            assert!(
                start.elapsed() < DEADLINE,
                "{what}; the screen shows:\n{}",
                tui.contents()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    // SAFETY: sends signals to the child this test started.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTSTP) }, 0);
    wait_until(&tui, false, "the terminal was not given back on SIGTSTP");
    assert_eq!(unsafe { libc::kill(pid, libc::SIGCONT) }, 0);
    wait_until(&tui, true, "the reader did not come back on SIGCONT");
    tui.wait_for("Welcome to griot");
    tui.press("q");
    tui.press("q");
    assert!(tui.wait_exit());
}

/// `|` with a foreground command: the reader gives the terminal to it (the command asks a
/// question on the terminal and gets the answer typed, which the reader does not steal),
/// then takes the terminal back and keeps answering keys.
#[cfg(unix)]
#[test]
fn a_foreground_pipe_gets_the_terminal_and_the_reader_comes_back() {
    let server = seed_server();
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let config = dir.path().join("config.toml");
    let (out, answer) = (dir.path().join("piped.txt"), dir.path().join("answer.txt"));
    std::fs::write(
        &config,
        format!(
            "refresh_on_start = false\ndefault_feeds = false\n[reader]\n\
             pipe = \"cat > {}; printf 'type a word: '; read w < /dev/tty; echo $w > {}\"\n",
            out.display(),
            answer.display()
        ),
    )
    .expect("write config");
    assert!(griot(&data, &config, &["add", &server.url("/feed/")])
        .status
        .success());
    assert!(griot(&data, &config, &["refresh"]).status.success());

    let mut tui = start_with(&[], &data, &config);
    tui.wait_for("Le Burkina Faso et la Russie envisagent");
    tui.press("\r");
    tui.press("\r");
    tui.wait_for("C’est un grand honneur pour nous");
    tui.press("|");
    tui.wait_for("type a word:");
    {
        let parser = tui.screen.lock().expect("parser");
        assert!(
            !parser.screen().alternate_screen(),
            "the command has the terminal"
        );
    }
    tui.press("bonjour\r");
    tui.wait_for("Piped to cat");
    {
        let parser = tui.screen.lock().expect("parser");
        assert!(parser.screen().alternate_screen(), "the reader is back");
    }
    assert_eq!(
        std::fs::read_to_string(&answer).expect("answer"),
        "bonjour\n"
    );
    let piped = std::fs::read_to_string(&out).expect("piped text");
    assert!(
        piped.starts_with("Le Burkina Faso et la Russie envisagent"),
        "{piped}"
    );
    assert!(
        piped.contains("C’est un grand honneur pour nous"),
        "{piped}"
    );
    tui.press("q");
    assert!(tui.wait_exit());
}
