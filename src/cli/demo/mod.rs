//! `llmcfg-doctor demo`: start the bundled server on free loopback ports
//! with embedded storage in a temporary directory, drive a short mixed
//! workload at it, diagnose it with `quick`, and clean up. With `--fault
//! NAME` it first induces a real fault ([`fault`]) and diagnoses it with
//! the section that shows it, naming the cause it expected and the one
//! the doctor ranked first.
//!
//! The server is `llm-config-server` from beside this executable, run as
//! a child process, so the doctor inspects a real process and its own
//! binary carries no server. It is stopped with SIGTERM, as an operator
//! would, and the kernel sends it SIGTERM too if the doctor dies first
//! (`PR_SET_PDEATHSIG`), so it cannot outlive a killed doctor.

use std::process::{ExitCode, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use clap::{Args, ValueEnum};
use serde_json::json;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use url::Url;

use self::fault::{FaultName, Mix, Scenario};
use super::Outcome;
use crate::plan::{Plan, RuntimeChoice};
use diagnosis::checks;

mod fault;

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How long to drive traffic before the diagnosis
    #[arg(long, default_value = "2s", value_parser = super::duration_value, value_name = "DURATION")]
    pub workload: Duration,
    /// Induce a real fault and diagnose it; `--fault list` names them
    #[arg(long, value_enum, value_name = "NAME")]
    pub fault: Option<FaultName>,
}

impl DemoArgs {
    /// Whether the command only lists the faults.
    pub fn lists_faults(&self) -> bool {
        self.fault == Some(FaultName::List)
    }
}

/// `demo --fault list`.
pub fn list_faults() -> ExitCode {
    print!("{}", fault::list());
    ExitCode::SUCCESS
}

/// Where the workload's requests come from when it needs an address of
/// its own, apart from the doctor's probes (the rate limit is per client).
const OWN_CLIENT_ADDRESS: std::net::Ipv4Addr = std::net::Ipv4Addr::new(127, 0, 0, 2);

const SERVER_BINARY: &str = "llm-config-server";

/// The server binary the demo runs: the one installed or built beside
/// this executable, so the two always come from the same build.
fn server_executable() -> Result<std::path::PathBuf, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this executable: {e}"))?;
    let server = exe.with_file_name(SERVER_BINARY);
    if server.is_file() {
        Ok(server)
    } else {
        Err(format!(
            "demo runs {SERVER_BINARY} from beside this executable and there is none at {}; \
             build both with `cargo build --release --bins`",
            server.display()
        ))
    }
}

/// Has the kernel send the child SIGTERM when the doctor dies, so a killed
/// doctor leaves no server behind. The signal is tied to the thread that
/// spawns the child: the demo spawns from its runtime's threads, which live
/// as long as the doctor does.
fn stop_with_parent(command: &mut Command) {
    use rustix::process::{Signal, getpid, getppid, set_parent_process_death_signal};
    let parent = getpid();
    // SAFETY: the closure runs between fork and exec, where only
    // async-signal-safe calls are allowed; it makes two plain system calls
    // and allocates nothing.
    unsafe {
        command.pre_exec(move || {
            set_parent_process_death_signal(Some(Signal::TERM))?;
            // The doctor may have died before the signal was asked for.
            if getppid() != Some(parent) {
                return Err(rustix::io::Errno::SRCH.into());
            }
            Ok(())
        });
    }
}

/// The running demo server.
struct DemoServer {
    child: Child,
    api: Url,
    metrics: Url,
    pid: u32,
}

