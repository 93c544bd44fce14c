//! `llmcfg-doctor quick` against the real server: healthy, stopped, and a
//! port that accepts connections and never answers.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{
    Server, client, data_dir, finding, free_port, path_str, quick_checks, write_keys,
};

/// The doctor binary with a clean environment: no `LLMCFG_*` variable, no
/// config file and no Kubernetes configuration from the machine it runs on.
pub fn doctor() -> Command {
    doctor_from(env!("CARGO_BIN_EXE_llmcfg-doctor"))
}

/// [`doctor`] from another build of it: a benchmark measures what users
/// install when `LLMCFG_BENCH_DOCTOR` names the release binary.
pub fn doctor_for_benchmark() -> Command {
    match std::env::var_os("LLMCFG_BENCH_DOCTOR") {
        Some(program) => doctor_from(program),
        None => doctor(),
    }
}

pub fn doctor_from(program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut command = Command::new(program);
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("LLMCFG_") {
            command.env_remove(name);
        }
    }
    command
        .env("XDG_CONFIG_HOME", "/nonexistent")
        // Each run samples its own window unless a test keeps readings.
        .env("LLMCFG_STATE_DIR", "none")
        .env("NO_COLOR", "1")
        // Tables are laid out at the fallback width.
        .env_remove("COLUMNS")
        .env("KUBECONFIG", "/nonexistent")
        .env_remove("KUBERNETES_SERVICE_HOST");
    command
}

/// Runs the doctor and parses its JSON report.
pub fn run_json(command: &mut Command) -> (Output, Value) {
    let output = command.args(["--format", "json"]).output().unwrap();
    let report = crate::schemas::doctor_output(&output);
    (output, report)
}

/// The doctor with `args`, pointed at `server`'s API and metrics.
pub fn doctor_for(server: &Server, args: &[&str]) -> Command {
    let mut command = doctor();
    command
        .args(args)
        .arg("--api-url")
        .arg(server.url("/"))
        .arg("--metrics-url")
        .arg(format!("http://{}/metrics", server.metrics));
    command
}

/// [`run_json`] off the async runtime, which keeps serving the test's own
/// servers meanwhile.
pub async fn run_json_blocking(mut command: Command) -> (Output, Value) {
    tokio::task::spawn_blocking(move || run_json(&mut command)).await.unwrap()
}

/// [`doctor_for`], with `server`'s process as the runtime.
pub fn doctor_for_process(server: &Server, args: &[&str]) -> Command {
    let mut command = doctor_for(server, args);
    command.args(["--runtime", "process", "--pid", &server.pid().to_string()]);
    command
}

