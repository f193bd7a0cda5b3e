//! A real Miniflux server on 127.0.0.1 for the sync tests, with its own private PostgreSQL.
//!
//! ```ignore
//! mod common;
//! use common::miniflux::Miniflux;
//!
//! let mf = Miniflux::shared();            // started once per test binary
//! let user = mf.new_user();               // each test gets its own account
//! let feed = user.post("/v1/feeds", json!({"feed_url": url, "category_id": cat}));
//! ```
//!
//! What is missing is installed first: PostgreSQL from the distribution's packages
//! (`apt-get install -y postgresql`) and Miniflux with `go install miniflux.app/v2@v2.3.5` into
//! `target/test-tools/bin` (or the binary `GRIOT_MINIFLUX_BIN` names); `.ci/run` does both
//! before the tests, so they do not pay for it. PostgreSQL refuses to run as root, so under
//! root it runs as the `postgres` user. Both servers are children of one thread that lives as
//! long as the test binary, and die with it (`PR_SET_PDEATHSIG`), so nothing is left running.
//! A test that needs the server panics (fails) when it cannot be started: it never skips.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The Miniflux release the tests run.
pub const MINIFLUX_VERSION: &str = "v2.3.5";
const ADMIN: &str = "admin";
const ADMIN_PASSWORD: &str = "admin-password-1";
const START_TIMEOUT: Duration = Duration::from_secs(90);
/// The servers' directory in the temp dir: this prefix, then the test process's id.
const DIR_PREFIX: &str = "griot-miniflux-";

/// The running PostgreSQL and Miniflux of this test binary.
pub struct Miniflux {
    /// "http://127.0.0.1:PORT", no trailing slash.
    pub base_url: String,
    pg_port: u16,
    /// Servers started later (spawned by the keeper thread, so they outlive the test).
    keeper: Mutex<mpsc::Sender<Spawn>>,
    _dir: tempfile::TempDir,
}

/// A request to the keeper thread: start this command, answer with the child.
struct Spawn {
    cmd: Command,
    as_postgres: bool,
    reply: mpsc::Sender<std::io::Result<Child>>,
}

/// A Miniflux account of one test.
pub struct User {
    pub name: String,
    pub password: String,
    pub id: i64,
    pub base_url: String,
}

