//! The cache tiers against real Redis: L2 round trips, counters that follow
//! the traffic, and a Redis killed mid-run.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{RedisServer, Server, client, data_dir, eventually, path_str, service_url};

async fn put(server: &Server, key: &str, value: Value) {
    client()
        .put(server.config_url("cache", key))
        .json(&json!({"value": value}))
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap();
}

/// GETs a key and returns the tier that answered (`x-cache`).
async fn get_source(server: &Server, key: &str) -> String {
    let response = client().get(server.config_url("cache", key)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "GET {key}");
    response.headers()["x-cache"].to_str().unwrap().to_owned()
}

async fn health(server: &Server) -> Value {
    client().get(server.url("/health")).send().await.unwrap().json().await.unwrap()
}

/// The value a GET of `key` answers.
async fn value_of(server: &Server, key: &str) -> Value {
    let body: Value =
        client().get(server.config_url("cache", key)).send().await.unwrap().json().await.unwrap();
    body["value"].clone()
}

/// Waits until `/health` says `status`.
async fn until_health(server: &Server, status: &str, within: Duration) {
    eventually(within, status, async || health(server).await["status"] == status).await;
}

#[tokio::test]
async fn l2_serves_what_l1_does_not_hold() {
    let Some(redis_url) = service_url("LLMCFG_TEST_REDIS_URL", "l2_serves_what_l1_does_not_hold")
    else {
        return;
    };
    let dir = data_dir();
    let env = [
        ("LLMCFG_DATA_DIR", path_str(dir.path())),
        ("REDIS_URL", &redis_url),
        ("CACHE_L1_ENABLED", "false"),
    ];
    let server = Server::start(&env);
    eventually(Duration::from_secs(5), "L2 up", async || {
        health(&server).await["checks"]["cache"]["l2"]["status"] == "up"
    })
    .await;
    let key = format!("l2-{}", std::process::id());
    put(&server, &key, json!({"model": "a"})).await;
    assert_eq!(get_source(&server, &key).await, "l2", "a write fills L2");
    assert_eq!(server.sample(r#"cache_hits_total{tier="l2"}"#).await, 1.0);

    // A new process with an empty L1 finds the value in the shared L2,
    // and the update reaches it too.
    let second = server.restart_like();
    eventually(Duration::from_secs(5), "L2 up", async || {
        health(&second).await["checks"]["cache"]["l2"]["status"] == "up"
    })
    .await;
    assert_eq!(get_source(&second, &key).await, "l2");
    put(&second, &key, json!({"model": "b"})).await;
    let body: Value =
        client().get(server.config_url("cache", &key)).send().await.unwrap().json().await.unwrap();
    assert_eq!(body["value"]["model"], "b");
    assert_eq!(body["version"], 2);

    // A deleted key is gone from L2 as well.
    client().delete(second.config_url("cache", &key)).send().await.unwrap();
    let response = client().get(server.config_url("cache", &key)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn hit_miss_and_eviction_counters_follow_traffic() {
    let dir = data_dir();
    let server =
        Server::start(&[("LLMCFG_DATA_DIR", path_str(dir.path())), ("CACHE_L1_SIZE", "10")]);
    for n in 0..30 {
        put(&server, &format!("k{n}"), json!(n)).await;
    }
    let evictions_after_writes =
        server.sample(r#"cache_evictions_total{cause="size",tier="l1"}"#).await;
    assert!(
        evictions_after_writes >= 15.0,
        "30 writes into 10 slots evict: {evictions_after_writes}"
    );

    // The five most recent keys are hot; read them repeatedly.
    for _ in 0..4 {
        for n in 25..30 {
            get_source(&server, &format!("k{n}")).await;
        }
    }
    let hits = server.sample(r#"cache_hits_total{tier="l1"}"#).await;
    assert!(hits >= 15.0, "hot keys hit L1: {hits}");

    // A sweep over all keys misses for most of them.
    let misses_before = server.sample(r#"cache_misses_total{tier="l1"}"#).await;
    for n in 0..30 {
        get_source(&server, &format!("k{n}")).await;
    }
    let misses = server.sample(r#"cache_misses_total{tier="l1"}"#).await - misses_before;
    assert!(misses >= 15.0, "a sweep larger than L1 misses: {misses}");
    let text = server.metrics_text().await;
    let entries = crate::support::sample_value(&text, r#"cache_size_entries{tier="l1"}"#);
    assert!((1.0..=10.0).contains(&entries), "L1 holds at most its capacity: {entries}");
    let storage_reads = crate::support::sample_value(
        &text,
        r#"storage_operation_duration_seconds_count{backend="sqlite",operation="read"}"#,
    );
    assert!(storage_reads >= misses, "every miss reads storage: {storage_reads} < {misses}");
    let l1_bytes =
        crate::support::sample_value(&text, r#"memory_usage_bytes{component="l1_cache"}"#);
    assert!(l1_bytes > 0.0);
    assert!(text.contains("process_resident_memory_bytes"));
}

#[tokio::test]
async fn redis_killed_mid_run_degrades_but_keeps_serving() {
    let Some(mut redis) = RedisServer::start("redis_killed_mid_run_degrades_but_keeps_serving")
    else {
        return;
    };
    let dir = data_dir();
    let log_dir = data_dir();
    let server = Server::start(&[
        ("LLMCFG_DATA_DIR", path_str(dir.path())),
        ("LLMCFG_LOG_DIR", path_str(log_dir.path())),
        ("REDIS_URL", &redis.url()),
    ]);
    eventually(Duration::from_secs(5), "healthy", async || {
        health(&server).await["status"] == "healthy"
    })
    .await;
    put(&server, "before", json!(1)).await;

    redis.kill();
    eventually(Duration::from_secs(5), "degraded", async || {
        health(&server).await["status"] == "degraded"
    })
    .await;
    let response = client().get(server.url("/health")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "degraded is still 200");

    // Reads and writes go on without Redis.
    assert_eq!(get_source(&server, "before").await, "l1");
    put(&server, "during", json!(2)).await;
    put(&server, "before", json!(3)).await;
    assert_eq!(get_source(&server, "during").await, "l1");

    // Back up: the tier returns by itself.
    redis.restart();
    eventually(Duration::from_secs(10), "healthy again", async || {
        health(&server).await["status"] == "healthy"
    })
    .await;
    assert_eq!(value_of(&server, "before").await, 3);

    let logged = std::fs::read_dir(log_dir.path()).unwrap().count();
    assert!(logged >= 1, "log lines go to LLMCFG_LOG_DIR too");
    assert!(
        server
            .logs()
            .iter()
            .any(|line| line.contains("\"level\":\"ERROR\"")
                && line.contains("L2 cache marked down")),
        "losing Redis is logged at ERROR"
    );
}

#[tokio::test]
async fn writes_missed_while_redis_was_unreachable_are_not_served_stale() {
    let Some(redis) = RedisServer::start("writes_missed_while_redis_was_unreachable") else {
        return;
    };
    let dir = data_dir();
    let server = Server::start(&[
        ("LLMCFG_DATA_DIR", path_str(dir.path())),
        ("REDIS_URL", &redis.url()),
        ("CACHE_L1_ENABLED", "false"),
    ]);
    eventually(Duration::from_secs(5), "healthy", async || {
        health(&server).await["status"] == "healthy"
    })
    .await;
    put(&server, "k", json!("old")).await;
    assert_eq!(get_source(&server, "k").await, "l2");

    // A frozen Redis keeps its data but answers nothing.
    let pid = redis.pid();
    crate::support::signal(pid, "STOP");
    eventually(Duration::from_secs(5), "degraded", async || {
        health(&server).await["status"] == "degraded"
    })
    .await;
    put(&server, "k", json!("new")).await;
    crate::support::signal(pid, "CONT");
    eventually(Duration::from_secs(10), "healthy again", async || {
        health(&server).await["status"] == "healthy"
    })
    .await;

    assert_eq!(
        value_of(&server, "k").await,
        "new",
        "the value written while Redis was frozen wins"
    );
}

/// A write Redis missed while it was out of reach is not forgotten by a
/// restart: Redis comes back holding the older value, and no read may
/// serve it.
#[tokio::test]
async fn a_write_redis_missed_is_not_served_after_a_restart() {
    let Some(redis) = RedisServer::start("a_write_redis_missed_is_not_served_after_a_restart")
    else {
        return;
    };
    let proxy = crate::support::FreezableProxy::start(([127, 0, 0, 1], redis.port).into()).await;
    let dir = data_dir();
    let redis_url = format!("redis://127.0.0.1:{}", proxy.port);
    // Without L1 every read asks Redis first.
    let server = Server::start(&[
        ("LLMCFG_DATA_DIR", path_str(dir.path())),
        ("REDIS_URL", &redis_url),
        ("CACHE_L1_ENABLED", "false"),
    ]);
    until_health(&server, "healthy", Duration::from_secs(5)).await;
    put(&server, "missed", json!("v1")).await;
    assert_eq!(get_source(&server, "missed").await, "l2");

    proxy.freeze();
    until_health(&server, "degraded", Duration::from_secs(5)).await;
    put(&server, "missed", json!("v2")).await;
    let server = server.restart_like_after(|server| {
        server.terminate();
    });
    proxy.thaw();
    until_health(&server, "healthy", Duration::from_secs(10)).await;
    for _ in 0..20 {
        assert_eq!(
            value_of(&server, "missed").await,
            "v2",
            "a value Redis kept from before the write"
        );
    }
    // Purged once: the next restart finds no mark and keeps Redis's keys.
    put(&server, "kept", json!("k")).await;
    let server = server.restart_like_after(|server| {
        server.terminate();
    });
    until_health(&server, "healthy", Duration::from_secs(10)).await;
    assert_eq!(get_source(&server, "kept").await, "l2");
}
