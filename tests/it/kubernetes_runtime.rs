//! The Kubernetes runtime through its real client: the doctor reads a
//! kubeconfig (written here) that points over plain HTTP at a small server
//! on loopback, which answers the API paths with responses recorded in
//! `fixtures/kubernetes/` and notes every request, so the tests assert what
//! the doctor asked for. No cluster runs here. The API and metrics findings
//! come from a real `llm-config-server`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::doctor_quick::{doctor, doctor_for, doctor_for_benchmark, run_json_blocking};
use crate::support::{Server, finding, server_with_reads};

const NAMESPACE_PODS: &str = "/api/v1/namespaces/llm-config/pods";
const METRICS: &str = "/apis/metrics.k8s.io/v1beta1/namespaces/llm-config/pods";
const EVENTS: &str = "/api/v1/namespaces/llm-config/events";
const POD_A: &str = "llm-config-manager-6f9c7d5b8-x2x4q";
const POD_B: &str = "llm-config-manager-6f9c7d5b8-kq7zv";

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/kubernetes").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A recorded answer: status and body.
type Answer = (u16, String);

#[derive(Default)]
struct Recorded {
    answers: HashMap<String, Answer>,
    requests: Mutex<Vec<String>>,
}

/// An API server on loopback that answers each path with its recording
/// (404 for any other) and notes every request as `METHOD path?query`.
struct FakeApiServer {
    recorded: Arc<Recorded>,
    url: String,
    kubeconfig_dir: tempfile::TempDir,
}

impl FakeApiServer {
    async fn start(answers: &[(String, u16, String)]) -> FakeApiServer {
        let recorded = Arc::new(Recorded {
            answers: answers
                .iter()
                .map(|(path, status, body)| (path.clone(), (*status, body.clone())))
                .collect(),
            requests: Mutex::default(),
        });
        let app = axum::Router::new().fallback(answer).with_state(Arc::clone(&recorded));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        let kubeconfig_dir = tempfile::tempdir().unwrap();
        let kubeconfig = format!(
            "apiVersion: v1\nkind: Config\nclusters:\n- name: recorded\n  cluster:\n    \
             server: {url}\ncontexts:\n- name: recorded\n  context:\n    cluster: recorded\n    \
             namespace: llm-config\n    user: recorded\nusers:\n- name: recorded\n  user: {{}}\n\
             current-context: recorded\n"
        );
        std::fs::write(kubeconfig_dir.path().join("config"), kubeconfig).unwrap();
        FakeApiServer { recorded, url, kubeconfig_dir }
    }

    fn kubeconfig(&self) -> PathBuf {
        self.kubeconfig_dir.path().join("config")
    }

    fn requests(&self) -> Vec<String> {
        self.recorded.requests.lock().unwrap().clone()
    }
}

async fn answer(State(recorded): State<Arc<Recorded>>, request: Request) -> Response {
    let uri = request.uri();
    let line = format!("{} {}", request.method(), uri.path_and_query().map_or("", |p| p.as_str()));
    recorded.requests.lock().unwrap().push(line);
    match recorded.answers.get(uri.path()) {
        Some((status, body)) => {
            let content_type =
                if body.starts_with('{') { "application/json" } else { "text/plain" };
            (StatusCode::from_u16(*status).unwrap(), [("content-type", content_type)], body.clone())
                .into_response()
        }
        None => (StatusCode::NOT_FOUND, "404 page not found").into_response(),
    }
}

/// The recorded cluster: `pods` listed, `metrics` answered with its
/// status, `events`, and both pods' logs.
fn cluster(
    pods: &str,
    metrics: (u16, &str),
    events: &str,
    logs_b: &str,
) -> Vec<(String, u16, String)> {
    let logs = |pod: &str| format!("{NAMESPACE_PODS}/{pod}/log");
    vec![
        (NAMESPACE_PODS.to_owned(), 200, fixture(pods)),
        (METRICS.to_owned(), metrics.0, fixture(metrics.1)),
        (EVENTS.to_owned(), 200, fixture(events)),
        (logs(POD_A), 200, fixture("pod-x2x4q.log")),
        (logs(POD_B), 200, fixture(logs_b)),
    ]
}

/// One pod running, the other crash-looping after an OOM kill.
fn oom_cluster() -> Vec<(String, u16, String)> {
    cluster("pods-oom.json", (200, "metrics-oom.json"), "events-oom.json", "pod-kq7zv-oom.log")
}

