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