impl Miniflux {
    /// The server of this test binary, started on first use. Panics (fails the test) when it
    /// cannot start.
    pub fn shared() -> &'static Miniflux {
        static SHARED: OnceLock<Result<Miniflux, String>> = OnceLock::new();
        match SHARED.get_or_init(Miniflux::start) {
            Ok(m) => m,
            Err(e) => panic!("cannot start the Miniflux test server: {e}"),
        }
    }

    fn start() -> Result<Miniflux, String> {
        let pg_bin = postgres_bin_dir()?;
        let miniflux = miniflux_binary()?;
        remove_stale_dirs();
        let dir = tempfile::Builder::new()
            .prefix(&format!("{DIR_PREFIX}{}-", std::process::id()))
            .tempdir()
            .map_err(|e| e.to_string())?;
        let keeper = keeper_thread();
        let pg_port = free_port()?;
        start_postgres(&keeper, &pg_bin, dir.path(), pg_port)?;
        let mut this = Miniflux {
            base_url: String::new(),
            pg_port,
            keeper: Mutex::new(keeper),
            _dir: dir,
        };
        this.psql("postgres", "CREATE DATABASE miniflux")?;
        this.psql("miniflux", "CREATE EXTENSION IF NOT EXISTS pgcrypto")?;
        let server = this.spawn_miniflux_at(&miniflux, free_port()?)?;
        this.base_url = server.base_url.clone();
        // The shared server lives until the test binary exits (the keeper holds the child).
        std::mem::forget(server);
        Ok(this)
    }

    /// Another Miniflux process on the same database, on its own port: the offline tests stop
    /// and restart it without disturbing the other tests.
    pub fn extra_instance(&self) -> Instance {
        let bin = miniflux_binary().expect("miniflux binary");
        self.spawn_miniflux_at(&bin, free_port().expect("port"))
            .expect("extra Miniflux starts")
    }

    fn spawn_miniflux_at(&self, bin: &Path, port: u16) -> Result<Instance, String> {
        let mut instance = Instance {
            base_url: format!("http://127.0.0.1:{port}"),
            bin: bin.to_path_buf(),
            port,
            pg_port: self.pg_port,
            keeper: self.keeper.lock().map_err(|e| e.to_string())?.clone(),
            child: None,
        };
        instance.start()?;
        Ok(instance)
    }

    /// Runs SQL on a database of the private PostgreSQL; returns psql's unaligned output.
    pub fn psql(&self, db: &str, sql: &str) -> Result<String, String> {
        let out = Command::new(postgres_bin_dir()?.join("psql"))
            .args([
                "-X",
                "-q",
                "-At",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                "127.0.0.1",
            ])
            .args(["-p", &self.pg_port.to_string(), "-U", "postgres", "-d", db])
            .args(["-c", sql])
            .output()
            .map_err(|e| format!("psql: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "psql {sql:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    }

    /// A new account on the server, made through the admin API.
    pub fn new_user(&self) -> User {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "u{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        );
        let password = format!("pw-{name}-secret");
        let admin = User {
            name: ADMIN.into(),
            password: ADMIN_PASSWORD.into(),
            id: 0,
            base_url: self.base_url.clone(),
        };
        let made = admin.expect(
            "POST",
            "/v1/users",
            Some(json!({"username": name, "password": password})),
            201,
        );
        User {
            id: made["id"].as_i64().expect("user id"),
            name,
            password,
            base_url: self.base_url.clone(),
        }
    }

    /// Switches on the Google Reader API for `user` with its own login; returns it
    /// (username, password). The password is stored as a bcrypt hash, as Miniflux's settings
    /// page stores it.
    pub fn enable_greader(&self, user: &User) -> (String, String) {
        let login = format!("gr-{}", user.name);
        let password = format!("gr-pw-{}", user.name);
        self.psql(
            "miniflux",
            &format!(
                "UPDATE integrations SET googlereader_enabled = true,
                    googlereader_username = '{login}',
                    googlereader_password = crypt('{password}', gen_salt('bf', 10))
                 WHERE user_id = {}",
                user.id
            ),
        )
        .expect("enable the Google Reader API");
        (login, password)
    }
}

/// One Miniflux process; [`Instance::stop`] and [`Instance::start`] take it down and back up
/// on the same port.
pub struct Instance {
    pub base_url: String,
    bin: PathBuf,
    port: u16,
    pg_port: u16,
    keeper: mpsc::Sender<Spawn>,
    child: Option<Child>,
}

impl Instance {
    /// Starts the process and waits until `/healthcheck` answers.
    pub fn start(&mut self) -> Result<(), String> {
        let mut cmd = Command::new(&self.bin);
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env(
                "DATABASE_URL",
                format!(
                    "postgres://postgres@127.0.0.1:{}/miniflux?sslmode=disable",
                    self.pg_port
                ),
            )
            .env("RUN_MIGRATIONS", "1")
            .env("CREATE_ADMIN", "1")
            .env("ADMIN_USERNAME", ADMIN)
            .env("ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env("LISTEN_ADDR", format!("127.0.0.1:{}", self.port))
            .env("BASE_URL", format!("http://127.0.0.1:{}/", self.port))
            .env("FETCHER_ALLOW_PRIVATE_NETWORKS", "1")
            .env("DISABLE_SCHEDULER_SERVICE", "1")
            .env("POLLING_FREQUENCY", "1440")
            .env("WORKER_POOL_SIZE", "2")
            .env("LOG_LEVEL", "error")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        let child = spawn_kept(&self.keeper, cmd, false)?;
        self.child = Some(child);
        let url = format!("{}/healthcheck", self.base_url);
        wait_until(&format!("Miniflux at {}", self.base_url), || {
            http("GET", &url, None, None).is_ok_and(|(status, _)| status == 200)
        })
    }

    /// Kills the process and waits for it to be gone (its port refuses connections).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        self.stop();
    }
}

impl User {
    /// An API call with this user's password; returns the status and the JSON body (null when
    /// empty).
    pub fn call(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let url = format!("{}{path}", self.base_url);
        http(method, &url, Some((&self.name, &self.password)), body)
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"))
    }

    /// An API call that must answer `status`.
    pub fn expect(&self, method: &str, path: &str, body: Option<Value>, status: u16) -> Value {
        let (got, value) = self.call(method, path, body);
        assert_eq!(got, status, "{method} {path} answered {got}: {value}");
        value
    }

    /// A category by title, made if missing; returns its id.
    pub fn category(&self, title: &str) -> i64 {
        let all = self.expect("GET", "/v1/categories", None, 200);
        if let Some(c) = all
            .as_array()
            .into_iter()
            .flatten()
            .find(|c| c["title"] == title)
        {
            return c["id"].as_i64().expect("id");
        }
        self.expect("POST", "/v1/categories", Some(json!({"title": title})), 201)["id"]
            .as_i64()
            .expect("id")
    }

    /// Subscribes on the server (which fetches the feed at once); returns the feed id.
    pub fn subscribe(&self, feed_url: &str, category: &str) -> i64 {
        let category_id = self.category(category);
        self.expect(
            "POST",
            "/v1/feeds",
            Some(json!({"feed_url": feed_url, "category_id": category_id})),
            201,
        )["feed_id"]
            .as_i64()
            .expect("feed_id")
    }

    /// Every entry of the account (any status), oldest id first.
    pub fn entries(&self) -> Vec<Value> {
        let v = self.expect(
            "GET",
            "/v1/entries?status=unread&status=read&order=id&direction=asc&limit=1000",
            None,
            200,
        );
        v["entries"].as_array().cloned().unwrap_or_default()
    }

    /// The entry whose title is `title`.
    pub fn entry(&self, title: &str) -> Value {
        self.entries()
            .into_iter()
            .find(|e| e["title"] == title)
            .unwrap_or_else(|| panic!("no entry titled {title:?} on the server"))
    }

    /// The account's feeds.
    pub fn feeds(&self) -> Vec<Value> {
        self.expect("GET", "/v1/feeds", None, 200)
            .as_array()
            .cloned()
            .unwrap_or_default()
    }
}

/// A blocking HTTP call with reqwest on a private runtime.
fn http(
    method: &str,
    url: &str,
    auth: Option<(&str, &str)>,
    body: Option<Value>,
) -> Result<(u16, Value), String> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    rt.block_on(async {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| e.to_string())?;
        let method = reqwest::Method::from_bytes(method.as_bytes()).map_err(|e| e.to_string())?;
        let mut req = client.request(method, url);
        if let Some((user, password)) = auth {
            req = req.basic_auth(user, Some(password));
        }
        if let Some(body) = body {
            req = req
                .header("Content-Type", "application/json")
                .body(body.to_string());
        }
        let resp = req.send().await.map_err(|e| e.to_string())?;
        let status = resp.status().as_u16();
        let text = resp.text().await.map_err(|e| e.to_string())?;
        let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Ok((status, value))
    })
}

