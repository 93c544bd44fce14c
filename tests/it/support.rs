//! Test harness helpers: spawn the real server binary and private service
//! instances, and find the shared ones `scripts/test` started.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

/// Reports a skipped test on the real stderr, which the test harness does
/// not capture, so plain `cargo test` shows what it did not run.
pub fn report_skip(test: &str, reason: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "skipped {test}: {reason}");
}

/// True when a missing service must fail the test instead of skipping it.
fn services_required() -> bool {
    std::env::var_os("CI").is_some() || std::env::var_os("LLMCFG_REQUIRE_SERVICES").is_some()
}

/// `None` after reporting the skip, or a failure when services are required.
pub fn skip<T>(test: &str, reason: &str) -> Option<T> {
    assert!(!services_required(), "{test}: {reason}; run scripts/test, which provides it");
    report_skip(test, reason);
    None
}

/// The URL of a shared service from `var`, or `None` (test skipped) when it
/// is not configured and services are not required.
pub fn service_url(var: &str, test: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(url) if !url.is_empty() => Some(url),
        _ => skip(test, &format!("{var} is not set (scripts/test sets it)")),
    }
}

/// A path to a service binary, or `None` (skipped) as for [`service_url`].
pub fn service_binary(name: &str, test: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file());
    match found {
        Some(path) => Some(path),
        None => skip(test, &format!("{name} is not on PATH")),
    }
}

/// A free loopback port (bound then released).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Polls `condition` every 50 ms until it holds or `within` passes.
pub async fn eventually(within: Duration, what: &str, mut condition: impl AsyncFnMut() -> bool) {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if condition().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{what} did not happen within {within:?}");
}

/// The `llm-config-server` binary of this build.
///
/// It belongs to another package of the workspace, and Cargo names only
/// this package's binaries to its tests (`CARGO_BIN_EXE_*`), so it is
/// looked for beside the doctor's, in the same target directory and
/// profile, where `cargo build --workspace` (scripts/test) puts it. A
/// binary missing, or older than a source file of the server or of the
/// crates it is built from, fails the test saying how to build it: a stale
/// server would test yesterday's code.
pub fn server_binary() -> &'static Path {
    static BINARY: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BINARY.get_or_init(|| {
        let doctor = Path::new(env!("CARGO_BIN_EXE_llmcfg-doctor"));
        let server =
            doctor.with_file_name(format!("llm-config-server{}", std::env::consts::EXE_SUFFIX));
        let build = "build it with `cargo build --workspace --bins` (scripts/test does)";
        let built = std::fs::metadata(&server)
            .and_then(|meta| meta.modified())
            .unwrap_or_else(|_| panic!("{} is missing: {build}", server.display()));
        let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates");
        for source in ["server", "contract", "net"].map(|name| crates.join(name)) {
            if let Some(newer) = newest_file(&source).filter(|(modified, _)| *modified > built) {
                panic!("{} is older than {}: {build}", server.display(), newer.1.display());
            }
        }
        server
    })
}

/// The most recently modified file under `dir`, with its time.
fn newest_file(dir: &Path) -> Option<(std::time::SystemTime, PathBuf)> {
    let mut newest: Option<(std::time::SystemTime, PathBuf)> = None;
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let path = entry.path();
        let candidate = if path.is_dir() {
            newest_file(&path)
        } else {
            entry.metadata().and_then(|meta| meta.modified()).ok().map(|time| (time, path))
        };
        if let Some(candidate) = candidate.filter(|c| newest.as_ref().is_none_or(|n| c.0 > n.0)) {
            newest = Some(candidate);
        }
    }
    newest
}

/// A running `llm-config-server` on loopback ports chosen by the kernel.
pub struct Server {
    child: Child,
    pub api: SocketAddr,
    pub metrics: SocketAddr,
    logs: Arc<Mutex<Vec<String>>>,
    env: HashMap<String, String>,
}

impl Server {
    /// Starts the server with `env` (on top of ports 0 and a quiet log level).
    pub fn start(env: &[(&str, &str)]) -> Server {
        let env: HashMap<String, String> =
            env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Self::start_with(env)
    }