#[tokio::test]
async fn quick_on_a_healthy_server_finds_nothing_critical() {
    let (data, logs) = (data_dir(), data_dir());
    let server = Server::start(&[
        ("LLMCFG_DATA_DIR", path_str(data.path())),
        ("LLMCFG_LOG_DIR", path_str(logs.path())),
    ]);
    write_keys(&server, 20).await;
    // Reads of the 20 keys while the doctor samples.
    let urls: Vec<String> =
        (0..20).map(|n| server.config_url("app", &format!("key-{n}"))).collect();
    let traffic = tokio::spawn(async move {
        let http = client();
        for url in urls.iter().cycle().take(1500) {
            http.get(url).send().await.unwrap();
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut command = doctor_for_process(&server, &["quick"]);
    command.arg("--log-dir").arg(logs.path());
    let (output, report) =
        tokio::task::spawn_blocking(move || run_json(&mut command)).await.unwrap();
    traffic.abort();

    assert_eq!(report["schema_version"], 5);
    assert_eq!(report["findings"].as_array().unwrap().len(), quick_checks(), "{report:#}");
    let all_ok = report["findings"].as_array().unwrap().iter().all(|f| f["status"] == "OK");
    let causes = report["causes"].as_array().expect("a causes array");
    assert!(!all_ok || causes.is_empty(), "a healthy run has no cause: {causes:#?}");
    for finding in report["findings"].as_array().unwrap() {
        assert!(
            finding["status"] == "OK" || finding["status"] == "WARNING",
            "{} is {}: {}",
            finding["code"],
            finding["status"],
            finding["summary"]
        );
    }
    assert!(output.status.code().unwrap() <= 1);
    assert_eq!(finding(&report, "quick.metrics-target")["status"], "OK");
    let state = finding(&report, "quick.runtime-state");
    assert_eq!(state["status"], "OK", "{state}");
    assert!(state["summary"].as_str().unwrap().starts_with("llm-config-server "), "{state}");
    assert_eq!(finding(&report, "quick.cache-hit-rate")["status"], "OK");
    assert!(finding(&report, "quick.cache-hit-rate")["value"].as_f64().unwrap() > 80.0);
    assert!(finding(&report, "quick.memory")["value"].as_f64().unwrap() > 0.0);
    assert_eq!(
        finding(&report, "quick.health-status")["summary"],
        "the service reports itself healthy (HTTP 200)"
    );
    let errors = finding(&report, "quick.recent-errors")["summary"].as_str().unwrap().to_owned();
    assert!(errors.contains("0 ERROR"), "{errors}");
}

/// `quick` with the API and metrics on `port` of loopback and no process
/// to inspect.
fn quick_against_port(port: u16, timeout: &str) -> (Output, Value) {
    section_against_port("quick", port, timeout)
}

/// A section's subcommand with the API and metrics on `port` of loopback
/// and no process to inspect.
fn section_against_port(section: &str, port: u16, timeout: &str) -> (Output, Value) {
    let api = format!("http://127.0.0.1:{port}");
    let metrics = format!("{api}/metrics");
    run_json(doctor().args([section, "--runtime", "process", "--pid", "999999999"]).args([
        "--api-url",
        &api,
        "--metrics-url",
        &metrics,
        "--timeout",
        timeout,
    ]))
}

#[test]
fn quick_on_a_stopped_server_is_critical_with_metrics_unknown() {
    let port = free_port();
    let started = Instant::now();
    let (output, report) = quick_against_port(port, "3s");
    assert!(started.elapsed() < Duration::from_secs(3), "a refused connection fails fast");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(report["worst"], "CRITICAL");
    assert_eq!(finding(&report, "quick.api-response-time")["status"], "CRITICAL");
    let health = finding(&report, "quick.health-status");
    assert_eq!(health["status"], "CRITICAL");
    assert_eq!(
        health["summary"],
        format!(
            "connection refused at http://127.0.0.1:{port}/health: is the service running and is \
             --api-url right?"
        )
    );
    let hit_rate = finding(&report, "quick.cache-hit-rate");
    assert_eq!(hit_rate["status"], "UNKNOWN");
    assert!(hit_rate["summary"].as_str().unwrap().contains("refused"), "{hit_rate}");
    assert!(hit_rate["remediation"].as_str().unwrap().contains("--metrics-url"));
    assert_eq!(finding(&report, "quick.cpu")["status"], "UNKNOWN");
}

/// A loopback port that accepts and holds every connection without ever
/// answering.
pub fn silent_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            held.push(stream);
        }
    });
    port
}

#[test]
fn quick_against_a_silent_port_is_bounded_by_the_timeout() {
    let port = silent_port();
    let started = Instant::now();
    let (output, report) = quick_against_port(port, "1s");
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(3), "took {elapsed:?} with --timeout 1s");
    assert_eq!(output.status.code(), Some(2));
    let api = finding(&report, "quick.api-response-time");
    assert_eq!(api["status"], "CRITICAL");
    assert_eq!(
        api["summary"],
        "/health gave no answer within the 1000ms deadline: the service is not answering"
    );
    assert_eq!(finding(&report, "quick.cache-hit-rate")["status"], "UNKNOWN");
}

/// A service that takes connections and never answers them, as one whose
/// storage reads wait on a locked table does: the timed config read is the
/// service not answering, CRITICAL, not a finding the doctor could not make.
#[test]
fn a_config_read_without_an_answer_is_critical() {
    let port = silent_port();
    let (output, report) = section_against_port("latency", port, "1s");
    assert_eq!(output.status.code(), Some(2), "{report}");
    let timed = finding(&report, "latency.timed-request");
    assert_eq!(timed["status"], "CRITICAL", "{timed}");
    assert_eq!(
        timed["summary"],
        "the config read gave no answer within the 1000ms deadline: the service is not answering"
    );
    assert!(timed["remediation"].is_string(), "{timed}");
}

