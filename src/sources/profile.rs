//! Fetches a CPU profile from the server's `/debug/pprof/profile` and saves
//! it to a file, for `llmcfg-doctor cpu --profile SECONDS`.

use std::path::Path;
use std::time::Duration;

use crate::plan::Plan;

/// Asks for a `seconds`-long profile and writes it to `out`; the number of
/// bytes saved, or a one-line reason.
pub async fn save(
    plan: &Plan,
    seconds: u64,
    token: Option<&str>,
    out: &Path,
) -> Result<usize, String> {
    let mut url = plan.api_url.join("/debug/pprof/profile").map_err(|e| e.to_string())?;
    url.query_pairs_mut().append_pair("seconds", &seconds.to_string());
    let client = super::http::client(Duration::from_secs(seconds) + plan.timeout);
    let mut request = client.get(url.clone());
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let shown = crate::redact::url(&url);
    let response = request
        .send()
        .await
        .map_err(|e| format!("CPU profile from {shown}: {}", super::http::describe(&e)))?;
    let status = response.status();
    let body = response
        .bytes()
        .await
        .map_err(|e| format!("CPU profile from {shown}: {}", super::http::describe(&e)))?;
    if !status.is_success() {
        let reason = serde_json::from_slice::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v["error"]["message"].as_str().map(str::to_owned))
            .unwrap_or_else(|| String::from_utf8_lossy(&body).chars().take(200).collect());
        return Err(format!("CPU profile from {shown}: HTTP {status}: {reason}"));
    }
    std::fs::write(out, &body)
        .map_err(|e| format!("cannot write the CPU profile to {}: {e}", out.display()))?;
    Ok(body.len())
}
