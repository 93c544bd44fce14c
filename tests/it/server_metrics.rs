//! What a scrape of the server holds: every family of the contract from
//! the first scrape, with zero series for every label value known at start
//! and none for a disabled tier; and requests stuck behind a held SQLite
//! lock, visible (and judged by the doctor) while they wait.

use std::time::Duration;

use contract::metrics::{
    CHANGE_CHANNEL_FAMILIES, ConfigOperation, ErrorKind, EvictionCause, FAMILIES, Kind,
    StorageOperation,
};
use reqwest::StatusCode;
use serde_json::json;

use crate::doctor_quick::{doctor_for, run_json_blocking};
use crate::support::{Server, data_dir, eventually, finding, path_str, sample_value};

/// The value of `series` (name and exact label set), or `None` when the
/// exposition does not hold it.
fn value(exposition: &str, series: &str) -> Option<f64> {
    exposition
        .lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' ')?.trim().parse().ok())
}

fn assert_zero(exposition: &str, series: &str) {
    assert_eq!(value(exposition, series), Some(0.0), "{series} is not a zero series");
}

#[tokio::test]
async fn a_fresh_server_exports_every_family_with_its_known_series_at_zero() {
    let data = data_dir();
    let server = Server::start(&[("LLMCFG_DATA_DIR", path_str(data.path()))]);
    let text = server.metrics_text().await;

    // SQLite is one replica: no change channel, none of its families.
    let on_this_server = FAMILIES.iter().filter(|family| !CHANGE_CHANNEL_FAMILIES.contains(family));
    for family in on_this_server {
        let sample_name = match family.kind {
            Kind::Histogram => format!("{}_count", family.name),
            Kind::Counter | Kind::Gauge => family.name.to_owned(),
        };
        assert!(
            text.lines().any(|line| line.starts_with(&sample_name)),
            "{} is not exported before any traffic",
            family.name
        );
    }
    for operation in ConfigOperation::ALL.iter().map(|o| o.label()) {
        assert_zero(&text, &format!(r#"config_operations_total{{operation="{operation}"}}"#));
        for kind in ErrorKind::ALL.iter().map(|k| k.label()) {
            let series = format!(r#"config_errors_total{{kind="{kind}",operation="{operation}"}}"#);
            assert_zero(&text, &series);
        }
    }
    for operation in StorageOperation::ALL.iter().map(|o| o.label()) {
        let series = format!(
            r#"storage_operation_duration_seconds_count{{backend="sqlite",operation="{operation}"}}"#
        );
        assert_zero(&text, &series);
    }
    for cause in EvictionCause::ALL.iter().map(|c| c.label()) {
        assert_zero(&text, &format!(r#"cache_evictions_total{{cause="{cause}",tier="l1"}}"#));
    }
    for series in [
        r#"cache_hits_total{tier="l1"}"#,
        r#"cache_misses_total{tier="l1"}"#,
        r#"cache_operation_duration_seconds_count{tier="l1"}"#,
        r#"http_requests_total{method="GET",route="/health",status="200"}"#,
        // PUT answers 200 on update and 201 on create: both start at zero.
        r#"http_requests_total{method="PUT",route="/api/v1/configs/{namespace}/{key}",status="200"}"#,
        r#"http_requests_total{method="PUT",route="/api/v1/configs/{namespace}/{key}",status="201"}"#,
        r#"http_request_duration_seconds_count{method="GET",route="/api/v1/configs/{namespace}/{key}"}"#,
        r#"connection_pool_waiting{pool="storage"}"#,
        "http_requests_in_flight",
        "http_request_oldest_in_flight_seconds",
        "storage_operations_in_flight",
        "storage_operation_oldest_in_flight_seconds",
    ] {
        assert_zero(&text, series);
    }
    // L2 is off without REDIS_URL: none of its series, not even at zero.
    assert!(!text.contains(r#"tier="l2""#), "a disabled L2 exports tier series");
    assert!(!text.contains(r#"source="l2""#), "a disabled L2 exports read-source series");
    assert!(!text.contains(r#"pool="redis""#), "a disabled L2 exports pool series");
    // The cache lookup histogram resolves below a microsecond.
    let lowest = r#"cache_operation_duration_seconds_bucket{tier="l1",le="0.00000025"}"#;
    assert_zero(&text, lowest);
}

#[tokio::test]
async fn a_disabled_l1_exports_no_series_of_its_tier() {
    let data = data_dir();
    let server =
        Server::start(&[("LLMCFG_DATA_DIR", path_str(data.path())), ("CACHE_L1_ENABLED", "false")]);
    let text = server.metrics_text().await;
    for label in [r#"tier="l1""#, r#"source="l1""#, r#"component="l1_cache""#] {
        assert!(!text.contains(label), "a disabled L1 exports {label}");
    }
    assert_zero(&text, r#"config_errors_total{kind="storage",operation="get"}"#);
    assert!(!text.contains(r#"tier="l2""#), "a disabled L2 exports tier series");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_stuck_behind_a_held_lock_are_seen_while_they_wait() {
    let data = data_dir();
    // Two storage connections, and a deadline far past the test, so the
    // stuck requests wait for the lock instead of failing.
    let server = Server::start(&[
        ("LLMCFG_DATA_DIR", path_str(data.path())),
        ("DATABASE_POOL_SIZE", "2"),
        ("STORAGE_TIMEOUT_MS", "60000"),
    ]);
    let doctor = || doctor_for(&server, &["latency"]);
    let (_, calm) = run_json_blocking(doctor()).await;
    let calm = finding(&calm, "latency.stalled-requests");
    assert_eq!(calm["status"], "OK", "{calm}");

    // WAL lets readers past a writer, so the lock stops the writes: each
    // holds one of the two connections in SQLite's busy wait, and the
    // uncached reads behind them wait for a connection.
    let lock = rusqlite::Connection::open(data.path().join("configs.sqlite3")).unwrap();
    lock.execute_batch("BEGIN EXCLUSIVE").unwrap();
    net::install_crypto_provider();
    let http = reqwest::Client::builder().timeout(Duration::from_secs(90)).build().unwrap();
    let in_flight = async |name: &str| sample_value(&server.metrics_text().await, name);
    let mut stuck = Vec::new();
    for n in 0..2 {
        let put = http.put(server.config_url("stall", &format!("written-{n}")));
        stuck.push(tokio::spawn(put.json(&json!({"value": n})).send()));
    }
    eventually(Duration::from_secs(10), "both writes waiting on the lock", async || {
        in_flight("storage_operations_in_flight").await >= 2.0
    })
    .await;
    for n in 0..2 {
        stuck.push(tokio::spawn(http.get(server.config_url("stall", &format!("read-{n}"))).send()));
    }
    eventually(Duration::from_secs(10), "a request in flight for over 3 s", async || {
        in_flight("http_request_oldest_in_flight_seconds").await > 3.5
    })
    .await;
    let text = server.metrics_text().await;
    assert!(sample_value(&text, "http_requests_in_flight") >= 4.0, "{text}");
    assert!(sample_value(&text, "storage_operations_in_flight") >= 4.0, "{text}");

    let (_, held) = run_json_blocking(doctor()).await;
    let stalled = finding(&held, "latency.stalled-requests");
    assert_eq!(stalled["status"], "CRITICAL", "{stalled}");
    let summary = stalled["summary"].as_str().unwrap();
    assert!(summary.contains("storage is the likely place"), "{summary}");
    assert!(stalled["value"].as_f64().unwrap() > 3.0, "{stalled}");

    lock.execute_batch("COMMIT").unwrap();
    for request in stuck {
        let status = request.await.unwrap().unwrap().status();
        assert!(
            [StatusCode::OK, StatusCode::CREATED, StatusCode::NOT_FOUND].contains(&status),
            "{status}"
        );
    }
    let (_, after) = run_json_blocking(doctor()).await;
    let after = finding(&after, "latency.stalled-requests");
    assert_eq!(after["status"], "OK", "{after}");
}