/// Two healthy pods with metrics-server and no warnings.
fn running_cluster() -> Vec<(String, u16, String)> {
    cluster("pods-running.json", (200, "metrics-running.json"), "events-none.json", "pod-kq7zv.log")
}

/// The doctor pointed at `server`'s API and metrics and at `api` for
/// Kubernetes.
fn doctor_at(server: &Server, api: &FakeApiServer, args: &[&str]) -> Command {
    let mut command = doctor_for(server, args);
    command.env("KUBECONFIG", api.kubeconfig());
    command
}

#[tokio::test]
async fn quick_on_running_pods_asks_the_api_for_them() {
    let (server, _data) = server_with_reads().await;
    let api = FakeApiServer::start(&running_cluster()).await;
    let report =
        run_json_blocking(doctor_at(&server, &api, &["quick", "--runtime", "kubernetes"])).await.1;

    let cpu = finding(&report, "quick.cpu");
    assert_eq!(cpu["evidence"], "kubernetes 2 pods app=llm-config-manager in llm-config");
    // The busier pod: 160000000n of its 500m limit.
    assert_eq!(cpu["value"], 32.0, "{cpu}");
    assert_eq!(cpu["status"], "OK");
    assert!(cpu["summary"].as_str().unwrap().contains("CPU over 20s, of 0.5 core(s)"), "{cpu}");
    let memory = finding(&report, "quick.memory");
    assert_eq!(memory["value"], 37.5, "{memory}");
    assert!(
        memory["summary"]
            .as_str()
            .unwrap()
            .contains(&format!("memory limit of {POD_A}, the fullest of 2 pods")),
        "{memory}"
    );
    let errors = finding(&report, "quick.recent-errors")["summary"].as_str().unwrap().to_owned();
    assert!(
        errors.contains(&format!(
            "0 ERROR and 1 WARN line(s) in the last 300s of pod logs of {POD_A}, {POD_B}"
        )),
        "{errors}"
    );
    assert_eq!(finding(&report, "quick.health-status")["status"], "OK");
    let state = finding(&report, "quick.runtime-state");
    assert_eq!(state["status"], "OK", "{state}");
    let summary = state["summary"].as_str().unwrap();
    assert!(
        summary.starts_with(&format!("2 of 2 serving; {POD_A} Running (ready) since ")),
        "{state}"
    );

    let mut requests = api.requests();
    requests.sort();
    let logs = |pod: &str| {
        format!(
            "GET {NAMESPACE_PODS}/{pod}/log?&container=llm-config-manager&limitBytes=8388608&sinceSeconds=300"
        )
    };
    assert_eq!(
        requests,
        [
            format!("GET {EVENTS}?&fieldSelector=type%3DWarning%2CinvolvedObject.kind%3DPod"),
            logs(POD_B),
            logs(POD_A),
            format!("GET {NAMESPACE_PODS}?&labelSelector=app%3Dllm-config-manager"),
            format!("GET {METRICS}?labelSelector=app%3Dllm-config-manager"),
        ]
    );
}

#[tokio::test]
async fn an_oom_killed_pod_in_crash_loop_is_critical() {
    let (server, _data) = server_with_reads().await;
    let api = FakeApiServer::start(&oom_cluster()).await;
    let report =
        run_json_blocking(doctor_at(&server, &api, &["memory", "--runtime", "kubernetes"])).await.1;

    let oom = finding(&report, "memory.oom-kills");
    assert_eq!(oom["status"], "CRITICAL");
    assert_eq!(
        oom["summary"],
        format!(
            "the last exit was an OOM kill; 4 restart(s); latest warning: {POD_B}: BackOff: \
             Back-off restarting failed container llm-config-manager in pod \
             {POD_B}_llm-config(e4a9c3d7-5f1b-4c8e-a2d6-93b0f7e1c5a4) (x12)"
        )
    );
    // The crash-looping pod is a finding by its state alone.
    let quick =
        run_json_blocking(doctor_at(&server, &api, &["quick", "--runtime", "kubernetes"])).await.1;
    let state = finding(&quick, "quick.runtime-state");
    assert_eq!(state["status"], "CRITICAL", "{state}");
    let summary = state["summary"].as_str().unwrap();
    assert!(summary.starts_with("1 of 2 serving; "), "{state}");
    assert!(summary.contains(&format!("{POD_B} CrashLoopBackOff (not ready)")), "{state}");
    assert!(summary.ends_with("4 restart(s) recorded"), "{state}");
    // Only the running pod has usage: 437 MiB of its 512 MiB limit.
    let usage = finding(&report, "memory.usage");
    assert_eq!(usage["status"], "CRITICAL", "{usage}");
    assert_eq!(usage["value"], 85.35, "{usage}");

    let bundle = tempfile::tempdir().unwrap();
    let output = format!("--output={}", bundle.path().join("evidence.json").display());
    let mut collect = doctor_at(&server, &api, &["collect", "--runtime", "kubernetes", &output]);
    assert!(
        tokio::task::spawn_blocking(move || collect.status().unwrap()).await.unwrap().success()
    );
    let text = std::fs::read_to_string(bundle.path().join("evidence.json")).unwrap();
    let evidence = crate::schemas::doctor_json(text.as_bytes());
    let runtime = &evidence["runtime"]["Ok"];
    assert_eq!(runtime["health"], "1/2 ready");
    assert!(
        runtime["state"]
            .as_str()
            .unwrap()
            .starts_with(&format!("2 pods: {POD_A} Running, {POD_B} CrashLoopBackOff (not ready)")),
        "{runtime}"
    );
    // The Warning event about another pod is left out.
    assert_eq!(runtime["events"].as_array().unwrap().len(), 2, "{runtime}");
    assert_eq!(runtime["logs"]["Ok"]["errors"], 1);
}

