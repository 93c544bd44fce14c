//! The diagnosis scenarios: each fault `demo --fault` induces on the real
//! server (a setting, a traffic pattern, another process contending for
//! the SQLite file) must come out with its cause ranked first, and the
//! healthy demo with no cause and nothing WARNING or worse. The other
//! no-false-alarm scenarios sit beside what they exercise: an incident
//! that has ended (`doctor_ratios`), a metrics endpoint that is not the
//! service's (`doctor_quick`), a cache filling up (here).

use std::process::Output;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde_json::Value;

use crate::doctor_quick::{doctor, doctor_for_process, doctor_from, run_json_blocking};
use crate::doctor_redis::server_on;
use crate::support::{
    RedisServer, Server, client, data_dir, eventually, finding, path_str, write_keys,
};

/// `demo` (with `--fault NAME` when given) as JSON, and its stderr.
async fn demo(fault: Option<&str>) -> (Output, Value, String) {
    let mut command = doctor();
    command.arg("demo");
    if let Some(fault) = fault {
        command.args(["--fault", fault]);
    }
    let (output, report) = run_json_blocking(command).await;
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output, report, stderr)
}

fn causes(report: &Value) -> Vec<&str> {
    report["causes"]
        .as_array()
        .expect("a causes array")
        .iter()
        .filter_map(|c| c["cause"].as_str())
        .collect()
}

