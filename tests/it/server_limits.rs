//! The server sheds what would hold its connections forever: heads that
//! trickle in, bodies that never finish, kept-alive connections nobody
//! uses, and connections past its limit; each is counted by reason.

use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::support::{Server, data_dir, path_str};

fn server(extra: &[(&str, &str)]) -> (Server, tempfile::TempDir) {
    let data = data_dir();
    let mut env = vec![("LLMCFG_DATA_DIR", path_str(data.path()))];
    env.extend_from_slice(extra);
    (Server::start(&env), data)
}

/// Reads until the server closes the connection; what it sent, and when.
async fn until_closed(
    stream: &mut (impl AsyncRead + Unpin),
    within: Duration,
) -> (String, Instant) {
    let mut answer = Vec::new();
    let mut buf = [0; 4096];
    loop {
        match tokio::time::timeout(within, stream.read(&mut buf)).await {
            Ok(Ok(0) | Err(_)) => return (String::from_utf8_lossy(&answer).into(), Instant::now()),
            Ok(Ok(n)) => answer.extend_from_slice(&buf[..n]),
            Err(_) => {
                panic!("still open after {within:?}; got {}", String::from_utf8_lossy(&answer))
            }
        }
    }
}

async fn shed(server: &Server, reason: &str) -> f64 {
    server.sample(&format!("http_connections_shed_total{{reason=\"{reason}\"}}")).await
}

#[tokio::test]
async fn heads_that_trickle_in_are_shed_at_the_head_deadline() {
    let (server, _data) = server(&[("HTTP_HEAD_TIMEOUT_MS", "1000")]);
    let started = Instant::now();
    let mut readers = Vec::new();
    for _ in 0..20 {
        let stream = TcpStream::connect(server.api).await.unwrap();
        let (reader, mut writer) = stream.into_split();
        readers.push(reader);
        // One header byte every 200 ms: each arrives well within any
        // per-read timeout, the head never ends.
        tokio::spawn(async move {
            let _ = writer.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n").await;
            for _ in 0..25 {
                tokio::time::sleep(Duration::from_millis(200)).await;
                if writer.write_all(b"X").await.is_err() {
                    return;
                }
            }
        });
    }
    for reader in &mut readers {
        let (_, closed_at) = until_closed(reader, Duration::from_secs(3)).await;
        let after = closed_at - started;
        // The trickle itself would last 5 s.
        assert!(after < Duration::from_secs(3), "shed after {after:?}");
    }
    assert_eq!(shed(&server, "head_timeout").await, 20.0);
    // A client that sends nothing at all is shed as well.
    let mut silent = TcpStream::connect(server.api).await.unwrap();
    until_closed(&mut silent, Duration::from_secs(3)).await;
    assert_eq!(shed(&server, "head_timeout").await, 21.0);
}

#[tokio::test]
async fn an_idle_keep_alive_is_closed_and_a_busy_one_is_not() {
    let (server, _data) = server(&[("HTTP_IDLE_TIMEOUT_MS", "800")]);
    let request = b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
    let mut busy = TcpStream::connect(server.api).await.unwrap();
    let mut buf = vec![0; 64 << 10];
    // Requests every 300 ms for 2 s: never idle for 800 ms.
    for _ in 0..7 {
        busy.write_all(request).await.unwrap();
        let n = busy.read(&mut buf).await.unwrap();
        assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let mut idle = TcpStream::connect(server.api).await.unwrap();
    idle.write_all(request).await.unwrap();
    let answered = Instant::now();
    let (answer, closed_at) = until_closed(&mut idle, Duration::from_secs(3)).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let idle_for = closed_at - answered;
    assert!(idle_for >= Duration::from_millis(700), "closed after {idle_for:?}");
    // And the busy one, idle since its last request.
    assert_eq!(shed(&server, "idle_timeout").await, 2.0);
}

#[tokio::test]
async fn a_body_that_never_finishes_is_answered_408_with_the_json_error() {
    let (server, _data) = server(&[("HTTP_BODY_TIMEOUT_MS", "500")]);
    let mut stream = TcpStream::connect(server.api).await.unwrap();
    stream
        .write_all(
            b"PUT /api/v1/configs/slow/key HTTP/1.1\r\nHost: x\r\n\
              content-type: application/json\r\ncontent-length: 100\r\n\r\n{\"value\":",
        )
        .await
        .unwrap();
    let sent = Instant::now();
    let (answer, closed_at) = until_closed(&mut stream, Duration::from_secs(3)).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"request_timeout\""), "{answer}");
    assert!(closed_at - sent < Duration::from_secs(3), "the body deadline is 500 ms");
    assert_eq!(shed(&server, "body_timeout").await, 1.0);
}