impl DemoServer {
    async fn start(dir: &std::path::Path, settings: &[(&str, &str)]) -> Result<DemoServer, String> {
        let mut command = Command::new(server_executable()?);
        command
            .env_clear()
            .env("API_ADDR", "127.0.0.1:0")
            .env("METRICS_ADDR", "127.0.0.1:0")
            .env("LLMCFG_DATA_DIR", dir.join("data"))
            .env("LLMCFG_LOG_DIR", dir.join("logs"))
            .env("RUST_LOG", "info")
            .envs(settings.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true);
        stop_with_parent(&mut command);
        let mut child =
            command.spawn().map_err(|e| format!("cannot start the demo server: {e}"))?;
        let pid = child.id().ok_or("the demo server exited at once")?;
        let stdout = child.stdout.take().ok_or("the demo server has no stdout")?;
        let mut lines = BufReader::new(stdout).lines();
        let listening = tokio::time::timeout(Duration::from_secs(20), async {
            while let Ok(Some(line)) = lines.next_line().await {
                if let Ok(event) = serde_json::from_str::<serde_json::Value>(&line)
                    && event["message"] == "listening"
                {
                    return Some(event);
                }
            }
            None
        })
        .await
        .ok()
        .flatten()
        .ok_or("the demo server did not start listening")?;
        // Keep draining its stdout so it never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        let address = |field: &str| {
            let addr = listening[field].as_str().unwrap_or_default();
            Url::parse(&format!("http://{addr}/"))
                .map_err(|e| format!("the demo server reported {addr:?}: {e}"))
        };
        let metrics = address("metrics_addr")?.join("/metrics").map_err(|e| e.to_string())?;
        Ok(DemoServer { api: address("api_addr")?, metrics, pid, child })
    }

    /// Sends SIGTERM (the graceful stop) and waits a little for the exit.
    async fn stop(&mut self) {
        if let Some(pid) = rustix::process::Pid::from_raw(self.pid as i32) {
            let _ = rustix::process::kill_process(pid, rustix::process::Signal::TERM);
        }
        if tokio::time::timeout(Duration::from_secs(5), self.child.wait()).await.is_err() {
            let _ = self.child.kill().await;
        }
    }
}

/// A tiny deterministic generator for the workload mix.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn config_url(api: &Url, key: u64) -> Url {
    api.join(&format!("/api/v1/configs/demo/key-{key}?env=production")).expect("a valid path")
}

fn demo_client(own_address: bool) -> Result<reqwest::Client, String> {
    let builder = reqwest::Client::builder().timeout(Duration::from_secs(5));
    let builder = if own_address {
        builder.local_address(std::net::IpAddr::V4(OWN_CLIENT_ADDRESS))
    } else {
        builder
    };
    builder.build().map_err(|e| e.to_string())
}

