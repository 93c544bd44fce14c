//! Fetches a profile from the server and saves it to a file: the CPU
//! profile of `/debug/pprof/profile` for `llmcfg-doctor cpu --profile
//! SECONDS`, the heap profile of `/debug/pprof/heap` for `memory
//! --heap-profile FILE`.

use std::path::Path;
use std::time::Duration;

use crate::plan::Plan;

/// Which profile to fetch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// The CPU over `seconds`, in pprof's format.
    Cpu { seconds: u64 },
    /// The live heap, in jemalloc's `heap_v2` format.
    Heap,
}

impl Profile {
    /// What was saved, in words.
    pub fn describe(self) -> String {
        match self {
            Profile::Cpu { seconds } => format!("{seconds}s {}", self.name()),
            Profile::Heap => self.name().to_owned(),
        }
    }

    /// The command that reads the saved file.
    pub fn how_to_read(self, out: &Path) -> String {
        match self {
            Profile::Cpu { .. } => {
                format!("view it with `go tool pprof -http=: {}`", out.display())
            }
            Profile::Heap => format!(
                "read it with `jeprof --text /path/to/llm-config-server {}` (Debian's libjemalloc-dev)",
                out.display()
            ),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Profile::Cpu { .. } => "CPU profile",
            Profile::Heap => "heap profile",
        }
    }
}

/// Asks for `profile` and writes it to `out`; the number of bytes saved,
/// or a one-line reason.
pub async fn save(
    plan: &Plan,
    profile: Profile,
    token: Option<&str>,
    out: &Path,
) -> Result<usize, String> {
    let (path, taking) = match profile {
        Profile::Cpu { seconds } => ("/debug/pprof/profile", Duration::from_secs(seconds)),
        Profile::Heap => ("/debug/pprof/heap", Duration::ZERO),
    };
    let mut url = plan.api_url.join(path).map_err(|e| e.to_string())?;
    if let Profile::Cpu { seconds } = profile {
        url.query_pairs_mut().append_pair("seconds", &seconds.to_string());
    }
    let what = profile.name();
    let client = super::http::client(taking + plan.timeout);
    let mut request = client.get(url.clone());
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let shown = diagnosis::redact::url(&url);
    let response = request
        .send()
        .await
        .map_err(|e| format!("{what} from {shown}: {}", super::http::describe(&e)))?;
    let status = response.status();
    if !status.is_success() {
        let body = super::http::read_body(&url, response).await.unwrap_or_default();
        let reason = serde_json::from_slice::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v["error"]["message"].as_str().map(str::to_owned))
            .unwrap_or_else(|| String::from_utf8_lossy(&body).chars().take(200).collect());
        return Err(format!("{what} from {shown}: HTTP {status}: {reason}"));
    }
    stream_to(response, out)
        .await
        .map_err(|e| format!("{what} from {shown} to {}: {e}", out.display()))
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
