//! The Docker runtime source against the real engine: `llm-config-server`
//! in an image made from the host's own files (no registry needed), run on
//! the host network, and every scenario asserted on what the source reports.
//!
//! Without a reachable engine each test is skipped with its reason, or
//! fails when `CI` or `LLMCFG_REQUIRE_SERVICES` is set.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use diagnosis::evidence::{RuntimeKind, RuntimeSnapshot};
use llmcfg_doctor::sources::docker::{self, DockerTarget};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::support::{RedisServer, free_port, skip};

/// Where the binary sits in the image.
const IMAGE_ENTRYPOINT: &str = "/llm-config-server";
const MEMORY_LIMIT_BYTES: u64 = 256 * 1024 * 1024;

/// A name no other test run uses.
pub fn unique(prefix: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    format!("{prefix}-{}-{}-{nanos}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed))
}

pub fn docker_cli(args: &[&str]) -> Output {
    Command::new("docker")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run `docker {}`: {e}", args.join(" ")))
}

/// Runs the docker CLI and fails the test with its stderr unless it succeeds.
pub fn docker_ok(args: &[&str]) -> String {
    let output = docker_cli(args);
    assert!(
        output.status.success(),
        "`docker {}` failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// An image removed when dropped.
pub struct Image {
    pub tag: String,
}

impl Drop for Image {
    fn drop(&mut self) {
        let _ = docker_cli(&["rmi", "--force", &self.tag]);
    }
}

/// The shared libraries `ldd` lists for `binary`, the dynamic loader included.
fn linked_libraries(binary: &Path) -> Vec<PathBuf> {
    let output = Command::new("ldd").arg(binary).output().expect("run ldd");
    let listing = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "ldd {} failed: {listing}", binary.display());
    listing
        .lines()
        .filter_map(|line| {
            assert!(!line.contains("not found"), "ldd cannot resolve a library: {line}");
            let path = match line.split_once("=>") {
                Some((_, target)) => target.split_whitespace().next()?,
                None => line.split_whitespace().next()?,
            };
            path.starts_with('/').then(|| PathBuf::from(path))
        })
        .collect()
}

/// Imports an image whose root filesystem is `binary` at `entrypoint`
/// plus every library it links, at the paths the loader looks in, and an
/// empty `/data`.
pub fn build_image(binary: &Path, entrypoint: &str) -> Image {
    let root = tempfile::tempdir().expect("temporary directory");
    let rootfs = root.path().join("rootfs");
    let mut files = vec![(binary.to_path_buf(), rootfs.join(entrypoint.trim_start_matches('/')))];
    for library in linked_libraries(binary) {
        let inside = rootfs.join(library.strip_prefix("/").expect("absolute library path"));
        files.push((library, inside));
    }
    for (from, to) in &files {
        std::fs::create_dir_all(to.parent().expect("a file has a parent"))
            .expect("create image dirs");
        // `copy` follows symlinks, so the loader finds real files.
        std::fs::copy(from, to)
            .unwrap_or_else(|e| panic!("copy {} into the image: {e}", from.display()));
    }
    std::fs::create_dir_all(rootfs.join("data")).expect("create /data");
    let tarball = root.path().join("rootfs.tar");
    let tar = Command::new("tar")
        .arg("-C")
        .arg(&rootfs)
        .arg("-cf")
        .arg(&tarball)
        .arg(".")
        .status()
        .expect("run tar");
    assert!(tar.success(), "tar of the image root failed");
    let image = Image { tag: format!("{}:latest", unique("llmcfg-doctor-test")) };
    let entrypoint = format!(r#"ENTRYPOINT ["{entrypoint}"]"#);
    let tarball = tarball.to_str().expect("UTF-8 temporary path");
    docker_ok(&["import", "--change", &entrypoint, tarball, &image.tag]);
    image
}

/// One image for every test running at the same time; the last one to
/// finish removes it.
fn shared_image(binary: &Path) -> Arc<Image> {
    static SHARED: Mutex<Weak<Image>> = Mutex::new(Weak::new());
    let mut shared = SHARED.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(image) = shared.upgrade() {
        return image;
    }
    let image = Arc::new(build_image(binary, IMAGE_ENTRYPOINT));
    *shared = Arc::downgrade(&image);
    image
}

/// The image, or `None` (skipped) when there is no engine or no binary.
pub async fn setup(test: &str) -> Option<Arc<Image>> {
    let cli = Command::new("docker").arg("--version").output();
    if !cli.as_ref().is_ok_and(|output| output.status.success()) {
        return skip(test, "the docker CLI is not installed");
    }
    if let Err(error) = docker::locate(&target(&unique("llmcfg-doctor-probe"), 0)).await {
        return skip(test, &format!("no Docker engine: {error}"));
    }
    let binary = crate::support::server_binary();
    Some(shared_image(binary))
}

fn target(container: &str, sample_ms: u64) -> DockerTarget {
    DockerTarget {
        container: container.to_owned(),
        sample: Duration::from_millis(sample_ms),
        log_window: Duration::from_secs(300),
        state_dir: None,
    }
}

async fn snapshot(target: &DockerTarget) -> RuntimeSnapshot {
    docker::snapshot(target)
        .await
        .unwrap_or_else(|e| panic!("snapshot of {}: {e}", target.container))
}

/// A container of the server image on the host network, removed when dropped.
struct Container {
    name: String,
    api: SocketAddr,
    metrics: SocketAddr,
    /// Keeps the image until the container is gone.
    _image: Arc<Image>,
}

impl Container {
    /// Runs the server with a 256 MiB limit, restarted on failure, with
    /// `env` on top of its addresses and `labels`, and waits until `/health`
    /// answers.
    async fn start(
        image: &Arc<Image>,
        test: &str,
        env: &[(&str, &str)],
        labels: &[(&str, &str)],
    ) -> Container {
        let api = SocketAddr::from(([127, 0, 0, 1], free_port()));
        let metrics = SocketAddr::from(([127, 0, 0, 1], free_port()));
        let container = Container {
            name: unique(&format!("llmcfg-{test}")),
            api,
            metrics,
            _image: Arc::clone(image),
        };
        let mut args: Vec<String> = [
            "run",
            "--detach",
            "--name",
            &container.name,
            "--network",
            "host",
            "--memory",
            "256m",
            "--restart",
            "on-failure",
            "--tmpfs",
            "/data",
        ]
        .map(str::to_owned)
        .to_vec();
        let settings = [
            ("API_ADDR", api.to_string().as_str()),
            ("METRICS_ADDR", metrics.to_string().as_str()),
            ("LLMCFG_DATA_DIR", "/data"),
        ]
        .map(|(k, v)| format!("{k}={v}"));
        for setting in settings.into_iter().chain(env.iter().map(|(k, v)| format!("{k}={v}"))) {
            args.extend(["--env".to_owned(), setting]);
        }
        for (key, value) in labels {
            args.extend(["--label".to_owned(), format!("{key}={value}")]);
        }
        args.push(image.tag.clone());
        docker_ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
        container.wait_for_health(Duration::from_secs(20), |_| true).await;
        container.wait_for_startup_line(Duration::from_secs(10)).await;
        container
    }

    /// Waits until `docker logs` shows the server's "listening" line: the
    /// server writes its log in batches and the engine stores them after,
    /// so a healthy answer can come before the line is readable.
    async fn wait_for_startup_line(&self, within: Duration) {
        let deadline = Instant::now() + within;
        while !self.logs().contains("\"listening\"") {
            assert!(
                Instant::now() < deadline,
                "{}: no \"listening\" line in the logs:\n{}",
                self.name,
                self.logs()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Polls `/health` until its `status` passes `accept`.
    async fn wait_for_health(&self, within: Duration, accept: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + within;
        loop {
            if let Some((_, body)) = http_get(self.api, "/health").await
                && let Ok(health) = serde_json::from_str::<serde_json::Value>(&body)
                && let Some(status) = health["status"].as_str()
                && accept(status)
            {
                return;
            }
            if Instant::now() > deadline {
                panic!(
                    "{}: /health did not reach the expected status; logs:\n{}",
                    self.name,
                    self.logs()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    fn logs(&self) -> String {
        let output = docker_cli(&["logs", &self.name]);
        format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    }
}

impl Drop for Container {
    fn drop(&mut self) {
        let _ = docker_cli(&["rm", "--force", "--volumes", &self.name]);
    }
}

/// One `GET` with `Connection: close`: the status and body, or `None` when
/// nothing answered within 2 s.
async fn http_get(addr: SocketAddr, path: &str) -> Option<(u16, String)> {
    let exchange = async {
        let mut stream = TcpStream::connect(addr).await.ok()?;
        let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).await.ok()?;
        let mut response = Vec::new();
        stream.read_to_end(&mut response).await.ok()?;
        let response = String::from_utf8_lossy(&response);
        let (head, body) = response.split_once("\r\n\r\n")?;
        let status = head.split_whitespace().nth(1)?.parse().ok()?;
        Some((status, body.to_owned()))
    };
    tokio::time::timeout(Duration::from_secs(2), exchange).await.ok().flatten()
}

/// Reads one response with a `Content-Length` off a keep-alive connection.
async fn read_response(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<()> {
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let read = stream.read(&mut chunk).await.ok().filter(|n| *n > 0)?;
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).to_ascii_lowercase();
    let length: usize =
        head.lines().find_map(|l| l.strip_prefix("content-length:"))?.trim().parse().ok()?;
    while buffer.len() < head_end + length {
        let read = stream.read(&mut chunk).await.ok().filter(|n| *n > 0)?;
        buffer.extend_from_slice(&chunk[..read]);
    }
    buffer.drain(..head_end + length);
    Some(())
}

/// Sends keep-alive `GET`s of `path` until `until` (at most `max` of them);
/// returns how many were answered.
async fn hammer(addr: SocketAddr, path: &'static str, until: Instant, max: u64) -> u64 {
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n");
    let mut answered = 0;
    while Instant::now() < until && answered < max {
        let Ok(Ok(mut stream)) =
            tokio::time::timeout(Duration::from_secs(1), TcpStream::connect(addr)).await
        else {
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        let mut buffer = Vec::new();
        while Instant::now() < until && answered < max {
            if stream.write_all(request.as_bytes()).await.is_err() {
                break;
            }
            match tokio::time::timeout(
                Duration::from_secs(2),
                read_response(&mut stream, &mut buffer),
            )
            .await
            {
                Ok(Some(())) => answered += 1,
                _ => break,
            }
        }
    }
    answered
}

#[tokio::test]
async fn running_container_is_measured() {
    let test = "running_container_is_measured";
    let Some(image) = setup(test).await else { return };
    let service = unique("llmcfg-service");
    let labels = [("com.docker.compose.service", service.as_str())];
    let server = Container::start(&image, "running", &[], &labels).await;

    let id = docker::locate(&target(&server.name, 0)).await.expect("engine answers");
    let id = id.expect("the container is found by name");
    let by_service = docker::locate(&target(&service, 0)).await.expect("engine answers");
    assert_eq!(by_service.as_ref(), Some(&id), "found by its compose service label");
    let missing =
        docker::locate(&target(&unique("llmcfg-missing"), 0)).await.expect("engine answers");
    assert_eq!(missing, None);

    let started = Instant::now();
    let running = snapshot(&target(&server.name, 1000)).await;
    let took = started.elapsed();
    eprintln!("{test}: snapshot with a 1 s sample took {took:?}");
    assert!(took < Duration::from_secs(3), "snapshot took {took:?}");
    assert_eq!(
        (running.kind, running.name.as_str(), running.state.as_str()),
        (RuntimeKind::Docker, server.name.as_str(), "running")
    );
    assert!(id.starts_with(&running.id) && running.id.len() == 12, "{} vs {id}", running.id);
    assert_eq!(
        (running.health.as_deref(), running.restarts, running.oom_killed),
        (None, Some(0), Some(false))
    );
    let cpu = running.cpu.expect("CPU of a running container");
    assert!((0.0..=100.0).contains(&cpu.percent_of_available), "{cpu:?}");
    assert!(cpu.cores_available > 0.0 && (0.9..2.0).contains(&cpu.window_seconds), "{cpu:?}");
    let memory = running.memory.expect("memory of a running container");
    assert_eq!(
        (memory.limit_bytes, memory.limit_source.as_str()),
        (MEMORY_LIMIT_BYTES, "container limit")
    );
    assert!(memory.used_bytes > 0 && memory.used_bytes < memory.limit_bytes, "{memory:?}");
    let process = running.process.expect("process of a running container");
    assert!(process.pid > 0 && process.threads.is_some_and(|t| t > 1), "{process:?}");
    let logs = running.logs.expect("logs collected").expect("logs read");
    assert_eq!(
        (logs.source.as_str(), logs.window_seconds),
        (format!("docker logs {}", server.name).as_str(), 300)
    );
    assert!(logs.lines >= 1 && logs.errors == 0, "{logs:?}");

    docker_ok(&["stop", "--time", "10", &server.name]);
    let stopped = snapshot(&target(&server.name, 1000)).await;
    assert_eq!(stopped.state, "exited");
    assert_eq!((stopped.cpu, stopped.memory, stopped.process), (None, None, None));
    assert!(stopped.logs.expect("logs collected").expect("logs read").lines >= 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cpu_under_load_is_measured() {
    let test = "cpu_under_load_is_measured";
    let Some(image) = setup(test).await else { return };
    let server = Container::start(&image, "load", &[], &[]).await;

    let until = Instant::now() + Duration::from_secs(3);
    let load: Vec<_> = (0..4)
        .map(|_| tokio::spawn(hammer(server.api, "/api/v1/configs/a/b", until, 100_000)))
        .collect();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let loaded = snapshot(&target(&server.name, 2000)).await;
    let mut answered = 0;
    for task in load {
        answered += task.await.expect("load task");
    }
    let cpu = loaded.cpu.expect("CPU of a running container");
    eprintln!("{test}: {answered} requests answered, {cpu:?}");
    assert!(answered > 0, "the server answered no request");
    assert!(cpu.percent_of_available > 1.0 && cpu.percent_of_available <= 100.0, "{cpu:?}");
    assert!((1.9..3.0).contains(&cpu.window_seconds), "{cpu:?}");
}

/// A snapshot soon after another measures CPU from the other's reading of
/// the container's cgroup, over the time between them; after a restart of
/// the container (a counter begun again) it samples its own window.
#[tokio::test]
async fn cpu_is_measured_from_the_previous_reading_of_the_same_run() {
    let test = "cpu_is_measured_from_the_previous_reading_of_the_same_run";
    let Some(image) = setup(test).await else { return };
    let server = Container::start(&image, "kept-cpu", &[], &[]).await;
    let state = tempfile::tempdir().unwrap();
    let kept =
        || DockerTarget { state_dir: Some(state.path().to_owned()), ..target(&server.name, 1000) };
    let window = |snapshot: &RuntimeSnapshot| snapshot.cpu.as_ref().expect("CPU").window_seconds;
    let first = window(&snapshot(&kept()).await);
    assert!((1.0..2.0).contains(&first), "its own window first: {first}");
    tokio::time::sleep(Duration::from_secs(3)).await;
    let carried = window(&snapshot(&kept()).await);
    assert!((3.0..10.0).contains(&carried), "since the first snapshot: {carried}");

    docker_ok(&["restart", "--time", "1", &server.name]);
    server.wait_for_health(Duration::from_secs(20), |_| true).await;
    let restarted = window(&snapshot(&kept()).await);
    assert!((1.0..2.0).contains(&restarted), "a new run of the container: {restarted}");
}

#[tokio::test]
async fn restart_is_counted() {
    let test = "restart_is_counted";
    let Some(image) = setup(test).await else { return };
    let server = Container::start(&image, "restart", &[], &[]).await;

    let before = snapshot(&target(&server.name, 100)).await;
    let pid = before.process.expect("process of a running container").pid;
    let killed = Command::new("kill").args(["-9", &pid.to_string()]).status().expect("run kill");
    assert!(killed.success(), "kill -9 {pid}");

    let deadline = Instant::now() + Duration::from_secs(20);
    let after = loop {
        let now = snapshot(&target(&server.name, 100)).await;
        if now.state == "running" && now.process.as_ref().is_some_and(|p| p.pid != pid) {
            break now;
        }
        assert!(Instant::now() < deadline, "not running again after kill -9: {now:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(after.restarts.is_some_and(|r| r >= 1), "{after:?}");
    assert_eq!(after.oom_killed, Some(false));
    server.wait_for_health(Duration::from_secs(20), |_| true).await;
    let logs = after.logs.expect("logs collected").expect("logs read");
    assert!(logs.lines >= 2, "both runs' lines are in the container's log: {logs:?}");
}

#[tokio::test]
async fn error_lines_are_counted() {
    let test = "error_lines_are_counted";
    let Some(image) = setup(test).await else { return };
    let Some(mut redis) = RedisServer::start(test) else { return };
    let redis_url = format!("redis://127.0.0.1:{}", redis.port);
    let server = Container::start(&image, "errors", &[("REDIS_URL", &redis_url)], &[]).await;
    server.wait_for_health(Duration::from_secs(20), |status| status == "healthy").await;

    redis.kill();
    server.wait_for_health(Duration::from_secs(20), |status| status == "degraded").await;

    let deadline = Instant::now() + Duration::from_secs(10);
    let logs = loop {
        let logs = snapshot(&target(&server.name, 100))
            .await
            .logs
            .expect("logs collected")
            .expect("logs read");
        if logs.errors >= 1 {
            break logs;
        }
        assert!(Instant::now() < deadline, "no ERROR line counted: {logs:?}\n{}", server.logs());
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(
        logs.recent_errors.iter().any(
            |line| line.contains("L2 cache marked down") && line.contains(r#""level":"ERROR""#)
        ),
        "{logs:?}"
    );
}

#[tokio::test]
async fn quick_finds_and_reads_a_container() {
    let test = "quick_finds_and_reads_a_container";
    let Some(image) = setup(test).await else { return };
    let server = Container::start(&image, "quick", &[], &[]).await;
    for _ in 0..20 {
        http_get(server.api, "/api/v1/configs/a/b").await;
    }
    let mut command = crate::doctor_quick::doctor();
    command
        .args(["quick", "--format", "json", "--runtime", "auto", "--container", &server.name])
        .arg("--api-url")
        .arg(format!("http://{}", server.api))
        .arg("--metrics-url")
        .arg(format!("http://{}/metrics", server.metrics));
    let output = tokio::task::spawn_blocking(move || command.output().unwrap()).await.unwrap();
    let report = crate::schemas::doctor_output(&output);
    let finding = |code: &str| {
        report["findings"].as_array().unwrap().iter().find(|f| f["code"] == code).unwrap().clone()
    };
    for code in ["quick.cpu", "quick.memory"] {
        let found = finding(code);
        assert_eq!(found["status"], "OK", "{found}");
        assert_eq!(found["evidence"], format!("docker {}", server.name), "{found}");
    }
    assert!(
        finding("quick.memory")["summary"]
            .as_str()
            .unwrap()
            .contains("of 256 MiB (container limit)")
    );
    assert!(finding("quick.recent-errors")["summary"].as_str().unwrap().contains("docker logs"));
}

/// A container of a Compose service on the default bridge network, at
/// its own address on the runbook's ports, removed when dropped.
struct BridgedReplica {
    name: String,
    address: String,
}

impl BridgedReplica {
    async fn start(image: &Arc<Image>, service: &str, env: &[&str]) -> BridgedReplica {
        let name = unique("llmcfg-fleet");
        let mut args = vec!["run", "--detach", "--name", &name, "--tmpfs", "/data"];
        let label = format!("com.docker.compose.service={service}");
        args.extend(["--label", &label]);
        let settings = [
            "API_ADDR=0.0.0.0:8080",
            "METRICS_ADDR=0.0.0.0:9090",
            "LLMCFG_DATA_DIR=/data",
            // A non-loopback API address needs a token for writes.
            "LLMCFG_API_TOKEN=fleet-test",
        ];
        for setting in settings.iter().chain(env) {
            args.extend(["--env", setting]);
        }
        args.push(&image.tag);
        docker_ok(&args);
        let address = docker_ok(&[
            "inspect",
            "--format",
            "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}",
            &name,
        ])
        .trim()
        .to_owned();
        let replica = BridgedReplica { name, address };
        let api: SocketAddr = format!("{}:8080", replica.address).parse().unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        while http_get(api, "/health").await.is_none_or(|(status, _)| status != 200) {
            assert!(Instant::now() < deadline, "{} did not answer at {api}", replica.name);
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        replica
    }
}

impl Drop for BridgedReplica {
    fn drop(&mut self) {
        let _ = docker_cli(&["rm", "--force", "--volumes", &self.name]);
    }
}

/// `fleet --runtime docker --container SERVICE` finds every container of
/// the Compose service through the engine and diagnoses each at its own
/// address; the one started with other settings is named.
#[tokio::test]
async fn fleet_finds_the_containers_of_a_compose_service() {
    let test = "fleet_finds_the_containers_of_a_compose_service";
    let Some(image) = setup(test).await else { return };
    let service = unique("llmcfg-fleet-service");
    let mut replicas = Vec::new();
    for env in [&[][..], &[][..], &["CACHE_L1_SIZE=50"][..]] {
        replicas.push(BridgedReplica::start(&image, &service, env).await);
    }
    let mut command = crate::doctor_quick::doctor();
    command
        .args(["fleet", "--format", "json", "--runtime", "docker", "--container", &service])
        .args([
            "--api-url",
            "http://127.0.0.1:8080",
            "--metrics-url",
            "http://127.0.0.1:9090/metrics",
        ])
        .args(["--prometheus-url", "http://127.0.0.1:9/"]);
    let output = tokio::task::spawn_blocking(move || command.output().unwrap()).await.unwrap();
    let report = crate::schemas::doctor_output(&output);
    let findings = report["findings"].as_array().unwrap();
    let mut rows: Vec<(&str, &str)> = findings
        .iter()
        .filter(|f| f["code"] == "fleet.replica")
        .map(|f| (f["replica"].as_str().unwrap(), f["evidence"].as_str().unwrap()))
        .collect();
    rows.sort();
    let mut expected: Vec<(String, String)> =
        replicas.iter().map(|r| (r.name.clone(), format!("http://{}:8080/", r.address))).collect();
    expected.sort();
    let expected: Vec<(&str, &str)> =
        expected.iter().map(|(name, url)| (name.as_str(), url.as_str())).collect();
    assert_eq!(rows, expected, "{report:#}");
    let find = |code: &str| findings.iter().find(|f| f["code"] == code).unwrap();
    assert_eq!(find("fleet.replicas")["status"], "OK", "{report:#}");
    let settings = find("fleet.settings");
    assert_eq!(settings["status"], "WARNING", "{settings}");
    let summary = settings["summary"].as_str().unwrap();
    assert!(summary.contains("CACHE_L1_SIZE: 10000 on"), "{summary}");
    assert!(summary.contains(&format!("50 on {}", replicas[2].name)), "{summary}");
}