    fn start_with(env: HashMap<String, String>) -> Server {
        let mut command = Command::new(server_binary());
        command
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("API_ADDR", "127.0.0.1:0")
            .env("METRICS_ADDR", "127.0.0.1:0")
            .env("RUST_LOG", "info")
            .envs(&env)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("spawn llm-config-server");
        let logs = Arc::new(Mutex::new(Vec::new()));
        let (ready_tx, ready_rx) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        let sink = Arc::clone(&logs);
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line.contains("\"listening\"") {
                    let _ = ready_tx.send(line.clone());
                }
                sink.lock().unwrap().push(line);
            }
        });
        let stderr = child.stderr.take().unwrap();
        let errors = Arc::clone(&logs);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                errors.lock().unwrap().push(line);
            }
        });
        let line = match ready_rx.recv_timeout(Duration::from_secs(20)) {
            Ok(line) => line,
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("server did not start; its output:\n{}", logs.lock().unwrap().join("\n"));
            }
        };
        let event: serde_json::Value = serde_json::from_str(&line).expect("listening line is JSON");
        let addr = |field: &str| event[field].as_str().unwrap().parse().unwrap();
        Server { api: addr("api_addr"), metrics: addr("metrics_addr"), child, logs, env }
    }

    /// Starts a second server process with the same settings (new ports).
    pub fn restart_like(&self) -> Server {
        Self::start_with(self.env.clone())
    }

    /// Stops this server with `stop`, then starts one with the same settings.
    pub fn restart_like_after(self, stop: impl FnOnce(Server)) -> Server {
        let env = self.env.clone();
        stop(self);
        Self::start_with(env)
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.api)
    }

    pub fn config_url(&self, namespace: &str, key: &str) -> String {
        self.url(&format!("/api/v1/configs/{namespace}/{key}"))
    }

    /// The current exposition from `/metrics`.
    pub async fn metrics_text(&self) -> String {
        let url = format!("http://{}/metrics", self.metrics);
        client().get(url).send().await.unwrap().text().await.unwrap()
    }

    /// The value of one sample, e.g. `cache_hits_total{tier="l1"}`; 0 when absent.
    pub async fn sample(&self, series: &str) -> f64 {
        sample_value(&self.metrics_text().await, series)
    }

    /// Every output line so far.
    pub fn logs(&self) -> Vec<String> {
        self.logs.lock().unwrap().clone()
    }

    /// Sends SIGKILL: no chance to flush or clean up.
    pub fn kill9(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// Sends SIGTERM and waits for the exit status.
    pub fn terminate(self) -> std::process::ExitStatus {
        signal(self.child.id(), "TERM");
        self.terminate_wait()
    }

    /// Waits for the exit status of a server already told to stop.
    pub fn terminate_wait(mut self) -> std::process::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(40);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "server did not exit after SIGTERM");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends a signal by name with kill(1).
pub fn signal(pid: u32, name: &str) {
    let status =
        Command::new("kill").arg(format!("-{name}")).arg(pid.to_string()).status().unwrap();
    assert!(status.success(), "kill -{name} {pid}");
}

/// Finds `series` (name and exact label set) in an exposition.
pub fn sample_value(exposition: &str, series: &str) -> f64 {
    exposition
        .lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' ')?.trim().parse().ok())
        .unwrap_or(0.0)
}

/// An HTTP client with a timeout, as every test request must have.
pub fn client() -> reqwest::Client {
    net::install_crypto_provider();
    reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap()
}

/// A private Redis server the test may stop and start.
pub struct RedisServer {
    child: Option<Child>,
    binary: PathBuf,
    pub port: u16,
    dir: tempfile::TempDir,
    extra: Vec<String>,
}

impl RedisServer {
    pub fn start(test: &str) -> Option<RedisServer> {
        Self::start_with(test, &[])
    }

    /// Starts one with extra configuration, e.g. `["--maxmemory", "2mb"]`.
    pub fn start_with(test: &str, extra: &[&str]) -> Option<RedisServer> {
        Self::start_on(test, free_port(), extra.iter().map(|arg| arg.to_string()).collect())
    }

    /// Starts one that speaks only TLS on its port, with the given
    /// certificate, key and CA files (clients need no certificate).
    pub fn start_tls(
        test: &str,
        cert: &Path,
        key: &Path,
        ca: &Path,
        extra: &[&str],
    ) -> Option<RedisServer> {
        let port = free_port();
        let mut args: Vec<String> = vec!["--port".into(), "0".into(), "--tls-port".into()];
        args.push(port.to_string());
        for (flag, file) in
            [("--tls-cert-file", cert), ("--tls-key-file", key), ("--tls-ca-cert-file", ca)]
        {
            args.push(flag.into());
            args.push(path_str(file).into());
        }
        args.extend(["--tls-auth-clients".into(), "no".into()]);
        args.extend(extra.iter().map(|arg| arg.to_string()));
        Self::start_on(test, port, args)
    }

    fn start_on(test: &str, port: u16, extra: Vec<String>) -> Option<RedisServer> {
        let binary = service_binary("redis-server", test)?;
        let mut redis =
            RedisServer { child: None, binary, port, dir: tempfile::tempdir().unwrap(), extra };
        redis.launch();
        Some(redis)
    }

