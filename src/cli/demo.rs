//! `llmcfg-doctor demo`: start the bundled server on free loopback ports
//! with embedded storage in a temporary directory, drive a short mixed
//! workload at it, diagnose it with `quick`, and clean up.
//!
//! The server runs as a child process of this executable (the hidden
//! `__demo-server` subcommand), so the doctor inspects a real process. The
//! child stops when its stdin closes, so it cannot outlive the doctor even
//! if the doctor is killed.

use std::process::{ExitCode, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use clap::Args;
use serde_json::json;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use url::Url;

use super::Outcome;
use crate::checks::{self, Section};
use crate::plan::{Plan, RuntimeChoice};
use crate::server::config::ServerConfig;

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How long to drive traffic before the diagnosis
    #[arg(long, default_value = "2s", value_parser = super::duration_value, value_name = "DURATION")]
    pub workload: Duration,
}

/// Keys written before the workload; the first few are the hot set.
const KEYS: u64 = 300;
const HOT_KEYS: u64 = 30;
const CLIENTS: u64 = 8;

/// The hidden `__demo-server` subcommand: the server, configured from the
/// environment, stopping when stdin closes or on a signal.
pub fn serve() -> ExitCode {
    let stopped = || async {
        let mut stdin = tokio::io::stdin();
        let mut sink = Vec::new();
        tokio::select! {
            _ = tokio::io::AsyncReadExt::read_to_end(&mut stdin, &mut sink) => {}
            () = crate::server::stop_signal() => {}
        }
    };
    match ServerConfig::from_env().and_then(|config| crate::server::run_until(config, stopped)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("llmcfg-doctor demo server: {error:#}");
            ExitCode::from(3)
        }
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
    async fn start(dir: &std::path::Path) -> Result<DemoServer, String> {
        let exe =
            std::env::current_exe().map_err(|e| format!("cannot find this executable: {e}"))?;
        let mut child = Command::new(exe)
            .arg("__demo-server")
            .env_clear()
            .env("API_ADDR", "127.0.0.1:0")
            .env("METRICS_ADDR", "127.0.0.1:0")
            .env("LLMCFG_DATA_DIR", dir.join("data"))
            .env("LLMCFG_LOG_DIR", dir.join("logs"))
            .env("RUST_LOG", "info")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("cannot start the demo server: {e}"))?;
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

    /// Closes stdin (the graceful stop) and waits a little for the exit.
    async fn stop(mut self) {
        drop(self.child.stdin.take());
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

/// Writes the keys, then runs a read-mostly mix from several clients until
/// `until`: hot reads, colder reads, updates and a few misses.
async fn drive(api: &Url, until: Instant, requests: Arc<AtomicU64>) -> Result<(), String> {
    write_keys(api, &requests).await?;
    read_mix(api, until, CLIENTS, None, &requests).await
}

fn demo_client() -> Result<reqwest::Client, String> {
    reqwest::Client::builder().timeout(Duration::from_secs(5)).build().map_err(|e| e.to_string())
}

async fn write_keys(api: &Url, requests: &AtomicU64) -> Result<(), String> {
    let client = demo_client()?;
    let mut writers = tokio::task::JoinSet::new();
    for first in 0..CLIENTS {
        let (client, api) = (client.clone(), api.clone());
        writers.spawn(async move {
            for key in (first..KEYS).step_by(CLIENTS as usize) {
                let body =
                    json!({"value": {"model": "gpt-4o", "temperature": 0.7, "variant": key}});
                client.put(config_url(&api, key)).json(&body).send().await?.error_for_status()?;
            }
            Ok::<_, reqwest::Error>(())
        });
    }
    for result in writers.join_all().await {
        result.map_err(|e| format!("the workload's writes failed: {e}"))?;
    }
    requests.fetch_add(KEYS, Ordering::Relaxed);
    Ok(())
}

/// The read-mostly mix from `clients` clients until `until`, each pausing
/// `pace` between requests when given.
async fn read_mix(
    api: &Url,
    until: Instant,
    clients: u64,
    pace: Option<Duration>,
    requests: &Arc<AtomicU64>,
) -> Result<(), String> {
    let client = demo_client()?;
    let mut readers = tokio::task::JoinSet::new();
    for seed in 1..=clients {
        let (client, api, requests) = (client.clone(), api.clone(), Arc::clone(requests));
        readers.spawn(async move {
            let mut random = XorShift(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
            while Instant::now() < until {
                if let Some(pace) = pace {
                    tokio::time::sleep(pace).await;
                }
                let roll = random.next() % 100;
                let key = random.next();
                let request = match roll {
                    0..80 => client.get(config_url(&api, key % HOT_KEYS)),
                    80..95 => client.get(config_url(&api, key % KEYS)),
                    95..99 => client
                        .put(config_url(&api, key % KEYS))
                        .json(&json!({"value": {"variant": key}})),
                    _ => client.get(config_url(&api, KEYS + key % 1000)),
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

pub async fn exec(args: &DemoArgs, plan: Plan) -> Result<Outcome, String> {
    let dir = tempfile::Builder::new()
        .prefix("llmcfg-demo-")
        .tempdir()
        .map_err(|e| format!("cannot create a temporary directory: {e}"))?;
    let server = DemoServer::start(dir.path()).await?;
    eprintln!(
        "demo: llm-config-server (pid {}) serves {} with SQLite in {}",
        server.pid,
        server.api,
        dir.path().display()
    );
    let requests = Arc::new(AtomicU64::new(0));
    let outcome = async {
        drive(&server.api, Instant::now() + args.workload, Arc::clone(&requests)).await?;
        eprintln!(
            "demo: drove {} requests over {:?}; diagnosing with `quick`",
            requests.load(Ordering::Relaxed),
            args.workload
        );
        let plan = Plan {
            api_url: server.api.clone(),
            metrics_url: server.metrics.clone(),
            runtime: RuntimeChoice::Process,
            pid: Some(server.pid),
            log_dir: dir.path().join("logs"),
            data_dir: dir.path().join("data"),
            ..plan
        };
        let checks: Vec<_> = checks::of_section(Section::Quick).collect();
        // A light background load keeps the sampling window's rates real;
        // it is aborted when the diagnosis is done.
        let background = {
            let (api, requests) = (plan.api_url.clone(), Arc::clone(&requests));
            let until = Instant::now() + plan.timeout;
            tokio::spawn(async move {
                read_mix(&api, until, 2, Some(Duration::from_millis(10)), &requests).await
            })
        };
        let report = crate::doctor::diagnose(&plan, "demo", &checks, &|_| {}).await;
        background.abort();
        Ok(report)
    }
    .await;
    server.stop().await;
    drop(dir);
    outcome.map(Outcome::Report)
}
