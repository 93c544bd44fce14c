//! `llmcfg-doctor fleet` against real replicas: a row per replica, the one
//! configured apart found as an outlier with its settings named, a replica
//! on other storage serving other versions, one that does not answer, and
//! every output format showing replica and fleet rows.

use std::sync::atomic::Ordering;
use std::time::Duration;

use serde_json::Value;

use crate::doctor_quick::{doctor, run_json_blocking, silent_port};
use crate::doctor_sections::traffic;
use crate::support::{Server, TestDatabase, data_dir, path_str, write_keys};

/// `fleet` over `servers` (their API and metrics URLs) with `extra`.
fn fleet(servers: &[&Server], extra: &[&str]) -> std::process::Command {
    let mut command = doctor();
    command.arg("fleet");
    for server in servers {
        let metrics = server.metrics;
        command.arg("--replica").arg(format!("{}=http://{metrics}/metrics", server.url("/")));
    }
    command.args(["--prometheus-url", "http://127.0.0.1:9/"]).args(extra);
    command
}

fn rows<'a>(report: &'a Value, code: &str) -> Vec<&'a Value> {
    report["findings"].as_array().unwrap().iter().filter(|f| f["code"] == code).collect()
}

fn one<'a>(report: &'a Value, code: &str) -> &'a Value {
    let found = rows(report, code);
    assert_eq!(found.len(), 1, "{code}: {found:#?}");
    found[0]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replica_configured_apart_stands_out() {
    let Some(db) = TestDatabase::create("a_replica_configured_apart").await else { return };
    let healthy: Vec<Server> =
        (0..2).map(|_| Server::start(&[("DATABASE_URL", &db.url)])).collect();
    let apart = Server::start(&[
        ("DATABASE_URL", &db.url),
        ("CACHE_L1_SIZE", "2"),
        ("DATABASE_POOL_SIZE", "3"),
    ]);
    write_keys(&healthy[0], 20).await;
    let all = [&healthy[0], &healthy[1], &apart];
    let stops: Vec<_> = all.iter().map(|server| traffic(server, 20)).collect();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (_, report) =
        run_json_blocking(fleet(&all, &["--key", "app/key-0", "--sample-namespace", "app"])).await;
    for stop in stops {
        stop.store(true, Ordering::Relaxed);
    }

    let replica_rows = rows(&report, "fleet.replica");
    assert_eq!(replica_rows.len(), 3, "{report:#}");
    let apart_name = format!("127.0.0.1:{}", apart.api.port());
    assert!(replica_rows.iter().any(|row| row["replica"] == apart_name.as_str()), "{report:#}");
    assert_eq!(one(&report, "fleet.replicas")["status"], "OK");

    let settings = one(&report, "fleet.settings");
    assert_eq!(settings["status"], "WARNING", "{settings:#}");
    let text = settings["summary"].as_str().unwrap();
    assert!(
        text.contains("CACHE_L1_SIZE: 10000 on") && text.contains(&format!("2 on {apart_name}")),
        "{text}"
    );
    assert!(text.contains("DATABASE_POOL_SIZE"), "{text}");

    let outliers = one(&report, "fleet.outliers");
    assert_eq!(outliers["status"], "WARNING", "{outliers:#}");
    let text = outliers["summary"].as_str().unwrap();
    assert!(text.contains(&format!("{apart_name}: cache hit rate")), "{text}");

    let skew = one(&report, "fleet.version-skew");
    assert_eq!(skew["status"], "OK", "{skew:#}");
    assert!(
        skew["summary"].as_str().unwrap().starts_with("21 key(s) read from every replica"),
        "{skew:#}"
    );

    // The replica's own findings that are not OK come tagged with it.
    let tagged: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["replica"] == apart_name.as_str() && f["code"] != "fleet.replica")
        .collect();
    assert!(tagged.iter().any(|f| f["code"] == "quick.cache-hit-rate"), "{tagged:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replicas_on_different_storage_serve_different_versions() {
    let (one_dir, other_dir) = (data_dir(), data_dir());
    let first = Server::start(&[("LLMCFG_DATA_DIR", path_str(one_dir.path()))]);
    let second = Server::start(&[("LLMCFG_DATA_DIR", path_str(other_dir.path()))]);
    write_keys(&first, 1).await;
    write_keys(&first, 1).await;
    write_keys(&second, 1).await;
    let (output, report) =
        run_json_blocking(fleet(&[&first, &second], &["--key", "app/key-0"])).await;
    let skew = one(&report, "fleet.version-skew");
    assert_eq!(skew["status"], "CRITICAL", "{skew:#}");
    let text = skew["summary"].as_str().unwrap();
    assert!(
        text.contains("version 1 on 127.0.0.1:") && text.contains("version 2 on 127.0.0.1:"),
        "{text}"
    );
    assert!(text.contains("still 1250 ms after the first read"), "{text}");
    assert!(skew["remediation"].as_str().unwrap().contains("change announcements"), "{skew:#}");
    // Two replicas cannot say which of them is the odd one.
    assert_eq!(one(&report, "fleet.outliers")["status"], "UNKNOWN");
    assert_eq!(output.status.code(), Some(2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replica_that_does_not_answer_is_critical_and_every_format_shows_the_rows() {
    let data = data_dir();
    let server = Server::start(&[("LLMCFG_DATA_DIR", path_str(data.path()))]);
    let silent = silent_port();
    let mut command = fleet(&[&server], &["--timeout", "3s"]);
    command.arg("--replica").arg(format!("http://127.0.0.1:{silent}/"));
    let (output, report) = run_json_blocking(command).await;
    let replicas = one(&report, "fleet.replicas");
    assert_eq!(replicas["status"], "CRITICAL", "{replicas:#}");
    assert!(
        replicas["summary"].as_str().unwrap().contains(&format!("127.0.0.1:{silent}")),
        "{replicas:#}"
    );
    assert_eq!(output.status.code(), Some(2));

    let name = format!("127.0.0.1:{}", server.api.port());
    for (format, shows) in [
        ("table", format!("Replica [{name}]")),
        ("markdown", format!("`fleet.replica@{name}`")),
        ("nagios", "fleet.outliers".to_owned()),
        ("junit", format!("name=\"fleet.replica@{name}\"")),
        ("prometheus", format!("code=\"fleet.replica\",replica=\"{name}\"")),
    ] {
        let mut command = fleet(&[&server], &["--format", format]);
        command.env("COLUMNS", "200");
        let output = tokio::task::spawn_blocking(move || command.output().unwrap()).await.unwrap();
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(text.contains(&shows), "{format} lacks {shows}:\n{text}");
        assert!(
            text.contains("fleet.settings") || format == "table" || format == "nagios",
            "{format}:\n{text}"
        );
    }
}