#[tokio::test]
async fn without_metrics_server_usage_is_unknown_and_says_why() {
    let (server, _data) = server_with_reads().await;
    let api = FakeApiServer::start(&cluster(
        "pods-running.json",
        (404, "metrics-not-found.json"),
        "events-none.json",
        "pod-kq7zv.log",
    ))
    .await;
    let report =
        run_json_blocking(doctor_at(&server, &api, &["quick", "--runtime", "kubernetes"])).await.1;
    for code in ["quick.cpu", "quick.memory"] {
        let found = finding(&report, code);
        assert_eq!(found["status"], "UNKNOWN");
        assert_eq!(
            found["summary"],
            "not measured: metrics-server not available (metrics.k8s.io answered 404 NotFound: \
             the server could not find the requested resource); install metrics-server for \
             `kubectl top` and these figures"
        );
    }
    // The rest of the runtime still counts.
    let errors = finding(&report, "quick.recent-errors")["summary"].as_str().unwrap().to_owned();
    assert!(errors.contains("1 WARN line(s)"), "{errors}");
}

#[tokio::test]
async fn auto_picks_kubernetes_in_a_pod_or_by_the_kubeconfig_namespace() {
    let (server, _data) = server_with_reads().await;
    let api = FakeApiServer::start(&running_cluster()).await;
    let report = run_json_blocking(doctor_at(&server, &api, &["quick"])).await.1;
    let cpu = finding(&report, "quick.cpu");
    assert_eq!(cpu["evidence"], "kubernetes 2 pods app=llm-config-manager in llm-config");

    // Elsewhere the context's namespace does not match: no Kubernetes call.
    let requests_before = api.requests().len();
    let mut elsewhere = doctor_at(&server, &api, &["quick", "--namespace", "other"]);
    elsewhere.args(["--process", "llm-config-server"]);
    let report = run_json_blocking(elsewhere).await.1;
    let cpu = finding(&report, "quick.cpu");
    assert!(cpu["evidence"].as_str().unwrap().starts_with("process "), "{cpu}");
    assert_eq!(api.requests().len(), requests_before);

    // In a pod the service's process is local: its fds are real.
    let mut in_pod = doctor_at(&server, &api, &["resources"]);
    in_pod.env("KUBERNETES_SERVICE_HOST", "127.0.0.1");
    let report = run_json_blocking(in_pod).await.1;
    let fds = finding(&report, "resources.fds");
    assert_eq!(fds["evidence"], "kubernetes 2 pods app=llm-config-manager in llm-config");
    assert_ne!(fds["status"], "UNKNOWN", "{fds}");
    let open_now = std::fs::read_dir(format!("/proc/{}/fd", server.pid())).unwrap().count();
    let open: usize =
        fds["summary"].as_str().unwrap().split_whitespace().next().unwrap().parse().unwrap();
    assert!(open.abs_diff(open_now) <= 2, "{fds} vs {open_now} open now");
}

