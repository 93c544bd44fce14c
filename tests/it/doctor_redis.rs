//! The doctor's own Redis probe against private redis-server processes: a
//! healthy one, one left at Redis's defaults (no maxmemory, noeviction), one
//! evicting under writes at a 2 MB maxmemory, and an ACL user without the
//! right to run INFO.

use std::process::Output;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::doctor_quick::{doctor, doctor_for_process, run_json_blocking};
use crate::support::{RedisServer, Server, data_dir, path_str, service_binary};

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
    sections_with(server, redis_url, &[]).await
}

async fn sections_with(
    server: &Server,
    redis_url: Option<&str>,
    extra: &[String],
) -> (Vec<Value>, String) {
    let mut findings = Vec::new();
    let mut raw = String::new();
    for section in ["memory", "cache"] {
        let mut command = doctor_for_process(server, &[section, "--format", "json"]);
        if let Some(url) = redis_url {
            command.args(["--redis-url", url]);
        }
        command.args(extra);
        let output: Output =
            tokio::task::spawn_blocking(move || command.output().unwrap()).await.unwrap();
        let text = String::from_utf8_lossy(&output.stdout).into_owned();
        let report = crate::schemas::doctor_output(&output);
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
pub fn server_on(redis: &RedisServer) -> (Server, tempfile::TempDir) {
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
    // Every command is logged as slow, so the slow log has entries to show.
    let Some(redis) = RedisServer::start_with(
        test,
        &["--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru"]
            .into_iter()
            .chain(["--slowlog-log-slower-than", "0"])
            .collect::<Vec<_>>(),
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
    // Two shared cores running the whole suite can push a loopback PING
    // over 1 ms; the default band is unit-tested, here it is loosened
    // through a runbook file (which also shows `[redis]` can be overridden).
    let runbook = tempfile::NamedTempFile::new().unwrap();
    let embedded =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/runbooks/performance.toml"))
            .unwrap();
    let loose = "latency-ms = { warning = 50, critical = 100 }";
    std::fs::write(
        runbook.path(),
        embedded.replace("latency-ms = { warning = 1, critical = 5 }", loose),
    )
    .unwrap();
    let extra = ["--runbook".to_owned(), path_str(runbook.path()).to_owned()];
    // Lookups while the doctor reads INFO, so that its window has enough
    // of them for a hit rate.
    let lookups = tokio::spawn(async move {
        for n in (0..50).cycle().take(6000) {
            let _: i64 =
                redis::cmd("GET").arg(format!("k{n}")).query_async(&mut conn).await.unwrap();
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    });
    let (findings, _) = sections_with(&server, Some(&redis.url()), &extra).await;
    lookups.abort();
    let hit_rate = finding(&findings, "cache.redis-hit-rate");
    let text = hit_rate["summary"].as_str().unwrap();
    assert!(text.starts_with("keyspace hits: 100% ("), "{hit_rate:#}");
    assert!(hit_rate["threshold"]["text"].as_str().unwrap().starts_with("context: "));
    let latency = finding(&findings, "cache.redis-latency");
    assert_eq!(
        latency["threshold"]["text"],
        "OK < 50 ms, WARNING 50-100 ms, CRITICAL > 100 ms; judged on the median of at least 5 PINGs"
    );
    assert_eq!(
        [&latency["threshold"]["warning"], &latency["threshold"]["critical"]],
        [50.0, 100.0]
    );
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
    let summary = latency["summary"].as_str().unwrap();
    assert!(
        summary.starts_with("PING median ") && summary.contains(" ms of 20 (min "),
        "{latency:#}"
    );
    // Every command is slow at a 0 µs threshold: the slow log has entries.
    assert!(summary.contains("slow log: 10 recent entries, slowest"), "{latency:#}");

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
    let (_, cache) =
        run_json_blocking(doctor_for_process(&server, &["cache", "--redis-url", &redis.url()]))
            .await;
    stop.store(true, Ordering::Relaxed);
    assert_eq!(cache["causes"][0]["cause"], "redis-evicting", "{:#}", cache["causes"]);
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

/// A CA and a server certificate for 127.0.0.1, made with the openssl CLI.
fn certificates(test: &str) -> Option<tempfile::TempDir> {
    let openssl = service_binary("openssl", test)?;
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let status = std::process::Command::new(&openssl)
            .args(args)
            .current_dir(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "openssl {args:?}");
    };
    std::fs::write(dir.path().join("ext.cnf"), "subjectAltName=IP:127.0.0.1\n").unwrap();
    run(&["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt"]
        .into_iter()
        .chain(["-days", "2", "-subj", "/CN=llmcfg-test-ca"])
        .collect::<Vec<_>>());
    run(&["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr"]
        .into_iter()
        .chain(["-subj", "/CN=127.0.0.1"])
        .collect::<Vec<_>>());
    run(&["x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key"]
        .into_iter()
        .chain(["-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", "ext.cnf"])
        .collect::<Vec<_>>());
    Some(dir)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rediss_urls_are_probed_over_tls() {
    let test = "rediss_urls_are_probed_over_tls";
    let Some(certs) = certificates(test) else { return };
    let path = |name: &str| certs.path().join(name);
    let file = |name: &str| path(name).to_str().unwrap().to_owned();
    let Some(redis) = RedisServer::start_tls(
        test,
        &path("server.crt"),
        &path("server.key"),
        &path("ca.crt"),
        &["--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru"],
    ) else {
        return;
    };
    let url = format!("rediss://127.0.0.1:{}", redis.port);
    let ca = file("ca.crt");
    let probe = move |trust: bool| {
        let mut command = doctor();
        command.args(["cache", "--format", "json", "--api-url", "http://127.0.0.1:1/"]);
        command.args(["--redis-url", &url]);
        if trust {
            command.env("SSL_CERT_FILE", &ca);
        }
        let output = command.output().unwrap();
        let report = crate::schemas::doctor_output(&output);
        report["findings"].as_array().unwrap().clone()
    };
    let trusted = tokio::task::spawn_blocking(move || (probe(true), probe(false))).await.unwrap();
    let (trusted, untrusted) = trusted;
    let status_of = |findings: &[Value], code: &str| status(findings, code);
    assert_eq!(status_of(&trusted, "cache.redis-evictions"), "OK", "{trusted:#?}");
    assert!(
        finding(&trusted, "cache.l2-status")["summary"]
            .as_str()
            .unwrap()
            .contains("the doctor reaches Redis"),
        "{trusted:#?}"
    );
    // A certificate nobody vouches for is refused, and the finding says so.
    let refused = finding(&untrusted, "cache.l2-status");
    assert_eq!(refused["status"], "CRITICAL", "{refused:#}");
    assert!(refused["summary"].as_str().unwrap().contains("certificate"), "{refused:#}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bigkeys_finds_the_largest_key_only_when_asked() {
    let test = "bigkeys_finds_the_largest_key_only_when_asked";
    let Some(redis) = RedisServer::start(test) else { return };
    let (server, _data) = server_on(&redis);
    let mut writer = connection(&redis.url()).await;
    for n in 0..200 {
        let _: () = redis::cmd("SET")
            .arg(format!("small:{n}"))
            .arg("x")
            .query_async(&mut writer)
            .await
            .unwrap();
    }
    let big = "y".repeat(2 * 1024 * 1024);
    let _: () =
        redis::cmd("SET").arg("huge:document").arg(&big).query_async(&mut writer).await.unwrap();

    let cache = |bigkeys: bool| {
        let mut command = doctor_for_process(&server, &["cache", "--format", "json"]);
        command.args(["--redis-url", &redis.url()]);
        if bigkeys {
            command.arg("--bigkeys");
        }
        command
    };
    let mut without = cache(false);
    let output = tokio::task::spawn_blocking(move || without.output().unwrap()).await.unwrap();
    let report = crate::schemas::doctor_output(&output);
    let codes: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(!codes.contains(&"cache.redis-bigkeys"), "the scan is opt-in: {codes:?}");

    let mut with = cache(true);
    let output = tokio::task::spawn_blocking(move || with.output().unwrap()).await.unwrap();
    let report = crate::schemas::doctor_output(&output);
    let findings = report["findings"].as_array().unwrap().clone();
    let big_keys = finding(&findings, "cache.redis-bigkeys");
    assert_eq!(big_keys["status"], "WARNING", "{big_keys:#}");
    let summary = big_keys["summary"].as_str().unwrap();
    assert!(
        summary.contains("the whole keyspace") && summary.starts_with("largest of 201 scanned"),
        "{summary}"
    );
    assert!(summary.contains("huge:document"), "{summary}");
}
