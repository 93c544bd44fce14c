//! The doctor's own Redis probe against private redis-server processes: a
//! healthy one, one left at Redis's defaults (no maxmemory, noeviction), one
//! evicting under writes at a 2 MB maxmemory, and an ACL user without the
//! right to run INFO.

use std::process::Output;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::doctor_quick::doctor;
use crate::support::{RedisServer, Server, data_dir, path_str};

/// The checks that look at the doctor's Redis probe.
const REDIS_CODES: &[&str] = &[
    "memory.redis-used",
    "memory.redis-policy",
    "memory.redis-fragmentation",
    "cache.redis-evictions",
    "cache.redis-hit-rate",
    "cache.redis-latency",
    "cache.l2-status",
];

/// INFO-based checks: UNKNOWN when INFO is refused.
const INFO_CODES: &[&str] = &[
    "memory.redis-used",
    "memory.redis-policy",
    "memory.redis-fragmentation",
    "cache.redis-evictions",
    "cache.redis-hit-rate",
];

/// Runs `memory` and `cache` against `server` with `redis_url` (when given)
/// and returns every finding by code, with the raw output.
async fn sections(server: &Server, redis_url: Option<&str>) -> (Vec<Value>, String) {
    let mut findings = Vec::new();
    let mut raw = String::new();
    for section in ["memory", "cache"] {
        let mut command = doctor();
        command
            .args([section, "--format", "json", "--runtime", "process"])
            .args(["--pid", &server.pid().to_string()])
            .arg("--api-url")
            .arg(server.url("/"))
            .arg("--metrics-url")
            .arg(format!("http://{}/metrics", server.metrics));
        if let Some(url) = redis_url {
            command.args(["--redis-url", url]);
        }
        let output: Output =
            tokio::task::spawn_blocking(move || command.output().unwrap()).await.unwrap();
        let text = String::from_utf8_lossy(&output.stdout).into_owned();
        let report: Value = serde_json::from_str(&text).unwrap_or_else(|e| {
            panic!("{section}: {e}; stderr: {}", String::from_utf8_lossy(&output.stderr))
        });
        findings.extend(report["findings"].as_array().unwrap().iter().cloned());
        raw.push_str(&text);
        raw.push_str(&String::from_utf8_lossy(&output.stderr));
    }
    (findings, raw)
}

fn finding<'a>(findings: &'a [Value], code: &str) -> &'a Value {
    findings
        .iter()
        .find(|f| f["code"] == code)
        .unwrap_or_else(|| panic!("{code} missing from {findings:#?}"))
}

fn status(findings: &[Value], code: &str) -> String {
    finding(findings, code)["status"].as_str().unwrap().to_owned()
}

async fn connection(url: &str) -> redis::aio::MultiplexedConnection {
    redis::Client::open(url).unwrap().get_multiplexed_async_connection().await.unwrap()
}

