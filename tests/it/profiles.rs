//! Profiles taken through the doctor from the real server binary: the
//! heap profile of `memory --heap-profile` (jemalloc's, read back with
//! `jeprof` from Debian's libjemalloc-dev) and the CPU profile of `cpu
//! --profile`, both behind the server's token.

use std::process::Command;

use crate::doctor_quick::doctor_for_process;
use crate::support::{self, Server, data_dir, path_str};

const TOKEN: &str = "profile-token-5ecret";

fn server_with_token() -> (Server, tempfile::TempDir) {
    let data = data_dir();
    let server =
        Server::start(&[("LLMCFG_DATA_DIR", path_str(data.path())), ("LLMCFG_API_TOKEN", TOKEN)]);
    (server, data)
}

/// Values of a few KiB each, so that the heap holds something of ours.
async fn fill(server: &Server) {
    let http = support::client();
    for n in 0..300 {
        http.put(server.config_url("app", &format!("key-{n}")))
            .bearer_auth(TOKEN)
            .json(&serde_json::json!({ "value": "x".repeat(4096) }))
            .send()
            .await
            .unwrap()
            .error_for_status()
            .unwrap();
    }
}

#[tokio::test]
async fn memory_saves_the_servers_heap_profile_which_jeprof_reads() {
    let (server, _data) = server_with_token();
    fill(&server).await;
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("heap.prof");
    let mut command = doctor_for_process(&server, &["memory", "--format", "json"]);
    command.arg("--heap-profile").arg(&saved).args(["--api-token", TOKEN]);
    let output = tokio::task::spawn_blocking(move || command.output().unwrap()).await.unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("heap profile ("), "{stderr}");
    assert!(!stderr.contains(TOKEN), "{stderr}");
    crate::schemas::doctor_output(&output);
    let profile = std::fs::read_to_string(&saved).unwrap();
    assert!(profile.starts_with("heap_v2/524288\n"), "{}", &profile[..profile.len().min(200)]);

    let Some(jeprof) = support::service_binary("jeprof", "heap_profile_jeprof") else { return };
    let read = Command::new(jeprof)
        .arg("--text")
        .arg(support::server_binary())
        .arg(&saved)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&read.stdout);
    assert!(read.status.success(), "{text}{}", String::from_utf8_lossy(&read.stderr));
    let total = text.lines().find_map(|line| line.strip_prefix("Total: ")).expect("a total");
    assert!(total.ends_with(" MB"), "{text}");
    assert!(text.contains("server::"), "the server's own frames: {text}");
}

#[tokio::test]
async fn profiles_need_the_servers_token_and_a_refusal_fails_the_run() {
    let (server, _data) = server_with_token();
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("heap.prof");
    let mut command = doctor_for_process(&server, &["memory", "--format", "json"]);
    command.arg("--heap-profile").arg(&saved);
    let output = tokio::task::spawn_blocking(move || command.output().unwrap()).await.unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.code().unwrap() >= 3, "at least UNKNOWN: {stderr}");
    assert!(stderr.contains("heap profile from") && stderr.contains("401"), "{stderr}");
    assert!(!saved.exists(), "no half a profile");

    let cpu = dir.path().join("cpu.pprof");
    let mut command = doctor_for_process(&server, &["cpu", "--format", "json", "--profile", "1"]);
    command.arg("--profile-out").arg(&cpu).args(["--api-token", TOKEN]);
    let output = tokio::task::spawn_blocking(move || command.output().unwrap()).await.unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("1s CPU profile ("), "{stderr}");
    assert!(std::fs::metadata(&cpu).unwrap().len() > 0);
}