/// A thread that lives as long as the test binary and spawns the servers: children started
/// with `PR_SET_PDEATHSIG` die when the thread that spawned them does, so that thread must
/// outlive every test (and it dies with the process).
fn keeper_thread() -> mpsc::Sender<Spawn> {
    let (tx, rx) = mpsc::channel::<Spawn>();
    std::thread::spawn(move || {
        for mut req in rx {
            let _ = req.reply.send(spawn_dying(&mut req.cmd, req.as_postgres));
        }
        // The channel closes only when the process exits; park to be safe.
        loop {
            std::thread::park();
        }
    });
    tx
}

fn spawn_kept(
    keeper: &mpsc::Sender<Spawn>,
    cmd: Command,
    as_postgres: bool,
) -> Result<Child, String> {
    let (reply, answer) = mpsc::channel();
    keeper
        .send(Spawn {
            cmd,
            as_postgres,
            reply,
        })
        .map_err(|e| e.to_string())?;
    answer
        .recv()
        .map_err(|e| e.to_string())?
        .map_err(|e| format!("cannot start server: {e}"))
}

/// Spawns with a parent-death signal (and as the postgres user when asked and running as root).
fn spawn_dying(cmd: &mut Command, as_postgres: bool) -> std::io::Result<Child> {
    use std::os::unix::process::CommandExt;
    let ids = if as_postgres && unsafe { libc::geteuid() } == 0 {
        Some(postgres_ids()?)
    } else {
        None
    };
    let signal = if as_postgres {
        libc::SIGQUIT
    } else {
        libc::SIGKILL
    };
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            if let Some((uid, gid)) = ids {
                if libc::setgid(gid) != 0 || libc::setuid(uid) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
            }
            libc::prctl(libc::PR_SET_PDEATHSIG, signal);
            Ok(())
        });
    }
    cmd.spawn()
}

/// The uid and gid of the `postgres` user.
fn postgres_ids() -> std::io::Result<(u32, u32)> {
    let out = Command::new("id").args(["-u", "postgres"]).output()?;
    let uid = String::from_utf8_lossy(&out.stdout).trim().parse();
    let out = Command::new("id").args(["-g", "postgres"]).output()?;
    let gid = String::from_utf8_lossy(&out.stdout).trim().parse();
    match (uid, gid) {
        (Ok(u), Ok(g)) => Ok((u, g)),
        _ => Err(std::io::Error::other("no postgres user")),
    }
}