#[tokio::test]
async fn no_kubeconfig_and_no_pods_say_what_to_do() {
    let (server, _data) = server_with_reads().await;
    let mut command = doctor();
    command.args(["quick", "--runtime", "kubernetes", "--api-url"]).arg(server.url("/"));
    let report = run_json_blocking(command).await.1;
    let summary = finding(&report, "quick.cpu")["summary"].as_str().unwrap().to_owned();
    assert!(summary.starts_with("not measured: no Kubernetes configuration"), "{summary}");

    let empty =
        r#"{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"1"},"items":[]}"#;
    let api = FakeApiServer::start(&[(NAMESPACE_PODS.to_owned(), 200, empty.to_owned())]).await;
    let report =
        run_json_blocking(doctor_at(&server, &api, &["quick", "--runtime", "kubernetes"])).await.1;
    let summary = finding(&report, "quick.cpu")["summary"].as_str().unwrap().to_owned();
    assert!(
        summary.contains(&format!(
            "no pods match app=llm-config-manager in namespace llm-config at {}/",
            api.url
        )),
        "{summary}"
    );
}

/// `fleet` without `--replica` finds the pods of the selector through the
/// real kube client and diagnoses each at its pod IP, on --api-url's port.
/// The recorded pods' IPs are not reachable from here, so each replica's
/// row says it did not answer, which is the finding.
#[tokio::test]
async fn fleet_finds_the_pods_by_their_ips() {
    let api = FakeApiServer::start(&running_cluster()).await;
    let mut command = doctor();
    command
        .env("KUBECONFIG", api.kubeconfig())
        .args(["fleet", "--runtime", "kubernetes", "--timeout", "2s"])
        .args([
            "--api-url",
            "http://127.0.0.1:8080",
            "--metrics-url",
            "http://127.0.0.1:9090/metrics",
        ]);
    let (_, report) = run_json_blocking(command).await;
    let rows: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "fleet.replica")
        .collect();
    let names: Vec<&str> = rows.iter().map(|row| row["replica"].as_str().unwrap()).collect();
    assert_eq!(names, [POD_A, POD_B], "{report:#}");
    assert_eq!(rows[0]["evidence"], "http://10.244.1.17:8080/", "{report:#}");
    let replicas = finding(&report, "fleet.replicas");
    assert_eq!(replicas["status"], "CRITICAL", "{replicas}");
    assert!(
        replicas["summary"].as_str().unwrap().starts_with("2 of 2 replica(s) did not answer"),
        "{replicas}"
    );
}

/// A pod whose container restarted inside the log window: the doctor also
/// reads the previous run's logs (`previous=true`), where a crash leaves
/// its last lines, and says so; one that restarted before the window is
/// read as usual.
#[tokio::test]
async fn the_previous_run_of_a_container_that_restarted_in_the_window_is_read() {
    let (server, _data) = server_with_reads().await;
    let recent = (chrono::Utc::now() - chrono::Duration::seconds(30))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let mut answers = oom_cluster();
    answers[0].2 = answers[0].2.replace("2026-11-27T11:39:47Z", &recent);
    let api = FakeApiServer::start(&answers).await;
    let report =
        run_json_blocking(doctor_at(&server, &api, &["quick", "--runtime", "kubernetes"])).await.1;
    let previous = format!(
        "GET {NAMESPACE_PODS}/{POD_B}/log?&container=llm-config-manager&limitBytes=8388608&previous=true&sinceSeconds=300"
    );
    assert!(api.requests().contains(&previous), "{:#?}", api.requests());
    let errors = finding(&report, "quick.recent-errors");
    let summary = errors["summary"].as_str().unwrap();
    assert!(summary.contains(&format!("and of the previous run of {POD_B}")), "{errors}");

    // Restarted long before the window: no previous-run read.
    let api = FakeApiServer::start(&oom_cluster()).await;
    run_json_blocking(doctor_at(&server, &api, &["quick", "--runtime", "kubernetes"])).await;
    assert!(!api.requests().iter().any(|request| request.contains("previous=true")));
}