/// Writes keys `0..keys` from eight clients.
async fn write_keys(api: &Url, keys: u64, requests: &AtomicU64) -> Result<(), String> {
    const WRITERS: u64 = 8;
    let client = demo_client(false)?;
    let mut writers = tokio::task::JoinSet::new();
    for first in 0..WRITERS {
        let (client, api) = (client.clone(), api.clone());
        writers.spawn(async move {
            for key in (first..keys).step_by(WRITERS as usize) {
                let body =
                    json!({"value": {"model": "gpt-4o", "temperature": 0.7, "variant": key}});
                // A 503 (storage busy: a short STORAGE_TIMEOUT_MS on a busy
                // disk) is retried, as a client of the service would.
                let mut attempts = 0;
                loop {
                    let answer = client.put(config_url(&api, key)).json(&body).send().await?;
                    attempts += 1;
                    if answer.status() != reqwest::StatusCode::SERVICE_UNAVAILABLE || attempts == 5
                    {
                        answer.error_for_status()?;
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
            Ok::<_, reqwest::Error>(())
        });
    }
    for result in writers.join_all().await {
        result.map_err(|e| format!("the workload's writes failed: {e}"))?;
    }
    requests.fetch_add(keys, Ordering::Relaxed);
    Ok(())
}

/// Runs `mix` over `keys` keys until `until` (or until aborted).
async fn read_mix(
    api: &Url,
    keys: u64,
    mix: Mix,
    own_address: bool,
    until: Instant,
    requests: &Arc<AtomicU64>,
) -> Result<(), String> {
    let client = demo_client(own_address)?;
    let mut readers = tokio::task::JoinSet::new();
    for seed in 1..=mix.clients {
        let (client, api, requests) = (client.clone(), api.clone(), Arc::clone(requests));
        readers.spawn(async move {
            let mut random = XorShift(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
            let (hot, cold) = (mix.hot_percent, mix.hot_percent + mix.cold_percent);
            let writes = cold + mix.write_percent;
            while Instant::now() < until {
                if let Some(pace) = mix.pace {
                    tokio::time::sleep(pace).await;
                }
                let roll = random.next() % 100;
                let key = random.next();
                let request = match roll {
                    roll if roll < hot => client.get(config_url(&api, key % mix.hot_keys)),
                    roll if roll < cold => client.get(config_url(&api, key % keys)),
                    roll if roll < writes => client
                        .put(config_url(&api, key % keys))
                        .json(&json!({"value": {"variant": key}})),
                    _ => client.get(config_url(&api, keys + key % 1000)),
                };
                request.send().await?;
                requests.fetch_add(1, Ordering::Relaxed);
            }
            Ok::<_, reqwest::Error>(())
        });
    }
    for result in readers.join_all().await {
        result.map_err(|e| format!("the workload failed: {e}"))?;
    }
    Ok(())
}

/// A port nothing listens on, for the demo's Prometheus: no Prometheus
/// scrapes the demo's server, so one that happens to run here would
/// answer about another service.
fn refused_url() -> Result<Url, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    drop(listener);
    Url::parse(&format!("http://127.0.0.1:{port}/")).map_err(|e| e.to_string())
}

pub async fn exec(args: &DemoArgs, plan: Plan) -> Result<Outcome, String> {
    let scenario = match args.fault {
        Some(fault) => Scenario::of(fault).ok_or("`--fault list` lists, it induces nothing")?,
        None => Scenario::healthy(),
    };
    let dir = tempfile::Builder::new()
        .prefix("llmcfg-demo-")
        .tempdir()
        .map_err(|e| format!("cannot create a temporary directory: {e}"))?;
    let mut server = DemoServer::start(dir.path(), &scenario.server_env).await?;
    eprintln!(
        "demo: llm-config-server (pid {}) serves {} with SQLite in {}",
        server.pid,
        server.api,
        dir.path().display()
    );
    if let Some((_, about)) = scenario.fault {
        eprintln!("demo: inducing a fault: {about}");
    }
    let requests = Arc::new(AtomicU64::new(0));
    let stop_lock = Arc::new(AtomicBool::new(false));
    let outcome = async {
        write_keys(&server.api, scenario.keys, &requests).await?;
        if scenario.restart {
            server.stop().await;
            server = DemoServer::start(dir.path(), &scenario.server_env).await?;
            eprintln!("demo: restarted the server (pid {})", server.pid);
        }
        if let Some(mix) = scenario.warm_up {
            let until = Instant::now() + args.workload;
            let own = scenario.own_client_address;
            read_mix(&server.api, scenario.keys, mix, own, until, &requests).await?;
        }
        let lock = scenario.lock.map(|bursts| {
            fault::hold_lock(&dir.path().join("data"), bursts, Arc::clone(&stop_lock))
        });
        let plan = Plan {
            api_url: server.api.clone(),
            metrics_url: server.metrics.clone(),
            prometheus_url: refused_url()?,
            runtime: RuntimeChoice::Process,
            pid: Some(server.pid),
            log_dir: dir.path().join("logs"),
            data_dir: dir.path().join("data"),
            log_dir_given: true,
            data_dir_given: true,
            // A server of its own, started for this run: nothing to resume.
            state_dir: None,
            ..plan
        };
        // The traffic goes on while the doctor looks; it is aborted when
        // the diagnosis is done.
        let traffic = {
            let (api, requests, keys) =
                (plan.api_url.clone(), Arc::clone(&requests), scenario.keys);
            let (mix, own) = (scenario.during, scenario.own_client_address);
            tokio::spawn(async move {
                let until = Instant::now() + Duration::from_secs(3600);
                read_mix(&api, keys, mix, own, until, &requests).await
            })
        };
        // Let the fault take hold before the first scrape.
        if lock.is_some() || scenario.restart {
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
        eprintln!(
            "demo: {} requests so far; diagnosing with `{}`",
            requests.load(Ordering::Relaxed),
            scenario.section.name()
        );
        let checks = checks::select(&[scenario.section], &plan.requested_sources());
        let report = crate::doctor::diagnose(&plan, "demo", &checks, &|_| {}).await;
        traffic.abort();
        stop_lock.store(true, Ordering::Relaxed);
        if let Some(lock) = lock {
            lock.await.map_err(|e| e.to_string())??;
        }
        Ok::<_, String>(report)
    }
    .await;
    stop_lock.store(true, Ordering::Relaxed);
    server.stop().await;
    drop(dir);
    let report = outcome?;
    if let Some((fault, _)) = scenario.fault {
        let found = report.causes.first().map_or("none", |cause| cause.cause.as_str());
        eprintln!(
            "demo: induced {}; expected top cause: {}; the doctor ranked first: {found}",
            fault.to_possible_value().map(|v| v.get_name().to_owned()).unwrap_or_default(),
            scenario.expected_cause.unwrap_or("none"),
        );
    }
    Ok(Outcome::Report(report))
}
