//! The config API over HTTP: round trips on both backends, every bad input,
//! bearer tokens and rate limiting.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{Server, TestDatabase, client, data_dir, path_str};

/// Put, read back, update, list, delete: the same story on any backend.
async fn round_trip(server: &Server) {
    let http = client();
    let url = server.config_url("llm", "temperature");

    let created = http.put(&url).json(&json!({"value": {"default": 0.7}})).send().await.unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await.unwrap();
    assert_eq!(created["version"], 1);
    assert_eq!(created["env"], "production");
    assert_eq!(created["value"], json!({"default": 0.7}));

    let read: Value = http.get(&url).send().await.unwrap().json().await.unwrap();
    assert_eq!(read, created);

    let updated = http.put(&url).json(&json!({"value": [1, "two", null]})).send().await.unwrap();
    assert_eq!(updated.status(), StatusCode::OK);
    let updated: Value = updated.json().await.unwrap();
    assert_eq!(updated["version"], 2);
    assert_eq!(updated["created_at"], created["created_at"]);
    let read: Value = http.get(&url).send().await.unwrap().json().await.unwrap();
    assert_eq!(read["value"], json!([1, "two", null]));

    // Environments are separate values.
    let staging = format!("{url}?env=staging");
    assert_eq!(http.get(&staging).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    http.put(&staging)
        .json(&json!({"value": "s"}))
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap();
    http.put(server.config_url("llm", "model")).json(&json!({"value": "m"})).send().await.unwrap();

    let list: Value =
        http.get(server.url("/api/v1/configs/llm")).send().await.unwrap().json().await.unwrap();
    assert_eq!(list["count"], 2);
    let keys: Vec<&str> =
        list["items"].as_array().unwrap().iter().map(|i| i["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["model", "temperature"]);

    let deleted = http.delete(&url).send().await.unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert_eq!(http.get(&url).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    assert_eq!(http.delete(&url).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    assert_eq!(http.get(&staging).send().await.unwrap().status(), StatusCode::OK);
}

#[tokio::test]
async fn round_trip_on_sqlite() {
    let dir = data_dir();
    let server = Server::start(&[("LLMCFG_DATA_DIR", path_str(dir.path()))]);
    round_trip(&server).await;
}

#[tokio::test]
async fn round_trip_on_postgres() {
    let Some(db) = TestDatabase::create("round_trip_on_postgres").await else {
        return;
    };
    let server = Server::start(&[("DATABASE_URL", &db.url)]);
    round_trip(&server).await;
    let health: Value =
        client().get(server.url("/health")).send().await.unwrap().json().await.unwrap();
    assert_eq!(health["checks"]["storage"]["backend"], "postgres");
    // The schema is the documented one.
    let columns: Vec<String> = db
        .session()
        .await
        .query("SELECT column_name FROM information_schema.columns WHERE table_name = 'configs' ORDER BY ordinal_position", &[])
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(
        columns,
        ["namespace", "key", "environment", "value", "version", "created_at", "updated_at"]
    );
}

#[tokio::test]
async fn postgres_over_verified_tls() {
    let test = "postgres_over_verified_tls";
    let Some(db) = TestDatabase::create(test).await else { return };
    let (Ok(ca), Ok(other_ca)) =
        (std::env::var("LLMCFG_TEST_DATABASE_CA"), std::env::var("LLMCFG_TEST_OTHER_CA"))
    else {
        crate::support::skip::<()>(test, "the test server has no TLS (scripts/test sets it up)");
        return;
    };
    // The server's certificate names localhost and chains to `ca`.
    let mut url = url::Url::parse(&db.url).unwrap();
    url.set_host(Some("localhost")).unwrap();
    url.set_query(Some(&format!("sslmode=verify-full&sslrootcert={ca}")));
    let server = Server::start(&[("DATABASE_URL", url.as_str())]);
    round_trip(&server).await;
    let encrypted: bool = db
        .session()
        .await
        .query_one(
            "SELECT bool_and(s.ssl) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) \
             WHERE a.application_name = 'llm-config-server' AND a.datname = current_database()",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert!(encrypted, "the server's sessions are encrypted");
    drop(server);

    url.set_query(Some(&format!("sslmode=verify-full&sslrootcert={other_ca}")));
    let output = std::process::Command::new(crate::support::server_binary())
        .env("API_ADDR", "127.0.0.1:0")
        .env("METRICS_ADDR", "127.0.0.1:0")
        .env("DATABASE_URL", url.as_str())
        .env("STORAGE_TIMEOUT_MS", "2000")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("UnknownIssuer") && !stderr.contains("panicked"),
        "an untrusted certificate is refused: {stderr}"
    );
}

/// Sends a request and checks the status and the JSON error code.
async fn expect_error(request: reqwest::RequestBuilder, status: StatusCode, code: &str) {
    let response = request.send().await.unwrap();
    let url = response.url().clone();
    assert_eq!(response.status(), status, "{url}");
    assert_eq!(
        response.headers().get("content-type").map(|v| v.as_bytes()),
        Some(&b"application/json"[..]),
        "{url}"
    );
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()));
}

#[tokio::test]
async fn bad_input_gets_its_status_and_a_json_error() {
    let dir = data_dir();
    let server = Server::start(&[
        ("LLMCFG_DATA_DIR", path_str(dir.path())),
        ("LLMCFG_MAX_BODY_BYTES", "1024"),
    ]);
    let http = client();
    let url = server.config_url("ns", "key");
    let bad = StatusCode::BAD_REQUEST;

    expect_error(http.put(&url).body("{not json"), bad, "invalid_request").await;
    expect_error(http.put(&url).body("[1, 2]"), bad, "invalid_request").await;
    expect_error(http.put(&url).json(&json!({"value": null})), bad, "invalid_request").await;
    expect_error(http.put(&url).json(&json!({"other": 1})), bad, "invalid_request").await;
    expect_error(http.put(&url).json(&json!({"value": 1, "extra": 2})), bad, "invalid_request")
        .await;
    expect_error(
        http.put(server.config_url("bad%20ns", "key")).json(&json!({"value": 1})),
        bad,
        "invalid_request",
    )
    .await;
    expect_error(http.get(server.config_url("ns", &"k".repeat(129))), bad, "invalid_request").await;
    expect_error(http.get(format!("{url}?env=pro%2Fd")), bad, "invalid_request").await;
    expect_error(http.get(format!("{url}?env=")), bad, "invalid_request").await;

    let big = json!({"value": "x".repeat(2048)});
    expect_error(http.put(&url).json(&big), StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
        .await;
    // Without a Content-Length (chunked) the limit still holds.
    let chunk = format!("2bc\r\n{}\r\n", " ".repeat(0x2bc));
    let request = format!(
        "PUT /api/v1/configs/ns/key HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\
         Connection: close\r\n\r\n{chunk}{chunk}0\r\n\r\n"
    );
    let answer = raw_exchange(server.api, &request).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("payload_too_large"), "{answer}");

    expect_error(http.get(server.config_url("ns", "missing")), StatusCode::NOT_FOUND, "not_found")
        .await;
    expect_error(http.get(server.url("/api/v2/nothing")), StatusCode::NOT_FOUND, "no_route").await;
    expect_error(
        http.post(&url).json(&json!({"value": 1})),
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    )
    .await;

    // Nothing bad was stored, and the server still answers.
    expect_error(http.get(&url), StatusCode::NOT_FOUND, "not_found").await;
    assert_eq!(http.get(server.url("/health")).send().await.unwrap().status(), StatusCode::OK);
}

/// Writes a raw HTTP/1.1 request and reads the whole answer.
async fn raw_exchange(addr: std::net::SocketAddr, request: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(std::time::Duration::from_secs(10), stream.read_to_end(&mut answer))
        .await
        .expect("the server answers and closes")
        .unwrap();
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn writes_need_the_token_when_one_is_set() {
    let dir = data_dir();
    let server =
        Server::start(&[("LLMCFG_DATA_DIR", path_str(dir.path())), ("LLMCFG_API_TOKEN", "s3cret")]);
    let http = client();
    let url = server.config_url("ns", "key");
    let unauthorized = StatusCode::UNAUTHORIZED;
    expect_error(http.put(&url).json(&json!({"value": 1})), unauthorized, "unauthorized").await;
    expect_error(
        http.put(&url).bearer_auth("wrong").json(&json!({"value": 1})),
        unauthorized,
        "unauthorized",
    )
    .await;
    expect_error(
        http.put(&url).header("authorization", "Basic s3cret").json(&json!({"value": 1})),
        unauthorized,
        "unauthorized",
    )
    .await;
    let created =
        http.put(&url).bearer_auth("s3cret").json(&json!({"value": 1})).send().await.unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    // The scheme is case-insensitive (RFC 7235).
    for authorization in ["bearer s3cret", "BEARER  s3cret"] {
        let put = http.put(&url).header("authorization", authorization).json(&json!({"value": 2}));
        assert_eq!(put.send().await.unwrap().status(), StatusCode::OK, "{authorization}");
    }
    assert_eq!(http.get(&url).send().await.unwrap().status(), StatusCode::OK);
    expect_error(http.delete(&url), unauthorized, "unauthorized").await;
    assert_eq!(
        http.delete(&url).bearer_auth("s3cret").send().await.unwrap().status(),
        StatusCode::NO_CONTENT
    );
}

#[test]
fn refuses_an_exposed_address_without_a_token() {
    let output = std::process::Command::new(crate::support::server_binary())
        .env("API_ADDR", "0.0.0.0:0")
        .env("METRICS_ADDR", "127.0.0.1:0")
        .env_remove("LLMCFG_API_TOKEN")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("LLMCFG_API_TOKEN") && stderr.lines().count() == 1, "{stderr}");
}

#[tokio::test]
async fn over_the_rate_limit_gets_429_with_retry_after() {
    let dir = data_dir();
    let server = Server::start(&[
        ("LLMCFG_DATA_DIR", path_str(dir.path())),
        ("RATE_LIMIT_RPS", "2"),
        ("RATE_LIMIT_BURST", "5"),
    ]);
    let http = client();
    let url = server.config_url("ns", "key");
    let mut statuses = Vec::new();
    for _ in 0..12 {
        let response = http.get(&url).send().await.unwrap();
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            let retry_after: u64 =
                response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
            assert!((1..=2).contains(&retry_after), "retry-after {retry_after}");
            let body: Value = response.json().await.unwrap();
            assert_eq!(body["error"]["code"], "rate_limited");
            statuses.push(429);
        } else {
            statuses.push(response.status().as_u16());
        }
    }
    assert_eq!(&statuses[..5], &[404; 5], "the burst goes through: {statuses:?}");
    assert!(statuses[5..].iter().filter(|s| **s == 429).count() >= 6, "{statuses:?}");
    // Health checks are never rate limited.
    for _ in 0..10 {
        assert_eq!(http.get(server.url("/health")).send().await.unwrap().status(), StatusCode::OK);
    }
    let limited = server.sample(r#"http_requests_total{method="GET",route="/api/v1/configs/{namespace}/{key}",status="429"}"#).await;
    assert!(limited >= 6.0, "{limited}");
}
