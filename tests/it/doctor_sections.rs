//! Every runbook section against the real server, without Prometheus and
//! with it, and under induced conditions: an L1 too small for the working
//! set, fds near a lowered limit, a log directory with old files, storage
//! made slow by a held lock.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use serde_json::Value;

use crate::doctor_quick::doctor_for_process;
use crate::support::{
    PrometheusServer, Server, TestDatabase, client, data_dir, finding, free_port, path_str,
    write_keys,
};

const SECTIONS: &[&str] = &[
    "quick",
    "baseline",
    "latency",
    "cpu",
    "memory",
    "cache",
    "network",
    "resources",
    "checklist",
    "all",
];

/// Reads keys `key-0..keys` round-robin until stopped.
pub fn traffic(server: &Server, keys: usize) -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    let urls: Vec<String> =
        (0..keys).map(|n| server.config_url("app", &format!("key-{n}"))).collect();
    let flag = Arc::clone(&stop);
    tokio::spawn(async move {
        let http = client();
        let mut n = 0;
        while !flag.load(Ordering::Relaxed) {
            let _ = http.get(&urls[n % urls.len()]).send().await;
            n += 1;
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    });
    stop
}

/// Runs a section against `server` and returns (exit code, report).
async fn run(
    section: &str,
    server: &Server,
    logs: &Path,
    data: &Path,
    extra: &[String],
) -> (i32, Value) {
    let mut command = doctor_for_process(server, &[section, "--format", "json"]);
    command.arg("--log-dir").arg(logs).arg("--data-dir").arg(data).args(extra);
    let output = tokio::task::spawn_blocking(move || command.output().unwrap()).await.unwrap();
    let report = crate::schemas::doctor_output(&output);
    (output.status.code().unwrap(), report)
}