/// Runs the fault and checks the cause ranked first, the exit code and
/// the demo's own line naming both; prints the row of the confusion table.
async fn fault_ranks_first(fault: &str, expected_cause: &str, expected_exit: i32) {
    let (output, report, stderr) = demo(Some(fault)).await;
    let found = causes(&report);
    println!(
        "scenario | {fault} | expected {expected_cause} | found {}",
        found.first().unwrap_or(&"none")
    );
    assert_eq!(
        found.first(),
        Some(&expected_cause),
        "{fault}: causes {found:?}\n{stderr}\n{report:#}"
    );
    assert_eq!(output.status.code(), Some(expected_exit), "{fault}: {stderr}");
    assert!(
        stderr.contains(&format!(
            "induced {fault}; expected top cause: {expected_cause}; the doctor ranked first: {expected_cause}"
        )),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_l1_too_small_for_the_hot_set() {
    fault_ranks_first("l1-too-small", "l1-too-small", 2).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cold_cache_after_a_restart() {
    fault_ranks_first("cold-cache", "cold-cache", 2).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn storage_slowed_by_another_process_holding_the_sqlite_lock() {
    fault_ranks_first("slow-storage", "slow-storage", 2).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_error_burst_from_storage_past_its_deadline() {
    fault_ranks_first("error-burst", "storage-failing", 2).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_over_the_rate_limit() {
    fault_ranks_first("rate-limited", "rate-limited", 2).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_healthy_demo_raises_no_alarm() {
    let (output, report, stderr) = demo(None).await;
    println!(
        "scenario | healthy | expected none | found {}",
        causes(&report).first().unwrap_or(&"none")
    );
    assert!(causes(&report).is_empty(), "{report:#}");
    let alarms: Vec<&Value> =
        report["findings"].as_array().unwrap().iter().filter(|f| f["status"] != "OK").collect();
    assert!(alarms.is_empty(), "{alarms:#?}\n{stderr}");
    assert_eq!(output.status.code(), Some(0), "{stderr}");
}

#[test]
fn the_faults_are_listed_and_an_unknown_one_is_a_usage_error() {
    let listed = doctor().args(["demo", "--fault", "list"]).output().unwrap();
    assert_eq!(listed.status.code(), Some(0));
    let text = String::from_utf8(listed.stdout).unwrap();
    for fault in ["l1-too-small", "cold-cache", "slow-storage", "error-burst", "rate-limited"] {
        assert!(text.lines().any(|line| line.starts_with(fault)), "{fault} missing:\n{text}");
    }
    assert!(text.contains("expected top cause: storage-failing"), "{text}");
    let unknown = doctor().args(["demo", "--fault", "disk-on-fire"]).output().unwrap();
    assert_eq!(unknown.status.code(), Some(3));
    let error = String::from_utf8(unknown.stderr).unwrap();
    assert!(error.contains("disk-on-fire") && error.contains("l1-too-small"), "{error}");
}

#[test]
fn demo_without_the_server_beside_it_says_where_it_looked() {
    let alone = tempfile::tempdir().unwrap();
    let copy = alone.path().join("llmcfg-doctor");
    std::fs::copy(env!("CARGO_BIN_EXE_llmcfg-doctor"), &copy).unwrap();
    let output = doctor_from(&copy).arg("demo").output().unwrap();
    assert_eq!(output.status.code(), Some(3));
    let error = String::from_utf8(output.stderr).unwrap();
    let expected = alone.path().join("llm-config-server");
    assert!(error.contains(expected.to_str().unwrap()), "{error}");
    assert!(error.contains("cargo build --release --bins"), "{error}");
    assert_eq!(error.trim_end().lines().count(), 1, "{error}");
}

/// A healthy server whose L1 fills with new keys while memory is sampled
/// (the writes keep coming): resident memory grows with the cache, which
/// is the cache filling towards CACHE_L1_SIZE, not a leak.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cache_filling_up_is_not_a_leak() {
    let data = data_dir();
    let server =
        Server::start(&[("LLMCFG_DATA_DIR", path_str(data.path())), ("CACHE_L1_SIZE", "200000")]);
    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..4)
        .map(|writer| {
            let (stop, http) = (Arc::clone(&stop), client());
            let url = server.url("/api/v1/configs/fill");
            tokio::spawn(async move {
                let mut n = 0u64;
                // A value of a few hundred bytes, as a model config is.
                let padding = "x".repeat(300);
                while !stop.load(Ordering::Relaxed) {
                    let key = format!("{url}/key-{writer}-{n}?env=production");
                    let body =
                        serde_json::json!({"value": {"model": "gpt-4o", "n": n, "notes": padding}});
                    let _ = http.put(&key).json(&body).send().await;
                    n += 1;
                }
                n
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (_, report) = run_json_blocking(doctor_for_process(
        &server,
        &["memory", "--duration", "6s", "--timeout", "20s"],
    ))
    .await;
    stop.store(true, Ordering::Relaxed);
    let mut written = 0;
    for writer in writers {
        written += writer.await.unwrap();
    }
    let trend = finding(&report, "memory.leak-trend");
    assert!(written > 1000, "only {written} keys written: the cache did not fill");
    assert_eq!(trend["status"], "OK", "{trend:#}");
    let summary = trend["summary"].as_str().unwrap();
    assert!(summary.contains("the cache filling"), "{summary}");
    assert!(!causes(&report).contains(&"memory-leak"), "{:#}", report["causes"]);
    let entries = finding(&report, "memory.l1-entries");
    assert!(entries["summary"].as_str().unwrap().contains("of CACHE_L1_SIZE 200000"), "{entries}");
}

/// Redis, the L2 tier, killed under a serving server: the service says it
/// is degraded and every L1 miss reads storage; `cache` ranks Redis
/// being down first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_down_under_a_serving_server() {
    let Some(mut redis) = RedisServer::start("redis_down_under_a_serving_server") else { return };
    let (server, _data) = server_on(&redis);
    write_keys(&server, 20).await;
    redis.kill();
    let http = client();
    eventually(Duration::from_secs(10), "the server to notice Redis is gone", async || {
        let health: Value =
            http.get(server.url("/health")).send().await.unwrap().json().await.unwrap();
        health["status"] == "degraded"
    })
    .await;
    let (output, report) = run_json_blocking(doctor_for_process(&server, &["cache"])).await;
    let found = causes(&report);
    println!(
        "scenario | redis-down | expected redis-down | found {}",
        found.first().unwrap_or(&"none")
    );
    assert_eq!(found.first(), Some(&"redis-down"), "{:#}", report["causes"]);
    assert_eq!(finding(&report, "cache.l2-status")["status"], "CRITICAL", "{report:#}");
    assert_eq!(output.status.code(), Some(2));
}