/// A fleet of `pods` replicas answering on loopback addresses: the real
/// server's `/health` and `/metrics`, recorded once, served for each pod
/// by the `Host` it was asked at; the pod at `outlier` reports ten times
/// the resident memory.
async fn recorded_replicas(pods: usize, outlier: usize) -> (u16, Vec<String>) {
    let (server, _data) = server_with_reads().await;
    let http = crate::support::client();
    let health = http.get(server.url("/health")).send().await.unwrap().text().await.unwrap();
    let metrics = server.metrics_text().await;
    let rss = crate::support::sample_value(&metrics, "process_resident_memory_bytes");
    let outlier_metrics = metrics.replace(
        &format!("process_resident_memory_bytes {rss}"),
        &format!("process_resident_memory_bytes {}", rss * 10.0),
    );
    let addresses: Vec<String> =
        (0..pods).map(|i| format!("127.0.{}.{}", 10 + i / 250, i % 250 + 1)).collect();
    let outlier_host = addresses[outlier].clone();
    let app = axum::Router::new().fallback(move |request: Request| {
        let (health, metrics, outlier_metrics, outlier_host) =
            (health.clone(), metrics.clone(), outlier_metrics.clone(), outlier_host.clone());
        async move {
            let host = request
                .headers()
                .get("host")
                .and_then(|h| h.to_str().ok())
                .unwrap_or_default()
                .split(':')
                .next()
                .unwrap_or_default()
                .to_owned();
            match request.uri().path() {
                "/health" => ([("content-type", "application/json")], health).into_response(),
                "/metrics" if host == outlier_host => outlier_metrics.into_response(),
                "/metrics" => metrics.into_response(),
                _ => StatusCode::NOT_FOUND.into_response(),
            }
        }
    });
    let listener = tokio::net::TcpListener::bind("0.0.0.0:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (port, addresses)
}

/// `pods` recorded pods named and addressed as [`recorded_replicas`] serves
/// them, the pods list of the recorded cluster repeated.
fn recorded_pods(addresses: &[String]) -> String {
    let mut list: Value = serde_json::from_str(&fixture("pods-running.json")).unwrap();
    let template = list["items"][0].clone();
    list["items"] = addresses
        .iter()
        .enumerate()
        .map(|(i, address)| {
            let mut pod = template.clone();
            pod["metadata"]["name"] = format!("llm-config-manager-6f9c7d5b8-{i:05}").into();
            pod["metadata"]["uid"] = format!("00000000-0000-0000-0000-{i:012}").into();
            pod["status"]["podIP"] = address.clone().into();
            pod
        })
        .collect();
    list.to_string()
}

/// Peak RSS in KiB of a running process, from /proc (0 once it is gone).
fn peak_rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|line| line.starts_with("VmHWM:"))?.to_owned();
            line.split_whitespace().nth(1)?.parse().ok()
        })
        .unwrap_or(0)
}

/// `fleet` over recorded Kubernetes fleets of 50 and 500 pods with one
/// outlier, found through the real kube client: wall time beyond the
/// sampling window and the doctor's peak RSS. A measurement of the build
/// users install, run with
/// `cargo build --release --bin llmcfg-doctor && LLMCFG_BENCH_DOCTOR=target/release/llmcfg-doctor
/// scripts/test kubernetes_runtime::fleet_at_scale -- --ignored --nocapture`
/// (without the variable it measures the debug build, whose RSS is mostly
/// its own code).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a benchmark: run it on purpose"]
async fn fleet_at_scale() {
    for pods in [50, 500] {
        let (port, addresses) = recorded_replicas(pods, pods / 3).await;
        let answers = vec![
            (NAMESPACE_PODS.to_owned(), 200, recorded_pods(&addresses)),
            (EVENTS.to_owned(), 200, fixture("events-none.json")),
        ];
        let api = FakeApiServer::start(&answers).await;
        let mut command = doctor_for_benchmark();
        command
            .env("KUBECONFIG", api.kubeconfig())
            .args(["fleet", "--runtime", "kubernetes", "--timeout", "60s", "--format", "json"])
            .args(["--api-url", &format!("http://127.0.0.1:{port}")])
            .args(["--metrics-url", &format!("http://127.0.0.1:{port}/metrics")])
            .stdout(std::process::Stdio::piped());
        let program = command.get_program().to_string_lossy().into_owned();
        let started = std::time::Instant::now();
        let child = command.spawn().unwrap();
        let pid = child.id();
        let watcher = std::thread::spawn(move || {
            let mut peak = 0;
            loop {
                let now = peak_rss_kib(pid);
                if now == 0 {
                    return peak;
                }
                peak = peak.max(now);
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        });
        let output =
            tokio::task::spawn_blocking(move || child.wait_with_output().unwrap()).await.unwrap();
        let took = started.elapsed();
        let peak = watcher.join().unwrap();
        let report = crate::schemas::doctor_output(&output);
        let outliers = finding(&report, "fleet.outliers");
        let named = format!("llm-config-manager-6f9c7d5b8-{:05}: resident memory", pods / 3);
        assert!(outliers["summary"].as_str().unwrap().contains(&named), "{outliers}");
        println!(
            "fleet of {pods} recorded pods: {took:?} in all (sampling window 1 s), peak RSS {} MiB, {} findings ({})",
            peak / 1024,
            report["findings"].as_array().unwrap().len(),
            program
        );
    }
}