fn exit_code_of(report: &Value) -> i32 {
    match report["worst"].as_str().unwrap() {
        "OK" => 0,
        "WARNING" => 1,
        "CRITICAL" => 2,
        _ => 3,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_section_runs_without_prometheus() {
    let (data, logs) = (data_dir(), data_dir());
    let server = Server::start(&[
        ("LLMCFG_DATA_DIR", path_str(data.path())),
        ("LLMCFG_LOG_DIR", path_str(logs.path())),
    ]);
    write_keys(&server, 20).await;
    let stop = traffic(&server, 20);
    let closed = format!("http://127.0.0.1:{}", free_port());
    for section in SECTIONS {
        let (code, report) = run(
            section,
            &server,
            logs.path(),
            data.path(),
            &["--prometheus-url".into(), closed.clone()],
        )
        .await;
        assert_eq!(code, exit_code_of(&report), "{section}: exit code follows the worst finding");
        let findings = report["findings"].as_array().unwrap();
        assert!(!findings.is_empty(), "{section} answered nothing");
        for finding in findings {
            assert!(finding["summary"].as_str().is_some_and(|s| !s.is_empty()), "{finding}");
            if finding["status"] == "WARNING" || finding["status"] == "CRITICAL" {
                assert!(finding["remediation"].is_string(), "{finding} has no remediation");
            }
        }
    }
    let (_, baseline) = run(
        "baseline",
        &server,
        logs.path(),
        data.path(),
        &["--prometheus-url".into(), closed.clone()],
    )
    .await;
    let cached = finding(&baseline, "baseline.api-cached.p95");
    assert_eq!(cached["status"], "OK", "{cached}");
    assert!(cached["evidence"].as_str().unwrap().starts_with("scrape deltas"), "{cached}");
    let (_, checklist) =
        run("checklist", &server, logs.path(), data.path(), &["--prometheus-url".into(), closed])
            .await;
    assert_eq!(finding(&checklist, "checklist.monitoring")["status"], "WARNING");
    stop.store(true, Ordering::Relaxed);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn baseline_and_monitoring_through_a_real_prometheus() {
    let (data, logs) = (data_dir(), data_dir());
    let server = Server::start(&[
        ("LLMCFG_DATA_DIR", path_str(data.path())),
        ("LLMCFG_LOG_DIR", path_str(logs.path())),
    ]);
    let Some(prometheus) =
        PrometheusServer::start("baseline_through_a_real_prometheus", &[server.metrics])
    else {
        return;
    };
    write_keys(&server, 20).await;
    let stop = traffic(&server, 20);
    // Wait until Prometheus has scraped cached reads more than once.
    let url = format!("http://127.0.0.1:{}", prometheus.port);
    let query = format!(
        "{url}/api/v1/query?query=sum(rate(config_operation_duration_seconds_count%7Bsource%3D%22l1%22%7D%5B5m%5D))"
    );
    crate::support::eventually(Duration::from_secs(30), "Prometheus has rates", async || {
        let Ok(response) = client().get(&query).send().await else { return false };
        let body: Value = response.json().await.unwrap_or_default();
        body["data"]["result"][0]["value"][1]
            .as_str()
            .and_then(|v| v.parse::<f64>().ok())
            .is_some_and(|v| v > 0.0)
    })
    .await;
    let (_, baseline) = run(
        "baseline",
        &server,
        logs.path(),
        data.path(),
        &["--prometheus-url".into(), url.clone()],
    )
    .await;
    let cached = finding(&baseline, "baseline.api-cached.p95");
    assert!(cached["evidence"].as_str().unwrap().starts_with("prometheus"), "{cached}");
    let (_, checklist) = run(
        "checklist",
        &server,
        logs.path(),
        data.path(),
        &["--prometheus-url".into(), url.clone()],
    )
    .await;
    let monitoring = finding(&checklist, "checklist.monitoring");
    assert_eq!(monitoring["status"], "OK", "{monitoring}");
    // The error and hit rates over Prometheus's five minutes.
    let (_, quick) =
        run("quick", &server, logs.path(), data.path(), &["--prometheus-url".into(), url]).await;
    for code in ["quick.recent-errors", "quick.cache-hit-rate"] {
        let judged = finding(&quick, code);
        assert_eq!(judged["status"], "OK", "{judged}");
        assert!(judged["evidence"].as_str().unwrap().starts_with("prometheus"), "{judged}");
        assert!(judged["summary"].as_str().unwrap().contains(" over the last 300s"), "{judged}");
    }
    stop.store(true, Ordering::Relaxed);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn induced_small_cache_tight_fds_and_old_logs() {
    let (data, logs) = (data_dir(), data_dir());
    let server = Server::start(&[
        ("LLMCFG_DATA_DIR", path_str(data.path())),
        ("LLMCFG_LOG_DIR", path_str(logs.path())),
        ("CACHE_L1_SIZE", "5"),
    ]);
    write_keys(&server, 40).await;
    // A working set of 40 keys through an L1 of 5.
    let stop = traffic(&server, 40);
    // Lower the server's fd limit to just above what it holds.
    let open = std::fs::read_dir(format!("/proc/{}/fd", server.pid())).unwrap().count();
    let limit = (open as f64 / 0.75) as usize;
    let lowered = Command::new("prlimit")
        .args(["--pid", &server.pid().to_string(), &format!("--nofile={limit}:{limit}")])
        .status()
        .expect("prlimit (util-linux) runs");
    assert!(lowered.success());
    // A log file untouched for 40 days.
    let old = logs.path().join("llm-config-server.2026-01-01.log");
    std::fs::write(&old, "{}\n").unwrap();
    let forty_days_ago = SystemTime::now() - Duration::from_secs(40 * 86_400);
    std::fs::File::options().write(true).open(&old).unwrap().set_modified(forty_days_ago).unwrap();

    tokio::time::sleep(Duration::from_millis(300)).await;
    let (code, report) = run("all", &server, logs.path(), data.path(), &[]).await;
    assert_eq!(code, 2);
    assert_eq!(finding(&report, "cache.l1-evictions")["status"], "CRITICAL");
    assert_eq!(finding(&report, "cache.hit-rate")["status"], "CRITICAL");
    // L1's own rate is context beside it.
    assert_eq!(finding(&report, "cache.l1-hit-rate")["status"], "OK");
    assert_eq!(finding(&report, "checklist.cache-hit-rate")["status"], "WARNING");
    let fds = finding(&report, "resources.fds");
    assert!(fds["status"] == "WARNING" || fds["status"] == "CRITICAL", "{fds}");
    assert_eq!(finding(&report, "resources.old-logs")["status"], "WARNING");
    assert_eq!(finding(&report, "checklist.logs-rotated")["status"], "WARNING");
    stop.store(true, Ordering::Relaxed);
    // The cache first (it evicts, the hit rate is low, L1 is full), and the
    // fds named as a cause of their own.
    let causes = cause_names(&report);
    assert_eq!(causes.first(), Some(&"l1-too-small"), "{causes:?}");
    assert!(causes.contains(&"fd-exhaustion"), "{causes:?}");
}

fn cause_names(report: &Value) -> Vec<&str> {
    report["causes"].as_array().unwrap().iter().filter_map(|c| c["cause"].as_str()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn storage_made_slow_by_a_held_lock() {
    let Some(db) = TestDatabase::create("storage_made_slow_by_a_held_lock").await else { return };
    let (data, logs) = (data_dir(), data_dir());
    let server = Server::start(&[
        ("DATABASE_URL", &db.url),
        ("LLMCFG_LOG_DIR", path_str(logs.path())),
        ("CACHE_L1_ENABLED", "false"),
    ]);
    write_keys(&server, 10).await;
    let stop = traffic(&server, 10);
    // Bursts of an exclusive lock: reads queue behind each and complete
    // slowly, inside the doctor's sampling window. The first burst is the
    // longest, so that the doctor's own timed read, sent as it starts,
    // waits long enough even when the doctor is slow to start.
    let blocker = db.session().await;
    let release = tokio::spawn(async move {
        for burst in 0..6 {
            blocker
                .batch_execute("BEGIN; LOCK TABLE configs IN ACCESS EXCLUSIVE MODE")
                .await
                .unwrap();
            let held = if burst == 0 { 900 } else { 500 };
            tokio::time::sleep(Duration::from_millis(held)).await;
            blocker.batch_execute("ROLLBACK").await.unwrap();
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let (_, report) = run(
        "latency",
        &server,
        logs.path(),
        data.path(),
        &["--database-url".into(), db.url.clone()],
    )
    .await;
    release.await.unwrap();
    stop.store(true, Ordering::Relaxed);
    let read = finding(&report, "latency.storage-read");
    assert_eq!(read["status"], "CRITICAL", "{read}");
    let causes = cause_names(&report);
    assert_eq!(causes.first(), Some(&"slow-storage"), "{causes:?}: {:#}", report["causes"]);
    let timed = finding(&report, "latency.timed-request");
    assert!(timed["status"] == "WARNING" || timed["status"] == "CRITICAL", "{timed}");
    // `SELECT 1` does not touch the table, so it never waits for the lock
    // (a busy machine may still push it past the 5 ms warning line).
    let direct = finding(&report, "latency.db-roundtrip");
    assert!(direct["status"] == "OK" || direct["status"] == "WARNING", "{direct}");

    // The server's migrations create both indexes the runbook recommends;
    // without the (environment, created_at) one the checklist says so.
    let checklist_args = ["--database-url".to_owned(), db.url.clone()];
    let (_, checklist) = run("checklist", &server, logs.path(), data.path(), &checklist_args).await;
    assert_eq!(finding(&checklist, "checklist.indexes")["status"], "OK", "{checklist}");
    db.session().await.batch_execute("DROP INDEX idx_configs_env_created").await.unwrap();
    let (_, checklist) = run("checklist", &server, logs.path(), data.path(), &checklist_args).await;
    let indexes = finding(&checklist, "checklist.indexes");
    assert_eq!(indexes["status"], "WARNING", "{indexes}");
    let advice = indexes["remediation"].as_str().unwrap();
    assert!(
        advice.contains("CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_configs_env_created"),
        "{advice}"
    );
    assert!(
        !advice.contains("idx_configs_namespace_key"),
        "the primary key covers (namespace, key): {advice}"
    );
}

/// The `configs` table locked for the whole run, so that every uncached
/// read hangs: the service not answering the doctor's config read is the
/// finding, CRITICAL, and said as such.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_hanging_on_a_locked_table_are_the_service_not_answering() {
    let Some(db) = TestDatabase::create("reads_hanging_on_a_locked_table").await else { return };
    let (data, logs) = (data_dir(), data_dir());
    let server = Server::start(&[
        ("DATABASE_URL", &db.url),
        ("LLMCFG_LOG_DIR", path_str(logs.path())),
        ("CACHE_L1_ENABLED", "false"),
    ]);
    write_keys(&server, 1).await;
    let holder = db.session().await;
    holder.batch_execute("BEGIN; LOCK TABLE configs IN ACCESS EXCLUSIVE MODE").await.unwrap();
    let (code, report) =
        run("latency", &server, logs.path(), data.path(), &["--timeout".into(), "2s".into()]).await;
    holder.batch_execute("ROLLBACK").await.unwrap();
    assert_eq!(code, 2, "{report}");
    let timed = finding(&report, "latency.timed-request");
    assert_eq!(timed["status"], "CRITICAL", "{timed}");
    assert_eq!(
        timed["summary"],
        "the config read gave no answer within the 2000ms deadline: the service is not answering"
    );
}
