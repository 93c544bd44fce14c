//! Operating the server: storage outages, graceful stop, request logs.

use std::time::{Duration, Instant};

use contract::logs;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{Server, TestDatabase, client, data_dir, eventually, path_str};

#[tokio::test]
async fn storage_down_serves_cached_reads_and_503s_the_rest() {
    let Some(db) = TestDatabase::create("storage_down_serves_cached_reads").await else {
        return;
    };
    let server = Server::start(&[("DATABASE_URL", &db.url), ("STORAGE_TIMEOUT_MS", "1000")]);
    let http = client();
    let cached = server.config_url("ops", "cached");
    http.put(&cached).json(&json!({"value": 1})).send().await.unwrap().error_for_status().unwrap();

    // Take the database away: refuse new sessions and end the server's.
    let admin = db.admin().await;
    admin
        .batch_execute(&format!("ALTER DATABASE {} ALLOW_CONNECTIONS false", db.name))
        .await
        .unwrap();
    admin
        .execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1",
            &[&db.name],
        )
        .await
        .unwrap();

    eventually(Duration::from_secs(5), "unhealthy", async || {
        http.get(server.url("/health")).send().await.unwrap().status()
            == StatusCode::SERVICE_UNAVAILABLE
    })
    .await;
    let health: Value = http.get(server.url("/health")).send().await.unwrap().json().await.unwrap();
    assert_eq!(health["status"], "unhealthy");
    assert_eq!(health["checks"]["storage"]["status"], "down");

    let response = http.get(&cached).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "a cached read survives the outage");
    let started = Instant::now();
    let response = http.get(server.config_url("ops", "uncached")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(started.elapsed() < Duration::from_secs(8), "bounded by STORAGE_TIMEOUT_MS, not hung");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "storage_unavailable");
    let response = http.put(&cached).json(&json!({"value": 2})).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);

    let errors = server.sample(r#"config_errors_total{kind="unavailable",operation="get"}"#).await;
    assert!(errors >= 1.0);
    // Log lines reach stdout within the writer's flush interval.
    eventually(Duration::from_secs(2), "an ERROR line for the 503", async || {
        server
            .logs()
            .iter()
            .any(|l| l.contains("\"level\":\"ERROR\"") && l.contains("\"status\":503"))
    })
    .await;

    // And back.
    admin
        .batch_execute(&format!("ALTER DATABASE {} ALLOW_CONNECTIONS true", db.name))
        .await
        .unwrap();
    eventually(Duration::from_secs(10), "healthy", async || {
        http.get(server.url("/health")).send().await.unwrap().status() == StatusCode::OK
    })
    .await;
    http.put(&cached).json(&json!({"value": 3})).send().await.unwrap().error_for_status().unwrap();
}

#[tokio::test]
async fn sigterm_finishes_in_flight_requests_then_exits_0() {
    let Some(db) = TestDatabase::create("sigterm_finishes_in_flight").await else {
        return;
    };
    let server = Server::start(&[("DATABASE_URL", &db.url)]);
    let http = client();
    let url = server.config_url("ops", "slow");
    http.put(&url).json(&json!({"value": 1})).send().await.unwrap().error_for_status().unwrap();

    // Hold a lock so the next write waits inside the server.
    let mut blocker = db.session().await;
    let lock = blocker.transaction().await.unwrap();
    lock.batch_execute("LOCK TABLE configs IN ACCESS EXCLUSIVE MODE").await.unwrap();
    let in_flight = tokio::spawn({
        let (http, url) = (http.clone(), url.clone());
        async move { http.put(&url).json(&json!({"value": 2})).send().await.unwrap().status() }
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let pid = server.pid();
    crate::support::signal(pid, "TERM");
    tokio::time::sleep(Duration::from_millis(300)).await;
    // Stopped accepting: a new connection is refused while the write waits.
    assert!(
        tokio::net::TcpStream::connect(server.api).await.is_err(),
        "still accepting after SIGTERM"
    );
    lock.rollback().await.unwrap();

    assert_eq!(in_flight.await.unwrap(), StatusCode::OK, "the in-flight write completes");
    let status = tokio::task::spawn_blocking(move || server.terminate_wait()).await.unwrap();
    assert_eq!(status.code(), Some(0));
}

#[tokio::test]
async fn every_request_is_one_json_log_line() {
    let dir = data_dir();
    let logs = data_dir();
    let server = Server::start(&[
        ("LLMCFG_DATA_DIR", path_str(dir.path())),
        ("LLMCFG_LOG_DIR", path_str(logs.path())),
    ]);
    let http = client();
    http.put(server.config_url("logs", "a")).json(&json!({"value": 1})).send().await.unwrap();
    http.get(server.config_url("logs", "missing")).send().await.unwrap();
    let status = server.terminate();
    assert_eq!(status.code(), Some(0));

    let file = std::fs::read_dir(logs.path()).unwrap().next().unwrap().unwrap().path();
    let name = file.file_name().unwrap().to_str().unwrap().to_owned();
    assert!(name.starts_with("llm-config-server.") && name.ends_with(".log"), "{name}");
    let lines: Vec<Value> = std::fs::read_to_string(&file)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect();
    let requests: Vec<&Value> = lines.iter().filter(|l| l["route"].is_string()).collect();
    assert_eq!(requests.len(), 2, "{lines:?}");
    for line in &requests {
        // The fields the doctor reads, by the contract's names.
        for field in [logs::LEVEL, logs::TIMESTAMP, logs::DURATION_MS, "message", "route", "status"]
        {
            assert!(!line[field].is_null(), "{field} missing in {line}");
        }
    }
    assert_eq!(requests[0]["status"], 201);
    assert_eq!(requests[0]["route"], "/api/v1/configs/{namespace}/{key}");
    assert_eq!(requests[1]["status"], 404);
    assert_eq!(requests[1]["level"], "WARN");
}
