//! Property tests of the API's handlers, called in-process: whatever the
//! method, path, query, headers and body, a client's mistake is answered
//! with a 4xx and the API's JSON error body, never a 5xx, never a panic.

use std::collections::HashMap;
use std::sync::OnceLock;

use axum::body::Body;
use proptest::prelude::*;
use server::config::ServerConfig;
use server::{AppState, api_router};
use tower::ServiceExt;

/// One server for every case: its runtime, router and data directory.
fn shared() -> &'static (tokio::runtime::Runtime, axum::Router, tempfile::TempDir) {
    static SHARED: OnceLock<(tokio::runtime::Runtime, axum::Router, tempfile::TempDir)> =
        OnceLock::new();
    SHARED.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let vars = HashMap::from([
            ("LLMCFG_DATA_DIR".to_owned(), dir.path().to_str().unwrap().to_owned()),
            ("LLMCFG_MAX_BODY_BYTES".to_owned(), "4096".to_owned()),
            ("LLMCFG_API_TOKEN".to_owned(), "secret-token".to_owned()),
        ]);
        let config = ServerConfig::from_vars(&vars).unwrap();
        let state = runtime.block_on(AppState::build(config)).unwrap();
        (runtime, api_router(state), dir)
    })
}

/// `text` percent-encoded wherever a URI could not carry it as is.
fn encoded(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (byte as char).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

fn method() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("GET".to_owned()),
        Just("PUT".to_owned()),
        Just("DELETE".to_owned()),
        Just("POST".to_owned()),
        Just("PATCH".to_owned()),
        Just("HEAD".to_owned()),
        Just("OPTIONS".to_owned()),
        "[A-Z]{1,10}",
    ]
}

fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9_-]{0,12}",
        any::<String>().prop_map(|text| encoded(&text)),
        "[a-z]{130,140}",
        Just("%ff%fe".to_owned()),
        Just("%zz".to_owned()),
        Just("..".to_owned()),
    ]
}

fn path() -> impl Strategy<Value = String> {
    prop_oneof![
        (segment(), segment()).prop_map(|(ns, key)| format!("/api/v1/configs/{ns}/{key}")),
        segment().prop_map(|ns| format!("/api/v1/configs/{ns}")),
        prop::collection::vec(segment(), 0..5).prop_map(|parts| format!("/{}", parts.join("/"))),
        // Not the CPU profile: a valid request of it profiles for seconds.
        Just("/health".to_owned()),
    ]
}

fn query() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        segment().prop_map(|env| format!("?env={env}")),
        (segment(), segment()).prop_map(|(name, value)| format!("?{name}={value}")),
        Just("?seconds=99999999999999999999".to_owned()),
        Just("?env=a&env=b".to_owned()),
    ]
}

fn headers() -> impl Strategy<Value = Vec<(String, String)>> {
    let name = prop_oneof![
        Just("authorization".to_owned()),
        Just("content-type".to_owned()),
        Just("content-length".to_owned()),
        Just("accept-encoding".to_owned()),
        Just("x-forwarded-for".to_owned()),
        "x-[a-z]{1,8}",
    ];
    let value = prop_oneof![
        "[ -~]{0,40}",
        Just("Bearer secret-token".to_owned()),
        Just("bearer secret-token".to_owned()),
        Just("application/json".to_owned()),
        Just("-1".to_owned()),
        Just("99999999999999999999".to_owned()),
    ];
    prop::collection::vec((name, value), 0..5)
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..512),
        "\\{\"value\":[ -~]{0,40}\\}".prop_map(String::into_bytes),
        Just(br#"{"value": null}"#.to_vec()),
        Just(br#"{"value": 1}"#.to_vec()),
        Just(vec![b'['; 5000]),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn a_client_mistake_is_never_a_5xx(
        method in method(),
        path in path(),
        query in query(),
        headers in headers(),
        body in body(),
    ) {
        let (runtime, router, _) = shared();
        let mut request = http::Request::builder().method(method.as_str()).uri(format!("{path}{query}"));
        for (name, value) in &headers {
            request = request.header(name, value);
        }
        // What no client can send (an unparseable URI or header) never
        // reaches a handler.
        let Ok(request) = request.body(Body::from(body)) else { return Ok(()) };
        let response = runtime.block_on(router.clone().oneshot(request)).unwrap();
        let status = response.status();
        let bytes = runtime.block_on(axum::body::to_bytes(response.into_body(), 1 << 20)).unwrap();
        prop_assert!(!status.is_server_error(), "{method} {path}{query} {headers:?}: {status} {bytes:?}");
        if status.is_client_error() && method != "HEAD" {
            let error: serde_json::Value = serde_json::from_slice(&bytes)
                .map_err(|e| TestCaseError::fail(format!("{method} {path}{query}: {status}, not JSON ({e}): {bytes:?}")))?;
            prop_assert!(error["error"]["code"].is_string(), "{method} {path}{query}: {error}");
        }
    }
}
