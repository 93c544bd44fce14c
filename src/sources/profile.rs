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
    if !status.is_success() {
        let body = super::http::read_body(&url, response).await.unwrap_or_default();
        let reason = serde_json::from_slice::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v["error"]["message"].as_str().map(str::to_owned))
            .unwrap_or_else(|| String::from_utf8_lossy(&body).chars().take(200).collect());
        return Err(format!("CPU profile from {shown}: HTTP {status}: {reason}"));
    }
    stream_to(response, out)
        .await
        .map_err(|e| format!("CPU profile from {shown} to {}: {e}", out.display()))
}

/// Most bytes saved of one profile; a real one is well under a megabyte.
const MAX_PROFILE_BYTES: usize = 64 << 20;

/// Writes the body to a file beside `out`, renamed to `out` once whole,
/// so a failed transfer leaves no half a profile, and memory stays one
/// chunk however large the body.
async fn stream_to(mut response: reqwest::Response, out: &Path) -> Result<usize, String> {
    use std::io::Write;
    let dir = out.parent().filter(|dir| !dir.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut file = tempfile::NamedTempFile::new_in(dir).map_err(|e| e.to_string())?;
    let mut saved = 0;
    while let Some(chunk) = response.chunk().await.map_err(|e| super::http::describe(&e))? {
        saved += chunk.len();
        if saved > MAX_PROFILE_BYTES {
            return Err(format!("the profile runs past {} MiB", MAX_PROFILE_BYTES >> 20));
        }
        file.write_all(&chunk).map_err(|e| e.to_string())?;
    }
    file.persist(out).map_err(|e| e.error.to_string())?;
    Ok(saved)
}
