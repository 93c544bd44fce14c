//! Acknowledged writes survive `kill -9`, on both backends.

use serde_json::{Value, json};

use crate::support::{Server, TestDatabase, client, data_dir, path_str};

const WRITES: usize = 100;

/// Writes `WRITES` values from 10 concurrent clients, kills the server with
/// SIGKILL right after the last acknowledgement, restarts it on the same
/// storage and reads every value back.
async fn acknowledged_writes_survive_kill_9(env: &[(&str, &str)]) {
    let server = Server::start(env);
    let http = client();
    let mut writers = tokio::task::JoinSet::new();
    for writer in 0..10 {
        let (http, base) = (http.clone(), server.config_url("durable", ""));
        writers.spawn(async move {
            for n in (writer..WRITES).step_by(10) {
                let response = http
                    .put(format!("{base}k{n}"))
                    .json(&json!({"value": {"n": n}}))
                    .send()
                    .await
                    .unwrap();
                assert!(response.status().is_success(), "write {n}: {}", response.status());
            }
        });
    }
    writers.join_all().await;
    let restarted = server.restart_like_after(Server::kill9);
    for n in 0..WRITES {
        let response =
            http.get(restarted.config_url("durable", &format!("k{n}"))).send().await.unwrap();
        assert_eq!(response.status(), 200, "k{n} lost");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["value"]["n"], n);
        assert_eq!(body["version"], 1);
    }
}

#[tokio::test]
async fn sqlite_keeps_acknowledged_writes() {
    let dir = data_dir();
    acknowledged_writes_survive_kill_9(&[("LLMCFG_DATA_DIR", path_str(dir.path()))]).await;
}

#[tokio::test]
async fn postgres_keeps_acknowledged_writes() {
    let Some(db) = TestDatabase::create("postgres_keeps_acknowledged_writes").await else {
        return;
    };
    acknowledged_writes_survive_kill_9(&[("DATABASE_URL", &db.url)]).await;
}

/// A PUT is acknowledged only after SQLite's commit reached the disk:
/// with the server's system calls traced, every `201`/`200` answer of a
/// run of sequential PUTs is written after an `fsync` or `fdatasync` of
/// the database's files that completed since the previous answer.
#[tokio::test]
async fn sqlite_acknowledges_a_put_only_after_its_commit_is_synced() {
    let test = "sqlite_acknowledges_a_put_only_after_its_commit_is_synced";
    let Some(strace) = crate::support::service_binary("strace", test) else { return };
    let dir = data_dir();
    let server = Server::start(&[("LLMCFG_DATA_DIR", path_str(dir.path()))]);
    let http = client();
    // Warm up: the schema and the first statement's preparation.
    http.put(server.config_url("synced", "warm")).json(&json!({"value": 0})).send().await.unwrap();
    let trace = dir.path().join("trace");
    let mut tracer = std::process::Command::new(strace)
        .args(["-f", "-ttt", "-y", "-s", "24", "-e", "trace=fsync,fdatasync,write,sendto,writev"])
        .arg("-o")
        .arg(&trace)
        .args(["-p", &server.pid().to_string()])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // strace says on stderr when it has attached; give it a moment.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    const PUTS: usize = 30;
    for n in 0..PUTS {
        let response = http
            .put(server.config_url("synced", &format!("k{}", n % 5)))
            .json(&json!({"value": n}))
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success());
    }
    crate::support::signal(tracer.id(), "INT");
    tracer.wait().unwrap();

    let trace = std::fs::read_to_string(&trace).unwrap();
    let data = path_str(dir.path()).to_owned();
    // What each thread has begun and not finished: a sync of a file in
    // the data directory.
    let mut syncing = std::collections::HashSet::new();
    let (mut answers, mut synced_since_answer, mut unsynced) = (0, false, Vec::new());
    for line in trace.lines() {
        let thread = line.split_whitespace().next().unwrap_or_default().to_owned();
        let is_sync = line.contains("fsync(") || line.contains("fdatasync(");
        if is_sync && line.contains(&data) {
            if line.ends_with("<unfinished ...>") {
                syncing.insert(thread);
            } else if line.contains("= 0") {
                synced_since_answer = true;
            }
        } else if line.contains("sync resumed>") && syncing.remove(&thread) && line.contains("= 0")
        {
            synced_since_answer = true;
        } else if line.contains("\"HTTP/1.1 20") {
            answers += 1;
            if !synced_since_answer {
                unsynced.push(line.to_owned());
            }
            synced_since_answer = false;
        }
    }
    assert_eq!(answers, PUTS, "every PUT's answer is in the trace:\n{trace}");
    assert!(unsynced.is_empty(), "answered before a sync: {unsynced:#?}\n{trace}");
}

/// The server refuses a PostgreSQL that acknowledges commits before they
/// are on disk.
#[tokio::test]
async fn postgres_without_synchronous_commit_is_refused() {
    let Some(db) = TestDatabase::create("postgres_without_synchronous_commit").await else {
        return;
    };
    db.admin()
        .await
        .batch_execute(&format!("ALTER DATABASE {} SET synchronous_commit = off", db.name))
        .await
        .unwrap();
    let output = std::process::Command::new(crate::support::server_binary())
        .env("API_ADDR", "127.0.0.1:0")
        .env("METRICS_ADDR", "127.0.0.1:0")
        .env("DATABASE_URL", &db.url)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("synchronous_commit is off"), "{stderr}");
}
