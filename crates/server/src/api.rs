//! The HTTP surface: config routes, `/health`, and `/metrics` on its own
//! listener.
//!
//! Every failure answers with a JSON body `{"error": {"code", "message"}}`
//! and the status that fits it; nothing the client sends can make a handler
//! panic. Request logging, metrics and rate limiting live in
//! [`super::middleware`].

use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use serde_json::json;

use super::AppState;
use super::health;
use super::metrics::ServedRoute;
use super::service::ServiceError;
use super::storage::ConfigId;
use contract::health::HealthStatus;

/// Longest namespace or key, in bytes.
pub const MAX_NAME_LEN: usize = 128;
/// Longest environment name, in bytes.
pub const MAX_ENV_LEN: usize = 64;
const DEFAULT_ENV: &str = "production";

/// An error answer: status, stable code, human message.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError { status, code, message: message.into() }
    }

    fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_request", message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Json(json!({"error": {"code": self.code, "message": self.message}}));
        let mut response = (self.status, body).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if self.status == StatusCode::REQUEST_TIMEOUT {
            // The rest of a body that came too slowly is not waited for.
            response.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        response
    }
}

impl From<ServiceError> for ApiError {
    fn from(error: ServiceError) -> Self {
        match error {
            ServiceError::NotFound => {
                ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such config")
            }
            ServiceError::Storage(error) => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "storage_unavailable",
                error.to_string(),
            ),
        }
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        Self::bad_request(rejection.body_text())
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        Self::bad_request(rejection.body_text())
    }
}

/// Checks a namespace, key or environment: ASCII letters, digits, `.`,
/// `_` and `-`, from 1 to `max` bytes.
fn valid_name(what: &str, name: &str, max: usize) -> Result<(), ApiError> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
    if name.is_empty() || name.len() > max || !name.chars().all(allowed) {
        return Err(ApiError::bad_request(format!(
            "{what} must be 1 to {max} characters of A-Z a-z 0-9 . _ -"
        )));
    }
    Ok(())
}

#[derive(Debug, Deserialize)]
pub struct EnvQuery {
    env: Option<String>,
}

impl EnvQuery {
    fn environment(self) -> Result<String, ApiError> {
        let env = self.env.unwrap_or_else(|| DEFAULT_ENV.to_owned());
        valid_name("env", &env, MAX_ENV_LEN)?;
        Ok(env)
    }
}

type ConfigPath = Result<Path<(String, String)>, PathRejection>;
type EnvParam = Result<Query<EnvQuery>, QueryRejection>;

fn config_id(path: ConfigPath, query: EnvParam) -> Result<ConfigId, ApiError> {
    let Path((namespace, key)) = path?;
    valid_name("namespace", &namespace, MAX_NAME_LEN)?;
    valid_name("key", &key, MAX_NAME_LEN)?;
    Ok(ConfigId { namespace, key, environment: query?.0.environment()? })
}

fn json_body(status: StatusCode, body: Bytes) -> Response {
    (status, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], body)
        .into_response()
}

/// Lets a write through only with the configured bearer token.
pub(super) fn authorize(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(expected) = &state.config.api_token else {
        return Ok(());
    };
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(bearer_token)
        .unwrap_or("");
    if constant_time_eq(presented.as_bytes(), expected.as_bytes()) {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "writes need Authorization: Bearer <token>",
        ))
    }
}

/// The credentials of a `Bearer` Authorization value; the scheme is
/// case-insensitive and may be followed by several spaces (RFC 7235).
fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim_start_matches(' '))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn get_config(
    State(state): State<Arc<AppState>>,
    path: ConfigPath,
    query: EnvParam,
) -> Result<Response, ApiError> {
    let id = config_id(path, query)?;
    let (value, source) = state.service.get(&id).await?;
    let mut response = json_body(StatusCode::OK, value.body.clone());
    response.headers_mut().insert("x-cache", HeaderValue::from_static(source.label()));
    Ok(response)
}

/// Parses a PUT body: exactly `{"value": <any JSON but null>}`.
fn parse_put_body(raw: &[u8]) -> Result<serde_json::Value, ApiError> {
    const SHAPE: &str = "body must be a JSON object {\"value\": ...}";
    let body: serde_json::Value =
        serde_json::from_slice(raw).map_err(|e| ApiError::bad_request(format!("{SHAPE}: {e}")))?;
    let serde_json::Value::Object(mut fields) = body else {
        return Err(ApiError::bad_request(SHAPE));
    };
    let value = fields
        .remove("value")
        .ok_or_else(|| ApiError::bad_request(format!("{SHAPE}: no \"value\" field")))?;
    if let Some(unknown) = fields.keys().next() {
        return Err(ApiError::bad_request(format!("{SHAPE}: unknown field {unknown:?}")));
    }
    if value.is_null() {
        return Err(ApiError::bad_request("value must not be null; use DELETE to remove a config"));
    }
    Ok(value)
}

/// Reads the body up to the configured limit: 413 past it.
async fn read_body(state: &AppState, headers: &HeaderMap, body: Body) -> Result<Bytes, ApiError> {
    let limit = state.config.max_body_bytes;
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("body is over {limit} bytes"),
        )
    };
    let declared =
        headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limit) {
        return Err(too_large());
    }
    let deadline = state.config.connections.body_timeout;
    let Ok(read) = tokio::time::timeout(deadline, axum::body::to_bytes(body, limit)).await else {
        state
            .metrics
            .connections_shed
            .with_label_values(&[contract::metrics::ShedReason::BodyTimeout.label()])
            .inc();
        return Err(ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            "request_timeout",
            format!("the body did not arrive within {deadline:?} (HTTP_BODY_TIMEOUT_MS)"),
        ));
    };
    read.map_err(|error| {
        let over_limit = std::error::Error::source(&error)
            .is_some_and(|source| source.is::<http_body_util::LengthLimitError>());
        if over_limit {
            too_large()
        } else {
            ApiError::bad_request(format!("cannot read body: {error}"))
        }
    })
}