/// Initialises a cluster in `dir` and starts it on `port`.
fn start_postgres(
    keeper: &mpsc::Sender<Spawn>,
    bin: &Path,
    dir: &Path,
    port: u16,
) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    let data = dir.join("pg");
    std::fs::create_dir_all(&data).map_err(|e| e.to_string())?;
    let root = unsafe { libc::geteuid() } == 0;
    if root {
        let (uid, gid) = postgres_ids().map_err(|e| e.to_string())?;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| e.to_string())?;
        std::os::unix::fs::chown(&data, Some(uid), Some(gid)).map_err(|e| e.to_string())?;
    }
    let mut initdb = Command::new(bin.join("initdb"));
    initdb
        .args(["-D"])
        .arg(&data)
        .args(["-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let out = spawn_kept(keeper, initdb, true)?
        .wait_with_output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!(
            "initdb failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let mut postgres = Command::new(bin.join("postgres"));
    postgres
        .arg("-D")
        .arg(&data)
        .args(["-p", &port.to_string(), "-c", "listen_addresses=127.0.0.1"])
        .arg("-c")
        .arg(format!("unix_socket_directories={}", data.display()))
        .args(["-c", "fsync=off", "-c", "synchronous_commit=off"])
        .args(["-c", "full_page_writes=off", "-c", "max_connections=200"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let child = spawn_kept(keeper, postgres, true)?;
    // The keeper's thread keeps the postmaster alive; the handle is not needed.
    std::mem::forget(child);
    let isready = bin.join("pg_isready");
    wait_until("PostgreSQL", || {
        Command::new(&isready)
            .args(["-q", "-h", "127.0.0.1", "-p", &port.to_string()])
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// The shared server lives in a static, which is never dropped: its directory (the database)
/// outlives the test binary. Each start removes those of test processes that have ended.
fn remove_stale_dirs() {
    let tmp = std::env::temp_dir();
    let Ok(entries) = std::fs::read_dir(&tmp) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(DIR_PREFIX) else {
            continue;
        };
        let pid = rest.split('-').next().unwrap_or("");
        if !pid.is_empty() && !Path::new("/proc").join(pid).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Polls `ready` until it holds, up to [`START_TIMEOUT`].
fn wait_until(what: &str, mut ready: impl FnMut() -> bool) -> Result<(), String> {
    let deadline = Instant::now() + START_TIMEOUT;
    while Instant::now() < deadline {
        if ready() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(format!("{what} did not become ready in {START_TIMEOUT:?}"))
}

fn free_port() -> Result<u16, String> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(l.local_addr().map_err(|e| e.to_string())?.port())
}

/// PostgreSQL's binaries, installed from the distribution's packages when missing.
fn postgres_bin_dir() -> Result<PathBuf, String> {
    fn find() -> Option<PathBuf> {
        let mut dirs: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
            .filter(|d| d.join("postgres").exists() && d.join("initdb").exists())
            .collect();
        dirs.sort();
        dirs.pop()
    }
    if let Some(d) = find() {
        return Ok(d);
    }
    static INSTALL: Mutex<()> = Mutex::new(());
    let _guard = INSTALL.lock().map_err(|e| e.to_string())?;
    if let Some(d) = find() {
        return Ok(d);
    }
    let status = Command::new("apt-get")
        .args(["install", "-y", "postgresql"])
        .env("DEBIAN_FRONTEND", "noninteractive")
        .stdout(Stdio::null())
        .status()
        .map_err(|e| format!("apt-get: {e}"))?;
    if !status.success() {
        return Err("apt-get install -y postgresql failed".into());
    }
    find().ok_or_else(|| "PostgreSQL is installed but its binaries were not found".into())
}

/// The Miniflux binary: `GRIOT_MINIFLUX_BIN`, or the cached build, built when missing.
pub fn miniflux_binary() -> Result<PathBuf, String> {
    if let Some(p) = std::env::var_os("GRIOT_MINIFLUX_BIN") {
        return Ok(PathBuf::from(p));
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let bin_dir = target.join("test-tools/bin");
    let bin = bin_dir.join("miniflux.app");
    if bin.exists() {
        return Ok(bin);
    }
    static BUILD: Mutex<()> = Mutex::new(());
    let _guard = BUILD.lock().map_err(|e| e.to_string())?;
    if bin.exists() {
        return Ok(bin);
    }
    let status = Command::new("go")
        .args(["install", &format!("miniflux.app/v2@{MINIFLUX_VERSION}")])
        .env("GOBIN", &bin_dir)
        .status()
        .map_err(|e| format!("go install (is Go installed?): {e}"))?;
    if !status.success() || !bin.exists() {
        return Err(format!(
            "go install miniflux.app/v2@{MINIFLUX_VERSION} failed"
        ));
    }
    Ok(bin)
}