#[tokio::test]
async fn connections_past_the_limit_are_answered_503_and_closed() {
    let (server, _data) = server(&[("HTTP_MAX_CONNECTIONS", "5")]);
    let mut held = Vec::new();
    for _ in 0..5 {
        held.push(TcpStream::connect(server.api).await.unwrap());
    }
    // The server has accepted the five before it sees the sixth.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut extra = TcpStream::connect(server.api).await.unwrap();
    let (answer, _) = until_closed(&mut extra, Duration::from_secs(3)).await;
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.contains("\"overloaded\""), "{answer}");
    assert_eq!(shed(&server, "connection_limit").await, 1.0);
    // Five held and the scrape's own; a connection the server has just
    // closed (the refused one, an earlier scrape's) may be counted for a
    // moment after the client sees it closed.
    crate::support::eventually(
        Duration::from_secs(3),
        "five held and the scrape's own",
        async || server.sample("http_connections_open").await == 6.0,
    )
    .await;
    drop(held);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let after = crate::support::client().get(server.url("/health")).send().await.unwrap();
    assert!(after.status().is_success());
}

/// Requests hyper refuses before any handler sees them: each must still
/// get the API's JSON error body.
#[tokio::test]
async fn requests_the_framework_refuses_get_the_json_error_body() {
    let (server, _data) = server(&[]);
    let mut many_headers = String::from("GET /health HTTP/1.1\r\nHost: x\r\n");
    for n in 0..1000 {
        many_headers.push_str(&format!("x-h{n}: v\r\n"));
    }
    many_headers.push_str("\r\n");
    let huge_header =
        format!("GET /health HTTP/1.1\r\nHost: x\r\nx-big: {}\r\n\r\n", "a".repeat(1 << 20));
    // The start of a TLS 1.2 ClientHello.
    let client_hello: &[u8] = &[0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0xa1, 0x03, 0x03];
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "two differing content-lengths",
            b"PUT /api/v1/configs/a/b HTTP/1.1\r\nHost: x\r\ncontent-length: 2\r\ncontent-length: 3\r\n\r\n{}".to_vec(),
        ),
        ("a negative content-length", b"PUT /api/v1/configs/a/b HTTP/1.1\r\nHost: x\r\ncontent-length: -1\r\n\r\n".to_vec()),
        ("raw bytes in the path", b"GET /\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n".to_vec()),
        ("a 1 MB header", huge_header.into_bytes()),
        ("1000 headers", many_headers.into_bytes()),
        ("HTTP/0.9", b"GET /health\r\n\r\n".to_vec()),
        ("a TLS ClientHello", client_hello.to_vec()),
    ];
    for (case, request) in cases {
        let mut stream = TcpStream::connect(server.api).await.unwrap();
        // The server may answer and close before it has read everything.
        let _ = stream.write_all(&request).await;
        let (answer, _) = until_closed(&mut stream, Duration::from_secs(5)).await;
        let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
        assert!(head.starts_with("HTTP/1.1 4"), "{case}: {head}");
        let body: serde_json::Value = serde_json::from_str(body)
            .unwrap_or_else(|e| panic!("{case}: the body is not JSON ({e}): {answer}"));
        assert!(body["error"]["code"].is_string(), "{case}: {body}");
    }
}