async fn put_config(
    State(state): State<Arc<AppState>>,
    path: ConfigPath,
    query: EnvParam,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    authorize(&state, &headers)?;
    let id = config_id(path, query)?;
    let raw = read_body(&state, &headers, body).await?;
    let value = parse_put_body(&raw)?;
    let stored = state.service.put(&id, &value).await?;
    let status = if stored.version == 1 { StatusCode::CREATED } else { StatusCode::OK };
    Ok(json_body(status, stored.body.clone()))
}

async fn delete_config(
    State(state): State<Arc<AppState>>,
    path: ConfigPath,
    query: EnvParam,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    authorize(&state, &headers)?;
    let id = config_id(path, query)?;
    state.service.delete(&id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn list_configs(
    State(state): State<Arc<AppState>>,
    path: Result<Path<String>, PathRejection>,
    query: EnvParam,
) -> Result<Response, ApiError> {
    let Path(namespace) = path?;
    valid_name("namespace", &namespace, MAX_NAME_LEN)?;
    let env = query?.0.environment()?;
    let items = state.service.list(&namespace, &env).await?;
    Ok(Json(json!({"namespace": namespace, "env": env, "count": items.len(), "items": items}))
        .into_response())
}

async fn get_health(State(state): State<Arc<AppState>>) -> Response {
    let health = health::check(&state).await;
    let status = if health.status == HealthStatus::Unhealthy {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::OK
    };
    (status, Json(health)).into_response()
}

async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "no_route", "no such route")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "method not allowed on this route",
    )
}

const CONFIG_ROUTE: &str = "/api/v1/configs/{namespace}/{key}";
const NAMESPACE_ROUTE: &str = "/api/v1/configs/{namespace}";
const HEALTH_ROUTE: &str = "/health";
/// The CPU profile, which takes as long as it is asked to by design.
pub const PROFILE_ROUTE: &str = "/debug/pprof/profile";
/// The live heap, as jemalloc samples it.
const HEAP_ROUTE: &str = "/debug/pprof/heap";

/// Every route and method the API serves, with its usual answers.
pub const SERVED_ROUTES: &[ServedRoute] = &[
    ServedRoute { method: "GET", route: CONFIG_ROUTE, statuses: &[200] },
    ServedRoute { method: "PUT", route: CONFIG_ROUTE, statuses: &[200, 201] },
    ServedRoute { method: "DELETE", route: CONFIG_ROUTE, statuses: &[204] },
    ServedRoute { method: "GET", route: NAMESPACE_ROUTE, statuses: &[200] },
    ServedRoute { method: "GET", route: HEALTH_ROUTE, statuses: &[200] },
    ServedRoute { method: "GET", route: PROFILE_ROUTE, statuses: &[200] },
    ServedRoute { method: "GET", route: HEAP_ROUTE, statuses: &[200] },
];

/// The config routes, which rate limiting applies to.
pub fn config_routes() -> Router<Arc<AppState>> {
    Router::new()
        .route(
            CONFIG_ROUTE,
            get(get_config).put(put_config).delete(delete_config).fallback(method_not_allowed),
        )
        .route(NAMESPACE_ROUTE, get(list_configs).fallback(method_not_allowed))
}

/// Routes outside rate limiting.
pub fn service_routes() -> Router<Arc<AppState>> {
    Router::new()
        .route(HEALTH_ROUTE, get(get_health).fallback(method_not_allowed))
        .route(PROFILE_ROUTE, get(super::profile::cpu_profile).fallback(method_not_allowed))
        .route(HEAP_ROUTE, get(super::profile::heap_profile).fallback(method_not_allowed))
}

/// The JSON answer for unknown routes.
pub fn with_fallback(router: Router<Arc<AppState>>) -> Router<Arc<AppState>> {
    router.fallback(not_found)
}

async fn get_metrics(State(state): State<Arc<AppState>>) -> Response {
    state.service.refresh_gauges();
    let text = state.metrics.render();
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], text).into_response()
}

/// The metrics listener's router.
pub fn metrics_router(state: Arc<AppState>) -> Router {
    Router::new().route("/metrics", get(get_metrics)).fallback(not_found).with_state(state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked() {
        assert!(valid_name("key", "model.temperature_v2-b", MAX_NAME_LEN).is_ok());
        for bad in ["", "a/b", "a b", "ключ", &"x".repeat(MAX_NAME_LEN + 1)] {
            assert!(valid_name("key", bad, MAX_NAME_LEN).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn put_bodies_must_be_a_value_object() {
        assert_eq!(parse_put_body(br#"{"value": [1]}"#).unwrap(), serde_json::json!([1]));
        for bad in
            [&b"[1]"[..], b"1", br#"{"value": null}"#, br#"{}"#, br#"{"value": 1, "x": 2}"#, b"{"]
        {
            let error = parse_put_body(bad).unwrap_err();
            assert_eq!(error.status, StatusCode::BAD_REQUEST, "{}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn token_comparison() {
        assert!(constant_time_eq(b"secret", b"secret"));
        assert!(!constant_time_eq(b"secret", b"secreT"));
        assert!(!constant_time_eq(b"secret", b"secret2"));
    }
}