/// A server whose L2 tier is `redis`.
fn server_on(redis: &RedisServer) -> (Server, tempfile::TempDir) {
    let data = data_dir();
    let url = redis.url();
    let server = Server::start(&[
        ("LLMCFG_DATA_DIR", path_str(data.path())),
        ("CACHE_L2_ENABLED", "true"),
        ("REDIS_URL", &url),
    ]);
    (server, data)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_healthy_redis_gives_no_warning() {
    let test = "a_healthy_redis_gives_no_warning";
    let Some(redis) = RedisServer::start_with(
        test,
        &["--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru"],
    ) else {
        return;
    };
    let (server, _data) = server_on(&redis);
    let mut conn = connection(&redis.url()).await;
    for n in 0..50 {
        let _: () =
            redis::cmd("SET").arg(format!("k{n}")).arg(n).query_async(&mut conn).await.unwrap();
        let _: i64 = redis::cmd("GET").arg(format!("k{n}")).query_async(&mut conn).await.unwrap();
    }
    let (findings, _) = sections(&server, Some(&redis.url())).await;
    for code in REDIS_CODES {
        assert_eq!(status(&findings, code), "OK", "{:#}", finding(&findings, code));
    }
    assert!(
        finding(&findings, "cache.l2-status")["summary"]
            .as_str()
            .unwrap()
            .contains("and so does the doctor"),
        "{:#}",
        finding(&findings, "cache.l2-status")
    );
    let latency = finding(&findings, "cache.redis-latency");
    assert!(latency["summary"].as_str().unwrap().contains("over 20 samples"), "{latency:#}");

    // Without --redis-url only cache.l2-status remains, from /health.
    let (findings, _) = sections(&server, None).await;
    for code in REDIS_CODES.iter().filter(|code| **code != "cache.l2-status") {
        assert!(findings.iter().all(|f| f["code"] != *code), "{code} ran without --redis-url");
    }
    assert_eq!(status(&findings, "cache.l2-status"), "OK");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_defaults_warn_about_maxmemory_and_noeviction() {
    let test = "redis_defaults_warn_about_maxmemory_and_noeviction";
    let Some(redis) = RedisServer::start(test) else { return };
    let (server, _data) = server_on(&redis);
    let (findings, _) = sections(&server, Some(&redis.url())).await;
    let used = finding(&findings, "memory.redis-used");
    assert_eq!(used["status"], "WARNING", "{used:#}");
    assert!(used["summary"].as_str().unwrap().contains("no maxmemory"), "{used:#}");
    assert!(used["remediation"].is_string());
    let policy = finding(&findings, "memory.redis-policy");
    assert_eq!(policy["status"], "WARNING", "{policy:#}");
    assert!(policy["summary"].as_str().unwrap().contains("noeviction"), "{policy:#}");
    // A fresh Redis has a large ratio over a tiny data set: not judged.
    assert_eq!(status(&findings, "memory.redis-fragmentation"), "OK");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_redis_under_writes_reports_evictions_and_memory_pressure() {
    let test = "a_full_redis_under_writes_reports_evictions_and_memory_pressure";
    let Some(redis) =
        RedisServer::start_with(test, &["--maxmemory", "2mb", "--maxmemory-policy", "allkeys-lru"])
    else {
        return;
    };
    let (server, _data) = server_on(&redis);
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (stop, url) = (Arc::clone(&stop), redis.url());
        tokio::spawn(async move {
            let mut conn = connection(&url).await;
            let value = vec![b'x'; 10 * 1024];
            let mut n = 0u64;
            while !stop.load(Ordering::Relaxed) {
                let _: () = redis::cmd("SET")
                    .arg(format!("fill-{n}"))
                    .arg(&value)
                    .query_async(&mut conn)
                    .await
                    .unwrap();
                n += 1;
            }
            n
        })
    };
    // Fill it first, so the doctor's window sees eviction under way.
    let mut conn = connection(&redis.url()).await;
    let started = Instant::now();
    loop {
        let info: String = redis::cmd("INFO").arg("stats").query_async(&mut conn).await.unwrap();
        if info.lines().any(|l| l.strip_prefix("evicted_keys:").is_some_and(|n| n.trim() != "0")) {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "nothing evicted");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let (findings, _) = sections(&server, Some(&redis.url())).await;
    stop.store(true, Ordering::Relaxed);
    assert!(writer.await.unwrap() > 0);
    let evictions = finding(&findings, "cache.redis-evictions");
    assert_eq!(evictions["status"], "CRITICAL", "{evictions:#}");
    assert!(evictions["summary"].as_str().unwrap().contains("sustained"), "{evictions:#}");
    assert!(evictions["remediation"].is_string());
    let used = finding(&findings, "memory.redis-used");
    assert!(["WARNING", "CRITICAL"].contains(&used["status"].as_str().unwrap()), "{used:#}");
    assert!(used["value"].as_f64().unwrap() >= 60.0, "{used:#}");
    assert_eq!(status(&findings, "memory.redis-policy"), "OK");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_without_info_rights_gets_unknown_with_the_reason() {
    let test = "a_user_without_info_rights_gets_unknown_with_the_reason";
    let Some(redis) = RedisServer::start(test) else { return };
    let (server, _data) = server_on(&redis);
    let mut conn = connection(&redis.url()).await;
    let _: () = redis::cmd("ACL")
        .arg(&["SETUSER", "limited", "on", ">hunter2pw", "~*", "+get", "+set", "+ping"])
        .query_async(&mut conn)
        .await
        .unwrap();
    let url = format!("redis://limited:hunter2pw@127.0.0.1:{}", redis.port);
    let (findings, raw) = sections(&server, Some(&url)).await;
    for code in INFO_CODES {
        let found = finding(&findings, code);
        assert_eq!(found["status"], "UNKNOWN", "{found:#}");
        let summary = found["summary"].as_str().unwrap();
        assert!(summary.contains("NOPERM") && summary.contains("permission"), "{found:#}");
        assert!(found["remediation"].as_str().unwrap().contains("+info"), "{found:#}");
    }
    // PING is allowed: latency is measured, the slow log says why it is not.
    let latency = finding(&findings, "cache.redis-latency");
    assert_ne!(latency["status"], "UNKNOWN", "{latency:#}");
    assert!(latency["summary"].as_str().unwrap().contains("slow log not read"), "{latency:#}");
    assert_eq!(status(&findings, "cache.l2-status"), "OK");
    assert!(!raw.contains("hunter2pw"), "the password leaked:\n{raw}");
    assert!(raw.contains("redis://limited:***@127.0.0.1"));
}