/// Re-records `fixtures/evidence/quick-healthy.json` from a real run when
/// `LLMCFG_RECORD_FIXTURES=1`; otherwise checks the fixture still parses.
#[tokio::test]
async fn evidence_fixture_comes_from_a_real_run() {
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/evidence/quick-healthy.json");
    if std::env::var_os("LLMCFG_RECORD_FIXTURES").is_none() {
        diagnosis::evidence::bundle::Bundle::read(&fixture).unwrap();
        return;
    }
    let (data, logs) = (data_dir(), data_dir());
    let server = Server::start(&[
        ("LLMCFG_DATA_DIR", path_str(data.path())),
        ("LLMCFG_LOG_DIR", path_str(logs.path())),
    ]);
    write_keys(&server, 50).await;
    let http = client();
    let urls: Vec<String> =
        (0..40).map(|n| server.config_url("app", &format!("key-{n}"))).collect();
    let traffic = tokio::spawn(async move {
        for round in 0..300 {
            http.get(&urls[round % urls.len()]).send().await.unwrap();
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut command = doctor_for_process(&server, &["collect"]);
    command.arg("--log-dir").arg(logs.path()).arg("--output").arg(&fixture);
    let status = tokio::task::spawn_blocking(move || command.status().unwrap()).await.unwrap();
    traffic.await.unwrap();
    assert!(status.success());
}

/// Serves `body` as a Prometheus text exposition to every request on a
/// loopback port of its own, until the test ends; returns its `/metrics`
/// URL.
fn serve_exposition(body: String) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/metrics", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = Vec::new();
            let mut byte = [0u8; 1];
            while !request.ends_with(b"\r\n\r\n") && stream.read(&mut byte).is_ok_and(|n| n == 1) {
                request.push(byte[0]);
            }
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n\
                 Content-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ =
                stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(body.as_bytes()));
        }
    });
    url
}

/// `--metrics-url` at Prometheus's own `/metrics` (a recorded real one,
/// served over a real socket) while `--api-url` is a real server with L1
/// enabled: the metrics are said not to be the service's, and no check
/// reads their missing families as a disabled tier.
#[test]
fn prometheus_own_metrics_are_not_read_as_a_service_without_cache() {
    let fixture =
        concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/exposition/prometheus-server.prom");
    let text = std::fs::read_to_string(fixture).unwrap();
    let families = diagnosis::exposition::Exposition::parse(&text).unwrap().families().len();
    let metrics_url = serve_exposition(text);
    let data = data_dir();
    let server = Server::start(&[("LLMCFG_DATA_DIR", path_str(data.path()))]);
    let foreign = format!(
        "{metrics_url} is not the LLM Config Manager's metrics: {families} families seen, none of \
         config_operations_total, cache_hits_total, storage_operation_duration_seconds, …"
    );
    let run =
        |section: &str| {
            let mut command = doctor();
            command
                .args([section, "--runtime", "process", "--pid", &server.pid().to_string()])
                .args(["--api-url", &server.url("/"), "--metrics-url", &metrics_url]);
            run_json(&mut command).1
        };

    let quick = run("quick");
    let target = finding(&quick, "quick.metrics-target");
    assert_eq!(target["status"], "UNKNOWN", "{target}");
    assert!(target["summary"].as_str().unwrap().contains(&foreign), "{target}");
    assert!(target["remediation"].as_str().unwrap().contains("--metrics-url"), "{target}");
    for code in ["quick.cache-hit-rate", "quick.recent-errors"] {
        let found = finding(&quick, code);
        assert_eq!(found["status"], "UNKNOWN", "{found}");
        assert!(found["summary"].as_str().unwrap().contains(&foreign), "{found}");
    }
    // The service itself is fine and says so; what could not be seen is
    // UNKNOWN, never an alarm, and no cause is made of it.
    assert_eq!(finding(&quick, "quick.health-status")["status"], "OK");
    assert_no_alarm(&quick);

    let cache = run("cache");
    for code in ["cache.l1-hit-rate", "cache.l2-hit-rate", "cache.l1-evictions"] {
        let found = finding(&cache, code);
        assert_eq!(found["status"], "UNKNOWN", "{found}");
        let summary = found["summary"].as_str().unwrap();
        assert!(summary.contains(&foreign) && !summary.contains("not enabled"), "{found}");
    }
    // /health is the real server's, and still read.
    assert_eq!(finding(&cache, "cache.l1-fill")["status"], "OK");
    assert_no_alarm(&cache);
}

/// No finding WARNING or CRITICAL and no likely cause: what a diagnosis
/// of a healthy service, or of a target it could not see, must say.
pub fn assert_no_alarm(report: &Value) {
    let alarms: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "WARNING" || f["status"] == "CRITICAL")
        .collect();
    assert!(alarms.is_empty(), "false alarms: {alarms:#?}");
    assert_eq!(report["causes"], serde_json::json!([]), "{:#}", report["causes"]);
}