    fn launch(&mut self) {
        let child = Command::new(&self.binary)
            .args([
                "--bind",
                "127.0.0.1",
                "--port",
                &self.port.to_string(),
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .arg("--dir")
            .arg(self.dir.path())
            .args(&self.extra)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn redis-server");
        self.child = Some(child);
        wait_for_port(self.port);
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    pub fn pid(&self) -> u32 {
        self.child.as_ref().expect("redis is running").id()
    }

    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().unwrap();
            child.wait().unwrap();
        }
    }

    pub fn restart(&mut self) {
        self.kill();
        self.launch();
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.kill();
    }
}

fn wait_for_port(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "nothing listens on port {port}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A fresh database on the shared PostgreSQL, dropped at the end.
pub struct TestDatabase {
    admin_url: String,
    pub name: String,
    pub url: String,
}

impl TestDatabase {
    pub async fn create(test: &str) -> Option<TestDatabase> {
        let admin_url = service_url("LLMCFG_TEST_DATABASE_URL", test)?;
        let name = format!(
            "llmcfg_{}_{}",
            test.replace(|c: char| !c.is_ascii_alphanumeric(), "_"),
            std::process::id()
        );
        let admin = connect(&admin_url).await;
        admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await.unwrap();
        admin.batch_execute(&format!("CREATE DATABASE {name}")).await.unwrap();
        let mut url = url::Url::parse(&admin_url).unwrap();
        url.set_path(&name);
        Some(TestDatabase { admin_url, name, url: url.to_string() })
    }

    /// A session on the administrative database.
    pub async fn admin(&self) -> tokio_postgres::Client {
        connect(&self.admin_url).await
    }

    /// A session on the test database.
    pub async fn session(&self) -> tokio_postgres::Client {
        connect(&self.url).await
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let (admin_url, name) = (self.admin_url.clone(), self.name.clone());
        // Drop runs inside the test's runtime; do the cleanup on a thread of its own.
        let _ = std::thread::spawn(move || {
            let runtime =
                tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            runtime.block_on(async {
                let admin = connect(&admin_url).await;
                let _ = admin
                    .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .await;
            });
        })
        .join();
    }
}

pub async fn connect(url: &str) -> tokio_postgres::Client {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .unwrap_or_else(|e| panic!("cannot connect to PostgreSQL: {e}"));
    tokio::spawn(connection);
    client
}

/// A temporary data directory for the embedded backend.
pub fn data_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

pub fn path_str(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// A private Prometheus (the distribution's binary) that scrapes the given
/// metrics listeners every second, with its TSDB in a temporary directory.
pub struct PrometheusServer {
    child: Child,
    pub port: u16,
    dir: tempfile::TempDir,
}

impl PrometheusServer {
    /// Starts Prometheus with one scrape job, `llm-config-manager`, over
    /// `targets`; `None` (skipped) when `prometheus` is not on PATH.
    pub fn start(test: &str, targets: &[SocketAddr]) -> Option<PrometheusServer> {
        let binary = service_binary("prometheus", test)?;
        let dir = tempfile::tempdir().unwrap();
        let targets: Vec<String> = targets.iter().map(|t| format!("\"{t}\"")).collect();
        let config = format!(
            "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n\
             scrape_configs:\n  - job_name: llm-config-manager\n    \
             static_configs:\n      - targets: [{}]\n",
            targets.join(", ")
        );
        std::fs::write(dir.path().join("prometheus.yml"), config).unwrap();
        Some(PrometheusServer::spawn(&binary, dir, &[]))
    }

    /// Prometheus on `dir`'s `prometheus.yml` and `data`, on a free port.
    fn spawn(binary: &Path, dir: tempfile::TempDir, extra: &[&str]) -> PrometheusServer {
        let log = std::fs::File::create(dir.path().join("prometheus.log")).unwrap();
        let port = free_port();
        let child = Command::new(binary)
            .arg(format!("--config.file={}", dir.path().join("prometheus.yml").display()))
            .arg(format!("--storage.tsdb.path={}", dir.path().join("data").display()))
            .arg(format!("--web.listen-address=127.0.0.1:{port}"))
            .arg("--log.level=warn")
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("spawn prometheus");
        PrometheusServer { child, port, dir }
    }

    /// Starts Prometheus on a TSDB backfilled from `openmetrics` (an
    /// OpenMetrics text ending in `# EOF`) with `promtool tsdb
    /// create-blocks-from openmetrics`, scraping nothing: its past is the
    /// series the test wrote. `None` (skipped) without `prometheus` and
    /// `promtool` on PATH.
    pub fn with_history(test: &str, openmetrics: &str) -> Option<PrometheusServer> {
        let binary = service_binary("prometheus", test)?;
        let promtool = service_binary("promtool", test)?;
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("history.om");
        std::fs::write(&input, openmetrics).unwrap();
        let data = dir.path().join("data");
        let backfill = Command::new(promtool)
            .args(["tsdb", "create-blocks-from", "openmetrics"])
            .arg(&input)
            .arg(&data)
            .output()
            .expect("run promtool");
        assert!(backfill.status.success(), "promtool could not backfill: {backfill:?}");
        std::fs::write(dir.path().join("prometheus.yml"), "global:\n  scrape_interval: 15s\n")
            .unwrap();
        Some(PrometheusServer::spawn(&binary, dir, &["--storage.tsdb.retention.time=30d"]))
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Waits until Prometheus reports itself ready to serve queries.
    pub async fn ready(&self) {
        let http = client();
        let ready = format!("{}/-/ready", self.url());
        let within = Duration::from_secs(30);
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if http.get(&ready).send().await.is_ok_and(|r| r.status().is_success()) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("Prometheus was not ready within {within:?}; its log:\n{}", self.log());
    }

    /// What Prometheus wrote to stderr so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("prometheus.log")).unwrap_or_default()
    }
}

impl Drop for PrometheusServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// How many findings `quick` gives: one per check of its section.
pub fn quick_checks() -> usize {
    diagnosis::checks::of_section(diagnosis::checks::Section::Quick).count()
}

/// The finding with `code` in a JSON report.
pub fn finding<'a>(report: &'a serde_json::Value, code: &str) -> &'a serde_json::Value {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == code)
        .unwrap_or_else(|| panic!("{code} missing from the {} report", report["command"]))
}

/// A server on embedded storage with ten keys written and read three times
/// each, then read on in the background (every 5 ms, for a minute at most,
/// until the test ends or the server stops answering), so that the
/// doctor's sampling window sees enough reads to judge; the directory lives
/// as long as it.
pub async fn server_with_reads() -> (Server, tempfile::TempDir) {
    let data = data_dir();
    let server = Server::start(&[("LLMCFG_DATA_DIR", path_str(data.path()))]);
    write_keys(&server, 10).await;
    let http = client();
    for n in (0..10).cycle().take(30) {
        http.get(server.config_url("app", &format!("key-{n}"))).send().await.unwrap();
    }
    let urls: Vec<String> =
        (0..10).map(|n| server.config_url("app", &format!("key-{n}"))).collect();
    tokio::spawn(async move {
        let until = Instant::now() + Duration::from_secs(60);
        for url in urls.iter().cycle() {
            if Instant::now() > until || http.get(url).send().await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    });
    (server, data)
}

/// Writes `app/key-0` .. `app/key-{count - 1}`.
pub async fn write_keys(server: &Server, count: usize) {
    let http = client();
    for n in 0..count {
        http.put(server.config_url("app", &format!("key-{n}")))
            .json(&serde_json::json!({"value": {"n": n}}))
            .send()
            .await
            .unwrap()
            .error_for_status()
            .unwrap();
    }
}

/// A TCP proxy on loopback to `target` that a test can freeze: frozen, it
/// forwards nothing either way, as a network path that drops every packet
/// would (the connections stay open and silent); thawed, it forwards
/// again. Runs on the test's runtime.
pub struct FreezableProxy {
    pub port: u16,
    frozen: tokio::sync::watch::Sender<bool>,
}

impl FreezableProxy {
    pub async fn start(target: SocketAddr) -> FreezableProxy {
        Self::start_on(std::net::Ipv4Addr::LOCALHOST.into(), target).await
    }

    /// One listening on `bind`, e.g. the Docker bridge's gateway, where
    /// containers reach the host.
    pub async fn start_on(bind: std::net::IpAddr, target: SocketAddr) -> FreezableProxy {
        let listener = tokio::net::TcpListener::bind((bind, 0)).await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let (frozen, watch) = tokio::sync::watch::channel(false);
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let Ok(upstream) = tokio::net::TcpStream::connect(target).await else { continue };
                let (client_read, client_write) = client.into_split();
                let (upstream_read, upstream_write) = upstream.into_split();
                tokio::spawn(pump(client_read, upstream_write, watch.clone()));
                tokio::spawn(pump(upstream_read, client_write, watch.clone()));
            }
        });
        FreezableProxy { port, frozen }
    }

    pub fn freeze(&self) {
        self.frozen.send_replace(true);
    }

    pub fn thaw(&self) {
        self.frozen.send_replace(false);
    }
}

/// Copies `from` to `to`, holding every chunk while the proxy is frozen.
async fn pump(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    mut frozen: tokio::sync::watch::Receiver<bool>,
) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut buffer = vec![0; 16 * 1024];
    loop {
        if frozen.wait_for(|frozen| !frozen).await.is_err() {
            return;
        }
        let read = match from.read(&mut buffer).await {
            Ok(0) | Err(_) => return,
            Ok(read) => read,
        };
        if frozen.wait_for(|frozen| !frozen).await.is_err()
            || to.write_all(&buffer[..read]).await.is_err()
        {
            return;
        }
    }
}