/// A client over the rate limit while `quick` samples: the refused
/// requests are the likely cause, read from `http_requests_total` over the
/// sampling window, and `quick.rate-limited` judges their share.
#[tokio::test]
async fn quick_names_the_rate_limit_when_it_refuses_requests() {
    let data = data_dir();
    let server = Server::start(&[
        ("LLMCFG_DATA_DIR", path_str(data.path())),
        ("RATE_LIMIT_RPS", "2"),
        ("RATE_LIMIT_BURST", "2"),
    ]);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let traffic = {
        let (stop, url, http) = (stop.clone(), server.config_url("app", "key"), client());
        tokio::spawn(async move {
            let mut sent = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                http.get(&url).send().await.unwrap();
                sent += 1;
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            sent
        })
    };
    let (_, report) = run_json_blocking(doctor_for_process(&server, &["quick"])).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    assert!(traffic.await.unwrap() > 20);
    let causes = report["causes"].as_array().expect("a causes array");
    let limited = causes.iter().find(|c| c["cause"] == "rate-limited").unwrap_or_else(|| {
        panic!("no rate-limited cause: {causes:#?}");
    });
    let refused = &limited["supported_by"][0];
    assert_eq!(refused["code"], "rate-limited-percent");
    assert!(refused["value"].as_f64().unwrap() > 50.0, "{refused}");
    assert!(!limited["resolution"].as_array().unwrap().is_empty());
    let refused = finding(&report, "quick.rate-limited");
    assert_eq!(refused["status"], "CRITICAL", "{refused}");
    assert!(refused["summary"].as_str().unwrap().starts_with("refused with 429: "), "{refused}");
}

/// The window a run's `quick.rate-limited` says it covers, in seconds.
fn rate_window_seconds(report: &Value) -> f64 {
    let summary = finding(report, "quick.rate-limited")["summary"].as_str().unwrap().to_owned();
    let after = summary.split("over the last ").nth(1).unwrap_or_else(|| panic!("{summary}"));
    after.split('s').next().unwrap().parse().unwrap_or_else(|e| panic!("{e}: {summary}"))
}

/// The window CPU was measured over, in seconds.
fn cpu_window_seconds(report: &Value) -> f64 {
    let summary = finding(report, "quick.cpu")["summary"].as_str().unwrap().to_owned();
    let after = summary.split("CPU over ").nth(1).unwrap_or_else(|| panic!("{summary}"));
    after.split('s').next().unwrap().parse().unwrap_or_else(|e| panic!("{e}: {summary}"))
}

/// A run soon after another measures rates and CPU from the other's last
/// readings, over the time between them; once the service has restarted
/// (its counters began again) it samples a window of its own.
#[tokio::test]
async fn a_run_soon_after_another_measures_from_its_readings() {
    let data = data_dir();
    let (api, metrics) =
        (format!("127.0.0.1:{}", free_port()), format!("127.0.0.1:{}", free_port()));
    let server = Server::start(&[
        ("LLMCFG_DATA_DIR", path_str(data.path())),
        ("API_ADDR", &api),
        ("METRICS_ADDR", &metrics),
    ]);
    let state = tempfile::tempdir().unwrap();
    // A range of one second: the idle service is not judged since it
    // started, so each run's window is the one its readings give.
    let runbook = crate::doctor_ratios::runbook_of_one_second_range();
    let quick = |server: &Server| {
        let mut command = doctor_for_process(server, &["quick"]);
        command.env("LLMCFG_STATE_DIR", state.path()).arg("--runbook").arg(runbook.path());
        command
    };
    let (_, first) = run_json_blocking(quick(&server)).await;
    let own = rate_window_seconds(&first);
    assert!((1.0..2.0).contains(&own), "the first run samples its own 1 s window: {own}");
    tokio::time::sleep(Duration::from_secs(3)).await;
    let (_, second) = run_json_blocking(quick(&server)).await;
    let carried = rate_window_seconds(&second);
    assert!((3.0..10.0).contains(&carried), "measured since the first run: {carried}");
    let cpu = cpu_window_seconds(&second);
    assert!((3.0..10.0).contains(&cpu), "CPU since the first run: {cpu}");

    // Restarted on the same addresses: the kept scrape is of another run.
    let server = server.restart_like_after(|old| {
        old.terminate();
    });
    let (_, restarted) = run_json_blocking(quick(&server)).await;
    let own = rate_window_seconds(&restarted);
    assert!((1.0..2.0).contains(&own), "a window of its own after the restart: {own}");
    let cpu = cpu_window_seconds(&restarted);
    assert!((1.0..2.0).contains(&cpu), "a new process: {cpu}");
}
